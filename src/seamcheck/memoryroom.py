"""How much memory is left to take, on Linux: the system's, and the memory cgroup's where it
has a limit (a container, a CI job). `rules/aside.py` forks a child only where a copy of
this process fits."""

from __future__ import annotations

import os

# A cgroup v1 limit at or above this is no limit (the kernel's "unlimited" is 2**63 rounded
# down to a page).
_UNLIMITED = 2**60


def resident() -> int:
    """The bytes this process has in memory; 0 where that cannot be read."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def room(proc: str = "/proc", cgroups: str = "/sys/fs/cgroup") -> int | None:
    """The bytes that can still be taken before the system or this process's memory cgroup
    runs out, the smaller of the two; None when neither can be read."""
    known = [n for n in (_available(proc), _cgroup_room(proc, cgroups)) if n is not None]
    return min(known, default=None)


def _available(proc: str) -> int | None:
    """The kernel's estimate of what can be taken without swapping (MemAvailable)."""
    try:
        with open(os.path.join(proc, "meminfo")) as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_room(proc: str, cgroups: str) -> int | None:
    """The limit of this process's memory cgroup less what it uses, cgroup v2 or v1; None
    without a limit or where the files cannot be read."""
    try:
        with open(os.path.join(proc, "self", "cgroup")) as lines:
            memberships = [line.rstrip("\n").split(":", 2) for line in lines]
    except OSError:
        return None
    for fields in memberships:
        if len(fields) != 3:
            continue
        _, controllers, path = fields
        relative = path.lstrip("/")
        if controllers == "":  # v2: one hierarchy, every controller
            found = _room(os.path.join(cgroups, relative), "memory.max", "memory.current")
        elif "memory" in controllers.split(","):
            folder = os.path.join(cgroups, "memory", relative)
            found = _room(folder, "memory.limit_in_bytes", "memory.usage_in_bytes")
        else:
            continue
        if found is not None:
            return found
    return None


def _room(folder: str, limit_file: str, usage_file: str) -> int | None:
    try:
        with open(os.path.join(folder, limit_file)) as limit_text:
            limit = limit_text.read().strip()
        if limit == "max" or int(limit) >= _UNLIMITED:
            return None
        with open(os.path.join(folder, usage_file)) as usage_text:
            usage = int(usage_text.read().strip())
    except (OSError, ValueError):
        return None
    return max(0, int(limit) - usage)
