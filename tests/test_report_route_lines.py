"""The report gives a route where `seamcheck seams` and the findings do: where it is declared
(a decorator's line). It gave a decorated Python route's function line, one below, so the
same route had two addresses."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json, run_cli

FILES = {
    "docker-compose.yml": "services:\n  api:\n    build: ./api\n  gateway:\n    build: ./gateway\n",
    "api/requirements.txt": "fastapi\n",
    "api/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        def predict(payload: dict):
            return {}
        """,
    "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
    "gateway/index.js": """\
        const axios = require('axios');
        axios.post('http://api:8000/predict', {});
        axios.post('http://api:8000/predcit', {});
        """,
}


def test_the_report_gives_a_route_where_seams_and_findings_do(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(FILES)
    seams = run_cli("seams", str(root), "--no-cache").output
    assert "POST /predict -> api api/main.py:6" in seams
    check = run_cli("check", str(root), "--no-cache").output
    assert "did you mean POST /predict (api/main.py:6)?" in check
    out = tmp_path / "report"
    run_cli("report", str(root), "--out", str(out), "--no-cache")
    markdown = (out / "report.md").read_text()
    # Before: api/main.py:7, the line of `def predict`.
    assert "| api | <code>api/main.py:6</code> | linked |" in markdown
    assert "| POST | <code>/predict</code> | <code>api/main.py:6</code> |" in markdown
    assert "api/main.py:7" not in markdown
    assert "<td>fastapi</td><td><code>api/main.py:6</code></td>" in (out / "index.html").read_text()
