"""Calls made through wrapper functions: a client call whose URL (or method) is built from a
parameter of the function it is written in (`callModel(path, body)` fetching
`${ML_URL}${path}`) is made once per call of that function, with what each call gives the
parameter (`callModel('/predict', x)`). A wrapper's caller may itself be one, a few deep.
A method a subclass's method calls on itself (`self._post(path)`) runs on an instance of that
subclass: the call says so, for the base URL the instance keeps (`Values.receiver`).

Conservative: an argument seamcheck cannot read (a spread, `**kwargs`, a parameter left to
its default, a value computed at run time) leaves the parameter unknown at that call,
never guessed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from seamcheck.facts import CONSTRUCT, GETTER, Arg, Definition
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.arguments import Default, argument, value_given
from seamcheck.seams.model import Where
from seamcheck.seams.values import (
    Given,
    Slot,
    Template,
    Values,
    receiver_given,
    receiver_slot,
    slots_in,
)

# A construction (`new Api()`) or a property's getter runs the function, but does not call
# it by name with arguments.
_NOT_BY_NAME = CONSTRUCT | GETTER
_MAX_WRAPPERS = 3  # a wrapper called by a wrapper called by a wrapper: no deeper
# Calls of wrappers read to follow one client call: past this (wrappers of wrappers, each
# called from everywhere) the client call is left as written.
_MAX_READ = 4096
# Decorators that call the function with the arguments its callers give (by the last part of
# their name). Any other may change them (`@versioned` calling `f("/v1" + path)`): a function
# it decorates is not followed.
_PASSING_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "lru_cache", "cache", "retry", "on_exception",
     "on_predicate", "override", "abstractmethod"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Caller:
    """A call that gives a wrapper's parameters their values (`given`): where it is written,
    the function it is written in (`caller`, a graph node id), and the wrapper calls between
    it and the client call, outermost first (`through`)."""

    where: Where
    caller: str
    given: Given
    through: tuple[Where, ...] = ()


class Wrappers:
    """Follows a function's parameters to the calls of that function."""

    def __init__(self, resolution: Resolution, values: Values) -> None:
        self.resolution = resolution
        self.values = values
        self._by_name: dict[str, list[ResolvedCall]] = {}  # see `calls_of`
        self._handed_on: frozenset[str] | None = None

    def callers(
        self, slots: frozenset[Slot], settled: Callable[[Given], bool]
    ) -> tuple[list[Caller], bool] | None:
        """The calls that give `slots`, parameters of one function, their values, and whether
        that function may also be called where seamcheck cannot see what it is given: handed
        to a call as a value, or called from another service. None when nothing is followed:
        parameters of several functions, a function no call of its service calls by name, one
        a decorator may call with other arguments.
        A call that gives them the parameters of its own function is followed further
        unless `settled` says the values it gives are enough."""
        return self._callers(slots, settled, (), [_MAX_READ])

    def _callers(
        self,
        slots: frozenset[Slot],
        settled: Callable[[Given], bool],
        chain: tuple[str, ...],
        left: list[int],
    ) -> tuple[list[Caller], bool] | None:
        """`callers`, below the wrappers of `chain` (function node ids, the client call's
        first), reading at most `left[0]` more calls."""
        functions = {(slot.path, slot.function) for slot in slots}
        if len(functions) != 1:
            return None
        path, function = next(iter(functions))
        file = self.values.symbols.get(path)
        definition = file.definitions.get(function) if file is not None else None
        if file is None or definition is None or definition.kind == "class":
            return None
        if any(d.rpartition(".")[2] not in _PASSING_DECORATORS for d in definition.decorators):
            return None
        node = f"{path}::{function}"
        service = self.values.service_of.get(path, "")
        calls = self.calls_of(node)
        own = [c for c in calls if self.values.service_of.get(c.path, "") == service]
        if not own:
            return None
        unseen = len(own) < len(calls) or node in self._handed()
        found: list[Caller] = []
        for call in own:
            left[0] -= 1
            if left[0] < 0:
                return None
            chained = (*chain, node)
            found.extend(
                self._through(call, definition, slots, file.is_python, settled, chained, left)
            )
            if left[0] < 0:
                return None
        return found, unseen

    def _through(
        self,
        resolved: ResolvedCall,
        definition: Definition,
        slots: frozenset[Slot],
        python: bool,
        settled: Callable[[Given], bool],
        chain: tuple[str, ...],
        left: list[int],
    ) -> list[Caller]:
        """What one call gives: itself, or, when what it passes on is a parameter of the
        function it is written in, each call of that function in turn; nothing when that
        function is one of `chain` (a wrapper calling itself again with what it was given,
        whose calls are followed already)."""
        call = resolved.call
        where = Where(resolved.path, call.line, call.column)
        caller = f"{resolved.path}::{call.scope}"
        arguments = {slot: argument(call, definition, slot.name, python) for slot in slots}
        given = self._given(resolved, arguments)
        passed_on = frozenset().union(*(slots_in(t) for t in given.values()))
        if any(f"{s.path}::{s.function}" in chain for s in passed_on):
            return []
        if passed_on and len(chain) < _MAX_WRAPPERS and not settled(given):
            followed = self._callers(
                passed_on,
                lambda outer: settled(self._given(resolved, arguments, outer)),
                chain,
                left,
            )
            if followed is not None:
                outer, unseen = followed
                found = [
                    Caller(
                        o.where, o.caller, self._given(resolved, arguments, o.given),
                        (*o.through, where),
                    )
                    for o in outer
                ]  # fmt: skip
                if unseen:
                    found.append(Caller(where, caller, given))
                return found
        return [Caller(where, caller, given)]

    def _given(
        self,
        resolved: ResolvedCall,
        arguments: Mapping[Slot, Arg | Default | str],
        outer: Given | None = None,
    ) -> dict[Slot, Template]:
        """Each parameter's value at this call (`outer`: what its own callers give the
        parameters of the function the call is written in)."""
        at = (resolved.path, resolved.call.scope)
        found = {
            slot: value_given(self.values, at, slot.path, slot.name, arg, outer)
            for slot, arg in arguments.items()
        }
        receiver = self._receiver(resolved, next(iter(arguments)), outer)
        if receiver is not None:
            found[receiver[0]] = receiver[1]
        return found

    def _receiver(
        self, resolved: ResolvedCall, slot: Slot, outer: Given | None
    ) -> tuple[Slot, Template] | None:
        """For a method a subclass's method calls on itself (`self._post(path)` in
        `MLClient.predict`, `_post` a method of its base class): that it runs on an instance
        of the subclass, for what its instance keeps (`Values.held`)."""
        call = resolved.call
        head, _, name = call.callee.partition(".")
        if head not in ("self", "this") or not name or "." in name:
            return None
        caller = self.values.receiver(resolved.path, call.scope, outer)
        callee = self.values.symbols.get(slot.path)
        own = callee.class_of(slot.function) if callee is not None else None
        if caller is None or own is None or caller == (slot.path, own):
            return None
        return receiver_slot(slot.path, slot.function), receiver_given(*caller)

    def calls_of(self, node: str) -> Sequence[ResolvedCall]:
        """The calls of the function `node` by name, in resolution order."""
        calls = self._by_name.get(node)
        if calls is None:
            # `call.construct or call.getter`, the flags read at once. Told apart here, for
            # the functions asked of, not for every call of a function (267k on gen-10000).
            calls = self._by_name[node] = [
                resolved
                for resolved in self.resolution.calls_of_function(node)
                if not (resolved.call.flags & _NOT_BY_NAME or resolved.call.decorates)
            ]
        return calls

    def _handed(self) -> frozenset[str]:
        """The functions handed to a call as a value: called where seamcheck cannot see."""
        if self._handed_on is None:
            self._handed_on = frozenset(r.target for r in self.resolution.references)
        return self._handed_on
