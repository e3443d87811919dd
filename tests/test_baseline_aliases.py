"""Baselines of a finding with more than one fingerprint: SC202's call reaching several
blocking calls is known by each (`Finding.aliases`), so a partial fix keeps it known, and a
baseline written when each blocking call was a finding of its own has no stale entry while
the call still reaches them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import Result

from conftest import RepoFactory, analyse_repo, run_cli, write_repo
from seamcheck.analysis import RunOptions, analyse
from seamcheck.config import load_config
from seamcheck.findings import fingerprint
from seamcheck.rules.blocking.analysis import blocking_report
from seamcheck.rules.context import RuleContext

MAIN = "reports/app/main.py"
BUILD = "reports/app/build.py"

# A FastAPI handler calls one sync helper that reaches three blocking calls: one SC202 at
# the call, its headline the first by place (`requests.get`).
REPORTS = {
    "reports/pyproject.toml": (
        '[project]\nname = "reports"\ndependencies = ["fastapi", "requests"]\n'
    ),
    "reports/app/__init__.py": "",
    MAIN: """\
        from fastapi import FastAPI

        from .build import build_report

        app = FastAPI()


        @app.get("/reports/{name}")
        async def get_report(name: str):
            return {"report": build_report(name)}
        """,
    BUILD: """\
        import subprocess
        import time

        import requests


        def build_report(name):
            data = requests.get(f"https://warehouse.example.com/reports/{name}", timeout=5).json()
            subprocess.run(["render", name], check=True)
            _cool_down()
            return data


        def _cool_down():
            time.sleep(0.5)
        """,
}

# The headline's blocking call fixed, the other two left: the headline moves to
# `subprocess.run`, whose fingerprint the finding had as an alias.
PARTLY_FIXED = {
    BUILD: REPORTS[BUILD].replace(
        'requests.get(f"https://warehouse.example.com/reports/{name}", timeout=5).json()',
        '{"name": name}',
    )
}

# Another handler calling the same helper: a call site no baseline knows.
NEW_CALL_SITE = {
    MAIN: REPORTS[MAIN]
    + """\


        @app.post("/reports/{name}/refresh")
        async def refresh_report(name: str):
            build_report(name)
            return {"ok": True}
        """
}


def check(root: Path, baseline: Path) -> Result:
    return run_cli("check", str(root), "--baseline", str(baseline))


def write_baseline(root: Path) -> Path:
    result = run_cli("baseline", str(root))
    baseline = root / ".seamcheck-baseline.json"
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 1 finding to {baseline}.\n"
    return baseline


def chain_fingerprints(root: Path) -> list[str]:
    """One per (async entry, blocking call): what each finding was fingerprinted by when each
    blocking call was a finding of its own."""
    analysis = analyse_repo(root)
    assert analysis.resolution is not None
    context = RuleContext(
        analysis.project, analysis.resolution, analysis.rule_graph, load_config(root)
    )
    chains = blocking_report(context).chains
    return [fingerprint("SC202", c.entry.key, c.sink.key) for c in chains]


def test_the_baseline_has_an_entry_per_blocking_call_the_finding_reaches(
    repo: RepoFactory,
) -> None:
    root = repo(REPORTS)
    baseline = write_baseline(root)
    entries = json.loads(baseline.read_text())["entries"]
    assert sorted(e["fingerprint"] for e in entries) == sorted(chain_fingerprints(root))
    # Each entry says which blocking call it stands for, as the finding it once was did.
    assert sorted(e["message"].split(" → ")[-1].split(";")[0] for e in entries) == [
        "requests.get (build.py:8), and 2 more blocking calls",
        "subprocess.run (build.py:9)",
        "time.sleep (build.py:15)",
    ]
    assert {(e["code"], e["path"], e["count"]) for e in entries} == {("SC202", MAIN, 1)}


def test_fixing_the_headlines_blocking_call_keeps_the_call_known(repo: RepoFactory) -> None:
    # Before: the finding's only fingerprint was its headline's; with `requests.get` fixed the
    # headline moved to `subprocess.run`, and the call was reported as new (exit 1).
    root = repo(REPORTS)
    baseline = write_baseline(root)
    write_repo(root, PARTLY_FIXED)
    result = check(root, baseline)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "No findings in 3 files across 1 service.\n"
        f"Baseline {baseline}: 1 known, 1 stale entry (fixed since; "
        "`seamcheck baseline --prune` drops them).\n"
        f"    stale: {MAIN}: SC202 async function `get_report` calls sync `build_report()`, "
        "which reaches blocking `requests.get()`: build_report() → requests.get (build.py:8), "
        "and 2 more blocking calls; use an async client (httpx.AsyncClient, aiohttp) or await "
        "asyncio.to_thread(requests.get, ...) there, or await "
        "asyncio.to_thread(build_report, ...) here\n"
    )
    # The ratchet drops the fixed blocking call's entry only.
    pruned = run_cli("baseline", str(root), "--prune")
    assert pruned.exit_code == 0, pruned.output
    entries = json.loads(baseline.read_text())["entries"]
    assert len(entries) == 2
    assert check(root, baseline).output.endswith(f"Baseline {baseline}: 1 known.\n")


def test_a_baseline_of_a_finding_per_blocking_call_knows_the_call_and_has_none_stale(
    repo: RepoFactory,
) -> None:
    # Before: the headline's entry absorbed the finding and the other two read "stale (fixed
    # since)", though both blocking calls were still reached through the same call.
    root = repo(REPORTS)
    old = chain_fingerprints(root)
    assert len(set(old)) == 3
    baseline = root / "baseline.json"
    baseline.write_text(
        json.dumps(
            {
                "version": 1,
                "tool": "seamcheck",
                "entries": [
                    {"code": "SC202", "path": MAIN, "fingerprint": fp, "count": 1, "message": ""}
                    for fp in old
                ],
            }
        )
    )
    result = check(root, baseline)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"No findings in 3 files across 1 service.\nBaseline {baseline}: 1 known.\n"
    )
    # And after the headline's fix, as with a baseline written now.
    write_repo(root, PARTLY_FIXED)
    fixed = check(root, baseline)
    assert fixed.exit_code == 0, fixed.output
    assert "1 known, 1 stale entry" in fixed.output


def test_a_new_call_site_is_new_beside_a_partly_fixed_known_one(repo: RepoFactory) -> None:
    # Before: both calls were new (2 findings); the known one only because of the partial fix.
    root = repo(REPORTS)
    baseline = write_baseline(root)
    write_repo(root, {**PARTLY_FIXED, **NEW_CALL_SITE})
    result = check(root, baseline)
    assert result.exit_code == 1
    [finding] = [line for line in result.output.splitlines() if line.startswith(f"{MAIN}:")]
    assert finding.startswith(
        f"{MAIN}:15:5: SC202 async function `refresh_report` calls sync `build_report()`"
    )
    assert "1 finding (1 error) in 3 files across 1 service." in result.output
    assert f"Baseline {baseline}: 1 known, 1 stale entry" in result.output


def test_a_replayed_run_keeps_the_aliases(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(REPORTS)
    options = RunOptions(cache_dir=tmp_path / "cache", jobs=1, progress=False)
    cold = analyse(root, load_config(root), options)
    warm = analyse(root, load_config(root), options)
    assert warm.reused and warm.findings == cold.findings
    [finding] = [f for f in warm.findings if f.code == "SC202"]
    assert sorted(finding.fingerprints) == sorted(chain_fingerprints(root))


def test_changed_code_mode_shows_a_call_whose_other_blocking_call_a_changed_helper_reaches(
    repo: RepoFactory,
) -> None:
    # The branch makes `notify` call `write_audit`, which blocks: the handler's call now also
    # reaches `subprocess.run`, through `notify.py`, the only file changed. Before: the
    # finding's locations were its headline chain's (main.py, build.py) and the other blocking
    # call (audit.py), so `--changed-since` left it out ("1 finding elsewhere not shown"),
    # where the chain was a finding of its own, shown, before SC202 grouped by call.
    notify = "reports/app/notify.py"
    root = repo(
        {
            **REPORTS,
            BUILD: """\
                import requests

                from .notify import notify


                def build_report(name):
                    data = requests.get(f"https://warehouse.example.com/r/{name}", timeout=5)
                    notify(name)
                    return data.json()
                """,
            notify: "def notify(name):\n    return name\n",
            "reports/app/audit.py": """\
                import subprocess


                def write_audit(name):
                    subprocess.run(["audit", name], check=True)
                """,
        }
    )
    git = ["git", "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "-C", str(root)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "reports"], check=True)
    write_repo(
        root,
        {
            notify: """\
                from .audit import write_audit


                def notify(name):
                    write_audit(name)
                """
        },
    )
    result = run_cli("check", str(root), "--changed-since", "main", "--select", "SC2")
    assert result.exit_code == 1, result.output
    [finding] = [line for line in result.output.splitlines() if line.startswith(f"{MAIN}:")]
    assert finding.startswith(f"{MAIN}:10:23: SC202 async function `get_report`")
    assert "and 1 more blocking call;" in finding


def test_a_known_call_newly_reaching_another_blocking_call_is_new(repo: RepoFactory) -> None:
    # `_cool_down` now also shells out: the known call reaches a fourth blocking call. Before
    # SC202 grouped by call that chain was a new finding (exit 1); with the call known by any
    # of its fingerprints it was "1 known" and the gate passed on new blocking.
    root = repo(REPORTS)
    baseline = write_baseline(root)
    write_repo(
        root,
        {
            BUILD: REPORTS[BUILD]
            .replace("import time\n", "import os\nimport time\n")
            .replace("time.sleep(0.5)\n", "time.sleep(0.5)\n            os.system('sync')\n")
        },
    )
    result = check(root, baseline)
    assert result.exit_code == 1, result.output
    [finding] = [line for line in result.output.splitlines() if line.startswith(f"{MAIN}:")]
    assert finding.startswith(f"{MAIN}:10:23: SC202 async function `get_report`")
    assert "and 3 more blocking calls;" in finding
    # Its three known blocking calls are still reached: none of their entries is stale.
    assert result.output.endswith(f"Baseline {baseline}: 0 known.\n"), result.output
