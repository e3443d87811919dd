"""SC201/SC202 on objects a library call gives back: a path derived from a path in any
number of steps (`Path(__file__).parent.parent.joinpath("x")`, `Path.home()`), files and
folders `tempfile` makes, and a client a getter method returns (`self.client().invoke_model()`).
Shapes from MLflow 3.18's AI gateway and assistant server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RepoFactory, run_cli
from seamcheck.config import BlockingConfig
from seamcheck.rules.blocking.sinks import SinkMatcher


def sc2_sites(root: Path) -> list[tuple[str, str, str]]:
    """(path:line, code, what it names first: the blocking call of an SC201, the async
    function of an SC202) of each SC2xx finding, in output order."""
    output = run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    findings = json.loads(output)["findings"]
    return [(f"{f['path']}:{f['line']}", f["code"], f["message"].split("`")[1]) for f in findings]


GATEWAY = {"gateway/pyproject.toml": '[project]\nname = "gateway"\ndependencies = ["fastapi"]\n'}


def test_a_path_derived_in_several_steps_is_still_a_path(repo: RepoFactory) -> None:
    # MLflow's gateway serves its favicon after `Path(__file__).parent.parent.joinpath(...)
    # .exists()`, and its assistant checks `Path(location).expanduser().exists()`. Before,
    # the catalog knew one derivation step (`Path(p).parent.exists()`): these were no finding.
    root = repo(
        {
            **GATEWAY,
            "gateway/gateway/__init__.py": "",
            "gateway/gateway/app.py": """\
                from pathlib import Path, PurePosixPath

                from fastapi import FastAPI
                from fastapi.responses import FileResponse

                app = FastAPI()


                @app.get("/favicon.ico")
                async def favicon():
                    icon = Path(__file__).parent.parent.joinpath("static", "favicon.ico")
                    if icon.exists():
                        return FileResponse(icon)
                    return None


                @app.post("/projects")
                async def add_project(location: str):
                    project = Path(location).expanduser()
                    if not project.exists():
                        return {"error": location}
                    return {"name": PurePosixPath(location).parent.joinpath("x").as_posix()}


                def read_settings():
                    return Path.home().joinpath(".gateway", "settings.json").read_text()


                @app.get("/settings")
                async def settings():
                    Path.cwd().joinpath("cache").mkdir(exist_ok=True)
                    return read_settings()
                """,
        }
    )
    assert sc2_sites(root) == [
        ("gateway/gateway/app.py:12", "SC201", "icon.exists()"),
        ("gateway/gateway/app.py:20", "SC201", "project.exists()"),
        ("gateway/gateway/app.py:31", "SC201", "Path.cwd().joinpath().mkdir()"),
        ("gateway/gateway/app.py:32", "SC202", "settings"),
    ]


def test_temporary_files_and_folders_are_made_on_disk(repo: RepoFactory) -> None:
    # MLflow's artifact upload writes the stream into `tempfile.TemporaryDirectory()`, and
    # its assistant writes the system prompt through `tempfile.mkstemp()`, in async routes.
    # Before, `tempfile` was not in the catalog: no finding. A spooled file stays in memory.
    root = repo(
        {
            **GATEWAY,
            "gateway/gateway/__init__.py": "",
            "gateway/gateway/artifacts.py": """\
                import os
                import tempfile

                from fastapi import FastAPI, Request

                app = FastAPI()


                @app.put("/artifacts/{name}")
                async def upload(name: str, request: Request):
                    tmp = tempfile.TemporaryDirectory()
                    with open(os.path.join(tmp.name, name), "wb") as f:
                        f.write(await request.body())
                    tmp.cleanup()
                    return {"ok": True}


                def write_prompt(prompt: str) -> str:
                    fd, path = tempfile.mkstemp(suffix=".txt")
                    os.close(fd)
                    return path


                @app.post("/prompts")
                async def prompt(text: str):
                    buffer = tempfile.SpooledTemporaryFile(max_size=1024)
                    buffer.write(text.encode())
                    with tempfile.NamedTemporaryFile("w", delete=False) as note:
                        note.write(text)
                    return {"path": write_prompt(text)}
                """,
        }
    )
    assert sc2_sites(root) == [
        ("gateway/gateway/artifacts.py:11", "SC201", "tempfile.TemporaryDirectory()"),
        ("gateway/gateway/artifacts.py:12", "SC201", "open()"),
        ("gateway/gateway/artifacts.py:13", "SC201", "f.write()"),
        ("gateway/gateway/artifacts.py:14", "SC201", "tmp.cleanup()"),
        ("gateway/gateway/artifacts.py:28", "SC201", "tempfile.NamedTemporaryFile()"),
        ("gateway/gateway/artifacts.py:29", "SC201", "note.write()"),
        ("gateway/gateway/artifacts.py:30", "SC202", "prompt"),
    ]


def test_a_client_a_getter_method_returns_is_the_library_client(repo: RepoFactory) -> None:
    # MLflow's Bedrock provider: `get_bedrock_client()` makes the boto3 client on first use
    # and returns `self._client` (twice: cached, then made), and `_completions` (async)
    # calls `_request`, which calls `self.get_bedrock_client().invoke_model(...)`. Before,
    # what the getter returns was not followed: no finding. Handed to an executor in a
    # lambda, the same call blocks no loop.
    root = repo(
        {
            "gateway/pyproject.toml": (
                '[project]\nname = "gateway"\ndependencies = ["fastapi", "boto3"]\n'
            ),
            "gateway/gateway/__init__.py": "",
            "gateway/gateway/bedrock.py": """\
                import asyncio
                import json

                import boto3


                class BedrockProvider:
                    def __init__(self, region: str):
                        self.region = region
                        self._client = None

                    def get_bedrock_client(self):
                        if self._client is not None:
                            return self._client
                        session = boto3.Session(region_name=self.region)
                        self._client = session.client("bedrock-runtime")
                        return self._client

                    def _request(self, body: dict) -> dict:
                        response = self.get_bedrock_client().invoke_model(body=json.dumps(body))
                        return json.loads(response["body"].read())

                    async def completions(self, body: dict) -> dict:
                        return self._request(body)

                    async def embeddings(self, body: dict) -> dict:
                        loop = asyncio.get_running_loop()
                        return await loop.run_in_executor(
                            None, lambda: self.get_bedrock_client().invoke_model(body=body)
                        )
                """,
        }
    )
    assert sc2_sites(root) == [
        ("gateway/gateway/bedrock.py:24", "SC202", "BedrockProvider.completions"),
    ]


def test_a_parameter_annotated_with_a_path_inside_nested_wrappers_is_a_path(
    repo: RepoFactory,
) -> None:
    # Prefect 3.9's worker CLI declares `base_job_template: Annotated[Optional[Path],
    # cyclopts.Parameter("--base-job-template")] = None` and reads it after it first awaits.
    # Before, only one wrapper was taken off the annotation (`Optional[Path]` named no
    # class): no finding. `Annotated[str, ...]` names no library class, as before.
    root = repo(
        {
            "worker/pyproject.toml": (
                '[project]\nname = "worker"\ndependencies = ["cyclopts", "httpx"]\n'
            ),
            "worker/worker/__init__.py": "",
            "worker/worker/cli.py": """\
                import json
                from pathlib import Path
                from typing import Annotated, Optional

                import cyclopts
                import httpx

                app = cyclopts.App()


                @app.command
                async def start(
                    pool: Annotated[str, cyclopts.Parameter("--pool")],
                    base_job_template: Annotated[
                        Optional[Path], cyclopts.Parameter("--base-job-template")
                    ] = None,
                    config: Annotated[Path | None, cyclopts.Parameter("--config")] = None,
                ) -> None:
                    async with httpx.AsyncClient() as client:
                        await client.get(f"https://api.example.com/pools/{pool}")
                    if base_job_template is not None:
                        json.loads(base_job_template.read_text())
                    if config is not None and config.exists():
                        pool.strip()
                """,
        }
    )
    assert sc2_sites(root) == [
        ("worker/worker/cli.py:22", "SC201", "base_job_template.read_text()"),
        ("worker/worker/cli.py:23", "SC201", "config.exists()"),
    ]


def test_a_generator_a_streaming_response_iterates_runs_in_a_worker_thread(
    repo: RepoFactory,
) -> None:
    # MLflow's artifact download returns `StreamingResponse(_stream_file())`, `_stream_file` a
    # sync generator reading the file: Starlette iterates a sync iterator in its thread pool,
    # so no read blocks the loop. Before: a false SC202 at the call making the generator.
    # Iterated in the route itself it blocks; and a plain function opens its file when
    # called, whatever is done with what it returns.
    root = repo(
        {
            "server/pyproject.toml": (
                '[project]\nname = "server"\ndependencies = ["fastapi", "sse-starlette"]\n'
            ),
            "server/server/__init__.py": "",
            "server/server/artifacts.py": """\
                from fastapi import FastAPI
                from fastapi.responses import StreamingResponse
                from sse_starlette.sse import EventSourceResponse

                app = FastAPI()


                def read_chunks(path: str):
                    with open(path, "rb") as f:
                        while chunk := f.read(65536):
                            yield chunk


                def opened(path: str):
                    return open(path, "rb")


                @app.get("/artifacts/{path:path}")
                async def download(path: str):
                    return StreamingResponse(read_chunks(path), media_type="application/octet-stream")


                @app.get("/logs/{path:path}")
                async def logs(path: str):
                    lines = read_chunks(path)
                    return EventSourceResponse(content=lines)


                @app.get("/raw/{path:path}")
                async def raw(path: str):
                    return StreamingResponse(opened(path))


                @app.get("/size/{path:path}")
                async def size(path: str):
                    return {"size": sum(len(c) for c in read_chunks(path))}
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/server/artifacts.py:31", "SC202", "raw"),
        ("server/server/artifacts.py:36", "SC202", "size"),
    ]


@pytest.mark.parametrize(
    ("qualname", "blocks"),
    [
        ("pathlib.Path().parent.parent.joinpath().exists", True),
        ("pathlib.PosixPath().expanduser().resolve().read_text", True),
        ("pathlib.Path.home().joinpath().open().read", True),
        ("pathlib.Path.cwd().mkdir", True),
        ("pathlib.Path().resolve", True),
        # what is made of a path's text, not of the path
        ("pathlib.Path().read_text().replace", False),
        ("pathlib.Path().parents.exists", False),
        ("pathlib.Path().as_posix().replace", False),
        ("pathlib.PurePosixPath().parent.joinpath().exists", False),
    ],
)
def test_a_path_is_matched_past_any_number_of_derivation_steps(qualname: str, blocks: bool) -> None:
    assert (SinkMatcher(BlockingConfig()).match("python", qualname, 1) is not None) is blocks


def test_a_safe_path_call_covers_the_paths_derived_from_paths() -> None:
    matcher = SinkMatcher(BlockingConfig(safe=("pathlib.Path().exists",)))
    assert matcher.match("python", "pathlib.Path().parent.joinpath().exists", 1) is None
    assert matcher.match("python", "pathlib.Path().parent.joinpath().mkdir", 1) is not None


def test_a_function_returning_a_lazy_folder_scan_blocks_nothing_itself(repo: RepoFactory) -> None:
    # marimo's AsyncPath: `def _glob(): return self._path.glob(pattern)` and then
    # `await asyncio.to_thread(list, _glob())`. Calling `glob` (or `rglob`, `os.walk`) only
    # makes a generator; `list` reads the folder in the worker thread. Before, `_glob()` was
    # reported as reaching a blocking `glob`. Made and iterated on the loop (`next(...)`) it
    # blocks there; `iterdir` lists the folder when called (Python 3.13).
    root = repo(
        {
            **GATEWAY,
            "gateway/gateway/__init__.py": "",
            "gateway/gateway/notebooks.py": """\
                import asyncio
                import os
                from pathlib import Path


                class Notebooks:
                    def __init__(self, root: str):
                        self.root = Path(root)

                    async def matching(self, pattern: str) -> list[Path]:
                        def _glob():
                            return self.root.glob(pattern)

                        return await asyncio.to_thread(list, _glob())

                    async def walk(self) -> list:
                        def _walk():
                            return os.walk(self.root)

                        return await asyncio.to_thread(list, _walk())

                    async def first(self, pattern: str) -> Path | None:
                        return next(self.root.rglob(pattern), None)

                    async def entries(self) -> list[Path]:
                        def _iterdir():
                            return self.root.iterdir()

                        return await asyncio.to_thread(list, _iterdir())
                """,
        }
    )
    assert sc2_sites(root) == [
        ("gateway/gateway/notebooks.py:23", "SC201", "self.root.rglob()"),
        ("gateway/gateway/notebooks.py:29", "SC202", "Notebooks.entries"),
    ]


def test_a_lazy_module_or_class_singleton_is_what_its_getter_sets_it_to(
    repo: RepoFactory,
) -> None:
    # MLflow's lazy globals: `_s3 = None`, made on first use by a getter declaring it
    # `global` (importing boto3 there), reset to None for tests; the async routes call the
    # getter, or the global itself once the getter ran. A class keeps its session the same
    # way (`cls._session`). Before: `_s3` and `cls._session` held None as far as seamcheck
    # knew, and the three blocking calls were no finding. A module session made at load
    # was found before too. A global a setter may set to anything, or that two functions
    # set to two kinds of object (a local queue for development), is not guessed.
    root = repo(
        {
            "gateway/pyproject.toml": (
                '[project]\nname = "gateway"\ndependencies = ["fastapi", "boto3", "requests"]\n'
            ),
            "gateway/gateway/__init__.py": "",
            "gateway/gateway/clients.py": """\
                import threading

                import requests

                _s3 = None
                _s3_lock = threading.Lock()
                _http = requests.Session()
                _store = None
                _queue = None


                def get_s3():
                    global _s3
                    if _s3 is None:
                        with _s3_lock:
                            if _s3 is None:
                                import boto3

                                _s3 = boto3.client("s3")
                    return _s3


                def _reset_for_tests():
                    global _s3
                    _s3 = None


                def get_store():
                    global _store
                    if _store is None:
                        import boto3

                        _store = boto3.client("dynamodb")
                    return _store


                def set_store(store):
                    global _store
                    _store = store


                class LocalQueue:
                    def __init__(self):
                        self.messages = []

                    def send_message(self, QueueUrl, MessageBody):
                        self.messages.append(MessageBody)


                def get_queue():
                    global _queue
                    if _queue is None:
                        import boto3

                        _queue = boto3.client("sqs")
                    return _queue


                def use_local_queue():
                    global _queue
                    _queue = LocalQueue()


                class Notifier:
                    _session = None

                    @classmethod
                    def session(cls):
                        if cls._session is None:
                            cls._session = requests.Session()
                        return cls._session
                """,
            "gateway/gateway/app.py": """\
                from fastapi import FastAPI

                from . import clients
                from .clients import Notifier, get_queue, get_s3, get_store

                app = FastAPI()


                @app.get("/artifacts/{key}")
                async def download(key: str):
                    return get_s3().get_object(Bucket="artifacts", Key=key)["Body"].read()


                @app.head("/artifacts/{key}")
                async def exists(key: str):
                    get_s3()
                    return clients._s3.head_object(Bucket="artifacts", Key=key)


                @app.get("/health")
                async def health():
                    return clients._http.get("http://tracking:5000/health").ok


                @app.post("/notify")
                async def notify(message: str):
                    Notifier.session().post("http://hooks:8080/notify", json={"m": message})


                @app.get("/runs/{run_id}")
                async def run(run_id: str):
                    return get_store().get_item(TableName="runs", Key={"id": {"S": run_id}})


                @app.post("/queue")
                async def queue(message: str):
                    return get_queue().send_message(QueueUrl="runs", MessageBody=message)
                """,
        }
    )
    assert sc2_sites(root) == [
        ("gateway/gateway/app.py:11", "SC201", "get_s3().get_object()"),
        ("gateway/gateway/app.py:17", "SC201", "clients._s3.head_object()"),
        ("gateway/gateway/app.py:22", "SC201", "clients._http.get()"),
        ("gateway/gateway/app.py:27", "SC201", "Notifier.session().post()"),
    ]


def test_a_lazy_folder_scan_a_helper_returns_blocks_where_it_is_iterated(
    repo: RepoFactory,
) -> None:
    # A helper returning `root.rglob(...)` (or `os.walk`, `glob.iglob`) gives an iterator
    # that reads the folder as it is iterated: iterated on the loop (a comprehension or a
    # `for` in the route, `sorted()`, a sync helper listing it) it blocks there; iterated by
    # a function an executor runs (`asyncio.to_thread(list, ...)`, `run_in_executor`, given
    # in place, through a name, or through a helper returning the helper's iterator) or by
    # Starlette's `iterate_in_threadpool` it does not. Before, a helper returning the iterator as it is reached no blocking call at all:
    # the five routes iterating it on the loop had no finding. Handed to a thread in place, a
    # scan made in the route blocks nothing either (it was an SC201).
    root = repo(
        {
            **GATEWAY,
            "gateway/gateway/__init__.py": "",
            "gateway/gateway/notebooks.py": """\
                import asyncio
                import glob
                import os
                from pathlib import Path

                from fastapi import FastAPI
                from starlette.concurrency import iterate_in_threadpool

                app = FastAPI()
                ROOT = Path(os.environ.get("NOTEBOOKS", "notebooks"))


                def notebooks():
                    return ROOT.rglob("*.ipynb")


                def folders():
                    return os.walk(ROOT)


                def drafts():
                    return notebooks()


                def matching(pattern: str):
                    return glob.iglob(os.path.join(ROOT, pattern))


                def names() -> list[str]:
                    return [p.name for p in notebooks()]


                @app.get("/notebooks")
                async def list_notebooks():
                    return [str(p) for p in notebooks()]


                @app.get("/folders")
                async def list_folders():
                    found = []
                    for top, _dirs, _files in folders():
                        found.append(top)
                    return found


                @app.get("/drafts")
                async def list_drafts():
                    return [str(p) for p in drafts()]


                @app.get("/matching")
                async def list_matching(pattern: str):
                    return sorted(matching(pattern))


                @app.get("/names")
                async def list_names():
                    return names()


                @app.get("/notebooks/threaded")
                async def list_notebooks_threaded():
                    return await asyncio.to_thread(list, notebooks())


                @app.get("/folders/threaded")
                async def list_folders_threaded():
                    loop = asyncio.get_running_loop()
                    walked = folders()
                    return await loop.run_in_executor(None, list, walked)


                @app.get("/drafts/threaded")
                async def list_drafts_threaded():
                    return await asyncio.to_thread(sorted, drafts())


                @app.get("/scripts")
                async def list_scripts():
                    return await asyncio.to_thread(list, ROOT.glob("*.py"))


                @app.get("/folders/streamed")
                async def stream_folders():
                    async for top, _dirs, _files in iterate_in_threadpool(folders()):
                        yield top
                """,
        }
    )
    assert sc2_sites(root) == [
        ("gateway/gateway/notebooks.py:35", "SC202", "list_notebooks"),
        ("gateway/gateway/notebooks.py:41", "SC202", "list_folders"),
        ("gateway/gateway/notebooks.py:48", "SC202", "list_drafts"),
        ("gateway/gateway/notebooks.py:53", "SC202", "list_matching"),
        ("gateway/gateway/notebooks.py:58", "SC202", "list_names"),
    ]
    # `to_thread(notebooks)` would give back the iterator, read on the loop: no hand-off of
    # the helper is offered for it, as for a generator; `names()` lists it, and may go.
    messages = json.loads(
        run_cli("check", str(root), "--select", "SC202", "--format", "json").output
    )["findings"]
    assert ["to_thread(notebooks" in f["message"] for f in messages] == [False] * 5
    assert "or await asyncio.to_thread(names, ...) here" in messages[4]["message"]


def test_a_client_handed_in_or_else_made_is_what_the_default_makes(repo: RepoFactory) -> None:
    # `self.client = client or boto3.client("s3")`: the dependency-injection default of
    # Chainlit's S3 storage client, flower's `capp or celery.Celery()`, MLflow's OCI fetcher
    # `session or _RegistrySession()`. Before, the field held whatever the parameter held,
    # unknown, so the blocking S3 call behind the async route was no finding. A default that
    # makes a string (`url or os.getenv(...)`) says nothing of what the field holds when the
    # URL is handed in, and stays read as the parameter.
    root = repo(
        {
            "models/pyproject.toml": (
                '[project]\nname = "models"\ndependencies = ["fastapi", "boto3"]\n'
            ),
            "models/models/__init__.py": "",
            "models/models/store.py": """\
                import boto3


                class WeightStore:
                    def __init__(self, client=None, bucket: str = "weights"):
                        self.client = client or boto3.client("s3")
                        self.bucket = bucket

                    def load(self, key: str) -> bytes:
                        found = self.client.get_object(Bucket=self.bucket, Key=key)
                        return found["Body"].read()
                """,
            "models/models/app.py": """\
                from fastapi import FastAPI

                from models.store import WeightStore

                app = FastAPI()
                store = WeightStore()


                @app.get("/weights/{key}")
                async def weights(key: str) -> dict[str, int]:
                    return {"size": len(store.load(key))}
                """,
        }
    )
    assert sc2_sites(root) == [("models/models/app.py:11", "SC202", "weights")]


def test_a_url_handed_in_or_else_made_by_a_function_is_the_one_handed_in(
    repo: RepoFactory,
) -> None:
    # `self.base = base or default_url()` holds what the default makes, but for the seam the
    # URL is the one the places making the class hand in, as for `base or os.getenv(...)`.
    # Before, since the default was read, the call was `'self.base' holds the result of
    # default_url()`, unresolved, where it had been linked.
    root = repo(
        {
            "docker-compose.yml": "services:\n  gw:\n    build: ./gw\n  ml:\n    build: ./ml\n",
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/app.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/predict")
                def predict() -> dict[str, float]:
                    return {"score": 0.5}
                """,
            "gw/pyproject.toml": '[project]\nname = "gw"\ndependencies = ["fastapi", "requests"]\n',
            "gw/gw/__init__.py": "",
            "gw/gw/client.py": """\
                import os

                import requests


                def default_url() -> str:
                    return os.environ.get("ML_URL", "http://localhost:8000")


                class Scorer:
                    def __init__(self, base=None, session=None):
                        self.base = base or default_url()
                        self.session = session or requests.Session()

                    def score(self) -> dict[str, float]:
                        return self.session.post(f"{self.base}/predict", timeout=5).json()
                """,
            "gw/gw/app.py": """\
                from fastapi import FastAPI

                from gw.client import Scorer

                app = FastAPI()
                scorer = Scorer("http://ml:8000")


                @app.get("/score")
                async def score() -> dict[str, float]:
                    return scorer.score()
                """,
        }
    )
    seams = run_cli("seams", str(root)).output.splitlines()
    assert seams[:2] == ["Seams (1):", "  gw/gw/client.py:16 -> POST /predict -> ml ml/ml/app.py:6"]
    assert sc2_sites(root) == [("gw/gw/app.py:11", "SC202", "score")]
