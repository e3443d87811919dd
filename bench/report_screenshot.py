"""The screenshot of the demo report in the README (docs/report-demo.png), taken in headless
Chromium. Rerun: `.venv/bin/python bench/report_screenshot.py`"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from headless import Page, find_chromium  # noqa: E402
from seamcheck.cli import cli  # noqa: E402


def main() -> None:
    binary = find_chromium()
    if binary is None:
        sys.exit("no chromium found")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        cli.main(
            ["report", str(ROOT / "fixtures" / "demo"), "--out", str(out), "--format", "html"],
            standalone_mode=False,
        )
        with Page(binary, width=1280, height=1150) as page:
            page.open(out / "index.html")
            if page.problems():
                sys.exit(f"the page reported problems: {page.problems()}")
            page.screenshot(ROOT / "docs" / "report-demo.png")
    print(f"wrote {ROOT / 'docs' / 'report-demo.png'}")


if __name__ == "__main__":
    main()
