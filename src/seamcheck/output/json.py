"""JSON findings: `{"version": 1, "findings": [...], "summary": {...}}`, keys in a fixed order."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from seamcheck.findings import Finding

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "service": finding.service,
        "related": [
            {"path": r.path, "line": r.line, "column": r.column, "message": r.message}
            for r in finding.related
        ],
        "fingerprint": finding.fingerprint,
    }


def render(findings: Sequence[Finding], files: int, services: int) -> str:
    severities = Counter(f.severity for f in findings)
    document = {
        "version": SCHEMA_VERSION,
        "findings": [finding_dict(f) for f in findings],
        "summary": {
            "findings": len(findings),
            "by_severity": {s: severities[s] for s in ("error", "warning", "info")},
            "by_code": dict(sorted(Counter(f.code for f in findings).items())),
            "files": files,
            "services": services,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
