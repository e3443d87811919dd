"""What the JS extractor reads of a page's `<base href>` and of a trailing slash taken off by a
choice (Apache Airflow's UI: `OpenAPI.BASE = baseHref.endsWith("/") ? baseHref.slice(0, -1) :
baseHref`): both were opaque, so every call on that base was unsure."""

from __future__ import annotations

from facts_helpers import facts_of
from seamcheck.facts import Piece


def pieces_of(source: str) -> dict[str, tuple[Piece, ...]]:
    facts = facts_of("ui/src/base.ts", source)
    return {b.target: b.pieces for b in facts.bindings if b.kind == "expr"}


def test_the_base_elements_href_is_the_pages_base() -> None:
    found = pieces_of(
        'const a = document.querySelector("head > base")?.getAttribute("href") ?? "";\n'
        'const b = document.querySelector("base").href;\n'
        'const c = document.querySelector("link").getAttribute("href");\n'
        'const d = document.querySelector("base").getAttribute("target");\n'
    )
    assert found == {
        "a": (Piece("name", "document.baseURI", ""),),
        "b": (Piece("name", "document.baseURI"),),
    }


def test_a_choice_that_takes_a_trailing_slash_off_strips_it() -> None:
    found = pieces_of(
        'const a = base.endsWith("/") ? base.slice(0, -1) : base;\n'
        'const b = base.endsWith("/") ? other.slice(0, -1) : base;\n'
        'const c = base.endsWith("/") ? base.slice(1) : base;\n'
    )
    assert found == {"a": (Piece("name", "base"), Piece("strip", "1"))}
