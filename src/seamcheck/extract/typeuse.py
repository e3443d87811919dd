"""Which names a TypeScript file uses as values, to tell the imports its compiler drops.

TypeScript drops (elides) an `import { A } from './a'` whose names the file uses only in type
positions, or not at all; esbuild, Babel and SWC, which compile without types, drop the same
ones. Such an import is as type-only at run time as `import type`: it cannot take part in a
runtime import cycle (dependency-cruiser calls it `pre-compilation-only`).

Kept as values, to stay on the side of a real import: any identifier outside a type (even a
local that shadows the import), `export { A }`, a computed key even in a type (`interface I
{ [KEY]: T }`, outside a `declare`d one: tsc keeps that import), and, in a file with
decorators, the types of parameters, fields and methods' results, which
`emitDecoratorMetadata` emits as values (NestJS's injection reads them).
"""

from __future__ import annotations

import re
from functools import cache

import tree_sitter as ts

from seamcheck.extract.common import captures

_DECORATORS = "(decorator) @decorator"
# Ancestors looked at to place one name: past this the name is taken as a value use, which
# keeps its import.
_MAX_ANCESTORS = 64
# Occurrences placed in the tree per file, each costing a walk down to it (`_ancestors`):
# files of real code place a few dozen (1,515 TypeScript files of vendure, zod and the
# synthetic trees: 15 on average); a hostile one, deeply nested, would take seconds.
_MAX_PLACED = 256

# Nodes whose whole subtree is a type (or a declaration that only exists as one).
_TYPE_CONTEXTS = frozenset(
    {
        "type_annotation",
        "type_arguments",
        "type_parameters",
        "type_query",
        "nested_type_identifier",
        "type_alias_declaration",
        "interface_declaration",
        "implements_clause",
        "extends_type_clause",
        "ambient_declaration",
        "function_signature",
        "index_signature",
        "property_signature",
        "method_signature",
        "abstract_method_signature",
        "predicate_type",
        "asserts_annotation",
    }
)
# A byte that continues a name: ASCII letters, digits, `_`, `$`, and any byte of a non-ASCII
# character.
_WORD = re.compile(rb"[\w$\x80-\xff]")
_REFERENCES = frozenset({"identifier", "shorthand_property_identifier"})
# Where a type is written as the operand of an expression (`x as A`, `x satisfies A`).
_TYPED_EXPRESSIONS = frozenset({"as_expression", "satisfies_expression"})
# What emitDecoratorMetadata turns into a value: the type of a parameter or a field, and a
# method's return type.
_METADATA_OWNERS = frozenset(
    {"required_parameter", "optional_parameter", "public_field_definition", "method_definition"}
)


@cache
def _decorators(language: ts.Language) -> ts.Query:
    query: ts.Query = ts.Query(language, _DECORATORS)
    return query


def value_names(
    root: ts.Node, data: bytes, language: ts.Language, names: frozenset[str]
) -> frozenset[str]:
    """Those of `names` the file refers to as a value somewhere outside its imports."""
    # Each name's occurrences are found in the bytes, and only those are placed in the tree:
    # a query capturing every identifier made TypeScript extraction 22% slower.
    found: set[str] = set()
    decorated: list[bool] = []  # whether the file has decorators, once looked up
    budget = _MAX_PLACED
    for name in sorted(names):
        word = name.encode()
        start = data.find(word)
        while start >= 0:
            end = start + len(word)
            if budget <= 0:  # too many to place: the rest are kept as values
                found.add(name)
                break
            used = _is_use(root, data, start, end, language, decorated)
            budget -= used is not None
            if used:
                found.add(name)
                break
            start = data.find(word, end)
    return frozenset(found)


def _is_use(
    root: ts.Node, data: bytes, start: int, end: int, language: ts.Language, decorated: list[bool]
) -> bool | None:
    """Whether the name written at data[start:end] is used there as a value; None when the
    bytes are part of a longer name (the tree was not looked at)."""
    if _WORD.fullmatch(data, start - 1, start) or _WORD.fullmatch(data, end, end + 1):
        return None
    node = root.named_descendant_for_byte_range(start, end)
    if node is None or (node.start_byte, node.end_byte) != (start, end):
        return False  # in a comment or a string
    kind = node.type
    if kind not in _REFERENCES and kind != "type_identifier":
        return False  # a property's name, a label, ...
    ancestors = _ancestors(root, node) if kind in _REFERENCES else None
    if ancestors is not None and _is_value(node, ancestors):
        return True
    if not decorated:
        # Decorators are written on classes and their members only: most files have neither
        # and need no query.
        maybe = b"@" in data and b"class" in data
        decorated.append(maybe and bool(captures(_decorators(language), root)))
    if not decorated[0]:
        return False
    # `x: Foo.Bar` names Foo too
    return _in_metadata_type(ancestors if ancestors is not None else _ancestors(root, node))


def _text(node: ts.Node) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def _ancestors(root: ts.Node, node: ts.Node) -> list[ts.Node]:
    """The nodes around `node`, its parent first: the nearest _MAX_ANCESTORS of them, and
    the one past those (what encloses the last). Found in one walk down from the root: each
    `node.parent` walks down from the root itself, so reading them one by one cost the
    depth squared."""
    path: list[ts.Node] = []
    current: ts.Node | None = root
    while current is not None and current != node:
        path.append(current)
        current = current.child_with_descendant(node)
    return path[::-1][: _MAX_ANCESTORS + 1]


def _is_value(node: ts.Node, ancestors: list[ts.Node]) -> bool:
    child = node
    keyed = False  # inside a computed property name
    for parent in ancestors[:_MAX_ANCESTORS]:
        kind = parent.type
        if kind == "computed_property_name":
            keyed = True
        elif kind == "ambient_declaration":
            return False
        elif kind in _TYPE_CONTEXTS or kind in ("import_statement", "import_clause"):
            # A computed key is an expression even in a type (`interface I { [KEY]: T }`):
            # TypeScript keeps its import, unless the type is declared (`declare ...`).
            if not keyed or kind in ("import_statement", "import_clause"):
                return False
        elif kind in _TYPED_EXPRESSIONS and child != parent.named_children[0] and not keyed:
            return False
        child = parent
    return True


def _in_metadata_type(ancestors: list[ts.Node]) -> bool:
    """True for a name inside the type annotation of a parameter, a field or a method
    (`ancestors`: the name's, its parent first)."""
    for index, parent in enumerate(ancestors[:_MAX_ANCESTORS]):
        kind = parent.type
        if kind == "type_annotation":
            owner = ancestors[index + 1] if index + 1 < len(ancestors) else None
            break
        if kind.endswith("statement") or kind in _METADATA_OWNERS:
            return False
    else:
        # Past the root (no type around the name), or too deep to tell: kept as a value.
        return len(ancestors) >= _MAX_ANCESTORS
    return owner is not None and owner.type in _METADATA_OWNERS
