"""A `check` asked again with nothing it read changed prints what it printed before, without
loading the CLI (`unchanged.py`); any change to what it read runs the pipeline again.

Each run is the real console entry in a fresh interpreter under `-X importtime`, so whether
the CLI was loaded is read from the interpreter itself. The repository's files are dated a
minute back: a file changed within the racy window vouches for nothing, and a run that saw
one records nothing (tested too).
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BILLING_SCHEMAS, OWN_SCHEMAS, SHARED_TSCONFIG, RepoFactory, package_json
from seamcheck import unchanged
from seamcheck.cachefolder import RACY_WINDOW_NS
from seamcheck.cachesecret import keyed_digest
from seamcheck.catalogs import policies_folder
from seamcheck.inputs import identity_paths
from seamcheck.output.markdown import MAX_TABLE_CHARS
from seamcheck.unchanged import _signature, start

REPO = {
    "docker-compose.yml": """
        services:
          gateway:
            build: ./gateway
            environment:
              MODEL_URL: http://model:8000
          model:
            build: ./model
    """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """
        const express = require("express");
        const fs = require("fs");

        const app = express();
        app.post("/api/predict", async (req, res) => {
          const template = fs.readFileSync("reply.txt", "utf8");
          const reply = await fetch(`${process.env.MODEL_URL}/predict`, { method: "POST" });
          res.json({ template, reply: await reply.json() });
        });
        app.listen(8080);
    """,
    "model/requirements.txt": "fastapi\n",
    "model/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        async def predict(payload: dict) -> dict:
            return {"label": "cat"}
    """,
}


@dataclass(frozen=True)
class Run:
    out: bytes
    err: bytes  # without the interpreter's import timings
    status: int
    replayed: bool  # answered without loading the CLI
    parsed: bool  # loaded the extractor


def seamcheck(
    *args: str, cwd: Path, merged: bool = False, env: dict[str, str] | None = None
) -> Run:
    """The console entry in a fresh interpreter; `merged`: stderr into stdout, as a terminal
    shows them (then `out` holds both, in the order written)."""
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    command = [sys.executable, "-X", "importtime", "-m", "seamcheck", *args]
    done = subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        env=environment,
        timeout=120,
    )
    out, timings = _timings_apart(done.stdout)
    err, more = _timings_apart(done.stderr or b"")
    loaded = {line.rstrip().rpartition(b" ")[2] for line in [*timings, *more]}
    replayed = b"seamcheck.cli" not in loaded
    return Run(out, err, done.returncode, replayed, b"seamcheck.extract" in loaded)


def _timings_apart(output: bytes) -> tuple[bytes, list[bytes]]:
    lines = output.splitlines(keepends=True)
    timings = [line for line in lines if line.startswith(b"import time:")]
    return b"".join(line for line in lines if not line.startswith(b"import time:")), timings


@pytest.fixture(scope="module", autouse=True)
def _code_settled() -> None:
    """seamcheck's own code is watched too: right after an edit of it (a checkout, a save)
    a run records nothing until the racy window has passed."""
    files, _ = identity_paths()
    newest = max(os.stat(path).st_mtime_ns for path in files)
    wait = (newest + RACY_WINDOW_NS - time.time_ns()) / 1e9
    if wait > 0:
        time.sleep(wait + 0.1)


def settle(root: Path) -> None:
    """Date every file and folder under `root` a minute back, past the racy window. (Their
    ctime cannot be dated back: a run starting within a clock tick of it would not vouch
    for them, hence the pause.)"""
    then = time.time() - 60
    for folder, _, files in os.walk(root):
        for path in [*(os.path.join(folder, name) for name in files), folder]:
            os.utime(path, (then, then), follow_symlinks=False)
    time.sleep(0.05)


def edit(path: Path, text: str) -> None:
    """Write `text`, and date the file and its folder (an entry may be new) a little back:
    an edit made a while ago, that touched nothing else."""
    path.write_text(text)
    settle_one(path.parent)
    settle_one(path)


def settle_one(path: Path) -> None:
    then = time.time() - 30
    os.utime(path, (then, then))
    time.sleep(0.05)


@pytest.fixture
def project(repo: RepoFactory) -> Path:
    root = repo(REPO)
    settle(root)
    return root


def test_a_check_asked_again_prints_the_same_without_loading_the_cli(project: Path) -> None:
    first = seamcheck("check", ".", cwd=project)
    assert first.status == 1 and b"SC201" in first.out and not first.replayed
    again = seamcheck("check", ".", cwd=project)
    assert again.replayed
    assert (again.out, again.err, again.status) == (first.out, first.err, first.status)
    # and the same as a run without any cache
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (fresh.out, fresh.err, fresh.status) == (first.out, first.err, first.status)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_replay_to_a_full_disk_ends_as_a_run_would(project: Path) -> None:
    """One line and exit 2, as the run replayed ends on a full disk; before, exit 1 and not
    a word, which reads as "findings" to a gate that never got them."""
    first = seamcheck("check", ".", cwd=project)
    assert first.status == 1 and not first.replayed
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    ends = []
    for cache in ([], ["--no-cache"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "seamcheck", "check", ".", *cache],
                cwd=project,
                stdout=full,
                stderr=subprocess.PIPE,
                env=environment,
                timeout=120,
            )
        err, timings = _timings_apart(done.stderr)
        replayed = not any(line.rstrip().endswith(b" seamcheck.cli") for line in timings)
        ends.append((replayed, done.returncode, err))
    assert ends == [
        (True, 2, b"seamcheck: error: No space left on device\n"),
        (False, 2, b"seamcheck: error: No space left on device\n"),
    ]


def test_stderr_is_replayed_in_order_with_stdout(repo: RepoFactory) -> None:
    # A manifest that does not parse is a note on stderr, written before the findings.
    root = repo({**REPO, "web/package.json": "{ not json"})
    settle(root)
    first = seamcheck("check", ".", cwd=root, merged=True)
    assert first.out.startswith(b"seamcheck: note: web/package.json") and b"SC201" in first.out
    again = seamcheck("check", ".", cwd=root, merged=True)
    assert again.replayed and again.out == first.out


@pytest.mark.parametrize(
    "change",
    [
        "source edited",
        "source added",
        "source removed",
        "compose file edited",
        "config added",
        "ignore file added",
    ],
)
def test_any_change_to_what_the_run_read_runs_the_pipeline(project: Path, change: str) -> None:
    before = seamcheck("check", ".", cwd=project)
    assert seamcheck("check", ".", cwd=project).replayed
    server = project / "gateway/src/server.js"
    if change == "source edited":
        edit(server, server.read_text().replace("fs.readFileSync", "await fs.promises.readFile"))
    elif change == "source added":
        edit(project / "model/app/slow.py", "import time\n\nasync def f():\n    time.sleep(1)\n")
    elif change == "source removed":
        server.unlink()
        settle_one(server.parent)
    elif change == "compose file edited":
        compose = project / "docker-compose.yml"
        edit(compose, compose.read_text().replace("model:8000", "model:8000/v2"))
    elif change == "config added":
        edit(project / "seamcheck.toml", 'exclude = ["gateway"]\n')
    elif change == "ignore file added":
        edit(project / ".gitignore", "gateway/\n")
    after = seamcheck("check", ".", cwd=project)
    assert not after.replayed
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (after.out, after.err, after.status) == (fresh.out, fresh.err, fresh.status)
    assert after.out != before.out


@pytest.mark.parametrize("config_file", ["pytest.ini", "setup.cfg", "pyproject.toml"])
def test_editing_only_pytests_pythonpath_runs_the_pipeline(
    repo: RepoFactory, config_file: str
) -> None:
    # pytest's pythonpath is an import root (`resolve/roots.py`): with it, the view's helper
    # is the service's own code and its blocking call an SC202; without, a library.
    section = "[tool:pytest]" if config_file == "setup.cfg" else "[pytest]"
    if config_file == "pyproject.toml":
        section = "[tool.pytest.ini_options]"
    root = repo(
        {
            "requirements.txt": "fastapi\n",
            config_file: f'{section}\npythonpath = "src/app"\n',
            "src/app/main.py": """
                from fastapi import FastAPI

                from services.exports import export_csv

                app = FastAPI()


                @app.get("/export")
                async def export():
                    return export_csv()
            """,
            "src/app/services/__init__.py": "",
            "src/app/services/exports.py": "import time\n\n\ndef export_csv():\n    time.sleep(2)\n",
        }
    )
    settle(root)
    before = seamcheck("check", ".", cwd=root)
    assert before.status == 1 and b"SC202" in before.out
    assert seamcheck("check", ".", cwd=root).replayed
    edit(root / config_file, f"{section}\n")
    after = seamcheck("check", ".", cwd=root)
    assert not after.replayed and after.status == 0
    fresh = seamcheck("check", ".", "--no-cache", cwd=root)
    assert (after.out, after.err, after.status) == (fresh.out, fresh.err, fresh.status)


@pytest.mark.parametrize(
    ("args", "cwd", "env"),
    [
        (("check", ".", "--format", "json"), "", {}),
        (("check", ".", "--exit-zero"), "", {}),
        (("check", ".."), "gateway", {}),
        (("check", "."), "", {"NO_COLOR": "1"}),
        (("check", "."), "", {"SEAMCHECK_DEBUG": "1"}),
    ],
    ids=["arguments", "more arguments", "folder", "NO_COLOR", "SEAMCHECK_DEBUG"],
)
def test_another_request_is_another_recording(
    project: Path, args: tuple[str, ...], cwd: str, env: dict[str, str]
) -> None:
    seamcheck("check", ".", cwd=project)
    assert seamcheck("check", ".", cwd=project).replayed
    other = seamcheck(*args, cwd=project / cwd, env=env)
    assert not other.replayed
    again = seamcheck(*args, cwd=project / cwd, env=env)
    assert again.replayed and again.out == other.out


def test_a_config_file_outside_the_tree_is_watched(project: Path, tmp_path: Path) -> None:
    config = tmp_path / "elsewhere" / "seamcheck.toml"
    config.parent.mkdir()
    config.write_text("exclude = []\n")
    settle(config.parent)
    first = seamcheck("check", ".", "--config", str(config), cwd=project)
    assert first.status == 1
    assert seamcheck("check", ".", "--config", str(config), cwd=project).replayed
    # Edited in place, its folder untouched: only the file itself tells.
    times = config.parent.stat()
    edit(config, 'exclude = ["gateway"]\n')
    os.utime(config.parent, ns=(times.st_atime_ns, times.st_mtime_ns))
    after = seamcheck("check", ".", "--config", str(config), cwd=project)
    assert not after.replayed and after.status == 0


def test_files_given_by_pre_commit_are_watched(project: Path) -> None:
    args = ("check", "gateway/src/server.js")
    first = seamcheck(*args, cwd=project)
    assert first.status == 1
    assert seamcheck(*args, cwd=project).replayed
    (project / "gateway/src/server.js").unlink()
    settle_one(project / "gateway/src")
    gone = seamcheck(*args, cwd=project)
    assert not gone.replayed and gone.status == 2 and b"does not exist" in gone.err


def test_a_recent_change_is_not_recorded(project: Path) -> None:
    extra = project / "model/app/extra.py"
    extra.write_text("X = 1\n")
    soon = time.time() + 60  # within the racy window, however long the run takes to start
    os.utime(extra, (soon, soon))
    seamcheck("check", ".", cwd=project)
    assert not seamcheck("check", ".", cwd=project).replayed


def test_a_change_during_the_run_that_keeps_the_mtime_is_not_recorded(project: Path) -> None:
    # `cp -p`, `touch -r`, `tar x` put the old mtime back; the ctime still moves.
    start(["check", "."])
    recorder = unchanged._recorder.pop()
    server = project / "gateway/src/server.js"
    mtime = server.stat().st_mtime_ns
    server.write_text("// rewritten while the run read it\n")
    os.utime(server, ns=(mtime, mtime))
    assert recorder._vouches(str(project), _signature(str(project)), set())
    assert not recorder._vouches(str(server), _signature(str(server)), set())
    # A file the run read that is gone by its end changed under it too.
    assert not recorder._vouches(str(project / "gone.toml"), None, {str(project / "gone.toml")})
    sys.stdout, sys.stderr = recorder._streams


def test_output_written_to_files_is_not_recorded(project: Path, tmp_path: Path) -> None:
    report = tmp_path / "out.sarif"
    args = ("check", ".", "--format", f"sarif:{report}")
    seamcheck(*args, cwd=project)
    report.unlink()
    again = seamcheck(*args, cwd=project)
    assert not again.replayed and report.exists()


def test_a_forged_recording_is_not_replayed(project: Path) -> None:
    first = seamcheck("check", ".", cwd=project)
    cache = Path(os.environ["SEAMCHECK_CACHE_DIR"])
    (recording,) = (cache / "unchanged").iterdir()
    header, _, body = recording.read_bytes().partition(b"\n")
    # Same seal, another body: the replay must not trust it.
    recording.write_bytes(header + b"\n" + body.replace(b"SC201", b"SC999"))
    again = seamcheck("check", ".", cwd=project)
    assert not again.replayed and again.out == first.out


def test_a_cache_without_a_trusted_secret_replays_nothing(project: Path) -> None:
    seamcheck("check", ".", cwd=project)
    assert seamcheck("check", ".", cwd=project).replayed
    secret = Path(os.environ["SEAMCHECK_CACHE_DIR"]) / "secret"
    secret.chmod(0o600)  # what a checkout would give a committed one: not trusted
    assert not seamcheck("check", ".", cwd=project).replayed


def test_a_configuration_made_above_the_folder_checked_is_seen(repo: RepoFactory) -> None:
    # The folder checked is the root until a folder above it, in the same work tree, is
    # configured: that folder is outside what the walk lists.
    top = repo({f"app/{path}": text for path, text in REPO.items()})
    (top / ".git").mkdir()
    settle(top)
    first = seamcheck("check", "app", cwd=top)
    assert seamcheck("check", "app", cwd=top).replayed
    edit(top / "seamcheck.toml", "")
    after = seamcheck("check", "app", cwd=top)
    assert not after.replayed
    assert b"analysing the repository at ." in after.err and after.err != first.err


def test_a_checkout_made_around_the_folder_checked_is_seen_by_a_ci_format(
    repo: RepoFactory,
) -> None:
    # seamcheck.toml in app/: the folder is the root whatever is above it, but SARIF,
    # GitHub and GitLab paths start at the top of the checkout around it. The replay kept
    # giving the paths of the run it recorded (without `app/`, `git init` done since).
    top = repo({f"app/{path}": text for path, text in REPO.items()})
    (top / "app/seamcheck.toml").write_text("")
    settle(top)
    first = seamcheck("check", "app", "--format", "gitlab", cwd=top)
    assert b'"path": "gateway/src/server.js"' in first.out
    assert seamcheck("check", "app", "--format", "gitlab", cwd=top).replayed
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    after = seamcheck("check", "app", "--format", "gitlab", cwd=top)
    assert not after.replayed
    assert b'"path": "app/gateway/src/server.js"' in after.out
    fresh = seamcheck("check", "app", "--format", "gitlab", "--no-cache", cwd=top)
    assert after.out == fresh.out
    # Text gives paths from the folder analysed, so the checkout does not matter to it.
    seamcheck("check", "app", cwd=top)
    shutil.rmtree(top / ".git")
    assert seamcheck("check", "app", cwd=top).replayed


def test_the_note_on_where_ci_paths_start_is_replayed_as_run(repo: RepoFactory) -> None:
    # Checked in app/gateway, the repository configured in app/ of a checkout: the note on
    # stderr says GitHub paths start at the checkout's top, as a fresh run says it, until
    # app/ is a checkout of its own.
    top = repo({f"app/{path}": text for path, text in REPO.items()})
    (top / "app/seamcheck.toml").write_text("")
    (top / ".git").mkdir()
    settle(top)
    folder = top / "app/gateway"
    first = seamcheck("check", "--format", "github", cwd=folder)
    note = b"seamcheck: analysing the repository at .. (configured by its seamcheck.toml); "
    assert first.err == note + b"github paths are relative to the top of its git checkout, ../..\n"
    again = seamcheck("check", "--format", "github", cwd=folder)
    fresh = seamcheck("check", "--format", "github", "--no-cache", cwd=folder)
    assert again.replayed and (again.out, again.err) == (fresh.out, fresh.err) == (
        first.out,
        first.err,
    )
    (top / "app/.git").mkdir()
    settle_one(top / "app")
    after = seamcheck("check", "--format", "github", cwd=folder)
    assert not after.replayed
    assert after.err == note + b"paths are relative to it\n"


def test_a_recording_of_another_shape_is_a_miss_not_a_crash(project: Path) -> None:
    # What a development checkout's older build left, sealed by this very cache.
    first = seamcheck("check", ".", cwd=project)
    cache = Path(os.environ["SEAMCHECK_CACHE_DIR"])
    (recording,) = (cache / "unchanged").iterdir()
    header, _, body = recording.read_bytes().partition(b"\n")
    request, watched, output, status, edits = marshal.loads(body)
    watched = [(path, state) for path, _, state in watched]
    older = marshal.dumps((request, watched, output, status, edits))
    seal = keyed_digest(older, (cache / "secret").read_bytes())
    recording.write_bytes(header.split(b" ")[0] + b" " + seal.encode() + b"\n" + older)
    again = seamcheck("check", ".", cwd=project)
    assert not again.replayed and again.err == first.err and again.out == first.out


def test_a_symlink_whose_target_appears_later_is_watched(repo: RepoFactory) -> None:
    # Codegen writes the target into a folder the walk skips (build/): nothing the walk
    # lists changes, only where the link leads.
    root = repo(REPO)
    (root / "build").mkdir()
    (root / "model/app/slow.py").symlink_to("../../build/slow.py")
    settle(root)
    seamcheck("check", ".", cwd=root)
    assert seamcheck("check", ".", cwd=root).replayed
    edit(root / "build/slow.py", "import time\n\n\nasync def f():\n    time.sleep(1)\n")
    after = seamcheck("check", ".", cwd=root)
    assert not after.replayed and b"model/app/slow.py:5:5: SC201" in after.out


def test_extends_through_a_symlinked_folder_is_watched(repo: RepoFactory) -> None:
    root = repo(
        {
            **REPO,
            "seamcheck.toml": 'extends = ["vendor/policy/base.toml"]\n',
            "vendor/policy-v1/base.toml": "",
            "vendor/policy-v2/base.toml": '[rules.SC201]\nseverity = "off"\n',
        }
    )
    (root / "vendor/policy").symlink_to("policy-v1")
    settle(root)
    first = seamcheck("check", ".", cwd=root)
    assert b"SC201" in first.out
    assert seamcheck("check", ".", cwd=root).replayed
    (root / "vendor/policy").unlink()
    (root / "vendor/policy").symlink_to("policy-v2")
    settle_one(root / "vendor")
    after = seamcheck("check", ".", cwd=root)
    assert not after.replayed and b"SC201" not in after.out


def test_git_rewriting_its_folder_does_not_stop_the_replay(repo: RepoFactory) -> None:
    # Every commit writes .git/index.lock: only whether .git is there decides the root.
    root = repo(REPO)
    (root / ".git").mkdir()
    settle(root)
    seamcheck("check", ".", cwd=root)
    (root / ".git/index.lock").write_text("")
    (root / ".git/index.lock").unlink()
    assert seamcheck("check", ".", cwd=root).replayed


@pytest.mark.parametrize("change", ["edited", "created"])
def test_a_file_the_resolver_reads_outside_the_walk_is_watched(
    repo: RepoFactory, change: str
) -> None:
    # The tsconfig `paths` come from a folder the config excludes: the walk lists nothing
    # there, and only the resolver knows it read (or looked for) the file.
    root = repo(SHARED_TSCONFIG)
    shared = root / "gateway/config/base.json"
    shared.parent.mkdir()
    if change == "edited":
        shared.write_text(OWN_SCHEMAS)
    settle(root)
    first = seamcheck("check", ".", cwd=root)
    assert first.status == 0
    assert seamcheck("check", ".", cwd=root).replayed
    edit(shared, BILLING_SCHEMAS)
    after = seamcheck("check", ".", cwd=root)
    assert not after.replayed and after.status == 1 and b"SC101" in after.out
    fresh = seamcheck("check", ".", "--no-cache", cwd=root)
    assert (after.out, after.err) == (fresh.out, fresh.err)


# -- edits that leave the facts as they were (`recheck.py`) ---------------------------------


def test_an_edit_that_leaves_the_facts_is_replayed_after_parsing_only_that_file(
    project: Path,
) -> None:
    first = seamcheck("check", ".", cwd=project)
    assert first.status == 1 and b"SC201" in first.out
    server = project / "gateway/src/server.js"
    edit(server, server.read_text() + "\n// TODO: stream the reply\n")
    edited = seamcheck("check", ".", cwd=project)
    assert edited.replayed and edited.parsed
    assert (edited.out, edited.err, edited.status) == (first.out, first.err, first.status)
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (fresh.out, fresh.err, fresh.status) == (first.out, first.err, first.status)
    # The recording now holds the edited file as it is: nothing is parsed again.
    again = seamcheck("check", ".", cwd=project)
    assert again.replayed and not again.parsed and again.out == first.out


def test_an_edit_saved_by_renaming_a_new_file_over_the_old_one_is_replayed(
    project: Path,
) -> None:
    # As vim, emacs and JetBrains IDEs save: the folder's stat changes, its listing does not.
    first = seamcheck("check", ".", cwd=project)
    server = project / "gateway/src/server.js"
    saved = server.with_name(".server.js.swp")
    saved.write_text(server.read_text() + "// the template is read once per request\n")
    os.replace(saved, server)
    settle_one(server.parent)
    settle_one(server)
    edited = seamcheck("check", ".", cwd=project)
    assert edited.replayed and edited.parsed and edited.out == first.out


def test_an_edit_beside_a_new_file_in_its_folder_runs_the_pipeline(project: Path) -> None:
    seamcheck("check", ".", cwd=project)
    server = project / "gateway/src/server.js"
    (server.parent / "NOTES.md").write_text("why the reply is templated\n")
    edit(server, server.read_text() + "\n// see NOTES.md\n")
    assert not seamcheck("check", ".", cwd=project).replayed


def test_an_edit_too_recent_to_vouch_for_is_parsed_on_every_run(project: Path) -> None:
    first = seamcheck("check", ".", cwd=project)
    server = project / "gateway/src/server.js"
    server.write_text(server.read_text() + "\n// saved just now\n")
    for _ in range(2):
        run = seamcheck("check", ".", cwd=project)
        assert run.replayed and run.parsed and run.out == first.out


@pytest.mark.parametrize(
    ("change", "note"),
    [
        ("suppression", b""),
        ("code", b""),
        ("past max_file_size", b"larger than max_file_size (900)"),
        ("binary", b"binary content"),
    ],
)
def test_an_edit_that_changes_what_the_run_analyses_runs_the_pipeline(
    project: Path, change: str, note: bytes
) -> None:
    edit(project / "seamcheck.toml", "max_file_size = 900\n")
    first = seamcheck("check", ".", cwd=project)
    assert first.status == 1 and b"SC201" in first.out
    server = project / "gateway/src/server.js"
    text = server.read_text()
    assert len(text) < 900
    if change == "suppression":
        text = text.replace(
            'fs.readFileSync("reply.txt", "utf8");',
            'fs.readFileSync("reply.txt", "utf8"); // seamcheck: ignore[SC201] tiny file',
        )
    elif change == "code":
        text = text.replace("fs.readFileSync", "await fs.promises.readFile")
    elif change == "past max_file_size":
        text += "// " + "padding " * 100 + "\n"
    else:
        text += "// \0\n"
    edit(server, text)
    after = seamcheck("check", ".", cwd=project)
    assert not after.replayed
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (after.out, after.err, after.status) == (fresh.out, fresh.err, fresh.status)
    assert b"SC201" not in after.out and note in after.err


def test_an_edit_of_a_file_whose_text_a_later_stage_reads_runs_the_pipeline(
    repo: RepoFactory,
) -> None:
    # The vite proxy finder reads the config's lines, not only its facts.
    root = repo(
        {
            **REPO,
            "web/package.json": package_json("web", dependencies={"vite": "^5.0.0"}),
            "web/vite.config.js": """
                export default {
                  server: { proxy: { "/api": "http://localhost:8080" } },
                };
            """,
            "web/src/main.js": 'fetch("/api/predict", { method: "POST" });\n',
        }
    )
    settle(root)
    first = seamcheck("check", ".", cwd=root)
    config = root / "web/vite.config.js"
    edit(config, "// the gateway in development\n" + config.read_text())
    after = seamcheck("check", ".", cwd=root)
    assert not after.replayed and after.status == first.status


def test_an_edit_that_changes_the_facts_is_parsed_once(project: Path, tmp_path: Path) -> None:
    # The start-up's replay parses the edited file, finds its facts changed, and the pipeline
    # that runs next takes those facts rather than parse the same bytes again.
    script = tmp_path / "counting.py"
    script.write_text(
        "import os, sys\n"
        "import seamcheck.extract, seamcheck.extraction\n"
        "real = seamcheck.extract.extract\n"
        "def counted(path, data, language):\n"
        "    os.write(2, f'parsing {path}\\n'.encode())  # past the recorder\n"
        "    return real(path, data, language)\n"
        "seamcheck.extract.extract = seamcheck.extraction.extract = counted\n"
        "from seamcheck.console import entry_point\n"
        "sys.argv = ['seamcheck', *sys.argv[1:]]\n"
        "entry_point()\n"
    )
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def run() -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, str(script), "check", "."]
        return subprocess.run(command, cwd=project, capture_output=True, env=environment)

    run()
    server = project / "gateway/src/server.js"
    edit(server, server.read_text() + "\nfunction unused() {\n  return 1;\n}\n")
    after = run()
    assert after.stderr.count(b"parsing gateway/src/server.js") == 1
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (after.stdout, after.returncode) == (fresh.out, fresh.status)


# -- edits that only move lines (`recheck.py` with `carry.py`) --------------------------------


def test_a_line_added_at_the_top_of_a_file_no_finding_is_about_is_replayed(
    project: Path,
) -> None:
    first = seamcheck("check", ".", cwd=project)
    assert first.status == 1 and b"SC201" in first.out and b"main.py" not in first.out
    model = project / "model/app/main.py"
    edit(model, '"""The model service."""\n\n' + model.read_text())
    moved = seamcheck("check", ".", cwd=project)
    assert moved.replayed and moved.parsed
    assert (moved.out, moved.err, moved.status) == (first.out, first.err, first.status)
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (fresh.out, fresh.err, fresh.status) == (first.out, first.err, first.status)
    # Moved again, by the recording's facts: still only lines.
    edit(model, "# served on port 8000\n" + model.read_text())
    again = seamcheck("check", ".", cwd=project)
    assert again.replayed and again.out == first.out


def test_a_line_added_at_the_top_of_a_file_with_a_finding_runs_the_pipeline(
    project: Path,
) -> None:
    seamcheck("check", ".", cwd=project)
    server = project / "gateway/src/server.js"
    edit(server, "// the public edge\n" + server.read_text())
    moved = seamcheck("check", ".", cwd=project)
    assert not moved.replayed and b"server.js:7:" in moved.out
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (moved.out, moved.err, moved.status) == (fresh.out, fresh.err, fresh.status)


CHAIN = {
    **REPO,
    "gateway/src/server.js": """
        const express = require("express");
        const { template } = require("./template");

        const app = express();
        app.post("/api/predict", async (req, res) => {
          res.json({ template: template() });
        });
        app.listen(8080);
    """,
    "gateway/src/template.js": """
        const fs = require("fs");

        function template() {
          return fs.readFileSync("reply.txt", "utf8");
        }

        module.exports = { template };
    """,
}


def test_lines_moved_in_a_file_a_finding_reaches_through_runs_the_pipeline(
    repo: RepoFactory,
) -> None:
    # The SC202 finding is at the call in server.js; its chain cites template.js's lines.
    root = repo(CHAIN)
    settle(root)
    first = seamcheck("check", ".", cwd=root)
    assert b"SC202" in first.out and b"template.js:4:10" in first.out
    helper = root / "gateway/src/template.js"
    edit(helper, "// read per request\n" + helper.read_text())
    moved = seamcheck("check", ".", cwd=root)
    assert not moved.replayed and b"template.js:5:10" in moved.out
    fresh = seamcheck("check", ".", "--no-cache", cwd=root)
    assert (moved.out, moved.status) == (fresh.out, fresh.status)


def test_lines_moved_in_a_file_the_output_names_runs_the_pipeline(project: Path) -> None:
    # A suppression comment that silences nothing is reported by the gate, at its line, and
    # is no rule's finding: the output names the file.
    model = project / "model/app/main.py"
    text = model.read_text().replace(
        "app = FastAPI()", "app = FastAPI()  # seamcheck: ignore[SC201] nothing blocks here"
    )
    edit(model, text)
    first = seamcheck("check", ".", cwd=project)
    assert b"main.py:3:" in first.out and b"SC002" in first.out
    edit(model, "# the model service\n" + text)
    moved = seamcheck("check", ".", cwd=project)
    assert not moved.replayed and b"main.py:4:" in moved.out
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (moved.out, moved.status) == (fresh.out, fresh.status)


def _markdown_rows(output: bytes) -> list[str]:
    return [row for row in output.decode().splitlines() if row.startswith("| warning |")]


def test_lines_moved_in_a_file_a_report_leaves_out_runs_the_pipeline(repo: RepoFactory) -> None:
    # The markdown table keeps rows up to a total length: an unused suppression comment the
    # gate reports at line 10 of `later.py` does not fit, and the output does not name the
    # file. At line 9 its row is two characters shorter and fits.
    files = {
        "model/requirements.txt": "fastapi\n",
        "model/app/main.py": REPO["model/app/main.py"],
        "model/app/later.py": "# limits\n" * 9 + "LIMIT = 1  # seamcheck: ignore[SC201]\n",
    }

    def flags(padding: int) -> str:
        # A code no rule has: SC002 reports it, its text as long as `padding` makes it.
        return f"# seamcheck: ignore[{'x' * padding}]\nFLAGS = 1\n" + "#\n" * 400

    root = repo({**files, "model/app/flags.py": flags(100)})
    probe = seamcheck("check", ".", "--no-cache", "--format", "markdown", cwd=root)
    table = sum(len(row) + 1 for row in _markdown_rows(probe.out))
    assert len(_markdown_rows(probe.out)) == 2
    root = repo({**files, "model/app/flags.py": flags(100 + MAX_TABLE_CHARS + 1 - table)})
    settle(root)
    first = seamcheck("check", ".", "--format", "markdown", cwd=root)
    assert b"later.py" not in first.out and "…and 1 more".encode() in first.out
    assert seamcheck("check", ".", "--format", "markdown", cwd=root).replayed
    later = root / "model/app/later.py"
    edit(later, later.read_text().removeprefix("# limits\n"))
    moved = seamcheck("check", ".", "--format", "markdown", cwd=root)
    fresh = seamcheck("check", ".", "--format", "markdown", "--no-cache", cwd=root)
    assert b"later.py:9:" in fresh.out
    assert not moved.replayed
    assert (moved.out, moved.status) == (fresh.out, fresh.status)


@pytest.mark.parametrize("change", ["code too", "facts gone from the cache"])
def test_lines_moved_with_more_runs_the_pipeline(project: Path, change: str) -> None:
    first = seamcheck("check", ".", cwd=project)
    model = project / "model/app/main.py"
    text = "# the model service\n" + model.read_text()
    if change == "code too":
        text = text.replace('@app.post("/predict")', '@app.post("/classify")')
    else:
        (Path(os.environ["SEAMCHECK_CACHE_DIR"]) / "facts.sqlite3").unlink()
    edit(model, text)
    moved = seamcheck("check", ".", cwd=project)
    assert not moved.replayed
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert (moved.out, moved.status) == (fresh.out, fresh.status)
    assert (b"SC104" in moved.out) == (change == "code too") and first.status == 1


def test_a_file_created_as_the_recording_is_taken_is_seen(project: Path, tmp_path: Path) -> None:
    # A build or an editor writes a source into a folder just after the run took the folder's
    # signature: the listing recorded for that folder must be what that signature vouches for,
    # not what the folder holds a moment later.
    script = tmp_path / "creating.py"
    script.write_text(
        "import os, sys\n"
        "from seamcheck import unchanged\n"
        "real = unchanged._signature\n"
        "def signature(path):\n"
        "    found = real(path)\n"
        "    slow = os.path.join(path, 'slow.py')\n"
        "    if path.endswith('model/app') and not os.path.exists(slow):\n"
        "        with open(slow, 'w') as handle:\n"
        "            handle.write('import time\\n\\n\\nasync def f():\\n    time.sleep(1)\\n')\n"
        "    return found\n"
        "unchanged._signature = signature\n"
        "from seamcheck.console import entry_point\n"
        "sys.argv = ['seamcheck', *sys.argv[1:]]\n"
        "entry_point()\n"
    )
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, str(script), "check", "."]
    subprocess.run(command, cwd=project, capture_output=True, env=environment, check=False)
    assert (project / "model/app/slow.py").exists()
    after = seamcheck("check", ".", cwd=project)
    assert b"model/app/slow.py:5:5: SC201" in after.out
    assert not after.replayed


def test_an_edit_of_seamcheck_itself_inside_the_tree_runs_the_pipeline(repo: RepoFactory) -> None:
    # A development checkout of seamcheck (or a copy vendored into a monorepo) lies in the tree
    # it checks: its code is analysed as a source, and an edit of it that leaves the facts as
    # they were (a message's wording) still changes what the run prints.
    root = repo({**REPO, "tools/pyproject.toml": '[project]\nname = "tools"\n'})
    code = root / "tools/src/seamcheck"
    shutil.copytree(Path(unchanged.__file__).parent, code, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(policies_folder(), code / "policies", dirs_exist_ok=True)
    settle(root)
    env = {"PYTHONPATH": str(root / "tools/src")}
    first = seamcheck("check", ".", cwd=root, env=env)
    assert first.out.endswith(b"across 3 services.\n")
    assert seamcheck("check", ".", cwd=root, env=env).replayed
    text = code / "output/text.py"
    edit(text, text.read_text().replace('({parts}) {where}."', '({parts}) {where}!"'))
    after = seamcheck("check", ".", cwd=root, env=env)
    assert not after.replayed and after.out.endswith(b"across 3 services!\n")


def test_a_file_saved_again_after_the_replay_parsed_it_is_parsed_again(project: Path) -> None:
    # Saved, then saved again (a formatter on save) while seamcheck starts: the pipeline
    # takes the replay's parse only for the bytes it reads there itself.
    script = project.parent / "saving.py"
    script.write_text(
        "import sys\n"
        "from seamcheck import recheck\n"
        "real = recheck.facts_hold\n"
        "def saved_again(sources, *rest):\n"
        "    answer = real(sources, *rest)\n"
        "    for full, *_ in sources:\n"
        "        with open(full) as handle:\n"
        "            text = handle.read()\n"
        "        with open(full, 'w') as handle:\n"
        "            handle.write(text.replace('fs.readFileSync', 'await fs.promises.readFile'))\n"
        "    return answer\n"
        "recheck.facts_hold = saved_again\n"
        "from seamcheck.console import entry_point\n"
        "sys.argv = ['seamcheck', *sys.argv[1:]]\n"
        "entry_point()\n"
    )
    seamcheck("check", ".", cwd=project)
    server = project / "gateway/src/server.js"
    edit(server, server.read_text() + "\nfunction unused() {\n  return 1;\n}\n")
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, str(script), "check", "."]
    after = subprocess.run(command, cwd=project, capture_output=True, env=environment)
    assert b"fs.promises.readFile" in server.read_bytes()
    fresh = seamcheck("check", ".", "--no-cache", cwd=project)
    assert fresh.status == 0
    assert (after.stdout, after.returncode) == (fresh.out, fresh.status)


def test_a_folder_listing_what_it_listed_is_replayed_without_parsing(project: Path) -> None:
    # An editor's swap file made and removed again: the folder's stat changed, nothing else.
    first = seamcheck("check", ".", cwd=project)
    folder = project / "gateway/src"
    (folder / ".server.js.swp").write_text("")
    (folder / ".server.js.swp").unlink()
    settle_one(folder)
    again = seamcheck("check", ".", cwd=project)
    assert again.replayed and not again.parsed and again.out == first.out


def test_an_edit_of_a_source_the_env_reader_reads_runs_the_pipeline(repo: RepoFactory) -> None:
    # `.env.js` is JavaScript by its suffix and an env file by its name: the seams read its
    # KEY=VALUE lines, which a JavaScript comment hides from its facts.
    compose = "services:\n  gateway:\n    build: ./gateway\n  model:\n    build: ./model\n"
    env_file = "/*\nMODEL_URL=http://model:8000\n*/\n"
    root = repo({**REPO, "docker-compose.yml": compose, "gateway/.env.js": env_file})
    settle(root)
    first = seamcheck("check", ".", cwd=root)
    assert first.status == 1 and b"SC104" not in first.out
    edit(root / "gateway/.env.js", env_file.replace("8000", "8000/v2"))
    after = seamcheck("check", ".", cwd=root)
    assert not after.replayed and b"SC104 POST /v2/predict" in after.out
