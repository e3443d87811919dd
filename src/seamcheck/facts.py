"""Plain, serializable records of what one file says: the output of the extract stage.

A `FileFacts` is a pure function of (file bytes, language, extractor version), so it can be
cached by content hash and computed in worker processes. Nothing here knows about other files.
Lines are 1-based; columns are 1-based and count characters (UTF-8 decoded) like editors do.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from seamcheck.extract import EXTRACTOR_VERSION
from seamcheck.records import dataclass
from seamcheck.serialize import share_leaves

MODULE_SCOPE = "<module>"
# The target of a Python binding that says what a function returns (see `Binding`).
RETURNED = "<return>"
# The target of a Python binding that says what a generator's only `yield` gives (see
# `Binding`): what a FastAPI dependency or a lifespan (`yield {"client": client}`) hands on.
YIELDED = "<yield>"
# Before a name, the target of a Python binding in a function that declares the name
# `global` and assigns it (`<global>_client`, see `Binding`): the value as read there.
GLOBAL_WRITE = "<global>"
# Before a name, the target of a Python `subscript` binding (see `Binding`): the name is
# assigned an entry taken out of a dict.
ENTRY_OF = "<entry>"
# Before a dotted name, the target of a Python binding that stores a value in an entry of
# the dict the name holds (`<stored>self.caches` of `self.caches[name] = Memory()`, see
# `Binding`): what else the dict may hold than its literal says.
STORED_IN = "<stored>"
# The target of a Python binding in a function rewriting a list it is given in place,
# joining a prefix before the first item of each of its tuples (JupyterHub's
# `add_url_prefix(prefix, handlers)`: `for i, tup in enumerate(handlers): ... lis[0] =
# url_path_join(prefix, tup[0]) ... handlers[i] = tuple(lis)`): `value` the list's name,
# the prefix's the one `name` of its `items`.
PREFIXED = "<prefixed>"
# Before a dotted name, the target of a Python binding (a `local`) beside that of an
# attribute assigned at a module's top level in a branch, loop, `with` or `try` rather than
# by a statement of the module's body itself (`<branched>router.prefix` of `if V2:
# router.prefix = "/v2"`): the assignment may not run when the module does.
BRANCHED = "<branched>"
# The value of a `local` binding whose name is assigned None (`_client = None`, the slot a
# lazy getter fills on first use).
ASSIGNED_NONE = "None"


def mapping_annotation(value_class: str) -> str:
    """How a binding's `annotation` says a mapping of `value_class` values
    (`dict[str, Database]`, `Mapping[str, Database]`): `dict[Database]`."""
    return f"dict[{value_class}]"


def mapped_class(annotation: str) -> str | None:
    """The class of a mapping's values a `mapping_annotation` names; None for any other."""
    if annotation.startswith("dict[") and annotation.endswith("]"):
        return annotation[5:-1]
    return None


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


def enclosing_scope(qualname: str) -> str:
    """The scope the definition `qualname` is written in: its parent's qualname, or the
    module's (a class body for a method, where Python evaluates its defaults)."""
    return qualname.rpartition(".")[0] or MODULE_SCOPE


def loops_over_parameter(binding: Binding, definition: Definition | None) -> bool:
    """Whether a Python loop's `item` binding goes over a parameter of its function (`def
    add_routes(routers): for r in routers:`, `definition` the binding's scope): bound for
    the route readers, which read what the function's calls give it; to every other reader
    the variable is a value the caller passes in, as it was before such loops were bound."""
    if binding.kind != "item" or not binding.value or definition is None:
        return False
    return binding.value in definition.params or f"{binding.value}=" in definition.params


def is_own_parameter(binding: Binding, definition: Definition | None) -> bool:
    """Whether a JS `item` binding is its function's own parameter: the one a function given
    to an array's `forEach` takes (`[v1, v2].forEach((r) => r.post(...))`, `definition` the
    binding's scope), bound for the route readers as a loop's variable; to every other
    reader a parameter, as it was before it was bound."""
    return binding.kind == "item" and definition is not None and binding.target in definition.params


def span_within(inner: Span, outer: Span) -> bool:
    starts_after = (inner.line, inner.column) >= (outer.line, outer.column)
    return starts_after and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


@dataclass(frozen=True, slots=True)
class ImportedName:
    """One name an import binds: `name` in the target, bound locally as `alias`.

    Python `import a.b as c` has no names (the module itself binds); JS uses `*` for a
    namespace binding (`import * as fs`, `const fs = require('fs')`) and `default` for a
    default import.
    """

    name: str
    alias: str


@dataclass(frozen=True, slots=True)
class Import:
    """An import as written: `module` is the specifier (Python: dotted, leading dots for
    relative imports; JS: the string). `kind` is one of IMPORT_KINDS."""

    module: str
    kind: str
    span: Span
    names: tuple[ImportedName, ...] = ()
    alias: str | None = None
    scope: str = MODULE_SCOPE


IMPORT_KINDS = (
    "static",  # a plain top-level import statement
    "lazy",  # Python import statement inside a function
    "type_checking",  # Python import under `if TYPE_CHECKING:`
    "type_only",  # TS `import type`, `export type ... from`, names used only as types, .d.ts
    # TS names used only as types (or all marked `type` inline): facts only; the resolver
    # makes it `type_only`, or `static` where tsconfig's verbatimModuleSyntax keeps it
    "type_use",
    "require",  # CommonJS require() (also TS `import x = require()`)
    "dynamic",  # JS import() with a literal specifier
    "importlib",  # importlib.import_module / __import__ with a literal
    "reexport",  # JS `export ... from`
)


PROPERTY_DECORATORS = frozenset(
    {"property", "cached_property", "functools.cached_property", "abc.abstractproperty"}
)


def destructured_name(position: int) -> str:
    """The name `Definition.params` gives the object pattern at `position`: no identifier
    spells it, so it cannot be taken for a name the code binds."""
    return f"{{{position}}}"


def shown_parameter(name: str) -> str:
    """A parameter (or an entry of one) as a message shows it: an entry of a destructured
    parameter by its key (`baseUrl` for `{0}.baseUrl`), as the code spells it; the pattern
    itself as `{ ... }`."""
    if not name.startswith("{"):
        return name
    return name.partition(".")[2] or "{ ... }"


@dataclass(frozen=True, slots=True)
class Definition:
    """A function, method, class or function value. `qualname` is unique within the file:
    nested names are joined with dots; anonymous functions are named by position.

    `params` are a function's parameters in order, as the caller fills them: `name`, `name=`
    (may be left out: a default, TypeScript `name?`), `*` (a Python bare `*`, `*args` or a JS
    rest parameter: no positional parameter after it), `**` (`**kwargs`), `/` (Python: those
    before it are positional only), and "" for one seamcheck cannot name (a destructuring
    pattern) or that its own body assigns again (what it holds is then not what the caller
    gave). A Python method's `self`/`cls` is listed; a TypeScript `this:` parameter is not.
    A JS object pattern (`constructor({ baseUrl })`) is named by its position, `{0}`
    (`destructured_name`); the names it binds are `name` bindings of its entries in the
    function (`baseUrl` = `{0}.baseUrl`).
    `defaults` are the default values of named parameters, as arguments keyed by the
    parameter's name (`base = process.env.ML_URL`), or by the entry a destructured name
    reads (`{0}.baseUrl` for `{ baseUrl = 'http://ml:8000' }`). `suspends` is, for an async
    function, where it may first hand the event loop to other work: the end of its first awaited
    expression (`await`, `yield`; what is awaited runs first), an `async with`/`async
    for`/`for await`, or the loop holding one, whose next turn comes after; None when its
    body never does. What runs before that point runs
    on from whoever called the function, with nothing else running between. `falsy_exits`
    names the parameter a Python function's first statement (after its docstring) returns
    on when falsy, `if not path: return False`: called with None there, it does nothing.
    `keywords` is, for a Python function's `**` parameter its body (or a function inside it)
    does not assign again, its name, then the keys of the entries the body sets or deletes
    by subscript, each a string (`kwargs["response_class"] = Response`, `del kwargs["x"]`),
    or may set or take out by a `setdefault` or `pop` call that is no statement of the body
    itself (`if versioned: kwargs.setdefault("prefix", "/v2")`): what it hands on with
    `**kwargs` is what the caller gave but for those entries and what its other method
    calls change (`kwargs.setdefault(...)`, `kwargs.pop(...)`), which are calls. () where
    there is no such parameter, or an entry is set or deleted by another key."""

    qualname: str
    # function | method | class | lambda | namespace (TypeScript `namespace X {...}`: its
    # members are named in it, `X.member`, as a function's locals are)
    kind: str
    is_async: bool
    span: Span
    decorators: tuple[str, ...] = ()
    is_generator: bool = False
    bases: tuple[str, ...] = ()  # classes: the dotted base classes as written
    # classes: how many bases are written otherwise (`Generic[T]`, `dict[str, Any]`), left
    # out of `bases`: what such a base defines is not known.
    unnamed_bases: int = 0
    params: tuple[str, ...] = ()
    defaults: tuple[Arg, ...] = ()
    suspends: Span | None = None
    falsy_exits: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def is_property(self) -> bool:
        """A Python getter: reading the attribute runs it, as a call would."""
        return self.kind == "method" and not PROPERTY_DECORATORS.isdisjoint(self.decorators)


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of a string built at run time (a URL, a prefix, a port).

    kind: lit (`value` is the text) | name (`value` is a dotted name the resolver looks up) |
    env (`value` is an environment variable) | envname (`value` is a dotted name the
    resolver looks up, holding the name of the environment variable read:
    `os.environ.get(PREFIX_VAR, "/api")`, `process.env[PREFIX_VAR]`) | unknown (`value` is
    the expression, shortened) |
    url (`new URL(ref, base)`, Python's `urljoin(base, ref)`: the pieces before are the
    base, those after the ref resolved against it) | strip (`base.rstrip("/")`,
    `base.replace(/\\/+$/, '')`: the `value` pieces before it, those of the string stripped,
    lose their trailing slashes) | tail
    (`value` is the expression: a value that may hold several path segments, such as the
    path a proxy forwards, `req.originalUrl`) | folder (in a vite config only: `value` is the
    folder, relative to the file's, that `path.resolve(__dirname, 'src')` or
    `fileURLToPath(new URL('./src', import.meta.url))` names) | base (a Tornado
    application's `base_url` setting, `web_app.settings["base_url"]`: the prefix a Jupyter
    server serves every path under) | call (in a `call_result` argument only: `value` is
    where the call is written, `LINE:COLUMN`, as its `Call`'s span starts).
    `default` is the literal fallback of `os.getenv('X', 'd')` / `process.env.X || 'd'`.
    """

    kind: str
    value: str = ""
    default: str | None = None


@dataclass(frozen=True, slots=True)
class Arg:
    """A cheaply known call argument: kind is str | num | name | func | regex | expr |
    object | list | other, and inside a JS object spread (`...x`, `value` its dotted name
    or "") | more (entries past those read).
    For `name` the value is the dotted expression; for `func` the qualname of the function
    defined inline; for `str` the literal (template strings without substitutions only); for
    `regex` the pattern. `expr` is a string built at run time (template literal, f-string,
    concatenation, `.format`, `%`, an environment lookup): its `pieces`. `object` (JS object
    literal, Python dict) and `list` hold their entries in `items`, object entries keyed by
    `keyword`. `spread` is a Python `*name` item of a list (`value` the dotted name).
    `each` is a Python list comprehension making a tuple of each item of the list a name
    holds (`[(join(base, pat), h) for pat, h in rules]`): `value` that name, `items` the
    targets (a `list` of `name`s) and the tuple made (a `list`).
    `other` is any other expression; its value is the constant for a JS `true`/`false` and
    Python's `True`, `False` and `None`, `*` for a call's argument spread into positions
    (`...args`, `*args`), `**` for Python's `**kwargs` (for both in Python, the name in a
    `name` piece, where it is one), "" otherwise; a conditional choosing between two
    strings (`c ? '/a' : '/b'`, `URL_A if c else URL_B`) is an `other` whose `items` are its
    two branches, each a `str`, `expr` or `name`. A call's result (`fetch(apiUrl("items"))`)
    is an `other` whose one piece says where the call is written (`call_result`): its
    `Call`, in the same file, has the callee and the arguments. Comments between a call's
    arguments are not arguments."""

    kind: str
    value: str = ""
    keyword: str | None = None
    pieces: tuple[Piece, ...] = ()
    items: tuple[Arg, ...] = ()


# One record per distinct (kind, value, keyword) of arguments without pieces or items: call
# sites repeat the same few thousand (`self`, `"utf-8"`, an opaque expression), and sharing
# them makes a large run's facts a fifth smaller. Bounded, as a long-lived process (tests, an
# editor) may analyse many repositories.
_LEAVES: dict[tuple[str, str, str | None], Arg] = {}
_MAX_LEAVES = 100_000


def leaf_arg(kind: str, value: str = "", keyword: str | None = None) -> Arg:
    """`Arg(kind, value, keyword)`, shared with every equal one (records are immutable)."""
    key = (kind, value, keyword)
    found = _LEAVES.get(key)
    if found is None:
        if len(_LEAVES) >= _MAX_LEAVES:
            _LEAVES.clear()
        found = _LEAVES[key] = Arg(kind, value, keyword)
    return found


share_leaves(Arg, leaf_arg, _LEAVES)


def call_result(span: Span, keyword: str | None) -> Arg:
    """The argument that is the result of the call whose `Call` has `span`."""
    return Arg("other", "", keyword, pieces=(Piece("call", f"{span.line}:{span.column}"),))


def result_of(value: Arg | Binding) -> tuple[int, int] | None:
    """Where the call is written whose result `value` is (`call_result`; an object's entry
    read as a binding keeps its pieces), else None."""
    if value.kind != "other" or len(value.pieces) != 1 or value.pieces[0].kind != "call":
        return None
    line, _, column = value.pieces[0].value.partition(":")
    return int(line), int(column)


# `Call.flags`
AWAITED, CONSTRUCT, GETTER = 1, 2, 4


@dataclass(frozen=True, slots=True)
class CalleeAside:
    """How a call is written where its `callee` reads it as another call."""

    # JS `(options.client ?? client).post(...)`: `callee` is the default's (`client.post`),
    # made on `options.client` instead when that is set.
    unless: str = ""
    # JS `client['/items/{item_id}'].GET(...)`: the string key (`callee` is `client[].GET`).
    key: str = ""
    # Python `(root / name).resolve()`: the callee as written (`callee` is `root.resolve`,
    # the join read as the Path it starts from).
    written: str = ""


def callee_aside(unless: str = "", key: str = "", written: str = "") -> CalleeAside | None:
    return CalleeAside(unless, key, written) if unless or key or written else None


def call_flags(*, awaited: bool = False, construct: bool = False, getter: bool = False) -> int:
    return (AWAITED if awaited else 0) | (CONSTRUCT if construct else 0) | (GETTER if getter else 0)


@dataclass(frozen=True, slots=True)
class Call:
    """A call site. `callee` is the dotted callee as written (`self.client.get`,
    `requests.Session().get`); `scope` is the qualname of the enclosing definition.

    Where it is written is held as the four ints of its `span` (made with `call_at`): a
    large run holds millions of calls, and a `Span` of their own cost each an object (40
    bytes more a call, and a tenth of the time decoding a file's facts takes). `span` makes
    one when asked; code reading every call's position reads `line` and `column`."""

    callee: str
    scope: str
    line: int
    column: int
    end_line: int
    end_column: int
    # AWAITED | CONSTRUCT | GETTER (`call_flags`): one slot for three facts most calls lack,
    # as a large run holds millions of calls (two slots fewer: 30 MB of a 20k-file run).
    flags: int = 0
    args: tuple[Arg, ...] = ()
    decorates: str | None = None  # qualname of the definition this call decorates
    # How a call `callee` reads otherwise is written (`unless`, `key`, `written`); None for
    # nearly every call, which so pays one slot for the three.
    aside: CalleeAside | None = None

    @property
    def span(self) -> Span:
        """Where the call is written, from its first character to past its last."""
        return Span(self.line, self.column, self.end_line, self.end_column)

    @property
    def awaited(self) -> bool:
        return bool(self.flags & AWAITED)

    @property
    def construct(self) -> bool:
        """JS `new Callee(...)`."""
        return bool(self.flags & CONSTRUCT)

    @property
    def getter(self) -> bool:
        """Python: `self.model` read where `model` is a property of the class: the read runs
        the getter as a call would (`callee` is the attribute, without parentheses)."""
        return bool(self.flags & GETTER)

    @property
    def unless(self) -> str:
        return self.aside.unless if self.aside is not None else ""

    @property
    def key(self) -> str:
        return self.aside.key if self.aside is not None else ""

    @property
    def written(self) -> str:
        return self.aside.written if self.aside is not None else ""

    @property
    def shown(self) -> str:
        """The callee as messages name it: as written where `callee` reads it otherwise."""
        return self.written or self.callee


def call_at(
    callee: str,
    scope: str,
    span: Span,
    flags: int = 0,
    args: tuple[Arg, ...] = (),
    decorates: str | None = None,
    aside: CalleeAside | None = None,
) -> Call:
    """The `Call` of `callee` in `scope` written at `span`."""
    return Call(
        callee,
        scope,
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        flags,
        args,
        decorates,
        aside,
    )


def call_within(inner: Call, outer: Call) -> bool:
    """Whether `inner` is written inside `outer`'s parentheses (`Mount('/x', routes=[Route(
    ...)])`, `FooStub(grpc.insecure_channel(addr))`)."""
    if inner is outer or (inner.line, inner.column) < (outer.line, outer.column):
        return False
    return (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


@dataclass(frozen=True, slots=True)
class Binding:
    """A name bound by assignment in `scope`: target = value, where value is a call
    (`kind="call"`, value is the callee), a name, a string literal, a function, a string
    built at run time (`kind="expr"`, its `pieces`), an object/dict literal
    (`kind="object"`, its entries in `items`, as for an `object` Arg) or a list literal, a
    Python tuple too (`kind="list"`, written from `line` to `end_line`: the calls in it,
    such as Starlette's `Route`s, are found by their spans; its items are in `items` as a
    call's are, `*name` / `...name` ones `spread` Args; a Python module's `__all__`, a list
    or tuple, and each `__all__ += [...]`, is a `list` whose `items` are its entries, `str`
    or `other`);
    `url += x` is an `expr` reading `url`; a conditional choosing between two strings
    (`const url = c ? A : B`, `url = A if c else B`) is an `other` whose `items` are its
    branches, as for an `other` Arg. A Python assignment written out item by item on
    both sides (`p1, p2 = Path("a"), Path("b")`) binds each target to its own value. Both
    bind `local` (a value not known here, such as a parameter or loop variable, hiding a
    module name; or any assignment of a name its scope binds otherwise that is not recorded
    as one) and `typed` (a parameter, or a TypeScript value-less field `this.name`,
    annotated with a name the file imports or a class it defines, `value` the annotation:
    `client: httpx.AsyncClient`, `constructor(private store: Store)`); a Python `local`
    whose name is assigned None has the value `ASSIGNED_NONE`; and `RETURNED` in a
    function whose only `return` returns, in Python, a call's result
    (`kind="call"`, `def get_settings(): return Settings()`), a dotted name (`kind="name"`,
    `return request.app.state.client`) or a `/` join (`kind="joined"`, `value` the dotted
    name or call chain on its left: `return FILES_DIRECTORY / self.id`), in JS an array or
    object literal
    (`kind="list"`/`"object"` with `items`; an arrow function's expression body counts as its
    return), a name (`kind="name"`, `return router`) or a call's result (`kind="call"`,
    `return createClient({ baseUrl })`), and in both a string (`str`, `expr`: `return
    f"{BASE}/v1/{path}"`) where that `return` is a statement of the body itself, not of a
    branch, loop or `try` in it; and `YIELDED` in a Python function
    whose only `yield` yields a name, a call or a dict literal (`object`, ending with a `more`
    item when entries not read, `**extras` or a key not written as a string, may set any
    key); `PREFIXED` in a Python function whose loop rewrites a list in place under a
    prefix (see the constant). In JS, `item` for the variable of a `for (const x of name)`
    loop, `value` the array's dotted name, as in Python for that of `for x in name:` where
    the module or the loop's function binds `name` to a tuple or list of names; in Python,
    for that of a loop over a tuple or list of names written in place (`for m in (users,
    items)`), `items` those names. JS `export default [...]`
    binds the word `default`, which no variable may be named. A Python list rebound to a
    comprehension over itself, one `for` and no `if` (`handlers = [rewrite(h) for h in
    handlers]`), binds `each`, `value` the list's dotted name, `items` the comprehension's
    targets and the tuple it makes when it makes one (as an `each` argument's). A Python
    annotated assignment keeps its class in `annotation`
    (`client: httpx.AsyncClient = request.app.state.client`); one whose value is not known
    here is `typed`, with the class as both `value` and `annotation` (a parameter's
    `annotation` is ""); a mapping annotation (`dbs: dict[str, Database] = {}`) is kept as
    `mapping_annotation` says, on an `object` value too. A Python name assigned an entry
    taken out of a dict by a key that is no number (`db = self.databases[name]`) is bound
    as for any value not known here, and besides `ENTRY_OF` and the name is a `subscript`
    binding, `value` the dotted name subscripted; a value stored in an entry of a dict so
    read (`self.caches[name] = Memory()`) is bound to `STORED_IN` and the dict's dotted
    name: a `call`, `name`, `subscript` or `str`, else a `local`; only where the file writes
    out a dict with entries under that name's last part (`self.caches = {"main": ...}`).
    A function
    declaring a name `global`
    binds, besides the module's name (a `local` there where the value reads other names),
    `GLOBAL_WRITE` and the name to what it assigns (a `call` or `name`), read in the
    function's scope (`global _client; _client = boto3.client("s3")`, where `boto3` may be
    imported in the function). A Python name `or` a call (`self.s3 = s3 or
    boto3.client("s3")`) is bound to the call, with the name's pieces (a string read from it
    is the one handed in), unless the call makes a string. An attribute a module assigns at
    its top level other than by a statement of its body itself (in an `if`, a loop, a `with`
    or a `try`) is bound besides to `BRANCHED` and its dotted name, as a `local`."""

    target: str
    # call | new | name | str | func | expr | object | list | local | typed | item | each |
    # subscript | other | joined
    kind: str
    value: str
    scope: str
    line: int
    pieces: tuple[Piece, ...] = ()
    items: tuple[Arg, ...] = ()
    end_line: int = 0  # a list's last line; 0 for the others
    annotation: str = ""


@dataclass(frozen=True, slots=True)
class Export:
    """JS/TS: the file exports local `local` as `name` (`default` for the default export)."""

    name: str
    local: str


@dataclass(frozen=True, slots=True)
class SeamHint:
    """An inline `# seamcheck: calls SERVICE` (or `//`) comment: the outbound call on this
    line or the next one goes to `service`."""

    line: int
    service: str


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Suppression:
    """A `seamcheck: ignore[...]` / `ignore-file[...]` comment as written.

    `target_line` is the line it silences: its own line for a trailing comment, the next code
    line for a comment on a line of its own (0 for a whole-file suppression). `problem` says
    why a malformed comment silences nothing ("" when well formed)."""

    span: Span
    scope: str  # line | file
    codes: tuple[str, ...]
    reason: str
    target_line: int
    problem: str = ""


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str
    language: str  # python | javascript | typescript
    imports: tuple[Import, ...] = ()
    definitions: tuple[Definition, ...] = ()
    calls: tuple[Call, ...] = ()
    bindings: tuple[Binding, ...] = ()
    exports: tuple[Export, ...] = ()
    syntax_errors: tuple[SyntaxProblem, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    seam_hints: tuple[SeamHint, ...] = ()
    # Python attribute reads, not called, on an entry taken out of a dict (`db.size` after
    # `db = self.databases[name]`, `self.dbs.get(name).size`, `self.dbs[name].size`), as
    # `getter` calls: a property's getter runs there if the attribute is one, which only the
    # resolver can tell, knowing every file's classes. Not among `calls`: most are no call.
    reads: tuple[Call, ...] = ()
    extractor_version: int = EXTRACTOR_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileFacts:
        def span(d: dict[str, Any]) -> Span:
            return Span(**d)

        def call(c: dict[str, Any]) -> Call:
            return Call(
                callee=c["callee"],
                scope=c["scope"],
                line=c["line"],
                column=c["column"],
                end_line=c["end_line"],
                end_column=c["end_column"],
                flags=c["flags"],
                args=tuple(_arg(a) for a in c["args"]),
                decorates=c["decorates"],
                aside=callee_aside(**c["aside"]) if c.get("aside") else None,
            )

        return cls(
            path=data["path"],
            language=data["language"],
            imports=tuple(
                Import(
                    module=i["module"],
                    kind=i["kind"],
                    span=span(i["span"]),
                    names=tuple(ImportedName(**n) for n in i["names"]),
                    alias=i["alias"],
                    scope=i["scope"],
                )
                for i in data["imports"]
            ),
            definitions=tuple(
                Definition(
                    qualname=d["qualname"],
                    kind=d["kind"],
                    is_async=d["is_async"],
                    span=span(d["span"]),
                    decorators=tuple(d["decorators"]),
                    is_generator=d["is_generator"],
                    bases=tuple(d.get("bases", ())),
                    unnamed_bases=d.get("unnamed_bases", 0),
                    params=tuple(d.get("params", ())),
                    defaults=tuple(_arg(a) for a in d.get("defaults", ())),
                    suspends=span(d["suspends"]) if d.get("suspends") else None,
                    falsy_exits=tuple(d.get("falsy_exits", ())),
                    keywords=tuple(d.get("keywords", ())),
                )
                for d in data["definitions"]
            ),
            calls=tuple(call(c) for c in data["calls"]),
            bindings=tuple(
                Binding(
                    **{
                        **b,
                        "pieces": tuple(Piece(**p) for p in b["pieces"]),
                        "items": tuple(_arg(i) for i in b["items"]),
                    }
                )
                for b in data["bindings"]
            ),
            exports=tuple(Export(**e) for e in data["exports"]),
            syntax_errors=tuple(
                SyntaxProblem(span=span(s["span"]), message=s["message"])
                for s in data["syntax_errors"]
            ),
            suppressions=tuple(
                Suppression(
                    span=span(s["span"]),
                    scope=s["scope"],
                    codes=tuple(s["codes"]),
                    reason=s["reason"],
                    target_line=s["target_line"],
                    problem=s["problem"],
                )
                for s in data["suppressions"]
            ),
            seam_hints=tuple(SeamHint(**h) for h in data["seam_hints"]),
            reads=tuple(call(c) for c in data.get("reads", ())),
            extractor_version=data["extractor_version"],
        )


def _arg(data: dict[str, Any]) -> Arg:
    return Arg(
        kind=data["kind"],
        value=data["value"],
        keyword=data["keyword"],
        pieces=tuple(Piece(**p) for p in data["pieces"]),
        items=tuple(_arg(i) for i in data["items"]),
    )
