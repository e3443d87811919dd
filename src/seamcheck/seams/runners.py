"""The services that run a piece of code: those whose code calls it. A function a workspace
package declares (`packages/realtime` making a socket.io server in `attachRealtime(server)`)
runs in each service that calls it (`apps/api`'s `attachRealtime(httpServer)`), not in the
package, which runs nothing of its own.

Calls are followed up through the functions of the code that calls (a package function
called by another of the package, called by the api, runs in the api) to code nothing calls,
which runs in the service of its file: module-level code (importing a module is not read as
running it), an entry point, a function no call seamcheck resolves reaches; and code called
only from a cycle nothing else enters (`retry()` calling itself, started by a script
seamcheck does not read), which runs in the services of the cycle's files. A function
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
        self._found: dict[Where, tuple[str, ...]] = {}  # read to the code nothing calls
        self._cut: dict[Where, tuple[str, ...]] = {}  # read past `_MAX_READ`: its own service

    def services(self, path: str, scope: str) -> tuple[str, ...]:
        """The services that run the code of `scope` (a function's qualname, `<module>`) in
        `path`: those whose code calls its function, or one enclosing it; else its file's."""
        where = (path, scope)
        found = self._found.get(where) or self._cut.get(where)
        if found is None:
            found = self._walk(where)
        return found

    def _walk(self, start: Where) -> tuple[str, ...]:
        """`services`, read up the calls to the code nothing calls, or only a cycle calls:
        the services of its files. What a walk read past `_MAX_READ` found is not taken up
        by another (`_cut`), so each says the same whichever is read first."""
        own = self.service_of.get(start[0], "")
        services: set[str] = set()
        callers_of: dict[Where, list[Where]] = {}  # the code read, and where each is called
        stack, seen = [start], {start}
        while stack:
            where = stack.pop()
            known = self._found.get(where) if where != start else None
            if known is not None:
                services.update(known)  # all that runs it, read before
                continue
            callers = callers_of[where] = self._called_from(*where)
            for caller in callers:
                if caller not in seen:
                    seen.add(caller)
                    stack.append(caller)
            if len(seen) > _MAX_READ:
                self._cut[start] = (own,)
                return (own,)
        for first in _first_run(callers_of):
            services.update(self.service_of.get(path, "") for path, _ in first)
        found = self._found[start] = tuple(sorted(services)) or (own,)
        return found

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


def _first_run(callers_of: Mapping[Where, list[Where]]) -> list[set[Where]]:
    """Of the code read up from a piece of code (each with where it is called; one read
    before, not in `callers_of`, stands for all that calls it), what runs first: each piece
    nothing calls, and each cycle nothing else enters."""
    uncalled = [where for where, callers in callers_of.items() if not callers]
    below: dict[Where, list[Where]] = {}  # where each piece calls
    for where, callers in callers_of.items():
        for caller in callers:
            below.setdefault(caller, []).append(where)
    # What is run from the code nothing calls, or from code read before, is not in a
    # cycle nothing else enters.
    reached = {*uncalled, *(caller for caller in below if caller not in callers_of)}
    stack = list(reached)
    while stack:
        for callee in below.get(stack.pop(), ()):
            if callee not in reached:
                reached.add(callee)
                stack.append(callee)
    first = [{where} for where in uncalled]
    cycled = [where for where in callers_of if where not in reached]
    if not cycled:
        return first  # most code: no cycle, or one entered from code that runs first
    # Each caller of cycled code is cycled too (else it would be reached): the cycles
    # entered from nowhere are the strongly connected components nothing calls into.
    # networkx is loaded only here: the seams stage has no other use for it.
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(cycled)
    graph.add_edges_from((caller, where) for where in cycled for caller in callers_of[where])
    condensed = nx.condensation(graph)
    return first + [
        set(condensed.nodes[component]["members"])
        for component in condensed.nodes
        if condensed.in_degree(component) == 0
    ]
