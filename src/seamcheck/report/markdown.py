"""`report.md`: the report as GitHub-flavoured Markdown with a Mermaid service diagram, for
pull-request comments and wikis. A pure function of the report model."""

from __future__ import annotations

import html

from seamcheck.output.markdown import cell, code
from seamcheck.output.rulemeta import docs_url
from seamcheck.report.model import Call, FindingView, ReportModel, ServiceView, finding_groups
from seamcheck.report.style import (
    LANGUAGE_COLOURS,
    STATUS_COLOURS,
    STATUS_SYMBOLS,
    call_status,
    edge_label,
    request_label,
)
from seamcheck.wording import plural

_SEVERITY_SYMBOLS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}  # noqa: RUF001


MAX_CHARS = 60_000  # a pull-request comment holds 65,536 characters

# A block is a unit that is kept or dropped whole (a table row, a finding with its chain),
# with whether it counts as an item in the "...and N more" note.
Block = tuple[list[str], bool]


def render(model: ReportModel) -> str:
    head = [f"# Architecture report: {cell(model.name)}", "", _summary(model), ""]
    head += _scorecard(model)
    head += ["", "## Service diagram", "", *_mermaid(model)]
    head += ["", "## Services", "", *_services_table(model)]
    seams = _seams_table(model.seams)
    findings = _findings_by_rule(model)
    details = [line for s in model.services for line in _service_details(model, s)]
    full = [*head, "", "## Seams", "", *_flat(seams), "", "## Services in detail", "", *details]
    full += ["## Findings by rule", "", *_flat(findings)]
    text = _text(full)
    if len(text) <= MAX_CHARS:
        return text
    # Too long for a pull-request comment: leave out the per-service details, then keep as
    # many seams and findings as fit, saying how many more the page and the JSON have.
    budget = MAX_CHARS - len(_text(head)) - 400
    wanted = len(_text(_flat(findings)))
    fitted = [*head, "", "## Seams", "", *_fit(seams, budget - min(wanted, budget // 2), "calls")]
    fitted += ["", "## Findings by rule", ""]
    used = len(_text(fitted)) - len(_text(head))
    fitted += _fit(findings, budget - used, "findings")
    fitted += ["", "Per-service details are left out to fit a pull-request comment: see "
               "`index.html` or `report.json`."]  # fmt: skip
    return _text(fitted)


def _text(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def _flat(blocks: list[Block]) -> list[str]:
    return [line for lines, _ in blocks for line in lines]


def _fit(blocks: list[Block], budget: int, what: str) -> list[str]:
    kept: list[str] = []
    for index, (lines, _) in enumerate(blocks):
        size = sum(len(line) + 1 for line in lines)
        if size > budget:
            more = sum(1 for _, counts in blocks[index:] if counts)
            return [*kept, "", f"…and {more} more {what}: see `index.html` or `report.json`."]
        budget -= size
        kept += lines
    return kept


def _summary(model: ReportModel) -> str:
    head = model.headline
    languages = ", ".join(f"{language} {n}" for language, n in head.by_language.items())
    findings = sum(head.findings.values())
    severities = ", ".join(plural(n, s) for s, n in head.findings.items() if n)
    parts = [
        f"Policy: **{cell(', '.join(model.packs) or model.config)}** "
        f"(config: {cell(model.config)})",
        f"{plural(head.services, 'service')} ({languages})" if languages else "0 services",
        *(
            ["roles: " + ", ".join(f"{r} {n}" for r, n in head.by_role.items())]
            if head.by_role
            else []
        ),
        plural(head.routes, "route"),
        f"{plural(head.seams, 'seam')}, {head.broken} broken, {head.unresolved} unresolved",
        f"{plural(findings, 'finding')}" + (f" ({severities})" if severities else ""),
    ]
    if head.suppressed:
        parts.append(f"{head.suppressed} suppressed inline")
    by_rule = " · ".join(f"[{c}](#rule-{c.lower()}) {n}" for c, n in head.by_rule.items())
    return " · ".join(parts) + (f"\n\nFindings by rule: {by_rule}" if by_rule else "")


def _scorecard(model: ReportModel) -> list[str]:
    lines = ["## Fitness scorecard", "", "| | Policy | Verdict | Findings | Rules | Declared by |"]
    lines.append("|---|---|---|---:|---|---|")
    for verdict in model.scorecard:
        rules = ", ".join(f"[{c}]({docs_url(c)})" for c in verdict.rules)
        lines.append(
            f"| {STATUS_SYMBOLS[verdict.status]} | {cell(verdict.question)} | {verdict.status} "
            f"| {verdict.findings} | {rules} | {cell(verdict.policy)} |"
        )
    return lines


def _mermaid_text(text: str) -> str:
    return html.escape(text, quote=False).replace('"', "#quot;")


def _mermaid(model: ReportModel) -> list[str]:
    if not model.services:
        return ["No services found."]
    ids = {s.name: f"s{i}" for i, s in enumerate(model.services)}
    lines = ["```mermaid", "flowchart LR"]
    for service in model.services:
        detail = " · ".join((service.language, *service.roles))
        label = f"{_mermaid_text(service.name)}<br/>{_mermaid_text(detail)}"
        shape = f'(["{label}"])' if "browser" in service.roles else f'["{label}"]'
        lines.append(f"  {ids[service.name]}{shape}:::{service.language or 'other'}")
    styles = []
    for index, edge in enumerate(model.edges):
        arrow = "-.->" if edge.kind == "import" else "-->"
        label = _mermaid_text(edge_label(edge))
        lines.append(f'  {ids[edge.source]} {arrow}|"{label}"| {ids[edge.target]}')
        if edge.status != "ok":
            styles.append(
                f"  linkStyle {index} stroke:{STATUS_COLOURS[edge.status]},stroke-width:3px"
            )
    lines += styles
    for language, (fill, ink) in sorted(LANGUAGE_COLOURS.items()):
        lines.append(f"  classDef {language or 'other'} fill:{fill},color:{ink},stroke:{fill}")
    lines.append("```")
    return lines


def _services_table(model: ReportModel) -> list[str]:
    lines = ["| Service | Language | Roles | Frameworks | Catalogued libraries | Routes | "
             "Calls out | Findings |", "|---|---|---|---|---|---:|---:|---|"]  # fmt: skip
    for s in model.services:
        libraries = "; ".join(f"{g.category}: {', '.join(g.names)}" for g in s.libraries)
        findings = ", ".join(f"{n} {severity}" for severity, n in s.findings.items()) or "—"
        lines.append(
            f"| [{cell(s.name)}](#service-{_slug(s.name)}) | {s.language} | "
            f"{_cells(s.roles)} | {_cells(s.frameworks)} | "
            f"{cell(libraries) if libraries else '—'} | {len(s.routes)} | {len(s.calls)} | "
            f"{findings} |"
        )
    return lines


def _cells(values: tuple[str, ...], separator: str = ", ") -> str:
    return cell(separator.join(values)) if values else "—"


def _location(value: object | None) -> str:
    return code(str(value)) if value is not None else "—"


def _target(call: Call) -> str:
    return cell(call.target) if call.target else "—"


def _seams_table(calls: tuple[Call, ...]) -> list[Block]:
    if not calls:
        return [(["No outbound calls found."], False)]
    blocks: list[Block] = [
        (["| Caller | Request | Service | Route | Status |", "|---|---|---|---|---|"], False)
    ]
    for call in calls:
        row = (
            f"| {_location(call.caller)} | {code(request_label(call))} | "
            f"{_target(call)} | {_location(call.route)} | {cell(call_status(call))} |"
        )
        blocks.append(([row], True))
    return blocks


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())


def _service_details(model: ReportModel, service: ServiceView) -> list[str]:
    summary = " · ".join(
        (service.language, *service.roles, plural(len(service.routes), "route"),
         plural(sum(service.findings.values()), "finding"))
    )  # fmt: skip
    lines = [
        f'<details id="service-{_slug(service.name)}"><summary><b>{html.escape(service.name)}</b>'
        f" — {html.escape(summary)}</summary>",
        "",
        f"- Root: {code(service.root)} ({plural(service.files, 'file')}), runtime {service.runtime}"
        + (f", tags: {cell(', '.join(service.tags))}" if service.tags else ""),
        f"- Frameworks: {_cells(service.frameworks)}",
    ]
    for group in service.libraries:
        lines.append(f"- {cell(group.category)} libraries: {cell(', '.join(group.names))}")
    if service.entries:
        lines.append(f"- Reached from outside: {cell('; '.join(service.entries))}")
    if service.callers:
        lines.append(f"- Called by: {cell(', '.join(service.callers))}")
    if service.routes:
        lines += ["", "| Method | Path | Declared at |", "|---|---|---|"]
        for route in service.routes:
            lines.append(f"| {route.method} | {code(route.path)} | {_location(route.declared)} |")
    if service.calls:
        lines += ["", "| Caller | Request | Service | Status |", "|---|---|---|---|"]
        for call in service.calls:
            lines.append(
                f"| {_location(call.caller)} | {code(request_label(call))} | "
                f"{_target(call)} | {cell(call_status(call))} |"
            )
    for title, findings in finding_groups(model.findings, service.name):
        lines += ["", f"**{cell(title)}**", ""]
        lines += [_finding_line(f) for f in findings]
    lines += ["", "</details>", ""]
    return lines


def _finding_line(finding: FindingView, with_code: bool = True) -> str:
    where = code(f"{finding.location}:{finding.column}")
    rule = f" [{finding.code}]({docs_url(finding.code)})" if with_code else ""
    symbol = _SEVERITY_SYMBOLS.get(finding.severity, "")
    return f"- {symbol}{rule} {where} {cell(finding.message)}"


def _findings_by_rule(model: ReportModel) -> list[Block]:
    blocks: list[Block] = []
    for rule in model.rules:
        findings = [f for f in model.findings if f.code == rule.code]
        if not findings:
            continue
        header = [
            "" if blocks else None,
            f'<a id="rule-{rule.code.lower()}"></a>',
            "",
            f"### [{rule.code}]({docs_url(rule.code)}) {cell(rule.name)} ({len(findings)})",
            "",
            cell(rule.summary),
            "",
        ]
        blocks.append(([line for line in header if line is not None], False))
        for finding in findings:
            chain = [f"  - {code(f'{hop.path}:{hop.line}')} {cell(hop.message)}"
                     for hop in finding.chain]  # fmt: skip
            blocks.append(([_finding_line(finding, with_code=False), *chain], True))
    return blocks or [(["No findings."], False)]
