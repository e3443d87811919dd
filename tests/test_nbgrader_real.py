"""nbgrader 0.9.6 as it is written (session 28, helper 111: a JupyterLab extension in
TypeScript calling its Tornado server extension's handlers, and Backbone/jQuery pages of its
formgrader). Each test is a mini-repository of one shape met there, failing before the fix
it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, problems

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
        "lab/src/api.ts:20 {requestUrl}: URL is not known before run time: 'requestUrl' "
        "holds the result of URLExt.join()",
    ]
