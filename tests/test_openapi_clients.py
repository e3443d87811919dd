"""Calls made through clients generated from a FastAPI model service's OpenAPI schema: a
React (Vite) front end calls the model service with openapi-fetch, the base URL in the
front end's `.env`; both named in docker-compose.yml. Each test gives the exact links, or
the SC104/SC107 a wrong path or a base URL seamcheck cannot read gives."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links

COMPOSE = """\
services:
  model:
    build: ./model
    ports: ["8000:8000"]
  web:
    build: ./web
    ports: ["5173:5173"]
"""

MODEL = """\
    from fastapi import FastAPI
    from pydantic import BaseModel

    app = FastAPI(title="model")


    class PredictIn(BaseModel):
        features: list[float]


    @app.post("/predict")
    async def predict(body: PredictIn) -> dict:
        return {"score": sum(body.features)}


    @app.get("/items/{item_id}")
    async def read_item(item_id: int) -> dict:
        return {"id": item_id}
    """

SCHEMA = """\
    export interface paths {
      "/predict": { post: operations["predict_predict_post"] };
      "/items/{item_id}": { get: operations["read_item_items__item_id__get"] };
    }
    export type operations = Record<string, unknown>;
    """


def front_end(dependency: str, files: Mapping[str, str], env: str = "") -> dict[str, str]:
    """The model service and a Vite front end depending on `dependency`, with `files`."""
    dependencies = {"react": "^18.3.0", "vite": "^5.4.0", dependency: "^0.13.0"}
    return {
        "docker-compose.yml": COMPOSE,
        "model/requirements.txt": "fastapi\npydantic\n",
        "model/app/main.py": MODEL,
        "web/package.json": package_json("web", dependencies=dependencies),
        "web/.env": env or "VITE_ML_URL=http://localhost:8000\n",
        "web/src/api/schema.d.ts": SCHEMA,
        **files,
    }


CLIENT = """\
    import createClient from "openapi-fetch";
    import type { paths } from "./schema";

    export const client = createClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
    """

APP = """\
    import { client } from "./api/client";

    export async function predict(features: number[]) {
      const { data } = await client.POST("/predict", { body: { features } });
      return data;
    }

    export async function item(id: number) {
      const { data } = await client.GET("/items/{item_id}", {
        params: { path: { item_id: id } },
      });
      return data;
    }

    export async function explain(features: number[]) {
      return client.POST("/predcit", { body: { features } });
    }

    export async function drop(id: number) {
      return client.DELETE("/items/{item_id}", { params: { path: { item_id: id } } });
    }
    """


def seam_findings(root: Path) -> list[str]:
    return [line for line in findings(root) if line.startswith(("SC104", "SC107"))]


def test_openapi_fetch_calls_are_checked_against_the_routes_the_model_serves(
    repo: RepoFactory,
) -> None:
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": CLIENT, "web/src/App.tsx": APP})
    )
    assert links(root) == [
        "web/src/App.tsx:16 POST /predcit -> model broken -",
        "web/src/App.tsx:20 DELETE /items/{item_id} -> model broken -",
        "web/src/App.tsx:4 POST /predict -> model linked model/app/main.py:11",
        "web/src/App.tsx:9 GET /items/{item_id} -> model linked model/app/main.py:16",
    ]
    assert seam_findings(root) == [
        "SC104 web/src/App.tsx:16 POST /predcit reaches 'model', which serves no such route;"
        " did you mean POST /predict (model/app/main.py:11)?",
        "SC104 web/src/App.tsx:20 DELETE /items/{item_id} reaches 'model', which serves"
        " /items/{item_id} for GET only; did you mean GET /items/{item_id}"
        " (model/app/main.py:16)?",
    ]
    graph = json.loads(run_cli("graph", str(root), "--no-cache").output)
    requests = sorted(
        (e["source"], e["target"], e["client"]) for e in graph["edges"] if e["kind"] == "requests"
    )
    assert requests == [
        ("web/src/App.tsx::item", "route:model:GET /items/{item_id}", "openapi-fetch"),
        ("web/src/App.tsx::predict", "route:model:POST /predict", "openapi-fetch"),
    ]


def test_openapi_fetch_destructured_lower_case_and_request_calls(repo: RepoFactory) -> None:
    # openapi-fetch before 0.7 named its methods in lower case (`del` for DELETE), and its
    # README destructured them; `request(method, path)` takes the method as a string.
    client = """\
        import createFetchClient from "openapi-fetch";
        import type { paths } from "./schema";

        const baseUrl = import.meta.env.VITE_ML_URL;
        export const { get, post, del } = createFetchClient<paths>({ baseUrl });
        export const { GET } = createFetchClient<paths>({ baseUrl });
        export const api = createFetchClient<paths>({ baseUrl });
        """
    app = """\
        import { api, del, get, GET, post } from "./api/client";

        export const item = (id: number) =>
          get("/items/{item_id}", { params: { path: { item_id: id } } });
        export const itemNow = (id: number) =>
          GET("/items/{item_id}", { params: { path: { item_id: id } } });
        export const predict = () => post("/predict", { body: { features: [] } });
        export const drop = (id: number) => del("/items/{item_id}", {});
        export const scored = () => api.request("post", "/predict", { body: {} });
        export const typo = () => api.request("get", "/item/{item_id}", {});
        """
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": client, "web/src/App.tsx": app})
    )
    assert links(root) == [
        "web/src/App.tsx:10 GET /item/{item_id} -> model broken -",
        "web/src/App.tsx:4 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:6 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:7 POST /predict -> model linked model/app/main.py:11",
        "web/src/App.tsx:8 DELETE /items/{item_id} -> model broken -",
        "web/src/App.tsx:9 POST /predict -> model linked model/app/main.py:11",
    ]
    assert [line.split(" reaches")[0] for line in seam_findings(root)] == [
        "SC104 web/src/App.tsx:8 DELETE /items/{item_id}",
        "SC104 web/src/App.tsx:10 GET /item/{item_id}",
    ]


def test_openapi_fetch_base_urls_seamcheck_cannot_read_leave_calls_unsure(
    repo: RepoFactory,
) -> None:
    client = """\
        import createClient from "openapi-fetch";
        import type { paths } from "./schema";

        export const unset = createClient<paths>({ baseUrl: import.meta.env.VITE_MODEL_URL });
        export const origin = createClient<paths>({ baseUrl: window.location.origin });
        export const bare = createClient<paths>();
        export const client = createClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
        """
    app = """\
        import { bare, client, origin, unset } from "./api/client";

        export const a = () => unset.POST("/predcit", {});
        export const b = () => origin.POST("/predcit", {});
        export const c = () => bare.POST("/predcit", {});
        export const d = (baseUrl: string) => client.POST("/predcit", { baseUrl });
        """
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": client, "web/src/App.tsx": app})
    )
    assert links(root) == []
    assert seam_findings(root) == [
        "SC107 web/src/App.tsx:3 openapi-fetch call POST {VITE_MODEL_URL}/predcit not linked"
        " to a service route: URL is not known before run time: environment variable"
        " VITE_MODEL_URL is set nowhere in the repository",
        "SC107 web/src/App.tsx:4 openapi-fetch call POST {origin}/predcit not linked to a"
        " service route: URL is not known before run time: 'window.location.origin' is a"
        " parameter or not a constant",
        "SC107 web/src/App.tsx:5 openapi-fetch call POST /predcit not linked to a service"
        " route: relative URL '/predcit' from browser app 'web' and no proxy (vite"
        " server.proxy, package.json proxy, nginx location) forwards it",
        "SC107 web/src/App.tsx:6 openapi-fetch call POST {baseUrl}/predcit not linked to a"
        " service route: URL is not known before run time: 'baseUrl' is a parameter or not"
        " a constant",
    ]
