"""Changed-code mode: which files a change touches, from git or from explicit file arguments.

The whole graph is still analysed (policies are about relationships); this module only says
which paths count as changed, and which findings touch them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from seamcheck.findings import Finding
from seamcheck.records import dataclass
from seamcheck.wording import plural

GIT_TIMEOUT = 60  # seconds; a diff that takes longer is a broken repository, not a big one


class ChangesError(Exception):
    """Changed files cannot be determined; phrased for the user."""


@dataclass(frozen=True, slots=True)
class ChangeSet:
    description: str  # "2 files changed since main (merge base 1a2b3c4d5e)", "3 files given"
    paths: frozenset[str]  # relative to the analysed root, POSIX
    # Set when seamcheck was pointed at a folder inside the repository (`rootsearch.py`):
    # everything under it counts, and `paths` is empty.
    folder: str = ""

    def holds(self, path: str) -> bool:
        return path in self.paths or (bool(self.folder) and path.startswith(self.folder + "/"))


def touches(finding: Finding, changes: ChangeSet) -> bool:
    """Its primary location, or any location of its chain or seam, or of another
    relationship it stands for (SC202: another blocking call's chain), is in a changed file."""
    return (
        changes.holds(finding.path)
        or any(changes.holds(r.path) for r in finding.related)
        or any(changes.holds(path) for a in finding.aliases for path in a.paths)
    )


def folder_scope(folder: str) -> ChangeSet:
    """The findings that touch `folder` (repo-relative, POSIX), of a whole-repository run."""
    return ChangeSet(f"findings touching {folder}/", frozenset(), folder)


def changed_since(root: Path, ref: str, folder: str = "") -> ChangeSet:
    """Files changed between the merge base of HEAD and `ref` and the working tree, plus
    untracked files; both sides of a rename count. With `folder` (repo-relative, POSIX: run
    in a folder of the repository), only those under it: what the change did there."""
    _git(root, "rev-parse", "--show-toplevel", problem="not inside a git repository")
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", problem="")
    if head is None:
        raise ChangesError("HEAD has no commit yet; --changed-since needs one")
    target = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", problem="")
    if target is None:
        if _is_shallow(root):
            raise ChangesError(
                f"'{ref}' is not in this shallow clone; fetch it first "
                f"(e.g. `git fetch --depth=100 origin <branch>`, or actions/checkout "
                "with fetch-depth: 0)"
            )
        raise ChangesError(f"unknown git revision '{ref}'")
    base = _git(root, "merge-base", "HEAD", target.strip(), problem="")
    if base is None:
        if _is_shallow(root):
            raise ChangesError(
                f"HEAD and '{ref}' have no common ancestor in this shallow clone; deepen it "
                "(`git fetch --deepen=100`, `git fetch --unshallow`, or actions/checkout "
                "with fetch-depth: 0)"
            )
        raise ChangesError(f"HEAD and '{ref}' share no history (no merge base)")
    base = base.strip()
    diff = _git(
        root, "diff", "--name-only", "--no-renames", "-z", "--relative", base, "--",
        problem=f"git diff against {base[:10]} failed",
    )  # fmt: skip
    untracked = _git(
        root, "ls-files", "--others", "--exclude-standard", "-z", "--",
        problem="git ls-files failed",
    )  # fmt: skip
    paths = frozenset(
        p for p in _split(diff) | _split(untracked) if not folder or p.startswith(folder + "/")
    )
    under = f" under {folder}/" if folder else ""
    return ChangeSet(
        f"{plural(len(paths), 'file')} changed{under} since {ref} (merge base {base[:10]})",
        paths,
    )


def given_files(
    root: Path, files: Sequence[Path], root_named: bool = False, folder: str = ""
) -> ChangeSet:
    """Explicit file arguments (what pre-commit passes), relative to the analysed root.

    With the root named before them (`root_named`: a hook's `args: [platform]` in a git
    repository whose seamcheck.toml is in `platform/`), a file outside it is none of its
    files, so it touches no finding: left out, and said. Without, it is an error: files
    alone are read against the current directory, and one elsewhere needs its repository
    named first.

    Run in a folder of the repository (`folder`, repo-relative, POSIX: folder mode), the
    folder is the scope, as it is for --changed-since there: a file outside it is outside
    the scope in the same two ways, left out when the folder was named before the files
    (`args: [services/gateway]`), an error when it is only the current directory."""
    resolved_root = root.resolve()
    paths: set[str] = set()
    outside = 0
    for file in files:
        absolute = Path(os.path.abspath(file))
        try:
            relative = absolute.relative_to(resolved_root).as_posix()
        except ValueError:
            try:
                relative = absolute.resolve().relative_to(resolved_root).as_posix()
            except ValueError:
                if root_named:
                    outside += 1
                    continue
                raise ChangesError(
                    f"{file} is outside the analysed directory {root}; name the repository "
                    f"first: seamcheck check REPOSITORY {file}"
                ) from None
        if folder and not relative.startswith(folder + "/"):
            if root_named:
                outside += 1
                continue
            raise ChangesError(
                f"{file} is outside {folder}/, the folder checked here; name the repository "
                f"first: seamcheck check {os.path.relpath(root)} {file}"
            )
        paths.add(relative)
    description = f"{plural(len(paths) + outside, 'file')} given"
    if outside:
        where = f"{folder}/" if folder else "the analysed directory"
        description += f", {outside} of them outside {where}"
    return ChangeSet(description, frozenset(paths))


def _split(output: str | None) -> set[str]:
    return {p for p in (output or "").split("\0") if p}


def _is_shallow(root: Path) -> bool:
    answer = _git(root, "rev-parse", "--is-shallow-repository", problem="")
    return (answer or "").strip() == "true"


def _git(root: Path, *args: str, problem: str) -> str | None:
    """git's stdout; on failure, None when `problem` is empty, else a ChangesError."""
    import subprocess  # here: a run without --changed-since or --files need not load it

    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise ChangesError(f"git {args[0]} took longer than {GIT_TIMEOUT}s") from None
    if done.returncode == 0:
        return done.stdout
    if not problem:
        return None
    detail = done.stderr.strip().splitlines()
    raise ChangesError(f"{problem} ({detail[-1]})" if detail else problem)
