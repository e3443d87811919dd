"""`seamcheck services`: each service with language, root, files, tags and libraries."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from seamcheck.analysis import Analysis
from seamcheck.wording import plural


def service_rows(analysis: Analysis) -> list[dict[str, Any]]:
    graph = analysis.graph
    files = Counter(f.service for f in analysis.project.files)
    libraries: dict[str, set[str]] = {}
    for source, target, data in graph.edges(data=True):
        if data.get("kind") == "imports" and graph.nodes[target].get("kind") == "external":
            node = graph.nodes[target]
            if node.get("origin") == "third_party":
                libraries.setdefault(graph.nodes[source]["service"], set()).add(node["package"])
    return [
        {
            "name": s.name,
            "language": s.language,
            "runtime": s.runtime,
            "root": s.root,
            "files": files[s.name],
            "tags": list(s.tags),
            "manifest": s.manifest,
            "frameworks": list(s.frameworks),
            "libraries": sorted(libraries.get(s.name, ())),
        }
        for s in analysis.project.services
    ]


def render_json(analysis: Analysis) -> str:
    return json.dumps({"services": service_rows(analysis)}, indent=2) + "\n"


def render_text(analysis: Analysis) -> str:
    lines = []
    for row in service_rows(analysis):
        tags = f" [{', '.join(row['tags'])}]" if row["tags"] else ""
        lines.append(f"{row['name']}{tags}")
        lines.append(f"  language:   {row['language']} ({row['runtime']})")
        lines.append(f"  root:       {row['root']}  ({plural(row['files'], 'file')})")
        lines.append(f"  frameworks: {', '.join(row['frameworks']) or '-'}")
        lines.append(f"  libraries:  {', '.join(row['libraries']) or '-'}")
    lines.append(
        f"{plural(len(analysis.project.services), 'service')}, "
        f"{plural(len(analysis.facts), 'file')} analysed."
    )
    return "\n".join(lines) + "\n"
