"""The service diagram as inline SVG, drawn at the positions the model's layout computed.

Nodes are services coloured by language with their roles underneath; edges are seams (solid,
labelled with their route count) and code imports across services (dashed). Broken and
violating edges are drawn thick in red/orange. Elements carry `data-*` attributes the page's
script filters and focuses by.
"""

from __future__ import annotations

from html import escape

from seamcheck.report.layout import Layout, Placed
from seamcheck.report.model import ReportModel, ServiceEdge, ServiceView
from seamcheck.report.style import LANGUAGE_COLOURS, STATUS_COLOURS, edge_label
from seamcheck.wording import plural

MAX_NAME = 22
EdgeKey = tuple[str, str, str]  # source, target, kind
Curve = tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]
Box = tuple[float, float, float, float]
LABEL_CHAR_WIDTH = 6.2  # at the 11px label font
LABEL_HEIGHT = 12
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
    ports = _ports(model.edges, positions, diagram.node_height)
    taken = _Occupied()
    for n in diagram.nodes:
        taken.add((n.x, n.y, n.x + diagram.node_width, n.y + diagram.node_height))
    for edge in model.edges:
        a, b = positions[edge.source], positions[edge.target]
        curve = _curve(edge, a, b, diagram, ports)
        parts.append(_edge(edge, curve, _label_at(curve, edge_label(edge), taken)))
    parts += ["</g>", '<g class="nodes">']
    for name in sorted(positions):
        parts.append(_node(services[name], positions[name], diagram.node_width,
                           diagram.node_height))  # fmt: skip
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


def _forward(a: Placed, b: Placed) -> bool:
    return a.layer >= 0 and b.layer > a.layer


def _ports(
    edges: tuple[ServiceEdge, ...], positions: dict[str, Placed], height: int
) -> dict[EdgeKey, tuple[int, int]]:
    """Where each left-to-right edge leaves its source and enters its target (y offsets):
    spread over the side of the box in the order of the other ends, so edges sharing a node
    neither overlap nor cross there, and their labels near the target stay apart."""
    leaving: dict[str, list[ServiceEdge]] = {}
    entering: dict[str, list[ServiceEdge]] = {}
    for edge in edges:
        if _forward(positions[edge.source], positions[edge.target]):
            leaving.setdefault(edge.source, []).append(edge)
            entering.setdefault(edge.target, []).append(edge)
    out: dict[EdgeKey, int] = {}
    into: dict[EdgeKey, int] = {}
    for group, other, offsets in ((leaving, "target", out), (entering, "source", into)):
        for members in group.values():
            members.sort(key=lambda e: (positions[getattr(e, other)].y, getattr(e, other), e.kind))
            for index, edge in enumerate(members):
                offsets[(edge.source, edge.target, edge.kind)] = (
                    height * (index + 1) // (len(members) + 1)
                )
    return {key: (out[key], into[key]) for key in out}


def _bezier(points: Curve, t: float) -> tuple[int, int]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    x = u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3
    y = u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3
    return round(x), round(y)


def _curve(
    edge: ServiceEdge,
    a: Placed,
    b: Placed,
    diagram: Layout,
    ports: dict[EdgeKey, tuple[int, int]],
) -> Curve:
    width, height = diagram.node_width, diagram.node_height
    if _forward(a, b):
        leave, enter = ports[(edge.source, edge.target, edge.kind)]
        x1, y1 = a.x + width, a.y + leave
        x2, y2 = b.x, b.y + enter
        bend = max(40, (x2 - x1) // 2)
        return ((x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2, y2))
    # Against the layering (a cycle), within a layer, or to the grid: a loop underneath.
    x1, y1 = a.x + width // 2, a.y + height
    x2, y2 = b.x + width // 2, b.y + height
    low = max(y1, y2) + 40 + abs(x2 - x1) // 8
    return ((x1, y1), (x1, low), (x2, low), (x2, y2))


class _Occupied:
    """Boxes already drawn, bucketed in a coarse grid so a label is checked only against its
    neighbours (a 300-service diagram places 600 labels and nodes)."""

    CELL = 96

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        columns = range(int(box[0] // self.CELL), int(box[2] // self.CELL) + 1)
        rows = range(int(box[1] // self.CELL), int(box[3] // self.CELL) + 1)
        return [(c, r) for c in columns for r in rows]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def crowding(self, box: Box) -> float:
        near = {other for key in self._keys(box) for other in self._cells.get(key, ())}
        return sum(_overlap(box, other) for other in near)


def _label_at(curve: Curve, label: str, taken: _Occupied) -> tuple[int, int]:
    """A point on (or just beside) the curve, middle first, where the label overlaps no node
    and no label placed before it; else the least crowded one. Records the box it takes."""
    half = len(label) * LABEL_CHAR_WIDTH / 2
    points = [_bezier(curve, t) for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]
    candidates = [(x, y + dy) for dy in (0, -LABEL_HEIGHT, LABEL_HEIGHT) for x, y in points]
    best: tuple[float, tuple[int, int], Box] | None = None
    for x, y in candidates:
        box: Box = (x - half, y - LABEL_HEIGHT, x + half, y + 2)
        crowding = taken.crowding(box)
        if best is None or crowding < best[0]:
            best = (crowding, (x, y), box)
        if crowding == 0:
            break
    assert best is not None
    _, (label_x, label_y), chosen = best
    taken.add(chosen)
    return label_x, label_y - 3


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _edge(edge: ServiceEdge, curve: Curve, label_at: tuple[int, int]) -> str:
    (p0, p1, p2, p3) = curve
    path = f"M{p0[0]},{p0[1]} C{p1[0]},{p1[1]} {p2[0]},{p2[1]} {p3[0]},{p3[1]}"
    mx, my = label_at
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


def _node(service: ServiceView, at: Placed, width: int, height: int) -> str:
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
