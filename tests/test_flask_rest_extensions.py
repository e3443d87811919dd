"""Flask services written with its REST extensions: flask-restx namespaces and resources
(`@ns.route` on a Resource class, an `Api` bound to a blueprint), flask-restful's
`api.add_resource`, flask-smorest blueprints routing MethodView classes. None of their
routes was read, so every call to them was a false SC104 error in a service that declared
any plain Flask route."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, route_labels

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


def test_a_view_method_bound_to_another_verb_serves_that_verb_too(repo: RepoFactory) -> None:
    """`patch = put` in a MethodView or a Resource: Flask and its extensions dispatch by the
    attribute named after the verb, as Tornado does. Before, only `def` methods counted for
    them (Tornado's handlers already counted the binding): the PATCH calls were false SC104
    errors ("did you mean PUT")."""
    root = repo(
        repo_with(
            {
                "api/app.py": """\
                    from flask import Flask
                    from flask.views import MethodView
                    from flask_restful import Api, Resource

                    app = Flask(__name__)
                    api = Api(app)


                    class ItemAPI(MethodView):
                        def put(self, id):
                            return {}

                        patch = put


                    class Label(Resource):
                        def put(self, name):
                            return {}

                        patch = put


                    app.add_url_rule("/items/<int:id>", view_func=ItemAPI.as_view("item"))
                    api.add_resource(Label, "/labels/<name>")
                    """,
            },
            """\
              await api.patch('/items/3', {});
              await api.patch('/labels/bug', {});
              await api.delete('/labels/bug');
            """,
        )
    )
    assert links(root) == [
        "gateway/index.js:4 PATCH /items/3 -> api linked api/app.py:23",
        "gateway/index.js:5 PATCH /labels/bug -> api linked api/app.py:24",
        "gateway/index.js:6 DELETE /labels/bug -> api broken -",
    ]


# Modelled on Dify's console API: an Api subclass of the app's own, bound to a blueprint
# with `url_prefix`, resources added to it by `add_resource` in one file and by `@ns.route`
# on a namespace added to it in another.
_CONSOLE_PACKAGE = """\
    from flask import Blueprint
    from flask_restx import Namespace

    from libs.rest import TeamApi

    bp = Blueprint("console", __name__, url_prefix="/console/api")
    api = TeamApi(bp, version="1.0", title="Console API")
    console_ns = Namespace("console", description="Console operations", path="/")

    from . import projects  # noqa: E402

    api.add_namespace(console_ns)
    """

_PROJECTS = """\
    from flask_restx import Resource

    from controllers.console import api, console_ns


    class ProjectListApi(Resource):
        def get(self):
            return []

        def post(self):
            return {}, 201


    @console_ns.route("/projects/<uuid:project_id>/members")
    class ProjectMembersApi(Resource):
        def get(self, project_id):
            return []


    api.add_resource(ProjectListApi, "/projects")
    """

_SERVER = """\
    from flask import Flask

    from controllers.console import bp

    app = Flask(__name__)
    app.register_blueprint(bp)
    """

_CONSOLE_CALLS = """\
  await api.get('/console/api/projects');
  await api.post('/console/api/projects');
  await api.get('/console/api/projects/7/members');
  await api.delete('/console/api/projects/7/members');
"""


def console_repo(rest_module: str, package: str = _CONSOLE_PACKAGE) -> dict[str, str]:
    return repo_with(
        {
            "api/libs/__init__.py": "",
            "api/libs/rest.py": rest_module,
            "api/controllers/__init__.py": "",
            "api/controllers/console/__init__.py": package,
            "api/controllers/console/projects.py": _PROJECTS,
            "api/app.py": _SERVER,
        },
        _CONSOLE_CALLS,
    )


def test_an_api_subclass_binding_itself_with_init_app_serves_under_its_blueprint(
    repo: RepoFactory,
) -> None:
    root = repo(
        console_repo(
            """\
            from flask import Blueprint, Flask
            from flask_restx import Api


            class TeamApi(Api):
                def __init__(self, app: Blueprint | Flask, *args, **kwargs):
                    kwargs.setdefault("security", "Bearer")
                    super().__init__(app=None, *args, **kwargs)
                    self.init_app(app, **kwargs)
            """
        )
    )
    # Before: `add_resource` on the subclass's object was not read and the namespace was
    # served at /projects/{project_id}/members: the first three calls were SC104 errors
    # ("did you mean GET /projects/{project_id}/members"). The last one is a true one.
    assert route_labels(root, "api") == [
        "GET /console/api/projects",
        "GET /console/api/projects/{project_id}/members",
        "POST /console/api/projects",
    ]
    assert links(root) == [
        "gateway/index.js:4 GET /console/api/projects -> api linked api/controllers/console/projects.py:20",
        "gateway/index.js:5 POST /console/api/projects -> api linked api/controllers/console/projects.py:20",
        "gateway/index.js:6 GET /console/api/projects/7/members -> api linked api/controllers/console/projects.py:14",
        "gateway/index.js:7 DELETE /console/api/projects/7/members -> api broken -",
    ]


def test_an_api_subclass_with_no_constructor_of_its_own_is_the_frameworks_api(
    repo: RepoFactory,
) -> None:
    root = repo(
        console_repo(
            """\
            from flask_restx import Api


            class TeamApi(Api):
                \"\"\"Error handlers of the team's own.\"\"\"
            """
        )
    )
    assert route_labels(root, "api") == [
        "GET /console/api/projects",
        "GET /console/api/projects/{project_id}/members",
        "POST /console/api/projects",
    ]


def test_an_api_whose_blueprint_seamcheck_cannot_know_makes_its_calls_unsure(
    repo: RepoFactory,
) -> None:
    constructor_not_followed = console_repo(
        """\
        from flask_restx import Api

        from libs.registry import remember


        class TeamApi(Api):
            def __init__(self, blueprint, **kwargs):
                super().__init__(**kwargs)
                remember(self, blueprint)
        """
    )
    library_class = {
        **console_repo(""),
        "api/controllers/console/__init__.py": _CONSOLE_PACKAGE.replace(
            "from libs.rest import", "from teamkit.rest import"
        ),
    }
    for files in (constructor_not_followed, library_class):
        root = repo(files)
        # Before: the same false SC104 errors as above (routes served at /projects...): the
        # first three are now unsure.
        assert [f.split(" not linked")[0] for f in findings(root) if f.startswith("SC")] == [
            "SC107 gateway/index.js:4 axios call GET http://api:5000/console/api/projects",
            "SC107 gateway/index.js:5 axios call POST http://api:5000/console/api/projects",
            "SC107 gateway/index.js:6 axios call GET "
            "http://api:5000/console/api/projects/7/members",
            # No resource of the service serves DELETE at that path, wherever it is bound.
            "SC104 gateway/index.js:7 DELETE /console/api/projects/7/members reaches 'api', "
            "which serves no such route",
        ]


def test_an_api_bound_with_init_app_serves_under_that_blueprint(repo: RepoFactory) -> None:
    root = repo(
        console_repo(
            "",
            package="""\
                from flask import Blueprint
                from flask_restx import Api, Namespace

                bp = Blueprint("console", __name__, url_prefix="/console/api")
                api = Api(version="1.0")
                console_ns = Namespace("console", path="/")

                from . import projects  # noqa: E402

                api.add_namespace(console_ns)
                api.init_app(bp)
                """,
        )
    )
    # Before: served at /projects and /projects/{project_id}/members (false SC104s).
    assert route_labels(root, "api") == [
        "GET /console/api/projects",
        "GET /console/api/projects/{project_id}/members",
        "POST /console/api/projects",
    ]


def test_an_app_of_a_flask_subclass_with_a_constructor_of_its_own_serves_its_routes(
    repo: RepoFactory,
) -> None:
    root = repo(
        repo_with(
            {
                "api/app.py": """\
                    from flask import Flask


                    class TeamApp(Flask):
                        def __init__(self, *args, **kwargs):
                            super().__init__(*args, **kwargs)
                            self.config["JSON_SORT_KEYS"] = False


                    app = TeamApp(__name__)


                    @app.get("/healthz")
                    def healthz():
                        return "ok"
                    """,
            },
            "  await api.get('/healthz');\n",
        )
    )
    # Its import name says nothing of where its routes are: they are served as written.
    assert links(root) == ["gateway/index.js:4 GET /healthz -> api linked api/app.py:13"]
