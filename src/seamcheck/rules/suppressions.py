"""SC002 — suppression comment that silences nothing.

## What it does
Reports a `seamcheck: ignore[...]` or `seamcheck: ignore-file[...]` comment that has no
effect: it names no rule codes, is malformed, names a code that is not a seamcheck rule, or
names a rule that reports nothing on the line (or in the file) it covers. Each code of a
comment is checked on its own, so `ignore[SC201, SC202]` where only SC201 fires reports the
SC202 part.

A suppression covers its own line when it follows code, and the next line of code when it
stands on a line of its own. `ignore-file[...]` covers the whole file. SC002 itself cannot be
suppressed: delete or fix the comment instead.

## Why is this bad?
A suppression outlives the violation it was written for. Left behind, it silently exempts
whatever violation comes to that line next, and a comment without codes would exempt every
rule at once, which is why seamcheck refuses it.

## Example
```python
async def predict(payload):
    # seamcheck: ignore[SC201] the model file is read once at startup
    return model(payload)
```

## Use instead
```python
async def predict(payload):
    return model(payload)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, span_finding
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext

if TYPE_CHECKING:
    from seamcheck.facts import Suppression

CODE = "SC002"
SEVERITY = "warning"


def suppression_finding(
    path: str, suppression: Suppression, detail: str, message: str, service: str, occurrence: int
) -> Finding:
    """An SC002 finding at the comment; `detail` (code or problem) and `occurrence` keep the
    fingerprints of several comments in one file apart without using line numbers."""
    return span_finding(
        CODE,
        SEVERITY,
        message,
        path,
        suppression.span,
        service,
        (path, suppression.scope, detail, suppression.reason, str(occurrence)),
    )


def check(context: RuleContext) -> Iterator[Finding]:
    """Comments that cannot work whatever the other rules report; the gate stage adds those
    that could have worked but silenced nothing (it alone sees every other finding)."""
    from seamcheck.rules import all_rules

    known = {rule.code for rule in all_rules()}
    for path, facts in sorted(context.resolution.facts.items()):
        seen: dict[str, int] = {}
        service = context.service_of(path)
        for suppression in facts.suppressions:
            problems: list[tuple[str, str]] = []  # (fingerprint detail, message)
            if suppression.problem:
                problems.append(
                    (suppression.problem, f"suppression ignored: {suppression.problem}")
                )
            for code in suppression.codes:
                if code == CODE:
                    problems.append(
                        (code, f"{CODE} cannot be suppressed; fix or delete the comment")
                    )
                elif code not in known:
                    problems.append((code, f"suppression names unknown rule code {code}"))
            for detail, message in problems:
                seen[detail] = seen.get(detail, 0) + 1
                yield suppression_finding(path, suppression, detail, message, service, seen[detail])


RULE = Rule(
    code=CODE,
    name="unused-suppression",
    severity=SEVERITY,
    summary="Suppression comment that silences nothing",
    doc=__doc__ or "",
    check=check,
)
