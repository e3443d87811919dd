"""Express routes and mounts whose paths or routers are held by names, arrays or functions:
`app.get(PATHS, h)`, `router.route(['/a', '/b'])`, `app.use(PREFIX, router)`, a router a
function makes and returns, an array of routers mounted in a loop. Each was read as served
at the wrong place (a false SC104 error, a false link) or not at all (SC107 where a typo
should be an error)."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, route_labels

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
  worker:
    build: ./worker
"""


def gateway_repo(calls: str, **files: str) -> dict[str, str]:
    """A worker calling an Express gateway through an axios client, both in compose."""
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "^4.19.0", "cors": "^2.8.5"}
        ),
        "worker/package.json": package_json("worker", dependencies={"axios": "^1.7.0"}),
        "worker/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://gateway:8080' });\n"
            "async function main(id) {\n" + calls + "}\nmain(1);\n"
        ),
        **{
            f"gateway/{name.replace('__', '/').replace('_js', '.js')}": t
            for name, t in files.items()
        },
    }


def test_routes_declared_at_an_array_of_paths_held_by_a_name_or_given_to_route(
    repo: RepoFactory,
) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/health');
              await api.get('/healthz');
              await api.get('/healthy');
              await api.post('/api/things');
              await api.get('/api/itemz');
              await api.get('/api/thing/4');
              await api.get('/live');
            """,
            index_js="""\
            const express = require('express');
            const { ITEM_PATHS } = require('./paths');
            const app = express();
            const PATHS = ['/health', '/healthz'];
            const LIVE = ['/live', '/ready'];
            LIVE.push('/alive');
            const router = express.Router();
            app.get(PATHS, (req, res) => res.send('ok'));
            app.get(LIVE, (req, res) => res.send('ok'));
            router.route(['/items', '/things']).get((req, res) => res.json([])).post((req, res) => res.json({}));
            router.get(ITEM_PATHS, (req, res) => res.json({}));
            app.use('/api', router);
            app.listen(8080);
            """,
            paths_js="""\
            const ITEM_PATHS = ['/item/:id', '/thing/:id'];
            module.exports = { ITEM_PATHS };
            """,
        )
    )
    # Before: PATHS and ITEM_PATHS were each one path known only at run time (every call
    # unsure, typos unseen), and `route([...])` declared nothing: POST /api/things was an
    # SC104 error. An array changed in place (`LIVE.push`) is still not read.
    assert route_labels(root, "gateway") == [
        "GET /api/item/{id}",
        "GET /api/items",
        "GET /api/thing/{id}",
        "GET /api/things",
        "GET /health",
        "GET /healthz",
        "POST /api/items",
        "POST /api/things",
    ]
    assert links(root) == [
        "worker/index.js:10 GET /live -> gateway unsure -",
        "worker/index.js:4 GET /health -> gateway linked gateway/index.js:8",
        "worker/index.js:5 GET /healthz -> gateway linked gateway/index.js:8",
        "worker/index.js:6 GET /healthy -> gateway broken -",
        "worker/index.js:7 POST /api/things -> gateway linked gateway/index.js:10",
        "worker/index.js:8 GET /api/itemz -> gateway broken -",
        "worker/index.js:9 GET /api/thing/4 -> gateway linked gateway/index.js:11",
    ]


def test_a_router_mounted_at_a_prefix_a_name_holds(repo: RepoFactory) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/api/users');
              await api.get('/users');
              await api.get('/v1/orders');
              await api.get('/latest/orders');
              await api.get('/orders');
            """,
            index_js="""\
            const express = require('express');
            const { API_PREFIX } = require('./config');
            const app = express();
            const VERSIONS = ['/v1', '/latest'];
            const users = express.Router();
            users.get('/users', (req, res) => res.json([]));
            const orders = express.Router();
            orders.get('/orders', (req, res) => res.json([]));
            app.use(API_PREFIX, users);
            app.use(VERSIONS, orders);
            app.listen(8080);
            """,
            config_js="""\
            const API_PREFIX = process.env.API_PREFIX || '/api';
            module.exports = { API_PREFIX };
            """,
        )
    )
    # Before: a prefix held by a name was no prefix: the routers were served at /, so each
    # call under its prefix was an SC104 error and each call without it a false link.
    assert route_labels(root, "gateway") == [
        "GET /api/users",
        "GET /latest/orders",
        "GET /v1/orders",
    ]
    assert links(root) == [
        "worker/index.js:4 GET /api/users -> gateway linked gateway/index.js:6",
        "worker/index.js:5 GET /users -> gateway broken -",
        "worker/index.js:6 GET /v1/orders -> gateway linked gateway/index.js:8",
        "worker/index.js:7 GET /latest/orders -> gateway linked gateway/index.js:8",
        "worker/index.js:8 GET /orders -> gateway broken -",
    ]


def test_a_router_mounted_at_a_path_known_only_at_run_time_serves_unread_routes(
    repo: RepoFactory,
) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/v3/users');
              await api.get('/users');
              await api.get('/health');
              await api.get('/healthx');
              await api.get('/v3/orders');
            """,
            index_js="""\
            const express = require('express');
            const app = express();
            const users = express.Router();
            users.get('/users', (req, res) => res.json([]));
            function mount(prefix) {
              app.use(prefix, users);
            }
            mount(process.argv[2]);
            app.get('/health', (req, res) => res.send('ok'));
            app.listen(8080);
            """,
        )
    )
    # Before: `prefix` was taken for middleware and the router served at /: GET /users
    # linked, GET /v3/users an SC104 error. Now where the router serves is not known, but
    # its paths end with its route's own path: GET /v3/orders cannot be one.
    assert route_labels(root, "gateway") == ["GET /health"]
    assert links(root) == [
        "worker/index.js:4 GET /v3/users -> gateway unsure -",
        "worker/index.js:5 GET /users -> gateway unsure -",
        "worker/index.js:6 GET /health -> gateway linked gateway/index.js:9",
        "worker/index.js:7 GET /healthx -> gateway broken -",
        "worker/index.js:8 GET /v3/orders -> gateway broken -",
    ]
    assert [f for f in findings(root) if "/v3/users" in f] == [
        "SC107 worker/index.js:4 axios call GET http://gateway:8080/v3/users not linked to a "
        "service route: 'gateway' declares 1 route seamcheck cannot read that may serve it (the "
        "route /users of a router mounted at a path known only at run time at "
        "gateway/index.js:6)",
    ]


def test_a_router_a_function_makes_and_returns_is_served_under_the_prefix_it_is_mounted_at(
    repo: RepoFactory,
) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/api/items');
              await api.get('/api/items/3');
              await api.get('/api/itemz/3');
              await api.post('/api/users');
              await api.delete('/api/users');
              await api.get('/3');
              await api.get('/api/orders/3');
            """,
            index_js="""\
            const express = require('express');
            const makeUsers = require('./users');
            const app = express();
            function makeItems(db) {
              const r = express.Router();
              r.get('/', (req, res) => res.json([]));
              r.get('/:id', (req, res) => res.json({}));
              return r;
            }
            async function makeOrders() {
              const r = express.Router();
              r.get('/:id', (req, res) => res.json({}));
              return r;
            }
            app.use('/api/items', makeItems(null));
            app.use('/api/users', makeUsers({ db: null }));
            (async () => app.use('/api/orders', await makeOrders()))();
            app.listen(8080);
            """,
            users_js="""\
            const express = require('express');
            module.exports = function makeUsers(deps) {
              const router = express.Router();
              router.post('/', (req, res) => res.json({}));
              return router;
            };
            """,
        )
    )
    # Before: what the functions return was not read, so every call under /api/items and
    # /api/users was unsure (SC107) and their typos unseen. An async function returns a
    # promise: what it makes is still not served anywhere known.
    assert route_labels(root, "gateway") == [
        "GET /api/items",
        "GET /api/items/{id}",
        "POST /api/users",
    ]
    assert links(root) == [
        "worker/index.js:10 GET /api/orders/3 -> gateway unsure -",
        "worker/index.js:4 GET /api/items -> gateway linked gateway/index.js:6",
        "worker/index.js:5 GET /api/items/3 -> gateway linked gateway/index.js:7",
        "worker/index.js:6 GET /api/itemz/3 -> gateway broken -",
        "worker/index.js:7 POST /api/users -> gateway linked gateway/users.js:4",
        "worker/index.js:8 DELETE /api/users -> gateway broken -",
        "worker/index.js:9 GET /3 -> gateway broken -",
    ]


ROUTERS = {
    "routes__users_js": """\
        const express = require('express');
        const router = express.Router();
        router.get('/:id', (req, res) => res.json({}));
        module.exports = router;
        """,
    "routes__items_js": """\
        const { Router } = require('express');
        const router = Router();
        router.get('/', (req, res) => res.json([]));
        module.exports = router;
        """,
}


def test_routers_an_imported_array_holds_mounted_in_a_loop(repo: RepoFactory) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/users/1');
              await api.get('/items');
              await api.get('/itemz');
              await api.get('/1');
              await api.get('/v2/users/1');
              await api.get('/api/1');
              await api.get('/api/user/1');
            """,
            index_js="""\
            const express = require('express');
            const routers = require('./routes');
            const { all } = require('./routes/all');
            const app = express();
            for (const r of routers) app.use(r.path, r.router);
            routers.forEach((entry) => {
              app.use(`/v2${entry.path}`, entry.router);
            });
            app.use('/api', all);
            app.listen(8080);
            """,
            routes__index_js="""\
            const users = require('./users');
            const items = require('./items');
            module.exports = [
              { path: '/users', router: users },
              { path: '/items', router: items },
            ];
            """,
            routes__all_js="""\
            const users = require('./users');
            const items = require('./items');
            const all = [users, items];
            module.exports = { all };
            """,
            **ROUTERS,
        )
    )
    # Before: nothing mounted the routers, so they were served at /: GET /items linked to
    # GET /{id}, GET /users/1 was an SC104 error, and /v2 and /api served nothing.
    assert route_labels(root, "gateway") == [
        "GET /api",
        "GET /api/{id}",
        "GET /items",
        "GET /users/{id}",
        "GET /v2/items",
        "GET /v2/users/{id}",
    ]
    assert links(root) == [
        "worker/index.js:10 GET /api/user/1 -> gateway broken -",
        "worker/index.js:4 GET /users/1 -> gateway linked gateway/routes/users.js:3",
        "worker/index.js:5 GET /items -> gateway linked gateway/routes/items.js:3",
        "worker/index.js:6 GET /itemz -> gateway broken -",
        "worker/index.js:7 GET /1 -> gateway broken -",
        "worker/index.js:8 GET /v2/users/1 -> gateway linked gateway/routes/users.js:3",
        "worker/index.js:9 GET /api/1 -> gateway linked gateway/routes/users.js:3",
    ]


def test_routers_an_array_seamcheck_cannot_read_may_mount_serve_unread_routes(
    repo: RepoFactory,
) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/users/1');
              await api.get('/items');
              await api.get('/health');
              await api.get('/healthz');
            """,
            index_js="""\
            import express from 'express';
            import routes from './routes/index.js';
            const app = express();
            for (const route of routes) {
              app.use(route.path, route.router);
            }
            app.get('/health', (req, res) => res.send('ok'));
            app.listen(8080);
            """,
            routes__index_js="""\
            import users from './users.js';
            import items from './items.js';
            export default [
              { path: '/users', router: users },
              { path: '/items', router: items },
              ...plugins(),
            ];
            """,
            **ROUTERS,
        )
    )
    # Before: the routers, seen mounted nowhere, were served at /: GET /items linked to
    # GET /{id} and GET /users/1 was an SC104 error. Now they may be what the loop mounts,
    # anywhere: GET /:id may be GET /healthz.
    assert route_labels(root, "gateway") == ["GET /health"]
    assert links(root) == [
        "worker/index.js:4 GET /users/1 -> gateway unsure -",
        "worker/index.js:5 GET /items -> gateway unsure -",
        "worker/index.js:6 GET /health -> gateway linked gateway/index.js:7",
        "worker/index.js:7 GET /healthz -> gateway unsure -",
    ]
    assert [f for f in findings(root) if f.startswith("SC107") and "/items" in f] == [
        "SC107 worker/index.js:5 axios call GET http://gateway:8080/items not linked to a "
        "service route: 'gateway' declares 2 routes seamcheck cannot read that may serve it (the "
        "route / of a router that may be what is mounted there at gateway/index.js:5; the "
        "route /{id} of a router that may be what is mounted there at gateway/index.js:5)",
    ]


def test_routers_a_set_up_function_mounts_with_for_each(repo: RepoFactory) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/api/v1/comments');
              await api.get('/api/v1/movies/3');
              await api.get('/api/v1/moviez/3');
              await api.get('/comments');
              await api.get('/x/health');
              await api.get('/x/healthz');
            """,
            index_js="""\
            const express = require('express');
            const setup = require('./routes');
            const app = express();
            setup(app);
            const health = express.Router();
            health.get('/health', (req, res) => res.send('ok'));
            const more = [health];
            more.forEach((route) => app.use(process.env.PREFIX, route));
            app.listen(8080);
            """,
            routes__index_js="""\
            import commentRouter from './comment';
            import movieRouter from './movie';

            const apiPrefix = '/api/v1';
            const routes = [commentRouter, movieRouter];

            export default (app) => {
              routes.forEach((route) => app.use(apiPrefix, route));
              return app;
            };
            """,
            routes__comment_js="""\
            import { Router } from 'express';
            const router = Router();
            router.get('/comments', (req, res) => res.json([]));
            export default router;
            """,
            routes__movie_js="""\
            import { Router } from 'express';
            const router = Router();
            router.get('/movies/:id', (req, res) => res.json({}));
            export default router;
            """,
        )
    )
    # Before: the routers were served at / (GET /comments linked) and every call under
    # /api/v1 was unsure. The health router's prefix is known only at run time: its calls
    # are unsure when they end with its route's path, and GET /x/healthz cannot be one.
    assert route_labels(root, "gateway") == ["GET /api/v1/comments", "GET /api/v1/movies/{id}"]
    assert links(root) == [
        "worker/index.js:4 GET /api/v1/comments -> gateway linked gateway/routes/comment.js:3",
        "worker/index.js:5 GET /api/v1/movies/3 -> gateway linked gateway/routes/movie.js:3",
        "worker/index.js:6 GET /api/v1/moviez/3 -> gateway broken -",
        "worker/index.js:7 GET /comments -> gateway broken -",
        "worker/index.js:8 GET /x/health -> gateway unsure -",
        "worker/index.js:9 GET /x/healthz -> gateway broken -",
    ]


def test_a_factory_mounted_at_a_path_an_unread_expression_gives_serves_unread_routes(
    repo: RepoFactory,
) -> None:
    root = repo(
        gateway_repo(
            """\
              await api.get('/posts/1');
              await api.get('/db');
              await api.get('/posts/1/comments');
              await api.get('/health');
              await api.get('/admin/stats');
            """,
            index_js="""\
            const express = require('express');
            const cors = require('cors');
            const makeRouter = require('./router');
            const app = express();
            function auth() {
              return (req, res, next) => next();
            }
            const health = express.Router();
            health.get('/health', (req, res) => res.send('ok'));
            const admin = express.Router();
            admin.get('/admin/stats', (req, res) => res.json({}));
            app.use(cors(), health);
            app.use(auth(), admin);
            app.use(express.json(), makeRouter(JSON.parse(process.argv[2])));
            app.listen(8080);
            """,
            router_js="""\
            const express = require('express');
            const resource = require('./resource');
            const nested = require('./nested');
            const toPath = (key) => '/' + key;
            module.exports = (db) => {
              const router = express.Router();
              router.get('/db', (req, res) => res.json(db));
              router.use(nested());
              Object.keys(db).forEach((key) => {
                router.use(toPath(key), resource(key));
              });
              return router;
            };
            """,
            resource_js="""\
            const express = require('express');
            module.exports = (name) => {
              const router = express.Router();
              router.get('/:id', (req, res) => res.json({ name }));
              return router;
            };
            """,
            nested_js="""\
            const express = require('express');
            module.exports = () => {
              const router = express.Router();
              router.get('/:resource/:id/:nested', (req, res) => res.json([]));
              return router;
            };
            """,
        )
    )
    # Before: the resource routers were served at / as if toPath(key) were middleware, so
    # GET /posts/1 was a false SC104 error. A library's call (cors(), express.json()) and a
    # function returning middleware are still middleware: what follows is served at /.
    assert links(root) == [
        "worker/index.js:4 GET /posts/1 -> gateway unsure -",
        "worker/index.js:5 GET /db -> gateway linked gateway/router.js:7",
        "worker/index.js:6 GET /posts/1/comments -> gateway linked gateway/nested.js:4",
        "worker/index.js:7 GET /health -> gateway linked gateway/index.js:9",
        "worker/index.js:8 GET /admin/stats -> gateway linked gateway/index.js:11",
    ]
    assert not [f for f in findings(root) if f.startswith("SC104")]
