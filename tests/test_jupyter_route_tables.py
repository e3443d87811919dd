"""Tornado route tables as the Jupyter projects write them (session 34, helper 163), each a
mini-repository of one shape met in JupyterHub 6.1.1, JupyterLab 4.6.6 or Voila 0.5.13, and
failing before the change it names:

- a rules list built up in its own scope (`h = []`, `h.extend(mod.default_handlers)`,
  `h.append((r"/logo", LogoHandler))`, a rule held by a name, the lists of a loop over
  modules `for mod in (auth, users): default_handlers.extend(mod.default_handlers)`);
- JupyterHub's `self.handlers = self.add_url_prefix(self.hub_prefix, h)`, read in another
  method (`web.Application(self.handlers, ...)`), each rule under the hub's prefix: a
  traitlets `@default("hub_prefix")` returning `url_path_join(self.base_url, "/hub/")`,
  `base_url` a setting taken for the root;
- its admin app's `jhapiRequest(endpoint, method)`, `fetch(new URL(`${base_url}api` +
  endpoint, location.origin))` with `base_url` from `window.jhdata`, the page JupyterHub
  serves from the bundle webpack writes into its `share/jupyterhub/static/js`;
- JupyterLab's `LabApp(LabServerApp)` adding its handlers in `initialize_handlers`;
- Voila's server extension `web_app.add_handlers(host, handlers)` on `server_app.web_app`,
  `server_app` annotated `ServerApp`.

Before, none of these tables was read: JupyterHub declared 7 routes (its examples'), 0 of
its admin app's 20 calls linked; JupyterLab and Voila declared none."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems, routes

# -- JupyterHub ------------------------------------------------------------------------------

HUB = {
    "pyproject.toml": ('[project]\nname = "jupyterhub"\ndependencies = ["tornado", "traitlets"]\n'),
    "jupyterhub/__init__.py": "",
    "jupyterhub/utils.py": """\
        def url_path_join(*pieces):
            initial = pieces[0].startswith("/")
            final = pieces[-1].endswith("/")
            result = "/".join(s.strip("/") for s in pieces if s.strip("/"))
            if initial:
                result = "/" + result
            if final:
                result = result + "/"
            return result
        """,
    "jupyterhub/traitlets.py": """\
        from traitlets import Unicode


        class URLPrefix(Unicode):
            def validate(self, obj, value):
                u = super().validate(obj, value)
                return u if u.endswith("/") else u + "/"
        """,
    "jupyterhub/apihandlers/base.py": """\
        from tornado import web


        class APIHandler(web.RequestHandler):
            def check_xsrf_cookie(self):
                pass
        """,
    "jupyterhub/apihandlers/users.py": """\
        from .base import APIHandler


        class UserListAPIHandler(APIHandler):
            async def get(self):
                self.write({"users": []})

            async def post(self):
                self.write({})


        class UserAPIHandler(APIHandler):
            async def get(self, user_name):
                self.write({"name": user_name})

            async def delete(self, user_name):
                self.set_status(204)


        class UserServerAPIHandler(APIHandler):
            async def post(self, user_name, server_name=""):
                self.set_status(201)


        class SpawnProgressAPIHandler(APIHandler):
            async def get(self, user_name, server_name=""):
                self.write({})


        default_handlers = [
            (r"/api/users", UserListAPIHandler),
            (r"/api/users/([^/]+)", UserAPIHandler),
            (r"/api/users/([^/]+)/server", UserServerAPIHandler),
            (r"/api/users/([^/]+)/servers/([^/]*)", UserServerAPIHandler),
            (r"/api/users/([^/]+)/servers/([^/]*)/progress", SpawnProgressAPIHandler),
        ]
        """,
    "jupyterhub/apihandlers/groups.py": """\
        from .base import APIHandler


        class GroupListAPIHandler(APIHandler):
            async def get(self):
                self.write({"groups": []})


        default_handlers = [(r"/api/groups", GroupListAPIHandler)]
        """,
    "jupyterhub/apihandlers/__init__.py": """\
        from . import groups, users

        default_handlers = []
        for mod in (groups, users):
            default_handlers.extend(mod.default_handlers)
        """,
    "jupyterhub/app.py": """\
        from tornado import web
        from traitlets import List, default
        from traitlets.config import Application

        from . import apihandlers
        from .traitlets import URLPrefix
        from .utils import url_path_join


        class LogoHandler(web.RequestHandler):
            def get(self):
                self.write("")


        class JupyterHub(Application):
            base_url = URLPrefix("/", config=True)
            hub_prefix = URLPrefix("/hub/")
            handlers = List()
            extra_handlers = List().tag(config=True)

            @default("hub_prefix")
            def _hub_prefix_default(self):
                return url_path_join(self.base_url, "/hub/")

            @staticmethod
            def add_url_prefix(prefix, handlers):
                for i, tup in enumerate(handlers):
                    lis = list(tup)
                    if tup[0]:
                        lis[0] = url_path_join(prefix, tup[0])
                    else:
                        lis[0] = prefix.rstrip("/")
                    handlers[i] = tuple(lis)
                return handlers

            def init_handlers(self):
                h = []
                h.extend(apihandlers.default_handlers)
                h.extend(self.extra_handlers)
                logo = (r"/logo", LogoHandler)
                h.append(logo)
                self.handlers = self.add_url_prefix(self.hub_prefix, h)

            def init_tornado_application(self):
                self.tornado_application = web.Application(self.handlers)
        """,
    "jsx/package.json": package_json(
        "jupyterhub-admin-react",
        dependencies={"react": "^18", "react-dom": "^18"},
        devDependencies={"webpack": "^5"},
    ),
    "jsx/webpack.config.js": """\
        const path = require("path");

        module.exports = {
          entry: path.resolve(__dirname, "src", "App.jsx"),
          output: {
            publicPath: "/",
            filename: "admin-react.js",
            path: path.resolve(__dirname, "../share/jupyterhub/static/js/"),
          },
        };
        """,
    "jsx/src/util/jhapiUtil.js": """\
        const jhdata = window.jhdata || {};
        const base_url = jhdata.base_url || "/";
        const xsrfToken = jhdata.xsrf_token;

        export const jhapiRequest = (endpoint, method, data) => {
          let api_url = new URL(`${base_url}api` + endpoint, location.origin);
          if (xsrfToken) {
            api_url.searchParams.set("_xsrf", xsrfToken);
          }
          return fetch(api_url, {
            method: method,
            headers: { "Content-Type": "application/json" },
            body: data ? JSON.stringify(data) : null,
          });
        };
        """,
    "jsx/src/util/withAPI.js": """\
        import { jhapiRequest } from "./jhapiUtil";

        export const updateUsers = (offset, limit) =>
          jhapiRequest(`/users?offset=${offset}&limit=${limit}`, "GET").then((r) => r.json());
        export const findUser = (name) => jhapiRequest("/users/" + name, "GET");
        export const deleteUser = (name) => jhapiRequest("/users/" + name, "DELETE");
        export const startServer = (name, serverName) =>
          jhapiRequest("/users/" + name + "/servers/" + (serverName || ""), "POST");
        export const startAll = (names) =>
          names.map((e) => jhapiRequest("/users/" + e + "/server", "POST"));
        export const updateGroups = () => jhapiRequest("/groups", "GET");
        export const stopServer = (name) => jhapiRequest("/usres/" + name + "/server", "POST");
        """,
    "jsx/src/App.jsx": """\
        import React from "react";
        import { updateUsers } from "./util/withAPI";

        export const App = () => <div onClick={() => updateUsers(0, 50)}>users</div>;
        """,
}


def test_jupyterhubs_handlers_are_served_under_the_hub_prefix(repo: RepoFactory) -> None:
    root = repo(HUB)
    assert [r for r in routes(root) if r.startswith("jupyterhub ")] == [
        "jupyterhub DELETE /hub/api/users/{param} jupyterhub/apihandlers/users.py:30",
        "jupyterhub GET /hub/api/groups jupyterhub/apihandlers/groups.py:9",
        "jupyterhub GET /hub/api/users jupyterhub/apihandlers/users.py:30",
        "jupyterhub GET /hub/api/users/{param} jupyterhub/apihandlers/users.py:30",
        # `([^/]*)` inside the pattern: the segment only (`//progress` lists no path).
        "jupyterhub GET /hub/api/users/{param}/servers/{param}/progress "
        "jupyterhub/apihandlers/users.py:30",
        "jupyterhub GET /hub/logo jupyterhub/app.py:41",
        "jupyterhub POST /hub/api/users jupyterhub/apihandlers/users.py:30",
        "jupyterhub POST /hub/api/users/{param}/server jupyterhub/apihandlers/users.py:30",
        # `([^/]*)` at the end: a segment, or none (`/servers/`, shown without its slash).
        "jupyterhub POST /hub/api/users/{param}/servers jupyterhub/apihandlers/users.py:30",
        "jupyterhub POST /hub/api/users/{param}/servers/{param} jupyterhub/apihandlers/users.py:30",
    ]


def test_jupyterhubs_admin_app_calls_the_hub_through_its_request_helper(
    repo: RepoFactory,
) -> None:
    root = repo(HUB)
    via = "via webpack output.path 'share/jupyterhub/static/js'"
    assert [line.replace(via, "via webpack") for line in links(root)] == [
        "jsx/src/util/withAPI.js:10 POST /hub/api/users/{e}/server -> jupyterhub linked "
        "jupyterhub/apihandlers/users.py:30 via webpack",
        "jsx/src/util/withAPI.js:11 GET /hub/api/groups -> jupyterhub linked "
        "jupyterhub/apihandlers/groups.py:9 via webpack",
        "jsx/src/util/withAPI.js:12 POST /hub/api/usres/{name}/server -> jupyterhub broken - "
        "via webpack",
        "jsx/src/util/withAPI.js:4 GET /hub/api/users -> jupyterhub linked "
        "jupyterhub/apihandlers/users.py:30 via webpack",
        "jsx/src/util/withAPI.js:5 GET /hub/api/users/{name} -> jupyterhub linked "
        "jupyterhub/apihandlers/users.py:30 via webpack",
        "jsx/src/util/withAPI.js:6 DELETE /hub/api/users/{name} -> jupyterhub linked "
        "jupyterhub/apihandlers/users.py:30 via webpack",
        "jsx/src/util/withAPI.js:8 POST /hub/api/users/{name}/servers/{serverName} -> "
        "jupyterhub linked jupyterhub/apihandlers/users.py:30 via webpack",
    ]
    # The typo is a near miss of a rule read, though the configured `extra_handlers` may
    # add any other: broken.
    broken = [f for f in findings(root) if f.startswith("SC104")]
    assert broken == [
        "SC104 jsx/src/util/withAPI.js:12 POST /hub/api/usres/{name}/server reaches "
        "'jupyterhub' through webpack output.path 'share/jupyterhub/static/js' "
        "(jsx/webpack.config.js:8), which serves no such route; did you mean POST "
        "/hub/api/users/{param}/server (jupyterhub/apihandlers/users.py:30)?"
    ]


def test_a_prefix_set_at_run_time_leaves_the_hubs_rules_unread(repo: RepoFactory) -> None:
    """`hub_prefix` configurable: the rules are served under a prefix not known here, so
    neither the calls under `/hub/` nor a near miss of them are read as linked or broken."""
    app = HUB["jupyterhub/app.py"].replace(
        'hub_prefix = URLPrefix("/hub/")', 'hub_prefix = URLPrefix("/hub/", config=True)'
    )
    root = repo({**HUB, "jupyterhub/app.py": app})
    assert not [r for r in routes(root) if "/api/" in r]
    assert [line.split(" -> ")[1].split(" via ")[0] for line in links(root)] == 7 * [
        "jupyterhub unsure -"
    ]
    unsure = [f for f in findings(root) if f.startswith(("SC104", "SC107"))]
    assert len(unsure) == 7
    pattern = "a rule whose pattern is known only at run time at jupyterhub/apihandlers/users.py"
    assert all(f.startswith("SC107") and pattern in f for f in unsure)


# -- a list built up, in general -------------------------------------------------------------

GATEWAY = {
    "docker-compose.yml": """\
        services:
          gateway:
            build: ./gateway
            environment:
              MODEL_URL: http://model:8888
          model:
            build: ./model
        """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """\
        const express = require("express");
        const MODEL_URL = process.env.MODEL_URL;
        const app = express();

        app.post("/predict", async (req, res) => {
          const r = await fetch(`${MODEL_URL}/api/predict`, { method: "POST" });
          await fetch(`${MODEL_URL}/api/models`);
          await fetch(`${MODEL_URL}/healthz`);
          await fetch(`${MODEL_URL}/metrics`);
          await fetch(`${MODEL_URL}/api/modles`);
          res.json(await r.json());
        });
        app.listen(8080);
        """,
    "model/requirements.txt": "tornado==6.4\n",
    "model/server.py": """\
        import tornado.web


        class PredictHandler(tornado.web.RequestHandler):
            async def post(self):
                self.write({})


        class ModelsHandler(tornado.web.RequestHandler):
            async def get(self):
                self.write({"models": []})


        class HealthHandler(tornado.web.RequestHandler):
            def get(self):
                self.write("ok")


        def make_app(debug=False):
            handlers = [(r"/api/predict", PredictHandler)]
            handlers.extend([(r"/api/models", ModelsHandler)])
            health = (r"/healthz", HealthHandler)
            handlers.append(health)
            app = tornado.web.Application(handlers)
            handlers.append((r"/metrics", HealthHandler))
            return app
        """,
}


def test_a_rules_list_built_up_before_its_application_is_read(repo: RepoFactory) -> None:
    """The rule appended after the application is made is not one of its rules: `/metrics`
    is broken, as is the typo."""
    root = repo(GATEWAY)
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:10 GET /api/modles -> model broken -",
        "gateway/src/server.js:6 POST /api/predict -> model linked model/server.py:20",
        "gateway/src/server.js:7 GET /api/models -> model linked model/server.py:21",
        "gateway/src/server.js:8 GET /healthz -> model linked model/server.py:23",
        "gateway/src/server.js:9 GET /metrics -> model broken -",
    ]


def test_rules_added_from_a_call_are_unread_beside_those_read(repo: RepoFactory) -> None:
    """`handlers.extend(plugins.handlers())`: what it adds is not known, so a call matching
    no rule read is unsure, a near miss of one still broken."""
    server = GATEWAY["model/server.py"].replace(
        '            health = (r"/healthz", HealthHandler)\n',
        "            handlers.extend(load_plugin_handlers())\n"
        '            health = (r"/healthz", HealthHandler)\n',
    )
    root = repo({**GATEWAY, "model/server.py": server})
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:10 GET /api/modles -> model broken -",
        "gateway/src/server.js:6 POST /api/predict -> model linked model/server.py:20",
        "gateway/src/server.js:7 GET /api/models -> model linked model/server.py:21",
        "gateway/src/server.js:8 GET /healthz -> model linked model/server.py:24",
        "gateway/src/server.js:9 GET /metrics -> model unsure -",
    ]


# -- JupyterLab and Voila ---------------------------------------------------------------------

LAB = {
    "pyproject.toml": (
        '[project]\nname = "jupyterlab"\n'
        'dependencies = ["jupyter_server>=2", "jupyterlab_server>=2.27"]\n'
    ),
    "package.json": package_json(
        "@jupyterlab/application-top",
        jupyterlab={"extension": True},
        dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
    ),
    "jupyterlab/__init__.py": "",
    "jupyterlab/handlers/build_handler.py": """\
        from jupyter_server.base.handlers import APIHandler


        class BuildHandler(APIHandler):
            def get(self):
                self.finish({"status": "stable"})

            def post(self):
                self.finish({})


        build_path = r"/lab/api/build"
        """,
    "jupyterlab/handlers/announcements.py": """\
        from jupyter_server.base.handlers import APIHandler


        class NewsHandler(APIHandler):
            def get(self):
                self.finish({"news": []})


        news_handler_path = r"/lab/api/news"
        """,
    "jupyterlab/labapp.py": """\
        from jupyterlab_server import LabServerApp

        from .handlers.announcements import NewsHandler, news_handler_path
        from .handlers.build_handler import BuildHandler, build_path


        class LabApp(LabServerApp):
            name = "lab"

            def initialize_handlers(self):
                handlers = []
                build_handler = (build_path, BuildHandler, {"core_mode": False})
                handlers.append(build_handler)
                handlers.extend([(news_handler_path, NewsHandler)])
                self.handlers.extend(handlers)
                super().initialize_handlers()
        """,
    "src/build.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        const settings = ServerConnection.makeSettings();

        export async function build(): Promise<void> {
          const url = URLExt.join(settings.baseUrl, 'lab/api/build');
          await ServerConnection.makeRequest(url, { method: 'POST' }, settings);
        }

        export async function news(): Promise<void> {
          const url = URLExt.join(settings.baseUrl, 'lab/api/nwes');
          await ServerConnection.makeRequest(url, {}, settings);
        }
        """,
}


def test_jupyterlabs_lab_app_serves_the_handlers_it_adds(repo: RepoFactory) -> None:
    root = repo(LAB)
    assert links(root) == [
        "src/build.ts:13 GET /lab/api/nwes -> jupyterlab broken -",
        "src/build.ts:8 POST /lab/api/build -> jupyterlab linked jupyterlab/labapp.py:13",
    ]


VOILA = {
    "pyproject.toml": '[project]\nname = "voila"\ndependencies = ["jupyter_server>=2"]\n',
    "package.json": package_json(
        "@voila-dashboards/voila",
        jupyterlab={"extension": True},
        dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
    ),
    "voila/__init__.py": "",
    "voila/shutdown_kernel_handler.py": """\
        from jupyter_server.base.handlers import JupyterHandler


        class VoilaShutdownKernelHandler(JupyterHandler):
            async def post(self, kernel_id):
                self.set_status(204)
        """,
    "voila/server_extension.py": """\
        from jupyter_server.serverapp import ServerApp
        from jupyter_server.utils import url_path_join

        from .shutdown_kernel_handler import VoilaShutdownKernelHandler


        def _load_jupyter_server_extension(server_app: ServerApp):
            web_app = server_app.web_app
            host_pattern = ".*$"
            base_url = url_path_join(web_app.settings["base_url"])
            handlers = [
                (
                    url_path_join(base_url, r"/voila/api/shutdown/(.*)"),
                    VoilaShutdownKernelHandler,
                ),
            ]
            web_app.add_handlers(host_pattern, handlers)
        """,
    "src/shutdown.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        const settings = ServerConnection.makeSettings();

        export async function shutdown(kernelId: string): Promise<void> {
          const url = URLExt.join(settings.baseUrl, 'voila/api/shutdown', kernelId);
          await ServerConnection.makeRequest(url, { method: 'POST' }, settings);
        }

        export async function typo(kernelId: string): Promise<void> {
          const url = URLExt.join(settings.baseUrl, 'voila/api/shutdwon', kernelId);
          await ServerConnection.makeRequest(url, { method: 'POST' }, settings);
        }
        """,
}


def test_voilas_server_extension_serves_the_handlers_it_adds(repo: RepoFactory) -> None:
    root = repo(VOILA)
    assert links(root) == [
        "src/shutdown.ts:13 POST /voila/api/shutdwon/{kernelId} -> voila broken -",
        "src/shutdown.ts:8 POST /voila/api/shutdown/{kernelId} -> voila linked "
        "voila/server_extension.py:11",
    ]


# -- review (helper 165): what is not JupyterHub's, and what is not on the page's origin ------

NOT_A_HUB = {
    "app/pyproject.toml": '[project]\nname = "notes"\ndependencies = ["flask"]\n',
    "app/server.py": """\
        from flask import Flask, jsonify, render_template

        app = Flask(__name__)


        @app.get("/")
        def index():
            return render_template("index.html")


        @app.get("/api/items")
        def items():
            return jsonify([])
        """,
    "app/frontend/package.json": package_json(
        "notes-ui", dependencies={"react": "^18"}, devDependencies={"webpack": "^5"}
    ),
    "app/frontend/webpack.config.js": """\
        const path = require("path");

        module.exports = {
          entry: "./src/index.js",
          output: { path: path.resolve(__dirname, "../static/js") },
        };
        """,
    "app/frontend/src/index.js": """\
        const jhdata = window.jhdata || {};
        const base_url = jhdata.base_url || "/";

        export const items = () => fetch(`${base_url}api/items`);
        export const typo = () => fetch(`${base_url}api/itmes`);
        """,
}


def test_page_data_named_jhdata_is_the_hubs_only_where_jupyterhub_serves_the_page(
    repo: RepoFactory,
) -> None:
    """A Flask app whose page sets a global of its own named `jhdata`: its `base_url` is
    whatever that page writes, the code's `|| "/"` default where nothing here says, not
    JupyterHub's `/hub/` (before: both calls broken at `/hub/api/...`, the one to the
    route it serves too)."""
    root = repo(NOT_A_HUB)
    via = " via webpack output.path 'app/static/js'"
    assert [line.removesuffix(via) for line in links(root)] == [
        "app/frontend/src/index.js:4 GET /api/items -> app linked app/server.py:11",
        "app/frontend/src/index.js:5 GET /api/itmes -> app broken -",
    ]
    # A service depending on JupyterHub renders its pages with the hub's prefix there.
    hub_served = NOT_A_HUB["app/pyproject.toml"].replace('"flask"', '"flask", "jupyterhub"')
    root = repo({**NOT_A_HUB, "app/pyproject.toml": hub_served})
    assert [line.removesuffix(via) for line in links(root)] == [
        "app/frontend/src/index.js:4 GET /hub/api/items -> app broken -",
        "app/frontend/src/index.js:5 GET /hub/api/itmes -> app broken -",
    ]


def test_a_url_on_the_hubs_prefix_resolved_against_another_origin_is_not_the_hubs(
    repo: RepoFactory,
) -> None:
    """`new URL(ref, base)`: `jhdata.base_url` is a path of the page's origin only when the
    base is the page's (before: `new URL(`${jhdata.base_url}api/groups`,
    "https://other.example.com/")` linked to the hub); a `ref` with a scheme stands alone
    whatever the base (before: `{location.origin}https://api.example.com/...`)."""
    calls = """\
        const jhdata = window.jhdata || {};

        export const here = () => fetch(new URL(`${jhdata.base_url}api/groups`, location.origin));
        export const page = () =>
          fetch(new URL(`${jhdata.base_url}api/groups`, window.location.href));
        export const other = () =>
          fetch(new URL(`${jhdata.base_url}api/groups`, "https://other.example.com/"));
        export const absolute = () =>
          fetch(new URL("https://api.example.com/hub/api/groups", location.origin));
        """
    root = repo({**HUB, "jsx/src/util/withAPI.js": calls})
    assert [line.split(" via ")[0] for line in links(root) if "withAPI" in line] == [
        "jsx/src/util/withAPI.js:3 GET /hub/api/groups -> jupyterhub linked "
        "jupyterhub/apihandlers/groups.py:9",
        "jsx/src/util/withAPI.js:5 GET /hub/api/groups -> jupyterhub linked "
        "jupyterhub/apihandlers/groups.py:9",
    ]
    # Another origin: the hub's path there, a host outside the repository.
    assert [p for p in problems(root) if "withAPI" in p] == [
        "jsx/src/util/withAPI.js:7 https://other.example.com/{location.origin}/hub/api/groups: "
        "'other.example.com' is outside this repository",
        "jsx/src/util/withAPI.js:9 https://api.example.com/hub/api/groups: "
        "'api.example.com' is outside this repository",
    ]


def test_a_group_matching_nothing_before_an_optional_slash_ends_the_pattern(
    repo: RepoFactory,
) -> None:
    """`/api/models/([^/]*)/?` matches `/api/models/` too: the group is at the end, what
    follows it only the optional slash (before: `GET /api/models` broken)."""
    server = GATEWAY["model/server.py"].replace(
        'handlers.extend([(r"/api/models", ModelsHandler)])',
        'handlers.extend([(r"/api/models/([^/]*)/?", ModelsHandler)])',
    )
    root = repo({**GATEWAY, "model/server.py": server})
    assert [line for line in links(root) if "/api/mod" in line] == [
        "gateway/src/server.js:10 GET /api/modles -> model broken -",
        "gateway/src/server.js:7 GET /api/models -> model linked model/server.py:21",
    ]


IMPORTED_RULES = {
    **{k: v for k, v in GATEWAY.items() if k != "model/server.py"},
    "model/__init__.py": "",
    "model/routes.py": """\
        import tornado.web


        class PredictHandler(tornado.web.RequestHandler):
            async def post(self):
                self.write({})


        class HealthHandler(tornado.web.RequestHandler):
            def get(self):
                self.write("ok")


        handlers = [(r"/api/predict", PredictHandler)]
        """,
    "model/server.py": """\
        import tornado.web

        from .routes import HealthHandler, handlers

        handlers.append((r"/healthz", HealthHandler))


        def make_app():
            return tornado.web.Application(handlers)
        """,
}


def test_a_rules_list_another_module_imports_and_adds_to_holds_what_it_adds(
    repo: RepoFactory,
) -> None:
    """`from .routes import handlers` then `handlers.append(...)` where it is imported, before
    the application is made (before: the rule appended not read, `GET /healthz` broken)."""
    root = repo(IMPORTED_RULES)
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:10 GET /api/modles -> model broken -",
        "gateway/src/server.js:6 POST /api/predict -> model linked model/routes.py:14",
        "gateway/src/server.js:7 GET /api/models -> model broken -",
        "gateway/src/server.js:8 GET /healthz -> model linked model/server.py:5",
        "gateway/src/server.js:9 GET /metrics -> model broken -",
    ]
    # Added to by a function of the importing module, at a time not known: not read.
    server = IMPORTED_RULES["model/server.py"].replace(
        'handlers.append((r"/healthz", HealthHandler))',
        'def add_health():\n            handlers.append((r"/healthz", HealthHandler))',
    )
    root = repo({**IMPORTED_RULES, "model/server.py": server})
    assert {line.split(" -> ")[1] for line in links(root) if "-> model" in line} == {
        "model unsure -"
    }


def test_a_traits_default_method_gives_it_where_it_has_no_default_value(
    repo: RepoFactory,
) -> None:
    """`hub_prefix = URLPrefix()` with `@default("hub_prefix")` returning the hub's path:
    the method's return is the trait's value (`from traitlets import default` is traitlets'
    decorator, not the module); set otherwise by a method, it is known only at run time."""
    app = HUB["jupyterhub/app.py"].replace(
        'hub_prefix = URLPrefix("/hub/")', "hub_prefix = URLPrefix()"
    )
    root = repo({**HUB, "jupyterhub/app.py": app})
    assert "jupyterhub GET /hub/api/groups jupyterhub/apihandlers/groups.py:9" in routes(root)
    moved = app.replace(
        "    def init_tornado_application(self):\n",
        '    def move(self):\n                self.hub_prefix = "/elsewhere/"\n\n'
        "            def init_tornado_application(self):\n",
    )
    assert moved != app
    root = repo({**HUB, "jupyterhub/app.py": moved})
    assert not [r for r in routes(root) if "/api/" in r]


def test_another_functions_own_list_of_the_same_name_leaves_the_rules_read(
    repo: RepoFactory,
) -> None:
    """`handlers.append(...)` on a list of another function's own, named alike, is no change
    of the application's list (before: its rules not read, every call unsure)."""
    server = GATEWAY["model/server.py"].split("def make_app")[0] + (
        "def make_app():\n"
        '    handlers = [(r"/api/predict", PredictHandler), (r"/api/models", ModelsHandler)]\n'
        "    return tornado.web.Application(handlers)\n"
        "\n\n"
        "def admin_rules():\n"
        "    handlers = []\n"
        '    handlers.append((r"/healthz", HealthHandler))\n'
        "    return handlers\n"
    )
    root = repo({**GATEWAY, "model/server.py": server})
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:10 GET /api/modles -> model broken -",
        "gateway/src/server.js:6 POST /api/predict -> model linked model/server.py:20",
        "gateway/src/server.js:7 GET /api/models -> model linked model/server.py:20",
        "gateway/src/server.js:8 GET /healthz -> model broken -",
        "gateway/src/server.js:9 GET /metrics -> model broken -",
    ]
