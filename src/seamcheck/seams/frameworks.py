"""What seamcheck knows about server frameworks and HTTP client libraries: the qualified names
(as the name binder spells them) that create servers, routers and clients."""

from __future__ import annotations

HTTP_METHODS = ("get", "post", "put", "delete", "patch", "head", "options")

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
    "fastify": ("fastify", ""),
    "fastify.fastify": ("fastify", ""),
    "fastify.default": ("fastify", ""),
    "@koa/router": ("koa", "prefix"),
    "koa-router": ("koa", "prefix"),
    "@koa/router.Router": ("koa", "prefix"),
    "koa-router.Router": ("koa", "prefix"),
    # Hono: `new Hono()`, its presets; `basePath`, `route` and `use` are read in `routes/core.py`.
    "hono.Hono": ("hono", ""),
    "hono/tiny.Hono": ("hono", ""),
    "hono/quick.Hono": ("hono", ""),
}
# Litestar: routers and the app, whose `route_handlers` are read in `routes/litestar.py`.
LITESTAR_ROUTERS = frozenset(
    {"litestar.Router", "litestar.router.Router", "litestar.Litestar", "litestar.app.Litestar"}
)
SERVER_FACTORIES.update({name: ("litestar", "path") for name in LITESTAR_ROUTERS})
HONO_FACTORIES = frozenset(
    k for k, (framework, _) in SERVER_FACTORIES.items() if framework == "hono"
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
# `head` to `get`), Next.js route handlers; FastAPI's own routes do not (405).
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
    }
)
# OPTIONS on every path a route serves, listing its methods: Express's router (and NestJS on
# it), Flask's automatic options, DRF's `APIView.options`, Next.js route handlers, Litestar's
# `HTTPRoute` (`create_options_handler` for a path that declares no OPTIONS; it answers HEAD
# only where a handler declares it). Koa's router only where its `allowedMethods()` (or a
# router's it is nested in) is used: `Route.options`.
OPTIONS_EVERYWHERE = frozenset({"express", "nestjs", "flask", "django-rest", "nextjs", "litestar"})

# Frameworks a service depends on that make an unresolved `x.get('/path', handler)` a route.
JS_SERVER_DEPENDENCIES = {
    "express": "express",
    "fastify": "fastify",
    "koa": "koa",
    "@koa/router": "koa",
    "koa-router": "koa",
    "hono": "hono",
}
PY_SERVER_DEPENDENCIES = frozenset({"fastapi", "flask", "quart", "aiohttp", "starlette"})

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
    "fetch": "fetch",
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

# Client factories with a base URL: qualified name -> keyword holding the base URL, or the
# position of the client it wraps, whose base URL it keeps.
CLIENT_FACTORIES: dict[str, str | int] = {
    "axios.create": "baseURL",
    "httpx.Client": "base_url",
    "httpx.AsyncClient": "base_url",
    "aiohttp.ClientSession": "base_url",
    "got.extend": "prefixUrl",
    "openapi-fetch": "baseUrl",
    "openapi-fetch.default": "baseUrl",
    "openapi-react-query": 0,
    "openapi-react-query.default": 0,
    "openapi-fetch.createPathBasedClient": "baseUrl",
    "openapi-fetch.wrapAsPathBasedClient": 0,
}
# openapi-fetch's path-based clients: `client['/items/{item_id}'].GET(init)`.
PATH_BASED_FACTORIES = frozenset(
    {"openapi-fetch.createPathBasedClient", "openapi-fetch.wrapAsPathBasedClient"}
)
# The option of a call's own options that replaces its client's base URL, where the library
# has one under another name than `baseURL` (openapi-fetch since 0.11.2).
CALL_BASE_OPTION = {"openapi-fetch": "baseUrl"}

# Default methods when the call does not say: fetch and friends GET; urlopen GET.
DEFAULT_METHOD = {"fetch": "GET", "urllib": "GET", "axios": "GET", "got": "GET", "undici": "GET"}
