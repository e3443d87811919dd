"""Library catalogs: named categories of packages (`ml`, `http-server`, ...), shipped as data in
`seamcheck.policies/catalogs/*.toml` and extended by configuration."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from seamcheck.records import dataclass

ECOSYSTEMS = ("python", "npm")


@dataclass(frozen=True, slots=True)
class Catalog:
    name: str
    description: str
    python: frozenset[str]
    npm: frozenset[str]

    def __repr__(self) -> str:
        # Sorted, so the run key (which includes the config's repr) is the same in every
        # process: a frozenset's order follows string hashing, which changes per process.
        return (
            f"Catalog({self.name!r}, {self.description!r}, python={sorted(self.python)!r}, "
            f"npm={sorted(self.npm)!r})"
        )

    def extended(self, python: Iterable[str], npm: Iterable[str]) -> Catalog:
        return Catalog(self.name, self.description, self.python | set(python), self.npm | set(npm))


@cache
def policies_folder() -> Path:
    """The folder of the shipped packs and catalogs: the package `seamcheck.policies`, which
    an editable install maps to the repository's `policies/`. Located, not imported, and
    not through importlib.resources, which loads tempfile and zipfile: every run reads it."""
    spec = find_spec("seamcheck.policies")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("seamcheck.policies is missing: reinstall seamcheck")
    return Path(next(iter(spec.submodule_search_locations)))


def shipped_catalogs() -> dict[str, Catalog]:
    from seamcheck.config import tomllib

    found: dict[str, Catalog] = {}
    folder = policies_folder() / "catalogs"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data: Mapping[str, Any] = tomllib.loads(entry.read_text(encoding="utf-8"))
        name = entry.name.removesuffix(".toml")
        found[name] = Catalog(
            name,
            str(data.get("description", name)),
            frozenset(data.get("python", ())),
            frozenset(data.get("npm", ())),
        )
    return found


def python_categories(
    catalogs: Mapping[str, Catalog], imported: Iterable[str], distribution: str
) -> list[tuple[str, str]]:
    """Every (category, catalogued name) a Python import belongs to, matched by the longest
    dotted prefix of an imported name (`from aiohttp import web` is `aiohttp.web`), else by
    distribution name (`scikit-learn`)."""
    dotted = [name.split(".") for name in imported]
    every = {".".join(parts[:n]) for parts in dotted for n in range(1, len(parts) + 1)}
    prefixes = sorted(every, key=lambda p: (-p.count("."), p))
    found = []
    for category in sorted(catalogs):
        names = catalogs[category].python
        match = next((p for p in prefixes if p in names), None)
        if match is None and distribution in names:
            match = distribution
        if match is not None:
            found.append((category, match))
    return found


def npm_categories(catalogs: Mapping[str, Catalog], package: str) -> list[tuple[str, str]]:
    return [(c, package) for c in sorted(catalogs) if package in catalogs[c].npm]


def import_categories(
    catalogs: Mapping[str, Catalog],
    ecosystem: str,
    package: str,
    specifier: str,
    names: Iterable[str],
) -> list[tuple[str, str]]:
    """The categories of one import of an external package (`ecosystem` as in the graph's
    `ext:` ids: python or js); Python names count with the module they come from
    (`from aiohttp import web` is `aiohttp.web`)."""
    if ecosystem == "python":
        imported = [specifier, *(f"{specifier}.{n}" for n in names)]
        return python_categories(catalogs, imported, package)
    return npm_categories(catalogs, package)


def dependency_categories(
    catalogs: Mapping[str, Catalog], runtime: str, dependency: str
) -> list[tuple[str, str]]:
    """The categories of a dependency declared in a manifest (a distribution or npm name)."""
    if runtime == "python":
        return python_categories(catalogs, [dependency], dependency)
    return npm_categories(catalogs, dependency)
