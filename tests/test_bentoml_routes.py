"""BentoML model services: each API a `@bentoml.service` class declares with `@bentoml.api`
(or BentoML 1.0's `@svc.api(...)` on a function) is served at POST `/name` or its `route=`,
and the server answers `/readyz`, `/livez`, `/healthz` and `/metrics` on its own. Before, a
BentoML service declared no route: every call to it was unsure, typos included."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, route_labels

COMPOSE = """\
services:
  edge:
    build: ./edge
    ports: ["8787:8787"]
  bento:
    build: ./bento
  legacy:
    build: ./legacy
"""


def test_bentoml_apis_are_post_routes_at_their_name_or_route(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "bento/requirements.txt": "bentoml>=1.2\n",
            "bento/service.py": """\
                import bentoml


                @bentoml.service(resources={"gpu": 1})
                class Summarization:
                    @bentoml.api
                    def summarize(self, text: str) -> str:
                        return text

                    @bentoml.api(route="/v1/batch", batchable=True)
                    def summarize_batch(self, texts: list[str]) -> list[str]:
                        return texts
                """,
            "legacy/requirements.txt": "bentoml==1.0.25\n",
            "legacy/service.py": """\
                import bentoml
                from bentoml.io import JSON

                svc = bentoml.Service("classifier")


                @svc.api(input=JSON(), output=JSON())
                def classify(payload):
                    return payload
                """,
            "edge/package.json": package_json("edge", dependencies={"hono": "^4.4.0"}),
            "edge/src/index.ts": """\
                const BENTO = 'http://bento:3000';
                export async function run() {
                  await fetch(`${BENTO}/summarize`, { method: 'POST' });
                  await fetch(`${BENTO}/v1/batch`, { method: 'POST' });
                  await fetch(`${BENTO}/readyz`);
                  await fetch(`${BENTO}/summarise`, { method: 'POST' });
                  await fetch('http://legacy:3000/classify', { method: 'POST' });
                }
                """,
        }
    )
    assert route_labels(root, "bento") == ["POST /summarize", "POST /v1/batch"]
    assert route_labels(root, "legacy") == ["POST /classify"]
    # Before: every call was SC107, "'bento' declares no route seamcheck recognises".
    assert links(root) == [
        "edge/src/index.ts:3 POST /summarize -> bento linked bento/service.py:7",
        "edge/src/index.ts:4 POST /v1/batch -> bento linked bento/service.py:10",
        "edge/src/index.ts:5 GET /readyz -> bento linked bento/service.py:1",
        "edge/src/index.ts:6 POST /summarise -> bento broken -",
        "edge/src/index.ts:7 POST /classify -> legacy linked legacy/service.py:7",
    ]


def test_an_asgi_app_bentoml_mounts_is_served_under_its_path(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "bento/requirements.txt": "bentoml>=1.2\nfastapi\n",
            "bento/service.py": """\
                import bentoml
                from fastapi import FastAPI

                extra = FastAPI()


                @extra.get("/stats")
                def stats():
                    return {}


                @bentoml.service
                @bentoml.mount_asgi_app(extra, path="/v1")
                class Summarization:
                    @bentoml.api
                    def summarize(self, text: str) -> str:
                        return text
                """,
            "legacy/requirements.txt": "bentoml\n",
            "edge/package.json": package_json("edge", dependencies={"hono": "^4.4.0"}),
            "edge/src/index.ts": """\
                export async function run() {
                  await fetch('http://bento:3000/v1/stats');
                  await fetch('http://bento:3000/stats');
                }
                """,
        }
    )
    assert links(root) == [
        "edge/src/index.ts:2 GET /v1/stats -> bento linked bento/service.py:7",
        "edge/src/index.ts:3 GET /stats -> bento broken -",
    ]
