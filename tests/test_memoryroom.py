"""How much memory is left (`memoryroom.py`), read from /proc and the memory cgroup as a
container, a CI job or a bare machine has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_repo
from seamcheck.memoryroom import resident, room

MEMINFO = "MemTotal:       24684544 kB\nMemFree:        14977280 kB\nMemAvailable:    8000000 kB\n"


def machine(tmp_path: Path, cgroup: str, files: dict[str, str]) -> tuple[str, str]:
    """A /proc with `cgroup` as this process's memberships, and a /sys/fs/cgroup."""
    proc = write_repo(tmp_path / "proc", {"meminfo": MEMINFO, "self/cgroup": cgroup})
    cgroups = write_repo(tmp_path / "cgroup", files)
    return str(proc), str(cgroups)


def test_a_bare_machine_has_what_the_kernel_says_is_available(tmp_path: Path) -> None:
    proc, cgroups = machine(tmp_path, "0::/user.slice\n", {})
    assert room(proc, cgroups) == 8_000_000 * 1024


@pytest.mark.parametrize(
    ("cgroup", "files"),
    [
        (  # cgroup v2: a container limited to 1 GiB, 700 MiB of it used
            "0::/docker/abc\n",
            {"docker/abc/memory.max": "1073741824\n", "docker/abc/memory.current": "734003200\n"},
        ),
        (  # cgroup v1 beside v2's empty hierarchy (hybrid), as on older CI hosts
            "12:cpu,cpuacct:/job\n4:memory:/job\n0::/\n",
            {
                "memory/job/memory.limit_in_bytes": "1073741824\n",
                "memory/job/memory.usage_in_bytes": "734003200\n",
            },
        ),
    ],
)
def test_a_memory_cgroup_limit_leaves_less(
    tmp_path: Path, cgroup: str, files: dict[str, str]
) -> None:
    proc, cgroups = machine(tmp_path, cgroup, files)
    assert room(proc, cgroups) == 1073741824 - 734003200


@pytest.mark.parametrize(
    ("cgroup", "files"),
    [
        ("0::/a\n", {"a/memory.max": "max\n", "a/memory.current": "5\n"}),
        (
            "4:memory:/a\n",
            {
                "memory/a/memory.limit_in_bytes": "9223372036854771712\n",
                "memory/a/memory.usage_in_bytes": "5\n",
            },
        ),
        ("4:memory:/gone\n", {}),
    ],
)
def test_no_limit_or_none_to_read_leaves_the_machine(
    tmp_path: Path, cgroup: str, files: dict[str, str]
) -> None:
    proc, cgroups = machine(tmp_path, cgroup, files)
    assert room(proc, cgroups) == 8_000_000 * 1024


def test_a_cgroup_over_its_limit_has_no_room(tmp_path: Path) -> None:
    proc, cgroups = machine(
        tmp_path, "0::/a\n", {"a/memory.max": "100\n", "a/memory.current": "150\n"}
    )
    assert room(proc, cgroups) == 0


def test_nothing_to_read(tmp_path: Path) -> None:
    assert room(str(tmp_path / "no-proc"), str(tmp_path / "no-cgroup")) is None


def test_this_process(tmp_path: Path) -> None:
    assert resident() > 1_000_000  # an interpreter with seamcheck loaded
    assert (room() or 0) > 0
