"""Seam-linking precision and recall on the seam fixtures.

Each fixture under fixtures/seams/ has an `expected-seams.txt` written by hand from its
code: one line per link (`caller:line METHOD /path -> service status route [via]`), linked
and broken alike. The demo's expectations come from fixtures/demo/README.md (S1-S6 and the
nginx path that strips /api/). A predicted line counts as correct only when every field
matches: caller, method, path, target service, status, route location and proxy.

    .venv/bin/python bench/seams/linking.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from seamcheck.analysis import analyse
from seamcheck.config import load_config
from seamcheck.output.seams import link_lines

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

DEMO_EXPECTED = [
    "apps/web/src/api.ts:19 POST /api/predict -> gateway linked "
    "services/gateway/src/routes/api.ts:15 via vite proxy /api",
    "apps/web/src/api.ts:19 POST /predict -> gateway broken - via nginx location /api/",
    "apps/web/src/api.ts:28 GET /api/cart/{id} -> gateway linked "
    "services/gateway/src/routes/api.ts:31 via vite proxy /api",
    "apps/web/src/api.ts:28 GET /cart/{id} -> gateway broken - via nginx location /api/",
    "services/gateway/src/clients/ml.ts:12 POST /v1/predict -> ml linked "
    "services/ml-service/src/ml_service/routers/predict.py:22",
    "services/gateway/src/clients/ml.ts:17 GET /v1/recommendations/{userId} -> ml linked "
    "services/ml-service/src/ml_service/routers/recs.py:24",
    "services/gateway/src/routes/api.ts:33 GET /cart/{id} -> cart linked services/cart/index.js:9",
    "services/worker/worker.py:24 DELETE /cart/{item_id} -> cart linked services/cart/index.js:28",
]


def expected(fixture: Path) -> list[str]:
    if fixture.name == "demo":
        return sorted(DEMO_EXPECTED)
    lines = (fixture / "expected-seams.txt").read_text("utf-8").splitlines()
    return sorted(line for line in lines if line.strip() and not line.startswith("#"))


def predicted(fixture: Path) -> list[str]:
    analysis = analyse(fixture, load_config(fixture))
    assert analysis.seams is not None
    return link_lines(analysis.seams)


def fixtures() -> list[Path]:
    # Not hidden folders: `seamcheck seams fixtures/seams` leaves its `.seamcheck_cache` there.
    folders = (FIXTURES / "seams").iterdir()
    seams = sorted(p for p in folders if p.is_dir() and not p.name.startswith("."))
    return [FIXTURES / "demo", *seams]


def main() -> int:
    total_expected = total_predicted = total_correct = 0
    header = ("fixture", "expected", "predicted", "correct", "precision", "recall")
    print("{:<20} {:>8} {:>9} {:>7} {:>9} {:>7}".format(*header))
    for fixture in fixtures():
        want, got = set(expected(fixture)), set(predicted(fixture))
        correct = len(want & got)
        precision = correct / len(got) if got else 1.0
        recall = correct / len(want) if want else 1.0
        print(
            f"{fixture.name:<20} {len(want):>8} {len(got):>9} {correct:>7} "
            f"{precision:>9.3f} {recall:>7.3f}"
        )
        for line in sorted(got - want):
            print(f"    unexpected: {line}")
        for line in sorted(want - got):
            print(f"    missed:     {line}")
        total_expected += len(want)
        total_predicted += len(got)
        total_correct += correct
    precision = total_correct / total_predicted if total_predicted else 1.0
    recall = total_correct / total_expected if total_expected else 1.0
    print(
        f"{'all':<20} {total_expected:>8} {total_predicted:>9} {total_correct:>7} "
        f"{precision:>9.3f} {recall:>7.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
