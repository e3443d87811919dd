"""Flask's own static route. A Flask or Quart app, and a blueprint given a static folder,
serves the files of that folder at `{static_url_path}/<path:filename>` (Flask's
`Scaffold.static_url_path`): `/static/...` by default, `/` + the folder's last name when only
the folder is given (`static_folder="../ui/dist"` serves `/dist/...`), and the given path
otherwise. A call to one of those paths lands on a route of the framework's, not on nothing.

`static_url_path=""` (a single-page app's usual setting) serves the folder at the root, so
any GET path may be a file of it; whether it is depends on files seamcheck does not read (a
build output), so such a call is unsure rather than linked, and a near miss of a route the
app declares is still broken (`link.Linker._land`)."""

from __future__ import annotations

import posixpath

from seamcheck.facts import Arg, Call
from seamcheck.records import dataclass
from seamcheck.seams.values import Values, display

# Factory -> positions of (static_url_path, static_folder) and whether it has a static
# folder when given none (an app's is "static"; a blueprint has none unless given one).
_FACTORIES: dict[str, tuple[int, int, bool]] = {
    "flask.Flask": (1, 2, True),
    "quart.Quart": (1, 2, True),
    "flask.Blueprint": (3, 2, False),
    "quart.Blueprint": (3, 2, False),
    "flask_smorest.Blueprint": (3, 2, False),
    # APIFlask's take their own parameters first (title, version, the docs' paths; a tag).
    "apiflask.APIFlask": (12, 13, True),
    "apiflask.APIBlueprint": (5, 4, False),
}
STATIC_FACTORIES = frozenset(_FACTORIES)

_DEFAULT_FOLDER = "static"
_FILENAME = "<path:filename>"
_NOT_GIVEN = Arg("other", "not given")  # the argument was not written
_UNKNOWN = Arg("other", "")  # a `*args` or `**kwargs` may hold it


@dataclass(frozen=True, slots=True)
class StaticRoute:
    """Where the static files are served: `path` the route, or "" when the path is not
    known before run time (`what` says why) or is the root (`at_root`)."""

    path: str = ""
    what: str = ""
    at_root: bool = False


def static_route(values: Values, path: str, call: Call, factory: str) -> StaticRoute | None:
    """The static route the app or blueprint `call` makes; None when it makes none."""
    url_position, folder_position, has_default = _FACTORIES[factory]
    folder = _argument(call, "static_folder", folder_position)
    url_path = _argument(call, "static_url_path", url_position)
    if folder is _NOT_GIVEN and not has_default:
        return None
    if _is_none(folder):
        return None
    if url_path is _NOT_GIVEN or _is_none(url_path):
        if folder is _NOT_GIVEN:
            return _at("/" + _DEFAULT_FOLDER)
        base = _basename(values, path, call.scope, folder)
        if base is None:
            return StaticRoute(what="Flask's static files, at a path known only at run time")
        return _at(f"/{base}".rstrip("/"))
    template = values.of_arg(path, call.scope, url_path) if url_path is not _UNKNOWN else None
    if template is None or any(part.param for part in template):
        return StaticRoute(what="Flask's static files, at a path known only at run time")
    return _at(display(template).rstrip("/"))


def _at(url_path: str) -> StaticRoute:
    if not url_path:
        return StaticRoute(what="Flask's static files at the root", at_root=True)
    return StaticRoute(path=f"{url_path}/{_FILENAME}")


def _argument(call: Call, keyword: str, position: int) -> Arg:
    """The argument written for a parameter, by keyword or position; `_NOT_GIVEN`, or
    `_UNKNOWN` when a spread may hold it."""
    positional = 0
    spread = False
    for arg in call.args:
        if arg.keyword == keyword:
            return arg
        if arg.kind == "other" and arg.value in ("*", "**"):
            spread = True
        elif arg.keyword is None and not spread:
            if positional == position:
                return arg
            positional += 1
    return _UNKNOWN if spread else _NOT_GIVEN


def _is_none(arg: Arg) -> bool:
    return arg.kind == "other" and arg.value == "None"


def _basename(values: Values, path: str, scope: str, folder: Arg) -> str | None:
    """The last name of a static folder (`os.path.basename` of it, trailing slashes
    removed, as Flask's setter does); None when it is not known before run time. A folder
    built at run time whose end is written (`os.path.join(ROOT, "static")` read as
    `{ROOT}/static`) has a known last name."""
    if folder is _UNKNOWN:
        return None
    template = values.of_arg(path, scope, folder)
    if template is None:
        return None
    text = display(template).rstrip("/\\")
    last_param = max((i for i, part in enumerate(template) if part.param), default=-1)
    tail = "".join(part.text for part in template[last_param + 1 :]).rstrip("/\\")
    if last_param >= 0 and "/" not in tail.replace("\\", "/"):
        return None
    return posixpath.basename(text.replace("\\", "/"))
