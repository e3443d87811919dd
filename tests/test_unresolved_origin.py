"""SC107 says what part of an absolute URL's origin is not known before run time: a gateway
calling `http://model:8000${MODEL_PREFIX}/predict` knows the host and port, not where the
path starts; with `http://model:${MODEL_PORT}/...` it is the port; only when the value may
continue the host's name is it the host."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from test_policies import hybrid_repo

CLIENT = """
    import axios from 'axios';
    export async function predict(body: unknown) {
      return (await axios.post(`http://ml:8000${process.env.MODEL_PREFIX}/v1/predict`, body)).data;
    }
    export async function health() {
      return (await axios.get(`http://ml:${process.env.ML_PORT}/healthz`)).data;
    }
    export async function shadow(body: unknown) {
      return (await axios.post(`http://ml${process.env.ML_SUFFIX}:8000/v1/predict`, body)).data;
    }
"""


def test_sc107_names_the_unknown_part_of_the_origin(repo: RepoFactory) -> None:
    root = repo(hybrid_repo(**{"services/gateway/src/clients/ml.ts": CLIENT}))
    result = run_cli("check", str(root), "--select", "SC107", "--no-cache")
    lines = [line for line in result.output.splitlines() if "clients/ml.ts" in line]
    # Before: all three said "host is not known before run time".
    assert lines == [
        "services/gateway/src/clients/ml.ts:3:17: SC107 axios call POST "
        "http://ml:8000{MODEL_PREFIX}/v1/predict not linked to a service route: the start of "
        "the path after 'http://ml:8000' is not known before run time: environment variable "
        "MODEL_PREFIX is set nowhere in the repository",
        "services/gateway/src/clients/ml.ts:6:17: SC107 axios call GET "
        "http://ml:{ML_PORT}/healthz not linked to a service route: the port of 'http://ml' "
        "is not known before run time: environment variable ML_PORT is set nowhere in the "
        "repository",
        # ML_SUFFIX may continue the host's name ('ml-canary'): the host is not known.
        "services/gateway/src/clients/ml.ts:9:17: SC107 axios call POST "
        "http://ml{ML_SUFFIX}:8000/v1/predict not linked to a service route: host is not "
        "known before run time: environment variable ML_SUFFIX is set nowhere in the "
        "repository",
    ]


def test_a_loopback_url_at_a_port_known_at_run_time_lands_on_the_callers_routes(
    repo: RepoFactory,
) -> None:
    """A test starts its own service on a free port and calls `http://127.0.0.1:{port}/x`:
    the caller's route for the path, when it has one (nbdime's `unique_port` tests). A path
    it does not serve stays unsure (SC107), never broken: another server may listen there.
    A host that is no loopback with an unknown port is unchanged, as is a path only a route
    of parameters takes. Before, all were SC107."""
    root = repo(
        {
            "model/requirements.txt": "fastapi==0.115.0\nuvicorn==0.30.0\nrequests==2.32.0\n",
            "model/app/__init__.py": "",
            "model/app/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/predict")
                async def predict(body: dict) -> dict:
                    return {"label": "cat"}


                @app.get("/health")
                async def health() -> dict:
                    return {"ok": True}


                @app.get("/{page}")
                async def page(page: str) -> str:
                    return page
                """,
            "model/tests/test_live_server.py": """\
                import requests


                def test_predict_over_http(live_port):
                    r = requests.post(f"http://127.0.0.1:{live_port}/predict", json={"x": 1})
                    assert r.ok
                    assert requests.get(f"http://localhost:{live_port}/health").ok
                    assert requests.get(f"http://127.0.0.1:{live_port}/metrics").status_code == 404
                    requests.get(f"http://ml:{live_port}/health")
                    requests.get(f"http://127.0.0.1:{live_port}/gradio/")
                """,
        }
    )
    result = run_cli("check", str(root), "--select", "SC104,SC107", "--no-cache")
    assert [line.split(" not linked")[0] for line in result.output.splitlines()[:-1]] == [
        "model/tests/test_live_server.py:8:12: SC107 requests call GET "
        "http://127.0.0.1:{live_port}/metrics",
        "model/tests/test_live_server.py:9:5: SC107 requests call GET http://ml:{live_port}/health",
        # A route of parameters alone takes any one-segment path: no sign the call is the
        # caller's own (gradio's test of a proxy in front of an app it mounts).
        "model/tests/test_live_server.py:10:5: SC107 requests call GET "
        "http://127.0.0.1:{live_port}/gradio/",
    ]
    seams = run_cli("seams", str(root), "--no-cache").output
    assert (
        "model/tests/test_live_server.py:5 -> POST /predict -> model model/app/main.py:6" in seams
    )
    assert "model/tests/test_live_server.py:7 -> GET /health -> model model/app/main.py:11" in seams


def test_a_gateway_forwarding_to_a_loopback_port_is_not_linked_to_itself(
    repo: RepoFactory,
) -> None:
    """A gateway forwarding `/api/predict` to `http://127.0.0.1:${MODEL_PORT}/api/predict`
    (the model's port set at run time) calls another server: a route whose handler calls its
    own path there would call itself forever, and where another service serves the path,
    which of them listens is not known. Both stay SC107. Before, both were linked to the
    gateway's own routes (the wrong service) and no finding was left."""
    root = repo(
        {
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
            "gateway/src/server.js": """\
                const express = require("express");
                const MODEL_PORT = process.env.MODEL_PORT;
                const app = express();

                async function classify(body) {
                  return fetch(`http://127.0.0.1:${MODEL_PORT}/api/classify`, { method: "POST", body });
                }

                app.post("/api/predict", async (req, res) => {
                  const r = await fetch(`http://127.0.0.1:${MODEL_PORT}/api/predict`, { method: "POST" });
                  res.json(await r.json());
                });
                app.post("/api/classify", async (req, res) => {
                  res.json(await (await classify(req.body)).json());
                });
                app.listen(8080);
                """,
            "model/requirements.txt": "fastapi==0.115.0\nuvicorn==0.30.0\n",
            "model/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/api/classify")
                async def classify() -> dict:
                    return {}
                """,
        }
    )
    result = run_cli("check", str(root), "--select", "SC104,SC107", "--no-cache")
    assert [line.split(" not linked")[0] for line in result.output.splitlines()[:-1]] == [
        "gateway/src/server.js:6:10: SC107 fetch call POST "
        "http://127.0.0.1:{MODEL_PORT}/api/classify",
        "gateway/src/server.js:10:19: SC107 fetch call POST "
        "http://127.0.0.1:{MODEL_PORT}/api/predict",
    ]
    assert "Seams (0)" in run_cli("seams", str(root), "--no-cache").output


def test_a_catch_all_of_another_service_leaves_a_loopback_call_to_the_callers_route(
    repo: RepoFactory,
) -> None:
    """Another service's catch-all (a Node proxy's `http.createServer`, every path) names no
    path in words: it does not make a loopback call's own route ambiguous (gradio's static
    workers' `/health` beside its Node proxy)."""
    root = repo(
        {
            "proxy/package.json": package_json("proxy", dependencies={}),
            "proxy/index.js": """\
                const http = require("http");
                const server = http.createServer((req, res) => {
                  res.end(req.url);
                });
                server.listen(3000);
                """,
            "model/requirements.txt": "fastapi==0.115.0\nuvicorn==0.30.0\nhttpx==0.27.0\n",
            "model/app/__init__.py": "",
            "model/app/main.py": """\
                import httpx
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/health")
                async def health() -> dict:
                    return {"ok": True}


                def wait_ready(port: int) -> bool:
                    return httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
                """,
        }
    )
    seams = run_cli("seams", str(root), "--no-cache").output
    assert "model/app/main.py:13 -> GET /health -> model model/app/main.py:7" in seams
