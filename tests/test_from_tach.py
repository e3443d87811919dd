"""`seamcheck init --from-tach`: a team's tach module boundaries brought along, with tach's
verdict per import (bench/differential/contracts_vs_tach.py measures them on real projects).
The expected findings below are the imports `tach check` 0.35 reports on the same tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RepoFactory, run_cli

# An app in three layers; `app` itself is a module too, holding the files no other module
# declares (app/__init__.py, app/helpers.py), as tach's nearest-module rule has it.
APP = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
    "app/__init__.py": "",
    "app/helpers.py": "from app.a.views import render\n",  # module app may import nothing
    "app/a/__init__.py": "",
    "app/a/views.py": (
        "from app.b.service import run\n"  # top -> mid: a lower layer, allowed
        "from app.c.store import load\n"  # top -> low across the closed mid layer
        "from app.helpers import tidy\n"  # app.a declares no depends_on: anything else
    ),
    "app/b/__init__.py": "",
    "app/b/service.py": (
        "from app.c.store import load\n"  # mid -> low: the layer allows what cannot_depend_on
        # forbids, and tach's layer check comes first
        "from app import helpers\n"  # declared
    ),
    "app/c/__init__.py": "",
    "app/c/store.py": "from app.a.views import render\n",  # low -> top
    "app/c/cache/__init__.py": "from app.c.store import load\n",  # app.c.cache: a module of its own
    "tests/test_app.py": "from app.c.cache import load\n",  # outside every module: unchecked
    "tach.toml": """\
exclude = ["build/"]
forbid_circular_dependencies = true
layers = ["top", { name = "mid", closed = true }, "low"]

[[modules]]
path = "app"
depends_on = []

[[modules]]
path = "app.a"
layer = "top"

[[modules]]
path = "app.b"
layer = "mid"
depends_on = [{ path = "app" }]
cannot_depend_on = ["app.c"]

[[modules]]
path = "app.c"
layer = "low"
depends_on = []

[[modules]]
path = "app.c.cache"
depends_on = ["app.c"]
visibility = ["app.b"]

[[interfaces]]
expose = ["load"]
from = ["app.c"]
""",
}


def _brief(root: Path) -> list[str]:
    result = run_cli("check", str(root), "--select", "SC3", "--format", "json", "--no-cache")
    assert result.exit_code in (0, 1), result.output
    return [
        f"{f['path']}:{f['line']} {f['message']}" for f in json.loads(result.output)["findings"]
    ]


def test_init_translates_tach_modules_and_checks_them_as_tach(repo: RepoFactory) -> None:
    root = repo(APP)
    result = run_cli("init", str(root), "--from-tach")
    assert result.exit_code == 0, result.output
    assert "5 contracts from tach.toml" in result.output
    # what is not translated is said, with why
    assert "forbid_circular_dependencies: not translated" in result.output
    assert "interfaces: not translated" in result.output
    assert "module 'app.c.cache': visibility: not translated" in result.output
    text = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert 'exclude = ["/build/"]' in text
    assert 'source = ["app", "!app.a", "!app.b", "!app.c"]' in text

    assert _brief(root) == [
        "app/a/views.py:2 forbidden contract 'tach module app.a': app.a.views imports "
        "forbidden 'app.c.store'",
        "app/c/store.py:1 forbidden contract 'tach module app.c': app.c.store imports "
        "forbidden 'app.a.views'",
        "app/helpers.py:1 forbidden contract 'tach module app': app.helpers imports "
        "forbidden 'app.a.views'",
    ]


def test_init_from_tach_never_overwrites_and_says_what_is_wrong(repo: RepoFactory) -> None:
    root = repo({**APP, "seamcheck.toml": "extends = []\n"})
    again = run_cli("init", str(root), "--from-tach")
    assert again.exit_code == 2
    assert "use --force to overwrite" in again.output
    bare = repo({"app/__init__.py": ""})
    missing = run_cli("init", str(bare), "--from-tach")
    assert missing.exit_code == 2
    assert "no tach configuration in" in missing.output
    assert "(looked for tach.toml)" in missing.output
    broken = repo({"app/__init__.py": "", "tach.toml": "[[modules]\npath = 1\n"})
    bad = run_cli("init", str(broken), "--from-tach")
    assert bad.exit_code == 2
    assert "tach.toml: invalid TOML" in bad.output
    empty = repo({"app/__init__.py": "", "tach.toml": "exclude = []\n"})
    nothing = run_cli("init", str(empty), "--from-tach", str(empty / "tach.toml"))
    assert nothing.exit_code == 2
    assert "no [[modules]]" in nothing.output
    assert not (empty / "seamcheck.toml").exists()


def test_each_translated_expression_is_matched_once(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translated tach.toml of 40 layered packages, each with a nested module of its own
    (so every contract narrows with `!`): each module's expression appears in most other
    modules' contracts. Matching is per expression, not per list: before, every contract's
    lists were matched whole, module by module (contracts x entries x modules: 9.7 s on
    Django with 104 tach modules, now 2.1 s, the same 1609 findings)."""
    from seamcheck import modexpr
    from seamcheck.rules import importgraph

    count = 40
    files = {"pyproject.toml": '[project]\nname = "app"\nversion = "1"\n', "app/__init__.py": ""}
    tach = ['layers = ["top", "mid", "low"]']
    for i in range(count):
        files[f"app/m{i}/__init__.py"] = f"from app.m{(i + 1) % count} import core\n"
        files[f"app/m{i}/core.py"] = ""
        files[f"app/m{i}/inner/__init__.py"] = ""
        for path, layer in ((f"app.m{i}", ["top", "mid", "low"][i % 3]), (f"app.m{i}.inner", "")):
            tach += ["[[modules]]", f'path = "{path}"', "depends_on = []"]
            tach += [f'layer = "{layer}"'] if layer else []
    files["tach.toml"] = "\n".join(tach) + "\n"
    root = repo(files)
    assert run_cli("init", str(root), "--from-tach").exit_code == 0
    contracts = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert '"!app.m1.inner"' in contracts

    calls = 0
    real = modexpr.matches

    def counted(expr: str, keys: modexpr.ModuleKeys) -> bool:
        nonlocal calls
        calls += 1
        return real(expr, keys)

    monkeypatch.setattr(importgraph, "matches", counted)
    found = _brief(root)
    # Each package imports the next one's core: a `low` package one in `top` (13), and
    # app.m39 app.m0 in its own layer without declaring it.
    assert len(found) == 14
    modules = 1 + count * 4
    expressions = 2 * count
    assert calls <= modules * expressions


def test_regular_expressions_in_exclude_are_not_translated_as_globs(repo: RepoFactory) -> None:
    """With `use_regex_matching = true` tach reads `exclude` as regular expressions. Before,
    `.*/generated/.*` was written as the gitignore pattern `/.*/generated/.*`, which names no
    path: the starter said it excluded what tach excludes, and seamcheck went on checking the
    generated code tach skips. Now the exclusion is left to the reader, saying why."""
    tach = APP["tach.toml"].replace(
        'exclude = ["build/"]', 'exclude = [".*/generated/.*"]\nuse_regex_matching = true'
    )
    root = repo(
        {
            **APP,
            "tach.toml": tach,
            "app/c/generated/__init__.py": "",
            "app/c/generated/client.py": "from app.a.views import render\n",
        }
    )
    result = run_cli("init", str(root), "--from-tach")
    assert result.exit_code == 0, result.output
    assert "exclude: not translated; with use_regex_matching" in result.output
    text = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert "exclude = " not in text
    assert "/.*/generated/.*" not in text


def test_a_glob_module_matching_nothing_yet_is_no_error(repo: RepoFactory) -> None:
    """A glob module (`app.plugins.*`) before any plugin is written: tach checks the rest.
    Before, every contract took it back (`!app.plugins.*`) and each such negation naming no
    module was an error ('the contract checks nothing there', untrue): two errors on a
    valid config; now it is taken back only inside `app`, and a negation naming nothing
    is a warning that says it takes nothing back."""
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
            "app/__init__.py": "",
            "app/b/__init__.py": "",
            "tach.toml": """\
[[modules]]
path = "app"
depends_on = []

[[modules]]
path = "app.b"
depends_on = []

[[modules]]
path = "app.plugins.*"
depends_on = []
""",
        }
    )
    assert run_cli("init", str(root), "--from-tach").exit_code == 0
    text = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert 'source = ["app.b"]\n' in text
    result = run_cli("check", str(root), "--select", "SC3", "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert [(f["severity"], f["message"]) for f in json.loads(result.output)["findings"]] == [
        (
            "warning",
            "forbidden contract 'tach module app': source[2] '!app.plugins.*' matches no "
            "module, so it takes nothing back; fix or remove it",
        )
    ]
