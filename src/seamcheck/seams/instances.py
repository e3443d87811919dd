"""Values an instance keeps: a constructor's parameter stored on the instance (`this.base =
base`, `constructor(private base: string)`, `self.http = httpx.AsyncClient(base_url=base)`)
holds, in the class's other methods, what the places that make the class give it, when
every such place gives the same value (`new ModelClient(process.env.MODEL_URL)`). Test code
(`project.is_test_file`) makes clients with stub URLs (`new ModelClient('http://localhost:9999')`)
and patches, subclasses and mocks them; for a class outside test code it has no say, except
that its places making the class count when no other place does.

A subclass makes instances that run the constructor too: with no constructor of its own, the
places making it give the constructor's parameters (`new Canary(url)`); with one, its
`super()` call does (`super().__init__(base_url=ML_URL)`, `super(ML_URL)`), with what the
places making the subclass give that constructor's own parameters. Read in a subclass's own
method, only the places making that subclass count.

Conservative: several places giving different values (two subclasses giving two base URLs),
a value not known here, an attribute assigned anywhere else, a subclass whose constructor
does not call this one through `super()` (or deriving from it after another base), a class
handed on as a value (made where seamcheck cannot see) leave the parameter unknown, with
the reason."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from seamcheck.facts import Arg, Binding, Call, shown_parameter
from seamcheck.project import is_test_file
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.resolve.names import Ref
from seamcheck.seams.arguments import argument, value_given
from seamcheck.seams.hierarchy import Cls, Hierarchy
from seamcheck.seams.values import (
    Given,
    Part,
    Slot,
    Template,
    Values,
    constructor_class,
    display,
    parameter_names,
    slots_in,
)

# Calls that take a class as an argument without making it somewhere unseen (Python's
# `super(Cls, self)` names the class its constructor's `super()` call is written in).
_INSPECTING = frozenset({"isinstance", "issubclass", "super"})
# A function's methods that run it with another `this`.
_RUN_ON = frozenset({"call", "apply", "bind"})


@dataclass(frozen=True, slots=True)
class _Maker:
    """A call that gives a constructor its arguments, in `path`; `outer`: the values of the
    parameters of the constructor it is written in, for a `super()` call."""

    path: str
    call: Call
    outer: Given | None = None


class Constructions:
    """The values the places that make a first-party class give its constructor."""

    def __init__(self, resolution: Resolution, values: Values) -> None:
        self.resolution = resolution
        self.values = values
        self._made: dict[str, list[ResolvedCall]] | None = None  # see `_constructions`
        self.hierarchy = Hierarchy(values)
        self._held: dict[tuple[str, str, str, Cls | None], Template] = {}
        self._handed: dict[tuple[str, str], bool] = {}
        self._importers: dict[str, set[str]] | None = None  # path -> the files importing it
        self._outside: dict[tuple[str, str, str], str] = {}  # see `set_outside`
        # service -> attribute -> the assignments of it on objects, not `self`/`this`
        self._written: dict[str, dict[str, list[tuple[str, Binding]]]] = {}

    def given(
        self,
        path: str,
        constructor: str,
        params: tuple[str, ...],
        outer: Given | None,
        seen_from: Cls | None = None,
    ) -> Given:
        """What the parameters of `constructor` (in `path`) hold when read through an
        attribute of the instance from another method: the value every place that makes the
        class gives, or why that is not known; any other parameter's value is `outer`'s.
        Read from a method of a subclass (`seen_from`), only the places making that
        subclass (and those deriving from it) count. Nothing is read until a parameter is
        looked up."""
        return _Held(self, path, constructor, params, outer, seen_from)

    def set_outside(self, path: str, cls: str, attribute: str) -> str:
        """Why an instance's `attribute` may hold another value than its class `cls` (in
        `path`) sets: it is set on an object that may be one (memoised); "" when it is not.
        Its other assignments in the class are `Values.assigned_again`'s."""
        key = (path, cls, attribute)
        found = self._outside.get(key)
        if found is None:
            elsewhere = self._written_elsewhere(path, cls, attribute)
            found = self._outside[key] = (
                f"'{attribute}' is assigned on an object that may be a {cls} ({elsewhere})"
                if elsewhere is not None
                else ""
            )
        return found

    def value(
        self, path: str, constructor: str, name: str, seen_from: Cls | None = None
    ) -> Template:
        """What parameter `name` of `constructor` holds, as every place making the class
        (or, `seen_from`, that subclass) gives it (memoised; a value that needs itself is
        unknown)."""
        key = (path, constructor, name, seen_from)
        found = self._held.get(key)
        if found is None:
            shown = shown_parameter(name)
            self._held[key] = (Part(shown, True, f"'{shown}' is made of itself"),)
            found = self._held[key] = self._value(path, constructor, name, seen_from)
        return found

    def _value(self, path: str, constructor: str, name: str, seen_from: Cls | None) -> Template:
        file = self.values.symbols[path]
        definition = file.definitions[constructor]
        cls = constructor_class(constructor) or constructor  # a JS constructor function's own
        shown = shown_parameter(name)
        made = self._makers(path, cls, constructor, seen_from)
        if isinstance(made, str):
            return (Part(shown, True, f"'{shown}': {made}"),)
        values: dict[Template, list[str]] = {}
        for maker in made:
            call = maker.call
            given = argument(call, definition, name, file.is_python)
            at = (maker.path, call.scope)
            template = value_given(self.values, at, path, name, given, maker.outer)
            where = f"{maker.path}:{call.span.line}"
            if slots_in(template):
                why = (
                    f"'{shown}' is given a parameter of {call.scope} where {cls} is made ({where})"
                )
                return (Part(shown, True, why),)
            unknown = next((p for p in template if p.param), None)
            if unknown is not None:
                why = f"'{shown}' is not known where {cls} is made ({where}): {unknown.note}"
                return (Part(shown, True, why),)
            values.setdefault(template, []).append(where)
        if len(values) == 1:
            return next(iter(values))
        seen = ", ".join(f"{display(t)} at {w[0]}" for t, w in list(values.items())[:3])
        return (Part(shown, True, f"{cls} is made with different values of '{shown}': {seen}"),)

    def _makers(
        self, path: str, cls: str, constructor: str, seen_from: Cls | None
    ) -> list[_Maker] | str:
        """The calls that give `constructor` (of `cls`, in `path`) its arguments when an
        instance of `cls` (or of the subclass `seen_from`) is made; or why they are not all
        known."""
        chain = self.hierarchy.chain(seen_from, (path, cls)) if seen_from is not None else None
        if chain is not None:
            made = self._subclass_makers(chain)
        else:
            made = self._below([(path, cls)])
            if constructor != cls and not isinstance(made, str):
                # a constructor function is its class's node, read by `_below`
                direct = self._constructions().get(f"{path}::{constructor}", ())
                made.extend(_Maker(r.path, r.call) for r in direct)
        if isinstance(made, str):
            return made
        if not is_test_file(path):
            made = [m for m in made if not is_test_file(m.path)] or made
        made.sort(key=lambda m: (m.path, m.call.span.line, m.call.span.column))
        service = self.values.service_of.get(path, "")
        if not made:
            return f"no place that makes {cls} is seen"
        if any(self.values.service_of.get(m.path, "") != service for m in made):
            return f"{cls} is made in another service"
        return made

    def _subclass_makers(self, chain: list[Cls]) -> list[_Maker] | str:
        """The calls giving a base class's constructor its arguments for instances of the
        last class of `chain` (the classes deriving from it down to that one, each from the
        one before): the `super()` calls of the first of them with a constructor of its own
        (read with what making that subclass gives it), else the places making the subclass."""
        for index, (at, named) in enumerate(chain):
            own = self.hierarchy.constructor(at, named)
            if own is None:
                continue
            supers, nested = self.hierarchy.super_calls(at, own)
            if nested or not supers:
                return f"{named}'s constructor does not call its base class's with super() itself"
            params = self.values.symbols[at].definitions[own].params
            below = chain[-1] if index < len(chain) - 1 else None
            outer = self.given(at, own, params, None, below)
            return [_Maker(at, call, outer) for call in supers]
        return self._below([chain[-1]])

    def _below(self, classes: list[Cls]) -> list[_Maker] | str:
        """The calls giving a constructor its arguments for instances of `classes` (which
        have no constructor of their own but it, or are its class) and of the classes
        deriving from them: those making them, and their subclasses' `super()` calls (read
        with what the places making those give them); or why they are not all known."""
        made: list[_Maker] = []
        for at, named in classes:
            if self._handed_on(at, named):
                return (
                    f"{named} is handed on as a value, and may be made where seamcheck cannot see"
                )
            made.extend(
                _Maker(r.path, r.call) for r in self._constructions().get(f"{at}::{named}", ())
            )
            subclasses = self.hierarchy.subclasses(at, named)
            if subclasses is None:
                return f"{named} has subclasses seamcheck cannot follow"
            for (sub_path, sub), position in subclasses:
                if position:
                    return f"{sub} derives from {named} after another base"
                own = self.hierarchy.constructor(sub_path, sub)
                if own is None:
                    if (sub_path, sub) not in classes:  # a cycle of bases, in broken code
                        classes.append((sub_path, sub))
                    continue
                supers, nested = self.hierarchy.super_calls(sub_path, own)
                if nested or not supers:
                    return f"{sub}'s constructor does not call {named}'s with super() itself"
                params = self.values.symbols[sub_path].definitions[own].params
                outer = self.given(sub_path, own, params, None)
                made.extend(_Maker(sub_path, call, outer) for call in supers)
        return made

    def makers(self, path: str, cls: str) -> list[ResolvedCall]:
        """The calls making the class `cls` of `path` itself (not a subclass), whether or not
        it has a constructor of its own, in path and line order; those in test files only
        for a class of a test file."""
        constructions = self._constructions()
        made = sorted(
            (
                *constructions.get(f"{path}::{cls}", ()),
                *constructions.get(f"{path}::{cls}.__init__", ()),
            ),
            key=lambda r: (r.path, r.call.span.line, r.call.span.column),
        )
        if is_test_file(path):
            return made
        return [r for r in made if not is_test_file(r.path)]

    def _constructions(self) -> dict[str, list[ResolvedCall]]:
        """Constructor or class node id -> the calls that make its class (a class's node:
        one without a constructor of its own)."""
        if self._made is None:
            self._made = {}
            for resolved in self.resolution.calls_of_kind("function"):
                if resolved.call.getter or resolved.call.decorates:
                    continue
                target = resolved.target
                if constructor_class(target) is not None or self._makes(target, resolved.call):
                    self._made.setdefault(target, []).append(resolved)
        return self._made

    def _makes(self, node: str, call: Call) -> bool:
        """Whether calling the definition `node` makes an instance: a class, or a JS
        constructor function called with `new`."""
        path, _, qualname = node.partition("::")
        file = self.values.symbols.get(path)
        definition = file.definitions.get(qualname) if file is not None else None
        if file is None or definition is None:
            return False
        return definition.kind == "class" or (
            call.construct and qualname in file.constructor_functions
        )

    def _handed_on(self, path: str, cls: str) -> bool:
        """Whether the class is given to a call or bound to another name as a value (a
        dependency injection container, a factory, `partial(ModelClient, ...)`), in its
        file or one that imports it: it may then be made where seamcheck cannot see."""
        key = (path, cls)
        found = self._handed.get(key)
        if found is None:
            found = self._handed[key] = self._find_handed(path, cls)
        return found

    def _find_handed(self, path: str, cls: str) -> bool:
        name = cls.rpartition(".")[2]
        if self._importers is None:
            self._importers = {}
            for resolved in self.resolution.imports:
                for target in resolved.targets:
                    self._importers.setdefault(target.path, set()).add(resolved.path)
        for user in sorted({path} | self._importers.get(path, set())):
            file = self.values.symbols.get(user)
            if file is None or _no_say(user, path):
                continue
            names = {name} | {
                alias
                for (_, alias), (target, member) in file.imported.items()
                if target.path == path and member == name
            }
            if any(b.kind == "name" and _last(b.value) in names for b in file.facts.bindings):
                return True
            if any(_passes(call, names) for call in file.facts.calls):
                return True
        return False

    def _written_elsewhere(self, path: str, cls: str, attribute: str) -> str | None:
        """Where the service's code sets `attribute` on an object other than `self`/`this`
        that may be an instance of the class (`client.base_url = ...`): one of it, or a
        name seamcheck cannot follow; None when there is no such place."""
        service = self.values.service_of.get(path, "")
        written = self._written.get(service)
        if written is None:
            written = self._written[service] = {}
            for user, file in self.values.symbols.items():
                if self.values.service_of.get(user, "") != service:
                    continue
                for binding in file.facts.bindings:
                    owner, _, name = binding.target.rpartition(".")
                    if owner and owner not in ("self", "this"):
                        written.setdefault(name, []).append((user, binding))
        for user, binding in written.get(attribute, ()):
            if _no_say(user, path):
                continue
            file = self.values.symbols[user]
            owner = binding.target.rpartition(".")[0]
            ref = self.values.names.resolve_dotted(file, binding.scope, owner, 0)
            if ref.kind == "unresolved" or _is(ref, "instance", path, cls):
                return f"{user}:{binding.line}"
            if ref.kind == "def" and self._sets_the_class(ref, path, cls):
                # `ModelClient.base_url = ...`, `cls.base_url = url` (in a subclass's too):
                # what its instances read until they set their own.
                return f"{user}:{binding.line}"
        return None

    def _sets_the_class(self, ref: Ref, path: str, cls: str) -> bool:
        """Whether `ref`, a definition an attribute is set on, is Python class `cls` or one
        of its family (a JS class's static is no instance's member)."""
        if not self.values.symbols[path].is_python:
            return False
        if _is(ref, "def", path, cls):
            return True
        family = self.hierarchy.family(path, cls) if self.hierarchy.related(path, cls) else []
        return not isinstance(family, str) and (ref.path, ref.name) in family


def _no_say(user: str, path: str) -> bool:
    """Whether what the code in `user` does to a class of `path` is left out: it is test
    code, and the class is not."""
    return is_test_file(user) and not is_test_file(path)


def _is(ref: Ref, kind: str, path: str, qualname: str) -> bool:
    return ref.kind == kind and ref.path == path and ref.name == qualname


def _last(dotted: str) -> str:
    return dotted.rpartition(".")[2]


def _passes(call: Call, names: set[str]) -> bool:
    """Whether `call` is given one of `names` as a value, maybe inside a list or object, or
    its prototype (`Object.create(Client.prototype)`), or runs it on another object as a
    JS constructor function (`Client.call(this, url)`: a subclass of the old kind)."""
    if call.callee in _INSPECTING:
        return False
    owner, _, method = call.callee.rpartition(".")
    if method in _RUN_ON and _last(owner) in names:
        return True
    stack: list[Arg] = list(call.args)
    while stack:
        arg = stack.pop()
        if arg.kind == "name" and _last(arg.value.removesuffix(".prototype")) in names:
            return True
        stack.extend(arg.items)
    return False


class _Held(Mapping[Slot, Template]):
    """The values of one constructor's parameters, read through an attribute of the instance
    on first use (most lookups through an instance never need them), before those of
    `outer`."""

    def __init__(
        self,
        constructions: Constructions,
        path: str,
        constructor: str,
        params: tuple[str, ...],
        outer: Given | None,
        seen_from: Cls | None,
    ) -> None:
        self.constructions = constructions
        self.path = path
        self.constructor = constructor
        self.names = frozenset(parameter_names(params))
        self.outer: Given = outer if outer is not None else {}
        self.seen_from = seen_from

    def _own(self, slot: object) -> bool:
        return (
            isinstance(slot, Slot)
            and slot.path == self.path
            and slot.function == self.constructor
            and slot.name.partition(".")[0] in self.names
        )

    def __contains__(self, slot: object) -> bool:
        return self._own(slot) or slot in self.outer

    def __getitem__(self, slot: Slot) -> Template:
        if not self._own(slot):
            return self.outer[slot]
        return self.constructions.value(self.path, self.constructor, slot.name, self.seen_from)

    def __iter__(self) -> Iterator[Slot]:
        own = [Slot(self.path, self.constructor, n) for n in sorted(self.names)]
        return iter([*own, *(s for s in self.outer if not self._own(s))])

    def __len__(self) -> int:
        return sum(1 for _ in self)
