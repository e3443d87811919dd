"""SC201/SC202 end to end: tiny services on disk, the CLI, the exact findings."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, RepoFactory, analyse_repo, package_json, run_cli
from seamcheck.config import BlockingConfig, load_config
from seamcheck.facts import Call, Span, call_at
from seamcheck.findings import fingerprint
from seamcheck.rules.blocking.analysis import blocking_report
from seamcheck.rules.blocking.reach import Edge, callers_index, reaches
from seamcheck.rules.blocking.sinks import PatternError, SinkKind, SinkMatcher, compile_pattern
from seamcheck.rules.context import RuleContext

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


RELEASES = {
    "svc/requirements.txt": "fastapi\nrequests\n",
    "svc/app/__init__.py": "",
    "svc/app/deploy.py": """\
        import subprocess

        import requests


        def fetch_manifest(url):
            return requests.get(url, timeout=10).json()


        def publish(bundle, url):
            manifest = fetch_manifest(url)
            with open(bundle, "rb") as fh:
                data = fh.read()
            subprocess.run(["cosign", "verify", bundle], check=True)
            return manifest["version"], len(data)
        """,
    "svc/app/main.py": """\
        from fastapi import FastAPI

        from app.deploy import publish

        app = FastAPI()


        @app.post("/releases/{name}")
        async def release(name: str):
            version, size = publish(f"/srv/bundles/{name}.tar", "https://registry/manifest")
            return {"version": version, "size": size}
        """,
}


def test_one_call_reaching_several_blocking_calls_is_one_finding_naming_each(
    repo: RepoFactory,
) -> None:
    # Before: four SC202 at main.py:10:21, one per blocking call `publish()` reaches: four
    # annotations on one line of a pull request for one fix. Now one, on the shortest chain
    # (then the first blocking call by place); the others are named, with their advice.
    assert check_text(repo(RELEASES)) == (
        "svc/app/main.py:10:21: SC202 async function `release` calls sync `publish()`, which "
        "reaches blocking `open()`: publish() → open (deploy.py:12), and 3 more blocking calls; "
        "use await asyncio.to_thread(open, ...) (or aiofiles) there, or await "
        "asyncio.to_thread(publish, ...) here\n"
        "    svc/app/main.py:9:1: async function `release` starts here\n"
        "    svc/app/deploy.py:10:1: `publish` (sync) makes the blocking call at line 12\n"
        "    svc/app/deploy.py:12:10: `open()` blocks: file I/O\n"
        "    svc/app/deploy.py:7:12: also reaches blocking `requests.get()` here: requests; use an "
        "async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(requests.get, ...)\n"
        "    svc/app/deploy.py:13:16: also reaches blocking `fh.read()` (open().read) here: file "
        "I/O; use await asyncio.to_thread(fh.read, ...) (or aiofiles)\n"
        "    svc/app/deploy.py:14:5: also reaches blocking `subprocess.run()` here: subprocess / os "
        "processes; use asyncio.create_subprocess_exec(...) (await it), or await "
        "asyncio.to_thread(subprocess.run, ...)\n"
        "1 finding (1 error) in 3 files across 1 service.\n"
    )


def test_a_baseline_of_one_finding_per_blocking_call_still_knows_the_call(
    repo: RepoFactory,
) -> None:
    # A baseline written when each (async entry, blocking call) was a finding: the one finding
    # has each chain's fingerprint (its headline's, then its aliases), so the call stays known
    # and no entry is stale while the call still reaches its blocking call.
    root = repo(RELEASES)
    analysis = analyse_repo(root)
    assert analysis.resolution is not None
    context = RuleContext(
        analysis.project, analysis.resolution, analysis.rule_graph, load_config(root)
    )
    old = [fingerprint("SC202", c.entry.key, c.sink.key) for c in blocking_report(context).chains]
    assert len(set(old)) == 4
    entries = [
        {"code": "SC202", "path": "svc/app/main.py", "fingerprint": f, "count": 1, "message": ""}
        for f in old
    ]
    baseline = root / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "tool": "seamcheck", "entries": entries}))
    result = run_cli("check", str(root), "--select", "SC2", "--baseline", str(baseline))
    assert result.exit_code == 0
    assert result.output.startswith("No findings")
    assert result.output.endswith(f"Baseline {baseline}: 1 known.\n")


def test_two_blocking_calls_on_one_line_of_a_helper_are_told_apart_by_column(
    repo: RepoFactory,
) -> None:
    # Two blocking calls reached from the same call: before two findings there, whose texts
    # were the same and read as one finding printed twice (gradio's `is_in_or_equal`). Now one
    # finding, whose text names the column of the call its chain ends at, the other beside it.
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/app/paths.py": """\
                import os


                def both_exist(a, b):
                    return os.path.exists(a), os.path.exists(b)


                def one_exists(a):
                    return os.path.exists(a)
                """,
            "svc/app/main.py": """\
                from fastapi import FastAPI

                from app.paths import both_exist, one_exists

                app = FastAPI()


                @app.get("/check")
                async def check(a: str, b: str) -> dict:
                    return {"both": both_exist(a, b), "one": one_exists(a)}
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [f["message"].split(": ", 1)[1].split(";")[0] for f in findings] == [
        "both_exist() → os.path.exists (paths.py:5:12), and 1 more blocking call",
        "one_exists() → os.path.exists (paths.py:9)",
    ]
    assert [(r["line"], r["column"], r["message"][:50]) for r in findings[0]["related"][-2:]] == [
        (5, 12, "`os.path.exists()` blocks: file I/O"),
        (5, 31, "also reaches blocking `os.path.exists()` here: fil"),
    ]


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
            '[blocking]\noffload_decorators = ["jobs.{thread"]\n',
            "seamcheck.toml: blocking.offload_decorators[0]: 'jobs.{thread': '{' without '}'",
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
    ]
    assert (
        "    services/gateway/src/routes/api.ts:37:26: async handler of router.post('/receipts') starts here\n"
        "    services/gateway/src/lib/templates.ts:13:8: `loadTemplate` (sync) calls `readTemplateFile()` at line 16\n"
        "    services/gateway/src/lib/templates.ts:9:1: `readTemplateFile` (sync) makes the blocking call at line 10\n"
        "    services/gateway/src/lib/templates.ts:10:10: `rf()` (fs.readFileSync) blocks: fs sync API\n"
    ) in output
    # The model service's one call reaches three blocking calls: one finding names them all.
    assert "(registry.py:23), and 2 more blocking calls;" in output
    assert (
        "    services/ml-service/src/ml_service/registry.py:23:12: `marker.exists()` "
        "(pathlib.Path().exists) blocks: file I/O\n"
        "    services/ml-service/src/ml_service/registry.py:24:20: also reaches blocking "
        "`marker.read_text()` (pathlib.Path().read_text) here: file I/O; use await "
        "asyncio.to_thread(marker.read_text, ...) (or aiofiles)\n"
        "    services/ml-service/src/ml_service/registry.py:25:9: also reaches blocking `nap()` "
        "(time.sleep) here: time.sleep; use await asyncio.sleep(...)\n"
    ) in output
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


def test_a_path_pure_methods_derive_is_a_path_still() -> None:
    # `full = (root / name).resolve().absolute(); full.is_dir()` (Datasette's static
    # handler), `Path(p).expanduser().resolve().exists()`: before, only one derivation, and
    # never through `resolve()` or `expanduser()`, was followed; now any number of them
    # (`[[python_derived]]` in the sinks catalog).
    matcher = SinkMatcher(BlockingConfig())
    derived = [
        "pathlib.Path().resolve().absolute().is_dir", "pathlib.Path().expanduser().resolve",
        "pathlib.Path().expanduser().resolve().exists", "pathlib.Path().parent.resolve().open",
        "pathlib.Path().resolve().parent.absolute().exists",
    ]  # fmt: skip
    assert [q for q in derived if matcher.match("python", q, 1) is None] == []
    # What a path's text gives is no path.
    not_sinks = ["pathlib.Path().name.replace", "pathlib.Path().stem.upper"]
    assert [q for q in not_sinks if matcher.match("python", q, 1)] == []


def test_a_packages_resources_are_read_from_disk() -> None:
    # Datasette's `get_plugins()`, run for `/-/plugins.json`: `(importlib.resources.files(
    # name) / "static").is_dir()`. Before, no sink: `files()` gives a Path where the
    # package is on disk.
    matcher = SinkMatcher(BlockingConfig())
    read = [
        "importlib.resources.files().is_dir", "importlib.resources.files().joinpath().read_text",
        "importlib_resources.files().iterdir",
    ]  # fmt: skip
    assert [q for q in read if matcher.match("python", q, 1) is None] == []
    assert matcher.match("python", "importlib.resources.files().name", 1) is None


def _call(line: int) -> Call:
    return call_at("f", "s", Span(line, 1, line, 2))


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
        ("python", "torch.jit.load", "model and data file loading", "once at start-up"),
        (
            "python",
            "sqlalchemy.orm.sessionmaker()().query().filter().first",
            "SQLAlchemy / SQLModel (sync session)",
            "AsyncSession",
        ),
        (
            "python",
            "sqlalchemy.orm.scoped_session().execute",
            "SQLAlchemy / SQLModel (sync session)",
            "AsyncSession",
        ),
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
        "gw/src/app.js:6:22: SC202 async handler of app.get('/a') runs a sync `new Promise()` "
        "executor",
        "gw/src/app.js:13:12: SC201 blocking call `require().readFileSync()` (fs.readFileSync) "
        "in async handler of app.get('/b') stalls the event loop; use await "
        "fs.promises.readFile(...)",
        "gw/src/app.js:18:17: SC202 async handler of app.get('/c') passes a sync callback to "
        "`[].map()`",
    ]


def test_a_chain_through_a_callback_says_the_helper_is_handed_over_not_called(
    repo: RepoFactory,
) -> None:
    """A helper handed to `.map`, `sorted(key=...)` or `new Promise` runs inside that call:
    the message names the helper and the call that runs it, not `[].map()` as if the array
    method were the helper."""
    root = repo(
        {
            "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
            "gw/src/app.js": """\
                const express = require('express');
                const fs = require('fs');
                const app = express();

                function readConfig(name) {
                  return fs.readFileSync(`/etc/gw/${name}.json`, 'utf8');
                }

                function loadAll() {
                  return ['a', 'b'].map(readConfig);
                }

                function readLater(resolve) {
                  resolve(readConfig('c'));
                }

                app.get('/all', async (req, res) => {
                  res.json(loadAll());
                });

                app.get('/later', async (req, res) => {
                  res.json(await new Promise(readLater));
                });

                app.listen(3000);
                """,
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/app.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                def size(name):
                    with open(f"/data/{name}.bin", "rb") as fh:
                        return len(fh.read())


                @app.get("/sizes")
                async def sizes():
                    return sorted(["b", "a"], key=size)
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if "SC202" in line or "(sync)" in line]
    gateway = [line for line in lines if "gw/" in line]
    assert gateway == [
        "gw/src/app.js:18:12: SC202 async handler of app.get('/all') calls sync `loadAll()`, "
        "which reaches blocking `fs.readFileSync()`: loadAll() → readConfig() → "
        "fs.readFileSync (app.js:6); use await fs.promises.readFile(...) there",
        "    gw/src/app.js:9:1: `loadAll` (sync) passes `readConfig` to `[].map()` at line 10",
        "    gw/src/app.js:5:1: `readConfig` (sync) makes the blocking call at line 6",
        "gw/src/app.js:22:18: SC202 async handler of app.get('/later') runs sync `readLater` "
        "as a `new Promise()` executor, which reaches blocking `fs.readFileSync()`: "
        "readLater() → readConfig() → fs.readFileSync (app.js:6); use await "
        "fs.promises.readFile(...) there",
        "    gw/src/app.js:13:1: `readLater` (sync) calls `readConfig()` at line 14",
        "    gw/src/app.js:5:1: `readConfig` (sync) makes the blocking call at line 6",
    ]
    # `open()` and `fh.read()` are both reached from the one call: one finding, naming both.
    output = check_text(root).splitlines()
    [model] = [line for line in output if line.startswith("ml/")]
    assert (
        "async function `sizes` passes sync `size` to `sorted()`, which reaches blocking "
        "`open()`: size() → open (app.py:7), and 1 more blocking call;"
    ) in model
    assert any(
        line.startswith("    ml/app.py:8:20: also reaches blocking `fh.read()` (open().read) here")
        for line in output
    )


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
    from seamcheck.rules.blocking.dialects import in_library

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


def test_a_property_that_loads_a_model_read_on_an_async_path_is_reported(
    repo: RepoFactory,
) -> None:
    """An ML service's lazy model: a `cached_property` that calls `joblib.load`, read from an
    async method the route awaits. The first request loads the model on the event loop.
    Setting a property or reading one whose getter does no I/O is not reported, and `fix`
    leaves the read alone: there is no call to hand to a thread."""
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi", "joblib"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/api.py": """\
                from functools import cached_property

                import joblib
                from fastapi import FastAPI

                app = FastAPI()


                class Predictor:
                    def __init__(self, path):
                        self.path = path
                        self._names = []

                    @cached_property
                    def model(self):
                        return joblib.load(self.path)

                    @property
                    def labels(self):
                        return self._names

                    @labels.setter
                    def labels(self, value):
                        self._names = list(value)
                        with open("/tmp/labels.txt", "w") as out:
                            out.write(",".join(self._names))

                    async def predict(self, rows):
                        self.labels = ["cat", "dog"]
                        return self.model.predict(rows), self.labels


                predictor = Predictor("/models/classifier.joblib")


                @app.post("/predict")
                async def predict(rows: list[float]):
                    return await predictor.predict(rows)
                """,
        }
    )
    assert check_text(root).splitlines() == [
        "ml/ml/api.py:30:16: SC202 async function `Predictor.predict` reads the property "
        "`self.model`, which reaches blocking `joblib.load()`: Predictor.model() → joblib.load "
        "(api.py:16); use await asyncio.to_thread(joblib.load, ...), or do it once at start-up "
        "there",
        "    ml/ml/api.py:28:5: async function `Predictor.predict` starts here",
        "    ml/ml/api.py:15:5: `Predictor.model` (sync) makes the blocking call at line 16",
        "    ml/ml/api.py:16:16: `joblib.load()` blocks: model and data file loading",
        "1 finding (1 error) in 2 files across 1 service.",
    ]
    before = (root / "ml/ml/api.py").read_bytes()
    fixed = run_cli("fix", str(root))
    assert (fixed.exit_code, fixed.stdout) == (0, "rewrote 0 blocking calls in 0 files.\n")
    assert "ml/ml/api.py:30: left alone: a property read runs its getter in place" in fixed.stderr
    assert (root / "ml/ml/api.py").read_bytes() == before


def test_a_property_read_through_an_instance_imported_from_another_module_is_followed(
    repo: RepoFactory,
) -> None:
    """The lazy model behind a module-level service object: `service.model.predict(rows)`
    in the route file reads the property defined in another module; reading one that does
    no I/O (`service.name`) is no finding."""
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi", "joblib"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/service.py": """\
                import joblib


                class ModelService:
                    def __init__(self, path):
                        self.path = path
                        self._model = None

                    @property
                    def model(self):
                        if self._model is None:
                            self._model = joblib.load(self.path)
                        return self._model

                    @property
                    def name(self):
                        return self.path.rsplit("/", 1)[-1]


                service = ModelService("/models/classifier.joblib")
                """,
            "ml/ml/api.py": """\
                from fastapi import FastAPI

                from .service import service

                app = FastAPI()


                @app.post("/predict")
                async def predict(rows: list[float]):
                    return {"model": service.name.upper(), "y": service.model.predict(rows)}
                """,
        }
    )
    assert check_text(root).splitlines() == [
        "ml/ml/api.py:10:49: SC202 async function `predict` reads the property `service.model`, "
        "which reaches blocking `joblib.load()`: ModelService.model() → joblib.load "
        "(service.py:12); use await asyncio.to_thread(joblib.load, ...), or do it once at "
        "start-up there",
        "    ml/ml/api.py:9:1: async function `predict` starts here",
        "    ml/ml/service.py:10:5: `ModelService.model` (sync) makes the blocking call at line 12",
        "    ml/ml/service.py:12:27: `joblib.load()` blocks: model and data file loading",
        "1 finding (1 error) in 3 files across 1 service.",
    ]


def test_a_sync_sqlalchemy_or_sqlmodel_session_in_an_async_route_is_reported(
    repo: RepoFactory,
) -> None:
    """FastAPI's most common blocking mistake: a sync Session handed in by `Depends`, as a
    plain annotation, `Annotated[Session, Depends(...)]` or an alias of one imported from a
    deps module, used in an `async def` route. The same session in a plain `def` route (run
    in a thread pool), an AsyncSession, and building a query without running it are fine.
    `fix` leaves the calls alone: a session is not for handing between threads."""
    root = repo(
        {
            "api/pyproject.toml": (
                '[project]\nname = "api"\ndependencies = ["fastapi", "sqlmodel"]\n'
            ),
            "api/api/__init__.py": "",
            "api/api/deps.py": """\
                from typing import Annotated

                from fastapi import Depends
                from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
                from sqlmodel import Session, create_engine

                engine = create_engine("postgresql://db/app")
                async_engine = create_async_engine("postgresql+asyncpg://db/app")


                def get_session():
                    with Session(engine) as session:
                        yield session


                async def get_async_session():
                    async with AsyncSession(async_engine) as session:
                        yield session


                SessionDep = Annotated[Session, Depends(get_session)]
                """,
            "api/api/routes.py": """\
                from typing import Annotated

                from fastapi import APIRouter, Depends
                from sqlalchemy.ext.asyncio import AsyncSession
                from sqlmodel import Session, select

                from .deps import SessionDep, get_async_session, get_session
                from .models import Item

                router = APIRouter()


                @router.get("/items")
                async def list_items(session: SessionDep):
                    return session.exec(select(Item)).all()


                @router.get("/items/{item_id}")
                async def read_item(
                    item_id: int, session: Annotated[Session, Depends(get_session)]
                ):
                    query = session.query(Item).filter(Item.id == item_id)
                    return query.first() or session.query(Item).filter(Item.id == 0).first()


                @router.post("/items")
                async def create_item(item: dict, session: Session = Depends(get_session)):
                    session.add(Item(**item))
                    session.commit()


                @router.get("/sync-items")
                def list_items_in_a_thread(session: SessionDep):
                    return session.exec(select(Item)).all()


                @router.get("/async-items")
                async def list_items_async(
                    session: AsyncSession = Depends(get_async_session),
                ):
                    return (await session.execute(select(Item))).scalars().all()
                """,
            "api/api/models.py": "class Item:\n    id = 0\n",
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0] for line in lines] == [
        "api/api/routes.py:15:12: SC201 blocking call `session.exec()` (sqlmodel.Session().exec) "
        "in async function `list_items`",
        "api/api/routes.py:23:12: SC201 blocking call `query.first()` "
        "(sqlmodel.Session().query().filter().first) in async function `read_item`",
        "api/api/routes.py:23:29: SC201 blocking call `session.query().filter().first()` "
        "(sqlmodel.Session().query().filter().first) in async function `read_item`",
        "api/api/routes.py:29:5: SC201 blocking call `session.commit()` "
        "(sqlmodel.Session().commit) in async function `create_item`",
    ]
    assert lines[0].endswith(
        "use an AsyncSession (sqlalchemy.ext.asyncio) with await (a FastAPI route may instead "
        "be a plain `def`, run in a thread)"
    )
    fixed = run_cli("fix", str(root))
    assert fixed.stdout == "rewrote 0 blocking calls in 0 files.\n"


def test_start_up_and_shutdown_code_is_no_async_path(repo: RepoFactory) -> None:
    """FastAPI loads models in its lifespan and start-up handlers before it serves, and
    aiohttp in `on_startup`: blocking there delays no request. What they await (also through
    `asyncio.gather`) runs then too; a task they start keeps running while the app serves,
    and a route stays an async path, also when the lifespan calls it to warm it up."""
    root = repo(
        {
            "ml/pyproject.toml": (
                '[project]\nname = "ml"\ndependencies = ["fastapi", "joblib", "aiohttp"]\n'
            ),
            "ml/ml/__init__.py": "",
            "ml/ml/main.py": """\
                import asyncio
                from contextlib import asynccontextmanager

                import joblib
                from fastapi import FastAPI

                models = {}


                async def load_models():
                    models["ranker"] = joblib.load("/models/ranker.joblib")


                async def load_vocabulary():
                    models["vocabulary"] = joblib.load("/models/vocabulary.joblib")


                async def refresh_forever():
                    while True:
                        await asyncio.sleep(600)
                        models["ranker"] = joblib.load("/models/ranker.joblib")


                @asynccontextmanager
                async def lifespan(app: FastAPI):
                    await load_models()
                    await asyncio.gather(load_vocabulary())
                    await reload()  # warms the route up: it stays an async path
                    task = asyncio.create_task(refresh_forever())
                    yield
                    task.cancel()
                    joblib.dump(models, "/tmp/models.joblib")


                app = FastAPI(lifespan=lifespan)


                @app.on_event("startup")
                async def load_vectorizer():
                    models["vectorizer"] = joblib.load("/models/vec.joblib")


                @app.post("/reload")
                async def reload():
                    models["ranker"] = joblib.load("/models/ranker.joblib")
                """,
            "ml/ml/side.py": """\
                import joblib
                from aiohttp import web


                async def warm(app):
                    app["model"] = joblib.load("/models/side.joblib")


                side = web.Application()
                side.on_startup.append(warm)
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0] for line in lines] == [
        "ml/ml/main.py:21:28: SC201 blocking call `joblib.load()` in async function "
        "`refresh_forever`",
        "ml/ml/main.py:45:24: SC201 blocking call `joblib.load()` in async function `reload`",
    ]


def test_nestjs_lifecycle_hooks_are_start_up_and_shutdown_code(repo: RepoFactory) -> None:
    """Nest awaits `onModuleInit` and `onApplicationBootstrap` while the app initialises,
    before it listens, and the shutdown hooks after it stops serving: loading a model's files
    there delays no request. A provider's other methods still run while it serves."""
    root = repo(
        {
            "api/package.json": package_json(
                "api", dependencies={"@nestjs/core": "^10.0.0", "@nestjs/common": "^10.0.0"}
            ),
            "api/src/model.service.ts": """\
                import { Injectable, OnModuleInit, OnApplicationShutdown } from '@nestjs/common';
                import { readFileSync, writeFileSync } from 'fs';

                @Injectable()
                export class ModelService implements OnModuleInit, OnApplicationShutdown {
                  private labels: string[] = [];

                  async onModuleInit() {
                    this.labels = JSON.parse(readFileSync('/models/labels.json', 'utf8'));
                    await this.warm();
                  }

                  async onApplicationBootstrap() {
                    this.labels.push(readFileSync('/models/extra.txt', 'utf8'));
                  }

                  async onApplicationShutdown() {
                    writeFileSync('/tmp/labels.json', JSON.stringify(this.labels));
                  }

                  async warm() {
                    readFileSync('/models/warm.bin');
                  }

                  async reload() {
                    this.labels = JSON.parse(readFileSync('/models/labels.json', 'utf8'));
                  }
                }
                """,
        }
    )
    # Before: SC201 in each of the three hooks and in `warm`, which only a hook awaits.
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0] for line in lines] == [
        "api/src/model.service.ts:26:30: SC201 blocking call `readFileSync()` "
        "(fs.readFileSync) in async function `ModelService.reload`",
    ]


def test_fastify_plugin_bodies_and_boot_hooks_are_start_up_code(repo: RepoFactory) -> None:
    """Fastify loads its plugins (registered, or wrapped with fastify-plugin) before it
    listens, and runs `onReady`/`onClose` hooks as it boots or closes: a plugin reading its
    config there delays no request. Its routes' handlers and request hooks still serve."""
    root = repo(
        {
            "gw/package.json": package_json(
                "gw", dependencies={"fastify": "^4.28.0", "fastify-plugin": "^4.5.0"}
            ),
            "gw/src/plugins/config.js": """\
                const fp = require('fastify-plugin')
                const fs = require('node:fs')

                module.exports = fp(async function config (fastify) {
                  fastify.decorate('config', JSON.parse(fs.readFileSync('config.json', 'utf8')))
                })
                """,
            "gw/src/server.js": """\
                const Fastify = require('fastify')
                const fs = require('node:fs')
                const config = require('./plugins/config')

                async function routes (instance) {
                  const schema = JSON.parse(fs.readFileSync('./schema.json', 'utf8'))
                  instance.get('/schema', async () => schema)
                  instance.get('/live', async () => fs.readFileSync('/tmp/live', 'utf8'))
                }

                const app = Fastify()
                app.register(config)
                app.register(routes, { prefix: '/v1' })
                app.addHook('onReady', async () => { fs.writeFileSync('/tmp/ready', '1') })
                app.addHook('onClose', async () => { fs.unlinkSync('/tmp/ready') })
                app.addHook('onRequest', async (req) => { fs.appendFileSync('/tmp/log', req.url) })
                app.listen({ port: 3000 })
                """,
        }
    )
    # Before: also SC201 in the `config` and `routes` plugins and the two boot hooks.
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0] for line in lines] == [
        "gw/src/server.js:8:37: SC201 blocking call `fs.readFileSync()` in async handler of "
        "instance.get('/live')",
        "gw/src/server.js:16:43: SC201 blocking call `fs.appendFileSync()` in async handler of "
        "app.addHook('onRequest')",
    ]


def test_plugins_fastify_autoload_loads_are_start_up_code(repo: RepoFactory) -> None:
    """@fastify/autoload registers each script of its `dir` as a plugin: its body runs while
    Fastify boots, as a plugin registered by hand does. Its routes' handlers still serve."""
    root = repo(
        {
            "gw/package.json": package_json(
                "gw", dependencies={"fastify": "^4.28.0", "@fastify/autoload": "^5.8.0"}
            ),
            "gw/src/app.js": """\
                import { join } from 'node:path'
                import AutoLoad from '@fastify/autoload'

                export default async function app (fastify, opts) {
                  fastify.register(AutoLoad, { dir: join(import.meta.dirname, 'routes') })
                }
                """,
            "gw/src/routes/models/index.js": """\
                import fs from 'node:fs'

                export default async function models (fastify, opts) {
                  const schema = JSON.parse(fs.readFileSync('./schema.json', 'utf8'))
                  fastify.get('/schema', async () => schema)
                  fastify.get('/live', async () => fs.readFileSync('/tmp/live', 'utf8'))
                }
                """,
            "gw/src/lib/cache.js": """\
                import fs from 'node:fs'

                export default async function load (key) {
                  return fs.readFileSync(key, 'utf8')
                }
                """,
        }
    )
    # Before: also SC201 in the body of the `models` plugin. A script outside `dir` is
    # no plugin.
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0] for line in lines] == [
        "gw/src/lib/cache.js:4:10: SC201 blocking call `fs.readFileSync()` in async function "
        "`load`",
        "gw/src/routes/models/index.js:6:36: SC201 blocking call `fs.readFileSync()` in async "
        "handler of fastify.get('/live')",
    ]


def test_start_up_and_shutdown_lists_of_starlette_are_no_async_path(repo: RepoFactory) -> None:
    """`Starlette(on_startup=[load_model], on_shutdown=[save_model])` (FastAPI and Litestar
    take the same lists): loading there delays no request. A route's handler that the list
    also runs, to warm it up, still serves requests."""
    root = repo(
        {
            "ml/requirements.txt": "starlette\njoblib\n",
            "ml/app.py": """\
                import joblib
                from starlette.applications import Starlette
                from starlette.responses import JSONResponse
                from starlette.routing import Route

                MODEL = {}


                async def load_model():
                    MODEL["clf"] = joblib.load("/models/clf.joblib")


                async def save_model():
                    joblib.dump(MODEL["clf"], "/models/clf.joblib")


                async def predict(request):
                    MODEL["vec"] = joblib.load("/models/vec.joblib")
                    return JSONResponse({"label": str(MODEL["clf"].predict([[1]]))})


                app = Starlette(
                    routes=[Route("/predict", predict, methods=["POST"])],
                    on_startup=[load_model, predict],
                    on_shutdown=[save_model],
                )
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(" stalls")[0] for line in lines] == [
        "ml/app.py:18:20: SC201 blocking call `joblib.load()` in async function `predict`",
    ]


def test_a_django_service_is_advised_sync_to_async_and_fix_writes_no_to_thread(
    repo: RepoFactory,
) -> None:
    """Django hands sync code to a thread with asgiref's `sync_to_async`: its ORM keeps a
    database connection per thread, which `asyncio.to_thread` would open and never close.
    `asyncio.sleep` is still right in a Django async view."""
    root = repo(
        {
            "shop/pyproject.toml": (
                '[project]\nname = "shop"\ndependencies = ["django", "requests"]\n'
            ),
            "shop/manage.py": "import django\n",
            "shop/orders/__init__.py": "",
            "shop/orders/views.py": """\
                import time

                import requests
                from django.http import JsonResponse


                def carrier_status(order_id):
                    return requests.get(f"https://carrier.example/track/{order_id}").json()


                async def tracking(request, order_id):
                    time.sleep(0.1)
                    status = carrier_status(order_id)
                    return JsonResponse({"status": status})
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert lines[0].endswith("use await asyncio.sleep(...)")
    assert lines[1].endswith("or await sync_to_async(carrier_status)(...) here")
    assert "to_thread" not in "\n".join(lines)
    fixed = run_cli("fix", str(root))
    assert fixed.stdout == "rewrote 1 blocking call in 1 file.\n"
    assert "left alone: a Django service hands sync code to a thread with asgiref's" in (
        fixed.stderr
    )
    assert "await asyncio.sleep(0.1)" in (root / "shop/orders/views.py").read_text()


def test_a_nestjs_service_injected_through_the_constructor_or_a_field_is_followed(
    repo: RepoFactory,
) -> None:
    """How every NestJS app is written: the controller gets its store as a constructor
    parameter property, a typed field (`@Inject()`), or a typed parameter it assigns to a
    field, and calls it as `this.store.load()`. A store typed with an interface or an
    abstract class names no implementation: nothing is guessed. An async method cuts the
    chain as it does for `new Store()`."""
    root = repo(
        {
            "gw/package.json": package_json("gw", dependencies={"@nestjs/common": "^10.0.0"}),
            "gw/src/store.ts": """\
                import { Injectable } from '@nestjs/common';
                import * as fs from 'node:fs';

                export interface Presets {
                  load(name: string): string;
                }

                export abstract class PresetSource {
                  abstract load(name: string): string;
                }

                @Injectable()
                export class Store extends PresetSource implements Presets {
                  load(name: string): string {
                    return fs.readFileSync(`presets/${name}.json`, 'utf8');
                  }

                  async loadAsync(name: string): Promise<string> {
                    return fs.promises.readFile(`presets/${name}.json`, 'utf8');
                  }
                }
                """,
            "gw/src/presets.controller.ts": """\
                import { Controller, Get, Inject, Param } from '@nestjs/common';
                import { execSync } from 'node:child_process';
                import { Presets, PresetSource, Store } from './store';

                class Shell {
                  du(path: string): string {
                    return execSync(`du -s ${path}`).toString();
                  }
                }

                @Controller('presets')
                export class PresetsController {
                  @Inject() private readonly cache: Store;
                  private readonly fallback: Store;

                  constructor(
                    private readonly store: Store,
                    private readonly presets: Presets,
                    private readonly source: PresetSource,
                    private readonly shell: Shell,
                    fallback: Store,
                  ) {
                    this.fallback = fallback;
                  }

                  @Get('a/:name')
                  async byParameterProperty(@Param('name') name: string) {
                    return this.store.load(name);
                  }

                  @Get('b/:name')
                  async byField(@Param('name') name: string) {
                    return this.cache.load(name);
                  }

                  @Get('c/:name')
                  async byAssignedField(@Param('name') name: string) {
                    return this.fallback.load(name);
                  }

                  @Get('d')
                  async bySameFileClass() {
                    return this.shell.du('presets');
                  }

                  @Get('e/:name')
                  async byInterface(@Param('name') name: string) {
                    return this.presets.load(name) + this.source.load(name);
                  }

                  @Get('f/:name')
                  async byAsyncMethod(@Param('name') name: string) {
                    return this.store.loadAsync(name);
                  }
                }
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(", which")[0] for line in lines] == [
        "gw/src/presets.controller.ts:28:12: SC202 async function "
        "`PresetsController.byParameterProperty` calls sync `this.store.load()`",
        "gw/src/presets.controller.ts:33:12: SC202 async function `PresetsController.byField` "
        "calls sync `this.cache.load()`",
        "gw/src/presets.controller.ts:38:12: SC202 async function "
        "`PresetsController.byAssignedField` calls sync `this.fallback.load()`",
        "gw/src/presets.controller.ts:43:12: SC202 async function "
        "`PresetsController.bySameFileClass` calls sync `this.shell.du()`",
    ]
    assert lines[0].endswith(
        "reaches blocking `fs.readFileSync()`: Store.load() → fs.readFileSync (store.ts:15); "
        "use await fs.promises.readFile(...) there"
    )


def test_a_python_service_handed_in_by_depends_or_a_constructor_is_followed(
    repo: RepoFactory,
) -> None:
    """FastAPI hands a route its service through `Depends` (plain, `Annotated`, a forward
    reference); the service got its repository in `__init__` (`self.repo = repo`) and calls
    it elsewhere. A Protocol names no implementation; a plain `def` route runs in the thread
    pool; an awaited async method cuts the chain."""
    root = repo(
        {
            "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "api/api/__init__.py": "",
            "api/api/repo.py": """\
                import subprocess
                from typing import Protocol


                class Sized(Protocol):
                    def size(self) -> int: ...


                class Repo:
                    def __init__(self, path: str) -> None:
                        self.path = path

                    def size(self) -> int:
                        return int(subprocess.check_output(["du", "-s", self.path]).split()[0])

                    async def asize(self) -> int:
                        return 0
                """,
            "api/api/service.py": """\
                from .repo import Repo


                class Service:
                    def __init__(self, repo: Repo) -> None:
                        self.repo = repo

                    def stats(self) -> dict:
                        return {"bytes": self.repo.size()}
                """,
            "api/api/main.py": """\
                from typing import Annotated

                from fastapi import Depends, FastAPI

                from .repo import Repo, Sized
                from .service import Service

                app = FastAPI()


                def get_service() -> "Service":
                    return Service(Repo("/data"))


                class Report:
                    def __init__(self, service: Service) -> None:
                        self.service = service

                    def render(self) -> str:
                        return str(self.service.stats())


                @app.get("/a")
                async def by_depends(svc: Service = Depends(get_service)):
                    return svc.stats()


                @app.get("/b")
                async def by_annotated(svc: Annotated[Service, Depends(get_service)]):
                    return svc.stats()


                @app.get("/c")
                async def by_forward_reference(report: "Report" = Depends(Report)):
                    return report.render()


                @app.get("/d")
                async def by_protocol(sized: Sized = Depends(get_service)):
                    return sized.size()


                @app.get("/e")
                def in_the_thread_pool(svc: Service = Depends(get_service)):
                    return svc.stats()


                @app.get("/f")
                async def by_async_method(repo: Repo = Depends(Repo)):
                    return await repo.asize()
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert [line.split(", which")[0] for line in lines] == [
        "api/api/main.py:25:12: SC202 async function `by_depends` calls sync `svc.stats()`",
        "api/api/main.py:30:12: SC202 async function `by_annotated` calls sync `svc.stats()`",
        "api/api/main.py:35:12: SC202 async function `by_forward_reference` calls sync "
        "`report.render()`",
    ]
    assert "Service.stats() → Repo.size() → subprocess.check_output (repo.py:14)" in lines[0]
    assert "Report.render() → Service.stats() → Repo.size()" in lines[2]


def test_a_fastapi_service_with_a_django_script_keeps_the_asyncio_advice(
    repo: RepoFactory,
) -> None:
    """Only a Django service hands off with `sync_to_async`: a FastAPI service whose one-off
    import script uses Django's ORM still runs on plain asyncio."""
    root = repo(
        {
            "rates/pyproject.toml": (
                '[project]\nname = "rates"\ndependencies = ["fastapi", "requests", "django"]\n'
            ),
            "rates/scripts/import_legacy.py": "import django\n\ndjango.setup()\n",
            "rates/rates/__init__.py": "",
            "rates/rates/api.py": """\
                import requests
                from fastapi import FastAPI

                app = FastAPI()


                def fetch_rates():
                    return requests.get("https://rates.example/latest").json()


                @app.get("/rates")
                async def rates():
                    return fetch_rates()
                """,
        }
    )
    [line] = [line for line in check_text(root).splitlines() if " SC20" in line]
    assert line.endswith("or await asyncio.to_thread(fetch_rates, ...) here")
    fixed = run_cli("fix", str(root))
    assert fixed.stdout == "rewrote 1 blocking call in 1 file.\n"


def test_what_a_top_level_entry_does_before_it_first_awaits_is_start_up(
    repo: RepoFactory,
) -> None:
    """A server's `bootstrap()` (NestJS's HTTPS example), a Fastify `start()`, a Prisma seed
    and an `asyncio.run(main())` script run from the module's start-up until they first
    await (what that await awaits included): nothing else runs on the loop yet. After that
    point, or in a loop that awaits, or in an entry something else also calls, the loop may
    be serving: still reported."""
    root = repo(
        {
            "api/package.json": package_json(
                "api", dependencies={"@nestjs/core": "^10.0.0", "fastify": "^4.26.0"}
            ),
            "api/src/main.ts": """\
                import * as fs from 'fs';
                import { execSync } from 'child_process';
                import { NestFactory } from '@nestjs/core';
                import { AppModule } from './app.module';

                function loadConfig() {
                  return JSON.parse(fs.readFileSync('config.json', 'utf8'));
                }

                async function bootstrap() {
                  const config = loadConfig();
                  const app = await NestFactory.create(AppModule, {
                    httpsOptions: {
                      key: fs.readFileSync('./secrets/private-key.pem'),
                      cert: fs.readFileSync('./secrets/public-certificate.pem'),
                    },
                  });
                  await app.listen(config.port);
                  execSync('touch /tmp/ready');
                }
                bootstrap();
                """,
            "api/src/app.module.ts": "export class AppModule {}\n",
            "api/prisma/seed.ts": """\
                import { readFileSync } from 'node:fs';

                async function main() {
                  const users = JSON.parse(readFileSync('prisma/users.json', 'utf8'));
                  for (const user of users) {
                    readFileSync(`avatars/${user.id}.png`);
                    await save(user);
                  }
                }

                async function save(user: unknown) {}

                main().catch((e) => { console.error(e); process.exit(1); });
                """,
            "api/src/jobs.ts": """\
                import { readFileSync } from 'node:fs';

                export async function refresh() {
                  return readFileSync('cache.json', 'utf8');
                }
                refresh();
                setInterval(refresh, 60_000);
                """,
            "ml/requirements.txt": "httpx\n",
            "ml/backfill.py": """\
                import asyncio
                import json
                import time

                import httpx


                async def main() -> None:
                    with open("ids.json") as f:
                        ids = json.load(f)
                    async with httpx.AsyncClient() as client:
                        for i in ids:
                            await client.post("http://ml:8000/reindex", json={"id": i})
                    time.sleep(1)


                if __name__ == "__main__":
                    asyncio.run(main())
                """,
        }
    )
    lines = [line for line in check_text(root).splitlines() if " SC20" in line]
    # Before: the certificates, the config and the seed's first read were SC201/SC202 too,
    # and so was the script's `open()`: five errors about start-up code.
    assert [line.split(" stalls")[0].split(", which")[0] for line in lines] == [
        "api/prisma/seed.ts:6:5: SC201 blocking call `readFileSync()` (fs.readFileSync) in "
        "async function `main`",
        "api/src/jobs.ts:4:10: SC201 blocking call `readFileSync()` (fs.readFileSync) in "
        "async handler `refresh` of setInterval()",
        "api/src/main.ts:19:3: SC201 blocking call `execSync()` (child_process.execSync) in "
        "async function `bootstrap`",
        "ml/backfill.py:14:5: SC201 blocking call `time.sleep()` in async function `main`",
    ]


def sc2_sites(root: Path) -> list[tuple[str, str, str]]:
    """(path:line, code, what blocks) of each SC2xx finding, in output order."""
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    return [(f"{f['path']}:{f['line']}", f["code"], f["message"].split("`")[1]) for f in findings]


def test_a_name_defined_sync_and_async_is_judged_by_each_definition(repo: RepoFactory) -> None:
    # flake8-async's and ruff's fixtures define `foo` several times, sync and async; so does a
    # module with a sync fallback. Before: both bodies took the `async` of the one written
    # last: `warm` (sync) was reported, `reindex` (async, then redefined sync) was not.
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/api.py": """\
                import os
                import time

                from fastapi import FastAPI

                app = FastAPI()

                if os.environ.get("ML_SYNC_WARMUP"):
                    def warm():
                        time.sleep(0.5)
                else:
                    async def warm():
                        time.sleep(0.5)

                if os.environ.get("ML_ASYNC_INDEX"):
                    async def reindex():
                        time.sleep(2)
                else:
                    def reindex():
                        time.sleep(2)


                @app.post("/warm")
                async def warm_up():
                    await warm()
                    return {"ok": True}
                """,
        }
    )
    assert sc2_sites(root) == [
        ("ml/ml/api.py:13", "SC201", "time.sleep()"),
        ("ml/ml/api.py:17", "SC201", "time.sleep()"),
    ]


MODEL_STORE = """\
    import builtins
    import io
    import os
    import httpx2
    from pathlib import Path

    from fastapi import FastAPI

    app = FastAPI()
    MODELS = Path("/srv/models")


    @app.get("/models/{name}")
    async def describe(name: str):
        path = Path(MODELS, name).resolve()
        if not MODELS.parent.exists():
            return {}
        code = io.open_code(str(path / "hooks.py")).read()
        mounted = os.path.ismount("/srv/models")
        card = httpx2.get(f"http://registry/{name}").json()
        return {"card": card, "code": len(code), "mounted": mounted}


    async def read_labels(f: io.TextIOWrapper) -> list[str]:
        return f.readlines()


    async def confirm() -> str:
        return builtins.input("reload? ")


    async def spawn_nothing() -> None:
        os.spawnllll()  # no such function
        os.fspath(Path(MODELS.name).absolute())
"""


def test_the_peers_blocking_calls_seamcheck_missed(repo: RepoFactory) -> None:
    # From flake8-async's and ruff's ASYNC2xx fixtures (bench/async_parity.py): calls that
    # block which the catalog did not list (before: no finding at all here). `os.spawnllll`
    # is no function, `os.fspath` and `Path.absolute` do no I/O.
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/store.py": MODEL_STORE,
        }
    )
    assert sc2_sites(root) == [
        ("ml/ml/store.py:15", "SC201", "Path().resolve()"),
        ("ml/ml/store.py:16", "SC201", "MODELS.parent.exists()"),
        ("ml/ml/store.py:18", "SC201", "io.open_code().read()"),
        ("ml/ml/store.py:19", "SC201", "os.path.ismount()"),
        ("ml/ml/store.py:20", "SC201", "httpx2.get()"),
        ("ml/ml/store.py:25", "SC201", "f.readlines()"),
        ("ml/ml/store.py:29", "SC201", "builtins.input()"),
    ]


def test_calls_on_a_path_join_are_read_on_the_path_it_joins(repo: RepoFactory) -> None:
    # Datasette's static file handler (datasette/utils/asgi.py). Before, a call made on a
    # parenthesised join, `(root / name).resolve()`, was no call fact at all, nor was
    # `full` bound: of its four blocking calls only `root.resolve()` was reported.
    root = repo(
        {
            "web/pyproject.toml": '[project]\nname = "web"\ndependencies = ["uvicorn"]\n',
            "web/web/__init__.py": "",
            "web/web/static.py": """\
                from pathlib import Path


                def asgi_static(root_path):
                    root_path = Path(root_path)

                    async def inner_static(scope, receive, send):
                        path = scope["path"].lstrip("/")
                        full_path = (root_path / path).resolve().absolute()
                        if full_path.is_dir():
                            return await send({"type": "http.response.start", "status": 403})
                        full_path.relative_to(root_path.resolve())
                        body = (root_path
                                / path).read_bytes()
                        await send({"type": "http.response.body", "body": body})

                    return inner_static
                """,
        }
    )
    assert sc2_sites(root) == [
        ("web/web/static.py:9", "SC201", "(root_path / path).resolve()"),
        ("web/web/static.py:10", "SC201", "full_path.is_dir()"),
        ("web/web/static.py:12", "SC201", "root_path.resolve()"),
        ("web/web/static.py:13", "SC201", "(root_path / path).read_bytes()"),
    ]
    # The hand-off it advises takes the joined path, not the one it starts from.
    assert "use await asyncio.to_thread((root_path / path).read_bytes, ...)" in check_text(root)


def test_the_same_calls_one_and_two_helpers_deep_are_reported_where_the_loop_waits(
    repo: RepoFactory,
) -> None:
    # The peers see a blocking call only in the async function's own body; moved into a sync
    # helper (one deep) or a helper's helper in another module (two deep), each is SC202 at
    # the call the async function makes.
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/files.py": """\
                import io
                import os
                from pathlib import Path


                def model_dir(name):
                    return Path("/srv/models", name).resolve()


                def hooks(path):
                    return io.open_code(os.path.join(path, "hooks.py")).read()


                def on_mount():
                    return os.path.ismount("/srv/models")
                """,
            "ml/ml/catalog.py": """\
                from .files import hooks, model_dir, on_mount


                def describe(name):
                    return {"dir": str(model_dir(name)), "mounted": on_mount()}


                def load_hooks(name):
                    return hooks(str(model_dir(name)))
                """,
            "ml/ml/api.py": """\
                from fastapi import FastAPI

                from .catalog import describe, load_hooks
                from .files import model_dir

                app = FastAPI()


                @app.get("/models/{name}")
                async def show(name: str):
                    where = model_dir(name)
                    return {"where": str(where), **describe(name), "hooks": load_hooks(name)}
                """,
        }
    )
    lines = [
        line.split(", which")[0] + " | " + line.split("blocking `")[1].split("`")[0]
        for line in check_text(root).splitlines()
        if " SC202 " in line
    ]
    assert lines == [
        "ml/ml/api.py:11:13: SC202 async function `show` calls sync `model_dir()` | "
        "Path().resolve()",
        "ml/ml/api.py:12:36: SC202 async function `show` calls sync `describe()` | "
        "os.path.ismount()",
        "ml/ml/api.py:12:61: SC202 async function `show` calls sync `load_hooks()` | "
        "io.open_code().read()",
    ]


def test_helpers_a_star_import_brings_are_followed_to_their_blocking_calls(
    repo: RepoFactory,
) -> None:
    # `from .helpers import *`: before, the routes' calls of star-imported helpers resolved
    # to nothing (no finding for `predict`), and `open(name)`, the cache's in-memory
    # `open`, to the builtin (a false SC201 at line 17).
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/storage.py": """\
                def load_model(path):
                    with open(path, "rb") as f:
                        return f.read()


                def _checksum(blob):
                    return hash(blob)
                """,
            "ml/ml/helpers.py": """\
                import requests

                from .storage import *


                def fetch_card(name):
                    return requests.get(f"http://registry/{name}", timeout=5).json()
                """,
            "ml/ml/cache.py": """\
                import io

                __all__ = ["open"]
                _BLOBS: dict[str, bytes] = {}


                def open(name, mode="rb"):
                    return io.BytesIO(_BLOBS.get(name, b""))
                """,
            "ml/ml/api.py": """\
                from fastapi import FastAPI

                from .helpers import *
                from .cache import *

                app = FastAPI()


                @app.post("/predict")
                async def predict(rows: list[float]):
                    model = load_model("/srv/model.bin")
                    return {"card": fetch_card("churn"), "size": len(model)}


                @app.get("/cached/{name}")
                async def cached(name: str):
                    return {"size": len(open(name).read())}
                """,
        }
    )
    assert sc2_sites(root) == [
        ("ml/ml/api.py:11", "SC202", "predict"),
        ("ml/ml/api.py:12", "SC202", "predict"),
    ]
    chains = [
        line.strip().split(", which ")[-1].split("; use")[0]
        for line in check_text(root).splitlines()
        if " SC202 " in line or "also reaches" in line
    ]
    assert chains == [
        "reaches blocking `open()`: load_model() → open (storage.py:2), and 1 more blocking call",
        "ml/ml/storage.py:3:16: also reaches blocking `f.read()` (open().read) here: file I/O",
        "reaches blocking `requests.get()`: fetch_card() → requests.get (helpers.py:7)",
    ]


def test_each_target_of_a_tuple_assignment_holds_its_own_value(repo: RepoFactory) -> None:
    # Before: `labels, weights = Path(...), Path(...)` and `(client, retries) =
    # (httpx.Client(), 3)` bound nothing, and the blocking calls on them were not reported.
    # The path arithmetic and the awaited async client's call block nothing.
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/api.py": """\
                from pathlib import Path

                import httpx
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/models/{name}")
                async def describe(name: str):
                    labels, weights = Path("/srv/labels.txt"), Path("/srv/models", name)
                    (client, retries) = (httpx.Client(), 3)
                    card = client.get(f"http://registry/{name}").json()
                    backup = weights.with_suffix(".bak")
                    return {"labels": labels.read_text(), "card": card, "backup": str(backup)}


                @app.get("/cards/{name}")
                async def card(name: str):
                    registry, cache = httpx.AsyncClient(), Path("/srv/cache")
                    found = await registry.get(f"http://registry/{name}")
                    return {"card": found.json(), "cached": str(cache.joinpath(name))}
                """,
        }
    )
    assert sc2_sites(root) == [
        ("ml/ml/api.py:13", "SC201", "client.get()"),
        ("ml/ml/api.py:15", "SC201", "labels.read_text()"),
    ]


def test_functions_written_twice_under_one_name_each_see_their_own_names(
    repo: RepoFactory,
) -> None:
    # aiofiles when configured, else the stdlib: both variants are `read_labels`, so their
    # calls and bindings all say the same scope. Before: the first variant's local
    # `from aiofiles import open` and its `f` hid the builtin `open` and the second's `f`
    # in the second variant too, and its blocking reads were not reported.
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/ml/__init__.py": "",
            "ml/ml/labels.py": """\
                import os

                from fastapi import FastAPI

                app = FastAPI()

                if os.environ.get("LABELS_AIO"):
                    async def read_labels(path):
                        from aiofiles import open

                        async with open(path) as f:
                            return (await f.read()).splitlines()
                else:
                    async def read_labels(path):
                        with open(path) as f:
                            return f.read().splitlines()


                @app.get("/labels")
                async def labels():
                    return await read_labels("/srv/labels.txt")
                """,
        }
    )
    assert sc2_sites(root) == [
        ("ml/ml/labels.py:15", "SC201", "open()"),
        ("ml/ml/labels.py:16", "SC201", "f.read()"),
    ]


def test_a_function_a_decorator_runs_in_a_thread_cuts_the_chain(repo: RepoFactory) -> None:
    # Textual's own demo and DirectoryTree (textual 8.2.8): `@work(thread=True)` makes the call
    # start a thread worker and return it. Before, the five such calls of textual were SC202
    # chains. A project's own decorator counts once `[blocking] offload_decorators` lists it;
    # an async worker and an undecorated helper still run on the loop.
    root = repo(
        {
            "seamcheck.toml": '[blocking]\noffload_decorators = ["tui.jobs.in_thread"]\n',
            "tui/pyproject.toml": '[project]\nname = "tui"\ndependencies = ["textual"]\n',
            "tui/tui/__init__.py": "",
            "tui/tui/jobs.py": """\
                import threading


                def in_thread(fn):
                    def start(*args):
                        threading.Thread(target=fn, args=args).start()

                    return start
                """,
            "tui/tui/app.py": """\
                from urllib.request import urlopen

                from textual import work
                from textual.app import App

                from .jobs import in_thread


                class WeatherApp(App):
                    async def on_input_changed(self, message):
                        self.update_weather(message.value)
                        code = await self.get_code(message.value).wait()
                        self.save(code)
                        self.log_forecast(message.value)

                    @work(exclusive=True, thread=True)
                    def update_weather(self, city):
                        return urlopen(f"https://wttr.in/{city}").read()

                    @work(thread=True)
                    def get_code(self, source_file):
                        with open(source_file, encoding="utf-8") as file_:
                            return file_.read()

                    @in_thread
                    def save(self, code):
                        with open("/tmp/code.txt", "w", encoding="utf-8") as file_:
                            file_.write(code)

                    def log_forecast(self, city):
                        with open("/tmp/forecast.log", "a", encoding="utf-8") as file_:
                            file_.write(city)

                    @work(exclusive=True)
                    async def refresh(self):
                        urlopen("https://wttr.in/").read()
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f"{f['path']}:{f['line']}", f["message"].split(", which")[0]) for f in findings] == [
        (
            "tui/tui/app.py:14",
            "async function `WeatherApp.on_input_changed` calls sync `self.log_forecast()`",
        ),
        (
            "tui/tui/app.py:36",
            "blocking call `urlopen().read()` (urllib.request.urlopen().read) in async function "
            "`WeatherApp.refresh` stalls the event loop; use an async HTTP client, or await "
            "asyncio.to_thread(lambda: urlopen(...).read(...)) (`urlopen()` blocks too: hand the "
            "whole expression to the thread)",
        ),
    ]
    # `log_forecast` reaches `open()` and `file_.write()`: both named, in one finding.
    assert "→ open (app.py:31), and 1 more blocking call;" in findings[0]["message"]
    assert findings[0]["related"][-1]["message"].startswith(
        "also reaches blocking `file_.write()` (open().write) here: file I/O; use "
    )


def test_offload_decorators_are_qualified_as_the_resolver_qualifies_imports(
    repo: RepoFactory,
) -> None:
    # `from .. import jobs`, `import app.jobs as j` and `from ..jobs import threaded` all name
    # app.jobs.threaded; `from .... import jobs` climbs beyond the top-level package (Python
    # raises ImportError), so its decorator is no known one. Before, that import was sliced
    # with a negative index into `app.jobs` and its function's sleep went unreported.
    root = repo(
        {
            "seamcheck.toml": '[blocking]\noffload_decorators = ["app.jobs.threaded"]\n',
            "svc/pyproject.toml": '[project]\nname = "app"\ndependencies = ["fastapi"]\n',
            "svc/app/__init__.py": "",
            "svc/app/api/__init__.py": "",
            "svc/app/jobs/__init__.py": """\
                import threading


                def threaded(fn):
                    def run(*args):
                        threading.Thread(target=fn, args=args).start()

                    return run
                """,
            "svc/app/api/routes.py": """\
                import time

                import app.jobs as j
                from fastapi import FastAPI

                from .. import jobs
                from ..jobs import threaded
                from .... import jobs as beyond

                api = FastAPI()


                @threaded
                def warm_a():
                    time.sleep(5)


                @jobs.threaded
                def warm_b():
                    time.sleep(5)


                @j.threaded
                def warm_c():
                    time.sleep(5)


                @beyond.threaded
                def warm_d():
                    time.sleep(5)


                @api.get("/warm")
                async def warm():
                    warm_a()
                    warm_b()
                    warm_c()
                    warm_d()
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f"{f['path']}:{f['line']}", f["message"].split(", which")[0]) for f in findings] == [
        ("svc/app/api/routes.py:38", "async function `warm` calls sync `warm_d()`"),
    ]


def test_a_socket_made_non_blocking_before_the_call_does_not_block(repo: RepoFactory) -> None:
    # Home Assistant 2024.3.3 finds its source address on the loop with a UDP socket made
    # non-blocking first (`network/util.py`): before, two SC202 chains ended at its
    # `connect`. A socket switched after the call, back to blocking, or in another function
    # (it may have been handed anywhere since) still blocks.
    root = repo(
        {
            "hub/pyproject.toml": '[project]\nname = "hub"\ndependencies = ["aiohttp"]\n',
            "hub/hub/__init__.py": "",
            "hub/hub/network.py": """\
                import socket


                def source_ip(target_ip):
                    test_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    test_sock.setblocking(False)  # must be non-blocking for async
                    try:
                        test_sock.connect((target_ip, 1))
                        return test_sock.getsockname()[0]
                    finally:
                        test_sock.close()


                def probe(host, port):
                    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    sock.connect((host, port))
                    sock.setblocking(False)
                    return sock


                def ping(host, port):
                    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    sock.settimeout(0)
                    sock.setblocking(True)
                    sock.connect((host, port))


                class Link:
                    def __init__(self):
                        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                        self.sock.setblocking(False)

                    def greet(self):
                        self.sock.sendall(b"hello")


                async def async_setup(hass, host):
                    hass.data["ip"] = source_ip(host)
                    probe(host, 80)
                    ping(host, 80)
                    Link().greet()
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f"{f['path']}:{f['line']}", f["message"].split(", which")[0]) for f in findings] == [
        ("hub/hub/network.py:39", "async function `async_setup` calls sync `probe()`"),
        ("hub/hub/network.py:40", "async function `async_setup` calls sync `ping()`"),
        ("hub/hub/network.py:41", "async function `async_setup` calls sync `Link().greet()`"),
    ]


def test_a_socket_bound_again_after_the_switch_blocks_again(repo: RepoFactory) -> None:
    # The non-blocking probe socket is closed and the name bound to a new, blocking, socket:
    # before, its connect and recv were taken for the probe's and the chain went unreported.
    root = repo(
        {
            "hub/pyproject.toml": '[project]\nname = "hub"\ndependencies = ["aiohttp"]\n',
            "hub/hub/__init__.py": "",
            "hub/hub/network.py": """\
                import socket


                def fetch_banner(host, port):
                    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    sock.setblocking(False)
                    sock.connect((host, 1))
                    local = sock.getsockname()[0]
                    sock.close()
                    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    sock.connect((host, port))
                    return local, sock.recv(1024)


                async def async_setup(hass, host):
                    hass.data["banner"] = fetch_banner(host, 22)
                """,
        }
    )
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f"{f['path']}:{f['line']}", f["message"].split(": ")[0]) for f in findings] == [
        (
            "hub/hub/network.py:16",
            "async function `async_setup` calls sync `fetch_banner()`, which reaches blocking "
            "`sock.connect()` (socket.socket().connect)",
        ),
    ]
    also = findings[0]["related"][-1]
    assert (also["line"], also["message"].split(" here")[0]) == (
        12,
        "also reaches blocking `sock.recv()` (socket.socket().recv)",
    )


def test_sanic_listeners_run_before_or_after_serving_are_start_up_code(
    repo: RepoFactory,
) -> None:
    # sanic 25.12.1's own mkcert clean-up is an `@app.main_process_stop` listener: the main
    # process serves nothing, and `before_server_start` runs before the server accepts a
    # connection. Before, every listener's blocking call was SC201. `after_server_start` and
    # a route still run while requests are served.
    root = repo(
        {
            "api/pyproject.toml": ('[project]\nname = "api"\ndependencies = ["sanic", "joblib"]\n'),
            "api/api/__init__.py": "",
            "api/api/server.py": """\
                import shutil

                import joblib
                from sanic import Blueprint, Sanic, json

                app = Sanic("ranker")
                bp = Blueprint("models")


                @app.before_server_start
                async def load_model(app, _):
                    app.ctx.model = joblib.load("/models/ranker.joblib")


                @app.listener("after_server_stop")
                async def drop_scratch(app, _):
                    shutil.rmtree("/tmp/ranker")


                async def save_cache(app):
                    joblib.dump(app.shared_ctx.cache, "/tmp/cache.joblib")


                app.register_listener(save_cache, "main_process_stop")


                @bp.main_process_start
                async def fetch_vocabulary(app):
                    joblib.load("/models/vocabulary.joblib")


                @app.after_server_start
                async def warm(app, _):
                    app.ctx.extra = joblib.load("/models/extra.joblib")


                @app.get("/rank")
                async def rank(request):
                    return json(joblib.load("/models/ranker.joblib").rank(request.args))
                """,
        }
    )
    assert [
        line.split(" stalls")[0] for line in check_text(root).splitlines() if " SC20" in line
    ] == [
        "api/api/server.py:34:21: SC201 blocking call `joblib.load()` in async function `warm`",
        "api/api/server.py:39:17: SC201 blocking call `joblib.load()` in async function `rank`",
    ]


TYPED_JS_HELPER = {
    "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
    "gw/src/util.js": """\
        const fs = require('fs');

        function loadTemplate(name) {
          return fs.readFileSync(name, 'utf8');
        }

        module.exports = { loadTemplate };
        """,
    # Checked in beside it so that TypeScript callers get types: no bodies in it.
    "gw/src/util.d.ts": "export declare function loadTemplate(name: string): string;\n",
}


@pytest.mark.parametrize(
    ("server", "imports"),
    [
        (
            "server.js",
            "const express = require('express');\nconst { loadTemplate } = require('./util');",
        ),
        ("server.ts", "import express from 'express';\nimport { loadTemplate } from './util';"),
    ],
    ids=["js-importer", "ts-importer"],
)
def test_a_helper_with_a_declaration_file_beside_it_is_followed_into_its_code(
    repo: RepoFactory, server: str, imports: str
) -> None:
    # Before, `./util` named `util.d.ts` (TypeScript's order puts it before `.js`), where
    # `loadTemplate` has no body: the handler's blocking read through it went unreported.
    handler = textwrap.dedent(
        """
        const app = express();

        app.get('/page', async (req, res) => {
          res.send(loadTemplate('page.html'));
        });

        app.listen(3000);
        """
    )
    root = repo({**TYPED_JS_HELPER, f"gw/src/{server}": imports + "\n" + handler})
    findings = json.loads(check_text(root, "--format", "json"))["findings"]
    assert [(f["code"], f["path"], f["line"]) for f in findings] == [
        ("SC202", f"gw/src/{server}", 7)
    ]
    assert "loadTemplate() → fs.readFileSync (util.js:4)" in findings[0]["message"]
    assert [(r["path"], r["line"]) for r in findings[0]["related"]] == [
        (f"gw/src/{server}", 6),
        ("gw/src/util.js", 3),
        ("gw/src/util.js", 4),
    ]


def test_a_helper_handed_to_map_is_not_advised_to_go_to_a_thread_with_map(
    repo: RepoFactory,
) -> None:
    """`to_thread(map, load, xs)` gives back a lazy iterator, and `list(...)` then runs every
    `load` on the loop: SC202 offers that hand-off for a helper `sorted` runs (eager), not for
    one `map` or `filter` runs. Before, both said `await asyncio.to_thread(map, ...) here`."""
    root = repo(
        {
            "svc/pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi"]\n',
            "svc/app/__init__.py": "",
            "svc/app/main.py": """\
                import time

                from fastapi import FastAPI

                app = FastAPI()


                def load(name):
                    time.sleep(0.1)
                    return name


                @app.get("/items")
                async def items(names: str):
                    return {"items": list(map(load, names.split(",")))}


                @app.get("/ordered")
                async def ordered(names: str):
                    return sorted(names.split(","), key=load)
                """,
        }
    )
    found = [line for line in check_text(root).splitlines() if " SC202 " in line]
    assert len(found) == 2
    by_map, by_sorted = found
    assert by_map.endswith("use await asyncio.sleep(...) there")
    assert "to_thread(map" not in by_map
    assert by_sorted.endswith(
        "use await asyncio.sleep(...) there, or await asyncio.to_thread(sorted, ...) here"
    )
