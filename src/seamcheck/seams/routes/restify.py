"""restify: routes on a server (`restify.createServer()`) or on a restify-router `Router`,
read by `core.py` as any router-style route (`server.get(path, ...handlers)`, `del`,
`opts`); and what is restify's own: a path given as a route object (`server.get({ path:
'/x', version: '1.0.0' }, h)`), restify-router's `router.applyRoutes(server, '/prefix')`,
`router.add('/prefix', other)` and `router.group('/prefix', (r) => ...)`, and a router
applied where seamcheck cannot see."""

from __future__ import annotations

from seamcheck.facts import Arg, Call
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import Where
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Declared, Server, UnreadMount, factory_of
from seamcheck.seams.values import Values

_ROUTER = "restify-router.Router"
# restify-router's methods that put a router's routes on a server or another router.
_ROUTER_MOUNTS = ("applyRoutes", "add", "group")


class RestifyRoutes(RouteCore):
    """restify's route objects and restify-router's routers."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.restify_routers: dict[str, Where] = {}  # router -> where a call first names it

    def _restify_call(self, path: str, call: Call, owner: str, method: str) -> bool:
        where = Where(path, call.span.line, call.span.column)
        if factory_of(self._qualname(path, call)) == _ROUTER:
            self.restify_routers.setdefault(owner, where)
        if method in _ROUTER_MOUNTS:
            return True  # read by `_restify`, also where the router is imported
        first = call.args[0] if call.args else None
        methods = self._methods(path, call, method)
        if first is None or first.kind != "object" or not methods:
            return False  # `server.listen({ port })` declares nothing
        entry = next((i for i in reversed(first.items) if i.keyword in ("path", "url")), None)
        if entry is None or any(i.kind in ("spread", "more") for i in first.items):
            what = "a route object seamcheck cannot read"
            service = self.service_of.get(path, "")
            self.declared.extend(
                Declared(owner, service, m, "", "restify", where, "", what) for m in methods
            )
            return True
        self._declare(owner, path, methods, entry, "restify", call, self._handler(path, call))
        return True

    def _apply_routes(self, path: str, call: Call, owner: str) -> None:
        """`router.applyRoutes(server, prefix)`: the router's routes on the server, under
        the prefix (at a path known only at run time: unsure under its literal start)."""
        positional = [a for a in call.args if a.keyword is None]
        server = positional[0] if positional else None
        prefix, unread = self._restify_prefix(path, call, positional[1:2])
        parent = None
        if server is not None and server.kind == "name":
            parent = self._child(path, call.scope, server.value)
        # A server seamcheck cannot name (a parameter) is still one of the service's.
        parent = parent or f"restify:{path}"
        if parent != owner:
            self.servers.setdefault(owner, Server("restify")).mounts.append(
                (parent, prefix, unread)
            )

    def _restify_nested(self, path: str, call: Call, owner: str, method: str) -> None:
        """`router.add('/v1', other)`: the other router's routes under the prefix;
        `router.group('/v1', (r) => { r.get(...) })` those the function declares. One
        seamcheck cannot find may serve anything under the prefix."""
        prefix, unread = self._restify_prefix(path, call, call.args[:1])
        given = call.args[1]
        child = None
        if given.kind == "name" and method == "add":
            child = self._child(path, call.scope, given.value)
        elif given.kind == "func" and given.value and method == "group":
            child = f"fn:{path}::{given.value}"
        self._mount_found(
            path, call, owner, child, (prefix, unread), "restify", given.value or "it"
        )

    def _restify_prefix(
        self, path: str, call: Call, given: list[Arg] | tuple[Arg, ...]
    ) -> tuple[str, UnreadMount | None]:
        """The prefix a router is applied or added at ("" for none), and the mount's
        unsureness when it is known only at run time."""
        if not given:
            return "", None
        prefix = self._template(path, call.scope, given[0])
        if prefix is not None and "{" not in prefix:
            return prefix, None
        where = Where(path, call.span.line, call.span.column)
        start = (prefix or "").partition("{")[0].rpartition("/")[0]
        return start, UnreadMount(where, "a router applied at a path known only at run time")

    def _restify(self) -> None:
        """restify-router's mounts, in the services that depend on it: a router's name may
        come from another module (`require('./users').applyRoutes(server, '/v1')`), where
        nothing says it is one. A `Router` applied nowhere seamcheck sees
        (`routers.forEach((r) => r.applyRoutes(server))`) serves its routes under a prefix
        it cannot know."""
        for path, facts in sorted(self.resolution.facts.items()):
            service = self.service_of.get(path, "")
            if path.endswith(".py") or "restify-router" not in self.dependencies.get(service, ()):
                continue
            for call in facts.calls:
                receiver, _, method = call.callee.rpartition(".")
                if method not in _ROUTER_MOUNTS or not receiver or not call.args:
                    continue
                owner = self._owner(path, call.scope, receiver, "restify")
                if owner is None:
                    continue
                if method == "applyRoutes":
                    self._apply_routes(path, call, owner)
                elif len(call.args) > 1 and owner in self.restify_routers:
                    self._restify_nested(path, call, owner, method)
        for key, where in self.restify_routers.items():
            server = self.servers.get(key)
            if server is not None and not server.mounts and server.unread_prefix is None:
                what = "a restify-router Router applied where seamcheck cannot see"
                server.unread_prefix = UnreadMount(where, what)
