"""Shared test helpers: tiny repositories written to disk, and the CLI run in-process."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seamcheck.analysis import Analysis, analyse
from seamcheck.cli import cli
from seamcheck.config import load_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

RepoFactory = Callable[[Mapping[str, str]], Path]


def write_repo(root: Path, files: Mapping[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _cache_outside_the_source_tree(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLI runs cache by default; keep their caches out of fixtures/ and apart per test."""
    monkeypatch.setenv("SEAMCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def repo(tmp_path: Path) -> RepoFactory:
    """`repo({"path": "content", ...})` writes a repository and returns its root."""
    counter = iter(range(1000))

    def make(files: Mapping[str, str]) -> Path:
        return write_repo(tmp_path / f"repo{next(counter)}", files)

    return make


def analyse_repo(root: Path) -> Analysis:
    return analyse(root, load_config(root))


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def package_json(name: str, **fields: object) -> str:
    return json.dumps({"name": name, **fields}, indent=2)
