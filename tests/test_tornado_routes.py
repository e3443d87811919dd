"""Tornado services declare routes: the rules of a `tornado.web.Application` (a list written
in place or held by a name, also imported; `app.add_handlers(host, [...])`; an `Application`
subclass's `super().__init__(handlers, **settings)`), each a regular expression Tornado
matches whole and a handler class serving the verbs its methods are named after, its first-party
base classes' too (`RequestHandler` answers the others 405); `StaticFileHandler` GET and HEAD
of any path below, `RedirectHandler` GET, a `WebSocketHandler` websockets; a pattern that is
no exact path makes the calls under its literal start unsure. Before, a Tornado service
declared no route: every call to it was unsure, and a typo went unseen."""

from __future__ import annotations

import textwrap

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
    environment:
      MODEL_URL: http://model:8888
  model:
    build: ./model
    expose: ["8888"]
"""

SERVICE = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """\
        const express = require("express");
        const MODEL_URL = process.env.MODEL_URL;
        const app = express();

        app.post("/predict", async (req, res) => {
          const r = await fetch(`${MODEL_URL}/api/models/${req.body.id}/predict`, { method: "POST" });
          await fetch(`${MODEL_URL}/api/modles/${req.body.id}/predict`, { method: "POST" });
          await fetch(`${MODEL_URL}/api/models/${req.body.id}`);
          await fetch(`${MODEL_URL}/api/models/${req.body.id}`, { method: "DELETE" });
          await fetch(`${MODEL_URL}/api/models/${req.body.id}`, { method: "HEAD" });
          await fetch(`${MODEL_URL}/users/ada`);
          await fetch(`${MODEL_URL}/static/css/site.css`);
          await fetch(`${MODEL_URL}/assets/logo.png`);
          await fetch(`${MODEL_URL}/old`);
          await fetch(`${MODEL_URL}/reports/2024/q1.csv`);
          await fetch(`${MODEL_URL}/healthz`);
          const ws = new WebSocket(`ws://model:8888/ws/stream`);
          res.json(await r.json());
        });
        app.listen(8080);
        """,
    "model/requirements.txt": "tornado==6.4\n",
    "model/model/__init__.py": "",
    "model/model/base.py": """\
        import tornado.web


        class JSONHandler(tornado.web.RequestHandler):
            def delete(self, model_id):
                self.set_status(204)
        """,
    "model/model/handlers.py": """\
        import tornado.web
        from tornado.websocket import WebSocketHandler

        from model.base import JSONHandler


        class ModelHandler(JSONHandler):
            def get(self, model_id):
                self.write({"id": model_id})


        class PredictHandler(tornado.web.RequestHandler):
            async def post(self, model_id):
                self.write({})


        class UserHandler(tornado.web.RequestHandler):
            def get(self, name):
                self.write(name)


        class StreamHandler(WebSocketHandler):
            def on_message(self, message):
                self.write_message(message)


        class ReportHandler(tornado.web.RequestHandler):
            def get(self, *parts):
                self.write("")
        """,
    "model/model/urls.py": """\
        from tornado.web import RedirectHandler, StaticFileHandler, url

        from model.handlers import ModelHandler, PredictHandler, StreamHandler, UserHandler

        ROUTES = [
            (r"/api/models/([0-9]+)", ModelHandler),
            (r"/api/models/(?P<model_id>\\w+)/predict", PredictHandler),
            url(r"/users/(?P<name>[^/]+)", UserHandler, name="user"),
            (r"/assets/(.*)", StaticFileHandler, {"path": "assets"}),
            (r"/old/?", RedirectHandler, {"url": "/new"}),
            (r"/ws/stream", StreamHandler),
        ]
        """,
    "model/model/app.py": """\
        import asyncio

        import tornado.web

        from model.handlers import ReportHandler
        from model.urls import ROUTES


        def make_app():
            settings = dict(static_path="static", debug=False)
            app = tornado.web.Application(ROUTES, **settings)
            app.add_handlers(r".*", [(r"/reports/(\\d{4}|latest)/(.+)", ReportHandler)])
            return app


        async def main():
            make_app().listen(8888)
            await asyncio.Event().wait()
        """,
}


def test_tornado_rules_serve_their_handlers_verbs(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    # Tuples have no position of their own: they are shown at their list's.
    assert [r for r in routes(root) if r.startswith("model ")] == [
        "model DELETE /api/models/{param} model/model/urls.py:5",
        "model GET /api/models/{param} model/model/urls.py:5",
        "model GET /assets/{*} model/model/urls.py:5",
        "model GET /old model/model/urls.py:5",
        "model GET /users/{name} model/model/urls.py:8",
        "model HEAD /assets/{*} model/model/urls.py:5",
        "model POST /api/models/{model_id}/predict model/model/urls.py:5",
        "model WS /ws/stream model/model/urls.py:5",
    ]


def test_calls_to_a_tornado_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert [line for line in links(root) if "-> model" in line] == [
        # Tornado answers HEAD only where a handler defines `head`.
        "gateway/src/server.js:10 HEAD /api/models/{id} -> model broken -",
        "gateway/src/server.js:11 GET /users/ada -> model linked model/model/urls.py:8",
        # `static_path` serves /static/ (its files, also /favicon.ico and /robots.txt).
        "gateway/src/server.js:12 GET /static/css/site.css -> model linked model/model/app.py:11",
        "gateway/src/server.js:13 GET /assets/logo.png -> model linked model/model/urls.py:5",
        "gateway/src/server.js:14 GET /old -> model linked model/model/urls.py:5",
        "gateway/src/server.js:15 GET /reports/2024/q1.csv -> model unsure -",
        "gateway/src/server.js:16 GET /healthz -> model broken -",
        "gateway/src/server.js:17 WS /ws/stream -> model linked model/model/urls.py:5",
        "gateway/src/server.js:6 POST /api/models/{id}/predict -> model linked model/model/urls.py:5",
        "gateway/src/server.js:7 POST /api/modles/{id}/predict -> model broken -",
        "gateway/src/server.js:8 GET /api/models/{id} -> model linked model/model/urls.py:5",
        "gateway/src/server.js:9 DELETE /api/models/{id} -> model linked model/model/urls.py:5",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:7",
        "gateway/src/server.js:10",
        "gateway/src/server.js:16",
    ]
    # A pattern with alternatives is no exact path: the calls under its literal start are
    # unsure, the others are not.
    [unsure] = [f for f in found if f.startswith("SC107")]
    assert unsure.startswith("SC107 gateway/src/server.js:15")
    assert "the pattern '/reports/(\\d{4}|latest)/(.+)'" in unsure


SUBCLASS = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"next": "^14.2.0"}),
    "gateway/app/api/score/route.ts": """\
        export async function POST(req: Request) {
          const base = process.env.MODEL_URL;
          await fetch(`${base}/v1/score`, { method: "POST" });
          await fetch(`${base}/v1/scroe`, { method: "POST" });
          await fetch(`${base}/v1/plugins/sentiment`, { method: "POST" });
          await fetch(`${base}/static/app.js`);
          await fetch(`${base}/assets/app.js`);
          return Response.json({});
        }
        """,
    "model/requirements.txt": "tornado\n",
    "model/server.py": """\
        import tornado.ioloop
        import tornado.web
        from tornado.options import options

        from plugins import PLUGINS


        class ScoreHandler(tornado.web.RequestHandler):
            def post(self):
                self.write({})

            put = post


        class App(tornado.web.Application):
            def __init__(self):
                handlers = [
                    (r"/v1/score", ScoreHandler),
                    (r"/v1/plugins/(?:sentiment|toxicity)", PLUGINS["text"]),
                ]
                super().__init__(handlers, **options.group_dict("app"))


        if __name__ == "__main__":
            App().listen(8888)
            tornado.ioloop.IOLoop.current().start()
        """,
    "model/plugins.py": "PLUGINS = {}\n",
}


def _changed(files: dict[str, str]) -> dict[str, str]:
    """The same service, its rules list extended at run time."""
    server = files["model/server.py"].replace(
        "                super().__init__(",
        '                handlers += [(f"/v1/{n}", h) for n, h in PLUGINS.items()]\n'
        "                super().__init__(",
    )
    return {**files, "model/server.py": server}


def test_an_application_subclass_serves_the_rules_it_passes_up(repo: RepoFactory) -> None:
    """`super().__init__(handlers, **settings)` in an `Application` subclass: its rules are
    read, `put = post` serves PUT too. A pattern with a non-capturing group makes the calls
    under its literal start unsure, and settings seamcheck cannot read may serve static
    files under any prefix (`static_url_prefix`) or any path (`default_handler_class`); a
    near miss of a rule read is still broken."""
    root = repo(SUBCLASS)
    assert [r for r in routes(root) if r.startswith("model ")] == [
        "model POST /v1/score model/server.py:17",
        "model PUT /v1/score model/server.py:17",
    ]
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/app/api/score/route.ts:3 POST /v1/score -> model linked model/server.py:17",
        "gateway/app/api/score/route.ts:4 POST /v1/scroe -> model broken -",
        "gateway/app/api/score/route.ts:5 POST /v1/plugins/sentiment -> model unsure -",
        "gateway/app/api/score/route.ts:6 GET /static/app.js -> model unsure -",
        # Before, SC104: only /static/ was taken to be unsure.
        "gateway/app/api/score/route.ts:7 GET /assets/app.js -> model unsure -",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/app/api/score/route.ts:4"
    ]
    assert [
        f.split(" ", 2)[1]
        for f in found
        if f.startswith("SC107")
        and "static files or a default handler its settings (not read) may serve" in f
    ] == [
        "gateway/app/api/score/route.ts:5",
        "gateway/app/api/score/route.ts:6",
        "gateway/app/api/score/route.ts:7",
    ]


def test_a_rules_list_changed_after_it_is_written_makes_every_call_unsure(
    repo: RepoFactory,
) -> None:
    """`handlers += [...]` built at run time: any rule may be added, so no call is broken."""
    root = repo(_changed(SUBCLASS))
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == []
    unsure = [f for f in found if f.startswith("SC107")]
    assert [f.split(" ", 2)[1] for f in unsure] == [
        "gateway/app/api/score/route.ts:3",
        "gateway/app/api/score/route.ts:4",
        "gateway/app/api/score/route.ts:5",
        "gateway/app/api/score/route.ts:6",
        "gateway/app/api/score/route.ts:7",
    ]
    # Unsure for what it declares, not for declaring nothing seamcheck recognises.
    assert all("rules seamcheck cannot read at model/server.py:22" in f for f in unsure)


def test_settings_not_read_beside_a_static_path_read_may_serve_any_path(
    repo: RepoFactory,
) -> None:
    """`static_path` given in place, the other settings spread from what seamcheck cannot
    read: they may move the static prefix (`static_url_prefix="/assets/"`) or add a
    `default_handler_class`. Before, only the default `/static/` was taken to be served, so
    the call to /assets/app.js was a false SC104."""
    server = SUBCLASS["model/server.py"].replace(
        'super().__init__(handlers, **options.group_dict("app"))',
        'super().__init__(handlers, static_path="static", **options.group_dict("app"))',
    )
    root = repo({**SUBCLASS, "model/server.py": server})
    assert links(root)[-3:] == [
        "gateway/app/api/score/route.ts:5 POST /v1/plugins/sentiment -> model unsure -",
        "gateway/app/api/score/route.ts:6 GET /static/app.js -> model linked model/server.py:21",
        "gateway/app/api/score/route.ts:7 GET /assets/app.js -> model unsure -",
    ]
    found = findings(root)
    # A near miss of a rule read is still broken.
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/app/api/score/route.ts:4"
    ]


def test_jupyterhubs_handlers_serve_their_own_verbs(repo: RepoFactory) -> None:
    """A JupyterHub service's rules naming JupyterHub's handler classes: its OAuth callback
    answers GET, a handler derived from its `APIHandler` OPTIONS beside its own verbs. Before,
    only the blocking rule knew those classes: the routes took them for a library's classes
    that may answer any verb, so a call of the wrong method was linked."""
    root = repo(
        {
            "requirements.txt": "jupyterhub==5.2\ntornado\n",
            "grades.py": """\
                from jupyterhub.apihandlers import APIHandler
                from jupyterhub.services.auth import HubOAuthCallbackHandler
                from tornado.ioloop import IOLoop
                from tornado.web import Application


                class GradesHandler(APIHandler):
                    def get(self):
                        self.write({})


                app = Application([
                    (r"/services/grades/api", GradesHandler),
                    (r"/services/grades/oauth_callback", HubOAuthCallbackHandler),
                ])
                app.listen(10101)
                IOLoop.current().start()
                """,
        }
    )
    assert [r.split(" ", 1)[1] for r in routes(root)] == [
        "GET /services/grades/api grades.py:12",
        "GET /services/grades/oauth_callback grades.py:12",
        "OPTIONS /services/grades/api grades.py:12",
    ]


def test_a_jupyterhub_service_handler_serves_its_own_verbs_beside_the_hub_login_mixin(
    repo: RepoFactory,
) -> None:
    """`HubAuthenticated`/`HubOAuthenticated` only log the request in through the Hub: the
    handler mixing one in answers the verbs of its own methods. Before, the mixin was taken
    for a library's class that may answer any verb: every verb was served, and a POST to a
    GET-only handler was linked."""
    root = repo(
        {
            "requirements.txt": "jupyterhub==5.2\ntornado\nrequests\n",
            "whoami.py": """\
                from jupyterhub.services.auth import HubAuthenticated, HubOAuthenticated
                from tornado.ioloop import IOLoop
                from tornado.web import Application, RequestHandler


                class WhoAmIHandler(HubAuthenticated, RequestHandler):
                    def get(self):
                        self.write(self.get_current_user())


                class GradesHandler(HubOAuthenticated, RequestHandler):
                    def get(self):
                        self.write({})

                    def post(self):
                        self.write({})


                app = Application([
                    (r"/services/whoami/", WhoAmIHandler),
                    (r"/services/grades/", GradesHandler),
                ])
                app.listen(10101)
                IOLoop.current().start()
                """,
        }
    )
    assert [r.split(" ", 1)[1] for r in routes(root)] == [
        "GET /services/grades whoami.py:19",
        "GET /services/whoami whoami.py:19",
        "POST /services/grades whoami.py:19",
    ]


def test_an_application_subclass_in_a_file_calling_nothing_of_tornados(
    repo: RepoFactory,
) -> None:
    """`web/app.py` only derives the application and passes up the rules `web/urls.py`
    lists: the file imports Tornado but calls nothing of it. Before, such a file was never
    read for rules (the service declared no route: its callers' typos were unsure)."""
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
            "gateway/src/server.js": """\
                const express = require("express");
                const MODEL_URL = process.env.MODEL_URL;
                const app = express();

                app.get("/workers", async (req, res) => {
                  const r = await fetch(`${MODEL_URL}/api/workers`);
                  await fetch(`${MODEL_URL}/api/wokrers`);
                  res.json(await r.json());
                });
                app.listen(8080);
                """,
            "model/requirements.txt": "tornado==6.4\n",
            "model/web/__init__.py": "",
            "model/web/views.py": """\
                import tornado.web


                class WorkersHandler(tornado.web.RequestHandler):
                    async def get(self):
                        self.write({"workers": []})
                """,
            "model/web/urls.py": """\
                from .views import WorkersHandler

                handlers = [(r"/api/workers", WorkersHandler)]
                """,
            "model/web/app.py": """\
                import tornado.web

                from .urls import handlers as default_handlers


                class App(tornado.web.Application):
                    def __init__(self):
                        super().__init__(default_handlers, static_path="static")
                """,
        }
    )
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:6 GET /api/workers -> model linked model/web/urls.py:3",
        "gateway/src/server.js:7 GET /api/wokrers -> model broken -",
    ]


def test_rules_rewritten_under_a_base_url_are_read_as_written(repo: RepoFactory) -> None:
    """`handlers = [(prefix + path, cls) for (path, cls) in handlers]` when a base URL is
    set (nbdime's and flower's `url_prefix`): the rules as written are read, at their
    pattern after that base; the rewritten ones may serve any path, so a call under a
    prefix is unsure, while a near miss of a rule is still broken. Before, the list counted
    as built at run time and the service declared no route at all."""
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
            "gateway/src/server.js": """\
                const express = require("express");
                const MODEL_URL = process.env.MODEL_URL;
                const app = express();

                app.post("/diff", async (req, res) => {
                  const r = await fetch(`${MODEL_URL}/api/diff`, { method: "POST" });
                  await fetch(`${MODEL_URL}/difftool`);
                  await fetch(`${MODEL_URL}/api/dif`, { method: "POST" });
                  await fetch(`${MODEL_URL}/nbdime/api/diff`, { method: "POST" });
                  res.json(await r.json());
                });
                app.listen(8080);
                """,
            "model/requirements.txt": "tornado==6.4\n",
            "model/server.py": """\
                import tornado.web


                class DiffHandler(tornado.web.RequestHandler):
                    async def post(self):
                        self.write({"diff": []})


                class ToolHandler(tornado.web.RequestHandler):
                    async def get(self):
                        self.render("difftool.html")


                def make_app(base_url="/"):
                    handlers = [
                        (r"/difftool", ToolHandler),
                        (r"/api/diff", DiffHandler),
                    ]
                    if base_url != "/":
                        prefix = base_url.rstrip("/")
                        handlers = [(prefix + path, cls) for (path, cls) in handlers]
                    return tornado.web.Application(handlers)
                """,
        }
    )
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:6 POST /api/diff -> model linked model/server.py:15",
        "gateway/src/server.js:7 GET /difftool -> model linked model/server.py:15",
        "gateway/src/server.js:8 POST /api/dif -> model broken -",
        "gateway/src/server.js:9 POST /nbdime/api/diff -> model unsure -",
    ]
    unsure = [f for f in findings(root) if f.startswith("SC107")]
    assert [f.split(" ", 2)[1] for f in unsure] == ["gateway/src/server.js:9"]
    assert "the rules as rewritten at run time (`handlers = [... for ...]`)" in unsure[0]


def test_flowers_application_reads_its_rules_through_kwargs_and_a_rewrite(
    repo: RepoFactory,
) -> None:
    """flower's shape: `urls.py` lists 36 rules; the `Application` subclass takes them by
    another name, rewrites them under `url_prefix` when one is set, hands them over with
    `kwargs.update(handlers=handlers)` and `super().__init__(**kwargs)`; its dashboard script
    asks `url_prefix() + '/api/task/revoke/' + id`. Before, no rule was read (nor any past
    the sixteenth of a list), and every call of the page was SC107."""
    rules = "\n".join(
        f'    (r"/api/worker/action{index}/(.+)", WorkerHandler),' for index in range(30)
    )
    root = repo(
        {
            "flower/requirements.txt": "tornado==6.4\n",
            "flower/flower/__init__.py": "",
            "flower/flower/views.py": """\
                import tornado.web


                class WorkerHandler(tornado.web.RequestHandler):
                    async def post(self, name):
                        self.write({"ok": name})


                class RevokeHandler(tornado.web.RequestHandler):
                    async def post(self, taskid):
                        self.write({"revoked": taskid})
                """,
            "flower/flower/urls.py": "from .views import RevokeHandler, WorkerHandler\n\n"
            f"handlers = [\n{rules}\n"
            '    (r"/api/task/revoke/(.+)", RevokeHandler),\n]\n',
            "flower/flower/app.py": """\
                import os

                import tornado.web
                from tornado import ioloop

                from .urls import handlers as default_handlers


                def rewrite_handler(handler, url_prefix):
                    return ("/{}{}".format(url_prefix.strip("/"), handler[0]), handler[1])


                class Flower(tornado.web.Application):
                    def __init__(self, options=None, **kwargs):
                        handlers = default_handlers
                        if options is not None and options.url_prefix:
                            handlers = [rewrite_handler(h, options.url_prefix) for h in handlers]
                        kwargs.update(handlers=handlers)
                        kwargs.setdefault(
                            "static_path", os.path.join(os.path.dirname(__file__), "static")
                        )
                        super().__init__(**kwargs)
                        self.io_loop = ioloop.IOLoop.current()
                """,
            "flower/flower/static/js/flower.js": """\
                function url_prefix() {
                  var prefix = $('#url_prefix').val();
                  return prefix ? '/' + prefix.replace(/^\\/+/, '') : '';
                }

                $('#revoke').click(function () {
                  var taskid = $('#taskid').text();
                  $.ajax({ type: 'POST', url: url_prefix() + '/api/task/revoke/' + taskid });
                  $.post(url_prefix() + '/api/worker/action29/' + taskid);
                });
                """,
        }
    )
    assert links(root) == [
        "flower/flower/static/js/flower.js:8 POST /api/task/revoke/{taskid} -> flower linked "
        "flower/flower/urls.py:3",
        "flower/flower/static/js/flower.js:9 POST /api/worker/action29/{taskid} -> flower "
        "linked flower/flower/urls.py:3",
    ]


def test_rules_rewritten_under_a_prefix_known_here_are_not_read_as_written(
    repo: RepoFactory,
) -> None:
    """`handlers = [(API + path, cls) for (path, cls) in handlers]` with `API = "/v1"`: every
    rule is served under that prefix, none at its pattern as written, so a call to the
    pattern as written is not linked (unsure, as before rewrites were read at all). A
    rewrite that adds no prefix (`[(path, cls, {"debug": True}) ...]`) still reads the rules
    as written. Before, `/api/diff` was linked to a route the service does not serve."""
    server = """\
        import tornado.web

        API = "/v1"


        class DiffHandler(tornado.web.RequestHandler):
            async def post(self):
                self.write({"diff": []})


        def make_app():
            handlers = [
                (r"/api/diff", DiffHandler),
            ]
            handlers = [REWRITE for (path, cls) in handlers]
            return tornado.web.Application(handlers)
        """
    files = {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
        "gateway/src/server.js": """\
            const express = require("express");
            const MODEL_URL = process.env.MODEL_URL;
            const app = express();

            app.post("/diff", async (req, res) => {
              const r = await fetch(`${MODEL_URL}/api/diff`, { method: "POST" });
              res.json(await r.json());
            });
            app.listen(8080);
            """,
        "model/requirements.txt": "tornado==6.4\n",
    }
    prefixed = repo({**files, "model/server.py": server.replace("REWRITE", "(API + path, cls)")})
    assert [line for line in links(prefixed) if "-> model" in line] == [
        "gateway/src/server.js:6 POST /api/diff -> model unsure -"
    ]
    settings = '(path, cls, {"debug": True})'
    unprefixed = repo({**files, "model/server.py": server.replace("REWRITE", settings)})
    assert [line for line in links(unprefixed) if "-> model" in line] == [
        "gateway/src/server.js:6 POST /api/diff -> model linked model/server.py:12"
    ]


def test_imported_rules_rewritten_in_the_importing_module_are_not_read_as_written(
    repo: RepoFactory,
) -> None:
    """`from model.urls import handlers`, then at module scope `handlers = [(API + path,
    cls) for (path, cls) in handlers]` with `API = "/v1"`: the application is given the
    rewritten rules, so the right call (`/v1/api/diff`) is no typo and `/api/diff` is not
    served. Both are unsure. Before, the rewrite was not seen at all: `/api/diff` was
    linked and `/v1/api/diff` reported broken (a false SC104, "did you mean /api/diff")."""
    files = {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
        "gateway/src/server.js": """\
                const express = require("express");
                const MODEL_URL = process.env.MODEL_URL;
                const app = express();

                app.post("/diff", async (req, res) => {
                  await fetch(`${MODEL_URL}/api/diff`, { method: "POST" });
                  const r = await fetch(`${MODEL_URL}/v1/api/diff`, { method: "POST" });
                  res.json(await r.json());
                });
                app.listen(8080);
                """,
        "model/requirements.txt": "tornado==6.4\n",
        "model/model/__init__.py": "",
        "model/model/urls.py": """\
                import tornado.web


                class DiffHandler(tornado.web.RequestHandler):
                    async def post(self):
                        self.write({"diff": []})


                handlers = [
                    (r"/api/diff", DiffHandler),
                ]
                """,
        "model/model/server.py": """\
                import tornado.web

                from model.urls import handlers

                API = "/v1"
                handlers = [(API + path, cls) for (path, cls) in handlers]


                def make_app():
                    return tornado.web.Application(handlers)
                """,
    }
    unsure = [
        "gateway/src/server.js:6 POST /api/diff -> model unsure -",
        "gateway/src/server.js:7 POST /v1/api/diff -> model unsure -",
    ]
    root = repo(files)
    assert [line for line in links(root) if "-> model" in line] == unsure
    assert not [f for f in findings(root) if f.startswith("SC104")]
    # Assigned otherwise after the import: not known either.
    added = '[(r"/v1/api/diff", DiffHandler)]'
    server = files["model/model/server.py"].replace('API = "/v1"\n', "")
    server = server.replace(
        "[(API + path, cls) for (path, cls) in handlers]", f"handlers + {added}"
    )
    server = server.replace("import handlers", "import DiffHandler, handlers")
    root = repo({**files, "model/model/server.py": server})
    assert [line for line in links(root) if "-> model" in line] == unsure
    # An empty fallback when the import fails adds no rules: the imported ones are read.
    server = textwrap.dedent(files["model/model/server.py"]).replace('API = "/v1"\n', "")
    server = server.replace(
        "from model.urls import handlers",
        "try:\n    from model.urls import handlers\nexcept ImportError:\n    handlers = []",
    )
    server = server.replace("handlers = [(API + path, cls) for (path, cls) in handlers]", "")
    root = repo({**files, "model/model/server.py": server})
    assert [line for line in links(root) if "-> model" in line] == [
        "gateway/src/server.js:6 POST /api/diff -> model linked model/model/urls.py:9",
        "gateway/src/server.js:7 POST /v1/api/diff -> model broken -",
    ]
