"""A service whose code never names its port is still known to listen where its start
command or image says (`seams/started.StartCommands.ports`): `CMD ["uvicorn", "app.main:app",
"--port", "8000"]`, a compose `command:`, an entrypoint script, `EXPOSE 8000`. Before, a
gateway's `http://localhost:8000/predict` to such a service was "no service is known to
listen on port 8000" (SC107), and a typo in its path went unnoticed."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

_GATEWAY = """\
    const express = require("express");
    const MODEL_URL = process.env.MODEL_URL || "http://localhost:8000";
    const app = express();
    app.post("/api/score", async (req, res) => {
      const reply = await fetch(`${MODEL_URL}/predict`, { method: "POST" });
      const other = await fetch(`${MODEL_URL}/predcit`, { method: "POST" });
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


def _repo(dockerfile: str, more: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
        "gateway/src/server.js": _GATEWAY,
        "model/requirements.txt": "fastapi\nuvicorn\n",
        "model/app/__init__.py": "",
        "model/app/main.py": _MODEL,
        "model/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n" + dockerfile,
        **(more or {}),
    }


def _typo_is_broken(root: Path) -> None:
    assert findings(root) == [
        "SC104 gateway/src/server.js:6 POST /predcit reaches 'model', which serves no such "
        "route; did you mean POST /predict (model/app/main.py:6)?",
        "  model/app/main.py:6 model serves POST /predict",
    ]


def test_the_port_the_dockerfile_starts_uvicorn_on(repo: RepoFactory) -> None:
    root = repo(_repo('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n'))
    assert [line for line in links(root) if "/predict " in line] == [
        "gateway/src/server.js:5 POST /predict -> model linked model/app/main.py:6"
    ]
    _typo_is_broken(root)


def test_the_port_an_image_exposes(repo: RepoFactory) -> None:
    root = repo(_repo('EXPOSE 8000\nCMD ["python", "-m", "app.serve"]\n'))
    _typo_is_broken(root)


def test_the_port_a_compose_command_or_entrypoint_script_gives(repo: RepoFactory) -> None:
    compose = "services:\n  model:\n    build: ./model\n    command: {}\n"
    by_command = repo(
        _repo(
            "CMD uvicorn app.main:app\n",
            {
                "docker-compose.yml": compose.format(
                    "gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8000 app.main:app"
                ),
            },
        )
    )
    _typo_is_broken(by_command)
    script = "#!/bin/sh\nset -e\nexec uvicorn app.main:app --host 0.0.0.0 --port 8000\n"
    entrypoint = 'ENTRYPOINT ["./docker-entrypoint.sh"]\n'
    by_script = repo(_repo(entrypoint, {"model/docker-entrypoint.sh": script}))
    _typo_is_broken(by_script)


def test_a_port_not_written_or_given_to_two_services_links_nothing(repo: RepoFactory) -> None:
    unknown = repo(_repo("CMD uvicorn app.main:app --host 0.0.0.0 --port $PORT\n"))
    assert problems(unknown) == [
        "gateway/src/server.js:5 http://localhost:8000/predict: no service is known to "
        "listen on port 8000",
        "gateway/src/server.js:6 http://localhost:8000/predcit: no service is known to "
        "listen on port 8000",
    ]
    two = repo(
        _repo(
            "CMD uvicorn app.main:app --port 8000\n",
            {
                "search/requirements.txt": "fastapi\nuvicorn\n",
                "search/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "search/Dockerfile": "FROM python:3.12\nCOPY . .\nCMD uvicorn app:app --port 8000\n",
            },
        )
    )
    assert [line.partition(": ")[2] for line in problems(two)] == [
        "several services listen on port 8000: model, search"
    ] * 2


_WEB = """\
    import httpx
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/items")
    async def items() -> dict:
        async with httpx.AsyncClient() as client:
            reply = await client.post("http://localhost:9000/predict", json={})
        return reply.json()
    """


_ML_IMAGE = """\
    FROM python:3.12-slim
    WORKDIR /app
    COPY ml/ /app/
    EXPOSE 9000
    CMD ["uvicorn", "server:app", "--host", "0.0.0.0", "--port", "9000"]
    """

_ROOT_AND_ML = {
    "pyproject.toml": '[project]\nname = "webapp"\ndependencies = ["fastapi", "httpx"]\n',
    "webapp/__init__.py": "",
    "webapp/main.py": _WEB,
    "ml/requirements.txt": "fastapi\nuvicorn\n",
    "ml/server.py": _MODEL,
    "docker/ml.Dockerfile": _ML_IMAGE,
    "tests/Dockerfile": "FROM python:3.12-slim\nEXPOSE 9000\n",
}
_PORT_9000_UNKNOWN = [
    "webapp/main.py:10 http://localhost:9000/predict: no service is known to listen on port 9000"
]


def test_a_dockerfile_deeper_in_a_service_folder_gives_it_no_port(repo: RepoFactory) -> None:
    """The root service's `docker/` folder holds the image of the model service it calls:
    its `--port 9000` is not the root service's, which would link its own call to itself
    (SC104 'webapp serves no such route')."""
    assert problems(repo(_ROOT_AND_ML)) == _PORT_9000_UNKNOWN


def test_a_start_command_gives_its_port_to_the_service_whose_files_it_starts(
    repo: RepoFactory,
) -> None:
    """`context: .`, `dockerfile: docker/ml.Dockerfile`: compose builds the model from the
    root service's folder, and `uvicorn server:app` in `/app`, where `COPY ml/ /app/` put
    `ml/server.py`, is the ml service's server, not the root service's."""
    compose = """\
        services:
          ml:
            build:
              context: .
              dockerfile: docker/ml.Dockerfile
            command: uvicorn server:app --host 0.0.0.0 --port 9000
        """
    root = repo({**_ROOT_AND_ML, "docker-compose.yml": compose})
    assert [line for line in links(root) if "/predict" in line] == [
        "webapp/main.py:10 POST /predict -> ml linked ml/server.py:6"
    ]


_SDK_CLIENT = """\
    import httpx

    BASE_URL = "http://localhost:8000"


    def predict(payload: dict) -> dict:
        return httpx.post(f"{BASE_URL}/v1/predict", json=payload).json()
    """


def test_the_root_dockerfile_of_a_nested_service_gives_it_its_port(repo: RepoFactory) -> None:
    """The root is an SDK, its Dockerfile runs the `server/` service: port 8000 is the
    server's, not the SDK's own (whose call to it was linked to the SDK itself)."""
    server = _MODEL.replace('"/predict"', '"/v1/predict"')
    image = """\
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        EXPOSE 8000
        CMD ["uvicorn", "server.main:app", "--host", "0.0.0.0", "--port", "8000"]
        """
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "acme-sdk"\ndependencies = ["httpx"]\n',
            "sdk/__init__.py": "",
            "sdk/client.py": _SDK_CLIENT,
            "server/requirements.txt": "fastapi\nuvicorn\n",
            "server/__init__.py": "",
            "server/main.py": server,
            "Dockerfile": image,
        }
    )
    assert links(root) == ["sdk/client.py:7 POST /v1/predict -> server linked server/main.py:6"]


_SEARCH = """\
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/query")
    async def query() -> dict:
        return {}


    if __name__ == "__main__":
        uvicorn.run(app, host="0.0.0.0", port=8000)
    """


def test_a_compose_command_overrides_the_port_of_the_image_cmd(repo: RepoFactory) -> None:
    """Compose starts the model on 8001, not on its image's `CMD` port 8000, where search
    listens: the gateway's call to port 8000 still reaches search, not 'several services'."""
    compose = """\
        services:
          model:
            build: ./model
            command: uvicorn app.main:app --host 0.0.0.0 --port 8001
          search:
            build: ./search
        """
    gateway = 'fetch("http://localhost:8000/query");\n'
    root = repo(
        _repo(
            'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n',
            {
                "docker-compose.yml": compose,
                "gateway/src/search.js": gateway,
                "search/requirements.txt": "fastapi\nuvicorn\n",
                "search/app.py": _SEARCH,
            },
        )
    )
    assert [line for line in links(root) if "/query" in line] == [
        "gateway/src/search.js:1 GET /query -> search linked search/app.py:7"
    ]


def test_a_port_written_with_digits_no_number_reads_is_no_port(repo: RepoFactory) -> None:
    """`str.isdigit` takes a superscript `²` and a number of 5,000 digits, `int` reads
    neither: an `EXPOSE`, a compose `ports:` or a `uvicorn.run(port=)` so written is no
    port, not a traceback."""
    compose = 'services:\n  model:\n    build: ./model\n    ports: ["8000\u00b2:8000"]\n'
    run = 'import uvicorn\n\nfrom app.main import app\n\nuvicorn.run(app, port="8000\u00b2")\n'
    root = repo(
        _repo(
            f"EXPOSE 8000\u00b2 {'9' * 5000}\nCMD uvicorn app.main:app --port {'8' * 5000}\n",
            {"docker-compose.yml": compose, "model/app/run.py": run},
        )
    )
    assert [line.partition(": ")[2] for line in problems(root)] == [
        "no service is known to listen on port 8000"
    ] * 2


_CHAT = """\
    import os

    import httpx
    from fastapi import FastAPI

    LLM_URL = os.getenv("LLM_URL", "http://localhost:9000")
    app = FastAPI()


    @app.post("/chat")
    async def chat(body: dict) -> dict:
        async with httpx.AsyncClient() as client:
            reply = await client.post(f"{LLM_URL}/v1/completions", json=body)
        return reply.json()
    """

_MOCK_LLM = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/v1/completions")
    async def completions(body: dict) -> dict:
        return {"text": "hi"}
    """


def test_a_command_that_starts_a_test_stub_gives_its_port_to_no_service(
    repo: RepoFactory,
) -> None:
    """Compose runs the service's test stub of the LLM on 9000: the stub's routes serve only
    the tests, so the service's own call to port 9000 reaching the service was a false
    SC104 'chat serves no such route'."""
    compose = """\
        services:
          mock-llm:
            build: .
            command: uvicorn tests.mocks.llm:app --host 0.0.0.0 --port 9000
          chat:
            build: .
            ports: ["8000:8000"]
        """
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "chat"\ndependencies = ["fastapi", "httpx"]\n',
            "app/__init__.py": "",
            "app/main.py": _CHAT,
            "tests/__init__.py": "",
            "tests/mocks/__init__.py": "",
            "tests/mocks/llm.py": _MOCK_LLM,
            "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "app.main:app"]\n',
            "docker-compose.yml": compose,
        }
    )
    assert problems(root) == [
        "app/main.py:13 http://localhost:9000/v1/completions: no service is known to listen "
        "on port 9000"
    ]


def test_a_compose_command_run_instead_of_the_image_cmd_listens_not_where_it_exposes(
    repo: RepoFactory,
) -> None:
    """One root image for the api and the worker: its `EXPOSE 8000` is of the api its `CMD`
    starts, not of the worker compose runs in it instead (which made port 8000 'several
    services listen on port 8000: api, worker')."""
    image = """\
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        EXPOSE 8000
        CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]
        """
    compose = """\
        services:
          api:
            build: .
          worker:
            build: .
            command: python -m worker.main
        """
    worker = "import time\n\nwhile True:\n    time.sleep(1)\n"
    root = repo(
        {
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
            "gateway/src/server.js": _GATEWAY,
            "api/requirements.txt": "fastapi\nuvicorn\n",
            "api/__init__.py": "",
            "api/main.py": _MODEL,
            "worker/requirements.txt": "celery\n",
            "worker/__init__.py": "",
            "worker/main.py": worker,
            "Dockerfile": image,
            "docker-compose.yml": compose,
        }
    )
    assert [line for line in links(root) if "/predict " in line] == [
        "gateway/src/server.js:5 POST /predict -> api linked api/main.py:6"
    ]
