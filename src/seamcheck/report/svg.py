"""The service diagram as inline SVG, drawn at the positions the model's layout computed.

Nodes are services coloured by language with their roles underneath; edges are seams (solid,
labelled with their route count) and code imports across services (dashed). Broken and
violating edges are drawn thick in red/orange. Elements carry `data-*` attributes the page's
script filters and focuses by.
"""

from __future__ import annotations

from html import escape

from seamcheck.report.model import Diagram, NodePosition, ReportModel, ServiceEdge, ServiceView
from seamcheck.report.style import LANGUAGE_COLOURS, STATUS_COLOURS, edge_label, plural

MAX_NAME = 22
_SEVERITY_RING = {"error": "#c62828", "warning": "#d9480f", "info": "#0969da"}


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def render_svg(model: ReportModel) -> str:
    diagram = model.diagram
    positions = {n.name: n for n in diagram.nodes}
    services = {s.name: s for s in model.services}
    parts = [
        f'<svg id="diagram" viewBox="0 0 {diagram.width} {diagram.height}" '
        f'width="{diagram.width}" height="{diagram.height}" role="img" '
        f'aria-label="Service diagram: {plural(len(model.services), "service")}">',
        "<defs>",
        *(
            f'<marker id="arrow-{status}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            for status, colour in STATUS_COLOURS.items()
        ),
        "</defs>",
        '<g class="edges">',
    ]
    for edge in model.edges:
        parts.append(_edge(edge, positions[edge.source], positions[edge.target], diagram))
    parts += ["</g>", '<g class="nodes">']
    for name in sorted(positions):
        parts.append(_node(services[name], positions[name], diagram.node_width,
                           diagram.node_height))  # fmt: skip
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


def _edge(edge: ServiceEdge, a: NodePosition, b: NodePosition, diagram: Diagram) -> str:
    width, height = diagram.node_width, diagram.node_height
    if a.layer >= 0 and b.layer > a.layer:
        x1, y1 = a.x + width, a.y + height // 2
        x2, y2 = b.x, b.y + height // 2
        bend = max(40, (x2 - x1) // 2)
        path = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
        mx, my = (x1 + x2) // 2, (y1 + y2) // 2 - 4
    else:  # against the layering (a cycle), within a layer, or to the grid: loop underneath
        x1, y1 = a.x + width // 2, a.y + height
        x2, y2 = b.x + width // 2, b.y + height
        drop = 40 + abs(x2 - x1) // 8
        low = max(y1, y2) + drop
        path = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
        mx, my = (x1 + x2) // 2, low - drop // 4
    classes = f"edge k-{edge.kind} st-{edge.status}"
    findings = f" findings: {', '.join(edge.findings)}" if edge.findings else ""
    title = f"{edge.source} → {edge.target}: {edge_label(edge)}{findings}"
    return (
        f'<g class="{classes}" data-source="{_attr(edge.source)}" '
        f'data-target="{_attr(edge.target)}"><title>{escape(title)}</title>'
        f'<path d="{path}" stroke="{STATUS_COLOURS[edge.status]}" '
        f'marker-end="url(#arrow-{edge.status})"/>'
        f'<text x="{mx}" y="{my}" text-anchor="middle">{escape(edge_label(edge))}</text></g>'
    )


def _node(service: ServiceView, at: NodePosition, width: int, height: int) -> str:
    fill, ink = LANGUAGE_COLOURS.get(service.language, LANGUAGE_COLOURS[""])
    worst = next((s for s in ("error", "warning", "info") if service.findings.get(s)), "")
    ring = f' stroke="{_SEVERITY_RING[worst]}" stroke-width="3"' if worst else ' stroke="none"'
    subtitle = " · ".join((service.language, *service.roles))
    count = sum(service.findings.values())
    badge = ""
    if count:
        badge = (
            f'<circle cx="{width - 4}" cy="4" r="10" fill="{_SEVERITY_RING[worst]}"/>'
            f'<text class="badge" x="{width - 4}" y="8" text-anchor="middle">{count}</text>'
        )
    # A browser app is a pill; every other service a rounded box.
    radius = height // 2 if "browser" in service.roles else 7
    shape = f'<rect width="{width}" height="{height}" rx="{radius}" fill="{fill}"{ring}/>'

    edge_bar = (
        f'<rect class="edge-bar" width="6" height="{height}" rx="2" fill="#f5a623"/>'
        if "edge" in service.roles
        else ""
    )
    title = f"{service.name} ({service.language}; {', '.join(service.roles) or 'no role'}): " + (
        f"{plural(len(service.routes), 'route')}, {plural(len(service.calls), 'outbound call')}, "
        f"{plural(count, 'finding')}"
    )
    return (
        f'<g class="node lang-{_attr(service.language)}" data-service="{_attr(service.name)}" '
        f'transform="translate({at.x},{at.y})" tabindex="0" role="button">'
        f"<title>{escape(title)}</title>{shape}{edge_bar}"
        f'<text class="name" x="14" y="20" fill="{ink}">{escape(_short(service.name))}</text>'
        f'<text class="sub" x="14" y="36" fill="{ink}">{escape(subtitle)}</text>{badge}</g>'
    )
