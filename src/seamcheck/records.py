"""`dataclass` for seamcheck's records: the stdlib's, at a fraction of its cost per class.

seamcheck defines about 130 record classes, and a run that parses one edited file imports
about 60 of them. On Python 3.10-3.12 `dataclasses.dataclass` compiles each method it
generates with an `exec` of its own, six for a frozen slotted record: 0.8-1 ms a class,
about 45 ms of a 0.17 s run that re-parses one file. Here the stdlib does what needs its
knowledge (fields and defaults, inheritance, slots, `__match_args__`,
`__dataclass_fields__`) with method generation turned off; `__init__` is compiled, one `exec`
per class, and `__repr__`, `__eq__`, `__hash__` and a frozen record's `__setattr__` and
`__delattr__` are closures over the fields.

The records behave as the stdlib makes them: `dataclasses.fields`, `replace`, `asdict` and
`is_dataclass` work; equality, hashing, repr, defaults, `field(default_factory=...,
repr=False, compare=False)` and `__post_init__` are the stdlib's; a frozen record refuses
assignment with `FrozenInstanceError`, and pickles and copies; a record extends records
that are frozen as it is, and may implement an abstract base's methods. The differences:
`__dataclass_params__` describes the stdlib call made here, not the record (so a record
cannot be extended by a class the stdlib's `dataclass` makes frozen); a record without a
docstring gets one that names its fields without their types; `__init__`'s globals are not
its module's, so `typing.get_type_hints(Record.__init__)` needs that module's namespace
given (`get_type_hints(Record)` needs nothing); equality compares tuples of
fields, as the stdlib did up to 3.12 (3.13's compares field by field, which differs for a
field that is not equal to itself, such as NaN); and what no record here uses (`order`,
`kw_only`, `InitVar`, fields left out of `__init__`) is refused with TypeError rather than
built. Type checkers see `dataclasses.dataclass` itself.
"""

from __future__ import annotations

import abc
import dataclasses
import types
import weakref
from _thread import get_ident
from operator import attrgetter

TYPE_CHECKING = False  # typing itself is not imported at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from dataclasses import dataclass as dataclass
    from typing import Any, TypeVar

    T = TypeVar("T")
else:

    def dataclass(cls=None, /, *, frozen=False, slots=False):
        """`@dataclass`, `@dataclass(frozen=True, slots=True)` or `@dataclass(slots=True)`."""

        def wrap(cls):
            return record(cls, frozen=frozen, slots=slots)

        return wrap if cls is None else wrap(cls)


# Marks a class without a docstring, which the stdlib would give one by computing the
# signature of its `__init__` (which does not exist yet while it runs).
_NO_DOC = "\0seamcheck record without a docstring"


class _Factory:
    """The default of a parameter whose field has a default factory."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


# Whether each record made here is frozen: its `__dataclass_params__` describes the stdlib
# call made here, which is never frozen.
_frozen: weakref.WeakKeyDictionary[type, bool] = weakref.WeakKeyDictionary()


def record(cls: type[T], *, frozen: bool, slots: bool) -> type[T]:
    """`cls` as `dataclasses.dataclass(cls, frozen=frozen, slots=slots)` would make it."""
    _refuse_mixed_freezing(cls, frozen)
    own = cls.__dict__
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if not cls.__doc__:
        cls.__doc__ = _NO_DOC
    made: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    fields = dataclasses.fields(made)
    _refuse_unsupported(made, fields)
    if made.__doc__ == _NO_DOC:
        made.__doc__ = f"{made.__name__}({', '.join(f.name for f in fields)})"
    compared = _key([f.name for f in fields if f.compare])
    methods = {
        "__init__": _init(made, fields, frozen),
        "__repr__": _repr(tuple(f.name for f in fields if f.repr)),
        "__eq__": _eq(compared),
    }
    if frozen:
        names = frozenset(f.name for f in fields)
        methods["__setattr__"], methods["__delattr__"] = _refusals(made, names)
    if frozen and slots:  # a record without slots pickles and copies its __dict__
        if "__getstate__" not in own:
            methods["__getstate__"] = _getstate
        if "__setstate__" not in own:
            methods["__setstate__"] = _setstate
    for name, method in methods.items():
        _add(made, name, method)
    if not explicit_hash:
        # As the stdlib: a frozen record hashes the fields it compares; a mutable one is
        # unhashable, since its hash would change while it sits in a set or dict.
        hashed = [f.name for f in fields if f.hash or (f.hash is None and f.compare)]
        made.__hash__ = _hash(_key(hashed)) if frozen else None
    # As the stdlib: an abstract method of a base (`__repr__`, say) may be implemented now.
    abc.update_abstractmethods(made)
    _frozen[made] = frozen
    return made  # type: ignore[no-any-return]


def _refuse_mixed_freezing(cls: type, frozen: bool) -> None:
    """As the stdlib: a record is frozen if and only if the records it extends are; one
    half frozen would refuse assignment to some fields and take it for others."""
    for base in cls.__mro__[1:]:
        base_frozen = _frozen.get(base)
        if base_frozen is not None and base_frozen != frozen:
            if frozen:
                raise TypeError("cannot inherit frozen dataclass from a non-frozen one")
            raise TypeError("cannot inherit non-frozen dataclass from a frozen one")


def _refuse_unsupported(cls: Any, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    pseudo = set(cls.__dataclass_fields__) - {f.name for f in fields}  # ClassVar or InitVar
    if any("InitVar" in str(cls.__dataclass_fields__[name].type) for name in pseudo):
        raise TypeError(f"{cls.__name__}: InitVar fields are not supported")
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"{cls.__name__}.{f.name}: init=False and kw_only are not supported")


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> Any:
    """`__init__`, the one method compiled: its parameters are the fields, so that calls
    and `inspect.signature` read as the stdlib's. Its globals are `scope`, which holds
    what it uses besides the fields (defaults, setters) under names no field takes; the
    stdlib's wraps it in a function compiled in the record's module, which costs a third
    more to compile than `__init__` alone."""
    scope: dict[str, Any] = {
        "__dataclass_FACTORY__": _FACTORY,
        "__dataclass_object_setattr__": object.__setattr__,
    }
    self = "__dataclass_self__" if any(f.name == "self" for f in fields) else "self"
    params, lines = [], []
    seen_default = False
    for i, f in enumerate(fields):
        if f.default is not dataclasses.MISSING:
            scope[f"__dataclass_default_{i}__"] = f.default
            params.append(f"{f.name}=__dataclass_default_{i}__")
            seen_default = True
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__dataclass_factory_{i}__"] = f.default_factory
            params.append(f"{f.name}=__dataclass_FACTORY__")
            lines.append(
                f"if {f.name} is __dataclass_FACTORY__: {f.name} = __dataclass_factory_{i}__()"
            )
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        else:
            params.append(f.name)
    for i, f in enumerate(fields):
        slot = _slot(cls, f.name)
        if slot is not None:  # the slot's own setter: half the cost of object.__setattr__
            scope[f"__dataclass_set_{i}__"] = slot.__set__
            lines.append(f"__dataclass_set_{i}__({self}, {f.name})")
        elif frozen:
            lines.append(f"__dataclass_object_setattr__({self}, {f.name!r}, {f.name})")
        else:
            lines.append(f"{self}.{f.name} = {f.name}")
    if hasattr(cls, "__post_init__"):
        lines.append(f"{self}.__post_init__()")
    source = f"def __init__({', '.join([self, *params])}):" + "".join(
        f"\n    {line}" for line in lines or ["pass"]
    )
    exec(source, scope)  # field names only
    init = scope["__init__"]
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    return init


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields of a record, as the stdlib's methods compare and hash."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


def _eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in _showing:  # a record that contains itself, as the stdlib shows it
            return "..."
        _showing.add(key)
        try:
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        finally:
            _showing.discard(key)
        return f"{type(self).__qualname__}({shown})"

    return __repr__


# The records being shown, by thread.
_showing: set[tuple[int, int]] = set()


def _refusals(cls: Any, names: frozenset[str]) -> tuple[Callable[..., None], ...]:
    """A frozen record's `__setattr__` and `__delattr__`, as the stdlib's."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _slot(cls: type, name: str) -> Any:
    """The member descriptor that stores field `name`, when the class (or a base) has one."""
    for klass in cls.__mro__:
        if name in klass.__dict__:  # what `self.name` finds first, a default of None too
            found = klass.__dict__[name]
            return found if type(found) is types.MemberDescriptorType else None
    return None


def _add(cls: type, name: str, method: Callable[..., Any]) -> None:
    """Set `method` unless the class defines its own (the stdlib never overwrites one)."""
    if name in cls.__dict__:
        if name in ("__setattr__", "__delattr__"):
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        return
    if method is not _getstate and method is not _setstate:  # those two every record shares
        method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, method)


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=False):
        object.__setattr__(self, f.name, value)  # refused by the frozen __setattr__
