"""SC001 — syntax error: file analysed in part.

## What it does
Reports each syntax error tree-sitter recovered from. The file's intact parts are still
analysed, so the other rules see everything around the error.

## Why is this bad?
Code around a syntax error is invisible to every other rule: an import or a blocking call in
the broken region may be missed. In a pre-commit hook it usually means a half-written file.

## Example
```python
def predict(payload:
    return model(payload)
```

## Use instead
```python
def predict(payload):
    return model(payload)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from seamcheck.findings import Finding, span_finding
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext


def check(context: RuleContext) -> Iterator[Finding]:
    for path, facts in sorted(context.resolution.facts.items()):
        for index, problem in enumerate(facts.syntax_errors):
            yield span_finding(
                "SC001",
                "warning",
                f"{problem.message}; the file was analysed in part",
                path,
                problem.span,
                context.service_of(path),
                (path, problem.message, str(index)),
            )


RULE = Rule(
    code="SC001",
    name="syntax-error",
    severity="warning",
    summary="Syntax error: file analysed in part",
    doc=__doc__ or "",
    check=check,
)
