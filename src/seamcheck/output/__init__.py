"""Reporters: pure functions from a gated `Report` (and rule metadata) to text.

One module per format, each with `render(report, rules) -> str`; they never analyse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from seamcheck.gate import Report
from seamcheck.rules import Rule

FORMATS = ("text", "json", "sarif", "github", "gitlab", "markdown")
# Formats whose paths a CI system reads against the top of the checkout (code scanning, the
# Actions runner, GitLab's widget): given the analysed root's folder there, when it has one.
CHECKOUT_FORMATS = frozenset({"sarif", "github", "gitlab"})


def under(report: Report, prefix: str) -> Report:
    """The report with `prefix` (a folder, with its slash) before every path of its findings
    and their related locations."""
    if not prefix:
        return report
    findings = tuple(
        replace(
            f,
            path=prefix + f.path,
            related=tuple(replace(r, path=prefix + r.path) for r in f.related),
        )
        for f in report.findings
    )
    return replace(report, findings=findings)


def render(fmt: str, report: Report, rules: Sequence[Rule], *, color: bool = False) -> str:
    if fmt == "text":
        from seamcheck.output import text

        return text.render(report, rules, color=color)
    if fmt == "json":
        from seamcheck.output import json

        return json.render(report, rules)
    if fmt == "sarif":
        from seamcheck.output import sarif

        return sarif.render(report, rules)
    if fmt == "github":
        from seamcheck.output import github

        return github.render(report, rules)
    if fmt == "gitlab":
        from seamcheck.output import gitlab

        return gitlab.render(report, rules)
    if fmt == "markdown":
        from seamcheck.output import markdown

        return markdown.render(report, rules)
    raise ValueError(f"unknown format {fmt!r}")
