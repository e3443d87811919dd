"""A Flask blueprint whose `url_prefix` is written after it is made (`bp.url_prefix =
"/items"`). Flask reads the attribute when the blueprint is registered, so it is the prefix of
every route of the blueprint, those added before the write too. Before, the routes were read
under the prefix the blueprint was made with: a false SC104 on the call to where Flask serves
them, and a call to the path without the prefix linked."""

from __future__ import annotations

import textwrap

from conftest import RepoFactory, package_json
from seams_helpers import findings, links
from test_subclassed_routers import COMPOSE

MAIN = """\
    from flask import Flask

    from app.items import bp

    app = Flask(__name__)
    app.register_blueprint(bp)
    """


def flask_service(called: list[str], items: str, main: str = MAIN) -> dict[str, str]:
    """A Flask service whose blueprint is made in items.py and registered in main.py, and a
    Node gateway making a GET request to each path of `called`."""
    requests = "".join(f"  await api.get('{path}');\n" for path in called)
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:8000' });\n"
            "async function main() {\n"
            f"{requests}"
            "}\nmain();\n"
        ),
        "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["flask"]\n',
        "api/app/__init__.py": "",
        "api/app/items.py": textwrap.dedent(items),
        "api/app/main.py": textwrap.dedent(main),
    }


def test_a_url_prefix_written_after_the_routes_are_added_is_their_prefix(
    repo: RepoFactory,
) -> None:
    items = """\
        from flask import Blueprint

        bp = Blueprint("items", __name__, url_prefix="/old")


        @bp.route("/list")
        def list_items():
            return []


        bp.url_prefix = "/items"
        """
    root = repo(flask_service(["/items/list", "/old/list"], items))
    assert links(root) == [
        "gateway/index.js:4 GET /items/list -> api linked api/app/items.py:6",
        "gateway/index.js:5 GET /old/list -> api broken -",
    ]
    assert findings(root) == [
        "SC104 gateway/index.js:5 GET /old/list reaches 'api', which serves no such route",
    ]


def test_a_url_prefix_given_when_registering_replaces_the_one_written(repo: RepoFactory) -> None:
    items = """\
        from flask import Blueprint

        bp = Blueprint("items", __name__)
        bp.url_prefix = "/items"


        @bp.route("/list")
        def list_items():
            return []
        """
    main = MAIN.replace("register_blueprint(bp)", 'register_blueprint(bp, url_prefix="/api")')
    root = repo(flask_service(["/api/list", "/items/list"], items, main))
    assert links(root) == [
        "gateway/index.js:4 GET /api/list -> api linked api/app/items.py:7",
        "gateway/index.js:5 GET /items/list -> api broken -",
    ]


# Written in a function, which may run or not; and written after the module registers the
# blueprint, when Flask has read the prefix it had then.
WRITTEN_IN_A_FUNCTION = """\
    from flask import Blueprint

    bp = Blueprint("items", __name__)


    @bp.route("/list")
    def list_items():
        return []


    def configure(version):
        bp.url_prefix = f"/{version}/items"
    """

REGISTERED_BEFORE = """\
    from flask import Blueprint, Flask

    bp = Blueprint("items", __name__)


    @bp.route("/list")
    def list_items():
        return []


    app = Flask(__name__)
    app.register_blueprint(bp)
    bp.url_prefix = "/items"
    """


def test_a_url_prefix_written_where_seamcheck_cannot_tell_it_applies_makes_the_routes_unsure(
    repo: RepoFactory,
) -> None:
    for items, main, at in (
        (WRITTEN_IN_A_FUNCTION, MAIN, 12),
        (REGISTERED_BEFORE, "from app.items import app\n", 13),
    ):
        root = repo(flask_service(["/v2/items/list"], items, main))
        assert links(root) == ["gateway/index.js:4 GET /v2/items/list -> api unsure -"]
        assert findings(root) == [
            "SC107 gateway/index.js:4 axios call GET http://api:8000/v2/items/list not linked "
            "to a service route: 'api' declares 1 route seamcheck cannot read that may serve "
            "it (the route /list of a blueprint whose url_prefix is set again (bp.url_prefix "
            f"= ...) at api/app/items.py:{at})",
            f"  api/app/items.py:{at} api serves GET at the route /list of a blueprint whose "
            "url_prefix is set again (bp.url_prefix = ...) (declared at api/app/items.py:6), "
            "which seamcheck cannot read",
        ]


def test_a_url_prefix_written_after_the_module_may_have_registered_it_is_unsure(
    repo: RepoFactory,
) -> None:
    head = """\
        from flask import Blueprint, Flask

        bp = Blueprint("items", __name__, url_prefix="/old")


        @bp.route("/list")
        def list_items():
            return []


        app = Flask(__name__)
        """
    # Each registers the blueprint before the write, so Flask serves it at /old/list: through
    # a loop's variable, another name for it, a function called then, `map`.
    registrations = [
        "for blueprint in (bp,):\n    app.register_blueprint(blueprint)\n",
        "BLUEPRINTS = [bp]\nfor blueprint in BLUEPRINTS:\n    app.register_blueprint(blueprint)\n",
        "items = bp\napp.register_blueprint(items)\n",
        "list(map(app.register_blueprint, [bp]))\n",
        "def create_app():\n    new = Flask(__name__)\n    for blueprint in (bp,):\n"
        "        new.register_blueprint(blueprint)\n    return new\n\n\nfirst = create_app()\n",
    ]
    for registration in registrations:
        items = textwrap.dedent(head) + registration + 'bp.url_prefix = "/items"\n'
        at = items.count("\n")
        root = repo(
            flask_service(["/old/list", "/items/list"], items, "from app.items import app\n")
        )
        # Before: read under the prefix written after, /items/list linked and the call to
        # where Flask serves the route a false SC104.
        assert links(root) == [
            "gateway/index.js:4 GET /old/list -> api unsure -",
            "gateway/index.js:5 GET /items/list -> api unsure -",
        ], registration
        assert findings(root)[1] == (
            f"  api/app/items.py:{at} api serves GET at the route /list of a blueprint whose "
            "url_prefix is set again (bp.url_prefix = ...) (declared at api/app/items.py:6), "
            "which seamcheck cannot read"
        )
    # Another blueprint registered before the write, this one handed to a library's call
    # (which registers nothing) and registered after it: still read.
    other = (
        'other = Blueprint("other", __name__, url_prefix="/other")\n'
        "app.register_blueprint(other)\n"
        "from flask_cors import CORS\n"
        "CORS(bp)\n"
        'bp.url_prefix = "/items"\n'
        "for blueprint in (bp,):\n    app.register_blueprint(blueprint)\n"
    )
    items = textwrap.dedent(head) + other
    root = repo(flask_service(["/items/list", "/old/list"], items, "from app.items import app\n"))
    assert links(root) == [
        "gateway/index.js:4 GET /items/list -> api linked api/app/items.py:6",
        "gateway/index.js:5 GET /old/list -> api broken -",
    ]


def test_a_url_prefix_written_on_a_blueprint_a_function_makes_is_read(repo: RepoFactory) -> None:
    items = """\
        from flask import Blueprint


        def make_blueprint():
            blueprint = Blueprint("items", __name__, url_prefix="/old")
            return blueprint


        bp = make_blueprint()
        bp.url_prefix = "/items"


        @bp.route("/list")
        def list_items():
            return []
        """
    root = repo(flask_service(["/items/list", "/old/list"], items))
    # Before: the function's prefix kept, /old/list linked and the call to where Flask serves
    # the route a false SC104.
    assert links(root) == [
        "gateway/index.js:4 GET /items/list -> api linked api/app/items.py:13",
        "gateway/index.js:5 GET /old/list -> api broken -",
    ]
    # The routes the function adds, those of the blueprint it makes: under the written prefix
    # too, where the name holding it is registered (each other call's blueprint not).
    items = """\
        from flask import Blueprint


        def make_blueprint(name):
            blueprint = Blueprint(name, __name__, url_prefix="/old")

            @blueprint.route("/list")
            def list_items():
                return []

            return blueprint


        bp = make_blueprint("items")
        bp.url_prefix = "/items"
        other = make_blueprint("other")
        """
    main = MAIN.replace("import bp", "import bp, other") + "app.register_blueprint(other)\n"
    root = repo(flask_service(["/items/list", "/old/list", "/other/list"], items, main))
    assert links(root) == [
        "gateway/index.js:4 GET /items/list -> api linked api/app/items.py:7",
        "gateway/index.js:5 GET /old/list -> api linked api/app/items.py:7",
        "gateway/index.js:6 GET /other/list -> api broken -",
    ]
    branched = items.replace(
        'bp.url_prefix = "/items"', 'if __debug__:\n            bp.url_prefix = "/items"'
    )
    root = repo(flask_service(["/items/list"], branched))
    assert links(root) == ["gateway/index.js:4 GET /items/list -> api unsure -"]
