"""Generate a realistic synthetic polyglot repository for the speed benchmark.

    python bench/generate.py OUT --files 5000 [--seed 1]

N services (FastAPI-style Python, Express-style TypeScript and CommonJS JavaScript, wired by a
compose file), each a package of layered modules (api/routes, services, repositories, models,
utils) of realistic size (60-400 lines, about 5 KB like Django's modules), with the import
and call density of real code: stdlib, third-party, absolute and relative first-party
imports, calls into what they import, routes, HTTP client calls to the other services, and a
few violations (blocking calls on async paths, cross-service imports, an ML library in a
Node service, syntax errors). Deterministic for a seed: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

FILES_PER_SERVICE = 250
LAYERS = ("api", "services", "repositories", "models", "utils", "core")
PY_STDLIB = ("os", "json", "logging", "time", "datetime", "typing", "pathlib", "dataclasses")
PY_THIRD_PARTY = ("httpx", "pydantic", "sqlalchemy", "numpy", "requests", "redis")
TS_THIRD_PARTY = ("express", "axios", "zod", "lodash", "pino", "ioredis")
JS_THIRD_PARTY = ("express", "axios", "lodash", "pino", "node-fetch")
NOUNS = (
    "user", "order", "item", "cart", "price", "model", "score", "embedding", "session",
    "invoice", "payment", "profile", "feature", "batch", "report", "event", "token", "queue",
)  # fmt: skip
VERBS = ("get", "load", "build", "compute", "update", "fetch", "parse", "validate", "merge")


@dataclass
class Module:
    path: str  # repo-relative
    name: str  # python dotted name / ts import path without extension
    layer: str
    functions: list[str] = field(default_factory=list)


@dataclass
class Service:
    name: str
    language: str  # python | typescript | javascript
    root: str
    package: str
    modules: list[Module] = field(default_factory=list)


def plan(total_files: int, rng: random.Random) -> list[Service]:
    count = max(4, round(total_files / FILES_PER_SERVICE))
    languages = ["python", "typescript", "python", "typescript", "javascript"]
    services = []
    for i in range(count):
        language = languages[i % len(languages)]
        name = f"{rng.choice(NOUNS)}-{('svc', 'api', 'worker', 'model')[i % 4]}-{i}"
        package = name.replace("-", "_")
        services.append(Service(name, language, f"services/{name}", package))
    # Spread the files; a manifest and a config per service count towards the total.
    per_service = [(total_files - 2 * count) // count] * count
    for i in range((total_files - 2 * count) % count):
        per_service[i] += 1
    for service, files in zip(services, per_service, strict=True):
        for j in range(files):
            layer = LAYERS[j % len(LAYERS)]
            stem = f"{rng.choice(NOUNS)}_{rng.choice(VERBS)}_{j}"
            if service.language == "python":
                sub = f"{layer}/g{j // 40}"
                path = f"{service.root}/src/{service.package}/{sub}/{stem}.py"
                name = f"{service.package}.{sub.replace('/', '.')}.{stem}"
            else:
                ext = ".ts" if service.language == "typescript" else ".js"
                path = f"{service.root}/src/{layer}/g{j // 40}/{stem}{ext}"
                name = f"{layer}/g{j // 40}/{stem}"
            functions = [
                f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{k}" for k in range(rng.randint(3, 14))
            ]
            if service.language != "python":
                functions = [_camel(f) for f in functions]
            service.modules.append(Module(path, name, layer, functions))
    return services


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


# -- Python ------------------------------------------------------------------------------


def python_module(
    service: Service, module: Module, others: list[Service], rng: random.Random
) -> str:
    lines = [
        f'"""Generated module: {module.name}."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    for name in rng.sample(PY_STDLIB, rng.randint(2, 4)):
        lines.append(f"import {name}")
    third = rng.sample(PY_THIRD_PARTY, rng.randint(1, 3))
    for name in third:
        lines.append(f"import {name}")
    lines.append("")
    imported: list[str] = []
    for target in rng.sample(service.modules, min(len(service.modules), rng.randint(3, 8))):
        if target is module:
            continue
        function = rng.choice(target.functions)
        lines.append(f"from {target.name} import {function}")
        imported.append(function)
    if rng.random() < 0.03 and others:  # violation: importing another service's code
        other = rng.choice([s for s in others if s.language == "python"] or [service])
        target = rng.choice(other.modules)
        lines.append(f"from {target.name} import {target.functions[0]}")
    lines += ["", "logger = logging.getLogger(__name__)" if "logging" in "".join(lines) else "", ""]
    if module.layer == "api":
        lines += ["from fastapi import APIRouter", "", "router = APIRouter()", ""]
    for k, function in enumerate(module.functions):
        is_async = module.layer in ("api", "services") and rng.random() < 0.6
        if module.layer == "api" and k < 3:
            noun = rng.choice(NOUNS)
            lines.append(f'@router.{rng.choice(("get", "post"))}("/{noun}s/{{{noun}_id}}")')
        head = "async def" if is_async else "def"
        lines.append(f"{head} {function}(payload: dict, limit: int = {k + 10}) -> dict:")
        lines.append(f'    """{function.replace("_", " ").capitalize()}."""')
        lines.append("    result = {}")
        for step in range(rng.randint(3, 16)):
            roll = rng.random()
            if imported and roll < 0.35:
                lines.append(f"    result['{step}'] = {rng.choice(imported)}(payload)")
            elif roll < 0.45:
                lines.append(f"    result['{step}'] = json.dumps(payload, sort_keys=True)")
            elif roll < 0.55 and is_async and others:
                other = rng.choice(others)
                lines.append("    async with httpx.AsyncClient() as client:")
                lines.append(
                    f"        result['{step}'] = await client.get("
                    f"'http://{other.name}:8000/{rng.choice(NOUNS)}s/{step}')"
                )
            elif roll < 0.57 and is_async:  # violation: blocking call on an async path
                lines.append(
                    "    time.sleep(0.1)" if rng.random() < 0.5 else "    requests.get('http://x')"
                )
            elif roll < 0.75:
                lines.append(f"    if limit > {step}:")
                lines.append(f"        result['{step}'] = [v for v in payload.values()][:limit]")
            else:
                lines.append(f"    logger.info('step %s of %s', {step}, '{function}')")
        lines += ["    return result", "", ""]
    if module.layer == "models":
        lines += ["class Record(pydantic.BaseModel):" if "pydantic" in third else "class Record:"]
        lines += [f"    field_{i}: int = {i}" for i in range(rng.randint(3, 12))] + [""]
    # No Python syntax errors: import-linter and tach stop at the first one, and the
    # comparison needs them to finish. The TypeScript side carries a few.
    return "\n".join(lines) + "\n"


# -- TypeScript / JavaScript ---------------------------------------------------------------


def node_module(service: Service, module: Module, others: list[Service], rng: random.Random) -> str:
    ts = service.language == "typescript"
    lines = [f"// Generated module: {module.name}", ""]
    packages = rng.sample(TS_THIRD_PARTY if ts else JS_THIRD_PARTY, rng.randint(1, 3))
    depth = module.name.count("/")
    imported: list[str] = []
    for package in packages:
        binding = package.replace("-", "_").replace("@", "").replace("/", "_")
        lines.append(
            f"import {binding} from '{package}';"
            if ts
            else f"const {binding} = require('{package}');"
        )
    if rng.random() < 0.3:
        lines.append("import fs from 'fs';" if ts else "const fs = require('fs');")
    for target in rng.sample(service.modules, min(len(service.modules), rng.randint(3, 8))):
        if target is module:
            continue
        function = rng.choice(target.functions)
        if ts and rng.random() < 0.5:
            spec = f"@/{target.name}"
        else:
            spec = "../" * depth + target.name
            spec = spec if spec.startswith("../") else "./" + spec
        if ts:
            lines.append(f"import {{ {function} }} from '{spec}';")
        else:
            lines.append(f"const {{ {function} }} = require('{spec}');")
        imported.append(function)
    if rng.random() < 0.01:  # violation: an ML library in a Node service
        lines.append(
            "import * as tf from '@tensorflow/tfjs-node';"
            if ts
            else "const tf = require('@tensorflow/tfjs-node');"
        )
    lines.append("")
    if module.layer == "api":
        lines.append(
            "export const router = express.Router();" if ts else "const router = express.Router();"
        )
    exported = []
    for k, function in enumerate(module.functions):
        is_async = module.layer in ("api", "services") and rng.random() < 0.6
        typed = (
            "(payload: Record<string, unknown>, limit = 10): Promise<unknown>"
            if ts and is_async
            else (
                "(payload: Record<string, unknown>, limit = 10): unknown"
                if ts
                else "(payload, limit = 10)"
            )
        )
        prefix = "export " if ts else ""
        lines.append(f"{prefix}{'async ' if is_async else ''}function {function}{typed} {{")
        lines.append(
            "  const result: Record<string, unknown> = {};" if ts else "  const result = {};"
        )
        for step in range(rng.randint(3, 14)):
            roll = rng.random()
            if imported and roll < 0.35:
                lines.append(f"  result['{step}'] = {rng.choice(imported)}(payload);")
            elif roll < 0.5 and is_async and others:
                other = rng.choice(others)
                lines.append(
                    f"  result['{step}'] = await axios.get(`http://{other.name}:8000/"
                    f"{rng.choice(NOUNS)}s/${{limit}}`);"
                    if "axios" in packages
                    else f"  result['{step}'] = await fetch('http://{other.name}:8000/health');"
                )
            elif roll < 0.52 and is_async and "fs" in "".join(lines[:12]):
                lines.append("  result.raw = fs.readFileSync('/etc/hosts', 'utf8');")  # violation
            elif roll < 0.75:
                lines.append(f"  if (limit > {step}) {{")
                lines.append(f"    result['{step}'] = Object.values(payload).slice(0, limit);")
                lines.append("  }")
            else:
                lines.append(f"  console.log('step', {step}, '{function}');")
        lines += ["  return result;", "}", ""]
        exported.append(function)
        if module.layer == "api" and k < 3:
            lines.append(
                f"router.{rng.choice(('get', 'post'))}('/{rng.choice(NOUNS)}s/:id', "
                f"async (req, res) => {{ res.json(await {function}(req.body)); }});"
            )
            lines.append("")
    if ts and module.layer == "models":
        lines.append("export interface Record" + str(rng.randint(1, 99)) + " {")
        lines += [f"  field{i}: number;" for i in range(rng.randint(3, 10))] + ["}", ""]
    if not ts:
        lines.append(f"module.exports = {{ {', '.join(exported)} }};")
    if rng.random() < 0.002:  # a half-written file
        lines.append("export function unfinished( {")
    return "\n".join(lines) + "\n"


# -- manifests -----------------------------------------------------------------------------


def manifests(service: Service) -> dict[str, str]:
    if service.language == "python":
        deps = ", ".join(f'"{d}"' for d in (*PY_THIRD_PARTY, "fastapi"))
        return {
            f"{service.root}/pyproject.toml": (
                f'[project]\nname = "{service.name}"\nversion = "1.0.0"\ndependencies = [{deps}]\n'
            ),
            f"{service.root}/README.md": f"# {service.name}\n",
        }
    packages = {
        d: "^1.0.0"
        for d in (TS_THIRD_PARTY if service.language == "typescript" else JS_THIRD_PARTY)
    }
    files = {
        f"{service.root}/package.json": json.dumps(
            {"name": service.name, "version": "1.0.0", "dependencies": packages}, indent=2
        )
        + "\n"
    }
    if service.language == "typescript":
        files[f"{service.root}/tsconfig.json"] = json.dumps(
            {"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}, "strict": True}},
            indent=2,
        )
    else:
        files[f"{service.root}/README.md"] = f"# {service.name}\n"
    return files


def compose(services: list[Service]) -> str:
    lines = ["services:"]
    for s in services:
        lines += [f"  {s.name}:", f"    build: ./{s.root}", "    ports:", '      - "8000"']
    return "\n".join(lines) + "\n"


def generate(out: Path, total_files: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    services = plan(total_files, rng)
    if out.exists():
        shutil.rmtree(out)
    files: dict[str, str] = {"docker-compose.yml": compose(services)}
    for service in services:
        files.update(manifests(service))
        others = [s for s in services if s is not service]
        for module in service.modules:
            if service.language == "python":
                files[module.path] = python_module(service, module, others, rng)
            else:
                files[module.path] = node_module(service, module, others, rng)
        if service.language == "python":
            package = f"{service.root}/src/{service.package}"
            for folder in sorted({m.path.rsplit("/", 1)[0] for m in service.modules}):
                while folder.startswith(package):
                    files.setdefault(f"{folder}/__init__.py", "")
                    folder = folder.rsplit("/", 1)[0]
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    sources = [p for p in files if p.endswith((".py", ".ts", ".js"))]
    return {
        "services": len(services),
        "files": len(files),
        "sources": len(sources),
        "python": sum(p.endswith(".py") for p in sources),
        "bytes": sum(len(files[p].encode()) for p in sources),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.files, args.seed)))


if __name__ == "__main__":
    main()
