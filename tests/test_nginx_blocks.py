"""nginx `upstream` and `server` blocks: a React front end behind an nginx that balances
`/api/` over a FastAPI model service's replicas, or serves several host names, written in
docker-compose.yml."""

from __future__ import annotations

import pytest

from conftest import RepoFactory, package_json
from seamcheck.seams.nginx import uncommented, upstreams
from seams_helpers import findings, links, problems

COMPOSE = """\
services:
  web:
    build: ./web
  model:
    build: ./model
  search:
    build: ./search
  nginx:
    image: nginx:1.27
    ports: ["80:80"]
    volumes:
      - ./deploy/nginx.conf:/etc/nginx/conf.d/default.conf
      - ./deploy/upstreams.conf:/etc/nginx/conf.d/upstreams.conf
"""

MODEL = """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
async def predict(payload: dict) -> dict:
    return {"label": 1}


@app.get("/items/{item_id}")
async def item(item_id: int) -> dict:
    return {"id": item_id}
"""

SEARCH = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/query")
async def query(q: str) -> dict:
    return {"hits": []}
"""

API_JS = """\
export const predict = (features) =>
  fetch('/api/predict', { method: 'POST', body: JSON.stringify(features) });
export const item = (id) => fetch(`/api/items/${id}`);
export const typo = () => fetch('/api/predcit', { method: 'POST' });
export const query = (q) => fetch(`/search/query?q=${q}`);
export const mixed = () => fetch('/mixed/query');
export const socket = () => fetch('/sock/predict', { method: 'POST' });
"""

NGINX = """\
upstream model_pool {
    least_conn;
    server model:8000 max_fails=3 fail_timeout=10s;
    server model:8000 backup;
    server retired-model:8000 down;
    keepalive 16;
}

# upstream mixed_pool { server model:8000; }
upstream mixed_pool {
    server model:8000;
    server search:8000;
}

upstream socket_pool {
    server unix:/run/model.sock;
}

server {
    listen 80;

    location /api/ {
        proxy_pass http://model_pool/;
    }

    location /search/ {
        proxy_pass http://search_pool/;
    }

    location /mixed/ {
        proxy_pass http://mixed_pool/;
    }

    location /sock/ {
        proxy_pass http://socket_pool/;
    }
}
"""

# The React front end and the two FastAPI services every repository here has.
APP = {
    "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
    "web/src/api.js": API_JS,
    "model/requirements.txt": "fastapi\n",
    "model/main.py": MODEL,
    "search/requirements.txt": "fastapi\n",
    "search/main.py": SEARCH,
}

# Where API_JS's calls land when nginx takes /api/ to the model and /search/ to search.
API_LINKS = [
    "web/src/api.js:2 POST /predict -> model linked model/main.py:6 via nginx location /api/",
    "web/src/api.js:3 GET /items/{id} -> model linked model/main.py:11 via nginx location /api/",
    "web/src/api.js:4 POST /predcit -> model broken - via nginx location /api/",
    "web/src/api.js:5 GET /query -> search linked search/main.py:6 via nginx location /search/",
]

# In a file of its own, as `include conf.d/*.conf` puts it beside the server block.
UPSTREAMS = """\
upstream search_pool {
    server search:8000;
}
"""


def test_proxy_pass_to_an_upstream_block_reaches_the_service_it_balances_over(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": NGINX,
            "deploy/upstreams.conf": UPSTREAMS,
            **APP,
        }
    )
    # Before: 'model_pool' and 'search_pool' named no service, so every call through nginx
    # was unresolved, and the typo was not found.
    assert links(root) == API_LINKS
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 web/src/api.js:4 POST /predcit reaches 'model' through nginx location /api/ "
        "(deploy/nginx.conf:22), which serves no such route; did you mean POST /predict "
        "(model/main.py:6)?"
    ]
    # Servers of more than one service, or a Unix socket: where a call lands is not known.
    assert problems(root) == [
        "web/src/api.js:6 /mixed/query: nginx location /mixed/ (deploy/nginx.conf:30) "
        "forwards to http://mixed_pool/: nginx upstream 'mixed_pool' (deploy/nginx.conf:10) "
        "balances over services model, search",
        "web/src/api.js:7 /sock/predict: nginx location /sock/ (deploy/nginx.conf:34) "
        "forwards to http://socket_pool/: nginx upstream 'socket_pool' "
        "(deploy/nginx.conf:15) balances over unix:/run/model.sock: "
        "'unix:/run/model.sock' is a Unix socket",
    ]


def test_an_upstream_defined_differently_in_two_files_is_not_guessed(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": "server {\n  location /api/ { proxy_pass http://pool/; }\n}\n",
            "deploy/a.conf": "upstream pool { server model:8000; }\n",
            "deploy/b.conf": "upstream pool { server search:8000; }\n",
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": "export const p = () => fetch('/api/predict', {method: 'POST'});\n",
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
            "search/requirements.txt": "fastapi\n",
            "search/main.py": SEARCH,
        }
    )
    assert links(root) == []
    assert problems(root) == [
        "web/src/api.js:1 /api/predict: nginx location /api/ (deploy/nginx.conf:2) forwards "
        "to http://pool/: an nginx upstream of that name is defined in deploy/a.conf, "
        "deploy/b.conf"
    ]


def test_upstream_blocks_are_read_as_nginx_reads_them() -> None:
    text = """
        # upstream commented { server old:1; }
        upstream API {
            zone api 64k;
            server api-1:8000 weight=5;
            server "api-2:8000";  # quoted
            server api-3:8000 down;
        }
        upstream api { server shadowed:1; }
        upstream empty {}
    """
    found = upstreams(text)
    assert sorted(found) == ["api", "empty"]
    assert found["api"].servers == ("api-1:8000", "api-2:8000")
    assert found["api"].line == 3
    assert found["empty"].servers == ()


def test_only_the_server_blocks_that_serve_the_front_end_take_its_calls(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                # search.example.com: the search API alone.
                server {
                    listen 80;
                    server_name search.example.com;
                    location /api/ {
                        proxy_pass http://search:8000/;
                    }
                }

                # www.example.com: the React app's build, and its API.
                server {
                    listen 80;
                    server_name www.example.com;
                    location /api/ {
                        proxy_pass http://model:8000/;
                    }
                    location / {
                        root /usr/share/nginx/html;
                        try_files $uri /index.html;
                    }
                }
                """,
            **APP,
        }
    )
    # Before: both blocks' `location /api/` were one list, the first taken, and the calls
    # went to the search service: false SC104 errors for /predict and /items/{id}.
    assert [line for line in links(root) if "/api/" in line] == [
        "web/src/api.js:2 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:3 GET /items/{id} -> model linked model/main.py:11 "
        "via nginx location /api/",
        "web/src/api.js:4 POST /predcit -> model broken - via nginx location /api/",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 web/src/api.js:4 POST /predcit reaches 'model' through nginx location /api/ "
        "(deploy/nginx.conf:14), which serves no such route; did you mean POST /predict "
        "(model/main.py:6)?"
    ]


TEMPLATE_MOUNTS = [
    "- ./deploy/templates:/etc/nginx/templates:ro",
    "- {type: bind, source: ./deploy/templates, target: /etc/nginx/templates}",
]


@pytest.mark.parametrize("mount", TEMPLATE_MOUNTS)
def test_an_nginx_template_is_read_with_the_environment_compose_gives_nginx(
    repo: RepoFactory, mount: str
) -> None:
    root = repo(
        {
            "docker-compose.yml": f"""\
                services:
                  web:
                    build: ./web
                  model:
                    build: ./model
                  nginx:
                    image: nginx:1.27
                    ports: ["80:80"]
                    environment:
                      - MODEL_HOST=model
                      - MODEL_PORT=8000
                    volumes:
                      {mount}
                """,
            # The nginx image renders it into conf.d at start-up (envsubst).
            "deploy/templates/default.conf.template": """\
                server {
                    listen 80;
                    location /api/ {
                        proxy_pass http://${MODEL_HOST}:${MODEL_PORT}/;
                        proxy_set_header Host $host;
                    }
                    location /raw/ {
                        proxy_pass http://${SEARCH_HOST}/;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const predict = () => fetch('/api/predict', { method: 'POST' });
                export const typo = () => fetch('/api/predcit', { method: 'POST' });
                export const raw = () => fetch('/raw/query');
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
        }
    )
    # Before: templates were not read, so the calls were unresolved and the typo not found.
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:2 POST /predcit -> model broken - via nginx location /api/",
    ]
    # A variable compose does not give nginx is not guessed: the call stays unresolved.
    assert problems(root) == [
        "web/src/api.js:3 /raw/query: nginx location /raw/ "
        "(deploy/templates/default.conf.template:7) forwards to http://${SEARCH_HOST}/: "
        "host '${search_host}' names no service (compose service, hostname, alias, "
        "Kubernetes service, folder, or [services.NAME] hosts)"
    ]


def test_a_server_blocks_own_rewrites_run_before_its_locations(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                server {
                    listen 80;
                    # Old clients still ask for /api/v1/...; the API moved to /api/.
                    rewrite ^/api/v1/(.*)$ /api/$1 last;
                    rewrite ^/api/v2/(\\w+)$ /api/$1 last;
                    # Trailing slashes go (a rewrite seamcheck cannot follow, which leaves
                    # paths without one alone).
                    rewrite ^/(.*)/$ /$1 permanent;
                    if ($http_x_beta) {
                        rewrite ^/beta/(.*)$ /api/$1 last;
                    }
                    location /api/ {
                        proxy_pass http://model:8000/;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const old = () => fetch('/api/v1/predict', { method: 'POST' });
                export const now = () => fetch('/api/items/3');
                export const beta = () => fetch('/beta/items/3');
                export const v2 = () => fetch('/api/v2/predict', { method: 'POST' });
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
        }
    )
    # Before: the server block's rewrites were not read, and /api/v1/predict reached the
    # model as /v1/predict: a false SC104. A rewrite under `if` may apply only to the paths
    # its expression matches.
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:2 GET /items/3 -> model linked model/main.py:11 via nginx location /api/",
        "web/src/api.js:4 POST /api/v2/predict -> model unsure - via nginx location /api/",
    ]
    assert [line for line in findings(root) if line.startswith("SC107")] == [
        "SC107 web/src/api.js:3 fetch call GET /beta/items/3 not linked to a service route: "
        "relative URL '/beta/items/3' from browser app 'web' and no proxy (vite server.proxy, "
        "package.json proxy, nginx location) forwards it",
        "SC107 web/src/api.js:4 fetch call POST /api/v2/predict not linked to a service route: "
        "nginx server block (deploy/nginx.conf:1) may rewrite it (`rewrite "
        "^/api/v2/(\\w+)$ /api/$1 last`), which seamcheck cannot follow",
    ]
    # No location takes /beta/ unless that rewrite applies: not linked, never broken.
    assert problems(root) == [
        "web/src/api.js:3 /beta/items/3: relative URL '/beta/items/3' from browser app 'web' "
        "and no proxy (vite server.proxy, package.json proxy, nginx location) forwards it"
    ]


# Two ways an nginx file serves the React build beside other server blocks: a `location /`
# with its files, or a `root` of the block's own that serves every path no location takes.
APP_BLOCKS = {
    "location /": """\
        # www.example.com: the React build and its API.
        server {
            listen 443 ssl;
            server_name www.example.com;
            location /.well-known/acme-challenge/ { root /var/www/certbot; }
            location /api/ { proxy_pass http://model:8000/; }
            location / {
                root /usr/share/nginx/html;
                try_files $uri /index.html;
            }
        }
        """,
    "root of the block": """\
        # www.example.com: the React build and its API.
        server {
            listen 443 ssl;
            server_name www.example.com;
            root /usr/share/nginx/html;
            location /api/ { proxy_pass http://model:8000/; }
        }
        """,
}


@pytest.mark.parametrize("app_block", APP_BLOCKS.values(), ids=APP_BLOCKS.keys())
def test_a_block_with_a_health_or_certbot_location_does_not_take_the_apps_calls(
    repo: RepoFactory, app_block: str
) -> None:
    other_blocks = """\
        # search.example.com: the search API; certbot answers its challenges here too.
        server {
            listen 443 ssl;
            server_name search.example.com;
            location /.well-known/acme-challenge/ { root /var/www/certbot; }
            location / { proxy_pass http://search:8000; }
        }

        # Inside the network only: nginx's status, and the search API again.
        server {
            listen 8081;
            location = /nginx_status { stub_status; }
            location /api/ { proxy_pass http://search:8000/; }
        }
        """
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": other_blocks + "\n" + app_block,
            **APP,
        }
    )
    # Before: a location that serves nothing of the app (the ACME challenge, nginx's
    # status) made its block one that serves the app, and the search API's blocks took
    # /api/predict: false SC104 errors. The blocks whose `/` (the app's page) nginx serves
    # from files take its calls.
    assert [line for line in links(root) if "/api/" in line] == [
        "web/src/api.js:2 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:3 GET /items/{id} -> model linked model/main.py:11 "
        "via nginx location /api/",
        "web/src/api.js:4 POST /predcit -> model broken - via nginx location /api/",
    ]
    assert [line.split(" (")[0] for line in findings(root) if line.startswith("SC104")] == [
        "SC104 web/src/api.js:4 POST /predcit reaches 'model' through nginx location /api/"
    ]


def test_server_blocks_saying_the_same_make_one_link_and_differing_ones_no_error(
    repo: RepoFactory,
) -> None:
    locations = """\
            location /api/ { proxy_pass http://model:8000/; }
            location / {
                root /usr/share/nginx/html;
                try_files $uri /index.html;
            }
    """
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            # The same host over http and https.
            "deploy/nginx.conf": (
                "server {\n    listen 80;\n" + locations + "}\n\n"
                "server {\n    listen 443 ssl;\n" + locations + "}\n"
            ),
            # Two hosts, each serving its own build; the web app's is one of them.
            "deploy/hosts.conf": """\
                server {
                    server_name www.example.com;
                    root /usr/share/nginx/web;
                    location /api/ { proxy_pass http://model:8000/; }
                }
                server {
                    server_name admin.example.com;
                    root /usr/share/nginx/admin;
                    location /api/ { proxy_pass http://search:8000/; }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const predict = () => fetch('/api/predict', { method: 'POST' });
                export const typo = () => fetch('/api/predcit', { method: 'POST' });
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
            "search/requirements.txt": "fastapi\n",
            "search/main.py": SEARCH,
        }
    )
    # One link through each file. Before: one link per block, so each call was listed, and
    # its typo reported, twice through deploy/nginx.conf; through deploy/hosts.conf the
    # admin host's /api/ gave a false SC104 for /api/predict. Which of those two hosts
    # serves the web app is not known: where they differ, nothing is broken.
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:1 POST /predict -> model linked model/main.py:6 via nginx location /api/",
        "web/src/api.js:1 POST /predict -> search unsure - via nginx location /api/",
        "web/src/api.js:2 POST /predcit -> model broken - via nginx location /api/",
        "web/src/api.js:2 POST /predcit -> model unsure - via nginx location /api/",
        "web/src/api.js:2 POST /predcit -> search unsure - via nginx location /api/",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 web/src/api.js:2 POST /predcit reaches 'model' through nginx location /api/ "
        "(deploy/nginx.conf:3), which serves no such route; did you mean POST /predict "
        "(model/main.py:6)?"
    ]
    assert next(line for line in findings(root) if line.startswith("SC107")) == (
        "SC107 web/src/api.js:1 fetch call POST /api/predict not linked to a service route: "
        "the nginx server blocks of deploy/hosts.conf send it to different places "
        "(model /predict, search /predict); which of them serves 'web' is not known"
    )


def test_a_server_blocks_break_rewrite_passes_the_path_whole(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                server {
                    listen 80;
                    # Builds of the app before /ml/ still ask for /v1/...
                    rewrite ^/v1/(.*)$ /ml/$1 break;
                    location /ml/ {
                        proxy_pass http://model:8000/;
                    }
                    location / {
                        root /usr/share/nginx/html;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const now = () => fetch('/ml/predict', { method: 'POST' });
                export const old = () => fetch('/v1/predict', { method: 'POST' });
                export const status = () => fetch('/v1/status');
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL
            + '''

@app.get("/ml/status")
async def legacy_status() -> dict:
    """Still answered under the path old builds reach it by."""
    return {"ok": True}
''',
        }
    )
    # nginx: `break` among a server block's rewrites, as in a location, makes proxy_pass
    # pass the changed path whole (its URI part ignored). Before, /ml/ was replaced as for
    # a path asked for: /v1/status gave a false SC104 and /v1/predict a link to /predict,
    # which the model never gets.
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> model linked model/main.py:6 via nginx location /ml/",
        "web/src/api.js:2 POST /ml/predict -> model broken - via nginx location /ml/",
        "web/src/api.js:3 GET /ml/status -> model linked model/main.py:16 via nginx location /ml/",
    ]


# Compose passes these on from the shell that runs it: their values are not in the file.
PASSED_ON = [
    "environment:\n  - MODEL_HOST=model\n  - MODEL_ROOT",
    "environment:\n  MODEL_HOST: model\n  MODEL_ROOT:",
]


@pytest.mark.parametrize("environment", PASSED_ON)
def test_a_template_variable_compose_passes_on_from_the_shell_is_not_rendered_empty(
    repo: RepoFactory, environment: str
) -> None:
    nginx_service = (
        "  nginx:\n    image: nginx:1.27\n    ports: ['80:80']\n"
        "    volumes:\n      - ./deploy/templates:/etc/nginx/templates:ro\n"
        + "".join(f"    {line}\n" for line in environment.splitlines())
    )
    root = repo(
        {
            "docker-compose.yml": "services:\n  web:\n    build: ./web\n  model:\n"
            "    build: ./model\n" + nginx_service,
            "deploy/templates/default.conf.template": """\
                server {
                    listen 80;
                    location /api/ {
                        proxy_pass http://${MODEL_HOST}:8000${MODEL_ROOT}/;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": "export const p = () => fetch('/api/predict', {method: 'POST'});\n",
            "model/requirements.txt": "fastapi\n",
            "model/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/v1/predict")
                async def predict(payload: dict) -> dict:
                    return {"label": 1}
                """,
        }
    )
    # Before: MODEL_ROOT was rendered empty, so the call reached the model as /predict: a
    # false SC104 (with MODEL_ROOT=/v1 in the shell, nginx passes /v1/predict).
    assert [line for line in findings(root) if line.startswith("SC104")] == []
    assert links(root) == [
        "web/src/api.js:1 POST /api/predict -> model unsure - via nginx location /api/"
    ]


def test_commented_out_locations_and_blocks_are_not_read(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "deploy/nginx.conf": """\
                # upstream model_pool { server search:8000; }
                server {
                    listen 80;
                    #location /api/ {
                    #    proxy_pass http://search:8000/;
                    #}
                    location /api/ {
                        proxy_pass http://model:8000/;
                    }
                    # location /search/ { proxy_pass http://model:8000/; }
                    location /search/ {
                        add_header X-Note "not # a comment";  # but this is
                        proxy_pass http://search:8000/;
                    }
                }
                # server {
                #     location /search/query { proxy_pass http://model:8000; }
                # }
                """,
            **APP,
        }
    )
    # Before: the commented-out `location /api/`, its proxy_pass commented too, came first
    # and seemed to serve /api/ itself (the calls vanished); the one-line `location /search/`
    # sent /search/query to the model: a false SC104.
    assert links(root) == API_LINKS
    text = "location /a/ { # x {\n  return 200 'a # b'; } #\n"
    assert uncommented(text) == "location /a/ {      \n  return 200 'a # b'; }  \n"


def test_another_files_upstream_does_not_override_a_service_of_that_name(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  web:
                    build: ./web
                  api:
                    build: ./model
                  search:
                    build: ./search
                  nginx:
                    image: nginx:1.27
                    ports: ["80:80"]
                    volumes:
                      - ./deploy/nginx.dev.conf:/etc/nginx/conf.d/default.conf
                """,
            # Development: `api` is the compose service, on port 80.
            "deploy/nginx.dev.conf": """\
                server {
                    listen 80;
                    location /api/ { proxy_pass http://api/; }
                    location / { root /usr/share/nginx/html; }
                }
                """,
            # Another deployment's configuration, never loaded beside the one above.
            "deploy/cluster/upstreams.conf": "upstream api { server search:8000; }\n",
            **APP,
        }
    )
    # Before: the other file's `upstream api` took the calls to the search service: false
    # SC104 errors. Whether nginx loads it with this file is not known.
    assert [line for line in findings(root) if line.startswith("SC104")] == []
    assert problems(root)[0] == (
        "web/src/api.js:2 /api/predict: nginx location /api/ (deploy/nginx.dev.conf:3) "
        "forwards to http://api/: host 'api' reaches 'api' (compose service 'api'), and the "
        "nginx upstream 'api' of deploy/cluster/upstreams.conf balances over other "
        "servers; which nginx loads is not known"
    )


# Redirects of a server block that depend only on the host or scheme asked for: the browser
# app's page was sent on by them before its code ran, so its relative calls never meet them.
ORIGIN_REDIRECTS = {
    "www to apex": """\
        if ($host = www.example.com) {
            rewrite ^/(.*)$ https://example.com/$1 permanent;
        }""",
    "https behind a load balancer": """\
        if ($http_x_forwarded_proto != "https") {
            rewrite ^ https://$host$request_uri? permanent;
        }""",
}


@pytest.mark.parametrize("redirect", ORIGIN_REDIRECTS.values(), ids=ORIGIN_REDIRECTS.keys())
def test_a_www_or_https_redirect_under_if_leaves_the_apps_calls_linked(
    repo: RepoFactory, redirect: str
) -> None:
    def nginx(server_rewrite: str) -> str:
        return (
            "server {\n    listen 80;\n    server_name example.com www.example.com;\n"
            f"{server_rewrite}\n"
            "    location / { root /usr/share/nginx/html; try_files $uri /index.html; }\n"
            "    location /api/ { proxy_pass http://model:8000/; }\n"
            "    location /search/ { proxy_pass http://search:8000/; }\n"
            "}\n"
        )

    root = repo({"docker-compose.yml": COMPOSE, "deploy/nginx.conf": nginx(redirect), **APP})
    # Before: "nginx server block may rewrite it", so every call was unsure and the typo
    # was not found.
    assert links(root) == API_LINKS
    assert [line.split(" reaches")[0] for line in findings(root) if line.startswith("SC104")] == [
        "SC104 web/src/api.js:4 POST /predcit"
    ]
    # A redirect that depends on the path asked for may meet the app's calls: still unsure.
    by_path = """\
        if ($request_uri ~ "^/api/") {
            rewrite ^/api/(.*)$ https://api.example.com/$1 permanent;
        }"""
    root = repo({"docker-compose.yml": COMPOSE, "deploy/nginx.conf": nginx(by_path), **APP})
    assert not [line for line in findings(root) if line.startswith("SC104")]


def test_a_file_with_a_block_never_closed_forwards_nothing(repo: RepoFactory) -> None:
    # nginx refuses to load it. Read on, every unclosed block ran to the end of the file:
    # a 17,500-line file of 2,500 such server blocks took minutes, now well under a second.
    blocks = "".join(
        f"server {{\n  listen 80;\n  server_name h{n}.example.com;\n"
        f"  location /api/ {{ proxy_pass http://model:8000/;\n\n"
        for n in range(200)
    )
    root = repo(
        {
            "deploy/conf.d/default.conf": blocks,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": "export const p = () => fetch('/api/predict', { method: 'POST' });\n",
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
        }
    )
    assert links(root) == []
    assert [p.split(": ", 1)[0] for p in problems(root)] == ["web/src/api.js:1 /api/predict"]
