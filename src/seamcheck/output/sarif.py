"""SARIF 2.1.0 as GitHub code scanning accepts it.

One run; `tool.driver.rules` from the rule registry; one result per finding with one primary
location, related locations for chains and seam ends, and `primaryLocationLineHash` built from
the finding's fingerprint (rule + relationship), so alerts survive unrelated edits. GitHub's
documented hard limits are respected: 25,000 results per run (the most severe are kept and a
notification says how many were left out), 1,000 locations per result, 20 tags per rule.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from seamcheck import __version__
from seamcheck.findings import Finding, Related
from seamcheck.gate import Report
from seamcheck.output.rulemeta import (
    INFORMATION_URI,
    by_severity,
    docs_url,
    occurrence_keys,
    one_paragraph,
    rules_for,
    section,
    tags,
)
from seamcheck.rules import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
MAX_LOCATIONS = 1_000  # per result, primary and related together
MAX_TAGS = 20
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A repo-relative URI reference: POSIX separators, no leading `./`, percent-encoded."""
    return quote(path.removeprefix("./"), safe="/")


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    url = docs_url(rule.code)
    what = one_paragraph(section(rule.doc, "What it does")) or rule.summary
    doc = rule.doc.strip() or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "helpUri": url,
        "help": {
            "text": f"{doc}\n\nDocumentation: {url}",
            "markdown": f"{doc}\n\n[{rule.code} documentation]({url})",
        },
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": tags(rule)[:MAX_TAGS]},
    }


def _physical(path: str, region: dict[str, int]) -> dict[str, Any]:
    return {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}


def _related(index: int, related: Related) -> dict[str, Any]:
    return {
        "id": index,
        "physicalLocation": _physical(
            related.path, {"startLine": related.line, "startColumn": related.column}
        ),
        "message": {"text": related.message or f"{related.path}:{related.line}"},
    }


def _result(finding: Finding, rule_index: int, key: str, with_baseline: bool) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": max(finding.end_line, finding.line),
        "endColumn": finding.end_column,
    }
    if (finding.end_line, finding.end_column) <= (finding.line, finding.column):
        # A finding at a point (an import, a call's start): an empty region would mark
        # nothing; without an end column it runs to the end of the line.
        del region["endColumn"]
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding.path, region)}],
    }
    related = finding.related[: MAX_LOCATIONS - 1]
    if related:
        result["relatedLocations"] = [_related(i, r) for i, r in enumerate(related, start=1)]
    result["partialFingerprints"] = {"primaryLocationLineHash": key}
    result["fingerprints"] = {"seamcheck/v1": finding.fingerprint}
    if with_baseline:
        result["baselineState"] = "new"
    if finding.service:
        result["properties"] = {"service": finding.service}
    return result


def render(report: Report, rules: Sequence[Rule]) -> str:
    findings = list(report.findings)
    keys = occurrence_keys(findings)
    kept = sorted(
        by_severity(range(len(findings)), findings)[:MAX_RESULTS],
        key=lambda i: findings[i].sort_key,
    )
    descriptors = rules_for(findings, rules)
    index = {rule.code: i for i, rule in enumerate(descriptors)}
    with_baseline = report.baseline is not None
    invocation: dict[str, Any] = {"executionSuccessful": True}
    left_out = len(findings) - len(kept)
    if left_out:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "warning",
                "message": {
                    "text": f"{left_out} less severe results were left out: GitHub code "
                    f"scanning accepts at most {MAX_RESULTS} results per run"
                },
            }
        ]
    run = {
        "tool": {
            "driver": {
                "name": "seamcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule) for rule in descriptors],
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(findings[i], index[findings[i].code], keys[i], with_baseline) for i in kept
        ],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    # Compact: a machine format, and json's C encoder only serves dumps without indent (an
    # indented 25,000-result run takes 7 s instead of 1 s).
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
