"""Sync calls that run nothing blocking: a helper whose first statement returns on a falsy
parameter (`if not path: return False`), called with None there, or left to a None default
that the functions between hand on unchanged. nicegui 3.18.0 builds its error pages with
`page('')`, whose `favicon` stays None down to `is_file(favicon)`, which returns before
`Path().is_file()`: six SC202s (errors) reported blocking that cannot happen."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, run_cli

APP = """\
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


def is_file(path) -> bool:
    \"\"\"Whether the path is a file that exists.\"\"\"
    if not path:
        return False
    return Path(path).is_file()


def create_favicon_route(path, favicon) -> None:
    if is_file(favicon):
        app.add_route(f"{path}/favicon.ico", lambda _: None)


def log_favicon(path, favicon) -> None:
    create_favicon_route(path, favicon)
    Path("access.log").write_text(path)


class Page:
    def __init__(self, path, *, title=None, favicon=None) -> None:
        self.path = path
        create_favicon_route(self.path, favicon)

    @staticmethod
    def check(favicon=None) -> bool:
        return is_file(favicon)


@app.get("/error")
async def error_page():
    return Page("")


@app.get("/plain")
async def plain():
    return Page("/plain", title="x", favicon=None)


@app.get("/none")
async def none():
    return is_file(None)


@app.get("/check")
async def check():
    return Page.check()


@app.get("/empty")
async def empty():
    return create_favicon_route("/", "")


@app.get("/custom")
async def custom():
    return Page("/custom", favicon="icon.png")


@app.get("/given")
async def given(icon: str):
    return is_file(icon)


@app.get("/logged")
async def logged():
    log_favicon("/", None)
"""


def sc202(root: Path) -> list[str]:
    output = run_cli("check", str(root), "--select", "SC202").output
    return [line.split(", which")[0] for line in output.splitlines() if " SC202 " in line]


def test_a_call_leaving_a_guarded_parameter_falsy_reaches_no_blocking_call(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "api/api/__init__.py": "",
            "api/api/app.py": APP,
        }
    )
    # Before: the five routes above `custom` were SC202s too. A favicon given, a value not
    # known, and a helper that blocks on its own still reach their blocking calls.
    assert sc202(root) == [
        "api/api/app.py:62:12: SC202 async function `custom` calls sync `Page()`",
        "api/api/app.py:67:12: SC202 async function `given` calls sync `is_file()`",
        "api/api/app.py:72:5: SC202 async function `logged` calls sync `log_favicon()`",
    ]
