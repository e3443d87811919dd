"""What the frameworks serve on their own (`BuiltinRoutes`), declared builtin on the app that
serves it: FastAPI's and APIFlask's OpenAPI schema and docs pages, a Flask app's or
blueprint's static folder, the files of a full-stack app's public folder."""

from __future__ import annotations

from seamcheck.facts import Arg, Call
from seamcheck.project import Service
from seamcheck.seams.model import Where
from seamcheck.seams.routes.flaskstatic import static_route
from seamcheck.seams.routes.lookups import ValueLookups
from seamcheck.seams.routes.publicfiles import public_routes
from seamcheck.seams.routes.servers import Declared, Server
from seamcheck.seams.values import display

# What a FastAPI app serves on its own, by the argument that moves it -> where it is.
_FASTAPI_DOCS = {
    "openapi_url": "/openapi.json",
    "docs_url": "/docs",
    "swagger_ui_oauth2_redirect_url": "/docs/oauth2-redirect",
    "redoc_url": "/redoc",
}
# Served only when these are on: one not known before run time may turn it off.
_FASTAPI_GATES: dict[str, tuple[str, ...]] = {
    "openapi_url": (),
    "docs_url": ("openapi_url",),
    "redoc_url": ("openapi_url",),
    "swagger_ui_oauth2_redirect_url": ("openapi_url", "docs_url"),
}

# What an APIFlask app serves on its own, by the argument that moves it -> where it is; on a
# blueprint of its own, under `openapi_blueprint_url_prefix`.
_APIFLASK_DOCS = {
    "spec_path": "/openapi.json",
    "docs_path": "/docs",
    "docs_oauth2_redirect_path": "/docs/oauth2-redirect",
    "redoc_path": "/redoc",
}
_APIFLASK_GATES: dict[str, tuple[str, ...]] = {
    "spec_path": (),
    "docs_path": (),
    "docs_oauth2_redirect_path": ("docs_path",),
    "redoc_path": (),
}


class BuiltinRoutes(ValueLookups):
    """The routes a framework's app serves with no declaration of the repository's."""

    def _fastapi_docs(self, path: str, app: Call, key: str) -> None:
        """The routes a FastAPI app serves on its own: its OpenAPI schema and the docs pages
        that read it (`/openapi.json`, `/docs`, `/docs/oauth2-redirect`, `/redoc` unless its
        arguments move them or turn them off with None), GET and HEAD (Starlette routes)."""
        self._docs_pages(path, app, key, "fastapi", _FASTAPI_DOCS, _FASTAPI_GATES, ("GET", "HEAD"))

    def _apiflask_docs(self, path: str, app: Call, key: str) -> None:
        """The routes an APIFlask app serves on its own, on the blueprint it registers for
        them: its OpenAPI spec and docs pages (`/openapi.json`, `/docs`,
        `/docs/oauth2-redirect`, `/redoc` unless its arguments move them or turn them off
        with None) under `openapi_blueprint_url_prefix`; none with `enable_openapi=False`."""
        enabled = self._keyword_arg(app, "enable_openapi")
        if enabled is not None and enabled.value == "False":
            return
        pages = f"{key}|openapi"
        server = self.servers.setdefault(pages, Server("flask"))
        server.mounts.append((key, "", None))
        prefix = self._keyword_arg(app, "openapi_blueprint_url_prefix")
        if prefix is not None and prefix.value != "None":
            self._set_prefix(server, path, app.scope, prefix, app)
        self._docs_pages(path, app, pages, "flask", _APIFLASK_DOCS, _APIFLASK_GATES, ("GET",))

    def _public_files(
        self, service: Service, folder: str, base: str | None, framework: str
    ) -> None:
        """The files a full-stack app serves from its public `folder` (`publicfiles.py`).
        What may serve more is added only where the app has routes seamcheck reads: a
        service with none leaves every call to it unsure already."""
        found = public_routes(self.project, service, folder, base, framework)
        self.builtin.extend(found.builtin)
        name = service.name
        if any(r.service == name for r in self.routes) or any(
            r.service == name for r in self.unread
        ):
            self.unread.extend(found.unread)

    def _flask_static(self, path: str, app: Call, key: str, factory: str) -> None:
        """The route a Flask app or blueprint serves its static folder at, declared builtin
        on its server `key` (`flaskstatic`); at the root, or at a path known only at run
        time, a route that may serve any GET path."""
        found = static_route(self.values, path, app, factory)
        if found is None:
            return
        where = Where(path, app.span.line, app.span.column)
        service = self.service_of.get(path, "")
        if found.path:
            declared = Declared(key, service, "GET", found.path, "flask", where, "", builtin=True)
        else:
            declared = Declared(key, service, "GET", "", "flask", where, "", found.what)
        self.declared.append(declared)

    def _docs_pages(
        self,
        path: str,
        app: Call,
        key: str,
        framework: str,
        pages: dict[str, str],
        gates: dict[str, tuple[str, ...]],
        methods: tuple[str, ...],
    ) -> None:
        """The pages a framework's app serves on its own (`pages`: the argument that moves
        each -> its default path), declared builtin on the app's server `key`. A page is
        served only when the pages it `gates` on are: one of those turned off with None turns
        it off too, and one known only at run time makes it unsure."""
        given = {a.keyword: a for a in app.args if a.keyword in pages}
        paths: dict[str, str | None] = {}  # keyword -> its path; None: off; "": not known
        for keyword, default in pages.items():
            written = given.get(keyword) or Arg("str", default)
            if written.value in ("None", "") and written.kind in ("name", "other", "str"):
                paths[keyword] = None
                continue
            template = self.values.of_arg(path, app.scope, written)
            known = template is not None and not any(part.param for part in template)
            paths[keyword] = display(template) if template is not None and known else ""
        for keyword in pages:
            if any(paths[g] is None for g in gates[keyword]):
                paths[keyword] = None
        where = Where(path, app.span.line, app.span.column)
        service = self.service_of.get(path, "")
        label = {"fastapi": "FastAPI", "ninja": "Django Ninja", "flask": "APIFlask"}.get(
            framework, framework
        )
        for keyword, route_path in paths.items():
            if route_path is None:
                continue
            if route_path and all(paths[g] for g in gates[keyword]):
                self.declared.extend(
                    Declared(key, service, m, route_path, framework, where, "", builtin=True)
                    for m in methods
                )
                continue
            # A page whose path (`docs_url=settings.docs_url`), or whether it is served at
            # all, is known only at run time: the calls that end as its default path
            # (`/docs`, also under a prefix) may be its, unsure rather than broken. Any other
            # GET is not made unsure by it.
            what = (
                f"{label}'s {route_path}, served only as settings known at run time allow"
                if route_path
                else f"{label}'s {keyword}, known only at run time"
            )
            head, tail = (route_path, "") if route_path else ("", pages[keyword])
            self.declared.extend(
                Declared(key, service, m, head, framework, where, "", what, tail=tail)
                for m in methods
            )
