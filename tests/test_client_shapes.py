"""Client calls whose target seamcheck could not read, found by trying it on real projects:
each test is a React/Vite front end, a Node gateway and a FastAPI model service in compose,
written the way such projects write their calls, and the exact links or findings."""

from __future__ import annotations

from collections.abc import Mapping

from conftest import RepoFactory, package_json, run_cli
from seamcheck.seams.values import Part, display, url_join
from seams_helpers import findings, links, problems

COMPOSE = """\
services:
  web:
    build: ./web
    ports: ["8080:80"]
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      MODEL_URL: http://model:8000
  model:
    build: ./model
"""

GATEWAY = """\
const express = require('express');
const app = express();
app.use(express.json());
app.post('/predict', (req, res) => res.json({}));
app.get('/docs', (req, res) => res.send('docs'));
app.get('/health', (req, res) => res.send('ok'));
app.listen(3000);
"""

MODEL = """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
async def predict() -> dict:
    return {}


@app.post("/explain")
async def explain() -> dict:
    return {}
"""


def stack(files: Mapping[str, str]) -> dict[str, str]:
    """The three services, with `files` added or replacing theirs."""
    return {
        "docker-compose.yml": COMPOSE,
        "web/package.json": package_json(
            "web",
            dependencies={"react": "^18.3.0", "react-dom": "^18.3.0"},
            devDependencies={"vite": "^5.4.0", "@vitejs/plugin-react": "^4.3.0"},
        ),
        "web/vite.config.ts": """\
            import { defineConfig } from 'vite';
            import react from '@vitejs/plugin-react';
            export default defineConfig({ plugins: [react()] });
            """,
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
        ),
        "gateway/server.js": GATEWAY,
        "model/requirements.txt": "fastapi\nhttpx\nrequests\n",
        "model/main.py": MODEL,
        **files,
    }


def test_vite_env_variables_come_from_the_apps_env_files_in_vites_order(
    repo: RepoFactory,
) -> None:
    root = repo(
        stack(
            {
                "web/.env": """\
                    VITE_API_URL=http://gateway:3000
                    VITE_MODEL_URL=http://gateway:3000
                    """,
                "web/.env.production": "VITE_MODEL_URL=http://model:8000\n",
                "web/.env.development": """\
                    VITE_API_URL=http://localhost:5173
                    VITE_MODEL_URL=http://localhost:5173
                    VITE_DOCS_URL=http://gateway:3000
                    """,
                "web/src/api.ts": """\
                    export const predict = (x: unknown) => fetch(`${import.meta.env.VITE_API_URL}/predict`, { method: 'POST', body: JSON.stringify(x) });
                    export const explain = () => fetch(`${import.meta.env['VITE_MODEL_URL']}/explain`, { method: 'POST' });
                    const DOCS = import.meta.env.VITE_DOCS_URL as string;
                    export const docs = () => fetch(DOCS + '/docs');
                    """,
            }
        )
    )
    # Before: each was SC107, "'import.meta.env.VITE_API_URL' is a parameter or not a
    # constant". `vite build` reads .env.production over .env; a variable only
    # .env.development sets is still read from there.
    assert links(root) == [
        "web/src/api.ts:1 POST /predict -> gateway linked gateway/server.js:4",
        "web/src/api.ts:2 POST /explain -> model linked model/main.py:11",
        "web/src/api.ts:4 GET /docs -> gateway linked gateway/server.js:5",
    ]


def test_a_python_client_whose_base_url_is_on_a_line_of_its_own(repo: RepoFactory) -> None:
    root = repo(
        stack(
            {
                "trainer/requirements.txt": "aiohttp\nhttpx\nrequests\n",
                "trainer/jobs.py": """\
                    import aiohttp
                    import httpx
                    import requests

                    MODEL_URL = "http://model:8000"


                    def predict(rows):
                        with httpx.Client(
                            base_url=MODEL_URL,
                            timeout=30,
                        ) as client:
                            return client.post("/predict", json=rows).json()


                    async def explain(rows):
                        async with httpx.AsyncClient(
                            base_url=MODEL_URL,
                        ) as client:
                            return (await client.post("/explain", json=rows)).json()


                    async def explain_with_aiohttp(rows):
                        async with aiohttp.ClientSession(
                            base_url=MODEL_URL
                        ) as session:
                            async with session.post("/explain", json=rows) as response:
                                return await response.json()


                    def predict_with_requests(rows):
                        with requests.Session(
                        ) as session:
                            return session.post(f"{MODEL_URL}/predict", json=rows)
                    """,
            }
        )
    )
    # Before: the first three were SC107, "relative URL '/predict' with no base URL": the
    # `as client` target is on a later line than `httpx.Client(`, where the client's maker
    # was looked for. On one line they were linked.
    assert links(root) == [
        "trainer/jobs.py:13 POST /predict -> model linked model/main.py:6",
        "trainer/jobs.py:20 POST /explain -> model linked model/main.py:11",
        "trainer/jobs.py:27 POST /explain -> model linked model/main.py:11",
        "trainer/jobs.py:34 POST /predict -> model linked model/main.py:6",
    ]


def test_url_objects_and_requests_handed_to_fetch_and_axios(repo: RepoFactory) -> None:
    root = repo(
        stack(
            {
                "gateway/model.js": """\
                    const axios = require('axios');
                    const MODEL = process.env.MODEL_URL;
                    const DOCS = 'http://model:8000/docs';

                    async function predict(rows) {
                      const url = new URL('/predict', MODEL);
                      url.searchParams.set('version', '2');
                      return fetch(url, { method: 'POST', body: JSON.stringify(rows) });
                    }
                    async function explain() {
                      return fetch(new Request(`${MODEL}/explain`, { method: 'POST' }));
                    }
                    async function batch() {
                      const request = new Request(new URL('/predict', process.env.MODEL_URL), {
                        method: 'POST',
                      });
                      return fetch(request);
                    }
                    async function explainAgain() {
                      const url = new URL('/explain', DOCS);
                      return axios.post(url.href);
                    }
                    async function predictAgain() {
                      return axios.post(new URL('predict', DOCS).toString());
                    }
                    module.exports = { predict, explain, batch, explainAgain, predictAgain };
                    """,
            }
        )
    )
    # Before: the URL and Request objects were SC107 ("'url' holds the result of URL()",
    # "computed at run time"), and the last two were broken seams to /docs/explain and
    # /docspredict: a root-relative path replaces the base's path, a relative one its last
    # segment, as a URL parser has it.
    assert links(root) == [
        "gateway/model.js:11 POST /explain -> model linked model/main.py:11",
        "gateway/model.js:17 POST /predict -> model linked model/main.py:6",
        "gateway/model.js:21 POST /explain -> model linked model/main.py:11",
        "gateway/model.js:24 POST /predict -> model linked model/main.py:6",
        "gateway/model.js:8 POST /predict -> model linked model/main.py:6",
    ]


def test_url_join_resolves_a_reference_as_a_url_parser_does() -> None:
    def joined(base: str, ref: str) -> str:
        return display(url_join((Part(base),), (Part(ref),)))

    assert joined("http://model:8000/v1/", "predict") == "http://model:8000/v1/predict"
    assert joined("http://model:8000/v1", "predict") == "http://model:8000/predict"
    assert joined("http://model:8000/v1/", "./predict") == "http://model:8000/v1/predict"
    assert joined("http://model:8000/v1?x=1", "/predict") == "http://model:8000/predict"
    assert joined("http://model:8000", "predict") == "http://model:8000/predict"
    assert joined("http://model:8000/v1", "?q=1") == "http://model:8000/v1?q=1"
    assert joined("http://model:8000/v1", "http://gateway:3000/x") == "http://gateway:3000/x"
    assert joined("https://model:8000/v1", "//gateway/x") == "https://gateway/x"
    # An unknown base or an unknown start of the reference: as written, one after the other.
    unknown = Part("BASE", True, "set nowhere")
    assert display(url_join((unknown,), (Part("/predict"),))) == "{BASE}/predict"
    path = Part("path", True, "a parameter")
    assert display(url_join((Part("http://m:1/v1"),), (path,))) == "http://m:1/v1{path}"


def test_unresolved_calls_are_shown_without_query_fragment_or_password(
    repo: RepoFactory,
) -> None:
    root = repo(
        stack(
            {
                "gateway/billing.js": """\
                    const KEY = process.env.SEARCH_KEY;
                    async function charge() {
                      return fetch('http://billing:9000/api/charge?token=sk_live_4eC39Hq#receipt');
                    }
                    async function search(q) {
                      return fetch(`/api/search?key=${KEY}&q=${q}`);
                    }
                    async function health() {
                      return fetch('http://admin:hunter2@gateway:3000/health');
                    }
                    module.exports = { charge, search, health };
                    """,
            }
        )
    )
    result = run_cli("check", str(root), "--select", "SC107", "--no-cache")
    # Before: both messages quoted the whole URL, token and key included, and the health
    # check was SC107 too: "host 'admin' names no service", its URL with the password.
    assert result.output == (
        "gateway/billing.js:3:10: SC107 fetch call GET http://billing:9000/api/charge not "
        "linked to a service route: host 'billing' names no service (compose service, "
        "hostname, alias, Kubernetes service, folder, or [services.NAME] hosts)\n"
        "gateway/billing.js:6:10: SC107 fetch call GET /api/search not linked to a service "
        "route: relative URL '/api/search' with no base URL\n"
        "2 findings (2 info) in 4 files across 3 services.\n"
    )
    assert links(root) == ["gateway/billing.js:9 GET /health -> gateway linked gateway/server.js:6"]


def test_calls_on_a_client_passed_in_as_an_annotated_parameter(repo: RepoFactory) -> None:
    root = repo(
        stack(
            {
                "trainer/requirements.txt": "httpx\n",
                "trainer/jobs.py": """\
                    import httpx


                    async def predict(client: httpx.AsyncClient, rows):
                        return await client.post("/predict", json=rows)


                    async def docs(client: httpx.AsyncClient | None = None):
                        # seamcheck: calls gateway
                        return await client.get("/docs")


                    class ModelClient:
                        def __init__(self, http: httpx.Client) -> None:
                            self.http = http

                        def explain(self):
                            return self.http.post("http://model:8000/explain")


                    async def health(http: httpx.Client):
                        return http.get("http://gateway:3000/health")
                    """,
            }
        )
    )
    # Before: none of these calls was seen (a parameter's type was not read): no link, no
    # SC107, and no SC201 for the sync client used on the event loop.
    assert links(root) == [
        "trainer/jobs.py:10 GET /docs -> gateway linked gateway/server.js:5",
        "trainer/jobs.py:18 POST /explain -> model linked model/main.py:11",
        "trainer/jobs.py:22 GET /health -> gateway linked gateway/server.js:6",
    ]
    result = run_cli("check", str(root), "--select", "SC107,SC201", "--no-cache")
    assert result.output.splitlines() == [
        "trainer/jobs.py:5:18: SC107 httpx call POST {client}/predict not linked to a service "
        "route: URL is not known before run time: 'client' is a parameter "
        "(httpx.AsyncClient): its base URL is set by the caller",
        "trainer/jobs.py:22:12: SC201 blocking call `http.get()` (httpx.Client().get) in async "
        "function `health` stalls the event loop; use httpx.AsyncClient with await, or await "
        "asyncio.to_thread(http.get, ...)",
        "    trainer/jobs.py:21:1: async function `health` starts here",
        "2 findings (1 error, 1 info) in 4 files across 4 services.",
    ]


def test_a_gateway_forwarding_the_request_path_is_unsure_not_broken(repo: RepoFactory) -> None:
    root = repo(
        stack(
            {
                "gateway/proxy.js": """\
                    const express = require('express');
                    const axios = require('axios');
                    const router = express.Router();
                    const MODEL = process.env.MODEL_URL;

                    router.get('/ml/*', async (req, res) => {
                      const r = await fetch(`${MODEL}/${req.params[0]}`);
                      res.json(await r.json());
                    });
                    router.all('/v1/:rest(*)', async (req, res) => {
                      const r = await axios.post(`${MODEL}/${req.params.rest}`, req.body);
                      res.json(r.data);
                    });
                    router.get('/legacy/*', async (req, res) => {
                      const r = await fetch(`${MODEL}/${req.originalUrl.slice(8)}`);
                      res.json(await r.json());
                    });
                    router.get('/by-id/:id', async (req, res) => {
                      const r = await fetch(`${MODEL}/models/${req.params.id}`);
                      res.json(await r.json());
                    });
                    module.exports = router;
                    """,
                "site/package.json": package_json(
                    "site", dependencies={"next": "^14.2.0", "react": "^18.3.0"}
                ),
                "site/app/api/model/[...path]/route.ts": """\
                    export async function POST(req: Request, { params }: { params: { path: string[] } }) {
                      const r = await fetch(`http://model:8000/${params.path.join('/')}`, { method: 'POST' });
                      return new Response(r.body, { status: r.status });
                    }
                    """,
            }
        )
    )
    result = run_cli("check", str(root), "--select", "SC104,SC107", "--no-cache")
    # Before: each forwarded path was one segment, `GET /{value}`, and none of the model's
    # routes has one segment of any name: four SC104 "serves no such route" errors. A
    # single parameter (`req.params.id`) is still one segment, and still broken.
    forwarded = "not linked to a service route: the path after 'http://model:8000/' is not known"
    assert result.output.splitlines() == [
        f"gateway/proxy.js:7:19: SC107 fetch call GET http://model:8000/{{path}} {forwarded} "
        "before run time: 'req.params[0]' may be a path of several segments",
        f"gateway/proxy.js:11:19: SC107 axios call POST http://model:8000/{{path}} {forwarded} "
        "before run time: 'req.params.rest' may be a path of several segments",
        f"gateway/proxy.js:15:19: SC107 fetch call GET http://model:8000/{{path}} {forwarded} "
        "before run time: 'req.originalUrl.slice(8)' may be a path of several segments",
        "gateway/proxy.js:19:19: SC104 GET /models/{id} reaches 'model', which serves no such route",
        f"site/app/api/model/[...path]/route.ts:2:19: SC107 fetch call POST "
        f"http://model:8000/{{path}} {forwarded} before run time: 'params.path.join('/')' may "
        "be a path of several segments",
        "5 findings (1 error, 4 info) in 5 files across 4 services.",
    ]


def test_a_python_proxy_of_a_path_parameter_is_unsure_not_broken(repo: RepoFactory) -> None:
    root = repo(
        stack(
            {
                "edge/requirements.txt": "fastapi\nhttpx\nflask\n",
                "edge/main.py": """\
                    import httpx
                    from fastapi import FastAPI, Request

                    app = FastAPI()
                    model = httpx.AsyncClient(base_url="http://model:8000")


                    @app.api_route("/model/{path:path}", methods=["GET", "POST"])
                    async def forward(path: str, request: Request):
                        r = await model.request(request.method, f"/{path}")
                        return r.json()


                    @app.get("/parts/{section}/{rest:path}")
                    async def parts(section: str, rest: str):
                        r = await model.get("/" + "/".join(rest.split("/")[1:]))
                        return r.json()


                    @app.get("/one/{name}")
                    async def one(name: str):
                        r = await model.get(f"/models/{name}")
                        return r.json()
                    """,
                "edge/legacy.py": """\
                    import requests
                    from flask import Blueprint

                    bp = Blueprint("legacy", __name__)


                    @bp.route("/old/<path:subpath>")
                    def old(subpath):
                        return requests.get(f"http://model:8000/{subpath}").json()
                    """,
            }
        )
    )
    result = run_cli("check", str(root), "--select", "SC104,SC107", "--no-cache")
    # Before: `{path}` was one segment: SC104 "any method /{path} reaches 'model', which
    # serves no such route", and the same for the join and the Flask `<path:...>`.
    forwarded = "not linked to a service route: the path after 'http://model:8000/' is not known"
    assert result.output.splitlines() == [
        "edge/legacy.py:9:12: SC107 requests call GET http://model:8000/{path} "
        f"{forwarded} before run time: 'subpath' may be a path of several segments",
        f"edge/main.py:10:15: SC107 httpx call http://model:8000/{{path}} {forwarded} before "
        "run time: 'path' may be a path of several segments",
        f"edge/main.py:16:15: SC107 httpx call GET http://model:8000/{{path}} {forwarded} "
        """before run time: '"/".join(rest.split("/")[1:])' may be a path of several segments""",
        "edge/main.py:22:15: SC104 GET /models/{name} reaches 'model', which serves no such route",
        "4 findings (1 error, 3 info) in 5 files across 4 services.",
    ]


def test_vite_env_variables_read_through_optional_chaining_or_a_type_cast(
    repo: RepoFactory,
) -> None:
    root = repo(
        stack(
            {
                "web/.env": "VITE_API_URL=http://gateway:3000\n",
                "web/src/http.ts": """\
                    import axios from 'axios';

                    const baseURL = (import.meta as any).env?.VITE_API_URL || '/api';
                    export const api = axios.create({ baseURL });
                    export const docs = () => api.get('/docs');
                    export const health = () => fetch(`${import.meta.env?.VITE_API_URL}/health`);
                    """,
            }
        )
    )
    # Before: SC107 "URL is not known before run time: 'baseURL' is a parameter or not a
    # constant" for both: only `import.meta.env.X` written as one plain chain was read.
    assert links(root) == [
        "web/src/http.ts:5 GET /docs -> gateway linked gateway/server.js:5",
        "web/src/http.ts:6 GET /health -> gateway linked gateway/server.js:6",
    ]


def test_localhost_is_the_service_compose_publishes_the_port_for(repo: RepoFactory) -> None:
    compose = """\
        services:
          web:
            build: ./web
          gateway:
            build: ./gateway
            ports: ["3000:3000"]
          model:
            build: ./model
            expose: ["3000"]
        """
    root = repo(
        stack(
            {
                "docker-compose.yml": compose,
                "web/vite.config.ts": """\
                    import { defineConfig } from 'vite';
                    export default defineConfig({ server: { proxy: { '/docs': 'http://localhost:3000' } } });
                    """,
                "web/src/api.ts": "export const docs = () => fetch('/docs');\n",
            }
        )
    )
    # Before: SC107 "forwards to http://localhost:3000: several services listen on port
    # 3000: gateway, model", though the model's port is only exposed to the other containers.
    assert links(root) == [
        "web/src/api.ts:1 GET /docs -> gateway linked gateway/server.js:5 via vite proxy /docs"
    ]


def test_python_urljoin_resolves_as_a_url_parser_does(repo: RepoFactory) -> None:
    root = repo(
        stack(
            {
                "trainer/requirements.txt": "requests\n",
                "trainer/jobs.py": """\
                    from urllib.parse import urljoin

                    import requests

                    MODEL = "http://model:8000/"
                    GATEWAY = "http://gateway:3000/api/"


                    def predict(rows):
                        return requests.post(urljoin(MODEL, "predict"), json=rows)


                    def docs():
                        return requests.get(urljoin(GATEWAY, "/docs"))


                    def explain():
                        return requests.post(urljoin(GATEWAY, "explain"))
                    """,
            }
        )
    )
    # Before: each was SC107 "URL is not known before run time: computed at run time". A
    # root-relative ref keeps only the base's origin: /docs, which the gateway serves.
    assert links(root) == [
        "trainer/jobs.py:10 POST /predict -> model linked model/main.py:6",
        "trainer/jobs.py:14 GET /docs -> gateway linked gateway/server.js:5",
        "trainer/jobs.py:18 POST /api/explain -> gateway broken -",
    ]


def test_a_url_of_no_path_says_it_is_the_pages_own_address(repo: RepoFactory) -> None:
    """`fetch('')`, `$.post('')` and `fetch('?page=2')` request the address of the page making
    them. Before, the reason after "URL is not known before run time:" was blank (the URL
    shown without its query is empty)."""
    root = repo(
        {
            "web/package.json": package_json("web", dependencies={"jquery": "^3.7.0"}),
            "web/src/page.js": """\
                import $ from "jquery";

                export async function refresh(form) {
                  await fetch("");
                  await fetch("?page=2");
                  $.post("", $(form).serialize());
                }
                """,
        }
    )
    assert problems(root) == [
        "web/src/page.js:4 : URL is not known before run time: an empty URL requests the "
        "address of the page making the call",
        "web/src/page.js:5 : URL is not known before run time: a URL of a query or fragment "
        "alone requests the address of the page making the call",
        "web/src/page.js:6 : URL is not known before run time: an empty URL requests the "
        "address of the page making the call",
    ]
    # Nor is a blank left where the URL would be: "fetch call GET  not linked" before.
    assert findings(root)[:2] == [
        "SC107 web/src/page.js:4 fetch call GET not linked to a service route: URL is not "
        "known before run time: an empty URL requests the address of the page making the call",
        "SC107 web/src/page.js:5 fetch call GET not linked to a service route: URL is not "
        "known before run time: a URL of a query or fragment alone requests the address of the "
        "page making the call",
    ]


def test_a_factorys_client_whose_base_url_it_sets_again_is_not_read(repo: RepoFactory) -> None:
    """A factory binding a client and returning it is read as the call that made it, unless
    the factory sets the client's attributes before returning it: there the base URL it is
    made with is not the one its calls use (before: a false SC104 for the /v2 it was made
    with)."""
    root = repo(
        {
            "docker-compose.yml": "services:\n  api:\n    build: ./api\n  model:\n"
            "    build: ./model\n",
            "model/requirements.txt": "fastapi\n",
            "model/main.py": MODEL,
            "api/requirements.txt": "httpx\n",
            "api/client.py": """
                import httpx


                def get_client():
                    client = httpx.Client(base_url="http://model:8000/v2")
                    client.base_url = "http://model:8000"
                    return client


                def predict(rows):
                    return get_client().post("/predict", json=rows)
            """,
        }
    )
    assert [line for line in links(root) if "/v2" in line] == []


def test_a_request_to_the_pages_location_says_it_is_the_pages_own_address(
    repo: RepoFactory,
) -> None:
    """nicegui's `fetch(window.location.href, {headers})` asks the server of the page for the
    page again. Before, the reason read "'window.location' is a parameter or not a constant":
    it is neither, but the browser's address of the page."""
    root = repo(
        {
            "web/package.json": package_json("web", dependencies={"vue": "^3.5.0"}),
            "web/src/reconnect.js": """\
                export async function tryReconnect() {
                  await fetch(window.location.href, { headers: { "X-Check": "reconnect" } });
                  await fetch(document.location);
                }

                export async function reload(location) {
                  await fetch(location);
                }
                """,
        }
    )
    assert problems(root) == [
        "web/src/reconnect.js:2 {location}: URL is not known before run time: "
        "'window.location.href' is the address of the page making the call",
        "web/src/reconnect.js:3 {location}: URL is not known before run time: "
        "'document.location' is the address of the page making the call",
        # a parameter named so is not the page's
        "web/src/reconnect.js:7 {location}: URL is not known before run time: "
        "'location' is a parameter or not a constant",
    ]
