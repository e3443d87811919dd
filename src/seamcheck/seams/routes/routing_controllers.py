"""routing-controllers: the methods of classes decorated `@JsonController('/users')` or
`@Controller()`, each `@Get('/:id')`, `@Post()`, ..., `@All()`, `@Method('move', path)`,
served on the app given to `useExpressServer(app, { routePrefix, controllers })` (or made by
`createExpressServer`, `useKoaServer`, `createKoaServer`) at `routePrefix` + the
controller's path + the method's. Controllers are listed by class or by glob
(`__dirname + '/controllers/*.ts'`); a setup seamcheck cannot read serves every controller of
its service, and a `routePrefix` it cannot read makes their calls unsure. A controller also
serves the actions of the classes it derives from (routing-controllers walks the prototype
chain); one derived from a class seamcheck cannot read may serve any path under its own."""

from __future__ import annotations

import itertools
import re

from seamcheck.facts import Arg, Call, FileFacts, enclosing_scope
from seamcheck.project import Project
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join, normalise, regex_head
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Declared
from seamcheck.seams.values import Located, Values, display

_PACKAGE = "routing-controllers"
_FRAMEWORK = "routing-controllers"
_CONTROLLERS = frozenset({"Controller", "JsonController"})
_VERBS = {
    "Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
    "Head": "HEAD", "All": ANY, "Method": "",
}  # fmt: skip
# The calls that serve controllers -> the index of their options argument.
_SETUPS = {"useExpressServer": 1, "useKoaServer": 1, "createExpressServer": 0, "createKoaServer": 0}

_UNREAD_PATH = "a controller path seamcheck cannot read"
# How many classes up a controller's prototype chain its actions are looked for.
_MAX_BASES = 8
# A class: (file, qualname).
_Class = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Setup:
    """One `useExpressServer(app, options)` (or its like): the server its routes go on, the
    prefix (None: not read; `head` is then its literal start) and the controllers it serves
    (None: any of the service's)."""

    owner: str
    service: str
    where: Where
    prefix: str | None
    head: str
    classes: frozenset[_Class] | None
    unread: str = ""  # what is not read of the prefix, when it is not


class RoutingControllersRoutes(RouteCore):
    """routing-controllers' controllers, served where the service's setup calls say."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.rc_controllers: dict[_Class, Call] = {}
        self.rc_actions: list[tuple[str, Call, str]] = []  # (file, decorator, verb)
        self.rc_setups: list[_Setup] = []
        self._rc_setup_calls: list[tuple[str, Call, str]] = []

    def _routing_controllers_file(self, path: str, facts: FileFacts) -> None:
        if path.endswith(".py"):
            return
        for call in facts.calls:
            qualname = self._qualname(path, call)
            package, _, name = qualname.rpartition(".")
            if package != _PACKAGE:
                continue
            if call.decorates and name in _CONTROLLERS:
                self.rc_controllers[(path, call.decorates)] = call
            elif call.decorates and name in _VERBS:
                self.rc_actions.append((path, call, _VERBS[name]))
            elif not call.decorates and name in _SETUPS:
                self._rc_setup_calls.append((path, call, name))

    def _routing_controllers(self) -> None:
        """Declare every action on each setup that serves its controller; once every file
        is read (a glob names files, a class may be listed in another file)."""
        for path, call, name in self._rc_setup_calls:
            setup = self._rc_setup(path, call, name)
            if setup is not None:
                self.rc_setups.append(setup)
        by_class: dict[_Class, list[tuple[Call, str]]] = {}
        for path, call, verb in self.rc_actions:
            by_class.setdefault((path, (call.decorates or "").rpartition(".")[0]), []).append(
                (call, verb)
            )
        for cls, controller in self.rc_controllers.items():
            path = cls[0]
            service = self.service_of.get(path, "")
            setups = [s for s in self.rc_setups if s.service == service]
            serving = [s for s in setups if s.classes is None or cls in s.classes]
            if not setups:
                # Served by a setup seamcheck does not see: under a prefix it cannot know.
                where = Where(path, controller.span.line, controller.span.column)
                unseen = "a routePrefix of no useExpressServer or createExpressServer seen"
                serving = [_Setup(f"rc:{path}", service, where, None, "", None, unseen)]
            actions, unread_base = self._rc_inherited(cls, by_class)
            for at, call, verb in actions:
                verbs = self._rc_verbs(at, call, verb)
                own = self._rc_route(path, controller, at, call, verb)
                for setup in serving:
                    self._rc_declare(setup, at, call, verbs, own)
            if unread_base:
                # What a class seamcheck cannot read gives: any action under the controller.
                base = self._rc_path(path, controller, controller.args[:1])
                what = f"the actions inherited from {unread_base}"
                unknown = (base, what, False) if base is not None else ("", _UNREAD_PATH, False)
                for setup in serving:
                    self._rc_declare(setup, path, controller, [ANY], unknown)

    def _rc_inherited(
        self, cls: _Class, by_class: dict[_Class, list[tuple[Call, str]]]
    ) -> tuple[list[tuple[str, Call, str]], str]:
        """The actions a controller serves, each with the file it is declared in: its own and,
        as routing-controllers walks the prototype chain, those of the classes it derives
        from that it does not override; and the base class seamcheck cannot read ("" for
        none), whose actions are not known."""
        found: list[tuple[str, Call, str]] = []
        seen: set[str] = set()
        current = cls
        for _ in range(_MAX_BASES):
            for call, verb in by_class.get(current, ()):
                name = (call.decorates or "").rpartition(".")[2]
                if name not in seen:
                    seen.add(name)
                    found.append((current[0], call, verb))
            file = self.values.symbols.get(current[0])
            definition = file.definitions.get(current[1]) if file is not None else None
            if file is None or definition is None or not definition.bases:
                return found, ""
            base = definition.bases[0]
            ref = self.values.names.resolve_dotted(file, enclosing_scope(current[1]), base, 0)
            if ref.kind != "def":
                return found, base
            current = (ref.path, ref.name)
        return found, ""

    def _rc_declare(
        self,
        setup: _Setup,
        path: str,
        call: Call,
        verbs: list[str],
        own: tuple[str, str, bool],
    ) -> None:
        """An action's route on a setup's server: `own` is the controller and method path
        (or its literal start), what seamcheck cannot read of it, and whether that start
        may go on within its last segment."""
        route_path, what, partial = own
        where = Where(path, call.span.line, call.span.column)
        handler = f"{path}::{call.decorates}"
        tail = ""
        if setup.prefix is None:
            if not what:
                what, tail = f"'{route_path}' under {setup.unread}", normalise(route_path)
            at = setup.head
        else:
            at = join(setup.prefix, route_path) if route_path else setup.prefix
        self.declared.extend(
            Declared(
                setup.owner, setup.service, verb, at, _FRAMEWORK, where, handler, what,
                partial=partial and setup.prefix is not None, tail=tail,
            )
            for verb in verbs
        )  # fmt: skip

    def _rc_verbs(self, path: str, call: Call, verb: str) -> list[str]:
        """The method of `@Get()` and its like; `@Method('move', path)` names its own."""
        if verb:
            return [verb]
        first = call.args[0] if call.args else None
        method = self._template(path, call.scope, first) if first is not None else None
        return [method.upper()] if method and "{" not in method else [ANY]

    def _rc_route(
        self, path: str, controller: Call, at: str, call: Call, verb: str
    ) -> tuple[str, str, bool]:
        """The controller's path joined with the action's: (path, "", False); for one
        seamcheck cannot read, its literal start, what it is, and whether the start may go
        on within its last segment (a regular expression). `@Method(verb, path)` (`verb`
        "") gives its path second. The controller is declared in `path`, the action in
        `at` (a base class's file, for an action it inherits)."""
        base = self._rc_path(path, controller, controller.args[:1])
        args = call.args if verb else call.args[1:]
        if base is None:
            return "", _UNREAD_PATH, False
        first = args[0] if args else None
        if first is not None and first.kind == "regex":
            return join(base, regex_head(first.value)), "a regular expression", True
        own = self._rc_path(at, call, args[:1])
        if own is None:
            return base, "a path known only at run time", False
        return join(base, own) if own else base, "", False

    def _rc_path(self, path: str, call: Call, args: tuple[Arg, ...]) -> str | None:
        """The path a decorator's first argument gives ("" for none); None when it is not
        known before run time."""
        first = args[0] if args else None
        if first is None or first.kind == "object":
            return ""  # `@JsonController({ transformResponse: false })`: options only
        return self._known_text(path, call.scope, first)

    def _rc_setup(self, path: str, call: Call, name: str) -> _Setup | None:
        owner = self._rc_owner(path, call, name)
        if owner is None:
            return None
        service = self.service_of.get(path, "")
        where = Where(path, call.span.line, call.span.column)
        index = _SETUPS[name]
        positional = [a for a in call.args if a.keyword is None]
        given = positional[index] if len(positional) > index else None
        if given is None:
            return _Setup(owner, service, where, "", "", frozenset())  # no controllers
        items = self._rc_options(path, call.scope, given)
        if items is None:
            return _Setup(owner, service, where, None, "", None, "options seamcheck cannot read")
        at, scope = items[0]
        entries = {i.keyword: i for i in items[1]}
        prefix: str | None = ""
        head = ""
        if "routePrefix" in entries:
            template = self.values.of_arg(at, scope, entries["routePrefix"])
            if template is None or any(part.param for part in template):
                # Any segments, or none: its routes are unsure under its literal start.
                known = itertools.takewhile(lambda p: not p.param, template or ())
                prefix, head = None, "".join(p.text for p in known).rpartition("/")[0]
            else:
                prefix = display(template)
        listed = entries.get("controllers")
        classes = self._rc_classes(at, scope, listed) if listed is not None else frozenset()
        unread = "a routePrefix known only at run time" if prefix is None else ""
        return _Setup(owner, service, where, prefix, head, classes, unread)

    def _rc_owner(self, path: str, call: Call, name: str) -> str | None:
        """The server the setup's routes go on: the app given to `use...Server`, or the one
        `create...Server` makes (the name that holds it, when one does)."""
        if name.startswith("use"):
            first = call.args[0] if call.args else None
            if first is None or first.kind != "name":
                return f"rc:{path}:{call.span.line}"
            return self._owner(path, call.scope, first.value, "")
        facts = self.resolution.facts.get(path)
        for binding in facts.bindings if facts is not None else ():
            if binding.kind in ("call", "new") and binding.value == call.callee:
                located = Located(path, binding)
                if self.values.creator(located) is call:
                    return self._register(located)
        return f"rc:{path}:{call.span.line}"

    def _rc_options(
        self, path: str, scope: str, given: Arg
    ) -> tuple[tuple[str, str], tuple[Arg, ...]] | None:
        """The entries of the options object, with the file and scope they are written in:
        in place or held by a name; None for anything else, or one with a spread."""
        written = self._written_items(path, scope, given, "object")
        if written is None or any(i.kind in ("spread", "more") for i in written[2]):
            return None
        return written[:2], written[2]

    def _rc_classes(self, path: str, scope: str, listed: Arg) -> frozenset[_Class] | None:
        """The controllers a `controllers` list names: classes, or the files of globs;
        None when it holds anything seamcheck cannot read."""
        written = self._written_items(path, scope, listed, "list")
        if written is None:
            return None
        path, scope, items = written
        found: set[_Class] = set()
        for item in items:
            if item.kind == "name":
                ref = self._ref(path, scope, item.value)
                if ref is None or ref.kind != "def":
                    return None
                found.add((ref.path, ref.name))
                continue
            files = self._rc_glob(path, scope, item)
            if files is None:
                return None
            found.update(c for c in self.rc_controllers if c[0] in files)
        return frozenset(found)

    def _rc_glob(self, path: str, scope: str, item: Arg) -> frozenset[str] | None:
        """The source files a glob matches (`__dirname + '/controllers/*.ts'`): written
        relative to the file's folder; None when it is not read or matches no source (a
        `.js` glob of the compiled output matches its `.ts` source)."""
        pieces = item.pieces if item.kind == "expr" else ()
        if len(pieces) != 2 or pieces[0].kind != "name" or pieces[0].value != "__dirname":
            return None
        rest = self.values.of_pieces(path, scope, pieces[1:], 0)
        if any(part.param for part in rest):
            return None
        folder = path.rpartition("/")[0]
        pattern = _glob_regex(join(folder, display(rest)).lstrip("/"))
        files = frozenset(
            f for f in self.resolution.facts if pattern.fullmatch(f.rpartition(".")[0])
        )
        return files or None


def _glob_regex(glob: str) -> re.Pattern[str]:
    """A glob's regular expression over paths without their extension: `**/` any folders,
    `*` any name, `{a,b}` either; the extension is dropped so that a glob of compiled `.js`
    files matches their `.ts` sources."""
    glob = re.sub(r"\.(?:\{[\w,]+\}|[\w*]+)$", "", glob)
    out = ""
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out, index = out + "(?:.*/)?", index + 3
            continue
        if char == "*":
            out += ".*" if glob.startswith("**", index) else "[^/]*"
            index += 2 if glob.startswith("**", index) else 1
            continue
        if char == "{" and "}" in glob[index:]:
            end = glob.index("}", index)
            out += "(?:" + "|".join(re.escape(o) for o in glob[index + 1 : end].split(",")) + ")"
            index = end + 1
            continue
        out += "[^/]" if char == "?" else re.escape(char)
        index += 1
    return re.compile(out)
