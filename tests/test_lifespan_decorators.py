"""A lifespan made so by its decorator: svcs's FastAPI and Starlette integrations
(`@svcs.fastapi.lifespan`) wrap the function that FastAPI then runs while the app starts,
often handed on through a parameter's default (`def create_app(lifespan=lifespan)`), which
the `lifespan=` keyword alone did not show. Reading a key file there delays no request: it
was reported as SC202 on an async path (Apache Airflow's execution API)."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, run_cli


def sc2_lines(root: Path) -> list[str]:
    output = run_cli("check", str(root), "--select", "SC2").output
    return [line.split(" stalls")[0].split(", which")[0] for line in output.splitlines()]


def test_a_function_svcs_makes_a_lifespan_is_start_up_code(repo: RepoFactory) -> None:
    root = repo(
        {
            "api/pyproject.toml": ('[project]\nname = "api"\ndependencies = ["fastapi", "svcs"]\n'),
            "api/api/__init__.py": "",
            "api/api/keys.py": """\
                def load_key(path):
                    with open(path, "rb") as fh:
                        return fh.read()
                """,
            "api/api/app.py": """\
                import svcs
                from fastapi import FastAPI
                from svcs.starlette import lifespan as starlette_lifespan

                from api.keys import load_key


                @svcs.fastapi.lifespan
                async def lifespan(app: FastAPI, registry: svcs.Registry):
                    registry.register_value(bytes, load_key("/etc/key.pem"))
                    yield


                @starlette_lifespan
                async def other_lifespan(app, registry):
                    registry.register_value(bytes, load_key("/etc/other.pem"))
                    yield


                def create_app(lifespan=lifespan) -> FastAPI:
                    return FastAPI(lifespan=lifespan)


                async def rotate():
                    return load_key("/etc/key.pem")
                """,
        }
    )
    # Before: four more SC202 (`open`, `fh.read`), in `lifespan` and `other_lifespan`; a
    # coroutine that serves (`rotate`) still reports the same chains, at its one call.
    assert [line for line in sc2_lines(root) if " SC2" in line] == [
        "api/api/app.py:25:12: SC202 async function `rotate` calls sync `load_key()`",
    ]
    assert [line.strip().split(" here")[0] for line in sc2_lines(root) if "also" in line] == [
        "api/api/keys.py:3:16: also reaches blocking `fh.read()` (open().read)",
    ]


def test_a_function_set_as_the_routers_lifespan_context_is_start_up_code(
    repo: RepoFactory,
) -> None:
    # Starlette runs `app.router.lifespan_context` while the app starts and stops: code that
    # mounts its app into the user's wraps theirs so (nicegui's `ui.run_with`), and the
    # start-up both lifespans await read its favicon file as an SC202 (nicegui 3.18.0).
    root = repo(
        {
            "ui/pyproject.toml": '[project]\nname = "ui"\ndependencies = ["fastapi"]\n',
            "ui/ui/__init__.py": "",
            "ui/ui/app.py": """\
                from contextlib import asynccontextmanager
                from pathlib import Path

                from fastapi import FastAPI


                async def startup():
                    if Path("favicon.ico").is_file():
                        print("favicon")


                @asynccontextmanager
                async def lifespan(_):
                    await startup()
                    yield


                app = FastAPI(lifespan=lifespan)


                def run_with(main_app: FastAPI):
                    main_lifespan = main_app.router.lifespan_context

                    @asynccontextmanager
                    async def lifespan_wrapper(app):
                        await startup()
                        async with main_lifespan(app) as state:
                            yield state

                    main_app.router.lifespan_context = lifespan_wrapper


                @app.get("/icon")
                async def icon():
                    return Path("favicon.ico").is_file()
                """,
        }
    )
    # Before: `startup`, awaited by the wrapper too, was not start-up: its `is_file()` was
    # an SC201 as well. A route that serves still reports its own.
    assert [line for line in sc2_lines(root) if " SC2" in line] == [
        "ui/ui/app.py:35:12: SC201 blocking call `Path().is_file()` (pathlib.Path().is_file)"
        " in async function `icon`",
    ]
