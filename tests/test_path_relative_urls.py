"""A URL written relative to the page (`fetch('api/predict')`, `this.http.get('api/items')`,
`$.get('./api/items')`): no leading slash, so the browser resolves it against the address of
the page that makes the call. Before, every such URL was "not known before run time" and
named only by itself ("URL is not known before run time: api/predict"), though all of it is
written down."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

# A React front end (vite proxy to the gateway), a Node gateway that forwards to a FastAPI
# model service, and a Flask admin app that serves its own page script.
STACK = {
    "docker-compose.yml": """\
        services:
          gateway:
            build: ./gateway
            ports: ["3000:3000"]
          models:
            build: ./models
          admin:
            build: ./admin
        """,
    "web/package.json": package_json(
        "web", dependencies={"react": "18"}, devDependencies={"vite": "5"}
    ),
    "web/vite.config.ts": """\
        import { defineConfig } from 'vite';
        export default defineConfig({ server: { proxy: { '/api': 'http://gateway:3000' } } });
        """,
    "web/src/Predict.tsx": """\
        export async function predict(text: string, id: string) {
          const res = await fetch('api/predict', { method: 'POST', body: text });
          await fetch('./api/health');
          await fetch(`api/models/${id}`);
          await fetch('api/predcit', { method: 'POST' });
          return res.json();
        }
        """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "4"}),
    "gateway/index.js": """\
        const express = require('express');
        const app = express();
        app.post('/api/predict', async (req, res) => {
          const r = await fetch('http://models:8000/predict', { method: 'POST' });
          res.json(await r.json());
        });
        app.get('/api/health', (req, res) => res.json({ ok: true }));
        app.get('/api/models/:id', (req, res) => res.json({}));
        app.listen(3000);
        fetch('status');
        """,
    "models/requirements.txt": "fastapi\n",
    "models/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        async def predict():
            return {"label": "ok"}
        """,
    "admin/requirements.txt": "flask\n",
    "admin/app.py": """\
        from flask import Flask

        app = Flask(__name__)


        @app.get("/api/users")
        def users():
            return []
        """,
    "admin/static/js/admin.js": "$.get('api/users');\n$.get('api/user');\n",
}


def test_a_url_relative_to_the_page_lands_where_it_would_from_the_sites_root(
    repo: RepoFactory,
) -> None:
    root = repo(STACK)
    assert links(root) == [
        "admin/static/js/admin.js:1 GET /api/users -> admin linked admin/app.py:6",
        "gateway/index.js:4 POST /predict -> models linked models/main.py:6",
        "web/src/Predict.tsx:2 POST /api/predict -> gateway linked gateway/index.js:3 via vite proxy /api",
        "web/src/Predict.tsx:3 GET /api/health -> gateway linked gateway/index.js:7 via vite proxy /api",
        "web/src/Predict.tsx:4 GET /api/models/{id} -> gateway linked gateway/index.js:8 via vite proxy /api",
    ]


def test_one_no_route_takes_is_unsure_never_broken(repo: RepoFactory) -> None:
    # The page may be served below the root (`/app/`), where `api/predcit` is
    # `/app/api/predcit`: a route missing from the root says nothing for sure.
    root = repo(STACK)
    assert problems(root) == [
        "admin/static/js/admin.js:2 api/user: relative URL 'api/user' is resolved against "
        "the address of the page making the call, and no route takes it from the site's root",
        "gateway/index.js:10 status: relative URL 'status' with no base URL",
        "web/src/Predict.tsx:5 api/predcit: relative URL 'api/predcit' is resolved against "
        "the address of the page making the call, and no route takes it from the site's root",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == []


def test_the_pages_own_folder_is_the_sites_root(repo: RepoFactory) -> None:
    # `$.get('.')` asks the folder of the page: at the root, `/` (it was read as `/.`).
    root = repo(
        {
            "admin/requirements.txt": "flask\n",
            "admin/app.py": (
                "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
                '@app.get("/")\ndef index():\n    return "ok"\n'
            ),
            "admin/static/js/admin.js": "$.get('.');\n$.get('..');\n",
        }
    )
    assert links(root) == [
        "admin/static/js/admin.js:1 GET / -> admin linked admin/app.py:6",
        "admin/static/js/admin.js:2 GET / -> admin linked admin/app.py:6",
    ]


# An Express app serving the scripts of its `public/` folder (`express.static`), beside a
# Node CLI tool of another service whose `public/` folder it does not serve: no routes there.
EXPRESS_PAGES = {
    "app/package.json": package_json("app", dependencies={"express": "4"}),
    "app/server.js": """\
        const express = require('express');
        const path = require('path');
        const app = express();
        app.use(express.static(path.join(__dirname, 'public')));
        app.get('/api/items', (req, res) => res.json([]));
        app.listen(3000);
        """,
    "app/public/js/app.js": """\
        fetch('/api/items').then((r) => r.json());
        fetch('/api/itemz').then((r) => r.json());
        fetch('api/items');
        """,
    "tool/package.json": package_json("tool", dependencies={"commander": "12"}),
    "tool/cli.js": "console.log('tool');\n",
    "tool/public/report.js": "fetch('/api/items');\n",
}


def test_an_express_apps_public_scripts_call_the_app(repo: RepoFactory) -> None:
    # Before: all three "relative URL ... with no base URL" (SC107), as a Flask app's
    # `static/` scripts were before they were read as its pages.
    root = repo(EXPRESS_PAGES)
    assert links(root) == [
        "app/public/js/app.js:1 GET /api/items -> app linked app/server.js:5",
        "app/public/js/app.js:2 GET /api/itemz -> app broken -",
        "app/public/js/app.js:3 GET /api/items -> app linked app/server.js:5",
    ]
    assert problems(root) == [
        "tool/public/report.js:1 /api/items: relative URL '/api/items' with no base URL"
    ]
