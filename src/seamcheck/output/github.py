"""GitHub Actions workflow commands: one annotation per finding, then the summary line.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, with the runner's
escaping: `%`, CR and LF in the message; additionally `:` and `,` in property values. GitHub
shows only the first few annotations of each kind per step, so errors come first.
"""

from __future__ import annotations

from collections.abc import Sequence

from seamcheck.findings import Finding
from seamcheck.gate import Report
from seamcheck.output.rulemeta import by_severity, rule_names
from seamcheck.output.text import notes, summary_line
from seamcheck.rules import Rule

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, title: str) -> str:
    properties = [("file", finding.path), ("line", str(finding.line))]
    # The runner rejects columns on an annotation that spans several lines.
    if finding.end_line <= finding.line:
        properties.append(("col", str(finding.column)))
    properties.append(("endLine", str(max(finding.end_line, finding.line))))
    if finding.end_line <= finding.line and finding.end_column > finding.column:
        # No end column for a finding at a point: an empty range marks nothing.
        properties.append(("endColumn", str(finding.end_column)))
    properties.append(("title", title))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = finding.message + "".join(
        f"\n  {r.path}:{r.line}:{r.column}: {r.message}" for r in finding.related
    )
    return f"::{COMMANDS.get(finding.severity, 'warning')} {rendered}::{escape_data(message)}"


def render(report: Report, rules: Sequence[Rule] = ()) -> str:
    names = rule_names(rules)
    findings = report.findings
    lines = []
    for i in by_severity(range(len(findings)), findings):
        finding = findings[i]
        name = names.get(finding.code)
        lines.append(annotation(finding, f"{finding.code} {name}" if name else finding.code))
    lines.append(summary_line(findings, report.files, report.services))
    lines.extend(notes(report))
    return "\n".join(lines) + "\n"
