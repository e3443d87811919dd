"""Dockerfiles read as Docker reads them: the body of a heredoc (`RUN <<EOF`, `COPY <<EOF
/etc/app.conf`, BuildKit's) is the instruction's, not instructions of its own; a Windows
Dockerfile's `# escape=`` ` directive makes the backtick continue a line, and a backslash
ending a line (`COPY . C:\\app\\`) end a path. Before, a heredoc's `ENV PORT=1` line set the
image's PORT and its `EXPOSE 9` exposed a port (a false SC104 on the port the service does
listen on), and a Windows Dockerfile's `ENV` continued with a backtick set nothing, its `CMD`
after `C:\\app\\` swallowed into the `COPY`. A Node gateway calls a FastAPI model service that
listens where its image's `ENV PORT` says."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seamcheck.dockerfile import image_environment, start_command
from seams_helpers import findings, links

_GATEWAY = """\
    const express = require("express");
    const axios = require("axios");
    const app = express();
    app.post("/api/predict", async (req, res) => {
      const r = await axios.post("http://model:{port}/predict", req.body);
      res.json(r.data);
    });
    app.listen(3000);
    """

_MODEL = """\
    import os

    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/predict")
    async def predict(payload: dict) -> dict:
        return {"label": "dog"}


    if __name__ == "__main__":
        uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]))
    """

_HEREDOCS = """\
# syntax=docker/dockerfile:1.7
FROM python:3.12-slim
WORKDIR /app
ENV PORT=8080
COPY <<EOF /app/Dockerfile.example
FROM python:3.12-slim
ENV PORT=1
EXPOSE 9
EOF
RUN <<-"SETUP" bash
	pip install fastapi uvicorn
	cat > /etc/motd <<NOTE
	ENV PORT=1
	NOTE
	SETUP
COPY . .
CMD ["python", "main.py"]
"""

_WINDOWS = """\
# escape=`
FROM python:3.12-windowsservercore-ltsc2022
WORKDIR C:\\app
ENV PORT=8080 `
    PYTHONUNBUFFERED=1
COPY . C:\\app\\
CMD ["python", "main.py"]
"""


def _repo(dockerfile: str, port: int) -> dict[str, str]:
    return {
        "docker-compose.yml": (
            "services:\n  gateway:\n    build: ./gateway\n    ports: ['3000:3000']\n"
            "  model:\n    build: ./model\n"
        ),
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
        ),
        "gateway/src/server.js": _GATEWAY.replace("{port}", str(port)),
        "gateway/Dockerfile": 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "src/server.js"]\n',
        "model/requirements.txt": "fastapi\nuvicorn\n",
        "model/main.py": _MODEL,
        "model/Dockerfile": dockerfile,
    }


_LINKED = ["gateway/src/server.js:5 POST /predict -> model linked model/main.py:9"]


def _on_9(line: int) -> list[str]:
    return [
        "SC104 gateway/src/server.js:5 POST /predict reaches 'model' on port 9, where it does "
        "not listen: compose service 'model' listens on 8080 (uvicorn.run in "
        f"model/main.py:{line}); did you mean port 8080?",
        f"  model/main.py:{line} compose service 'model' listens on 8080: uvicorn.run",
    ]


def test_a_heredoc_body_is_no_instruction(repo: RepoFactory) -> None:
    root = repo(_repo(_HEREDOCS, 8080))
    assert findings(root) == []
    assert links(root) == _LINKED
    assert findings(repo(_repo(_HEREDOCS, 9))) == _on_9(15)


def test_a_windows_dockerfile_continues_its_lines_with_the_backtick(repo: RepoFactory) -> None:
    root = repo(_repo(_WINDOWS, 8080))
    assert findings(root) == []
    assert links(root) == _LINKED
    assert findings(repo(_repo(_WINDOWS, 9))) == _on_9(15)


def test_what_the_instructions_are() -> None:
    assert image_environment(_HEREDOCS) == {"PORT": "8080"}
    assert start_command(_HEREDOCS).exposed == ()
    assert start_command(_HEREDOCS).command == ("python", "main.py")
    assert image_environment(_WINDOWS) == {"PORT": "8080", "PYTHONUNBUFFERED": "1"}
    assert start_command(_WINDOWS).command == ("python", "main.py")
    # `C:\app` and `C:\app\` are one folder: the `python main.py` it runs there is the
    # repository's `main.py`.
    assert start_command(_WINDOWS).sources("/C:/app/main.py")[0] == "main.py"
    # A here-string is no heredoc; a heredoc on a `CMD` is not read as one (Docker takes
    # them on `RUN`, `COPY` and `ADD` only); the directive counts only before anything else.
    assert start_command("FROM python:3.12\nRUN cat <<< EOF\nEXPOSE 8000\n").exposed == (8000,)
    late = "FROM python:3.12\n# escape=`\nENV A=1 `\nEXPOSE 8000\n"
    assert start_command(late).exposed == (8000,)
    assert image_environment(
        "FROM python:3.12\nRUN <<A <<B\nENV X=1\nA\nENV Y=2\nB\nENV Z=3\n"
    ) == {"Z": "3"}


def test_a_heredoc_never_closed_leaves_the_rest_read() -> None:
    """Docker refuses a heredoc with no closing line ("unterminated heredoc"); before, the
    rest of the file was taken for its body, silently: the image's `ENV PORT`, `EXPOSE` and
    `CMD` after it were not read (its port not known). Now the lines after it are read."""
    unclosed = (
        "FROM python:3.12\nRUN cat <<EOF>/etc/motd\nwelcome\nEOF\n"
        "ENV PORT=8080\nEXPOSE 8080\nCMD uvicorn app:app --port $PORT\n"
    )
    assert image_environment(unclosed) == {"PORT": "8080"}
    assert start_command(unclosed).exposed == (8080,)
    assert start_command(unclosed).command == ("/bin/sh", "-c", "uvicorn app:app --port $PORT")
    # Closed by the second of two heredocs' words only: the first is read to its close.
    one = "FROM python:3.12\nRUN <<A <<NEVER\nENV X=1\nA\nENV Y=2\n"
    assert image_environment(one) == {"Y": "2"}
    # Thousands never closed: each looked up, not scanned for.
    many = "FROM python:3.12\n" + "RUN <<EOF\n" * 20_000 + "EXPOSE 8000\n"
    assert start_command(many).exposed == (8000,)


def test_a_byte_order_mark_is_not_the_first_instruction() -> None:
    """A Windows editor's byte order mark before `# escape=`` ` (or `FROM`): Docker drops it.
    Before, the directive was not one, so the backtick continued nothing."""
    assert image_environment("\ufeff" + _WINDOWS) == {"PORT": "8080", "PYTHONUNBUFFERED": "1"}
    assert start_command("\ufeffFROM python:3.12\nEXPOSE 8000\n").exposed == (8000,)
