"""`report.json`: the report model as data, field for field (what the pages show)."""

from __future__ import annotations

import dataclasses
import json

from seamcheck.report.model import ReportModel


def render(model: ReportModel) -> str:
    return json.dumps(dataclasses.asdict(model), indent=2, ensure_ascii=False) + "\n"
