"""A Python relative import as the absolute module it names: shared by the resolver and the
rules that qualify names the resolver's records do not keep (decorators, in `offload.py`)."""

from __future__ import annotations


def absolute_module(importer: str, own: str | None, specifier: str) -> str | None:
    """`..jobs` written in `app/api/routes.py` (own name `app.api.routes`) is `app.jobs`; an
    absolute specifier is itself; None when the file has no module name or the import climbs
    beyond its top-level package (Python raises ImportError there)."""
    level = len(specifier) - len(specifier.lstrip("."))
    if level == 0:
        return specifier
    if own is None:
        return None
    parts = own.split(".")
    if not importer.endswith(("/__init__.py", "/__init__.pyi")) and importer not in (
        "__init__.py",
        "__init__.pyi",
    ):
        parts = parts[:-1]  # a module's package is its parent
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    rest = specifier[level:]
    return ".".join([*base, rest] if rest else base)
