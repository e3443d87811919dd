"""Hono apps declare routes: `app.get(path, handler)` and the other verbs, `app.all`,
`app.on(methods, path, ...)`, sub-apps mounted with `app.route(prefix, subApp)` across
files, `new Hono().basePath('/api')` and routes chained on `new Hono()`. Before, a Hono
service declared no route: every call to it was unsure, and a typo went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes, seam_map

COMPOSE = """\
services:
  edge:
    build: ./edge
    ports: ["8787:8787"]
    environment:
      MODEL_URL: http://model:8000
  model:
    build: ./model
    expose: ["8000"]
    environment:
      EDGE_URL: http://edge:8787
"""

EDGE = {
    "docker-compose.yml": COMPOSE,
    "edge/package.json": package_json(
        "edge", dependencies={"hono": "^4.4.10", "@hono/node-server": "^1.12.0"}
    ),
    "edge/src/index.ts": """\
        import { serve } from "@hono/node-server";
        import { Hono } from "hono";
        import { logger } from "hono/logger";
        import { proxy } from "hono/proxy";
        import summarize from "./routes/summarize";
        import { health } from "./routes/health";

        const app = new Hono().basePath("/api");

        app.use("*", logger());
        app.route("/summarize", summarize);
        app.route("/health", health);
        app.get("/", (c) => c.text("edge"));
        app.on(["PUT", "DELETE"], "/cache/:key", (c) => c.body(null, 204));
        app.all("/echo", (c) => c.text(c.req.method));
        app.get("/files/*", (c) => c.text("a file"));
        app.get("/model/*", (c) => proxy(`${process.env.MODEL_URL}/v1/${c.req.param("rest")}`));

        serve({ fetch: app.fetch, port: 8787 });
        """,
    "edge/src/routes/health.ts": """\
        import { Hono } from "hono";

        export const health = new Hono().get("/", async (c) => {
          const ok = await fetch(`${process.env.MODEL_URL}/healthz`).then((r) => r.ok);
          return c.json({ ok });
        });
        """,
    "edge/src/routes/summarize.ts": """\
        import { Hono } from "hono";

        const summarize = new Hono();

        summarize.post("/", async (c) => {
          const res = await fetch(`${process.env.MODEL_URL}/v1/summarize`, {
            method: "POST",
            body: JSON.stringify(await c.req.json()),
          });
          return c.json(await res.json());
        });

        summarize.post("/batch/:size{[0-9]+}", (c) => c.json([]));

        export default summarize;
        """,
    "model/requirements.txt": "fastapi\nhttpx\n",
    "model/main.py": """\
        import os

        import httpx
        from fastapi import FastAPI

        app = FastAPI()
        EDGE = os.environ["EDGE_URL"]


        @app.get("/healthz")
        def healthz() -> dict:
            return {}


        @app.post("/v1/summarize")
        def summarize() -> dict:
            return {}


        def callbacks() -> None:
            httpx.get(f"{EDGE}/api/health")
            httpx.post(f"{EDGE}/api/summarize/batch/10")
            httpx.delete(f"{EDGE}/api/cache/k1")
            httpx.patch(f"{EDGE}/api/echo")
            httpx.head(f"{EDGE}/api")
            httpx.get(f"{EDGE}/api/files/logo.png")
            httpx.post(f"{EDGE}/api/summarise")
            httpx.get(f"{EDGE}/api/cache/k1")
        """,
}


def test_hono_routes_are_served_under_base_paths_and_sub_app_prefixes(
    repo: RepoFactory,
) -> None:
    root = repo(EDGE)
    assert [r for r in routes(root) if r.startswith("edge ")] == [
        "edge ANY /api/echo edge/src/index.ts:15",
        "edge DELETE /api/cache/{key} edge/src/index.ts:14",
        "edge GET /api edge/src/index.ts:13",
        "edge GET /api/health edge/src/routes/health.ts:3",
        "edge POST /api/summarize edge/src/routes/summarize.ts:5",
        "edge POST /api/summarize/batch/{size} edge/src/routes/summarize.ts:13",
        "edge PUT /api/cache/{key} edge/src/index.ts:14",
    ]


def test_calls_to_a_hono_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(EDGE)
    to_edge = [line for line in links(root) if line.startswith("model/")]
    assert to_edge == [
        "model/main.py:21 GET /api/health -> edge linked edge/src/routes/health.ts:3",
        "model/main.py:22 POST /api/summarize/batch/10 -> edge linked "
        "edge/src/routes/summarize.ts:13",
        "model/main.py:23 DELETE /api/cache/k1 -> edge linked edge/src/index.ts:14",
        "model/main.py:24 PATCH /api/echo -> edge linked edge/src/index.ts:15",
        "model/main.py:25 HEAD /api -> edge linked edge/src/index.ts:13",
        "model/main.py:26 GET /api/files/logo.png -> edge unsure -",
        "model/main.py:27 POST /api/summarise -> edge broken -",
        "model/main.py:28 GET /api/cache/k1 -> edge broken -",
    ]
    # A wildcard route is not read as paths: the call it may serve is unsure, not broken.
    found = findings(root)
    assert any(
        f.startswith("SC107 model/main.py:26") and "the pattern '/files/*'" in f for f in found
    )
    errors = [f.split(" ", 2)[1] for f in found if f.startswith("SC104")]
    assert errors == ["model/main.py:27", "model/main.py:28"]


def test_the_hono_edge_calls_the_model_service(repo: RepoFactory) -> None:
    root = repo(EDGE)
    from_edge = [line for line in links(root) if line.startswith("edge/")]
    assert from_edge == [
        # `proxy()` of hono/proxy passes the request's own method on: any route under /v1/.
        "edge/src/index.ts:17 * /v1/{value} -> model linked model/main.py:15",
        "edge/src/routes/health.ts:4 GET /healthz -> model linked model/main.py:10",
        "edge/src/routes/summarize.ts:6 POST /v1/summarize -> model linked model/main.py:15",
    ]


def test_a_sub_app_seamcheck_cannot_find_makes_calls_under_its_prefix_unsure(
    repo: RepoFactory,
) -> None:
    files = dict(EDGE)
    files["edge/src/index.ts"] = """\
        import { Hono } from "hono";
        import { makeAdmin } from "./admin";

        const app = new Hono();
        app.route("/api/admin", makeAdmin());
        app.route("/api/summarize", (globalThis as any).summarize);
        export default app;
        """
    files["edge/src/admin.ts"] = "export const makeAdmin = (): any => undefined;\n"
    root = repo(files)
    found = findings(root)
    # Under the sub-apps it cannot read, calls are unsure; the others it no longer serves.
    assert any(f.startswith("SC107 model/main.py:22") for f in found)
    errors = [f.split(" ", 2)[1] for f in found if f.startswith("SC104")]
    assert "model/main.py:22" not in errors and "model/main.py:21" in errors
    unread = {(u.head, u.what) for u in seam_map(root).unread}
    assert unread == {
        ("/api/admin", "what the app serves"),
        ("/api/summarize", "what globalThis.summarize serves"),
    }
