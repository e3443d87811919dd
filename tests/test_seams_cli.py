"""Seams end to end through the CLI: the demo repository's six seams and its broken nginx
path, `seamcheck seams` in both formats, and SC104-SC107 with their exact findings."""

from __future__ import annotations

import json

from conftest import FIXTURES, RepoFactory, package_json, run_cli

DEMO = str(FIXTURES / "demo")


SEAM_RULES = "SC104,SC105,SC106,SC107"


def test_demo_check_reports_the_broken_nginx_path_and_nothing_else() -> None:
    result = run_cli("check", DEMO, "--select", SEAM_RULES)
    assert result.exit_code == 1
    assert result.output == (
        "apps/web/src/api.ts:19:21: SC104 POST /predict reaches 'gateway' through nginx "
        "location /api/ (deploy/nginx.conf:8), which serves no such route; did you mean "
        "POST /api/predict (services/gateway/src/routes/api.ts:15)?\n"
        "    deploy/nginx.conf:8:1: nginx location /api/ forwards as /predict\n"
        "    services/gateway/src/routes/api.ts:15:1: gateway serves POST /api/predict\n"
        "apps/web/src/api.ts:28:21: SC104 GET /cart/{id} reaches 'gateway' through nginx "
        "location /api/ (deploy/nginx.conf:8), which serves no such route; did you mean "
        "GET /api/cart/{id} (services/gateway/src/routes/api.ts:31)?\n"
        "    deploy/nginx.conf:8:1: nginx location /api/ forwards as /cart/{id}\n"
        "    services/gateway/src/routes/api.ts:31:1: gateway serves GET /api/cart/{id}\n"
        "2 findings (2 errors) in 29 files across 6 services.\n"
    )


def test_demo_seams_table_links_all_six_seams() -> None:
    result = run_cli("seams", DEMO)
    assert result.exit_code == 0
    assert result.output == (
        "Seams (6):\n"
        "  apps/web/src/api.ts:19 -> POST /api/predict -> gateway "
        "services/gateway/src/routes/api.ts:15  (via vite proxy /api, apps/web/vite.config.ts:10)\n"
        "  apps/web/src/api.ts:28 -> GET /api/cart/{id} -> gateway "
        "services/gateway/src/routes/api.ts:31  (via vite proxy /api, apps/web/vite.config.ts:10)\n"
        "  services/gateway/src/clients/ml.ts:12 -> POST /v1/predict -> ml "
        "services/ml-service/src/ml_service/routers/predict.py:22\n"
        "  services/gateway/src/clients/ml.ts:17 -> GET /v1/recommendations/{userId} -> ml "
        "services/ml-service/src/ml_service/routers/recs.py:24\n"
        "  services/gateway/src/routes/api.ts:33 -> GET /cart/{id} -> cart "
        "services/cart/index.js:9\n"
        "  services/worker/worker.py:24 -> DELETE /cart/{item_id} -> cart "
        "services/cart/index.js:28\n"
        "Broken (2):\n"
        "  apps/web/src/api.ts:19 -> POST /predict -> gateway: no such route; did you mean "
        "POST /api/predict (services/gateway/src/routes/api.ts:15)  "
        "(via nginx location /api/, deploy/nginx.conf:8)\n"
        "  apps/web/src/api.ts:28 -> GET /cart/{id} -> gateway: no such route; did you mean "
        "GET /api/cart/{id} (services/gateway/src/routes/api.ts:31)  "
        "(via nginx location /api/, deploy/nginx.conf:8)\n"
        "12 routes in 3 services; 6 client calls; 6 seams linked, 2 broken, 0 unresolved, "
        "0 to external hosts.\n"
    )


def test_demo_seams_json_and_graph_edges() -> None:
    document = json.loads(run_cli("seams", DEMO, "--format", "json").output)
    assert document["version"] == 1
    linked = sorted(
        (s["caller"]["path"], s["caller"]["line"], s["method"], s["target"], s["route"]["id"])
        for s in document["seams"]
        if s["status"] == "linked"
    )
    assert linked == [
        ("apps/web/src/api.ts", 19, "POST", "gateway", "route:gateway:POST /api/predict"),
        ("apps/web/src/api.ts", 28, "GET", "gateway", "route:gateway:GET /api/cart/{id}"),
        ("services/gateway/src/clients/ml.ts", 12, "POST", "ml", "route:ml:POST /v1/predict"),
        (
            "services/gateway/src/clients/ml.ts", 17, "GET", "ml",
            "route:ml:GET /v1/recommendations/{user_id}",
        ),
        ("services/gateway/src/routes/api.ts", 33, "GET", "cart", "route:cart:GET /cart/{id}"),
        ("services/worker/worker.py", 24, "DELETE", "cart", "route:cart:DELETE /cart/{id}"),
    ]  # fmt: skip
    assert document["unresolved"] == []
    assert [(e["from"], e["to"], len(e["seams"])) for e in document["services"]] == [
        ("gateway", "cart", 1),
        ("gateway", "ml", 2),
        ("web", "gateway", 4),
        ("worker", "cart", 1),
    ]
    assert [(e["label"], e["service"], e["location"]) for e in document["entries"]] == [
        ("nginx location /api/", "gateway", "deploy/nginx.conf:8"),
        ("nginx location /", "web", "deploy/nginx.conf:16"),
        ("compose port 8080:8080", "gateway", "docker-compose.yml:17"),
        ("compose port 3000:80", "web", "docker-compose.yml:51"),
    ]
    graph = json.loads(run_cli("graph", DEMO).output)
    requests = sorted((e["source"], e["target"]) for e in graph["edges"] if e["kind"] == "requests")
    assert requests == [
        ("apps/web/src/api.ts::getCart", "route:gateway:GET /api/cart/{id}"),
        ("apps/web/src/api.ts::predict", "route:gateway:POST /api/predict"),
        ("services/gateway/src/clients/ml.ts::predict", "route:ml:POST /v1/predict"),
        (
            "services/gateway/src/clients/ml.ts::recommend",
            "route:ml:GET /v1/recommendations/{user_id}",
        ),
        ("services/gateway/src/routes/api.ts::<anonymous@31:25>", "route:cart:GET /cart/{id}"),
        ("services/worker/worker.py::expire_cart", "route:cart:DELETE /cart/{id}"),
    ]
    assert (
        run_cli("seams", DEMO, "--format", "json").output
        == run_cli("seams", DEMO, "--format", "json").output
    )


POLICY_REPO = {
    "docker-compose.yml": """
        services:
          nginx:
            image: nginx:1.27
            ports: ["80:80"]
          gateway:
            build: ./gateway
            ports: ["8080:8080"]
          ml:
            build: ./ml
            ports:
              - "8000:8000"
          web:
            build: ./web
    """,
    "deploy/nginx.conf": """
        server {
            location /api/ { proxy_pass http://gateway:8080; }
            location /models/ { proxy_pass http://ml:8000/; }
        }
    """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "4", "axios": "1"}),
    "gateway/server.js": """
        const express = require('express');
        const axios = require('axios');

        const app = express();
        app.get('/api/features/:id', async (req, res) => {
          const { data } = await axios.post('http://ml:8000/score', { id: req.params.id });
          await axios.get(`http://${req.query.host}/ping`);
          res.json(data);
        });
        app.listen(8080);
    """,
    "ml/requirements.txt": "fastapi\nrequests\n",
    "ml/app.py": """
        import requests
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/score")
        def score(payload: dict):
            features = requests.get(f"http://gateway:8080/api/features/{payload['id']}").json()
            return {"score": len(features)}
    """,
    "web/package.json": package_json("web", dependencies={"react": "18", "vite": "5"}),
    "web/src/api.ts": """
        export const score = (id: string) => fetch('/models/score', { method: 'POST' });
    """,
}


def test_edge_bypass_cycle_and_unresolved_findings(repo: RepoFactory) -> None:
    root = repo(POLICY_REPO)
    result = run_cli("check", str(root), "--select", "SC103," + SEAM_RULES)
    assert result.exit_code == 1
    # The published port makes ml the edge (SC103, once); the nginx location and the browser
    # call through it are paths around the edge (SC105, each).
    assert result.output == (
        "deploy/nginx.conf:3:1: SC105 nginx location /models/ makes internal service 'ml' "
        "reachable from outside; only edge services may face the public\n"
        "docker-compose.yml:10:5: SC103 service 'ml' (python) serves HTTP to the outside: it "
        "runs fastapi and compose service 'ml' publishes port '8000:8000' in "
        "docker-compose.yml; policy 'hybrid-ai' allows the request edge only in node "
        "services\n"
        "gateway/server.js:6:26: SC106 service cycle: gateway (axios POST /score at "
        "gateway/server.js:6) -> ml (requests GET /api/features/{value} at ml/app.py:8) "
        "-> gateway\n"
        "    gateway/server.js:6:26: gateway -> ml: axios POST /score\n"
        "    ml/app.py:8:16: ml -> gateway: requests GET /api/features/{value}\n"
        "gateway/server.js:7:9: SC107 axios call GET http://{host}/ping not linked to a "
        "service route: host is not known before run time: 'req.query.host' is a parameter "
        "or not a constant\n"
        "web/src/api.ts:1:38: SC105 browser app 'web' calls internal service 'ml' through "
        "nginx location /models/ (POST /score); only edge services may face the public\n"
        "    deploy/nginx.conf:3:1: nginx location /models/ forwards here\n"
        "5 findings (3 errors, 1 warning, 1 info) in 3 files across 3 services.\n"
    )


def test_routes_under_a_prefix_known_only_at_run_time_are_counted(repo: RepoFactory) -> None:
    # Chainlit serves every route of `router = APIRouter(prefix=config.run.root_path)`, a
    # prefix its CLI sets. Before, `seamcheck seams` summed up "0 routes in 0 services", as
    # if the server served nothing; the JSON did not list them either.
    root = repo(
        {
            "server/requirements.txt": "fastapi\n",
            "server/config.py": """\
                from dataclasses import dataclass, field


                @dataclass
                class RunSettings:
                    root_path: str = ""


                @dataclass
                class ChainlitConfig:
                    run: RunSettings = field(default_factory=RunSettings)


                config = ChainlitConfig()
                """,
            "server/app.py": """\
                from fastapi import APIRouter, FastAPI

                from config import config

                app = FastAPI()
                router = APIRouter(prefix=config.run.root_path)


                @router.get("/project/settings")
                async def project_settings() -> dict:
                    return {}


                app.include_router(router)
                """,
        }
    )
    text = run_cli("seams", str(root)).output
    assert text.splitlines()[-1] == (
        "0 routes in 0 services (and 1 not read as a path); 0 client calls; 0 seams linked, "
        "0 broken, 0 unresolved, 0 to external hosts."
    )
    document = json.loads(run_cli("seams", str(root), "--format", "json").output)
    assert document["unread_routes"] == [
        {
            "service": "server",
            "method": "GET",
            "head": "/",
            "tail": "/project/settings",
            "what": "the route /project/settings of a router whose prefix is known only at run "
            "time",
            "framework": "fastapi",
            "location": {"path": "server/app.py", "line": 6},
            "declared": [{"path": "server/app.py", "line": 9}],
        }
    ]
