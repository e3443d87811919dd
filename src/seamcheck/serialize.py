"""Records (frozen dataclasses of str, int, bool, None, tuples and nested records) to plain
values and back, driven by their type hints.

Both encodings are positional: a record is a list of its field values, which keeps entries
small and fast to read.
- `codec_for`: JSON values, each string written where it is used (run records, `cache.py`).
- `packed_codec_for`: `marshal` values (facts, stored and shipped from workers, `cache.py`).
  A payload is `[table, body]`. The table holds each distinct string once, and each
  distinct leaf of a record whose leaves are shared (`share_leaves`: an `Arg` without
  pieces or items) as the tuple of its other fields; in `body` a string, or such a leaf, is
  its index in the table. A record of ints alone (`Span`) is written into its parent's
  list in place. A file's facts repeat the same scopes, callees, names and arguments:
  decoding each once, then taking it by index, costs a fraction of decoding (and interning,
  and sharing) it at every use, and a span's own list and the call decoding it cost as
  much as its four ints.

Because the coders follow the type hints, a field added to `FileFacts` or `Finding` needs no
change here; the cache keys change with the code that defines the records
(`inputs.extraction_identity`), so older entries are never decoded into the new shape.
Decoding checks the shape it walks and raises `ValueError` (or `TypeError` where a value is
of the wrong type) on anything that does not fit: cached data is never trusted.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Generic, TypeVar

from seamcheck.records import dataclass

T = TypeVar("T")
Encoder = Callable[..., Any]
Decoder = Callable[..., Any]

_PRIMITIVES = (str, int, bool, float)


@dataclass(frozen=True, slots=True)
class Codec(Generic[T]):
    encode: Callable[[T], Any]
    decode: Callable[[Any], T]


@cache
def codec_for(cls: type[T]) -> Codec[T]:
    """The JSON codec of `cls`: strings as they are, interned when decoded."""
    encode, decode = _record(cls, packed=False)
    return Codec(encode, decode)


@cache
def packed_codec_for(cls: type[T]) -> Codec[T]:
    """The `marshal` codec of `cls`: `[table, body]` (see the module's docstring)."""
    encode_body, decode_body = _record(cls, packed=True)
    leaves = [c for c in _reachable(cls) if c in _LEAF_FACTORIES]
    if len(leaves) > 1:  # their table entries would need telling apart
        raise TypeError(f"{cls.__name__}: more than one record with shared leaves")
    leaf = _leaf_entry_decoder(leaves[0]) if leaves else None
    # The leaves made so far by the tuple of their fields, which an entry equal to a key is
    # (a tuple of the same strings or None): taken without interning its strings or calling
    # the factory, 0.05 s of the 10k tree's 284,000 entries.
    known = _LEAF_FACTORIES[leaves[0]][1] if leaves else {}

    def encode(o: T) -> list[Any]:
        table = _Table()
        body = encode_body(o, table)
        return [list(table), body]

    def decode(payload: Any) -> T:
        if type(payload) is not list or len(payload) != 2 or type(payload[0]) is not list:
            raise ValueError(f"{cls.__name__}: expected a list of a table and a body")
        entries = payload[0]
        # Interned: call sites repeat the same few thousand names and scopes across files,
        # and one object per distinct string keeps a large run's facts a quarter smaller.
        if leaf is None:
            table = list(map(sys.intern, entries))
        else:
            intern = sys.intern
            table = [intern(e) if type(e) is str else known.get(e) or leaf(e) for e in entries]
        try:
            decoded: T = decode_body(payload[1], table)
        except IndexError:
            raise ValueError(f"{cls.__name__}: an index out of the table") from None
        return decoded

    return Codec(encode, decode)


class _Table(dict[Any, int]):
    """Each string's (or shared leaf's) index in a payload's table, numbered in the order
    they are met: one seen before costs one lookup, where `setdefault` would cost a call
    as well."""

    def __missing__(self, value: Any) -> int:
        self[value] = index = len(self)
        return index


_RECORDS: dict[tuple[type, bool], tuple[Encoder, Decoder]] = {}


def _record(cls: type, *, packed: bool) -> tuple[Encoder, Decoder]:
    """Encoder and decoder of one record class, generated as straight-line code: facts hold
    tens of thousands of records, and a loop over fields per record costs twice as much.
    A record that contains itself (`Arg.items`) gets, while it is being built, coders that
    defer to the finished ones."""
    key = (cls, packed)
    if key in _RECORDS:
        return _RECORDS[key]
    finished: dict[str, Callable[..., Any]] = {}
    _RECORDS[key] = (
        lambda *a: finished["encode"](*a),
        lambda *a: finished["decode"](*a),
    )
    try:
        finished["encode"], finished["decode"] = _Builder(cls, packed).build()
    except BaseException:
        del _RECORDS[key]
        raise
    _RECORDS[key] = (finished["encode"], finished["decode"])
    return _RECORDS[key]


class _Builder:
    """Writes the source of one record's encoder and decoder.

    In the generated code `o` is the record, `d` its encoded list (decoded, its values are
    unpacked once into `v0`, `v1`, ...: a local is read faster than an item of `d`, 3% of
    decoding a file's facts), and, packed, `S` the payload's table as it is being filled
    (`_Table`) and `T` the decoded table; every other name it uses is put in `scope` under
    a name of its own."""

    def __init__(self, cls: type, packed: bool) -> None:
        self.cls = cls
        self.packed = packed
        self.scope: dict[str, Any] = {
            "ValueError": ValueError,
            "intern": sys.intern,
            "new": object.__new__,
        }
        self.names = 0  # names taken in `scope` and in comprehensions

    def build(self) -> tuple[Encoder, Decoder]:
        cls = self.cls
        hints = typing.get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        encoded: list[str] = []
        flat: list[str] = []  # statements that make the records packed in place
        checks: list[str] = []  # statements that check the fields' shapes
        decoded: list[str] = []  # an expression per field
        for name in names:
            where = f"{cls.__name__}.{name}"
            tp = hints[name]
            at = len(encoded)
            if self.packed and _flat(tp):
                fields = [f.name for f in dataclasses.fields(tp)]
                encoded += [f"o.{name}.{field}" for field in fields]
                values = [f"v{at + i}" for i in range(len(fields))]
                made, expression = self._construct(tp, fields, values, self.fresh("r"))
                flat += made
                decoded.append(expression)
                continue
            encoded.append(self.encoder(tp, f"o.{name}", where))
            if not self.packed and _is_sequence(tp):
                # JSON: a field holds a list; packed, each item's decoder checks its own.
                problem = f"{where}: expected a list"
                checks += [f"if type(v{at}) is not list:", f"    raise ValueError({problem!r})"]
            decoded.append(self.decoder(tp, f"v{at}", where))
        size = len(encoded)
        problem = f"{cls.__name__}: expected a list of {size} values"
        made, expression = self._construct(cls, names, decoded, "o")
        if self.packed:
            source = (
                f"def encode(o, S):\n{self._leaf_index(hints, names)}"
                f"    return [{', '.join(encoded)}]\n"
                "def decode(d, T):\n"
                + ("    if type(d) is int:\n        return T[d]\n" if self._shared() else "")
            )
        else:
            source = f"def encode(o):\n    return [{', '.join(encoded)}]\ndef decode(d):\n"
        source += (
            f"    if type(d) is not list or len(d) != {size}:\n"
            f"        raise ValueError({problem!r})\n"
            + (f"    {''.join(f'v{i}, ' for i in range(size))}= d\n" if size else "")
            + "".join(f"    {line}\n" for line in flat)
            + "".join(f"    {line}\n" for line in [*checks, *made, f"return {expression}"])
        )
        # Generated from field names only, never from data; named for profiles and tracebacks.
        exec(compile(source, f"<{cls.__name__} codec>", "exec"), self.scope)
        return self.scope["encode"], self.scope["decode"]

    def fresh(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def encoder(self, tp: Any, value: str, where: str) -> str:
        """An expression that encodes `value`, of type `tp`. Tuples of values written as they
        are stay tuples: JSON writes them as arrays, marshal as tuples; `()` is written
        for every empty tuple, which decodes without a list of its own."""
        if tp is str:
            return f"S[{value}]" if self.packed else value
        if tp in _PRIMITIVES:
            return value
        if dataclasses.is_dataclass(tp):
            name = self.fresh("e")
            self.scope[name] = _record(tp, packed=self.packed)[0]  # type: ignore[arg-type]
            return f"{name}({value}, S)" if self.packed else f"{name}({value})"
        inner = _optional(tp)
        if inner is not None:
            encoded = self.encoder(inner, value, where)
            return value if encoded == value else f"(None if {value} is None else {encoded})"
        item = _sequence_item(tp)
        if item is not None:
            x = self.fresh("x")
            encoded = self.encoder(item, x, where)
            if encoded == x:
                return value
            # As in `decoder`: most sequences hold one item, and need no comprehension.
            one = self.encoder(item, f"{value}[0]", where)
            return (
                f"(() if not {value} else [{one}] if len({value}) == 1"
                f" else [{encoded} for {x} in {value}])"
            )
        raise TypeError(f"{where}: cannot serialise a field of type {tp}")

    def decoder(self, tp: Any, value: str, where: str) -> str:
        """An expression that decodes `value` into type `tp`, written out in the record's
        decoder, so that the common fields (strings, tuples of records, mostly empty) cost
        no function call of their own. JSON strings are interned here (written out, that
        costs no more than taking the string as it was decoded); packed ones were, once
        each, with their table."""
        if tp is str:
            return f"T[{value}]" if self.packed else f"intern({value})"
        if tp in _PRIMITIVES:
            # Entries are checksummed before decoding, so scalars are taken as stored.
            return value
        if dataclasses.is_dataclass(tp):
            name = self.fresh("d")
            self.scope[name] = _record(tp, packed=self.packed)[1]  # type: ignore[arg-type]
            if not self.packed:
                return f"{name}({value})"
            if tp in _LEAF_FACTORIES:  # a shared leaf, by its index, without a call
                return f"(T[{value}] if type({value}) is int else {name}({value}, T))"
            return f"{name}({value}, T)"
        inner = _optional(tp)
        if inner is not None:
            decoded = self.decoder(inner, value, where)
            if decoded == value or (inner is str and not self.packed):
                return value  # JSON: an optional string is taken as decoded
            return f"(None if {value} is None else {decoded})"
        item = _sequence_item(tp)
        if item is not None:
            x = self.fresh("x")
            decoded = self.decoder(item, x, where)
            if decoded == x:
                return f"tuple({value})"
            # A comprehension is a function call of its own (until Python 3.12), which cost
            # more than decoding the one or two items most sequences hold.
            one = self.decoder(item, f"{value}[0]", where)
            two = self.decoder(item, f"{value}[1]", where)
            return (
                f"(() if not {value} else ({one},) if len({value}) == 1"
                f" else ({one}, {two}) if len({value}) == 2"
                f" else tuple([{decoded} for {x} in {value}]))"
            )
        raise TypeError(f"{where}: cannot serialise a field of type {tp}")

    def _construct(
        self, cls: type, names: list[str], decoded: list[str], var: str
    ) -> tuple[list[str], str]:
        """Statements that make a `cls` of the decoded fields as `var`, and the expression
        that is then the record.

        Building records is most of what decoding a file's facts costs. A slotted record
        whose `__init__` does no more than store its fields is made without it: as an
        instance of its unfrozen twin (`_unfrozen_twin`), whose fields are stored as any
        attribute is (the interpreter writes a slot in place), then given its own class.
        That costs 0.4x what storing each field through its slot descriptor's `__set__` does
        (a `Call`: 130 against 320 ns), which cost half of what `__init__` does. The record
        is as frozen as one built by `__init__`: freezing is its class's `__setattr__`
        refusing, which nothing here goes through. A record whose layout has no twin has its
        fields stored through the slot descriptors."""
        slots = [cls.__dict__.get(name) for name in names]
        plain_init = (
            not hasattr(cls, "__post_init__")
            and all(f.init for f in dataclasses.fields(cls))
            and all(type(slot) is types.MemberDescriptorType for slot in slots)
        )
        kind = self.fresh("c")
        self.scope[kind] = cls
        if not plain_init:
            return [], f"{kind}({', '.join(decoded)})"
        twin = _unfrozen_twin(cls)
        if twin is not None:
            made = self.fresh("w")
            self.scope[made] = twin
            lines = [f"{var} = new({made})"]
            lines += [f"{var}.{name} = {value}" for name, value in zip(names, decoded, strict=True)]
            return [*lines, f"{var}.__class__ = {kind}"], var
        lines = [f"{var} = new({kind})"]
        for slot, expression in zip(slots, decoded, strict=True):
            setter = self.fresh("s")
            self.scope[setter] = slot.__set__  # type: ignore[union-attr]
            lines.append(f"{setter}({var}, {expression})")
        return lines, var

    def _shared(self) -> bool:
        return self.cls in _LEAF_FACTORIES

    def _leaf_index(self, hints: dict[str, Any], names: list[str]) -> str:
        """Packed: the encoder's first lines, which give a leaf of a record whose leaves are
        shared as its index in the table, its other fields the table's key."""
        if not self._shared():
            return ""
        tuples = [name for name in names if _is_sequence(hints[name])]
        others = [name for name in names if name not in tuples]
        for name in others:
            # Strings only: as a key, a leaf of 1 would be one of True.
            if hints[name] is not str and _optional(hints[name]) is not str:
                raise TypeError(f"{self.cls.__name__}.{name}: a shared leaf holds strings only")
        empty = " and ".join(f"not o.{name}" for name in tuples)
        key = "".join(f"o.{name}, " for name in others)
        return f"    if {empty}:\n        return S[({key})]\n"


# Records whose instances without nested records repeat, decoded through a factory that
# shares equal ones (`facts.leaf_arg`); the factory takes the other fields in order, and
# keeps what it made in the mapping beside it, by the tuple of those fields.
_LEAF_FACTORIES: dict[type, tuple[Callable[..., Any], Mapping[tuple[Any, ...], Any]]] = {}


def share_leaves(
    cls: type[T], factory: Callable[..., T], made: Mapping[tuple[Any, ...], T]
) -> None:
    """Decode instances of `cls` whose tuple fields are all empty with `factory`, which
    keeps those it made in `made`, by the tuple of the fields it takes."""
    if any(built is cls for built, _ in _RECORDS):
        raise RuntimeError(f"share_leaves({cls.__name__}) after its codec was built")
    _LEAF_FACTORIES[cls] = (factory, made)


def _leaf_entry_decoder(cls: type) -> Callable[[Any], Any]:
    """The decoder of a packed table's entry for a leaf of `cls`: the tuple of its fields
    but the (empty) tuples, strings as they are, made with the record's factory."""
    hints = typing.get_type_hints(cls)
    others = [f.name for f in dataclasses.fields(cls) if not _is_sequence(hints[f.name])]
    values = [
        f"intern(e[{i}])" if hints[name] is str else f"(None if e[{i}] is None else intern(e[{i}]))"
        for i, name in enumerate(others)  # strings or None (`_Builder._leaf_index`)
    ]
    problem = f"{cls.__name__}: expected a table entry of {len(others)} values"
    source = (
        "def entry(e):\n"
        f"    if type(e) is not tuple or len(e) != {len(others)}:\n"
        f"        raise ValueError({problem!r})\n"
        f"    return leaf({', '.join(values)})\n"
    )
    scope: dict[str, Any] = {
        "ValueError": ValueError,
        "intern": sys.intern,
        "leaf": _LEAF_FACTORIES[cls][0],
    }
    exec(compile(source, f"<{cls.__name__} leaves>", "exec"), scope)  # field names only
    return scope["entry"]  # type: ignore[no-any-return]


@cache
def _unfrozen_twin(cls: type) -> type | None:
    """A class of the same slots as `cls`, which only extends `object`, without its
    methods, so that assigning its attributes is not refused: an instance can be filled in,
    then made a `cls` by assigning its `__class__`, which Python allows between classes of
    the same layout. None when `cls` has no such twin (a base class of its own)."""
    slots = cls.__dict__.get("__slots__")
    if cls.__bases__ != (object,) or type(slots) is not tuple:
        return None
    twin = type(f"{cls.__name__}Twin", (), {"__slots__": slots, "__module__": __name__})
    probe: Any = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:  # another layout after all
        return None
    return twin


def _reachable(cls: type) -> list[type]:
    """The record classes `cls` holds, itself included, however deep."""
    found: list[type] = []
    todo: list[Any] = [cls]
    while todo:
        tp = todo.pop()
        if dataclasses.is_dataclass(tp):
            if tp not in found:
                found.append(tp)  # type: ignore[arg-type]
                todo += typing.get_type_hints(tp).values()
        else:
            todo += typing.get_args(tp)
    return found


def _flat(tp: Any) -> bool:
    """A record of ints alone, without a factory of its own: packed in its parent's list."""
    if not dataclasses.is_dataclass(tp) or tp in _LEAF_FACTORIES:
        return False
    hints = typing.get_type_hints(tp)
    return all(hints[f.name] in (int, bool) for f in dataclasses.fields(tp))


def _optional(tp: Any) -> Any:
    """X of `X | None`, else None."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return args[0] if args[1] is type(None) else args[1]
    return None


def _sequence_item(tp: Any) -> Any:
    """X of `tuple[X, ...]`, else None."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _is_sequence(tp: Any) -> bool:
    return _sequence_item(tp) is not None
