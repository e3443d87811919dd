"""Plain text: `path:line:col: CODE message`, related locations indented, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from seamcheck.findings import Finding


def summary_line(findings: Sequence[Finding], files: int, services: int) -> str:
    counts = Counter(f.severity for f in findings)
    if not findings:
        return f"No findings in {files} files across {services} services."
    parts = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
    noun = "finding" if len(findings) == 1 else "findings"
    return f"{len(findings)} {noun} ({parts}) in {files} files across {services} services."


def render(findings: Sequence[Finding], files: int, services: int) -> str:
    lines = []
    for finding in findings:
        lines.append(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
        )
        for related in finding.related:
            lines.append(f"    {related.path}:{related.line}:{related.column}: {related.message}")
    lines.append(summary_line(findings, files, services))
    return "\n".join(lines) + "\n"
