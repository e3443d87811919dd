"""A vite config's objects, as the extractor recorded them: where an app declares its dev
proxy (`server.proxy`, read by `seams.hosts`) and its import aliases (`resolve.alias`, read by
the Node resolver)."""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Iterator

from seamcheck.facts import MODULE_SCOPE, RETURNED, Arg, Call, FileFacts

# The configs that make a folder a vite app.
VITE_CONFIGS = tuple(f"vite.config.{suffix}" for suffix in ("ts", "js", "mjs", "mts", "cjs", "cts"))


def vite_configs(
    facts: FileFacts, define: str = "defineConfig"
) -> Iterator[tuple[Arg | None, str, tuple[int, int]]]:
    """Each config object of a vite config file, the scope its names are read in, and the
    lines it may be written on: given to `defineConfig(...)` (or `define`, as a Nuxt config's
    `defineNuxtConfig`), else exported as it is (`export default { server: ... }`)."""
    defined = [c for c in facts.calls if c.callee == define and c.args]
    for call in defined:
        config, scope = _vite_config(call, facts)
        yield config, scope, (call.span.line, call.span.end_line)
    exported = [
        b
        for b in facts.bindings
        if b.target == "default" and b.scope == MODULE_SCOPE and b.kind == "object"
    ]
    for binding in exported if not defined else ():
        # Its end is not recorded: the proxy's line is looked for to the file's end.
        yield Arg("object", items=binding.items), MODULE_SCOPE, (binding.line, sys.maxsize)


def _vite_config(call: Call, facts: FileFacts) -> tuple[Arg | None, str]:
    """The object a `defineConfig(...)` is given, and the scope its names are read in:
    written in place, bound once to a name of the module (`defineConfig(config)`), or the
    one a function given returns (`defineConfig(({ mode }) => ({ server: ... }))`)."""
    given = call.args[0]
    if given.kind == "object":
        return given, call.scope
    if given.kind == "name":
        target, scope = given.value, MODULE_SCOPE
    elif given.kind == "func":
        target, scope = RETURNED, given.value
    else:
        return None, call.scope
    bound = [b for b in facts.bindings if b.target == target and b.scope == scope]
    if len(bound) != 1 or bound[0].kind != "object":
        return None, call.scope  # assigned more than once, or not an object written out
    return Arg("object", items=bound[0].items), scope


def item(arg: Arg | None, key: str) -> Arg | None:
    """The entry `key` of an object argument, None when it has none (or is no object)."""
    if arg is None or arg.kind != "object":
        return None
    return next((i for i in arg.items if i.keyword == key), None)


def vite_aliases(facts: FileFacts) -> list[tuple[str, str | None]]:
    """A vite config's `resolve.alias` entries in the order vite tries them: what an import
    starts with, and the folder (relative to the config's) it stands for, None when that is
    not read (a replacement built otherwise, such as a package name or a path from the
    environment). Written as an object (`'@': fileURLToPath(new URL('./src',
    import.meta.url))`, `'@components': path.resolve(__dirname, 'src', 'components')`,
    `'@': '/src'`) or a list of `{ find, replacement }` with a string `find`."""
    found: list[tuple[str, str | None]] = []
    for config, _, _ in vite_configs(facts):
        alias = item(item(config, "resolve"), "alias")
        if alias is None:
            continue
        if alias.kind == "object":
            found.extend((entry.keyword, _folder(entry)) for entry in alias.items if entry.keyword)
        elif alias.kind == "list":
            for entry in alias.items:
                find = item(entry, "find")
                if find is not None and find.kind == "str":
                    found.append((find.value, _folder(item(entry, "replacement"))))
    return found


def _folder(replacement: Arg | None) -> str | None:
    """The folder a replacement names, relative to the config's: the extractor's `folder`
    piece for a path built from the config's own folder, or a string vite reads from the
    project root (`'/src'`)."""
    if replacement is None:
        return None
    if replacement.kind == "expr" and len(replacement.pieces) == 1:
        piece = replacement.pieces[0]
        return piece.value if piece.kind == "folder" else None
    if replacement.kind == "str" and replacement.value.startswith("/"):
        return posixpath.normpath("." + replacement.value)
    return None
