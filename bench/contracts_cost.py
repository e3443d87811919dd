"""Cost of the contract rules (SC301-SC305) on a real tree, measured in-process so the
machine's noise in parsing does not hide it: one analysis, then the rule stage alone, with
and without the contracts, best of N.

    .venv/bin/python bench/contracts_cost.py bench/.work/src/Django-4.2.16 --pack layered-monolith
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from seamcheck.analysis import analyse
from seamcheck.config import parse_config
from seamcheck.rules import run_rules
from seamcheck.rules.context import RuleContext


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--pack", default="layered-monolith")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = args.root.resolve()
    config = parse_config({"extends": [args.pack]}, None, root)
    analysis = analyse(root, dataclasses.replace(config, select=("SC001",)))
    assert analysis.resolution is not None
    for label, select in (("contracts (SC3)", ("SC3",)), ("nothing (SC001)", ("SC001",))):
        chosen = dataclasses.replace(config, select=select)
        best, found = float("inf"), 0
        for _ in range(args.repeat):
            context = RuleContext(
                analysis.project, analysis.resolution, analysis.graph, chosen, analysis.seams
            )
            start = time.perf_counter()
            found = len(run_rules(context))
            best = min(best, time.perf_counter() - start)
        print(f"{label}: {best:.2f} s, {found} findings, {len(analysis.facts)} files")


if __name__ == "__main__":
    main()
