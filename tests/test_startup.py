"""Lean start-up: commands that answer without analysing load no parser, graph or codemod
library, and neither does a run whose findings are replayed from the cache.

The mechanism: heavy modules are imported inside the functions that use them (see cli.py and
analysis.py), and modules that only need a heavy type import it under TYPE_CHECKING. Each case
runs in a fresh interpreter and reads `sys.modules` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RepoFactory, package_json

HEAVY = ("tree_sitter", "networkx", "libcst")

_PROBE = """
import json, sys
args, heavy_names = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
sys.argv = ["seamcheck", *args]
from seamcheck.cli import main
try:
    main()
except SystemExit:
    pass
loaded = set(sys.modules) | {m.split(".")[0] for m in sys.modules}
heavy = sorted(loaded & heavy_names)
sys.stderr.write("HEAVY=" + json.dumps(heavy) + "\\n")
"""


def loaded_heavy_modules(*args: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of `watched` (packages or modules) running seamcheck with `args` loads."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args)), json.dumps(watched)],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("HEAVY="))
    heavy: list[str] = json.loads(line.removeprefix("HEAVY="))
    return heavy


# Commands that list or explain without analysing.
LEAN_COMMANDS = [["--version"], ["--help"], ["check", "--help"], ["graph", "--help"], ["rules"]]


@pytest.mark.parametrize("args", LEAN_COMMANDS, ids=" ".join)
def test_commands_that_do_not_analyse_stay_lean(args: list[str]) -> None:
    assert loaded_heavy_modules(*args) == []


def test_listing_the_rules_loads_no_heavy_module() -> None:
    # What `seamcheck rules`, `explain` and a replayed run rely on: every rule module imports
    # lightly, leaving what a rule needs to run (the blocking analysis, the seam records,
    # the resolver's records) to the rule's check function.
    deferred = ("seamcheck.rules.blocking.analysis", "seamcheck.seams", "seamcheck.resolve")
    probe = (
        "import sys\nfrom seamcheck.rules import all_rules\nall_rules()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
        f"print(sorted(set(sys.modules) & {set(deferred)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.splitlines() == ["[]", "[]"], out.stderr


def test_a_replayed_run_loads_no_parser_and_builds_no_graph(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(
        {
            "api/package.json": package_json("api", dependencies={"express": "^4"}),
            "api/src/index.js": "const express = require('express');\nexpress().listen(3000);\n",
            "model/requirements.txt": "fastapi\n",
            "model/main.py": "def broken(:\n    pass\n",
        }
    )
    cache = str(tmp_path / "cache")
    args = ("check", str(root), "--cache-dir", cache)
    assert loaded_heavy_modules(*args) == ["networkx", "tree_sitter"]  # cold: all of it
    assert loaded_heavy_modules(*args) == []  # warm, nothing changed: replayed
    (root / "model/main.py").write_text("def fixed():\n    pass\n")
    assert loaded_heavy_modules(*args) == ["networkx", "tree_sitter"]


# What a replayed run has no use for, each a few milliseconds of every pre-commit run: the
# facts records (findings are decoded alone), git's subprocess plumbing (no --changed-since),
# importlib.resources (the packs are found by path), traceback (only for SEAMCHECK_DEBUG).
NOT_FOR_A_REPLAY = ("seamcheck.facts", "subprocess", "importlib.resources", "traceback")


def test_a_replayed_run_loads_only_what_replaying_needs(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(
        {
            "api/package.json": package_json("api", dependencies={"express": "^4"}),
            "api/src/index.js": "const fs = require('fs');\nasync function f() { fs.readFileSync('x'); }\n",
        }
    )
    args = ("check", str(root), "--cache-dir", str(tmp_path / "cache"))
    cold = loaded_heavy_modules(*args, watched=NOT_FOR_A_REPLAY)
    assert "seamcheck.facts" in cold  # the probe sees them when they are used
    # The probe enters through the CLI, so click is loaded; on Python 3.10 click alone loads
    # `subprocess` (through `uuid` and `platform`), which is no fault of the replay.
    watched = tuple(m for m in NOT_FOR_A_REPLAY if m not in loaded_by_click())
    assert loaded_heavy_modules(*args, watched=watched) == []


def loaded_by_click() -> set[str]:
    probe = "import sys, json, click; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return set(json.loads(out.stdout))
