"""Falcon: resources routed on an app (`app.add_route("/things/{id}", Things())`), each
serving the verbs its `on_get`/`on_post`/... responders are named after (`suffix="x"` picks
`on_get_x`), sinks and static routes."""

from __future__ import annotations

from seamcheck.facts import Arg, Call, enclosing_scope
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import regex_head
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import MAX_MOUNT_DEPTH, Declared, Server

_APPS = frozenset(
    {"falcon.App", "falcon.app.App", "falcon.asgi.App", "falcon.asgi.app.App", "falcon.API"}
)


class FalconRoutes(RouteCore):
    """Falcon's routes, sinks and static routes."""

    def _falcon(self) -> None:
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not self._reaches(path, "falcon"):
                continue
            for call in facts.calls:
                factory, _, method = self._qualname(path, call).rpartition("().")
                if factory not in _APPS:
                    continue
                receiver = call.callee.rpartition(".")[0]
                owner = self._owner(path, call.scope, receiver, "falcon")
                if owner is None:
                    continue
                self.servers.setdefault(owner, Server("falcon")).framework = "falcon"
                if method == "add_route":
                    self._falcon_route(path, call, owner)
                elif method in ("add_sink", "add_static_route"):
                    self._falcon_unread(path, call, owner, method)

    def _falcon_route(self, path: str, call: Call, owner: str) -> None:
        """`app.add_route(uri_template, resource, suffix=None)`: the resource's verbs at the
        template; a resource seamcheck cannot find may serve any verb."""
        positional = [a for a in call.args if a.keyword is None]
        at = positional[0] if positional else self._keyword_arg(call, "uri_template")
        resource = positional[1] if len(positional) > 1 else self._keyword_arg(call, "resource")
        suffix_arg = self._keyword_arg(call, "suffix")
        if at is None:
            return
        suffix = ""
        if suffix_arg is not None and suffix_arg.kind == "str":
            suffix = "_" + suffix_arg.value
        cls = self._falcon_class(path, call, resource) if suffix_arg is None or suffix else None
        views = self._responders(*cls, suffix, 0) if cls is not None else []
        for verb, handler in views or [(ANY, "")]:
            self._declare(owner, path, [verb], at, "falcon", call, handler)

    def _falcon_class(self, path: str, call: Call, given: Arg | None) -> tuple[str, str] | None:
        """The class of the resource an argument gives: a name holding `Things()`, or
        `Things()` written in place; None when seamcheck cannot tell."""
        made: Call | None = None
        if given is not None and given.kind == "name":
            located = self.values.locate(path, call.scope, given.value)
            if located is not None and located.binding.kind == "call":
                made = self.values.creator(located)
                path = located.path if made is not None else path
        elif given is not None and given.kind == "other":
            inner = self._outermost_within(path, call)
            made = inner[0] if len(inner) == 1 else None
        if made is None:
            return None
        ref = self._ref(path, made.scope, made.callee)
        if ref is None or ref.kind != "def":
            return None
        file = self.values.symbols.get(ref.path)
        definition = file.definitions.get(ref.name) if file is not None else None
        if definition is None or definition.kind != "class":
            return None
        return ref.path, ref.name

    def _responders(self, path: str, cls: str, suffix: str, depth: int) -> list[tuple[str, str]]:
        """The (verb, handler) of each `on_<verb><suffix>` responder of a class and of the
        first-party classes it derives from; any verb where it derives from a class
        seamcheck cannot read (its responders are not known)."""
        file = self.values.symbols.get(path)
        definition = file.definitions.get(cls) if file is not None else None
        if file is None or definition is None or depth > MAX_MOUNT_DEPTH:
            return [(ANY, "")]
        found = [
            (verb.upper(), f"{path}::{cls}.on_{verb}{suffix}")
            for verb in HTTP_METHODS
            if f"{cls}.on_{verb}{suffix}" in file.definitions
        ]
        for base in definition.bases:
            if base == "object":
                continue
            ref = self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind != "def":
                return [*found, (ANY, "")]
            found.extend(self._responders(ref.path, ref.name, suffix, depth + 1))
        return found

    def _falcon_unread(self, path: str, call: Call, owner: str, method: str) -> None:
        """`app.add_sink(sink, prefix)` (a regular expression; `/` when none): any path it
        matches from the start, any method; `app.add_static_route(prefix, directory)`: the
        files under the prefix, GET and HEAD."""
        positional = [a for a in call.args if a.keyword is None]
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        if method == "add_sink":
            given = positional[1] if len(positional) > 1 else self._keyword_arg(call, "prefix")
            pattern = given.value if given is not None and given.kind == "str" else ""
            head = regex_head("^" + pattern.removeprefix("^")) if given is not None else "/"
            self.declared.append(
                Declared(owner, service, ANY, head, "falcon", where, "", "a sink", partial=True)
            )
            return
        given = positional[0] if positional else self._keyword_arg(call, "prefix")
        static = self._template(path, call.scope, given) if given is not None else None
        at = static if static is not None and "{" not in static else ""
        self.declared.extend(
            Declared(owner, service, m, at, "falcon", where, "", "static files")
            for m in ("GET", "HEAD")
        )
