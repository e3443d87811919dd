"""Which names a TypeScript file uses as values, to tell the imports its compiler drops.

TypeScript drops (elides) an `import { A } from './a'` whose names the file uses only in type
positions, or not at all; esbuild, Babel and SWC, which compile without types, drop the same
ones. Such an import is as type-only at run time as `import type`: it cannot take part in a
runtime import cycle (dependency-cruiser calls it `pre-compilation-only`).

Kept as values, to stay on the side of a real import: any identifier outside a type (even a
local that shadows the import), `export { A }`, and, in a file with decorators, the types
of parameters, fields and methods' results, which `emitDecoratorMetadata` emits as values
(NestJS's injection reads them).
"""

from __future__ import annotations

from functools import cache

import tree_sitter as ts

from seamcheck.extract.common import captures

_QUERY = """
(identifier) @ref
(shorthand_property_identifier) @ref
(type_identifier) @type
(decorator) @decorator
"""

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
# Where a type is written as the operand of an expression (`x as A`, `x satisfies A`).
_TYPED_EXPRESSIONS = frozenset({"as_expression", "satisfies_expression"})
# What emitDecoratorMetadata turns into a value: the type of a parameter or a field, and a
# method's return type.
_METADATA_OWNERS = frozenset(
    {"required_parameter", "optional_parameter", "public_field_definition", "method_definition"}
)


@cache
def _query(language: ts.Language) -> ts.Query:
    query: ts.Query = ts.Query(language, _QUERY)
    return query


def value_names(root: ts.Node, language: ts.Language, names: frozenset[str]) -> frozenset[str]:
    """Those of `names` the file refers to as a value somewhere outside its imports."""
    if not names:
        return frozenset()
    caps = captures(_query(language), root)
    found = {
        name for node in caps.get("ref", ()) if (name := _text(node)) in names and _is_value(node)
    }
    if caps.get("decorator"):
        for node in caps.get("type", ()):
            name = _text(node)
            if name in names and _in_metadata_type(node):
                found.add(name)
        # `Foo.Bar` as a parameter's type names Foo: an identifier inside the type.
        for node in caps.get("ref", ()):
            name = _text(node)
            if name in names and _in_metadata_type(node):
                found.add(name)
    return frozenset(found)


def _text(node: ts.Node) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def _is_value(node: ts.Node) -> bool:
    child, parent = node, node.parent
    while parent is not None:
        kind = parent.type
        if kind in _TYPE_CONTEXTS or kind in ("import_statement", "import_clause"):
            return False
        if kind in _TYPED_EXPRESSIONS and child != parent.named_children[0]:
            return False
        child, parent = parent, parent.parent
    return True


def _in_metadata_type(node: ts.Node) -> bool:
    """True for a name inside the type annotation of a parameter, a field or a method."""
    parent = node.parent
    while parent is not None and parent.type != "type_annotation":
        if parent.type.endswith("statement") or parent.type in _METADATA_OWNERS:
            return False
        parent = parent.parent
    owner = parent.parent if parent is not None else None
    return owner is not None and owner.type in _METADATA_OWNERS
