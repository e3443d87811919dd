"""Time and memory of extracting hostile single files (issue #9), one fresh process each:

    .venv/bin/python bench/hostile_inputs.py            # every case
    .venv/bin/python bench/hostile_inputs.py blocks     # one case

Each case is a file shape that once made extraction quadratic; results are in
bench/RESULTS.md ("Hostile inputs").
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

N = 50_000
CASES: dict[str, tuple[str, str, str]] = {
    "arrows": ("a.js", "javascript", "const f = " + "() =>\n " * N + "1;\n"),
    "blocks": ("a.js", "javascript", "function f(){\n" * N + "}" * N + "\n"),
    "calls": ("a.py", "python", "x = " + "f(\n" * N + "1" + ")" * N + "\n"),
    # An import named as a type at every level (`extract/typeuse.py` places each use).
    "typed": (
        "a.ts",
        "typescript",
        "import { Model } from './model';\n"
        + "".join(f"function f{i}(x: Model) {{\n" for i in range(N // 2))
        + "}\n" * (N // 2),
    ),
    "concat": ("a.js", "javascript", "const url = 'a'" + " + x" * N + ";\n"),
    # Script tags never closed, and a component made of script blocks (`extract/components.py`).
    "tags": ("a.vue", "javascript", '<script a="' * N + "\n"),
    "scripts": ("a.svelte", "javascript", "<script>f()</script>\n" * (N // 5)),
    "comments": (
        "a.py",
        "python",
        "import time\n\nasync def f():\n    time.sleep(1)\n" + "# padding\n" * 30_000,
    ),
    # Comment runs too short to blank, `\r\n` ended: each line once matched two ways.
    "crlf": ("a.py", "python", ("# note\r\n" * 40 + "x = 1\r\n") * 1_000),
}


def measure(case: str) -> str:
    from seamcheck.extract import extract

    path, language, source = CASES[case]
    start = time.perf_counter()
    facts = extract(path, source.encode(), language)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{case}: {len(source) / 1e3:.0f} kB, {took:.2f} s, peak RSS {peak:.0f} MB, "
        f"{len(facts.definitions)} definitions, {len(facts.calls)} calls"
    )


def main() -> None:
    if len(sys.argv) > 1:
        print(measure(sys.argv[1]))
        return
    for case in CASES:
        subprocess.run([sys.executable, __file__, case], check=False)


if __name__ == "__main__":
    main()
