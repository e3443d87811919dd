"""A wrapper whose URL ends with what its callers give (`URLExt.join(settings.baseUrl,
'myext', endPoint)`, the JupyterLab extension template's `requestAPI`; `${API}/api/${path}`
in a React front end) is checked at each call, with the path that call gives. Before, it
was checked once as written: `/myext/{endPoint}` matched the first one-segment route under
`/myext` by its parameter, linking to a route no call requests, and a caller's typo was
never reported."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

# The copier extension-template's server extension and `src/handler.ts`, with two callers.
TEMPLATE = {
    "pyproject.toml": '[project]\nname = "myext"\ndependencies = ["jupyter_server>=2"]\n',
    "package.json": package_json(
        "myext",
        jupyterlab={"extension": True, "outputDir": "myext/labextension"},
        dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
    ),
    "myext/__init__.py": """\
        from .handlers import setup_handlers


        def _load_jupyter_server_extension(server_app):
            setup_handlers(server_app.web_app)
        """,
    "myext/handlers.py": """\
        import json

        import tornado
        from jupyter_server.base.handlers import APIHandler
        from jupyter_server.utils import url_path_join


        class HelloHandler(APIHandler):
            @tornado.web.authenticated
            def post(self):
                self.finish(json.dumps({"greeting": "hi"}))


        class RouteHandler(APIHandler):
            @tornado.web.authenticated
            def get(self):
                self.finish(json.dumps({"data": "This is /myext/get-example endpoint!"}))


        def setup_handlers(web_app):
            host_pattern = ".*$"
            base_url = web_app.settings["base_url"]
            handlers = [
                (url_path_join(base_url, "myext", "hello"), HelloHandler),
                (url_path_join(base_url, "myext", "get-example"), RouteHandler),
            ]
            web_app.add_handlers(host_pattern, handlers)
        """,
    "src/handler.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        export async function requestAPI<T>(endPoint = '', init: RequestInit = {}): Promise<T> {
          const settings = ServerConnection.makeSettings();
          const requestUrl = URLExt.join(settings.baseUrl, 'myext', endPoint);
          let response: Response;
          try {
            response = await ServerConnection.makeRequest(requestUrl, init, settings);
          } catch (error) {
            throw new ServerConnection.NetworkError(error as any);
          }
          return await response.json();
        }
        """,
    "src/index.ts": """\
        import { requestAPI } from './handler';

        export async function activate(): Promise<void> {
          const data = await requestAPI<any>('get-example');
          console.log(data);
        }

        export async function greet(name: string): Promise<void> {
          await requestAPI<any>('hello', { method: 'POST', body: JSON.stringify({ name }) });
        }
        """,
    "src/panel.ts": """\
        import { requestAPI } from './handler';

        export async function refresh(): Promise<void> {
          await requestAPI<any>('get-exmaple');
        }
        """,
}


def test_the_extension_templates_request_api_is_checked_at_each_call(repo: RepoFactory) -> None:
    root = repo(TEMPLATE)
    # Before: one call, `/myext/{endPoint}` at handler.ts:9, linked by its parameter to the
    # first route under /myext; the typo in panel.ts was never seen.
    assert links(root) == [
        "src/index.ts:4 * /myext/get-example -> myext linked myext/handlers.py:23",
        "src/index.ts:9 POST /myext/hello -> myext linked myext/handlers.py:23",
        "src/panel.ts:4 * /myext/get-exmaple -> myext broken -",
    ]
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC1")] == [
        ["SC104", "src/panel.ts:4"]
    ]


def test_a_caller_giving_a_value_known_only_at_run_time_is_no_broken_call(
    repo: RepoFactory,
) -> None:
    files = dict(TEMPLATE)
    files["src/panel.ts"] = """\
        import { requestAPI } from './handler';

        export async function refresh(which: HTMLInputElement): Promise<void> {
          await requestAPI<any>(which.value);
        }
        """
    root = repo(files)
    assert not [f for f in findings(root) if f.startswith("SC104")]
    assert [line for line in links(root) if line.startswith("src/index.ts")] == [
        "src/index.ts:4 * /myext/get-example -> myext linked myext/handlers.py:23",
        "src/index.ts:9 POST /myext/hello -> myext linked myext/handlers.py:23",
    ]


# A React front end whose every request goes through `api(path)`, to a FastAPI backend.
REACT = {
    "docker-compose.yml": """\
        services:
          api:
            build: ./api
            ports: ["8000:8000"]
          web:
            build: ./web
            ports: ["3000:3000"]
            environment:
              VITE_API_URL: http://api:8000
        """,
    "api/requirements.txt": "fastapi\nuvicorn\n",
    "api/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/api/users")
        def list_users():
            return []


        @app.get("/api/users/{user_id}")
        def get_user(user_id: int):
            return {"id": user_id}


        @app.get("/api/health")
        def health():
            return {"ok": True}
        """,
    "web/package.json": package_json("web", dependencies={"react": "^18"}),
    "web/src/api.ts": """\
        const API = import.meta.env.VITE_API_URL;

        async function api(path: string): Promise<any> {
          const response = await fetch(`${API}/api/${path}`);
          return response.json();
        }

        export async function users(): Promise<any> {
          return api('users');
        }

        export async function health(): Promise<any> {
          return api('helth');
        }
        """,
}


def test_a_front_end_wrapper_is_checked_with_each_path_its_callers_give(
    repo: RepoFactory,
) -> None:
    root = repo(REACT)
    # Before: `/api/{path}` checked once, linked by its parameter to the first route of
    # one segment under /api; the typo never reported. (A caller giving `users/7`, two
    # segments, was followed already.)
    assert links(root) == [
        "web/src/api.ts:13 GET /api/helth -> api broken -",
        "web/src/api.ts:9 GET /api/users -> api linked api/main.py:6",
    ]


def test_a_wrapper_also_called_where_seamcheck_cannot_see_stays_as_written_there(
    repo: RepoFactory,
) -> None:
    files = dict(TEMPLATE)
    files["src/client.ts"] = """\
        import { requestAPI } from './handler';

        // Handed on as a value: what it is given is not read.
        export const fetchAll = (endPoints: string[]) => Promise.all(endPoints.map(requestAPI));
        """
    root = repo(files)
    # The calls read are checked each with what it gives; the wrapper's own call stays,
    # as before, for the calls not read.
    assert links(root) == [
        "src/handler.ts:9 * /myext/{endPoint} -> myext linked myext/handlers.py:23",
        "src/index.ts:4 * /myext/get-example -> myext linked myext/handlers.py:23",
        "src/index.ts:9 POST /myext/hello -> myext linked myext/handlers.py:23",
        "src/panel.ts:4 * /myext/get-exmaple -> myext broken -",
    ]


def test_a_caller_giving_no_word_is_matched_by_parameter_as_the_wrapper_was(
    repo: RepoFactory,
) -> None:
    files = dict(REACT)
    files["web/src/api.ts"] = (
        REACT["web/src/api.ts"]
        + """\

        export async function pending(): Promise<any> {
          return api('');
        }
        """
    )
    root = repo(files)
    # An empty path may be a placeholder the code fills before the call: no `GET /api/`
    # reported broken; it matches a route by parameter, as the wrapper's call did before.
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC104")] == [
        ["SC104", "web/src/api.ts:13"]
    ]
    assert [line for line in links(root) if line.startswith("web/src/api.ts:17")] == [
        "web/src/api.ts:17 GET /api/{path} -> api linked api/main.py:16"
    ]


def test_an_id_helper_whose_calls_give_run_time_values_stays_checked_where_written(
    repo: RepoFactory,
) -> None:
    files = dict(REACT)
    files["web/src/api.ts"] = """\
        const API = import.meta.env.VITE_API_URL;

        export async function getUser(id: string): Promise<any> {
          return (await fetch(`${API}/api/users/${id}`)).json();
        }

        export async function open(event: { target: { value: string } }): Promise<any> {
          return getUser(event.target.value);
        }
        """
    root = repo(files)
    # No word given: one seam where the URL is made, as before, not one per caller.
    assert links(root) == ["web/src/api.ts:4 GET /api/users/{id} -> api linked api/main.py:11"]


def test_the_method_a_caller_gives_in_its_init_is_checked(repo: RepoFactory) -> None:
    files = dict(TEMPLATE)
    files["src/panel.ts"] = """\
        import { requestAPI } from './handler';

        export async function reset(): Promise<void> {
          await requestAPI<any>('get-example', { method: 'DELETE' });
        }
        """
    root = repo(files)
    # Before: any method (`*`) for every call, the init handed on as the caller gave it.
    assert [line for line in links(root) if line.startswith("src/panel.ts")] == [
        "src/panel.ts:4 DELETE /myext/get-example -> myext broken -"
    ]
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC104")] == [
        ["SC104", "src/panel.ts:4"]
    ]


def test_an_id_helper_given_a_literal_id_stays_checked_where_written(repo: RepoFactory) -> None:
    files = dict(REACT)
    files["web/src/api.ts"] = """\
        const API = import.meta.env.VITE_API_URL;

        export async function getUser(id: string): Promise<any> {
          return (await fetch(`${API}/api/users/${id}`)).json();
        }

        export async function admin(): Promise<any> {
          return getUser('7');
        }
        """
    root = repo(files)
    # A route takes any value there (`/api/users/{user_id}`): the helper's call is to it
    # whatever its callers give, one seam where it is written, as before.
    assert links(root) == ["web/src/api.ts:4 GET /api/users/{id} -> api linked api/main.py:11"]
