"""Changed-code mode in real git repositories: merge base, uncommitted and untracked files,
renames, detached HEAD, shallow clones, and explicit file arguments."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import RepoFactory, run_cli, write_repo
from gate_helpers import GATEWAY_JS, MODEL_PY, REPO, with_test_rule  # noqa: F401
from seamcheck.findings import Finding, Related
from seamcheck.gate.changes import ChangeSet, folder_scope, touches

pytestmark = pytest.mark.usefixtures("with_test_rule")

MODEL = "services/model/app/main.py"
GATEWAY = "services/gateway/src/server.js"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "dev",
    "GIT_AUTHOR_EMAIL": "dev@example.invalid",
    "GIT_COMMITTER_NAME": "dev",
    "GIT_COMMITTER_EMAIL": "dev@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def project(repo: RepoFactory) -> Path:
    """main: the two services; feature (checked out): a new blocking call in the gateway."""
    root = repo(REPO)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "services")
    git(root, "checkout", "-q", "-b", "feature")
    write_repo(
        root,
        {
            "services/gateway/src/cache.js": (
                "const fs = require('fs');\n\n"
                "async function warm() {\n  return fs.readFileSync('cache.bin');\n}\n\n"
                "module.exports = { warm };\n"
            )
        },
    )
    commit_all(root, "cache warm-up")
    return root


def check(root: Path, *args: str) -> tuple[int, str]:
    result = run_cli("check", str(root), *args)
    return result.exit_code, result.output


def test_only_findings_in_files_changed_since_the_merge_base(project: Path) -> None:
    git(project, "checkout", "-q", "main")
    write_repo(project, {"services/model/app/extra.py": "X = 1\n"})
    commit_all(project, "main moves on: not part of the feature")
    git(project, "checkout", "-q", "feature")
    base = git(project, "merge-base", "HEAD", "main").strip()[:10]
    code, output = check(project, "--changed-since", "main")
    assert code == 1
    assert output == (
        "services/gateway/src/cache.js:4:10: SC901 blocking call fs.readFileSync() inside async warm()\n"
        "    services/gateway/src/cache.js:3:1: async warm() is defined here\n"
        "1 finding (1 error) in 3 files across 2 services.\n"
        f"Changed-code mode: 1 file changed since main (merge base {base}); "
        "2 findings elsewhere not shown.\n"
    )


def test_uncommitted_untracked_and_renamed_files_count_as_changed(project: Path) -> None:
    git(project, "mv", MODEL, "services/model/app/api.py")
    write_repo(project, {GATEWAY: GATEWAY_JS + "\n// touched\n"})
    write_repo(
        project,
        {"services/model/app/jobs.py": "import time\n\nasync def job():\n    time.sleep(5)\n"},
    )
    code, output = check(project, "--changed-since", "main", "--format", "json")
    assert code == 1
    document = json.loads(output)
    assert [(f["path"], f["line"]) for f in document["findings"]] == [
        ("services/gateway/src/cache.js", 4),
        (GATEWAY, 7),
        ("services/model/app/api.py", 10),
        ("services/model/app/jobs.py", 4),
    ]
    assert document["scope"]["files"] == 5  # cache.js, server.js, both sides of the rename, jobs.py
    assert document["scope"]["outside"] == 0


def test_a_subdirectory_root_gets_paths_relative_to_itself(project: Path) -> None:
    code, output = check(project / "services", "--changed-since", "main")
    assert code == 1
    assert output.splitlines()[0] == (
        "gateway/src/cache.js:4:10: SC901 blocking call fs.readFileSync() inside async warm()"
    )
    assert "1 file changed since main" in output


def test_baseline_and_changed_code_mode_combine(project: Path) -> None:
    baseline = project / ".seamcheck-baseline.json"
    assert run_cli("baseline", str(project)).exit_code == 0
    write_repo(project, {MODEL: MODEL_PY.replace("time.sleep(0.1)", "time.sleep(0.2)")})
    code, output = check(project, "--changed-since", "main", "--baseline", str(baseline))
    assert code == 0
    assert output == (
        "No findings in 3 files across 2 services.\n"
        f"Baseline {baseline}: 3 known.\n"
        f"Changed-code mode: 3 files changed since main (merge base "
        f"{git(project, 'merge-base', 'HEAD', 'main').strip()[:10]}); "
        "0 findings elsewhere not shown.\n"
    )


def test_detached_head_works_like_a_branch(project: Path) -> None:
    git(project, "checkout", "-q", "--detach", "HEAD")
    code, output = check(project, "--changed-since", "main")
    assert code == 1
    assert output.startswith("services/gateway/src/cache.js:4:10: SC901")


def test_shallow_clone_gives_clear_messages_until_deepened(project: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "feature", project.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    code, output = check(clone, "--changed-since", "origin/main")
    assert code == 2
    assert output == (
        "seamcheck: error: 'origin/main' is not in this shallow clone; fetch it first "
        "(e.g. `git fetch --depth=100 origin <branch>`, or actions/checkout with fetch-depth: 0)\n"
    )
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    code, output = check(clone, "--changed-since", "origin/main")
    assert code == 2
    assert output == (
        "seamcheck: error: HEAD and 'origin/main' have no common ancestor in this shallow "
        "clone; deepen it (`git fetch --deepen=100`, `git fetch --unshallow`, or "
        "actions/checkout with fetch-depth: 0)\n"
    )
    git(clone, "fetch", "-q", "--unshallow", "origin")
    code, output = check(clone, "--changed-since", "origin/main")
    assert code == 1
    assert "1 file changed since origin/main" in output


def test_git_problems_are_usage_errors(project: Path, repo: RepoFactory) -> None:
    assert check(project, "--changed-since", "no-such-branch") == (
        2,
        "seamcheck: error: unknown git revision 'no-such-branch'\n",
    )
    plain = repo(REPO)
    code, output = check(plain, "--changed-since", "main")
    assert code == 2
    assert output.startswith("seamcheck: error: not inside a git repository")


@pytest.mark.parametrize("ref", ["", "  "])
def test_an_empty_ref_is_a_usage_error_not_a_full_check(project: Path, ref: str) -> None:
    assert check(project, "--changed-since", ref) == (
        2,
        f"seamcheck: error: --changed-since: expected a git ref such as 'main', got {ref!r}\n",
    )


def test_explicit_files_limit_the_report(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = run_cli("check", MODEL)
    assert result.exit_code == 1
    assert result.output == (
        f"{MODEL}:10:5: SC901 blocking call time.sleep() inside async predict()\n"
        f"    {MODEL}:9:1: async predict() is defined here\n"
        "1 finding (1 error) in 3 files across 2 services.\n"
        "Changed-code mode: 1 file given; 2 findings elsewhere not shown.\n"
    )
    clean = run_cli("check", "services/model/requirements.txt")
    assert clean.exit_code == 0
    assert clean.output.startswith("No findings in 3 files")
    both = run_cli("check", MODEL, "--changed-since", "main")
    assert (both.exit_code, both.output) == (
        2,
        "seamcheck: error: give either files or --changed-since, not both\n",
    )


def test_a_file_outside_the_current_directory_says_to_name_its_repository(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run_cli("check", str(project / MODEL))
    assert (result.exit_code, result.output) == (
        2,
        f"seamcheck: error: {project / MODEL} is outside the analysed directory {elsewhere}; "
        "name the "
        f"repository first: seamcheck check REPOSITORY {project / MODEL}\n",
    )
    named = run_cli("check", str(project), str(project / MODEL))
    assert named.exit_code == 1


def test_staged_files_outside_a_named_root_are_left_out(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A git repository whose seamcheck.toml is in platform/: the seamcheck-staged hook gets
    # `args: [platform]`, and pre-commit passes every staged file from the top, a script
    # in tools/ too. That one is none of platform's files, so it touches no finding; the
    # hook failed with exit 2 ("tools/lint.py is outside the analysed directory").
    top = repo({**{f"platform/{path}": text for path, text in REPO.items()}, "tools/lint.py": ""})
    monkeypatch.chdir(top)
    result = run_cli("check", "platform", f"platform/{MODEL}", "tools/lint.py")
    assert result.exit_code == 1
    assert result.output == (
        f"{MODEL}:10:5: SC901 blocking call time.sleep() inside async predict()\n"
        f"    {MODEL}:9:1: async predict() is defined here\n"
        "1 finding (1 error) in 2 files across 2 services.\n"
        "Changed-code mode: 2 files given, 1 of them outside the analysed directory; "
        "1 finding elsewhere not shown.\n"
    )


def test_ci_formats_give_paths_from_the_top_of_the_checkout(repo: RepoFactory) -> None:
    # seamcheck.toml in platform/ of the git repository: code scanning, the Actions runner
    # and GitLab read paths against the checkout's top, where services/model/... is no file
    # (the alerts and annotations had no place). Text, JSON and Markdown stay relative to
    # the analysed folder, as its messages are.
    top = repo({f"platform/{path}": text for path, text in REPO.items()})
    git(top, "init", "-q")
    root = str(top / "platform")
    sarif = json.loads(run_cli("check", root, "--format", "sarif").output)
    result = sarif["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        f"platform/{GATEWAY}"
    )
    related = result["relatedLocations"]
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in related] == [
        f"platform/{GATEWAY}"
    ]
    github = run_cli("check", root, "--format", "github").output.splitlines()
    assert github[0].startswith(f"::error file=platform/{GATEWAY},line=7,")
    assert github[0].endswith(f"%0A  platform/{GATEWAY}:6:1: async loadConfig() is defined here")
    gitlab = json.loads(run_cli("check", root, "--format", "gitlab").output)
    assert [issue["location"]["path"] for issue in gitlab] == [
        f"platform/{GATEWAY}",
        f"platform/{MODEL}",
    ]
    plain = json.loads(run_cli("check", root, "--format", "json").output)
    assert [f["path"] for f in plain["findings"]] == [GATEWAY, MODEL]
    # At the top of the checkout, as before: no prefix.
    git(top / "platform", "init", "-q")
    again = json.loads(run_cli("check", root, "--format", "gitlab").output)
    assert [issue["location"]["path"] for issue in again] == [GATEWAY, MODEL]


@pytest.mark.parametrize("broken", ["refusing", "not runnable", "missing"])
def test_ci_formats_place_their_paths_whatever_git_does(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    # A CI container whose checkout another user owns: git refuses it ("detected dubious
    # ownership", safe.directory), and the SARIF paths lost `platform/`, silently; a `git`
    # on PATH that cannot be run stopped the report ("Permission denied (git)", exit 2).
    top = repo({f"platform/{path}": text for path, text in REPO.items()})
    git(top, "init", "-q")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    if broken != "missing":
        fake = bin_folder / "git"
        fake.write_text(
            "#!/bin/sh\necho 'fatal: detected dubious ownership in repository' >&2\nexit 128\n"
        )
        fake.chmod(0o755 if broken == "refusing" else 0o644)
    monkeypatch.setenv("PATH", str(bin_folder))
    result = run_cli("check", str(top / "platform"), "--format", "gitlab")
    assert result.exit_code == 1
    assert [issue["location"]["path"] for issue in json.loads(result.stdout)] == [
        f"platform/{GATEWAY}",
        f"platform/{MODEL}",
    ]


def test_a_chain_or_seam_end_in_a_changed_file_counts() -> None:
    finding = Finding(
        code="SC202",
        severity="error",
        message="blocking call reached through helpers",
        path="api/routes.py",
        line=3,
        column=1,
        end_line=3,
        end_column=9,
        service="api",
        fingerprint="f",
        related=(Related("api/helpers.py", 7, 5, "calls time.sleep()"),),
    )
    assert touches(finding, ChangeSet("", frozenset({"api/helpers.py"})))
    assert touches(finding, ChangeSet("", frozenset({"api/routes.py"})))
    assert not touches(finding, ChangeSet("", frozenset({"api/other.py"})))
    # A folder scope holds what is under it, not a folder whose name starts the same.
    assert touches(finding, folder_scope("api"))
    assert not touches(finding, folder_scope("ap"))
    assert not touches(finding, folder_scope("api/routes"))
