#!/usr/bin/env python3
"""Differential check: seamcheck's TypeScript import edges vs dependency-cruiser's.

Real TypeScript *sources* (``.ts``/``.tsx``), laid out as their repositories have them, built
from npm tarballs (``npm pack``, pinned) of packages that publish their ``src/``:

* ``vendure-dashboard`` -- @vendure/dashboard 3.7.3, a React admin app (677 ``.ts``/``.tsx``)
  whose imports mostly go through the tsconfig ``paths`` alias ``@/vdb/*`` -> ``./src/lib/*``
  (with ``baseUrl``, in a tsconfig that ``extends`` the monorepo's root one);
* ``react-admin`` -- ra-core, ra-ui-materialui and react-admin 5.15.4 as the workspace packages
  of a yarn monorepo (``packages/*``), React ``.tsx``; the packages import each other by name
  and their package.json ``exports``/``main`` point at a ``dist/`` that a checkout has not built;
* ``redwood-app`` -- the TypeScript template of create-redwood-app 8.9.0: a yarn workspace
  (``api``, ``web``) whose tsconfigs map ``src/*`` (with fallbacks into the other side) and
  ``$api/*``; ``api`` uses ``moduleResolution: Node16``, ``web`` ``Bundler``;
* ``zod`` -- zod 4.6.7's ``src/`` (NodeNext: ``.js`` specifiers naming ``.ts``), whose tests
  and entry points import the package itself by name through ``exports`` entries that the
  tsconfig's ``customConditions: ["@zod/source"]`` send to the sources.

The published tarballs carry no tsconfig.json (but Redwood's); the ones written here are the
upstream repositories' own, reduced to the options that steer resolution (see ``FILES``), and
the ``dist/`` folders are left out, as in a checkout before a build.

Peer side: dependency-cruiser run on each (folder, tsconfig) pair of the codebase, from the
tsconfig's folder, with ``tsConfig: {fileName}``, ``tsPreCompilationDeps: true`` and
enhanced-resolve ``exportsFields``/``conditionNames`` as in ``js_vs_depcruise.py`` (plus the
tsconfig's ``customConditions``, which it does not read itself); the results are merged.
seamcheck side: ``seamcheck graph <tree> --format json``, whose modules are kept when they lie
in one of the cruised folders. Both are compared as sets of tree-relative (importer, imported)
pairs with the classes of ``js_vs_depcruise.py``. Exit 0 on success, ``skipped: ...`` (exit 0)
when npm is missing or unreachable, exit 2 when seamcheck fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import posixpath
import shutil
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from diffcommon import (
    WORK,
    JsonDict,
    default_seamcheck_python,
    run,
    run_seamcheck,
    seamcheck_command,
    seamcheck_env,
    show_command,
    skip,
    write_json,
)
from js_vs_depcruise import (
    NPM_DIR,
    NPM_PINS,
    compare,
    depcruise_edges,
    ensure_npm,
    npm_error,
    parse_depcruise,
    report,
)

DOWNLOADS = WORK / "dl"
TREES = WORK / "repos" / "ts"
OUT = WORK / "ts_vs_depcruise"
SUMMARY = OUT / "summary.json"
STAMP = ".seamcheck-bench-tree.json"


@dataclass(frozen=True)
class Tarball:
    package: str  # npm name
    version: str
    dest: str  # tree-relative folder it is unpacked to ("" = the root)
    inner: str = ""  # folder inside the tarball's package/ to take ("" = all of it)
    # Top-level entries (of `inner`) to take; empty: all but dist/. A tarball that ships its
    # build beside src/ (zod) is reduced to what its repository holds.
    keep: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.package.lstrip('@').replace('/', '-')}-{self.version}.tgz"


@dataclass(frozen=True)
class TsCodebase:
    name: str
    description: str
    tarballs: tuple[Tarball, ...]
    cruise: tuple[tuple[str, str], ...]  # (folder, its tsconfig), both tree-relative
    files: dict[str, str] = field(default_factory=dict)  # written into the tree (reconstructed)
    # The tsconfig's `customConditions`, given to depcruise's enhanced-resolve (which does not
    # read them from the tsconfig) so that both sides resolve `exports` with them.
    conditions: tuple[str, ...] = ()


_WORKSPACE_ROOT = '{"private": true, "workspaces": ["packages/*"]}\n'

CODEBASES = (
    TsCodebase(
        "vendure-dashboard",
        "React .tsx app, tsconfig paths '@/vdb/*' + baseUrl + extends",
        (Tarball("@vendure/dashboard", "3.7.3", "packages/dashboard"),),
        (("packages/dashboard", "packages/dashboard/tsconfig.json"),),
        {
            "package.json": _WORKSPACE_ROOT,
            # vendurehq/vendure tsconfig.json (root), the options that steer resolution.
            "tsconfig.json": '{"compilerOptions": {"module": "esnext", '
            '"moduleResolution": "bundler", "target": "es2022", "skipLibCheck": true}}\n',
            # vendurehq/vendure packages/dashboard/tsconfig.json (without its editor plugin).
            "packages/dashboard/tsconfig.json": '{"extends": ["../../tsconfig.json"], '
            '"compilerOptions": {"jsx": "react-jsx", "baseUrl": ".", '
            '"paths": {"@/vdb/*": ["./src/lib/*"]}}, "exclude": ["./lib"]}\n',
        },
    ),
    TsCodebase(
        "react-admin",
        "monorepo: 3 workspace packages (React .tsx) importing each other by name",
        tuple(
            Tarball(name, "5.15.4", f"packages/{name}")
            for name in ("ra-core", "ra-ui-materialui", "react-admin")
        ),
        (("packages", "tsconfig.json"),),
        {
            "package.json": _WORKSPACE_ROOT,
            # marmelab/react-admin tsconfig.json, the options that steer resolution.
            "tsconfig.json": '{"compilerOptions": {"module": "commonjs", '
            '"moduleResolution": "node", "jsx": "react", "allowJs": true, '
            '"esModuleInterop": true, "skipLibCheck": true}}\n',
            **{
                f"packages/{name}/tsconfig.json": '{"extends": "../../tsconfig.json", '
                '"compilerOptions": {"outDir": "dist", "rootDir": "src"}, "include": ["src"]}\n'
                for name in ("ra-core", "ra-ui-materialui", "react-admin")
            },
        },
    ),
    TsCodebase(
        "redwood-app",
        "yarn workspace api/web, tsconfig paths 'src/*' (with fallbacks) and '$api/*'",
        (Tarball("create-redwood-app", "8.9.0", "", "templates/ts"),),
        (
            ("api", "api/tsconfig.json"),
            ("web", "web/tsconfig.json"),
            ("scripts", "scripts/tsconfig.json"),
        ),
    ),
    TsCodebase(
        "zod",
        "NodeNext: '.js' specifiers naming .ts, self-imports through exports + customConditions",
        (
            Tarball(
                "zod", "4.6.7", "packages/zod", keep=("package.json", "src", "README.md", "LICENSE")
            ),
        ),
        (("packages/zod/src", "packages/zod/tsconfig.json"),),
        {
            "package.json": _WORKSPACE_ROOT,
            # colinhacks/zod .configs/tsconfig.base.json, the options that steer resolution.
            ".configs/tsconfig.base.json": '{"compilerOptions": {"module": "NodeNext", '
            '"moduleResolution": "NodeNext", "jsx": "react", "resolveJsonModule": true, '
            '"skipLibCheck": true, "customConditions": ["@zod/source"]}}\n',
            # colinhacks/zod packages/zod/tsconfig.json.
            "packages/zod/tsconfig.json": '{"extends": "../../.configs/tsconfig.base.json", '
            '"compilerOptions": {"module": "NodeNext", "moduleResolution": "nodenext", '
            '"customConditions": ["@zod/source"], "noEmit": true, "declaration": true}, '
            '"exclude": ["vitest.config.ts"]}\n',
        },
        conditions=("@zod/source",),
    ),
)

_CONFIG_TEXT = """\
// Generated by bench/differential/ts_vs_depcruise.py -- minimal options, no rules.
module.exports = {{
  forbidden: [],
  options: {{
    doNotFollow: {{ path: "node_modules" }},
    tsPreCompilationDeps: true,
    tsConfig: {{ fileName: {tsconfig} }},
    enhancedResolveOptions: {{
      exportsFields: ["exports"],
      conditionNames: {conditions},
    }},
  }},
}};
"""


# --------------------------------------------------------------------------- the trees


def fetch(tarball: Tarball) -> Path:
    """The npm tarball in bench/.work/dl/, fetched with `npm pack` when missing."""
    path = DOWNLOADS / tarball.file_name
    if path.is_file():
        return path
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    spec = f"{tarball.package}@{tarball.version}"
    cmd = ["npm", "pack", "--silent", "--pack-destination", str(DOWNLOADS), spec]
    proc = run(cmd, timeout=600)
    if proc.returncode != 0 or not path.is_file():
        skip(f"cannot fetch {spec} from npm: {npm_error(proc.stderr)}")
    return path


def unpack(archive: Path, tarball: Tarball, tree: Path) -> None:
    """The tarball's files under ``inner`` into ``tree/dest``, without a top-level dist/."""
    prefix = PurePosixPath("package", tarball.inner) if tarball.inner else PurePosixPath("package")
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            try:
                inner = PurePosixPath(member.name).relative_to(prefix)
            except ValueError:
                continue
            if ".." in inner.parts or not _kept(inner, tarball.keep):
                continue
            target = tree / tarball.dest / inner
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                target.write_bytes(source.read())


def _kept(inner: PurePosixPath, keep: tuple[str, ...]) -> bool:
    top = inner.parts[0] if inner.parts else ""
    return top in keep if keep else top != "dist"


def prepare_tree(codebase: TsCodebase) -> Path:
    """bench/.work/repos/ts/<name>, rebuilt when its recipe changed."""
    tree = TREES / codebase.name
    recipe = json.dumps(
        {"tarballs": [vars(t) for t in codebase.tarballs], "files": codebase.files},
        sort_keys=True,
    )
    digest = hashlib.sha256(recipe.encode()).hexdigest()
    stamp = tree / STAMP
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == digest:
        return tree
    archives = [(fetch(t), t) for t in codebase.tarballs]
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    for archive, tarball in archives:
        unpack(archive, tarball, tree)
    for rel, text in codebase.files.items():
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text(text, encoding="utf-8")
    stamp.write_text(json.dumps(digest) + "\n", encoding="utf-8")
    return tree


# --------------------------------------------------------------------------- peer side


def depcruise(codebase: TsCodebase, tree: Path) -> JsonDict:
    """depcruise on each (folder, tsconfig) pair, merged; cached as JSON."""
    out_dir = OUT / codebase.name
    out_dir.mkdir(parents=True, exist_ok=True)
    binary = NPM_DIR / "node_modules" / "dependency-cruiser" / "bin" / "dependency-cruise.mjs"
    modules: set[str] = set()
    deps: dict[str, list[JsonDict]] = {}
    commands: list[str] = []
    conditions = [*codebase.conditions, "import", "require", "node", "default", "types"]
    for index, (folder, tsconfig) in enumerate(codebase.cruise):
        config = out_dir / f"depcruise.{index}.config.cjs"
        # Absolute: dependency-cruiser reads a relative one from the config's folder.
        text = _CONFIG_TEXT.format(
            tsconfig=json.dumps(str(tree / tsconfig)), conditions=json.dumps(conditions)
        )
        config.write_text(text, encoding="utf-8")
        # Run from the tsconfig's folder: for `paths` without `baseUrl` dependency-cruiser
        # takes the working folder as their base (TypeScript takes the tsconfig's folder).
        cwd = posixpath.dirname(tsconfig)
        target = posixpath.relpath(folder, cwd or ".")
        cmd = ["node", str(binary), "--config", str(config), "--output-type", "json", target]
        proc = run(cmd, cwd=tree / cwd, timeout=900)
        (out_dir / f"depcruise_raw.{index}.json").write_text(proc.stdout, encoding="utf-8")
        if proc.returncode != 0:
            sys.exit(
                f"depcruise failed (cwd {tree / cwd}): {show_command(cmd)}\n{proc.stderr[-3000:]}"
            )
        parse_depcruise(json.loads(proc.stdout), tree, ".", modules, deps, cwd)
        commands.append(f"(cd {tree / cwd}) {show_command(cmd)}")
    data: JsonDict = {
        "depcruise_version": NPM_PINS["dependency-cruiser"],
        "codebase": codebase.name,
        "commands": commands,
        "modules": sorted(modules),
        "edges": [list(e) for e in depcruise_edges(deps)],
        "dependencies": dict(sorted(deps.items())),
    }
    write_json(out_dir / "depcruise_edges.json", data)
    return data


# --------------------------------------------------------------------------- seamcheck side


def within(graph: JsonDict, folders: list[str]) -> JsonDict:
    """The graph with only the module nodes inside ``folders`` (others dropped)."""

    def inside(node: JsonDict) -> bool:
        node_id = str(node["id"])
        return any(node_id == f or node_id.startswith(f + "/") for f in folders)

    nodes = [n for n in graph["nodes"] if n.get("kind") != "module" or inside(n)]
    return {**graph, "nodes": nodes}


def label(codebase: TsCodebase) -> str:
    return f"{codebase.name} ({', '.join(f'{t.package}@{t.version}' for t in codebase.tarballs)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seamcheck-python",
        default=default_seamcheck_python(),
        help="interpreter with seamcheck's dependencies (default: %(default)s)",
    )
    parser.add_argument("--peer-only", action="store_true", help="only run dependency-cruiser")
    parser.add_argument("--only", choices=[c.name for c in CODEBASES], help="one codebase")
    parser.add_argument("--sample", type=int, default=20, help="samples per class")
    parser.add_argument("--timeout", type=float, default=1800, help="seamcheck timeout (s)")
    args = parser.parse_args(argv)

    if shutil.which("node") is None or shutil.which("npm") is None:
        skip("node/npm not found on PATH")
    ensure_npm()
    results: list[JsonDict] = []
    for codebase in CODEBASES:
        if args.only and codebase.name != args.only:
            continue
        tree = prepare_tree(codebase).resolve()
        dc = depcruise(codebase, tree)
        print(
            f"depcruise {NPM_PINS['dependency-cruiser']} on {label(codebase)}: "
            f"{len(dc['modules'])} modules, {len(dc['edges'])} in-tree edges "
            f"(cache: {OUT / codebase.name / 'depcruise_edges.json'})",
            flush=True,
        )
        if args.peer_only:
            continue
        cmd = seamcheck_command(args.seamcheck_python, tree)
        print(f"running: {show_command(cmd, seamcheck_env())}", flush=True)
        raw = OUT / codebase.name / "seamcheck_graph.json"
        graph = run_seamcheck(args.seamcheck_python, tree, raw, args.timeout)
        folders = [folder for folder, _ in codebase.cruise]
        result = compare(
            label(codebase), codebase.description, dc, within(graph, folders), tree, args.sample, ""
        )
        result["commands"] = {
            "depcruise": dc["commands"],
            "seamcheck": show_command(cmd, seamcheck_env()),
        }
        results.append(result)
        report(result)
    if results:
        write_json(SUMMARY, {"codebases": results})
        print(f"\nsummary: {SUMMARY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
