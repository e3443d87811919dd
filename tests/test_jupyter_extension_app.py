"""A Jupyter server extension written as an `ExtensionApp` adds its handlers in
`initialize_handlers` (`self.handlers.extend([...])`, `self.handlers.append((...))`), and the
server joins each pattern to its base URL (`hello` is `/hello`). Its JupyterLab front end
calls them with `URLExt.join(settings.baseUrl, ...)`. Before, no such handler was read: the
service declared no route, and every call of the front end to it was unsure (SC107)."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

EXTENSION = {
    "pyproject.toml": '[project]\nname = "playback"\ndependencies = ["jupyter_server>=2"]\n',
    "package.json": package_json(
        "playback",
        jupyterlab={"extension": True, "outputDir": "playback/labextension"},
        dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
    ),
    "playback/__init__.py": """\
        from .app import PlaybackApp


        def _jupyter_server_extension_points():
            return [{"module": "playback", "app": PlaybackApp}]
        """,
    "playback/handlers.py": """\
        import json

        import tornado
        from jupyter_server.base.handlers import APIHandler


        class RecordingsHandler(APIHandler):
            @tornado.web.authenticated
            def get(self):
                self.finish(json.dumps({"recordings": []}))


        class StatusHandler(APIHandler):
            @tornado.web.authenticated
            def get(self):
                self.finish(json.dumps({"status": "ok"}))
        """,
    "playback/base.py": """\
        from jupyter_server.extension.application import ExtensionApp


        class BaseApp(ExtensionApp):
            load_other_extensions = True
        """,
    "playback/app.py": """\
        from .base import BaseApp
        from .handlers import RecordingsHandler, StatusHandler


        class PlaybackApp(BaseApp):
            name = "playback"

            def initialize_handlers(self):
                self.handlers.extend([(r"/playback/recordings", RecordingsHandler)])
                self.handlers.append(("playback/status", StatusHandler))


        main = launch_new_instance = PlaybackApp.launch_instance
        """,
    "src/request.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        const settings = ServerConnection.makeSettings();

        export async function recordings(): Promise<string[]> {
          const response = await ServerConnection.makeRequest(
            URLExt.join(settings.baseUrl, 'playback', 'recordings'), {}, settings
          );
          return response.json();
        }

        export async function status(): Promise<string> {
          const endpoint = URLExt.join(settings.baseUrl, 'playback', 'status');
          return (await ServerConnection.makeRequest(endpoint, {}, settings)).json();
        }

        export async function typo(): Promise<string> {
          const endpoint = URLExt.join(settings.baseUrl, 'playback', 'statsu');
          return (await ServerConnection.makeRequest(endpoint, {}, settings)).json();
        }
        """,
}


def test_an_extension_apps_handlers_serve_its_front_ends_calls(repo: RepoFactory) -> None:
    root = repo(EXTENSION)
    assert links(root) == [
        "src/request.ts:15 GET /playback/status -> playback linked playback/app.py:10",
        "src/request.ts:20 GET /playback/statsu -> playback broken -",
        "src/request.ts:7 GET /playback/recordings -> playback linked playback/app.py:9",
    ]
    # The typo is a near miss of a handler read: broken, though the server's own routes
    # (contents, kernels) are not in the repository.
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC1")] == [
        ["SC104", "src/request.ts:20"]
    ]
