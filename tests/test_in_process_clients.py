"""Clients that hand a request to an app in this process (`seams/link.Linker._in_process`):
Starlette's and FastAPI's `TestClient(app)`, an httpx client on `transport=ASGITransport(
app=app)` (or `WSGITransport`), supertest's `request(app)`, Fastify's `app.inject()` and
Hono's `app.request()`. No network seam: each call is linked to the caller's own route for
its path, whatever host the client names (`http://testserver`); a path a letter or two from
a route is a typo (SC104); any other is unresolved saying it is in-process. Test code calling
its own app so is not read. Before, Datasette's `DatasetteClient` (httpx on ASGITransport)
read as "URL is not known before run time", TestClient, supertest, `inject` and Hono's
`request` were not read at all, and an in-process httpx call was never linked."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

_API = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/items/{item_id}")
    async def item(item_id: int) -> dict:
        return {}
    """

_WARMUP = """\
    import httpx
    from fastapi.testclient import TestClient

    from api.main import app


    def warm() -> None:
        with TestClient(app) as client:
            client.get("/items/1")
            client.get("/itemz/1")
            client.request("GET", "http://testserver/items/2")
            client.post("/reports")


    async def render(path: str) -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://local") as client:
            await client.get("/items/3")
            await client.get(path)
    """

_TEST = """\
    from fastapi.testclient import TestClient

    from api.main import app

    client = TestClient(app)


    def test_missing() -> None:
        assert client.get("/itemz/1").status_code == 404
    """


def test_a_python_app_called_in_process(repo: RepoFactory) -> None:
    root = repo(
        {
            "requirements.txt": "fastapi\nhttpx\n",
            "api/__init__.py": "",
            "api/main.py": _API,
            "api/warmup.py": _WARMUP,
            "tests/test_api.py": _TEST,
        }
    )
    assert links(root) == [
        "api/warmup.py:10 GET /itemz/1 -> repo0 broken -",
        "api/warmup.py:11 GET /items/2 -> repo0 linked api/main.py:6",
        "api/warmup.py:18 GET /items/3 -> repo0 linked api/main.py:6",
        "api/warmup.py:9 GET /items/1 -> repo0 linked api/main.py:6",
    ]
    in_process = "calls the app in this process, not a service over the network"
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        f"TestClient(app) {in_process}; no route of 'repo0' seamcheck reads takes /reports",
        f"transport=ASGITransport(app) {in_process}; its URL is not known before run time: "
        "'path' is a parameter or not a constant",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 api/warmup.py:10 GET /itemz/1 reaches 'repo0', which serves no such route; did "
        "you mean GET /items/{item_id} (api/main.py:6)?"
    ]


_SERVER = """\
    const express = require("express");
    const request = require("supertest");
    const Fastify = require("fastify");
    const { Hono } = require("hono");

    const app = express();
    app.get("/api/items", (req, res) => res.json([]));

    const fastify = Fastify();
    fastify.get("/health", async () => ({ ok: true }));

    const hono = new Hono();
    hono.get("/ping", (c) => c.text("pong"));

    async function warm() {
      await request(app).get("/api/items");
      await request(app).get("/api/itemz");
      const agent = request.agent(app);
      await agent.delete("/api/items");
      await fastify.inject({ method: "GET", url: "/health" });
      await fastify.inject().get("/metrics").end();
      await hono.request("/ping");
      await request("http://localhost:3000").get("/api/items");
    }

    module.exports = { warm };
    app.listen(3000);
    """


def test_node_apps_called_in_process(repo: RepoFactory) -> None:
    root = repo(
        {
            "package.json": package_json(
                "api",
                dependencies={"express": "^4", "fastify": "^4", "hono": "^4", "supertest": "^7"},
            ),
            "src/server.js": _SERVER,
        }
    )
    assert links(root) == [
        "src/server.js:16 GET /api/items -> api linked src/server.js:7",
        "src/server.js:17 GET /api/itemz -> api broken -",
        "src/server.js:19 DELETE /api/items -> api broken -",
        "src/server.js:20 GET /health -> api linked src/server.js:10",
        "src/server.js:22 GET /ping -> api linked src/server.js:13",
        # Given a URL, supertest sends the request over the network.
        "src/server.js:23 GET /api/items -> api linked src/server.js:7",
    ]
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "app.inject() calls the app in this process, not a service over the network; no route "
        "of 'api' seamcheck reads takes /metrics"
    ]


_BILLING_PY = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/invoice")
    async def invoice() -> dict:
        return {}
    """

_GATEWAY_PY = """\
    import httpx
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from billing.main import app as billing_app

    app = FastAPI()


    @app.get("/invoices")
    async def invoices() -> dict:
        client = TestClient(billing_app)
        client.get("/invoicez")
        transport = httpx.ASGITransport(app=billing_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as http:
            await http.get("/invoice")
        return client.get("/invoice").json()
    """


def test_an_app_of_another_service_called_in_process(repo: RepoFactory) -> None:
    """The app a client is handed may be another service's code, imported (an SC101): its
    calls land on that service's routes. Before, they were checked against the caller's own:
    `/invoice`, a letter from the gateway's `/invoices`, was a false SC104 "did you mean GET
    /invoices"."""
    root = repo(
        {
            "services/gateway/requirements.txt": "fastapi\nhttpx\n",
            "services/gateway/gw/__init__.py": "",
            "services/gateway/gw/main.py": _GATEWAY_PY,
            "services/billing/requirements.txt": "fastapi\n",
            "services/billing/billing/__init__.py": "",
            "services/billing/billing/main.py": _BILLING_PY,
        }
    )
    assert links(root) == [
        "services/gateway/gw/main.py:13 GET /invoicez -> billing broken -",
        "services/gateway/gw/main.py:16 GET /invoice -> billing linked "
        "services/billing/billing/main.py:6",
        "services/gateway/gw/main.py:17 GET /invoice -> billing linked "
        "services/billing/billing/main.py:6",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 services/gateway/gw/main.py:13 GET /invoicez reaches 'billing', which serves no "
        "such route; did you mean GET /invoice (services/billing/billing/main.py:6)?"
    ]


_WARM_JS = """\
    const request = require("supertest");
    const billing = require("../../billing/src/app");
    const app = require("./app");

    const API_URL = process.env.API_URL;

    async function warm() {
      await request(billing).get("/invoice");
      await request(app).get("/invoicez");
      await request(API_URL).get("/invoices");
    }

    module.exports = { warm };
    """


def test_node_apps_of_another_service_or_a_url_held_by_a_name(repo: RepoFactory) -> None:
    """supertest given another service's app (`require("../../billing/src/app")`) lands on
    that service's routes; given a name holding a URL (`API_URL`, from the environment) it
    sends the request over the network. Before, both were linked to the gateway's own routes:
    `/invoice` a false SC104 "did you mean GET /invoices", `request(API_URL).get("/invoices")`
    linked to the gateway's route."""
    express = {"express": "^4", "fastify": "^4", "supertest": "^7"}
    root = repo(
        {
            "gateway/package.json": package_json("gateway", dependencies=express),
            "gateway/src/app.js": (
                "const express = require('express');\nconst app = express();\n"
                "app.get('/invoices', (req, res) => res.json([]));\nmodule.exports = app;\n"
            ),
            "gateway/src/warm.js": _WARM_JS,
            "billing/package.json": package_json("billing", dependencies={"fastify": "^4"}),
            "billing/src/app.js": (
                "const Fastify = require('fastify');\nconst app = Fastify();\n"
                "app.get('/invoice', async () => ({}));\nmodule.exports = app;\n"
            ),
        }
    )
    assert links(root) == [
        "gateway/src/warm.js:8 GET /invoice -> billing linked billing/src/app.js:3",
        "gateway/src/warm.js:9 GET /invoicez -> gateway broken -",
    ]
    assert [p.split(" ", 1)[1] for p in problems(root)] == [
        "{API_URL}/invoices: URL is not known before run time: environment variable API_URL is "
        "set nowhere in the repository"
    ]


_WARM_UNFOUND = """\
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from model.main import app as model_app

    app = FastAPI()


    @app.get("/predicts")
    async def predicts() -> dict:
        return TestClient(model_app).post("/predict").json()


    def warm(given: FastAPI) -> None:
        TestClient(given).get("/predicts")
    """


def test_an_app_whose_code_is_not_found(repo: RepoFactory) -> None:
    """An app imported through an import seamcheck cannot follow, or given as a parameter,
    may be another service's: a path the caller's own routes take links, one they nearly take
    is no typo of theirs. Before, `/predict`, a letter from the gateway's `/predicts`, was a
    false SC104 "did you mean GET /predicts" (it is the model service's route)."""
    root = repo(
        {
            "gateway/requirements.txt": "fastapi\n",
            "gateway/gw/__init__.py": "",
            "gateway/gw/main.py": _WARM_UNFOUND,
            "model/requirements.txt": "fastapi\n",
            "model/__init__.py": "",
            "model/main.py": _BILLING_PY.replace("/invoice", "/predict"),
        }
    )
    assert links(root) == [
        "gateway/gw/main.py:14 GET /predicts -> gateway linked gateway/gw/main.py:8"
    ]
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "TestClient(app) calls the app in this process, not a service over the network; the "
        "app it is handed is not found in the repository's code; no route of 'gateway' "
        "seamcheck reads takes /predict"
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == []


def test_the_path_an_in_process_clients_base_url_ends_in_starts_each_path(
    repo: RepoFactory,
) -> None:
    # Prefect 3.9's server-side clients: `httpx.AsyncClient(transport=ASGITransport(app=...),
    # base_url="http://prefect-in-memory/api")`. Whatever host it names, the app is sent
    # /api/... . Before, the base URL was dropped: its calls were checked at /flows/...,
    # where no route is (unresolved, or broken for a near miss of one).
    root = repo(
        {
            "requirements.txt": "fastapi\nhttpx\n",
            "api/__init__.py": "",
            "api/main.py": """\
                from fastapi import APIRouter, FastAPI

                router = APIRouter(prefix="/api")


                @router.get("/items/{item_id}")
                async def item(item_id: int) -> dict:
                    return {}


                app = FastAPI()
                app.include_router(router)
                """,
            "api/warmup.py": """\
                import httpx
                from fastapi.testclient import TestClient

                from api.main import app


                def warm() -> None:
                    with TestClient(app, base_url="http://testserver/api") as client:
                        client.get("/items/1")


                async def render() -> None:
                    transport = httpx.ASGITransport(app=app)
                    async with httpx.AsyncClient(
                        transport=transport, base_url="http://in-memory/api/"
                    ) as client:
                        await client.get("/items/2")
                        await client.get("items/3")
                        await client.get("/itemz/4")
                """,
        }
    )
    assert links(root) == [
        "api/warmup.py:17 GET /api/items/2 -> repo0 linked api/main.py:6",
        "api/warmup.py:18 GET /api/items/3 -> repo0 linked api/main.py:6",
        "api/warmup.py:19 GET /api/itemz/4 -> repo0 broken -",
        "api/warmup.py:9 GET /api/items/1 -> repo0 linked api/main.py:6",
    ]


def test_a_name_bound_to_a_client_again_calls_on_the_one_made_last(repo: RepoFactory) -> None:
    # Two `async with httpx.AsyncClient(...) as client:` blocks in one function, the first
    # under /api, the second at the root. Before, the first client's base URL was taken for
    # every call on the name: /api/items/3 read as /api/api/items/3 (unresolved) and
    # /items/4 as /api/items/4 (linked, where the app serves no such route); so too for a
    # client over the network, where /api/api/items/3 was a false SC104.
    root = repo(
        {
            "docker-compose.yml": "services:\n  api:\n    build: ./api\n  ops:\n    build: ./ops\n",
            "api/requirements.txt": "fastapi\nhttpx\n",
            "api/main.py": """\
                from fastapi import APIRouter, FastAPI

                router = APIRouter(prefix="/api")


                @router.get("/items/{item_id}")
                async def item(item_id: int) -> dict:
                    return {}


                app = FastAPI()
                app.include_router(router)
                """,
            "api/warmup.py": """\
                import httpx

                from main import app


                async def warm() -> None:
                    transport = httpx.ASGITransport(app=app)
                    async with httpx.AsyncClient(transport=transport, base_url="http://t/api") as client:
                        await client.get("/items/1")
                    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                        await client.get("/api/items/3")
                        await client.get("/items/4")
                """,
            "ops/requirements.txt": "httpx\n",
            "ops/check.py": """\
                import httpx


                async def check() -> None:
                    async with httpx.AsyncClient(base_url="http://api:8000/api") as client:
                        await client.get("/items/1")
                    async with httpx.AsyncClient(base_url="http://api:8000") as client:
                        await client.get("/api/items/3")
                """,
        }
    )
    assert links(root) == [
        "api/warmup.py:11 GET /api/items/3 -> api linked api/main.py:6",
        "api/warmup.py:9 GET /api/items/1 -> api linked api/main.py:6",
        "ops/check.py:6 GET /api/items/1 -> api linked api/main.py:6",
        "ops/check.py:8 GET /api/items/3 -> api linked api/main.py:6",
    ]
    assert problems(root) == [
        "api/warmup.py:12 http://t/items/4: transport=ASGITransport(app) calls the app in this "
        "process, not a service over the network; no route of 'api' seamcheck reads takes "
        "/items/4"
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == []


def test_a_url_from_a_loop_over_a_parameter_is_a_parameters(repo: RepoFactory) -> None:
    """A loop over its function's parameter is bound for the route readers (`for r in
    routers:`); a client call on its variable keeps the reason it had before, and with it
    its SC107 fingerprint: a baselined finding stays baselined."""
    root = repo(
        {
            "requirements.txt": "fastapi\nrequests\n",
            "api/__init__.py": "",
            "api/main.py": _API,
            "api/probe.py": (
                "import requests\n\n\n"
                "def ping_all(endpoints):\n"
                "    for endpoint in endpoints:\n"
                "        requests.get(endpoint)\n"
            ),
        }
    )
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "URL is not known before run time: 'endpoint' is a parameter or not a constant"
    ]
