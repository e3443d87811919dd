"""Outbound calls: HTTP client libraries in both languages, recognised by the qualified name
the name binder gave each call (`requests.delete`, `axios.create().post`, `fetch`), with the
method, the URL template and the base URL of the client instance they were made on."""

from __future__ import annotations

from dataclasses import dataclass

from seamcheck.facts import Arg, Call, Piece, call_within, leaf_arg
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.frameworks import CLIENT_FACTORIES, CLIENT_FUNCTIONS, DEFAULT_METHOD
from seamcheck.seams.model import Where
from seamcheck.seams.values import Part, Template, Values, last_entry, literal

_URL_KEYWORDS = ("url", "uri", "path")
_DAPR_HEADER = "dapr-app-id"
_REQUEST = "Request"  # the Fetch API's `new Request(url, init)`
_MAX_HOPS = 4
# Options whose entries are not known here: a name that holds no object literal, a value
# computed at run time.
_OPAQUE = frozenset({"name", "other"})


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


class ClientFinder:
    def __init__(self, resolution: Resolution, values: Values) -> None:
        self.resolution = resolution
        self.values = values

    def find(self) -> list[Draft]:
        drafts: list[Draft] = []
        for resolved in self.resolution.calls:
            if resolved.kind not in ("external", "builtin"):
                continue
            known = CLIENT_FUNCTIONS.get(resolved.qualname)
            if known is None:
                continue
            draft = self._draft(resolved, *known)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def _draft(self, resolved: ResolvedCall, client: str, method: str) -> Draft | None:
        call = resolved.call
        path, scope = resolved.path, call.scope
        args = tuple(self._expanded(path, scope, a) for a in call.args)
        positional = _positional(args)
        url_arg: Arg | None
        url_at = (path, scope)  # where the URL argument is written
        said = False  # whether the call says its method, maybe in a value not known here
        if resolved.qualname.endswith(".request") and client in ("requests", "httpx", "aiohttp"):
            # session.request("POST", url)
            method_arg = positional[0] if positional else _keyword(args, "method")
            method = method_arg.value.upper() if method_arg and method_arg.kind == "str" else ""
            url_arg = positional[1] if len(positional) > 1 else _keyword(args, "url")
        elif client == "urllib":
            opens = resolved.qualname.endswith("urlopen") and positional
            if opens and self._holds_request(path, scope, positional[0]):
                return None  # the Request(...) it opens is the call we report
            url_arg = positional[0] if positional else _keyword(args, "url")
            method_arg = _keyword(args, "method")
            if method_arg is not None and method_arg.kind == "str":
                method = method_arg.value.upper()
            elif _keyword(args, "data") is not None:
                method = "POST"
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
            if not method:
                method, said = self._method(path, scope, args, url_arg)
        if url_arg is None:
            return None
        url = self.values.of_arg(*url_at, url_arg)
        if url is None:
            return None
        if not said:
            method = method or DEFAULT_METHOD.get(client, "")
        base = self._base(resolved, args)
        return Draft(
            where=Where(path, call.span.line, call.span.column),
            service=self.values.service_of.get(path, ""),
            caller=f"{path}::{scope}",
            client=client,
            method=method,
            url=url,
            base=base,
            app_id=self._app_id(path, scope, args),
        )

    def _method(
        self, path: str, scope: str, args: tuple[Arg, ...], url_arg: Arg | None
    ) -> tuple[str, bool]:
        """The method a call's options say (`fetch(url, { method: 'POST' })`), and whether
        they may say one: an options value not known here (`fetch(url, init)`, `{ ...init }`)
        may, so the library's default is not assumed ("" matches any route)."""
        method_arg = _keyword(args, "method")
        if method_arg is not None:
            value = literal(self.values.of_arg(path, scope, method_arg) or (Part("", True),))
            return (value or "").upper(), True
        options = [a for a in _positional(args) if a is not url_arg]
        return "", any(a.kind in _OPAQUE for a in options)

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
        if made is None:
            return arg
        entries = self._spread_out(path, scope, made[1], depth)
        items = tuple(self._expanded(path, scope, i, depth + 1) for i in entries)
        return Arg("object", keyword=arg.keyword, items=items)

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

    def _base(self, resolved: ResolvedCall, args: tuple[Arg, ...]) -> Template:
        """The base URL: the call's own `baseURL` option, else its client instance's."""
        call = resolved.call
        own = _keyword(args, "baseURL", "base_url", "prefixUrl")
        if own is not None:
            return self.values.of_arg(resolved.path, call.scope, own) or ()
        if "()" not in resolved.qualname:
            return ()
        receiver = call.callee.rpartition(".")[0] if "." in call.callee else call.callee
        located = self.values.locate(resolved.path, call.scope, receiver)
        for _ in range(_MAX_HOPS):  # `self.client = client`: the client it was given
            if located is None or located.binding.kind != "name":
                break
            binding = located.binding
            located = self.values.locate(located.path, binding.scope, binding.value)
        if located is not None and located.binding.kind == "typed":
            name, kind = located.binding.target, located.binding.value
            why = f"'{name}' is a parameter ({kind}): its base URL is set by the caller"
            return (Part(name, True, why),)
        if located is None or located.binding.kind not in ("call", "new"):
            return ()
        creator = self.values.creator(located)
        if creator is None:
            return ()
        factory = located.binding.value.rsplit(".", 1)[-1]
        keyword = next((k for q, k in CLIENT_FACTORIES.items() if q.endswith(factory)), "")
        base_arg = _keyword(creator.args, keyword) if keyword else None
        if base_arg is None:
            return ()
        return self.values.of_arg(located.path, located.binding.scope, base_arg) or ()

    def _app_id(self, path: str, scope: str, args: tuple[Arg, ...]) -> str:
        headers = _keyword(args, "headers")
        if headers is None or headers.kind != "object":
            return ""
        found = next((i for i in headers.items if (i.keyword or "").lower() == _DAPR_HEADER), None)
        if found is None:
            return ""
        template = self.values.of_arg(path, scope, found) or ()
        return "".join(p.text for p in template if not p.param)
