"""The blocking rules run in a forked child beside the seams and the graph (`rules/aside.py`):
the findings are the same as in one process, and a child that fails costs time, not
findings."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
from pathlib import Path

import pytest

import seamcheck.rules.aside
import seamcheck.seams
from conftest import FIXTURES, run_cli
from seamcheck.analysis import RunOptions, analyse
from seamcheck.config import load_config
from seamcheck.rules.aside import Aside, Found


@pytest.fixture
def demo(tmp_path: Path) -> str:
    """The bundled demo (a Node gateway, a FastAPI model service, a React front end, a
    compose file): blocking findings, direct and through helpers, beside service-boundary
    ones."""
    root = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", root)
    return str(root)


@pytest.fixture
def asides(monkeypatch: pytest.MonkeyPatch) -> list[Aside | None]:
    """What each run's `start` gave (None: no child), with the calls threshold out of the
    way so the small demo forks one."""
    started: list[Aside | None] = []
    real = seamcheck.rules.aside.start

    def recording(*args: object, **kwargs: object) -> Aside | None:
        aside = real(*args, **kwargs)  # type: ignore[arg-type]
        started.append(aside)
        return aside

    monkeypatch.setattr(seamcheck.rules.aside, "MIN_CALLS", 0)
    monkeypatch.setattr(seamcheck.rules.aside, "start", recording)
    return started


def check_json(root: str, jobs: str) -> str:
    result = run_cli("check", root, "--format", "json", "--no-cache", "--jobs", jobs)
    assert result.exit_code == 1, result.output
    return result.output


def codes(output: str) -> list[str]:
    return [f["code"] for f in json.loads(output)["findings"]]


def test_findings_are_the_same_with_the_blocking_rules_beside(
    demo: str, asides: list[Aside | None]
) -> None:
    alone = check_json(demo, "1")
    beside = check_json(demo, "2")
    assert asides[0] is None  # --jobs 1: one process
    assert asides[1] is not None and asides[1].codes == {"SC201", "SC202"}
    assert beside == alone
    # The child's findings (SC202) sorted in among this process's, by path.
    assert codes(beside) == [
        "SC104", "SC104", "SC102", "SC202", "SC202", "SC101", "SC101"
    ]  # fmt: skip


def test_no_child_for_few_calls_or_one_cpu(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seamcheck.rules.aside, "MIN_CALLS", 10_000)
    check_json(demo, "2")
    monkeypatch.setattr(seamcheck.rules.aside, "MIN_CALLS", 0)
    check_json(demo, "1")
    run_cli("check", demo, "--no-cache", "--jobs", "2", "--ignore", "SC2")
    assert asides == [None, None, None]


def test_no_child_while_another_thread_runs(demo: str, asides: list[Aside | None]) -> None:
    """Forking a process with other threads can leave the child waiting on a lock one of
    them held: a program running seamcheck on a thread of its own keeps it in one process."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        beside = check_json(demo, "2")
    finally:
        release.set()
        other.join()
    assert asides == [None]
    assert beside == check_json(demo, "1")


def _killed(found: Found) -> bytes:
    os.kill(os.getpid(), signal.SIGKILL)
    return b""


def _failing(found: Found) -> bytes:
    raise MemoryError


def _garbled(found: Found) -> bytes:
    return b'{"SC201": [["not a finding"]]}'


@pytest.mark.parametrize("child_end", [_killed, _failing, _garbled])
def test_a_child_that_fails_costs_time_not_findings(
    demo: str,
    asides: list[Aside | None],
    monkeypatch: pytest.MonkeyPatch,
    child_end: object,
) -> None:
    alone = check_json(demo, "1")
    monkeypatch.setattr(seamcheck.rules.aside, "_encode", child_end)
    assert check_json(demo, "2") == alone
    assert asides[1] is not None  # forked, failed, and the rules ran here instead


def test_a_run_failing_beside_the_child_leaves_no_child(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program calling `analyse()` goes on after an error: the child is ended and reaped,
    not left running or as a zombie holding its pipe."""

    def failing(*args: object) -> None:
        raise RuntimeError("linking failed")

    monkeypatch.setattr(seamcheck.seams, "analyse_seams", failing)
    root = Path(demo)
    with pytest.raises(RuntimeError, match="linking failed"):
        analyse(root, load_config(root), RunOptions(jobs=2))
    child = asides[0]
    assert child is not None
    with pytest.raises(ChildProcessError):  # reaped already
        os.waitpid(child._pid, os.WNOHANG)


def test_an_interrupt_while_collecting_ends_the_child(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.fdopen

    def interrupted(fd: int, *args: object, **kwargs: object) -> object:
        if args == ("rb",):
            os.close(fd)
            raise KeyboardInterrupt
        return real(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", interrupted)
    root = Path(demo)
    with pytest.raises(KeyboardInterrupt):
        analyse(root, load_config(root), RunOptions(jobs=2))
    child = asides[0]
    assert child is not None
    with pytest.raises(ChildProcessError):  # reaped already
        os.waitpid(child._pid, os.WNOHANG)
