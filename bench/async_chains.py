"""Benchmark SC201/SC202 on a generated service with deep helper chains across modules.

    .venv/bin/python bench/async_chains.py --functions 5000 --depth 50

Generates a Python service and a TypeScript service (each with `--functions` functions in
100 modules): chains of `--depth` sync helpers, each starting at an async entry and crossing
modules at every hop, with a blocking call every `--sink-every` levels and at the bottom
(shared low-level helpers), back edges that make cycles, and pure filler. Prints the time of
the whole pipeline and of the blocking analysis alone, and the finding counts (which must
equal the number the generator planted).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

MODULES = 100
SHARED_SINKS = 10


def _name(chain: int, level: int) -> str:
    return f"c{chain}_l{level}"


def _module(chain: int, level: int, depth: int) -> int:
    return (chain * depth + level) % MODULES


def generate(root: Path, functions: int, depth: int, sink_every: int) -> int:
    """Writes both services; returns the SC202 findings planted per service."""
    chains = functions // depth
    expected = 0
    for language in ("python", "typescript"):
        bodies: dict[int, list[str]] = {m: [] for m in range(MODULES)}
        imports: dict[int, set[tuple[int, str]]] = {m: set() for m in range(MODULES)}
        for chain in range(chains):
            for level in range(depth):
                here = _module(chain, level, depth)
                calls: list[str] = []
                if level + 1 < depth:
                    callee = _name(chain, level + 1)
                    imports[here].add((_module(chain, level + 1, depth), callee))
                    calls.append(callee)
                else:
                    calls.append(f"io_{chain % SHARED_SINKS}")
                if level % 10 == 5:  # a back edge: a cycle through the previous level
                    back = _name(chain, level - 1)
                    imports[here].add((_module(chain, level - 1, depth), back))
                    calls.append(back)
                blocking = level > 0 and level % sink_every == 0
                bodies[here].append(_function(language, chain, level, calls, blocking))
            # One entry reaches every holder below it once: the bottom helper and each level.
            expected += 1 + sum(1 for lv in range(1, depth) if lv % sink_every == 0)
        _write_service(root, language, bodies, imports)
    return expected // 2


def _function(language: str, chain: int, level: int, calls: list[str], blocking: bool) -> str:
    name = _name(chain, level)
    if language == "python":
        lines = [f"{'async ' if level == 0 else ''}def {name}(n):"]
        lines += [f"    {c}(n - 1)" for c in calls]
        if blocking:
            lines.append("    time.sleep(0.01)")
        lines.append("    return n\n")
        return "\n".join(lines)
    lines = [f"export {'async ' if level == 0 else ''}function {name}(n: number): number {{"]
    lines += [f"  {c}(n - 1);" for c in calls]
    if blocking:
        lines.append("  readFileSync('x');")
    lines.append("  return n;\n}\n")
    return "\n".join(lines)


def _write_service(
    root: Path,
    language: str,
    bodies: dict[int, list[str]],
    imports: dict[int, set[tuple[int, str]]],
) -> None:
    if language == "python":
        service = root / "py_service"
        package = service / "svc"
        package.mkdir(parents=True)
        (service / "pyproject.toml").write_text('[project]\nname = "svc"\n')
        (package / "__init__.py").write_text("")
        io = ["import time\n"] + [
            f"def io_{i}(n):\n    time.sleep(0.01)\n    return n\n" for i in range(SHARED_SINKS)
        ]
        (package / "io_helpers.py").write_text("\n".join(io))
        shared = ", ".join(f"io_{i}" for i in range(SHARED_SINKS))
        for module, functions in bodies.items():
            head = ["import time", f"from .io_helpers import {shared}"]
            head += [
                f"from .m{other} import {name}"
                for other, name in sorted(imports[module])
                if other != module
            ]
            (package / f"m{module}.py").write_text(
                "\n".join(head) + "\n\n\n" + "\n\n".join(functions)
            )
        return
    service = root / "ts_service"
    src = service / "src"
    src.mkdir(parents=True)
    (service / "package.json").write_text('{"name": "ts-service", "private": true}\n')
    io = ["import { readFileSync } from 'node:fs';\n"] + [
        f"export function io_{i}(n: number): number {{\n  readFileSync('x');\n  return n;\n}}\n"
        for i in range(SHARED_SINKS)
    ]
    (src / "io.ts").write_text("\n".join(io))
    shared = ", ".join(f"io_{i}" for i in range(SHARED_SINKS))
    for module, functions in bodies.items():
        head = ["import { readFileSync } from 'node:fs';", f"import {{ {shared} }} from './io.js';"]
        by_module: dict[int, list[str]] = {}
        for other, name in sorted(imports[module]):
            if other != module:
                by_module.setdefault(other, []).append(name)
        head += [
            f"import {{ {', '.join(names)} }} from './m{other}.js';"
            for other, names in sorted(by_module.items())
        ]
        (src / f"m{module}.ts").write_text("\n".join(head) + "\n\n" + "\n".join(functions))


def measure(root: Path, repeat: int) -> dict[str, float | int]:
    from seamcheck.analysis import analyse
    from seamcheck.config import Config
    from seamcheck.rules.blocking.analysis import _analyse
    from seamcheck.rules.context import RuleContext

    config = Config()
    started = time.perf_counter()
    analysis = analyse(root, config)
    total = time.perf_counter() - started
    assert analysis.resolution is not None
    context = RuleContext(analysis.project, analysis.resolution, analysis.graph, config)
    timings = []
    for _ in range(repeat):  # the best of several: the machine is shared
        started = time.perf_counter()
        report = _analyse(context)
        timings.append(time.perf_counter() - started)
    blocking = min(timings)
    codes = [f.code for f in analysis.findings]
    return {
        "files": len(analysis.facts),
        "functions": sum(len(f.definitions) for f in analysis.facts.values()),
        "calls": len(analysis.resolution.calls),
        "pipeline_s": round(total, 2),
        "blocking_s": round(blocking, 3),
        "sc201": codes.count("SC201"),
        "sc202": codes.count("SC202"),
        "chains": len(report.chains),
        "longest_chain": max((len(c.reach.hops) for c in report.chains), default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=5000, help="per service")
    parser.add_argument("--depth", type=int, default=50, help="sync helpers per chain")
    parser.add_argument("--sink-every", type=int, default=10, help="a blocking call every N levels")
    parser.add_argument("--repeat", type=int, default=5, help="time the analysis N times")
    parser.add_argument("--keep", type=Path, help="generate here and keep the tree")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="seamcheck-bench-"))
    try:
        if root.exists() and any(root.iterdir()):
            sys.exit(f"{root} is not empty")
        root.mkdir(parents=True, exist_ok=True)
        planted = generate(root, args.functions, args.depth, args.sink_every)
        result = measure(root, max(1, args.repeat))
        print(" ".join(f"{k}={v}" for k, v in result.items()), f"planted_sc202={2 * planted}")
        if result["sc202"] != 2 * planted:
            sys.exit("the number of SC202 findings differs from what the generator planted")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
