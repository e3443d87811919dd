"""YAML files of the analysed repository (compose, Kubernetes, pnpm), read as plain data.

`yaml.safe_load` builds no Python objects from tags, but aliases still let a few hundred bytes
stand for billions of values (the "billion laughs"): each reader walking the document would then
run out of memory or time. Here a document is composed first, its size with every alias
expanded is counted without expanding anything, and only a document of bounded size, with no
alias that contains itself, is turned into Python values.
"""

from __future__ import annotations

from typing import Any

import yaml

from seamcheck.surrogates import clean

# Far above any real manifest (a 5,000-line compose file has about 20,000 nodes).
MAX_EXPANDED_NODES = 1_000_000


class YamlTooLarge(yaml.YAMLError):
    """A document whose aliases expand past MAX_EXPANDED_NODES, or refer to themselves."""


class _Loader(yaml.SafeLoader):
    """The safe loader, with values it cannot build reported as YAML errors at their node, and
    only JSON's kinds of values: readers flatten documents with `json.dumps`."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            # `2021-02-30` as a date, an integer past Python's digit limit: plain Python
            # errors from building the value, which would otherwise end the run.
            reason = str(exc).split("; ")[0]  # not `; use sys.set_int_max_str_digits()`
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value: {reason}", node.start_mark
            ) from None


def _scalar_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _set_as_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, None]:
    return {key: None for key in loader.construct_mapping(node)}


# A date (an OpenAPI example's `2019-07-01T12:00:00Z`, a label's `2021-02-30`) stays the text it
# is, as Kubernetes and compose read it; `!!binary` stays its base64 text and `!!set` a mapping
# to nulls. PyYAML would build datetime, bytes and set values, which `json.dumps` refuses (an
# internal error on JupyterHub's docs/source/_static/rest-api.yml).
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _scalar_text)
_Loader.add_constructor("tag:yaml.org,2002:binary", _scalar_text)
_Loader.add_constructor("tag:yaml.org,2002:set", _set_as_mapping)


def load(text: str) -> Any:
    """The first document of `text` as Python values (None for an empty one)."""
    return load_with_node(text)[0]


def load_with_node(text: str) -> tuple[Any, yaml.Node | None]:
    """The first document of `text` as Python values, and as the checked node they were made
    from (whose marks give lines): one composition serves both."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check(node)
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def load_all(text: str) -> list[Any]:
    """Every document of `text` as Python values."""
    loader = _Loader(text)
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                _check(node)
            documents.append(loader.construct_document(node))
    finally:
        loader.dispose()
    return documents


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check(root: yaml.Node) -> None:
    """Count the nodes of `root` with aliases expanded, each shared node counted once per use
    but walked once: iterative, linear in the composed document. Scalars lose their lone
    surrogates on the way (`surrogates.clean`)."""
    size: dict[int, int] = {}  # id(node) -> expanded size, once known
    walking: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            walking.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES:
                raise YamlTooLarge(f"aliases expand to more than {MAX_EXPANDED_NODES} values")
            size[key] = total
            continue
        if key in size:
            continue
        if key in walking:
            raise YamlTooLarge("an alias refers to a node that contains it")
        walking.add(key)
        if isinstance(node, yaml.ScalarNode):
            node.value = clean(node.value)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
