"""nginx `uwsgi_pass`: a React front end behind an nginx that hands `/api/` to a Flask app
run by uWSGI, written in docker-compose.yml."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

COMPOSE = """\
services:
  web:
    build: ./web
  api:
    build: ./api
    command: uwsgi --socket :3031 --module app:app
  nginx:
    image: nginx:1.27
    ports: ["80:80"]
    volumes:
      - ./deploy/nginx.conf:/etc/nginx/conf.d/default.conf
"""

FLASK = """\
from flask import Flask

app = Flask(__name__)


@app.post("/api/predict")
def predict():
    return {"label": 1}


@app.get("/api/items/<int:item_id>")
def item(item_id):
    return {"id": item_id}
"""

API_JS = """\
export const predict = (x) => fetch('/api/predict', { method: 'POST', body: JSON.stringify(x) });
export const item = (id) => fetch(`/api/items/${id}`);
export const typo = () => fetch('/api/predcit', { method: 'POST' });
"""

APP = {
    "docker-compose.yml": COMPOSE,
    "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
    "web/src/api.js": API_JS,
    "api/requirements.txt": "flask\nuwsgi\n",
    "api/app.py": FLASK,
}


def nginx(api_location: str) -> str:
    return (
        "upstream api_pool { server api:3031; }\n\n"
        "server {\n"
        "    listen 80;\n"
        "    location / {\n"
        "        root /usr/share/nginx/html;\n"
        "        try_files $uri /index.html;\n"
        "    }\n"
        f"    location /api/ {{\n{api_location}    }}\n"
        "}\n"
    )


def test_uwsgi_pass_forwards_the_path_unchanged_to_the_service(repo: RepoFactory) -> None:
    for address in ("api:3031", "uwsgi://api:3031", "api_pool"):
        root = repo({**APP, "deploy/nginx.conf": nginx(f"        uwsgi_pass {address};\n")})
        # Before: a file without proxy_pass forwarded nothing, so every call was unresolved
        # ("no proxy forwards it") and the typo was not found.
        assert links(root) == [
            "web/src/api.js:1 POST /api/predict -> api linked api/app.py:6 via nginx location /api/",
            "web/src/api.js:2 GET /api/items/{id} -> api linked api/app.py:11 "
            "via nginx location /api/",
            "web/src/api.js:3 POST /api/predcit -> api broken - via nginx location /api/",
        ], address
        assert [line for line in findings(root) if line.startswith("SC104")] == [
            "SC104 web/src/api.js:3 POST /api/predcit reaches 'api' through nginx location "
            "/api/ (deploy/nginx.conf:9), which serves no such route; did you mean "
            "POST /api/predict (api/app.py:6)?"
        ]


def test_a_script_name_the_app_may_strip_makes_calls_unsure(repo: RepoFactory) -> None:
    # uWSGI's --manage-script-name takes SCRIPT_NAME off the path the app sees, so the app
    # may serve /predict for /api/predict: the calls are unsure, and above all no SC104.
    location = "        include uwsgi_params;\n        uwsgi_param SCRIPT_NAME /api;\n"
    root = repo({**APP, "deploy/nginx.conf": nginx(location + "        uwsgi_pass api:3031;\n")})
    assert {line.split(" -> ")[1] for line in links(root)} == {
        "api unsure - via nginx location /api/"
    }
    assert not [line for line in findings(root) if line.startswith("SC104")]
    assert (
        "SC107 web/src/api.js:3 fetch call POST /api/predcit not linked to a service route: "
        "nginx location /api/ (deploy/nginx.conf:9) may rewrite it (`uwsgi_param SCRIPT_NAME "
        "/api`), which seamcheck cannot follow"
    ) in findings(root)


def test_a_unix_socket_is_named_as_such(repo: RepoFactory) -> None:
    for passing, forwards in (
        ("uwsgi_pass unix:/run/api.sock;", "unix:/run/api.sock"),
        ("proxy_pass http://unix:/run/api.sock:/;", "http://unix:/run/api.sock:/"),
    ):
        root = repo({**APP, "deploy/nginx.conf": nginx(f"        {passing}\n")})
        # Before: "no proxy forwards it" (uwsgi_pass) and "host 'unix' names no service".
        assert problems(root)[0] == (
            f"web/src/api.js:1 /api/predict: nginx location /api/ (deploy/nginx.conf:9) "
            f"forwards to {forwards}: 'unix:/run/api.sock' is a Unix socket"
        )
