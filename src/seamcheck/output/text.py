"""Plain text: `path:line:col: CODE message`, chains indented under their finding, a summary.

Colour (ANSI) only when asked: the CLI turns it on for a terminal without NO_COLOR.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from seamcheck.findings import SEVERITIES, Finding
from seamcheck.gate import Report
from seamcheck.gate.baseline import BaselineEntry
from seamcheck.rules import Rule
from seamcheck.wording import plural

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_SEVERITY_STYLE = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_CLEAN_STYLE = "\033[1;32m"


# Control characters from analysed files (a syntax-error snippet, a path) must neither break
# the one-line-per-finding format nor reach the terminal as escape sequences.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x09}
_CONTROLS.update({0x0A: "\\n", 0x0D: "\\r"})


_HAS_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROLS) + "]")


def clean(text: str) -> str:
    # Almost no text holds a control character, and translating char by char costs three
    # times a search: printing thousands of replayed findings spent a fifth of a run here.
    return text.translate(_CONTROLS) if _HAS_CONTROL.search(text) else text


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color and style else text


def summary_line(findings: Sequence[Finding], files: int, services: int) -> str:
    counts = Counter(f.severity for f in findings)
    where = f"in {plural(files, 'file')} across {plural(services, 'service')}"
    if not findings:
        return f"No findings {where}."
    parts = ", ".join(
        f"{counts[s]} {s if counts[s] == 1 or s == 'info' else s + 's'}"
        for s in SEVERITIES
        if counts[s]
    )
    return f"{plural(len(findings), 'finding')} ({parts}) {where}."


def notes(report: Report, stale_lines: Sequence[str] = ()) -> list[str]:
    """What narrowed the findings: suppressions, the baseline, changed-code mode. `stale_lines`,
    the lines listing stale entries, go under the baseline's line, which counts them (after
    the scope line they would read as the findings it left out)."""
    lines: list[str] = []
    if report.suppressed:
        lines.append(f"{plural(report.suppressed, 'finding')} suppressed by inline comments.")
    if report.baseline is not None:
        stale = sum(e.count for e in report.baseline.stale)
        line = f"Baseline {report.baseline.file}: {report.baseline.known} known"
        if stale:
            entries = "stale entry" if stale == 1 else "stale entries"
            line += f", {stale} {entries} (fixed since; `seamcheck baseline --prune` drops them)"
        lines.append(line + ".")
        lines.extend(stale_lines)
    if report.scope is not None:
        elsewhere = plural(report.scope.outside, "finding")
        mode = "Folder mode" if report.scope.folder else "Changed-code mode"
        lines.append(f"{mode}: {report.scope.description}; {elsewhere} elsewhere not shown.")
    return lines


def render(report: Report, rules: Sequence[Rule] = (), color: bool = False) -> str:
    lines = []
    for finding in report.findings:
        where = f"{_paint(clean(finding.path), _BOLD, color)}:{finding.line}:{finding.column}:"
        code = _paint(finding.code, _SEVERITY_STYLE.get(finding.severity, ""), color)
        lines.append(f"{where} {code} {clean(finding.message)}")
        for related in finding.related:
            location = f"{clean(related.path)}:{related.line}:{related.column}:"
            lines.append("    " + _paint(f"{location} {clean(related.message)}", _DIM, color))
    summary = summary_line(report.findings, report.files, report.services)
    worst = next((s for s in SEVERITIES if any(f.severity == s for f in report.findings)), None)
    lines.append(_paint(summary, _SEVERITY_STYLE[worst] if worst else _CLEAN_STYLE, color))
    stale = _stale_lines(report.baseline.stale, color) if report.baseline is not None else []
    lines.extend(notes(report, stale))
    return "\n".join(lines) + "\n"


def _stale_lines(stale: Sequence[BaselineEntry], color: bool) -> list[str]:
    lines = []
    for entry in stale:
        times = f" (x{entry.count})" if entry.count > 1 else ""
        said = " ".join(filter(None, (entry.code, entry.message)))
        lines.append(_paint(f"    stale: {clean(f'{entry.path}: {said}')}{times}", _DIM, color))
    return lines
