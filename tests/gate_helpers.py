"""A test-only rule standing in for the blocking-call rules (#4) that are built elsewhere: it
reports `time.sleep` / `fs.readFileSync` called inside an async function, with the function as
the related location, so suppressions, baselines, changed-code mode and every output format
can be tested end to end on findings with chains before those rules exist."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from seamcheck import rules as rules_module
from seamcheck.findings import Finding, Related, fingerprint
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext

BLOCKING = {"time.sleep", "fs.readFileSync"}


def _check(context: RuleContext) -> Iterator[Finding]:
    for path, facts in sorted(context.resolution.facts.items()):
        async_defs = {d.qualname: d for d in facts.definitions if d.is_async}
        for call in facts.calls:
            definition = async_defs.get(call.scope)
            if call.callee not in BLOCKING or definition is None:
                continue
            span = call.span
            yield Finding(
                code="SC901",
                severity="error",
                message=f"blocking call {call.callee}() inside async {call.scope}()",
                path=path,
                line=span.line,
                column=span.column,
                end_line=span.end_line,
                end_column=span.end_column,
                service=context.service_of(path),
                fingerprint=fingerprint("SC901", path, call.scope, call.callee),
                related=(
                    Related(
                        path,
                        definition.span.line,
                        definition.span.column,
                        f"async {call.scope}() is defined here",
                    ),
                ),
            )


TEST_RULE = Rule(
    code="SC901",
    name="test-blocking-call",
    severity="error",
    summary="Blocking call in async code (test rule)",
    doc="SC901 — test rule.\n\n## What it does\nReports blocking calls in async functions.\n",
    check=_check,
)


@pytest.fixture
def with_test_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry is SC001, SC002 and the test rule only: the exact outputs these tests
    expect must not change when the real blocking-call or placement rules, which would also
    see these repositories, join the registry."""
    from seamcheck.rules import suppressions, syntax

    def all_rules() -> tuple[Rule, ...]:
        return (syntax.RULE, suppressions.RULE, TEST_RULE)

    monkeypatch.setattr(rules_module, "all_rules", all_rules)


# A Node gateway and a FastAPI model service, each with one blocking call in async code.
GATEWAY_JS = """\
const fs = require('fs');
const express = require('express');

const app = express();

async function loadConfig(req, res) {
  const raw = fs.readFileSync('config.json', 'utf8');
  res.json(JSON.parse(raw));
}

app.get('/config', loadConfig);
app.listen(3000);
"""

MODEL_PY = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
async def predict(payload: dict) -> dict:
    time.sleep(0.1)
    return {"score": 1.0}
"""

REPO = {
    "services/gateway/package.json": '{"name": "gateway", "dependencies": {"express": "^4.19.0"}}\n',
    "services/gateway/src/server.js": GATEWAY_JS,
    "services/model/requirements.txt": "fastapi\n",
    "services/model/app/main.py": MODEL_PY,
}


FROZEN_DOC = """{code} — frozen documentation for golden files.

## What it does
Reports what {code} reports: the frozen text keeps golden files stable.

## Why is this bad?
Golden files must change only when a format does.
"""


@pytest.fixture
def fixed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exactly SC001, SC002 and the test rule: golden files must not change when other rules
    join the registry."""
    from seamcheck.rules import suppressions, syntax

    def all_rules() -> tuple[Rule, ...]:
        return FIXED_RULES

    # Real checks, frozen metadata: editing a rule's documentation must not break goldens.
    FIXED_RULES = (
        replace(syntax.RULE, summary="Syntax error", doc=FROZEN_DOC.format(code="SC001")),
        replace(
            suppressions.RULE, summary="Unused suppression", doc=FROZEN_DOC.format(code="SC002")
        ),
        TEST_RULE,
    )

    monkeypatch.setattr(rules_module, "all_rules", all_rules)
