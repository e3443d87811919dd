"""traitlets: what an instance's attribute declared as a trait in its class body holds
(`hub_prefix = Unicode("/hub/")` read as `self.hub_prefix`), as the Jupyter applications
(JupyterHub, the Jupyter servers, their extensions) declare their settings.

A trait the configuration may set (`config=True`, `.tag(config=True)`) is known only at run
time, except an application's `base_url` (a class deriving from traitlets' `Application`,
as JupyterHub's does): the path the whole server is served under, which
seamcheck takes for the root, as JupyterLab's request helpers take the page's base URL
(`values.SERVER_BASE`). One that is not holds what its `@default("name")` method returns,
else its default value. A trait set again by a method (other than to what its `@default`
method gives), or in a class deriving from its own, is not read here."""

from __future__ import annotations

from seamcheck.facts import RETURNED, Arg, Binding, Call, Piece, enclosing_scope
from seamcheck.resolve.model import ClassBases, ancestors
from seamcheck.seams.values import Given, Located, Part, Template, Values

_TRAITLETS = "traitlets."
# The trait named so, configurable: the server's base URL (`values.SERVER_BASE`).
_BASE_URL = "base_url"
_BASE_NOTE = "the 'base_url' setting is known only at run time"
# traitlets' application, as the Jupyter applications import it: the base of a class whose
# configurable `base_url` is the server's (not a client's, as JupyterLab's PyPI manager's).
_APPLICATIONS = frozenset(
    {
        "traitlets.config.Application",
        "traitlets.config.application.Application",
        "jupyter_core.application.JupyterApp",
        "jupyter_server.serverapp.ServerApp",
        "jupyter_server.extension.application.ExtensionApp",
    }
)
# traitlets' decorator of the method giving a trait's default (`@default("hub_prefix")`).
_DEFAULTS = frozenset({"traitlets.default", "traitlets.traitlets.default"})


class Traits:
    """What the traits of first-party traitlets classes hold, when that is known here."""

    def __init__(self, values: Values, class_bases: ClassBases, server_base: str) -> None:
        self.values = values
        self.class_bases = class_bases
        self.server_base = server_base

    def of_attribute(
        self, path: str, scope: str, attribute: str, depth: int, given: Given | None
    ) -> Template | None:
        """The string `self.<attribute>`, read in a method (`scope`) of the class declaring
        it a trait, holds; None when it is no trait of that class."""
        file = self.values.symbols.get(path)
        cls = file.class_of(scope) if file is not None and file.is_python else None
        declared = file.bindings.get((cls, attribute)) if file is not None and cls else None
        if file is None or cls is None or declared is None or declared.kind != "call":
            return None
        located = Located(path, declared)
        made = self.values.creator(located)
        if made is None or not self._is_trait(path, cls, declared.value):
            return None
        shown = f"'self.{attribute}'"
        if _configurable(made):
            if attribute == _BASE_URL and self._is_application(path, cls):
                return (Part(self.server_base, True, _BASE_NOTE),)
            note = f"{shown} is a setting ({path}:{declared.line}), known only at run time"
            return (Part(attribute, True, note),)
        method = self._default_method(path, cls, attribute)
        if not self._set_only_by_default(path, cls, attribute, method):
            note = f"{shown} is set at run time ({path}:{declared.line})"
            return (Part(attribute, True, note),)
        if method is not None:
            returned = file.bindings.get((method, RETURNED))
            if returned is None or returned.kind not in ("str", "expr"):
                return (Part(attribute, True, f"{shown}: its default is computed at run time"),)
            return self.values.of_pieces(path, method, _pieces(returned), depth + 1, given)
        default = _default_value(made)
        if default is None:
            return None
        return self.values.of_arg(path, enclosing_scope(cls) or cls, default, depth + 1, given)

    def _is_trait(self, path: str, cls: str, callee: str) -> bool:
        """Whether `callee`, called in the body of `cls`, makes a traitlets trait: one of
        traitlets' own or a first-party class deriving from one (JupyterHub's `URLPrefix`)."""
        file = self.values.symbols[path]
        ref = self.values.names.resolve_dotted(file, cls, callee.split("(", 1)[0], 0)
        if ref.kind == "external":
            return ref.name.startswith(_TRAITLETS)
        if ref.kind != "def":
            return False
        node = f"{ref.path}::{ref.name}"
        return any(base.startswith(_TRAITLETS) for base in ancestors(self.class_bases, node))

    def _is_application(self, path: str, cls: str) -> bool:
        """Whether `cls` derives from traitlets' `Application` (JupyterHub's app, a Jupyter
        server's, an extension's): its `base_url` is the server's."""
        return not _APPLICATIONS.isdisjoint(ancestors(self.class_bases, f"{path}::{cls}"))

    def _default_method(self, path: str, cls: str, attribute: str) -> str | None:
        """The method of `cls` decorated `@default("<attribute>")`, its qualname."""
        file = self.values.symbols[path]
        for call in file.facts.calls:
            decorated = call.decorates
            if decorated is None or enclosing_scope(decorated) != cls:
                continue
            first = call.args[0] if call.args else None
            if first is None or first.kind != "str" or first.value != attribute:
                continue
            ref = self.values.names.resolve_dotted(file, cls, call.callee, 0)
            if ref.kind == "external" and ref.name in _DEFAULTS:
                return decorated
        return None

    def _set_only_by_default(self, path: str, cls: str, attribute: str, method: str | None) -> bool:
        """Whether the class's methods set the trait only to what its `@default` method
        gives (`self.hub_prefix = self._hub_prefix_default()`, an observer of `base_url`),
        and no class deriving from it may set it otherwise."""
        file = self.values.symbols[path]
        for write in file.member_writes.get(f"{cls}.{attribute}", ()):
            if write.scope != cls and not _gives_default(write, method):
                return False
        return self.values.hierarchy().subclasses(path, cls) == []


def _configurable(made: Call) -> bool:
    """Whether a trait is declared configurable: `Unicode("/", config=True)`, or tagged
    so (`Unicode("/").tag(config=True)`)."""
    return any(
        arg.keyword == "config" and arg.kind == "other" and arg.value == "True" for arg in made.args
    )


def _default_value(made: Call) -> Arg | None:
    """A trait's default value: its first positional argument or `default_value=`."""
    if made.callee.endswith(").tag"):
        return None  # the trait's own call is the one the tag is called on
    positional = [a for a in made.args if a.keyword is None]
    keyword = next((a for a in made.args if a.keyword == "default_value"), None)
    return positional[0] if positional else keyword


def _gives_default(write: Binding, method: str | None) -> bool:
    """Whether an assignment sets the trait to what its `@default` method returns."""
    return (
        method is not None
        and write.kind == "call"
        and write.value == f"self.{method.rpartition('.')[2]}"
    )


def _pieces(returned: Binding) -> tuple[Piece, ...]:
    """The pieces of the string a `RETURNED` binding holds."""
    if returned.kind == "str":
        return (Piece("lit", returned.value),)
    return returned.pieces
