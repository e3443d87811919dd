"""Litestar: handler functions and `Controller` methods (`@get(path)`, ..., `@route`), served
where `Router(route_handlers=[...])` and `Litestar(route_handlers=[...])` list them."""

from __future__ import annotations

from seamcheck.facts import Arg, Call, enclosing_scope
from seamcheck.seams.frameworks import LITESTAR_ROUTERS
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Declared, Server
from seamcheck.seams.values import display

# Litestar's route handler decorators -> the method they serve ("" for `route`, whose
# `http_method=` says), as `litestar` and its `handlers` modules export them.
_LITESTAR_HANDLERS = {
    f"{module}.{name}": "" if name == "route" else name.upper()
    for module in ("litestar", "litestar.handlers", "litestar.handlers.http_handlers")
    for name in ("get", "post", "put", "patch", "delete", "head", "route")
}


class LitestarRoutes(RouteCore):
    """Litestar's handlers, controllers and routers."""

    def _litestar(self) -> None:
        """Litestar: a function decorated `@get(path)` (`@post`, ..., `@route(path,
        http_method=[...])`) is a handler; one that is a method serves under its
        `Controller`'s `path`; `Router(path=, route_handlers=[...])` and `Litestar(
        route_handlers=[...])` serve the handlers, controllers and routers listed, under the
        router's path. What a list holds that seamcheck cannot read may serve anything under
        the router's path (`_litestar_unread`)."""
        routers: list[tuple[str, Call]] = []
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not self._reaches(path, "litestar"):
                continue
            for call in facts.calls:
                qualname = self._qualname(path, call)
                if call.decorates and qualname in _LITESTAR_HANDLERS:
                    self._litestar_handler(path, call, _LITESTAR_HANDLERS[qualname])
                elif qualname in LITESTAR_ROUTERS:
                    routers.append((path, call))
        for path, call in routers:  # once every handler is known, in whichever file
            self._litestar_router(path, call)

    def _litestar_handler(self, path: str, call: Call, verb: str) -> None:
        """`@get("/x")`, `@post(path=["/a", "/b"])`, `@get()` (at `/`) on a function."""
        positional = [a for a in call.args if a.keyword is None]
        given = next((a for a in call.args if a.keyword == "path"), None)
        at = given or (positional[0] if positional else Arg("str", "/"))
        verbs = [verb] if verb else self._litestar_methods(call)
        owner = self._litestar_owner(path, call.decorates or "")
        handler = f"{path}::{call.decorates}"
        for item, written in self._path_items(path, call.scope, at):
            self._declare(owner, path, verbs, item, "litestar", call, handler, written)

    @staticmethod
    def _litestar_methods(call: Call) -> list[str]:
        """`@route(path, http_method=[HttpMethod.GET, "POST"])`: the methods; any when not
        read."""
        given = next((a for a in call.args if a.keyword == "http_method"), None)
        listed = (given.items if given.kind == "list" else (given,)) if given else ()
        verbs = [i.value.rpartition(".")[2].upper() for i in listed if i.kind in ("str", "name")]
        return verbs if verbs and len(verbs) == len(listed) else [ANY]

    def _litestar_owner(self, path: str, qualname: str) -> str:
        """The server a handler belongs to: its controller class, whose `path` is its
        prefix, or the function itself, mounted where it is listed."""
        scope = enclosing_scope(qualname)
        file = self.values.symbols.get(path)
        definition = file.definitions.get(scope) if file is not None and scope else None
        if definition is None or definition.kind != "class":
            key = f"litestar:{path}::{qualname}"
            self.servers.setdefault(key, Server("litestar"))
            return key
        key = f"litestar:{path}::{scope}"
        if key not in self.servers:
            server = self.servers[key] = Server("litestar")
            bound = file.bindings.get((scope, "path")) if file is not None else None
            template = self.values.of_arg(path, scope, Arg("name", "path")) if bound else ()
            if template is not None and not any(part.param for part in template):
                server.prefix = display(template)
            else:  # `path = settings.PREFIX`: its handlers may be anywhere
                where = Where(path, definition.span.line, definition.span.column)
                self._litestar_unread(path, where, key, "a controller at a path not known")
        return key

    def _litestar_router(self, path: str, call: Call) -> None:
        """Mount what a router's (or the app's) `route_handlers` lists under it."""
        located = self._holder_of(path, call)
        owner = self._register(located) if located is not None else None
        if owner is None:
            owner = self._litestar_inline(path, call)
        positional = [a for a in call.args if a.keyword is None]
        router = self.servers[owner]
        if call.callee.endswith("Router") and not router.prefix and positional:
            self._set_prefix(router, path, call.scope, positional[0], call)  # Router("/v1")
        listed = next((a for a in call.args if a.keyword == "route_handlers"), None)
        if listed is None and positional and call.callee.endswith("Router"):
            listed = positional[1] if len(positional) > 1 else None  # Router(path, handlers)
        elif listed is None and positional:
            listed = positional[0]  # Litestar(route_handlers)
        if listed is None:
            return
        items: tuple[Arg, ...] = listed.items if listed.kind == "list" else ()
        written = (path, call.scope)
        where = Where(path, call.span.line, call.span.column)
        if listed.kind == "name":
            array = self._fixed_array(path, call.scope, listed.value)
            if array is not None:
                items, written = array.binding.items, (array.path, array.binding.scope)
        if not items or listed.kind not in ("list", "name"):
            self._litestar_unread(path, where, owner, f"what {listed.value or 'it'} lists")
            return
        # Routers written in place (`route_handlers=[Router(path="/v1", ...)]`), in order.
        inline = [
            self._litestar_inline(path, c)
            for c in self._outermost_within(path, call)
            if self._qualname(path, c) in LITESTAR_ROUTERS and listed.kind == "list"
        ]
        for item in items:
            child = self._litestar_child(*written, item)
            if child is None and item.kind == "other" and inline:
                child = inline.pop(0)
            if child is None:
                self._litestar_unread(path, where, owner, f"what {item.value or 'an entry'} serves")
            elif child != owner:
                self.servers.setdefault(child, Server("litestar")).mounts.append((owner, "", None))

    def _litestar_inline(self, path: str, call: Call) -> str:
        """The id of a router no name holds (`_litestar_router` mounts what it lists)."""
        key = f"litestar:{path}:{call.span.line}:{call.span.column}"
        server = self.servers.setdefault(key, Server("litestar"))
        server.prefix = server.prefix or self._keyword(path, call.scope, call, "path")
        return key

    def _litestar_child(self, path: str, scope: str, item: Arg) -> str | None:
        """The server an entry of `route_handlers` names: a handler function, a controller
        class, a router; None for one seamcheck cannot find."""
        if item.kind != "name":
            return None
        ref = self._ref(path, scope, item.value)
        if ref is not None and ref.kind == "def":
            key = f"litestar:{ref.path}::{ref.name}"
            return key if key in self.servers else None
        located = self.values.locate(path, scope, item.value)
        if located is None or located.binding.kind != "call":
            return None
        creator = self.values.creator(located)
        if creator is None or self._qualname(located.path, creator) not in LITESTAR_ROUTERS:
            return None
        return self._register(located)

    def _litestar_unread(self, path: str, where: Where, owner: str, what: str) -> None:
        """What may serve any path under `owner`'s prefix."""
        service = self.service_of.get(path, "")
        self.declared.append(
            Declared(owner, service, ANY, "", "litestar", where, "", what, partial=True)
        )
