"""Which folder is the repository when seamcheck is pointed inside it.

A developer in `services/gateway` who runs `seamcheck check` means the repository, not that
folder alone: analysed alone, its clients call hosts of no service (the compose file is
above), and the root's policies do not apply. So when the folder given does not configure
seamcheck and a folder above it does, within the same git work tree, that folder is the
repository analysed, as ruff and mypy find their configuration.

Only a configuration marks the root (or a `[tool.seamchek]` meant as one, which the run then
refuses as it would at that folder). The top of the git work tree alone does not: a
repository holding example or fixture trees (seamcheck's own `fixtures/demo`) means each of
them when pointed at it, and analysing the whole work tree instead would be a surprise and
could be large. Nor is anything above the work tree looked at: a `seamcheck.toml` left in a
home folder or /tmp must not turn a checkout into part of a bigger tree. Nor does a folder
below become the root: where the root configures nothing, the folders below that do
(`configured_below`) are named on stderr, with the command that applies theirs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from seamcheck.config import (
    CONFIG_FILE,
    ConfigError,
    misspelt_table,
    refuse_misspelt_table,
    tomllib,
)
from seamcheck.unchanged import KIND, STAT


def existing_config(folder: Path) -> str | None:
    """Which file configures seamcheck in `folder`, if any: seamcheck.toml, else a
    pyproject.toml with a [tool.seamcheck] table (one that cannot be read says nothing)."""
    if (folder / CONFIG_FILE).exists():
        return CONFIG_FILE
    tool = _pyproject_tools(folder)
    if tool is not None and "seamcheck" in tool:
        return "pyproject.toml [tool.seamcheck]"
    return None


def meant_config(folder: Path) -> str | None:
    """`existing_config`, or a pyproject.toml whose `[tool.seamchek]` misspells the table:
    a configuration too, to the root search. Passed over, a run in a folder below would climb
    past it and apply the defaults without a word, where one at its top is refused
    (`config.load_config`); stopped at, it is refused the same way."""
    found = existing_config(folder)
    if found is not None:
        return found
    near = misspelt_table(_pyproject_tools(folder))
    return None if near is None else f"pyproject.toml [tool.{near}]"


def misspelt_config(folder: Path, shown: str) -> str | None:
    """The error a run at `folder` stops with because its pyproject.toml misspells the
    `[tool.seamcheck]` table (`config.load_config`'s words, the file named `shown`), where
    no seamcheck.toml is beside it; None otherwise. A folder `meant_config` finds by such a
    table alone is configured by nothing: the messages that name it say this instead."""
    if (folder / CONFIG_FILE).exists():
        return None
    try:
        refuse_misspelt_table(_pyproject_tools(folder), shown)
    except ConfigError as exc:
        return str(exc)
    return None


def _pyproject_tools(folder: Path) -> dict[str, object] | None:
    """The `tool` table of `folder`'s pyproject.toml; None when there is none, it is not a
    table or the file cannot be read."""
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    return tool if isinstance(tool, dict) else None


def configured_root(folder: Path) -> tuple[Path, str] | None:
    """The nearest folder above `folder`, up to the top of its git work tree, that configures
    seamcheck (`meant_config`), and the file that does; None when `folder` configures it
    itself, is the top of its work tree or in none, or no folder in between configures it."""
    here = folder.resolve()
    if meant_config(here) is not None:
        return None
    top = _work_tree_top(here)
    if top is None or top == here:
        return None
    for above in here.parents:
        found = meant_config(above)
        if found is not None:
            return above, found
        if above == top:
            break
    return None


def configured_below(root: Path, files: Iterable[str]) -> list[tuple[str, str]]:
    """The folders below `root` that configure seamcheck (`meant_config`), root-relative
    (POSIX) and sorted, each with the file that does: of `files` (root-relative, those the
    walk listed), the seamcheck.toml and pyproject.toml files in a folder of the root."""
    folders = sorted(
        {
            folder
            for folder, _, name in (path.rpartition("/") for path in files)
            if folder and name in (CONFIG_FILE, "pyproject.toml")
        }
    )
    found = [(folder, meant_config(root / folder)) for folder in folders]
    return [(folder, marker) for folder, marker in found if marker is not None]


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
    if meant_config(here) is None:
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
