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
