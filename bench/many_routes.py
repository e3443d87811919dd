"""Benchmark linking on a service with many routes and a gateway with many calls to it.

    .venv/bin/python bench/many_routes.py --routes 3000 --calls 9000

Generates a FastAPI model service with `--routes` routes `/r{i}/{item_id}` and an Express
gateway whose `--calls` handlers each call one of them through the compose-given base URL,
then times `seamcheck check --no-cache` on it (every call links: no findings). The linker
checks each call against the routes it may land on (`link._ServiceRoutes`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    environment:
      MODEL_URL: http://model:8000
  model:
    build: ./model
"""


def generate(root: Path, routes: int, calls: int) -> None:
    (root / "model/app").mkdir(parents=True)
    (root / "gateway/src").mkdir(parents=True)
    (root / "docker-compose.yml").write_text(COMPOSE)
    (root / "model/requirements.txt").write_text("fastapi\n")
    (root / "gateway/package.json").write_text(
        '{"name": "gateway", "dependencies": {"express": "^4.19.0"}}\n'
    )
    model = ["from fastapi import FastAPI\n\napp = FastAPI()\n"]
    for i in range(routes):
        model.append(
            f"\n@app.get('/r{i}/{{item_id}}')\nasync def r{i}(item_id: int) -> dict:\n"
            "    return {}\n"
        )
    (root / "model/app/main.py").write_text("".join(model))
    gateway = ["const express = require('express');\nconst app = express();\n"]
    for i in range(calls):
        url = f"`${{process.env.MODEL_URL}}/r{i % routes}/${{req.query.id}}`"
        gateway.append(
            f"app.get('/g{i}', async (req, res) => res.json(await (await fetch({url})).json()));\n"
        )
    (root / "gateway/src/server.js").write_text("".join(gateway))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=3000)
    parser.add_argument("--calls", type=int, default=9000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, args.routes, args.calls)
        command = [sys.executable, "-m", "seamcheck", "check", str(root), "--no-cache"]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        print(f"{args.routes} routes, {args.calls} calls: {seconds:.2f} s")
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr)


if __name__ == "__main__":
    main()
