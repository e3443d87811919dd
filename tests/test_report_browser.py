"""The HTML report in a real headless Chromium (tests/headless.py): it loads with no console
error and no request beyond its own file, draws every service, and its filters and focus work.

Skipped when no chromium is installed, unless SEAMCHECK_REQUIRE_BROWSER is set (.ci/run sets
it after installing Debian's chromium), in which case a missing browser fails the run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from headless import Page, find_chromium

BINARY = find_chromium()
if BINARY is None and os.environ.get("SEAMCHECK_REQUIRE_BROWSER"):
    raise RuntimeError("SEAMCHECK_REQUIRE_BROWSER is set but no chromium was found")
pytestmark = pytest.mark.skipif(BINARY is None, reason="no chromium installed")

DEMO_SERVICES = ["cart", "gateway", "ml", "shared", "web", "worker"]


def _report(root: Path, out: Path) -> Path:
    result = run_cli("report", str(root), "--out", str(out), "--format", "html")
    assert result.exit_code == 0, result.output
    return out / "index.html"


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, Path]]:
    assert BINARY is not None
    page_file = _report(FIXTURES / "demo", tmp_path_factory.mktemp("browser") / "report")
    with Page(BINARY) as page:
        page.open(page_file)
        yield page, page_file


def _visible(page: Page, selector: str) -> list[str]:
    """The data-service (or data-rule, or id) of every element matching and not hidden."""
    return list(
        page.evaluate(
            f"Array.from(document.querySelectorAll({json.dumps(selector)}))"
            ".filter(e => !e.closest('[hidden]') && !e.classList.contains('dim'))"
            ".map(e => e.getAttribute('data-service') || e.getAttribute('data-rule') || e.id)"
        )
    )


def _choose(page: Page, select: str, value: str) -> None:
    page.evaluate(
        f"var s = document.getElementById({json.dumps(select)}); s.value = {json.dumps(value)};"
        "s.dispatchEvent(new Event('change'));"
    )


def _reset(page: Page) -> None:
    page.evaluate("document.getElementById('reset').click()")


def test_demo_loads_offline_without_errors_and_draws_every_service(
    demo_page: tuple[Page, Path],
) -> None:
    page, page_file = demo_page
    assert page.problems() == []
    assert page.requests() == [page_file.resolve().as_uri()]
    assert _visible(page, "#diagram g.node") == DEMO_SERVICES
    # Drawn for real: every node has a laid-out box inside the SVG.
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('#diagram g.node')).map(n => {"
        " const b = n.getBBox(); return [b.width > 100, b.height > 30]; })"
    )
    assert boxes == [[True, True]] * 6
    assert page.evaluate("document.getElementById('status').textContent") == "7 findings"


def test_filters_by_rule_severity_and_service(demo_page: tuple[Page, Path]) -> None:
    page, _ = demo_page
    _choose(page, "rule", "SC202")
    assert len(_visible(page, "#findings li.f")) == 2
    assert _visible(page, "#findings details.rule") == ["SC202"]
    assert page.evaluate("document.getElementById('status').textContent") == "2 of 7 findings"
    _choose(page, "service", "gateway")
    assert len(_visible(page, "#findings li.f")) == 1
    _reset(page)
    _choose(page, "severity", "warning")
    assert _visible(page, "#findings li.f") == []
    _choose(page, "severity", "error")
    assert len(_visible(page, "#findings li.f")) == 7
    _reset(page)


def test_clicking_a_service_focuses_its_neighbourhood(demo_page: tuple[Page, Path]) -> None:
    page, _ = demo_page
    page.evaluate(
        "document.querySelector('#diagram g.node[data-service=\"ml\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    assert _visible(page, "#diagram g.node") == ["gateway", "ml", "worker"]
    assert _visible(page, "details.svc") == ["gateway", "ml", "worker"]
    assert page.evaluate("document.getElementById('service').value") == "ml"
    assert len(_visible(page, "#seams tr.seam")) == 2  # gateway -> ml, twice
    assert len(_visible(page, "#findings li.f")) == 1
    # A second click on the same service shows everything again.
    page.evaluate(
        "document.querySelector('#diagram g.node[data-service=\"ml\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    assert _visible(page, "#diagram g.node") == DEMO_SERVICES
    assert len(_visible(page, "#seams tr.seam")) == 8


def test_search_narrows_services(demo_page: tuple[Page, Path]) -> None:
    page, _ = demo_page
    page.evaluate(
        "var s = document.getElementById('search'); s.value = 'WOR';"
        "s.dispatchEvent(new Event('input'));"
    )
    assert _visible(page, "details.svc") == ["worker"]
    assert _visible(page, "#diagram g.node") == ["worker"]
    _reset(page)
    assert _visible(page, "details.svc") == DEMO_SERVICES
    assert page.problems() == []


def test_a_hundred_services_load_in_the_browser(tmp_path: Path) -> None:
    assert BINARY is not None
    bench = Path(__file__).resolve().parent.parent / "bench" / "report_scale.py"
    spec = importlib.util.spec_from_file_location("report_scale_browser", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path / "repo", 100)
    page_file = _report(tmp_path / "repo", tmp_path / "report")
    with Page(BINARY) as page:
        seconds = page.open(page_file)
        print(f"100-service report loaded in {seconds:.2f} s")
        assert page.problems() == []
        assert page.requests() == [page_file.resolve().as_uri()]
        assert len(_visible(page, "#diagram g.node")) == 100
        assert page.evaluate("document.querySelectorAll('details.svc[open]').length") == 0
        page.evaluate("document.getElementById('expand').click()")
        assert page.evaluate("document.querySelectorAll('details.svc[open]').length") == 100
