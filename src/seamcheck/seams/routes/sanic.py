"""Sanic: routes on an app or a blueprint (`@app.get(path)`, `@bp.route(path, methods=)`,
read by `core.py` as `sanic.Sanic` and `sanic.Blueprint` are server factories), and what is
Sanic's own: blueprints registered on the app (`app.blueprint(bp, url_prefix=)`, groups
made with `Blueprint.group(...)`), `app.add_route(handler, path)`, static files, and
versions (`version=`: `/v1` before every other prefix)."""

from __future__ import annotations

import re
from dataclasses import replace

from seamcheck.facts import Arg, Call
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import MAX_MOUNT_DEPTH, Declared, Server, UnreadMount
from seamcheck.seams.values import Values

_APPS = frozenset({"sanic.Sanic", "sanic.app.Sanic"})
_BLUEPRINTS = frozenset({"sanic.Blueprint", "sanic.blueprints.Blueprint"})
_GROUPS = frozenset(f"{name}.group" for name in _BLUEPRINTS)

_TYPED = re.compile(r"<(\w+):(?!path>)[^<>/]*>")

# A blueprint or group member, with the prefix it is registered at, whether that replaces
# its own `url_prefix` (`app.blueprint(bp, url_prefix=...)`), and a mount not read.
_Member = tuple[str, str, bool, UnreadMount | None]


class SanicRoutes(RouteCore):
    """Sanic's blueprints, groups, `add_route`, static files and versions."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.blueprints: dict[str, Where] = {}  # blueprint -> where it is made
        self.sanic_prefixes: dict[str, str] = {}  # blueprint -> its url_prefix, no version

    def _sanic(self) -> None:
        """Once every route is declared: blueprints, their registrations and versions. A
        blueprint registered nowhere seamcheck sees serves its routes at paths not known."""
        versioned: list[tuple[str, Call, str]] = []
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not self._reaches(path, "sanic"):
                continue
            for call in facts.calls:
                qualname = self._qualname(path, call)
                factory, _, method = qualname.rpartition("().")
                if qualname in _BLUEPRINTS:
                    self._sanic_blueprint(path, call)
                elif factory in _APPS or factory in _BLUEPRINTS:
                    receiver = call.callee.rpartition(".")[0]
                    owner = self._owner(path, call.scope, receiver, "sanic")
                    if owner is None:
                        continue
                    if method == "blueprint" and factory in _APPS:
                        self._sanic_register(path, call, owner)
                    elif method == "add_route":
                        self._sanic_add_route(path, call, owner)
                    elif method == "static":
                        self._sanic_static(path, call, owner)
                    elif call.decorates and any(a.keyword == "version" for a in call.args):
                        versioned.append((path, call, owner))
        for key, where in self.blueprints.items():
            server = self.servers[key]
            if not server.mounts and server.unread_prefix is None:
                what = "a Sanic blueprint registered where seamcheck cannot see"
                server.unread_prefix = UnreadMount(where, what)
        for path, call, owner in versioned:
            self._sanic_versioned(path, call, owner)
        # Sanic names a parameter first (`<item_id:int>`): read as `<item_id>`, but for the
        # catch-all `<rest:path>` (`paths.normalise`).
        self.declared = [
            replace(d, path=_TYPED.sub(r"<\1>", d.path)) if d.framework == "sanic" else d
            for d in self.declared
        ]

    def _sanic_blueprint(self, path: str, call: Call) -> str | None:
        """A blueprint (its `url_prefix` read by `_register`), with its `version` before it."""
        located = self._holder_of(path, call)
        key = self._register(located) if located is not None else None
        if key is None or key in self.blueprints:
            return key
        server = self.servers[key]
        where = Where(path, call.span.line, call.span.column)
        self.blueprints[key] = where
        self.sanic_prefixes[key] = server.prefix
        version = self._sanic_version(path, call)
        if version is None:
            server.unread_prefix = UnreadMount(where, "a blueprint whose version is not known")
        elif version:
            server.prefix = join(version, server.prefix)
        return key

    def _sanic_register(self, path: str, call: Call, owner: str) -> None:
        """`app.blueprint(bp)`, `app.blueprint(bp, url_prefix="/v1")` (which replaces the
        blueprint's own), `app.blueprint([bp1, bp2])`, `app.blueprint(group)`. One seamcheck
        cannot find, or given a version (which comes before every prefix), may serve
        anything under the prefix."""
        positional = [a for a in call.args if a.keyword is None]
        given = positional[0] if positional else self._keyword_arg(call, "blueprint")
        where = Where(path, call.span.line, call.span.column)
        prefix_arg = self._keyword_arg(call, "url_prefix")
        prefix = self._template(path, call.scope, prefix_arg) if prefix_arg is not None else ""
        members = self._sanic_members(path, call.scope, given) if given is not None else None
        versioned = any(a.keyword in ("version", "version_prefix") for a in call.args)
        if members is None:
            what = f"what {given.value if given is not None else 'it'} serves"
            at = "" if versioned or prefix is None or "{" in prefix else prefix
            service = self.service_of.get(path, "")
            self.declared.append(Declared(owner, service, ANY, at, "sanic", where, "", what))
            return
        if prefix is None or "{" in prefix or versioned:
            # Each blueprint's routes keep their own ends, under a start not known.
            unknown = UnreadMount(where, "a blueprint registered at a path not known")
            for child, _, _, _ in members:
                self.servers[child].mounts.append((owner, "", unknown))
            return
        for child, at, replaces, unread in members:
            mounted_at = join(prefix, at) if prefix_arg is not None or at else at
            server = self.servers[child]
            server.mounts.append((owner, mounted_at, unread))
            if replaces and prefix_arg is not None:
                server.replaced.add((owner, mounted_at))

    def _sanic_members(
        self, path: str, scope: str, given: Arg, depth: int = 0
    ) -> list[_Member] | None:
        """The blueprints an argument of `app.blueprint` names: one, a list of them, or a
        group (`Blueprint.group(bp1, bp2, url_prefix="/api")`: each under the group's prefix
        and its own); None when one of them is not found."""
        if given.kind == "list" and depth <= MAX_MOUNT_DEPTH:
            found: list[_Member] = []
            for item in given.items:
                members = self._sanic_members(path, scope, item, depth + 1)
                if members is None:
                    return None
                found.extend(members)
            return found
        located = self.values.locate(path, scope, given.value) if given.kind == "name" else None
        creator = self.values.creator(located) if located is not None else None
        if located is None or creator is None or depth > MAX_MOUNT_DEPTH:
            return None
        qualname = self._qualname(located.path, creator)
        if qualname in _BLUEPRINTS:
            key = self._sanic_blueprint(located.path, creator)
            return [(key, "", True, None)] if key is not None else None
        if qualname not in _GROUPS:
            return None
        group_prefix = self._keyword(located.path, creator.scope, creator, "url_prefix")
        where = Where(located.path, creator.span.line, creator.span.column)
        unread = None
        if any(a.keyword in ("version", "version_prefix") for a in creator.args) or (
            "{" in group_prefix
        ):
            unread = UnreadMount(where, "a blueprint group whose prefix is not known")
        found = []
        for item in creator.args:
            if item.keyword is not None:
                continue
            members = self._sanic_members(located.path, creator.scope, item, depth + 1)
            if members is None:
                return None
            found.extend(
                (child, join(group_prefix, at), False, unread or inner)
                for child, at, _, inner in members
            )
        return found

    def _sanic_add_route(self, path: str, call: Call, owner: str) -> None:
        """`app.add_route(handler, "/x", methods=["POST"])`: GET without `methods`; a class
        view (`View.as_view()`) the verbs its methods are named after."""
        positional = [a for a in call.args if a.keyword is None]
        handler_arg = positional[0] if positional else self._keyword_arg(call, "handler")
        at = positional[1] if len(positional) > 1 else self._keyword_arg(call, "uri")
        if at is None:
            return
        verbs = [(m, "") for m in self._methods(path, call, "route")]
        if not any(a.keyword == "methods" for a in call.args):
            views = self._sanic_view(path, call, handler_arg)
            verbs = views if views is not None else verbs
        handler = self._handler(path, replace(call, args=(handler_arg,) if handler_arg else ()))
        for verb, method_handler in verbs:
            self._declare(owner, path, [verb], at, "sanic", call, method_handler or handler)

    def _sanic_view(self, path: str, call: Call, given: Arg | None) -> list[tuple[str, str]] | None:
        """The verbs of an `HTTPMethodView` whose `as_view()` is given; None for a function."""
        if given is None or given.kind != "other":
            return None
        made = next(
            (c for c in self._outermost_within(path, call) if c.callee.endswith(".as_view")),
            None,
        )
        if made is None:
            return [(ANY, "")]  # a value seamcheck does not read: any verb
        ref = self._ref(path, made.scope, made.callee.removesuffix(".as_view"))
        views = self._class_views(ref.path, ref.name) if ref and ref.kind == "def" else None
        return views or [(ANY, "")]

    def _sanic_static(self, path: str, call: Call, owner: str) -> None:
        """`app.static("/static", "./static")`: files under the path, GET and HEAD."""
        first = call.args[0] if call.args and call.args[0].keyword is None else None
        head = self._template(path, call.scope, first) if first is not None else None
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        at = head if head is not None and "{" not in head else ""
        self.declared.extend(
            Declared(owner, service, m, at, "sanic", where, "", "static files")
            for m in ("GET", "HEAD")
        )

    def _sanic_versioned(self, path: str, call: Call, owner: str) -> None:
        """A route given its own `version=`: served at `/v{version}` before every prefix,
        the blueprint's own version replaced. One not known before run time: unsure."""
        where = Where(path, call.span.line, call.span.column)
        version = self._sanic_version(path, call)
        server = self.servers[owner]
        key = f"{owner}|{version}"
        if key not in self.servers:
            copy = self.servers[key] = Server("sanic", prefix=self.sanic_prefixes.get(owner, ""))
            copy.unread_prefix = server.unread_prefix
            if version is None:
                copy.prefix = ""
                copy.unread_prefix = UnreadMount(where, "a route whose version is not known")
            elif not server.mounts:
                copy.prefix = join(version, copy.prefix)  # on the app itself
            for parent, given, unread in server.mounts:
                if version is not None:
                    copy.mounts.append((parent, join(version, given), unread))
                if version is not None and (parent, given) in server.replaced:
                    copy.replaced.add((parent, join(version, given)))
        self.declared = [
            replace(d, owner=key) if d.owner == owner and d.where == where else d
            for d in self.declared
        ]

    def _sanic_version(self, path: str, call: Call) -> str | None:
        """The path a `version=` (and `version_prefix=`) argument puts first: "" when there is
        none, None when it is not known before run time."""
        version = next((a for a in call.args if a.keyword == "version"), None)
        if version is None or (version.kind == "name" and version.value == "None"):
            return ""
        prefix_arg = next((a for a in call.args if a.keyword == "version_prefix"), None)
        prefix = self._template(path, call.scope, prefix_arg) if prefix_arg is not None else "/v"
        if version.kind == "num":
            number = version.value
        elif version.kind == "str":
            number = version.value.strip("/").lstrip("v")
        else:
            text = self._known_text(path, call.scope, version)
            if text is None:
                return None
            number = text.strip("/").lstrip("v")
        if prefix is None or "{" in prefix:
            return None
        return f"{prefix}{number}"
