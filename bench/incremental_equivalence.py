"""Random edits, each checked incrementally against a run without the cache (issue #8).

    python bench/incremental_equivalence.py TREE [TREE ...] [--edits N] [--seed S]
        [--work DIR] [--seamcheck PATH] [--kinds "add route,add client call"]

Each TREE is copied under `--work` (the original is never touched), checked once with a
cache of its own, then edited `--edits` times at random: a function added, removed or
changed, an async function that blocks, an import added or removed, a route added, a client
call added, a line added at the top or a comment at the end, or an earlier edit undone. After
each edit, `check --format json` and `seams --format json` with the cache must print exactly
what they print with `--no-cache`, with the same exit status. The cache is kept across
edits, so every path a run with a cache may take is exercised: findings replayed (no facts
changed), carried (only lines moved), or computed again.

Prints one line per edit and a summary (edits, runs compared, mismatches); exits 1 on any
mismatch, leaving the outputs of the first under `--work` for a diff.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SOURCES = (".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")
SKIP = ("node_modules", ".seamcheck_cache", ".git", "__pycache__")
PATHS = ("/users/1", "/api/items", "/health", "/orders/7/items", "/v1/predict")


def source_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix in SOURCES and p.is_file() and not any(s in p.parts for s in SKIP)
    )


def service_names(root: Path) -> list[str]:
    """Host names a client call may name: the compose services, else localhost."""
    names: list[str] = []
    for compose in root.glob("*compose*.y*ml"):
        in_services = False
        for line in compose.read_text(errors="replace").splitlines():
            if line.startswith("services:"):
                in_services = True
            elif in_services and re.fullmatch(r"  [\w.-]+:\s*", line):
                names.append(line.strip().rstrip(":"))
            elif line and not line.startswith(" "):
                in_services = False
    return names or ["localhost"]


# -- edits: each takes (text, n, rng, hosts) and gives the new text, or None if it cannot apply


def _top_level_blocks(lines: list[str], start: re.Pattern[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of the top-level blocks whose first line matches `start`,
    decorators above included, up to the next top-level line."""
    blocks = []
    for i, line in enumerate(lines):
        if not start.match(line):
            continue
        first = i
        while first > 0 and lines[first - 1].startswith("@"):
            first -= 1
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t)}]"):
            end += 1
        blocks.append((first, end))
    return blocks


_PY_DEF = re.compile(r"(async\s+)?def \w+\(")
_JS_DEF = re.compile(r"(export\s+)?(async\s+)?function\s*\*?\s*\w+\s*\(")
_PY_IMPORT = re.compile(r"(import [\w., ]+|from [\w.]+ import [\w, ]+)\s*$")
_JS_IMPORT = re.compile(
    r"(const|let|var) \w+ = require\([^)]*\);?\s*$|import [^;]* from [^;]+;?\s*$"
)
_PY_ROUTER = re.compile(r"^@(\w+)\.(get|post|put|delete|patch|route|api_route)\(", re.M)
_JS_ROUTER = re.compile(r"\b(app|router|server|fastify)\.(get|post|put|delete|use)\(")


def py_add_function(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    names = re.findall(r"^def (\w+)\(", text, re.M)
    callee = rng.choice(names) if names else "len"
    return text + f"\n\ndef _eq_edit_{n}(value):\n    return {callee}(value)\n"


def py_add_blocking(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    return text + f"\n\nasync def _eq_async_{n}():\n    import time\n    time.sleep(1)\n"


def py_remove_function(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    blocks = _top_level_blocks(lines, _PY_DEF)
    if not blocks:
        return None
    first, end = rng.choice(blocks)
    return "".join(lines[:first] + lines[end:])


def py_change_body(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if re.match(r"\s+return\b", line)]
    if not at:
        return None
    i = rng.choice(at)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    choice = rng.choice((f"print('eq {n}')", "open('eq.txt').read()", f"value_{n} = len('{n}')"))
    return "".join([*lines[:i], f"{indent}{choice}\n", *lines[i:]])


def py_add_import(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if _PY_IMPORT.match(line)]
    existing = [lines[i] for i in at if lines[i].startswith("from ")]
    options = ["import requests\n", "import os.path\n", "import json\n"]
    if existing:
        module = rng.choice(existing).split()[1]
        options.append(f"from {module} import eq_missing_{n}\n")
    line = rng.choice(options)
    i = at[-1] + 1 if at else 0
    return "".join([*lines[:i], line, *lines[i:]])


def py_remove_import(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if _PY_IMPORT.match(line) and "__future__" not in line]
    if not at:
        return None
    i = rng.choice(at)
    return "".join(lines[:i] + lines[i + 1 :])


def py_add_route(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    routers = _PY_ROUTER.findall(text)
    if not routers:
        return None
    name, verb = rng.choice(routers)
    verb = "route" if verb == "route" else "get"
    return text + f'\n\n@{name}.{verb}("/eq-edit-{n}")\ndef _eq_route_{n}():\n    return {{}}\n'


def py_add_client(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    url = f"http://{rng.choice(hosts)}:8000{rng.choice(PATHS)}"
    library = rng.choice(("requests", "httpx"))
    return (
        text
        + f'\n\ndef _eq_client_{n}():\n    import {library}\n    return {library}.get("{url}")\n'
    )


def js_add_function(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    names = re.findall(r"^function (\w+)\s*\(", text, re.M)
    callee = rng.choice(names) if names else "String"
    return text + f"\nfunction eqEdit{n}(value) {{\n  return {callee}(value);\n}}\n"


def js_remove_function(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    blocks = _top_level_blocks(lines, _JS_DEF)
    if not blocks:
        return None
    first, end = rng.choice(blocks)
    return "".join(lines[:first] + lines[end:])


def js_change_body(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if re.match(r"\s+return\b", line)]
    if not at:
        return None
    i = rng.choice(at)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    choice = rng.choice((f"console.log('eq {n}');", "require('fs').readFileSync('eq.txt');"))
    return "".join([*lines[:i], f"{indent}{choice}\n", *lines[i:]])


def js_add_import(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if _JS_IMPORT.match(line)]
    esm = bool(re.search(r"^(import|export) ", text, re.M))
    line = (
        f"import * as eqPath{n} from 'path';\n"
        if esm
        else f"const eqPath{n} = require('{rng.choice(('path', './eq-missing', '../util'))}');\n"
    )
    i = at[-1] + 1 if at else 0
    return "".join([*lines[:i], line, *lines[i:]])


def js_remove_import(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if _JS_IMPORT.match(line)]
    if not at:
        return None
    i = rng.choice(at)
    return "".join(lines[:i] + lines[i + 1 :])


def js_add_route(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    routers = _JS_ROUTER.findall(text)
    if not routers:
        return None
    name = rng.choice(routers)[0]
    return text + f"\n{name}.get('/eq-edit-{n}', (req, res) => res.send('ok'));\n"


def js_add_client(text: str, n: int, rng: random.Random, hosts: list[str]) -> str | None:
    url = f"http://{rng.choice(hosts)}:8000{rng.choice(PATHS)}"
    return text + f"\nfunction eqClient{n}() {{\n  return fetch('{url}');\n}}\n"


def line_at_top(text: str, n: int, rng: random.Random, hosts: list[str], python: bool) -> str:
    return f"{'#' if python else '//'} eq {n}\n" + text


def comment_at_end(text: str, n: int, rng: random.Random, hosts: list[str], python: bool) -> str:
    return text + f"\n{'#' if python else '//'} eq end {n}\n"


Edit = Callable[[str, int, random.Random, list[str]], "str | None"]
PYTHON_EDITS: dict[str, Edit] = {
    "add function": py_add_function,
    "add blocking async function": py_add_blocking,
    "remove function": py_remove_function,
    "change body": py_change_body,
    "add import": py_add_import,
    "remove import": py_remove_import,
    "add route": py_add_route,
    "add client call": py_add_client,
}
JS_EDITS: dict[str, Edit] = {
    "add function": js_add_function,
    "remove function": js_remove_function,
    "change body": js_change_body,
    "add import": js_add_import,
    "remove import": js_remove_import,
    "add route": js_add_route,
    "add client call": js_add_client,
}


def run(seamcheck: str, args: list[str]) -> tuple[int, bytes, bytes]:
    done = subprocess.run([seamcheck, *args], capture_output=True, check=False)
    return done.returncode, done.stdout, done.stderr


def compare(seamcheck: str, tree: Path, cache: Path, keep: Path) -> int:
    """Mismatches of `check` and `seams` with the cache against `--no-cache` (0, 1 or 2)."""
    bad = 0
    for command in ("check", "seams"):
        base = [command, str(tree), "--format", "json"]
        warm = run(seamcheck, [*base, "--cache-dir", str(cache)])
        cold = run(seamcheck, [*base, "--no-cache"])
        if warm[:2] != cold[:2]:
            bad += 1
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{command}.cached.json").write_bytes(warm[1])
            (keep / f"{command}.nocache.json").write_bytes(cold[1])
            (keep / f"{command}.cached.err").write_bytes(warm[2])
            (keep / f"{command}.nocache.err").write_bytes(cold[2])
    return bad


def check_tree(
    original: Path,
    work: Path,
    seamcheck: str,
    edits: int,
    rng: random.Random,
    kinds: frozenset[str] = frozenset(),
) -> tuple[int, int, list[str]]:
    tree = work / original.name
    cache = work / f"{original.name}.cache"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(original, tree, ignore=shutil.ignore_patterns(".seamcheck_cache"))
    files = source_files(tree)
    # Few files declare routes: a route is added to one of them, or it would seldom be drawn.
    routing = [p for p in files if _declares_routes(p)]
    hosts = service_names(tree)
    originals: dict[Path, bytes] = {}
    run(seamcheck, ["check", str(tree), "--cache-dir", str(cache)])  # the cold run
    mismatches: list[str] = []
    made = compared = 0
    for n in range(1, edits + 1):
        if originals and rng.random() < 0.1:
            path = rng.choice(sorted(originals))
            path.write_bytes(originals.pop(path))
            what = "undo"
        else:
            drawn = _draw_edit(files, routing, n, rng, hosts, kinds)
            if drawn is None:
                continue
            what, path, edited = drawn
            originals.setdefault(path, path.read_bytes())
            path.write_text(edited)
        made += 1
        bad = compare(seamcheck, tree, cache, work / f"mismatch-{original.name}-{n}")
        compared += 2
        label = f"{original.name} #{n}: {what} in {path.relative_to(tree)}"
        print(f"{'MISMATCH' if bad else 'same    '} {label}", flush=True)
        if bad:
            mismatches.append(label)
    return made, compared, mismatches


def _declares_routes(path: Path) -> bool:
    text = path.read_text(errors="replace")
    return bool((_PY_ROUTER if path.suffix == ".py" else _JS_ROUTER).search(text))


def _draw_edit(
    files: list[Path],
    routing: list[Path],
    n: int,
    rng: random.Random,
    hosts: list[str],
    only: frozenset[str] = frozenset(),
) -> tuple[str, Path, str] | None:
    """(what, file, its new text) of an edit that applies, of the kinds in `only` if given;
    None after a few draws that did not apply."""
    for _ in range(8):
        if not only and rng.random() < 0.15:
            path = rng.choice(files)
            text = path.read_text(errors="replace")
            what = rng.choice(("line at top", "comment at end"))
            mover = line_at_top if what == "line at top" else comment_at_end
            return what, path, mover(text, n, rng, hosts, path.suffix == ".py")
        what = rng.choice(sorted(only or {*PYTHON_EDITS, *JS_EDITS}))
        path = rng.choice(routing if what == "add route" and routing else files)
        kinds = PYTHON_EDITS if path.suffix == ".py" else JS_EDITS
        if what not in kinds:
            continue
        text = path.read_text(errors="replace")
        edited = kinds[what](text, n, rng, hosts)
        if edited is not None and edited != text:
            return what, path, edited
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--work", type=Path, default=Path("/tmp/seamcheck-equivalence"))
    parser.add_argument("--seamcheck", default=shutil.which("seamcheck") or "seamcheck")
    parser.add_argument(
        "--kinds", default="", help="only these edits, comma-separated (e.g. 'add route')"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds = frozenset(k.strip() for k in args.kinds.split(",") if k.strip())
    unknown = kinds - {*PYTHON_EDITS, *JS_EDITS}
    if unknown:
        parser.error(f"no such edit: {', '.join(sorted(unknown))}")
    args.work.mkdir(parents=True, exist_ok=True)
    total_edits = total_runs = 0
    failed: list[str] = []
    for tree in args.trees:
        edits, compared, mismatches = check_tree(
            tree.resolve(), args.work, args.seamcheck, args.edits, rng, kinds
        )
        total_edits, total_runs = total_edits + edits, total_runs + compared
        failed += mismatches
    print(f"{total_edits} edits, {total_runs} outputs compared, {len(failed)} edits mismatched")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
