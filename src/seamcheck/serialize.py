"""Records (frozen dataclasses of str, int, bool, None, tuples and nested records) to plain
JSON values and back, driven by their type hints.

The encoding is positional (a record is a list of its field values) which keeps cache entries
small and fast to read. Because it follows the type hints, a field added to `FileFacts` or
`Finding` needs no change here; the cache keys change with the code that defines the records
(`inputs.extraction_identity`), so older entries are never decoded into the new shape.
Decoding checks the shape it walks and raises `ValueError` on anything that does not fit:
cached data is never trusted.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Generic, TypeVar

from seamcheck.records import dataclass

T = TypeVar("T")
Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]

_PRIMITIVES = (str, int, bool, float)


@dataclass(frozen=True, slots=True)
class Codec(Generic[T]):
    encode: Callable[[T], Any]
    decode: Callable[[Any], T]


@cache
def codec_for(cls: type[T]) -> Codec[T]:
    encode, decode = _record(cls)
    return Codec(encode, decode)


_RECORDS: dict[type, tuple[Encoder, Decoder]] = {}


def _record(cls: type) -> tuple[Encoder, Decoder]:
    """Encoder and decoder of one record class, generated as straight-line code: facts hold
    tens of thousands of records, and a loop over fields per record costs twice as much.
    A record that contains itself (`Arg.items`) gets, while it is being built, coders that
    defer to the finished ones."""
    if cls in _RECORDS:
        return _RECORDS[cls]
    finished: dict[str, Callable[[Any], Any]] = {}
    _RECORDS[cls] = (lambda o: finished["encode"](o), lambda d: finished["decode"](d))
    try:
        finished["encode"], finished["decode"] = _build_record(cls)
    except BaseException:
        del _RECORDS[cls]
        raise
    _RECORDS[cls] = (finished["encode"], finished["decode"])
    return _RECORDS[cls]


def _build_record(cls: type) -> tuple[Encoder, Decoder]:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    scope: dict[str, Any] = {"cls": cls, "ValueError": ValueError, "intern": sys.intern}
    encoded, checks, decoded = [], [], []
    for i, name in enumerate(names):
        where = f"{cls.__name__}.{name}"
        encoded.append(_inline_encoder(hints[name], i, f"o.{name}", where, scope))
        check, expression = _inline_decoder(hints[name], i, where, scope)
        checks.extend(check)
        decoded.append(expression)
    problem = f"{cls.__name__}: expected a list of {len(names)} values"
    source = (
        f"def encode(o):\n    return [{', '.join(encoded)}]\n"
        "def decode(d):\n"
        f"    if type(d) is not list or len(d) != {len(names)}:\n"
        f"        raise ValueError({problem!r})\n"
        + _leaf_shortcut(cls, hints, names, decoded, scope)
        + "".join(f"    {line}\n" for line in checks)
        + _construct(cls, names, decoded, scope)
    )
    exec(source, scope)  # generated from field names only, never from data
    return scope["encode"], scope["decode"]


def _construct(cls: type, names: list[str], decoded: list[str], scope: dict[str, Any]) -> str:
    """The decoder's last lines: a new record of the decoded fields.

    A frozen dataclass's `__init__` stores each field through `object.__setattr__`, which
    made building records most of what decoding a file's facts cost. A slotted record whose
    `__init__` does no more than store its fields is built by storing them through the slot
    descriptors instead, at half the cost; it is as frozen as one built by `__init__`
    (freezing is `__setattr__` refusing, and nothing here goes through it)."""
    slots = [cls.__dict__.get(name) for name in names]
    plain_init = (
        not hasattr(cls, "__post_init__")
        and all(f.init for f in dataclasses.fields(cls))
        and all(type(slot) is types.MemberDescriptorType for slot in slots)
    )
    if not plain_init:
        return f"    return cls({', '.join(decoded)})\n"
    scope["new"] = object.__new__
    lines = ["    o = new(cls)"]
    for i, (slot, expression) in enumerate(zip(slots, decoded, strict=True)):
        scope[f"s{i}"] = slot.__set__  # type: ignore[union-attr]
        lines.append(f"    s{i}(o, {expression})")
    return "".join(f"{line}\n" for line in [*lines, "    return o"])


# Records whose instances without nested records repeat, decoded through a factory that
# shares equal ones (`facts.leaf_arg`); the factory takes the other fields in order.
_LEAF_FACTORIES: dict[type, Callable[..., Any]] = {}


def share_leaves(cls: type[T], factory: Callable[..., T]) -> None:
    """Decode instances of `cls` whose tuple fields are all empty with `factory`."""
    if cls in _RECORDS:
        raise RuntimeError(f"share_leaves({cls.__name__}) after its codec was built")
    _LEAF_FACTORIES[cls] = factory


def _leaf_shortcut(
    cls: type, hints: dict[str, Any], names: list[str], decoded: list[str], scope: dict[str, Any]
) -> str:
    factory = _LEAF_FACTORIES.get(cls)
    if factory is None:
        return ""
    tuples = [i for i, name in enumerate(names) if typing.get_origin(hints[name]) is tuple]
    others = [decoded[i] for i in range(len(names)) if i not in tuples]
    scope["leaf"] = factory
    empty = " and ".join(f"d[{i}] == []" for i in tuples)
    return f"    if {empty}:\n        return leaf({', '.join(others)})\n"


def _inline_encoder(tp: Any, i: int, field: str, where: str, scope: dict[str, Any]) -> str:
    """An expression that encodes `field`, written out in the record's encoder like the
    decoders below: most tuple fields are empty, and a function call for each of them was a
    third of encoding a file's facts. json writes a tuple as an array, so tuples of scalars
    (and empty ones) are left as they are."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item_encode, _ = _value(args[0], where)
        if item_encode is None:
            return field
        scope[f"e{i}"] = item_encode
        return f"([e{i}(x) for x in {field}] if {field} else ())"
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        inner_encode, _ = _value(inner, where)
        if inner_encode is None:
            return field
        scope[f"e{i}"] = inner_encode
        return f"(None if {field} is None else e{i}({field}))"
    encode, _ = _value(tp, where)
    if encode is None:
        return field
    scope[f"e{i}"] = encode
    return f"e{i}({field})"


def _inline_decoder(tp: Any, i: int, where: str, scope: dict[str, Any]) -> tuple[list[str], str]:
    """Statements and an expression that decode field `i` of the list `d`, written out in the
    record's decoder, so that the common fields (strings, tuples of records, mostly empty)
    cost no function call of their own.

    Strings are interned: call sites repeat the same few thousand names and scopes, and one
    object per distinct string keeps a large run's decoded facts a quarter smaller. Written
    out here, interning costs no more than taking the string as it was decoded."""
    field = f"d[{i}]"
    if tp is str:
        return [], f"intern({field})"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        problem = f"{where}: expected a list"
        check = [f"if type({field}) is not list:", f"    raise ValueError({problem!r})"]
        if item is str:
            return check, f"tuple([intern(x) for x in {field}]) if {field} else ()"
        if item in _PRIMITIVES:
            return check, f"tuple({field})"
        if dataclasses.is_dataclass(item):
            scope[f"d{i}"] = _record(item)[1]  # type: ignore[arg-type]
            return check, f"tuple([d{i}(x) for x in {field}]) if {field} else ()"
    _, decode = _value(tp, where)
    if decode is None:
        return [], field
    scope[f"d{i}"] = decode
    return [], f"d{i}({field})"


def _value(tp: Any, where: str) -> tuple[Encoder | None, Decoder | None]:
    """(encoder, decoder) for one field type; None means the value is stored as it is."""
    if tp in _PRIMITIVES:
        # Entries are checksummed before decoding, so scalars are taken as stored.
        return None, None
    if dataclasses.is_dataclass(tp):
        return _record(tp)  # type: ignore[arg-type]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        encode, decode = _value(inner, where)
        return (
            None if encode is None else (lambda v: None if v is None else encode(v)),
            None if decode is None else (lambda v: None if v is None else decode(v)),
        )
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item_encode, item_decode = _value(args[0], where)
        return (
            # json writes a tuple of scalars as an array: nothing to do.
            None if item_encode is None else (lambda v: [item_encode(i) for i in v]),
            _tuple_decoder(item_decode, where),
        )
    if origin is tuple and args:
        coders = [_value(a, where) for a in args]
        return (
            lambda v: [v[i] if e is None else e(v[i]) for i, (e, _) in enumerate(coders)],
            _fixed_tuple_decoder(tuple(d for _, d in coders), where),
        )
    raise TypeError(f"{where}: cannot serialise a field of type {tp}")


def _tuple_decoder(item: Decoder | None, where: str) -> Decoder:
    def decode(v: Any) -> tuple[Any, ...]:
        if type(v) is not list:
            raise ValueError(f"{where}: expected a list")
        return tuple(v) if item is None else tuple([item(i) for i in v])

    return decode


def _fixed_tuple_decoder(items: tuple[Decoder | None, ...], where: str) -> Decoder:
    def decode(v: Any) -> tuple[Any, ...]:
        if type(v) is not list or len(v) != len(items):
            raise ValueError(f"{where}: expected a list of {len(items)} values")
        return tuple(x if d is None else d(x) for x, d in zip(v, items, strict=True))

    return decode
