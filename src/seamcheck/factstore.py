"""Facts entries of the cache in one SQLite file (`facts.sqlite3` in the cache folder).

A cold run stores one entry per source file. As one file each (a temporary file renamed into
place), creating them cost the kernel more than the rest of the cache together: on the 10k
tree a cold run spent 6 s of system time and 4 s of wall time on them (`--no-cache` ran 8 s
faster). Rows inserted a few hundred to a transaction cost a tenth of that, and a
transaction is as atomic as a rename: a reader sees a whole entry or none.

Only facts live here. Run records and stat indexes stay files (`cache.py`): a replayed run
reads those two and nothing else, and does not pay for loading SQLite.

Nothing in the file is trusted: its schema must be exactly the one below (anything else,
including a file that is not a database, is deleted and made again when the folder is
writable, else not read), and every body must match the digest stored beside it. Rows are
written only by this process's main thread, in batches; worker processes ship their facts
here rather than writing (a SQLite connection is never carried across a fork).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

# Bumped when the table changes: a file of another version is made again.
SCHEMA_VERSION = 1
FORMAT = "seamcheck-facts-1"
_SCHEMA = (
    "CREATE TABLE facts (key TEXT PRIMARY KEY, digest TEXT NOT NULL, seal TEXT NOT NULL, "
    "body BLOB NOT NULL, used INTEGER NOT NULL) WITHOUT ROWID"
)
# Rows per transaction: the write lock another run would wait for is held while this
# many files are parsed (tens of milliseconds), and their pages fit SQLite's page cache.
BATCH_ROWS = 64
# Another run writing holds the file for milliseconds; this long means something is wrong.
BUSY_TIMEOUT_S = 10.0
# Last use is what pruning goes by (in days): noting it at most daily keeps reads read-only.
TOUCH_AFTER_S = 86400


class FactsStore:
    """Facts bodies by key, with the digest of each body and when it was last used."""

    def __init__(
        self,
        path: Path,
        *,
        writable: bool,
        warn: Callable[[str], None],
        digest_of: Callable[[bytes], str],
    ) -> None:
        self.path = path
        self.writable = writable
        self._warn = warn  # says once why writing stopped
        self._digest_of = digest_of
        self._connection: sqlite3.Connection | None = None
        self._opened = False
        self._batch = 0  # rows inserted by the transaction still open
        self._touched: list[tuple[int, str]] = []

    # -- reading -------------------------------------------------------------------------

    def get(self, key: str) -> tuple[bytes, str] | None:
        """The body stored under `key` and its digest, if the row is sealed for `key` and
        the body matches the digest."""
        row = self._row("SELECT digest, seal, body, used FROM facts WHERE key = ?", key)
        if row is None:
            return None
        digest, seal, body, used = row
        if type(body) is not bytes or not self._sealed(key, digest, seal):
            return None
        if self._digest_of(body) != digest:
            return None
        self._note_use(key, used)
        return body, str(digest)

    def digest(self, key: str) -> str | None:
        """The digest of the body stored under `key`, without reading the body: enough to
        tell that a file's facts are the same as another run's (a body gone bad is caught
        when it is read)."""
        row = self._row("SELECT digest, seal, used FROM facts WHERE key = ?", key)
        if row is None or not self._sealed(key, row[0], row[1]):
            return None
        self._note_use(key, row[2])
        return str(row[0])

    def _seal(self, key: str, digest: str) -> str:
        # What a file entry's header line did: a row moved under another key (or from
        # another format) does not pass for that key's, though its body matches its digest.
        return self._digest_of(f"{FORMAT}\n{key}\n{digest}".encode())

    def _sealed(self, key: str, digest: object, seal: object) -> bool:
        return type(digest) is str and type(seal) is str and self._seal(key, digest) == seal

    def usage(self) -> Iterator[tuple[str, float, int]]:
        """(key, last use, size) of every entry, for pruning."""
        connection = self._open()
        if connection is None:
            return
        try:
            rows = connection.execute("SELECT key, used, length(body) FROM facts").fetchall()
        except sqlite3.DatabaseError:
            return
        for key, used, size in rows:
            if type(key) is str and type(used) is int and type(size) is int:
                yield key, float(used), size

    def _row(self, query: str, key: str) -> tuple[object, ...] | None:
        connection = self._open()
        if connection is None:
            return None
        try:
            row: tuple[object, ...] | None = connection.execute(query, (key,)).fetchone()
        except sqlite3.OperationalError:
            return None  # locked past the timeout: a miss
        except sqlite3.DatabaseError:
            self._remake()  # damaged: a miss now, and a fresh file for what this run writes
            return None
        return row

    def _note_use(self, key: str, used: object) -> None:
        now = int(time.time())
        if self.writable and (type(used) is not int or now - used > TOUCH_AFTER_S):
            self._touched.append((now, key))

    # -- writing -------------------------------------------------------------------------

    def put(self, key: str, digest: str, body: bytes) -> None:
        """Insert at once, in a transaction committed every BATCH_ROWS rows (and by
        `flush`). SQLite copies the body now: kept in a list until a batch was written,
        bodies left the heap so fragmented that a 5k-file run held 30 MB more."""
        connection = self._open() if self.writable else None
        if connection is None:
            return
        try:
            if not connection.in_transaction:
                connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?)",
                (key, digest, self._seal(key, digest), body, int(time.time())),
            )
            self._batch += 1
            if self._batch >= BATCH_ROWS:
                self._commit(connection)
        except sqlite3.DatabaseError as exc:
            self._stop_writing(exc)

    def delete(self, keys: Iterable[str]) -> int:
        """Delete these entries; how many went."""
        self.flush()
        connection = self._open()
        if connection is None or not self.writable:
            return 0
        try:
            with _transaction(connection):
                deleted = connection.executemany(
                    "DELETE FROM facts WHERE key = ?", ((k,) for k in keys)
                ).rowcount
            # Hand the freed pages back to the file system: the size bound holds on disk.
            # sqlite3_exec steps the pragma to the end; `execute` would free one page.
            connection.executescript("PRAGMA incremental_vacuum;")
        except sqlite3.DatabaseError as exc:
            self._stop_writing(exc)
            return 0
        return max(deleted, 0)

    def flush(self) -> None:
        """Commit what was inserted, and note the entries this run used."""
        touched, self._touched = self._touched, []
        connection = self._connection if self.writable else None
        if connection is None or not (touched or connection.in_transaction):
            return
        try:
            if not connection.in_transaction:
                connection.execute("BEGIN IMMEDIATE")
            connection.executemany("UPDATE facts SET used = ? WHERE key = ?", touched)
            self._commit(connection)
        except sqlite3.DatabaseError as exc:
            self._stop_writing(exc)

    def _commit(self, connection: sqlite3.Connection) -> None:
        connection.execute("COMMIT")
        self._batch = 0

    def _stop_writing(self, exc: sqlite3.DatabaseError | OSError) -> None:
        """Give up writing (what this run inserted is rolled back) and say why, once."""
        if self._connection is not None and self._connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")
        if self.writable:
            self.writable = False
            self._touched = []
            self._warn(f"cannot write to {self.path.parent}: {_reason(exc)}")

    # -- the file ------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._connection
        self._opened = True
        try:
            self._connection = self._connect()
        except (sqlite3.DatabaseError, OSError) as exc:  # OSError: making a new file
            self._connection = None
            self._stop_writing(exc)
        return self._connection

    def _connect(self) -> sqlite3.Connection:
        existing = _usable(self.path) if self.path.exists() else None
        if existing is not None:
            return existing
        if not self.writable:
            raise sqlite3.OperationalError("no usable facts file, and it cannot be made")
        self._make_file()
        return _connection(self.path)

    def _make_file(self) -> None:
        """A new, empty file in place of whatever was there, made beside it and renamed:
        another run opening it meanwhile sees the old file or a whole new one."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        try:
            connection = _connection(temporary)
            connection.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only before the table
            connection.execute(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path.with_name(self.path.name + "-journal"))
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _remake(self) -> None:
        """After a read found the file damaged: reads miss from now on, and what this run
        writes goes to a new file."""
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._opened = not self.writable  # reopened (and made again) on next use
        if self.writable:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


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


def _connection(path: Path) -> sqlite3.Connection:
    # Autocommit unless `with connection:` opens a transaction; rollback journal (the
    # default), which a read-only folder can still be read with, unlike WAL.
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    # A cache needs no durability against power loss (a damaged file is made again), and
    # a file from a hostile repository gets no say: no functions from its schema.
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    return connection


def _usable(path: Path) -> sqlite3.Connection | None:
    """A connection to `path` if it is a facts file of this schema."""
    connection = None
    try:
        connection = _connection(path)
        if _schema(connection) == _expected():
            return connection
    except sqlite3.DatabaseError:
        pass  # not a database, or a damaged one
    if connection is not None:
        connection.close()
    return None


def _schema(connection: sqlite3.Connection) -> tuple[object, ...]:
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    return (version, *sorted(rows))


def _expected() -> tuple[object, ...]:
    return (SCHEMA_VERSION, ("table", "facts", _SCHEMA))


def _reason(exc: sqlite3.DatabaseError | OSError) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
