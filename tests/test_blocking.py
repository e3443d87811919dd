"""SC201/SC202 end to end: tiny services on disk, the CLI, the exact findings."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, RepoFactory, package_json, run_cli
from seamcheck.config import BlockingConfig
from seamcheck.facts import Call, Span
from seamcheck.rules.blocking.reach import Edge, callers_index, reaches
from seamcheck.rules.blocking.sinks import PatternError, SinkKind, SinkMatcher, compile_pattern

MODEL_SERVICE = {
    "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi", "requests"]\n',
    "ml/ml/__init__.py": "",
    "ml/ml/api.py": """\
        import time

        from fastapi import FastAPI

        from .registry import latest_version

        app = FastAPI()


        @app.post("/reload")
        async def reload():
            time.sleep(1)
            return {"version": latest_version()}
        """,
    "ml/ml/registry.py": """\
        import requests


        def latest_version():
            return _fetch("http://registry/latest")


        def _fetch(url):
            return requests.get(url, timeout=5).text
        """,
}

GATEWAY = {
    "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
    "gw/src/app.js": """\
        const express = require('express');
        const { readConfig } = require('./handlers');
        const fs = require('fs');

        const boot = fs.readFileSync('boot.json', 'utf8');
        const app = express();
        app.get('/config', readConfig);
        app.listen(3000);
        """,
    "gw/src/handlers.js": """\
        const { readFileSync } = require('fs');

        function load(name) {
          return readFileSync(name, 'utf8');
        }

        function readConfig(req, res) {
          res.send(load('config.json'));
        }

        module.exports = { readConfig };
        """,
}


def check_text(root: Path, *options: str) -> str:
    """The SC2xx findings only: other rule families have their own tests."""
    return run_cli("check", str(root), "--select", "SC2", *options).output


def test_python_direct_and_transitive_findings_with_the_chain(repo: RepoFactory) -> None:
    result = run_cli("check", str(repo(MODEL_SERVICE)), "--select", "SC2")
    assert result.exit_code == 1
    assert result.output == (
        "ml/ml/api.py:12:5: SC201 blocking call `time.sleep()` in async function `reload` "
        "stalls the event loop; use await asyncio.sleep(...)\n"
        "    ml/ml/api.py:11:1: async function `reload` starts here\n"
        "ml/ml/api.py:13:24: SC202 async function `reload` calls sync `latest_version()`, "
        "which reaches blocking `requests.get()`: latest_version() → _fetch() → requests.get "
        "(registry.py:9); use an async client (httpx.AsyncClient, aiohttp) or await "
        "asyncio.to_thread(requests.get, ...) there, or await asyncio.to_thread(latest_version, "
        "...) here\n"
        "    ml/ml/api.py:11:1: async function `reload` starts here\n"
        "    ml/ml/registry.py:4:1: `latest_version` (sync) calls `_fetch()` at line 5\n"
        "    ml/ml/registry.py:8:1: `_fetch` (sync) makes the blocking call at line 9\n"
        "    ml/ml/registry.py:9:12: `requests.get()` blocks: requests\n"
        "2 findings (2 errors) in 3 files across 1 service.\n"
    )


def test_a_handler_registered_in_another_file_is_an_async_path(repo: RepoFactory) -> None:
    output = check_text(repo(GATEWAY), "--format", "json")
    [finding] = json.loads(output)["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == ("SC202", "gw/src/handlers.js", 8)
    assert finding["message"].startswith(
        "handler `readConfig` of app.get('/config') calls sync `load()`"
    )
    assert [(r["path"], r["line"]) for r in finding["related"]] == [
        ("gw/src/handlers.js", 7),
        ("gw/src/handlers.js", 3),
        ("gw/src/handlers.js", 4),
    ]


def test_startup_code_and_thread_pool_endpoints_are_not_async_paths(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/app.py": """\
                import asyncio, time
                from fastapi import FastAPI

                CONFIG = open("config.toml").read()
                app = FastAPI()

                def slow():
                    time.sleep(1)

                @app.get("/sync")
                def sync_endpoint():
                    slow()

                @app.get("/async")
                async def async_endpoint():
                    await asyncio.to_thread(slow)
                    await asyncio.get_running_loop().run_in_executor(None, slow)
                """,
        }
    )
    assert check_text(root) == "No findings in 1 file across 1 service.\n"


def test_stripping_async_and_await_leaves_no_finding(repo: RepoFactory) -> None:
    files = dict(MODEL_SERVICE)
    files["ml/ml/api.py"] = files["ml/ml/api.py"].replace("async def", "def")
    assert check_text(repo(files)) == "No findings in 3 files across 1 service.\n"


def test_an_awaited_call_and_a_call_into_async_code_cut_the_chain(repo: RepoFactory) -> None:
    root = repo(
        {
            "gw/package.json": package_json("gw"),
            "gw/src/a.ts": """\
                import { readFileSync } from 'node:fs';

                async function inner(): Promise<string> {
                  return readFileSync('x', 'utf8');
                }

                export async function outer(): Promise<string> {
                  return await inner();
                }
                """,
        }
    )
    output = check_text(root)
    assert output.splitlines()[0].startswith("gw/src/a.ts:4:10: SC201 blocking call ")
    assert "SC202" not in output


def test_recursion_and_cycles_terminate_and_the_shortest_chain_wins(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/jobs.py": """\
                import time

                def long_way(n):
                    if n:
                        long_way(n - 1)
                    middle()

                def middle():
                    short_way()

                def short_way():
                    long_way(0)
                    time.sleep(1)

                async def run():
                    long_way(3)
                    short_way()
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("SC202", 17)]
    assert [r["line"] for r in findings[0]["related"]] == [15, 11, 13]


def test_findings_are_deterministic_and_fingerprints_ignore_lines(repo: RepoFactory) -> None:
    first = repo(MODEL_SERVICE)
    moved = dict(MODEL_SERVICE)
    moved["ml/ml/registry.py"] = "# moved\n\n" + MODEL_SERVICE["ml/ml/registry.py"]
    second = repo(moved)
    run = [check_text(first, "--format", "json") for _ in range(2)]
    assert run[0] == run[1]

    def fingerprints(root: Path) -> list[str]:
        return [
            f["fingerprint"] for f in json.loads(check_text(root, "--format", "json"))["findings"]
        ]

    assert fingerprints(first) == fingerprints(second)
    assert len(set(fingerprints(first))) == 2


def test_configured_sinks_and_safe_functions(repo: RepoFactory) -> None:
    files = dict(MODEL_SERVICE)
    files["ml/ml/api.py"] += (
        "\n\nasync def legacy():\n    import billing\n    billing.charge_sync(1)\n"
    )
    files["seamcheck.toml"] = (
        "[blocking]\n"
        'sinks = ["billing.charge_sync"]\n'
        'safe = ["time.sleep", "ml/ml/registry.py::_fetch"]\n'
    )
    output = check_text(repo(files))
    assert [line.split(" ")[:2] for line in output.splitlines() if not line.startswith(" ")] == [
        ["ml/ml/api.py:18:5:", "SC201"],
        ["1", "finding"],
    ]
    assert "`billing.charge_sync()` in async function `legacy`" in output
    assert "use await asyncio.to_thread(billing.charge_sync, ...)" in output


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[blocking]\nsinks = ["a.{b"]\n',
            "seamcheck.toml: blocking.sinks[0]: 'a.{b': '{' without '}'",
        ),
        (
            "[blocking]\nsafe = 3\n",
            "seamcheck.toml: blocking.safe: expected an array of strings, got an integer",
        ),
        (
            "[blocking]\nsink = []\n",
            "seamcheck.toml: blocking.sink: unknown key (did you mean 'sinks'?)",
        ),
    ],
)
def test_bad_blocking_config_is_one_line_and_exit_2(
    repo: RepoFactory, config: str, message: str
) -> None:
    files = dict(MODEL_SERVICE)
    files["seamcheck.toml"] = config
    result = run_cli("check", str(repo(files)))
    assert result.exit_code == 2
    assert result.output.startswith(f"seamcheck: error: {message}")
    assert len(result.output.splitlines()) == 1


def test_the_demo_reports_both_planted_chains() -> None:
    output = check_text(FIXTURES / "demo")
    heads = [line for line in output.splitlines() if " SC20" in line and not line.startswith(" ")]
    assert [h.split(" ", 2)[:2] for h in heads] == [
        ["services/gateway/src/routes/api.ts:40:23:", "SC202"],
        ["services/ml-service/src/ml_service/routers/predict.py:33:15:", "SC202"],
        ["services/ml-service/src/ml_service/routers/predict.py:33:15:", "SC202"],
        ["services/ml-service/src/ml_service/routers/predict.py:33:15:", "SC202"],
    ]
    assert (
        "    services/gateway/src/routes/api.ts:37:26: async handler of router.post('/receipts') starts here\n"
        "    services/gateway/src/lib/templates.ts:13:8: `loadTemplate` (sync) calls `readTemplateFile()` at line 16\n"
        "    services/gateway/src/lib/templates.ts:9:1: `readTemplateFile` (sync) makes the blocking call at line 10\n"
        "    services/gateway/src/lib/templates.ts:10:10: `rf()` (fs.readFileSync) blocks: fs sync API\n"
    ) in output
    assert "`nap()` (time.sleep)" in output and "registry.py:25" in output
    # Negative controls of the demo README: start-up code, a sync worker, thread-pool hand-offs.
    assert "server.ts" not in output and "worker.py" not in output and "recs.py" not in output


# -- the pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("fs.*Sync", ["fs.readFileSync"], ["fs.promises.readFileSync", "fs.readFile"]),
        ("requests.{get,post}", ["requests.get", "requests.post"], ["requests.put"]),
        (
            "pymongo.MongoClient().**.find",
            ["pymongo.MongoClient().find", "pymongo.MongoClient().db.users.find"],
            ["pymongo.find"],
        ),
        ("{open,io.open}().read", ["open().read", "io.open().read"], ["xopen().read"]),
    ],
)
def test_catalog_patterns(pattern: str, matches: list[str], misses: list[str]) -> None:
    import re

    regex = re.compile(compile_pattern(pattern))
    assert [m for m in matches if regex.fullmatch(m)] == matches
    assert [m for m in misses if regex.fullmatch(m)] == []


@pytest.mark.parametrize("pattern", ["", "a}", "a.{b", " a"])
def test_bad_patterns_are_rejected(pattern: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(pattern)


def python_sink(matcher: SinkMatcher, qualname: str) -> SinkKind:
    """What the catalog says of a Python call the test knows to be a sink."""
    sink = matcher.match("python", qualname, 1)
    assert sink is not None, qualname
    return sink


def test_the_shipped_catalog_covers_the_issue_list() -> None:
    matcher = SinkMatcher(BlockingConfig())
    python = [
        "requests.Session().get", "httpx.Client().post", "urllib.request.urlopen",
        "urllib3.PoolManager().request", "http.client.HTTPConnection().getresponse", "time.sleep",
        "subprocess.check_output", "os.system", "os.spawnlp", "open", "open().read",
        "pathlib.Path().write_bytes", "shutil.rmtree", "socket.socket().recv", "sqlite3.connect",
        "psycopg2.connect().cursor().fetchall", "pymongo.MongoClient().db.users.find_one",
        "redis.Redis().get", "boto3.client().put_object", "smtplib.SMTP().sendmail", "input",
        # reads made on a blocking call's result, so that the chain is one finding
        "pathlib.Path().open().read", "urllib.request.urlopen().read", "os.popen().read",
    ]  # fmt: skip
    javascript = [
        "fs.readFileSync", "child_process.execSync", "zlib.gunzipSync", "crypto.pbkdf2Sync",
        "crypto.hkdfSync", "crypto.checkPrimeSync", "Atomics.wait",
    ]  # fmt: skip
    assert [q for q in python if matcher.match("python", q, 1) is None] == []
    assert [q for q in javascript if matcher.match("typescript", q, 1) is None] == []
    not_sinks = ["requests.get().json", "redis.asyncio.Redis().get", "httpx.AsyncClient().get"]
    assert python_sink(matcher, "sqlite3.connect").thread_bound
    assert not python_sink(matcher, "psycopg2.connect").thread_bound
    assert [q for q in not_sinks if matcher.match("python", q, 1)] == []
    assert matcher.match("javascript", "crypto.randomBytes", 1) is not None
    assert matcher.match("javascript", "crypto.randomBytes", 2) is None  # with a callback


def _call(line: int) -> Call:
    return Call("f", "s", Span(line, 1, line, 2))


def test_reverse_search_visits_each_function_once_per_holder() -> None:
    # a -> b -> c -> sink, and a cycle c -> b; entry e calls a and c.
    edges = [
        Edge("a", "b", _call(1)),
        Edge("b", "c", _call(2)),
        Edge("c", "b", _call(3)),
        Edge("e", "a", _call(4)),
        Edge("e", "c", _call(5)),
    ]
    found = reaches({"c": [_call(9)]}, callers_index(edges), {"e"}, {"e"})
    assert [(r.entry, r.entry_call.span.line, [h.node for h in r.hops]) for r in found] == [
        ("e", 5, ["c"])
    ]


def test_fingerprints_of_anonymous_handlers_ignore_their_position(repo: RepoFactory) -> None:
    app = """\
        const fs = require('fs');
        app.get('/a', (req, res) => res.send(fs.readFileSync('a')));
        app.get('/b', (req, res) => res.send(fs.readFileSync('b')));
        """
    files = {"gw/package.json": package_json("gw"), "gw/app.js": app}
    first = repo(files)
    second = repo({**files, "gw/app.js": "// moved\n\n" + textwrap.dedent(app)})

    def fingerprints(root: Path) -> list[str]:
        findings = json.loads(check_text(root, "--format", "json"))["findings"]
        return [f["fingerprint"] for f in findings]

    assert len(set(fingerprints(first))) == 2
    assert fingerprints(first) == fingerprints(second)


def test_a_blocking_call_made_on_a_blocking_call_is_one_finding(repo: RepoFactory) -> None:
    """`open(p).read()` blocks twice, and one hand-off of the whole expression fixes both:
    one finding, about the outer call, and a suggestion that does not leave `open` on the
    loop (`to_thread(open(p).read)` would). Other blocking calls keep their own findings."""
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/app.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                def load(p):
                    return open(p).read()


                @app.get("/x")
                async def x(p: str):
                    open(p)
                    return open(p).read() + load(p)
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("SC201", 12, 5),
        ("SC201", 13, 12),
        ("SC202", 13, 29),
    ]
    assert findings[1]["message"] == (
        "blocking call `open().read()` in async function `x` stalls the event loop; use await "
        "asyncio.to_thread(lambda: open(...).read(...)) (or aiofiles) (`open()` blocks too: "
        "hand the whole expression to the thread)"
    )
    assert (
        "reaches blocking `open().read()`: load() → open().read (app.py:7)"
        in (findings[2]["message"])
    )


def test_loading_a_model_per_request_on_the_event_loop_is_reported(repo: RepoFactory) -> None:
    """The model service's classic mistake: the model and its data loaded inside the async
    endpoint (directly, or through a helper) instead of once at start-up. Loading at import
    time, `pickle.loads` of bytes already in memory and an awaited hand-off are fine."""
    root = repo(
        {
            "model/requirements.txt": "fastapi\njoblib\npandas\ntransformers\n",
            "model/app.py": """\
                import asyncio
                import pickle

                import joblib
                import pandas as pd
                from fastapi import FastAPI
                from transformers import AutoTokenizer

                CLASSIFIER = joblib.load("classifier.joblib")
                app = FastAPI()


                def features(path):
                    frame = pd.read_csv(path)
                    return frame.to_json(orient="records")  # a string: no file written


                @app.post("/predict")
                async def predict(path: str, blob: bytes):
                    model = joblib.load("model.joblib")
                    tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
                    extra = pickle.loads(blob)
                    ready = await asyncio.to_thread(joblib.load, "other.joblib")
                    return model, tokenizer, extra, ready, features(path), CLASSIFIER
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" async function")[0] for line in lines] == [
        "model/app.py:20:13: SC201 blocking call `joblib.load()` in",
        "model/app.py:21:17: SC201 blocking call `AutoTokenizer.from_pretrained()` "
        "(transformers.AutoTokenizer.from_pretrained) in",
        "model/app.py:24:44: SC202",
    ]
    assert lines[0].endswith(
        "use await asyncio.to_thread(joblib.load, ...), or do it once at start-up"
    )
    assert "features() → pandas.read_csv (app.py:14)" in lines[2]


@pytest.mark.parametrize(
    ("language", "qualname", "label", "advice"),
    [
        ("python", "input", "input", "await asyncio.to_thread(input, ...)"),
        ("python", "smtplib.SMTP().sendmail", "smtplib", "(or aiosmtplib)"),
        (
            "python",
            "pymongo.MongoClient().db.users.find",
            "pymongo (sync client)",
            "AsyncMongoClient",
        ),
        ("python", "psycopg2.connect", "sync database drivers", "asyncpg"),
        ("javascript", "child_process.spawnSync", "child_process sync API", "'close' event"),
        ("javascript", "child_process.execSync", "child_process sync API", "exec with a callback"),
        ("javascript", "crypto.randomFillSync", "crypto sync API", "randomFill with a callback"),
    ],
)
def test_each_sink_family_gets_its_own_advice(
    language: str, qualname: str, label: str, advice: str
) -> None:
    """Found in trials: `input()` was offered aiosmtplib, pymongo asyncpg, `spawnSync` a
    callback that `spawn` does not take, `randomFillSync` was "key derivation"."""
    kind = SinkMatcher(BlockingConfig()).match(language, qualname, 1)
    assert kind is not None
    assert kind.label == label
    assert advice in kind.suggestion(qualname, qualname.rsplit(".", 1)[-1])


def test_js_blocking_calls_behind_an_executor_an_inline_require_or_an_array_literal(
    repo: RepoFactory,
) -> None:
    """Three shapes trials found unreported in gateways: a Promise executor (it runs before
    `new Promise` returns), `require('fs').readFileSync` with no name bound, and `.map` on
    an array literal. A `require` of a local module named like a core one is not `fs`."""
    root = repo(
        {
            "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
            "gw/src/app.js": """\
                const express = require('express');
                const fs = require('fs');
                const app = express();

                app.get('/a', async (req, res) => {
                  const text = await new Promise((resolve) => {
                    resolve(fs.readFileSync('a.txt', 'utf8'));
                  });
                  res.send(text);
                });

                app.get('/b', async (req, res) => {
                  res.send(require('fs').readFileSync('cfg.json', 'utf8'));
                  res.send(require('./fs').readFileSync('cfg.json'));
                });

                app.get('/c', async (req, res) => {
                  const parts = ['x.txt', 'y.txt'].map((n) => fs.readFileSync(n, 'utf8'));
                  res.send(parts.join(''));
                });

                app.listen(3000);
                """,
            "gw/src/fs.js": "exports.readFileSync = (name) => `cached ${name}`;\n",
        }
    )
    findings = [
        line.split(", which")[0] for line in check_text(root).splitlines() if " SC20" in line
    ]
    assert findings == [
        "gw/src/app.js:6:22: SC202 async handler of app.get('/a') calls sync `Promise()`",
        "gw/src/app.js:13:12: SC201 blocking call `require().readFileSync()` (fs.readFileSync) "
        "in async handler of app.get('/b') stalls the event loop; use await "
        "fs.promises.readFile(...)",
        "gw/src/app.js:18:17: SC202 async handler of app.get('/c') calls sync `[].map()`",
    ]


def test_callbacks_the_python_event_loop_runs_are_async_paths(repo: RepoFactory) -> None:
    """`loop.call_soon(f)`, `call_later(d, f)` and `add_signal_handler(sig, f)` run `f` on the
    loop, as JS timers do. Those callbacks are sync functions: no `await` hand-off is offered,
    and `fix` leaves them alone. A future's done-callback may run in a worker thread
    (concurrent.futures), so it is not an entry."""
    root = repo(
        {
            "svc/requirements.txt": "fastapi\nrequests\n",
            "svc/app.py": """\
                import asyncio
                import signal
                import time
                from concurrent.futures import ThreadPoolExecutor

                import requests


                def refresh():
                    requests.get("http://registry:8000/latest", timeout=5)


                def on_term():
                    drain()


                def drain():
                    time.sleep(1)


                def log_done(future):
                    time.sleep(0.1)


                async def main():
                    loop = asyncio.get_running_loop()
                    loop.call_soon(refresh)
                    loop.call_later(30, refresh)
                    loop.add_signal_handler(signal.SIGTERM, on_term)
                    ThreadPoolExecutor().submit(drain).add_done_callback(log_done)
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0].split(", which")[0] for line in lines] == [
        "svc/app.py:10:5: SC201 blocking call `requests.get()` in handler `refresh` of "
        "loop.call_soon()",
        "svc/app.py:14:5: SC202 handler `on_term` of loop.add_signal_handler() calls sync "
        "`drain()`",
    ]
    assert lines[0].endswith(
        "use loop.run_in_executor(None, requests.get, ...): a callback the loop runs cannot await"
    )
    assert "to_thread(drain" not in lines[1]
    fixed = run_cli("fix", str(root))
    assert (fixed.exit_code, fixed.stdout) == (0, "rewrote 0 blocking calls in 0 files.\n")
    assert fixed.stderr == (
        "svc/app.py:10: left alone: inside a sync function (it cannot await)\n"
        "svc/app.py:14: left alone: inside a sync function (it cannot await)\n"
    )


def test_advice_in_a_trio_or_anyio_service_names_that_librarys_api() -> None:
    from seamcheck.rules.blocking.analysis import in_library

    matcher = SinkMatcher(BlockingConfig())
    advice = {
        q: python_sink(matcher, q).suggestion(q, q)
        for q in ("time.sleep", "subprocess.run", "socket.create_connection")
    }
    assert [in_library(a, "trio") for a in advice.values()] == [
        "await trio.sleep(...)",
        "trio.run_process(...) (await it), or await trio.to_thread.run_sync(subprocess.run, ...)",
        "await trio.open_tcp_stream(...) (streams), or await "
        "trio.to_thread.run_sync(socket.create_connection, ...)",
    ]
    assert in_library(advice["subprocess.run"], "anyio").startswith("anyio.run_process(...)")
    assert in_library(advice["time.sleep"], "") == "await asyncio.sleep(...)"
