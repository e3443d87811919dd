"""A layered drawing of the service graph, computed here so the report needs no Graphviz.

Sugiyama in brief: reverse the back edges of a depth-first search (cycles), put each service
one layer right of its furthest caller (longest path; callers nobody calls move right to
what they call), order each layer by the mean position
of its neighbours (a few sweeps), and wrap a crowded layer into several columns so a gateway
calling 100 services stays readable. Services with no seam sit in a grid underneath.
Deterministic: every choice is broken by name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from seamcheck.records import dataclass

NODE_WIDTH = 168
NODE_HEIGHT = 46
COLUMN_GAP = 28  # between the columns a crowded layer wraps into
LAYER_GAP = 130  # between layers: room for the edges and their labels
ROW_GAP = 16
MARGIN = 24
MAX_PER_COLUMN = 14
SWEEPS = 4


@dataclass(frozen=True, slots=True)
class Placed:
    name: str
    layer: int  # -1: no edges, drawn in the grid underneath
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    height: int
    node_width: int
    node_height: int
    nodes: tuple[Placed, ...]


def layered_layout(names: Sequence[str], edges: Iterable[tuple[str, str]]) -> Layout:
    known = set(names)
    pairs = sorted({(a, b) for a, b in edges if a != b and a in known and b in known})
    connected = sorted({n for pair in pairs for n in pair})
    loose = sorted(known - set(connected))
    forward = _acyclic(connected, pairs)
    layers = _layers(connected, forward)
    ordered = _order(layers, pairs)
    placed, width, height = _place_layers(ordered)
    grid, width, height = _place_grid(loose, width, height)
    return Layout(width, height, NODE_WIDTH, NODE_HEIGHT, tuple(placed + grid))


def _acyclic(nodes: list[str], pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The edges with every depth-first back edge reversed (iterative: no recursion limit)."""
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in pairs:
        successors[a].append(b)
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    back: set[tuple[str, str]] = set()
    for start in nodes:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(successors[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(successors[child])))
    return sorted({(b, a) if (a, b) in back else (a, b) for a, b in pairs})


def _layers(nodes: list[str], forward: list[tuple[str, str]]) -> list[list[str]]:
    """Longest-path layering: callers left of what they call."""
    predecessors: dict[str, list[str]] = {n: [] for n in nodes}
    indegree = dict.fromkeys(nodes, 0)
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in forward:
        predecessors[b].append(a)
        successors[a].append(b)
        indegree[b] += 1
    layer: dict[str, int] = {}
    ready = sorted(n for n in nodes if indegree[n] == 0)
    while ready:
        node = ready.pop(0)
        layer[node] = max((layer[p] + 1 for p in predecessors[node]), default=0)
        for child in successors[node]:
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
        ready.sort()
    # A caller nothing calls (a worker, a cron job) sits just left of what it calls rather
    # than in the first layer, so its edges do not cross every layer in between.
    for node in nodes:
        if not predecessors[node] and successors[node]:
            layer[node] = min(layer[child] for child in successors[node]) - 1
    count = max(layer.values(), default=-1) + 1
    return [sorted(n for n in nodes if layer[n] == i) for i in range(count)]


def _order(layers: list[list[str]], pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Barycentre ordering, sweeping right then left, ties kept in their current order."""
    neighbours: dict[str, set[str]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    order = [list(layer) for layer in layers]
    position = {n: i for layer in order for i, n in enumerate(layer)}
    layer_of = {n: i for i, layer in enumerate(order) for n in layer}
    for sweep in range(SWEEPS):
        indexes = range(1, len(order)) if sweep % 2 == 0 else range(len(order) - 2, -1, -1)
        for index in indexes:
            side = index - 1 if sweep % 2 == 0 else index + 1

            def key(node: str, side: int = side) -> tuple[float, int, str]:
                near = [position[m] for m in neighbours.get(node, ()) if layer_of[m] == side]
                centre = sum(near) / len(near) if near else float(position[node])
                return (centre, position[node], node)

            order[index].sort(key=key)
            position.update({n: i for i, n in enumerate(order[index])})
    return order


def _place_layers(order: list[list[str]]) -> tuple[list[Placed], int, int]:
    columns = [max(1, math.ceil(len(layer) / MAX_PER_COLUMN)) for layer in order]
    rows = [
        math.ceil(len(layer) / c) if layer else 0 for layer, c in zip(order, columns, strict=True)
    ]
    tallest = max(rows, default=0)
    full_height = tallest * NODE_HEIGHT + max(tallest - 1, 0) * ROW_GAP
    placed: list[Placed] = []
    x = MARGIN
    for index, (layer, column_count, row_count) in enumerate(
        zip(order, columns, rows, strict=True)
    ):
        height = row_count * NODE_HEIGHT + max(row_count - 1, 0) * ROW_GAP
        top = MARGIN + (full_height - height) // 2
        for i, name in enumerate(layer):
            column, row = divmod(i, row_count)
            placed.append(
                Placed(
                    name,
                    index,
                    x + column * (NODE_WIDTH + COLUMN_GAP),
                    top + row * (NODE_HEIGHT + ROW_GAP),
                )
            )
        x += column_count * NODE_WIDTH + (column_count - 1) * COLUMN_GAP + LAYER_GAP
    width = x - LAYER_GAP + MARGIN if order else 2 * MARGIN
    height = full_height + 2 * MARGIN if order else MARGIN
    return placed, width, height


def _place_grid(loose: list[str], width: int, height: int) -> tuple[list[Placed], int, int]:
    if not loose:
        return [], width, height
    per_row = max(4, (width - 2 * MARGIN + COLUMN_GAP) // (NODE_WIDTH + COLUMN_GAP))
    per_row = min(per_row, len(loose))
    top = height + (ROW_GAP if height > MARGIN else 0)
    placed = [
        Placed(
            name,
            -1,
            MARGIN + (i % per_row) * (NODE_WIDTH + COLUMN_GAP),
            top + (i // per_row) * (NODE_HEIGHT + ROW_GAP),
        )
        for i, name in enumerate(loose)
    ]
    rows = math.ceil(len(loose) / per_row)
    grid_width = 2 * MARGIN + per_row * NODE_WIDTH + (per_row - 1) * COLUMN_GAP
    return (
        placed,
        max(width, grid_width),
        top + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP + MARGIN,
    )
