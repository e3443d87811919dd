"""The state every route reader shares (`RouteState`): the resolver's calls and imports by
path, the server objects (`servers`) and the lists the readers fill (`declared`, `routes`,
`unread`, `builtin`), composed once every file is read (`prefixes.py`)."""

from __future__ import annotations

from seamcheck.backrefs import weak_method
from seamcheck.facts import Call
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution, ResolvedCall, ResolvedImport
from seamcheck.seams.model import Route, UnreadRoute, Where
from seamcheck.seams.routes.servers import Declared, Server, server_method
from seamcheck.seams.routes.subclassed import Subclasses
from seamcheck.seams.routes.writes import RouterWrites
from seamcheck.seams.values import Values


class RouteState:
    """The resolution and values every reader looks things up in, and what they fill."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        self.project = project
        self.resolution = resolution
        self.values = values
        self.service_of = values.service_of
        self.dependencies = {s.name: frozenset(s.dependencies) for s in project.services}
        # Keyed by the Call object itself: the resolver hands back the facts' own records.
        self.external: dict[int, str] = {}
        # The calls of the repository's functions, by file and then by call, each file's
        # made when first asked of it (`called_function`): few files are (gen-10000: 1.9k
        # lookups), and one dict of every such call (267k) cost more than all of them.
        self._functions_by_file: dict[str, list[ResolvedCall]] | None = None
        self._functions_in: dict[str, dict[int, str]] = {}
        self.packages: dict[str, set[str]] = {}  # path -> top packages its calls reach
        # Whether a library's API is a method of a server object (`server_method`), by API.
        self._server_made: dict[str, bool] = {}
        # The callees of the calls of such a method: a call of any other callee is a library
        # server's only if a first-party subclass's (`RouteCore._read_calls`).
        self.server_callees: set[str] = set()
        # The calls of libraries, in order: all that the websocket and socket.io servers'
        # readers look at, but for an 'upgrade' listener (gen-10000: 59k of 936k calls).
        self.external_calls: list[ResolvedCall] = []
        # Locals: this loop reads each of a large tree's calls of libraries (gen-10000: 58k).
        external, packages, server_made = self.external, self.packages, self._server_made
        self.external_calls.extend(resolution.calls_of_kind("external"))
        for resolved in self.external_calls:
            qualname = resolved.qualname
            external[id(resolved.call)] = qualname
            reached = packages.get(resolved.path)
            if reached is None:
                reached = packages[resolved.path] = set()
            reached.add(qualname.split(".", 1)[0])
            made = server_made.get(qualname)
            if made is None:
                made = self._server_method(qualname)
            if made:
                self.server_callees.add(resolved.call.callee)
        self.servers: dict[str, Server] = {}
        # A Python function declaring routes on its parameters (`fn:` id) -> their names
        # (`ServerRegistry._declaring_owner`).
        self.fn_receivers: dict[str, set[str]] = {}
        # The first-party classes some call makes (`ServerRegistry._shared_by_others`), made
        # on first need.
        self._made: set[str] | None = None
        self.subclasses = Subclasses(values, weak_method(self.called_function))
        self.writes = RouterWrites(values)  # routers' attributes written after they are made
        # What `RouteCore._read_calls` learnt of a callee.
        self._callee_screens: dict[str, int] = {}
        self._unwrapping: set[int] = set()  # the fastify-plugin calls being followed
        self.imports: dict[str, list[ResolvedImport]] = {}
        for resolved_import in resolution.imports:
            self.imports.setdefault(resolved_import.path, []).append(resolved_import)
        self.declared: list[Declared] = []
        self.routes: list[Route] = []
        # What the frameworks serve on their own, where calls may land but that is listed
        # nowhere as the service's routes (FastAPI's `/openapi.json` and docs pages).
        self.builtin: list[Route] = []
        self.unread: list[UnreadRoute] = []
        self.passable: list[UnreadRoute] = []  # see `_settle_passable`
        self.handlers: list[tuple[str, Declared]] = []  # see `_mounted_handlers`
        # Functions of the repository whose result is mounted (`include_router(build_router(),
        # prefix="/v1")`): function node id -> whether it is mounted at a prefix, and at none.
        self.factories: dict[str, tuple[bool, bool]] = {}
        # The calls of such functions whose result is read as a router (`_factory_made`).
        self._read_results: set[int] = set()
        # The calls of such functions, held by a name a mount mounts, whose result is not
        # read as a router (`_factory_held`): it may serve anything under the prefix.
        self._unread_results: set[int] = set()
        # service -> (prefix, where) of each JS mount of a value not known before run time
        # (`_unknown_value`), which may be any router of the service (`_maybe_mounted`).
        self._unknown_mounts: dict[str, list[tuple[str, Where]]] = {}
        # service -> (prefix, where) of each @fastify/autoload whose `dir` is not read: any
        # plugin of the service mounted nowhere may be one it loads (`_maybe_mounted`).
        self._unread_autoloads: dict[str, list[tuple[str, Where]]] = {}
        # service -> last name of a name passed to a call -> (path, call, the name), in path
        # and call order (`_handed_on`; made when first asked).
        self._names_passed: dict[str, dict[str, list[tuple[str, Call, str]]]] | None = None
        # Koa routers whose `allowedMethods()` is used: they answer OPTIONS for their routes
        # and those of the routers nested in them (`service:NAME`: a router not known).
        self.allowing: set[str] = set()
        # path -> its Starlette `Mount` and `Host` calls, and its apps' `mount` calls
        # (`StarletteRoutes`, which reads them).
        self.starlette_mounts: dict[str, list[Call]] = {}
        # (child id, parent id, prefix) -> why that prefix of a mount is only the code's
        # default (`Mounts._default_note`): routes under it say so (`Route.prefix_note`).
        self.mount_notes: dict[tuple[str, str, str], str] = {}
        self._strict: Values | None = None  # `values` without code defaults, made when asked

    def strict_values(self) -> Values:
        """The values where a code's default is not known (`Values.without_code_defaults`)."""
        if self._strict is None:
            self._strict = self.values.without_code_defaults()
        return self._strict

    def _server_method(self, qualname: str) -> bool:
        """`server_method(qualname)`, worked out once per API."""
        made = self._server_made.get(qualname)
        if made is None:
            made = self._server_made[qualname] = server_method(qualname)
        return made

    def called_function(self, path: str, call: Call) -> str | None:
        """The node id of the repository's function `call`, written in `path`, calls; None
        when it calls none."""
        functions = self._functions_in.get(path)
        if functions is None:
            in_file = self._calls_of_functions().get(path, ())
            functions = self._functions_in[path] = {id(r.call): r.target for r in in_file}
        return functions.get(id(call))

    def _calls_of_functions(self) -> dict[str, list[ResolvedCall]]:
        """The calls of the repository's functions by the file they are written in."""
        if self._functions_by_file is None:
            self._functions_by_file = {}
            # A file's calls come one after another (`resolve` reads file by file): its list
            # is looked up once per run of them, not for each call.
            path, calls = "", list[ResolvedCall]()
            for resolved in self.resolution.calls_of_kind("function"):
                if resolved.path != path:
                    path = resolved.path
                    calls = self._functions_by_file.setdefault(path, [])
                calls.append(resolved)
        return self._functions_by_file

    def _qualname(self, path: str, call: Call) -> str:
        return self.external.get(id(call), "")

    def _reaches(self, path: str, *packages: str) -> bool:
        """Whether any call in `path` reaches one of these top-level packages."""
        reached = self.packages.get(path)
        return reached is not None and not reached.isdisjoint(packages)

    def _imports(self, path: str, *packages: str) -> bool:
        """Whether `path` imports one of these top-level packages, called there or not (a
        file that only derives a class from one of them)."""
        return any(
            target.kind == "external" and target.qualname.split(".", 1)[0] in packages
            for resolved in self.imports.get(path, ())
            for target in resolved.targets
        )
