"""`seamcheck seams`: the seam table (caller -> METHOD path -> service and route), then the
broken links and the calls that could not be resolved, with why. Pure functions of a SeamMap."""

from __future__ import annotations

import json
from typing import Any

from seamcheck.seams.graph import seam_record, service_graph
from seamcheck.seams.model import ClientCall, Link, SeamMap, route_count
from seamcheck.wording import plural


def _via(link: Link) -> str:
    return f"  (via {link.via}, {link.via_where})" if link.via else ""


def _through(call: ClientCall) -> str:
    """The wrapper calls a call made through wrappers goes through, the client call last."""
    return f"  (through {', '.join(map(str, call.through))})" if call.through else ""


def _prefix_note(link: Link) -> str:
    """Why the route's prefix is only the code's default, where it is (`Route.prefix_note`)."""
    note = link.route.prefix_note if link.route is not None else ""
    return f"  ({note})" if note else ""


def _request(call: ClientCall, link: Link) -> str:
    return f"{link.method or '*'} {link.path}"


def render_text(seams: SeamMap) -> str:
    lines: list[str] = []
    linked = seams.linked()
    broken = seams.broken()
    unresolved = seams.unresolved()
    lines.append(f"Seams ({len(linked)}):")
    for call, link in linked:
        assert link.route is not None
        lines.append(
            f"  {call.where} -> {_request(call, link)} -> {link.service} "
            f"{link.route.where}{_via(link)}{_through(call)}{_prefix_note(link)}"
        )
    if broken:
        lines.append(f"Broken ({len(broken)}):")
        for call, link in broken:
            problem = link.port_problem or "no such route"
            if link.suggestions:
                best = link.suggestions[0]
                problem += f"; did you mean {best.label} ({best.where})"
            lines.append(
                f"  {call.where} -> {_request(call, link)} -> {link.service}: "
                f"{problem}{_via(link)}{_through(call)}"
            )
    doubtful = [(c, link) for c in seams.calls for link in c.links if link.doubt]
    if unresolved or doubtful:
        lines.append(f"Unresolved ({len(unresolved) + len(doubtful)}):")
        for call in unresolved:
            method = f"{call.method} " if call.method else ""
            lines.append(
                f"  {call.where} {call.client} {method}{call.url}: {call.problem}{_through(call)}"
            )
        for call, link in doubtful:
            lines.append(
                f"  {call.where} {call.client} {_request(call, link)} -> {link.service}: "
                f"{link.doubt}{_through(call)}"
            )
    external = [c for c in seams.calls if c.external]
    services = len({r.service for r in seams.routes})
    # Routes under a prefix known only at run time, or written as a pattern: served, but
    # not at a path to list (a FastAPI app's whole router under `APIRouter(prefix=settings.x)`).
    # One route a router seen mounted nowhere declares counts once, whatever the number of
    # mounts it may be under (Ghost: 218 routes, each under any of 20 `app.use(mw.x)`).
    unread = f" (and {route_count(seams.unread)} not read as a path)" if seams.unread else ""
    lines.append(
        f"{plural(len(seams.routes), 'route')} in {plural(services, 'service')}{unread}; "
        f"{plural(len(seams.calls), 'client call')}; {plural(len(linked), 'seam')} linked, "
        f"{len(broken)} broken, "
        f"{len(unresolved) + len(doubtful)} unresolved, {len(external)} to external hosts."
    )
    return "\n".join(lines) + "\n"


def link_lines(seams: SeamMap) -> list[str]:
    """One line per link, sorted: `caller:line METHOD /path -> service status route [via]`.
    The compact form the seam fixtures write their expectations in."""
    lines = []
    for call in seams.calls:
        for link in call.links:
            target = str(link.route.where) if link.route else "-"
            via = f" via {link.via}" if link.via else ""
            lines.append(
                f"{call.where} {link.method or '*'} {link.path} -> {link.service} "
                f"{link.status} {target}{via}"
            )
    return sorted(lines)


def render_json(seams: SeamMap) -> str:
    document: dict[str, Any] = {
        "version": 1,
        "routes": [
            {
                "id": r.node_id,
                "service": r.service,
                "method": r.method,
                "path": r.path,
                "framework": r.framework,
                "location": {"path": r.where.path, "line": r.where.line},
                "handler": r.handler,
                "prefix_note": r.prefix_note,
            }
            for r in seams.routes
        ],
        "unread_routes": [
            {
                "service": r.service,
                "method": r.method,
                "head": r.head,
                "tail": r.tail,
                "what": r.what,
                "framework": r.framework,
                "location": {"path": r.where.path, "line": r.where.line},
                **(
                    {"declared": [{"path": w.path, "line": w.line} for w in r.declared]}
                    if r.declared
                    else {}
                ),
            }
            for r in seams.unread
        ],
        "seams": [seam_record(c, link) for c in seams.calls for link in c.links],
        "unresolved": [
            {
                "caller": {"path": c.where.path, "line": c.where.line, "service": c.service},
                "client": c.client,
                "method": c.method,
                "url": c.url,
                "reason": c.problem,
                "external": c.external,
                "through": [str(w) for w in c.through],
            }
            for c in seams.calls
            if not c.links
        ],
        "services": [
            {"from": source, "to": target, "seams": data["seams"]}
            for source, target, data in service_graph(seams).edges(data=True)
        ],
        "entries": [
            {"kind": e.kind, "label": e.label, "service": e.service, "location": str(e.where)}
            for e in seams.entries
        ],
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
