#!/usr/bin/env python3
"""Differential check: seamcheck's translated tach boundaries (SC302) vs `tach check`.

For each codebase, the same tach.toml is checked by both:

* peer side: ``tach check --dependencies --output json`` (tach pinned, in its own venv), run
  in the codebase with the config as its ``tach.toml``: every located error, as
  (file, imported tach module);
* seamcheck side: the config translated by ``seamcheck.tach`` (what ``seamcheck init
  --from-tach`` writes), then ``seamcheck check --select SC3`` from this checkout; each finding
  as (file, the tach module that owns the imported Python module).

Codebases: mcp-coder (ships a tach.toml with layers), checked on its shipped config and on
two perturbed copies that make tach report (layers dropped, so depends_on decides; and
layers reversed with depends_on dropped, so only layers decide), and Django 4.2 on a bench
config of this script's own (modules nested in modules, layers, a closed layer, utility,
cannot_depend_on).
Compared: the (file, imported module) pairs each reports, and which pairs only one reports.
Exit 0 when the comparison ran; ``skipped: ...`` when PyPI is unreachable; 2 when seamcheck
fails.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diffcommon import (
    REPO_ROOT,
    WORK,
    JsonDict,
    default_seamcheck_python,
    last_line,
    run,
    seamcheck_env,
    show_command,
    skip,
    write_json,
)

TACH_VERSION = "0.35.3"
OUT = WORK / "contracts_vs_tach"
DOWNLOADS = WORK / "dl"
SOURCES = WORK / "src"
VENV = WORK / "venv-tach"

Pair = tuple[str, str]  # (importing file, imported tach module)


def _no_layers(text: str) -> str:
    text = re.sub(r"(?ms)^layers = \[.*?^\]\n", "", text)
    return re.sub(r"(?m)^layer = .*\n", "", text)


def _layers_reversed(text: str) -> str:
    """Lowest layer first, and no depends_on: only the (now upside-down) layers decide."""
    block = re.search(r"(?ms)^layers = \[.*?^\]\n", text)
    names = re.findall(r'"([^"]+)"', block[0]) if block else []
    reversed_layers = "layers = [" + ", ".join(f'"{n}"' for n in reversed(names)) + "]\n"
    text = text.replace(block[0], reversed_layers) if block else text
    return re.sub(r"(?ms)^depends_on = \[.*?^\]\n|^depends_on = \[\]\n", "", text)


DJANGO_TACH = """
source_roots = ["."]
exclude = ["django/conf/locale", "django/contrib/*/migrations"]
layers = ["apps", { name = "web", closed = true }, "core", "base"]

[[modules]]
path = "django"
depends_on = ["django.utils"]

[[modules]]
path = "django.contrib"
layer = "apps"

[[modules]]
path = "django.contrib.admin"
layer = "apps"
depends_on = ["django.contrib", "django.contrib.auth"]

[[modules]]
path = "django.contrib.auth"
layer = "apps"
depends_on = ["django.contrib"]
cannot_depend_on = ["django.contrib.admin"]

[[modules]]
path = "django.views"
layer = "web"
depends_on = ["django.template"]

[[modules]]
path = "django.urls"
layer = "web"
depends_on = []

[[modules]]
path = "django.http"
layer = "web"
depends_on = []

[[modules]]
path = "django.template"
layer = "web"
depends_on = ["django.http"]

[[modules]]
path = "django.db"
layer = "core"
depends_on = ["django.core"]

[[modules]]
path = "django.db.backends"
layer = "core"
depends_on = ["django.db", "django.core"]

[[modules]]
path = "django.core"
layer = "core"
depends_on = ["django.db"]

[[modules]]
path = "django.forms"
depends_on = ["django.core"]

[[modules]]
path = "django.conf"
utility = true

[[modules]]
path = "django.utils"
layer = "base"
depends_on = ["django.conf"]

[[modules]]
path = "django.utils.functional"
layer = "base"
utility = true
depends_on = []
"""


@dataclass(frozen=True)
class Config:
    label: str
    make: Callable[[str], str]  # from the shipped tach.toml (or "") to the one checked


@dataclass(frozen=True)
class Codebase:
    name: str
    dist: str  # pip requirement of the sdist
    folder: str  # the sdist's top folder
    configs: tuple[Config, ...]


CODEBASES = (
    Codebase(
        "mcp-coder",
        "mcp-coder==0.1.20",
        "mcp_coder-0.1.20",
        (
            Config("shipped", lambda text: text),
            Config("shipped, layers dropped", _no_layers),
            Config("shipped, layers reversed, depends_on dropped", _layers_reversed),
        ),
    ),
    Codebase(
        "django", "Django==4.2.16", "Django-4.2.16", (Config("bench", lambda _: DJANGO_TACH),)
    ),
)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_tach() -> Path:
    """tach's executable: bench/install_peers.sh's when it is the pinned one, else our own."""
    for venv in (WORK / "peers-venv", VENV):
        tach = venv / "bin" / "tach"
        probe = run([str(tach), "--version"])
        if probe.returncode == 0 and probe.stdout.split()[-1:] == [TACH_VERSION]:
            return tach
    python = venv_python(VENV)
    if not python.is_file():
        proc = run([sys.executable, "-m", "venv", str(VENV)], timeout=300)
        if proc.returncode != 0:
            sys.exit(f"cannot create {VENV}: {last_line(proc.stderr)}")
    cmd = [str(python), "-m", "pip", "install", "--quiet", f"tach=={TACH_VERSION}"]
    proc = run(cmd, timeout=900)
    if proc.returncode != 0:
        skip(f"cannot install tach from PyPI: {last_line(proc.stderr)}")
    return VENV / "bin" / "tach"


def ensure_sdist(codebase: Codebase) -> Path:
    tree = SOURCES / codebase.folder
    if tree.is_dir():
        return tree
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    archives = sorted(DOWNLOADS.glob(f"{codebase.folder}.tar.gz"))
    if not archives:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        proc = run([*cmd, codebase.dist, "-d", str(DOWNLOADS)], timeout=600)
        archives = sorted(DOWNLOADS.glob(f"{codebase.folder}.tar.gz"))
        if proc.returncode != 0 or not archives:
            skip(f"cannot download {codebase.dist} sdist from PyPI: {last_line(proc.stderr)}")
    SOURCES.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archives[0]) as tar:
        tar.extractall(SOURCES, filter="data")
    shipped = tree / "tach.toml"
    if shipped.is_file():
        shutil.copy(shipped, tree / "tach.shipped.toml")
    return tree


# tach 0.35.3 now and then reports no diagnostic at all on a tree where the next run reports
# hundreds (`tach check --output json` printing `[]`): mcp-coder's source_roots ("src" and ".")
# both hold src/mcp_coder/, and tach takes either from run to run (with "." no file is in a
# declared module; with "src" alone the runs agree). About half the runs print `[]`, so each
# config is checked this many times (0.2 s a run) and the union kept, the size of each run
# recorded: three runs all missed the diagnostics one time in eight.
TACH_RUNS = 10


def tach_diagnostics(tach: Path, tree: Path, out: Path) -> tuple[list[JsonDict], list[int]]:
    diagnostics: list[JsonDict] = []
    sizes = []
    for attempt in range(TACH_RUNS):
        proc = run([str(tach), "check", "--dependencies", "--output", "json"], cwd=tree)
        out.with_suffix(f".{attempt}.json").write_text(proc.stdout, encoding="utf-8")
        try:
            found = json.loads(proc.stdout)
        except json.JSONDecodeError:
            sys.exit(f"tach failed in {tree} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        sizes.append(len(found))
        diagnostics.extend(d for d in found if d not in diagnostics)
    return diagnostics, sizes


def peer_pairs(tach: Path, tree: Path, out: Path) -> tuple[dict[Pair, int], list[str], list[int]]:
    """(file, imported module) -> first line, of every located tach error; the other
    diagnostics; the number of diagnostics of each run."""
    diagnostics, sizes = tach_diagnostics(tach, tree, out)
    pairs: dict[Pair, int] = {}
    other = []
    for diagnostic in diagnostics:
        located = diagnostic.get("Located")
        if located is None or located["severity"] != "Error":
            other.append(json.dumps(diagnostic, sort_keys=True))
            continue
        details = located["details"].get("Code", {})
        [(kind, fields)] = details.items() if len(details) == 1 else [("?", {})]
        if "definition_module" not in fields:
            other.append(f"{located['file_path']}:{located['line_number']} {kind}")
            continue
        key = (located["file_path"], fields["definition_module"])
        pairs[key] = min(pairs.get(key, located["line_number"]), located["line_number"])
    return pairs, other, sizes


_IMPORT = re.compile(r": (\S+) imports forbidden '([^']+)'$")


def seamcheck_pairs(
    python: str, tree: Path, config: Path, out: Path, timeout: float
) -> tuple[dict[Pair, int], tuple[str, ...], list[str]]:
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from seamcheck.tach import read_tach
    from seamcheck.translation import render_contracts, render_exclude

    translation = read_tach(config, config.name)
    modules = sorted(
        {t["name"].removeprefix("tach module ") for t in translation.contracts}
        | {e.lstrip("!") for t in translation.contracts for e in t["forbidden"]},
        key=lambda m: -m.count("."),
    )
    toml = out.with_suffix(".seamcheck.toml")
    toml.write_text(
        "extends = []\n" + render_exclude(translation) + render_contracts(translation),
        encoding="utf-8",
    )
    cmd = [python, "-m", "seamcheck", "check", str(tree), "--config", str(toml)]
    cmd += ["--select", "SC3", "--format", "json", "--exit-zero", "--no-cache"]
    proc = run(cmd, env=seamcheck_env(), timeout=timeout)
    out.write_text(proc.stdout, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.splitlines()[-30:])
        print(f"error: seamcheck failed: {show_command(cmd, seamcheck_env())}\n{tail}")
        sys.exit(2)
    pairs: dict[Pair, int] = {}
    other = []
    for finding in json.loads(proc.stdout)["findings"]:
        match = _IMPORT.search(finding["message"])
        if match is None:
            other.append(f"{finding['path']}:{finding['line']} {finding['message']}")
            continue
        imported = match[2]
        owner = next((m for m in modules if imported == m or imported.startswith(m + ".")), "?")
        pairs.setdefault((finding["path"], owner), finding["line"])
    return pairs, translation.notes, other


def compare(
    tach: Path, python: str, codebase: Codebase, config: Config, timeout: float
) -> JsonDict:
    tree = ensure_sdist(codebase)
    shipped = tree / "tach.shipped.toml"
    text = config.make(shipped.read_text(encoding="utf-8") if shipped.is_file() else "")
    (tree / "tach.toml").write_text(text, encoding="utf-8")
    out = OUT / codebase.name / re.sub(r"\W+", "-", config.label)
    out.mkdir(parents=True, exist_ok=True)
    peer, peer_other, runs = peer_pairs(tach, tree, out / "tach.json")
    mine, notes, mine_other = seamcheck_pairs(
        python, tree, tree / "tach.toml", out / "seamcheck.json", timeout
    )
    return {
        "codebase": f"{codebase.name} ({config.label})",
        "tach": len(peer),
        "tach_runs": runs,
        "seamcheck": len(mine),
        "both": len(set(peer) & set(mine)),
        "same_line": sum(1 for k in set(peer) & set(mine) if peer[k] == mine[k]),
        "tach_only": [f"{f}:{peer[(f, m)]} -> {m}" for f, m in sorted(set(peer) - set(mine))],
        "seamcheck_only": [f"{f}:{mine[(f, m)]} -> {m}" for f, m in sorted(set(mine) - set(peer))],
        "tach_other": peer_other,
        "seamcheck_other": mine_other,
        "notes": list(notes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seamcheck-python", default=default_seamcheck_python())
    parser.add_argument("--only", choices=[c.name for c in CODEBASES])
    parser.add_argument("--timeout", type=float, default=1800)
    # run_all.sh hands every check the same options; the ones for the graph checks are not ours.
    args, _ = parser.parse_known_args()
    tach = ensure_tach()
    summary = []
    for codebase in CODEBASES:
        if args.only and codebase.name != args.only:
            continue
        for config in codebase.configs:
            row = compare(tach, args.seamcheck_python, codebase, config, args.timeout)
            summary.append(row)
            print_row(row)
    write_json(OUT / "summary.json", summary)
    print(f"\nsummary: {OUT / 'summary.json'}")


def print_row(row: JsonDict) -> None:
    agree = "  " if not row["tach_only"] and not row["seamcheck_only"] else "!!"
    print(
        f"{agree} {row['codebase']}: (file, imported module) pairs tach={row['tach']} "
        f"seamcheck={row['seamcheck']} both={row['both']} (same first line: {row['same_line']}); "
        f"tach diagnostics per run: {row['tach_runs']}"
    )
    for line in row["tach_only"][:15]:
        print(f"     tach only: {line}")
    for line in row["seamcheck_only"][:15]:
        print(f"     seamcheck only: {line}")
    for line in row["tach_other"][:5] + row["seamcheck_other"][:5]:
        print(f"     other: {line}")
    for note in row["notes"]:
        print(f"     note: {note}")


if __name__ == "__main__":
    main()
