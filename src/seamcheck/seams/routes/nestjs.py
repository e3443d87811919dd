"""NestJS controllers: `@Controller` paths joined with their methods' `@Get`, `@Post`, ...,
under the global prefix, the `RouterModule` paths and URI versions (`seams/nest.py` reads
those settings)."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.backrefs import weak_method
from seamcheck.facts import Arg, Call, FileFacts
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import ANY, UnreadRoute, Where
from seamcheck.seams.nest import (
    NEUTRAL,
    GlobalPrefix,
    Literal,
    ModulePaths,
    Versioning,
    read_global_prefix,
    read_versioning,
    read_versions,
    version_segments,
)
from seamcheck.seams.paths import join, normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.lookups import runtime_prefix
from seamcheck.seams.values import Values, display

_NEST_METHODS = {
    "Get": "GET", "Post": "POST", "Put": "PUT", "Delete": "DELETE", "Patch": "PATCH",
    "Head": "HEAD", "Options": "OPTIONS", "All": ANY,
    "Sse": "GET",  # a server-sent event stream: a GET route
}  # fmt: skip


def _nest_version(decorator: Call | None, keyword: str = "") -> tuple[Arg, str] | None:
    """The version a NestJS decorator declares, with the scope to read it in: the argument
    of `@Version('2')`, or the `keyword` entry of `@Controller({ path, version })`."""
    first = decorator.args[0] if decorator is not None and decorator.args else None
    if decorator is None or first is None:
        return None
    if not keyword:
        return first, decorator.scope
    if first.kind != "object":
        return None
    item = next((i for i in first.items if i.keyword == keyword), None)
    return (item, decorator.scope) if item is not None else None


class NestRoutes(RouteCore):
    """NestJS controllers' routes, per service's global prefix, versioning and modules."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.global_prefixes: dict[str, GlobalPrefix] = {}
        self.nest_versioning: dict[str, Versioning | None] = {}
        self.nest_modules: dict[str, ModulePaths] = {}

    def _nest(self, path: str, facts: FileFacts) -> None:
        if path.endswith(".py"):
            return
        controllers: dict[str, Call] = {}
        versions: dict[str, Call] = {}  # method -> its @Version(...)
        methods: list[tuple[Call, str]] = []
        for call in facts.calls:
            if not call.decorates:
                continue
            qualname = self._qualname(path, call)
            name = qualname.rsplit(".", 1)[-1] if qualname.startswith("@nestjs/") else ""
            if name == "Controller":
                controllers[call.decorates] = call
            elif name == "Version":
                versions[call.decorates] = call
            elif name in _NEST_METHODS:
                methods.append((call, _NEST_METHODS[name]))
        if not methods:
            return
        service = self.service_of.get(path, "")
        global_prefix = self._nest_global_prefix(service)
        versioning = self._nest_versioning(service)
        modules = self._nest_modules(service)
        # The paths of each controller (`@Controller('users')`), read once for its routes.
        controller_paths = {cls: self._nest_path(path, c) for cls, c in controllers.items()}
        for call, verb in methods:
            method = call.decorates or ""
            cls = method.rpartition(".")[0]
            controller = controllers.get(cls)
            if controller is None:
                continue
            prefixes = controller_paths[cls]
            # A route's own @Version(...) wins over its controller's.
            declared = _nest_version(versions.get(method)) or _nest_version(controller, "version")
            segments = self._nest_segments(path, versioning, declared)
            if segments is None:  # the path may hold a version, or not
                segments, unsure = [""], True
            else:
                # A version seamcheck cannot read (no segments), or one declared in a service
                # where no enableVersioning call is seen, which may be made out of sight.
                unsure = not segments or (versioning is None and self._versioned(path, declared))
            handler = f"{path}::{method}"
            where = Where(path, call.span.line, call.span.column)
            module_paths = modules.of(path, controller.decorates or "")
            own = self._nest_paths(path, prefixes, call)
            if own is None:
                known = None if unsure else segments
                for head in _nest_heads(global_prefix, known, module_paths, prefixes):
                    what = "a path seamcheck cannot read"
                    self._nest_unread(service, verb, head, what, where, "")
                continue
            for base in own if module_paths is None else ():
                # Served as if no RouterModule placed it (linked), or under a module path
                # seamcheck could not read: a call ending with the route's path is unsure.
                what = f"'{base}' under a module path (not read: {modules.unread})"
                self._nest_unread(service, verb, "", what, where, base)
            for full in (join(m, base) for m in module_paths or [""] for base in own):
                excluded = global_prefix.excludes(full, verb)
                prefix = "" if excluded else global_prefix.prefix
                if global_prefix.runtime and not excluded:
                    what = f"'{full}' under {global_prefix.runtime}"
                    self._nest_unread(service, verb, prefix, what, where, full)
                    continue
                note = "" if excluded else global_prefix.note
                for segment in segments:
                    self._add(
                        path, verb, join(prefix, segment, full), "nestjs", call, handler, note
                    )
                if excluded is None:
                    # Served with the prefix (linked) or without it: as above.
                    unread = global_prefix.unread or "a pattern of its exclude list"
                    what = f"'{full}' with or without the global prefix (not read: {unread})"
                    self._nest_unread(service, verb, "", what, where, full)
                if unsure:
                    head = "" if excluded is None else prefix
                    what = f"a version of '{join(prefix, full)}'"
                    self._nest_unread(service, verb, head, what, where, full)

    def _nest_unread(
        self, service: str, verb: str, head: str, what: str, where: Where, tail: str
    ) -> None:
        self.unread.append(
            UnreadRoute(service, verb, join(head), what, "nestjs", where, normalise(tail))
        )

    def _versioned(self, path: str, declared: tuple[Arg, str] | None) -> bool:
        """Whether a declared version may put a segment in the path (any but neutral)."""
        if declared is None:
            return False
        arg, scope = declared
        return read_versions(arg, self._literal(path, scope)) != (NEUTRAL,)

    def _nest_segments(
        self, path: str, versioning: Versioning | None, declared: tuple[Arg, str] | None
    ) -> list[str] | None:
        """The version segment each path of a route gets after the global prefix ("" for
        none); None when seamcheck cannot read the versioning; [] when the route is versioned
        but seamcheck cannot read its version."""
        if versioning is None:
            return [""]  # versions mean nothing while versioning is off
        if versioning.unread:
            return None
        versions: tuple[str, ...] | None = None
        if declared is not None:
            arg, scope = declared
            versions = read_versions(arg, self._literal(path, scope))
            if versions is None:
                return []
        return version_segments(versioning, versions)

    def _literal(self, path: str, scope: str) -> Literal:
        """An argument's text when seamcheck knows all of it."""

        return lambda arg: self._known_text(path, scope, arg)

    def _nest_versioning(self, service: str) -> Versioning | None:
        """How the service's app versions its routes; None when no `enableVersioning` call
        is seen. Calls that read differently (an e2e test's own setup) are not readable."""
        if service not in self.nest_versioning:
            found: set[Versioning] = set()
            for path, facts in sorted(self.resolution.facts.items()):
                if self.service_of.get(path) != service:
                    continue
                for call in facts.calls:
                    if call.callee.endswith(".enableVersioning"):
                        found.add(read_versioning(call.args, self._literal(path, call.scope)))
            chosen = next(iter(found)) if len(found) == 1 else None
            if len(found) > 1:
                chosen = Versioning(unread="enableVersioning calls that differ")
            self.nest_versioning[service] = chosen
        return self.nest_versioning[service]

    def _nest_paths(self, path: str, prefixes: list[str] | None, route: Call) -> list[str] | None:
        """The paths a route method serves below its module's: each of its controller's
        paths (`prefixes`) joined with each of its own (`@Controller(['users', 'people'])`,
        `@Get([':id', ':id/profile'])`); None when seamcheck cannot read one."""
        paths = self._nest_path(path, route)
        if prefixes is None or paths is None:
            return None
        return [join(prefix, own) for prefix in prefixes for own in paths]

    def _nest_path(self, path: str, call: Call) -> list[str] | None:
        """The paths a `@Controller(...)` or `@Get(...)` names: its argument, or the `path`
        of its options object (`@Controller({ path, version })`)."""
        first: Arg | None = call.args[0] if call.args else None
        if first is not None and first.kind == "object":
            first = next((i for i in first.items if i.keyword == "path"), None)
        if first is None:
            return [""]
        listed = first.items if first.kind == "list" else (first,)
        found: list[str] = []
        for item in listed:
            template = self.values.of_arg(path, call.scope, item)
            if template is None or (template and all(part.param for part in template)):
                return None  # a value known only at run time may be any path (`_declare`)
            found.append(display(template))
        return found or None

    def _nest_modules(self, service: str) -> ModulePaths:
        """Where the service's `RouterModule.register` calls put its controllers."""
        if service not in self.nest_modules:
            files = {
                path: facts
                for path, facts in self.resolution.facts.items()
                if self.service_of.get(path) == service
                and self._reaches(path, "@nestjs/common", "@nestjs/core", "nest-router")
            }
            found = ModulePaths(
                files,
                self.external,
                weak_method(self._literal),
                weak_method(self._class),
                weak_method(self._array),
            )
            self.nest_modules[service] = found
        return self.nest_modules[service]

    def _array(self, path: str, scope: str, dotted: str) -> tuple[str, str, tuple[Arg, ...]] | None:
        """The items of the array literal a name holds, with the file and scope they are
        written in (`const routes: Routes = [...]`, here or imported)."""
        located = self.values.locate(path, scope, dotted)
        if located is None or located.binding.kind != "list" or path.endswith(".py"):
            return None
        return located.path, located.binding.scope, located.binding.items

    def _class(self, path: str, scope: str, dotted: str) -> tuple[str, str] | str | None:
        """The class of the repository a name denotes, None for a package's, "" else."""
        ref = self._ref(path, scope, dotted)
        if ref is not None and ref.kind == "def":
            return ref.path, ref.name
        return None if ref is not None and ref.kind == "external" else ""

    def _nest_global_prefix(self, service: str) -> GlobalPrefix:
        if service not in self.global_prefixes:
            self.global_prefixes[service] = self._find_global_prefix(service)
        return self.global_prefixes[service]

    def _find_global_prefix(self, service: str) -> GlobalPrefix:
        for path, facts in sorted(self.resolution.facts.items()):
            if self.service_of.get(path) != service:
                continue
            for call in facts.calls:
                if call.callee.endswith(".setGlobalPrefix") and call.args:
                    return self._global_prefix(path, call)
        return GlobalPrefix()

    def _global_prefix(self, path: str, call: Call) -> GlobalPrefix:
        """What a `setGlobalPrefix` call gives: a prefix from the environment with a
        default is that default (saying so), one known only at run time its literal start
        (`GlobalPrefix.runtime`), as a router mounted at such a path is."""
        template = self.values.of_arg(path, call.scope, call.args[0]) or ()
        options = call.args[1] if len(call.args) > 1 else None
        found = read_global_prefix(display(template), options, self._literal(path, call.scope))
        if any(part.param for part in template):
            start, _ = runtime_prefix(template, path, call, "")
            where = f"{path}:{call.span.line}"
            runtime = f"a global prefix known only at run time (setGlobalPrefix at {where})"
            return replace(found, prefix=start, runtime=runtime)
        return replace(found, note=self._default_note(path, call, call.args[0], [found.prefix]))


def _nest_heads(
    prefix: GlobalPrefix,
    segments: list[str] | None,
    modules: list[str] | None,
    controllers: list[str] | None,
) -> list[str]:
    """The literal starts of a NestJS route whose own path seamcheck cannot read: global
    prefix, version, module path and controller path, up to the first part it does not
    know (None)."""
    if prefix.exclude or prefix.unread:
        return [""]  # the prefix may be left out
    heads = [prefix.prefix]
    for parts in (segments, modules, controllers):
        if parts is None:
            break
        heads = [join(head, part) for head in heads for part in parts]
    return heads
