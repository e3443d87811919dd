"""The gate: what happens to findings between the rules and the reporters.

rules ─► inline suppressions (+ SC002) ─► baseline ─► changed-code scope ─► `Report`

Every step works on all findings of the analysis before the next narrows them: a suppression
used by a finding in an unchanged file is still used, and a baseline entry is only stale when
the whole repository no longer has it. Reporters receive the `Report` and never analyse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from seamcheck.analysis import Analysis
from seamcheck.findings import SEVERITIES, Finding
from seamcheck.gate.baseline import BaselineEntry, compare
from seamcheck.gate.changes import ChangeSet, touches
from seamcheck.gate.suppress import apply_suppressions
from seamcheck.records import dataclass
from seamcheck.rules.suppressions import CODE as SC002


@dataclass(frozen=True, slots=True)
class BaselineOutcome:
    file: str
    known: int  # findings the baseline absorbed
    stale: tuple[BaselineEntry, ...]  # entries fixed since (count = how many are gone)


@dataclass(frozen=True, slots=True)
class ScopeOutcome:
    description: str
    files: int  # changed files, or the files under `folder`
    outside: int  # findings left out because they touch no changed file
    folder: str = ""  # the folder seamcheck was pointed at inside the repository


@dataclass(frozen=True, slots=True)
class Report:
    """What the reporters print: the findings to report and how they were narrowed."""

    findings: tuple[Finding, ...]
    files: int
    services: int
    suppressed: int = 0
    baseline: BaselineOutcome | None = None
    scope: ScopeOutcome | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    file: str  # as the user named it, for messages
    entries: tuple[BaselineEntry, ...]


def run_gate(
    analysis: Analysis, *, baseline: Baseline | None = None, changes: ChangeSet | None = None
) -> Report:
    from seamcheck.rules import active_rules, all_rules

    # The project, not the graph: the gate needs no model beyond the findings and the
    # suppression comments (kept with a replayed run, so replaying parses nothing).
    services = {file.path: file.service for file in analysis.project.files}
    # A suppression for a rule that did not run (deselected, or severity "off") is not unused.
    active = (
        dict((rule.code, severity) for rule, severity in active_rules(analysis.config))
        if analysis.config is not None
        else {rule.code: rule.severity for rule in all_rules()}
    )
    suppressed = apply_suppressions(
        analysis.findings,
        analysis.suppressions,
        frozenset(active),
        lambda path: services.get(path, ""),
    )
    findings: Sequence[Finding] = [
        f if f.code != SC002 else dataclasses.replace(f, severity=active[SC002])
        for f in suppressed.kept
        if f.code != SC002 or SC002 in active
    ]
    baseline_outcome = None
    if baseline is not None:
        # An entry of a rule that did not run is neither known nor stale: it was not checked.
        checked = [e for e in baseline.entries if e.code in active]
        comparison = compare(findings, checked)
        findings = comparison.new
        baseline_outcome = BaselineOutcome(baseline.file, comparison.known, comparison.stale)
    scope = None
    if changes is not None:
        inside = tuple(f for f in findings if touches(f, changes))
        files = (
            sum(1 for file in analysis.project.files if changes.holds(file.path))
            if changes.folder
            else len(changes.paths)
        )
        outside = len(findings) - len(inside)
        scope = ScopeOutcome(changes.description, files, outside, changes.folder)
        findings = inside
    return Report(
        findings=tuple(findings),
        files=len(analysis.project.files),
        services=len(analysis.project.services),
        suppressed=suppressed.silenced,
        baseline=baseline_outcome,
        scope=scope,
    )


def gating_findings(report: Report, fail_on: str) -> list[Finding]:
    """Reported findings at or above `fail_on` (error > warning > info)."""
    worst = SEVERITIES.index(fail_on)
    return [f for f in report.findings if SEVERITIES.index(f.severity) <= worst]
