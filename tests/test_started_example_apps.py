"""An app in example code (`examples/`, `samples/`, ...) that the deployment starts by name
serves the service's callers (`seams/started.py`): the root Dockerfile's `CMD ["uvicorn",
"examples.main:app"]`, a compose `command:`, a Procfile line, an npm `start` script. Before,
such an app's routes were dropped with every other example's (`test_example_code_routes.py`)
and a gateway's correct call to it was an SC104 or SC107. An example nothing starts, or only
its own Dockerfile does, still serves only the examples."""

from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, routes, seam_map

_GATEWAY = """\
    const express = require("express");
    const app = express();
    app.post("/api/run", async (req, res) => {
      const reply = await fetch("http://model:8000/predict", { method: "POST" });
      res.json(await reply.json());
    });
    app.listen(8080);
    """

_EXAMPLE_APP = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/predict")
    async def predict(payload: dict) -> dict:
        return {"label": "dog"}
    """

_DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD {command}
"""


def _model_repo(command: str, **more: str) -> dict[str, str]:
    return {
        "docker-compose.yml": "services:\n  gw:\n    build: ./gw\n  model:\n    build: ./model\n",
        "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
        "gw/src/server.js": _GATEWAY,
        "model/requirements.txt": "fastapi\nuvicorn\n",
        "model/Dockerfile": _DOCKERFILE.format(command=command),
        "model/examples/main.py": _EXAMPLE_APP,
        **more,
    }


_OWN_APP = {
    "model/app/__init__.py": "",
    "model/app/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/health")
        async def health() -> dict:
            return {}
        """,
}


def test_the_example_app_the_dockerfile_starts_serves_the_gateway(repo: RepoFactory) -> None:
    root = repo(_model_repo('["uvicorn", "examples.main:app", "--host", "0.0.0.0"]'))
    # Before: SC107, 'model' declares no route seamcheck recognises.
    assert findings(root) == []
    result = run_cli("seams", str(root), "--no-cache")
    assert "gw/src/server.js:4 -> POST /predict -> model model/examples/main.py:6" in result.stdout
    assert routes(root) == [
        "gw POST /api/run gw/src/server.js:3",
        "model POST /predict model/examples/main.py:6",
    ]


def test_the_example_app_started_beside_the_service_own_package_serves(
    repo: RepoFactory,
) -> None:
    # A shell form under a WORKDIR: `/app/examples/main.py` in the image.
    root = repo(_model_repo("uvicorn examples.main:app --host 0.0.0.0 --port 8000", **_OWN_APP))
    # Before: SC104 POST /predict reaches 'model', which serves no such route.
    assert findings(root) == []
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model linked model/examples/main.py:6"
    ]


def test_an_example_the_deployment_does_not_start_still_serves_no_call(
    repo: RepoFactory,
) -> None:
    files = _model_repo('["uvicorn", "app.main:app", "--host", "0.0.0.0"]', **_OWN_APP)
    # The example's own Dockerfile, and a command naming `main.py` but not the example
    # folder, start no example of the service.
    files["model/examples/Dockerfile"] = "FROM python:3.12\nCMD uvicorn main:app\n"
    files["model/Procfile"] = "release: python main.py\n"
    root = repo(files)
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /predict reaches 'model', which serves no such route"
    ]
    assert routes(root) == [
        "gw POST /api/run gw/src/server.js:3",
        "model GET /health model/app/main.py:6",
    ]


def test_a_compose_command_that_starts_an_example_app(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", "app.main:app"]', **_OWN_APP)
    files["docker-compose.yml"] = """\
services:
  gw:
    build: ./gw
  model:
    build: ./model
    command: sh -c "cd examples && uvicorn main:app --host 0.0.0.0 --port 8000"
"""
    root = repo(files)
    # Before: SC104.
    assert findings(root) == []


def test_what_the_started_example_imports_serves_too(repo: RepoFactory) -> None:
    files = _model_repo('["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "examples.main:app"]')
    files["model/examples/__init__.py"] = ""
    files["model/examples/main.py"] = """\
        from fastapi import FastAPI

        from examples.routers import router

        app = FastAPI()
        app.include_router(router)
        """
    files["model/examples/routers.py"] = """\
        from fastapi import APIRouter

        router = APIRouter()


        @router.post("/predict")
        async def predict(payload: dict) -> dict:
            return {}
        """
    root = repo(files)
    # Before: SC107.
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model linked model/examples/routers.py:6"
    ]


def test_a_procfile_that_starts_an_example_app(repo: RepoFactory) -> None:
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "kit"\ndependencies = ["fastapi"]\n',
            "Procfile": (
                "release: python -m kit.migrate\n"
                "web: gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT examples.api:app\n"
            ),
            "kit/__init__.py": "",
            "kit/migrate.py": "print('migrated')\n",
            "examples/api.py": _EXAMPLE_APP,
            "examples/quickstart.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/items/{item_id}")
                async def item(item_id: int) -> dict:
                    return {}
                """,
        }
    )
    # Before: no route (both apps were examples); the one the Procfile starts now serves.
    assert routes(root) == ["kit POST /predict examples/api.py:6"]


def test_many_start_commands_beside_many_examples(repo: RepoFactory) -> None:
    # Each path a command names is looked up by its endings, not matched against every
    # example file (15,000 lines beside 2,000 examples took 13 s: `bench/hostile_inputs.py
    # procfile-examples`); the example one line of many starts still serves.
    files = {f"examples/e{i}.py": "x = 1\n" for i in range(300)}
    lines = "".join(f"p{i}: uvicorn pkg{i}.mod:app\n" for i in range(3_000))
    root = repo(
        {
            **files,
            "pyproject.toml": '[project]\nname = "kit"\ndependencies = ["fastapi"]\n',
            "Procfile": lines + "web: uvicorn examples.api:app\n",
            "examples/api.py": _EXAMPLE_APP,
        }
    )
    assert routes(root) == ["kit POST /predict examples/api.py:6"]


def test_an_npm_start_script_that_starts_an_example_server(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": "services:\n  gw:\n    build: ./gw\n  model:\n    build: ./model\n",
            "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
            "gw/src/server.js": _GATEWAY,
            "model/package.json": package_json(
                "model",
                scripts={"build": "tsc", "start": "npm run build && node examples/server.js"},
                dependencies={"express": "^4.19.0"},
            ),
            "model/src/index.js": "module.exports = { label: () => 'dog' };\n",
            "model/examples/server.js": """\
                const express = require("express");
                const app = express();
                app.post("/predict", (req, res) => res.json({ label: "dog" }));
                app.listen(8000);
                """,
        }
    )
    # Before: SC107, 'model' declares no route seamcheck recognises.
    assert findings(root) == []
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model linked model/examples/server.js:3"
    ]


def test_a_cached_run_reads_the_procfile_again_when_it_changes(
    repo: RepoFactory, tmp_path: Path
) -> None:
    files = _model_repo('["uvicorn", "app.main:app"]', **_OWN_APP)
    del files["model/Dockerfile"]  # built from its Procfile (a buildpack)
    files["model/Procfile"] = "web: uvicorn app.main:app --port 8000\n"
    root = repo(files)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    past = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    assert "SC104" in run_cli("check", str(root), *cache).stdout
    procfile = root / "model/Procfile"
    procfile.write_text("web: uvicorn examples.main:app --port 8000\n")
    os.utime(procfile, (past, past))
    # Before: a replayed run did not watch a Procfile's content.
    assert "SC104" not in run_cli("check", str(root), *cache).stdout


def test_odd_start_commands_name_nothing_and_never_fail(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", 1, {"a": "b"}]', **_OWN_APP)
    files["docker-compose.yml"] = """\
services:
  gw:
    build: ./gw
    command: {run: server}
  model:
    build: ./model
    entrypoint: 5
    command: ["sh", "-c"]
    working_dir: $WORKDIR
"""
    files["model/Procfile"] = ":\nweb\n: uvicorn examples.main:app\n# web: x\nweb: 'unclosed\n"
    files["model/package.json"] = '{"scripts": ["node examples/server.js"]'
    files["gw/package.json"] = package_json(
        "gw", scripts={"start": 5, "serve": "node $ENTRY"}, dependencies={"express": "^4.19.0"}
    )
    root = repo(files)
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /predict reaches 'model', which serves no such route"
    ]


def test_a_cmd_nested_too_deep_to_decode_is_a_shell_form(repo: RepoFactory) -> None:
    # `CMD [[[[...` past Python's recursion limit stopped the whole run with "internal
    # error: RecursionError" (only ValueError was caught); now it is a shell form naming
    # nothing, like any other CMD that is not a JSON list of strings.
    root = repo(_model_repo("[" * 100_000, **_OWN_APP))
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /predict reaches 'model', which serves no such route"
    ]


_ENTRYPOINT_SCRIPT = """\
#!/bin/sh
# Wait for the database, then serve.
set -e
python -m scripts.wait_for_db
exec uvicorn examples.main:app --host 0.0.0.0 --port 8000 "$@"
"""


def test_an_entrypoint_script_that_starts_an_example_app(repo: RepoFactory) -> None:
    files = _model_repo('["--workers", "2"]', **_OWN_APP)
    files["model/Dockerfile"] = files["model/Dockerfile"].replace(
        "CMD", 'ENTRYPOINT ["./docker-entrypoint.sh"]\nCMD'
    )
    files["model/docker-entrypoint.sh"] = _ENTRYPOINT_SCRIPT
    root = repo(files)
    # Before: SC104, the script's `exec uvicorn examples.main:app` was not read.
    assert findings(root) == []
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model linked model/examples/main.py:6"
    ]


def test_a_compose_command_that_runs_a_script_with_sh(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", "app.main:app"]', **_OWN_APP)
    files["docker-compose.yml"] += "    command: sh scripts/run.sh\n"
    files["model/scripts/run.sh"] = (
        "cd examples\nexec gunicorn -k uvicorn.workers.UvicornWorker main:app\n"
    )
    root = repo(files)
    # Before: SC104 (the compose command runs a script, which was not read).
    assert findings(root) == []


def test_a_script_that_runs_another_script_is_not_followed(repo: RepoFactory) -> None:
    files = _model_repo('["./start.sh"]', **_OWN_APP)
    files["model/start.sh"] = "#!/bin/sh\n./serve.sh\n"
    files["model/serve.sh"] = "exec uvicorn examples.main:app\n"
    root = repo(files)
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /predict reaches 'model', which serves no such route"
    ]


def test_the_example_folder_copied_to_the_workdir_is_started(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", "main:app", "--host", "0.0.0.0"]', **_OWN_APP)
    files["model/Dockerfile"] = files["model/Dockerfile"].replace(
        "COPY . .", "COPY examples/ /app/"
    )
    root = repo(files)
    # Before: SC104, `main.py` in the image was not known to be `examples/main.py`.
    assert findings(root) == []
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model linked model/examples/main.py:6"
    ]


def test_an_example_copied_from_an_earlier_stage_is_started(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", "main:app"]', **_OWN_APP)
    build = "FROM python:3.12-slim AS build\nWORKDIR /src\nCOPY . .\n\n"
    files["model/Dockerfile"] = build + files["model/Dockerfile"].replace(
        "COPY . .", "COPY --from=build /src/examples/ /app/"
    )
    root = repo(files)
    # Before: SC104, what the build stage had put in /src/examples was not known.
    assert findings(root) == []
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model linked model/examples/main.py:6"
    ]


def test_a_stage_built_on_another_keeps_its_files_and_command(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", "main:app"]', **_OWN_APP)
    files["model/Dockerfile"] = (
        files["model/Dockerfile"]
        .replace("FROM python:3.12-slim", "FROM python:3.12-slim AS base")
        .replace("COPY . .", "COPY examples/ /app/")
        + "\nFROM base\nRUN pip install gunicorn\n"
    )
    root = repo(files)
    # Before: SC104, the final `FROM base` started afresh: no files, no command.
    assert findings(root) == []


def test_a_copy_from_another_stage_maps_nothing(repo: RepoFactory) -> None:
    files = _model_repo('["uvicorn", "main:app"]', **_OWN_APP)
    files["model/Dockerfile"] = files["model/Dockerfile"].replace(
        "COPY . .", "COPY --from=build /src/examples/ /app/\nCOPY https://x.test/examples /app/"
    )
    root = repo(files)
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /predict reaches 'model', which serves no such route"
    ]


def test_a_copied_entrypoint_script_runs_from_where_it_is_copied(repo: RepoFactory) -> None:
    files = _model_repo('["--port", "8000"]', **_OWN_APP)
    files["model/Dockerfile"] = files["model/Dockerfile"].replace(
        "CMD",
        'COPY deploy/entry.sh /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/entry.sh"]\nCMD',
    )
    files["model/deploy/entry.sh"] = 'exec uvicorn examples.main:app "$@"\n'
    root = repo(files)
    # Before: SC104.
    assert findings(root) == []


def test_odd_scripts_name_nothing_and_never_fail(repo: RepoFactory, tmp_path: Path) -> None:
    outside = tmp_path / "outside.sh"
    outside.write_text("exec uvicorn examples.main:app\n")
    files = _model_repo('["./binary.sh"]', **_OWN_APP)
    files["docker-compose.yml"] += (
        "  missing:\n    build: ./model\n    command: ./missing.sh\n"
        "  huge:\n    build: ./model\n    command: ./huge.sh\n"
        "  linked:\n    build: ./model\n    command: ./linked.sh\n"
        '  quoted:\n    build: ./model\n    command: ["sh", "quoted.sh"]\n'
    )
    files["model/huge.sh"] = "echo " + "x " * 300_000 + "\nexec uvicorn examples.main:app\n"
    files["model/quoted.sh"] = 'echo \'unclosed\nexec "$@"\nexec $SERVER examples.main:app\n'
    root = repo(files)
    (root / "model/binary.sh").write_bytes(b"\x7fELF\x00\x01uvicorn examples.main:app\n\xff")
    (root / "model/linked.sh").symlink_to(outside)
    assert "SC104" in "\n".join(findings(root))
    assert run_cli("check", str(root), "--no-cache").exit_code in (0, 1)


def test_a_cached_run_reads_the_entrypoint_script_again_when_it_changes(
    repo: RepoFactory, tmp_path: Path
) -> None:
    files = _model_repo('["./start.sh"]', **_OWN_APP)
    files["model/start.sh"] = "exec uvicorn app.main:app\n"
    root = repo(files)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    past = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    assert "SC104" in run_cli("check", str(root), *cache).stdout
    script = root / "model/start.sh"
    script.write_text("exec uvicorn examples.main:app\n")
    os.utime(script, (past, past))
    assert "SC104" not in run_cli("check", str(root), *cache).stdout


def test_a_compose_service_running_a_test_stub_is_no_service_of_the_repository(
    repo: RepoFactory,
) -> None:
    """`mock-llm`, built from the chat service's folder, runs `tests/mocks/llm.py`: a
    stand-in for an API outside the repository. Before, its name reached `chat`, and chat's
    own call to it was a false SC104 'reaches chat, which serves no such route'."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  chat:
                    build: ./chat
                    environment:
                      LLM_URL: http://mock-llm:9000
                  mock-llm:
                    build: ./chat
                    command: uvicorn tests.mocks.llm:app --host 0.0.0.0 --port 9000
                """,
            "chat/requirements.txt": "fastapi\nhttpx\n",
            "chat/app/__init__.py": "",
            "chat/app/main.py": """\
                import os

                import httpx
                from fastapi import FastAPI

                app = FastAPI()
                LLM_URL = os.environ["LLM_URL"]


                @app.post("/chat")
                async def chat(body: dict) -> dict:
                    async with httpx.AsyncClient() as client:
                        reply = await client.post(f"{LLM_URL}/v1/completions", json=body)
                    return reply.json()
                """,
            "chat/tests/__init__.py": "",
            "chat/tests/mocks/__init__.py": "",
            "chat/tests/mocks/llm.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/v1/completions")
                async def completions(body: dict) -> dict:
                    return {"choices": []}
                """,
        }
    )
    assert [line for line in findings(root) if line.startswith("SC10")] == []
    [call] = seam_map(root).calls
    assert call.external and not call.links
    assert call.problem == (
        "host 'mock-llm' is the compose service 'mock-llm', which runs test or example code "
        "(chat/tests/mocks/llm.py): a stand-in for a service outside the repository"
    )
