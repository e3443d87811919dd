"""Pointed at a folder inside a configured repository, seamcheck analyses the repository.

A Node gateway and a FastAPI model service under one compose file and one seamcheck.toml:
a developer who runs `seamcheck check` in `services/gateway` must get the gateway's findings
of the whole repository (its client call linked to the model service's route through the
compose file, the root's policies), not the findings of the folder analysed alone."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from conftest import RepoFactory, package_json, run_cli, write_repo
from seamcheck.rootsearch import configured_root

COMPOSE = """\
services:
  gateway:
    build: ./services/gateway
    ports: ["8080:8080"]
  ml:
    build: ./services/ml
"""

GATEWAY_SERVER = """\
const fs = require('fs');
const express = require('express');

const app = express();

app.post('/api/predict', async (req, res) => {
  const template = fs.readFileSync('/etc/gateway/template.json', 'utf8');
  const reply = await fetch('http://ml:8000/predict', { method: 'POST', body: template });
  res.json(await reply.json());
});

app.listen(8080);
"""

MODEL_MAIN = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
async def predict() -> dict:
    time.sleep(0.5)
    return {"label": "cat"}
"""

REPO = {
    "seamcheck.toml": 'extends = ["hybrid-ai"]\n',
    "docker-compose.yml": COMPOSE,
    "services/gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "services/gateway/src/server.js": GATEWAY_SERVER,
    "services/ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
    "services/ml/app/__init__.py": "",
    "services/ml/app/main.py": MODEL_MAIN,
}
GATEWAY = "services/gateway/src/server.js"
MODEL = "services/ml/app/main.py"


@pytest.fixture
def checkout(repo: RepoFactory) -> Path:
    root = repo(REPO)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@pytest.fixture
def inside(checkout: Path) -> Iterator[Path]:
    """The current directory is the gateway's folder for the test."""
    before = Path.cwd()
    os.chdir(checkout / "services/gateway")
    try:
        yield checkout
    finally:
        os.chdir(before)


def findings_of(result: Result) -> list[tuple[str, str]]:
    return [(f["code"], f["path"]) for f in json.loads(result.stdout)["findings"]]


def test_check_in_a_service_folder_analyses_the_repository(inside: Path) -> None:
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    # The gateway's blocking call, with its path from the repository root. Its call to
    # http://ml:8000/predict lands on the model service's route through the compose file:
    # analysed alone, 'ml' named no service and SC107 reported the call.
    assert [(f["code"], f["path"]) for f in document["findings"]] == [("SC201", GATEWAY)]
    # The model service's own blocking call is found, and left out: it is not the gateway's.
    assert document["scope"] == {
        "description": "findings touching services/gateway/",
        "files": 1,
        "outside": 1,
        "folder": "services/gateway",
    }
    assert result.stderr == (
        "seamcheck: analysing the repository at ../.. (configured by its seamcheck.toml); "
        "paths are relative to it\n"
    )


def test_the_folder_given_as_path_and_the_text_summary(checkout: Path) -> None:
    result = run_cli("check", str(checkout / "services/ml"))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{MODEL}:10:5: SC201 ")
    assert result.stdout.endswith(
        "1 finding (1 error) in 3 files across 2 services.\n"
        "Folder mode: findings touching services/ml/; 1 finding elsewhere not shown.\n"
    )


def test_the_root_itself_and_explicit_files_report_as_before(inside: Path) -> None:
    whole = run_cli("check", "../..", "--format", "json")
    assert findings_of(whole) == [("SC201", GATEWAY), ("SC201", MODEL)]
    assert json.loads(whole.stdout)["scope"] is None
    assert whole.stderr == ""
    # Files given (what pre-commit passes) say which findings count, as at the root.
    given = run_cli("check", "../..", f"../../{MODEL}", "--format", "json")
    assert findings_of(given) == [("SC201", MODEL)]
    assert json.loads(given.stdout)["scope"]["description"] == "1 file given"


def test_files_given_in_a_service_folder_are_that_folder_s(inside: Path) -> None:
    # The folder named is the scope, as for --changed-since run there: the model service's
    # file is another team's, outside it. Its finding was reported, the folder ignored.
    given = run_cli("check", ".", "src/server.js", f"../../{MODEL}", "--format", "json")
    assert findings_of(given) == [("SC201", GATEWAY)]
    scope = json.loads(given.stdout)["scope"]
    assert scope["description"] == "2 files given, 1 of them outside services/gateway/"
    assert scope["folder"] is None
    outside = run_cli("check", ".", f"../../{MODEL}")
    assert outside.exit_code == 0
    assert outside.stdout.endswith(
        "Changed-code mode: 1 file given, 1 of them outside services/gateway/; "
        "2 findings elsewhere not shown.\n"
    )
    # The folder only the current one: a file outside it is a mistake to say, as one
    # outside the repository is.
    alone = run_cli("check", f"../../{MODEL}")
    assert alone.exit_code == 2
    assert alone.stderr.splitlines()[-1] == (
        f"seamcheck: error: ../../{MODEL} is outside services/gateway/, the folder checked "
        f"here; name the repository first: seamcheck check ../.. ../../{MODEL}"
    )
    assert run_cli("check", "src/server.js").exit_code == 1


def test_the_cache_and_the_baseline_belong_to_the_repository(
    inside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SEAMCHECK_CACHE_DIR")
    assert run_cli("baseline").exit_code == 0
    assert (inside / ".seamcheck-baseline.json").is_file()
    assert (inside / ".seamcheck_cache").is_dir()
    assert not (inside / "services/gateway/.seamcheck-baseline.json").exists()
    assert not (inside / "services/gateway/.seamcheck_cache").exists()
    again = run_cli("check", "--baseline", "../../.seamcheck-baseline.json")
    assert again.exit_code == 0
    # The name `baseline` wrote, as it would be given at the root, is read from here: the
    # error says where the repository's file is ("baseline file not found" alone, after
    # "analysing the repository at ../..", read as if the root had none).
    here = run_cli("check", "--baseline", ".seamcheck-baseline.json")
    assert here.exit_code == 2
    assert here.stderr.splitlines()[-1] == (
        "seamcheck: error: baseline file not found: .seamcheck-baseline.json (relative to "
        "the current folder; the repository's is --baseline ../../.seamcheck-baseline.json)"
    )


def test_changed_code_mode_in_a_service_folder_reports_that_folder_s_changes(
    inside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{key}_NAME", "dev")
        monkeypatch.setenv(f"{key}_EMAIL", "dev@example.invalid")
    subprocess.run(["git", "-C", str(inside), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(inside), "commit", "-qm", "services"], check=True)
    # The branch touches both services; run in the gateway's folder, the gate is the
    # gateway's: the model service's changed file is another team's (it was all reported).
    write_repo(
        inside, {GATEWAY: GATEWAY_SERVER + "// touched\n", MODEL: MODEL_MAIN + "# touched\n"}
    )
    result = run_cli("check", "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert findings_of(result) == [("SC201", GATEWAY)]
    scope = json.loads(result.stdout)["scope"]
    assert scope["description"].startswith("1 file changed under services/gateway/ since HEAD")
    assert (scope["files"], scope["outside"]) == (1, 1)


def test_the_note_on_stderr_says_where_each_format_s_paths_start(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The configured repository is platform/ of the git checkout: SARIF, GitHub and GitLab
    # paths start at the checkout's top (`platform/services/...`), and the note said every
    # path was relative to platform/.
    top = repo({f"platform/{path}": text for path, text in REPO.items()})
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    monkeypatch.chdir(top / "platform/services/gateway")
    note = "seamcheck: analysing the repository at ../.. (configured by its seamcheck.toml); "
    github = run_cli("check", "--format", "github")
    assert github.stdout.startswith(f"::error file=platform/{GATEWAY},")
    assert github.stderr == (
        note + "github paths are relative to the top of its git checkout, ../../..\n"
    )
    # The SARIF file, and the text report on the terminal.
    both = run_cli(
        "check", "--format", f"sarif:{top / 'out.sarif'}", "--format", f"gitlab:{top / 'gl.json'}"
    )
    assert both.stdout.startswith(f"{GATEWAY}:7:")
    assert both.stderr == note + (
        "paths are relative to it (sarif and gitlab paths to the top of its git checkout, "
        "../../..)\n"
    )
    plain = run_cli("check", "--format", "json")
    assert plain.stderr == note + "paths are relative to it\n"
    # At the top of its checkout, every format's paths start at the repository.
    subprocess.run(["git", "init", "-q", str(top / "platform")], check=True)
    again = run_cli("check", "--format", "github")
    assert again.stdout.startswith(f"::error file={GATEWAY},")
    assert again.stderr == note + "paths are relative to it\n"


def test_fix_in_a_service_folder_rewrites_only_that_folder(checkout: Path) -> None:
    result = run_cli("fix", str(checkout / "services/ml"), "--diff")
    assert result.exit_code == 0
    assert f"+++ b/{MODEL}" in result.stdout
    assert "await asyncio.sleep(0.5)" in result.stdout
    assert "server.js" not in result.stdout + result.stderr  # JavaScript: never listed here
    # From the root, the gateway's JavaScript call is listed as left alone.
    whole = run_cli("fix", str(checkout), "--diff")
    assert f"{GATEWAY}:7: left alone" in whole.stderr


def test_init_in_a_service_folder_of_a_configured_repository_refuses(checkout: Path) -> None:
    folder = checkout / "services/gateway"
    result = run_cli("init", str(folder))
    assert result.exit_code == 2
    assert "already configures seamcheck (seamcheck.toml) for this folder" in result.stderr
    assert not (folder / "seamcheck.toml").exists()
    assert run_cli("init", str(folder), "--force").exit_code == 0
    # Configured on its own now: the gateway is its own repository, as asked.
    alone = run_cli("check", str(folder), "--format", "json")
    assert json.loads(alone.stdout)["scope"] is None
    assert alone.stderr == ""


def test_without_a_configuration_above_the_folder_is_analysed_alone(repo: RepoFactory) -> None:
    root = repo({k: v for k, v in REPO.items() if k != "seamcheck.toml"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = run_cli("check", str(root / "services/gateway"), "--format", "json")
    # The old answer, kept where nothing says which folder is the repository: the call to
    # 'ml' cannot be linked from the gateway's folder alone.
    assert findings_of(result) == [("SC201", "src/server.js"), ("SC107", "src/server.js")]
    assert result.stderr == ""


def test_with_config_the_folder_given_is_the_root(checkout: Path) -> None:
    folder = checkout / "services/gateway"
    config = checkout / "seamcheck.toml"
    result = run_cli("check", str(folder), "--config", str(config), "--format", "json")
    assert findings_of(result) == [("SC201", "src/server.js"), ("SC107", "src/server.js")]


def test_the_search_stays_inside_the_git_work_tree(tmp_path: Path) -> None:
    # A seamcheck.toml above the checkout (a home folder, /tmp) is not the checkout's.
    write_repo(tmp_path, {"seamcheck.toml": "", "checkout/services/api/app.py": ""})
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir()
    assert configured_root(checkout / "services/api") is None
    # Outside any work tree nothing is searched either.
    assert configured_root(tmp_path / "checkout") is None
    (checkout / ".git").rmdir()
    assert configured_root(checkout / "services/api") is None


def test_which_folders_configure_seamcheck(tmp_path: Path) -> None:
    write_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "mono"\n\n[tool.seamcheck]\nextends = []\n',
            "services/api/pyproject.toml": '[project]\nname = "api"\n',
            "services/api/app/main.py": "",
            "services/broken/pyproject.toml": "[tool.seamcheck\n",
            "vendor/sub/seamcheck.toml": "",
        },
    )
    # A linked work tree or a submodule has a .git file, not a folder.
    (tmp_path / ".git").write_text("gitdir: /elsewhere/.git/worktrees/mono\n")
    found = (tmp_path.resolve(), "pyproject.toml [tool.seamcheck]")
    # A service's own pyproject.toml without [tool.seamcheck] does not stop the search.
    assert configured_root(tmp_path / "services/api/app") == found
    assert configured_root(tmp_path / "services/api") == found
    # One that cannot be parsed says nothing either.
    assert configured_root(tmp_path / "services/broken") == found
    # A folder that configures seamcheck itself is its own root.
    assert configured_root(tmp_path / "vendor/sub") is None
    assert configured_root(tmp_path) is None


def test_at_the_top_of_a_checkout_a_note_names_the_folders_configured_below(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checkout's only configuration is platform/seamcheck.toml: `seamcheck check` at its
    # top applied the default pack, the platform's contracts unread, and said nothing.
    top = repo(
        {
            **{f"platform/{path}": text for path, text in REPO.items()},
            "platform/seamcheck.toml": 'extends = ["hybrid-ai"]\n\n[services.gateway]\n'
            'tags = ["edge"]\n',
            "tools/lint.py": "print('lint')\n",
        }
    )
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    monkeypatch.chdir(top)
    result = run_cli("check", "--format", "json")
    # What is checked, the exit code and stdout are the defaults' at the top, as before.
    assert result.exit_code == 1
    assert findings_of(result) == [("SC201", f"platform/{GATEWAY}"), ("SC201", f"platform/{MODEL}")]
    assert result.stderr == (
        "seamcheck: note: nothing configures seamcheck at ., so the defaults apply; platform "
        "is configured by its seamcheck.toml: run `seamcheck check platform` to apply it\n"
    )
    # Said with the command asked and the folders as given, quoted for the shell.
    (top / "platform").rename(top / "our platform")
    monkeypatch.chdir(top / "tools")
    seams = run_cli("seams", "..")
    assert seams.exit_code == 0
    assert seams.stderr == (
        "seamcheck: note: nothing configures seamcheck at .., so the defaults apply; "
        "../our platform is configured by its seamcheck.toml: run "
        "`seamcheck seams '../our platform'` to apply it\n"
    )
    # Several, sorted, each with its file; a service's plain pyproject.toml and an excluded
    # folder's are not. A misspelt table configures nothing: said as `check` there says it.
    write_repo(
        top,
        {
            "examples/demo/pyproject.toml": "[tool.seamcheck]\nextends = []\n",
            "apps/api/pyproject.toml": "[tool.seamchek]\nextends = []\n",
            "node_modules/pkg/seamcheck.toml": "",
        },
    )
    monkeypatch.chdir(top)
    several = run_cli("check", "--format", "json")
    assert several.exit_code == 1
    assert several.stderr == (
        "seamcheck: note: nothing configures seamcheck at ., so the defaults apply; folders "
        "below it are configured: examples/demo (pyproject.toml [tool.seamcheck]), our "
        "platform (seamcheck.toml); run `seamcheck check FOLDER` to apply one's; "
        "apps/api/pyproject.toml: tool.seamchek: unknown table (did you mean "
        "'tool.seamcheck'?)\n"
    )
    # Where something applies other than the defaults, nothing is said.
    given = run_cli("check", "--config", "our platform/seamcheck.toml", "--format", "json")
    assert given.stderr == ""
    write_repo(top, {"seamcheck.toml": 'extends = ["hybrid-ai"]\n'})
    assert run_cli("check", "--format", "json").stderr == ""


def test_a_misspelt_table_above_is_refused_from_a_folder_below(checkout: Path) -> None:
    # [tool.seamchek] in the top pyproject.toml was refused at the top, but a run in a
    # folder below climbed past it, applied the defaults and exited 0 without a word.
    (checkout / "seamcheck.toml").unlink()
    write_repo(checkout, {"pyproject.toml": '[tool.seamchek]\nextends = ["hybrid-ai"]\n'})
    error = "seamcheck: error: pyproject.toml: tool.seamchek: unknown table (did you mean "
    error += "'tool.seamcheck'?)"
    at_top = run_cli("check", str(checkout))
    assert (at_top.exit_code, at_top.stderr) == (2, error + "\n")
    below = run_cli("check", str(checkout / "services/gateway"))
    assert below.exit_code == 2
    # Before: the root line said the folder was "configured by its pyproject.toml
    # [tool.seamchek]", which configures nothing.
    assert below.stderr.splitlines() == [
        f"seamcheck: analysing the repository at {os.path.relpath(checkout)} (its "
        "pyproject.toml [tool.seamchek] misspells [tool.seamcheck]); paths are relative to it",
        error,
    ]
    assert configured_root(checkout / "services/gateway") == (
        checkout.resolve(),
        "pyproject.toml [tool.seamchek]",
    )
    # A service's own misspelt table stops the search there, under a configured top too.
    write_repo(
        checkout,
        {
            "seamcheck.toml": "",
            "services/ml/pyproject.toml": '[project]\nname = "ml"\n\n[tool.seamchek]\n',
        },
    )
    assert configured_root(checkout / "services/ml/app") == (
        (checkout / "services/ml").resolve(),
        "pyproject.toml [tool.seamchek]",
    )
    assert run_cli("check", str(checkout / "services/ml")).exit_code == 2
    assert run_cli("check", str(checkout / "services/gateway")).exit_code == 1


def test_a_misspelt_table_below_is_named_with_its_error_not_a_command(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = repo({**REPO, "services/ml/pyproject.toml": "[tool.seamchek]\nextends = []\n"})
    (top / "seamcheck.toml").unlink()
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    monkeypatch.chdir(top)
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 1
    # Before: "services/ml is configured by its pyproject.toml [tool.seamchek]: run
    # `seamcheck check services/ml` to apply it", a command that exits 2.
    error = "services/ml/pyproject.toml: tool.seamchek: unknown table (did you mean "
    error += "'tool.seamcheck'?)"
    assert result.stderr == (
        f"seamcheck: note: nothing configures seamcheck at ., so the defaults apply; {error}\n"
    )
    there = run_cli("check", "services/ml")
    assert (there.exit_code, there.stderr) == (
        2,
        f"seamcheck: error: {error.removeprefix('services/ml/')}\n",
    )


def test_init_refuses_a_misspelt_table_as_check_does(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = repo({**REPO, "pyproject.toml": '[tool.seamchek]\nextends = ["hybrid-ai"]\n'})
    (top / "seamcheck.toml").unlink()
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    error = "pyproject.toml: tool.seamchek: unknown table (did you mean 'tool.seamcheck'?)"
    monkeypatch.chdir(top)
    # Before: a seamcheck.toml written beside the table (exit 0), which was then read
    # instead of it, the misspelling never said again.
    at_top = run_cli("init")
    assert (at_top.exit_code, at_top.stderr) == (2, f"seamcheck: error: {error}\n")
    assert not (top / "seamcheck.toml").exists()
    # Before: "../.. already configures seamcheck (pyproject.toml [tool.seamchek]) for this
    # folder", which it does not.
    monkeypatch.chdir(top / "services/gateway")
    below = run_cli("init")
    assert (below.exit_code, below.stderr) == (2, f"seamcheck: error: ../../{error}\n")
    assert not (top / "services/gateway/seamcheck.toml").exists()
    # --force configures the folder on its own, as under a configuration.
    assert run_cli("init", "--force").exit_code == 0
    assert (top / "services/gateway/seamcheck.toml").exists()


MISNAMED_ROUTE = GATEWAY_SERVER.replace("http://ml:8000/predict'", "http://ml:8000/predicts'")
PUBLISHED = COMPOSE.replace(
    "build: ./services/ml\n", 'build: ./services/ml\n    ports: ["8000:8000"]\n'
)


def test_ci_formats_messages_cite_paths_from_the_checkout_top(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Configured in platform/ of the checkout: a finding's location in SARIF, GitHub and
    # GitLab said platform/..., its message cited the same files from platform/.
    files = {**REPO, GATEWAY: MISNAMED_ROUTE, "docker-compose.yml": PUBLISHED}
    top = repo({f"platform/{path}": text for path, text in files.items()})
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    monkeypatch.chdir(top / "platform/services/gateway")
    sarif, gitlab = top / "out.sarif", top / "gl.json"
    result = run_cli("check", "../..", "--format", f"sarif:{sarif}", "--format", f"gitlab:{gitlab}")
    assert result.exit_code == 1
    # The text report, paths from platform/, as before.
    assert result.stdout.splitlines()[:3] == [
        "docker-compose.yml:7:5: SC103 service 'ml' (python) serves HTTP to the outside: it "
        "runs fastapi and compose service 'ml' publishes port '8000:8000' in "
        "docker-compose.yml; policy 'hybrid-ai' allows the request edge only in node services",
        f"{GATEWAY}:7:20: SC201 blocking call `fs.readFileSync()` in async handler of "
        "app.post('/api/predict') stalls the event loop; use await fs.promises.readFile(...)",
        f"    {GATEWAY}:6:26: async handler of app.post('/api/predict') starts here",
    ]
    wrong_route = next(line for line in result.stdout.splitlines() if " SC104 " in line)
    assert wrong_route.endswith(f"did you mean POST /predict ({MODEL}:8)?")
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    cited = {
        r["ruleId"]: (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["message"]["text"],
        )
        for r in results
        if r["ruleId"] != "SC201"
    }
    assert cited["SC103"][0] == "platform/docker-compose.yml"
    assert cited["SC103"][1].endswith(
        "publishes port '8000:8000' in platform/docker-compose.yml; policy 'hybrid-ai' "
        "allows the request edge only in node services"
    )
    assert cited["SC104"] == (
        f"platform/{GATEWAY}",
        "POST /predicts reaches 'ml', which serves no such route; did you mean POST /predict "
        f"(platform/{MODEL}:8)?",
    )
    described = {i["check_name"]: i for i in json.loads(gitlab.read_text())}
    assert described["SC104"]["location"]["path"] == f"platform/{GATEWAY}"
    assert described["SC104"]["description"].endswith(f"(platform/{MODEL}:8)?")
    assert described["SC103"]["description"].endswith(
        "in platform/docker-compose.yml; policy 'hybrid-ai' allows the request edge only in "
        "node services"
    )
    # GitHub's annotations, and its last line: folder mode names the folder from the top.
    github = run_cli("check", "--format", "github")
    annotation = next(line for line in github.stdout.splitlines() if "SC104" in line)
    assert annotation.endswith(
        f"(platform/{MODEL}:8)?%0A  platform/{MODEL}:8:2: ml serves POST /predict"
    )
    assert github.stdout.splitlines()[-1] == (
        "Folder mode: findings touching platform/services/gateway/; 2 findings elsewhere not shown."
    )
    text = run_cli("check")
    assert text.stdout.splitlines()[-1] == (
        "Folder mode: findings touching services/gateway/; 2 findings elsewhere not shown."
    )


def test_ci_formats_prefix_the_folder_a_sys_path_entry_lands_in(repo: RepoFactory) -> None:
    top = repo(
        {
            "platform/seamcheck.toml": "",
            "platform/services/api/requirements.txt": "fastapi\n",
            "platform/services/api/app/main.py": 'import sys\nsys.path.insert(0, "../../ml/src")\n',
            "platform/services/ml/requirements.txt": "numpy\n",
            "platform/services/ml/src/model.py": "x = 1\n",
        }
    )
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    result = run_cli("check", str(top / "platform"), "--format", "github")
    assert result.stdout.splitlines()[0].endswith(
        "::service 'api' puts '../../ml/src' on sys.path, which is the code of service 'ml' "
        "(platform/services/ml/src); services meet at network seams, not imports"
    )
