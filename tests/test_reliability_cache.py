"""Cache reliability (issue #9, against the cache of issue #8): a cache that cannot be written,
corrupted or foreign entries, two runs sharing one cache, a run interrupted with Ctrl-C, and
`--jobs 1` / `--jobs 2` give exactly what a run without the cache gives.

Black-box: only the documented interface is used (`--cache-dir`, `SEAMCHECK_CACHE_DIR`,
`--no-cache`, `--jobs`, `.seamcheck_cache/` at the root), and the result is always compared
with a `--no-cache` run of the same tree. The one exception: the Ctrl-C test runs the CLI
through a script that makes it wait at each point where it writes to its cache, so that
the signal lands there on a busy machine as on an idle one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_helpers import base_repo
from seamcheck.cachefolder import RACY_WINDOW_NS

pytest.importorskip(
    "seamcheck.cache",
    reason="seamcheck.cache (issue #8: .seamcheck_cache, --jobs, --no-cache) is not built here",
)

CACHE_NAME = ".seamcheck_cache"
# Every run: JSON on stdout, exit 1 for the syntax errors planted in every file.
CHECK = ("--format", "json", "--fail-on", "warning")
# Entries a cache keeps for its own bookkeeping, not facts or findings.
HOUSEKEEPING = {".gitignore", "CACHEDIR.TAG"}


def _run(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seamcheck", "check", str(root), *CHECK, *args],
        env=_environment(env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _environment(env: dict[str, str] | None = None) -> dict[str, str]:
    # Without the suite's own SEAMCHECK_CACHE_DIR: these runs use the repository default.
    return {
        **{k: v for k, v in os.environ.items() if k != "SEAMCHECK_CACHE_DIR"},
        "NO_COLOR": "1",
        **(env or {}),
    }


def _entries(cache: Path) -> list[Path]:
    return sorted(
        p
        for p in cache.rglob("*")
        if p.is_file() and p.name not in HOUSEKEEPING and not p.name.startswith(".tmp")
    )


def _polyglot(root: Path, modules: int = 120) -> Path:
    """The base repository grown to enough files that a parallel run pays for its pool."""
    files: dict[str, str | bytes] = {}
    for i in range(modules):
        files[f"services/api/app/m{i}.py"] = (
            f"import time\nfrom app import m{(i + 1) % modules}\n\n"
            f"async def handler{i}():\n    time.sleep({i})\n\n"
            f"def helper{i}():\n    return m{(i + 1) % modules}.helper{(i + 1) % modules}()\n"
            f"def broken{i}(:\n    pass\n"  # SC001 in every file, whatever rules exist
        )
        files[f"services/gateway/src/m{i}.js"] = (
            f"const fs = require('fs');\nconst next = require('./m{(i + 1) % modules}');\n"
            f"module.exports = async function h{i}(req, res) {{ fs.readFileSync('a{i}'); }};\n"
            f"const broken{i} = (;\n"
        )
    return base_repo(root, files)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, str]:
    """A repository and its expected JSON report (from a run without the cache)."""
    root = _polyglot(tmp_path / "repo")
    expected = _run(root, "--no-cache")
    assert expected.returncode == 1, expected.stderr
    assert not (root / CACHE_NAME).exists()
    assert json.loads(expected.stdout)["summary"]["by_code"]["SC001"] >= 240
    return root, expected.stdout


def test_cold_warm_and_jobs_are_byte_identical(project: tuple[Path, str]) -> None:
    root, expected = project
    for args in (("--jobs", "1"), ("--jobs", "2"), ("--jobs", "1"), ("--jobs", "2", "--no-cache")):
        run = _run(root, *args)
        assert (run.returncode, run.stdout) == (1, expected), (args, run.stderr)
    assert _entries(root / CACHE_NAME), "the cache was never written"


def test_cache_dir_option_and_environment_variable(project: tuple[Path, str]) -> None:
    root, expected = project
    elsewhere = root.parent / "cache-by-option"
    by_env = root.parent / "cache-by-env"
    assert _run(root, "--cache-dir", str(elsewhere)).stdout == expected
    assert _run(root, env={"SEAMCHECK_CACHE_DIR": str(by_env)}).stdout == expected
    assert _entries(elsewhere) and _entries(by_env)
    assert not (root / CACHE_NAME).exists()


def test_a_cache_that_cannot_be_created_is_a_warning_not_a_failure(
    project: tuple[Path, str],
) -> None:
    root, expected = project
    blocker = root.parent / "a-file"
    blocker.write_text("not a folder\n")
    run = _run(root, "--cache-dir", str(blocker / "cache"))
    assert (run.returncode, run.stdout) == (1, expected)
    assert "Traceback" not in run.stderr
    assert len(run.stderr.splitlines()) <= 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_cache_is_used_and_never_breaks_the_run(project: tuple[Path, str]) -> None:
    root, expected = project
    assert _run(root).stdout == expected
    cache = root / CACHE_NAME
    modes = {p: p.stat().st_mode for p in [cache, *cache.rglob("*")]}
    try:
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        (root / "services/api/app/m0.py").write_text("x = 1\n")  # a miss it cannot store
        run = _run(root)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert run.stdout == _run(root, "--no-cache").stdout
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@pytest.mark.parametrize("full", ["files", "facts file", "facts file when it grows"])
def test_full_disk_while_writing(project: tuple[Path, str], tmp_path: Path, full: str) -> None:
    """ENOSPC on every write into the cache (simulated in-process: the file system call
    fails the way a full disk makes it fail), or SQLite's SQLITE_FULL in the facts file
    (from its first page, or once it holds a few)."""
    root, expected = project
    script = tmp_path / "full_disk.py"
    script.write_text(
        "import errno, os, sys\n"
        "real_open, real_replace = os.open, os.replace\n"
        "def full(path, *a, **k):\n"
        f"    if {CACHE_NAME!r} in str(path) and a and a[0] & (os.O_WRONLY | os.O_RDWR):\n"
        "        raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "    return real_open(path, *a, **k)\n"
        "def replace(src, dst, *a, **k):\n"
        f"    if {CACHE_NAME!r} in str(dst):\n"
        "        raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "    return real_replace(src, dst, *a, **k)\n"
        + (
            "os.open, os.replace = full, replace\n"
            if full == "files"
            else "import sqlite3\n"
            "real_connect = sqlite3.connect\n"
            "def small(*a, **k):\n"
            "    connection = real_connect(*a, **k)\n"
            # An empty facts file is 4 pages; 6 hold it and a few entries (64 KiB pages).
            f"    connection.execute('PRAGMA max_page_count = {1 if full == 'facts file' else 6}')\n"
            "    return connection\n"
            "sqlite3.connect = small\n"
        )
        + "from seamcheck.cli import main\n"
        "sys.argv = ['seamcheck', *sys.argv[1:]]\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, str(script), "check", str(root), *CHECK, "--jobs", "1"],
        # The repository's own cache, where the writes fail, not the suite's.
        env={k: v for k, v in os.environ.items() if k != "SEAMCHECK_CACHE_DIR"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert (run.returncode, run.stdout) == (1, expected), run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.count("cache disabled") == 1, run.stderr


def test_corrupted_entries_are_rebuilt_never_trusted(project: tuple[Path, str]) -> None:
    root, expected = project
    assert _run(root).stdout == expected
    entries = _entries(root / CACHE_NAME)
    for index, entry in enumerate(entries):
        data = entry.read_bytes() or b"{}"
        kind = index % 4
        if kind == 0:
            entry.write_bytes(data[: len(data) // 2])  # truncated
        elif kind == 1:
            entry.write_bytes(b"")  # empty
        elif kind == 2:
            flipped = bytearray(data)
            flipped[len(flipped) // 2] ^= 0xFF  # one bit rot in the payload
            entry.write_bytes(bytes(flipped))
        else:
            entry.write_bytes(os.urandom(len(data)))  # garbage
    run = _run(root)
    assert (run.returncode, run.stdout) == (1, expected)
    assert "Traceback" not in run.stderr
    assert _run(root).stdout == expected  # and rewritten well


def test_entries_swapped_between_keys_are_not_trusted(project: tuple[Path, str]) -> None:
    """An entry under another key (another file's facts, another version's layout) is a miss."""
    root, expected = project
    assert _run(root).stdout == expected
    entries = _entries(root / CACHE_NAME)
    contents = [e.read_bytes() for e in entries]
    for entry, content in zip(entries, contents[1:] + contents[:1], strict=True):
        entry.write_bytes(content)
    assert _run(root).stdout == expected


def test_entries_from_another_version_are_not_used(
    project: tuple[Path, str], tmp_path: Path
) -> None:
    root, expected = project
    other = tmp_path / "other_version.py"
    other.write_text(
        "import sys, seamcheck\n"
        "seamcheck.__version__ = '0.0.0+other'\n"
        "import seamcheck.extract\n"
        "seamcheck.extract.EXTRACTOR_VERSION = -1\n"
        "from seamcheck.cli import main\n"
        "sys.argv = ['seamcheck', *sys.argv[1:]]\n"
        "main()\n"
    )
    # The other version sees a different tree (one file changed): were its entries trusted,
    # this version would report that tree.
    original = (root / "services/api/app/m1.py").read_text()
    (root / "services/api/app/m1.py").write_text("x = 1\n")
    subprocess.run(
        [sys.executable, str(other), "check", str(root), *CHECK],
        capture_output=True,
        timeout=600,
        check=False,
    )
    (root / "services/api/app/m1.py").write_text(original)
    assert _run(root).stdout == expected


def test_two_runs_sharing_a_cold_cache(project: tuple[Path, str]) -> None:
    root, expected = project
    for _ in range(2):
        command = [sys.executable, "-m", "seamcheck", "check", str(root), *CHECK]
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=600) for run in runs]
        for run, (stdout, stderr) in zip(runs, outputs, strict=True):
            assert (run.returncode, stdout) == (1, expected), stderr
            assert "Traceback" not in stderr
    assert _run(root).stdout == expected


# Runs seamcheck as `python -m seamcheck` does, but waits at one named point of a cold run
# until a signal comes: a Ctrl-C timed by the clock can miss every point it aims at when the
# machine's load changes between runs. The point waited at is told by `argv[1]`; that it is
# reached, by creating the file `argv[2]`. Nothing else is changed.
PAUSING_SEAMCHECK = """
import multiprocessing, os, signal, sys, time
from pathlib import Path
from seamcheck import factstore

stage, reached = sys.argv[1], Path(sys.argv[2])
sys.argv = ["seamcheck", *sys.argv[3:]]
# Ctrl-C as a terminal delivers it, even where the suite runs with SIGINT ignored (started in
# the background by a shell without job control): Python then installs no handler for it.
signal.signal(signal.SIGINT, signal.default_int_handler)


def wait():
    if reached.exists():  # once: the cleanup after the Ctrl-C passes the same points
        return
    if multiprocessing.active_children():
        # Parsing workers: let them finish their files and wait for more, where a worker
        # that takes the Ctrl-C itself prints a traceback.
        time.sleep(1)
    reached.write_text(stage)
    time.sleep(120)  # a SIGINT ends it with KeyboardInterrupt, raised right here


if stage == "facts-staged":  # some files' facts staged, none committed
    put, calls = factstore.FactsStore.put, []

    def staging(self, *args):
        calls.append(1)
        if len(calls) == 5:
            wait()
        return put(self, *args)

    factstore.FactsStore.put = staging
elif stage == "facts-committing":  # inside the first commit of facts, before its end
    import contextlib

    transaction = factstore._transaction

    @contextlib.contextmanager
    def committing(connection):
        with transaction(connection):
            yield
            wait()

    factstore._transaction = committing
else:  # an entry of the cache folder written to its temporary file, not yet renamed
    replace, folder = os.replace, {"run-record": "runs", "stat-index": "stat",
                                   "recording": "unchanged"}[stage]

    def renaming(source, target, **kwargs):
        if folder in Path(target).parts[-3:-1]:
            wait()
        return replace(source, target, **kwargs)

    os.replace = renaming

from seamcheck.console import entry_point

entry_point()
"""
# Every point where a cold run writes to its cache.
PAUSE_POINTS = ("facts-staged", "facts-committing", "run-record", "stat-index", "recording")


def _leftovers(cache: Path) -> list[str]:
    return sorted(
        str(p.relative_to(cache))
        for p in cache.rglob("*")
        if p.name.startswith(".tmp") or p.name.endswith((".tmp", "-journal", "-wal"))
    )


def _interrupt_at(stage: str, root: Path, script: Path, jobs: str) -> tuple[int, str]:
    """Exit status and stderr of a cold run given Ctrl-C at `stage`."""
    reached, out, err = (
        root.parent / f"{name}-{stage}-{jobs}" for name in ("reached", "out", "err")
    )
    command = [sys.executable, str(script), stage, str(reached), "check", str(root)]
    # Output to files: a pipe nobody reads until the signal fills up and stops the run
    # before it records itself.
    with out.open("wb") as stdout, err.open("wb") as stderr:
        run = subprocess.Popen(
            [*command, *CHECK, "--jobs", jobs],
            env=_environment(),  # the cache checked below, not the suite's
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
    deadline = time.monotonic() + 300
    while not reached.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if reached.exists():
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C does: to the parsing workers too
    else:
        run.kill()
    run.wait(timeout=300)
    errors = err.read_text(errors="replace")
    assert reached.exists(), f"the run never reached {stage}: exit {run.returncode}, {errors}"
    return run.returncode, errors


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_mid_run_leaves_nothing_half_written(project: tuple[Path, str], jobs: str) -> None:
    root, expected = project
    cache = root / CACHE_NAME
    script = root.parent / "pausing_seamcheck.py"
    script.write_text(PAUSING_SEAMCHECK)
    # A run makes the cache folder in the repository: until that change is older than the
    # racy window, no run may record itself (`unchanged.py`), and one stage is never reached.
    assert _run(root, "--jobs", jobs).stdout == expected
    for entry in _entries(cache):
        entry.unlink()
    time.sleep(RACY_WINDOW_NS / 1e9)
    for stage in PAUSE_POINTS:
        status, stderr = _interrupt_at(stage, root, script, jobs)
        assert "Traceback" not in stderr, stage
        assert (status, stderr.strip().splitlines()[-1]) == (2, "seamcheck: interrupted"), stage
        # Nor is anything left over: a temporary file or a journal of an unfinished commit.
        assert _leftovers(cache) == [], stage
        # Whatever was written is whole: a run that reads it reports the same findings.
        assert _run(root).stdout == expected, stage
        for entry in _entries(cache):
            entry.unlink()
