"""SC001 — syntax error: file analysed in part.

## What it does
Reports a file with syntax errors tree-sitter recovered from, once, at its first error; the
others are listed with it (up to ten). The file's intact parts are still analysed, so the
other rules see everything around the errors. A file with template tags (`{% ... %}`,
`<% ... %>`: a Django, Jinja, cookiecutter or ERB template named like a script) is said to
be one: exclude it (`exclude = [...]` in seamcheck.toml), as it is not code until rendered.
A Python file that Python's own parser reads (asked for a syntax tree only: nothing is run)
is not reported, whatever tree-sitter's grammar finds in it: the grammar errs on some valid
code (`return 1, *[x for x in y]`), and nobody can fix that; the statement it cannot read is
still analysed in part. The answer is the running Python's, so code in a newer syntax than
it knows is reported as before. Valid TypeScript the grammar misreads in a shape seamcheck
knows is not reported either: TypeScript 5.0's `export type * from './a'`, an optional
labelled tuple member, and import types with type arguments or as an array
(`import('./a').Slot<A>`, `import('./a').Model[]`, which `tsc` writes into declaration files).

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

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, Related, span_finding
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext

if TYPE_CHECKING:
    from seamcheck.facts import SyntaxProblem

_LISTED = 10  # errors listed with the first; more are counted
# Template tags, which no JavaScript or Python holds outside a string: the file is a
# template named like a script (Django's `gis/admin/openlayers.js`, a cookiecutter's
# `.py`). A tag whose `{` was read as a block shows as `'% extends "base.js" %'`.
_TEMPLATE_TAG = re.compile(r"\{%|%\}|<%|%>|'%\s.*\s%'")


def check(context: RuleContext) -> Iterator[Finding]:
    for path, facts in sorted(context.resolution.facts.items()):
        if not facts.syntax_errors:
            continue
        first, *others = facts.syntax_errors
        message = f"{first.message}; the file was analysed in part"
        if others:
            message += f" ({len(others)} more syntax error{'s' if len(others) > 1 else ''})"
        related = tuple(
            Related(path, p.span.line, p.span.column, p.message) for p in others[:_LISTED]
        )
        if _is_template(facts.syntax_errors):
            message += (
                "; it holds template tags: a template, not a script until it is rendered"
                " (exclude it in seamcheck.toml)"
            )
            related = ()  # each tag is an error: listing them says nothing more
        # Fingerprinted as the first error was when each error was a finding of its own:
        # baselines made then still hold it.
        relationship = (path, first.message, "0")
        yield span_finding(
            "SC001", "warning", message, path, first.span, context.service_of(path),
            relationship, related,
        )  # fmt: skip


def _is_template(problems: tuple[SyntaxProblem, ...]) -> bool:
    return any(_TEMPLATE_TAG.search(p.message) for p in problems)


RULE = Rule(
    code="SC001",
    name="syntax-error",
    severity="warning",
    summary="Syntax error: file analysed in part",
    doc=__doc__ or "",
    check=check,
)
