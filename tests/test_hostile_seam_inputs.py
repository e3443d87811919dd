"""Odd but valid input shapes the seam features met in an adversarial review: each was a
crash ("internal error") or a wrong answer before its fix."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from hostile_helpers import invoke
from seams_helpers import links, seam_map
from test_fastify_plugins import gateway_repo


def test_a_compose_service_named_by_a_number_among_named_ones(repo: RepoFactory) -> None:
    # YAML reads `5:` as an int key: sorting the services by name compared int with str
    # and every command stopped with "internal error: TypeError".
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  api:\n    build: ./api\n  5:\n    build: ./worker\n"
            ),
            "api/package.json": package_json("api", dependencies={"express": "4"}),
            "api/index.js": (
                "const app = require('express')();\napp.get('/a', (q, r) => r.send(''));\n"
                "app.listen(3000);\n"
            ),
        }
    )
    run = invoke("services", str(root))
    assert run.code == 0, run.stderr
    assert "api\n" in run.stdout


def test_an_autoload_dir_joined_from_nothing(repo: RepoFactory) -> None:
    # `path.join()` unpacked its no arguments into `first, *rest`: "internal error:
    # ValueError" for the whole run. Now a dir seamcheck cannot read, so the plugins'
    # routes are unsure.
    app = """\
        const path = require('node:path')
        const AutoLoad = require('@fastify/autoload')
        module.exports = async function (fastify, opts) {
          fastify.register(AutoLoad, { dir: path.join() })
        }
        """
    root = repo(gateway_repo(app, "  await api.get('/v1/models');\n"))
    assert [line.split(" -> ")[1] for line in links(root)] == ["gateway unsure -"]


def test_a_router_prefix_known_only_at_run_time_is_no_one_segment(repo: RepoFactory) -> None:
    # `API_PREFIX` may be `/api/v1` or empty: read as one parameter segment, both calls were
    # false SC104 errors ("did you mean GET /{API_PREFIX}/items?").
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  api:\n    build: ./api\n  k:\n    build: ./k\n"
                "  web:\n    build: ./web\n"
            ),
            "api/requirements.txt": "fastapi\n",
            "api/main.py": (
                "import os\nfrom fastapi import APIRouter, FastAPI\n"
                'router = APIRouter(prefix=os.environ["API_PREFIX"])\n'
                '@router.get("/items")\nasync def items():\n    return []\n'
                "app = FastAPI()\napp.include_router(router)\n"
            ),
            "k/package.json": package_json(
                "k", dependencies={"koa": "^2.15.0", "@koa/router": "^12.0.0"}
            ),
            "k/index.js": (
                "const Koa = require('koa');\nconst Router = require('@koa/router');\n"
                "const router = new Router();\nrouter.prefix(process.env.API_PREFIX);\n"
                "router.get('/items', (ctx) => { ctx.body = []; });\n"
                "new Koa().use(router.routes()).listen(3000);\n"
            ),
            "web/package.json": package_json("web", dependencies={"axios": "^1.7.0"}),
            "web/index.js": (
                "const axios = require('axios');\n"
                "axios.get('http://api:8000/api/v1/items');\n"
                "axios.get('http://k:3000/api/v1/items');\n"
                "axios.get('http://k:3000/items');\n"
            ),
        }
    )
    assert [line.split(" -> ")[1] for line in links(root)] == [
        "api unsure -",
        "k unsure -",
        "k unsure -",
    ]


def test_a_protocol_relative_url_names_its_host_not_a_path(repo: RepoFactory) -> None:
    # `//cdn.example.com/x.json` (a network-path reference: the page's scheme, that host)
    # was read as the path `/cdn.example.com/x.json` of the page's own origin: a false SC104
    # against a Next.js app, and against a Flask app serving the script. Now its host is
    # looked up as an absolute URL's is: outside the repository here.
    root = repo(
        {
            "web/package.json": package_json("web", dependencies={"next": "14", "react": "18"}),
            "web/app/api/items/route.ts": "export async function GET() { return Response.json([]); }\n",
            "web/app/page.tsx": (
                "'use client';\nexport default function Page() {\n"
                "  fetch('//cdn.example.com/x.json');\n  fetch('/api/items');\n  return null;\n}\n"
            ),
            "shop/requirements.txt": "flask\n",
            "shop/app.py": (
                "from flask import Flask\napp = Flask(__name__)\n"
                '@app.get("/api/items")\ndef items():\n    return []\n'
            ),
            "shop/static/js/app.js": "fetch('//cdn.example.com/x.json');\nfetch('/api/items');\n",
        }
    )
    assert links(root) == [
        "shop/static/js/app.js:2 GET /api/items -> shop linked shop/app.py:3",
        "web/app/page.tsx:4 GET /api/items -> web linked web/app/api/items/route.ts:1",
    ]
    assert [c.external for c in seam_map(root).calls if "cdn" in c.url] == [True, True]
