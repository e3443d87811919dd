"""Findings carried across edits that only move lines: the rules do not run, and what comes
out is what a run without a cache gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import seamcheck.analysis
from conftest import FIXTURES, RepoFactory
from seamcheck.analysis import Analysis, RunOptions, analyse
from seamcheck.cache import RunRecord
from seamcheck.carry import carry, line_map
from seamcheck.config import load_config
from seamcheck.extraction import extract
from seamcheck.findings import Finding, Related

PREDICT = "services/ml-service/src/ml_service/routers/predict.py"
REGISTRY = "services/ml-service/src/ml_service/registry.py"


def run(root: Path, cache: Path | None) -> Analysis:
    return analyse(root, load_config(root), RunOptions(cache_dir=cache, jobs=1, progress=False))


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", root)
    return root


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules ran."""
    runs: list[int] = []
    real = seamcheck.analysis._check

    def spy(*args: Any) -> list[Finding]:
        runs.append(1)
        return real(*args)

    monkeypatch.setattr(seamcheck.analysis, "_check", spy)
    return runs


def prepend(path: Path, line: str) -> None:
    path.write_text(line + "\n" + path.read_text())


def where(analysis: Analysis, code: str) -> list[tuple[str, int, list[tuple[str, int]]]]:
    return [
        (f.path, f.line, [(r.path, r.line) for r in f.related])
        for f in analysis.findings
        if f.code == code
    ]


def test_a_line_added_at_the_top_moves_the_findings_without_running_the_rules(
    demo: Path, tmp_path: Path, checked: list[int]
) -> None:
    cache = tmp_path / "cache"
    before = run(demo, cache)
    assert checked == [1]
    prepend(demo / REGISTRY, "# Loads models from the artifact store.")
    moved = run(demo, cache)
    assert checked == [1] and moved.reused  # carried, not checked again
    assert moved.findings == run(demo, None).findings
    # The chains of SC202 run from predict.py (not edited) into registry.py (edited, every
    # line one down), and their texts cite lines of registry.py.
    chain = next(f for f in before.findings if "time.sleep (registry.py:" in f.message)
    assert "time.sleep (registry.py:25)" in chain.message
    assert [(r.path, r.line, r.message) for r in chain.related][1:] == [
        (REGISTRY, 19, "`wait_for_artifact` (sync) makes the blocking call at line 25"),
        (REGISTRY, 25, "`nap()` (time.sleep) blocks: time.sleep"),
    ]
    chain = next(f for f in moved.findings if "time.sleep (registry.py:" in f.message)
    assert (chain.path, chain.line, chain.related[0].line) == (PREDICT, 33, 32)
    assert "time.sleep (registry.py:26)" in chain.message
    assert [(r.path, r.line, r.message) for r in chain.related][1:] == [
        (REGISTRY, 20, "`wait_for_artifact` (sync) makes the blocking call at line 26"),
        (REGISTRY, 26, "`nap()` (time.sleep) blocks: time.sleep"),
    ]


def test_every_source_of_the_demo_edited_gives_what_a_run_without_cache_gives(
    demo: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    run(demo, cache)
    sources = [f.path for f in run(demo, None).project.files]
    carried = 0
    for index, path in enumerate(sources):
        comment = "#" if path.endswith(".py") else "//"
        lines = (demo / path).read_text().split("\n")
        lines.insert(0, f"{comment} edit {index}")  # every line moves
        lines.insert(len(lines) // 2, "")  # and half of them once more
        (demo / path).write_text("\n".join(lines))
        warm = run(demo, cache)
        carried += warm.reused  # every edit changed facts: reused is carried
        assert warm.findings == run(demo, None).findings, path
        assert warm.suppressions == run(demo, None).suppressions, path
    assert carried >= len(sources) * 2 // 3, (carried, len(sources))


def test_an_edit_that_parts_a_seam_hint_from_its_call_runs_the_rules(
    repo: RepoFactory, tmp_path: Path, checked: list[int]
) -> None:
    """A hint names the call on its own line or the next: a line added between them changes
    what links, so the findings of before cannot be carried."""
    root, cache = repo(HINTED), tmp_path / "cache"
    assert [f.code for f in run(root, cache).findings] == []
    call = root / "services/gateway/src/score.ts"
    call.write_text(call.read_text().replace("model\n", "model\n\n"))
    again = run(root, cache)
    assert checked == [1, 1] and not again.reused
    assert [f.code for f in again.findings] == ["SC107"]
    assert again.findings == run(root, None).findings


HINTED = {
    "docker-compose.yml": """
        services:
          gateway:
            build: ./services/gateway
          model:
            build: ./services/model
    """,
    "services/gateway/package.json": '{"name": "gateway", "dependencies": {"axios": "1"}}',
    "services/gateway/src/score.ts": """
        import axios from "axios";

        export async function score(body: unknown) {
          // seamcheck: calls model
          return axios.post(`${process.env.MODEL_URL}/score`, body);
        }
    """,
    "services/model/requirements.txt": "fastapi\n",
    "services/model/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/score")
        async def score(payload: dict) -> dict:
            return payload
    """,
}


def test_a_file_edited_twice_within_the_racy_window_is_carried_and_read_again(
    demo: Path, tmp_path: Path, checked: list[int]
) -> None:
    cache = tmp_path / "cache"
    run(demo, cache)
    registry = demo / REGISTRY
    prepend(registry, "# one")
    assert run(demo, cache).reused
    # Written a moment ago, the file's stat is not trusted, but what the run saw of it is
    # known: a second edit is carried from the first.
    prepend(registry, "# two")
    second = run(demo, cache)
    assert second.reused and checked == [1]
    assert second.findings == run(demo, None).findings
    # Same size and mtime, other content: read again, not believed from the stat.
    info = registry.stat()
    registry.write_text(
        registry.read_text().replace("def wait_for_artifact", "def wait_for_artifacT")
    )
    os.utime(registry, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert registry.stat().st_size == info.st_size
    third = run(demo, cache)
    assert not third.reused and third.findings == run(demo, None).findings
    assert not any(f.code == "SC202" and f.path == PREDICT for f in third.findings)


def facts(text: str, language: str = "python") -> object:
    path = "app.py" if language == "python" else "app.ts"
    return extract(path, text.encode(), language)


def test_line_map_pairs_facts_that_differ_only_in_their_lines() -> None:
    before = "import os\n\n\ndef f():\n    os.remove('x')\n"
    after = "# new\nimport os\n\n\n\ndef f():\n    os.remove('x')\n"
    assert line_map(facts(before), facts(after)) == {1: 2, 4: 6, 5: 7}
    # Anonymous functions are named by their position: those names move too.
    js_before = "app.get('/a', (req, res) => res.send(fs.readFileSync('x')));\n"
    js_after = "// routes\n" + js_before
    assert line_map(facts(js_before, "typescript"), facts(js_after, "typescript")) == {1: 2}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a call added: more than lines changed
        ("def f():\n    g()\n", "def f():\n    g()\n    h()\n"),
        # text inserted before a call on its line: its column moves
        ("def f():\n    g()\n", "def f():\n    x = 1; g()\n"),
        # a binding and a call swap lines: each list keeps its shape, their order flips
        ("url = 'http://a/x'\nrequests.get(url)\n", "requests.get(url)\nurl = 'http://a/x'\n"),
        # two facts on one line pulled apart
        ("import a; import b\n", "import a\nimport b\n"),
        # lines next to each other pulled apart (a seam hint and its call)
        (
            "# seamcheck: calls model\nrequests.get(u)\n",
            "# seamcheck: calls model\n\nrequests.get(u)\n",
        ),
    ],
)
def test_line_map_refuses_edits_that_do_more_than_move_lines(before: str, after: str) -> None:
    assert line_map(facts(before), facts(after)) is None


def finding(path: str, line: int, message: str, *related: Related) -> Finding:
    return Finding("SC202", "error", message, path, line, 1, line, 9, "svc", "f1", related)


def test_carry_moves_the_lines_a_finding_cites_of_moved_files_only() -> None:
    moves = {"a/app.py": {3: 5, 7: 9}}
    record = RunRecord(
        [
            finding(
                "b/main.py",
                4,
                "calls helper (app.py:7) via http://model:7/x; see b/main.py:3",
                Related("a/app.py", 3, 1, "`helper` (sync) calls `open()` at line 7"),
                Related("b/main.py", 3, 1, "starts here, at line 3"),
            ),
            finding("a/app.py", 7, "in a/app.py:3"),
        ],
        {},
    )
    moved = carry(record, moves, {})
    assert moved is not None
    second, first = moved.findings  # sorted by path
    assert first.message == "calls helper (app.py:9) via http://model:7/x; see b/main.py:3"
    assert [(r.line, r.message) for r in first.related] == [
        (5, "`helper` (sync) calls `open()` at line 9"),
        (3, "starts here, at line 3"),
    ]
    assert (second.path, second.line, second.end_line, second.message) == (
        "a/app.py",
        9,
        9,
        "in a/app.py:5",
    )


@pytest.mark.parametrize(
    "record",
    [
        # a line no fact stood on
        RunRecord([finding("a/app.py", 4, "here")], {}),
        # a cited name two files of the finding share
        RunRecord(
            [finding("a/app.py", 3, "see app.py:7", Related("c/app.py", 2, 1, "also here"))], {}
        ),
        # an anonymous function on a moved line: which file holds it is not said
        RunRecord([finding("b/main.py", 1, "async function `<anonymous@7:3>` blocks")], {}),
        # line 1 of a TS file that moved: a fact's line, or a stage's "no better place"?
        RunRecord([finding("a/page.ts", 1, "serves GET /")], {}),
    ],
)
def test_carry_gives_up_on_a_line_it_cannot_place(record: RunRecord) -> None:
    moves = {"a/app.py": {3: 5, 7: 9}, "a/page.ts": {1: 2}}
    assert carry(record, moves, {}) is None
