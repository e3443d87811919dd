"""The cache: facts by content, replayed findings, and never trusting what is on disk."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import marshal
import os
import re
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import seamcheck.analysis
import seamcheck.catalogs
import seamcheck.extract
import seamcheck.extraction
import seamcheck.factstore
import seamcheck.inputs
import seamcheck.sourceread
from conftest import (
    FIXTURES,
    SHARED_TSCONFIG,
    RepoFactory,
    package_json,
    run_cli,
    schemas_tsconfig,
    write_repo,
)
from seamcheck.analysis import Analysis, RunOptions, analyse
from seamcheck.cache import Cache, decode_facts, encode_facts
from seamcheck.cachesecret import digest_bytes, keyed_digest
from seamcheck.config import load_config
from seamcheck.facts import Export, FileFacts
from seamcheck.serialize import codec_for, packed_codec_for

SERVICES = {
    "docker-compose.yml": """
        services:
          gateway:
            build: ./services/gateway
          model:
            build: ./services/model
    """,
    "services/gateway/package.json": package_json(
        "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
    ),
    "services/gateway/tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@lib/*": ["src/lib/*"]}}}',
    "services/gateway/src/server.ts": """
        import express from "express";
        import { predict } from "@lib/model";

        const app = express();
        app.post("/api/predict", async (req, res) => {
          res.json(await predict(req.body));
        });
        app.listen(8080);
    """,
    "services/gateway/src/lib/model.ts": """
        import axios from "axios";

        export async function predict(body: unknown) {
          const { data } = await axios.post("http://model:8000/predict", body);
          return data;
        }
    """,
    "services/model/requirements.txt": "fastapi\nuvicorn\n",
    "services/model/app/main.py": """
        from fastapi import FastAPI

        from app.scoring import score

        app = FastAPI()


        @app.post("/predict")
        async def predict(payload: dict) -> dict:
            return {"score": score(payload)}
    """,
    "services/model/app/scoring.py": """
        def score(payload):
            return len(payload)
    """,
    "services/model/app/broken.py": "def half(:\n    pass\n",
}


def run(root: Path, cache_dir: Path | None, jobs: int = 1) -> Analysis:
    return analyse(root, load_config(root), RunOptions(cache_dir=cache_dir, jobs=jobs))


def date_back(root: Path) -> None:
    """Date every file under `root` past the racy window, so the stat index vouches for
    them. Their ctime cannot be dated back: the pause puts it a clock tick before the run."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    time.sleep(0.05)


def import_edges(analysis: Analysis) -> set[tuple[str, str]]:
    graph = analysis.graph
    return {(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "imports"}


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed in this process, in order."""
    seen: list[str] = []
    real = seamcheck.extract.extract

    def spy(path: str, data: bytes, language: str) -> FileFacts:
        seen.append(path)
        return real(path, data, language)

    monkeypatch.setattr(seamcheck.extraction, "extract", spy)
    return seen


def test_second_run_replays_findings_and_builds_the_model_on_demand(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    cold = run(root, cache)
    assert not cold.reused
    assert [(f.code, f.path, f.line) for f in cold.findings] == [
        ("SC001", "services/model/app/broken.py", 1)
    ]
    assert len(parsed) == 5

    warm = run(root, cache)
    assert warm.reused and warm.findings == cold.findings
    assert len(parsed) == 5  # nothing parsed again
    # Asked for, the model is rebuilt from cached facts, equal to a run without cache.
    assert warm.facts == run(root, None).facts
    assert ("services/gateway/src/server.ts", "services/gateway/src/lib/model.ts") in (
        import_edges(warm)
    )
    assert len(parsed) == 10  # the no-cache run parsed; the warm model did not


def test_one_changed_file_is_the_only_one_parsed(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    run(root, cache)
    parsed.clear()
    (root / "services/model/app/scoring.py").write_text("def score(payload:\n    return 1\n")
    changed = run(root, cache)
    assert not changed.reused
    assert parsed == ["services/model/app/scoring.py"]
    assert [(f.path, f.line) for f in changed.findings] == [
        ("services/model/app/broken.py", 1),
        ("services/model/app/scoring.py", 1),
    ]
    # Changing it back is a state the cache has seen: replayed, nothing parsed.
    original = textwrap.dedent(SERVICES["services/model/app/scoring.py"]).lstrip("\n")
    (root / "services/model/app/scoring.py").write_text(original)
    parsed.clear()
    assert run(root, cache).reused
    assert parsed == []


def test_content_decides_not_timestamps_or_location(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    first = run(root, cache)
    parsed.clear()
    # A CI checkout: same content, fresh mtimes, another folder.
    checkout = tmp_path / "checkout"
    shutil.copytree(root, checkout)
    future = time.time() + 3600
    for path in checkout.rglob("*"):
        os.utime(path, (future, future))
    again = run(checkout, cache)
    assert again.reused and again.findings == first.findings
    assert parsed == []


def test_a_renamed_file_reuses_its_facts_under_the_new_name(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    run(root, cache)
    parsed.clear()
    (root / "services/model/app/broken.py").rename(root / "services/model/app/half.py")
    moved = run(root, cache)
    assert parsed == []
    assert [(f.path, f.line) for f in moved.findings] == [("services/model/app/half.py", 1)]
    assert moved.facts["services/model/app/half.py"].path == "services/model/app/half.py"


def test_resolution_inputs_invalidate_the_replay(repo: RepoFactory, tmp_path: Path) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    run(root, cache)
    # Same sources, new tsconfig paths: the import now resolves elsewhere.
    (root / "services/gateway/src/shared").mkdir()
    (root / "services/gateway/src/shared/model.ts").write_text("export const predict = 1;\n")
    (root / "services/gateway/tsconfig.json").write_text(
        '{"compilerOptions": {"baseUrl": ".", "paths": {"@lib/*": ["src/shared/*"]}}}'
    )
    changed = run(root, cache)
    assert not changed.reused
    assert ("services/gateway/src/server.ts", "services/gateway/src/shared/model.ts") in (
        import_edges(changed)
    )
    # A config change does too, even with every file the same.
    again = run(root, cache)
    assert again.reused
    (root / "seamcheck.toml").write_text('exclude = ["services/model/app/broken.py"]\n')
    excluded = run(root, cache)
    assert not excluded.reused and excluded.findings == []


def test_editing_the_shipped_data_invalidates_the_replay(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blocking-API catalog is read by a rule, not through the config, and an editable
    install keeps it outside the package: its edits must still change the run key."""
    policies = tmp_path / "policies"
    shutil.copytree(seamcheck.catalogs.policies_folder(), policies)
    monkeypatch.setattr(seamcheck.inputs, "policies_folder", lambda: policies)
    seamcheck.inputs.analysis_identity.cache_clear()
    root, cache = repo(SERVICES), tmp_path / "cache"
    run(root, cache)
    assert run(root, cache).reused
    sinks = policies / "sinks" / "blocking.toml"
    sinks.write_text(sinks.read_text() + "\n# a reviewed addition\n")
    seamcheck.inputs.analysis_identity.cache_clear()
    assert not run(root, cache).reused
    seamcheck.inputs.analysis_identity.cache_clear()


FactsRow = tuple[str, str, str, bytes, int]  # key, digest, seal, body, last use


def facts_rows(cache: Path) -> list[FactsRow]:
    """Every stored facts entry, by key."""
    with contextlib.closing(sqlite3.connect(cache / "facts.sqlite3")) as db:
        return sorted(db.execute("SELECT key, digest, seal, body, used FROM facts").fetchall())


def set_facts_rows(cache: Path, rows: list[FactsRow]) -> None:
    with contextlib.closing(sqlite3.connect(cache / "facts.sqlite3")) as db, db:
        db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?)", rows)


def test_corrupt_and_foreign_entries_are_ignored_and_rebuilt(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    cold = run(root, cache)
    rows = facts_rows(cache)
    runs = sorted(p for p in (cache / "runs").rglob("*") if p.is_file())
    # The findings are stored twice: under the run's inputs and under its facts; beside
    # them, where the resolver looked beyond the walk.
    assert len(rows) == 5 and len(runs) == 3
    assert sorted(p.name for p in cache.iterdir()) == [
        ".gitignore", "CACHEDIR.TAG", "facts.sqlite3", "last-prune", "runs", "secret", "stat"
    ]  # fmt: skip
    # One truncated, one with a flipped payload byte, one holding another file's facts
    # (with their digest), one that is not even JSON; both stored findings are tampered
    # with too.
    (k0, d0, s0, b0, u0), (k1, d1, s1, b1, u1), (k2, *_, u2), (_, d3, s3, b3, _), four = rows
    flipped = bytearray(b1)
    flipped[-5] ^= 0x01
    garbage = (*four[:3], b"\x00\xff garbage", four[4])
    set_facts_rows(
        cache,
        [
            (k0, d0, s0, b0[:40], u0),
            (k1, d1, s1, bytes(flipped), u1),
            (k2, d3, s3, b3, u2),
            garbage,
        ],
    )
    for stored in runs:
        header, _, payload = stored.read_bytes().partition(b"\n")
        stored.write_bytes(header + b"\n" + payload.replace(b"SC001", b"SC999"))
    parsed.clear()

    again = run(root, cache)
    assert not again.reused and again.findings == cold.findings
    assert len(parsed) == 4  # entry 3 was intact; the four damaged ones were parsed again
    assert again.facts == run(root, None).facts
    parsed.clear()
    assert run(root, cache).reused and parsed == []  # rewritten entries are good again


def test_a_facts_file_that_is_not_seamchecks_is_made_again(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    cold = run(root, cache)
    for damage in (
        b"",  # empty
        b"SQLite format 3\x00" + os.urandom(4000),  # a header and garbage
        (cache / "facts.sqlite3").read_bytes()[:2048],  # truncated
        b"not a database at all\n",
    ):
        (cache / "facts.sqlite3").write_bytes(damage)
        for stored in (cache / "runs").rglob("*"):
            if stored.is_file():
                stored.unlink()  # or the findings are replayed without a look at the facts
        parsed.clear()
        again = run(root, cache)
        assert again.findings == cold.findings and len(parsed) == 5, damage[:30]
        assert len(facts_rows(cache)) == 5  # stored again, in a new file
    # A database of another shape (another version, or a hostile repository's) is not read,
    # though its rows are good ones: no trigger of its own runs, and it is made again.
    good = facts_rows(cache)
    (cache / "facts.sqlite3").unlink()
    with contextlib.closing(sqlite3.connect(cache / "facts.sqlite3")) as db, db:
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, digest, seal, body, used)")
        db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?)", good)
        db.execute("CREATE TABLE spy (x)")
        db.execute("CREATE TRIGGER t AFTER INSERT ON facts BEGIN INSERT INTO spy VALUES (1); END")
    for stored in (cache / "runs").rglob("*"):
        if stored.is_file():
            stored.unlink()
    parsed.clear()
    assert run(root, cache).findings == cold.findings and len(parsed) == 5
    with contextlib.closing(sqlite3.connect(cache / "facts.sqlite3")) as db:
        tables = sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master"))
    assert tables == ["facts", "sqlite_autoindex_facts_1"]


def test_cache_folder_is_gitignored_and_never_analysed(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SEAMCHECK_CACHE_DIR")
    root = repo(SERVICES)
    first = run_cli("check", str(root))
    folder = root / ".seamcheck_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    # The cache's own files must not count as inputs: the second run replays.
    second = run_cli("check", str(root))
    assert second.output == first.output
    assert run(root, folder).reused
    assert not list(folder.rglob(".tmp-*"))  # atomic writes leave no temporary files


def test_cache_dir_option_environment_and_no_cache(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(SERVICES)
    chosen, from_env = tmp_path / "chosen", Path(os.environ["SEAMCHECK_CACHE_DIR"])
    expected = run_cli("check", str(root), "--no-cache").output
    assert not any(from_env.iterdir()) and not (root / ".seamcheck_cache").exists()
    assert run_cli("check", str(root), "--cache-dir", str(chosen)).output == expected
    assert (chosen / "facts.sqlite3").exists() and not any(from_env.iterdir())
    assert run_cli("check", str(root)).output == expected
    assert (from_env / "facts.sqlite3").exists()


def test_unusable_cache_folder_warns_once_and_still_checks(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(SERVICES)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "seamcheck",
            "check",
            str(root),
            "--cache-dir",
            str(blocker / "cache"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout == run_cli("check", str(root), "--no-cache").output
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("seamcheck: warning: cache disabled: cannot create")


def test_a_folder_committed_where_the_secret_goes_is_named_and_kept(repo: RepoFactory) -> None:
    root = repo({**SERVICES, ".seamcheck_cache/secret/notes.txt": "the user's\n"})
    command = [sys.executable, "-m", "seamcheck", "check", str(root)]
    cache = ["--cache-dir", str(root / ".seamcheck_cache")]  # the default, past conftest's
    proc = subprocess.run([*command, *cache], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout == run_cli("check", str(root), "--no-cache").output
    secret = root / ".seamcheck_cache" / "secret"
    assert proc.stderr == (
        f"seamcheck: warning: cache disabled: cannot create {secret}: a folder is in its place (remove it to use the cache)\n"
    )
    assert (secret / "notes.txt").read_text() == "the user's\n"


def test_two_runs_sharing_a_cache_at_once(repo: RepoFactory, tmp_path: Path) -> None:
    files = dict(SERVICES)
    for i in range(60):
        files[f"services/model/app/m{i}.py"] = (
            f"from app.scoring import score\n\n\ndef f{i}(x):\n    return score(x) + {i}\n"
        )
    files["services/model/app/m7.py"] += "def oops(:\n"
    root = repo(files)
    expected = run_cli("check", str(root), "--format", "json", "--no-cache").output
    assert len(json.loads(expected)["findings"]) == 2
    # Three times over: runs that both find no facts file both make one (a first version
    # replaced each other's, and one run's writes then failed with a warning).
    for trial in range(3):
        cache = tmp_path / f"shared{trial}"
        command = [sys.executable, "-m", "seamcheck", "check", str(root), "--format", "json"]
        command += ["--cache-dir", str(cache)]
        procs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        outputs = [p.communicate() for p in procs]
        assert outputs == [(expected, "")] * 3  # the same findings, and not a word on stderr
        assert len(facts_rows(cache)) == 65  # every source's facts, stored by one run or another
        assert run(root, cache).reused
        assert not list(cache.rglob(".tmp-*")) and not list(cache.glob(".facts.*"))


def _plant_hot_journal(cache: Path, victim: Path) -> None:
    """A small database and a journal beside it that SQLite takes for a hot journal whose
    super-journal is `victim`: rolling it back would delete `victim`."""
    cache.mkdir(parents=True, exist_ok=True)
    database = cache / "facts.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE x (y)")
    magic = bytes([0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7])
    header = magic + struct.pack(">IIIII", 0, 0, database.stat().st_size // 4096, 512, 4096)
    name = str(victim).encode()
    trailer = struct.pack(">I", 0x40000000 // 4096 + 1) + name
    trailer += struct.pack(">II", len(name), sum(name) & 0xFFFFFFFF) + magic
    (cache / "facts.sqlite3-journal").write_bytes(header.ljust(512, b"\0") + trailer)


def test_a_hostile_cache_folder_cannot_delete_or_write_outside_it(
    repo: RepoFactory, tmp_path: Path
) -> None:
    """A repository may commit its own .seamcheck_cache: a journal that names a file for
    SQLite to delete, a facts file that is a symlink to somewhere else, a folder of the
    user's named like an old cache folder."""
    root = repo(SERVICES)
    expected = run_cli("check", str(root), "--no-cache").output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim, target = elsewhere / "notes.txt", elsewhere / "db"
    victim.write_text("precious\n")
    cache = root / ".seamcheck_cache"
    _plant_hot_journal(cache, victim)
    run_twice = [run_cli("check", str(root), "--cache-dir", str(cache)).output for _ in "12"]
    assert run_twice == [expected] * 2 and victim.read_text() == "precious\n"
    assert not (cache / "facts.sqlite3-journal").exists()

    shutil.rmtree(cache)
    target.write_bytes(b"")  # an empty file is a database to SQLite: it would get the table
    cache.mkdir()
    (cache / "facts.sqlite3").symlink_to(target)
    (cache / "facts" / "sub").mkdir(parents=True)  # where facts were kept before: not removed
    (cache / "facts" / "sub" / "notes.txt").write_text("mine\n")
    assert run_cli("check", str(root), "--cache-dir", str(cache)).output == expected
    assert target.read_bytes() == b"" and not (cache / "facts.sqlite3").is_symlink()
    assert (cache / "facts" / "sub" / "notes.txt").read_text() == "mine\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["db", "notes.txt"]


def test_a_symlinked_cache_folder_in_the_repository_is_not_used(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A committed .seamcheck_cache symlink could point anywhere: seamcheck would write there
    and prune what it found. Named with --cache-dir, the same folder is used."""
    monkeypatch.delenv("SEAMCHECK_CACHE_DIR")
    root, elsewhere = repo(SERVICES), tmp_path / "elsewhere"
    (elsewhere / "runs").mkdir(parents=True)
    old = elsewhere / "runs" / "notes.txt"
    old.write_text("mine\n")
    os.utime(old, (0, 0))  # older than any pruning age
    (root / ".seamcheck_cache").symlink_to(elsewhere, target_is_directory=True)
    expected = run_cli("check", str(root), "--no-cache").output
    proc = subprocess.run(
        [sys.executable, "-m", "seamcheck", "check", str(root)],
        env={k: v for k, v in os.environ.items() if k != "SEAMCHECK_CACHE_DIR"},
        capture_output=True,
        text=True,
    )
    assert (proc.returncode, proc.stdout) == (0, expected)
    assert proc.stderr.startswith("seamcheck: warning: cache disabled: .seamcheck_cache is a")
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["notes.txt", "runs"]
    named = run_cli("check", str(root), "--cache-dir", str(root / ".seamcheck_cache"))
    assert named.output == expected and (elsewhere / "facts.sqlite3").exists()


def test_a_committed_cache_folder_cannot_replay_forged_findings(
    repo: RepoFactory, tmp_path: Path
) -> None:
    """A pull request can commit a .seamcheck_cache (`git add -f`) made on its author's
    machine, whose secret the author knows, with a run record of no findings for its own
    content: a CI gate restoring its cache into the checkout would replay it. A committed
    secret comes out of a checkout writable, so it is not trusted, and the run's findings
    stand. (With the secret left read-only, the same forgery is replayed: the check is what
    the mode decides.)"""
    # The scoring helper now sleeps: the async route handler that calls it blocks (SC202).
    scoring = "import time\n\n\ndef score(payload):\n    time.sleep(0.1)\n    return len(payload)\n"
    root = repo({**SERVICES, "services/model/app/scoring.py": scoring})
    expected = run_cli("check", str(root), "--no-cache")
    assert expected.exit_code == 1 and " SC202 " in expected.output
    cache = root / ".seamcheck_cache"
    assert run_cli("check", str(root), "--cache-dir", str(cache)).output == expected.output
    secret_file = cache / "secret"
    secret = secret_file.read_bytes()
    assert len(secret) == 32 and stat.S_IMODE(secret_file.stat().st_mode) == 0o400
    again = run_cli("check", str(root), "--cache-dir", str(cache))
    assert again.output == expected.output and secret_file.read_bytes() == secret

    def forge() -> None:
        for record in (cache / "runs").rglob("*"):
            if record.is_file():
                header = json.loads(record.read_bytes().partition(b"\n")[0])
                body = b"[[],{}]"
                header["digest"] = keyed_digest(body, secret)
                record.write_bytes(json.dumps(header).encode() + b"\n" + body)

    forge()
    forged = run_cli("check", str(root), "--cache-dir", str(cache))
    assert (forged.exit_code, forged.output) == (0, "No findings in 5 files across 2 services.\n")

    secret_file.chmod(0o644)  # as `git checkout` writes the committed file
    forge()
    checked_out = run_cli("check", str(root), "--cache-dir", str(cache))
    assert (checked_out.exit_code, checked_out.output) == (1, expected.output)
    assert secret_file.read_bytes() != secret
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o400

    # A symlink to a read-only file elsewhere that holds the author's secret: not followed.
    elsewhere = tmp_path / "secret"
    elsewhere.write_bytes(secret)
    elsewhere.chmod(0o400)
    secret_file.unlink()
    secret_file.symlink_to(elsewhere)
    forge()
    linked = run_cli("check", str(root), "--cache-dir", str(cache))
    assert (linked.exit_code, linked.output) == (1, expected.output)
    assert not secret_file.is_symlink() and elsewhere.read_bytes() == secret


def test_symlinked_entry_folders_in_a_committed_cache_are_not_followed(
    repo: RepoFactory, tmp_path: Path
) -> None:
    """A committed .seamcheck_cache whose `facts`, `runs` or `stat` is a symlink: pruning
    walked it and deleted every old file where it led, and entries were written there. A
    fan-out folder (`runs/ab`) that is a symlink, and an entry that is a symlink to a file
    that never ends, are not followed either."""
    root = repo(SERVICES)
    expected = run_cli("check", str(root), "--no-cache").output
    victim = tmp_path / "victim"
    (victim / "sub").mkdir(parents=True)
    for name in ("important.txt", "sub/db.conf"):
        (victim / name).write_text("keep\n")
        os.utime(victim / name, (0, 0))  # older than any pruning age
    cache = root / ".seamcheck_cache"
    cache.mkdir()
    for kind in ("facts", "runs", "stat"):
        (cache / kind).symlink_to(victim, target_is_directory=True)
    assert run_cli("check", str(root), "--cache-dir", str(cache)).output == expected
    assert sorted(str(p.relative_to(victim)) for p in victim.rglob("*")) == [
        "important.txt", "sub", "sub/db.conf"
    ]  # fmt: skip
    assert not any((cache / kind).is_symlink() for kind in ("facts", "runs", "stat"))

    fan_out = next(p for p in (cache / "runs").iterdir())
    shutil.rmtree(fan_out)
    fan_out.symlink_to(victim, target_is_directory=True)
    (cache / "last-prune").unlink()
    (root / "services/model/app/scoring.py").write_text("def score(p):\n    return 1\n")
    again = run_cli("check", str(root), "--cache-dir", str(cache))
    assert again.exit_code == 0  # pruned and written, and nothing left where the link led
    assert sorted(str(p.relative_to(victim)) for p in victim.rglob("*")) == [
        "important.txt", "sub", "sub/db.conf"
    ]  # fmt: skip

    for record in (cache / "runs").rglob("*"):
        if record.is_file():
            record.unlink()
            record.symlink_to("/dev/zero")
    assert run_cli("check", str(root), "--cache-dir", str(cache)).output == again.output


@pytest.mark.parametrize(
    "body",
    [
        b"[\x01\x00\x00\x00" * 100_000 + b"N",  # nested past what marshal reads
        encode_facts(FileFacts("a.py", "python"))[:-3],  # cut short
        marshal.dumps([["x"], [0, 5, (), (), (), (), (), (), (), (), (), 7]], 2),  # no string 5
        marshal.dumps({"not": "facts"}, 2),
    ],
    ids=["deep", "truncated", "index", "shape"],
)
def test_sealed_facts_that_do_not_decode_are_a_miss_not_a_crash(
    repo: RepoFactory, tmp_path: Path, body: bytes
) -> None:
    """The seal is keyed by the folder's secret, so only seamcheck writes such a body (a
    build that encodes otherwise, or a bug); decoding still checks what it reads."""
    root, cache = repo(SERVICES), tmp_path / "cache"
    cold = run(root, cache)
    for stored in (cache / "runs").rglob("*"):
        if stored.is_file():
            stored.unlink()
    store = Cache.open(cache).facts_store()
    rows = [
        (k, (d := digest_bytes(body)), store._seal(k, d), body, u) for k, *_, u in facts_rows(cache)
    ]
    set_facts_rows(cache, rows)
    assert run(root, cache).findings == cold.findings


def test_facts_read_a_few_keys_to_a_query_are_each_checked(
    repo: RepoFactory, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that loads every file's facts asks for them a few keys to a query: each query's
    rows are found, and one whose body does not match its digest is a miss, parsed again."""
    monkeypatch.setattr(seamcheck.factstore, "MANY_KEYS", 2)
    root, cache = repo(SERVICES), tmp_path / "cache"
    cold = run(root, cache)
    for stored in (cache / "runs").rglob("*"):
        if stored.is_file():
            stored.unlink()  # not replayed: the run loads the facts
    rows = facts_rows(cache)
    key, digest, seal, body, used = rows[-1]
    set_facts_rows(cache, [(key, digest, seal, body[:-1] + bytes([body[-1] ^ 1]), used)])
    parsed.clear()
    again = run(root, cache)
    assert not again.reused and again.findings == cold.findings
    assert len(rows) == 5 and len(parsed) == 1  # the damaged entry alone
    assert again.facts == run(root, None).facts


def test_pruning_drops_unused_entries_then_the_oldest_over_the_bound(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root, folder = repo(SERVICES), tmp_path / "cache"
    run(root, folder)
    runs = sorted(p for p in (folder / "runs").rglob("*") if p.is_file())
    rows = facts_rows(folder)
    now = time.time()
    old = now - 30 * 86400
    os.utime(runs[0], (old, old))
    set_facts_rows(folder, [(*rows[0][:4], int(old))])
    cache = Cache.open(folder)
    assert cache.prune(now=now, force=True) == 2
    assert not runs[0].exists() and runs[1].exists()
    assert [r[0] for r in facts_rows(folder)] == [r[0] for r in rows[1:]]
    # Not again within the interval, unless forced.
    os.utime(runs[1], (old, old))
    assert Cache.open(folder).prune(now=now + 60) == 0

    def stored() -> int:
        files = [p for kind in ("runs", "stat") for p in (folder / kind).rglob("*")]
        return sum(p.stat().st_size for p in files if p.is_file()) + sum(
            len(row[3]) for row in facts_rows(folder)
        )

    total = stored()
    assert Cache.open(folder).prune(now=now, force=True, max_bytes=total // 2) >= 2
    assert stored() <= total // 2 * 0.8
    # What pruning took is rebuilt, and the results do not change.
    assert run(root, folder).findings == run(root, None).findings


def test_a_facts_file_this_run_made_finds_what_it_wrote(tmp_path: Path) -> None:
    """A new file is read as empty without asking SQLite, until this run writes to it."""
    facts = FileFacts("a.py", "python", exports=(Export("x", "x"),))
    body = encode_facts(facts)
    cache = Cache.open(tmp_path / "cache")
    assert cache.facts_digest("k") is None and cache.get_facts("k", "a.py") is None
    cache.put_facts("k", body, digest_bytes(body))
    cache.flush()
    assert cache.facts_digest("k") == digest_bytes(body)
    assert cache.get_facts("k", "b.py") == (
        dataclasses.replace(facts, path="b.py"),
        digest_bytes(body),
    )


def test_pruning_gives_the_facts_files_space_back(repo: RepoFactory, tmp_path: Path) -> None:
    files = dict(SERVICES)
    for i in range(200):
        # 3 MB of facts: far more than an empty file of 64 KiB pages (256 KiB).
        files[f"services/model/app/m{i}.py"] = f"def f{i}(x):\n    return x + {i}\n" * 200
    root, folder = repo(files), tmp_path / "cache"
    run(root, folder)
    before = (folder / "facts.sqlite3").stat().st_size
    set_facts_rows(folder, [(*row[:4], 0) for row in facts_rows(folder)])
    assert Cache.open(folder).prune(force=True) >= 200
    assert facts_rows(folder) == []
    assert (folder / "facts.sqlite3").stat().st_size < before / 4


def test_codec_round_trips_every_fact_of_a_real_repository(repo: RepoFactory) -> None:
    facts = run(repo(SERVICES), None).facts
    codec = codec_for(FileFacts)
    for item in facts.values():
        assert decode_facts(encode_facts(item), item.path) == item
        # Stored by content: the same bytes under another name give the same entry.
        assert encode_facts(dataclasses.replace(item, path="elsewhere.py")) == encode_facts(item)
        # The JSON codec, which run records use, round-trips them too.
        assert codec.decode(json.loads(json.dumps(codec.encode(item)))) == item
    with pytest.raises(ValueError):
        codec.decode([1, 2, 3])
    strings, body = marshal.loads(encode_facts(facts["services/model/app/main.py"]))
    with pytest.raises(ValueError, match="expected a list of 12 values"):
        packed_codec_for(FileFacts).decode([strings, body[:-1]])
    with pytest.raises(ValueError, match="an index out of the table"):
        packed_codec_for(FileFacts).decode([strings[:1], body])


def test_decoded_records_are_as_frozen_and_hashable_as_extracted_ones(repo: RepoFactory) -> None:
    """Decoding builds records without their `__init__`; they must not be any less frozen."""
    item = run(repo(SERVICES), None).facts["services/model/app/main.py"]
    decoded = decode_facts(encode_facts(item), item.path)
    call = decoded.calls[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        call.callee = "elsewhere"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del call.span.line
    assert hash(call) == hash(item.calls[0]) and {call, item.calls[0]} == {call}


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    name: str
    size: int

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError("a size is never negative")


def test_a_record_that_checks_itself_is_decoded_through_its_init() -> None:
    codec = codec_for(_Checked)
    assert codec.decode(codec.encode(_Checked("a", 1))) == _Checked("a", 1)
    with pytest.raises(ValueError, match="never negative"):
        codec.decode(["a", -1])


class _Shape:
    __slots__ = ()


@dataclasses.dataclass(frozen=True, slots=True)
class _Square(_Shape):
    side: int
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Sized(_Checked):
    unit: str


def test_records_of_other_layouts_are_decoded_whole_and_as_frozen() -> None:
    """Records are made as an unfrozen twin of their layout, then given their class
    (`serialize.py`); one with a base class of its own has no twin, and is made otherwise."""
    square, sized = _Square(2, "a"), _Sized("a", 1, "kB")
    decoded = [
        *(
            codec.decode(codec.encode(square))
            for codec in (codec_for(_Square), packed_codec_for(_Square))
        ),
        *(
            codec.decode(codec.encode(sized))
            for codec in (codec_for(_Sized), packed_codec_for(_Sized))
        ),
    ]
    assert decoded == [square, square, sized, sized]
    assert [type(record) for record in decoded] == [_Square, _Square, _Sized, _Sized]
    for record in decoded:
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.name = "b"


def test_a_run_hands_the_garbage_collector_back_as_it_found_it(repo: RepoFactory) -> None:
    before = gc.get_threshold()
    run(repo(SERVICES), None)
    assert gc.get_threshold() == before


def test_an_edit_that_leaves_every_files_facts_alone_replays_the_findings(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    cold = run(root, cache)
    main = root / "services/model/app/main.py"
    main.write_text(main.read_text() + "\n# TODO: batch endpoint\n")
    parsed.clear()
    commented = run(root, cache)
    assert commented.reused and commented.findings == cold.findings
    assert parsed == ["services/model/app/main.py"]  # only the edited file, to see its facts
    assert commented.facts == run(root, None).facts  # asked for, the model is the new one
    # A line inserted above the finding moves it. The facts differ in their lines only, but
    # the finding stood on line 1, where a stage also puts what has no better place: it
    # cannot be carried (`carry.py`, tests/test_carry.py), the rules run again.
    broken = root / "services/model/app/broken.py"
    broken.write_text("# half done\n" + broken.read_text())
    shifted = run(root, cache)
    assert not shifted.reused
    assert [(f.code, f.path, f.line) for f in shifted.findings] == [
        ("SC001", "services/model/app/broken.py", 2)
    ]
    assert shifted.findings == run(root, None).findings
    parsed.clear()
    assert run(root, cache).reused and parsed == []  # now stored under its inputs as well


def test_files_with_the_same_bytes_do_not_defeat_the_replay(
    repo: RepoFactory, tmp_path: Path
) -> None:
    """Identical files share one facts entry, written last by one of them: the digests
    compared must not depend on which."""
    twin = "from app.scoring import score\n\n\ndef run(payload):\n    return score(payload)\n"
    files = {**SERVICES, "services/model/app/jobs/a.py": twin, "services/model/app/jobs/b.py": twin}
    root, cache = repo(files), tmp_path / "cache"
    cold = run(root, cache)
    scoring = root / "services/model/app/scoring.py"
    scoring.write_text(scoring.read_text() + "\n\n# keep in sync with the model card\n")
    again = run(root, cache)
    assert again.reused and again.findings == cold.findings


@pytest.mark.parametrize(
    ("first", "then"),
    [
        # A declaration file's imports are type-only; a module's of the same bytes are not.
        ("web/src/shapes.d.ts", "web/src/shapes.ts"),
        # A component's code is its script blocks (here none); a module's is all its bytes.
        ("web/src/Shape.vue", "web/src/shape.js"),
    ],
)
def test_files_of_the_same_bytes_share_facts_only_where_they_extract_alike(
    repo: RepoFactory, tmp_path: Path, first: str, then: str
) -> None:
    source = "import { area } from './geometry';\nexport const s = area;\n"
    files = {
        "web/package.json": package_json("web", dependencies={"vue": "3", "typescript": "5"}),
        "web/src/geometry.ts": "export const area = 1;\n",
        first: source,
    }
    root, cache = repo(files), tmp_path / "cache"
    run(root, cache)
    (root / then).write_text(source)
    (root / first).unlink()
    cached = run(root, cache).resolution.facts[then].imports
    fresh = run(root, None).resolution.facts[then].imports
    # Before: the first file's facts were taken from the cache for the second (equal bytes,
    # one key): the module's import was type-only, or missing as the component's was.
    assert [i.kind for i in fresh] == ["static"]
    assert cached == fresh


def test_a_source_whose_text_a_stage_reads_is_replayed_only_for_the_same_text(
    tmp_path: Path,
) -> None:
    """The vite proxy finder reads the line of a proxy entry from the config's text: a
    comment there changes no fact, but it can change the line a finding points to."""
    root, cache = tmp_path / "demo", tmp_path / "cache"
    shutil.copytree(FIXTURES / "demo", root)
    api = root / "apps/web/src/api.ts"
    api.write_text(api.read_text() + "export const nope = () => fetch('/api/nope');\n")

    def proxy_lines(analysis: Analysis) -> list[str]:
        return re.findall(
            r"vite proxy /api \((.*?)\)", " ".join(f.message for f in analysis.findings)
        )

    assert proxy_lines(run(root, cache)) == ["apps/web/vite.config.ts:10"]
    vite = root / "apps/web/vite.config.ts"
    vite.write_text(vite.read_text().replace("port: 5173,", "port: 5173, // not '/api'"))
    again = run(root, cache)
    assert not again.reused and proxy_lines(again) == ["apps/web/vite.config.ts:8"]
    assert again.findings == run(root, None).findings


def test_a_file_edited_while_the_run_parses_it_is_not_stored_for_replay(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    run(root, cache)
    scoring = root / "services/model/app/scoring.py"
    once = scoring.read_text() + "\n# edited once\n"
    scoring.write_text(once)
    real = seamcheck.sourceread.read_state

    def edited_again(full: str) -> tuple[object, bytes | None]:
        # The editor saves again between the run digesting the file and parsing it.
        if full.endswith("scoring.py"):
            scoring.write_text("def score(payload:\n    return 1\n")
        return real(full)

    monkeypatch.setattr(seamcheck.extraction, "read_state", edited_again)
    during = run(root, cache)
    monkeypatch.undo()
    # Findings of the bytes parsed...
    assert ("SC001", "services/model/app/scoring.py") in [(f.code, f.path) for f in during.findings]
    assert run(root, cache).findings == during.findings
    # ...and not stored under the digests taken before: back to those bytes, no SC001.
    scoring.write_text(once)
    after = run(root, cache)
    assert after.findings == run(root, None).findings != during.findings


def test_the_stat_index_vouches_for_the_facts_of_unchanged_files(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a comment edit, the facts key needs every file's facts digest: the stat index
    gives those of unchanged files, so none of their cache entries is opened. An index
    written by another extraction is not believed."""
    root, cache = repo(SERVICES), tmp_path / "cache"
    date_back(root)
    cold = run(root, cache)
    opened: list[str] = []
    real = Cache.facts_digest

    def spy(self: Cache, key: str) -> str | None:
        opened.append(key)
        return real(self, key)

    monkeypatch.setattr(Cache, "facts_digest", spy)
    scoring = root / "services/model/app/scoring.py"
    scoring.write_text(scoring.read_text() + "\n# keep in sync with the model card\n")
    commented = run(root, cache)
    assert commented.reused and commented.findings == cold.findings
    assert len(opened) == 1  # the edited file's new content alone is looked up
    opened.clear()
    # Another extraction (a new seamcheck) has other facts for the same content: its runs
    # read the digests from the entries again, and still replay nothing stale.
    monkeypatch.setattr(seamcheck.analysis, "extraction_identity", lambda: "another")
    scoring.write_text(scoring.read_text() + "# and with the docs\n")
    other = run(root, cache)
    assert len(opened) == len(cold.project.files)
    assert other.findings == cold.findings


def test_a_skip_another_seamcheck_decided_is_decided_again(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a source is analysed is seamcheck's rule as much as its content's
    (`sourceread.unanalysable`): helper 152 skipped small scripts long for a string, a later
    seamcheck analyses them. An index written by the other seamcheck has its skips decided
    again, as its facts are learnt again; before, the gateway's calls stayed unread, in
    the skip the older seamcheck recorded, until the file changed."""
    root, cache = repo(SERVICES), tmp_path / "cache"
    (root / "services/gateway/src/lib/admin.ts").write_text(
        'const LOGO = "' + "A" * 6000 + '";\n'
        'export const load = () => fetch("http://model:8000/no-such-route");\n'
    )
    date_back(root)
    real = seamcheck.sourceread.unanalysable

    def older(data: bytes, script: bool = False) -> str:
        return "minified or generated (very long lines)" if b"LOGO" in data else real(data, script)

    monkeypatch.setattr(seamcheck.sourceread, "unanalysable", older)
    before = run(root, cache)
    assert "services/gateway/src/lib/admin.ts" not in [f.path for f in before.project.files]
    monkeypatch.undo()
    monkeypatch.setattr(seamcheck.analysis, "extraction_identity", lambda: "another")
    after = run(root, cache)
    assert [(f.code, f.path) for f in after.findings if f.code == "SC104"] == [
        ("SC104", "services/gateway/src/lib/admin.ts")
    ]
    assert after.findings == run(root, None).findings


def test_unchanged_files_are_not_even_read_on_a_warm_run(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = repo(SERVICES), tmp_path / "cache"
    date_back(root)
    run(root, cache)
    read: list[str] = []
    real = seamcheck.sourceread.read_state

    def spy(full: str) -> tuple[object, bytes | None]:
        read.append(Path(full).relative_to(root).as_posix())
        return real(full)

    monkeypatch.setattr(seamcheck.inputs, "read_state", spy)
    assert run(root, cache).reused and read == []
    # Same size, new content, new mtime: read, hashed, and the change is seen.
    (root / "services/model/app/scoring.py").write_text(
        textwrap.dedent(SERVICES["services/model/app/scoring.py"]).replace("len", "sum")
    )
    changed = run(root, cache)
    assert read == ["services/model/app/scoring.py"] and not changed.reused


def test_replayed_run_applies_suppressions_without_loading_any_facts(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seamcheck.gate import run_gate

    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/app.py": (
                "import time\n\n\nasync def handler():\n"
                "    time.sleep(1)  # seamcheck: ignore[SC201] tracked in OPS-12\n"
                "    return 1  # seamcheck: ignore[SC201]\n"
            ),
        }
    )
    options = RunOptions(cache_dir=tmp_path / "cache", jobs=1)
    first = run_gate(analyse(root, load_config(root), options))

    def no_facts(*args: object) -> None:
        raise AssertionError("a replayed run decoded facts")

    monkeypatch.setattr(Cache, "get_facts", no_facts)
    replayed = analyse(root, load_config(root), options)
    second = run_gate(replayed)
    assert replayed.reused
    assert (second.findings, second.suppressed) == (first.findings, first.suppressed)
    assert [f.code for f in second.findings] == ["SC002"] and second.suppressed == 1


def test_equal_leaf_arguments_are_one_object_and_strings_are_interned(repo: RepoFactory) -> None:
    """Decoded facts share what repeats (memory on large runs), and stay equal to the
    extracted ones."""
    root = repo(SERVICES)
    folder = root / ".seamcheck_cache"
    extracted = run(root, folder).facts
    decoded = run(root, folder).facts  # the second run decodes what the first stored
    assert decoded == extracted
    args = [a for f in decoded.values() for c in f.calls for a in c.args if not a.items]
    by_value: dict[tuple[str, str, str | None], int] = {}
    for arg in args:
        by_value.setdefault((arg.kind, arg.value, arg.keyword), id(arg))
        assert by_value[(arg.kind, arg.value, arg.keyword)] == id(arg)
    assert len(by_value) < len(args)  # some repeat, or the test shows nothing
    callees = [c.callee for f in decoded.values() for c in f.calls]
    assert len({id(c) for c in callees}) == len(set(callees))
    # A leaf whose tuple fields are not lists is refused, not shared.
    strings, body = marshal.loads(encode_facts(next(f for f in decoded.values() if f.calls)))
    body[4][0][7] = [[0, 0, None, "x", ()]]  # facts.calls[0].args = one broken Arg
    with pytest.raises(ValueError, match="Piece: expected a list"):
        packed_codec_for(FileFacts).decode([strings, body])


def test_a_manifest_named_only_by_its_suffix_is_read_for_its_content(
    repo: RepoFactory, tmp_path: Path
) -> None:
    # The seams read `deploy/.yaml` as they read `deploy/k8s.yaml`: an edit in place (same
    # size, same inode) must change the run's key too.
    root, cache = repo({**SERVICES, "deploy/.yaml": "kind: ConfigMap\n"}), tmp_path / "cache"
    run(root, cache)
    assert run(root, cache).reused
    (root / "deploy/.yaml").write_text("kind: Namespace\n")
    assert not run(root, cache).reused


def test_a_repository_in_a_folder_whose_name_is_not_utf8_is_cached(tmp_path: Path) -> None:
    root = write_repo(tmp_path / os.fsdecode(b"caf\xe9") / "repo", SERVICES)
    result = run_cli("check", str(root))
    assert result.exit_code == 0 and "SC001 missing ')'" in result.output, result.output
    assert run_cli("check", str(root)).output == result.output


def test_a_same_size_rewrite_that_puts_the_mtime_back_is_read_again(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    """`cp -p`, `touch -r`, an editor's save-as: size, mtime and inode as the stat index has
    them, new content. The ctime tells; the file is hashed again and its new finding shown.
    Putting the old bytes back is hashed too, and finds its facts by content."""
    root, cache = repo(SERVICES), tmp_path / "cache"
    date_back(root)
    first = run(root, cache)
    assert "SC104" not in [f.code for f in first.findings]
    assert run(root, cache).reused
    client = root / "services/gateway/src/lib/model.ts"
    before, once = client.stat(), client.read_text()
    client.write_text(once.replace("model:8000/predict", "model:8000/predixt"))
    os.utime(client, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = client.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    rewritten = run(root, cache)
    assert not rewritten.reused
    assert rewritten.findings == run(root, None).findings
    assert [f.code for f in rewritten.findings if f.code == "SC104"] == ["SC104"]
    # The old bytes back, the old mtime too: hashed again, no file parsed.
    client.write_text(once)
    os.utime(client, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed.clear()
    restored = run(root, cache)
    assert restored.reused and restored.findings == first.findings and parsed == []


def test_a_stat_index_of_another_version_is_not_believed(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rows of version 1 had no ctime: read as today's, every field past the mtime would be
    # off by one. The version alone decides, whatever the rows look like.
    root, cache = repo(SERVICES), tmp_path / "cache"
    date_back(root)
    run(root, cache)
    (index,) = (cache / "stat").iterdir()
    header, _, body = index.read_bytes().partition(b"\n")
    payload = json.loads(body)
    assert payload.pop("version") == 2
    body = json.dumps(payload).encode()
    meta = {**json.loads(header), "digest": keyed_digest(body, (cache / "secret").read_bytes())}
    index.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    read: list[str] = []
    real = seamcheck.sourceread.read_state

    def spy(full: str) -> tuple[object, bytes | None]:
        read.append(Path(full).relative_to(root).as_posix())
        return real(full)

    monkeypatch.setattr(seamcheck.inputs, "read_state", spy)
    again = run(root, cache)
    assert again.reused and sorted(read) == [f.path for f in again.project.files]
    read.clear()
    assert run(root, cache).reused and read == []  # the index written anew is believed


@pytest.mark.parametrize("change", ["edited", "created", "removed"])
@pytest.mark.parametrize(
    ("shared", "extends", "base_url"),
    [
        ("gateway/config/base.json", "./config/base.json", ".."),
        ("gateway/node_modules/@acme/tsconfig/base.json", "@acme/tsconfig/base.json", "../../.."),
    ],
    ids=["excluded folder", "node_modules"],
)
def test_a_file_the_resolver_reads_outside_the_walk_is_an_input_of_the_run(
    repo: RepoFactory, tmp_path: Path, change: str, shared: str, extends: str, base_url: str
) -> None:
    own, billing = (schemas_tsconfig(base_url, billing=b) for b in (False, True))
    files = {**SHARED_TSCONFIG, "gateway/tsconfig.json": json.dumps({"extends": extends})}
    base = {"edited": own, "created": None, "removed": billing}[change]
    root = repo({**files, **({shared: base} if base else {})})
    (root / shared).parent.mkdir(parents=True, exist_ok=True)
    cache = tmp_path / "cache"
    first = run(root, cache)
    assert run(root, cache).reused
    if change == "removed":
        (root / shared).unlink()
    else:
        (root / shared).write_text(billing)
    after = run(root, cache)
    assert not after.reused
    assert after.findings == run(root, None).findings != first.findings
    assert ["SC101" in [f.code for f in a.findings] for a in (first, after)] == (
        [True, False] if change == "removed" else [False, True]
    )
    assert run(root, cache).reused  # and what it read is known for the next run


def test_a_listed_file_the_resolver_reads_is_an_input_for_its_content(
    repo: RepoFactory, tmp_path: Path
) -> None:
    # Listed by the walk but not read for content (no `.json`): only the resolver reads it.
    base = "gateway/tsconfig.base.jsonc"
    root = repo(
        {
            **SHARED_TSCONFIG,
            "seamcheck.toml": "",
            "gateway/tsconfig.json": '{"extends": "./tsconfig.base.jsonc"}',
            base: "// shared by the gateway's packages\n" + schemas_tsconfig(".", billing=False),
        }
    )
    cache = tmp_path / "cache"
    first = run(root, cache)
    assert run(root, cache).reused and first.findings == []
    (root / base).write_text("// shared\n" + schemas_tsconfig(".", billing=True))
    after = run(root, cache)
    assert not after.reused
    assert [f.code for f in after.findings] == ["SC101"]


def test_a_fresh_checkout_replays_a_run_that_read_outside_the_walk(
    repo: RepoFactory, tmp_path: Path, parsed: list[str]
) -> None:
    # A CI checkout in another folder has no stat index to say where the resolver looked:
    # the run stored with the same inputs says it, and what is there now decides.
    files = {**SHARED_TSCONFIG, "gateway/config/base.json": schemas_tsconfig("..", billing=True)}
    root, cache = repo(files), tmp_path / "cache"
    first = run(root, cache)
    assert [f.code for f in first.findings] == ["SC101"]
    checkout = tmp_path / "checkout"
    shutil.copytree(root, checkout)
    parsed.clear()
    again = run(checkout, cache)
    assert again.reused and again.findings == first.findings and parsed == []
    other = tmp_path / "other"
    shutil.copytree(root, other)
    (other / "gateway/config/base.json").write_text(schemas_tsconfig("..", billing=False))
    changed = run(other, cache)
    assert not changed.reused and changed.findings == []
