"""`services.dot`: the service graph as Graphviz source, coloured like the HTML diagram."""

from __future__ import annotations

from seamcheck.report.model import ReportModel, ServiceEdge
from seamcheck.report.style import LANGUAGE_COLOURS, STATUS_COLOURS, edge_label


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _edge(edge: ServiceEdge) -> str:
    attributes = [
        f"label={_quote(edge_label(edge))}",
        f"color={_quote(STATUS_COLOURS[edge.status])}",
    ]
    if edge.kind == "import":
        attributes.append("style=dashed")
    if edge.status != "ok":
        attributes.append("penwidth=2.5")
    if edge.findings:
        attributes.append(f"tooltip={_quote(', '.join(edge.findings))}")
    return f"  {_quote(edge.source)} -> {_quote(edge.target)} [{', '.join(attributes)}];"


def render(model: ReportModel) -> str:
    lines = [
        f"digraph {_quote(model.name or 'services')} {{",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for service in model.services:
        roles = f"\\n{' · '.join(service.roles)}" if service.roles else ""
        label = _quote(service.name).removesuffix('"') + f'\\n{service.language}{roles}"'
        fill, ink = LANGUAGE_COLOURS.get(service.language, LANGUAGE_COLOURS[""])
        border = ', penwidth=2.5, color="#c62828"' if service.findings.get("error") else ""
        lines.append(
            f"  {_quote(service.name)} [label={label}, fillcolor={_quote(fill)}, "
            f"fontcolor={_quote(ink)}{border}];"
        )
    lines.extend(_edge(edge) for edge in model.edges)
    lines.append("}")
    return "\n".join(lines) + "\n"
