"""Client calls made through wrapper functions: the wrapper's parameter is followed to each
call of the wrapper, which is then checked against the routes as that call writes the URL."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, problems

ML_SERVICE = {
    "ml/requirements.txt": "fastapi\nuvicorn\n",
    "ml/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        async def predict(body: dict) -> dict:
            return {}


        @app.post("/embed")
        async def embed(body: dict) -> dict:
            return {}
    """,
}

GATEWAY_COMPOSE = """
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      ML_URL: http://ml:8000
  ml:
    build: ./ml
    expose: ["8000"]
"""

ML_CLIENT = """
    const ML_URL = process.env.ML_URL ?? 'http://ml:8000';

    async function callModel(path: string, body: unknown) {
      const res = await fetch(`${ML_URL}${path}`, { method: 'POST', body: JSON.stringify(body) });
      return res.json();
    }

    export const predict = (x: unknown) => callModel('/predict', x);
    export const embed = (x: unknown) => callModel('/embedd', x);
    export const classify = (route: string, x: unknown) => callModel(route, x);
"""


def _gateway(repo: RepoFactory, client: str = ML_CLIENT, **more: str) -> Path:
    return repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            **ML_SERVICE,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/src/clients/ml.ts": client,
            **more,
        }
    )


def test_a_node_gateways_fetch_wrapper_is_checked_at_each_call(repo: RepoFactory) -> None:
    root = _gateway(repo)

    assert links(root) == [
        "gateway/src/clients/ml.ts:8 POST /predict -> ml linked ml/app/main.py:6",
        "gateway/src/clients/ml.ts:9 POST /embedd -> ml broken -",
    ]
    assert findings(root) == [
        "SC104 gateway/src/clients/ml.ts:9 POST /embedd reaches 'ml', which serves no such route;"
        " did you mean POST /embed (ml/app/main.py:11)?",
        "  ml/app/main.py:11 ml serves POST /embed",
        "  gateway/src/clients/ml.ts:4 the wrapper's fetch call, with the call's arguments",
        # A route its caller does not know either: unsure, never a broken seam.
        "SC107 gateway/src/clients/ml.ts:10 fetch call POST http://ml:8000{route} not linked to a"
        " service route: the path after 'http://ml:8000' is not known before run time: 'route'"
        " is a parameter or not a constant",
        "  gateway/src/clients/ml.ts:4 the wrapper's fetch call, with the call's arguments",
    ]


def test_a_suppression_at_the_wrappers_call_silences_its_finding(repo: RepoFactory) -> None:
    client = ML_CLIENT.replace(
        "callModel('/embedd', x);", "callModel('/embedd', x); // seamcheck: ignore[SC104] legacy"
    )
    root = _gateway(repo, client)

    assert [f for f in findings(root) if f.startswith("SC")] == [
        "SC107 gateway/src/clients/ml.ts:10 fetch call POST http://ml:8000{route} not linked to a"
        " service route: the path after 'http://ml:8000' is not known before run time: 'route'"
        " is a parameter or not a constant",
    ]


def test_the_seams_listing_shows_the_call_and_the_wrapper_it_goes_through(
    repo: RepoFactory,
) -> None:
    root = _gateway(repo)

    result = run_cli("seams", str(root), "--no-cache", "--format", "json")
    seams = json.loads(result.stdout)["seams"]
    assert [(s["caller"]["line"], s["path"], s["status"], s["through"]) for s in seams] == [
        (8, "/predict", "linked", ["gateway/src/clients/ml.ts:4"]),
        (9, "/embedd", "broken", ["gateway/src/clients/ml.ts:4"]),
    ]
    text = run_cli("seams", str(root), "--no-cache").stdout
    assert (
        "  gateway/src/clients/ml.ts:8 -> POST /predict -> ml ml/app/main.py:6"
        "  (through gateway/src/clients/ml.ts:4)"
    ) in text.splitlines()


WEB_COMPOSE = """
services:
  proxy:
    image: nginx:1.27-alpine
    ports: ["443:443"]
    volumes:
      - ./ops/nginx.conf:/etc/nginx/nginx.conf:ro
  gateway:
    build: ./gateway
    expose: ["4000"]
  web:
    build: ./web
"""

WEB_REPO = {
    "docker-compose.yml": WEB_COMPOSE,
    "ops/nginx.conf": """
        events {}
        http {
          server {
            listen 443 ssl;
            location /api/ {
              proxy_pass http://gateway:4000;
            }
            location / {
              root /usr/share/nginx/html;
            }
          }
        }
    """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
    "gateway/src/index.js": """
        const express = require('express');
        const app = express();
        app.get('/api/users/:id', (req, res) => res.json({}));
        app.put('/api/users/:id', (req, res) => res.json({}));
        app.listen(4000);
    """,
    "web/package.json": package_json(
        "web", dependencies={"react": "^18"}, devDependencies={"vite": "^5"}
    ),
    "web/vite.config.js": """
        import { defineConfig } from 'vite';
        export default defineConfig({ server: { proxy: { '/api': 'http://localhost:4000' } } });
    """,
    "web/src/api.js": """
        export function apiGet(path) {
          return fetch(`/api${path}`).then((r) => r.json());
        }
        export function apiSend(method, path, body) {
          return fetch(`/api${path}`, { method, body: JSON.stringify(body) });
        }
    """,
    "web/src/pages/Users.jsx": """
        import { apiGet, apiSend } from '../api';

        export function User({ id, extra }) {
          apiGet(`/users/${id}`);
          apiGet(`/user/${id}`);
          apiGet(...extra);
          apiSend('PUT', `/users/${id}`, {});
          apiSend('DELETE', `/users/${id}`);
          return null;
        }
    """,
}


def test_a_react_apps_api_wrapper_is_followed_into_the_pages_that_call_it(
    repo: RepoFactory,
) -> None:
    root = repo(WEB_REPO)

    nginx = "via nginx location /api/"
    vite = "via vite proxy /api"
    route = "gateway/src/index.js"
    page = "web/src/pages/Users.jsx"
    assert links(root) == [
        f"{page}:4 GET /api/users/{{id}} -> gateway linked {route}:3 {nginx}",
        f"{page}:4 GET /api/users/{{id}} -> gateway linked {route}:3 {vite}",
        f"{page}:5 GET /api/user/{{id}} -> gateway broken - {nginx}",
        f"{page}:5 GET /api/user/{{id}} -> gateway broken - {vite}",
        # The method is the wrapper's parameter too: each call says it.
        f"{page}:7 PUT /api/users/{{id}} -> gateway linked {route}:4 {nginx}",
        f"{page}:7 PUT /api/users/{{id}} -> gateway linked {route}:4 {vite}",
        f"{page}:8 DELETE /api/users/{{id}} -> gateway broken - {nginx}",
        f"{page}:8 DELETE /api/users/{{id}} -> gateway broken - {vite}",
    ]
    # Spread into the wrapper: what it gives is not known, so the call is unsure.
    assert problems(root) == [
        f"{page}:6 /api{{path}}: the path after '/api' is not known before run time: 'path' is"
        " given by a spread argument"
    ]
    codes = [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC")]
    assert codes == [
        ["SC104", f"{page}:5"],
        ["SC104", f"{page}:5"],
        ["SC107", f"{page}:6"],
        ["SC104", f"{page}:8"],
        ["SC104", f"{page}:8"],
    ]


INVENTORY_COMPOSE = """
services:
  orders:
    build: ./orders
    environment:
      INVENTORY_URL: http://inventory:8000
  inventory:
    build: ./inventory
"""

INVENTORY = {
    "inventory/requirements.txt": "fastapi\n",
    "inventory/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/items/{sku}")
        def item(sku: str) -> dict:
            return {}


        @app.get("/items/{sku}/stock")
        def stock(sku: str) -> dict:
            return {}


        @app.post("/items/{sku}/reservations")
        def reserve(sku: str) -> dict:
            return {}


        @app.post("/items/{sku}/restock")
        def restock(sku: str) -> dict:
            return {}
    """,
}


def test_a_python_services_httpx_wrappers_are_followed_to_their_calls(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": INVENTORY_COMPOSE,
            **INVENTORY,
            "orders/requirements.txt": "httpx\n",
            "orders/orders/client.py": """
                import os

                import httpx

                BASE = os.environ.get("INVENTORY_URL", "http://localhost:8000")


                class InventoryClient:
                    def __init__(self) -> None:
                        self.base = BASE
                        self._client = httpx.Client()

                    def _get(self, path):
                        return self._client.get(f"{self.base}{path}")

                    def _send(self, method, path, payload=None):
                        return self._client.request(method, f"{self.base}{path}", json=payload)

                    def item(self, sku):
                        return self._get(f"/items/{sku}")

                    def stock(self, sku):
                        return self._get(f"/item/{sku}/stock")

                    def reserve(self, sku, n):
                        return self._send("POST", f"/items/{sku}/reservations", {"n": n})

                    def release(self, sku):
                        return self._send(method="DELETE", path=f"/items/{sku}/reservations")

                    def raw(self, **kw):
                        return self._get(**kw)


                async def call(path, payload):
                    async with httpx.AsyncClient() as c:
                        return await c.post(BASE + path, json=payload)


                async def restock(sku):
                    await call(path=f"/items/{sku}/restock", payload={})
            """,
            "orders/orders/jobs.py": """
                from orders.client import call


                async def nightly(sku):
                    await call(f"/items/{sku}/restok", {})
            """,
        }
    )

    client = "orders/orders/client.py"
    assert links(root) == [
        f"{client}:20 GET /items/{{sku}} -> inventory linked inventory/app/main.py:6",
        f"{client}:23 GET /item/{{sku}}/stock -> inventory broken -",
        f"{client}:26 POST /items/{{sku}}/reservations -> inventory linked inventory/app/main.py:16",
        # `method=` and `path=` given by keyword.
        f"{client}:29 DELETE /items/{{sku}}/reservations -> inventory broken -",
        f"{client}:41 POST /items/{{sku}}/restock -> inventory linked inventory/app/main.py:21",
        # Called from another module of the service, through its import.
        "orders/orders/jobs.py:5 POST /items/{sku}/restok -> inventory broken -",
    ]
    assert problems(root) == [
        f"{client}:32 http://inventory:8000{{path}}: the path after 'http://inventory:8000' is"
        " not known before run time: 'path' may be given by a `**` argument"
    ]
    codes = [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC")]
    assert codes == [
        ["SC104", f"{client}:23"],
        ["SC104", f"{client}:29"],
        ["SC107", f"{client}:32"],
        ["SC104", "orders/orders/jobs.py:5"],
    ]


USERS_COMPOSE = """
services:
  gw:
    build: ./gw
    environment:
      USERS_URL: http://users:3001
  users:
    build: ./users
"""

USERS = {
    "users/package.json": package_json("users", dependencies={"express": "^4"}),
    "users/index.js": """
        const express = require('express');
        const app = express();
        app.get('/users/:id', (req, res) => res.json({}));
        app.post('/users', (req, res) => res.json({}));
        app.listen(3001);
    """,
}


def _users_gateway(repo: RepoFactory, http: str, app: str = "") -> Path:
    return repo(
        {
            "docker-compose.yml": USERS_COMPOSE,
            **USERS,
            "gw/package.json": package_json("gw", dependencies={"express": "^4"}),
            "gw/src/http.ts": http,
            "gw/src/app.ts": app,
        }
    )


def test_wrappers_of_wrappers_are_followed_while_the_url_is_still_open(
    repo: RepoFactory,
) -> None:
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        function request(method: string, path: string, body?: unknown) {
          return fetch(`${BASE}${path}`, { method, body: JSON.stringify(body) });
        }
        export const get = (path: string) => request('GET', path);
        export const post = (path: string, body: unknown) => request('POST', path, body);
        export const getUser = (id: string) => get(`/users/${id}`);
        export function relay(path: string) { return get(path); }
        """,
        """
        import { getUser, post, relay } from './http';
        export async function main(req: any) {
          await getUser(req.params.id);
          await post('/user', {});
          await relay('/userz/2');
          await post(req.body.path, {});
        }
        """,
    )

    assert links(root) == [
        "gw/src/app.ts:4 POST /user -> users broken -",
        "gw/src/app.ts:5 GET /userz/2 -> users broken -",
        # `getUser` is not followed into its callers: `/users/${id}` is checked as written.
        "gw/src/http.ts:7 GET /users/{id} -> users linked users/index.js:3",
    ]
    assert problems(root) == [
        "gw/src/app.ts:6 http://users:3001{path}: the path after 'http://users:3001' is not"
        " known before run time: 'req.body.path' is a parameter or not a constant"
    ]
    assert [f for f in findings(root) if f.startswith("  ")][:3] == [
        "  users/index.js:4 users serves POST /users",
        "  gw/src/http.ts:6 a wrapper passes the call's arguments on here",
        "  gw/src/http.ts:3 the wrapper's fetch call, with the call's arguments",
    ]


def test_a_wrapper_handed_on_as_a_value_keeps_its_own_call_too(repo: RepoFactory) -> None:
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        export function get(path: string) {
          return fetch(`${BASE}${path}`);
        }
        """,
        """
        import { get } from './http';
        export const one = () => get('/users/1');
        export const all = (paths: string[]) => paths.map(get);
        """,
    )

    # Called where seamcheck cannot see what it is given: the call as written stays unsure.
    assert links(root) == ["gw/src/app.ts:2 GET /users/1 -> users linked users/index.js:3"]
    assert problems(root) == [
        "gw/src/http.ts:3 http://users:3001{path}: the path after 'http://users:3001' is not"
        " known before run time: 'path' is a parameter or not a constant"
    ]


def test_a_wrapper_no_call_makes_land_stays_as_written(repo: RepoFactory) -> None:
    """One finding where the URL is made, not one per caller that knows no better."""
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        export function get(path: string) {
          return fetch(`${BASE}${path}`);
        }
        export const a = (req: any) => get(req.url);
        export const b = (p: string[]) => get(...p);
        export function post(path: string) {
          return fetch(`${BASE}${path}`, { method: 'POST' });
        }
        export const c = () => post('/users');
        """,
    )

    assert problems(root) == [
        "gw/src/http.ts:3 http://users:3001{path}: the path after 'http://users:3001' is not"
        " known before run time: 'path' is a parameter or not a constant"
    ]
    assert links(root) == ["gw/src/http.ts:10 POST /users -> users linked users/index.js:4"]


def test_a_parameter_the_wrapper_changes_or_may_not_get_is_not_followed(
    repo: RepoFactory,
) -> None:
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        export function versioned(path: string) {
          path = '/v2' + path;
          return fetch(`${BASE}${path}`);
        }
        export function withDefault(id: string, path = pickPath()) {
          return fetch(`${BASE}${path}/${id}`);
        }
        export function absolute(path: string) {
          return fetch(`${BASE}${path}`);
        }
        export const a = () => versioned('/users/1');
        export const b = () => withDefault('1');
        export const c = () => absolute('https://api.example.com/users');
        export const d = () => absolute('/users/3');
        """,
    )

    assert links(root) == ["gw/src/http.ts:15 GET /users/3 -> users linked users/index.js:3"]
    # Assigned again, or left to a default not known here: the wrapper's own call stays
    # unsure. A whole URL
    # where the wrapper writes the path: the caller's call is unsure, never broken.
    assert [p.split(" ", 1)[0] for p in problems(root)] == [
        "gw/src/http.ts:14",
        "gw/src/http.ts:4",
        "gw/src/http.ts:7",
    ]
    assert problems(root)[0].endswith(
        "'path' is given a whole URL (https://api.example.com/users), written after"
        " http://users:3001"
    )


def test_a_parameter_changed_in_terms_of_itself_shows_what_is_known_once(
    repo: RepoFactory,
) -> None:
    """`path = '/v2' + path` reads the parameter as it came in: the URL shows '/v2' once, then
    the parameter, not known (it is not followed to the callers, as the change may not
    always run)."""
    node = _gateway(
        repo,
        """
        const ML_URL = process.env.ML_URL;

        export async function callModel(path: string, body: unknown) {
          path = '/v2' + path;
          return fetch(`${ML_URL}${path}`, { method: 'POST', body: JSON.stringify(body) });
        }
        export const predict = (x: unknown) => callModel('/predict', x);
        """,
    )
    python = repo(
        {
            "docker-compose.yml": INVENTORY_COMPOSE,
            **INVENTORY,
            "orders/requirements.txt": "httpx\n",
            "orders/orders/client.py": """
                import os

                import httpx

                BASE = os.environ["INVENTORY_URL"]


                def get(path: str) -> dict:
                    path = f"/v2{path}"
                    return httpx.get(f"{BASE}{path}").json()


                def stock(sku: str) -> dict:
                    return get(f"/items/{sku}/stock")
            """,
        }
    )

    assert problems(node) == [
        "gateway/src/clients/ml.ts:5 http://ml:8000/v2{path}: the path after "
        "'http://ml:8000/v2' is not known before run time: 'path' is assigned in terms of "
        "itself (gateway/src/clients/ml.ts:4)"
    ]
    assert problems(python) == [
        "orders/orders/client.py:10 http://inventory:8000/v2{path}: the path after "
        "'http://inventory:8000/v2' is not known before run time: 'path' is assigned in terms "
        "of itself (orders/orders/client.py:9)"
    ]


def test_a_parameter_left_to_its_default_holds_the_default(repo: RepoFactory) -> None:
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        export function get(id: string, path = '/users') {
          return fetch(`${BASE}${path}/${id}`);
        }
        export const a = () => get('1');
        export const b = () => get('2', '/user');
        """,
    )

    assert links(root) == [
        "gw/src/http.ts:5 GET /users/1 -> users linked users/index.js:3",
        "gw/src/http.ts:6 GET /user/2 -> users broken -",
    ]


def test_a_seam_hint_on_the_wrappers_call_holds_for_its_callers(repo: RepoFactory) -> None:
    root = _users_gateway(
        repo,
        """
        function send(method: string, path: string) {
          // seamcheck: calls users
          return fetch(`${process.env.USERS_API}${path}`, { method });
        }
        export const a = () => send('GET', '/users/1');
        export const b = () => send('PUT', '/users/1');
        """,
    )

    assert links(root) == [
        "gw/src/http.ts:5 GET /users/1 -> users linked users/index.js:3",
        "gw/src/http.ts:6 PUT /users/1 -> users broken -",
    ]


def test_python_wrappers_seamcheck_cannot_read_the_calls_of_are_left_as_written(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": INVENTORY_COMPOSE + "  billing:\n    build: ./billing\n",
            **INVENTORY,
            "orders/requirements.txt": "httpx\n",
            "orders/orders/client.py": """
                import os

                import httpx

                from orders.versions import versioned

                BASE = os.environ["INVENTORY_URL"]


                @versioned
                def get(path):
                    return httpx.get(BASE + path)


                def shared(path):
                    return httpx.get(BASE + path)


                def plain(path):
                    return httpx.get(BASE + path)


                def run():
                    get("/items/1")
                    plain("/items/2")
            """,
            "orders/orders/versions.py": """
                def versioned(f):
                    return lambda path: f("/v1" + path)
            """,
            "billing/requirements.txt": "httpx\n",
            "billing/billing/jobs.py": """
                from orders.client import shared


                def bill():
                    shared("/items/3")
            """,
        }
    )

    # A decorator that may change the arguments, a call from another service: each wrapper's
    # own call stays unsure.
    assert [p.split(" ", 1)[0] for p in problems(root)] == [
        "orders/orders/client.py:12",
        "orders/orders/client.py:16",
    ]
    assert links(root) == [
        "orders/orders/client.py:25 GET /items/2 -> inventory linked inventory/app/main.py:6"
    ]


def test_wrappers_called_from_everywhere_are_followed_only_so_far(repo: RepoFactory) -> None:
    """Wrappers of wrappers each called by many: the calls to read multiply, so past a bound
    the client call is left as written (unsure) rather than read without end."""
    fan = 20
    middle = "".join(
        f"export function g{i}(p: string) {{ return get(p); }}\n"
        + "".join(
            f"export function h{i}_{j}(q: string) {{ return g{i}(q); }}\n" for j in range(fan)
        )
        for i in range(fan)
    )
    calls = "".join(
        f"  http.h{i}_{j}('/users/{k}');\n"
        for i in range(fan)
        for j in range(fan)
        for k in range(fan)
    )
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        export function get(path: string) {
          return fetch(`${BASE}${path}`);
        }
        export function post(path: string) {
          return fetch(`${BASE}${path}`, { method: 'POST' });
        }
        export const one = () => post('/users');
        """
        + middle,
        "import * as http from './http';\nexport function main() {\n" + calls + "}\n",
    )

    assert links(root) == ["gw/src/http.ts:8 POST /users -> users linked users/index.js:4"]
    assert [p.split(" ", 1)[0] for p in problems(root)] == ["gw/src/http.ts:3"]


def test_a_wrapper_that_calls_itself_again_is_checked_once_per_call(repo: RepoFactory) -> None:
    root = _users_gateway(
        repo,
        """
        const BASE = process.env.USERS_URL;
        export function get(path: string, tries = 2): Promise<Response> {
          return fetch(`${BASE}${path}`).catch(() => (tries ? get(path, tries - 1) : fail(path)));
        }
        function fail(path: string): Promise<Response> {
          return get(path, 0);
        }
        export const a = () => get('/users/1');
        export const b = () => get('/user/1');
        """,
    )

    assert links(root) == [
        "gw/src/http.ts:8 GET /users/1 -> users linked users/index.js:3",
        "gw/src/http.ts:9 GET /user/1 -> users broken -",
    ]
    assert problems(root) == []


# Modelled on Dify's console front end: get/post helpers over one fetch wrapper that puts
# the API prefix before the path it is given, with or without its leading slash.
_CONSOLE_API = {
    "api/requirements.txt": "flask\n",
    "api/app.py": """
        from flask import Blueprint, Flask

        bp = Blueprint("console", __name__, url_prefix="/console/api")


        @bp.get("/projects/<uuid:project_id>")
        def project(project_id):
            return {}


        @bp.post("/projects")
        def create_project():
            return {}


        app = Flask(__name__)
        app.register_blueprint(bp)
    """,
    "docker-compose.yml": """
        services:
          api:
            build: ./api
            ports: ["5001:5001"]
          web:
            build: ./web
            ports: ["3000:3000"]
    """,
    "web/package.json": package_json("web", dependencies={"next": "^15", "react": "^19"}),
}


def test_a_wrapper_parameter_given_paths_of_several_segments_is_no_one_segment(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **_CONSOLE_API,
            "web/service/api.ts": """
                const API = 'http://localhost:5001/console/api'

                export async function request(path: string, options: RequestInit = {}) {
                  const res = await fetch(`${API}/${path}`, options)
                  return res.json()
                }

                export const fetchProject = (id: string) => request(`projects/${id}`)
                export const archiveProject = (id: string) =>
                  request(`projects/${id}/archive`, { method: 'POST' })
            """,
        }
    )
    # Before: one link, the wrapper's call as written, `{path}` taken for one segment:
    # "web/service/api.ts:4 * /console/api/{path} -> api linked api/app.py:11" (POST
    # /projects, a route neither call requests); the call to a route the service does not
    # have went unreported. Its method is the one it gives in the init the wrapper hands
    # fetch (before helper 134: any, `*`).
    assert links(root) == [
        "web/service/api.ts:10 POST /console/api/projects/{id}/archive -> api broken -",
        "web/service/api.ts:8 * /console/api/projects/{id} -> api linked api/app.py:6",
    ]


def test_a_fetch_wrapper_giving_the_path_its_leading_slash_is_read_through_its_helpers(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **_CONSOLE_API,
            "web/config/index.ts": "export const API_PREFIX = 'http://localhost:5001/console/api'\n",
            "web/service/fetch.ts": """
                import { API_PREFIX } from '../config'

                export async function base<T>(url: string, options: RequestInit = {}): Promise<T> {
                  const fetchPathname = API_PREFIX + (url.startsWith('/') ? url : `/${url}`)
                  const res = await globalThis.fetch(fetchPathname, options)
                  return await res.json() as T
                }
            """,
            "web/service/base.ts": """
                import { base } from './fetch'

                export const get = <T>(url: string) => base<T>(url, { method: 'GET' })
                export const post = <T>(url: string, body: unknown) =>
                  base<T>(url, { method: 'POST', body: JSON.stringify(body) })
            """,
            "web/service/projects.ts": """
                import { get, post } from './base'

                export const fetchProject = (id: string) => get(`/projects/${id}`)
                export const createProject = (name: string) => post('projects', { name })
                export const archiveProject = (id: string) => post(`projects/${id}/archive`, {})
            """,
        }
    )
    # Before: no client call at all (`globalThis.fetch` was not read as fetch, and the
    # leading-slash ternary was an unknown part of the URL). The method each call's helper
    # hands `base` in its options is read too (before helper 134: any method, `*`).
    assert links(root) == [
        "web/service/projects.ts:3 GET /console/api/projects/{id} -> api linked api/app.py:6",
        "web/service/projects.ts:4 POST /console/api/projects -> api linked api/app.py:11",
        "web/service/projects.ts:5 POST /console/api/projects/{id}/archive -> api broken -",
    ]


def test_a_wrapper_requesting_on_two_branches_is_one_finding_per_call(repo: RepoFactory) -> None:
    """Label Studio's `ssrf_safe_request` makes its request with `requests.request` on one
    branch and a session's `request` on the other. Before, each call of the wrapper with a
    URL known only at run time was reported twice, the same message and fingerprint at the
    same place, one per inner call; now once, both inner calls among its related places."""
    root = repo(
        {
            "hooks/requirements.txt": "requests\n",
            "hooks/hooks/__init__.py": "",
            "hooks/hooks/io.py": """
                import requests


                def safe_session():
                    return requests.Session()


                def safe_request(method, url, *args, **kwargs):
                    if kwargs.pop("plain", False):
                        return requests.request(method, url, *args, **kwargs)
                    with safe_session() as session:
                        return session.request(method, url, *args, **kwargs)


                def safe_post(url, *args, **kwargs):
                    return safe_request("POST", url, *args, **kwargs)
                """,
            "hooks/hooks/send.py": """
                from hooks.io import safe_post


                def send(hook, payload):
                    return safe_post(hook.url, json=payload)


                def ping():
                    return safe_post("https://hooks.example.com/ping", json={})
                """,
        }
    )
    report = json.loads(run_cli("check", str(root), "--format", "json").output)["findings"]
    assert [(f["code"], f["path"], f["line"]) for f in report] == [
        ("SC107", "hooks/hooks/send.py", 5)
    ]
    assert [(r["path"], r["line"]) for r in report[0]["related"]] == [
        ("hooks/hooks/io.py", 16),
        ("hooks/hooks/io.py", 10),
        ("hooks/hooks/io.py", 12),
    ]
