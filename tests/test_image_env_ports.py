"""A service's image sets its environment (`ENV PORT=8080` in the Dockerfile compose builds it
from, also `ENV PORT 8080`, `ARG PORT=8080` then `ENV PORT=$PORT`): code listening on
`process.env.PORT` or `int(os.environ["PORT"])` listens there, unless compose's
`environment:` or an `env_file` sets PORT, which wins (`seams/environment.py`). Before, the
image's `ENV` was read for nginx templates only: such a port was unknown, a call to
`http://localhost:8080/...` was SC107 "no service is known to listen on port 8080", and a call
to the service's compose name on a wrong port was linked by its path alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RepoFactory, package_json
from seamcheck.dockerfile import image_environment, start_command
from seams_helpers import findings, links, problems

_GATEWAY = """\
    const express = require("express");
    const app = express();
    app.get("/api/items", (req, res) => res.json([]));
    app.listen(process.env.PORT);
    """

_MODEL = """\
    import os

    import httpx
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/predict")
    async def predict(payload: dict) -> dict:
        async with httpx.AsyncClient() as client:
            await client.get("http://gateway:{port}/api/items")
            await client.get("http://localhost:8080/api/items")
        return {{"label": "dog"}}
    """

_GATEWAY_IMAGE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n{env}CMD ["node", "src/server.js"]\n'


def _repo(
    port: int = 9090, env: str = "ENV PORT=8080\n", gateway_compose: str = ""
) -> dict[str, str]:
    return {
        "docker-compose.yml": (
            "services:\n"
            f"  gateway:\n    build: ./gateway\n{gateway_compose}"
            "  model:\n    build: ./model\n"
        ),
        "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
        "gateway/src/server.js": _GATEWAY,
        "gateway/Dockerfile": _GATEWAY_IMAGE.format(env=env),
        "model/requirements.txt": "fastapi\nhttpx\nuvicorn\n",
        "model/app/__init__.py": "",
        "model/app/main.py": _MODEL.format(port=port),
        "model/Dockerfile": (
            'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "app.main:app", '
            '"--port", "8000"]\n'
        ),
    }


_ON_9090 = (
    "SC104 model/app/main.py:12 GET /api/items reaches 'gateway' on port 9090, where it does "
    "not listen: compose service 'gateway' listens on 8080 (app.listen in "
    "gateway/src/server.js:4); did you mean port 8080?"
)
_BOTH_LINKED = [
    "model/app/main.py:12 GET /api/items -> gateway linked gateway/src/server.js:3",
    "model/app/main.py:13 GET /api/items -> gateway linked gateway/src/server.js:3",
]


def _broken(root: Path) -> list[str]:
    return [line for line in findings(root) if line.startswith("SC104")]


@pytest.mark.parametrize(
    "env",
    [
        "ENV PORT=8080\n",
        "ENV PORT 8080\n",
        'ENV NODE_ENV=production PORT="8080"\n',
        "ARG PORT=8080\nENV PORT=$PORT\n",
        "ARG PORT=8080\nENV PORT=${PORT}\n",
        "ARG HTTP_PORT=8080\nENV PORT=${HTTP_PORT}\n",
    ],
)
def test_the_port_the_image_sets_is_where_the_code_listens(repo: RepoFactory, env: str) -> None:
    root = repo(_repo(env=env))
    # Before: linked by its path alone, and localhost:8080 "no service is known to listen".
    assert _broken(root) == [_ON_9090]
    assert links(root) == [
        "model/app/main.py:12 GET /api/items -> gateway broken -",
        "model/app/main.py:13 GET /api/items -> gateway linked gateway/src/server.js:3",
    ]


def test_a_global_build_argument_declared_again_in_the_stage(repo: RepoFactory) -> None:
    env = "ENV PORT=$PORT\n"
    dockerfile = "ARG PORT=8080\nFROM node:20-alpine\nARG PORT\nWORKDIR /app\nCOPY . .\n" + env
    files = {**_repo(), "gateway/Dockerfile": dockerfile + 'CMD ["node", "src/server.js"]\n'}
    assert _broken(repo(files)) == [_ON_9090]


def test_compose_build_args_give_the_argument(repo: RepoFactory) -> None:
    build = "    build:\n      context: ./gateway\n      args:\n        PORT: 9090\n"
    files = _repo(port=8080, env="ARG PORT=8080\nENV PORT=$PORT\n")
    compose = files["docker-compose.yml"].replace("    build: ./gateway\n", build)
    root = repo({**files, "docker-compose.yml": compose})
    assert [line.split(": ", 1)[1] for line in _broken(root)] == [
        "compose service 'gateway' listens on 9090 (app.listen in gateway/src/server.js:4); "
        "did you mean port 9090?"
    ]
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "no service is known to listen on port 8080"
    ]


@pytest.mark.parametrize(
    "gateway_compose",
    [
        "    environment:\n      PORT: 9090\n",
        "    environment:\n      - PORT=9090\n",
        "    env_file: gateway.env\n",
    ],
)
def test_compose_wins_over_the_image(repo: RepoFactory, gateway_compose: str) -> None:
    root = repo({**_repo(gateway_compose=gateway_compose), "gateway.env": "PORT=9090\n"})
    assert _broken(root) == []
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "no service is known to listen on port 8080"
    ]
    assert links(root) == [_BOTH_LINKED[0]]


def test_an_env_file_not_in_the_repository_may_set_the_port(repo: RepoFactory) -> None:
    """Compose reads `gateway.env` over the image's `ENV`: not in the repository, it may set
    PORT to anything. The port is not known; the image's value is still the likeliest for
    `localhost:8080`, which a URL (unlike a port checked for SC104) may take."""
    root = repo(_repo(gateway_compose="    env_file: gateway.env\n"))
    assert _broken(root) == []
    assert links(root) == _BOTH_LINKED


@pytest.mark.parametrize("env_file", ["../secrets/gateway.env", "/etc/gateway.env"])
def test_an_env_file_outside_the_repository_may_set_the_port(
    repo: RepoFactory, env_file: str
) -> None:
    """An `env_file` above the repository's root or at an absolute path is read by compose
    over the image's `ENV` as one left out of the repository is. Before, such a path was
    dropped: the image's 8080 was taken for certain, and `gateway:9090` was SC104."""
    root = repo(_repo(gateway_compose=f"    env_file: {env_file}\n"))
    assert _broken(root) == []


def test_a_variable_the_code_reads_under_another_name_is_not_the_port(
    repo: RepoFactory,
) -> None:
    files = _repo(env="ENV APP_PORT=8080\n")
    root = repo(files)
    assert _broken(root) == []  # PORT is set nowhere: not known
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "no service is known to listen on port 8080"
    ]


_PYTHON_SERVER = """\
    import os

    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/api/items")
    async def items() -> list:
        return []


    if __name__ == "__main__":
        uvicorn.run(app, host="0.0.0.0", port={port})
    """


@pytest.mark.parametrize("port", ['int(os.environ["PORT"])', 'int(os.getenv("PORT", "5000"))'])
def test_a_python_server_listens_where_the_image_says(repo: RepoFactory, port: str) -> None:
    """The code's default, 5000, is not where it listens: the image's ENV wins at run time."""
    files = {
        **_repo(),
        "gateway/package.json": None,
        "gateway/src/server.js": None,
        "gateway/requirements.txt": "fastapi\nuvicorn\n",
        "gateway/main.py": _PYTHON_SERVER.format(port=port),
        "gateway/Dockerfile": (
            'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV PORT=8080\nCMD ["python", '
            '"main.py"]\n'
        ),
    }
    root = repo({k: v for k, v in files.items() if v is not None})
    assert _broken(root) == [
        "SC104 model/app/main.py:12 GET /api/items reaches 'gateway' on port 9090, where it "
        "does not listen: compose service 'gateway' listens on 8080 (uvicorn.run in "
        "gateway/main.py:15); did you mean port 8080?"
    ]


def test_image_environment_reads_arguments_and_stages() -> None:
    dockerfile = (
        "ARG BASE=/srv\n"
        "FROM node:20 AS base\nENV PORT=3000 HOME_DIR=$HOME/app\n"
        "FROM base AS dev\nENV DEBUG=1\n"
        "FROM base\nARG BASE\nARG TAG\nENV ROOT=$BASE/app LABEL=$TAG MODE=${MODE:-prod}\n"
        "ENV QUOTED='$PORT'\n"
    )
    # The final stage keeps what `FROM base` had; `$HOME` (the base image's) and an
    # argument given no value are not known, nor `${MODE:-prod}`, whose MODE the base image
    # may set; a single-quoted `$` is not read.
    assert image_environment(dockerfile) == {"PORT": "3000", "ROOT": "/srv/app"}
    assert image_environment(dockerfile, {"TAG": "v2", "BASE": "/opt"}) == {
        "PORT": "3000",
        "ROOT": "/opt/app",
        "LABEL": "v2",
    }
    assert image_environment(dockerfile, stage="dev") == {"PORT": "3000", "DEBUG": "1"}
    assert image_environment(dockerfile, stage="missing") == {}


def test_comment_lines_inside_a_continued_instruction_are_dropped() -> None:
    """Docker removes comment lines before it joins a continued instruction: `PORT=3000`
    after one is still the `ENV`'s. Before, the instruction ended at the comment, and the
    rest was no instruction (the port not known)."""
    dockerfile = (
        "FROM node:20\nENV NODE_ENV=production \\\n    # the port compose maps\n"
        "    PORT=3000\nCMD node \\\n  # the server\n  src/server.js\n"
    )
    assert image_environment(dockerfile) == {"NODE_ENV": "production", "PORT": "3000"}
    assert start_command(dockerfile).command == ("/bin/sh", "-c", "node    src/server.js")


def test_a_service_no_compose_file_runs_takes_its_dockerfiles_env(repo: RepoFactory) -> None:
    """Deployed some other way (a Kubernetes manifest, a platform), the service still runs the
    image its own Dockerfile builds: `localhost:8080` reaches it. One Dockerfile deeper in its
    folder (`docker/dev.Dockerfile`) may build another service, and is not read."""
    files = _repo()
    del files["docker-compose.yml"]
    root = repo(files)
    assert links(root) == [
        "model/app/main.py:12 GET /api/items -> gateway linked gateway/src/server.js:3",
        "model/app/main.py:13 GET /api/items -> gateway linked gateway/src/server.js:3",
    ]
    # Two Dockerfiles at its root that set PORT differently: which runs is not known.
    other = {**files, "gateway/Dockerfile.dev": _GATEWAY_IMAGE.format(env="ENV PORT=3000\n")}
    assert [p.split(": ", 1)[1] for p in problems(repo(other))] == [
        "no service is known to listen on port 8080"
    ]


_GATEWAY_SCRIPTS = {
    "start": "node src/server.js",
    "start:env": "PORT=3000 node src/server.js",
    "start:cross": "cross-env PORT=3000 node src/server.js",
}


@pytest.mark.parametrize(
    ("image", "script", "compose"),
    [
        ("ENV PORT=8080\nCMD PORT=3000 node src/server.js\n", "", ""),
        ('ENV PORT=8080\nCMD ["env", "PORT=3000", "node", "src/server.js"]\n', "", ""),
        ('ENV PORT=8080\nCMD ["npm", "run", "start:env"]\n', "", ""),
        ('ENV PORT=8080\nCMD ["npm", "run", "start:cross"]\n', "", ""),
        (
            'ENV PORT=8080\nCMD ["sh", "start.sh"]\n',
            "export PORT=3000\nexec node src/server.js\n",
            "",
        ),
        (
            'ENV PORT=8080\nENTRYPOINT ["./start.sh"]\nCMD ["node", "src/server.js"]\n',
            '#!/bin/sh\nPORT=3000\nexport PORT\nexec "$@"\n',
            "",
        ),
        ("ENV PORT=8080\nCMD PORT=3000 ./start.sh\n", "exec node src/server.js\n", ""),
        (
            'ENV PORT=8080\nCMD ["node", "src/server.js"]\n',
            "",
            "    command: sh -c 'PORT=3000 node src/server.js'\n    environment:\n      PORT: 8080\n",
        ),
    ],
)
def test_the_start_command_sets_the_port_over_the_image(
    repo: RepoFactory, image: str, script: str, compose: str
) -> None:
    """What the container's start command gives the program it runs (`PORT=3000 node ...`,
    `env`/`cross-env PORT=3000`, an `export` in the script it runs, the entrypoint that `exec
    "$@"`s the command after exporting) wins over compose's `environment:` and the image's
    `ENV`. Before, the image's 8080 was taken: a call to gateway:3000 was a false SC104
    "listens on 8080"."""
    files = {
        **_repo(port=3000, gateway_compose=compose),
        "gateway/Dockerfile": "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n" + image,
        "gateway/package.json": package_json(
            "gateway",
            scripts=_GATEWAY_SCRIPTS,
            dependencies={"express": "^4.19.0", "cross-env": "^7.0.0"},
        ),
    }
    if script:
        files["gateway/start.sh"] = script
    root = repo(files)
    assert _broken(root) == []
    assert links(root)[0] == (
        "model/app/main.py:12 GET /api/items -> gateway linked gateway/src/server.js:3"
    )
    on_9090 = repo({**files, "model/app/main.py": _MODEL.format(port=9090)})
    assert [line.split(": ", 1)[1] for line in _broken(on_9090)] == [
        "compose service 'gateway' listens on 3000 (app.listen in gateway/src/server.js:4); "
        "did you mean port 3000?"
    ]


@pytest.mark.parametrize(
    "script",
    [
        ". ./runtime.env\nexec node src/server.js\n",
        "set -a\nsource /run/secrets/app.env\nexec node src/server.js\n",
        "export $(cat .env | xargs)\nexec node src/server.js\n",
        'export PORT="${PORT:-3000}"\nexec node src/server.js\n',
    ],
)
def test_a_start_script_that_may_set_the_port(repo: RepoFactory, script: str) -> None:
    """A script that sources a file, exports what a command prints, or sets the port to
    what is known only at run time may set any value: the port is not known, and a call on
    another is linked by its path alone. Before, the image's 8080 was taken (a false SC104)."""
    files = {
        **_repo(port=3000),
        "gateway/Dockerfile": (
            'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nENV PORT=8080\nCMD ["sh", "start.sh"]\n'
        ),
        "gateway/start.sh": script,
    }
    assert _broken(repo(files)) == []
