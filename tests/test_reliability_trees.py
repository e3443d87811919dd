"""Hostile trees (issue #9): symlinks, unreadable and vanishing files, empty and odd
repositories, git states for --changed-since, many services."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import seamcheck.extraction
import seamcheck.sourceread
from hostile_helpers import BASE_FINDING, assert_clean_failure, base_repo, invoke, run_seamcheck
from seamcheck.sourceread import SourceState

API = "services/api/app"


def _paths(run_stdout: str) -> list[str]:
    return [f["path"] for f in json.loads(run_stdout)["findings"]]


def _service_files(root: Path) -> dict[str, int]:
    run = invoke("services", str(root), "--format", "json")
    assert run.code == 0, run
    return {s["name"]: s["files"] for s in json.loads(run.stdout)["services"]}


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    (root / "services/api/app/loop").symlink_to(root / "services/api/app/loop")
    (root / "services/api/app/a").symlink_to("b")
    (root / "services/api/app/b").symlink_to("a")
    (root / "services/api/app/up").symlink_to("..", target_is_directory=True)
    (root / "services/api/app/me.py").symlink_to("me.py")
    run = invoke("check", str(root))
    assert run.code == 1 and run.stdout.startswith(BASE_FINDING)
    assert _service_files(root) == {"api": 1, "gateway": 1}


def test_symlinks_out_of_the_root_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("import time\n\nasync def f():\n    time.sleep(1)\n")
    (outside / "ignore").write_text("*.py\n")
    root = base_repo(tmp_path / "repo")
    (root / "services/api/app/leak.py").symlink_to(outside / "secret.py")
    (root / "services/api/app/dir").symlink_to(outside, target_is_directory=True)
    (root / "services/api/app/abs.py").symlink_to("/etc/hostname")
    (root / "services/api/.gitignore").symlink_to(outside / "ignore")  # would hide main.py
    run = invoke("check", str(root), "--format", "json")
    assert _paths(run.stdout) == [f"{API}/main.py"]
    assert "secret" not in invoke("graph", str(root)).stdout


def test_symlinked_file_inside_the_root_is_analysed_once_per_name(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    (root / "services/api/app/alias.py").symlink_to("main.py")
    run = invoke("check", str(root), "--format", "json")
    assert sorted(_paths(run.stdout)) == [f"{API}/alias.py", f"{API}/main.py"]


def test_unreadable_file_and_directory_are_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root, permissions do not stop reads: the refusal is simulated at the system call
    seamcheck makes, which is what a permission error looks like to it."""
    root = base_repo(
        tmp_path, {f"{API}/locked.py": "import os\n", f"{API}/private/x.py": "import os\n"}
    )
    real_open, real_scandir = open, os.scandir

    def guarded_open(path: str, mode: str) -> object:
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, mode)

    def scandir(path: str | os.PathLike[str]) -> object:
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    # Every read of a source goes through seamcheck.sourceread (digest, then parse).
    monkeypatch.setattr(seamcheck.sourceread, "open", guarded_open, raising=False)
    monkeypatch.setattr(os, "scandir", scandir)  # what seamcheck.project lists folders with
    run = invoke("check", str(root))
    assert run.code == 1 and run.stdout.startswith(BASE_FINDING)
    assert run.stderr.splitlines() == [
        f"seamcheck: note: skipped {API}/locked.py: unreadable: Permission denied",
        f"seamcheck: note: skipped {API}/private: unreadable directory: Permission denied",
    ]


def test_manifests_and_compose_files_that_do_not_parse_are_named(tmp_path: Path) -> None:
    """Their services, dependencies, ports and import aliases are missing from the analysis,
    which changes findings (a broken seam can become an unresolved call): the user is told
    which file and where it broke. Before, they were dropped without a word."""
    root = base_repo(
        tmp_path / "repo",
        {
            "docker-compose.yml": "services:\n  gateway: [\n",
            "services/gateway/package.json": '{"name": "gateway",,}',
            "services/api/pyproject.toml": '[project\nname = "api"\n',
            # Comments are allowed in a tsconfig; an unclosed object is not.
            "services/gateway/tsconfig.json": '{\n  // aliases\n  "compilerOptions": {"baseUrl": "."\n',
            "apps/web/jsconfig.json": "[]",
        },
    )
    cache = str(tmp_path / "cache")
    expected = [
        "seamcheck: note: apps/web/jsconfig.json: ignored: not a JSON object",
        "seamcheck: note: services/gateway/tsconfig.json: ignored: invalid JSON at line 4, "
        "column 1: expected ',' or '}', found the end of the text",
        "seamcheck: note: services/api/pyproject.toml: ignored: invalid TOML at line 1, column 9: "
        "Expected ']' at the end of a table declaration",
        "seamcheck: note: services/gateway/package.json: ignored: invalid JSON at line 1, "
        "column 20: Expecting property name enclosed in double quotes",
        "seamcheck: note: docker-compose.yml: ignored: invalid YAML at line 3, column 1: "
        "expected the node content, but found '<stream end>'",
    ]
    for args in (
        ("check", str(root), "--cache-dir", cache),
        ("check", str(root), "--cache-dir", cache),  # replayed from the cache: noted still
        ("services", str(root), "--no-cache"),
    ):
        run = run_seamcheck(*args)
        assert run.code == (1 if args[0] == "check" else 0), run
        assert run.stderr.splitlines() == expected
    assert run_seamcheck("check", str(root), "--no-cache").stdout.startswith(BASE_FINDING)
    # Ten at most, then a count: a tree of broken test fixtures must not flood stderr.
    for n in range(9):
        (root / f"fixtures/broken{n}").mkdir(parents=True)
        (root / f"fixtures/broken{n}/package.json").write_text("{")
    lines = run_seamcheck("check", str(root), "--no-cache").stderr.splitlines()
    assert len(lines) == 11 and lines[-1] == "seamcheck: note: ignored 4 more files"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_by_permissions(tmp_path: Path) -> None:
    root = base_repo(tmp_path, {f"{API}/locked.py": "import os\n", f"{API}/private/x.py": ""})
    (root / API / "locked.py").chmod(0)
    (root / API / "private").chmod(0)
    try:
        run = invoke("check", str(root))
    finally:
        (root / API / "private").chmod(0o755)
    assert run.code == 1 and run.stdout.startswith(BASE_FINDING)
    assert f"skipped {API}/locked.py: unreadable" in run.stderr


def test_files_deleted_or_changed_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_repo(
        tmp_path,
        {f"{API}/gone.py": "import os\n", f"{API}/grows.py": "x = 1\n"},
    )
    real = seamcheck.sourceread.read_state

    def racing(full: str) -> tuple[SourceState, bytes | None]:
        # Files were listed and digested; now, before they are parsed, the editor and git act.
        path = Path(full)
        if path.name == "gone.py" and path.exists():
            path.unlink()
        if path.name == "grows.py":
            path.write_text("import time\n\nasync def f():\n    time.sleep(1)\n")
        return real(full)

    monkeypatch.setattr(seamcheck.extraction, "read_state", racing)
    run = invoke("check", str(root), "--format", "json")
    assert sorted(_paths(run.stdout)) == [f"{API}/grows.py", f"{API}/main.py"]
    assert f"skipped {API}/gone.py: unreadable: No such file or directory" in run.stderr


def test_surrogate_escapes_in_manifests_end_in_a_report_not_an_internal_error(
    tmp_path: Path,
) -> None:
    """JSON and YAML spell half a UTF-16 pair as `\\ud83a`: read, it is no character, and a
    report cannot write it (a compose service so named once ended every command)."""
    compose = (
        'services:\n  "api\\ud83a":\n    build: services/api\n'
        '  gateway:\n    build: services/gateway\n    ports: ["3000:3000"]\n'
        '    environment:\n      API_URL: "http://api\\udc00:8000"\n'
    )
    package = '{"name": "gate\\ud83dway", "dependencies": {"express": "^4.19.0"}}'
    root = base_repo(
        tmp_path / "repo",
        {"docker-compose.yml": compose, "services/gateway/package.json": package},
    )
    cache = str(tmp_path / "cache")
    for args in (
        ("check", str(root), "--format", "sarif"),
        ("check", str(root), "--cache-dir", cache),
        ("check", str(root), "--cache-dir", cache),  # replayed from the cache
        ("services", str(root)),
        ("seams", str(root)),
        ("graph", str(root), "--format", "dot"),
        ("report", str(root), "--out", str(tmp_path / "report")),
    ):
        run = run_seamcheck(*args)
        assert run.code in (0, 1), (args, run.stderr)
        assert "error" not in run.stderr, (args, run.stderr)
    assert "api\ufffd" in run_seamcheck("services", str(root)).stdout
    # Code spelling the host the same way reaches that service: both sides read U+FFFD.
    code = "async function f() { return fetch('http://api\\ud83a:8000/items'); }\n"
    (root / "services/gateway/src/odd.js").write_text(code)
    seams = run_seamcheck("seams", str(root), "--format", "json")
    found = json.loads(seams.stdout)["seams"]
    odd = [s for s in found if s["caller"]["path"].endswith("odd.js")]
    assert [(s["status"], s["target"]) for s in odd] == [("linked", "api\ufffd")]


# Found by hunting for internal errors with odd repositories; each ended every command
# with one. (files, command after `seamcheck`, exit code, what stderr says)
ODD_REPOSITORIES = {
    "a YAML file whose kind is a list": (
        {"k8s/x.yml": "kind: [Deployment]\n", "k8s/y.yaml": "kind: {a: 1}\n"},
        ("check", "--no-cache"),
        1,
        "",
    ),
    "a NUL in an import": (
        {"services/gateway/src/odd.js": "require('./\\0');\n"},
        ("check", "--no-cache"),
        1,
        "",
    ),
    "a NUL in tsconfig paths": (
        {
            "services/gateway/tsconfig.json": '{"compilerOptions": {"baseUrl": ".",'
            ' "paths": {"@/*": ["\\u0000/*"]}, "rootDirs": ["\\u0000"]}}',
            "services/gateway/src/odd.ts": "import t from '@/x';\n",
        },
        ("check", "--no-cache"),
        1,
        "",
    ),
    "a service path that is a file": (
        {"seamcheck.toml": '[services.gateway]\npath = "services/gateway/package.json"\n'},
        ("check", "--no-cache"),
        2,
        "seamcheck: error: seamcheck.toml: services.gateway.path: "
        "'services/gateway/package.json' is a file: give the service's folder",
    ),
    "a NUL in a service path": (
        {"seamcheck.toml": '[services.gateway]\npath = "services/gateway\\u0000"\n'},
        ("check", "--no-cache"),
        2,
        "seamcheck: error: seamcheck.toml: services.gateway.path: "
        "must be a path inside the repository",
    ),
    "a service path that does not exist": (
        {"seamcheck.toml": '[services.ghost]\npath = "services/ghost"\n'},
        ("check", "--no-cache"),
        2,
        "seamcheck: error: seamcheck.toml: services.ghost.path: 'services/ghost' does not exist",
    ),
    "a service path too long for the file system": (
        {"seamcheck.toml": f'[services.extra]\npath = "{"a" * 300}"\n'},
        ("check", "--no-cache"),
        2,
        f"seamcheck: error: seamcheck.toml: services.extra.path: '{'a' * 300}' does not exist",
    ),
    "a NUL in extends": (
        {"seamcheck.toml": 'extends = ["./\\u0000.toml"]\n'},
        ("check", "--no-cache"),
        2,
        "seamcheck: error: seamcheck.toml: extends[0]: './\\x00.toml' cannot be resolved",
    ),
}


@pytest.mark.parametrize("case", sorted(ODD_REPOSITORIES))
def test_odd_repositories_get_a_result_or_a_clear_error(tmp_path: Path, case: str) -> None:
    files, command, code, message = ODD_REPOSITORIES[case]
    root = base_repo(tmp_path / "repo", files)
    run = run_seamcheck(*command, str(root))
    assert run.code == code, (run.code, run.stderr)
    if message:
        assert assert_clean_failure(run) == message
    else:
        assert run.stderr == "", run.stderr
        assert run.stdout.splitlines()[0].startswith(BASE_FINDING)


@pytest.mark.parametrize(
    "head",
    [b"# caf\xe9: latin-1, no cookie\n", b"# -*- coding: bogus -*-\n"],
    ids=["latin-1", "bogus"],
)
def test_fix_leaves_a_file_it_cannot_decode_alone(tmp_path: Path, head: bytes) -> None:
    """`check` reads any bytes; libcst decodes as Python does and refuses these."""
    body = b"import time\n\n\nasync def handler():\n    time.sleep(1)\n"
    root = base_repo(tmp_path / "repo", {"services/api/app/odd.py": head + body})
    run = run_seamcheck("fix", "--diff", "--no-cache", str(root))
    assert run.code == 0, run.stderr
    assert "services/api/app/odd.py:6: left alone: libcst cannot decode" in run.stderr
    assert (root / "services/api/app/odd.py").read_bytes() == head + body


def test_empty_repository(tmp_path: Path) -> None:
    for command in ("check", "services", "graph", "seams"):
        run = invoke(command, str(tmp_path))
        assert run.code == 0, (command, run)
    assert invoke("check", str(tmp_path)).stdout == "No findings in 0 files across 0 services.\n"


def test_repository_with_no_services_only_docs_and_data(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# docs\n")
    (tmp_path / "data.csv").write_text("a,b\n")
    (tmp_path / "package.json").write_text("{not json")
    run = invoke("check", str(tmp_path))
    assert run.code == 0
    assert run.stdout == "No findings in 0 files across 0 services.\n"


def test_check_outside_a_git_repository_works_and_changed_since_says_why(
    tmp_path: Path,
) -> None:
    root = base_repo(tmp_path / "plain")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    assert run_seamcheck("check", str(root), env=env).code == 1
    line = assert_clean_failure(
        run_seamcheck("check", str(root), "--changed-since", "main", env=env)
    )
    assert line.startswith("seamcheck: error: not inside a git repository (fatal: not a git")


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _history(root: Path) -> None:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "one")
    (root / API / "extra.py").write_text("import time\n\nasync def g():\n    time.sleep(1)\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "two")


def test_changed_since_on_a_detached_head(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    _history(root)
    _git(root, "checkout", "-q", "--detach", "HEAD")
    run = invoke("check", str(root), "--changed-since", "HEAD~1", "--format", "json")
    assert run.code == 1
    assert _paths(run.stdout) == [f"{API}/extra.py"]


def test_changed_since_in_a_shallow_clone(tmp_path: Path) -> None:
    origin = base_repo(tmp_path / "origin")
    _history(origin)
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", str(clone))
    line = assert_clean_failure(run_seamcheck("check", str(clone), "--changed-since", "HEAD~1"))
    assert "shallow clone" in line and "fetch" in line
    line = assert_clean_failure(run_seamcheck("check", str(clone), "--changed-since", "nope"))
    assert line.startswith("seamcheck: error: 'nope' is not in this shallow clone")
    # HEAD itself is there: nothing changed, nothing reported.
    assert run_seamcheck("check", str(clone), "--changed-since", "HEAD").code == 0


def test_changed_since_with_no_commit_yet(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    _git(root, "init", "-q")
    line = assert_clean_failure(run_seamcheck("check", str(root), "--changed-since", "main"))
    assert line == "seamcheck: error: HEAD has no commit yet; --changed-since needs one"


def test_thousands_of_services(tmp_path: Path) -> None:
    count = 1500
    files: dict[str, str | bytes] = {}
    for i in range(count):
        if i % 2:
            files[f"svc/py{i}/requirements.txt"] = "requests\n"
            files[f"svc/py{i}/app.py"] = (
                f"import requests\n\nasync def f{i}():\n    requests.get('http://node{i - 1}:3000/x')\n"
            )
        else:
            files[f"svc/node{i}/package.json"] = json.dumps({"name": f"node{i}"})
            files[f"svc/node{i}/index.js"] = (
                f"module.exports = () => fetch('http://py{i + 1}/y');\n"
            )
    root = base_repo(tmp_path, files)
    run = invoke("check", str(root), "--format", "json")
    document = json.loads(run.stdout)
    assert document["summary"]["by_code"]["SC201"] == count // 2 + 1
    assert len(_service_files(root)) == count + 2
    assert invoke("check", str(root), "--format", "json").stdout == run.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", ["", "1"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_to_a_full_disk_is_one_line_and_exit_2(
    tmp_path: Path, fmt: str, unbuffered: str
) -> None:
    """Also when the output is short (the text of one finding): held in the stream's buffer,
    it failed again when the run ended, and the run ended in a traceback and exit 120."""
    root = base_repo(tmp_path)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "seamcheck", "check", str(root), "--format", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": unbuffered},
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "seamcheck: error: No space left on device\n"
    line = assert_clean_failure(run_seamcheck("graph", str(root), "--output", "/dev/full"))
    assert line == "seamcheck: error: cannot write /dev/full: No space left on device"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_errors_that_cannot_be_written_either_are_exit_2(tmp_path: Path, unbuffered: str) -> None:
    """`seamcheck check . > log 2>&1` on a full disk, or a reader of stderr gone: the line
    that says why the run failed cannot be written either. Before, that second failure
    escaped as a traceback nobody saw, and the run ended 120 (or 1)."""
    root = base_repo(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    for args in (["check", str(root)], ["check", str(tmp_path / "missing")], ["graph", str(root)]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "seamcheck", *args],
                stdout=full,
                stderr=full,
                env=env,
                check=False,
            )
        assert done.returncode == 2, args
    read, write = os.pipe()
    os.close(read)  # gone before seamcheck writes a byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "seamcheck", "check", str(tmp_path / "missing")],
            stdout=subprocess.DEVNULL,
            stderr=write,
            env=env,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 2


def test_a_reader_of_stdout_that_went_away_is_exit_2_and_silent(tmp_path: Path) -> None:
    """`seamcheck graph | head`: once the reader is gone, nothing more is printed and the run
    exits 2. Before, click caught the broken pipe itself and exited 1, which reads as
    "findings" to a gate, for every command (`rules`, `graph`, `check` of a clean tree)."""
    root = base_repo(tmp_path, {"services/api/app/main.py": "x = 1\n"})
    for args in (["rules"], ["graph", str(root)], ["check", str(root), "--select", "SC3"]):
        read, write = os.pipe()
        os.close(read)  # gone before seamcheck writes a byte
        try:
            done = subprocess.run(
                [sys.executable, "-m", "seamcheck", *args],
                stdout=write,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (2, ""), (args, done)


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_stream_closed_before_the_run_is_no_traceback(tmp_path: Path, closed: str) -> None:
    """`seamcheck check . >&-`: the interpreter starts with no stdout, and the first write
    was an internal error, a traceback and exit 1. Without stdout the run is one line and
    exit 2; without stderr the findings are still written and the exit code is the run's."""
    root = base_repo(tmp_path)
    fd = 1 if closed == "stdout" else 2
    runs = [
        subprocess.run(
            [sys.executable, "-m", "seamcheck", *args],
            stdout=subprocess.PIPE if fd == 2 else None,
            stderr=subprocess.PIPE if fd == 1 else None,
            text=True,
            preexec_fn=lambda: os.close(fd),
            check=False,
        )
        for args in (["check", str(root), "--no-cache"], ["check", str(tmp_path / "none")])
    ]
    if closed == "stdout":
        assert [(r.returncode, r.stderr) for r in runs] == [
            (2, "seamcheck: error: stdout is closed\n"),
            (2, f"seamcheck: error: path does not exist: {tmp_path / 'none'}\n"),
        ]
    else:
        assert [r.returncode for r in runs] == [1, 2]
        assert BASE_FINDING in runs[0].stdout
        assert runs[1].stdout == ""


@pytest.mark.skipif(sys.platform != "linux", reason="sets a pipe's size (F_SETPIPE_SZ)")
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_goes_away_part_way_is_exit_2(tmp_path: Path, unbuffered: str) -> None:
    """`seamcheck graph | head -c 10`: the reader takes a few bytes, then goes away while the
    rest is being written. Under PYTHONUNBUFFERED=1 (set in many container images) the
    interpreter's raw stdout dropped what the pipe did not take, without an error, and the
    run ended 0."""
    import fcntl

    functions = "".join(f"def f{j}():\n    return {j}\n\n" for j in range(5))
    root = base_repo(tmp_path, {f"services/api/app/m{i}.py": functions for i in range(60)})
    read, write = os.pipe()
    # The graph's JSON (~145 kB) is far larger than the pipe holds, so the run is still
    # writing when the reader goes away, however the two are scheduled.
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    try:
        run = subprocess.Popen(
            [sys.executable, "-m", "seamcheck", "graph", str(root), "--no-cache"],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
        )
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as reader:
        assert reader.read(10) == b'{\n "direct'
    assert run.stderr is not None
    assert (run.wait(timeout=120), run.stderr.read()) == (2, b"")
    complete = run_seamcheck("graph", str(root), "--no-cache")
    assert len(complete.stdout) > 100_000, "the test needs output the pipe cannot hold"


# `seamcheck check ...` that stops in the middle of parsing, in the main process, until a
# signal comes: the Ctrl-C below lands there however fast or busy the machine is (a run of 1,500
# files once finished between the test seeing the cache folder and the signal).
_PAUSED_IN_PARSING = """
import signal, sys, time
from pathlib import Path
import seamcheck.extraction as extraction

reached = Path(sys.argv[1])
sys.argv = ["seamcheck", *sys.argv[2:]]
signal.signal(signal.SIGINT, signal.default_int_handler)
# Every file's facts pass through `_stored` in this process, whichever process parsed them.
store, stored = extraction._stored, []

def pausing(*args):
    stored.append(1)
    if len(stored) == 10:
        reached.write_text("parsing")
        time.sleep(120)  # a SIGINT ends it with KeyboardInterrupt, raised right here
    return store(*args)

extraction._stored = pausing
from seamcheck.console import entry_point
entry_point()
"""


def test_ctrl_c_is_one_line_and_exit_2(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"services/api/app/m{i}.py": f"import time\n\nasync def f{i}():\n    time.sleep({i})\n"
        for i in range(300)
    }
    root = base_repo(tmp_path, files)
    script, reached = tmp_path / "paused.py", tmp_path / "reached"
    script.write_text(_PAUSED_IN_PARSING)
    command = [sys.executable, str(script), str(reached), "check", str(root)]
    run = subprocess.Popen(
        [*command, "--cache-dir", str(tmp_path / "cache")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not reached.exists():
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=300)
    # click ends the ^C line first; then the one line.
    assert (run.returncode, stderr) == (2, "\nseamcheck: interrupted\n")


def test_odd_file_names(tmp_path: Path) -> None:
    """Names that are not UTF-8 cannot be reported: skipped with a note. Spaces, non-ASCII and
    control characters are reported (escaped in text output)."""
    sleepy = b"import time\n\nasync def f():\n    time.sleep(1)\n"
    root = base_repo(tmp_path)
    app = os.fsencode(root / API)
    for name in (b"caf\xe9.py", b"bad\xff/inner.py", "sp ace ☃.py".encode(), b"new\nline.py"):
        path = os.path.join(app, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(sleepy)
    run = invoke("check", str(root), "--format", "json")
    assert sorted(_paths(run.stdout)) == [
        f"{API}/main.py",
        f"{API}/new\nline.py",
        f"{API}/sp ace ☃.py",
    ]
    assert run.stderr.splitlines() == [
        f"seamcheck: note: skipped {API}/bad\ufffd: unreadable: file name is not valid UTF-8",
        f"seamcheck: note: skipped {API}/caf\ufffd.py: unreadable: file name is not valid UTF-8",
    ]
    text = invoke("check", str(root))
    assert f"{API}/new\\nline.py:4:5: SC201" in text.stdout
    for command in ("graph", "seams", "services", "baseline"):
        assert invoke(command, str(root)).code == 0, command
