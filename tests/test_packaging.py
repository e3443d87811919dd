"""The wheel ships every package: an editable install hides a missing entry until a user's
`pip install` or pre-commit hook fails with an ImportError."""

from __future__ import annotations

from pathlib import Path

from seamcheck.config import tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_source_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    src = ROOT / "src"
    found = {".".join(init.parent.relative_to(src).parts) for init in src.rglob("__init__.py")}
    assert found - listed == set()
