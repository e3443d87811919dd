"""Fuzz the extractors and the config loader with large hypothesis budgets (issue #9), outside
the normal test run. Same strategies and properties as tests/test_reliability_properties.py.

    .venv/bin/python bench/fuzz.py --examples 20000 --seed 9

Prints, per target, the examples run, the time taken and the first failure (minimised) if any;
exits 1 when something failed. Results are recorded in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz_strategies import (  # noqa: E402
    config_texts,
    javascript_sources,
    language_of,
    mutated,
    mutated_corpus_file,
    python_sources,
)
from seamcheck.config import ConfigError, load_config  # noqa: E402
from test_reliability_properties import check_extraction  # noqa: E402


def _targets(scratch: Path) -> dict[str, Callable[..., None]]:
    def python_generated(data: bytes) -> None:
        check_extraction("mod.py", data, "python")

    def javascript_generated(data: bytes) -> None:
        check_extraction("mod.tsx", data, "typescript")

    def corpus(file: tuple[str, bytes]) -> None:
        check_extraction(file[0], file[1], language_of(file[0]))

    def raw_bytes(data: bytes, name: str) -> None:
        check_extraction(name, data, language_of(name))

    def config(text: bytes) -> None:
        (scratch / "seamcheck.toml").write_bytes(text)
        with contextlib.suppress(ConfigError):
            load_config(scratch)

    return {
        "python generated+mutated": given(python_sources().flatmap(mutated))(python_generated),
        "js/ts generated+mutated": given(javascript_sources().flatmap(mutated))(
            javascript_generated
        ),
        "real fixture files mutated": given(mutated_corpus_file())(corpus),
        "arbitrary bytes": given(
            st.binary(max_size=4000), st.sampled_from(["a.py", "a.js", "a.ts", "a.tsx"])
        )(raw_bytes),
        "config loader": given(config_texts())(config),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000, help="per target")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--only", help="run the targets whose name contains this")
    options = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        for name, target in _targets(Path(scratch)).items():
            if options.only and options.only not in name:
                continue
            run = settings(
                max_examples=options.examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(seed(options.seed)(target))
            start = time.perf_counter()
            try:
                run()
                outcome = "ok"
            except Exception:
                failed = True
                outcome = "FAILED\n" + traceback.format_exc()
            took = time.perf_counter() - start
            print(f"{name}: {options.examples} examples, {took:.0f} s: {outcome}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
