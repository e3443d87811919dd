"""A start command that gives its server the port in a variable (`ENV PORT=8080` then `CMD
gunicorn -b 0.0.0.0:$PORT app:app`, `uvicorn ... --port ${PORT}`, a compose `command: sh -c
"... --port $$PORT"` with compose's `environment:`) listens where the environment the command
runs in sets it: compose's `environment:` and `env_file` over the image's `ENV`, with what the
command line sets before it. Before, such a port was not known: a call to
`http://localhost:8080` was SC107 "no service is known to listen on port 8080", and a call to
the service's compose name on a wrong port was linked by its path alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RepoFactory, package_json
from seamcheck.startcommand import port_of, processes, script_processes
from seams_helpers import findings, links, problems

_GATEWAY = """\
    const express = require("express");
    const axios = require("axios");
    const app = express();
    app.post("/api/predict", async (req, res) => {
      const r = await axios.post(`${process.env.MODEL_URL}/predict`, req.body);
      res.json(r.data);
    });
    app.get("/api/health", async (req, res) => {
      const r = await axios.get("http://localhost:8080/health");
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


    @app.get("/health")
    async def health() -> dict:
        return {"ok": True}
    """

_UVICORN = "uvicorn app.main:app --host 0.0.0.0"


def _repo(image: str, model_compose: str = "", port: int = 9000) -> dict[str, str]:
    return {
        "docker-compose.yml": (
            "services:\n"
            "  gateway:\n    build: ./gateway\n    ports:\n      - 3000:3000\n"
            f"    environment:\n      MODEL_URL: http://model:{port}\n"
            f"  model:\n    build: ./model\n{model_compose}"
        ),
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
        ),
        "gateway/src/server.js": _GATEWAY,
        "gateway/Dockerfile": 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n',
        "model/requirements.txt": "fastapi\nuvicorn\ngunicorn\n",
        "model/app/__init__.py": "",
        "model/app/main.py": _MODEL,
        "model/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n" + image,
    }


def _broken(root: Path) -> list[str]:
    return [line for line in findings(root) if line.startswith("SC104")]


def _wrong_port(told: str) -> str:
    """The SC104 of the gateway's call to the model on 9000, where it listens on 8080."""
    return (
        "SC104 gateway/src/server.js:5 POST /predict reaches 'model' on port 9000, where it "
        f"does not listen: compose service 'model' listens on 8080 ({told}); did you mean "
        "port 8080?"
    )


_ON_8080 = [
    "gateway/src/server.js:5 POST /predict -> model linked model/app/main.py:6",
    "gateway/src/server.js:9 GET /health -> model linked model/app/main.py:11",
]


@pytest.mark.parametrize(
    ("image", "model_compose", "told"),
    [
        (
            "ENV PORT=8080\n"
            "CMD gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT app.main:app\n",
            "",
            "gunicorn 0.0.0.0:$PORT with PORT=8080 in model/Dockerfile:5",
        ),
        (
            f"ENV PORT=8080\nCMD {_UVICORN} --port ${{PORT}}\n",
            "",
            "uvicorn ${PORT} with PORT=8080 in model/Dockerfile:5",
        ),
        (
            f"ENV PORT=8080\nCMD {_UVICORN} --port=$PORT\n",
            "",
            "uvicorn $PORT with PORT=8080 in model/Dockerfile:5",
        ),
        (
            f'ENV PORT=8080\nCMD ["sh", "-c", "{_UVICORN} --port $PORT"]\n',
            "",
            "uvicorn $PORT with PORT=8080 in model/Dockerfile:5",
        ),
        (
            f'ARG PORT=8080\nENV PORT=$PORT\nCMD exec {_UVICORN} --port "$PORT"\n',
            "",
            "uvicorn $PORT with PORT=8080 in model/Dockerfile:6",
        ),
        # Compose's `environment:` over the image's ENV.
        (
            f"ENV PORT=9000\nCMD {_UVICORN} --port $PORT\n",
            "    environment:\n      PORT: 8080\n",
            "uvicorn $PORT with PORT=8080 in model/Dockerfile:5",
        ),
        # `$$` is compose's `$`: the container's shell reads PORT from compose's environment.
        (
            'CMD ["uvicorn", "app.main:app"]\n',
            f'    environment:\n      - PORT=8080\n    command: sh -c "{_UVICORN} --port $$PORT"\n',
            "uvicorn $PORT with PORT=8080 in docker-compose.yml:12",
        ),
        # The command line sets it before it runs the server.
        (f"CMD PORT=8080; {_UVICORN} --port $PORT\n", "", "uvicorn in model/Dockerfile:4"),
        # Compose's quotes split its `command:`: the `sh` is given `... --port $PORT`.
        (
            'CMD ["uvicorn", "app.main:app"]\n',
            f"    environment:\n      - PORT=8080\n    command: sh -c '{_UVICORN} --port $$PORT'\n",
            "uvicorn $PORT with PORT=8080 in docker-compose.yml:12",
        ),
    ],
)
def test_a_port_in_a_variable_is_where_the_environment_sets_it(
    repo: RepoFactory, image: str, model_compose: str, told: str
) -> None:
    root = repo(_repo(image, model_compose))
    assert _broken(root) == [_wrong_port(told)]
    assert links(root) == [
        _ON_8080[0].replace("linked model/app/main.py:6", "broken -"),
        _ON_8080[1],
    ]
    assert links(repo(_repo(image, model_compose, port=8080))) == _ON_8080


def test_an_entrypoint_script_reads_the_port_the_image_sets(repo: RepoFactory) -> None:
    """Open WebUI's `start.sh`: `PORT="${PORT:-8080}"`, then `exec uvicorn ... --port
    "$PORT"`, in an image that sets `ENV PORT=8080`; compose's `environment:` wins."""
    script = (
        "#!/usr/bin/env bash\n"
        'PORT="${PORT:-8080}"\nHOST="${HOST:-0.0.0.0}"\n'
        'if [ -n "$SPACE_ID" ]; then\n  echo "space"\nfi\n'
        'exec uvicorn app.main:app --host "$HOST" --port "$PORT" --forwarded-allow-ips "*"\n'
    )
    files = {
        **_repo('ENV PORT=8080\nCMD ["bash", "start.sh"]\n'),
        "model/start.sh": script,
    }
    # Where the script sets what it reads: `PORT="${PORT:-8080}"`.
    told = "uvicorn ${PORT:-8080} with PORT=8080 in model/start.sh:2"
    assert _broken(repo(files)) == [_wrong_port(told)]
    compose = "    environment:\n      PORT: 9000\n"
    assert (
        _broken(repo({**files, **_repo('ENV PORT=8080\nCMD ["bash", "start.sh"]\n', compose)}))
        == []
    )


@pytest.mark.parametrize(
    ("image", "model_compose", "dotenv"),
    [
        # Docker's exec form runs no shell: uvicorn is given `$PORT` as it is written.
        ('ENV PORT=8080\nCMD ["uvicorn", "app.main:app", "--port", "$PORT"]\n', "", ""),
        # Set nowhere: the platform running the image may set it, whatever the default.
        (f"CMD {_UVICORN} --port $PORT\n", "", ""),
        (f"CMD {_UVICORN} --port ${{PORT:-8080}}\n", "", ""),
        # Compose reads `${PORT}` itself, from the shell running it or the `.env` beside the
        # compose file, not from the service's `environment:`.
        (
            'CMD ["uvicorn", "app.main:app"]\n',
            f"    environment:\n      PORT: 8080\n    command: {_UVICORN} --port ${{PORT}}\n",
            "",
        ),
        # Set in a branch, or after a file is sourced: what it holds is not known.
        (
            f'ENV PORT=8080\nCMD if [ -n "$DEV" ]; then PORT=9000; fi; {_UVICORN} --port $PORT\n',
            "",
            "",
        ),
        (f"ENV PORT=8080\nCMD . ./settings.sh && {_UVICORN} --port $PORT\n", "", ""),
    ],
)
def test_a_port_variable_not_known_is_not_checked(
    repo: RepoFactory, image: str, model_compose: str, dotenv: str
) -> None:
    files = _repo(image, model_compose)
    root = repo(files)
    assert _broken(root) == []
    assert (
        links(root)[0]
        == "gateway/src/server.js:5 POST /predict -> model linked model/app/main.py:6"
    )


@pytest.mark.parametrize(
    "command",
    [
        # A shell keeps a `$` in single quotes, or escaped, as it is: uvicorn is given
        # `$PORT`, no port.
        f"{_UVICORN} --port '$PORT'",
        f"{_UVICORN} --port \\$PORT",
        f"""sh -c "{_UVICORN} --port '$PORT'\"""",
        # Set only when the test before `&&` or `||` says so.
        f"[ -f /app/dev ] && PORT=9000; {_UVICORN} --port $PORT",
        f'test -n "$DEV" || PORT=9000; {_UVICORN} --port $PORT',
        # Shell arithmetic: not read.
        f"PORT=$((PORT + 1000)); {_UVICORN} --port $PORT",
    ],
)
def test_a_port_the_shell_does_not_surely_set_is_not_checked(
    repo: RepoFactory, command: str
) -> None:
    """The image sets PORT=8080; the gateway calls the model on 8080, then on 9000: its port
    is not known, so neither is checked. Before, each was read as 9000 (where uvicorn is
    given `$PORT` itself, as 8080): a false SC104 on one of the two."""
    for port in (8080, 9000):
        root = repo(_repo(f"ENV PORT=8080\nCMD {command}\n", port=port))
        assert _broken(root) == []
        assert links(root)[0] == _ON_8080[0]


@pytest.mark.parametrize(
    ("script", "port"),
    [
        # Exported only where none is set: the image's 8080 is kept.
        ('if [ -z "$PORT" ]; then\n  export PORT=8000\nfi\n', 8080),
        # A file sourced where it is found may set any.
        ("if [ -f /app/.env ]; then . /app/.env; fi\n", 9000),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        "CMD gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT app.main:app",
        # The code's own `uvicorn.run(app, port=int(os.environ["PORT"]))`.
        'CMD ["python", "app/main.py"]',
    ],
)
def test_a_port_an_entrypoint_sets_in_a_branch_is_not_known(
    repo: RepoFactory, script: str, port: int, command: str
) -> None:
    """An entrypoint script sets PORT in a branch, then `exec "$@"`s the image's `CMD`; the
    image sets PORT=8080. Before, the export in the branch was taken for PORT's value (a
    false SC104 "listens on 8000" on the gateway's call to 8080), and a file sourced in a
    branch was not seen (SC104 "listens on 8080" on a call to the 9000 it may set)."""
    image = f'ENV PORT=8080\nENTRYPOINT ["./entrypoint.sh"]\n{command}\n'
    model = _MODEL + (
        '\n\nif __name__ == "__main__":\n    import os\n\n    import uvicorn\n\n'
        '    uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]))\n'
    )
    files = {
        **_repo(image, port=port),
        "model/entrypoint.sh": f'#!/bin/sh\n{script}exec "$@"\n',
        "model/app/main.py": model,
    }
    root = repo(files)
    assert _broken(root) == []
    assert links(root)[0] == _ON_8080[0]


def test_a_port_an_entrypoint_exports_is_shown_at_the_command_it_gives(
    repo: RepoFactory,
) -> None:
    """The entrypoint exports PORT=9000, then runs the image's `CMD` with it. Before, the
    port was shown "in model/Dockerfile:1", the `FROM` line, which names no port."""
    image = f'ENV PORT=8080\nENTRYPOINT ["./entrypoint.sh"]\nCMD {_UVICORN} --port $PORT\n'
    files = {
        **_repo(image, port=8080),
        "model/entrypoint.sh": '#!/bin/sh\nexport PORT=9000\nexec "$@"\n',
    }
    assert _broken(repo(files)) == [
        "SC104 gateway/src/server.js:5 POST /predict reaches 'model' on port 8080, where it "
        "does not listen: compose service 'model' listens on 9000 (uvicorn in "
        "model/Dockerfile:6); did you mean port 9000?"
    ]


def test_compose_interpolates_a_command_from_the_dotenv_beside_it(repo: RepoFactory) -> None:
    compose = f"    command: {_UVICORN} --port ${{MODEL_PORT}}\n"
    files = {**_repo('CMD ["uvicorn", "app.main:app"]\n', compose), ".env": "MODEL_PORT=8080\n"}
    assert len(_broken(repo(files))) == 1
    assert links(repo({**files, ".env": "MODEL_PORT=9000\n"}))[0].endswith(
        "linked model/app/main.py:6"
    )


def test_a_default_is_where_localhost_calls_land(repo: RepoFactory) -> None:
    """`${PORT:-8080}` with PORT set nowhere: the port a call to `localhost:8080` most likely
    reaches, as the code's own default is (`os.getenv("PORT", "8080")`), though not certain
    enough to call another port wrong."""
    root = repo(_repo(f"CMD {_UVICORN} --port ${{PORT:-8080}}\n"))
    assert _broken(root) == []
    assert links(root)[1] == _ON_8080[1]
    unset = repo(_repo(f"CMD {_UVICORN} --port $PORT\n"))
    assert [p.split(": ", 1)[1] for p in problems(unset)] == [
        "no service is known to listen on port 8080"
    ]


def test_the_words_a_command_line_gives_its_server() -> None:
    """`Process.port_words`: a port a shell reads from a variable, each as a bind address,
    with what the line set before it read in; `port_of` reads one in an environment."""
    assert processes("gunicorn -b 0.0.0.0:$PORT app:app")[0].port_words == ("0.0.0.0:$PORT",)
    assert processes(["uvicorn", "a:b", "--port", "$PORT"])[0].port_words == ()
    assert processes(["sh", "-c", "uvicorn a:b --port=${PORT:-8000}"])[0].port_words == (
        ":${PORT:-8000}",
    )
    assert processes("P=7000; export PORT=$P; uvicorn a:b --port $PORT")[-1].ports == (7000,)
    # The assignment before a command is its environment, not the shell's: the shell reads
    # `$PORT` before it runs the command.
    assert processes("PORT=7000 uvicorn a:b --port $PORT")[0].port_words == (":$PORT",)
    assert processes("python manage.py runserver 0.0.0.0:${PORT:-8000}")[0].port_words == (
        "0.0.0.0:${PORT:-8000}",
    )
    branch = 'if [ -z "$PORT" ]; then\n  PORT=7000\nfi\nexec uvicorn a:b --port $PORT\n'
    assert script_processes(branch)[-1].unknown_port == ":$PORT"
    assert port_of(":${PORT:-8000}", {"PORT": "9000"}) == 9000
    assert port_of(":${PORT:-8000}", {}) == 8000
    assert port_of(":${PORT:-8000}", {}, defaults=False) is None
    assert port_of(":${PORT:-8000}", {"PORT": ""}, defaults=False) == 8000
    assert port_of("[::]:$PORT", {"PORT": None}) is None
    assert port_of(":$PORT", {"PORT": "$(cat port)"}) is None


def test_what_the_shell_sets_before_the_server_in_what_order() -> None:
    """Assignments are read in order, each with those before it on its line; a `$` the
    shell keeps as it is (`'$PORT'`, `\\$PORT`) reads no variable, but a `sh -c` given
    `'... $PORT'` reads it."""
    line = "PORT=7000 ADDRESS=0.0.0.0:$PORT; gunicorn -b $ADDRESS a:b"
    assert processes(line)[-1].ports == (7000,)
    assert processes("uvicorn a:b --port '$PORT'")[0].unknown_port == ":\\$PORT"
    assert processes("uvicorn a:b --port \\$PORT")[0].port_words == ()
    assert processes("sh -c 'uvicorn a:b --port $PORT'")[0].port_words == (":$PORT",)
    assert processes("""sh -c "exec uvicorn a:b --port '\\$PORT'\"""")[0].port_words == ()
    # Docker's exec form: the words as written, `sh -c`'s line read by its shell.
    assert processes(["sh", "-c", "uvicorn a:b --port $PORT"])[0].port_words == (":$PORT",)
    assert processes(["sh", "-c", "uvicorn a:b --port \\$PORT"])[0].port_words == ()
    assert (
        processes("true && PORT=7000 || PORT=9000; uvicorn a:b --port $PORT")[-1].unknown_port
        == ":$PORT"
    )
    assert processes("PORT=7000 | cat; uvicorn a:b --port $PORT")[-1].unknown_port == ":$PORT"
    # A subshell's assignment is not the shell's: not read (rather than read as set).
    assert processes("(PORT=7000); uvicorn a:b --port $PORT")[-1].unknown_port == ":$PORT"
    assert processes("PORT=7000 && uvicorn a:b --port $PORT")[-1].ports == (7000,)
