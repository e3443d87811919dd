"""The backend that serves a browser app's build: where the app's relative URLs land.

A Python service that mounts a single-page app's static files at its root
(`app.mount("/", StaticFiles(directory=..., html=True))`, or a subclass of `StaticFiles`
written beside it, as Open WebUI's `SPAStaticFiles`) serves the page the browser app's
build runs in, so the app's relative URLs (`fetch('/api/v1/chats')`) go to that service.
It is taken to serve the repository's browser app only when there is one browser app and
one such service: with more, which serves which is not known.
"""

from __future__ import annotations

from seamcheck.facts import Call, FileFacts, call_within
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import Where

_STATIC_FILES_MODULES = frozenset({"starlette.staticfiles", "fastapi.staticfiles"})
_STATIC_FILES = "StaticFiles"


def app_servers(project: Project, resolution: Resolution) -> dict[str, tuple[str, Where]]:
    """Browser app -> (the service serving its build, where it mounts it)."""
    browsers = [s.name for s in project.services if "browser" in s.tags]
    python = {s.name for s in project.services if s.language == "python"}
    service_of = {f.path: f.service for f in project.files}
    mounts: dict[str, Where] = {}
    for path, facts in sorted(resolution.facts.items()):
        service = service_of.get(path, "")
        if service in python:
            where = _spa_mount(path, facts)
            if where is not None:
                mounts.setdefault(service, where)
    if len(browsers) != 1 or len(mounts) != 1:
        return {}
    ((service, where),) = mounts.items()
    return {browsers[0]: (service, where)}


def _spa_mount(path: str, facts: FileFacts) -> Where | None:
    """Where the file mounts a static-files app serving `index.html` at the root."""
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
        if call.callee.endswith(".mount") and _at_root(call):
            inside = (c for c in facts.calls if call_within(c, call))
            if any(c.callee in classes and _serves_html(c) for c in inside):
                return Where(path, call.span.line, call.span.column)
    return None


def _at_root(call: Call) -> bool:
    first = call.args[0] if call.args else None
    return first is not None and first.keyword in (None, "path") and first.value in ("/", "")


def _serves_html(call: Call) -> bool:
    """`html=True`: a path with no file of its own is answered with the app's page."""
    return any(a.keyword == "html" and a.value == "True" for a in call.args)
