"""Every compose file is read, not only those `docker compose` reads unasked: a
`docker-compose.prod.yml`, `compose.production.yaml` or `deploy/docker-compose.staging.yml`
is a deployment of its own, as a Kubernetes overlay is; one that only changes a service
another file beside it writes whole (no `build:` nor `image:`, as `docker compose -f
docker-compose.yml -f docker-compose.prod.yml` is run) is merged over it. Before, only
`docker-compose.yml`, `compose.yaml` and their `.yaml`/`.yml` twins were read: what the
production file set was not known (SC107 "set nowhere in the repository"), and a wrong port
there was not caught. A service run by several files is one service, and a call broken in
each is one finding. A Node gateway calls a FastAPI model service."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RepoFactory, package_json, run_cli
from seamcheck.project import is_compose_file
from seams_helpers import findings, links

_GATEWAY = """\
    const express = require("express");
    const axios = require("axios");
    const app = express();
    app.post("/api/predict", async (req, res) => {
      const r = await axios.post(`${process.env.MODEL_URL}/predict`, req.body);
      res.json(r.data);
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

_DEV = """\
services:
  gateway:
    build: ./gateway
    ports:
      - "3000:3000"
  ml:
    build: ./model
    command: uvicorn app.main:app --host 0.0.0.0 --port 8000 --reload
"""


def _files(compose: dict[str, str]) -> dict[str, str]:
    """The gateway and the model, run by the `compose` files (name -> text)."""
    return {
        **compose,
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
        ),
        "gateway/src/server.js": _GATEWAY,
        "gateway/Dockerfile": 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "src/server.js"]\n',
        "model/requirements.txt": "fastapi\nuvicorn\n",
        "model/app/__init__.py": "",
        "model/app/main.py": _MODEL,
        "model/Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "app.main:app"]\n',
    }


_LINKED = "gateway/src/server.js:5 POST /predict -> ml linked model/app/main.py:6"


def test_a_production_overlay_sets_what_the_call_reads(repo: RepoFactory) -> None:
    """`docker-compose.prod.yml` gives the gateway MODEL_URL, over the services
    `docker-compose.yml` builds. Before, it was not read: "MODEL_URL is set nowhere"."""
    prod = "services:\n  gateway:\n    environment:\n      MODEL_URL: http://ml:8000\n"
    root = repo(_files({"docker-compose.yml": _DEV, "docker-compose.prod.yml": prod}))
    assert findings(root) == []
    assert links(root) == [_LINKED]
    # The overlay's gateway is the gateway of `docker-compose.yml`, run another way: the same
    # service, named by compose.
    services = run_cli("services", str(root)).stdout
    assert [line for line in services.splitlines() if not line.startswith(" ")][:2] == [
        "gateway",
        "ml",
    ]


@pytest.mark.parametrize(
    "name",
    ["compose.production.yaml", "docker-compose.prod.yml", "deploy/docker-compose-staging.yml"],
)
def test_a_wrong_port_in_a_file_of_its_own_is_caught(repo: RepoFactory, name: str) -> None:
    """A compose file for production, written whole, running the model on 9000 while the
    gateway calls it on 8000. Before, the file was not read: MODEL_URL was "set nowhere"."""
    up = "../" if "/" in name else "./"
    production = (
        "services:\n"
        f"  gateway:\n    build: {up}gateway\n"
        "    environment:\n      MODEL_URL: http://ml:8000\n"
        f"  ml:\n    build: {up}model\n"
        "    command: uvicorn app.main:app --host 0.0.0.0 --port 9000\n"
    )
    root = repo(_files({name: production}))
    assert findings(root) == [
        "SC104 gateway/src/server.js:5 POST /predict reaches 'ml' on port 8000, where it does "
        f"not listen: compose service 'ml' listens on 9000 (uvicorn in {name}:8); did you mean "
        "port 9000?",
        f"  {name}:8 compose service 'ml' listens on 9000: uvicorn",
    ]
    # Beside `docker-compose.yml`, which runs it on 8000, each file is a deployment: the
    # call lands on the development one's port; on 7000, on neither's.
    both = {**_files({"docker-compose.yml": _DEV, name: production})}
    assert findings(repo(both)) == []
    both[name] = production.replace("ml:8000", "ml:7000")
    # `docker-compose.yml`, which `docker compose` reads unasked, first.
    ways = [
        "compose service 'ml' (docker-compose.yml) listens on 8000 (uvicorn in "
        "docker-compose.yml:8)",
        f"compose service 'ml' ({name}) listens on 9000 (uvicorn in {name}:8)",
    ]
    assert findings(repo(both))[0] == (
        "SC104 gateway/src/server.js:5 POST /predict reaches 'ml' on port 7000, where it does "
        f"not listen: {'; '.join(ways)}"
    )


def test_the_same_service_in_two_files_is_one_service_and_one_finding(
    repo: RepoFactory,
) -> None:
    """Both files build the model (as `api`, from `model/`) and run it on 8000, where the
    gateway's call lands on no route: one service named `api`, one finding."""
    compose = (
        "services:\n"
        "  gateway:\n    build: ./gateway\n"
        "    environment:\n      MODEL_URL: http://api:8000/v2\n"
        "  api:\n    build: ./model\n"
        "    command: uvicorn app.main:app --host 0.0.0.0 --port 8000\n"
    )
    dev = compose.replace("--port 8000", "--port 8000 --reload")
    single = repo(_files({"docker-compose.yml": compose}))
    both = repo(_files({"docker-compose.yml": compose, "docker-compose.dev.yml": dev}))
    assert findings(single) == [
        "SC104 gateway/src/server.js:5 POST /v2/predict reaches 'api', which serves no such "
        "route; did you mean POST /predict (model/app/main.py:6)?",
        "  model/app/main.py:6 api serves POST /predict",
    ]
    assert findings(both) == findings(single)
    assert "api" in run_cli("services", str(both)).stdout.splitlines()


def test_an_overlay_that_changes_nothing_read_adds_no_deployment(repo: RepoFactory) -> None:
    """Open WebUI's `docker-compose.gpu.yaml` reserves a GPU for ollama: the same deployment,
    not another (a call on a wrong port names it once, with no file)."""
    gpu = (
        "services:\n  ml:\n    deploy:\n      resources:\n        reservations:\n"
        "          devices:\n            - driver: nvidia\n              count: 1\n"
    )
    dev = _DEV.replace(
        "  gateway:\n", "  gateway:\n    environment:\n      MODEL_URL: http://ml:9000\n"
    )
    root = repo(_files({"docker-compose.yml": dev, "docker-compose.gpu.yml": gpu}))
    assert findings(root)[0] == (
        "SC104 gateway/src/server.js:5 POST /predict reaches 'ml' on port 9000, where it does "
        "not listen: compose service 'ml' listens on 8000 (uvicorn in docker-compose.yml:10); "
        "did you mean port 8000?"
    )


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("docker-compose.yml", True),
        ("compose.yaml", True),
        ("docker-compose.prod.yml", True),
        ("docker-compose-dev.yaml", True),
        ("docker-compose_gpu.yml", True),
        ("compose.production.yaml", True),
        ("docker-compose.latest.yml", True),
        ("docker-compose.override.yml", False),  # merged over the file beside it
        # Tests and examples: no deployment of the repository.
        ("docker-compose.test.yml", False),
        ("docker-compose-tests.yaml", False),
        ("docker-compose_ci.yml", False),
        ("compose.ci.yaml", False),
        ("docker-compose.e2e.local.yml", False),
        ("docker-compose.integration-test.yml", False),
        ("docker-compose.example.yml", False),
        ("compose.sample.yaml", False),
        ("composer.yml", False),
        ("docker-compose.yml.example", False),
        ("my-docker-compose.yml", False),
    ],
)
def test_which_files_are_compose_files(name: str, read: bool) -> None:
    assert is_compose_file(name) is read


def test_a_merged_overlay_keeps_the_line_of_what_it_changes(tmp_path: Path) -> None:
    """An overlay's service merged over the base keeps the base's build and the overlay's
    command and environment, as compose merges them."""
    from seamcheck.config import Config
    from seamcheck.project import discover

    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  ml:\n    build: ./model\n    environment:\n      - A=1\n      - B=2\n"
        "    ports: ['8000:8000']\n"
    )
    (tmp_path / "docker-compose.prod.yml").write_text(
        "services:\n  ml:\n    environment:\n      B: 3\n    ports: ['9000:9000']\n"
        "    command: uvicorn app:app --port 9000\n"
    )
    compose = discover(tmp_path, Config()).compose
    assert [
        (c.file, c.build_context, c.environment, c.published_ports, c.command) for c in compose
    ] == [
        ("docker-compose.yml", "model", (("A", "1"), ("B", "2")), ("8000:8000",), None),
        (
            "docker-compose.prod.yml",
            "model",
            (("A", "1"), ("B", "3")),
            ("8000:8000", "9000:9000"),
            "uvicorn app:app --port 9000",
        ),
    ]


_TESTS = """\
services:
  gateway:
    build: ./gateway
    environment:
      MODEL_URL: http://ml-mock:1080
  ml-mock:
    image: mockserver/mockserver:5.15.0
  ml:
    build: ./model
    command: pytest -q
"""


@pytest.mark.parametrize("name", ["docker-compose.test.yml", "compose.ci.yaml"])
def test_a_compose_file_for_tests_is_no_deployment(repo: RepoFactory, name: str) -> None:
    """CI's compose file runs the gateway against a mock of the model, and the model's
    image under pytest. Read as a deployment, the mock was where the gateway's call may
    land (SC107 "MODEL_URL is set to different values", instead of the link and the
    wrong port of `docker-compose.yml`), and pytest made the model's port not known."""
    dev = _DEV.replace(
        "  gateway:\n", "  gateway:\n    environment:\n      MODEL_URL: http://ml:9000\n"
    )
    root = repo(_files({"docker-compose.yml": dev, name: _TESTS}))
    assert findings(root) == [
        "SC104 gateway/src/server.js:5 POST /predict reaches 'ml' on port 9000, where it does "
        "not listen: compose service 'ml' listens on 8000 (uvicorn in docker-compose.yml:10); "
        "did you mean port 8000?",
        "  docker-compose.yml:10 compose service 'ml' listens on 8000: uvicorn",
    ]
    fixed = repo(_files({"docker-compose.yml": dev.replace("ml:9000", "ml:8000"), name: _TESTS}))
    assert findings(fixed) == []
    assert links(fixed) == [_LINKED]


_NAMED_API = """\
services:
  gateway:
    build: ./gateway
    environment:
      MODEL_URL: http://api:8000
  api:
    build: ./model
    ports: ["8000:8000"]
    command: uvicorn app.main:app --host 0.0.0.0 --port 8000
"""


def test_a_service_keeps_the_name_docker_compose_yml_gives_it(repo: RepoFactory) -> None:
    """`docker-compose.prod.yml` runs the model as `model-api`, `docker-compose.yml` as
    `api`: the service is `api`, as before the production file was read, and the
    configuration's `[services.api]` still names it. Before, neither name won: the service
    was `model` (its folder's), and `[services.api]` stopped seamcheck with "no service of
    that name was detected"."""
    prod = (
        _NAMED_API.replace("api:8000", "model-api:8000")
        .replace("  api:\n", "  model-api:\n")
        .replace('"8000:8000"', '"80:8000"')
    )
    files = _files({"docker-compose.yml": _NAMED_API, "docker-compose.prod.yml": prod})
    root = repo({**files, "seamcheck.toml": '[services.api]\ntags = ["internal"]\n'})
    services = run_cli("services", str(root)).stdout
    assert [line for line in services.splitlines() if not line.startswith(" ")][:2] == [
        "api [internal]",
        "gateway",
    ]
    assert findings(root)[0].startswith("SC103 docker-compose.yml:8 service 'api' (python)")
    assert links(root) == [_LINKED.replace("-> ml linked", "-> api linked")]


def test_a_compose_name_two_files_build_differently_is_docker_compose_yml_s(
    repo: RepoFactory,
) -> None:
    """`docker-compose.prod.yml` builds `ml` from `model2/` (a model serving `/v2/predict`),
    `docker-compose.yml` from `model/`: a call to `ml` in the development deployment lands
    on `model/`. Before, the production file, read first (its name sorts first), took the
    name: a false SC104 "reaches 'model2', which serves no such route"."""
    dev = _DEV.replace(
        "  gateway:\n", "  gateway:\n    environment:\n      MODEL_URL: http://ml:8000\n"
    )
    prod = dev.replace("./model\n", "./model2\n")
    files = {
        **_files({"docker-compose.yml": dev, "docker-compose.prod.yml": prod}),
        "model2/requirements.txt": "fastapi\nuvicorn\n",
        "model2/app/__init__.py": "",
        "model2/app/main.py": _MODEL.replace('"/predict"', '"/v2/predict"'),
        "model2/Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "app.main:app"]\n',
    }
    root = repo(files)
    assert findings(root) == []
    assert links(root) == [_LINKED]
    services = run_cli("services", str(root)).stdout
    assert [line for line in services.splitlines() if not line.startswith(" ")][:3] == [
        "gateway",
        "ml",
        "model2",
    ]


def test_an_overlay_shows_what_it_runs_where_the_file_under_it_writes_it(
    repo: RepoFactory,
) -> None:
    """`docker-compose.gpu.yml` gives `ml` a variable, over `docker-compose.yml` and over
    `docker-compose.prod.yml`: each is a deployment, named by both files, and the command
    it runs is shown where it is written. Before, each was "compose service 'ml'
    (docker-compose.gpu.yml)", the two alike, and its uvicorn "in docker-compose.gpu.yml:2",
    a line that does not run it."""
    dev = _DEV.replace(
        "  gateway:\n", "  gateway:\n    environment:\n      MODEL_URL: http://ml:9000\n"
    )
    prod = dev.replace("--port 8000 --reload", "--port 8001")
    gpu = "services:\n  ml:\n    environment:\n      CUDA_VISIBLE_DEVICES: '0'\n"
    root = repo(
        _files(
            {
                "docker-compose.yml": dev,
                "docker-compose.prod.yml": prod,
                "docker-compose.gpu.yml": gpu,
            }
        )
    )
    assert findings(root)[1:] == [
        "  docker-compose.yml:10 compose service 'ml' (docker-compose.yml) listens on 8000: "
        "uvicorn",
        "  docker-compose.prod.yml:10 compose service 'ml' (docker-compose.prod.yml) listens "
        "on 8001: uvicorn",
        "  docker-compose.yml:10 compose service 'ml' (docker-compose.yml with "
        "docker-compose.gpu.yml) listens on 8000: uvicorn",
        "  docker-compose.prod.yml:10 compose service 'ml' (docker-compose.prod.yml with "
        "docker-compose.gpu.yml) listens on 8001: uvicorn",
    ]
