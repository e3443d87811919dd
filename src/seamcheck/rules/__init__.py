"""Rules: one module per rule family. Each rule carries its own documentation (rendered by
`seamcheck explain CODE` and docs/rules/), and checks the analysed model, never the source."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from seamcheck.findings import Finding
from seamcheck.rules.context import RuleContext


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    doc: str  # the module docstring: What it does / Why is this bad? / Example / Use instead
    check: Callable[[RuleContext], Iterable[Finding]]


def all_rules() -> tuple[Rule, ...]:
    from seamcheck.rules import broken_seam, edge_bypass, service_cycle, syntax, unresolved_call

    return (
        syntax.RULE,
        broken_seam.RULE,
        edge_bypass.RULE,
        service_cycle.RULE,
        unresolved_call.RULE,
    )


def run_rules(context: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        findings.extend(rule.check(context))
    return sorted(findings, key=lambda f: f.sort_key)
