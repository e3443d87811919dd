"""The pipeline in one place: discover -> extract -> resolve -> graph -> rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from seamcheck.config import Config
from seamcheck.extract import extract
from seamcheck.facts import FileFacts
from seamcheck.findings import Finding
from seamcheck.project import Project, Skipped, SourceFile, discover
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import SeamMap

# A file this much longer per line than real code is a bundle, not source.
MINIFIED_MIN_SIZE = 20_000
MINIFIED_AVG_LINE = 400


@dataclass(slots=True)
class Analysis:
    project: Project
    facts: dict[str, FileFacts]
    graph: nx.MultiDiGraph
    findings: list[Finding]
    resolution: Resolution | None = None  # for commands that act on what was resolved (fix)
    seams: SeamMap | None = None  # routes, clients and links (issue #5)
    config: Config | None = None  # what the rules ran under (selection, severities)


def read_source(root: Path, file: SourceFile) -> tuple[bytes | None, str]:
    """The file's bytes, or None and why it is not analysed."""
    try:
        data = (root / file.path).read_bytes()
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    if b"\0" in data[:8192]:
        return None, "binary content"
    if len(data) > MINIFIED_MIN_SIZE and len(data) / (data.count(b"\n") + 1) > MINIFIED_AVG_LINE:
        return None, "minified or generated (very long lines)"
    return data, ""


def extract_project(project: Project) -> tuple[dict[str, FileFacts], list[Skipped]]:
    facts: dict[str, FileFacts] = {}
    skipped: list[Skipped] = []
    for file in project.files:
        data, why = read_source(project.root, file)
        if data is None:
            skipped.append(Skipped(file.path, why))
            continue
        facts[file.path] = extract(file.path, data, file.language)
    return facts, skipped


def analyse(root: Path, config: Config) -> Analysis:
    from seamcheck.graph import build_graph
    from seamcheck.resolve import resolve
    from seamcheck.rules import run_rules
    from seamcheck.rules.context import RuleContext
    from seamcheck.seams import analyse_seams
    from seamcheck.seams.graph import add_seams

    project = discover(root, config)
    facts, skipped = extract_project(project)
    if skipped:
        analysed = set(facts)
        project.files = tuple(f for f in project.files if f.path in analysed)
        project.skipped = tuple(sorted((*project.skipped, *skipped), key=lambda s: s.path))
    resolution = resolve(project, facts)
    graph = build_graph(project, resolution)
    seams = analyse_seams(project, resolution)
    add_seams(graph, seams)
    findings = run_rules(RuleContext(project, resolution, graph, config, seams))
    return Analysis(project, facts, graph, findings, resolution, seams, config)
