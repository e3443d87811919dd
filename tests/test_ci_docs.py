"""The CI recipes of docs/ci.md are valid YAML and their seamcheck commands really run."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import RepoFactory, run_cli
from gate_helpers import REPO, with_test_rule  # noqa: F401

DOC = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text()
YAML_BLOCKS = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S)]


def block_with(key: str) -> dict[str, Any]:  # parsed YAML: any shape
    return next(b for b in YAML_BLOCKS if isinstance(b, dict) and key in b)


def run_documented(command: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(root)
    args = shlex.split(command.replace('"$GITHUB_STEP_SUMMARY"', "summary.md"))
    assert args[:2] == ["seamcheck", "check"]
    assert run_cli("baseline").exit_code == 0
    return run_cli(*args[1:]).exit_code


@pytest.mark.usefixtures("with_test_rule")
def test_github_workflow_uploads_sarif_and_gates_on_the_baseline(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    workflow = block_with("jobs")
    steps = workflow["jobs"]["seamcheck"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/cache@") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload"))
    assert upload["if"] == "always()" and upload["with"]["sarif_file"] == "seamcheck.sarif"
    command = next(s["run"] for s in steps if s.get("name") == "seamcheck")
    root = repo(REPO)
    assert run_documented(command, root, monkeypatch) == 0  # everything known: passes
    assert json.loads((root / "seamcheck.sarif").read_text())["version"] == "2.1.0"
    assert (root / "summary.md").read_text().startswith("## seamcheck\n")


@pytest.mark.usefixtures("with_test_rule")
def test_gitlab_job_writes_the_code_quality_artifact(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = block_with("seamcheck")["seamcheck"]
    report = job["artifacts"]["reports"]["codequality"]
    [command] = [line for line in job["script"] if line.startswith("seamcheck")]
    root = repo(REPO)
    assert run_documented(command, root, monkeypatch) == 0
    assert json.loads((root / report).read_text()) == []  # nothing new


def test_pre_commit_example_names_the_defined_hooks() -> None:
    config = block_with("repos")
    ids = [hook["id"] for hook in config["repos"][0]["hooks"]]
    assert ids == ["seamcheck"]
    assert "seamcheck-staged" in DOC
