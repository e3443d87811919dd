"""SC105 — edge bypass: a browser or public caller reaches an internal service.

## What it does
Reports every path by which the public reaches a service that the edge policy says must stay
internal: a browser front end calling it (directly or through a proxy), or an nginx location
or a Kubernetes Ingress path or Gateway API HTTPRoute rule forwarding to it. One finding per
way in: a browser app's calls to the service through one proxy path (or straight to its
address) are one finding, at one of them, listing the others; an nginx location or an
Ingress or HTTPRoute path is one at itself. The call a finding is at is the one whose
fingerprint sorts first, not the first in the file, so moving code does not make it new to a
baseline; each other call's fingerprint is one of the finding's too, so a baseline that held
a finding per call still matches it, and removing the call it is at keeps it known. A `seamcheck:
ignore[SC105]` comment silences the call it is on, not the way in: the finding stays while a
call no comment covers takes it (at the first of those, its fingerprint unchanged), calls
added later included. A port published straight from an internal HTTP service is SC103 (that
service has become the edge). By default the edge is the Node.js services and any service
tagged `edge` (`[edge] allow = {...}`); browser front ends themselves are not checked as
targets.

A Kubernetes way in that takes requests only from inside the network is not reported: an
internal tool or model service behind an internal ingress controller or load balancer is the
intended shape. It is internal when the manifests prove it: GKE's `gce-internal` ingress
class or an internal GatewayClass (`gke-l7-rilb`...), Azure Application Gateway's
`use-private-ip: "true"`, the AWS Load Balancer Controller's `internal` scheme (its
`IngressClassParams`, the `alb.ingress.kubernetes.io/scheme` annotation of the Ingress or of
its group, or the controller's default when the `IngressClass` is in the manifests), or an
ingress-nginx controller (by its `--ingress-class` or `--controller-class` arguments) or Istio
gateway (by its `selector`) whose pods have only internal Services (a cloud's
internal-load-balancer annotation, or ClusterIP) and none on the host's network. Otherwise,
say so with `[edge] internal_ingress_classes = [...]` or `internal_gateways =
["namespace/name"]`. A browser app's call through such a way in is still reported: the
browser, not the edge, calls the internal service.

## Why is this bad?
Internal services (model servers, data services) are built for trusted callers: no rate
limits, no authentication, expensive endpoints. Reached from outside, they bypass everything
the edge enforces: auth, quotas, caching, request shaping.

## Example
```nginx
location /ml/ {
    proxy_pass http://ml:8000/;   # the browser talks to the model service directly
}
```

## Use instead
```nginx
location /api/ {
    proxy_pass http://gateway:8080;   # the Node.js edge calls ml on the browser's behalf
}
```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Alias, Finding, Related, fingerprint
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext
from seamcheck.rules.edge import may_face_the_public
from seamcheck.rules.seam_findings import finding_at, through_wrappers

if TYPE_CHECKING:  # the rules are listed without loading the seams
    from seamcheck.seams.model import ClientCall, Link

_WHY = "only edge services may face the public"
# The other calls a way in is taken by that a finding lists where they are.
_LISTED = 20


def check(context: RuleContext) -> Iterator[Finding]:
    services = {s.name: s for s in context.project.services}

    def internal(name: str) -> bool:
        service = services.get(name)
        return (
            service is not None
            and "browser" not in service.tags
            and not may_face_the_public(context, service)
        )

    seams = context.seams
    ways: dict[tuple[str, str, str], list[tuple[ClientCall, Link]]] = {}
    for call in seams.calls:
        caller = services.get(call.service)
        if caller is None or "browser" not in caller.tags:
            continue
        for link in call.links:
            if internal(link.service):
                ways.setdefault((call.service, link.service, link.via), []).append((call, link))
    silenced = _silenced(context)
    for _, uses in sorted(ways.items()):
        yield from _way_in(uses, silenced)
    points = context.config.internal
    for entry in seams.entries:
        # A published port of an HTTP service is SC103's: that service *is* an edge.
        if not internal(entry.service) or entry.kind == "port":
            continue
        if entry.internal_by(points.ingress_classes, points.gateways):
            continue  # an internal load balancer's way in: the public cannot take it
        message = (
            f"{entry.label} makes internal service '{entry.service}' reachable from outside; {_WHY}"
        )
        exposure = (entry.where.path, entry.label, entry.service)
        yield finding_at(entry.where, "SC105", "error", message, entry.service, exposure)


def _silenced(context: RuleContext) -> Callable[[ClientCall], bool]:
    """Whether a `seamcheck: ignore[SC105]` comment (on the call's line, or for its file)
    covers a call."""
    from seamcheck.gate.suppress import silences

    def silenced(call: ClientCall) -> bool:
        facts = context.resolution.facts.get(call.where.path)
        return facts is not None and silences(facts.suppressions, "SC105", call.where.line)

    return silenced


def _way_in(
    uses: list[tuple[ClientCall, Link]], silenced: Callable[[ClientCall], bool]
) -> Iterator[Finding]:
    """One finding for a way a browser app reaches an internal service (a proxy, or the
    service's own address), however many calls take it, the other calls related; and one
    for each call a comment silences, at the call, for the comment to silence: a comment
    silences its call, not the way in, which stays reported while a call no comment covers
    takes it. The way in is fingerprinted by the call whose fingerprint (caller, URL) sorts
    first, silenced or not, so that moving code or silencing that call keeps it, and so that
    a baseline written when each call was its own finding still matches it; it is at that
    call, or at the first not silenced."""
    ordered = sorted(
        uses,
        key=lambda use: (
            use[0].caller,
            use[0].url,
            use[0].where.path,
            use[0].where.line,
            use[0].where.column,
        ),
    )
    kept = []
    for call, link in ordered:
        if silenced(call):
            yield _finding(call, link, [], _relationship(call, link))
        else:
            kept.append((call, link))
    if kept:
        call, link = kept[0]
        # Each other call taking the way in is an alias: a baseline knows the way in by any
        # of them, so removing the call it is fingerprinted by (which moves the fingerprint
        # to the next) leaves it known.
        aliases = tuple(
            Alias(fingerprint("SC105", *_relationship(c, k)), _finding(c, k, [], ()).message)
            for c, k in kept
            if c is not ordered[0][0]
        )
        yield _finding(call, link, kept[1:], _relationship(*ordered[0]), aliases)


def _relationship(call: ClientCall, link: Link) -> tuple[str, ...]:
    return (call.caller, call.url, link.service, link.via)


def _finding(
    call: ClientCall,
    link: Link,
    others_taking: list[tuple[ClientCall, Link]],
    relationship: tuple[str, ...],
    aliases: tuple[Alias, ...] = (),
) -> Finding:
    """The finding at `call` for the way in `link` takes, listing `others_taking` it."""
    others = sorted(
        {(c.where.path, c.where.line, c.where.column, f"{k.method or 'any'} {k.path}")
         for c, k in others_taking if c is not call}
    )  # fmt: skip
    via = f" through {link.via}" if link.via else ""
    related: tuple[Related, ...] = ()
    if link.via_where is not None:
        where = link.via_where
        related = (Related(where.path, where.line, 1, f"{link.via} forwards here"),)
    related = (*related, *through_wrappers(call))
    also = f"also calls {link.service}{via} here"
    related = (
        *related,
        *(Related(p, line, col, f"{also}: {what}") for p, line, col, what in others[:_LISTED]),
    )
    more = f", and {len(others)} other call{'s' if len(others) > 1 else ''}" if others else ""
    message = (
        f"browser app '{call.service}' calls internal service '{link.service}'"
        f"{via} ({link.method or 'any'} {link.path}{more}); {_WHY}"
    )
    return finding_at(
        call.where, "SC105", "error", message, call.service, relationship, related, aliases
    )


RULE = Rule(
    code="SC105",
    name="edge-bypass",
    severity="error",
    summary="Edge bypass: browser or public caller reaches an internal service",
    doc=__doc__ or "",
    check=check,
)
