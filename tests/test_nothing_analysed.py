"""A package checked as npm or PyPI ships it (`npm pack @directus/api`: its code in `dist/`)
holds no source outside the folders the walk skips by default, and the run said only "No
findings in 0 files across 0 services", as if the tree were empty. Now a note on stderr says
where the sources are and how to have them checked."""

from __future__ import annotations

from pathlib import Path

import pytest

import seamcheck.project
from conftest import RepoFactory, package_json, run_cli

PACKED = {
    "package.json": package_json("api", main="dist/app.js", dependencies={"express": "4"}),
    "dist/app.js": "const express = require('express');\nmodule.exports = express();\n",
    "dist/routes/items.js": "module.exports = (app) => app.get('/items', (q, r) => r.json([]));\n",
    "dist/app.d.ts": "declare const app: unknown;\nexport default app;\n",
    "build/gen.py": "print('made')\n",
    "node_modules/express/index.js": "module.exports = function () {};\n",
    "README.md": "# api\n",
}


def test_a_tree_whose_sources_are_all_in_skipped_folders_says_so(repo: RepoFactory) -> None:
    root = repo(PACKED)
    run = run_cli("check", str(root), "--no-cache")
    assert run.exit_code == 0
    assert run.stdout == "No findings in 0 files across 0 services.\n"
    assert run.stderr == (
        "seamcheck: note: no source file to analyse outside the folders skipped by default "
        "(build output, vendored and generated code): build holds 1 source file, dist 3; "
        '`exclude = ["!dist/"]` in seamcheck.toml (or [tool.seamcheck]) has it checked\n'
    )


def test_a_configured_negation_has_them_checked_and_the_note_goes(repo: RepoFactory) -> None:
    root = repo({**PACKED, "seamcheck.toml": 'exclude = ["!dist/"]\n'})
    run = run_cli("check", str(root), "--no-cache")
    assert run.stdout == "No findings in 3 files across 1 service.\n"
    assert run.stderr == ""


def test_a_tree_with_sources_of_its_own_gets_no_note(repo: RepoFactory) -> None:
    root = repo({**PACKED, "src/index.js": "module.exports = 1;\n"})
    run = run_cli("check", str(root), "--no-cache")
    assert "0 files" not in run.stdout
    assert run.stderr == ""


def test_a_symlinked_build_folder_is_not_entered(repo: RepoFactory, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "lib").mkdir(parents=True)
    (outside / "lib" / "secret.js").write_text("module.exports = 1;\n")
    root = repo({"package.json": package_json("api"), "README.md": "# api\n"})
    (root / "dist").symlink_to(outside, target_is_directory=True)
    run = run_cli("check", str(root), "--no-cache")
    assert run.stdout == "No findings in 0 files across 0 services.\n"
    assert run.stderr == ""


def test_a_count_cut_short_is_said_to_be_a_lower_bound(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The walk stops after `_MAX_ENTRIES_COUNTED` entries (100,000: a dist/ of 150,000
    # files in 1,500 folders was said to hold 98500); a small budget stands in for it.
    monkeypatch.setattr(seamcheck.project, "_MAX_ENTRIES_COUNTED", 6)
    files = {f"dist/{d}/{f}.js": "module.exports = 1;\n" for d in "abc" for f in "xyz"}
    root = repo({"package.json": package_json("api"), "build/gen.py": "print(1)\n", **files})
    run = run_cli("check", str(root), "--no-cache")
    assert run.stderr == (
        "seamcheck: note: no source file to analyse outside the folders skipped by default "
        "(build output, vendored and generated code): build holds 1 source file, "
        'dist at least 3; `exclude = ["!dist/"]` in seamcheck.toml (or [tool.seamcheck]) '
        "has it checked\n"
    )
