"""JavaScript / TypeScript extraction: imports, exports, definitions, calls and bindings."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, cached_property, partial

import tree_sitter as ts
import tree_sitter_javascript
import tree_sitter_typescript

from seamcheck.extract import DECLARATION_SUFFIXES, is_vite_config
from seamcheck.extract.common import (
    MAX_ARG_DEPTH,
    MAX_ARGS,
    MAX_BINDING_ITEMS,
    MAX_ITEMS,
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
    joined,
    marked_comments,
    nest_outer_first,
    outer_owners,
    owned,
    parameter_defaults,
    path_joined,
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
from seamcheck.extract.components import is_component
from seamcheck.extract.suppressions import suppressions
from seamcheck.extract.typeuse import value_names
from seamcheck.facts import (
    AWAITED,
    CONSTRUCT,
    MODULE_SCOPE,
    RETURNED,
    Arg,
    Binding,
    Call,
    Definition,
    Export,
    FileFacts,
    Import,
    ImportedName,
    Piece,
    SyntaxProblem,
    call_result,
    callee_aside,
    destructured_name,
    enclosing_scope,
    leaf_arg,
)

# `import.meta` is a leaf: `import.meta.env?.VITE_API_URL` and TypeScript's
# `(import.meta as any).env.VITE_API_URL` name the variable as `import.meta.env.X` does.
_GRAMMAR = DottedGrammar(
    leaves=frozenset({"identifier", "this", "super", "meta_property"}),
    member="member_expression",
    member_object="object",
    member_property="property",
    call="call_expression",
    wrappers=frozenset(
        {
            "parenthesized_expression", "non_null_expression", "await_expression",
            "as_expression", "satisfies_expression",
        }
    ),
    construct="new_expression",
)  # fmt: skip
_FUNCTION_VALUES = frozenset(
    {"function_expression", "generator_function", "arrow_function", "class"}
)
# The nodes whose body is a function's (`_ends_body`).
_FUNCTIONS = frozenset(
    {"function_declaration", "generator_function_declaration", "function_expression",
     "generator_function", "arrow_function", "method_definition"}
)  # fmt: skip
_DECLARATIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
        "abstract_class_declaration",
    }
)
# Conversions that keep a value's text for URL purposes: `Number(process.env.PORT ?? 8080)`.
_CONVERSIONS = frozenset({"Number", "String", "parseInt", "encodeURIComponent", "encodeURI"})
_WRAPPERS = frozenset(
    {
        "parenthesized_expression", "non_null_expression", "as_expression",
        "satisfies_expression", "type_assertion", "await_expression",
    }
)  # fmt: skip
# Type-only wrappers around a value: `{...} as const`, `x!`, `<T>x`, `(x)`.
_TYPE_WRAPPERS = _WRAPPERS - {"await_expression"}
# Definitions that take no parameters: a class, a TypeScript namespace.
_SCOPES_ONLY = frozenset({"class", "namespace"})
_GENERATORS = frozenset({"generator_function", "generator_function_declaration"})
_SUSPENDS = SuspendGrammar(
    awaits=frozenset({"await_expression", "yield_expression"}),
    awaiting_with_token=frozenset({"for_in_statement"}),  # `for await (...)`
    loops=frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"}),
    functions=frozenset(
        {"function_declaration", "function_expression", "arrow_function", "generator_function",
         "generator_function_declaration", "method_definition", "class_declaration", "class"}
    ),
)  # fmt: skip
_STRING_TYPES = frozenset({"string", "template_string"})
# The expressions `_pieces` reads. Any other is one unknown piece, which an argument or a
# binding does not keep alone: not worth building for them.
_PIECE_KINDS = _WRAPPERS | _STRING_TYPES | {
    "number", "identifier", "member_expression", "subscript_expression", "binary_expression",
    "call_expression", "new_expression", "ternary_expression",
}  # fmt: skip
# Environment variables: `process.env.X` (Node) and `import.meta.env.X` (Vite, which
# replaces it at build time with the value from the app's `.env` files).
_ENV_OBJECTS = frozenset({"process.env", "import.meta.env"})
# The pieces a literal fallback (`process.env.BASE || "/api"`) is the default of, and what
# names the variable a lookup reads when a name holds it (`process.env[PREFIX_VAR]`).
_DEFAULTED = frozenset({"env", "envname", "name"})
_NAMED_INDEXES = frozenset({"identifier", "member_expression"})
# NestJS ConfigService reads (`_config_read`), and the keys that name an environment variable.
_CONFIG_READS = frozenset({"get", "getOrThrow"})
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_ENV_PREFIXES = ("process.env.", "import.meta.env.")
# Build flags whose value is known in the app that ships, built for production: SvelteKit's
# `dev` and `building` (imported from `$app/environment`) and Vite's `import.meta.env.DEV`
# and `.PROD`. A base URL chosen by them is the one the deployed page calls; `browser` and
# Vite's `SSR` are not known (a universal load runs on the server and in the browser).
_SVELTEKIT_ENVIRONMENT = "$app/environment"
_SVELTEKIT_FLAGS = {"dev": False, "building": False}
_VITE_FLAGS = {"import.meta.env.DEV": False, "import.meta.env.PROD": True}
# The path a request came in on, which a proxy forwards as it is: several segments, not
# one (`req.originalUrl`, Koa's `ctx.path`, a Next.js `req.nextUrl.pathname`).
_REQUEST_OBJECTS = frozenset({"req", "request", "ctx"})
# JupyterLab's `URLExt.join(base, "api", name)` (@jupyterlab/coreutils): the parts joined as
# URL paths, by one slash.
_PATH_JOIN = "URLExt.join"
_REQUEST_PATHS = frozenset({"url", "originalUrl", "path", "pathname"})
# What a proxy does to such a path before forwarding it: still a path of several segments.
_CUTS = frozenset({"slice", "substring", "substr", "replace", "replaceAll"})
# The methods `_pieces` reads a string from (`_may_make_string`): a page's base href,
# `toString`, `replace` and `join`, and the cuts.
_STRING_METHODS = _CUTS | {"getAttribute", "toString", "join"}
_NAME_TYPES = frozenset({"identifier", "member_expression", "this"})
_FIELD_TYPES = frozenset({"public_field_definition", "field_definition"})
# What makes a constructor parameter also a field: `private`, `readonly`, `override`.
_PARAMETER_PROPERTY_MARKS = frozenset({"accessibility_modifier", "readonly", "override_modifier"})
# node type -> (target field, value field) of the assignment-like constructs.
_ASSIGNMENT_FIELDS = {
    "assignment_expression": ("left", "right"),
    "variable_declarator": ("name", "value"),
    "public_field_definition": ("name", "value"),
    "field_definition": ("property", "value"),
}


@cache
def _field_ids(dialect: str) -> dict[str, int]:
    """The dialect's field ids by name: `child_by_field_id` skips finding a field's name
    among the grammar's (a string compare each) that `child_by_field_name` does at every
    call, a third of its cost. The ids differ from one dialect to another."""
    language = _language(dialect)
    return {
        name: field
        for field in range(1, language.field_count + 1)
        if (name := language.field_name_for_id(field)) is not None
    }


def _first_parameter(function: ts.Node) -> ts.Node | None:
    """The identifier a function expression's first parameter is (`(r) => ...`, `r =>
    ...`, `function (r, i) {...}`, TypeScript's `(r: Router) => ...`); None for any other
    node, a pattern or a parameter with a default."""
    if function.type not in ("arrow_function", "function_expression", "function"):
        return None
    single = function.child_by_field_name("parameter")
    if single is not None:
        return single if single.type == "identifier" else None
    parameters = function.child_by_field_name("parameters")
    first = parameters.named_children[0] if parameters and parameters.named_child_count else None
    if first is not None and first.type == "required_parameter":
        first = first.child_by_field_name("pattern")
    return first if first is not None and first.type == "identifier" else None


def _chained_name(assignment: ts.Node | None) -> str | None:
    """The name an assignment's value is given too by the assignments or the declaration
    it is written in (`const router = module.exports = express.Router()`, `var app =
    exports = module.exports = express()`): the outermost one, a plain name; None where
    there is none."""
    name: str | None = None
    node = assignment
    while node is not None and (parent := node.parent) is not None:
        if parent.type == "assignment_expression" and _is_field(parent, "right", node):
            left = parent.child_by_field_name("left")
        elif parent.type == "variable_declarator" and _is_field(parent, "value", node):
            left = parent.child_by_field_name("name")
        else:
            break
        if left is not None and left.type == "identifier":
            name = text(left)
        node = parent
    return name


def _name_assigned_within(value: ts.Node) -> str | None:
    """The plain name an export's value, itself an assignment, is given too (`module.exports
    = router = express.Router()`, `_chained_name` the other way round): the first such name;
    None where there is none."""
    node: ts.Node | None = value
    while node is not None and node.type == "assignment_expression":
        left = node.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return text(left)
        node = node.child_by_field_name("right")
    return None


# `import('./a')` before a member access (`.Model`), on one line: a name as long stands for
# it (`_JsExtractor._import_types_only_gap`).
_IMPORT_TYPE_CALL = re.compile(rb"""\bimport\([ \t]*(["'])[^"'\n]*\1[ \t]*\)(?=\s*\.)""")


@cache
def _language(dialect: str) -> ts.Language:
    if dialect == "tsx":
        return ts.Language(tree_sitter_typescript.language_tsx())
    if dialect == "typescript":
        return ts.Language(tree_sitter_typescript.language_typescript())
    return ts.Language(tree_sitter_javascript.language())


dotted = dotted_reader(_GRAMMAR)


def _slash_led(node: ts.Node) -> ts.Node | None:
    """The path a ternary gives a leading slash, as fetch wrappers write it: `p.startsWith(
    '/') ? p : `/${p}`` (or `'/' + p`, and the same negated); None for any other ternary.
    Read as `'/' + p`: where `p` already starts with one, the two slashes are one segment
    boundary, as paths are matched."""
    condition = node.child_by_field_name("condition")
    while condition is not None and condition.type == "parenthesized_expression":
        condition = condition.named_children[0] if condition.named_child_count else None
    negated = condition is not None and condition.type == "unary_expression"
    if negated and condition is not None:
        condition = condition.child_by_field_name("argument")
    if condition is None or condition.type != "call_expression":
        return None
    function = condition.child_by_field_name("function")
    arguments = condition.child_by_field_name("arguments")
    if function is None or function.type != "member_expression" or arguments is None:
        return None
    if text(function.child_by_field_name("property")) != "startsWith":
        return None
    if arguments.named_child_count != 1 or string_literal(arguments.named_children[0]) != "/":
        return None
    path = function.child_by_field_name("object")
    kept, led = (node.child_by_field_name(f) for f in ("consequence", "alternative"))
    if negated:
        kept, led = led, kept
    if path is None or kept is None or led is None or text(kept) != text(path):
        return None
    return path if _slash_before(led, text(path)) else None


def _slash_before(node: ts.Node, path: str) -> bool:
    """Whether `node` is `/${path}` or `'/' + path`."""
    if node.type == "template_string":
        parts = [c for c in node.named_children if c.type != "string_fragment" or text(c)]
        return (
            len(parts) == 2
            and parts[0].type == "string_fragment"
            and text(parts[0]) == "/"
            and parts[1].type == "template_substitution"
            and parts[1].named_child_count == 1
            and text(parts[1].named_children[0]) == path
        )
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        return string_literal(left) == "/" and right is not None and text(right) == path
    return False


def string_literal(node: ts.Node | None) -> str | None:
    """A string or substitution-free template literal's value, else None."""
    if node is None or node.type not in _STRING_TYPES:
        return None
    children = node.named_children
    if len(children) == 1 and children[0].type == "string_fragment":
        return text(children[0])  # most strings: one run of text without an escape
    parts: list[str] = []
    for child in children:
        if child.type == "string_fragment":
            parts.append(text(child))
        elif child.type == "escape_sequence":
            parts.append(unescape(text(child)))
        else:  # template_substitution
            return None
    return "".join(parts)


# A name an export or import specifier may give or take: any identifier name, reserved words
# included (`export { className as class }`).
_IDENTIFIER_NAME = re.compile(r"[A-Za-z_$][\w$]*")
# Where tree-sitter-javascript stops at a reserved word in a specifier, and where the word
# stands in the ERROR node it leaves: after `as` in an export, before it in an import.
_SPECIFIER_GAPS = {"export_clause": 1, "named_imports": 0}


def _reserved_word_alias(error: ts.Node) -> bool:
    """Whether an ERROR node is only a reserved word naming an export or import
    (`export { className as class }`, how a Svelte 4 component takes a `class` prop), which
    the language allows and tree-sitter-javascript does not parse (the TypeScript grammar
    does)."""
    word_at = _SPECIFIER_GAPS.get(error.parent.type) if error.parent is not None else None
    children = error.children
    if word_at is None or len(children) != 2 or children[1 - word_at].type != "as":
        return False
    word = children[word_at]
    return not word.is_named and _IDENTIFIER_NAME.fullmatch(text(word)) is not None


def _reserved_word_jsx_attribute(error: ts.Node) -> bool:
    """Whether an ERROR node is only a reserved word naming a JSX attribute, with its `=`
    when a `{...}` value follows (`<Collapse in={open}>`, react-transition-group's and
    react-bootstrap's `in` prop): valid JSX that tree-sitter-javascript 0.25 does not parse
    (the TSX grammar does). The value stays an attribute of the element; a string value
    (`in="a"`) breaks the element apart and is still an error."""
    parent, after = error.parent, error.next_sibling
    if parent is None or parent.type not in ("jsx_opening_element", "jsx_self_closing_element"):
        return False
    children = error.children
    if not 1 <= len(children) <= 2 or children[0].is_named:
        return False
    if _IDENTIFIER_NAME.fullmatch(text(children[0])) is None:
        return False
    if len(children) == 1:  # `<Fade in appear>`: a boolean attribute
        return True
    return children[1].type == "=" and after is not None and after.type == "jsx_expression"


def _jsx_text_ampersand(error: ts.Node) -> bool:
    """Whether an ERROR node is only words of a JSX element's text, or of a JSX attribute's
    string, starting at a bare `&` (`<p>Weights & Biases</p>`, `A && B`, `text="?page=1&
    section=intro"`): valid JSX (an `&` starts a character reference only before `name;`)
    that tree-sitter-javascript 0.25 and -typescript 0.23 leave as an error inside the
    element or string, which parses on around it. Text on one line with its tags, where
    the grammars break the element apart, is still an error."""
    parent = error.parent
    if parent is None or not text(error).startswith("&"):
        return False
    in_attribute = (
        parent.type == "string"
        and parent.parent is not None
        and parent.parent.type == "jsx_attribute"
    )
    if parent.type != "jsx_element" and not in_attribute:
        return False
    return all(c.type == "identifier" or not c.is_named for c in error.children)


def _type_star_export(error: ts.Node) -> bool:
    """Whether an ERROR node is only the `type` of TypeScript 5.0's `export type * from
    './a'` (or `export type * as ns from`), which tree-sitter-typescript 0.23 does not parse:
    valid code, a type-only re-export."""
    parent, before, after = error.parent, error.prev_sibling, error.next_sibling
    return (
        parent is not None
        and parent.type == "export_statement"
        and before is not None
        and before.type == "export"
        and after is not None
        and after.type in ("*", "namespace_export")
        and [child.type for child in error.children] == ["type"]
    )


def _import_type_holder(call: ts.Node) -> ts.Node | None:
    """What holds an `import('./a')` call, or the member accesses on it
    (`import('./a').default.b`)."""
    node, parent = call, call.parent
    while (
        parent is not None
        and parent.type == "member_expression"
        and _is_field(parent, "object", node)
    ):
        node, parent = parent, parent.parent
    return parent


def _typeof_import_comparison(node: ts.Node) -> bool:
    """Whether a node is `f < typeof import('./a')` (or `import('./a').x`): how
    tree-sitter-typescript 0.23 misreads the start of the call `f<typeof import('./a')>(...)`,
    whose type argument it cannot parse."""
    if node.type != "binary_expression" or text(node.child_by_field_name("operator")) != "<":
        return False
    right = node.child_by_field_name("right")
    if right is None or right.type != "unary_expression":
        return False
    argument = right.child_by_field_name("argument")
    while argument is not None and argument.type == "member_expression":
        argument = argument.child_by_field_name("object")
    function = argument.child_by_field_name("function") if argument is not None else None
    return (
        text(right.child_by_field_name("operator")) == "typeof"
        and function is not None
        and function.type == "import"
    )


def _typeof_import_call_rest(error: ts.Node) -> bool:
    """Whether an ERROR node is only the `>()` of `f<typeof import('./a')>()` (vitest's
    `importOriginal<typeof import('./api')>()`): valid TypeScript, a call whose type argument
    tree-sitter-typescript 0.23 does not parse. It reads `f < typeof import('./a')` and
    leaves `>()` over; with arguments it reads `(f < typeof import('./a')) > (args)`, no
    error, and needs no forgiving."""
    children = error.children
    if [c.type for c in children] != [">", "formal_parameters"]:
        return False
    if children[1].named_child_count:
        return False  # `(a: string)` and the like are no call's arguments
    before = error.prev_sibling
    # The comparison ends right before the ERROR: the last node of what precedes it
    # (`const a = await f < typeof import('./a')`, `x || f < typeof import('./a')`).
    while before is not None and not _typeof_import_comparison(before):
        before = before.children[-1] if before.child_count else None
    return before is not None


def _typeof_import_trailing_comma(error: ts.Node) -> bool:
    """Whether an ERROR node is only the trailing comma of the arguments of `f<typeof
    import('./a')>(\n  './a',\n)` (vitest's `vi.importActual`, as formatters write it): read
    as `(f < typeof import('./a')) > ('./a',)`, the comma ends a parenthesized expression."""
    parent = error.parent
    if text(error) != "," or parent is None or parent.type != "parenthesized_expression":
        return False
    after = error.next_sibling
    comparison = parent.parent
    if after is None or after.type != ")" or comparison is None:
        return False
    left = comparison.child_by_field_name("left")
    return (
        comparison.type == "binary_expression"
        and text(comparison.child_by_field_name("operator")) == ">"
        and _is_field(comparison, "right", parent)
        and left is not None
        and _typeof_import_comparison(left)
    )


def _optional_tuple_member_type(error: ts.Node) -> bool:
    """Whether an ERROR node is only the `: string` of an optional labelled tuple member
    after the first (`[label: string, symbol?: string]`): valid TypeScript 4.0 that
    tree-sitter-typescript 0.23 reads as the optional type `symbol?` and an error."""
    parent, before = error.parent, error.prev_sibling
    if parent is None or parent.type != "tuple_type" or before is None:
        return False
    if before.type != "optional_type" or not text(error).startswith(":"):
        return False
    # The label read as a type: a name, or one of the predefined ones (`symbol`, `number`).
    label = before.named_children
    return len(label) == 1 and label[0].type in ("type_identifier", "predefined_type")


def _typeof_import_argument(comparison: ts.Node) -> bool:
    """Whether `f < typeof import('./a')` is the misread start of the call
    `f<typeof import('./a')>(...)`: followed by `> (args)` or by the ERROR `>()`."""
    parent = comparison.parent
    if parent is not None and parent.type == "binary_expression":
        right = parent.child_by_field_name("right")
        if (
            _is_field(parent, "left", comparison)
            and text(parent.child_by_field_name("operator")) == ">"
        ):
            return right is not None and right.type == "parenthesized_expression"
    node: ts.Node | None = comparison
    while node is not None and node.next_sibling is None:
        node = node.parent
    after = node.next_sibling if node is not None else None
    return after is not None and after.type == "ERROR" and _typeof_import_call_rest(after)


def _in_type(call: ts.Node) -> bool:
    """Whether an `import('./a')` call is TypeScript's import type, in a type: `typeof
    import('./a')` (in an annotation, `as`, a type alias or a call's type argument) or
    `import('./a').Model`. The compiler drops it: no module is loaded at run time."""
    holder = _import_type_holder(call)
    if holder is None:
        return False
    if holder.type == "type_query":
        return True
    through_member = call.parent is not None and call.parent.type == "member_expression"
    if through_member and holder.type in _TYPE_HOLDERS:
        return True
    return (
        holder.type == "unary_expression"
        and holder.parent is not None
        and _typeof_import_comparison(holder.parent)
        and _typeof_import_argument(holder.parent)
    )


# Where `import('./a').Model` stands as a type: an annotation, a type argument, an alias.
_TYPE_HOLDERS = frozenset({"type_annotation", "type_arguments", "type_alias_declaration"})


# What builds a folder's path from the file's own: `path.resolve(__dirname, 'src')` (or
# `join`, `import.meta.dirname`), `fileURLToPath(new URL('./src', import.meta.url))`.
_FOLDER_JOINS = frozenset({"path.resolve", "path.join", "resolve", "join"})
_FILE_URLS = frozenset({"fileURLToPath", "url.fileURLToPath"})
_OWN_FOLDERS = frozenset({"__dirname", "import.meta.dirname"})


def _folder_named(callee: str | None, arguments: ts.Node | None) -> str | None:
    """The folder, relative to the file's, a call builds from the file's own folder and
    literals (`src/components`, `.`, `../shared`); None for any other call."""
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
    if callee in _FILE_URLS and len(args) == 1 and args[0].type == "new_expression":
        made = args[0]
        if dotted(made.child_by_field_name("constructor")) != "URL":
            return None
        url_arguments = made.child_by_field_name("arguments")
        url_args = (
            [a for a in url_arguments.named_children if a.type != "comment"]
            if (url_arguments)
            else []
        )
        ref = string_literal(url_args[0]) if len(url_args) == 2 else None
        if ref is None or ref.startswith("/") or dotted(url_args[1]) != "import.meta.url":
            return None
        return posixpath.normpath(ref)
    if callee not in _FOLDER_JOINS or not args or dotted(args[0]) not in _OWN_FOLDERS:
        return None
    parts = [string_literal(a) for a in args[1:]]
    if any(p is None or p.startswith("/") for p in parts):
        return None  # a value not known here, or a path that leaves the file's folder behind
    return posixpath.normpath(posixpath.join(".", *(p for p in parts if p is not None)))


def _has_token(node: ts.Node, token: str) -> bool:
    return any(child.type == token for child in node.children if not child.is_named)


def _property_name(node: ts.Node | None) -> str:
    literal = string_literal(node)
    return literal if literal is not None else text(node)


class _JsExtractor:
    def __init__(self, path: str, data: bytes, dialect: str) -> None:
        self.path = path
        self.dialect = dialect
        self.language = "javascript" if dialect == "javascript" else "typescript"
        self.data = data
        self.positions = Positions(data)
        self.tree = ts.Parser(_language(dialect)).parse(data)
        language = _language(dialect)
        extra_query = "javascript_only" if dialect == "javascript" else "typescript"
        self.caps = file_captures(language, self.tree.root_node, "javascript", extra_query)
        # The dialect's fields by name -> id, for the hottest lookups: see `_field_ids`.
        self._field_ids = _field_ids(dialect)
        self.def_names: dict[int, str] = {}
        # Call node id -> the qualname of the method or class that call decorates.
        self._decorated: dict[int, str] = {}
        # Where the identifiers start that the binder recorded an assignment to (or that a
        # declaration without a value names): `unrecorded_assignments` marks the others.
        self._recorded: set[int] = set()
        # A name a function declares with `let`/`const` in more than one block -> by the
        # node where each such declaration's block starts, its declarator: see `_inlined`.
        self._block_declarations: dict[str, dict[int, ts.Node]] = {}
        # The names destructured parameters bind (`_destructured`), and where they start.
        self._parameter_entries: list[Binding] = []
        self._parameter_entry_starts: set[int] = set()
        # Whether the file imports NestJS's ConfigService module (`_config_read`).
        self._nest_config = False
        # A vite config's aliases name folders (`path.resolve(__dirname, 'src')`): read there.
        self._vite_config = is_vite_config(path)
        # Local name -> value of the build flags the file imports (`_flag`).
        self._build_flags: dict[str, bool] = {}
        # What the file's bytes hold of what `_pieces` looks for in a few expressions only:
        # most files have none of it, and their expressions need not be looked at for it.
        self._base_href = b"querySelector" in data  # `_reads_base_href`
        self._href = b"href" in data  # `new URL(...).href`
        self._ends_with = b"endsWith" in data  # `_unslashed`
        self._for_each = b"forEach" in data  # `_for_each_parameters`
        # Each function's parameters, by qualname, those it assigns again unnamed (`run`).
        self._params: dict[str, tuple[str, ...]] = {}

    def run(self) -> FileFacts:
        definitions, scopes = self._definitions()
        scope_index = ScopeIndex(scopes)
        self._block_declarations = self._declared_in_blocks(scope_index)
        assigned = list(self._assigned_names())
        definitions = unname_reassigned(definitions, scope_index, assigned)
        self._params = {d.qualname: d.params for d in definitions}
        imports = self._static_imports()
        self._nest_config = any(i.module == "@nestjs/config" for i in imports)
        self._build_flags = _imported_build_flags(imports, definitions, assigned)
        calls, call_imports = self._calls(scope_index)
        bindings = self._bindings(scope_index, self._typable(imports, definitions))
        bound = {b.target for b in bindings}
        rebound = self.caps.get("rebind", ())
        bindings += augmented_bindings(rebound, scope_index, bound, self._pieces)
        owners = self._owners(scope_index, imports, definitions)
        known = owned(bindings, owners)
        module = self._module_names(imports, definitions, known)
        known += self._loop_items(scope_index, module)
        bindings = known + owned(self._local_bindings(scope_index, module), owners)
        bindings += unrecorded_assignments(known, scope_index, assigned, self._recorded, owners)
        bindings += self._returned_literals(scope_index)
        bindings += self._default_literals()
        bindings.sort(key=lambda b: b.line)
        comments = marked_comments(_language(self.dialect), self.tree.root_node, self.data)
        return FileFacts(
            path=self.path,
            language=self.language,
            imports=tuple(sorted(imports + call_imports, key=import_key)),
            definitions=tuple(definitions),
            calls=tuple(sorted(calls, key=call_key)),
            bindings=tuple(bindings),
            exports=tuple(self._exports()),
            syntax_errors=self._syntax_errors(),
            suppressions=suppressions(comments, self.data, self.positions),
            seam_hints=seam_hints(comments, self.data),
        )

    def _syntax_errors(self) -> tuple[SyntaxProblem, ...]:
        errors, missing = self.caps.get("error", ()), self.caps.get("missing", ())
        if (errors or missing) and self._import_types_only_gap():
            return ()
        return syntax_problems(
            (e for e in errors if not self._grammar_gap(e)), missing, self.positions
        )

    def _import_types_only_gap(self) -> bool:
        """Whether the file parses whole once each `import('./a')` that a member access
        follows is read as a plain name: tree-sitter-typescript 0.23 reads the import type
        `import('./a').Slot<A, B>` (or `import('./a').Model[]`, which `tsc` writes into
        declaration files for the types it infers) as a call and errs on the rest, in
        shapes of recovery too many to tell apart one by one. A file with any other error
        keeps all of its errors as read."""
        if self.language != "typescript" or b"import" not in self.data:
            return False
        masked, count = _IMPORT_TYPE_CALL.subn(lambda m: b"_" * len(m[0]), self.data)
        if not count:
            return False
        tree = ts.Parser(_language(self.dialect)).parse(masked)
        return not tree.root_node.has_error

    def _grammar_gap(self, error: ts.Node) -> bool:
        """Whether an ERROR node is valid code the grammar does not parse, in a shape known
        exactly: no syntax error of the user's."""
        if _reserved_word_alias(error) or _reserved_word_jsx_attribute(error):
            return True
        if _jsx_text_ampersand(error):
            return True
        typescript = self.language == "typescript"
        return typescript and (
            _type_star_export(error)
            or _typeof_import_call_rest(error)
            or _typeof_import_trailing_comma(error)
            or _optional_tuple_member_type(error)
        )

    # -- definitions -------------------------------------------------------------------

    def _definitions(self) -> tuple[list[Definition], list[ScopeRange]]:
        nodes: list[tuple[ts.Node, str]] = []
        for cap, kind in (("def.function", "function"), ("def.method", "method")):
            nodes.extend((n, kind) for n in self.caps.get(cap, ()))
        nodes.extend((n, "class") for n in self.caps.get("def.class", ()))
        nodes.extend(
            (n, "namespace") for n in self.caps.get("def.namespace", ()) if self._scoping(n)
        )

        definitions: list[Definition] = []
        scopes: list[ScopeRange] = []
        for node, kind, parent, entered in nest_outer_first(nodes):
            name = self._definition_name(node)
            qualname = f"{parent.qualname}.{name}" if parent else name
            self.def_names[node.id] = qualname
            params, patterns = ((), False) if kind in _SCOPES_ONLY else _parameters(node)
            tokens = {child.type for child in node.children if not child.is_named}
            is_async = "async" in tokens
            defaults = (
                parameter_defaults(node, _DEFAULT_FIELDS, self._arg)
                if any(p.endswith("=") for p in params)
                else ()
            )
            if patterns:
                defaults += self._destructured(node, qualname)
            definitions.append(
                Definition(
                    qualname=qualname,
                    kind=kind,
                    is_async=is_async,
                    span=self.positions.span(node),
                    decorators=self._decorators(node, kind, qualname),
                    is_generator=node.type in _GENERATORS or "*" in tokens,
                    bases=_bases(node) if kind == "class" else (),
                    params=params,
                    defaults=defaults,
                    suspends=first_suspension(node, _SUSPENDS, self.positions)
                    if is_async
                    else None,
                )
            )
            scopes.append(ScopeRange(node.start_byte, node.end_byte, qualname))
            entered(qualname)
        return definitions, scopes

    def _destructured(self, node: ts.Node, qualname: str) -> tuple[Arg, ...]:
        """For a function's object pattern parameters (`constructor({ baseUrl, timeout =
        5000 } = {})`): a `name` binding in the function of each name they bind, reading
        its entry of the parameter (`baseUrl` = `{0}.baseUrl`: a caller's argument gives it,
        as `opts.baseUrl` of a parameter `opts`); returns the default values, the pattern's
        (keyed `{0}`) and its entries' (keyed `{0}.timeout`)."""
        defaults: list[Arg] = []
        for name, pattern, default in _destructured_parameters(node):
            if default is not None:
                defaults.append(self._arg(default, name))
            for bound, keys, entry_default in _pattern_entries(pattern, name):
                line = bound.start_point[0] + 1
                self._parameter_entries.append(Binding(text(bound), "name", keys, qualname, line))
                self._parameter_entry_starts.add(bound.start_byte)
                if entry_default is not None:
                    defaults.append(self._arg(entry_default, keys))
        return tuple(defaults)

    def _assigned_names(self) -> Iterator[ts.Node]:
        """The identifiers the file assigns to (`x = ...`, `var x = ...`, `[a, x] = ...`,
        `x += ...`, a `for` variable), for `unname_reassigned`."""
        for cap, field in (("assign.expression", "left"), ("assign.declarator", "name")):
            for node in self.caps.get(cap, ()):
                target = node.child_by_field_name(field)
                if target is not None:
                    yield from _pattern_names(target)
        for node in self.caps.get("loop", ()):
            left = node.child_by_field_name("left")
            if left is not None:
                yield from _pattern_names(left)
        yield from self.caps.get("rebind", ())

    def _declared_in_blocks(self, scopes: ScopeIndex) -> dict[str, dict[int, ts.Node]]:
        """The names some function declares with `let`/`const` in two blocks or more
        (`if (a) { const url = ... } else { const url = ... }`): each block's is another
        variable. For each, every block of the file that declares it (`var` and `let`/
        `const`), by node id, with its declarator."""
        named = [
            (node, target)
            for node in self.caps.get("assign.declarator", ())
            if (target := node.child_by_field_name("name")) is not None
            and target.type == "identifier"
        ]
        lexical = [
            (node, text(target))
            for node, target in named
            if (declaration := node.parent) is not None
            and declaration.type == "lexical_declaration"
        ]
        if len({name for _, name in lexical}) == len(lexical):  # no name declared twice
            return {}
        enclosing = scopes.enclosing([node.start_byte for node, _ in lexical])
        counted: dict[tuple[str, str], int] = {}
        for (_, name), scope in zip(lexical, enclosing, strict=True):
            counted[(scope, name)] = counted.get((scope, name), 0) + 1
        split = {name for (_, name), count in counted.items() if count > 1}
        if not split:
            return {}
        found: dict[str, dict[int, ts.Node]] = {}
        for node, target in named:
            name = text(target)
            if name not in split:
                continue
            block = _declaring_block(node)
            if block is not None:
                found.setdefault(name, {}).setdefault(block.id, node)
        return found

    def _inlined(self, node: ts.Node) -> ts.Node | None:
        """The value a use of a name declared in several blocks of its function reads: its
        own block's declaration's (`const url = ...` then `fetch(url)` in the same block).
        None where that is not sure: a `var`, a `let` its block assigns again, a parameter
        or another declaration in between, a use before its declaration."""
        blocks = self._block_declarations.get(text(node)) if self._block_declarations else None
        if not blocks:
            return None
        name = text(node)
        ancestor = node.parent
        while ancestor is not None:
            declarator = blocks.get(ancestor.id)
            if declarator is not None:
                return self._declared_value(declarator, ancestor, node)
            if name in _names_declared_by(ancestor):
                return None  # a parameter, a loop's or a catch clause's variable
            ancestor = ancestor.parent
        return None

    def _declared_value(self, declarator: ts.Node, block: ts.Node, use: ts.Node) -> ts.Node | None:
        """The value `declarator` gives the name `use` reads in `block`, when nothing else
        in the block may change it."""
        value = declarator.child_by_field_name("value")
        declaration = declarator.parent
        if value is None or declaration is None or use.start_byte < declarator.end_byte:
            return None
        kind = declaration.child_by_field_name("kind")
        if declaration.type != "lexical_declaration" or kind is None:
            return None  # `var`: one variable for the whole function
        if text(kind) == "let":
            name = text(use)
            inside = range(block.start_byte, block.end_byte)
            for node in self._reassigned_names:
                if node.start_byte in inside and text(node) == name:
                    return None
        return value

    @cached_property
    def _reassigned_names(self) -> list[ts.Node]:
        """The identifiers assigned other than by their declaration."""
        found: list[ts.Node] = []
        for node in self.caps.get("assign.expression", ()):
            left = node.child_by_field_name("left")
            if left is not None:
                found.extend(_pattern_names(left))
        for node in self.caps.get("loop", ()):
            left = node.child_by_field_name("left")
            if left is not None and node.child_by_field_name("kind") is None:
                found.extend(_pattern_names(left))
        found.extend(self.caps.get("rebind", ()))
        return found

    def _owners(
        self, scopes: ScopeIndex, imports: list[Import], definitions: list[Definition]
    ) -> dict[tuple[str, str], str]:
        """Where a function assigns a name it does not declare (`base = u`, `base += p`,
        `({ base } = o)`, `for (base of xs)`), the enclosing scope whose name that is (see
        `common.owned`). A name declared in a block of the function counts as the
        function's."""
        assigned = self._reassigned_names
        enclosing = scopes.enclosing([node.start_byte for node in assigned])
        pairs = [
            (scope, text(node))
            for node, scope in zip(assigned, enclosing, strict=True)
            if scope != MODULE_SCOPE
        ]
        if not pairs:
            return {}
        declared = self._declared(scopes, pairs, imports, definitions)
        return outer_owners(pairs, lambda scope, name: (scope, name) in declared)

    def _declared(
        self,
        scopes: ScopeIndex,
        pairs: list[tuple[str, str]],
        imports: list[Import],
        definitions: list[Definition],
    ) -> set[tuple[str, str]]:
        """The (scope, name) pairs that declare a name some function assigns (`pairs`): by
        `var`/`let`/`const`, a loop's declaration, a parameter of a function around an
        assignment, a function or class, or a module-level import."""
        names = {name for _, name in pairs}
        declaring: list[ts.Node] = []  # the identifiers declaring one of `names`
        for node in self.caps.get("assign.declarator", ()):
            target = node.child_by_field_name("name")
            if target is not None:
                declaring.extend(n for n in _pattern_names(target) if text(n) in names)
        for node in self.caps.get("loop", ()):
            left = node.child_by_field_name("left")
            if left is not None and node.child_by_field_name("kind") is not None:
                declaring.extend(n for n in _pattern_names(left) if text(n) in names)
        declared = {
            (scope, text(node))
            for node, scope in zip(
                declaring, scopes.enclosing([n.start_byte for n in declaring]), strict=True
            )
        }
        # Only the parameters of the functions around an assignment may declare its name.
        around = {scope for scope, _ in pairs}
        for assigning, _ in pairs:
            outer = enclosing_scope(assigning)
            while outer != MODULE_SCOPE and outer not in around:
                around.add(outer)
                outer = enclosing_scope(outer)
        for node in self.caps.get("def.function", []) + self.caps.get("def.method", []):
            qualname = self.def_names.get(node.id)
            if qualname not in around:
                continue
            parameters = node.child_by_field_name("parameters") or node.child_by_field_name(
                "parameter"
            )
            if parameters is not None:
                declared.update((qualname, text(n)) for n in _pattern_names(parameters))
        for definition in definitions:
            parent, _, name = definition.qualname.rpartition(".")
            declared.add((parent or MODULE_SCOPE, name))
        declared.update(
            (MODULE_SCOPE, n.alias)
            for imp in imports
            if imp.scope == MODULE_SCOPE
            for n in imp.names
        )
        return declared

    def _scoping(self, namespace: ts.Node) -> bool:
        """Whether the TypeScript namespace `namespace` is a definition its members are
        named in (`Constants.PLUGIN_NAME`, `Private.load`): the compiler makes it an object
        whose properties its exported members are. Not one `declare`d or in a `.d.ts` (types
        only: nothing runs), nor one of types only (`namespace Widget { export interface
        IOptions {...} }`), nor one named `A.B` or merged with a class or function of its
        name (`class Widget` and `namespace Widget`: the class stays what `Widget` names);
        the members of those stay at module scope."""
        name = namespace.child_by_field_name("name")
        if name is None or name.type != "identifier" or self.path.endswith(".d.ts"):
            return False
        if not _holds_values(namespace):
            return False
        ancestor = namespace.parent
        while ancestor is not None:
            if ancestor.type in ("ambient_declaration", "module"):
                return False
            ancestor = ancestor.parent
        statement = namespace.parent
        block = statement.parent if statement is not None else None
        return block is None or not _declares(block, text(name))

    def _definition_name(self, node: ts.Node) -> str:
        own = node.child_by_field_name("name")
        if node.type == "internal_module":
            return text(own)
        if node.type == "method_definition":
            name = _property_name(own) or "<unnamed>"
            owner = _object_literal_owner(node.parent)
            return f"{owner}.{name}" if owner else name
        if node.type in _DECLARATIONS:
            return _property_name(own) or "<unnamed>"
        bound = self._bound_name(node)
        if bound == "default" and own is not None:
            return text(own)
        if bound:
            return bound
        if own is not None:
            return text(own)
        start = self.positions.span(node)
        return f"<anonymous@{start.line}:{start.column}>"

    def _bound_name(self, node: ts.Node) -> str | None:
        """The name a function value is bound to by its context, if any."""
        parent = node.parent
        if parent is None:
            return None
        kind = parent.type
        if kind == "variable_declarator" and _is_field(parent, "value", node):
            name = parent.child_by_field_name("name")
            return text(name) if name is not None and name.type == "identifier" else None
        if kind == "assignment_expression" and _is_field(parent, "right", node):
            return _commonjs_name(dotted(parent.child_by_field_name("left")))
        if kind == "pair" and _is_field(parent, "value", node):
            key = _property_name(parent.child_by_field_name("key"))
            owner = _object_literal_owner(parent.parent)
            return f"{owner}.{key}" if owner else key
        if kind in ("public_field_definition", "field_definition"):
            field = parent.child_by_field_name("name") or parent.child_by_field_name("property")
            return _property_name(field)
        if kind == "export_statement":
            return "default"
        return None

    def _decorators(self, node: ts.Node, kind: str, qualname: str) -> tuple[str, ...]:
        """The names of a definition's decorators. Those of a method or class that are calls
        are kept as decorating it (`_decorated`), for `_calls`."""
        decorators = self._decorator_nodes(node)
        if kind != "function":
            for decorator in decorators:
                expr = decorator.named_child(0)
                if expr is not None and expr.type == "call_expression":
                    self._decorated[expr.id] = qualname
        return tuple(dotted(_decorator_callee(d)) or text(d)[1:] for d in decorators)

    def _decorator_nodes(self, node: ts.Node) -> list[ts.Node]:
        if "decorator" not in self.caps:  # most files: no `parent` walked down to
            return []
        found = [c for c in node.children if c.type == "decorator"]
        parent = node.parent
        if parent is not None and parent.type == "export_statement":
            found = [c for c in parent.children if c.type == "decorator"] + found
        if node.type == "method_definition" and parent is not None:
            # Method decorators are the class body's children just before the method. Walked
            # back from the method: the body's other members cost nothing.
            preceding: list[ts.Node] = []
            sibling = node.prev_sibling
            while sibling is not None and sibling.type == "decorator":
                preceding.append(sibling)
                sibling = sibling.prev_sibling
            found = preceding[::-1] + found
        return found

    # -- imports and exports -----------------------------------------------------------

    def _static_imports(self) -> list[Import]:
        imports: list[Import] = []
        for node in self.caps.get("import", ()):
            source = string_literal(node.child_by_field_name("source"))
            span = self.positions.span(node)
            require_clause = next(
                (c for c in node.named_children if c.type == "import_require_clause"), None
            )
            if require_clause is not None:
                spec = string_literal(require_clause.child_by_field_name("source"))
                alias = require_clause.named_child(0)
                if spec is not None and alias is not None:
                    names = (ImportedName("*", text(alias)),)
                    imports.append(Import(spec, "require", span, names=names))
                continue
            if source is None:
                continue
            clause_names, all_types = self._import_clause_names(node)
            if _has_token(node, "type"):
                kind = "type_only"
            else:
                kind = "type_use" if clause_names and all_types else "static"
            imports.append(Import(source, kind, span, names=tuple(clause_names)))
        return self._runtime_kinds(imports + self._reexports())

    def _runtime_kinds(self, imports: list[Import]) -> list[Import]:
        """The imports TypeScript drops when it compiles: all of a declaration file's,
        `type_only`; those whose names the file uses only as types, `type_use` (kept by
        tsconfig's verbatimModuleSyntax, which the resolver reads)."""
        if self.dialect == "javascript" or is_component(self.path):
            # A component's markup uses the names its script imports (`<UserCard />`),
            # which its compiler keeps: only the imports written as types are dropped.
            return imports
        if self.path.endswith(DECLARATION_SUFFIXES):
            return [replace(i, kind="type_only") for i in imports]
        candidates = [i for i in imports if i.kind == "static" and i.names]
        locals_ = frozenset(n.alias or n.name for i in candidates for n in i.names)
        used = value_names(self.tree.root_node, self.data, _language(self.dialect), locals_)
        return [
            replace(i, kind="type_use")
            if i.kind == "static" and i.names and not any(n.alias in used for n in i.names)
            else i
            for i in imports
        ]

    def _reexports(self) -> list[Import]:
        imports: list[Import] = []
        for node in self.caps.get("export", ()):
            source = string_literal(node.child_by_field_name("source"))
            if source is None:
                continue
            names: list[ImportedName] = []
            for child in node.named_children:
                if child.type == "export_clause":
                    for spec in child.named_children:
                        name = _property_name(spec.child_by_field_name("name"))
                        alias = spec.child_by_field_name("alias")
                        names.append(ImportedName(name, _property_name(alias) if alias else name))
                elif child.type == "namespace_export":
                    names.append(ImportedName("*", text(child.named_child(0))))
            if not names:
                names.append(ImportedName("*", "*"))
            type_only = _has_token(node, "type") or any(
                c.type == "ERROR" and _type_star_export(c) for c in node.children
            )
            kind = "type_only" if type_only else "reexport"
            imports.append(Import(source, kind, self.positions.span(node), names=tuple(names)))
        return imports

    def _import_clause_names(self, node: ts.Node) -> tuple[list[ImportedName], bool]:
        names: list[ImportedName] = []
        all_types = True
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return names, False
        for child in clause.named_children:
            if child.type == "identifier":
                names.append(ImportedName("default", text(child)))
                all_types = False
            elif child.type == "namespace_import":
                names.append(ImportedName("*", text(child.named_child(0))))
                all_types = False
            elif child.type == "named_imports":
                for spec in child.named_children:
                    if spec.type != "import_specifier":
                        continue
                    name = _property_name(spec.child_by_field_name("name"))
                    alias = spec.child_by_field_name("alias")
                    names.append(ImportedName(name, text(alias) if alias is not None else name))
                    all_types = all_types and _has_token(spec, "type")
        return names, all_types

    def _exports(self) -> list[Export]:
        exports: list[Export] = []
        namespaces = bool(self.caps.get("def.namespace"))
        for node in self.caps.get("export", ()):
            if node.child_by_field_name("source") is not None:
                continue
            if namespaces and _in_namespace(node):
                continue  # a member of the namespace (`X.member`), not of the module
            is_default = _has_token(node, "default")
            declaration = node.child_by_field_name("declaration")
            value = node.child_by_field_name("value")
            if declaration is not None:
                for local in self._declared_names(declaration):
                    exports.append(Export("default" if is_default else local, local))
            elif value is not None:
                default = self.def_names.get(value.id) or (
                    text(value) if value.type == "identifier" else None
                )
                if _unwrapped(value).type == "array":
                    default = "default"  # `_default_literals`
                if default:
                    exports.append(Export("default", default))
            for child in node.named_children:
                if child.type == "export_clause":
                    for spec in child.named_children:
                        local = _property_name(spec.child_by_field_name("name"))
                        alias = spec.child_by_field_name("alias")
                        exports.append(Export(_property_name(alias) if alias else local, local))
        exports.extend(self._commonjs_exports())
        return exports

    def _declared_names(self, declaration: ts.Node) -> list[str]:
        if declaration.type == "internal_module":
            named = self.def_names.get(declaration.id)
            return [named] if named else []
        if declaration.type in _DECLARATIONS:
            return [
                self.def_names.get(declaration.id) or text(declaration.child_by_field_name("name"))
            ]
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            names: list[str] = []
            for declarator in declaration.named_children:
                name = declarator.child_by_field_name("name")
                if declarator.type != "variable_declarator" or name is None:
                    continue
                if name.type == "identifier":
                    names.append(text(name))
                elif name.type == "object_pattern":  # `export const { GET } = createClient()`
                    names.extend(text(n) for n in _pattern_names(name))
            return names
        return []

    def _commonjs_exports(self) -> list[Export]:
        exports: list[Export] = []
        for construct, left, right in self._assignments:
            if construct != "assignment_expression":
                continue
            target = dotted(left) or ""
            if not target.startswith(("module.exports", "exports.")):
                continue  # `req.user = user` binds, it does not export
            name = _commonjs_name(target)
            if name is None:
                continue
            if right.type == "object" and name == "default":
                for prop in right.named_children:
                    if prop.type == "shorthand_property_identifier":
                        exports.append(Export(text(prop), text(prop)))
                    elif prop.type in ("pair", "method_definition"):
                        key = _property_name(
                            prop.child_by_field_name("key") or prop.child_by_field_name("name")
                        )
                        value = prop.child_by_field_name("value")
                        local = (
                            text(value)
                            if value is not None and value.type == "identifier"
                            else self.def_names.get(value.id if value is not None else prop.id, key)
                        )
                        exports.append(Export(key, local))
                continue
            assigned = (
                self.def_names.get(right.id)
                or (text(right) if right.type == "identifier" else None)
                or _chained_name(left.parent)
                or _name_assigned_within(right)
            )
            if assigned:
                exports.append(Export(name, assigned))
        return exports

    # -- calls -------------------------------------------------------------------------

    def _calls(self, scopes: ScopeIndex) -> tuple[list[Call], list[Import]]:
        call_nodes = self.caps.get("call", [])
        new_nodes = self.caps.get("new", [])
        nodes = call_nodes + new_nodes
        awaited = {n.id for n in self.caps.get("awaited", ())}
        decorated = self._decorated
        enclosing = scopes.enclosing([n.start_byte for n in nodes])
        calls: list[Call] = []
        imports: list[Import] = []
        field = self._field_ids
        function_id, constructor_id, arguments_id = (
            field["function"],
            field["constructor"],
            field["arguments"],
        )
        for index, (node, scope) in enumerate(zip(nodes, enclosing, strict=True)):
            construct = index >= len(call_nodes)
            function = node.child_by_field_id(constructor_id if construct else function_id)
            arguments = node.child_by_field_id(arguments_id)
            if function is not None and not construct:
                kind = _import_call_kind(function)
                if kind == "dynamic" and self.language == "typescript" and _in_type(node):
                    kind = "type_only"
                if kind is not None:
                    spec = _first_string_arg(arguments)
                    if spec is not None:
                        names = _bound_import_names(node)
                        span = self.positions.span(node)
                        imports.append(Import(spec, kind, span, names=names, scope=scope))
                        continue
                    if kind == "require":
                        continue  # `require(variable)`: nothing to resolve, not a call either
            callee = dotted(function) or _array_method(function)
            unless = key = ""
            if callee is None:
                defaulted = _defaulted_receiver(function)
                keyed = _keyed_receiver(function) if defaulted is None else None
                if defaulted is not None:
                    callee, unless = defaulted
                elif keyed is not None:
                    callee, key = keyed
                else:
                    continue
            node_id = node.id
            span = self.positions.span(node)
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
                    (AWAITED if node_id in awaited else 0) | (CONSTRUCT if construct else 0),
                    self._args(arguments),
                    decorated.get(node_id),
                    callee_aside(unless, key) if unless or key else None,
                )
            )
        return calls, imports

    def _args(self, arguments: ts.Node | None) -> tuple[Arg, ...]:
        if arguments is None or arguments.type != "arguments":
            return ()
        args: list[Arg] = []
        for child in arguments.named_children:
            kind = child.type
            if kind == "comment":
                continue
            if len(args) == MAX_ARGS:
                break
            args.append(leaf_arg("other", "*") if kind == "spread_element" else self._arg(child))
        return tuple(args)

    def _arg(self, node: ts.Node, keyword: str | None = None, depth: int = 0) -> Arg:
        kind = node.type  # a new string per access: read once
        if kind in _STRING_TYPES:
            literal = string_literal(node)
            if literal is not None:
                return leaf_arg("str", literal, keyword)
        elif kind == "number":
            return leaf_arg("num", text(node), keyword)
        elif kind == "identifier" and (value := self._inlined(node)) is not None:
            return self._arg(value, keyword, depth)
        elif kind in _NAME_TYPES:
            name = dotted(node)
            if name is not None and not name.startswith(_ENV_PREFIXES):
                return leaf_arg("name", name, keyword)
        elif kind in _FUNCTION_VALUES:
            return leaf_arg("func", self.def_names.get(node.id, ""), keyword)
        elif kind == "regex":
            return leaf_arg("regex", text(node.child_by_field_name("pattern")), keyword)
        elif kind in ("true", "false"):
            # Options a framework reads: `{ prefix: false }`, `{ encapsulate: true }`.
            return leaf_arg("other", kind, keyword)
        if depth < MAX_ARG_DEPTH and kind == "array":
            items = node.named_children[:MAX_ITEMS]
            return Arg(
                "list", "", keyword, items=tuple(self._arg(i, None, depth + 1) for i in items)
            )
        if depth < MAX_ARG_DEPTH and kind == "object":
            return Arg("object", "", keyword, items=self._object_entries(node, depth))
        if kind in _TYPE_WRAPPERS and node.named_child_count:
            # `{ ... } as const`, `{ ... } satisfies Config`: the value inside.
            return self._arg(node.named_children[0], keyword, depth)
        if kind == "call_expression" and not self._may_make_string(node):
            return call_result(self.positions.span(node), keyword)
        pieces = self._pieces(node) if kind in _PIECE_KINDS else ()
        if informative(pieces):
            return Arg("expr", "", keyword, pieces=pieces)
        if depth < MAX_ARG_DEPTH and kind == "ternary_expression":
            fields = ("consequence", "alternative")
            branches = [node.child_by_field_name(f) for f in fields]
            return either([self._arg(b, None, depth + 1) for b in branches if b], keyword)
        if kind == "call_expression":  # a function returning a URL (`apiUrl('items')`)
            return call_result(self.positions.span(node), keyword)
        return leaf_arg("other", "", keyword)

    def _array_items(self, node: ts.Node) -> tuple[Arg, ...]:
        """The items of an array literal a name holds or a function returns, `...name` as a
        `spread` and those past the limit as one `more`: what is not read may matter."""
        elements = [c for c in node.named_children if c.type != "comment"]
        items = [
            leaf_arg("spread", dotted(e.named_child(0)) or "")
            if e.type == "spread_element" and e.named_child_count
            else self._arg(e, None, 1)
            for e in elements[:MAX_ITEMS]
        ]
        if len(elements) > MAX_ITEMS:
            items.append(leaf_arg("more"))
        return tuple(items)

    def _object_entries(self, node: ts.Node, depth: int, limit: int = MAX_ITEMS) -> tuple[Arg, ...]:
        """The entries in source order. A spread is kept where it stands (`spread`, its
        dotted name if it has one), and entries past `limit` as one `more`: an entry
        written before either may not be the object's value for that key."""
        entries: list[Arg] = []
        props = node.named_children
        key_id, value_id = self._field_ids["key"], self._field_ids["value"]
        for prop in props[:limit]:
            if prop.type == "spread_element":
                spread = dotted(prop.named_child(0)) if prop.named_child_count else None
                entries.append(leaf_arg("spread", spread or ""))
            elif prop.type == "pair":
                key, value = prop.child_by_field_id(key_id), prop.child_by_field_id(value_id)
                if key is not None and value is not None:
                    entries.append(self._arg(value, _property_name(key), depth + 1))
            elif prop.type == "shorthand_property_identifier":
                value = self._inlined(prop)  # `{ method }`
                name = text(prop)
                entries.append(
                    leaf_arg("name", name, name)
                    if value is None
                    else self._arg(value, name, depth + 1)
                )
            elif prop.type == "method_definition":
                name = _property_name(prop.child_by_field_name("name"))
                entries.append(leaf_arg("func", self.def_names.get(prop.id, ""), name))
        if len(props) > limit and any(p.type != "comment" for p in props[limit:]):
            entries.append(leaf_arg("more"))
        return tuple(entries)

    # -- strings built at run time -----------------------------------------------------

    def _pieces(self, node: ts.Node | None, depth: int = 0) -> tuple[Piece, ...]:
        """What a string-valued expression is made of; opaque parts become `unknown`."""
        if node is None:
            return ()
        if depth > MAX_ARG_DEPTH:
            return (unknown_piece(node, self.data),)
        kind = node.type
        if kind in _WRAPPERS and node.named_child_count:
            return self._pieces(node.named_children[0], depth)
        if kind == "call_expression" and not self._may_make_string(node):
            return (unknown_piece(node, self.data),)
        literal = string_literal(node)
        if literal is not None or kind == "number":
            return (Piece("lit", literal if literal is not None else text(node)),)
        if kind == "template_string":
            pieces: list[Piece] = []
            for child in node.named_children:
                if child.type == "string_fragment":
                    pieces.append(Piece("lit", text(child)))
                elif child.type == "escape_sequence":
                    pieces.append(Piece("lit", unescape(text(child))))
                elif child.type == "template_substitution" and child.named_child_count:
                    pieces.extend(self._pieces(child.named_children[0], depth + 1))
            return joined(pieces)
        if self._base_href and _reads_base_href(node):
            return (Piece("name", PAGE_BASE),)
        if (
            kind == "member_expression"
            and self._href
            and text(node.child_by_field_name("property")) == "href"
        ):
            inner = node.child_by_field_name("object")
            if inner is not None and inner.type == "new_expression":
                return self._pieces(inner, depth + 1)
        if kind == "identifier" and (value := self._inlined(node)) is not None:
            return self._pieces(value, depth + 1)
        if kind in ("identifier", "member_expression"):
            name = dotted(node)
            if name is not None and name.startswith(_ENV_PREFIXES):
                return (Piece("env", name.partition(".env.")[2]),)
            if name is not None and (_is_request_path(name) or _is_wildcard_param(node, name)):
                return (Piece("tail", name),)
            return (Piece("name", name),) if name else (unknown_piece(node, self.data),)
        if kind == "subscript_expression":
            index = node.child_by_field_name("index")
            key = string_literal(index)
            owner = dotted(node.child_by_field_name("object"))
            if owner in _ENV_OBJECTS and key is not None:
                return (Piece("env", key),)
            if owner in _ENV_OBJECTS and index is not None and index.type in _NAMED_INDEXES:
                named = dotted(index)
                if named is not None:
                    return (Piece("envname", named),)  # `process.env[PREFIX_VAR]`
            if _is_wildcard_value(owner, index):
                return (Piece("tail", text(node)),)
        if kind == "binary_expression":
            operator = written_operator(node)
            if operator == "+":
                chain = concatenated(node, kind, partial(self._pieces, depth=depth + 1))
                return chain if chain is not None else (unknown_piece(node, self.data),)
            if operator in ("||", "??"):
                left = self._pieces(node.child_by_field_name("left"), depth + 1)
                right_node = node.child_by_field_name("right")
                fallback = _literal_default(right_node)
                if len(left) == 1 and left[0].kind in _DEFAULTED and fallback is not None:
                    return (Piece(left[0].kind, left[0].value, fallback),)
                return left
        if kind == "call_expression":
            function = node.child_by_field_name("function")
            callee = dotted(function)
            arguments = node.child_by_field_name("arguments")
            folder = _folder_named(callee, arguments) if self._vite_config else None
            if folder is not None:
                return (Piece("folder", folder),)
            if callee in _CONVERSIONS and arguments is not None and arguments.named_child_count:
                return self._pieces(arguments.named_children[0], depth + 1)
            if callee == _PATH_JOIN and arguments is not None:
                joined_args = [a for a in arguments.named_children if a.type != "comment"]
                if joined_args and all(a.type != "spread_element" for a in joined_args):
                    return path_joined(self._pieces(a, depth + 1) for a in joined_args)
            if function is not None and function.type == "member_expression":
                method = text(function.child_by_field_name("property"))
                receiver = function.child_by_field_name("object")
                if method == "toString":  # `new URL(path, base).toString()`
                    return self._pieces(receiver, depth + 1)
                if method in _CONFIG_READS and self._nest_config:
                    read = _config_read(arguments)
                    if read is not None:
                        return (read,)
                if method == "replace" and _strips_trailing_slashes(arguments):
                    stripped = slash_stripped(self._pieces(receiver, depth + 1))
                    if stripped:
                        return stripped
                if method == "join" and _first_string_arg(arguments) == "/":
                    return (Piece("tail", unknown_piece(node, self.data).value),)
                if method in _CUTS and receiver is not None:
                    cut = self._pieces(receiver, depth + 1)  # `req.originalUrl.slice(4)`
                    if len(cut) == 1 and cut[0].kind == "tail":
                        return (Piece("tail", unknown_piece(node, self.data).value),)
        if kind == "new_expression" and dotted(node.child_by_field_name("constructor")) == "URL":
            return self._url_pieces(node.child_by_field_name("arguments"), depth)
        if kind == "ternary_expression":
            return self._chosen_pieces(node, depth)
        return (unknown_piece(node, self.data),)

    def _may_make_string(self, call: ts.Node) -> bool:
        """Whether `_pieces` may read more than one unknown piece from `call`: the calls it
        reads past this test. Most calls are none of them, and an argument that is such a
        call needs no more than where it is (`call_result`)."""
        if self._vite_config:  # `_folder_named`
            return True
        function = call.child_by_field_name("function")
        callee = dotted(function)
        if callee is None or callee in _CONVERSIONS or callee == _PATH_JOIN:
            return True
        if function is None or function.type != "member_expression":
            return False
        method = callee.rpartition(".")[2]
        return method in _STRING_METHODS or (self._nest_config and method in _CONFIG_READS)

    def _chosen_pieces(self, node: ts.Node, depth: int) -> tuple[Piece, ...]:
        """`cond ? a : b`: the branch a build flag picks in the shipped app (`dev ? 'http://
        localhost:8080' : ''`), else the branches' value where both give the same one
        (`browser ? '' : ''`); otherwise unknown."""
        flag = self._flag(node.child_by_field_name("condition"))
        branches = [node.child_by_field_name(f) for f in ("consequence", "alternative")]
        if flag is not None:
            return self._pieces(branches[0] if flag else branches[1], depth + 1)
        led = _slash_led(node)
        if led is not None:
            return joined((Piece("lit", "/"), *self._pieces(led, depth + 1)))
        unslashed = _unslashed(node) if self._ends_with else None
        if unslashed is not None:
            stripped = slash_stripped(self._pieces(unslashed, depth + 1))
            if stripped:
                return stripped
        first = self._pieces(branches[0], depth + 1)
        # The other branch is read only where this one is known throughout.
        if all(p.kind != "unknown" for p in first) and first == self._pieces(
            branches[1], depth + 1
        ):
            return first
        return (unknown_piece(node, self.data),)

    def _flag(self, node: ts.Node | None) -> bool | None:
        """The value of a build-flag condition in the shipped app, None if not known."""
        if node is None:
            return None
        if node.type == "parenthesized_expression" and node.named_child_count:
            return self._flag(node.named_children[0])
        if node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "!":
            inner = self._flag(node.child_by_field_name("argument"))
            return None if inner is None else not inner
        if node.type == "identifier":
            return self._build_flags.get(text(node))
        name = dotted(node) if node.type == "member_expression" else None
        return _VITE_FLAGS.get(name) if name is not None else None

    def _url_pieces(self, arguments: ts.Node | None, depth: int) -> tuple[Piece, ...]:
        """`new URL('/path', base)`: the base, a `url` piece, then the path, which the seams
        stage resolves against the base once the base's value is known (`values.url_join`)."""
        args = arguments.named_children if arguments is not None else []
        if not args:
            return ()
        path = self._pieces(args[0], depth + 1)
        if len(args) < 2:
            return path
        base = self._pieces(args[1], depth + 1)
        return joined((*base, Piece("url"), *path))

    # -- bindings ----------------------------------------------------------------------

    def _bindings(self, scopes: ScopeIndex, typable: frozenset[str]) -> list[Binding]:
        pairs = self._assignments
        enclosing = scopes.enclosing([left.start_byte for _, left, _ in pairs])
        bindings: list[Binding] = []
        for (construct, left, right), scope in zip(pairs, enclosing, strict=True):
            if left.type == "object_pattern":
                bindings += self._destructured_call(left, right, scope)
                continue
            binding = self._binding(construct, left, right, scope)
            if binding is not None:
                bindings.append(binding)
                self._recorded.add(left.start_byte)
        bindings += rebound_members(self.caps.get("rebind.member", ()), scopes, dotted)
        bindings += self._parameter_properties(scopes, typable)
        bindings += self._parameter_entries
        if typable:
            bindings += self._typed_bindings(scopes, typable)
        bindings.sort(key=lambda b: b.line)
        return bindings

    def _destructured_call(self, pattern: ts.Node, right: ts.Node, scope: str) -> list[Binding]:
        """`const { GET, POST: post } = createClient(...)`: each name an entry of what the
        call returns (`createClient().GET`), as `const GET = createClient(...).GET` is.
        Only a call's result, not awaited: an entry with a default, a rest element or any
        other value binds nothing read here. Environment objects are read too
        (`_destructured_env`)."""
        value = _unwrapped(right)
        if dotted(value) in _ENV_OBJECTS:
            return self._destructured_env(pattern, scope)
        called = self._binding_value(value) if value.type == "call_expression" else None
        if called is None or called[0] != "call":
            return []
        line = pattern.start_point[0] + 1
        bindings: list[Binding] = []
        for bound, entry, default in _pattern_entries(pattern, f"{called[1]}()"):
            if default is None:
                bindings.append(Binding(text(bound), "name", entry, scope, line))
                self._recorded.add(bound.start_byte)
        return bindings

    def _destructured_env(self, pattern: ts.Node, scope: str) -> list[Binding]:
        """`const { ML_URL, PORT = '8080', API: api } = process.env`: each name the variable
        it is bound from, as `process.env.ML_URL || '8080'` is. An entry whose default is
        not a literal, or nested deeper, binds nothing read here."""
        line = pattern.start_point[0] + 1
        bindings: list[Binding] = []
        for bound, entry, default in _pattern_entries(pattern, ""):
            variable = entry.removeprefix(".")
            fallback = _literal_default(default)
            if "." in variable or (default is not None and fallback is None):
                continue
            piece = Piece("env", variable, fallback)
            bindings.append(Binding(text(bound), "expr", "", scope, line, (piece,)))
            self._recorded.add(bound.start_byte)
        return bindings

    def _parameter_properties(self, scopes: ScopeIndex, typable: frozenset[str]) -> list[Binding]:
        """`this.base` for a TypeScript parameter property (`constructor(private readonly
        base: string)`) holds the parameter, as `this.base = base` would; one typed with a
        class is a `typed` binding instead (`_typed_bindings`)."""
        nodes = sorted(self.caps.get("parameter.property", ()), key=lambda n: n.start_byte)
        named = [
            (node, text(pattern))
            for node in nodes
            if (pattern := node.child_by_field_name("pattern")) is not None
            and pattern.type == "identifier"
            and _typed_name(node, typable) is None
        ]
        enclosing = scopes.enclosing([node.start_byte for node, _ in named])
        return [
            Binding(f"this.{name}", "name", name, scope, node.start_point[0] + 1)
            for (node, name), scope in zip(named, enclosing, strict=True)
        ]

    def _binding(self, construct: str, left: ts.Node, right: ts.Node, scope: str) -> Binding | None:
        if construct in _FIELD_TYPES:
            # A class field is `this.name` for the methods of that class.
            target: str | None = f"this.{_property_name(left)}"
        else:
            target = dotted(left) if left.type in ("identifier", "member_expression") else None
        if target is None:
            return None
        line = left.start_point[0] + 1
        while right.type == "assignment_expression" and (
            (inner := right.child_by_field_name("right")) is not None
        ):
            # `const router = module.exports = express.Router()`: the name holds the value
            # too (exported as the name, `_chained_name`).
            right = inner
        while right.type == "identifier" and (declared := self._inlined(right)) is not None:
            right = declared  # `const url = path` of a name declared in several blocks
        pieces = self._binding_pieces(right)
        if pieces:
            return Binding(target, "expr", "", scope, line, pieces)
        value_node = _unwrapped(right)
        if value_node.type == "object":
            # A config object (`export const config = { ... }`) is read further than an
            # argument: its entries are looked up by name (`config.mlUrl`).
            items = self._object_entries(value_node, 0, MAX_BINDING_ITEMS)
            return Binding(target, "object", "", scope, line, items=items)
        if value_node.type == "ternary_expression":
            # `const url = isBatch ? `${ML}/batch` : `${ML}/one``: a choice of two strings,
            # held as a call's argument holds it (`either`).
            chosen = chosen_binding(target, self._arg(value_node), scope, line)
            if chosen is not None:
                return chosen
        if value_node.type == "array":
            # A list of entries read by name (`RouterModule.register(routes)`).
            end_line = value_node.end_point[0] + 1
            return Binding(
                target, "list", "", scope, line, (), self._array_items(value_node), end_line
            )
        value = self._binding_value(value_node)
        if value is not None:
            return Binding(target, value[0], value[1], scope, line)
        if "." in target:
            # `this.base = pick(base)`: what it holds is not known here, but that it is set
            # here is (a value read from its other assignment would not be the whole truth).
            return Binding(target, "local", "", scope, line)
        return None

    def _typable(self, imports: list[Import], definitions: list[Definition]) -> frozenset[str]:
        """The names a TypeScript type may start with to name a class: the file's imports
        and its top-level classes. Empty when the file has no typed parameter or field."""
        if not self.caps.get("typed.parameter") and not self.caps.get("typed.field"):
            return frozenset()
        names = {n.alias for imp in imports for n in imp.names}
        names.update(d.qualname for d in definitions if d.kind == "class" and "." not in d.qualname)
        return frozenset(names)

    def _typed_bindings(self, scopes: ScopeIndex, typable: frozenset[str]) -> list[Binding]:
        """`typed` bindings of TypeScript parameters and value-less fields whose type is a
        name in `typable` (whether it names a class is the resolver's question): a parameter
        binds its name, and as a parameter property (`constructor(private store: Store)`)
        `this.store` too; a field (`@Inject() private store: Store`) binds `this.store`."""
        found: list[tuple[str, ts.Node, str]] = []  # (target, node, type)
        for node in self.caps.get("typed.parameter", ()):
            kind = _typed_name(node, typable)
            if kind is None:
                continue
            name = text(node.child_by_field_name("pattern"))
            found.append((name, node, kind))
            if any(c.type in _PARAMETER_PROPERTY_MARKS for c in node.children):
                found.append((f"this.{name}", node, kind))
        for node in self.caps.get("typed.field", ()):
            kind = _typed_name(node, typable)
            if kind is not None and not _has_token(node, "static"):
                name = _property_name(node.child_by_field_name("name"))
                found.append((f"this.{name}", node, kind))
        enclosing = scopes.enclosing([node.start_byte for _, node, _ in found])
        return [
            Binding(target, "typed", kind, scope, node.start_point[0] + 1)
            for (target, node, kind), scope in zip(found, enclosing, strict=True)
        ]

    @staticmethod
    def _module_names(
        imports: list[Import], definitions: list[Definition], bindings: list[Binding]
    ) -> set[str]:
        """The names the module binds, defines or imports."""
        module = {b.target for b in bindings if b.scope == MODULE_SCOPE}
        module.update(d.qualname for d in definitions if "." not in d.qualname)
        for imp in imports:
            if imp.scope == MODULE_SCOPE:
                module.update(n.alias for n in imp.names)
        return module

    def _loop_items(self, scopes: ScopeIndex, module: set[str]) -> list[Binding]:
        """An `item` binding for each variable a `for (const x of name)` loop declares,
        `value` the array's dotted name (`for (const r of routers) app.use(r.path,
        r.router)`); over an array written in place (`for (const r of [v1, v2])`), `value`
        empty and its items in `items`, as a Python loop's over a tuple (read as a named
        array's are: `_array_items`). At module scope, not for a name the module binds
        otherwise: the loop's is another variable, in its own block."""
        # (the variable, the array's name, the items of one written in place)
        found: list[tuple[ts.Node, str, tuple[Arg, ...]]] = []
        for node in self.caps.get("loop", ()):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            operator = node.child_by_field_name("operator")
            if (
                left is None
                or left.type != "identifier"
                or right is None
                or operator is None
                or operator.type != "of"
                or node.child_by_field_name("kind") is None
            ):
                continue
            right = _unwrapped(right)  # `for (const r of [v1, v2] as const)`
            array = dotted(right)
            if array:
                found.append((left, array, ()))
            elif right.type == "array" and (items := self._array_items(right)):
                found.append((left, "", items))
        parameters = self._for_each_parameters()
        # Each variable's scope: a loop's is where the loop is written, a parameter's the
        # function's own (looked up from its body: `r => ...` starts where the function does).
        positions = [left.start_byte for left, _, _ in found]
        positions += [body.start_byte for _, _, _, body in parameters]
        found += [(variable, array, items) for variable, array, items, _ in parameters]
        # (a parameter bound so is no `local` one: `_local_bindings`)
        given = {variable.start_byte for variable, _, _, _ in parameters}
        enclosing = scopes.enclosing(positions)
        bindings: list[Binding] = []
        for (left, array, items), scope in zip(found, enclosing, strict=True):
            if scope == MODULE_SCOPE and text(left) in module:
                continue
            if left.start_byte in given:
                if text(left) not in self._params.get(scope, ()):
                    continue  # assigned again in the function: not what the array holds
                self._parameter_entry_starts.add(left.start_byte)
            line = left.start_point[0] + 1
            bindings.append(Binding(text(left), "item", array, scope, line, items=items))
            self._recorded.add(left.start_byte)
        return bindings

    def _for_each_parameters(self) -> list[tuple[ts.Node, str, tuple[Arg, ...], ts.Node]]:
        """The first parameter of a function written in place and given to an array's
        `forEach` (`[v1, v2].forEach((r) => r.get(...))`, `routers.forEach(function (r) {
        ... })`), with the array's dotted name or the items of one written in place, and the
        function's body: bound in that function as `_loop_items` binds a `for ... of` loop's
        variable."""
        if not self._for_each:
            return []
        found: list[tuple[ts.Node, str, tuple[Arg, ...], ts.Node]] = []
        for node in self.caps.get("call", ()):
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if function is None or function.type != "member_expression" or arguments is None:
                continue
            method = function.child_by_field_name("property")
            receiver = function.child_by_field_name("object")
            if method is None or text(method) != "forEach" or receiver is None:
                continue
            receiver = _unwrapped(receiver)  # `([v1, v2] as const).forEach(...)`
            given = arguments.named_children[0] if arguments.named_child_count else None
            variable = _first_parameter(given) if given is not None else None
            body = given.child_by_field_name("body") if given is not None else None
            if variable is None or body is None:
                continue
            array = dotted(receiver)
            if array:
                found.append((variable, array, (), body))
            elif receiver.type == "array" and (items := self._array_items(receiver)):
                found.append((variable, "", items, body))
        return found

    def _local_bindings(self, scopes: ScopeIndex, module: set[str]) -> list[Binding]:
        """A `local` binding for each name a function binds to a value not known here (a
        parameter, a `for ... of` variable not read as an `item`) that the module also
        binds: without it, `function f(config) { config.url }` read the module's `const
        config = {...}`. Only such names are kept: a local the module does not bind
        resolves to nothing either way."""
        if not module:
            return []
        found: list[ts.Node] = []
        for node in self.caps.get("def.function", []) + self.caps.get("def.method", []):
            parameters = node.child_by_field_name("parameters") or node.child_by_field_name(
                "parameter"
            )
            if parameters is not None:
                found.extend(
                    n
                    for n in _pattern_names(parameters)
                    if text(n) in module and n.start_byte not in self._parameter_entry_starts
                )
        for node in self.caps.get("loop", ()):
            left = node.child_by_field_name("left")
            if left is not None and left.start_byte not in self._recorded:
                found.extend(n for n in _pattern_names(left) if text(n) in module)
        enclosing = scopes.enclosing([node.start_byte for node in found])
        local: list[Binding] = []
        for node, scope in zip(found, enclosing, strict=True):
            if scope != MODULE_SCOPE:
                local.append(Binding(text(node), "local", "", scope, node.start_point[0] + 1))
                self._recorded.add(node.start_byte)
        return local

    def _default_literals(self) -> list[Binding]:
        """`export default [usersRouter, itemsRouter]`: a `list` binding of `default` (a
        word no variable may have), which `_exports` exports; `export default { server: ...
        }` (a config file's object, as Vite reads it): an `object` binding of `default`."""
        found: list[Binding] = []
        for node in self.caps.get("export", ()):
            value = node.child_by_field_name("value")
            literal = _unwrapped(value) if value is not None else None
            if literal is None or literal.type not in ("array", "object"):
                continue
            line, end_line = literal.start_point[0] + 1, literal.end_point[0] + 1
            if literal.type == "array":
                items = self._array_items(literal)
                found.append(
                    Binding("default", "list", "", MODULE_SCOPE, line, (), items, end_line)
                )
            else:
                items = self._object_entries(literal, 0, MAX_BINDING_ITEMS)
                found.append(Binding("default", "object", "", MODULE_SCOPE, line, items=items))
        return found

    def _returned_literals(self, scopes: ScopeIndex) -> list[Binding]:
        """A `RETURNED` binding for each function whose only `return` (or arrow body)
        gives an array or object literal (`async rewrites() { return [{ source, destination
        }] }` in a Next.js config), with its entries, a name (`name`: `return router`), a
        call's result (`call`, the callee: `return createClient<paths>({ baseUrl })`) or a
        string (`str`, `expr`: a URL getter's `() => `/api/items/${id.value}``)."""
        returns = list(self.caps.get("return", ()))
        enclosing = scopes.enclosing([node.start_byte for node in returns])
        # A scope's `return` statements and an arrow function's expression body: what they
        # return is read only where a scope has one.
        by_scope: dict[str, list[ts.Node]] = {}
        for node, scope in zip(returns, enclosing, strict=True):
            by_scope.setdefault(scope, []).append(node)
        for node in self.caps.get("def.function", ()):
            body = node.child_by_field_name("body") if node.type == "arrow_function" else None
            if body is not None and body.type != "statement_block":
                by_scope.setdefault(self.def_names.get(node.id, ""), []).append(body)
        found: list[Binding] = []
        for scope, nodes in by_scope.items():
            only = nodes[0] if len(nodes) == 1 else None
            # A string is what each call gives only where nothing may return before it.
            always = only is not None and _ends_body(only)
            if only is not None and only.type == "return_statement":
                only = returned_value(only)
            value = _unwrapped(only) if only is not None else None
            if value is not None and value.type == "await_expression" and value.named_child_count:
                value = _unwrapped(value.named_children[0])
            if scope in ("", MODULE_SCOPE) or value is None:
                continue
            line = value.start_point[0] + 1
            if value.type == "identifier":  # `return router` (a router a factory makes)
                found.append(Binding(RETURNED, "name", text(value), scope, line))
            elif value.type == "array":
                items = self._array_items(value)
                found.append(Binding(RETURNED, "list", "", scope, line, items=items))
            elif value.type == "object":
                items = self._object_entries(value, 0, MAX_BINDING_ITEMS)
                found.append(Binding(RETURNED, "object", "", scope, line, items=items))
            elif value.type == "call_expression":  # a client a factory makes
                callee = dotted(value.child_by_field_name("function"))
                if callee is not None:
                    found.append(Binding(RETURNED, "call", callee, scope, line))
            elif not always:
                continue
            elif (literal := string_literal(value)) is not None:
                # A URL a function gives (Nuxt's `useFetch(() => '/api/items')`).
                found.append(Binding(RETURNED, "str", literal, scope, line))
            elif pieces := self._binding_pieces(value):  # `() => `/api/items/${id.value}``
                found.append(Binding(RETURNED, "expr", "", scope, line, pieces))
        return found

    @cached_property
    def _assignments(self) -> list[tuple[str, ts.Node, ts.Node]]:
        """(node type, target, value) of every `x = v`, `const x = v` and class field, in
        source order. Read once: bindings and CommonJS exports both walk them."""
        nodes = [
            *self.caps.get("assign.expression", ()),
            *self.caps.get("assign.declarator", ()),
            *self.caps.get("assign.field", ()),
        ]
        pairs: list[tuple[str, ts.Node, ts.Node]] = []
        for node in sorted(nodes, key=lambda n: n.start_byte):
            construct = node.type
            left_field, right_field = _ASSIGNMENT_FIELDS[construct]
            left = node.child_by_field_id(self._field_ids[left_field])
            right = node.child_by_field_id(self._field_ids[right_field])
            if left is not None and right is not None:
                pairs.append((construct, left, right))
            elif left is not None and construct == "variable_declarator":
                self._recorded.add(left.start_byte)  # `let url;` assigns nothing yet
        return pairs

    def _binding_pieces(self, node: ts.Node) -> tuple[Piece, ...]:
        """A string built at run time that a binding holds (`const URL = `${BASE}/v1``)."""
        inner = node
        while (
            (kind := inner.type) in _WRAPPERS
            and inner.named_child_count
            and kind != "await_expression"
        ):
            inner = inner.named_children[0]
        if kind not in _PIECE_KINDS or kind in ("identifier", "new_expression"):
            return ()
        if string_literal(inner) is not None:
            return ()
        if (
            kind == "member_expression"
            and not (dotted(inner) or "").startswith(_ENV_PREFIXES)
            and not (self._base_href and _reads_base_href(inner))
        ):
            return ()
        if kind == "call_expression" and not (self._base_href and _reads_base_href(inner)):
            function = inner.child_by_field_name("function")
            strip = function is not None and self.data.endswith(
                b".replace", function.start_byte, function.end_byte
            )  # looked for in the file's bytes: `text` would copy every callee's
            callee = dotted(function)
            if callee not in _CONVERSIONS and callee != _PATH_JOIN and not strip:  # `_pieces`
                return ()
        pieces = self._pieces(inner)
        return pieces if informative(pieces) else ()

    def _binding_value(self, node: ts.Node) -> tuple[str, str] | None:
        kind = node.type  # a new string per access: read once
        if kind == "await_expression" and (awaited := node.named_child(0)) is not None:
            node, kind = awaited, awaited.type
        if kind in ("call_expression", "new_expression"):
            function = node.child_by_field_name(
                "function" if kind == "call_expression" else "constructor"
            )
            if function is None or function.type == "import" or _is_require(function):
                return None
            callee = dotted(function)
            if callee is None:
                return None
            return ("call" if kind == "call_expression" else "new", callee)
        if kind in ("identifier", "member_expression"):
            name = dotted(node)
            return ("name", name) if name else None
        literal = string_literal(node)
        if literal is not None:
            return ("str", literal)
        if kind in _FUNCTION_VALUES:
            return ("func", self.def_names.get(node.id, ""))
        return None


# Regular expressions that match only a string's trailing slashes: `base.replace(/\/+$/, '')`.
_TRAILING_SLASHES = frozenset({r"\/+$", r"\/$", r"\/*$"})


def _imported_build_flags(
    imports: list[Import], definitions: list[Definition], assigned: list[ts.Node]
) -> dict[str, bool]:
    """The local names of the SvelteKit build flags the file imports, with their values.
    A name the file also binds (a parameter `dev`, a `const dev = ...` in a function) is
    left out: which one a condition reads is not looked up, and the other's value is not
    known."""
    flags = {
        imported.alias: _SVELTEKIT_FLAGS[imported.name]
        for item in imports
        if item.module == _SVELTEKIT_ENVIRONMENT and item.kind == "static"
        for imported in item.names
        if imported.name in _SVELTEKIT_FLAGS
    }
    if not flags:  # most files: the names they bind need not be read
        return flags
    bound = {p.removesuffix("=") for d in definitions for p in d.params}
    bound.update(text(node) for node in assigned)
    return {alias: value for alias, value in flags.items() if alias not in bound}


# The page's `<base href>`, read where it is written (`document.querySelector("head >
# base")?.getAttribute("href")`, `document.querySelector("base").href`): the path the app is
# served under, as `document.baseURI` says it (`values.PAGE_BASE`).
PAGE_BASE = "document.baseURI"
_BASE_ELEMENT = re.compile(r"(?:^|[\s>+~])base$")


def _reads_base_href(node: ts.Node) -> bool:
    """`document.querySelector("head > base")?.getAttribute("href")`, `...base").href`."""
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or function.type != "member_expression":
            return False
        if text(function.child_by_field_name("property")) != "getAttribute":
            return False
        if _first_string_arg(arguments) != "href":
            return False
        return _selects_base(function.child_by_field_name("object"))
    if node.type == "member_expression":
        if text(node.child_by_field_name("property")) != "href":
            return False
        return _selects_base(node.child_by_field_name("object"))
    return False


def _selects_base(node: ts.Node | None) -> bool:
    """`document.querySelector("base")` (or a selector ending in the `base` element)."""
    if node is None or node.type != "call_expression":
        return False
    function = node.child_by_field_name("function")
    if dotted(function) != "document.querySelector":
        return False
    selector = _first_string_arg(node.child_by_field_name("arguments"))
    return selector is not None and _BASE_ELEMENT.search(selector.strip()) is not None


def _unslashed(node: ts.Node) -> ts.Node | None:
    """`x.endsWith("/") ? x.slice(0, -1) : x`: `x`, whose trailing slash is taken off; None
    for any other choice."""
    fields = [node.child_by_field_name(f) for f in ("condition", "consequence", "alternative")]
    if any(f is None for f in fields):
        return None
    condition, chosen, other = (_unwrapped(f) for f in fields if f is not None)
    if condition.type != "call_expression" or chosen.type != "call_expression":
        return None
    tested = condition.child_by_field_name("function")
    cut = chosen.child_by_field_name("function")
    if tested is None or cut is None or {tested.type, cut.type} != {"member_expression"}:
        return None
    name = other.text
    if text(tested.child_by_field_name("property")) != "endsWith" or (
        _first_string_arg(condition.child_by_field_name("arguments")) != "/"
    ):
        return None
    if text(cut.child_by_field_name("property")) != "slice" or not _cuts_last(chosen):
        return None
    same = (tested.child_by_field_name("object"), cut.child_by_field_name("object"))
    if any(o is None or o.text != name for o in same) or other.type != "identifier":
        return None
    return other


def _cuts_last(call: ts.Node) -> bool:
    """`.slice(0, -1)`: all but the last character."""
    arguments = call.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
    return len(args) == 2 and text(args[0]) == "0" and text(args[1]).replace(" ", "") == "-1"


def _strips_trailing_slashes(arguments: ts.Node | None) -> bool:
    """Whether `replace` is given arguments that take off trailing slashes and nothing
    else: a regular expression matching only them (no flag but `g`) and `''`."""
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
    if len(args) != 2 or args[0].type != "regex" or string_literal(args[1]) != "":
        return False
    flags = args[0].child_by_field_name("flags")
    pattern = text(args[0].child_by_field_name("pattern"))
    return pattern in _TRAILING_SLASHES and text(flags) in ("", "g")


def _is_request_path(name: str) -> bool:
    """`req.url`, `ctx.request.path`, `req.nextUrl.pathname`: the path a request came in on."""
    head, _, rest = name.partition(".")
    return bool(rest) and head in _REQUEST_OBJECTS and rest.rpartition(".")[2] in _REQUEST_PATHS


def _is_wildcard_value(owner: str | None, index: ts.Node | None) -> bool:
    """`req.params[0]`: what an Express `*` in the route matched, slashes and all."""
    if owner is None or index is None or index.type != "number":
        return False
    head, _, rest = owner.partition(".")
    return head in _REQUEST_OBJECTS and rest == "params"


def _is_wildcard_param(node: ts.Node, name: str) -> bool:
    """`req.params.rest` in the handler of `app.get('/files/:rest(*)', ...)` (Express 4) or
    `'/files/*rest'` (Express 5): what the wildcard matched, slashes and all."""
    head, _, rest = name.partition(".")
    owner, _, param = rest.rpartition(".")
    if head not in _REQUEST_OBJECTS or owner != "params" or not param:
        return False
    function = node.parent
    while function is not None and function.type not in ("arrow_function", "function_expression"):
        function = function.parent
    arguments = function.parent if function is not None else None
    route = _first_string_arg(arguments)
    if route is None:
        return False
    marks = (f":{param}(*)", f":{param}(.*)", f":{param}*", f"*{param}")
    return any(mark in route for mark in marks)


def _typed_name(node: ts.Node, typable: frozenset[str]) -> str | None:
    """The class name a typed parameter or field is annotated with, when `typable` has its
    head (the query matched only plain and dotted type names)."""
    annotation = node.child_by_field_name("type")
    name = text(annotation.named_child(0)) if annotation is not None else ""
    return name if name.partition(".")[0] in typable else None


# Where a parameter or declaration pattern keeps the names it binds.
_PATTERN_FIELDS = {
    "required_parameter": "pattern",  # TS `x: T`, `private readonly x: T`
    "optional_parameter": "pattern",
    "assignment_pattern": "left",  # `x = 1`
    "object_assignment_pattern": "left",  # `{ x = 1 }`
    "pair_pattern": "value",  # `{ key: x }`
}
_PATTERN_LISTS = frozenset({"formal_parameters", "object_pattern", "array_pattern", "rest_pattern"})


# Parameter node type -> (name field, default value field): `base = ML_URL` in JavaScript,
# TypeScript's parameters (`base: string = ML_URL`).
_DEFAULT_FIELDS = {
    "assignment_pattern": ("left", "right"),
    "required_parameter": ("pattern", "value"),
    "optional_parameter": ("pattern", "value"),
}


def _parameters(node: ts.Node) -> tuple[tuple[str, ...], bool]:
    """A function's parameters, in order (see `Definition.params`), and whether one of them
    is an object pattern."""
    parameters = node.child_by_field_name("parameters")
    if parameters is None:
        single = node.child_by_field_name("parameter")  # `path => ...`
        if single is not None and single.type == "identifier":
            return (text(single),), False
        return (), False
    found: list[str] = []
    patterns = False
    for parameter in parameters.named_children:
        named: ts.Node | None = parameter
        kind = parameter.type
        optional = kind == "optional_parameter"
        if kind in ("required_parameter", "optional_parameter"):  # TypeScript
            optional = optional or parameter.child_by_field_name("value") is not None
            named = parameter.child_by_field_name("pattern")
            if named is None or named.type == "this":
                continue  # `this: Foo` types `this`; it takes no argument
            kind = named.type
        if kind == "comment":
            continue
        if kind == "assignment_pattern" and named is not None:
            optional, named = True, named.child_by_field_name("left")
            kind = named.type if named is not None else ""
        if kind == "rest_pattern":
            found.append("*")
        elif kind == "identifier":
            found.append(text(named) + ("=" if optional else ""))
        elif kind == "object_pattern":
            found.append(destructured_name(len(found)) + ("=" if optional else ""))
            patterns = True
        else:
            found.append("")
    return tuple(found), patterns


def _destructured_parameters(node: ts.Node) -> Iterator[tuple[str, ts.Node, ts.Node | None]]:
    """Each object pattern among a function's parameters (named as `_parameters` names
    it), with its default value: `{ baseUrl } = {}` in JavaScript, `{ baseUrl }: Opts = {}`
    in TypeScript."""
    parameters = node.child_by_field_name("parameters")
    position = 0
    for parameter in parameters.named_children if parameters is not None else ():
        if parameter.type == "comment":
            continue
        pattern: ts.Node | None = parameter
        default: ts.Node | None = None
        if parameter.type in ("required_parameter", "optional_parameter"):
            pattern = parameter.child_by_field_name("pattern")
            default = parameter.child_by_field_name("value")
        if pattern is None or pattern.type == "this":
            continue  # `this: Foo` types `this`; it takes no argument
        if pattern.type == "assignment_pattern":
            default = pattern.child_by_field_name("right")
            pattern = pattern.child_by_field_name("left")
        if pattern is not None and pattern.type == "object_pattern":
            yield destructured_name(position), pattern, default
        position += 1


def _literal_default(node: ts.Node | None) -> str | None:
    """The text of a fallback written as a literal (`|| 'http://ml:8000'`, `?? 8080`, a
    destructured entry's `= ''`), else None."""
    value = string_literal(node)
    if value is None and node is not None and node.type == "number":
        return text(node)
    return value


def _pattern_entries(pattern: ts.Node, keys: str) -> Iterator[tuple[ts.Node, str, ts.Node | None]]:
    """The names an object pattern binds, each with the entry it reads (`keys`, dotted
    from the parameter: `{0}.baseUrl`, `{0}.http.baseUrl` for `{ http: { baseUrl } }`) and
    its default value. A computed key or a rest element (`...rest`) binds nothing read."""
    for entry in pattern.named_children:
        kind = entry.type
        if kind == "shorthand_property_identifier_pattern":
            yield entry, f"{keys}.{text(entry)}", None
        elif kind == "object_assignment_pattern":
            left = entry.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                yield left, f"{keys}.{text(left)}", entry.child_by_field_name("right")
        elif kind == "pair_pattern":
            key = entry.child_by_field_name("key")
            value = entry.child_by_field_name("value")
            if key is None or value is None or key.type == "computed_property_name":
                continue
            entry_keys = f"{keys}.{_property_name(key)}"
            default = None
            if value.type == "assignment_pattern":
                default = value.child_by_field_name("right")
                value = value.child_by_field_name("left")
            if value is None:
                continue
            if value.type == "identifier":
                yield value, entry_keys, default
            elif value.type == "object_pattern" and default is None:
                yield from _pattern_entries(value, entry_keys)


def _pattern_names(node: ts.Node) -> Iterator[ts.Node]:
    """The identifiers a parameter list or binding pattern binds, in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        kind = current.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            yield current
        elif kind in _PATTERN_FIELDS:
            inner = current.child_by_field_name(_PATTERN_FIELDS[kind])
            if inner is not None:
                stack.append(inner)
        elif kind in _PATTERN_LISTS:
            stack.extend(reversed(current.named_children))


# Where a `let`/`const` declaration's variable lives: the innermost of these around it.
_BLOCKS = frozenset(
    {
        "statement_block", "switch_body", "for_statement", "for_in_statement", "program",
        "class_static_block",
    }
)  # fmt: skip
_FUNCTION_NODES = frozenset(
    {
        "function_declaration", "generator_function_declaration", "function_expression",
        "generator_function", "arrow_function", "method_definition",
    }
)  # fmt: skip


def _declaring_block(declarator: ts.Node) -> ts.Node | None:
    """The node a declarator's variable belongs to: for `let`/`const` the block around it,
    for `var` the body of its function (or the program)."""
    declaration = declarator.parent
    lexical = declaration is not None and declaration.type == "lexical_declaration"
    node = declaration.parent if declaration is not None else None
    while node is not None:
        if node.type == "program" or (lexical and node.type in _BLOCKS):
            return node
        parent = node.parent
        if node.type == "statement_block" and parent is not None and parent.type in _FUNCTION_NODES:
            return node
        node = parent
    return None


def _names_declared_by(node: ts.Node) -> frozenset[str]:
    """The names a function's parameters, a `for (const x of ...)` loop or a catch clause
    declare for what they enclose; empty for any other node."""
    kind = node.type
    if kind in _FUNCTION_NODES:
        declaring = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
    elif kind == "for_in_statement" and node.child_by_field_name("kind") is not None:
        declaring = node.child_by_field_name("left")
    elif kind == "catch_clause":
        declaring = node.child_by_field_name("parameter")
    else:
        return frozenset()
    return frozenset(text(n) for n in _pattern_names(declaring)) if declaring else frozenset()


def _ends_body(returned: ts.Node) -> bool:
    """Whether a function's only `return` (or an arrow function's expression body) is a
    statement of the function's body itself, not of a branch, loop or `try` in it: every
    call that returns at all returns what it returns."""
    if returned.type != "return_statement":
        return True  # an arrow function's expression body
    block = returned.parent
    owner = block.parent if block is not None and block.type == "statement_block" else None
    return owner is not None and owner.type in _FUNCTIONS


def _declares(block: ts.Node, name: str) -> bool:
    """Whether the statements of `block` declare a class or function named `name`."""
    for statement in block.named_children:
        declaration = (
            statement.child_by_field_name("declaration")
            if statement.type == "export_statement"
            else statement
        )
        if (
            declaration is not None
            and declaration.type in _DECLARATIONS
            and text(declaration.child_by_field_name("name")) == name
        ):
            return True
    return False


# What a namespace may hold that the compiler drops: it makes no value of them.
_TYPE_STATEMENTS = frozenset(
    {"interface_declaration", "type_alias_declaration", "ambient_declaration", "comment"}
)


def _holds_values(namespace: ts.Node) -> bool:
    """Whether the namespace `namespace` holds anything but types (and namespaces of types)."""
    body = namespace.child_by_field_name("body")
    for statement in body.named_children if body is not None else ():
        if statement.type == "export_statement":
            statement = statement.child_by_field_name("declaration") or statement
        if statement.type == "expression_statement" and statement.named_child_count == 1:
            statement = statement.named_children[0]  # `namespace Inner {...}` unexported
        if statement.type == "internal_module":
            if _holds_values(statement):
                return True
        elif statement.type not in _TYPE_STATEMENTS:
            return True
    return False


def _in_namespace(node: ts.Node) -> bool:
    """Whether `node` is written in a TypeScript namespace or ambient module."""
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.type in ("internal_module", "module"):
            return True
        ancestor = ancestor.parent
    return False


def _unwrapped(node: ts.Node) -> ts.Node:
    """The value inside type-only wrappers (`{ ... } as const`)."""
    while node.type in _TYPE_WRAPPERS and node.named_child_count:
        node = node.named_children[0]
    return node


def _defaulted_receiver(function: ts.Node | None) -> tuple[str, str] | None:
    """`(options.client ?? client).post` as (`client.post`, `options.client`): a method of
    the default receiver, called on another object when the one before `??` (or `||`) is
    set; "" for one that is no plain name."""
    owner = function.child_by_field_name("object") if function is not None else None
    if function is None or function.type != "member_expression" or owner is None:
        return None
    receiver = _unwrapped(owner)
    if receiver.type != "binary_expression":
        return None
    if text(receiver.child_by_field_name("operator")) not in ("??", "||"):
        return None
    default = dotted(receiver.child_by_field_name("right"))
    if default is None:
        return None
    method = text(function.child_by_field_name("property"))
    return f"{default}.{method}", dotted(receiver.child_by_field_name("left")) or ""


def _keyed_receiver(function: ts.Node | None) -> tuple[str, str] | None:
    """`client['/items/{item_id}'].GET` as (`client[].GET`, `/items/{item_id}`): a method
    of the entry a string key reads (openapi-fetch's path-based client). `[]` keeps the
    callee from naming `client.GET`."""
    owner = function.child_by_field_name("object") if function is not None else None
    if function is None or function.type != "member_expression" or owner is None:
        return None
    entry = _unwrapped(owner)
    if entry.type != "subscript_expression":
        return None
    key = string_literal(entry.child_by_field_name("index"))
    receiver = dotted(entry.child_by_field_name("object"))
    if key is None or receiver is None:
        return None
    return f"{receiver}[].{text(function.child_by_field_name('property'))}", key


def _array_method(function: ts.Node | None) -> str | None:
    """`['a.txt', 'b.txt'].map` as `[].map`: a callback it is handed runs right there."""
    if function is None or function.type != "member_expression":
        return None
    receiver = function.child_by_field_name("object")
    if receiver is None or receiver.type != "array":
        return None
    return "[]." + text(function.child_by_field_name("property"))


def _bases(node: ts.Node) -> tuple[str, ...]:
    """`class A extends B.C` -> ("B.C",): JS has one base, TS spells it in an extends clause."""
    heritage = next((c for c in node.named_children if c.type == "class_heritage"), None)
    if heritage is None:
        return ()
    clause = next((c for c in heritage.named_children if c.type == "extends_clause"), None)
    value = clause.child_by_field_name("value") if clause is not None else heritage.named_child(0)
    base = dotted(value)
    return (base,) if base else ()


def _object_literal_owner(literal: ts.Node | None) -> str | None:
    """`api` for a member of `const api = { ... }`, so `api.get` names its function."""
    if literal is None or literal.type != "object":
        return None
    holder = literal.parent
    if holder is None or holder.type != "variable_declarator":
        return None
    owner = holder.child_by_field_name("name")
    return text(owner) if owner is not None and owner.type == "identifier" else None


def _is_field(parent: ts.Node, field: str, node: ts.Node) -> bool:
    child = parent.child_by_field_name(field)
    return child is not None and child.id == node.id


def _commonjs_name(left: str | None) -> str | None:
    """`module.exports` -> default; `(module.)exports.x` -> x; `A.prototype.m` -> A.m."""
    if left is None:
        return None
    if left == "module.exports":
        return "default"
    for prefix in ("module.exports.", "exports."):
        if left.startswith(prefix):
            return left[len(prefix) :]
    if ".prototype." in left:
        return left.replace(".prototype.", ".")
    return None if left.startswith("this.") else left


def _decorator_callee(decorator: ts.Node) -> ts.Node | None:
    expr = decorator.named_child(0)
    if expr is not None and expr.type == "call_expression":
        return expr.child_by_field_name("function")
    return expr


def _is_require(node: ts.Node) -> bool:
    """Whether `node` is written `require`: its length looked at first, as a callee's text
    is copied out of the file to be read (bytes: not decoded for this)."""
    return node.end_byte - node.start_byte == len(_REQUIRE) and node.text == _REQUIRE


_REQUIRE = b"require"


def _import_call_kind(function: ts.Node) -> str | None:
    """`dynamic` for `import(...)`, `require` for `require(...)`, else None."""
    if function.end_byte - function.start_byte > len(_REQUIRE):
        return None  # most callees: longer than either word, their type not read
    kind = function.type
    if kind == "import":
        return "dynamic"
    if kind == "identifier" and _is_require(function):
        return "require"
    return None


def _config_read(arguments: ts.Node | None) -> Piece | None:
    """NestJS's `config.get('ML_URL', 'http://ml:8000')` (or `getOrThrow`): ConfigService
    reads the process environment (and the `.env` ConfigModule loads into it), so a key
    named as an environment variable is one; other keys (`database.host`) come from
    configuration factories seamcheck does not read."""
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
    key = string_literal(args[0]) if args else None
    if key is None or not _ENV_NAME.match(key):
        return None
    default = string_literal(args[1]) if len(args) > 1 else None
    return Piece("env", key, default)


def _first_string_arg(arguments: ts.Node | None) -> str | None:
    if arguments is None or arguments.type != "arguments" or arguments.named_child_count == 0:
        return None
    return string_literal(arguments.named_child(0))


def _bound_import_names(call: ts.Node) -> tuple[ImportedName, ...]:
    """Names bound by `const x = require('m')`, `const {a: b} = await import('m')`, ..."""
    node = call
    member: str | None = None
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        node, parent = parent, parent.parent
    if (
        parent is not None
        and parent.type == "member_expression"
        and _is_field(parent, "object", node)
    ):
        member = text(parent.child_by_field_name("property"))
        node, parent = parent, parent.parent
    if parent is None or parent.type != "variable_declarator":
        return ()
    target = parent.child_by_field_name("name")
    if target is None:
        return ()
    if target.type == "identifier":
        return (ImportedName(member or "*", text(target)),)
    if target.type != "object_pattern" or member is not None:
        return ()
    names: list[ImportedName] = []
    for prop in target.named_children:
        if prop.type == "shorthand_property_identifier_pattern":
            names.append(ImportedName(text(prop), text(prop)))
        elif prop.type == "pair_pattern":
            value = prop.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                value = value.child_by_field_name("left")
            names.append(ImportedName(_property_name(prop.child_by_field_name("key")), text(value)))
        elif prop.type == "object_assignment_pattern":
            left = prop.child_by_field_name("left")
            names.append(ImportedName(text(left), text(left)))
    return tuple(names)


def extract_javascript(path: str, data: bytes, dialect: str) -> FileFacts:
    """dialect: javascript | typescript | tsx."""
    extractor = _JsExtractor(path, data, dialect)
    with reading(data):
        return extractor.run()
