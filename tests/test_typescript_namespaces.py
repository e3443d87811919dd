"""TypeScript namespaces (`export namespace Constants { export const PLUGIN_NAME = ... }`), as
JupyterLab extensions write them (session 29, helper 143: jupyterlab_code_formatter 3.1.0).
A namespace's members are named in it (`Constants.PLUGIN_NAME`, `Private.load`), read through
it in its module and through an import of it elsewhere. Each test failed before."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from facts_helpers import facts_of
from seams_helpers import findings, links

_PYPROJECT = '[project]\nname = "fmtext"\ndependencies = ["jupyter_server>=2"]\n'
_LABEXTENSION_MANIFEST = package_json(
    "fmtext",
    jupyterlab={"extension": True, "outputDir": "fmtext/labextension"},
    dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
)
_SERVER = {
    "fmtext/__init__.py": """\
        from .handlers import setup_handlers


        def _load_jupyter_server_extension(server_app):
            setup_handlers(server_app.web_app)
        """,
    "fmtext/handlers.py": """\
        from jupyter_server.base.handlers import APIHandler
        from jupyter_server.utils import url_path_join


        class FormattersHandler(APIHandler):
            def get(self):
                self.finish('{}')


        class FormatHandler(APIHandler):
            def post(self):
                self.finish('{}')


        class StatusHandler(APIHandler):
            def get(self):
                self.finish('{}')


        def setup_handlers(web_app):
            base_url = web_app.settings['base_url']
            web_app.add_handlers('.*$', [
                (url_path_join(base_url, 'other', 'status'), StatusHandler),
                (url_path_join(base_url, 'fmtext', 'formatters'), FormattersHandler),
                (url_path_join(base_url, 'fmtext', 'format'), FormatHandler),
            ])
        """,
}
# The request wrapper of jupyterlab_code_formatter's client: its URL's second segment is the
# namespace's constant, imported from another module.
_CLIENT = """\
    import { URLExt } from '@jupyterlab/coreutils';
    import { ServerConnection } from '@jupyterlab/services';
    import { Constants } from './constants';

    export class Client {
      request(path: string, method: string, body: any): Promise<any> {
        const settings = ServerConnection.makeSettings();
        const fullUrl = URLExt.join(settings.baseUrl, Constants.PLUGIN_NAME, path);
        return ServerConnection.makeRequest(fullUrl, { body, method }, settings);
      }

      getFormatters() {
        return this.request('formatters', 'GET', null);
      }

      format(code: string) {
        return this.request('format', 'POST', JSON.stringify({ code }));
      }
    }
    """


def _extension(repo: RepoFactory, plugin_name: str) -> Path:
    return repo(
        {
            "pyproject.toml": _PYPROJECT,
            "package.json": _LABEXTENSION_MANIFEST,
            **_SERVER,
            "src/constants.ts": f"""\
                export namespace Constants {{
                  export const PLUGIN_NAME = '{plugin_name}';
                  export const FORMAT_COMMAND = `${{PLUGIN_NAME}}:format`;
                }}
                """,
            "src/client.ts": _CLIENT,
        }
    )


def test_a_namespaces_constant_imported_elsewhere_builds_the_url_the_server_serves(
    repo: RepoFactory,
) -> None:
    # Before, `Constants.PLUGIN_NAME` named nothing: the URLs read `/{PLUGIN_NAME}/...`,
    # any first segment (jupyterlab_code_formatter's, whose path is a parameter too, was
    # linked to the first route of two segments).
    root = _extension(repo, "fmtext")
    assert [line for line in links(root) if line.startswith("src/client.ts")] == [
        "src/client.ts:13 GET /fmtext/formatters -> fmtext linked fmtext/handlers.py:22",
        "src/client.ts:17 POST /fmtext/format -> fmtext linked fmtext/handlers.py:22",
    ]
    assert not any(line.startswith(("SC104", "SC105")) for line in findings(root))


def test_a_typo_in_a_namespaces_constant_is_a_broken_seam(repo: RepoFactory) -> None:
    root = _extension(repo, "fmtxt")
    broken = [line for line in findings(root) if line.startswith("SC104")]
    assert any("/fmtxt/formatters" in line for line in broken), broken
    assert not any("/other/status" in line for line in links(root))


def test_nested_namespaces_read_in_their_module_and_through_an_import(
    repo: RepoFactory,
) -> None:
    # `Routes.FORMATTERS` reads its outer namespace's `PLUGIN_NAME` unqualified.
    root = repo(
        {
            "pyproject.toml": _PYPROJECT,
            "package.json": _LABEXTENSION_MANIFEST,
            **_SERVER,
            "src/constants.ts": """\
                export namespace Constants {
                  export const PLUGIN_NAME = 'fmtext';
                  export namespace Routes {
                    export const FORMATTERS = `${PLUGIN_NAME}/formatters`;
                  }
                }
                """,
            "src/calls.ts": """\
                import { URLExt } from '@jupyterlab/coreutils';
                import { ServerConnection } from '@jupyterlab/services';
                import { Constants } from './constants';

                namespace Local {
                  const OTHER = 'other';
                  export const STATUS = `${OTHER}/status`;
                }

                export async function formatters(): Promise<Response> {
                  const settings = ServerConnection.makeSettings();
                  const url = URLExt.join(settings.baseUrl, Constants.Routes.FORMATTERS);
                  return ServerConnection.makeRequest(url, { method: 'GET' }, settings);
                }

                export async function status(): Promise<Response> {
                  const settings = ServerConnection.makeSettings();
                  const url = URLExt.join(settings.baseUrl, Local.STATUS);
                  return ServerConnection.makeRequest(url, { method: 'GET' }, settings);
                }
                """,
        }
    )
    assert links(root) == [
        "src/calls.ts:13 GET /fmtext/formatters -> fmtext linked fmtext/handlers.py:22",
        "src/calls.ts:19 GET /other/status -> fmtext linked fmtext/handlers.py:22",
    ]


def test_a_blocking_read_in_a_namespaces_function_on_an_async_handler_is_sc202(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "package.json": package_json("gateway", dependencies={"express": "^4"}),
            "src/server.ts": """\
                import express from 'express';
                import * as fs from 'fs';

                namespace Private {
                  export function load(name: string): string {
                    return fs.readFileSync(`/etc/gateway/${name}.json`, 'utf8');
                  }
                }

                const app = express();
                app.get('/config', async (req, res) => {
                  res.json(JSON.parse(Private.load('routes')));
                });
                app.listen(3000);
                """,
        }
    )
    found = [line for line in findings(root) if line.startswith("SC202")]
    assert any("src/server.ts:12" in line and "readFileSync" in line for line in found), found


def test_namespace_members_are_named_in_it_and_only_a_namespace_of_values_is_exported() -> None:
    facts = facts_of(
        "src/constants.ts",
        """\
        export namespace Constants {
          export const PLUGIN_NAME = 'fmtext';
          const hidden = 'x';
          export namespace Inner {
            export const deep = 'd';
          }
        }
        namespace Private {
          export function url(path: string) { return path; }
        }
        declare namespace Types {
          function typed(): string;
        }
        export namespace Options {
          export interface IOptions { baseUrl: string }
        }
        export class Widget {}
        export namespace Widget {
          export function create() { return new Widget(); }
        }
        export const plain = 'p';
        """,
    )
    definitions = {d.qualname: d.kind for d in facts.definitions}
    assert definitions == {
        "Constants": "namespace",
        "Constants.Inner": "namespace",
        "Private": "namespace",
        "Private.url": "function",
        "Widget": "class",
        # `declare`d, or of types only (`Options`): nothing runs, no definition.
        # `Widget` merged with the class: the class stays what `Widget` names.
        "create": "function",
    }
    scopes = {b.target: b.scope for b in facts.bindings if not b.target.startswith("<")}
    assert scopes == {
        "PLUGIN_NAME": "Constants",
        "hidden": "Constants",
        "deep": "Constants.Inner",
        "plain": "<module>",
    }
    assert sorted(e.name for e in facts.exports) == ["Constants", "Widget", "plain"]
