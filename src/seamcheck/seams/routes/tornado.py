"""Tornado: the rules of an `Application` (`Application([(r"/items/([0-9]+)", ItemHandler),
url(r"/users/(?P<name>\\w+)", UserHandler)], **settings)`, the list written in place or held
by a name, `app.add_handlers(host, [...])`, an `Application` subclass's `super().__init__(
handlers)`), each a regular expression matched whole and a handler class serving the verbs
its methods are named after (`RequestHandler` answers the others 405); and the static files
its settings serve (`static_path`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from seamcheck.facts import (
    MODULE_SCOPE,
    PREFIXED,
    RETURNED,
    Arg,
    Call,
    Piece,
    Span,
    call_at,
    call_within,
    enclosing_scope,
    leaf_arg,
)
from seamcheck.project import Project
from seamcheck.records import dataclass
from seamcheck.resolve.model import derived_from
from seamcheck.seams.arguments import argument
from seamcheck.seams.frameworks import TORNADO_HANDLER_VERBS
from seamcheck.seams.model import ANY, UnreadRoute, Where
from seamcheck.seams.paths import tornado_head, tornado_paths
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.lookups import ARRAY_CHANGES
from seamcheck.seams.routes.servers import MAX_MOUNT_DEPTH, Declared
from seamcheck.seams.values import (
    SERVER_BASE,
    Located,
    Part,
    Template,
    display,
    literal,
    without_trailing_slashes,
)

_APP = "tornado.web.Application"
# The Jupyter servers (jupyter_server, the classic notebook server), whose extensions add
# their handlers to the server's Tornado application.
_JUPYTER = ("jupyter_server", "notebook")
# Jupyter server's base of a server extension's application, and how one adds its handlers
# (`initialize_handlers`: `self.handlers.extend([...])`, `self.handlers.append((...))`; or
# the class body's `handlers = [...]`), each joined to the server's base URL.
_EXTENSION_APPS = frozenset(
    {
        "jupyter_server.extension.application.ExtensionApp",
        # JupyterLab's, an `ExtensionApp` serving its pages and settings (not in the
        # repository) beside what its subclass adds (`LabApp`).
        "jupyterlab_server.LabServerApp",
        "jupyterlab_server.app.LabServerApp",
    }
)
_EXTENSION_HANDLERS = frozenset({"self.handlers.extend", "self.handlers.append"})
JUPYTER_OWN = "the Jupyter server's own routes (not in this repository)"
_JUPYTER_MODULES = tuple(f"{module}." for module in _JUPYTER)
_WEB_APP_ADDS = ".web_app.add_handlers"
# Application's own `__init__`, called from a subclass's.
_INITS = frozenset({"super().__init__", f"{_APP}.__init__"})
# A rule written as a call: `url(pattern, handler, kwargs, name)`.
_URL_SPECS = frozenset({"tornado.web.url", "tornado.web.URLSpec", "tornado.routing.URLSpec"})
# The changes of a list that add rules to it (`h.extend(rules)`, `h.append(rule)`).
_ASSEMBLING = frozenset({"extend", "append"})
# traitlets' containers: declared with no default (`handlers = List()`), empty.
_EMPTY_TRAITS = frozenset({"traitlets.List", "traitlets.traitlets.List"})
# What `static_path` serves (Tornado puts these rules first), under `static_url_prefix`.
_STATIC_DEFAULT = "/static/"
_STATIC_FILES = ("/favicon.ico", "/robots.txt")

# (verb, handler node) of a rule.
_Verbs = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A rule of a list as read: its items (pattern, handler, ...), None where seamcheck
    cannot read it; the file and scope its names are looked up in; where it is written;
    and the prefix a helper joins before its pattern (JupyterHub's `add_url_prefix(
    hub_prefix, handlers)`), read where the helper is called: () for none."""

    items: tuple[Arg, ...] | None
    written: tuple[str, str]
    where: Where
    prefix: Template = ()


class TornadoRoutes(RouteCore):
    """Tornado's applications, their rules and static files."""

    def _tornado(self) -> None:
        extension_apps = derived_from(self.resolution.class_bases, _EXTENSION_APPS)
        extension_files = {node.split("::", 1)[0] for node in extension_apps}
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not (
                self._reaches(path, "tornado", *_JUPYTER)
                or self._imports(path, "tornado")
                or path in extension_files
            ):
                continue  # an `Application` subclass's file may call nothing of Tornado's
            jupyter = self._reaches(path, *_JUPYTER)
            for call in facts.calls:
                qualname = self._qualname(path, call)
                if qualname == _APP:
                    self._tornado_app(path, call, call.args)
                elif qualname == f"{_APP}().add_handlers":
                    self._tornado_rules(path, call, self._host_handlers(call))
                elif jupyter and self._jupyter_app(path, call, qualname):
                    self._jupyter_handlers(path, call, self._host_handlers(call))
                elif (
                    call.callee in _EXTENSION_HANDLERS
                    and f"{path}::{call.scope.rpartition('.')[0]}" in extension_apps
                ):
                    self._jupyter_handlers(path, call, _extension_rules(call), joined=True)
                elif call.callee in _INITS and self._in_app_subclass(path, call):
                    # `tornado.web.Application.__init__(self, handlers)` passes `self` first.
                    args = call.args[1:] if call.callee != "super().__init__" else call.args
                    self._tornado_app(path, call, args)
            for node in sorted(extension_apps):
                if node.split("::", 1)[0] == path:
                    self._class_handlers(path, node.split("::", 1)[1])

    def _class_handlers(self, path: str, cls: str) -> None:
        """The rules an `ExtensionApp` declares in its class body (`handlers = [...]`, the
        `handlers` trait's default, jupyter-scheduler's), which the server adds as it does
        those `initialize_handlers` extends it with."""
        facts = self.resolution.facts[path]
        for binding in facts.bindings:
            if binding.scope == cls and binding.target == "handlers":
                # The list's span, where its `url(...)` rules are found.
                written = call_at("", cls, _lines(binding.line, binding.end_line or binding.line))
                given = leaf_arg("name", "handlers")
                self._jupyter_handlers(path, written, given, joined=True)
                return  # the binding the name holds is looked up, once

    def _host_handlers(self, call: Call) -> Arg | None:
        """`add_handlers(host_pattern, host_handlers)`'s rules."""
        positional = [a for a in call.args if a.keyword is None]
        given = positional[1] if len(positional) > 1 else None
        return given or self._keyword_arg(call, "host_handlers")

    def _jupyter_app(self, path: str, call: Call, qualname: str) -> bool:
        """Whether a call adds handlers to a Jupyter server's Tornado application, in a file
        calling the server's API: `web_app.add_handlers(".*$", handlers)`, the application
        the extension is handed (`server_app.web_app`, seldom bound to a name seamcheck can
        follow), with no other meaning than Tornado's."""
        # Or named by the server's annotated class (`def load(server_app: ServerApp)`,
        # Voila's): `jupyter_server.serverapp.ServerApp().web_app.add_handlers`.
        server_app = qualname.startswith(_JUPYTER_MODULES) and qualname.endswith(_WEB_APP_ADDS)
        return (
            (not qualname or server_app)
            and call.callee.endswith(".add_handlers")
            and self.called_function(path, call) is None
            and self._host_handlers(call) is not None
        )

    def _jupyter_handlers(
        self, path: str, call: Call, given: Arg | None, joined: bool = False
    ) -> None:
        """An extension's handlers, at their pattern after the server's base URL (the
        prefix every path of the server, its pages' own included, is served under); and the
        server's own routes (contents, kernels, its pages), not in the repository: calls
        matching no handler read are unsure there."""
        self._tornado_rules(path, call, given, jupyter=True, joined=joined)
        service = self.service_of.get(path, "")
        if any(d.what == JUPYTER_OWN and d.service == service for d in self.declared):
            return  # said once, at the first extension's handlers
        where = Where(path, call.span.line, call.span.column)
        self._tornado_unread(path, where, "", [(ANY, "")], JUPYTER_OWN)

    def _in_app_subclass(self, path: str, call: Call) -> bool:
        """Whether a call is in the `__init__` of a class derived from `Application`."""
        cls, _, method = call.scope.rpartition(".")
        file = self.values.symbols.get(path)
        definition = (
            file.definitions.get(cls) if file is not None and method == "__init__" else None
        )
        if file is None or definition is None or definition.kind != "class":
            return False
        refs = [self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
                for base in definition.bases]  # fmt: skip
        return any(ref.kind == "external" and ref.name == _APP for ref in refs)

    def _tornado_app(self, path: str, call: Call, args: tuple[Arg, ...]) -> None:
        """`Application(handlers=None, default_host=None, transforms=None, **settings)`."""
        positional = [a for a in args if a.keyword is None]
        given = positional[0] if positional else self._keyword_arg(call, "handlers")
        if given is not None and given.kind == "other" and given.value == "**":
            given = self._updated_rules(path, call, args)  # `Application(**settings)`
        self._tornado_rules(path, call, given)
        self._tornado_settings(path, call, args)

    def _updated_rules(self, path: str, call: Call, args: tuple[Arg, ...]) -> Arg | None:
        """The rules a dict spread into the application's arguments was given before, in the
        same function: `kwargs.update(handlers=handlers)` then `super().__init__(**kwargs)`
        (flower's). None when none was: no rules."""
        for arg in args:
            name = arg.pieces[0].value if arg.value == "**" and arg.pieces else ""
            updates = [
                c for c in self.values.calls_to(path, f"{name}.update")
                if c.scope == call.scope and c.span.line < call.span.line
            ] if name else []  # fmt: skip
            for update in reversed(updates):
                given = self._keyword_arg(update, "handlers")
                if given is not None:
                    return given
        return None

    def _tornado_rules(
        self,
        path: str,
        call: Call,
        given: Arg | None,
        jupyter: bool = False,
        joined: bool = False,
    ) -> None:
        if given is None:
            return
        for rule in self._rule_items(path, call, given, 0):
            if rule.items is None:
                what = "rules seamcheck cannot read"
                self._tornado_unread(path, rule.where, "", [(ANY, "")], what)
            else:
                self._tornado_rule(path, rule, jupyter, joined)

    def _rule_items(self, path: str, call: Call, given: Arg, depth: int) -> list[_Rule]:
        """Each rule of a list (pattern, handler, ...: a tuple's items or a `url(...)`'s
        arguments), where its names are looked up and where it is written; None for what
        seamcheck cannot read (a list built at run time, changed after it is written, an
        item that is no tuple nor `url(...)`)."""
        where = Where(path, call.span.line, call.span.column)
        if depth > MAX_MOUNT_DEPTH:
            return [_Rule(None, (path, call.scope), where)]
        if given.kind == "each":
            return self._each_rules(path, call, given, where, depth)
        if given.kind == "list":
            specs = [c for c in self._outermost_within(path, call)
                     if self._qualname(path, c) in _URL_SPECS]  # fmt: skip
            return self._listed_rules(path, call.scope, given.items, specs, where, depth)
        if given.kind == "name":
            looped = self._looped_rules(path, call, given.value, depth)
            if looped is not None:
                return looped
        located, attribute = None, False
        if given.kind == "name":
            located = self.values.locate(path, call.scope, given.value)
            if located is None:
                located = self._instance_rules(path, call.scope, given.value)
                attribute = located is not None
        assembled = (
            self._assembled_rules(path, call, located, depth, attribute)
            if located is not None
            else None
        )
        if assembled is not None:
            return assembled
        rewritten = self._list_rewrites(located) if located is not None else None
        if rewritten is None:
            return [_Rule(None, (path, call.scope), where)]
        located, rewrites = rewritten
        if any(self._under_known_prefix(rewrite) for rewrite in rewrites):
            return [_Rule(None, (path, call.scope), where)]  # served under it, not as written
        for rewrite in rewrites:
            # Rewritten in place, as an app does to serve under a base URL set at run time
            # (flower's and nbdime's `url_prefix`): the rules as written are read at their
            # pattern after that base, as a Jupyter extension's are after the server's; the
            # rewritten ones may serve any path, a near miss of one read is still a typo.
            name = rewrite.binding.target
            what = f"the rules as rewritten at run time (`{name} = [... for ...]`)"
            at = Where(rewrite.path, rewrite.binding.line, 0)
            self._tornado_unread(path, at, "", [(ANY, "")], what)
        return self._bound_rules(located, depth)

    def _bound_rules(self, located: Located, depth: int) -> list[_Rule]:
        """The rules of a list literal bound to a name: its tuples, and its `url(...)` calls
        found by their spans."""
        binding = located.binding
        within = call_at("", binding.scope, _lines(binding.line, binding.end_line or binding.line))
        facts = self.resolution.facts.get(located.path)
        inside = [c for c in (facts.calls if facts is not None else ())
                  if c.scope == binding.scope and call_within(c, within)]  # fmt: skip
        outermost = [c for c in inside if not any(call_within(c, o) for o in inside if o is not c)]
        specs = [c for c in outermost if self._qualname(located.path, c) in _URL_SPECS]
        at = Where(located.path, binding.line, 0)
        return self._listed_rules(located.path, binding.scope, binding.items, specs, at, depth)

    def _instance_rules(self, path: str, scope: str, dotted: str) -> Located | None:
        """The one assignment of the instance's `self.handlers`, read in a method of its
        class, that the class's methods make (JupyterHub's `init_handlers` sets what
        `init_tornado_application` hands to `web.Application`); beside it, the class body
        may declare it a traitlets `List()`, empty until set. None otherwise, and where a
        first-party class derived from it may set it too."""
        member = dotted.removeprefix("self.")
        file = self.values.symbols.get(path)
        cls = file.class_of(scope) if file is not None and dotted.startswith("self.") else None
        if file is None or cls is None or "." in member:
            return None
        writes = file.member_writes.get(f"{cls}.{member}", [])
        in_methods = [w for w in writes if w.scope != cls]
        declared = [Located(path, w) for w in writes if w.scope == cls]
        if len(in_methods) != 1 or not all(self._empty_trait(d) for d in declared):
            return None
        if self.values.hierarchy().subclasses(path, cls) != []:
            return None
        return Located(path, in_methods[0])

    def _empty_trait(self, located: Located) -> bool:
        """Whether a class attribute is a traitlets container declared with no default
        (`handlers = List()`)."""
        made = self.values.creator(located)
        qualname = self._qualname(located.path, made) if made is not None else ""
        return qualname in _EMPTY_TRAITS and made is not None and not made.args

    def _prefixed_rules(self, located: Located, depth: int) -> list[_Rule] | None:
        """The rules a call of a helper rewriting them in place under a prefix returns
        (`self.add_url_prefix(self.hub_prefix, h)`, `PREFIXED`): those of the list it is
        given, each under the prefix as read where the call is written. None for any other
        call; rules seamcheck cannot read for a prefix it cannot."""
        made = self.values.creator(located)
        called = self.values.called_function(located.path, made) if made is not None else None
        if made is None or called is None:
            return None
        at, file, definition = called
        rewrite = file.bindings.get((definition.qualname, PREFIXED))
        returned = file.bindings.get((definition.qualname, RETURNED))
        if rewrite is None or returned is None or returned.kind != "name":
            return None
        if returned.value != rewrite.value or file.rebindings.get((definition.qualname, RETURNED)):
            return None
        python = at.endswith(".py")
        rules = argument(made, definition, rewrite.value, python)
        prefix = argument(made, definition, rewrite.items[0].value, python)
        where = Where(located.path, made.span.line, made.span.column)
        if not isinstance(rules, Arg) or not isinstance(prefix, Arg):
            return [_Rule(None, (located.path, made.scope), where)]
        template = self.values.of_arg(located.path, made.scope, prefix)
        if template is None:
            return [_Rule(None, (located.path, made.scope), where)]
        return [
            replace(rule, prefix=_path_join(template, rule.prefix) if rule.prefix else template)
            for rule in self._rule_items(located.path, made, rules, depth + 1)
        ]

    def _looped_rules(self, path: str, call: Call, dotted: str, depth: int) -> list[_Rule] | None:
        """The rules of `mod.default_handlers` in a loop over modules written in place
        (`for mod in (auth, users): default_handlers.extend(mod.default_handlers)`, as
        JupyterHub gathers its handlers): each module's in turn. None when the name is no
        such loop's variable."""
        variable, _, rest = dotted.partition(".")
        located = self.values.locate(path, call.scope, variable) if rest else None
        if located is None or located.binding.kind != "item" or not located.binding.items:
            return None
        if self.values.assigned_again(located):
            return [_Rule(None, (path, call.scope), Where(path, call.span.line, call.span.column))]
        found: list[_Rule] = []
        for item in located.binding.items:
            each = leaf_arg("name", f"{item.value}.{rest}")
            found.extend(self._rule_items(path, call, each, depth + 1))
        return found

    def _assembled_rules(
        self, path: str, call: Call, located: Located, depth: int, attribute: bool = False
    ) -> list[_Rule] | None:
        """The rules of a list its own scope builds up: written as a literal (`h = []`
        too), then `h.extend(rules)` and `h.append(rule)`, as JupyterHub, JupyterLab and
        Voila assemble theirs; what each adds is read as a list given in place or by name
        is (a call's result, such as `h.extend(self.authenticator.get_handlers(self))`, is
        rules seamcheck cannot read, the others still read). Where the list is used in its
        own scope only the changes before the use count. None for a list with no such
        change (read as written, `_list_rewrites`), or one changed otherwise or elsewhere.
        The module making the application may import the list and add to it too: where it
        imports it, or in the scope making the application before it does; added to by
        another of its functions, or changed otherwise, the list is not read."""
        binding = located.binding
        if binding.kind not in ("list", "call"):
            return None
        if not attribute and self.values.assigned_again(located):
            return None  # an instance's attribute is assigned once (`_instance_rules`)
        found = (
            self._bound_rules(located, depth)
            if binding.kind == "list"
            else self._prefixed_rules(located, depth)
        )
        if found is None:
            return None
        changes: list[tuple[str, Call]] = []
        for method in ARRAY_CHANGES:
            for change in self.values.calls_to(located.path, f"{binding.target}.{method}"):
                if change.scope == binding.scope:
                    changes.append((located.path, change))
                elif self._holds(located, located.path, change.scope):
                    return None  # changed by a function, at a time not known
            if path == located.path:
                continue
            # The module making the application imports the list, and may add to it: where
            # it is imported (when it is imported), or where the application is made.
            for change in self.values.calls_to(path, f"{binding.target}.{method}"):
                if not self._holds(located, path, change.scope):
                    continue  # a list of its own of that name
                if change.scope not in (MODULE_SCOPE, call.scope):
                    return [_Rule(None, (path, call.scope), _where(path, call))]
                changes.append((path, change))
        if binding.kind == "list" and not changes:
            # Read as written (`_list_rewrites`), which takes a change of any list of that
            # name in the file for one: another function's own `handlers.append(...)`.
            return found if binding.items and self._changed_elsewhere(located) else None
        if any(c.callee.rpartition(".")[2] not in _ASSEMBLING for _, c in changes):
            # `h.insert(0, rule)`: not read (`_list_rewrites` sees the defining file's).
            imported = any(at != located.path for at, _ in changes)
            return [_Rule(None, (path, call.scope), _where(path, call))] if imported else None
        # Those the scope making the application writes after it are not its rules.
        changes = [
            (at, c) for at, c in changes
            if at != path or c.scope != call.scope or c.span.line < call.span.line
        ]  # fmt: skip
        for at, change in sorted(changes, key=lambda c: (c[0] != located.path, c[1].span.line)):
            added = _extension_rules(change)
            if added is None:
                where = Where(at, change.span.line, change.span.column)
                found.append(_Rule(None, (at, change.scope), where))
            else:
                found.extend(self._rule_items(at, change, added, depth + 1))
        return found

    def _changed_elsewhere(self, located: Located) -> bool:
        """Whether the file writing the list changes a list of its name other than it."""
        target = located.binding.target
        return any(self.values.calls_to(located.path, f"{target}.{m}") for m in ARRAY_CHANGES)

    def _holds(self, located: Located, path: str, scope: str) -> bool:
        """Whether the name `located` binds holds that list in a scope of `path` (one binding
        no list of that name of its own)."""
        return self.values.locate(path, scope, located.binding.target) == located

    def _under_known_prefix(self, rewrite: Located) -> bool:
        """Whether a comprehension rewriting rules in place puts a prefix known here before
        each pattern (`(API + path, cls)`, `API = "/v1"`): no rule is then served as written.
        A prefix known only at run time (`base_url.rstrip("/")`, mostly "/" or set by whoever
        serves the app) or none (`(path, cls, settings)`) is not."""
        each = rewrite.binding
        if len(each.items) != 2 or not each.items[1].items:
            return False
        targets = {target.value for target in each.items[0].items}
        pattern = each.items[1].items[0]
        if pattern.kind != "expr":
            return False
        before: list[Piece] = []
        for piece in pattern.pieces:
            if piece.kind == "name" and piece.value in targets:
                break
            before.append(piece)
        else:
            return False  # made of no rule's pattern
        start = self.values.of_pieces(rewrite.path, each.scope, tuple(before), 0)
        return bool(start) and not start[0].param and bool(start[0].text.strip("/"))

    def _each_rules(
        self, path: str, call: Call, each: Arg, where: Where, depth: int
    ) -> list[_Rule]:
        """`[(url_path_join(base_url, pat), handler) for pat, handler in default_handlers]`:
        the tuple the comprehension makes of each rule of the list, read where it is
        written. A rule of another file (its names would be looked up here), or one with
        more or fewer items than the targets, is not read."""
        targets, made = each.items[0].items, each.items[1]
        rules = self._rule_items(path, call, leaf_arg("name", each.value), depth + 1)
        found: list[_Rule] = []
        for rule in rules:
            items, at = rule.items, rule.where
            if items is None or rule.written[0] != path or len(items) != len(targets):
                found.append(_Rule(None, (path, call.scope), where))
                continue
            bound = {target.value: item for target, item in zip(targets, items, strict=True)}
            found.append(_Rule(tuple(_bound(i, bound) for i in made.items), (path, call.scope), at))
        return found

    def _listed_rules(
        self,
        path: str,
        scope: str,
        items: tuple[Arg, ...],
        specs: list[Call],
        where: Where,
        depth: int,
    ) -> list[_Rule]:
        """The rules of a list's items: tuples read as they are, `url(...)` calls by their
        arguments (each item that is no tuple taken for one of them, in order), `*name` the
        rules that list holds."""
        found: list[_Rule] = []
        tuples = {id(i): self._named_rule(path, scope, i) for i in items if i.kind == "name"}
        others = [i for i in items if i.kind not in ("list", "spread") and not tuples.get(id(i))]
        if len(others) != len(specs) or any(i.kind == "more" for i in items):
            found.append(_Rule(None, (path, scope), where))  # items not read may be rules
        for spec in specs:
            spec_where = Where(path, spec.span.line, spec.span.column)
            found.append(_Rule(_spec_args(spec), (path, spec.scope), spec_where))
        for item in items:
            rule = tuples.get(id(item))
            if rule is not None:
                found.append(_Rule(rule.binding.items, (rule.path, rule.binding.scope), where))
            elif item.kind == "list":
                found.append(_Rule(item.items, (path, scope), where))
            elif item.kind == "spread":
                call = call_at("", scope, _lines(where.line, where.line))
                named = Arg("name", item.value)
                found.extend(self._rule_items(path, call, named, depth + 1))
        return found

    def _named_rule(self, path: str, scope: str, item: Arg) -> Located | None:
        """The tuple a name given as one rule holds (`build_handler = (build_path,
        BuildHandler)`, then `handlers.append(build_handler)`), unless assigned again."""
        located = self.values.locate(path, scope, item.value)
        if located is None or located.binding.kind != "list" or len(located.binding.items) < 2:
            return None
        return None if self.values.assigned_again(located) else located

    def _tornado_rule(
        self, path: str, rule: _Rule, jupyter: bool = False, joined: bool = False
    ) -> None:
        """A rule's handler's verbs at its pattern; a pattern seamcheck cannot read as an
        exact path makes the calls under its literal start unsure. `joined`: the pattern is
        joined to the server's base URL with a slash between (an `ExtensionApp`'s, `hello`
        being `/hello`)."""
        items, written, where = rule.items or (), rule.written, rule.where
        if len(items) < 2:
            return
        pattern_arg, handler_arg = items[0], items[1]
        template = self.values.of_arg(*written, pattern_arg)
        if rule.prefix and template is not None:
            template = _path_join(rule.prefix, template)
        if template and template[0].param and template[0].text == SERVER_BASE:
            # The server's base URL (a Jupyter server's `base_url` setting, JupyterHub's
            # `base_url` trait): the root, as the pages it serves take it.
            template = _after_server_base(template[1:])
        elif joined and template:
            template = _after_server_base(template)
        verbs = self._handler_verbs(*written, handler_arg)
        if template is None or any(part.param for part in template):
            what = "a rule whose pattern is known only at run time"
            self._tornado_unread(path, where, "", verbs, what)
            return
        pattern = display(template)
        exact = tornado_paths(pattern)
        if exact is None:
            head = tornado_head(pattern)
            self._tornado_unread(path, where, head, verbs, f"the pattern '{pattern}'", True)
            return
        service = self.service_of.get(path, "")
        self.declared.extend(
            Declared(f"tornado:{path}", service, verb, each, "tornado", where, handler)
            for each in exact
            for verb, handler in verbs
        )

    def _handler_verbs(self, path: str, scope: str, given: Arg) -> _Verbs:
        """The verbs a rule's handler class serves; any verb for a handler seamcheck cannot
        read (a library's class not in TORNADO_HANDLER_VERBS, an import string, a nested
        application)."""
        ref = self._ref(path, scope, given.value) if given.kind == "name" else None
        if ref is not None and ref.kind == "external" and ref.name in TORNADO_HANDLER_VERBS:
            return [(verb, "") for verb in TORNADO_HANDLER_VERBS[ref.name]]
        if ref is None or ref.kind != "def":
            return [(ANY, "")]
        return self._class_verbs(ref.path, ref.name, 0) or [(ANY, "")]

    def _class_verbs(self, path: str, cls: str, depth: int) -> _Verbs | None:
        """The (verb, handler) of each method of a handler class named after a verb (`post =
        get` too), and of those it inherits: from first-party classes, from Tornado's and its
        ecosystem's handlers (TORNADO_HANDLER_VERBS); any verb from a class seamcheck cannot
        read. None for no class; [] for a
        class answering no verb of its own nor through its bases (`class Base(
        JupyterHandler)` with properties only)."""
        found = self._verb_methods(path, cls)
        if found is None:
            return None
        file = self.values.symbols[path]  # `_verb_methods` found the class there
        definition = file.definitions[cls]
        if depth > MAX_MOUNT_DEPTH:
            return [*found, (ANY, "")]
        for base in definition.bases:
            if base == "object":
                continue
            ref = self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind == "def":
                inherited = self._class_verbs(ref.path, ref.name, depth + 1)
                found.extend([(ANY, "")] if inherited is None else inherited)
            elif ref.kind == "external" and ref.name in TORNADO_HANDLER_VERBS:
                found.extend((verb, "") for verb in TORNADO_HANDLER_VERBS[ref.name])
            elif not (ref.kind == "external" and ref.name.startswith("tornado.auth.")):
                # Another library's class may define any verb; tornado.auth's mixins none.
                found.append((ANY, ""))
        # A class's own method hides its base's: one (verb, handler) each.
        return [v for i, v in enumerate(found) if v[0] not in {w for w, _ in found[:i]}]

    def _tornado_settings(self, path: str, call: Call, args: tuple[Arg, ...]) -> None:
        """What an application's settings serve on their own: the static files of
        `static_path` (GET and HEAD under `static_url_prefix`, and `/favicon.ico`,
        `/robots.txt`), and every path the `default_handler_class` answers. Settings
        seamcheck cannot read (`**options`) may serve either: any path, under any method,
        also beside a `static_path` it reads (they may move its prefix)."""
        settings, known = self._settings(path, call, args)
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        owner = f"tornado:{path}"
        static = settings.get("static_path")
        if static is not None and not (static[2].kind == "other" and static[2].value == "None"):
            prefix_arg = settings.get("static_url_prefix")
            prefix: str | None = _STATIC_DEFAULT
            if prefix_arg is not None:
                prefix = self._template(*prefix_arg)
                prefix = prefix if prefix is not None and "{" not in prefix else None
            if prefix is None:
                self._tornado_unread(path, where, "", [("GET", ""), ("HEAD", "")], "static files")
            else:
                for at in (prefix.rstrip("/") + "/{*}", *_STATIC_FILES):
                    self.declared.extend(
                        Declared(owner, service, m, at, "tornado", where, "", builtin=True)
                        for m in ("GET", "HEAD")
                    )
        if not known:
            # Under any `static_url_prefix`, and a `default_handler_class` answers any path:
            # what they serve is not known, only near misses of the rules read are typos.
            what = "static files or a default handler its settings (not read) may serve"
            self._tornado_unread(path, where, "", [(ANY, "")], what)
        default = settings.get("default_handler_class")
        if default is not None:
            verbs = self._handler_verbs(default[0], default[1], default[2])
            what = f"the default handler {default[2].value or 'of its settings'}"
            self._tornado_unread(path, where, "", verbs, what)

    def _settings(
        self, path: str, call: Call, args: tuple[Arg, ...]
    ) -> tuple[dict[str, tuple[str, str, Arg]], bool]:
        """An application's settings: keyword -> (file, scope, value), from its keyword
        arguments and the dicts spread into them (`**settings`, bound to `dict(...)` or a
        dict literal); and whether they are all known."""
        found: dict[str, tuple[str, str, Arg]] = {}
        known = True
        for arg in args:
            if arg.keyword is not None:
                found[arg.keyword] = (path, call.scope, arg)
            elif arg.kind == "other" and arg.value == "**":
                entries = self._spread_dict(path, call.scope, arg)
                if entries is None:
                    known = False
                    continue
                for entry, written in entries:
                    found.setdefault(entry.keyword or "", (*written, entry))
        return found, known

    def _spread_dict(
        self, path: str, scope: str, arg: Arg
    ) -> list[tuple[Arg, tuple[str, str]]] | None:
        """The entries of the dict a `**name` argument spreads, each with where it is
        written; None when they are not all known."""
        name = arg.pieces[0].value if arg.pieces else ""
        located = self.values.locate(path, scope, name) if name else None
        if located is None or self.values.assigned_again(located):
            return None
        binding = located.binding
        entries: tuple[Arg, ...] = ()
        if binding.kind == "object":
            entries = binding.items
        elif binding.kind == "call" and binding.value == "dict":
            made = self.values.creator(located)
            entries = made.args if made is not None else (Arg("more"),)
        else:
            return None
        if any(e.keyword is None or e.kind == "more" for e in entries):
            return None  # `dict(base, x=1)`, `{**base}`, entries past those read
        written = (located.path, binding.scope)
        return [(entry, written) for entry in entries]

    def _tornado_unread(
        self,
        path: str,
        where: Where,
        head: str,
        verbs: _Verbs,
        what: str,
        partial: bool = False,
    ) -> None:
        service = self.service_of.get(path, "")
        self.declared.extend(
            Declared(f"tornado:{path}", service, verb, head, "tornado", where, handler, what,
                     partial=partial)
            for verb, handler in verbs
        )  # fmt: skip


def _bound(arg: Arg, bound: dict[str, Arg]) -> Arg:
    """An item of the tuple a comprehension makes, with the rule's items for its targets: a
    target itself (`handler`), or in a string built of it (`url_path_join(base_url, pat)`,
    where the slash the join puts before the pattern meets the pattern's own: one kept)."""
    if arg.kind == "name" and arg.value in bound:
        return bound[arg.value]
    if arg.kind != "expr" or not any(p.kind == "name" and p.value in bound for p in arg.pieces):
        return arg
    pieces: list[Piece] = []
    for piece in arg.pieces:
        item = bound.get(piece.value) if piece.kind == "name" else None
        if item is None:
            pieces.append(piece)
            continue
        spliced = list(_as_pieces(item, piece.value))
        meets = pieces and spliced and pieces[-1].kind == spliced[0].kind == "lit"
        if meets and pieces[-1].value.endswith("/"):  # one slash where the two meet
            spliced[0] = Piece("lit", spliced[0].value.lstrip("/"))
        pieces.extend(spliced)
    return Arg("expr", keyword=arg.keyword, pieces=tuple(pieces))


def _as_pieces(item: Arg, target: str) -> tuple[Piece, ...]:
    """The pieces of a rule's item put where a comprehension's target is."""
    if item.kind in ("str", "num"):
        return (Piece("lit", item.value),)
    if item.kind == "expr":
        return item.pieces
    if item.kind == "name":
        return (Piece("name", item.value),)
    return (Piece("unknown", target),)


def _spec_args(spec: Call) -> tuple[Arg, ...]:
    """`url(pattern, handler, kwargs=None, name=None)`'s pattern and handler, by position
    or keyword."""
    positional = [a for a in spec.args if a.keyword is None]
    by_name = {a.keyword: a for a in spec.args if a.keyword is not None}
    pattern = positional[0] if positional else by_name.get("pattern")
    handler = positional[1] if len(positional) > 1 else by_name.get("handler")
    return (pattern, handler) if pattern is not None and handler is not None else ()


def jupyterlab_extensions(project: Project, unread: Iterable[UnreadRoute]) -> frozenset[str]:
    """The services holding a JupyterLab extension (code depending on `@jupyterlab/...`)
    beside the server extension adding its handlers to the Jupyter server: the extension's
    page is served by that server, so its relative URLs (`URLExt.join(settings.baseUrl,
    "myext", "hello")`) are requests to it, as a full-stack app's are to its own server."""
    serving = {u.service for u in unread if u.what == JUPYTER_OWN}
    return frozenset(
        s.name
        for s in project.services
        if s.name in serving and any(d.startswith("@jupyterlab/") for d in s.dependencies)
    )


def _after_server_base(rest: Template) -> Template:
    """A pattern after the server's base URL (`url_path_join(base_url, "myext", "hello")`
    is `/myext/hello` under the default base `/`), from the root."""
    if not rest or rest[0].param:
        return (Part("/"), *rest)
    return (Part("/" + rest[0].text.lstrip("/")), *rest[1:])


def _path_join(prefix: Template, pattern: Template) -> Template:
    """`url_path_join(prefix, pattern)`: one slash where the two meet; an empty pattern is
    the prefix without its trailing slash (`/hub`, as JupyterHub serves its root rule)."""
    head = without_trailing_slashes(prefix)
    if literal(pattern) == "":
        return head
    first = pattern[0]
    if first.param:
        return (*head, Part("/"), *pattern)
    return (*head, Part("/" + first.text.lstrip("/")), *pattern[1:])


def _where(path: str, call: Call) -> Where:
    return Where(path, call.span.line, call.span.column)


def _lines(first: int, last: int) -> Span:
    """The span of whole lines, for the calls written in a list bound to a name."""
    return Span(first, 0, last, 1 << 30)


def _extension_rules(call: Call) -> Arg | None:
    """The rules an `ExtensionApp` adds: `extend`'s list, `append`'s one rule."""
    positional = [a for a in call.args if a.keyword is None]
    if len(positional) != 1:
        return None
    given = positional[0]
    return Arg("list", items=(given,)) if call.callee.endswith(".append") else given
