"""APIFlask services: `APIFlask(__name__)` and `APIBlueprint`, Flask subclasses routed as
Flask's (`@app.get`, `@bp.post`, `@bp.route(..., methods=...)`, `url_prefix`), their
`@bp.input`/`@bp.output` decorators describing a route and declaring none, and the pages the
app serves on its own (its OpenAPI spec and docs, its static folder). None of their routes
was read: every call to an APIFlask service was SC107."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, route_labels

COMPOSE = "services:\n  model:\n    build: ./model\n  gateway:\n    build: ./gateway\n"

PREDICT = """\
    from apiflask import APIBlueprint, Schema
    from apiflask.fields import Float, List

    bp = APIBlueprint("predict", __name__, "Predictions", url_prefix="/models")


    class Rows(Schema):
        rows = List(Float())


    @bp.post("/<name>/predict")
    @bp.input(Rows)
    @bp.output(Rows)
    def predict(name, json_data):
        return {"rows": json_data["rows"]}


    @bp.route("/<name>", methods=["DELETE"])
    def unload(name):
        return ""
    """


def model_repo(app: str, calls: str) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "model/requirements.txt": "apiflask\ngunicorn\n",
        "model/model/__init__.py": "",
        "model/model/app.py": app,
        "model/model/predict.py": PREDICT,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const model = axios.create({ baseURL: 'http://model:5000' });\n"
            "async function main() {\n" + calls + "}\nmain();\n"
        ),
    }


APP = """\
    from apiflask import APIFlask

    from .predict import bp

    app = APIFlask(__name__, title="Model API")
    app.register_blueprint(bp)


    @app.get("/healthz")
    def healthz():
        return {}
    """


def test_a_gateway_calling_an_apiflask_model_service(repo: RepoFactory) -> None:
    root = repo(
        model_repo(
            APP,
            """\
              await model.post('/models/churn/predict', { rows: [1, 2] });
              await model.post('/models/churn/predcit', { rows: [1, 2] });
              await model.delete('/models/churn');
              await model.get('/healthz');
            """,
        )
    )
    assert route_labels(root, "model") == [
        "DELETE /models/{name}",
        "GET /healthz",
        "POST /models/{name}/predict",
    ]
    assert links(root) == [
        "gateway/index.js:4 POST /models/churn/predict -> model linked model/model/predict.py:11",
        "gateway/index.js:5 POST /models/churn/predcit -> model broken -",
        "gateway/index.js:6 DELETE /models/churn -> model linked model/model/predict.py:18",
        "gateway/index.js:7 GET /healthz -> model linked model/model/app.py:9",
    ]
    # Before: four SC107 ("'model' declares no route seamcheck recognises").
    assert [line for line in findings(root) if not line.startswith(" ")] == [
        "SC104 gateway/index.js:5 POST /models/churn/predcit reaches 'model', which serves"
        " no such route; did you mean POST /models/{name}/predict"
        " (model/model/predict.py:11)?"
    ]


def test_the_spec_docs_and_static_files_an_apiflask_app_serves_on_its_own(
    repo: RepoFactory,
) -> None:
    # Reading the routes must not make these errors: APIFlask registers a blueprint of its
    # own serving the spec and the docs, and Flask serves the app's static folder.
    root = repo(
        model_repo(
            APP,
            """\
              await model.get('/openapi.json');
              await model.get('/docs');
              await model.head('/docs/oauth2-redirect');
              await model.get('/redoc');
              await model.get('/static/logo.png');
              await model.get('/doc');
              await model.get('/models/Predictions/logo.png');
            """,
        )
    )
    assert links(root) == [
        # An APIBlueprint's third argument is its OpenAPI tag, not a Blueprint's static folder.
        "gateway/index.js:10 GET /models/Predictions/logo.png -> model broken -",
        "gateway/index.js:4 GET /openapi.json -> model linked model/model/app.py:5",
        "gateway/index.js:5 GET /docs -> model linked model/model/app.py:5",
        "gateway/index.js:6 HEAD /docs/oauth2-redirect -> model linked model/model/app.py:5",
        "gateway/index.js:7 GET /redoc -> model linked model/model/app.py:5",
        "gateway/index.js:8 GET /static/logo.png -> model linked model/model/app.py:5",
        "gateway/index.js:9 GET /doc -> model broken -",
    ]


def test_apiflask_pages_moved_turned_off_or_under_a_prefix_known_at_run_time(
    repo: RepoFactory,
) -> None:
    moved = APP.replace(
        'APIFlask(__name__, title="Model API")',
        'APIFlask(__name__, spec_path="/spec.yaml", docs_path=None,'
        ' openapi_blueprint_url_prefix="/api")',
    )
    root = repo(
        model_repo(
            moved,
            """\
              await model.get('/api/spec.yaml');
              await model.get('/openapi.json');
              await model.get('/api/docs');
              await model.get('/api/docs/oauth2-redirect');
              await model.get('/api/redoc');
            """,
        )
    )
    assert [line.split(" -> ")[1] for line in links(root)] == [
        "model linked model/model/app.py:5",
        "model broken -",
        "model broken -",  # docs_path=None: no docs, nor their OAuth redirect
        "model broken -",
        "model linked model/model/app.py:5",
    ]

    off = APP.replace('title="Model API"', "enable_openapi=False")
    root = repo(model_repo(off, "  await model.get('/openapi.json');\n"))
    assert [line.split(" -> ")[1] for line in links(root)] == ["model broken -"]

    # A prefix read from the environment: the pages may be under any, so a call to one is
    # unsure, never broken.
    unknown = APP.replace(
        "from apiflask import APIFlask\n",
        "import os\n\nfrom apiflask import APIFlask\n",
    ).replace('title="Model API"', 'openapi_blueprint_url_prefix=os.environ["DOCS_PREFIX"]')
    root = repo(model_repo(unknown, "  await model.get('/internal/docs');\n"))
    assert [line for line in findings(root) if not line.startswith(" ")] == [
        "SC107 gateway/index.js:4 axios call GET http://model:5000/internal/docs not linked"
        " to a service route: 'model' declares 1 route seamcheck cannot read that may serve"
        " it (the route /docs of a router whose prefix is known only at run time at"
        " model/model/app.py:7)"
    ]
