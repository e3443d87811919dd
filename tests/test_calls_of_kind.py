"""`Resolution.calls_of_kind`: the resolved calls of one kind, in the order of
`Resolution.calls`, which the seam finders walk instead of every call."""

from __future__ import annotations

from dataclasses import replace

from conftest import RepoFactory
from seamcheck.analysis import RunOptions, _Model
from seamcheck.config import load_config
from seamcheck.project import discover
from seamcheck.resolve.model import Resolution

FILES = {
    "api/requirements.txt": "fastapi\n",
    "api/app/helpers.py": """\
        def shape(text):
            return text.strip()
        """,
    "api/app/main.py": """\
        import json

        from fastapi import FastAPI

        from app.helpers import shape

        app = FastAPI()


        @app.get("/items")
        def items() -> list:
            data = shape(json.dumps({"a": 1}))
            print(data)
            return unknown_thing(shape(data))
        """,
}


def resolve(repo: RepoFactory) -> Resolution:
    root = repo(FILES)
    project = discover(root, load_config(root))
    return _Model(project, {}, None, RunOptions(jobs=1, progress=False)).resolution()


def callees(resolution: Resolution, kind: str) -> list[tuple[str, int, str]]:
    return [(r.path, r.call.span.line, r.call.callee) for r in resolution.calls_of_kind(kind)]


def test_each_kind_holds_its_calls_in_resolution_order(repo: RepoFactory) -> None:
    resolution = resolve(repo)
    assert callees(resolution, "function") == [
        ("api/app/main.py", 12, "shape"),
        ("api/app/main.py", 14, "shape"),
    ]
    assert callees(resolution, "external") == [
        ("api/app/main.py", 7, "FastAPI"),
        ("api/app/main.py", 10, "app.get"),
        ("api/app/main.py", 12, "json.dumps"),
    ]
    assert callees(resolution, "builtin") == [("api/app/main.py", 13, "print")]
    assert callees(resolution, "unresolved") == [
        ("api/app/helpers.py", 2, "text.strip"),  # a parameter's method
        ("api/app/main.py", 14, "unknown_thing"),
    ]
    for kind in ("function", "external", "builtin", "unresolved"):
        assert resolution.calls_of_kind(kind) == [r for r in resolution.calls if r.kind == kind]
    assert resolution.calls_of_kind("no such kind") == []


def test_a_copy_with_other_calls_groups_its_own(repo: RepoFactory) -> None:
    resolution = resolve(repo)
    resolution.calls_of_kind("function")  # grouped, and handed on by `replace`
    libraries = replace(resolution, calls=resolution.calls_of_kind("external"))
    assert callees(libraries, "function") == []
    assert [c for _, _, c in callees(libraries, "external")] == ["FastAPI", "app.get", "json.dumps"]
    # The original still answers from its own calls.
    assert [c for _, _, c in callees(resolution, "function")] == ["shape", "shape"]
