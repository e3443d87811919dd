"""Extractor parity: the facts of every source file of some trees, as `encode_facts` bytes, so
that a change meant to keep facts unchanged can be checked file by file against a base.

    python bench/facts_parity.py dump OUT TREE...    # OUT: one line per file, path + digest
    python bench/facts_parity.py compare A B         # lists the files whose facts differ
    python bench/facts_parity.py time TREE... [--repeat N] [--profile OUT.prof]

Run `dump` once with the base on PYTHONPATH (`PYTHONPATH=BASE/src`) and once with the change,
then `compare` the two outputs: it exits 1 when a file's facts differ or a file is in one
dump only. `time` reads every file first, then prints the CPU seconds `extract` takes over
all of them per language (the best of N rounds): the extract stage without discovery, file
reads or the cache.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import sys
import time
from pathlib import Path

from seamcheck.cache import encode_facts
from seamcheck.config import load_config
from seamcheck.extract import extract
from seamcheck.project import discover


def sources(tree: Path) -> list[tuple[str, bytes, str]]:
    """(path, bytes, language) of each file seamcheck would extract under `tree`."""
    root = tree.resolve()
    project = discover(root, load_config(root))
    return [(f.path, (root / f.path).read_bytes(), f.language) for f in project.files]


def dump(out: Path, trees: list[Path]) -> None:
    lines = []
    for tree in trees:
        for path, data, language in sources(tree):
            digest = hashlib.blake2b(encode_facts(extract(path, data, language))).hexdigest()
            lines.append(f"{tree.name}/{path}\t{digest}\n")
    out.write_text("".join(lines), encoding="utf-8")
    print(f"{len(lines)} files", file=sys.stderr)


def compare(first: Path, second: Path) -> int:
    a = dict(line.split("\t") for line in first.read_text(encoding="utf-8").splitlines())
    b = dict(line.split("\t") for line in second.read_text(encoding="utf-8").splitlines())
    differ = sorted(p for p in a.keys() & b.keys() if a[p] != b[p])
    only = sorted(a.keys() ^ b.keys())
    for path in differ:
        print(f"differs: {path}")
    for path in only:
        print(f"in one dump only: {path}")
    print(f"{len(a.keys() & b.keys())} files compared, {len(differ)} differ, {len(only)} unpaired")
    return 1 if differ or only else 0


def timed(trees: list[Path], repeat: int, profile: Path | None) -> None:
    files = [source for tree in trees for source in sources(tree)]
    best: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    for _ in range(repeat):
        spent: dict[str, float] = {}
        if profiler:
            profiler.enable()
        for path, data, language in files:
            start = time.process_time()
            extract(path, data, language)
            spent[language] = spent.get(language, 0.0) + time.process_time() - start
        if profiler:
            profiler.disable()
        for language, seconds in spent.items():
            best[language] = min(best.get(language, seconds), seconds)
    if profiler and profile:
        profiler.dump_stats(profile)
    for language, seconds in sorted(best.items()):
        print(f"{language:<12} {seconds:7.3f} s")
    print(f"{'total':<12} {sum(best.values()):7.3f} s  ({len(files)} files)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("trees", type=Path, nargs="+")
    comparing = commands.add_parser("compare")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    timing = commands.add_parser("time")
    timing.add_argument("trees", type=Path, nargs="+")
    timing.add_argument("--repeat", type=int, default=1)
    timing.add_argument("--profile", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.trees)
    elif args.command == "compare":
        sys.exit(compare(args.first, args.second))
    else:
        timed(args.trees, args.repeat, args.profile)


if __name__ == "__main__":
    main()
