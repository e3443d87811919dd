"""Request-config functions: a function of the repository that spreads its first parameter
into the options of an axios request (orval's custom mutator, `customInstance(config,
options)` making `AXIOS_INSTANCE({ ...config, ...options, cancelToken })`), called with the
request's config written in place (`customInstance({ url: `/predict`, method: 'POST', data
}, options)`, as orval's generated functions call it). Each such call is an axios request
made where it is written, through the function's own axios call: its options are the
function's, each spread parameter standing for what the call gives it.

A parameter the call gives by a name seamcheck cannot read (orval's `options`, the request
options its generated function passes on) is taken not to set the URL, as an axios config
passed by name is (`axios.get(url, config)`); one it leaves out sets nothing. The first
parameter must be given an object literal (or a name holding one): otherwise the call is not
read, and the function's own call stays as written (SC107)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from seamcheck.facts import Arg, Definition
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall


@dataclass(frozen=True, slots=True)
class Mutator:
    """A request-config function: the axios call it makes, its definition and parameters."""

    request: ResolvedCall
    definition: Definition
    params: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the options a call through a mutator makes, with where it is read."""

    arg: Arg
    path: str
    scope: str


class Mutators:
    """The request-config functions of the repository, by function node id."""

    def __init__(self, resolution: Resolution, is_axios: Callable[[ResolvedCall], bool]):
        self.resolution = resolution
        self.is_axios = is_axios
        self._by_function: dict[str, Mutator] | None = None

    def by_function(self) -> Mapping[str, Mutator]:
        """The request-config functions by function node id: a call of one (of kind
        `function`) has it for its `target`."""
        return self._mutators()

    def makes(self, resolved: ResolvedCall) -> bool:
        """Whether `resolved` is a mutator's own request: its calls are read where the
        mutator is called, not through it as a wrapper's."""
        mutator = self._mutators().get(f"{resolved.path}::{resolved.call.scope}")
        return mutator is not None and mutator.request is resolved

    def _mutators(self) -> dict[str, Mutator]:
        if self._by_function is None:
            self._by_function = self._find()
        return self._by_function

    def _find(self) -> dict[str, Mutator]:
        found: dict[str, Mutator] = {}
        for resolved in self.resolution.calls_of_kind("external"):
            if not self.is_axios(resolved):
                continue
            facts = self.resolution.facts.get(resolved.path)
            scope = resolved.call.scope
            definitions = facts.definitions if facts is not None else ()
            definition = next((d for d in definitions if d.qualname == scope), None)
            if definition is None or not definition.params:
                continue
            params = tuple(p.removesuffix("=") for p in definition.params)
            options = _options(resolved.call.args)
            if options is not None and _spreads(options, params[0]):
                found.setdefault(f"{resolved.path}::{scope}", Mutator(resolved, definition, params))
        return found

    def entries(
        self,
        mutator: Mutator,
        given: tuple[Arg, ...],
        at: tuple[str, str],
        expanded: Callable[[str, str, Arg], Arg],
    ) -> list[Entry] | None:
        """The options of the request a call through `mutator` makes, giving its parameters
        `given` (written at `at`, `expanded`: a name bound to an object literal stands for
        it); None when the call gives its first parameter no object seamcheck reads."""
        request = mutator.request
        written_at = (request.path, request.call.scope)
        options = _options(request.call.args)
        if options is None or not given:
            return None
        first = expanded(*at, given[0])
        if first.kind != "object":
            return None
        options = expanded(*written_at, options)  # `...defaults` of a known object
        entries: list[Entry] = []
        for item in options.items:
            index = _spread_parameter(item, mutator.params)
            if index is None:
                entries.append(Entry(item, *written_at))
                continue
            arg = expanded(*at, given[index]) if index < len(given) else None
            if arg is None or arg.kind == "name":
                continue  # left out, or request options passed on by name
            if arg.kind == "object":
                entries.extend(Entry(i, *at) for i in arg.items)
            else:
                entries.append(Entry(Arg("spread", item.value), *at))  # may set anything
        return entries


def _options(args: tuple[Arg, ...]) -> Arg | None:
    """The options object an axios request is given: its first argument written in place."""
    first = next((a for a in args if a.keyword is None), None)
    return first if first is not None and first.kind == "object" else None


def _spreads(options: Arg, name: str) -> bool:
    return any(i.kind == "spread" and i.value == name for i in options.items)


def _spread_parameter(item: Arg, params: tuple[str, ...]) -> int | None:
    if item.kind != "spread" or item.value not in params:
        return None
    return params.index(item.value)
