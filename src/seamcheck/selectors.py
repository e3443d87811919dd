"""Service selectors: which services a policy allows, written as data in TOML.

A selector lists runtimes, languages, tags and name globs; a service matches when it matches
any one of them (`allow = { runtime = ["python"], names = ["legacy-ml"] }` means Python
services plus legacy-ml). An empty selector matches nothing.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Protocol

from seamcheck.records import dataclass

SELECTOR_KEYS = ("runtime", "language", "tags", "names")


class Selectable(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def runtime(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Selector:
    runtime: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    def matches(self, service: Selectable) -> bool:
        return (
            service.runtime in self.runtime
            or service.language in self.language
            or any(tag in service.tags for tag in self.tags)
            or any(fnmatchcase(service.name, pattern) for pattern in self.names)
        )

    def describe(self) -> str:
        """In words, for messages: 'python services', 'services tagged edge or named api'."""
        kinds = [*self.runtime, *self.language]
        parts = [f"{' or '.join(kinds)} services"] if kinds else []
        if self.tags:
            parts.append("services tagged " + " or ".join(repr(t) for t in self.tags))
        if self.names:
            parts.append("services named " + " or ".join(repr(n) for n in self.names))
        return " and ".join(parts) if parts else "no services"
