"""nbgrader 0.9.6 as it is written (session 28, helper 111: a JupyterLab extension in
TypeScript calling its Tornado server extension's handlers, and Backbone/jQuery pages of its
formgrader). Each test is a mini-repository of one shape met there, failing before the fix
it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems, routes

# A grading API the extension's requests can reach by a URL written whole.
_GRADER = """\
    from tornado import web


    class AssignmentsHandler(web.RequestHandler):
        def get(self):
            self.write({})


    class ReleaseHandler(web.RequestHandler):
        def post(self, assignment_id):
            self.write({})


    app = web.Application([
        (r"/formgrader/api/assignments", AssignmentsHandler),
        (r"/formgrader/api/assignment/([^/]+)/release", ReleaseHandler),
    ])
    """

# JupyterLab's request, as every extension makes it: fetch's URL and init, then the
# connection settings, which say no method.
_EXTENSION = """\
    import { URLExt } from '@jupyterlab/coreutils';
    import { ServerConnection } from '@jupyterlab/services';

    const GRADER = 'http://grader:8000';

    export async function listAssignments(): Promise<Response> {
      const settings = ServerConnection.makeSettings();
      return ServerConnection.makeRequest(`${GRADER}/formgrader/api/assignments`, {}, settings);
    }

    export async function release(name: string): Promise<Response> {
      const settings = ServerConnection.makeSettings();
      const url = `${GRADER}/formgrader/api/assignment/${name}/release`;
      return ServerConnection.makeRequest(url, { method: 'POST' }, settings);
    }

    export async function requestAPI(endPoint: string, init: RequestInit = {}): Promise<Response> {
      const settings = ServerConnection.makeSettings();
      const requestUrl = URLExt.join(settings.baseUrl, endPoint);
      return ServerConnection.makeRequest(requestUrl, init, settings);
    }
    """


def test_jupyterlab_server_connection_requests_are_client_calls(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  grader:
                    build: ./grader
                    ports: ["8000:8000"]
                  lab:
                    build: ./lab
                """,
            "grader/requirements.txt": "tornado\n",
            "grader/app.py": _GRADER,
            "lab/package.json": package_json(
                "lab",
                dependencies={"@jupyterlab/services": "^7", "@jupyterlab/coreutils": "^6"},
            ),
            "lab/src/api.ts": _EXTENSION,
        }
    )
    # Before: none of the three calls was seen (`ServerConnection.makeRequest` was no
    # client). The settings passed third are no init: the first call is a GET, not a call of
    # any method; the wrapper's URL is the server's base URL, known only at run time.
    assert links(root) == [
        "lab/src/api.ts:14 POST /formgrader/api/assignment/{name}/release -> grader linked "
        "grader/app.py:14",
        "lab/src/api.ts:8 GET /formgrader/api/assignments -> grader linked grader/app.py:14",
    ]
    assert problems(root) == [
        "lab/src/api.ts:20 /{endPoint}: relative URL '/{endPoint}' with no base URL",
    ]


# -- A JupyterLab extension and its server extension, in one package ------------------------

_PYPROJECT = '[project]\nname = "myext"\ndependencies = ["jupyter_server>=2"]\n'
_LABEXTENSION_MANIFEST = package_json(
    "myext",
    jupyterlab={"extension": True, "outputDir": "myext/labextension"},
    dependencies={"@jupyterlab/application": "^4", "@jupyterlab/services": "^7"},
)
# The server extension adds its handlers to the application of the Jupyter server it is
# loaded in, each pattern after the server's base URL.
_SERVER_EXTENSION = {
    "myext/__init__.py": """\
        from .handlers import setup_handlers


        def _load_jupyter_server_extension(server_app):
            setup_handlers(server_app.web_app)
        """,
    "myext/handlers.py": """\
        from jupyter_server.base.handlers import APIHandler
        from jupyter_server.utils import url_path_join as ujoin


        class HelloHandler(APIHandler):
            def get(self):
                self.finish("{}")


        class ItemsHandler(APIHandler):
            def post(self):
                self.finish("{}")


        def setup_handlers(web_app):
            base_url = web_app.settings["base_url"]
            hello = ujoin(base_url, "myext", "hello")
            handlers = [
                (hello, HelloHandler),
                (ujoin(base_url, "/myext/", "items"), ItemsHandler),
            ]
            web_app.add_handlers(".*$", handlers)
        """,
}
# The extension's requests, on the page's server: its base URL joined with the path.
_LAB_CALLS = """\
    import { URLExt } from '@jupyterlab/coreutils';
    import { ServerConnection } from '@jupyterlab/services';

    export async function calls(): Promise<void> {
      const settings = ServerConnection.makeSettings();
      await ServerConnection.makeRequest(URLExt.join(settings.baseUrl, 'myext', 'hello'), {}, settings);
      await ServerConnection.makeRequest(
        URLExt.join(settings.baseUrl, '/myext/', 'items'), { method: 'POST' }, settings
      );
      await ServerConnection.makeRequest(URLExt.join(settings.baseUrl, 'myext/helo'), {}, settings);
      await ServerConnection.makeRequest(
        URLExt.join(settings.baseUrl, 'api/contents', 'notebook.ipynb'), {}, settings
      );
    }
    """


def test_a_jupyterlab_extension_calls_reach_its_server_extension_handlers(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "pyproject.toml": _PYPROJECT,
            "package.json": _LABEXTENSION_MANIFEST,
            **_SERVER_EXTENSION,
            "src/calls.ts": _LAB_CALLS,
        }
    )
    # Before: no route (the handlers are added to `web_app`, the Jupyter server's Tornado
    # application, which seamcheck did not know) and no call (`makeRequest` was no client,
    # `settings.baseUrl` the page's server not known). Now each pattern is read after the
    # server's base URL, as is each call's URL, and the page's relative URLs go to the
    # server the extension runs in: a typo of a handler is broken; the server's own API
    # (`/api/contents`), not in the repository, is unsure, not broken.
    assert links(root) == [
        "src/calls.ts:10 GET /myext/helo -> myext broken -",
        "src/calls.ts:11 GET /api/contents/notebook.ipynb -> myext unsure -",
        "src/calls.ts:6 GET /myext/hello -> myext linked myext/handlers.py:18",
        "src/calls.ts:7 POST /myext/items -> myext linked myext/handlers.py:18",
    ]
    assert [f for f in findings(root) if f.startswith("SC")] == [
        "SC104 src/calls.ts:10 GET /myext/helo reaches 'myext', which serves no such route; "
        "did you mean GET /myext/hello (myext/handlers.py:18)?",
        "SC107 src/calls.ts:11 jupyterlab call GET /api/contents/notebook.ipynb not linked to "
        "a service route: 'myext' declares 1 route seamcheck cannot read that may serve it "
        "(the Jupyter server's own routes (not in this repository) at myext/handlers.py:22)",
    ]


def test_a_jupyterlab_extension_with_no_server_extension_read_calls_no_route(
    repo: RepoFactory,
) -> None:
    # Its server's routes are none of the repository's: what the page requests stays unsure.
    root = repo({"pyproject.toml": _PYPROJECT, "package.json": _LABEXTENSION_MANIFEST,
                 "src/calls.ts": _LAB_CALLS})  # fmt: skip
    assert links(root) == []
    assert len(problems(root)) == 4
    assert all("relative URL" in p and "with no base URL" in p for p in problems(root))


# -- Handlers made by a comprehension, requested through a wrapper of one parameter ---------

# Two server extensions of one package, each adding its handlers with the server's base URL
# joined to every pattern of a list written beside them; a base class of their own with no
# verb (a property only).
_COMPREHENDED = {
    "grader/things.py": """\
        from jupyter_server.base.handlers import JupyterHandler
        from jupyter_server.utils import url_path_join as ujoin


        class BaseThing(JupyterHandler):
            @property
            def store(self):
                return self.settings["store"]


        class ThingsHandler(BaseThing):
            def get(self):
                self.finish("[]")


        class VersionHandler(BaseThing):
            def get(self):
                self.finish("{}")


        default_handlers = [
            (r"/things", ThingsHandler),
            (r"/version", VersionHandler),
        ]


        def load_jupyter_server_extension(nbapp):
            webapp = nbapp.web_app
            base_url = webapp.settings["base_url"]
            webapp.add_handlers(".*$", [
                (ujoin(base_url, pat), handler)
                for pat, handler in default_handlers
            ])
        """,
    "grader/others.py": """\
        from jupyter_server.base.handlers import JupyterHandler
        from jupyter_server.utils import url_path_join as ujoin


        class OthersHandler(JupyterHandler):
            def get(self):
                self.finish("[]")


        default_handlers = [(r"/others", OthersHandler)]


        def load_jupyter_server_extension(nbapp):
            webapp = nbapp.web_app
            webapp.add_handlers(".*$", [
                (ujoin(webapp.settings["base_url"], pat), handler)
                for pat, handler in default_handlers
            ])
        """,
}
_WRAPPER = """\
    import { URLExt } from '@jupyterlab/coreutils';
    import { ServerConnection } from '@jupyterlab/services';

    export async function requestAPI<T>(endPoint = '', init: RequestInit = {}): Promise<T> {
      const settings = ServerConnection.makeSettings();
      const requestUrl = URLExt.join(settings.baseUrl, endPoint);
      const response = await ServerConnection.makeRequest(requestUrl, init, settings);
      return response.json();
    }
    """
_WRAPPER_CALLS = """\
    import { requestAPI } from './api';

    export async function load(version: string): Promise<void> {
      await requestAPI<any>('others');
      await requestAPI<any>('version?version=' + version);
    }
    """


def test_handlers_a_comprehension_makes_of_a_list_are_read_and_a_wordless_wrapper_is_followed(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "grader"\ndependencies = ["jupyter_server"]\n',
            "package.json": _LABEXTENSION_MANIFEST,
            **_COMPREHENDED,
            "src/api.ts": _WRAPPER,
            "src/load.ts": _WRAPPER_CALLS,
        }
    )
    # Before: the handlers were made by a comprehension, which was not read (every call
    # unsure); read, the wrapper's URL `/{endPoint}` was checked once as written and linked
    # to the first route of one segment (`GET /things`: no call requests it). And a base
    # class with no verb made each of its subclasses' patterns a route of any method.
    assert links(root) == [
        "src/load.ts:4 * /others -> grader linked grader/others.py:10",
        "src/load.ts:5 * /version -> grader linked grader/things.py:21",
    ]
    assert sorted(r.split(" grader/")[0] for r in routes(root)) == [
        "grader GET /others",
        "grader GET /things",
        "grader GET /version",
    ]


def test_a_tornado_pattern_choosing_among_words_serves_each_word(repo: RepoFactory) -> None:
    root = repo(
        {
            "app/requirements.txt": "tornado\n",
            "app/server.py": """\
                from tornado import web


                class ActionHandler(web.RequestHandler):
                    def post(self, action):
                        self.write({})


                class StepHandler(web.RequestHandler):
                    def get(self, step):
                        self.write({})


                app = web.Application([
                    (r"/assignments/(?P<action>fetch|submit|fetch_feedback)", ActionHandler),
                    (r"/steps/(next|prev)/?", StepHandler),
                    (r"/reports/(\\d{4}|latest)", StepHandler),
                ])
                """,
        }
    )
    # Before: each was an unread pattern at its literal start ('/assignments/'), so a
    # call to one of its words was unsure and a typo of them never broken.
    assert [r.split(" app/")[0] for r in routes(root)] == [
        "app GET /steps/next",
        "app GET /steps/prev",
        "app POST /assignments/fetch",
        "app POST /assignments/fetch_feedback",
        "app POST /assignments/submit",
    ]


def test_a_base_url_setting_outside_a_jupyter_server_is_not_called_the_servers(
    repo: RepoFactory,
) -> None:
    """Any `settings["base_url"]` (or `.get("base_url")`) of Python code is read as the
    Jupyter server's base URL setting, here a worker's YAML config. Before, its reason said
    "the server's 'base_url' setting", which there is none of; now it names the setting only."""
    root = repo(
        {
            "worker/requirements.txt": "requests\npyyaml\n",
            "worker/sync.py": """\
                import requests
                import yaml

                with open("config.yaml") as f:
                    settings = yaml.safe_load(f)


                def push(item):
                    requests.post(settings["base_url"] + "/items", json=item)
                    requests.get(f"{settings.get('base_url')}/items/{item['id']}")
                """,
        }
    )
    assert problems(root) == [
        "worker/sync.py:10 {settings.base_url}/items/{value}: URL is not known before run "
        "time: the 'base_url' setting is known only at run time",
        "worker/sync.py:9 {settings.base_url}/items: URL is not known before run time: the "
        "'base_url' setting is known only at run time",
    ]
