"""Shapes of real code that gave wrong answers when seamcheck was tried on real projects and
on repositories written the way teams write them (session 15's trials): each test is a
false error or a missed finding that a user met, on a small repository of that shape."""

from __future__ import annotations

import json

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links, problems, route_labels

COMPOSE = """\
services:
  api:
    build: ./api
  worker:
    build: ./worker
"""


def node_repo(api: str, worker: str, express: str = "^4.19.0") -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/package.json": package_json("api", dependencies={"express": express}),
        "api/index.js": api,
        "worker/package.json": package_json("worker"),
        "worker/index.js": worker,
    }


def test_a_fetch_wrapper_whose_base_url_has_a_path_is_not_a_broken_seam(
    repo: RepoFactory,
) -> None:
    root = repo(
        node_repo(
            """\
            const app = require('express')();
            app.get('/api/users', (req, res) => res.json([]));
            app.listen(8080);
            """,
            """\
            const BASE = 'http://api:8080/api';
            const ROOT = 'http://api:8080';
            async function request(path) { return (await fetch(`${BASE}${path}`)).json(); }
            async function raw(path) { return fetch(ROOT + path); }
            async function user(id) { return fetch(`${BASE}/users/${id}`); }
            module.exports = { request, raw, user };
            """,
        )
    )
    # `${BASE}${path}` is '/api' and then any number of segments: before, '/api{path}' was
    # one segment '{param}', and SC104 said the gateway serves no GET /{param}.
    assert problems(root) == [
        "worker/index.js:3 http://api:8080/api{path}: the path after 'http://api:8080/api' is "
        "not known before run time: 'path' is a parameter or not a constant",
        "worker/index.js:4 http://api:8080{path}: the path after 'http://api:8080' is not "
        "known before run time: 'path' is a parameter or not a constant",
    ]
    # A parameter that is a segment of its own is still one segment: the gateway serves no
    # /api/users/{id}, and that call is still a broken seam.
    assert links(root) == ["worker/index.js:5 GET /api/users/{id} -> api broken -"]


def test_express_optional_parameters_wildcards_and_mount_path_arrays(repo: RepoFactory) -> None:
    root = repo(
        node_repo(
            """\
            const express = require('express');
            const app = express();
            const v1 = express.Router();
            v1.get('/orders/:id?', (req, res) => res.json([]));
            app.use(['/v1', '/latest'], v1);
            app.get('/files/*path', (req, res) => res.send(req.params.path));
            app.get('/docs{/:section}', (req, res) => res.send('d'));
            app.get('/range/:from-:to', (req, res) => res.send('r'));
            app.listen(8080);
            """,
            """\
            async function main() {
              await fetch('http://api:8080/v1/orders');
              await fetch('http://api:8080/latest/orders/7');
              await fetch('http://api:8080/files/a/b.txt');
              await fetch('http://api:8080/docs');
              await fetch('http://api:8080/docs/intro');
              await fetch('http://api:8080/range/1-5');
            }
            main();
            """,
            express="^5.1.0",
        )
    )
    assert route_labels(root, "api") == [
        "GET /docs",
        "GET /docs/{section}",
        "GET /files/{*}",
        "GET /latest/orders",
        "GET /latest/orders/{id}",
        "GET /range/{param}",
        "GET /v1/orders",
        "GET /v1/orders/{id}",
    ]
    assert links(root) == [
        "worker/index.js:2 GET /v1/orders -> api linked api/index.js:4",
        "worker/index.js:3 GET /latest/orders/7 -> api linked api/index.js:4",
        "worker/index.js:4 GET /files/a/b.txt -> api linked api/index.js:6",
        "worker/index.js:5 GET /docs -> api linked api/index.js:7",
        "worker/index.js:6 GET /docs/intro -> api linked api/index.js:7",
        "worker/index.js:7 GET /range/1-5 -> api linked api/index.js:8",
    ]


def test_fastapi_add_api_route_declares_a_route(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "api/requirements.txt": "fastapi\n",
            "api/main.py": """\
                from fastapi import APIRouter, FastAPI

                app = FastAPI()
                router = APIRouter(prefix="/v1")


                async def stats():
                    return {}


                async def create():
                    return {}


                app.add_api_route("/stats", stats)
                router.add_api_route("/items", create, methods=["POST"])
                app.include_router(router)
                """,
            "worker/requirements.txt": "requests\n",
            "worker/main.py": """\
                import requests

                requests.get("http://api:8000/stats")
                requests.post("http://api:8000/v1/items")
                """,
        }
    )
    assert route_labels(root, "api") == ["GET /stats", "POST /v1/items"]
    assert links(root) == [
        "worker/main.py:3 GET /stats -> api linked api/main.py:15",
        "worker/main.py:4 POST /v1/items -> api linked api/main.py:16",
    ]


def test_awaiting_a_sync_javascript_helper_still_blocks_the_loop(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/package.json": package_json("svc", dependencies={"express": "^4.19.0"}),
            "svc/index.js": """\
                const express = require('express');
                const fs = require('fs');
                const app = express();

                function loadConfig() {
                  return JSON.parse(fs.readFileSync('/etc/app.json', 'utf8'));
                }

                app.get('/a', async (req, res) => {
                  res.json(await loadConfig());
                });
                app.listen(3000);
                """,
        }
    )
    result = run_cli("check", str(root), "--format", "json")
    found = [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("SC202", 10)]


def test_python_locals_hide_module_clients_and_modules(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "redis\n",
            "svc/main.py": """\
                import os

                import redis

                r = redis.Redis()


                async def a(client):
                    r = await client.get("https://example.com")
                    return r.json()


                async def c(os):
                    return os.remove("x")


                async def e(items):
                    for r in items:
                        r.publish()


                async def f(pairs):
                    for key, r in pairs:
                        r.publish(key)


                async def g():
                    return r.get("k")
                """,
        }
    )
    result = run_cli("check", str(root), "--format", "json")
    found = [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    # Only g() uses the module's redis client; the others use a parameter, a loop target or
    # an awaited result that happens to share its name (before: four SC201 errors more).
    assert found == [("SC201", 28)]


def test_a_setup_py_module_inside_a_package_is_not_a_manifest(repo: RepoFactory) -> None:
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "0.1.0"\n',
            "app/__init__.py": "",
            "app/helpers.py": 'DEFAULT_LEVEL = "INFO"\n',
            "app/logging/__init__.py": "",
            "app/logging/setup.py": "from app.helpers import DEFAULT_LEVEL\n",
        }
    )
    result = run_cli("check", str(root), "--format", "json")
    document = json.loads(result.stdout)
    # Before: app/logging became a service 'logging', and its import of app.helpers SC101.
    assert document["findings"] == []
    assert document["summary"]["services"] == 1


def test_a_setup_py_module_of_a_namespace_package_is_not_a_manifest(repo: RepoFactory) -> None:
    # A folder without `__init__.py` inside the package (a namespace package) whose
    # `setup.py` defines a function of the code; a packaging script beside it stays one.
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "0.1.0"\n',
            "app/__init__.py": "",
            "app/helpers.py": 'DEFAULT_LEVEL = "INFO"\n',
            "app/_plugins/setup.py": (
                "from app.helpers import DEFAULT_LEVEL\n\n\n"
                "def setup_plugins(app):\n    return DEFAULT_LEVEL\n"
            ),
            "app/_plugins/server.py": "from app.helpers import DEFAULT_LEVEL\n",
            "tools/cli/setup.py": "from setuptools import setup\n\nsetup(name='cli')\n",
            "tools/cli/cli.py": "import sys\n",
        }
    )
    result = run_cli("check", str(root), "--format", "json")
    document = json.loads(result.stdout)
    # Before: app/_plugins became a service '_plugins', its two imports of app.helpers SC101.
    assert document["findings"] == []
    services = json.loads(run_cli("services", str(root), "--format", "json").stdout)
    assert sorted(s["root"] for s in services["services"]) == [".", "tools/cli"]


def test_a_setup_py_that_runs_another_script_or_sits_beside_a_readme_is_a_manifest(
    repo: RepoFactory,
) -> None:
    """A packaging script need not name setuptools: it may run the one that does, or call a
    helper of the repository. Each folder stays a service of its own."""
    app = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    root = repo(
        {
            "exec/setup.py": "exec(open('setup_impl.py').read())\n",
            "exec/setup_impl.py": "import sys\n",
            "exec/main.py": app,
            "runpy/setup.py": "import runpy\n\nrunpy.run_path('build/make.py')\n",
            "runpy/main.py": app,
            "helper/setup.py": "from build_tools import make_package\n\nmake_package()\n",
            "helper/README.md": "# helper\n",
            "helper/main.py": app,
        }
    )
    services = json.loads(run_cli("services", str(root), "--format", "json").stdout)
    # Before: none was a manifest, and the three folders one service at the root.
    assert sorted(s["root"] for s in services["services"]) == ["exec", "helper", "runpy"]
