"""Outbound calls: HTTP client libraries in both languages, recognised by the qualified name
the name binder gave each call (`requests.delete`, `axios.create().post`, `fetch`), with the
method, the URL template and the base URL of the client instance they were made on. A call
whose URL or method is a parameter of its function is made at each call of that function
(`wrappers.py`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from seamcheck.backrefs import weak_method
from seamcheck.facts import (
    RETURNED,
    Arg,
    Binding,
    Call,
    Definition,
    Piece,
    call_within,
    enclosing_scope,
    leaf_arg,
)
from seamcheck.project import BROWSER_FRAMEWORKS, Project, is_test_file
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.resolve.names import Ref
from seamcheck.seams.arguments import argument, value_given
from seamcheck.seams.codegen import GENERATED, REQUEST_FUNCTION, GeneratedClients, operation
from seamcheck.seams.frameworks import (
    ANGULARJS,
    CALL_BASE_OPTION,
    CLIENT_FACTORIES,
    CLIENT_FUNCTIONS,
    DEFAULT_METHOD,
    FASTIFY_INJECT,
    FULL_STACK,
    HONO_REQUEST,
    HTTP_METHODS,
    IN_PROCESS_CLIENTS,
    JQUERY,
    JQUERY_GLOBALS,
    JQUERY_LOAD,
    JUPYTERLAB,
    NUXT,
    NUXT_GLOBAL_CLIENTS,
    PATH_BASED_FACTORIES,
    SUPERTEST,
    TESTCLIENT,
    TORNADO,
    USE_FETCH,
)
from seamcheck.seams.handed import Handed, handed_keyword
from seamcheck.seams.heyapi import (
    BASE_OPTIONS,
    GENERATED_FILE,
    HeyApiClients,
    may_request,
    other_receiver,
)
from seamcheck.seams.injected import injected
from seamcheck.seams.kitfetch import KitFetch, may_fetch
from seamcheck.seams.model import Where
from seamcheck.seams.mutators import Entry, Mutator, Mutators
from seamcheck.seams.nesthttp import HttpModules
from seamcheck.seams.pagescripts import JQueryPages, names_page_jquery
from seamcheck.seams.values import (
    Given,
    Located,
    Part,
    Slot,
    Template,
    Values,
    assigned_more_than_once,
    display,
    last_entry,
    literal,
    parameter_names,
    slots_in,
)
from seamcheck.seams.wrappers import Caller, Wrappers

_URL_KEYWORDS = ("url", "uri", "path")
_BASE_OPTIONS = ("baseURL", "base_url", "prefixUrl")
# Clients whose `request` takes the method first: `session.request("POST", url)`,
# openapi-fetch's `client.request("post", "/predict", init)`.
_METHOD_FIRST = frozenset({"requests", "httpx", "aiohttp", "openapi-fetch", TESTCLIENT})
# Clients whose every call takes the method first.
_ALWAYS_METHOD_FIRST = frozenset({"openapi-react-query"})
_DAPR_HEADER = "dapr-app-id"
_REQUEST = "Request"  # the Fetch API's `new Request(url, init)`
_MAX_HOPS = 4
_NEST_HTTP = ("@nestjs/axios.HttpService()", "@nestjs/common.HttpService()")
_STATE = ".state."  # `app.state.client`, `request.state.client`
# Options whose entries are not known here: a name that holds no object literal, a value
# computed at run time.
_OPAQUE = frozenset({"name", "other"})
# Clients whose second argument is the request's init, which a wrapper may hand on as its
# caller gave it (`requestAPI(endPoint, init)`).
_HANDED_INIT = frozenset({"fetch", JUPYTERLAB})
# A segment no route names, standing for what a wrapper's callers give at the end of its URL:
# matched only by a route's parameter (digits, for one taking integers only).
_PROBE = "0"
_WHOLE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Draft:
    """A client call before its URL is mapped to a service."""

    where: Where
    service: str
    caller: str
    client: str
    method: str
    url: Template
    base: Template = ()
    app_id: str = ""  # Dapr `dapr-app-id` header
    # Made through wrapper functions: the calls between `where` (the call that gives the
    # URL) and the client call, which comes last.
    through: tuple[Where, ...] = ()
    # The parameters of the calling function that its URL, base URL or method is made of,
    # and whether its method is one of them.
    slots: frozenset[Slot] = frozenset()
    method_given: bool = False
    # How the call reaches an app in this process, not the network ("" when it does not):
    # `TestClient(app)`, `transport=ASGITransport`, ... (`Linker._in_process`), and the
    # service whose code that app is ("" when it is not found: a parameter, an import
    # seamcheck cannot follow).
    in_process: str = ""
    app_service: str = ""


def _spread_keywords(args: tuple[Arg, ...]) -> str | None:
    """The name of the dict a Python call spreads into its keyword arguments (`**settings`,
    "kwargs" when it is no plain name), None when it spreads none."""
    for arg in args:
        if arg.kind == "other" and arg.value == "**":
            named = arg.pieces[0] if len(arg.pieces) == 1 else None
            return named.value if named is not None and named.kind == "name" else "kwargs"
    return None


def _keyword(args: tuple[Arg, ...], *keywords: str) -> Arg | None:
    """The argument or option named by one of `keywords`; an unknown value (`other`) when a
    spread or a computed key of an options object may set it (`{ url, ...opts }`)."""
    for arg in args:
        if arg.keyword in keywords:
            return arg
    for arg in args:
        if arg.kind == "object":
            last = last_entry(arg.items, keywords)
            if last is not None:
                return last[1] if last[1].keyword in keywords else _may_set(last[1], keywords[0])
    return None


def _may_set(item: Arg, keyword: str) -> Arg:
    """The unknown value of option `keyword`, which `item` (a spread, a computed key, the
    entries not read) may set."""
    what = {"spread": f"...{item.value or '(value)'}", "more": "options not read"}
    piece = Piece("unknown", what.get(item.kind, f"{item.keyword}: ..."))
    return Arg("expr", keyword=keyword, pieces=(piece,))


def _positional(args: tuple[Arg, ...]) -> list[Arg]:
    return [a for a in args if a.keyword is None]


def angularjs_services(project: Project) -> frozenset[str]:
    """The services whose pages may run AngularJS, where a `$http` the file does not bind is
    its injected client: those depending on `angular`, or on no other browser framework (a
    site that loads AngularJS by a script tag). Elsewhere `$http` is the code's own name (a
    Vue app's axios instance, handed as a parameter, with a base URL of its own)."""
    others = (BROWSER_FRAMEWORKS | FULL_STACK) - {"angular"}
    return frozenset(
        s.name
        for s in project.services
        if "angular" in s.dependencies or not others.intersection(s.dependencies)
    )


def nuxt_services(project: Project) -> frozenset[str]:
    """The Nuxt apps, where a `$fetch` or `useFetch` the file does not bind is Nuxt's."""
    return frozenset(s.name for s in project.services if NUXT in s.dependencies)


def _named_as_client(callee: str) -> bool:
    """Whether a call written so may be a client's whatever its API: SvelteKit's `fetch`
    or a request on an @hey-api client (`_known`, past the tests of its API and key)."""
    return may_fetch(callee) or may_request(callee)


class ClientFinder:
    def __init__(
        self,
        resolution: Resolution,
        values: Values,
        angularjs: frozenset[str] = frozenset(),
        nuxt: frozenset[str] = frozenset(),
        kit: KitFetch | None = None,
        jquery: JQueryPages | None = None,
    ) -> None:
        self.resolution = resolution
        self.values = values
        self.angularjs = angularjs  # the services `angularjs_services` names
        self.nuxt = nuxt  # the services `nuxt_services` names
        self.kit = kit  # SvelteKit's `fetch`, given to load functions and endpoints
        self.jquery = jquery  # where an unbound `$` is jQuery
        self.wrappers = Wrappers(resolution, values)
        self._routed: Callable[[Draft], bool] = _no_route  # the linker's, given to `find`
        # `_given_paths`: the parameters followed -> what `Wrappers.callers` says of them,
        # during `find`
        self._given_callers: dict[frozenset[Slot], tuple[list[Caller], bool] | None] = {}
        self.http_modules = HttpModules(resolution, values)
        self.generated = GeneratedClients(resolution, values)
        self.mutators = Mutators(resolution, _is_axios)
        self.hey_api = HeyApiClients(
            resolution,
            values,
            weak_method(self._entry),
            weak_method(self._expanded),
            self.wrappers.calls_of,
        )

    def find(self, lands: Callable[[Draft], bool], routed: Callable[[Draft], bool]) -> list[Draft]:
        """Every client call. One made with its function's parameters is followed to the
        calls of that function when what it requests is not known as written (`lands` says
        whether the call as written reaches a service, so can be checked: `/cart/${id}`
        does, `${ML_URL}${path}` does not) or its method is a parameter. `routed` says
        whether a call matches a route (`_given_paths`: whether a route takes any value
        where a wrapper's URL ends with what its callers give)."""
        self._routed = routed
        drafts: list[Draft] = []
        mutated: dict[Where, list[bool]] = {}  # a mutator's request -> whether each call was read
        mutators = self.mutators.by_function()
        named: dict[str, bool] = {}  # callee -> `_named_as_client` of it
        for resolved in self.resolution.calls:
            # What `_known` says of most builtins and calls of the repository's functions
            # (436k and 267k of gen-10000's 935k calls) is screened here, saving a method
            # call or three on each: two fifths of this loop's time. `aside` is read
            # for `call.key`, without the property's call: a call with no aside has no key.
            kind = resolved.kind
            if kind == "builtin" and resolved.qualname not in CLIENT_FUNCTIONS:
                aside = resolved.call.aside
                if aside is None or not aside.key:
                    continue
            elif kind == "external" or kind == "unresolved":
                # So are those of libraries and those the name binder could not place (58k
                # and 174k): most are no client's by their API or by how they are written.
                qualname = resolved.qualname
                if qualname not in CLIENT_FUNCTIONS and qualname not in JQUERY_GLOBALS:
                    call = resolved.call
                    aside = call.aside
                    if aside is None or not aside.key:
                        callee = call.callee
                        by_name = named.get(callee)
                        if by_name is None:
                            by_name = named[callee] = _named_as_client(callee)
                        if not by_name:
                            continue
            elif kind == "function":
                # Only a call of the repository's function may be of a mutator.
                mutator = mutators.get(resolved.target)
                if mutator is not None:
                    draft = self._through_mutator(resolved, mutator)
                    mutated.setdefault(_where(mutator.request), []).append(draft is not None)
                    if draft is not None:
                        drafts.append(draft)
                    continue
                aside = resolved.call.aside
                keyed = aside is not None and aside.key
                if not keyed and not resolved.target.endswith(REQUEST_FUNCTION):
                    continue
            known = self._known(resolved)
            if known is None:
                continue
            draft = self._draft(resolved, *known)
            if draft is None:
                continue
            if self.mutators.makes(resolved):
                drafts.append(draft)
            elif _open(draft, lands):
                drafts.extend(self._through_wrappers(resolved, *known, draft, lands))
            else:
                drafts.extend(self._given_paths(resolved, *known, draft) or (draft,))
        self._given_callers.clear()
        # A generated core's own request, and a mutator's whose every call was read, are
        # made with what their callers give them, read there.
        cores = self.generated.cores
        read = {where for where, calls in mutated.items() if all(calls)}
        return [
            d
            for d in drafts
            if (d.client == GENERATED or not _made_in(d, cores))
            and (d.through or d.where not in read)
            # A test calling its own app in this process tests it, at paths it may expect
            # to fail: no seam.
            and not (d.in_process and is_test_file(d.where.path))
        ]

    def _through_mutator(self, resolved: ResolvedCall, mutator: Mutator) -> Draft | None:
        """The axios request a call of a request-config function makes (`customInstance({
        url, method }, options)`: `mutators.py`), where the call is written; None when the
        call gives no config seamcheck reads, or one without a URL."""
        call, path = resolved.call, resolved.path
        at = (path, call.scope)
        entries = self.mutators.entries(mutator, tuple(_positional(call.args)), at, self._expanded)
        url = self._entry(entries, "url") if entries is not None else None
        if entries is None or url is None:
            return None
        mutator_given = self._mutator_given(resolved, mutator, url)
        if mutator_given:  # the mutator's own `url` entry, made of what the call gives it
            url = self._entry(entries, "url", mutator_given) or url
        said = self._entry(entries, "method")
        method = DEFAULT_METHOD["axios"] if said is None else (literal(said) or "").upper()
        request = mutator.request
        base = self._entry(entries, "baseURL")
        if base is None:  # the instance's, as the request is made
            base = self._base(request, "axios", (), None)
        return Draft(
            where=Where(path, call.line, call.column),
            service=self.values.service_of.get(path, ""),
            caller=f"{path}::{call.scope}",
            client="axios",
            method=method,
            url=url,
            base=base,
            through=(_where(request),),
        )

    def _entry(self, entries: list[Entry], key: str, given: Given | None = None) -> Template | None:
        """The string option `key` of a request's options holds, each entry read where it
        is written; None when no entry sets it."""
        last = last_entry([e.arg for e in entries], (key,))
        if last is None:
            return None
        entry = entries[last[0]]
        arg = last[1] if last[1].keyword == key else _may_set(last[1], key)
        return self._of(entry.path, entry.scope, arg, given)

    def _mutator_given(self, resolved: ResolvedCall, mutator: Mutator, template: Template) -> Given:
        """What the call `resolved` gives the mutator's parameters a template of its own
        entries is made of (`url: `/v1${config.url}``)."""
        own = mutator.request.path, mutator.definition.qualname
        at = (resolved.path, resolved.call.scope)
        return {
            slot: value_given(
                self.values, at, slot.path, slot.name,
                argument(resolved.call, mutator.definition, slot.name, False),
            )
            for slot in slots_in(template)
            if (slot.path, slot.function) == own
        }  # fmt: skip

    def _known(self, resolved: ResolvedCall) -> tuple[str, str] | None:
        """(client, method) of a client call: a library's (the method "" when the call's
        arguments say it), or a generated client's core `request`. Each test below holds
        of some kinds of call only: a call of a function of the repository's (26k of
        gen-1000's 89k calls) or of a builtin (35k) is asked only those that may hold.
        `find` screens every kind by the same tests before asking (a library's call and
        an unplaced one by `_named_as_client`): a test added here must be added there too."""
        kind = resolved.kind
        if kind == "function":
            if resolved.call.key:
                return self._path_based(resolved)
            return (GENERATED, "") if self.generated.config(resolved) is not None else None
        if kind in ("external", "builtin"):
            known = CLIENT_FUNCTIONS.get(resolved.qualname)
            if known is not None and known[0] == ANGULARJS:
                service = self.values.service_of.get(resolved.path, "")
                return known if service in self.angularjs else None
            if known is not None and known[0] in NUXT_GLOBAL_CLIENTS and resolved.kind == "builtin":
                service = self.values.service_of.get(resolved.path, "")
                return known if service in self.nuxt else None
            if known is not None:
                return known
            if kind == "builtin":
                return self._path_based(resolved) if resolved.call.key else None
        if kind == "unresolved" and resolved.qualname in JQUERY_GLOBALS:
            file = self.values.symbols.get(resolved.path)
            on_page = self.jquery is not None and self.jquery.is_jquery(resolved.path)
            jquery = on_page and file is not None and names_page_jquery(file, resolved.call)
            return JQUERY_GLOBALS[resolved.qualname] if jquery else None
        if self.kit is not None and self.kit.fetches(resolved):
            return CLIENT_FUNCTIONS["fetch"]
        if resolved.call.key:
            return self._path_based(resolved)
        hey = self.hey_api.call(resolved)
        return (hey.client.library, hey.method) if hey is not None else None

    def _path_based(self, resolved: ResolvedCall) -> tuple[str, str] | None:
        """(client, method) of a call on the entry of a path-based openapi-fetch client
        (`client['/items/{item_id}'].GET(init)`), the method by its name."""
        call = resolved.call
        receiver, _, method = call.callee.rpartition("[].")
        if method.lower() not in HTTP_METHODS or not method.isupper():
            return None
        found = self._client(resolved.path, call.scope, receiver)
        located = self._followed(found) if not isinstance(found, Part) else None
        if not isinstance(located, Located) or located.binding.kind != "call":
            return None
        ref = self._factory_ref(located)
        if ref is None or ref.name not in PATH_BASED_FACTORIES:
            return None
        return "openapi-fetch", method

    def _through_wrappers(
        self,
        resolved: ResolvedCall,
        client: str,
        method: str,
        draft: Draft,
        lands: Callable[[Draft], bool],
    ) -> list[Draft]:
        """The call made again at each call of its function, with what that call gives the
        function's parameters; the call as written too when the function may be called
        where seamcheck cannot see (`Wrappers.callers`). A call that gives them what is
        still its own function's parameters is followed further while that leaves the
        call open (`/users/${id}` does not). Each is made with the method in the init it
        hands the client (`_handed_method`), as that call gives it. When no call gives what
        makes it land, the call stays as written: one finding where the URL is made, not
        one per caller."""

        def settled(given: Given) -> bool:
            made = self._draft(resolved, client, method, given)
            return made is None or not _open(made, lands)

        handed = self._handed_method(resolved, client, method, draft.slots)
        followed = self.wrappers.callers(draft.slots | handed, settled)
        if followed is None:
            return [draft]
        callers, unseen = followed
        drafts = [draft] if unseen else []
        for caller in callers:
            given = _whole_urls_apart(draft.url, caller.given)
            made = self._draft(resolved, client, method, given)
            if made is not None:
                where, through = caller.where, (*caller.through, draft.where)
                drafts.append(replace(made, where=where, caller=caller.caller, through=through))
        if not any(d.through and not d.method_given and lands(d) for d in drafts):
            return [draft]
        return drafts

    def _given_paths(
        self, resolved: ResolvedCall, client: str, method: str, draft: Draft
    ) -> list[Draft] | None:
        """A call whose URL reaches a service as written but is made with a parameter of its
        function (`${API}/${path}`) that the calls of the function give a path of several
        segments (`request('projects/7/archive')`): the parameter is no one segment, as it
        reads as written, so the call is made again at each call, to the end of a chain of
        wrappers; where it may also be called where seamcheck cannot see, the parameter is
        a path not known there (SC107). So is a call whose URL writes no word of its own
        (`URLExt.join(settings.baseUrl, endPoint)`), whatever its calls give, or ends with
        what they give when one gives a word there and as written it matches a route only
        by taking that for a word of the route (`URLExt.join(settings.baseUrl, 'myext',
        endPoint)` with `requestAPI('get-example')`, matching `/myext/hello`): a caller's
        typo would never show. Each call is then checked with the method it gives in the
        init the function hands the client (`_handed_method`). None otherwise
        (`/users/${id}`, which `/users/{user_id}` takes whatever is given): checked as
        written."""
        url_slots = slots_in(draft.url)
        if not url_slots or draft.slots - url_slots:
            return None

        handed = self._handed_method(resolved, client, method, url_slots)
        slots = url_slots | handed
        if slots not in self._given_callers:
            # The same for each client call of a function made with the same parameters:
            # read once (gen-10000: 4,855 calls, 2,725 sets of parameters).
            self._given_callers[slots] = self.wrappers.callers(slots, _concrete)
        followed = self._given_callers[slots]
        if followed is None:
            return None
        callers, unseen = followed
        several = any(_segments(c.given.get(slot, ())) > 1 for c in callers for slot in url_slots)
        wordless = _no_word(draft.url)
        tail = _given_tail(draft.url)
        named = any(_has_word(c.given.get(slot, ())) for c in callers for slot in tail)
        named = named and self._by_a_word(draft, tail)
        if not several and not wordless and not named:
            return None
        given_note = (
            "is given paths of several segments" if several else "is the path the calls give"
        )
        # A URL ending with what its calls give (`/myext/${endPoint}`), each giving one
        # segment, is one segment where seamcheck cannot see too: checked there as written.
        as_written = _path_not_known(draft, given_note) if several or wordless else draft
        drafts = [as_written] if unseen else []
        for caller in callers:
            given = _whole_urls_apart(draft.url, caller.given)
            if not several and not wordless:
                given = _no_word_unknown(given, tail)
            made = self._draft(resolved, client, method, given)
            if made is not None:
                where, through = caller.where, (*caller.through, draft.where)
                drafts.append(replace(made, where=where, caller=caller.caller, through=through))
        return drafts

    def _by_a_word(self, draft: Draft, tail: frozenset[Slot]) -> bool:
        """Whether the call as written matches a route only by taking `tail`, the
        parameters its URL ends with, for a word of the route (`/myext/${endPoint}` for
        `/myext/hello`): it then stands for whichever route its callers name, so each call
        is checked. Not when a route takes any value there (`/users/{user_id}` for
        `/users/${id}`), or none matches: checked once where it is written, as before."""
        if not self._routed(draft):
            return False
        url = tuple(Part(_PROBE) if p.slot in tail else p for p in draft.url)
        return not self._routed(replace(draft, url=url, slots=draft.slots - tail))

    def _draft(
        self, resolved: ResolvedCall, client: str, method: str, given: Given | None = None
    ) -> Draft | None:
        call = resolved.call
        path, scope = resolved.path, call.scope
        args = tuple(self._expanded(path, scope, a) for a in call.args)
        if client == JUPYTERLAB:
            # makeRequest(url, init, settings): the settings say no method, and a name that
            # holds them must not read as an init that may.
            args = tuple(_positional(args)[:2])
        positional = _positional(args)
        url_arg: Arg | None
        url_at = (path, scope)  # where the URL argument is written
        said = False  # whether the call says its method, maybe in a value not known here
        said_in: Template = ()  # what the method is made of, when a value says it
        if client == GENERATED:
            # __request(OpenAPI, { method: 'POST', url: '/predict', path, body })
            args = (operation(positional) or Arg("object"),)
            url_arg = _keyword(args, "url")
            method, said, said_in = self._method(path, scope, args, url_arg, given)
        elif client in BASE_OPTIONS:
            # client.post({ url: '/items/{item_id}', path: { item_id }, body })
            args = self._own_options(path, scope, args)
            url_arg = _keyword(args, "url")
            if not method:
                method, said, said_in = self._method(path, scope, args, url_arg, given)
        elif client in _ALWAYS_METHOD_FIRST or (
            resolved.qualname.endswith(".request") and client in _METHOD_FIRST
        ):
            # session.request("POST", url), $api.useQuery("get", "/items/{item_id}")
            method_arg = positional[0] if positional else _keyword(args, "method")
            said_in = self._of(path, scope, method_arg, given)
            method, said = (literal(said_in) or "").upper(), True
            url_arg = positional[1] if len(positional) > 1 else _keyword(args, "url")
        elif client in ("urllib", TORNADO):
            opens = resolved.qualname.endswith(("urlopen", ".fetch")) and positional
            if opens and self._holds_request(path, scope, positional[0]):
                return None  # the Request(...) it opens is the call we report
            url_arg = positional[0] if positional else _keyword(args, "url", "request")
            method_arg = _keyword(args, "method")
            if method_arg is not None:
                said_in = self._of(path, scope, method_arg, given)
                method, said = (literal(said_in) or "").upper(), True
            elif client == "urllib" and _keyword(args, "data") is not None:
                method = "POST"
        elif client == JQUERY:
            jquery = self._jquery(resolved, args, method, given)
            if jquery is None:
                return None
            url_arg, method, said, said_in = jquery
        elif call.key:  # client['/items/{item_id}'].GET(init)
            url_arg = leaf_arg("str", call.key)
        elif client == "request" and positional and positional[0].kind == "object":
            # request({ uri, method }, callback): what follows the options is the callback,
            # which says no method.
            args = tuple(positional[:1])
            url_arg = _keyword(args, *_URL_KEYWORDS)
            if not method:
                method, said, said_in = self._method(path, scope, args, url_arg, given)
        else:
            url_arg = positional[0] if positional else None
            request = self._request(resolved, url_arg) if client == "fetch" else None
            if request is not None:
                # fetch(new Request(url, init)): the Request holds the URL and, unless
                # fetch's own init says otherwise, the method.
                url_at = (request[0], request[1].scope)
                made_args = tuple(self._expanded(*url_at, a) for a in request[1].args)
                url_arg = next(iter(_positional(made_args)), None)
                args = (*args[1:], *made_args[1:])
            elif url_arg is None or url_arg.kind == "object":
                url_arg = _keyword(args, *_URL_KEYWORDS)
            elif client == USE_FETCH and url_arg.kind == "func":
                # `useFetch(() => `/api/items/${id.value}`)`: the URL the function returns
                url_at, url_arg = (path, url_arg.value), leaf_arg("name", RETURNED)
            if not method:
                method, said, said_in = self._method(path, scope, args, url_arg, given)
        if url_arg is None:
            return None
        url = self.values.of_arg(*url_at, url_arg, 0, given)
        if url is None:
            return None
        if client == JQUERY and resolved.qualname.endswith(JQUERY_LOAD):
            url = _before_selector(url)
        if not said:
            method = method or DEFAULT_METHOD.get(client, "")
        base = self._base(resolved, client, args, given)
        in_process = IN_PROCESS_CLIENTS.get(client, "")
        if client == SUPERTEST:
            in_process, base = self._supertest(resolved, given)
        elif base and base[0].param and base[0].text == IN_PROCESS:
            in_process, base = base[0].note, base[1:]
        app_service = self._app_service(resolved, client) if in_process else ""
        return Draft(
            where=Where(path, call.line, call.column),
            service=self.values.service_of.get(path, ""),
            caller=f"{path}::{scope}",
            client=client,
            method=method,
            url=url,
            base=base,
            app_id=self._app_id(path, scope, args, given),
            slots=slots_in(url) | slots_in(base) | slots_in(said_in),
            method_given=bool(slots_in(said_in)),
            in_process=in_process,
            app_service=app_service,
        )

    def _supertest(self, resolved: ResolvedCall, given: Given | None) -> tuple[str, Template]:
        """How a supertest call reaches its server, and its base URL: `request(app)` (or
        `request.agent(app)`) hands the request to the app in this process; `request(
        'http://localhost:3000')`, a URL (also one a name holds: `request(API_URL)`), sends
        it over the network."""
        made = self._maker(resolved)
        first = next(iter(_positional(made[0].args)), None) if made is not None else None
        if made is None or first is None:
            return IN_PROCESS_CLIENTS[SUPERTEST], ()
        _, path, scope = made
        server = self.values.of_arg(path, scope, first, 0, given) or ()
        if first.kind in ("str", "expr") or _SCHEME.match(display(server)):
            return "", server
        held = self.values.locate(path, scope, first.value) if first.kind == "name" else None
        if held is not None and held.binding.kind in ("str", "expr"):
            return "", server  # a string: `const API_URL = process.env.API_URL`
        return IN_PROCESS_CLIENTS[SUPERTEST], ()

    def _maker(self, resolved: ResolvedCall) -> tuple[Call, str, str] | None:
        """The call that made the client a call is made on, with the file and scope it is
        written in: in place (`request(app).get(...)`, `TestClient(app).get(...)`), or bound
        to the receiver's name (`const agent = request.agent(app)`, `with TestClient(app) as
        client`); None when neither is found."""
        call = resolved.call
        receiver = call.callee.rpartition(".")[0]
        factory = receiver.removesuffix("()")
        path = resolved.path
        if factory != receiver:
            made = next(
                (c for c in self.values.calls_to(path, factory) if call_within(c, call)), None
            )
            return (made, path, call.scope) if made is not None else None
        found = self._client(path, call.scope, receiver)
        if not isinstance(found, Located) or found.binding.kind != "call":
            return None
        made = self.values.creator(found)
        return (made, found.path, found.binding.scope) if made is not None else None

    def _app_service(self, resolved: ResolvedCall, client: str) -> str:
        """The service whose code is the app an in-process call is handed: the one the
        client is made with (`TestClient(billing_app)` with `from billing.main import app as
        billing_app`, supertest's `request(app)`, an httpx client's `transport=ASGITransport(
        app=...)`), or Fastify's and Hono's app the call is made on (`app.inject()`,
        `app.request()`, or made in place: `fastify().inject()`). Its routes take the call.
        "" where it is not found (a parameter, an import seamcheck cannot follow)."""
        call = resolved.call
        if client in (FASTIFY_INJECT, HONO_REQUEST):
            method = ".inject" if client == FASTIFY_INJECT else ".request"
            receiver = call.callee.rpartition(method)[0]
            if receiver.endswith("()"):
                return self.values.service_of.get(resolved.path, "")
            return self._service_holding(resolved.path, call.scope, receiver)
        made = self._maker(resolved)
        if made is None:
            return ""
        creator, path, scope = made
        if client not in IN_PROCESS_CLIENTS:  # httpx: the app its transport is given
            transport = self._transport(path, scope, creator)
            if transport is None:
                return ""
            creator, path, scope = transport
        app = _keyword(creator.args, "app") or next(iter(_positional(creator.args)), None)
        if app is not None and app.kind == "other" and not app.value:
            # `TestClient(create_app())`: the app a function of the repository makes.
            factory = self.values.argument_call(path, creator)
            return self._factory_service(path, factory) if factory is not None else ""
        return self._service_holding(path, scope, app.value) if app and app.kind == "name" else ""

    def _transport(self, path: str, scope: str, creator: Call) -> tuple[Call, str, str] | None:
        """The in-process transport call an httpx client is made with (`ASGITransport(...)`,
        `WSGITransport(...)`, `MockTransport(...)`), in place or bound to the name its
        `transport=` gives, with the file and scope it is written in."""
        arg = _keyword(creator.args, "transport")
        if arg is None:
            return None
        if arg.kind == "name":
            held = self.values.locate(path, scope, arg.value)
            if held is None or held.binding.kind != "call":
                return None
            if _last(held.binding.value) not in _IN_PROCESS_TRANSPORTS:
                return None
            made = self.values.creator(held)
            return (made, held.path, held.binding.scope) if made is not None else None
        return next(
            (
                (c, path, scope)
                for transport in _IN_PROCESS_TRANSPORTS
                for callee in (transport, f"httpx.{transport}")
                for c in self.values.calls_to(path, callee)
                if call_within(c, creator)
            ),
            None,
        )

    def _service_holding(self, path: str, scope: str, name: str) -> str:
        """The service of the file that binds the value `name` holds ("" when not found):
        of the function's that makes it, for a name holding a function's result (`app =
        create_app()`, `create_app` imported from another service)."""
        found = self.values.locate(path, scope, name) if name else None
        creator = self.values.creator(found) if found is not None else None
        made = self._factory_service(found.path, creator) if found and creator else ""
        if made:
            return made
        return self.values.service_of.get(found.path, "") if found is not None else ""

    def _factory_service(self, path: str, call: Call) -> str:
        """The service of the file defining the function of the repository `call` (in
        `path`) calls; "" for anything else (a library's function, a class)."""
        called = self.values.called_function(path, call)
        if called is None or called[2].kind not in ("function", "method"):
            return ""
        return self.values.service_of.get(called[0], "")

    def _jquery(
        self, resolved: ResolvedCall, args: tuple[Arg, ...], method: str, given: Given | None
    ) -> tuple[Arg | None, str, bool, Template] | None:
        """(URL argument, method, whether the call says it, what it is made of) of a jQuery
        request, its method read from its settings (`method`, else `type`) where the
        function does not fix it; None for a call that makes no request."""
        path, scope = resolved.path, resolved.call.scope
        request = _jquery_request(resolved, _positional(args), method)
        if request is None:
            return None
        url_arg, method, said = request
        if url_arg is None:
            url_arg = _keyword(args, "url")
        elif url_arg.kind == "name" and resolved.qualname.endswith(JQUERY_LOAD):
            # `$(window).load(onReady)`: a name holding what is not known to be a string
            # may be the handler of the event shortcut.
            held = self.values.of_arg(path, scope, url_arg, 0, given) or ()
            if not held or any(p.param and p.slot is None for p in held):
                return None
        if method or said:
            return url_arg, method, said, ()
        return url_arg, *self._method(path, scope, args, url_arg, given, "type")

    def _of(self, path: str, scope: str, arg: Arg | None, given: Given | None) -> Template:
        """The string an argument holds; an unknown part when it holds none."""
        unknown = (Part("value", True, "not a string"),)
        return unknown if arg is None else self.values.of_arg(path, scope, arg, 0, given) or unknown

    def _method(
        self,
        path: str,
        scope: str,
        args: tuple[Arg, ...],
        url_arg: Arg | None,
        given: Given | None,
        alias: str = "",
    ) -> tuple[str, bool, Template]:
        """The method a call's options say (`fetch(url, { method: 'POST' })`; `alias` the
        option the library also reads, when `method` is not set: jQuery's `type`), whether
        they may say one: an options value not known here (`fetch(url, init)`, `{ ...init
        }`) may, so the library's default is not assumed ("" matches any route), and the
        method's template when an option says it."""
        method_arg = _keyword(args, "method") or (_keyword(args, alias) if alias else None)
        options = [a for a in _positional(args) if a is not url_arg]
        handed = (
            self._handed_options(path, scope, options) if method_arg is None and given else None
        )
        if handed is not None and given and handed[0] in given:
            method_arg = leaf_arg("name", handed[1])
        if method_arg is not None:
            template = self._of(path, scope, method_arg, given)
            return (literal(template) or "").upper(), True, template
        return "", any(a.kind in _OPAQUE for a in options), ()

    def _handed_method(
        self, resolved: ResolvedCall, client: str, method: str, url_slots: frozenset[Slot]
    ) -> frozenset[Slot]:
        """The slot of the method in the init a `fetch` or JupyterLab `makeRequest` call is
        handed as its function's caller gave it (`_handed_options`), followed with its URL
        (`url_slots`) by `_given_paths` and `_through_wrappers`; none when the client fixes
        the method, or the init is another function's parameter than the URL's."""
        if method or client not in _HANDED_INIT:
            return frozenset()
        path, scope = resolved.path, resolved.call.scope
        positional = _positional(tuple(self._expanded(path, scope, a) for a in resolved.call.args))
        handed = self._handed_options(path, scope, positional[1:2])
        functions = {(s.path, s.function) for s in url_slots}
        if handed is None or (handed[0].path, handed[0].function) not in functions:
            return frozenset()
        return frozenset({handed[0]})

    def _handed_options(self, path: str, scope: str, options: list[Arg]) -> tuple[Slot, str] | None:
        """The `method` entry (its slot and name) of the options a JavaScript function hands
        the client as its caller gave them: `init` in `requestAPI(endPoint, init)` calling
        `makeRequest(url, init, settings)`, whose calls give `{ method: 'POST' }`. None when
        the options are not one parameter of the function, or the file sets their `method`
        or copies entries into them (`init.method = 'GET'`, `Object.assign(init, ...)`)."""
        file = self.values.symbols.get(path)
        if file is None or file.is_python or len(options) != 1 or options[0].kind != "name":
            return None
        name = options[0].value
        entry = f"{name}.method"
        slot = self.values.slot(path, scope, entry) if "." not in name else None
        if slot is None:
            return None
        handed = Located(path, Binding(name, "local", "", scope, 0))
        if "method" in self.values.keys_assigned(handed) or self.values.merged_into(handed):
            return None
        return slot, entry

    def _expanded(self, path: str, scope: str, arg: Arg, depth: int = 0) -> Arg:
        """A name bound to an object literal stands for that object: `axios.post(url, body,
        config)` with `const config = { headers: {...} }`, `headers=headers` in Python; so
        does a spread of one (`{ ...defaults, headers }`). Objects naming each other are
        followed `_MAX_HOPS` deep."""
        if depth > _MAX_HOPS:
            return arg
        if arg.kind == "object":
            items = self._spread_out(path, scope, arg.items, depth)
            return arg if items is arg.items else Arg("object", keyword=arg.keyword, items=items)
        if arg.kind != "name":
            return arg
        located = self.values.locate(path, scope, arg.value)
        made = self.values.object_of(located) if located is not None else None
        if made is None or self.values.reassigned(made[0]) or self.values.merged_into(made[0]):
            # A name holding one of several objects, or one whose entries a call may change
            # (`Object.assign(options, ...)`): what it says is not known.
            return arg
        # An entry the code sets again (`config.headers = options.headers` under an `if`)
        # may hold either value: not known. The entries it leaves alone (`url`, `method`)
        # keep what the literal says.
        changed = self.values.keys_assigned(made[0])
        entries = self._spread_out(path, scope, made[1], depth)
        items = tuple(
            self._expanded(path, scope, i, depth + 1) for i in entries if i.keyword not in changed
        )
        unknown = tuple(
            Arg("expr", keyword=key, pieces=(Piece("unknown", f"'{arg.value}.{key}' is set"
                f" again ({made[0].path}:{line})"),))
            for key, line in sorted(changed.items())
        )  # fmt: skip
        return Arg("object", keyword=arg.keyword, items=items + unknown)

    def _spread_out(
        self, path: str, scope: str, items: tuple[Arg, ...], depth: int
    ) -> tuple[Arg, ...]:
        """`items` with each spread of a known object replaced by that object's entries."""
        if not any(i.kind == "spread" and i.value for i in items):
            return items
        spread_out: list[Arg] = []
        for item in items:
            if item.kind == "spread" and item.value:
                expanded = self._expanded(path, scope, leaf_arg("name", item.value), depth + 1)
                if expanded.kind == "object":
                    spread_out.extend(expanded.items)
                    continue
            spread_out.append(item)
        return tuple(spread_out)

    def _request(self, resolved: ResolvedCall, arg: Arg | None) -> tuple[str, Call] | None:
        """The `new Request(url, init)` a fetch is given, and the file it is made in: written
        in the call (`fetch(new Request(...))`) or bound to the name passed."""
        if arg is None:
            return None
        call = resolved.call
        if arg.kind == "name":
            located = self.values.locate(resolved.path, call.scope, arg.value)
            if located is None or located.binding.kind != "new":
                return None
            if located.binding.value != _REQUEST:
                return None
            made = self.values.creator(located)
            return (located.path, made) if made is not None else None
        if arg.kind != "other":
            return None
        made = next(
            (
                c
                for c in self.values.calls_to(resolved.path, _REQUEST)
                if c.construct and call_within(c, call)
            ),
            None,
        )
        return (resolved.path, made) if made is not None else None

    def _holds_request(self, path: str, scope: str, arg: Arg) -> bool:
        if arg.kind != "name":
            return False
        located = self.values.locate(path, scope, arg.value)
        return located is not None and located.binding.value.endswith("Request")

    def _base(
        self, resolved: ResolvedCall, client: str, args: tuple[Arg, ...], given: Given | None
    ) -> Template:
        """The base URL: the call's own `baseURL` option, else its client instance's (or a
        generated client's configuration's)."""
        call = resolved.call
        if client == GENERATED:
            config = self.generated.config(resolved)
            return self.generated.base(config) if config is not None else ()
        if client in BASE_OPTIONS:
            return self._hey_api_base(resolved, args, given)
        if client == JQUERY:
            return ()  # no base URL: a relative URL is the page's
        own_option = CALL_BASE_OPTION.get(client)
        if own_option is None:
            own = _keyword(args, *_BASE_OPTIONS)
        else:
            own = _keyword(args, own_option) if own_option else None
        if own is not None:
            return self.values.of_arg(resolved.path, call.scope, own, 0, given) or ()
        if call.unless:  # `(this.http ?? axios).get(url)`: another client's base URL, maybe
            return (Part(call.unless, True, other_receiver(call.unless)),)
        if "()" not in resolved.qualname and not call.key:
            return ()
        receiver = call.callee.rpartition(".")[0] if "." in call.callee else call.callee
        receiver = receiver.removesuffix("[]")  # `client['/items'].GET`: on `client`
        if resolved.qualname.startswith(_NEST_HTTP):
            receiver = receiver.removesuffix(".axiosRef")
        found = self._client(resolved.path, call.scope, receiver) or self._chained(
            resolved, receiver
        )
        if isinstance(found, Part):
            return (found,)
        located = self._in_effect(found, resolved.path, call) if found is not None else None
        unsure = self._reassigned(located) if located is not None else ""
        if unsure:
            return (Part(receiver, True, unsure),)
        # A client the instance keeps, made in its constructor (`this.http = axios.create({
        # baseURL: base })`): its base is what the places making the class give.
        held = self.values.held(located, resolved.path, call.scope, given) if located else None
        annotated = located.binding if located is not None and located.binding.annotation else None
        followed = self._followed(located)
        if isinstance(followed, Part):
            return (followed,)
        located, given = followed, held or given
        if located is not None and located.binding.kind == "typed":
            if resolved.qualname.startswith(_NEST_HTTP):
                return self._nest_base(resolved.path, located.binding)
            # `model: httpx.AsyncClient = Depends(get_model)`: what the dependency gives
            provided = injected(self.values, located) if not located.binding.annotation else None
            if isinstance(provided, str):
                return (Part(located.binding.target, True, provided),)
            followed = self._followed(provided) if provided is not None else None
            if isinstance(followed, Part):
                return (followed,)
            if followed is None or followed.binding.kind == "typed":
                return (_typed(located.binding),)
            located = followed
        made = self._made_with(located, given) if located is not None else None
        if made is None and annotated is not None:
            # `client: httpx.AsyncClient = pool.get()`: a client, made where seamcheck cannot see
            return (_typed(annotated),)
        return made or ()

    def _hey_api_base(
        self, resolved: ResolvedCall, args: tuple[Arg, ...], given: Given | None
    ) -> Template:
        """An @hey-api client call's base URL: its own option, else its client's
        (`heyapi.py`), unless it may be made on another client."""
        hey = self.hey_api.call(resolved)
        if hey is None:
            return ()
        call = resolved.call
        own = _keyword(args, self.hey_api.option(hey.client))
        if own is not None:
            return self.values.of_arg(resolved.path, call.scope, own, 0, given) or ()
        other = self.hey_api.other_client(resolved)
        if other:
            return (Part(call.unless, True, other),)
        return self.hey_api.base(hey.client)

    def _own_options(self, path: str, scope: str, args: tuple[Arg, ...]) -> tuple[Arg, ...]:
        """A generated function's request options without its own `options` spread into
        them (`{ url: '/predict', ...options }`): their type leaves out `url`, and the base
        URL they may set is taken to be the client's."""
        file = self.values.symbols.get(path)
        definition = file.definitions.get(scope) if file is not None else None
        if definition is None or not GENERATED_FILE.search(path):
            return args
        params = frozenset(parameter_names(definition.params))
        return tuple(
            replace(
                a, items=tuple(i for i in a.items if i.kind != "spread" or i.value not in params)
            )
            if a.kind == "object"
            else a
            for a in args
        )

    def _nest_base(self, path: str, binding: Binding) -> Template:
        """The base URL of an injected `HttpService`: its `HttpModule.register` options'."""
        found = self.http_modules.registration(path)
        if isinstance(found, str):
            return (Part(binding.target, True, found),)
        base = _keyword(found.args, "baseURL")
        if base is None:
            return ()
        template = self.values.of_arg(found.path, found.scope, base, 0) or ()
        unknown = next((p for p in template if p.param), None)
        if unknown is None:
            return template
        where = f"{found.path}:{found.line}"
        why = f"the baseURL HttpModule is given ({where}) is not known here: {unknown.note}"
        return (Part(binding.target, True, why),)

    def _followed(self, located: Located | None) -> Located | Part | None:
        """The binding a name holding another name ends at (`self.client = client`: the
        client it was given), or the unknown part saying why it cannot be followed."""
        for _ in range(_MAX_HOPS):
            if located is None or located.binding.kind != "name":
                break
            binding = located.binding
            maker, taken, _ = binding.value.partition("().")
            if taken and "(" not in maker:
                # `const { GET } = createClient({...})`: a method taken off the client that
                # call makes, whose options say its base URL.
                return Located(located.path, replace(binding, kind="call", value=maker))
            found = self._client(located.path, binding.scope, binding.value)
            if isinstance(found, Part):
                return found
            located = found
        return located

    def _chained(self, resolved: ResolvedCall, receiver: str) -> Located | None:
        """The client a call is made on the result of, written in it: `makeClient(token)` of
        `makeClient(token).GET(...)`, as if bound to a name."""
        factory = receiver.removesuffix("()")
        if factory == receiver or "(" in factory:
            return None
        call = resolved.call
        made = next(
            (c for c in self.values.calls_to(resolved.path, factory) if call_within(c, call)), None
        )
        return _made_at(resolved.path, call.scope, receiver, made) if made is not None else None

    def _client(self, path: str, scope: str, dotted: str) -> Located | Part | None:
        """Where the client `dotted` names is bound; for one kept on a Starlette state
        (`request.app.state.client`) stored in several places or none, why it is not known."""
        found = self.values.find(path, scope, dotted)
        if not isinstance(found, str):
            return found
        return Part(_last(dotted), True, found) if _STATE in dotted else None

    def _made_with(self, located: Located, given: Given | None, depth: int = 0) -> Template | None:
        """The base URL of the client `located` makes (`httpx.AsyncClient(base_url=...)`),
        also through a function of the repository returning one (`makeClient(token)`):
        () when it sets none; None when `located` makes no client seamcheck knows."""
        if located.binding.kind not in ("call", "new"):
            return None
        creator = self.values.creator(located)
        if creator is None:
            return None
        factory = self._factory(located, creator)
        if factory is not None:
            return self._made_by(located, creator, *factory, given, depth)
        keyword = self._factory_keyword(located)
        if isinstance(keyword, int):
            return self._wrapped(located, creator, keyword, given, depth)
        if not keyword:
            subclassed = self._subclass_keyword(located, creator)
            if not isinstance(subclassed, str):
                return subclassed
            keyword = subclassed
        in_process = self._in_process_transport(located, creator)
        if in_process and in_process not in _APP_TRANSPORTS:
            why = (
                f"the client calls a function in this process (transport={in_process}), "
                "not a service"
            )
            return (Part("transport", True, why),)
        base = self._base_option(located, creator, keyword, given)
        if in_process:
            # Read as the call's way to the app (`Draft.in_process`), before the base URL,
            # whose host says nothing but whose path starts every path the app is sent
            # (`base_url="http://prefect-in-memory/api"`).
            return (Part(IN_PROCESS, True, f"transport={in_process}(app)"), *base)
        return base

    def _base_option(
        self, located: Located, creator: Call, keyword: str, given: Given | None
    ) -> Template:
        """The base URL option `keyword` of the client `creator` makes (`base_url=...`)."""
        base_arg = self._option(located.path, located.binding.scope, creator.args, keyword)
        if base_arg is None:
            spread = _spread_keywords(creator.args)
            if spread is None:
                return ()
            # `PrefectHttpxAsyncClient(**httpx_settings)`: the dict may hold the base URL.
            why = f"the client is made with **{spread}, which may set its {keyword}"
            return (Part(spread, True, why),)
        return self.values.of_arg(located.path, located.binding.scope, base_arg, 0, given) or ()

    def _option(self, path: str, scope: str, args: tuple[Arg, ...], keyword: str) -> Arg | None:
        """The option `keyword` of the options a JavaScript client factory is given: in the
        object written there or bound to the name given (`createClient(options)` with `const
        options = { baseUrl }`), else that name's entry (`options.baseUrl`, a factory's
        parameter: what each call of the factory gives). Taken for no base URL, such a
        client's calls were relative URLs, linked through the page's proxy to another
        service (false SC104s)."""
        if self.values.symbols[path].is_python:
            return _keyword(args, keyword)
        expanded = tuple(self._expanded(path, scope, a) for a in args)
        found = _keyword(expanded, keyword)
        options = next(iter(_positional(expanded)), None)
        if found is not None or options is None or options.kind == "object":
            return found
        if options.kind == "name":
            return leaf_arg("name", f"{options.value}.{keyword}")
        why = "the options the client is made with are not read here"
        return Arg("expr", keyword=keyword, pieces=(Piece("unknown", why),))

    def _in_process_transport(self, located: Located, creator: Call) -> str:
        """The in-process transport an httpx client is made with (`transport=httpx.
        ASGITransport(app=app)`, or a name holding one), if any: its calls reach the app it
        is given, whatever host the `base_url` names (`http://test`, FastAPI's testing
        idiom), so they link to no service by that host."""
        found = self._transport(located.path, located.binding.scope, creator)
        return _last(found[0].callee) if found is not None else ""

    def _factory(self, located: Located, creator: Call) -> tuple[Definition, Located] | None:
        """The function of the repository `creator` calls and the call it returns, when its
        only `return` gives one (`return createClient<paths>({ baseUrl, headers })`)."""
        if creator.construct:
            return None
        called = self.values.called_function(located.path, creator)
        if called is None:
            return None
        path, file, definition = called
        returned = file.returned_call(definition.qualname)
        if definition.kind not in ("function", "method") or returned is None:
            return None
        if definition.is_async or definition.is_generator:
            return None  # a promise or a generator, not the client
        return definition, Located(path, returned)

    def _made_by(
        self,
        located: Located,
        creator: Call,
        definition: Definition,
        returned: Located,
        given: Given | None,
        depth: int,
    ) -> Template | None:
        """The base URL of the client a factory function returns, its parameters holding
        what `creator` (written where `located` is) gives them."""
        if depth >= _MAX_HOPS:
            return None
        template = self._made_with(returned, None, depth + 1)
        if not template:
            return template
        own = (returned.path, definition.qualname)
        python = self.values.symbols[returned.path].is_python
        at = (located.path, located.binding.scope)
        factory_given = {
            slot: value_given(
                self.values, at, slot.path, slot.name,
                argument(creator, definition, slot.name, python), given,
            )
            for slot in slots_in(template)
            if (slot.path, slot.function) == own
        }  # fmt: skip
        return self._made_with(returned, factory_given, depth + 1) if factory_given else template

    def _wrapped(
        self, located: Located, creator: Call, index: int, given: Given | None, depth: int
    ) -> Template:
        """The base URL of the client a client `located` holds wraps, given to `creator` at
        `index` (`createQueryClient(fetchClient)`): by name, or made in place."""
        name, scope = located.binding.target, located.binding.scope
        positional = _positional(creator.args)
        arg = positional[index] if index < len(positional) else None
        wrapped: Located | Part | None = None
        shown = "a value not read here"
        if arg is not None and arg.kind == "name":
            shown = f"'{arg.value}'"
            wrapped = self._followed(self.values.locate(located.path, scope, arg.value))
        elif arg is not None and arg.kind == "other":
            made = self.values.argument_call(located.path, creator)
            if made is not None:
                shown = f"what {made.callee}() returns"
                wrapped = _made_at(located.path, scope, f"{name}()", made)
        if isinstance(wrapped, Part):
            return (wrapped,)
        base = self._made_with(wrapped, given, depth + 1) if depth < _MAX_HOPS and wrapped else None
        if base is None:
            why = f"'{name}' wraps a client seamcheck does not follow: {shown}"
            return (Part(name, True, why),)
        return base

    def _factory_keyword(self, located: Located) -> str | int:
        """The option holding the base URL of the client factory `located` calls (or the
        position of the client it wraps): the one the callee resolves to (a default import
        goes by any local name: `createClient`, `createFetchClient`), else the factory its
        last name is (`create` of `axios`)."""
        ref = self._factory_ref(located)
        if ref is not None and ref.name in CLIENT_FACTORIES:
            return CLIENT_FACTORIES[ref.name]
        factory = located.binding.value.rsplit(".", 1)[-1]
        return next(
            (k for q, k in CLIENT_FACTORIES.items() if isinstance(k, str) and q.endswith(factory)),
            "",
        )

    def _subclass_keyword(self, located: Located, creator: Call) -> str | Template | None:
        """For a client made by a first-party subclass of a library client class (Prefect's
        `class PrefectHttpxAsyncClient(httpx.AsyncClient)`): the library's base URL option,
        which the call gives it as written, when the constructors of the chain hand it and
        the transport on as given (`handed.handed_keyword`: none of its own, or
        `super().__init__(*args, **kwargs)`); the base URL a constructor gives it itself;
        why it is not known, when a constructor may change it; None when the call makes no
        such client."""
        file = self.values.symbols.get(located.path)
        if file is None or not file.is_python:
            return None
        ref = self.values.names.resolve_dotted(
            file, located.binding.scope, located.binding.value, 0
        )
        chain: list[tuple[str, Definition]] = []
        while ref.kind == "def" and len(chain) < _MAX_HOPS:
            symbols = self.values.symbols[ref.path]
            definition = symbols.definitions.get(ref.name)
            if definition is None or definition.kind != "class" or not definition.bases:
                return None
            chain.append((ref.path, definition))
            scope = enclosing_scope(ref.name)
            ref = self.values.names.resolve_dotted(symbols, scope, definition.bases[0], 0)
        keyword = CLIENT_FACTORIES.get(ref.name) if ref.kind == "external" else None
        if not chain or not isinstance(keyword, str):
            return None
        constructors = [
            d.qualname
            for path, d in chain
            if f"{d.qualname}.__init__" in self.values.symbols[path].definitions
        ]
        if not constructors:
            return keyword
        classes = [(path, d.qualname) for path, d in chain]
        base = handed_keyword(self.values, classes, creator, located.path, keyword)
        transport = handed_keyword(self.values, classes, creator, located.path, _TRANSPORT)
        unread = base.unread or transport.unread
        handed = ((base, keyword), (transport, _TRANSPORT))
        if not unread and all(_as_given(h, name, located, creator) for h, name in handed):
            return keyword  # read from the call, as the library's class gets it
        if not unread and transport.arg is None:
            if base.arg is None:
                return ()
            return self.values.of_arg(base.path, base.scope, base.arg, 0) or ()
        why = (
            f"the client is made by {chain[0][1].qualname}, a subclass of {ref.name} whose "
            f"constructor seamcheck does not follow{f' ({unread})' if unread else ''}"
        )
        return (Part(keyword, True, why),)

    def _factory_ref(self, located: Located) -> Ref | None:
        """The library function the call `located` holds the result of calls, if any."""
        binding = located.binding
        file = self.values.symbols.get(located.path)
        if file is None:
            return None
        ref = self.values.names.resolve_dotted(file, binding.scope, binding.value, 0)
        return ref if ref.kind == "external" else None

    def _in_effect(self, located: Located, path: str, call: Call) -> Located:
        """Of a name the call's function binds to a client more than once (`async with
        httpx.AsyncClient(base_url=A) as client:`, then again with B), the binding written
        last before the call: the client it is made on, where the code runs straight (the
        first one's base URL was taken for every call)."""
        binding = located.binding
        if located.path != path or binding.scope != call.scope or "." in binding.target:
            return located
        again = self.values.assigned_again(located)
        before = [b for b in (binding, *again) if b.scope == call.scope and b.line <= call.line]
        return Located(path, max(before, key=lambda b: b.line)) if again and before else located

    def _reassigned(self, located: Located) -> str:
        """Why the client an instance's attribute holds may not be the one `located` makes:
        the attribute is set on an object outside its class, or assigned again in it (a
        setter making another client); clients are not compared, so any other assignment
        will do."""
        if not located.binding.target.startswith(("self.", "this.")):
            return ""
        outside = self.values.set_outside(located)
        if outside:
            return outside
        again = self.values.assigned_again(located)
        return assigned_more_than_once(located, again) if again else ""

    def _app_id(self, path: str, scope: str, args: tuple[Arg, ...], given: Given | None) -> str:
        headers = _keyword(args, "headers")
        if headers is None or headers.kind != "object":
            return ""
        found = next((i for i in headers.items if (i.keyword or "").lower() == _DAPR_HEADER), None)
        if found is None:
            return ""
        template = self.values.of_arg(path, scope, found, 0, given) or ()
        return "".join(p.text for p in template if not p.param)


def _is_axios(resolved: ResolvedCall) -> bool:
    return CLIENT_FUNCTIONS.get(resolved.qualname, ("", ""))[0] == "axios"


def _jquery_request(
    resolved: ResolvedCall, positional: list[Arg], method: str
) -> tuple[Arg | None, str, bool] | None:
    """(URL argument, method, whether the call says its method in a value not known here) of
    a jQuery request; the URL argument None when the settings object holds it (`$.ajax({
    url })`, `$.get({ url })`), the method "" when its settings say it. None for what is no
    request: `$(window).load(handler)`, jQuery's event shortcut before 3.0."""
    first = positional[0] if positional else None
    url_arg = first if first is not None and first.kind != "object" else None
    if not resolved.qualname.endswith(JQUERY_LOAD):
        return url_arg, method, False
    if url_arg is None or url_arg.kind == "func":
        return None
    data = positional[1] if len(positional) > 1 else None
    if data is None or data.kind in ("func", "str", "expr"):
        return url_arg, "GET", False
    if data.kind == "object":
        return url_arg, "POST", False
    return url_arg, "", True  # data of a kind not known here: POST when it is an object


def _before_selector(url: Template) -> Template:
    """A URL without the selector jQuery's `.load` takes after a space (`'/news #latest'`)."""
    for index, part in enumerate(url):
        if not part.param and " " in part.text:
            return (*url[:index], replace(part, text=part.text.partition(" ")[0]))
    return url


def _where(resolved: ResolvedCall) -> Where:
    return Where(resolved.path, resolved.call.line, resolved.call.column)


def _made_in(draft: Draft, paths: set[str]) -> bool:
    """Whether a call is made in one of the files `paths`, maybe through wrappers."""
    return bool(paths) and any(w.path in paths for w in (draft.where, *draft.through))


def _made_at(path: str, scope: str, target: str, made: Call) -> Located:
    """A client made by a call written in place, as if bound to the name `target`."""
    return Located(path, Binding(target, "call", made.callee, scope, made.line))


def _typed(binding: Binding) -> Part:
    """The unknown base URL of a client a parameter or an annotated name holds."""
    name, kind = binding.target, binding.annotation or binding.value
    if binding.annotation:
        why = f"'{name}' is annotated {kind}, and what it is set to is not known here"
    else:
        why = f"'{name}' is a parameter ({kind}): its base URL is set by the caller"
    return Part(name, True, why)


# httpx transports that hand requests to an app in this process, or to a function.
_APP_TRANSPORTS = ("ASGITransport", "WSGITransport")
_TRANSPORT = "transport"  # an httpx client's option: what carries its requests


def _as_given(handed: Handed, keyword: str, located: Located, creator: Call) -> bool:
    """Whether what a library's client class is handed for `keyword` through a subclass's
    constructors is what the call making the client gives it there (nothing where the call
    gives nothing): the call's own arguments then say it."""
    own = [a for a in creator.args if a.keyword == keyword]
    if handed.arg is None:
        return not own
    at_call = handed.path == located.path and handed.scope == creator.scope
    return at_call and bool(own) and own[-1] == handed.arg


_IN_PROCESS_TRANSPORTS = (*_APP_TRANSPORTS, "MockTransport")
# The base URL of a client on an in-process transport, its note the transport: the calls it
# makes reach the app, whatever host they name.
IN_PROCESS = "in-process transport"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _last(dotted: str) -> str:
    return dotted.rpartition(".")[2]


def _open(draft: Draft, lands: Callable[[Draft], bool]) -> bool:
    """Whether what a call made with its function's parameters requests is left to the
    callers of that function: its method, or a URL that reaches no service as written."""
    return bool(draft.slots) and (draft.method_given or not lands(draft))


def _concrete(given: Given) -> bool:
    """Whether the values a call gives a wrapper hold none of its own function's parameters."""
    return not any(slots_in(template) for template in given.values())


def _segments(template: Template) -> int:
    """How many path segments a template given for a path holds as written."""
    return len([s for s in display(template).split("?", 1)[0].split("/") if s])


def _no_word(url: Template) -> bool:
    """Whether a URL writes no word of its own, only values and slashes (`${base}/${path}`):
    checked as written, it could land on any route of as many segments, so a wrapper
    making it is checked at each of its calls, with the path each gives."""
    return not any(part.text.strip("/") for part in url if not part.param)


def _given_tail(url: Template) -> frozenset[Slot]:
    """The parameters of its function a URL's path ends with, as whole segments
    (`/myext/${endPoint}`, `${API}/api/${path}`): as written they read as any segment, so
    the call would match the first route there, whichever its callers request."""
    path = list(_before_query(url))
    while path and not path[-1].param and not path[-1].text.strip("/"):
        path.pop()
    tail = len(path)
    while tail and path[tail - 1].slot is not None:
        tail -= 1
    before = path[tail - 1] if tail else None
    if tail == len(path) or before is None or before.param or not before.text.endswith("/"):
        return frozenset()
    return frozenset(p.slot for p in path[tail:] if p.slot is not None)


def _before_query(template: Template) -> Template:
    """The parts of a URL before its query string or fragment."""
    found: list[Part] = []
    for part in template:
        if not part.param and ("?" in part.text or "#" in part.text):
            found.append(Part(re.split(r"[?#]", part.text, maxsplit=1)[0]))
            break
        found.append(part)
    return tuple(found)


def _has_word(value: Template) -> bool:
    """Whether a value given for a path writes a word of its own (`'get-example'`,
    `` `users/${id}` ``), not only values known at run time, slashes or a query."""
    return any(p.text.strip("/") for p in _before_query(value) if not p.param)


def _no_word_unknown(given: Given, tail: frozenset[Slot]) -> Given:
    """`given`, but a parameter of `tail` given no word (`''`, maybe a placeholder the code
    sets before the call, as a Svelte prop's default) not known: matched as a parameter, as
    the call as written is, rather than as an empty segment."""
    changed = dict(given)
    for slot in tail:
        value = given.get(slot)
        if value is not None and not _has_word(value) and not any(p.param for p in value):
            changed[slot] = (Part(slot.name, True, f"'{slot.name}' is given no word"),)
    return changed


def _path_not_known(draft: Draft, note: str) -> Draft:
    """The draft as written with the parameters of its function in its URL taken for paths
    of several segments, not known: unsure rather than one segment each."""
    url_slots = slots_in(draft.url)
    if not url_slots:
        return draft
    url = tuple(
        Part(p.text, True, f"'{p.text}' {note}", spans=True) if p.slot is not None else p
        for p in draft.url
    )
    return replace(draft, url=url, slots=draft.slots - url_slots)


def _whole_urls_apart(url: Template, given: Given) -> Given:
    """`given`, but unknown where a wrapper writes a parameter after another part of its URL
    (`${ML_URL}${path}`) and the call gives it a whole URL: the wrapper must tell the two
    apart at run time (`path.startsWith('http') ? path : ...`), so what it requests is not
    what the template says."""
    changed = dict(given)
    for index, part in enumerate(url):
        value = given.get(part.slot) if part.slot is not None else None
        before = display(url[:index])
        if part.slot is None or not value or value[0].param or not before:
            continue
        if not _WHOLE_URL.match(value[0].text):
            continue
        why = f"'{part.text}' is given a whole URL ({display(value)}), written after {before}"
        changed[part.slot] = (Part(part.text, True, why),)
    return changed


def _no_route(draft: Draft) -> bool:
    """What `ClientFinder` takes a call to match before `find` is given the linker's test."""
    return False
