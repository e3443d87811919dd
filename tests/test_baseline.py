"""Baselines: adopt seamcheck with existing violations, report only new ones, ratchet down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RepoFactory, run_cli, write_repo
from gate_helpers import GATEWAY_JS, MODEL_PY, REPO, with_test_rule  # noqa: F401

pytestmark = pytest.mark.usefixtures("with_test_rule")

MODEL = "services/model/app/main.py"
GATEWAY = "services/gateway/src/server.js"


def write_baseline(root: Path) -> Path:
    result = run_cli("baseline", str(root))
    assert result.exit_code == 0, result.output
    baseline = root / ".seamcheck-baseline.json"
    assert result.output == f"Wrote 2 findings to {baseline}.\n"
    return baseline


def test_baseline_file_is_sorted_stable_and_keyed_by_fingerprint(repo: RepoFactory) -> None:
    root = repo(REPO)
    baseline = write_baseline(root)
    first = baseline.read_bytes()
    write_baseline(root)
    assert baseline.read_bytes() == first
    document = json.loads(first)
    assert document["version"] == 1
    assert [(e["path"], e["code"], e["count"]) for e in document["entries"]] == [
        (GATEWAY, "SC901", 1),
        (MODEL, "SC901", 1),
    ]
    assert all("line" not in e for e in document["entries"])
    assert list(document["entries"][0]) == ["code", "path", "fingerprint", "count", "message"]


def test_known_findings_are_counted_not_reported(repo: RepoFactory) -> None:
    root = repo(REPO)
    baseline = write_baseline(root)
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0
    assert result.output == (
        f"No findings in 2 files across 2 services.\nBaseline {baseline}: 2 known.\n"
    )


def test_moved_code_and_lines_above_stay_known_and_new_ones_are_reported(
    repo: RepoFactory,
) -> None:
    root = repo(REPO)
    baseline = write_baseline(root)
    moved = (
        '"""Model service."""\n\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n\n'
        + MODEL_PY
        + "\n\nasync def warm_up() -> None:\n    time.sleep(2)\n"
    )
    write_repo(root, {MODEL: moved})
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 1
    assert result.output == (
        f"{MODEL}:22:5: SC901 blocking call time.sleep() inside async warm_up()\n"
        f"    {MODEL}:21:1: async warm_up() is defined here\n"
        "1 finding (1 error) in 2 files across 2 services.\n"
        f"Baseline {baseline}: 2 known.\n"
    )


def test_fixed_findings_are_stale_and_prune_ratchets_down_without_adding(
    repo: RepoFactory,
) -> None:
    root = repo(REPO)
    baseline = write_baseline(root)
    fixed = GATEWAY_JS.replace("fs.readFileSync('config.json', 'utf8')", "await readConfig()")
    write_repo(
        root, {GATEWAY: fixed, MODEL: MODEL_PY + "\n\nasync def later():\n    time.sleep(1)\n"}
    )
    result = run_cli("check", str(root), "--baseline", str(baseline), "--exit-zero")
    assert result.exit_code == 0
    assert result.output == (
        f"{MODEL}:15:5: SC901 blocking call time.sleep() inside async later()\n"
        f"    {MODEL}:14:1: async later() is defined here\n"
        "1 finding (1 error) in 2 files across 2 services.\n"
        f"Baseline {baseline}: 1 known, 1 stale entry (fixed since; "
        "`seamcheck baseline --prune` drops them).\n"
        f"    stale: {GATEWAY}: SC901 blocking call fs.readFileSync() inside async loadConfig()\n"
    )
    pruned = run_cli("baseline", str(root), "--prune")
    assert pruned.output == f"Pruned 1 stale entry from {baseline}; 1 remains.\n"
    entries = json.loads(baseline.read_text())["entries"]
    assert [(e["path"], e["message"]) for e in entries] == [
        (MODEL, "blocking call time.sleep() inside async predict()")
    ]
    after = run_cli("check", str(root), "--baseline", str(baseline), "--format", "json")
    assert json.loads(after.output)["baseline"] == {"file": str(baseline), "known": 1, "stale": []}
    assert after.exit_code == 1  # the new finding was not absorbed by pruning


def test_stale_entries_are_listed_under_the_baseline_line_not_the_scope_line(
    repo: RepoFactory,
) -> None:
    root = repo(REPO)
    baseline = write_baseline(root)
    fixed = GATEWAY_JS.replace("fs.readFileSync('config.json', 'utf8')", "await readConfig()")
    write_repo(root, {GATEWAY: fixed})
    # What the seamcheck-staged hook runs: they were listed after the changed-code line, as
    # if they were the files the mode left out.
    result = run_cli("check", str(root), str(root / MODEL), "--baseline", str(baseline))
    assert result.exit_code == 0
    assert result.output == (
        "No findings in 2 files across 2 services.\n"
        f"Baseline {baseline}: 1 known, 1 stale entry (fixed since; "
        "`seamcheck baseline --prune` drops them).\n"
        f"    stale: {GATEWAY}: SC901 blocking call fs.readFileSync() inside async loadConfig()\n"
        "Changed-code mode: 1 file given; 0 findings elsewhere not shown.\n"
    )


def test_a_baseline_saved_again_with_a_bom_and_a_null_message_still_reads(
    repo: RepoFactory,
) -> None:
    """Editors and PowerShell's Out-File may write a BOM; a hand-edited entry may lose its
    message. Neither is a reason to reject the file, nor to show "None"."""
    root = repo(REPO)
    baseline = write_baseline(root)
    document = json.loads(baseline.read_text())
    for entry in document["entries"]:
        entry["message"] = None
    baseline.write_bytes(b"\xef\xbb\xbf" + json.dumps(document, indent=2).encode())
    fixed = GATEWAY_JS.replace("fs.readFileSync('config.json', 'utf8')", "await readConfig()")
    write_repo(root, {GATEWAY: fixed})
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        f"Baseline {baseline}: 1 known, 1 stale entry (fixed since; "
        "`seamcheck baseline --prune` drops them).",
        f"    stale: {GATEWAY}: SC901",
    ]


def test_repeated_fingerprints_are_counted(repo: RepoFactory) -> None:
    twice = MODEL_PY.replace("    time.sleep(0.1)\n", "    time.sleep(0.1)\n    time.sleep(0.2)\n")
    root = repo({**REPO, MODEL: twice})
    baseline = root / ".seamcheck-baseline.json"
    run_cli("baseline", str(root))
    [entry] = [e for e in json.loads(baseline.read_text())["entries"] if e["path"] == MODEL]
    assert entry["count"] == 2
    thrice = twice.replace("    time.sleep(0.2)\n", "    time.sleep(0.2)\n    time.sleep(0.3)\n")
    write_repo(root, {MODEL: thrice})
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{MODEL}:12:5: SC901 blocking call time.sleep() inside async predict()"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found: {file} (create it with `seamcheck baseline`)"),
        ("{not json", "baseline {file} is not valid JSON: "),
        ('{"version": 9, "entries": []}', "baseline {file}: unsupported version 9"),
        # JSON's true is a bool, an int equal to 1 in Python; 1.0 equals 1 too.
        ('{"version": true, "entries": []}', "baseline {file}: unsupported version True (this"),
        ('{"version": 1.0, "entries": []}', "baseline {file}: unsupported version 1.0 (this"),
        (
            '{"version": 1, "entries": [{"fingerprint": "f", "code": "SC1", "path": "a", '
            '"count": true}]}',
            "baseline {file}: entry 1 needs string 'fingerprint', 'code' and 'path' and a "
            "positive integer 'count'",
        ),
        ('{"version": 1, "entries": [{"code": "SC001"}]}', "baseline {file}: entry 1 needs"),
        ("[]", "baseline {file}: expected an object with an 'entries' array"),
    ],
)
def test_bad_baseline_files_are_usage_errors(
    repo: RepoFactory, tmp_path: Path, content: str | None, message: str
) -> None:
    root = repo(REPO)
    file = tmp_path / "baseline.json"
    if content is not None:
        file.write_text(content)
    result = run_cli("check", str(root), "--baseline", str(file))
    assert result.exit_code == 2
    assert result.output.startswith("seamcheck: error: " + message.format(file=file))
    assert "Traceback" not in result.output
