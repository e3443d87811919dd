"""Sync functions whose body runs in a worker thread when they are called: a decorator from
the catalog's `[offload]` list or `[blocking] offload_decorators` wraps them (Textual's
`@work(thread=True)`, a project's own `@run_in_thread`), so the call starts the thread and
returns. Their blocking calls never block the loop: they are barriers, like `safe` functions.

Decorators are written as in the source (`work`, `textual.work`); they are qualified here
through the file's own imports, since the name binder is gone by the time rules run and
`resolution.imports` keeps the modules an import reaches, not what each name binds."""

from __future__ import annotations

from collections.abc import Mapping

from seamcheck.facts import Definition, FileFacts
from seamcheck.resolve.model import Resolution
from seamcheck.resolve.relative import absolute_module
from seamcheck.rules.blocking.sinks import SinkMatcher


def threaded_functions(
    resolution: Resolution, definitions: Mapping[str, Definition], matcher: SinkMatcher
) -> set[str]:
    """The function nodes (of `definitions`) an offloading decorator hands to a thread."""
    found: set[str] = set()
    qualified: dict[str, dict[str, str]] = {}  # per file: decorator as written -> qualified
    for node, definition in definitions.items():
        if definition.is_async or not definition.decorators:
            continue  # an async function runs on the loop however it is decorated
        path = node.split("::", 1)[0]
        facts = resolution.facts.get(path)
        if facts is None or facts.language != "python":
            continue
        names = qualified.setdefault(path, {})
        for written in definition.decorators:
            name = names.get(written)
            if name is None:
                module = resolution.python_names.get(path)
                name = names[written] = qualify(written, facts, path, module)
            if matcher.offloads(name):
                found.add(node)
                break
    return found


def qualify(written: str, facts: FileFacts, path: str, module: str | None) -> str:
    """`work` -> `textual.work` after `from textual import work`; `tw.work` after `import
    textual as tw`; `jobs.threaded` -> `app.jobs.threaded` after `from .. import jobs` (the
    resolver's arithmetic); a name the file does not import is its own module's."""
    head, dot, rest = written.partition(".")
    for imported in facts.imports:
        if imported.names:  # from M import n [as a]
            for name in imported.names:
                if (name.alias or name.name) == head:
                    base = absolute_module(path, module, imported.module)
                    # None: a relative import Python refuses (beyond the top-level package)
                    return f"{base}.{name.name}{dot}{rest}" if base else ""
        elif imported.alias == head:  # import a.b as c
            return imported.module + dot + rest
        elif imported.alias is None and imported.module.split(".", 1)[0] == head:
            return written  # import textual: `textual.work` is written in full
    return f"{module}.{written}" if module else written
