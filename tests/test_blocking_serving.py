"""SC201/SC202 and start-up before a server serves: an entry point run on a fresh loop
(`asyncio.run(main())`, `IOLoop().run_sync(launch)`) is start-up up to where it starts
serving, and so is what it awaits before that, when nothing else calls it. A request can
wait on none of it. What a request can reach, and a batch script's gathered work, stay
reported."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RepoFactory, run_cli


def sc2_sites(root: Path) -> list[tuple[str, str, str]]:
    """(path:line, code, what it names first: the blocking call of an SC201, the async
    function of an SC202) of each SC2xx finding, in output order."""
    output = run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    findings = json.loads(output)["findings"]
    return [(f"{f['path']}:{f['line']}", f["code"], f["message"].split("`")[1]) for f in findings]


TORNADO_HUB = {
    "hub/pyproject.toml": '[project]\nname = "hub"\ndependencies = ["tornado"]\n',
    "hub/hub/__init__.py": "",
    "hub/hub/app.py": """\
        import json
        import subprocess
        from functools import partial

        import tornado.httpserver
        import tornado.web
        from tornado.ioloop import IOLoop

        from .handlers import ReloadHandler, ReportHandler, load_users, read_settings


        class HubApp:
            async def initialize(self):
                self.settings = read_settings()
                with open("users.json") as f:
                    self.users = json.load(f)
                await self.init_db()
                await load_users()
                self.app = tornado.web.Application(
                    [(r"/report", ReportHandler), (r"/reload", ReloadHandler)]
                )

            async def init_db(self):
                subprocess.run(["alembic", "upgrade", "head"], check=True)

            async def start(self):
                subprocess.run(["configurable-http-proxy", "--version"], check=True)
                self.server = tornado.httpserver.HTTPServer(self.app)
                self.server.listen(8081)
                subprocess.run(["touch", "/tmp/ready"], check=True)

            async def launch_async(self):
                await self.initialize()
                await self.start()

            @classmethod
            def launch_instance(cls):
                self = cls()
                loop = IOLoop(make_current=False)
                loop.run_sync(partial(self.launch_async))
                loop.start()


        main = HubApp.launch_instance
        """,
    "hub/hub/handlers.py": """\
        import subprocess

        import tornado.web


        def read_settings():
            with open("settings.json") as f:
                return f.read()


        async def load_users():
            subprocess.run(["sync-users"], check=True)


        class ReportHandler(tornado.web.RequestHandler):
            async def get(self):
                self.write(read_settings())


        class ReloadHandler(tornado.web.RequestHandler):
            async def post(self):
                await load_users()
        """,
}


def test_a_tornado_app_initialised_before_it_listens_is_start_up(repo: RepoFactory) -> None:
    # JupyterHub's shape: `launch_instance` (sync) runs `launch_async` on a fresh IOLoop, which
    # awaits `initialize` (and what it awaits) and then `start`, which listens. Before: the
    # settings, users and migrations read in `initialize`/`init_db` and the proxy check in
    # `start` were SC201/SC202 too, five errors about code no request can wait on.
    root = repo(TORNADO_HUB)
    assert sc2_sites(root) == [
        # After `listen`: requests may be waiting.
        ("hub/hub/app.py:30", "SC201", "subprocess.run()"),
        # Awaited by `initialize` and by a handler: a request reaches it.
        ("hub/hub/handlers.py:12", "SC201", "subprocess.run()"),
        # The helper `initialize` calls is a handler's too: reported from the handler (one
        # finding for the call, naming both blocking calls it reaches).
        ("hub/hub/handlers.py:17", "SC202", "ReportHandler.get"),
    ]


def test_servers_started_from_asyncio_run_are_start_up_until_they_serve(
    repo: RepoFactory,
) -> None:
    # `asyncio.run(main())` and `run_until_complete(serve())` from a sync `cli()`: before,
    # only a call at module top level made a root, and these were async paths throughout.
    root = repo(
        {
            "srv/requirements.txt": "aiohttp\nuvicorn\nfastapi\n",
            "srv/server.py": """\
                import asyncio
                import time

                import uvicorn
                from aiohttp import web
                from fastapi import FastAPI

                api = FastAPI()


                def load_model():
                    time.sleep(2)


                async def warm_up():
                    load_model()


                async def handle(request):
                    return web.Response(text="ok")


                async def main():
                    load_model()
                    await warm_up()
                    app = web.Application()
                    app.router.add_get("/", handle)
                    runner = web.AppRunner(app)
                    await runner.setup()
                    site = web.TCPSite(runner, "0.0.0.0", 8080)
                    await site.start()
                    time.sleep(1)
                    await asyncio.Event().wait()


                async def serve_api():
                    time.sleep(3)
                    server = uvicorn.Server(uvicorn.Config(api, port=8000))
                    await server.serve()


                def cli():
                    asyncio.run(main())


                def cli_api():
                    asyncio.new_event_loop().run_until_complete(serve_api())
                """,
        }
    )
    # Before: also `load_model()` in `main` and in `warm_up`, and `serve_api`'s sleep.
    assert sc2_sites(root) == [("srv/server.py:32", "SC201", "time.sleep()")]


def test_a_batch_script_that_never_serves_stays_reported(repo: RepoFactory) -> None:
    # Its gathered requests share the loop with what blocks after its first await: no
    # serving point makes it start-up. What it awaits first (`prepare`, up to where that
    # suspends) runs before anything else has the loop; what it awaits later (`fetch`) is an
    # async path.
    root = repo(
        {
            "worker/requirements.txt": "httpx\n",
            "worker/batch.py": """\
                import asyncio
                import time

                import httpx


                async def fetch(client, i):
                    await client.get(f"http://ml:8000/items/{i}")


                async def fetch_all(client):
                    await asyncio.gather(*(fetch(client, i) for i in range(100)))
                    time.sleep(2)


                async def prepare():
                    time.sleep(1)


                async def main():
                    await prepare()
                    async with httpx.AsyncClient() as client:
                        await fetch_all(client)
                    time.sleep(5)


                def run():
                    asyncio.run(main())
                """,
        }
    )
    # Before, `prepare` (batch.py:17) was reported too.
    assert sc2_sites(root) == [
        ("worker/batch.py:13", "SC201", "time.sleep()"),
        ("worker/batch.py:24", "SC201", "time.sleep()"),
    ]


def test_what_start_up_first_gathers_stays_reported(repo: RepoFactory) -> None:
    # A script whose first await gathers its requests: each gathered `fetch` reads its cache
    # file while those started before it wait on their responses, and `warm` sleeps while
    # all of them do, so what a gathered function does before its own first await blocks
    # the others. Only what start-up awaits by itself runs alone on the loop.
    root = repo(
        {
            "worker/requirements.txt": "httpx\nclick\n",
            "worker/batch.py": """\
                import asyncio
                import time

                import click
                import httpx


                async def fetch(client, i):
                    with open(f"cache/{i}.key") as f:
                        key = f.read()
                    await client.get(f"http://ml:8000/items/{key}")


                async def warm(client):
                    time.sleep(1)
                    await client.get("http://ml:8000/health")


                async def main():
                    client = httpx.AsyncClient()
                    await asyncio.gather(*(fetch(client, i) for i in range(100)), warm(client))


                @click.command()
                def run():
                    asyncio.run(main())
                """,
        }
    )
    # Before (helper 152's `_awaited_first`): none of these.
    assert sc2_sites(root) == [
        ("worker/batch.py:9", "SC201", "open()"),
        ("worker/batch.py:10", "SC201", "f.read()"),
        ("worker/batch.py:15", "SC201", "time.sleep()"),
    ]


def test_start_up_that_tests_or_a_command_also_run_is_still_start_up(repo: RepoFactory) -> None:
    # JupyterHub's `initialize` is `@catch_config_error`-wrapped and its tests await it; its
    # `init_users` is also run on a loop of its own by the `token` command. None of that
    # serves a request. A function registered by its decorator (`@api.get`) does, and a
    # task started before serving (`ensure_future`) runs on while the app serves.
    root = repo(
        {
            "hub/pyproject.toml": (
                '[project]\nname = "hub"\ndependencies = ["tornado", "fastapi", "traitlets"]\n'
            ),
            "hub/hub/__init__.py": "",
            "hub/hub/app.py": """\
                import asyncio
                import subprocess

                import tornado.web
                from fastapi import FastAPI
                from tornado.ioloop import IOLoop
                from traitlets.config import catch_config_error

                api = FastAPI()


                @api.get("/health")
                async def health():
                    subprocess.run(["check-db"], check=True)


                class HubApp:
                    @catch_config_error
                    async def initialize(self):
                        subprocess.run(["alembic", "upgrade", "head"], check=True)
                        await self.init_users()
                        await health()
                        asyncio.ensure_future(self.init_spawners())
                        self.app = tornado.web.Application([])

                    async def init_users(self):
                        subprocess.run(["sync-users"], check=True)

                    async def init_spawners(self):
                        subprocess.run(["poll-spawners"], check=True)

                    async def launch_async(self):
                        await self.initialize()
                        self.app.listen(8081)

                    @classmethod
                    def launch_instance(cls):
                        IOLoop.current().run_sync(cls().launch_async)


                def new_token():
                    asyncio.new_event_loop().run_until_complete(HubApp().init_users())
                """,
            "hub/tests/test_app.py": """\
                from hub.app import HubApp


                async def test_initialize():
                    await HubApp().initialize()
                """,
        }
    )
    # Before: `initialize` and `init_users` were reported too.
    assert sc2_sites(root) == [
        ("hub/hub/app.py:14", "SC201", "subprocess.run()"),
        ("hub/hub/app.py:30", "SC201", "subprocess.run()"),
    ]


def test_a_lambda_handed_to_run_sync_runs_its_server_on_a_fresh_loop(repo: RepoFactory) -> None:
    # Tornado's own examples start servers with `IOLoop.current().run_sync(lambda: ...)`.
    # Before: `main`, called in the lambda rather than in `cli` itself, was an async path.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/main.py": """\
                import time

                import tornado.web
                from tornado.ioloop import IOLoop


                async def main(port):
                    time.sleep(1)
                    tornado.web.Application([]).listen(port)
                    time.sleep(2)


                def cli():
                    IOLoop.current().run_sync(lambda: main(8888))
                """,
        }
    )
    assert sc2_sites(root) == [("svc/main.py:10", "SC201", "time.sleep()")]


def test_a_command_run_through_the_projects_own_loop_runner_is_start_up(
    repo: RepoFactory,
) -> None:
    # Datasette's CLI: `run_sync(coro_func)` runs `coro_func()` on a fresh loop, and the
    # `inspect` command hands it `lambda: inspect_(files)`. Before, `inspect_` was an async
    # path, and its `Datasette(...)`, made before it first awaits, a false SC202; so were
    # `check`'s through `run(coro)` and `plan`'s through a method (5 findings before). What a
    # command does after it first awaits, and a handler the server runs, stay reported; so
    # does `report`, given to a sync function that runs a coroutine of its own.
    root = repo(
        {
            "cli/pyproject.toml": '[project]\nname = "cli"\ndependencies = ["click", "uvicorn"]\n',
            "cli/cli/__init__.py": "",
            "cli/cli/app.py": """\
                import asyncio
                import os

                import click
                import uvicorn


                class Explorer:
                    def __init__(self, files):
                        self.files = [f for f in files if os.path.isfile(f)]

                    async def refresh(self):
                        await asyncio.sleep(0)

                    async def __call__(self, scope, receive, send):
                        return Explorer(scope["files"])


                def run_sync(coro_func):
                    \"\"\"Run an async callable to completion on a fresh event loop.\"\"\"
                    loop = asyncio.new_event_loop()
                    try:
                        return loop.run_until_complete(coro_func())
                    finally:
                        loop.close()


                def run(coro):
                    return asyncio.new_event_loop().run_until_complete(coro)


                class Runner:
                    def go(self, fn):
                        return asyncio.run(fn())


                def launch(on_ready):
                    asyncio.run(warm())
                    on_ready()


                async def inspect_(files):
                    app = Explorer(files)
                    await app.refresh()
                    return Explorer(files)


                async def check(files):
                    return Explorer(files)


                async def warm():
                    await asyncio.sleep(1)


                async def plan(files):
                    return Explorer(files)


                async def report(files):
                    return Explorer(files)


                @click.command()
                @click.argument("files", nargs=-1)
                def inspect(files):
                    click.echo(run_sync(lambda: inspect_(files)))
                    run(check(files))
                    Runner().go(lambda: plan(files))
                    launch(lambda: report(files))
                    uvicorn.run(Explorer(files))
                """,
        }
    )
    assert sc2_sites(root) == [
        ("cli/cli/app.py:16", "SC202", "Explorer.__call__"),
        ("cli/cli/app.py:45", "SC202", "inspect_"),
        ("cli/cli/app.py:61", "SC202", "report"),
    ]


def test_a_handler_handed_on_through_a_runner_is_still_an_async_path(repo: RepoFactory) -> None:
    # Only what a runner runs is start-up: not the handlers given to the server it runs
    # (`trio.run(trio.serve_tcp, handle, 8000)`, `partial(trio.serve_tcp, echo, 9000)`).
    root = repo(
        {
            "relay/requirements.txt": "trio\n",
            "relay/relay.py": """\
                import time
                from functools import partial

                import trio


                async def handle(stream):
                    time.sleep(1)


                async def echo(stream):
                    time.sleep(2)


                def main():
                    trio.run(trio.serve_tcp, handle, 8000)
                    trio.run(partial(trio.serve_tcp, echo, 9000))
                """,
        }
    )
    assert sc2_sites(root) == [
        ("relay/relay.py:8", "SC201", "time.sleep()"),
        ("relay/relay.py:12", "SC201", "time.sleep()"),
    ]


def test_what_runs_beside_the_server_is_still_an_async_path(repo: RepoFactory) -> None:
    # `gather(refresh(), server.serve())`: `refresh` runs while the server serves, though it
    # is written before the serving call. `migrate`, gathered and awaited before, is start-up.
    root = repo(
        {
            "api/requirements.txt": "fastapi\nuvicorn\n",
            "api/main.py": """\
                import asyncio
                import time

                import uvicorn
                from fastapi import FastAPI

                app = FastAPI()


                async def migrate():
                    time.sleep(1)


                async def refresh():
                    while True:
                        time.sleep(60)
                        await asyncio.sleep(1)


                async def main():
                    await asyncio.gather(migrate())
                    server = uvicorn.Server(uvicorn.Config(app))
                    await asyncio.gather(refresh(), server.serve())


                def cli():
                    asyncio.run(main())
                """,
        }
    )
    assert sc2_sites(root) == [("api/main.py:16", "SC201", "time.sleep()")]


def test_start_up_a_handler_also_awaits_through_an_unknown_object_is_still_reported(
    repo: RepoFactory,
) -> None:
    # JupyterHub 6.1.1's shape: start-up awaits `_add_tokens` (tokens from the config), and so
    # does the services API handler, through `self.app`, an object the resolver cannot type.
    # Before: `_add_tokens` counted as awaited by start-up only, its blocking calls dropped
    # (JupyterHub's three `db.commit()` SC201). `start`, a name many classes define, is
    # still start-up though a call to some other `.start()` is not followed either.
    root = repo(
        {
            "hub/pyproject.toml": '[project]\nname = "hub"\ndependencies = ["tornado"]\n',
            "hub/hub/__init__.py": "",
            "hub/hub/app.py": """\
                import subprocess

                import tornado.web
                from tornado.ioloop import IOLoop

                from .handlers import ServiceAPIHandler


                class Spawner:
                    async def start(self):
                        return 8888


                class Hub:
                    async def _add_tokens(self, tokens):
                        subprocess.run(["hub-db", "add-tokens", *tokens], check=True)

                    async def init_api_tokens(self):
                        await self._add_tokens(["from-config"])

                    async def start(self):
                        subprocess.run(["configurable-http-proxy", "--version"], check=True)
                        app = tornado.web.Application(
                            [(r"/api/services/(.*)", ServiceAPIHandler)], hub=self
                        )
                        app.listen(8081)

                    async def launch(self):
                        await self.init_api_tokens()
                        await self.start()


                def main():
                    IOLoop.current().run_sync(Hub().launch)
                """,
            "hub/hub/handlers.py": """\
                import tornado.web


                class ServiceAPIHandler(tornado.web.RequestHandler):
                    @property
                    def app(self):
                        return self.settings["hub"]

                    async def post(self, name):
                        await self.app._add_tokens([self.get_body_argument("token")])
                        await self.settings["spawner"].start()
                """,
        }
    )
    assert sc2_sites(root) == [("hub/hub/app.py:16", "SC201", "subprocess.run()")]


def test_a_command_run_on_a_fresh_loop_that_a_handler_may_also_await_is_reported(
    repo: RepoFactory,
) -> None:
    # `refresh_command` runs `refresh_users` on a fresh loop; a handler also awaits it, on an
    # object the resolver cannot type. Before: a root, start-up until its first await, and
    # its `subprocess.run` dropped.
    root = repo(
        {
            "hub/pyproject.toml": '[project]\nname = "hub"\ndependencies = ["tornado"]\n',
            "hub/hub/__init__.py": "",
            "hub/hub/app.py": """\
                import asyncio
                import subprocess

                import tornado.web


                class RefreshHandler(tornado.web.RequestHandler):
                    async def post(self):
                        hub = self.settings["hub"]
                        await hub.refresh_users()


                class Hub:
                    async def refresh_users(self):
                        subprocess.run(["sync-users"], check=True)
                        await asyncio.sleep(0)

                    def refresh_command(self):
                        asyncio.run(self.refresh_users())
                """,
        }
    )
    assert sc2_sites(root) == [("hub/hub/app.py:15", "SC201", "subprocess.run()")]


def test_start_up_a_handler_reaches_through_the_base_class_is_still_reported(
    repo: RepoFactory,
) -> None:
    # The handler awaits `refresh_users` on a `BaseHub`; the app it runs in is a `Hub`, whose
    # override start-up also awaits. Before: `Hub.refresh_users` counted as awaited by
    # start-up only and its `subprocess.run` was dropped.
    root = repo(
        {
            "hub/pyproject.toml": '[project]\nname = "hub"\ndependencies = ["tornado"]\n',
            "hub/hub/__init__.py": "",
            "hub/hub/app.py": """\
                import asyncio
                import subprocess

                import tornado.web


                class BaseHub:
                    async def refresh_users(self):
                        raise NotImplementedError


                class Hub(BaseHub):
                    async def refresh_users(self):
                        subprocess.run(["sync-users"], check=True)

                    async def launch(self):
                        await self.refresh_users()
                        app = tornado.web.Application([(r"/refresh", RefreshHandler)], hub=self)
                        app.listen(8000)
                        await asyncio.Event().wait()


                class RefreshHandler(tornado.web.RequestHandler):
                    async def post(self):
                        hub: BaseHub = self.settings["hub"]
                        await hub.refresh_users()


                def main():
                    asyncio.run(Hub().launch())
                """,
        }
    )
    assert sc2_sites(root) == [("hub/hub/app.py:14", "SC201", "subprocess.run()")]


def test_an_application_subclass_listening_ends_start_up(repo: RepoFactory) -> None:
    # Tornado's own idiom: `class Application(tornado.web.Application)`, then
    # `Application(settings).listen(port)`: the library's `listen`, which the class does not
    # override (`tornado.web.Application().listen`). Once no serving call was seen there and
    # start-up ended at the first await: the settings read after `await connect_db()` and
    # before `listen` was a false SC201 error. After `listen` a request may be waiting: still
    # reported.
    root = repo(
        {
            "web/requirements.txt": "tornado\n",
            "web/main.py": """\
                import asyncio
                import json

                import tornado.web


                class MainHandler(tornado.web.RequestHandler):
                    async def get(self):
                        self.write("ok")


                class Application(tornado.web.Application):
                    def __init__(self, settings):
                        super().__init__([(r"/", MainHandler)], **settings)


                async def connect_db():
                    await asyncio.sleep(0)


                async def main():
                    await connect_db()
                    with open("settings.json") as f:
                        settings = json.load(f)
                    app = Application(settings)
                    app.listen(8888)
                    open("/tmp/ready", "w").close()
                    await asyncio.Event().wait()


                if __name__ == "__main__":
                    asyncio.run(main())
                """,
        }
    )
    assert sc2_sites(root) == [("web/main.py:27", "SC201", "open()")]


def test_a_cli_librarys_async_command_is_start_up_until_it_first_awaits(
    repo: RepoFactory,
) -> None:
    # Prefect 3.9's CLI is cyclopts: `@automation_app.command(name="create")` on an async
    # function, wrapped by `@with_cli_exception_handling`, which cyclopts runs as
    # `asyncio.run(create(...))`. Before, every command was an async path: its file reads
    # before it first awaits, and `async with get_client() as client` (called before the
    # client's `__aenter__` is awaited), were findings (174 in Prefect's CLI). What a command
    # does after it first awaits, a helper it awaits first up to where that helper suspends,
    # and a command the server's handler also awaits, stay reported; so does asyncclick's.
    root = repo(
        {
            "tool/pyproject.toml": (
                '[project]\nname = "tool"\n'
                'dependencies = ["cyclopts", "asyncclick", "httpx", "fastapi"]\n'
            ),
            "tool/tool/__init__.py": "",
            "tool/tool/client.py": """\
                import time

                import httpx


                def get_client() -> httpx.AsyncClient:
                    time.sleep(1)
                    return httpx.AsyncClient(base_url="https://api.example.com")
                """,
            "tool/tool/cli.py": """\
                import asyncio
                import functools
                import time

                import asyncclick as click
                import cyclopts

                from tool.client import get_client

                app = cyclopts.App(name="flowctl")
                flows_app = cyclopts.App(name="flows")
                app.command(flows_app)


                def handle_errors(fn):
                    @functools.wraps(fn)
                    async def wrapper(*args, **kwargs):
                        return await fn(*args, **kwargs)

                    return wrapper


                async def queue_id(name: str) -> str:
                    async with get_client() as client:
                        response = await client.get(f"/queues/{name}")
                    time.sleep(1)
                    return response.json()["id"]


                @flows_app.command(name="create")
                @handle_errors
                async def create(path: str) -> None:
                    with open(path) as f:
                        body = f.read()
                    async with get_client() as client:
                        await client.post("/flows", content=body)
                    time.sleep(1)


                @flows_app.command
                async def pause(name: str) -> None:
                    await queue_id(name)
                    get_client()


                async def ls() -> None:
                    time.sleep(1)


                app.command(ls)


                @app.default
                async def sync_all() -> None:
                    time.sleep(1)


                @click.group()
                async def legacy() -> None:
                    time.sleep(1)


                @legacy.command()
                async def export() -> None:
                    time.sleep(1)
                    await asyncio.sleep(1)
                    time.sleep(1)


                @legacy.command()
                @click.option("--dry-run", is_flag=True)
                @click.argument("name")
                @click.pass_context
                async def prune(ctx, name: str, dry_run: bool) -> None:
                    time.sleep(1)
                    await asyncio.sleep(1)
                """,
            "tool/tool/server.py": """\
                from fastapi import FastAPI

                from tool.cli import sync_all

                api = FastAPI()


                @api.post("/sync")
                async def sync() -> None:
                    await sync_all()
                """,
        }
    )
    # Before: also cli.py:24 (queue_id), 33, 34, 35 (create), 47 (ls), 60 (legacy), 65.
    assert sc2_sites(root) == [
        ("tool/tool/cli.py:26", "SC201", "time.sleep()"),
        ("tool/tool/cli.py:37", "SC201", "time.sleep()"),
        ("tool/tool/cli.py:43", "SC202", "pause"),
        ("tool/tool/cli.py:55", "SC201", "time.sleep()"),
        ("tool/tool/cli.py:67", "SC201", "time.sleep()"),
    ]
    # Before, `prune` (line 75) was reported too: asyncclick's own parameter decorators
    # (`@click.option`, `@click.argument`, `@click.pass_context`) under `@legacy.command()`
    # were taken for wrappers that might register it elsewhere.
