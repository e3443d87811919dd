"""Time and memory of reading hostile inputs (issue #9), one fresh process each:

    .venv/bin/python bench/hostile_inputs.py            # every case
    .venv/bin/python bench/hostile_inputs.py blocks     # one case

Each case is an input shape that once made seamcheck quadratic: single source files
(extraction) and start commands (`startcommand.py`, and the example files they are matched
against in `seams/undeployed.py`); results are in bench/RESULTS.md ("Hostile inputs").
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

N = 50_000
CASES: dict[str, tuple[str, str, str]] = {
    "arrows": ("a.js", "javascript", "const f = " + "() =>\n " * N + "1;\n"),
    "blocks": ("a.js", "javascript", "function f(){\n" * N + "}" * N + "\n"),
    "calls": ("a.py", "python", "x = " + "f(\n" * N + "1" + ")" * N + "\n"),
    # An import named as a type at every level (`extract/typeuse.py` places each use).
    "typed": (
        "a.ts",
        "typescript",
        "import { Model } from './model';\n"
        + "".join(f"function f{i}(x: Model) {{\n" for i in range(N // 2))
        + "}\n" * (N // 2),
    ),
    "concat": ("a.js", "javascript", "const url = 'a'" + " + x" * N + ";\n"),
    # Script tags never closed, and a component made of script blocks (`extract/components.py`).
    "tags": ("a.vue", "javascript", '<script a="' * N + "\n"),
    "scripts": ("a.svelte", "javascript", "<script>f()</script>\n" * (N // 5)),
    "comments": (
        "a.py",
        "python",
        "import time\n\nasync def f():\n    time.sleep(1)\n" + "# padding\n" * 30_000,
    ),
    # A Tornado rule list of 50,000 tuples bound to a name, then rewritten in place (a list
    # bound to a name keeps `MAX_LIST_ITEMS` items, more than an argument's `MAX_ITEMS`).
    "rules": (
        "a.py",
        "python",
        "handlers = [\n"
        + "".join(f'    (r"/api/r{i}/(.+)", H, {{"n": {i}}}),\n' for i in range(N))
        + "]\nhandlers = [(p + x, h, s) for (x, h, s) in handlers]\n",
    ),
    # Comment runs too short to blank, `\r\n` ended: each line once matched two ways.
    "crlf": ("a.py", "python", ("# note\r\n" * 40 + "x = 1\r\n") * 1_000),
}


def _procfile_line() -> str:
    """A 480 kB Procfile line of plain words, the most a Procfile is read."""
    from seamcheck.startcommand import started_paths

    started = started_paths("a b " * 120_000 + "uvicorn examples.main:app")
    return f"480 kB command line, {len(started)} paths started"


def _script_moves() -> str:
    """A 500 kB entrypoint script of 100,000 `cd a` lines (9 s before `cd`s were capped)."""
    from seamcheck.startcommand import script_started

    started = script_started("cd a\n" * 100_000 + "exec uvicorn examples.main:app\n")
    return f"500 kB script, {len(started)} paths started"


def _stage_copies() -> str:
    """A Dockerfile whose final stage has 20,000 `COPY --from=` lines of a stage with 64
    copies (1.1 s and 1.28 million copies before a stage kept at most 1,000)."""
    from seamcheck.dockerfile import start_command

    build = "FROM python AS b\n" + "".join(f"COPY d{i}/ /x{i}/\n" for i in range(64))
    command = start_command(build + "FROM python\n" + "COPY --from=b / /app\n" * 20_000)
    sources = command.sources("/app/main.py")
    return f"20,064 COPY lines, {len(command.copies)} copies kept, {len(sources)} sources"


def _procfile_examples() -> str:
    """15,000 Procfile lines beside 2,000 example files, through the seams stage."""
    lines = "".join(f"p{i}: uvicorn pkg{i}.mod:app\n" for i in range(15_000))
    return _procfile_run(lines, "")


def _procfile_scripts() -> str:
    """As `procfile-examples`, every other line running the same 480 kB script instead
    (`seams/started.py` reads it once)."""
    lines = "".join(
        f"p{i}: uvicorn pkg{i}.mod:app\n" if i % 2 else f"p{i}: ./start.sh\n" for i in range(15_000)
    )
    return _procfile_run(lines, "echo a b c d\n" * 40_000 + "exec uvicorn pkg.mod:app\n")


def _procfile_run(lines: str, script: str) -> str:
    from seamcheck.analysis import RunOptions, analyse
    from seamcheck.config import load_config

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "examples").mkdir()
        for i in range(2_000):
            (root / "examples" / f"e{i}.py").write_text("x = 1\n")
        (root / "examples" / "api.py").write_text(
            "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/predict')\n"
            "def predict():\n    return {}\n"
        )
        (root / "pyproject.toml").write_text(
            '[project]\nname = "kit"\ndependencies = ["fastapi"]\n'
        )
        (root / "start.sh").write_text(script)
        (root / "Procfile").write_text(lines + "web: uvicorn examples.api:app\n")
        analysis = analyse(root, load_config(root), RunOptions(cache_dir=None, jobs=1))
        routes = analysis.seams.routes
    return f"2,001 example files, 15,001 Procfile lines, {len(routes)} routes"


# Inputs read past extraction: case -> what it measures, run in this process.
OTHER_CASES: dict[str, Callable[[], str]] = {
    "procfile-line": _procfile_line,
    "procfile-examples": _procfile_examples,
    "procfile-scripts": _procfile_scripts,
    "script-moves": _script_moves,
    "stage-copies": _stage_copies,
}


def measure(case: str) -> str:
    if case in OTHER_CASES:
        start = time.perf_counter()
        what = OTHER_CASES[case]()
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return f"{case}: {what}, {took:.2f} s, peak RSS {peak:.0f} MB"
    from seamcheck.extract import extract

    path, language, source = CASES[case]
    start = time.perf_counter()
    facts = extract(path, source.encode(), language)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{case}: {len(source) / 1e3:.0f} kB, {took:.2f} s, peak RSS {peak:.0f} MB, "
        f"{len(facts.definitions)} definitions, {len(facts.calls)} calls"
    )


def main() -> None:
    if len(sys.argv) > 1:
        print(measure(sys.argv[1]))
        return
    for case in [*CASES, *OTHER_CASES]:
        subprocess.run([sys.executable, __file__, case], check=False)


if __name__ == "__main__":
    main()
