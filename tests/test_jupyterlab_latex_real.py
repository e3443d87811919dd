"""jupyterlab-latex 4.4.0 as it is written (session 29, helper 127: a JupyterLab extension in
TypeScript calling the Tornado handlers its server extension adds to the Jupyter server).
Each test is a mini-repository of one shape met there, failing before the fix it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

_PYPROJECT = '[project]\nname = "texext"\ndependencies = ["jupyter_server>=2"]\n'
_LABEXTENSION_MANIFEST = package_json(
    "texext",
    jupyterlab={"extension": True, "outputDir": "texext/labextension"},
    dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
)

# The handlers of a file or folder end with Jupyter server's `path_regex`, which takes the
# rest of the path with its own leading slash, or nothing: imported, or copied as
# jupyterlab-latex does.
_HANDLERS = {
    "texext/__init__.py": """\
        from jupyter_server.base.handlers import path_regex
        from jupyter_server.utils import url_path_join

        from .handlers import BuildHandler, SynctexHandler

        own_path_regex = r'(?P<path>(?:(?:/[^/]+)+|/?))'


        def _load_jupyter_server_extension(server_app):
            web_app = server_app.web_app
            base_url = web_app.settings['base_url']
            build = url_path_join(base_url, 'tex', 'build')
            synctex = url_path_join(base_url, 'tex', 'synctex')
            handlers = [
                (f'{build}{own_path_regex}', BuildHandler, {'root_dir': server_app.root_dir}),
                (synctex + path_regex, SynctexHandler),
            ]
            web_app.add_handlers('.*$', handlers)
        """,
    "texext/handlers.py": """\
        from jupyter_server.base.handlers import APIHandler


        class BuildHandler(APIHandler):
            def initialize(self, root_dir):
                self.root_dir = root_dir

            def get(self, path=''):
                self.finish('built')


        class SynctexHandler(APIHandler):
            def get(self, path=''):
                self.finish('{}')
        """,
}


def test_handlers_ending_with_the_jupyter_servers_path_regex_serve_every_path_under_them(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "pyproject.toml": _PYPROJECT,
            "package.json": _LABEXTENSION_MANIFEST,
            **_HANDLERS,
            "src/calls.ts": """\
                import { URLExt } from '@jupyterlab/coreutils';
                import { ServerConnection } from '@jupyterlab/services';

                export async function build(path: string): Promise<Response> {
                  const settings = ServerConnection.makeSettings();
                  const url = URLExt.join(settings.baseUrl, 'tex', 'build', path);
                  return ServerConnection.makeRequest(url, {}, settings);
                }

                export async function synctexRoot(): Promise<Response> {
                  const settings = ServerConnection.makeSettings();
                  return ServerConnection.makeRequest(
                    URLExt.join(settings.baseUrl, 'tex/synctex'), {}, settings
                  );
                }

                export async function typo(): Promise<Response> {
                  const settings = ServerConnection.makeSettings();
                  return ServerConnection.makeRequest(
                    URLExt.join(settings.baseUrl, 'tex/synctx/a.pdf'), {}, settings
                  );
                }
                """,
        }
    )
    # Before: neither pattern was read as a path (a group of alternatives, repeated; the
    # imported one not known at all), so both were rules seamcheck cannot read and no call
    # linked: each was unsure. Now the group is the rest of the path, whatever it is, after
    # the handler's own words, and a typo of them is broken, as any other handler's.
    assert [r for r in routes(root) if " GET " in r] == [
        "texext GET /tex/build/{*} texext/__init__.py:14",
        "texext GET /tex/synctex/{*} texext/__init__.py:14",
    ]
    assert links(root) == [
        "src/calls.ts:12 GET /tex/synctex -> texext linked texext/__init__.py:14",
        "src/calls.ts:19 GET /tex/synctx/a.pdf -> texext broken -",
        "src/calls.ts:7 GET /tex/build/{path} -> texext linked texext/__init__.py:14",
    ]
    assert [f for f in findings(root) if f.startswith("SC1")] == [
        "SC104 src/calls.ts:19 GET /tex/synctx/a.pdf reaches 'texext', which serves no such "
        "route; did you mean GET /tex/synctex/{*} (texext/__init__.py:14)?",
    ]


def test_a_react_jupyterlab_extensions_calls_go_to_its_jupyter_server(repo: RepoFactory) -> None:
    # React makes the extension a browser app (more TypeScript than Python: one service, in
    # TypeScript); its page is still the Jupyter server's. The connection settings are made
    # once and handed to each request, as jupyterlab-latex does.
    manifest = package_json(
        "texext",
        jupyterlab={"extension": True, "outputDir": "texext/labextension"},
        dependencies={
            "@jupyterlab/coreutils": "^6",
            "@jupyterlab/services": "^7",
            "react": "^18",
            "react-dom": "^18",
        },
    )
    root = repo(
        {
            "pyproject.toml": _PYPROJECT,
            "package.json": manifest,
            **_HANDLERS,
            "src/index.ts": """\
                import { URLExt } from '@jupyterlab/coreutils';
                import { ServerConnection } from '@jupyterlab/services';

                function buildRequest(
                  path: string, synctex: boolean, settings: ServerConnection.ISettings
                ): Promise<string> {
                  let fullUrl = URLExt.join(settings.baseUrl, 'tex', 'build', path);
                  fullUrl += `?synctex=${synctex ? 1 : 0}`;
                  return ServerConnection.makeRequest(fullUrl, {}, settings).then(r => r.text());
                }

                export function activate(app: any): void {
                  let synctex = true;
                  const serverSettings = ServerConnection.makeSettings();
                  const onFileChanged = () => {
                    return buildRequest(app.path, synctex, serverSettings).then(() => undefined);
                  };
                  app.changed.connect(onFileChanged);
                }
                """,
            "src/panel.tsx": """\
                import * as React from 'react';

                export function Panel(): JSX.Element {
                  return <div>LaTeX</div>;
                }
                """,
            "src/tokens.ts": "export const PDF_MIME = 'application/pdf';\n",
        }
    )
    # Before: the relative URL was looked for behind a dev server's proxy, as a React app's
    # is; none being there, the call was unsure (SC107: 'settings.baseUrl' not known).
    assert links(root) == [
        "src/index.ts:16 GET /tex/build/{path} -> texext linked texext/__init__.py:14",
    ]
    assert [f for f in findings(root) if f.startswith("SC1")] == []
