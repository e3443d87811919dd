"""`seamcheck fix`: safe rewrites of blocking calls on Python async paths, end to end."""

from __future__ import annotations

import os
import stat
import textwrap
from pathlib import Path

from click.testing import CliRunner

from conftest import RepoFactory, package_json, run_cli
from seamcheck.cli import cli

SERVICE = {
    "svc/requirements.txt": "fastapi\nrequests\n",
    "svc/app.py": '''\
        """Model endpoints."""
        from __future__ import annotations

        import time
        from time import sleep as nap

        import requests


        async def reload(url):
            # Wait for the artifact to land.
            time.sleep(1)  # keep this comment
            nap(2)
            data = requests.get(url, timeout=5).json()
            with open("model.bin", "rb") as handle:
                blob = handle.read()
            return data, blob


        def sync_job():
            time.sleep(1)
        ''',
    "svc/untouched.py": "import os\n\n\ndef pure():\n    return os.sep\n",
}

FIXED_APP = '''\
"""Model endpoints."""
from __future__ import annotations

import asyncio
import time

import requests


async def reload(url):
    # Wait for the artifact to land.
    await asyncio.sleep(1)  # keep this comment
    await asyncio.sleep(2)
    data = (await asyncio.to_thread(requests.get, url, timeout=5)).json()
    with await asyncio.to_thread(open, "model.bin", "rb") as handle:
        blob = await asyncio.to_thread(handle.read)
    return data, blob


def sync_job():
    time.sleep(1)
'''


def split_run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_fix_rewrites_in_place_keeping_comments_and_adds_import(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    untouched = root / "svc/untouched.py"
    before = untouched.stat()
    code, out, err = split_run("fix", str(root))
    assert (code, out, err) == (0, "rewrote 5 blocking calls in 1 file.\n", "")
    assert (root / "svc/app.py").read_text() == FIXED_APP
    assert untouched.stat().st_mtime_ns == before.st_mtime_ns
    assert untouched.stat().st_ino == before.st_ino
    # What was fixed is no longer reported; the sync job never was.
    assert run_cli("check", str(root)).output == "No findings in 2 files across 1 service.\n"
    # A second run has nothing left to do.
    assert split_run("fix", str(root))[1] == "rewrote 0 blocking calls in 0 files.\n"


def test_the_added_import_joins_the_import_block_spaced_as_black_and_isort_want(
    repo: RepoFactory,
) -> None:
    """Before, `import asyncio` went right under the docstring, and the blank line that had
    followed the docstring then split it from the other imports (`ruff check --select I` and
    black's one line after a module docstring both complained); with no import at the top it
    sat flush against the first `def`."""
    body = "\n\nasync def h():\n    time.sleep(1)\n"
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/docstring.py": '"""Health."""\n\nimport time\n' + body,
            "svc/local.py": (
                '"""Helpers."""\n\n\ndef helper():\n    return 1\n\n\n'
                "async def poll():\n    import time\n    time.sleep(5)\n"
            ),
            "svc/bare.py": "def helper():\n    return 1\n\n\nasync def poll():\n"
            "    import time\n    time.sleep(5)\n",
        }
    )
    assert split_run("fix", str(root))[1] == "rewrote 3 blocking calls in 3 files.\n"
    assert (root / "svc/docstring.py").read_text() == (
        '"""Health."""\n\nimport asyncio\n'
        + body.replace("time.sleep(1)", "await asyncio.sleep(1)")
    )
    assert (
        (root / "svc/local.py")
        .read_text()
        .startswith('"""Helpers."""\n\nimport asyncio\n\n\ndef helper():\n')
    )
    assert (root / "svc/bare.py").read_text().startswith("import asyncio\n\n\ndef helper():\n")


def test_fix_diff_prints_a_unified_diff_and_writes_nothing(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    original = (root / "svc/app.py").read_bytes()
    code, out, err = split_run("fix", str(root), "--diff")
    assert code == 0
    assert (root / "svc/app.py").read_bytes() == original
    assert out.startswith("--- a/svc/app.py\n+++ b/svc/app.py\n")
    assert "\n-    time.sleep(1)  # keep this comment\n" in out
    assert "\n+    await asyncio.sleep(1)  # keep this comment\n" in out
    assert "+import asyncio\n" in out
    assert err == "would rewrite 5 blocking calls in 1 file.\n"
    assert sorted(p.name for p in (root / "svc").iterdir()) == [
        "app.py",
        "requirements.txt",
        "untouched.py",
    ]


def test_what_is_not_provably_equivalent_is_left_alone(repo: RepoFactory) -> None:
    source = textwrap.dedent(
        """\
        import asyncio
        from pathlib import Path

        import requests


        async def handler(paths):
            sizes = [open(p).read() for p in paths]
            text = Path("a").read_text()
            go = lambda: requests.get("u")
            time_left = requests.get("u", timeout=3)
            return sizes, text, go, time_left
        """
    )
    root = repo({"svc/requirements.txt": "requests\n", "svc/app.py": source})
    code, out, err = split_run("fix", str(root))
    assert code == 0
    assert err == (
        "svc/app.py:8: left alone: inside a lambda, comprehension or class body\n"
        "svc/app.py:9: left alone: the callee `Path().read_text` makes a call of its own\n"
    )
    assert out == "rewrote 1 blocking call in 1 file.\n"
    fixed = (root / "svc/app.py").read_text()
    assert fixed == source.replace(
        'time_left = requests.get("u", timeout=3)',
        'time_left = await asyncio.to_thread(requests.get, "u", timeout=3)',
    )


def test_a_call_made_on_a_path_join_hands_the_joined_path_to_the_thread(
    repo: RepoFactory,
) -> None:
    # Datasette's static handler: before, these calls were never found (no finding, no fix);
    # the rewrite hands over the bound method of the joined path, the join itself being pure.
    source = textwrap.dedent(
        """\
        from pathlib import Path

        ROOT = Path("/srv/static")


        async def serve(name):
            full = (ROOT / name).resolve()
            body = (Path("/srv") / name).read_bytes()
            return full, body
        """
    )
    root = repo({"svc/requirements.txt": "fastapi\n", "svc/app.py": source})
    code, out, err = split_run("fix", str(root))
    assert code == 0
    assert err == (
        'svc/app.py:8: left alone: the callee `(Path("/srv") / name).read_bytes` makes a call of '
        "its own\n"
    )
    assert out == "rewrote 1 blocking call in 1 file.\n"
    fixed = (root / "svc/app.py").read_text()
    assert "    full = await asyncio.to_thread((ROOT / name).resolve)\n" in fixed


def test_a_file_where_asyncio_names_something_else_is_not_rewritten(repo: RepoFactory) -> None:
    source = "import time\nimport trio as asyncio\n\n\nasync def f():\n    time.sleep(1)\n"
    root = repo({"svc/requirements.txt": "", "svc/app.py": source})
    code, out, err = split_run("fix", str(root))
    assert (code, out) == (0, "rewrote 0 blocking calls in 0 files.\n")
    assert err == "svc/app.py:6: left alone: `asyncio` names something else in this file\n"
    assert (root / "svc/app.py").read_text() == source


def test_fix_keeps_the_file_mode_and_never_touches_javascript(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/tool.py": "import time\n\nasync def tick():\n    time.sleep(1)\n",
            "gw/package.json": package_json("gw"),
            "gw/a.js": "const fs = require('fs');\nasync function f() { fs.readFileSync('x'); }\n",
        }
    )
    tool = root / "svc/tool.py"
    os.chmod(tool, 0o750)
    js_before = (root / "gw/a.js").read_bytes()
    assert split_run("fix", str(root)) == (
        0,
        "rewrote 1 blocking call in 1 file.\n",
        "gw/a.js:2: left alone: fix rewrites Python only\n",
    )
    assert stat.S_IMODE(tool.stat().st_mode) == 0o750
    assert tool.read_text() == "import asyncio\n\nasync def tick():\n    await asyncio.sleep(1)\n"
    assert (root / "gw/a.js").read_bytes() == js_before
    assert [p.name for p in (root / "svc").iterdir() if p.name.endswith(".tmp")] == []


def test_fix_on_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("fix", str(tmp_path / "nope"))
    assert result.exit_code == 2


def test_crlf_files_keep_their_line_endings(repo: RepoFactory) -> None:
    root = repo({"svc/requirements.txt": ""})
    (root / "svc/app.py").write_bytes(b"import time\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n")
    assert split_run("fix", str(root))[1] == "rewrote 1 blocking call in 1 file.\n"
    assert (root / "svc/app.py").read_bytes() == (
        b"import asyncio\r\n\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n"
    )


def test_a_file_libcst_cannot_parse_is_left_alone(repo: RepoFactory) -> None:
    source = "import time\n\nasync def f():\n    time.sleep(1)\n\ndef broken(:\n    pass\n"
    root = repo({"svc/requirements.txt": "", "svc/app.py": source})
    code, out, err = split_run("fix", str(root))
    assert (code, out) == (0, "rewrote 0 blocking calls in 0 files.\n")
    assert err == "svc/app.py:4: left alone: libcst cannot parse this file\n"
    assert (root / "svc/app.py").read_text() == source


# -- SC202: the async call site of a sync helper that reaches blocking I/O -------------------

FEED = {
    "svc/requirements.txt": "fastapi\nrequests\n",
    "svc/app/__init__.py": "",
    "svc/app/main.py": '''\
        """Price feed endpoints."""
        from fastapi import FastAPI

        from .feed import refresh_prices, warm

        app = FastAPI()


        @app.post("/prices/refresh")
        async def refresh(source: str) -> dict[str, int]:
            count = refresh_prices(source, timeout=5)  # the feed is slow
            return {"updated": count}


        @app.post("/cache/warm")
        async def warm_all(keys: list[str]) -> dict[str, list[str]]:
            return {"warmed": [warm(k) for k in keys]}


        @app.post("/cache/warm-lazily")
        async def warm_lazily(keys: list[str]) -> dict[str, list[str]]:
            return {"warmed": list(map(warm, keys))}
        ''',
    "svc/app/feed.py": """\
        import time

        import requests


        def refresh_prices(source: str, timeout: float) -> int:
            prices = _download(source, timeout)
            time.sleep(0.5)  # the feed rate-limits
            return len(prices)


        def _download(source: str, timeout: float) -> list[dict[str, str]]:
            return requests.get(source, timeout=timeout).json()


        def warm(key: str) -> str:
            time.sleep(0.1)
            return key
        """,
    "gw/package.json": package_json("gw", dependencies={"express": "^4"}),
    "gw/src/server.js": """\
        const express = require('express');
        const { renderReceipt } = require('./templates');

        const app = express();

        app.post('/receipts', async (req, res) => {
          res.send(renderReceipt(req.body));
        });
        """,
    "gw/src/templates.js": """\
        const fs = require('fs');

        function renderReceipt(order) {
          return fs.readFileSync('receipt.html', 'utf8').replace('{{id}}', order.id);
        }

        module.exports = { renderReceipt };
        """,
}

# Unchanged lines of a unified diff start with a space: spelt out, so no line ends in one.
FEED_DIFF = (
    "--- a/svc/app/main.py\n"
    "+++ b/svc/app/main.py\n"
    "@@ -1,4 +1,6 @@\n"
    ' """Price feed endpoints."""\n'
    "+import asyncio\n"
    "+\n"
    " from fastapi import FastAPI\n"
    " \n"
    " from .feed import refresh_prices, warm\n"
    "@@ -8,7 +10,7 @@\n"
    " \n"
    ' @app.post("/prices/refresh")\n'
    " async def refresh(source: str) -> dict[str, int]:\n"
    "-    count = refresh_prices(source, timeout=5)  # the feed is slow\n"
    "+    count = await asyncio.to_thread(refresh_prices, source, timeout=5)  # the feed is slow\n"
    '     return {"updated": count}\n'
    " \n"
    " \n"
)

FEED_LEFT_ALONE = (
    "gw/src/server.js:7: left alone: fix rewrites Python only\n"
    "svc/app/main.py:17: left alone: inside a lambda, comprehension or class body\n"
    "svc/app/main.py:22: left alone: the sync helper runs inside `map()`, not called here\n"
)


def blocking_findings(root: Path) -> list[str]:
    """`path:line:col: CODE` of each SC201/SC202 finding `check` reports."""
    lines = run_cli("check", str(root)).output.splitlines()
    return [" ".join(line.split(" ", 2)[:2]) for line in lines if " SC20" in line[:80]]


def also_reached(root: Path) -> list[str]:
    """`path:line:col: also reaches blocking `call()`` of each other blocking call an SC202
    finding's call reaches, beyond the chain it reports."""
    lines = run_cli("check", str(root)).output.splitlines()
    return [
        line.strip().split(" here: ")[0] for line in lines if ": also reaches blocking " in line
    ]


def test_fix_hands_the_helper_an_sc202_finding_names_to_a_thread(repo: RepoFactory) -> None:
    root = repo(FEED)
    assert blocking_findings(root) == [
        "gw/src/server.js:7:12: SC202",
        "svc/app/main.py:11:13: SC202",  # reaches time.sleep, and requests.get:
        "svc/app/main.py:17:24: SC202",
        "svc/app/main.py:22:28: SC202",
    ]
    assert also_reached(root) == ["svc/app/feed.py:13:12: also reaches blocking `requests.get()`"]
    assert split_run("fix", str(root), "--diff") == (
        0,
        FEED_DIFF,
        FEED_LEFT_ALONE + "would rewrite 1 blocking call in 1 file.\n",
    )
    assert split_run("fix", str(root)) == (
        0,
        "rewrote 1 blocking call in 1 file.\n",
        FEED_LEFT_ALONE,
    )
    # The finding at the rewritten call site is gone; what was left alone is still there.
    assert blocking_findings(root) == [
        "gw/src/server.js:7:12: SC202",
        "svc/app/main.py:19:24: SC202",
        "svc/app/main.py:24:28: SC202",
    ]
    # The hand-off is not a call of the helper: a second run does not wrap it again.
    fixed = (root / "svc/app/main.py").read_bytes()
    assert split_run("fix", str(root))[1] == "rewrote 0 blocking calls in 0 files.\n"
    assert (root / "svc/app/main.py").read_bytes() == fixed
    assert (root / "gw/src/server.js").read_text() == textwrap.dedent(FEED["gw/src/server.js"])


def test_a_blocking_call_in_the_arguments_of_a_helper_call_is_handed_off_too(
    repo: RepoFactory,
) -> None:
    source = textwrap.dedent(
        """\
        import requests


        async def mirror(url):
            return save(requests.get(url, timeout=5))


        def save(response):
            with open("mirror.bin", "wb") as handle:
                handle.write(response.content)
        """
    )
    root = repo({"svc/requirements.txt": "requests\n", "svc/app.py": source})
    assert blocking_findings(root) == ["svc/app.py:5:12: SC202", "svc/app.py:5:17: SC201"]
    assert also_reached(root) == [
        "svc/app.py:10:9: also reaches blocking `handle.write()` (open().write)"
    ]
    assert split_run("fix", str(root)) == (0, "rewrote 2 blocking calls in 1 file.\n", "")
    assert (root / "svc/app.py").read_text() == "import asyncio\n\n" + source.replace(
        "return save(requests.get(url, timeout=5))",
        "return await asyncio.to_thread(save, await asyncio.to_thread(requests.get, url, timeout=5))",
    )
    assert blocking_findings(root) == []


def test_a_generator_helper_is_left_alone(repo: RepoFactory) -> None:
    # `to_thread(ticks, 3)` would only create the generator in the thread; every `time.sleep`
    # would still run on the loop as the `for` iterates, and `check` would no longer say so.
    source = textwrap.dedent(
        """\
        import contextlib
        import time


        def ticks(n):
            for i in range(n):
                time.sleep(1)
                yield i


        @contextlib.contextmanager
        def lease():
            time.sleep(1)
            yield "lease"


        async def poll():
            for tick in ticks(3):
                print(tick)
            with lease() as held:
                return held
        """
    )
    root = repo({"svc/requirements.txt": "", "svc/app.py": source})
    assert split_run("fix", str(root)) == (
        0,
        "rewrote 0 blocking calls in 0 files.\n",
        "svc/app.py:18: left alone: `ticks` is a generator: calling it runs none of its body\n"
        "svc/app.py:20: left alone: `lease` is a generator: calling it runs none of its body\n",
    )
    assert (root / "svc/app.py").read_text() == source
    assert blocking_findings(root) == ["svc/app.py:18:17: SC202", "svc/app.py:20:10: SC202"]
    # Nor does the finding suggest the hand-off: the blocking is to be moved inside.
    messages = [line for line in run_cli("check", str(root)).output.splitlines() if "SC202" in line]
    assert [m.rpartition("; ")[2] for m in messages] == ["use await asyncio.sleep(...) there"] * 2


def test_a_lazy_folder_scan_is_left_alone(repo: RepoFactory) -> None:
    # `os.walk` and `Path.glob` only make an iterator, which reads the folders as it is
    # iterated: `for top, _, _ in await asyncio.to_thread(os.walk, root)` still walks them on
    # the loop (that was fix's rewrite, and the advice), as would `to_thread(notebooks)` of a
    # helper returning `root.rglob(...)`. The advice is to iterate in the thread.
    source = textwrap.dedent(
        """\
        import os
        from pathlib import Path

        ROOT = Path("notebooks")


        def notebooks():
            return ROOT.rglob("*.ipynb")


        async def sizes():
            found = {}
            for top, _dirs, files in os.walk(ROOT):
                found[top] = len(files)
            return found


        async def first(pattern: str):
            return next(ROOT.glob(pattern), None)


        async def names():
            return [p.name for p in notebooks()]
        """
    )
    root = repo({"svc/requirements.txt": "", "svc/app.py": source})
    lazy = "gives an iterator that reads as it is iterated, not when called"
    assert split_run("fix", str(root)) == (
        0,
        "rewrote 0 blocking calls in 0 files.\n",
        f"svc/app.py:13: left alone: `os.walk()` {lazy}: hand the iteration to the thread\n"
        f"svc/app.py:19: left alone: `ROOT.glob()` {lazy}: hand the iteration to the thread\n"
        f"svc/app.py:23: left alone: `notebooks()` {lazy}\n",
    )
    assert (root / "svc/app.py").read_text() == source
    messages = [line for line in run_cli("check", str(root)).output.splitlines() if "SC20" in line]
    assert [m.rpartition("; use ")[2] for m in messages] == [
        "await asyncio.to_thread(list, os.walk(...)) (or aiofiles)",
        "await asyncio.to_thread(list, ROOT.glob(...)) (or aiofiles)",
        "await asyncio.to_thread(list, ROOT.rglob(...)) (or aiofiles) there",
    ]


def test_every_call_of_the_helper_in_the_async_function_is_handed_off_in_one_run(
    repo: RepoFactory,
) -> None:
    # SC202 reports the first call of `load` in `merged`; the others would be reported by the
    # next check, and each run of fix would rewrite one more.
    source = textwrap.dedent(
        """\
        def load(path):
            with open(path) as f:
                return f.read()


        async def merged(path):
            first = load(path)
            second = load(path + ".bak")
            return first + second + load(path)
        """
    )
    root = repo({"svc/requirements.txt": "", "svc/app.py": source})
    assert blocking_findings(root) == ["svc/app.py:7:13: SC202"]  # open(), and f.read():
    assert also_reached(root) == ["svc/app.py:3:16: also reaches blocking `f.read()` (open().read)"]
    assert split_run("fix", str(root)) == (0, "rewrote 3 blocking calls in 1 file.\n", "")
    assert blocking_findings(root) == []
    assert split_run("fix", str(root))[1] == "rewrote 0 blocking calls in 0 files.\n"


def test_sqlite3_calls_and_the_helpers_that_reach_them_stay_on_their_thread(
    repo: RepoFactory,
) -> None:
    """A sqlite3 connection refuses every thread but the one that made it: handing
    `sqlite3.connect` (or a helper returning a connection) to a thread breaks the calls that
    use it on the loop. Those are left alone, with the reason; the requests helper beside
    them is still handed off."""
    source = textwrap.dedent(
        """\
        import sqlite3

        import requests


        def connect():
            return sqlite3.connect("app.db")


        def fetch(url):
            return requests.get(url, timeout=5).text


        async def items():
            conn = sqlite3.connect("app.db")
            rows = conn.execute("select 1").fetchall()
            other = connect()
            return rows, other, fetch("http://x")
        """
    )
    root = repo({"svc/requirements.txt": "requests\n", "svc/app.py": source})
    code, out, err = split_run("fix", str(root))
    assert code == 0
    shared = "sqlite3 objects belong to the thread that made them: a thread hand-off breaks"
    assert err == (
        f"svc/app.py:15: left alone: {shared} the code that shares them\n"
        f"svc/app.py:16: left alone: {shared} the code that shares them\n"
        f"svc/app.py:17: left alone: `connect()` reaches sqlite3: {shared} the code that "
        "shares them\n"
    )
    assert out == "rewrote 1 blocking call in 1 file.\n"
    assert (root / "svc/app.py").read_text() == "import asyncio\n" + source.replace(
        'fetch("http://x")', 'await asyncio.to_thread(fetch, "http://x")'
    )
    sc202 = run_cli("check", str(root), "--select", "SC202").output
    assert "to_thread(connect" not in sc202
    assert sc202.startswith("svc/app.py:18:13: SC202 async function `items` calls sync `connect()`")


def test_a_helper_that_reaches_sqlite3_by_a_longer_path_stays_on_its_thread(
    repo: RepoFactory,
) -> None:
    """SC202 reports the shortest chain to each blocking call: here `x` reaches
    `sqlite3.connect` through `get_db()` directly, so the chain through `load()` is about
    `requests.get` only. `load()` hands back a connection all the same, and a hand-off of it
    would make one the loop cannot use (found by helper-26's review)."""
    source = textwrap.dedent(
        """\
        import sqlite3

        import requests


        def get_db():
            return sqlite3.connect("app.db")


        def load(u):
            requests.get(u, timeout=5)
            return get_db()


        async def x(u):
            db = get_db()
            conn = load(u)
            return db, conn.execute("select 1").fetchall()
        """
    )
    root = repo({"svc/requirements.txt": "requests\n", "svc/app.py": source})
    code, out, err = split_run("fix", str(root))
    assert (code, out) == (0, "rewrote 0 blocking calls in 0 files.\n")
    assert "svc/app.py:17: left alone: `load()` reaches sqlite3: sqlite3 objects belong" in err
    assert (root / "svc/app.py").read_text() == source
    sc202 = run_cli("check", str(root), "--select", "SC202").output
    assert "calls sync `load()`, which reaches blocking `requests.get()`" in sc202
    assert "to_thread(load" not in sc202


LOOP_BOUND_APP = """\
import asyncio
from contextvars import ContextVar

import requests

request_id: ContextVar[str] = ContextVar("request_id", default="-")
events = asyncio.Queue()


def tag(rid, url):
    request_id.set(rid)
    return requests.get(url, timeout=5).text


def notify(url):
    asyncio.get_running_loop().call_soon(print, url)
    return requests.get(url, timeout=5).text


def remember(url):
    events.put_nowait(url)


def audit(url):
    remember(url)
    return requests.post(url, timeout=5).text


def plain(url):
    return requests.get(url, timeout=5).text


async def handle(rid, url):
    return tag(rid, url), notify(url), audit(url), plain(url)
"""


def test_helpers_that_need_the_event_loop_thread_are_not_handed_to_a_thread(
    repo: RepoFactory,
) -> None:
    """In a worker thread, `ContextVar.set` sets the thread's copy of the context (a later
    `request_id.get()` on the loop still says "-"), and the loop and its queues are not
    thread-safe (`get_running_loop()` raises there): those helpers, and `audit` that reaches
    one through `remember`, keep their blocking calls on the loop; `plain` is handed off."""
    root = repo({"svc/requirements.txt": "fastapi\nrequests\n", "svc/app.py": LOOP_BOUND_APP})
    code, out, err = split_run("fix", str(root))
    assert (code, out) == (0, "rewrote 1 blocking call in 1 file.\n")
    not_thread_safe = (
        "which is not thread-safe (called from a worker thread, it does not wake the loop)"
    )
    assert err == (
        f"svc/app.py:34: left alone: `audit()` reaches `asyncio.Queue().put_nowait`, "
        f"{not_thread_safe}\n"
        f"svc/app.py:34: left alone: `notify()` reaches `asyncio.get_running_loop().call_soon`, "
        f"{not_thread_safe}\n"
        "svc/app.py:34: left alone: `tag()` reaches `contextvars.ContextVar().set`, which in a "
        "worker thread sets that thread's copy of the context, not the caller's\n"
    )
    assert (root / "svc/app.py").read_text() == LOOP_BOUND_APP.replace(
        "plain(url)\n", "await asyncio.to_thread(plain, url)\n"
    )
    sc202 = run_cli("check", str(root), "--select", "SC202").output
    assert sc202.count(" SC202 ") == 3  # tag, notify, audit: plain is on a thread now
    assert "to_thread(tag" not in sc202 and "to_thread(notify" not in sc202
    assert "to_thread(audit" not in sc202


def test_nothing_is_rewritten_to_asyncio_in_a_service_that_runs_on_trio(
    repo: RepoFactory,
) -> None:
    """`asyncio.sleep` and `asyncio.to_thread` fail outside an asyncio loop. The trio worker
    is left alone, with the API to use, and the findings advise trio's; the asyncio service
    beside it is still fixed. (The worker's handler serves connections: a `main` that
    `trio.run(main)` runs alone on its loop would be start-up, no async path.)"""
    worker = """\
        import time

        import trio

        from .jobs import fetch


        async def main(stream):
            time.sleep(1)
            return fetch("http://api:8000/jobs")


        trio.run(trio.serve_tcp, main, 8000)
        """
    jobs = """\
        import requests


        def fetch(url):
            return requests.get(url, timeout=5).text
        """
    api = "import time\n\n\nasync def ping():\n    time.sleep(1)\n"
    root = repo(
        {
            "worker/requirements.txt": "trio\nrequests\n",
            "worker/__init__.py": "",
            "worker/main.py": worker,
            "worker/jobs.py": jobs,
            "api/requirements.txt": "fastapi\n",
            "api/app.py": api,
            # anyio's pytest plugin in the tests says nothing of the loop the service runs on.
            "api/tests/conftest.py": "import anyio\n",
        }
    )
    assert blocking_findings(root) == [
        "api/app.py:5:5: SC201",
        "worker/main.py:9:5: SC201",
        "worker/main.py:10:12: SC202",
    ]
    code, out, err = split_run("fix", str(root))
    reason = (
        "left alone: the service imports trio: its async code may not run on asyncio "
        "(use trio.sleep or trio.to_thread.run_sync)"
    )
    assert (code, out) == (0, "rewrote 1 blocking call in 1 file.\n")
    assert err == f"worker/main.py:9: {reason}\nworker/main.py:10: {reason}\n"
    assert (root / "worker/main.py").read_text() == textwrap.dedent(worker)
    # `check` gives the same advice in trio's terms.
    worker_findings = run_cli("check", str(root), "--select", "SC2").output.splitlines()
    assert worker_findings[0].endswith("stalls the event loop; use await trio.sleep(...)")
    assert worker_findings[2].endswith(
        "use an async client (httpx.AsyncClient, aiohttp) or await "
        "trio.to_thread.run_sync(requests.get, ...) there, or await "
        "trio.to_thread.run_sync(fetch, ...) here"
    )
    assert (root / "api/app.py").read_text() == api.replace(
        "    time.sleep(1)", "    await asyncio.sleep(1)"
    ).replace("import time\n", "import asyncio\n", 1)


def test_a_call_whose_finding_a_comment_suppresses_is_not_rewritten(repo: RepoFactory) -> None:
    source = textwrap.dedent(
        """\
        import time


        def load(path):
            with open(path) as f:
                return f.read()


        async def handler(path):
            time.sleep(1)
            time.sleep(2)  # seamcheck: ignore[SC201] -- a deliberate stall in a test double
            first = load(path)
            return first + load(path + ".bak")  # seamcheck: ignore[SC202] -- reviewed


        async def other(path):
            return load(path)  # seamcheck: ignore[SC202] -- reviewed
        """
    )
    root = repo({"svc/requirements.txt": "fastapi\n", "svc/app.py": source})
    assert split_run("fix", str(root)) == (0, "rewrote 2 blocking calls in 1 file.\n", "")
    fixed = (root / "svc/app.py").read_text()
    assert "    await asyncio.sleep(1)\n" in fixed
    assert "    time.sleep(2)  # seamcheck: ignore[SC201]" in fixed
    assert "    first = await asyncio.to_thread(load, path)\n" in fixed
    assert 'return first + load(path + ".bak")  # seamcheck: ignore[SC202]' in fixed
    assert "    return load(path)  # seamcheck: ignore[SC202]" in fixed


def test_a_call_laid_out_one_argument_per_line_stays_so(repo: RepoFactory) -> None:
    """Before, the function handed to the thread was written after the `(` and the call's
    first argument joined it there (`to_thread(requests.get, "https://...",`), undoing the
    layout black or ruff format gave it; a comment after the `(` must stay put. And
    `import asyncio` joined a third-party import block, which isort splits."""
    root = repo(
        {
            "svc/requirements.txt": "fastapi\nrequests\n",
            "svc/app.py": """\
                import requests


                async def fetch_weights():
                    meta = requests.get(  # the model store
                        "https://models.example.com/meta",
                        timeout=5,
                    )
                    blob = requests.get("https://models.example.com/blob",
                                        timeout=30)
                    return meta, blob
                """,
        }
    )
    assert split_run("fix", str(root))[1] == "rewrote 2 blocking calls in 1 file.\n"
    assert (root / "svc/app.py").read_text() == textwrap.dedent(
        """\
        import asyncio

        import requests


        async def fetch_weights():
            meta = await asyncio.to_thread(  # the model store
                requests.get,
                "https://models.example.com/meta",
                timeout=5,
            )
            blob = await asyncio.to_thread(requests.get, "https://models.example.com/blob",
                                timeout=30)
            return meta, blob
        """
    )


def test_a_multi_line_call_is_laid_out_as_ruff_format_would_keep_it(repo: RepoFactory) -> None:
    """Each call here is as `ruff format` leaves it, and so is each rewrite. Before, black's
    "hug" (the arguments on one line of their own) was split, the handed function alone on
    its line; a call on lines of its own with `.json()` after it became `(await
    asyncio.to_thread(` ... `)).json()`, which ruff re-indents inside parentheses; a comment
    after the `(` of a call with no arguments was dropped; and a comment above the first
    argument went above the handed function instead."""
    root = repo(
        {
            "svc/requirements.txt": "fastapi\nrequests\n",
            "svc/app.py": """\
                import requests


                async def sync_weights(url, headers):
                    response_from_the_model_metadata_service = requests.get(
                        url, headers=headers, timeout=5
                    )
                    listing = requests.get(
                        url,
                        timeout=5,
                    ).json()
                    ping = requests.get(  # the store's health check
                    )
                    blob = requests.get(
                        # the weights themselves
                        url,
                        timeout=30,
                    )
                    return response_from_the_model_metadata_service, listing, ping, blob
                """,
        }
    )
    assert split_run("fix", str(root))[1] == "rewrote 4 blocking calls in 1 file.\n"
    assert (root / "svc/app.py").read_text() == textwrap.dedent(
        """\
        import asyncio

        import requests


        async def sync_weights(url, headers):
            response_from_the_model_metadata_service = await asyncio.to_thread(
                requests.get, url, headers=headers, timeout=5
            )
            listing = (
                await asyncio.to_thread(
                    requests.get,
                    url,
                    timeout=5,
                )
            ).json()
            ping = await asyncio.to_thread(  # the store's health check
                requests.get
            )
            blob = await asyncio.to_thread(
                requests.get,
                # the weights themselves
                url,
                timeout=30,
            )
            return response_from_the_model_metadata_service, listing, ping, blob
        """
    )


def test_import_asyncio_takes_its_isort_place_among_the_standard_library(
    repo: RepoFactory,
) -> None:
    """Before, `import asyncio` went at the head of the block, above `import abc` or `import
    argparse`, which isort (ruff I001) sorts before it."""
    body = "\n\nasync def fetch(url):\n    return requests.get(url, timeout=5)\n"
    root = repo(
        {
            "svc/requirements.txt": "fastapi\nrequests\n",
            "svc/cli.py": "import argparse\nimport os\n\nimport requests\n" + body,
            "svc/models.py": (
                '"""Models."""\n\nfrom __future__ import annotations\n\nimport abc\n\n'
                "import requests\n" + body
            ),
            "svc/typed.py": "import ast\nfrom typing import Any\n\nimport requests\n" + body,
        }
    )
    assert split_run("fix", str(root))[1] == "rewrote 3 blocking calls in 3 files.\n"
    fixed = body.replace("requests.get(", "await asyncio.to_thread(requests.get, ")
    assert (root / "svc/cli.py").read_text() == (
        "import argparse\nimport asyncio\nimport os\n\nimport requests\n" + fixed
    )
    assert (root / "svc/models.py").read_text() == (
        '"""Models."""\n\nfrom __future__ import annotations\n\nimport abc\nimport asyncio\n\n'
        "import requests\n" + fixed
    )
    assert (root / "svc/typed.py").read_text() == (
        "import ast\nimport asyncio\nfrom typing import Any\n\nimport requests\n" + fixed
    )


def test_an_import_the_rewritten_sleeps_no_longer_use_is_removed(repo: RepoFactory) -> None:
    """Before, `fix` turned a module's last `time.sleep` into `asyncio.sleep` and left
    `import time` behind, which `ruff check` (F401) then failed: fix-then-lint broke a
    pre-commit hook. An import still used elsewhere, exported in `__all__`, or binding
    other names too stays; only the unused name goes."""
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/poll.py": """\
                import os, time
                from time import monotonic, sleep as nap


                async def poll():
                    started = monotonic()
                    time.sleep(5)
                    nap(1)
                    return os.getpid(), started
                """,
            "svc/kept.py": """\
                import time
                from time import sleep as nap

                __all__ = ["nap"]


                async def tick():
                    time.sleep(1)
                    nap(1)


                def stamp():
                    return time.time()
                """,
        }
    )
    assert split_run("fix", str(root))[1] == "rewrote 4 blocking calls in 2 files.\n"
    assert (root / "svc/poll.py").read_text() == textwrap.dedent(
        """\
        import asyncio
        import os
        from time import monotonic


        async def poll():
            started = monotonic()
            await asyncio.sleep(5)
            await asyncio.sleep(1)
            return os.getpid(), started
        """
    )
    kept = (root / "svc/kept.py").read_text()
    assert kept.startswith("import asyncio\nimport time\nfrom time import sleep as nap\n")
