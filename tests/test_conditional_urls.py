"""A URL chosen by a conditional between two strings (`isBatch ? '/a' : '/b'`, `URL_A if
batch else URL_B`): each branch is a value the code may send (`Part.branches`). Before,
the argument was "computed at run time": SC107, whatever its branches said."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

COMPOSE = """\
    services:
      gateway:
        build: ./gateway
        ports: ["8080:8080"]
      worker:
        build: ./worker
      ml:
        build: ./ml
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


def stack(gateway_calls: str, worker_calls: str) -> dict[str, str]:
    """A Node gateway and a Python worker calling the ML service."""
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json(
            "gateway", dependencies={"express": "4", "axios": "1"}
        ),
        "gateway/server.js": f"""\
            const express = require('express');
            const axios = require('axios');
            const ML = 'http://ml:8000';
            const app = express();
            app.post('/score', async (req, res) => {{
              const isBatch = Array.isArray(req.body);
            {gateway_calls}
              res.json({{}});
            }});
            app.listen(8080);
            """,
        "worker/requirements.txt": "httpx\n",
        "worker/jobs.py": f"""\
            import httpx

            ONE = "http://ml:8000/predict"
            MANY = "http://ml:8000/predict/batch"
            TYPO = "http://ml:8000/predict/bacth"


            def score(items: list) -> None:
                batch = len(items) > 1
            {worker_calls}
            """,
        "ml/requirements.txt": "fastapi\n",
        "ml/main.py": ML_SERVICE,
    }


def test_each_branch_of_a_conditional_url_is_checked(repo: RepoFactory) -> None:
    root = repo(
        stack(
            """\
              await fetch(isBatch ? `${ML}/predict/batch` : `${ML}/predict`, { method: 'POST' });
              await axios.post(isBatch ? `${ML}/predict/bacth` : `${ML}/predict`, req.body);
              await fetch(isBatch ? `${ML}/predict/batch` : req.query.callback, { method: 'POST' });
              await fetch(isBatch ? `${ML}/predict/batch` : 'https://api.example.com/v1/predict', {
                method: 'POST',
              });
            """,
            """\
                httpx.post(MANY if batch else ONE, json=items)
                httpx.post(TYPO if batch else ONE, json=items)
            """,
        )
    )
    # A branch reaching a host outside the repository is not checked; the other is.
    assert links(root) == [
        "gateway/server.js:10 POST /predict/batch -> ml linked ml/main.py:11",
        "gateway/server.js:7 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:7 POST /predict/batch -> ml linked ml/main.py:11",
        "gateway/server.js:8 POST /predict -> ml linked ml/main.py:6",
        "gateway/server.js:8 POST /predict/bacth -> ml broken -",
        "worker/jobs.py:10 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:10 POST /predict/batch -> ml linked ml/main.py:11",
        "worker/jobs.py:11 POST /predict -> ml linked ml/main.py:6",
        "worker/jobs.py:11 POST /predict/bacth -> ml broken -",
    ]
    # A branch whose value is not known leaves the call unsure, as before.
    assert problems(root) == [
        "gateway/server.js:9 {value}: URL is not known before run time: the code chooses "
        "between 'http://ml:8000/predict/batch' and '{callback}'; with '{callback}', "
        "'req.query.callback' is a parameter or not a constant"
    ]
    assert [f for f in findings(root) if f.startswith("SC104")] == [
        "SC104 gateway/server.js:8 POST /predict/bacth reaches 'ml', which serves no such "
        "route; did you mean POST /predict/batch (ml/main.py:11)?",
        "SC104 worker/jobs.py:11 POST /predict/bacth reaches 'ml', which serves no such "
        "route; did you mean POST /predict/batch (ml/main.py:11)?",
    ]
