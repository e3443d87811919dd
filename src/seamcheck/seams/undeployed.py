"""Routes written in code the service does not deploy, test code and example code, serve only
that code's own calls.

A test builds stub servers (`stub = FastAPI()` with `@stub.post("/clasify")`), mock upstreams
(an Express app in `__tests__/server.test.ts`), test URLconfs (Django's `tests/urls.py`) and
mounts routers on the app in a `conftest.py`. A library or a service ships example apps to copy
from (`examples/service-whoami/whoami.py`, FastAPI's `docs_src/`) that no manifest of their own
makes a service: they are folded into the enclosing service, whose routes they are not. None of
it runs in the deployed service. So the routes a service serves are read from its deployed code
only; those the undeployed code adds are read, with all the others, only to link the calls that
code makes itself, which land on its stubs and example apps as they did before.

Both are told by a file's path within its service, or within the compose build context that
holds it: a mock server built as a service of its own (`e2e/mock-server`, run by an end-to-end
compose file) and an example folder with its own manifest or built by a compose file serve
their callers. Test code is `project.is_test_file`; in a full-stack app that routes by file
(Next.js, Nuxt, SvelteKit, Remix) a folder's name is a segment of the URL: `app/api/test/
route.ts` serves `/api/test`, so a file there is test code only by its own name (`*.test.ts`),
and no folder marks example code (`app/examples/page.tsx` serves `/examples`). Example code is
what an `examples`, `example`, `samples`, `sample` or `docs_src` folder holds (not `demo`,
often an app that is deployed), unless the deployment starts it by name or the deployed code
imports it. The root Dockerfile's `CMD ["uvicorn", "examples.main:app"]`, a compose
`command:`, a Procfile line or an npm `start` script that names an example file
(`started.py`; also through the shell script the command runs, or the `COPY` that put the
example where the command runs it) makes it deployed, and what it imports with it; a
deployed API's `samples/` package of routers is no example either. A command read from a
Dockerfile, Procfile or package.json inside the example folder is the example's own, and one
that does not name the example folder (`python main.py`) does not start `examples/main.py`,
unless a `COPY examples/ /app/` put it where the command runs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from seamcheck.project import ancestors, is_compose_file, is_test_file, is_test_name
from seamcheck.seams.frameworks import FULL_STACK
from seamcheck.seams.started import StartCommands

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values
    from collections.abc import Iterable, Iterator, Sequence

    from seamcheck.facts import FileFacts
    from seamcheck.project import Project, Service
    from seamcheck.resolve.model import Resolution, ResolvedCall

_EXAMPLE_FOLDERS = frozenset({"examples", "example", "samples", "sample", "docs_src"})


def undeployed_files(
    project: Project, resolution: Resolution, starts: StartCommands
) -> frozenset[str]:
    """The files of the project whose routes serve only undeployed code: test code and example
    code, told by their path within their service or compose build context."""
    services = {s.name: s for s in project.services}
    contexts = _buildancestors(project)
    tests: set[str] = set()
    examples: set[str] = set()
    for file in project.files:
        service = services.get(file.service)
        inside = _within(file.path, service.root if service is not None else ".", contexts)
        full_stack = service is not None and not FULL_STACK.isdisjoint(service.dependencies)
        if _test_code(inside, full_stack):
            tests.add(file.path)
        elif not full_stack and not _EXAMPLE_FOLDERS.isdisjoint(inside.split("/")[:-1]):
            examples.add(file.path)
    if examples:
        examples -= _started(starts, services, contexts, examples)
        examples -= _imported_by_deployed(resolution, tests | examples, examples)
    return frozenset(tests | examples)


def _buildancestors(project: Project) -> list[str]:
    """The folders, below the root, a compose file builds an image from, each with a "/" at
    its end (as every file's path is matched against them): deepest first."""
    folders = {
        folder
        for entry in project.compose
        for folder in (entry.build_context, entry.dockerfile_folder)
        if folder and folder != "."
    }
    return [f"{f}/" for f in sorted(folders, key=lambda f: (-f.count("/"), f))]


def _within(path: str, root: str, contexts: list[str]) -> str:
    """The path of a file within its service's root or the compose build context holding it,
    whichever is deeper: what says whether it is test or example code of that service."""
    inside = path.removeprefix(f"{root}/") if root != "." else path
    for folder in contexts:  # each ends with "/" (`_buildancestors`)
        if path.startswith(folder):
            within_context = path.removeprefix(folder)
            return within_context if len(within_context) < len(inside) else inside
    return inside


def _started(
    starts: StartCommands, services: dict[str, Service], contexts: list[str], examples: set[str]
) -> set[str]:
    """The example files the deployment starts by name (`started.py`): the command of a
    Dockerfile, Procfile or package.json that is itself example code is the example's own,
    and one whose folder holds no example file is not read."""
    roots = sorted((s.root for s in services.values()), key=lambda r: (-r.count("/"), r))
    holding = {folder for path in examples for folder in ancestors(path)}

    def scope(folder: str) -> str:
        """Where a command's paths may lead: its service, else its own folder."""
        return next((r for r in roots if _holds(r, folder)), folder)

    def wanted(file: str, folder: str) -> bool:
        if scope(folder) not in holding:
            return False
        if is_compose_file(file.rpartition("/")[2]):
            return True  # a compose file builds and runs services, examples or not
        inside = _within(file, next((r for r in roots if _holds(r, file)), "."), contexts)
        return _EXAMPLE_FOLDERS.isdisjoint(inside.split("/")[:-1])

    started: set[str] = set()
    # Each written path is looked up by its endings, not matched against every example:
    # a Procfile of 15,000 lines beside 2,000 example files took 13 s.
    endings: dict[str, dict[str, list[tuple[str, bool]]]] = {}
    for folder, path in set(starts.starts(wanted)):
        base = scope(folder)
        if base not in endings:
            endings[base] = _endings([e for e in examples if _holds(base, e)], base)
        started.update(_named(path.lstrip("/"), endings[base]))
    return started


def _endings(examples: Iterable[str], base: str) -> dict[str, list[tuple[str, bool]]]:
    """Each example file by every ending of its path within `base` (`examples/main.py`,
    `main.py`), with whether the ending is the whole of that path."""
    index: dict[str, list[tuple[str, bool]]] = {}
    for example in examples:
        parts = _relative(example, base).split("/")
        for at in range(len(parts)):
            index.setdefault("/".join(parts[at:]), []).append((example, at == 0))
    return index


def _named(written: str, endings: dict[str, list[tuple[str, bool]]]) -> Iterator[str]:
    """The example files a command that names `written` starts (within the folder the
    command is read from): the same file, written from a folder above it
    (`/app/examples/main.py` in the image) or below it (a service built from `.`, its code in
    `model/`), so long as the command itself names the example folder: `python main.py`
    starts the service's own `main.py`, not `examples/main.py`."""
    parts = written.split("/")
    for at in range(len(parts)):
        yield from (e for e, whole in endings.get("/".join(parts[at:]), ()) if whole)
    if not _EXAMPLE_FOLDERS.isdisjoint(parts[:-1]):
        yield from (e for e, whole in endings.get(written, ()) if not whole)


def _holds(folder: str, path: str) -> bool:
    return folder == "." or path == folder or path.startswith(f"{folder}/")


def _relative(path: str, folder: str) -> str:
    return path if folder == "." else path.removeprefix(f"{folder}/")


def _test_code(inside: str, full_stack: bool) -> bool:
    if full_stack:
        return is_test_name(inside.rpartition("/")[2])
    return is_test_file(inside)


def _imported_by_deployed(
    resolution: Resolution, undeployed: set[str], examples: set[str]
) -> set[str]:
    """The example files the deployed code imports, directly or through other example files:
    they run in the service."""
    imported: dict[str, set[str]] = {}
    for resolved in resolution.imports:
        for target in resolved.targets:
            if target.kind == "module" and target.path in examples:
                imported.setdefault(resolved.path, set()).add(target.path)
    reached: set[str] = set()
    todo = [path for path in imported if path not in undeployed]
    while todo:
        for path in imported.get(todo.pop(), ()):
            if path not in reached:
                reached.add(path)
                todo.append(path)
    return reached


def deployed_only(resolution: Resolution, undeployed: frozenset[str]) -> Resolution:
    """The resolution as the route readers see it for the deployed services: walking the
    files, they meet none of `undeployed`."""
    if not undeployed.intersection(resolution.facts):
        return resolution
    return replace(resolution, facts=_DeployedOnly(resolution.facts, undeployed))


def listed_calls(
    resolution: Resolution, calls: Sequence[ResolvedCall] | None = None
) -> Sequence[ResolvedCall]:
    """Those of `calls` (default: `resolution.calls`) made in the files a reader walking
    `resolution.facts` meets (`deployed_only`): all of them, not copied, when no file is
    left out."""
    every = resolution.calls if calls is None else calls
    facts = resolution.facts
    if not isinstance(facts, _DeployedOnly):
        return every
    listed = facts.keys()
    return tuple(r for r in every if r.path in listed)


class _DeployedOnly(dict[str, "FileFacts"]):
    """Every file's facts, listed (iterated, `keys`, `items`, `values`) without the undeployed
    files': a reader walking the files reads no route, mount or URLconf a test or an example
    writes, while one looking a file up by name (production code importing a helper from a
    test folder) still finds it, as it did."""

    def __init__(self, every: dict[str, FileFacts], undeployed: frozenset[str]) -> None:
        super().__init__(every)
        self._listed = {path: facts for path, facts in every.items() if path not in undeployed}

    def __iter__(self) -> Iterator[str]:
        return iter(self._listed)

    def __len__(self) -> int:
        return len(self._listed)

    def keys(self) -> dict_keys[str, FileFacts]:
        return self._listed.keys()

    def values(self) -> dict_values[str, FileFacts]:
        return self._listed.values()

    def items(self) -> dict_items[str, FileFacts]:
        return self._listed.items()
