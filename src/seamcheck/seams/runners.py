"""The services that run a piece of code: those whose code calls it. A function a workspace
package declares (`packages/realtime` making a socket.io server in `attachRealtime(server)`)
runs in each service that calls it (`apps/api`'s `attachRealtime(httpServer)`), not in the
package, which runs nothing of its own.

Calls are followed up through the functions of the code that calls (a package function
called by another of the package, called by the api, runs in the api) to code nothing calls,
which runs in the service of its file: module-level code (importing a module is not read as
running it), an entry point, a function no call seamcheck resolves reaches. A function
handed to a call as a value (`app.on_event('startup', start_sockets)`) runs where it is
handed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from seamcheck.resolve.model import ResolvedCall, ResolvedReference

_MODULE = "<module>"
# The places read up from one piece of code: past them, it is taken to run in its own
# service, as code nothing calls does (a helper called from everywhere says nothing).
_MAX_READ = 1_000

Where = tuple[str, str]  # (path, scope): where code is written


class Runners:
    """The services running code written in a function (`services`), from the calls and
    hand-overs of the files read (those of tests and examples, left out, run only there)."""

    def __init__(
        self,
        calls: Iterable[ResolvedCall],
        references: Iterable[ResolvedReference],
        service_of: Mapping[str, str],
    ) -> None:
        self._calls = calls
        self._references = references
        self.service_of = service_of
        self._callers: dict[str, list[Where]] | None = None
        self._found: dict[Where, tuple[str, ...]] = {}

    def services(self, path: str, scope: str) -> tuple[str, ...]:
        """The services that run the code of `scope` (a function's qualname, `<module>`) in
        `path`: those whose code calls its function, or one enclosing it; else its file's."""
        found = self._found.get((path, scope))
        if found is None:
            found = self._found[(path, scope)] = self._walk(path, scope)
        return found

    def _walk(self, path: str, scope: str) -> tuple[str, ...]:
        """`services`, read up the calls to the code nothing calls: the services of its
        files. What is run only by itself (a cycle) runs in its own file's service."""
        own = self.service_of.get(path, "")
        services: set[str] = set()
        stack, seen = [(path, scope)], set[Where]()
        while stack:
            where = stack.pop()
            if where in seen:
                continue
            seen.add(where)
            if len(seen) > _MAX_READ:
                return (own,)
            known = self._found.get(where)
            callers = self._called_from(*where) if known is None else ()
            if known is not None:
                services.update(known)
            elif callers:
                stack.extend(callers)
            else:
                services.add(self.service_of.get(where[0], ""))
        return tuple(sorted(services)) or (own,)

    def _called_from(self, path: str, scope: str) -> list[Where]:
        """Where the innermost function enclosing `scope` that something calls is called;
        [] for code nothing calls (a callback is run by what runs the function it is
        written in)."""
        callers = self._callers_of()
        for function in _enclosing(scope):
            found = callers.get(f"{path}::{function}")
            if found:
                return found
        return []

    def _callers_of(self) -> dict[str, list[Where]]:
        """Function node id -> where each call of it, or hand-over, is written."""
        if self._callers is None:
            self._callers = {}
            for resolved in self._calls:
                if resolved.kind == "function":
                    where = (resolved.path, resolved.call.scope)
                    self._callers.setdefault(resolved.target, []).append(where)
            for reference in self._references:
                where = (reference.path, reference.call.scope)
                self._callers.setdefault(reference.target, []).append(where)
        return self._callers


def _enclosing(scope: str) -> list[str]:
    """The functions code in `scope` is written in, innermost first: `a.<anonymous@4:35>`
    is in that arrow function, itself in `a`."""
    if not scope or scope == _MODULE:
        return []
    parts = scope.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]
