"""Flask services written with its REST extensions: flask-restx namespaces and resources
(`@ns.route` on a Resource class, an `Api` bound to a blueprint), flask-restful's
`api.add_resource`, flask-smorest blueprints routing MethodView classes. None of their
routes was read, so every call to them was a false SC104 error in a service that declared
any plain Flask route."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, route_labels

COMPOSE = "services:\n  api:\n    build: ./api\n  gateway:\n    build: ./gateway\n"


def repo_with(files: dict[str, str], calls: str) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/requirements.txt": "flask\nflask-restx\nflask-restful\nflask-smorest\n",
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:5000' });\n"
            "async function main() {\n" + calls + "}\nmain();\n"
        ),
        **files,
    }


def test_flask_restx_resources_on_namespaces_of_an_api_bound_to_a_blueprint(
    repo: RepoFactory,
) -> None:
    root = repo(
        repo_with(
            {
                "api/app.py": """\
                    from flask import Blueprint, Flask
                    from flask_restx import Api, Namespace, Resource

                    bp = Blueprint("api", __name__)
                    api = Api(bp, prefix="/v1")
                    models = Namespace("models")
                    jobs = Namespace("jobs", path="/batch-jobs")
                    api.add_namespace(models)
                    api.add_namespace(jobs)
                    api.add_namespace(Namespace("legacy"), "/old")


                    @models.route("/<string:name>")
                    class Model(Resource):
                        def get(self, name):
                            return {}

                        def delete(self, name):
                            return ""


                    @jobs.route("")
                    class Jobs(Resource):
                        def post(self):
                            return {}


                    app = Flask(__name__)
                    app.register_blueprint(bp, url_prefix="/api")


                    @app.get("/healthz")
                    def healthz():
                        return "ok"
                    """,
            },
            """\
              await api.get('/api/v1/models/churn');
              await api.delete('/api/v1/models/churn');
              await api.post('/api/v1/batch-jobs');
              await api.post('/api/v1/models/churn');
              await api.get('/models/churn');
            """,
        )
    )
    # Before: all five were SC104 errors; the last two still are (no POST on the resource,
    # and the namespace is served only under the blueprint's and the Api's prefixes).
    assert route_labels(root, "api") == [
        "DELETE /api/v1/models/{name}",
        "GET /api/v1/models/{name}",
        "GET /healthz",
        "POST /api/v1/batch-jobs",
    ]
    assert links(root) == [
        "gateway/index.js:4 GET /api/v1/models/churn -> api linked api/app.py:13",
        "gateway/index.js:5 DELETE /api/v1/models/churn -> api linked api/app.py:13",
        "gateway/index.js:6 POST /api/v1/batch-jobs -> api linked api/app.py:22",
        "gateway/index.js:7 POST /api/v1/models/churn -> api broken -",
        "gateway/index.js:8 GET /models/churn -> api broken -",
    ]


def test_flask_restful_resources_and_flask_smorest_method_views(repo: RepoFactory) -> None:
    root = repo(
        repo_with(
            {
                "api/app.py": """\
                    from flask import Flask
                    from flask.views import MethodView
                    from flask_restful import Api, Resource
                    from flask_smorest import Api as DocsApi, Blueprint

                    from resources import TodoList

                    app = Flask(__name__)
                    api = Api(app, prefix="/v2")
                    api.add_resource(TodoList, "/todos", "/todo-list")

                    labels = Blueprint("labels", __name__, url_prefix="/labels")


                    @labels.route("/<int:label_id>")
                    class Label(MethodView):
                        def put(self, label_id):
                            return {}


                    DocsApi(app).register_blueprint(labels)
                    """,
                "api/resources.py": """\
                    from flask_restful import Resource


                    class TodoList(Resource):
                        def get(self):
                            return []

                        def post(self):
                            return {}, 201
                    """,
            },
            """\
              await api.get('/v2/todos');
              await api.post('/v2/todo-list');
              await api.put('/labels/3');
              await api.get('/labels/3');
            """,
        )
    )
    assert links(root) == [
        "gateway/index.js:4 GET /v2/todos -> api linked api/app.py:10",
        "gateway/index.js:5 POST /v2/todo-list -> api linked api/app.py:10",
        "gateway/index.js:6 PUT /labels/3 -> api linked api/app.py:15",
        "gateway/index.js:7 GET /labels/3 -> api broken -",
    ]


def test_flask_method_views_registered_with_add_url_rule_as_flasks_docs_write_it(
    repo: RepoFactory,
) -> None:
    root = repo(
        repo_with(
            {
                "api/app.py": """\
                    from flask import Flask
                    from flask.views import MethodView

                    app = Flask(__name__)


                    class ItemAPI(MethodView):
                        def get(self, id):
                            return {}

                        def delete(self, id):
                            return ""


                    class GroupAPI(MethodView):
                        def post(self):
                            return {}


                    def register_api(app, name):
                        group = GroupAPI.as_view(f"{name}-group")
                        app.add_url_rule(f"/{name}/", view_func=group)


                    register_api(app, "users")
                    app.add_url_rule("/items/<int:id>", view_func=ItemAPI.as_view("item"))
                    """,
            },
            """\
              await api.delete('/items/3');
              await api.post('/users/');
              await api.post('/items/3');
            """,
        )
    )
    # Before: DELETE /items/3 was an SC104 ("did you mean GET /items/{id}": the view was
    # taken for GET only) and POST /users/ too (a rule added on a parameter was not read).
    assert links(root) == [
        "gateway/index.js:4 DELETE /items/3 -> api linked api/app.py:26",
        "gateway/index.js:5 POST /users -> api linked api/app.py:22",
        "gateway/index.js:6 POST /items/3 -> api broken -",
    ]
