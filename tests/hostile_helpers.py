"""A small healthy polyglot repository that hostile files are dropped into, and how to run
seamcheck on it the way a user does (a fresh process, so a crash is a traceback on stderr).

The healthy part always yields the same finding; a test that adds a hostile file asserts that
this finding survives, i.e. the rest of the repository was still analysed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from conftest import write_repo

BASE_FILES: dict[str, str] = {
    "services/api/pyproject.toml": """
        [project]
        name = "api"
        dependencies = ["fastapi", "requests"]
        """,
    "services/api/app/main.py": """
        import requests
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/items")
        async def items():
            return requests.get("https://catalog.example.com/items").json()
        """,
    "services/gateway/package.json": json.dumps(
        {"name": "gateway", "dependencies": {"express": "^4.19.0"}}
    ),
    "services/gateway/src/server.js": """
        const express = require("express");
        const app = express();

        app.get("/api/items", async (req, res) => {
          const r = await fetch("http://api:8000/items");
          res.json(await r.json());
        });

        app.listen(3000);
        """,
    "docker-compose.yml": """
        services:
          api:
            build: services/api
          gateway:
            build: services/gateway
            ports: ["3000:3000"]
        """,
}

# The one finding of the healthy repository (text format, first line).
BASE_FINDING = (
    "services/api/app/main.py:9:12: SC201 blocking call `requests.get()` in async function "
    "`items` stalls the event loop"
)


def base_repo(root: Path, extra: Mapping[str, str | bytes] | None = None) -> Path:
    """The healthy repository plus `extra` files (bytes are written as they are)."""
    write_repo(root, BASE_FILES)
    for rel, content in (extra or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@dataclass(frozen=True, slots=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_seamcheck(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    program: Sequence[str] = (sys.executable, "-m", "seamcheck"),
) -> Run:
    """`seamcheck ARGS` in a fresh interpreter, as a user or a CI job runs it (`program`: the
    console script, to run it exactly as installed)."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("SEAMCHECK_DEBUG", None)
    done = subprocess.run(
        [*program, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def assert_clean_failure(run: Run, code: int = 2) -> str:
    """The documented exit code and exactly one line on stderr, no traceback; the line."""
    assert run.code == code, (run.code, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("seamcheck: error: "), lines[0]
    return lines[0]


def invoke(*args: str) -> Run:
    """`seamcheck ARGS` in this process (fast); an exception that escapes is a test failure,
    which is what a traceback would be for a user."""
    from click.testing import CliRunner

    from seamcheck.cli import cli

    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)
