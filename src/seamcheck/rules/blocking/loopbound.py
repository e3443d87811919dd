"""Python calls that only work on the event loop's own thread. A sync helper that makes one is
no candidate for `await asyncio.to_thread(helper, ...)`: in the worker thread the call raises,
or changes state the loop never sees. SC202 then offers no hand-off and `fix` makes none."""

from __future__ import annotations

from functools import cache

from seamcheck.rules.blocking.sinks import PatternSet

# (why, patterns) in the catalog's pattern syntax, matched against resolved qualified names.
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "needs the event loop's thread (in a worker thread it raises RuntimeError)",
        (
            "asyncio.{get_running_loop,get_event_loop,create_task,ensure_future,current_task,"
            "all_tasks}",
        ),
    ),
    (
        "is not thread-safe (called from a worker thread, it does not wake the loop)",
        (
            "asyncio.{get_running_loop,get_event_loop}().{call_soon,call_later,call_at,"
            "create_task,create_future,run_in_executor,add_reader,add_writer,stop}",
            "asyncio.{Queue,LifoQueue,PriorityQueue}().{put_nowait,get_nowait,task_done}",
            "asyncio.Event().{set,clear}",
            "asyncio.{Future,create_task,ensure_future}().{set_result,set_exception,cancel}",
        ),
    ),
    (
        "in a worker thread sets that thread's copy of the context, not the caller's",
        ("contextvars.ContextVar().{set,reset}",),
    ),
)


# Every Python call the resolver names goes through `loop_bound`: most are turned away by
# their first part before the regular expression runs.
_MODULES = tuple(sorted({f"{p.split('.', 1)[0]}." for _, group in _GROUPS for p in group}))


@cache
def _patterns() -> PatternSet:
    return PatternSet((p, index) for index, (_, patterns) in enumerate(_GROUPS) for p in patterns)


def loop_bound(qualname: str) -> str:
    """Why a call to `qualname` must stay on the loop's thread (`asyncio.create_task`, which
    needs ...), or "" when it may run anywhere."""
    if not qualname.startswith(_MODULES):
        return ""
    owner = _patterns().owner(qualname)
    return "" if owner is None else f"`{qualname}`, which {_GROUPS[owner][0]}"
