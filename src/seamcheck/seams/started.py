"""The files the deployment starts by name: those a Dockerfile's `CMD` or `ENTRYPOINT` (its
final stage's), a compose service's `command:` or `entrypoint:` (with its image's, which they
override), a `Procfile` line or a package.json `start` or `serve` script names
(`startcommand.py` reads the command lines). An app in an `examples/` folder that the root
Dockerfile runs with `uvicorn examples.main:app` is deployed, whatever its folder says.

A command that runs a shell script (`ENTRYPOINT ["./docker-entrypoint.sh"]`, `sh start.sh`)
starts what the script's lines start (`exec uvicorn examples.main:app`), one level deep; a
path in the image is also each file of the build context the final stage's `COPY` lines may
have put there (`COPY examples/ /app/`, then `uvicorn main:app` in `/app`). Both are read
loosely on purpose: an example wrongly counted as started lends its routes to its service (at
worst a missed SC104), one wrongly left out can make a call it serves a false SC104.

Only the text is read, never run. Each path comes with the folder it is read from: the
compose build context, else the folder of the file that holds the command."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from seamcheck.dockerfile import StartCommand, image_environment, start_command
from seamcheck.project import ComposeService, Project, is_dockerfile
from seamcheck.records import dataclass
from seamcheck.seams.dotenv import compose_command, compose_variables
from seamcheck.seams.manifests import dockerfile_text, read_text
from seamcheck.startcommand import (
    Process,
    port_of,
    processes,
    script_processes,
    script_started,
    shell_words,
    started_paths,
    started_scripts,
)

_SCRIPTS = ("start", "serve")  # what `npm start` and a host's `npm run serve` run


@dataclass(frozen=True, slots=True)
class ContainerRun:
    """What a compose service's container runs, as far as the ports it listens on go: the
    programs its start command runs (`processes`, each with the file it is written in: the
    compose file or the Dockerfile, a script it runs, the package.json whose script `npm
    start` runs), why some of what it runs is not known (`unread`, "" when all is), and its
    image's `EXPOSE` (none when compose runs another command) in `dockerfile`."""

    entry: ComposeService
    processes: tuple[tuple[Process, str], ...]
    unread: str
    exposed: tuple[int, ...]
    dockerfile: str

    def environment(self) -> CommandEnvironment:
        """What its start command sets in the environment of what it runs."""
        return command_environment(self.processes)


# What a start command sets in the environment of the programs it runs (over compose's
# `environment:` and the image's `ENV`): variable -> (value as written, the file that sets
# it), or None where they are given different values, or one is given none; and what may
# set any variable ("" when nothing does: `Process.sourced`).
CommandEnvironment = tuple[dict[str, tuple[str, str] | None], str]


def command_environment(found: Sequence[tuple[Process, str]]) -> CommandEnvironment:
    """`CommandEnvironment` of the processes a start command runs, each with the file that
    writes it (`ContainerRun.processes`): those that run a program only (`Process.runs`: not
    `alembic upgrade head`, whose environment no server reads)."""
    running = [(dict(process.env), process.unsure, file) for process, file in found if process.runs]
    values: dict[str, tuple[str, str] | None] = {}
    for env, unsure, file in running:
        for name, value in env.items():
            # Set in a branch (`Process.unsure`): it may hold what it held before.
            if name not in unsure and all(other.get(name) == value for other, _, _ in running):
                values.setdefault(name, (value, file))
            else:
                values[name] = None
    sourced = next((p.sourced for p, _ in found if p.runs and p.sourced), "")
    return values, sourced


class StartCommands:
    """The deployment's start commands, for each reader: the files they start, the ports
    they give, the compose services that stand in for outside APIs, what each container
    runs. One per analysis: each Dockerfile and each script it runs is read once for all."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._images = _Images(project)
        self._sources = {file.path for file in project.files}
        self._container_runs: tuple[ContainerRun, ...] | None = None

    def starts(self, wanted: Callable[[str, str], bool]) -> Iterator[tuple[str, str]]:
        """(folder, path) for each file a start command names, `path` as the command writes
        it (joined to the folder it runs in where it says one: `/app/examples/main.py`).
        Only the commands of the files `wanted(file, folder)` accepts are read: a caller
        that looks for some files only need not read the others."""
        images = self._images
        for _, folder, run in _runs(self.project, images, wanted):
            for path in images.started(run):
                yield folder, path

    def ports(
        self, container: Callable[[ComposeService], Mapping[str, str | None]]
    ) -> Iterator[tuple[ComposeService | str, tuple[str, ...], int, str]]:
        """(where, started, port, how) for each TCP port a start command tells its server
        to listen on (`uvicorn app:app --port 8000`, in a script it runs too) or its image's
        `EXPOSE` names: `where` is the compose service that runs it, else the file that holds
        the command; `started`, the repository's source files the command starts
        (`server/main.py` of `uvicorn server.main:app`), which tell whose server it is better
        than where the command is written. A Dockerfile a compose service builds is read as
        that service runs it: its `command:` may start the server on another port than the
        image's `CMD` does. A port written with a variable (`--port $PORT`) is read in the
        environment the command starts in: what `container` says a compose service's
        container is given, a Dockerfile's own `ENV`, none for a Procfile or an npm script
        (the platform running it sets what it does)."""
        images = self._images
        built = {entry.dockerfile for entry in self.project.compose}
        for where, folder, run in _runs(self.project, images, lambda file, _: file not in built):
            file = where.file if isinstance(where, ComposeService) else where
            if isinstance(where, ComposeService):
                variables = container(where)
            else:
                variables = images.environment(run.image_file)
            ports = [
                (port, f"its start command listens on {port} ({file})")
                for port in images.ports(run, variables)
            ]
            exposed = run.image_file or file
            ports += [(port, f"its image exposes {port} ({exposed})") for port in run.image.exposed]
            if ports:
                started = tuple(dict.fromkeys(_in(folder, images.started(run), self._sources)))
                for port, how in ports:
                    yield where, started, port, how

    def stubs(self, undeployed: Container[str]) -> Iterator[tuple[ComposeService, tuple[str, ...]]]:
        """The compose services that run test or example code only (`command: uvicorn
        tests.mocks.llm:app`, a stand-in for an API outside the repository), with the files
        they start: built from a service's folder, they are not that service."""
        images = self._images
        files = {entry.file for entry in self.project.compose}
        for where, folder, run in _runs(self.project, images, lambda file, _: file in files):
            if isinstance(where, ComposeService):
                started = tuple(dict.fromkeys(_in(folder, images.started(run), self._sources)))
                if started and all(path in undeployed for path in started):
                    yield where, started

    def container_runs(self) -> tuple[ContainerRun, ...]:
        """What each compose service's container runs (`ContainerRun`), read once: the
        environment and the wrong-port check both ask."""
        if self._container_runs is None:
            self._container_runs = tuple(self._container_run(e) for e in self.project.compose)
        return self._container_runs

    def _container_run(self, entry: ComposeService) -> ContainerRun:
        images = self._images
        run = _compose_run(entry, images)
        own = entry.command is not None or entry.entrypoint is not None
        file = entry.file if own else run.image_file
        found, unread = images.processes(run, file, self._sources)
        return ContainerRun(entry, found, unread, run.image.exposed, run.image_file)

    def dockerfile_environment(self, dockerfile: str) -> CommandEnvironment:
        """What the start command of a Dockerfile the walk found (its final stage's `CMD`
        and `ENTRYPOINT`, the scripts they run) sets in the environment of what it runs."""
        images = self._images
        found: list[tuple[Process, str]] = []
        for run in _dockerfile_runs(dockerfile, images):
            found.extend(images.processes(run, dockerfile, self._sources)[0])
        return command_environment(found)


def _in(folder: str, paths: Iterable[str], sources: Container[str]) -> Iterator[str]:
    """The source files among `paths`, each read from `folder` (a path in the image, none)."""
    for path in paths:
        if not path.startswith("/"):
            rel = posixpath.normpath(posixpath.join(folder, path))
            if rel in sources:
                yield rel


@dataclass(frozen=True, slots=True)
class _Run:
    """A start command: the words it runs in `folder` of `image` (its `COPY` lines, its
    `EXPOSE`), built from `context`; `image_file` is the Dockerfile, "" when none."""

    image: StartCommand
    words: str | tuple[str, ...]
    folder: str
    context: str
    image_file: str = ""


def _runs(
    project: Project, images: _Images, wanted: Callable[[str, str], bool]
) -> Iterator[tuple[ComposeService | str, str, _Run]]:
    """(where, folder, run) for each start command of the deployment: compose services',
    then those of the Dockerfiles, Procfiles and package.json files the walk found, `where`
    the compose service or the file, `folder` the one it is read from (the compose build
    context, else the file's)."""
    for entry in project.compose:
        folder = entry.build_context or posixpath.dirname(entry.file) or "."
        if wanted(entry.file, folder):
            yield entry, folder, _compose_run(entry, images)
    for rel in project.other_files:
        folder, _, name = rel.rpartition("/")
        folder = folder or "."
        reader = _reader(name)
        if reader is not None and wanted(rel, folder):
            for run in reader(rel, images):
                yield rel, folder, run


def _reader(name: str) -> Callable[[str, _Images], Iterator[_Run]] | None:
    if is_dockerfile(name):
        return _dockerfile_runs
    if name == "Procfile":
        return _procfile_runs
    if name == "package.json":
        return _script_runs
    return None


class _Images:
    """The start command of each Dockerfile the walk found (none for one it did not, which
    the cache would not watch), read once, and what the commands run: the files they name,
    those a script they run names, each mapped back through the image's `COPY` lines."""

    def __init__(self, project: Project) -> None:
        from seamcheck.inputs import content_matters  # inputs imports the seams' readers

        self.project = project
        self._read: dict[str, StartCommand] = {}
        self._scripts: dict[tuple[str, str], tuple[str, ...]] = {}
        self._interpolations: dict[str, dict[str, str]] = {}
        self._script_runs: dict[tuple[str, str, Process | None], tuple[Process, ...]] = {}
        self._listed = frozenset(project.other_files)
        self._content_matters = content_matters

    def compose_variables(self, compose_file: str) -> Mapping[str, str]:
        """What compose interpolates the file's values with (`dotenv.compose_variables`)."""
        if compose_file not in self._interpolations:
            self._interpolations[compose_file] = compose_variables(self.project, compose_file)
        return self._interpolations[compose_file]

    def environment(self, rel: str) -> Mapping[str, str | None]:
        """What the final stage of the Dockerfile `rel` sets with `ENV` ({} for "": no
        Dockerfile)."""
        text = dockerfile_text(self.project, rel) if rel else None
        return {} if text is None else image_environment(text)

    def command(self, rel: str) -> StartCommand:
        if rel not in self._read:
            text = dockerfile_text(self.project, rel)
            self._read[rel] = StartCommand() if text is None else start_command(text)
        return self._read[rel]

    def started(self, run: _Run) -> Iterator[str]:
        """The files `run` starts: those the command names and those the script it runs
        names (`ENTRYPOINT ["./docker-entrypoint.sh"]` ending `exec uvicorn
        examples.main:app`), each as written and, for a path in the image, as each file of
        the context it may have been copied from (`COPY examples/ /app/`)."""
        # Split once: both readers walk the same words.
        words = _split(run.words)
        paths = list(started_paths(words, run.folder))
        for script in self._scripts_run(run, words):
            paths += self._script_started(script, run.folder)
        for path in dict.fromkeys(paths):
            yield path
            if path.startswith("/"):
                yield from run.image.sources(path)

    def ports(self, run: _Run, variables: Mapping[str, str | None]) -> tuple[int, ...]:
        """The ports the command tells its servers to listen on, or the script it runs, or
        the package.json script `npm start` runs; a port written with a variable
        (`--port $PORT`) read in `variables`, the environment the command starts in (where
        its default, `${PORT:-8000}`, counts: the code's default counts there too)."""
        words = _split(run.words)
        found, _ = self._run_processes(run, run.image_file, words)
        ports: list[int] = []
        for process, _ in found:
            if process.kind != "server":
                continue
            ports.extend(process.ports)
            if not process.sourced:
                read = (port_of(word, variables) for word in process.port_words)
                ports.extend(port for port in read if port is not None)
        return tuple(dict.fromkeys(ports))

    def processes(
        self, run: _Run, file: str, sources: Container[str]
    ) -> tuple[tuple[tuple[Process, str], ...], str]:
        """The programs `run`, written in `file`, starts, each with the file it is written
        in (`ContainerRun.processes`), and why some of them are not known ("" when all
        are): a command not written, a script not in the repository, a Python program whose
        code is not here (`python -m http.server`), a program seamcheck does not read."""
        words = _split(run.words)
        if not words:
            return (), "what it runs is not written in the repository"
        found, missing = self._run_processes(run, file, words)
        if missing:
            return (), f"it runs {missing}, which is not in the repository"
        for process, _ in found:
            if process.kind in ("other", "script", "package"):
                return tuple(found), f"it runs {process.path or process.name}"
            if process.kind == "program" and not self._here(process, run, sources):
                return tuple(found), f"it runs {process.name} on code not in the repository"
        return tuple(found), ""

    def _run_processes(
        self, run: _Run, file: str, words: list[str]
    ) -> tuple[list[tuple[Process, str]], str]:
        """The programs `run` (its `words`), written in `file`, starts, each with the file it
        is written in, and the first script it runs that is not in the repository ("" when
        none is: what it runs is then not all read)."""
        own = processes(words, run.folder, shell=isinstance(run.words, str))
        found = list(self._expanded(own, run, file, 0))
        scripts = {p.path: p for p in own if p.kind == "script"}  # and what runs each
        for script in started_scripts(words, run.folder):
            rel = self._script(script, run.image, run.context)
            if not rel:
                return found, script
            read = self._script_processes(rel, run.folder, scripts.get(script))
            # `exec "$@"` runs the command the script is given (the image's `CMD` after its
            # `ENTRYPOINT`) in the environment the script made.
            given = next((p for p in read if p.kind == "quiet" and p.runs), None)
            if given is not None:
                found = [(p.given(given), f) for p, f in found]
            found.extend(self._expanded(read, run, rel, 1))
        return found, ""

    def _script_processes(
        self, rel: str, folder: str, inherited: Process | None
    ) -> tuple[Process, ...]:
        # Read once: each compose service and each Procfile line may run the same script.
        key = (rel, folder, inherited)
        if key not in self._script_runs:
            text = read_text(self.project, rel)
            self._script_runs[key] = script_processes(text, folder, inherited)
        return self._script_runs[key]

    def _expanded(
        self, found: Iterable[Process], run: _Run, file: str, depth: int
    ) -> Iterator[tuple[Process, str]]:
        """`found`, written in `file`, each package.json script `npm start` runs read in its
        place (one level: a script that runs another stays a `package` process, not known).
        The shell scripts the start command itself runs are read by `processes`, through
        `started_scripts`; one a script runs is not (one level)."""
        for process in found:
            if process.kind == "script" and depth == 0:
                continue
            found_script = None
            if process.kind == "package" and depth == 0:
                found_script = self._package_script(run.context, process.path)
            if found_script is None:
                yield process, file
                continue
            rel, text = found_script
            yield from self._expanded(processes(text, run.folder, process), run, rel, depth + 1)

    def _package_script(self, context: str, name: str) -> tuple[str, str] | None:
        """The package.json of the build context and its script `name` (what `npm start`
        runs in the image built from it); None when there is none."""
        rel = posixpath.normpath(posixpath.join(context, "package.json"))
        if not name or rel not in self._listed:
            return None
        try:
            manifest = json.loads(read_text(self.project, rel) or "{}")
        except (ValueError, RecursionError):
            return None
        scripts = manifest.get("scripts") if isinstance(manifest, dict) else None
        script = scripts.get(name) if isinstance(scripts, dict) else None
        return (rel, script) if isinstance(script, str) else None

    def _here(self, process: Process, run: _Run, sources: Container[str]) -> bool:
        """Whether a Python program's files are the repository's (through the image's `COPY`
        lines for a path in the image). A Node.js program's are taken to be: its image runs
        what the build made of them (`node dist/server.js`)."""
        if not any(path.endswith(".py") for path in process.started):
            return True
        paths: list[str] = []
        for path in process.started:
            paths.append(path)
            if path.startswith("/"):
                paths.extend(run.image.sources(path))
        return any(True for _ in _in(run.context, paths, sources))

    def _scripts_run(self, run: _Run, words: list[str]) -> Iterator[str]:
        """The context's files that are the scripts `words` run."""
        for script in started_scripts(words, run.folder):
            found = self._script(script, run.image, run.context)
            if found:
                yield found

    def _script_started(self, rel: str, folder: str) -> tuple[str, ...]:
        # Read once: a Procfile of thousands of lines may run the same large script.
        if (rel, folder) not in self._scripts:
            self._scripts[rel, folder] = script_started(read_text(self.project, rel), folder)
        return self._scripts[rel, folder]

    def _script(self, script: str, image: StartCommand, context: str) -> str:
        """The context's file a command's script is: the one copied to where it runs (`COPY
        docker-entrypoint.sh /usr/local/bin/`), else the one its path ends with. Only a
        file whose content the cache watches (`inputs.content_matters`: `*.sh`,
        `docker-entrypoint`) counts; none found, "" (it names nothing)."""
        written = script.lstrip("/")
        parts = written.split("/")
        candidates = (
            *(image.sources(script) if script.startswith("/") else ()),
            *("/".join(parts[at:]) for at in range(len(parts))),
        )
        for candidate in candidates:
            rel = posixpath.normpath(posixpath.join(context, candidate))
            if rel in self._listed and self._content_matters(rel):
                return rel
        return ""


def _dockerfile_runs(rel: str, images: _Images) -> Iterator[_Run]:
    image = images.command(rel)
    yield _Run(image, image.words, image.workdir, _folder(rel), rel)


def _folder(rel: str) -> str:
    return rel.rpartition("/")[0] or "."


def _split(words: str | Sequence[str]) -> list[str]:
    return shell_words(words) if isinstance(words, str) else list(words)


def _compose_run(entry: ComposeService, images: _Images) -> _Run:
    """What a compose service runs: its `entrypoint:` or its image's, given its `command:`
    (an entrypoint of its own drops the image's `CMD`, as compose does), or its image's.
    The image's `EXPOSE` is of the server its own command starts: one compose runs
    instead (`command: python -m worker.main` of the API's image) listens where it says."""
    image = StartCommand() if entry.dockerfile is None else images.command(entry.dockerfile)
    if entry.entrypoint is not None or entry.command is not None:
        known = images.compose_variables(entry.file)
        entrypoint = image.entrypoint
        if entry.entrypoint is not None:
            entrypoint = _words(compose_command(entry.entrypoint, known))
        command = () if entry.command is None else _words(compose_command(entry.command, known))
        image = replace(image, entrypoint=entrypoint, command=command, exposed=())
    folder = entry.working_dir if "$" not in entry.working_dir else ""
    context = entry.build_context or _folder(entry.file)
    return _Run(image, image.words, folder or image.workdir, context, entry.dockerfile or "")


def _words(written: str | tuple[str, ...]) -> tuple[str, ...]:
    """A compose `command:` or `entrypoint:` as its words: compose splits a string itself,
    with no shell (`sh -c '... $$PORT'` gives the `sh` the line with its `$PORT`)."""
    return tuple(shell_words(written, shell=False)) if isinstance(written, str) else written


def _procfile_runs(rel: str, images: _Images) -> Iterator[_Run]:
    """`web: uvicorn examples.api:app --port $PORT`: every process type's command."""
    for line in read_text(images.project, rel).splitlines():
        kind, colon, command = line.partition(":")
        if colon and kind.strip() and not kind.lstrip().startswith("#"):
            yield _Run(StartCommand(), command.strip(), "", _folder(rel))


def _script_runs(rel: str, images: _Images) -> Iterator[_Run]:
    try:
        manifest = json.loads(read_text(images.project, rel) or "{}")
    except (ValueError, RecursionError):
        return
    scripts = manifest.get("scripts") if isinstance(manifest, dict) else None
    if not isinstance(scripts, dict):
        return
    for name in _SCRIPTS:
        script = scripts.get(name)
        if isinstance(script, str):
            yield _Run(StartCommand(), script, "", _folder(rel))
