"""Browser apps whose build a Python web app serves: the page is loaded from that app, so
the page's relative URLs are requests to it, as if a proxy forwarded every path there
(`hosts.HostMap` makes each a `backend` proxy of the browser app).

Two shapes are read, both conservative:
- `Flask(__name__, static_folder="js/build")` whose folder, read as a constant, lies in a
  browser app's folder (its build output, or the folder itself): MLflow's tracking server
  serving its React UI. A folder kept in the repository that holds no `index.html` (the
  app's images) is not its page. A build copied elsewhere by a script, or a folder given at
  run time, is not followed.
- `app.mount("/", StaticFiles(directory=..., html=True))` (or a subclass of `StaticFiles`
  written beside it, as Open WebUI's `SPAStaticFiles`): a single-page app served at the root
  of a Starlette or FastAPI service. Its directory is usually known only at run time, so it
  is taken to serve the repository's browser app only when there is one browser app and one
  such service: with more, which serves which is not known. A directory named by a constant
  that is a folder of the repository outside every browser app (a docs site, pages kept in
  the service) holds no browser app's build: that mount is not counted.
- A browser app kept inside a Python service's folder (a package that ships its UI, as
  Apache Airflow's `airflow/ui`) whose service mounts a `StaticFiles(..., html=True)`
  anywhere (`app.mount("/static", StaticFiles(directory=build, html=True))`, the page
  itself often answered by a catch-all route): the service serves that app's build, with
  any number of browser apps and services, each app by the nearest Python service holding
  its folder. The directory, usually built from `Path(__file__)`, is not read; a browser
  app compose builds an image of its own for is deployed apart, not shipped.
- A browser app kept inside a Python web service's folder (a service depending on a server
  framework) whose webpack config writes its build into a `static/` folder of that service
  outside the app (`output: { path: path.resolve(__dirname, "../share/jupyterhub/static/js")
  }`, JupyterHub's admin app): the service ships the bundle with its static files and serves
  the page that loads it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from seamcheck.facts import MODULE_SCOPE, Arg, Call, FileFacts, call_within, result_of
from seamcheck.project import Project, Service, compose_owner, is_test_file
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.frameworks import PY_SERVER_DEPENDENCIES
from seamcheck.seams.model import Where
from seamcheck.seams.values import Values, literal

_FLASK_APPS = frozenset({"flask.Flask", "flask.app.Flask"})
_STATIC_FILES_MODULES = frozenset({"starlette.staticfiles", "fastapi.staticfiles"})
_STATIC_FILES = "StaticFiles"
# What makes a Python service a web app serving a bundle put in its static files.
_WEB_SERVERS = frozenset({*PY_SERVER_DEPENDENCIES, "tornado"})
_WEBPACK_CONFIGS = tuple(f"webpack.config.{suffix}" for suffix in ("js", "cjs", "mjs", "ts"))
_STATIC = "static"


def backend_serving(
    project: Project, resolution: Resolution, values: Values
) -> dict[str, list[tuple[str, str, Where]]]:
    """Browser app name -> (serving service, what serves it, where) for each Python app that
    serves the browser app's build: a Flask static folder holding it, else the one
    single-page app mounted at a service's root."""
    browsers = [s for s in project.services if "browser" in s.tags]
    found: dict[str, list[tuple[str, str, Where]]] = {}
    if not browsers:
        return found
    for call in resolution.calls_of_kind("external"):
        if call.qualname not in _FLASK_APPS:
            continue
        folder = _static_folder(call, values)
        server = values.service_of.get(call.path, "")
        if folder is None or not server:
            continue
        if not _may_hold_a_page(project, folder, browsers):
            continue
        for browser in _holding(browsers, folder):
            if browser.name != server:
                label = f"{call.qualname.rpartition('.')[2]} static_folder '{folder}'"
                where = Where(call.path, call.call.span.line)
                found.setdefault(browser.name, []).append((server, label, where))
    spa = _spa_server(project, resolution, values, browsers)
    if spa is not None and spa[0] not in found:
        found[spa[0]] = [spa[1]]
    for name, served in _shipping_servers(project, resolution, values, browsers).items():
        found.setdefault(name, [served])
    for name, served in _bundling_servers(project, resolution, browsers).items():
        found.setdefault(name, [served])
    return found


def _bundling_servers(
    project: Project, resolution: Resolution, browsers: list[Service]
) -> dict[str, tuple[str, str, Where]]:
    """Browser app -> (the Python web service holding its folder, what says it serves the
    page, where) when the app's webpack config writes its build into a `static/` folder of
    that service, outside the app."""
    found: dict[str, tuple[str, str, Where]] = {}
    imaged = _built_on_their_own(project)
    for browser in browsers:
        holder = _holding_python_service(project, browser)
        if holder is None or browser.name in imaged:
            continue
        if not _WEB_SERVERS.intersection(holder.dependencies):
            continue
        for config in _WEBPACK_CONFIGS:
            path = f"{browser.root}/{config}"
            facts = resolution.facts.get(path)
            output = _webpack_output(path, facts) if facts is not None else None
            if output is None:
                continue
            folder, line = output
            inside = holder.root == "." or folder.startswith(holder.root + "/")
            if inside and _STATIC in folder.split("/") and not any(_holding([browser], folder)):
                label = f"webpack output.path '{folder}'"
                found[browser.name] = (holder.name, label, Where(path, line))
                break
    return found


def _webpack_output(path: str, facts: FileFacts) -> tuple[str, int] | None:
    """The folder, repository-relative, a webpack config exported as an object writes its
    build into (`output.path`, `path.resolve(__dirname, ...)` or `path.join` of strings),
    and the line saying so."""
    exported = [
        b
        for b in facts.bindings
        if b.scope == MODULE_SCOPE
        and b.kind == "object"
        and b.target in ("module.exports", "default")
    ]
    if len(exported) != 1:
        return None
    output = _entry(exported[0].items, "output")
    given = _entry(output.items, "path") if output is not None else None
    at = result_of(given) if given is not None else None
    made = next((c for c in facts.calls if (c.span.line, c.span.column) == at), None)
    if made is None or made.callee not in ("path.resolve", "path.join") or len(made.args) < 2:
        return None
    first, *rest = made.args
    if first.kind != "name" or first.value != "__dirname" or any(a.kind != "str" for a in rest):
        return None
    folder = posixpath.normpath(posixpath.join(posixpath.dirname(path), *(a.value for a in rest)))
    return None if folder.startswith("..") else (folder, made.span.line)


def _entry(items: tuple[Arg, ...], key: str) -> Arg | None:
    return next((i for i in items if i.keyword == key), None)


def _shipping_servers(
    project: Project, resolution: Resolution, values: Values, browsers: list[Service]
) -> dict[str, tuple[str, str, Where]]:
    """Browser app -> (the nearest Python service holding its folder, what serves it, where)
    when that service mounts a single-page app (`html=True`) at any path: of several such
    mounts, the one written nearest the app's folder, as the evidence."""
    found: dict[str, tuple[str, str, Where]] = {}
    mounts: dict[str, list[tuple[str, Where]]] = {}
    imaged = _built_on_their_own(project)
    for browser in browsers:
        holder = _holding_python_service(project, browser)
        if holder is None or browser.name in imaged:
            continue
        if holder.name not in mounts:
            mounts[holder.name] = _page_mounts(project, resolution, values, holder, browsers)
        nearest = max(
            mounts[holder.name],
            key=lambda mount: _shared_folders(mount[1].path, browser.root),
            default=None,
        )
        if nearest is not None:
            found[browser.name] = (holder.name, *nearest)
    return found


def _built_on_their_own(project: Project) -> set[str]:
    """The services compose builds an image of their own for: a browser app deployed apart
    (its nginx, its Node server) is not one its Python service ships."""
    roots = {s.root: s.name for s in project.services}
    owners = (compose_owner(entry, roots) for entry in project.compose)
    return {owner for owner in owners if owner is not None}


def _holding_python_service(project: Project, browser: Service) -> Service | None:
    """The Python service whose folder holds the browser app's nearest: the one it ships in."""
    holders = [
        s
        for s in project.services
        if s.language == "python"
        and s.root != browser.root
        and (s.root == "." or browser.root.startswith(s.root + "/"))
    ]
    return max(holders, key=lambda s: (s.root != ".", len(s.root)), default=None)


def _page_mounts(
    project: Project,
    resolution: Resolution,
    values: Values,
    service: Service,
    browsers: list[Service],
) -> list[tuple[str, Where]]:
    """What mounts a static-files app answering with its page (`html=True`) at any path of
    the service's code (test code aside), and where, in path order."""
    service_of = {f.path: f.service for f in project.files}
    found: list[tuple[str, Where]] = []
    for path, facts in sorted(resolution.facts.items()):
        if service_of.get(path, "") != service.name or is_test_file(path):
            continue
        mount = _spa_mount(path, facts, anywhere=True)
        if mount is not None and not _own_pages(project, values, path, mount[2], browsers):
            found.append((mount[0], mount[1]))
    return found


def _shared_folders(path: str, folder: str) -> int:
    """How many leading folders a file's path shares with a folder."""
    shared = 0
    for mine, theirs in zip(path.split("/")[:-1], folder.split("/"), strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def _spa_server(
    project: Project, resolution: Resolution, values: Values, browsers: list[Service]
) -> tuple[str, tuple[str, str, Where]] | None:
    """(browser app, (the Python service mounting a single-page app at its root, what
    mounts it, where)) when there is one browser app and one such service."""
    python = {s.name for s in project.services if s.language == "python"}
    service_of = {f.path: f.service for f in project.files}
    mounts: dict[str, tuple[str, Where, Call]] = {}
    for path, facts in sorted(resolution.facts.items()):
        service = service_of.get(path, "")
        if service in python and service not in mounts:
            mount = _spa_mount(path, facts)
            if mount is not None and not _own_pages(project, values, path, mount[2], browsers):
                mounts[service] = mount
    if len(browsers) != 1 or len(mounts) != 1:
        return None
    ((server, (label, where, _)),) = mounts.items()
    return browsers[0].name, (server, label, where)


def _spa_mount(
    path: str, facts: FileFacts, anywhere: bool = False
) -> tuple[str, Where, Call] | None:
    """What mounts a static-files app answering with its page (`html=True`) at the root of
    the file's app (at any path, `anywhere`), where, and the static-files app's own call."""
    imported = {
        name.alias
        for item in facts.imports
        if item.module in _STATIC_FILES_MODULES
        for name in item.names
        if name.name == _STATIC_FILES
    }
    if not imported:
        return None
    classes = imported | {
        d.qualname for d in facts.definitions if d.kind == "class" and set(d.bases) & imported
    }
    for call in facts.calls:
        if call.callee.endswith(".mount") and (anywhere or _at_root(call)):
            inside = (c for c in facts.calls if call_within(c, call))
            made = next((c for c in inside if c.callee in classes and _serves_html(c)), None)
            if made is not None:
                at = _mount_path(call)
                label = f"{made.callee} mounted at '{at}'" if at is not None else made.callee
                return label, Where(path, call.span.line, call.span.column), made
    return None


def _own_pages(
    project: Project, values: Values, path: str, made: Call, browsers: list[Service]
) -> bool:
    """Whether the static-files app's `directory`, a constant, is a folder of the repository
    outside every browser app: read from the process's working folder, which is not known,
    so taken from the file's folder, the service's and the repository's root. A build
    folder is rarely in the repository (ignored), so one that is there is the service's own
    pages (docs, an admin page), not a browser app's build."""
    given = next((a for a in made.args if a.keyword == "directory"), None)
    template = values.of_arg(path, made.scope, given) if given is not None else None
    text = literal(template) if template is not None else None
    if not text or text.startswith("/") or "\\" in text:
        return False
    service = values.service_of.get(path, "")
    roots = {posixpath.dirname(path), "."}
    roots.update(s.root for s in project.services if s.name == service)
    walked = set(project.walked)
    for root in sorted(roots):
        folder = posixpath.normpath(posixpath.join(root, text))
        if folder in walked and not any(True for _ in _holding(browsers, folder)):
            return True
    return False


def _at_root(call: Call) -> bool:
    return _mount_path(call) in ("/", "")


def _mount_path(call: Call) -> str | None:
    """The path a `mount` call is given, written as a string; None for any other value."""
    first = call.args[0] if call.args else None
    if first is None or first.keyword not in (None, "path") or first.kind != "str":
        return None
    return first.value


def _serves_html(call: Call) -> bool:
    """`html=True`: a path with no file of its own is answered with the app's page."""
    return any(a.keyword == "html" and a.value == "True" for a in call.args)


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


def _may_hold_a_page(project: Project, folder: str, browsers: list[Service]) -> bool:
    """Whether a static folder inside a browser app's folder may hold the app's page: the
    app's folder itself, a folder not kept in the repository (an ignored build), or one
    holding an `index.html`. A kept folder without one (`ui/src/assets`, `ui/public/img`)
    holds files the page uses, loaded from wherever the page is."""
    if any(folder == b.root for b in browsers) or folder not in set(project.walked):
        return True
    return f"{folder}/index.html" in set(project.other_files)


def _holding(browsers: list[Service], folder: str) -> Iterator[Service]:
    for browser in browsers:
        root = browser.root
        if root != "." and (folder == root or folder.startswith(root + "/")):
            yield browser
