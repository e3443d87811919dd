"""Reading what a start command runs (`startcommand.py`) and the command a Dockerfile starts
(`dockerfile.start_command`): the shapes deployments write, and odd input that names nothing
rather than failing."""

from __future__ import annotations

import pytest

from seamcheck.dockerfile import StartCommand, start_command
from seamcheck.startcommand import shell_words, started_paths

_MAIN = ("examples/main.py", "examples/main/__init__.py")


@pytest.mark.parametrize(
    ("command", "started"),
    [
        (["uvicorn", "examples.main:app", "--host", "0.0.0.0"], _MAIN),
        ("hypercorn examples.main:app --bind 0.0.0.0:8000", _MAIN),
        ("uvicorn main:app --app-dir examples", _MAIN),
        ("uvicorn --app-dir=examples main:create_app --factory", _MAIN),
        ('uvicorn "examples.main:create_app()" --factory', _MAIN),
        # Option values that read as an app are not taken for one.
        ("gunicorn -k uvicorn.workers.UvicornWorker -b unix:app.sock examples.main:app", _MAIN),
        ("gunicorn -c gunicorn.conf.py --chdir examples main:app", _MAIN),
        ("gunicorn -w 4 examples.main", _MAIN),  # gunicorn's bare module: `application`
        ("daphne -b 0.0.0.0 -p 8000 examples.main:application", _MAIN),
        ("python3.12 -m uvicorn examples.main:app", _MAIN),
        # Wrappers run the launcher.
        ("poetry run uvicorn examples.main:app", _MAIN),
        ("opentelemetry-instrument uvicorn examples.main:app", _MAIN),
        ("wait-for-it db:5432 -- uvicorn examples.main:app", _MAIN),
        # Shell chains: what runs after `cd`, what `sh -c` runs.
        ("pip install -e . && cd examples && exec uvicorn main:app", _MAIN),
        (["sh", "-c", "cd examples&&uvicorn main:app"], _MAIN),
        (["/bin/bash", "-lc", "source .venv/bin/activate && uvicorn examples.main:app"], _MAIN),
        ("python examples/server.py", ("examples/server.py",)),
        ("python -u -m examples.server", ("examples/server.py", "examples/server/__main__.py")),
        ("flask --app examples/app run", ("examples/app.py", "examples/app/__init__.py")),
        ("flask -A examples.app:create_app run", ("examples/app.py", "examples/app/__init__.py")),
        ("FLASK_APP=examples/app.py flask run --host 0.0.0.0", ("examples/app.py",)),
        ("fastapi run examples/main.py --port 80", ("examples/main.py",)),
        ("fastapi run --entrypoint examples.main:app", _MAIN),
        ("node examples/server.js", ("examples/server.js",)),
        ("npm run build && node -r dotenv/config examples/server.mjs", ("examples/server.mjs",)),
        ("tsx watch examples/server.ts", ("examples/server.ts",)),
        ("nodemon --watch src examples/server.js", ("examples/server.js",)),
    ],
)
def test_the_file_a_command_starts(command: str | list[str], started: tuple[str, ...]) -> None:
    assert started_paths(command) == started


def test_a_node_script_named_without_its_suffix_is_any_file_node_would_load() -> None:
    found = started_paths("node examples/server")
    assert "examples/server.js" in found
    assert "examples/server/index.ts" in found


def test_paths_are_joined_to_the_folder_the_command_runs_in() -> None:
    assert started_paths(["uvicorn", "main:app"], "/app/examples") == (
        "/app/examples/main.py",
        "/app/examples/main/__init__.py",
    )
    assert started_paths("python /srv/examples/server.py", "/app") == ("/srv/examples/server.py",)


@pytest.mark.parametrize(
    "command",
    [
        [],
        "",
        "uvicorn $APP_MODULE",
        "uvicorn ${APP_MODULE:-examples.main:app}",
        "python -c 'import examples.main'",
        "node -e 'require(1)'",
        'sh -c "uvicorn examples.main:app',  # an unclosed quote
        "uvicorn",
        "python",
        "flask run",
        "fastapi run",
        "npm start",
        "./docker-entrypoint.sh",
        "uvicorn --host 0.0.0.0 --port 8000",
        "gunicorn -b unix:app.sock",
    ],
)
def test_a_command_that_names_no_readable_file_names_none(command: str | list[str]) -> None:
    assert started_paths(command) == ()


def test_a_folder_read_from_a_variable_is_not_known() -> None:
    # The command still starts `main.py`, of a folder not known: it names no example folder.
    assert started_paths("cd $APP_DIR && uvicorn main:app") == ("main.py", "main/__init__.py")


def test_shell_words_split_operators_written_against_a_word() -> None:
    assert shell_words("cd app&&make;run") == ["cd", "app", "&&", "make", ";", "run"]
    assert shell_words("echo 'unclosed") == []


def test_the_final_stage_of_a_dockerfile_starts_its_entrypoint_with_its_command() -> None:
    text = """\
FROM node:20 AS build
CMD ["node", "build.js"]

FROM python:3.12-slim
WORKDIR /app
WORKDIR examples
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["uvicorn", \\
     "main:app"]
"""
    command = start_command(text)
    assert command == StartCommand(
        ("/docker-entrypoint.sh",), ("uvicorn", "main:app"), "/app/examples"
    )
    assert started_paths(command.words, command.workdir) == (
        "/app/examples/main.py",
        "/app/examples/main/__init__.py",
    )


def test_a_shell_form_runs_under_sh_and_a_shell_form_entrypoint_takes_no_command() -> None:
    command = start_command("FROM python\nENTRYPOINT uvicorn examples.main:app\nCMD --reload\n")
    assert command.words == ("/bin/sh", "-c", "uvicorn examples.main:app")
    assert started_paths(command.words) == _MAIN


@pytest.mark.parametrize(
    "text",
    ["", "CMD []", "FROM python\nCMD []", 'FROM python\nCMD {"a": 1}', 'CMD ["a", 1]', "CMD"],
)
def test_an_odd_dockerfile_starts_nothing_readable(text: str) -> None:
    command = start_command(text)
    assert started_paths(command.words, command.workdir) == ()


def test_a_workdir_read_from_a_variable_is_not_known() -> None:
    assert start_command("FROM python\nWORKDIR $HOME/app\nCMD python s.py").workdir == ""


def test_a_long_command_line_is_read_whole() -> None:
    # A 480 KB Procfile line of plain words (the most `read_text` reads): every word was once
    # sliced off the rest of the line, 48 s (`bench/hostile_inputs.py procfile-line`).
    words = "a b " * 120_000
    assert started_paths(words + "uvicorn examples.main:app") == _MAIN
    assert started_paths(["w"] * 100_000) == ()
