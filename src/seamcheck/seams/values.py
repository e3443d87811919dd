"""String values known before run time: URL templates from literals, f-strings, template
literals, concatenation, `.format`, `%`, module constants (same file or imported, settings
attributes with literal defaults) and environment variables (compose, .env, code defaults).

What stays unknown becomes a parameter part that says where it came from."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from seamcheck.facts import MODULE_SCOPE, Arg, Binding, Call, Piece, Span
from seamcheck.resolve.model import ImportTarget, Resolution
from seamcheck.resolve.names import FileSymbols, NameResolver, Ref

_MAX_DEPTH = 10
_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # a reference with a scheme
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*", re.IGNORECASE)
# Constructors whose value is a URL: `new URL(path, base)` (global, or Node's `url` module).
_URL_CONSTRUCTORS = frozenset({"URL", "url.URL"})


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a resolved string: literal text, or a parameter (`text` is its name,
    `note` where it came from or why it is not known)."""

    text: str
    param: bool = False
    note: str = ""


Template = tuple[Part, ...]


def display(template: Template) -> str:
    return "".join("{" + p.text + "}" if p.param else p.text for p in template)


def literal(template: Template) -> str | None:
    """The whole string when nothing in it is a parameter."""
    return None if any(p.param for p in template) else "".join(p.text for p in template)


def span_within(inner: Span, outer: Span) -> bool:
    starts_after = (inner.line, inner.column) >= (outer.line, outer.column)
    return starts_after and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


def call_within(inner: Call, outer: Call) -> bool:
    """Whether `inner` is written inside `outer`'s parentheses (`Mount('/x', routes=[Route(
    ...)])`, `FooStub(grpc.insecure_channel(addr))`)."""
    return inner is not outer and span_within(inner.span, outer.span)


def url_join(base: Template, ref: Template) -> Template:
    """`new URL(ref, base)`: `ref` resolved against `base` as a URL parser does when the
    base is known: an absolute `ref` stands alone, a root-relative one keeps the base's
    origin only (`new URL('/predict', 'http://gw/api')` is `http://gw/predict`), any other
    replaces what follows the base's last slash. When the base or the start of `ref` is not
    known, `ref` follows the base as written."""
    text = literal(base)
    origin = _ORIGIN.match(text) if text is not None else None
    head = ref[0].text if ref and not ref[0].param else ""
    if text is None or origin is None or not head:
        return (*base, *ref)
    if _ABSOLUTE.match(head):
        return ref
    if head.startswith("//"):
        return (Part(text[: text.index("//")]), *ref)
    if head.startswith("/"):
        return (Part(origin.group()), *ref)
    path = text[origin.end() :]
    if head.startswith("#"):
        return (Part(origin.group() + path.split("#", 1)[0]), *ref)
    path = re.split("[?#]", path, maxsplit=1)[0]
    if head.startswith("?"):
        return (Part(origin.group() + path), *ref)
    directory = path[: path.rfind("/") + 1] or "/"
    rest = (Part(head.removeprefix("./")), *ref[1:])
    return (Part(origin.group() + directory), *rest)


# (service, variable) -> (value, where it was set), or None
EnvLookup = Callable[[str, str], "tuple[str, str] | None"]


@dataclass(frozen=True, slots=True)
class Located:
    path: str
    binding: Binding


class Values:
    """Resolves arguments and names to templates, across files, through the name binder."""

    def __init__(self, resolution: Resolution, service_of: dict[str, str], env: EnvLookup):
        names = resolution.names
        if names is None:
            raise ValueError("the resolution carries no name binder")
        self.names: NameResolver = names
        self.symbols: dict[str, FileSymbols] = dict(names.symbols)
        self.service_of = service_of
        self.env = env
        # path -> callee -> that file's calls to it, in source order (for `creator`).
        self._calls_to: dict[str, dict[str, list[Call]]] = {}

    # -- templates ---------------------------------------------------------------------

    def of_arg(self, path: str, scope: str, arg: Arg, depth: int = 0) -> Template | None:
        """The string an argument holds; None for a function, object or list."""
        if arg.kind in ("str", "num"):
            return (Part(arg.value),)
        if arg.kind == "name":
            return self.of_name(path, scope, arg.value, depth)
        if arg.kind == "expr":
            return self.of_pieces(path, scope, arg.pieces, depth)
        if arg.kind == "other":
            return (Part("value", True, "computed at run time"),)
        return None

    def of_pieces(self, path: str, scope: str, pieces: tuple[Piece, ...], depth: int) -> Template:
        parts: list[Part] = []
        for index, piece in enumerate(pieces):
            if piece.kind == "lit":
                parts.append(Part(piece.value))
            elif piece.kind == "env":
                parts.extend(self._env(path, piece))
            elif piece.kind == "name":
                resolved = self.of_name(path, scope, piece.value, depth + 1)
                if piece.default is not None and any(p.param for p in resolved):
                    resolved = (Part(piece.default),)
                parts.extend(resolved)
            elif piece.kind == "url":  # `new URL(ref, base)`: the base before, the ref after
                ref = self.of_pieces(path, scope, pieces[index + 1 :], depth)
                return url_join(tuple(parts), ref)
            else:
                parts.append(Part("value", True, f"computed: {piece.value}"))
        return tuple(parts)

    def _env(self, path: str, piece: Piece) -> Template:
        found = self.env(self.service_of.get(path, ""), piece.value)
        if found is not None:
            return (Part(found[0]),)
        if piece.default is not None:
            return (Part(piece.default),)
        note = f"environment variable {piece.value} is set nowhere in the repository"
        return (Part(piece.value, True, note),)

    def of_name(self, path: str, scope: str, dotted: str, depth: int) -> Template:
        name = dotted.rsplit(".", 1)[-1]
        if depth > _MAX_DEPTH:
            return (Part(name, True, f"'{dotted}': constant chain too deep"),)
        located = self.locate(path, scope, dotted, depth)
        if located is None and dotted.endswith(".href"):
            # `url.href`: a URL's (or a Location's, or a link's) text, as `String(url)`.
            return self.of_name(path, scope, dotted.removesuffix(".href"), depth + 1)
        if located is None:
            return (Part(name, True, f"'{dotted}' is a parameter or not a constant"),)
        binding = located.binding
        if binding.kind == "str":
            return (Part(binding.value),)
        if binding.kind == "new" and binding.value in _URL_CONSTRUCTORS:
            made = self.creator(located)
            if made is not None:
                return self.of_url(located.path, binding.scope, made.args, depth + 1)
        if binding.kind == "expr":
            return self.of_pieces(located.path, binding.scope, binding.pieces, depth + 1)
        if binding.kind == "name":
            return self.of_name(located.path, binding.scope, binding.value, depth + 1)
        if binding.kind == "typed":
            return (Part(name, True, f"'{dotted}' is a parameter of type {binding.value}"),)
        return (Part(name, True, f"'{dotted}' holds the result of {binding.value}()"),)

    def of_url(self, path: str, scope: str, args: tuple[Arg, ...], depth: int) -> Template:
        """The URL `new URL(ref, base)` makes, from the constructor's arguments."""
        if not args:
            return (Part("value", True, "new URL() without arguments"),)
        made = [self.of_arg(path, scope, a, depth + 1) for a in args[:2]]
        ref, base = made[0], made[1] if len(made) > 1 else ()
        if ref is None or base is None:
            return (Part("value", True, "new URL() of a value that is not a string"),)
        return url_join(base, ref)

    # -- where a name is bound -----------------------------------------------------------

    def creator(self, located: Located) -> Call | None:
        """The call that made the value a binding holds (`ml = axios.create({...})`): the
        first call to that callee at or after the binding's line."""
        file = self.symbols.get(located.path)
        binding = located.binding
        if file is None or binding.kind not in ("call", "new"):
            return None
        return next(
            (c for c in self.calls_to(located.path, binding.value) if c.span.line >= binding.line),
            None,
        )

    def calls_to(self, path: str, callee: str) -> Sequence[Call]:
        """The file's calls to `callee`, in source order. Indexed per file: route finders ask
        `creator` of every binding of a large app module."""
        calls_to = self._calls_to.get(path)
        if calls_to is None:
            calls_to = self._calls_to[path] = {}
            file = self.symbols.get(path)
            calls = file.facts.calls if file is not None else ()
            for call in sorted(calls, key=lambda c: (c.span.line, c.span.column)):
                calls_to.setdefault(call.callee, []).append(call)
        return calls_to.get(callee, ())

    def object_id(self, located: Located) -> str:
        """A stable id for the object a binding holds."""
        return f"{located.path}::{located.binding.scope}::{located.binding.target}"

    def locate(self, path: str, scope: str, dotted: str, depth: int = 0) -> Located | None:
        """The assignment that gives `dotted` its value, in this file or another."""
        file = self.symbols.get(path)
        if file is None or depth > _MAX_DEPTH:
            return None
        head, _, rest = dotted.partition(".")
        if head in ("self", "this") and rest and "." not in rest:
            cls = file.class_of(scope)
            bound = file.member_bindings.get(f"{cls}.{rest}") if cls else None
            return Located(path, bound) if bound is not None else None
        if not rest:
            for candidate in file.scope_chain(scope):
                imported = file.imported.get((candidate, head))
                if imported is not None:
                    return self._imported(imported[0], imported[1], depth + 1)
                bound = file.bindings.get((candidate, head))
                if bound is not None:
                    return Located(path, bound)
            return None
        owner, _, attr = dotted.rpartition(".")
        ref = self.names.resolve_dotted(file, scope, owner, 0)
        return self._attribute(ref, attr, depth + 1)

    def _imported(self, target: ImportTarget, member: str | None, depth: int) -> Located | None:
        if target.kind != "module":
            return None
        if member is None and not target.path.endswith((".py", ".pyi")):
            member = "default"  # `const users = require('./users')`: its module.exports
        if member is None or member.startswith("<top>"):
            return None
        if member.startswith("<attr>"):
            return self.module_member(target.path, member[len("<attr>") :], depth)
        if target.qualname.endswith("." + member):
            return None  # `from pkg import submodule`: a module, not a value
        return self.module_member(target.path, member, depth)

    def module_member(self, path: str, name: str, depth: int = 0) -> Located | None:
        file = self.symbols.get(path)
        if file is None:
            return None
        local = name if file.is_python else file.exports.get(name, name)
        return self.locate(path, MODULE_SCOPE, local, depth + 1)

    def _attribute(self, ref: Ref, attr: str, depth: int) -> Located | None:
        if ref.kind == "pymodule":
            module_path = self.names.python_module_path.get((ref.service, ref.name))
            return self.module_member(module_path, attr, depth) if module_path else None
        if ref.kind == "jsmodule":
            return self.module_member(ref.path, attr, depth)
        if ref.kind in ("instance", "def"):
            file = self.symbols.get(ref.path)
            if file is None:
                return None
            bound = file.bindings.get((ref.name, attr)) or file.member_bindings.get(
                f"{ref.name}.{attr}"
            )
            return Located(ref.path, bound) if bound is not None else None
        return None
