"""The graph as networkx node-link JSON or Graphviz DOT."""

from __future__ import annotations

import json

import networkx as nx

from seamcheck.graph import node_link

_SHAPES = {
    "service": "box3d",
    "module": "note",
    "function": "ellipse",
    "external": "component",
    "route": "cds",
}


def render_json(graph: nx.MultiDiGraph) -> str:
    return json.dumps(node_link(graph), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph seamcheck {", "  rankdir=LR;", "  node [fontsize=10];"]
    data = node_link(graph)
    for node in data["nodes"]:
        shape = _SHAPES.get(node.get("kind", ""), "ellipse")
        lines.append(f"  {_quote(node['id'])} [shape={shape}];")
    for edge in data["edges"]:
        style = " [style=dashed]" if edge["kind"] == "contains" else ""
        label = f" [label={_quote(edge['kind'])}]" if edge["kind"] != "contains" else ""
        lines.append(f"  {_quote(edge['source'])} -> {_quote(edge['target'])}{style or label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
