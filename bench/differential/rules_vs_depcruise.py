#!/usr/bin/env python3
"""Differential check: seamcheck's contract verdicts vs dependency-cruiser's rules.

The import *edges* of both tools agree (``js_vs_depcruise.py``, ``ts_vs_depcruise.py``); this
compares what their rules *conclude* on the same trees: eslint 9.39.5 ``lib/`` (CommonJS) and
the TypeScript trees @vendure/dashboard 3.7.3 and zod 4.6.7 (built as in ``ts_vs_depcruise.py``),
and a copy of the vendure tree whose root tsconfig sets ``verbatimModuleSyntax`` (no tree here
sets it; under it TypeScript keeps an import whose names are used only as types, and both tools
read the option: dependency-cruiser transpiles with the tsconfig's options, seamcheck's SC304
counts such imports there).

* Cycles: dependency-cruiser's ``no-circular`` (every module it flags; with
  ``tsPreCompilationDeps: "specify"`` it tells the imports TypeScript drops,
  ``pre-compilation-only``) in two forms -- all dependencies, and a runtime rule whose cycle
  may contain no ``type-only`` nor ``pre-compilation-only`` dependency -- vs seamcheck's SC304
  ``acyclic`` contract over the same modules (it counts no type-only import). Compared: the
  strongly connected groups of modules (from depcruise's own runtime edges), the modules each
  tool names, and how the reports read (findings, longest cycle shown).
* Path rules: 3-4 ``forbidden`` rules per codebase, broken in the real code, written in both
  tools' configs: a dependency-cruiser ``from: {path}`` -> ``to: {path, pathNot}`` rule is
  a seamcheck ``forbidden`` contract with ``allow_indirect = true`` (direct imports only), its
  ``pathNot`` an ``ignore`` entry; a ``reachable: true`` rule (through re-exporting barrels) is
  a contract with chains (the default), compared by the source modules that reach a target.

Exit 0 on success, ``skipped: ...`` (exit 0) when npm is missing or unreachable, exit 2 when
seamcheck fails.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx
from diffcommon import (
    WORK,
    JsonDict,
    default_seamcheck_python,
    fail,
    run,
    seamcheck_env,
    show_command,
    skip,
    write_json,
)
from js_vs_depcruise import NPM_DIR, NPM_PINS, Codebase, ensure_npm, prepare_copy
from ts_vs_depcruise import CODEBASES as TS_CODEBASES
from ts_vs_depcruise import prepare_tree

OUT = WORK / "rules_vs_depcruise"
SUMMARY = OUT / "summary.json"
DROPPED = ("type-only", "pre-compilation-only")  # dependency types gone at run time


@dataclass(frozen=True)
class PathRule:
    """A forbidden rule over folders, relative to depcruise's working folder."""

    name: str
    source: tuple[str, ...]  # folders ("lib/linter/")
    target: tuple[str, ...]
    target_not: tuple[str, ...] = ()  # depcruise `to.pathNot`; seamcheck `ignore` entries
    reachable: bool = False  # through chains (depcruise `reachable`, seamcheck indirect)


@dataclass(frozen=True)
class Variant:
    """A copy of another codebase's tree with compiler options set in one of its tsconfigs."""

    of: str  # the ts_vs_depcruise codebase copied
    tsconfig: str  # tree-relative tsconfig whose compilerOptions are changed
    options: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class RuleCodebase:
    name: str
    cwd: str  # tree-relative folder depcruise runs in (and its rule paths are relative to)
    target: str  # what depcruise cruises, relative to cwd
    tsconfig: str  # tree-relative, "" for none
    rules: tuple[PathRule, ...]
    conditions: tuple[str, ...] = ()
    variant: Variant | None = None


_VENDURE = RuleCodebase(
    "vendure-dashboard",
    "packages/dashboard",
    ".",
    "packages/dashboard/tsconfig.json",
    (
        PathRule(
            "shared-components-not-layout-engine",
            ("src/lib/components/shared/",),
            ("src/lib/framework/layout-engine/",),
        ),
        PathRule(
            "framework-not-components-but-ui",
            ("src/lib/framework/",),
            ("src/lib/components/",),
            ("src/lib/components/ui/",),
        ),
        PathRule(
            "data-input-not-form-engine",
            ("src/lib/components/data-input/",),
            ("src/lib/framework/form-engine/",),
        ),
        PathRule(
            "data-table-never-reaches-form-engine",
            ("src/lib/components/data-table/",),
            ("src/lib/framework/form-engine/",),
            reachable=True,
        ),
    ),
)

CODEBASES = (
    RuleCodebase(
        "eslint",
        "",
        "lib",
        "",
        (
            PathRule("eslint-class-not-cli-engine", ("lib/eslint/",), ("lib/cli-engine/",)),
            PathRule(
                "services-not-linter-or-eslint", ("lib/services/",), ("lib/linter/", "lib/eslint/")
            ),
            PathRule(
                "linter-only-shared-and-languages",
                ("lib/linter/",),
                ("lib/",),
                ("lib/linter/", "lib/shared/", "lib/languages/"),
            ),
            PathRule(
                "config-never-reaches-linter", ("lib/config/",), ("lib/linter/",), reachable=True
            ),
        ),
    ),
    _VENDURE,
    RuleCodebase(
        "zod",
        "packages/zod",
        "src",
        "packages/zod/tsconfig.json",
        (
            PathRule("core-not-locales", ("src/v4/core/",), ("src/v4/locales/",)),
            PathRule(
                "classic-only-core",
                ("src/v4/classic/",),
                ("src/v4/",),
                ("src/v4/classic/", "src/v4/core/"),
            ),
            PathRule("v4-not-v3", ("src/v4/",), ("src/v3/",)),
            PathRule(
                "core-never-reaches-classic-or-mini",
                ("src/v4/core/",),
                ("src/v4/classic/", "src/v4/mini/"),
                reachable=True,
            ),
        ),
        conditions=("@zod/source",),
    ),
    # What no tree here sets: TypeScript keeps the imports used only as types, and emits
    # `import { type A }` as `import {} from`, so cycles through them are runtime cycles.
    replace(
        _VENDURE,
        name="vendure-dashboard-verbatim",
        variant=Variant("vendure-dashboard", "tsconfig.json", (("verbatimModuleSyntax", True),)),
    ),
)


# --------------------------------------------------------------------------- configs


def _regex(folders: tuple[str, ...]) -> str:
    return "^(?:" + "|".join(re.escape(f) for f in folders) + ")"


def depcruise_config(codebase: RuleCodebase, tree: Path) -> str:
    never = json.dumps(list(DROPPED))
    rules = [
        '{name: "no-circular", severity: "warn", from: {}, to: {circular: true}}',
        '{name: "no-circular-runtime", severity: "warn", from: {}, to: {circular: true, '
        f"dependencyTypesNot: {never}, viaOnly: {{dependencyTypesNot: {never}}}}}}}",
    ]
    for rule in codebase.rules:
        to: JsonDict = {"path": _regex(rule.target)}
        if rule.target_not:
            to["pathNot"] = _regex(rule.target_not)
        if rule.reachable:
            to["reachable"] = True
        source = json.dumps({"path": _regex(rule.source)})
        rules.append(
            f'{{name: "{rule.name}", severity: "warn", from: {source}, to: {json.dumps(to)}}}'
        )
    tsconfig = (
        f"    tsConfig: {{ fileName: {json.dumps(str(tree / codebase.tsconfig))} }},\n"
        if codebase.tsconfig
        else ""
    )
    conditions = [*codebase.conditions, "import", "require", "node", "default", "types"]
    return (
        "// Generated by bench/differential/rules_vs_depcruise.py.\n"
        "module.exports = {\n  forbidden: [\n    "
        + ",\n    ".join(rules)
        + "\n  ],\n  options: {\n"
        '    doNotFollow: { path: "node_modules" },\n'
        '    tsPreCompilationDeps: "specify",\n' + tsconfig + "    enhancedResolveOptions: {\n"
        '      exportsFields: ["exports"],\n'
        f"      conditionNames: {json.dumps(conditions)},\n"
        "    },\n  },\n};\n"
    )


def _tree_path(codebase: RuleCodebase, path: str) -> str:
    return posixpath.normpath(posixpath.join(codebase.cwd, path)) if codebase.cwd else path


def _expr(codebase: RuleCodebase, folder: str) -> str:
    return _tree_path(codebase, folder).rstrip("/") + "/"


def seamcheck_config(codebase: RuleCodebase) -> str:
    scope = _expr(codebase, codebase.target)
    lines = [
        "[[contracts]]",
        'name = "no-circular"',
        'type = "acyclic"',
        f"modules = [{json.dumps(scope)}]",
    ]
    for rule in codebase.rules:
        sources = [_expr(codebase, f) for f in rule.source]
        lines += [
            "",
            "[[contracts]]",
            f"name = {json.dumps(rule.name)}",
            'type = "forbidden"',
            f"source = {json.dumps(sources)}",
            f"forbidden = {json.dumps([_expr(codebase, f) for f in rule.target])}",
            f"allow_indirect = {'false' if rule.reachable else 'true'}",
        ]
        if rule.target_not:
            ignores = [f"{s} -> {_expr(codebase, n)}" for s in sources for n in rule.target_not]
            lines.append(f"ignore = {json.dumps(ignores)}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- runs


def run_depcruise(codebase: RuleCodebase, tree: Path) -> JsonDict:
    out_dir = OUT / codebase.name
    out_dir.mkdir(parents=True, exist_ok=True)
    config = out_dir / "depcruise.config.cjs"
    config.write_text(depcruise_config(codebase, tree), encoding="utf-8")
    binary = NPM_DIR / "node_modules" / "dependency-cruiser" / "bin" / "dependency-cruise.mjs"
    cmd = ["node", str(binary), "--config", str(config), "--output-type", "json"]
    cmd.append(codebase.target)
    proc = run(cmd, cwd=tree / codebase.cwd, timeout=900)
    (out_dir / "depcruise_raw.json").write_text(proc.stdout, encoding="utf-8")
    if proc.returncode != 0:
        sys.exit(f"depcruise failed: {show_command(cmd)}\n{proc.stderr[-3000:]}")
    data: JsonDict = json.loads(proc.stdout)
    data["command"] = f"(cd {tree / codebase.cwd}) {show_command(cmd)}"
    return data


def run_seamcheck_check(
    python: str, codebase: RuleCodebase, tree: Path, timeout: float
) -> JsonDict:
    out_dir = OUT / codebase.name
    config = out_dir / "seamcheck.toml"
    config.write_text(seamcheck_config(codebase), encoding="utf-8")
    cmd = [python, "-m", "seamcheck", "check", str(tree), "--config", str(config)]
    cmd += ["--select", "SC302,SC304", "--format", "json", "--exit-zero"]
    proc = run(cmd, env=seamcheck_env(), timeout=timeout)
    (out_dir / "seamcheck_check.json").write_text(proc.stdout, encoding="utf-8")
    if proc.returncode != 0:
        fail(
            f"seamcheck failed (exit {proc.returncode}): {show_command(cmd)}\n{proc.stderr[-3000:]}"
        )
    data: JsonDict = json.loads(proc.stdout)
    data["command"] = show_command(cmd, seamcheck_env())
    return data


# --------------------------------------------------------------------------- cycles


def _inside(codebase: RuleCodebase, path: str) -> bool:
    scope = _tree_path(codebase, codebase.target)
    return scope in (".", "") or path.startswith(scope.rstrip("/") + "/")


def depcruise_graphs(codebase: RuleCodebase, raw: JsonDict) -> tuple[nx.DiGraph, nx.DiGraph]:
    """depcruise's in-scope dependencies: all of them, and those left at run time."""
    every, runtime = nx.DiGraph(), nx.DiGraph()
    for module in raw["modules"]:
        source = _tree_path(codebase, str(module["source"]))
        for dep in module.get("dependencies", []):
            if dep.get("couldNotResolve") or dep.get("coreModule"):
                continue
            target = _tree_path(codebase, str(dep["resolved"]))
            if not (_inside(codebase, source) and _inside(codebase, target)):
                continue
            every.add_edge(source, target)
            if not set(dep.get("dependencyTypes", ())) & set(DROPPED):
                runtime.add_edge(source, target)
    return every, runtime


def cyclic_groups(graph: nx.DiGraph) -> list[set[str]]:
    groups = [set(c) for c in nx.strongly_connected_components(graph)]
    return sorted(
        (c for c in groups if len(c) > 1 or graph.has_edge(*(2 * [next(iter(c))]))),
        key=lambda c: (-len(c), min(c)),
    )


def depcruise_flagged(
    codebase: RuleCodebase, raw: JsonDict, rule: str
) -> tuple[set[str], int, int]:
    """Modules a cycle rule names (from its violations), how many violations, the longest."""
    names: set[str] = set()
    count = longest = 0
    for violation in raw["summary"]["violations"]:
        if violation["rule"]["name"] != rule:
            continue
        count += 1
        cycle = [_tree_path(codebase, str(step["name"])) for step in violation.get("cycle", [])]
        names.update([_tree_path(codebase, str(violation["from"])), *cycle])
        longest = max(longest, len(cycle))
    return names, count, longest


_CYCLE = re.compile(
    r"import cycle of (\d+) module\(s\): (.*?)(?: \((\d+) modules are entangled\))?$"
)


def seamcheck_cycles(check: JsonDict) -> list[JsonDict]:
    cycles = []
    for finding in check["findings"]:
        match = _CYCLE.search(str(finding["message"]))
        if finding["code"] != "SC304" or match is None:
            continue
        modules = match.group(2).split(" -> ")[:-1]
        size = int(match.group(3) or 0)
        cycles.append({"modules": modules, "length": int(match.group(1)), "entangled": size})
    return cycles


def compare_cycles(codebase: RuleCodebase, raw: JsonDict, check: JsonDict) -> JsonDict:
    every, runtime = depcruise_graphs(codebase, raw)
    all_groups, runtime_groups = cyclic_groups(every), cyclic_groups(runtime)
    flagged, violations, longest = depcruise_flagged(codebase, raw, "no-circular")
    flagged_rt, violations_rt, longest_rt = depcruise_flagged(codebase, raw, "no-circular-runtime")
    cycles = seamcheck_cycles(check)
    named = {m for c in cycles for m in c["modules"]}
    # Each seamcheck cycle must lie inside one runtime group of depcruise's, one per group.
    homes = []
    for cycle in cycles:
        home = next((i for i, g in enumerate(runtime_groups) if set(cycle["modules"]) <= g), None)
        size = len(runtime_groups[home]) if home is not None else 0
        homes.append(
            {
                "cycle": cycle["modules"],
                "depcruise_group": home,
                "depcruise_group_size": size,
                "seamcheck_group_size": cycle["entangled"] or cycle["length"],
                # seamcheck states the group's size past 3 modules; below, its cycle's.
                "size_agrees": size == cycle["entangled"]
                if cycle["entangled"]
                else cycle["length"] <= size <= 3,
            }
        )
    unmatched = [
        i for i in range(len(runtime_groups)) if i not in {h["depcruise_group"] for h in homes}
    ]
    return {
        "depcruise_all": {
            "flagged_modules": len(flagged),
            "violations": violations,
            "longest_cycle": longest,
            "groups": [len(g) for g in all_groups],
            "groups_cover_flagged": set().union(*all_groups) == flagged
            if all_groups
            else not flagged,
        },
        "depcruise_runtime": {
            "flagged_modules": len(flagged_rt),
            "violations": violations_rt,
            "longest_cycle": longest_rt,
            "groups": [len(g) for g in runtime_groups],
            "flagged_within_groups": flagged_rt <= set().union(*runtime_groups)
            if runtime_groups
            else not flagged_rt,
        },
        "seamcheck": {
            "findings": len(cycles),
            "cycle_lengths": [c["length"] for c in cycles],
            "modules_named": len(named),
            "placed": homes,
        },
        "depcruise_groups_without_finding": [sorted(runtime_groups[i])[:5] for i in unmatched],
        "agree": not unmatched
        and all(h["depcruise_group"] is not None for h in homes)
        and len({h["depcruise_group"] for h in homes}) == len(homes)
        and all(h["size_agrees"] for h in homes),
    }


# --------------------------------------------------------------------------- path rules


_HOP = re.compile(r"^(.*) imports (.*)$")
_FORBIDDEN = re.compile(r"^forbidden contract '([^']*)': (.*) imports forbidden '(.*?)'(?: via |$)")


def seamcheck_rule_edges(check: JsonDict) -> dict[str, set[tuple[str, str]]]:
    """Per contract: (importer, imported) of each direct finding; for chains, (importer, end)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for finding in check["findings"]:
        match = _FORBIDDEN.match(str(finding["message"]))
        if finding["code"] != "SC302" or finding["severity"] != "error" or match is None:
            continue
        found.setdefault(match.group(1), set()).add((str(finding["path"]), match.group(3)))
    return found


def depcruise_rule_edges(codebase: RuleCodebase, raw: JsonDict) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for violation in raw["summary"]["violations"]:
        name = violation["rule"]["name"]
        pair = (
            _tree_path(codebase, str(violation["from"])),
            _tree_path(codebase, str(violation["to"])),
        )
        found.setdefault(name, set()).add(pair)
    return found


def compare_rule(
    codebase: RuleCodebase,
    rule: PathRule,
    peer: set[tuple[str, str]],
    ours: set[tuple[str, str]],
    every: nx.DiGraph,
) -> JsonDict:
    if rule.reachable:
        # depcruise names every (source, reached target); seamcheck one chain per import that
        # leaves the source folders. Compared: the source modules that reach a target.
        peer_sources = {a for a, _ in peer}
        our_sources = {a for a, _ in ours}
        # A source module whose way to a target runs through another source module: seamcheck
        # reports the chain once, at the import that leaves the source folders.
        inside = every.subgraph(
            n for n in every if any(n.startswith(_expr(codebase, f)) for f in rule.source)
        )
        through = {
            a
            for a in peer_sources - our_sources
            if a in inside and nx.descendants(inside, a) & our_sources
        }
        return {
            "rule": rule.name,
            "reachable": True,
            "depcruise_violations": len(peer),
            "seamcheck_findings": len(ours),
            "depcruise_sources": len(peer_sources),
            "seamcheck_sources": len(our_sources),
            "both": len(peer_sources & our_sources),
            "only_depcruise_through_another_source": len(through),
            "only_depcruise": sorted(peer_sources - our_sources - through),
            "only_seamcheck": sorted(our_sources - peer_sources),
        }
    return {
        "rule": rule.name,
        "reachable": False,
        "depcruise_violations": len(peer),
        "seamcheck_findings": len(ours),
        "both": len(peer & ours),
        "only_depcruise": sorted(peer - ours),
        "only_seamcheck": sorted(ours - peer),
    }


# --------------------------------------------------------------------------- main


def variant_tree(name: str, variant: Variant) -> Path:
    """A fresh copy of the variant's base tree (no seamcheck cache), its tsconfig changed."""
    base = prepare_tree(next(c for c in TS_CODEBASES if c.name == variant.of))
    copy = base.parent / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(base, copy, symlinks=True, ignore=shutil.ignore_patterns(".seamcheck_cache"))
    path = copy / variant.tsconfig
    config = json.loads(path.read_text(encoding="utf-8"))
    config.setdefault("compilerOptions", {}).update(dict(variant.options))
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return copy


def trees() -> list[tuple[RuleCodebase, Path]]:
    found = []
    for codebase in CODEBASES:
        if codebase.variant is not None:
            tree = variant_tree(codebase.name, codebase.variant)
        elif codebase.name == "eslint":
            tree = prepare_copy(Codebase("eslint", "lib", "CommonJS"))
        else:
            tree = prepare_tree(next(c for c in TS_CODEBASES if c.name == codebase.name))
        found.append((codebase, tree.resolve()))
    return found


def report(codebase: RuleCodebase, cycles: JsonDict, rules: list[JsonDict]) -> None:
    dc, rt, sc = cycles["depcruise_all"], cycles["depcruise_runtime"], cycles["seamcheck"]
    print(f"\n=== {codebase.name}")
    print(
        f"  cycles, depcruise no-circular (all deps): {dc['flagged_modules']} modules flagged, "
        f"{dc['violations']} violations, longest cycle {dc['longest_cycle']}, groups {dc['groups']}"
    )
    print(
        f"  cycles, depcruise runtime rule: {rt['flagged_modules']} modules, {rt['violations']} "
        f"violations, longest {rt['longest_cycle']}, groups (runtime edges) {rt['groups']}"
    )
    print(
        f"  cycles, seamcheck SC304: {sc['findings']} findings, "
        f"cycle lengths {sc['cycle_lengths']}, "
        f"{sc['modules_named']} modules named; agree with depcruise's runtime groups: "
        f"{cycles['agree']}"
    )
    for home in sc["placed"]:
        print(
            f"    group {home['depcruise_group']} (depcruise {home['depcruise_group_size']}, "
            f"seamcheck {home['seamcheck_group_size']}): {' -> '.join(home['cycle'])}"
        )
    for group in cycles["depcruise_groups_without_finding"]:
        print(f"    depcruise group without a seamcheck finding: {group}")
    for result in rules:
        kind = "reachable" if result["reachable"] else "direct"
        counted = (
            f"sources depcruise {result['depcruise_sources']}, seamcheck "
            f"{result['seamcheck_sources']}"
            if result["reachable"]
            else f"edges depcruise {result['depcruise_violations']}, seamcheck "
            f"{result['seamcheck_findings']}"
        )
        print(f"  rule {result['rule']} ({kind}): {counted}, both {result['both']}")
        if result.get("only_depcruise_through_another_source"):
            print(
                f"    only_depcruise: {result['only_depcruise_through_another_source']} source "
                "modules reaching a target only through another source module (seamcheck "
                "reports the chain where it leaves the source folders)"
            )
        for side in ("only_depcruise", "only_seamcheck"):
            for item in result[side][:20]:
                print(f"    {side}: {item}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seamcheck-python", default=default_seamcheck_python())
    parser.add_argument("--only", choices=[c.name for c in CODEBASES], help="one codebase")
    parser.add_argument("--timeout", type=float, default=1800, help="seamcheck timeout (s)")
    parser.add_argument("--peer-only", action="store_true", help="only run dependency-cruiser")
    parser.add_argument("--sample", type=int, help="accepted for run_all.sh; every item is listed")
    args = parser.parse_args(argv)
    if shutil.which("node") is None or shutil.which("npm") is None:
        skip("node/npm not found on PATH")
    ensure_npm()
    results = []
    for codebase, tree in trees():
        if args.only and codebase.name != args.only:
            continue
        raw = run_depcruise(codebase, tree)
        print(f"depcruise on {codebase.name}: {len(raw['summary']['violations'])} violations")
        if args.peer_only:
            continue
        check = run_seamcheck_check(args.seamcheck_python, codebase, tree, args.timeout)
        cycles = compare_cycles(codebase, raw, check)
        peer, ours = depcruise_rule_edges(codebase, raw), seamcheck_rule_edges(check)
        every, _ = depcruise_graphs(codebase, raw)
        rules = [
            compare_rule(codebase, r, peer.get(r.name, set()), ours.get(r.name, set()), every)
            for r in codebase.rules
        ]
        report(codebase, cycles, rules)
        results.append(
            {
                "codebase": codebase.name,
                "depcruise_version": NPM_PINS["dependency-cruiser"],
                "commands": {"depcruise": raw["command"], "seamcheck": check["command"]},
                "cycles": cycles,
                "rules": rules,
            }
        )
    if results:
        write_json(SUMMARY, {"codebases": results})
        print(f"\nsummary: {SUMMARY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
