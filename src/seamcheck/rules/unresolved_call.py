"""SC107 — outbound call whose target could not be resolved (info).

## What it does
Lists every outbound HTTP, websocket or gRPC call that seamcheck could not follow to a
service of the repository, with the reason: a URL built from a function parameter that no
call of the function makes known (a wrapper called with a value known only at run time is
reported where it is called), an environment variable set nowhere or set to what is known
only where it runs (a pod's field, a ConfigMap or Secret that is not in the repository,
overlays that give it different values, the shell that runs compose: the message says which,
and where), or that the workloads and compose services running the code set to different
values the call does not land on alike (the message names them, where each is set, and what
one does), a URL a function returns that seamcheck does not read (one with several
`return`s or returning it from a branch, an async function, a method a subclass may
override, a function whose name is assigned another at run time; a helper whose one
`return` makes the URL, `apiUrl('items')`, is read with what each call gives it), a host
that names no service, a relative URL with no base URL or proxy, a service that declares no
route seamcheck recognises. A call that no route of its service
matches, when that service also declares routes seamcheck cannot read (a regular expression,
an Express pattern such as `/ab+cd`, a path known only at run time, a NestJS route whose
version it cannot read, a proxy or an app mounted under a prefix, a router mounted at a
regular expression or a path known only at run time, or from an array of routers it cannot
read, whose routes' own paths still end the paths they serve, a package's Django URLconf)
that may serve it, is listed here too, with those routes, rather than reported as a broken
seam (SC104); when those routes may serve any path, a call a letter or two from a readable
route stays SC104, a typo (not a websocket: a `ws` server with `noServer`, an `upgrade`
listener or a NestJS gateway lets code seamcheck does not read choose its paths). So is a
websocket that no route takes, to a service that declares no websocket route seamcheck
reads (it may serve websockets in a way seamcheck does not read: Django Channels). So
is a browser call whose path an nginx location rewrites in a way seamcheck cannot follow (a
`rewrite` other than a literal start and a capture of the rest, or one inside an `if`), or
that an nginx regular-expression location may take or not, to different ends. So is a call a
`seamcheck: calls` comment sends to a service when its URL does not show the path that
service receives: nothing but unknown values (`${host}${path}`), text that does not start a
path after them, or a base of several (`${host}${prefix}/predict`) that may hold the path's
start, when no route takes the rest as it is but one ends with it. So is a call a client hands
to an app in the same process (`TestClient(app)`, an httpx client on `ASGITransport`,
supertest's `request(app)`, Fastify's `app.inject()`, Hono's `app.request()`) that no route of
the service whose code that app is (the caller's own, or another's it imports or whose
function makes it) takes, nor
nearly takes, or, for an app whose code is not found, that the caller's own routes do not
take: it says it is in-process, not that no service listens. Calls to hosts outside
the repository (`api.stripe.com`) are not reported. URLs are shown without their query
string, fragment or `user:password@`, which often hold a token or a key.

## Why is this bad?
An unresolved call is a seam nobody can check: SC104 (broken seam), SC105 (edge bypass) and
SC106 (service cycles) cannot see it. Most are fixed by naming the host in compose or config.

## Example
```python
def sync(base_url: str) -> None:
    requests.post(f"{base_url}/sync")
```

## Use instead
Make the target knowable: a module constant or an environment variable with a default,
`[services.NAME] hosts = ["users.internal"]` in seamcheck.toml, or an annotation on the call:
```python
requests.post(f"{base_url}/sync")  # seamcheck: calls users
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, Related
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext
from seamcheck.rules.seam_findings import finding_at, through_wrappers

if TYPE_CHECKING:
    from seamcheck.seams.model import ClientCall, Link, UnreadRoute


def check(context: RuleContext) -> Iterator[Finding]:
    seams = context.seams
    for call in seams.unresolved():
        yield _finding(call, call.problem)
    for call in seams.calls:
        for link in call.links:
            if link.status == "no_routes":
                yield _finding(call, link.doubt)
            elif link.status == "unsure":
                yield _unsure(call, link)


def _unsure(call: ClientCall, link: Link) -> Finding:
    """The routes that may serve the call, or the proxy that rewrites its path, are its
    evidence; the fingerprint names the service or the proxy, not their lines."""
    if link.unknown_path and not link.via:
        # A `seamcheck: calls` comment's call whose URL does not show the path: the
        # fingerprint names the service, not why (a value's note, which may change).
        return _finding(call, link.doubt, f"the path '{link.service}' receives is not known")
    if link.unknown_path:
        # A rewrite seamcheck cannot follow, or a location it cannot tell takes the path: the
        # doubt says which, and names that location.
        where = link.via_where
        lead = f"{link.via} ({where}) "
        doubt = link.unknown_path
        what = f"{link.via} {doubt.removeprefix(lead)}" if doubt.startswith(lead) else doubt
        hop = (Related(where.path, where.line, where.column, what),) if where is not None else ()
        return _finding(call, link.doubt, f"{link.via} rewrites the path", hop)
    related = tuple(
        Related(
            r.where.path,
            r.where.line,
            r.where.column,
            f"{r.service} serves {r.method} at {r.what}{_declared(r)}, which seamcheck cannot read",
        )
        for r in link.unread
    )
    key = f"'{link.service}' declares routes seamcheck cannot read"
    return _finding(call, link.doubt, key, related)


def _declared(unread: UnreadRoute) -> str:
    """Where the routes read under a mount they may be under are declared: the mount is
    the related location, and the routes are what the user looks for."""
    if not unread.declared:
        return ""
    shown = ", ".join(str(where) for where in unread.declared[:_MAX_DECLARED_SHOWN])
    more = len(unread.declared) - _MAX_DECLARED_SHOWN
    return f" (declared at {shown}{f' and {more} more' if more > 0 else ''})"


_MAX_DECLARED_SHOWN = 3


def _finding(
    call: ClientCall, why: str, key: str = "", related: tuple[Related, ...] = ()
) -> Finding:
    # A URL of no path (`fetch('')`, `fetch('?page=2')`) shows as nothing: the reason says what
    # it requests, and the words around it close up.
    what = " ".join(part for part in (call.client, "call", call.method, call.url) if part)
    message = f"{what} not linked to a service route: {why}"
    relationship = (call.caller, call.client, call.method, call.url, key or why)
    related = (*related, *through_wrappers(call))
    return finding_at(call.where, "SC107", "info", message, call.service, relationship, related)


RULE = Rule(
    code="SC107",
    name="unresolved-outbound-call",
    severity="info",
    summary="Outbound call whose target could not be resolved",
    doc=__doc__ or "",
    check=check,
)
