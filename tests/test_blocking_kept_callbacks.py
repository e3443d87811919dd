"""SC202 through callbacks an object keeps: `__init__` stores a function it is handed
(`self.data_callback = data_callback`) and a method calls it later (`self.data_callback()`),
on the loop when that method is async (Datasette's `/-/versions.json` view)."""

from __future__ import annotations

from conftest import RepoFactory, run_cli

# Datasette's shape: views made by a class method that hands its arguments on to the class
# (`as_view(cls, *class_args, **class_kwargs)`), one of them keeping the function that
# gives its JSON.
EXPLORER = {
    "explorer/pyproject.toml": '[project]\nname = "explorer"\ndependencies = ["uvicorn"]\n',
    "explorer/explorer/__init__.py": "",
    "explorer/explorer/views.py": """\
        import json


        class BaseView:
            def __init__(self, datasette):
                self.ds = datasette

            @classmethod
            def as_view(cls, *class_args, **class_kwargs):
                async def view(request, send):
                    self = view.view_class(*class_args, **class_kwargs)
                    return await self.dispatch(request)

                view.view_class = cls
                return view

            async def dispatch(self, request):
                return await self.get(request)


        class JsonDataView(BaseView):
            def __init__(self, datasette, filename, data_callback, needs_request=False):
                self.ds = datasette
                self.filename = filename
                self.data_callback = data_callback
                self.needs_request = needs_request

            async def get(self, request):
                if self.needs_request:
                    data = self.data_callback(request)
                else:
                    data = self.data_callback()
                return json.dumps(data)


        class StreamView(BaseView):
            def __init__(self, datasette, stream_fn):
                self.ds = datasette
                self.stream_fn = stream_fn

            async def get(self, request):
                return await self.stream_fn(request)
        """,
    "explorer/explorer/app.py": """\
        import asyncio
        import os
        import sqlite3
        import threading

        from .views import JsonDataView, StreamView


        class Poller:
            def __init__(self, refresh, interval=5):
                self.refresh = refresh
                self.interval = interval

            def start(self):
                threading.Thread(target=self.run, daemon=True).start()

            def run(self):
                self.refresh()

            async def tick(self):
                await asyncio.to_thread(self.refresh)


        class Explorer:
            def __init__(self, files):
                self.files = files

            def _versions(self):
                conn = sqlite3.connect(":memory:")
                return conn.execute("select sqlite_version()").fetchone()[0]

            def _plugins(self, request):
                return [p for p in os.listdir("/srv/plugins") if request]

            def _settings(self):
                return {"files": self.files}

            def _reload(self):
                return [os.path.getsize(f) for f in self.files]

            async def _rows(self, request):
                return []

            def routes(self):
                Poller(self._reload).start()
                return [
                    JsonDataView.as_view(self, "versions.json", self._versions),
                    JsonDataView.as_view(self, "plugins.json", self._plugins, needs_request=True),
                    JsonDataView.as_view(self, "settings.json", lambda: self._settings()),
                    StreamView.as_view(self, self._rows),
                ]
        """,
}


def test_a_kept_callback_called_by_an_async_method_reaches_what_was_handed_in(
    repo: RepoFactory,
) -> None:
    # Before: `self.data_callback()` led nowhere, and nothing was reported. Each call of it
    # reaches only what it can call without a TypeError: `_versions` takes no request, so
    # the call at line 32 reaches `sqlite3`, the one at 30 `os.listdir`. `Poller` runs its
    # callback in a thread or hands it to one; `_rows` is awaited: an async callback.
    root = repo(EXPLORER)
    output = run_cli("check", str(root), "--select", "SC2").output
    assert output == (
        "explorer/explorer/views.py:30:20: SC202 async function `JsonDataView.get` calls sync "
        "`self.data_callback()`, which reaches blocking `os.listdir()`: Explorer._plugins() → "
        "os.listdir (app.py:33); use await asyncio.to_thread(os.listdir, ...) (or aiofiles) "
        "there, or await asyncio.to_thread(self.data_callback, ...) here\n"
        "    explorer/explorer/views.py:28:5: async function `JsonDataView.get` starts here\n"
        "    explorer/explorer/app.py:32:5: `Explorer._plugins` (sync) makes the blocking call "
        "at line 33\n"
        "    explorer/explorer/app.py:33:28: `os.listdir()` blocks: file I/O\n"
        "explorer/explorer/views.py:32:20: SC202 async function `JsonDataView.get` calls sync "
        "`self.data_callback()`, which reaches blocking `sqlite3.connect()`: "
        "Explorer._versions() → sqlite3.connect (app.py:29), and 1 more blocking call; use "
        "aiosqlite, or one function that opens, uses and closes the connection, run with await "
        "asyncio.to_thread(...) there\n"
        "    explorer/explorer/views.py:28:5: async function `JsonDataView.get` starts here\n"
        "    explorer/explorer/app.py:28:5: `Explorer._versions` (sync) makes the blocking call "
        "at line 29\n"
        "    explorer/explorer/app.py:29:16: `sqlite3.connect()` blocks: sqlite3\n"
        "    explorer/explorer/app.py:30:16: also reaches blocking `conn.execute().fetchone()` "
        "(sqlite3.connect().execute().fetchone) here: sqlite3; use aiosqlite, or one function "
        "that opens, uses and closes the connection, run with await asyncio.to_thread(...)\n"
        "2 findings (2 errors) in 3 files across 1 service.\n"
    )


def test_a_callback_handed_to_the_constructor_by_keyword_or_to_a_subclass_is_followed(
    repo: RepoFactory,
) -> None:
    # `Watcher(path, on_change=reload_config)`, `DebouncedWatcher(...)` deriving its
    # `__init__`: its own async `poll` calls the callback on the loop. A function handed to
    # another class for the same name is not this one's.
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/watch.py": """\
                import asyncio
                import json
                import os


                class Watcher:
                    def __init__(self, path, on_change=None):
                        self.path = path
                        self.on_change = on_change

                    async def poll(self):
                        while True:
                            await asyncio.sleep(1)
                            self.on_change(self.path)


                class DebouncedWatcher(Watcher):
                    async def poll(self):
                        await asyncio.sleep(5)
                        self.on_change(self.path)


                class Logger:
                    def __init__(self, on_change):
                        self.on_change = on_change


                def reload_config(path):
                    with open(path) as f:
                        return json.load(f)


                def reload_plugins(path):
                    return os.listdir(path)


                def forget(path):
                    return os.remove(path)


                WATCHERS = [
                    Watcher("/etc/app.json", on_change=reload_config),
                    DebouncedWatcher("/srv/plugins", reload_plugins),
                ]
                LOG = Logger(forget)
                """,
        }
    )
    lines = [
        line
        for line in run_cli("check", str(root), "--select", "SC2").output.splitlines()
        if " SC202 " in line
    ]
    # `Watcher.poll` never runs on a `DebouncedWatcher`, which overrides it: it reaches
    # `reload_config` only.
    assert lines == [
        "svc/watch.py:14:13: SC202 async function `Watcher.poll` calls sync `self.on_change()`, "
        "which reaches blocking `open()`: reload_config() → open (watch.py:29); use await "
        "asyncio.to_thread(open, ...) (or aiofiles) there, or await "
        "asyncio.to_thread(self.on_change, ...) here",
        "svc/watch.py:20:9: SC202 async function `DebouncedWatcher.poll` calls sync "
        "`self.on_change()`, which reaches blocking `os.listdir()`: reload_plugins() → "
        "os.listdir (watch.py:34); use await asyncio.to_thread(os.listdir, ...) (or aiofiles) "
        "there, or await asyncio.to_thread(self.on_change, ...) here",
    ]


def test_fix_hands_a_kept_callback_call_to_a_thread_when_all_it_may_run_can_go(
    repo: RepoFactory,
) -> None:
    # Line 30 may run `_plugins` only (what takes a request): to a thread. Line 32 may run
    # `_versions`, which reaches sqlite3. Before, fix dropped both without a word.
    result = run_cli("fix", str(repo(EXPLORER)), "--diff")
    assert (
        "-            data = self.data_callback(request)\n"
        "+            data = await asyncio.to_thread(self.data_callback, request)\n"
    ) in result.output
    assert (
        "explorer/explorer/views.py:32: left alone: `self.data_callback()` reaches sqlite3: "
    ) in result.output
