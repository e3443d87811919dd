#!/usr/bin/env python3
"""Parity check: seamcheck's SC201/SC202 against flake8-async and ruff's ASYNC rules, on the
peers' own test fixtures for their blocking-call rules (ASYNC2xx).

    .venv/bin/python bench/async_parity.py [--samples] [--refresh]

Fixtures (downloaded once, cached in bench/.work/async_parity/fixtures/):

* flake8-async: ``tests/eval_files/async2*.py`` of the flake8-async sdist (PyPI, pinned);
* ruff: ``crates/ruff_linter/resources/test/fixtures/flake8_async/ASYNC2*.py`` at pinned
  commits of astral-sh/ruff (raw.githubusercontent.com; each file's sha256 is checked).

Peers (a scratch venv bench/.work/venv-async, never the project's dependencies):
``flake8 --isolated --select ASYNC`` with flake8-async (each file's own ``# ARG`` lines passed
as its test harness does) and ``ruff check --isolated --preview --select ASYNC``.

seamcheck: each fixture set becomes one small Python service (``pyproject.toml`` and a package
``fixtures/`` holding the files unchanged) and ``seamcheck check --select SC2 --format json``
runs on it, from this checkout's ``src/``.

All three tools run on every fixture file of both sets. Per peer and per rule code: the lines
the peer flags (ASYNC2xx only; ASYNC1xx/9xx are cancel-scope and checkpoint rules, not
blocking I/O, and are counted apart), how many of them seamcheck flags too, the lines only the
peer flags, and the lines only seamcheck flags (attributed to the rule code the fixture's
comment on that line names, else to the fixture file's rule family). Every disagreement is
listed with its source line, the peer's code, seamcheck's message and a verdict from
``VERDICTS`` below (``UNJUDGED`` when none matches); bench/RESULTS.md has the figures. Then
the same calls one and two helpers deep (``DEEP_CALLS``), which the peers cannot see.

Exit status: 0 when it ran (whatever the agreement); 0 with ``skipped: <why>`` when PyPI is
unreachable and nothing is cached; 2 when seamcheck fails; 1 when a peer fails.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tarfile
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
# The differential checks' helpers: the same skip/fail exits and subprocess runner.
sys.path.insert(0, str(REPO_ROOT / "bench" / "differential"))
from diffcommon import fail, last_line, run, skip  # noqa: E402

WORK = Path(os.environ.get("SEAMCHECK_BENCH_WORK") or REPO_ROOT / "bench" / ".work").resolve()
OUT = WORK / "async_parity"
PEER_VENV = WORK / "venv-async"

FLAKE8_ASYNC_VERSION = "26.8.1"
FLAKE8_VERSION = "7.5.0"  # flake8-async does not pull flake8 in: it also runs standalone
RUFF_VERSION = "0.17.6"
RUFF_FIXTURES = "crates/ruff_linter/resources/test/fixtures/flake8_async"
# (file, commit of astral-sh/ruff, sha256 prefix of the file at that commit)
RUFF_FILES = (
    ("ASYNC210.py", "4e8d7870686e157007e6f92225c70330d3cfc1bc", "9b49f88c79caf7a1"),
    ("ASYNC212.py", "6686f8f72c09754df775fbc03665aa3401167f58", "95cae2ea4e68fd13"),
    ("ASYNC220.py", "c79c88ed360e557d29c1cc61adc8de51e4ede5f3", "8d1b76628924193c"),
    ("ASYNC222.py", "2766d0255412e86de3c6ababc894422f18c0eb61", "bdfa666c040ea281"),
    ("ASYNC22x.py", "d9d4efcebbc6300333ec7ddff82db331b9fa6c8c", "d8ea277d1e8151f1"),
    ("ASYNC230.py", "08d53aea176b08b4c521bea196f6bbd08beb9acd", "9489529a2b43359d"),
    ("ASYNC240.py", "30900e488269f5a46cb6c6b8f6f6ca39edd66e64", "6fc11c48f47f8fcb"),
    ("ASYNC250.py", "30900e488269f5a46cb6c6b8f6f6ca39edd66e64", "2c830fe68c6f74bb"),
    ("ASYNC251.py", "114edd0290555af97c26da50aaa56764e87df8a4", "55b0768eca184829"),
)
BLOCKING_CODE = re.compile(r"^ASYNC2\d\d$")
ANNOTATED_CODE = re.compile(r"#.*?\b(ASYNC2\d\d)\b")
ARG_LINE = re.compile(r"^\s*#.*?(?<=ARG )(.*)$")

Site = tuple[str, int]  # "set/file.py", line

# Verdicts on each kind of disagreement, read off the fixtures: (side that flags alone, fixture
# file or `file:line` glob, regex on the source line, verdict). First match wins; one none
# matches is printed as UNJUDGED, for a reader to judge and add here.
NOT_IMPORTED = "not imported: the fixture never imports the name, the peer matches its text"
PEER_FP = "peer false positive"
PEER_MISS = "peer misses it"
OUT_OF_SCOPE = "out of scope"
LEFT = "seamcheck miss, left"
VERDICTS: tuple[tuple[str, str, str, str], ...] = (
    ("peer", "async200.py", "", f"{OUT_OF_SCOPE}: ASYNC200 reports calls the user lists "
     "(--async200-blocking-calls); seamcheck's [blocking] sinks is not set here"),
    ("peer", "async22x*.py", "", f"{NOT_IMPORTED} (os, subprocess)"),
    ("peer", "async210.py", r"^(request\.)?urlopen\(", f"{NOT_IMPORTED} (urlopen)"),
    ("peer", "async212.py", r"client\.", f"{NOT_IMPORTED} (httpx)"),
    ("peer", "*", r"^(urlopen|open)\(\)  # (?i:ok)", f"{PEER_FP}: a local function of that name"),
    ("peer", "*", r"\.(anything|aoeu\w*)\(", f"{PEER_FP}: any method of the object, "
     "whatever it does"),
    ("peer", "*", r"client\.close\(", f"{PEER_FP} (judgement): closing the client closes "
     "its sockets, it waits on no server"),
    ("peer", "*", r"os\.fdopen\(", f"{PEER_FP} (judgement): wraps an open descriptor, no path "
     "lookup; reads and writes on the file it returns are sinks"),
    ("peer", "*", r"(normpath|relpath|abspath)\(", f"{PEER_FP}: path arithmetic "
     "(abspath/relpath read the current directory, no I/O wait)"),
    ("peer", "*", r"os\.path\.anything\(", f"{PEER_FP}: any os.path name"),
    ("peer", "*", r"_joinrealpath\(", f"{OUT_OF_SCOPE}: a private CPython helper of realpath"),
    ("peer", "*", r"sameopenfile\(", f"{PEER_FP} (judgement): fstat of two open descriptors, "
     "no path lookup"),
    ("peer", "*", r"^await (open|os\.path\.isfile)\(", f"{OUT_OF_SCOPE}: awaits a sync "
     "call's result (a TypeError when it runs); an awaited call is an async namesake to seamcheck"),
    ("seamcheck", "async211.py", "", f"{PEER_MISS}: `foo = PoolManager()`, every request() "
     "sends one; flake8-async only flags a literal HTTP verb argument, ruff has no ASYNC211"),
    ("seamcheck", "async232*.py:1[89][0-9]", r"^f\.read\(\)$", "seamcheck false positive, "
     "left: `f: int = 7` re-annotates the parameter `f: TextIOWrapper`, which type checkers "
     "reject; seamcheck keeps the declared type"),
    ("seamcheck", "async232*.py", r"should error", f"{PEER_MISS}: the fixture says "
     "'should error'"),
    ("seamcheck", "async232*.py", r"return_textiowrapper\(\)", f"{PEER_MISS}: through a "
     "helper (SC202)"),
    ("seamcheck", "async232*.py", "", f"{PEER_MISS}: ruff has no ASYNC232"),
    ("seamcheck", "async212.py", r"^client\.send\(\)$", f"{PEER_MISS}: "
     "`from httpx import Client` (the fixture: 'not implemented')"),
    ("seamcheck", "async210.py", r"httpx2\.", f"{PEER_MISS}: ruff does not know httpx2"),
    ("seamcheck", "async23x.py", r"wrap_file\(open", f"{PEER_MISS}: open() runs on the loop "
     "before trio.wrap_file wraps its result (the peer exempts it)"),
    ("seamcheck", "ASYNC2[34]0.py", r"(path|Path\(.*\)|p1?|global_path)\.", f"{PEER_MISS}: "
     "flake8-async does not check pathlib.Path methods"),
)  # fmt: skip


# --------------------------------------------------------------------------- inputs


def venv_bin(name: str) -> Path:
    return PEER_VENV / ("Scripts" if sys.platform == "win32" else "bin") / name


def ensure_peers() -> tuple[Path, Path]:
    """flake8 (with flake8-async) and ruff, pinned, in the scratch venv."""
    python = venv_bin("python")
    if not python.is_file():
        proc = run([sys.executable, "-m", "venv", str(PEER_VENV)], timeout=300)
        if proc.returncode != 0:
            fail(f"cannot create {PEER_VENV}: {last_line(proc.stderr)}", 1)
    probe = run([str(python), "-m", "pip", "list", "--format", "json"])
    have = {}
    if probe.returncode == 0:
        have = {p["name"].lower(): p["version"] for p in json.loads(probe.stdout or "[]")}
    wanted = {
        "flake8": FLAKE8_VERSION,
        "flake8-async": FLAKE8_ASYNC_VERSION,
        "ruff": RUFF_VERSION,
    }
    if any(have.get(name) != version for name, version in wanted.items()):
        pins = [f"{name}=={version}" for name, version in wanted.items()]
        proc = run([str(python), "-m", "pip", "install", "--quiet", *pins])
        if proc.returncode != 0:
            skip(f"cannot install {' '.join(pins)} from PyPI: {last_line(proc.stderr)}")
    return venv_bin("flake8"), venv_bin("ruff")


def flake8_async_fixtures() -> list[Path]:
    """tests/eval_files/async2*.py of the flake8-async sdist."""
    sdist = WORK / "dl" / f"flake8_async-{FLAKE8_ASYNC_VERSION}"
    evals = sdist / "tests" / "eval_files"
    if not evals.is_dir():
        archive = sdist.with_name(sdist.name + ".tar.gz")
        if not archive.is_file():
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
            cmd += [f"flake8-async=={FLAKE8_ASYNC_VERSION}", "-d", str(archive.parent)]
            proc = run(cmd, timeout=600)
            if proc.returncode != 0 or not archive.is_file():
                skip(f"cannot download the flake8-async sdist: {last_line(proc.stderr)}")
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(archive.parent, filter="data")
            else:  # pragma: no cover - Python without PEP 706 backports
                tar.extractall(archive.parent)
    return sorted(evals.glob("async2*.py"))


def ruff_fixtures() -> tuple[list[Path], list[str]]:
    """ruff's ASYNC2xx fixtures at pinned commits: the files, and why any are missing."""
    folder = OUT / "fixtures" / "ruff"
    folder.mkdir(parents=True, exist_ok=True)
    found: list[Path] = []
    missing: list[str] = []
    for name, commit, digest in RUFF_FILES:
        path = folder / name
        if not path.is_file():
            url = (
                f"https://raw.githubusercontent.com/astral-sh/ruff/{commit}/{RUFF_FIXTURES}/{name}"
            )
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    path.write_bytes(response.read())
            except OSError as exc:
                missing.append(f"{name}: {exc}")
                continue
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if not actual.startswith(digest):
            missing.append(f"{name}: sha256 {actual[:16]}, expected {digest}")
            continue
        found.append(path)
    return found, missing


def build_repo(name: str, files: Iterable[Path]) -> Path:
    """A Python service seamcheck analyses: a manifest and a package holding the fixtures."""
    root = OUT / "repos" / name
    shutil.rmtree(root, ignore_errors=True)
    package = root / "fixtures"
    package.mkdir(parents=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "{name}"\nversion = "0"\n')
    (package / "__init__.py").write_text("")
    for path in files:
        shutil.copyfile(path, package / path.name)
    return root


# --------------------------------------------------------------------------- the three tools

Flags = dict[Site, dict[str, str]]  # site -> code -> message


def run_ruff(ruff: Path, repos: Mapping[str, Path]) -> Flags:
    flags: Flags = defaultdict(dict)
    for name, root in repos.items():
        cmd = [str(ruff), "check", "--isolated", "--no-cache", "--preview", "--select", "ASYNC"]
        cmd += ["--output-format", "json", "--exit-zero", str(root / "fixtures")]
        proc = run(cmd)
        if proc.returncode != 0:
            fail(f"ruff failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}", 1)
        for item in json.loads(proc.stdout):
            site = (f"{name}/{Path(item['filename']).name}", item["location"]["row"])
            flags[site][item["code"]] = item["message"]
    return flags


def file_args(path: Path) -> list[str]:
    """The `# ARG ...` lines of a flake8-async eval file, each one argument (as its harness)."""
    args = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ARG_LINE.match(line)
        if match and line.lstrip().startswith("# ARG "):
            args.append(match.group(1).strip())
    return args


def run_flake8(flake8: Path, repos: Mapping[str, Path]) -> Flags:
    flags: Flags = defaultdict(dict)
    fmt = "%(path)s\t%(row)d\t%(code)s\t%(text)s"
    for name, root in repos.items():
        for path in sorted((root / "fixtures").glob("[!_]*.py")):
            cmd = [str(flake8), "--isolated", "--select", "ASYNC", f"--format={fmt}"]
            cmd += [*file_args(path), str(path)]
            proc = run(cmd)
            if proc.returncode not in (0, 1):
                fail(f"flake8 failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}", 1)
            for line in proc.stdout.splitlines():
                _path, row, code, text = line.split("\t", 3)
                flags[(f"{name}/{path.name}", int(row))][code] = text
    return flags


def run_seamcheck(python: str, repos: Mapping[str, Path]) -> Flags:
    flags: Flags = defaultdict(dict)
    env = {"PYTHONPATH": str(REPO_ROOT / "src")}
    for name, root in repos.items():
        cmd = [python, "-m", "seamcheck", "check", str(root), "--select", "SC2"]
        cmd += ["--format", "json", "--no-cache"]
        proc = run(cmd, env=env)
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError:
            fail(f"seamcheck failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr}", 2)
        for finding in data["findings"]:
            site = (f"{name}/{Path(finding['path']).name}", finding["line"])
            flags[site].setdefault(finding["code"], finding["message"])
    return flags


# --------------------------------------------------------------------------- comparison


@dataclass
class Row:
    peer: int = 0
    both: list[Site] = field(default_factory=list)
    peer_only: list[Site] = field(default_factory=list)
    seamcheck_only: list[Site] = field(default_factory=list)


def family(site: Site) -> str:
    """The rule code a fixture's comment names on that line, else the file's rule family."""
    text = source(site)
    match = ANNOTATED_CODE.search(text)
    if match:
        return match.group(1)
    stem = Path(site[0]).stem.split("_", 1)[0]
    return stem.upper().replace("X", "x")


_SOURCES: dict[str, list[str]] = {}


def source(site: Site) -> str:
    name, line = site
    if name not in _SOURCES:
        path = OUT / "repos" / name.split("/", 1)[0] / "fixtures" / name.split("/", 1)[1]
        _SOURCES[name] = path.read_text(encoding="utf-8").splitlines()
    lines = _SOURCES[name]
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def compare(peer: Flags, seamcheck: Flags) -> tuple[dict[str, Row], dict[str, int]]:
    rows: dict[str, Row] = defaultdict(Row)
    other: dict[str, int] = defaultdict(int)
    for site, codes in peer.items():
        blocking = sorted(code for code in codes if BLOCKING_CODE.match(code))
        for code in codes:
            if not BLOCKING_CODE.match(code):
                other[code] += 1
        for code in blocking:
            row = rows[code]
            row.peer += 1
            (row.both if site in seamcheck else row.peer_only).append(site)
    for site in seamcheck:
        if not any(BLOCKING_CODE.match(code) for code in peer.get(site, {})):
            rows[family(site)].seamcheck_only.append(site)
    return rows, other


def print_table(title: str, rows: Mapping[str, Row], other: Mapping[str, int]) -> None:
    print(f"\n## {title}\n")
    print("| rule | peer flags | seamcheck too | only peer | only seamcheck |")
    print("|---|---:|---:|---:|---:|")
    total = Row()
    for code in sorted(rows):
        row = rows[code]
        print(
            f"| {code} | {row.peer} | {len(row.both)} | {len(row.peer_only)} "
            f"| {len(row.seamcheck_only)} |"
        )
        total.peer += row.peer
        total.both += row.both
        total.peer_only += row.peer_only
        total.seamcheck_only += row.seamcheck_only
    print(
        f"| **all ASYNC2xx** | {total.peer} | {len(total.both)} | {len(total.peer_only)} "
        f"| {len(total.seamcheck_only)} |"
    )
    if other:
        shown = ", ".join(f"{code} {count}" for code, count in sorted(other.items()))
        print(f"\nNot blocking-I/O rules, left out (lines): {shown}")


def verdict(side: str, site: Site) -> str:
    name, text = Path(site[0]).name, source(site)
    for flagged_by, files, pattern, why in VERDICTS:
        where = fnmatch(name, files) or fnmatch(f"{name}:{site[1]}", files)
        if side == flagged_by and where and re.search(pattern, text):
            return why
    return "UNJUDGED"


def print_disagreements(title: str, rows: Mapping[str, Row], seamcheck: Flags) -> Counter[str]:
    """Each disagreement with its verdict; returns how many lines each verdict covers."""
    print(f"\n### Disagreements with {title}\n")
    verdicts: Counter[str] = Counter()
    for code in sorted(rows):
        row = rows[code]
        for site in sorted(set(row.peer_only)):
            why = verdict("peer", site)
            verdicts[f"only peer — {why}"] += 1
            print(f"- only {title} {code}: `{site[0]}:{site[1]}` `{source(site)}` [{why}]")
        for site in sorted(set(row.seamcheck_only)):
            why = verdict("seamcheck", site)
            verdicts[f"only seamcheck — {why}"] += 1
            message = "; ".join(f"{c} {m}" for c, m in sorted(seamcheck[site].items()))
            print(
                f"- only seamcheck ({code}): `{site[0]}:{site[1]}` `{source(site)}` [{why}]"
                f" — {message}"
            )
    return verdicts


def print_verdicts(title: str, verdicts: Counter[str]) -> None:
    print(f"\n### Verdicts, {title} (lines)\n")
    for why, count in sorted(verdicts.items(), key=lambda item: (-item[1], item[0])):
        print(f"- {count:3d}  {why}")


def summary_rows(rows: Mapping[str, Row]) -> dict[str, Any]:
    return {
        code: {
            "peer": row.peer,
            "both": len(row.both),
            "peer_only": [f"{p}:{n}" for p, n in row.peer_only],
            "seamcheck_only": [f"{p}:{n}" for p, n in row.seamcheck_only],
        }
        for code, row in sorted(rows.items())
    }


# --------------------------------------------------------------------------- through helpers

# One blocking call per peer rule, as the peers' fixtures write it (statements; the last one
# blocks), and the import it needs.
DEEP_CALLS = (
    ("ASYNC210", "requests", 'requests.get("http://registry/latest")'),
    ("ASYNC211", "urllib3", 'pool = urllib3.PoolManager()\npool.request("GET", "http://registry")'),
    ("ASYNC212", "httpx", 'client = httpx.Client()\nclient.get("http://registry/latest")'),
    ("ASYNC220", "subprocess", 'subprocess.Popen(["nvidia-smi"])'),
    ("ASYNC221", "subprocess", 'subprocess.run(["nvidia-smi"])'),
    ("ASYNC222", "os", "os.waitpid(0, 0)"),
    ("ASYNC230", "io", 'io.open("model.bin")'),
    ("ASYNC240", "os.path", 'os.path.exists("model.bin")'),
    ("ASYNC250", "builtins", 'input("reload? ")'),
    ("ASYNC251", "time", "time.sleep(1)"),
)
DEPTHS = ("direct", "1 helper", "2 helpers")


def build_helpers_repo() -> tuple[Path, dict[tuple[str, str], Site]]:
    """The same calls directly in an async function, in a sync helper it calls, and in a
    helper's helper in another module; -> the repo and, per (rule, depth), the line in the
    async function where the loop waits."""
    root = OUT / "repos" / "helpers"
    shutil.rmtree(root, ignore_errors=True)
    (root / "fixtures").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "helpers"\nversion = "0"\n')
    (root / "fixtures" / "__init__.py").write_text("")
    imports = sorted({module for _, module, _ in DEEP_CALLS})
    head = [f"import {module}" for module in imports]
    names = ", ".join(f"two_b_{index}" for index in range(len(DEEP_CALLS)))
    deep = [*head, "", f"from .low import {names}", ""]
    low = [*head, ""]
    sites: dict[tuple[str, str], Site] = {}

    def body(statements: str) -> list[str]:
        return ["    " + line for line in statements.split("\n")]

    for index, (code, _, statements) in enumerate(DEEP_CALLS):
        deep += ["", f"async def direct_{index}():", *body(statements)]
        sites[(code, DEPTHS[0])] = ("helpers/deep.py", len(deep))
        deep += ["", f"def one_{index}():", *body(statements)]
        deep += ["", f"async def via_one_{index}():", f"    one_{index}()"]
        sites[(code, DEPTHS[1])] = ("helpers/deep.py", len(deep))
        low += ["", f"def two_b_{index}():", *body(statements)]
        deep += ["", f"def two_a_{index}():", f"    two_b_{index}()"]
        deep += ["", f"async def via_two_{index}():", f"    two_a_{index}()"]
        sites[(code, DEPTHS[2])] = ("helpers/deep.py", len(deep))
    (root / "fixtures" / "deep.py").write_text("\n".join(deep) + "\n")
    (root / "fixtures" / "low.py").write_text("\n".join(low) + "\n")
    return root, sites


def print_helpers_table(flags: Mapping[str, Flags], sites: Mapping[tuple[str, str], Site]) -> None:
    print("\n## The same calls through helpers (flagged where the async function waits)\n")
    tools = list(flags)
    print("| rule | " + " | ".join(f"{tool}: {' / '.join(DEPTHS)}" for tool in tools) + " |")
    print("|---|" + "---:|" * len(tools))
    totals = {tool: [0, 0, 0] for tool in tools}
    for code, _, _ in DEEP_CALLS:
        cells = []
        for tool in tools:
            hits = [int(sites[(code, depth)] in flags[tool]) for depth in DEPTHS]
            totals[tool] = [a + b for a, b in zip(totals[tool], hits, strict=True)]
            cells.append(" / ".join("yes" if hit else "no" for hit in hits))
        print(f"| {code} | " + " | ".join(cells) + " |")
    print(
        f"| **of {len(DEEP_CALLS)}** | "
        + " | ".join(" / ".join(str(n) for n in totals[tool]) for tool in tools)
        + " |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else "")
    parser.add_argument(
        "--seamcheck-python",
        default=os.environ.get("SEAMCHECK_PYTHON") or sys.executable,
        help="interpreter with seamcheck's dependencies (default: $SEAMCHECK_PYTHON or this one)",
    )
    parser.add_argument("--quiet", action="store_true", help="tables only, no disagreement list")
    args = parser.parse_args(argv)

    flake8, ruff = ensure_peers()
    sets = {"flake8_async": flake8_async_fixtures()}
    ruff_files, missing = ruff_fixtures()
    if ruff_files:
        sets["ruff"] = ruff_files
    repos = {name: build_repo(name, files) for name, files in sets.items()}
    peers = {
        f"flake8-async {FLAKE8_ASYNC_VERSION}": run_flake8(flake8, repos),
        f"ruff {RUFF_VERSION}": run_ruff(ruff, repos),
    }
    ours = run_seamcheck(args.seamcheck_python, repos)

    counts = ", ".join(f"{name} {len(files)} files" for name, files in sets.items())
    print(f"# SC201/SC202 against the peers' ASYNC2xx fixtures ({counts})")
    if missing:
        print("ruff fixtures missing (not cached, not downloadable): " + "; ".join(missing))
    summary: dict[str, Any] = {"sets": {n: [p.name for p in f] for n, f in sets.items()}}
    results = {}
    for title, flags in peers.items():
        rows, other = compare(flags, ours)
        results[title] = rows
        print_table(f"{title} vs seamcheck", rows, other)
        summary[title] = {"rows": summary_rows(rows), "other_codes": dict(other)}
    for title in peers:
        if args.quiet:
            with contextlib.redirect_stdout(io.StringIO()):
                verdicts = print_disagreements(title, results[title], ours)
        else:
            verdicts = print_disagreements(title, results[title], ours)
        print_verdicts(title, verdicts)
        summary[title]["verdicts"] = dict(verdicts)
    helpers, sites = build_helpers_repo()
    deep = {"helpers": helpers}
    print_helpers_table(
        {
            f"flake8-async {FLAKE8_ASYNC_VERSION}": run_flake8(flake8, deep),
            f"ruff {RUFF_VERSION}": run_ruff(ruff, deep),
            "seamcheck": run_seamcheck(args.seamcheck_python, deep),
        },
        sites,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
