"""What a Dockerfile says of the image it builds: the environment it sets with `ENV` (the
defaults its container runs with where compose gives none: an nginx image's `ENV
API_HOST=api`, which its templates are rendered with at start-up), the image its final
stage runs (`FROM nginx:1.25`: a static site) and the command it starts (`CMD ["uvicorn",
"examples.main:app"]`). Reads the text; never builds or runs anything."""

from __future__ import annotations

import bisect
import json
import posixpath
import re
import shlex
from collections.abc import Mapping

from seamcheck.records import dataclass

# Images whose entrypoint renders `/etc/nginx/templates/*.template` with `envsubst` at start-up.
TEMPLATE_RENDERING_IMAGES = frozenset({"nginx", "nginxinc/nginx-unprivileged"})
# A backslash ending a line continues it, in a Dockerfile as in a shell script.
LINE_CONTINUATION = re.compile(r"\\[ \t]*\r?\n")
_INSTRUCTION = re.compile(r"^\s*(\w+)\s+(.*)$")
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


def image_environment(
    text: str, build_args: Mapping[str, str] | None = None, stage: str = ""
) -> dict[str, str]:
    """The variables the final stage of a Dockerfile sets (`ENV A=1 B="two"`, the legacy
    `ENV A 1`), or those of the stage `stage` names (compose's `build.target`); a stage
    before it builds, it does not run, unless the stage starts from it (`FROM base`: its
    `ENV` carries over). A value may read the stage's build arguments and the variables set
    before it (`ARG PORT=8080` then `ENV PORT=$PORT`, also `${PORT}` and `${PORT:-8080}`):
    an argument has its default, or what `build_args` gives it (compose's `build.args`),
    and a global `ARG` (before the first `FROM`) counts where the stage declares it again.
    One that reads an argument given no value (a `--build-arg` on the command line may give
    it one), a variable set nowhere here (the base image's `$PATH`) or a command is not
    known here: left out, as one the base image sets is."""
    given = build_args or {}
    global_args: dict[str, str | None] = {}
    stages: dict[str, dict[str, str | None]] = {}  # by name and number: each stage's ENV
    names: tuple[str, ...] = ()
    environment: dict[str, str | None] = {}
    arguments: dict[str, str | None] = {}
    chosen: dict[str, str | None] | None = None
    started = False
    count = 0
    for instruction, rest in _instructions(text):
        if instruction == "FROM":
            stages.update(dict.fromkeys(names, environment))
            if stage and stage in names:
                chosen = environment
            base, alias = _stage(rest)
            environment = dict(stages.get(base, {}))
            arguments = {}
            names = (str(count), alias) if alias else (str(count),)
            count += 1
            started = True
        elif instruction == "ARG":
            declared = _assignments(rest) if "=" in rest else dict.fromkeys(rest.split(), "")
            for name, default in declared.items():
                if name in given:
                    value: str | None = given[name] if "$" not in given[name] else None
                elif "=" in rest:
                    value = _substituted(default, {**arguments, **environment}, rest)
                else:
                    value = global_args.get(name) if started else None
                (arguments if started else global_args)[name] = value
        elif instruction == "ENV" and started:
            scope = {**arguments, **environment}
            for name, written in _assignments(rest).items():
                environment[name] = _substituted(written, scope, rest)
    if stage and stage in names:
        chosen = environment
    found = environment if chosen is None else chosen
    if stage and chosen is None:
        return {}  # a stage the Dockerfile does not name: what runs is not known
    return {name: value for name, value in found.items() if value is not None}


# `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` in a Dockerfile value.
_DOCKER_VARIABLE = re.compile(
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<how>:[-+])(?P<word>[^}]*))?\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)


def _substituted(value: str, scope: Mapping[str, str | None], line: str) -> str | None:
    """An `ENV` or `ARG` value (unquoted) with its variables replaced by their values in
    `scope`; None when one has no value known here. On a line with a single quote, which
    keeps a `$` as it is, a value with a `$` is not read, rather than read wrong."""
    if "$" not in value:
        return value
    if "'" in line:
        return None
    parts: list[str] = []
    at = 0
    for match in _DOCKER_VARIABLE.finditer(value):
        name = match.group("braced") or match.group("bare")
        known = scope.get(name)
        how = match.group("how")
        if how == ":-" and known == "":
            known = match.group("word")
        elif how == ":+" and known is not None:
            known = match.group("word") if known else ""
        if known is None:
            return None
        parts += (value[at : match.start()], known)
        at = match.end()
    parts.append(value[at:])
    joined = "".join(parts)
    return None if "$" in joined else joined


def final_image(text: str) -> str | None:
    """The image the final stage starts from, without tag or digest (`nginx` for `FROM
    --platform=$BUILDPLATFORM nginx:1.25-alpine AS web`); None when no `FROM` says one. A
    stage named by an earlier `AS` is followed to the image it starts from."""
    stages: dict[str, str] = {}
    image = None
    for instruction, rest in _instructions(text):
        if instruction != "FROM":
            continue
        words = [w for w in rest.split() if not w.startswith("--")]
        if not words:
            continue
        name = words[0].lower()
        image = stages.get(name, name.partition("@")[0])
        if ":" in image.rpartition("/")[2]:
            image = image.rpartition(":")[0]
        if len(words) == 3 and words[1].lower() == "as":
            stages[words[2].lower()] = image
    return image


@dataclass(frozen=True, slots=True)
class StartCommand:
    """The final stage's `ENTRYPOINT` and `CMD`, each as the words it runs (a shell form,
    `CMD uvicorn app:app`, as `/bin/sh -c "uvicorn app:app"`, which is what Docker runs),
    and the `WORKDIR` they run in ("" when none says, or a variable does); `copies`, what
    its `COPY` and `ADD` lines put in the image: (source within the build context, absolute
    destination), plain local sources only; `exposed`, the TCP ports its `EXPOSE` lines
    name (`EXPOSE 8000 9000/tcp`; a variable's is not known)."""

    entrypoint: tuple[str, ...] = ()
    command: tuple[str, ...] = ()
    workdir: str = ""
    copies: tuple[tuple[str, str], ...] = ()
    exposed: tuple[int, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        """What the container runs: the entrypoint given the command as arguments; a shell
        form entrypoint takes none."""
        if self.entrypoint[:2] == ("/bin/sh", "-c"):
            return self.entrypoint
        return self.entrypoint + self.command

    def sources(self, path: str) -> tuple[str, ...]:
        """The files of the build context an absolute path in the image may have been copied
        from: `/app/main.py` is `examples/main.py` after `COPY examples/ /app/`, and
        `/app/main.py` after `COPY main.py /app/`. Whether a source is a file or a folder is
        not known here, so both readings are given: a caller matches them to the files the
        repository has, and a wrong one names no file."""
        found: list[str] = []
        for source, destination in self.copies:
            if path == destination:
                found.append(source)
            elif destination == "/" or path.startswith(f"{destination}/"):
                rest = path[len(destination) :].lstrip("/")
                found.append(rest if source == "." else f"{source}/{rest}")
                if rest == source.rpartition("/")[2]:
                    found.append(source)  # a file copied into the folder
        return tuple(dict.fromkeys(found))


def start_command(text: str) -> StartCommand:
    """The command the final stage of a Dockerfile starts its container with (an earlier
    stage's is not run: `FROM` starts afresh, but from what an earlier stage it names had:
    `FROM base` keeps its files, folder and command). A `COPY --from=` an earlier stage
    copies what that stage's `COPY` lines put there."""
    stages: dict[str, StartCommand] = {}  # by name, and by number (`--from=0`)
    names: tuple[str, ...] = ()
    count = 0
    entrypoint: tuple[str, ...] = ()
    command: tuple[str, ...] = ()
    workdir = ""
    copies: list[tuple[str, str]] = []
    exposed: list[int] = []
    for instruction, rest in _instructions(text):
        if instruction == "FROM":
            done = StartCommand(entrypoint, command, workdir, tuple(copies), tuple(exposed))
            stages.update(dict.fromkeys(names, done))
            base, alias = _stage(rest)
            begun = stages.get(base, StartCommand())
            entrypoint, command, workdir = begun.entrypoint, begun.command, begun.workdir
            copies, exposed = list(begun.copies), list(begun.exposed)
            names = (str(count), alias) if alias else (str(count),)
            count += 1
        elif instruction in ("COPY", "ADD") and len(copies) < _MAX_COPIES:
            copies += _copies(rest, workdir, stages)[: _MAX_COPIES - len(copies)]
        elif instruction == "ENTRYPOINT":
            entrypoint = _command_words(rest)
        elif instruction == "CMD":
            command = _command_words(rest)
        elif instruction == "EXPOSE" and len(exposed) < _MAX_EXPOSED:
            exposed += _exposed(rest)[: _MAX_EXPOSED - len(exposed)]
        elif instruction == "WORKDIR":
            folder = _posix(rest.strip("\"'"))
            workdir = "" if "$" in rest else posixpath.join(workdir or "/", folder)
    return StartCommand(entrypoint, command, workdir, tuple(copies), tuple(dict.fromkeys(exposed)))


_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]")


def _posix(path: str) -> str:
    """A path in the image with `/` between its folders: a Windows image's `C:\\app\\` is
    the absolute `/C:/app/`, as `C:\\app` is, so that `WORKDIR C:\\app` and `COPY .
    C:\\app\\` name one folder."""
    return "/" + path.replace("\\", "/") if _WINDOWS_PATH.match(path) else path


def _stage(rest: str) -> tuple[str, str]:
    """What a `FROM` starts from and the name it gives its stage (`FROM base AS web`), both
    lower case; "" for no name."""
    words = [w.lower() for w in rest.split() if not w.startswith("--")]
    alias = words[2] if len(words) == 3 and words[1] == "as" else ""
    return (words[0] if words else "", alias)


def _copies(
    rest: str, workdir: str, stages: dict[str, StartCommand] | None = None
) -> list[tuple[str, str]]:
    """(source, absolute destination) of a `COPY` or `ADD` of the build context's files, or
    of an earlier stage's (`--from=build`) that its own `COPY` lines put there: one from
    an image, a URL, a heredoc, a variable, a source above the context or a glob beyond a
    folder's `*` (`examples/*`, its files) copies nothing known."""
    words = _copy_words(rest)
    flags = [w for w in words if w.startswith("--")]
    words = [w for w in words if not w.startswith("--")]
    if len(words) < 2 or any(f.startswith("--parents") for f in flags):
        return []
    stage = next((f.partition("=")[2].lower() for f in flags if f.startswith("--from")), None)
    *sources, destination = words
    if "$" in destination or destination.startswith("<<"):
        return []
    destination = _posix(destination)
    destination = posixpath.normpath(posixpath.join(workdir or "/", destination))
    if stage is not None:
        earlier = (stages or {}).get(stage)
        return _through(earlier, sources, destination) if earlier is not None else []
    copies = []
    for source in sources:
        source = "." if source == "*" else source.removesuffix("/*")
        if "$" in source or "://" in source or source.startswith(("git@", "<<")):
            continue
        if any(c in source for c in "*?["):
            continue
        source = posixpath.normpath(source.lstrip("/") or ".")
        if source != ".." and not source.startswith("../"):
            copies.append((source, destination))
    return copies


# The copies of an earlier stage a `COPY --from=` is matched with: a real stage makes a few.
_MAX_STAGE_COPIES = 64
# The copies of a stage kept: a real Dockerfile has tens; each `COPY --from=` line may give
# up to `_MAX_STAGE_COPIES`, and every path a command names is matched with all of them.
_MAX_COPIES = 1_000
_MAX_EXPOSED = 64  # ports of one image: a real one exposes a few


def _through(stage: StartCommand, sources: list[str], destination: str) -> list[tuple[str, str]]:
    """The build context's files `COPY --from=stage sources destination` copies: a path of
    the stage (read from its root) is what one of its `COPY` lines put there, or holds one."""
    kept = StartCommand(copies=stage.copies[:_MAX_STAGE_COPIES])
    copies = []
    for source in sources:
        if "$" in source or any(c in source for c in "*?["):
            continue
        within = posixpath.normpath("/" + source.lstrip("/"))
        # What the stage put at that path or in it (`sources`), then what it put below it.
        copies += [(context, destination) for context in kept.sources(within)]
        for context, put in kept.copies:
            if put != within and (within == "/" or put.startswith(f"{within}/")):
                below = put[len(within) :].strip("/")
                copies.append((context, posixpath.join(destination, below)))
    return [(posixpath.normpath(c), d) for c, d in copies]


def _exec_form(rest: str) -> list[str] | None:
    """An instruction's exec form (`["uvicorn", "app:app"]`) as written; None when it is not
    a JSON list of strings, which is the shell form."""
    if not rest.startswith("["):
        return None
    try:
        words = json.loads(rest)
    except (ValueError, RecursionError):  # `CMD [[[[...`: too deep to decode, no list
        return None
    if isinstance(words, list) and all(isinstance(w, str) for w in words):
        return words
    return None


def _copy_words(rest: str) -> list[str]:
    words = _exec_form(rest)
    return rest.split() if words is None else words


def _exposed(rest: str) -> list[int]:
    """`EXPOSE 8000 9000/tcp` -> [8000, 9000]; UDP ports, ranges and variables name none."""
    ports = []
    for word in rest.split():
        written, _, protocol = word.partition("/")
        port = port_number(written)
        if port is not None and protocol.lower() in ("", "tcp"):
            ports.append(port)
    return ports


def port_number(text: str) -> int | None:
    """The TCP port `text` writes (`8000`), None for any other text: `$PORT`, `99999`, and
    what `str.isdigit` takes but `int` will not read (a superscript `²`, a number of
    thousands of digits)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 5):
        return None
    port = int(text)
    return port if 0 < port < 65536 else None


def _command_words(rest: str) -> tuple[str, ...]:
    """The exec form as written; the shell form as Docker runs it, with `/bin/sh -c`."""
    words = _exec_form(rest)
    if words is not None:
        return tuple(words)
    return ("/bin/sh", "-c", rest) if rest else ()


def _instructions(text: str) -> list[tuple[str, str]]:
    """Each instruction (upper case) and the rest of its line, its continued lines joined,
    as Docker reads them: continued with the escape character the `# escape=` directive
    names (a Windows Dockerfile's backtick), the body of each heredoc a `RUN`, `COPY` or `ADD`
    opens (`RUN <<EOF`, `COPY <<-"EOF" /app/run.sh`) passed over to its closing word. A
    heredoc never closed, which Docker refuses, is no heredoc here: the lines after it are
    read as instructions, rather than none."""
    lines = text.removeprefix("\ufeff").splitlines()  # a byte order mark, as Docker drops it
    continued = re.compile(rf"{re.escape(escape_character(lines))}[ \t]*$")
    closing = _Closings(lines) if "<<" in text else None
    found: list[tuple[str, str]] = []
    pending: list[str] = []  # the lines of an instruction continued so far
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        # Docker drops comment and empty lines before it joins a continued instruction:
        # `ENV A=1 \`, `# the port`, `PORT=3000` is one `ENV`.
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        end = continued.search(line)
        if end is not None:
            pending.append(line[: end.start()])
            continue
        match = _INSTRUCTION.match(" ".join([*pending, line]))
        pending = []
        if match is None:
            continue
        instruction, rest = match.group(1).upper(), match.group(2).strip()
        found.append((instruction, rest))
        for word, tabs in _heredocs(instruction, rest)[:_MAX_HEREDOCS]:
            body_end = None if closing is None else closing.after(word, tabs, at - 1)
            if body_end is None:
                break
            at = body_end + 1
    match = _INSTRUCTION.match(" ".join(pending))
    if match is not None:  # continued past the last line
        found.append((match.group(1).upper(), match.group(2).strip()))
    return found


class _Closings:
    """Where a heredoc's closing word stands alone on a line (after the body's leading tabs,
    for `<<-`): found with a look-up, not a scan of the lines after each heredoc, which a
    file of unclosed ones made quadratic."""

    def __init__(self, lines: list[str]) -> None:
        self._exact: dict[str, list[int]] = {}
        self._untabbed: dict[str, list[int]] = {}
        for number, line in enumerate(lines):
            line = line.rstrip("\r")
            self._exact.setdefault(line, []).append(number)
            self._untabbed.setdefault(line.lstrip("\t"), []).append(number)

    def after(self, word: str, tabs: bool, line: int) -> int | None:
        """The first line after `line` that closes a heredoc ending with `word`; None when
        none does."""
        numbers = (self._untabbed if tabs else self._exact).get(word, [])
        at = bisect.bisect_right(numbers, line)
        return numbers[at] if at < len(numbers) else None


# A word opening a heredoc: `<<EOF`, `<<-EOF` (its body's leading tabs stripped), `<<"EOF"`,
# `<<'EOF'`, `3<<EOF`; not a here-string, `<<<`.
_HEREDOC = re.compile(r"\d*<<(-?)([\"']?)([^<\"'\s]+)\2")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
_MAX_HEREDOCS = 64  # heredocs one instruction opens: a real one opens one or two
# A parser directive: `# escape=`` `, `# syntax=docker/dockerfile:1`, before anything else.
_DIRECTIVE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(\S*)\s*")


def _heredocs(instruction: str, rest: str) -> list[tuple[str, bool]]:
    """The heredocs an instruction opens, in order: each one's closing word and whether its
    body's leading tabs are stripped. Only `RUN`, `COPY` and `ADD` take heredocs (also
    under `ONBUILD`)."""
    if instruction == "ONBUILD":
        instruction, _, rest = rest.partition(" ")
        instruction = instruction.upper()
    if instruction not in _HEREDOC_INSTRUCTIONS or "<<" not in rest:
        return []
    found = []
    for word in rest.split():
        match = _HEREDOC.fullmatch(word)
        if match is not None:
            found.append((match.group(3), bool(match.group(1))))
    return found


def escape_character(lines: list[str]) -> str:
    """The character that continues a Dockerfile's lines and escapes in its words: a
    backslash, or the backtick its `# escape=`` ` parser directive names (a Windows
    Dockerfile's, where `C:\\app\\` ends a path, not a line). Directives come first: the
    first line that is none (an instruction, a comment, an empty line) ends them."""
    for line in lines:
        directive = _DIRECTIVE.fullmatch(line.strip()) if line.strip() else None
        if directive is None:
            break
        if directive.group(1).lower() == "escape" and directive.group(2) in ("\\", "`"):
            return directive.group(2)
    return "\\"


def _assignments(rest: str) -> dict[str, str]:
    """The `NAME=value` pairs of an `ENV` or `ARG` line (the legacy `ENV NAME value` too),
    each value unquoted."""
    try:
        words = shlex.split(rest, comments=False, posix=True)
    except ValueError:  # an unclosed quote: nothing read rather than a guess
        return {}
    if words and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])} if len(words) > 1 else {}
    matches = [_ASSIGNMENT.match(word) for word in words]
    if not all(matches):
        return {}
    return {m.group(1): m.group(2) for m in matches if m is not None}
