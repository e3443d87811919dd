"""A call to the right host on the wrong port (`seams/listening.py`): a Node gateway calling a
FastAPI model service by its compose name or its Kubernetes Service name. Before, the call was
linked by its path alone, whatever port it named: `http://ml-service:9000/predict` to a
container whose uvicorn listens on 8000 (compose publishing it as "9000:8000", the port the
host reaches) never lands, and nothing said so. It is a broken seam (SC104) only where all the
container listens on is known; a server seamcheck cannot read the port of leaves the call
linked, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

_GATEWAY = """\
    const express = require("express");
    const ML_URL = process.env.ML_URL;
    const app = express();
    app.post("/api/score", async (req, res) => {
      const reply = await fetch(`${ML_URL}/predict`, { method: "POST" });
      res.json(await reply.json());
    });
    app.listen(3000);
    """

_MODEL = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/predict")
    async def predict(payload: dict) -> dict:
        return {"label": "dog"}
    """

_UVICORN = 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n'


def _repo(
    ml_url: str,
    ml_compose: str = '    ports:\n      - "9000:8000"\n',
    cmd: str = _UVICORN,
    more: dict[str, str] | None = None,
) -> dict[str, str]:
    return {
        "docker-compose.yml": (
            "services:\n"
            "  gateway:\n"
            "    build: ./gateway\n"
            "    environment:\n"
            f"      ML_URL: {ml_url}\n"
            "  ml-service:\n"
            "    build: ./ml\n" + ml_compose
        ),
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "^4.19.0"}, scripts={"start": "node src/server.js"}
        ),
        "gateway/src/server.js": _GATEWAY,
        "gateway/Dockerfile": 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
        "ml/requirements.txt": "fastapi\nuvicorn\nprometheus-client\n",
        "ml/app/__init__.py": "",
        "ml/app/main.py": _MODEL,
        "ml/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\n" + cmd,
        **(more or {}),
    }


def _broken(root: Path) -> list[str]:
    return [line for line in findings(root) if line.startswith("SC104")]


_LINKED = ["gateway/src/server.js:5 POST /predict -> ml-service linked ml/app/main.py:6"]
_ON_9000 = (
    "SC104 gateway/src/server.js:5 POST /predict reaches 'ml-service' on port 9000, where it "
    "does not listen: compose service 'ml-service' listens on 8000 (uvicorn in ml/Dockerfile:5, "
    "EXPOSE in ml/Dockerfile:4, compose ports 9000:8000 in docker-compose.yml:9)"
)


def test_a_call_on_the_host_side_of_a_port_mapping_is_broken(repo: RepoFactory) -> None:
    root = repo(_repo("http://ml-service:9000"))
    assert [line for line in findings(root) if not line.startswith("SC103")] == [
        f"{_ON_9000}; 9000 is the host side of compose ports 9000:8000, which reaches the "
        "container from the host only; did you mean port 8000?",
        "  ml/Dockerfile:5 compose service 'ml-service' listens on 8000: uvicorn",
        "  ml/Dockerfile:4 compose service 'ml-service' listens on 8000: EXPOSE",
        "  docker-compose.yml:9 compose service 'ml-service' listens on 8000: compose ports "
        "9000:8000",
    ]
    assert links(root) == [
        "gateway/src/server.js:5 POST /predict -> ml-service broken -",
    ]


def test_a_call_on_the_container_port_links(repo: RepoFactory) -> None:
    root = repo(_repo("http://ml-service:8000"))
    assert links(root) == _LINKED
    assert _broken(root) == []


def test_a_port_no_server_of_the_service_listens_on_is_broken(repo: RepoFactory) -> None:
    # `expose:` names the port, and the uvicorn the Dockerfile starts listens on another.
    root = repo(_repo("http://ml-service:8080", '    expose:\n      - "8000"\n'))
    assert [line.split(": ", 1)[1] for line in _broken(root)] == [
        "compose service 'ml-service' listens on 8000 (uvicorn in ml/Dockerfile:5, EXPOSE in "
        "ml/Dockerfile:4, compose expose 8000 in docker-compose.yml:9); did you mean port 8000?"
    ]


def test_the_port_the_code_listens_on_when_the_image_runs_it(repo: RepoFactory) -> None:
    main = _MODEL + (
        '\n\nif __name__ == "__main__":\n'
        "    import uvicorn\n\n"
        '    uvicorn.run(app, host="0.0.0.0", port=8000)\n'
    )
    files = _repo("http://ml-service:9000", "", 'CMD ["python", "-m", "app.main"]\n')
    wrong = repo({**files, "ml/app/main.py": main})
    assert [line.split(": ", 1)[1] for line in _broken(wrong)] == [
        "compose service 'ml-service' listens on 8000 (uvicorn.run in ml/app/main.py:14, EXPOSE "
        "in ml/Dockerfile:4); did you mean port 8000?"
    ]


def test_a_port_the_environment_may_set_is_not_known(repo: RepoFactory) -> None:
    """`port=int(os.environ.get("PORT", "8000"))`: compose's `env_file` is not in the
    repository, and may set PORT to 9000."""
    main = _MODEL + (
        '\n\nif __name__ == "__main__":\n'
        "    import os\n\n"
        "    import uvicorn\n\n"
        '    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))\n'
    )
    cmd = 'CMD ["python", "-m", "app.main"]\n'
    env_file = repo(
        {**_repo("http://ml-service:9000", "    env_file: .env\n", cmd), "ml/app/main.py": main}
    )
    assert links(env_file) == _LINKED
    # Where compose sets it, it is known.
    compose_sets = repo(
        {
            **_repo("http://ml-service:9000", '    environment:\n      PORT: "8000"\n', cmd),
            "ml/app/main.py": main,
        }
    )
    assert [line.split(",")[0] for line in _broken(compose_sets)] == [
        "SC104 gateway/src/server.js:5 POST /predict reaches 'ml-service' on port 9000"
    ]


_METRICS_FROM_SETTINGS = (
    "\n\nimport os\n\nfrom prometheus_client import start_http_server\n\n"
    'start_http_server(int(os.environ["METRICS_PORT"]))\n'
)
_ADMIN_SERVER = (
    "\n\nimport asyncio\nimport os\n\n\n"
    "async def serve_admin(handle) -> None:\n"
    '    await asyncio.start_server(handle, "0.0.0.0", int(os.environ["ADMIN_PORT"]))\n'
)


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        ({"ml/app/main.py": _MODEL + _METRICS_FROM_SETTINGS}, "a metrics server on a setting"),
        ({"ml/app/main.py": _MODEL + _ADMIN_SERVER}, "asyncio.start_server on a setting"),
        ({"ml/Dockerfile": "FROM python:3.12\nCOPY . .\nCMD uvicorn app.main:app\n"}, "no port"),
        (
            {
                "ml/Dockerfile": 'FROM python:3.12\nCOPY . .\nCMD ["sh", "-c", "celery -A app '
                'worker & uvicorn app.main:app --port 8000"]\n'
            },
            "a program seamcheck does not read",
        ),
        (
            {"ml/Dockerfile": 'FROM python:3.12\nCOPY . .\nENTRYPOINT ["/opt/start.sh"]\n'},
            "a script not in the repository",
        ),
    ],
)
def test_a_server_whose_port_is_not_known_leaves_the_call_linked(
    repo: RepoFactory, changed: dict[str, str], why: str
) -> None:
    files = _repo("http://ml-service:9000")
    assert _broken(repo(files)), why  # all it listens on known: the wrong port is broken
    root = repo({**files, **changed})
    assert links(root) == _LINKED, why
    assert _broken(root) == [], why


def test_a_container_sharing_the_network_may_listen_there(repo: RepoFactory) -> None:
    sidecar = (
        '    ports:\n      - "9000:8000"\n'
        "  metrics:\n    image: prom/statsd-exporter\n"
        '    network_mode: "service:ml-service"\n'
    )
    assert _broken(repo(_repo("http://ml-service:9000")))
    root = repo(_repo("http://ml-service:9000", sidecar))
    assert links(root) == _LINKED
    assert _broken(root) == []


_SERVICE = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ml
    spec:
      selector: {{matchLabels: {{app: ml}}}}
      template:
        metadata:
          labels: {{app: ml}}
        spec:
          containers:
            - name: ml
              image: registry.example.com/ml:1.4
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: ml
    spec:
      {headless}selector: {{app: ml}}
      ports:
        - name: http
          port: 80
          targetPort: 8000
    """


def _kube(ml_url: str, headless: bool = False) -> dict[str, str]:
    deployment = """\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: gateway
        spec:
          selector: {{matchLabels: {{app: gateway}}}}
          template:
            metadata:
              labels: {{app: gateway}}
            spec:
              containers:
                - name: gateway
                  image: registry.example.com/gateway:2.0
                  env:
                    - name: ML_URL
                      value: {url}
        """
    files = _repo(ml_url)
    del files["docker-compose.yml"]
    return {
        **files,
        "k8s/gateway.yaml": deployment.format(url=ml_url),
        "k8s/ml.yaml": _SERVICE.format(headless="clusterIP: None\n      " if headless else ""),
    }


def test_a_kubernetes_service_takes_calls_on_its_port_not_the_pods(repo: RepoFactory) -> None:
    on_target = repo(_kube("http://ml:8000"))
    assert findings(on_target) == [
        "SC104 gateway/src/server.js:5 POST /predict reaches 'ml' on port 8000, where it does "
        "not listen: Kubernetes Service 'ml' listens on 80 (Service port in k8s/ml.yaml:23); "
        "did you mean port 80?",
        "  k8s/ml.yaml:23 Kubernetes Service 'ml' listens on 80: Service port",
    ]
    for url in ("http://ml:80", "http://ml", "http://ml.default.svc.cluster.local:80"):
        root = repo(_kube(url))
        assert links(root) == [
            "gateway/src/server.js:5 POST /predict -> ml linked ml/app/main.py:6"
        ], url
    # A headless Service's name is its pods' addresses: whatever they listen on answers.
    assert _broken(repo(_kube("http://ml:8000", headless=True))) == []


def test_a_proxy_to_the_wrong_port_breaks_each_call_it_forwards(repo: RepoFactory) -> None:
    files = {
        **_repo("http://ml-service:8000"),
        "docker-compose.yml": (
            "services:\n"
            "  nginx:\n    image: nginx:1.27\n"
            "    volumes: ['./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro']\n"
            "  gateway:\n    build: ./gateway\n"
            "    environment:\n      ML_URL: http://ml-service:8000\n"
            "  ml-service:\n    build: ./ml\n"
        ),
        "gateway/Dockerfile": 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n',
        "deploy/nginx.conf": (
            "server {\n  listen 80;\n  location / { root /srv/web; }\n"
            "  location /api/ { proxy_pass http://gateway:8080; }\n}\n"
        ),
        "web/package.json": package_json("web", dependencies={"react": "^18.3.0"}),
        "web/src/api.ts": (
            "export async function score(): Promise<unknown> {\n"
            '  const res = await fetch("/api/score", { method: "POST" });\n'
            "  return res.json();\n}\n"
        ),
    }
    assert _broken(repo(files)) == [
        "SC104 web/src/api.ts:2 POST /api/score reaches 'gateway' through nginx location "
        "/api/ (deploy/nginx.conf:4) on port 8080, where it does not listen: compose service "
        "'gateway' listens on 3000 (app.listen in gateway/src/server.js:8); did you mean port "
        "3000?"
    ]


def test_every_server_the_service_is_known_to_start_is_listed(repo: RepoFactory) -> None:
    metrics = (
        _MODEL + "\n\nfrom prometheus_client import start_http_server\n\nstart_http_server(9100)\n"
    )
    root = repo({**_repo("http://ml-service:9000", ""), "ml/app/main.py": metrics})
    assert [line.split(": ", 1)[1] for line in _broken(root)] == [
        "compose service 'ml-service' listens on 8000 (uvicorn in ml/Dockerfile:5, EXPOSE in "
        "ml/Dockerfile:4), 9100 (start_http_server in ml/app/main.py:13)"
    ]


_NODE_TARGET = """\
    const express = require("express");
    const {{ WebSocketServer }} = require("ws");
    const app = express();
    app.get("/api/items", (req, res) => res.json([]));
    const server = app.listen(3000);
    const wss = new WebSocketServer({options});
    """


@pytest.mark.parametrize(
    ("options", "listened"),
    [
        (
            "{ port: 8081 }",
            "3000 (app.listen in api/src/server.js:5), 8081 (WebSocketServer in "
            "api/src/server.js:6)",
        ),
        # Attached to the express app's server: no port of its own.
        ("{ server }", "3000 (app.listen in api/src/server.js:5); did you mean port 3000?"),
    ],
)
def test_a_node_service_listens_where_its_servers_do(
    repo: RepoFactory, options: str, listened: str
) -> None:
    root = repo(
        {
            "docker-compose.yml": "services:\n  worker:\n    build: ./worker\n"
            "  api:\n    build: ./api\n",
            "worker/requirements.txt": "requests\n",
            "worker/worker.py": (
                "import requests\n\n\ndef sync() -> None:\n"
                '    requests.get("http://api:4000/api/items")\n'
            ),
            "worker/Dockerfile": 'FROM python:3.12\nCOPY . .\nCMD ["python", "worker.py"]\n',
            "api/package.json": package_json("api", dependencies={"express": "4", "ws": "8"}),
            "api/src/server.js": _NODE_TARGET.format(options=options),
            "api/Dockerfile": 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n',
        }
    )
    assert [line.split(": ", 1)[1] for line in _broken(root)] == [
        f"compose service 'api' listens on {listened}"
    ]


def test_places_that_disagree_on_the_url_say_which_names_a_wrong_port(repo: RepoFactory) -> None:
    """Compose gives the gateway one port, its Kubernetes Deployment another: the call lands
    with one value only, so it is not known to land (SC107), saying why the other does not."""
    deployment = """\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: gateway
        spec:
          selector: {matchLabels: {app: gateway}}
          template:
            metadata:
              labels: {app: gateway}
            spec:
              containers:
                - name: gateway
                  image: registry.example.com/gateway:2.0
                  env:
                    - name: ML_URL
                      value: http://ml-service:8000
        """
    root = repo({**_repo("http://ml-service:9000"), "k8s/gateway.yaml": deployment})
    assert [line.partition("; with ")[2] for line in findings(root) if "SC107" in line] == [
        "'http://ml-service:9000' (docker-compose.yml (gateway)), 'ml-service' is not listening "
        "on port 9000 (listens on 8000)"
    ]


def test_a_build_target_stage_runs_its_own_command(repo: RepoFactory) -> None:
    """`build: {target: dev}` runs the dev stage's uvicorn on 9000, not the final stage's
    on 8000. Before, the final stage's was read: a false SC104 on the right port."""
    dockerfile = (
        "FROM python:3.12-slim AS dev\nWORKDIR /app\nCOPY . .\n"
        'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "9000", "--reload"]\n'
        "FROM python:3.12-slim AS prod\nWORKDIR /app\nCOPY . .\n" + _UVICORN
    )
    build = "    build:\n      context: ./ml\n      target: dev\n"
    files = _repo("http://ml-service:9000", "", more={"ml/Dockerfile": dockerfile})
    root = repo({**files, "docker-compose.yml": files["docker-compose.yml"] + build})
    assert links(root) == _LINKED
    assert _broken(root) == []


def test_an_override_file_may_change_the_command(repo: RepoFactory) -> None:
    """`docker compose up` merges docker-compose.override.yml in: its `command:` starts
    uvicorn on 9000. Before, the image's CMD on 8000 was read alone: a false SC104."""
    override = (
        "services:\n  ml-service:\n    command: uvicorn app.main:app --host 0.0.0.0 --port 9000\n"
    )
    files = _repo("http://ml-service:9000", "")
    root = repo({**files, "docker-compose.override.yml": override})
    assert links(root) == _LINKED
    assert _broken(root) == []
