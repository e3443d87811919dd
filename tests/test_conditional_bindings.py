"""A conditional choosing between two URLs that is bound to a name first (`const url =
isBatch ? ... : ...`, `url = A if batch else B`), a module constant chosen on the
environment (`NODE_ENV === 'production' ? 'http://ml:8000' : 'http://localhost:8000'`), a
default parameter or a class field holding one: each branch is a value the code may send,
as when the conditional is written in the call (test_conditional_urls.py). Before, the name
was "a parameter or not a constant": SC107, whatever its branches said."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems, seam_map

COMPOSE = """\
    services:
      gateway:
        build: ./gateway
        ports: ["8080:8080"]
      worker:
        build: ./worker
      ml:
        build: ./ml
        ports: ["8000:8000"]
    """

ML_SERVICE = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/predict")
    def predict() -> dict:
        return {}


    @app.post("/predict/batch")
    def predict_batch() -> dict:
        return {}
    """


def stack(gateway: str, worker: str) -> dict[str, str]:
    """A Node gateway and a Python worker calling the ML service, which compose publishes on
    the host's port 8000."""
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "4", "axios": "1"}
        ),
        "gateway/server.js": gateway,
        "worker/requirements.txt": "httpx\n",
        "worker/jobs.py": worker,
        "ml/requirements.txt": "fastapi\nuvicorn\n",
        "ml/Dockerfile": """\
            FROM python:3.12-slim
            CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
            """,
        "ml/main.py": ML_SERVICE,
    }


def sc104(root: object) -> list[str]:
    return [f for f in findings(root) if f.startswith("SC104")]  # type: ignore[arg-type]


def test_a_conditional_bound_to_a_name_is_checked_on_each_branch(repo: RepoFactory) -> None:
    root = repo(
        stack(
            """\
            const express = require('express');
            const axios = require('axios');
            const ML = 'http://ml:8000';
            const app = express();
            app.post('/score', async (req, res) => {
              const isBatch = Array.isArray(req.body);
              const url = isBatch ? `${ML}/predict/batch` : `${ML}/predict`;
              await fetch(url, { method: 'POST', body: JSON.stringify(req.body) });
              const typo = isBatch ? `${ML}/predict/bacth` : `${ML}/predict`;
              await axios.post(typo, req.body);
              const back = isBatch ? `${ML}/predict/batch` : req.query.callback;
              await axios.post(back, req.body);
              res.json({});
            });
            app.listen(8080);
            """,
            """\
            import httpx

            ML = "http://ml:8000"


            def score(items: list) -> None:
                batch = len(items) > 1
                url = f"{ML}/predict/batch" if batch else f"{ML}/predict"
                httpx.post(url, json=items)
                typo = f"{ML}/predict/bacth" if batch else f"{ML}/predict"
                httpx.post(typo, json=items)
            """,
        )
    )
    assert links(root) == [
        "gateway/server.js:10 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:10 POST /predict/bacth -> ml broken -",
        "gateway/server.js:8 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:8 POST /predict/batch -> ml linked ml/main.py:11",
        "worker/jobs.py:11 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:11 POST /predict/bacth -> ml broken -",
        "worker/jobs.py:9 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:9 POST /predict/batch -> ml linked ml/main.py:11",
    ]
    # A branch whose value is not known leaves the call unsure, naming the branch.
    assert problems(root) == [
        "gateway/server.js:12 {back}: URL is not known before run time: the code chooses "
        "between 'http://ml:8000/predict/batch' and '{callback}'; with '{callback}', "
        "'req.query.callback' is a parameter or not a constant"
    ]
    assert sc104(root) == [
        "SC104 gateway/server.js:10 POST /predict/bacth reaches 'ml', which serves no such "
        "route; did you mean POST /predict/batch (ml/main.py:11)?",
        "SC104 worker/jobs.py:11 POST /predict/bacth reaches 'ml', which serves no such "
        "route; did you mean POST /predict/batch (ml/main.py:11)?",
    ]


def test_a_base_url_chosen_on_the_environment_is_each_place_the_code_may_call(
    repo: RepoFactory,
) -> None:
    root = repo(
        stack(
            """\
            const express = require('express');
            const axios = require('axios');
            const API =
              process.env.NODE_ENV === 'production' ? 'http://ml:8000' : 'http://localhost:8000';
            const ELSEWHERE =
              process.env.NODE_ENV === 'production' ? 'http://ml:8000' : 'http://scorer:9000';
            const app = express();
            app.post('/score', async (req, res) => {
              await axios.post(`${API}/predict`, req.body);
              await axios.post(`${API}/predcit`, req.body);
              await axios.post(`${ELSEWHERE}/predict`, req.body);
              res.json({});
            });
            app.listen(8080);
            """,
            """\
            import os

            import httpx

            BASE = "http://ml:8000" if os.getenv("ENV") == "prod" else "http://localhost:8000"


            def score(items: list) -> None:
                httpx.post(f"{BASE}/predict/batch", json=items)
            """,
        )
    )
    # Both branches reach ml (by name, and on the port compose publishes): one link each.
    assert links(root) == [
        "gateway/server.js:10 POST /predcit -> ml broken -",
        "gateway/server.js:9 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:9 POST /predict/batch -> ml linked ml/main.py:11",
    ]
    # A branch to a host no service is stays unsure, as before.
    assert problems(root) == [
        "gateway/server.js:11 {ELSEWHERE}/predict: URL is not known before run time: the code "
        "chooses between 'http://ml:8000' and 'http://scorer:9000'; with "
        "'http://scorer:9000', host 'scorer' names no service (compose service, hostname, "
        "alias, Kubernetes service, folder, or [services.NAME] hosts)"
    ]
    assert sc104(root) == [
        "SC104 gateway/server.js:10 POST /predcit reaches 'ml', which serves no such route; "
        "did you mean POST /predict (ml/main.py:6)?",
    ]


def test_a_conditional_reaches_a_call_through_a_wrapper_a_default_or_a_field(
    repo: RepoFactory,
) -> None:
    root = repo(
        stack(
            """\
            const express = require('express');
            const axios = require('axios');
            const ML = 'http://ml:8000';

            function score(url, body) {
              return axios.post(url, body);
            }

            function post(body, url = process.env.BATCH ? `${ML}/predict/batch` : `${ML}/predict`) {
              return axios.post(url, body);
            }

            class Scorer {
              endpoint = process.env.BATCH ? `${ML}/predict/bacth` : `${ML}/predict`;

              run(body) {
                return axios.post(this.endpoint, body);
              }
            }

            const app = express();
            app.post('/score', async (req, res) => {
              const url = Array.isArray(req.body) ? `${ML}/predict/batch` : `${ML}/predict`;
              await score(url, req.body);
              await post(req.body);
              await new Scorer().run(req.body);
              res.json({});
            });
            app.listen(8080);
            """,
            """\
            import os

            import httpx

            ONE = "http://ml:8000/predict"
            MANY = "http://ml:8000/predict/batch"


            def score(items: list, url: str = MANY if os.getenv("BATCH") else ONE) -> None:
                httpx.post(url, json=items)


            def run(items: list) -> None:
                score(items)
            """,
        )
    )
    # A wrapper's call is shown where the wrapper is called (each call of `score`, `post`).
    assert links(root) == [
        "gateway/server.js:17 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:17 POST /predict/bacth -> ml broken -",
        "gateway/server.js:24 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:24 POST /predict/batch -> ml linked ml/main.py:11",
        "gateway/server.js:25 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:25 POST /predict/batch -> ml linked ml/main.py:11",
        "worker/jobs.py:14 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:14 POST /predict/batch -> ml linked ml/main.py:11",
    ]
    assert problems(root) == []
    assert sc104(root) == [
        "SC104 gateway/server.js:17 POST /predict/bacth reaches 'ml', which serves no such "
        "route; did you mean POST /predict/batch (ml/main.py:11)?",
    ]


def test_a_name_holding_a_conditional_is_shown_by_its_name(repo: RepoFactory) -> None:
    # A route prefix chosen on the environment and held by a constant: the router serves
    # under each prefix the code may choose (`/v1/predict`, `/v2/predict`), not under one
    # parameter segment (`/{PREFIX}/predict`, as read before the choices were spelt out).
    files = stack(
        """\
        const express = require('express');
        const app = express();
        app.listen(8080);
        """,
        """\
        import httpx


        def score(items: list) -> None:
            httpx.post("http://ml:8000/predict", json=items)
        """,
    )
    files["ml/main.py"] = """\
        import os

        from fastapi import APIRouter, FastAPI

        app = FastAPI()
        router = APIRouter()


        @router.post("/predict")
        def predict() -> dict:
            return {}


        PREFIX = "/v2" if os.getenv("V2") else "/v1"
        app.include_router(router, prefix=PREFIX)
        """
    root = repo(files)
    assert sc104(root) == [
        "SC104 worker/jobs.py:5 POST /predict reaches 'ml', which serves no such route; did "
        "you mean POST /v1/predict (ml/main.py:9)?",
    ]


def test_a_url_held_by_a_name_may_be_chosen_with_the_method(repo: RepoFactory) -> None:
    # Create-or-update: the URL and the method follow the same condition, so PUT never goes
    # to /items nor POST to /items/{id}. A branch served only for another method, when another
    # branch links, is unsure, not an error; a branch no route takes at all still is one, and
    # so is a conditional written in the call itself, whose method is the call's.
    files = stack(
        """\
        const express = require('express');
        const axios = require('axios');
        const ML = 'http://ml:8000';
        const app = express();
        app.post('/save', async (req, res) => {
          const id = req.body.id;
          const url = id ? `${ML}/items/${id}` : `${ML}/items`;
          if (id) {
            await axios.put(url, req.body);
          } else {
            await axios.post(url, req.body);
          }
          const typo = id ? `${ML}/itmes/${id}` : `${ML}/items`;
          await axios.post(typo, req.body);
          await axios.put(id ? `${ML}/items/${id}` : `${ML}/items`, req.body);
          res.json({});
        });
        app.listen(8080);
        """,
        """\
        import httpx

        ML = "http://ml:8000"


        def save(item: dict) -> None:
            item_id = item.get("id")
            url = f"{ML}/items/{item_id}" if item_id else f"{ML}/items"
            if item_id:
                httpx.put(url, json=item)
            else:
                httpx.post(url, json=item)
        """,
    )
    files["ml/main.py"] = """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/items")
        def create() -> dict:
            return {}


        @app.put("/items/{item_id}")
        def update(item_id: int) -> dict:
            return {}
        """
    root = repo(files)
    assert sc104(root) == [
        "SC104 gateway/server.js:14 POST /itmes/{id} reaches 'ml', which serves no such route; "
        "did you mean PUT /items/{item_id} (ml/main.py:11)?",
        "SC104 gateway/server.js:15 PUT /items reaches 'ml', which serves /items for POST "
        "only; did you mean POST /items (ml/main.py:6)?",
    ]
    assert problems(root) == [
        "gateway/server.js:11 {url}: URL is not known before run time: the code chooses "
        "between 'http://ml:8000/items/{id}' and 'http://ml:8000/items'; with "
        "'http://ml:8000/items/{id}', 'ml' serves /items/{item_id} for PUT only, a method the "
        "code may choose by the same condition",
        "gateway/server.js:9 {url}: URL is not known before run time: the code chooses "
        "between 'http://ml:8000/items/{id}' and 'http://ml:8000/items'; with "
        "'http://ml:8000/items', 'ml' serves /items for POST only, a method the code may "
        "choose by the same condition",
        "worker/jobs.py:10 {url}: URL is not known before run time: the code chooses between "
        "'http://ml:8000/items/{item_id}' and 'http://ml:8000/items'; with "
        "'http://ml:8000/items', 'ml' serves /items for POST only, a method the code may "
        "choose by the same condition",
        "worker/jobs.py:12 {url}: URL is not known before run time: the code chooses between "
        "'http://ml:8000/items/{item_id}' and 'http://ml:8000/items'; with "
        "'http://ml:8000/items/{item_id}', 'ml' serves /items/{item_id} for PUT only, a "
        "method the code may choose by the same condition",
    ]


def test_a_conditional_written_in_parentheses_is_read_alike(repo: RepoFactory) -> None:
    # Chainlit's Azure AD provider: `token_url = (f"https://login.microsoftonline.com/
    # {tenant}/oauth2/v2.0/token" if single_tenant else "https://.../common/...")`, a class
    # attribute over several lines. Before, the parentheses hid the conditional: "'self.
    # token_url' is a parameter or not a constant". The worker's call, with a typo in one
    # branch, reaches the ML service.
    root = repo(
        stack(
            """\
            const express = require('express');
            const app = express();
            app.listen(8080);
            """,
            """\
            import os

            import httpx

            ML = "http://ml:8000"


            class Provider:
                token_url = (
                    f"https://login.microsoftonline.com/{os.environ.get('TENANT_ID', '')}/token"
                    if os.environ.get("SINGLE_TENANT")
                    else "https://login.microsoftonline.com/common/oauth2/v2.0/token"
                )

                async def token(self, code: str) -> dict:
                    async with httpx.AsyncClient() as client:
                        return (await client.post(self.token_url, data={"code": code})).json()


            def score(items: list) -> None:
                url = (
                    f"{ML}/predict/bacth"
                    if len(items) > 1
                    else f"{ML}/predict"
                )
                httpx.post(url, json=items)
            """,
        )
    )
    calls = seam_map(root).calls
    assert [(c.where.line, c.external, c.problem) for c in calls if not c.links] == [(17, True, "")]
    assert links(root) == [
        "worker/jobs.py:26 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:26 POST /predict/bacth -> ml broken -",
    ]
