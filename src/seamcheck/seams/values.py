"""String values known before run time: URL templates from literals, f-strings, template
literals, concatenation, `.format`, `%`, module constants (same file or imported, settings
attributes with literal defaults, entries of JS config objects) and environment variables
(compose, .env, code defaults).

What stays unknown becomes a parameter part that says where it came from."""

from __future__ import annotations

import copy
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from seamcheck.backrefs import weak_owner
from seamcheck.facts import (
    MODULE_SCOPE,
    RETURNED,
    Arg,
    Binding,
    Call,
    Definition,
    Piece,
    call_within,
    enclosing_scope,
    is_own_parameter,
    loops_over_parameter,
    result_of,
)
from seamcheck.records import dataclass
from seamcheck.resolve.appstate import Stored
from seamcheck.resolve.model import ImportTarget, Resolution
from seamcheck.resolve.names import FileSymbols, NameResolver, Ref
from seamcheck.resolve.roots import DJANGO_SETTINGS_MODULE, sets_django_settings

if TYPE_CHECKING:
    from seamcheck.seams.hierarchy import Hierarchy
    from seamcheck.seams.instances import Constructions
    from seamcheck.seams.returns import Returns
    from seamcheck.seams.traits import Traits

_MAX_DEPTH = 10
# A name assigned more than this many ways is not read: each way is read in full, so names
# reassigned along a chain of names would cost this to the power of the chain's length.
_MAX_VALUES = 2
# Names holding another's value followed at most this deep (`Values.aliased`).
_MAX_ALIASES = 8
# A call's place in its file, to sort by: read in C, not by a lambda, as `calls_to` sorts
# every call of each file a route finder asks of (gen-10000: 185k).
_source_order = operator.attrgetter("line", "column")
# JS calls that copy entries into the object their first argument names.
MERGES = ("Object.assign", "_.assign", "_.extend", "_.merge", "_.defaults", "_.set")
# pydantic's Field, and the arguments that name the environment variable a settings field
# is read from (pydantic 2's `alias`/`validation_alias`, pydantic 1's `env`).
_PYDANTIC_FIELDS = frozenset({"pydantic.Field", "pydantic.fields.Field"})
_FIELD_ALIASES = frozenset({"alias", "validation_alias", "env"})
_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # a reference with a scheme
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*", re.IGNORECASE)
# Constructors whose value is a URL: `new URL(path, base)` (global, or Node's `url` module).
_URL_CONSTRUCTORS = frozenset({"URL", "url.URL"})
# The parts of a URL object that setting leaves its path alone.
_QUERY_PARTS = frozenset({"search", "hash"})
# What interpolation leaves of a variable nothing in the repository sets (`dotenv.interpolate`).
_UNSET = re.compile(r"\$\{(\w+)\}")
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Slot:
    """A parameter of a first-party function (`function` its qualname in `path`): what it
    holds is what each call of the function gives it."""

    path: str
    function: str
    name: str


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a resolved string: literal text, or a parameter (`text` is its name,
    `note` where it came from or why it is not known; `slot` the function parameter it is,
    when it is one that calls of the function may give; `spans` when it may hold several
    path segments, as the path a proxy forwards does). `choices`: the values a parameter may
    hold, each with what says where it is set, when the places running the service set an
    environment variable to different values (`environment.settled`), or the branches of a
    conditional the code writes (`branches`: each is a value it may send; `held` when a name
    holds it, so that the code may pick the call's method by the same condition: `if (id)
    put(url) else post(url)`); the linker checks a call with each."""

    text: str
    param: bool = False
    note: str = ""
    slot: Slot | None = None
    spans: bool = False
    choices: tuple[tuple[tuple[Part, ...], str], ...] = ()
    branches: bool = False
    held: bool = False


Template = tuple[Part, ...]
# The host and the origin of the page a browser app runs in (`location.host`, unbound in
# the file): a URL on them is the page's own origin, as browsers write a websocket's
# (`link._after_page_origin`).
PAGE_HOST, PAGE_ORIGIN = "location.host", "location.origin"
_PAGE = {
    f"{scope}{name}": name
    for scope in ("", "window.", "document.", "globalThis.")
    for name in (PAGE_HOST, PAGE_ORIGIN)
}
# The address of the page a browser app runs in (`window.location.href`, unbound in the
# file): a request to it reaches whichever route served the page, not known before run time.
_PAGE_ADDRESS_NOTE = "is the address of the page making the call"
_PAGE_ADDRESS = frozenset(
    f"{scope}{name}"
    for scope in ("", "window.", "document.", "globalThis.")
    for name in ("location", "location.href")
) | {"document.URL"}
# The page's `<base href>` (`document.baseURI`, or the element's `href` read, which the
# extractor names so): the path the app is served under, which a server behind a path prefix
# is served under too; taken, as the page's relative URLs are, for the root of its origin.
_PAGE["document.baseURI"] = PAGE_ORIGIN
# A Tornado application's `base_url` setting (`Piece` kind `base`): the path a Jupyter
# server serves everything under, set when it starts. A Jupyter extension's handlers are
# read after it (`routes.tornado`); anywhere else it is a value known only at run time. The
# extractor makes any `settings["base_url"]` of Python code one (a config dict's too), so the
# note names no server.
SERVER_BASE = "settings.base_url"
_SERVER_BASE_NOTE = "the 'base_url' setting is known only at run time"
# JupyterHub's page data (its `page.html` template's `window.jhdata = { base_url: ... }`),
# whose `base_url` is the hub's prefix, `/hub/` under the server's base URL.
_HUB_PAGE_DATA_GLOBAL, _HUB_PAGE_DATA_NAME = "window.jhdata", "jhdata"
_HUB_PAGE_DATA = frozenset({_HUB_PAGE_DATA_GLOBAL, _HUB_PAGE_DATA_NAME})
_HUB_PREFIX = "/hub/"
# JupyterLab's default connection settings, whose `baseUrl` is the page's server's, and
# their type.
_JUPYTERLAB_SETTINGS = "@jupyterlab/services.ServerConnection.makeSettings"
_JUPYTERLAB_SETTINGS_TYPE = "@jupyterlab/services.ServerConnection.ISettings"
# The constants of a library that code writes into URLs, by what they are imported as: the
# Jupyter servers' `path_regex`, which a server extension's handlers of a file or folder
# end with (`url_path_join(base_url, "myext", "files") + path_regex`).
_JUPYTER_PATH_REGEX = r"(?P<path>(?:(?:/[^/]+)+|/?))"
_LIBRARY_CONSTANTS = {
    "jupyter_server.base.handlers.path_regex": _JUPYTER_PATH_REGEX,
    "notebook.base.handlers.path_regex": _JUPYTER_PATH_REGEX,
}
# What calls give a function's parameters, for templates built inside it.
Given = Mapping[Slot, Template]


def _page_address(dotted: str, path: str) -> bool:
    """Whether `dotted`, written in a script, names the address of its page (`location.href`)."""
    return dotted in _PAGE_ADDRESS and not path.endswith(".py")


def parameter_names(params: tuple[str, ...]) -> Iterator[str]:
    """The names of `Definition.params` that a caller's argument may fill."""
    for param in params:
        if param and param[0] not in "*/":
            yield param.removesuffix("=")


def constructor_class(scope: str) -> str | None:
    """The class whose constructor `scope` is (`ModelClient.__init__` -> `ModelClient`)."""
    cls, _, name = scope.rpartition(".")
    return cls if cls and name in ("__init__", "constructor") else None


# The name of the `Slot` that says which class's instance a method is called on (see
# `Values.receiver`): no parameter is so named.
_RECEIVER = "<this>"


def receiver_slot(path: str, function: str) -> Slot:
    return Slot(path, function, _RECEIVER)


def receiver_given(path: str, cls: str) -> Template:
    """What a call of a method on `self`/`this` gives its `receiver_slot`: the instance's
    class (in `path`), written where a string's parts would be."""
    return (Part(f"{path}::{cls}", True, "the instance a method is called on"),)


def slots_in(template: Template) -> frozenset[Slot]:
    return frozenset(p.slot for p in template if p.slot is not None)


def display(template: Template) -> str:
    # A list, not a generator: `join` makes one of it anyway (gen-10000: 56k templates).
    return "".join(["{" + p.text + "}" if p.param else p.text for p in template])


def literal(template: Template) -> str | None:
    """The whole string when nothing in it is a parameter."""
    return None if any(p.param for p in template) else "".join(p.text for p in template)


def _or_default(resolved: Template, default: str) -> Template:
    """`value || 'default'` where `value` is not known here: the default, unless the value is
    a wrapper's parameter (`options.method || 'GET'` in `request(endpoint, options)`), which
    each call of the wrapper gives (`{ method: 'POST' }`): then the parameter stays, and the
    default holds where a call gives it nothing."""
    if not slots_in(resolved):
        return (Part(default),)
    note = f"'{default}' where the call gives none"
    return tuple(
        replace(p, note=f"{p.note}; {note}") if p.slot is not None else p for p in resolved
    )


def url_join(base: Template, ref: Template) -> Template:
    """`new URL(ref, base)`: `ref` resolved against `base` as a URL parser does when the
    base is known: an absolute `ref` stands alone (whatever the base), a root-relative one
    keeps the base's origin only (`new URL('/predict', 'http://gw/api')` is
    `http://gw/predict`), any other replaces what follows the base's last slash. When the
    base or the start of `ref` is not known, `ref` follows the base as written."""
    if ref and ref[0].param and ref[0].text == PAGE_ORIGIN and _on_the_page(base):
        # On the page's origin (JupyterHub's `jhdata.base_url`, a root-relative path, or
        # JupyterLab's absolute `settings.baseUrl`), resolved against the page: itself.
        return ref
    text = literal(base)
    origin = _ORIGIN.match(text) if text is not None else None
    head = ref[0].text if ref and not ref[0].param else ""
    if _ABSOLUTE.match(head):
        return ref  # `new URL("https://api.example.com/x", location.origin)`
    if text is None or origin is None or not head:
        # Each of a base's `choices` would resolve `ref` its own way: not followed.
        return (*(replace(p, choices=()) for p in base), *ref)
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


def _on_the_page(base: Template) -> bool:
    """Whether a base URL is the page's: its origin or its address (`location.origin`,
    `window.location.href`)."""
    first = base[0] if base else None
    return (
        first is not None
        and first.param
        and (first.text == PAGE_ORIGIN or first.note.endswith(_PAGE_ADDRESS_NOTE))
    )


_DJANGO_SETTINGS = "django.conf.settings"


# What a name holding no known string is, for the reason a URL part stays unknown.
_NOT_A_STRING = {
    "object": "is an object, not a string",
    "list": "is a list, not a string",
    "func": "is a function, not a string",
    "local": "is a parameter or a local set at run time",
    "item": "is an item of an array, set at run time",
}
# An object literal's entry read as the binding of `object.key`: the kinds of value an
# argument and a binding share.
_ENTRY_KINDS = {"str": "str", "num": "str", "name": "name", "expr": "expr", "object": "object",
                "list": "list", "func": "func"}  # fmt: skip


def _reads_itself(binding: Binding) -> bool:
    """Whether an assignment reads the name it assigns (`path = '/v2' + path`)."""
    if binding.kind == "name":
        return binding.value == binding.target
    return binding.kind == "expr" and any(
        p.kind == "name" and p.value == binding.target for p in binding.pieces
    )


def _strips_itself(binding: Binding) -> bool:
    """Whether an assignment only takes the trailing slashes off the name it assigns
    (`base = base.rstrip("/")`, `base = base.replace(/\\/+$/, '')`)."""
    pieces = binding.pieces
    return (
        binding.kind == "expr"
        and len(pieces) == 2
        and pieces[0] == Piece("name", binding.target)
        and pieces[1].kind == "strip"
    )


def _query_or_nothing(binding: Binding) -> bool:
    """Whether an assignment gives its name a query string or fragment, or nothing (`let
    query = ''`, then `query = `?status=${status}``): no path, whichever runs last."""
    if binding.kind == "str":
        return binding.value[:1] in ("", "?", "#")
    first = binding.pieces[0] if binding.kind == "expr" and binding.pieces else None
    return first is not None and first.kind == "lit" and first.value[:1] in ("?", "#")


def environment_value(variable: str, value: str, where: str) -> Template:
    """The value `where` gives `variable`: a `${NAME}` interpolation left in it (compose's,
    a `.env`'s) is not known, the shell's that runs it: compose passes `- ML_URL` on as it
    interpolates `${ML_URL}`."""
    if "${" not in value:
        return (Part(value),)
    parts: list[Part] = []
    at = 0
    for match in _UNSET.finditer(value):
        if match.start() > at:
            parts.append(Part(value[at : match.start()]))
        name = match.group(1)
        if match.group(0) == value and name == variable:
            note = f"environment variable {variable} is taken from the shell by {where}"
        else:
            note = (
                f"environment variable {variable} is set to '{value}' in {where}, which takes "
                f"{name} from the shell"
            )
        parts.append(Part(name, True, note))
        at = match.end()
    if at < len(value):
        parts.append(Part(value[at:]))
    return tuple(parts)


def _unset(variable: str) -> str:
    return f"environment variable {variable} is set nowhere in the repository"


def without_trailing_slashes(template: Template) -> Template:
    """`template` with the slashes it ends with taken off, when they are known."""
    parts = list(template)
    if parts and parts[-1].choices:
        choices = tuple((without_trailing_slashes(c), label) for c, label in parts[-1].choices)
        parts[-1] = replace(parts[-1], choices=choices)
    empty: list[Part] = []  # an empty value's note says why it is empty (`Values._env`)
    while parts and not parts[-1].param:
        text = parts[-1].text.rstrip("/")
        if text:
            parts[-1] = Part(text)
            break
        last = parts.pop()
        if not last.text and last.note:
            empty.append(last)
    return (*parts, *reversed(empty))


def _appends_query(binding: Binding) -> bool:
    """Whether an assignment appends a query string or fragment to the name it assigns
    (`url += '?q=' + q`, `url = f"{url}&page={p}"`): what it leaves of the path is the
    name's value before."""
    pieces = binding.pieces
    return (
        binding.kind == "expr"
        and len(pieces) > 1
        and pieces[0].kind == "name"
        and pieces[0].value == binding.target
        and pieces[1].kind == "lit"
        and pieces[1].value[:1] in ("?", "#", "&")
    )


def _is_self(definition: Definition, name: str, python: bool) -> bool:
    """Whether `name` is a Python method's `self`/`cls`: the object it is called on."""
    return (
        python
        and definition.kind == "method"
        and "staticmethod" not in definition.decorators
        and definition.params[:1] == (name,)
    )


def assigned_more_than_once(located: Located, again: Sequence[Binding]) -> str:
    """The reason a name (an attribute) assigned `again` after `located` is not known."""
    lines = ", ".join(str(line) for line in sorted({b.line for b in (located.binding, *again)}))
    return f"'{located.binding.target}' is assigned more than once ({located.path}:{lines})"


def last_entry(items: Sequence[Arg], keys: Sequence[str]) -> tuple[int, Arg] | None:
    """The last entry of an object literal that may set one of `keys`, with its index: one
    written with it, or a spread, a computed key or entries not read written after it."""
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if item.keyword in keys or item.kind in ("spread", "more"):
            return index, item
        if item.keyword is not None and item.keyword.startswith("["):
            return index, item
    return None


def _entry_binding(item: Arg, owner: Binding, target: str) -> Binding:
    """An object literal's entry as a binding of `target`, in the object's scope."""
    kind = _ENTRY_KINDS.get(item.kind, "other")
    return Binding(target, kind, item.value, owner.scope, owner.line, item.pieces, item.items)


def _member_name(dotted: str) -> str | None:
    """The attribute `self.x` / `this.x` reads, of the instance itself."""
    head, _, rest = dotted.partition(".")
    if head in ("self", "this") and rest and "." not in rest:
        return rest
    return None


def _member(file: FileSymbols, cls: str, attribute: str) -> Binding | None:
    """The first binding of `cls`'s instances' `attribute` in its class. What the class
    assigns it says more than a value-less field's type."""
    key = f"{cls}.{attribute}"
    return file.member_values.get(key) or file.member_bindings.get(key)


# Bases that make no fields of a class's attributes (a dataclass's, a pydantic model's do).
_PLAIN_BASES = frozenset(
    {"object", "abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol"}
)


def _instance_value(file: FileSymbols, cls: str, attribute: str) -> Binding | None:
    """Where an instance of `cls` gets `attribute`: what its methods assign it (`_member`),
    or a Python class attribute unless the constructor sets the instance's own."""
    own = _member(file, cls, attribute)
    if own is not None and file.sets_in_constructor(cls, attribute):
        return own
    return file.class_attribute(cls, attribute) or own


def _in_python_body(file: FileSymbols, binding: Binding) -> bool:
    """Whether `binding` is a Python class attribute (a JS class field is one of the
    instance's members, set by no constructor parameter)."""
    return file.is_python and "." not in binding.target


def _one(sources: list[Located] | str, dotted: str) -> Located | str | None:
    """The one place `Values.members` found, or why there is not one."""
    if isinstance(sources, str):
        return sources
    if len(sources) > 1:
        return f"'{dotted}' is set by several classes its methods may run on"
    return sources[0] if sources else None


# (service, variable) -> what it holds, or None when nothing in the repository sets it
EnvLookup = Callable[[str, str], "Template | None"]
# (service, keys of a Nuxt runtime config entry) -> what it holds; None for no Nuxt app
RuntimeLookup = Callable[[str, tuple[str, ...]], "Template | None"]
_RUNTIME_CONFIG = "useRuntimeConfig"


@dataclass(frozen=True, slots=True)
class Located:
    path: str
    binding: Binding


# (path, scope, dotted name) of a name read: `settings` in `settings.ml_url`.
HeldBy = tuple[str, str, str]


class Values:
    """Resolves arguments and names to templates, across files, through the name binder."""

    def __init__(
        self,
        resolution: Resolution,
        service_of: dict[str, str],
        env: EnvLookup,
        unset_note: Callable[[str, str], str] | None = None,
        strict_env: EnvLookup | None = None,
    ):
        names = resolution.names
        if names is None:
            raise ValueError("the resolution carries no name binder")
        self.names: NameResolver = names
        self.symbols: dict[str, FileSymbols] = dict(names.symbols)
        self.service_of = service_of
        self.env = env
        # What the environment holds where a value only a default gives is not known
        # (`without_code_defaults`): an image's `ENV` an env_file not in the repository may
        # override (`Environment.strict_lookup`).
        self._strict_env = strict_env
        self._unset_note = unset_note
        # path -> callee -> that file's calls to it, in source order (for `creator`).
        self._calls_to: dict[str, dict[str, list[Call]]] = {}
        self._assignments: dict[str, dict[str, int]] = {}  # see `_assigned`
        self._imports = resolution.imports
        self._star_imports: dict[str, list[ImportTarget]] | None = None  # see `_stars`
        self._django_settings: dict[str, str | None] = {}  # see `django_settings`
        self._resolution = resolution
        self._constructions: Constructions | None = None  # see `held`
        self._returns: Returns | None = None  # see `_result`
        self._trait_reader: Traits | None = None  # see `_of_name`
        # Nuxt's `useRuntimeConfig()` entries (`nuxtconfig.NuxtRuntime`), set once it is made
        # where a service is a Nuxt app.
        self.runtime_config: RuntimeLookup | None = None
        # Whether JupyterHub renders pages here (a service is JupyterHub or depends on it):
        # only then is `window.jhdata` its page data (`_hub_page_base`).
        self.hub_pages = False
        # Whether the code's default for a value the deployment may set holds where the
        # repository sets none (`os.getenv("PORT", "8000")`, `x || 3000`, a settings field's
        # default): off, such a value is not known (`without_code_defaults`).
        self.code_defaults = True

    def without_code_defaults(self) -> Values:
        """These values, but a code's default for what the environment or a setting may give
        is not known where the repository sets none: an `.env` left out of the repository or
        the platform may set it (the image's `ENV` is read as the environment, unless an
        env_file not in the repository may override it). What a port is must be certain."""
        strict = copy.copy(self)
        strict.code_defaults = False
        strict.env = self._strict_env or self.env
        # Both read values through the instance that made them, and keep what they read.
        strict._returns = None
        strict._constructions = None
        return strict

    # -- templates ---------------------------------------------------------------------

    def of_arg(
        self, path: str, scope: str, arg: Arg, depth: int = 0, given: Given | None = None
    ) -> Template | None:
        """The string an argument holds; None for a function, object or list. `given`: the
        values of the parameters of the functions it is written in, when known."""
        if arg.kind in ("str", "num"):
            return (Part(arg.value),)
        if arg.kind == "name":
            return self.of_name(path, scope, arg.value, depth, given)
        if arg.kind == "expr":
            return self.of_pieces(path, scope, arg.pieces, depth, given)
        if arg.kind == "other" and arg.items:
            return self._either(path, scope, arg.items, depth, given)
        if arg.kind == "other":
            returned = self._result(path, arg, depth, given)
            return returned or (Part("value", True, "computed at run time"),)
        return None

    def _result(self, path: str, arg: Arg, depth: int, given: Given | None) -> Template | None:
        """The string a call whose result `arg` is returns, when it is a first-party
        function's that seamcheck reads (`returns.py`); None otherwise."""
        at = result_of(arg)
        if at is None or depth > _MAX_DEPTH:
            return None
        return self._returned_strings().of_call(path, at, depth + 1, given)

    def _traits(self) -> Traits:
        if self._trait_reader is None:
            from seamcheck.seams.traits import Traits  # it reads values through us

            bases = self._resolution.class_bases
            self._trait_reader = Traits(weak_owner(self), bases, SERVER_BASE)
        return self._trait_reader

    def _returned_strings(self) -> Returns:
        if self._returns is None:
            from seamcheck.seams.returns import Returns  # it reads values through us

            self._returns = Returns(weak_owner(self))
        return self._returns

    def _either(
        self,
        path: str,
        scope: str,
        branches: tuple[Arg, ...],
        depth: int,
        given: Given | None,
        held_by: str = "",
    ) -> Template:
        """A conditional's value: one part whose `choices` are its branches' values, shown as
        the name holding it when one does (`/{PREFIX}/predict` says where to look)."""
        shown = held_by or "value"
        found = [
            self._result(path, b, depth + 1, given)
            if result_of(b)
            else self.of_arg(path, scope, b, depth + 1, given)
            for b in branches
        ]
        templates = [t for t in found if t]
        if len(templates) < len(found):
            return (Part(shown, True, "computed at run time"),)
        first, *others = templates
        if all(t == first for t in others):
            return first
        labels = [f"'{display(t)}'" for t in templates]
        note = f"the code chooses between {' and '.join(labels)}"
        choices = tuple(zip(templates, labels, strict=True))
        return (Part(shown, True, note, choices=choices, branches=True, held=bool(held_by)),)

    def of_pieces(
        self,
        path: str,
        scope: str,
        pieces: tuple[Piece, ...],
        depth: int,
        given: Given | None = None,
    ) -> Template:
        parts: list[Part] = []
        starts: list[int] = []  # where the parts of each piece start
        for index, piece in enumerate(pieces):
            starts.append(len(parts))
            if piece.kind == "lit":
                parts.append(Part(piece.value))
            elif piece.kind == "env":
                parts.extend(self._env(path, piece))
            elif piece.kind == "envname":
                parts.extend(self._named_env(path, scope, piece, depth, given))
            elif piece.kind == "name":
                resolved = self.of_name(path, scope, piece.value, depth + 1, given)
                defaulted = piece.default is not None and any(p.param for p in resolved)
                # The page's own base (`jhdata.base_url || "/"`) is there, not missing.
                defaulted = defaulted and resolved[0].text != PAGE_ORIGIN
                if defaulted and self.code_defaults:
                    resolved = _or_default(resolved, piece.default or "")
                parts.extend(resolved)
            elif piece.kind == "url":  # `new URL(ref, base)`: the base before, the ref after
                ref = self.of_pieces(path, scope, pieces[index + 1 :], depth, given)
                return url_join(tuple(parts), ref)
            elif piece.kind == "strip":
                # Only the pieces of the string stripped: `f"https://{host.rstrip('/')}"`
                # keeps its `//` when the host is empty.
                covered = int(piece.value) if piece.value.isdigit() else index
                start = starts[max(index - covered, 0)]
                parts[start:] = without_trailing_slashes(tuple(parts[start:]))
            elif piece.kind == "base":
                parts.append(Part(SERVER_BASE, True, _SERVER_BASE_NOTE))
            elif piece.kind == "tail":
                note = f"'{piece.value}' may be a path of several segments"
                parts.append(Part("path", True, note, spans=True))
            else:
                parts.append(Part("value", True, f"computed: {piece.value}"))
        return tuple(parts)

    def _env(self, path: str, piece: Piece) -> Template:
        service = self.service_of.get(path, "")
        found = self.env(service, piece.value)
        if found is not None:
            # What the deployment sets holds, known or not: the code's default only where
            # nothing sets the variable.
            if piece.default is not None and len(found) == 1 and found[0].param:
                default = f"the code's default '{piece.default}' holds only where it is not set"
                return (replace(found[0], note=f"{found[0].note}; {default}"),)
            return found
        if piece.default == "" and self.code_defaults:
            # Empty, as `os.environ.get("DOMAIN", "")` reads unset: where a host goes
            # (`f"https://{...}"`), no host at all (`link._no_host`).
            return (Part("", note=f"{_unset(piece.value)}, and the code's default is empty"),)
        if piece.default is not None and self.code_defaults:
            return (Part(piece.default),)
        if self._unset_note is not None:
            note = self._unset_note(service, piece.value)
        else:
            note = _unset(piece.value)
        return (Part(piece.value, True, note),)

    def _named_env(
        self, path: str, scope: str, piece: Piece, depth: int, given: Given | None
    ) -> Template:
        """An environment variable whose name a name holds (`os.environ.get(PREFIX_VAR,
        "/api")` with `PREFIX_VAR = "API_PREFIX"`), read as if written in place."""
        variable = literal(self.of_name(path, scope, piece.value, depth + 1, given))
        if variable is None or not _VARIABLE_NAME.match(variable):
            why = f"the environment variable named by '{piece.value}' is not known here"
            return (Part(piece.value, True, why),)
        return self._env(path, replace(piece, kind="env", value=variable))

    def of_name(
        self, path: str, scope: str, dotted: str, depth: int, given: Given | None = None
    ) -> Template:
        slot = self.slot(path, scope, dotted)
        if slot is not None and given is not None and slot in given:
            return given[slot]
        template = self._of_name(path, scope, dotted, depth, given)
        if slot is not None and len(template) == 1 and template[0].param:
            return (replace(template[0], slot=slot),)
        return template

    def slot(self, path: str, scope: str, name: str) -> Slot | None:
        """The parameter `name` is, in `scope` or a function enclosing it, unless a nearer
        scope binds the name, or an entry of one (`opts.baseUrl`, a JS options object; not
        an attribute of a Python method's `self`); None for anything else."""
        file = self.symbols.get(path)
        if file is None:
            return None
        head = name.partition(".")[0]
        for candidate in file.scope_chain(scope):
            definition = file.definitions.get(candidate)
            if definition is not None and head in parameter_names(definition.params):
                if head != name and _is_self(definition, head, file.is_python):
                    return None
                return Slot(path, candidate, name)
            if (candidate, head) in file.imported or (candidate, head) in file.bindings:
                return None
        return None

    def _of_name(
        self, path: str, scope: str, dotted: str, depth: int, given: Given | None
    ) -> Template:
        name = dotted.rsplit(".", 1)[-1]
        if depth > _MAX_DEPTH:
            return (Part(name, True, f"'{dotted}': constant chain too deep"),)
        runtime = self._runtime_entry(path, scope, dotted)
        if runtime is not None:
            return runtime
        member = _member_name(dotted)
        located: Located | str | None
        if member is not None and path.endswith(".py"):
            trait = self._traits().of_attribute(path, scope, member, depth, given)
            if trait is not None:
                return trait
        if member is not None:
            sources = self.members(path, scope, member)
            if isinstance(sources, list) and len(sources) > 1:
                return self._of_members(sources, path, scope, dotted, depth, given)
            located = _one(sources, dotted)
        else:
            located = self.find(path, scope, dotted, depth)
        if _page_address(dotted, path) and located is None and not self.slot(path, scope, dotted):
            shown = dotted.removesuffix(".href").rsplit(".", 1)[-1]
            return (Part(shown, True, f"'{dotted}' {_PAGE_ADDRESS_NOTE}"),)
        if not isinstance(located, Located) and dotted.endswith(".href"):
            # `url.href`: a URL's (or a Location's, or a link's) text, as `String(url)`.
            return self.of_name(path, scope, dotted.removesuffix(".href"), depth + 1, given)
        if dotted in _PAGE and not isinstance(located, Located) and not path.endswith(".py"):
            return (Part(_PAGE[dotted], True, f"'{dotted}' is the page's"),)
        if not isinstance(located, Located) and self._server_page_base(path, scope, dotted):
            return (Part(PAGE_ORIGIN, True, f"'{dotted}' is the page's base URL"),)
        if self._hub_page_base(path, scope, dotted):
            note = f"'{dotted}' is the hub's prefix JupyterHub writes into its pages"
            return (Part(PAGE_ORIGIN, True, note), Part(_HUB_PREFIX))
        if isinstance(located, str):
            return (Part(name, True, located),)
        if located is None and (constant := self._library_constant(path, scope, dotted)):
            return (Part(constant),)
        if located is None:
            return (Part(name, True, f"'{dotted}' is a parameter or not a constant"),)
        return self._of_located(located, path, scope, dotted, depth, given)

    def _server_page_base(self, path: str, scope: str, dotted: str) -> bool:
        """Whether `dotted` is the `baseUrl` of JupyterLab's connection settings: the base
        URL of the Jupyter server that served the page, like a `<base href>`. Settings made
        with no options (`const settings = ServerConnection.makeSettings()`) are; settings
        given options may name another server. Others are when declared of the settings'
        type (a class's `readonly serverSettings: ServerConnection.ISettings` field, a
        variable declared with no value), as an extension's are the server's
        (`app.serviceManager.serverSettings`, `options.serverSettings ||
        ServerConnection.makeSettings()`), whatever value they are given; not a parameter,
        which each call gives its own."""
        owner, _, attr = dotted.rpartition(".")
        if attr != "baseUrl" or not owner or path.endswith(".py"):
            return False
        located = self.locate(path, scope, owner)
        made = self.creator(located) if located and located.binding.kind == "call" else None
        file = self.symbols.get(located.path) if located else None
        if made is not None and located is not None and file is not None:
            binding = located.binding
            ref = self.names.resolve_dotted(file, binding.scope, binding.value, 0)
            if ref.kind == "external" and ref.name == _JUPYTERLAB_SETTINGS:
                return not made.args
        if self.slot(path, scope, owner) is not None:
            return False  # a parameter: what each call gives it, when its calls are followed
        return self._declared_as(path, scope, owner, _JUPYTERLAB_SETTINGS_TYPE)

    def _hub_page_base(self, path: str, scope: str, dotted: str) -> bool:
        """Whether `dotted` is the `base_url` of JupyterHub's page data, `window.jhdata`
        (also through a name holding it, `const jhdata = window.jhdata || {}`), which the
        hub's page template sets to the hub's prefix: `/hub/` under the server's base URL,
        which seamcheck takes for the root of the page's origin, as the hub's routes are.
        Only where JupyterHub renders pages: another app may name a global of its own so."""
        owner, _, attr = dotted.rpartition(".")
        if attr != "base_url" or path.endswith(".py") or not self.hub_pages:
            return False
        if owner == _HUB_PAGE_DATA_GLOBAL:
            return True
        located = self.locate(path, scope, owner) if owner else None
        if located is None:
            return owner == _HUB_PAGE_DATA_NAME  # the page's global, bound nowhere here
        if self.assigned_again(located):
            return False
        binding = located.binding
        if binding.kind == "expr" and len(binding.pieces) == 1:  # `window.jhdata || {}`
            return binding.pieces[0].value in _HUB_PAGE_DATA
        return binding.kind == "name" and binding.value in _HUB_PAGE_DATA

    def _declared_as(self, path: str, scope: str, owner: str, qualname: str) -> bool:
        """Whether `owner` is declared of the library's class `qualname`: a name annotated
        with it (`settings: ServerConnection.ISettings`), or a field the class of the method
        reading it declares so (`readonly serverSettings: ServerConnection.ISettings`)."""
        file = self.symbols.get(path)
        if file is None:
            return False
        head, _, attribute = owner.partition(".")
        cls = file.class_of(scope) if head == "this" and "." not in attribute else None
        if cls is not None:
            field = file.bindings.get((cls, owner))  # the class body's declaration
            declared = Located(path, field) if field is not None else None
        else:
            declared = self.locate(path, scope, owner)
        if declared is None or declared.binding.kind != "typed":
            return False
        binding = declared.binding
        at = self.symbols[declared.path]
        ref = self.names.resolve_dotted(at, binding.scope, binding.value, 0)
        return ref.kind == "external" and ref.name == qualname

    def _library_constant(self, path: str, scope: str, dotted: str) -> str | None:
        """The value of a library's constant `dotted` names in Python (`_LIBRARY_CONSTANTS`)."""
        file = self.symbols.get(path)
        if file is None or not file.is_python:
            return None
        ref = self.names.resolve_dotted(file, scope, dotted, 0)
        return _LIBRARY_CONSTANTS.get(ref.name) if ref.kind == "external" else None

    def _runtime_entry(self, path: str, scope: str, dotted: str) -> Template | None:
        """A Nuxt app's runtime config entry `dotted` reads (`useRuntimeConfig().public.apiBase`,
        `config.modelUrl` of `const config = useRuntimeConfig()`, `const { modelUrl } =
        useRuntimeConfig()`); None when it reads none."""
        if self.runtime_config is None or path.endswith(".py"):
            return None
        head, _, rest = dotted.partition(".")
        if head != f"{_RUNTIME_CONFIG}()":
            bound = self.locate(path, scope, head)
            if bound is None:
                return None
            if bound.binding.kind == "call" and bound.binding.value == _RUNTIME_CONFIG:
                head = f"{_RUNTIME_CONFIG}()"
            elif bound.binding.kind == "name" and bound.binding.value.startswith(_RUNTIME_CONFIG):
                head, _, before = bound.binding.value.partition(".")
                rest = f"{before}.{rest}" if rest else before
            if head != f"{_RUNTIME_CONFIG}()":
                return None
        keys = tuple(k for k in rest.split(".") if k)
        return self.runtime_config(self.service_of.get(path, ""), keys) if keys else None

    def _of_located(
        self, located: Located, path: str, scope: str, dotted: str, depth: int, given: Given | None
    ) -> Template:
        """The string the binding `located` gives `dotted`, read in `scope` of `path`."""
        name = dotted.rsplit(".", 1)[-1]
        imported = self.imported_before(located)
        if imported is not None:
            return self._of_rebound_import(imported, located, path, scope, dotted, depth, given)
        given = self.held(located, path, scope, given) or given
        outside = self.set_outside(located)
        if outside:
            return (Part(name, True, outside),)
        again = self.assigned_again(located)
        if again:
            return self._of_reassigned(located, again, dotted, depth, given)
        return self._of_binding(located, dotted, depth, given)

    def _of_members(
        self,
        sources: list[Located],
        path: str,
        scope: str,
        dotted: str,
        depth: int,
        given: Given | None,
    ) -> Template:
        """An instance's attribute that several classes set (a base class and a subclass
        deriving from it: `members`): known when every one sets the same string."""
        found: dict[Template, list[Located]] = {}
        for located in sources:
            template = self._of_located(located, path, scope, dotted, depth + 1, given)
            if any(p.param for p in template):
                return template
            found.setdefault(template, []).append(located)
        if len(found) == 1:
            return next(iter(found))
        name = dotted.rsplit(".", 1)[-1]
        classes = self.symbols
        shown = ", ".join(
            f"{display(t)} by {(classes[w[0].path].attribute_of(w[0].binding) or ('?',))[0]}"
            f" ({w[0].path}:{w[0].binding.line})"
            for t, w in list(found.items())[:3]
        )
        return (Part(name, True, f"'{dotted}' is set to different values: {shown}"),)

    def members(self, path: str, scope: str, attribute: str) -> list[Located] | str:
        """Where the instance's `attribute` (`self.base_url` read in `scope` of `path`) is
        set: in its class, in the first-party classes it derives from, and in those deriving
        from it, whose instances run its methods too (one binding per class: the first
        value it assigns); or why that is not known."""
        file = self.symbols.get(path)
        cls = file.class_of(scope) if file is not None else None
        if file is None or cls is None:
            return []
        hierarchy = self._instances().hierarchy
        family = hierarchy.family(path, cls) if hierarchy.related(path, cls) else [(path, cls)]
        if isinstance(family, str):
            return f"'{attribute}': {family}"
        found: list[Located] = []
        for at, named in family:
            other = self.symbols[at]
            bound = _instance_value(other, named, attribute)
            if bound is not None:
                made = self._made_with_fields(at, named) if _in_python_body(other, bound) else ""
                if made:
                    return f"'{attribute}' is a field of {named} ({at}), {made}"
                found.append(Located(at, bound))
            elif len(family) == 1:
                continue  # a class alone: not known, as what it defines is not looked for
            elif f"{named}.{attribute}" in other.definitions:
                return f"'{attribute}' is a method or property of {named} ({at})"
            elif other.is_python and (named, attribute) in other.bindings:
                return f"'{attribute}' is a class attribute of {named} ({at})"
        if any(_in_python_body(self.symbols[f.path], f.binding) for f in found):
            overridden = self._class_attribute_passed_over(family, attribute)
            if overridden:
                return overridden
        return found

    def _class_attribute_passed_over(self, family: list[tuple[str, str]], attribute: str) -> str:
        """Why an instance may not read a class attribute of its family: a method or property
        of that name (defined after it, it replaces it), or a method setting the instance's
        or the class's attributes by name (`setattr(self, key, value)`); "" when none."""
        for at, named in family:
            other = self.symbols[at]
            method = other.definitions.get(f"{named}.{attribute}")
            if method is not None:
                where = f"{at}:{method.span.line}"
                return f"'{attribute}' is also a method or property of {named} ({where})"
            line = other.sets_by_name(named, attribute)
            if line:
                return f"{named} sets its attributes by name, '{attribute}' maybe ({at}:{line})"
        return ""

    def _made_with_fields(self, path: str, cls: str, depth: int = 0) -> str:
        """Why a Python class's attributes may be its constructor's parameters or its
        configuration (a dataclass, a pydantic model, a traitlets class: `base_url: str =
        "http://..."` is a default), as the reason its class attribute is not its instances'
        value; "" for a plain class: no decorator, and no base but plain first-party classes
        and those that make no fields."""
        file = self.symbols[path]
        definition = file.definitions.get(cls)
        if definition is None or depth > _MAX_DEPTH:
            return ""
        if definition.decorators:
            return f"decorated with {definition.decorators[0]}, which may set it per instance"
        for base in definition.bases:
            ref = self.names.resolve_dotted(file, enclosing_scope(cls), base.split("[")[0], 0)
            if ref.kind == "def" and ref.path in self.symbols:
                made = self._made_with_fields(ref.path, ref.name, depth + 1)
                if made:
                    return made
            elif ref.name not in _PLAIN_BASES:
                return f"derived from {base}, which may set it per instance"
        return ""

    def aliased(self, located: Located | None) -> Located | None:
        """What a name holding another's value holds (`router = base_router`, re-exported
        as `flows.router`; `r = router` in a function; `self.router = router`; `alias = bp`):
        the binding the chain of such names, each assigned once, ends with; `located` itself
        where it is no such name; the last name of the chain where it ends in a name not
        known here (a parameter) or assigned again."""
        for _ in range(_MAX_ALIASES):
            if located is None or located.binding.kind != "name":
                return located
            if self.assigned_again(located):
                return located
            binding = located.binding
            following = self.locate(located.path, binding.scope, binding.value)
            if following is None or following.binding.kind == "local":
                return located
            located = following
        return located

    def assigned_again(self, located: Located) -> Sequence[Binding]:
        """The other assignments of what `located` binds: of a name, in its scope; of an
        instance's attribute (`this.base`), anywhere in its class (a setter, `reset()`)."""
        file = self.symbols.get(located.path)
        if file is None:
            return ()
        binding = located.binding
        attribute = file.attribute_of(binding)
        after = file.assigned_after_import(binding.scope, binding.target)
        if attribute is None and binding in after:
            return [b for b in after if b is not binding]
        if attribute is None:
            return file.rebindings.get((binding.scope, binding.target), ())
        cls, name = attribute
        writes = file.member_writes.get(f"{cls}.{name}", [])
        if binding.target == name:  # a Python class attribute: also what the class sets
            writes = [*file.rebindings.get((cls, name), ()), *writes]
        return [b for b in writes if b is not binding]

    def set_outside(self, located: Located) -> str:
        """Where the service's code sets the instance's attribute `located` binds on an
        object that may be one of its class (`client.base_url = ...`), as the reason it may
        hold another value; "" when nowhere, or for a binding of any other kind."""
        file = self.symbols.get(located.path)
        member = file.attribute_of(located.binding) if file is not None else None
        if member is None:
            return ""
        return self._instances().set_outside(located.path, *member)

    def _of_reassigned(
        self,
        located: Located,
        again: Sequence[Binding],
        dotted: str,
        depth: int,
        given: Given | None,
    ) -> Template:
        """A name its scope assigns more than once: seamcheck does not follow which
        assignment ran last, so the name is known only when every assignment gives the same
        string (`url = os.getenv('ML_URL')`, then `url = 'http://ml:8000'` if unset). One
        that appends a query string or fragment to the name (`url += '?q=' + q`) leaves
        the path alone and is passed over, and so are one that takes its trailing slashes
        off (`base = base.rstrip("/")`: the name is read without them) and one giving back
        a URL object made of it (`url = full.toString()`); so is each when all of them give
        a query string or nothing (`let query = ''; if (status) query = `?status=${status}``:
        the first is read); one that changes it otherwise (`url = '/v2' + url`, `url +=
        path`) leaves the name unknown."""
        stripped, changes = self._path_changes(located.path, again)
        if _query_or_nothing(located.binding) and all(map(_query_or_nothing, changes)):
            changes = []  # the path after it is the same, with a query string or without
        if not changes:
            read = self._of_binding(located, dotted, depth, given)
            return without_trailing_slashes(read) if stripped else read
        read = self._of_binding(located, dotted, depth + 1, given)
        if not self._all_read_as(read, located.path, changes, dotted, depth, given):
            note = assigned_more_than_once(located, again)
            return (Part(dotted.rsplit(".", 1)[-1], True, note),)
        return without_trailing_slashes(read) if stripped else read

    def _path_changes(
        self, path: str, assignments: Sequence[Binding]
    ) -> tuple[bool, list[Binding]]:
        """Whether one of a name's later `assignments` takes its trailing slashes off, and
        those that may change its path: not one appending a query string or fragment, taking
        the slashes off or giving back a URL object made of it."""
        stripped = any(_strips_itself(b) for b in assignments)
        changes = [
            b
            for b in assignments
            if not _appends_query(b)
            and not _strips_itself(b)
            and not self._reparses_itself(path, b)
        ]
        return stripped, changes

    def _all_read_as(
        self,
        read: Template,
        path: str,
        changes: Sequence[Binding],
        dotted: str,
        depth: int,
        given: Given | None,
    ) -> bool:
        """Whether every assignment of `changes` gives the name the value `read` (a few of
        them at most, none reading the name itself)."""
        if len(changes) + 1 > _MAX_VALUES or any(_reads_itself(b) for b in changes):
            return False
        return all(
            self._of_binding(Located(path, b), dotted, depth + 1, given) == read for b in changes
        )

    def imported_before(self, located: Located) -> Located | str | None:
        """What the import that the name `located` assigns was bound by first, in the same
        scope (`from config import API_URL`, then `API_URL = API_URL + "/v2"`): where the
        imported module sets it, or why that is not read (a library's name, a module); None
        when `located` assigns no name imported before it."""
        file = self.symbols.get(located.path)
        binding = located.binding
        if file is None or binding not in file.assigned_after_import(binding.scope, binding.target):
            return None
        target, member = file.imported[(binding.scope, binding.target)]
        found = self._imported(target, member, 1)
        return found if found is not None else f"'{binding.target}' is imported, not read here"

    def _of_rebound_import(
        self,
        imported: Located | str,
        located: Located,
        path: str,
        scope: str,
        dotted: str,
        depth: int,
        given: Given | None,
    ) -> Template:
        """A name imported, then assigned in the scope that imports it: the import is its
        first value and the assignments after it follow, read as `_of_reassigned` reads a
        name assigned more than once (the imported value when every assignment leaves its
        path alone or gives the same string; not known when one changes it: `API_URL =
        API_URL + "/v2"`, or `except ImportError: API_URL = "http://localhost:8000"`)."""
        name = dotted.rsplit(".", 1)[-1]
        if isinstance(imported, str):
            return (Part(name, True, imported),)
        after = [located.binding, *self.assigned_again(located)]
        stripped, changes = self._path_changes(located.path, after)
        read = self._of_located(imported, path, scope, dotted, depth + 1, given)
        if changes and not self._all_read_as(read, located.path, changes, dotted, depth, given):
            file = self.symbols[located.path]
            at = file.import_lines[(located.binding.scope, located.binding.target)]
            lines = ", ".join(str(b.line) for b in changes)
            note = (
                f"'{located.binding.target}' is imported ({located.path}:{at}) and assigned"
                f" again ({located.path}:{lines})"
            )
            return (Part(name, True, note),)
        return without_trailing_slashes(read) if stripped else read

    def _reparses_itself(self, path: str, binding: Binding) -> bool:
        """Whether an assignment gives the name back the text of a URL object made of it
        alone, whose query it may have set (`const full = new URL(url);
        full.searchParams.append('_xsrf', token); url = full.toString()`): the path is the
        name's before. Not when the object's path, host or whole text is set."""
        if binding.kind == "call" and binding.value.endswith(".toString"):
            holder = binding.value.removesuffix(".toString")
        elif binding.kind == "name" and binding.value.endswith(".href"):
            holder = binding.value.removesuffix(".href")
        else:
            return False
        held = self.locate(path, binding.scope, holder)
        if held is None or held.path != path or held.binding.scope != binding.scope:
            return False
        if held.binding.kind != "new" or held.binding.value not in _URL_CONSTRUCTORS:
            return False
        made = self.creator(held)
        if made is None or made.args != (Arg("name", binding.target),):
            return False
        file = self.symbols[path]
        return not any(
            scope == binding.scope and target.startswith(f"{holder}.")
            and target.removeprefix(f"{holder}.") not in _QUERY_PARTS
            for scope, target in (*file.bindings, *file.rebindings)
        )  # fmt: skip

    def of_assignment(self, located: Located) -> Template:
        """The string one assignment gives its target (`OpenAPI.BASE = API_URL`)."""
        return self._of_binding(located, located.binding.target, 0, None)

    def _of_binding(
        self, located: Located, dotted: str, depth: int, given: Given | None
    ) -> Template:
        """The string one binding gives `dotted`."""
        name = dotted.rsplit(".", 1)[-1]
        binding = located.binding
        if binding.kind == "call" and binding.pieces:
            # `self.base = base or default_url()`: bound to the object the default makes,
            # the string is the one handed in, as before the default was read.
            binding = replace(binding, kind="expr", value="")
            located = Located(located.path, binding)
        if binding.kind == "str":
            return (Part(binding.value),)
        if _reads_itself(binding):
            return self._of_changed(located, depth, given)
        if binding.kind == "new" and binding.value in _URL_CONSTRUCTORS:
            made = self.creator(located)
            if made is not None:
                return self.of_url(located.path, binding.scope, made.args, depth + 1, given)
        if binding.kind == "expr":
            return self.of_pieces(located.path, binding.scope, binding.pieces, depth + 1, given)
        if (at := result_of(binding)) is not None:  # an entry `{ url: apiUrl('items') }`
            returned = self._returned_strings().of_call(located.path, at, depth + 1, given)
            if returned is not None:
                return returned
        if binding.kind == "other" and binding.items:  # a conditional of two strings
            return self._either(located.path, binding.scope, binding.items, depth, given, name)
        if binding.kind == "name":
            return self.of_name(located.path, binding.scope, binding.value, depth + 1, given)
        if binding.kind == "typed" and binding.annotation:  # `url: HttpUrl | None = None`
            why = f"'{dotted}' is annotated {binding.value}, its value not known here"
            return (Part(name, True, why),)
        if binding.kind == "typed":
            return (Part(name, True, f"'{dotted}' is a parameter of type {binding.value}"),)
        if binding.kind == "call":
            returned = self.call_result(located, depth, given)
            if returned is not None:
                return returned
        if binding.kind in ("call", "new"):
            return (Part(name, True, f"'{dotted}' holds the result of {binding.value}()"),)
        file = self.symbols.get(located.path)
        definition = file.definitions.get(binding.scope) if file is not None else None
        if file is not None and (
            loops_over_parameter(binding, definition)
            if file.is_python
            else is_own_parameter(binding, definition)
        ):
            # A loop's variable over its function's parameter, or a JS `forEach` function's
            # own: what the caller passes in.
            return (Part(name, True, f"'{dotted}' is a parameter or not a constant"),)
        what = _NOT_A_STRING.get(binding.kind, "is computed at run time")
        return (Part(name, True, f"'{dotted}' {what}"),)

    def call_result(self, located: Located, depth: int, given: Given | None) -> Template | None:
        """The string the call a binding holds the result of returns (`const url =
        apiUrl('items')`), when `_result` reads it."""
        made = self.creator(located)
        if made is None or made.scope != located.binding.scope or depth > _MAX_DEPTH:
            return None
        at = (made.line, made.column)
        return self._returned_strings().of_call(located.path, at, depth + 1, given)

    def of_returned(self, located: Located, depth: int, given: Given | None) -> Template:
        """The string a function's `RETURNED` binding `located` gives, with `given`."""
        return self._of_binding(located, RETURNED, depth, given)

    def _of_changed(self, located: Located, depth: int, given: Given | None) -> Template:
        """A name assigned in terms of itself (`path = '/v2' + path`): what it held before
        stands, once, where it reads itself, and is not known here (a parameter so changed
        is not followed to its callers: `unname_reassigned`). Followed as a binding, the
        name would read this assignment again, until the depth limit."""
        binding = located.binding
        note = f"'{binding.target}' is assigned in terms of itself ({located.path}:{binding.line})"
        before = Part(binding.target.rsplit(".", 1)[-1], True, note)
        if binding.kind == "name" or any(p.kind == "url" for p in binding.pieces):
            return (before,)
        parts: list[Part] = []
        for piece in binding.pieces:
            if piece.kind == "name" and piece.value == binding.target:
                parts.append(before)
            else:
                parts.extend(
                    self.of_pieces(located.path, binding.scope, (piece,), depth + 1, given)
                )
        return tuple(parts)

    def of_url(
        self,
        path: str,
        scope: str,
        args: tuple[Arg, ...],
        depth: int,
        given: Given | None = None,
    ) -> Template:
        """The URL `new URL(ref, base)` makes, from the constructor's arguments."""
        if not args:
            return (Part("value", True, "new URL() without arguments"),)
        made = [self.of_arg(path, scope, a, depth + 1, given) for a in args[:2]]
        ref, base = made[0], made[1] if len(made) > 1 else ()
        if ref is None or base is None:
            return (Part("value", True, "new URL() of a value that is not a string"),)
        return url_join(base, ref)

    def held(
        self, located: Located, path: str, scope: str, given: Given | None = None
    ) -> Given | None:
        """For what an instance keeps, set in its constructor (`this.base = base`) and read
        in another method or through the instance (from `scope` in `path`): the values of
        the constructor's parameters there, from the places that make the class
        (`instances.py`), then `given`. None for any other binding, and for one read inside
        the constructor, where its parameters are its callers' to give."""
        binding = located.binding
        head, _, attribute = binding.target.partition(".")
        constructor = binding.scope
        if head not in ("self", "this") or "." in attribute:
            return None
        file = self.symbols.get(located.path)
        if file is None:
            return None
        function = constructor in file.constructor_functions  # `function Client(base)`
        if constructor_class(constructor) is None and not function:
            return None
        inside = scope == constructor or scope.startswith(constructor + ".")
        if located.path == path and inside and not file.on_prototype(scope):
            return None
        definition = file.definitions.get(constructor)
        if definition is None or definition.kind != ("function" if function else "method"):
            return None
        # Read in a subclass's method, or in a method a subclass's method calls on itself
        # (`self._post(path)`), only the places making that subclass count.
        reader = self.receiver(path, scope, given)
        cls = constructor_class(constructor) or constructor
        seen_from = None if reader is None or reader == (located.path, cls) else reader
        instances = self._instances()
        return instances.given(located.path, constructor, definition.params, given, seen_from)

    def receiver(self, path: str, scope: str, given: Given | None) -> tuple[str, str] | None:
        """The class of the instance a method (`scope`, or the method a function `scope` is
        in) runs on: the subclass whose method called it on itself, when the call's
        arguments are followed (`given`, from `Wrappers`), else its own class."""
        file = self.symbols.get(path)
        if file is None:
            return None
        if given:
            for candidate in file.scope_chain(scope):
                made = given.get(receiver_slot(path, candidate))
                if made:
                    at, _, named = made[0].text.partition("::")
                    return at, named
        own = file.class_of(scope)
        return (path, own) if own is not None else None

    def _instances(self) -> Constructions:
        if self._constructions is None:
            from seamcheck.seams.instances import Constructions  # it reads values through us

            self._constructions = Constructions(self._resolution, weak_owner(self))
        return self._constructions

    def hierarchy(self) -> Hierarchy:
        """Which first-party classes derive from which."""
        return self._instances().hierarchy

    # -- where a name is bound -----------------------------------------------------------

    def creator(self, located: Located) -> Call | None:
        """The call that made the value a binding holds (`ml = axios.create({...})`): the
        first call to that callee at or after the binding's line."""
        file = self.symbols.get(located.path)
        binding = located.binding
        if file is None or binding.kind not in ("call", "new"):
            return None
        return next(
            (c for c in self.calls_to(located.path, binding.value) if c.line >= binding.line),
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
            for call in sorted(calls, key=_source_order):
                calls_to.setdefault(call.callee, []).append(call)
        return calls_to.get(callee, ())

    def argument_call(self, path: str, outer: Call) -> Call | None:
        """The call `outer` is given as its argument (`createClient(createConfig({...}))`):
        the first call written inside it, when every other one is written inside that."""
        file = self.symbols.get(path)
        inside = [c for c in file.facts.calls if call_within(c, outer)] if file is not None else []
        if not inside:
            return None
        first = min(inside, key=lambda c: (c.line, c.column))
        return first if all(c is first or call_within(c, first) for c in inside) else None

    def object_id(self, located: Located) -> str:
        """A stable id for the object a binding holds."""
        return f"{located.path}::{located.binding.scope}::{located.binding.target}"

    def called_function(self, path: str, call: Call) -> tuple[str, FileSymbols, Definition] | None:
        """The first-party function `call` (written in `path`) calls, as (its file, that
        file's symbols, its definition); None when it calls no function of the repository."""
        resolved = self.names.resolve_call(path, call)
        if resolved.kind != "function":
            return None
        at, _, qualname = resolved.target.partition("::")
        file = self.symbols.get(at)
        definition = file.definitions.get(qualname) if file is not None else None
        if file is None or definition is None:
            return None
        return at, file, definition

    def locate(self, path: str, scope: str, dotted: str, depth: int = 0) -> Located | None:
        """The assignment that gives `dotted` its value, in this file or another."""
        found = self.find(path, scope, dotted, depth)
        return found if isinstance(found, Located) else None

    def find(self, path: str, scope: str, dotted: str, depth: int = 0) -> Located | str | None:
        """As `locate`, or why the value cannot be known when seamcheck found where it is
        set but not what it is (an object's entry that a spread may override)."""
        file = self.symbols.get(path)
        if file is None or depth > _MAX_DEPTH:
            return None
        head, _, rest = dotted.partition(".")
        member = _member_name(dotted)
        if member is not None:
            return _one(self.members(path, scope, member), dotted)
        if not rest:
            for candidate in file.scope_chain(scope):
                imported = file.imported.get((candidate, head))
                after = file.assigned_after_import(candidate, head) if imported else ()
                if after:  # what the name holds is the assignments' (`_of_rebound_import`)
                    return Located(path, after[0])
                if imported is not None:
                    return self._imported(imported[0], imported[1], depth + 1)
                bound = file.bindings.get((candidate, head))
                if bound is not None:
                    return Located(path, bound)
            return self._star_imported(path, head, depth + 1)
        owner, _, attr = dotted.rpartition(".")
        ref = self.names.resolve_dotted(file, scope, owner, 0)
        stored = self.names.stored(file, ref, attr)  # `request.app.state.client`
        if stored is not None:
            return Located(stored.path, stored.binding) if isinstance(stored, Stored) else stored
        found = self._attribute(ref, attr, depth + 1, (path, scope, owner))
        if found is not None:
            return found
        if ref.kind == "external" and ref.name == _DJANGO_SETTINGS:
            module = self.django_settings(self.service_of.get(path, ""))
            if module is None:
                return f"'{dotted}': the settings module (DJANGO_SETTINGS_MODULE) is not known"
            found = self.module_member(module, attr, depth + 1)
            return found if found is not None else f"'{dotted}' is no constant of {module}"
        instance = self._instance_made_by(path, scope, owner, depth + 1)
        if instance is not None:
            return self._attribute(instance, attr, depth + 1, (path, scope, owner))
        held = self.locate(path, scope, owner, depth + 1)
        made = self.object_of(held, depth + 1) if held is not None else None
        if made is None or made[0].path.endswith((".py", ".pyi")):
            return None  # a Python dict's entries are no attributes
        entry = self._entry(made[0], made[1], attr, depth + 1)
        return f"'{owner}' has no entry '{attr}'" if entry is None else entry

    def _star_imported(self, path: str, name: str, depth: int) -> Located | None:
        """A public name a Python module takes from `from m import *` (the last such import
        that has it, as the later one rebinds it)."""
        if self._star_imports is None:
            self._star_imports = {}
            for resolved in self._imports:
                imp = resolved.imp
                # Each import's names in a loop, not `any()` of a generator made for each
                # (gen-10000: most of this walk's time).
                if imp.scope != MODULE_SCOPE:
                    continue
                for imported in imp.names:
                    if imported.name == "*":
                        modules = [t for t in resolved.targets if t.kind == "module"]
                        self._star_imports.setdefault(resolved.path, []).extend(modules)
                        break
        if name.startswith("_") or depth > _MAX_DEPTH:
            return None
        for target in reversed(self._star_imports.get(path, ())):
            if target.path.endswith((".py", ".pyi")):
                found = self.module_member(target.path, name, depth + 1)
                if found is not None:
                    return found
        return None

    def django_settings(self, service: str) -> str | None:
        """The file of the service's Django settings module: `DJANGO_SETTINGS_MODULE` from
        its environment, else the one `os.environ.setdefault` names in its code (the
        `wsgi.py`/`asgi.py` one when files disagree), else its only `settings.py`."""
        if service in self._django_settings:
            return self._django_settings[service]
        modules = self.names.python_module_path
        found: str | None = None
        from_environment = self.env(service, DJANGO_SETTINGS_MODULE)
        if from_environment is not None:
            module = literal(from_environment)
            found = modules.get((service, module)) if module else None
        else:
            # What each module named is (its file, else its name) -> the files that name it:
            # two names of one file are one module (`core.settings` beside a `manage.py`,
            # `label_studio.core.settings` from the repository root).
            named: dict[tuple[str, str], set[str]] = {}
            for path, file in self.symbols.items():
                if self.service_of.get(path) != service or not file.is_python:
                    continue
                for call in file.facts.calls:
                    if sets_django_settings(call):
                        value = call.args[1].value
                        target = modules.get((service, value))
                        key = ("file", target) if target is not None else ("name", value)
                        named.setdefault(key, set()).add(path.rsplit("/", 1)[-1])
            served = [m for m, files in named.items() if files & {"wsgi.py", "asgi.py"}]
            chosen = None
            if len(named) == 1:
                chosen = next(iter(named))
            elif len(served) == 1:
                chosen = served[0]
            elif not named:
                candidates = {
                    path
                    for (s, m), path in modules.items()
                    if s == service and m.rsplit(".", 1)[-1] == "settings"
                }
                chosen = ("file", next(iter(candidates))) if len(candidates) == 1 else None
            found = chosen[1] if chosen is not None and chosen[0] == "file" else None
        self._django_settings[service] = found
        return found

    def _instance_made_by(self, path: str, scope: str, owner: str, depth: int) -> Ref | None:
        """The instance `owner` holds when it is the result of calling a first-party
        function whose only `return` makes one (`get_settings()`, or `settings` bound to
        it, with `def get_settings(): return Settings()`). One level: what such a function
        returns is not followed into another function."""
        returned = self._returned_by(path, scope, owner, depth)
        if returned is None:
            return None
        made = self._class_called(returned)
        return Ref("instance", made.path, made.name) if made is not None else None

    def _returned_by(self, path: str, scope: str, owner: str, depth: int) -> Located | None:
        """The call (a `RETURNED` binding) that the only `return` of the first-party function
        `owner` calls (`get_settings()`) or is bound to the result of makes; None for any
        other, or an async or generator function (calling it gives no such result)."""
        if owner.endswith("()") and "()" not in owner[:-2]:
            at = (path, scope, owner[:-2])
        else:
            held = self.locate(path, scope, owner, depth)
            if held is None or held.binding.kind != "call":
                return None
            at = (held.path, held.binding.scope, held.binding.value)
        file = self.symbols.get(at[0])
        function = self.names.resolve_dotted(file, at[1], at[2], 0) if file else None
        if function is None or function.kind != "def":
            return None
        defined = self.symbols[function.path]
        definition = defined.definitions.get(function.name)
        if definition is None or definition.kind not in ("function", "method"):
            return None
        returned = defined.bindings.get((function.name, RETURNED))
        if returned is None or returned.kind != "call":
            return None  # `return router` (JS) returns what a name holds, not a new instance
        if definition.is_async or definition.is_generator:
            return None  # calling it gives a coroutine or a generator, not what it returns
        return Located(function.path, returned)

    def _class_called(self, held: Located) -> Ref | None:
        """The first-party class a binding of a call holds a new instance of, if it does."""
        file = self.symbols[held.path]
        made = self.names.resolve_dotted(file, held.binding.scope, held.binding.value, 0)
        made_definition = self.symbols[made.path].definitions.get(made.name) if made.path else None
        if made.kind != "def" or made_definition is None or made_definition.kind != "class":
            return None
        return made

    def _construction(self, held_by: HeldBy, cls: Ref, depth: int) -> tuple[str, Call] | None:
        """Where the instance of `cls` that `held_by` names is made, when seamcheck sees
        it: the call `owner` is bound to (`settings = Settings(...)`, here or imported), or
        that the only `return` of the function it calls, or is bound to the result of,
        makes (`get_settings()`)."""
        path, scope, owner = held_by
        held = None if owner.endswith("()") else self.locate(path, scope, owner, depth)
        if held is None or held.binding.kind != "call" or self._class_called(held) is None:
            held = self._returned_by(path, scope, owner, depth)
        made = self._class_called(held) if held is not None else None
        if held is None or made is None or (made.path, made.name) != (cls.path, cls.name):
            return None
        call = self.creator(held)
        return (held.path, call) if call is not None else None

    # -- entries of JavaScript object literals -------------------------------------------

    def object_of(self, located: Located, depth: int = 0) -> tuple[Located, tuple[Arg, ...]] | None:
        """The object or dict literal a name holds (`export const config = {...}`, also
        through other names and `Object.freeze({...})`) and its entries; None for anything
        else."""
        for _ in range(_MAX_DEPTH):
            binding = located.binding
            if binding.kind != "name":
                break
            following = self.locate(located.path, binding.scope, binding.value, depth + 1)
            if following is None:
                return None
            located = following
        binding = located.binding
        if binding.kind == "object":
            return located, binding.items
        if binding.kind == "call" and binding.value == "Object.freeze":
            made = self.creator(located)
            first = made.args[0] if made is not None and made.args else None
            if first is not None and first.kind == "object":
                return located, first.items
        return None

    def reassigned(self, located: Located) -> Sequence[Binding]:
        """The other assignments of the name `located` binds in its scope: of an object,
        `let options = {method: 'POST'}; if (get) options = {method: 'GET'}`, which one the
        name holds when it is read is not followed."""
        file = self.symbols.get(located.path)
        binding = located.binding
        return (file.rebindings.get((binding.scope, binding.target)) or ()) if file else ()

    def keys_assigned(self, located: Located) -> dict[str, int]:
        """The entries of the object the name `located` binds that the file assigns
        (`options.method = 'GET'`, `config.headers.Authorization = ...`: `method`,
        `headers`), each with the line of its first assignment, in any function: a name is
        not told from another of its spelling there. Whether those entries are set when the
        name is read is not known; the others keep the values written in the literal."""
        prefix = f"{located.binding.target}."
        keys: dict[str, int] = {}
        for target, line in self._assigned(located.path).items():
            if target.startswith(prefix):
                key = target[len(prefix) :].split(".", 1)[0]
                keys[key] = min(line, keys.get(key, line))
        return keys

    def merged_into(self, located: Located) -> Call | None:
        """The file's first call that copies entries into the object the name `located`
        binds (`Object.assign(options, {method: 'GET'})`, lodash's `_.merge(config, ...)`),
        in any function: which of them run is not followed."""
        name = located.binding.target
        calls = (c for callee in MERGES for c in self.calls_to(located.path, callee))
        into = [c for c in calls if c.args and c.args[0].kind == "name" and c.args[0].value == name]
        return min(into, key=lambda c: (c.line, c.column), default=None)

    def _entry(
        self, owner: Located, items: Sequence[Arg], key: str, depth: int
    ) -> Located | str | None:
        """The entry `key` of the object `owner` holds: the last one written, unless what
        comes after it may set the key too (a spread, a computed key, entries not read), the
        key is assigned again (`config.url = ...`), a call copies entries into the object
        (`Object.assign(config, ...)`) or the name is assigned again. None when the object has
        no such entry; why when it cannot be known."""
        target = f"{owner.binding.target}.{key}"
        where = f"'{owner.binding.target}' ({owner.path}:{owner.binding.line})"
        again = self._assigned(owner.path).get(target)
        if again is not None:
            return f"'{target}' is assigned again ({owner.path}:{again})"
        merged = self.merged_into(owner)
        if merged is not None:
            changed = f"'{owner.binding.target}' ({owner.path}:{merged.span.line})"
            return f"{merged.callee} changes {changed}"
        rebound = self.reassigned(owner)
        if rebound:
            return assigned_more_than_once(owner, rebound)
        if depth > _MAX_DEPTH:
            return f"'{target}': constant chain too deep"
        end = len(items)
        while (last := last_entry(items[:end], (key,))) is not None:
            end, item = last
            if item.keyword == key:
                return Located(owner.path, _entry_binding(item, owner.binding, target))
            if item.kind == "more":
                return f"{where} has more entries than seamcheck reads"
            if item.kind != "spread":
                return f"{where} has a computed key that may be '{key}'"
            source = self.locate(owner.path, owner.binding.scope, item.value, depth + 1)
            made = self.object_of(source, depth + 1) if item.value and source else None
            if made is None:
                spread = f"'{item.value}'" if item.value else "a value"
                return f"{where} spreads {spread}, which may set '{key}'"
            found = self._entry(made[0], made[1], key, depth + 1)
            if found is not None:
                return found
        return None

    def _assigned(self, path: str) -> dict[str, int]:
        """`obj.key` -> the line of the first assignment to it in the file (JS)."""
        assigned = self._assignments.get(path)
        if assigned is None:
            assigned = self._assignments[path] = {}
            file = self.symbols.get(path)
            for binding in file.facts.bindings if file is not None else ():
                if "." in binding.target and not binding.target.startswith(("this.", "self.")):
                    assigned.setdefault(binding.target, binding.line)
        return assigned

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
        """Where the module `path` sets what it exports as `name`; in JS also through its
        re-exports (`export { x as name } from './a'`, `export * from './a'`)."""
        file = self.symbols.get(path)
        if file is None or depth > _MAX_DEPTH:
            return None
        local = name if file.is_python else file.exports.get(name, name)
        found = self.locate(path, MODULE_SCOPE, local, depth + 1)
        if found is not None or file.is_python:
            return found
        for target, source, exported in file.reexports:
            if exported == name and source != "*":
                return self._imported(target, source, depth + 1)
        for target, source, exported in file.reexports:
            if source == exported == "*" and target.kind == "module":
                found = self.module_member(target.path, name, depth + 1)
                if found is not None:
                    return found
        return None

    def _attribute(
        self, ref: Ref, attr: str, depth: int, held_by: HeldBy | None = None
    ) -> Located | str | None:
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
            if bound is None and ref.kind == "instance":
                # A field declared without a default (`BASE_HOST: str`) assigns nothing: a
                # settings class has it only from the environment.
                return self._required_field(ref, file, attr, depth, held_by)
            if bound is None:
                return None
            if ref.kind == "instance" and bound.scope == ref.name:
                from_environment = self._settings_field(ref, bound, attr, depth, held_by)
                if from_environment is not None:
                    return from_environment
            return Located(ref.path, bound)
        return None

    # -- pydantic settings -----------------------------------------------------------------

    def _settings_field(
        self, ref: Ref, default: Binding, attr: str, depth: int, held_by: HeldBy | None = None
    ) -> Located | str | None:
        """A pydantic `BaseSettings` field's value when the code making the instance
        (`held_by` names it) gives it, or the environment sets it (`API_PREFIX` for
        `api_prefix`, after the class's `env_prefix`); None when neither does, or the class
        is no settings class: the default in the class body holds."""
        if not self._is_settings_class(ref.path, ref.name, depth):
            return None
        field = self._pydantic_field(ref.path, default)
        aliases = [
            a for a in (field.args if field is not None else ()) if a.keyword in _FIELD_ALIASES
        ]
        if any(a.kind != "str" for a in aliases):  # `AliasChoices(...)`, a list of names
            return f"'{ref.name}.{attr}' is read from the environment, name not known"
        alias = aliases[0].value if aliases else None
        names = {attr} if alias is None else {attr, alias}
        made_with = self._given_when_made(ref, attr, names, held_by, depth)
        if made_with is not None:
            return made_with
        prefix = "" if alias is not None else self._env_prefix(ref.path, ref.name)
        if prefix is None:
            return f"'{ref.name}.{attr}' is read from the environment, prefix not known"
        name = alias if alias is not None else prefix + attr
        service = self.service_of.get(ref.path, "")
        for variable in dict.fromkeys((name.upper(), name)):
            found = self.env(service, variable)
            if found is not None:
                value = literal(found)
                if value is None:  # not known here: not the class's default either
                    return next(part.note for part in found if part.param)
                binding = Binding(default.target, "str", value, ref.name, default.line)
                return Located(ref.path, binding)
        if not self.code_defaults:
            return f"'{ref.name}.{attr}' holds its default where the environment does not set it"
        if field is None:
            return None
        # `Field("http://ml:8000", alias=...)` / `Field(default=...)`: its default holds.
        given = next((a for a in field.args if a.keyword == "default"), None)
        if given is None and field.args and field.args[0].keyword is None:
            given = field.args[0]
        if given is None or given.kind != "str":
            return f"'{ref.name}.{attr}' holds the default of Field(), not known here"
        return Located(
            ref.path, Binding(default.target, "str", given.value, ref.name, default.line)
        )

    def _given_when_made(
        self, ref: Ref, attr: str, names: set[str], held_by: HeldBy | None, depth: int
    ) -> Located | str | None:
        """What the code making the settings gives the field (`Settings(ml_url=...)`):
        pydantic takes a value given there before the environment's and the default. The
        place making the instance read, where seamcheck sees it (`_construction`), else
        every place making the class. None when no place gives it; the string every place
        gives; else why it is not known (a place not giving it, or giving another, a value
        not written as a string, `**kw`, or `_env_file=` and the like, which change where
        every field is read from)."""
        seen = self._construction(held_by, ref, depth) if held_by is not None else None
        makers = (
            [seen]
            if seen is not None
            else [(r.path, r.call) for r in self._instances().makers(ref.path, ref.name)]
        )
        found: set[str] = set()
        missing = False  # a place not giving it: the environment or the default holds there
        for path, call in makers:
            where = f"{path}:{call.line}"
            args = call.args
            arg = next((a for a in args if a.keyword in names), None)
            missing |= arg is None
            if arg is None and any(a.keyword is None for a in args):  # `Settings(**overrides)`
                return f"'{ref.name}.{attr}' may be given where {ref.name} is made ({where})"
            changed = next((a.keyword for a in args if (a.keyword or "").startswith("_")), None)
            if arg is None and changed is not None:  # `Settings(_env_file=".env.prod")`
                return (
                    f"{ref.name} is made with {changed}= ({where}), which changes where"
                    f" '{attr}' is read from"
                )
            if arg is not None and arg.kind != "str":
                return f"'{ref.name}.{attr}' is given where {ref.name} is made ({where})"
            if arg is not None:
                found.add(arg.value)
        if not found:
            return None
        if len(found) > 1 or missing:
            shown = ", ".join(f"{path}:{call.line}" for path, call in makers[:3])
            return f"{ref.name} is made with different values of '{attr}' ({shown})"
        path, first = makers[0]  # where the string is given, as a binding of the field
        return Located(path, Binding(attr, "str", found.pop(), first.scope, first.span.line))

    def _required_field(
        self, ref: Ref, file: FileSymbols, attr: str, depth: int, held_by: HeldBy | None
    ) -> Located | str | None:
        """The value of a settings class's field that has no default (`BASE_HOST: str`),
        read from the environment (or why it is not known there); None where the class is no
        settings class, the name is one of its methods or properties, or the environment does
        not set it."""
        cls = file.definitions.get(ref.name)
        if cls is None or f"{ref.name}.{attr}" in file.definitions:
            return None
        if self._aliased_without_default(file, ref.name) and self._is_settings_class(
            ref.path, ref.name, depth
        ):
            # `host: Annotated[str, Field(alias="ML_HOST")]`: which field the alias is of is
            # not recorded, so not which variable this one is read from.
            return f"'{ref.name}.{attr}' is read from the environment, name not known"
        declared = Binding(attr, "typed", "", ref.name, cls.span.line)
        return self._settings_field(ref, declared, attr, depth, held_by)

    def _aliased_without_default(self, file: FileSymbols, cls: str) -> bool:
        """Whether the class body calls pydantic's `Field(...)` naming an environment
        variable (`alias=`, `validation_alias=`, `env=`) other than as a field's default:
        in an annotation, `Annotated[str, Field(alias=...)]`."""
        defaults = {b.line for (scope, _), b in file.bindings.items() if scope == cls}
        for call in file.facts.calls:
            if call.scope != cls or call.line in defaults:
                continue
            if not any(a.keyword in _FIELD_ALIASES for a in call.args):
                continue
            ref = self.names.resolve_dotted(file, cls, call.callee, 0)
            if ref.kind == "external" and ref.name in _PYDANTIC_FIELDS:
                return True
        return False

    def _pydantic_field(self, path: str, default: Binding) -> Call | None:
        """The `Field(...)` call a settings field's default is, if it is one."""
        if default.kind != "call":
            return None
        made = self.creator(Located(path, default))
        file = self.names.symbols.get(path)
        if made is None or file is None:
            return None
        ref = self.names.resolve_dotted(file, default.scope, made.callee, 0)
        return made if ref.kind == "external" and ref.name in _PYDANTIC_FIELDS else None

    def _is_settings_class(self, path: str, qualname: str, depth: int) -> bool:
        """Whether the class derives from pydantic's `BaseSettings` (through first-party
        classes too)."""
        file = self.symbols.get(path)
        definition = file.definitions.get(qualname) if file is not None else None
        if file is None or definition is None or depth > _MAX_DEPTH:
            return False
        scope = enclosing_scope(qualname)
        for base in definition.bases:
            ref = self.names.resolve_dotted(file, scope, base, 0)
            if ref.kind == "external" and ref.name.endswith(".BaseSettings"):
                return True
            if ref.kind == "def" and self._is_settings_class(ref.path, ref.name, depth + 1):
                return True
        return False

    def _env_prefix(self, path: str, cls: str, depth: int = 0) -> str | None:
        """The class's `env_prefix` (`model_config = SettingsConfigDict(env_prefix=...)`, or
        pydantic 1's `class Config`), else the one its first-party base classes set, as
        pydantic merges a class's config into its bases'; "" when none sets one, None when it
        is not a literal or a base is not read."""
        file = self.symbols.get(path)
        if file is None or depth > _MAX_DEPTH:
            return None
        config = file.bindings.get((cls, "model_config"))
        if config is not None:
            made = self.creator(Located(path, config)) if config.kind == "call" else None
            if made is None:
                return None
            prefix = next((a for a in made.args if a.keyword == "env_prefix"), None)
            if prefix is not None:
                return prefix.value if prefix.kind == "str" else None
            if any(a.keyword is None for a in made.args):  # `**common` may set it
                return None
        legacy = file.bindings.get((f"{cls}.Config", "env_prefix"))
        if legacy is not None:
            return legacy.value if legacy.kind == "str" else None
        definition = file.definitions.get(cls)
        for base in definition.bases if definition is not None else ():
            ref = self.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind == "def":
                inherited = self._env_prefix(ref.path, ref.name, depth + 1)
                if inherited != "":
                    return inherited
            elif ref.kind not in ("external", "builtin"):
                return None  # a base not read may set one
        return ""
