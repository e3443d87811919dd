"""NestJS paths as the route finder needs them: versioning (docs.nestjs.com, "Versioning"),
RouterModule paths and the global prefix's exclusions.

`app.enableVersioning()` (URI versioning unless `type` says otherwise) puts a route's version
in its path, after the global prefix and before the controller's path: `/api/v2/users`, with
the `prefix` `v` unless another or `false` is given. A route's version is its `@Version(...)`,
else its controller's `@Controller({ version })`, else the `defaultVersion`; a list serves
each, `VERSION_NEUTRAL` serves the path without a version, and no version at all serves the
path as it is. Header, media-type and custom versioning leave paths alone.

Between the version and the controller's path comes the path `RouterModule.register` gives
the controller's module (`ModulePaths`); the global prefix is left out of the routes its
`exclude` entries match (`GlobalPrefix`), compared with the route's path without the version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from seamcheck.facts import Arg, Call, FileFacts
from seamcheck.records import dataclass
from seamcheck.seams.model import ANY
from seamcheck.seams.paths import join

NEUTRAL = ""  # the version `VERSION_NEUTRAL`: no segment in the path
_TYPES = frozenset({"URI", "HEADER", "MEDIA_TYPE", "CUSTOM"})

# An argument's text when it is a literal or a constant seamcheck can read, else None.
Literal = Callable[[Arg], "str | None"]


@dataclass(frozen=True, slots=True)
class Versioning:
    """`app.enableVersioning(...)` as read. `unread` says what seamcheck could not read;
    then it cannot tell the path of any route that may be versioned."""

    uri: bool = True
    prefix: str = "v"
    default: tuple[str, ...] | None = None  # None: no default version
    unread: str = ""


def read_versioning(args: tuple[Arg, ...], literal: Literal) -> Versioning:
    """The options of an `enableVersioning` call."""
    if not args:
        return Versioning()
    options = args[0]
    if options.kind != "object":
        return Versioning(unread="its options")
    items = {item.keyword: item for item in options.items if item.keyword}
    kind = items.get("type")
    kind_name = kind.value.rpartition(".")[2] if kind is not None and kind.kind == "name" else ""
    if kind_name not in _TYPES:
        return Versioning(unread="its type")
    if kind_name != "URI":
        return Versioning(uri=False)
    prefix = "v"
    given = items.get("prefix")
    if given is not None:
        if given.kind == "other" and given.value == "false":
            prefix = ""
        elif (text := literal(given)) is not None:
            prefix = text
        else:
            return Versioning(unread="its prefix")
    default: tuple[str, ...] | None = None
    if "defaultVersion" in items:
        default = read_versions(items["defaultVersion"], literal)
        if default is None:
            return Versioning(unread="its defaultVersion")
    return Versioning(True, prefix, default)


def read_versions(arg: Arg, literal: Literal) -> tuple[str, ...] | None:
    """The versions a `version` value names (`'2'`, `['1', '2']`, `VERSION_NEUTRAL`);
    None when seamcheck cannot read them."""
    listed = arg.items if arg.kind == "list" else (arg,)
    versions: list[str] = []
    for item in listed:
        if item.kind == "name" and item.value.rpartition(".")[2] == "VERSION_NEUTRAL":
            versions.append(NEUTRAL)
            continue
        text = literal(item)
        if not text:
            return None
        versions.append(text)
    return tuple(versions) if versions else None


def version_segments(versioning: Versioning, versions: tuple[str, ...] | None) -> list[str]:
    """The path segment each version puts after the global prefix ("" for none)."""
    chosen = versions if versions is not None else versioning.default
    if not versioning.uri or chosen is None:
        return [""]
    return [f"/{versioning.prefix}{v}" if v != NEUTRAL else "" for v in chosen]


# -- the global prefix's `exclude` ---------------------------------------------------------

# Nest's RequestMethod names -> the method a route is declared with (ALL: any).
_REQUEST_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "SEARCH"})
_PLAIN_SEGMENT = re.compile(r"[\w.~@-]+")
_PARAMETER = re.compile(r":\w+")
# A last segment matching the rest of a route's path: Nest 10's path-to-regexp `(.*)` and `*`,
# Nest 11's `*name` (one segment or more) and `{*name}` (none or more).
_REST = re.compile(r"\(\.\*\)|\*\w*")
_OPTIONAL_REST = re.compile(r"\{\*\w+\}")


@dataclass(frozen=True, slots=True)
class GlobalPrefix:
    """`app.setGlobalPrefix(prefix, { exclude })` as read. A route whose path (its module's,
    controller's and own path: no version) and method an `exclude` entry matches is served
    without the prefix. `unread` says what of `exclude` seamcheck could not read. A prefix
    known only at run time (`setGlobalPrefix(process.env.PREFIX)`) is its literal start, and
    `runtime` says where it is given: the routes under it are unsure, as under any mount at
    such a path; `note` says why a prefix read is only the code's default
    (`process.env.PREFIX || 'api'`: `Route.prefix_note`)."""

    prefix: str = ""
    exclude: tuple[tuple[str, str], ...] = ()  # (path pattern, method or ANY)
    unread: str = ""
    runtime: str = ""
    note: str = ""

    def excludes(self, path: str, method: str) -> bool | None:
        """Whether the route at `path` with `method` is left out of the prefix; None when
        seamcheck cannot tell."""
        if self.unread:
            return None
        answer: bool | None = False
        for pattern, only in self.exclude:
            if only not in (ANY, method):
                continue  # Nest compares the methods as declared: `@All` only with ALL
            matched = _pattern_matches(pattern, path)
            if matched:
                return True
            if matched is None:
                answer = None
        return answer


def read_global_prefix(prefix: str, options: Arg | None, literal: Literal) -> GlobalPrefix:
    """The prefix and the `exclude` entries of a `setGlobalPrefix` call's options."""
    if options is None or not prefix.strip("/"):
        return GlobalPrefix(prefix)
    if options.kind != "object":
        return GlobalPrefix(prefix, unread="the options of setGlobalPrefix")
    given = next((i for i in options.items if i.keyword == "exclude"), None)
    if any(i.keyword is None for i in options.items):
        return GlobalPrefix(prefix, unread="the options of setGlobalPrefix")  # `{ ...options }`
    if given is None:
        return GlobalPrefix(prefix)
    if given.kind != "list":
        return GlobalPrefix(prefix, unread="the exclude list of setGlobalPrefix")
    exclude: list[tuple[str, str]] = []
    for item in given.items:
        entry = _exclusion(item, literal)
        if entry is None:
            return GlobalPrefix(prefix, unread="the exclude list of setGlobalPrefix")
        exclude.append(entry)
    return GlobalPrefix(prefix, tuple(exclude))


def _exclusion(item: Arg, literal: Literal) -> tuple[str, str] | None:
    """An `exclude` entry: `'health'` (any method) or `{ path, method: RequestMethod.GET }`."""
    if item.kind != "object":
        text = literal(item)
        return (text, ANY) if text is not None else None
    fields = {i.keyword: i for i in item.items}
    path, method = fields.get("path"), fields.get("method")
    text = literal(path) if path is not None else None
    if text is None or method is None or method.kind != "name" or len(fields) != len(item.items):
        return None
    name = method.value.rpartition(".")[2]
    if name == "ALL":
        return text, ANY
    return (text, name) if name in _REQUEST_METHODS else None


def _pattern_matches(pattern: str, path: str) -> bool | None:
    """Whether an `exclude` path pattern matches a route's declared path, as Nest matches
    them (path-to-regexp, whole path, any case, a trailing slash allowed): a `:name`
    segment matches any segment of the route, `:id` included. None for patterns seamcheck
    does not read (groups, optional parts, regular expressions)."""
    want = [s for s in pattern.split("/") if s]
    have = [s for s in path.split("/") if s]
    for index, segment in enumerate(want):
        if _OPTIONAL_REST.fullmatch(segment) or _REST.fullmatch(segment):
            if index != len(want) - 1:
                return None
            if len(have) > index:
                return True
            # `cats/(.*)` against `cats`: whether the empty rest matches depends on the
            # version of path-to-regexp.
            return True if _OPTIONAL_REST.fullmatch(segment) else None
        if index >= len(have):
            return False
        if _PARAMETER.fullmatch(segment):
            continue
        if not _PLAIN_SEGMENT.fullmatch(segment):
            return None
        if segment.lower() != have[index].lower():
            return False
    return len(have) == len(want)


# -- RouterModule ----------------------------------------------------------------------------

# `RouterModule.register` (Nest 8+), and `RouterModule.forRoutes` of the `nest-router` package
# it grew from (Nest 7 and before), which reads the same routes the same way.
_ROUTER_MODULES = frozenset(
    {"@nestjs/core.RouterModule.register", "nest-router.RouterModule.forRoutes"}
)
_MODULE = "@nestjs/common.Module"
# A class a name denotes: (file, qualname); None for a package's; "" when it does not resolve.
Resolve = Callable[[str, str, str], "tuple[str, str] | str | None"]
# The array literal a name holds, in this file or another: (its file, scope, items); None
# when the name holds no array literal seamcheck reads.
Listed = Callable[[str, str, str], "tuple[str, str, tuple[Arg, ...]] | None"]
_MAX_SPREADS = 8  # named lists spread into each other: past this depth, not read


class ModulePaths:
    """The path `RouterModule.register([{ path, module, children }])` gives each module's
    controllers, between the version and the controller's path (Nest 8+; `nest-router`'s
    `RouterModule.forRoutes(routes)` before). A child written
    as a module class takes its parent's path. The routes (and `children`) may be a named
    array (`const routes: Routes = [...]`, here or imported), and spread named arrays
    (`[...adminRoutes, ...]`). `unread` says what seamcheck could not read: then a
    controller it did not place may be under a path it does not know."""

    def __init__(
        self,
        files: Mapping[str, FileFacts],
        external: Mapping[int, str],
        literal: Callable[[str, str], Literal],
        resolve: Resolve,
        listed: Listed,
    ) -> None:
        self.literal = literal
        self.resolve = resolve
        self.listed = listed
        self.paths: dict[tuple[str, str], set[str]] = {}  # (file, controller) -> module paths
        self.unread = ""
        self._modules: dict[tuple[str, str], Call] = {}  # (file, module class) -> @Module(...)
        registrations: list[tuple[str, Call, str]] = []
        for path, facts in sorted(files.items()):
            for call in facts.calls:
                qualname = external.get(id(call), "")
                if qualname == _MODULE and call.decorates:
                    self._modules[(path, call.decorates)] = call
                elif qualname in _ROUTER_MODULES:
                    registrations.append((path, call, qualname.rpartition(".")[2]))
        for path, call, method in registrations:
            routes = call.args[0] if call.args else None
            if routes is None or not self._list(path, call.scope, routes, "", 0):
                self._doubt(f"the routes given to RouterModule.{method}")

    def of(self, path: str, controller: str) -> list[str] | None:
        """The module paths of a controller class; None when seamcheck cannot tell."""
        found = self.paths.get((path, controller))
        if found:
            return sorted(found)
        return None if self.unread else [""]

    def _doubt(self, what: str) -> None:
        self.unread = self.unread or what

    def _list(self, path: str, scope: str, routes: Arg, parent: str, depth: int) -> bool:
        """Read the routes of an array written in place or held by a name; False when it is
        neither, or nests past `_MAX_SPREADS`."""
        if routes.kind == "list":
            self._entries(path, scope, routes.items, parent, depth)
            return True
        found = self.listed(path, scope, routes.value) if routes.kind == "name" else None
        if found is None or depth >= _MAX_SPREADS:
            return False
        self._entries(*found, parent, depth + 1)
        return True

    def _entries(
        self, path: str, scope: str, items: tuple[Arg, ...], parent: str, depth: int
    ) -> None:
        for item in items:
            if item.kind == "name":  # children: [UsersModule]
                self._place(path, scope, item.value, parent)
                continue
            if item.kind == "spread":  # [...adminRoutes, { path, module }]
                named = replace(item, kind="name")
                if not self._list(path, scope, named, parent, depth):
                    self._doubt("a RouterModule route")
                continue
            fields = {i.keyword: i for i in item.items if i.keyword}
            if item.kind != "object" or len(fields) != len(item.items):
                self._doubt("a RouterModule route")  # a call; an object's spread, computed key
                continue
            given = fields.get("path")
            text = self.literal(path, scope)(given) if given is not None else ""
            if text is None:
                self._doubt("the path of a RouterModule route")
                continue
            full = join(parent, text)
            module = fields.get("module")
            if module is not None and module.kind != "name":
                self._doubt("the module of a RouterModule route")
            elif module is not None:
                self._place(path, scope, module.value, full)
            children = fields.get("children")
            if children is not None and not self._list(path, scope, children, full, depth):
                self._doubt("the children of a RouterModule route")

    def _place(self, path: str, scope: str, name: str, module_path: str) -> None:
        """Put the controllers of the module class `name` under `module_path`."""
        module = self.resolve(path, scope, name)
        if module is None:
            return  # a package's module: no controller of the repository
        decorator = self._modules.get(module) if isinstance(module, tuple) else None
        options = decorator.args[0] if decorator is not None and decorator.args else None
        if decorator is None or not isinstance(module, tuple):
            self._doubt(f"the module {name}")
            return
        if options is None:
            return
        fields = {i.keyword: i for i in options.items if i.keyword}
        listed = fields.get("controllers")
        if options.kind != "object" or len(fields) != len(options.items):
            self._doubt(f"the module {name}")  # `@Module(metadata)`, `{ ...shared }`
        elif listed is not None and listed.kind != "list":
            self._doubt(f"the controllers of {name}")
        elif listed is not None:
            for item in listed.items:
                found = (
                    self.resolve(module[0], decorator.scope, item.value)
                    if item.kind == "name"
                    else ""
                )
                if isinstance(found, tuple):
                    self.paths.setdefault(found, set()).add(module_path)
                else:
                    self._doubt(f"the controllers of {name}")
