"""GitLab Code Quality report: a JSON array of issues (description, check_name, fingerprint,
severity, location.path, location.lines.begin)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from seamcheck.gate import Report
from seamcheck.output.rulemeta import occurrence_keys
from seamcheck.rules import Rule

# GitLab's scale is info, minor, major, critical, blocker.
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report, rules: Sequence[Rule] = ()) -> str:
    findings = report.findings
    issues = [
        {
            "type": "issue",
            "check_name": finding.code,
            "description": f"{finding.code} {finding.message}",
            "severity": SEVERITIES.get(finding.severity, "minor"),
            "fingerprint": key,
            "location": {"path": finding.path, "lines": {"begin": finding.line}},
        }
        for finding, key in zip(findings, occurrence_keys(findings), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
