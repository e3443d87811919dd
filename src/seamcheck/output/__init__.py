"""Reporters: pure functions from a gated `Report` (and rule metadata) to text.

One module per format, each with `render(report, rules) -> str`; they never analyse.
"""

from __future__ import annotations

from collections.abc import Sequence

from seamcheck.gate import Report
from seamcheck.rules import Rule

FORMATS = ("text", "json", "sarif", "github", "gitlab", "markdown")


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
