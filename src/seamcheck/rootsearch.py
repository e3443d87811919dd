"""Which folder is the repository when seamcheck is pointed inside it.

A developer in `services/gateway` who runs `seamcheck check` means the repository, not that
folder alone: analysed alone, its clients call hosts of no service (the compose file is
above), and the root's policies do not apply. So when the folder given does not configure
seamcheck and a folder above it does, within the same git work tree, that folder is the
repository analysed, as ruff and mypy find their configuration.

Only a configuration marks the root. The top of the git work tree alone does not: a
repository holding example or fixture trees (seamcheck's own `fixtures/demo`) means each of
them when pointed at it, and analysing the whole work tree instead would be a surprise and
could be large. Nor is anything above the work tree looked at: a `seamcheck.toml` left in a
home folder or /tmp must not turn a checkout into part of a bigger tree.
"""

from __future__ import annotations

import os
from pathlib import Path

from seamcheck.config import CONFIG_FILE, tomllib
from seamcheck.unchanged import KIND, STAT


def existing_config(folder: Path) -> str | None:
    """Which file configures seamcheck in `folder`, if any: seamcheck.toml, else a
    pyproject.toml with a [tool.seamcheck] table (one that cannot be read says nothing)."""
    if (folder / CONFIG_FILE).exists():
        return CONFIG_FILE
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            return None
        if isinstance(tool, dict) and "seamcheck" in tool:
            return "pyproject.toml [tool.seamcheck]"
    return None


def configured_root(folder: Path) -> tuple[Path, str] | None:
    """The nearest folder above `folder`, up to the top of its git work tree, that configures
    seamcheck, and the file that does; None when `folder` configures it itself, is the top of
    its work tree or in none, or no folder in between configures it."""
    here = folder.resolve()
    if existing_config(here) is not None:
        return None
    top = _work_tree_top(here)
    if top is None or top == here:
        return None
    for above in here.parents:
        found = existing_config(above)
        if found is not None:
            return above, found
        if above == top:
            break
    return None


def checkout_prefix(root: Path) -> str:
    """The analysed root's folder inside its git work tree (`platform/`, POSIX, with its
    slash), or "" at the top or outside one: what code scanning, the Actions runner and
    GitLab read a path against is the top of the checkout, not the folder seamcheck analysed.

    Found by the `.git` above, as the root search finds the work tree, not by asking git: git
    refusing the repository (`safe.directory`, a CI container's checkout owned by another
    user), missing from PATH or not runnable must neither stop a report nor leave its paths
    where no file is, and a replayed run (`unchanged.py`) can watch a `.git`, not git."""
    here = root.resolve()
    top = _work_tree_top(here)
    if top is None or top == here:
        return ""
    return here.relative_to(top).as_posix() + "/"


def checkout_looked_at(root: Path) -> list[tuple[str, int]]:
    """What decides `checkout_prefix(root)`, for `unchanged.py`: `.git` by its presence in
    `root` and each folder above it up to the top of its work tree (every one, when it is in
    none)."""
    here = root.resolve()
    consulted = []
    for place in (here, *here.parents):
        consulted.append((str(place / ".git"), KIND))
        if os.path.lexists(place / ".git"):
            break
    return consulted


def _work_tree_top(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` holding `.git` (a folder, or the file of a
    linked work tree or submodule); git is not run, so this costs a few stats."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def looked_at(folder: Path) -> list[tuple[str, int]]:
    """What decides `configured_root(folder)`, for `unchanged.py`: in `folder`, and when it
    does not configure seamcheck itself, in each folder above it up to the top of its work
    tree (every one, when it is in none), the config files by their content and `.git` by
    its presence (git rewrites what is in it on every commit)."""
    here = folder.resolve()
    consulted = [here]
    if existing_config(here) is None:
        top = _work_tree_top(here)
        for above in here.parents if top != here else ():
            consulted.append(above)
            if above == top:
                break
    return [
        (str(place / name), how)
        for place in consulted
        for name, how in ((".git", KIND), (CONFIG_FILE, STAT), ("pyproject.toml", STAT))
    ]
