"""The blocking rules run in a forked child beside the seams and the graph (`rules/aside.py`):
the findings are the same as in one process, and a child that fails costs time, not
findings."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import seamcheck.memoryroom
import seamcheck.rules
import seamcheck.rules.aside
import seamcheck.seams
from conftest import FIXTURES, run_cli, write_repo
from seamcheck.analysis import RunOptions, analyse
from seamcheck.config import load_config
from seamcheck.findings import Finding
from seamcheck.rules import Rule, active_rules
from seamcheck.rules.aside import Aside, Found
from seamcheck.rules.context import RuleContext


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
        os.waitpid(child.pid, os.WNOHANG)


def test_an_interrupt_while_collecting_ends_the_child(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.waitpid
    waits: list[int] = []

    def interrupted(pid: int, options: int) -> tuple[int, int]:
        waits.append(pid)
        if len(waits) == 1:  # Ctrl-C in the wait for the child's findings
            raise KeyboardInterrupt
        return real(pid, options)

    monkeypatch.setattr(os, "waitpid", interrupted)
    root = Path(demo)
    before = _open_fds()
    with pytest.raises(KeyboardInterrupt):
        analyse(root, load_config(root), RunOptions(jobs=2))
    child = asides[0]
    assert child is not None and waits[0] == child.pid
    with pytest.raises(ChildProcessError):  # reaped already
        real(child.pid, os.WNOHANG)
    assert _open_fds() == before


def _open_fds() -> list[str]:
    return sorted(os.listdir("/proc/self/fd"))


def _blocking_handlers(count: int) -> str:
    """A FastAPI router whose `count` async handlers each sleep: an SC201 apiece."""
    handlers = "".join(
        f"""
@router.get("/items/{i}")
async def item_{i}():
    time.sleep(0.1)
    return {{"item": {i}}}
"""
        for i in range(count)
    )
    return "import time\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n" + handlers


def test_a_child_with_many_findings_ends_before_they_are_collected(
    tmp_path: Path, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """More findings than a pipe holds (hundreds of KB): the child hands them over and ends
    at once, rather than waiting, with all its memory, for this process to read them after
    the seams and the graph."""
    root = write_repo(
        tmp_path / "slow",
        {
            "services/api/pyproject.toml": """
                [project]
                name = "api"
                dependencies = ["fastapi"]
            """,
            "services/api/api/main.py": _blocking_handlers(400),
        },
    )
    ended: list[bool] = []
    real = Aside.collect

    def collect_once_ended(aside: Aside) -> Found | None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if os.waitid(os.P_PID, aside.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                break
            time.sleep(0.01)
        ended.append(os.waitid(os.P_PID, aside.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                     is not None)  # fmt: skip
        return real(aside)

    monkeypatch.setattr(Aside, "collect", collect_once_ended)
    alone = check_json(str(root), "1")
    assert codes(alone) == ["SC201"] * 400
    assert check_json(str(root), "2") == alone
    assert asides[1] is not None and ended == [True]


def test_the_other_rules_run_before_the_childs_findings_are_collected(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child runs beside all the rest, the other rules too: this process waits for its
    findings only when it has nothing else left to do."""
    events: list[str] = []

    def noting(rule: Rule) -> Rule:
        def check(context: RuleContext) -> Iterable[Finding]:
            events.append(rule.code)
            return rule.check(context)

        return dataclasses.replace(rule, check=check)

    real_rules, real_collect = seamcheck.rules.all_rules, Aside.collect
    monkeypatch.setattr(
        seamcheck.rules, "all_rules", lambda: tuple(noting(r) for r in real_rules())
    )

    def collect(aside: Aside) -> Found | None:
        events.append("collect")
        return real_collect(aside)

    monkeypatch.setattr(Aside, "collect", collect)
    alone = check_json(demo, "1")
    events.clear()
    assert check_json(demo, "2") == alone
    others = [r.code for r in real_rules() if r.code not in {"SC201", "SC202"}]
    assert events == [*others, "collect"]


def test_no_child_without_memory_for_a_copy(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child comes to copy most of this process's memory (it writes the reference count
    of each object it reads): where a copy does not fit, in a container's limit or the
    machine's memory, this process runs the rules."""
    alone = check_json(demo, "1")
    resident = seamcheck.memoryroom.resident()
    monkeypatch.setattr(seamcheck.rules.aside, "room", lambda: 2 * resident - 1)
    assert check_json(demo, "2") == alone
    monkeypatch.setattr(seamcheck.rules.aside, "room", lambda: 3 * resident)
    assert check_json(demo, "2") == alone
    assert asides[1] is None and asides[2] is not None


def test_no_child_for_a_heap_too_large_to_copy(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large tree the copy would cost more memory than the child saves time: one
    process, however much memory is free."""
    alone = check_json(demo, "1")
    resident = seamcheck.memoryroom.resident()
    monkeypatch.setattr(seamcheck.rules.aside, "room", lambda: 10 * resident)
    monkeypatch.setattr(seamcheck.rules.aside, "MAX_RESIDENT", resident // 2)
    assert check_json(demo, "2") == alone
    monkeypatch.setattr(seamcheck.rules.aside, "MAX_RESIDENT", resident * 2)
    assert check_json(demo, "2") == alone
    assert asides[1] is None and asides[2] is not None


def _score_or_nothing(context: RuleContext, rules: list[tuple[Rule, str]]) -> Found:
    """In the child: the findings the rules would give, none where the OOM killer would take
    this process's parent before it."""
    with open("/proc/self/oom_score_adj") as score:
        first = score.read().strip() == "1000"
    return {rule.code: [] for rule, _ in rules} if first else {}


def test_out_of_memory_the_child_goes_first(demo: str) -> None:
    """Sharing its parent's pages, the child scores as high for the OOM killer: it asks to
    be taken first, which costs time only, not the run."""
    root = Path(demo)
    config = load_config(root)
    run = analyse(root, config, RunOptions(jobs=1))
    context = RuleContext(run.project, run.resolution, run.rule_graph, config)
    with open("/proc/self/oom_score_adj") as score:
        own = score.read()
    aside = seamcheck.rules.aside.start(context, active_rules(config), 10**9, 2, _score_or_nothing)
    assert aside is not None
    assert aside.collect() == {"SC201": [], "SC202": []}
    with open("/proc/self/oom_score_adj") as score:
        assert score.read() == own  # this process's own score is left as it was


def test_a_ctrl_c_reaching_the_child_before_it_ignores_it_is_lost(
    demo: str, asides: list[Aside | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal's Ctrl-C goes to every process of the run. One reaching the child as it is
    forked, before it ignores Ctrl-C, printed "Exception ignored in: <function _after_fork>"
    and a KeyboardInterrupt traceback on the user's terminal, or took the child back into
    this process's code. It is held until the child ignores it."""
    real_child, real_collect = seamcheck.rules.aside._child, Aside.collect
    delivered: list[bool] = []

    def interrupted_child(*args: Any) -> None:
        try:
            os.kill(os.getpid(), signal.SIGINT)  # as the child is forked
            real_child(*args)
        finally:
            os._exit(3)  # where the interrupt was raised at once, not held

    def collect(aside: Aside) -> Found | None:
        found = real_collect(aside)
        delivered.append(found is not None)
        return found

    monkeypatch.setattr(seamcheck.rules.aside, "_child", interrupted_child)
    monkeypatch.setattr(Aside, "collect", collect)
    alone = check_json(demo, "1")
    assert check_json(demo, "2") == alone
    assert delivered == [True]
