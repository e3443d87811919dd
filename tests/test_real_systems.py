"""Shapes met when seamcheck was run on public polyglot systems not written for it (a Node
shop with an nginx front and a Flask payment service; a Next.js front end calling Python
gRPC services, configured by compose and its `.env`): each test is a seam a reader finds
there that seamcheck did not link, on a small repository of that shape."""

from __future__ import annotations

import json

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, problems

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


def test_a_request_client_with_a_base_url_is_read(repo: RepoFactory) -> None:
    """request's `baseUrl`, in a call's options or in the client `request.defaults({ baseUrl
    })` makes. Before, the first was 'relative URL '/product/1' with no base URL' (SC107) and
    the calls on the client were no client calls at all, a typo among them unseen."""
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
                const app = require('express')();
                app.get('/product/:sku', (req, res) => res.json({}));
                app.listen(8080);
                """,
            "cart/package.json": package_json("cart", dependencies={"request": "^2.88.0"}),
            "cart/server.js": """\
                const request = require('request');
                const catalogue = request.defaults({ baseUrl: 'http://catalogue:8080', json: true });

                function one(cb) {
                    request({ uri: '/product/1', baseUrl: 'http://catalogue:8080' }, cb);
                }

                function two(cb) {
                    catalogue.get('/product/2', cb);
                    catalogue('/prodcut/3', cb);
                }
                """,
        }
    )
    assert links(root) == [
        "cart/server.js:10 * /prodcut/3 -> catalogue broken -",
        "cart/server.js:5 GET /product/1 -> catalogue linked catalogue/server.js:2",
        "cart/server.js:9 GET /product/2 -> catalogue linked catalogue/server.js:2",
    ]


NGINX_SHOP_COMPOSE = """\
services:
  catalogue:
    build:
      context: catalogue
  users:
    build:
      context: user
  web:
    build:
      context: web
    ports:
      - "8080:8080"
"""


def nginx_shop(web_environment: str = "") -> dict[str, str]:
    """A shop whose browser pages nginx serves, proxying `/api/<service>/` to each service
    by a host its image's Dockerfile sets with `ENV` (the template rendered at start-up)."""
    return {
        "docker-compose.yml": NGINX_SHOP_COMPOSE + web_environment,
        "catalogue/package.json": package_json("catalogue", dependencies={"express": "4"}),
        "catalogue/server.js": """\
            const app = require('express')();
            app.get('/products/:cat', (req, res) => res.json([]));
            app.listen(8080);
            """,
        "user/package.json": package_json("user", dependencies={"express": "4"}),
        "user/server.js": """\
            const app = require('express')();
            app.post('/login', (req, res) => res.json({}));
            app.listen(8080);
            """,
        "web/package.json": package_json("web", dependencies={"react": "18"}),
        "web/Dockerfile": """\
            FROM node:20 AS build
            ENV RATINGS_HOST=ratings-build
            RUN npm ci && npm run build

            FROM nginx:1.25
            EXPOSE 8080
            ENV CATALOGUE_HOST=catalogue \\
                USER_HOST=user-service
            COPY default.conf.template /etc/nginx/templates/default.conf.template
            COPY --from=build /app/dist /usr/share/nginx/html
            """,
        "web/default.conf.template": """\
            server {
                listen 8080;
                location / {
                    root /usr/share/nginx/html;
                }
                location /api/catalogue/ {
                    proxy_pass http://${CATALOGUE_HOST}:8080/;
                }
                location /api/user/ {
                    proxy_pass http://${USER_HOST}:8080/;
                }
                location /api/ratings/ {
                    proxy_pass http://${RATINGS_HOST}:80/;
                }
            }
            """,
        "web/src/api.js": """\
            export const products = (cat) => fetch('/api/catalogue/products/' + cat);
            export const login = (body) => fetch('/api/user/login', { method: 'POST', body });
            export const rating = (sku) => fetch('/api/ratings/api/fetch/' + sku);
            """,
    }


def test_an_nginx_template_is_rendered_with_the_env_of_the_image_its_folder_builds(
    repo: RepoFactory,
) -> None:
    root = repo(nginx_shop())
    # Before: "nginx location /api/catalogue/ forwards to http://${CATALOGUE_HOST}:8080/:
    # host '${catalogue_host}' names no service" for each; the Dockerfile's `ENV` is the
    # environment the template is rendered with when compose gives none.
    assert links(root) == [
        "web/src/api.js:1 GET /products/{cat} -> catalogue linked catalogue/server.js:2 "
        "via nginx location /api/catalogue/",
    ]
    # The image's `USER_HOST=user-service` names no service here; a variable set only in a
    # build stage is not in the image nginx runs.
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "nginx location /api/user/ (web/default.conf.template:9) forwards to "
        "http://user-service:8080/: host 'user-service' names no service (compose service, "
        "hostname, alias, Kubernetes service, folder, or [services.NAME] hosts)",
        "nginx location /api/ratings/ (web/default.conf.template:12) forwards to "
        "http://${RATINGS_HOST}:80/: host '${ratings_host}' names no service (compose "
        "service, hostname, alias, Kubernetes service, folder, or [services.NAME] hosts)",
    ]


def test_compose_environment_wins_over_the_dockerfile_env(repo: RepoFactory) -> None:
    root = repo(nginx_shop("    environment:\n      - USER_HOST=users\n"))
    # Before (and without the compose variable): the user call was not linked.
    assert links(root) == [
        "web/src/api.js:1 GET /products/{cat} -> catalogue linked catalogue/server.js:2 "
        "via nginx location /api/catalogue/",
        "web/src/api.js:2 POST /login -> users linked user/server.js:2 "
        "via nginx location /api/user/",
    ]


def test_a_template_takes_no_env_of_an_image_that_renders_no_template(repo: RepoFactory) -> None:
    """The API's image is built from the repository's root, so its folder holds the nginx
    template mounted into the nginx container; its Dockerfile sets `API_HOST=0.0.0.0` (the
    address uvicorn binds). Only an nginx image renders templates. Before, that value
    disagreed with the nginx container's `API_HOST=api` and the variable was left
    unrendered: 'host '${api_host}' names no service' (SC107); now the call links."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  api:
                    build:
                      context: .
                      dockerfile: Dockerfile
                  web:
                    image: nginx:1.25
                    ports: ["80:80"]
                    volumes:
                      - ./nginx/templates:/etc/nginx/templates
                    environment:
                      - API_HOST=api
                """,
            "Dockerfile": """\
                FROM python:3.12-slim
                ENV API_HOST=0.0.0.0
                COPY . /app
                CMD uvicorn app.main:app --host $API_HOST --port 8000
                """,
            "requirements.txt": "fastapi\n",
            "app/__init__.py": "",
            "app/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/items")
                def items():
                    return []
                """,
            "nginx/templates/default.conf.template": """\
                server {
                    listen 80;
                    location /api/ {
                        proxy_pass http://${API_HOST}:8000/;
                    }
                }
                """,
            "ui/package.json": package_json("ui", dependencies={"react": "18"}),
            "ui/src/api.js": "export const items = () => fetch('/api/items');\n",
        }
    )
    assert links(root) == [
        "ui/src/api.js:1 GET /items -> api linked app/main.py:6 via nginx location /api/"
    ]


def test_an_image_built_from_the_root_renders_its_templates_with_its_env(
    repo: RepoFactory,
) -> None:
    """A React app at the repository's root, built by its root Dockerfile into an nginx
    image that copies its template in and sets `ENV API_HOST=api`; compose builds it with
    `build: .`. Before, that Dockerfile was looked for as './Dockerfile', a file the walk
    never lists, so its `ENV` was not read: 'host '${api_host}' names no service' (SC107)."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  web:
                    build: .
                    ports: ["80:80"]
                  api:
                    build: ./api
                """,
            "Dockerfile": """\
                FROM node:20 AS build
                COPY . /app
                RUN npm ci && npm run build

                FROM nginx:1.25
                ENV API_HOST=api
                COPY nginx/default.conf.template /etc/nginx/templates/
                COPY --from=build /app/dist /usr/share/nginx/html
                """,
            "package.json": package_json("web", dependencies={"react": "18"}),
            "src/api.js": "export const items = () => fetch('/api/items');\n",
            "nginx/default.conf.template": """\
                server {
                    listen 80;
                    location / {
                        root /usr/share/nginx/html;
                    }
                    location /api/ {
                        proxy_pass http://${API_HOST}:8000/;
                    }
                }
                """,
            "api/requirements.txt": "fastapi\n",
            "api/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/items")
                def items():
                    return []
                """,
        }
    )
    assert links(root) == [
        "src/api.js:1 GET /items -> api linked api/main.py:6 via nginx location /api/"
    ]


def test_nginx_substitutes_only_the_variables_its_envsubst_filter_names(
    repo: RepoFactory,
) -> None:
    """`NGINX_ENVSUBST_FILTER=^API_`: the nginx image substitutes only the variables whose
    name the filter matches; `${AUTH_HOST}` reaches nginx as written (an unknown variable:
    nginx refuses the file). Before, both were rendered and the call to /auth/ linked."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  web:
                    image: nginx:1.25
                    ports: ["80:80"]
                    volumes:
                      - ./nginx:/etc/nginx/templates
                    environment:
                      - NGINX_ENVSUBST_FILTER=^API_
                      - API_HOST=api
                      - AUTH_HOST=auth
                  api:
                    build: ./api
                  auth:
                    build: ./auth
                """,
            "nginx/default.conf.template": """\
                server {
                    listen 80;
                    location /api/ {
                        proxy_pass http://${API_HOST}:8000/;
                    }
                    location /auth/ {
                        proxy_pass http://${AUTH_HOST}:8000/;
                    }
                }
                """,
            "ui/package.json": package_json("ui", dependencies={"react": "18"}),
            "ui/src/api.js": (
                "export const items = () => fetch('/api/items');\n"
                "export const me = () => fetch('/auth/me');\n"
            ),
            "api/requirements.txt": "fastapi\n",
            "api/main.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                '@app.get("/items")\ndef items():\n    return []\n'
            ),
            "auth/requirements.txt": "fastapi\n",
            "auth/main.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                '@app.get("/me")\ndef me():\n    return {}\n'
            ),
        }
    )
    assert links(root) == [
        "ui/src/api.js:1 GET /items -> api linked api/main.py:6 via nginx location /api/"
    ]
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "nginx location /auth/ (nginx/default.conf.template:6) forwards to "
        "http://${AUTH_HOST}:8000/: host '${auth_host}' names no service (compose service, "
        "hostname, alias, Kubernetes service, folder, or [services.NAME] hosts)"
    ]


def test_angularjs_http_calls_are_client_calls(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  catalogue:
                    build: ./catalogue
                  web:
                    build: ./web
                    ports:
                      - "8080:8080"
                """,
            "catalogue/package.json": package_json("catalogue", dependencies={"express": "4"}),
            "catalogue/server.js": """\
                const app = require('express')();
                app.get('/products/:cat', (req, res) => res.json([]));
                app.get('/categories', (req, res) => res.json([]));
                app.put('/rate/:sku/:score', (req, res) => res.send('OK'));
                app.listen(8080);
                """,
            # An AngularJS 1.x front end (the npm package `angular`), its pages served by nginx.
            "web/package.json": package_json("web", dependencies={"angular": "1.8.3"}),
            "web/nginx.conf": """\
                server {
                    listen 8080;
                    location / {
                        root /usr/share/nginx/html;
                    }
                    location /api/catalogue/ {
                        proxy_pass http://catalogue:8080/;
                    }
                }
                """,
            "web/static/js/controller.js": """\
                (function(angular) {
                    var shop = angular.module('shop', ['ngRoute']);

                    shop.controller('shopform', function($scope, $http) {
                        $scope.getProducts = function(category) {
                            $http({
                                url: '/api/catalogue/products/' + category,
                                method: 'GET'
                            }).then((res) => { $scope.products = res.data; });
                        };
                        function getCategories() {
                            $http({ url: '/api/catalogue/categories' }).then((res) => {
                                $scope.categories = res.data;
                            });
                        }
                        $scope.rate = function(sku, score) {
                            $http.put('/api/catalogue/rate/' + sku + '/' + score);
                        };
                        $scope.vote = function(sku) {
                            $http.post('/api/catalogue/vote/' + sku, {});
                        };
                        getCategories();
                    });
                }) (window.angular);
                """,
        }
    )
    # Before: none of these was a client call (`$http` an unknown parameter), and the front
    # end, depending on `angular` alone, was not tagged `browser` (no nginx in front of it).
    assert links(root) == [
        "web/static/js/controller.js:12 GET /categories -> catalogue linked "
        "catalogue/server.js:3 via nginx location /api/catalogue/",
        "web/static/js/controller.js:17 PUT /rate/{sku}/{score} -> catalogue linked "
        "catalogue/server.js:4 via nginx location /api/catalogue/",
        "web/static/js/controller.js:20 POST /vote/{sku} -> catalogue broken - "
        "via nginx location /api/catalogue/",
        "web/static/js/controller.js:6 GET /products/{category} -> catalogue linked "
        "catalogue/server.js:2 via nginx location /api/catalogue/",
    ]
    # `$http` is a global of the page in the graph, as `fetch` is (before the fix's first
    # version, building the graph failed on it).
    graph = run_cli("graph", str(root), "--no-cache", "--format", "json")
    assert graph.exit_code == 0, graph.output
    assert '"id": "ext:js:globals"' in graph.stdout


def test_http_is_angularjs_only_where_angularjs_may_run(repo: RepoFactory) -> None:
    """A Vue front end hands its axios instance around as `$http` (its base URL `/api/v1`
    set where it is made). Before, `$http.get('/items')` there was read as AngularJS's
    `$http`: GET /items through nginx's `location /` to the API, a false SC104 (and SC103,
    SC105 on the call); a front end on another browser framework has no AngularJS."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  web:
                    build: ./web
                    ports: ["80:80"]
                  api:
                    build: ./api
                """,
            "web/package.json": package_json("web", dependencies={"vue": "3", "axios": "1"}),
            "web/nginx.conf": """\
                server {
                    listen 80;
                    location / { proxy_pass http://api:8000; }
                }
                """,
            "web/src/http.js": """\
                import axios from 'axios';
                export const $http = axios.create({ baseURL: '/api/v1' });
                """,
            "web/src/items.js": """\
                export function loadItems($http) {
                  return $http.get('/items');
                }
                """,
            "api/requirements.txt": "fastapi\n",
            "api/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/api/v1/items")
                def items():
                    return []
                """,
        }
    )
    assert [f for f in findings(root) if "web/src/items.js" in f] == []
    assert links(root) == []


def test_a_folder_compose_builds_into_an_nginx_image_is_a_browser_front_end(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  cart:
                    build:
                      context: cart
                  web:
                    build:
                      context: web
                    ports:
                      - "8080:8080"
                  tools:
                    build:
                      context: tools
                """,
            "cart/package.json": package_json("cart", dependencies={"express": "4"}),
            "cart/server.js": """\
                const app = require('express')();
                app.get('/cart/:id', (req, res) => res.json({}));
                app.listen(8080);
                """,
            # Static pages and their scripts, no manifest: the image copies them into nginx.
            "web/Dockerfile": """\
                FROM nginx:1.16
                ENV CART_HOST=cart
                COPY default.conf.template /etc/nginx/conf.d/default.conf.template
                COPY static /usr/share/nginx/html
                """,
            "web/default.conf.template": """\
                server {
                    listen 8080;
                    location / {
                        root /usr/share/nginx/html;
                    }
                    location /api/cart/ {
                        proxy_pass http://${CART_HOST}:8080/;
                    }
                }
                """,
            "web/static/js/cart.js": """\
                function loadCart(id) {
                    return fetch('/api/cart/cart/' + id).then((res) => res.json());
                }
                """,
            # A folder of scripts built into a Node image is no static site.
            "tools/Dockerfile": "FROM node:20\nCOPY . /app\n",
            "tools/seed.js": "fetch('/api/cart/cart/1');\n",
        }
    )
    # Before: web/static/js/cart.js belonged to the repository's root service, behind no
    # nginx ("relative URL '/api/cart/cart/{id}' with no base URL").
    assert links(root) == [
        "web/static/js/cart.js:2 GET /cart/{id} -> cart linked cart/server.js:2 "
        "via nginx location /api/cart/",
    ]
    services = run_cli("services", str(root), "--no-cache", "--format", "json")
    listed = {s["name"]: (s["root"], s["tags"]) for s in json.loads(services.stdout)["services"]}
    assert listed["web"] == ("web", ["browser"])
    assert "tools" not in listed
    assert problems(root) == [
        "tools/seed.js:1 /api/cart/cart/1: relative URL '/api/cart/cart/1' with no base URL",
    ]


def test_a_long_chain_of_string_concatenation_is_read_whole(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  cart:
                    build: ./cart
                  web:
                    build: ./web
                  payment:
                    build: ./payment
                """,
            "cart/package.json": package_json("cart", dependencies={"express": "4"}),
            "cart/server.js": """\
                const app = require('express')();
                app.get('/add/:id/:sku/:qty', (req, res) => res.json({}));
                app.listen(8080);
                """,
            "web/package.json": package_json("web", dependencies={"express": "4"}),
            "web/server.js": """\
                function addToCart(user, product, quantity) {
                    var url = 'http://cart:8080/add/' + user.id + '/' + product.sku + '/' + quantity;
                    return fetch(url);
                }
                function addTypo(user, product, quantity) {
                    return fetch('http://cart:8080/ad/' + user.id + '/' + product.sku + '/' + quantity);
                }
                """,
            "payment/requirements.txt": "requests\n",
            "payment/payment.py": """\
                import requests

                def add(user, sku, qty):
                    return requests.get('http://cart:8080/add/' + user + '/' + sku + '/' + str(qty))
                """,
        }
    )
    # Before: past four `+` the start of the URL was an unknown piece
    # ("GET {value}{value}/{sku}/{quantity}: URL is not known before run time"), SC107.
    assert links(root) == [
        "payment/payment.py:4 GET /add/{user}/{sku}/{qty} -> cart linked cart/server.js:2",
        "web/server.js:3 GET /add/{id}/{sku}/{quantity} -> cart linked cart/server.js:2",
        "web/server.js:6 GET /ad/{id}/{sku}/{quantity} -> cart broken -",
    ]


# A Python package whose Flask server serves the React UI built inside it (the shape of
# MLflow's tracking server): most routes come from a table built at run time, a few are
# decorated.
TRACKER_SERVER = """
    from flask import Flask

    from tracker.server import handlers

    UI_BUILD = "ui/build"

    app = Flask(__name__, static_folder=UI_BUILD)
    {table}

    @app.route("/ajax-api/2.0/tracker/runs/upload-artifact", methods=["POST"])
    def serve_upload_artifact():
        return handlers.upload_artifact()
"""
TRACKER_HANDLERS = """
    from tracker.protos import service_pb2


    def upload_artifact():
        return {}


    def endpoints():
        return [
            (endpoint.path, endpoint.handler, [endpoint.method])
            for endpoint in service_pb2.TrackingService.endpoints()
        ]
"""
TRACKER_UI_API = """
    export const uploadArtifact = (body: string) =>
      fetch('/ajax-api/2.0/tracker/runs/upload-artifact', { method: 'POST', body });

    export const uploadArtefact = (body: string) =>
      fetch('/ajax-api/2.0/tracker/runs/upload-artefact', { method: 'POST', body });

    export const searchRuns = (body: string) =>
      fetch('/ajax-api/2.0/tracker/runs/search', { method: 'POST', body });
"""


def tracker(static_folder: str, *, table: bool) -> dict[str, str]:
    loop = (
        "for http_path, handler, methods in handlers.endpoints():\n"
        "        app.add_url_rule(http_path, handler.__name__, handler, methods=methods)\n"
    )
    server = TRACKER_SERVER.replace('"ui/build"', f'"{static_folder}"')
    server = server.replace("{table}", loop if table else "")
    return {
        "pyproject.toml": '[project]\nname = "tracker"\ndependencies = ["flask"]\n',
        "tracker/__init__.py": "",
        "tracker/server/__init__.py": server,
        "tracker/server/handlers.py": TRACKER_HANDLERS,
        "tracker/server/ui/package.json": package_json(
            "tracker-ui", dependencies={"react": "18", "react-dom": "18"}
        ),
        "tracker/server/ui/src/api.ts": TRACKER_UI_API,
    }


def test_a_flask_app_serving_a_browser_apps_build_receives_its_relative_calls(
    repo: RepoFactory,
) -> None:
    root = repo(tracker("ui/build", table=False))
    # Before: all three SC107 "relative URL ... from browser app 'tracker-ui' and no proxy
    # (vite server.proxy, package.json proxy, nginx location) forwards it".
    via = "via Flask static_folder 'tracker/server/ui/build'"
    assert links(root) == [
        f"tracker/server/ui/src/api.ts:2 POST /ajax-api/2.0/tracker/runs/upload-artifact -> "
        f"tracker linked tracker/server/__init__.py:10 {via}",
        f"tracker/server/ui/src/api.ts:5 POST /ajax-api/2.0/tracker/runs/upload-artefact -> "
        f"tracker broken - {via}",
        f"tracker/server/ui/src/api.ts:8 POST /ajax-api/2.0/tracker/runs/search -> "
        f"tracker broken - {via}",
    ]
    # A static folder outside the browser app's folder says nothing of who serves its page.
    elsewhere = repo(tracker("static", table=False))
    assert links(elsewhere) == []
    unproxied = (
        "from browser app 'ui' and no proxy (vite server.proxy, package.json proxy, nginx "
        "location) forwards it"
    )
    assert [line.split(": ", 1)[1] for line in problems(elsewhere)] == [
        f"relative URL '/ajax-api/2.0/tracker/runs/{name}' {unproxied}"
        for name in ("upload-artifact", "upload-artefact", "search")
    ]


def test_calls_a_route_table_may_serve_stay_unsure(repo: RepoFactory) -> None:
    root = repo(tracker("ui/build", table=True))
    # The table's paths are known only at run time: a call it may serve is unsure, never
    # broken; one a letter or two from a decorated route is still a typo.
    lines = links(root)
    assert [line.split(" -> ")[1].split(" ")[:2] for line in lines] == [
        ["tracker", "linked"],
        ["tracker", "broken"],
        ["tracker", "unsure"],
    ]
    assert lines[2].startswith(
        "tracker/server/ui/src/api.ts:8 POST /ajax-api/2.0/tracker/runs/search"
    )


def test_a_folder_built_into_an_nginx_image_holding_python_modules_is_no_front_end(
    repo: RepoFactory,
) -> None:
    """The nginx image is built from the folder that holds the Python services and their
    shared modules (`context: ./services`). Before, that folder became a browser service
    owning `services/common/`: the billing client's call was a browser's (false SC103 and
    SC105 errors) and the orders service's import of it a false SC101."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  proxy:
                    build:
                      context: ./services
                      dockerfile: proxy.Dockerfile
                    ports: ["80:80"]
                  orders:
                    build: ./services/orders
                  billing:
                    build: ./services/billing
                """,
            "services/proxy.Dockerfile": "FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/conf.d/\n",
            "services/nginx.conf": "server { listen 80; location /api/ { proxy_pass http://orders:8000/; } }\n",
            "services/orders/requirements.txt": "fastapi\nhttpx\n",
            "services/orders/main.py": """\
                from fastapi import FastAPI

                from common.billing_client import charge

                app = FastAPI()


                @app.post("/orders")
                def create():
                    return charge()
                """,
            "services/common/billing_client.py": """\
                import httpx


                def charge():
                    return httpx.post("http://billing:9000/charges").json()
                """,
            "services/billing/requirements.txt": "fastapi\n",
            "services/billing/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/charges")
                def charge():
                    return {}
                """,
        }
    )
    services = run_cli("services", str(root), "--format", "json")
    listed = {s["name"]: s["tags"] for s in json.loads(services.stdout)["services"]}
    assert all("browser" not in tags for tags in listed.values()), listed
    assert [f for f in findings(root) if f.split(" ", 1)[0] in ("SC101", "SC103", "SC105")] == []
    assert links(root) == [
        "services/common/billing_client.py:5 POST /charges -> billing linked "
        "services/billing/main.py:6"
    ]
