"""URLs made by a first-party helper that returns them (`fetch(apiUrl("items"))`, `httpx.post(
url("predict"))`): the helper's one `return` is read with what each call gives its
parameters. Before, each such call was SC107 "computed at run time": no link, no SC104."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

ML_SERVICE = {
    "ml/requirements.txt": "fastapi\nuvicorn\n",
    "ml/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/api/predict")
        async def predict(body: dict) -> dict:
            return {}


        @app.get("/api/items/{item_id}")
        async def item(item_id: str) -> dict:
            return {}


        @app.get("/api/items")
        async def items() -> list:
            return []
    """,
}

COMPOSE = """
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      MODEL_URL: http://ml:8000
  ml:
    build: ./ml
    expose: ["8000"]
"""


def _gateway(repo: RepoFactory, files: dict[str, str]) -> Path:
    return repo(
        {
            "docker-compose.yml": COMPOSE,
            **ML_SERVICE,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            **files,
        }
    )


def test_a_gateways_url_helper_is_read_with_each_calls_argument(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';

                function apiUrl(p: string): string {
                  return `${API}/api/${p}`;
                }
                const itemUrl = (id: string) => `${API}/api/items/${id}`;

                export const predict = (x: unknown) =>
                  fetch(apiUrl('predict'), { method: 'POST', body: JSON.stringify(x) });
                export const typo = (x: unknown) =>
                  fetch(apiUrl('predcit'), { method: 'POST', body: JSON.stringify(x) });
                export const item = (id: string) => fetch(itemUrl(id));
            """,
        },
    )

    assert links(root) == [
        "gateway/src/ml.ts:11 POST /api/predcit -> ml broken -",
        "gateway/src/ml.ts:12 GET /api/items/{id} -> ml linked ml/app/main.py:11",
        "gateway/src/ml.ts:9 POST /api/predict -> ml linked ml/app/main.py:6",
    ]
    assert findings(root) == [
        "SC104 gateway/src/ml.ts:11 POST /api/predcit reaches 'ml', which serves no such"
        " route; did you mean POST /api/predict (ml/app/main.py:6)?",
        "  ml/app/main.py:6 ml serves POST /api/predict",
    ]


def test_a_helper_imported_from_another_module_and_one_calling_it(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        {
            "gateway/src/urls.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';

                export function apiUrl(p: string): string {
                  const base = API.replace(/\\/+$/, '');
                  return `${base}/api/${p}`;
                }

                export function itemUrl(id: string): string {
                  return apiUrl(`items/${id}`);
                }
            """,
            "gateway/src/ml.ts": """
                import axios from 'axios';
                import { apiUrl, itemUrl } from './urls';

                export async function predict(x: unknown) {
                  const url = apiUrl('predict');
                  return axios.post(url, x);
                }
                export const item = (id: string) => axios.get(itemUrl(id));
            """,
        },
    )

    assert links(root) == [
        "gateway/src/ml.ts:6 POST /api/predict -> ml linked ml/app/main.py:6",
        "gateway/src/ml.ts:8 GET /api/items/{id} -> ml linked ml/app/main.py:11",
    ]


def test_a_react_front_ends_endpoint_helper_through_a_vite_proxy(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  web:
                    build: ./web
                    ports: ["5173:5173"]
                  gateway:
                    build: ./gateway
                    ports: ["3000:3000"]
            """,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/server.js": """
                const express = require('express');
                const app = express();
                app.get('/api/users/:id', (req, res) => res.json({}));
                app.listen(3000);
            """,
            "web/package.json": package_json(
                "web", dependencies={"react": "^18", "axios": "^1"}, devDependencies={"vite": "^5"}
            ),
            "web/vite.config.ts": """
                import { defineConfig } from 'vite';
                export default defineConfig({ server: { proxy: { '/api': 'http://localhost:3000' } } });
            """,
            "web/src/api.ts": """
                import axios from 'axios';

                const endpoint = (path: string) => `/api${path}`;

                export const user = (id: string) => axios.get(endpoint('/users/' + id));
                export const users = () => axios.get(endpoint('/userz'));
            """,
        }
    )

    assert links(root) == [
        "web/src/api.ts:5 GET /api/users/{id} -> gateway linked gateway/server.js:3"
        " via vite proxy /api",
        "web/src/api.ts:6 GET /api/userz -> gateway broken - via vite proxy /api",
    ]


def test_a_python_services_url_helper(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  worker:
                    build: ./worker
                    environment:
                      MODEL_URL: http://ml:8000
                  ml:
                    build: ./ml
                    expose: ["8000"]
            """,
            **ML_SERVICE,
            "worker/requirements.txt": "httpx\npydantic-settings\n",
            "worker/app/settings.py": """
                from pydantic_settings import BaseSettings


                class Settings(BaseSettings):
                    MODEL_URL: str = "http://localhost:8000"


                settings = Settings()
            """,
            "worker/app/jobs.py": """
                import httpx

                from app.settings import settings


                def url(path: str) -> str:
                    return f"{settings.MODEL_URL}/api/{path}"


                def run(x: dict) -> None:
                    httpx.post(url("predict"), json=x)
                    httpx.post(url(path="predikt"), json=x)
            """,
        }
    )

    assert links(root) == [
        "worker/app/jobs.py:11 POST /api/predict -> ml linked ml/app/main.py:6",
        "worker/app/jobs.py:12 POST /api/predikt -> ml broken -",
    ]
    assert findings(root) == [
        "SC104 worker/app/jobs.py:12 POST /api/predikt reaches 'ml', which serves no such"
        " route; did you mean POST /api/predict (ml/app/main.py:6)?",
        "  ml/app/main.py:6 ml serves POST /api/predict",
    ]


def test_a_helper_that_may_return_another_url_leaves_the_call_unsure(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';

                function apiUrl(p: string): string {
                  if (p.startsWith('http')) return p;
                  return `${API}/api/${p}`;
                }
                function v2Url(p: string): string {
                  if (p.startsWith('/')) {
                    return `${API}/v2${p}`;
                  }
                }
                function trimmedUrl(p: string): string {
                  if (p.endsWith('/')) p = p.slice(0, -1);
                  return `${API}/${p}`;
                }

                export const a = () => fetch(apiUrl('predcit'));
                export const b = () => fetch(v2Url('/predcit'));
                export const c = () => fetch(trimmedUrl('predcit'));
            """,
        },
    )

    # Several returns, a return in a branch: not read. A parameter assigned again is a
    # segment not known (matched as a route's parameter would be: FastAPI's `/docs`).
    assert problems(root) == [
        "gateway/src/ml.ts:17 {value}: URL is not known before run time: computed at run time",
        "gateway/src/ml.ts:18 {value}: URL is not known before run time: computed at run time",
    ]
    assert links(root) == ["gateway/src/ml.ts:19 GET /{p} -> ml linked ml/app/main.py:3"]
    assert not any(f.startswith("SC104") for f in findings(root))


def test_an_argument_not_known_is_an_unknown_part_never_a_guess(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';
                const apiUrl = (p: string) => `${API}/api/${p}`;
                const loop = (p: string): string => loop(p);

                export const any = (req: { query: { op: string } }) =>
                  fetch(apiUrl(req.query.op.toLowerCase()), { method: 'POST' });
                export const endless = () => fetch(loop('predict'));
            """,
        },
    )

    # What the request's query gives is a segment not known (matched as a route's
    # parameter would be), not a path read.
    assert links(root) == ["gateway/src/ml.ts:6 POST /api/{value} -> ml linked ml/app/main.py:6"]
    assert problems(root) == [
        "gateway/src/ml.ts:7 {value}: URL is not known before run time: computed at run time",
    ]


def test_a_conditional_choosing_a_path_or_a_query_helper(repo: RepoFactory) -> None:
    """The shape of jupyter-scheduler's `handler.ts`: `query` is `/${id}` or what a method
    making a query string returns."""
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';

                export class Items {
                  private queryString(filter?: string): string {
                    return '?' + (filter || '');
                  }

                  async list(id?: string, filter?: string) {
                    const query = id ? `/${id}` : this.queryString(filter);
                    return fetch(`${API}/api/items${query}`);
                  }
                }
            """,
        },
    )

    assert links(root) == [
        "gateway/src/ml.ts:10 GET /api/items -> ml linked ml/app/main.py:16",
        "gateway/src/ml.ts:10 GET /api/items/{id} -> ml linked ml/app/main.py:11",
    ]


def test_a_wrapper_handing_its_parameter_to_the_helper(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';
                const apiUrl = (p: string) => `${API}/api/${p}`;

                async function post(p: string, body: unknown) {
                  return fetch(apiUrl(p), { method: 'POST', body: JSON.stringify(body) });
                }

                export const predict = (x: unknown) => post('predict', x);
                export const typo = (x: unknown) => post('predcit', x);
            """,
        },
    )

    assert links(root) == [
        "gateway/src/ml.ts:8 POST /api/predict -> ml linked ml/app/main.py:6",
        "gateway/src/ml.ts:9 POST /api/predcit -> ml broken -",
    ]


def test_a_config_entry_and_a_client_methods_own_helper(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                import axios from 'axios';
                const API = process.env.MODEL_URL || 'http://localhost:8000';
                const apiUrl = (p: string) => `${API}/api/${p}`;

                export const predict = (x: unknown) =>
                  axios({ url: apiUrl('predict'), method: 'post', data: x });
            """,
        },
    )
    python = repo(
        {
            "docker-compose.yml": COMPOSE.replace("gateway", "worker"),
            **ML_SERVICE,
            "worker/requirements.txt": "httpx\n",
            "worker/client.py": """
                import os

                import httpx


                class ModelClient:
                    def __init__(self) -> None:
                        self.base = os.environ["MODEL_URL"]

                    def _url(self, path: str) -> str:
                        return f"{self.base}/api/{path}"

                    def predict(self, x: dict) -> dict:
                        return httpx.post(self._url("predict"), json=x).json()

                    def typo(self, x: dict) -> dict:
                        return httpx.post(self._url("predcit"), json=x).json()
            """,
        }
    )

    assert links(root) == ["gateway/src/ml.ts:6 POST /api/predict -> ml linked ml/app/main.py:6"]
    assert links(python) == [
        "worker/client.py:14 POST /api/predict -> ml linked ml/app/main.py:6",
        "worker/client.py:17 POST /api/predcit -> ml broken -",
    ]


def test_a_helper_name_assigned_another_function_at_run_time_is_not_read(
    repo: RepoFactory,
) -> None:
    """`let resolveUrl = ...` that `setUrlResolver(fn)` replaces, Python's `global url;
    url = fn`: the call may reach another function. Before, the first one was read, and a
    call the replacement serves was an SC104."""
    root = _gateway(
        repo,
        {
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';

                let resolveUrl = (p: string): string => `${API}/v1/${p}`;

                export function setUrlResolver(fn: (p: string) => string): void {
                  resolveUrl = fn;
                }

                export const predict = () => fetch(resolveUrl('predict'), { method: 'POST' });
            """,
            "gateway/src/main.ts": """
                import { setUrlResolver } from './ml';

                setUrlResolver((p) => `${process.env.MODEL_URL}/api/${p}`);
            """,
        },
    )
    python = repo(
        {
            "docker-compose.yml": COMPOSE.replace("gateway", "worker"),
            **ML_SERVICE,
            "worker/requirements.txt": "httpx\n",
            "worker/client.py": """
                import os
                from collections.abc import Callable

                import httpx

                API = os.environ["MODEL_URL"]


                def url(path: str) -> str:
                    return f"{API}/v1/{path}"


                def use_url_maker(maker: Callable[[str], str]) -> None:
                    global url
                    url = maker


                def predict(x: dict) -> dict:
                    return httpx.post(url("predict"), json=x).json()
            """,
        }
    )

    assert links(root) == []
    assert problems(root) == [
        "gateway/src/ml.ts:9 {value}: URL is not known before run time: computed at run time",
    ]
    assert links(python) == []
    assert not any(f.startswith("SC104") for f in findings(root) + findings(python))


def test_a_parameter_the_helper_increments_is_not_the_callers_argument(
    repo: RepoFactory,
) -> None:
    """`v++` in the helper: the URL holds the next version, not the one the call gives.
    Before, the argument was read as is (`/api/v1/predict`, an SC104 on a call the
    service serves)."""
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "ml/requirements.txt": "fastapi\n",
            "ml/app/main.py": """
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/api/v2/predict")
                async def predict(body: dict) -> dict:
                    return {}
            """,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/src/ml.ts": """
                const API = process.env.MODEL_URL || 'http://localhost:8000';
                const CURRENT = 1;

                function nextVersionUrl(v: number, p: string): string {
                  v++;
                  return `${API}/api/v${v}/${p}`;
                }

                export const predict = () => fetch(nextVersionUrl(CURRENT, 'predict'), { method: 'POST' });
            """,
        }
    )

    assert links(root) == [
        "gateway/src/ml.ts:9 POST /api/{param}/predict -> ml linked ml/app/main.py:6"
    ]
    assert not any(f.startswith("SC104") for f in findings(root))
