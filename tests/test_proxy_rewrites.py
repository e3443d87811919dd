"""nginx locations that rewrite the path before proxying it: a React front end behind nginx,
a FastAPI model service, docker-compose.yml."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seamcheck.seams.hosts import Proxy, pass_through
from seamcheck.seams.model import Where
from seamcheck.seams.nginx import (
    directives,
    location_matches,
    location_rewrites,
    read_rewrite,
    run_rewrites,
)
from seams_helpers import findings, links

COMPOSE = """\
services:
  web:
    build: ./web
  model:
    build: ./model
  nginx:
    image: nginx:1.27
    ports: ["80:80"]
    volumes: ["./deploy/nginx.conf:/etc/nginx/conf.d/default.conf"]
"""

MODEL = """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
async def predict(payload: dict) -> dict:
    return {"label": 1}


@app.get("/health")
async def health() -> dict:
    return {"ok": True}


@app.get("/items/{item_id}")
async def item(item_id: int) -> dict:
    return {"id": item_id}


@app.post("/v2/score/{key}")
async def score(key: str) -> dict:
    return {}
"""

NGINX = """\
server {
    listen 80;

    location /api/ {
        rewrite ^/api/(.*)$ /$1 break;
        proxy_pass http://model:8000;
    }

    # With `break` nginx passes the changed path whole: /ignored/ is not put in front.
    location /ml/ {
        rewrite "^/ml/v1/(.*)$" /$1 break;
        proxy_pass http://model:8000/ignored/;
    }

    # `last`: the changed path looks for its location again (here `/`).
    location /old/ {
        rewrite ^/old/(.*) /$1 last;
    }

    location /score/ {
        rewrite ^/score/([a-z]+)$ /v2/score/$1 break;
        proxy_pass http://model:8000;
    }

    location /beta/ {
        if ($cookie_beta) {
            rewrite ^/beta/(.*)$ /v2/$1 break;
        }
        proxy_pass http://model:8000/;
    }

    location /assets/ {
        root /usr/share/nginx/html;
    }

    location / {
        proxy_pass http://model:8000;
    }
}
"""

API_JS = """\
export const predict = (features) =>
  fetch('/api/predict', { method: 'POST', body: JSON.stringify(features) });
export const health = () => fetch('/ml/v1/health');
export const legacy = () => fetch('/old/items/3');
export const score = () => fetch('/score/abc', { method: 'POST' });
export const beta = () => fetch('/beta/items/3');
export const config = () => fetch('/assets/config.json');
"""


def seam_findings(root: Path) -> list[str]:
    """The SC104 and SC107 findings, with their related locations."""
    kept, keep = [], False
    for line in findings(root):
        keep = line.startswith(("SC104", "SC107")) or (keep and line.startswith("  "))
        if keep:
            kept.append(line)
    return kept


def test_browser_calls_through_nginx_rewrites_land_on_the_rewritten_path(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": NGINX,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": API_JS,
            "model/requirements.txt": "fastapi\nuvicorn\n",
            "model/main.py": MODEL,
        }
    )
    # Before: the rewrites were not read, so the first four calls were SC104 errors
    # (/api/predict, /ignored/v1/health, /old/items/3, /score/abc on the model service), and
    # /assets/config.json, which nginx serves itself, went through `location /` to the
    # model service: a fifth.
    assert links(root) == [
        "web/src/api.js:2 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:3 GET /health -> model linked model/main.py:11 via nginx location /ml/",
        "web/src/api.js:4 GET /items/3 -> model linked model/main.py:16 via nginx location /",
        "web/src/api.js:5 POST /score/abc -> model unsure - via nginx location /score/",
        "web/src/api.js:6 GET /beta/items/3 -> model unsure - via nginx location /beta/",
    ]
    assert seam_findings(root) == [
        "SC107 web/src/api.js:5 fetch call POST /score/abc not linked to a service route: "
        "nginx location /score/ (deploy/nginx.conf:20) may rewrite it (`rewrite "
        "^/score/([a-z]+)$ /v2/score/$1 break`), which seamcheck cannot follow",
        "  deploy/nginx.conf:20 nginx location /score/ may rewrite it (`rewrite "
        "^/score/([a-z]+)$ /v2/score/$1 break`), which seamcheck cannot follow",
        "SC107 web/src/api.js:6 fetch call GET /beta/items/3 not linked to a service route: "
        "nginx location /beta/ (deploy/nginx.conf:25) may rewrite it (`if (...) { rewrite "
        "^/beta/(.*)$ /v2/$1 break }`), which seamcheck cannot follow",
        "  deploy/nginx.conf:25 nginx location /beta/ may rewrite it (`if (...) { rewrite "
        "^/beta/(.*)$ /v2/$1 break }`), which seamcheck cannot follow",
        "SC107 web/src/api.js:7 fetch call GET /assets/config.json not linked to a service "
        "route: relative URL '/assets/config.json' from browser app 'web' and no proxy (vite "
        "server.proxy, package.json proxy, nginx location) forwards it",
    ]


def test_rewrites_seamcheck_follows_and_those_it_cannot() -> None:
    def rewritten(directive: str, path: str) -> tuple[str, str]:
        [parsed] = list(directives(directive))
        outcome = run_rewrites((read_rewrite(parsed.args),), path)
        return outcome.then, outcome.path

    assert rewritten("rewrite ^/api/(.*)$ /$1 break;", "/api/cart/{id}") == ("break", "/cart/{id}")
    assert rewritten("rewrite ^/api/?(.*)$ /$1 last;", "/api/predict") == ("search", "/predict")
    assert rewritten("rewrite ^/api(/.*)$ $1;", "/api/predict") == ("search", "/predict")
    assert rewritten("rewrite ^/api(/.*)$ $1 break;", "/api") == ("pass", "/api")
    assert rewritten("rewrite ^/v1/health$ /health break;", "/v1/healthz") == (
        "pass",
        "/v1/healthz",
    )
    # Without `$` a regular expression matches any path that starts so.
    assert rewritten("rewrite ^/v1/health /health break;", "/v1/healthz") == ("break", "/health")
    assert rewritten("rewrite /api/(.*) /$1 break;", "/api/x") == ("break", "/x")
    assert rewritten("rewrite ^/api/(.*)$ /$1?v=1 break;", "/api/x") == ("break", "/x")
    assert rewritten("rewrite ^/api/(.*)$ /$1 permanent;", "/api/x") == ("redirect", "/api/x")
    assert rewritten("rewrite ^/api/(.*)$ https://new.example.com/$1;", "/api/x")[0] == "redirect"
    # Not followed: a parameter where the expression needs text, an unanchored expression
    # found further on, and anything but a literal start and a capture of the rest.
    assert rewritten("rewrite ^/api/(.*)$ /$1 break;", "/{version}/x") == (
        "unknown",
        "/{version}/x",
    )
    assert rewritten("rewrite /api/(.*) /$1 break;", "/v1/api/x")[0] == "unknown"
    assert rewritten(r"rewrite ^/api/(\d+)$ /items/$1 break;", "/api/3")[0] == "unknown"
    assert rewritten(r"rewrite ^/api.v1/(.*)$ /$1 break;", "/api-v1/x")[0] == "unknown"
    # ... though, run on the path, such an expression can tell it leaves the path alone.
    assert rewritten(r"rewrite ^/api.v1/(.*)$ /$1 break;", "/api/x") == ("pass", "/api/x")
    assert rewritten("rewrite ^/(.*)/$ /$1 permanent;", "/api/x") == ("pass", "/api/x")
    assert rewritten("rewrite ^/api/(.*)$ /$uri break;", "/api/x")[0] == "unknown"
    assert rewritten("rewrite ^/(.*)/$ /$1 permanent;", "/api/x/")[0] == "unknown"
    # An expression that cannot match the path is passed over.
    assert rewritten("rewrite ^/static/(.*)$ /$1 break;", "/api/x") == ("pass", "/api/x")


def test_a_location_body_is_read_as_nginx_reads_it() -> None:
    body = """
        # a comment; with { a brace
        rewrite "^/api/(.*)$" /$1 break;  # trailing
        if ($request_method = OPTIONS) { return 204; }
        location /api/inner/ { rewrite ^/a$ /b; proxy_pass http://inner; }
        proxy_pass http://model:8000;
    }"""
    assert [(d.name, d.args, d.nested) for d in directives(body)] == [
        ("rewrite", ("^/api/(.*)$", "/$1", "break"), False),
        ("return", ("204",), True),
        ("proxy_pass", ("http://model:8000",), False),
    ]
    assert [r.text for r in location_rewrites(directives(body))] == [
        "rewrite ^/api/(.*)$ /$1 break"
    ]


def test_proxy_pass_built_of_variables_passes_the_uri_they_make(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                server {
                    location /api/ {
                        proxy_pass http://model:8000$request_uri;
                    }
                    location /v/ {
                        rewrite ^/v/(.*)$ /$1 break;
                        proxy_pass http://model$uri$is_args$args;
                    }
                    location /w/ {
                        proxy_pass http://model:8000/$arg_target;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const a = () => fetch('/api/items/3');
                export const b = () => fetch('/v/health');
                export const c = () => fetch('/w/items/3');
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/api/items/{item_id}")
                async def item(item_id: int) -> dict:
                    return {"id": item_id}


                @app.get("/health")
                async def health() -> dict:
                    return {}
                """,
        }
    )
    # Before: the variables were read as a path (/$request_uri/api/items/3 and
    # /$arg_target/items/3, two SC104 errors) or as part of the host ('model$uri$is_args$args').
    assert links(root) == [
        "web/src/api.js:1 GET /api/items/3 -> model linked model/main.py:6 "
        "via nginx location /api/",
        "web/src/api.js:2 GET /health -> model linked model/main.py:11 via nginx location /v/",
        "web/src/api.js:3 GET /w/items/3 -> model unsure - via nginx location /w/",
    ]


def test_braced_variables_are_read_as_nginx_reads_them(repo: RepoFactory) -> None:
    assert [(d.name, d.args) for d in directives("proxy_pass http://${host}:80${uri};")] == [
        ("proxy_pass", ("http://${host}:80${uri}",))
    ]
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                server {
                    location /api/ {
                        proxy_pass http://model:8000${request_uri};
                    }
                    location /v/ {
                        rewrite ^/v/(.*)$ /$1 break;
                        proxy_pass http://model${uri}${is_args}${args};
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const a = () => fetch('/api/items/3');
                export const b = () => fetch('/v/health');
                export const c = () => fetch('/v/predcit', { method: 'POST' });
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/api/items/{item_id}")
                async def item(item_id: int) -> dict:
                    return {"id": item_id}


                @app.get("/health")
                async def health() -> dict:
                    return {}
                """,
        }
    )
    # Before: `{` of `${uri}` was read as the start of a block, the proxy_pass was lost,
    # and nginx seemed to serve the paths itself: the calls vanished, the typo unfound.
    assert links(root) == [
        "web/src/api.js:1 GET /api/items/3 -> model linked model/main.py:6 "
        "via nginx location /api/",
        "web/src/api.js:2 GET /health -> model linked model/main.py:11 via nginx location /v/",
        "web/src/api.js:3 POST /predcit -> model broken - via nginx location /v/",
    ]


def test_locations_are_chosen_as_nginx_chooses_them() -> None:
    def location(prefix: str, *rewrites: str, modifier: str = "") -> Proxy:
        parsed = tuple(read_rewrite(d.args) for r in rewrites for d in directives(r))
        where = Where("nginx.conf", 1)
        return Proxy("nginx", prefix, "http://api:8000", None, where, modifier, parsed)

    def passed(path: str, proxies: list[Proxy]) -> tuple[str, str, str] | None:
        passage = pass_through(path, proxies)
        return (passage.proxy.prefix, passage.path, passage.doubt) if passage else None

    exact = [location("/health", modifier="="), location("/")]
    assert passed("/health", exact) == ("/health", "/health", "")
    assert passed("/health/deep", exact) == ("/", "/health/deep", "")
    hopping = [location("/old/", "rewrite ^/old/(.*)$ /new/$1 last;"), location("/new/")]
    assert passed("/old/x", hopping) == ("/new/", "/new/x", "")
    looping = [location("/f/", "rewrite ^(.*)$ /f$1;")]
    assert passed("/f/x", looping) == (
        "/f/",
        "/f/x",
        "nginx location /f/ (nginx.conf:1) rewrites in a loop",
    )


def test_regular_expression_locations_take_the_paths_they_match(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                server {
                    location ~* \\.(js|css|png)$ {
                        root /usr/share/nginx/html;
                    }
                    location ~ ^/api/(v1|v2)/ {
                        rewrite ^/api/(.*)$ /$1 break;
                        proxy_pass http://model:8000;
                    }
                    location ~ ^/legacy/(\\d+)$ {
                        rewrite ^/legacy/(.*)$ /items/$1 break;
                        proxy_pass http://model:8000;
                    }
                    location / {
                        proxy_pass http://model:8000;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const predict = () => fetch('/api/v2/score/a', { method: 'POST' });
                export const item = () => fetch('/legacy/3');
                export const some = (id) => fetch(`/legacy/${id}`);
                export const health = () => fetch('/health');
                export const bundle = () => fetch('/app.js');
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
        }
    )
    # Before: regular-expression locations were not read, so every call went through
    # `location /` unchanged: /api/v2/score/a and /legacy/3 were SC104 errors, and so was
    # /app.js, which nginx serves itself. `/legacy/{id}` goes to /items/{id} or, when the id
    # is not a number, to /legacy/{id}: where it lands is not known.
    assert links(root) == [
        "web/src/api.js:1 POST /v2/score/a -> model linked model/main.py:21 "
        "via nginx location ~ ^/api/(v1|v2)/",
        "web/src/api.js:2 GET /items/3 -> model linked model/main.py:16 "
        "via nginx location ~ ^/legacy/(\\d+)$",
        "web/src/api.js:3 GET /legacy/{id} -> model unsure - via nginx location ~ ^/legacy/(\\d+)$",
        "web/src/api.js:4 GET /health -> model linked model/main.py:11 via nginx location /",
    ]
    assert [line for line in seam_findings(root) if "/legacy/{id}" in line] == [
        "SC107 web/src/api.js:3 fetch call GET /legacy/{id} not linked to a service route: "
        "nginx location ~ ^/legacy/(\\d+)$ (deploy/nginx.conf:9) may take it or not"
    ]


def test_a_location_expression_that_could_backtrack_for_minutes_is_not_run() -> None:
    """`^/a?a?...a...$`: each `a?` doubles what a backtracking match may try, thirty of
    them took minutes on one call. Such an expression is not run: the call is unsure."""
    hostile = "^/" + "a?" * 30 + "a" * 30 + "$"
    assert location_matches(hostile, False, "/" + "a" * 30) is None
    long_one = "^/api/" + "x" * 300 + "/(.*)$"
    assert location_matches(long_one, False, "/api/users") is None
    assert location_matches(r"^/api/(v1|v2)?/(.*)$", False, "/api/v2/users") is True
