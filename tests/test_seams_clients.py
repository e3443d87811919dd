"""Client calls in both languages, URL reconstruction, host -> service mapping, linking."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems, seam_map

COMPOSE = """
services:
  cart:
    build: ./cart
    expose: ["3001"]
  orders:
    build: ./orders
    environment:
      CART_URL: http://cart:3001
  jobs:
    build: ./jobs
    environment:
      CART_HOST: cart
"""

CART = {
    "cart/package.json": package_json("cart", dependencies={"express": "^4"}),
    "cart/index.js": """
        const express = require('express');
        const app = express();
        app.get('/carts/:id', (req, res) => res.json({}));
        app.post('/carts/:id/items', (req, res) => res.json({}));
        app.delete('/carts/:id', (req, res) => res.end());
        app.listen(3001);
    """,
}


def test_js_clients_fetch_axios_got_superagent_undici(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            **CART,
            "orders/package.json": package_json(
                "orders",
                dependencies={
                    "axios": "1",
                    "got": "14",
                    "superagent": "9",
                    "node-fetch": "3",
                    "undici": "6",
                },
            ),
            "orders/src/clients.ts": """
                import axios from 'axios';
                import got from 'got';
                import request from 'superagent';
                import nodeFetch from 'node-fetch';
                import { request as undiciRequest } from 'undici';

                const CART_URL = process.env.CART_URL || 'http://localhost:3001';
                const cart = axios.create({ baseURL: `${CART_URL}/carts` });

                export async function run(id: string, sku: string) {
                  await fetch(`${CART_URL}/carts/${id}?expand=items`);
                  await nodeFetch(CART_URL + '/carts/' + id, { method: 'DELETE' });
                  await axios({ url: `${CART_URL}/carts/${id}/items`, method: 'post', data: { sku } });
                  await cart.get(`/${id}`);
                  await got.post(`${CART_URL}/carts/${id}/items`, { json: { sku } });
                  await request.del(`${CART_URL}/carts/${id}`);
                  await undiciRequest(`${CART_URL}/carts/${id}`, { method: 'GET' });
                }
            """,
        }
    )
    assert links(root) == [
        "orders/src/clients.ts:11 GET /carts/{id} -> cart linked cart/index.js:3",
        "orders/src/clients.ts:12 DELETE /carts/{id} -> cart linked cart/index.js:5",
        "orders/src/clients.ts:13 POST /carts/{id}/items -> cart linked cart/index.js:4",
        "orders/src/clients.ts:14 GET /carts/{id} -> cart linked cart/index.js:3",
        "orders/src/clients.ts:15 POST /carts/{id}/items -> cart linked cart/index.js:4",
        "orders/src/clients.ts:16 DELETE /carts/{id} -> cart linked cart/index.js:5",
        "orders/src/clients.ts:17 GET /carts/{id} -> cart linked cart/index.js:3",
    ]


def test_python_clients_requests_httpx_aiohttp_urllib(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            **CART,
            "jobs/requirements.txt": "requests\nhttpx\naiohttp\n",
            "jobs/jobs.py": """
                import os
                import urllib.request

                import aiohttp
                import httpx
                import requests

                CART = os.environ.get("CART_HOST", "localhost")
                BASE = f"http://{CART}:3001"

                class CartClient:
                    def __init__(self):
                        self.http = httpx.Client(base_url=BASE)

                    def items(self, cart_id, sku):
                        return self.http.post(f"/carts/{cart_id}/items", json={"sku": sku})

                def expire(cart_id):
                    requests.delete("http://%s:3001/carts/%s" % (CART, cart_id), timeout=5)
                    session = requests.Session()
                    session.request("GET", BASE + "/carts/" + str(cart_id))

                async def fetch_cart(cart_id):
                    async with httpx.AsyncClient() as client:
                        await client.get("{}/carts/{}".format(BASE, cart_id))
                    async with aiohttp.ClientSession() as session:
                        async with session.delete(f"{BASE}/carts/{cart_id}") as resp:
                            return await resp.json()

                def legacy(cart_id):
                    req = urllib.request.Request(f"{BASE}/carts/{cart_id}", method="DELETE")
                    return urllib.request.urlopen(req)
            """,
        }
    )
    assert links(root) == [
        "jobs/jobs.py:16 POST /carts/{cart_id}/items -> cart linked cart/index.js:4",
        "jobs/jobs.py:19 DELETE /carts/{cart_id} -> cart linked cart/index.js:5",
        "jobs/jobs.py:21 GET /carts/{cart_id} -> cart linked cart/index.js:3",
        "jobs/jobs.py:25 GET /carts/{cart_id} -> cart linked cart/index.js:3",
        "jobs/jobs.py:27 DELETE /carts/{cart_id} -> cart linked cart/index.js:5",
        "jobs/jobs.py:31 DELETE /carts/{cart_id} -> cart linked cart/index.js:5",
    ]


def test_broken_seam_wrong_method_and_wrong_path_with_suggestions(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            **CART,
            "jobs/requirements.txt": "requests\n",
            "jobs/jobs.py": """
                import requests

                def sync(cart_id):
                    requests.put(f"http://cart:3001/carts/{cart_id}")
                    requests.get(f"http://cart:3001/cart/{cart_id}")
            """,
        }
    )
    assert links(root) == [
        "jobs/jobs.py:4 PUT /carts/{cart_id} -> cart broken -",
        "jobs/jobs.py:5 GET /cart/{cart_id} -> cart broken -",
    ]
    broken = {c.where.line: link for c, link in seam_map(root).broken()}
    assert [r.label for r in broken[4].suggestions] == [
        "DELETE /carts/{id}",
        "GET /carts/{id}",
        "POST /carts/{id}/items",
    ]
    assert broken[5].suggestions[0].label == "GET /carts/{id}"


def test_unresolved_calls_say_why(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE + "  redis:\n    image: redis:7\n",
            **CART,
            "jobs/requirements.txt": "requests\n",
            "jobs/jobs.py": """
                import os
                import requests

                def run(url, host):
                    requests.get(url)
                    requests.get(f"http://{host}:3001/carts/1")
                    requests.get(os.environ["PAYMENTS_URL"] + "/charge")
                    requests.get("http://inventory:8000/stock")
                    requests.get("http://redis:6379/")
                    requests.get("https://api.stripe.com/v1/charges")
                    requests.get("/carts/1")
            """,
        }
    )
    assert problems(root) == [
        "jobs/jobs.py:10 https://api.stripe.com/v1/charges: 'api.stripe.com' is outside this "
        "repository",
        "jobs/jobs.py:11 /carts/1: relative URL '/carts/1' with no base URL",
        "jobs/jobs.py:5 {url}: URL is not known before run time: 'url' is a parameter or "
        "not a constant",
        "jobs/jobs.py:6 http://{host}:3001/carts/1: host is not known before run time: "
        "'host' is a parameter or not a constant",
        "jobs/jobs.py:7 {PAYMENTS_URL}/charge: URL is not known before run time: environment "
        "variable PAYMENTS_URL is set nowhere in the repository",
        "jobs/jobs.py:8 http://inventory:8000/stock: host 'inventory' names no service "
        "(compose service, hostname, alias, Kubernetes service, folder, or [services.NAME] "
        "hosts)",
        "jobs/jobs.py:9 http://redis:6379/: host 'redis' is the compose service 'redis', "
        "which has no source here",
    ]
    external = [c.where.line for c in seam_map(root).calls if c.external]
    assert external == [10]


def test_env_file_config_hosts_annotation_and_localhost_port(repo: RepoFactory) -> None:
    root = repo(
        {
            "seamcheck.toml": '[services.cart]\nhosts = ["carts.internal.example.com"]\n',
            **CART,
            "jobs/requirements.txt": "requests\n",
            "jobs/.env": "CART_URL=http://localhost:3001\n",
            "jobs/jobs.py": """
                import os
                import requests

                def run(base):
                    requests.get(os.getenv("CART_URL") + "/carts/1")
                    requests.get("https://carts.internal.example.com/carts/2")
                    # seamcheck: calls cart
                    requests.post(f"{base}/carts/3/items")
                    requests.delete("http://cart.shop.svc.cluster.local:3001/carts/4")
            """,
        }
    )
    assert links(root) == [
        "jobs/jobs.py:5 GET /carts/1 -> cart linked cart/index.js:3",
        "jobs/jobs.py:6 GET /carts/2 -> cart linked cart/index.js:3",
        "jobs/jobs.py:8 POST /carts/3/items -> cart linked cart/index.js:4",
        "jobs/jobs.py:9 DELETE /carts/4 -> cart linked cart/index.js:5",
    ]


def test_an_annotation_naming_no_service_says_so(repo: RepoFactory) -> None:
    """A misspelt `seamcheck: calls` name: before, "'carts' declares no route seamcheck
    recognises" sent the user to a service that does not exist."""
    root = repo(
        {
            **CART,
            "jobs/requirements.txt": "requests\n",
            "jobs/jobs.py": """
                import requests

                def run(base):
                    # seamcheck: calls carts
                    requests.post(f"{base}/carts/3/items")
            """,
        }
    )
    assert findings(root) == [
        "SC107 jobs/jobs.py:5 requests call POST {base}/carts/3/items not linked to a service "
        "route: `seamcheck: calls carts` names no service (services: cart, jobs)"
    ]


def test_annotated_call_whose_base_is_several_unknown_values_is_broken_only_when_sure(
    repo: RepoFactory,
) -> None:
    """A `seamcheck: calls` comment on a URL that starts with more than one unknown value:
    a port or `://` after them shows an origin; otherwise the later ones may hold a path
    prefix, and with nothing after them the path is not known at all. Only a path no route
    could take, whatever came before it, is broken."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  gateway:
                    build: ./gateway
                    ports: ["3000:3000"]
                  model:
                    build: ./model
                    expose: ["8000"]
            """,
            "model/requirements.txt": "fastapi\nuvicorn\n",
            "model/app/main.py": """
                from fastapi import APIRouter, FastAPI

                app = FastAPI()
                router = APIRouter(prefix="/v1")


                @router.post("/predict")
                async def predict(payload: dict) -> dict:
                    return {"score": 0.5}


                @app.get("/health")
                async def health() -> dict:
                    return {"ok": True}


                app.include_router(router)
            """,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/src/model.ts": """
                const host = process.env.MODEL_HOST;
                const prefix = process.env.MODEL_PREFIX;
                const port = process.env.MODEL_PORT;

                export async function predict(body: unknown) {
                  // seamcheck: calls model
                  return fetch(`${host}${prefix}/predict`, { method: 'POST', body: JSON.stringify(body) });
                }
                export async function missing() {
                  // seamcheck: calls model
                  return fetch(`${host}${prefix}/nowhere`, { method: 'POST' });
                }
                export async function health() {
                  // seamcheck: calls model
                  return fetch(`${host}:${port}/health`);
                }
                export async function anything(path: string) {
                  // seamcheck: calls model
                  return fetch(`${host}${path}`, { method: 'DELETE' });
                }
                export async function secure(scheme: string) {
                  // seamcheck: calls model
                  return fetch(`${scheme}://${host}:8000/v1/predict`, { method: 'POST' });
                }
                export async function glued() {
                  // seamcheck: calls model
                  return fetch(`${process.env.MODEL_URL}predict`, { method: 'POST' });
                }
            """,
        }
    )
    assert links(root) == [
        "gateway/src/model.ts:11 POST /nowhere -> model broken -",
        "gateway/src/model.ts:15 GET /health -> model linked model/app/main.py:12",
        "gateway/src/model.ts:19 DELETE /{path} -> model unsure -",
        "gateway/src/model.ts:23 POST /v1/predict -> model linked model/app/main.py:7",
        "gateway/src/model.ts:27 POST /predict -> model unsure -",
        "gateway/src/model.ts:7 POST /predict -> model unsure -",
    ]
    unsure = {
        c.where.line: link.doubt for c in seam_map(root).calls for link in c.links if link.doubt
    }
    assert unsure == {
        7: "the path may start with '{MODEL_PREFIX}', which is not known before run time: "
        "environment variable MODEL_PREFIX is set nowhere in the repository",
        19: "the path is not known before run time: 'path' is a parameter or not a constant",
        27: "where the path starts is not known before run time: environment variable "
        "MODEL_URL is set nowhere in the repository",
    }
    assert findings(root) == [
        "SC107 gateway/src/model.ts:7 fetch call POST {MODEL_HOST}{MODEL_PREFIX}/predict not "
        "linked to a service route: the path may start with '{MODEL_PREFIX}', which is not "
        "known before run time: environment variable MODEL_PREFIX is set nowhere in the "
        "repository",
        "SC104 gateway/src/model.ts:11 POST /nowhere reaches 'model', which serves no such route",
        "SC107 gateway/src/model.ts:19 fetch call DELETE {MODEL_HOST}{path} not linked to a "
        "service route: the path is not known before run time: 'path' is a parameter or not "
        "a constant",
        "SC107 gateway/src/model.ts:27 fetch call POST {MODEL_URL}predict not linked to a "
        "service route: where the path starts is not known before run time: environment "
        "variable MODEL_URL is set nowhere in the repository",
    ]


def test_browser_front_end_through_vite_rewrite_and_package_json_proxy(repo: RepoFactory) -> None:
    root = repo(
        {
            **CART,
            "web/package.json": package_json(
                "web", dependencies={"react": "18"}, proxy="http://localhost:3001"
            ),
            "web/vite.config.ts": """
                import { defineConfig } from 'vite';

                export default defineConfig({
                  server: {
                    proxy: {
                      '/backend': {
                        target: 'http://localhost:3001',
                        rewrite: (path) => path.replace(/^\\/backend/, ''),
                      },
                    },
                  },
                });
            """,
            "web/src/cart.ts": """
                export async function load(id: string) {
                  return fetch(`/backend/carts/${id}`);
                }
                export async function add(id: string) {
                  return fetch(`/carts/${id}/items`, { method: 'POST' });
                }
            """,
        }
    )
    assert links(root) == [
        "web/src/cart.ts:2 GET /backend/carts/{id} -> cart broken - via package.json proxy",
        "web/src/cart.ts:2 GET /carts/{id} -> cart linked cart/index.js:3 via vite proxy /backend",
        "web/src/cart.ts:5 POST /carts/{id}/items -> cart linked cart/index.js:4 "
        "via package.json proxy",
    ]


def test_vite_config_given_by_a_function_a_name_or_exported_as_it_is(repo: RepoFactory) -> None:
    cart_call = "export const load = (id: string) => fetch(`/backend/carts/${id}`);\n"
    function_form = """
        import { defineConfig, loadEnv } from 'vite';

        const CART = 'http://localhost:3001';

        export default defineConfig(({ mode }) => ({
          envDir: loadEnv(mode, process.cwd()).DIR,
          server: {
            proxy: {
              '/backend': { target: CART, rewrite: (p) => p.replace(/^\\/backend/, '') },
            },
          },
        }));
    """
    named_form = """
        import { defineConfig } from 'vite';

        const config = {
          server: { proxy: { '/backend': { target: 'http://localhost:3001',
            rewrite: (p) => p.replace(/^\\/backend/, '') } } },
        };

        export default defineConfig(config);
    """
    plain_form = """
        export default {
          server: { proxy: { '/backend': { target: 'http://localhost:3001',
            rewrite: (p) => p.replace(/^\\/backend/, '') } } },
        };
    """
    # Before: only an object written inside `defineConfig(...)` was read, and each call was
    # SC107 "no proxy forwards it".
    for config in (function_form, named_form, plain_form):
        files = {
            **CART,
            "web/package.json": package_json("web", dependencies={"react": "18", "vite": "5"}),
            "web/vite.config.ts": config,
            "web/src/cart.ts": cart_call,
        }
        assert [line.split(" via ")[0] for line in links(repo(files))] == [
            "web/src/cart.ts:1 GET /carts/{id} -> cart linked cart/index.js:3"
        ]


def test_dapr_invocation_between_node_and_python(repo: RepoFactory) -> None:
    root = repo(
        {
            "deploy/orders.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: order-processor
                spec:
                  template:
                    metadata:
                      annotations:
                        dapr.io/enabled: "true"
                        dapr.io/app-id: "order-processor"
                    spec:
                      containers:
                        - name: orders
                          image: acme/orders:1.2
            """,
            "orders/requirements.txt": "fastapi\n",
            "orders/app.py": """
                from fastapi import FastAPI

                app = FastAPI()

                @app.post("/orders")
                async def create_order(order: dict): ...
            """,
            "checkout/package.json": package_json(
                "checkout", scripts={"dev": "dapr run --app-id checkout -- node app.js"}
            ),
            "checkout/app.js": """
                const DAPR = `http://localhost:${process.env.DAPR_HTTP_PORT || 3500}`;

                async function submit(order) {
                  await fetch(`${DAPR}/v1.0/invoke/order-processor/method/orders`, {
                    method: 'POST',
                    body: JSON.stringify(order),
                  });
                  await fetch('http://localhost:3500/orders', {
                    method: 'POST',
                    headers: { 'dapr-app-id': 'order-processor' },
                  });
                }
            """,
        }
    )
    assert links(root) == [
        "checkout/app.js:4 POST /orders -> orders linked orders/app.py:5",
        "checkout/app.js:8 POST /orders -> orders linked orders/app.py:5",
    ]


def test_grpc_typescript_client_calls_python_servicer(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": "services:\n  recs:\n    build: ./recs\n",
            "protos/recs.proto": """
                syntax = "proto3";
                package shop.recs;
                service Recommender {
                  rpc Recommend (RecommendRequest) returns (RecommendReply);
                }
            """,
            "recs/requirements.txt": "grpcio\n",
            "recs/server.py": """
                import recs_pb2_grpc

                class Recommender(recs_pb2_grpc.RecommenderServicer):
                    def Recommend(self, request, context): ...
            """,
            "gateway/package.json": package_json("gateway", dependencies={"@grpc/grpc-js": "1"}),
            "gateway/src/recs.ts": """
                import * as grpc from '@grpc/grpc-js';
                import { RecommenderClient } from './gen/recs_grpc_pb';

                const client = new RecommenderClient('recs:50051', grpc.credentials.createInsecure());

                export function recommend(userId: string) {
                  return client.recommend({ userId }, () => {});
                }
            """,
            "worker/requirements.txt": "grpcio\n",
            "worker/worker.py": """
                import grpc
                import recs_pb2_grpc

                def run():
                    with grpc.insecure_channel("recs:50051") as channel:
                        stub = recs_pb2_grpc.RecommenderStub(channel)
                        stub.Recommend(None)
                        stub.Forget(None)
            """,
        }
    )
    assert links(root) == [
        "gateway/src/recs.ts:7 GRPC /shop.recs.Recommender/Recommend -> recs linked recs/server.py:4",
        "worker/worker.py:7 GRPC /shop.recs.Recommender/Recommend -> recs linked recs/server.py:4",
    ]


def test_kubernetes_env_services_shared_ports_and_inherited_servicers(repo: RepoFactory) -> None:
    root = repo(
        {
            "protos/shop.proto": """
                syntax = "proto3";
                package shop;
                service Catalog { rpc ListProducts (Empty) returns (Products); }
                service Recommender { rpc Recommend (Request) returns (Reply); }
                service Mailer { rpc SendReceipt (Receipt) returns (Empty); }
            """,
            "deploy/recommender.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: recommender
                spec:
                  template:
                    spec:
                      containers:
                        - name: server
                          image: gcr.io/acme/recommender:v3
                          env:
                            - name: CATALOG_ADDR
                              value: "catalog:3550"
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: recommendations
                spec:
                  ports: [{port: 8080}]
            """,
            "deploy/catalog.yaml": """
                apiVersion: v1
                kind: Service
                metadata:
                  name: catalog
            """,
            "recommender/requirements.txt": "grpcio\n",
            "recommender/server.py": """
                import os
                import grpc
                import shop_pb2_grpc

                class Recommender(shop_pb2_grpc.RecommenderServicer):
                    def Recommend(self, request, context):
                        return catalog.ListProducts(None)

                if __name__ == "__main__":
                    channel = grpc.insecure_channel(os.environ.get("CATALOG_ADDR", ""))
                    catalog = shop_pb2_grpc.CatalogStub(channel)
                    server = grpc.server(None)
                    server.add_insecure_port("[::]:" + os.environ.get("PORT", "8080"))
            """,
            "recommender/client.py": """
                import grpc
                import shop_pb2_grpc

                stub = shop_pb2_grpc.RecommenderStub(grpc.insecure_channel("localhost:8080"))
                stub.Recommend(None)
            """,
            "mailer/requirements.txt": "grpcio\n",
            "mailer/server.py": """
                import grpc
                import shop_pb2_grpc

                class BaseMailer(shop_pb2_grpc.MailerServicer):
                    def Check(self, request, context): ...

                class Mailer(BaseMailer):
                    def SendReceipt(self, request, context): ...

                def serve():
                    server = grpc.server(None)
                    server.add_insecure_port("[::]:8080")
            """,
            "mailer/client.py": """
                import grpc
                import shop_pb2_grpc

                def send():
                    channel = grpc.insecure_channel("0.0.0.0:8080")
                    shop_pb2_grpc.MailerStub(channel).SendReceipt(None)
            """,
            "gateway/requirements.txt": "grpcio\n",
            "gateway/app.py": """
                import grpc
                import shop_pb2_grpc

                def recommend():
                    channel = grpc.insecure_channel("recommendations.prod.svc.cluster.local:8080")
                    shop_pb2_grpc.RecommenderStub(channel).Recommend(None)
                    shop_pb2_grpc.MailerStub(grpc.insecure_channel("localhost:8080")).SendReceipt(None)
            """,
        }
    )
    assert links(root) == [
        "gateway/app.py:6 GRPC /shop.Recommender/Recommend -> recommender linked "
        "recommender/server.py:6",
        "mailer/client.py:6 GRPC /shop.Mailer/SendReceipt -> mailer linked mailer/server.py:8",
        "recommender/client.py:5 GRPC /shop.Recommender/Recommend -> recommender linked "
        "recommender/server.py:6",
    ]
    assert problems(root) == [
        "gateway/app.py:7 grpc://localhost:8080/shop.Mailer/SendReceipt: several services "
        "listen on port 8080: mailer, recommender",
        "recommender/server.py:7 grpc://catalog:3550/shop.Catalog/ListProducts: host "
        "'catalog' is the Kubernetes service 'catalog', which has no source here",
    ]


def test_dapr_multi_app_run_and_headers_passed_by_name(repo: RepoFactory) -> None:
    root = repo(
        {
            "dapr.yaml": """
                version: 1
                apps:
                  - appID: billing
                    appDirPath: ./billing-svc/
                  - appID: shop
                    appDirPath: ./shop/
            """,
            "billing-svc/requirements.txt": "flask\n",
            "billing-svc/app.py": """
                from flask import Flask
                app = Flask(__name__)

                @app.route("/invoices", methods=["POST"])
                def invoice(): ...
            """,
            "shop/requirements.txt": "requests\n",
            "shop/pay.py": """
                import os
                import requests

                DAPR = os.getenv("DAPR_URL", "http://localhost") + ":" + os.getenv("DAPR_HTTP_PORT", "3500")

                def pay(order):
                    headers = {"dapr-app-id": "billing"}
                    requests.post(url="%s/invoices" % (DAPR), json=order, headers=headers)
            """,
            "web/package.json": package_json("web", dependencies={"axios": "1"}),
            "web/pay.js": """
                const axios = require('axios');
                const config = { headers: { 'dapr-app-id': 'billing' } };
                module.exports = (order) => axios.post('http://localhost:3500/invoices', order, config);
            """,
        }
    )
    assert links(root) == [
        "shop/pay.py:8 POST /invoices -> billing-svc linked billing-svc/app.py:4",
        "web/pay.js:3 POST /invoices -> billing-svc linked billing-svc/app.py:4",
    ]


def test_an_httpx_client_with_an_in_process_transport_calls_no_service(
    repo: RepoFactory,
) -> None:
    # FastAPI's testing idiom, `AsyncClient(transport=ASGITransport(app=app),
    # base_url="http://test")`, calls the app it is given whatever the host: on gradio,
    # with its tests a service named `test`, such calls were false SC104s.
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  api:\n    build: ./api\n  test:\n    build: ./smoke\n"
            ),
            "api/requirements.txt": "fastapi\nhttpx\n",
            "api/app.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/items/{item_id}')\nasync def item(item_id: int):\n    return {}\n"
            ),
            "api/check_proxy.py": """\
import httpx
from httpx import ASGITransport
from fastapi import FastAPI

sub = FastAPI()


async def test_proxy():
    async with httpx.AsyncClient(
        transport=ASGITransport(app=sub), base_url="http://test"
    ) as client:
        await client.get("/proxy/1")


async def test_mock():
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        await client.get("/mocked")


async def fetch_item():
    transport = httpx.AsyncHTTPTransport(retries=3)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        await client.get("/items/1")
""",
            "smoke/requirements.txt": "fastapi\n",
            "smoke/main.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/health')\ndef health():\n    return {}\n"
            ),
        }
    )
    assert links(root) == ["api/check_proxy.py:24 GET /items/1 -> api linked api/app.py:6"]
    # The app handed to the transport is the process's (a sub-app here): a path none of the
    # service's routes takes is no broken seam (`test_in_process_clients.py`).
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "transport=ASGITransport(app) calls the app in this process, not a service over the "
        "network; no route of 'api' seamcheck reads takes /proxy/1",
        "URL is not known before run time: the client calls a function in this process "
        "(transport=MockTransport), not a service",
    ]
    assert not [f for f in findings(root) if f.startswith(("SC104", "SC105"))]


def test_a_client_whose_base_url_is_not_read_is_not_called_one_without(repo: RepoFactory) -> None:
    # Prefect 3.9's `PrefectClient` keeps `PrefectHttpxAsyncClient(**httpx_settings)`, a
    # subclass of httpx's client made with a dict holding its `base_url`. Before, its 73
    # relative calls were "relative URL ... with no base URL": the client was taken to set
    # none. A subclass with no constructor of its own is httpx's client, as written; so is
    # one whose constructor hands its arguments on (`super().__init__(*args, **kwargs)`).
    root = repo(
        {
            "docker-compose.yml": "services:\n  api:\n    build: ./api\n",
            "api/requirements.txt": "fastapi\nhttpx\n",
            "api/app.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/health')\nasync def health():\n    return {}\n"
            ),
            "api/client.py": """\
import httpx


class RetryingClient(httpx.AsyncClient):
    def __init__(self, *args, retries: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        self.retries = retries


class PlainClient(httpx.AsyncClient):
    pass


class ApiClient:
    def __init__(self, api: str, httpx_settings: dict | None = None):
        httpx_settings = dict(httpx_settings or {})
        httpx_settings.setdefault("base_url", api)
        self._client = httpx.AsyncClient(**httpx_settings)
        self._retrying = RetryingClient(base_url="http://api:8000")
        self._plain = PlainClient(base_url="http://api:8000")

    async def hello(self):
        await self._client.get("/hello")
        await self._retrying.get("/health")
        await self._plain.get("/health")
""",
        }
    )
    assert links(root) == [
        "api/client.py:24 GET /health -> api linked api/app.py:6",
        "api/client.py:25 GET /health -> api linked api/app.py:6",
    ]
    assert problems(root) == [
        "api/client.py:23 {httpx_settings}/hello: URL is not known before run time: the "
        "client is made with **httpx_settings, which may set its base_url",
    ]


def test_a_client_subclass_whose_constructor_gives_its_base_url_calls_there(
    repo: RepoFactory,
) -> None:
    # A client class of the gateway's own, setting its base URL in its constructor and
    # handing the rest on. Before: every call "made by MLClient, a subclass of
    # httpx.AsyncClient whose constructor seamcheck does not follow" (SC107); one that
    # changes the keyword arguments it hands on stays so, saying how.
    root = repo(
        {
            "docker-compose.yml": "services:\n  ml:\n    build: ./ml\n  api:\n    build: ./api\n",
            "ml/requirements.txt": "fastapi\n",
            "ml/app.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.post('/v1/predict')\nasync def predict():\n    return {}\n"
            ),
            "api/requirements.txt": "fastapi\nhttpx\n",
            "api/client.py": """\
import httpx

ML_URL = "http://ml:8000/v1"


class MLClient(httpx.AsyncClient):
    def __init__(self, timeout: float = 5.0, **kwargs):
        kwargs.setdefault("headers", {"x-caller": "api"})
        super().__init__(base_url=ML_URL, timeout=timeout, **kwargs)


class ProxiedClient(httpx.AsyncClient):
    def __init__(self, **kwargs):
        kwargs.update(proxy_settings())
        super().__init__(**kwargs)


async def predict():
    await MLClient().post("/predict")
    await MLClient().post("/predicts")
    await ProxiedClient(base_url=ML_URL).post("/predict")
""",
        }
    )
    assert links(root) == [
        "api/client.py:19 POST /v1/predict -> ml linked ml/app.py:6",
        "api/client.py:20 POST /v1/predicts -> ml broken -",
    ]
    assert problems(root) == [
        "api/client.py:21 {base_url}/predict: URL is not known before run time: the client is "
        "made by ProxiedClient, a subclass of httpx.AsyncClient whose constructor seamcheck "
        "does not follow (ProxiedClient's constructor changes the keyword arguments it hands "
        "on (kwargs.update()))",
    ]
