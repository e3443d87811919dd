"""Rule metadata as reporters show it: documentation links, descriptions, tags."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from seamcheck.findings import SEVERITIES, Finding
from seamcheck.rules import Rule

DOCS_URL = "https://github.com/seamcheck/seamcheck/blob/main/docs/rules/{code}.md"
INFORMATION_URI = "https://github.com/seamcheck/seamcheck"
# The hundreds digit of a code names its family (see the rule code table in the README).
FAMILIES = {"0": "tooling", "1": "services", "2": "async", "3": "contracts"}
_SECTION = re.compile(r"^## (?P<title>.+?)\s*$", re.M)


def docs_url(code: str) -> str:
    return DOCS_URL.format(code=code)


def section(doc: str, title: str) -> str:
    """The text of the `## title` section of a rule's documentation ("" when absent)."""
    matches = list(_SECTION.finditer(doc))
    for index, match in enumerate(matches):
        if match["title"].lower() == title.lower():
            end = matches[index + 1].start() if index + 1 < len(matches) else len(doc)
            return doc[match.end() : end].strip()
    return ""


def one_paragraph(text: str) -> str:
    return " ".join(text.split())


def tags(rule: Rule) -> list[str]:
    family = FAMILIES.get(rule.code[2:3], "")
    return ["architecture", family] if family else ["architecture"]


def rules_for(findings: Iterable[Finding], rules: Sequence[Rule]) -> list[Rule]:
    """Every registered rule, plus a bare entry for any code a finding carries that no
    registered rule declares (so every finding has rule metadata to point at)."""
    known = {rule.code for rule in rules}
    extra = sorted({f.code: f.severity for f in findings if f.code not in known}.items())
    bare = [Rule(code, code.lower(), severity, code, "", _no_check) for code, severity in extra]
    return [*rules, *bare]


def _no_check(_context: object) -> tuple[Finding, ...]:
    return ()


def by_severity(indexes: Iterable[int], findings: Sequence[Finding]) -> list[int]:
    """Indexes into `findings`, most severe first, then by location: the order in which a
    truncated view keeps them."""

    def key(i: int) -> tuple[int, tuple[str, int, int, str, str]]:
        return (SEVERITIES.index(findings[i].severity), findings[i].sort_key)

    return sorted(indexes, key=key)


def occurrence_keys(findings: Sequence[Finding]) -> list[str]:
    """`fingerprint:n`, n counting findings that share a fingerprint in location order, so
    the key of each finding is unique in a report and stable across runs."""
    seen: dict[str, int] = {}
    keys: list[str] = []
    for finding in findings:
        seen[finding.fingerprint] = seen.get(finding.fingerprint, 0) + 1
        keys.append(f"{finding.fingerprint}:{seen[finding.fingerprint]}")
    return keys


def rule_names(rules: Sequence[Rule]) -> dict[str, str]:
    return {rule.code: rule.name for rule in rules}
