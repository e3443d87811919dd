"""The files the deployment starts by name: those a Dockerfile's `CMD` or `ENTRYPOINT` (its
final stage's), a compose service's `command:` or `entrypoint:` (with its image's, which they
override), a `Procfile` line or a package.json `start` or `serve` script names
(`startcommand.py` reads the command lines). An app in an `examples/` folder that the root
Dockerfile runs with `uvicorn examples.main:app` is deployed, whatever its folder says.

Only the text is read, never run. Each path comes with the folder it is read from: the
compose build context, else the folder of the file that holds the command."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterator

from seamcheck.dockerfile import StartCommand, start_command
from seamcheck.project import ComposeService, Project, is_dockerfile
from seamcheck.seams.manifests import read_text
from seamcheck.startcommand import shell_words, started_paths

_SCRIPTS = ("start", "serve")  # what `npm start` and a host's `npm run serve` run


def deployment_starts(
    project: Project, wanted: Callable[[str, str], bool]
) -> Iterator[tuple[str, str]]:
    """(folder, path) for each file a start command names, `path` as the command writes it
    (joined to the folder it runs in where it says one: `/app/examples/main.py`). Only the
    commands of the files `wanted(file, folder)` accepts are read: a caller that looks for
    some files only need not read the others."""
    images = _Images(project)
    for entry in project.compose:
        folder = entry.build_context or posixpath.dirname(entry.file) or "."
        if wanted(entry.file, folder):
            for path in _compose_started(entry, images):
                yield folder, path
    for rel in project.other_files:
        folder, _, name = rel.rpartition("/")
        folder = folder or "."
        reader = _reader(name)
        if reader is not None and wanted(rel, folder):
            for path in reader(rel, images):
                yield folder, path


def _reader(name: str) -> Callable[[str, _Images], Iterator[str]] | None:
    if is_dockerfile(name):
        return _dockerfile_started
    if name == "Procfile":
        return _procfile_started
    if name == "package.json":
        return _scripts_started
    return None


class _Images:
    """The start command of each Dockerfile the walk found (none for one it did not, which
    the cache would not watch), read once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._read: dict[str, StartCommand] = {}
        self._listed: frozenset[str] | None = None

    def command(self, rel: str) -> StartCommand:
        if rel not in self._read:
            if self._listed is None:
                self._listed = frozenset(self.project.other_files)
            known = rel in self._listed and is_dockerfile(rel.rpartition("/")[2])
            self._read[rel] = (
                start_command(read_text(self.project, rel)) if known else StartCommand()
            )
        return self._read[rel]


def _dockerfile_started(rel: str, images: _Images) -> Iterator[str]:
    image = images.command(rel)
    yield from started_paths(image.words, image.workdir)


def _compose_started(entry: ComposeService, images: _Images) -> Iterator[str]:
    """What a compose service runs: its `entrypoint:` or its image's, given its `command:`
    (an entrypoint of its own drops the image's `CMD`, as compose does), or its image's."""
    image = StartCommand() if entry.dockerfile is None else images.command(entry.dockerfile)
    if entry.entrypoint is not None or entry.command is not None:
        entrypoint = image.entrypoint if entry.entrypoint is None else _words(entry.entrypoint)
        command = () if entry.command is None else _words(entry.command)
        image = StartCommand(entrypoint, command, image.workdir)
    folder = entry.working_dir if "$" not in entry.working_dir else ""
    yield from started_paths(image.words, folder or image.workdir)


def _words(written: str | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(shell_words(written)) if isinstance(written, str) else written


def _procfile_started(rel: str, images: _Images) -> Iterator[str]:
    """`web: uvicorn examples.api:app --port $PORT`: every process type's command."""
    for line in read_text(images.project, rel).splitlines():
        kind, colon, command = line.partition(":")
        if colon and kind.strip() and not kind.lstrip().startswith("#"):
            yield from started_paths(command.strip())


def _scripts_started(rel: str, images: _Images) -> Iterator[str]:
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
            yield from started_paths(script)
