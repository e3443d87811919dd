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
from seamcheck.rules import run_rules
from seamcheck.rules.context import RuleContext


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
    class Tracked(nx.MultiDiGraph):  # type: ignore[misc]  # networkx is untyped: its classes are Any
        pass

    graph = Tracked()
    add_edges(graph, [("a", "b", {"kind": "calls"}), ("a", "b", {"kind": "calls"})])
    assert list(graph.edges(keys=True, data=True)) == [
        ("a", "b", 0, {"kind": "calls"}),
        ("a", "b", 1, {"kind": "calls"}),
    ]


def test_rules_read_the_modules_packages_and_imports_of_the_whole_graph() -> None:
    """`check` builds the graph without function nodes and the edges that end at one
    (calls, `contains` from a module, serves, requests), which no rule reads; what it holds,
    node and edge order included, is what `seamcheck graph` shows, and the rules find the
    same in either."""
    demo = FIXTURES / "demo"
    config = load_config(demo)
    analysis = analyse(demo, config)
    rules_saw = analysis.rule_graph
    assert not any(kind == "function" for _, kind in rules_saw.nodes(data="kind"))

    whole = analysis.graph
    calls = [(s, t) for s, t, kind in whole.edges(data="kind") if kind == "calls"]
    templates = "services/gateway/src/lib/templates.ts"
    assert (f"{templates}::loadTemplate", f"{templates}::readTemplateFile") in calls
    functions = {node for node, kind in whole.nodes(data="kind") if kind == "function"}
    builtins = {"ext:python:builtins", "ext:js:globals"} & set(whole)  # reached by calls only
    assert set(whole) - set(rules_saw) == functions | builtins
    assert list(rules_saw.nodes(data=True)) == [
        (node, data) for node, data in whole.nodes(data=True) if node in rules_saw
    ]
    kept = [
        edge
        for edge in whole.edges(keys=True, data=True)
        if edge[0] in rules_saw and edge[1] in rules_saw
    ]
    assert {edge[3]["kind"] for edge in kept} == {"contains", "imports"}
    assert list(rules_saw.edges(keys=True, data=True)) == kept

    context = RuleContext(analysis.project, analysis.resolution, whole, config, analysis.seams)
    assert run_rules(context) == analysis.findings
    # rules that read module and package nodes and import edges fired
    assert {"SC101", "SC102"} <= {f.code for f in analysis.findings}
    # Once the whole graph exists, rules read it rather than building a second one.
    assert analysis.rule_graph is whole
