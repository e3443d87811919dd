"""Shapes met when seamcheck was run on public polyglot systems not written for it (a Node
shop with an nginx front and a Flask payment service; a Next.js front end calling Python
gRPC services, configured by compose and its `.env`): each test is a seam a reader finds
there that seamcheck did not link, on a small repository of that shape."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links

RECS_PROTO = """
    syntax = "proto3";
    package shop;
    service Recommender {
      rpc ListRecommendations (ListRequest) returns (ListReply) {}
    }
"""
RECS_SERVER = """
    import grpc
    import shop_pb2_grpc

    class Recommender(shop_pb2_grpc.RecommenderServicer):
        def ListRecommendations(self, request, context): ...
"""
# A gateway of a Next.js front end: the address destructured from the environment with a
# default, as a ts-proto client is made with it.
RECS_GATEWAY = """
    import { ChannelCredentials } from '@grpc/grpc-js';
    import { RecommenderClient } from '../protos/shop';

    const { RECS_ADDR = '' } = process.env;

    const client = new RecommenderClient(RECS_ADDR, ChannelCredentials.createInsecure());

    export function listRecommendations(userId: string) {
      return new Promise((resolve, reject) =>
        client.listRecommendations({ userId }, (error, response) =>
          error ? reject(error) : resolve(response)
        )
      );
    }
"""


def grpc_shop(compose: str, env: str | None = None) -> dict[str, str]:
    files = {
        "docker-compose.yml": compose,
        "pb/shop.proto": RECS_PROTO,
        "services/recs/requirements.txt": "grpcio\n",
        "services/recs/server.py": RECS_SERVER,
        "services/web/package.json": package_json(
            "web", dependencies={"next": "14", "@grpc/grpc-js": "1"}
        ),
        "services/web/gateways/recs.gateway.ts": RECS_GATEWAY,
    }
    if env is not None:
        files[".env"] = env
    return files


def test_an_address_destructured_from_process_env_is_read_as_the_variable(
    repo: RepoFactory,
) -> None:
    root = repo(
        grpc_shop(
            """\
            services:
              web:
                build: ./services/web
                environment:
                  - RECS_ADDR=recs:9001
              recs:
                build: ./services/recs
            """
        )
    )
    # Before: "host is not known before run time: 'RECS_ADDR' is a parameter or not a
    # constant" (SC107); `const { X = '' } = process.env` is `process.env.X || ''`.
    assert links(root) == [
        "services/web/gateways/recs.gateway.ts:10 GRPC /shop.Recommender/ListRecommendations "
        "-> recs linked services/recs/server.py:5",
    ]


def test_the_request_package_is_read_as_a_client(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  cart:
                    build: ./cart
                  catalogue:
                    build: ./catalogue
                """,
            "catalogue/package.json": package_json("catalogue", dependencies={"express": "4"}),
            "catalogue/server.js": """\
                const express = require('express');
                const app = express();
                app.get('/product/:sku', (req, res) => res.json({}));
                app.get('/products', (req, res) => res.json([]));
                app.listen(process.env.CATALOGUE_SERVER_PORT || '8080');
                """,
            "cart/package.json": package_json(
                "cart", dependencies={"express": "4", "request": "^2.83.0"}
            ),
            "cart/server.js": """\
                const request = require('request');
                var catalogueHost = process.env.CATALOGUE_HOST || 'catalogue'

                function getProduct(sku) {
                    return new Promise((resolve, reject) => {
                        request('http://' + catalogueHost + ':8080/product/' + sku, (err, res, body) => {
                            err ? reject(err) : resolve(JSON.parse(body));
                        });
                    });
                }

                function listProducts(cb) {
                    request({ uri: `http://${catalogueHost}:8080/products`, json: true }, cb);
                }

                function addProduct(product, cb) {
                    request.post('http://' + catalogueHost + ':8080/products', { json: product }, cb);
                }
                """,
        }
    )
    # Before: no client call at all (the `request` package was not a client library).
    assert links(root) == [
        "cart/server.js:13 GET /products -> catalogue linked catalogue/server.js:4",
        "cart/server.js:17 POST /products -> catalogue broken -",
        "cart/server.js:6 GET /product/{sku} -> catalogue linked catalogue/server.js:3",
    ]
