"""Helpers the seam tests share: the routes and seams of a repository, as plain strings."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import analyse_repo, run_cli
from seamcheck.output.seams import link_lines
from seamcheck.seams import SeamMap


def seam_map(root: Path) -> SeamMap:
    seams = analyse_repo(root).seams
    assert seams is not None
    return seams


def routes(root: Path) -> list[str]:
    """`service METHOD /path file:line` for every route, sorted."""
    return sorted(f"{r.service} {r.label} {r.where}" for r in seam_map(root).routes)


def route_labels(root: Path, service: str) -> list[str]:
    return sorted(r.label for r in seam_map(root).routes if r.service == service)


def links(root: Path) -> list[str]:
    """`caller:line METHOD /path -> service status route-location [via]` for every link."""
    return link_lines(seam_map(root))


def problems(root: Path) -> list[str]:
    """`caller:line url: problem` for every call with no link."""
    return sorted(f"{c.where} {c.url}: {c.problem}" for c in seam_map(root).calls if not c.links)


def findings(root: Path) -> list[str]:
    """`code path:line message` of every finding, with its related locations indented."""
    result = run_cli("check", str(root), "--no-cache", "--format", "json")
    lines = []
    for finding in json.loads(result.stdout)["findings"]:
        lines.append(f"{finding['code']} {finding['path']}:{finding['line']} {finding['message']}")
        lines.extend(
            f"  {r['path']}:{r['line']} {r['message']}" for r in finding.get("related", [])
        )
    return lines
