"""Express routes in the shapes CommonJS code writes them that the route readers did not
follow: a module exporting a function that declares routes on the router it is given
(`module.exports = function (router) {...}`, called as `require('./routes')(v1)`), a router
a module exports in the same statement that names it (`const router = module.exports =
express.Router()`), routes declared in an array's `forEach` over routers, and a method of
the code's own named `register` (not Fastify's). Before, each was read at the route's bare
path (`/filter`): the call to where Express serves it (`/api/v1/filter`) a false SC104,
and a phantom route where it serves nothing."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links
from test_express_route_lists import gateway_repo

CALLS = """\
  await api.post('/api/v1/filter');
  await api.post('/filter');
  await api.post('/v1/filter');
"""

INDEX = """\
const express = require('express');
const app = express();
const v1 = express.Router();
app.use('/api/v1', v1);
require('./routes')(v1);
app.listen(8080);
"""

ROUTES = """\
module.exports = function (router) {
  router.post('/filter', (req, res) => res.json([]));
};
"""

LINKED = [
    "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/routes.js:2",
    "worker/index.js:5 POST /filter -> gateway broken -",
    "worker/index.js:6 POST /v1/filter -> gateway broken -",
]


def test_a_module_exporting_a_function_that_declares_routes_on_its_parameter(
    repo: RepoFactory,
) -> None:
    root = repo(gateway_repo(CALLS, index_js=INDEX, routes_js=ROUTES))
    # Before: the call of what the module exports was left unresolved, the function mounted
    # nowhere: its route served at /filter, the call to /api/v1/filter a false SC104.
    assert links(root) == LINKED
    # The function named, written as an arrow, or exported by its name; the module's export
    # held by a name and called by it.
    exported = {
        "named": ROUTES.replace("function (router)", "function addRoutes(router)"),
        "arrow": ROUTES.replace("function (router)", "(router) =>"),
        "by name": (
            "function addRoutes(router) {\n"
            "  router.post('/filter', (req, res) => res.json([]));\n"
            "}\n"
            "module.exports = addRoutes;\n"
        ),
    }
    held = INDEX.replace(
        "require('./routes')(v1);", "const routes = require('./routes');\nroutes(v1);"
    )
    for index in (INDEX, held):
        for routes in exported.values():
            root = repo(gateway_repo(CALLS, index_js=index, routes_js=routes))
            assert links(root) == LINKED
    # One given the app declares its routes at the app's root.
    on_app = INDEX.replace("require('./routes')(v1);", "require('./routes')(app);")
    root = repo(gateway_repo(CALLS, index_js=on_app, routes_js=ROUTES))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway broken -",
        "worker/index.js:5 POST /filter -> gateway linked gateway/routes.js:2",
        "worker/index.js:6 POST /v1/filter -> gateway broken -",
    ]


def test_a_module_function_given_a_value_seamcheck_cannot_tell_is_unsure(
    repo: RepoFactory,
) -> None:
    index = INDEX.replace("require('./routes')(v1);", "require('./routes')(makeRouter());")
    root = repo(gateway_repo(CALLS, index_js=index, routes_js=ROUTES))
    # Before: served at /filter. Which router it is given is not read: any call ending
    # /filter may be the route's.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
        "worker/index.js:5 POST /filter -> gateway unsure -",
        "worker/index.js:6 POST /v1/filter -> gateway unsure -",
    ]
    assert findings(root)[1] == (
        "  gateway/index.js:5 gateway serves POST at the route /filter of the function "
        "gateway/routes.js exports, which declares it on its parameter 'router', given a "
        "value seamcheck cannot tell (declared at gateway/routes.js:2), which seamcheck cannot "
        "read"
    )


def test_an_exported_register_function_mounts_nothing_under_the_module(
    repo: RepoFactory,
) -> None:
    routes = ROUTES.replace("module.exports = function", "exports.register = function")
    for call in (
        "require('./routes').register(v1);",
        "const r = require('./routes');\nr.register(v1);",
    ):
        index = INDEX.replace("require('./routes')(v1);", call)
        root = repo(gateway_repo(CALLS, index_js=index, routes_js=routes))
        # Before: `register` read as Fastify's too, mounting the router under the module's
        # root: a phantom POST /filter beside /api/v1/filter, the call to it linked.
        assert links(root) == LINKED


def test_a_method_named_register_of_a_class_or_an_object_is_the_codes_own(
    repo: RepoFactory,
) -> None:
    views = """\
    class Views {
      register(router) {
        router.post('/filter', (req, res) => res.json([]));
      }
    }
    new Views().register(v1);
    """
    index = INDEX.replace("require('./routes')(v1);\n", views.replace("    ", ""))
    root = repo(gateway_repo(CALLS, index_js=index))
    # Before: also read as Fastify's `register`, a phantom POST /filter, the call linked.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:7",
        "worker/index.js:5 POST /filter -> gateway broken -",
        "worker/index.js:6 POST /v1/filter -> gateway broken -",
    ]
    # A method of an object written in place, which the resolver does not follow.
    literal = """\
    const views = {
      register(router) {
        router.post('/filter', (req, res) => res.json([]));
      },
    };
    views.register(v1);
    """
    index = INDEX.replace("require('./routes')(v1);\n", literal.replace("    ", ""))
    root = repo(gateway_repo(CALLS, index_js=index))
    # Before: the method mounted nowhere, its route served at /filter only: the call to
    # /api/v1/filter a false SC104.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:7",
        "worker/index.js:5 POST /filter -> gateway broken -",
        "worker/index.js:6 POST /v1/filter -> gateway broken -",
    ]


def test_a_register_method_handing_on_to_fastifys_is_still_its_mount(repo: RepoFactory) -> None:
    files = gateway_repo(
        "  await api.get('/api/items');\n  await api.get('/items');\n",
        index_js="""\
const Fastify = require('fastify');
class Server {
  constructor() { this.fastify = Fastify(); }
  register(plugin, opts) { this.fastify.register(plugin, opts); }
  listen() { this.fastify.listen({ port: 8080 }); }
}
const server = new Server();
server.register(require('./routes'), { prefix: '/api' });
server.listen();
""",
        routes_js="module.exports = async function (app) {\n  app.get('/items', async () => []);\n};\n",
    )
    files["gateway/package.json"] = package_json("gateway", dependencies={"fastify": "^4.28.0"})
    root = repo(files)
    # Before: `server.register`, a method of the code's own, was read as mounting nothing,
    # though it hands its arguments to Fastify's: the plugin's route served at /items, a
    # phantom, and the call to /api/items a false SC104.
    assert links(root) == [
        "worker/index.js:4 GET /api/items -> gateway linked gateway/routes.js:2",
        "worker/index.js:5 GET /items -> gateway broken -",
    ]


def test_a_router_a_module_exports_in_the_statement_naming_it(repo: RepoFactory) -> None:
    index = INDEX.replace("require('./routes')(v1);\n", "")
    index = index.replace("app.use('/api/v1', v1);", "app.use('/api/v1', require('./routes'));")
    for names in ("const router = module.exports", "var router = exports = module.exports"):
        routes = (
            "const express = require('express');\n"
            f"{names} = express.Router();\n"
            "router.post('/filter', (req, res) => res.json([]));\n"
        )
        root = repo(gateway_repo(CALLS, index_js=index, routes_js=routes))
        # Before: `router` was bound to nothing, its route served at /filter as if declared
        # on the module's own app: the call to /api/v1/filter a false SC104.
        assert links(root) == [
            "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/routes.js:3",
            "worker/index.js:5 POST /filter -> gateway broken -",
            "worker/index.js:6 POST /v1/filter -> gateway broken -",
        ]


def test_a_router_a_module_exports_in_the_statement_assigning_it(repo: RepoFactory) -> None:
    index = INDEX.replace("require('./routes')(v1);\n", "")
    index = index.replace("app.use('/api/v1', v1);", "app.use('/api/v1', require('./routes'));")
    routes = (
        "const express = require('express');\n"
        "let router;\n"
        "module.exports = router = express.Router();\n"
        "router.post('/filter', (req, res) => res.json([]));\n"
    )
    root = repo(gateway_repo(CALLS, index_js=index, routes_js=routes))
    # Before: the module was read as exporting nothing by a name, its route served at
    # /filter: the call to /filter a false link, the one to /api/v1/filter a false SC104.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/routes.js:4",
        "worker/index.js:5 POST /filter -> gateway broken -",
        "worker/index.js:6 POST /v1/filter -> gateway broken -",
    ]


FOR_EACH_CALLS = """\
  await api.post('/api/v1/filter');
  await api.post('/api/v2/filter');
  await api.post('/filter');
"""

FOR_EACH = """\
const express = require('express');
const app = express();
const v1 = express.Router();
const v2 = express.Router();
app.use('/api/v1', v1);
app.use('/api/v2', v2);
[v1, v2].forEach((r) => {
  r.post('/filter', (req, res) => res.json([]));
});
app.listen(8080);
"""


def test_routes_declared_in_a_for_each_over_routers(repo: RepoFactory) -> None:
    linked = [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:6 POST /filter -> gateway broken -",
    ]
    root = repo(gateway_repo(FOR_EACH_CALLS, index_js=FOR_EACH))
    # Before: the callback's parameter was read as a function's never called with a router:
    # served at /filter, the calls to /api/v1/filter and /api/v2/filter false SC104s. Now
    # under each router in turn, as `for (const r of [v1, v2])` is.
    assert links(root) == linked
    # Over an array a name holds; a function expression; over a parameter of the function
    # the `forEach` is written in, given the routers written in place.
    shapes = [
        FOR_EACH.replace("[v1, v2].forEach", "const ROUTERS = [v1, v2];\nROUTERS.forEach"),
        FOR_EACH.replace("((r) => {", "(function (r) {"),
        FOR_EACH.replace("[v1, v2].forEach", "function setup(routers) {\nrouters.forEach").replace(
            "});\napp.listen", "});\n}\nsetup([v1, v2]);\napp.listen"
        ),
    ]
    for index in shapes:
        root = repo(gateway_repo(FOR_EACH_CALLS, index_js=index))
        line = index.splitlines().index("  r.post('/filter', (req, res) => res.json([]));") + 1
        assert links(root) == [link.replace("index.js:8", f"index.js:{line}") for link in linked]
    # Over routers seamcheck cannot tell: unsure, not the bare path.
    unknown = FOR_EACH.replace("[v1, v2].forEach", "getRouters().forEach")
    root = repo(gateway_repo(FOR_EACH_CALLS, index_js=unknown))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
        "worker/index.js:5 POST /api/v2/filter -> gateway unsure -",
        "worker/index.js:6 POST /filter -> gateway unsure -",
    ]


def test_typescript_loops_over_routers_written_in_place_as_const(repo: RepoFactory) -> None:
    index = FOR_EACH.replace("[v1, v2].forEach((r) => {", "for (const r of [v1, v2] as const) {")
    index = index.replace("});\napp.listen", "}\napp.listen").replace(
        "(req, res)", "(req: any, res: any)"
    )
    for loop in (index, FOR_EACH.replace("[v1, v2].forEach", "([v1, v2] as const).forEach")):
        root = repo({**gateway_repo(FOR_EACH_CALLS), "gateway/index.ts": loop})
        # Before: the loop's variable was bound to nothing, read as the module's own app:
        # served at /filter, the calls to /api/v1/filter and /api/v2/filter false SC104s.
        assert links(root) == [
            "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.ts:8",
            "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.ts:8",
            "worker/index.js:6 POST /filter -> gateway broken -",
        ]


def test_a_for_each_functions_parameter_is_still_a_parameter_to_a_client_call(
    repo: RepoFactory,
) -> None:
    calls = """\
  ['/api/v1/filter', '/x'].forEach((path) => api.post(path));
  ['/api/v2/filter', '/y'].forEach(url => api.post(url));
"""
    root = repo(gateway_repo(calls, index_js=FOR_EACH))
    # Bound for the route readers as a loop's variable, the parameter reads to every other
    # reader as before: SC107's reason, and so its fingerprint, unchanged.
    assert [f for f in findings(root) if f.startswith("SC107")] == [
        "SC107 worker/index.js:4 axios call POST {path} not linked to a service route: URL is "
        "not known before run time: 'path' is a parameter or not a constant",
        "SC107 worker/index.js:5 axios call POST {url} not linked to a service route: URL is "
        "not known before run time: 'url' is a parameter or not a constant",
    ]


MOUNT_CALLS = """\
  await api.post('/api/v1/filter');
  await api.post('/api/v2/filter');
  await api.post('/api/filter');
"""

MOUNTED = """\
const express = require('express');
const app = express();
const v1 = express.Router();
const v2 = express.Router();
v1.post('/v1/filter', (req, res) => res.json([]));
v2.post('/v2/filter', (req, res) => res.json([]));
for (const r of [v1, v2]) {
  app.use('/api', r);
}
app.listen(8080);
"""


def test_express_mounts_and_paths_in_a_loop_over_an_array_written_in_place(
    repo: RepoFactory,
) -> None:
    linked = [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:5",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:6",
        "worker/index.js:6 POST /api/filter -> gateway broken -",
    ]
    root = repo(gateway_repo(MOUNT_CALLS, index_js=MOUNTED))
    # Before: unsure (what r serves under /api), where over an array a name holds each
    # router was mounted in turn.
    assert links(root) == linked
    # Each router at its entry's path, as `app.use(m.path, m.router)`.
    entries = MOUNTED.replace("'/v1/filter'", "'/filter'").replace("'/v2/filter'", "'/filter'")
    entries = entries.replace(
        "for (const r of [v1, v2]) {\n  app.use('/api', r);",
        "for (const m of [{ path: '/api/v1', router: v1 }, { path: '/api/v2', router: v2 }]) {\n"
        "  app.use(m.path, m.router);",
    )
    root = repo(gateway_repo(MOUNT_CALLS, index_js=entries))
    assert links(root) == linked
    # Routes at each path of an array of paths written in place.
    paths = MOUNTED.replace(
        "for (const r of [v1, v2]) {\n  app.use('/api', r);",
        "for (const p of ['/api/v1/filter', '/api/v2/filter']) {\n"
        "  app.post(p, (req, res) => res.json([]));",
    )
    root = repo(gateway_repo(MOUNT_CALLS, index_js=paths))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:6 POST /api/filter -> gateway broken -",
    ]
