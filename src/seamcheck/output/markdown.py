"""Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: the summary line,
what narrowed it, a table per rule and a table of findings (most severe first, capped)."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from seamcheck.findings import Finding
from seamcheck.gate import Report
from seamcheck.output.rulemeta import by_severity, docs_url, rule_names
from seamcheck.output.text import notes, summary_line
from seamcheck.rules import Rule

MAX_ROWS = 200
MAX_TABLE_CHARS = 50_000  # a PR comment holds 65,536 characters; leave room for the rest


def cell(text: str) -> str:
    """Table-cell text: HTML-escaped, pipes escaped, line breaks as <br>."""
    escaped = html.escape(text, quote=False).replace("|", "\\|")
    return "<br>".join(line for line in escaped.splitlines()) or " "


def code(text: str) -> str:
    return f"<code>{cell(text)}</code>"


def _finding_row(finding: Finding) -> str:
    where = code(f"{finding.path}:{finding.line}:{finding.column}")
    message = cell(finding.message)
    for related in finding.related:
        message += f"<br>↳ {code(f'{related.path}:{related.line}')} {cell(related.message)}"
    rule = f"[{finding.code}]({docs_url(finding.code)})"
    return f"| {finding.severity} | {rule} | {where} | {message} |"


def render(report: Report, rules: Sequence[Rule] = ()) -> str:
    findings = report.findings
    lines = ["## seamcheck", "", summary_line(findings, report.files, report.services)]
    extra = notes(report)
    if extra:
        lines += ["", *(f"- {cell(note)}" for note in extra)]
    if findings:
        names = rule_names(rules)
        counts = Counter(f.code for f in findings)
        lines += ["", "| Rule | Name | Findings |", "|---|---|---:|"]
        for rule_code, count in sorted(counts.items()):
            link = f"[{rule_code}]({docs_url(rule_code)})"
            lines.append(f"| {link} | {cell(names.get(rule_code, ''))} | {count} |")
        lines += ["", "| Severity | Rule | Location | Message |", "|---|---|---|---|"]
        shown = 0
        budget = MAX_TABLE_CHARS
        for i in by_severity(range(len(findings)), findings)[:MAX_ROWS]:
            row = _finding_row(findings[i])
            budget -= len(row) + 1
            if budget < 0:
                break
            lines.append(row)
            shown += 1
        if shown < len(findings):
            lines += ["", f"…and {len(findings) - shown} more (see the full report)."]
    if report.baseline is not None and report.baseline.stale:
        lines += ["", "<details><summary>Stale baseline entries</summary>", ""]
        lines += [
            f"- {code(e.path)} {e.code} {cell(e.message)}"
            + (f" (x{e.count})" if e.count > 1 else "")
            for e in report.baseline.stale
        ]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
