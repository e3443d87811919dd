"""What a mount serves that is no router seamcheck reads (`UnreadMounts`): a proxy, static
files, a library's app or middleware, a function of the repository mounted as a handler,
declared as what may answer any path under the mount's prefix."""

from __future__ import annotations

from seamcheck.facts import Arg, Call
from seamcheck.records import dataclass
from seamcheck.seams.frameworks import (
    JS_SERVER_DEPENDENCIES,
    PASS_THROUGH_FUNCTIONS,
    PASS_THROUGH_PACKAGES,
    PROXY_MIDDLEWARE,
    PY_SERVER_DEPENDENCIES,
    SERVER_FACTORIES,
    STATIC_MIDDLEWARE,
)
from seamcheck.seams.model import ANY, SIO, Where
from seamcheck.seams.paths import join, pattern_head
from seamcheck.seams.routes.lookups import ValueLookups
from seamcheck.seams.routes.servers import Declared


@dataclass(frozen=True, slots=True)
class _Mounted:
    """What a server mounts with `use`/`mount` that seamcheck cannot read as routes."""

    what: str  # `a proxy to http://ml:8000`, `static files`, ...
    methods: tuple[str, ...]
    passable: bool  # may pass requests on rather than answer them (see `Declared`)
    head: str = ""  # the literal start of the paths it serves under the prefix
    known: bool = True  # False: a library or name seamcheck knows nothing of


class UnreadMounts(ValueLookups):
    """Mounted values seamcheck cannot read as routes, and the routes they may stand for."""

    def _mount_unread(
        self,
        path: str,
        call: Call,
        owner: str | None,
        args: list[Arg],
        prefixes: list[str],
        readable: frozenset[str] = frozenset(),
        middleware: bool = True,
    ) -> None:
        """What `app.use(prefix, x)`, `app.mount(prefix, x)` or Starlette's `Mount(prefix,
        app=x)` mounts that is no router or function seamcheck reads (a proxy, static files,
        another ASGI app) may serve any path under the prefix: an `UnreadRoute` there.
        Middleware mounted with no prefix is taken to pass requests on (`app.use(
        requestId())`), a proxy and static files excepted. `readable`: the qualified names of
        calls written in `call` whose routes are read where they are written. `middleware`:
        whether what is mounted may be middleware (Express's `use`), not a router or plugin
        that answers what it gets."""
        framework = self._mount_framework(path, owner)
        if owner is None or not framework:
            return
        python = path.endswith(".py")
        served: list[_Mounted] = []
        for arg in args:
            if arg.keyword is None and arg.kind == "name":
                served.extend(self._mounted_name(path, call.scope, arg.value, python, readable))
        if any(a.kind == "other" and a.keyword is None for a in args):
            for inner in self._outermost_within(path, call):
                qualname = self._qualname(path, inner)
                if qualname not in readable and id(inner) not in self._read_results:
                    served.extend(self._mounted(path, inner, qualname, python))
        prefixed = any(p.strip("/") for p in prefixes)
        known = [s for s in served if s.known]
        # Of what seamcheck knows nothing of, one stands for the mount (`swaggerUi.serve,
        # swaggerUi.setup(spec)`); with no prefix, it is taken to pass requests on.
        unknown = [s for s in served if not s.known][:1] if prefixed else []
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        for arg in args if prefixed else ():
            function, label = self._function_arg(path, call.scope, arg)
            if function:
                self._mounted_function(path, call, owner, function, label, prefixes)
        for mounted in (*known, *unknown):
            for prefix in prefixes:
                at = join(prefix, mounted.head) if mounted.head else prefix
                self.declared.extend(
                    Declared(
                        owner, service, m, at, framework, where, "", mounted.what,
                        mounted.passable and middleware, bool(mounted.head),
                    )
                    for m in mounted.methods
                )  # fmt: skip

    def _mounted_function(
        self, path: str, call: Call, owner: str, function: str, label: str, prefixes: list[str]
    ) -> None:
        """A function of the repository mounted at prefixes: a handler that may answer any path
        under them, unless it turns out to be a router (`_mounted_handlers`)."""
        framework = self._mount_framework(path, owner)
        if not framework or not any(p.strip("/") for p in prefixes):
            return
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        passable = not path.endswith(".py")  # Starlette's mount is never passed on
        for prefix in prefixes:
            what = f"the function {label}"
            declared = Declared(owner, service, ANY, prefix, framework, where, "", what, passable)
            self.handlers.append((function, declared))

    def _function_arg(self, path: str, scope: str, arg: Arg) -> tuple[str, str]:
        """The function of the repository an argument of a mount is, and how to name it;
        ("", "") for anything else."""
        if arg.keyword is not None:
            return "", ""
        if arg.kind == "func" and arg.value:
            return f"fn:{path}::{arg.value}", "written in place"
        if arg.kind != "name":
            return "", ""
        ref = self._ref(path, scope, arg.value)
        if ref is None or ref.kind != "def":
            return "", ""
        return f"fn:{ref.path}::{ref.name}", arg.value

    def _mounted_handlers(self) -> None:
        """A function of the repository mounted at a prefix that declares no route of its own
        (`app.use('/webhook', handleWebhook)`) is a handler or a middleware: it may answer any
        path under the prefix, and is settled as unknown middleware is (`_settle_passable`).
        One that declares routes on its parameter, or mounts others, is read as a router."""
        busy = {declared.owner for declared in self.declared}
        busy.update(parent for server in self.servers.values() for parent, _, _ in server.mounts)
        self.declared.extend(
            declared for function, declared in self.handlers if function not in busy
        )

    def _mount_framework(self, path: str, owner: str | None) -> str:
        """The server framework of a mount's receiver; "" when it is not a server."""
        server = self.servers.get(owner or "")
        if server is not None and server.framework:
            return server.framework
        deps = self.dependencies.get(self.service_of.get(path, ""), frozenset())
        if path.endswith(".py"):
            return sorted(deps & PY_SERVER_DEPENDENCIES)[0] if deps & PY_SERVER_DEPENDENCIES else ""
        found = sorted(JS_SERVER_DEPENDENCIES[d] for d in deps if d in JS_SERVER_DEPENDENCIES)
        return found[0] if found else ""

    def _mounted_name(
        self, path: str, scope: str, dotted: str, python: bool, readable: frozenset[str]
    ) -> list[_Mounted]:
        """What a name mounted with `use`/`mount` serves that seamcheck cannot read."""
        located = self.values.locate(path, scope, dotted)
        if located is not None and located.binding.kind in ("list", "item", "other"):
            # An array not read (`_listed`), or an item of one (`_each_mounted`), or one of
            # two a conditional chooses (`const r = v2 ? routerV2 : routerV1`).
            return self._mounted(path, None, "", python, dotted)
        if located is not None and located.binding.kind in ("call", "new"):
            creator = self.values.creator(located)
            if creator is None:
                return []
            qualname = self._qualname(located.path, creator)
            if id(creator) in self._unread_results:
                return self._mounted(located.path, creator, qualname, python)
            if not qualname or qualname in readable:
                return []  # made by a function of the repository, or read where it is written
            return self._mounted(located.path, creator, qualname, python)
        if located is not None:
            return []
        ref = self._ref(path, scope, dotted)
        if ref is not None and ref.kind == "external":
            return self._mounted(path, None, ref.name, python)
        if ref is None or ref.kind == "unresolved":
            return self._mounted(path, None, "", python, dotted)
        return []  # a function or module of the repository: read as a child

    def _mounted(
        self, path: str, call: Call | None, qualname: str, python: bool, name: str = ""
    ) -> list[_Mounted]:
        """What `call` makes, or a library API or unresolved `name` is, serves when mounted;
        [] when it serves nothing there or is read as a router. Under Starlette's `mount`
        the app answers all it gets; Express's `use` may pass a request on."""
        if qualname in SERVER_FACTORIES or qualname in PASS_THROUGH_FUNCTIONS:
            return []
        if qualname.split(".", 1)[0] in PASS_THROUGH_PACKAGES:
            return []
        if call is not None and not qualname and call.callee in ("require", "import"):
            return []
        if call is not None and call.callee.endswith((".routes", ".middleware")):
            return []  # Koa's router: read as a child
        if qualname in PROXY_MIDDLEWARE:
            target, head = self._proxy_target(path, call, PROXY_MIDDLEWARE[qualname])
            what = f"a proxy to {target}" if target else "a proxy"
            # A Socket.IO connection under it too: the proxy may forward its upgrade
            # (`ws: true`, `server.on('upgrade', proxy.upgrade)`) and polling requests.
            return [_Mounted(what, (ANY, SIO), False, head)]
        if qualname in STATIC_MIDDLEWARE:
            return [_Mounted("static files", ("GET", "HEAD"), not python)]
        if call is not None and not qualname and self.called_function(path, call) is not None:
            shown = call.callee  # a function of the repository whose result is not read
        elif call is not None:
            shown = qualname or call.callee
        else:
            shown = qualname or name
        what = f"what {shown}{'()' if call is not None else ''} serves"
        return [_Mounted(what, (ANY,), not python, known=False)]

    def _proxy_target(self, path: str, call: Call | None, where: str | int) -> tuple[str, str]:
        """A proxy's target URL and, for one mounted with no prefix, the path it filters on
        (`createProxyMiddleware('/api', {...})`, `{ pathFilter: '/api' }`)."""
        if call is None:
            return "", ""
        if isinstance(where, int):
            arg = call.args[where] if len(call.args) > where else None
            target = self._template(path, call.scope, arg) if arg is not None else None
            return target or "", ""
        target = self._keyword(path, call.scope, call, where)
        head = self._keyword(path, call.scope, call, "pathFilter")
        first = call.args[0] if call.args else None
        if not head and first is not None and first.kind == "str":
            head = first.value
        return target, pattern_head(head) if head.startswith("/") else ""
