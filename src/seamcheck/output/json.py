"""JSON findings: `{"version": 1, "findings": [...], "summary": {...}, ...}`, keys in a fixed
order. The shape is specified by docs/findings.schema.json."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from seamcheck.findings import SEVERITIES, Finding
from seamcheck.gate import Report
from seamcheck.gate.baseline import BaselineEntry
from seamcheck.rules import Rule

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


def _entry_dict(entry: BaselineEntry) -> dict[str, Any]:
    return {
        "code": entry.code,
        "path": entry.path,
        "fingerprint": entry.fingerprint,
        "count": entry.count,
        "message": entry.message,
    }


def render(report: Report, rules: Sequence[Rule] = ()) -> str:
    findings = report.findings
    severities = Counter(f.severity for f in findings)
    baseline = report.baseline
    scope = report.scope
    document = {
        "version": SCHEMA_VERSION,
        "findings": [finding_dict(f) for f in findings],
        "summary": {
            "findings": len(findings),
            "by_severity": {s: severities[s] for s in SEVERITIES},
            "by_code": dict(sorted(Counter(f.code for f in findings).items())),
            "files": report.files,
            "services": report.services,
            "suppressed": report.suppressed,
        },
        "baseline": None
        if baseline is None
        else {
            "file": baseline.file,
            "known": baseline.known,
            "stale": [_entry_dict(e) for e in baseline.stale],
        },
        "scope": None
        if scope is None
        else {
            "description": scope.description,
            "files": scope.files,
            "outside": scope.outside,
            "folder": scope.folder or None,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
