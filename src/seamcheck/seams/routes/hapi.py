"""hapi (`@hapi/hapi`): `server.route({ method, path, handler })`, arrays of route objects
(written in place or held by a name, also imported), `method: ['GET', 'POST']` or `'*'`,
on a server `Hapi.server()` makes or on the `server` parameter of a plugin's `register`
function (a plugin object written in place, held by a name, or exported: `exports.plugin`,
`module.exports`, `export default { name, register }`); plugins registered with
`server.register({ plugin, routes: { prefix } })` or
`server.register(plugin, { routes: { prefix } })` serve their routes under that prefix (and
the prefix of the server they are registered on). A registration seamcheck cannot read may
serve any plugin of the service that it sees registered nowhere: their routes are unsure.
A package's plugin serves no route of the code's, but hapi-swagger's JSON and documentation
page are served where it is registered (builtin routes)."""

from __future__ import annotations

from seamcheck.facts import MODULE_SCOPE, Arg, Call, FileFacts, span_within
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.frameworks import HAPI_FACTORIES
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Declared, Server, UnreadMount, factory_of
from seamcheck.seams.values import Located, Values

_HAPI_PACKAGES = ("@hapi/hapi", "hapi")
# The package's plugin whose routes (its JSON and documentation page) are read here.
_SWAGGER = "hapi-swagger"
_MAX_DEPTH = 6
# The methods of a hapi server `_hapi_call` reads.
_HAPI_METHODS = (".route", ".register")


class HapiRoutes(RouteCore):
    """hapi's routes and plugin registrations."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        # service -> where a registration seamcheck cannot read is made.
        self._hapi_unread: dict[str, list[Where]] = {}

    def _call(self, path: str, facts: FileFacts, call: Call) -> None:
        # Screened by name first: this runs for every call `_read_calls` passes, which
        # passes every call of these methods (`core._READ_BY_NAME`).
        if not call.callee.endswith(_HAPI_METHODS) or not self._hapi_call(path, call):
            super()._call(path, facts, call)

    def _hapi_call(self, path: str, call: Call) -> bool:
        """Read `route` and `register` calls on a hapi server; whether the call was one."""
        receiver, _, method = call.callee.rpartition(".")
        if method not in ("route", "register") or not receiver or path.endswith(".py"):
            return False
        qualname = self._qualname(path, call)
        if qualname:
            if factory_of(qualname) not in HAPI_FACTORIES:
                return False
        elif not self._hapi_service(path) or not self._hapi_receiver(path, call, receiver):
            return False
        owner = self._owner(path, call.scope, receiver, "hapi")
        if owner is None or not call.args:
            return True
        self.servers.setdefault(owner, Server("hapi")).framework = "hapi"
        if method == "route":
            self._hapi_routes(path, call, owner)
        else:
            self._hapi_register(path, call, owner)
        return True

    def _hapi_service(self, path: str) -> bool:
        deps = self.dependencies.get(self.service_of.get(path, ""), frozenset())
        return any(package in deps for package in _HAPI_PACKAGES)

    def _hapi_receiver(self, path: str, call: Call, receiver: str) -> bool:
        """Whether an unresolved receiver is a function's parameter (a plugin's `server`),
        which the function's callers give."""
        file = self.values.symbols.get(path)
        definition = file.definitions.get(call.scope) if file is not None else None
        return definition is not None and receiver in definition.params

    def _hapi_routes(self, path: str, call: Call, owner: str) -> None:
        first = call.args[0]
        for item, written in self._hapi_items(path, call.scope, first):
            if item.kind != "object":
                self._hapi_unknown(path, call, owner, "routes seamcheck cannot read")
                continue
            at = written[0]
            entries = {i.keyword: i for i in item.items if i.keyword}
            route_path = entries.get("path")
            if route_path is None or any(i.kind in ("spread", "more") for i in item.items):
                self._hapi_unknown(path, call, owner, "a route seamcheck cannot read")
                continue
            verbs = self._hapi_methods(entries.get("method"))
            handler = self._hapi_handler(at, entries)
            self._declare(owner, path, verbs, route_path, "hapi", call, handler, written)

    def _hapi_items(self, path: str, scope: str, first: Arg) -> list[tuple[Arg, tuple[str, str]]]:
        """The route objects a `route` call is given: one, or an array in place or held by a
        name (`module.exports = [...]` of a module too)."""
        if first.kind == "list":
            return [(item, (path, scope)) for item in first.items]
        if first.kind == "name":
            located = self._fixed_array(path, scope, first.value)
            if located is not None:
                return [(i, (located.path, located.binding.scope)) for i in located.binding.items]
        return [(first, (path, scope))]

    @staticmethod
    def _hapi_methods(given: Arg | None) -> list[str]:
        listed = () if given is None else given.items if given.kind == "list" else (given,)
        verbs = [i.value.upper() for i in listed if i.kind == "str"]
        if not listed or len(verbs) < len(listed):
            return [ANY]  # not read: any
        return [ANY if v == "*" else v for v in verbs]

    def _hapi_handler(self, path: str, entries: dict[str, Arg]) -> str:
        handler = entries.get("handler")
        options = entries.get("options") or entries.get("config")
        if handler is None and options is not None and options.kind == "object":
            handler = next((i for i in options.items if i.keyword == "handler"), None)
        if handler is not None and handler.kind == "func":
            return f"{path}::{handler.value}"
        if handler is not None and handler.kind == "name":
            return self._function_node(path, MODULE_SCOPE, handler.value)
        return ""

    def _hapi_unknown(self, path: str, call: Call, owner: str, what: str) -> None:
        """Routes seamcheck cannot read: any method, any path under the server's prefix."""
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        self.declared.append(Declared(owner, service, ANY, "", "hapi", where, "", what))

    def _hapi_register(self, path: str, call: Call, owner: str) -> None:
        """`server.register(plugin, { routes: { prefix } })`, `server.register({ plugin,
        routes: { prefix } })`, and arrays of those: each plugin's `register` function under
        the server, at the prefix."""
        first, *rest = call.args
        given = rest[0] if rest and rest[0].kind == "object" else None
        shared = self._hapi_prefix(path, call.scope, given)
        items = first.items if first.kind == "list" else (first,)
        where = Where(path, call.span.line, call.span.column)
        for item in items:
            plugin, prefix = item, shared
            if item.kind == "object" and any(i.keyword == "plugin" for i in item.items):
                plugin = next(i for i in item.items if i.keyword == "plugin")
                prefix = self._hapi_prefix(path, call.scope, item)
            function = self._hapi_plugin(path, call, plugin, 0)
            if function is None and self._hapi_swagger_plugin(path, call, plugin, items):
                self._hapi_swagger(path, call, owner, item, prefix)
                continue
            if function is None or prefix is None:
                if function is None and self._hapi_library(path, call, plugin):
                    continue  # a library's plugin (`@hapi/inert`): no route of the code's
                self._hapi_unread.setdefault(self.service_of.get(path, ""), []).append(where)
                if function is None:
                    continue
                unread = UnreadMount(
                    where, "a plugin registered at a prefix known only at run time"
                )
                self.servers.setdefault(function, Server("")).mounts.append((owner, "", unread))
                continue
            self.servers.setdefault(function, Server("")).mounts.append((owner, prefix, None))

    def _hapi_swagger_plugin(
        self, path: str, call: Call, plugin: Arg, items: tuple[Arg, ...]
    ) -> bool:
        """Whether a registered plugin is hapi-swagger's: a name bound to the package, or
        its `require` written in the registration when it is the one plugin so written."""
        if plugin.kind == "name":
            found = self._library(path, call.scope, plugin.value)
            return found == _SWAGGER or found.startswith(f"{_SWAGGER}.")
        written = [
            resolved.imp.module
            for resolved in self.imports.get(path, ())
            if resolved.imp.kind in ("require", "dynamic")
            and span_within(resolved.imp.span, call.span)
        ]
        inline = [i for i in items if i.kind == "other" or _plugin_entry(i).kind == "other"]
        return plugin.kind == "other" and len(inline) == 1 and _SWAGGER in written

    def _hapi_swagger(
        self, path: str, call: Call, owner: str, item: Arg, prefix: str | None
    ) -> None:
        """hapi-swagger's routes: its JSON (`jsonRoutePath`, else `jsonPath`, else
        `/swagger.json`, `/openapi.json` for `OAS: 'v3.0'`) and its documentation page
        (`documentationPath`, `/documentation`; none with `documentationPage: false`), GET,
        under the registration's prefix. An option or a prefix seamcheck cannot read makes
        the calls that end as the default path unsure."""
        given = next((i for i in item.items if i.keyword == "options"), None)
        options = self._hapi_options(path, call.scope, given) if item.kind == "object" else {}
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        for page, default in self._swagger_pages(options):
            if page and prefix is not None:
                at = join(prefix, page)
                self.declared.append(
                    Declared(owner, service, "GET", at, "hapi", where, "", builtin=True)
                )
                continue
            what = "hapi-swagger's pages, at options or a prefix known only at run time"
            self.declared.append(
                Declared(owner, service, "GET", "", "hapi", where, "", what, tail=default)
            )

    def _swagger_pages(self, options: dict[str, str | None] | None) -> list[tuple[str | None, str]]:
        """(path, or None when it is not known; its default) of each page hapi-swagger
        serves with these options (None: not read)."""
        if options is None:
            return [(None, "/swagger.json"), (None, "/documentation")]
        if "OAS" in options and options["OAS"] is None:
            return [(None, "/swagger.json"), (None, "/openapi.json"), (None, "/documentation")]
        json_default = "/openapi.json" if options.get("OAS") == "v3.0" else "/swagger.json"
        json_key = next((k for k in ("jsonRoutePath", "jsonPath") if k in options), "")
        pages = [(options[json_key] if json_key else json_default, json_default)]
        if options.get("documentationPage", "true") != "false":
            pages.append((options.get("documentationPath", "/documentation"), "/documentation"))
        return pages

    def _hapi_options(
        self, path: str, scope: str, given: Arg | None
    ) -> dict[str, str | None] | None:
        """A plugin's options: the text of each entry (None: not known before run time;
        `true`/`false` as written), written in place or held by a name; {} for none, None
        for options seamcheck cannot read."""
        if given is None:
            return {}
        written = self._written_items(path, scope, given, "object")
        if written is None:
            return None
        path, scope, items = written
        if any(i.kind in ("spread", "more") or not i.keyword for i in items):
            return None
        return {
            i.keyword: i.value
            if i.kind == "other" and i.value in ("true", "false")
            else self._known_text(path, scope, i)
            for i in items
            if i.keyword
        }

    def _hapi_library(self, path: str, call: Call, plugin: Arg) -> bool:
        """Whether a plugin is a package's: a name it binds, or its `require` written in
        the registration."""
        if plugin.kind == "name":
            return bool(self._library(path, call.scope, plugin.value))
        required = [
            resolved
            for resolved in self.imports.get(path, ())
            if resolved.imp.kind in ("require", "dynamic")
            and span_within(resolved.imp.span, call.span)
        ]
        return plugin.kind == "other" and any(
            not any(t.kind == "module" for t in r.targets) for r in required
        )

    def _hapi_prefix(self, path: str, scope: str, options: Arg | None) -> str | None:
        """The `routes.prefix` of registration options ("" for none); None for one seamcheck
        cannot read."""
        if options is None:
            return ""
        routes = next((i for i in options.items if i.keyword == "routes"), None)
        if routes is None:
            return ""
        if routes.kind != "object":
            return None
        prefix = next((i for i in routes.items if i.keyword == "prefix"), None)
        if prefix is None:
            return ""
        return self._known_text(path, scope, prefix)

    def _hapi_plugin(self, path: str, call: Call, plugin: Arg, depth: int) -> str | None:
        """The id of the `register` function of the plugin an argument gives: an object with
        a `register` entry, or with a `plugin` entry that gives one; a name holding one; a
        module required or imported, by its `plugin` export, its default export or
        `module.exports`."""
        if depth > _MAX_DEPTH:
            return None
        if plugin.kind == "object":
            return self._hapi_object(path, call.scope, plugin.items, call, depth)
        if plugin.kind == "other":
            module = self._hapi_required(path, call)
            return self._hapi_module(module, call, depth) if module else None
        if plugin.kind != "name":
            return None
        ref = self._ref(path, call.scope, plugin.value)
        if ref is not None and ref.kind == "jsmodule":
            return self._hapi_module(ref.path, call, depth)
        located = self.values.locate(path, call.scope, plugin.value)
        return self._hapi_located(located, call, depth) if located is not None else None

    def _hapi_located(self, located: Located, call: Call, depth: int) -> str | None:
        binding = located.binding
        if binding.kind == "object":
            return self._hapi_object(located.path, binding.scope, binding.items, call, depth)
        return None

    def _hapi_object(
        self, path: str, scope: str, items: tuple[Arg, ...], call: Call, depth: int
    ) -> str | None:
        register = next((i for i in items if i.keyword == "register"), None)
        if register is not None and register.kind == "func" and register.value:
            return f"fn:{path}::{register.value}"
        if register is not None and register.kind == "name" and scope == MODULE_SCOPE:
            # `{ name: 'users', register }`: a function of the module, by its name.
            file = self.values.symbols.get(path)
            if file is not None and register.value in file.definitions:
                return f"fn:{path}::{register.value}"
        inner = next((i for i in items if i.keyword == "plugin"), None)
        if inner is None or inner.kind not in ("name", "object"):
            return None
        if inner.kind == "object":
            return self._hapi_object(path, scope, inner.items, call, depth + 1)
        located = self.values.locate(path, scope, inner.value)
        return self._hapi_located(located, call, depth + 1) if located is not None else None

    def _hapi_module(self, module: str, call: Call, depth: int) -> str | None:
        for name in ("plugin", "default"):
            located = self.values.module_member(module, name)
            if located is not None:
                found = self._hapi_located(located, call, depth + 1)
                if found is not None:
                    return found
        file = self.values.symbols.get(module)
        # CommonJS: `exports.plugin = {...}`, `module.exports.plugin = ...`, `module.exports =`.
        for target in ("exports.plugin", "module.exports.plugin", "module.exports"):
            bound = file.bindings.get((MODULE_SCOPE, target)) if file else None
            found = self._hapi_located(Located(module, bound), call, depth + 1) if bound else None
            if found is not None:
                return found
        return None

    def _hapi_required(self, path: str, call: Call) -> str:
        """The module a `require('./x')` written in the registration names, when it is one."""
        found = [
            resolved.targets[0].path
            for resolved in self.imports.get(path, ())
            if resolved.imp.kind in ("require", "dynamic")
            and resolved.targets
            and resolved.targets[0].kind == "module"
            and span_within(resolved.imp.span, call.span)
        ]
        return found[0] if len(found) == 1 else ""

    def _maybe_mounted(self, key: str, server: Server) -> list[tuple[str, UnreadMount | None]]:
        """A plugin function seen registered nowhere may be what a registration seamcheck
        cannot read registers, or be registered out of its sight (a Glue manifest): its
        routes are unsure, not served at the root."""
        found = super()._maybe_mounted(key, server)
        if found or not key.startswith("fn:") or server.framework != "hapi":
            return found
        path, _, qualname = key.removeprefix("fn:").partition("::")
        unread = self._hapi_unread.get(self.service_of.get(path, ""), [])
        what = "a plugin that may be what a registration seamcheck cannot read registers"
        if not unread:
            file = self.values.symbols.get(path)
            definition = file.definitions.get(qualname) if file is not None else None
            line, column = (definition.span.line, definition.span.column) if definition else (1, 0)
            unread, what = [Where(path, line, column)], "a plugin registered nowhere seamcheck sees"
        return [("", UnreadMount(where, what)) for where in unread]


def _plugin_entry(item: Arg) -> Arg:
    """The `plugin` entry of a registration object; the item itself for any other."""
    if item.kind != "object":
        return item
    return next((i for i in item.items if i.keyword == "plugin"), item)
