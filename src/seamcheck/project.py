"""Discovery: which files make up the repository and which service owns each of them.

Walks the tree honouring .gitignore files and default excludes, never follows a symlink out of
the root, detects services from manifests, compose files and workspaces, and applies the
`[services]` table of the config. Reads manifests; never imports or runs anything.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import posixpath
import re
import stat
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from seamcheck.config import Config, ConfigError, ServiceConfig, tomllib, what_stands_at
from seamcheck.dockerfile import final_image
from seamcheck.extract import language_for
from seamcheck.extract.components import is_component
from seamcheck.records import dataclass

if TYPE_CHECKING:
    import pathspec

# Directory names that never hold first-party sources worth analysing.
EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "__pycache__",
        ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
        ".seamcheck_cache", "site-packages", ".eggs", "build", "dist", ".next", ".nuxt",
        ".svelte-kit", ".turbo", ".parcel-cache", "coverage", "htmlcov", ".idea", ".vscode",
        "vendor", "vendored", "third_party", "__generated__", "generated",
    }
)  # fmt: skip
# A folder named as a template expression (`{{ cookiecutter.repo_name }}`, copier's
# `{{ project_name }}`, `{% if ... %}`) is a project template: its code is rendered into
# another repository, imports the template's variables rather than this tree's modules, and
# would be one more service whose imports of the tool that ships it are all SC101.
TEMPLATE_MARKS = ("{{", "{%")
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py", ".min.js", ".min.mjs", ".min.cjs")
PYTHON_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile")
# Files the seam analysis reads besides sources: env files, proxy configs, protobuf
# definitions, Kubernetes manifests (Dapr app ids).
# `.conf.template`: the nginx image renders `/etc/nginx/templates/*.template` at start-up.
SEAM_CONFIG_SUFFIXES = (".env", ".conf", ".conf.template", ".proto", ".yaml", ".yml")
TS_CONFIG_FILES = frozenset({"tsconfig.json", "jsconfig.json"})
# The names `docker compose` reads without being told.
COMPOSE_FILES = frozenset(
    {"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"}
)
# Any compose file: those, and those a command names with `-f` (`docker-compose.prod.yml`,
# `compose.dev.yaml`, `docker-compose-staging.yml`, `docker-compose_gpu.yaml`).
_COMPOSE_NAME = re.compile(r"(?:docker-)?compose(?:[.\-_](?P<qualifier>[^/]*))?\.ya?ml")
# Words of a compose file's name (`docker-compose.test.yml`, `compose.ci.yaml`,
# `docker-compose.example.yml`) that say it runs tests or shows an example: it is no
# deployment of the repository. Read as one, its mocks and test databases were where the
# services' calls land (a call to MODEL_URL was "set to different values", one of them a
# mock's: SC107 instead of a link) and its test runner made the service's port not known.
_NOT_DEPLOYED = frozenset(
    {
        "test", "tests", "testing", "ci", "e2e", "integration", "example", "examples",
        "sample", "samples", "template", "tmpl",
    }
)  # fmt: skip
# What `docker compose up` merges over the compose file beside them without being told.
COMPOSE_OVERRIDE_FILES = frozenset(
    {
        "docker-compose.override.yml",
        "docker-compose.override.yaml",
        "compose.override.yml",
        "compose.override.yaml",
    }
)
# Images that serve files: a compose service built into one of them is a static site.
_STATIC_SERVERS = frozenset(
    {"nginx", "nginxinc/nginx-unprivileged", "bitnami/nginx", "httpd", "caddy"}
)
_MAX_DOCKERFILE_SIZE = 512_000


def builds_sveltekit_server(dependencies: Iterable[str]) -> bool:
    """Whether a SvelteKit app runs as a server of its own (its pages rendered there, its
    `+server` endpoints and server `load` functions run there): built with a server adapter
    (`adapter-node`, `adapter-auto`, a host's), not the static one, which prerenders the app
    to files a browser loads, as Open WebUI ships. With no adapter named, or both, it stays
    a browser app, as it was read before SvelteKit servers were."""
    deps = set(dependencies)
    if "@sveltejs/kit" not in deps or _STATIC_ADAPTER in deps:
        return False
    return any(d.startswith("@sveltejs/adapter-") or d in _SERVER_ADAPTERS for d in deps)


_STATIC_ADAPTER = "@sveltejs/adapter-static"
# Community adapters that build a server (the official ones are `@sveltejs/adapter-*`).
_SERVER_ADAPTERS = frozenset({"svelte-adapter-bun", "svelte-adapter-deno", "svelte-kit-sst"})


BROWSER_FRAMEWORKS = frozenset(
    {
        "react",
        "react-dom",
        "vue",
        "svelte",
        "@angular/core",
        "angular",
        "vite",
        "preact",
        "solid-js",
    }
)
SERVER_FRAMEWORKS = frozenset(
    {
        "express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "hapi", "restify", "next",
        "nuxt", "@remix-run/node", "hono", "@adonisjs/core", "sails", "polka", "micro",
    }
)  # fmt: skip
PYTHON_FRAMEWORKS = frozenset(
    {
        "fastapi", "flask", "django", "starlette", "aiohttp", "tornado", "sanic", "litestar",
        "falcon", "bottle", "pyramid", "quart", "grpcio", "celery", "uvicorn", "gunicorn",
    }
)  # fmt: skip
LIBRARY_FOLDERS = frozenset({"packages", "libs", "lib", "shared", "common"})
# Nx executors (`targets.*.executor` of a project.json) by what they build or run: a browser
# bundle, or a server. An Nx project has no package.json of its own (the workspace's root one
# declares every dependency), so these tell a front end from a back end.
NX_BROWSER_EXECUTORS = (
    "@nx/angular:", "@nrwl/angular:", "@angular-devkit/build-angular:", "@angular/build:",
    "@nx/vite:build", "@nx/vite:dev-server", "@nx/vite:preview-server", "@nrwl/vite:build",
    "@nrwl/vite:dev-server", "@nx/web:", "@nrwl/web:",
)  # fmt: skip
NX_SERVER_EXECUTORS = ("@nx/node:", "@nrwl/node:", "@nx/js:node", "@nrwl/js:node")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    root: str  # repo-relative POSIX path; "." for the repository root
    language: str  # python | javascript | typescript
    tags: tuple[str, ...] = ()
    manifest: str | None = None
    package_name: str | None = None
    dependencies: tuple[str, ...] = ()  # declared in the manifest, normalised names
    origin: str = "detected"  # detected | config | root
    hosts: tuple[str, ...] = ()  # configured host names that reach this service
    # Configured folders (repo-relative) its code runs with on `sys.path` (`resolve/roots.py`)
    source_roots: tuple[str, ...] = ()

    @property
    def runtime(self) -> str:
        return "python" if self.language == "python" else "node"

    @property
    def frameworks(self) -> tuple[str, ...]:
        known = (
            PYTHON_FRAMEWORKS
            if self.runtime == "python"
            else (SERVER_FRAMEWORKS | BROWSER_FRAMEWORKS)
        )
        return tuple(sorted(d for d in self.dependencies if d in known))


_TEST_FOLDERS = frozenset({"test", "tests", "__tests__", "spec", "e2e"})
_DOCS_FOLDERS = frozenset({"doc", "docs", "documentation"})
_DOCS_BUILDERS = frozenset({"sphinx", "mkdocs"})  # normalised distribution names
# What a docs build may name instead, pulling Sphinx in: MyST's parsers; and themes and
# extensions named after their builder (`pydata-sphinx-theme`, `sphinxcontrib-mermaid`,
# `mkdocs-material`), whose names hold it as a word (`_builds_docs`).
_DOCS_PLUGINS = frozenset({"myst-parser", "myst-nb"})
_TEST_FILE = re.compile(r"(test_.*\.py|.*_test\.py|conftest\.py|.*\.(test|spec)\.[cm]?[jt]sx?)")


def is_compose_file(name: str) -> bool:
    """Whether a file name is a compose file's, as discovery reads them: `docker-compose.yml`,
    `compose.yaml` and those a command names with `-f` (`docker-compose.prod.yml`,
    `compose.production.yaml`); not an override file, which `docker compose` merges over the
    file beside it (`docker-compose.override.yml`: `COMPOSE_OVERRIDE_FILES`), nor one whose
    name says it runs tests or is an example (`docker-compose.test.yml`, `compose.ci.yaml`,
    `docker-compose.example.yml`: `_NOT_DEPLOYED`)."""
    match = _COMPOSE_NAME.fullmatch(name)
    if match is None or name in COMPOSE_OVERRIDE_FILES:
        return False
    words = re.split(r"[.\-_]", (match.group("qualifier") or "").lower())
    return _NOT_DEPLOYED.isdisjoint(words)


def _unasked_first(rel: str) -> tuple[bool, str]:
    """Compose files in the order they are read: those `docker compose` reads unasked
    (`COMPOSE_FILES`) before those a command names with `-f`, so that where a
    `docker-compose.prod.yml` and the `docker-compose.yml` beside it disagree (which folder
    a compose name builds, where a finding shows a service), `docker-compose.yml` wins."""
    return (rel.rpartition("/")[2] not in COMPOSE_FILES, rel)


def is_dockerfile(name: str) -> bool:
    """Whether a file name is a Dockerfile's, as the seams read them (`Dockerfile`,
    `Dockerfile.prod`, `web.Dockerfile`): those whose content the cache tracks."""
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


def is_test_file(path: str) -> bool:
    """Test code (`tests/`, `test_*.py`, `conftest.py`, `*.test.ts`, `__tests__/`, ...): it
    runs under a test runner, never in the deployed service."""
    *folders, name = path.split("/")
    return bool(_TEST_FOLDERS.intersection(folders)) or is_test_name(name)


def is_test_name(name: str) -> bool:
    """Whether a file's own name says it is test code (`test_x.py`, `conftest.py`,
    `x.test.ts`), whatever folder holds it."""
    return _TEST_FILE.fullmatch(name) is not None


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    language: str
    service: str
    size: int


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ComposeService:
    """One service of a compose file, as far as seams and the edge care."""

    name: str
    file: str
    build_context: str | None  # repo-relative
    # Repo-relative folder of its `build.dockerfile`, when one is named (a monorepo builds
    # each image from the root: `context: .`, `dockerfile: apps/web/Dockerfile`).
    dockerfile_folder: str | None = None
    # Repo-relative path of the Dockerfile that builds its image (`Dockerfile` in the build
    # context unless `build.dockerfile` names another); None when it builds none.
    dockerfile: str | None = None
    published_ports: tuple[str, ...] = ()
    exposed_ports: tuple[str, ...] = ()
    # (variable, value as written); one given no value (`- NAME`, `NAME:`) is `${NAME}`:
    # compose passes the shell's NAME (or the `.env`'s) on, as it interpolates `${NAME}`.
    environment: tuple[tuple[str, str], ...] = ()
    hostnames: tuple[str, ...] = ()  # hostname, container_name, network aliases
    mounts: tuple[str, ...] = ()  # repo-relative files and folders bind-mounted into it
    # its `env_file` entries in order, repo-relative (one outside the repository as written)
    env_files: tuple[str, ...] = ()
    # (line, column), 1-based, of its name in the compose file and of its `ports:` key;
    # (0, 0) when unknown or, for ports, when it publishes none.
    declared_at: tuple[int, int] = (0, 0)
    ports_at: tuple[int, int] = (0, 0)
    # Its `entrypoint:` and `command:`, overriding its image's: a string is a shell command
    # line, a list the words as written (`startcommand.py` reads both); None when not given.
    entrypoint: str | tuple[str, ...] | None = None
    command: str | tuple[str, ...] | None = None
    working_dir: str = ""
    image: str = ""  # its `image:` as written
    # Its `network_mode:` (`service:api` shares api's network: its ports are api's too).
    network_mode: str = ""
    extends: str = ""  # the service its `extends:` names ("" when none)
    # The Dockerfile stage its `build.target` names ("" when none): it runs that stage's
    # command, not the final stage's.
    build_target: str = ""
    # Its `build.args` (variable, value as written; one given no value is `${NAME}`, as in
    # `environment`): the values of the Dockerfile's `ARG`s its image is built with.
    build_args: tuple[tuple[str, str], ...] = ()
    # The override file beside its compose file that names it too (compose merges
    # `docker-compose.override.yml` in unasked; "" when none names it).
    overridden_by: str = ""
    # The compose file whose service of its name `file` changes (it writes neither
    # `build:` nor `image:`) and is merged over (`docker-compose.yml` under
    # `docker-compose.gpu.yml`; "" for a service written whole): what the overlay does not
    # write (the command, a port) is written there.
    merged_over: str = ""


@dataclass(slots=True)
class Project:
    root: Path
    services: tuple[Service, ...]
    files: tuple[SourceFile, ...]
    compose: tuple[ComposeService, ...] = ()
    workspace_packages: dict[str, str] = field(default_factory=dict)
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    config_files: tuple[str, ...] = ()  # SEAM_CONFIG_SUFFIXES and `.env.*` files, sorted
    # Every other file the walk saw (manifests, tsconfig, assets): what a run depends on
    # besides its sources, for the cache (`inputs.py`).
    other_files: tuple[str, ...] = ()
    # Every folder the walk listed ("" for the root), every .gitignore it read and every
    # symlink it met: what decided which files the project has (`unchanged.py` watches them).
    walked: tuple[str, ...] = ()
    # The folders whose entries the walk listed, and every entry of them it did not make a
    # file or folder of the project (ignored, excluded, a symlink to a folder, a socket):
    # with the files, all there was in those folders (`inputs.ListedTree`).
    folders: tuple[str, ...] = ()
    unlisted: tuple[str, ...] = ()

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)


# -- walking ---------------------------------------------------------------------------


class _IgnoreRules:
    """gitignore files found on the way down, each applying to paths below its folder."""

    def __init__(self, extra: tuple[str, ...]) -> None:
        self._specs: list[tuple[str, pathspec.PathSpec[Any]]] = []
        if extra:
            self.add("", list(extra))
        self._configured = self._specs[0][1] if extra else None

    def reincluded(self, rel: str) -> bool:
        """Whether the configuration's `exclude` re-includes the folder `rel` with a
        negation (`!web/src/generated/`): then a folder skipped by default is walked."""
        configured = self._configured
        return configured is not None and configured.check_file(rel + "/").include is False

    def add(self, folder: str, lines: list[str]) -> None:
        import pathspec  # only trees with ignore rules pay for loading it

        try:
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        except (ValueError, re.error):
            # git ignores a pattern it cannot parse; so does discovery, keeping the others.
            spec = pathspec.GitIgnoreSpec.from_lines(line for line in lines if _valid_pattern(line))
        self._specs.append((folder, spec))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        candidate = rel + "/" if is_dir else rel
        for folder, spec in self._specs:
            if folder and not rel.startswith(folder + "/"):
                continue
            local = candidate[len(folder) + 1 :] if folder else candidate
            if spec.match_file(local):
                return True
        return False


def _valid_pattern(line: str) -> bool:
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except (ValueError, re.error):
        return False
    return True


def _utf8(name: str) -> bool:
    """Whether a file name decoded from the file system is valid UTF-8 (no escaped bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Folders skipped by default that may hold a tree's only sources: a package as it ships
# (`npm pack @directus/api`: its code in `dist/`), code built or generated into it. Not
# node_modules, virtual environments or caches: those hold someone else's code.
_BUILT_DIRS = frozenset(
    {"build", "dist", "vendor", "vendored", "third_party", "generated", "__generated__"}
)
_MAX_ENTRIES_COUNTED = 100_000  # a note's count, not worth a long walk of a huge tree


def sources_skipped_by_default(
    root: Path, unlisted: Iterable[str]
) -> tuple[list[tuple[str, int]], bool]:
    """Each folder of built, vendored or generated code the walk skipped by default, with
    how many sources in an analysed language it holds (those holding one or more), in path
    order; and whether they were all counted: a walk past `_MAX_ENTRIES_COUNTED` entries
    stops, the last folder's count then the sources seen so far. Asked only when nothing
    else was found to analyse."""
    found: list[tuple[str, int]] = []
    budget = _MAX_ENTRIES_COUNTED
    for rel in sorted(unlisted):
        folder = root / rel
        # A symlinked folder is never entered: it may lead outside the root.
        if rel.rpartition("/")[2] not in _BUILT_DIRS or folder.is_symlink() or not folder.is_dir():
            continue
        count = 0
        for _, subdirs, names in os.walk(folder):
            subdirs[:] = sorted(d for d in subdirs if not _skipped_by_default(d))
            budget -= len(names) + len(subdirs)
            count += sum(1 for name in names if language_for(name) is not None)
            if budget <= 0:
                break
        if count:
            found.append((rel, count))
        if budget <= 0:
            return found, False
    return found, True


def _skipped_by_default(folder: str) -> bool:
    return folder in EXCLUDED_DIRS or any(mark in folder for mark in TEMPLATE_MARKS)


def _walk(
    root: Path,
    config: Config,
    skipped: list[Skipped],
    walked: list[str],
    folders: list[str],
    unlisted: list[str],
) -> Iterator[tuple[str, str | None, int]]:
    """Yield (repo-relative path, language, size) of every regular file worth looking at;
    the size of a file in no analysed language (None) is not looked up (0). Appends to
    `walked` each folder listed, each .gitignore read and each symlink met; to `folders`
    each folder whose entries it went through, and to `unlisted` each of those entries it
    neither yields nor enters."""
    # Plain strings and os calls, not pathlib: this touches every entry of the tree on every
    # run, and a warm run is mostly this walk. A folder's own listing answers whether it holds
    # a .gitignore or a pyvenv.cfg, and the type of each entry, so only source files (whose
    # size decides whether they are analysed) and symlinks are stat'ed.
    rules = _IgnoreRules(config.exclude)
    real_root = root.resolve()
    top = str(root)
    stack = [""]
    while stack:
        folder = stack.pop()
        absolute = os.path.join(top, folder) if folder else top
        walked.append(folder)
        try:
            entries = sorted(os.scandir(absolute), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(folder or ".", f"unreadable directory: {exc.strerror}"))
            continue
        names = {entry.name for entry in entries}
        if folder and "pyvenv.cfg" in names:
            continue  # a virtual environment: installed code, not the project's
        folders.append(folder)
        if ".gitignore" in names:
            _read_gitignore(rules, folder, os.path.join(absolute, ".gitignore"), real_root)
            walked.append(f"{folder}/.gitignore" if folder else ".gitignore")
        subdirs: list[str] = []
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if not _utf8(entry.name):
                # Every report is UTF-8: a name that is not cannot be reported, nor hashed.
                shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                skipped.append(Skipped(shown, "unreadable: file name is not valid UTF-8"))
                unlisted.append(rel)
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    by_default = _skipped_by_default(entry.name) and not rules.reincluded(rel)
                    if not by_default and not rules.ignored(rel, True):
                        subdirs.append(rel)
                    else:
                        unlisted.append(rel)
                    continue
                if entry.is_symlink():
                    # Whatever comes of it, where it leads may change with nothing else in
                    # the tree changing (a dangling link whose target is generated later).
                    walked.append(rel)
                    target = Path(entry.path).resolve()
                    if not target.is_relative_to(real_root) or target.is_dir():
                        # Symlinked folders are skipped: they loop or lead outside the root.
                        unlisted.append(rel)
                        continue
                    info = target.stat()
                    if not stat.S_ISREG(info.st_mode):
                        unlisted.append(rel)
                        continue
                    language, size = language_for(entry.name), info.st_size
                elif not entry.is_file(follow_symlinks=False):
                    unlisted.append(rel)
                    continue  # a socket, a pipe, a device
                else:
                    language = language_for(entry.name)
                    size = 0 if language is None else entry.stat(follow_symlinks=False).st_size
            except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
                unlisted.append(rel)
                continue
            if rules.ignored(rel, False):
                unlisted.append(rel)
            else:
                yield rel, language, size
        stack.extend(reversed(subdirs))


def _read_gitignore(rules: _IgnoreRules, folder: str, path: str, real_root: Path) -> None:
    # A .gitignore symlinked out of the repository is not read: nothing outside is.
    if not os.path.isfile(path) or not Path(os.path.realpath(path)).is_relative_to(real_root):
        return
    with contextlib.suppress(OSError), open(path, encoding="utf-8", errors="replace") as f:
        rules.add(folder, f.read().splitlines())


# -- manifests ---------------------------------------------------------------------------


def normalise_dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# What reading a manifest or compose file can raise. RecursionError: nested too deeply.
_UNREADABLE = (OSError, ValueError, RecursionError)


def _unread_note(rel: str, exc: BaseException) -> str:
    """The note for a file whose declarations are missing from the analysis: where it broke
    and why, on one line."""
    import yaml

    from seamcheck.resolve.jsonc import JsoncError
    from seamcheck.yamlsafe import YamlTooLarge

    if isinstance(exc, UnicodeDecodeError):
        why = "not UTF-8"
    elif isinstance(exc, OSError):
        why = f"unreadable: {exc.strerror or exc}"
    elif isinstance(exc, RecursionError):
        why = "nested too deeply"
    elif isinstance(exc, json.JSONDecodeError):
        why = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    elif isinstance(exc, JsoncError):
        why = f"invalid JSON at line {exc.line}, column {exc.column}: {exc.problem}"
    elif isinstance(exc, tomllib.TOMLDecodeError):
        problem, _, where = str(exc).rpartition(" (")  # "Expected ']' ... (at line 1, column 9)"
        why = f"invalid TOML {where.rstrip(')')}: {problem}" if problem else f"invalid TOML: {exc}"
    elif isinstance(exc, yaml.YAMLError) and not isinstance(exc, YamlTooLarge):
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        why = f"invalid YAML{where}: {getattr(exc, 'problem', None) or _first_line(exc)}"
    else:
        # A value Python will not build (an integer of 5,000 digits): its reason, not the
        # advice that follows it (`; use sys.set_int_max_str_digits()`).
        why = _first_line(exc).split("; ")[0]
    return f"{rel}: ignored: {why}"


def _check_ts_config(path: Path, rel: str, notes: list[str]) -> None:
    """A note when a tsconfig.json or jsconfig.json cannot be read: the resolver then knows
    none of its `paths` aliases, and imports through them go unresolved."""
    from seamcheck.resolve import jsonc

    try:
        data = jsonc.loads(path.read_text("utf-8-sig"))
    except _UNREADABLE as exc:
        notes.append(_unread_note(rel, exc))
    else:
        if not isinstance(data, dict):
            notes.append(f"{rel}: ignored: not a JSON object")


def _first_line(exc: BaseException) -> str:
    return next(iter(str(exc).splitlines()), "") or type(exc).__name__


def _package_json_facts(
    path: Path, rel: str, notes: list[str]
) -> tuple[str | None, tuple[str, ...], list[str]]:
    """(package name, dependency names, workspace globs) of a package.json."""
    from seamcheck.surrogates import cleaned

    try:
        text = path.read_text("utf-8")
        data = cleaned(json.loads(text), text)
    except _UNREADABLE as exc:
        notes.append(_unread_note(rel, exc))
        return None, (), []
    if not isinstance(data, dict):
        return None, (), []
    deps: set[str] = set()
    for key in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
        section = data.get(key)
        if isinstance(section, dict):
            deps.update(k for k in section if isinstance(k, str))
    workspaces = data.get("workspaces")
    if isinstance(workspaces, dict):
        workspaces = workspaces.get("packages")
    globs = [w for w in workspaces if isinstance(w, str)] if isinstance(workspaces, list) else []
    name = data.get("name") if isinstance(data.get("name"), str) else None
    return name, tuple(sorted(deps)), globs


# What a package.json holds when npm could install, run or publish anything from it.
_NODE_PROJECT_KEYS = frozenset(
    {
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
        "scripts",
        "main",
        "module",
        "exports",
        "browser",
        "bin",
        "workspaces",
    }
)


# What a package.json names when npm could publish it, import from it or run a program of
# it, and the scripts that start one: a Node project even inside a Python package.
_NODE_ENTRY_KEYS = frozenset({"main", "module", "exports", "browser", "bin", "workspaces"})
_SERVING_SCRIPTS = frozenset({"start", "serve"})


def _package_json_of_python_package(root: Path, folder: str, names: set[str]) -> bool:
    """Whether the package.json of a folder holding an `__init__.py` belongs to that Python
    package rather than marking a Node service: where it keeps its version (gradio's
    `{"name", "version", "python": "true"}`, read by hatch: none of the keys a Node
    project has), or the private recipe bundling its browser assets (nicegui's
    `elements/aggrid/package.json`: `private`, a rollup `build`, no entry point nor
    server). Taken for a Node service, the first made the whole Python package a
    JavaScript service (its FastAPI routes unread, its ML imports false SC102s), the
    second made each element a service whose import of the package's own static
    scripts was a false SC101."""
    if "__init__.py" not in names:
        return False
    path = (root / folder if folder != "." else root) / "package.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except _UNREADABLE:
        return False  # unreadable: left to `_package_json_facts`, which notes it
    if not isinstance(data, dict):
        return False
    return not _NODE_PROJECT_KEYS & data.keys() or _asset_bundle(data)


def _asset_bundle(data: dict[str, object]) -> bool:
    """Whether a package.json is private, names no entry point and starts no server."""
    scripts = data.get("scripts", {})
    return (
        data.get("private") is True
        and not _NODE_ENTRY_KEYS & data.keys()
        and isinstance(scripts, dict)
        and not _SERVING_SCRIPTS & scripts.keys()
    )


# What a packaging script names: the build back ends that define `setup()`, or the call,
# or how one runs the script that makes it (`exec(open("setup_impl.py").read())`, runpy).
_PACKAGING_SCRIPT = re.compile(r"setuptools|distutils|\bsetup\s*\(|\bexec\s*\(|\brunpy\b")
# Files a distribution's root has and a package's folder does not.
_DISTRIBUTION_FILES = ("readme", "license", "licence", "manifest.in", "copying")


def _setup_py_is_a_module(root: Path, folder: str, names: set[str]) -> bool:
    """Whether a folder's setup.py is a module of the code, not a packaging script: it sits
    beside an `__init__.py` (sanic's `sanic/logging/setup.py`), or neither calls `setup()`
    nor names setuptools or distutils nor runs another script (marimo's `marimo/_mcp/
    setup.py`, in a namespace package, defines `setup_mcp_server`), and no README, LICENSE
    or MANIFEST.in beside it says it is a distribution's root. Taken for a manifest, it made
    its folder a service and the package's imports of its own code SC101 errors."""
    if "setup.py" not in names:
        return False
    if "__init__.py" in names:
        return True
    if any(n.lower().startswith(_DISTRIBUTION_FILES) for n in names):
        return False  # a distribution's root: its setup.py may build it any way it likes
    path = (root / folder if folder != "." else root) / "setup.py"
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            text = handle.read(_SETUP_PY_READ)
    except _UNREADABLE:
        return False  # unreadable: a manifest, as its name says
    return _PACKAGING_SCRIPT.search(text) is None


# A packaging script names setuptools near its top; a module this long that has not is code.
_SETUP_PY_READ = 200_000


def _python_manifest_facts(
    root: Path, folder: str, files: set[str], notes: list[str]
) -> tuple[str | None, tuple[str, ...]]:
    """(project name, dependency names) from pyproject.toml, requirements*.txt, Pipfile."""
    absolute = root / folder if folder != "." else root
    name: str | None = None
    deps: set[str] = set()
    if "pyproject.toml" in files:
        try:
            data = tomllib.loads((absolute / "pyproject.toml").read_text("utf-8"))
        except _UNREADABLE as exc:
            notes.append(_unread_note(_joined(folder, "pyproject.toml"), exc))
            data = {}
        project = data.get("project", {})
        if isinstance(project, dict):
            name = project.get("name") if isinstance(project.get("name"), str) else None
            deps.update(_requirement_names(project.get("dependencies", [])))
        tool = data.get("tool", {})
        poetry = tool.get("poetry", {}) if isinstance(tool, dict) else None
        if isinstance(poetry, dict):
            poetry_name = poetry.get("name")
            name = name or (poetry_name if isinstance(poetry_name, str) else None)
            poetry_deps = poetry.get("dependencies", {})
            if isinstance(poetry_deps, dict):
                deps.update(k for k in poetry_deps if k != "python")
    for file in sorted(files):
        if file.startswith("requirements") and file.endswith(".txt"):
            try:
                lines = (absolute / file).read_text("utf-8", "replace").splitlines()
            except OSError as exc:
                notes.append(_unread_note(_joined(folder, file), exc))
                continue
            deps.update(_requirement_names(lines))
    if "Pipfile" in files:
        try:
            packages = tomllib.loads((absolute / "Pipfile").read_text("utf-8")).get("packages")
            if isinstance(packages, dict):
                deps.update(packages)
        except _UNREADABLE as exc:
            notes.append(_unread_note(_joined(folder, "Pipfile"), exc))
    return name, tuple(sorted(normalise_dist(d) for d in deps))


def compose_folder(entry: ComposeService, roots: Container[str]) -> str | None:
    """The root of the service (among `roots`) a compose service runs: the innermost one
    that holds its Dockerfile inside its build context (`context: .`, `dockerfile:
    apps/web/Dockerfile` runs apps/web), else its build context's; None when neither is
    a service."""
    context = entry.build_context
    if context is None:
        return None
    folder = entry.dockerfile_folder
    while folder is not None and folder != context and _inside(folder, context):
        if folder in roots:
            return folder
        folder = posixpath.dirname(folder) or "."
    return context if context in roots else None


def compose_owner(entry: ComposeService, roots: Mapping[str, str]) -> str | None:
    """The name of the service a compose service runs, `roots` mapping service roots to
    names (`compose_folder`)."""
    folder = compose_folder(entry, roots)
    return roots[folder] if folder is not None else None


def _inside(folder: str, context: str) -> bool:
    if context == ".":
        return folder != ".." and not folder.startswith("../")
    return folder.startswith(context + "/")


def _joined(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder != "." else name


def _requirement_names(lines: Any) -> list[str]:
    names = []
    for line in lines if isinstance(lines, list) else []:
        if isinstance(line, str) and not line.lstrip().startswith(("#", "-")):
            match = _REQUIREMENT_NAME.match(line)
            if match:
                names.append(match.group(1))
    return names


# -- compose ---------------------------------------------------------------------------


def _compose_services(root: Path, rel_file: str, notes: list[str]) -> list[ComposeService]:
    read = _compose_specs(root, rel_file, notes)
    return [] if read is None else [_compose_service(rel_file, *entry) for entry in read]


_Spec = dict[str, Any]
_Position = tuple[int, int]
_NOWHERE: tuple[_Position, _Position] = ((0, 0), (0, 0))
# A compose service as a file writes it: its name, what it says, and where its name and its
# `ports:` key are.
_Read = tuple[str, _Spec, tuple[_Position, _Position]]


def _compose_specs(root: Path, rel_file: str, notes: list[str]) -> list[_Read] | None:
    """The services a compose file writes, by name; None when it cannot be read."""
    import yaml

    from seamcheck import yamlsafe

    try:
        text = (root / rel_file).read_text("utf-8")
        data, node = yamlsafe.load_with_node(text)
        lines = _compose_lines(node)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        notes.append(_unread_note(rel_file, exc))
        return None
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    # By name as written: YAML reads `5:` as an int, which does not sort among strings.
    ordered = sorted(services.items(), key=lambda item: str(item[0]))
    return [
        (str(name), spec, lines.get(str(name), _NOWHERE))
        for name, spec in ordered
        if isinstance(spec, dict)
    ]


def _deployments(root: Path, files: list[str], notes: list[str]) -> list[ComposeService]:
    """The compose services of every compose file, each file a deployment of its own (a
    `docker-compose.prod.yml` beside `docker-compose.yml` runs the same services another
    way). A service a file writes only to change another file's (no `build:` nor `image:`:
    `docker-compose.gpu.yml`'s `ollama` with its GPU, `docker-compose.prod.yml`'s `api` with
    another command) is merged over each service of that name a file beside it builds or
    pulls, as `docker compose -f docker-compose.yml -f docker-compose.prod.yml` merges it;
    one that changes nothing read here, or that another file already writes as it is, is
    not a deployment of its own (nothing doubles)."""
    read = {rel: _compose_specs(root, rel, notes) or [] for rel in files}
    whole: dict[tuple[str, str], list[tuple[str, _Spec]]] = {}  # (folder, name) -> (file, spec)
    for rel, entries in read.items():
        for name, spec, _ in entries:
            if not _changes_only(spec):
                whole.setdefault((posixpath.dirname(rel), name), []).append((rel, spec))
    # Those a file writes whole first, each file's in order, then those merged over them:
    # what a finding shows of a service is where it is written whole.
    written: list[ComposeService] = []
    merged: list[ComposeService] = []
    for rel, entries in read.items():
        for name, spec, lines in entries:
            bases = whole.get((posixpath.dirname(rel), name), []) if _changes_only(spec) else []
            over = [(file, b) for file, b in bases if file != rel]
            if over:
                merged += [
                    replace(_compose_service(rel, name, _merged(b, spec), lines), merged_over=file)
                    for file, b in over
                ]
            else:
                written.append(_compose_service(rel, name, spec, lines))
    found: list[ComposeService] = []
    seen: set[ComposeService] = set()  # what each runs, wherever written
    for entry in (*written, *merged):
        content = _content(entry)
        if content not in seen:
            seen.add(content)
            found.append(entry)
    return found


def _changes_only(spec: _Spec) -> bool:
    """Whether a compose service is written only to change another file's: it neither builds
    nor pulls an image."""
    return spec.get("build") is None and spec.get("image") is None


def _content(entry: ComposeService) -> ComposeService:
    """What a compose service runs and how, whichever file writes it and where."""
    return replace(entry, file="", declared_at=(0, 0), ports_at=(0, 0), merged_over="")


# Keys whose values are mappings, also written as lists of `KEY=value`.
_MAPPINGS = frozenset({"environment", "labels", "args", "annotations", "sysctls"})
# Keys whose value one file replaces whole in another's.
_REPLACED = frozenset({"command", "entrypoint", "healthcheck", "dns", "dns_search"})


def _merged(base: _Spec, over: _Spec, depth: int = 0) -> _Spec:
    """A compose service `over` changes `base` to, as compose merges files: mappings merged
    key by key (`environment:` in list or map form), lists extended (`ports:`, `volumes:`),
    `command:` and `entrypoint:` replaced, any other value replaced."""
    merged = dict(base)
    for key, value in over.items():
        before = merged.get(key)
        if key == "build":
            before, value = _build_mapping(before), _build_mapping(value)
        if key in _MAPPINGS and before is not None:
            merged[key] = {**_mapping(before), **_mapping(value)}
        elif key in _REPLACED or depth > _MAX_MERGE_DEPTH:
            merged[key] = value
        elif isinstance(before, dict) and isinstance(value, dict):
            merged[key] = _merged(before, value, depth + 1)
        elif isinstance(before, list) and isinstance(value, list):
            merged[key] = before + [item for item in value if item not in before]
        else:
            merged[key] = value
    return merged


_MAX_MERGE_DEPTH = 8  # mappings within mappings: a real compose file nests a few


def _build_mapping(build: Any) -> Any:
    return {"context": build} if isinstance(build, str) else build


def _mapping(value: Any) -> dict[str, Any]:
    """A compose mapping written as a map or as a list of `KEY=value` (`KEY` alone: None)."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    found: dict[str, Any] = {}
    for item in value if isinstance(value, list) else []:
        key, equals, written = str(item).partition("=")
        found[key] = written if equals else None
    return found


def _compose_service(
    rel_file: str, name: str, spec: _Spec, lines: tuple[_Position, _Position]
) -> ComposeService:
    base = PurePosixPath(rel_file).parent
    build = spec.get("build")
    context = build.get("context") if isinstance(build, dict) else build
    context_rel = None
    if isinstance(context, str) and "://" not in context:
        context_rel = os.path.normpath(str(base / context)).replace(os.sep, "/")
    dockerfile = build.get("dockerfile") if isinstance(build, dict) else None
    dockerfile_folder = None
    # Repo-relative as the walk lists files: `Dockerfile`, not `./Dockerfile`, for `build: .`.
    dockerfile_rel = (
        None if context_rel is None else posixpath.normpath(f"{context_rel}/Dockerfile")
    )
    if context_rel is not None and isinstance(dockerfile, str) and dockerfile.strip():
        written = os.path.normpath(f"{context_rel}/{dockerfile.strip()}").replace(os.sep, "/")
        dockerfile_folder = posixpath.dirname(written) or "."
        dockerfile_rel = written
    hostnames = [str(spec[k]) for k in ("hostname", "container_name") if spec.get(k)]
    networks = spec.get("networks")
    if isinstance(networks, dict):
        for net in networks.values():
            if isinstance(net, dict) and isinstance(net.get("aliases"), list):
                hostnames.extend(str(a) for a in net["aliases"])
    return ComposeService(
        name=name,
        file=rel_file,
        build_context=context_rel,
        dockerfile_folder=dockerfile_folder,
        dockerfile=dockerfile_rel,
        published_ports=tuple(_published(p) for p in _listed(spec.get("ports"))),
        exposed_ports=tuple(str(p) for p in _listed(spec.get("expose"))),
        environment=_environment(spec.get("environment")),
        hostnames=tuple(hostnames),
        mounts=_mounts(spec.get("volumes"), base),
        env_files=_env_files(spec.get("env_file"), base),
        declared_at=lines[0],
        ports_at=lines[1],
        entrypoint=_command(spec.get("entrypoint")),
        command=_command(spec.get("command")),
        working_dir=str(spec.get("working_dir") or ""),
        image=str(spec.get("image") or ""),
        network_mode=str(spec.get("network_mode") or ""),
        extends=_extended(spec.get("extends")),
        build_target=str(build.get("target") or "") if isinstance(build, dict) else "",
        build_args=_environment(build.get("args")) if isinstance(build, dict) else (),
    )


def _overridden(
    root: Path,
    compose: list[ComposeService],
    by_folder: Mapping[str, set[str]],
    notes: list[str],
) -> list[ComposeService]:
    """`compose` with each service an override file beside its compose file also names
    marked `overridden_by` it: its command, ports or build there are not read."""
    named: dict[str, tuple[str, frozenset[str]]] = {}  # by folder: the file, its services
    for folder in sorted({posixpath.dirname(entry.file) or "." for entry in compose}):
        for name in sorted(by_folder.get(folder, set()) & COMPOSE_OVERRIDE_FILES):
            rel = name if folder == "." else f"{folder}/{name}"
            services = frozenset(s.name for s in _compose_services(root, rel, notes))
            named.setdefault(folder, (rel, services))
    return [
        replace(entry, overridden_by=named[folder][0])
        if (folder := posixpath.dirname(entry.file) or ".") in named
        and entry.name in named[folder][1]
        else entry
        for entry in compose
    ]


def _extended(value: Any) -> str:
    """The service a compose `extends:` names: `extends: web` or `{service: web, file: ...}`."""
    if isinstance(value, dict):
        value = value.get("service")
    return str(value) if isinstance(value, (str, int)) and str(value) else ""


def _compose_lines(document: Any) -> dict[str, tuple[_Position, _Position]]:
    """Per compose service: where its name and its `ports:` key are, for findings."""
    import yaml

    def at(node: yaml.Node) -> _Position:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    found: dict[str, tuple[_Position, _Position]] = {}
    if not isinstance(document, yaml.MappingNode):
        return found
    for key, value in document.value:
        if key.value != "services" or not isinstance(value, yaml.MappingNode):
            continue
        for name, spec in value.value:
            ports = (0, 0)
            if isinstance(spec, yaml.MappingNode):
                ports = next((at(k) for k, _ in spec.value if k.value == "ports"), (0, 0))
            found[str(name.value)] = (at(name), ports)
    return found


def _command(value: Any) -> str | tuple[str, ...] | None:
    """A compose `command:` or `entrypoint:`: a string, or a list of words (YAML may read one
    as a number); anything else names no command."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(w, (str, int, float)) for w in value):
        return tuple(str(w) for w in value)
    return None


def _listed(value: Any) -> list[Any]:
    """A compose list field; anything else a hand-written file holds there counts as none."""
    return value if isinstance(value, list) else []


def _published(port: Any) -> str:
    if isinstance(port, dict):
        return f"{port.get('published', '')}:{port.get('target', '')}"
    return str(port)


def _mounts(volumes: Any, base: PurePosixPath) -> tuple[str, ...]:
    """The repository paths of a compose service's bind mounts: `./deploy:/etc/nginx:ro` or
    `{type: bind, source: ./deploy, target: ...}`. Named volumes and paths outside the
    repository are left out."""
    found: list[str] = []
    for volume in _listed(volumes):
        if isinstance(volume, dict):
            source = volume.get("source") if volume.get("type", "bind") == "bind" else None
        else:
            source = str(volume).split(":", 1)[0] if ":" in str(volume) else None
        if not isinstance(source, str) or not source.startswith("."):
            continue
        rel = os.path.normpath(str(base / source)).replace(os.sep, "/")
        if rel != ".." and not rel.startswith("../"):
            found.append("" if rel == "." else rel)
    return tuple(found)


def _env_files(value: Any, base: PurePosixPath) -> tuple[str, ...]:
    """A compose service's `env_file`: one path, a list of them, or of `{path, required}`;
    relative to the compose file. One outside the repository (`../secrets.env`,
    `/etc/app.env`) is kept as written, never read: it may set any variable."""
    found: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        path = entry.get("path") if isinstance(entry, dict) else entry
        if not isinstance(path, str) or not path:
            continue
        if os.path.isabs(path):
            found.append(path)
            continue
        found.append(os.path.normpath(str(base / path)).replace(os.sep, "/"))
    return tuple(found)


def _environment(env: Any) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    if isinstance(env, dict):
        pairs = [(str(k), f"${{{k}}}" if v is None else str(v)) for k, v in env.items()]
    elif isinstance(env, list):
        for item in env:
            key, equals, value = str(item).partition("=")
            pairs.append((key, value if equals else f"${{{key}}}"))
    return tuple(sorted(pairs))


# -- services --------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    root: str
    kinds: set[str]  # python / node
    manifest: str
    package_name: str | None = None
    python_name: str | None = None  # the Python project's, where package.json names another
    dependencies: tuple[str, ...] = ()
    workspace_globs: list[str] = field(default_factory=list)
    nx: _NxProject | None = None  # its project.json, in an Nx workspace
    nx_only: bool = False  # an Nx project with no manifest of its own


def ancestors(path: str) -> Iterator[str]:
    """Folders containing `path`, innermost first, ending with '.'."""
    # String slicing, not PurePosixPath: this runs for every folder on every run.
    end = path.rfind("/")
    while end > 0:
        yield path[:end]
        end = path.rfind("/", 0, end)
    yield "."


def innermost(rel: str, folders: Container[str], memo: dict[str, str | None]) -> str | None:
    """The innermost of `folders` holding the file `rel`, remembered in `memo` for the file's
    folder: a tree has several files per folder (5 on the 10k tree), and walking up from each
    file was most of a warm run's discovery there."""
    folder = rel.rpartition("/")[0]
    if folder not in memo:
        memo[folder] = next((a for a in ancestors(rel) if a in folders), None)
    return memo[folder]


def discover(root: Path, config: Config) -> Project:
    skipped: list[Skipped] = []
    notes: list[str] = []
    by_folder: dict[str, set[str]] = {}
    sources: list[tuple[str, str, int]] = []
    compose_files: list[str] = []
    config_files: list[str] = []
    other_files: list[str] = []
    walked: list[str] = []
    folders: list[str] = []
    unlisted: list[str] = []
    for rel, language, size in _walk(root, config, skipped, walked, folders, unlisted):
        folder, _, name = rel.rpartition("/")
        by_folder.setdefault(folder or ".", set()).add(name)
        if is_compose_file(name):
            compose_files.append(rel)
        elif name in TS_CONFIG_FILES:
            _check_ts_config(root / rel, rel, notes)
        if name.endswith(SEAM_CONFIG_SUFFIXES) or name.startswith(".env"):
            config_files.append(rel)
        if language is None:
            other_files.append(rel)
            continue
        if name.endswith(GENERATED_SUFFIXES):
            skipped.append(Skipped(rel, "generated or minified"))
        elif size > config.max_file_size:
            skipped.append(Skipped(rel, f"larger than max_file_size ({config.max_file_size})"))
        else:
            sources.append((rel, language, size))

    candidates = _detect_candidates(root, by_folder, notes)
    workspace_packages, workspace_roots = _workspaces(root, candidates, by_folder)
    compose = _deployments(root, sorted(compose_files, key=_unasked_first), notes)
    compose = _overridden(root, compose, by_folder, notes)
    static_sites = _static_sites(root, compose, by_folder)
    services = _build_services(
        root,
        candidates,
        workspace_packages,
        workspace_roots,
        compose,
        config,
        sources,
        static_sites,
    )
    files = []
    service_at = {s.root: s.name for s in services}
    service_folders: dict[str, str | None] = {}
    for rel, language, size in sources:
        root_folder = innermost(rel, service_at, service_folders)
        owner = None if root_folder is None else service_at[root_folder]
        if owner is None:
            skipped.append(Skipped(rel, "belongs to no service"))
            continue
        files.append(SourceFile(rel, language, owner, size))
    return Project(
        root=root,
        services=tuple(sorted(services, key=lambda s: s.name)),
        files=tuple(sorted(files, key=lambda f: f.path)),
        compose=tuple(compose),
        workspace_packages=workspace_packages,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        notes=tuple(notes),
        config_files=tuple(sorted(config_files)),
        other_files=tuple(sorted(other_files)),
        walked=tuple(walked),
        folders=tuple(folders),
        unlisted=tuple(unlisted),
    )


def _detect_candidates(
    root: Path, by_folder: Mapping[str, set[str]], notes: list[str]
) -> dict[str, _Candidate]:
    candidates: dict[str, _Candidate] = {}
    nx_roots = frozenset(f for f, names in by_folder.items() if "nx.json" in names)
    nx_listed = _nx_workspace_json(root, by_folder, nx_roots, notes)
    for folder, names in by_folder.items():
        kinds: set[str] = set()
        manifest = None
        if "package.json" in names and not _package_json_of_python_package(root, folder, names):
            kinds.add("node")
            manifest = "package.json"
        python_names = names - {"setup.py"} if _setup_py_is_a_module(root, folder, names) else names
        if any(n in python_names for n in PYTHON_MANIFESTS) or any(
            n.startswith("requirements") and n.endswith(".txt") for n in names
        ):
            kinds.add("python")
            manifest = manifest or next(
                (
                    n
                    for n in (*PYTHON_MANIFESTS, *sorted(names))
                    if n in python_names and (n in PYTHON_MANIFESTS or n.startswith("requirements"))
                ),
                None,
            )
        nx_project = nx_listed.get(folder)
        if "project.json" in names and _in_nx_workspace(folder, nx_roots):
            nx_project = _nx_project_facts(root, _joined(folder, "project.json"), notes)
        own_manifest = bool(kinds)
        if nx_project is not None and not kinds:
            # An Nx project with no manifest of its own: a Node project whose dependencies
            # are the workspace's (`_nx_dependencies`).
            kinds.add("node")
        if manifest is not None:
            declared = _joined(folder, manifest)
        elif nx_project is not None:
            declared = nx_project.declared
        else:
            continue
        absolute = root / folder if folder != "." else root
        candidate = _Candidate(folder, kinds, declared, nx=nx_project)
        candidate.nx_only = not own_manifest
        deps: list[str] = []
        if "node" in kinds and own_manifest and "package.json" in names:
            name, node_deps, globs = _package_json_facts(
                absolute / "package.json", _joined(folder, "package.json"), notes
            )
            candidate.package_name, candidate.workspace_globs = name, globs
            deps.extend(node_deps)
        if "python" in kinds:
            name, py_deps = _python_manifest_facts(root, folder, set(python_names), notes)
            candidate.package_name = candidate.package_name or name
            candidate.python_name = name
            deps.extend(py_deps)
        if "pnpm-workspace.yaml" in names:
            candidate.workspace_globs += _pnpm_globs(
                absolute / "pnpm-workspace.yaml", _joined(folder, "pnpm-workspace.yaml"), notes
            )
        candidate.dependencies = tuple(sorted(set(deps)))
        candidates[folder] = candidate
    _nx_dependencies(candidates, nx_roots)
    return candidates


# -- Nx ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NxProject:
    """What a project.json says that discovery uses."""

    name: str | None
    project_type: str | None  # application | library | None (not said)
    executors: tuple[str, ...]
    declared: str  # the project.json, or the workspace.json listing it


def _in_nx_workspace(folder: str, nx_roots: frozenset[str]) -> bool:
    """Whether `folder` is in an Nx workspace: nx.json in it or in a folder above it. A
    project.json elsewhere is some other tool's (an old ASP.NET project file)."""
    return folder in nx_roots or any(a in nx_roots for a in ancestors(folder + "/x"))


def _nx_project_facts(root: Path, rel: str, notes: list[str]) -> _NxProject | None:
    """The name, project type and executors of an Nx project.json; None when unreadable."""
    from seamcheck.surrogates import cleaned

    try:
        text = (root / rel).read_text("utf-8")
        data = cleaned(json.loads(text), text)
    except _UNREADABLE as exc:
        notes.append(_unread_note(rel, exc))
        return None
    if not isinstance(data, dict):
        notes.append(f"{rel}: ignored: not a JSON object")
        return None
    return _nx_project(data, rel, None)


def _nx_project(data: dict[str, Any], declared: str, listed_name: str | None) -> _NxProject:
    name = data.get("name", listed_name)
    project_type = data.get("projectType")
    targets = data.get("targets")
    executors = [
        target.get("executor")
        for target in (targets.values() if isinstance(targets, dict) else ())
        if isinstance(target, dict)
    ]
    return _NxProject(
        name=name if isinstance(name, str) and name.strip() else None,
        project_type=project_type if project_type in ("application", "library") else None,
        executors=tuple(sorted(e for e in executors if isinstance(e, str))),
        declared=declared,
    )


def _nx_workspace_json(
    root: Path, by_folder: Mapping[str, set[str]], nx_roots: frozenset[str], notes: list[str]
) -> dict[str, _NxProject]:
    """The projects an Nx workspace.json (before Nx 16) lists, by folder: `"api":
    "apps/api"`, or `"api": { "root": "apps/api", "projectType": ... }` written in place."""
    from seamcheck.surrogates import cleaned

    found: dict[str, _NxProject] = {}
    for workspace in sorted(nx_roots):
        if "workspace.json" not in by_folder.get(workspace, set()):
            continue
        rel = _joined(workspace, "workspace.json")
        try:
            text = (root / rel).read_text("utf-8")
            data = cleaned(json.loads(text), text)
        except _UNREADABLE as exc:
            notes.append(_unread_note(rel, exc))
            continue
        projects = data.get("projects") if isinstance(data, dict) else None
        for name, entry in projects.items() if isinstance(projects, dict) else ():
            where = entry if isinstance(entry, str) else None
            if isinstance(entry, dict) and isinstance(entry.get("root"), str):
                where = entry["root"]
            if where is None or not isinstance(name, str):
                continue
            folder = _norm(where if workspace == "." else f"{workspace}/{where}")
            if folder in by_folder and not folder.startswith("../") and folder != "..":
                found[folder] = _nx_project(entry if isinstance(entry, dict) else {}, rel, name)
    return found


def _nx_dependencies(candidates: Mapping[str, _Candidate], nx_roots: frozenset[str]) -> None:
    """Give each Nx project with no package.json of its own the dependencies of its
    workspace's root package.json (Nx's single-version policy). Those of a front end built
    by a browser executor leave out the server frameworks, and those of a project run by a
    server executor the browser ones, so that `browser` tags the front end alone."""
    for folder, candidate in candidates.items():
        if candidate.nx is None or not candidate.nx_only:
            continue
        workspace = next((a for a in ancestors(folder + "/x") if a in nx_roots), None)
        found = candidates.get(workspace) if workspace is not None else None
        deps = set(found.dependencies) if found is not None and "node" in found.kinds else set()
        executors = candidate.nx.executors
        if any(e.startswith(NX_BROWSER_EXECUTORS) for e in executors):
            deps -= SERVER_FRAMEWORKS
        elif any(e.startswith(NX_SERVER_EXECUTORS) for e in executors):
            deps -= BROWSER_FRAMEWORKS
        candidate.dependencies = tuple(sorted(deps))


def _pnpm_globs(path: Path, rel: str, notes: list[str]) -> list[str]:
    import yaml

    from seamcheck import yamlsafe

    try:
        data = yamlsafe.load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        notes.append(_unread_note(rel, exc))
        return []
    packages = data.get("packages") if isinstance(data, dict) else None
    return [p for p in packages if isinstance(p, str)] if isinstance(packages, list) else []


def _workspaces(
    root: Path, candidates: Mapping[str, _Candidate], by_folder: Mapping[str, set[str]]
) -> tuple[dict[str, str], set[str]]:
    """(npm package name -> folder of every workspace package, the workspace roots)."""
    packages: dict[str, str] = {}
    roots: set[str] = set()
    for folder, candidate in sorted(candidates.items()):
        if not candidate.workspace_globs:
            continue
        roots.add(folder)
        for glob in candidate.workspace_globs:
            negated = glob.startswith("!")
            pattern = glob.lstrip("!").rstrip("/")
            full = pattern if folder == "." else f"{folder}/{pattern}"
            for member, member_candidate in candidates.items():
                if member == folder or "node" not in member_candidate.kinds:
                    continue
                if fnmatch.fnmatchcase(member, full) and member_candidate.package_name:
                    if negated:
                        packages.pop(member_candidate.package_name, None)
                    else:
                        packages[member_candidate.package_name] = member
    # A package with a name and exports is importable by name from itself too (self-reference),
    # which the resolver handles; only workspaces make names importable across folders.
    return packages, roots


def _build_services(
    root: Path,
    candidates: Mapping[str, _Candidate],
    workspace_packages: Mapping[str, str],
    workspace_roots: set[str],
    compose: list[ComposeService],
    config: Config,
    sources: list[tuple[str, str, int]],
    static_sites: frozenset[str] = frozenset(),
) -> list[Service]:
    """Config-declared roots, detected manifests, the static sites compose builds
    (`_static_sites`), and a root service for sources that no manifest owns."""
    explicit = {c.name: c for c in config.services}
    explicit_roots = {
        _norm(c.path): c for c in config.services if c.path is not None and not c.disabled
    }
    disabled_roots = {_norm(c.path) for c in config.services if c.path and c.disabled}
    workspace_members = set(workspace_packages.values())

    roots: dict[str, _Candidate | None] = {}
    for folder, candidate in candidates.items():
        if folder in workspace_roots and folder not in explicit_roots:
            continue  # a workspace root is tooling; its packages are the services
        if folder in disabled_roots:
            continue
        if folder not in explicit_roots and (
            _test_requirements(candidate, compose) or _docs_requirements(candidate, compose)
        ):
            continue  # its tests, or its documentation's build, are the enclosing service's
        roots[folder] = candidate
    for folder in explicit_roots:
        roots.setdefault(folder, candidates.get(folder))
    for folder in sorted(static_sites - disabled_roots - roots.keys()):
        if not _takes_python(folder, sources, roots):
            roots[folder] = None

    owner_of: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    memo: dict[str, str | None] = {}
    for rel, language, _ in sources:
        owner = innermost(rel, roots, memo)
        if owner is None:
            owner = "."
            roots.setdefault(".", candidates.get("."))
        owner_of[rel] = owner
        counts.setdefault(owner, {}).setdefault(language, 0)
        if not is_component(rel):
            # A Vue or Svelte component may hold either dialect: it does not tell which the
            # service is written in.
            counts[owner][language] += 1

    compose_by_folder = _compose_by_folder(compose, roots)
    services: list[Service] = []
    names_taken: dict[str, int] = {}
    proposed: dict[str, str] = {}
    # Names given by the configuration or by a compose file `docker compose` reads unasked:
    # where another folder's name from a `docker-compose.prod.yml` is the same (`web` the
    # dev server there, an nginx image here), these keep it.
    firm: dict[str, int] = {}
    firmly_named: set[str] = set()
    # A manifest with no sources of its own (tooling, docs, a uv workspace root that
    # compose builds every image from) is no service and takes no name.
    serving = [f for f in sorted(roots) if f in counts or f in explicit_roots]
    for folder in serving:
        conf = explicit_roots.get(folder)
        default = _default_name(root, folder, roots[folder], counts.get(folder, {}))
        entries = compose_by_folder.get(folder, [])
        unasked = [e for e in entries if e.file.rpartition("/")[2] in COMPOSE_FILES]
        name = conf.name if conf else _compose_name(unasked or entries, default)
        proposed[folder] = name
        names_taken[name] = names_taken.get(name, 0) + 1
        if conf is not None or (unasked and name != default):
            firm[name] = firm.get(name, 0) + 1
            firmly_named.add(folder)
    for folder in serving:
        found = roots[folder]
        conf = explicit_roots.get(folder)
        name = proposed[folder]
        # Those not kept are named by their folder, which must not be the name kept (`ml`
        # from compose for the root, `ml/`'s own default name).
        kept = (
            folder in firmly_named
            and firm[name] == 1
            and not (name != folder and proposed.get(name) == name)
        )
        if names_taken[name] > 1 and conf is None and not kept:
            name = folder
        amend = explicit.get(name) if conf is None else conf
        if amend is not None and amend.disabled:
            continue
        language = _language(found, counts.get(folder, {}), amend.language if amend else None)
        tags = set(amend.tags if amend else ())
        deps = found.dependencies if found else ()
        if (
            language != "python"
            and BROWSER_FRAMEWORKS & set(deps)
            and not (SERVER_FRAMEWORKS & set(deps))
            and not builds_sveltekit_server(deps)
        ):
            tags.add("browser")
        site = found is None and folder in static_sites
        if site:
            tags.add("browser")  # the scripts of the pages a web server serves
        if folder in workspace_members or (found is not None and found.nx is not None):
            tags.add("workspace")
        if amend is not None and amend.shared:
            tags.add("shared")
        deployed = folder in compose_by_folder
        if _looks_like_library(folder, deps, tags, deployed, language, _nx_type(found)):
            tags.add("library")
        services.append(
            Service(
                name=name,
                root=folder,
                language=language,
                tags=tuple(sorted(tags)),
                manifest=found.manifest if found else None,
                package_name=found.package_name if found else None,
                dependencies=deps,
                origin="config" if conf else ("root" if found is None and not site else "detected"),
                hosts=amend.hosts if amend else (),
                source_roots=_source_roots(
                    root, folder, name, amend, config, language, counts.get(folder, {})
                ),
            )
        )
    detected_names = {s.name for s in services}
    for conf in config.services:
        if conf.path is not None and not conf.disabled:
            _check_service_folder(root, conf.path, f"services.{conf.name}.path", config)
        if conf.path is None and conf.name not in detected_names and not conf.disabled:
            raise ConfigError(
                config.file or "config",
                f"services.{conf.name}",
                "no service of that name was detected; give it a `path`",
            )
    return services


def _source_roots(
    root: Path,
    folder: str,
    name: str,
    amend: ServiceConfig | None,
    config: Config,
    language: str,
    counts: Mapping[str, int],
) -> tuple[str, ...]:
    """The service's configured `source_roots`, repo-relative; each must be a folder inside
    the service, other than its root (a root already), and named once. They name Python
    files only (`resolve/roots.py`, whatever the service's language, by `counts` of its
    sources): set on a service with none they would be passed over without a word."""
    if amend is None or not amend.source_roots:
        return ()
    key = f"services.{name}.source_roots"
    if language != "python" and not counts.get("python"):
        raise ConfigError(
            config.file or "config",
            key,
            f"applies to Python files only, and {name!r} is a "
            f"{_LANGUAGE_NAMES[language]} service with none (its imports resolve through "
            "package.json and tsconfig `paths`)",
        )
    roots: list[str] = []
    for index, entry in enumerate(amend.source_roots):
        joined = posixpath.normpath(posixpath.join("" if folder == "." else folder, entry))
        if joined == posixpath.normpath(folder):
            raise ConfigError(
                config.file or "config",
                f"{key}[{index}]",
                f"must name a folder inside the service: {entry!r} is its root, a root already",
            )
        if joined in roots:
            raise ConfigError(
                config.file or "config",
                f"{key}[{index}]",
                f"{joined!r} is already {key.rpartition('.')[2]}[{roots.index(joined)}]",
            )
        _check_service_folder(root, joined, f"{key}[{index}]", config, "a folder")
        roots.append(joined)
    return tuple(roots)


def _test_requirements(candidate: _Candidate, compose: list[ComposeService]) -> bool:
    """Whether a candidate is only the requirements of a test suite (`test/requirements.txt`
    beside `test_*.py`): the tests of the enclosing package, run by pytest, never deployed.
    Taken for a service, every import of the package under test was a false SC101 (257 on
    gradio) and its test clients' calls were checked against the test app's routes only."""
    return _requirements_of_folder(candidate, compose, _TEST_FOLDERS)


def _docs_requirements(candidate: _Candidate, compose: list[ComposeService]) -> bool:
    """Whether a candidate is only the requirements of a documentation build (`docs/
    requirements.txt` naming Sphinx or MkDocs, or only their themes and extensions, as
    jupyter-scheduler's does): the enclosing package's documentation, whose `conf.py`
    imports the package it documents. Taken for a service, each such import was a false
    SC101 (JupyterHub's docs/source/conf.py importing `jupyterhub`)."""
    return (
        _requirements_of_folder(candidate, compose, _DOCS_FOLDERS)
        and any(map(_builds_docs, candidate.dependencies))
        and PYTHON_FRAMEWORKS.isdisjoint(candidate.dependencies)  # a docs app that serves
    )


def _builds_docs(dependency: str) -> bool:
    """Whether a (normalised) distribution builds documentation: Sphinx or MkDocs, or a
    theme or extension of theirs (`pydata-sphinx-theme`, `myst-parser`)."""
    words = dependency.split("-")
    return (
        dependency in _DOCS_PLUGINS
        or not _DOCS_BUILDERS.isdisjoint(words)
        or words[0] == "sphinxcontrib"
    )


def _requirements_of_folder(
    candidate: _Candidate, compose: list[ComposeService], names: Container[str]
) -> bool:
    """Whether a candidate is a Python `requirements*` file alone, in a folder named one of
    `names`, that no compose file builds."""
    folder = candidate.root
    return (
        candidate.kinds == {"python"}
        and candidate.manifest.rpartition("/")[2].startswith("requirements")
        and folder.rpartition("/")[2] in names
        and not any(folder in (e.build_context, e.dockerfile_folder) for e in compose)
    )


def _takes_python(site: str, sources: list[tuple[str, str, int]], roots: Container[str]) -> bool:
    """Whether a static site's folder would take Python sources no service inside it owns
    (shared modules of the services its image is built beside, `context: ./services`): it
    is then no site of browser scripts, and those modules stay where they are."""
    memo: dict[str, str | None] = {}
    for rel, language, _ in sources:
        if language != "python" or not rel.startswith(f"{site}/"):
            continue
        owner = innermost(rel, roots, memo)
        if owner is None or not owner.startswith(f"{site}/"):
            return True
    return False


def _static_sites(
    root: Path, compose: list[ComposeService], by_folder: Mapping[str, set[str]]
) -> frozenset[str]:
    """The folders compose builds into an image that serves files (its Dockerfile's final
    stage starts from nginx, httpd or caddy: `COPY static /usr/share/nginx/html`): a site
    whose scripts run in the browser, a service even with no manifest of its own."""
    sites: set[str] = set()
    for entry in compose:
        site = entry.dockerfile_folder or entry.build_context
        rel = entry.dockerfile
        if site in (None, "", ".") or rel is None:
            continue
        folder, _, name = rel.rpartition("/")
        if not is_dockerfile(name) or name not in by_folder.get(folder or ".", ()):
            continue  # not a file the walk found (ignored, or a link out of the repository)
        try:
            if (root / rel).stat().st_size > _MAX_DOCKERFILE_SIZE:
                continue
            text = (root / rel).read_text("utf-8", "replace")
        except OSError:
            continue
        if final_image(text) in _STATIC_SERVERS:
            sites.add(site)
    return frozenset(sites)


def _check_service_folder(
    root: Path, path: str, key: str, config: Config, wanted: str = "the service's folder"
) -> None:
    """A configured service path must name a folder: a typo would otherwise make a service
    of no files, and every rule would pass over the code meant."""
    # None: nothing there, or a path the file system refuses (too long, a NUL).
    kind = what_stands_at(root / path)
    if kind == "a directory":
        return
    if kind is None:
        problem = f"{path!r} does not exist"
    elif kind == "":
        problem = f"{path!r} is a file: give {wanted}"
    else:
        problem = f"{path!r} is not a folder ({kind})"
    raise ConfigError(config.file or "config", key, problem)


def _nx_type(candidate: _Candidate | None) -> str | None:
    return candidate.nx.project_type if candidate is not None and candidate.nx else None


def _looks_like_library(
    folder: str,
    deps: tuple[str, ...],
    tags: set[str],
    deployed: bool,
    language: str,
    nx_type: str | None = None,
) -> bool:
    """A package other services depend on rather than a deployable: a workspace package or one
    kept under one of LIBRARY_FOLDERS, that nothing builds into a container and that has
    no server or front-end framework. Importing it is not a cross-service import. An Nx
    project says which it is (`projectType`): its dependencies are the whole workspace's."""
    if nx_type is not None:
        return nx_type == "library" and not deployed and folder != "."
    known = PYTHON_FRAMEWORKS if language == "python" else SERVER_FRAMEWORKS | BROWSER_FRAMEWORKS
    parts = PurePosixPath(folder).parts
    return (
        folder != "."
        and not deployed
        and not (known & set(deps))
        and not {"browser", "edge"} & tags
        and ("workspace" in tags or bool(LIBRARY_FOLDERS & set(parts)))
    )


def _norm(path: str) -> str:
    normalised = os.path.normpath(path).replace(os.sep, "/")
    return "." if normalised in ("", ".") else normalised


def _compose_by_folder(
    compose: list[ComposeService], roots: Container[str]
) -> dict[str, list[ComposeService]]:
    """The compose services that run each service folder (`compose_folder`)."""
    found: dict[str, list[ComposeService]] = {}
    for entry in compose:
        folder = compose_folder(entry, roots)
        if folder is not None:
            found.setdefault(folder, []).append(entry)
    return found


def _compose_name(entries: list[ComposeService], default: str) -> str:
    """A service's name from the compose services that run it (those of the compose files
    `docker compose` reads unasked, when any does): the one's (however many compose files
    run it under that name); of several built from one folder (`backend` and its `celery`
    worker), the one that listens on a port, if only one does, else the folder's own
    name."""
    names = {e.name for e in entries}
    if len(names) == 1:
        return entries[0].name
    serving = {e.name for e in entries if e.published_ports or e.exposed_ports}
    if len(serving) == 1:
        return serving.pop()
    return default


def _default_name(
    root: Path, folder: str, candidate: _Candidate | None, counts: Mapping[str, int]
) -> str:
    if candidate is not None and candidate.nx is not None and candidate.nx.name:
        return candidate.nx.name  # the project's name, as `nx run api:serve` spells it
    if folder == ".":
        # A Python project keeping its front end's build tools in a package.json beside
        # pyproject.toml (JupyterHub's `jupyterhub-deps`) is named as Python names it.
        if candidate and candidate.python_name and _language(candidate, counts, None) == "python":
            return candidate.python_name.rsplit("/", 1)[-1]
        if candidate and candidate.package_name:
            return candidate.package_name.rsplit("/", 1)[-1]
        return root.resolve().name or "root"
    return PurePosixPath(folder).name


# As messages name a service's language.
_LANGUAGE_NAMES = {"python": "Python", "javascript": "JavaScript", "typescript": "TypeScript"}


def _language(candidate: _Candidate | None, counts: Mapping[str, int], declared: str | None) -> str:
    """Declared wins; a single-kind manifest decides; otherwise the majority of sources."""
    if declared:
        return declared
    kinds = candidate.kinds if candidate else set()
    python = counts.get("python", 0)
    typescript, javascript = counts.get("typescript", 0), counts.get("javascript", 0)
    if kinds == {"python"} or (kinds != {"node"} and python and python >= typescript + javascript):
        return "python"
    return "typescript" if typescript and typescript >= javascript else "javascript"
