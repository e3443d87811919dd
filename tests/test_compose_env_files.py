"""Base URLs that compose gives a service through `env_file:` files and through the `.env`
file it interpolates the compose file with: a Node gateway calling a FastAPI model service,
deployed with docker compose."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, problems

FILES = {
    "gateway/package.json": package_json("gateway", dependencies={"express": "4"}),
    "gateway/src/index.js": """\
        const express = require('express');
        const app = express();
        app.post('/score', async (req, res) => {
          const r = await fetch(`${process.env.MODEL_URL}/v1/predict`, { method: 'POST' });
          const t = await fetch(`${process.env.MODEL_URL}/v1/predcit`, { method: 'POST' });
          res.json(await r.json());
        });
        app.listen(3000);
        """,
    "model/requirements.txt": "fastapi\n",
    "model/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/v1/predict")
        async def predict() -> dict:
            return {}
        """,
}

LINKED = [
    "gateway/src/index.js:4 POST /v1/predict -> model linked model/main.py:6",
    "gateway/src/index.js:5 POST /v1/predcit -> model broken -",
]


def _compose(gateway: str) -> str:
    return f"services:\n  gateway:\n    build: ./gateway\n{gateway}  model:\n    build: ./model\n"


def test_a_url_from_an_env_file_links_the_call(repo: RepoFactory) -> None:
    root = repo(
        {
            **FILES,
            "deploy/compose.yaml": _compose(
                "    env_file:\n      - ./config/common.env\n      - path: ./config/gateway.env\n"
                "        required: false\n"
            )
            .replace("./gateway", "../gateway")
            .replace("./model", "../model"),
            "deploy/config/common.env": "LOG_LEVEL=info\nMODEL_URL=http://localhost:9999\n",
            # The later file wins, as compose reads them.
            "deploy/config/gateway.env": "# the model service\nMODEL_URL=http://model:8000\n",
        }
    )
    # Before: env_file was not read; both calls were SC107 ("MODEL_URL is not known").
    assert links(root) == LINKED


def test_environment_wins_over_an_env_file(repo: RepoFactory) -> None:
    root = repo(
        {
            **FILES,
            "compose.yaml": _compose(
                "    env_file: gateway.env\n    environment:\n      MODEL_URL: http://model:8000\n"
            ),
            "gateway.env": "MODEL_URL=http://elsewhere:8000\n",
        }
    )
    assert links(root) == LINKED


def test_a_compose_variable_takes_its_value_from_the_env_file_beside_it(
    repo: RepoFactory,
) -> None:
    files = {
        **FILES,
        "compose.yaml": _compose("    environment:\n      MODEL_URL: ${MODEL_URL}\n"),
        ".env": "MODEL_URL=http://model:8000\n",
    }
    # Before: `${MODEL_URL}` was read as empty: both calls were SC107.
    assert links(repo(files)) == LINKED


def test_without_a_value_anywhere_the_call_stays_unsure(repo: RepoFactory) -> None:
    files = {**FILES, "compose.yaml": _compose("    environment:\n      MODEL_URL: ${MODEL_URL}\n")}
    root = repo(files)
    assert links(root) == []
    assert len(problems(root)) == 2


def test_an_nginx_template_is_rendered_with_the_env_file_of_its_container(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  web:
                    build: ./web
                  model:
                    build: ./model
                  nginx:
                    image: nginx:1.27
                    ports: ["80:80"]
                    env_file: deploy/nginx.env
                    environment:
                      - MODEL_PORT=8000
                    volumes:
                      - ./deploy/templates:/etc/nginx/templates:ro
                """,
            "deploy/nginx.env": "MODEL_HOST=model\nMODEL_PORT=9999\n",
            "deploy/templates/default.conf.template": """\
                server {
                    listen 80;
                    location /api/ {
                        proxy_pass http://${MODEL_HOST}:${MODEL_PORT}/;
                    }
                }
                """,
            "web/package.json": package_json("web", dependencies={"react": "^18.2.0"}),
            "web/src/api.js": """\
                export const predict = () => fetch('/api/v1/predict', { method: 'POST' });
                """,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": FILES["model/main.py"],
        }
    )
    # Before: MODEL_HOST, set only in the env_file, stayed `${MODEL_HOST}` (SC107).
    assert links(root) == [
        "web/src/api.js:1 POST /v1/predict -> model linked model/main.py:6 via nginx location /api/"
    ]


# The gateway's calls with the API's version in MODEL_URL (http://model:8000/v1).
VERSIONED = {
    **FILES,
    "gateway/src/index.js": FILES["gateway/src/index.js"].replace("/v1/pred", "/pred"),
}


def test_env_file_values_are_read_as_compose_reads_them(repo: RepoFactory) -> None:
    root = repo(
        {
            **VERSIONED,
            "compose.yaml": _compose("    env_file: gateway.env\n"),
            "gateway.env": (
                "# unquoted, with a comment after it\n"
                "MODEL_URL=http://model:8000/v0 # the old API\n"
                "export MODEL_HOST=model\n"
                "MODEL_ORIGIN='http://${MODEL_HOST}:8000' # single quotes: as written\n"
                # The last value wins; double quotes interpolate the lines above.
                'MODEL_URL="http://${MODEL_HOST}:8000/v1"\n'
            ),
        }
    )
    # Before: the comment stayed in the value and the first MODEL_URL won (POST '/v0 ',
    # a false SC104 'no such route').
    assert links(root) == LINKED


def test_required_and_unbraced_variables_take_the_dotenv_value(repo: RepoFactory) -> None:
    for written in ("${MODEL_URL:?set MODEL_URL}", "$MODEL_URL"):
        root = repo(
            {
                **VERSIONED,
                "compose.yaml": _compose(f"    environment:\n      MODEL_URL: {written}\n"),
                ".env": "MODEL_URL=http://model:8000/v1\n",
            }
        )
        # Before: both stayed as written, SC107 ("URL is not known before run time").
        assert links(root) == LINKED, written


def test_a_variable_nothing_in_the_repository_sets_leaves_the_url_unknown(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **VERSIONED,
            # MODEL_PREFIX comes from the shell that runs compose (CI sets it to /v1).
            "compose.yaml": _compose(
                "    environment:\n      MODEL_URL: http://model:8000${MODEL_PREFIX}\n"
            ),
        }
    )
    # Before: read as empty, the calls were checked as POST /predict: a false SC104 on the
    # correct call.
    # Then: SC107 said no more than the URL; it says where the variable is left to the shell.
    assert links(root) == []
    note = (
        "environment variable MODEL_URL is set to 'http://model:8000${MODEL_PREFIX}' in "
        "compose.yaml (gateway), which takes MODEL_PREFIX from the shell"
    )
    # The host is known; what MODEL_PREFIX leaves unknown is where the path starts (before,
    # SC107 said the host).
    unknown = "the start of the path after 'http://model:8000' is not known before run time"
    assert problems(root) == [
        f"gateway/src/index.js:4 http://model:8000{{MODEL_PREFIX}}/predict: {unknown}: {note}",
        f"gateway/src/index.js:5 http://model:8000{{MODEL_PREFIX}}/predcit: {unknown}: {note}",
    ]


def test_a_default_may_hold_a_variable_of_its_own(repo: RepoFactory) -> None:
    written = "${MODEL_URL:-http://model:${MODEL_PORT:-8000}}"
    for dotenv in ("MODEL_PORT=8000\n", "MODEL_URL=http://model:8000\n", ""):
        root = repo(
            {
                **FILES,
                "compose.yaml": _compose(f"    environment:\n      MODEL_URL: {written}\n"),
                ".env": dotenv,
            }
        )
        # Before: the default ended at the first `}`, and the second `}` was kept: with
        # MODEL_URL set the URL was 'http://model:8000}', a false SC104 ('POST /}/v1/predict
        # ... serves no such route'); without it, 'http://model:${MODEL_PORT:-8000}' (SC107).
        assert links(root) == LINKED, dotenv


def test_defaults_nested_past_any_real_file_end_without_a_traceback(repo: RepoFactory) -> None:
    written = "${A:-" * 600 + "http://model:8000" + "}" * 600
    root = repo(
        {
            **FILES,
            "compose.yaml": _compose("    environment:\n      MODEL_URL: ${MODEL_URL}\n"),
            ".env": f"MODEL_URL={written}\n",
        }
    )
    # Before: a RecursionError, "seamcheck: internal error". The value is kept as written:
    # not known.
    assert links(root) == []
    assert len(problems(root)) == 2
