"""`seamcheck report`: golden Markdown, JSON and DOT of the demo, the scorecard read from the
configuration, the self-contained HTML (no external URL, well formed, every service and seam),
the layered layout, and the command's errors. The browser checks are in
test_report_browser.py."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import FIXTURES, RepoFactory, analyse_repo, package_json, run_cli
from seamcheck.config import load_config
from seamcheck.gate import run_gate
from seamcheck.report.html import render as render_html
from seamcheck.report.layout import layered_layout
from seamcheck.report.model import ReportModel, build_model

DEMO = FIXTURES / "demo"
GOLDEN = Path(__file__).resolve().parent / "golden" / "report-demo"
BENCH = Path(__file__).resolve().parent.parent / "bench" / "report_scale.py"


def model_of(root: Path) -> ReportModel:
    analysis = analyse_repo(root)
    return build_model(analysis, run_gate(analysis), load_config(root))


def write_report(root: Path, out: Path, *options: str) -> str:
    result = run_cli("report", str(root), "--out", str(out), *options)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-report")
    write_report(DEMO, out)
    return out


# -- golden files and determinism -------------------------------------------------------


@pytest.mark.parametrize("name", ["report.md", "report.json", "services.dot"])
def test_demo_report_matches_its_golden_file_byte_for_byte(demo_report: Path, name: str) -> None:
    actual = (demo_report / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if os.environ.get("SEAMCHECK_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_two_runs_write_identical_bytes_and_only_the_four_files(
    demo_report: Path, tmp_path: Path
) -> None:
    again = tmp_path / "nested" / "again"
    output = write_report(DEMO, again)
    names = ["index.html", "report.json", "report.md", "services.dot"]
    assert sorted(p.name for p in again.iterdir()) == names
    for name in names:
        assert (again / name).read_bytes() == (demo_report / name).read_bytes(), name
    assert "6 services, 6 seams linked, 2 broken, 7 findings; 4 of 6 policies not met." in output
    assert f"wrote {again / 'index.html'}" in output


def test_report_json_is_what_the_pages_show(demo_report: Path) -> None:
    data = json.loads((demo_report / "report.json").read_text())
    assert data["packs"] == ["hybrid-ai"]
    assert [s["name"] for s in data["services"]] == [
        "cart",
        "gateway",
        "ml",
        "shared",
        "web",
        "worker",
    ]
    assert {s["name"]: s["roles"] for s in data["services"]} == {
        "cart": [],
        "gateway": ["edge", "ml"],
        "ml": ["ml"],
        "shared": ["shared"],
        "web": ["browser"],
        "worker": [],
    }
    assert data["headline"]["seams"] == 6 and data["headline"]["broken"] == 2
    assert data["headline"]["findings"] == {"error": 7, "warning": 0, "info": 0}
    assert len(data["findings"]) == 7 and len(data["seams"]) == 8


# -- the scorecard and the model ------------------------------------------------------------


def test_demo_scorecard_has_a_verdict_per_policy_of_the_hybrid_ai_pack() -> None:
    verdicts = [(v.question, v.status, v.findings, v.rules) for v in model_of(DEMO).scorecard]
    assert verdicts == [
        ("ML libraries only in python services?", "fail", 1, ("SC102",)),
        ("Request edge only in node services?", "pass", 0, ("SC103", "SC105")),
        ("Services meet only at network seams (no cross-service imports)?", "fail", 2, ("SC101",)),
        ("Every seam resolved and matched?", "fail", 2, ("SC104", "SC107")),
        ("No service dependency cycles?", "pass", 0, ("SC106",)),
        ("Async paths free of blocking I/O?", "fail", 2, ("SC201", "SC202")),
    ]


def test_demo_service_graph_marks_broken_and_violating_edges() -> None:
    model = model_of(DEMO)
    edges = {
        (e.source, e.target, e.kind): (e.routes, e.broken, e.status, e.findings)
        for e in model.edges
    }
    assert edges == {
        ("gateway", "cart", "seam"): (1, 0, "ok", ()),
        ("gateway", "ml", "seam"): (2, 0, "ok", ()),
        ("gateway", "shared", "import"): (0, 0, "ok", ()),
        ("web", "gateway", "seam"): (2, 2, "broken", ("SC104",)),
        ("worker", "cart", "seam"): (1, 0, "ok", ()),
        ("worker", "ml", "import"): (0, 0, "violation", ("SC101",)),
    }


def test_demo_service_sections_list_routes_calls_and_catalogued_libraries() -> None:
    services = {s.name: s for s in model_of(DEMO).services}
    ml = services["ml"]
    assert ml.language == "python" and ml.frameworks == ("fastapi", "uvicorn")
    assert {g.category: g.names for g in ml.libraries} == {
        "http-server": ("fastapi", "uvicorn"),
        "ml": ("scikit-learn", "torch"),
    }
    assert [(r.method, r.path, str(r.handler)) for r in ml.routes] == [
        ("GET", "/healthz", "services/ml-service/src/ml_service/main.py:13"),
        ("POST", "/v1/models/reload", "services/ml-service/src/ml_service/routers/predict.py:32"),
        ("POST", "/v1/predict", "services/ml-service/src/ml_service/routers/predict.py:23"),
        (
            "GET",
            "/v1/recommendations/{user_id}",
            "services/ml-service/src/ml_service/routers/recs.py:25",
        ),
    ]
    assert ml.callers == ("gateway", "worker")
    gateway = services["gateway"]
    assert [(str(c.caller), c.method, c.path, c.target, c.status) for c in gateway.calls] == [
        ("services/gateway/src/clients/ml.ts:12", "POST", "/v1/predict", "ml", "linked"),
        (
            "services/gateway/src/clients/ml.ts:17",
            "GET",
            "/v1/recommendations/{userId}",
            "ml",
            "linked",
        ),
        ("services/gateway/src/routes/api.ts:33", "GET", "/cart/{id}", "cart", "linked"),
    ]
    assert gateway.entries == (
        "compose port 8080:8080 (docker-compose.yml:17)",
        "nginx location /api/ (deploy/nginx.conf:8)",
    )
    assert {g.category: g.names for g in gateway.libraries}["ml"] == ("@tensorflow/tfjs-node",)


GATEWAY = {
    "services/gateway/package.json": package_json(
        "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
    ),
    "services/gateway/src/server.js": """
        const express = require('express');
        const axios = require('axios');
        const fs = require('fs');
        const app = express();
        app.post('/api/score', async (req, res) => {
          const config = fs.readFileSync('/etc/score.json');  // seamcheck: ignore[SC201] read once, cached by the OS
          res.json((await axios.post('http://model:8000/v1/score', req.body)).data);
        });
        app.get('/api/unknown', async (req, res) => res.json((await axios.get(process.env.ELSEWHERE)).data));
        app.listen(8080);
    """,
    "services/model/pyproject.toml": """
        [project]
        name = "model"
        dependencies = ["fastapi", "torch"]
    """,
    "services/model/app/main.py": """
        from fastapi import FastAPI
        from app.domain import rules

        app = FastAPI()


        @app.post("/v1/score")
        async def score(body: dict):
            return rules.score(body)
    """,
    "services/model/app/__init__.py": "",
    "services/model/app/domain/__init__.py": "",
    "services/model/app/domain/rules.py": """
        from app import main


        def score(body):
            return {"score": 1, "app": main.__name__}
    """,
    "docker-compose.yml": """
        services:
          gateway:
            build: ./services/gateway
            ports: ["8080:8080"]
          model:
            build: ./services/model
            expose: ["8000"]
    """,
}


def test_scorecard_follows_the_configuration_contracts_selection_and_suppressions(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **GATEWAY,
            "seamcheck.toml": """
                extends = ["hybrid-ai"]
                ignore = ["SC106"]

                [[contracts]]
                name = "domain stays pure"
                type = "forbidden"
                source = ["app.domain"]
                forbidden = ["app.main"]
            """,
        }
    )
    model = model_of(root)
    verdicts = {v.question: (v.status, v.findings, v.policy) for v in model.scorecard}
    assert verdicts == {
        "ML libraries only in python services?": ("pass", 0, "hybrid-ai"),
        "Request edge only in node services?": ("pass", 0, "hybrid-ai"),
        "Services meet only at network seams (no cross-service imports)?": ("pass", 0, "hybrid-ai"),
        "Every seam resolved and matched?": ("note", 1, "hybrid-ai"),
        "No service dependency cycles?": ("off", 0, "hybrid-ai"),
        "Async paths free of blocking I/O?": ("pass", 0, "hybrid-ai"),
        "Forbidden contract 'domain stays pure' holds?": ("fail", 1, "seamcheck.toml"),
    }
    assert model.headline.suppressed == 1
    assert [f.code for f in model.findings] == ["SC107", "SC302"]
    assert {r.code: (r.active, r.severity) for r in model.rules}["SC106"] == (False, "off")
    assert {s.name: s.roles for s in model.services} == {"gateway": ("edge",), "model": ("ml",)}
    unresolved = [c for c in model.seams if c.status == "unresolved"]
    assert [(str(c.caller), c.client) for c in unresolved] == [
        ("services/gateway/src/server.js:9", "axios")
    ]


def test_a_service_cycle_marks_both_edges_and_warns_on_the_scorecard(repo: RepoFactory) -> None:
    root = repo(
        {
            "services/gateway/package.json": package_json(
                "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
            ),
            "services/gateway/src/server.js": """
                const express = require('express');
                const axios = require('axios');
                const app = express();
                app.post('/api/score', async (req, res) => {
                  res.json((await axios.post('http://model:8000/v1/score', req.body)).data);
                });
                app.get('/api/features/:id', async (req, res) => res.json({ id: req.params.id }));
                app.listen(8080);
            """,
            "services/model/pyproject.toml": """
                [project]
                name = "model"
                dependencies = ["fastapi", "httpx"]
            """,
            "services/model/app/main.py": """
                import httpx
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/v1/score")
                async def score(body: dict):
                    async with httpx.AsyncClient() as client:
                        features = await client.get("http://gateway:8080/api/features/42")
                    return features.json()
            """,
            "docker-compose.yml": """
                services:
                  gateway:
                    build: ./services/gateway
                    ports: ["8080:8080"]
                  model:
                    build: ./services/model
                    expose: ["8000"]
            """,
        }
    )
    model = model_of(root)
    edges = {(e.source, e.target): (e.status, e.findings) for e in model.edges}
    assert edges == {
        ("gateway", "model"): ("violation", ("SC106",)),
        ("model", "gateway"): ("violation", ("SC106",)),
    }
    verdicts = {v.question: v.status for v in model.scorecard}
    assert verdicts["No service dependency cycles?"] == "warn"
    layers = {p.name: p.layer for p in model.diagram.nodes}
    assert layers["gateway"] != layers["model"]
    check_html(render_html(model))


def test_a_call_to_a_service_whose_routes_cannot_be_read_is_no_broken_edge(
    repo: RepoFactory,
) -> None:
    """The model service declares its routes in a way seamcheck does not read: the gateway's
    call is an SC107 note, so the diagram must not draw a broken (red) seam for it."""
    root = repo(
        {
            "services/gateway/package.json": package_json(
                "gateway", dependencies={"express": "^4.19.0"}
            ),
            "services/gateway/src/server.js": """
                const express = require('express');
                const app = express();
                app.post('/api/score', async (req, res) => {
                  const reply = await fetch('http://model:8000/v1/score', { method: 'POST' });
                  res.json(await reply.json());
                });
                app.listen(8080);
            """,
            "services/model/pyproject.toml": """
                [project]
                name = "model"
                dependencies = ["fastapi"]
            """,
            "services/model/app/main.py": """
                from fastapi import FastAPI

                app = FastAPI()
                app.router.routes.extend(build_routes())
            """,
            "docker-compose.yml": """
                services:
                  gateway:
                    build: ./services/gateway
                  model:
                    build: ./services/model
            """,
        }
    )
    model = model_of(root)
    assert [call.status for view in model.services for call in view.calls] == ["no_routes"]
    edges = {(e.source, e.target): (e.status, e.broken) for e in model.edges}
    assert edges == {("gateway", "model"): ("ok", 0)}


# -- the HTML page ----------------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|xlink:href|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.IGNORECASE,
)


class _Checker(HTMLParser):
    """Tags balance (void elements aside; SVG children may self-close) and ids are unique."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(tag, attrs)

    def _note(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        ident = found.get("id")
        if ident:
            if ident in self.ids:
                self.problems.append(f"duplicate id {ident}")
            self.ids.add(ident)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()


def check_html(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    assert _EXTERNAL.findall(text) == []
    assert all("src" not in script for script in checker.scripts)  # inline scripts only
    assert "<link" not in text and "<iframe" not in text
    return checker


def test_demo_html_is_self_contained_well_formed_and_shows_every_service_and_seam(
    demo_report: Path,
) -> None:
    text = (demo_report / "index.html").read_text(encoding="utf-8")
    checker = check_html(text)
    model = model_of(DEMO)
    for service in model.services:
        assert f'<g class="node lang-{service.language}" data-service="{service.name}"' in text
        assert f"svc-{service.name}" in checker.ids
    seam_rows = re.findall(
        r'<tr class="seam s-(\w+)" data-services="([^"]*)"><td>(\S+ )?<code>([^<]+)</code>', text
    )
    table = seam_rows[-len(model.seams) :]  # the seam table comes after the service sections
    assert [(s, services, where) for s, services, _, where in table] == [
        (c.status, f"{c.service} {c.target}".strip(), str(c.caller)) for c in model.seams
    ]
    for edge in model.edges:
        assert f'data-source="{edge.source}" data-target="{edge.target}"' in text
    for finding in model.findings:
        assert f'id="f-{finding.id}"' in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_text_from_the_analysed_code_is_escaped_everywhere(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(
        {
            "services/api/package.json": package_json("api", dependencies={"express": "^4.19.0"}),
            "services/api/index.js": """
                const express = require('express');
                const app = express();
                app.get('/items', async (req, res) => {
                  await fetch('http://elsewhere.example/x"<img src=x onerror=alert(1)|y');
                  res.json([]);
                });
                app.listen(3000);
            """,
        }
    )
    out = tmp_path / "out"
    write_report(root, out)
    page = (out / "index.html").read_text(encoding="utf-8")
    check_html(page)
    assert "<img" not in page
    assert "/x&quot;&lt;img src=x onerror=alert(1)|y" in page
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "<img" not in markdown
    assert '/x"&lt;img src=x onerror=alert(1)\\|y' in markdown


def test_external_url_check_catches_what_it_is_for() -> None:
    for bad in (
        '<script src="https://cdn.example/x.js"></script>',
        "<a href='http://example.com'>x</a>",
        '<p style="background:url(//fonts.example/f.woff)"></p>',
        "<style>@import 'x.css';</style>",
        '<img src = "HTTPS://x/y.png">',
    ):
        assert _EXTERNAL.search(bad), bad
    assert not _EXTERNAL.search(
        '<a href="#rule-SC101">SC101</a><path marker-end="url(#arrow-ok)"/>'
    )


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_scale", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_hundred_service_repository_renders_a_readable_page_of_reasonable_size(
    tmp_path: Path, record_property: Any
) -> None:
    planted = _bench().generate(tmp_path / "repo", 100)
    out = tmp_path / "report"
    write_report(tmp_path / "repo", out)
    text = (out / "index.html").read_text(encoding="utf-8")
    check_html(text)
    data = json.loads((out / "report.json").read_text())
    head = data["headline"]
    assert (head["services"], head["seams"], head["broken"]) == (
        100,
        planted.linked,
        planted.broken,
    )
    assert head["by_rule"].get("SC201") == planted.blocking
    assert text.count('<g class="node ') == 100
    assert text.count('<details class="svc" ') == 100
    assert '<details class="svc" id="svc-gateway" data-service="gateway">' in text  # folded
    size = len(text.encode())
    record_property("index_html_bytes", size)
    print(f"100-service index.html: {size:,} bytes")
    assert size < 1_000_000  # measured ~290 KB (bench/RESULTS.md)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert len(markdown) <= 60_000  # fits a pull-request comment (65,536 characters)
    assert markdown.count("](#service-") == 100  # every service still in the table
    assert markdown.endswith(
        "Per-service details are left out to fit a pull-request comment: see `index.html` or "
        "`report.json`.\n"
    )
    assert "<details" not in markdown
    nodes = data["diagram"]["nodes"]
    assert _overlaps(nodes, data["diagram"]["node_width"], data["diagram"]["node_height"]) == []


def _overlaps(nodes: list[dict[str, Any]], width: int, height: int) -> list[tuple[str, str]]:
    boxes = sorted((n["x"], n["y"], n["name"]) for n in nodes)
    found = []
    for i, (x, y, name) in enumerate(boxes):
        for x2, y2, other in boxes[i + 1 :]:
            if x2 >= x + width:
                break
            if abs(y2 - y) < height:
                found.append((name, other))
    return found


# -- layout --------------------------------------------------------------------------------


def test_layout_puts_callers_left_of_what_they_call_and_survives_cycles() -> None:
    edges = [("web", "gateway"), ("gateway", "ml"), ("gateway", "cart"), ("worker", "cart"),
             ("ml", "gateway"), ("cron", "worker")]  # fmt: skip
    layout = layered_layout(["cart", "cron", "gateway", "lonely", "ml", "web", "worker"], edges)
    layer = {p.name: p.layer for p in layout.nodes}
    assert layer["web"] < layer["gateway"] < layer["cart"]
    assert layer["cron"] < layer["worker"] < layer["cart"]
    assert layer["worker"] == layer["cart"] - 1  # pulled right, next to what it calls
    assert layer["lonely"] == -1  # no seam: the grid underneath
    assert layer["ml"] != layer["gateway"]
    assert (
        layered_layout(
            ["cart", "cron", "gateway", "lonely", "ml", "web", "worker"], reversed(edges)
        )
        == layout
    )
    placed = [{"name": p.name, "x": p.x, "y": p.y} for p in layout.nodes]
    assert _overlaps(placed, layout.node_width, layout.node_height) == []
    assert all(p.x >= 0 and p.x + layout.node_width <= layout.width for p in layout.nodes)
    assert all(p.y >= 0 and p.y + layout.node_height <= layout.height for p in layout.nodes)


def test_a_crowded_layer_wraps_into_columns() -> None:
    callees = [f"svc{i:02d}" for i in range(40)]
    layout = layered_layout(["gateway", *callees], [("gateway", c) for c in callees])
    xs = {p.x for p in layout.nodes if p.name != "gateway"}
    assert len(xs) == 3  # 40 services, at most 14 per column
    assert layout.height < 15 * (layout.node_height + 16) + 60


# -- the command ---------------------------------------------------------------------------


def test_format_picks_a_subset_and_accepts_md(tmp_path: Path) -> None:
    write_report(DEMO, tmp_path / "out", "--format", "md,json")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "report.md"]
    write_report(DEMO, tmp_path / "dot", "--format", "dot", "--format", "html")
    assert sorted(p.name for p in (tmp_path / "dot").iterdir()) == ["index.html", "services.dot"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--format", "pdf"],
            "unknown report format 'pdf' (choose from html, markdown, dot, json, or md)",
        ),
        (["--format", "json", "--open"], "--open needs the html format"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, options: list[str], message: str) -> None:
    result = run_cli("report", str(DEMO), "--out", str(tmp_path / "out"), *options)
    assert result.exit_code == 2
    assert result.output == f"seamcheck: error: {message}\n"
    assert not (tmp_path / "out").exists()


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("keep me")
    result = run_cli("report", str(DEMO), "--out", str(target))
    assert result.exit_code == 2
    assert result.output == f"seamcheck: error: --out {target} exists and is not a folder\n"
    assert target.read_text() == "keep me"


def test_open_hands_the_page_to_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", open_url)
    write_report(DEMO, tmp_path / "out", "--open")
    assert opened == [(tmp_path / "out" / "index.html").resolve().as_uri()]


def test_files_are_created_readable_like_any_other(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_report(DEMO, tmp_path / "out", "--format", "md")
    finally:
        os.umask(previous)
    assert (tmp_path / "out" / "report.md").stat().st_mode & 0o777 == 0o644
