"""SC202 through pluggy hooks: `pm.hook.name(...)` runs each plugin's implementation of the
hook before it returns, on the loop when an async function calls it (Datasette's views)."""

from __future__ import annotations

import json

from conftest import RepoFactory, run_cli

# Datasette's shape: a hookspec module with the marker, default plugins registered by
# module name, views that call hooks from async code.
EXPLORER = {
    "explorer/pyproject.toml": (
        '[project]\nname = "explorer"\ndependencies = ["pluggy", "uvicorn"]\n'
    ),
    "explorer/explorer/__init__.py": "from .hookspecs import hookimpl  # noqa\n",
    "explorer/explorer/hookspecs.py": """\
        from pluggy import HookimplMarker, HookspecMarker

        hookspec = HookspecMarker("explorer")
        hookimpl = HookimplMarker("explorer")


        @hookspec
        def register_facet_classes():
            "Facet classes"


        @hookspec
        def filters_from_request(request, table):
            "Filters for a table page"


        @hookspec
        def extra_body_script(request):
            "Scripts for the page"
        """,
    "explorer/explorer/plugins.py": """\
        import importlib

        import pluggy

        from . import hookspecs

        pm = pluggy.PluginManager("explorer")
        pm.add_hookspecs(hookspecs)
        for name in ("explorer.facets", "explorer.filters", "explorer.scripts"):
            pm.register(importlib.import_module(name), name)
        """,
    "explorer/explorer/utils.py": """\
        import sqlite3


        def detect_json1():
            conn = sqlite3.connect(":memory:")
            try:
                conn.execute("SELECT json('{}')")
                return True
            except Exception:
                return False
        """,
    "explorer/explorer/facets.py": """\
        from explorer import hookimpl

        from .utils import detect_json1


        @hookimpl
        def register_facet_classes():
            return ["column", "array"] if detect_json1() else ["column"]
        """,
    "explorer/explorer/filters.py": """\
        import os

        from .hookspecs import hookimpl


        @hookimpl(specname="filters_from_request", tryfirst=True)
        def search_filters(request, table):
            if os.path.exists(f"/srv/fts/{table}"):
                return ["fts"]
            return []
        """,
    "explorer/explorer/scripts.py": """\
        import aiofiles

        from explorer import hookimpl


        @hookimpl
        def extra_body_script(request):
            async def inner():
                async with aiofiles.open("/srv/extra.js") as f:
                    return await f.read()

            return inner
        """,
    "explorer/explorer/views.py": """\
        import asyncio

        from .plugins import pm


        async def table_view(request, table):
            facets = pm.hook.register_facet_classes()
            filters = pm.hook.filters_from_request(request=request, table=table)
            scripts = [await s() for s in pm.hook.extra_body_script(request=request)]
            return facets, filters, scripts


        async def facet_view(request):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, pm.hook.register_facet_classes)
        """,
    "explorer/tests/plugins/my_plugin.py": """\
        import time

        from explorer import hookimpl


        @hookimpl
        def extra_body_script(request):
            time.sleep(0.1)
            return "var x = 1;"
        """,
}


def test_a_hook_called_from_async_code_reaches_each_implementations_blocking_calls(
    repo: RepoFactory,
) -> None:
    # Before: hook calls led nowhere, and neither finding was reported. A test's plugin is
    # not the service's; an implementation that returns an async function blocks nothing;
    # the hook handed to a thread is no call on the loop.
    root = repo(EXPLORER)
    output = run_cli("check", str(root), "--select", "SC2").output
    assert output == (
        "explorer/explorer/views.py:7:14: SC202 async function `table_view` calls sync "
        "`pm.hook.register_facet_classes()`, which reaches blocking `sqlite3.connect()`: "
        "register_facet_classes() → detect_json1() → sqlite3.connect (utils.py:5), and 1 more "
        "blocking call; use aiosqlite, or one function that opens, uses and closes the "
        "connection, run with await asyncio.to_thread(...) there\n"
        "    explorer/explorer/views.py:6:1: async function `table_view` starts here\n"
        "    explorer/explorer/facets.py:7:1: `register_facet_classes` (sync) calls "
        "`detect_json1()` at line 8\n"
        "    explorer/explorer/utils.py:4:1: `detect_json1` (sync) makes the blocking call at "
        "line 5\n"
        "    explorer/explorer/utils.py:5:12: `sqlite3.connect()` blocks: sqlite3\n"
        "    explorer/explorer/utils.py:7:9: also reaches blocking `conn.execute()` "
        "(sqlite3.connect().execute) here: sqlite3; use aiosqlite, or one function that opens, "
        "uses and closes the connection, run with await asyncio.to_thread(...)\n"
        "explorer/explorer/views.py:8:15: SC202 async function `table_view` calls sync "
        "`pm.hook.filters_from_request()`, which reaches blocking `os.path.exists()`: "
        "search_filters() → os.path.exists (filters.py:8); use await asyncio.to_thread("
        "os.path.exists, ...) (or aiofiles) there, or await asyncio.to_thread("
        "pm.hook.filters_from_request, ...) here\n"
        "    explorer/explorer/views.py:6:1: async function `table_view` starts here\n"
        "    explorer/explorer/filters.py:7:1: `search_filters` (sync) makes the blocking call "
        "at line 8\n"
        "    explorer/explorer/filters.py:8:8: `os.path.exists()` blocks: file I/O\n"
        "2 findings (2 errors) in 9 files across 1 service.\n"
    )


def test_a_hook_of_another_library_or_a_plain_function_of_the_same_name_is_not_followed(
    repo: RepoFactory,
) -> None:
    # Only functions pluggy's marker marks implement a hook: `register_facet_classes`
    # below is a plain function, and pytest's `hookimpl` marks pytest's hooks.
    files = dict(EXPLORER)
    files["explorer/explorer/facets.py"] = """\
        import pytest

        from .utils import detect_json1


        def register_facet_classes():
            return ["column", "array"] if detect_json1() else ["column"]


        @pytest.hookimpl
        def filters_from_request(request, table):
            return detect_json1()
        """
    root = repo(files)
    findings = json.loads(
        run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    )["findings"]
    assert [(f["path"], f["line"], f["message"].split("`")[3]) for f in findings] == [
        ("explorer/explorer/views.py", 8, "pm.hook.filters_from_request()"),
    ]


def test_fix_hands_a_hook_call_to_a_thread_only_when_every_implementation_may_go(
    repo: RepoFactory,
) -> None:
    # `pm.hook.filters_from_request(...)` runs `search_filters`, which blocks, to a thread as
    # a whole; `register_facet_classes` reaches sqlite3, whose objects stay on their thread.
    # Before, fix dropped both calls without a word.
    root = repo(EXPLORER)
    result = run_cli("fix", str(root), "--diff")
    assert (
        "-    filters = pm.hook.filters_from_request(request=request, table=table)\n"
        "+    filters = await asyncio.to_thread(pm.hook.filters_from_request, request=request, "
        "table=table)\n"
    ) in result.output
    assert (
        "explorer/explorer/views.py:7: left alone: `pm.hook.register_facet_classes()` reaches "
        "sqlite3: sqlite3 objects belong to the thread that made them: a thread hand-off breaks "
        "the code that shares them\n"
    ) in result.output


def test_no_hand_off_of_a_hook_call_one_of_whose_implementations_needs_the_loop(
    repo: RepoFactory,
) -> None:
    # A second implementation sets a ContextVar, which in a worker thread would set a copy:
    # the call stays reported, with the blocking call's own fix only, and fix leaves it.
    files = dict(EXPLORER)
    files["explorer/explorer/tags.py"] = """\
        from contextvars import ContextVar

        from explorer import hookimpl

        current_table = ContextVar("current_table")


        @hookimpl(specname="filters_from_request")
        def remember_table(request, table):
            current_table.set(table)
            return []
        """
    root = repo(files)
    output = run_cli("check", str(root), "--select", "SC2").output
    assert (
        "explorer/explorer/views.py:8:15: SC202 async function `table_view` calls sync "
        "`pm.hook.filters_from_request()`, which reaches blocking `os.path.exists()`: "
        "search_filters() → os.path.exists (filters.py:8); use await asyncio.to_thread("
        "os.path.exists, ...) (or aiofiles) there\n"
    ) in output
    assert (
        "explorer/explorer/views.py:8: left alone: `pm.hook.filters_from_request()` reaches "
        "`contextvars.ContextVar().set`" in run_cli("fix", str(root), "--diff").output
    )


def test_a_hook_call_runs_only_the_implementations_its_managers_project_marked(
    repo: RepoFactory,
) -> None:
    # The explorer also runs an audit plugin system with a `startup` hook of its own, its
    # manager made by a cached factory and named after its spec marker's project (Airflow's
    # policy plugins). pluggy registers with it only what `HookimplMarker("explorer-audit")`
    # marks, so its `hook.startup()` never runs the explorer's `startup`, which blocks.
    # Before: a false SC202 at `ready`. The explorer's manager still runs it, made here
    # with the project named by a constant; and a manager whose project is not known here
    # runs it as before.
    files = dict(EXPLORER)
    files["explorer/explorer/hookspecs.py"] += """\


        @hookspec
        def startup(app):
            "Warm the caches"
        """
    files["explorer/explorer/plugins.py"] = """\
        import importlib
        import os

        import pluggy

        from . import hookspecs

        PROJECT = "explorer"

        pm = pluggy.PluginManager(PROJECT)
        pm.add_hookspecs(hookspecs)
        for name in ("explorer.facets", "explorer.filters", "explorer.scripts", "explorer.warm"):
            pm.register(importlib.import_module(name), name)

        extra_pm = pluggy.PluginManager(os.environ.get("EXPLORER_EXTRA", "explorer"))
        """
    files["explorer/explorer/warm.py"] = """\
        from explorer import hookimpl

        from .utils import detect_json1


        @hookimpl
        def startup(app):
            app.json1 = detect_json1()
        """
    files["explorer/explorer/audit.py"] = """\
        import sys
        from functools import cache

        from pluggy import HookimplMarker, HookspecMarker, PluginManager

        audit_spec = HookspecMarker(project_name="explorer-audit")
        audit_hookimpl = HookimplMarker("explorer-audit")


        @audit_spec
        def startup(app):
            "Audit the start"


        @audit_hookimpl(specname="startup")
        def record_start(app):
            app.audited = True


        @cache
        def get_audit_manager():
            manager = PluginManager(audit_spec.project_name)
            manager.add_hookspecs(sys.modules[__name__])
            return manager
        """
    files["explorer/explorer/views.py"] = """\
        from .audit import get_audit_manager
        from .plugins import extra_pm, pm


        async def ready(request):
            get_audit_manager().hook.startup(app=request.app)
            return {"ready": True}


        async def warm(request):
            pm.hook.startup(app=request.app)
            return {"warm": True}


        async def warm_extra(request):
            extra_pm.hook.startup(app=request.app)
            return {"warm": True}
        """
    root = repo(files)
    findings = json.loads(
        run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    )["findings"]
    assert [(f["path"], f["line"], f["message"].split("`")[1]) for f in findings] == [
        ("explorer/explorer/views.py", 11, "warm"),
        ("explorer/explorer/views.py", 16, "warm_extra"),
    ]
