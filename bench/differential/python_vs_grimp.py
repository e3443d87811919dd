#!/usr/bin/env python3
"""Differential check: seamcheck's Python import edges vs grimp's, on the Django 4.2 sdist.

Peer side: grimp (pinned) builds the import graph of package ``django`` from the extracted
sdist (first on ``sys.path``, ``include_external_packages=False``); its first-party edges are
cached as JSON under ``bench/.work/python_vs_grimp/``.

seamcheck side: ``seamcheck graph <sdist> --format json``; module->module ``imports`` edges
between Python modules whose dotted names are ``django`` or ``django.*``.

Both are compared as sets of (importer, imported) dotted-name pairs. Disagreements are grouped
by a structural class (why the other side has no such pair) and sampled with file, line and
statement so each class can be explained. Exit 0 on success (whatever the agreement), exit 0
with ``skipped: ...`` when PyPI is unreachable, exit 2 when seamcheck fails.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tarfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from diffcommon import (
    WORK,
    Edge,
    JsonDict,
    counter_lines,
    default_seamcheck_python,
    last_line,
    ratio,
    ratio_value,
    reason_class,
    run,
    run_seamcheck,
    seamcheck_command,
    seamcheck_env,
    seamcheck_import_edges,
    show_command,
    skip,
    source_line,
    spread_sample,
    write_json,
)

DJANGO_VERSION = "4.2.16"
GRIMP_VERSION = "3.19"
PACKAGE = "django"

OUT = WORK / "python_vs_grimp"
DOWNLOADS = WORK / "dl"
SDIST_DIR = WORK / "src" / f"Django-{DJANGO_VERSION}"
GRIMP_VENV = WORK / "venv-grimp"
GRIMP_CACHE = OUT / "grimp_edges.json"
SEAMCHECK_RAW = OUT / "seamcheck_graph.json"
SUMMARY = OUT / "summary.json"

# Runs inside the grimp venv: argv = [sdist_dir, package, out_file].
GRIMP_DUMP = """
import json, sys
sdist, package, out = sys.argv[1:4]
sys.path.insert(0, sdist)
import importlib, importlib.metadata, os
import grimp
pkg = importlib.import_module(package)
here = os.path.realpath(pkg.__file__)
if not here.startswith(os.path.realpath(sdist) + os.sep):
    sys.exit(f"{package} imported from {here}, not from {sdist}")
graph = grimp.build_graph(package, include_external_packages=False, cache_dir=None)
edges = []
for importer in sorted(graph.modules):
    for imported in sorted(graph.find_modules_directly_imported_by(importer)):
        details = graph.get_import_details(importer=importer, imported=imported)
        edges.append({
            "importer": importer,
            "imported": imported,
            "details": sorted(
                (
                    {"line": d["line_number"], "text": d["line_contents"],
                     "lazy": bool(d.get("is_lazy", False))}
                    for d in details
                ),
                key=lambda d: d["line"],
            ),
        })
json.dump({
    "grimp_version": importlib.metadata.version("grimp"),
    "package": package,
    "package_file": here,
    "modules": sorted(graph.modules),
    "edges": edges,
}, open(out, "w"), indent=1, sort_keys=True)
"""


# --------------------------------------------------------------------------- peer side


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_sdist() -> Path:
    if (SDIST_DIR / PACKAGE / "__init__.py").is_file():
        return SDIST_DIR
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    archive = DOWNLOADS / f"Django-{DJANGO_VERSION}.tar.gz"
    if not archive.is_file():
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        cmd += [f"django=={DJANGO_VERSION}", "-d", str(DOWNLOADS)]
        proc = run(cmd, timeout=600)
        if proc.returncode != 0 or not archive.is_file():
            why = last_line(proc.stderr)
            skip(f"cannot download django=={DJANGO_VERSION} sdist from PyPI: {why}")
    SDIST_DIR.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(SDIST_DIR.parent, filter="data")
        else:  # pragma: no cover - Python without PEP 706 backports
            tar.extractall(SDIST_DIR.parent)
    if not (SDIST_DIR / PACKAGE / "__init__.py").is_file():
        sys.exit(f"unexpected sdist layout: no {SDIST_DIR / PACKAGE / '__init__.py'}")
    return SDIST_DIR


def ensure_grimp() -> Path:
    python = venv_python(GRIMP_VENV)
    if not python.is_file():
        proc = run([sys.executable, "-m", "venv", str(GRIMP_VENV)], timeout=300)
        if proc.returncode != 0:
            sys.exit(f"cannot create {GRIMP_VENV}: {last_line(proc.stderr)}")
    probe = run([str(python), "-c", "import importlib.metadata as m; print(m.version('grimp'))"])
    if probe.returncode != 0 or probe.stdout.strip() != GRIMP_VERSION:
        cmd = [str(python), "-m", "pip", "install", "--quiet", f"grimp=={GRIMP_VERSION}"]
        proc = run(cmd, timeout=900)
        if proc.returncode != 0:
            skip(f"cannot install grimp=={GRIMP_VERSION} from PyPI: {last_line(proc.stderr)}")
    return python


def grimp_edges(refresh: bool) -> JsonDict:
    sdist = ensure_sdist()
    if GRIMP_CACHE.is_file() and not refresh:
        cached: JsonDict = json.loads(GRIMP_CACHE.read_text(encoding="utf-8"))
        if cached.get("grimp_version") == GRIMP_VERSION:
            return cached
    python = ensure_grimp()
    OUT.mkdir(parents=True, exist_ok=True)
    proc = run([str(python), "-c", GRIMP_DUMP, str(sdist), PACKAGE, str(GRIMP_CACHE)])
    if proc.returncode != 0:
        sys.exit(f"grimp failed:\n{proc.stderr[-3000:]}")
    data: JsonDict = json.loads(GRIMP_CACHE.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- source reading


def module_path(sdist: Path, name: str) -> Path:
    base = sdist.joinpath(*name.split("."))
    init = base / "__init__.py"
    return init if init.is_file() else base.with_suffix(".py")


@dataclass
class ImportSite:
    form: str  # import / from / from-relative / star / (not an import statement)
    context: str  # module / function / class / type_checking / try, '+'-joined


@dataclass
class SourceIndex:
    """Import statements of one file, by line, with their syntactic context."""

    sites: list[tuple[int, int, ImportSite]] = field(default_factory=list)

    def start(self, line: int) -> int:
        for start, end, _ in self.sites:
            if start <= line <= end:
                return start
        return line

    def at(self, line: int | None) -> ImportSite:
        if line is not None:
            for start, end, site in self.sites:
                if start <= line <= end:
                    return site
        return ImportSite("(not an import statement)", "-")


def _is_type_checking(test: ast.expr) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id == "TYPE_CHECKING")
        or (isinstance(n, ast.Attribute) and n.attr == "TYPE_CHECKING")
        for n in ast.walk(test)
    )


def index_source(path: Path) -> SourceIndex:
    index = SourceIndex()
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError):
        return index

    def visit(node: ast.AST, ctx: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            child_ctx = ctx
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                child_ctx = (*ctx, "function")
            elif isinstance(child, ast.ClassDef):
                child_ctx = (*ctx, "class")
            elif isinstance(child, ast.Try) or type(child).__name__ == "TryStar":
                child_ctx = (*ctx, "try")
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                child_ctx = (*ctx, "type_checking")
            if isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.Import):
                    form = "import"
                elif any(alias.name == "*" for alias in child.names):
                    form = "star"
                else:
                    form = "from-relative" if child.level else "from"
                context = "+".join(sorted(set(ctx))) or "module"
                end = child.end_lineno or child.lineno
                index.sites.append((child.lineno, end, ImportSite(form, context)))
            visit(child, child_ctx)

    visit(tree, ())
    return index


# --------------------------------------------------------------------------- comparison


def ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


class Sources:
    """Parsed import statements of the sdist's files, loaded on demand."""

    def __init__(self, sdist: Path) -> None:
        self.sdist = sdist
        self._indexes: dict[str, SourceIndex] = {}

    def path(self, module: str) -> Path:
        return module_path(self.sdist, module)

    def index(self, module: str) -> SourceIndex:
        if module not in self._indexes:
            self._indexes[module] = index_source(self.path(module))
        return self._indexes[module]

    def statement_keys(self, module: str, lines: list[int]) -> set[int]:
        """Start line of the import statement spanning each line (the line itself if none)."""
        return {self.index(module).start(line) for line in lines}


def by_statement(
    lines_of: dict[Edge, list[int]], sources: Sources
) -> dict[tuple[str, int], set[str]]:
    """(importer, statement start line) -> modules that side derives from that statement."""
    result: dict[tuple[str, int], set[str]] = {}
    for (importer, imported), lines in lines_of.items():
        for key in sources.statement_keys(importer, lines):
            result.setdefault((importer, key), set()).add(imported)
    return result


def structural_class(
    edge: Edge,
    lines: list[int],
    other: str,
    other_modules: set[str],
    other_stmt: dict[tuple[str, int], set[str]],
    sources: Sources,
) -> tuple[str, list[str]]:
    """Why ``other`` lacks ``edge``, and what ``other`` derives from the same statement."""
    importer, imported = edge
    same_stmt: set[str] = set()
    for key in sources.statement_keys(importer, lines):
        same_stmt |= other_stmt.get((importer, key), set())
    nearby = sorted(same_stmt)
    if importer == imported:
        return "self-import (module imports itself)", nearby
    if importer not in other_modules:
        return f"importer is not a module in {other}", nearby
    if imported not in other_modules:
        return f"imported is not a module in {other}", nearby
    if not same_stmt:
        return f"{other} has no edge from this statement", nearby
    if any(a in same_stmt for a in ancestors(imported)):
        return f"{other} maps the same statement to an ancestor package", nearby
    if any(t.startswith(imported + ".") for t in same_stmt):
        return f"{other} maps the same statement to a submodule", nearby
    return f"{other} maps the same statement to other modules only", nearby


def describe_side(
    only: list[Edge],
    side: str,
    other: str,
    other_modules: set[str],
    lines_of: dict[Edge, list[int]],
    other_lines_of: dict[Edge, list[int]],
    extra_of: dict[Edge, str],
    sources: Sources,
    n_sample: int,
) -> list[JsonDict]:
    other_stmt = by_statement(other_lines_of, sources)
    groups: dict[str, list[JsonDict]] = {}
    for edge in only:
        lines = lines_of.get(edge, [])
        cls, nearby = structural_class(edge, lines, other, other_modules, other_stmt, sources)
        path = sources.path(edge[0])
        line = min(lines, default=None)
        site = sources.index(edge[0]).at(line)
        groups.setdefault(cls, []).append(
            {
                "importer": edge[0],
                "imported": edge[1],
                "file": path.relative_to(sources.sdist).as_posix(),
                "line": line,
                "statement": source_line(path, line),
                "form": site.form,
                "context": site.context,
                "detail": extra_of.get(edge, ""),
                "other_side_same_statement": nearby,
            }
        )
    result: list[JsonDict] = []
    for cls, rows in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        contexts = Counter(f"{row['form']} @ {row['context']}" for row in rows)
        result.append(
            {
                "side_only": side,
                "class": cls,
                "count": len(rows),
                "by_statement_form_and_context": dict(sorted(contexts.items())),
                "samples": spread_sample(rows, n_sample),
            }
        )
    return result


def print_groups(title: str, groups: list[JsonDict]) -> None:
    total = sum(g["count"] for g in groups)
    print(f"\n=== {title}: {total} edges ===")
    for group in groups:
        print(f"\n  [{group['count']}] {group['class']}")
        forms = sorted(group["by_statement_form_and_context"].items(), key=lambda kv: -kv[1])
        print("    by statement form @ context:")
        print("\n".join(counter_lines(forms)))
        print(f"    samples ({len(group['samples'])}):")
        for row in group["samples"]:
            where = f"{row['file']}:{row['line']}"
            nearby = ", ".join(row["other_side_same_statement"])
            print(f"      {row['importer']} -> {row['imported']}")
            print(f"          {where}: {row['statement']}")
            extra = "; ".join(
                x for x in (row["detail"], nearby and f"other side, same statement: {nearby}") if x
            )
            if extra:
                print(f"          ({extra})")


def dotted_from_path(path: str) -> str | None:
    """``a/b/c.py`` -> ``a.b.c``; ``a/b/__init__.py`` -> ``a.b``; None for non-.py paths."""
    if not path.endswith(".py"):
        return None
    parts = path[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def first_party(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def name_mismatches(graph: JsonDict) -> list[JsonDict]:
    """First-party Python module nodes whose ``name`` is not the dotted name of their path."""
    rows = []
    for node in graph["nodes"]:
        if node.get("kind") != "module" or node.get("language") != "python":
            continue
        dotted = dotted_from_path(str(node["id"]))
        if dotted and first_party(dotted) and node.get("name") != dotted:
            rows.append({"id": node["id"], "name": node.get("name"), "dotted_path": dotted})
    return sorted(rows, key=lambda r: str(r["id"]))


def compare(
    grimp: JsonDict, graph: JsonDict, sdist: Path, n_sample: int, key: str = "name"
) -> JsonDict:
    """Compare edge sets; seamcheck modules are keyed by ``name`` or (key="path") by the
    dotted form of their file path."""
    by_id, edges_by_id = seamcheck_import_edges(graph, node_key="id")
    names: dict[str, str] = {}
    for node_id, node in by_id.items():
        if node.get("language") != "python":
            continue
        dotted = dotted_from_path(node_id) if key == "path" else None
        names[node_id] = dotted or str(node.get("name", node_id))
    sc_modules = {name for name in names.values() if first_party(name)}
    sc_edges_all: dict[Edge, list[JsonDict]] = {}
    for (src, dst), attrs in edges_by_id.items():
        if src in names and dst in names:
            sc_edges_all.setdefault((names[src], names[dst]), []).extend(attrs)
    sc_attrs = {
        edge: attrs
        for edge, attrs in sc_edges_all.items()
        if edge[0] in sc_modules and edge[1] in sc_modules
    }
    sc = set(sc_attrs)
    gr_modules = set(grimp["modules"])
    gr_detail = {(e["importer"], e["imported"]): e["details"] for e in grimp["edges"]}
    gr = set(gr_detail)
    both = gr & sc
    only_gr = sorted(gr - sc)
    only_sc = sorted(sc - gr)

    gr_lines = {edge: [d["line"] for d in details] for edge, details in gr_detail.items()}
    gr_extra = {
        edge: "grimp: lazy" if any(d["lazy"] for d in details) else ""
        for edge, details in gr_detail.items()
    }
    sc_lines = {
        edge: sorted(int(a["line"]) for a in attrs if a.get("line"))
        for edge, attrs in sc_attrs.items()
    }
    sc_extra = {
        edge: "seamcheck: "
        + ", ".join(sorted({f"{a.get('import_kind')} {a.get('specifier')!r}" for a in attrs}))
        for edge, attrs in sc_attrs.items()
    }
    sc_kinds: Counter[str] = Counter()
    for edge in sc:
        for kind in sorted({str(a.get("import_kind")) for a in sc_attrs[edge]}):
            sc_kinds[kind] += 1
    sc_kinds_only: Counter[str] = Counter()
    for edge in only_sc:
        for kind in sorted({str(a.get("import_kind")) for a in sc_attrs[edge]}):
            sc_kinds_only[kind] += 1

    sources = Sources(sdist)
    groups_gr = describe_side(
        only_gr, "grimp", "seamcheck", sc_modules, gr_lines, sc_lines, gr_extra, sources, n_sample
    )
    groups_sc = describe_side(
        only_sc, "seamcheck", "grimp", gr_modules, sc_lines, gr_lines, sc_extra, sources, n_sample
    )
    unresolved = [
        u
        for u in graph.get("graph", {}).get("unresolved", [])
        if str(u.get("path", "")).startswith(PACKAGE + "/") and u.get("kind") == "import"
    ]
    unresolved_reasons = Counter(reason_class(u.get("reason")) for u in unresolved)
    return {
        "peer": f"grimp {grimp['grimp_version']}",
        "codebase": f"django {DJANGO_VERSION} (sdist)",
        "modules": {
            "grimp": len(gr_modules),
            "seamcheck": len(sc_modules),
            "both": len(gr_modules & sc_modules),
            "grimp_only": sorted(gr_modules - sc_modules),
            "seamcheck_only": sorted(sc_modules - gr_modules),
        },
        "edges": {"grimp": len(gr), "seamcheck": len(sc), "both": len(both)},
        "agreement": {
            "both_over_grimp": ratio_value(len(both), len(gr)),
            "both_over_seamcheck": ratio_value(len(both), len(sc)),
        },
        "seamcheck_import_kinds_all": dict(sorted(sc_kinds.items())),
        "seamcheck_import_kinds_only": dict(sorted(sc_kinds_only.items())),
        "seamcheck_unresolved_imports_in_package": len(unresolved),
        "seamcheck_unresolved_reasons": dict(sorted(unresolved_reasons.items())),
        "grimp_only": groups_gr,
        "seamcheck_only": groups_sc,
    }


def report(summary: JsonDict) -> None:
    mods, edges = summary["modules"], summary["edges"]
    print(f"python_vs_grimp: {summary['codebase']} vs {summary['peer']}")
    print(
        f"modules: grimp {mods['grimp']}, seamcheck {mods['seamcheck']}, both {mods['both']}"
        f" (grimp-only {len(mods['grimp_only'])}, seamcheck-only {len(mods['seamcheck_only'])})"
    )
    for label in ("grimp_only", "seamcheck_only"):
        if mods[label]:
            print(f"  {label} modules: {', '.join(spread_sample(mods[label], 20))}")
    print(f"edges: grimp {edges['grimp']}, seamcheck {edges['seamcheck']}, both {edges['both']}")
    print(f"agreement |both|/|grimp|     = {ratio(edges['both'], edges['grimp'])}")
    print(f"agreement |both|/|seamcheck| = {ratio(edges['both'], edges['seamcheck'])}")
    print(f"seamcheck import_kind (first-party edges): {summary['seamcheck_import_kinds_all']}")
    print(f"seamcheck import_kind (seamcheck-only):    {summary['seamcheck_import_kinds_only']}")
    print(
        f"seamcheck unresolved imports under {PACKAGE}/: "
        f"{summary['seamcheck_unresolved_imports_in_package']}"
        f" {summary['seamcheck_unresolved_reasons']}"
    )
    mismatched = summary["seamcheck_name_not_dotted_path"]
    if mismatched:
        print(
            f"seamcheck module nodes whose `name` is not the dotted path: {len(mismatched)}, e.g. "
            + ", ".join(f"{r['id']} (name {r['name']!r})" for r in mismatched[:3])
        )
        alt = summary["matched_by_file_path"]
        a_edges = alt["edges"]
        print(
            "  matching seamcheck modules by file path instead: "
            f"edges both {a_edges['both']}; |both|/|grimp| = "
            f"{ratio(a_edges['both'], a_edges['grimp'])}; |both|/|seamcheck| = "
            f"{ratio(a_edges['both'], a_edges['seamcheck'])}"
        )
        for row in alt["classes"]:
            print(f"    only {row['side_only']}: [{row['count']}] {row['class']}")
    print_groups("only grimp (missing in seamcheck)", summary["grimp_only"])
    print_groups("only seamcheck (missing in grimp)", summary["seamcheck_only"])
    print(f"\nsummary: {SUMMARY}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seamcheck-python",
        default=default_seamcheck_python(),
        help="interpreter with seamcheck's dependencies (default: %(default)s)",
    )
    parser.add_argument("--peer-only", action="store_true", help="only prepare the grimp side")
    parser.add_argument("--refresh", action="store_true", help="recompute the cached grimp edges")
    parser.add_argument("--sample", type=int, default=20, help="samples per class")
    parser.add_argument("--timeout", type=float, default=3600, help="seamcheck timeout (s)")
    args = parser.parse_args(argv)

    grimp = grimp_edges(args.refresh)
    print(
        f"grimp {grimp['grimp_version']}: {len(grimp['modules'])} modules, "
        f"{len(grimp['edges'])} first-party edges (cache: {GRIMP_CACHE})"
    )
    if args.peer_only:
        return 0
    cmd = seamcheck_command(args.seamcheck_python, SDIST_DIR)
    print(f"running: {show_command(cmd, seamcheck_env())}", flush=True)
    graph = run_seamcheck(args.seamcheck_python, SDIST_DIR, SEAMCHECK_RAW, args.timeout)
    summary = compare(grimp, graph, SDIST_DIR, args.sample)
    summary["seamcheck_name_not_dotted_path"] = name_mismatches(graph)
    by_path = compare(grimp, graph, SDIST_DIR, args.sample, key="path")
    summary["matched_by_file_path"] = {
        "edges": by_path["edges"],
        "agreement": by_path["agreement"],
        "classes": [
            {"side_only": g["side_only"], "class": g["class"], "count": g["count"]}
            for g in by_path["grimp_only"] + by_path["seamcheck_only"]
        ],
    }
    summary["commands"] = {"seamcheck": show_command(cmd, seamcheck_env())}
    write_json(SUMMARY, summary)
    report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
