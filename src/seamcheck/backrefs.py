"""References from a helper back to the object that owns it, held weakly.

A finder that keeps a helper, which in turn keeps the finder (or one of its bound methods),
makes a reference cycle. Runs keep the cyclic garbage collector off (`analysis.py`), so such
a pair is never freed, nor anything either one holds: a cycle in the seams stage kept the
name resolver and its symbol tables alive into the graph and rule stages, where runs peak
(+16% peak RSS from 1k to 20k files). Helpers that call back into their owner take the call
through `weak_method`, or hold the owner through `weak_owner`; `tests/test_memory.py` checks
that a run leaves no cycle behind.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")


def weak_method(method: Callable[P, T]) -> Callable[P, T]:
    """The bound `method`, callable as it is, without keeping its object alive."""
    held = weakref.WeakMethod(method)
    name = method.__qualname__  # not `method` itself: the closure would hold its object

    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        bound = held()
        if bound is None:  # the owner outlives its helpers: this is a bug, not an input
            raise ReferenceError(f"{name} called after its object was freed")
        return bound(*args, **kwargs)

    return call


def weak_owner(owner: T) -> T:
    """`owner`, usable as it is, without being kept alive: for a helper it owns."""
    return cast(T, weakref.proxy(owner))
