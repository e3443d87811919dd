"""The pre-commit hooks of .pre-commit-hooks.yaml, run for real: `pre-commit try-repo`
installs this checkout into a fresh virtualenv (from PyPI) and runs the hook in a temporary
git repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write_repo

PROJECT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
FILES = {
    "svc/requirements.txt": "pydantic\n",
    "svc/app.py": "def predict(payload:\n    return payload\n",
    "svc/util.py": "def helper(:\n    pass\n",
    "svc/ok.py": "VALUE = 1\n",
}


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def try_repo(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(PROJECT), *args, "--verbose", "--color", "never"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def reported(output: str) -> list[str]:
    """seamcheck's lines in pre-commit's output, findings reduced to `path:line CODE`: the
    hook's environment installs the newest grammar wheels, whose error messages may differ."""
    lines = output.split("- duration: ", 1)[1].splitlines()[1:]
    finding = re.compile(r"(?P<where>\S+:\d+):\d+: (?P<code>SC\d+) ")
    result = []
    for line in filter(None, lines):
        match = finding.match(line)
        result.append(f"{match['where']} {match['code']}" if match else line)
    return result


def test_hook_definitions_follow_the_issue() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"seamcheck", "seamcheck-staged"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["require_serial"] is True
        # The issue's list, and the Vue and Svelte components seamcheck reads too.
        assert hook["types_or"] == [
            "python", "pyi", "javascript", "jsx", "ts", "tsx", "vue", "svelte"
        ]  # fmt: skip
    assert hooks["seamcheck"]["pass_filenames"] is False
    assert hooks["seamcheck-staged"]["pass_filenames"] is True


def test_whole_repository_hook(tmp_path: Path, pre_commit_home: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    done = try_repo(root, pre_commit_home, "seamcheck", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "seamcheck....." in done.stdout and "Passed" in done.stdout  # warnings only
    assert reported(done.stdout) == [
        "svc/app.py:1 SC001",
        "svc/util.py:1 SC001",
        "2 findings (2 warnings) in 3 files across 1 service.",
    ]


def test_staged_files_hook_reports_only_on_staged_files(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "svc/requirements.txt", "svc/util.py", "svc/ok.py")
    git(root, "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-qm", "x")
    git(root, "add", "svc/app.py")  # only this file is staged now
    done = try_repo(root, pre_commit_home, "seamcheck-staged")
    assert done.returncode == 0, done.stdout + done.stderr
    assert reported(done.stdout) == [
        "svc/app.py:1 SC001",
        "1 finding (1 warning) in 3 files across 1 service.",
        "Changed-code mode: 1 file given; 1 finding elsewhere not shown.",
    ]
