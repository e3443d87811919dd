"""What each mount call mounts, and at which prefixes (`Mounts`): `include_router`,
`register_blueprint`, `app.use('/api', router)`, `register(plugin, { prefix })`, routers
mounted in turn from an array, the results of functions that make routers, required
modules, and the functions that declare routes on the server object they are called with."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice

from seamcheck.facts import Arg, Call, Definition, enclosing_scope, span_within
from seamcheck.resolve.model import ResolvedCall, ResolvedImport, python_bases
from seamcheck.seams.frameworks import MOUNT_METHODS
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join, regex_head
from seamcheck.seams.routes.fastifyplugins import FastifyPlugins
from seamcheck.seams.routes.lookups import Written, runtime_prefix
from seamcheck.seams.routes.servers import Declared, Server, UnreadMount, span_key
from seamcheck.seams.routes.writes import URL_PREFIX
from seamcheck.seams.values import Located, Part, Template, display, parameter_names

# What ends the id of the caller a function declaring routes on its parameter is mounted
# under when given a value seamcheck cannot tell (`Mounts._plugin_given_unknown`).
_UNKNOWN_CALLER = "<unknown caller>"

# How the extractor names a Python constructor's call of its base's (`Mounts._plugins`).
_SUPER_INIT = "super().__init__"

# The parent of an app that may also be run on its own: no server, so no prefix.
_ON_ITS_OWN = "run on its own"

# The mount calls that take a router (one made by `registry._ROUTER_FACTORIES`).
_ROUTER_MOUNTS = frozenset({"use", "include_router", "register_blueprint"})
_MOUNT_PATH = "path"  # Starlette's `mount(path, app)` keyword for its path

# How the extractor names the argument `require('./x').default`.
_REQUIRED = "require().default"


def _one_name(arg: Arg) -> bool:
    """Whether an expression argument is a name and nothing else: `x.default || x` keeps
    its first operand (the extractor reads `||` as a fallback)."""
    return len(arg.pieces) == 1 and arg.pieces[0].kind == "name" and arg.pieces[0].default is None


def _entry(item: Arg, key: str) -> Arg | None:
    """An array's item itself when it is a name (`key` ""), or the entry `key` of an object
    written with no spread and no entry past those read (the last written wins)."""
    if not key:
        return item if item.kind == "name" else None
    if item.kind != "object" or any(i.kind in ("spread", "more") for i in item.items):
        return None
    return next((i for i in reversed(item.items) if i.keyword == key), None)


def _mentions(arg: Arg, variable: str) -> bool:
    """Whether an argument reads `variable` (or an attribute of it), at any depth."""
    names = [arg.value] if arg.kind == "name" else []
    names += [p.value for p in arg.pieces if p.kind in ("name", "unknown")]
    if any(n == variable or n.startswith(variable + ".") for n in names):
        return True
    return any(_mentions(item, variable) for item in arg.items)


def _add_plugin_functions(plugins: set[str], servers: dict[str, Server], start: int) -> int:
    """Add to `plugins` the node ids of the functions declaring routes on their parameter
    (`fn:` keys) among `servers` from the `start`th on (it only grows, in order); how many
    servers there are."""
    plugins.update(key[3:] for key in islice(servers, start, None) if key.startswith("fn:"))
    return len(servers)


class Mounts(FastifyPlugins):
    """Mounting server objects under others, each at its prefixes."""

    def _plugins(self) -> None:
        """Mount each function that declares routes on its parameter under the server
        object it is called with given a name (`register_routes(app)`), in path and call
        order. Only functions that declare routes are looked at."""
        listed = self.resolution.facts.keys()  # not the files `deployed_only` leaves out
        servers = self.servers
        # The calls read, by id. A function handing its parameter on to one declaring routes
        # on it (`_plugin_handed_on`) becomes one too, its calls maybe passed over already:
        # again, until none does, each call read once. Asked only of the few calls of such
        # functions, not of all (936k at 10k files), as a test before the others was.
        done: set[int] = set()
        # The calls `_required_calls` reads, gathered in the first pass over all calls:
        # wanted only where a JS function declares routes on its parameter.
        required: list[tuple[ResolvedCall, str]] | None = None if self._js_receivers() else []
        inherited: dict[str, str] | None = None
        while True:
            known = len(servers)
            # Calls of a class that runs a base's constructor declaring routes (`Sub(router)`):
            # looked for where some constructor declares them (most trees: none).
            if inherited is None and any(k.endswith(".__init__") for k in self.fn_receivers):
                inherited = self._inherited_constructors()
            handed = {c: i for c, i in (inherited or {}).items() if "fn:" + i in servers}
            unresolved: list[ResolvedCall] = []
            # The functions declaring routes on their parameter (the `fn:` keys of `servers`)
            # by node id, as each call of a function is looked up (gen-10000: 267k) and most
            # are of none: cheaper than making each call's key. Caught up with the servers
            # `_plugin_call` adds (none is ever removed).
            plugins: set[str] = set()
            counted = _add_plugin_functions(plugins, servers, 0)
            for resolved in self.resolution.calls:
                kind = resolved.kind
                if kind == "function":
                    target = resolved.target
                    if handed and target in handed:
                        target = handed[target]
                elif kind == "builtin" and resolved.call.callee == _SUPER_INIT:
                    target = self._base_constructor(resolved.path, resolved.call.scope)
                else:
                    if kind == "unresolved" and required is None:
                        unresolved.append(resolved)
                    continue
                if target not in plugins:
                    continue
                if id(resolved) in done:
                    continue
                done.add(id(resolved))
                if resolved.path in listed:
                    self._plugin_call(resolved.path, resolved.call, target)
                    if len(servers) != counted:
                        counted = _add_plugin_functions(plugins, servers, counted)
            if required is None:
                required = self._required_calls(unresolved)
            for resolved, target in required:
                if "fn:" + target not in servers or id(resolved) in done:
                    continue
                done.add(id(resolved))
                if resolved.path in listed:
                    self._plugin_call(resolved.path, resolved.call, target)
            if len(servers) == known:
                return

    def _plugin_call(self, path: str, call: Call, target: str) -> None:
        """Mount the function declaring routes on its parameter that `call` calls under what
        the call gives it (`_plugins`)."""
        if any(arg.kind == "name" for arg in call.args):
            self._mount_plugin(path, call, target)
        if "fn:" + target in self.fn_receivers:
            self._plugin_given_unknown(path, call, target)

    def _js_receivers(self) -> bool:
        """Whether a JS function declares routes on its parameter (most trees: none)."""
        return any(
            key.startswith("fn:") and not key.partition("::")[0].endswith(".py")
            for key in self.servers
        )

    def _required_calls(self, unresolved: list[ResolvedCall]) -> list[tuple[ResolvedCall, str]]:
        """Of the `unresolved` calls, the JS ones with arguments of a function of the
        repository, each with that function: the one a required module exports
        (`const addRoutes = require('./routes'); addRoutes(v1)`, `require('./routes')(v1)`,
        the module written `module.exports = function (router) {...}`), or a method of an
        object written in place (`const views = { register(router) {...} }`,
        `views.register(v1)`, `_object_method`). `_plugins` reads them as it reads calls of
        a function by its name. Only calls of a name a require binds, of the require itself,
        or of a method of a name holding such an object, are looked at."""
        requiring: dict[str, list[ResolvedImport]] = {}
        for path, imports in self.imports.items():
            held = [
                r
                for r in imports
                if r.imp.kind == "require" and r.targets and r.targets[0].kind == "module"
            ]
            if held and not path.endswith(".py"):
                requiring[path] = held
        aliases = {
            path: {name.alias for r in held for name in r.imp.names if name.alias}
            for path, held in requiring.items()
        }
        objects = self._object_names()
        if not requiring and not objects:
            return []
        found: list[tuple[ResolvedCall, str]] = []
        for resolved in unresolved:
            call = resolved.call
            if not call.args:
                continue
            target: str | None = None
            if call.callee == "require()" and resolved.path in requiring:
                # The module the require that starts the call names.
                start = (call.span.line, call.span.column)
                for r in requiring[resolved.path]:
                    if (r.imp.span.line, r.imp.span.column) == start:
                        target = self._exported_function(r.targets[0].path)
                        break
            elif call.callee in aliases.get(resolved.path, ()):
                ref = self._ref(resolved.path, call.scope, call.callee)
                if ref is not None and ref.kind == "jsmodule":
                    target = self._exported_function(ref.path)
            elif call.callee.partition(".")[0] in objects:
                target = self._object_method(resolved.path, call)
            if target is not None:
                found.append((resolved, target))
        return found

    def _exported_function(self, path: str) -> str | None:
        """The function (`path::qualname`) a JS module exports as the whole module or by
        default (`module.exports = function (router) {...}`, `module.exports = addRoutes`);
        None for any other export. (Unlike `_module_default`, registers nothing.)"""
        file = self.values.symbols.get(path)
        local = file.exports.get("default") if file is not None else None
        if file is None or local is None or local not in file.definitions:
            return None
        return f"{path}::{local}"

    def _object_names(self) -> set[str]:
        """The names JS modules bind to an object written in place with a function in it
        (`const views = { register(router) {...} }`)."""
        return {
            binding.target
            for path, file in self.values.symbols.items()
            if not path.endswith(".py")
            for binding in file.facts.bindings
            if binding.kind == "object" and any(i.kind == "func" for i in binding.items)
        }

    def _object_method(self, path: str, call: Call) -> str | None:
        """The function a JS call of a method of an object written in place calls
        (`views.register(v1)`, `const views = { register(router) {...} }`, also as
        `register: function (router) {...}`), which the resolver leaves unresolved; None for
        any other call, and for a name assigned again."""
        if path.endswith(".py"):
            return None
        head, _, method = call.callee.partition(".")
        if not method or "." in method or "(" in call.callee:
            return None
        located = self.values.locate(path, call.scope, head)
        if (
            located is None
            or located.binding.kind != "object"
            or self.values.assigned_again(located)
        ):
            return None
        item = next((i for i in located.binding.items if i.keyword == method), None)
        if item is None or item.kind != "func" or not item.value:
            return None
        return f"{located.path}::{item.value}"

    def _inherited_constructors(self) -> dict[str, str]:
        """Each first-party Python class defining no constructor of its own (`class
        Sub(Views): pass`) -> the first-party constructor a call of it runs, the first of
        its bases' in Python's order (`Views.__init__`): the resolver names the class
        itself as what `Sub(router)` calls. Left out where a base not first-party, or not
        known, comes first (its constructor may run instead)."""
        found: dict[str, str] = {}
        for node in self.resolution.class_bases:
            if not self._defines(node, "__init__") and not self._decorated(node):
                constructor = self._constructor_among(
                    python_bases(self.resolution.class_bases, node)
                )
                if constructor is not None:
                    found[node] = constructor
        return found

    def _base_constructor(self, path: str, scope: str) -> str:
        """The first-party constructor `super().__init__(...)` runs, written in `scope` of
        `path` (a constructor, `Views.__init__`): the first of its class's bases' in
        Python's order (`_constructor_among`); "" when it is none such."""
        cls, _, name = scope.rpartition(".")
        if name != "__init__" or not cls or not self._defines(f"{path}::{cls}", name):
            return ""
        bases = python_bases(self.resolution.class_bases, f"{path}::{cls}")
        return self._constructor_among(bases) or ""

    def _constructor_among(self, bases: list[str]) -> str | None:
        for base in bases:
            if "::" not in base:
                # A library's class, or one not known (`object` too: the resolver names no
                # builtin), first: its constructor may run instead.
                return None
            if self._defines(base, "__init__"):
                return f"{base}.__init__"
            if self._decorated(base):
                return None  # (`@dataclass`: a constructor not written out)
        return None

    def _decorated(self, node: str) -> bool:
        """Whether the first-party class `node` is decorated (`@dataclass`, `@attr.s`): such
        a decorator may write a constructor of its own, which runs no base's."""
        at, _, qualname = node.partition("::")
        file = self.values.symbols.get(at)
        definition = file.definitions.get(qualname) if file is not None else None
        return definition is None or bool(definition.decorators)

    def _defines(self, node: str, method: str) -> bool:
        """Whether the first-party class `node` (`PATH::Qual`) defines `method` itself."""
        at, _, qualname = node.partition("::")
        file = self.values.symbols.get(at)
        return file is not None and f"{qualname}.{method}" in file.definitions

    def _plugin_given_unknown(self, path: str, call: Call, target: str) -> None:
        """A Python function declaring routes on its parameter, called with a value there
        that seamcheck cannot tell is a server object (`add_routes(routers[0])`,
        `add_routes(make_router())`, `for r in routers: add_routes(r)`, `*routers`): its
        routes may be served under any of the service's routers, so they are unsure under
        no prefix (as well as served under the server objects other calls give it). A name
        seamcheck can locate, or one the calling function is given (`register(app)` in
        `def setup(app)`), is read as before: mounted if it is a server object."""
        child = "fn:" + target
        function_path, _, qualname = target.partition("::")
        file = self.values.symbols.get(function_path)
        definition = file.definitions.get(qualname) if file is not None else None
        if definition is None:
            return
        names = list(parameter_names(definition.params))
        filled = self._filled_parameters(path, call, definition, names)
        positional = [a for a in call.args if a.keyword is None]
        spread = any(a.value.startswith("*") for a in positional if a.kind == "other")
        for param in sorted(self.fn_receivers[child]):
            if param not in names:
                continue
            given = next((a for a in call.args if a.keyword == param), None)
            index = filled.index(param) if param in filled else len(positional)
            if given is None and not spread and index < len(positional):
                given = positional[index]
            if given is None and param not in filled:
                continue  # `self`: the object the method is called on
            if (
                given is None
                and not spread
                and self._plugin_default(child, function_path, definition, param)
            ):
                continue  # its default, read
            if given is not None and given.kind == "name":
                head = given.value.partition(".")[0]
                located = self.values.locate(path, call.scope, given.value)
                if located is not None and located.binding.kind == "item":
                    # A loop's variable: under each server object it goes through in turn.
                    parents = self._loop_servers(located)
                    if parents is not None:
                        server = self.servers.setdefault(child, Server(""))
                        for parent in parents:
                            if (parent, "", None) not in server.mounts:
                                server.mounts.append((parent, "", None))
                        continue
                elif (located is None or located.binding.kind == "local") and given.value == head:
                    # (`local`: a parameter named as a module's name, `def add_all(router)`)
                    if self._plugin_handed_on(path, call, child, head):
                        continue
                    if self._binds(path, call.scope, head):
                        continue
                elif located is not None or self._binds(path, call.scope, head):
                    continue
            where = Where(path, call.span.line, call.span.column)
            shown = f"{qualname}()"
            if qualname == "default" and not function_path.endswith(".py"):
                shown = f"the function {function_path} exports"  # `module.exports = (r) => {}`
            what = (
                f"{shown}, which declares it on its parameter '{param}', given a value"
                " seamcheck cannot tell"
            )
            mount = (f"{path}::{_UNKNOWN_CALLER}", "", UnreadMount(where, what))
            server = self.servers.setdefault(child, Server(""))
            if mount not in server.mounts:
                server.mounts.append(mount)
            return

    def _plugin_default(self, child: str, path: str, definition: Definition, param: str) -> bool:
        """Whether the default value of the parameter of a function declaring routes on it
        (`def register(r=router)`, `register()`, in `path`) is read: mounted under the
        server object a name holds (`router = APIRouter(...)`); `None`, or no default,
        leaves it unmounted by the call (what runs on None declares nothing), as before.
        False for any other value (`r=make_router()`): unsure."""
        default = next((d for d in definition.defaults if d.keyword == param), None)
        if default is None or (default.kind == "other" and default.value == "None"):
            return True
        if default.kind != "name":
            return False
        scope = enclosing_scope(definition.qualname)
        located = self.values.aliased(self.values.locate(path, scope, default.value))
        parent = self._register(located) if located is not None else None
        if located is None or located.binding.kind not in ("call", "new") or parent is None:
            return False
        server = self.servers.setdefault(child, Server(""))
        if (parent, "", None) not in server.mounts:
            server.mounts.append((parent, "", None))
        return True

    def _unbound_receiver(self, path: str, call: Call, target: str) -> Arg | None:
        """The argument that fills a Python method's `self` where `call` calls it on its
        class (`Views.register(views, router)`); None for any other call, and for a static
        method (`Views.register(router)`: its first parameter is the router's)."""
        at, _, qualname = target.partition("::")
        file = self.values.symbols.get(at)
        definition = file.definitions.get(qualname) if file is not None else None
        if definition is None or definition.kind != "method" or not at.endswith(".py"):
            return None
        if "staticmethod" in definition.decorators:
            return None
        names = list(parameter_names(definition.params))
        positional = [a for a in call.args if a.keyword is None]
        filled = self._filled_parameters(path, call, definition, names)
        if not names or not positional or filled[:1] != names[:1]:
            return None
        return positional[0]

    def _filled_parameters(
        self, path: str, call: Call, definition: Definition, names: list[str]
    ) -> list[str]:
        """The parameters of the function `call` calls, in the order its positional arguments
        fill them: a method's but its first, which the object it is called on fills
        (`views.register(router)`, `Views(router)`, `Views.make(router)` of a classmethod),
        unless called on its class (`Views.register(views, router)`)."""
        python = path.endswith(".py")  # (a JS method's `this` is no parameter)
        if not python or definition.kind != "method" or "staticmethod" in definition.decorators:
            return names
        if "classmethod" in definition.decorators or definition.qualname.endswith(".__init__"):
            return names[1:]
        receiver = call.callee.rpartition(".")[0]
        ref = self._ref(path, call.scope, receiver) if receiver else None
        if ref is not None and ref.kind == "def" and self._is_class(f"{ref.path}::{ref.name}"):
            return names
        return names[1:]

    def _plugin_handed_on(self, path: str, call: Call, child: str, name: str) -> bool:
        """Whether `call` gives a function declaring routes on its parameter (`child`) a
        parameter of the function making it (`def add_all(target): add_flows(target)`):
        then its routes are served where that one is called, as if it declared them."""
        given_to = self._parameter_of(path, call.scope, name)
        if given_to is None:
            return False
        parent = f"fn:{path}::{given_to}"
        if parent == child:
            return True  # calling itself (`def add(r, depth): ... add(r, depth - 1)`)
        framework = self.servers[child].framework if child in self.servers else ""
        self.servers.setdefault(parent, Server(framework))
        self.fn_receivers.setdefault(parent, set()).add(name)
        server = self.servers[child]
        if (parent, "", None) not in server.mounts:
            server.mounts.append((parent, "", None))
        return True

    def _mount_plugin(self, path: str, call: Call, target: str) -> None:
        """Mount a function declaring routes on its parameter under each server object
        `call` gives it by name; not under the object a method is called on, given first
        when called on its class (`Views.register(views, router)`)."""
        receiver = self._unbound_receiver(path, call, target)
        for arg in call.args:
            if arg.kind != "name" or arg is receiver:
                continue
            located = self.values.aliased(self.values.locate(path, call.scope, arg.value))
            if located is None or located.binding.kind not in ("call", "new"):
                continue
            parent = self._register(located)
            child = "fn:" + target
            if parent is None:
                continue
            self.servers.setdefault(child, Server("")).mounts.append((parent, "", None))

    def _keyword_prefixes(
        self, path: str, call: Call, arg: Arg
    ) -> tuple[list[str], UnreadMount | None]:
        """The prefixes a mount is given by keyword (`include_router(r, prefix=...)`,
        `register_blueprint(bp, url_prefix=...)`): one, or each a conditional in the code may
        choose (`"/v2" if V2 else "/v1"`); and an unread mount when it is known only at run
        time (`prefix=os.environ["API_PREFIX"]`): such a value may be several segments or
        none, not the one a parameter matches, so the router's routes are unsure under the
        prefix's literal start (as for a router's own prefix, `_set_prefix`)."""
        return self._written_prefixes(path, call, (arg,))

    def _written_prefixes(
        self, path: str, call: Call, written: tuple[Arg, ...]
    ) -> tuple[list[str], UnreadMount | None]:
        """The prefixes the paths written in a mount call give (`app.use(['/v1', '/latest'],
        router)`, `app.use(process.env.BASE || '/api', router)`), as `_keyword_prefixes`
        reads one: a value known only at run time, in either language, is no one segment,
        and what is mounted is unsure under the prefix, its unknown values standing for any
        segments (`${BASE_PATH}/legacy` still says `/legacy`: `paths.may_start_with`)."""
        found: list[str] = []
        for arg in written:
            template = self.values.of_arg(path, call.scope, arg)
            spelled = _spelled_out(template) if template is not None else [""]
            if spelled is None:
                assert template is not None
                _, unread = runtime_prefix(
                    template, path, call, "a router mounted at a path known only at run time"
                )
                return [display(template)], unread
            found.extend(spelled)
        return found, None

    def _default_note(self, path: str, call: Call, arg: Arg, prefixes: list[str]) -> str:
        """Why the prefix a mount is given is only the code's default, where it is: the
        environment, a setting or an `.env` left out of the repository may give another
        (`prefix=os.environ.get("API_PREFIX", "/api")`, `app.use(process.env.BASE || "/api",
        r)`); "" where it is known as written."""
        strict = self.strict_values().of_arg(path, call.scope, arg)
        unknown = next((part for part in strict or () if part.param), None)
        if unknown is None:
            return ""
        shown = " or ".join(f"'{prefix}'" for prefix in prefixes if prefix)
        what = f"its prefix {shown} is" if shown else "no prefix is"
        why = unknown.note or f"'{unknown.text}' is not known before run time"
        return f"{what} the code's default: {why} ({path}:{call.span.line})"

    def _mount(
        self,
        path: str,
        call: Call,
        receiver: str,
        method: str,
        readable: frozenset[str] = frozenset(),
    ) -> None:
        """`parent.include_router(child, prefix=)`, `app.use('/api', router)`, ...
        `readable`: as for `_mount_unread`."""
        each = self._each_mounted(path, call) if method == "use" else None
        if each:
            self._mount_each(path, call, receiver, each)
            return
        args = list(call.args)
        prefixes = [""]
        unread: UnreadMount | None = None
        literal = False  # the unread mount is at a regular expression, not a run-time value
        prefix_arg: Arg | None = None  # the argument the prefixes are read from
        first = args[0] if args else None
        where = Where(path, call.span.line, call.span.column)
        if method == "mount" and path.endswith(".py") and first is not None:
            # Starlette's `mount(path, app=None, name=None)`: the path may be given by
            # keyword (`app.mount(path=API_PREFIX, app=api)`), read as if first.
            given = next((a for a in args if a.keyword == _MOUNT_PATH), None)
            if first.keyword is not None and given is not None:
                args = [replace(given, keyword=None), *(a for a in args if a is not given)]
                first = args[0]
        if first is not None and method in ("use", "add_subapp", "mount"):
            # Express also mounts at an array of paths: app.use(['/v1', '/latest'], router).
            listed = first.items if first.kind == "list" else (first,)
            held = self._named_prefixes(path, call, first) if len(args) > 1 else None
            if listed and all(item.kind in ("str", "expr") for item in listed):
                prefixes, unread = self._written_prefixes(path, call, tuple(listed))
                prefix_arg = first
                args = args[1:]
            elif method == "mount" and path.endswith(".py") and first.keyword is None:
                # Starlette's `mount(path, app)`: the path first, whatever it is written as
                # (`app.mount(API_PREFIX, api)`, `app.mount(settings.base_path(), api)`).
                prefixes, unread = self._written_prefixes(path, call, (first,))
                if self.values.of_arg(path, call.scope, first) is None:
                    prefixes = [""]
                    unread = UnreadMount(where, "a router mounted at a path known only at run time")
                prefix_arg, args = first, args[1:]
            elif first.kind == "regex":  # app.use(/^\/v\d+/, router)
                prefixes, args = [regex_head(first.value)], args[1:]
                unread = UnreadMount(where, "a router mounted at a regular expression")
                literal = True
            elif held is not None:  # app.use(PREFIX, router), app.use(r.path, r.router)
                prefixes, args = held or [""], args[1:]
                prefix_arg = first
                if not held:
                    unread = UnreadMount(where, "a router mounted at a path known only at run time")
            elif len(args) > 1 and self._may_be_path(path, call, first):
                # app.use(toPath(key), router), app.use(paths[key], router): the router may
                # be served under any prefix, or at / if the value is middleware.
                unread = UnreadMount(where, "a router mounted at a path known only at run time")
        if method == "mount" and path.endswith(".py"):
            # Starlette's `mount(path, app=None, name=None)`: the app may be given by keyword.
            args = [replace(a, keyword=None) if a.keyword == "app" else a for a in args]
        else:
            args = [item for a in args for item in self._listed(path, call.scope, a)]
        keyword = MOUNT_METHODS[method]
        named_arg = self._keyword_arg(call, keyword) if keyword else None
        named_prefixes, named_unread = (
            self._keyword_prefixes(path, call, named_arg) if named_arg is not None else ([""], None)
        )
        unread = named_unread or unread
        positional = [a for a in call.args if a.keyword is None]
        if method == "add_namespace" and len(positional) > 1 and positional[1].kind != "name":
            # flask-restx `api.add_namespace(ns, "/v1/models")`: the path, by position.
            named_prefixes = [self._template(path, call.scope, positional[1]) or ""]
            args = [positional[0]]
        named = any(named_prefixes)
        if named:
            prefixes, prefix_arg = named_prefixes, named_arg
        elif named_arg is not None and prefix_arg is None:
            prefix_arg = named_arg  # `prefix=os.environ.get("PREFIX", "")`: none, by default
        # A path known only at run time may be empty: what a function's result serves may
        # then be at the root too (`_inside_factory`), as a regular expression's cannot.
        factory_prefixes = [*prefixes, ""] if unread is not None and not literal else prefixes
        # `app.use('/users', require('./users.mjs').default)`: the module's default export.
        required = self._required_children(path, call, args)
        args = [a for index, a in enumerate(args) if index not in required]
        children: list[str | None] = [child for child, _ in required.values()]
        for child, module in required.values():
            owner = self._owner(path, call.scope, receiver, "")
            if child.startswith("fn:") and owner is not None:  # a handler, or a plugin
                label = f"{child.rpartition('::')[2]} of {module}"
                self._mounted_function(path, call, owner, child, label, prefixes)
        named_children = [a for a in args if a.kind == "name" and a.keyword is None]
        held_unread: list[Arg] = []  # names holding what a function returns, not read
        # The factory's blueprint, under the url_prefix written on the name holding it.
        rewritten: dict[str, str] = {}
        for arg in named_children:
            made = self._factory_held(path, call, arg.value, factory_prefixes)
            found = self._child(path, call.scope, arg.value)
            rebound = self._rebound_before(path, call, arg.value) if found is None else None
            if rebound is not None:  # `for router in (users, items): ...`, then made one
                found = self._register(rebound)
            if made and found is not None and self._url_prefix_written(found):
                rewritten[made] = found
            elif made:
                # The factory's router, beside the name's own: routes the caller adds to
                # the router it is handed (`rt.get('/extra', h)`) are mounted with it.
                children.append(made)
            elif made is not None:
                held_unread.append(arg)
            looped = self._looped_children(path, call, arg.value) if found is None else None
            if looped:
                children.extend(looped)
                continue
            children.append(found)
            if (
                found is None
                and method in _ROUTER_MOUNTS
                and self._unknown_value(path, call.scope, arg)
            ):
                self._unknown_mounts.setdefault(self.service_of.get(path, ""), []).extend(
                    (prefix, where) for prefix in prefixes
                )
        # `register(plugin.default || plugin, ...)`: an ES module's default export, or else
        # the module itself (CommonJS).
        children.extend(
            self._either_child(path, call.scope, a.pieces[0].value)
            for a in args
            if a.kind == "expr" and a.keyword is None and _one_name(a)
        )
        # A plugin written in place: app.register(async (f) => { f.get(...) }, { prefix }).
        children.extend(
            f"fn:{path}::{a.value}" for a in args if a.kind == "func" and a.value and not a.keyword
        )
        written = [a for a in args if a.kind == "other" and a.keyword is None]
        inline = self._inline_children(path, call) if written else []
        if written:
            self._factory_results(path, call, factory_prefixes)
            inline.extend(self._factory_made(path, call))
        children.extend(inline)
        if method in ("use", "mount") and not named:
            owner = self._owner(path, call.scope, receiver, "")
            self._mount_unread(path, call, owner, args, prefixes, readable)
        elif (written and not any(inline)) or held_unread:
            # What a call returns (`include_router(build_router(), prefix="/v1")`, a Fastify
            # plugin factory), written in place or held by a name, is not read: it may serve
            # anything under the prefix.
            owner = self._owner(path, call.scope, receiver, "")
            unread_args = [*(written if not any(inline) else ()), *held_unread]
            self._mount_unread(path, call, owner, unread_args, prefixes, middleware=False)
        if method == "register" and not path.endswith(".py"):
            self._fastify_library(path, call, receiver, prefixes)
        if not any(children) and not rewritten:
            return
        parent = self._owner(path, call.scope, receiver, "")
        if parent is None:
            return
        # A blueprint's `url_prefix=`, a namespace's path given to `add_namespace`, replaces
        # its own.
        replaces = method in ("register_blueprint", "add_namespace") and bool(named or named_unread)
        if rewritten and not replaces:
            self._mount_rewritten(parent, rewritten, prefixes, unread)
        elif rewritten:
            children.extend(rewritten)
        note = ""
        if prefix_arg is not None and unread is None:
            note = self._default_note(path, call, prefix_arg, prefixes)
        for child_id in children:
            if child_id is not None and child_id != parent:
                mounted = self.servers.setdefault(child_id, Server(""))
                mounted.mounts.extend((parent, prefix, unread) for prefix in prefixes)
                if note:
                    self.mount_notes.update(
                        ((child_id, parent, prefix), note) for prefix in prefixes
                    )
                if replaces:
                    mounted.replaced.update((parent, prefix) for prefix in prefixes)
        if method == "mount" and path.endswith(".py"):
            self._may_run_on_its_own(path, call.scope, args)

    def _url_prefix_written(self, key: str) -> bool:
        """Whether a Flask blueprint's url_prefix, or an attribute not named, is written on
        the object `key` after it is made (`writes.py`)."""
        server = self.servers.get(key)
        return (
            server is not None
            and server.framework == "flask"
            and any(w.attribute in (URL_PREFIX, "") for w in self.writes.of(key))
        )

    def _mount_rewritten(
        self,
        parent: str,
        rewritten: dict[str, str],
        prefixes: list[str],
        unread: UnreadMount | None,
    ) -> None:
        """Mount the blueprints functions of the repository make and return under the
        url_prefix written on the names holding them (`bp = make_blueprint()`, then
        `bp.url_prefix = "/items"`): Flask reads it when the blueprint is registered, for the
        routes the function added too. The name's own server object holds the prefix read
        from the write (`registry._made_by_factory`), or why it is not read."""
        for made, holder in sorted(rewritten.items()):
            written = self.servers[holder]
            mounted = self.servers.setdefault(made, Server(""))
            for prefix in prefixes:
                if unread is None and written.unread_prefix is not None:
                    mounted.mounts.append((parent, prefix, written.unread_prefix))
                    continue
                at = join(prefix, written.prefix)
                mounted.mounts.append((parent, at, unread))
                mounted.replaced.add((parent, at))

    def _mount_each(
        self, path: str, call: Call, receiver: str, each: list[tuple[str, list[str]]]
    ) -> None:
        """Mount each router at its prefixes; one whose path is not read ([]) at a path
        known only at run time."""
        parent = self._owner(path, call.scope, receiver, "")
        if parent is None:
            return
        where = Where(path, call.span.line, call.span.column)
        unknown = UnreadMount(where, "a router mounted at a path known only at run time")
        for child_id, prefixes in each:
            if child_id == parent:
                continue
            mounts = self.servers.setdefault(child_id, Server("")).mounts
            if prefixes:
                mounts.extend((parent, prefix, None) for prefix in prefixes)
            else:
                mounts.append((parent, "", unknown))

    def _each_mounted(self, path: str, call: Call) -> list[tuple[str, list[str]]] | None:
        """The routers a JS `use` call mounts from an array in turn, each with its prefixes:
        in a loop over the array (`for (const r of routers) app.use(r.path, r.router)`,
        `routers.forEach((r) => app.use('/api', r))`) or given whole (`app.use('/api',
        routers)`, the array in another file; `_fixed_array`), and each item must give a
        router (a name, or an object's entry); its prefixes are `_each_prefixes`'. None when
        anything is not so: the call is then read as any other."""
        args = [a for a in call.args if a.keyword is None]
        if not 1 <= len(args) <= 2 or path.endswith(".py") or args[-1].kind != "name":
            return None
        *given, last = args
        variable, _, key = last.value.partition(".")
        array = self._iterated(path, call.scope, variable)
        if array is None and not key:
            # `app.use('/api', routers)`: an array written in this file is `_listed`'s.
            whole = self._fixed_array(path, call.scope, variable)
            array = self._router_items(whole) if whole and whole.path != path else None
            variable = ""
        if array is None:
            return None
        items, written = array
        found: list[tuple[str, list[str]]] = []
        for item in items:
            router = _entry(item, key)
            child = self._child(*written, router.value) if router is not None else None
            server = self.servers.get(child or "")
            at = self._each_prefixes(path, call, given, variable, item, written)
            if child is None or server is None or not server.framework:
                return None
            found.append((child, at))
        return found

    def _each_prefixes(
        self,
        path: str,
        call: Call,
        given: list[Arg],
        variable: str,
        item: Arg,
        written: Written,
    ) -> list[str]:
        """The prefixes an item of an array is mounted at: none given, a path written in the
        call, or the entry of the item the call names (`r.path`); [] for a path seamcheck
        cannot read."""
        first = given[0] if given else None
        if first is None:
            return [""]
        template: Template | None = None
        if first.kind == "name" and variable and first.value.startswith(variable + "."):
            template = self._entry_template(item, first.value, written)
        elif first.kind == "expr" and variable:  # `/v2${r.path}`
            parts: list[Part] = []
            for piece in first.pieces:
                if piece.kind == "name" and piece.value.startswith(variable + "."):
                    inner = self._entry_template(item, piece.value, written)
                    if inner is None:
                        return []
                    parts.extend(inner)
                else:
                    parts.extend(self.values.of_pieces(path, call.scope, (piece,), 0))
            template = tuple(parts)
        elif first.kind in ("str", "expr"):
            template = self.values.of_arg(path, call.scope, first)
        elif self._may_be_path(path, call, first):  # `app.use(toPath(r), r)`
            return []
        else:  # a name (`app.use(PREFIX, r)`), or middleware given first (`app.use(auth, r)`)
            held = self._named_prefixes(path, call, first)
            return [""] if held is None else held
        if not template or all(part.param for part in template):
            return []
        return [display(template)]

    def _entry_template(self, item: Arg, dotted: str, written: Written) -> Template | None:
        """The string the entry `r.key` of an array's item holds, read where it is written."""
        key = dotted.partition(".")[2]
        entry = _entry(item, key) if key and "." not in key else None
        if entry is None or entry.kind not in ("str", "expr", "name"):
            return None
        return self.values.of_arg(*written, entry)

    def _iterated(
        self, path: str, scope: str, variable: str
    ) -> tuple[tuple[Arg, ...], Written] | None:
        """The array a variable goes through and where it is written: a `for (const r of
        routers)` loop's variable, or the first parameter of a function written as the
        argument of `routers.forEach(...)` or `.map(...)`, which nothing assigns again."""
        if not variable:
            return None
        located = self.values.locate(path, scope, variable)
        if located is not None:
            array = self._item_array(located) if located.binding.kind == "item" else None
            return self._router_items(array) if array is not None else None
        file = self.values.symbols.get(path)
        definition = file.definitions.get(scope) if file is not None else None
        if file is None or definition is None or definition.params[:1] != (variable,):
            return None
        callers = [
            c
            for c in file.facts.calls
            if c.callee.endswith((".forEach", ".map"))
            and c.args
            and c.args[0].kind == "func"
            and c.args[0].value == scope
        ]
        if len(callers) != 1:
            return None
        array = self._fixed_array(path, callers[0].scope, callers[0].callee.rpartition(".")[0])
        return self._router_items(array) if array is not None else None

    @staticmethod
    def _router_items(array: Located) -> tuple[tuple[Arg, ...], Written] | None:
        """The items of an array that may hold routers (names and objects only), with the
        file and scope they are written in."""
        items = array.binding.items
        if any(i.kind not in ("name", "object") for i in items):
            return None
        return items, (array.path, array.binding.scope)

    def _looped_children(self, path: str, call: Call, dotted: str) -> list[str] | None:
        """The routers a Python mount in a loop over names mounts in turn, written in place
        (`for module in (users, items): app.include_router(module.router, prefix="/v1")`)
        or held by a fixed tuple or list (`for router in API_ROUTERS:`, `_item_array`);
        None when the loop is not so, an item gives no router, or another argument is built
        from the loop's variable (`url_prefix="/v2" + bp.url_prefix`: not read per item)."""
        if not path.endswith(".py"):
            return None
        variable, _, rest = dotted.partition(".")
        located = self.values.locate(path, call.scope, variable)
        if located is None or located.binding.kind != "item":
            return None
        items, written = located.binding.items, (located.path, located.binding.scope)
        array = self._item_array(located) if not items else None
        if array is not None:
            items, written = array.binding.items, (array.path, array.binding.scope)
        if not items or any(item.kind != "name" for item in items):
            return None
        others = [a for a in call.args if not (a.kind == "name" and a.value == dotted)]
        if any(_mentions(a, variable) for a in others):
            return None
        children = []
        for item in items:
            name = f"{item.value}.{rest}" if rest else item.value
            child = self._child(*written, name)
            if child is None:
                return None
            children.append(child)
        return children

    def _unknown_value(self, path: str, scope: str, arg: Arg) -> bool:
        """Whether a name's value is not known before run time (a parameter, a loop's
        variable, an entry of one: `app.use(r.path, r.router)`, `for module in (users,
        items): app.include_router(module.router)`), so that it may be any router of the
        service; not a library's API, nor a name of the repository."""
        located = self.values.locate(path, scope, arg.value)
        if located is not None:
            # `other`: a conditional (`const r = v2 ? routerV2 : routerV1`), either one.
            return located.binding.kind in ("item", "local", "typed", "other")
        ref = self._ref(path, scope, arg.value)
        return ref is None or ref.kind == "unresolved"

    def _named_prefixes(self, path: str, call: Call, first: Arg) -> list[str] | None:
        """The paths a name given first to a mount call holds (`app.use(PREFIX, router)`,
        `const PREFIXES = ['/v1', '/latest']`); [] for a value seamcheck cannot know (a
        parameter, a loop's variable: Express takes a string there for a path); None for a
        name that is no path (a router, a middleware function, a library's API, a parameter
        typed with an imported type or a class: `auth: RequestHandler`)."""
        if first.kind != "name" or first.keyword is not None or path.endswith(".py"):
            return None
        located = self.values.locate(path, call.scope, first.value)
        if located is None:
            ref = self._ref(path, call.scope, first.value)
            return [] if ref is None or ref.kind == "unresolved" else None
        if located.binding.kind == "item":  # for (const prefix of PREFIXES)
            located = self._item_array(located) or located
        binding = located.binding
        written = (located.path, binding.scope)
        if binding.kind == "list":
            items = binding.items if self._fixed_list(located) else ()
            if not items or any(i.kind not in ("str", "expr") for i in items):
                return None if any(i.kind == "name" for i in binding.items) else []
            return [self._template(*written, item) or "" for item in items]
        if binding.kind in ("local", "item", "other"):  # `other`: `v2 ? '/v2' : '/v1'`
            return []
        if binding.kind not in ("str", "expr", "name"):
            return None
        template = self.values.of_arg(path, call.scope, first)
        if not template or all(part.param for part in template):
            return [] if binding.kind != "name" else None
        # Partly known (`${process.env.BASE}/v1`): no one segment, as a written one is not.
        return _spelled_out(template) or []

    def _may_be_path(self, path: str, call: Call, first: Arg) -> bool:
        """Whether the first of a JS mount call's arguments, an expression seamcheck does
        not read (a call, `paths[key]`), may be a path rather than middleware or a router.
        A call is taken for middleware or a router when it calls a library (`cors()`,
        `express.json()`), `require`s a module, or calls a function of the repository
        that returns a router or writes a middleware function in it; anything else may be
        a path. Which argument a call is, is known only when every such argument is one."""
        if first.kind != "other" or first.value or first.keyword is not None:
            return False
        if path.endswith(".py"):
            return False
        unread = [a for a in call.args if a.kind == "other" and not a.value and not a.keyword]
        inner = sorted(self._outermost_within(path, call), key=span_key)
        if len(inner) != len(unread):
            return True  # the first argument may be no call: `paths[key]`
        return not self._middleware_call(path, inner[0])

    def _middleware_call(self, path: str, call: Call) -> bool:
        """Whether a call gives middleware or a router, not a path (`_may_be_path`)."""
        if call.callee == "require":
            return True
        target = self.called_function(path, call) or self._required_function(path, call)
        if target is not None:
            at, _, qualname = target.partition("::")
            file = self.values.symbols.get(at)
            # Express middleware takes (req, res, next), or (err, req, res, next).
            middleware = file is not None and any(
                name.startswith(qualname + ".") and len(definition.params) in (3, 4)
                for name, definition in file.definitions.items()
            )
            return middleware or self._returned_router(target) is not None
        ref = self._ref(path, call.scope, call.callee)
        return ref is not None and ref.kind in ("external", "builtin")

    def _may_run_on_its_own(self, path: str, scope: str, args: list[Arg]) -> None:
        """A named FastAPI or Starlette app `app.mount(...)` mounts may also run on its own,
        as one mounted with `Mount(path, app=x)` (`_starlette_mounted_apps`): it is served
        at its own root too."""
        for arg in args:
            if arg.kind == "name" and self._runnable((path, scope, arg.value)):
                child_id = self._child(path, scope, arg.value)
                if child_id is not None and child_id in self.servers:
                    self.servers[child_id].mounts.append((_ON_ITS_OWN, "", None))

    def _required_children(
        self, path: str, call: Call, args: list[Arg]
    ) -> dict[int, tuple[str, str]]:
        """The server objects or functions that `require('./x').default` arguments of a mount
        call name (an ES module's default export, required from CommonJS), with the module,
        by the argument's index; one whose module is not found, or exports neither, is left
        out."""
        wanted = [i for i, a in enumerate(args) if a.kind == "name" and a.value == _REQUIRED]
        if not wanted:
            return {}
        required = sorted(
            (
                resolved
                for resolved in self.imports.get(path, ())
                if resolved.imp.kind == "require" and span_within(resolved.imp.span, call.span)
            ),
            key=lambda r: (r.imp.span.line, r.imp.span.column),
        )
        if len(required) != len(wanted):
            return {}  # other requires written in the call: which is which is not known
        found: dict[int, tuple[str, str]] = {}
        for index, resolved in zip(wanted, required, strict=True):
            target = resolved.targets[0] if resolved.targets else None
            if target is None or target.kind != "module":
                continue
            child = self._module_default(target.path)
            if child is not None:
                found[index] = (child, target.path)
        return found

    def _listed(self, path: str, scope: str, arg: Arg) -> tuple[Arg, ...]:
        """An argument of a JS mount, or the names an array it names holds (`const stack =
        [auth, users]; app.use('/users', stack)`), when that array is written in this file
        and holds names only: Express mounts each. Other arrays stay one name, which
        `_mounted_name` takes for what seamcheck cannot read."""
        located = self.values.locate(path, scope, arg.value) if arg.kind == "name" else None
        if (
            located is None
            or located.binding.kind != "list"
            or located.path != path
            or not located.binding.items
            or any(i.kind != "name" for i in located.binding.items)
        ):
            return (arg,)
        return tuple(replace(item, keyword=arg.keyword) for item in located.binding.items)

    def _factory_made(self, path: str, call: Call) -> list[str | None]:
        """The routers functions of the repository make and return, whose results a mount
        call mounts (`app.use('/api', makeRouter(db))`, `function makeRouter(db) { const r =
        express.Router(); ...; return r }`, also a function a required module exports). A
        function read so is not what seamcheck cannot read (`_mount_unread`)."""
        found: list[str | None] = []
        for inner in self._outermost_within(path, call):
            target = self.called_function(path, inner) or self._required_function(path, inner)
            made = self._returned_router(target) if target is not None else None
            if made is not None:
                found.append(made)
                self._read_results.add(id(inner))
        return found

    def _factory_held(self, path: str, call: Call, dotted: str, prefixes: list[str]) -> str | None:
        """The router a function of the repository makes and returns, held by the name a
        mount call mounts (`const rt = createRouter(); app.use('/rt', rt)`, `rt =
        create_router()` then `include_router(rt, prefix='/rt')`), as `_factory_made` reads
        it written in place; "" when the name holds what such a function returns but that is
        not read as a router (`_unread_results`: it may serve anything under the prefix, as
        written in place); None for any other name (one a class makes), or one assigned
        again."""
        located = self.values.locate(path, call.scope, dotted)
        if located is None or located.binding.kind != "call" or self.values.assigned_again(located):
            return None
        creator = self.values.creator(located)
        if creator is None:
            return None
        target = self.called_function(located.path, creator) or self._required_function(
            located.path, creator
        )
        if target is None or self._is_class(target):
            return None  # a class of the repository makes its own router (`_register`)
        self._factory_mounted(target, prefixes)
        made = self._returned_router(target)
        if made is None:
            self._unread_results.add(id(creator))
            return ""
        return made

    def _factory_results(self, path: str, call: Call, prefixes: list[str]) -> None:
        """Remember the functions of the repository whose result a mount call mounts."""
        for inner in self._outermost_within(path, call):
            target = self.called_function(path, inner) or self._required_function(path, inner)
            if target is not None:
                self._factory_mounted(target, prefixes)

    def _factory_mounted(self, target: str, prefixes: list[str]) -> None:
        """Remember that the result of function `target` is mounted at `prefixes`."""
        prefixed = any(p.strip("/") for p in prefixes)
        at_root = not all(p.strip("/") for p in prefixes)
        before = self.factories.get(target, (False, False))
        self.factories[target] = (before[0] or prefixed, before[1] or at_root)

    def _required_function(self, path: str, call: Call) -> str | None:
        """The function node a call of a required module calls (`const makeUsers =
        require('./users'); makeUsers(db)`, the module exporting a function)."""
        ref = self._ref(path, call.scope, call.callee)
        if ref is None or ref.kind != "jsmodule":
            return None
        child = self._module_default(ref.path)
        return child.removeprefix("fn:") if child is not None and child.startswith("fn:") else None

    def _mount_found(
        self,
        path: str,
        call: Call,
        owner: str,
        child: str | None,
        mounted: tuple[str, UnreadMount | None],
        framework: str,
        named: str,
        note: str = "",
    ) -> None:
        """Mount `child` under `owner` at `mounted`'s prefix (`note`: why that prefix is only
        the code's default, `_default_note`). One seamcheck cannot find (None, or the owner
        itself) may serve anything under the prefix: `what NAMED serves`."""
        prefix, unread = mounted
        if child is None or child == owner:
            where = Where(path, call.span.line, call.span.column)
            what = f"what {named} serves"
            service = self.service_of.get(path, "")
            self.declared.append(
                Declared(owner, service, ANY, prefix, framework, where, "", what, partial=True)
            )
            return
        self.servers.setdefault(child, Server(framework)).mounts.append((owner, prefix, unread))
        if note:
            self.mount_notes[child, owner, prefix] = note


# At most this many prefixes are read from the choices of one mount's prefix.
_MAX_CHOSEN_PREFIXES = 16


def _spelled_out(template: Template) -> list[str] | None:
    """Each text `template` may be when every value not known before run time in it is
    one of the code's own choices written out (`"/v2" if V2 else "/v1"`); None when any may
    be something else."""
    texts = [""]
    for part in template:
        if not part.param:
            texts = [text + part.text for text in texts]
            continue
        if not part.choices or any(p.param for choice, _ in part.choices for p in choice):
            return None
        texts = [
            text + "".join(p.text for p in choice) for text in texts for choice, _ in part.choices
        ]
        if len(texts) > _MAX_CHOSEN_PREFIXES:
            return None
    return list(dict.fromkeys(texts))
