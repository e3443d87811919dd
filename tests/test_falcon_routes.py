"""Falcon services declare routes: `app.add_route(uri_template, resource)` on `falcon.App()`
(`falcon.asgi.App()`, 2.0's `falcon.API()`), the resource serving the verbs its `on_get`/
`on_post`/... responders are named after, its base classes' too (`suffix="x"` picks
`on_get_x`); a resource seamcheck cannot find may serve any verb; a sink makes the calls
under its prefix unsure. Before, a Falcon service declared no route: every call to it was
unsure, and a typo went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
    environment:
      ML_URL: http://ml:8000
  ml:
    build: ./ml
    expose: ["8000"]
"""

SERVICE = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """\
        const express = require("express");
        const ML_URL = process.env.ML_URL;
        const app = express();

        app.post("/predict", async (req, res) => {
          const r = await fetch(`${ML_URL}/api/predict`, { method: "POST" });
          await fetch(`${ML_URL}/api/predictt`, { method: "POST" });
          await fetch(`${ML_URL}/api/predict/${req.query.job}/status`);
          await fetch(`${ML_URL}/things/7`, { method: "DELETE" });
          await fetch(`${ML_URL}/things/7`, { method: "OPTIONS" });
          await fetch(`${ML_URL}/things/7/audit`);
          await fetch(`${ML_URL}/other`, { method: "PATCH" });
          await fetch(`${ML_URL}/auth/login`, { method: "POST" });
          await fetch(`${ML_URL}/feature/on`, { method: "POST" });
          res.json(await r.json());
        });
        app.listen(8080);
        """,
    "ml/requirements.txt": "falcon\n",
    "ml/ml/__init__.py": "",
    "ml/ml/resources.py": """\
        class Audited:
            def on_get_audit(self, req, resp, thing_id):
                resp.media = {}


        class Things(Audited):
            def on_get(self, req, resp, thing_id):
                resp.media = {}

            def on_delete(self, req, resp, thing_id):
                resp.media = {}


        def make_other():
            return object()
        """,
    "ml/ml/app.py": """\
        import os

        import falcon

        from ml.resources import Things, make_other


        class Predict:
            def on_post(self, req, resp):
                resp.media = {}

            def on_get_status(self, req, resp, job_id):
                resp.media = {}


        def auth_sink(req, resp):
            resp.media = {}


        app = falcon.App()
        predict = Predict()
        app.add_route("/api/predict", predict)
        app.add_route("/api/predict/{job_id:int}/status", predict, suffix="status")
        app.add_route("/things/{thing_id}", Things())
        app.add_route("/things/{thing_id}/audit", Things(), suffix="audit")
        app.add_route("/other", make_other())
        app.add_route(os.environ["FEATURE_PATH"], Predict())
        app.add_sink(auth_sink, "/auth")
        """,
}


def test_falcon_resources_serve_their_responders_verbs(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert [r for r in routes(root) if r.startswith("ml ")] == [
        "ml ANY /other ml/ml/app.py:26",
        "ml DELETE /things/{thing_id} ml/ml/app.py:24",
        "ml GET /api/predict/{job_id}/status ml/ml/app.py:23",
        "ml GET /things/{thing_id} ml/ml/app.py:24",
        "ml GET /things/{thing_id}/audit ml/ml/app.py:25",
        "ml POST /api/predict ml/ml/app.py:22",
    ]


def test_calls_to_a_falcon_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert links(root) == [
        "gateway/src/server.js:10 OPTIONS /things/7 -> ml linked ml/ml/app.py:24",
        "gateway/src/server.js:11 GET /things/7/audit -> ml linked ml/ml/app.py:25",
        "gateway/src/server.js:12 PATCH /other -> ml linked ml/ml/app.py:26",
        "gateway/src/server.js:13 POST /auth/login -> ml unsure -",
        "gateway/src/server.js:14 POST /feature/on -> ml unsure -",
        "gateway/src/server.js:6 POST /api/predict -> ml linked ml/ml/app.py:22",
        "gateway/src/server.js:7 POST /api/predictt -> ml broken -",
        "gateway/src/server.js:8 GET /api/predict/{job}/status -> ml linked ml/ml/app.py:23",
        "gateway/src/server.js:9 DELETE /things/7 -> ml linked ml/ml/app.py:24",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:7"
    ]
    # A resource routed at a path known only at run time: the calls it may serve are unsure.
    assert any(f.startswith("SC107 gateway/src/server.js:14") for f in found)
