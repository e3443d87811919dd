"""Cross-language seams: every client call linked to the route that serves it.

`analyse_seams(project, resolution) -> SeamMap` is the one entry point. It runs after the
resolve stage and reads only facts, resolved names and the repository's deployment files
(compose, .env, nginx, vite config, .proto, Kubernetes manifests); it never parses source.

    routes/     servers and their routes, prefixes composed across files: the router-style
                core, then a module per framework with its own shape (Starlette lists,
                NestJS, Django, Next.js, Ray Serve, BentoML, Litestar, routing-controllers,
                tsoa, hapi) and websocket routes and servers (`websockets.py`)
    nest.py     NestJS versioning: enableVersioning options, route versions
    django_rest.py  the routes of Django REST framework routers
    grpc.py     .proto services, servicers, stubs
    clients.py  outbound HTTP calls and their URL templates
    socketio.py  Socket.IO servers: the engine paths and namespaces they take
    socketioclients.py  Socket.IO client connections, one per namespace, and their emits
    socketioevents.py  Socket.IO events: Node servers' handlers, which emits are checked
    kitfetch.py  SvelteKit's own fetch, given to load functions, actions, endpoints, hooks
    pagescripts.py  the scripts a Python web app serves; where an unbound `$` is jQuery
    codegen.py  the calls of clients an OpenAPI generator writes (openapi-typescript-codegen)
    mutators.py  functions spreading their first parameter into an axios request (orval's)
    wrappers.py  a wrapper function's parameters followed to the calls that give them
    arguments.py  which argument of a call fills which parameter (defaults included)
    instances.py  a constructor's parameter kept on the instance, from where the class is made
    values.py   URL templates from constants, f-strings, `.format`, env vars
    hosts.py    host/port/proxy/Dapr app id -> service
    nginx.py    nginx location directives and the rewrites seamcheck can follow
    manifests.py  Kubernetes env and Service names, Dapr app ids, the names of services
    exposure.py  which Kubernetes ways in only the network's inside reaches
    nextconfig.py  a Next.js app's next.config rewrites()
    nuxtconfig.py  a Nuxt app's nuxt.config: server folder, routeRules proxies, runtimeConfig
    undeployed.py  routes in test and example code serve only that code
    link.py     call -> service -> route, or why not
    graph.py    route nodes, `serves` and `requests` edges; the service projection
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamcheck.seams.model import (
    ANY,
    GRPC,
    SIO,
    WS,
    ClientCall,
    Entry,
    Link,
    Route,
    SeamMap,
    UnreadRoute,
    Where,
)

if TYPE_CHECKING:
    from seamcheck.project import Project
    from seamcheck.resolve.model import Resolution
    from seamcheck.seams.link import RouteReading


__all__ = [
    "ANY",
    "GRPC",
    "SIO",
    "WS",
    "ClientCall",
    "Entry",
    "Link",
    "Route",
    "SeamMap",
    "UnreadRoute",
    "Where",
    "analyse_seams",
]


# JupyterHub's distribution: a service that is it or depends on it renders its pages.
_JUPYTERHUB = "jupyterhub"


def analyse_seams(project: Project, resolution: Resolution) -> SeamMap:
    """Routes served per service and client calls, each linked to its route or explained."""
    # Imported here: the records in `seams.model` are read by replayed runs and reports that
    # must not pay for loading the finders.
    from seamcheck.seams.clients import ClientFinder, angularjs_services, nuxt_services
    from seamcheck.seams.environment import Environment
    from seamcheck.seams.frameworks import FULL_STACK
    from seamcheck.seams.grpc import GrpcFinder
    from seamcheck.seams.hosts import HostMap
    from seamcheck.seams.kitfetch import KitFetch
    from seamcheck.seams.link import Linker
    from seamcheck.seams.manifests import Manifests, service_aliases
    from seamcheck.seams.nuxtconfig import NuxtRuntime
    from seamcheck.seams.pagescripts import JQueryPages, served_scripts
    from seamcheck.seams.routes import find_routes
    from seamcheck.seams.routes.tornado import jupyterlab_extensions
    from seamcheck.seams.socketioclients import socketio_clients
    from seamcheck.seams.socketioevents import keep_emits
    from seamcheck.seams.started import StartCommands
    from seamcheck.seams.undeployed import deployed_only, undeployed_files
    from seamcheck.seams.values import Values

    if resolution.names is None:
        return SeamMap((), ())  # a hand-made resolution without the name binder
    service_of = {f.path: f.service for f in project.files}
    manifests = Manifests(project, service_aliases(project))
    starts = StartCommands(project)  # read once for the environment and the readers below
    environment = Environment(project, manifests, starts)
    values = Values(
        resolution, service_of, environment.lookup, environment.unset_note,
        environment.strict_lookup,
    )  # fmt: skip
    nuxt = nuxt_services(project)
    if nuxt:  # else no name reads a runtime config, and none is looked for (`Values`)
        values.runtime_config = NuxtRuntime(project, values)
    values.hub_pages = any(
        s.name == _JUPYTERHUB or _JUPYTERHUB in s.dependencies for s in project.services
    )
    # The deployed services serve what their deployed code declares; the calls of their
    # tests and examples may also land on the stubs and example apps there (`undeployed`).
    undeployed = undeployed_files(project, resolution, starts)
    hosts = HostMap(project, resolution, values, manifests, undeployed, starts, environment)
    grpc = GrpcFinder(project, resolution, values)
    found, unread, builtin = find_routes(project, deployed_only(resolution, undeployed), values)
    servicers = grpc.routes()
    routes = [*found, *(r for r in servicers if r.where.path not in undeployed)]
    routes.sort(key=_route_order)

    def everywhere() -> RouteReading:
        every, every_unread, every_builtin = find_routes(project, resolution, values)
        return sorted([*every, *servicers], key=_route_order), every_unread, every_builtin

    # A JupyterLab extension's page is served by the Jupyter server its server extension
    # runs in, whatever it renders with (React makes it a browser app): its relative URLs go
    # to that server, not through a dev server's or nginx's proxies.
    jupyterlab = jupyterlab_extensions(project, unread)
    browsers = frozenset(
        s.name for s in project.services if "browser" in s.tags and s.name not in jupyterlab
    )
    hints = {
        (path, hint.line): hint.service
        for path, facts in resolution.facts.items()
        for hint in facts.seam_hints
    }
    full_stack = frozenset(s.name for s in project.services if FULL_STACK & set(s.dependencies))
    full_stack |= jupyterlab
    # The scripts a Python web app serves call it with relative URLs, unless a proxy in front
    # of it may send some paths elsewhere.
    served = served_scripts(project, service_of, {r.where.path for r in routes})
    fronted = {name: hosts.fronted(name) for name in {service_of[p] for p in served}}
    own_pages = frozenset(p for p in served if not fronted[service_of[p]])
    linker = Linker(
        hosts, routes, browsers, hints, full_stack, unread, builtin, undeployed,
        everywhere if undeployed.intersection(resolution.facts) else None, own_pages,
    )  # fmt: skip
    kit = KitFetch(project, values.symbols, values.service_of)
    jquery = JQueryPages(project, service_of, resolution.facts, served)
    clients = ClientFinder(resolution, values, angularjs_services(project), nuxt, kit, jquery)
    connections, emits = socketio_clients(resolution, values)
    drafts = [*clients.find(linker.lands, linker.routed), *grpc.clients(), *connections]
    calls = sorted(
        keep_emits([linker.link(d) for d in drafts], emits),
        key=lambda c: (c.where.path, c.where.line, c.where.column),
    )
    entries = sorted(hosts.entries(), key=lambda e: (e.where.path, e.where.line, e.label))
    return SeamMap(tuple(routes), tuple(calls), tuple(entries), tuple(unread))


def _route_order(route: Route) -> tuple[str, str, str, str, int]:
    return (route.service, route.path, route.method, route.where.path, route.where.line)
