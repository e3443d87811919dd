"""JupyterHub 6.1.1 as it is written (session 26, helper 106: a Tornado hub, its React admin
app under `jsx/` and page JavaScript under `share/`). Each test is a mini-repository of one
shape met there, failing before the fix it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: `<Collapse in={open}>` -----------------------------------------------------------

# The admin app's ServerDashboard.jsx: react-bootstrap's Collapse (like react-transition-
# group's Transition and Fade) takes an `in` prop. tree-sitter-javascript stops at the
# reserved word; the TSX grammar reads it.
_DASHBOARD = """\
    import { Collapse } from "react-bootstrap";

    export const ServerRow = ({ open, name }) => (
      <tr>
        <td colSpan={7}>
          <Collapse in={open} data-testid={`${name}-collapse`}>
            <div>{name}</div>
          </Collapse>
          <Fade in appear={true} />
          <Collapse in = {!open} />
        </td>
      </tr>
    );
    """


def test_a_reserved_word_naming_a_jsx_attribute_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "jsx/package.json": package_json(
                "jupyterhub-admin-react", dependencies={"react": "18"}
            ),
            "jsx/src/components/ServerDashboard.jsx": _DASHBOARD,
            # A real syntax error in an element is still one, where it is written.
            "jsx/src/Broken.jsx": "export const B = () => <div id=>x</div>;\n",
        }
    )
    assert _check(root, "--select", "SC001") == [
        "jsx/src/Broken.jsx:1:31: SC001 syntax error near '='; the file was analysed in part"
    ]


# -- SC101: documentation builds, and a package installed from its release ------------------

_HUB = {
    "pyproject.toml": '[project]\nname = "jupyterhub"\ndependencies = ["tornado"]\n',
    "jupyterhub/__init__.py": "",
    "jupyterhub/utils.py": "def url_path_join(*pieces):\n    return '/'.join(pieces)\n",
    "jupyterhub/app.py": "from tornado import web\n\napp = web.Application([])\n",
    # docs/requirements.txt: "docs also require jupyterhub itself to be installed"
    "docs/requirements.txt": "sphinx>=4,<9\nmyst-parser>=0.19\n",
    "docs/source/conf.py": "import jupyterhub\nfrom jupyterhub.app import app\n",
    # an example service that installs jupyterhub from its release
    "examples/forced-login/requirements.txt": "fastapi\njupyterhub\nyarl\n",
    "examples/forced-login/external_app.py": (
        "from fastapi import FastAPI\nfrom jupyterhub.utils import url_path_join\n\n"
        "app = FastAPI()\n"
    ),
    # one that does not declare it imports the hub's files
    "examples/azuread/requirements.txt": "oauthenticator\npyjwt\n",
    "examples/azuread/config.py": "from jupyterhub.utils import url_path_join\n",
}


def test_docs_and_a_declared_release_of_the_package_are_no_cross_service_import(
    repo: RepoFactory,
) -> None:
    root = repo(_HUB)
    found = _check(root, "--select", "SC101")
    assert [line.split(" ", 1)[0] for line in found] == ["examples/azuread/config.py:1:1:"]
    services = run_cli("services", str(root), "--no-cache").output
    assert "docs" not in [line.split(" ")[0] for line in services.splitlines()]
    # Documentation served by an app of its own stays a service.
    served = repo({**_HUB, "docs/requirements.txt": "mkdocs\nfastapi\n"})
    services = run_cli("services", str(served), "--no-cache").output
    assert "docs" in [line.split(" ")[0] for line in services.splitlines()]


# -- the root service's name -----------------------------------------------------------------


def test_a_python_root_is_named_by_its_python_project_not_its_build_tools(
    repo: RepoFactory,
) -> None:
    # JupyterHub keeps the tools building its page scripts in a package.json named
    # `jupyterhub-deps` beside pyproject.toml: the hub was service 'jupyterhub-deps'.
    tools = package_json("jupyterhub-deps", devDependencies={"bootstrap": "5", "jquery": "3"})
    hub = {
        "pyproject.toml": '[project]\nname = "jupyterhub"\ndependencies = ["tornado"]\n',
        "package.json": tools,
        "jupyterhub/__init__.py": "",
        "jupyterhub/app.py": "from tornado import web\n\napp = web.Application([])\n",
        "jupyterhub/utils.py": "x = 1\n",
        "share/jupyterhub/static/js/home.js": "export const a = 1;\n",
    }
    names = run_cli("services", str(repo(hub)), "--no-cache").output.splitlines()
    assert next(line for line in names if not line.startswith(" ")) == "jupyterhub"
    # A Node project with a pyproject.toml for its tooling keeps package.json's name.
    node = {
        "pyproject.toml": '[project]\nname = "web-tools"\n',
        "package.json": package_json("web", dependencies={"express": "4"}),
        "src/server.js": "const express = require('express');\nexpress().listen(3000);\n",
        "src/routes.js": "module.exports = {};\n",
        "scripts/gen.py": "x = 1\n",
    }
    names = run_cli("services", str(repo(node)), "--no-cache").output.splitlines()
    assert next(line for line in names if not line.startswith(" ")) == "web"


# -- Tornado's own HTTP client --------------------------------------------------------------

# JupyterHub's examples (external-oauth's whoami, forced-login's authenticator) call the hub
# with tornado.httpclient, the client of the server framework they run on: no call was seen.
_TORNADO_CLIENTS = {
    "docker-compose.yml": "services:\n  hub:\n    build: ./hub\n  whoami:\n    build: ./whoami\n",
    "hub/requirements.txt": "tornado\n",
    "hub/app.py": """\
        from tornado import web


        class UsersHandler(web.RequestHandler):
            def get(self):
                self.write({})


        class TokenHandler(web.RequestHandler):
            def post(self):
                self.write({})


        app = web.Application([(r"/api/users", UsersHandler), (r"/api/token", TokenHandler)])
        """,
    "whoami/requirements.txt": "tornado\n",
    "whoami/whoami.py": """\
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest


        async def token(code):
            req = HTTPRequest("http://hub:8000/api/token", method="POST", body=code)
            response = await AsyncHTTPClient().fetch(req)
            return response.body


        async def users():
            client = AsyncHTTPClient()
            return await client.fetch("http://hub:8000/api/users")


        async def gone():
            return await AsyncHTTPClient().fetch("http://hub:8000/api/groups", method="DELETE")
        """,
}


def test_tornado_client_calls_are_seams(repo: RepoFactory) -> None:
    root = repo(_TORNADO_CLIENTS)
    assert links(root) == [
        "whoami/whoami.py:12 GET /api/users -> hub linked hub/app.py:14",
        "whoami/whoami.py:16 DELETE /api/groups -> hub broken -",
        "whoami/whoami.py:5 POST /api/token -> hub linked hub/app.py:14",
    ]


# -- a client a Python factory function returns --------------------------------------------

# JupyterHub's service-fastapi example: `async with get_client() as client` with `def
# get_client(): return httpx.AsyncClient(base_url=..., headers=...)`. Its calls were not seen.
_FACTORY = {
    "docker-compose.yml": "services:\n  api:\n    build: ./api\n  web:\n    build: ./web\n",
    "api/requirements.txt": "fastapi\n",
    "api/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/oauth2/token")
        async def token():
            return {}


        @app.get("/user")
        async def user():
            return {}
        """,
    "web/requirements.txt": "fastapi\nhttpx\n",
    "web/app/__init__.py": "",
    "web/app/client.py": """\
        import functools

        import httpx

        from .tracing import traced


        def get_client():
            return httpx.AsyncClient(base_url="http://api:8000", headers={})


        @functools.lru_cache
        def shared_client():
            return httpx.AsyncClient(base_url="http://api:8000")


        @traced
        def traced_client():
            return httpx.AsyncClient(base_url="http://api:8000")
        """,
    "web/app/tracing.py": "def traced(f):\n    return lambda: Wrapped(f())\n",
    "web/app/service.py": """\
        from .client import get_client, shared_client, traced_client


        async def login(code):
            async with get_client() as client:
                resp = await client.post("/oauth2/token", data={"code": code})
            return resp.json()


        async def me():
            return (await shared_client().get("/users/me")).json()


        async def traced():
            return await traced_client().get("/whatever")
        """,
}


def test_a_client_a_python_factory_returns_is_followed(repo: RepoFactory) -> None:
    root = repo(_FACTORY)
    assert links(root) == [
        "web/app/service.py:11 GET /users/me -> api broken -",
        "web/app/service.py:6 POST /oauth2/token -> api linked api/main.py:6",
    ]


def test_a_blocking_session_a_factory_returns_blocks_async_code(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "fastapi\nrequests\n",
            "svc/main.py": """\
                import requests
                from fastapi import FastAPI

                app = FastAPI()


                def make_session():
                    return requests.Session()


                @app.get("/")
                async def index():
                    s = make_session()
                    return s.get("https://example.com").json()
                """,
        }
    )
    assert [line.split(" ", 2)[:2] for line in _check(root, "--select", "SC201")] == [
        ["svc/main.py:14:12:", "SC201"]
    ]
