"""The architect's report as one data model, built once from an analysis and the gated findings.

Every format (HTML, Markdown, DOT, JSON) is a pure function of this model: nothing here is
rendered and nothing in the renderers is analysed. `report.json` is this model, field by field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from seamcheck.analysis import Analysis
from seamcheck.config import Config
from seamcheck.findings import SEVERITIES, Finding
from seamcheck.gate import Report
from seamcheck.output.rulemeta import FAMILIES, occurrence_keys, one_paragraph, section
from seamcheck.project import Service
from seamcheck.records import dataclass
from seamcheck.report.inventory import catalogued_libraries
from seamcheck.report.layout import Layout, layered_layout
from seamcheck.rules import Rule, active_rules, all_rules
from seamcheck.seams.model import ClientCall, Entry, Link, Route, SeamMap

MODEL_VERSION = 1
ROLES = ("edge", "ml", "browser", "shared")
ML_CATEGORY = "ml"
BLOCKING_CODES = ("SC201", "SC202")
CONTRACT_PREFIX = "SC3"


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line of the fitness scorecard: a policy as a question and whether it holds."""

    question: str
    policy: str  # the pack or config file that declared it
    rules: tuple[str, ...]
    status: str  # pass | fail | warn | note | off (none of its rules is active)
    findings: int
    detail: str


@dataclass(frozen=True, slots=True)
class LibraryGroup:
    category: str
    description: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServedRoute:
    method: str
    path: str
    framework: str
    declared: Location
    handler: Location | None  # None when the handler is not first-party code


@dataclass(frozen=True, slots=True)
class Call:
    """One outbound call in one deployment path (a call with no link is one row too)."""

    caller: Location
    service: str  # the calling service
    client: str
    method: str  # "" when the call does not say
    url: str
    target: str  # "" when unresolved
    path: str  # as the target receives it, after any proxy
    status: str  # linked | broken | no_routes | unsure | unresolved | external
    handler: Location | None
    # Where the route it lands on is declared (a decorator's line, not its function's): the
    # location `seamcheck seams` and the findings give for the route.
    route: Location | None
    via: str
    via_location: Location | None
    note: str  # why unresolved, or the nearest route of a broken call


@dataclass(frozen=True, slots=True)
class ServiceView:
    name: str
    language: str
    runtime: str
    root: str
    files: int
    tags: tuple[str, ...]
    roles: tuple[str, ...]
    frameworks: tuple[str, ...]
    libraries: tuple[LibraryGroup, ...]
    packages: tuple[str, ...]  # every third-party package it imports
    entries: tuple[str, ...]  # how the outside reaches it: `nginx location /api/ (file:line)`
    routes: tuple[ServedRoute, ...]
    calls: tuple[Call, ...]
    callers: tuple[str, ...]  # services that call it
    findings: dict[str, int]  # severity -> count


@dataclass(frozen=True, slots=True)
class ServiceEdge:
    """Caller service -> called service: its seams, and code imports across the boundary."""

    source: str
    target: str
    kind: str  # seam | import
    routes: int  # distinct routes its calls land on
    calls: int
    broken: int  # links that land on no route
    findings: tuple[str, ...]  # codes of findings whose evidence is one of its calls/imports
    status: str  # ok | broken | violation


@dataclass(frozen=True, slots=True)
class Hop:
    path: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class FindingView:
    id: str  # unique and stable in a report: fingerprint and occurrence
    code: str
    severity: str
    message: str
    location: Location
    column: int
    service: str
    chain: tuple[Hop, ...]


@dataclass(frozen=True, slots=True)
class RuleView:
    code: str
    name: str
    family: str
    summary: str
    severity: str  # as configured
    active: bool
    doc: str  # docs/rules/CODE.md
    what: str  # the "What it does" paragraph
    why: str  # the "Why is this bad?" paragraph
    findings: int


@dataclass(frozen=True, slots=True)
class Headline:
    services: int
    files: int
    by_language: dict[str, int]
    by_role: dict[str, int]
    seams: int  # linked (call, route) pairs
    broken: int
    unresolved: int
    external: int
    routes: int
    findings: dict[str, int]  # severity -> count
    by_rule: dict[str, int]
    suppressed: int


@dataclass(frozen=True, slots=True)
class ReportModel:
    version: int
    name: str
    config: str  # the config file, or "defaults"
    packs: tuple[str, ...]
    headline: Headline
    scorecard: tuple[Verdict, ...]
    services: tuple[ServiceView, ...]
    edges: tuple[ServiceEdge, ...]
    diagram: Layout  # where the HTML diagram draws each service
    seams: tuple[Call, ...]  # every call, linked or not, by caller location
    findings: tuple[FindingView, ...]
    rules: tuple[RuleView, ...]


def build_model(analysis: Analysis, report: Report, config: Config) -> ReportModel:
    """The report of one analysis; `report` holds its findings after inline suppressions."""
    project = analysis.project
    seams = analysis.seams if analysis.seams is not None else SeamMap((), ())
    findings = report.findings
    calls = _calls(analysis, seams)
    edges = _edges(analysis, seams, calls, findings)
    categories, packages = catalogued_libraries(project, analysis.graph, config.catalogs)
    files = Counter(f.service for f in project.files)
    services = tuple(
        _service_view(
            analysis,
            config,
            (service, files[service.name]),
            _roles(service, _from_outside(seams, config), categories[service.name]),
            (categories[service.name], packages[service.name]),
            (calls, edges),
            findings,
        )
        for service in sorted(project.services, key=lambda s: s.name)
    )
    diagram = layered_layout([s.name for s in services], [(e.source, e.target) for e in edges])
    active = {rule.code: severity for rule, severity in active_rules(config)}
    return ReportModel(
        version=MODEL_VERSION,
        name=project.root.name,
        config=config.file or "defaults",
        packs=config.packs,
        headline=_headline(analysis, report, services, calls),
        scorecard=scorecard(config, active, findings),
        services=services,
        edges=edges,
        diagram=diagram,
        seams=calls,
        findings=_finding_views(findings),
        rules=_rule_views(all_rules(), active, findings),
    )


# -- services ---------------------------------------------------------------------------


def _from_outside(seams: SeamMap, config: Config) -> tuple[Entry, ...]:
    """The ways in from outside: those of an internal load balancer are not."""
    internal = config.internal
    return tuple(
        e for e in seams.entries if not e.internal_by(internal.ingress_classes, internal.gateways)
    )


def _roles(
    service: Service, entries: tuple[Entry, ...], categories: dict[str, set[str]]
) -> tuple[str, ...]:
    """edge: reached from outside (tag, published port, nginx location) and not a browser
    app; ml: uses an ML library; browser: a front end; shared: a library others import."""
    found = set()
    browser = "browser" in service.tags
    if not browser and ("edge" in service.tags or any(e.service == service.name for e in entries)):
        found.add("edge")
    if categories.get(ML_CATEGORY):
        found.add("ml")
    if browser:
        found.add("browser")
    if "shared" in service.tags or "library" in service.tags:
        found.add("shared")
    return tuple(r for r in ROLES if r in found)


def _service_view(
    analysis: Analysis,
    config: Config,
    counted: tuple[Service, int],
    roles: tuple[str, ...],
    libraries: tuple[dict[str, set[str]], set[str]],
    traffic: tuple[tuple[Call, ...], tuple[ServiceEdge, ...]],
    findings: Sequence[Finding],
) -> ServiceView:
    seams = analysis.seams if analysis.seams is not None else SeamMap((), ())
    service, files = counted
    categories, packages = libraries
    calls, edges = traffic
    groups = tuple(
        LibraryGroup(
            category,
            config.catalogs[category].description if category in config.catalogs else category,
            tuple(sorted(names)),
        )
        for category, names in sorted(categories.items())
    )
    entries = tuple(
        sorted(
            f"{e.label} ({e.where})"
            for e in _from_outside(seams, config)
            if e.service == service.name
        )
    )
    routes = tuple(
        sorted(
            (_served(analysis, r) for r in seams.routes_of(service.name)),
            key=lambda r: (r.path, r.method, r.declared.path, r.declared.line),
        )
    )
    counts = Counter(f.severity for f in findings if f.service == service.name)
    return ServiceView(
        name=service.name,
        language=service.language,
        runtime=service.runtime,
        root=service.root,
        files=files,
        tags=tuple(sorted(service.tags)),
        roles=roles,
        frameworks=service.frameworks,
        libraries=groups,
        packages=tuple(sorted(packages)),
        entries=entries,
        routes=routes,
        calls=tuple(c for c in calls if c.service == service.name),
        callers=tuple(sorted({e.source for e in edges if e.target == service.name})),
        findings={s: counts[s] for s in SEVERITIES if counts[s]},
    )


def _handler(analysis: Analysis, route: Route) -> Location | None:
    node = analysis.graph.nodes.get(route.handler) if route.handler else None
    if not node or "path" not in node:
        return None
    return Location(str(node["path"]), int(node.get("line", route.where.line)))


def _served(analysis: Analysis, route: Route) -> ServedRoute:
    declared = Location(route.where.path, route.where.line)
    return ServedRoute(
        route.method, route.path, route.framework, declared, _handler(analysis, route)
    )


# -- calls and the service graph --------------------------------------------------------


def _calls(analysis: Analysis, seams: SeamMap) -> tuple[Call, ...]:
    rows = [
        _call_row(analysis, call, link) for call in seams.calls for link in call.links or (None,)
    ]
    return tuple(
        sorted(
            rows,
            key=lambda c: (c.caller.path, c.caller.line, c.target, c.via, c.path, c.method),
        )
    )


def _call_row(analysis: Analysis, call: ClientCall, link: Link | None) -> Call:
    caller = Location(call.where.path, call.where.line)
    if link is None:
        status = "external" if call.external else "unresolved"
        return Call(
            caller=caller,
            service=call.service,
            client=call.client,
            method=call.method,
            url=call.url,
            target="",
            path="",
            status=status,
            handler=None,
            route=None,
            via="",
            via_location=None,
            note=call.problem,
        )
    note = link.port_problem
    if link.status == "broken" and link.suggestions:
        best = link.suggestions[0]
        note = f"did you mean {best.label} ({best.where})?"
    elif link.doubt:
        note = link.doubt
    via_location = (
        Location(link.via_where.path, link.via_where.line) if link.via_where is not None else None
    )
    return Call(
        caller=caller,
        service=call.service,
        client=call.client,
        method=link.method or call.method,
        url=call.url,
        target=link.service,
        path=link.path,
        status=link.status,
        handler=_handler(analysis, link.route) if link.route is not None else None,
        route=(
            Location(link.route.where.path, link.route.where.line)
            if link.route is not None
            else None
        ),
        via=link.via,
        via_location=via_location,
        note=note,
    )


def finding_groups(
    findings: Sequence[FindingView], service: str
) -> list[tuple[str, list[FindingView]]]:
    """A service's findings as its section shows them: blocking I/O, contracts, the rest
    (groups without findings left out)."""
    mine = [f for f in findings if f.service == service]
    blocking = [f for f in mine if f.code in BLOCKING_CODES]
    contracts = [f for f in mine if f.code.startswith(CONTRACT_PREFIX)]
    other = [f for f in mine if f not in blocking and f not in contracts]
    groups = [
        ("Blocking I/O on async paths", blocking),
        ("Contracts", contracts),
        ("Other findings", other),
    ]
    return [(title, members) for title, members in groups if members]


def _by_place(findings: Sequence[Finding]) -> dict[tuple[str, int], list[Finding]]:
    """Each finding under its primary location and every related one."""
    places: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        spots = {(finding.path, finding.line), *((r.path, r.line) for r in finding.related)}
        for spot in spots:
            places.setdefault(spot, []).append(finding)
    return places


def _edges(
    analysis: Analysis,
    seams: SeamMap,
    calls: tuple[Call, ...],
    findings: Sequence[Finding],
) -> tuple[ServiceEdge, ...]:
    """Seam edges from the calls, import edges from imports whose module belongs to another
    service; an edge is a violation when a finding's evidence is one of its calls or imports."""
    evidence: dict[tuple[str, str, str], set[tuple[str, int]]] = {}
    routes: dict[tuple[str, str], set[tuple[str, str]]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    broken: Counter[tuple[str, str]] = Counter()
    for call in calls:
        if not call.target:
            continue
        pair = (call.service, call.target)
        evidence.setdefault((*pair, "seam"), set()).add((call.caller.path, call.caller.line))
        counts[pair] += 1
        if call.status == "linked":
            routes.setdefault(pair, set()).add((call.method, call.path))
        elif call.status == "broken":
            # Only a call that lands on no route is broken; one to a service whose routes
            # seamcheck cannot read (no_routes, unsure) is an SC107 note, not an error.
            broken[pair] += 1
    graph = analysis.graph
    for importer, imported, data in graph.edges(data=True):
        if data.get("kind") != "imports" or graph.nodes[imported].get("kind") != "module":
            continue
        source = graph.nodes[importer].get("service")
        target = graph.nodes[imported].get("service")
        if source and target and source != target:
            key = (str(source), str(target), "import")
            evidence.setdefault(key, set()).add((importer, int(data.get("line", 0))))
    places = _by_place(findings)
    edges = []
    for (source, target, kind), where in sorted(evidence.items()):
        touching = [f for spot in where for f in places.get(spot, ())]
        codes = tuple(sorted({f.code for f in touching}))
        pair = (source, target)
        serious = any(f.severity != "info" for f in touching)
        status = "broken" if broken[pair] and kind == "seam" else "ok"
        if serious and status == "ok":
            status = "violation"
        edges.append(
            ServiceEdge(
                source,
                target,
                kind,
                routes=len(routes.get(pair, ())) if kind == "seam" else 0,
                calls=counts[pair] if kind == "seam" else len(where),
                broken=broken[pair] if kind == "seam" else 0,
                findings=codes,
                status=status,
            )
        )
    return tuple(edges)


# -- findings, rules and the scorecard --------------------------------------------------


def _finding_views(findings: Sequence[Finding]) -> tuple[FindingView, ...]:
    ordered = sorted(findings, key=lambda f: (f.code, *f.sort_key))
    keys = occurrence_keys(ordered)
    return tuple(
        FindingView(
            id=key.replace(":", "-"),
            code=f.code,
            severity=f.severity,
            message=f.message,
            location=Location(f.path, f.line),
            column=f.column,
            service=f.service,
            chain=tuple(Hop(r.path, r.line, r.message) for r in f.related),
        )
        for f, key in zip(ordered, keys, strict=True)
    )


def _rule_views(
    rules: Sequence[Rule], active: dict[str, str], findings: Sequence[Finding]
) -> tuple[RuleView, ...]:
    counts = Counter(f.code for f in findings)
    return tuple(
        RuleView(
            code=rule.code,
            name=rule.name,
            family=FAMILIES.get(rule.code[2:3], ""),
            summary=rule.summary,
            severity=active.get(rule.code, "off"),
            active=rule.code in active,
            doc=f"docs/rules/{rule.code}.md",
            what=one_paragraph(section(rule.doc, "What it does")),
            why=one_paragraph(section(rule.doc, "Why is this bad?")),
            findings=counts[rule.code],
        )
        for rule in rules
    )


# SC102's message names the category: "'torch' (ml) is imported by service ...".
_PLACEMENT_CATEGORY = re.compile(r"\((?P<category>[^()]+)\) is imported by service ")


def scorecard(
    config: Config, active: dict[str, str], findings: Sequence[Finding]
) -> tuple[Verdict, ...]:
    """A verdict per policy the configuration declares (placement, edge, contracts) and per
    rule family it turns on (seams, async hygiene)."""
    lines: list[tuple[str, str, tuple[str, ...], list[Finding], str]] = []
    for placement in config.placement:
        matching = [
            f
            for f in findings
            if f.code == "SC102" and _placement_category(f, config) == placement.category
        ]
        category = placement.category
        label = category.upper() if len(category) <= 3 else category.capitalize()
        question = f"{label} libraries only in {placement.allow.describe()}?"
        detail = f"[placement.{placement.category}] allow = {placement.allow.describe()}"
        lines.append((question, placement.policy, ("SC102",), matching, detail))
    if config.edge is not None:
        describe = config.edge.allow.describe()
        lines.append(
            (
                f"Request edge only in {describe}?",
                config.edge.policy,
                ("SC103", "SC105"),
                [f for f in findings if f.code in ("SC103", "SC105")],
                "the public entry points and what browsers call",
            )
        )
    policy = config.packs[-1] if config.packs else config.file or "defaults"
    fixed: tuple[tuple[str, tuple[str, ...], str], ...] = (
        ("Services meet only at network seams (no cross-service imports)?", ("SC101",), ""),
        ("Every seam resolved and matched?", ("SC104", "SC107"), "client calls land on routes"),
        ("No service dependency cycles?", ("SC106",), "over seams and imports"),
        ("Async paths free of blocking I/O?", BLOCKING_CODES, "directly or through helpers"),
    )
    for question, codes, detail in fixed:
        lines.append((question, policy, codes, [f for f in findings if f.code in codes], detail))
    for contract in config.contracts:
        prefix = f"{contract.type} contract '{contract.name}'"
        matching = [f for f in findings if f.code == contract.code and f.message.startswith(prefix)]
        question = f"{contract.type.capitalize()} contract '{contract.name}' holds?"
        lines.append((question, contract.origin, (contract.code,), matching, contract.key))
    verdicts = []
    for question, origin, codes, matching, detail in lines:
        on = [c for c in codes if c in active]
        verdicts.append(
            Verdict(question, origin, codes, _status(bool(on), matching), len(matching), detail)
        )
    return tuple(verdicts)


def _placement_category(finding: Finding, config: Config) -> str:
    match = _PLACEMENT_CATEGORY.search(finding.message)
    if match:
        return match["category"]
    return config.placement[0].category if len(config.placement) == 1 else ""


def _status(active: bool, findings: Sequence[Finding]) -> str:
    if not active:
        return "off"
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "fail"
    if "warning" in severities:
        return "warn"
    return "note" if severities else "pass"


def _headline(
    analysis: Analysis,
    report: Report,
    services: Sequence[ServiceView],
    calls: Sequence[Call],
) -> Headline:
    status = Counter(c.status for c in calls)
    by_severity = Counter(f.severity for f in report.findings)
    roles = Counter(role for s in services for role in s.roles)
    seams = analysis.seams
    return Headline(
        services=len(services),
        files=len(analysis.project.files),
        by_language=dict(sorted(Counter(s.language for s in services).items())),
        by_role={r: roles[r] for r in ROLES if roles[r]},
        seams=status["linked"],
        broken=status["broken"],
        unresolved=status["unresolved"] + status["no_routes"] + status["unsure"],
        external=status["external"],
        routes=len(seams.routes) if seams is not None else 0,
        findings={s: by_severity[s] for s in SEVERITIES},
        by_rule=dict(sorted(Counter(f.code for f in report.findings).items())),
        suppressed=report.suppressed,
    )
