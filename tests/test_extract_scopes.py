"""Which definition encloses a position: `ScopeIndex`, which every extractor asks for the
scope of each call, import and binding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from seamcheck.extract.common import ScopeIndex, ScopeRange
from seamcheck.facts import MODULE_SCOPE


def test_each_position_is_in_its_innermost_definition() -> None:
    index = ScopeIndex(
        [
            ScopeRange(10, 20, "B"),  # given in no particular order
            ScopeRange(0, 50, "A"),
            ScopeRange(12, 15, "B.c"),
            ScopeRange(30, 40, "A.d"),
        ]
    )
    positions = [0, 9, 10, 12, 14, 15, 19, 20, 35, 49, 50, 99]
    assert index.enclosing(positions) == [
        "A", "A", "B", "B.c", "B.c", "B", "B", "A", "A.d", "A", MODULE_SCOPE, MODULE_SCOPE,
    ]  # fmt: skip
    assert ScopeIndex([]).enclosing([0, 5]) == [MODULE_SCOPE, MODULE_SCOPE]


def _nested(draw: st.DrawFn, start: int, end: int, depth: int) -> list[ScopeRange]:
    """Ranges as a syntax tree's definitions are: nested or apart, some equal."""
    ranges: list[ScopeRange] = []
    cursor = start
    while depth < 4 and cursor < end and draw(st.booleans()):
        first = draw(st.integers(cursor, end))
        last = draw(st.integers(first, end))
        ranges.append(ScopeRange(first, last, f"s{first}-{last}-{len(ranges)}"))
        if draw(st.booleans()):
            ranges.append(ScopeRange(first, last, f"same{first}-{last}"))
        ranges += _nested(draw, first, last, depth + 1)
        cursor = last
    return ranges


@st.composite
def _scopes(draw: st.DrawFn) -> list[ScopeRange]:
    return draw(st.permutations(_nested(draw, 0, 200, 0)))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_scopes(), st.lists(st.integers(0, 210), max_size=30))
def test_enclosing_is_the_innermost_range_holding_the_position(
    scopes: list[ScopeRange], positions: list[int]
) -> None:
    order = {id(s): i for i, s in enumerate(sorted(scopes, key=lambda s: (s.start, -s.end)))}

    def innermost(pos: int) -> str:
        # Of equal ranges, the one given last (the inner one where two nodes coincide).
        holding = [s for s in scopes if s.start <= pos < s.end]
        return max(holding, key=lambda s: order[id(s)]).qualname if holding else MODULE_SCOPE

    assert ScopeIndex(scopes).enclosing(positions) == [innermost(p) for p in positions]
