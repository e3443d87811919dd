"""Socket.IO client connections (`seams.socketio` says how they are linked): socket.io-client's
`io(url?, { path })`, whose URL's path is the namespace and whose `path` option the engine
path, and python-socketio's `connect(url, socketio_path=..., namespaces=[...])`, whose URL's
path is not used (python-engineio keeps its origin) and whose namespaces are given apart
(the root namespace when none are). Each is one draft per namespace, its URL the origin,
then `seams.socketio.connection_path`; what is not known stays a parameter, so the linker
says unsure."""

from __future__ import annotations

import re

from seamcheck.facts import Arg
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.clients import Draft
from seamcheck.seams.model import SIO, Where
from seamcheck.seams.socketio import connection_path
from seamcheck.seams.socketioevents import event_path, plain_event
from seamcheck.seams.values import Located, Part, Template, Values, literal

# socket.io-client's `io(url?, opts?)` (also `connect`), however imported.
_JS_CLIENTS = frozenset(
    f"socket.io-client{export}"
    for export in ("", ".io", ".default", ".connect", ".default.io", ".default.connect")
)
_PY_CLIENTS = frozenset(
    f"socketio.{cls}().connect"
    for cls in ("Client", "AsyncClient", "SimpleClient", "AsyncSimpleClient")
)
_DEFAULT_JS_PATH = "/socket.io"
_DEFAULT_PY_PATH = "socket.io"
# Where a URL's origin ends, params written as one character (`_HOLE`) each.
_HOLE = "\x00"
_ORIGIN = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/?#]*|^\x00(?=/|$)")
_UNKNOWN_OPTIONS = "options not all read"
# An emit's draft -> where the connection it is made on is.
Emits = dict[Where, Where]
# Where a socket.io-client connection is, its origin, engine path and namespace.
_Made = tuple[Where, Template, Template, Template]


def socketio_clients(resolution: Resolution, values: Values) -> tuple[list[Draft], Emits]:
    """A draft per namespace of each Socket.IO connection the code makes, then one per event
    a socket.io-client connection emits, with the connection each emit is made on."""
    drafts: list[Draft] = []
    # a socket.io-client connection's parts by where its line is: None for a line making two
    # (`const chat = io(A), news = io(B)`), as a name's binding says only its line
    made: dict[tuple[str, int], _Made | None] = {}
    # The calls of a library's functions, read again for emits below: 58k of gen-10000's
    # 935k calls.
    external = resolution.calls_of_kind("external")
    for resolved in external:
        if resolved.qualname in _JS_CLIENTS and not resolved.path.endswith(".py"):
            draft, parts = _node_client(resolved, values)
            drafts.append(draft)
            line = (resolved.path, resolved.call.span.line)
            made[line] = None if line in made else (draft.where, *parts)
        elif resolved.qualname in _PY_CLIENTS and resolved.path.endswith(".py"):
            drafts.extend(_python_client(resolved, values))
    emits: Emits = {}
    for resolved in external:
        if _emits(resolved.qualname):
            emitted = _emit(resolved, resolution, values, made)
            if emitted is not None:
                drafts.append(emitted[0])
                emits[emitted[0].where] = emitted[1]
    return drafts, emits


def _emits(qualname: str) -> bool:
    """`socket.emit('x', ...)` on a socket.io-client connection (`.timeout(ms).emit` too)."""
    head, _, method = qualname.partition("().")
    return head in _JS_CLIENTS and method.rpartition(".")[2] in ("emit", "emitWithAck")


def _emit(
    resolved: ResolvedCall,
    resolution: Resolution,
    values: Values,
    made: dict[tuple[str, int], _Made | None],
) -> tuple[Draft, Where] | None:
    """The event an emit sends, on the connection its receiver holds (a name bound to the
    `io()` call, here or imported); None when either is not known."""
    call = resolved.call
    event = plain_event(next((a for a in call.args if a.keyword is None), None))
    receiver = call.callee.split(".")[0]
    if not event or "(" in receiver or "[" in receiver:
        return None
    located = values.locate(resolved.path, call.scope, receiver)
    if located is None or located.binding.kind != "call" or _rebound(resolution, located):
        return None
    connection = made.get((located.path, located.binding.line))
    if connection is None:
        return None
    where, origin, engine, namespace = connection
    known_engine, known_namespace = literal(engine), literal(namespace)
    if known_engine is None or known_namespace is None:
        return None
    path = event_path(known_engine, known_namespace or "/", event)
    span = call.span
    draft = Draft(
        where=Where(resolved.path, span.line, span.column),
        service=values.service_of.get(resolved.path, ""),
        caller=f"{resolved.path}::{call.scope}",
        client="socket.io-client",
        method=SIO,
        url=(*origin, Part(path)),
    )
    return draft, where


def _rebound(resolution: Resolution, located: Located) -> bool:
    """Whether the name is assigned again in its scope (`let socket = io(URL)`, then
    `socket = io(`${URL}/chat`)` in a function): which connection it holds at an emit is
    not known."""
    facts = resolution.facts.get(located.path)
    bound = located.binding
    return facts is not None and any(
        b.target == bound.target and b.scope == bound.scope and b.line != bound.line
        for b in facts.bindings
    )


def _node_client(
    resolved: ResolvedCall, values: Values
) -> tuple[Draft, tuple[Template, Template, Template]]:
    call = resolved.call
    positional = [a for a in call.args if a.keyword is None]
    url: Arg | None = None
    options: Arg | None = None
    if positional and positional[0].kind == "object":  # io({ path }): the page's origin
        options = positional[0]
    else:
        url = positional[0] if positional else None
        options = positional[1] if len(positional) > 1 else None
    origin, namespace = _split(_value(resolved, values, url) if url is not None else ())
    engine = _option(resolved, values, options, "path", _DEFAULT_JS_PATH)
    draft = _draft(resolved, values, "socket.io-client", origin, engine, namespace)
    return draft, (origin, engine, namespace)


def _python_client(resolved: ResolvedCall, values: Values) -> list[Draft]:
    call = resolved.call
    positional = [a for a in call.args if a.keyword is None]
    url = next((a for a in call.args if a.keyword == "url"), positional[0] if positional else None)
    template = _value(resolved, values, url) if url is not None else ()
    origin, _ = _split(template)
    engine = _keyword(resolved, values, "socketio_path", _DEFAULT_PY_PATH)
    given = next((a for a in call.args if a.keyword in ("namespaces", "namespace")), None)
    if given is None:
        namespaces: list[Template] = [(Part("/"),)]
    else:
        items = given.items if given.kind == "list" else (given,)
        namespaces = [_value(resolved, values, item) for item in items] or [(Part("/"),)]
    return [
        _draft(resolved, values, "python-socketio", origin, engine, namespace)
        for namespace in namespaces
    ]


def _draft(
    resolved: ResolvedCall,
    values: Values,
    client: str,
    origin: Template,
    engine: Template,
    namespace: Template,
) -> Draft:
    known_engine, known_namespace = literal(engine), literal(namespace)
    if known_engine is not None and known_namespace is not None:
        tail: Template = (Part(connection_path(known_engine, known_namespace or "/")),)
    else:
        # Not known before run time: the linker says where the call goes and that its path
        # is not known there.
        tail = (*_rooted(engine), Part("/@"), *(_rooted(namespace) if namespace else ()))
    span = resolved.call.span
    return Draft(
        where=Where(resolved.path, span.line, span.column),
        service=values.service_of.get(resolved.path, ""),
        caller=f"{resolved.path}::{resolved.call.scope}",
        client=client,
        method=SIO,
        url=(*origin, *tail),
    )


def _rooted(template: Template) -> Template:
    """A path template starting with one slash."""
    if template and not template[0].param:
        return (Part("/" + template[0].text.lstrip("/")), *template[1:])
    return (Part("/"), *template)


def _split(template: Template) -> tuple[Template, Template]:
    """A socket.io-client URL's origin and its path (the namespace): `http://gw:3000/chat`
    is `http://gw:3000` and `/chat`; a relative `/chat` has no origin (the page's); a URL
    starting with a value not known (`${API}/chat`) takes that value for its origin."""
    flat = "".join(_HOLE if p.param else p.text for p in template)
    found = _ORIGIN.match(flat)
    cut = found.end() if found else 0
    origin: list[Part] = []
    path: list[Part] = []
    at = 0
    for part in template:
        width = 1 if part.param else len(part.text)
        if at + width <= cut:
            origin.append(part)
        elif at >= cut or part.param:
            path.append(part)
        else:
            origin.append(Part(part.text[: cut - at]))
            path.append(Part(part.text[cut - at :]))
        at += width
    return tuple(origin), tuple(p for p in path if p.param or p.text)


def _value(resolved: ResolvedCall, values: Values, arg: Arg) -> Template:
    value = values.of_arg(resolved.path, resolved.call.scope, arg)
    return value if value is not None else (Part("value", True, "not read"),)


def _option(
    resolved: ResolvedCall, values: Values, options: Arg | None, key: str, default: str
) -> Template:
    """The string option `key` of an options object, its default when it is left out; a
    value not known when options it does not read may set it."""
    if options is None:
        return (Part(default),)
    if options.kind != "object":
        return (Part(key, True, _UNKNOWN_OPTIONS),)
    given = next((a for a in reversed(options.items) if a.keyword == key), None)
    if given is not None:
        return _value(resolved, values, given)
    if any(a.kind in ("spread", "more") for a in options.items):
        return (Part(key, True, _UNKNOWN_OPTIONS),)
    return (Part(default),)


def _keyword(resolved: ResolvedCall, values: Values, keyword: str, default: str) -> Template:
    given = next((a for a in resolved.call.args if a.keyword == keyword), None)
    if given is None:
        if any(a.kind == "other" and a.value == "**" for a in resolved.call.args):
            return (Part(keyword, True, "given by **kwargs"),)
        return (Part(default),)
    return _value(resolved, values, given)
