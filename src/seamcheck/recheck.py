"""Whether sources edited since a recorded `check` still give the facts that run analysed:
then its findings hold, and `unchanged.replay` prints them without starting the CLI.

Later stages see a source only through its facts (`inputs.facts_run_key` says which sources
are read as text too: those are not recorded for this). An edit that leaves the facts as
they were (a comment at the end of a file, a reworded docstring or log message) leaves every
finding as it was, so parsing the edited files is all such a run needs: the CLI, the
configuration, the walk and the cache's stat index are not loaded. `analysis.py` replays
the same edits by the same facts digests, once the CLI has started.

An edit that only moves lines (a line added at the top) changes the facts, but not the
findings of a file none of them is about or names (`carry.py`, which `analysis.py` uses to
carry findings across such edits once the CLI has started): when the recorded output does
not name the file either, it is printed as it was. The recorded facts are read from the
cache and paired with the new ones by `carry.line_map`.

A file counts only as the walk and the extract stage would take it: a regular file (not a
symlink, whose target may have moved out of the tree) no larger than `max_file_size`, whose
bytes are analysed (`sourceread.unanalysable`). A folder whose stat changed counts as
unchanged when it lists the same names, each of the same kind: editors that save by
renaming a new file over the old one change the folder's stat and nothing the walk sees.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing itself is not imported at start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from seamcheck.facts import FileFacts

# More changed paths than this are left to the pipeline, which parses in parallel.
MAX_RECHECKED = 64

# What `facts_hold` parsed, by absolute path: (language, digest of the bytes parsed,
# facts, their encoding). When the facts did change, the pipeline runs next in this process
# and takes these (`parsed_earlier`) rather than parse the same bytes again.
_parsed: dict[str, tuple[str, str, FileFacts, bytes]] = {}


def listing_digest(folder: str) -> str:
    """A digest of the names in `folder` and what each is (a folder, a symlink, a file,
    something else): all the walk goes by when it lists it. "" when it cannot be listed."""
    from seamcheck.cachesecret import digest_bytes

    try:
        with os.scandir(folder) as entries:
            listed = sorted(f"{entry.name}/{_kind(entry)}" for entry in entries)
    except (OSError, ValueError):
        return ""
    return digest_bytes("\0".join(listed).encode("utf-8", "surrogateescape"))


def _kind(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "l"
    if entry.is_dir(follow_symlinks=False):
        return "d"
    return "f" if entry.is_file(follow_symlinks=False) else "o"


def facts_hold(
    sources: Iterable[tuple[str, str, str, str, str]],
    max_size: int,
    moves_lines: Callable[[str], bool],
    stored: Callable[[str], tuple[bytes, str] | None],
) -> bool:
    """Whether each source, as (absolute path, repo-relative path, language, digest of the
    facts recorded, their cache key), still gives those facts, or gives them with lines
    moved (a line added at the top) where `moves_lines` of its repo path allows it (no
    recorded finding depends on its lines: `carry.unaffected`). `stored` gives the
    recorded facts, encoded, and their digest, by cache key. Stops at the first source
    that does not hold."""
    from seamcheck.cache import encode_facts
    from seamcheck.cachesecret import digest_bytes
    from seamcheck.extract import extract
    from seamcheck.sourceread import read_state

    for full, path, language, recorded, key in sources:
        try:
            info = os.lstat(full)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_size:
            return False
        state, data = read_state(full)
        if data is None or state.skip or len(data) > max_size:  # it may have grown since
            return False
        try:
            facts = extract(path, data, language)
        except Exception:  # the pipeline runs next, and reports it as it does
            return False
        encoded = encode_facts(facts)
        _parsed[full] = (language, state.digest, facts, encoded)
        if digest_bytes(encoded) != recorded and not (
            moves_lines(path) and _only_moved(path, facts, stored(key), recorded)
        ):
            return False
    return True


def _only_moved(
    path: str, facts: FileFacts, stored: tuple[bytes, str] | None, recorded: str
) -> bool:
    """Whether `facts` are the recorded facts (`stored`) with lines moved."""
    if stored is None or stored[1] != recorded:
        return False
    from seamcheck.cache import decode_facts
    from seamcheck.carry import line_map

    try:
        before = decode_facts(stored[0], path)
    except (ValueError, TypeError, RecursionError):
        return False
    return line_map(before, facts) is not None


def parsed_earlier(full: str, language: str, digest: str) -> tuple[FileFacts, bytes] | None:
    """What `facts_hold` parsed of the file at `full` in this process, once: its facts
    and their encoding, when the bytes it parsed are those whose digest is `digest` (the
    bytes the caller read there now)."""
    earlier = _parsed.pop(full, None)
    if earlier is None or earlier[:2] != (language, digest):
        return None
    return earlier[2:]
