"""SC201/SC202 on Tornado: every handler method and `@gen.coroutine` runs on the IOLoop."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import RepoFactory, run_cli
from seamcheck.cli import cli

ITEMS = {
    "svc/pyproject.toml": (
        '[project]\nname = "items"\ndependencies = ["tornado>=6", "requests", "jupyter_server"]\n'
    ),
    "svc/app/__init__.py": "",
    "svc/app/storage.py": """\
        import time


        def load_item(item_id):
            time.sleep(0.1)
            return item_id


        def read_config():
            return open("/etc/items.conf").read()
        """,
    "svc/app/handlers.py": """\
        import time
        from concurrent.futures import ThreadPoolExecutor

        import requests
        import tornado.web
        import tornado.websocket
        from tornado import gen
        from tornado.concurrent import run_on_executor

        from app.storage import load_item, read_config

        REGISTRY = "http://registry.internal/items"


        class ItemHandler(tornado.web.RequestHandler):
            def get(self, item_id):
                self.write(requests.get(f"{REGISTRY}/{item_id}").json())

            def post(self, item_id):
                self.write(load_item(item_id))


        class ConfigHandler(tornado.web.RequestHandler):
            @gen.coroutine
            def get(self):
                config = read_config()
                yield gen.sleep(0)
                self.write(config)


        class ReportHandler(tornado.web.RequestHandler):
            executor = ThreadPoolExecutor(4)

            async def get(self):
                self.write(await self.build_report())

            def delete(self):
                self.build_report()

            @run_on_executor
            def build_report(self):
                time.sleep(2)
                return requests.get(REGISTRY).text


        class EchoSocket(tornado.websocket.WebSocketHandler):
            def on_message(self, message):
                self.write_message(read_config() + message)


        def make_app():
            return tornado.web.Application(
                [(r"/items/([0-9]+)", ItemHandler), (r"/config", ConfigHandler),
                 (r"/report", ReportHandler), (r"/echo", EchoSocket)]
            )
        """,
    "svc/app/main.py": """\
        import shutil

        import tornado.ioloop

        from app.handlers import make_app


        def sweep():
            shutil.rmtree("/tmp/items-cache")


        def main():
            make_app().listen(8888)
            tornado.ioloop.PeriodicCallback(sweep, 60_000).start()
            tornado.ioloop.IOLoop.current().start()
        """,
}


def sc2_findings(root: Path) -> list[tuple[str, str, str]]:
    output = run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    return [
        (f"{f['path']}:{f['line']}", f["code"], f["message"])
        for f in json.loads(output)["findings"]
    ]


def test_sync_handler_methods_coroutines_and_callbacks_of_tornado_run_on_the_ioloop(
    repo: RepoFactory,
) -> None:
    # Before, none of these was an async path: no SC2xx at all. `build_report` runs in the
    # handler's executor (`@run_on_executor`): neither its own calls nor `delete`'s call of it
    # block the loop.
    root = repo(ITEMS)
    assert sc2_findings(root) == [
        (
            "svc/app/handlers.py:17",
            "SC201",
            "blocking call `requests.get()` in sync handler `ItemHandler.get` of a Tornado "
            "RequestHandler stalls the event loop; use an async client (httpx.AsyncClient, "
            "aiohttp) or await IOLoop.current().run_in_executor(None, requests.get, ...), once "
            "`get` is an `async def`",
        ),
        (
            "svc/app/handlers.py:20",
            "SC202",
            "sync handler `ItemHandler.post` of a Tornado RequestHandler calls sync "
            "`load_item()`, which reaches blocking `time.sleep()`: load_item() → time.sleep "
            "(storage.py:5); use await asyncio.sleep(...) there, or make the handler an async "
            "def and await IOLoop.current().run_in_executor(None, load_item, ...) here",
        ),
        (
            "svc/app/handlers.py:26",
            "SC202",
            "Tornado coroutine `ConfigHandler.get` (@gen.coroutine) calls sync `read_config()`, "
            "which reaches blocking `open().read()`: read_config() → open().read (storage.py:10)"
            "; use await asyncio.to_thread(lambda: open(...).read(...)) (or aiofiles) (`open()` "
            "blocks too: hand the whole expression to the thread) there, or yield "
            "IOLoop.current().run_in_executor(None, read_config, ...) here",
        ),
        (
            "svc/app/handlers.py:48",
            "SC202",
            "sync handler `EchoSocket.on_message` of a Tornado WebSocketHandler calls sync "
            "`read_config()`, which reaches blocking `open().read()`: read_config() → "
            "open().read (storage.py:10); use await asyncio.to_thread(lambda: open(...).read("
            "...)) (or aiofiles) (`open()` blocks too: hand the whole expression to the thread) "
            "there, or make the handler an async def and await IOLoop.current().run_in_executor("
            "None, read_config, ...) here",
        ),
        (
            "svc/app/main.py:9",
            "SC201",
            "blocking call `shutil.rmtree()` in handler `sweep` of "
            "tornado.ioloop.PeriodicCallback() stalls the event loop; use "
            "loop.run_in_executor(None, shutil.rmtree, ...): a callback the loop runs cannot "
            "await",
        ),
    ]


def test_a_gen_coroutine_yields_tornados_own_hand_off(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/jobs.py": """\
                import subprocess

                from tornado.gen import coroutine


                @coroutine
                def refresh(path):
                    out = subprocess.check_output(["git", "-C", path, "pull"])
                    return out
                """,
        }
    )
    assert sc2_findings(root) == [
        (
            "svc/jobs.py:8",
            "SC201",
            "blocking call `subprocess.check_output()` in Tornado coroutine `refresh` "
            "(@gen.coroutine) stalls the event loop; use asyncio.create_subprocess_exec(...) "
            "(yield it), or yield IOLoop.current().run_in_executor(None, "
            "subprocess.check_output, ...)",
        )
    ]


def test_jupyter_server_extension_handlers_through_first_party_bases(repo: RepoFactory) -> None:
    # A Jupyter server extension's handler derives from the server's APIHandler through the
    # extension's own base, re-exported by its package. Before: no finding.
    root = repo(
        {
            "ext/pyproject.toml": ('[project]\nname = "ext"\ndependencies = ["jupyter_server"]\n'),
            "ext/grader/__init__.py": """\
                from .handlers import StatusHandler


                def _load_jupyter_server_extension(server_app):
                    server_app.web_app.add_handlers(".*$", [(r"/grader/status", StatusHandler)])
                """,
            "ext/grader/base/__init__.py": "from .handlers import BaseApiHandler\n",
            "ext/grader/base/handlers.py": """\
                from jupyter_server.base.handlers import APIHandler


                class BaseApiHandler(APIHandler):
                    pass
                """,
            "ext/grader/handlers.py": """\
                import subprocess

                from .base import BaseApiHandler


                class StatusHandler(BaseApiHandler):
                    def get(self):
                        self.finish(subprocess.check_output(["git", "status"]))

                    def open(self):
                        subprocess.check_output(["git", "fetch"])
                """,
        }
    )
    # `open` is a websocket's hook, not one Tornado calls on a plain request handler.
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("ext/grader/handlers.py:8", "SC201")
    ]


def test_classes_that_are_not_tornado_handlers_are_no_async_paths(repo: RepoFactory) -> None:
    # A `get` method of a class Tornado never calls; a `RequestHandler` of another library;
    # `add_callback` in a file that does not import Tornado; and a handler method that hands
    # its blocking work to the executor.
    root = repo(
        {
            "svc/requirements.txt": "tornado\nrequests\n",
            "svc/cache.py": """\
                import socketserver
                import time

                import requests


                class Cache:
                    def get(self, key):
                        return requests.get(key).text


                class Echo(socketserver.BaseRequestHandler):
                    def get(self):
                        time.sleep(1)


                def tick():
                    time.sleep(1)


                def wire(bus):
                    bus.add_callback(tick)
                """,
            "svc/web.py": """\
                import time

                import tornado.web
                from tornado.ioloop import IOLoop


                def slow():
                    time.sleep(1)


                class Handler(tornado.web.RequestHandler):
                    async def post(self):
                        await IOLoop.current().run_in_executor(None, slow)

                    def get(self):
                        slow()
                """,
        }
    )
    # Only the Tornado handler's own sync call of `slow` (before: not even that).
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [("svc/web.py:16", "SC202")]


def test_fix_leaves_calls_in_sync_tornado_handlers_alone_with_the_reason(
    repo: RepoFactory,
) -> None:
    root = repo(ITEMS)
    original = (root / "svc/app/handlers.py").read_bytes()
    result = CliRunner().invoke(cli, ["fix", str(root), "--diff"], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")
    assert (root / "svc/app/handlers.py").read_bytes() == original
    sync = (
        "left alone: a sync Tornado handler method cannot await: make it an async def first, "
        "then await IOLoop.current().run_in_executor(None, f, ...)"
    )
    coroutine = (
        "left alone: a @gen.coroutine cannot await: yield IOLoop.current().run_in_executor("
        "None, f, ...) instead, or make it an async def"
    )
    assert result.stderr.splitlines() == [
        f"svc/app/handlers.py:17: {sync}",
        f"svc/app/handlers.py:20: {sync}",
        f"svc/app/handlers.py:26: {coroutine}",
        f"svc/app/handlers.py:48: {sync}",
        "svc/app/main.py:9: left alone: inside a sync function (it cannot await)",
        "would rewrite 0 blocking calls in 0 files.",
    ]


def test_add_callback_of_an_object_that_is_no_ioloop_is_no_async_path(repo: RepoFactory) -> None:
    # A file importing Tornado (for its HTTP client) registers a callback with its own
    # registry: `registry.add_callback(f)` runs nothing on the IOLoop. The IOLoop's own, however
    # written (`IOLoop.current()`, `self.io_loop`), still does.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/hooks.py": """\
                import shutil

                from tornado.httpclient import HTTPClient
                from tornado.ioloop import IOLoop


                class Registry:
                    def __init__(self):
                        self.callbacks = []

                    def add_callback(self, callback):
                        self.callbacks.append(callback)


                registry = Registry()


                def on_save(path):
                    shutil.copy(path, "/backup")


                def on_tick():
                    shutil.rmtree("/tmp/cache")


                class Worker:
                    def __init__(self):
                        self.io_loop = IOLoop.current()

                    def start(self):
                        self.io_loop.spawn_callback(on_tick)


                def wire():
                    registry.add_callback(on_save)
                    IOLoop.current().add_callback(on_tick)
                    return HTTPClient()
                """,
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("svc/hooks.py:23", "SC201")
    ]


def _versions(count: int) -> str:
    """An API whose each version's handler extends the one before."""
    lines = ["import time", "", "from api.base import BaseHandler", "", ""]
    for number in range(1, count + 1):
        base = f"V{number - 1}Handler" if number > 1 else "BaseHandler"
        lines += [f"class V{number}Handler({base}):"]
        if number in (2, count):
            lines += ["    def get(self):", f"        time.sleep({number})", ""]
        else:
            lines += ["    version = " + str(number), ""]
        lines += [""]
    return "\n".join(lines).rstrip() + "\n"


def test_handlers_deep_in_a_first_party_hierarchy_whatever_the_order_they_are_read(
    repo: RepoFactory,
) -> None:
    # Each API version's handler extends the one before, 16 deep. Before, `V16Handler.get`
    # (read first: "V16" sorts before "V2") was cut short 12 classes down and that "no
    # handler" was kept for every class on the way, so only `V2Handler.get`, read later and
    # from nearer the top, was found.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/api/__init__.py": "",
            "svc/api/base.py": """\
                import tornado.web


                class BaseHandler(tornado.web.RequestHandler):
                    pass
                """,
            "svc/api/versions.py": _versions(16),
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("svc/api/versions.py:12", "SC201"),
        ("svc/api/versions.py:69", "SC201"),
    ]


def test_a_cycle_of_bases_ends_and_reads_the_same_whichever_class_is_read_first(
    repo: RepoFactory,
) -> None:
    # Two classes deriving from each other: code that would not import, but seamcheck still
    # ends. `Mixin` derives from a handler, so it is one. Before, `ApiHandler` (read first) was
    # found and `Mixin`, cached as "no handler" while `ApiHandler` was being read, was not.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/web.py": """\
                import time

                import tornado.web


                class ApiHandler(Mixin, tornado.web.RequestHandler):
                    def get(self):
                        time.sleep(1)


                class Mixin(ApiHandler):
                    def get(self):
                        time.sleep(2)
                """,
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("svc/web.py:8", "SC201"),
        ("svc/web.py:13", "SC201"),
    ]


def test_handler_bases_reached_through_star_imports_re_exports_and_aliases(
    repo: RepoFactory,
) -> None:
    # The handlers' base is reached as calls are: a star import of its module, a package
    # re-exporting it by star import, a name assigned it. Before, only `from app import base`
    # then `base.BaseHandler` was followed (`views_module.py:8`). A star import of a module
    # whose `__all__` leaves the base out binds no `BaseHandler`: no finding there.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/app/__init__.py": "",
            "svc/app/base.py": """\
                import tornado.web


                class BaseHandler(tornado.web.RequestHandler):
                    pass


                ApiBase = BaseHandler
                """,
            "svc/app/handlers/__init__.py": "from app.base import *\n",
            "svc/app/private.py": """\
                import tornado.web

                __all__ = ["helper"]


                class BaseHandler(tornado.web.RequestHandler):
                    pass


                def helper():
                    return 1
                """,
            "svc/app/views_star.py": """\
                import time

                from app.base import *


                class StarHandler(BaseHandler):
                    def get(self):
                        time.sleep(1)
                """,
            "svc/app/views_module.py": """\
                import time

                from app import base


                class ModuleHandler(base.BaseHandler):
                    def get(self):
                        time.sleep(1)
                """,
            "svc/app/views_package.py": """\
                import time

                from app.handlers import BaseHandler


                class PackageHandler(BaseHandler):
                    def get(self):
                        time.sleep(1)
                """,
            "svc/app/views_alias.py": """\
                import time

                from app.base import ApiBase


                class AliasHandler(ApiBase):
                    def get(self):
                        time.sleep(1)
                """,
            "svc/app/views_unlisted.py": """\
                import time

                from app.private import *


                class UnlistedHandler(BaseHandler):
                    def get(self):
                        time.sleep(1)
                """,
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("svc/app/views_alias.py:8", "SC201"),
        ("svc/app/views_module.py:8", "SC201"),
        ("svc/app/views_package.py:8", "SC201"),
        ("svc/app/views_star.py:8", "SC201"),
    ]


def test_callbacks_handed_to_the_ioloop_through_a_name_that_holds_it(repo: RepoFactory) -> None:
    # `io = IOLoop.current()` and `self.io = IOLoop.instance()` hold the IOLoop without saying
    # "loop": before, their `spawn_callback`/`add_timeout` ran nothing on it. An object that is
    # no loop (`self.jobs`, an imported `queue`, a class), or a name that is the loop only on
    # some paths (`io` in `later`), stays ignored.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/flusher.py": """\
                import shutil
                import time

                from tornado import ioloop
                from tornado.ioloop import IOLoop

                from jobs import JobQueue, queue


                def flush():
                    shutil.rmtree("/tmp/spool")


                def sync_mirror():
                    shutil.copytree("/data", "/mirror")


                def archive():
                    shutil.make_archive("/backup/data", "zip", "/data")


                def report():
                    shutil.copy("/data/report", "/out")


                class Flusher:
                    def __init__(self):
                        self.io = ioloop.IOLoop.instance()
                        self.jobs = JobQueue()

                    def start(self):
                        self.io.add_timeout(time.time() + 60, flush)
                        self.jobs.add_callback(archive)


                def start_mirror():
                    io = IOLoop.current()
                    io.spawn_callback(sync_mirror)
                    queue.add_callback(archive)
                    JobQueue.add_callback(queue, archive)


                def later(queue=None):
                    io = IOLoop.current()
                    if queue is not None:
                        io = queue
                    io.add_callback(report)
                """,
            "svc/jobs.py": """\
                class JobQueue:
                    def __init__(self):
                        self.pending = []

                    def add_callback(self, callback):
                        self.pending.append(callback)


                queue = JobQueue()
                """,
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("svc/flusher.py:11", "SC201"),
        ("svc/flusher.py:15", "SC201"),
    ]


def test_a_name_holds_the_ioloop_got_through_a_star_import_or_an_alias(
    repo: RepoFactory,
) -> None:
    # `IOLoop` star-imported from a compatibility module, and `IOLoop.current` kept under a
    # name of the module's own: the getter calls are resolved as any call is. Before, they
    # were qualified through the file's own imports only, and neither `io` held the loop.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/app/__init__.py": "",
            "svc/app/compat.py": """\
                try:
                    from tornado.ioloop import IOLoop
                except ImportError:  # an install without Tornado: nothing is scheduled
                    IOLoop = None
                """,
            "svc/app/flusher.py": """\
                import shutil

                from tornado import gen

                from app.compat import *

                current_loop = IOLoop.current


                def flush():
                    shutil.rmtree("/tmp/spool")


                def mirror():
                    shutil.copytree("/data", "/mirror")


                def start():
                    io = IOLoop.current()
                    io.add_callback(flush)


                def start_mirror():
                    io = current_loop()
                    io.spawn_callback(mirror)


                @gen.coroutine
                def idle():
                    yield gen.sleep(1)
                """,
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [
        ("svc/app/flusher.py:11", "SC201"),
        ("svc/app/flusher.py:15", "SC201"),
    ]


def test_a_coroutine_yielded_from_a_coroutine_is_reported_where_it_blocks(
    repo: RepoFactory,
) -> None:
    """jupyterlab-latex's shape: a handler's `@gen.coroutine get` yields a `@gen.coroutine`
    helper that blocks. The helper is an entry of its own (SC201 there); the handler
    waits on it as on an `async def`, so no SC202 repeats it through the handler. Before, the
    handler's call counted as one into a sync helper: an SC202 beside the SC201."""
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/build.py": """\
                import subprocess

                import tornado.web
                from tornado import gen


                @gen.coroutine
                def run_latex(cmd):
                    out = subprocess.check_output(cmd)
                    return out


                class BuildHandler(tornado.web.RequestHandler):
                    @gen.coroutine
                    def get(self, path):
                        out = yield run_latex(["latexmk", path])
                        self.finish(out)
                """,
        }
    )
    assert [(where, code) for where, code, _ in sc2_findings(root)] == [("svc/build.py:9", "SC201")]
