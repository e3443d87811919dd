"""jupyter-scheduler 2.12.0 as it is written (session 29, helper 137: a JupyterLab extension in
TypeScript calling the Tornado handlers its `ExtensionApp` declares). Each test is a
mini-repository of one shape met there, failing before the fix it names.

A Jupyter server extension written as an `ExtensionApp` may declare its handlers in its
class body (`handlers = [(r"scheduler/jobs", JobHandler), ...]`, the `handlers` trait's
default), which the server joins to its base URL as it does those `initialize_handlers`
adds. Before, such a list was not read: the service declared no route, and every call of its
JupyterLab front end was unsure (SC107)."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, problems, routes

EXTENSION = {
    "pyproject.toml": '[project]\nname = "jobs"\ndependencies = ["jupyter_server>=2"]\n',
    "package.json": package_json(
        "jobs",
        jupyterlab={"extension": True, "outputDir": "jobs/labextension"},
        dependencies={"@jupyterlab/coreutils": "^6", "@jupyterlab/services": "^7"},
    ),
    "jobs/__init__.py": """\
        from .extension import JobsApp


        def _jupyter_server_extension_points():
            return [{"module": "jobs", "app": JobsApp}]
        """,
    "jobs/handlers.py": """\
        import json

        from jupyter_server.base.handlers import APIHandler
        from tornado.web import authenticated


        class JobHandler(APIHandler):
            @authenticated
            async def get(self, job_id=None):
                self.finish(json.dumps({"job_id": job_id}))

            @authenticated
            async def post(self):
                self.finish(json.dumps({}))


        class JobsCountHandler(APIHandler):
            @authenticated
            async def get(self):
                self.finish(json.dumps({"count": 0}))
        """,
    "jobs/extension.py": """\
        from jupyter_server.extension.application import ExtensionApp
        from traitlets import Unicode

        from .handlers import JobHandler, JobsCountHandler

        JOB_ID_REGEX = r"(?P<job_id>[^/]+)"


        class JobsApp(ExtensionApp):
            name = "jobs"
            handlers = [
                (r"jobs/jobs", JobHandler),
                (r"jobs/jobs/count", JobsCountHandler),
                (r"jobs/jobs/%s" % JOB_ID_REGEX, JobHandler),
            ]

            db_url = Unicode(config=True)
        """,
    "src/handler.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        const settings = ServerConnection.makeSettings();

        async function request(endPoint: string, init: RequestInit = {}): Promise<any> {
          const url = URLExt.join(settings.baseUrl, 'jobs', endPoint);
          const response = await ServerConnection.makeRequest(url, init, settings);
          return response.json();
        }

        export async function createJob(model: object): Promise<any> {
          return request('jobs', { method: 'POST', body: JSON.stringify(model) });
        }

        export async function getJob(jobId: string): Promise<any> {
          return request(`jobs/${jobId}`, { method: 'GET' });
        }

        export async function jobCount(): Promise<number> {
          return (await request('jobs/count', { method: 'GET' })).count;
        }

        export async function deleteJob(jobId: string): Promise<void> {
          await request(`jobs/${jobId}`, { method: 'DELETE' });
        }
        """,
}


def test_an_extension_apps_class_handlers_serve_its_front_ends_calls(repo: RepoFactory) -> None:
    root = repo(EXTENSION)
    assert [r for r in routes(root) if "/jobs" in r] == [
        "jobs GET /jobs/jobs jobs/extension.py:11",
        "jobs GET /jobs/jobs/count jobs/extension.py:11",
        "jobs GET /jobs/jobs/{job_id} jobs/extension.py:11",
        "jobs OPTIONS /jobs/jobs jobs/extension.py:11",
        "jobs OPTIONS /jobs/jobs/count jobs/extension.py:11",
        "jobs OPTIONS /jobs/jobs/{job_id} jobs/extension.py:11",
        "jobs POST /jobs/jobs jobs/extension.py:11",
        "jobs POST /jobs/jobs/{job_id} jobs/extension.py:11",
    ]
    assert links(root) == [
        "src/handler.ts:13 POST /jobs/jobs -> jobs linked jobs/extension.py:11",
        "src/handler.ts:17 GET /jobs/jobs/{jobId} -> jobs linked jobs/extension.py:11",
        "src/handler.ts:21 GET /jobs/jobs/count -> jobs linked jobs/extension.py:11",
        "src/handler.ts:25 DELETE /jobs/jobs/{jobId} -> jobs broken -",
    ]
    # The handler serves no DELETE: a real broken seam, where all else links.
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC1")] == [
        ["SC104", "src/handler.ts:25"]
    ]


# jupyter-scheduler's ids (`\w+(?:-\w+)+`, a UUID's words) and a UUID written out: each group
# matches within one segment, so each rule is a path with a parameter there.
COMPOUND_IDS = {
    **EXTENSION,
    "jobs/extension.py": """\
        from jupyter_server.extension.application import ExtensionApp

        from .handlers import JobHandler, JobsCountHandler

        JOB_ID_REGEX = r"(?P<job_id>\\w+(?:-\\w+)+)"
        UUID = r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"


        class JobsApp(ExtensionApp):
            name = "jobs"
            handlers = [
                (r"jobs/jobs", JobHandler),
                (r"jobs/jobs/%s" % JOB_ID_REGEX, JobHandler),
                (r"jobs/jobs/%s/count" % UUID, JobsCountHandler),
            ]
        """,
    "src/handler.ts": EXTENSION["src/handler.ts"]
    .replace("jobCount()", "jobCount(id: string)")
    .replace("'jobs/count'", "`jobs/${id}/count`"),
}


def test_an_id_group_of_several_parts_within_one_segment_is_a_parameter(
    repo: RepoFactory,
) -> None:
    root = repo(COMPOUND_IDS)
    assert [r for r in routes(root) if r.startswith("jobs GET")] == [
        "jobs GET /jobs/jobs jobs/extension.py:11",
        "jobs GET /jobs/jobs/{job_id} jobs/extension.py:11",
        "jobs GET /jobs/jobs/{param}/count jobs/extension.py:11",
    ]
    assert links(root) == [
        "src/handler.ts:13 POST /jobs/jobs -> jobs linked jobs/extension.py:11",
        "src/handler.ts:17 GET /jobs/jobs/{jobId} -> jobs linked jobs/extension.py:11",
        "src/handler.ts:21 GET /jobs/jobs/{id}/count -> jobs linked jobs/extension.py:11",
        "src/handler.ts:25 DELETE /jobs/jobs/{jobId} -> jobs broken -",
    ]


# The service class JupyterLab extensions are written with: its settings are a field declared
# of JupyterLab's settings type, set from the options (or the defaults), and handed to a
# `requestAPI` wrapper, followed to each of its calls.
SERVICE_CLASS = {
    **EXTENSION,
    "src/handler.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        export class JobsService {
          constructor(options: JobsService.IOptions) {
            this.serverSettings = options.serverSettings || ServerConnection.makeSettings();
          }

          async createJob(model: object): Promise<any> {
            return requestAPI(this.serverSettings, 'jobs', {
              method: 'POST',
              body: JSON.stringify(model)
            });
          }

          async jobCount(): Promise<any> {
            return requestAPI(this.serverSettings, 'jobs/count', { method: 'GET' });
          }

          async remoteCount(): Promise<any> {
            const remote = ServerConnection.makeSettings({ baseUrl: 'https://lab.example.org/' });
            return requestAPI(remote, 'jobs/count', { method: 'GET' });
          }

          readonly serverSettings: ServerConnection.ISettings;
        }

        export namespace JobsService {
          export interface IOptions {
            serverSettings?: ServerConnection.ISettings;
          }
        }

        async function requestAPI<T>(
          settings: ServerConnection.ISettings,
          endPoint = '',
          init: RequestInit = {}
        ): Promise<T> {
          const requestUrl = URLExt.join(settings.baseUrl, 'jobs', endPoint);
          const response = await ServerConnection.makeRequest(requestUrl, init, settings);
          return response.json();
        }

        interface IRemote {
          baseUrl: string;
        }

        export class RemoteJobs {
          constructor(settings: IRemote) {
            this.settings = settings;
          }

          async jobs(): Promise<any> {
            const url = URLExt.join(this.settings.baseUrl, 'jobs', 'jobs');
            const init = { method: 'GET' };
            return (await ServerConnection.makeRequest(url, init, ServerConnection.makeSettings())).json();
          }

          readonly settings: IRemote;
        }
        """,
}


def test_settings_declared_of_jupyterlabs_settings_type_are_the_pages_server(
    repo: RepoFactory,
) -> None:
    root = repo(SERVICE_CLASS)
    assert links(root) == [
        "src/handler.ts:10 POST /jobs/jobs -> jobs linked jobs/extension.py:11",
        "src/handler.ts:17 GET /jobs/jobs/count -> jobs linked jobs/extension.py:11",
    ]
    # Settings given options may name another server; a field of another type is not
    # known: both unsure, never broken.
    assert problems(root) == [
        "src/handler.ts:22 {baseUrl}/jobs/jobs/count: URL is not known before run time:"
        " 'remote.baseUrl' is a parameter or not a constant",
        "src/handler.ts:56 {baseUrl}/jobs/jobs: URL is not known before run time:"
        " 'this.settings.baseUrl' is a parameter or not a constant",
    ]


# The settings handed to the wrapper by each call, so its URL is not known where it is
# written: the wrapper is followed to its calls, each with the init it gives.
HANDED_SETTINGS = {
    **EXTENSION,
    "src/handler.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        const settings = ServerConnection.makeSettings();

        async function requestAPI(
          serverSettings: ServerConnection.ISettings,
          endPoint = '',
          init: RequestInit = {}
        ): Promise<any> {
          const url = URLExt.join(serverSettings.baseUrl, 'jobs', endPoint);
          const response = await ServerConnection.makeRequest(url, init, serverSettings);
          return response.json();
        }

        export async function createJob(model: object): Promise<any> {
          return requestAPI(settings, 'jobs', { method: 'POST', body: JSON.stringify(model) });
        }

        export async function deleteJob(jobId: string): Promise<void> {
          await requestAPI(settings, `jobs/${jobId}`, { method: 'DELETE' });
        }
        """,
}


def test_a_wrapper_followed_for_its_url_is_checked_with_the_method_each_call_gives(
    repo: RepoFactory,
) -> None:
    root = repo(HANDED_SETTINGS)
    # Before: any method (`*`) at each call, as the init handed on was not followed with
    # the URL: the DELETE no handler serves went unseen.
    assert links(root) == [
        "src/handler.ts:17 POST /jobs/jobs -> jobs linked jobs/extension.py:11",
        "src/handler.ts:21 DELETE /jobs/jobs/{jobId} -> jobs broken -",
    ]
    assert [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC1")] == [
        ["SC104", "src/handler.ts:21"]
    ]


# A query string added when a filter is given, in a name of its own (jupyter-scheduler's
# `getjobCount`): the path is the same either way. A path segment added so is not.
OPTIONAL_QUERY = {
    **EXTENSION,
    "src/count.ts": """\
        import { URLExt } from '@jupyterlab/coreutils';
        import { ServerConnection } from '@jupyterlab/services';

        const settings = ServerConnection.makeSettings();

        export async function jobCount(status?: string): Promise<number> {
          let query = '';
          if (status) {
            query = `?status=${encodeURIComponent(status)}`;
          }
          const url = URLExt.join(settings.baseUrl, 'jobs', `jobs/count${query}`);
          return (await ServerConnection.makeRequest(url, {}, settings)).json();
        }

        export async function job(jobId?: string): Promise<any> {
          let rest = '';
          if (jobId) {
            rest = `/${jobId}`;
          }
          const url = URLExt.join(settings.baseUrl, 'jobs', `jobs${rest}`);
          return (await ServerConnection.makeRequest(url, {}, settings)).json();
        }
        """,
}


def test_a_name_holding_a_query_string_or_nothing_leaves_the_path_known(
    repo: RepoFactory,
) -> None:
    root = repo(OPTIONAL_QUERY)
    # Before: `'query' is assigned more than once`, unsure (SC107).
    assert [line for line in links(root) if line.startswith("src/count.ts")] == [
        "src/count.ts:12 GET /jobs/jobs/count -> jobs linked jobs/extension.py:11",
    ]
    assert [p for p in problems(root) if p.startswith("src/count.ts")] == [
        "src/count.ts:21 /jobs/jobs{rest}: the path after '/jobs/jobs' is not known before run"
        " time: 'rest' is assigned more than once (src/count.ts:16, 18)",
    ]


def test_docs_requiring_only_sphinx_themes_and_myst_are_no_service(repo: RepoFactory) -> None:
    # jupyter-scheduler's docs/requirements.txt names no Sphinx, only what pulls it in; its
    # conf.py imports the package it documents.
    root = repo(
        {
            **EXTENSION,
            "docs/requirements.txt": "myst_parser\npydata_sphinx_theme\nsphinx-copybutton\n",
            "docs/conf.py": "from jobs.extension import JobsApp\n\nproject = JobsApp.name\n",
        }
    )
    # Before: a service `docs`, and its conf.py's import a cross-service import (SC101).
    services = run_cli("services", str(root), "--no-cache").output
    assert [line for line in services.splitlines() if not line.startswith(" ")] == [
        "jobs",
        "1 service, 5 files analysed.",
    ]
    assert [f for f in findings(root) if f.startswith("SC101")] == []
