"""What full-stack apps' config files (`next.config.*`, `nuxt.config.*`, `svelte.config.*`) are
read for in the same way: which of an app's config files the analysis holds, and the strings a
setting is written with."""

from __future__ import annotations

from collections.abc import Iterable

from seamcheck.facts import MODULE_SCOPE, Arg
from seamcheck.project import Service
from seamcheck.seams.values import Values


def app_config(service: Service, values: Values, names: Iterable[str]) -> str | None:
    """The first of `names` in the app's folder that is an analysed file; None."""
    for name in names:
        path = name if service.root == "." else f"{service.root}/{name}"
        if path in values.symbols:
            return path
    return None


def written_strings(values: Values, path: str, items: Iterable[Arg]) -> set[str] | None:
    """The strings the entries `items` of the config file `path` give; None when one of
    them is not known before run time."""
    found = set()
    for item in items:
        template = values.of_arg(path, MODULE_SCOPE, item)
        if template is None or any(part.param for part in template):
            return None
        found.add("".join(part.text for part in template))
    return found
