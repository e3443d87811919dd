"""`seamcheck.records.dataclass` makes the records the stdlib's `dataclass` would: each class
below is built twice, by each, and every behaviour the code base relies on is compared."""

from __future__ import annotations

import abc
import copy
import dataclasses
import inspect
import pickle
import re
import sys
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest

from seamcheck import records
from seamcheck.facts import Arg, FileFacts, Span
from seamcheck.records import dataclass


def _classes(make: Any) -> dict[str, Any]:
    """The same record classes, made by `make` (the stdlib's decorator or seamcheck's)."""

    @make(frozen=True, slots=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()
        notes: list[str] = field(default_factory=list, compare=False, repr=False)

    @make(frozen=True, slots=True)
    class Point3(Point):
        z: int = 0

    @make(slots=True)
    class Bag:
        """A mutable record."""

        items: list[int] = field(default_factory=list)
        name: str = "bag"

        def __post_init__(self) -> None:
            self.name = self.name.upper()

    @make(frozen=True, slots=True)
    class Empty:
        pass

    made: dict[str, Any] = {"Point": Point, "Point3": Point3, "Bag": Bag, "Empty": Empty}
    for name, cls in made.items():  # picklable by name, as module-level records are
        cls.__qualname__ = f"{make.__module__.replace('.', '_')}_{name}"
        setattr(sys.modules[__name__], cls.__qualname__, cls)
    return made


STDLIB = _classes(dataclasses.dataclass)
OURS = _classes(dataclass)


def _behaviour(classes: dict[str, Any]) -> list[object]:
    Point, Point3, Bag, Empty = (classes[n] for n in ("Point", "Point3", "Bag", "Empty"))
    a, b = Point(1, 2, ("t",)), Point(1, 2, ("t",), ["ignored by eq"])
    sub = Point3(1, z=4)
    seen: list[object] = [
        repr(a).split("_")[-1],
        a == b,
        hash(a) == hash(b),
        a != Point(2),
        a == (1, 2, ("t",)),
        sub == Point(1),
        hash(Empty()) == hash(Empty()),
        Empty() == Empty(),
        Point.__match_args__,
        Point3.__match_args__,
        str(inspect.signature(Point)),
        str(inspect.signature(Point3)),
        [f.name for f in dataclasses.fields(Point3)],
        dataclasses.asdict(a),
        repr(dataclasses.replace(a, y=7)).split("_")[-1],
        pickle.loads(pickle.dumps(a)) == a,
        pickle.loads(pickle.dumps(sub)) == sub,
        copy.copy(a) == a,
        copy.deepcopy(sub) == sub,
        hasattr(a, "__dict__"),
        Point(1).notes is not Point(1).notes,
        Bag.__hash__,
        Bag.__doc__,
        Bag().name,
        Bag([1]) == Bag([1]),
        dataclasses.is_dataclass(Bag),
    ]
    for action in (
        lambda: setattr(a, "x", 5),
        lambda: delattr(a, "x"),
        lambda: setattr(sub, "z", 5),
        lambda: Point(),
        lambda: Point(1, 2, 3, 4, 5),
        lambda: Point(1, w=2),
    ):
        try:
            action()
            seen.append("no error")
        except Exception as exc:  # the kind and message, as the stdlib gives them
            seen.append((type(exc).__name__, str(exc).split(".")[-1]))
    bag = Bag()
    bag.items.append(3)
    bag.name = "changed"
    seen.append((bag.items, bag.name))
    return seen


def test_records_behave_as_the_stdlib_makes_them() -> None:
    assert _behaviour(OURS) == _behaviour(STDLIB)


def _edges(make: Any) -> list[object]:
    """What a contributor may yet write: records without slots, records that extend others,
    records that implement an abstract base. Each outcome, as `make` gives it."""
    seen: list[object] = []

    @make(frozen=True, slots=True)
    class Base:
        x: int | None

    @make(frozen=True)
    class Unslotted(Base):  # the default lands in the class, over Base's slot
        x: int | None = None

    made: dict[str, Any] = {"Unslotted": Unslotted}  # mypy cannot see `make`'s records
    seen.append(_outcome(lambda: made["Unslotted"](5).x))

    @make(frozen=True)
    class Cached:
        x: int

        def __post_init__(self) -> None:
            object.__setattr__(self, "double", self.x * 2)

    Cached.__qualname__ = f"{make.__module__.replace('.', '_')}_Cached"
    setattr(sys.modules[__name__], Cached.__qualname__, Cached)
    made["Cached"] = Cached
    seen.append(_outcome(lambda: copy.copy(made["Cached"](3)).double))
    seen.append(_outcome(lambda: pickle.loads(pickle.dumps(made["Cached"](3))).double))

    class Shown(abc.ABC):
        @abc.abstractmethod
        def __repr__(self) -> str: ...

    @make(frozen=True, slots=True)
    class Implemented(Shown):
        x: int

    made["Implemented"] = Implemented
    seen.append(_outcome(lambda: repr(made["Implemented"](1)).split(".")[-1]))

    @make(slots=True)
    class Mutable:
        a: int

    def frozen_on_mutable() -> None:
        @make(frozen=True, slots=True)
        class Frozen(Mutable):
            b: int = 0

    def mutable_on_frozen() -> None:
        @make(slots=True)
        class Loose(Base):
            b: int = 0

    seen.extend([_outcome(frozen_on_mutable), _outcome(mutable_on_frozen)])

    def named_as_internals() -> object:  # fields named as what an __init__ might use
        @make(frozen=True, slots=True)
        class Named:
            self: int
            set_1: int = 0
            factory_2: list[int] = field(default_factory=list)
            FACTORY: int = 0

        @make(frozen=True)
        class Unslotted:
            object_setattr: int

        made: dict[str, Any] = {"Named": Named, "Unslotted": Unslotted}
        shown = [made["Named"](1, 2, [3], 4), made["Named"](self=1), made["Unslotted"](5)]
        return [repr(one).split(".")[-1] for one in shown] + [Named.__init__.__module__]

    seen.append(_outcome(named_as_internals))
    return seen


def _outcome(action: Callable[[], object]) -> object:
    """What `action` returns, or the kind and message of what it raises."""
    try:
        return action()
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def test_records_a_contributor_may_yet_write_behave_as_the_stdlib_makes_them() -> None:
    assert _edges(dataclass) == _edges(dataclasses.dataclass)


def test_seamcheck_records_are_made_here_and_still_dataclasses() -> None:
    # A record defined with the stdlib's decorator would cost start-up time again.
    source = Path(records.__file__).parent
    stdlib_made = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(
            r"^from dataclasses import .*\bdataclass\b|@dataclasses\.dataclass",
            path.read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    ]
    assert stdlib_made == []
    assert Span.__repr__.__module__ == records.__name__
    assert dataclasses.is_dataclass(FileFacts)
    span = Span(1, 2, 3, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.line = 9  # type: ignore[misc]
    assert {span, Span(1, 2, 3, 4)} == {span}
    assert Arg("str", "x", None) == Arg("str", "x", None)


def test_what_is_not_supported_is_refused() -> None:
    with pytest.raises(TypeError, match="init=False"):

        @dataclass(frozen=True, slots=True)
        class Hidden:
            x: int = field(default=0, init=False)

    with pytest.raises(TypeError, match="non-default argument 'y'"):

        @dataclass(frozen=True, slots=True)
        class Misordered:
            x: int = 0
            y: int  # type: ignore[misc]

    with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__"):

        @dataclass(frozen=True, slots=True)
        class Settable:
            x: int

            def __setattr__(self, name: str, value: object) -> None:
                pass
