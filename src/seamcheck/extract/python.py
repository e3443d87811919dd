"""Python extraction: imports, definitions, calls and bindings of one file, via tree-sitter."""

from __future__ import annotations

import builtins
import dataclasses
import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, cached_property

import tree_sitter as ts
import tree_sitter_python

from seamcheck.extract.common import (
    MAX_ARG_DEPTH,
    MAX_ARGS,
    MAX_ITEMS,
    MAX_LIST_ITEMS,
    DottedGrammar,
    Positions,
    ScopeIndex,
    ScopeRange,
    SuspendGrammar,
    augmented_bindings,
    call_key,
    chosen_binding,
    concatenated,
    dotted_reader,
    either,
    file_captures,
    first_suspension,
    import_key,
    informative,
    is_path_join,
    joined,
    kind_id,
    kind_ids,
    marked_comments,
    nest_outer_first,
    node_bytes,
    owned,
    path_joined,
    python_accepts,
    reading,
    rebound_members,
    returned_value,
    seam_hints,
    slash_stripped,
    syntax_problems,
    text,
    unescape,
    unknown_piece,
    unname_reassigned,
    unrecorded_assignments,
    written_operator,
)
from seamcheck.extract.common import (
    dotted as dotted_name,
)
from seamcheck.extract.suppressions import suppressions
from seamcheck.facts import (
    ASSIGNED_NONE,
    AWAITED,
    BRANCHED,
    ENTRY_OF,
    GETTER,
    GLOBAL_WRITE,
    MODULE_SCOPE,
    PREFIXED,
    RETURNED,
    STORED_IN,
    YIELDED,
    Arg,
    Binding,
    Call,
    CalleeAside,
    Definition,
    FileFacts,
    Import,
    ImportedName,
    Piece,
    SyntaxProblem,
    call_at,
    call_result,
    callee_aside,
    enclosing_scope,
    leaf_arg,
    mapped_class,
    mapping_annotation,
)

_TYPE_CHECKING_NAMES = frozenset({"TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"})
_IMPORTLIB_CALLEES = frozenset({"importlib.import_module", "import_module", "__import__"})
_NUMBER_TYPES = frozenset({"integer", "float"})
# The expressions `_pieces` reads. Any other is one unknown piece, which an argument or a
# binding does not keep alone: not worth building for them.
_PIECE_KINDS = _NUMBER_TYPES | {
    "string", "concatenated_string", "identifier", "attribute", "parenthesized_expression",
    "binary_operator", "boolean_operator", "subscript", "call",
}  # fmt: skip
_ENV_GETTERS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})
_ENV_MAPPINGS = frozenset({"os.environ", "environ"})
# The pieces a literal fallback (`os.getenv(...) or "/api"`) is the default of.
_DEFAULTED = frozenset({"env", "envname", "name"})
# Conversions that keep a string's value for URL purposes: `int(os.getenv("PORT", "8000"))`.
_CONVERSIONS = frozenset({"str", "int"})
# Methods that, given "/", take a string's trailing slash off (`base.rstrip("/")`): a `strip`.
_SLASH_STRIPS = frozenset({"rstrip", "removesuffix"})
_URL_JOINS = frozenset(
    {"urljoin", "urllib.parse.urljoin", "parse.urljoin", "requests.compat.urljoin"}
)
# The callees and methods `_call_pieces` reads a string from, besides `url_path_join` by the
# names it is imported as and the methods of a string literal (`"/".join`), whose callee is
# no dotted name.
_STRING_CALLEES = _ENV_GETTERS | _CONVERSIONS | _URL_JOINS
_STRING_METHODS = _SLASH_STRIPS | {"get"}
# Where the Jupyter servers' `url_path_join(*pieces)` is imported from: a route pattern or a
# URL joined with the server's base URL (`url_path_join(base_url, "myext", "hello")`).
_PATH_JOIN = "url_path_join"
# A Tornado application's `base_url` setting (`web_app.settings["base_url"]`,
# `self.settings.get("base_url")` in a handler): the prefix a Jupyter server serves every
# path under, its pages' and its extensions' handlers alike (`Piece` kind `base`).
_BASE_URL = "base_url"
_PATH_JOIN_MODULES = frozenset(
    {"jupyter_server.utils", "notebook.utils", "jupyterhub.utils", "notebook.notebook.utils"}
)
_SUSPENDS = SuspendGrammar(
    awaits=frozenset({"await", "yield"}),
    # `async with`, `async for`, and a comprehension's `async for` clause
    awaiting_with_token=frozenset({"with_statement", "for_statement", "for_in_clause"}),
    loops=frozenset({"for_statement", "while_statement"}),
    functions=frozenset(
        {"function_definition", "lambda", "class_definition", "decorated_definition"}
    ),
)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdirfx%]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


@cache
def _language() -> ts.Language:
    return ts.Language(tree_sitter_python.language())


def _field(name: str) -> int:
    field = _language().field_id_for_name(name)
    if field is None:
        raise ValueError(f"tree-sitter-python has no field {name!r}")
    return field


# The grammar's fields by id: `child_by_field_id` skips finding a field's name among the
# grammar's (a string compare each) that `child_by_field_name` does at every call, a third
# of its cost. Django's extraction looks up 350,000 fields (instructions -1.3%).
_FIELD_ALIAS = _field("alias")
_FIELD_ALTERNATIVE = _field("alternative")
_FIELD_ARGUMENT = _field("argument")
_FIELD_ARGUMENTS = _field("arguments")
_FIELD_ATTRIBUTE = _field("attribute")
_FIELD_BODY = _field("body")
_FIELD_CONDITION = _field("condition")
_FIELD_CONSEQUENCE = _field("consequence")
_FIELD_FUNCTION = _field("function")
_FIELD_KEY = _field("key")
_FIELD_LEFT = _field("left")
_FIELD_MODULE_NAME = _field("module_name")
_FIELD_NAME = _field("name")
_FIELD_OBJECT = _field("object")
_FIELD_OPERATOR = _field("operator")
_FIELD_PARAMETERS = _field("parameters")
_FIELD_RIGHT = _field("right")
_FIELD_SUBSCRIPT = _field("subscript")
_FIELD_SUPERCLASSES = _field("superclasses")
_FIELD_TYPE = _field("type")
_FIELD_VALUE = _field("value")


def _kinds(*names: str) -> frozenset[int]:
    return kind_ids(_language(), *names)


def _kind(name: str) -> int:
    return kind_id(_language(), name)


# Node types tested at the hottest sites by kind id, not by `Node.type` (see `kind_ids`):
# a type of one id by `==`, which the interpreter runs faster than `in` a set.
_ID_ATTRIBUTE = _kind("attribute")
_ID_CALL = _kind("call")
_ID_COMMENT = _kind("comment")
_ID_CONDITIONAL = _kind("conditional_expression")
_ID_DICTIONARY = _kind("dictionary")
_ID_IDENTIFIER = _kind("identifier")
_ID_KEYWORD_ARGUMENT = _kind("keyword_argument")
_IS_LAMBDA = _kinds("lambda")
_ID_LIST_COMPREHENSION = _kind("list_comprehension")
_IS_NAME = _kinds("identifier", "attribute")
_IS_NUMBER = _kinds(*_NUMBER_TYPES)
_IS_CONSTANT = _kinds("true", "false", "none")
_IS_PIECE_KIND = _kinds(*_PIECE_KINDS)
_IS_SEQUENCE_LITERAL = _kinds("list", "tuple", "set")
_IS_SPLAT = _kinds("list_splat", "dictionary_splat")
_ID_STRING = _kind("string")
_ID_STRING_CONTENT = _kind("string_content")
_ID_SUBSCRIPT = _kind("subscript")
_ID_BINARY_OPERATOR = _kind("binary_operator")
_ID_EXPRESSION_STATEMENT = _kind("expression_statement")
_ID_LIST_SPLAT = _kind("list_splat")
_ID_GENERIC_TYPE = _kind("generic_type")
_ID_INTERPOLATION = _kind("interpolation")
_ID_BOOLEAN_OPERATOR = _kind("boolean_operator")
_ID_PARENTHESIZED = _kind("parenthesized_expression")
_IS_TARGET_PATTERN = _kinds("pattern_list", "tuple_pattern", "list_pattern", "list_splat_pattern")


_GRAMMAR = DottedGrammar(
    leaves=frozenset({"identifier"}),
    member="attribute",
    member_object="object",
    member_property="attribute",
    call="call",
    wrappers=frozenset({"parenthesized_expression"}),
    join="binary_operator",
)


_PADDED_BRACKETS = re.compile(r"([(\[]) | ([)\]])")
# The grammar without the path join: a callee named only through a join is written otherwise.
_NO_JOIN = dataclasses.replace(_GRAMMAR, join="")
dotted = dotted_reader(_GRAMMAR, _language())


def string_literal(node: ts.Node) -> str | None:
    """The value of a plain string literal (no f-string interpolation, no concatenation)."""
    if node.kind_id != _ID_STRING:
        return None
    children = node.named_children
    if len(children) == 3:  # most strings: a start, one run of content, an end
        content = children[1]
        if not content.named_child_count and content.kind_id == _ID_STRING_CONTENT:
            return node_bytes(content).decode("utf-8", "replace")  # no escape in it
    raw: bool | None = None  # whether it is a raw string, read at its first escape
    value: list[str] = []
    for child in children:
        kind = child.kind_id
        if kind == _ID_INTERPOLATION:
            return None
        if kind != _ID_STRING_CONTENT:
            continue
        # tree-sitter-python nests escape sequences inside the content they belong to.
        cursor = child.start_byte
        for escape in child.named_children:
            raw = _raw_prefix(node) if raw is None else raw
            value.append(_slice(child, cursor, escape.start_byte))
            value.append(text(escape) if raw else unescape(text(escape)))
            cursor = escape.end_byte
        value.append(_slice(child, cursor, child.end_byte))
    return "".join(value)


def _route_path_parameter(node: ts.Node) -> bool:
    """Whether the name `node` is is a parameter that the route of the function around it
    fills with a path of several segments: `{name:path}` (Starlette, FastAPI), `<path:name>`
    (Flask)."""
    function = node.parent
    while function is not None and function.type != "function_definition":
        function = function.parent
    decorated = function.parent if function is not None else None
    if decorated is None or decorated.type != "decorated_definition":
        return False
    name = text(node)
    marks = (f"{{{name}:path}}", f"<path:{name}>")
    return any(
        mark in text(child)
        for child in decorated.children
        if child.type == "decorator"
        for mark in marks
    )


def _string_pieces(node: ts.Node, expand: Callable[[ts.Node], tuple[Piece, ...]]) -> list[Piece]:
    """Pieces of a string literal, f-string interpolations expanded with `expand`."""
    raw: bool | None = None  # whether it is a raw string, read at its first escape
    pieces: list[Piece] = []
    for child in node.named_children:
        if child.type == "interpolation":
            inner = child.named_child(0)
            pieces.extend(expand(inner) if inner is not None else ())
        elif child.type == "string_content":
            cursor = child.start_byte
            for escape in child.named_children:
                raw = _raw_prefix(node) if raw is None else raw
                pieces.append(Piece("lit", _slice(child, cursor, escape.start_byte)))
                pieces.append(Piece("lit", text(escape) if raw else unescape(text(escape))))
                cursor = escape.end_byte
            pieces.append(Piece("lit", _slice(child, cursor, child.end_byte)))
    return pieces


def _raw_prefix(node: ts.Node) -> bool:
    start = node.child(0)
    return start is not None and "r" in text(start).lower()


def _slice(node: ts.Node, start: int, end: int) -> str:
    data = node_bytes(node)
    return data[start - node.start_byte : end - node.start_byte].decode("utf-8", "replace")


# tree-sitter-python's indentation scanner rescans every comment line of a run of comment and
# blank lines after a statement, at each line of it: 10,000 comment lines take seconds, a 2 MB
# file of them hours. Past this many comment lines in one run, the comments are not parsed.
MAX_COMMENT_RUN = 200
# A line is blank or a comment, `\r\n` ended or not, in one way only: written as `#[^\n]*\r?`
# a comment line ending in `\r\n` could be read two ways, and a failed match tried both for
# each such line of a run (2^n: CRLF runs of 22 comment lines took 9 s, of 40 forever).
_COMMENT_RUN = re.compile(rb"(?:^[ \t]*(?:#[^\n]*|\r)?\n){%d,}" % MAX_COMMENT_RUN, re.M)
_COMMENT_LINE = re.compile(rb"[ \t]*#[^'\"]*")


def defuse_comment_runs(data: bytes) -> bytes:
    """`data` with the comment lines of long comment runs turned into spaces: same length, same
    line and column of every byte, so every position stays true. Kept: `seamcheck` comments
    with the comments stacked under them (suppressions, seam hints), and lines with a quote
    (they may close a string the run sits in)."""
    if data.count(b"#") < MAX_COMMENT_RUN or not _has_comment_run(data):
        return data
    pieces: list[bytes] = []
    done = 0
    for run in _COMMENT_RUN.finditer(data):
        lines = run.group().split(b"\n")
        if sum(1 for line in lines if line.lstrip().startswith(b"#")) < MAX_COMMENT_RUN:
            continue
        stacked = False  # under a kept `seamcheck` comment, with no blank line between
        for index, line in enumerate(lines):
            body = line.rstrip(b"\r")
            if b"seamcheck" in body or not body.strip():
                stacked = b"seamcheck" in body
            elif not stacked and _COMMENT_LINE.fullmatch(body):
                lines[index] = b" " * len(body) + line[len(body) :]
        pieces.extend((data[done : run.start()], b"\n".join(lines)))
        done = run.end()
    return b"".join((*pieces, data[done:])) if pieces else data


def _has_comment_run(data: bytes) -> bool:
    """Whether `_COMMENT_RUN` matches somewhere: MAX_COMMENT_RUN lines in a row that are
    blank or a comment. Read a line at a time, several times faster than the expression,
    which tries every byte (and each line of a shorter run): most files with many comments
    have no such run."""
    run = 0
    for line in data.split(b"\n")[:-1]:  # the last has no line break: in no run
        rest = line.lstrip(b" \t")
        if not rest or rest.startswith(b"#") or rest == b"\r":
            run += 1
            if run >= MAX_COMMENT_RUN:
                return True
        else:
            run = 0
    return False


class _PythonExtractor:
    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data
        self.positions = Positions(data)
        self.parsed = defuse_comment_runs(data)  # what the tree's nodes hold
        self.tree = ts.Parser(_language()).parse(self.parsed)
        self.caps = file_captures(_language(), self.tree.root_node, "python")
        self.def_names: dict[int, str] = {}  # node id -> qualname
        self.def_kinds: dict[str, str] = {}  # qualname -> function | method | class | lambda
        # Where the identifiers start whose assignment the binder read (its value known or
        # not), or that an annotation names without a value: `unrecorded_assignments` marks
        # the others.
        self.recorded: set[int] = set()
        # The names `url_path_join` goes by here (`as ujoin`): see `_imports`.
        self.path_joins = {_PATH_JOIN}
        # `ENTRY_OF` bindings: `db = self.databases[name]` (see `_bindings`).
        self.entries: list[Binding] = []
        # Call node id -> `dotted` of its function (`_callee`).
        self.callees: dict[int, str | None] = {}
        # The functions and classes written under decorators, by node id.
        self.decorated = {node.id for node in self.caps.get("decorated", ())}
        # Whether the file may call `setdefault` or `pop` (`_entries_changed`).
        self.entry_calls = any(method in self.parsed for method in _ENTRY_CALLS)
        # Whether an import may be under `if TYPE_CHECKING:` (`_import_kind`).
        self.type_checking = b"TYPE_CHECKING" in self.parsed
        # Whether an identifier may be a route's path parameter (`_route_path_parameter`).
        self.path_parameters = b":path}" in self.parsed or b"<path:" in self.parsed

    def run(self) -> FileFacts:
        definitions, scopes = self._definitions()
        scope_index = ScopeIndex(scopes)
        definitions = self._mark_generators(definitions, scope_index)
        assigned = list(self._assigned_names())
        definitions = unname_reassigned(definitions, scope_index, assigned)
        entries = list(self._entries_changed())
        definitions = _changed_keywords(definitions, scope_index, assigned, entries)
        changed = {node.text for node, _ in entries}
        imports = self._imports(scope_index)
        self.path_joins.update(
            name.alias
            for i in imports
            if i.module in _PATH_JOIN_MODULES
            for name in i.names
            if name.name == _PATH_JOIN
        )
        calls, importlib_imports = self._calls(scope_index)
        calls += self._property_reads(definitions, scope_index)
        bindings, unknown = self._bindings(scope_index)
        bound = {b.target for b in bindings}
        rebound, extended = _all_extended(self.caps.get("rebind", ()), scope_index)
        bindings += extended
        bindings += augmented_bindings(rebound, scope_index, bound, self._pieces)
        owners = self._owners(scope_index, definitions, bindings)
        global_writes = _global_writes(bindings, owners)
        known = owned(bindings, owners)
        local = self._local_bindings(scope_index, imports, definitions, known, unknown)
        bindings = known + owned(local, owners)
        bindings += unrecorded_assignments(known, scope_index, assigned, self.recorded, owners)
        bindings += self._returned_calls(scope_index)
        bindings += self._yielded(scope_index)
        bindings += self._loop_items(scope_index, bindings, changed, definitions)
        bindings += self._prefixing_loops(scope_index)
        bindings += global_writes
        bindings += self.entries
        bindings.sort(key=lambda b: b.line)
        reads = self._entry_reads(scope_index, bindings)
        comments = marked_comments(_language(), self.tree.root_node, self.data)
        return FileFacts(
            path=self.path,
            language="python",
            imports=tuple(sorted(imports + importlib_imports, key=import_key)),
            definitions=tuple(definitions),
            calls=tuple(sorted(calls, key=call_key)),
            bindings=tuple(bindings),
            syntax_errors=self._syntax_errors(),
            suppressions=suppressions(comments, self.data, self.positions),
            seam_hints=seam_hints(comments, self.data),
            reads=tuple(sorted(reads, key=call_key)),
        )

    def _syntax_errors(self) -> tuple[SyntaxProblem, ...]:
        errors, missing = self.caps.get("error", ()), self.caps.get("missing", ())
        if (errors or missing) and python_accepts(self.data):
            return ()  # a gap of the grammar's, not the file's (`python_accepts`)
        return syntax_problems(errors, missing, self.positions)

    # -- definitions -------------------------------------------------------------------

    def _mark_generators(
        self, definitions: list[Definition], scopes: ScopeIndex
    ) -> list[Definition]:
        """A function with a `yield` of its own is a generator: calling it runs none of its
        body (`seamcheck fix` must not hand such a call to a thread)."""
        yields = self.caps.get("yield", ())
        if not yields:
            return definitions
        generators = set(scopes.enclosing([node.start_byte for node in yields]))
        return [
            dataclasses.replace(d, is_generator=True)
            if d.qualname in generators and d.kind in ("function", "method")
            else d
            for d in definitions
        ]

    @cached_property
    def _assignments(self) -> list[tuple[ts.Node, ts.Node | None, ts.Node | None]]:
        """Each assignment with its left and right side: read once, where the binder, the
        names assigned and a memoising function's stores all look."""
        return [
            (node, node.child_by_field_id(_FIELD_LEFT), node.child_by_field_id(_FIELD_RIGHT))
            for node in self.caps.get("assign", ())
        ]

    def _assigned_names(self) -> Iterator[ts.Node]:
        """The identifiers the file assigns to, in every form a function may rebind one
        (`path = path.lstrip("/")`, `path += "/"`, a loop or `with` target, `:=`): a
        parameter so assigned holds what the caller gave only until then, so
        `unname_reassigned` leaves it unnamed."""
        for _, left, _ in self._assignments:
            if left is not None and left.kind_id == _ID_IDENTIFIER:  # most: no pattern to walk
                yield left
            else:
                yield from _target_names(left)
        for node in self.caps.get("with", ()):
            pattern = node.child_by_field_id(_FIELD_VALUE)
            alias = pattern.child_by_field_id(_FIELD_ALIAS) if pattern is not None else None
            yield from _target_names(alias.named_child(0) if alias is not None else None)
        for node in self.caps.get("for_target", ()):
            yield from _target_names(node)
        yield from self.caps.get("rebind", ())

    def _entries_changed(self) -> Iterator[tuple[ts.Node, str | None]]:
        """The names whose entries the file sets or deletes by subscript (`kwargs["x"] = y`,
        `kwargs["x"] += y`, `del kwargs["x"]`), or may set or take out by a call that is no
        statement of a function's body itself (`if versioned: kwargs.setdefault("prefix",
        "/v2")`, `super().__init__(prefix="/v1" + kwargs.pop("prefix", ""))`): the
        identifier subscripted or called on, with the key when it is a string literal, else
        None. Such a call written as a statement of the body runs whenever the body does:
        what it does is read from the call (`handed._keywords_changed`)."""
        # Most files call neither method: their calls need not be looked at.
        calls = self.caps.get("call", ()) if self.entry_calls else ()
        for call in calls:
            function = call.child_by_field_id(_FIELD_FUNCTION)
            if function is None or function.kind_id != _ID_ATTRIBUTE:
                continue
            receiver = function.child_by_field_id(_FIELD_OBJECT)
            method = function.child_by_field_id(_FIELD_ATTRIBUTE)
            if receiver is None or receiver.kind_id != _ID_IDENTIFIER or method is None:
                continue
            if method.text not in _ENTRY_CALLS or _in_body_statement(call):
                continue
            arguments = call.child_by_field_id(_FIELD_ARGUMENTS)
            given = arguments.named_children if arguments is not None else []
            yield receiver, string_literal(given[0]) if given else None
        subscripts = [left for _, left, _ in self._assignments]
        subscripts += self.caps.get("rebind.entry", ())
        for node in self.caps.get("delete", ()):
            for target in node.named_children:
                listed = target.type == "expression_list"
                subscripts.extend(target.named_children if listed else (target,))
        for subscript in subscripts:
            if subscript is not None and subscript.kind_id == _ID_SUBSCRIPT:
                value = subscript.child_by_field_id(_FIELD_VALUE)
                key = subscript.child_by_field_id(_FIELD_SUBSCRIPT)
                if value is not None and value.kind_id == _ID_IDENTIFIER:
                    yield value, string_literal(key) if key is not None else None

    def _owners(
        self, scopes: ScopeIndex, definitions: list[Definition], bindings: list[Binding]
    ) -> dict[tuple[str, str], str]:
        """The names a function declares `global` (the module's) or `nonlocal` (the nearest
        enclosing function's that binds it, else the nearest one's): what it assigns to
        them is an assignment of that scope's name (see `common.owned`)."""
        statements = [
            (node, outer)
            for cap, outer in (("global", True), ("nonlocal", False))
            for node in self.caps.get(cap, ())
        ]
        if not statements:
            return {}
        kinds = {d.qualname: d.kind for d in definitions}
        bound = {(b.scope, b.target) for b in bindings}
        params = {(d.qualname, p.removesuffix("=")) for d in definitions for p in d.params}
        owners: dict[tuple[str, str], str] = {}
        enclosing = scopes.enclosing([node.start_byte for node, _ in statements])
        for (node, is_global), scope in zip(statements, enclosing, strict=True):
            for name in (text(n) for n in node.named_children if n.type == "identifier"):
                if scope == MODULE_SCOPE:
                    continue
                functions = list(_enclosing_functions(scope, kinds))
                if is_global:
                    owners[(scope, name)] = MODULE_SCOPE
                elif functions:
                    owners[(scope, name)] = next(
                        (f for f in functions if (f, name) in bound or (f, name) in params),
                        functions[0],
                    )
        return owners

    def _definitions(self) -> tuple[list[Definition], list[ScopeRange]]:
        nodes: list[tuple[ts.Node, str]] = []
        for cap, kind in (("def.function", "function"), ("def.class", "class")):
            nodes.extend((n, kind) for n in self.caps.get(cap, ()))
        nodes.extend((n, "lambda") for n in self.caps.get("def.lambda", ()))

        definitions: list[Definition] = []
        scopes: list[ScopeRange] = []
        for node, kind, parent, entered in nest_outer_first(nodes):
            if kind == "lambda":
                start = self.positions.span(node)
                name = f"<lambda@{start.line}:{start.column}>"
            else:
                name = text(node.child_by_field_id(_FIELD_NAME)) or "<unnamed>"
            in_class = parent is not None and parent.kind == "class"
            decorators = self._decorator_names(node)
            if in_class and kind == "function":
                # `@model.setter def model` is not the getter: its own name keeps its calls
                # (a setter that writes a file) off the getter that every read runs.
                accessor = next((d for d in decorators if d in _accessors(name)), None)
                if accessor is not None:
                    name = accessor
            qualname = f"{parent.qualname}.{name}" if parent else name
            def_kind = "method" if kind == "function" and in_class else kind
            first = node.child(0)
            is_async = kind == "function" and first is not None and first.type == "async"
            params, keywords, defaulted = ((), (), []) if kind == "class" else _parameters(node)
            bases, unnamed = self._bases(node) if kind == "class" else ((), 0)
            definitions.append(
                Definition(
                    qualname=qualname,
                    kind=def_kind,
                    is_async=is_async,
                    span=self.positions.span(node),
                    decorators=decorators,
                    bases=bases,
                    unnamed_bases=unnamed,
                    params=params,
                    defaults=tuple(self._arg(value, name) for name, value in defaulted),
                    suspends=first_suspension(node, _SUSPENDS, self.positions)
                    if is_async
                    else None,
                    falsy_exits=_falsy_exits(node) if kind == "function" else (),
                    keywords=keywords if kind == "function" else (),
                )
            )
            self.def_names[node.id] = qualname
            self.def_kinds[qualname] = def_kind
            scopes.append(ScopeRange(node.start_byte, node.end_byte, qualname))
            entered(qualname)
        return definitions, scopes

    def _bases(self, node: ts.Node) -> tuple[tuple[str, ...], int]:
        """The class's bases written as dotted names, and how many are written otherwise."""
        superclasses = node.child_by_field_id(_FIELD_SUPERCLASSES)
        if superclasses is None:
            return (), 0
        names = [
            dotted(c)
            for c in superclasses.named_children
            if c.type not in ("keyword_argument", "comment")
        ]
        named = tuple(n for n in names if n)
        return named, len(names) - len(named)

    def _decorator_names(self, node: ts.Node) -> tuple[str, ...]:
        # `parent` walks down from the root: looked up for decorated definitions only.
        parent = node.parent if node.id in self.decorated else None
        if parent is None or parent.type != "decorated_definition":
            return ()
        names: list[str] = []
        for child in parent.named_children:
            if child.type != "decorator":
                continue
            expr = child.named_child(0)
            callee = (
                expr.child_by_field_id(_FIELD_FUNCTION) if expr and expr.type == "call" else expr
            )
            names.append(dotted(callee) or text(callee))
        return tuple(names)

    # -- imports -----------------------------------------------------------------------

    def _imports(self, scopes: ScopeIndex) -> list[Import]:
        nodes = self.caps.get("import", []) + self.caps.get("import_from", [])
        enclosing = scopes.enclosing([n.start_byte for n in nodes])
        result: list[Import] = []
        for node, scope in zip(nodes, enclosing, strict=True):
            kind = self._import_kind(node, scope)
            span = self.positions.span(node)
            if node.type == "import_statement":
                for name_node in node.children_by_field_name("name"):
                    if name_node.type == "aliased_import":
                        module = text(name_node.child_by_field_id(_FIELD_NAME))
                        alias: str | None = text(name_node.child_by_field_id(_FIELD_ALIAS))
                    else:
                        module, alias = text(name_node), None
                    result.append(Import(module, kind, span, alias=alias, scope=scope))
            else:
                module_node = node.child_by_field_id(_FIELD_MODULE_NAME)
                module = text(module_node).replace(" ", "")
                names: list[ImportedName] = []
                for child in node.children_by_field_name("name"):
                    if child.type == "aliased_import":
                        names.append(
                            ImportedName(
                                text(child.child_by_field_id(_FIELD_NAME)),
                                text(child.child_by_field_id(_FIELD_ALIAS)),
                            )
                        )
                    else:
                        names.append(ImportedName(text(child), text(child)))
                if any(c.type == "wildcard_import" for c in node.named_children):
                    names.append(ImportedName("*", "*"))
                result.append(Import(module, kind, span, names=tuple(names), scope=scope))
        return result

    def _import_kind(self, node: ts.Node, scope: str) -> str:
        """type_checking beats lazy beats static; the `else:` of TYPE_CHECKING is normal."""
        current = node
        # Each `parent` walks down from the root: most files never test TYPE_CHECKING.
        parent = node.parent if self.type_checking else None
        while parent is not None:
            if parent.type == "if_statement":
                condition = parent.child_by_field_id(_FIELD_CONDITION)
                consequence = parent.child_by_field_id(_FIELD_CONSEQUENCE)
                if (
                    condition is not None
                    and text(condition).strip() in _TYPE_CHECKING_NAMES
                    and consequence is not None
                    and consequence.id == current.id
                ):
                    return "type_checking"
            current, parent = parent, parent.parent
        # A class body runs at import time: only a function body makes an import lazy.
        return "lazy" if self.def_kinds.get(scope, "class") != "class" else "static"

    # -- calls -------------------------------------------------------------------------

    def _calls(self, scopes: ScopeIndex) -> tuple[list[Call], list[Import]]:
        nodes = self.caps.get("call", [])
        awaited = {n.id for n in self.caps.get("awaited", ())}
        decorated = self._decorator_targets()
        enclosing = scopes.enclosing([n.start_byte for n in nodes])
        calls: list[Call] = []
        imports: list[Import] = []
        for node, scope in zip(nodes, enclosing, strict=True):
            function = node.child_by_field_id(_FIELD_FUNCTION)
            callee = self.callees[node.id] = dotted(function)
            if function is None or callee is None:
                continue
            args = self._args(node.child_by_field_id(_FIELD_ARGUMENTS))
            span = self.positions.span(node)
            if callee in _IMPORTLIB_CALLEES and args and args[0].kind == "str":
                module = _importlib_target(args)
                if module is not None:
                    imports.append(Import(module, "importlib", span, scope=scope))
                    continue
            written = _written_join(function, self.data)
            node_id = node.id
            # Given in field order (callee, scope, the span's four ints, flags, args,
            # decorates, aside): passed by keyword, or through `call_at`, the record cost a
            # third more to make, at every call site.
            calls.append(
                Call(
                    callee,
                    scope,
                    span.line,
                    span.column,
                    span.end_line,
                    span.end_column,
                    AWAITED if node_id in awaited else 0,
                    args,
                    decorated.get(node_id),
                    callee_aside(written=written) if written else None,
                )
            )
        return calls, imports

    def _property_reads(self, definitions: list[Definition], scopes: ScopeIndex) -> list[Call]:
        """`self.model` in a method of a class whose `model` is a property: reading it runs
        the getter, which may load a model or a file on the event loop like a call would."""
        properties: dict[str, set[str]] = {}  # class qualname -> its property names
        for definition in definitions:
            if definition.is_property:
                cls, _, name = definition.qualname.rpartition(".")
                properties.setdefault(cls, set()).add(name)
        if not properties:  # most files
            return []
        reads: list[tuple[ts.Node, str]] = []
        root = self.tree.root_node
        for node in self.caps.get("def.class", ()):
            names = properties.get(self.def_names.get(node.id, ""))
            if not names:
                continue
            # A text search of the class's bytes, not a query over its tree: most of a
            # class's `self.` attributes are no property, and only matches need a node.
            for start, end, name in _self_attributes(
                self.parsed, node.start_byte, node.end_byte, names
            ):
                found = root.named_descendant_for_byte_range(start, end)
                if (
                    found is not None
                    and found.type == "attribute"
                    and found.start_byte == start
                    and found.end_byte == end
                    and not _called_or_assigned(found)
                ):
                    reads.append((found, name))
        found_calls: list[Call] = []
        enclosing = scopes.enclosing([node.start_byte for node, _ in reads])
        for (node, name), scope in zip(reads, enclosing, strict=True):
            # `self` is the first parameter of the innermost enclosing method.
            method = scope
            while method and self.def_kinds.get(method) not in ("method", None, "class"):
                method = method.rpartition(".")[0]
            if self.def_kinds.get(method) != "method":
                continue
            if name in properties.get(method.rpartition(".")[0], ()):
                span = self.positions.span(node)
                found_calls.append(call_at(f"self.{name}", scope, span, flags=GETTER))
        return found_calls

    def _entry_reads(self, scopes: ScopeIndex, bindings: Sequence[Binding]) -> list[Call]:
        """The attributes read, not called, on an entry taken out of a dict: on a name its
        scope binds to one (`db = self.databases[name]`, `db = dbs.get(name)`, then
        `db.size`), on a `.get()` call's result (`dbs.get(name).size`) and on a subscript
        (`dbs[name].size`), each as a `getter` call (`FileFacts.reads`). Found by text
        searches, as `self.` property reads are: only matches need a node."""
        taken = {(b.scope, b.target.removeprefix(ENTRY_OF)) for b in self.entries}
        taken.update(
            (b.scope, b.target)
            for b in bindings
            if b.kind == "call" and b.value.endswith(".get") and b.target.isidentifier()
        )
        # By where each is written: nested scopes taking one name search one text twice.
        found = list(
            {
                (node.start_byte, node.end_byte): (node, callee)
                for node, callee in self._reads_on_names(taken) + self._reads_on_entries()
            }.values()
        )
        enclosing = scopes.enclosing([node.start_byte for node, _ in found])
        return [
            call_at(
                callee, scope, self.positions.span(node), flags=GETTER, aside=_shown_entry(node)
            )
            for (node, callee), scope in zip(found, enclosing, strict=True)
            if "[" in callee or "(" in callee or (scope, callee.partition(".")[0]) in taken
        ]

    def _reads_on_names(self, taken: set[tuple[str, str]]) -> list[tuple[ts.Node, str]]:
        """Each `name.attr` read, not called, written in the scope that takes `name` from a
        dict (`taken`: scope, name), or in a function within it (its scope checked after)."""
        if not taken:
            return []
        root, data = self.tree.root_node, self.parsed
        spans = {scope: (0, len(data)) for scope, _ in taken if scope == MODULE_SCOPE}
        for node in self.caps.get("def.function", ()):
            qualname = self.def_names.get(node.id)
            if qualname is not None and any(scope == qualname for scope, _ in taken):
                spans.setdefault(qualname, (node.start_byte, node.end_byte))
        found: list[tuple[ts.Node, str]] = []
        for scope, name in sorted(taken):  # a few a file: found by `find`, no pattern
            start, end = spans.get(scope, (0, 0))
            owner = name.encode() + b"."
            for at in _occurrences(data, owner, start, end):
                attribute = _ATTRIBUTE.match(data, at + len(owner), end)
                if attribute is None or data[at - 1 : at] in _NAME_BYTES:
                    continue  # called, assigned, or the end of a longer name (`x.db.size`)
                read = root.named_descendant_for_byte_range(at, attribute.end())
                on = _read_on(read, attribute.end())
                if read is not None and on is not None and on.type == "identifier":
                    found.append((read, f"{name}.{attribute.group().decode()}"))
        return found

    def _reads_on_entries(self) -> list[tuple[ts.Node, str]]:
        """Each attribute read, not called, on a subscript by a key that is no number or on
        a `.get()` call's result, its dict a dotted name: `dbs[name].size` (named
        `dbs[].size`) and `dbs.get(name).size` (`dbs.get().size`)."""
        root, data = self.tree.root_node, self.parsed
        found: list[tuple[ts.Node, str]] = []
        for match in _SUBSCRIPT_READ.finditer(data):
            read = root.named_descendant_for_byte_range(match.start(), match.end())
            entry = _read_on(read, match.end())
            if read is not None and entry is not None and entry.type == "subscript":
                entries = dotted(entry.child_by_field_id(_FIELD_VALUE)) if _keyed(entry) else None
                if entries:
                    found.append((read, f"{entries}[].{match.group(1).decode()}"))
        for at in _occurrences(data, b".get(", 0, len(data)):
            name = root.named_descendant_for_byte_range(at + 1, at + 4)
            method = name.parent if name is not None and name.type == "identifier" else None
            call = method.parent if method is not None else None
            if (
                call is None
                or call.type != "call"
                or call.child_by_field_id(_FIELD_FUNCTION) != method
            ):
                continue
            read = call.parent
            callee = dotted(read) if _read_on(read, read.end_byte if read else 0) == call else None
            if read is not None and callee:
                found.append((read, callee))
        return found

    def _decorator_targets(self) -> dict[int, str]:
        """call node id -> qualname of the definition that call decorates."""
        targets: dict[int, str] = {}
        for node in self.caps.get("decorated", ()):
            parent = node.parent
            if parent is None or parent.type != "decorated_definition":
                continue
            for child in parent.named_children:
                expr = child.named_child(0) if child.type == "decorator" else None
                # A definition nested past MAX_NESTING has no name of its own.
                if expr is not None and expr.type == "call" and node.id in self.def_names:
                    targets[expr.id] = self.def_names[node.id]
        return targets

    def _args(self, arg_list: ts.Node | None) -> tuple[Arg, ...]:
        if arg_list is None:
            return ()
        args: list[Arg] = []
        for child in arg_list.named_children:
            kind = child.kind_id
            if kind == _ID_COMMENT:
                continue
            if len(args) == MAX_ARGS:
                break
            keyword = None
            value = child
            if kind in _IS_SPLAT:
                # `**settings`: the dict's name, where it is one (Tornado's settings); `*args`:
                # the sequence's (a route class handing its `*args` on, `routeclass.py`).
                name = dotted(child.named_children[0]) if child.named_child_count else None
                pieces = (Piece("name", name),) if child.named_child_count and name else ()
                args.append(Arg("other", _SPLATS[child.type], pieces=pieces))
                continue
            if kind == _ID_KEYWORD_ARGUMENT:
                keyword = text(child.child_by_field_id(_FIELD_NAME))
                value = child.child_by_field_id(_FIELD_VALUE) or child
            args.append(self._arg(value, keyword))
        return tuple(args)

    def _arg(self, node: ts.Node, keyword: str | None, depth: int = 0) -> Arg:
        kind = node.kind_id
        if kind == _ID_STRING:
            literal = string_literal(node)
            if literal is not None:
                return leaf_arg("str", literal, keyword)
        elif kind in _IS_NUMBER:
            return leaf_arg("num", text(node), keyword)
        elif kind in _IS_NAME:
            name = dotted(node)
            if name is not None:
                return leaf_arg("name", name, keyword)
        elif kind in _IS_LAMBDA:
            return leaf_arg("func", self.def_names.get(node.id, ""), keyword)
        elif kind in _IS_CONSTANT:
            return leaf_arg("other", text(node), keyword)  # `@action(detail=True)`
        if depth < MAX_ARG_DEPTH and kind in _IS_SEQUENCE_LITERAL:
            return Arg("list", "", keyword, items=self._items(node, depth + 1))
        if depth < MAX_ARG_DEPTH and kind == _ID_LIST_COMPREHENSION:
            each = self._each(node, keyword, depth)
            if each is not None:
                return each
        if depth < MAX_ARG_DEPTH and kind == _ID_DICTIONARY:
            entries: list[Arg] = []
            for pair in node.named_children[:MAX_ITEMS]:
                key = string_literal(pair.child_by_field_id(_FIELD_KEY) or pair)
                value = pair.child_by_field_id(_FIELD_VALUE)
                if pair.type == "pair" and key is not None and value is not None:
                    entries.append(self._arg(value, key, depth + 1))
            return Arg("object", "", keyword, items=tuple(entries))
        if kind == _ID_CALL and not self._may_make_string(self._callee(node)):
            return call_result(self.positions.span(node), keyword)
        pieces = self._pieces(node) if kind in _IS_PIECE_KIND else ()
        if informative(pieces):
            return Arg("expr", "", keyword, pieces=pieces)
        if depth < MAX_ARG_DEPTH and kind == _ID_CONDITIONAL:
            # `a if c else b`: the branches are the first and last operands.
            branches = (node.named_children[0], node.named_children[-1])
            return either([self._arg(b, None, depth + 1) for b in branches], keyword)
        if kind == _ID_CALL:  # a function returning a URL (`url("predict")`)
            return call_result(self.positions.span(node), keyword)
        return leaf_arg("other", "", keyword)

    def _each(self, node: ts.Node, keyword: str | None, depth: int) -> Arg | None:
        """`[(url_path_join(base, pat), handler) for pat, handler in default_handlers]`: an
        `each` of the list a name holds, its targets and the tuple made of each item. None
        for any other comprehension (filtered, nested, over a value not a name, making no
        tuple)."""
        body = node.child_by_field_id(_FIELD_BODY)
        over = _one_loop(node)
        if body is None or body.type != "tuple" or over is None:
            return None
        clause, source = over
        left = clause.child_by_field_id(_FIELD_LEFT)
        if left is None:
            return None
        names = [left] if left.type == "identifier" else left.named_children
        if left.type not in ("identifier", "pattern_list", "tuple_pattern") or any(
            n.type != "identifier" for n in names
        ):
            return None
        targets = Arg("list", items=tuple(leaf_arg("name", text(n)) for n in names))
        made = self._arg(body, None, depth + 1)
        return Arg("each", source, keyword, items=(targets, made))

    def _items(self, node: ts.Node, depth: int, limit: int = MAX_ITEMS) -> tuple[Arg, ...]:
        """The items of a list, tuple or set literal, those past the limit as one `more`:
        what is not read may matter (a Tornado app's seventeenth route)."""
        children = [c for c in node.named_children if c.type != "comment"]
        items = [self._item(child, depth) for child in children[:limit]]
        if len(children) > limit:
            items.append(leaf_arg("more"))
        return tuple(items)

    def _item(self, node: ts.Node, depth: int) -> Arg:
        """An item of a list, tuple or set literal: `*name` is a `spread` of that name
        (`Starlette(routes=[*routes, Mount('/v1', routes=routes)])`)."""
        spread = _spread_name(node)
        if spread is not None:
            return leaf_arg("spread", spread)
        return self._arg(node, None, depth)

    # -- strings built at run time -----------------------------------------------------

    def _pieces(self, node: ts.Node | None, depth: int = 0) -> tuple[Piece, ...]:
        """What a string-valued expression is made of; opaque parts become `unknown`."""
        if node is None:
            return ()
        if depth > MAX_ARG_DEPTH:
            return (unknown_piece(node, self.parsed),)
        kind = node.type

        def expand(child: ts.Node) -> tuple[Piece, ...]:
            return self._pieces(child, depth + 1)

        if kind == "string":
            return joined(_string_pieces(node, expand))
        if kind == "concatenated_string":
            return joined(p for child in node.named_children for p in expand(child))
        if kind in _NUMBER_TYPES:
            return (Piece("lit", text(node)),)
        if kind == "identifier" and self.path_parameters and _route_path_parameter(node):
            return (Piece("tail", text(node)),)
        if kind in ("identifier", "attribute"):
            name = dotted(node)
            return (Piece("name", name),) if name else (unknown_piece(node, self.parsed),)
        if kind == "parenthesized_expression" and node.named_child(0) is not None:
            return expand(node.named_children[0])
        if kind == "binary_operator":
            operator = written_operator(node)
            if operator == "+":
                chain = concatenated(node, kind, expand)
                return chain if chain is not None else (unknown_piece(node, self.parsed),)
            left = node.child_by_field_id(_FIELD_LEFT)
            template = string_literal(left) if operator == "%" and left is not None else None
            if template is not None:
                right = node.child_by_field_id(_FIELD_RIGHT)
                values = (
                    right.named_children if right is not None and right.type == "tuple" else [right]
                )
                return _percent_format(template, [expand(v) for v in values if v])
        if kind == "boolean_operator" and written_operator(node) == "or":
            first = self._pieces(node.child_by_field_id(_FIELD_LEFT), depth + 1)
            fallback = string_literal(node.child_by_field_id(_FIELD_RIGHT) or node)
            if len(first) == 1 and first[0].kind in _DEFAULTED and fallback is not None:
                return (Piece(first[0].kind, first[0].value, fallback),)
            return first
        if kind == "subscript":
            value = dotted(node.child_by_field_id(_FIELD_VALUE))
            key = string_literal(node.child_by_field_id(_FIELD_SUBSCRIPT) or node)
            if value in _ENV_MAPPINGS and key is not None:
                return (Piece("env", key),)
            named = _variable_name(node.child_by_field_id(_FIELD_SUBSCRIPT))
            if value in _ENV_MAPPINGS and named is not None:
                return (Piece("envname", named),)  # `os.environ[PREFIX_VAR]`
            if key == _BASE_URL and _is_settings(value):
                return (Piece("base"),)
        if kind == "call":
            return self._call_pieces(node, expand)
        return (unknown_piece(node, self.parsed),)

    def _call_pieces(
        self, node: ts.Node, expand: Callable[[ts.Node], tuple[Piece, ...]]
    ) -> tuple[Piece, ...]:
        callee = self._callee(node)
        if not self._may_make_string(callee):
            return (unknown_piece(node, self.parsed),)
        function = node.child_by_field_id(_FIELD_FUNCTION)
        arguments = node.child_by_field_id(_FIELD_ARGUMENTS)
        args = [a for a in (arguments.named_children if arguments else []) if a.type != "comment"]
        if callee in _ENV_GETTERS and args:
            name = string_literal(args[0])
            holder = _variable_name(args[0]) if name is None else None
            if name is not None or holder is not None:
                default = None
                if len(args) > 1:
                    second = args[1]
                    if second.type == "keyword_argument":
                        second = second.child_by_field_id(_FIELD_VALUE) or second
                    default = string_literal(second)
                    if default is None and second.type in _NUMBER_TYPES:
                        default = text(second)
                if name is None:
                    # `os.environ.get(PREFIX_VAR, "/api")`: the variable a constant names.
                    return (Piece("envname", holder or "", default),)
                return (Piece("env", name, default),)
        if callee in _CONVERSIONS and len(args) == 1:
            return expand(args[0])
        joined_args = [a for a in args if a.type != "keyword_argument"]
        if callee in _URL_JOINS and len(joined_args) == 2:
            # `urljoin(base, ref)` resolves as `new URL(ref, base)` does (RFC 3986).
            return (*expand(joined_args[0]), Piece("url"), *expand(joined_args[1]))
        if callee in self.path_joins and joined_args and len(joined_args) == len(args):
            return path_joined(expand(a) for a in joined_args)
        if function is not None and function.type == "attribute":
            receiver = function.child_by_field_id(_FIELD_OBJECT)
            method = text(function.child_by_field_id(_FIELD_ATTRIBUTE))
            if method in _SLASH_STRIPS and len(args) == 1 and string_literal(args[0]) == "/":
                stripped = slash_stripped(expand(receiver) if receiver is not None else ())
                if stripped:
                    return stripped
            if (
                method == "get"
                and args
                and string_literal(args[0]) == _BASE_URL
                and _is_settings(dotted(receiver) if receiver is not None else None)
            ):
                return (Piece("base"),)  # `web_app.settings.get("base_url", "/")`
            template = string_literal(receiver) if receiver is not None else None
            if template == "/" and method == "join":  # `"/".join(parts)`: several segments
                return (Piece("tail", unknown_piece(node, self.parsed).value),)
            if template is not None and method == "format":
                positional = [expand(a) for a in args if a.type != "keyword_argument"]
                named = {
                    text(a.child_by_field_id(_FIELD_NAME)): expand(
                        a.child_by_field_id(_FIELD_VALUE) or a
                    )
                    for a in args
                    if a.type == "keyword_argument"
                }
                return _str_format(template, positional, named)
        return (unknown_piece(node, self.parsed),)

    def _callee(self, call: ts.Node) -> str | None:
        """`dotted` of a call's function, read once a call: the binder, the pieces of a
        string and the returns all ask again about calls `_calls` has named."""
        key = call.id
        if key in self.callees:
            return self.callees[key]
        callee = self.callees[key] = dotted(call.child_by_field_id(_FIELD_FUNCTION))
        return callee

    def _may_make_string(self, callee: str | None) -> bool:
        """Whether `_call_pieces` may read more than one unknown piece from a call of
        `callee` (its dotted name; None for a callee written otherwise, `"/".join`): the
        calls it reads past this test. Most calls are none of them, and an argument that is
        such a call needs no more than where it is (`call_result`)."""
        return (
            callee is None
            or callee in _STRING_CALLEES
            or callee in self.path_joins
            or callee.rpartition(".")[2] in _STRING_METHODS
        )

    # -- bindings ----------------------------------------------------------------------

    def _bindings(self, scopes: ScopeIndex) -> tuple[list[Binding], list[Binding]]:
        """The bindings whose value is known here, and a `local` binding for each name a
        function assigns a value that is not (`r = await client.get(...)`), for
        `_local_bindings` to keep where it hides a module name."""
        pairs: list[tuple[ts.Node, ts.Node]] = []
        annotations: dict[int, str] = {}  # where an annotated target starts -> its class
        for node, left, right in self._assignments:
            if left is not None and right is not None:
                if left.kind_id in _IS_UNPACKED_TARGET and right.kind_id in _IS_UNPACKED_VALUE:
                    pairs.extend(_unpacked(left, right))
                else:  # most: one target, one value
                    pairs.append((left, right))
                typed = node.child_by_field_id(_FIELD_TYPE)  # most assignments have none
                annotated = _annotated_class(typed) if typed is not None else None
                if annotated is not None:
                    annotations[left.start_byte] = annotated
            elif left is not None:
                self.recorded.add(left.start_byte)  # `url: str` assigns nothing yet
        assigned = len(pairs)  # the pairs after these are `with ... as` targets
        for node in self.caps.get("with", ()):
            pattern = node.child_by_field_id(_FIELD_VALUE)
            value = pattern.named_child(0) if pattern is not None else None
            alias = pattern.child_by_field_id(_FIELD_ALIAS) if pattern is not None else None
            target = alias.named_child(0) if alias is not None else None
            if value is not None and target is not None:
                pairs.append((target, value))
        enclosing = scopes.enclosing([left.start_byte for left, _ in pairs])
        bindings: list[Binding] = []
        unknown: list[Binding] = []
        stores: list[Binding] = []
        for index, ((left, right), scope) in enumerate(zip(pairs, enclosing, strict=True)):
            shape = left.kind_id
            if shape == _ID_SUBSCRIPT and index < assigned:
                stored = self._stored(left, right, scope)
                if stored is not None:
                    stores.append(stored)
                continue
            name = dotted(left) if shape in _IS_NAME else None
            if name is None:
                continue
            # A `with` target follows its value, maybe lines later (`with httpx.Client(\n
            # base_url=...,\n) as c:`): its binding's line is the value's, where
            # `Values.creator` looks for the call that made it.
            line = (left if index < assigned else right).start_point[0] + 1
            binding = self._binding(name, left, right, scope, line)
            if binding is not None and binding.kind == "subscript":
                # Said apart (`ENTRY_OF`), for the resolver alone: to the rest, the name
                # holds a value not known here, as before.
                if shape == _ID_IDENTIFIER:
                    self.entries.append(dataclasses.replace(binding, target=ENTRY_OF + name))
                binding = None
            start = left.start_byte
            annotation = annotations.get(start) if annotations and index < assigned else None
            if annotation is not None:
                binding = _annotated(binding, name, annotation, scope, line)
            if binding is not None:
                bindings.append(binding)
            elif shape == _ID_ATTRIBUTE:
                # `self.base = pick(base)`: what it holds is not known here, but that it is
                # set here is (a value read from its other assignment would not be the whole
                # truth).
                none = ASSIGNED_NONE if right.type == "none" else ""
                bindings.append(Binding(name, "local", none, scope, line))
            elif index < assigned and shape == _ID_IDENTIFIER and scope != MODULE_SCOPE:
                none = ASSIGNED_NONE if right.type == "none" else ""
                unknown.append(Binding(name, "local", none, scope, line))
            else:
                continue
            if shape == _ID_ATTRIBUTE and scope == MODULE_SCOPE and not _top_level(left):
                # `if V2: router.prefix = "/v2"`: a value it may hold, not one it holds.
                bindings.append(Binding(BRANCHED + name, "local", "", scope, line))
            self.recorded.add(start)
        bindings += rebound_members(self.caps.get("rebind.member", ()), scopes, dotted)
        bindings += _stores_in_literals(stores, bindings)
        return bindings, unknown

    def _stored(self, left: ts.Node, right: ts.Node, scope: str) -> Binding | None:
        """The `STORED_IN` binding of `d[key] = value`, a key that is no number and `d` a
        dotted name: the call, name or entry stored (what may be an instance of a class),
        else a `local`."""
        held = dotted(left.child_by_field_id(_FIELD_VALUE)) if _keyed(left) else None
        if not held:
            return None
        target, line = STORED_IN + held, left.start_point[0] + 1
        kind, value = self._binding_value(right) or ("local", "")
        return Binding(target, kind, value, scope, line)

    def _binding(
        self, name: str, left: ts.Node, right: ts.Node, scope: str, line: int
    ) -> Binding | None:
        """The binding of `name = right`, when its value is known here."""
        kind = right.kind_id
        default = _made_by_default(right) if kind == _ID_BOOLEAN_OPERATOR else None
        bound = None
        if default is not None and not self._binding_pieces(default):
            # (A default that makes a string, `url or os.getenv("ML_URL")`, is not what
            # `url` holds when given: read as before, the name's.)
            bound = self._binding_value(default)
        pieces = self._binding_pieces(right)
        if bound is not None:
            # The pieces stay the name's: a first-party default may make a string too
            # (`base or default_url()`), and the string is the one handed in (`seams.values`).
            return Binding(name, bound[0], bound[1], scope, line, pieces)
        if pieces:
            return Binding(name, "expr", "", scope, line, pieces)
        conditional, inner = right, kind
        while inner == _ID_PARENTHESIZED and conditional.named_child_count:
            # `token_url = (\n  f"https://.../{tenant}/token" if single\n  else "https://..."\n)`
            conditional = conditional.named_children[0]
            inner = conditional.kind_id
        if inner == _ID_CONDITIONAL:
            # `url = f"{ML}/batch" if batch else f"{ML}/one"`: a choice of two strings, held
            # as a call's argument holds it (`either`).
            chosen = chosen_binding(name, self._arg(conditional, None), scope, line)
            if chosen is not None:
                return chosen
        if kind == _ID_DICTIONARY:
            items = self._arg(right, None).items
            return Binding(name, "object", "", scope, line, items=items)
        if name == "__all__" and scope == MODULE_SCOPE and kind in _IS_SEQUENCE:
            return _public_names(right, line)
        if kind == _ID_LIST_COMPREHENSION and left.kind_id == _ID_IDENTIFIER:
            over = _one_loop(right)
            source = over[1] if over is not None else None
            if source == name:
                # `handlers = [rewrite(h, prefix) for h in handlers]`: each item of the list
                # the name held, changed; its targets and the tuple made of each item, when
                # it makes one (`(prefix + path, cls)`), as `_each` reads an argument's.
                made = self._each(right, None, 1)
                items = made.items if made is not None else ()
                return Binding(name, "each", source, scope, line, items=items)
        if kind in _IS_SEQUENCE and left.kind_id == _ID_IDENTIFIER:
            # A tuple too: `build_handler = (r"/lab/api/build", BuildHandler)`, a rule a
            # list of Tornado's is then given by name (`handlers.append(build_handler)`).
            end_line = right.end_point[0] + 1
            items = self._items(right, 1, MAX_LIST_ITEMS)
            return Binding(name, "list", "", scope, line, items=items, end_line=end_line)
        bound = self._binding_value(right)
        return Binding(name, bound[0], bound[1], scope, line) if bound is not None else None

    def _local_bindings(
        self,
        scopes: ScopeIndex,
        imports: list[Import],
        definitions: list[Definition],
        bindings: list[Binding],
        unknown: list[Binding],
    ) -> list[Binding]:
        """A `typed` binding for each parameter annotated with a class this module imports
        or defines (`client: httpx.AsyncClient`: what its calls call), and `local` bindings for the
        other names a function binds to values not known here (a parameter, a loop target,
        `r = await client.get(...)`: `unknown`) that the module also binds: without them,
        `r.json()` in `async def a(client): r = await ...` resolved to the module's
        `r = redis.Redis()`. Only such names are kept (every one but `self` and `cls` in a
        module with a star import, which may bind any name): a local the module does not
        bind resolves to nothing either way. A name the module assigns an entry of a dict
        (`db = DATABASES["main"]`, `ENTRY_OF`) is one the module binds."""
        module = {b.target for b in bindings if b.scope == MODULE_SCOPE}
        module.update(d.qualname for d in definitions if "." not in d.qualname)
        module.update(b.target[len(ENTRY_OF) :] for b in self.entries if b.scope == MODULE_SCOPE)
        imported: set[str] = set()
        for imp in imports:
            if imp.scope == MODULE_SCOPE:
                imported.update(n.alias or n.name for n in imp.names)
                if not imp.names:
                    imported.add(imp.alias or imp.module.split(".")[0])
        module |= imported
        # `from .helpers import *` may bind any name at module scope: every name a function
        # binds to a value not known here may hide one (`for load in loaders: load()`).
        starred = any(n.name == "*" for imp in imports for n in imp.names)
        if not module and not starred:
            return []
        # A class a parameter may be annotated with: an imported one, a module alias of one
        # (`DbDep = Annotated[Session, Depends(get_db)]`, `Client = httpx.Client`) or a class
        # of this module.
        typable = imported | {
            b.target for b in bindings if b.scope == MODULE_SCOPE and b.kind == "name"
        }
        typable.update(
            d.qualname for d in definitions if d.kind == "class" and "." not in d.qualname
        )
        found: list[tuple[str, ts.Node, str]] = []  # (name, node where it is bound, its type)
        for node in self.caps.get("def.function", ()):
            parameters = node.child_by_field_id(_FIELD_PARAMETERS)
            for parameter in parameters.named_children if parameters is not None else ():
                name = _parameter_name(parameter)
                annotated = _annotation(parameter) if typable else None
                if annotated is not None and annotated.partition(".")[0] in typable:
                    found.append((name, parameter, annotated))
                elif name in module or (starred and name not in ("self", "cls")):
                    found.append((name, parameter, ""))
        for node in self.caps.get("for_target", ()):
            unpacked = node.type in ("pattern_list", "tuple_pattern")
            for target in node.named_children if unpacked else (node,):
                if target.type == "identifier" and (starred or text(target) in module):
                    found.append((text(target), target, ""))
        enclosing = scopes.enclosing([node.start_byte for _, node, _ in found])
        local: list[Binding] = []
        for (name, node, kind), scope in zip(found, enclosing, strict=True):
            if scope != MODULE_SCOPE and name:
                local.append(
                    Binding(
                        name, "typed" if kind else "local", kind, scope, node.start_point[0] + 1
                    )
                )
                self.recorded.add(node.start_byte)
        # A value not known here also counts where the function binds the name otherwise:
        # the name is then assigned more than once there.
        pairs = {(b.scope, b.target) for b in bindings}
        local.extend(
            b for b in unknown if starred or b.target in module or (b.scope, b.target) in pairs
        )
        return local

    def _loop_items(
        self,
        scopes: ScopeIndex,
        bindings: list[Binding],
        changed: set[bytes | None],
        definitions: list[Definition],
    ) -> list[Binding]:
        """An `item` binding for each variable of a loop over a tuple or list of names
        written in place, with those names as `items` (`for module in (users, items):
        app.include_router(module.router)`), or over a name the module (or the loop's
        function) binds to one, `value` (`for router in API_ROUTERS:`, as a JS `for (const x
        of name)` loop's), or over a parameter of the loop's function, `value` too (`def
        add_routes(routers): for r in routers:`, read with what its calls give), unless its
        scope binds it otherwise, or the file changes an entry of the name's (`changed`:
        `API_ROUTERS[0] = runs.router`)."""
        bound = {(b.scope, b.target) for b in bindings}
        listed = {
            (b.scope, b.target)
            for b in bindings
            if b.kind == "list"
            and b.items
            and all(i.kind == "name" for i in b.items)
            and b.target.encode() not in changed
        }
        # (a parameter its body assigns again is named "" in `params`, and so is left out)
        params = {
            (d.qualname, p.removesuffix("="))
            for d in definitions
            if d.kind in ("function", "lambda")
            for p in d.params
            if p and p[0] not in "*/"
        }
        found: list[tuple[ts.Node, str, tuple[Arg, ...]]] = []
        for node in self.caps.get("for_target", ()):
            if node.type != "identifier":  # looked at first: `parent` walks down from the root
                continue
            loop = node.parent
            right = loop.child_by_field_id(_FIELD_RIGHT) if loop is not None else None
            if right is None:
                continue
            if right.type == "identifier" and (listed or params):
                found.append((node, text(right), ()))
                continue
            if right.type not in _SEQUENCES:
                continue
            names = [dotted(item) for item in right.named_children]
            if not names or len(names) > MAX_ITEMS or not all(names):
                continue
            found.append((node, "", tuple(Arg("name", n) for n in names if n)))
        enclosing = scopes.enclosing([node.start_byte for node, _, _ in found])
        return [
            Binding(text(node), "item", over, scope, node.start_point[0] + 1, items=items)
            for (node, over, items), scope in zip(found, enclosing, strict=True)
            if (scope, text(node)) not in bound
            and (
                not over
                or (scope, over) in listed
                or (MODULE_SCOPE, over) in listed
                or (scope, over) in params
            )
        ]

    def _prefixing_loops(self, scopes: ScopeIndex) -> list[Binding]:
        """A `PREFIXED` binding for each loop rewriting the list it goes through in place,
        each tuple's first item joined after a name (`for i, tup in enumerate(handlers)`,
        with `url_path_join(prefix, tup[0])` and `handlers[i] = ...` in its body): the
        list's name, and the prefix's in `items`."""
        found: list[tuple[ts.Node, str, str]] = []
        for node in self.caps.get("for_target", ()):
            if node.type not in ("pattern_list", "tuple_pattern"):  # most: no `parent` walk
                continue
            loop = node.parent
            targets = [c for c in node.named_children if c.type == "identifier"]
            if loop is None:
                continue
            if len(targets) != 2 or node.named_child_count != 2:
                continue
            over = _enumerated(loop.child_by_field_id(_FIELD_RIGHT))
            body = loop.child_by_field_id(_FIELD_BODY)
            if over is None or body is None:
                continue
            index, item = text(targets[0]), text(targets[1])
            prefix = self._first_item_joined(body, item)
            if prefix is not None and _item_set(body, over, index):
                found.append((loop, over, prefix))
        enclosing = scopes.enclosing([loop.start_byte for loop, _, _ in found])
        return [
            Binding(PREFIXED, "name", over, scope, loop.start_point[0] + 1,
                    items=(leaf_arg("name", prefix),))
            for (loop, over, prefix), scope in zip(found, enclosing, strict=True)
            if scope != MODULE_SCOPE
        ]  # fmt: skip

    def _first_item_joined(self, body: ts.Node, item: str) -> str | None:
        """The name a path join in a loop's body puts before the first item of the loop's
        tuple (`url_path_join(prefix, tup[0])`), when it is the only one."""
        names: set[str] = set()
        for call in _descendants(body, "call"):
            callee = dotted(call.child_by_field_id(_FIELD_FUNCTION))
            arguments = call.child_by_field_id(_FIELD_ARGUMENTS)
            args = arguments.named_children if arguments is not None else []
            if callee not in self.path_joins or len(args) != 2:
                continue
            first, second = args
            if first.type == "identifier" and _first_of(second, item):
                names.add(text(first))
        return next(iter(names)) if len(names) == 1 else None

    def _returned_calls(self, scopes: ScopeIndex) -> list[Binding]:
        """A `RETURNED` binding for each function whose only `return` returns a call's
        result (`def get_settings(): return Settings()`) or a dotted name (`return
        request.app.state.client`), so that what a call of it gives can be followed one
        level, or a `/` join (`joined`, `value` the dotted name or call chain on its left:
        `return FILES_DIRECTORY / self.id`); or, when that `return` is a statement of the
        body itself, a string (`str`, `expr`: `return f"{BASE}/v1/{path}"`, a URL a helper
        makes)."""
        found: list[Binding] = []
        for scope, nodes in _by_scope(self.caps.get("return", ()), scopes).items():
            value = returned_value(nodes[0]) if len(nodes) == 1 else _one_name(nodes)
            if value is None and len(nodes) > 1:
                value = self._memoised(nodes, scope, scopes)
            while value is not None and value.type == "parenthesized_expression":
                value = returned_value(value)
            if scope == MODULE_SCOPE or value is None:
                continue
            line = nodes[0].start_point[0] + 1
            if value.type == "call":
                callee = self._callee(value)
                joined = callee in self.path_joins and _ends_body(nodes[0])
                if joined and (pieces := self._binding_pieces(value)):
                    # `return url_path_join(self.base_url, "/hub/")`: the string it makes.
                    found.append(Binding(RETURNED, "expr", "", scope, line, pieces))
                elif callee is not None:
                    found.append(Binding(RETURNED, "call", callee, scope, line))
            elif value.type in ("identifier", "attribute"):
                name = dotted(value)
                if name is not None:
                    found.append(Binding(RETURNED, "name", name, scope, line))
            elif value.type == "binary_operator" and is_path_join(value):
                # `return FILES_DIRECTORY / self.id`: a new object of the left operand's class.
                left = _join_base(value)
                name = dotted(left) if left is not None else None
                if name is not None:
                    found.append(Binding(RETURNED, "joined", name, scope, line))
            elif not _ends_body(nodes[0]):
                continue  # a string is what each call gives only where it always returns
            elif (literal := string_literal(value)) is not None:
                found.append(Binding(RETURNED, "str", literal, scope, line))
            elif pieces := self._binding_pieces(value):  # `return f"{BASE}/v1/{path}"`
                found.append(Binding(RETURNED, "expr", "", scope, line, pieces))
        return found

    def _memoised(
        self, returns: Sequence[ts.Node], scope: str, scopes: ScopeIndex
    ) -> ts.Node | None:
        """The name a memoising function returns (Prefect's `create_app`: `if key in
        APP_CACHE: return APP_CACHE[key]`, then `APP_CACHE[key] = app; return app`): each
        `return` gives that name or an entry of a dict the file writes empty and fills only
        there, with that name (no other store, `del`, nor method call but a read)."""
        values = [returned_value(node) for node in returns]
        named = [v for v in values if v is not None and v.type in ("identifier", "attribute")]
        names = {text(v) for v in named}
        entries = [v for v in values if v is not None and v.type == "subscript"]
        if len(names) != 1 or len(named) + len(entries) != len(values) or not entries:
            return None
        caches = {dotted(v.child_by_field_id(_FIELD_VALUE)) for v in entries}
        if None in caches:
            return None
        name = names.pop()
        stores: list[ts.Node] = []  # where an entry of a cache is set
        empty = set()  # the caches written as `{}`
        for node, left, right in self._assignments:
            if left is None:
                continue
            if left.type in ("identifier", "attribute") and dotted(left) in caches:
                if right is None or right.type != "dictionary" or right.named_child_count:
                    return None  # a cache holding what seamcheck does not know
                empty.add(dotted(left))
            elif (
                left.type == "subscript" and dotted(left.child_by_field_id(_FIELD_VALUE)) in caches
            ):
                if right is None or text(right) != name:
                    return None
                stores.append(node)
        if empty != caches or not stores:
            return None
        changed = [*self.caps.get("rebind.entry", ()), *self.caps.get("delete", ())]
        if any(any(cache and cache in text(c) for cache in caches) for c in changed):
            return None
        for call in self.caps.get("call", ()):
            callee = self._callee(call) or ""
            receiver, _, method = callee.rpartition(".")
            if receiver in caches and method not in ("get", "keys", "values", "items", "copy"):
                return None
        enclosing = scopes.enclosing([node.start_byte for node in stores])
        return named[0] if all(at == scope for at in enclosing) else None

    def _yielded(self, scopes: ScopeIndex) -> list[Binding]:
        """A `YIELDED` binding for each function whose only `yield` yields a name, a call's
        result or a dict literal: what a FastAPI dependency (`yield client`) or a lifespan
        (`yield {"client": client}`) hands on."""
        found: list[Binding] = []
        for scope, nodes in _by_scope(self.caps.get("yield", ()), scopes).items():
            value = returned_value(nodes[0]) if len(nodes) == 1 else _one_name(nodes)
            if scope == MODULE_SCOPE or value is None or value.type not in _YIELDED_VALUES:
                continue
            if any(child.type == "from" for child in nodes[0].children):
                continue  # `yield from`: what another generator yields
            binding = self._binding(YIELDED, nodes[0], value, scope, nodes[0].start_point[0] + 1)
            if binding is not None and value.type == "dictionary" and _unread_entries(value):
                binding = dataclasses.replace(binding, items=(*binding.items, leaf_arg("more")))
            if binding is not None:
                found.append(binding)
        return found

    def _binding_value(self, node: ts.Node) -> tuple[str, str] | None:
        kind = node.kind_id
        if kind == _ID_CALL:
            callee = self._callee(node)
            return ("call", callee) if callee else None
        if kind in _IS_NAME:
            name = dotted(node)
            return ("name", name) if name else None
        if kind == _ID_SUBSCRIPT:
            subscripted = dotted(node.child_by_field_id(_FIELD_VALUE))
            if subscripted in _ANNOTATED:
                # `SessionDep = Annotated[Session, Depends(get_session)]` names the class for
                # the parameters annotated with it.
                first = node.child_by_field_id(_FIELD_SUBSCRIPT)
                return self._binding_value(first) if first is not None else None
            # `db = self.databases[name]`: an entry of a dict, by a key that is no number.
            return ("subscript", subscripted) if subscripted and _keyed(node) else None
        if kind == _ID_BINARY_OPERATOR and is_path_join(node):
            # `Path(d) / "LATEST"` is a Path again: the joined value keeps the left object.
            left = node.child_by_field_id(_FIELD_LEFT)
            return self._binding_value(left) if left is not None else None
        literal = string_literal(node) if kind == _ID_STRING else None
        if literal is not None:
            return ("str", literal)
        if kind in _IS_LAMBDA:
            return ("func", self.def_names.get(node.id, ""))
        return None

    def _binding_pieces(self, node: ts.Node) -> tuple[Piece, ...]:
        """A string built at run time that a binding holds (`URL = f"http://{HOST}"`)."""
        kind = node.kind_id
        if kind not in _IS_PIECE_KIND or kind in _IS_NAME:
            return ()
        if string_literal(node) is not None:
            return ()
        if kind == _ID_CALL:
            callee = self._callee(node)
            method = callee.rpartition(".")[2] if callee is not None else ""
            # Read: the environment, conversions and `base.rstrip("/")` (`_call_pieces`).
            read = (None, *_ENV_GETTERS, *_CONVERSIONS, *self.path_joins)
            if callee not in read and method not in _SLASH_STRIPS and method != "get":
                return ()
        pieces = self._pieces(node)
        return pieces if informative(pieces) else ()


def _made_by_default(node: ts.Node) -> ts.Node | None:
    """The call in `given or Made(...)` when `given` is a name (`self.s3 = s3 or
    boto3.client("s3")`): a dependency handed in, or else made here, is taken to be of the
    kind the default makes, as a type checker narrows `X | None or X` to X."""
    if node.type != "boolean_operator" or written_operator(node) != "or":
        return None
    given, default = node.child_by_field_id(_FIELD_LEFT), node.child_by_field_id(_FIELD_RIGHT)
    if given is None or given.type not in ("identifier", "attribute"):
        return None
    return default if default is not None and default.type == "call" else None


def _join_base(node: ts.Node) -> ts.Node | None:
    """The left operand of a chain of `/` joins (`root` in `root / "a" / name`)."""
    left = node.child_by_field_id(_FIELD_LEFT)
    while left is not None and left.type == "binary_operator" and is_path_join(left):
        left = left.child_by_field_id(_FIELD_LEFT)
    return left


def _is_settings(name: str | None) -> bool:
    """Whether a dotted name is a Tornado application's settings (`web_app.settings`,
    `self.settings`, `settings`)."""
    return name is not None and (name == "settings" or name.endswith(".settings"))


def _enclosing_functions(scope: str, kinds: dict[str, str]) -> Iterator[str]:
    """The functions `scope` is nested in, innermost first (class bodies skipped: their
    names are not their methods')."""
    while (scope := enclosing_scope(scope)) != MODULE_SCOPE:
        if kinds.get(scope) != "class":
            yield scope


def _percent_format(template: str, values: list[tuple[Piece, ...]]) -> tuple[Piece, ...]:
    """`"http://%s:%d/x" % (host, port)`: each conversion takes the next value."""
    pieces: list[Piece] = []
    cursor = 0
    remaining = iter(values)
    for match in _PERCENT_SPEC.finditer(template):
        pieces.append(Piece("lit", template[cursor : match.start()]))
        if match.group() == "%%":
            pieces.append(Piece("lit", "%"))
        else:
            pieces.extend(next(remaining, (Piece("unknown", match.group()),)))
        cursor = match.end()
    pieces.append(Piece("lit", template[cursor:]))
    return joined(pieces)


def _str_format(
    template: str, positional: list[tuple[Piece, ...]], named: dict[str, tuple[Piece, ...]]
) -> tuple[Piece, ...]:
    """`"http://{}:{port}/x".format(host, port=p)` with `{}`, `{0}` and `{name}` fields."""
    pieces: list[Piece] = []
    cursor = 0
    auto = 0
    for match in _FORMAT_FIELD.finditer(template):
        pieces.append(Piece("lit", template[cursor : match.start()]))
        cursor = match.end()
        if match.group() in ("{{", "}}"):
            pieces.append(Piece("lit", match.group()[0]))
            continue
        field = re.split(r"[!:.\[]", match.group(1), maxsplit=1)[0]
        if field == "":
            value = positional[auto] if auto < len(positional) else None
            auto += 1
        elif field.isascii() and field.isdigit() and len(field) < 10:
            # Not `{²}` nor `{` and 5,000 digits `}`, which `isdigit` takes and `int` refuses.
            index = int(field)
            value = positional[index] if index < len(positional) else None
        else:
            value = named.get(field)
        pieces.extend(value if value is not None else (Piece("unknown", match.group()),))
    pieces.append(Piece("lit", template[cursor:]))
    return joined(pieces)


# A call's arguments spread from a value: what they give is not known here.
_SPLATS = {"list_splat": "*", "dictionary_splat": "**"}
# A function's parameters as `Definition.params` records them, by node type.
_PARAMETER_MARKS = {
    "list_splat_pattern": "*",
    "keyword_separator": "*",
    "dictionary_splat_pattern": "**",
    "positional_separator": "/",
}


def _falsy_exits(function: ts.Node) -> tuple[str, ...]:
    """The name `if not name: return ...`, the first statement of `function` after its
    docstring, tests: the function returns at once when given a falsy value for it."""
    body = function.child_by_field_id(_FIELD_BODY)
    statements = _first_statements(body, 2) if body is not None else []
    if statements and _is_docstring(statements[0]):
        statements = statements[1:]
    guard = statements[0] if statements else None
    if guard is None or guard.type != "if_statement":
        return ()
    condition = guard.child_by_field_id(_FIELD_CONDITION)
    consequence = guard.child_by_field_id(_FIELD_CONSEQUENCE)
    if (
        condition is None
        or condition.type != "not_operator"
        or consequence is None
        or guard.child_by_field_id(_FIELD_ALTERNATIVE) is not None
    ):
        return ()
    tested = condition.child_by_field_id(_FIELD_ARGUMENT)
    done = [c for c in consequence.named_children if c.type != "comment"]
    if tested is None or tested.type != "identifier" or len(done) != 1:
        return ()
    return (text(tested),) if done[0].type == "return_statement" else ()


def _first_statements(block: ts.Node, count: int) -> list[ts.Node]:
    """The first `count` statements of `block` (comments are none): only those are read,
    where `named_children` would make a node of each statement of a long body."""
    found: list[ts.Node] = []
    for index in range(block.named_child_count):
        child = block.named_child(index)
        if child is not None and child.kind_id != _ID_COMMENT:
            found.append(child)
            if len(found) == count:
                break
    return found


def _is_docstring(statement: ts.Node) -> bool:
    return statement.kind_id == _ID_EXPRESSION_STATEMENT and all(
        c.kind_id == _ID_STRING for c in statement.named_children
    )


def _parameters(
    node: ts.Node,
) -> tuple[tuple[str, ...], tuple[str, ...], list[tuple[str, ts.Node]]]:
    """A function's or lambda's parameters, in order (see `Definition.params`); the name
    of its `**` parameter (`**kwargs`), alone in a tuple, or (); and each named
    parameter's default value, with its name (see `Definition.defaults`)."""
    parameters = node.child_by_field_id(_FIELD_PARAMETERS)
    if parameters is None:
        return (), (), []
    found: list[str] = []
    keywords: tuple[str, ...] | None = None  # the first `**` parameter's, once met
    defaults: list[tuple[str, ts.Node]] = []
    for parameter in parameters.named_children:
        shape = parameter.kind_id
        if shape == _ID_COMMENT:
            continue
        if shape == _ID_IDENTIFIER:  # most: a plain name (`self`), its type not read
            found.append(text(parameter))
            continue
        kind = parameter.type
        if kind == "typed_parameter":  # `x: int`, also `*args: int`
            inner = parameter.named_child(0)
            kind, parameter = (inner.type, inner) if inner is not None else (kind, parameter)
        mark = _PARAMETER_MARKS.get(kind)
        if mark is not None:
            found.append(mark)
            if kind == "dictionary_splat_pattern" and keywords is None:
                named = parameter.named_child(0)
                keywords = (
                    (text(named),) if named is not None and named.type == "identifier" else ()
                )
        elif kind == "identifier":
            found.append(text(parameter))
        elif kind in ("default_parameter", "typed_default_parameter"):
            name = parameter.child_by_field_id(_FIELD_NAME)
            if name is not None and name.type == "identifier":
                named_as = text(name)
                found.append(named_as + "=")
                default = parameter.child_by_field_id(_FIELD_VALUE)
                if default is not None:
                    defaults.append((named_as, default))
            else:
                found.append("")
        else:
            found.append("")
    return tuple(found), keywords or (), defaults


def _top_level(target: ts.Node) -> bool:
    """Whether the assignment to `target` is a statement of its module's body itself: not
    in a branch, loop, `with` or `try`."""
    node = target.parent
    while node is not None and node.type != "expression_statement":
        node = node.parent
    return node is not None and node.parent is not None and node.parent.type == "module"


# The calls that set or take out one entry of a dict by its key (`kwargs.setdefault("x", 1)`).
_ENTRY_CALLS = frozenset({b"setdefault", b"pop"})


def _in_body_statement(call: ts.Node) -> bool:
    """Whether a call is a statement of a function's body itself, alone or the value of an
    assignment (`kwargs.setdefault("x", 1)`, `prefix = kwargs.pop("prefix", "")`): it runs
    whenever the body does, not in a branch, loop, `with` or `try`, nor only as another
    expression chooses."""
    statement = call.parent
    if statement is not None and statement.type == "assignment":
        if statement.child_by_field_id(_FIELD_RIGHT) != call:
            return False
        statement = statement.parent
    if statement is None or statement.type != "expression_statement":
        return False
    block = statement.parent
    owner = block.parent if block is not None and block.type == "block" else None
    return owner is not None and owner.type == "function_definition"


def _changed_keywords(
    definitions: list[Definition],
    scopes: ScopeIndex,
    assigned: list[ts.Node],
    entries: list[tuple[ts.Node, str | None]],
) -> list[Definition]:
    """`definitions` with what their bodies, or functions inside them, do to their `**`
    parameter (`Definition.keywords`): () where they assign it again (`assigned`: the
    identifiers assigned) or set or delete an entry of it by a key that is no string
    (`entries`: the identifiers subscripted so, with the key, None for such a one); else
    the keys they set or delete, after its name."""
    names = {d.keywords[0].encode() for d in definitions if d.keywords}
    if not names:  # most files: no function takes `**kwargs`, no name needs reading
        return definitions
    changes: list[tuple[ts.Node, str | None]] = [
        (node, None) for node in assigned if node_bytes(node) in names
    ]
    changes += [(node, key) for node, key in entries if node_bytes(node) in names]
    if not changes:
        return definitions
    enclosing = scopes.enclosing([node.start_byte for node, _ in changes])
    by_name: dict[bytes, list[tuple[str, str | None]]] = {}
    for (node, key), scope in zip(changes, enclosing, strict=True):
        by_name.setdefault(node_bytes(node), []).append((scope, key))
    changed: list[Definition] = []
    for d in definitions:
        at = by_name.get(d.keywords[0].encode(), ()) if d.keywords else ()
        hits = [
            key for scope, key in at if scope == d.qualname or scope.startswith(d.qualname + ".")
        ]
        if not hits:
            changed.append(d)
        elif any(not key for key in hits):  # assigned again, or a key that is no string
            changed.append(dataclasses.replace(d, keywords=()))
        else:
            keys = tuple(sorted({key for key in hits if key}))
            changed.append(dataclasses.replace(d, keywords=(d.keywords[0], *keys)))
    return changed


_SEQUENCES = frozenset({"list", "tuple"})
_IS_SEQUENCE = _kinds(*_SEQUENCES)
_UNPACKED_TARGETS = frozenset({"pattern_list", "tuple_pattern", "list_pattern"})
_UNPACKED_VALUES = frozenset({"expression_list", "tuple", "list"})
_IS_UNPACKED_TARGET = _kinds(*_UNPACKED_TARGETS)
_IS_UNPACKED_VALUE = _kinds(*_UNPACKED_VALUES)
_SPLATS_IN_PLACE = frozenset({"list_splat", "list_splat_pattern", "parenthesized_list_splat"})


def _unpacked(left: ts.Node, right: ts.Node) -> Iterator[tuple[ts.Node, ts.Node]]:
    """The (target, value) pairs of an assignment: each target with the value in its place
    when both sides are written out item by item, of one length and with no `*` (`p1, p2 =
    Path("a"), Path("b")`, `(client, n) = (httpx.Client(), 1)`, nested alike); else the
    assignment as it is (`a, b = f()`: which item of what `f` returns goes where is not
    known here)."""
    if left.type not in _UNPACKED_TARGETS or right.type not in _UNPACKED_VALUES:
        yield left, right
        return
    targets = [n for n in left.named_children if n.type != "comment"]
    values = [n for n in right.named_children if n.type != "comment"]
    if len(targets) != len(values) or any(n.type in _SPLATS_IN_PLACE for n in targets + values):
        yield left, right
        return
    for target, value in zip(targets, values, strict=True):
        yield from _unpacked(target, value)


def _public_names(node: ts.Node, line: int) -> Binding:
    """`__all__ = [...]` (or a tuple) at module scope: a `list` binding of its entries, each
    a `str` item, anything else an `other` one (what a star import of the module brings)."""
    items = tuple(
        leaf_arg("str", literal)
        if (literal := string_literal(item)) is not None
        else leaf_arg("other")
        for item in node.named_children
        if item.type != "comment"
    )
    return Binding(
        "__all__", "list", "", MODULE_SCOPE, line, items=items, end_line=node.end_point[0] + 1
    )


def _all_extended(
    rebound: Sequence[ts.Node], scopes: ScopeIndex
) -> tuple[list[ts.Node], list[Binding]]:
    """`__all__ += [...]` (or a tuple) at module scope, as another `list` binding of
    `__all__` (see `_public_names`); and the other augmented assignments, left for
    `augmented_bindings`."""
    extensions = [(node, right) for node in rebound if (right := _all_extension(node)) is not None]
    if not extensions:
        return list(rebound), []
    where = scopes.enclosing([node.start_byte for node, _ in extensions])
    found = {
        node.start_byte: _public_names(right, node.start_point[0] + 1)
        for (node, right), scope in zip(extensions, where, strict=True)
        if scope == MODULE_SCOPE
    }
    return [n for n in rebound if n.start_byte not in found], list(found.values())


def _all_extension(node: ts.Node) -> ts.Node | None:
    """The list or tuple `__all__ += [...]` adds, when `node` is that `__all__`."""
    if node_bytes(node) != b"__all__":  # most: no `parent`, which walks down from the root
        return None
    statement = node.parent
    if statement is None or statement.type != "augmented_assignment":
        return None
    right = statement.child_by_field_id(_FIELD_RIGHT)
    operator = statement.child_by_field_id(_FIELD_OPERATOR)
    if right is None or right.type not in _SEQUENCES or text(operator) != "+=":
        return None
    return right


def _target_names(node: ts.Node | None) -> Iterator[ts.Node]:
    """The identifiers an assignment target binds: `x`, `a, x`, `[a, (b, x)]`, `*x`."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        kind = current.kind_id
        if kind == _ID_IDENTIFIER:
            yield current
        elif kind in _IS_TARGET_PATTERN:
            stack.extend(current.named_children)


def _spread_name(node: ts.Node) -> str | None:
    """`name` for a `*name` list item (a dotted name), else None."""
    if node.kind_id != _ID_LIST_SPLAT:
        return None
    inner = node.named_child(0)
    return dotted(inner) if inner is not None else None


def _written_join(function: ts.Node, data: bytes) -> str:
    """The callee as written when its dotted name read a path join as its left operand
    (`(root / name).resolve`: `root.resolve`), on one line; else ""."""
    # Looked for in the file's bytes first: this runs for every call, and nearly none has a
    # slash in its callee (`node.text` would copy each callee's bytes).
    if data.find(b"/", function.start_byte, function.end_byte) < 0:
        return ""
    raw = function.text or b""
    if dotted_name(function, grammar=_NO_JOIN) is not None:
        return ""
    # A join broken over lines, `(\n    base\n    / "x"\n).read_text`, as one would write it
    # on one: `(base / "x").read_text`.
    one_line = " ".join(raw.decode("utf-8", "replace").split())
    return _PADDED_BRACKETS.sub(r"\1\2", one_line)


def _importlib_target(args: tuple[Arg, ...]) -> str | None:
    """The module `import_module(name, package)` loads, when the call says it literally.

    A relative name is relative to `package`: a literal package makes it absolute, the
    importer's own `__name__`/`__package__` keeps it relative to this file, anything else
    (`app_config.name`) is dynamic and not an import we can know.
    """
    name = args[0].value
    if not name.startswith("."):
        return name
    package = next((a for a in args[1:] if a.keyword in (None, "package")), None)
    if package is None:
        return None
    if package.kind == "name" and package.value in ("__name__", "__package__"):
        return name
    if package.kind != "str" or not package.value:
        return None
    level = len(name) - len(name.lstrip("."))
    base = package.value.split(".")
    if level - 1 >= len(base):
        return None
    kept = base[: len(base) - (level - 1)]
    rest = name[level:]
    return ".".join([*kept, rest] if rest else kept)


# The parents an attribute is not read under: a call of it (already a call fact), the
# target of an assignment (a setter) or of `del` (a deleter).
_TARGET_PARENTS = frozenset({"pattern_list", "tuple_pattern", "list_pattern"})
_NUMBER_KEYS = frozenset({"integer", "float", "slice", "unary_operator", "binary_operator"})
_IS_NUMBER_KEY = _kinds(*_NUMBER_KEYS)
# After an attribute: not where it is called or assigned (most are), which the tree says
# for the matches left.
_NOT_CALLED = rb"(?!\w|\s*\(|\s*=[^=])"
_ATTRIBUTE = re.compile(rb"[A-Za-z_]\w*" + _NOT_CALLED)
# `dbs[name].size`: an attribute read on a subscript (`FileFacts.reads`).
_SUBSCRIPT_READ = re.compile(rb"\]\.([A-Za-z_]\w*)" + _NOT_CALLED)
# What may come before a name in a dotted one or an identifier (`x.db.size`, `mydb.size`).
_NAME_BYTES = frozenset(bytes([c]) for c in b"._" + string.ascii_letters.encode() + b"0123456789")


def _accessors(name: str) -> tuple[str, str]:
    """The decorators that make a method named `name` a property's setter or deleter."""
    return (f"{name}.setter", f"{name}.deleter")


def _shown_entry(read: ts.Node) -> CalleeAside | None:
    """A read on a subscript as written, on one line, for the messages (`dbs[name].size`
    for the callee `dbs[].size`); None for any other read."""
    entry = read.child_by_field_id(_FIELD_OBJECT)
    if entry is None or entry.type != "subscript":
        return None
    return callee_aside(written=" ".join((read.text or b"").decode("utf-8", "replace").split()))


def _occurrences(data: bytes, needle: bytes, start: int, end: int) -> Iterator[int]:
    """Where `needle` is written in `data[start:end]`, in order."""
    at = data.find(needle, start, end)
    while at >= 0:
        yield at
        at = data.find(needle, at + len(needle), end)


def _read_on(read: ts.Node | None, end: int) -> ts.Node | None:
    """What `read`, an attribute ending at `end` that is neither called nor assigned, is
    read on; None for any other node."""
    if read is None or read.type != "attribute" or read.end_byte != end:
        return None
    return None if _called_or_assigned(read) else read.child_by_field_id(_FIELD_OBJECT)


def _keyed(subscript: ts.Node) -> bool:
    """Whether a subscript reads one entry by a key that is no number (`dbs[name]`,
    `dbs["main"]`): what a dict's entries are read by, not a list's or an array's."""
    keys = subscript.children_by_field_id(_FIELD_SUBSCRIPT)
    return len(keys) == 1 and keys[0].kind_id not in _IS_NUMBER_KEY


def _called_or_assigned(node: ts.Node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "call":
        return parent.child_by_field_id(_FIELD_FUNCTION) == node
    if parent.type == "delete_statement":
        return True
    child = node
    while parent is not None and parent.type in _TARGET_PARENTS:
        child, parent = parent, parent.parent
    if parent is not None and parent.type in ("assignment", "augmented_assignment"):
        return parent.child_by_field_id(_FIELD_LEFT) == child
    return False


def extract_python(path: str, data: bytes) -> FileFacts:
    extractor = _PythonExtractor(path, _as_utf8(data))
    with reading(extractor.parsed):
        return extractor.run()


# PEP 263: a `coding` comment on the first or second line names the file's encoding.
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def _as_utf8(data: bytes) -> bytes:
    """The source as UTF-8, which tree-sitter parses: a file that declares another encoding
    (`# -*- coding: latin-1 -*-`) and is not UTF-8 already is decoded with it. Lines and
    character columns stay where they were; only the bytes that spell them change."""
    if b"coding" not in data[:400]:  # most files: no cookie to look for
        return data
    for line in data.split(b"\n", 2)[:2]:
        match = _CODING.match(line)
        if match is None:
            continue
        try:
            data.decode("utf-8")
            return data
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(match.group(1).decode("ascii"), "replace").encode("utf-8")
        except (LookupError, UnicodeError):
            return data
    return data


_TYPED_PARAMETERS = frozenset({"typed_parameter", "typed_default_parameter"})
_IS_TYPED_PARAMETER = _kinds(*_TYPED_PARAMETERS)
_BUILTIN_NAMES = frozenset(dir(builtins))
_YIELDED_VALUES = frozenset({"identifier", "attribute", "call", "dictionary"})
_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_OPTIONAL = frozenset({"Optional", "typing.Optional", "t.Optional"})
_MAX_WRAPPERS = 4
_MAPPINGS = frozenset(
    f"{module}{name}"
    for module in ("", "typing.", "t.", "collections.abc.")
    for name in ("dict", "Dict", "Mapping", "MutableMapping", "OrderedDict")
)
_ANNOTATED = frozenset(
    {"Annotated", "typing.Annotated", "t.Annotated", "typing_extensions.Annotated"}
)


_SELF = b"self."
_WORD_RUN = re.compile(rb"\w+")
# The bytes a bytes pattern's `\w` matches.
_WORD_BYTES = frozenset(bytes([c]) for c in b"_" + string.ascii_letters.encode() + b"0123456789")


def _self_attributes(
    data: bytes, start: int, end: int, names: set[str]
) -> Iterator[tuple[int, int, str]]:
    """Where `self.name` is written in data[start:end], `name` one of `names` and a whole
    word (`self` too), with the name: what `finditer` of the pattern of those words finds,
    in the same places. Found with `bytes.find`: that pattern has no literal prefix for the
    regular expression engine to look for, which tried a match at every byte of each class
    with a property (1.4% of extracting Django), and compiling it for each class cost 2%."""
    if not all(_WORD_RUN.fullmatch(name.encode()) for name in names):
        # A name spelt otherwise than a bytes pattern's `\w` reads (non-ASCII): as written.
        pattern = re.compile(rb"\bself\.(%s)\b" % b"|".join(n.encode() for n in names))
        for match in pattern.finditer(data, start, end):
            yield match.start(), match.end(), match.group(1).decode()
        return
    at = data.find(_SELF, start, end)
    while at >= 0:
        word = _WORD_RUN.match(data, at + len(_SELF), end)
        name = word.group().decode() if word is not None else ""
        if word is not None and name in names and data[at - 1 : at] not in _WORD_BYTES:
            yield at, word.end(), name
            at = data.find(_SELF, word.end(), end)  # past the match, as `finditer` goes on
        else:
            at = data.find(_SELF, at + 1, end)


def _annotation(node: ts.Node) -> str | None:
    """The class a parameter is annotated with, when the annotation names one: `httpx.Client`
    for `c: httpx.Client`, `c: httpx.Client | None = None`, `c: Optional[httpx.Client]` and
    `c: "httpx.Client"` (a forward reference)."""
    if node.kind_id not in _IS_TYPED_PARAMETER:
        return None
    return _annotation_name(node.child_by_field_id(_FIELD_TYPE))


def _unread_entries(node: ts.Node) -> bool:
    """Whether a dict literal has entries its `object` Arg leaves out, which may set any key:
    a `**splat`, a key not written as a string, entries past those read."""
    pairs = [c for c in node.named_children if c.type != "comment"]
    return len(pairs) > MAX_ITEMS or any(
        c.type != "pair" or string_literal(c.child_by_field_id(_FIELD_KEY) or c) is None
        for c in pairs
    )


def _ends_body(returned: ts.Node) -> bool:
    """Whether a function's only `return` is a statement of the function's body itself, not
    of a branch, loop, `with` or `try` in it."""
    block = returned.parent
    owner = block.parent if block is not None and block.type == "block" else None
    return owner is not None and owner.type == "function_definition"


def _one_name(returns: Sequence[ts.Node]) -> ts.Node | None:
    """The dotted name each of several `return`s returns, when they all return the same
    (a lazy getter: `if self._client: return self._client`, and after setting it, again)."""
    values = [returned_value(node) for node in returns]
    names = {
        text(v) if v is not None and v.type in ("identifier", "attribute") else None for v in values
    }
    return values[0] if len(names) == 1 and None not in names else None


def _by_scope(nodes: Sequence[ts.Node], scopes: ScopeIndex) -> dict[str, list[ts.Node]]:
    """`nodes` (returns, yields) grouped by the scope each is written in."""
    grouped: dict[str, list[ts.Node]] = {}
    enclosing = scopes.enclosing([node.start_byte for node in nodes])
    for node, scope in zip(nodes, enclosing, strict=True):
        grouped.setdefault(scope, []).append(node)
    return grouped


def _stores_in_literals(stores: Sequence[Binding], bindings: Sequence[Binding]) -> list[Binding]:
    """The `stores` into a dict the file may write out with entries (`self.caches = {"main":
    Database(...)}`, by the name's last part): what the resolver reads them for
    (`_dict_of`). Most stores fill a dict written empty (`result = {}`, then `result["a"] =
    ...`), which says nothing of its entries whatever is stored."""
    if not stores:
        return []
    literals = {b.target.rpartition(".")[2] for b in bindings if b.kind == "object" and b.items}
    return [s for s in stores if s.target[len(STORED_IN) :].rpartition(".")[2] in literals]


def _global_writes(
    bindings: Sequence[Binding], owners: Mapping[tuple[str, str], str]
) -> list[Binding]:
    """A `GLOBAL_WRITE` binding, in the function's own scope, of each call or name a function
    assigns to a name it declares `global`: `owned` makes that assignment a module `local`
    when its value reads other names, which only the function's scope can look up (`global
    _client; import boto3; _client = boto3.client("s3")`)."""
    if not owners:
        return []
    return [
        dataclasses.replace(b, target=GLOBAL_WRITE + b.target)
        for b in bindings
        if b.kind in ("call", "name") and owners.get((b.scope, b.target)) == MODULE_SCOPE
    ]


def _annotated_class(annotation: ts.Node) -> str | None:
    """The class an assignment's annotation names (as `_annotation` reads it), unless it is
    a builtin (`url: str = ...`, by far the most common): no client is one. A mapping of a
    class's instances (`dict[str, Database]`) is its `mapping_annotation`."""
    name = _annotation_name(annotation) or _mapped_annotation(annotation)
    return None if name is None or name.partition(".")[0] in _BUILTIN_NAMES else name


def _mapped_annotation(annotation: ts.Node) -> str | None:
    """`dict[Database]` for `dict[str, Database]`, `Mapping[str, Database]` and the like;
    None for any other annotation, or one of builtin values."""
    expr = annotation.named_child(0)
    head: ts.Node | None
    if expr is not None and expr.type == "generic_type" and expr.named_child_count == 2:
        head, parameter = expr.named_children
        parameters = parameter.named_children
    elif expr is not None and expr.type == "subscript":  # `typing.Mapping[str, Database]`
        head = expr.child_by_field_id(_FIELD_VALUE)
        parameters = expr.children_by_field_name("subscript")
    else:
        return None
    if dotted(head) not in _MAPPINGS or len(parameters) != 2:
        return None
    value = parameters[1]
    name = dotted(value.named_child(0) if value.type == "type" else value)
    if name is None or name.partition(".")[0] in _BUILTIN_NAMES:
        return None
    return mapping_annotation(name)


def _annotated(
    binding: Binding | None, name: str, annotation: str, scope: str, line: int
) -> Binding | None:
    """The binding of an annotated assignment: its value's, keeping the class; a `typed`
    one when the value is not known here (`client: httpx.AsyncClient = await make()`)."""
    if binding is None:
        if mapped_class(annotation) is not None:
            return None  # `dbs: dict[str, Database] = load()`: nothing to say of it here
        return Binding(name, "typed", annotation, scope, line, annotation=annotation)
    if (
        binding.kind == "name"
        or (binding.kind == "call" and binding.value != annotation)
        or (binding.kind == "object" and mapped_class(annotation) is not None)
    ):
        return dataclasses.replace(binding, annotation=annotation)
    return binding  # a string, or `client: httpx.Client = httpx.Client()`: said as it is


def _annotation_name(annotation: ts.Node | None) -> str | None:
    expr = annotation.named_child(0) if annotation is not None else None
    # `Annotated[Optional[Path], Parameter(...)]`, a CLI's way to declare an option: each
    # wrapper taken off in turn (a few at most are ever written around one another).
    for _ in range(_MAX_WRAPPERS):
        inner = _unwrapped(expr) if expr is not None else None
        if inner is None:
            break
        expr = inner
    if expr is not None and expr.kind_id == _ID_STRING:
        return _forward_reference(expr)
    return dotted(expr) if expr is not None else None


def _unwrapped(expr: ts.Node) -> ts.Node | None:
    """The type inside `X | None`, `Optional[X]` or `Annotated[X, ...]` (FastAPI's way to
    declare a dependency); None when `expr` is none of those."""
    kind = expr.kind_id
    if kind == _ID_BINARY_OPERATOR:  # `X | None`
        left, right = expr.child_by_field_id(_FIELD_LEFT), expr.child_by_field_id(_FIELD_RIGHT)
        if left is not None and right is not None and "none" in (left.type, right.type):
            return right if left.type == "none" else left
    elif kind == _ID_GENERIC_TYPE and expr.named_child_count == 2:
        head, parameter = expr.named_children
        name = dotted(head)
        if (name in _OPTIONAL and parameter.named_child_count == 1) or (
            name in _ANNOTATED and parameter.named_child_count
        ):
            inner = parameter.named_children[0]
            return inner.named_child(0) if inner.type == "type" else inner
    return None


def _forward_reference(node: ts.Node) -> str | None:
    """`Service` of the string annotation `"Service"` (or `"app.Service"`); None for any
    other string (`"list[Service]"`, `"Service | None"`)."""
    value = string_literal(node)
    return value if value is not None and _DOTTED_NAME.fullmatch(value) else None


def _parameter_name(node: ts.Node) -> str:
    """The name a parameter binds: `x`, `x: int`, `x=1`, `x: int = 1`, `*args`, `**kw`."""
    if node.kind_id == _ID_IDENTIFIER:
        return text(node)
    named = node.child_by_field_id(_FIELD_NAME)
    if named is None and node.named_child_count:
        named = node.named_child(0)
    return text(named) if named is not None and named.type == "identifier" else ""


def _enumerated(node: ts.Node | None) -> str | None:
    """The name `enumerate(name)` goes through."""
    if (
        node is None
        or node.type != "call"
        or text(node.child_by_field_id(_FIELD_FUNCTION)) != ("enumerate")
    ):
        return None
    arguments = node.child_by_field_id(_FIELD_ARGUMENTS)
    args = arguments.named_children if arguments is not None else []
    return text(args[0]) if len(args) == 1 and args[0].type == "identifier" else None


def _first_of(node: ts.Node, name: str) -> bool:
    """Whether `node` is `name[0]`."""
    if node.type != "subscript":
        return False
    value, index = node.child_by_field_id(_FIELD_VALUE), node.child_by_field_id(_FIELD_SUBSCRIPT)
    return (
        value is not None
        and value.type == "identifier"
        and text(value) == name
        and index is not None
        and text(index) == "0"
    )


def _item_set(body: ts.Node, over: str, index: str) -> bool:
    """Whether a loop's body sets the item of the list it goes through (`handlers[i] = x`)."""
    for assignment in _descendants(body, "assignment"):
        left = assignment.child_by_field_id(_FIELD_LEFT)
        if left is None or left.type != "subscript":
            continue
        value, key = left.child_by_field_id(_FIELD_VALUE), left.child_by_field_id(_FIELD_SUBSCRIPT)
        if value is not None and text(value) == over and key is not None and text(key) == index:
            return True
    return False


def _descendants(node: ts.Node, kind: str) -> Iterator[ts.Node]:
    """The nodes of a kind under `node`, not inside nested functions or classes."""
    stack = list(node.named_children)
    while stack:
        current = stack.pop()
        if current.type in ("function_definition", "class_definition", "lambda"):
            continue
        if current.type == kind:
            yield current
        stack.extend(current.named_children)


def _one_loop(node: ts.Node) -> tuple[ts.Node, str] | None:
    """The `for` clause of a comprehension of one `for` and no `if`, and the dotted name of
    the list it goes over: every item of it, each made into one item of the new list."""
    clauses = [c for c in node.named_children if c.type in ("for_in_clause", "if_clause")]
    if len(clauses) != 1 or clauses[0].type != "for_in_clause":
        return None
    right = clauses[0].child_by_field_id(_FIELD_RIGHT)
    source = dotted(right) if right is not None else None
    return (clauses[0], source) if source is not None else None


def _variable_name(node: ts.Node | None) -> str | None:
    """The dotted name an environment lookup is given for the variable's name
    (`os.environ.get(PREFIX_VAR)`, `os.environ[settings.PREFIX_VAR]`); None for anything
    else."""
    if node is None or node.type not in ("identifier", "attribute"):
        return None
    return dotted(node)
