"""What seamcheck knows about server frameworks and HTTP client libraries: the qualified names
(as the name binder spells them) that create servers, routers and clients."""

from __future__ import annotations

from seamcheck.seams.model import ANY, WS

HTTP_METHODS = ("get", "post", "put", "delete", "patch", "head", "options")

_REQUEST_PACKAGES = ("request", "request-promise", "request-promise-native")
# AngularJS's injected `$http`, a client only in the services that may run AngularJS
# (`clients.angularjs_services`).
ANGULARJS = "angularjs"

# Nuxt's clients: ofetch's `$fetch(url, { method, baseURL, query })` and the composables
# taking the same options, `useFetch(url, options)` and `useLazyFetch` (a URL given as a
# function, `() => `/api/items/${id.value}``, is what it returns). Nuxt makes them global (its
# auto-imports), so one the file does not bind is a client only in a Nuxt app
# (`clients.nuxt_services`); imported from ofetch, anywhere.
OFETCH = "ofetch"
USE_FETCH = "useFetch"
NUXT = "nuxt"
NUXT_GLOBAL_CLIENTS = frozenset({OFETCH, USE_FETCH})
# jQuery's requests: `$.ajax(url, settings)` or `$.ajax(settings)` (`method`, or `type`; GET
# when neither says), `$.get(url, data)`, `$.post`, `$.getJSON`, `$(el).load(url, data)` (POST
# when `data` is an object). Imported from `jquery` (or `zepto`), anywhere; the page's global
# `$`/`jQuery`, unbound in the file, only where `pagescripts.JQueryPages` says it is jQuery.
JQUERY = "jquery"
JQUERY_LOAD = "().load"
_JQUERY_CALLS = {".ajax": "", ".get": "GET", ".post": "POST", ".getJSON": "GET", JQUERY_LOAD: ""}
_JQUERY_IMPORTS = ("jquery", "jquery.default", "zepto", "zepto.default")
JQUERY_GLOBALS: dict[str, tuple[str, str]] = {
    f"{root}{call}": (JQUERY, method)
    for root in ("$", "jQuery")
    for call, method in _JQUERY_CALLS.items()
}
# tornado.httpclient: `fetch(url_or_request, **request_options)`, `HTTPRequest(url, method)`.
TORNADO = "tornado"
# Clients that hand a request to an app in this process, not to the network: Starlette's and
# FastAPI's `TestClient(app)` (an httpx client on the app), supertest's `request(app)` (or a
# URL, which goes over the network: `clients.py` tells them apart), Fastify's `app.inject()`
# (light-my-request) and Hono's `app.request(url, init)`. Their calls land on the caller's
# own routes (`Linker._in_process`); an httpx client given `transport=ASGITransport(app=app)`
# or `WSGITransport` is one too (`clients.IN_PROCESS`).
TESTCLIENT = "testclient"
SUPERTEST = "supertest"
FASTIFY_INJECT = "fastify-inject"
HONO_REQUEST = "hono-request"
IN_PROCESS_CLIENTS = {
    TESTCLIENT: "TestClient(app)",
    SUPERTEST: "supertest(app)",
    FASTIFY_INJECT: "app.inject()",
    HONO_REQUEST: "app.request()",
}
# Tornado's handler classes, and the third-party bases derived from them -> the verbs each
# answers of its own (ANY: any verb; WS: a websocket's handshake). A subclass serves these and
# those its own methods are named after (`seams/routes/tornado.py`), and Tornado calls each of
# its methods on the IOLoop thread (`rules/blocking/tornado.py`), save for `_OFF_LOOP`.
TORNADO_HANDLER_VERBS: dict[str, tuple[str, ...]] = {
    "tornado.web.RequestHandler": (),
    "tornado.websocket.WebSocketHandler": (WS,),
    "tornado.web.StaticFileHandler": ("GET", "HEAD"),
    "tornado.web.RedirectHandler": ("GET",),
    "tornado.web.ErrorHandler": (ANY,),
    "tornado.web.FallbackHandler": (ANY,),
    # The Jupyter servers' bases for their extensions' handlers: an API handler answers
    # OPTIONS (CORS), the file handler its files' GET and HEAD, the others nothing of their own.
    "jupyter_server.base.handlers.AuthenticatedHandler": (),
    "jupyter_server.base.handlers.JupyterHandler": (),
    "jupyter_server.base.handlers.APIHandler": ("OPTIONS",),
    "jupyter_server.base.handlers.AuthenticatedFileHandler": ("GET", "HEAD"),
    "jupyter_server.extension.handler.ExtensionHandlerMixin": (),
    "notebook.base.handlers.IPythonHandler": (),
    "notebook.base.handlers.APIHandler": ("OPTIONS",),
    # JupyterHub's, for services and extensions built on its handlers.
    "jupyterhub.handlers.BaseHandler": (),
    "jupyterhub.handlers.base.BaseHandler": (),
    "jupyterhub.apihandlers.APIHandler": ("OPTIONS",),
    "jupyterhub.apihandlers.base.APIHandler": ("OPTIONS",),
    "jupyterhub.services.auth.HubOAuthCallbackHandler": ("GET",),
    # The mixins a service's handler takes its Hub login from (`class H(HubAuthenticated,
    # RequestHandler)`): they define no verb.
    "jupyterhub.services.auth.HubAuthenticated": (),
    "jupyterhub.services.auth.HubOAuthenticated": (),
}
# FallbackHandler hands each request to a WSGI app; a mixin makes a class a handler only
# through the handler class it is mixed into.
_OFF_LOOP = frozenset(
    {"tornado.web.FallbackHandler", "jupyter_server.extension.handler.ExtensionHandlerMixin",
     "jupyterhub.services.auth.HubAuthenticated", "jupyterhub.services.auth.HubOAuthenticated"}
)  # fmt: skip
TORNADO_WEBSOCKETS = frozenset(n for n, verbs in TORNADO_HANDLER_VERBS.items() if WS in verbs)
TORNADO_HANDLERS = frozenset(TORNADO_HANDLER_VERBS) - TORNADO_WEBSOCKETS - _OFF_LOOP
# JupyterLab's `ServerConnection.makeRequest(url, init, settings)` (@jupyterlab/services):
# fetch's URL and init, and the connection settings third, which carry no method.
JUPYTERLAB = "jupyterlab"

# Frameworks whose pages call the same app's API routes with relative URLs.
FULL_STACK = frozenset({"next", "nuxt", "@sveltejs/kit", "@remix-run/node"})

# Qualified name of the call that creates a server object -> (framework, prefix keyword).
# The prefix keyword is looked up in keyword arguments (Python) or in an object argument (JS).
SERVER_FACTORIES: dict[str, tuple[str, str]] = {
    "fastapi.FastAPI": ("fastapi", ""),
    "fastapi.APIRouter": ("fastapi", "prefix"),
    "fastapi.routing.APIRouter": ("fastapi", "prefix"),
    "flask.Flask": ("flask", ""),
    "flask.Blueprint": ("flask", "url_prefix"),
    "quart.Quart": ("flask", ""),
    "quart.Blueprint": ("flask", "url_prefix"),
    # APIFlask: Flask and Blueprint subclasses, routed as theirs (`@app.get`, `@bp.post`);
    # their `input`/`output`/`doc` decorators describe a route and declare none.
    "apiflask.APIFlask": ("flask", ""),
    "apiflask.APIBlueprint": ("flask", "url_prefix"),
    # Flask's REST extensions: resource classes routed on an Api, a Namespace or a
    # flask-smorest Blueprint (a Flask blueprint), their methods the HTTP verbs.
    "flask_smorest.Blueprint": ("flask", "url_prefix"),
    "flask_smorest.Api": ("flask", ""),
    "flask_restx.Api": ("flask", "prefix"),
    "flask_restx.Namespace": ("flask", "path"),
    "flask_restplus.Api": ("flask", "prefix"),
    "flask_restplus.Namespace": ("flask", "path"),
    "flask_restful.Api": ("flask", "prefix"),
    "aiohttp.web.Application": ("aiohttp", ""),
    "aiohttp.web.RouteTableDef": ("aiohttp", ""),
    "express": ("express", ""),
    "express.Router": ("express", ""),
    "express.default": ("express", ""),
    # routing-controllers makes an Express app, with its controllers' routes on it.
    "routing-controllers.createExpressServer": ("express", ""),
    # express-ws: `const { app } = expressWs(express())`, the app it was given.
    "express-ws().app": ("express", ""),
    "fastify": ("fastify", ""),
    "fastify.fastify": ("fastify", ""),
    "fastify.default": ("fastify", ""),
    "@koa/router": ("koa", "prefix"),
    "koa-router": ("koa", "prefix"),
    "@koa/router.Router": ("koa", "prefix"),
    "koa-router.Router": ("koa", "prefix"),
    # Hono: `new Hono()`, its presets; `route` and `use` are read in `routes/core.py`,
    # `basePath` in `routes/registry.py`.
    "hono.Hono": ("hono", ""),
    "hono/tiny.Hono": ("hono", ""),
    "hono/quick.Hono": ("hono", ""),
    # hapi: `server.route(...)` and `server.register(...)` are read in `routes/hapi.py`.
    **{
        f"{package}{default}.{factory}": ("hapi", "")
        for package in ("@hapi/hapi", "hapi")
        for default in ("", ".default")
        for factory in ("server", "Server")
    },
    # Flask-Sock: `@sock.route(path)` declares a websocket route on the app (`websockets.py`).
    "flask_sock.Sock": ("flask", ""),
    # Sanic: blueprints, registrations and versions are read in `routes/sanic.py`.
    "sanic.Sanic": ("sanic", ""),
    "sanic.app.Sanic": ("sanic", ""),
    "sanic.Blueprint": ("sanic", "url_prefix"),
    "sanic.blueprints.Blueprint": ("sanic", "url_prefix"),
    # restify: `server.get(path, ...)`, `del`, `opts`; paths as `{ path }` objects,
    # restify-router's `applyRoutes` are read in `routes/restify.py`.
    "restify.createServer": ("restify", ""),
    "restify.default.createServer": ("restify", ""),
    "restify-router.Router": ("restify", ""),
}
# Litestar: routers and the app, whose `route_handlers` are read in `routes/litestar.py`.
LITESTAR_ROUTERS = frozenset(
    {"litestar.Router", "litestar.router.Router", "litestar.Litestar", "litestar.app.Litestar"}
)
SERVER_FACTORIES.update({name: ("litestar", "path") for name in LITESTAR_ROUTERS})
HONO_FACTORIES = frozenset(
    k for k, (framework, _) in SERVER_FACTORIES.items() if framework == "hono"
)

HAPI_FACTORIES = frozenset(
    k for k, (framework, _) in SERVER_FACTORIES.items() if framework == "hapi"
)

# Calls that mount one server object under another: qualified method -> prefix keyword.
MOUNT_METHODS = {
    "include_router": "prefix",  # FastAPI
    "register_blueprint": "url_prefix",  # Flask
    "add_namespace": "path",  # flask-restx: api.add_namespace(ns, path="/v1/models")
    "use": "",  # Express: app.use('/api', router)
    "register": "prefix",  # Fastify: app.register(plugin, { prefix })
    "add_subapp": "",  # aiohttp: app.add_subapp('/admin', admin)
    "mount": "",  # FastAPI/Starlette: app.mount('/sub', subapp)
}

# Calls that wrap a Fastify plugin so that it shares the scope it is registered in
# (fastify-plugin): Fastify ignores a `prefix` given where it is registered, and its routes
# take the prefix of that scope.
PLUGIN_WRAPPERS = frozenset(
    {"fastify-plugin", "fastify-plugin.default", "fastify-plugin.fastifyPlugin"}
)

# What a server mounts with `app.use(prefix, x)` / `app.mount(prefix, x)` that is no router:
# middleware that forwards each request to another server -> where its target URL is (the
# key in its options object, or the index of a positional argument).
PROXY_MIDDLEWARE: dict[str, str | int] = {
    "http-proxy-middleware.createProxyMiddleware": "target",
    "http-proxy-middleware.legacyCreateProxyMiddleware": "target",
    "http-proxy-middleware": "target",  # 0.x: proxy(context, { target })
    "http-proxy-middleware.default": "target",
    "express-http-proxy": 0,
    "express-http-proxy.default": 0,
}
# Static file servers: GET (and HEAD) of any path under their prefix may be a file.
STATIC_MIDDLEWARE = frozenset(
    {
        "express.static",
        "express.default.static",
        "serve-static",
        "serve-static.default",
        "starlette.staticfiles.StaticFiles",
        "fastapi.staticfiles.StaticFiles",
    }
)
# Middleware that passes every request on (parsing, security headers, logging, sessions,
# authentication): mounted at a prefix, it serves nothing there. By npm package, and by
# qualified name for a framework's own.
PASS_THROUGH_PACKAGES = frozenset(
    {
        "body-parser", "compression", "connect-timeout", "cookie-parser", "cors", "csurf",
        "express-jwt", "express-oauth2-jwt-bearer", "express-rate-limit", "express-session",
        "express-slow-down", "express-validator", "express-winston", "helmet", "hpp", "morgan",
        "multer", "passport", "pino-http", "response-time",
    }
)  # fmt: skip
PASS_THROUGH_FUNCTIONS = frozenset(
    {
        "express.json", "express.urlencoded", "express.raw", "express.text",
        "express.default.json", "express.default.urlencoded", "express.default.raw",
        "express.default.text",
    }
)  # fmt: skip

# Methods a framework answers on a route without their being declared. HEAD wherever GET is
# declared: Express and NestJS on it, Fastify 4+ (`exposeHeadRoutes`), @koa/router, Flask and
# Quart (Werkzeug), aiohttp's `add_get`, Starlette's `Route`, DRF viewsets (`as_view` maps
# `head` to `get`), Next.js route handlers, routing-controllers and tsoa (on Express, Koa's
# router or hapi), hapi, Sanic with Sanic Extensions (`AUTO_HEAD`, on by default), SvelteKit's
# endpoints (a HEAD request runs the GET handler); FastAPI's
# own routes do not (405), nor do restify's (its router finds a HEAD route only where
# `server.head` declares one) and Tornado's (`RequestHandler.head` answers 405).
HEAD_WITH_GET = frozenset(
    {
        "express",
        "nestjs",
        "fastify",
        "koa",
        "flask",
        "aiohttp",
        "starlette",
        "django-rest",
        "nextjs",
        "hono",
        "routing-controllers",
        "tsoa",
        "hapi",
        "sanic",
        "sveltekit",
    }
)
# OPTIONS on every path a route serves, listing its methods: Express's router (and NestJS on
# it), Flask's automatic options, DRF's `APIView.options`, Next.js route handlers, Sanic
# Extensions (`AUTO_OPTIONS`), Falcon's default responder, Litestar's `HTTPRoute`
# (`create_options_handler` for a path that declares no OPTIONS; it answers HEAD only where a
# handler declares it). Koa's router only where its `allowedMethods()` (or a router's it is
# nested in) is used: `Route.options`.
# routing-controllers: on Express, or on its own @koa/router with `allowedMethods()`.
# restify answers OPTIONS on its own only for `*` (`Router.defaultRoute`).
OPTIONS_EVERYWHERE = frozenset(
    {
        "express",
        "nestjs",
        "flask",
        "django-rest",
        "nextjs",
        "routing-controllers",
        "sanic",
        "falcon",
        "litestar",
    }
)

# Frameworks whose GET routes never take a websocket handshake: websockets have routes of their
# own there (FastAPI's and Starlette's `websocket`, Litestar's `@websocket`, Sanic's
# `@app.websocket`, Quart's, Tornado's `WebSocketHandler`), and a WSGI app (Flask, Django)
# cannot upgrade at all (Flask-Sock's routes are websocket routes). Elsewhere a GET route's
# handler may upgrade (aiohttp's `WebSocketResponse`, Fastify's `{ websocket: true }`, an
# Express server's `upgrade` listener).
WEBSOCKETS_APART = frozenset(
    {"fastapi", "starlette", "litestar", "sanic", "quart", "flask", "tornado", "django",
     "django-rest", "ninja"}
)  # fmt: skip

# Frameworks a service depends on that make an unresolved `x.get('/path', handler)` a route.
JS_SERVER_DEPENDENCIES = {
    "express": "express",
    "fastify": "fastify",
    "koa": "koa",
    "@koa/router": "koa",
    "koa-router": "koa",
    "hono": "hono",
    "restify": "restify",
}
PY_SERVER_DEPENDENCIES = frozenset({"fastapi", "flask", "quart", "aiohttp", "starlette", "sanic"})

# openapi-react-query's calls, each taking the method and the path first.
REACT_QUERY_CALLS = (
    "useQuery", "useSuspenseQuery", "useInfiniteQuery", "useMutation", "queryOptions",
)  # fmt: skip

# Client libraries: the qualified name of a request function -> (client, method or "").
# `METHOD` in a key stands for every HTTP method.
_CLIENT_FUNCTIONS: dict[str, str] = {
    "requests.METHOD": "requests",
    "requests.request": "requests",
    "requests.Session().METHOD": "requests",
    "requests.Session().request": "requests",
    "requests.session().METHOD": "requests",
    "httpx.METHOD": "httpx",
    "httpx.request": "httpx",
    "httpx.Client().METHOD": "httpx",
    "httpx.Client().request": "httpx",
    "httpx.AsyncClient().METHOD": "httpx",
    "httpx.AsyncClient().request": "httpx",
    "aiohttp.ClientSession().METHOD": "aiohttp",
    "aiohttp.ClientSession().request": "aiohttp",
    "urllib.request.urlopen": "urllib",
    "urllib.request.Request": "urllib",
    # Tornado's client: `AsyncHTTPClient().fetch(url, method="POST", body=...)`, or
    # `fetch(HTTPRequest(url, method=...))`, where the HTTPRequest is the call reported.
    "tornado.httpclient.AsyncHTTPClient().fetch": TORNADO,
    "tornado.httpclient.HTTPClient().fetch": TORNADO,
    "tornado.simple_httpclient.SimpleAsyncHTTPClient().fetch": TORNADO,
    "tornado.curl_httpclient.CurlAsyncHTTPClient().fetch": TORNADO,
    "tornado.httpclient.HTTPRequest": TORNADO,
    "fetch": "fetch",
    # The global fetch, named through the global object (`globalThis.fetch(url)`).
    "globalThis.fetch": "fetch",
    "window.fetch": "fetch",
    "self.fetch": "fetch",
    "node-fetch": "fetch",
    "node-fetch.default": "fetch",
    "cross-fetch": "fetch",
    "isomorphic-fetch": "fetch",
    "undici.fetch": "fetch",
    "undici.request": "undici",
    "axios": "axios",
    "axios.default": "axios",
    "axios.request": "axios",
    "axios.METHOD": "axios",
    "axios.create()": "axios",
    "axios.create().METHOD": "axios",
    "axios.create().request": "axios",
    # NestJS's injected axios (in `@nestjs/common` before Nest 8): its calls return
    # Observables, `axiosRef` is the axios instance.
    **{
        f"{package}.HttpService(){call}": "axios"
        for package in ("@nestjs/axios", "@nestjs/common")
        for call in (".METHOD", ".request", ".axiosRef", ".axiosRef.METHOD", ".axiosRef.request")
    },
    "got": "got",
    "got.METHOD": "got",
    "got.extend()": "got",
    "got.extend().METHOD": "got",
    "superagent.METHOD": "superagent",
    "superagent.del": "superagent",
    "superagent": "superagent",
    # request (deprecated, still in much Node code) and its promise wrappers: `request(url,
    # cb)`, `request({ uri, method }, cb)`, `request.post(url, options, cb)`, and the
    # clients `request.defaults({ baseUrl })` makes.
    **{
        f"{package}{client}{call}": "request"
        for package in _REQUEST_PACKAGES
        for client in ("", ".defaults()")
        for call in ("", ".METHOD", ".del")
    },
    # AngularJS's injected `$http`: `$http({ url, method })` (GET when it does not say),
    # `$http.get(url, config)`, `$http.post(url, data, config)`.
    "$http": ANGULARJS,
    "$http.METHOD": ANGULARJS,
    # The request every JupyterLab extension makes to its server extension's handlers.
    "@jupyterlab/services.ServerConnection.makeRequest": JUPYTERLAB,
    # ofetch (`$fetch` global in Nuxt, `import { $fetch, ofetch } from 'ofetch'`), `.raw`
    # its response, and the clients `$fetch.create({ baseURL })` makes; `useRequestFetch()`
    # the `$fetch` passing on the request's headers.
    **{
        f"{fetch}{client}{call}": OFETCH
        for fetch in ("$fetch", "ofetch.$fetch", "ofetch.ofetch", "ofetch.default")
        for client in ("", ".create()")
        for call in ("", ".raw")
    },
    "useRequestFetch()": OFETCH,
    # Nuxt's data-fetching composables (auto-imported, also from `#app`/`#imports`).
    **{
        f"{module}{composable}": USE_FETCH
        for module in ("", "#app.", "#imports.", "nuxt/app.")
        for composable in ("useFetch", "useLazyFetch")
    },
    **{
        f"{module}.TestClient().{call}": TESTCLIENT
        for module in ("starlette.testclient", "fastapi.testclient")
        for call in ("METHOD", "request")
    },
    **{
        f"{factory}().{call}": SUPERTEST
        for factory in (
            "supertest",
            "supertest.default",
            "supertest.agent",
            "supertest.default.agent",
        )
        for call in ("METHOD", "del")
    },
    # `app.inject({ method, url })`, or chained: `app.inject().get('/x').end()`.
    **{
        f"{factory}().inject{call}": FASTIFY_INJECT
        for factory in ("fastify", "fastify.default", "fastify.fastify")
        for call in ("", "().METHOD")
    },
    **{f"{module}.Hono().request": HONO_REQUEST for module in ("hono", "hono/tiny", "hono/quick")},
    # Hono's `proxy(url, init)` (hono/proxy): fetch's arguments, the request's own method
    # passed on when its init is the incoming request (`{ ...c.req }`): no method assumed.
    "hono/proxy.proxy": "hono-proxy",
    # openapi-fetch: `createClient<paths>({ baseUrl })` (its default export) makes a client
    # whose methods are named by the verb, upper case since 0.7 (`client.GET(path, init)`),
    # lower case before (`get`, `del`), and `request(method, path, init)` in recent versions.
    **{
        f"{factory}().{call}": "openapi-fetch"
        for factory in ("openapi-fetch", "openapi-fetch.default")
        for call in ("METHOD", "VERB", "TRACE", "trace", "del", "request")
    },
    # openapi-react-query: `createClient(fetchClient)` (its default export) wraps an
    # openapi-fetch client; its hooks take the method and the path first
    # (`$api.useQuery("get", "/items/{item_id}", init)`).
    **{
        f"{factory}().{call}": "openapi-react-query"
        for factory in ("openapi-react-query", "openapi-react-query.default")
        for call in REACT_QUERY_CALLS
    },
}


def _expand() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for key, client in _CLIENT_FUNCTIONS.items():
        if "METHOD" in key or "VERB" in key:
            for method in HTTP_METHODS:
                verb = method if "METHOD" in key else method.upper()
                table[key.replace("METHOD", method).replace("VERB", verb)] = (
                    client,
                    method.upper(),
                )
        else:
            last = key.rpartition(".")[2]
            method = "DELETE" if last == "del" else "TRACE" if last.lower() == "trace" else ""
            table[key] = (client, method)
    return table


CLIENT_FUNCTIONS = _expand()

# Real-time clients, whose method the library fixes: a websocket's opening handshake is a GET
# asking `Upgrade: websocket` (the method `WS`, which lands on websocket routes and on GET
# routes, whose handler may upgrade); an EventSource's stream a plain GET. Socket.IO clients
# (`io(url)`, python-socketio) speak their own protocol: read apart (`seams.socketioclients`).
_WEBSOCKETS = ("WebSocket", "window.WebSocket", "globalThis.WebSocket", "self.WebSocket")
_EVENT_SOURCES = ("EventSource", "window.EventSource", "globalThis.EventSource")
REALTIME_CLIENTS: dict[str, tuple[str, str]] = {
    **{name: ("websocket", "WS") for name in _WEBSOCKETS},
    # ws (Node) and isomorphic-ws: the default export, `WebSocket` named, `require('ws')`.
    **{
        f"{package}{export}": ("ws", "WS")
        for package in ("ws", "isomorphic-ws")
        for export in ("", ".default", ".WebSocket", ".default.WebSocket")
    },
    "reconnecting-websocket": ("websocket", "WS"),
    "reconnecting-websocket.default": ("websocket", "WS"),
    # websockets (Python): `connect` of each of its client modules, awaited or `async with`.
    **{
        f"websockets.{module}connect": ("websockets", "WS")
        for module in ("", "client.", "asyncio.client.", "sync.client.", "legacy.client.")
    },
    "aiohttp.ClientSession().ws_connect": ("aiohttp", "WS"),
    "httpx_ws.connect_ws": ("httpx-ws", "WS"),
    "httpx_ws.aconnect_ws": ("httpx-ws", "WS"),
    **{name: ("eventsource", "GET") for name in _EVENT_SOURCES},
    # The `eventsource` package: its default export before 3.0, `EventSource` named since.
    "eventsource": ("eventsource", "GET"),
    "eventsource.default": ("eventsource", "GET"),
    "eventsource.EventSource": ("eventsource", "GET"),
    "event-source-polyfill.EventSourcePolyfill": ("eventsource", "GET"),
    "event-source-polyfill.NativeEventSource": ("eventsource", "GET"),
    # @microsoft/fetch-event-source: fetch's arguments, `method` in its options (GET when
    # they do not say).
    "@microsoft/fetch-event-source.fetchEventSource": ("fetch-event-source", ""),
}
CLIENT_FUNCTIONS.update(REALTIME_CLIENTS)
CLIENT_FUNCTIONS.update(
    {
        f"{root}{call}": (JQUERY, method)
        for root in _JQUERY_IMPORTS
        for call, method in _JQUERY_CALLS.items()
    }
)

# Client factories with a base URL: qualified name -> keyword holding the base URL, or the
# position of the client it wraps, whose base URL it keeps.
CLIENT_FACTORIES: dict[str, str | int] = {
    "axios.create": "baseURL",
    "httpx.Client": "base_url",
    "httpx.AsyncClient": "base_url",
    "aiohttp.ClientSession": "base_url",
    "got.extend": "prefixUrl",
    **{f"{package}.defaults": "baseUrl" for package in _REQUEST_PACKAGES},
    "openapi-fetch": "baseUrl",
    "openapi-fetch.default": "baseUrl",
    "openapi-react-query": 0,
    "openapi-react-query.default": 0,
    "openapi-fetch.createPathBasedClient": "baseUrl",
    "openapi-fetch.wrapAsPathBasedClient": 0,
    **{f"{fetch}.create": "baseURL" for fetch in ("$fetch", "ofetch.$fetch", "ofetch.ofetch")},
    # In process: the path of its base URL starts each path the app is sent.
    "starlette.testclient.TestClient": "base_url",
    "fastapi.testclient.TestClient": "base_url",
}
# openapi-fetch's path-based clients: `client['/items/{item_id}'].GET(init)`.
PATH_BASED_FACTORIES = frozenset(
    {"openapi-fetch.createPathBasedClient", "openapi-fetch.wrapAsPathBasedClient"}
)
# The option of a call's own options that replaces its client's base URL, where the library
# has one under another name than `baseURL` (openapi-fetch since 0.11.2), or none at all
# (""): fetch's init has no base URL, so `fetch(url, { ...options })` keeps the URL it is given.
CALL_BASE_OPTION = {
    "openapi-fetch": "baseUrl", "request": "baseUrl", "fetch": "", JUPYTERLAB: "",
}  # fmt: skip

# Default methods when the call does not say: fetch and friends GET; urlopen GET.
DEFAULT_METHOD = {
    "fetch": "GET", "urllib": "GET", TORNADO: "GET", "axios": "GET", "got": "GET", "undici": "GET",
    "fetch-event-source": "GET", "request": "GET", ANGULARJS: "GET", OFETCH: "GET",
    USE_FETCH: "GET", JQUERY: "GET", JUPYTERLAB: "GET", FASTIFY_INJECT: "GET", HONO_REQUEST: "GET",
}  # fmt: skip
