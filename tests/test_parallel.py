"""Parallel extraction gives byte-identical results whatever the number of processes, and a
run keeps the processes it uses in hand: its workers, and the garbage collector."""

from __future__ import annotations

import concurrent.futures
import errno
import gc
import io
import json
import multiprocessing.context
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import seamcheck.analysis
import seamcheck.children
import seamcheck.extract
import seamcheck.extraction
import seamcheck.forks
import seamcheck.progress
import seamcheck.resolve
from conftest import RepoFactory, package_json, run_cli
from seamcheck.analysis import RunOptions, analyse
from seamcheck.config import load_config
from seamcheck.extraction import (
    CHUNK_FILES,
    MIN_CHUNK_FILES,
    MIN_FILES_PER_WORKER,
    Extracted,
    Job,
    chunks_of,
    worker_count,
)
from seamcheck.facts import FileFacts
from seamcheck.progress import Progress
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution


def polyglot(services: int, modules: int) -> dict[str, str]:
    """Python and TypeScript services whose modules import and call each other, with a few
    syntax errors so there are findings to compare."""
    files: dict[str, str] = {}
    for s in range(services):
        py, ts = f"services/py{s}", f"services/ts{s}"
        files[f"{py}/requirements.txt"] = "fastapi\nhttpx\n"
        files[f"{ts}/package.json"] = package_json(f"ts{s}", dependencies={"express": "^4"})
        for m in range(modules):
            prev = (m - 1) % modules
            files[f"{py}/app/mod{m}.py"] = (
                f"import httpx\n\nfrom app.mod{prev} import helper{prev}\n\n\n"
                f"async def handler{m}(x):\n"
                f"    async with httpx.AsyncClient() as client:\n"
                f"        await client.get('http://ts{s}:8080/items/{m}')\n"
                f"    return helper{prev}(x)\n\n\n"
                f"def helper{m}(x):\n    return x + {m}\n"
            )
            files[f"{ts}/src/mod{m}.ts"] = (
                f"import {{ helper{prev} }} from './mod{prev}';\n"
                f"import express from 'express';\n\n"
                f"export function helper{m}(x: number): number {{\n"
                f"  return helper{prev}(x) + {m};\n}}\n\n"
                f"export const router{m} = express.Router();\n"
                f"router{m}.get('/items/{m}', (req, res) => res.json(helper{m}(1)));\n"
            )
        files[f"{py}/app/mod3.py"] += "def broken(:\n    pass\n"
        files[f"{ts}/src/mod5.ts"] += "export function broken( {\n"
    return files


def test_results_are_byte_identical_whatever_the_job_count(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = str(repo(polyglot(services=3, modules=25)))  # 150 sources + manifests
    pools: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counting_pool(
        *,
        max_workers: int,
        mp_context: multiprocessing.context.BaseContext,
        initializer: Callable[[int], object],
        initargs: tuple[int],
    ) -> concurrent.futures.ProcessPoolExecutor:
        pools.append(max_workers)
        return real(max_workers, mp_context, initializer, initargs)

    forked: list[int] = []
    real_forks = seamcheck.forks.start

    def counting_forks(
        forks: int, warm: Callable[[], object], work: Callable[[bytes], Callable[[int], bytes]]
    ) -> seamcheck.forks.Forks | None:
        if not use_forks:
            return None
        forked.append(forks)
        return real_forks(forks, warm, work)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    monkeypatch.setattr(seamcheck.forks, "start", counting_forks)
    outputs = {}
    use_forks = True
    for jobs in ("1", "2", "3", "2 pool"):
        use_forks = jobs != "2 pool"
        check = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", jobs[0])
        graph = run_cli("graph", root, "--no-cache", "--jobs", jobs[0])
        outputs[jobs] = (check.output, graph.output)
    # check and graph for -j2 and -j3: 150 files are enough for two parsing processes, not
    # for three, and this process is one of them; a pool where forks cannot be used
    assert forked == [1, 1, 1, 1]
    assert pools == [1, 1]
    assert outputs["1"] == outputs["2"] == outputs["3"] == outputs["2 pool"]
    findings = json.loads(outputs["1"][0])["findings"]
    assert sorted({(f["code"], f["path"]) for f in findings}) == sorted(
        ("SC001", f"services/{kind}{s}/{path}")
        for s in range(3)
        for kind, path in (("py", "app/mod3.py"), ("ts", "src/mod5.ts"))
    )


def test_a_cold_parallel_run_fills_the_cache_for_the_next(repo: RepoFactory) -> None:
    root = str(repo(polyglot(services=2, modules=40)))
    cold = run_cli("check", root, "--format", "json", "--jobs", "2")
    warm = run_cli("check", root, "--format", "json", "--jobs", "1")
    assert cold.output == warm.output
    assert cold.output == run_cli("check", root, "--format", "json", "--no-cache").output


def test_parsers_forked_early_end_unused_when_the_cache_has_every_file(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree never checked before gets its parsing processes forked before the run knows
    what to parse. Where the cache holds every file's facts all the same (a copy of a tree
    checked before), they are given nothing and end once the run finds it has nothing to
    parse, not with the run: they do not hold their memory through the stages after, where
    a run peaks. None is left behind."""
    files = polyglot(services=2, modules=40)
    cache = str(tmp_path / "cache")
    original = run_cli("check", str(repo(files)), "--format", "json", "--cache-dir", cache)
    started: list[int] = []
    given: list[int] = []
    pids: list[int] = []
    real_start, real_give = seamcheck.forks.start, seamcheck.forks.Forks.give

    def counting_start(
        forks: int, warm: Callable[[], object], work: Callable[[bytes], Callable[[int], bytes]]
    ) -> seamcheck.forks.Forks | None:
        started.append(forks)
        running = real_start(forks, warm, work)
        pids.extend(running._pids if running is not None else ())
        return running

    running_at_resolution: list[bool] = []
    real_resolve = seamcheck.resolve.resolve

    def resolving(project: Project, facts: Mapping[str, FileFacts]) -> Resolution:
        running_at_resolution.append(any(_running(pid) for pid in pids))
        return real_resolve(project, facts)

    monkeypatch.setattr(seamcheck.resolve, "resolve", resolving)

    def counting_give(self: seamcheck.forks.Forks, task: bytes, count: int) -> None:
        given.append(count)
        real_give(self, task, count)

    monkeypatch.setattr(seamcheck.forks, "start", counting_start)
    monkeypatch.setattr(seamcheck.forks.Forks, "give", counting_give)
    # A rule left out, which no finding came from: the copy's findings are not in the cache,
    # only its files' facts.
    copy = run_cli(
        "check", str(repo(files)), "--format", "json", "--cache-dir", cache, "-j2",
        "--ignore", "SC302",
    )  # fmt: skip
    assert (started, given, running_at_resolution) == ([1], [], [False])
    assert copy.output.replace("repo1", "repo0") == original.output
    with pytest.raises(ChildProcessError):  # no child of this process left, not even ended
        os.waitpid(-1, os.WNOHANG)


def test_this_process_parses_beside_the_pool(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With a pool, this process takes chunks from the back while the pool's worker takes
    them from the front, after running `meanwhile`: together they parse every file once."""
    root = repo(polyglot(services=2, modules=40))
    jobs = sorted(
        (
            Job(str(p.relative_to(root)), "python" if p.suffix == ".py" else "typescript")
            for p in root.rglob("*")
            if p.suffix in (".py", ".ts")
        ),
        key=lambda job: job.path,
    )
    here: list[str] = []
    real = seamcheck.extraction._extract_one

    def counted(root: Path, job: Job, cache: None) -> Extracted:
        here.append(job.path)
        return real(root, job, cache)

    alone = seamcheck.extraction.extract_files(
        root, jobs, None, 1, Progress(len(jobs), enabled=False)
    )
    # The worker marks its first real file; `meanwhile` waits for it, so that on a busy
    # machine this process cannot parse every file while the worker still warms up.
    parent, started = os.getpid(), tmp_path / "worker-started"
    real_extract = seamcheck.extract.extract

    def marking(path: str, data: bytes, language: str) -> FileFacts | None:
        if path and os.getpid() != parent:
            started.touch()
        return real_extract(path, data, language)

    meanwhile: list[str] = []

    def waiting() -> None:
        meanwhile.append("ran")
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.005)

    monkeypatch.setattr(seamcheck.extraction, "_extract_one", counted)
    monkeypatch.setattr("seamcheck.extraction.extract", marking)  # before the worker forks
    shared = seamcheck.extraction.extract_files(
        root, jobs, None, 2, Progress(len(jobs), enabled=False), waiting
    )
    assert meanwhile == ["ran"]
    assert {path: r.facts for path, r in shared.items()} == {
        path: r.facts for path, r in alone.items()
    }
    assert len(shared) == len(jobs) == 160
    # This process took the last files (a whole number of chunks) and the pool the first.
    assert 0 < len(here) < len(jobs)
    sizes = [len(chunk) for chunk in chunks_of(jobs)]
    assert len(here) in {sum(sizes[-k:]) for k in range(1, len(sizes) + 1)}
    assert sorted(here) == [job.path for job in jobs[len(jobs) - len(here) :]]


def test_chunks_shrink_toward_the_middle_where_the_pool_and_this_process_meet() -> None:
    jobs = [Job(f"m{i:04}.py", "python") for i in range(1000)]
    chunks = chunks_of(jobs)
    assert [job for chunk in chunks for job in chunk] == jobs
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == sizes[-1] == CHUNK_FILES
    middle = sizes.index(min(sizes))
    # At most one, the last cut, is smaller: what was left.
    assert sizes.count(MIN_CHUNK_FILES) > 1
    assert len([size for size in sizes if size < MIN_CHUNK_FILES]) <= 1
    # Never growing toward the middle from either end.
    assert sizes[: middle + 1] == sorted(sizes[: middle + 1], reverse=True)
    assert sizes[middle:] == sorted(sizes[middle:])
    for count in range(200):  # every file in one chunk, once, in order, whatever the count
        assert [job for chunk in chunks_of(jobs[:count]) for job in chunk] == jobs[:count]
    assert [len(c) for c in chunks_of(jobs[:3])] == [3]
    assert chunks_of([]) == []


def test_small_runs_stay_in_one_process() -> None:
    assert worker_count(jobs=8, files=MIN_FILES_PER_WORKER - 1) == 1
    assert worker_count(jobs=8, files=MIN_FILES_PER_WORKER * 3) == 3
    assert worker_count(jobs=1, files=10_000) == 1
    assert worker_count(jobs=0, files=10_000) >= 1


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_and_erases_itself() -> None:
    stream = Terminal()
    progress = Progress(4, stream=stream, delay=0.0)
    for _ in range(4):
        progress.advance()
        progress._drawn_at = 0.0  # let every step draw
    progress.close()
    text = stream.getvalue()
    assert "\rparsing [" + "#" * 30 + "] 4/4 files" in text
    assert "1/4 files" in text and text.endswith("\r\x1b[K")


def test_progress_is_silent_when_piped_or_short() -> None:
    piped = io.StringIO()
    progress = Progress(1000, stream=piped, delay=0.0)
    progress.advance(1000)
    progress.close()
    assert piped.getvalue() == ""
    terminal = Terminal()
    quick = Progress(1000, stream=terminal)  # default delay: a short run draws nothing
    quick.advance(1000)
    quick.close()
    assert terminal.getvalue() == ""


def test_cli_draws_progress_on_stderr_only_for_a_terminal(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = str(repo(polyglot(services=1, modules=30)))
    monkeypatch.setattr(seamcheck.progress, "DELAY_S", 0.0)  # as if the run were long
    piped = run_cli("check", root, "--no-cache", "-j", "1")
    assert piped.stderr == "" and "parsing" not in piped.stdout
    monkeypatch.setattr(seamcheck.progress, "_is_terminal", lambda stream: True)
    terminal = run_cli("check", root, "--no-cache", "-j", "1")
    assert "parsing [" in terminal.stderr and "/60 files" in terminal.stderr
    assert terminal.stdout == piped.stdout  # findings untouched


def test_run_options_never_change_findings(repo: RepoFactory, tmp_path: Path) -> None:
    root = str(repo(polyglot(services=1, modules=10)))
    baseline = run_cli("check", root, "--no-cache").output
    for args in (["-j", "1"], ["-j", "4"], ["--cache-dir", str(tmp_path / "c")]):
        assert run_cli("check", root, *args).output == baseline
    bad = run_cli("check", root, "--jobs", "-1")
    assert bad.exit_code == 2


def test_a_run_keeps_the_collector_out_of_its_way(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(polyglot(services=3, modules=25))
    running: list[bool] = []
    during: list[int] = []  # generations collected while a run was under way
    enabled_within: list[bool] = []
    inner = seamcheck.analysis._analyse

    def watched(*args: Any) -> Any:
        running.append(True)
        enabled_within.append(gc.isenabled())
        try:
            return inner(*args)
        finally:
            running.clear()

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and running:
            during.append(info["generation"])

    monkeypatch.setattr(seamcheck.analysis, "_analyse", watched)
    gc.callbacks.append(note)
    try:
        analysis = analyse(root, load_config(root), RunOptions(jobs=1))
        enabled_after = gc.isenabled()
        gc.disable()
        analyse(root, load_config(root), RunOptions(jobs=1))
        disabled_after = not gc.isenabled()
    finally:
        gc.enable()
        gc.callbacks.remove(note)
    assert len(analysis.findings) == 6  # the run did its work: a syntax error in each service
    assert enabled_within == [False, False]  # off, not merely rarely on (as before)
    assert during == []
    assert enabled_after  # a program calling analyse() gets its collector back
    assert disabled_after  # and one that turned it off finds it off
    # The CLI keeps it off to the end of its process, `graph` building the whole graph after
    # the run included.
    probe = (
        "import gc, os, sys\n"
        "armed = []\n"
        "gc.callbacks.append(lambda phase, info: armed and sys.stderr.write('COLLECTED\\n'))\n"
        "end = os._exit\n"
        "def ending(status):\n"
        "    sys.stderr.write(f'ENABLED AT EXIT={gc.isenabled()}\\n')\n"
        "    sys.stderr.flush()\n"
        "    end(status)\n"
        "os._exit = ending\n"
        "from seamcheck.console import entry_point\n"
        f"sys.argv = ['seamcheck', 'graph', {str(root)!r}, '--no-cache', '--jobs', '1']\n"
        "armed.append(True)\n"
        "entry_point()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["nodes"]
    assert "COLLECTED" not in proc.stderr
    assert "ENABLED AT EXIT=False" in proc.stderr


def test_runs_overlapping_on_two_threads_give_the_collector_back_when_the_last_ends(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(polyglot(services=2, modules=6))
    config = load_config(root)
    inner = seamcheck.analysis._analyse
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    enabled_in_second: list[bool] = []

    def staged(*args: Any) -> Any:
        if threading.current_thread().name == "first":
            first_in.set()
            assert second_in.wait(30)
            return inner(*args)
        assert first_in.wait(30)
        second_in.set()
        assert first_out.wait(30)
        enabled_in_second.append(gc.isenabled())  # the first run has ended, this one has not
        return inner(*args)

    monkeypatch.setattr(seamcheck.analysis, "_analyse", staged)
    results: dict[str, int] = {}

    def run() -> None:
        analysis = analyse(root, config, RunOptions(jobs=1))
        results[threading.current_thread().name] = len(analysis.findings)

    gc.enable()
    first = threading.Thread(target=run, name="first")
    second = threading.Thread(target=run, name="second")
    try:
        first.start()
        second.start()
        first.join(60)
        first_out.set()
        second.join(60)
        enabled_at_end = gc.isenabled()
    finally:
        first_out.set()
        gc.enable()
    assert results == {"first": 4, "second": 4}  # both ran: a syntax error in each service
    assert enabled_in_second == [False]  # the first run to end left the other's setting alone
    assert enabled_at_end  # the last one gave it back


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            "raise RuntimeError('boom')",  # a bug in an extractor, on one file
            "seamcheck: internal error: RuntimeError: boom "
            "(set SEAMCHECK_DEBUG=1 for details, and please report it)\n",
        ),
        (
            "os._exit(9)",  # killed mid-file, as by the OOM killer: no result, no goodbye
            "seamcheck: error: a process parsing files ended without a result (killed, or out "
            "of memory?); `--jobs 1` parses in one process\n",
        ),
        (
            # Killed later, once this process has taken chunks back to parse itself: from a
            # pool's queue, on Python < 3.12, the pool's thread printed an InvalidStateError
            # traceback for them (CPython gh-107219) above the one line.
            "time.sleep(0.3)\n    os._exit(9)",
            "seamcheck: error: a process parsing files ended without a result (killed, or out "
            "of memory?); `--jobs 1` parses in one process\n",
        ),
    ],
)
@pytest.mark.parametrize("forks", [True, False], ids=["forks", "pool"])
def test_a_failing_worker_ends_the_run_with_one_line(
    repo: RepoFactory, tmp_path: Path, failure: str, message: str, forks: bool
) -> None:
    """A parsing process that fails ends the run with exit 2 and one line, and leaves no
    worker behind: one left waiting for work would hold the caller's pipes open, and this
    `subprocess.run`, reading them, would wait until its timeout. The same with the process
    pool that parses where forks cannot be used."""
    root = repo(polyglot(services=2, modules=40))
    # The worker fails on the first file it takes, and this process parses none before it
    # has taken one: on a loaded machine a worker slow to start found this process had
    # parsed the file it was to fail on, or every file, and the run passed (exit 0).
    started = tmp_path / "worker-took-a-file"
    script = worker_script(
        tmp_path / "failing_worker.py",
        f"if path:\n    open({str(started)!r}, 'w').close()\n    {failure}\n",
        forks=forks,
        in_parent=f"waited = 0\nwhile not os.path.exists({str(started)!r}) and waited < 600:\n"
        "    time.sleep(0.05)\n    waited += 1\n",
    )
    run = subprocess.run(
        [sys.executable, str(script), "check", str(root), "--no-cache", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (run.returncode, run.stdout, run.stderr) == (2, "", message)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked early on Linux")
@pytest.mark.parametrize("pause", [0, 1])
def test_a_worker_killed_before_it_takes_files_costs_only_time(
    repo: RepoFactory, tmp_path: Path, pause: int
) -> None:
    """Forked before the run knows what to parse, a worker warms up by parsing an empty
    file (path ""). Killed then, it has taken no file: this process parses them all, and
    the run gives what one process gives, whether the worker ended before it was given the
    files (pause 0) or after (pause 1: this process gives them while it waits)."""
    root = str(repo(polyglot(services=2, modules=40)))
    script = worker_script(
        tmp_path / "dying_worker.py", f"if not path:\n    time.sleep({pause})\n    os._exit(9)\n"
    )
    run = subprocess.run(
        [sys.executable, str(script), "check", root, "--no-cache", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    alone = run_cli("check", root, "--no-cache", "--jobs", "1")
    assert (run.returncode, run.stdout, run.stderr) == (alone.exit_code, alone.output, "")


@pytest.mark.skipif(sys.platform != "linux", reason="forks are Linux's")
def test_forks_ended_before_they_are_given_work_leave_it_to_this_process(
    tmp_path: Path,
) -> None:
    started = tmp_path / "fork.pid"

    def warm() -> None:
        started.write_text(str(os.getpid()))
        os._exit(9)

    forks = seamcheck.forks.start(1, warm, lambda task: lambda chunk: task)
    assert forks is not None
    try:
        deadline = time.monotonic() + 30
        while not started.exists() or not started.read_text() or _running(int(started.read_text())):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        forks.give(b"task", 3)  # to a fork that has ended
        assert [forks.take_back() for _ in range(4)] == [2, 1, 0, None]
        assert forks.done(wait=True) == []
    finally:
        forks.close()


@pytest.mark.skipif(sys.platform != "linux", reason="forks are Linux's")
@pytest.mark.parametrize("forks_made", [0, 1])
def test_a_system_that_makes_no_more_processes_only_slows_the_run(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, forks_made: int
) -> None:
    """At a process limit (`ulimit -u`) or short of memory, `fork` fails. With `--jobs 3`
    and files for three parsing processes, the one fork made shares the files with this
    process; with none, this process parses them all and says so in one line. Before, the
    run ended in `seamcheck: error: Resource temporarily unavailable`."""
    root = str(repo(polyglot(services=3, modules=40)))  # 240 sources: 3 parsing processes
    alone = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", "1")
    real_fork = os.fork
    made: list[int] = []

    def fork() -> int:
        if len(made) == forks_made:
            raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    descriptors = len(os.listdir("/proc/self/fd"))
    run = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", "3")
    assert (run.exit_code, run.stdout) == (alone.exit_code, alone.stdout)
    assert len(made) == forks_made
    warning = (
        "seamcheck: warning: cannot start a process to parse files beside this one "
        "(Resource temporarily unavailable); parsing every file in this one\n"
    )
    assert run.stderr == ("" if forks_made else warning)
    assert len(os.listdir("/proc/self/fd")) == descriptors  # nothing of a refused fork open


@pytest.mark.skipif(sys.platform != "linux", reason="forks are Linux's")
def test_a_run_whose_forks_were_refused_is_not_recorded_for_replay(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its warning is about the machine then, not the inputs: replayed, a later run with no
    process limit said again that it parsed every file itself, having parsed none."""
    root = repo(polyglot(services=3, modules=40))

    def refused() -> int:
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    def settled(name: str) -> bool:
        options = RunOptions(cache_dir=tmp_path / name, jobs=3, progress=False)
        return analyse(root, load_config(root), options).settled

    assert settled("forked")
    monkeypatch.setattr(os, "fork", refused)
    assert not settled("refused")


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_workers_end_when_the_run_is_killed_outright(repo: RepoFactory, tmp_path: Path) -> None:
    """Killed with SIGKILL (the OOM killer, a CI timeout), the run cannot stop its workers:
    they must end by themselves, or they hold the caller's stdout open and a CI step reading
    it hangs. The worker here parses slowly, so it is still busy when the run is killed."""
    root = repo(polyglot(services=2, modules=40))
    started = tmp_path / "worker.pid"
    script = worker_script(
        tmp_path / "slow_worker.py",
        f"with open({str(started)!r}, 'w') as out:\n"
        "    out.write(str(os.getpid()))\n"
        "time.sleep(0.5)\n",
    )
    run = subprocess.Popen(
        [sys.executable, str(script), "check", str(root), "--no-cache", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not started.exists() or not started.read_text():
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        worker = int(started.read_text())
        run.kill()
        # Without the signal the worker would keep the pipe open until the test timed out.
        out, _ = run.communicate(timeout=10)
    finally:
        run.kill()
        run.wait()
    assert out == b""
    deadline = time.monotonic() + 10
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _running(worker)


def worker_script(script: Path, in_worker: str, *, forks: bool = True, in_parent: str = "") -> Path:
    """A seamcheck entry script whose parsing workers run `in_worker` (statements; `path` is
    the file about to be parsed) before parsing each file, and this process `in_parent`;
    without `forks`, the workers are a process pool's, as where forks cannot be used."""
    script.write_text(
        "import os, sys, time\n"
        "import seamcheck.extraction as extraction\n"
        "import seamcheck.forks\n"
        "real = extraction.extract\n"
        "parent = os.getpid()\n"
        "def hooked(path, data, language):\n"
        "    if os.getpid() != parent:\n"
        + textwrap.indent(in_worker, "        ")
        + ("    elif path:\n" + textwrap.indent(in_parent, "        ") if in_parent else "")
        + "    return real(path, data, language)\n"
        "extraction.extract = hooked  # before the workers fork, so they have it\n"
        + ("" if forks else "seamcheck.forks.start = lambda *args: None\n")
        + "from seamcheck.console import entry_point\n"
        "sys.argv = ['seamcheck', *sys.argv[1:]]\n"
        "entry_point()\n"
    )
    return script


def _running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie nobody reaped yet has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_a_ctrl_c_reaching_a_worker_before_it_ignores_it_is_lost(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal's Ctrl-C goes to every process of the run. One reaching a worker as it is
    forked, before it ignores Ctrl-C, printed "Exception ignored in: <bound method
    Random.seed>" and a traceback, or ended the worker, and so the run (exit 2). It is held
    until the worker ignores it."""
    root = str(repo(polyglot(services=2, modules=40)))
    real = seamcheck.children.start_child

    def interrupted(parent: int) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # as the worker is forked
        real(parent)

    alone = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", "1")
    monkeypatch.setattr(seamcheck.forks, "start_child", interrupted)
    forked = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", "2")
    assert (forked.exit_code, forked.output) == (alone.exit_code, alone.output)
    # The same with a process pool, where forks cannot be used.
    monkeypatch.setattr(seamcheck.forks, "start", lambda *args: None)
    monkeypatch.setattr(seamcheck.extraction, "start_child", interrupted)
    pooled = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", "2")
    assert (pooled.exit_code, pooled.output) == (alone.exit_code, alone.output)
