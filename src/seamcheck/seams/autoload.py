"""Fastify plugins from npm that serve routes seamcheck does not see declared: which files
@fastify/autoload registers from a folder and the prefix each gets, and the proxy plugins
(@fastify/http-proxy) that forward whatever they get."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from seamcheck.records import dataclass

# The qualified names the name binder gives the plugin each package exports.
AUTOLOAD = frozenset(
    {
        "@fastify/autoload", "@fastify/autoload.default", "@fastify/autoload.fastifyAutoload",
        "@fastify/autoload.autoload", "fastify-autoload", "fastify-autoload.default",
    }
)  # fmt: skip
# -> the key of its options that holds the URL it forwards to.
PROXIES = {
    "@fastify/http-proxy": "upstream",
    "@fastify/http-proxy.default": "upstream",
    "@fastify/http-proxy.fastifyHttpProxy": "upstream",
    "fastify-http-proxy": "upstream",
    "fastify-http-proxy.default": "upstream",
}
# Options of @fastify/autoload that leave which files it loads and their prefixes as read
# here; any other (`dirNameRoutePrefix`, `indexPattern`, `matchFilter`, `autoHooks`, ...)
# may change them.
_PLAIN_OPTIONS = frozenset({"dir", "options", "forceESM", "encapsulate", "routeParams"})
# Scripts it loads (TypeScript where the app runs through a TypeScript loader, or from the
# compiled copy of the same folder).
_SCRIPTS = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")
_INDEX_NAMES = frozenset(f"index{suffix}" for suffix in _SCRIPTS)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A file autoload registers as a plugin, with the folders between `dir` and it."""

    path: str
    folders: tuple[str, ...]


def unread_options(keys: Iterable[str]) -> list[str]:
    """The options given to autoload that may change which files it loads or where."""
    return sorted(k for k in keys if k not in _PLAIN_OPTIONS)


def loaded_files(folder: str, files: Iterable[str]) -> list[Loaded]:
    """The scripts under `folder` autoload registers: each one, except in a folder that
    holds an index file, where only that file is (the folders below it still are)."""
    by_folder: dict[tuple[str, ...], list[str]] = {}
    root = PurePosixPath(folder)
    for path in files:
        pure = PurePosixPath(path)
        if not pure.name.endswith(_SCRIPTS) or pure.name.endswith((".d.ts", ".d.mts")):
            continue
        try:
            relative = pure.parent.relative_to(root)
        except ValueError:
            continue
        by_folder.setdefault(relative.parts, []).append(path)
    loaded: list[Loaded] = []
    for folders, paths in sorted(by_folder.items()):
        index = [p for p in paths if PurePosixPath(p).name in _INDEX_NAMES]
        loaded.extend(Loaded(p, folders) for p in sorted(index or paths))
    return loaded


def folder_prefix(folders: tuple[str, ...], route_params: bool) -> str:
    """The prefix autoload gives the plugins of a folder: its path below `dir`, with
    `_name` folders as parameters where `routeParams` is on."""
    segments = [f":{f[1:]}" if route_params and f.startswith("_") else f for f in folders]
    return "/" + "/".join(segments) if segments else ""
