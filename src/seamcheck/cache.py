"""The on-disk cache: extracted facts by content, and the findings of whole runs by their inputs.

Layout under the cache folder (`.seamcheck_cache/` at the repository root by default):

    .gitignore, CACHEDIR.TAG   so neither git nor backup tools pick it up
    secret                     keys every seal below (`cachesecret.py`)
    facts.sqlite3              FileFacts of each file content (key: content digest +
                               settings), one row each (`factstore.py`)
    runs/ab/<key>              the findings of a run, twice: under every input of the run,
                               and under every file's facts (`inputs.py`); and where its
                               resolver looked beyond the walk, under the run's other
                               inputs (`inputs.outside_key`)
    stat/<root-id>             path -> size, mtime, ctime, inode, digest: lets an unchanged
                               file skip hashing; and the paths the resolver looked at
                               beyond the walk
    unchanged/<request>        a `check`'s output and the stat of all it read (`unchanged.py`)

Facts are rows of one SQLite file because a cold run stores thousands at once; a run record
or a stat index is one file, read by every replayed run without loading SQLite. Such a file
is one header line (format, key, payload seal) and a JSON payload, used only when the
header names the key that was asked for and the payload matches its seal; a facts row is
used only when its seal names the key asked for and its body matches its digest. Seals are
keyed by the folder's secret, so a repository cannot forge entries in a cache folder it
commits. Anything else (truncated, foreign, from another version or another secret) counts
as a miss and is rewritten. Files are written to a temporary file in the same folder and
renamed into place, rows in transactions, so two runs sharing the cache never see half an
entry. Entries unused for `MAX_AGE_DAYS` are pruned, and the oldest go first when the cache
grows past its size bound.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import marshal
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamcheck.cachesecret import keyed_digest, load_secret
from seamcheck.findings import Finding
from seamcheck.records import dataclass
from seamcheck.serialize import codec_for, packed_codec_for

if TYPE_CHECKING:
    # The facts records load only when facts are read or written: a replayed run decodes
    # findings alone (and suppression comments, when a file has any).
    from seamcheck.facts import FileFacts, Suppression
    from seamcheck.factstore import FactsStore

FORMAT = "seamcheck-cache-1"
# The shape of a stat index; an index of another version is a miss (every file is hashed
# once more). 2: the ctime joined the stat a row vouches with; what the resolver looked at
# beyond the walk.
STAT_INDEX_VERSION = 2

MAX_AGE_DAYS = 14
MAX_BYTES = 512 * 1024 * 1024
# Pruning walks the whole folder: do it at most this often per cache.
PRUNE_INTERVAL_S = 3600.0
# Size after pruning for size, as a share of the bound, so the next runs do not prune again.
PRUNE_TARGET = 0.8

FACTS_FILE = "facts.sqlite3"
# Folders of entry files; "facts" held one file per entry before facts.sqlite3; "unchanged"
# holds whole runs' output (`unchanged.py`).
_ENTRY_FOLDERS = ("facts", "runs", "stat", "unchanged")
_TEMPORARY_NUMBERS = [0]  # per process: each temporary file gets a fresh name
_GITIGNORE = "# Created by seamcheck: this folder is a cache.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by seamcheck.\n"
)


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What a replayed run needs: its findings, and the suppression comments of its files
    (the gate applies them; keeping them here spares loading every file's facts)."""

    findings: list[Finding]
    suppressions: dict[str, tuple[Suppression, ...]]


@dataclass(frozen=True, slots=True)
class StatEntry:
    """What a file looked like on disk when its content had `digest` (and `skip`: why it
    is not analysed, a function of the content too), and the digest of that content's
    encoded facts when a run learnt it ("" if not). The ctime is there because the mtime
    can be put back by hand (`cp -p`, `touch -r`) and the ctime cannot."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: str
    skip: str = ""
    facts: str = ""


@dataclass(frozen=True, slots=True)
class StatIndex:
    """What a tree's last run knew of it: each file's stat and digests, and the paths the
    Node resolver looked at beyond the walk, with what it did there (`repofiles.READ` or
    `PROBED`): this run looks at them again before it knows what its resolver will."""

    files: dict[str, StatEntry]
    outside: dict[str, str]


@dataclass(slots=True)
class Cache:
    directory: Path
    writable: bool = True
    wrote: int = 0
    _store: FactsStore | None = None
    _secret: bytes = b""  # no secret: nothing read is trusted
    # The run record last stored and its payload: a run's findings are stored under two
    # keys (`analysis._run`), and encoded once.
    _stored_run: tuple[RunRecord, bytes] | None = None

    @classmethod
    def open(cls, directory: Path) -> Cache:
        """The cache at `directory`, created with its .gitignore if missing. A folder that
        cannot be created gives a read-nothing, write-nothing cache and one warning."""
        cache = cls(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            for name, content in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                if not (directory / name).exists():
                    cache._write_file(directory / name, content.encode())
            cache._secret = load_secret(directory)
            for kind in _ENTRY_FOLDERS:
                # A committed folder may hold a symlink in an entry folder's place: followed,
                # pruning would delete old files wherever it leads, and entries be written
                # there. The link goes (never what it points to); the folder is made anew.
                if os.path.islink(directory / kind):
                    os.unlink(directory / kind)
        except OSError as exc:
            where = exc.filename if isinstance(exc, IsADirectoryError) else directory
            cache._disable(f"cannot create {where}: {exc.strerror or exc}")
        return cache

    # -- facts ---------------------------------------------------------------------------

    def get_facts(self, key: str, path: str) -> tuple[FileFacts, str] | None:
        """The facts stored under `key` (for the file at `path`) and the digest of their
        encoding, or None."""
        found = self.facts_store().get(key)
        if found is None:
            return None
        body, digest = found
        try:
            return decode_facts(body, path), digest
        except (ValueError, TypeError, RecursionError):  # a payload nested too deep
            return None

    def get_many_facts(self, wanted: Sequence[tuple[str, str]]) -> dict[str, tuple[FileFacts, str]]:
        """`get_facts` of each (key, path) of `wanted`: path -> the facts and their digest,
        for those found, in the order of `wanted`; read from the store many to a query
        (`FactsStore.get_many`), each row checked as `get_facts` checks it."""
        paths: dict[str, list[str]] = {}
        for key, path in wanted:
            paths.setdefault(key, []).append(path)
        found: dict[str, tuple[FileFacts, str]] = {}
        for key, body, digest in self.facts_store().get_many(list(paths)):
            for path in paths.get(key, ()):  # a key asked for: SQLite matched it
                try:
                    found[path] = decode_facts(body, path), digest
                except (ValueError, TypeError, RecursionError):  # a payload nested too deep
                    continue
        return {path: found[path] for _, path in wanted if path in found}

    def facts_digest(self, key: str) -> str | None:
        """The digest of the facts stored under `key`, without reading them. Enough to tell
        that a file's facts are the same as another run's; a body gone bad is caught when
        it is decoded."""
        return self.facts_store().digest(key)

    def put_facts(self, key: str, body: bytes, digest: str) -> None:
        """Store facts already encoded with `encode_facts`, and their `digest_bytes`."""
        if self.writable:
            self.facts_store().put(key, digest, body)
            self.wrote += 1

    def facts_store(self) -> FactsStore:
        # Opened on first use: a replayed run reads no facts and need not load SQLite.
        if self._store is None:
            from seamcheck.factstore import FactsStore

            self._store = FactsStore(
                self.directory / FACTS_FILE,
                writable=self.writable,
                secret=self._secret,
                warn=self._disable,
            )
        return self._store

    # -- runs ----------------------------------------------------------------------------

    def get_findings(self, key: str) -> RunRecord | None:
        payload = self._read(self._entry("runs", key), key)
        if type(payload) is not list or len(payload) != 2 or type(payload[1]) is not dict:
            return None
        try:
            finding = codec_for(Finding).decode
            findings = [finding(item) for item in payload[0]]
            suppressions: dict[str, tuple[Suppression, ...]] = {}
            if payload[1]:
                from seamcheck.facts import Suppression

                suppression = codec_for(Suppression).decode
                suppressions = {
                    str(path): tuple(suppression(item) for item in items)
                    for path, items in payload[1].items()
                }
        except (ValueError, TypeError, RecursionError):  # a payload nested too deep
            return None
        return RunRecord(findings, suppressions)

    def put_findings(self, key: str, record: RunRecord) -> None:
        if not self.writable or not self._secret:
            return
        if self._stored_run is None or self._stored_run[0] is not record:
            from seamcheck.facts import Suppression

            finding, suppression = codec_for(Finding).encode, codec_for(Suppression).encode
            payload = [
                [finding(f) for f in record.findings],
                {
                    p: [suppression(s) for s in found]
                    for p, found in sorted(record.suppressions.items())
                },
            ]
            self._stored_run = (record, _dumps(payload))
        self._write_body(self._entry("runs", key), key, self._stored_run[1])

    def get_outside(self, key: str) -> dict[str, str] | None:
        """Where a run stored under `key` (`inputs.outside_key`) had its resolver look
        beyond the walk: path -> `repofiles.READ` or `PROBED`."""
        payload = self._read(self._entry("runs", key), key)
        if type(payload) is not dict or not all(type(v) is str for v in payload.values()):
            return None
        return payload

    def put_outside(self, key: str, outside: Mapping[str, str]) -> None:
        self._write(self._entry("runs", key), key, dict(sorted(outside.items())))

    # -- stat index ----------------------------------------------------------------------

    def get_stat_index(self, root_id: str, facts_identity: str) -> StatIndex:
        """The stat index of a tree. Facts digests, and why a source is not analysed, are
        kept only if they were learnt by the same extraction (`facts_identity`): another
        version's facts of a content differ, and so may its rule for what is analysed
        (`sourceread.unanalysable`), which the file's next read decides again."""
        payload = self._read(self.directory / "stat" / root_id, root_id)
        if (
            type(payload) is not dict
            or payload.get("version") != STAT_INDEX_VERSION
            or type(payload.get("files")) is not dict
            or type(payload.get("outside")) is not dict
        ):
            return StatIndex({}, {})
        same = payload.get("facts_identity") == facts_identity
        try:
            files = {
                path: StatEntry(*row) if same else StatEntry(*row[:5])
                for path, row in payload["files"].items()
            }
        except TypeError:
            return StatIndex({}, {})
        # A guess only: a run stored under other paths is a miss, never a wrong replay.
        outside = {p: how for p, how in payload["outside"].items() if type(how) is str}
        return StatIndex(files, outside)

    def put_stat_index(self, root_id: str, index: StatIndex, facts_identity: str) -> None:
        files = {
            p: [e.size, e.mtime_ns, e.ctime_ns, e.inode, e.digest, e.skip, e.facts]
            for p, e in sorted(index.files.items())
        }
        payload = {
            "version": STAT_INDEX_VERSION,
            "facts_identity": facts_identity,
            "files": files,
            "outside": dict(sorted(index.outside.items())),
        }
        self._write(self.directory / "stat" / root_id, root_id, payload)

    # -- maintenance ---------------------------------------------------------------------

    def prune(
        self,
        *,
        now: float | None = None,
        max_age_days: float = MAX_AGE_DAYS,
        max_bytes: int = MAX_BYTES,
        force: bool = False,
    ) -> int:
        """Delete entries unused for `max_age_days`, then the oldest while over `max_bytes`.
        Runs at most once per PRUNE_INTERVAL_S unless forced; returns how many went."""
        if not self.writable:
            return 0
        now = time.time() if now is None else now
        marker = self.directory / "last-prune"
        try:
            if not force and now - marker.stat().st_mtime < PRUNE_INTERVAL_S:
                return 0
        except OSError:
            pass
        # (last use, size, file or facts key), oldest first
        entries: list[tuple[float, int, Path | str]] = [
            (used, size, path) for path, used, size in self._files()
        ]
        if (self.directory / FACTS_FILE).exists():
            entries += [(used, size, key) for key, used, size in self.facts_store().usage()]
        entries.sort(key=lambda e: e[0])
        total = sum(size for _, size, _ in entries)
        too_old = now - max_age_days * 86400
        goal = max_bytes * PRUNE_TARGET if total > max_bytes else float("inf")
        gone_files = 0
        gone_facts: list[str] = []
        for used, size, entry in entries:
            if used >= too_old and total <= goal:
                break
            if isinstance(entry, str):
                gone_facts.append(entry)
            else:
                try:
                    entry.unlink()
                except OSError:
                    continue  # another run pruned it first
                gone_files += 1
            total -= size
        removed = gone_files + (self.facts_store().delete(gone_facts) if gone_facts else 0)
        try:
            self._write_file(marker, b"")
            os.utime(marker, (now, now))
        except OSError:
            pass
        return removed

    def _files(self) -> Iterator[tuple[Path, float, int]]:
        # facts/: one file per entry before facts.sqlite3; nothing reads them, and they go
        # when unused for long enough, one by one, like any other entry.
        for kind in _ENTRY_FOLDERS:
            # os.walk does not descend into a symlinked folder below the top, and `open`
            # removed one at the top.
            for dirpath, _, files in os.walk(self.directory / kind):
                for name in files:
                    path = Path(dirpath, name)
                    try:
                        info = path.stat()
                    except OSError:
                        continue
                    yield path, info.st_mtime, info.st_size

    # -- entries -------------------------------------------------------------------------

    def _entry(self, kind: str, key: str) -> Path:
        return self.directory / kind / key[:2] / key

    def _read(self, path: Path, key: str) -> Any:
        """The entry's payload, if the header names `key` and the payload matches its seal."""
        if not self._secret:
            return None
        try:
            # Not through a symlink: one to /dev/zero would be read until memory ran out.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        header, _, body = raw.partition(b"\n")
        if _stored_digest(header, key) != keyed_digest(body, self._secret):
            return None
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        self._touch(path)
        return payload

    def _touch(self, path: Path) -> None:
        # Used now: pruning goes by last use, and mtime is what every file system keeps.
        if self.writable:
            with contextlib.suppress(OSError):
                os.utime(path)

    def _write(self, path: Path, key: str, payload: Any) -> None:
        if self.writable and self._secret:
            self._write_body(path, key, _dumps(payload))

    def _write_body(self, path: Path, key: str, body: bytes) -> None:
        if not self.writable or not self._secret:
            return
        seal = keyed_digest(body, self._secret)
        header = json.dumps({"format": FORMAT, "key": key, "digest": seal})
        data = header.encode() + b"\n" + body
        try:
            if os.path.islink(path.parent):  # a committed fan-out folder: not followed
                os.unlink(path.parent)
            try:
                self._write_file(path, data)
            except FileNotFoundError:  # first entry in its folder: create it only then
                path.parent.mkdir(parents=True, exist_ok=True)
                self._write_file(path, data)
        except OSError as exc:
            self._disable(f"cannot write to {self.directory}: {exc.strerror or exc}")
            return
        self.wrote += 1

    def flush(self) -> None:
        """Commit the facts written so far."""
        if self._store is not None:
            self._store.flush()

    def _write_file(self, path: Path, data: bytes) -> None:
        """Atomic: a reader sees the old file, the new one, or none, never a part."""
        # Named by process and counter (cheaper than mkstemp); O_EXCL still guards against a
        # name left behind by a crashed run that had the same process id.
        _TEMPORARY_NUMBERS[0] += 1
        temporary = str(path.parent / f".tmp-{os.getpid()}-{_TEMPORARY_NUMBERS[0]}")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            import tempfile

            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _disable(self, problem: str) -> None:
        if self._store is not None:
            self._store.writable = False
        if self.writable:
            self.writable = False
            print(f"seamcheck: warning: cache disabled: {problem}", file=sys.stderr)


def _stored_digest(header: bytes, key: str) -> str | None:
    """The payload seal an entry's header line records, if the line is a header of this
    format for `key`."""
    try:
        meta = json.loads(header)
    except (ValueError, UnicodeDecodeError):
        return None
    if type(meta) is not dict or meta.get("format") != FORMAT or meta.get("key") != key:
        return None
    digest = meta.get("digest")
    return digest if type(digest) is str else None


def encode_facts(facts: FileFacts) -> bytes:
    """The compact form facts are stored in, and shipped from worker processes in. Without
    the path: facts are stored by content, and files with the same bytes must give the same
    entry (and the same digest, which `inputs.facts_run_key` compares).

    `marshal`, version 2: the packed payload (`serialize.packed_codec_for`) holds lists,
    strings, ints, booleans and None, which marshal reads at a fraction of what JSON costs
    and writes at a third. Version 2 writes a value the same bytes however it was made
    (later versions mark shared and interned objects), so the digest names the facts alone.
    marshal is not made for bytes from elsewhere; none reach it: a stored body is decoded
    only once its digest and its row's keyed seal match (`factstore.py`), and shipped ones
    come from this run's own workers."""
    from seamcheck.facts import FileFacts

    return marshal.dumps(packed_codec_for(FileFacts).encode(dataclasses.replace(facts, path="")), 2)


def decode_facts(body: bytes, path: str) -> FileFacts:
    """Facts from `encode_facts` output for the file at `path`; ValueError or TypeError when
    it does not fit the shape."""
    from seamcheck.facts import FileFacts

    try:
        payload = marshal.loads(body)
    except EOFError:  # cut short
        raise ValueError("FileFacts: a truncated body") from None
    if type(payload) is not list or len(payload) != 2:
        raise ValueError("FileFacts: expected a list of a table and a body")
    table, encoded = payload
    if type(table) is not list or type(encoded) is not list or not encoded:
        raise ValueError("FileFacts: expected a list of a table and a body")
    # FileFacts.path is the body's first value, the index of "" as stored.
    encoded[0] = len(table)
    table.append(path)
    facts: FileFacts = packed_codec_for(FileFacts).decode(payload)
    return facts


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
