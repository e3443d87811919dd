"""The graph stage: `add_edges` (its bulk writer for call edges) against networkx's add_edge,
and the graph the rules read against the whole one."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx

from conftest import FIXTURES
from seamcheck.analysis import analyse
from seamcheck.config import load_config
from seamcheck.graph import add_edges


def _edges(seed: int) -> list[tuple[str, str, dict[str, Any]]]:
    rng = random.Random(seed)
    names = [f"m{i}.py::f{j}" for i in range(4) for j in range(3)] + ["ext:python:os"]
    return [
        (rng.choice(names), rng.choice(names), {"kind": "calls", "line": n, "awaited": n % 2})
        for n in range(300)  # many repeats of each pair, self loops included
    ]


def _prepared() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("m0.py::f0", kind="function", line=3)  # attributes that must survive
    graph.add_edge("m0.py::f0", "m0.py::f1", kind="contains")  # an existing key 0 per pair
    graph.add_edge("m0.py::f0", "m0.py::f1", key=1, kind="contains")  # and a taken key 1
    return graph


def test_add_edges_builds_what_add_edge_builds() -> None:
    for seed in range(5):
        edges = _edges(seed)
        expected, actual = _prepared(), _prepared()
        for source, target, data in edges:
            expected.add_edge(source, target, **dict(data))
        add_edges(actual, [(s, t, dict(d)) for s, t, d in edges])
        assert list(actual.nodes(data=True)) == list(expected.nodes(data=True))
        assert list(actual.edges(keys=True, data=True)) == list(
            expected.edges(keys=True, data=True)
        )
        assert list(actual.in_edges(keys=True, data=True)) == list(
            expected.in_edges(keys=True, data=True)
        )
        assert nx.node_link_data(actual, edges="edges") == nx.node_link_data(
            expected, edges="edges"
        )
        # Both directions share one key dict, so a later add_edge or removal sees the edge.
        actual.add_edge("m0.py::f0", "m0.py::f1", kind="extra")
        assert actual._pred["m0.py::f1"]["m0.py::f0"] is actual._succ["m0.py::f0"]["m0.py::f1"]


def test_add_edges_falls_back_to_add_edge_for_other_graph_classes() -> None:
    class Tracked(nx.MultiDiGraph):  # type: ignore[misc]
        pass

    graph = Tracked()
    add_edges(graph, [("a", "b", {"kind": "calls"}), ("a", "b", {"kind": "calls"})])
    assert list(graph.edges(keys=True, data=True)) == [
        ("a", "b", 0, {"kind": "calls"}),
        ("a", "b", 1, {"kind": "calls"}),
    ]


def test_rules_read_the_whole_graph_but_its_call_edges() -> None:
    """`check` builds the graph without call edges (no rule reads them); everything else
    in it, node and edge order included, is what `seamcheck graph` shows."""
    demo = FIXTURES / "demo"
    analysis = analyse(demo, load_config(demo))
    rules_saw = analysis.rule_graph
    assert not any(kind == "calls" for _, _, kind in rules_saw.edges(data="kind"))

    whole = analysis.graph
    calls = [(s, t) for s, t, kind in whole.edges(data="kind") if kind == "calls"]
    templates = "services/gateway/src/lib/templates.ts"
    assert (f"{templates}::loadTemplate", f"{templates}::readTemplateFile") in calls
    assert list(rules_saw.nodes(data=True)) == list(whole.nodes(data=True))
    assert list(rules_saw.edges(keys=True, data=True)) == [
        edge for edge in whole.edges(keys=True, data=True) if edge[3]["kind"] != "calls"
    ]
    # Once the whole graph exists, rules read it rather than building a second one.
    assert analysis.rule_graph is whole
