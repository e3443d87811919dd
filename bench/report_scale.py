"""The architect's report on a generated repository of many services.

    .venv/bin/python bench/report_scale.py --services 100 [--browser] [--keep DIR]
    .venv/bin/python bench/report_scale.py --repo fixtures/demo --browser

Generates a TypeScript gateway (the edge) calling every backend, a React front end calling
the gateway through a vite proxy, and backends alternating FastAPI and Express, each with
three routes; every fifth backend calls the next one, every tenth of those calls a route
that does not exist (a broken seam), every seventh Python backend sleeps in an async handler,
all wired by one compose file. Prints the time of the analysis, of the report model and of
each renderer, the file sizes, and with --browser the time headless Chromium takes to load
and lay out index.html. `generate()` is what tests/test_report.py renders too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CALL_EVERY = 5  # backend i calls backend i + 1 when i % CALL_EVERY == 0
BROKEN_EVERY = 2  # ... and that call is broken when (i // CALL_EVERY) % BROKEN_EVERY == 1
SLEEP_EVERY = 7  # Python backend i sleeps in an async handler when i % SLEEP_EVERY == 0


@dataclass(frozen=True)
class Planted:
    services: int
    linked: int  # (call, route) links that land
    broken: int
    blocking: int  # SC201 findings


def _backend(i: int) -> str:
    return f"svc{i:03d}"


def _python_backend(i: int, calls_next: str) -> dict[str, str]:
    name = _backend(i)
    sleep = i % SLEEP_EVERY == 0
    lines = [
        "import time" if sleep else "",
        "import httpx" if calls_next else "",
        "from fastapi import FastAPI",
        "",
        "app = FastAPI()",
        "",
        "",
        '@app.get("/v1/items/{item_id}")',
        "async def read_item(item_id: int):",
        "    time.sleep(0.1)" if sleep else "",
        "    return {'id': item_id}",
        "",
        "",
        '@app.post("/v1/items")',
        "async def create_item(item: dict):",
    ]
    if calls_next:
        lines += [
            "    async with httpx.AsyncClient() as client:",
            f'        await client.get("{calls_next}")',
        ]
    lines += [
        "    return item",
        "",
        "",
        '@app.get("/healthz")',
        "def health():",
        "    return {'ok': True}",
        "",
    ]
    source = "\n".join(lines)
    dependencies = '"fastapi", "httpx"' if calls_next else '"fastapi"'
    return {
        f"services/{name}/pyproject.toml": (
            f'[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = [{dependencies}]\n'
        ),
        f"services/{name}/app/main.py": source,
    }


def _node_backend(i: int, calls_next: str) -> dict[str, str]:
    name = _backend(i)
    package = {"name": name, "version": "1.0.0", "dependencies": {"express": "^4.19.0"}}
    lines = [
        "const express = require('express');",
        "const app = express();",
        "",
        "app.get('/v1/items/:id', async (req, res) => res.json({ id: req.params.id }));",
        "app.post('/v1/items', async (req, res) => {",
    ]
    if calls_next:
        lines.append(f"  await fetch('{calls_next}');")
    lines += [
        "  res.status(201).json({});",
        "});",
        "app.get('/healthz', (req, res) => res.json({ ok: true }));",
        "app.listen(8000);",
        "",
    ]
    return {
        f"services/{name}/package.json": json.dumps(package, indent=2),
        f"services/{name}/index.js": "\n".join(lines),
    }


def generate(root: Path, services: int) -> Planted:
    """Writes the repository: `services` services in all (gateway, web and backends)."""
    backends = services - 2
    files: dict[str, str] = {}
    linked = broken = blocking = 0
    for i in range(backends):
        calls_next = ""
        if i % CALL_EVERY == 0 and i + 1 < backends:
            is_broken = (i // CALL_EVERY) % BROKEN_EVERY == 1
            path = "/v1/missing" if is_broken else "/v1/items/7"
            calls_next = f"http://{_backend(i + 1)}:8000{path}"
            broken += is_broken
            linked += not is_broken
        if i % 2 == 0:
            files.update(_python_backend(i, calls_next))
            blocking += i % SLEEP_EVERY == 0
        else:
            files.update(_node_backend(i, calls_next))
    gateway_calls = "\n".join(
        f"export const get{i} = (id: string) => "
        f"axios.get(`http://{_backend(i)}:8000/v1/items/${{id}}`);"
        for i in range(backends)
    )
    linked += backends
    files["services/gateway/package.json"] = json.dumps(
        {"name": "gateway", "version": "1.0.0",
         "dependencies": {"express": "^4.19.0", "axios": "^1.7.0"}}, indent=2
    )  # fmt: skip
    files["services/gateway/src/clients.ts"] = f"import axios from 'axios';\n\n{gateway_calls}\n"
    files["services/gateway/src/server.ts"] = (
        "import express from 'express';\nimport { get0 } from './clients';\n\n"
        "const app = express();\n"
        "app.get('/api/items/:id', async (req, res) =>\n"
        "  res.json((await get0(req.params.id)).data));\n"
        "app.listen(8080);\n"
    )
    files["apps/web/package.json"] = json.dumps(
        {"name": "web", "version": "1.0.0",
         "dependencies": {"react": "^18.3.0", "react-dom": "^18.3.0"},
         "devDependencies": {"vite": "^5.4.0"}}, indent=2
    )  # fmt: skip
    files["apps/web/vite.config.ts"] = (
        "import { defineConfig } from 'vite';\n\n"
        "export default defineConfig({\n"
        "  server: { proxy: { '/api': 'http://localhost:8080' } },\n"
        "});\n"
    )
    files["apps/web/src/api.ts"] = (
        "export async function item(id: string) {\n"
        "  return (await fetch(`/api/items/${id}`)).json();\n"
        "}\n"
    )
    linked += 1
    compose = ["services:", "  gateway:", "    build: ./services/gateway", "    ports:",
               '      - "8080:8080"']  # fmt: skip
    for i in range(backends):
        compose += [f"  {_backend(i)}:", f"    build: ./services/{_backend(i)}",
                    "    expose:", '      - "8000"']  # fmt: skip
    files["docker-compose.yml"] = "\n".join(compose) + "\n"
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return Planted(services, linked, broken, blocking)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--browser", action="store_true", help="also load it in Chromium")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--repo", type=Path, help="report on this repository instead")
    args = parser.parse_args()

    from seamcheck.analysis import analyse
    from seamcheck.config import load_config
    from seamcheck.gate import run_gate
    from seamcheck.report import FILES, renderer
    from seamcheck.report.model import build_model

    with tempfile.TemporaryDirectory() as scratch:
        if args.repo is not None:
            root, planted = args.repo.resolve(), None
        else:
            root = args.keep or Path(scratch) / "repo"
            root.mkdir(parents=True, exist_ok=True)
            planted = generate(root, args.services)
        start = time.perf_counter()
        config = load_config(root)
        analysis = analyse(root, config)
        analysed = time.perf_counter() - start
        start = time.perf_counter()
        model = build_model(analysis, run_gate(analysis), config)
        modelled = time.perf_counter() - start
        head = model.headline
        print(
            f"{head.services} services, {head.seams} seams, {head.broken} broken, "
            f"{head.by_rule.get('SC201', 0)} SC201" + (f" (planted: {planted})" if planted else "")
        )
        print(f"analysis {analysed:.2f} s, report model {modelled:.3f} s")
        out = Path(scratch) / "report"
        out.mkdir()
        for fmt, name in FILES.items():
            start = time.perf_counter()
            text = renderer(fmt)(model)
            elapsed = time.perf_counter() - start
            (out / name).write_text(text, encoding="utf-8")
            packed = len(gzip.compress(text.encode()))
            print(f"{name:13} {elapsed:6.3f} s  {len(text.encode()) / 1024:8.1f} KiB"
                  f"  gzip {packed / 1024:7.1f} KiB")  # fmt: skip
        if args.browser:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
            from headless import Page, find_chromium

            binary = find_chromium()
            if binary is None:
                sys.exit("no chromium found")
            with Page(binary) as page:
                wall = page.open(out / "index.html")
                timing = page.evaluate(
                    "JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON())"
                )
                navigation = json.loads(timing)
                nodes = page.evaluate("document.querySelectorAll('#diagram g.node').length")
                start = time.perf_counter()
                page.evaluate(
                    "var n = document.querySelector('#diagram g.node');"
                    "n.dispatchEvent(new MouseEvent('click', {bubbles: true}));"
                )
                focus = time.perf_counter() - start
                print(
                    f"chromium: load event after {navigation['loadEventEnd']:.0f} ms "
                    f"(DOMContentLoaded {navigation['domContentLoadedEventEnd']:.0f} ms, "
                    f"wall {wall:.2f} s), {nodes} nodes drawn, focus click {focus * 1000:.0f} ms, "
                    f"problems: {page.problems() or 'none'}"
                )


if __name__ == "__main__":
    main()
