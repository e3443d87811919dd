"""Browser scripts a Python web app serves itself, and the files where an unbound `$` or
`jQuery` is jQuery.

A Python web app (a Python service declaring routes) serves the `.js` files of its `static/`
folders (Flask's and Django's default, Tornado's `static_path` by habit) to the pages its
templates render: a relative URL there is a request to that app (`link.Linker`). Its
`static/` folders sit beside its Python code; one in a folder holding none (a docs site's
`docs/static/` in the same package) is some other site's.

jQuery is the page's global where the code does not bind `$` (or binds it to jQuery: a
parameter, `(function ($) {...})(jQuery)`, or `var $ = jQuery.noConflict()`; not a function
or value of its own, `function $(id) {...}`): in a service depending on
`jquery` or `zepto`, in a plain browser script (no import, require or export) a Python web
app serves, and in a plain browser script of a service that ships jQuery itself (a
`jquery*.js` file of its own). A page loading jQuery from a CDN by a `<script>` tag of a
static site is not read: pages are not parsed, and their content is not tracked by the
cache. jQuery's own files (`jquery.js`, `jquery.min.js`) are never its client code.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from seamcheck.facts import MODULE_SCOPE, Call, FileFacts
from seamcheck.project import Project, ancestors

if TYPE_CHECKING:
    from seamcheck.resolve.names import FileSymbols

_JQUERY_PACKAGES = frozenset({"jquery", "zepto"})
_JQUERY_NAMES = frozenset({"$", "jQuery"})
_PYTHON_SERVED = frozenset({"static"})
_NODE_SERVED = frozenset({"public", "static"})
_JQUERY_FILE = re.compile(r"^jquery[\w.-]*\.js$", re.IGNORECASE)


def served_scripts(
    project: Project, service_of: dict[str, str], route_files: Collection[str]
) -> frozenset[str]:
    """The `.js` files under a `static/` folder of a Python service that declares routes
    (in `route_files`, the files declaring them), beside the app's Python code: the folder
    holding `static/` holds Python files of the service (`shop/app.py` beside
    `shop/static/`, a Django app's `views.py`), not a docs site's or another front end's
    (`docs/static/`, which the app does not serve). Likewise the `.js` files under a
    `public/` or `static/` folder of a Node service that declares routes, in a folder
    holding a file that declares them (`app/server.js` beside `app/public/`, which
    `express.static('public')` serves by habit), themselves declaring none."""
    python_web = {service_of.get(path, "") for path in route_files if path.endswith(".py")}
    node_routes = [p for p in route_files if not p.endswith(".py")]
    node_web = {service_of.get(path, "") for path in node_routes} - python_web
    roots = {s.name: s.root for s in project.services if s.name in python_web | node_web}
    with_python = {
        folder
        for f in project.files
        if f.service in python_web and f.path.endswith(".py")
        for folder in ancestors(f.path)
    }
    with_node_routes = {folder for path in node_routes for folder in ancestors(path)}
    return frozenset(
        f.path
        for f in project.files
        if f.service in roots
        and f.path.endswith(".js")
        and (
            _in_static(f.path, roots[f.service], with_python, _PYTHON_SERVED)
            if f.service in python_web
            else f.path not in route_files
            and _in_static(f.path, roots[f.service], with_node_routes, _NODE_SERVED)
        )
    )


def _in_static(path: str, root: str, beside: Collection[str], names: Collection[str]) -> bool:
    """Whether `path` is under a folder named one of `names` (within its service's root)
    whose own folder is one of `beside`: holds the app's code."""
    parts = path.split("/")
    first = 0 if root == "." else root.count("/") + 1
    return any(
        parts[at] in names and ("/".join(parts[:at]) or ".") in beside
        for at in range(first, len(parts) - 1)
    )


class JQueryPages:
    """Where an unbound `$` or `jQuery` is jQuery."""

    def __init__(
        self,
        project: Project,
        service_of: dict[str, str],
        facts: Mapping[str, FileFacts],
        served: frozenset[str],
    ) -> None:
        self.facts = facts
        self.served = served
        self.service_of = service_of
        self.depending = frozenset(
            s.name for s in project.services if _JQUERY_PACKAGES.intersection(s.dependencies)
        )
        self.project = project

    @cached_property
    def shipping(self) -> frozenset[str]:
        # Walked only when a call is made on an unbound `$` in a service not depending on jQuery.
        return _shipping_jquery(self.project)

    def is_jquery(self, path: str) -> bool:
        name = path.rpartition("/")[2]
        if _JQUERY_FILE.match(name):
            return False  # jQuery's own code
        service = self.service_of.get(path, "")
        if service in self.depending:
            return True
        if path not in self.served and service not in self.shipping:
            return False
        facts = self.facts.get(path)
        return facts is not None and not facts.imports and not facts.exports


def names_page_jquery(file: FileSymbols, call: Call) -> bool:
    """Whether the `$` or `jQuery` a call is made on (`$.get(...)`, `$(el).load(...)`) is
    the page's: bound nowhere in the file (a parameter is not bound: the `(function ($) {...})
    (jQuery)` and `jQuery(function ($) {...})` idioms), or bound to jQuery itself (`var $ =
    jQuery.noConflict()`, `const $ = django.jQuery`). A `$` the file defines (`function $(id)
    {...}`, `var $ = {...}`) is its own, whatever its methods are named."""
    root = call.callee.partition(".")[0].removesuffix("()")
    binder = file.binder(call.scope, root, call.span.line)
    if binder is None:
        return True
    qualname = root if binder == MODULE_SCOPE else f"{binder}.{root}"
    binding = file.bindings.get((binder, root))
    if (binder, root) in file.imported or qualname in file.definitions or binding is None:
        return False
    if binding.kind == "local":
        return True  # a parameter hiding a module's `$`: the idioms above
    if binding.kind not in ("name", "call"):
        return False
    return not _JQUERY_NAMES.isdisjoint(binding.value.replace("()", "").split("."))


def _shipping_jquery(project: Project) -> frozenset[str]:
    """The services holding a copy of jQuery (`static/vendor/jquery-3.7.1.min.js`)."""
    owner = {s.root: s for s in project.services}
    found: set[str] = set()
    skipped = (s.path for s in project.skipped)
    for path in (*(f.path for f in project.files), *project.other_files, *skipped):
        if _JQUERY_FILE.match(path.rpartition("/")[2]):
            service = next((owner[a] for a in ancestors(path) if a in owner), None)
            if service is not None:
                found.add(service.name)
    return frozenset(found)
