"""`seamcheck services`: each service with language, root, files, tags and libraries."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from seamcheck.analysis import Analysis
from seamcheck.resolve.roots import SERVICE_ROOT, SRC_LAYOUT
from seamcheck.wording import plural


def service_rows(analysis: Analysis) -> list[dict[str, Any]]:
    graph = analysis.graph
    roots = analysis.resolution.source_roots
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
            "source_roots": [
                {"folder": r.folder, "how": r.how, "declared_in": r.declared_in}
                for r in roots.get(s.name, ())
                if r.how not in (SERVICE_ROOT, SRC_LAYOUT)
            ],
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
        if row["source_roots"]:
            # Folders its code imports from besides its root and `src/` (`resolve/roots.py`).
            lines.append(f"  roots:      {', '.join(_root_text(r) for r in row['source_roots'])}")
    lines.append(
        f"{plural(len(analysis.project.services), 'service')}, "
        f"{plural(len(analysis.facts), 'file')} analysed."
    )
    return "\n".join(lines) + "\n"


def _root_text(root: dict[str, str]) -> str:
    """`backend (manage.py: backend/manage.py)`; a configured one says only `(source_roots)`."""
    why = f"{root['how']}: {root['declared_in']}" if root["declared_in"] else root["how"]
    return f"{root['folder']} ({why})"
