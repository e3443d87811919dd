"""Routes written in test code serve only the tests.

A test builds stub servers (`stub = FastAPI()` with `@stub.post("/clasify")`), mock upstreams
(an Express app in `__tests__/server.test.ts`), test URLconfs (Django's `tests/urls.py`) and
mounts routers on the app in a `conftest.py`: none of it runs in the deployed service. So the
routes a service serves are read from its code outside the tests (`project.is_test_file`);
those the tests add are read, with all the others, only to link the calls the tests make
themselves, which land on their stubs as they did before.

Test code is told by a file's path within its service: a mock server built as a service of its
own (`e2e/mock-server`, run by an end-to-end compose file) serves its callers. In a full-stack
app that routes by file (Next.js, Nuxt, SvelteKit, Remix) a folder's name is a
segment of the URL: `app/api/test/route.ts` serves `/api/test`, so a file there is test code
only by its own name (`*.test.ts`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from seamcheck.project import is_test_file, is_test_name
from seamcheck.seams.frameworks import FULL_STACK

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values
    from collections.abc import Iterator

    from seamcheck.facts import FileFacts
    from seamcheck.project import Project, Service
    from seamcheck.resolve.model import Resolution


def test_files(project: Project) -> frozenset[str]:
    """The files of the project whose routes serve only the tests: test code as
    `project.is_test_file` says, by their path within their service (a service built from
    `e2e/mock-server`, run by a compose file, is a service like any other)."""
    services = {s.name: s for s in project.services}
    return frozenset(f.path for f in project.files if _test_code(f.path, services.get(f.service)))


def _test_code(path: str, service: Service | None) -> bool:
    root = service.root if service is not None else "."
    inside = path.removeprefix(f"{root}/") if root != "." else path
    if not is_test_file(inside):
        return False
    if service is not None and FULL_STACK & set(service.dependencies):
        return is_test_name(inside.rpartition("/")[2])
    return True


def outside_tests(resolution: Resolution, tests: frozenset[str]) -> Resolution:
    """The resolution as the route readers see it for the deployed services: walking the
    files, they meet none of `tests`."""
    if not tests.intersection(resolution.facts):
        return resolution
    return replace(resolution, facts=_OutsideTests(resolution.facts, tests))


class _OutsideTests(dict[str, "FileFacts"]):
    """Every file's facts, listed (iterated, `keys`, `items`, `values`) without the test
    files': a reader walking the files reads no route, mount or URLconf a test writes, while
    one looking a file up by name (production code importing a helper from a test folder)
    still finds it, as it did."""

    def __init__(self, every: dict[str, FileFacts], tests: frozenset[str]) -> None:
        super().__init__(every)
        self._listed = {path: facts for path, facts in every.items() if path not in tests}

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
