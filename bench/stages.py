"""Time each pipeline stage of one cold run in one process (no cache, no pool).

    python bench/stages.py TREE [--profile OUT.prof] [--cpu] [--cache]

Prints discover / extract / resolve / seams / graph / rules seconds and the peak RSS after
each, so a change to one stage can be measured without the machine's start-up and pool
noise. With --profile, the whole run is also written as a cProfile file (read with
`python -m pstats`). With --cpu, the times are this process's CPU seconds
(`time.process_time`), steadier than wall time on a machine shared with other jobs. With
--cache, the facts come from the tree's `.seamcheck_cache` (run `seamcheck check TREE` once
first) instead of being parsed: "extract" is then what a function-added run spends loading
every file's facts, and the later stages are timed as that run has them.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from seamcheck.analysis import RunOptions, _Model, _without_cycle_collection
from seamcheck.cache import Cache
from seamcheck.config import load_config
from seamcheck.inputs import snapshot
from seamcheck.project import discover

T = TypeVar("T")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--cpu", action="store_true", help="CPU seconds, not wall seconds")
    parser.add_argument("--cache", action="store_true", help="load facts from TREE's cache")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None
    root = args.tree.resolve()
    config = load_config(root)
    times: dict[str, float] = {}
    peaks: dict[str, int] = {}  # peak RSS in MB after each stage
    clock = time.process_time if args.cpu else time.perf_counter

    def stage(name: str, fn: Callable[[], T]) -> T:
        start = clock()
        out = fn()
        times[name] = clock() - start
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        return out

    with _without_cycle_collection():
        if profiler:
            profiler.enable()
        project = stage("discover", lambda: discover(root, config))
        if args.cache:
            folder = root / ".seamcheck_cache"
            sources = snapshot(project, {}).sources
            options = RunOptions(cache_dir=folder, jobs=1, progress=False)
            model = _Model(project, dict(sources), Cache.open(folder), options)
        else:
            model = _Model(project, {}, None, RunOptions(jobs=1, progress=False))
        stage("extract", model.facts)
        stage("resolve", model.resolution)
        stage("seams", model.seams)
        stage("graph", model.rule_graph)
        from seamcheck.rules import run_rules
        from seamcheck.rules.context import RuleContext

        context = RuleContext(
            project, model.resolution(), model.rule_graph(), config, model.seams()
        )
        findings = stage("rules", lambda: run_rules(context))
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
    total = sum(times.values())
    print(" ".join(f"{k}={v:.3f}" for k, v in times.items()), f"total={total:.3f}")
    print(
        "peak RSS MB after " + " ".join(f"{k}={v}" for k, v in peaks.items()),
        f"files={len(project.files)} findings={len(findings)} gc={gc.get_count()}",
    )


if __name__ == "__main__":
    main()
