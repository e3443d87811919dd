"""Browser apps whose build a Python web app serves: `Flask(__name__,
static_folder="js/build")` with that folder inside a browser app's folder (MLflow's tracking
server serving its React UI). The page is loaded from that app, so the page's relative URLs
are requests to it, as if a proxy forwarded every path there.

Conservative: only a Flask app made with `__name__` (its folder is the module's), a static
folder seamcheck reads as a constant and that lies in a browser app's folder (its build
output, or the folder itself). A build copied elsewhere by a script, or a folder given at
run time, is not followed."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from seamcheck.project import Project, Service
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.model import Where
from seamcheck.seams.values import Values, literal

_FLASK_APPS = frozenset({"flask.Flask", "flask.app.Flask"})


def backend_serving(
    project: Project, resolution: Resolution, values: Values
) -> dict[str, list[tuple[str, str, Where]]]:
    """Browser app name -> (serving service, what serves it, where) for each Python app whose
    static folder holds the browser app's build."""
    browsers = [s for s in project.services if "browser" in s.tags]
    found: dict[str, list[tuple[str, str, Where]]] = {}
    if not browsers:
        return found
    for call in resolution.calls:
        if call.kind != "external" or call.qualname not in _FLASK_APPS:
            continue
        folder = _static_folder(call, values)
        server = values.service_of.get(call.path, "")
        if folder is None or not server:
            continue
        for browser in _holding(browsers, folder):
            if browser.name != server:
                label = f"{call.qualname.rpartition('.')[2]} static_folder '{folder}'"
                where = Where(call.path, call.call.span.line)
                found.setdefault(browser.name, []).append((server, label, where))
    return found


def _static_folder(call: ResolvedCall, values: Values) -> str | None:
    """The repository path of the app's static folder; None when not known or not given."""
    args = call.call.args
    if not args or args[0].keyword is not None or args[0].value != "__name__":
        return None  # another import name: the app's folder is not the module's
    given = next((a for a in args if a.keyword == "static_folder"), None)
    if given is None:
        return None
    template = values.of_arg(call.path, call.call.scope, given)
    text = literal(template) if template is not None else None
    if not text or text.startswith("/") or "\\" in text:
        return None
    folder = posixpath.normpath(posixpath.join(posixpath.dirname(call.path), text))
    return None if folder.startswith("..") else folder


def _holding(browsers: list[Service], folder: str) -> Iterator[Service]:
    for browser in browsers:
        root = browser.root
        if root != "." and (folder == root or folder.startswith(root + "/")):
            yield browser
