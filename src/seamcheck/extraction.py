"""The extract stage over many files: parsing in this process or with workers beside it.

The workers are processes forked without a pool on Linux (`forks.py`; forked before the
files to parse are known, where every file will be), a process pool elsewhere. This process
parses too, beside them. Workers read, hash and parse their
files and send the facts back in the cache's compact encoding (unpickling frozen dataclasses
costs as much as parsing), which this process decodes and stores: only it writes to the
cache (`factstore.py`: a SQLite connection never crosses a fork). Results are keyed by path and
assembled in path order by the caller, so they are the same whatever the number of workers
or the order they finish in.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from seamcheck.analysis import WorkerDied
from seamcheck.cache import Cache, decode_facts, encode_facts
from seamcheck.cachesecret import digest_bytes
from seamcheck.children import ctrl_c_held, start_child
from seamcheck.extract import extract
from seamcheck.facts import FileFacts
from seamcheck.inputs import facts_key
from seamcheck.progress import Progress
from seamcheck.recheck import parsed_earlier
from seamcheck.records import dataclass
from seamcheck.sourceread import SourceState, read_state

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

    from seamcheck import forks

# Starting workers and shipping facts back costs about as much as parsing this many files:
# below it, one process is faster.
MIN_FILES_PER_WORKER = 64
# The workers take chunks from the front and this process from the back. A chunk a worker
# has started (or a pool has queued) cannot be taken back, so where the two meet, one of
# them waits for the other's last chunks: chunks shrink from CHUNK_FILES at the ends to
# MIN_CHUNK_FILES in the middle, where they meet.
CHUNK_FILES = 24
MIN_CHUNK_FILES = 4


@dataclass(frozen=True, slots=True)
class Job:
    path: str
    language: str


@dataclass(frozen=True, slots=True)
class Extracted:
    """What parsing one file gave: its state (digest or skip reason) and facts, if any,
    with the digest of their encoding (as the cache's `facts_digest` gives it)."""

    path: str
    state: SourceState
    facts: FileFacts | None
    facts_digest: str = ""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(jobs: int, files: int) -> int:
    """How many processes to parse `files` with, given `--jobs` (0: one per CPU)."""
    wanted = jobs if jobs > 0 else default_jobs()
    return max(1, min(wanted, files // MIN_FILES_PER_WORKER))


def extract_files(
    root: Path,
    jobs: Sequence[Job],
    cache: Cache | None,
    workers: int,
    progress: Progress,
    meanwhile: Callable[[], object] | None = None,
    parsers: forks.Forks | None = None,
) -> dict[str, Extracted]:
    """Parse every job's file (writing each result to the cache) and return them by path.
    With a pool, `meanwhile` runs in this process once the workers have work: the parsing
    this process would have done moves to them. `parsers` (from `fork_parsers`, with
    `workers` - 1 forks) are the workers, if given; they are closed once used."""
    results: dict[str, Extracted] = {}
    if workers > 1 and parsers is None:
        parsers, workers = parsers_for(root, jobs, workers)
    if workers <= 1:
        for job in jobs:
            results[job.path] = _extract_one(root, job, cache)
            progress.advance()
        return results
    chunks = chunks_of(jobs)
    if parsers is not None:
        return _shared_with_forks(root, chunks, parsers, cache, progress, meanwhile)
    return _shared_with_pool(root, chunks, cache, workers, progress, meanwhile)


def parsers_for(root: Path, jobs: Sequence[Job], workers: int) -> tuple[forks.Forks | None, int]:
    """`fork_parsers` for `jobs`, and how many processes parse them: 1, said in one warning
    line, when the system makes none (a process limit reached, memory short): slower, but
    the same results."""
    try:
        sources = ((job.path, job.language) for job in jobs)
        return fork_parsers(root, sources, workers), workers
    except OSError as exc:
        print(
            "seamcheck: warning: cannot start a process to parse files beside this one "
            f"({exc.strerror or exc}); parsing every file in this one",
            file=sys.stderr,
        )
        return None, 1


def fork_parsers(
    root: Path, sources: Iterable[tuple[str, str]], workers: int
) -> forks.Forks | None:
    """`workers` - 1 processes forked to parse files of `root` (`sources`: their paths and
    languages) beside this one, when there are to be any, on Linux (`forks.py`), else None;
    OSError when the system makes none. Each warms up at once: it parses an empty file of
    each dialect, which imports the extractor, compiles the grammar's queries and builds the
    facts' encoder (0.02 s on eslint), so forked early, before this process knows which
    files to parse, they do it meanwhile. `extract_files` gives them their chunks."""
    if workers <= 1 or sys.platform != "linux":
        return None
    from seamcheck import forks

    wanted = sorted({_TSX if path.endswith(".tsx") else language for path, language in sources})
    return forks.start(workers - 1, lambda: _warm(wanted), lambda task: _chunk_parser(root, task))


# A `.tsx` file is parsed with a grammar of its own, whose queries are compiled apart from
# TypeScript's (0.04 s): warmed up as an empty file of that name.
_TSX = "tsx"


def _warm(dialects: Iterable[str]) -> None:
    for dialect in dialects:
        if dialect == _TSX:
            encode_facts(extract("warm.tsx", b"", "typescript"))
        else:
            encode_facts(extract("", b"", dialect))


def _chunk_parser(root: Path, task: bytes) -> Callable[[int], bytes]:
    """What a fork runs for each chunk of `task` (as `extract_files` encodes it)."""
    chunks = [[Job(path, language) for path, language in chunk] for chunk in marshal.loads(task)]
    return lambda index: _marshalled(root, chunks[index])


def _shared_with_forks(
    root: Path,
    chunks: list[Sequence[Job]],
    started: forks.Forks,
    cache: Cache | None,
    progress: Progress,
    meanwhile: Callable[[], object] | None,
) -> dict[str, Extracted]:
    """`extract_files` with forks taking chunks from the front (`forks.py`)."""
    from seamcheck.forks import ForkFailed

    results: dict[str, Extracted] = {}
    try:
        started.give(
            marshal.dumps([[(job.path, job.language) for job in chunk] for chunk in chunks]),
            len(chunks),
        )
        if meanwhile is not None:
            meanwhile()
        while (index := started.take_back()) is not None:
            for job in chunks[index]:
                results[job.path] = _extract_one(root, job, cache)
            progress.advance(len(chunks[index]))
            # Decode what the forks have sent while there is still parsing to share.
            for done, body in started.done(wait=False):
                _take_shipped(chunks[done], _unmarshalled(body), results, cache, progress)
        for done, body in started.done(wait=True):
            _take_shipped(chunks[done], _unmarshalled(body), results, cache, progress)
    except ForkFailed:
        raise WorkerDied(_WORKER_DIED) from None
    finally:
        started.close()
    return results


def _shared_with_pool(
    root: Path,
    chunks: list[Sequence[Job]],
    cache: Cache | None,
    workers: int,
    progress: Progress,
    meanwhile: Callable[[], object] | None,
) -> dict[str, Extracted]:
    """`extract_files` with a process pool, where `forks` cannot be used."""
    results: dict[str, Extracted] = {}
    # Loaded only for a pool: a run that parses a few changed files would spend longer
    # importing multiprocessing than parsing them.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # This process is one of the `workers`: the pool gets the others. The pool takes chunks
    # from the front and this process from the back, each one it can still cancel, so the
    # two meet wherever the work splits; what this process parses is neither encoded for
    # shipping nor decoded.
    with (
        _taken_back_chunks_unreported(),
        ProcessPoolExecutor(
            max_workers=workers - 1,
            mp_context=_context(),
            initializer=start_child,
            initargs=(os.getpid(),),
        ) as pool,
    ):
        futures: list[Future[list[_Shipped]]] = []
        try:
            with ctrl_c_held():  # the workers are forked at the first submit
                futures += [pool.submit(_extract_chunk, root, chunk) for chunk in chunks]
            if meanwhile is not None:
                meanwhile()
            pooled = len(futures)  # futures[:pooled] are the pool's
            collected = 0  # futures[:collected] are in `results`
            while pooled > collected and futures[pooled - 1].cancel():
                pooled -= 1
                for job in chunks[pooled]:
                    results[job.path] = _extract_one(root, job, cache)
                progress.advance(len(chunks[pooled]))
                # Decode what the pool has sent while there is still parsing to share.
                while collected < pooled and futures[collected].done():
                    shipped = futures[collected].result()
                    _take_shipped(chunks[collected], shipped, results, cache, progress)
                    collected += 1
            for index in range(collected, pooled):
                _take_shipped(chunks[index], futures[index].result(), results, cache, progress)
        except BaseException as exc:
            pool.shutdown(wait=False, cancel_futures=True)
            _stop_workers()
            if isinstance(exc, BrokenProcessPool):
                raise WorkerDied(_WORKER_DIED) from None
            raise
    return results


_WORKER_DIED = (
    "a process parsing files ended without a result (killed, or out of memory?); "
    "`--jobs 1` parses in one process"
)


def chunks_of(jobs: Sequence[Job]) -> list[Sequence[Job]]:
    """`jobs` in order, cut in chunks that shrink toward the middle: taken alternately from
    both ends, each an eighth of what is left between them, within CHUNK_FILES and
    MIN_CHUNK_FILES."""
    front: list[Sequence[Job]] = []
    back: list[Sequence[Job]] = []
    start, end = 0, len(jobs)
    while start < end:
        size = max(MIN_CHUNK_FILES, min(CHUNK_FILES, (end - start) // 8))
        if len(front) <= len(back):
            front.append(jobs[start : min(end, start + size)])
            start += len(front[-1])
        else:
            back.append(jobs[max(start, end - size) : end])
            end -= len(back[-1])
    return front + back[::-1]


def _take_shipped(
    chunk: Sequence[Job],
    shipped: Iterable[_Shipped],
    results: dict[str, Extracted],
    cache: Cache | None,
    progress: Progress,
) -> None:
    """Decode (and store) what a worker sent for `chunk`, into `results`."""
    for job, (path, state, body, digest) in zip(chunk, shipped, strict=True):
        if body is None:
            results[path] = Extracted(path, state, None)
        else:
            results[path] = _stored(job, state, decode_facts(body, path), body, cache, digest)
    progress.advance(len(chunk))


@contextmanager
def _taken_back_chunks_unreported() -> Iterator[None]:
    """Silence one CPython race for the pool's life (gh-107219: Python 3.11 has it, 3.12
    not): when a worker dies (killed, out of memory), the pool's manager thread marks every
    queued chunk failed, and on a chunk this process had cancelled to parse itself that
    raised `InvalidStateError`, printed as a thread traceback above the run's one-line
    error."""
    import concurrent.futures.process as process
    from concurrent.futures import InvalidStateError

    manager = getattr(process, "_ExecutorManagerThread", ())  # private: absent, no match
    previous = threading.excepthook

    def excepthook(args: threading.ExceptHookArgs) -> None:
        # The manager thread dies there, having failed every chunk before the cancelled
        # ones (this process cancels from the back, so they come last); what it leaves
        # undone, ending the other workers, `_stop_workers` does.
        if not (args.exc_type is InvalidStateError and isinstance(args.thread, manager)):
            previous(args)

    threading.excepthook = excepthook
    try:
        yield  # leaving the pool's `with` inside joined its manager thread
    finally:
        threading.excepthook = previous


def _stop_workers() -> None:
    """End the pool's workers now. After `shutdown(wait=False)` the pool joins nothing, and
    this process ends with `os._exit` (console.py): workers left waiting for work would
    outlive it, holding its stdout open, and whoever reads that pipe would wait forever."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers with seamcheck and the parsers already imported; elsewhere it is
    # unsafe (macOS) or missing (Windows), so spawn.
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# (path, state, encoded facts or None, their digest or ""): what a worker sends back for
# one file. The digest is taken there: this process decodes what workers send alone.
_Shipped = tuple[str, SourceState, bytes | None, str]


def _extract_chunk(root: Path, chunk: Iterable[Job]) -> list[_Shipped]:
    shipped: list[_Shipped] = []
    for job in chunk:
        state, facts = _parse(root, job)
        if facts is None:
            shipped.append((job.path, state, None, ""))
        else:
            body = encode_facts(facts)
            shipped.append((job.path, state, body, digest_bytes(body)))
    return shipped


def _marshalled(root: Path, chunk: Iterable[Job]) -> bytes:
    """What a fork sends back for `chunk`: `_extract_chunk`'s results, marshalled (strings,
    bytes and None, which `marshal` encodes faster than `pickle` and needs no import)."""
    return marshal.dumps(
        [
            (path, state.digest, state.skip, body, digest)
            for path, state, body, digest in _extract_chunk(root, chunk)
        ]
    )


def _unmarshalled(body: bytes) -> Iterator[_Shipped]:
    """What a fork sent for a chunk (`_marshalled`), as `_extract_chunk` gave it."""
    for path, digest, skip, facts, facts_digest in marshal.loads(body):
        yield path, SourceState(digest, skip), facts, facts_digest


def _extract_one(root: Path, job: Job, cache: Cache | None) -> Extracted:
    full = os.path.join(root, job.path)
    state, data = read_state(full)
    # The same bytes, parsed by the start-up's replay (which found their facts changed); a
    # file saved again since is parsed as it is now.
    earlier = parsed_earlier(full, job.language, state.digest)
    if earlier is not None:
        return _stored(job, state, *earlier, cache)
    facts = _facts(job, state, data)
    if facts is None or cache is None:
        # Without a cache nothing reads the facts digest (it keys stored runs): not encoded.
        return Extracted(job.path, state, facts)
    return _stored(job, state, facts, encode_facts(facts), cache)


def _stored(
    job: Job,
    state: SourceState,
    facts: FileFacts,
    body: bytes,
    cache: Cache | None,
    digest: str = "",
) -> Extracted:
    """The facts of `job`'s file, with the digest of their encoding `body` (taken now
    unless given), stored in the cache under the file's content."""
    digest = digest or digest_bytes(body)
    if cache is not None:
        cache.put_facts(facts_key(state.digest, job.path, job.language), body, digest)
    return Extracted(job.path, state, facts, digest)


def _parse(root: Path, job: Job) -> tuple[SourceState, FileFacts | None]:
    state, data = read_state(os.path.join(root, job.path))
    return state, _facts(job, state, data)


def _facts(job: Job, state: SourceState, data: bytes | None) -> FileFacts | None:
    if data is None or state.skip:
        return None
    return extract(job.path, data, job.language)
