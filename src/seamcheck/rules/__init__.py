"""Rules: one module per rule family. Each rule carries its own documentation (rendered by
`seamcheck explain CODE` and docs/rules/), and checks the analysed model, never the source.

Importing this package and the rule modules stays light (no parser, no networkx), so
`seamcheck rules` and `seamcheck explain` start instantly; rules import heavy modules inside
their check functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from seamcheck.findings import Finding
from seamcheck.records import dataclass

if TYPE_CHECKING:
    from seamcheck.config import Config
    from seamcheck.rules.aside import Aside
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
    from seamcheck.rules import (
        blocking,
        broken_seam,
        contracts,
        cross_service,
        edge,
        edge_bypass,
        placement,
        service_cycle,
        suppressions,
        syntax,
        unresolved_call,
    )

    rules = (
        syntax.RULE,
        suppressions.RULE,
        cross_service.RULE,
        placement.RULE,
        edge.RULE,
        *contracts.RULES,
        *blocking.RULES,
        broken_seam.RULE,
        edge_bypass.RULE,
        service_cycle.RULE,
        unresolved_call.RULE,
    )
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_named(code_or_name: str) -> Rule | None:
    """The rule with this code (`SC104`, any case) or name (`broken-seam`)."""
    wanted = code_or_name.strip()
    return next(
        (r for r in all_rules() if r.code == wanted.upper() or r.name == wanted.lower()), None
    )


def _selected(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    """ruff's convention: the longest matching prefix decides, `select` winning ties."""
    chosen = max((len(p) for p in select if code.startswith(p)), default=-1) if select else 0
    dropped = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return chosen >= 0 and chosen >= dropped


def active_rules(config: Config) -> list[tuple[Rule, str]]:
    """The rules to run with the severity each reports at."""
    active = []
    for rule in all_rules():
        severity = config.severities.get(rule.code, rule.severity)
        if severity != "off" and _selected(rule.code, config.select, config.ignore):
            active.append((rule, severity))
    return active


def run_rules(context: RuleContext, aside: Aside | None = None) -> list[Finding]:
    """The findings of the active rules, sorted. The rules `aside` runs in a child
    (`rules/aside.py`) are taken from it once this process has run all the others, so that
    the child runs beside them too; any it does not deliver run here."""
    active = active_rules(context.config)
    beside = aside.codes if aside is not None else frozenset()
    found = rule_findings(context, [(rule, s) for rule, s in active if rule.code not in beside])
    if aside is not None:
        done = aside.collect() or {}
        found.update((code, done[code]) for code in beside if code in done)
        found.update(
            rule_findings(context, [(rule, s) for rule, s in active if rule.code not in found])
        )
    # In the rules' order, as one process running them in turn has them: `_merged` keeps
    # the first of alike findings.
    findings = [finding for rule, _ in active for finding in found[rule.code]]
    return sorted(_merged(findings), key=lambda f: f.sort_key)


def rule_findings(
    context: RuleContext, rules: Iterable[tuple[Rule, str]]
) -> dict[str, list[Finding]]:
    """Each rule's findings, by code, at the severity it runs with."""
    found: dict[str, list[Finding]] = {}
    for rule, severity in rules:
        findings = found.setdefault(rule.code, [])
        for finding in rule.check(context):
            # Only findings at the rule's default severity follow the override: a rule may
            # report a lesser note (an unused contract ignore) that stays what it is.
            if severity != rule.severity and finding.severity == rule.severity:
                finding = dataclasses.replace(finding, severity=severity)
            findings.append(finding)
    return found


def _merged(findings: list[Finding]) -> list[Finding]:
    """One finding per place, message and fingerprint: a call through a wrapper that makes
    its request on two branches (`requests.request` or `session.request`) reaches two
    client calls and would be reported twice, alike but for where each inner call is; the
    one finding keeps both places among its related locations."""
    kept: dict[tuple[str, str, int, int, str, str], Finding] = {}
    for finding in findings:
        key = (finding.code, finding.path, finding.line, finding.column, finding.message,
               finding.fingerprint)  # fmt: skip
        before = kept.get(key)
        if before is None:
            kept[key] = finding
        else:
            related = tuple(dict.fromkeys((*before.related, *finding.related)))
            aliases = tuple(dict.fromkeys((*before.aliases, *finding.aliases)))
            kept[key] = dataclasses.replace(before, related=related, aliases=aliases)
    return list(kept.values())
