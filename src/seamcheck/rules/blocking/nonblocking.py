"""Python sockets a function puts in non-blocking mode before using them: after
`sock.setblocking(False)` (or `sock.settimeout(0)`), `sock.connect(addr)` and `sock.recv(n)`
return at once or raise `BlockingIOError`; they never wait. Home Assistant finds its source
address that way (a UDP socket, non-blocking, `connect`ed to learn the route) on the loop.

Only the same name in the same function, set before the call and not bound again since,
counts: a socket made non-blocking elsewhere may have been handed anywhere since, and
`sock = socket.socket()` after the switch is a new, blocking, socket."""

from __future__ import annotations

from seamcheck.facts import Arg, Call, FileFacts
from seamcheck.records import dataclass

# The methods that switch a socket's mode -> the argument values that make it non-blocking.
_SWITCHES = {"setblocking": frozenset({"False", "0"}), "settimeout": frozenset({"0", "0.0"})}


@dataclass(frozen=True, slots=True)
class _Switch:
    """`receiver.setblocking(...)` or `.settimeout(...)` at a position: to non-blocking mode
    or, with any other argument (`True`, a timeout), back to waiting."""

    receiver: str  # `sock`, `self._sock`
    line: int
    column: int
    non_blocking: bool


class NonBlockingSockets:
    """Answers "was this socket call's receiver made non-blocking before it, in its function?"
    for the files of one run; each file is read once, when first asked about."""

    def __init__(self, facts: dict[str, FileFacts]) -> None:
        self._facts = facts
        self._switches: dict[str, dict[str, list[_Switch]]] = {}  # path -> scope -> switches
        # path -> (scope, name) -> the lines assigning that name (`sock = ...`, `for sock in`)
        self._rebinds: dict[str, dict[tuple[str, str], list[int]]] = {}

    def covers(self, path: str, call: Call, qualname: str) -> bool:
        """Whether `call` (resolved to `qualname`) is made on a socket its function made
        non-blocking before."""
        if not qualname.startswith("socket.") or "." not in call.callee:
            return False
        receiver = call.callee.rpartition(".")[0]
        switches = self._of(path).get(call.scope, ())
        here = (call.span.line, call.span.column)
        before = [s for s in switches if s.receiver == receiver and (s.line, s.column) < here]
        if not before:
            return False
        last = max(before, key=lambda s: (s.line, s.column))
        rebound = self._rebinds[path].get((call.scope, receiver), ())
        return last.non_blocking and not any(last.line < line <= call.span.line for line in rebound)

    def _of(self, path: str) -> dict[str, list[_Switch]]:
        found = self._switches.get(path)
        if found is None:
            found = self._switches[path] = {}
            for call in self._facts[path].calls:
                receiver, _, method = call.callee.rpartition(".")
                values = _SWITCHES.get(method)
                if receiver and values is not None and call.args:
                    non_blocking = _constant(call.args[0]) in values
                    switch = _Switch(receiver, call.span.line, call.span.column, non_blocking)
                    found.setdefault(call.scope, []).append(switch)
            rebinds = self._rebinds[path] = {}
            for binding in self._facts[path].bindings:
                rebinds.setdefault((binding.scope, binding.target), []).append(binding.line)
        return found


def _constant(arg: Arg) -> str:
    """`False`, `0`, `0.0` as written, or "" for anything else."""
    return arg.value if arg.kind in ("num", "other") and not arg.keyword else ""
