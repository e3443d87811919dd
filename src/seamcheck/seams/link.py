"""Linking: a client call's URL -> the service it reaches (directly, through Dapr, or through
each proxy a browser front end sits behind) -> the route that serves it, or why none does."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from seamcheck.seams.clients import Draft
from seamcheck.seams.frameworks import HEAD_WITH_GET, OPTIONS_EVERYWHERE, WEBSOCKETS_APART
from seamcheck.seams.hosts import HostAnswer, HostMap, Proxy, pass_through, split_url
from seamcheck.seams.model import (
    ANY,
    SIO,
    WS,
    ClientCall,
    Link,
    Route,
    UnreadRoute,
    Where,
    WrongPort,
)
from seamcheck.seams.nextconfig import Rewrite, Rewrites
from seamcheck.seams.paths import (
    CATCH_ALL,
    is_param,
    known_start,
    matches,
    may_end_with,
    may_start_with,
    normalise,
    path_distance,
    path_overlap,
    segments,
    segments_match,
    shape,
)
from seamcheck.seams.socketio import nearest_first
from seamcheck.seams.values import PAGE_HOST, PAGE_ORIGIN, Part, Template, display

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
# URLs fetch reads without a network request: inline data, a blob the page made, a local file.
_LOCAL_SCHEME = re.compile(r"^(data|blob|file):", re.IGNORECASE)
# What goes before the page's own host in a URL on it: a scheme, written or chosen at run
# time (`${location.protocol === 'https:' ? 'wss' : 'ws'}://`), or none (`//`).
_PAGE_SCHEME = re.compile(r"^(?:\{[^{}]*\}:?|[a-z][a-z0-9+.-]*:)?//$", re.IGNORECASE)
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)[^/?#@]*@", re.IGNORECASE)
# The text of a URL before its first value not known until run time, when it holds a whole
# host and then a colon, so that the value cannot be part of the host.
_KNOWN_HOST = re.compile(
    r"^[a-z][a-z0-9+.-]*://(?:[^/?#@{}]*@)?(?:\[[^\]{}]*\]|[^/:?#@{}\[\]]+):(?P<port>\d*)$",
    re.IGNORECASE,
)
# A server on the caller's own machine, at a port chosen at run time: the text before the port.
_LOOPBACK = re.compile(
    r"^(?:https?|wss?)://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):$", re.IGNORECASE
)
_DAPR_INVOKE = re.compile(r"^/v1\.0/invoke/([^/]+)/method(/.*)?$")
_MAX_SUGGESTIONS = 3
_MAX_NAMED_SERVICES = 8  # named when a `seamcheck: calls` comment names none of them
# The first segment under which routes starting with a parameter are indexed: no path
# segment is empty.
_ANY_HEAD = ""
_TYPO_DISTANCE = 2  # characters, one more for another method (`path_distance`)
_SERVES = 2  # `_serving_rank` of a server block or Ingress host that serves the app
# (links, problem when there are none, whether the host is outside the repository)
_Outcome = tuple[tuple[Link, ...], str, bool]
# What a (service, method, normal path) lands on: status, chosen route, suggestions, the
# routes seamcheck cannot read that may serve it, and why else it is unsure ("" for none).
_Landing = tuple[str, Route | None, tuple[Route, ...], tuple[UnreadRoute, ...], str]


class _ServiceRoutes:
    """The routes of one service (in the linker's order), each split into segments once and
    indexed by segment count: a route without a catch-all only matches a path with as many
    segments, so a call is checked against those and the catch-all routes only. Those are
    indexed by their first segment too (a parameter's under `_ANY_HEAD`): a call whose first
    segment is written out is checked against the routes that start with it or with a
    parameter (a service with 3,000 routes of two segments checked each of 9,000 calls
    against all of them: 6 s)."""

    def __init__(self, routes: Sequence[Route], unread: Sequence[UnreadRoute] = ()) -> None:
        self.routes = tuple(routes)
        self.unread = tuple(unread)
        # Whether it declares a websocket route: only then is a websocket call none takes
        # known to be broken (`Linker._land`).
        self.websockets = any(r.method == WS for r in self.routes) or any(
            r.method == WS for r in self.unread
        )
        # Whether it runs a socket.io server seamcheck reads: only then is a connection none
        # takes known to be broken.
        self.socketio = any(r.method == SIO for r in self.routes) or any(
            r.method == SIO for r in self.unread
        )
        self.segments = tuple(tuple(segments(r.path)) for r in self.routes)
        self.shapes = tuple(shape(parts) for parts in self.segments)
        self.by_length: dict[int, list[int]] = {}
        self.by_head: dict[tuple[int, str], list[int]] = {}
        self.catch_all: list[int] = []
        for index, parts in enumerate(self.segments):
            if CATCH_ALL in parts:
                self.catch_all.append(index)
                continue
            self.by_length.setdefault(len(parts), []).append(index)
            if parts:
                head = _ANY_HEAD if is_param(parts[0]) else parts[0]
                self.by_head.setdefault((len(parts), head), []).append(index)

    def matching(self, have: Sequence[str]) -> list[Route]:
        """The routes that `matches` a path of segments `have`, in the service's order."""
        if have and not is_param(have[0]):
            candidates = [
                *self.by_head.get((len(have), have[0]), ()),
                *self.by_head.get((len(have), _ANY_HEAD), ()),
                *self.catch_all,
            ]
            candidates.sort()  # the service's order
        else:
            candidates = self.by_length.get(len(have), [])
            if self.catch_all:
                candidates = sorted((*candidates, *self.catch_all))
        return [self.routes[i] for i in candidates if segments_match(have, self.segments[i])]

    def nearest(self, method: str, have: Sequence[str]) -> tuple[Route, ...]:
        """The routes nearest a path of segments `have` that none matches: by `path_distance`
        (one more for another method), then path, method and the service's order, as a full
        sort would give them. Routes with as many segments come first, as the likeliest to
        be near: once a few are kept, comparing a route stops as soon as it is further."""
        wanted = shape(have)
        same_length = self.by_length.get(len(have), [])
        first = set(same_length)
        others = (i for i in range(len(self.routes)) if i not in first)
        kept: list[tuple[int, str, str, int]] = []  # sorted; at most _MAX_SUGGESTIONS
        for index in itertools.chain(same_length, others):
            route = self.routes[index]
            penalty = 0 if _method_fits(method, route) else 1
            full = len(kept) == _MAX_SUGGESTIONS
            limit = kept[-1][0] - penalty if full else None
            if limit is not None and limit < 0:
                continue
            far = path_distance(wanted, self.shapes[index], limit) + penalty
            entry = (far, route.path, route.method, index)
            if not full or entry < kept[-1]:
                bisect.insort(kept, entry)
                del kept[_MAX_SUGGESTIONS:]
        return tuple(self.routes[index] for *_, index in kept)

    def a_route_ends_with(self, method: str, have: Sequence[str]) -> bool:
        """Whether a path that ends with segments `have`, after a start that is not known,
        may be served: by a route whose method fits and whose last segments match, by a
        catch-all route, or by a route seamcheck cannot read."""
        for route, parts in zip(self.routes, self.segments, strict=True):
            if not _method_fits(method, route):
                continue
            if CATCH_ALL in parts:
                return True
            if len(parts) >= len(have) and segments_match(have, parts[len(parts) - len(have) :]):
                return True
        return any(_method_fits(method, r) for r in self.unread)

    def may_serve(self, method: str, normal: str) -> tuple[UnreadRoute, ...]:
        """The routes seamcheck cannot read whose method fits and whose literal start the
        path may have: only calls those may serve are unsure."""
        return tuple(
            r
            for r in self.unread
            if _method_fits(method, r)
            and may_start_with(normal, r.head, r.partial)
            and may_end_with(normal, r.tail)
        )


def _distance(method: str, have: Sequence[str], route: Route) -> int:
    penalty = 0 if _method_fits(method, route) else 1
    return path_distance(shape(have), shape(segments(route.path))) + penalty


def _suggestions(routes: _ServiceRoutes, method: str, have: Sequence[str]) -> tuple[Route, ...]:
    """The routes a broken call's "did you mean" names: the nearest, if plausible."""
    return tuple(r for r in routes.nearest(method, have) if _plausible(method, have, r))


def _plausible(method: str, have: Sequence[str], route: Route) -> bool:
    """Whether a route is a near miss worth a "did you mean": its path a typo away (then
    another method may be what is wrong), or, with a method that fits, keeping more letters
    of the call's path than it changes (`/api/predict` for `/predict`, a prefix left out). A
    route that differs in most of its path (`/api/health` for `/api/documents/{id}`)
    misleads: no suggestion is better. So does a route that takes any path (a `ws` server
    with no `path`, `WS /{*}`): it would have taken the call if its method fitted."""
    theirs = segments(route.path)
    if list(theirs) == [CATCH_ALL]:
        return False
    far, kept = path_overlap(shape(have), shape(theirs))
    if far <= _TYPO_DISTANCE:
        return True
    return _method_fits(method, route) and kept > far


def _joined(base: Template, url: Template) -> Template:
    """`baseURL` + a relative path, with exactly one slash between them."""
    if not base:
        return url
    head = list(base)
    if head and not head[-1].param:
        head[-1] = Part(head[-1].text.rstrip("/"), False)
    tail = list(url)
    if tail and not tail[0].param:
        tail[0] = Part("/" + tail[0].text.lstrip("/"), False)
    return (*head, *tail)


def _after_page_origin(url: Template) -> Template:
    """A URL on the page's own origin, `${scheme}://${location.host}/ws` or
    `${location.origin}/api/items`, as the relative URL after it (`/ws`), which reaches what
    the page's relative URLs reach; any other URL as it is."""
    page = (PAGE_HOST, PAGE_ORIGIN)
    index = next((i for i, part in enumerate(url) if part.param and part.text in page), None)
    if index is None:
        return url
    before = display(url[:index])
    if before if url[index].text == PAGE_ORIGIN else not _PAGE_SCHEME.match(before):
        return url
    rest = url[index + 1 :]
    if not rest:
        return (Part("/"),)
    return rest if not rest[0].param and rest[0].text.startswith("/") else url


def _from_site_root(url: str, template: Template) -> str:
    """The path a URL relative to the page (`api/predict`, `./api/health`, `../api/x`) has
    when the page is at the site's root; "" for any other URL. One whose first segment holds
    a colon (`localhost:8000/x`, `C:/Users/`) a browser reads as a scheme, not a path."""
    if not template or template[0].param or url[:1] in ("", "/", "?", "#"):
        return ""
    if ":" in url.partition("/")[0]:
        return ""
    path = url
    while path.startswith(("./", "../")):
        path = path.partition("/")[2]
    return "/" if path in (".", "..") else f"/{path}"  # `fetch('.')`: the page's folder


def _first_note(template: Template) -> str:
    return next((p.note for p in template if p.param), "")


def _own_address(url: str) -> str:
    """Why a URL that shows nothing of a path (empty, or a query or fragment alone: `fetch('')`,
    `fetch('?page=2')`) goes nowhere known: a page sends it to its own address."""
    if not url:
        return "an empty URL requests the address of the page making the call"
    return "a URL of a query or fragment alone requests the address of the page making the call"


def _open_tail(template: Template) -> int | None:
    """Where the part of a URL is after which its path is not known: a parameter that may
    hold several segments (`/${parts.join('/')}`, the path a proxy forwards), or the one a
    URL ends in when it is glued to a word before it: `${BASE}${path}` with BASE
    'http://gw:8080/api' is '/api' and then '/users/7' or anything else, several segments,
    not one segment 'api{path}'. None when each parameter is one segment of its own or
    follows a separator (`/users/${id}`, `/item-${id}`, `?q=${q}`)."""
    spans = next((index for index, part in enumerate(template) if part.spans), None)
    if spans is not None:
        return spans
    if len(template) < 2 or not template[-1].param or template[-2].param:
        return None
    return len(template) - 1 if template[-2].text[-1:].isalnum() else None


# The routes of a reading of the code: the service's readable ones, those it cannot read,
# and those its frameworks serve on their own (`find_routes`).
RouteReading = tuple[Sequence[Route], Sequence[UnreadRoute], Sequence[Route]]


class _RouteView:
    """What calls may land on, per service, and where each (service, method, path) lands."""

    def __init__(self, reading: RouteReading) -> None:
        routes, unread, builtin = reading
        by_service: dict[str, list[Route]] = {}
        for route in routes:
            by_service.setdefault(route.service, []).append(route)
        unread_by_service: dict[str, list[UnreadRoute]] = {}
        for unknown in unread:
            unread_by_service.setdefault(unknown.service, []).append(unknown)
        self.by_service = {
            name: _ServiceRoutes(by_service.get(name, ()), unread_by_service.get(name, ()))
            for name in sorted(by_service.keys() | unread_by_service.keys())
        }
        # What the frameworks serve on their own (FastAPI's docs pages), where a call that
        # no route of the service's code serves may still land.
        self.builtin: dict[str, _ServiceRoutes] = {}
        builtin_by_service: dict[str, list[Route]] = {}
        for route in builtin:
            builtin_by_service.setdefault(route.service, []).append(route)
        for name, served in builtin_by_service.items():
            self.builtin[name] = _ServiceRoutes(served)
        # Many calls reach the same path of the same service (every client of an endpoint):
        # where they land depends on nothing else, so it is decided once.
        self.landings: dict[tuple[str, str, str], _Landing] = {}


class Linker:
    """Links calls to routes. The deployed services serve the routes read from their deployed
    code; a call made in test or example code (`undeployed`) that none of those takes may land
    on the routes that code declares too (stub servers, example apps), read by `everywhere`
    when first needed, as such calls landed before they were told apart (`seams.undeployed`)."""

    def __init__(
        self,
        hosts: HostMap,
        routes: Sequence[Route],
        browsers: frozenset[str],
        hints: Mapping[tuple[str, int], str],
        same_origin: frozenset[str] = frozenset(),
        unread: Sequence[UnreadRoute] = (),
        builtin: Sequence[Route] = (),
        undeployed: frozenset[str] = frozenset(),
        everywhere: Callable[[], RouteReading] | None = None,
        own_pages: frozenset[str] = frozenset(),
    ) -> None:
        self.hosts = hosts
        self.browsers = browsers
        self.same_origin = same_origin
        self.own_pages = own_pages  # scripts of the pages a Python web app serves itself
        self.hints = hints
        self._deployed = _RouteView((routes, unread, builtin))
        self._undeployed = undeployed
        self._everywhere = everywhere
        self._every_route: _RouteView | None = None
        self._undeployed_call = False  # whether the call being linked is made in such code
        self._linked: dict[int, tuple[Draft, ClientCall]] = {}  # see `link`
        self._answers: dict[tuple[str, int | None, str], HostAnswer] = {}  # see `_absolute`
        self._normal: dict[str, str] = {}  # a path -> its `normalise`d form, see `_link`
        # app -> its proxies grouped by file and block, the blocks serving it kept
        self._serving: dict[str, list[list[list[Proxy]]]] = {}

    def _undeployed_view(self) -> _RouteView:
        """Every route, the tests' stubs and the example apps' among them: read when first
        needed."""
        if self._every_route is None:
            assert self._everywhere is not None
            self._every_route = _RouteView(self._everywhere())
        return self._every_route

    def link(self, draft: Draft) -> ClientCall:
        # Keyed by the draft object, kept alive here so that its id is not reused:
        # `ClientFinder.find` asks `lands` and `routed` of drafts it then hands on to be
        # linked (gen-1000: 650 of 2,289 links asked again).
        known = self._linked.get(id(draft))
        if known is not None and known[0] is draft:
            return known[1]
        call = self._link_draft(draft)
        self._linked[id(draft)] = (draft, call)
        return call

    def _link_draft(self, draft: Draft) -> ClientCall:
        self._undeployed_call = (
            self._everywhere is not None and draft.where.path in self._undeployed
        )
        candidates = _candidates(draft)
        if candidates and not self._hint(draft):
            return self._link_each(draft, candidates)
        if draft.in_process:
            return self._in_process(draft)
        relative = not _SCHEME.match(display(draft.url)) and not (draft.url and draft.url[0].param)
        template = _after_page_origin(_joined(draft.base, draft.url) if relative else draft.url)
        url = display(template)
        links, problem, external = self._targets(draft, url, template)
        return ClientCall(
            draft.where, draft.service, draft.caller, draft.client, draft.method, shown(url),
            links, problem, external, draft.through,
        )  # fmt: skip

    def _in_process(self, draft: Draft) -> ClientCall:
        """A call handed to an app in this process (`TestClient(app)`, an httpx client on
        `transport=ASGITransport(app=app)`, supertest's `request(app)`, Fastify's
        `app.inject()`, Hono's `app.request()`): no network seam, whatever host its URL names
        (`http://testserver`). Linked to the route that takes its path of the service whose
        code the app is (`Draft.app_service`: another's imported, else the caller's own); a
        path a letter or two from one is a typo (SC104), where that app's code is found. Any
        other stays unresolved, saying it is in-process: the app handed to the client may be
        another of the process (a sub-app, a test's stub) than the one whose routes the
        service declares, and one whose code is not found (a parameter, an import seamcheck
        cannot follow) another service's."""
        service = draft.app_service or draft.service
        template = draft.url
        relative = not _SCHEME.match(display(template)) and not (template and template[0].param)
        if relative and draft.base:
            # `TestClient(app, base_url="http://testserver/api")`: whatever host it names,
            # the app; but the path it ends in starts each path the app is sent.
            template = _joined(draft.base, template)
        url = display(template)
        why = f"{draft.in_process} calls the app in this process, not a service over the network"
        path: str | None = None
        tail = _open_tail(template)
        if tail:
            known = shown(display(template[:tail]))
            note = template[tail].note or f"'{template[tail].text}' is not known"
            why += f"; the path after '{known}' is not known before run time: {note}"
        elif _SCHEME.match(url):
            parts = split_url(url)
            if parts is not None and "{" not in parts.host:
                path = _path_of(parts.path or "/")
            else:
                why += f"; {_unknown_origin(template, url)}"
        elif url.startswith("/"):
            path = _path_of(url)
        else:
            note = _first_note(template) or shown(url) or _own_address(url)
            why += f"; its {_NOT_KNOWN}{note}"
        links: tuple[Link, ...] = ()
        if path is not None:
            how = f"in process ({draft.in_process})"
            link = self._link(service, draft.method, path, how=how)
            have = segments(link.path)
            typo = bool(draft.app_service and link.suggestions) and (
                _distance(draft.method, have, link.suggestions[0]) <= _TYPO_DISTANCE
            )
            if link.status == "linked" or (link.status == "broken" and typo):
                links = (link,)
            elif link.status == "broken":
                if not draft.app_service:
                    why += "; the app it is handed is not found in the repository's code"
                why += f"; no route of '{service}' seamcheck reads takes {link.path}"
            else:
                why += f"; {link.doubt}"
        return ClientCall(
            draft.where, draft.service, draft.caller, draft.client, draft.method, shown(url),
            links, "" if links else why, False, draft.through,
        )  # fmt: skip

    def _link_each(self, draft: Draft, candidates: list[tuple[Draft, str, str]]) -> ClientCall:
        """A call whose URL holds a value the places running its service disagree on
        (`Part.choices`), checked with each: linked where each lands on a route, broken
        where each is broken, else unsure, saying which value does not land. The branches
        of a conditional the code writes are each a value it sends: where each lands on a
        service, the call is linked to the routes taking one and broken for the others."""
        first = draft.url[0] if draft.url else None
        relative = not (first and first.param) and not _SCHEME.match(display(draft.url))
        url = shown(display(_joined(draft.base, draft.url) if relative else draft.url))
        calls = [(self.link(each), label, note) for each, label, note in candidates]
        links: tuple[Link, ...] = ()
        problem, external = "", False
        made = [call for call, _, _ in calls]
        agree = any(all(_all(call, status) for call in made) for status in ("linked", "broken"))
        paired = _paired_with_method(draft, calls)
        if paired:
            problem = paired
        elif agree or (_branches(draft) and _each_lands(made)):
            unique = {_landing_key(link): link for call in made for link in call.links}
            links = tuple(unique.values())
        elif all(call.external and not call.links for call, _, _ in calls):
            external = True
        else:
            call, label, note = next(c for c in calls if not _all(c[0], "linked"))
            problem = f"{_NOT_KNOWN}{note}; with {label}, {_outcome(call)}"
        return ClientCall(
            draft.where, draft.service, draft.caller, draft.client, draft.method, url,
            links, problem, external, draft.through,
        )  # fmt: skip

    def lands(self, draft: Draft) -> bool:
        """Whether the call reaches a service of the repository or a host outside it, so
        that what it requests can be checked as written."""
        call = self.link(draft)
        return bool(call.links) or call.external

    def routed(self, draft: Draft) -> bool:
        """Whether the call matches a route of a service of the repository."""
        return any(link.status == "linked" for link in self.link(draft).links)

    def _hint(self, draft: Draft) -> str:
        """The service a `seamcheck: calls` comment names for the call: on its line or the
        one before, else on a wrapper call it goes through, the client call last."""
        for where in (draft.where, *draft.through):
            hinted = self.hints.get((where.path, where.line)) or self.hints.get(
                (where.path, where.line - 1)
            )
            if hinted:
                return hinted
        return ""

    def _targets(self, draft: Draft, url: str, template: Template) -> _Outcome:
        hinted = self._hint(draft)
        if hinted:
            unknown = self._unknown_hint(hinted)
            if unknown:
                return (), unknown, False
            return (self._hinted(hinted, draft.method, url, template),), "", False
        local = _LOCAL_SCHEME.match(url)
        if local:
            # Not a request to any host: no service to link, nothing unsure about it.
            return (), f"a {local.group(1).lower()}: URL is read in place, not served", True
        index = _open_tail(template)
        if index:  # at 0 nothing of the URL is known: said below
            tail = template[index]
            known = shown(display(template[:index]))
            why = tail.note or f"'{tail.text}' is not known"
            return (), f"the path after '{known}' is not known before run time: {why}", False
        if _SCHEME.match(url):
            return self._absolute(draft, url, template)
        if url.startswith("//"):
            # A network-path reference (`//cdn.example.com/lib.json`) names its host, taken
            # with the page's scheme: no path of the page's origin.
            return self._absolute(draft, f"http:{url}", template)
        if url.startswith("/"):
            if draft.app_id:
                return self._dapr(draft.app_id, draft.method, url)
            if draft.service in self.browsers:
                return self._through_proxies(draft, url)
            if draft.service in self.same_origin or draft.where.path in self.own_pages:
                return self._same_origin(draft, url)
            return (), f"relative URL '{shown(url)}' with no base URL", False
        if template and template[0].param and draft.where.path in self.own_pages:
            served = self._after_page_base(draft, template)
            if served:
                return served, "", False
        from_root = _from_site_root(url, template)
        if from_root:
            return self._relative_to_page(draft, url, from_root)
        why = _first_note(template) or shown(url) or _own_address(url)
        return (), f"{_NOT_KNOWN}{why}", False

    def _relative_to_page(self, draft: Draft, url: str, path: str) -> _Outcome:
        """A URL relative to the page (`fetch('api/predict')`), resolved by the browser
        against the address of the page making the call: taken from the site's root, as a
        page's `<base href>` is. Only a route found there counts: the page may be served
        below the root (`/app/`), so a path no route takes stays unsure, never broken."""
        if draft.service in self.browsers:
            links, _, _ = self._through_proxies(draft, path)
        elif draft.service in self.same_origin or draft.where.path in self.own_pages:
            links, _, _ = self._same_origin(draft, path)
        else:  # Node's fetch, axios and requests have no page to resolve it against
            return (), f"relative URL '{shown(url)}' with no base URL", False
        if links and all(link.status == "linked" for link in links):
            how = "relative to the page, from the site's root"
            return tuple(replace(link, how=f"{link.how}, {how}" if link.how else how)
                         for link in links), "", False  # fmt: skip
        why = "is resolved against the address of the page making the call, and no route "
        return (), f"relative URL '{shown(url)}' {why}takes it from the site's root", False

    def _after_page_base(self, draft: Draft, template: Template) -> tuple[Link, ...]:
        """A page a Python web app serves itself asking `url_prefix() + '/api/workers'` or
        `base_url + '/api/x'`: a base not known before run time, mostly the prefix the app
        is served under, which its routes are served under too. The app's routes taking the
        path after the base, when some do. Only a route found counts: the base may also end
        in a path or be another origin, so a path no route takes stays unsure, never
        broken."""
        path, doubt, _ = _after_base(template)
        if doubt:
            return ()
        links, _, _ = self._same_origin(draft, path)
        how = "after a base not known before run time"
        return tuple(
            replace(link, how=f"{link.how}, {how}" if link.how else how)
            for link in links
            if self._assumed_own(draft, link)
        )

    def _unknown_hint(self, hinted: str) -> str:
        """Why a `seamcheck: calls NAME` comment's NAME is no service ("" when it is one): a
        misspelt name said "declares no route", sending the user to a service not there."""
        services = sorted(s.name for s in self.hosts.project.services)
        if hinted in services:
            return ""
        known = ", ".join(services[:_MAX_NAMED_SERVICES])
        more = ", ..." if len(services) > _MAX_NAMED_SERVICES else ""
        return f"`seamcheck: calls {hinted}` names no service (services: {known}{more})"

    def _hinted(self, service: str, method: str, url: str, template: Template) -> Link:
        """Where a call a `seamcheck: calls` comment sends to `service` lands. A URL whose
        base is not known is taken from the path after it (`_after_base`); where that may
        not be the path the service receives, a call no route matches is unsure, not broken,
        unless no route could take it whatever the base adds."""
        how = "seamcheck: calls"
        if not (template and template[0].param):
            return self._link(service, method, _path_of(url), how=how)
        path, doubt, kind = _after_base(template)
        link = self._link(service, method, path, how=how)
        if not doubt or link.status not in ("linked", "broken"):
            return link
        if kind and link.status == "linked":
            return link  # a route takes the path as it most likely is
        # The link is linked or broken: it has routes, in the view that decided it.
        view = self._undeployed_view() if self._undeployed_call else self._deployed
        routes = view.by_service[service]
        if kind == _PREFIXED and not routes.a_route_ends_with(method, segments(link.path)):
            return link  # broken whatever path the base may end in
        return replace(link, status="unsure", route=None, suggestions=(), unknown_path=doubt)

    def _absolute(self, draft: Draft, url: str, template: Template) -> _Outcome:
        parts = split_url(url)
        if parts is not None and not parts.host:
            return (), _no_host(template, url), False
        if parts is None or "{" in parts.host or "{" in url.split("/", 3)[2]:
            looped = self._on_loopback(draft, template)
            if looped:
                return looped, "", False
            return (), _unknown_origin(template, url), False
        path = _path_of(parts.path) if parts.path else "/"
        invoke = _DAPR_INVOKE.match(path)
        if invoke:
            return self._dapr(invoke.group(1), draft.method, invoke.group(2) or "/")
        if draft.app_id:
            return self._dapr(draft.app_id, draft.method, path)
        key = (parts.host, parts.port, draft.service)
        answer = self._answers.get(key)
        if answer is None:
            # Many calls name the same host (gen-10000: 18,214 calls, 1,555 hosts and
            # callers), each asking the same of the host map.
            answer = self._answers[key] = self.hosts.service_for(*key)
        if answer.external:
            sites = self.hosts.public_sites(parts.host, parts.port)
            if sites:
                return self._through_sites(draft, parts.host, path, sites)
        if not answer.service:
            return (), answer.problem, answer.external
        link = self._link(
            answer.service, draft.method, path, how=answer.how, port=answer.wrong_port
        )
        return (link,), "", False

    def _on_loopback(self, draft: Draft, template: Template) -> tuple[Link, ...]:
        """`http://127.0.0.1:${port}/x`: a server on the caller's machine at a port known
        only at run time, as a test starts its own service on a free port, or a script
        beside its server. The caller's own route for the path, when one takes it (`_local`
        chooses the caller too where several services listen on a known port). Only a route
        found counts: another server may listen there, so a path the caller does not serve
        stays unsure, never broken."""
        if len(template) < 2 or template[0].param or not template[1].param:
            return ()
        if not _LOOPBACK.match(template[0].text):
            return ()
        rest = template[2:]
        if rest and (rest[0].param or not rest[0].text.startswith("/")):
            return ()  # the port may go on, or the path start, with what follows
        how = "loopback at a port known at run time: the caller's own"
        link = self._link(draft.service, draft.method, _path_of(display(rest) or "/"), how=how)
        return (link,) if self._assumed_own(draft, link) else ()

    def _assumed_own(self, draft: Draft, link: Link) -> bool:
        """Whether a call linked on the assumption that it goes to the caller's own server
        (`_on_loopback`, `_after_page_base`) may keep that link: its route names some of the
        path in words (`_named`), it is not the route whose handler makes the call
        (which would call itself forever: it forwards to another server, a gateway's proxy
        route), and no other service has a route naming the path in words too (which of
        them listens there is not known; a catch-all, a proxy's `/{*}`, says nothing)."""
        if link.status != "linked" or link.route is None or not _named(link.route):
            return False
        handler = link.route.handler
        if handler and (draft.caller == handler or draft.caller.startswith(f"{handler}.")):
            return False
        for service in self._deployed.by_service:
            if service != link.service:
                status, route, *_ = self._landing(self._deployed, (service, link.method, link.path))
                if status == "linked" and route is not None and _named(route):
                    return False
        return True

    def _through_sites(
        self, draft: Draft, host: str, path: str, sites: list[list[Proxy]]
    ) -> _Outcome:
        """A call to a public host that the repository's routing objects (Ingress,
        HTTPRoute, ...) or nginx server blocks serve: where each sends it. One that none
        takes is not known to land anywhere: the host may serve more than these."""
        links, problems = self._through_blocks(draft, path, sites)
        if links:
            return tuple(links), "", False
        if problems:
            return (), "; ".join(problems), False
        return (), f"none of the repository's proxies for host '{host}' forwards '{path}'", False

    def _same_origin(self, draft: Draft, url: str) -> _Outcome:
        """A full-stack app's (Next.js) relative URL, fetched by its pages from the origin
        that served them, as is one of a page a Python web app serves itself (no proxy in
        front of it: `pagescripts`). One link per deployment path: through each nginx in
        front of the app (`HostMap._fronting`; a path nginx sends back to the app is the
        app's own), and on the app's own server, which serves its own route, else forwards
        by its rewrites (`beforeFiles` first, before its own routes). With an nginx in front,
        the app's server alone (a dev server) counts only where it serves or forwards the
        path."""
        path = _path_of(url)
        proxies = self.hosts.proxies.get(draft.service, [])
        fronted, forwarded = self._proxied(draft, path) if proxies else ([], [])
        if fronted and pass_through(path, [p for p in proxies if p.kind == "nuxt"]):
            # A Nuxt `routeRules` proxy forwards the path before the app's own routes and
            # server middleware see it.
            return tuple(fronted), "", False
        own = self._on_own_server(draft, path)
        if isinstance(own, Link):
            if own.status == "broken" and not own.via and not fronted and forwarded:
                # A proxy of the app (its Vite dev server's) takes the path, to a service
                # seamcheck cannot tell: the app's own server is not where it goes.
                return (), "; ".join(forwarded), False
            if not fronted or own.status in ("linked", "unsure") or own.via:
                return (*fronted, own), "", False
            return tuple(fronted), "", False
        return (tuple(fronted), "", False) if fronted else ((), own, False)

    def _on_own_server(self, draft: Draft, path: str) -> Link | str:
        """Where the app's own server sends `path`, or why that is not known."""
        rewrites = self.hosts.rewrites.get(draft.service, Rewrites())
        for rule in rewrites.before:
            if rule.forward(path) is not None:
                return self._rewritten(draft, rule, path)
        own = self._link(draft.service, draft.method, path, how="same origin")
        if own.status in ("linked", "unsure"):
            return own
        for rule in rewrites.after:
            if rule.forward(path) is not None:
                return self._rewritten(draft, rule, path)
        if rewrites.unread:
            return f"relative URL '{path}': {rewrites.unread} may forward it"
        return own

    def _rewritten(self, draft: Draft, rule: Rewrite, path: str) -> Link | str:
        forwarded = rule.forward(path) or path
        service, how = draft.service, "same origin"
        if rule.target:
            target = split_url(rule.target)
            answer = self.hosts.service_for(target.host, target.port) if target else None
            if answer is None or not answer.service:
                why = answer.problem if answer is not None else "not a URL"
                return f"{rule.label} ({rule.where}) forwards to {rule.target}: {why}"
            service, how = answer.service, answer.how
            return self._link(service, draft.method, forwarded, rule.label, rule.where, how,
                              answer.wrong_port)  # fmt: skip
        return self._link(service, draft.method, forwarded, rule.label, rule.where, how)

    def _dapr(self, app_id: str, method: str, path: str) -> _Outcome:
        service = self.hosts.app_id(app_id)
        if not service:
            return (), f"Dapr app id '{app_id}' names no service", False
        return (self._link(service, method, path, how=f"Dapr app id '{app_id}'"),), "", False

    def _through_proxies(self, draft: Draft, url: str) -> _Outcome:
        path = _path_of(url)
        links, problems = self._proxied(draft, path)
        if links:
            return tuple(links), "", False
        problem = "; ".join(problems) or (
            f"relative URL '{path}' from browser app '{draft.service}' and no proxy "
            "(vite server.proxy, package.json proxy, nginx location) forwards it"
        )
        return (), problem, False

    def _proxied(self, draft: Draft, path: str) -> tuple[list[Link], list[str]]:
        """Where the app's proxies send a relative call, and why those that take it to a
        service seamcheck cannot tell do not land."""
        links: list[Link] = []
        problems: list[str] = []
        serving = self._serving.get(draft.service)
        if serving is None:
            serving = self._serving[draft.service] = self._serving_blocks(draft.service)
        # The Python app serving the page (`staticserve`) takes every path, so it is a way
        # only for calls no proxy takes: where nginx also serves the page and sends `/ml/`
        # to another service, `/ml/predict` is not a call to the app (a false SC104 before).
        for blocks in sorted(serving, key=lambda blocks: blocks[0][0].kind == "backend"):
            if links and blocks[0][0].kind == "backend":
                break
            found, why = self._through_blocks(draft, path, blocks)
            problems.extend(why)
            links.extend(_one_per_landing(found, draft.service, blocks[0][0].kind))
        return links, problems

    def _through_blocks(
        self, draft: Draft, path: str, blocks: list[list[Proxy]]
    ) -> tuple[list[Link], list[str]]:
        """Where each block sends the call, and why those whose service is not known do not."""
        links: list[Link] = []
        problems: list[str] = []
        for proxies in blocks:
            outcome = self._through_block(draft, path, proxies)
            if isinstance(outcome, Link):
                links.append(outcome)
            elif outcome:
                problems.append(outcome)
        return links, problems

    def _through_block(self, draft: Draft, path: str, proxies: list[Proxy]) -> Link | str:
        """Where one proxy file (one nginx server block, one Ingress host) sends the call: a
        link, why the service it forwards to is not known, or "" when it forwards nowhere
        else."""
        passage = pass_through(path, proxies)
        if passage is None:
            return ""
        proxy, forwarded = passage.proxy, passage.path
        answer = self.hosts.proxy_target(proxy)
        if answer is None:
            return ""  # served by nginx itself, or a proxy_pass of variables
        if not answer.service:
            return f"{proxy.label} ({proxy.where}) forwards to {proxy.target}: {answer.problem}"
        if answer.service == draft.service:
            return ""  # the front end's own static files
        if passage.doubt and answer.wrong_port is None:
            return Link(answer.service, draft.method, normalise(forwarded), "unsure",
                        via=proxy.label, via_where=proxy.where, how=answer.how,
                        unknown_path=passage.doubt)  # fmt: skip
        return self._link(answer.service, draft.method, forwarded, via=proxy.label,
                          via_where=proxy.where, how=answer.how,
                          port=answer.wrong_port)  # fmt: skip

    def _serving_blocks(self, app: str) -> list[list[list[Proxy]]]:
        """The proxies of each file that may serve the pages of `app`, each nginx
        `server` block and each Ingress host apart. Of an nginx file with several server
        blocks (one per host name), those that serve the app best (`_serving_rank`). A
        location of another host's block would send the call somewhere else (a false SC104
        before). Of the Ingress hosts, across all manifests, only those that route the app's
        page to it: pages loaded from elsewhere (a CDN, another team's Ingress) do not send
        their relative calls through one."""
        by_block: dict[tuple[str, str, int, str], list[Proxy]] = {}
        for proxy in self.hosts.proxies.get(app, []):
            # Ingress objects for one host are one configuration, whichever file holds them.
            file = "" if proxy.kind == "ingress" else proxy.where.path
            key = (proxy.kind, file, proxy.server, proxy.host)
            by_block.setdefault(key, []).append(proxy)
        by_file: dict[tuple[str, str], list[list[Proxy]]] = {}
        for (kind, file, _, _), proxies in sorted(by_block.items()):
            by_file.setdefault((kind, file), []).append(proxies)
        kept: list[list[list[Proxy]]] = []
        for (kind, _), blocks in by_file.items():
            if kind == "ingress":
                serving = [b for b in blocks if self._serving_rank(app, b) == _SERVES]
                if serving:
                    kept.append(serving)
                continue
            ranks = [self._serving_rank(app, b) for b in blocks] if len(blocks) > 1 else [0]
            kept.append([b for b, rank in zip(blocks, ranks, strict=True) if rank == max(ranks)])
        return kept

    def _serving_rank(self, app: str, block: list[Proxy]) -> int:
        """How surely an nginx server block (or the Ingress rules of one host) serves the
        app, by what it does with `/`, the app's page: 2 serves files there (a location, or
        the block's own `root` when no location takes it) or proxies it to the app; 1 no
        location takes it (nginx's default files); 0 sends it to another service. A
        location for an ACME challenge or nginx's status says nothing of the app."""
        front = pass_through("/", block)
        if front is None:
            return _SERVES if block[0].server_root else 1
        if not front.proxy.target:
            return _SERVES
        answer = self.hosts.proxy_target(front.proxy)
        return _SERVES if answer is not None and answer.service == app else 0

    def _link(
        self,
        service: str,
        method: str,
        path: str,
        via: str = "",
        via_where: Where | None = None,
        how: str = "",
        port: WrongPort | None = None,
    ) -> Link:
        """Where a call to `service` lands; broken whatever its path when it names a `port`
        the service does not listen on."""
        normal = self._normal.get(path)
        if normal is None:  # many calls request the same path (gen-10000: 18,010 calls, 293 paths)
            normal = self._normal[path] = normalise(path)
        if port is not None:
            return Link(service, method, normal, "broken", via=via, via_where=via_where,
                        how=how, wrong_port=port)  # fmt: skip
        key = (service, method, normal)
        landing = self._landing(self._deployed, key)
        if self._undeployed_call and landing[0] != "linked":
            # A test's or an example's call lands on what the deployed service serves, else
            # on the tests' stubs and example apps: reading those costs a second pass over
            # the routes, only then.
            landing = self._landing(self._undeployed_view(), key)
        status, route, suggestions, unread, doubt = landing
        return Link(
            service, method, normal, status, route, via, via_where, how, suggestions, unread,
            doubt,
        )  # fmt: skip

    def _landing(self, view: _RouteView, key: tuple[str, str, str]) -> _Landing:
        landing = view.landings.get(key)
        if landing is None:
            landing = view.landings[key] = self._land(view, *key)
        return landing

    def _land(self, view: _RouteView, service: str, method: str, normal: str) -> _Landing:
        routes = view.by_service.get(service)
        have = segments(normal)
        fitting = [r for r in routes.matching(have) if _method_fits(method, r)] if routes else []
        if fitting:
            # A websocket's own route before a GET one at the same path (FastAPI's page and
            # its `@app.websocket`).
            # A route that takes the call's value as a parameter before one that needs it to
            # be a word of its own: `GET /chats/{id}/tags` is `/{id}/tags`, not `/all/tags`.
            # A catch-all after a route matching segment by segment (`best_route`).
            best = best_route(method, have, fitting)
            return "linked", best, (), (), ""
        builtin = view.builtin.get(service)
        served = builtin.matching(have) if builtin is not None else []
        fitting = [r for r in served if _method_fits(method, r)]
        if fitting:
            return "linked", fitting[0], (), (), ""
        if routes is None:
            return "no_routes", None, (), (), ""
        unread = routes.may_serve(method, normal)
        if not unread and method == WS and not routes.websockets:
            return "unsure", None, (), (), _no_websocket_route(service)
        if not unread and method == SIO and not routes.socketio:
            return "unsure", None, (), (), _no_socketio_server(service)
        if not unread and method == SIO:
            # Pointed at the service's socket.io connections only, never at a plain route.
            near = [r for r in _suggestions(routes, method, have) if r.method == SIO]
            return "broken", None, nearest_first(normal, near), (), ""
        if not unread:
            return "broken", None, _suggestions(routes, method, have), (), ""
        if method not in (WS, SIO) and all(
            not known_start(r.head) and not r.tail.strip("/") for r in unread
        ):
            # A route that may serve any path (`app.get(r.path)`, an unanchored regular
            # expression) says nothing of this call; a route a letter or two away says typo.
            # (A websocket server that may take any path, `noServer`, is no such guess: its
            # `upgrade` handler chooses.)
            nearest = routes.nearest(method, have)
            if nearest and _distance(method, have, nearest[0]) <= _TYPO_DISTANCE:
                return "broken", None, _suggestions(routes, method, have), (), ""
        return "unsure", None, (), unread, ""


def _named(route: Route) -> bool:
    """Whether a route names some of the paths it takes in words, as a call linked on an
    assumption of where it goes (the caller's own server, `Linker._assumed_own`) needs: one
    of parameters alone (`/{page}`, a catch-all) takes any path of its length, which says
    nothing of where the call goes."""
    words = segments(route.path)
    return not words or not all(is_param(word) for word in words)


def best_route(method: str, have: Sequence[str], fitting: Sequence[Route]) -> Route:
    """Of the routes matching a call, the one taking it (see `Linker._land`). A catch-all
    (`/api/{_:path}`, answering 404 or the app's page) comes after a route matching segment
    by segment, however many parameters that one has, unless the catch-all's own path is the
    more specific where the two part: `/files/{p:path}` takes `/files/readme` before
    `/{owner}/{repo}`, as file routers rank them. Of catch-alls, the most specific path,
    segment by segment (the one under the longest path first)."""

    def rank(r: Route) -> tuple[int, int, bool, bool, str]:
        return (
            _guessed_words(have, r.path),
            r.path.count("{"),
            r.method == ANY,
            method == WS and r.method != WS,
            r.path,
        )

    plain = [r for r in fitting if CATCH_ALL not in segments(r.path)]
    swallowing = [r for r in fitting if CATCH_ALL in segments(r.path)]
    best = min(plain, key=rank, default=None)
    if not swallowing and best is not None:
        return best
    catch_all = min(swallowing, key=lambda r: (rank(r)[0], _kinds(r.path), rank(r)))
    if best is None:
        return catch_all
    return best if _before_catch_all(have, best, catch_all) else catch_all


def _kinds(route: str) -> tuple[int, ...]:
    """A route's segments as file routers rank them: a word 0, a parameter 1, a catch-all 2."""
    return tuple(2 if s == CATCH_ALL else 1 if is_param(s) else 0 for s in segments(route))


def _before_catch_all(have: Sequence[str], plain: Route, catch_all: Route) -> bool:
    """Whether a route matching the call segment by segment takes it before a catch-all: it
    writes out fewer of the call's unknown values as words, or as many and is as specific
    up to where the catch-all starts (a word where the catch-all has a word)."""
    guessed = (_guessed_words(have, plain.path), _guessed_words(have, catch_all.path))
    if guessed[0] != guessed[1]:
        return guessed[0] < guessed[1]
    kinds = _kinds(catch_all.path)
    start = kinds.index(2)
    return _kinds(plain.path)[:start] <= kinds[:start]


def _guessed_words(have: Sequence[str], route: str) -> int:
    """How many of the call's values not known before run time the route matches only when
    they are one word it writes out."""
    return sum(
        1
        for mine, theirs in zip(have, segments(route), strict=False)
        if is_param(mine) and not is_param(theirs)
    )


def _no_websocket_route(service: str) -> str:
    """Why a websocket call that no route of a service takes is not broken: the service
    declares no websocket route seamcheck reads, so it may serve websockets in a way it does
    not read (a NestJS gateway, Django Channels, a raw `upgrade` handler)."""
    return (
        f"'{service}' declares no websocket route seamcheck reads, and none of its routes "
        "takes a websocket at that path; a websocket server seamcheck does not read may serve it"
    )


def _no_socketio_server(service: str) -> str:
    """Why a Socket.IO connection to a service is not known to be broken: it runs no
    socket.io server seamcheck reads (one of a NestJS gateway, attached in a way it does not
    read, or of another library)."""
    return (
        f"'{service}' runs no socket.io server seamcheck reads; one it does not read may take "
        "the connection"
    )


_NOT_KNOWN = "URL is not known before run time: "
_MAX_CHOICES = 2  # values not agreed on a URL may hold, each checked with the others'


def _candidates(draft: Draft) -> list[tuple[Draft, str, str]]:
    """The call with each value of the first part of its base URL or URL that has
    `choices`, what says where that value is set and the part's note; none when no part
    has, or more than `_MAX_CHOICES` do (too many ways to check)."""
    marked = [p for p in (*draft.base, *draft.url) if p.choices]
    if not marked or len(marked) > _MAX_CHOICES:
        return []
    part = marked[0]
    found: list[tuple[Draft, str, str]] = []
    for value, label in part.choices:
        if part in draft.base:
            each = replace(draft, base=_put(draft.base, part, value))
        else:
            each = replace(draft, url=_put(draft.url, part, value))
        found.append((each, label, part.note))
    return found


def _put(template: Template, part: Part, value: Template) -> Template:
    """`template` with `value` in the place of `part`."""
    at = template.index(part)
    return (*template[:at], *value, *template[at + 1 :])


def _choosing(draft: Draft) -> Part:
    """The part `_candidates` checks the call with each value of."""
    return next(p for p in (*draft.base, *draft.url) if p.choices)


def _branches(draft: Draft) -> bool:
    """Whether the part `_candidates` checks the call with each value of is a conditional's."""
    return _choosing(draft).branches


def _paired_with_method(draft: Draft, calls: list[tuple[ClientCall, str, str]]) -> str:
    """For a conditional a name holds, where one branch links and another is served only for
    another method: that branch and the method, else "". The code may choose the method by
    the same condition (`if (id) put(url) else post(url)` of `url = id ? one : all`): unsure,
    not broken. Written in the call, the conditional is sent with the call's one method."""
    if not _choosing(draft).held or not any(_all(call, "linked") for call, _, _ in calls):
        return ""
    for call, label, note in calls:
        for link in call.links:
            same = [r for r in link.suggestions if matches(link.path, r.path)]
            if link.status == "broken" and same:
                served = ", ".join(sorted({r.method for r in same}))
                return (
                    f"{_NOT_KNOWN}{note}; with {label}, '{link.service}' serves "
                    f"{same[0].path} for {served} only, a method the code may choose by the "
                    "same condition"
                )
    return ""


def _each_lands(calls: list[ClientCall]) -> bool:
    """Whether each call lands on a service (each link linked or broken) or on a host outside
    the repository, and one on a service."""
    on_routes = [c for c in calls if c.links]
    landed = all(link.status in ("linked", "broken") for c in on_routes for link in c.links)
    return bool(on_routes) and landed and all(c.links or c.external for c in calls)


def _all(call: ClientCall, status: str) -> bool:
    """Whether the call has links, each of `status`."""
    return bool(call.links) and all(link.status == status for link in call.links)


def _landing_key(link: Link) -> tuple[object, ...]:
    return (link.service, link.method, link.path, link.status, link.route, link.via)


def _outcome(call: ClientCall) -> str:
    """What becomes of a call checked with one value: why it lands nowhere, or where a link
    of it is not linked."""
    if not call.links:
        return call.problem.removeprefix(_NOT_KNOWN) or "it lands nowhere"
    link = next(link for link in call.links if link.status != "linked")
    if link.wrong_port is not None:
        return f"'{link.service}' is {link.port_problem}"
    if link.status == "broken":
        return f"'{link.service}' serves no {link.method} {link.path}"
    return f"{link.method} {link.path} on '{link.service}': {link.doubt}"


def _one_per_landing(links: list[Link], app: str, kind: str) -> list[Link]:
    """The links of one proxy file's server blocks (of `kind`'s proxies), each landing once
    (a block for http and one for https say the same). When the blocks send the call to
    different places, which of their hosts serves the app is not known: none of those links
    is broken."""
    unique: dict[tuple[str, str, str, str], Link] = {}
    for link in links:
        unique.setdefault((link.service, link.path, link.status, link.unknown_path), link)
    landings = sorted({f"{link.service} {link.path}" for link in unique.values()})
    if len(landings) < 2:
        return list(unique.values())
    file = links[0].via_where.path if links[0].via_where is not None else "the proxy file"
    blocks = "the Ingress hosts" if kind == "ingress" else f"the nginx server blocks of {file}"
    doubt = (
        f"{blocks} send it to different places "
        f"({', '.join(landings)}); which of them serves '{app}' is not known"
    )
    return [
        replace(link, status="unsure", route=None, suggestions=(), unknown_path=doubt)
        if link.status == "broken"
        else link
        for link in unique.values()
    ]


def shown(url: str) -> str:
    """A URL as findings and listings show it: without its query, fragment and user:password,
    which say nothing of where a call goes and often hold a token or a key."""
    url = _USERINFO.sub(r"\1", url, count=1)
    return url.split("?", 1)[0].split("#", 1)[0]


# What `_after_base` knows of the path the service receives: the path may follow a prefix in
# the base, or its start (or all of it) is not known.
_PREFIXED, _START_UNKNOWN = "prefixed", "start unknown"


def _after_base(template: Template) -> tuple[str, str, str]:
    """The path of a URL whose base, its leading parameters, is not known: what follows
    them (and the rest of an origin they start, `${host}:${port}/x`), taken as the path the
    service receives. With why that may not be so ("" when it is) and what is known of it:
    one parameter is an origin, as `MODEL_URL` is, but of more (`${host}${prefix}/x`) the
    later ones may end in a path (`_PREFIXED`); a path that follows without a slash
    (`${base}api/x`) may continue the base's last segment (`_START_UNKNOWN`); with no text
    after the parameters, the path is not known at all ("")."""
    run = 0
    while run < len(template) and template[run].param:
        run += 1
    base, rest = template[:run], template[run:]
    rest, origin = _after_origin(rest)
    if origin and not rest:
        return "/", "", ""
    if not rest or rest[0].param:
        unknown = rest[0] if rest else base[-1]
        return _path_of(display(rest[:1] or base[-1:])), _not_known("the path", unknown), ""
    path = _path_of(display(rest))
    if not rest[0].text.startswith("/") or rest[0].text.startswith("//"):
        return path, _not_known("where the path starts", base[-1]), _START_UNKNOWN
    if len(base) > 1 and not origin:
        may = f"the path may start with '{display(base[1:])}', which"
        return path, _not_known(may, base[-1]), _PREFIXED
    return path, "", ""


def _after_origin(rest: Template) -> tuple[Template, bool]:
    """What follows an unknown base when the text after it shows the base is only part of
    an origin (`${host}:${port}/x`, `${host}:8000/x`, `${scheme}://${host}/x`), and whether
    it did: the base then holds no path."""
    if not rest or rest[0].param or not rest[0].text.startswith(":"):
        return rest, False
    text = rest[0].text
    separator = "://" if text.startswith("://") else ":"
    slash = text.find("/", len(separator))
    if slash >= 0:
        after = text[slash:]
        return ((Part(after), *rest[1:]), True) if not after.startswith("//") else (rest, False)
    if text == separator and len(rest) > 1 and rest[1].param:  # an unknown host or port
        return _after_origin(rest[2:])[0], True
    return rest[1:], True  # the origin ends here, and a path not known may follow


def _unknown_origin(template: Template, url: str) -> str:
    """Why an absolute URL whose origin holds a value not known before run time is not
    followed, naming what that value leaves unknown: after a port (`http://ml:8000${PREFIX}`)
    it starts the path, after a colon it is the port, otherwise the host may end in it."""
    first = next((i for i, part in enumerate(template) if part.param), None)
    origin = _KNOWN_HOST.match(display(template[:first])) if first is not None else None
    if first is None or origin is None:
        note = _first_note(template) or shown(url)  # a variable written in a value
        return f"host is not known before run time: {note}"
    known = shown(origin.group(0))
    if origin.group("port"):
        return _not_known(f"the start of the path after '{known}'", template[first])
    return _not_known(f"the port of '{known.rstrip(':')}'", template[first])


def _no_host(template: Template, url: str) -> str:
    """Why a URL written with an empty host (`https:///oauth/token`) goes nowhere known: the
    value that left it empty, an environment variable read with an empty default
    (`f"https://{os.environ.get('DOMAIN', '')}/oauth/token"`), is set at run time."""
    empty = next((p.note for p in template if not p.param and not p.text and p.note), "")
    return f"host is not known before run time: {empty or f'{shown(url)} names no host'}"


def _not_known(what: str, part: Part) -> str:
    why = part.note or f"'{part.text}' is not known"
    return f"{what} is not known before run time: {why}"


def _method_fits(call: str, route: Route | UnreadRoute) -> bool:
    """Whether a route answers a call's method: as declared, or as its framework answers
    HEAD on a GET route and OPTIONS on any (`frameworks.HEAD_WITH_GET`). A websocket's
    handshake is a GET: it may be upgraded by a GET route's handler (aiohttp's
    `WebSocketResponse`, Fastify's `{ websocket: true }`), but not where websockets have
    routes of their own (`frameworks.WEBSOCKETS_APART`: FastAPI refuses it, 403); a websocket
    route answers nothing else (FastAPI 404, express-ws 404, Flask-Sock 400)."""
    declared = route.method
    if SIO in (call, declared):  # Socket.IO's own protocol: a connection, nothing else
        return call == declared
    if not call or declared == ANY or call == declared:
        return True
    if WS in (call, declared):
        return call == WS and declared == "GET" and route.framework not in WEBSOCKETS_APART
    if call == "HEAD":
        return declared == "GET" and route.framework in HEAD_WITH_GET
    return call == "OPTIONS" and (route.framework in OPTIONS_EVERYWHERE or route.options)


def _path_of(url: str) -> str:
    """The path of a URL or of a relative reference, without query or fragment."""
    if _SCHEME.match(url):
        parts = split_url(url)
        url = parts.path if parts is not None else url
    url = url.split("?", 1)[0].split("#", 1)[0]
    return url if url.startswith("/") else "/" + url
