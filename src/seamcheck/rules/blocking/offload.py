"""Sync functions whose body runs in a worker thread when they are called: a decorator from
the catalog's `[offload]` list or `[blocking] offload_decorators` wraps them (Textual's
`@work(thread=True)`, a project's own `@run_in_thread`), so the call starts the thread and
returns. Their blocking calls never block the loop: they are barriers, like `safe` functions.
And the calls making an iterator that is iterated in a worker thread: by a response (the
catalog's `[offload] iterators`: `StreamingResponse(read_chunks(path))`) or by a function an
executor runs there with it (`[offload] executors`: `asyncio.to_thread(list, root.glob(p))`).

Decorators are written as in the source (`work`, `textual.work`); they are qualified here
through the file's own imports, since the name binder is gone by the time rules run and
`resolution.imports` keeps the modules an import reaches, not what each name binds."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from seamcheck.facts import RETURNED, Arg, Call, Definition, FileFacts, result_of
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


def iterated_in_threads(resolution: Resolution, matcher: SinkMatcher) -> set[tuple[str, int, int]]:
    """Where (path, line, column) each call is written whose result is an iterator iterated
    in a worker thread: the one a response iterates there (`StreamingResponse(chunks())`),
    or an argument of a function an executor runs there (`asyncio.to_thread(list,
    root.glob(p))`); given in place or through a name its function binds once to it (`body =
    chunks()`)."""
    found: set[tuple[str, int, int]] = set()
    # What the catalog says of each API, asked once: its two patterns sets are matched
    # against ~58k external calls of gen-10000, of a few thousand APIs.
    judged: dict[str, str] = {}  # qualname -> "iterates" | "runs" | ""
    for resolved in resolution.calls:
        if resolved.kind != "external":
            continue
        qualname = resolved.qualname
        how = judged.get(qualname)
        if how is None:
            how = judged[qualname] = (
                "iterates"
                if matcher.iterates_in_thread(qualname)
                else "runs"
                if matcher.runs_in_thread(qualname)
                else ""
            )
        if how == "iterates":
            content = _content(resolved.call)
            given: tuple[Arg, ...] = (content,) if content is not None else ()
        elif how == "runs":
            given = resolved.call.args
        else:
            continue
        for arg in given:
            at = result_of(arg)
            if at is None and arg.kind == "name":
                at = _made_by(resolution.facts[resolved.path], resolved.call.scope, arg.value)
            if at is not None:
                found.add((resolved.path, *at))
    return found


class IteratorMakers:
    """The sync functions whose call only makes an iterator, which does its work as it is
    iterated: generators, and those whose one `return` gives as it is a `[lazy]` call's
    iterator (`return root.rglob(pattern)`) or another such function's (`return
    read_chunks(path)`). Iterated in a worker thread, such a call blocks nothing. Told, as
    the analysis walks the calls once, of each lazy call and each call of a function."""

    def __init__(
        self,
        resolution: Resolution,
        definitions: Mapping[str, Definition],
        node_of: Callable[[str, Call], str],
    ) -> None:
        self._definitions = definitions
        self._node_of = node_of
        # path -> scope -> the callee and line of the call its one `return` gives
        self._returned: dict[str, dict[str, tuple[str, int]]] = {}
        for path, facts in resolution.facts.items():
            if facts.language == "python":
                returned = {
                    b.scope: (b.value, b.line)
                    for b in facts.bindings
                    if b.target == RETURNED and b.kind == "call"
                }
                if returned:
                    self._returned[path] = returned
        self._found = {n for n, d in definitions.items() if d.is_generator and not d.is_async}
        self._returning: dict[str, set[str]] = {}  # function -> those returning its call

    @property
    def paths(self) -> Collection[str]:
        """The files with a function returning a call's result: only their calls matter."""
        return self._returned.keys()

    def lazy_call(self, path: str, call: Call) -> None:
        """`call`, in `path`, makes a `[lazy]` call's iterator."""
        caller = self._returning_function(path, call)
        if caller is not None:
            self._found.add(caller)

    def function_call(self, path: str, call: Call, target: str) -> None:
        """`call`, in `path`, calls the function `target`."""
        caller = self._returning_function(path, call)
        if caller is not None:
            self._returning.setdefault(target, set()).add(caller)

    def found(self) -> frozenset[str]:
        found = set(self._found)
        stack = list(found)
        while stack:
            for caller in self._returning.get(stack.pop(), ()):
                if caller not in found:
                    found.add(caller)
                    stack.append(caller)
        return frozenset(found)

    def _returning_function(self, path: str, call: Call) -> str | None:
        """The sync function that returns what `call` gives, as it is; else None."""
        returns = self._returned.get(path)
        returned = returns.get(call.scope) if returns is not None else None
        if returned is None or returned[0] != call.callee or returned[1] != call.span.line:
            return None
        caller = self._node_of(path, call)
        definition = self._definitions.get(caller)
        # An async function gives a coroutine.
        return caller if definition is not None and not definition.is_async else None


def _content(call: Call) -> Arg | None:
    """The iterator a response is given: its first positional argument, or `content=`."""
    positional = [a for a in call.args if a.keyword is None]
    if positional:
        return positional[0] if positional[0].value not in ("*", "**") else None
    return next((a for a in call.args if a.keyword == "content"), None)


def _made_by(facts: FileFacts, scope: str, name: str) -> tuple[int, int] | None:
    """Where the call is written whose result `scope` binds `name` to, when it binds it once
    and to that."""
    bound = [b for b in facts.bindings if b.scope == scope and b.target == name]
    if len(bound) != 1 or bound[0].kind != "call":
        return None
    for call in facts.calls:
        if (
            call.scope == scope
            and call.span.line == bound[0].line
            and call.callee == bound[0].value
        ):
            return call.span.line, call.span.column
    return None
