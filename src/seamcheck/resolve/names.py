"""Binding local names to qualified names, and call sites to what they call.

`from time import sleep as nap; nap()` -> `time.sleep`; `const { readFileSync: rf } =
require('node:fs')` -> `fs.readFileSync`; `self.helper()` -> `PATH::Class.helper`; an imported
first-party function -> its definition, through re-exports. Simple object tracking follows a
name bound to a call result (`s = requests.Session(); s.get()` -> `requests.Session().get`),
including `self.x = ...` set in another method. Whatever stays unknown keeps its reason.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace

from seamcheck.facts import (
    ASSIGNED_NONE,
    ENTRY_OF,
    GLOBAL_WRITE,
    MODULE_SCOPE,
    PROPERTY_DECORATORS,
    RETURNED,
    STORED_IN,
    Arg,
    Binding,
    Call,
    Definition,
    FileFacts,
    Import,
    enclosing_scope,
    is_own_parameter,
    loops_over_parameter,
    mapped_class,
    result_of,
)
from seamcheck.records import dataclass
from seamcheck.resolve.appstate import (
    APP,
    REQUEST,
    AppStates,
    Stored,
    named,
    state_kind,
    stored_once,
)
from seamcheck.resolve.model import (
    ImportTarget,
    ResolvedCall,
    ResolvedImport,
    ResolvedReference,
    UnfrozenCall,
    resolved_call,
)

PYTHON_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
JS_GLOBALS = frozenset(
    {
        "fetch", "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval",
        "queueMicrotask", "structuredClone", "console", "JSON", "Math", "Object", "Array",
        "Promise", "Atomics", "Buffer", "process", "URL", "URLSearchParams", "AbortController",
        "TextEncoder", "TextDecoder", "Date", "Error", "TypeError", "Number", "String",
        "Boolean", "Symbol", "Map", "Set", "WeakMap", "WeakSet", "Reflect", "Proxy", "parseInt",
        "parseFloat", "encodeURIComponent", "decodeURIComponent", "globalThis", "window",
        "document", "navigator", "localStorage", "sessionStorage", "alert", "crypto",
        "performance", "Intl", "RegExp", "BigInt", "isNaN", "Response", "Request", "Headers",
        "FormData", "Blob", "WebSocket", "EventSource", "XMLHttpRequest", "Worker",
    }
)  # fmt: skip
# AngularJS services injected by their parameter's name (`function ($scope, $http) {...}`):
# a name no code of the file binds is the framework's, a global of the page (AngularJS is
# loaded by a script tag as often as it is imported).
ANGULARJS_INJECTED = frozenset({"$http"})
# What Nuxt auto-imports into an app's pages, composables and server routes: a name no code
# of the file binds is Nuxt's (ofetch's `$fetch`, the data-fetching composables, the runtime
# config). A client only in a Nuxt app (`clients.nuxt_services`).
NUXT_AUTO_IMPORTS = frozenset(
    {"$fetch", "useFetch", "useLazyFetch", "useRuntimeConfig", "useRequestFetch"}
)
_MAX_DEPTH = 8
# How many classes of one hierarchy are walked for the library base a method comes from.
_MAX_CLASSES = 64
# Library bases that give their subclasses no methods to call: a method not found elsewhere
# is not theirs (`class Store(abc.ABC, redis.Redis)` calls Redis's).
_METHODLESS_BASES = frozenset(
    {"abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol"}
)
_PYTHON_BUILTINS = "ext:python:builtins"
_PYTHON_PACKAGES = "ext:python:"  # the graph nodes of Python libraries
# Decorators that give back what the function returns (by the last part of their name): a
# factory they decorate is followed to the client it makes. Any other may wrap the result.
_RESULT_KEEPING = frozenset(
    {"staticmethod", "classmethod", "lru_cache", "cache", "override", "abstractmethod"}
)
# ... and those that make a getter read as an attribute give back what it returns.
_READ_KEEPING = _RESULT_KEEPING | {p.rpartition(".")[2] for p in PROPERTY_DECORATORS}
# TypeScript library classes whose instances a framework injects by type and whose calls
# are client calls: `constructor(private http: HttpService)` holds an `HttpService()`.
INJECTED_CLIENTS = frozenset({"@nestjs/axios.HttpService", "@nestjs/common.HttpService"})
# What a call resolves to: ResolvedCall's kind, target, qualname, reason.
_Outcome = tuple[str, str, str, str]
# (path, binder of the head, dotted): see `_lookup_key`.
_LookupKey = tuple[str, str | None, str]


@dataclass(frozen=True, slots=True)
class Ref:
    """What a name denotes. kind: pymodule (first-party Python module or package, by dotted
    name), jsmodule (a first-party JS/TS file), member (a name inside a first-party file, not
    yet looked up), def (a definition), instance (an instance of a first-party class),
    object (a JS object literal whose members are definitions), external (dotted API,
    `package` is its graph node), builtin, super (Python's `super()` in the method `name`),
    dict (a Python dict whose values are all instances of the first-party class `name`),
    dict.get (that dict's `get`, whose result is one of them), unresolved."""

    kind: str
    path: str = ""
    name: str = ""  # pymodule: dotted module; member: the name; def/instance: qualname
    service: str = ""
    package: str = ""
    reason: str = ""


def _unresolved(reason: str) -> Ref:
    return Ref("unresolved", reason=reason)


def _entry(entries: Ref) -> Ref:
    """An entry read by key out of what `entries` names: one of the instances a dict of a
    first-party class holds."""
    if entries.kind == "dict":
        return Ref("instance", entries.path, entries.name)
    return entries if entries.kind == "unresolved" else _unresolved(f"an entry of a {entries.kind}")


# What writes a namespace's entries (`self.__dict__.update(options)`); `.get`, `.items` read.
_NAMESPACE_WRITES = frozenset({"update", "setdefault", "__setitem__"})


def _written_by_name(call: Call) -> str | None:
    """The attribute of `self`/`cls` a Python call sets by name: the string `setattr` is
    given, "" for one computed or for a write of the instance's whole namespace
    (`self.__dict__.update(...)`, `vars(self).update(...)`); None for any other call."""
    first = call.args[0] if call.args else None
    on_self = first is not None and first.kind == "name" and first.value in ("self", "cls")
    if call.callee == "setattr" and on_self and len(call.args) > 1:
        name = call.args[1]
        return name.value if name.kind == "str" else ""
    namespace, _, method = call.callee.rpartition(".")
    if method in _NAMESPACE_WRITES and namespace in ("self.__dict__", "cls.__dict__", "vars()"):
        return ""
    return None


# `FileSymbols.binder_anywhere` for a name whose binder depends on the lookup's scope.
BY_SCOPE = "\0by scope"


class FileSymbols:
    """The names one file binds, by scope: imports, definitions and simple bindings."""

    def __init__(self, facts: FileFacts, imports: list[ResolvedImport]) -> None:
        self.facts = facts
        self.is_python = facts.language == "python"
        self.definitions: dict[str, Definition] = {d.qualname: d for d in facts.definitions}
        self.object_holders = frozenset(
            () if self.is_python else (q.split(".", 1)[0] for q in self.definitions if "." in q)
        )
        self.imported: dict[tuple[str, str], tuple[ImportTarget, str | None]] = {}
        # Python: (scope, name) -> the line of the import binding it there last, for the
        # assignments after it (`assigned_after_import`).
        self.import_lines: dict[tuple[str, str], int] = {}
        # `require('fs')` that binds no name, by where it starts: a call made on it starts
        # there too (`require('fs').readFileSync(p)`).
        self.inline_requires: dict[tuple[int, int], ImportTarget] = {}
        self.reexports: list[tuple[ImportTarget, str, str]] = []  # target, name, exported as
        # Python `from .helpers import *`: the first-party modules whose names may be bound
        # at module scope without this file naming them, in source order.
        self.star_imports: list[ImportTarget] = []
        for resolved in imports:
            self._bind_import(resolved)
        self.exports: dict[str, str] = {e.name: e.local for e in facts.exports}
        self.bindings: dict[tuple[str, str], Binding] = {}
        # (scope, name) -> the bindings after the first, for a name its scope assigns again.
        self.rebindings: dict[tuple[str, str], list[Binding]] = {}
        for binding in facts.bindings:
            # The first binding wins: it is the one set up in __init__/constructor or at load.
            # Values read as strings check `rebindings` too: see `Values.of_name`.
            where = (binding.scope, binding.target)
            if self.bindings.setdefault(where, binding) is not binding:
                self.rebindings.setdefault(where, []).append(binding)
        self.listed = self._listed() if self.is_python else None
        # `Cls.attr` -> its first binding (a value-less TypeScript field's type included),
        # its first assignment, and every assignment of it in the class, in source order.
        self.member_bindings: dict[str, Binding] = {}
        self.member_values: dict[str, Binding] = {}
        self.member_writes: dict[str, list[Binding]] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._classes: dict[str, str | None] = {}
        # JS constructor functions: `function Client(base) { this.base = base }` with
        # `Client.prototype.predict = function () {...}`, a class of the old kind.
        self.prototype_methods: frozenset[str] = frozenset()  # `Client.predict`
        self.constructor_functions: frozenset[str] = frozenset()
        if not self.is_python:
            self.prototype_methods = _prototype_methods(facts, self.definitions)
            if self.prototype_methods:
                self.constructor_functions = frozenset(
                    m.rpartition(".")[0] for m in self.prototype_methods
                )
        entries: set[str] = set()  # names bound to a dict's entry (`ENTRY_OF`)
        for binding in facts.bindings:
            if not binding.target.startswith(("self.", "this.")):  # no member: most bindings
                if binding.target.startswith(ENTRY_OF):
                    entries.add(binding.target[len(ENTRY_OF) :])
                continue
            key = self.member_key(binding)
            if key is None:
                continue
            if binding.kind == "typed" and self._in_class_body(binding):
                self.member_bindings.setdefault(key, binding)  # declared, not assigned
                continue
            self.member_writes.setdefault(key, []).append(binding)
            if binding.kind != "local":
                self.member_bindings.setdefault(key, binding)
                self.member_values.setdefault(key, binding)
        self._computed_writes: dict[str, list[tuple[str, int]]] | None = None
        # (scope, name) of each name a scope assigns an attribute of (`client.base_url = x`).
        self._owners: set[tuple[str, str]] | None = None
        # (name, line) -> the `GLOBAL_WRITE` binding a function assigns the module's name by.
        self._global_writes: dict[tuple[str, int], Binding] | None = None
        self._calls_at: dict[tuple[int, int], Call] | None = None
        # (class, attribute) -> the assignments of the class attribute outside its body.
        self._class_writes: dict[tuple[str, str], list[Binding]] | None = None
        # `dict_home` -> what the file stores in that dict's entries (see `stores_in`).
        self._stores: dict[tuple[str, str, str], list[Binding | None]] | None = None
        self._binding_scopes = self._index_binding_scopes()
        self._entry_names = frozenset(entries) if entries else _NO_NAMES
        # Functions written more than once -> their lines: in a file with any, lookups
        # depend on their line as well as their scope (`binder`).
        self.written_twice, self._bound_at = self._index_redefinitions(imports)

    def _index_binding_scopes(self) -> dict[str, set[str]]:
        """name -> the scopes where looking it up stops (`NameResolver._name`): an import,
        a definition (`scope.name`, or `name` at module scope) or a binding."""
        scopes: dict[str, set[str]] = {}
        sites = [*self.imported, *self.bindings]
        for qualname in self.definitions:
            sites.append((MODULE_SCOPE, qualname))
            parent, dot, name = qualname.rpartition(".")
            if dot and parent != MODULE_SCOPE:
                sites.append((parent, name))
        for scope, name in sites:
            found = scopes.get(name)
            if found is None:  # not `setdefault(name, set())`: a set made for every site
                scopes[name] = {scope}
            else:
                found.add(scope)
        return scopes

    def _listed(self) -> frozenset[str] | None:
        """The names `__all__` lists, when the module writes it out (`__all__ = [...]`, and
        `__all__ += [...]`); None when it has no `__all__` or one not known here."""
        where = (MODULE_SCOPE, "__all__")
        first = self.bindings.get(where)
        if first is None:
            return None
        names: set[str] = set()
        for binding in (first, *self.rebindings.get(where, ())):
            if binding.kind != "list" or any(item.kind != "str" for item in binding.items):
                return None
            names.update(item.value for item in binding.items)
        return frozenset(names)

    def returned_call(self, function: str) -> Binding | None:
        """The call whose result function `function` returns: its `return` when that is a
        call, or the local name it returns when the function binds that name once, to a
        call (openapi-fetch's middleware idiom: `const client = createClient<paths>(...);
        client.use(auth); return client;`). None for anything else."""
        returned = self.bindings.get((function, RETURNED))
        if returned is None or returned.kind == "call":
            return returned
        where = (function, returned.value)
        if returned.kind != "name" or not returned.value.isidentifier():
            return None
        local = self.bindings.get(where)
        if local is None or local.kind != "call" or where in self.rebindings:
            return None
        if self._owners is None:
            dotted = (b for b in self.facts.bindings if "." in b.target)
            self._owners = {(b.scope, b.target.partition(".")[0]) for b in dotted}
        if where in self._owners:
            # `client.base_url = ...` before `return client`: not what the call made it.
            return None
        return local

    def call_at(self, at: tuple[int, int]) -> Call | None:
        """The call written at (line, column) (`result_of`)."""
        if self._calls_at is None:
            self._calls_at = {(c.line, c.column): c for c in self.facts.calls}
        return self._calls_at.get(at)

    def module_writes(self, name: str) -> list[Binding]:
        """Every assignment of the module's `name`, in source order: the module's own and
        those of functions declaring it `global`, each of the latter as its function reads
        it (`GLOBAL_WRITE`) where its value reads other names."""
        where = (MODULE_SCOPE, name)
        first = self.bindings.get(where)
        if first is None:
            return []
        if self._global_writes is None:
            self._global_writes = {
                (b.target[len(GLOBAL_WRITE) :], b.line): b
                for b in self.facts.bindings
                if b.target.startswith(GLOBAL_WRITE)
            }
        written = (first, *self.rebindings.get(where, ()))
        return [self._global_writes.get((name, b.line), b) for b in written]

    def class_writes(self, cls: str, attribute: str) -> list[Binding]:
        """Every assignment of the Python class attribute `cls.attribute` the file makes, in
        source order: in the class body, on `cls` in a method of the class (`cls._instance
        = cls()`), or on the class by its name (`Registry._instance = None`)."""
        if self._class_writes is None:
            self._class_writes = {}
            for binding in self.facts.bindings:
                owner, dot, name = binding.target.rpartition(".")
                if not dot or "." in owner:
                    continue
                if owner == "cls":
                    owner = self.class_of(binding.scope) or ""
                if owner in self.definitions and self.definitions[owner].kind == "class":
                    self._class_writes.setdefault((owner, name), []).append(binding)
        in_body = self.bindings.get((cls, attribute))
        written = self._class_writes.get((cls, attribute), [])
        return sorted((in_body, *written), key=lambda b: b.line) if in_body else written

    def dict_home(self, target: str, scope: str, line: int) -> tuple[str, str, str]:
        """Where the dict a Python binding's target (or a dotted name read in `scope`)
        names is kept, the same for each way the file writes it: the scope binding a plain
        name and the name, a class and an attribute (`self.caches`, `cls.caches`,
        `Explorer.caches`, `caches` in the class body), or the head's binder and the whole
        dotted name."""
        head, dot, rest = target.partition(".")
        if not dot:
            definition = self.definitions.get(scope)
            if definition is not None and definition.kind == "class":  # the class body's
                return ("class", scope, target)
            return ("name", self.binder(scope, target, line) or "", target)
        if head in ("self", "cls"):
            return ("class", self.class_of(scope) or "", rest)
        definition = self.definitions.get(head)
        if definition is not None and definition.kind == "class" and "." not in rest:
            return ("class", head, rest)
        return ("dotted", self.binder(scope, head, line) or "", target)

    def stores_in(self, home: tuple[str, str, str]) -> list[Binding | None]:
        """What the file stores in the entries of the dict kept at `home` (`dict_home`)
        besides its literal, in source order: the binding of `d[key] = value`
        (`STORED_IN`), the value `d.setdefault(key, value)` or `d.__setitem__(key, value)`
        hands it, or None for a write not read here (`d.update(...)`, a `setdefault` with no
        value)."""
        if self._stores is None:
            self._stores = {}
            for binding in self.facts.bindings:
                if binding.target.startswith(STORED_IN):
                    held = binding.target[len(STORED_IN) :]
                    where = self.dict_home(held, binding.scope, binding.line)
                    self._stores.setdefault(where, []).append(binding)
            for call in self.facts.calls:
                held, _, method = call.callee.rpartition(".")
                if method not in _NAMESPACE_WRITES or not held or "(" in held:
                    continue
                where = self.dict_home(held, call.scope, call.line)
                keyed = method != "update" and len(call.args) == 2  # `setdefault(key, value)`
                value = call.args[1] if keyed else None
                held_value = self.value_binding(value, call.scope, call.line) if value else None
                self._stores.setdefault(where, []).append(held_value)
        return self._stores.get(home, [])

    def value_binding(self, value: Arg, scope: str, line: int) -> Binding | None:
        """What a dict literal's value or a call's argument `value`, written in `scope` at
        `line`, holds, as a binding: of the call making it (`Database(path)`) or of a name;
        None for any other value."""
        at = result_of(value)
        if at is not None:
            made = self.call_at(at)
            if made is None:
                return None
            return Binding("", "call", made.callee, made.scope, made.line)
        return Binding("", "name", value.value, scope, line) if value.kind == "name" else None

    def binds_at_module(self, name: str) -> bool:
        """Whether the module binds `name` itself: defines, imports or assigns it."""
        where = (MODULE_SCOPE, name)
        return name in self.definitions or where in self.imported or where in self.bindings

    def _index_redefinitions(
        self, imports: list[ResolvedImport]
    ) -> tuple[dict[str, list[tuple[int, int]]], dict[tuple[str, str], list[int]]]:
        """For each function written more than once under one name (`async def func()` twice,
        a sync fallback under `else`, `@f.register def _`), the lines of each; and, for the
        names those scopes bind, the lines binding them: what `binder` needs to tell the
        namesakes' names apart, as their calls and bindings all say the same scope."""
        if len(self.definitions) == len(self.facts.definitions):  # no qualname twice
            return {}, {}
        lines: dict[str, list[tuple[int, int]]] = {}
        for definition in self.facts.definitions:
            span = definition.span
            lines.setdefault(definition.qualname, []).append((span.line, span.end_line))
        twice = {q: spans for q, spans in lines.items() if len(spans) > 1}
        bound_at: dict[tuple[str, str], list[int]] = {}
        if not twice:
            return twice, bound_at
        sites = [(b.scope, b.target, b.line) for b in self.facts.bindings]
        sites += [(r.imp.scope, n.alias, r.imp.span.line) for r in imports for n in r.imp.names]
        sites += [
            (r.imp.scope, r.imp.alias or r.imp.module.partition(".")[0], r.imp.span.line)
            for r in imports
            if not r.imp.names
        ]
        for definition in self.facts.definitions:
            parent, _, name = definition.qualname.rpartition(".")
            sites.append((parent, name, definition.span.line))
        for scope, name, line in sites:
            if scope in twice:
                bound_at.setdefault((scope, name), []).append(line)
        return twice, bound_at

    def _written_at(self, scope: str, line: int) -> tuple[int, int] | None:
        """The lines of the definition of `scope`, a function written more than once, whose
        body holds `line`; None for any other scope."""
        spans = self.written_twice.get(scope, ())
        return next(((start, end) for start, end in spans if start <= line <= end), None)

    def _bound_elsewhere(self, scope: str, name: str, line: int) -> bool:
        """Whether `scope`, a function written more than once, binds `name` only in its
        namesakes, not in the one whose body holds `line`."""
        here = self._written_at(scope, line)
        if here is None:
            return False
        return not any(here[0] <= at <= here[1] for at in self._bound_at.get((scope, name), ()))

    def namesake(self, binder: str | None, line: int) -> str | None:
        """`binder`, told apart from its namesakes by where its definition starts when it is
        a function written more than once (`func@12`): lookups bound there differ."""
        if not line or binder is None or not self.written_twice:
            return binder
        here = self._written_at(binder, line)
        return binder if here is None else f"{binder}@{here[0]}"

    def binding_in(self, binder: str, name: str, line: int) -> Binding:
        """The binding of `name` in `binder` that a lookup at `line` sees: the first one, or
        for a function written more than once the first in the definition holding `line`."""
        first = self.bindings[(binder, name)]
        here = self._written_at(binder, line) if line and self.written_twice else None
        if here is None:
            return first
        own = (
            b
            for b in (first, *self.rebindings.get((binder, name), ()))
            if here[0] <= b.line <= here[1]
        )
        return next(own, first)

    def _bind_import(self, resolved: ResolvedImport) -> None:
        imp = resolved.imp
        targets = resolved.targets
        if not targets:
            return
        if imp.kind == "reexport":
            for name in imp.names:
                self.reexports.append((targets[0], name.name, name.alias))
            return
        if self.is_python:
            if imp.names:
                for name, target in zip(imp.names, _spread(targets, len(imp.names)), strict=True):
                    if name.name == "*":
                        if imp.scope == MODULE_SCOPE and target.kind == "module":
                            self.star_imports.append(target)
                        continue
                    # `from app.settings import settings` names an attribute of the module
                    # app.settings, not a submodule, though both end in `.settings`.
                    attribute = imp.module.rstrip(".").rsplit(".", 1)[-1] == name.name
                    bound = f"<attr>{name.name}" if attribute else name.name
                    self._bind_python(imp, name.alias, target, bound)
            elif imp.alias:
                self._bind_python(imp, imp.alias, targets[0], None)
            else:
                # `import a.b.c` binds `a`; attribute lookups walk down from there.
                top = imp.module.split(".", 1)[0]
                self._bind_python(imp, top, targets[0], f"<top>{top}")
            return
        if not imp.names and imp.kind == "require":
            self.inline_requires[(imp.span.line, imp.span.column)] = targets[0]
        for name in imp.names:
            member = None if name.name == "*" else name.name
            self.imported[(imp.scope, name.alias)] = (targets[0], member)

    def _bind_python(
        self, imp: Import, name: str, target: ImportTarget, member: str | None
    ) -> None:
        self.imported[(imp.scope, name)] = (target, member)
        self.import_lines[(imp.scope, name)] = imp.span.line

    def assigned_after_import(self, scope: str, name: str) -> list[Binding]:
        """The assignments of `name` in `scope` written after the import binding it there
        (Python: `from config import API_URL`, then `API_URL = API_URL + "/v2"`), in source
        order: the name holds what they give, not what it imports. An empty list adds
        nothing (`except ImportError: handlers = []`: no rules when the import fails). JS
        imports are read-only bindings: assigning one is an error, not a value."""
        line = self.import_lines.get((scope, name))
        first = self.bindings.get((scope, name)) if line is not None else None
        if first is None or line is None:
            return []
        written = (first, *self.rebindings.get((scope, name), ()))
        return [b for b in written if b.line > line and (b.kind != "list" or b.items)]

    def may_bind(self, name: str) -> bool:
        """Whether `name` could be bound here at all: self, cls or this, or a name some scope
        of the file imports, defines or binds. When not, looking it up can only end in a
        builtin or nothing (`NameResolver._name`)."""
        return (
            name in self._binding_scopes
            or name in ("self", "cls", "this")
            or bool(self.star_imports)
            or name in self._entry_names
        )

    def binder_anywhere(self, name: str) -> str | None:
        """What `binder` gives for `name` whatever the scope and line of the lookup, when
        that is one answer: module scope when only the module binds it, None when nothing
        does; BY_SCOPE otherwise (a function binds it, or it is self, cls, this, super or
        a dict's entry, bound by where they are read)."""
        if name in ("self", "cls", "this", "super") or name in self._entry_names:
            return BY_SCOPE
        scopes = self._binding_scopes.get(name)
        if scopes is None:
            return None
        return MODULE_SCOPE if len(scopes) == 1 and MODULE_SCOPE in scopes else BY_SCOPE

    def binder(self, scope: str, name: str, line: int = 0) -> str | None:
        """Where `name`, looked up in `scope`, is bound: the innermost scope of the chain that
        binds it, for self/cls/this their class, for a Python method's `super` the method
        (`super_scope`); None when nothing binds it. Lookups of a
        name with the same binder have the same answer, whatever scope they start from.
        With the `line` of the lookup, a function written more than once under one name
        binds only the names its own body binds (not those of its namesakes)."""
        if name in ("self", "cls", "this"):
            return self.class_of(scope) if scope != MODULE_SCOPE else None
        scopes = self._binding_scopes.get(name)
        if scopes is not None:
            found = self._innermost(scope, name, scopes, line)
            if found is not None:
                return found
        if name in self._entry_names:  # bound only to an entry of a dict (`ENTRY_OF`)
            entry = ENTRY_OF + name
            return self._innermost(scope, entry, self._binding_scopes[entry], line)
        # What `super()` reads depends on the method it is written in.
        return self.super_scope(scope) if name == "super" else None

    def _innermost(self, scope: str, name: str, scopes: set[str], line: int) -> str | None:
        """The innermost of `scopes`, the scopes binding `name`, that a lookup in `scope`
        reaches."""
        twice = self.written_twice if line else None
        for candidate in self._chains.get(scope) or self.scope_chain(scope):
            if candidate not in scopes:
                continue
            if twice and candidate in twice and self._bound_elsewhere(candidate, name, line):
                continue
            return candidate
        return None

    def entry_binding(self, binder: str, name: str, line: int) -> Binding | None:
        """The `ENTRY_OF` binding of `name` in `binder` a lookup at `line` sees, when the
        name's own binding there, if any, is a value not known here: not at all, that same
        entry (`db = self.databases[name]`), or None when the scope assigns the name
        nothing but None and entries (`db = None`, then `db = dbs[name]` in an `if`: not
        `db = Memory()` in its `else`); None otherwise."""
        if name not in self._entry_names:  # nearly every name: no entry name built
            return None
        entry_name = ENTRY_OF + name
        if (binder, entry_name) not in self.bindings:
            return None
        entry = self.binding_in(binder, entry_name, line)
        if (binder, name) not in self.bindings:
            return entry
        own = self.binding_in(binder, name, line)
        if own.kind != "local" or own.line == entry.line:
            return entry if own.kind == "local" else None
        if own.value != ASSIGNED_NONE:
            return None
        where = (binder, entry_name)
        taken = {b.line for b in (self.bindings[where], *self.rebindings.get(where, ()))}
        written = (self.bindings[(binder, name)], *self.rebindings.get((binder, name), ()))
        if all(
            b.kind == "local" and (b.value == ASSIGNED_NONE or b.line in taken) for b in written
        ):
            return entry
        return None

    def member_of(self, binding: Binding) -> tuple[str, str] | None:
        """The class and attribute an assignment of `self.attr`/`this.attr` sets, in a method,
        a function inside one, or a class field; None for any other binding."""
        head, dot, attribute = binding.target.partition(".")
        if not dot or head not in ("self", "this"):
            return None
        cls = binding.scope if self._in_class_body(binding) else self.class_of(binding.scope)
        return (cls, attribute) if cls is not None else None

    def class_attribute(self, cls: str, attribute: str) -> Binding | None:
        """A Python class body's first assignment of `attribute` (`base_url = "http://..."`):
        what its instances read through `self` until something sets it on them; None for one
        declared without a value (`base_url: str`) and in a JS file (a class field is
        `this.attr`, a member)."""
        if not self.is_python:
            return None
        bound = self.bindings.get((cls, attribute))
        return bound if bound is not None and bound.kind not in ("typed", "local") else None

    def attribute_of(self, binding: Binding) -> tuple[str, str] | None:
        """As `member_of`, and for a Python class attribute the class and its name."""
        member = self.member_of(binding)
        if member is None and self.is_python and self._in_class_body(binding):
            return (binding.scope, binding.target) if "." not in binding.target else None
        return member

    def sets_by_name(self, cls: str, attribute: str) -> int:
        """The line where a method of Python class `cls` sets attributes of `self` or `cls`
        by a name it computes or names as a string (`setattr(self, key, value)`,
        `self.__dict__.update(options)`, `vars(self).update(options)`), any of which may be
        `attribute`; 0
        when none does. Read past, these left a class attribute the instances' value."""
        if self._computed_writes is None:
            self._computed_writes = self._index_computed_writes()
        lines = [
            line for target, line in self._computed_writes.get(cls, ()) if target in ("", attribute)
        ]
        return min(lines, default=0)

    def _index_computed_writes(self) -> dict[str, list[tuple[str, int]]]:
        """class -> (the attribute named, "" when computed; line) of each such write."""
        found: dict[str, list[tuple[str, int]]] = {}
        for call in self.facts.calls:
            target = _written_by_name(call)
            cls = self.class_of(call.scope) if target is not None else None
            if target is not None and cls is not None:
                found.setdefault(cls, []).append((target, call.line))
        return found

    def sets_in_constructor(self, cls: str, attribute: str) -> bool:
        """Whether `cls.__init__` itself assigns `self.attribute`: every instance's own."""
        constructor = f"{cls}.__init__"
        return any(b.scope == constructor for b in self.member_writes.get(f"{cls}.{attribute}", ()))

    def sets_attribute(self, cls: str, attribute: str) -> bool:
        """Whether Python class `cls` defines `attribute` or may set it: a method or a class
        attribute, `self.attribute` assigned, a name set by `setattr` or the like."""
        qualname = f"{cls}.{attribute}"
        return (
            qualname in self.definitions
            or qualname in self.member_writes
            or qualname in self.member_bindings
            or (cls, attribute) in self.bindings
            or (cls, attribute) in self.imported
            or self.sets_by_name(cls, attribute) > 0
        )

    def super_scope(self, scope: str) -> str | None:
        """`scope` when a `super()` written there reads its class's bases (a Python method,
        not a function nested in one, in a file that binds no `super` of its own); None
        otherwise."""
        if not self.is_python or "super" in self._binding_scopes:
            return None
        definition = self.definitions.get(scope)
        owner = self.definitions.get(enclosing_scope(scope))
        if definition is None or definition.kind != "method" or owner is None:
            return None
        return scope if owner.kind == "class" else None

    def member_key(self, binding: Binding) -> str | None:
        """`Cls.attr` for an assignment `member_of` reads; None for any other binding."""
        member = self.member_of(binding)
        return f"{member[0]}.{member[1]}" if member is not None else None

    def _in_class_body(self, binding: Binding) -> bool:
        definition = self.definitions.get(binding.scope)
        return definition is not None and definition.kind == "class"

    def class_of(self, scope: str) -> str | None:
        """The class whose method (or nested function of a method) `scope` is."""
        if scope in self._classes:
            return self._classes[scope]
        cls = self._classes[scope] = self._class_of(scope)
        return cls

    def _class_of(self, scope: str) -> str | None:
        parts = scope.split(".")
        functions = self.constructor_functions
        for i in range(len(parts) if functions else len(parts) - 1, 0, -1):
            candidate = ".".join(parts[:i])
            if candidate in functions:  # its own body, or a method on its prototype
                return candidate
            definition = self.definitions.get(candidate)
            if definition is not None and definition.kind == "class" and i < len(parts):
                return candidate
        return None

    def on_prototype(self, scope: str) -> bool:
        """Whether `scope` is a method a constructor function's prototype holds, or a
        function inside one: named as if written in the constructor, but run apart from it."""
        return any(scope == m or scope.startswith(m + ".") for m in self.prototype_methods)

    def scope_chain(self, scope: str) -> tuple[str, ...]:
        """`scope` and its enclosing function scopes, innermost first, then module scope.
        Class bodies do not enclose their methods' names (in both languages)."""
        chain = self._chains.get(scope)
        if chain is None:
            # Every name looked up in a scope walks this chain: a file has few scopes.
            chain = self._chains[scope] = self._scope_chain(scope)
        return chain

    def _scope_chain(self, scope: str) -> tuple[str, ...]:
        if scope == MODULE_SCOPE:
            return (MODULE_SCOPE,)
        chain = [scope]
        enclosing, dot, _ = scope.rpartition(".")
        while dot:  # each enclosing scope, innermost first, cut off as it is written
            definition = self.definitions.get(enclosing)
            if definition is None or definition.kind != "class":
                chain.append(enclosing)
            enclosing, dot, _ = enclosing.rpartition(".")
        chain.append(MODULE_SCOPE)
        return tuple(chain)


def _prototype_methods(facts: FileFacts, definitions: dict[str, Definition]) -> frozenset[str]:
    """The functions a JS file sets on the prototype of one of its functions
    (`Client.prototype.predict = function () {...}`, named `Client.predict`): the methods of
    a constructor function."""
    found = set()
    for binding in facts.bindings:
        if binding.kind != "func" or ".prototype." not in binding.target:
            continue  # nearly every binding: checked without a call
        owner = binding.target.partition(".prototype.")[0]
        if owner not in definitions:
            continue
        named = binding.value in definitions and binding.value.rpartition(".")[0] == owner
        if named and definitions[owner].kind == "function":
            found.add(binding.value)
    return frozenset(found)


def _lookup_key(
    file: FileSymbols, scope: str, dotted: str, line: int, head: str | None = None
) -> _LookupKey:
    """What looking `dotted` up from `scope` at `line` depends on: the file, where its head
    (`head`, when the caller has it) is bound (`NameResolver._name` reads the scope and line
    for nothing else) and the dotted name itself."""
    binder = file.binder(scope, _head_name(dotted) if head is None else head, line)
    if file.written_twice:
        binder = file.namesake(binder, line)
    return (file.facts.path, binder, dotted)


def _call_key(file: FileSymbols, call: Call) -> tuple[_LookupKey, bool]:
    """The `_lookup_key` of `call`'s callee, and whether every call of the file naming that
    callee has that key, whatever its scope and line: when the head's binder is the same
    everywhere (`FileSymbols.binder_anywhere`), found without the scope chain."""
    head = _head_name(call.callee)
    binder = file.binder_anywhere(head)
    if binder != BY_SCOPE:
        return (file.facts.path, binder, call.callee), True
    return _lookup_key(file, call.scope, call.callee, call.line, head), False


_INLINE_REQUIRE = "require()."
_NO_NAMES: frozenset[str] = frozenset()
# A Python dotted name's part read by key (`dbs[]` of `dbs[name].size`, `FileFacts.reads`).
_ENTRY = "[]"
_SUFFIXES = ("()", _ENTRY)


def _head_name(dotted: str) -> str:
    """The name a dotted name starts from: `a` of `a.b`, `a()`, `a().b`, `a[].b` and
    `a()[].b`."""
    head = dotted.partition(".")[0]
    # Seldom: one test of the head for both. A loop, as they stack (`a()[]`, `a()()`).
    while head.endswith(_SUFFIXES):
        head = head[: -len(_ENTRY)]  # both suffixes are two characters
    return head


def _unbound_anywhere(file: FileSymbols) -> bool:
    """Whether what a callee whose head `FileSymbols.binder_anywhere` finds no binder for
    names depends on nothing of the file but its language: not when a star import may bind
    the head."""
    return not file.star_imports


def _holds_definitions(file: FileSymbols, name: str) -> bool:
    """JS `const api = { get() {}, list: () => {} }`: `api` holds functions named `api.*`."""
    return name in file.object_holders and name not in file.definitions


@dataclass(frozen=True, slots=True)
class _Hierarchy:
    """A Python class's first-party classes, itself first (file, qualname), the library
    classes among their bases (dotted name, package node), and why a base not followed may
    define a method ("" when none)."""

    classes: tuple[tuple[FileSymbols, str], ...]
    libraries: tuple[tuple[str, str], ...]
    unsure: str


def _spread(targets: tuple[ImportTarget, ...], count: int) -> list[ImportTarget]:
    """Python `from m import a, b` resolves to one target per name, or one shared target."""
    if len(targets) == count:
        return list(targets)
    return [targets[0]] * count


class NameResolver:
    def __init__(
        self,
        symbols: Mapping[str, FileSymbols],
        python_module_path: Mapping[tuple[str, str], str],
        python_packages: Mapping[str, set[str]],
        services: Mapping[str, str] | None = None,
    ) -> None:
        self.symbols = symbols
        # What Starlette/FastAPI services keep on their application's state.
        self.app_states = AppStates({p: f.facts for p, f in symbols.items()}, services or {})
        self.python_module_path = python_module_path  # (service, dotted) -> path
        self.python_packages = python_packages  # service -> package names
        # (path, binder, callee) -> what the call resolves to: a file calls the same few
        # names over and over (`logger.info`, `self.assertEqual`), and the answer cannot
        # change. Keyed by where the callee's head is bound, not by the calling scope, so
        # every function of a file that calls the module's `logger.info` shares one answer.
        # Calls share the answer's strings too: a node id or a reason is one string however
        # many calls (and graph edges) name it.
        self._callee_outcomes: dict[_LookupKey, _Outcome] = {}
        # (Python or not, callee) -> what a call resolves to whose head no name of its file
        # binds (`_unbound_anywhere`): kept for the whole tree, one entry per such callee
        # (`console.log`, `print`: 31,000 lookups of 100,000 on the 10k tree).
        self._unbound_outcomes: dict[tuple[bool, str], _Outcome] = {}
        # (path, binder, dotted) -> what a name names from the top (depth 0), for callees and
        # for names handed as arguments (`app.get('/x', handler)`, `map(fn, items)`).
        self._names: dict[_LookupKey, Ref] = {}
        # (path, qualname) of a Python class -> its hierarchy (`_hierarchy`).
        self._hierarchies: dict[tuple[str, str], _Hierarchy] = {}
        # (path, scope, base as written) -> the class it names (`_base_ref`).
        self._base_refs: dict[tuple[str, str, str], Ref] = {}

    # -- calls -------------------------------------------------------------------------

    def resolve_call(self, path: str, call: Call) -> ResolvedCall:
        return resolved_call(path, call, *self._call_outcome(self.symbols[path], call))

    def resolve_calls(self, path: str, calls: Sequence[Call]) -> list[ResolvedCall]:
        """`resolve_call` of each of a file's calls, in order, the calls that share a lookup
        key (`_lookup_key`) sharing its outcome without the key built again (it takes
        finding the callee's binder): those naming a callee whose head the module binds, or
        nothing does, whatever their scope (`logger.info`, `json.dumps`: 3 calls in 8 on the
        1k tree); and, in a file where no function is written twice, those of one scope
        naming one callee (half)."""
        file = self.symbols[path]
        by_callee: dict[str, _Outcome] = {}
        by_site: dict[tuple[str, str], _Outcome] | None = None if file.written_twice else {}
        records: list[ResolvedCall] = []
        for call in calls:
            callee = call.callee
            outcome = by_callee.get(callee)
            if outcome is None:
                outcome = self._unshared_outcome(file, call, by_callee, by_site)
            # `resolved_call` inlined (`UnfrozenCall`): a call per call site, 3% of the stage.
            record = UnfrozenCall()
            record.path = path
            record.call = call
            record.kind, record.target, record.qualname, record.reason = outcome
            record.__class__ = ResolvedCall  # type: ignore[assignment]
            records.append(record)  # type: ignore[arg-type]
        return records

    def _unshared_outcome(
        self,
        file: FileSymbols,
        call: Call,
        by_callee: dict[str, _Outcome],
        by_site: dict[tuple[str, str], _Outcome] | None,
    ) -> _Outcome:
        """What `call` calls, its callee not found in `by_callee`: from `by_site`, or
        looked up and kept in the memo whose calls share it (see `resolve_calls`)."""
        callee = call.callee
        site = (call.scope, callee)
        outcome = by_site.get(site) if by_site is not None else None
        if outcome is not None:
            return outcome
        if callee.startswith(_INLINE_REQUIRE):  # not shared: see `_call_outcome`
            return self._call_outcome(file, call)
        key, alike = _call_key(file, call)
        if alike and key[1] is None and _unbound_anywhere(file):
            # A builtin, a global or nothing, the same in every file of the language.
            shared = (file.is_python, callee)
            outcome = self._unbound_outcomes.get(shared)
            if outcome is None:
                outcome = self._unbound_outcomes[shared] = self._keyed_outcome(file, call, key)
        else:
            outcome = self._keyed_outcome(file, call, key)
        if alike:
            by_callee[callee] = outcome
        elif by_site is not None:
            by_site[site] = outcome
        return outcome

    def is_property(self, node: str) -> bool:
        """Whether the function node `PATH::qualname` is a property's getter."""
        path, _, qualname = node.partition("::")
        symbols = self.symbols.get(path)
        definition = symbols.definitions.get(qualname) if symbols is not None else None
        return definition is not None and definition.is_property

    def forget_calls(self) -> None:
        """Drop the per-call memos once a file's calls are resolved. Their keys start with
        that file's path and only its own calls look them up (a name reached through another
        file is resolved deeper, unmemoised), so nothing later would hit them; kept for every
        file, they held one entry per call site of the whole tree."""
        self._callee_outcomes.clear()
        self._names.clear()

    def _call_outcome(self, file: FileSymbols, call: Call) -> _Outcome:
        """What `call` calls."""
        if call.callee.startswith(_INLINE_REQUIRE):
            required = file.inline_requires.get((call.line, call.column))
            if required is not None:
                # Not memoised by callee: `require('a').f` and `require('b').f` look alike.
                return self._required_outcome(call, required)
        key = _lookup_key(file, call.scope, call.callee, call.line)
        return self._keyed_outcome(file, call, key)

    def _keyed_outcome(self, file: FileSymbols, call: Call, key: _LookupKey) -> _Outcome:
        """What `call` calls, `key` being its callee's `_lookup_key`."""
        outcome = self._callee_outcomes.get(key)
        if outcome is None:
            ref = self._from_top(file, call.scope, call.callee, call.line, key)
            outcome = self._callee_outcomes[key] = self._outcome(call, ref)
        return outcome

    def _required_outcome(self, call: Call, required: ImportTarget) -> _Outcome:
        ref = self._from_import(required, None, 0)
        for attr in call.callee.split(".")[1:]:
            if ref.kind == "unresolved":
                break
            ref = self._attribute(ref, attr, 0)
        return self._outcome(call, ref)

    def _outcome(self, call: Call, ref: Ref) -> _Outcome:
        if ref.kind == "def":
            definition = self.symbols[ref.path].definitions.get(ref.name)
            target = ref.name
            if definition is not None and definition.kind == "class":
                init = "__init__" if self.symbols[ref.path].is_python else "constructor"
                if f"{ref.name}.{init}" in self.symbols[ref.path].definitions:
                    target = f"{ref.name}.{init}"
            node = sys.intern(f"{ref.path}::{target}")
            return "function", node, node, ""
        if ref.kind == "external":
            return "external", ref.package, sys.intern(ref.name), ""
        if ref.kind == "builtin":
            return "builtin", ref.package, sys.intern(ref.name), ""
        reason = ref.reason or f"'{call.callee}' does not name a function ({ref.kind})"
        return "unresolved", "", call.callee, sys.intern(reason)

    def resolve_references(self, path: str, calls: Sequence[Call]) -> list[ResolvedReference]:
        """The first-party functions each of a file's calls is handed as arguments (inline or
        by name), call by call."""
        file = self.symbols[path]
        # The function a name handed names: by the name for one the file binds nowhere, by
        # (scope, name) in a file with no function written twice (as in `resolve_calls`).
        by_name: dict[str, str] = {}
        by_site: dict[tuple[str, str], str] | None = None if file.written_twice else {}
        memos = (by_name, by_site)
        found: list[ResolvedReference] = []
        for call in calls:
            for index, arg in enumerate(call.args):
                kind = arg.kind
                if kind == "name":  # the most common kind first
                    # `by_name` first, here: most names handed are found there (a parameter,
                    # a local), without calling `_function_at`.
                    target = by_name.get(arg.value)
                    if target is None:
                        target = self._function_at(file, call, arg.value, memos)
                    if target:
                        found.append(ResolvedReference(path, call, index, target))
                elif kind == "func" and arg.value in file.definitions:
                    found.append(ResolvedReference(path, call, index, f"{path}::{arg.value}"))
                elif kind == "list" and arg.keyword:
                    # `Starlette(on_startup=[load_model])`: functions the callee keeps to call.
                    for item, entry in enumerate(arg.items):
                        if entry.kind != "name":
                            continue
                        target = self._function_at(file, call, entry.value, memos)
                        if target:
                            found.append(ResolvedReference(path, call, index, target, item))
        return found

    def _function_at(
        self,
        file: FileSymbols,
        call: Call,
        dotted: str,
        memos: tuple[dict[str, str], dict[tuple[str, str], str] | None],
    ) -> str:
        """`_function_named` for a name handed to `call`, through the file's memos (see
        `resolve_references`)."""
        by_name, by_site = memos
        target = by_name.get(dotted)
        if target is not None:
            return target
        site = (call.scope, dotted)
        target = by_site.get(site) if by_site is not None else None
        if target is None:
            head = _head_name(dotted)
            if not dotted or not file.may_bind(head):
                # Most names handed to calls are parameters and locals, which no lookup can
                # take to a function, wherever they are handed: no lookup key is built.
                by_name[dotted] = ""
                return ""
            target = self._function_named(file, call.scope, dotted, call.line, head)
            if by_site is not None:
                by_site[site] = target
        return target

    def resolve_bases(self, path: str) -> dict[str, tuple[str, ...]]:
        """Each Python class of `path` that has bases -> what they name (`Resolution.
        class_bases`). Looked up where the class is written, as a call there would be."""
        file = self.symbols[path]
        found: dict[str, tuple[str, ...]] = {}
        for definition in file.facts.definitions:
            if definition.kind == "class" and definition.bases:
                scope = enclosing_scope(definition.qualname)
                line = definition.span.line
                found[f"{path}::{definition.qualname}"] = tuple(
                    self._base(file, scope, written, line) for written in definition.bases
                )
        return found

    def resolve_decorators(self, path: str) -> dict[str, tuple[str, ...]]:
        """Each Python function of `path` with a decorator naming something -> what each of
        its decorators names (`Resolution.decorators`), looked up where the function is
        written, as a call there would be: `@hookimpl` bound to `HookimplMarker("app")` is
        `pluggy.HookimplMarker()`."""
        file = self.symbols[path]
        found: dict[str, tuple[str, ...]] = {}
        for definition in file.facts.definitions:
            if definition.kind == "class" or not definition.decorators:
                continue
            scope = enclosing_scope(definition.qualname)
            line = definition.span.line
            named = tuple(
                self._decorator(file, scope, written, line) for written in definition.decorators
            )
            if any(named):
                found[f"{path}::{definition.qualname}"] = named
        return found

    def _decorator(self, file: FileSymbols, scope: str, written: str, line: int) -> str:
        """A library's dotted name (`pluggy.HookimplMarker()` for an instance of it), a
        first-party function's node id, or "" (a builtin, anything not followed)."""
        if not file.may_bind(_head_name(written)):
            return ""  # `property`, `staticmethod`: no lookup can bind them here
        ref = self._written_ref(file, scope, written, line)
        if ref.kind == "external":
            return ref.name
        if ref.kind == "def":
            return sys.intern(f"{ref.path}::{ref.name}")
        return ""

    def _written_ref(self, file: FileSymbols, scope: str, written: str, line: int) -> Ref:
        """What a decorator or base class written in `scope` names, a module's member
        followed to its definition."""
        ref = self.resolve_dotted(file, scope, written, 0, line)
        return self._member(ref.path, ref.name, 1) if ref.kind == "member" else ref

    def _base(self, file: FileSymbols, scope: str, written: str, line: int) -> str:
        """A first-party class's node id, a library's dotted name, or "" (a builtin such as
        `object`, a function, anything not followed)."""
        ref = self._written_ref(file, scope, written, line)
        if ref.kind == "external":
            return ref.name
        if ref.kind == "def":
            definition = self.symbols[ref.path].definitions.get(ref.name)
            if definition is not None and definition.kind == "class":
                return sys.intern(f"{ref.path}::{ref.name}")
        return ""

    def bound_at(
        self, file: FileSymbols, scope: str, dotted: str, line: int = 0, depth: int = 1
    ) -> tuple[FileSymbols, Binding] | None:
        """The assignment that gives the Python name `dotted`, looked up in `scope`, its
        value, with its file: followed through the names it is assigned from, the imports
        binding it and a module's attributes (`datasette.hookimpl`) to the first binding
        that is no plain name (`hookimpl = HookimplMarker("app")`, `PROJECT = "app"`). None
        where there is none (a parameter, a definition, an object's attribute)."""
        if depth > _MAX_DEPTH or not file.is_python:
            return None
        if dotted.endswith("()") and "(" not in dotted[:-2]:
            return self._returned_binding(file, scope, dotted[:-2], line, depth)
        if "(" in dotted:
            return None
        owner, dot, name = dotted.rpartition(".")
        if dot:
            ref = self.resolve_dotted(file, scope, owner, depth, line)
            module = (ref.service, ref.name) if ref.kind == "pymodule" else None
            path = self.python_module_path.get(module) if module is not None else None
            return self._module_binding(path, name, depth + 1) if path is not None else None
        binder = file.binder(scope, name, line)
        if binder is None:
            return None
        imported = file.imported.get((binder, name))
        if imported is not None:
            return self._imported_binding(*imported, depth + 1)
        if (name if binder == MODULE_SCOPE else f"{binder}.{name}") in file.definitions:
            return None
        return self._followed(file, file.binding_in(binder, name, line), depth)

    def _returned_binding(
        self, file: FileSymbols, scope: str, function: str, line: int, depth: int
    ) -> tuple[FileSymbols, Binding] | None:
        """`bound_at` for what calling the first-party function `function` gives, when its
        only `return` gives a call's result (`FileSymbols.returned_call`: Airflow's `@cache
        def get_policy_plugin_manager(): plugin_mgr = pluggy.PluginManager(...); ...;
        return plugin_mgr`)."""
        ref = self._written_ref(file, scope, function, line)
        home = self.symbols.get(ref.path) if ref.kind == "def" else None
        definition = home.definitions.get(ref.name) if home is not None else None
        if home is None or definition is None or definition.kind not in ("function", "method"):
            return None
        if definition.is_async or definition.is_generator:
            return None
        if any(d.rpartition(".")[2] not in _RESULT_KEEPING for d in definition.decorators):
            return None
        returned = home.returned_call(ref.name)
        return (home, returned) if returned is not None else None

    def _imported_binding(
        self, target: ImportTarget, member: str | None, depth: int
    ) -> tuple[FileSymbols, Binding] | None:
        if target.kind != "module" or member is None or member.startswith("<top>"):
            return None
        return self._module_binding(target.path, member.removeprefix("<attr>"), depth)

    def _module_binding(
        self, path: str, name: str, depth: int
    ) -> tuple[FileSymbols, Binding] | None:
        """`bound_at` for the module-scope name `name` of the Python file `path`."""
        file = self.symbols.get(path)
        if file is None or not file.is_python or depth > _MAX_DEPTH:
            return None
        imported = file.imported.get((MODULE_SCOPE, name))
        if imported is not None:
            return self._imported_binding(*imported, depth + 1)
        binding = file.bindings.get((MODULE_SCOPE, name))
        if binding is None or name in file.definitions:
            return None
        return self._followed(file, binding, depth)

    def _followed(
        self, file: FileSymbols, binding: Binding, depth: int
    ) -> tuple[FileSymbols, Binding] | None:
        if binding.kind == "name":
            return self.bound_at(file, binding.scope, binding.value, binding.line, depth + 1)
        return file, binding

    def _function_named(
        self, file: FileSymbols, scope: str, dotted: str, line: int, head: str
    ) -> str:
        """The node id of the first-party function `dotted` (its head `head`, a name the
        file may bind) names in `scope`, or ""."""
        # `resolve_dotted` from the top, the head already found
        ref = self._from_top(
            file, scope, dotted, line, _lookup_key(file, scope, dotted, line, head)
        )
        if ref.kind != "def":
            return ""
        definition = self.symbols[ref.path].definitions.get(ref.name)
        if definition is None or definition.kind == "class":
            return ""
        return f"{ref.path}::{ref.name}"

    def resolve_dotted(
        self, file: FileSymbols, scope: str, dotted: str, depth: int, line: int = 0
    ) -> Ref:
        """What `dotted`, looked up in `scope` (at `line`, when known: see `binder`), names."""
        if depth:
            return self._dotted(file, scope, dotted, depth, line)
        return self._from_top(file, scope, dotted, line, _lookup_key(file, scope, dotted, line))

    def _from_top(
        self, file: FileSymbols, scope: str, dotted: str, line: int, key: _LookupKey
    ) -> Ref:
        """`resolve_dotted` at depth 0, `key` its `_lookup_key`: from the top the answer
        depends on nothing else (depth only bounds recursion)."""
        ref = self._names.get(key)
        if ref is None:
            ref = self._names[key] = self._dotted(file, scope, dotted, 0, line, key)
        return ref

    def _dotted(
        self,
        file: FileSymbols,
        scope: str,
        dotted: str,
        depth: int,
        line: int,
        key: _LookupKey | None = None,
    ) -> Ref:
        """`resolve_dotted`, unmemoised; `key` at depth 0."""
        if "." not in dotted:  # most names: no attribute to walk
            return self._head(file, scope, dotted, depth, line, key)
        head, *rest = dotted.split(".")
        if rest and key is not None:
            # The head alone is memoised too: `self.a()`, `self.b()`, `log.info`, `log.debug`.
            # Its key has the dotted name's binder: `_head_name` reads only the head.
            ref = self._from_top(file, scope, head, line, (key[0], key[1], head))
        else:
            ref = self._head(file, scope, head, depth, line)
        count = len(rest)
        for index, attr in enumerate(rest, 1):
            if ref.kind == "unresolved":
                return ref
            # `request.app.state.client`: the value the service keeps there
            on_state = ref.kind == "external" and ref.name.endswith(".state")
            kept = self._state_value(file, ref, attr, depth) if on_state else None
            last = index == count
            ref = kept if kept is not None else self._attribute(ref, attr, depth, last=last)
        return ref

    def stored(self, file: FileSymbols, state: Ref, name: str) -> Stored | str | None:
        """Where the service stores what `state.name` reads, `state` being a Starlette
        application's or request's state (`request.app.state`), or why that is not known;
        None when `state` is no such object."""
        places = self._stored_places(file, state, name)
        return stored_once(*places) if places is not None else None

    def _state_value(self, file: FileSymbols, state: Ref, name: str, depth: int) -> Ref | None:
        """What `state.name` holds when `state` is an application's or request's state:
        what the service stores under `name`, when every place storing it stores the same
        kind of object (the client class a call is made on, whichever client it is)."""
        places = self._stored_places(file, state, name)
        if places is None:
            return None
        refs = {
            self._from_binding(self.symbols[p.path], p.binding, depth + 1) for p in named(places[0])
        }
        if len(refs) == 1:
            return next(iter(refs))
        found = stored_once(*places)
        return _unresolved(found if isinstance(found, str) else "")

    def _stored_places(
        self, file: FileSymbols, state: Ref, name: str
    ) -> tuple[list[Stored], str, str] | None:
        """The places storing what `state.name` reads, with the state's kind and the name;
        None when `state` is no Starlette application's or request's state."""
        kind = state_kind(state.name) if state.kind == "external" else None
        if kind is None or not name.isidentifier():
            return None
        places = self.app_states.stored(file.facts.path, kind, name, self._owner_kind)
        return places, kind, name

    def _owner_kind(self, path: str, scope: str, owner: str) -> tuple[str, ...]:
        """The states `OWNER.state.NAME = value` may set: an application's (`app`,
        `request.app`) or a request's; both for a name not known here (a lifespan's `app`
        or a middleware's `request` parameter not annotated); none for any other object."""
        file = self.symbols.get(path)
        if file is None:
            return ()
        ref = self.resolve_dotted(file, scope, owner, 0)
        if ref.kind == "unresolved":
            return (APP, REQUEST)
        kind = state_kind(f"{ref.name}.state") if ref.kind == "external" else None
        return (kind,) if kind is not None else ()

    def _head(
        self,
        file: FileSymbols,
        scope: str,
        head: str,
        depth: int,
        line: int,
        key: _LookupKey | None = None,
    ) -> Ref:
        """What the head of a dotted name names; `key`: its `_lookup_key`, at depth 0."""
        called = False
        if head.endswith(_SUFFIXES):  # seldom: one test of the head for both
            if head.endswith(_ENTRY):
                return _entry(self._head(file, scope, head[: -len(_ENTRY)], depth, line))
            called = True
        name = head[:-2] if called else head
        if called and name == "super":
            method = file.super_scope(scope)
            if method is not None:
                return Ref("super", file.facts.path, method)
        # The key's binder is the name's own when nothing was stripped off it, in a file
        # whose lookups do not depend on their line (`_lookup_key`): not found again.
        known = not called and not file.written_twice
        binder = key[1] if key is not None and known else BY_SCOPE
        ref = self._name(file, scope, name, depth, line, binder)
        return self._call_result(ref, depth) if called else ref

    def _name(
        self,
        file: FileSymbols,
        scope: str,
        name: str,
        depth: int,
        line: int,
        binder: str | None = BY_SCOPE,
    ) -> Ref:
        """What `name` names in `scope`; `binder`: where it is bound, when the caller knows."""
        if depth > _MAX_DEPTH:
            return _unresolved("name binding chain too deep")
        if binder == BY_SCOPE:
            binder = file.binder(scope, name, line)
        if name == "super" and file.super_scope(scope) is not None:
            return Ref("builtin", name=name, package=_PYTHON_BUILTINS)
        if name in ("self", "cls", "this"):
            if binder is None:
                return _unresolved(f"'{name}' outside a class")
            return Ref("def" if name == "cls" else "instance", file.facts.path, binder)
        if binder is not None:
            imported = file.imported.get((binder, name))
            if imported is not None:
                return self._from_import(imported[0], imported[1], depth)
            qualname = name if binder == MODULE_SCOPE else f"{binder}.{name}"
            if qualname in file.definitions:
                return Ref("def", file.facts.path, qualname)
            entry = file.entry_binding(binder, name, line)
            if entry is not None:
                return self._from_binding(file, entry, depth)
            ref = self._from_binding(file, file.binding_in(binder, name, line), depth)
            if ref.kind == "unresolved" and binder == MODULE_SCOPE:
                return self._module_value(file, name, depth) or ref
            return ref
        if file.star_imports:
            found = self._star_imported(file, name, depth, frozenset({file.facts.path}))
            if found is not None:
                return found
        if file.is_python and name in PYTHON_BUILTINS:
            return Ref("builtin", name=name, package=_PYTHON_BUILTINS)
        if not file.is_python and name in JS_GLOBALS:
            return Ref("builtin", name=name, package="ext:js:globals")
        if not file.is_python and (name in ANGULARJS_INJECTED or name in NUXT_AUTO_IMPORTS):
            return Ref("builtin", name=name, package="ext:js:globals")
        return _unresolved(f"'{name}' is a parameter or a name this file does not define")

    def _module_value(self, file: FileSymbols, name: str, depth: int) -> Ref | None:
        """What the module's `name` holds when its first assignment does not say, but every
        assignment of it in the module that is not None says the same: a lazy singleton
        (`_client = None`, then `global _client; _client = boto3.client("s3")` in its
        getter). None when one is not known here (`_client = client`, a parameter) or two
        differ. An assignment from another module (`store._client = fake`, in a test) is
        not seen."""
        written = file.module_writes(name)
        return self._agreed(file, written, depth) if len(written) > 1 else None

    def _agreed(self, file: FileSymbols, written: list[Binding], depth: int) -> Ref | None:
        """What every one of the assignments `written` that is not None gives, when they
        agree and each is known here; None otherwise, or when there is none."""
        if depth > _MAX_DEPTH:
            return None
        found: set[Ref] = set()
        for binding in written:
            if binding.kind == "local" and binding.value == ASSIGNED_NONE:
                continue
            ref = self._from_binding(file, binding, depth + 1)
            if ref.kind == "unresolved":
                return None
            found.add(ref)
        return found.pop() if len(found) == 1 else None

    def _from_binding(self, file: FileSymbols, binding: Binding, depth: int) -> Ref:
        ref = self._from_value(file, binding, depth)
        if ref.kind == "unresolved" and binding.annotation and binding.kind != "typed":
            # `client: httpx.AsyncClient = pool.get()`: what the annotation says it is
            return self._typed(
                file, replace(binding, kind="typed", value=binding.annotation), depth
            )
        return ref

    def _from_value(self, file: FileSymbols, binding: Binding, depth: int) -> Ref:
        if binding.kind in ("call", "new"):
            made = self.resolve_dotted(file, binding.scope, binding.value, depth + 1, binding.line)
            return self._call_result(made, depth + 1)
        if binding.kind == "name":
            return self.resolve_dotted(file, binding.scope, binding.value, depth + 1, binding.line)
        if binding.kind == "func" and binding.value in file.definitions:
            return Ref("def", file.facts.path, binding.value)
        if binding.kind == "typed":
            return self._typed(file, binding, depth)
        if binding.kind == "item":
            over = binding.value or "an array written in place"  # `for r in (a, b):`
            definition = file.definitions.get(binding.scope)
            if (
                loops_over_parameter(binding, definition)
                if file.is_python
                else is_own_parameter(binding, definition)
            ):
                # A value the call passes in, as the parameter is: a local one
                # (`graph._LOCAL_REASONS`), as before the loop was bound.
                return _unresolved(
                    f"'{binding.target}' is a parameter or a name this file does not define"
                )
            return _unresolved(f"'{binding.target}' is an item of {over}")
        if binding.kind == "subscript":
            entries = self.resolve_dotted(
                file, binding.scope, binding.value, depth + 1, binding.line
            )
            return _entry(entries)
        if binding.kind == "object" and file.is_python:
            held = self._dict_of(file, binding, depth)
            if held is not None:
                return held
        return _unresolved(f"'{binding.target}' holds a {binding.kind} value")

    def _dict_of(self, file: FileSymbols, binding: Binding, depth: int) -> Ref | None:
        """A dict written out with every value an instance of one first-party class
        (`{"main": Database("main.db"), "logs": Database("logs.db")}`), each value the file
        stores in it one too (`self.databases[name] = db` of a `db: Database`,
        `setdefault(name, Database(path))`), as a type checker reads it (`dict[str,
        Database]`); None for one with another value (`self.caches[name] = Memory()`), an
        entry not read (`**extra`, `update(...)`), or none. What another file stores in it
        is not seen."""
        values = [file.value_binding(item, binding.scope, binding.line) for item in binding.items]
        instance = self._one_instance(file, values, depth)
        if instance is None:
            return None
        stored = file.stores_in(file.dict_home(binding.target, binding.scope, binding.line))
        if stored and self._one_instance(file, stored, depth) != instance:
            return None
        return Ref("dict", instance.path, instance.name)

    def _one_instance(
        self, file: FileSymbols, values: list[Binding | None], depth: int
    ) -> Ref | None:
        """The instance of one first-party class every one of `values` holds; None when
        one holds anything else or is not known (None), or there are none."""
        classes: set[Ref] = set()
        for value in values:
            ref = self._from_binding(file, value, depth + 1) if value is not None else None
            if ref is None or ref.kind != "instance":
                return None
            classes.add(ref)
        return classes.pop() if len(classes) == 1 else None

    def _typed(self, file: FileSymbols, binding: Binding, depth: int) -> Ref:
        """A parameter or field annotated with a class is an instance of it: a first-party
        class (`svc: Service = Depends(...)`, NestJS `constructor(private store: Store)`),
        or in Python a library's (`client: httpx.AsyncClient`). An interface or a type
        alias names no class: nothing is guessed. TypeScript library types (`req: Request`,
        `Observable`) are left alone, but for the HTTP clients a framework injects
        (`@nestjs/axios`'s `http: HttpService`), whose calls are client calls."""
        mapped = mapped_class(binding.value) if file.is_python else None
        named = mapped or binding.value
        made = self.resolve_dotted(file, binding.scope, named, depth + 1)
        if made.kind == "member":
            made = self._member(made.path, made.name, depth + 1)
        if made.kind == "def":
            definition = self.symbols[made.path].definitions.get(made.name)
            if definition is not None and definition.kind == "class":
                # `dbs: dict[str, Database]`: a dict of them
                return Ref("dict" if mapped else "instance", made.path, made.name)
        if mapped:
            return _unresolved(f"'{binding.target}' is a dict of {mapped}, no class of the project")
        if made.kind == "external" and (file.is_python or made.name in INJECTED_CLIENTS):
            return self._call_result(made, depth + 1)
        return _unresolved(f"'{binding.target}' is a parameter of type {binding.value}")

    def _call_result(self, ref: Ref, depth: int = 0) -> Ref:
        if ref.kind in ("external", "builtin"):
            return Ref(ref.kind, name=ref.name + "()", package=ref.package)
        if ref.kind == "dict.get":
            return Ref("instance", ref.path, ref.name)
        if ref.kind == "member":
            ref = self._member(ref.path, ref.name, 0)
        if ref.kind == "def":
            definition = self.symbols[ref.path].definitions.get(ref.name)
            if definition is not None and definition.kind == "class":
                return Ref("instance", ref.path, ref.name)
            made = self._made_by_factory(ref, definition, depth)
            return made if made is not None else _unresolved(f"result of calling '{ref.name}'")
        return ref if ref.kind == "unresolved" else _unresolved("result of a call")

    def _made_by_factory(
        self, ref: Ref, definition: Definition | None, depth: int, *, read: bool = False
    ) -> Ref | None:
        """What a function returns when its only `return` gives a library call's result
        (`function makeClient(token) { return createClient<paths>({ baseUrl, headers }) }`
        is `openapi-fetch()`, `def get_client(): return httpx.AsyncClient(base_url=...)` is
        `httpx.AsyncClient()`) or makes an instance of a class of the repository (Chainlit's
        `def load_config(): ...; return ChainlitConfig(**settings)`), also through other
        factories of the repository it returns the result of; None for anything else (an
        async function's promise or coroutine, a generator, a Python function whose
        decorator may return something else). `read`: the function is a property's getter,
        read rather than called."""
        file = self.symbols[ref.path]
        if definition is None or definition.is_async or definition.is_generator:
            return None
        keeping = _READ_KEEPING if read else _RESULT_KEEPING
        if any(d.rpartition(".")[2] not in keeping for d in definition.decorators):
            return None
        returned = file.returned_call(ref.name)
        if returned is None:
            return self._held(file, ref.name, depth) if file.is_python else None
        if "(" in returned.value or returned.value == "cls":
            # `return cls(**options)`: an instance of the class the method is called on, which
            # may be a subclass (`MemoryStore.from_options()`); `ref` names the defining one.
            return None
        # Not memoised (depth > 0): a factory may return a call on what calling it gives.
        made = self.resolve_dotted(file, ref.name, returned.value, depth + 1)
        if made.kind == "external":
            return self._call_result(made, depth + 1)
        if made.kind in ("def", "member") and depth < _MAX_DEPTH:
            # Another factory of the repository (marimo's `createClientWithRuntimeManager`
            # returning `createMarimoClient(...)`, which returns `createClient<paths>(opts)`).
            inner = self._call_result(made, depth + 1)
            return inner if inner.kind in ("external", "instance") else None
        return None

    def _held(self, file: FileSymbols, function: str, depth: int) -> Ref | None:
        """The library object a Python getter returns when its `return` names where it is
        kept (`return self._client`, set to `boto3.client(...)` when first asked for), as a
        call on `self.client()` reaches it, or joins a path to a library object (`return
        FILES_DIRECTORY / self.id`: a Path again); None for anything else."""
        returned = file.bindings.get((function, RETURNED))
        if returned is None or returned.kind not in ("name", "joined") or depth >= _MAX_DEPTH:
            return None
        # A plain name of the function's own is `returned_call`'s to judge (`session.headers
        # = ...` before `return session`: not what the call made it); the module's is a
        # lazy getter's singleton (`global _client`, ..., `return _client`); a join makes a
        # new object.
        plain = returned.kind == "name" and "." not in returned.value
        if plain and file.binder(function, returned.value, returned.line) != MODULE_SCOPE:
            return None
        held = self.resolve_dotted(file, function, returned.value, depth + 1, returned.line)
        return held if held.kind == "external" else None

    def _from_import(self, target: ImportTarget, member: str | None, depth: int) -> Ref:
        attribute = member is not None and member.startswith("<attr>")
        if member is not None and attribute:
            member = member[len("<attr>") :]
        if target.kind == "unresolved":
            return _unresolved(f"import not resolved: {target.reason}")
        if target.kind == "external":
            if member is None or member.startswith("<top>"):
                name = member[5:] if member else target.qualname
                return Ref("external", name=name, package=target.package)
            if member == "default" and not target.package.startswith(_PYTHON_PACKAGES):
                # A default import of a package is its namespace for all practical calls; a
                # Python name `default` (`from traitlets import default`) is an attribute.
                return Ref("external", name=target.qualname, package=target.package)
            return Ref("external", name=f"{target.qualname}.{member}", package=target.package)
        if target.kind in ("module", "namespace"):
            file = self.symbols.get(target.path)
            if (file is not None and file.is_python) or target.kind == "namespace":
                if member is not None and member.startswith("<top>"):
                    return Ref("pymodule", name=member[5:], service=target.service)
                if member is None:
                    return Ref("pymodule", name=target.qualname, service=target.service)
                if attribute:
                    return self._member(target.path, member, depth + 1)
                if target.qualname.endswith("." + member) or target.qualname == member:
                    return Ref("pymodule", name=target.qualname, service=target.service)
                return self._member(target.path, member, depth + 1)
            if member is None:
                return Ref("jsmodule", target.path)
            return self._member(target.path, member, depth + 1)
        return _unresolved(f"import of a {target.kind}")

    def _star_imported(
        self, file: FileSymbols, name: str, depth: int, seen: frozenset[str]
    ) -> Ref | None:
        """What `name` is when a star import of `file` binds it: the last one whose module
        brings it (see `_brings`), a submodule only when its `__all__` lists it; None when no
        star import of `file` brings `name`."""
        for target in reversed(file.star_imports):
            if target.path in seen or not self._brings(target.path, name, seen):
                continue
            found = self._member(target.path, name, depth + 1, seen)
            submodule = (target.service, f"{target.qualname}.{name}")
            if found.kind == "unresolved" and submodule in self.python_module_path:
                return Ref("pymodule", name=submodule[1], service=target.service)
            return found
        return None

    def _brings(self, path: str, name: str, seen: frozenset[str]) -> bool:
        """Whether `from <the module at path> import *` binds `name`: it is among the names
        its `__all__` lists or, without one, a name of its own not starting with `_` that it
        defines, imports or assigns at module scope, or that a star import of its own brings.
        A submodule counts only once imported there (or listed). Star imports in a cycle
        bring what the modules bind themselves."""
        source = self.symbols.get(path)
        if source is None or not source.is_python:
            return False
        if source.listed is not None:
            return name in source.listed
        if name.startswith("_"):
            return False
        if source.binds_at_module(name):
            return True
        seen = seen | {path}
        return any(
            self._brings(target.path, name, seen)
            for target in source.star_imports
            if target.path not in seen
        )

    def _attribute(self, ref: Ref, attr: str, depth: int, *, last: bool = True) -> Ref:
        """`ref.attr` (`attr` with `()`: what calling it gives). `last`: whether `attr` ends
        the dotted name looked up."""
        called = False
        if attr.endswith(_SUFFIXES):  # one test of the attribute for both
            if attr.endswith(_ENTRY):
                entries = self._plain_attribute(ref, attr[: -len(_ENTRY)], depth, inherited=False)
                return _entry(entries)
            called = True
        name = attr[:-2] if called else attr
        # A method called on a class of the project may be a library base's (`self.get()`),
        # not an attribute read on the way (`self.application.refresh()`: what the library
        # keeps there may be the project's, whose method a call not followed may reach).
        result = self._plain_attribute(ref, name, depth, inherited=called or last)
        return self._call_result(result, depth) if called else result

    def _plain_attribute(self, ref: Ref, name: str, depth: int, *, inherited: bool = True) -> Ref:
        """`ref.name`. `inherited`: a Python class of the project may have it from a library
        base (`_from_library_base`)."""
        if ref.kind == "external" or ref.kind == "builtin":
            return Ref(ref.kind, name=f"{ref.name}.{name}", package=ref.package)
        if ref.kind == "pymodule":
            full = f"{ref.name}.{name}"
            if (ref.service, full) in self.python_module_path or full in self.python_packages.get(
                ref.service, ()
            ):
                return Ref("pymodule", name=full, service=ref.service)
            path = self.python_module_path.get((ref.service, ref.name))
            if path is None:
                return _unresolved(f"'{ref.name}' is a namespace package without '{name}'")
            return self._member(path, name, depth + 1)
        if ref.kind == "jsmodule":
            return self._member(ref.path, name, depth + 1)
        if ref.kind == "object":
            qualname = f"{ref.name}.{name}"
            if qualname in self.symbols[ref.path].definitions:
                return Ref("def", ref.path, qualname)
            return _unresolved(f"'{name}' is not a function of object '{ref.name}'")
        if ref.kind == "member":
            member = self._member(ref.path, ref.name, depth + 1)
            return self._plain_attribute(member, name, depth, inherited=inherited)
        if ref.kind in ("def", "instance"):
            file = self.symbols[ref.path]
            definition = file.definitions.get(ref.name)
            if ref.kind == "def" and definition is not None and definition.is_property:
                # `self.files_dir.mkdir()`: reading the property gives what its getter returns.
                value = self._made_by_factory(ref, definition, depth, read=True)
                if value is not None:
                    return self._plain_attribute(value, name, depth + 1, inherited=inherited)
            if definition is not None and definition.kind == "class":
                found = self._on_class(file, definition, ref.kind, name, depth)
                if found is None and inherited and file.is_python:
                    found = self._from_library_base(file, definition, ref.kind, name, depth)
                return found or _unresolved(f"'{name}' is not defined on class '{ref.name}'")
            if definition is not None and definition.kind == "namespace":
                return self._in_namespace(file, ref.name, name, depth)
            return _unresolved(f"attribute '{name}' of function '{ref.name}'")
        if ref.kind == "super":
            return self._on_super(ref, name, depth, inherited)
        if ref.kind == "dict" and name == "get":
            return Ref("dict.get", ref.path, ref.name)
        return _unresolved(f"attribute of a {ref.kind}")

    def _in_namespace(self, file: FileSymbols, namespace: str, name: str, depth: int) -> Ref:
        """`name` of the TypeScript namespace `namespace`: a definition in it (`Private.load`)
        or what a name it binds holds. What it does not export the compiler keeps from
        outside it: not told apart here."""
        qualname = f"{namespace}.{name}"
        if qualname in file.definitions:
            return Ref("def", file.facts.path, qualname)
        bound = file.bindings.get((namespace, name))
        if bound is not None:
            return self._from_binding(file, bound, depth + 1)
        return _unresolved(f"'{name}' is not defined in namespace '{namespace}'")

    def _on_class(
        self, file: FileSymbols, cls: Definition, kind: str, name: str, depth: int
    ) -> Ref | None:
        """`name` on the first-party class `cls` (`kind` def: the class, instance: one of its
        instances): a definition, a member the class binds, or one a first-party base has;
        None when none has it."""
        qualname = f"{cls.qualname}.{name}"
        if qualname in file.definitions:
            return Ref("def", file.facts.path, qualname)
        bound = file.member_bindings.get(qualname)
        if bound is not None:
            found = self._from_binding(file, bound, depth + 1)
            assigned = file.member_values.get(qualname)
            if (
                found.kind == "unresolved"
                and assigned is not None
                # `is not` first: nearly always the one binding, and `!=` compares the fields
                and assigned is not bound
                and assigned != bound
            ):
                # `private http: AxiosInstance` names no class; what the constructor
                # assigns it does (`this.http = axios.create(...)`).
                return self._from_binding(file, assigned, depth + 1)
            return found
        if file.is_python:
            kept = self._agreed(file, file.class_writes(cls.qualname, name), depth)
            if kept is not None:
                return kept
        return self._inherited(file, cls, kind, name, depth)

    def _inherited(
        self, file: FileSymbols, cls: Definition, kind: str, name: str, depth: int
    ) -> Ref | None:
        """`name` found on a first-party base class, in base order (depth-first, like a
        simple MRO); None when no base has it."""
        scope = enclosing_scope(cls.qualname)
        for base in cls.bases:
            if depth > _MAX_DEPTH:
                return None
            named = self._class_named(self._base_ref(file, scope, base, depth))
            if named is None:
                continue
            found = self._on_class(*named, kind, name, depth + 1)
            if found is not None and found.kind != "unresolved":
                return found
        return None

    def _base_ref(self, file: FileSymbols, scope: str, base: str, depth: int) -> Ref:
        """What the base class written `base` in `scope` names. Memoised as looked up from
        the top (depth 0), and that answer read at any depth: a hierarchy is walked for
        every name not found on a class (`super().m()`, `self.m()`), each level one deeper."""
        key = (file.facts.path, scope, base)
        ref = self._base_refs.get(key)
        if ref is None:
            ref = self.resolve_dotted(file, scope, base, depth + 1)
            if ref.kind == "member":
                ref = self._member(ref.path, ref.name, depth + 1)
            if depth == 0:
                self._base_refs[key] = ref
        return ref

    def _class_named(self, ref: Ref) -> tuple[FileSymbols, Definition] | None:
        """The first-party class `ref` names, with its file's symbols; None for anything else."""
        if ref.kind != "def":
            return None
        file = self.symbols[ref.path]
        definition = file.definitions.get(ref.name)
        return (file, definition) if definition is not None and definition.kind == "class" else None

    def _from_library_base(
        self,
        file: FileSymbols,
        cls: Definition,
        kind: str,
        name: str,
        depth: int,
        *,
        own: bool = True,
    ) -> Ref | None:
        """`name` on the Python class `cls` (or, `own` False, on its bases: `super().name`)
        when no first-party class of its hierarchy defines or sets it, and so the one library
        class among their bases must: `self.get(url)` in `class Api(requests.Session)` is
        `requests.Session().get`, as on a session the code makes, `App.listen` in `class
        App(tornado.web.Application)` `tornado.web.Application.listen`. None when no library
        class is among the bases; unresolved when more than one is, or when a base not
        followed (a builtin, a parameter, `Generic[T]`) may have it. Nor for a special
        method (`super().__init__(...)`): the object's protocol, no call the library's
        methods name (a sync `redis.Redis().*` is a call to Redis, its `__init__` is not)."""
        if name.startswith("__") and name.endswith("__"):
            return None
        hierarchy = self._hierarchy(file, cls, depth)
        if not hierarchy.libraries:
            return None
        classes = hierarchy.classes if own else hierarchy.classes[1:]
        if any(here.sets_attribute(qualname, name) for here, qualname in classes):
            return None
        if len(hierarchy.libraries) > 1:
            names = ", ".join(sorted(base for base, _ in hierarchy.libraries))
            return _unresolved(f"'{name}' may be defined by any of the bases {names}")
        if hierarchy.unsure:
            return _unresolved(f"{hierarchy.unsure} may define '{name}'")
        ((base, package),) = hierarchy.libraries
        method = f"{base}().{name}" if kind == "instance" else f"{base}.{name}"
        return Ref("external", name=method, package=package)

    def _hierarchy(self, file: FileSymbols, cls: Definition, depth: int) -> _Hierarchy:
        """The first-party classes of the hierarchy of `cls` (itself first) and the library
        classes among their bases. Memoised from the top (depth 0, as `_names`): every method
        looked up on a class walks it."""
        key = (file.facts.path, cls.qualname)
        found = self._hierarchies.get(key) if depth == 0 else None
        if found is not None:
            return found
        classes: list[tuple[FileSymbols, str]] = []
        libraries: dict[str, str] = {}  # a library base -> its package's node
        unsure = ""
        pending = [(file, cls)]
        seen: set[tuple[str, str]] = set()
        while pending and len(seen) < _MAX_CLASSES:
            here, definition = pending.pop(0)
            if (here.facts.path, definition.qualname) in seen:
                continue
            seen.add((here.facts.path, definition.qualname))
            classes.append((here, definition.qualname))
            if definition.unnamed_bases:
                unsure = f"a base of '{definition.qualname}' written as no name"
            scope = enclosing_scope(definition.qualname)
            for base in definition.bases:
                ref = self._base_ref(here, scope, base, depth)
                first_party = self._class_named(ref)
                if first_party is not None:
                    pending.append(first_party)
                elif ref.kind == "external":
                    if ref.name not in _METHODLESS_BASES:
                        libraries.setdefault(ref.name, ref.package)
                elif ref.kind != "builtin" or ref.name != "object":
                    unsure = f"base '{base}' of '{definition.qualname}'"
        if pending:  # too many classes to tell
            unsure = f"a base of a class too deep in the hierarchy of '{cls.qualname}'"
        found = _Hierarchy(tuple(classes), tuple(libraries.items()), unsure)
        if depth == 0:
            self._hierarchies[key] = found
        return found

    def _on_super(self, ref: Ref, name: str, depth: int, inherited: bool) -> Ref:
        """`super().name` in the method `ref.name`: found on the bases of its class only. A
        name no base is known to have stays the builtin's, as does a special method's
        (`super().__init__(...)`: the seams read a constructor's `super()` calls themselves,
        with the values the subclass's constructor is given, `seams.hierarchy`)."""
        if name.startswith("__") and name.endswith("__"):
            return Ref("builtin", name=f"super().{name}", package=_PYTHON_BUILTINS)
        file = self.symbols[ref.path]
        cls = file.definitions[enclosing_scope(ref.name)]
        method = file.definitions[ref.name]
        kind = "def" if "classmethod" in method.decorators else "instance"
        found = self._inherited(file, cls, kind, name, depth)
        if found is None and inherited:
            found = self._from_library_base(file, cls, kind, name, depth, own=False)
        if found is None or found.kind == "unresolved":
            return Ref("builtin", name=f"super().{name}", package=_PYTHON_BUILTINS)
        return found

    def _member(self, path: str, name: str, depth: int, seen: frozenset[str] = frozenset()) -> Ref:
        """Look `name` up inside the first-party file `path`: definitions, exports, re-exports."""
        if depth > _MAX_DEPTH or path in seen:
            return _unresolved(f"'{name}' re-export chain too deep or circular")
        file = self.symbols.get(path)
        if file is None:
            return _unresolved(f"'{path}' was not analysed")
        seen = seen | {path}
        local = name
        if not file.is_python:
            if name in file.exports:
                local = file.exports[name]
            elif name == "default" and "default" not in file.definitions:
                local = ""
        if local and "." not in local and local in file.definitions:
            return Ref("def", path, local)
        if local and _holds_definitions(file, local):
            return Ref("object", path, local)
        if local:
            imported = file.imported.get((MODULE_SCOPE, local))
            if imported is not None:
                return self._from_import(imported[0], imported[1], depth + 1)
            binding = file.bindings.get((MODULE_SCOPE, local))
            if binding is not None:
                ref = self._from_binding(file, binding, depth + 1)
                if ref.kind == "unresolved":
                    return self._module_value(file, local, depth + 1) or ref
                return ref
            if file.star_imports:
                found = self._star_imported(file, local, depth, seen)
                if found is not None:
                    return found
        for target, source_name, exported in file.reexports:
            if exported == name and source_name != "*":
                return self._from_import(target, source_name, depth + 1)
            if exported == name and source_name == "*":
                return self._from_import(target, None, depth + 1)
        for target, source_name, exported in file.reexports:
            if source_name == "*" and exported == "*" and target.kind == "module":
                found = self._member(target.path, name, depth + 1, seen)
                if found.kind != "unresolved":
                    return found
        if name == "default" and not file.is_python:
            # A default import of a module without a default export is CommonJS interop:
            # `import legacy from './legacy.cjs'` binds its `module.exports`.
            return Ref("jsmodule", path)
        return _unresolved(f"'{name}' is not defined or exported by {path}")
