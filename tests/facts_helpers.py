"""Helpers the extraction tests share: extract a snippet, pick the records a test is about."""

from __future__ import annotations

import textwrap

from seamcheck.extract import extract, language_for
from seamcheck.facts import Call, Definition, FileFacts, Import, ImportedName

# Capture order from the query engine varies between runs; this many runs exposes it reliably.
REPEATS = 50


def facts_of(path: str, source: str) -> FileFacts:
    """Facts of `source` (dedented) as the file `path`, in the language its suffix names."""
    language = language_for(path)
    assert language is not None
    return extract(path, textwrap.dedent(source).encode("utf-8"), language)


def imports_by_module(facts: FileFacts) -> dict[str, list[Import]]:
    grouped: dict[str, list[Import]] = {}
    for imp in facts.imports:
        grouped.setdefault(imp.module, []).append(imp)
    return grouped


def definitions_by_qualname(facts: FileFacts) -> dict[str, Definition]:
    return {d.qualname: d for d in facts.definitions}


def qualnames(facts: FileFacts) -> list[str]:
    return [d.qualname for d in facts.definitions]


def calls_to(facts: FileFacts, callee: str) -> list[Call]:
    return [c for c in facts.calls if c.callee == callee]


def only_call_to(facts: FileFacts, callee: str) -> Call:
    (call,) = calls_to(facts, callee)
    return call


def callees(facts: FileFacts) -> list[str]:
    return [c.callee for c in facts.calls]


def names(*pairs: tuple[str, str]) -> tuple[ImportedName, ...]:
    return tuple(ImportedName(name, alias) for name, alias in pairs)


def same_name(*bound: str) -> tuple[ImportedName, ...]:
    return tuple(ImportedName(name, name) for name in bound)
