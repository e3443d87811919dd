"""The seam fixtures: every expected seam linked exactly, nothing else (precision and recall
1.0 on these; `bench/seams/linking.py` prints the figures)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "seams" / "linking.py"
_spec = importlib.util.spec_from_file_location("seam_linking", _BENCH)
assert _spec is not None and _spec.loader is not None
linking = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(linking)


@pytest.mark.parametrize("fixture", linking.fixtures(), ids=lambda p: p.name)
def test_fixture_links_exactly_its_expected_seams(fixture: Path) -> None:
    assert linking.predicted(fixture) == linking.expected(fixture)
