"""Strings that first-party functions return: a helper that makes a URL (`apiUrl('items')`
with `function apiUrl(p) { return `${API}/api/${p}` }`, `url("predict")` with `def
url(path): return f"{settings.MODEL_URL}/v1/{path}"`), read at each call with what that
call gives the helper's parameters, as `fetch(apiUrl('items'))` requests it.

Conservative: only a function whose one `return` is a statement of its body (`RETURNED`: not
one in a branch, and not one of several) is read, and not an async function or a generator
(a call gives a promise or a generator), a constructor, a function a decorator may change or
a method a subclass may override. An argument not known here leaves its part unknown, and
so does a parameter the function assigns again (`Definition.params`). A helper returning
another helper's result is followed a few deep."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import RETURNED, Call, Definition, enclosing_scope
from seamcheck.seams.arguments import argument, value_given
from seamcheck.seams.values import Given, Located, Slot, Template, Values, parameter_names

# Calls of helpers read at once, each inside the one before (a helper returning a helper's
# result, an argument that is one): no more; a function returning its own result again ends
# at once.
MAX_HELPERS = 4
# Decorators that leave what the function returns alone (by the last part of their name).
_KEEPING = frozenset({"staticmethod", "classmethod", "lru_cache", "cache", "override"})
_CONSTRUCTORS = frozenset({"__init__", "constructor"})
# What a `RETURNED` binding may hold for the function to return a string.
_STRING_KINDS = frozenset({"str", "expr", "name", "call"})


class Returns:
    """What calls of first-party functions return, when that is a string."""

    def __init__(self, values: Values) -> None:
        self.values = values
        # path -> (line, column) -> the call written there
        self._calls_at: dict[str, dict[tuple[int, int], Call]] = {}
        self._reading: set[tuple[str, tuple[int, int]]] = set()  # the calls being read

    def of_call(
        self, path: str, at: tuple[int, int], depth: int, given: Given | None
    ) -> Template | None:
        """The string the call written `at` (line, column) in `path` returns, read with what
        it gives the function's parameters (`given`: the values of the parameters of the
        functions the call is written in); None when it is not followed."""
        key = (path, at)
        call = self._call_at(path, at)
        if call is None or key in self._reading or len(self._reading) >= MAX_HELPERS:
            return None
        found = self._returned(path, call)
        if found is None:
            return None
        self._reading.add(key)
        try:
            return self._given_back(path, call, *found, depth, given)
        finally:
            self._reading.discard(key)

    def _given_back(
        self,
        path: str,
        call: Call,
        located: Located,
        definition: Definition,
        depth: int,
        given: Given | None,
    ) -> Template | None:
        """What the function `definition` returns (its `RETURNED` binding `located`) at
        `call`, written in `path`."""
        at, function = located.path, definition.qualname
        python = at.endswith(".py")
        params = list(parameter_names(definition.params))
        if python and definition.kind == "method" and "staticmethod" not in definition.decorators:
            params = params[1:]  # `self`, `cls`: the object it is called on
        own = {
            Slot(at, function, name): value_given(
                self.values,
                (path, call.scope),
                at,
                name,
                argument(call, definition, name, python),
                given,
            )
            for name in params
        }
        inside: Given = {**(given or {}), **own}
        if located.binding.kind == "call":  # another helper's result
            template = self.values.call_result(located, depth + 1, inside)
        else:
            template = self.values.of_returned(located, depth + 1, inside)
        if template is None:
            return None
        # A parameter of the function that the call gives no value here (an entry of an
        # options parameter, `opts.base`): not one for its callers to give (`Wrappers`).
        return tuple(
            replace(p, slot=None) if p.slot is not None and p.slot.function == function
            and p.slot.path == at else p
            for p in template
        )  # fmt: skip

    def _returned(self, path: str, call: Call) -> tuple[Located, Definition] | None:
        """The `RETURNED` binding of the first-party function `call` calls, and that
        function, when it is one that returns a string the same way at each call."""
        if call.construct or call.getter or call.decorates:
            return None
        called = self.values.called_function(path, call)
        if called is None or not self._plain(called[0], called[2]):
            return None
        at, file, definition = called
        returned = file.bindings.get((definition.qualname, RETURNED))
        if returned is None or returned.kind not in _STRING_KINDS:
            return None
        return Located(at, returned), definition

    def _plain(self, path: str, definition: Definition) -> bool:
        """Whether each call of the function returns what its `return` says, once called:
        not a constructor, async function or generator, not one a decorator may change,
        not one whose name is assigned again, and not a method a subclass may override."""
        if definition.kind not in ("function", "method", "lambda"):
            return False
        if definition.is_async or definition.is_generator:
            return False
        if definition.qualname.rpartition(".")[2] in _CONSTRUCTORS:
            return False
        if any(d.rpartition(".")[2] not in _KEEPING for d in definition.decorators):
            return False
        file = self.values.symbols[path]
        # A name assigned another function at run time (`let getUrl = ...` that a
        # `configure(fn)` sets, Python's `global url; url = fn`): which one a call reaches
        # is not known.
        where = (enclosing_scope(definition.qualname), definition.qualname.rpartition(".")[2])
        bound = file.bindings.get(where)
        if where in file.rebindings or (bound is not None and bound.kind != "func"):
            return False
        cls = file.class_of(definition.qualname) if definition.kind == "method" else None
        if cls is None:
            return True
        hierarchy = self.values.hierarchy()
        return hierarchy.subclasses(path, cls) == []

    def _call_at(self, path: str, at: tuple[int, int]) -> Call | None:
        calls = self._calls_at.get(path)
        if calls is None:
            file = self.values.symbols.get(path)
            facts = file.facts.calls if file is not None else ()
            calls = self._calls_at[path] = {(c.span.line, c.span.column): c for c in facts}
        return calls.get(at)
