"""What an incremental pipeline could skip after one file changed (issue #8): measurements for
the design in docs/ARCHITECTURE.md ("Runs after an edit that changes facts").

    python bench/incremental_probe.py TREE [--cache-dir DIR] [--changed PATH ...] [--services N]

Loads every file's facts (from the cache when it has them), then reports, in CPU seconds:

- the post-extraction stages of the whole tree (resolve, seams, rule graph, rules);
- the name resolver's read sets: for each file, which other files' symbols resolving it
  reads (memos shared between files are cleared after each file so that every file's reads
  are its own), how many files read each file, how many reads cross a service, and which
  files read each `--changed` file: the files a per-file memo keyed by what it read would
  resolve again after that file changed;
- per service: its files, and resolve + seams + rule graph + rules over that service alone
  (the work a per-service memo would redo), for the `--services` largest services and the
  services of the `--changed` files, and whether the parts that only read the service
  itself (its resolved calls and imports, routes, client calls before linking,
  SC001/SC102/SC201/SC202 findings) came out exactly as in the whole run (imports that
  reach into another service differ: the service alone has no module table of the others);
- the size and decoding time (pickle) of what the other services would have to store for
  the global steps: routes, linked client calls, import edges, findings.

Measurement only: nothing here is used by seamcheck.
"""

from __future__ import annotations

import argparse
import collections
import copy
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from seamcheck.analysis import RunOptions, _Model, _without_cycle_collection
from seamcheck.cache import Cache
from seamcheck.config import load_config
from seamcheck.inputs import snapshot
from seamcheck.project import Project, discover
from seamcheck.resolve import names as resolve_names
from seamcheck.resolve import resolve
from seamcheck.resolve.model import Resolution

T = TypeVar("T")
clock = time.process_time
# The findings of rules that read only the service of the file they report on.
LOCAL_RULES = ("SC001", "SC102", "SC201", "SC202")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = clock()
    out = fn()
    return out, clock() - start


def post_extraction(project: Project, facts: dict[str, Any], config: Any) -> dict[str, Any]:
    from seamcheck.graph import build_graph
    from seamcheck.rules import run_rules
    from seamcheck.rules.context import RuleContext
    from seamcheck.seams import analyse_seams
    from seamcheck.seams.graph import add_seams

    resolution, t_resolve = timed(lambda: resolve(project, facts))
    seams, t_seams = timed(lambda: analyse_seams(project, resolution))

    def graph() -> Any:
        built = build_graph(project, resolution, calls=False)
        add_seams(built, seams)
        return built

    rule_graph, t_graph = timed(graph)
    context = RuleContext(project, resolution, rule_graph, config, seams)
    findings, t_rules = timed(lambda: run_rules(context))
    return {
        "resolution": resolution,
        "seams": seams,
        "findings": findings,
        "times": (t_resolve, t_seams, t_graph, t_rules),
    }


def read_sets(project: Project, facts: dict[str, Any]) -> dict[str, set[str]]:
    """path -> the paths whose symbols the name resolver read while resolving that file."""
    reads: dict[str, set[str]] = collections.defaultdict(set)
    order = sorted(facts)
    current: list[str | None] = [order[0] if order else None]

    class Recording(dict):  # type: ignore[type-arg]
        def __getitem__(self, key: str) -> Any:
            if current[0] is not None:
                reads[current[0]].add(key)
            return dict.__getitem__(self, key)

        def get(self, key: str, default: Any = None) -> Any:
            if current[0] is not None:
                reads[current[0]].add(key)
            return dict.get(self, key, default)

        def __contains__(self, key: object) -> bool:
            if current[0] is not None and isinstance(key, str):
                reads[current[0]].add(key)
            return dict.__contains__(self, key)

    resolver_class = resolve_names.NameResolver
    original_init, original_forget = resolver_class.__init__, resolver_class.forget_calls
    done = [0]

    def init(self: Any, symbols: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, Recording(symbols), *args, **kwargs)

    def forget(self: Any) -> None:
        original_forget(self)
        self._hierarchies.clear()  # shared across files: would hide a file's reads
        self._base_refs.clear()
        done[0] += 1
        current[0] = order[done[0]] if done[0] < len(order) else None

    resolver_class.__init__ = init  # type: ignore[method-assign]
    resolver_class.forget_calls = forget  # type: ignore[method-assign]
    try:
        resolve(project, facts)
    finally:
        resolver_class.__init__ = original_init  # type: ignore[method-assign]
        resolver_class.forget_calls = original_forget  # type: ignore[method-assign]
    return {path: reads[path] - {path} for path in order}


def spread(values: list[int]) -> str:
    values = sorted(values)
    if not values:
        return "-"
    n = len(values)
    return (
        f"median {values[n // 2]}, p90 {values[int(n * 0.9)]}, p99 {values[int(n * 0.99)]}, "
        f"max {values[-1]}, mean {sum(values) / n:.1f}"
    )


def call_rows(resolution: Resolution, paths: set[str]) -> list[tuple[Any, ...]]:
    return [
        (c.path, c.call.span, c.call.callee, c.kind, c.target, c.qualname, c.reason)
        for c in resolution.calls
        if c.path in paths
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--cache-dir", type=Path, help="default: TREE/.seamcheck_cache")
    parser.add_argument("--changed", nargs="*", default=[], help="paths relative to TREE")
    parser.add_argument(
        "--services", type=int, default=1, help="analyse the N largest services alone (0: all)"
    )
    args = parser.parse_args()
    root = args.tree.resolve()
    folder = args.cache_dir or root / ".seamcheck_cache"
    config = load_config(root)
    with _without_cycle_collection():
        project = discover(root, config)
        sources = snapshot(project, {}).sources
        options = RunOptions(cache_dir=folder, jobs=1, progress=False)
        model = _Model(project, dict(sources), Cache.open(folder), options)
        facts, t_load = timed(model.facts)
        whole = post_extraction(project, facts, config)
        print(
            f"{root.name}: {len(facts)} files; load facts {t_load:.2f} s, resolve %.2f, "
            "seams %.2f, rule graph %.2f, rules %.2f" % whole["times"]
        )
        service_of = {f.path: f.service for f in project.files}

        reads = read_sets(project, facts)
        fan_in = collections.Counter(q for found in reads.values() for q in found)
        crossing = [sum(service_of.get(q) != service_of.get(p) for q in reads[p]) for p in reads]
        print(f"resolver reads other files per file: {spread([len(r) for r in reads.values()])}")
        print(f"files reading each file (fan-in): {spread([fan_in[p] for p in reads])}")
        print(
            f"files whose resolution reads another service's file: "
            f"{sum(1 for c in crossing if c)} ({sum(crossing)} reads)"
        )
        for changed in args.changed:
            readers = sorted(p for p, found in reads.items() if changed in found)
            print(f"changed {changed}: read by {len(readers)} files")

        by_service: dict[str, list[str]] = collections.defaultdict(list)
        for path in facts:
            by_service[service_of.get(path, "")].append(path)
        sizes = sorted(((len(p), s) for s, p in by_service.items()), reverse=True)
        print(
            f"services: {len(sizes)}; largest {sizes[0][1]!r} has {sizes[0][0]} files "
            f"({100 * sizes[0][0] / len(facts):.0f}%)"
        )
        largest = [name for _, name in sizes[: args.services or None]]
        picked = dict.fromkeys([*largest, *(service_of.get(c, "") for c in args.changed)])
        exact = 0
        resolution = whole["resolution"]
        for name in picked:
            mine = set(by_service[name])
            sub = copy.copy(project)
            sub.files = tuple(f for f in project.files if f.path in mine)
            alone = post_extraction(sub, {p: facts[p] for p in sorted(mine)}, config)
            same_calls = call_rows(resolution, mine) == call_rows(alone["resolution"], mine)
            same_imports = [i for i in resolution.imports if i.path in mine] == [
                i for i in alone["resolution"].imports if i.path in mine
            ]
            same_routes = [r for r in whole["seams"].routes if r.where.path in mine] == list(
                alone["seams"].routes
            )
            drafts = [
                (c.where, c.caller, c.method, c.url)
                for c in whole["seams"].calls
                if c.where.path in mine
            ]
            same_drafts = drafts == [
                (c.where, c.caller, c.method, c.url) for c in alone["seams"].calls
            ]

            def local(findings: list[Any], mine: set[str] = mine) -> list[Any]:
                return [f for f in findings if f.code in LOCAL_RULES and f.path in mine]

            same_local = local(whole["findings"]) == local(alone["findings"])
            exact += same_calls and same_routes and same_drafts and same_local
            t = alone["times"]
            print(
                f"service {name!r} alone ({len(mine)} files): resolve {t[0]:.3f}, seams "
                f"{t[1]:.3f}, rule graph {t[2]:.3f}, rules {t[3]:.3f} = {sum(t):.3f} s; "
                f"as in the whole run: calls {same_calls}, imports {same_imports}, routes "
                f"{same_routes}, client calls before linking {same_drafts}, "
                f"{'/'.join(LOCAL_RULES)} {same_local}"
            )

        print(
            f"services whose calls, routes, client calls and local findings came out as in the "
            f"whole run: {exact} of {len(picked)}"
        )
        stored: dict[str, list[Any]] = {
            "routes": list(whole["seams"].routes),
            "client calls": list(whole["seams"].calls),
            "import edges": [
                (i.path, t.kind, t.path or t.package, t.qualname)
                for i in resolution.imports
                for t in i.targets
            ],
            "findings": list(whole["findings"]),
        }
        for kind, records in stored.items():
            blob = pickle.dumps(records, protocol=5)
            _, t_decode = timed(lambda blob=blob: pickle.loads(blob))  # type: ignore[misc]
            print(
                f"stored {kind}: {len(records)}, {len(blob) / 1e6:.1f} MB, decode {t_decode:.3f} s"
            )


if __name__ == "__main__":
    main()
