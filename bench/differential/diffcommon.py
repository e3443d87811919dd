"""Shared helpers for the differential checks in this folder (not part of seamcheck).

The scripts here are run as files (``python bench/differential/<script>.py``), so this module is
imported from the script's own directory.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parents[2]
# Scratch space (gitignored); $SEAMCHECK_BENCH_WORK overrides it (e.g. to test the skip path).
WORK = Path(os.environ.get("SEAMCHECK_BENCH_WORK") or REPO_ROOT / "bench" / ".work").resolve()
DEFAULT_SEAMCHECK_PYTHON = "/tmp/venv/bin/python"

Edge = tuple[str, str]
JsonDict = dict[str, Any]


def default_seamcheck_python() -> str:
    """The interpreter with seamcheck's dependencies: $SEAMCHECK_PYTHON, /tmp/venv, or ours."""
    explicit = os.environ.get("SEAMCHECK_PYTHON")
    if explicit:
        return explicit
    return DEFAULT_SEAMCHECK_PYTHON if Path(DEFAULT_SEAMCHECK_PYTHON).exists() else sys.executable


def skip(reason: str) -> NoReturn:
    """Exit 0 with the one-line skip message the runner looks for."""
    print(f"skipped: {' '.join(reason.split())}")
    sys.exit(0)


def fail(message: str, code: int = 2) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def run(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 1800,
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output; never raises on a non-zero exit."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    try:
        return subprocess.run(
            list(cmd),
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(list(cmd), 124, "", f"timed out after {exc.timeout}s")
    except FileNotFoundError as exc:
        return subprocess.CompletedProcess(list(cmd), 127, "", str(exc))


def seamcheck_command(python: str, root: Path) -> list[str]:
    return [python, "-m", "seamcheck", "graph", str(root), "--format", "json"]


def seamcheck_env() -> dict[str, str]:
    return {"PYTHONPATH": str(REPO_ROOT / "src")}


def show_command(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted((env or {}).items()))
    return (prefix + " " if prefix else "") + shlex.join(cmd)


def run_seamcheck(python: str, root: Path, out_file: Path, timeout: float) -> JsonDict:
    """Run ``seamcheck graph ROOT --format json``; keep the raw output in ``out_file``.

    A failing or malformed run is reported with the exact command and the end of stderr, and
    the script exits 2 (that is a seamcheck finding, not a reason to skip).
    """
    cmd = seamcheck_command(python, root)
    env = seamcheck_env()
    proc = run(cmd, env=env, timeout=timeout)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(proc.stdout, encoding="utf-8")
    out_file.with_suffix(".stderr.txt").write_text(proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.splitlines()[-30:])
        fail(f"seamcheck failed (exit {proc.returncode}): {show_command(cmd, env)}\n{tail}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        fail(f"seamcheck output is not JSON ({exc}): {show_command(cmd, env)}; see {out_file}")
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        fail(f"seamcheck output lacks 'nodes'/'edges': {show_command(cmd, env)}; see {out_file}")
    return data


def seamcheck_import_edges(
    graph: JsonDict, node_key: str = "name"
) -> tuple[dict[str, JsonDict], dict[Edge, list[JsonDict]]]:
    """Module nodes (keyed by ``node_key``) and module->module ``imports`` edges.

    Returns ``(modules, edges)`` where ``edges`` maps ``(importer, imported)`` (both expressed
    with ``node_key``) to the list of edge attribute dicts (a MultiDiGraph may hold several).
    """
    by_id: dict[str, JsonDict] = {}
    for node in graph["nodes"]:
        if node.get("kind") == "module":
            by_id[str(node["id"])] = node
    modules = {str(node.get(node_key, node_id)): node for node_id, node in by_id.items()}
    edges: dict[Edge, list[JsonDict]] = {}
    for edge in graph["edges"]:
        if edge.get("kind") != "imports":
            continue
        src, dst = str(edge["source"]), str(edge["target"])
        if src not in by_id or dst not in by_id:
            continue
        key = (str(by_id[src].get(node_key, src)), str(by_id[dst].get(node_key, dst)))
        edges.setdefault(key, []).append(edge)
    return modules, edges


def spread_sample(items: Sequence[Any], n: int) -> list[Any]:
    """Deterministic, evenly spread sample of a sorted sequence (keeps the order)."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else f"{part}/0 = n/a"


def ratio_value(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def source_line(path: Path, line: int | None) -> str:
    if line is None or line < 1 or not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[line - 1].strip() if line <= len(lines) else ""


def counter_lines(pairs: Iterable[tuple[str, int]], indent: str = "      ") -> list[str]:
    return [f"{indent}{count:5d}  {label}" for label, count in pairs]


def reason_class(reason: object) -> str:
    """An unresolved-import reason with its specifics (quoted names, paths) elided."""
    text = re.sub(r"'[^']*'", "'…'", str(reason))
    return re.sub(r"[^\s'(]*/[^\s')]*", "…", text)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
