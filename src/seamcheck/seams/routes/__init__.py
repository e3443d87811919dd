"""Routes each service serves, with prefixes composed across files.

Router-style frameworks (FastAPI, Flask, aiohttp, Express, Fastify, Koa, Hono, restify) are
one model (`core.py` and the base classes it is composed of, one per concern): a server
object is created by a known factory (`APIRouter(prefix=...)`, `express.Router()`, `new
Router({ prefix })`), routes are declared on it (decorators or `x.get(path, handler)`), and
objects are mounted under others with a prefix
(`include_router`, `register_blueprint`, `app.use('/api', router)`, `register(plugin, {
prefix })`). A route declared on a function's parameter belongs to that function (a Fastify
plugin, `def register(app)`), which is mounted where it is registered or called with a server
object. A plugin registered through fastify-plugin (`fp(plugin)`) shares the scope it is
registered in: the `prefix` of those registrations does not apply, as Fastify documents.

Frameworks with their own shapes each have a module, a subclass of `RouteCore` that declares
routes on its servers and mounts: Starlette's `Route`/`Mount` lists (`starlette.py`), NestJS
controllers (`nestjs.py`), Django URLconfs (`django.py`), Next.js files and Node's
`http.createServer` (`nextjs.py`), SvelteKit's endpoints and pages (`sveltekit.py`), Nuxt's
server routes and pages (`nuxt.py`), Ray
Serve (`ray.py`), BentoML (`bentoml.py`), Litestar (`litestar.py`), routing-controllers
(`routing_controllers.py`), tsoa (`tsoa.py`), hapi (`hapi.py`), Django Ninja (`ninja.py`,
under the URLconfs `django.py` reads), Sanic's blueprints and versions (`sanic.py`), Falcon
(`falcon.py`), Tornado's rules (`tornado.py`) and restify's route objects and
restify-router's routers (`restify.py`, beside the router-style reading of `core.py`).
`RouteFinder` combines them and runs each once every file's calls are read; `servers.py`
holds the records they share.
"""

from __future__ import annotations

from dataclasses import replace

from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import Route, UnreadRoute, Where
from seamcheck.seams.routes.bentoml import BentoRoutes
from seamcheck.seams.routes.django import DjangoRoutes
from seamcheck.seams.routes.falcon import FalconRoutes
from seamcheck.seams.routes.hapi import HapiRoutes
from seamcheck.seams.routes.litestar import LitestarRoutes
from seamcheck.seams.routes.nestjs import NestRoutes
from seamcheck.seams.routes.nextjs import NextRoutes
from seamcheck.seams.routes.ninja import NinjaRoutes
from seamcheck.seams.routes.nuxt import NuxtRoutes
from seamcheck.seams.routes.ray import RayRoutes
from seamcheck.seams.routes.restify import RestifyRoutes
from seamcheck.seams.routes.routing_controllers import RoutingControllersRoutes
from seamcheck.seams.routes.sanic import SanicRoutes
from seamcheck.seams.routes.starlette import StarletteRoutes
from seamcheck.seams.routes.sveltekit import SvelteKitRoutes
from seamcheck.seams.routes.tornado import TornadoRoutes
from seamcheck.seams.routes.tsoa import TsoaRoutes
from seamcheck.seams.routes.websockets import websocket_servers
from seamcheck.seams.socketio import socketio_servers
from seamcheck.seams.values import Values


class RouteFinder(
    StarletteRoutes,
    NestRoutes,
    NinjaRoutes,
    DjangoRoutes,
    NextRoutes,
    SvelteKitRoutes,
    NuxtRoutes,
    RayRoutes,
    BentoRoutes,
    LitestarRoutes,
    RoutingControllersRoutes,
    TsoaRoutes,
    HapiRoutes,
    SanicRoutes,
    FalconRoutes,
    TornadoRoutes,
    RestifyRoutes,
):
    """Every framework's reading, run over the whole repository: first each file's calls
    (router-style declarations and mounts, Starlette lists, NestJS decorators), then the
    passes that need them all, then the prefixes composed and what is unsure settled."""

    def find(self) -> tuple[list[Route], list[UnreadRoute], list[Route]]:
        for path in sorted(self.resolution.facts):
            facts = self.resolution.facts[path]
            for call in self._read_calls(path, facts.calls):
                self._call(path, facts, call)
            if self._reaches(path, "starlette", "fastapi"):
                self._starlette(path, facts)
            if self._reaches(path, "@nestjs/common"):
                self._nest(path, facts)
            if self._reaches(path, "routing-controllers"):
                self._routing_controllers_file(path, facts)
            if self._reaches(path, "tsoa"):
                self._tsoa_file(path, facts)
        self._plugins()
        self._starlette_mounted_apps()
        self._mounted_handlers()
        self._starlette_compose()
        self._django()
        self._ninja()
        self._next_files()
        self._sveltekit()
        self._nuxt()
        self._ray_serve()
        self._ray_ingress()
        self._bentoml()
        self._litestar()
        self._routing_controllers()
        self._tsoa()
        self._sanic()
        self._falcon()
        self._tornado()
        self._restify()
        self._compose()
        self._settle_passable()
        sockets, unread_sockets = websocket_servers(
            self.resolution, self.values, self.external_calls
        )
        self.routes.extend(sockets)
        self.unread.extend(unread_sockets)
        connections, unread_connections = socketio_servers(
            self.resolution, self.values, self.external_calls
        )
        self.routes.extend(connections)
        self.unread.extend(unread_connections)
        unique = {(r.node_id, r.where.path, r.where.line): r for r in self.routes}
        routes = sorted(
            unique.values(), key=lambda r: (r.service, r.path, r.method, r.where.path, r.where.line)
        )
        builtin = sorted(
            set(self.builtin),
            key=lambda r: (r.service, r.path, r.method, r.where.path, r.where.line, r.where.column),
        )
        unread = sorted(
            _merged(self.unread),
            key=lambda r: (
                r.service,
                r.where.path,
                r.where.line,
                r.where.column,
                r.method,
                r.head,
                r.what,
            ),
        )
        return routes, unread, builtin


def _merged(unread: list[UnreadRoute]) -> list[UnreadRoute]:
    """Each reading once, with every route read so (`UnreadRoute.declared`): routes alike
    under one mount are one reading to link calls against, and several routes to count."""
    declared: dict[UnreadRoute, set[Where]] = {}
    for reading in unread:
        declared.setdefault(replace(reading, declared=()), set()).update(reading.declared)
    return [
        replace(reading, declared=tuple(sorted(wheres, key=lambda w: (w.path, w.line, w.column))))
        if wheres
        else reading
        for reading, wheres in declared.items()
    ]


def find_routes(
    project: Project, resolution: Resolution, values: Values
) -> tuple[list[Route], list[UnreadRoute], list[Route]]:
    """The routes each service serves, those it declares that seamcheck cannot read, and
    those its frameworks serve on their own (FastAPI's docs pages)."""
    return RouteFinder(project, resolution, values).find()
