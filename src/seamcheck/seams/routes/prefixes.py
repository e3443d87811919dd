"""Composing the prefixes of the mounts above each declared route (`PrefixComposer._compose`),
for every framework, into the routes each service serves and those it declares that
seamcheck cannot read; where a router seen mounted nowhere may be; which middleware passes
requests on (`_settle_passable`)."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import MODULE_SCOPE, Call
from seamcheck.seams.frameworks import JS_SERVER_DEPENDENCIES
from seamcheck.seams.model import ANY, Route, UnreadRoute, Where
from seamcheck.seams.paths import (
    express_paths,
    hapi_paths,
    hono_paths,
    join,
    normalise,
    pattern_head,
    strip_prefix,
    variants,
)
from seamcheck.seams.routes.servers import MAX_MOUNT_DEPTH, Declared, Server, UnreadMount
from seamcheck.seams.routes.state import RouteState

# JS frameworks whose string paths are read as Express 4's path-to-regexp 0.1.x patterns
# (`paths.express_paths`). Koa's router (path-to-regexp 6) and Fastify (find-my-way) read
# fewer characters as pattern syntax, but real routes of theirs rarely hold the others.
# routing-controllers hands its paths to Express or @koa/router.
_PATTERN_FRAMEWORKS = (frozenset(JS_SERVER_DEPENDENCIES.values()) - {"hono"}) | {
    "routing-controllers"
}


def _last_name(key: str) -> str:
    """The last name of the variable an object id (`path::scope::name`) names: `router`."""
    return key.rpartition("::")[2].rpartition(".")[2]


class PrefixComposer(RouteState):
    """Turning what is declared and mounted into routes, once every file is read."""

    def _maybe_mounted(self, key: str, server: Server) -> list[tuple[str, UnreadMount | None]]:
        """Where a router (Express, FastAPI, Flask) seen mounted nowhere may be: at each
        mount of a value seamcheck cannot know (`_unknown_value`) in its service, whose
        routes are then unread routes under that mount's prefix, not routes at its own
        path; [] when there is none."""
        path = key.partition("::")[0].removeprefix("fn:")
        service = self.service_of.get(path, "")
        unknown = self._unknown_mounts.get(service, ()) if server.router else ()
        what = "a router that may be what is mounted there"
        if not unknown and key.startswith("fn:"):
            # Not a plugin of the file that calls autoload: that one is what it loads into.
            unknown = [
                (prefix, where)
                for prefix, where in self._unread_autoloads.get(service, ())
                if where.path != path
            ]
            what = "a plugin @fastify/autoload may load from a folder seamcheck cannot read"
        if not unknown and server.router:
            handed = self._handed_on(key)
            if handed is not None:
                callee, where = handed
                what = f"a router handed to {callee}(), which may serve it under any path"
                unknown = [("", where)]
        return [(prefix, UnreadMount(where, what)) for prefix, where in unknown]

    def _handed_on(self, key: str) -> tuple[str, Where] | None:
        """The first call (in path order) its service's code hands a router seen mounted
        nowhere to by name, and where: a library's call that mounts it in a way seamcheck
        does not read (cadwyn's `app.generate_and_include_versioned_routers(router)`), so
        that its routes are not known to be at their own paths."""
        path = key.partition("::")[0]
        passed = self._passed_names().get(self.service_of.get(path, ""), {})
        for where_path, call, name in passed.get(_last_name(key), ()):
            located = self.values.locate(where_path, call.scope, name)
            if located is not None and self.values.object_id(located) == key:
                return call.callee, Where(where_path, call.span.line, call.span.column)
        return None

    def _passed_names(self) -> dict[str, dict[str, list[tuple[str, Call, str]]]]:
        """Every name passed as an argument whose last name is a router's, by service and
        last name (`_names_passed`; the others, most of a large tree's, are not kept)."""
        if self._names_passed is None:
            self._names_passed = {}
            wanted = {_last_name(key) for key, server in self.servers.items() if server.router}
            for where_path, file in sorted(self.values.symbols.items()):
                by_name = self._names_passed.setdefault(self.service_of.get(where_path, ""), {})
                for call in file.facts.calls:
                    for arg in call.args:
                        if arg.kind != "name":
                            continue
                        last = arg.value.rpartition(".")[2]
                        if last in wanted:
                            by_name.setdefault(last, []).append((where_path, call, arg.value))
        return self._names_passed

    def _inside_factory(self, key: str) -> bool:
        """Whether a server object (or a function declaring routes) is made inside a function
        whose result is mounted at a prefix and never at the root: unless mounted itself, it
        is served under that prefix (`_mount_unread`), not at /."""
        if key.startswith("fn:"):
            path, _, scope = key.removeprefix("fn:").partition("::")
        else:
            path, _, rest = key.partition("::")
            scope = rest.rpartition("::")[0]
        if not scope or scope == MODULE_SCOPE:
            return False
        return any(
            at_prefix and not at_root
            for node, (at_prefix, at_root) in self.factories.items()
            if node.partition("::")[0] == path
            and (
                scope == node.partition("::")[2] or scope.startswith(node.partition("::")[2] + ".")
            )
        )

    def _settle_passable(self) -> None:
        """Middleware seamcheck cannot read, mounted at a prefix under which the service
        declares routes it can read (`app.use('/api', auth())` beside `app.get('/api/users')`),
        is taken to pass requests on to them, as authentication and logging do: calling it a
        route would make a typo of theirs unsure. Mounted where no readable route lives
        (`app.use('/graphql', graphqlHTTP())`), it may be what answers."""
        served: dict[str, list[str]] = {}
        for route in self.routes:
            served.setdefault(route.service, []).append(route.path)
        for unread in self.passable:
            paths = served.get(unread.service, ())
            if all(strip_prefix(p, unread.head) is None for p in paths):
                self.unread.append(unread)

    def _prefixes(self, key: str) -> list[tuple[str, UnreadMount | None, str, str]]:
        """Each prefix the routes of a server object get, with the mount at a path seamcheck
        cannot read on the way (a regular expression), if any: then the prefix is only
        their literal start; the server object at the top of the mounts, which serves
        them (`_serving_service`); and why a prefix on the way is only the code's default
        ("" when none is: `mount_notes`). A way through the mounts that comes back to an
        object it went through (two functions calling each other with the router they are
        given, `def a(r): b(r)` and `def b(r): a(r)`) gives nothing the way without the
        loop does not, and is left out; unless every way does, when the object met again
        stands at the top, as one mounted nowhere would."""
        return self._ways(key, 0, frozenset(), cut=True) or self._ways(
            key, 0, frozenset(), cut=False
        )

    def _ways(
        self, key: str, depth: int, seen: frozenset[str], *, cut: bool
    ) -> list[tuple[str, UnreadMount | None, str, str]]:
        """`_prefixes` of `key`, reached through the objects `seen`; those ways that come
        back to one of them left out if `cut`."""
        server = self.servers.get(key)
        if server is None:
            return [("", None, key, "")]
        if not server.mounts and self._inside_factory(key):
            return []
        # Routes that may be served at any path of the service (a FastAPI route class that
        # may rewrite their path, handed the whole path again at each mount above): under
        # no prefix, whatever the mounts on the way, readable or not.
        unread_prefix = server.unread_prefix
        anywhere = unread_prefix if unread_prefix is not None and unread_prefix.anywhere else None
        maybe = self._maybe_mounted(key, server) if not server.mounts else []
        if maybe:
            if anywhere is not None:
                return [("", anywhere, key, "")]
            return [(prefix, mount, key, "") for prefix, mount in maybe]
        if not server.mounts and server.alone is not None:
            return [(server.prefix, server.alone, key, "")]
        if key in seen and cut:
            return []
        if not server.mounts or depth > MAX_MOUNT_DEPTH or key in seen:
            return [(server.prefix, server.unread_prefix, key, "")]
        composed: list[tuple[str, UnreadMount | None, str, str]] = []
        for parent, given, unread_mount in server.mounts:
            mount_prefix = "" if server.shares_scope and unread_mount is None else given
            here = self.mount_notes.get((key, parent, given), "")
            for outer, unread, top, above in self._ways(parent, depth + 1, seen | {key}, cut=cut):
                note = "; ".join(n for n in (above, here) if n)
                if anywhere is not None:
                    composed.append(("", anywhere, top, ""))
                elif unread is not None:
                    composed.append((outer, unread, top, ""))
                elif unread_mount is not None:
                    composed.append((join(outer, mount_prefix), unread_mount, top, ""))
                elif (parent, given) in server.replaced:
                    composed.append((join(outer, mount_prefix), None, top, note))
                else:
                    own = server.prefix
                    prefix = join(outer, mount_prefix, own)
                    composed.append((prefix, server.unread_prefix, top, note))
        return composed

    def _serving_service(self, declared: Declared, top: str) -> str:
        """The service whose server serves a route: the one of the file that makes the
        server at the top of its mounts (`app.use(createRouter())` in apps/api mounting a
        router a workspace package declares is apps/api's), else the declaring file's."""
        path = top.removeprefix("fn:").partition("::")[0]
        return self.service_of.get(path, "") or declared.service

    def _allows_methods(self, key: str, depth: int = 0) -> bool:
        """Whether a Koa router, or one it is nested in, has its `allowedMethods()` used."""
        if key in self.allowing:
            return True
        server = self.servers.get(key)
        if server is None or depth > MAX_MOUNT_DEPTH:
            return False
        return any(self._allows_methods(parent, depth + 1) for parent, _, _ in server.mounts)

    def _compose(self) -> None:
        for declared in self.declared:
            options = declared.options or (
                declared.framework == "koa"
                and (
                    f"service:{declared.service}" in self.allowing
                    or self._allows_methods(declared.owner)
                )
            )
            what, paths, partial = declared.what, [declared.path], declared.partial
            if not what and declared.framework in _PATTERN_FRAMEWORKS:
                paths = express_paths(declared.path) or []
                if not paths:
                    what, partial = f"the pattern '{declared.path}'", True
                    paths = [pattern_head(declared.path)]
            elif not what and declared.framework == "hapi":
                paths = hapi_paths(declared.path)
            elif not what and declared.framework == "hono":
                paths = hono_paths(declared.path) or []
                if not paths:
                    what, partial = f"the pattern '{declared.path}'", True
                    paths = [declared.path.partition("*")[0].partition(":")[0] or "/"]
            written = declared
            for prefix, mount, top, note in self._prefixes(written.owner):
                service = self._serving_service(written, top)
                declared = (
                    written if service == written.service else replace(written, service=service)
                )
                if mount is not None:
                    # Under a mount it cannot read, a route it can read still gives the end
                    # of the paths it serves: only calls that end so may be its.
                    tails = (
                        {normalise(v) for p in paths for v in variants(p)}
                        if not what
                        else {declared.tail}
                    )
                    head = "" if declared.anywhere else prefix
                    for tail in sorted(tails):
                        shown = f"the route {tail} of {mount.what}" if tail else mount.what
                        unread = self._unread(declared, head, shown, mount.where, True, options)
                        if mount.any_route:  # its own path and method not known either
                            unread, tail = replace(unread, method=ANY), ""
                        self.unread.append(replace(unread, tail=tail))
                    continue
                if what:
                    head = "" if declared.anywhere else join(prefix, paths[0])
                    unread = self._unread(declared, head, what, declared.where, partial, options)
                    unread = replace(unread, tail=declared.tail)
                    (self.passable if declared.passable else self.unread).append(unread)
                    continue
                served = self.builtin if declared.builtin else self.routes
                for route_path in (v for p in paths for v in variants(p)):
                    served.append(
                        Route(
                            declared.service,
                            declared.method,
                            normalise(join(prefix, route_path)),
                            declared.framework,
                            declared.where,
                            declared.handler,
                            options,
                            note,
                        )
                    )

    @staticmethod
    def _unread(
        declared: Declared, head: str, what: str, where: Where, partial: bool, options: bool
    ) -> UnreadRoute:
        return UnreadRoute(
            declared.service, declared.method, head, what, declared.framework, where,
            partial=partial, options=options,
            declared=(declared.where,) if where != declared.where else (),
        )  # fmt: skip
