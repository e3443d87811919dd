"""Measure seamcheck and its peers side by side, in one run, on the same trees.

    bench/install_peers.sh                      # once: peers and real codebases into bench/.work
    python bench/run.py --sizes 1000,5000 --repeats 3 --once 10000,20000 --real

For every tree and every repeat, in rotating order: seamcheck cold (empty cache), warm with no
change, warm with one file changed, and cold with one process (-j1); the tree-sitter parse
floor (bench/floor.py); import-linter and tach on the Python part; dependency-cruiser on the
JS/TS part, cold and with its --cache. Wall time and peak RSS come from /usr/bin/time.
Reported: medians over the repeats and ratios between tools measured in the same repeat,
because on a shared machine absolute times drift while ratios hold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PEERS = WORK / "peers-venv" / "bin"
NODE_BIN = WORK / "npm" / "node_modules" / ".bin"
SEAMCHECK_VENV = WORK / "seamcheck-venv"
SEAMCHECK = SEAMCHECK_VENV / "bin" / "seamcheck"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


@dataclass
class Sample:
    seconds: float
    rss_mb: float
    code: int


@dataclass
class Tree:
    name: str
    root: Path
    python_roots: list[Path] = field(default_factory=list)  # source roots (on PYTHONPATH)
    python_packages: list[str] = field(default_factory=list)
    js_dirs: list[Path] = field(default_factory=list)
    change: Path | None = None  # the file edited for "one file changed"
    facts: dict[str, object] = field(default_factory=dict)


def measure(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Wall time and peak RSS of one command, via GNU time (`%e %M`)."""
    report = WORK / "time.out"
    full = ["/usr/bin/time", "-o", str(report), "-f", "%e %M", *command]
    start = time.perf_counter()
    proc = subprocess.run(
        full,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=1800,
    )
    wall = time.perf_counter() - start
    fields = report.read_text().split()[-2:]
    if proc.returncode not in (0, 1):
        print(f"  ! {' '.join(command[:3])} exited {proc.returncode}: {proc.stderr[-300:]}")
    return Sample(wall, int(fields[1]) / 1024, proc.returncode)


# -- trees ---------------------------------------------------------------------------------


def synthetic(size: int) -> Tree:
    root = WORK / "trees" / f"gen-{size}"
    stamp = root / ".generated.json"
    if not stamp.exists():
        facts = generate(root, size, seed=size)
        stamp.write_text(json.dumps(facts))
    tree = Tree(f"synthetic {size}", root, facts=json.loads(stamp.read_text()))
    for service in sorted((root / "services").iterdir()):
        src = service / "src"
        if (service / "pyproject.toml").exists():
            tree.python_roots.append(src)
            tree.python_packages += sorted(p.name for p in src.iterdir() if p.is_dir())
        else:
            tree.js_dirs.append(src)
    python_files = sorted(tree.python_roots[0].rglob("*.py"))
    tree.change = python_files[len(python_files) // 2]
    return tree


def real_trees() -> list[Tree]:
    """Django's package (Python) and eslint's lib/ (CommonJS), as bench/install_peers.sh
    left them; a missing one is left out."""
    django, eslint = WORK / "real" / "django", WORK / "real" / "eslint"
    trees = [
        Tree(
            "Django 4.2.16 (django/)",
            django,
            python_roots=[django],
            python_packages=["django"],
            change=django / "django" / "utils" / "text.py",
        ),
        Tree(
            "eslint lib/", eslint, js_dirs=[eslint / "lib"], change=eslint / "lib/linter/linter.js"
        ),
    ]
    present = [t for t in trees if t.root.exists()]
    for tree in present:
        files = [p for p in tree.root.rglob("*") if p.suffix in (".py", ".js") and p.is_file()]
        tree.facts = {"files": len(files), "bytes": sum(f.stat().st_size for f in files)}
    return present


# -- tools -----------------------------------------------------------------------------------


class Bench:
    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.scratch = WORK / "scratch" / tree.root.name
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True)
        self.changes = 0
        self.original = tree.change.read_bytes() if tree.change else b""
        self.original_times = tree.change.stat() if tree.change else None
        self._write_peer_configs()

    def close(self) -> None:
        self._restore()

    def _restore(self) -> None:
        """The edited file as it was, its mtime too: a tree whose file was just written
        vouches for nothing for 2 s (the racy window), which no user's unchanged tree does."""
        if self.tree.change and self.original_times:
            self.tree.change.write_bytes(self.original)
            times = self.original_times
            os.utime(self.tree.change, ns=(times.st_atime_ns, times.st_mtime_ns))

    def tools(self, with_j1: bool) -> dict[str, Callable[[], list[tuple[str, Sample]]]]:
        tools: dict[str, Callable[[], list[tuple[str, Sample]]]] = {
            "seamcheck": self.seamcheck,
            "floor": self.floor,
        }
        if with_j1:
            tools["seamcheck -j1"] = self.seamcheck_j1
        if self.tree.python_packages:
            tools["lint-imports"] = self.lint_imports
        if len(self.tree.python_packages) > 1:
            tools["tach"] = self.tach
        if self.tree.js_dirs:
            tools["depcruise"] = self.depcruise
        return tools

    def seamcheck(self) -> list[tuple[str, Sample]]:
        cache = self.scratch / "seamcheck-cache"
        shutil.rmtree(cache, ignore_errors=True)
        command = [str(SEAMCHECK), "check", str(self.tree.root), "--cache-dir", str(cache)]
        cold = measure(command, self.scratch)
        warm = measure(command, self.scratch)
        samples = [("seamcheck cold", cold), ("seamcheck warm", warm)]
        if self.tree.change:
            # Three edits of one file. A comment added at the end leaves its facts as they
            # were (the findings are replayed); a line added at the top moves every fact of
            # the file and changes nothing else (the findings are carried, their lines
            # moved); a function added at the end changes its facts (the rules run again).
            self.changes += 1
            python = self.tree.change.suffix == ".py"
            comment = f"{'#' if python else '//'} edit {self.changes}\n"
            n = self.changes
            function = (
                f"\n\ndef _bench_edit_{n}():\n    return len('{n}')\n"
                if python
                else f"\nfunction benchEdit{n}() {{\n  return String({n});\n}}\n"
            )
            for name, edited in (
                ("seamcheck one changed: comment at end", self.original + b"\n" + comment.encode()),
                ("seamcheck one changed: line at top", comment.encode() + self.original),
                ("seamcheck one changed: function added", self.original + function.encode()),
            ):
                self.tree.change.write_bytes(edited)
                samples.append((name, measure(command, self.scratch)))
            self._restore()
        return samples

    def seamcheck_j1(self) -> list[tuple[str, Sample]]:
        command = [str(SEAMCHECK), "check", str(self.tree.root)]
        return [("seamcheck cold -j1", measure([*command, "--no-cache", "-j", "1"], self.scratch))]

    def floor(self) -> list[tuple[str, Sample]]:
        out = self.scratch / "floor.json"
        command = [sys.executable, str(HERE / "floor.py"), str(self.tree.root), str(out)]
        sample = measure(command, self.scratch)
        parse = json.loads(out.read_text())["seconds"]
        return [("tree-sitter floor (parse only)", Sample(parse, sample.rss_mb, sample.code))]

    def lint_imports(self) -> list[tuple[str, Sample]]:
        env = {"PYTHONPATH": os.pathsep.join(str(p) for p in self.tree.python_roots)}
        config = ["--config", str(self.scratch / "importlinter.ini")]
        lint = [str(PEERS / "lint-imports"), *config, "--no-logo"]
        cache = ["--cache-dir", str(self.scratch / "import-linter-cache")]
        if not (self.scratch / "import-linter-cache").exists():
            measure([*lint, *cache], self.scratch, env)  # prime the cache, not measured
        return [
            ("lint-imports cold", measure([*lint, "--no-cache"], self.scratch, env)),
            ("lint-imports warm", measure([*lint, *cache], self.scratch, env)),
        ]

    def tach(self) -> list[tuple[str, Sample]]:
        return [("tach check", measure([str(PEERS / "tach"), "check"], self.tree.root))]

    def depcruise(self) -> list[tuple[str, Sample]]:
        base = [str(NODE_BIN / "depcruise"), "--config", str(self.scratch / "depcruise.cjs")]
        base += ["--output-type", "err", *[str(d) for d in self.tree.js_dirs]]
        cache = self.scratch / "depcruise-cache"
        if not cache.exists():
            measure([*base, "--cache", str(cache)], self.tree.root)  # prime, not measured
        return [
            ("depcruise cold", measure(base, self.tree.root)),
            ("depcruise --cache warm", measure([*base, "--cache", str(cache)], self.tree.root)),
        ]

    def _write_peer_configs(self) -> None:
        packages = self.tree.python_packages
        if packages:
            lines = ["[importlinter]", "root_packages =", *[f"    {p}" for p in packages]]
            if len(packages) > 1:  # the architecture rule of a polyglot repo: no shared code
                lines += [
                    "",
                    "[importlinter:contract:independent]",
                    "name = Services are independent",
                ]
                lines += ["type = independence", "modules =", *[f"    {p}" for p in packages]]
            else:
                lines += ["", "[importlinter:contract:utils]", "name = utils stay low"]
                lines += ["type = forbidden", "source_modules =", f"    {packages[0]}.utils"]
                lines += ["forbidden_modules =", f"    {packages[0]}.contrib"]
            (self.scratch / "importlinter.ini").write_text("\n".join(lines) + "\n")
        if len(packages) > 1:
            roots = [str(p.relative_to(self.tree.root)) for p in self.tree.python_roots]
            tach = [f"source_roots = {json.dumps(roots)}", "exact = false", ""]
            for package in packages:
                tach += ["[[modules]]", f'path = "{package}"', "depends_on = []", ""]
            # tach reads its config from the tree itself: written only when it changes, as
            # a tree written just before a run is within the racy window of its cold run.
            config, text = self.tree.root / "tach.toml", "\n".join(tach)
            if not config.exists() or config.read_text() != text:
                config.write_text(text)
        (self.scratch / "depcruise.cjs").write_text(_DEPCRUISE_CONFIG)


_DEPCRUISE_CONFIG = """module.exports = {
  forbidden: [{ name: "no-circular", severity: "warn", from: {}, to: { circular: true } }],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
"""

# -- reporting -------------------------------------------------------------------------------


def summarise(tree: Tree, runs: list[dict[str, Sample]]) -> dict[str, object]:
    names = list(runs[0])
    medians = {n: statistics.median(r[n].seconds for r in runs if n in r) for n in names}
    rss = {n: max(r[n].rss_mb for r in runs if n in r) for n in names}

    def ratio(a: str, *b: str) -> float | None:
        present = [r for r in runs if a in r and all(x in r for x in b)]
        if not present:
            return None
        return statistics.median(r[a].seconds / sum(r[x].seconds for x in b) for r in present)

    ratios = {
        "cold / floor": ratio("seamcheck cold", "tree-sitter floor (parse only)"),
        "cold / (lint-imports cold + depcruise cold)": ratio(
            "seamcheck cold", "lint-imports cold", "depcruise cold"
        ),
        "cold / lint-imports cold": ratio("seamcheck cold", "lint-imports cold"),
        "cold / depcruise cold": ratio("seamcheck cold", "depcruise cold"),
        "warm / cold": ratio("seamcheck warm", "seamcheck cold"),
        "one changed (comment at end) / cold": ratio(
            "seamcheck one changed: comment at end", "seamcheck cold"
        ),
        "one changed (line at top) / cold": ratio(
            "seamcheck one changed: line at top", "seamcheck cold"
        ),
        "one changed (function added) / cold": ratio(
            "seamcheck one changed: function added", "seamcheck cold"
        ),
        "warm / lint-imports warm": ratio("seamcheck warm", "lint-imports warm"),
        "warm / depcruise --cache warm": ratio("seamcheck warm", "depcruise --cache warm"),
        "cold -j1 / cold": ratio("seamcheck cold -j1", "seamcheck cold"),
    }
    return {
        "tree": tree.name,
        "facts": tree.facts,
        "repeats": len(runs),
        "median_seconds": medians,
        "peak_rss_mb": rss,
        "ratios": {k: v for k, v in ratios.items() if v is not None},
    }


def markdown(summary: dict[str, object]) -> str:
    lines = [f"### {summary['tree']} — {summary['facts']}, {summary['repeats']} repeat(s)", ""]
    lines += ["| measurement | median s | peak RSS MB |", "|---|---:|---:|"]
    medians = summary["median_seconds"]
    rss = summary["peak_rss_mb"]
    assert isinstance(medians, dict) and isinstance(rss, dict)
    for name, seconds in medians.items():
        lines.append(f"| {name} | {seconds:.2f} | {rss[name]:.0f} |")
    lines += ["", "| ratio (median of per-repeat ratios) | value |", "|---|---:|"]
    ratios = summary["ratios"]
    assert isinstance(ratios, dict)
    lines += [f"| {name} | {value:.3f} |" for name, value in ratios.items()]
    return "\n".join(lines) + "\n"


def versions() -> dict[str, str]:
    def out(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "missing"

    from importlib.metadata import version

    import seamcheck

    return {
        "seamcheck": seamcheck.__version__,
        "python": platform.python_version(),
        "tree-sitter": version("tree-sitter"),
        "tree-sitter-python": version("tree-sitter-python"),
        "tree-sitter-javascript": version("tree-sitter-javascript"),
        "tree-sitter-typescript": version("tree-sitter-typescript"),
        "import-linter": out(
            [
                str(PEERS / "python"),
                "-c",
                "import importlib.metadata as m; print(m.version('import-linter'))",
            ]
        ),
        "tach": out([str(PEERS / "tach"), "--version"]),
        "dependency-cruiser": out([str(NODE_BIN / "depcruise"), "--version"]),
        "node": out(["node", "--version"]),
        "cpus": str(os.cpu_count()),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def install_seamcheck() -> None:
    """seamcheck as users get it: a regular install of this checkout, whose modules pip
    byte-compiles, run through its console script. (The development venv is an editable
    install; under PYTHONDONTWRITEBYTECODE it recompiles every module on every run, about
    0.1 s that no user pays, while the peers come byte-compiled from PyPI.)"""
    python = SEAMCHECK_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SEAMCHECK_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(HERE.parent)], check=True)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--force-reinstall",
            str(HERE.parent),
        ],
        check=True,
    )
    # As installed long before it is run: a file changed within the racy window (2 s) vouches
    # for nothing, and seamcheck's own code is among what a recorded run watches.
    time.sleep(2.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="synthetic sizes, repeated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--once", default="", help="synthetic sizes measured once")
    parser.add_argument("--real", action="store_true", help="Django and eslint too")
    parser.add_argument("--out", type=Path, default=WORK / "results.json")
    parser.add_argument(
        "--only", default="", help="comma-separated tools to run (seamcheck, floor, ...)"
    )
    args = parser.parse_args()

    plan: list[tuple[Tree, int]] = []
    if args.real:
        plan += [(t, args.repeats) for t in real_trees()]
    plan += [(synthetic(int(s)), args.repeats) for s in args.sizes.split(",") if s]
    plan += [(synthetic(int(s)), 1) for s in args.once.split(",") if s]

    install_seamcheck()
    tool_versions = versions()
    trees: list[dict[str, object]] = []
    report = {"versions": tool_versions, "trees": trees}
    print(json.dumps(tool_versions, indent=2))
    for tree, repeats in plan:
        bench = Bench(tree)
        runs: list[dict[str, Sample]] = []
        try:
            tools = bench.tools(
                with_j1=repeats > 1 and int(str(tree.facts.get("files", 0))) <= 2000
            )
            wanted = [t for t in args.only.split(",") if t]
            order = [t for t in tools if not wanted or t in wanted]
            for repeat in range(repeats):
                samples: dict[str, Sample] = {}
                rotated = order[repeat % len(order) :] + order[: repeat % len(order)]
                for name in rotated:
                    for label, sample in tools[name]():
                        samples[label] = sample
                        seconds, rss = f"{sample.seconds:.2f} s", f"{sample.rss_mb:.0f} MB"
                        print(f"  {tree.name} #{repeat + 1} {label}: {seconds} {rss}", flush=True)
                runs.append(samples)
        finally:
            bench.close()
        summary = summarise(tree, runs)
        trees.append(summary)
        print(markdown(summary))
        args.out.write_text(json.dumps(report, indent=2))
    tool_versions["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    args.out.write_text(json.dumps(report, indent=2))
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
