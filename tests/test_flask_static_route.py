"""Flask's own static route (`seams/routes/flaskstatic.py`): a call to a file an app or
blueprint serves from its static folder lands on a route of the framework's. Before, no
such route was known, and each such call was a false SC104 error."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links


def stack(app_py: str, calls: str) -> dict[str, str]:
    """A Node gateway calling a Flask model service, wired by a compose file."""
    return {
        "docker-compose.yml": """\
            services:
              gateway:
                build: ./gateway
                ports: ["8080:8080"]
              models:
                build: ./models
            """,
        "gateway/package.json": package_json("gateway", dependencies={"express": "4"}),
        "gateway/server.js": f"""\
            const express = require('express');
            const app = express();
            const MODELS = 'http://models:5000';
            app.get('/cards/:name', async (req, res) => {{
            {calls}
              res.json({{}});
            }});
            app.listen(8080);
            """,
        "models/requirements.txt": "flask\n",
        "models/app.py": app_py,
    }


def linked(root: Path) -> list[str]:
    return [line.split(" -> ")[0] for line in links(root) if " linked " in line]


MODEL_SERVICE = """\
    from flask import Blueprint, Flask

    app = Flask(__name__)
    reports = Blueprint("reports", __name__, static_folder="charts", url_prefix="/reports")
    admin = Blueprint("admin", __name__, url_prefix="/admin")


    @app.route("/predict", methods=["POST"])
    def predict(): ...


    app.register_blueprint(reports)
    app.register_blueprint(admin)
    """


def test_an_apps_and_a_blueprints_static_files_are_routes(repo: RepoFactory) -> None:
    calls = """\
      await fetch(`${MODELS}/static/cards/${req.params.name}.json`);
      await fetch(`${MODELS}/reports/charts/accuracy.png`);
      await fetch(`${MODELS}/admin/static/logo.png`);
      await fetch(`${MODELS}/predict`, { method: 'POST' });
    """
    root = repo(stack(MODEL_SERVICE, calls))
    assert links(root) == [
        "gateway/server.js:5 GET /static/cards/{param} -> models linked models/app.py:3",
        "gateway/server.js:6 GET /reports/charts/accuracy.png -> models linked models/app.py:4",
        # A blueprint given no static folder serves none: that call is still broken.
        "gateway/server.js:7 GET /admin/static/logo.png -> models broken -",
        "gateway/server.js:8 POST /predict -> models linked models/app.py:8",
    ]
    assert [f.split(" ", 2)[:2] for f in findings(root)] == [["SC104", "gateway/server.js:7"]]


def test_a_static_folder_moves_or_removes_the_static_route(repo: RepoFactory) -> None:
    calls = """\
      await fetch(`${MODELS}/static/logo.png`);
      await fetch(`${MODELS}/assets/logo.png`);
      await fetch(`${MODELS}/public/logo.png`);
    """
    moved = MODEL_SERVICE.replace(
        "Flask(__name__)", 'Flask(__name__, static_folder="../web/public")'
    )
    # The folder's last name is the route's: `/public/...`, and `/static/...` is no more.
    root = repo(stack(moved, calls))
    assert linked(root) == ["gateway/server.js:7 GET /public/logo.png"]
    given = MODEL_SERVICE.replace(
        "Flask(__name__)", 'Flask(__name__, "/assets", static_folder="../web/public")'
    )
    root = repo(stack(given, calls))
    assert linked(root) == ["gateway/server.js:6 GET /assets/logo.png"]
    removed = MODEL_SERVICE.replace("Flask(__name__)", "Flask(__name__, static_folder=None)")
    root = repo(stack(removed, calls))
    assert linked(root) == []
    assert len([f for f in findings(root) if f.startswith("SC104")]) == 3


def test_a_static_path_known_only_at_run_time_makes_calls_unsure(repo: RepoFactory) -> None:
    calls = "  await fetch(`${MODELS}/files/logo.png`);\n"
    unread = MODEL_SERVICE.replace(
        "Flask(__name__)",
        'Flask(__name__, static_url_path=os.environ["STATIC_URL"])',
    ).replace("from flask", "import os\nfrom flask")
    root = repo(stack(unread, calls))
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC1")] == [
        ["SC107", "gateway/server.js:5"]
    ]


SINGLE_PAGE_APP = {
    "ui/package.json": package_json("ui", dependencies={"react": "18", "vite": "5"}),
    "ui/src/api.js": """\
        export const settings = () => fetch('/config.json');
        export const items = () => fetch('/api/items');
        export const typo = () => fetch('/api/itemz');
        """,
    "server/requirements.txt": "flask\n",
    "server/app.py": """\
        from flask import Flask

        app = Flask(__name__, static_folder="../ui/dist", static_url_path="")


        @app.route("/api/items")
        def items(): ...
        """,
}


def test_static_files_at_the_root_make_a_page_file_unsure_not_broken(repo: RepoFactory) -> None:
    root = repo(SINGLE_PAGE_APP)
    found = [f.split(" ", 2)[:2] for f in findings(root) if f.split(" ")[0] in ("SC104", "SC107")]
    # Before: "SC104 GET /config.json reaches 'server' through Flask static_folder 'ui/dist'
    # ..., which serves no such route". The file is in the build, which is not read: unsure.
    # A call a letter away from a route the app declares is still broken.
    assert found == [["SC107", "ui/src/api.js:1"], ["SC104", "ui/src/api.js:3"]]
