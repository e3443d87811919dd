"""A full-stack app's public folder: the files a SvelteKit app (`static/`) or a Next.js app
(`public/`) serves as they are, at the root of its paths (`static/locales/en.json` at
`/locales/en.json`), under its base path. A call to one lands on a route of the framework's
(like FastAPI's docs pages, not listed among the app's routes). Each folder there, and each
entry the walk skipped (ignored: a build may write it), may hold files the repository does not:
a call under it that no file takes is unsure rather than broken."""

from __future__ import annotations

from collections.abc import Iterable

from seamcheck.project import Project, Service
from seamcheck.records import dataclass
from seamcheck.seams.model import Route, UnreadRoute, Where
from seamcheck.seams.paths import join, normalise

# Past this many files a folder's files are not routes each: every entry at its top is one
# that may serve what is under it.
_MAX_FILES = 1000


@dataclass(frozen=True, slots=True)
class PublicRoutes:
    """The routes a public folder makes: its files (`builtin`), and what may serve more
    (`unread`: its folders, or each file's path where the base is not known)."""

    builtin: tuple[Route, ...] = ()
    unread: tuple[UnreadRoute, ...] = ()


def public_routes(
    project: Project, service: Service, folder: str, base: str | None, framework: str
) -> PublicRoutes:
    """The routes of `service`'s public `folder` (relative to its root), served under `base`
    (None when it is not known before run time: then each file's path is the end of a path
    that is unsure, and folders say nothing)."""
    where = folder if service.root == "." else f"{service.root}/{folder}"
    files, heads = _contents(project, where)
    if base is None:
        unread = tuple(
            UnreadRoute(service.name, "GET", "", f"{where}/{rel} under a base path not known",
                        framework, Where(f"{where}/{rel}", 1), tail=normalise("/" + rel),
                        partial=True)
            for rel in files
        )  # fmt: skip
        return PublicRoutes(unread=unread)
    builtin = tuple(
        Route(
            service.name, "GET", normalise(join(base, rel)), framework, Where(f"{where}/{rel}", 1)
        )
        for rel in files
    )
    unread = tuple(
        UnreadRoute(service.name, "GET", normalise(join(base, head)),
                    f"the files of {where}/{head}, served as they are", framework,
                    Where(f"{where}/{head}", 1))
        for head in heads
    )  # fmt: skip
    return PublicRoutes(builtin, unread)


def _contents(project: Project, folder: str) -> tuple[list[str], list[str]]:
    """The files under `folder` the repository keeps, as paths from it, and the entries at
    its top that may hold others: its folders and what the walk skipped there. Past
    `_MAX_FILES` files, no file: every entry at its top may hold them."""
    prefix = folder + "/"
    # A source file not analysed (minified, too large) is a file all the same.
    kept = [s.path for s in project.skipped if not s.reason.startswith("unreadable")]
    files = sorted(_under(prefix, (f.path for f in project.files), project.other_files, kept))
    unread = [s.path for s in project.skipped if s.reason.startswith("unreadable")]
    skipped = _under(prefix, unread, project.unlisted)
    folders = _under(prefix, project.folders)
    heads = {rel.split("/", 1)[0] for rel in [*skipped, *folders] if rel}
    heads.update(rel.split("/", 1)[0] for rel in files if "/" in rel)
    if len(files) > _MAX_FILES:
        heads.update(files)
        heads = {rel.split("/", 1)[0] for rel in heads}
        files = []
    return files, sorted(heads)


def _under(prefix: str, *groups: Iterable[str]) -> list[str]:
    return [path[len(prefix) :] for paths in groups for path in paths if path.startswith(prefix)]
