"""Facts entries of the cache in one SQLite file (`facts.sqlite3` in the cache folder).

A cold run stores one entry per source file. As one file each (a temporary file renamed into
place), creating them cost the kernel more than the rest of the cache together: on the 10k
tree a cold run spent 6 s of system time and 4 s of wall time on them (`--no-cache` ran 8 s
faster). Rows written a few dozen to a transaction cost a tenth of that, and a transaction
is as atomic as a rename: a reader sees a whole entry or none.

Only facts live here. Run records and stat indexes stay files (`cache.py`): a replayed run
reads those two and nothing else, and does not pay for loading SQLite.

Nothing in the file is trusted, and the file may come from a hostile repository:
- Its journal is kept in memory, so seamcheck never leaves one on disk. A journal (or WAL)
  found beside the file is deleted before the file is opened, never rolled back: rolling
  back a forged journal makes SQLite delete whatever file it names as its super-journal.
- A symlink in its place is replaced, not followed; anything but a regular file of exactly
  the schema below (another version, not a database, a database with tables or triggers of
  its own) is replaced by a new file, built beside it and linked or renamed into place.
- Every row carries a seal binding its key to its digest, and every body must match the
  digest.
A damaged file is made again; a full disk, a read-only folder or a file another user owns
stops the writing with one warning. Rows are written only by this process's main thread
(worker processes ship their facts; a connection never crosses a fork): staged in an
in-memory table, then copied into the file in one short transaction, so another run
sharing the cache waits for the write lock for milliseconds. Another run holding it for
longer is not a fault: this run stops storing facts, quietly.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from seamcheck.cachesecret import digest_bytes, keyed_digest, place

# Bumped when the table changes: a file of another version is made again.
SCHEMA_VERSION = 2
# In every row's seal: rows of another format (2: facts in `marshal`, their strings in a
# table, `cache.encode_facts`) are a miss, and rewritten.
FORMAT = "seamcheck-facts-2"
# A rowid table (and the index its primary key makes): bodies are kilobytes, and in a
# WITHOUT ROWID table, which keeps whole rows in the key's b-tree, 20,000 inserts in random
# key order took 1.8 s against 0.5 s.
_SCHEMA = (
    "CREATE TABLE facts (key TEXT PRIMARY KEY, digest TEXT NOT NULL, seal TEXT NOT NULL, "
    "body BLOB NOT NULL, used INTEGER NOT NULL)"
)
# Files SQLite keeps beside a database, which it would read (and act on) when opening it.
_SIBLINGS = ("-journal", "-wal", "-shm")
# The page size of a new facts file (SQLite's largest); a file made before keeps its own.
PAGE_BYTES = 65536
# Rows staged before they are written: a few megabytes of bodies at most.
BATCH_ROWS = 64
# Keys asked for in one query by `get_many`: far below SQLite's least limit on a
# statement's parameters (999 before SQLite 3.32). 32 to 512 read as fast.
MANY_KEYS = 64
# Another run copies a batch in milliseconds; waiting this long means it holds the lock
# for another reason.
BUSY_TIMEOUT_S = 5.0
# Last use is what pruning goes by (in days): noting it at most daily keeps reads read-only.
TOUCH_AFTER_S = 86400


class FactsStore:
    """Facts bodies by key, with the digest of each body and when it was last used."""

    def __init__(
        self,
        path: Path,
        *,
        writable: bool,
        secret: bytes,
        warn: Callable[[str], None],
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = path
        # How long a read or write waits for another run's lock before it is a miss.
        self._busy_timeout = busy_timeout
        self.writable = writable
        self._secret = secret  # keys the seals (`cachesecret.py`)
        self._warn = warn  # says once why writing stopped
        self._connection: sqlite3.Connection | None = None
        self._opened = False
        self._inode = 0  # of the file opened: another run may put a new one in its place
        # The file was made empty by this run, which has written nothing to it yet: every
        # read is a miss, which a cold run would otherwise ask SQLite for file by file.
        self._made = False
        self._staged = 0
        self._touched: list[tuple[int, str]] = []

    # -- reading -------------------------------------------------------------------------

    def get(self, key: str) -> tuple[bytes, str] | None:
        """The body stored under `key` and its digest, if the row is sealed for `key` and
        the body matches the digest."""
        row = self._row("SELECT digest, seal, body, used FROM main.facts WHERE key = ?", key)
        if row is None:
            return None
        digest, seal, body, used = row
        if type(body) is not bytes or not self._sealed(key, digest, seal):
            return None
        if digest_bytes(body) != digest:
            return None
        self._note_use(key, used)
        return body, str(digest)

    def get_many(self, keys: Sequence[str]) -> Iterator[tuple[str, bytes, str]]:
        """(key, body, digest) of each of `keys` (distinct) that `get` would find, in the
        order of `keys`. A run that loads every file's facts asks for them `MANY_KEYS` to a
        query: on the 10k tree, reading and checking the rows one query per key took 0.20 s
        of CPU, this 0.13 (the digests of 92 MB of bodies take 0.075 s of either). One
        query's bodies are held at once (half a megabyte), never all of them."""
        connection = self._open()
        if connection is None or self._made:
            return
        for start in range(0, len(keys), MANY_KEYS):
            chunk = keys[start : start + MANY_KEYS]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT key, digest, seal, body, used FROM main.facts WHERE key IN ({marks})"
            try:
                rows = connection.execute(query, chunk).fetchall()
            except sqlite3.DatabaseError as exc:
                if _kind(exc) == "damaged":
                    self._remake()  # misses now, and a new file for what this run writes
                return  # or locked past the timeout: the rest are misses
            # In the order asked for, not SQLite's (by key): the facts decoded from them are
            # then laid out in memory in the order the resolver reads them, which took it
            # 3% longer otherwise.
            found = {row[0]: row[1:] for row in rows}
            for key in chunk:
                if key not in found:
                    continue
                digest, seal, body, used = found[key]
                if type(body) is not bytes or not self._sealed(key, digest, seal):
                    continue
                if digest_bytes(body) != digest:
                    continue
                self._note_use(key, used)
                yield key, body, str(digest)

    def digest(self, key: str) -> str | None:
        """The digest of the body stored under `key`, without reading the body: enough to
        tell that a file's facts are the same as another run's (a body gone bad is caught
        when it is read)."""
        row = self._row("SELECT digest, seal, used FROM main.facts WHERE key = ?", key)
        if row is None or not self._sealed(key, row[0], row[1]):
            return None
        self._note_use(key, row[2])
        return str(row[0])

    def usage(self) -> Iterator[tuple[str, float, int]]:
        """(key, last use, size) of every entry, for pruning."""
        connection = self._open()
        if connection is None:
            return
        try:
            query = "SELECT key, used, length(body) FROM main.facts"
            rows = connection.execute(query).fetchall()
        except sqlite3.DatabaseError:
            return
        for key, used, size in rows:
            if type(key) is str and type(used) is int and type(size) is int:
                yield key, float(used), size

    def _seal(self, key: str, digest: str) -> str:
        # What a file entry's header line did: a row moved under another key (or from
        # another format) does not pass for that key's, though its body matches its digest.
        return keyed_digest(f"{FORMAT}\n{key}\n{digest}".encode(), self._secret)

    def _sealed(self, key: str, digest: object, seal: object) -> bool:
        if not self._secret:  # blake2b with an empty key is the unkeyed hash anyone can make
            return False
        return type(digest) is str and type(seal) is str and self._seal(key, digest) == seal

    def _row(self, query: str, key: str) -> tuple[object, ...] | None:
        connection = self._open()
        if connection is None or self._made:
            return None
        try:
            row: tuple[object, ...] | None = connection.execute(query, (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            if _kind(exc) == "damaged":
                self._remake()  # a miss now, and a new file for what this run writes
            return None  # or locked past the timeout: a miss
        return row

    def _note_use(self, key: str, used: object) -> None:
        now = int(time.time())
        if self.writable and (type(used) is not int or now - used > TOUCH_AFTER_S):
            self._touched.append((now, key))

    # -- writing -------------------------------------------------------------------------

    def put(self, key: str, digest: str, body: bytes) -> None:
        """Stage one entry; every BATCH_ROWS, and on `flush`, staged entries are written.
        SQLite copies the body now: bodies kept in a list until a batch was written left
        the heap so fragmented that a 5k-file run held 30 MB more."""
        connection = self._open() if self.writable else None
        if connection is None:
            return
        row = (key, digest, self._seal(key, digest), body, int(time.time()))
        try:
            connection.execute("INSERT OR REPLACE INTO staged.facts VALUES (?, ?, ?, ?, ?)", row)
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return
        self._staged += 1
        if self._staged >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the staged entries, and note the entries this run used, in one transaction."""
        touched, self._touched = self._touched, []
        connection = self._connection if self.writable else None
        if connection is None or not (touched or self._staged):
            return
        try:
            with _transaction(connection):
                connection.execute("INSERT OR REPLACE INTO main.facts SELECT * FROM staged.facts")
                connection.executemany("UPDATE main.facts SET used = ? WHERE key = ?", touched)
            self._made = False
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
        self._clear_staged()

    def delete(self, keys: Iterable[str]) -> int:
        """Delete these entries; how many went."""
        self.flush()
        connection = self._connection if self.writable else None
        if connection is None:
            return 0
        try:
            with _transaction(connection):
                deleted = connection.executemany(
                    "DELETE FROM main.facts WHERE key = ?", ((k,) for k in keys)
                ).rowcount
            # Hand the freed pages back to the file system: the size bound holds on disk.
            # sqlite3_exec steps the pragma to the end; `execute` would free one page.
            connection.executescript("PRAGMA main.incremental_vacuum;")
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return 0
        return max(deleted, 0)

    def close(self) -> None:
        """Close the file, staged entries unwritten: for a reader done with it, whose
        connection another in the same process would otherwise wait on."""
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    def _clear_staged(self) -> None:
        self._staged = 0
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("DELETE FROM staged.facts")

    def _failed(self, exc: sqlite3.DatabaseError | OSError) -> None:
        """A write failed: what was staged is dropped, and whether writing goes on depends
        on why."""
        kind = _kind(exc) if isinstance(exc, sqlite3.DatabaseError) else "fault"
        if kind == "damaged":
            self._remake()  # the next batch goes to a new file
        elif kind == "busy" or (kind == "fault" and self._replaced()):
            # Another run holds the file, or has put a new one in its place: its entries
            # are as good as this run's would be. Stop storing, without a word.
            self.writable = False
        elif self.writable:
            self.writable = False
            self._warn(f"cannot write to {self.path.parent}: {_reason(exc)}")
        self._touched = []
        self._clear_staged()

    def _replaced(self) -> bool:
        """Whether the file opened is no longer the one at the path."""
        if not self._inode:
            return False
        try:
            return os.stat(self.path).st_ino != self._inode
        except OSError:
            return True

    # -- the file ------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._connection
        self._opened = True
        try:
            self._connection = self._connect()
        except _Busy:
            self._connection, self.writable = None, False  # reads miss; no fault of anyone's
        except (sqlite3.DatabaseError, OSError) as exc:  # OSError: removing, making a file
            self._connection = None
            self._failed(exc)
        return self._connection

    def _connect(self) -> sqlite3.Connection:
        for suffix in _SIBLINGS:
            # Never rolled back, never followed: only a file seamcheck did not write.
            sibling = self.path.with_name(self.path.name + suffix)
            if os.path.lexists(sibling):
                os.unlink(sibling)
        timeout = self._busy_timeout
        connection = _usable(self.path, timeout) if _regular_file(self.path) else None
        if connection is None:
            if not self.writable:
                raise sqlite3.OperationalError("no usable facts file, and it cannot be made")
            self._make_file()
            self._made = True
            connection = _usable(self.path, timeout)
            if connection is None:
                raise sqlite3.OperationalError("the facts file made is not usable")
        self._inode = os.stat(self.path).st_ino
        connection.execute("ATTACH DATABASE ':memory:' AS staged")
        connection.execute(_SCHEMA.replace("TABLE facts", "TABLE staged.facts"))
        return connection

    def _make_file(self) -> None:
        """A new, empty file in place of whatever was there (a symlink is replaced, not
        followed), made beside it: another run opening it meanwhile sees the old file or a
        whole new one, and two runs making one at once end up sharing one."""
        import tempfile  # only here: 3 ms of every run that reads the cache

        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".facts.", suffix=".tmp")
        os.close(handle)
        temporary = Path(name)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o644 & ~umask)  # as any cache entry, not mkstemp's 0600
            connection = _connection(temporary)
            connection.execute("PRAGMA journal_mode = MEMORY")
            # Both only before the table. A body of a few kilobytes fits a 64 KiB page, where
            # it took a chain of 4 KiB overflow pages: writing gen-1000's and Django's rows
            # takes 0.63x the CPU, reading them 0.8-0.9x, for a file 2-13% larger.
            connection.execute(f"PRAGMA page_size = {PAGE_BYTES}")
            connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
            connection.execute(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.close()
            place(temporary, self.path, replace=os.path.lexists(self.path))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def _remake(self) -> None:
        """After a read or write found the file damaged: what this run writes from now on
        goes to a new file."""
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._opened = not self.writable  # reopened (and made again) on next use
        self._staged = 0
        if self.writable:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class _Busy(Exception):
    """Another run held the file past the timeout."""


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _usable(path: Path, timeout: float) -> sqlite3.Connection | None:
    """A connection to `path` if it is a facts file of this schema (else None), its journal
    kept in memory."""
    connection = None
    try:
        connection = _connection(path, timeout)
        if _schema(connection) == _expected():
            mode = connection.execute("PRAGMA main.journal_mode = MEMORY").fetchone()
            if mode is not None and mode[0] == "memory":
                return connection
    except sqlite3.DatabaseError as exc:
        if connection is not None:
            connection.close()
        if _kind(exc) == "busy":
            raise _Busy from exc
        return None  # not a database, or a damaged one
    connection.close()
    return None


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _connection(path: Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    # Autocommit unless `_transaction` opens one. A cache needs no durability against power
    # loss (a damaged file is made again), and a file from a hostile repository gets no
    # say: no functions from its schema.
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    return connection


def _schema(connection: sqlite3.Connection) -> tuple[object, ...]:
    rows = connection.execute("SELECT type, name, sql FROM main.sqlite_master").fetchall()
    version = connection.execute("PRAGMA main.user_version").fetchone()[0]
    return (version, *sorted(rows, key=repr))  # repr: a forged file may hold anything


def _expected() -> tuple[object, ...]:
    return (
        SCHEMA_VERSION,
        ("index", "sqlite_autoindex_facts_1", None),
        ("table", "facts", _SCHEMA),
    )


def _kind(exc: sqlite3.DatabaseError) -> str:
    """busy (another run holds the file), damaged (made again), or fault (stops writing)."""
    # sqlite_errorname is there from Python 3.11; the messages are SQLite's own.
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or (
        "malformed" in text or "not a database" in text
    ):
        return "damaged"
    return "fault"


def _reason(exc: sqlite3.DatabaseError | OSError) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
