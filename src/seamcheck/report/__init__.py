"""The architect's report: one data model built from one analysis (`model.py`), rendered by
pure functions into `index.html`, `report.md`, `services.dot` and `report.json`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from seamcheck.atomic import write_text_atomically
from seamcheck.report.model import ReportModel

# format -> the file it writes; the order in which they are written and listed
FILES = {
    "html": "index.html",
    "markdown": "report.md",
    "dot": "services.dot",
    "json": "report.json",
}
ALIASES = {"md": "markdown", "graphviz": "dot"}


def parse_formats(values: Sequence[str]) -> tuple[str, ...]:
    """`--format html,md --format json` -> ("html", "markdown", "json") in FILES order; all
    formats when none is given. Raises ValueError naming an unknown one."""
    chosen: set[str] = set()
    for value in values:
        for name in (part.strip().lower() for part in value.split(",")):
            if not name:
                continue
            name = ALIASES.get(name, name)
            if name not in FILES:
                raise ValueError(f"unknown report format '{name}' (choose from "
                                 f"{', '.join(FILES)}, or md)")  # fmt: skip
            chosen.add(name)
    return tuple(f for f in FILES if f in chosen) if chosen else tuple(FILES)


def renderer(fmt: str) -> Callable[[ReportModel], str]:
    if fmt == "html":
        from seamcheck.report import html

        return html.render
    if fmt == "markdown":
        from seamcheck.report import markdown

        return markdown.render
    if fmt == "dot":
        from seamcheck.report import dot

        return dot.render
    from seamcheck.report import json

    return json.render


def write_report(model: ReportModel, out: Path, formats: Sequence[str]) -> list[Path]:
    """Render each format and write it atomically into `out` (created if missing); nothing is
    written anywhere else. Returns the files written."""
    # Everything is rendered before anything is written: a failure leaves no half a report.
    documents = [(out / FILES[fmt], renderer(fmt)(model)) for fmt in formats]
    out.mkdir(parents=True, exist_ok=True)
    for target, text in documents:
        write_text_atomically(target, text)
    return [target for target, _ in documents]
