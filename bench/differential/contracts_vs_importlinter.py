#!/usr/bin/env python3
"""Differential check: seamcheck's contracts (SC301-SC305) vs import-linter's verdicts.

For each codebase (Django 4.2.16, and three projects that ship their own import-linter
configuration: kedro, sqlfluff, import-linter itself), the same contracts are checked by both:

* peer side: import-linter (pinned, in its own venv), through its Python API on the config
  file, the codebase first on ``sys.path``; per contract: kept/broken, warnings, and every
  chain it reports (main chain plus the extra first/last links of a collapsed route);
* seamcheck side: the config file translated by ``seamcheck.importlinter`` (what ``seamcheck
  init --from-importlinter`` writes), then ``seamcheck check --select SC3`` from this checkout.

Each codebase is checked on its shipped configuration (when it has one) and on bench contracts
of every import-linter type (``BENCH_CONTRACTS``), written as an import-linter TOML file.
Compared per contract: the verdict, and the *heads* of the illegal chains -- the
(importer, imported) import that leaves the checked modules, which is where seamcheck puts
its finding. import-linter reports one chain per (downstream, upstream) module pair and
seamcheck one per head, so a seamcheck-only head whose chain ends at a pair import-linter
reports is counted apart ("same pair"). Exit 0 when the comparison ran; ``skipped: ...``
when PyPI is unreachable; 2 when seamcheck fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from dataclasses import dataclass, field
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

IMPORTLINTER_VERSION = "2.17"
OUT = WORK / "contracts_vs_importlinter"
DOWNLOADS = WORK / "dl"
SOURCES = WORK / "src"
VENV = WORK / "venv-importlinter"


@dataclass(frozen=True)
class Codebase:
    name: str
    dist: str  # pip requirement of the sdist
    folder: str  # the sdist's top folder
    python_path: str  # relative to the sdist: where the root packages are
    shipped: str  # its own import-linter config file, relative to the sdist, or ""
    bench: str  # extra contracts, TOML ([tool.importlinter] body)


DJANGO_CONTRACTS = """
root_packages = ["django"]

[[tool.importlinter.contracts]]
name = "django layers"
type = "layers"
layers = ["django.contrib", "django.views", "django.urls", "django.http", "django.core",
          "django.utils"]

[[tool.importlinter.contracts]]
name = "contrib apps, independent siblings"
type = "layers"
layers = ["django.contrib.admin", "django.contrib.auth | django.contrib.contenttypes",
          "django.db", "django.utils"]

[[tool.importlinter.contracts]]
name = "contrib apps, non-independent siblings"
type = "layers"
layers = ["django.contrib.admin", "django.contrib.auth : django.contrib.contenttypes",
          "django.db", "django.utils"]

[[tool.importlinter.contracts]]
name = "app layers in each contrib app"
type = "layers"
containers = ["django.contrib.auth", "django.contrib.admin", "django.contrib.flatpages",
              "django.contrib.contenttypes"]
layers = ["(views)", "(admin)", "(forms)", "models"]

[[tool.importlinter.contracts]]
name = "db backends layers, exhaustive"
type = "layers"
containers = ["django.db.backends.sqlite3"]
layers = ["base", "operations : schema : introspection : creation : features", "client"]
exhaustive = true

[[tool.importlinter.contracts]]
name = "utils use no db or contrib"
type = "forbidden"
source_modules = ["django.utils"]
forbidden_modules = ["django.db", "django.contrib", "django.http"]

[[tool.importlinter.contracts]]
name = "utils use no db or contrib, directly"
type = "forbidden"
source_modules = ["django.utils"]
forbidden_modules = ["django.db", "django.contrib", "django.http"]
allow_indirect_imports = true

[[tool.importlinter.contracts]]
name = "template layer uses no db, with wildcard ignores"
type = "forbidden"
source_modules = ["django.template"]
forbidden_modules = ["django.db"]
ignore_imports = ["django.template.** -> django.utils.*", "django.template.* -> django.urls"]

[[tool.importlinter.contracts]]
name = "auth uses no admin directly, but for its package"
type = "forbidden"
source_modules = ["django.contrib.auth"]
forbidden_modules = ["django.contrib.admin"]
allow_indirect_imports = true
ignore_imports = ["django.contrib.auth.admin -> django.contrib.admin"]

[[tool.importlinter.contracts]]
name = "small contrib apps independent"
type = "independence"
modules = ["django.contrib.sessions", "django.contrib.messages", "django.contrib.sitemaps",
           "django.contrib.humanize", "django.contrib.redirects"]

[[tool.importlinter.contracts]]
name = "db backends independent (wildcard)"
type = "independence"
modules = ["django.db.backends.*"]
ignore_imports = ["django.db.backends.*.base -> django.db.backends.postgresql.psycopg_any"]

[[tool.importlinter.contracts]]
name = "db is acyclic between siblings"
type = "acyclic_siblings"
ancestors = ["django.db"]
"""

KEDRO_CONTRACTS = """
root_packages = ["kedro"]

[[tool.importlinter.contracts]]
name = "kedro layers without the shipped ignores"
type = "layers"
containers = ["kedro"]
layers = ["framework.cli", "framework.session", "framework.context", "framework.project",
          "runner", "io", "pipeline", "config"]

[[tool.importlinter.contracts]]
name = "pipeline and io independent, no ignores"
type = "independence"
modules = ["kedro.pipeline", "kedro.io", "kedro.runner"]

[[tool.importlinter.contracts]]
name = "framework uses no ipython"
type = "forbidden"
source_modules = ["kedro.framework"]
forbidden_modules = ["kedro.ipython"]
"""

SQLFLUFF_CONTRACTS = """
root_packages = ["sqlfluff"]

[[tool.importlinter.contracts]]
name = "core layers without the shipped ignores"
type = "layers"
layers = ["sqlfluff.core.linter", "sqlfluff.core.rules", "sqlfluff.core.parser",
          "sqlfluff.core.errors", "sqlfluff.core.types", "sqlfluff.core.helpers"]

[[tool.importlinter.contracts]]
name = "rules layered per rule package"
type = "layers"
containers = ["sqlfluff.rules.*"]
layers = ["(__init__)", "(R*)", "(AL*)"]

[[tool.importlinter.contracts]]
name = "dialects independent"
type = "independence"
modules = ["sqlfluff.dialects.dialect_ansi", "sqlfluff.dialects.dialect_postgres",
           "sqlfluff.dialects.dialect_bigquery", "sqlfluff.dialects.dialect_mysql"]

[[tool.importlinter.contracts]]
name = "cli uses no dialect directly"
type = "forbidden"
source_modules = ["sqlfluff.cli"]
forbidden_modules = ["sqlfluff.dialects"]
allow_indirect_imports = true
"""

IMPORTLINTER_CONTRACTS = """
root_packages = ["importlinter"]

[[tool.importlinter.contracts]]
name = "layers, reversed pair"
type = "layers"
containers = ["importlinter"]
layers = ["domain", "application"]

[[tool.importlinter.contracts]]
name = "contracts independent"
type = "independence"
modules = ["importlinter.contracts.*"]

[[tool.importlinter.contracts]]
name = "domain uses no application, ignores by wildcard"
type = "forbidden"
source_modules = ["importlinter.application"]
forbidden_modules = ["importlinter.domain"]
ignore_imports = ["importlinter.application.** -> importlinter.domain.*"]
"""

CODEBASES = (
    Codebase("django", "Django==4.2.16", "Django-4.2.16", ".", "", DJANGO_CONTRACTS),
    Codebase("kedro", "kedro==1.7.0", "kedro-1.7.0", ".", "pyproject.toml", KEDRO_CONTRACTS),
    Codebase(
        "sqlfluff", "sqlfluff==4.5.0", "sqlfluff-4.5.0", "src", "pyproject.toml", SQLFLUFF_CONTRACTS
    ),
    Codebase(
        "import-linter",
        f"import-linter=={IMPORTLINTER_VERSION}",
        f"import_linter-{IMPORTLINTER_VERSION}",
        "src",
        ".importlinter",
        IMPORTLINTER_CONTRACTS,
    ),
)

# Runs in import-linter's venv: argv = [python_path, config_file, out_file].
PEER_DUMP = r"""
import json, os, sys
python_path, config, out = sys.argv[1:4]
sys.path.insert(0, python_path)
from importlinter import configuration
configuration.configure()
from importlinter.application import use_cases
options = use_cases.read_user_options(config_filename=config)
use_cases._register_built_in_contract_types()
report = use_cases.create_report(options, cache_dir=None)

def links(chain):
    return [[l["importer"], l["imported"]] for l in chain]

def chains_of(check):
    meta = check.metadata or {}
    found = []
    for data in meta.get("invalid_chains", []) + meta.get("invalid_dependencies", []):
        for chain in data.get("chains", []) + data.get("routes", []):
            if isinstance(chain, dict):
                main = links(chain["chain"])
                firsts = links(chain["extra_firsts"])
                lasts = links(chain["extra_lasts"])
            else:
                main, firsts, lasts = links(chain), [], []
            found.append({"chain": main, "extra_firsts": firsts, "extra_lasts": lasts})
    return found

result = {"invalid": {k: str(v.errors if hasattr(v, "errors") else v)
                      for k, v in report.invalid_contract_options.items()},
          "contracts": []}
for contract, check in report.get_contracts_and_checks():
    meta = check.metadata or {}
    result["contracts"].append({
        "name": contract.name,
        "type": contract.__class__.__name__,
        "kept": check.kept,
        "warnings": [str(w) for w in check.warnings],
        "chains": chains_of(check),
        "undeclared": sorted(str(m) for m in meta.get("undeclared_modules", ()) or ()),
        "cycle_breakers": sorted(
            [list(p) for v in (meta.get("cycle_breakers_by_package") or {}).values() for p in v]
        ),
    })
json.dump(result, open(out, "w"), indent=1, sort_keys=True)
"""

Head = tuple[str, str]


# --------------------------------------------------------------------------- setup


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_importlinter() -> Path:
    python = venv_python(VENV)
    if not python.is_file():
        proc = run([sys.executable, "-m", "venv", str(VENV)], timeout=300)
        if proc.returncode != 0:
            sys.exit(f"cannot create {VENV}: {last_line(proc.stderr)}")
    probe = run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('import-linter'))"]
    )
    if probe.returncode != 0 or probe.stdout.strip() != IMPORTLINTER_VERSION:
        cmd = [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            f"import-linter=={IMPORTLINTER_VERSION}",
        ]
        proc = run(cmd, timeout=900)
        if proc.returncode != 0:
            skip(f"cannot install import-linter from PyPI: {last_line(proc.stderr)}")
    return python


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
    return tree


# --------------------------------------------------------------------------- both sides


def peer_results(python: Path, codebase: Codebase, tree: Path, config: Path) -> JsonDict:
    out = OUT / codebase.name / f"importlinter-{config.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    proc = run(
        [str(python), "-c", PEER_DUMP, str(tree / codebase.python_path), str(config), str(out)],
        cwd=tree,
    )
    if proc.returncode != 0:
        sys.exit(f"import-linter failed on {codebase.name} {config}:\n{proc.stderr[-3000:]}")
    data: JsonDict = json.loads(out.read_text(encoding="utf-8"))
    return data


def seamcheck_results(
    python: str, codebase: Codebase, tree: Path, config: Path, timeout: float
) -> tuple[JsonDict, tuple[str, ...], list[JsonDict]]:
    """(translated contracts, translation notes, findings) of seamcheck on one config file."""
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from seamcheck.importlinter import read_importlinter
    from seamcheck.translation import render_contracts

    translation = read_importlinter(config, config.name)
    toml = OUT / codebase.name / f"seamcheck-{config.name}.toml"
    toml.write_text("extends = []\n" + render_contracts(translation), encoding="utf-8")
    cmd = [python, "-m", "seamcheck", "check", str(tree), "--config", str(toml)]
    cmd += ["--select", "SC3", "--format", "json", "--exit-zero", "--no-cache"]
    proc = run(cmd, env=seamcheck_env(), timeout=timeout)
    raw = toml.with_suffix(".findings.json")
    raw.write_text(proc.stdout, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.splitlines()[-30:])
        print(f"error: seamcheck failed: {show_command(cmd, seamcheck_env())}\n{tail}")
        sys.exit(2)
    names = {table.get("name", ""): table for table in translation.contracts}
    return names, translation.notes, json.loads(proc.stdout)["findings"]


_HOP = re.compile(r"^(\S+) imports (\S+)$")
_LEAD = re.compile(r"^(\S+) contract '(.*?)': ")


def finding_chain(finding: JsonDict) -> list[Head]:
    """The hops of a chain finding, from its related locations (or its message if direct)."""
    hops = []
    for related in finding.get("related", ()):
        match = _HOP.match(related["message"])
        if match:
            hops.append((match[1], match[2]))
    if hops:
        return hops
    match = re.search(r"(\S+) imports (?:forbidden )?'?([^'\s]+)'?$", finding["message"])
    return [(match[1], match[2])] if match else []


@dataclass
class Comparison:
    name: str
    kind: str
    peer_kept: bool | None
    seamcheck_kept: bool | None
    peer_heads: set[Head] = field(default_factory=set)
    seamcheck_heads: set[Head] = field(default_factory=set)
    peer_pairs: set[Head] = field(default_factory=set)
    peer_hops: set[Head] = field(default_factory=set)
    seamcheck_chains: dict[Head, list[Head]] = field(default_factory=dict)
    seamcheck_config: list[str] = field(default_factory=list)
    peer_warnings: list[str] = field(default_factory=list)
    undeclared: list[str] = field(default_factory=list)
    note: str = ""

    def row(self) -> JsonDict:
        both = self.peer_heads & self.seamcheck_heads
        same_pair = {
            h
            for h in self.seamcheck_heads - self.peer_heads
            if (self.seamcheck_chains[h][0][0], self.seamcheck_chains[h][-1][1]) in self.peer_pairs
        }
        shared = {
            h
            for h in self.seamcheck_heads - self.peer_heads - same_pair
            if set(self.seamcheck_chains[h][1:]) & self.peer_hops
        }
        other = self.seamcheck_heads - self.peer_heads - same_pair - shared
        return {
            "contract": self.name,
            "type": self.kind,
            "importlinter": _verdict(self.peer_kept),
            "seamcheck": _verdict(self.seamcheck_kept),
            "heads": {
                "importlinter": len(self.peer_heads),
                "seamcheck": len(self.seamcheck_heads),
                "both": len(both),
                "importlinter_only": sorted(self.peer_heads - self.seamcheck_heads),
                "seamcheck_only_same_pair": len(same_pair),
                "seamcheck_only_shared_hop": len(shared),
                "seamcheck_only_other": [self.seamcheck_chains[h] for h in sorted(other)],
            },
            "seamcheck_config_findings": self.seamcheck_config,
            "importlinter_warnings": self.peer_warnings,
            "importlinter_undeclared": self.undeclared,
            "note": self.note,
        }


def _verdict(kept: bool | None) -> str:
    return "n/a" if kept is None else "kept" if kept else "broken"


def compare(
    peer: JsonDict, names: JsonDict, notes: tuple[str, ...], findings: list[JsonDict]
) -> list[Comparison]:
    by_contract: dict[str, list[JsonDict]] = {}
    for finding in findings:
        lead = _LEAD.match(finding["message"])
        if lead:
            by_contract.setdefault(lead[2], []).append(finding)
    rows = []
    for contract in peer["contracts"]:
        name = contract["name"]
        translated = name in names
        row = Comparison(name, contract["type"], contract["kept"], None)
        row.peer_warnings = contract["warnings"]
        row.undeclared = contract["undeclared"]
        for chain in contract["chains"]:
            hops = [tuple(h) for h in chain["chain"]]
            row.peer_heads.add(hops[0])
            row.peer_hops.update(hops)
            row.peer_heads.update(tuple(h) for h in chain["extra_firsts"])
            ends = {hops[-1][1]} | {h[1] for h in chain["extra_lasts"]}
            starts = {hops[0][0]} | {h[0] for h in chain["extra_firsts"]}
            row.peer_pairs.update((s, e) for s in starts for e in ends)
        if not translated:
            row.note = next((n for n in notes if f"'{name}'" in n), "not translated")
            rows.append(row)
            continue
        errors = [f for f in by_contract.get(name, []) if f["severity"] == "error"]
        config_path = [
            f
            for f in by_contract.get(name, [])
            if f.get("line") and not f.get("related") and " imports " not in f["message"]
        ]
        row.seamcheck_config = [
            f"{f['severity']}: {f['message'].split(': ', 1)[1]}" for f in config_path
        ]
        chain_findings = [f for f in by_contract.get(name, []) if f not in config_path]
        row.seamcheck_kept = not any(f in errors for f in chain_findings)
        for finding in chain_findings:
            hops = finding_chain(finding)
            if hops:
                row.seamcheck_heads.add(hops[0])
                row.seamcheck_chains[hops[0]] = hops
        row.note = "; ".join(n for n in notes if f"'{name}'" in n)
        rows.append(row)
    return rows


def config_files(codebase: Codebase, tree: Path) -> list[Path]:
    files = [tree / codebase.shipped] if codebase.shipped else []
    bench = OUT / codebase.name / "bench" / "pyproject.toml"
    bench.parent.mkdir(parents=True, exist_ok=True)
    bench.write_text("[tool.importlinter]" + codebase.bench, encoding="utf-8")
    return [*files, bench]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seamcheck-python", default=default_seamcheck_python())
    parser.add_argument("--only", choices=[c.name for c in CODEBASES])
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    python = ensure_importlinter()
    summary = []
    for codebase in CODEBASES:
        if args.only and codebase.name != args.only:
            continue
        tree = ensure_sdist(codebase)
        for config in config_files(codebase, tree):
            peer = peer_results(python, codebase, tree, config)
            names, notes, findings = seamcheck_results(
                args.seamcheck_python, codebase, tree, config, args.timeout
            )
            origin = f"shipped {config.name}" if config.parent == tree else "bench"
            label = f"{codebase.name} ({origin})"
            rows = [r.row() for r in compare(peer, names, notes, findings)]
            summary.append({"codebase": label, "invalid": peer["invalid"], "contracts": rows})
            print_rows(label, peer["invalid"], rows)
    write_json(OUT / "summary.json", summary)
    print(f"\nsummary: {OUT / 'summary.json'}")


def print_rows(label: str, invalid: JsonDict, rows: list[JsonDict]) -> None:
    print(f"\n== {label}")
    for name, why in invalid.items():
        print(f"   import-linter refused {name!r}: {why}")
    for row in rows:
        heads = row["heads"]
        agree = "  " if row["importlinter"] == row["seamcheck"] else "!!"
        print(
            f"{agree} {row['contract']!r} [{row['type']}] import-linter {row['importlinter']}, "
            f"seamcheck {row['seamcheck']}; heads il={heads['importlinter']} "
            f"sc={heads['seamcheck']} both={heads['both']} "
            f"sc-only: same pair={heads['seamcheck_only_same_pair']} "
            f"shared hop={heads['seamcheck_only_shared_hop']} "
            f"other={len(heads['seamcheck_only_other'])}"
        )
        for head in heads["importlinter_only"][:10]:
            print(f"     import-linter only: {head[0]} -> {head[1]}")
        for chain in heads["seamcheck_only_other"][:10]:
            print(f"     seamcheck only: {' -> '.join([chain[0][0], *(h[1] for h in chain)])}")
        for line in row["seamcheck_config_findings"]:
            print(f"     seamcheck config: {line}")
        for line in row["importlinter_warnings"]:
            print(f"     import-linter warning: {line}")
        if row["importlinter_undeclared"]:
            print(f"     import-linter undeclared: {', '.join(row['importlinter_undeclared'][:8])}")
        if row["note"]:
            print(f"     note: {row['note']}")


if __name__ == "__main__":
    main()
