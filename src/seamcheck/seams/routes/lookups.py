"""Looking up what the arguments of route and mount calls hold (`ValueLookups`): the
function, module or library API a name refers to, a keyword's value, the text of a path or
prefix (a router's own prefix set from it, `_set_prefix`), the fixed arrays of paths or
routers a name holds, the calls written inside a call."""

from __future__ import annotations

import itertools
from dataclasses import replace

from seamcheck.facts import MODULE_SCOPE, Arg, Call, call_within
from seamcheck.resolve.names import Ref
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.routes.servers import RUNNABLE_APPS, NamedValue, Server, UnreadMount
from seamcheck.seams.routes.state import RouteState
from seamcheck.seams.values import Located, Template, display

# How many names holding one another (`handlers = default_handlers`) a rewritten list is
# followed through.
_MAX_ALIASES = 4
# Methods that change a JS array or a Python list in place: an array they are called on
# holds other items than it was written with.
ARRAY_CHANGES = ("push", "unshift", "splice", "fill", "copyWithin", "append", "extend", "insert")

# The kinds of argument `_looks_like_path` may take for a path: most calls' first argument is
# none of them (a name, a number), told apart without the call (`RouteCore._read_calls`).
PATH_KINDS = frozenset({"list", "regex", "str", "expr", "object"})

# The file and scope an argument is written in, where its names are looked up.
Written = tuple[str, str]


class ValueLookups(RouteState):
    """Reading the values and names calls are given, for every route reader."""

    def _path_items(self, path: str, scope: str, first: Arg) -> list[tuple[Arg, Written]]:
        """The paths a route declaration's first argument gives, each with the file and
        scope it is written in: Express also takes an array of paths (`app.get(['/ping',
        '/healthz'], h)`), written in place or bound to a name (`const PATHS = [...]`, also
        imported). An array holding anything but strings and regular expressions is one
        path known only at run time."""
        if first.kind == "list":
            return [(item, (path, scope)) for item in first.items]
        located = self.values.locate(path, scope, first.value) if first.kind == "name" else None
        if located is not None and located.binding.kind == "item":  # for (const p of PATHS)
            located = self._item_array(located)
        if (
            located is None
            or not self._fixed_list(located)
            or any(i.kind not in ("str", "expr", "regex") for i in located.binding.items)
        ):
            return [(first, (path, scope))]
        written = (located.path, located.binding.scope)
        return [(item, written) for item in located.binding.items]

    def _listed_methods(self, path: str, scope: str, listed: Arg) -> list[str]:
        """The methods a `methods=` argument lists, written in place (`["GET", "POST"]`) or
        held by a name of a fixed list or tuple of strings (`ALLOWED = ("GET", "POST")`,
        also annotated `Final` or imported); any method where they are not all read (a
        set, `frozenset(...)`, a name assigned again): never the framework's default, which
        the route may not serve."""
        items = listed.items if listed.kind == "list" else ()
        if listed.kind == "name":
            located = self.values.locate(path, scope, listed.value)
            if located is not None and self._fixed_list(located):
                items = located.binding.items
        verbs = [i.value.upper() for i in items if i.kind == "str"]
        return verbs if verbs and len(verbs) == len(items) else [ANY]

    def _item_array(self, located: Located) -> Located | None:
        """The fixed array (`_fixed_list`) a `for (const x of name)` loop's variable goes
        through, unless something else assigns the variable; in JS, also one written in
        place (`for (const p of ['/v1', '/v2'])`, `[v1, v2].forEach((r) => ...)`), which
        nothing can change: read as a list the loop's variable holds."""
        binding = located.binding
        if self.values.assigned_again(located):
            return None
        if binding.items and not located.path.endswith(".py"):
            return Located(located.path, replace(binding, kind="list", value=""))
        return self._fixed_array(located.path, binding.scope, binding.value)

    def _fixed_array(self, path: str, scope: str, dotted: str) -> Located | None:
        """The fixed array literal (`_fixed_list`) a name holds, in this file or imported
        (`export default [...]`, `const routers = require('./routes')` of a module whose
        `module.exports = [...]`)."""
        located = self.values.locate(path, scope, dotted) if dotted else None
        if located is None and dotted:
            ref = self._ref(path, scope, dotted)
            file = self.values.symbols.get(ref.path) if ref and ref.kind == "jsmodule" else None
            bound = file.bindings.get((MODULE_SCOPE, "module.exports")) if file else None
            located = Located(file.facts.path, bound) if file and bound else None
        return located if located is not None and self._fixed_list(located) else None

    def _fixed_list(self, located: Located) -> bool:
        """Whether a name holds an array literal with items, and only those: not assigned
        again, nor changed in place (`PATHS.push('/x')`) in the file that writes it."""
        rewritten = self._list_rewrites(located)
        return rewritten is not None and rewritten == (located, [])

    def _list_rewrites(
        self, located: Located, depth: int = 0
    ) -> tuple[Located, list[Located]] | None:
        """The list literal a name holds, with the comprehensions rewriting each item of it
        in place (`handlers = [rewrite(h) for h in handlers]`), when those are all its
        changes: none for a list never changed. Through a name holding another first
        (`handlers = default_handlers`, then rewritten). None for no list with items, or one
        assigned otherwise or changed in place (`PATHS.push('/x')`) in the file that writes
        it."""
        binding = located.binding
        again = [Located(located.path, b) for b in self.values.assigned_again(located)]
        imported = self.values.imported_before(located)
        if imported is not None:  # `from app.urls import handlers`, then rewritten here
            again.insert(0, located)
        if any(b.binding.kind != "each" or b.binding.value != binding.target for b in again):
            return None
        if isinstance(imported, str):
            return None
        if imported is not None and depth < _MAX_ALIASES:
            inner = self._list_rewrites(imported, depth + 1)
            return (inner[0], [*inner[1], *again]) if inner is not None else None
        if binding.kind == "name" and again and depth < _MAX_ALIASES:
            held = self.values.locate(located.path, binding.scope, binding.value)
            inner = self._list_rewrites(held, depth + 1) if held is not None else None
            return (inner[0], [*inner[1], *again]) if inner is not None else None
        if binding.kind != "list" or not binding.items:
            return None
        if any(
            self.values.calls_to(located.path, f"{binding.target}.{method}")
            for method in ARRAY_CHANGES
        ):
            return None
        return located, again

    def _looks_like_path(self, arg: Arg) -> bool:
        """Whether an argument reads as a route's path: only one of `PATH_KINDS` may."""
        if arg.kind == "list":
            return bool(arg.items) and self._looks_like_path(arg.items[0])
        if arg.kind == "regex":
            return True
        if arg.kind == "str":
            return arg.value.startswith("/") or arg.value == ""
        if arg.kind == "expr":
            return bool(arg.pieces) and arg.pieces[0].value.startswith("/")
        if arg.kind == "object":  # restify's `server.get({ path: '/x', version: '1.0.0' }, h)`
            given = next((i for i in arg.items if i.keyword in ("path", "url")), None)
            return given is not None and self._looks_like_path(given)
        return False

    def _holder_of(self, path: str, call: Call) -> Located | None:
        """The module or function name a call's result is bound to, if any."""
        file = self.values.symbols.get(path)
        if file is None:
            return None
        for binding in file.bindings.values():
            if binding.kind == "call" and binding.line == call.span.line:
                located = Located(path, binding)
                if self.values.creator(located) is call:
                    return located
        return None

    def _keyword(self, path: str, scope: str, call: Call, keyword: str) -> str:
        arg = self._keyword_arg(call, keyword)
        return (self._template(path, scope, arg) or "") if arg is not None else ""

    @staticmethod
    def _keyword_arg(call: Call, keyword: str) -> Arg | None:
        for arg in call.args:
            if arg.keyword == keyword:
                return arg
            if arg.kind == "object":
                for item in arg.items:
                    if item.keyword == keyword:
                        return item
        return None

    def _set_prefix(self, server: Server, path: str, scope: str, arg: Arg, call: Call) -> None:
        """A router's own prefix, given as `arg` in `call`. One known only at run time
        (`prefix: process.env.API_PREFIX`) may be several segments or none, not the one a
        parameter matches: its routes are unsure under the prefix's literal start."""
        template = self.values.of_arg(path, scope, arg)
        if template is None:
            server.prefix = ""
            return
        if not any(part.param for part in template):
            server.prefix = display(template)
            return
        server.prefix, server.unread_prefix = runtime_prefix(
            template, path, call, "a router whose prefix is known only at run time"
        )

    def _template(self, path: str, scope: str, arg: Arg) -> str | None:
        template = self.values.of_arg(path, scope, arg)
        return display(template) if template is not None else None

    def _known_text(self, path: str, scope: str, arg: Arg) -> str | None:
        """An argument's text when seamcheck knows all of it before run time; None when
        any part of it is not known (a prefix from settings may be any segments, or none)."""
        template = self.values.of_arg(path, scope, arg)
        if template is None or any(part.param for part in template):
            return None
        return display(template)

    def _written_items(
        self, path: str, scope: str, arg: Arg, kind: str
    ) -> tuple[str, str, tuple[Arg, ...]] | None:
        """The items of the `kind` literal ("object", "list") an argument is or a name holds,
        with the file and scope they are written in; None for anything else."""
        if arg.kind == kind:
            return path, scope, arg.items
        located = self.values.locate(path, scope, arg.value) if arg.kind == "name" else None
        if located is None or located.binding.kind != kind:
            return None
        return located.path, located.binding.scope, located.binding.items

    def _function_node(self, path: str, scope: str, dotted: str) -> str:
        ref = self._ref(path, scope, dotted)
        return f"{ref.path}::{ref.name}" if ref is not None and ref.kind == "def" else ""

    def _ref(self, path: str, scope: str, dotted: str) -> Ref | None:
        names = self.values.names
        file = names.symbols.get(path)
        return names.resolve_dotted(file, scope, dotted, 0) if file is not None else None

    def _library(self, path: str, scope: str, dotted: str) -> str:
        """The library API a name holds (`const proxy = require('@fastify/http-proxy')`,
        `import AutoLoad from '@fastify/autoload'`); "" for anything else."""
        located = self.values.locate(path, scope, dotted)
        if located is not None:
            creator = self.values.creator(located)
            if located.binding.kind != "call" or creator is None or creator.callee != "require":
                return ""
            first = creator.args[0] if creator.args else None
            return first.value if first is not None and first.kind == "str" else ""
        ref = self._ref(path, scope, dotted)
        return ref.name if ref is not None and ref.kind == "external" else ""

    def _outermost_within(self, path: str, call: Call) -> list[Call]:
        """The calls written in `call`'s arguments that no other of them holds."""
        facts = self.resolution.facts.get(path)
        inside = [c for c in facts.calls if call_within(c, call)] if facts is not None else []
        return [c for c in inside if not any(call_within(c, other) for other in inside)]

    def _runnable(self, key: NamedValue) -> bool:
        """Whether a name holds an app a server may run (`sub = Starlette(routes=...)`)."""
        path, scope, name = key
        located = self.values.locate(path, scope, name)
        if located is None:
            return False
        creator = self.values.creator(located)
        return creator is not None and self._qualname(located.path, creator) in RUNNABLE_APPS


def runtime_prefix(template: Template, path: str, call: Call, what: str) -> tuple[str, UnreadMount]:
    """A prefix known only at run time (`prefix=os.environ["API_PREFIX"]`) may be several
    segments or none, not the one a parameter matches: its literal start, to the last
    slash, and an unread mount at `call` for what is served under it."""
    start = "".join(p.text for p in itertools.takewhile(lambda p: not p.param, template))
    return start.rpartition("/")[0], UnreadMount(
        Where(path, call.span.line, call.span.column), what
    )
