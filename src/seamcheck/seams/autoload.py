"""Fastify plugins from npm that serve routes seamcheck does not see declared: which files
@fastify/autoload registers from a folder and the prefix each gets, and the proxy plugins
(@fastify/http-proxy) that forward whatever they get."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePosixPath

from seamcheck.facts import Call, call_within
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


def read_dir(
    path: str,
    register: Call,
    calls: Sequence[Call],
    qualname: Callable[[Call], str],
    module_folder: Callable[[Call, str], bool],
) -> str | None:
    """The folder, repository-relative, a `register(AutoLoad, { dir })` call in `path` (whose
    calls are `calls`) names: `path.join(__dirname, 'routes')` (or `path.resolve`), where
    `module_folder(join, name)` says whether a name holds the file's folder, or
    `fileURLToPath(new URL('./routes', import.meta.url))`; None when the one such call in
    the registration is not written so. `qualname` names a call's library API."""
    inside = [c for c in calls if call_within(c, register)]
    outermost = [c for c in inside if not any(call_within(c, other) for other in inside)]
    found = [(c, qualname(c).removeprefix("node:")) for c in outermost]
    named = [(c, q) for c, q in found if q in ("path.join", "path.resolve", "url.fileURLToPath")]
    if len(named) != 1:
        return None
    inner, name = named[0]
    if name == "url.fileURLToPath":
        urls = [c for c in calls if c.callee == "URL" and call_within(c, inner)]
        args = urls[0].args if len(urls) == 1 else ()
        if len(args) != 2 or args[0].kind != "str" or args[1].value != "import.meta.url":
            return None
        return _joined(path, args[0].value)
    if len(inner.args) < 2:
        return None
    first, *rest = inner.args
    if first.kind != "name" or not module_folder(inner, first.value):
        return None
    if any(a.kind != "str" for a in rest):
        return None
    return _joined(path, *(a.value for a in rest))


def _joined(path: str, *parts: str) -> str:
    return posixpath.normpath(str(PurePosixPath(path).parent.joinpath(*parts)))


def is_module_folder(name: str) -> bool:
    """Whether a name is one Node gives the folder of the file it is written in."""
    return name in ("__dirname", "import.meta.dirname")
