"""Clients @hey-api/openapi-ts writes (its current output; the legacy one is `codegen.py`'s).
`client.gen.ts` makes one client, `export const client = createClient(
createConfig<ClientOptions>({ baseUrl: 'http://localhost:8000' }))`, with the `createClient`
of `@hey-api/client-fetch`, `@hey-api/client-axios` or `@hey-api/client-next`, or of the
copy of it the generator writes beside (`client/client.gen.ts`); each function of
`sdk.gen.ts` requests through it, `(options?.client ?? client).post({ url: '/predict',
...options })`, and the app points it at its server: `client.setConfig({ baseUrl:
import.meta.env.VITE_API_URL })`.

The base URL is what `setConfig` sets, every place of the service (test code aside) that
sets one agreeing, else what the client is made with (`createConfig({ baseUrl })`, also
through Next.js's `createClientConfig(config)` returning `{ ...config, baseUrl }`); unknown
when places disagree or one sets options seamcheck cannot read. A generated function's own
`options` are taken to set neither the path (its type leaves `url` out) nor the base URL; a
call of it handing its own `client` makes the request on that client: unknown here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from seamcheck.facts import RETURNED, Arg, Call
from seamcheck.project import is_test_file
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.arguments import argument
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.mutators import Entry
from seamcheck.seams.values import Located, Part, Template, Values, parameter_names

# The client libraries, by the option holding the base URL.
BASE_OPTIONS = {
    "@hey-api/client-fetch": "baseUrl",
    "@hey-api/client-next": "baseUrl",
    "@hey-api/client-axios": "baseURL",
}
_METHODS = {
    **{m: m.upper() for m in (*HTTP_METHODS, "trace", "connect")},
    "request": "",  # `client.request({ method: 'POST', url })`
}
_FACTORY = "createClient"
_CONFIG = "createConfig"
_SET_CONFIG = ".setConfig"
# The generated copy of a client library's `createClient` (`client/client.gen.ts`): a
# function of that name defining these, in a file named so.
_BUNDLED_PARTS = ("getConfig", "setConfig", "request")
_BUNDLED_FILE = re.compile(r"(^|/)client(\.gen)?\.[cm]?[jt]s$")
# The files it generates (`sdk.gen.ts`): a parameter spread into the options of a request
# there is the generated function's `options`, whose type leaves `url` out.
GENERATED_FILE = re.compile(r"\.gen\.[cm]?[jt]sx?$")
_MAX_HOPS = 4

# Reads the string option `key` of a request's options from their entries.
Reader = Callable[[list[Entry], str], "Template | None"]
# A name bound to an object literal stands for that object (`ClientFinder._expanded`).
Expander = Callable[[str, str, Arg], Arg]


@dataclass(frozen=True, slots=True)
class HeyClient:
    """A client `createClient` makes: the library, and the binding holding it (`client =
    createClient(...)`), made by `made`."""

    library: str
    located: Located
    made: Call


@dataclass(frozen=True, slots=True)
class HeyCall:
    """A request on a client: the client and the method its name says ("" for `request`)."""

    client: HeyClient
    method: str


def may_request(callee: str) -> bool:
    """Whether a call written so may be a request on a client (`client.get(...)`): one of
    no method of `_METHODS` is none, whatever its receiver (`HeyApiClients.call`)."""
    receiver, _, method = callee.rpartition(".")
    return bool(receiver) and method in _METHODS


class HeyApiClients:
    """The calls made on @hey-api clients, and their base URLs."""

    def __init__(
        self,
        resolution: Resolution,
        values: Values,
        read: Reader,
        expanded: Expander,
        calls_of: Callable[[str], Sequence[ResolvedCall]],
    ) -> None:
        self.resolution = resolution
        self.values = values
        self.read = read
        self.expanded = expanded
        self.calls_of = calls_of
        self._bundled: dict[str, str] | None = None  # function node id -> library
        self._bases: dict[Located, Template] = {}
        self._set: dict[str, list[tuple[str, Call, HeyClient]]] = {}  # see `_set_configs`

    def call(self, resolved: ResolvedCall) -> HeyCall | None:
        """The client `resolved` requests on, and the method; None for any other call."""
        call = resolved.call
        if not may_request(call.callee):
            return None
        receiver, _, method = call.callee.rpartition(".")
        if resolved.kind == "external":
            if not resolved.qualname.startswith(tuple(BASE_OPTIONS)):
                return None
        elif resolved.kind != "unresolved" or not self._bundled_factories():
            return None
        client = self.client(resolved.path, call.scope, receiver)
        return HeyCall(client, _METHODS[method]) if client is not None else None

    def client(self, path: str, scope: str, name: str) -> HeyClient | None:
        """The client `name` holds in `scope` of `path`, if a `createClient` made it."""
        located = self.values.locate(path, scope, name)
        for _ in range(_MAX_HOPS):
            if located is None or located.binding.kind != "name":
                break
            binding = located.binding
            located = self.values.locate(located.path, binding.scope, binding.value)
        if located is None or located.binding.kind != "call":
            return None
        made = self.values.creator(located)
        library = self._library(located.path, made) if made is not None else ""
        return HeyClient(library, located, made) if library and made is not None else None

    def option(self, client: HeyClient) -> str:
        """The option holding the client's base URL."""
        return BASE_OPTIONS[client.library]

    def base(self, client: HeyClient) -> Template:
        """The base URL the client requests with: what the service's `setConfig` calls set,
        every one agreeing, else what it is made with."""
        found = self._bases.get(client.located)
        if found is None:
            found = self._base(client)
            self._bases[client.located] = found = tuple(replace(p, slot=None) for p in found)
        return found

    def other_client(self, resolved: ResolvedCall) -> str:
        """Why a call on `(options.client ?? client)` may be made on another client than the
        default: one that is no parameter's `client`, or a call of its function handing its
        own (`predict({ client: other, body })`); "" when none does."""
        call = resolved.call
        if not call.unless:
            return ""
        head, _, rest = call.unless.partition(".")
        file = self.values.symbols.get(resolved.path)
        definition = file.definitions.get(call.scope) if file is not None else None
        if rest != "client" or definition is None:
            return other_receiver(call.unless)
        if head not in parameter_names(definition.params):
            return other_receiver(call.unless)
        for caller in self.calls_of(f"{resolved.path}::{call.scope}"):
            given = argument(caller.call, definition, head, False)
            if not isinstance(given, Arg):
                continue
            options = self.expanded(caller.path, caller.call.scope, given)
            if options.kind == "object" and any(i.keyword == rest for i in options.items):
                where = f"{caller.path}:{caller.call.span.line}"
                return f"'{call.scope}' is given another client to request on ({where})"
        return ""

    # -- which calls make a client ----------------------------------------------------------

    def _library(self, path: str, made: Call) -> str:
        names = self.values.names
        resolved = names.resolve_call(path, made)
        if resolved.kind == "external":
            package, _, factory = resolved.qualname.rpartition(".")
            return package if factory == _FACTORY and package in BASE_OPTIONS else ""
        if resolved.kind == "function":
            return self._bundled_factories().get(resolved.target, "")
        return ""

    def _bundled_factories(self) -> dict[str, str]:
        """The generated copies of a client library's `createClient`, by function node id:
        `@hey-api/client-axios`'s when its file imports axios."""
        if self._bundled is None:
            self._bundled = {}
            for path, file in self.values.symbols.items():
                if file.is_python or not _BUNDLED_FILE.search(path):
                    continue
                if _FACTORY not in file.definitions:
                    continue
                if any(f"{_FACTORY}.{part}" not in file.definitions for part in _BUNDLED_PARTS):
                    continue
                axios = any(i.module == "axios" for i in file.facts.imports)
                library = "@hey-api/client-axios" if axios else "@hey-api/client-fetch"
                self._bundled[f"{path}::{_FACTORY}"] = library
        return self._bundled

    # -- the base URL ---------------------------------------------------------------------------

    def _base(self, client: HeyClient) -> Template:
        option = self.option(client)
        values: dict[Template, list[str]] = {}
        for where, entries in self._settings(client):
            if isinstance(entries, str):
                return (Part(option, True, entries),)
            template = self.read(entries, option)
            if template is None:
                continue  # sets other options: the base URL stays
            if any(p.param for p in template):
                return template
            values.setdefault(template, []).append(where)
        if len(values) > 1:
            places = ", ".join(w for where in values.values() for w in where)
            name = client.located.binding.target
            why = f"the base URL of '{name}' is set to different values ({places})"
            return (Part(option, True, why),)
        if values:
            return next(iter(values))
        made = self._config(client.located.path, client.located.binding.scope, client.made)
        if isinstance(made, str):
            return (Part(option, True, made),)
        base = self.read(made, option)
        if base is None and any(e.arg.keyword == "axios" for e in made):
            # `createClient({ axios: instance })`: the instance's own base URL holds
            why = f"'{client.located.binding.target}' is made with an axios instance of its own"
            return (Part(option, True, why),)
        return base or ()

    def _settings(self, client: HeyClient) -> Iterator[tuple[str, list[Entry] | str]]:
        """Each `setConfig` call of the client in its service (test code aside): where, and
        the options it sets, or why they are not known."""
        service = self.values.service_of.get(client.located.path, "")
        for path, call, other in self._set_configs(service):
            if other.located != client.located:
                continue
            where = f"{path}:{call.span.line}"
            options = next((a for a in call.args if a.keyword is None), None)
            given = self.expanded(path, call.scope, options) if options is not None else None
            if given is None or given.kind != "object":
                yield where, f"{call.callee} ({where}) is given options not read here"
            else:
                yield where, [Entry(item, path, call.scope) for item in given.items]

    def _set_configs(self, service: str) -> list[tuple[str, Call, HeyClient]]:
        found = self._set.get(service)
        if found is None:
            found = self._set[service] = []
            for path, file in self.values.symbols.items():
                if self.values.service_of.get(path, "") != service or is_test_file(path):
                    continue
                for call in file.facts.calls:
                    if not call.callee.endswith(_SET_CONFIG):
                        continue
                    receiver = call.callee.removesuffix(_SET_CONFIG)
                    client = self.client(path, call.scope, receiver)
                    if client is not None:
                        found.append((path, call, client))
        return found

    def _config(self, path: str, scope: str, made: Call) -> list[Entry] | str:
        """The options a client is made with, read where each is written: an object
        (`createClient({ baseUrl })`), `createConfig(options)`'s, or what a function of the
        app returns from them (`createClientConfig(createConfig(...))`); why not, when
        seamcheck cannot read them."""
        options = next((a for a in made.args if a.keyword is None), None)
        if options is None:
            return []
        given = self.expanded(path, scope, options)
        if given.kind == "object":
            return [Entry(item, path, scope) for item in given.items]
        inner = self.values.argument_call(path, made)
        where = f"{path}:{made.span.line}"
        if given.kind != "other" or inner is None:
            return f"'{made.callee}' is given options not read here ({where})"
        if inner.callee.rpartition(".")[2] == _CONFIG:
            return self._config(path, scope, inner)
        returned = self._returned(path, inner)
        if returned is None:
            return f"'{made.callee}' is given what {inner.callee}() returns ({where})"
        function, definition_path, items, param = returned
        entries: list[Entry] = []
        for item in items:
            if item.kind == "spread" and item.value == param:
                found = self._config(path, scope, inner)
                if isinstance(found, str):
                    return found
                entries.extend(found)
            else:
                entries.append(Entry(item, definition_path, function))
        return entries

    def _returned(self, path: str, call: Call) -> tuple[str, str, tuple[Arg, ...], str] | None:
        """(function, its file, the entries of the object it returns, its first parameter)
        for a call of a function of the app returning one object literal."""
        called = self.values.called_function(path, call)
        if called is None:
            return None
        file_path, file, definition = called
        function = definition.qualname
        returned = file.bindings.get((function, RETURNED))
        if returned is None or returned.kind != "object":
            return None
        if definition.is_async or definition.is_generator:
            return None  # a promise of the options, not the options
        first = next(parameter_names(definition.params), "")
        return function, file_path, returned.items, first


def other_receiver(unless: str) -> str:
    """Why a call on `(unless ?? default)` may not be made on the default."""
    return f"the call is made on '{unless}' when that is set"
