"""Reading what a start command runs (`startcommand.py`) and the command a Dockerfile starts
(`dockerfile.start_command`): the shapes deployments write, and odd input that names nothing
rather than failing."""

from __future__ import annotations

import pytest

from seamcheck.dockerfile import StartCommand, start_command
from seamcheck.startcommand import (
    Process,
    listening_ports,
    processes,
    script_ports,
    script_processes,
    script_started,
    shell_words,
    started_paths,
    started_scripts,
)

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


@pytest.mark.parametrize(
    ("command", "scripts"),
    [
        (["./docker-entrypoint.sh"], ("docker-entrypoint.sh",)),
        (["sh", "start.sh"], ("start.sh",)),
        (["/bin/bash", "-e", "scripts/run.sh", "--port", "80"], ("scripts/run.sh",)),
        ("exec ./scripts/run.sh", ("scripts/run.sh",)),
        (["tini", "--", "/usr/local/bin/entry.sh"], ("/usr/local/bin/entry.sh",)),
        (["/bin/sh", "-c", "cd deploy && ./serve.sh"], ("deploy/serve.sh",)),
        ("entrypoint.sh", ("entrypoint.sh",)),
        # Programs a launcher runs, and scripts a variable names, are no shell script.
        ("./manage.py runserver", ()),
        ("uvicorn examples.main:app", ()),
        ('sh "$SCRIPT"', ()),
        ("$ENTRYPOINT", ()),
        (["sh", "-c", 'exec "$@"'], ()),
        ("", ()),
    ],
)
def test_the_script_a_command_runs(command: str | list[str], scripts: tuple[str, ...]) -> None:
    assert started_scripts(command) == scripts


def test_a_script_runs_in_the_folder_it_is_started_in() -> None:
    assert started_scripts(["./start.sh"], "/app") == ("/app/start.sh",)


def test_what_a_script_starts_is_read_line_by_line() -> None:
    script = """\
#!/bin/sh
# uvicorn commented:app
set -e
if [ -n "$MIGRATE" ]; then
  alembic upgrade head
fi
cd examples
exec gunicorn -k uvicorn.workers.UvicornWorker \\
    --bind 0.0.0.0:8000 main:app
"""
    assert script_started(script, "/app") == (
        "/app/examples/main.py",
        "/app/examples/main/__init__.py",
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        'exec "$@"\n',
        "exec $SERVER examples.main:app\n",
        "./serve.sh\n",  # one level only: a script another script runs is not read
        "\x7fELF\x00uvicorn examples.main:app\n",
        "echo 'unclosed\n",
    ],
)
def test_a_script_that_names_nothing_readable_starts_nothing(text: str) -> None:
    assert script_started(text) == ()


def test_an_unreadable_line_leaves_the_others_read() -> None:
    assert script_started("echo 'unclosed\nexec uvicorn examples.main:app\n") == _MAIN


def test_the_final_stage_copies_map_paths_in_the_image_back_to_the_context() -> None:
    text = """\
FROM node:20 AS build
COPY web/ /srv/

FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
COPY --chown=app:app examples/ /app/
COPY ./deploy/entry.sh /usr/local/bin/
ADD ["samples", "/opt/samples"]
COPY --from=build /srv/dist /app/static
COPY https://example.test/x.tar.gz /tmp/
COPY *.py lib/* /app/lib/
COPY ../outside /app/outside
COPY $SRC /app/src
"""
    command = start_command(text)
    assert command.copies == (
        ("requirements.txt", "/app"),
        ("examples", "/app"),
        ("deploy/entry.sh", "/usr/local/bin"),
        ("samples", "/opt/samples"),
        # What the build stage's `COPY web/ /srv/` put in /srv/dist (a build's output the
        # context lacks names no file).
        ("web/dist", "/app/static"),
        ("lib", "/app/lib"),
    )
    assert command.sources("/app/main.py") == ("requirements.txt/main.py", "examples/main.py")
    assert command.sources("/usr/local/bin/entry.sh") == (
        "deploy/entry.sh/entry.sh",
        "deploy/entry.sh",
    )
    assert command.sources("/opt/samples/api/main.py") == ("samples/api/main.py",)
    assert command.sources("/srv/main.py") == ()  # the build stage's, not this image's


def test_a_copy_of_the_whole_context_maps_a_path_to_itself() -> None:
    command = start_command("FROM python\nWORKDIR /app\nCOPY . .\nCOPY * /srv/\n")
    assert command.sources("/app/examples/main.py") == ("examples/main.py",)
    assert command.sources("/srv/main.py") == ("main.py",)


@pytest.mark.parametrize(
    "text",
    ["COPY", "COPY a", "COPY <<EOF /app/x.sh", 'COPY ["a", 1]', "COPY [[[[[ /app", "ADD a b c $D"],
)
def test_an_odd_copy_copies_nothing_known(text: str) -> None:
    assert start_command(f"FROM python\n{text}\n").copies == ()


def test_a_command_that_moves_too_often_runs_in_a_folder_not_known() -> None:
    # 100,000 `cd a` lines once joined a folder that grew with each (9 s for a 500 kB
    # script; 3 s for a 480 kB `cd a && ...` command line): past 32 `cd`s it is not known.
    assert script_started("cd a\n" * 100_000 + "exec uvicorn examples.main:app\n") == _MAIN
    assert started_paths("cd a && " * 40 + "uvicorn examples.main:app") == _MAIN
    assert started_paths("cd x && " * 3 + "uvicorn main:app", "/app") == (
        "/app/x/x/x/main.py",
        "/app/x/x/x/main/__init__.py",
    )


@pytest.mark.parametrize(
    ("command", "ports"),
    [
        (["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"], (8000,)),
        ("uvicorn app.main:app --port=8001", (8001,)),
        ("gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8002 app.main:app", (8002,)),
        ("gunicorn --bind=:8003 --bind [::]:8004 app", (8003, 8004)),
        ("hypercorn --bind 0.0.0.0:8005 app:app", (8005,)),
        ("daphne -b 0.0.0.0 -p 8006 project.asgi:application", (8006,)),
        ("granian --interface asgi --port 8007 main:app", (8007,)),
        ("flask --app app run --host 0.0.0.0 -p 5000", (5000,)),
        ("fastapi run main.py --port 8008", (8008,)),
        ("python -m uvicorn app.main:app --port 8009", (8009,)),
        ("python manage.py migrate && python manage.py runserver 0.0.0.0:8010", (8010,)),
        ("python3 manage.py runserver 8011", (8011,)),
        (["sh", "-c", "cd src && exec uvicorn main:app --port 8012"], (8012,)),
        # Not known: a variable, a Unix socket, gunicorn's `-p` (a pid file), no port given
        # (the default may be set by a config file or the environment), a Node server.
        ("uvicorn app.main:app --port $PORT", ()),
        ("gunicorn -p app.pid -b unix:/run/app.sock app:app", ()),
        ("uvicorn app.main:app", ()),
        ("node server.js --port 3000", ()),
        ("flask routes --port 5000", ()),
        ("uvicorn app.main:app --port", ()),
        ("uvicorn 'app.main:app --port 80", ()),  # no shell reads an unclosed quote
        # No port: digits `int` will not read (a superscript, thousands of them), none at all.
        ("uvicorn app.main:app --port 8000\u00b2", ()),
        ("python manage.py runserver 0.0.0.0:\u00b3", ()),
        ("gunicorn -b :" + "9" * 5000 + " app:app", ()),
        ("hypercorn -b 0.0.0.0:99999 app:app", ()),
        ("python" + " -m python" * 5000 + " -m uvicorn app.main:app --port 8000", ()),
    ],
)
def test_the_ports_a_command_tells_its_server_to_listen_on(
    command: str | list[str], ports: tuple[int, ...]
) -> None:
    assert listening_ports(command) == ports


def test_the_ports_a_script_tells_its_server_to_listen_on() -> None:
    script = "#!/bin/sh\nset -e\npython manage.py migrate\nexec gunicorn -b :8000 \\\n  app:app\n"
    assert script_ports(script) == (8000,)
    assert script_ports("\x00\x01 uvicorn a:b --port 8000") == ()


def test_the_final_stage_exposes_its_own_ports_and_those_of_the_stage_it_builds_on() -> None:
    text = "FROM python:3.12 AS base\nEXPOSE 9000\nFROM base\nEXPOSE 8000/tcp 53/udp $PORT\n"
    assert start_command(text).exposed == (9000, 8000)
    assert start_command("FROM python:3.12 AS build\nEXPOSE 9000\nFROM python:3.12\n").exposed == ()


def test_an_exposed_port_no_number_reads_is_no_port() -> None:
    text = "FROM python:3.12\nEXPOSE 8000\u00b2 " + "9" * 5000 + " 70000 8001\n"
    assert start_command(text).exposed == (8001,)


@pytest.mark.parametrize(
    ("command", "found"),
    [
        ("uvicorn app:app --port 8000", [Process("server", "uvicorn", (8000,))]),
        (
            ["sh", "-c", "alembic upgrade head && gunicorn -b 0.0.0.0:8000 app:app"],
            [Process("quiet", "alembic"), Process("server", "gunicorn", (8000,))],
        ),
        (
            "python manage.py migrate && python manage.py runserver 0.0.0.0:8000",
            [
                Process("program", "python", started=("manage.py",)),
                Process("server", "manage.py runserver", (8000,)),
            ],
        ),
        # A server told no port listens on its default, or one its settings give.
        ("python -m gunicorn app:app", [Process("server", "gunicorn")]),
        ("flask --app app run -p 5000", [Process("server", "flask run", (5000,))]),
        ("node dist/server.js", [Process("program", "node", started=("dist/server.js",))]),
        ("celery -A app worker", [Process("other", "celery")]),
        ("python -c 'import app; app.serve()'", [Process("other", "python")]),
        ("$APP_COMMAND", [Process("other", "$APP_COMMAND")]),
        ("npm run serve", [Process("package", "npm", path="serve")]),
        ("yarn start", [Process("package", "yarn", path="start")]),
        ("npm ci", [Process("quiet", "npm")]),
        ("bash start.sh", [Process("script", "bash", path="start.sh")]),
        # The script of an entrypoint given the image's CMD: the CMD's server, the script
        # read on its own (`started_scripts`).
        (
            ["./docker-entrypoint.sh", "uvicorn", "app:app", "--port", "8000"],
            [Process("server", "uvicorn", (8000,))],
        ),
    ],
)
def test_what_each_command_runs(command: str | list[str], found: list[Process]) -> None:
    assert list(processes(command)) == found


def test_what_a_script_runs_past_its_shell_keywords() -> None:
    script = """#!/bin/sh
set -e
if [ -n "$MIGRATE" ]; then
  alembic upgrade head
fi
until curl -s http://db:5432; do sleep 1; done
exec "$@"
"""
    assert {p.kind for p in script_processes(script)} == {"quiet"}
    assert script_processes("if true; then\n  ollama serve &\nfi\n")[2] == Process(
        "other", "ollama"
    )


def test_the_environment_a_command_line_gives_what_it_runs() -> None:
    """`Process.env`: the assignments before a command, a wrapper's (`env`, `cross-env`), an
    earlier `export` (or `NAME=value` alone, then `export NAME` or under `set -a`), carried
    into a shell's `-c` line and a script's lines; `Process.sourced`: what may set any."""
    node = ("src/server.js",)
    assert processes("PORT=3000 node src/server.js") == (
        Process("program", "node", started=node, env=(("PORT", "3000"),)),
    )
    assert processes(["env", "PORT=3000", "DEBUG=1", "node", "src/server.js"])[0].env == (
        ("PORT", "3000"),
        ("DEBUG", "1"),
    )
    assert processes("cross-env PORT=3000 node src/server.js")[0].env == (("PORT", "3000"),)
    assert processes(["sh", "-c", "export PORT=3000 && node src/server.js"])[-1].env == (
        ("PORT", "3000"),
    )
    script = "#!/bin/sh\nA=1\nB=2\nexport B\nset -a\nC=3\nexec node src/server.js\n"
    assert script_processes(script)[-1].env == (("B", "2"), ("C", "3"))
    # What runs the script gives its lines its environment; their own assignments win.
    runs = Process("script", "sh", path="start.sh", env=(("PORT", "3000"), ("MODE", "a")))
    assert script_processes("MODE=b node src/server.js\n", "", runs)[0].env == (
        ("PORT", "3000"),
        ("MODE", "b"),
    )
    assert script_processes(". ./runtime.env\nexec node src/server.js\n")[-1].sourced == (
        ". ./runtime.env"
    )
    assert processes("eval $(./config) && node src/server.js")[-1].sourced.startswith("eval")
    # A command listening on nothing runs no code whose environment matters.
    assert [p.runs for p in script_processes('PORT=1 alembic upgrade head\nexec "$@"\n')] == [
        False,
        True,
    ]
