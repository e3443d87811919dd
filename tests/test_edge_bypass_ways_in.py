"""SC105 reports each way a browser app reaches an internal service once, however many calls
take it: a front end calling its model service through one Vite proxy path from six places
was six identical errors. A baseline written when each call was its own finding still
matches the one that remains."""

from __future__ import annotations

import json

from conftest import RepoFactory, run_cli
from seamcheck.findings import fingerprint
from seams_helpers import seam_map
from test_policies import hybrid_repo

VITE = """
    import { defineConfig } from 'vite';
    export default defineConfig({ server: { proxy: { '/ml': { target: 'http://ml:8000',
      rewrite: (p) => p.replace(/^\\/ml/, '') } } } });
"""
API = """\
export const score = () => fetch('/ml/v1/predict', { method: 'POST' });
export const again = () => fetch('/ml/v1/predict', { method: 'POST' });
export const typo = () => fetch('/ml/v1/predcit', { method: 'POST' });
"""


def test_one_finding_per_way_in_listing_the_other_calls(repo: RepoFactory) -> None:
    root = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": API}))
    result = run_cli("check", str(root), "--select", "SC105", "--no-cache")
    # Before: three SC105 errors, one per call. The finding is at the call whose
    # fingerprint sorts first (`again`), which moving code does not change.
    assert result.output.splitlines() == [
        "apps/web/src/api.ts:2:28: SC105 browser app 'web' calls internal service 'ml' "
        "through vite proxy /ml (POST /v1/predict, and 2 other calls); only edge services "
        "may face the public",
        "    apps/web/vite.config.ts:2:1: vite proxy /ml forwards here",
        "    apps/web/src/api.ts:1:28: also calls ml through vite proxy /ml here: POST /v1/predict",
        "    apps/web/src/api.ts:3:27: also calls ml through vite proxy /ml here: POST /v1/predcit",
        "1 finding (1 error) in 7 files across 3 services.",
    ]


def test_a_baseline_of_the_calls_findings_still_matches_the_one_left(repo: RepoFactory) -> None:
    root = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": API}))
    # The baseline an earlier seamcheck wrote: an entry per call, each fingerprinted by the
    # call's function and URL, the service and the way in.
    entries = [
        {
            "code": "SC105",
            "path": call.where.path,
            "fingerprint": fingerprint("SC105", call.caller, call.url, link.service, link.via),
            "count": 1,
            "message": "browser app 'web' calls internal service 'ml'",
        }
        for call in seam_map(root).calls
        if call.service == "web"
        for link in call.links
        if link.service == "ml"
    ]
    assert len(entries) == 3
    baseline = root / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "tool": "seamcheck", "entries": entries}))
    result = run_cli("check", str(root), "--select", "SC105", "--baseline", str(baseline))
    assert result.exit_code == 0
    assert "1 known" in result.output


def test_the_request_edge_is_one_finding_per_service_however_many_ways_in(
    repo: RepoFactory,
) -> None:
    # SC103 is about the service (it has become the edge), not about a way in: three calls
    # through the proxy and one straight to the service's address are one SC103, next to
    # SC105's one per way in.
    direct = "export const raw = () => fetch('http://ml:8000/v1/predict', { method: 'POST' });\n"
    root = repo(
        hybrid_repo(
            **{
                "apps/web/vite.config.ts": VITE,
                "apps/web/src/api.ts": API,
                "apps/web/src/raw.ts": direct,
            }
        )
    )
    result = run_cli("check", str(root), "--select", "SC103,SC105", "--no-cache")
    codes = [line.split(" ")[1] for line in result.output.splitlines() if ": SC" in line]
    assert sorted(codes) == ["SC103", "SC105", "SC105"]


def _sc105_and_sc002(root: object) -> list[str]:
    result = run_cli("check", str(root), "--select", "SC105,SC002", "--no-cache")
    return [line for line in result.output.splitlines() if ": SC" in line]


def test_an_inline_ignore_silences_its_own_call_not_the_whole_way_in(repo: RepoFactory) -> None:
    # The team accepts that `score` calls the model through the proxy for now; the other
    # calls, and any added later, must still be reported.
    ignored = API.replace(
        "export const score",
        "// seamcheck: ignore[SC105] -- until the gateway route ships\nexport const score",
    )
    root = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": ignored}))
    # Before: the finding stayed whole at `again`, and the comment was "SC002 unused
    # suppression: no SC105 finding on line 2".
    assert _sc105_and_sc002(root) == [
        "apps/web/src/api.ts:3:28: SC105 browser app 'web' calls internal service 'ml' "
        "through vite proxy /ml (POST /v1/predict, and 1 other call); only edge services "
        "may face the public",
    ]


def test_ignoring_the_call_a_finding_is_at_keeps_the_others_and_its_fingerprint(
    repo: RepoFactory,
) -> None:
    plain = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": API}))
    before = _fingerprints(plain)
    ignored = API.replace("export const again", "// seamcheck: ignore[SC105]\nexport const again")
    root = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": ignored}))
    # Before: ignoring `again`, the call the finding is at, silenced `score` and `typo` too.
    assert _sc105_and_sc002(root) == [
        "apps/web/src/api.ts:1:28: SC105 browser app 'web' calls internal service 'ml' "
        "through vite proxy /ml (POST /v1/predict, and 1 other call); only edge services "
        "may face the public",
    ]
    # A baseline holding the way in still matches it.
    assert _fingerprints(root) == before
    # Every call ignored, the way in is not reported, and no comment is unused.
    each = "".join(f"// seamcheck: ignore[SC105]\n{line}\n" for line in API.splitlines())
    every = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": each}))
    assert _sc105_and_sc002(every) == []


def _fingerprints(root: object) -> list[str]:
    result = run_cli("check", str(root), "--select", "SC105", "--no-cache", "--format", "json")
    return [f["fingerprint"] for f in json.loads(result.stdout)["findings"]]


def test_a_baseline_keeps_the_way_in_known_when_the_call_it_is_named_after_goes(
    repo: RepoFactory,
) -> None:
    """The way in is fingerprinted by the call that sorts first (`again`). Remove that call
    and the fingerprint moves to the next one: before, `check --baseline` then reported the
    way in as new (exit 1) though nothing new takes it. Each call taking it is now one of
    its fingerprints: the way in stays known, and only the removed call's entry is stale."""
    root = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": API}))
    assert run_cli("baseline", str(root)).exit_code == 0
    baseline = root / ".seamcheck-baseline.json"
    entries = json.loads(baseline.read_text())["entries"]
    assert len([e for e in entries if e["code"] == "SC105"]) == 3  # one per call taking it
    (root / "apps/web/src/api.ts").write_text(
        API.replace("export const again = () => fetch('/ml/v1/predict', { method: 'POST' });\n", "")
    )
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0, result.output
    stale = [line for line in result.output.splitlines() if "stale:" in line]
    assert stale == [
        "    stale: apps/web/src/api.ts: SC105 browser app 'web' calls internal service 'ml' "
        "through vite proxy /ml (POST /v1/predict, and 2 other calls); only edge services "
        "may face the public"
    ]  # the removed call's entry: the finding was at it


def test_a_baseline_checked_with_one_rule_selected_leaves_the_others_entries_alone(
    repo: RepoFactory,
) -> None:
    """`check --select SC105 --baseline` checks SC105 only: the baseline's SC103, SC104 and
    SC107 entries were not checked, so they are not stale. Before, they were listed as
    "stale (fixed since ...)" though every one of them was still there."""
    root = repo(hybrid_repo(**{"apps/web/vite.config.ts": VITE, "apps/web/src/api.ts": API}))
    assert run_cli("baseline", str(root)).exit_code == 0
    baseline = root / ".seamcheck-baseline.json"
    codes = {e["code"] for e in json.loads(baseline.read_text())["entries"]}
    assert {"SC103", "SC104", "SC105"} <= codes
    result = run_cli("check", str(root), "--select", "SC105", "--baseline", str(baseline))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(": 1 known.")
