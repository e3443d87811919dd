"""What a start command runs: the Python module or file, or the Node.js script, a command
line names (a Dockerfile's `CMD`, a compose `command:`, a Procfile line, an npm `start`
script). `uvicorn examples.main:app --host 0.0.0.0` starts `examples/main.py`; `python -m
examples.server`, `python examples/server.py`, `flask --app examples/app run`, `fastapi run
examples/main.py` and `node examples/server.js` start what they name.

The command is read as written, never run: a word that reads a variable (`$APP_MODULE`) is not
known and names nothing; shell chains (`cd examples && uvicorn main:app`, `sh -c "..."`) are
followed as far as they can be read, and what cannot be (an unclosed quote) names nothing.
The paths returned are as the command writes them, joined to the folder it runs in where it
says one (`WORKDIR /app`, `cd examples`, `--app-dir src`): a caller matches them to the
repository's files.

A command may run a shell script instead (`ENTRYPOINT ["./docker-entrypoint.sh"]`, `sh
start.sh`): `started_scripts` names it, and `script_started` reads the script's text the
caller found, line by line, as command lines (one level: a script it runs is not followed).

`processes` says what kind of program each command of a line runs, as far as the ports it
listens on go (`seams/listening.py` asks whether all of them are known). A port a shell reads
from a variable (`--port $PORT` in a `sh -c` line, a shell-form `CMD`, a script; not in an
exec form, which no shell reads) is read with what the line set before it, and what is left
in the environment the command starts in (`port_of`), which the caller knows."""

from __future__ import annotations

import posixpath
import re
import shlex
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TypeAlias

from seamcheck.dockerfile import LINE_CONTINUATION, port_number
from seamcheck.records import dataclass

_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
# `-c` and the short flags written with it (`bash -lc`, `sh -ec`): the next word is the script.
_SHELL_CODE = re.compile(r"-[A-Za-z]*c[A-Za-z]*")
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "(", ")"})
_SERVERS = frozenset({"uvicorn", "gunicorn", "hypercorn", "daphne", "granian"})
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?|pypy3?")
_NODE = frozenset({"node", "nodemon", "ts-node", "ts-node-dev", "tsx", "bun", "babel-node"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# `module.path:attribute` (uvicorn's APP, gunicorn's WSGI_APP), a factory called or not.
_APP = re.compile(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):[A-Za-z_][\w.]*(?:\(.*\))?")
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
# Options of the ASGI/WSGI servers that take the next word as their value (a bind address
# `unix:app.sock`, a worker class `uvicorn.workers.UvicornWorker`, a config `gunicorn.conf.py`
# would otherwise read as the app).
_SERVER_VALUES = frozenset(
    {
        "-b", "--bind", "-k", "--worker-class", "-c", "--config", "--host", "--port", "-p",
        "-w", "--workers", "--threads", "--log-level", "--log-config", "--env-file",
        "--root-path", "--uds", "-u", "--unix-socket", "--fd", "--user", "-g", "--group",
        "-n", "--name", "-e", "--env", "--timeout", "-t", "--certfile", "--keyfile",
        "--ssl-keyfile", "--ssl-certfile", "--access-logfile", "--error-logfile",
        "--access-log", "--forwarded-allow-ips", "--interface", "--loop", "--http", "--ws",
        "--lifespan", "--limit-concurrency", "--backlog", "--timeout-keep-alive",
        "--reload-dir", "--reload-include", "--reload-exclude", "--worker-connections",
        "--max-requests", "--graceful-timeout", "--keep-alive", "--pid", "-m", "--umask",
        "--worker-tmp-dir", "--log-file", "--error-log", "--server-name", "--app-dir",
        "--chdir", "--pythonpath", "--factory-args", "--proxy-headers-trusted",
    }
)  # fmt: skip
_FOLDER_OPTIONS = frozenset({"--app-dir", "--chdir"})
_NODE_VALUES = frozenset(
    {
        "-r", "--require", "--import", "--loader", "--experimental-loader", "--env-file",
        "--conditions", "-C", "--inspect-port", "--title",
        # nodemon's
        "-w", "--watch", "-e", "--ext", "-i", "--ignore", "-x", "--exec", "--signal",
        "-d", "--delay", "--config",
    }
)  # fmt: skip
_NODE_CODE = frozenset({"-e", "--eval", "-p", "--print"})
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
_MAX_DEPTH = 3  # `sh -c` within `sh -c`...: a real command nests one or two
_MAX_MOVES = 32  # `cd`s of one command or script: a real one makes a few
# What runs the command after it (`exec ./start.sh`, `tini -- ./docker-entrypoint.sh`).
_SCRIPT_WRAPPERS = frozenset({"exec", "tini", "dumb-init", "--"})
# A program file a launcher runs, not a shell script (`./manage.py runserver`).
_PROGRAM_SUFFIXES = (".py", *_JS_SUFFIXES)
# Launchers' options that give the TCP port to listen on (gunicorn's and hypercorn's `-p` is
# a pid file): `--port 8000`, or a bind address `0.0.0.0:8000`.
_PORT_OPTIONS = {
    "uvicorn": ("--port",),
    "granian": ("--port",),
    "daphne": ("--port", "-p"),
    "flask": ("--port", "-p"),
    "fastapi": ("--port",),
}
_BIND_OPTIONS = {"gunicorn": ("-b", "--bind"), "hypercorn": ("-b", "--bind")}

Launch: TypeAlias = tuple[str, list[str], str, dict[str, str]]  # name, arguments, folder, env

# Commands that listen on no port, run before or around a server: the shell's own, file
# housekeeping, HTTP clients waiting for a dependency, migrations and installs (`alembic
# upgrade head && uvicorn ...`), and the words closing a shell's compound command.
_QUIET = frozenset(
    {
        ":", ".", "[", "[[", "cd", "true", "false", "set", "export", "unset", "local", "read",
        "shift", "return", "break", "continue", "source", "echo", "printf", "sleep", "wait",
        "test", "trap", "umask", "ulimit", "exit", "kill", "mkdir", "cp", "mv", "rm", "ln",
        "chmod", "chown", "touch", "cat", "ls", "pwd", "sed", "grep", "awk", "head", "tail",
        "tee", "date", "id", "whoami", "basename", "dirname", "find", "tr", "cut", "sort", "wc",
        "readlink", "realpath", "envsubst", "curl", "wget", "alembic", "pip", "pip3",
        "fi", "done", "esac", "}", "for", "case", "function",
    }
)  # fmt: skip
# Shell words before the command they run: `if curl ...`, `then uvicorn ...`, `! test ...`.
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"})
# Commands after which what a variable holds is not known: an assignment in a branch or a
# loop (`then PORT=8000`), what is read from input (`read PORT`), a loop's variable.
_SETTING = _KEYWORDS | {"read", "for", "local", "declare", "typeset", "readonly"}
_OPENING = frozenset({"if", "while", "until", "for", "case", "select", "{"})
_CLOSING = frozenset({"fi", "done", "esac", "}"})
# What a command a script is given (`exec "$@"` in an entrypoint script) runs: the image's
# `CMD`, read on its own.
_GIVEN = frozenset({"$@", "$*"})
# Commands after which any variable may be set: a sourced file, `eval`'s code.
_SOURCING = frozenset({".", "source", "eval"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A shell variable: `$PORT`, `${PORT}`, `${PORT:-8000}` (`:-`, `-`, `:=`, `=`, `:+`, `+`,
# `:?`, `?`); `${PORT#x}` and the other pattern operators are left unread.
_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-=+?])(?P<word>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_BRACED = re.compile(r"\$\{[^}]*\}")
_ALL_EXPORT = re.compile(r"-[A-Za-z]*a[A-Za-z]*|allexport")  # `set -a`, `set -o allexport`
_PACKAGE_MANAGERS = frozenset({"npm", "yarn", "pnpm"})
_INSTALLS = frozenset({"install", "i", "ci", "add"})


@dataclass(frozen=True, slots=True)
class Process:
    """One program a command line runs, as far as the ports it listens on go. kind:
    server (a launcher that serves, `uvicorn app:app --port 8000`: `ports` what it is told,
    empty when nothing written says), program (Python or Node.js code: it listens where
    its code says; `started`, the files it names), script (a shell script, `path`),
    package (a package.json script, `npm start`: `path` the script's name), quiet (listens
    on nothing: `alembic upgrade head`, `echo`) or other (`celery`, `nginx`, `$APP`: what
    it listens on is not known). `name` is the word that runs it."""

    kind: str
    name: str
    ports: tuple[int, ...] = ()
    started: tuple[str, ...] = ()
    path: str = ""
    # A server's ports written with variables of the environment its command line starts in
    # (`--port $PORT` in a line a shell reads: `CMD uvicorn app:app --port $PORT`, `sh -c
    # "..."`, a script), each as a bind address (`:$PORT`, `0.0.0.0:${PORT:-8000}`), what the
    # line sets itself read in (`PORT=8080; uvicorn ... --port $PORT`): `port_of` reads them
    # in that environment. `unknown_port`: one the line makes not known ("" when none is):
    # set from a command's output, in a branch, after a file is sourced.
    port_words: tuple[str, ...] = ()
    unknown_port: str = ""
    # The variables its command line sets in its environment, each as written: `PORT=3000
    # node server.js`, `env`/`cross-env PORT=3000 node ...`, an `export PORT=3000` before it
    # (also `PORT=3000` then `export PORT`, or under `set -a`); and what may set any variable
    # there ("" when nothing does): a file sourced before it (`. ./env.sh`), `eval`, an
    # `export` of what a command prints (`export $(cat .env | xargs)`).
    env: tuple[tuple[str, str], ...] = ()
    sourced: str = ""
    # The variables of `env` whose value is not certain where it runs: set or exported in a
    # branch (`if [ -z "$PORT" ]; then export PORT=8000; fi`), after `&&` or `||`, in a
    # subshell, or by `read`, `for` or `local`: the value written may not be the one it has.
    unsure: tuple[str, ...] = ()

    @property
    def runs(self) -> bool:
        """Whether it runs a program whose environment is the code's: any but a command
        that listens on nothing, or `exec "$@"`, which runs the command a script is given."""
        return self.kind != "quiet" or self.name in _GIVEN

    def inheriting(
        self, env: tuple[tuple[str, str], ...], sourced: str, unsure: Sequence[str] = ()
    ) -> Process:
        """This process run in an environment that already holds `env` (its own assignments
        win), `unsure` of which may hold other values, and may hold what `sourced` sets."""
        if not env and not sourced and not unsure:
            return self
        merged = tuple({**dict(env), **dict(self.env)}.items())
        own = dict(self.env)
        doubted = {*self.unsure, *(name for name in unsure if name not in own)}
        return replace(
            self, env=merged, sourced=self.sourced or sourced, unsure=tuple(sorted(doubted))
        )

    def given(self, by: Process) -> Process:
        """This process as the script `by` describes runs it (`exec "$@"` at its end, running
        the image's `CMD`): in the environment the script made, where its port words are
        read first."""
        found = self.inheriting(by.env, by.sourced, by.unsure)
        if not self.port_words:
            return found
        if by.sourced:
            return replace(found, port_words=(), unknown_port=self.port_words[0])
        scope: dict[str, str | None] = {**dict(by.env), **dict.fromkeys(by.unsure)}
        words = [expanded(word, scope, partial=True) for word in self.port_words]
        ports = [port_number(_bound_port(w)) for w in words if w is not None and "$" not in w]
        return replace(
            found,
            ports=tuple(dict.fromkeys([*self.ports, *(p for p in ports if p is not None)])),
            port_words=tuple(w for w in words if w is not None and "$" in w),
            unknown_port=found.unknown_port or (self.port_words[0] if None in words else ""),
        )


_NO_PROCESS = Process("quiet", "")  # what runs a command line given no environment


def shell_words(text: str, shell: bool = True) -> list[str]:
    """A shell command line's words, `&&`, `;` and `|` words of their own even when written
    against a neighbour (`cd app&&make`); [] for a line no shell could read. `shell`:
    whether a shell reads the line, expanding its variables: a `$` it keeps as it is (in
    single quotes, `'$PORT'`, or escaped, `\\$PORT`) is then `\\$` in the words, which
    reads no variable (`expanded`), and a `$` again where a word is a shell's `-c` line
    (`_shell_code`). Compose splits a `command:` string into words without a shell: its
    quotes keep nothing from the shell its `sh -c` runs."""
    if shell:
        text = _literal_dollars(text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:  # an unclosed quote: nothing read rather than a guess
        return []


# The pieces of a shell line, as its quotes make them: a single-quoted string, a
# double-quoted one, an escaped character, a run of anything else.
_QUOTING = re.compile(r"'[^']*'|\"(?:\\.|[^\"\\])*\"|\\.|[^'\"\\]+|.", re.S)
_LITERAL_DOLLAR = "\\$"  # a `$` the shell reading the words keeps as it is


def _literal_dollars(text: str) -> str:
    """`text` with each `$` a shell keeps as it is written as `\\$`, which `shlex` keeps
    (within double quotes, and within single quotes written there): `'$PORT'` and
    `\\$PORT` are the word `\\$PORT`; `"\\$PORT"` already is."""
    if "$" not in text or ("'" not in text and "\\" not in text):
        return text
    pieces = []
    for match in _QUOTING.finditer(text):
        piece = match.group(0)
        if piece.startswith("'") and len(piece) > 1:
            piece = piece.replace("$", _LITERAL_DOLLAR)
        elif piece == _LITERAL_DOLLAR:
            piece = f"'{_LITERAL_DOLLAR}'"
        pieces.append(piece)
    return "".join(pieces)


def started_paths(command: str | Sequence[str], folder: str = "") -> tuple[str, ...]:
    """The files `command` may start, each as the command names it, joined to `folder` (where
    it runs, "" when not known). A shell command line is a string; an exec form (Docker's
    `["uvicorn", "app:app"]`, a compose list) the words as written. A module started by name
    is each file it may be (`examples/main.py`, `examples/main/__init__.py`)."""
    words = shell_words(command) if isinstance(command, str) else [str(w) for w in command]
    return tuple(dict.fromkeys(_started(words, folder, 0)))


def started_scripts(command: str | Sequence[str], folder: str = "") -> tuple[str, ...]:
    """The shell scripts `command` runs (`./docker-entrypoint.sh`, `sh start.sh`, `exec
    scripts/run.sh`), each as the command names it, joined to `folder`: what a caller finds
    in the repository and reads with `script_started`. A word that reads a variable names
    nothing."""
    words = shell_words(command) if isinstance(command, str) else [str(w) for w in command]
    return tuple(dict.fromkeys(_scripts(words, folder, 0)))


def script_started(text: str, folder: str = "") -> tuple[str, ...]:
    """The files a shell script's command lines start (`exec uvicorn examples.main:app`), read
    line by line as `started_paths` reads one, `cd` carried from line to line, in `folder`
    (where the script runs). A script it runs is not followed (one level only), `exec "$@"`
    names nothing, a line no shell could read is skipped, and a binary file names nothing."""
    return tuple(dict.fromkeys(_started(_script_words(text), folder, 0)))


def listening_ports(command: str | Sequence[str]) -> tuple[int, ...]:
    """The TCP ports the servers `command` starts are told to listen on: `uvicorn app:app
    --port 8000`, `gunicorn -b 0.0.0.0:8000 app:app`, `flask run -p 5000`, `python -m
    uvicorn ...`, `python manage.py runserver 0.0.0.0:8000`, `PORT=8000; uvicorn ... --port
    $PORT`. Only ports the command line says: a server told none listens on its default,
    which is not guessed (a configuration file or an environment variable may set another),
    and `--port $PORT` reads the environment the command starts in (`Process.port_words`)."""
    return _server_ports(processes(command))


def script_ports(text: str) -> tuple[int, ...]:
    """`listening_ports` of a shell script's command lines, read as `script_started` reads
    them."""
    return _server_ports(script_processes(text))


def _server_ports(found: Sequence[Process]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(port for p in found if p.kind == "server" for port in p.ports))


def processes(
    command: str | Sequence[str],
    folder: str = "",
    inherited: Process | None = None,
    shell: bool | None = None,
) -> tuple[Process, ...]:
    """What each simple command of `command` runs (`Process`), a shell's `-c` line read as a
    command line, in `folder` (where it runs, "" when not known), each in the environment
    its command line gives it over what `inherited` was given (a package.json script `npm
    start` runs, in what `npm start` was run with). `shell`: whether a shell reads `command`
    (expanding its variables: a Procfile line, an npm script), or it is run as its words are
    (Docker's exec form `["uvicorn", "app:app", "--port", "$PORT"]` passes `$PORT` on as it
    is written); by default, a string is a shell's and a list of words is not."""
    words = shell_words(command) if isinstance(command, str) else [str(w) for w in command]
    reading = isinstance(command, str) if shell is None else shell
    return tuple(_processes(words, folder, 0, inherited or _NO_PROCESS, reading))


def script_processes(
    text: str, folder: str = "", inherited: Process | None = None
) -> tuple[Process, ...]:
    """`processes` of a shell script's command lines, read as `script_started` reads them,
    `inherited` what runs the script (`PORT=3000 ./start.sh`)."""
    return tuple(_processes(_script_words(text), folder, 0, inherited or _NO_PROCESS, True))


def _processes(
    words: list[str], folder: str, depth: int, inherited: Process, shell: bool
) -> Iterator[Process]:
    """The processes of `words`, the environment each is given carried from command to
    command: what `export` sets (or a `NAME=value` alone, exported by `export NAME` or under
    `set -a`), and what may set any variable (a sourced file, `eval`). `shell`: whether a
    shell reads `words`, expanding their variables: then what the line sets (exported or
    not, the last assignment winning) is kept in `scope` for the ports it gives its servers
    (`Process.port_words`), each value with what the line set before it read in."""
    exported, sourced = dict(inherited.env), inherited.sourced
    alone: dict[str, str] = {}  # variables set alone, not exported (yet)
    scope: dict[str, str | None] | None = dict(inherited.env) if shell else None
    every = False  # `set -a`: those set alone are exported
    nesting = 0  # the branches and loops (`if ... fi`, `while ... done`, `{ ... }`) open
    unsure = set(inherited.unsure)  # `Process.unsure`
    for segment, where, env, certain in _commands(words, folder):
        kept: dict[str, str | None] = {}
        if scope is not None:
            env, kept = _read_in(env, scope)
        # In a branch or a loop, after `&&` or `||`, or in a pipeline or a subshell, what a
        # variable holds after an assignment is not known.
        sure = certain and not nesting
        if not segment:
            (exported if every else alone).update(env)
            if sure:
                unsure.difference_update(env)
            else:
                unsure.update(env)
            if scope is not None:
                scope.update(kept if sure else dict.fromkeys(env, None))
            continue
        if segment[0] in _OPENING:
            nesting += 1
        elif segment[0] in _CLOSING:
            nesting = max(nesting - 1, 0)
        # The command after the shell's words before it (`then export PORT=8000`, `then .
        # ./.env`), which run it in a branch or a loop.
        at = next((i for i, word in enumerate(segment) if word not in _KEYWORDS), len(segment))
        command, sure = segment[at:], sure and not at
        head = command[0] if command else ""
        if head == "export":
            sourced = _exported(command[1:], exported, alone, scope, not sure) or sourced
            for word in command[1:]:
                name, equals, _ = word.partition("=")
                if not sure:
                    unsure.add(name)
                elif equals:
                    unsure.discard(name)
        elif head in _SOURCING:
            sourced = sourced or " ".join(command[:2])
        elif head == "set" and any(_ALL_EXPORT.fullmatch(w) for w in command[1:]):
            every = True
        elif segment[0] in _SETTING:
            unsure.update(_set_in(segment))
            if scope is not None:
                scope.update(dict.fromkeys(_set_in(segment), None))
        given = Process(
            "quiet",
            "",
            env=tuple({**exported, **env}.items()),
            sourced=sourced,
            # Also those not exported: `then PORT=8000` may be exported after it.
            unsure=tuple(sorted(name for name in unsure if name not in env)),
        )
        yield from _segment_processes(segment, where, given, depth, scope)


def _read_in(
    env: dict[str, str], scope: dict[str, str | None]
) -> tuple[dict[str, str], dict[str, str | None]]:
    """Assignments (`NAME=value` words) with what the shell set before them read in, each
    value as written where it is not known; and the same as `scope` keeps them, None where
    not known (a command's output, a variable not known). Each reads those before it on
    its line: `PORT=7000 ADDRESS=:$PORT` sets ADDRESS to `:7000`."""
    read: dict[str, str] = {}
    kept: dict[str, str | None] = {}
    view = ChainMap(kept, scope)
    for name, value in env.items():
        found = expanded(value, view, partial=True) if "$" in value else value
        read[name] = value if found is None else found
        kept[name] = found
    return read, kept


def _set_in(segment: list[str]) -> list[str]:
    """The variables a command in a branch (`then PORT=8000`, `else export PORT=9000`),
    `read PORT` or `for PORT in ...` sets: what they hold after it is not known."""
    names = []
    for word in segment[1:]:
        name, equals, _ = word.partition("=")
        if _NAME.fullmatch(name) and (equals or segment[0] in ("read", "for", "local")):
            names.append(name)
    return names


def _exported(
    words: list[str],
    exported: dict[str, str],
    alone: dict[str, str],
    scope: dict[str, str | None] | None,
    unsure: bool = False,
) -> str:
    """Read `export`'s words into `exported` (and `scope`, when a shell reads them):
    `NAME=value`, or `NAME` holding what a `NAME=value` alone set; what may set any variable
    otherwise (`export $(cat .env | xargs)`, whose command the shell's words cut off), ""
    when nothing may."""
    for word in words:
        name, equals, value = word.partition("=")
        if word.startswith("-"):
            continue
        if not _NAME.fullmatch(name):
            return f"export {word}"
        if equals:
            if scope is not None:
                assigned, kept = _read_in({name: value}, scope)
                value = assigned[name]
                scope.update({name: None} if unsure else kept)
            exported[name] = value
        elif name in alone:
            exported[name] = alone[name]
    return ""


def _segment_processes(
    segment: list[str],
    folder: str,
    given: Process,
    depth: int,
    scope: Mapping[str, str | None] | None = None,
) -> Iterator[Process]:
    """What one simple command runs: the launcher in it (past wrappers, as `_launches`
    finds it), else what its first word is; each in the environment `given` has, with the
    assignments a wrapper before it gives (`env PORT=3000 node ...`, `cross-env ...`). A
    server's ports written with variables are read in `scope`, what the shell reading the
    line set before it (None: no shell reads it)."""
    env = dict(given.env)
    for at, word in enumerate(segment):
        name = word.rpartition("/")[2]
        if name in _SHELLS:
            code = _shell_code(segment[at + 1 :], shell=scope is not None)
            within = given.inheriting(tuple(env.items()), "")
            if code is None:
                script = next((w for w in segment[at + 1 :] if not w.startswith("-")), "")
                script_run = _script_process(name, script, folder)
                yield script_run.inheriting(within.env, within.sourced, within.unsure)
            elif depth < _MAX_DEPTH:
                yield from _processes(shell_words(code), folder, depth + 1, within, True)
            else:
                yield Process("other", name).inheriting(within.env, within.sourced, within.unsure)
            return
        launcher = _launcher(name)
        if launcher is not None:
            args = segment[at + 1 :]
            server = _serving(name, args)
            found = Process("other", name)
            if server:
                addresses = tuple(dict.fromkeys(_launched_ports(name, args)))
                found = _listening(server, addresses, scope, given.sourced)
            else:
                started = tuple(_joined(folder, p) for p in launcher(args, env) if "$" not in p)
                if started:
                    found = Process("program", name, started=started)
            yield found.inheriting(tuple(env.items()), given.sourced, given.unsure)
            return
        if at and _ASSIGNMENT.match(word):  # `env PORT=3000 ...`, `cross-env PORT=3000 ...`
            key, _, value = word.partition("=")
            env[key] = value
    yield _unlaunched(segment, folder).inheriting(tuple(env.items()), given.sourced, given.unsure)


def _listening(
    name: str, addresses: Sequence[str], scope: Mapping[str, str | None] | None, sourced: str
) -> Process:
    """A server told to listen at `addresses` (bind addresses as written), their variables
    read in `scope` (None: no shell reads them, and `$PORT` is passed on as it is written,
    no port), after what `sourced` may set ("" when nothing may)."""
    ports: list[int] = []
    words: list[str] = []
    unknown = ""
    for address in addresses:
        written = address
        if "$" in address and scope is not None and not sourced:
            found = expanded(address, scope, partial=True)
            if found is None:
                unknown = unknown or written
                continue
            address = found
        if "$" not in address:
            port = port_number(_bound_port(address))
            if port is not None:
                ports.append(port)
        elif scope is None:
            continue
        elif sourced:
            unknown = unknown or written
        else:
            words.append(address)
    ports_told = tuple(dict.fromkeys(ports))
    return Process("server", name, ports_told, port_words=tuple(words), unknown_port=unknown)


def _serving(name: str, args: list[str]) -> str:
    """The server a launcher's command line starts (`uvicorn`, `flask run`, `python -m
    gunicorn`, `python manage.py runserver`, said so); "" when it runs a program of its own."""
    if name in _SERVERS:
        return name
    if name == "flask":
        return "flask run" if "run" in args else ""
    if name == "fastapi":
        return f"fastapi {args[0]}" if args[:1] in (["run"], ["dev"]) else ""
    if not _PYTHON.fullmatch(name):
        return ""
    options = iter(args)
    for word in options:
        if word == "-m" or (word.startswith("-m") and len(word) > 2):
            module = word[2:] or next(options, "")
            return "" if _PYTHON.fullmatch(module) else _serving(module, list(options))
        if word in ("-X", "-W"):
            next(options, None)
        elif not word.startswith("-"):
            runs = word.rpartition("/")[2] == "manage.py" and next(options, "") == "runserver"
            return "manage.py runserver" if runs else ""
    return ""


def _unlaunched(segment: list[str], folder: str) -> Process:
    """A simple command no launcher runs: a shell script, a package.json script, a command
    that listens on nothing, or another program."""
    at = 0
    while at < len(segment) and (
        segment[at].rpartition("/")[2] in _SCRIPT_WRAPPERS or segment[at] in _KEYWORDS
    ):
        at += 1
    if at == len(segment):
        return Process("quiet", segment[0])
    first = segment[at]
    name = first.rpartition("/")[2]
    if first in _GIVEN or name in _QUIET:
        return Process("quiet", name)
    if name in _PACKAGE_MANAGERS:
        return _package_process(name, segment[at + 1 :])
    scripted = "/" in first or first.endswith(".sh")
    if "$" not in first and scripted and not first.endswith(_PROGRAM_SUFFIXES):
        return _script_process(name, first, folder)
    return Process("other", name)


def _script_process(name: str, script: str, folder: str) -> Process:
    if not script or "$" in script:
        return Process("other", name)
    return Process("script", name, path=_joined(folder, script))


def _package_process(name: str, args: list[str]) -> Process:
    """`npm start`, `npm run serve`, `yarn dev`, `pnpm run start`: the package.json script
    it runs; an install listens on nothing."""
    words = [w for w in args if not w.startswith("-")]
    if not words:  # `yarn` alone installs
        return Process("quiet" if name == "yarn" else "other", name)
    if words[0] in _INSTALLS:
        return Process("quiet", name)
    if words[0] in ("run", "run-script"):
        return Process("package", name, path=words[1]) if len(words) > 1 else Process("other", name)
    if words[0] == "start" or name != "npm":
        return Process("package", name, path=words[0])
    return Process("other", name)


def _script_words(text: str) -> list[str]:
    """A shell script's words, its lines joined by `;`: [] for a binary file."""
    if "\x00" in text:
        return []
    words: list[str] = []
    for line in LINE_CONTINUATION.sub(" ", text).splitlines():
        read = shell_words(line)
        if read:
            words += [*read, ";"]
    return words


def _launched_ports(name: str, args: list[str]) -> Iterator[str]:
    """Where a launcher's command line tells its server to listen, each as a bind address
    written (`0.0.0.0:8000`; `--port $PORT` as `:$PORT`)."""
    if _PYTHON.fullmatch(name):
        yield from _python_ports(args)
        return
    if name == "flask" and "run" not in args:  # `flask --app x run`: options come first
        return
    if name == "fastapi" and args[:1] not in (["run"], ["dev"]):
        return
    ports, binds = _PORT_OPTIONS.get(name, ()), _BIND_OPTIONS.get(name, ())
    options = iter(args)
    for word in options:
        option, equals, value = word.partition("=")
        if option in ports or option in binds:
            value = value if equals else next(options, "")
            yield f":{value}" if option in ports else value


def _python_ports(args: list[str]) -> Iterator[str]:
    """`python -m uvicorn ...` is uvicorn's command line; `python manage.py runserver
    0.0.0.0:8000` is Django's development server."""
    options = iter(args)
    for word in options:
        if word == "-m" or (word.startswith("-m") and len(word) > 2):
            module = word[2:] or next(options, "")
            # `python -m python -m ...` runs no server; read again, 5,000 of them on one
            # line went past Python's recursion limit.
            if not _PYTHON.fullmatch(module):
                yield from _launched_ports(module, list(options))
            return
        if word in ("-X", "-W"):
            next(options, None)
        elif not word.startswith("-"):
            rest = list(options)
            if word.rpartition("/")[2] == "manage.py" and rest[:1] == ["runserver"]:
                address = next((w for w in rest[1:] if not w.startswith("-")), "")
                if address:
                    yield address if ":" in _masked(address) else f":{address}"
            return


def _bound_port(address: str) -> str:
    """The port of a bind address: `0.0.0.0:8000`, `:8000`, `[::]:8000` -> "8000",
    `0.0.0.0:${PORT:-8000}` -> "${PORT:-8000}"; "" for a Unix socket (`unix:/run/app.sock`),
    a file descriptor (`fd://3`) or a host alone."""
    if address.startswith(("unix:", "fd://")):
        return ""
    colon = _masked(address).rfind(":")
    return address[colon + 1 :] if colon >= 0 else ""


def _masked(text: str) -> str:
    """`text` with what its `${...}` expressions hold masked: the `:` of `${PORT:-8000}`
    separates no host from a port."""
    return _BRACED.sub(lambda match: "$" * len(match.group(0)), text)


def port_of(address: str, variables: Mapping[str, str | None], defaults: bool = True) -> int | None:
    """The port a bind address written with variables (`Process.port_words`: `:$PORT`,
    `0.0.0.0:${PORT:-8000}`) names in the environment `variables` gives the command it is
    written in (`expanded`); None when not known."""
    value = expanded(address, variables, defaults=defaults)
    return None if value is None else port_number(_bound_port(value))


def variables_read(text: str) -> tuple[str, ...]:
    """The shell variables `text` reads (`0.0.0.0:${PORT:-8000}` -> `PORT`), in order."""
    names = (match.group("braced") or match.group("bare") for match in _VARIABLE.finditer(text))
    return tuple(dict.fromkeys(names))


def expanded(
    text: str,
    variables: Mapping[str, str | None],
    partial: bool = False,
    defaults: bool = True,
    depth: int = 0,
) -> str | None:
    """`text` with its shell variables (`$PORT`, `${PORT}`, `${PORT:-8000}` and the other
    operators a POSIX shell has) replaced by their values in `variables`, where None is a
    value not known; None when the result is not known: a variable set to what is not
    known, a command's output (`$(cat port)`), an operator this does not read
    (`${PORT#x}`). `partial`: a variable `variables` does not hold is kept as written (the
    environment the command starts in gives it); else it is unset, and takes the default
    its operator gives (`${PORT:-8000}`) when `defaults`; unset and given no default, or a
    default where `defaults` is off, it is not known: the platform running the command may
    set it."""
    out: list[str] = []
    at = 0
    for match in _VARIABLE.finditer(text):
        written = text[at : match.start()]
        if "$" in written or written.endswith("\\"):
            return None  # `$(...)`, `$1`, `$@`, a `$` kept as it is (`\\$PORT`): not read
        out.append(written)
        at = match.end()
        name = match.group("braced") or match.group("bare")
        operator, word = match.group("operator") or "", match.group("word") or ""
        if "$" in word:
            if depth >= _MAX_DEPTH:
                return None
            inner = expanded(word, variables, partial, defaults, depth + 1)
            if inner is None:
                return None
            word = inner
        if name not in variables:
            value = match.group(0) if partial else _unset(operator, word, defaults)
        else:
            value = _set(operator, variables[name], word)
        if value is None:
            return None
        out.append(value)
    rest = text[at:]
    if "$" in rest:
        return None
    out.append(rest)
    return "".join(out)


def _unset(operator: str, word: str, defaults: bool) -> str | None:
    if operator in (":-", "-", ":=", "="):
        return word if defaults else None
    if operator in (":+", "+"):
        return ""
    return None  # unset with no default (`$PORT`, `${PORT:?}`): the platform may set it


def _set(operator: str, value: str | None, word: str) -> str | None:
    if value is None:
        return None
    if operator == "+":
        return word
    if operator in ("", "-", "=", "?"):
        return value
    if "$" in value:  # what it holds is still to be read: whether it is empty is not known
        return None
    if operator in (":-", ":="):
        return value or word
    if operator == ":+":
        return word if value else ""
    return value or None  # `:?`: empty is an error


def _scripts(words: list[str], folder: str, depth: int) -> Iterator[str]:
    for segment, where, _, _ in _commands(words, folder):
        yield from _script(segment, where, depth)


def _script(segment: list[str], folder: str, depth: int) -> Iterator[str]:
    """The script one simple command runs: its first word (past `exec`, `tini --`) a path
    that no launcher is, or the first argument of a shell run without `-c`."""
    at = 0
    while at < len(segment) and (
        segment[at].rpartition("/")[2] in _SCRIPT_WRAPPERS or (at and segment[at].startswith("-"))
    ):
        at += 1
    if at == len(segment):
        return
    first = segment[at]
    name = first.rpartition("/")[2]
    if name in _SHELLS:
        rest = segment[at + 1 :]
        code = _shell_code(rest)
        if code is None:
            script = next((w for w in rest if not w.startswith("-")), "")
            if script and "$" not in script:
                yield _joined(folder, script)
        elif depth < _MAX_DEPTH:
            yield from _scripts(shell_words(code), folder, depth + 1)
    elif (
        _launcher(name) is None
        and "$" not in first
        and ("/" in first or first.endswith(".sh"))
        and not first.endswith(_PROGRAM_SUFFIXES)
    ):
        yield _joined(folder, first)


def _started(words: list[str], folder: str, depth: int) -> Iterator[str]:
    for name, args, where, env in _launches(words, folder, depth):
        launcher = _launcher(name)
        if launcher is not None:
            yield from (_joined(where, p) for p in launcher(args, env) if "$" not in p)


def _commands(
    words: list[str], folder: str
) -> Iterator[tuple[list[str], str, dict[str, str], bool]]:
    """Each simple command of `words` (its `NAME=value` words taken off), the folder it runs
    in (`cd` carried to the commands after it), the environment those words give it, and
    whether it surely runs in the shell itself: not after `&&` or `||` (`[ -f x ] &&
    PORT=7000`), nor in a pipeline or in the background, which run in a subshell."""
    moves = 0
    for segment, certain in _segments(words):
        env = _assignments(segment)
        segment = segment[len(env) :]
        if len(segment) >= 2 and segment[0] == "cd":
            moves += 1
            folder = _moved(folder, segment[1], moves)
            continue
        yield segment, folder, env, certain


def _shell_code(rest: list[str], shell: bool = False) -> str | None:
    """The command line a shell runs with `-c` (`sh -c "..."`, `bash -lc "..."`), given the
    words after the shell's name; None when it runs none (a script, or `-c` with no line).
    `shell`: whether the words are a shell's (`shell_words`), where a `$` it kept as it is
    (`'$PORT'`) is `\\$`: the `-c` line is given a `$`, which the shell running it reads."""
    flag = next((i for i, w in enumerate(rest) if _SHELL_CODE.fullmatch(w)), None)
    if flag is None or flag + 1 >= len(rest):
        return None
    code = rest[flag + 1]
    return code.replace(_LITERAL_DOLLAR, "$") if shell else code


def _moved(folder: str, to: str, moves: int) -> str:
    """The folder after `cd to`, the `moves`th of a command: not known after a variable, nor
    after more than a real command makes (joining a path that grows with each of 100,000
    `cd a` lines of a script took seconds)."""
    return _joined(folder, to) if "$" not in to and moves <= _MAX_MOVES else ""


def _segments(words: list[str]) -> Iterator[tuple[list[str], bool]]:
    """The simple commands of `words`, each with whether it surely runs in the shell
    itself (`_commands`). A run of `(`, `)`, `;`, `&` and `|` is one word (`shlex`'s
    punctuation: `);`, `))` closing `$((PORT + 1))`), and separates commands too."""
    segment: list[str] = []
    certain = True
    for word in words:
        if word in _SEPARATORS or (word and not word.strip("();&|")):
            lead = word.lstrip("()")
            piped = lead.startswith("|") and not lead.startswith("||")
            background = lead.startswith("&") and not lead.startswith("&&")
            yield segment, certain and not piped and not background
            segment = []
            # After `&&`, `||` or `|`, or within `( ... )`, a subshell.
            certain = not any(mark in word for mark in ("&&", "|", "("))
        else:
            segment.append(word)
    yield segment, certain


def _assignments(segment: list[str]) -> dict[str, str]:
    """The `NAME=value` words a command starts with: the environment it runs in."""
    assigned: dict[str, str] = {}
    for word in segment:
        if _ASSIGNMENT.match(word) is None:
            break
        name, _, value = word.partition("=")
        assigned[name] = value
    return assigned


def _launches(words: list[str], folder: str, depth: int) -> Iterator[Launch]:
    """Each server or program launcher `words` run: in each simple command, its first word a
    launcher, or one a wrapper (`exec`, `poetry run`, `opentelemetry-instrument`,
    `wait-for-it db:5432 --`) runs; a shell's `-c` line is read as a command line."""
    for segment, where, env, _ in _commands(words, folder):
        for at, word in enumerate(segment):
            name = word.rpartition("/")[2]
            # Only the word that launches takes the rest: slicing it at every word was
            # quadratic (a 480 KB Procfile line of plain words took 48 s).
            if name in _SHELLS:
                code = _shell_code(segment[at + 1 :])
                if code is not None and depth < _MAX_DEPTH:
                    yield from _launches(shell_words(code), where, depth + 1)
                break
            if _launcher(name) is not None:
                yield name, segment[at + 1 :], where, env
                break


def _launcher(name: str) -> Callable[[list[str], dict[str, str]], Iterator[str]] | None:
    if name in _SERVERS:
        return lambda args, env: _server(name, args)
    if _PYTHON.fullmatch(name):
        return _python
    if name == "flask":
        return _flask
    if name == "fastapi":
        return lambda args, env: _fastapi(args)
    if name in _NODE:
        return lambda args, env: _node(args)
    return None


def _server(name: str, args: list[str]) -> Iterator[str]:
    """`uvicorn examples.main:app --app-dir src`, `gunicorn -k uvicorn.workers.UvicornWorker
    -b 0.0.0.0:80 app:app`; gunicorn and daphne also take a bare module (`gunicorn app`)."""
    folder = ""
    positional: list[str] = []
    options = iter(args)
    for word in options:
        option, equals, value = word.partition("=")
        if option in _FOLDER_OPTIONS:
            folder = value if equals else next(options, "")
        elif word.startswith("-"):
            if word in _SERVER_VALUES:
                next(options, None)
        else:
            positional.append(word)
    apps = [w for w in positional if _APP.fullmatch(w)]
    if not apps and name in ("gunicorn", "daphne") and len(positional) == 1:
        apps = [w for w in positional if _MODULE.fullmatch(w)]
    for app in apps[:1]:
        yield from (_joined(folder, p) for p in _module_files(app.partition(":")[0]))


def _python(args: list[str], env: dict[str, str]) -> Iterator[str]:
    """`python -m examples.server`, `python -u examples/server.py`; `python -m uvicorn ...`
    is uvicorn's command line."""
    options = iter(args)
    for word in options:
        if word == "-m" or (word.startswith("-m") and len(word) > 2):
            module = word[2:] or next(options, "")
            if _PYTHON.fullmatch(module):
                return  # `python -m python -m ...` starts no file; read again, thousands deep
            launcher = _launcher(module)
            if launcher is not None:
                yield from launcher(list(options), env)
            elif _MODULE.fullmatch(module):
                path = module.replace(".", "/")
                yield from (f"{path}.py", f"{path}/__main__.py")
            return
        if word == "-c":
            return  # code on the command line: no file
        if word in ("-X", "-W"):
            next(options, None)
        elif not word.startswith("-"):
            yield word if word.endswith(".py") else f"{word}/__main__.py"
            return


def _flask(args: list[str], env: dict[str, str]) -> Iterator[str]:
    """`flask --app examples/app run`, `flask -A examples.app:create_app run`, `FLASK_APP=...
    flask run`."""
    app = env.get("FLASK_APP", "")
    options = iter(args)
    for word in options:
        option, equals, value = word.partition("=")
        if option in ("--app", "-A"):
            app = value if equals else next(options, "")
    target = app.partition(":")[0] if _APP.fullmatch(app) else app
    if target.endswith(".py"):
        yield target
    elif "/" in target:
        yield from (f"{target}.py", f"{target}/__init__.py")
    elif _MODULE.fullmatch(target):
        yield from _module_files(target)


def _fastapi(args: list[str]) -> Iterator[str]:
    """`fastapi run examples/main.py`, `fastapi dev examples` (a package: the CLI looks for
    its app in it), `fastapi run --entrypoint examples.main:app`."""
    if not args or args[0] not in ("run", "dev"):
        return
    options = iter(args[1:])
    for word in options:
        option, equals, value = word.partition("=")
        if option in ("--entrypoint", "-e"):
            entry = value if equals else next(options, "")
            if _APP.fullmatch(entry):
                yield from _module_files(entry.partition(":")[0])
        elif word.startswith("-"):
            if word in ("--host", "--port", "--app", "--workers", "--root-path"):
                next(options, None)
        elif word.endswith(".py"):
            yield word
        else:
            yield from (f"{word}/{name}" for name in ("__init__.py", "main.py", "app.py", "api.py"))


def _node(args: list[str]) -> Iterator[str]:
    """`node examples/server.js`, `node -r dotenv/config examples/server`, `tsx watch
    examples/server.ts`, `nodemon --watch src examples/server.js`, `bun run examples/x.ts`."""
    options = iter(args)
    for word in options:
        if word in _NODE_CODE:
            return
        if word in _NODE_VALUES:
            next(options, None)
        elif word in ("watch", "run") or word.startswith("-"):
            continue
        elif word.endswith(_JS_SUFFIXES):
            yield word
            return
        else:
            yield from (f"{word}{suffix}" for suffix in _JS_SUFFIXES)
            yield from (f"{word}/index{suffix}" for suffix in _JS_SUFFIXES)
            return


def _module_files(module: str) -> tuple[str, ...]:
    if _MODULE.fullmatch(module) is None:
        return ()
    path = module.replace(".", "/")
    return (f"{path}.py", f"{path}/__init__.py")


def _joined(folder: str, path: str) -> str:
    if not folder or path.startswith("/"):
        return posixpath.normpath(path)
    return posixpath.normpath(posixpath.join(folder, path))
