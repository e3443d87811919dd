"""Pieces every extractor shares: positions, scope nesting, syntax errors, query loading."""

from __future__ import annotations

import ast
import os
import re
import sys
import threading
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cache, lru_cache
from operator import attrgetter

import tree_sitter as ts

from seamcheck.facts import (
    ASSIGNED_NONE,
    MODULE_SCOPE,
    Arg,
    Binding,
    Call,
    Definition,
    Import,
    Piece,
    SeamHint,
    Span,
    SyntaxProblem,
    enclosing_scope,
    leaf_arg,
    result_of,
)
from seamcheck.records import dataclass

# Enough to tell string literals and routes apart; argument lists past this are rarely literal.
MAX_ARGS = 8
# A dotted callee longer than this is a builder chain, not a name anything will look up.
MAX_DOTTED_PARTS = 12
MAX_SYNTAX_ERRORS = 20
# Object and list literals are kept to this depth and width: enough for `{ server: { proxy:
# { '/api': { target } } } }` and `methods=["GET", "POST"]`, small for data tables.
MAX_ARG_DEPTH = 4
MAX_ITEMS = 16
# A list bound to a name keeps more: a Tornado app's rules are such a list, 30 to 60 of them in
# a real app (flower's 36), each a small tuple.
MAX_LIST_ITEMS = 128
# A JS object bound to a name is read wider: a config object's entries are looked up by name.
MAX_BINDING_ITEMS = 64
# Strings built from more parts than this are not URLs worth reconstructing.
MAX_PIECES = 24
# Definitions nested deeper than this are folded into the deepest named one: a qualname repeats
# its parents', so unbounded nesting would make facts quadratic in the file's size.
MAX_NESTING = 64
# Nodes deeper than this in the syntax tree are not queried: tree-sitter's query cursor slows
# down sharply past about 30,000 levels (50,000 nested blocks: 44 s), and real code stays in the
# hundreds.
MAX_QUERY_DEPTH = 10_000
# The augmented assignments of either grammar (`x += 1`).
# `n++` too: the name no longer holds what it was given.
_AUGMENTED = frozenset(
    {"augmented_assignment", "augmented_assignment_expression", "update_expression"}
)
_SEAM_HINT = re.compile(r"seamcheck:\s*calls\s+([\w.-]+)")
_PLAIN_DOTTED = re.compile(r"[^\W\d][\w$]*(?:\.[^\W\d][\w$]*)*|\$[\w$]*(?:\.[\w$]+)*")


class Positions:
    """Turns tree-sitter byte points into 1-based line / character columns."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._ascii = data.isascii()
        self._line_starts: list[int] | None = None

    def _column(self, row: int, byte_col: int) -> int:
        if byte_col == 0:
            return byte_col + 1
        if self._line_starts is None:
            starts = [0]
            find = self._data.find
            pos = find(b"\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find(b"\n", pos + 1)
            self._line_starts = starts
        start = self._line_starts[row] if row < len(self._line_starts) else 0
        prefix = self._data[start : start + byte_col]
        return len(prefix.decode("utf-8", "replace")) + 1

    def span(self, node: ts.Node) -> Span:
        (r0, c0), (r1, c1) = node.start_point, node.end_point
        if self._ascii:  # most files: a byte column is a character column
            return Span(r0 + 1, c0 + 1, r1 + 1, c1 + 1)
        return Span(r0 + 1, self._column(r0, c0), r1 + 1, self._column(r1, c1))


@dataclass(frozen=True, slots=True)
class SuspendGrammar:
    """Node types that tell where an async function may hand the event loop to other work."""

    awaits: frozenset[str]  # always suspend: `await x`, `yield x`
    awaiting_with_token: frozenset[str]  # suspend when they hold an `await`/`async` token
    loops: frozenset[str]
    functions: frozenset[str]  # nested functions and classes: their bodies run elsewhere


def first_suspension(
    function: ts.Node, grammar: SuspendGrammar, positions: Positions
) -> Span | None:
    """Where the async `function` may first suspend: the end of its first awaited
    expression (what it awaits runs first: `await create({ key: readFileSync(p) })`), of the
    expression an `async with`/`async for`/`for await` evaluates first (`async with
    get_client() as c`), or the outermost loop of the function holding one of those (its
    next turn runs after the await). Pre-order visits nodes in source order, so the
    first await point found gives the earliest such point. None when the body never
    suspends."""
    body = function.child_by_field_name("body")  # an arrow function's may be an expression
    first = _first_suspend_word(body) if body is not None else None
    if body is None or first is None:  # most bodies that never suspend: not walked
        return None
    # (node, outermost loop around it, whether it is the end marker of an awaited expression)
    stack: list[tuple[ts.Node, ts.Node | None, bool]] = [(body, None, False)]
    while stack:
        node, loop, ended = stack.pop()
        if ended:  # the awaited expression holds no await point of its own
            span = positions.span(node)
            return Span(span.end_line, span.end_column, span.end_line, span.end_column)
        if node.end_byte <= first:  # written before any await point: it holds none
            continue
        kind = node.type
        if kind in grammar.functions or not node.is_named:  # Python's `await` keyword too
            continue
        if kind in grammar.awaits and loop is None:
            stack.append((node, None, True))
        elif kind in grammar.awaits or (
            kind in grammar.awaiting_with_token
            and any(c.type in ("await", "async") for c in node.children if not c.is_named)
        ):
            first_value = _evaluated_first(node) if loop is None else None
            if first_value is None:
                return positions.span(loop or node)
            # `async with get_client() as client:` calls `get_client()` before it awaits the
            # client's `__aenter__`; `async for x in rows(q):` calls `rows(q)` before the
            # first `__anext__`: the await point is past that expression, as past an awaited
            # one, unless it holds one of its own.
            stack.append((first_value, None, True))
            stack.append((first_value, None, False))
            continue
        if loop is None and kind in grammar.loops:
            loop = node
        stack.extend((child, loop, False) for child in reversed(node.children))
    return None


def _evaluated_first(statement: ts.Node) -> ts.Node | None:
    """What an `async with`/`async for`/`for await` statement evaluates before it first
    awaits: the first context manager's expression (Python's `with_item`, without its `as`
    target), or the iterable of a loop (the `right` of Python's `for_statement` and of JS's
    `for_in_statement`); None for anything else (a comprehension's `async for` clause)."""
    if statement.type == "with_statement":
        clause = next((c for c in statement.named_children if c.type == "with_clause"), None)
        item = clause.named_children[0] if clause is not None and clause.named_children else None
        value = item.child_by_field_name("value") if item is not None else None
        if value is not None and value.type == "as_pattern" and value.named_children:
            return value.named_children[0]
        return value
    if statement.type in ("for_statement", "for_in_statement"):
        return statement.child_by_field_name("right")
    return None


# Every await point of either grammar is written with one of these words: `await`, `yield`,
# `async with`, `async for`, `for await`.
_SUSPEND_WORDS = (b"await", b"yield", b"async")


def _first_suspend_word(body: ts.Node) -> int | None:
    """The file's byte where the first word an await point may be written with starts in
    `body`, None when it has none. No node ending before it holds an await point."""
    raw = body.text or b""
    found = [at for word in _SUSPEND_WORDS if (at := raw.find(word)) != -1]
    return body.start_byte + min(found) if found else None


class _Source(threading.local):
    """The bytes the tree this thread reads was parsed from (`reading`), else None."""

    data: bytes | None = None


_source = _Source()


@contextmanager
def reading(data: bytes) -> Iterator[None]:
    """Nodes' texts sliced from `data`, the bytes their tree was parsed from, until the end
    of the block. `Node.text` makes a memoryview of those bytes, a slice object and a copy
    for each node: slicing the bytes costs half as much, and extraction reads a text 250
    times a file (Django)."""
    previous = _source.data
    _source.data = data
    try:
        yield
    finally:
        _source.data = previous


def node_bytes(node: ts.Node) -> bytes:
    """`node.text`, sliced from the bytes being read (`reading`) where it can be."""
    data = _source.data
    raw = node.text if data is None else data[node.start_byte : node.end_byte]
    return raw or b""


def text(node: ts.Node | None) -> str:
    # `Node.text` copies the bytes on every access: read it once. Interned because facts
    # repeat the same names at every call site: one object each keeps large runs leaner.
    if node is None:
        return ""
    data = _source.data
    raw = node.text if data is None else data[node.start_byte : node.end_byte]
    return "" if raw is None else sys.intern(raw.decode("utf-8", "replace"))


@dataclass(frozen=True, slots=True)
class DottedGrammar:
    """Node types that spell a dotted name in one grammar."""

    leaves: frozenset[str]
    member: str
    member_object: str
    member_property: str
    call: str
    wrappers: frozenset[str]
    # JS `new X()` read as the call `X()` where a member chain starts with it (`new
    # Hono().get('/x', h)`: `Hono().get`), as a chain starting with a call is.
    construct: str = ""
    # Python's path join, `(root / name).resolve()`: a `/` whose left operand is a Path
    # gives a Path again, so a member read on the join is read on its left operand
    # (`root.resolve`), as the bindings read `p = root / name`.
    join: str = ""


def dotted(node: ts.Node | None, grammar: DottedGrammar) -> str | None:
    """`a.b.c` for a member chain; calls inside keep `()`: `requests.Session().get`.

    None for anything that is not a plain chain (subscripts, literals, lambdas).
    """
    return dotted_reader(grammar)(node)


def kind_ids(language: ts.Language, *names: str) -> frozenset[int]:
    """Every node kind id of `language` whose type is one of `names`: a grammar may give one
    type several ids (tree-sitter-javascript's `identifier`, an alias), so `node.kind_id in
    kind_ids(...)` tests what `node.type in names` does. `Node.type` makes a new string at
    each read, `Node.kind_id` an int: about half the cost (16 ns, not 30-70 as the machine
    is loaded), and the hottest sites read a type 530,000 times of Django's 780,000. Ids
    above 256 are no cached int: for TypeScript's (up to 383) the gain was none."""
    # 0xFFFF: the id of an ERROR node, past `node_kind_count`.
    return frozenset(
        kind
        for kind in (*range(language.node_kind_count), 0xFFFF)
        if language.node_kind_for_id(kind) in names
    )


def kind_id(language: ts.Language, name: str) -> int:
    """The one node kind id of `language` whose type is `name` (see `kind_ids`)."""
    ids = kind_ids(language, name)
    if len(ids) != 1:
        raise ValueError(f"{name!r} is not one node kind of the grammar: {sorted(ids)}")
    return next(iter(ids))


@cache
def dotted_reader(
    grammar: DottedGrammar, language: ts.Language | None = None
) -> Callable[[ts.Node | None], str | None]:
    """`dotted` for one grammar. A callee is named at every call site (Django: 120,000
    names): a closure over the grammar's node types names a plain chain in 620 ns, where a
    `partial` of `dotted` took 720. Given the grammar's `language`, a node's type is tested
    by its kind id (`kind_ids`), read first: most nodes named are a plain chain."""
    member, leaves = grammar.member, grammar.leaves
    if language is not None:
        plain_kinds = kind_ids(language, member, *leaves)

        def read_by_id(node: ts.Node | None) -> str | None:
            if node is None:
                return None
            if node.kind_id in plain_kinds:
                data = _source.data
                raw = (node.text if data is None else data[node.start_byte : node.end_byte]) or b""
                plain = _plain_dotted(raw) if len(raw) <= _CACHED_NAME_BYTES else _plain(raw)
                if plain is not None:
                    return plain
            return _walked(node, node.type, grammar)

        return read_by_id

    def read(node: ts.Node | None) -> str | None:
        if node is None:
            return None
        kind = node.type
        if kind == member or kind in leaves:
            # Most callees are plain chains written without spaces: one slice, no tree walk.
            data = _source.data
            raw = (node.text if data is None else data[node.start_byte : node.end_byte]) or b""
            plain = _plain_dotted(raw) if len(raw) <= _CACHED_NAME_BYTES else _plain(raw)
            if plain is not None:
                return plain
        return _walked(node, kind, grammar)

    return read


def _walked(node: ts.Node, kind: str, grammar: DottedGrammar) -> str | None:
    """`dotted` of a chain that is not written plainly, read node by node (`kind`: the
    type of `node`)."""
    parts: list[str] = []
    suffix = ""
    current: ts.Node | None = node
    while current is not None and len(parts) < MAX_DOTTED_PARTS:
        if current is not node:
            kind = current.type
        if kind in grammar.leaves:
            parts.append(text(current) + suffix)
            return sys.intern(".".join(reversed(parts)))
        if kind == grammar.member:
            parts.append(text(current.child_by_field_name(grammar.member_property)) + suffix)
            suffix = ""
            current = current.child_by_field_name(grammar.member_object)
        elif kind == grammar.call and not suffix:
            suffix = "()"
            current = current.child_by_field_name("function")
        elif kind == grammar.construct and parts and not suffix:
            suffix = "()"
            current = current.child_by_field_name("constructor")
        elif kind in grammar.wrappers:
            current = current.named_child(0)
        elif kind == grammar.join and parts and is_path_join(current):
            current = current.child_by_field_name("left")
        else:
            return None
    return None


def is_path_join(node: ts.Node) -> bool:
    """`left / right`, its left operand a name, a member, a call or another join: what may
    be a Path (a literal or a subscript is none the resolver could follow)."""
    operator = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    return (
        operator is not None
        and operator.type == "/"
        and left is not None
        and left.type in ("call", "identifier", "attribute", "binary_operator")
    )


def _plain(raw: bytes) -> str | None:
    name = raw.decode("utf-8", "replace")
    return sys.intern(name) if _PLAIN_DOTTED.fullmatch(name) else None


# A file names the same few chains over and over (`self.assertEqual`, `context.report`):
# decoding and matching each spelling once is most of what naming a callee costs. Long
# spellings are not kept, so the cache stays small whatever the files hold.
_CACHED_NAME_BYTES = 200
_plain_dotted = lru_cache(maxsize=8192)(_plain)


@dataclass(frozen=True, slots=True)
class Enclosing:
    qualname: str
    kind: str


def nest_outer_first(
    nodes: Iterable[tuple[ts.Node, str]],
) -> Iterator[tuple[ts.Node, str, Enclosing | None, Callable[[str], None]]]:
    """Definition nodes in source order, outer before inner, each with its innermost
    enclosing definition. The caller names each node and hands the qualname back through the
    yielded callback, so nested definitions can be named after their parents. Definitions
    deeper than MAX_NESTING are not yielded."""
    ordered = sorted(nodes, key=lambda item: (item[0].start_byte, -item[0].end_byte))
    stack: list[tuple[int, Enclosing]] = []  # end byte, definition
    for node, kind in ordered:
        while stack and stack[-1][0] <= node.start_byte:
            stack.pop()
        if len(stack) >= MAX_NESTING:
            continue
        parent = stack[-1][1] if stack else None

        def entered(qualname: str, node: ts.Node = node, kind: str = kind) -> None:
            stack.append((node.end_byte, Enclosing(qualname, kind)))

        yield node, kind, parent, entered


@dataclass(slots=True)
class ScopeRange:
    start: int
    end: int
    qualname: str


class ScopeIndex:
    """Answers "which definition encloses this byte?" for many positions, sorted by start."""

    def __init__(self, scopes: Iterable[ScopeRange]) -> None:
        ordered = sorted(scopes, key=lambda s: (s.start, -s.end))
        # Nested ranges cut the file into stretches, each inside one innermost scope: where
        # each stretch starts, with that scope (MODULE_SCOPE before the first). An extractor
        # asks about ten times a file; each answer is then one binary search.
        bounds = sorted({s.start for s in ordered} | {s.end for s in ordered})
        self._bounds = [-1, *bounds]
        self._qualnames = [MODULE_SCOPE, *_innermost(ordered, bounds)]

    def enclosing(self, positions: Sequence[int]) -> list[str]:
        """Innermost enclosing qualname for each position (MODULE_SCOPE when none)."""
        bounds, qualnames = self._bounds, self._qualnames
        return [qualnames[bisect_right(bounds, pos) - 1] for pos in positions]


def _innermost(scopes: list[ScopeRange], positions: list[int]) -> list[str]:
    """Innermost qualname of `scopes` (sorted by start, outer first) around each of the
    sorted `positions` (MODULE_SCOPE when none). One merge pass over positions and scopes:
    nested intervals form a stack."""
    result = [MODULE_SCOPE] * len(positions)
    stack: list[ScopeRange] = []
    nxt = 0
    for idx, pos in enumerate(positions):
        while nxt < len(scopes) and scopes[nxt].start <= pos:
            scope = scopes[nxt]
            while stack and stack[-1].end <= scope.start:
                stack.pop()
            stack.append(scope)
            nxt += 1
        while stack and stack[-1].end <= pos:
            stack.pop()
        if stack:
            result[idx] = stack[-1].qualname
    return result


def unname_reassigned(
    definitions: list[Definition], scopes: ScopeIndex, assigned: Iterable[ts.Node]
) -> list[Definition]:
    """`definitions` with each parameter that its own function assigns again (`assigned`:
    the identifiers the file assigns to) left unnamed: after that assignment it no longer
    holds what the caller gave, so it must not be followed to the caller's argument."""
    names = {p.removesuffix("=").encode() for d in definitions for p in d.params}
    if not names:
        return definitions
    # Compared as bytes: most assigned names are no parameter's, and need no decoding.
    targets = [(node, name) for node in assigned if (name := node_bytes(node)) in names]
    if not targets:
        return definitions
    enclosing = scopes.enclosing([node.start_byte for node, _ in targets])
    again = {
        (scope, name.decode("utf-8", "replace"))
        for (_, name), scope in zip(targets, enclosing, strict=True)
    }
    scopes_hit = {scope for scope, _ in again}
    return [
        replace(
            d,
            params=tuple("" if (d.qualname, p.removesuffix("=")) in again else p for p in d.params),
        )
        if d.qualname in scopes_hit
        else d
        for d in definitions
    ]


def augmented_bindings(
    rebound: Iterable[ts.Node],
    scopes: ScopeIndex,
    bound: Iterable[str],
    pieces: Callable[[ts.Node], tuple[Piece, ...]],
) -> list[Binding]:
    """A binding for each augmented assignment (`rebound`: the identifiers on their left) of a
    name the file binds otherwise (`bound`): `url += x` as the string `url` + `x` (an `expr`
    reading itself), any other operator (`url ??= x`, `n -= 1`) as a `local`: either way the
    name no longer holds only its first value."""
    names = {name.encode() for name in bound}
    nodes = [
        node
        for node in rebound
        if node_bytes(node) in names and node.parent is not None and node.parent.type in _AUGMENTED
    ]
    found: list[Binding] = []
    for node, scope in zip(nodes, scopes.enclosing([n.start_byte for n in nodes]), strict=True):
        name = text(node)
        line = node.start_point[0] + 1
        operator = node.parent.child_by_field_name("operator") if node.parent else None
        right = node.parent.child_by_field_name("right") if node.parent else None
        if text(operator) == "+=" and right is not None:
            appended = joined((Piece("name", name), *pieces(right)))
            found.append(Binding(name, "expr", "", scope, line, appended))
        else:
            found.append(Binding(name, "local", "", scope, line))
    return found


# (scope of an assignment, name) -> the scope whose name it assigns, where that is another
# (`global BASE` in Python; in JS a name the function does not declare): see `owned`.
Owners = Mapping[tuple[str, str], str]


def outer_owners(
    assignments: Iterable[tuple[str, str]], declared: Callable[[str, str], bool]
) -> dict[tuple[str, str], str]:
    """For each (scope, name) assignment in a function that does not declare the name, the
    nearest enclosing scope that does (`declared(scope, name)`; module scope last). Names
    declared nowhere are left where they are."""
    owners: dict[tuple[str, str], str] = {}
    for scope, name in assignments:
        if scope == MODULE_SCOPE or (scope, name) in owners or declared(scope, name):
            continue
        outer = scope
        while outer != MODULE_SCOPE:
            outer = enclosing_scope(outer)
            if declared(outer, name):
                owners[(scope, name)] = outer
                break
    return owners


def owned(bindings: Iterable[Binding], owners: Owners) -> list[Binding]:
    """`bindings` with each assignment of a name that a function makes to an enclosing
    scope's name (`owners`) moved to that scope: `function setBase(u) { base = u }` assigns
    the module's `base` again, so a read of `base` anywhere no longer knows its value. The
    value is kept only where it reads no name but the one assigned (a literal, `base +=
    '?x=1'`), as it would be read in the outer scope; otherwise it is a `local`."""
    found: list[Binding] = []
    for binding in bindings:
        owner = owners.get((binding.scope, binding.target)) if owners else None
        if owner is None:
            found.append(binding)
        elif binding.kind in ("str", "func", "local") or (
            binding.kind == "expr"
            and all(p.kind != "name" or p.value == binding.target for p in binding.pieces)
        ):
            found.append(replace(binding, scope=owner))
        else:
            found.append(Binding(binding.target, "local", "", owner, binding.line))
    return found


def unrecorded_assignments(
    bindings: Sequence[Binding],
    scopes: ScopeIndex,
    assigned: Iterable[ts.Node],
    recorded: set[int],
    owners: Owners | None = None,
) -> list[Binding]:
    """A `local` binding for each assignment the binder did not record (`assigned`: every
    assigned identifier; `recorded`: where those it recorded, or that assign nothing, start)
    of a name its scope binds otherwise: a loop target, a destructuring, `(x := f())`, a value
    not read. Seams then know the name is assigned more than once there. `owners`: see
    `owned`."""
    bound = {(b.scope, b.target) for b in bindings}
    names = {target.encode() for _, target in bound}
    nodes = [
        n
        for n in assigned
        if n.start_byte not in recorded
        and node_bytes(n) in names
        and (n.parent is None or n.parent.type not in _AUGMENTED)  # `augmented_bindings`
    ]
    if not nodes:
        return []
    found: list[Binding] = []
    for node, scope in zip(nodes, scopes.enclosing([n.start_byte for n in nodes]), strict=True):
        name = text(node)
        scope = owners.get((scope, name), scope) if owners else scope
        if (scope, name) in bound:
            none = ASSIGNED_NONE if _assigned_none(node) else ""
            found.append(Binding(name, "local", none, scope, node.start_point[0] + 1))
    return found


def _assigned_none(name: ts.Node) -> bool:
    """Whether the identifier `name` is the target of a Python `name = None`."""
    assignment = name.parent
    if assignment is None or assignment.type != "assignment":
        return False
    right = assignment.child_by_field_name("right")
    return right is not None and right.type == "none"


def syntax_problems(
    error_nodes: Iterable[ts.Node], missing_nodes: Iterable[ts.Node], positions: Positions
) -> tuple[SyntaxProblem, ...]:
    problems: list[tuple[int, SyntaxProblem]] = []
    for node in error_nodes:
        snippet = text(node).strip().splitlines()[0][:40] if text(node).strip() else ""
        message = f"syntax error near '{snippet}'" if snippet else "syntax error"
        problems.append((node.start_byte, SyntaxProblem(positions.span(node), message)))
    for node in missing_nodes:
        problems.append(
            (node.start_byte, SyntaxProblem(positions.span(node), f"missing '{node.type}'"))
        )
    # The message breaks ties: zero-width MISSING nodes share a position, and captures of equal
    # ranges come in no fixed order (found by bench/fuzz.py).
    problems.sort(key=lambda p: (p[0], p[1].message))
    # Nested ERROR nodes repeat their parent's position; one report per position is enough.
    seen: set[tuple[int, int]] = set()
    unique: list[SyntaxProblem] = []
    for _, problem in problems:
        key = (problem.span.line, problem.span.column)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return tuple(unique[:MAX_SYNTAX_ERRORS])


def python_accepts(source: bytes) -> bool:
    """Whether Python's own parser reads `source` as a module: tree-sitter-python errs on
    some valid code (a starred comprehension after a comma, `return 1, *[x for x in y]`),
    and a syntax error nobody can fix is no finding. Asked only of a file tree-sitter finds
    errors in. A tree is all that is asked for: nothing of the file is compiled to code or
    run. The answer is the running Python's (3.10 rejects 3.11's `except*`): the facts'
    cache key holds its version (`inputs.extraction_identity`)."""
    # `catch_warnings` swaps the process's filters: safe as seamcheck extracts one file at a
    # time per process (workers are processes, not threads).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # `"\d"` is a SyntaxWarning the user did not ask for
        try:
            compile(source, "<analysed>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return False
    return True


@cache
def load_query(language: ts.Language, *names: str) -> ts.Query:
    """One query made of the named query files: the query engine walks the tree once per
    query, so two files in one query cost a third less than two queries (measured on eslint)."""
    # Beside this module, as pip installs it: `importlib.resources` would load zipfile (2 ms
    # of every run that parses) to cover a zipped install, which seamcheck never is.
    queries = os.path.join(os.path.dirname(__file__), "queries")
    source = "\n".join(_read_query(os.path.join(queries, f"{name}.scm")) for name in names)
    query: ts.Query = ts.Query(language, source)
    return query


def file_captures(language: ts.Language, root: ts.Node, *names: str) -> dict[str, list[ts.Node]]:
    """`captures` of the named query files over a file's tree, with the `error` and
    `missing` captures of `errors.scm`. Those are looked for only in a tree that holds a
    syntax error: most hold none, and the two patterns cost the query engine 7-10% of its
    walk over every tree."""
    found = captures(load_query(language, *names), root)
    if root.has_error:
        found.update(captures(load_query(language, "errors"), root))
    return found


def _read_query(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def returned_value(statement: ts.Node) -> ts.Node | None:
    """The expression a `return` statement returns; None for a bare `return`."""
    for child in statement.named_children:
        if child.type != "comment":
            return child
    return None


# Sort keys read in C: a Python key function per node was 3% of extracting Django.
_START = attrgetter("start_byte")
_END = attrgetter("end_byte")


def captures(query: ts.Query, root: ts.Node) -> dict[str, list[ts.Node]]:
    """Captures by name, each list in source order (outer first). py-tree-sitter does not
    promise an order, and facts must be a pure function of the bytes."""
    cursor = ts.QueryCursor(query)
    cursor.set_max_start_depth(MAX_QUERY_DEPTH)
    found = cursor.captures(root)
    for name, nodes in found.items():
        if name == "missing":
            # Zero-width MISSING nodes of several types share a position: their type breaks
            # the tie. No other capture holds two nodes of one range but of different types.
            nodes.sort(key=lambda n: (n.start_byte, -n.end_byte, n.type))
            continue
        # By start, then by end backwards (the outer of two nodes starting together
        # first): two stable sorts, the last one's key first.
        nodes.sort(key=_END, reverse=True)
        nodes.sort(key=_START)
    return found


# What may follow the backslash of an escape Python's codec knows. Anything else is left to
# no codec: it warns (DeprecationWarning, an error under `-W error`) before keeping the text.
_ESCAPE_STARTS = frozenset("\n\\'\"abfnrtv01234567xNuU")


def unescape(sequence: str) -> str:
    """The character an escape sequence such as `\\n` or `\\u00e9` stands for (Python and JS
    share the common ones); an unknown sequence keeps its text. A UTF-16 surrogate
    (`\\ud83a`) is no character, and facts and reports are UTF-8: it stands for U+FFFD, as
    the same escape does in JSON and YAML (`surrogates.py`), so a host spelt so in code still
    names the compose service spelt so. (A pair, two escapes, gives two.)"""
    if len(sequence) < 2 or sequence[0] != "\\" or sequence[1] not in _ESCAPE_STARTS:
        return sequence
    try:
        character = sequence.encode("ascii").decode("unicode_escape")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return sequence
    if len(character) == 1 and "\ud800" <= character <= "\udfff":
        return "\ufffd"
    return character


# Suppressions and seam hints are comments written with this word.
_MARKER = b"seamcheck"


def marked_comments(language: ts.Language, root: ts.Node, data: bytes) -> list[ts.Node]:
    """The file's comments in source order, where it may hold a suppression or a seam hint:
    none in a file without the word `seamcheck` (most), whose comments are not captured
    (a tenth of all captures in Django)."""
    if _MARKER not in data:
        return []
    return captures(_comment_query(language), root).get("comment", [])


@cache
def _comment_query(language: ts.Language) -> ts.Query:
    query: ts.Query = ts.Query(language, "(comment) @comment")
    return query


def seam_hints(comments: Iterable[ts.Node], data: bytes) -> tuple[SeamHint, ...]:
    """`# seamcheck: calls SERVICE` / `// seamcheck: calls SERVICE` comments, by line.
    `data`: the file's bytes, searched first: most files have no such comment."""
    if _MARKER not in data:
        return ()
    hints: list[SeamHint] = []
    for node in comments:
        match = _SEAM_HINT.search(text(node))
        if match:
            hints.append(SeamHint(node.start_point[0] + 1, match.group(1)))
    return tuple(hints)


def joined(pieces: Iterable[Piece]) -> tuple[Piece, ...]:
    """Adjacent literal pieces merged: `'a' + 'b'` is one literal."""
    return tuple(_merged(pieces)[:MAX_PIECES])


def _merged(pieces: Iterable[Piece]) -> list[Piece]:
    result: list[Piece] = []
    for piece in pieces:
        if piece.kind == "lit" and result and result[-1].kind == "lit":
            result[-1] = Piece("lit", result[-1].value + piece.value)
        elif piece.kind != "lit" or piece.value:
            result.append(piece)
    return result


def concatenated(
    node: ts.Node, kind: str, pieces: Callable[[ts.Node], tuple[Piece, ...]]
) -> tuple[Piece, ...] | None:
    """The pieces of a chain of `+` (`'/cart/add/' + id + '/' + sku + '/' + qty`, nested to
    the left as the grammar parses it), each operand read by `pieces` as one level below the
    chain, not one per `+`: a long chain is as readable as a short one. None when it is made
    of more pieces than a URL worth reading (`MAX_PIECES`), rather than a cut-off URL."""
    operands: list[ts.Node] = []
    current = node
    while current.type == kind and _operator(current) == "+":
        left, right = current.child_by_field_name("left"), current.child_by_field_name("right")
        if left is None or right is None or len(operands) >= MAX_PIECES:
            return None
        operands.append(right)
        current = left
    operands.append(current)
    merged = _merged(p for operand in reversed(operands) for p in pieces(operand))
    return tuple(merged) if len(merged) <= MAX_PIECES else None


def _operator(node: ts.Node) -> str:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else ""


def written_operator(node: ts.Node) -> str:
    """The operator of a binary, boolean or unary expression as written: "" where the
    parser made up a missing one. An operator is a token whose type is its text: read so,
    without copying its text out of the file."""
    operator = node.child_by_field_name("operator")
    if operator is None:
        return ""
    return text(operator) if operator.is_named or operator.is_missing else operator.type


# An unknown piece shows the start of its expression; reading only this much of it keeps
# deeply nested expressions (each an unknown piece of its parent) linear.
_UNKNOWN_HEAD = 4096
# How many characters it shows, whitespace runs made one space.
_UNKNOWN_SHOWN = 60
# Most expressions show that many from their first bytes: a large object or call is not
# decoded and split 4 KB at a time only for its first line.
_UNKNOWN_FIRST = 512


def unknown_piece(node: ts.Node, data: bytes) -> Piece:
    # Sliced from the file's bytes: `node.text` would copy the whole expression first.
    start, end = node.start_byte, node.end_byte
    if end - start > _UNKNOWN_FIRST:
        # What a prefix of the bytes shows is a prefix of what the whole head shows, but for
        # its last character or two (a word cut short, a character cut in its bytes).
        shown = _shown(data[start : start + _UNKNOWN_FIRST])
        if len(shown) > _UNKNOWN_SHOWN + 2:
            return Piece("unknown", shown[:_UNKNOWN_SHOWN])
    return Piece("unknown", _shown(data[start : min(end, start + _UNKNOWN_HEAD)])[:_UNKNOWN_SHOWN])


def _shown(head: bytes) -> str:
    return " ".join(head.decode("utf-8", "replace").split())


def slash_stripped(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """`base.rstrip("/")`, `base.replace(/\\/+$/, '')`: the string's pieces and a `strip`
    piece, which takes the trailing slashes off those pieces once they are known (its
    `value` says how many: in `f"https://{host.rstrip('/')}"` not the literal before them).
    Empty when nothing of the string is known."""
    if not pieces or pieces[-1].kind == "unknown":
        return ()
    last = pieces[-1]
    if last.kind == "lit" and last.value.rstrip("/"):
        return (*pieces[:-1], Piece("lit", last.value.rstrip("/")))
    return (*pieces, Piece("strip", str(len(pieces))))


# What a branch of a conditional must be for the conditional to be read as a choice of two
# strings: a literal, a string built at run time, or a name (a constant, most often); or a
# call's result, which a function that returns a string may give (`this.query(filter)`).
_STRING_BRANCHES = frozenset({"str", "expr", "name"})


def either(branches: Sequence[Arg], keyword: str | None) -> Arg:
    """A conditional (`c ? a : b`, `a if c else b`) choosing between two strings: an `other`
    argument holding its branches in `items`, each a value the code may send; a plain
    `other` when a branch is anything else."""
    if len(branches) == 2 and all(_may_be_string(b) for b in branches):
        return Arg("other", "", keyword, items=tuple(branches))
    return leaf_arg("other", "", keyword)


def _may_be_string(branch: Arg) -> bool:
    return branch.kind in _STRING_BRANCHES or result_of(branch) is not None


def chosen_binding(target: str, chosen: Arg, scope: str, line: int) -> Binding | None:
    """`target` bound to a conditional choosing between two strings (`chosen`, made by
    `either`): an `other` binding whose `items` are the branches. None for any other value,
    and where a branch reads the name itself (`url = url if url else DEFAULT`: the name's
    value before is not known here), so the assignment is recorded as before."""
    if not chosen.items or any(_reads_name(branch, target) for branch in chosen.items):
        return None
    return Binding(target, "other", "", scope, line, items=chosen.items)


def _reads_name(arg: Arg, target: str) -> bool:
    """Whether an argument reads `target` (or an attribute of it)."""
    names = [arg.value] if arg.kind == "name" else [p.value for p in arg.pieces if p.kind == "name"]
    return any(n == target or n.startswith(f"{target}.") for n in names)


def path_joined(parts: Iterable[tuple[Piece, ...]]) -> tuple[Piece, ...]:
    """Jupyter's `url_path_join(base, "api", name)` and JupyterLab's `URLExt.join(base,
    "api", name)`: the parts joined by one slash, where two meet the slashes each brings
    dropped (the slash at the very start and end kept), an empty part left out."""
    result: tuple[Piece, ...] = ()
    for part in parts:
        if result and part and part[0].kind == "lit":
            part = (Piece("lit", part[0].value.lstrip("/")), *part[1:])
        part = joined(part)
        if not part:
            continue
        if result:
            result = (*(slash_stripped(result) or result), Piece("lit", "/"))
        result = (*result, *part)
    return joined(result)


def informative(pieces: tuple[Piece, ...]) -> bool:
    """Worth keeping: more than one opaque expression."""
    return bool(pieces) and not (len(pieces) == 1 and pieces[0].kind == "unknown")


def call_key(call: Call) -> tuple[int, int, int, int]:
    return (call.line, call.column, call.end_line, call.end_column)


def import_key(imp: Import) -> tuple[int, int, str]:
    return (imp.span.line, imp.span.column, imp.module)


def parameter_defaults(
    node: ts.Node,
    fields: Mapping[str, tuple[str, str]],
    arg: Callable[[ts.Node, str], Arg],
) -> tuple[Arg, ...]:
    """The default values of a function's named parameters, each keyed by its name (see
    `Definition.defaults`). `fields`: for each parameter node type that has a default, the
    fields of its name and of its value."""
    parameters = node.child_by_field_name("parameters")
    if parameters is None:
        return ()
    found: list[Arg] = []
    for parameter in parameters.named_children:
        named = fields.get(parameter.type)
        if named is None:
            continue
        name = parameter.child_by_field_name(named[0])
        default = parameter.child_by_field_name(named[1])
        if name is not None and name.type == "identifier" and default is not None:
            found.append(arg(default, text(name)))
    return tuple(found)


def rebound_members(
    nodes: Iterable[ts.Node], scopes: ScopeIndex, dotted: Callable[[ts.Node], str | None]
) -> list[Binding]:
    """A `local` binding for each member rebound besides `=` (`self.base += "/v2"`,
    `this.base += '/v2'`): it then holds something else than its assignment says."""
    named = [(node, name) for node in nodes if (name := dotted(node))]
    enclosing = scopes.enclosing([node.start_byte for node, _ in named])
    return [
        Binding(name, "local", "", scope, node.start_point[0] + 1)
        for (node, name), scope in zip(named, enclosing, strict=True)
    ]
