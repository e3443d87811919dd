"""Time the seam analysis against the rest of the pipeline on one tree.

.venv/bin/python bench/seams/timing.py DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from seamcheck.analysis import RunOptions, _Model
from seamcheck.config import load_config
from seamcheck.graph import build_graph
from seamcheck.project import discover
from seamcheck.resolve import resolve
from seamcheck.seams import analyse_seams


def main(root: Path) -> None:
    started = time.perf_counter()
    project = discover(root, load_config(root))
    # Parsed in this process, without a cache, as bench/stages.py does.
    facts = _Model(project, {}, None, RunOptions(jobs=1, progress=False)).facts()
    extracted = time.perf_counter()
    resolution = resolve(project, facts)
    build_graph(project, resolution)
    resolved = time.perf_counter()
    seams = analyse_seams(project, resolution)
    done = time.perf_counter()
    print(f"files {len(facts)}; routes {len(seams.routes)}; client calls {len(seams.calls)}")
    print(
        f"discover+extract {extracted - started:.2f} s; resolve+graph {resolved - extracted:.2f} s;"
    )
    print(f"analyse_seams {done - resolved:.2f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
