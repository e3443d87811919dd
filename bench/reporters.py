"""Time every reporter on a large synthetic report (25,000 findings, GitHub's SARIF limit,
each with a three-hop chain), plus the baseline comparison. Rerun:
`.venv/bin/python bench/reporters.py`"""

from __future__ import annotations

import gzip
import time

from seamcheck.findings import Finding, Related
from seamcheck.gate import Report
from seamcheck.gate.baseline import compare, entries_for
from seamcheck.output import FORMATS, render
from seamcheck.rules import all_rules

COUNT = 25_000


def synthetic() -> tuple[Finding, ...]:
    findings = [
        Finding(
            code="SC001",
            severity=("error", "warning", "info")[i % 3],
            message=f"blocking call time.sleep() reached from async handler_{i}()",
            path=f"services/svc{i % 40}/app/module_{i % 700}.py",
            line=i % 900 + 1,
            column=5,
            end_line=i % 900 + 1,
            end_column=20,
            service=f"svc{i % 40}",
            fingerprint=f"{i:020x}",
            related=tuple(
                Related(f"services/svc{i % 40}/app/helpers.py", 10 * hop + 1, 5, f"hop {hop}")
                for hop in range(3)
            ),
        )
        for i in range(COUNT)
    ]
    return tuple(sorted(findings, key=lambda f: f.sort_key))


def main() -> None:
    findings = synthetic()
    report = Report(findings, files=28_000, services=40)
    rules = all_rules()
    print(f"{COUNT} findings, 3 related locations each")
    for fmt in FORMATS:
        start = time.perf_counter()
        text = render(fmt, report, rules)
        elapsed = time.perf_counter() - start
        packed = len(gzip.compress(text.encode()))
        print(f"{fmt:9} {elapsed:6.2f} s  {len(text) / 1e6:6.1f} MB  gzip {packed / 1e6:5.2f} MB")
    start = time.perf_counter()
    entries = entries_for(findings)
    comparison = compare(findings, entries)
    elapsed = time.perf_counter() - start
    print(f"baseline  {elapsed:6.2f} s  (write entries + compare; {comparison.known} known)")


if __name__ == "__main__":
    main()
