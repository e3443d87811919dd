"""Every output format on one realistic repository: golden files, schema validation, GitHub's
limits and escaping, colour, and several formats in one run."""

from __future__ import annotations

import gzip
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import RepoFactory, run_cli
from gate_helpers import GATEWAY_JS, REPO, TEST_RULE, fixed_rules  # noqa: F401
from seamcheck.findings import Finding, Related
from seamcheck.gate import BaselineOutcome, Report, ScopeOutcome
from seamcheck.gate.baseline import BaselineEntry
from seamcheck.output import Citations, github, markdown, sarif, under
from seamcheck.output import text as text_output
from seamcheck.rules import Rule, suppressions, syntax

pytestmark = pytest.mark.usefixtures("fixed_rules")

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text())
FINDINGS_SCHEMA = json.loads((TESTS.parent / "docs" / "findings.schema.json").read_text())
RULES: tuple[Rule, ...] = (syntax.RULE, suppressions.RULE, TEST_RULE)

# The two services plus a half-written module and a stale suppression: every severity but
# info, chains, and a non-ASCII path that SARIF must percent-encode.
FILES = {
    **REPO,
    "services/gateway/src/server.js": GATEWAY_JS.replace(
        "app.listen(3000);", "app.listen(3000); // seamcheck: ignore[SC901] no I/O here"
    ),
    "services/model/app/réglages.py": "def load(:\n    return {}\n",
}


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SEAMCHECK_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture
def root(repo: RepoFactory) -> Path:
    return repo(FILES)


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("text", "report.txt"),
        ("json", "report.json"),
        ("sarif", "report.sarif"),
        ("github", "report.github.txt"),
        ("gitlab", "report.gitlab.json"),
        ("markdown", "report.md"),
    ],
)
def test_format_matches_its_golden_file_byte_for_byte(root: Path, fmt: str, golden: str) -> None:
    first = run_cli("check", str(root), "--format", fmt)
    second = run_cli("check", str(root), "--format", fmt)
    assert first.exit_code == 1  # SC901 is an error
    assert first.output == second.output
    assert_golden(golden, first.output)


def test_json_output_validates_against_the_documented_schema(root: Path, tmp_path: Path) -> None:
    plain = json.loads(run_cli("check", str(root), "--format", "json").output)
    jsonschema.Draft202012Validator(FINDINGS_SCHEMA).validate(plain)
    baseline = tmp_path / "baseline.json"
    run_cli("baseline", str(root), "--output", str(baseline))
    run_cli("check", str(root))
    gated = run_cli("check", str(root), "--format", "json", "--baseline", str(baseline))
    document = json.loads(gated.output)
    jsonschema.Draft202012Validator(FINDINGS_SCHEMA).validate(document)
    assert document["baseline"]["known"] == 4
    broken = dict(plain, findings=[{"code": "SC001"}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(FINDINGS_SCHEMA).validate(broken)


def test_sarif_validates_against_the_official_schema(root: Path) -> None:
    document = json.loads(run_cli("check", str(root), "--format", "sarif").output)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(document)
    [run] = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["SC001", "SC002", "SC901"]
    for rule in rules:
        assert rule["helpUri"] in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert len(rule["properties"]["tags"]) <= sarif.MAX_TAGS
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        [location] = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("./", "/")) and " " not in uri
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "services/model/app/r%C3%A9glages.py" in uris


def test_sarif_fingerprints_survive_unrelated_edits(root: Path, repo: RepoFactory) -> None:
    def hashes(path: Path) -> dict[str, str]:
        run = json.loads(run_cli("check", str(path), "--format", "sarif").output)["runs"][0]
        return {
            r["message"]["text"]: r["partialFingerprints"]["primaryLocationLineHash"]
            for r in run["results"]
        }

    before = hashes(root)
    edited = dict(FILES)
    edited["services/model/app/main.py"] = (
        '"""The model service."""\n\n# Loaded at import time.\nVERSION = "2"\n\n'
        + FILES["services/model/app/main.py"]
    )
    after = hashes(repo(edited))
    assert before == after and len(before) == 4


def finding(index: int, severity: str = "warning", related: int = 0) -> Finding:
    return Finding(
        code="SC901",
        severity=severity,
        message=f"finding {index}",
        path=f"svc/m{index % 500}.py",
        line=index % 1000 + 1,
        column=1,
        end_line=index % 1000 + 1,
        end_column=10,
        service="svc",
        fingerprint=f"fp{index}",
        related=tuple(Related("svc/other.py", n + 1, 1, f"hop {n}") for n in range(related)),
    )


def test_sarif_stays_within_githubs_documented_limits() -> None:
    findings = [finding(i, "error" if i % 10 == 0 else "warning") for i in range(25_050)]
    findings.append(finding(99_999, "error", related=1_500))
    report = Report(tuple(sorted(findings, key=lambda f: f.sort_key)), files=500, services=1)
    text = sarif.render(report, RULES)
    document = json.loads(text)
    [run] = document["runs"]
    assert len(run["results"]) == sarif.MAX_RESULTS
    dropped = {f.message for f in findings} - {r["message"]["text"] for r in run["results"]}
    assert len(dropped) == 51 and all(int(m.split()[1]) % 10 for m in dropped)  # warnings go
    [notice] = run["invocations"][0]["toolExecutionNotifications"]
    assert notice["message"]["text"].startswith("51 less severe results were left out")
    chain = next(r for r in run["results"] if r["message"]["text"] == "finding 99999")
    assert 1 + len(chain["relatedLocations"]) == sarif.MAX_LOCATIONS
    assert len(gzip.compress(text.encode())) < 10 * 1024 * 1024
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(document)


def escaped_finding() -> Finding:
    return Finding(
        code="SC901",
        severity="info",
        message="100% blocked:\r\nsee a,b",
        path="svc/odd:name,v2.py",
        line=3,
        column=2,
        end_line=3,
        end_column=7,
        service="svc",
        fingerprint="fp",
        related=(Related("svc/x.py", 9, 1, "50% of calls"),),
    )


def test_github_annotations_escape_data_and_properties_exactly() -> None:
    assert github.annotation(escaped_finding(), "SC901 a:b,c") == (
        "::notice file=svc/odd%3Aname%2Cv2.py,line=3,col=2,endLine=3,endColumn=7,"
        "title=SC901 a%3Ab%2Cc::100%25 blocked:%0D%0Asee a,b%0A  svc/x.py:9:1: 50%25 of calls"
    )
    multi_line = Finding("SC001", "warning", "m", "a.py", 2, 5, 4, 1, "", "f")
    assert github.annotation(multi_line, "SC001") == (
        "::warning file=a.py,line=2,endLine=4,title=SC001::m"
    )


def test_github_format_puts_errors_first(repo: RepoFactory) -> None:
    report = Report(
        (
            Finding("SC001", "warning", "w", "a.py", 1, 1, 1, 2, "", "f1"),
            Finding("SC901", "error", "e", "b.py", 1, 1, 1, 2, "", "f2"),
        ),
        files=2,
        services=1,
    )
    assert github.render(report, RULES) == (
        "::error file=b.py,line=1,col=1,endLine=1,endColumn=2,title=SC901 test-blocking-call::e\n"
        "::warning file=a.py,line=1,col=1,endLine=1,endColumn=2,title=SC001 syntax-error::w\n"
        "2 findings (1 error, 1 warning) in 2 files across 1 service.\n"
    )


def test_ci_paths_put_the_checkout_folder_before_the_paths_messages_cite() -> None:
    files = {
        "docker-compose.yml",
        "gateway/src/app.ts",
        "model service/app/store.py",
        "app.py",
        "api/app.py",
        "web/index.ts",
    }
    message = (
        "GET /api/x reaches 'ml' through vite proxy /api (gateway/src/app.ts:2), which serves "
        "no such route; did you mean GET /x (model service/app/store.py:9, 12)? It is "
        "published in docker-compose.yml."
    )
    related = Related("gateway/src/app.ts", 2, 1, "also at web/index.ts")
    report = Report(
        (Finding("SC104", "error", message, "web/index.ts", 3, 1, 3, 2, "web", "f", (related,)),),
        files=4,
        services=2,
        scope=ScopeOutcome("1 file changed under web/ since web/main (merge base 1a)", 1, 0),
    )
    shown = under(report, "platform/", files, "web")
    [finding] = shown.findings
    assert finding.path == "platform/web/index.ts"
    assert finding.message == (
        "GET /api/x reaches 'ml' through vite proxy /api (platform/gateway/src/app.ts:2), "
        "which serves no such route; did you mean GET /x (platform/model service/app/"
        "store.py:9, 12)? It is published in platform/docker-compose.yml."
    )
    assert finding.related == (
        Related("platform/gateway/src/app.ts", 2, 1, "also at platform/web/index.ts"),
    )
    assert shown.scope is not None
    assert shown.scope.description == (
        "1 file changed under platform/web/ since web/main (merge base 1a)"
    )
    # A route, a quoted specifier or glob, a word that names a folder: never prefixed. Nor
    # a name at the root that a file in a folder has too: SC202 cites files by name.
    left = Citations(files, "platform/")
    for text in (
        "GET /gateway/src/app.ts reaches 'gateway'",
        "imports 'gateway/src/app.ts' and `web/index.ts`",
        "service 'api' (api) serves HTTP",
        "load_model() → torch.load (app.py:14)",
        "docker-compose.yml.bak and xdocker-compose.yml",
    ):
        assert left.prefixed(text) == text
    # Without a prefix the report is the one given.
    assert under(report, "", files, "web") is report


def test_markdown_escapes_table_cells_and_reports_the_gate() -> None:
    hostile = Finding(
        "SC901", "error", "a | b <script>x</script>\nnext", "p|q.py", 1, 1, 1, 2, "", "f"
    )
    report = Report(
        (hostile,),
        files=1,
        services=1,
        suppressed=2,
        baseline=BaselineOutcome(
            ".seamcheck-baseline.json", 3, (BaselineEntry("g", "SC001", "old.py", "gone"),)
        ),
        scope=ScopeOutcome("1 file changed since main (merge base abc)", 1, 4),
    )
    assert markdown.render(report, RULES) == (
        "## seamcheck\n\n"
        "1 finding (1 error) in 1 file across 1 service.\n\n"
        "- 2 findings suppressed by inline comments.\n"
        "- Baseline .seamcheck-baseline.json: 3 known, 1 stale entry (fixed since; "
        "`seamcheck baseline --prune` drops them).\n"
        "- Changed-code mode: 1 file changed since main (merge base abc); "
        "4 findings elsewhere not shown.\n\n"
        "| Rule | Name | Findings |\n|---|---|---:|\n"
        f"| [SC901]({'https://github.com/seamcheck/seamcheck/blob/main/docs/rules/SC901.md'}) "
        "| test-blocking-call | 1 |\n\n"
        "| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
        "| error | [SC901](https://github.com/seamcheck/seamcheck/blob/main/docs/rules/SC901.md) "
        "| <code>p\\|q.py:1:1</code> | a \\| b &lt;script&gt;x&lt;/script&gt;<br>next |\n\n"
        "<details><summary>Stale baseline entries</summary>\n\n"
        "- <code>old.py</code> SC001 gone\n\n"
        "</details>\n"
    )


def test_markdown_caps_rows_and_size_for_pr_comments() -> None:
    many = tuple(finding(i) for i in range(300))
    capped = markdown.render(Report(many, files=1, services=1), RULES)
    assert capped.count("\n| warning |") == markdown.MAX_ROWS
    assert capped.endswith("…and 100 more (see the full report).\n")
    long = tuple(
        Finding("SC901", "error", "x" * 2_000, f"a{i}.py", 1, 1, 1, 2, "", f"f{i}")
        for i in range(100)
    )
    rendered = markdown.render(Report(long, files=1, services=1), RULES)
    assert len(rendered) < 65_536
    assert rendered.endswith("more (see the full report).\n")


@given(st.text())
def test_github_escaping_is_reversible_and_leaves_no_separator(value: str) -> None:
    data, prop = github.escape_data(value), github.escape_property(value)
    assert not {"\r", "\n"} & set(data)
    assert not {"\r", "\n", ":", ","} & set(prop)

    def unescape(text: str) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            text = text.replace(code, char)
        return text

    assert unescape(data) == value and unescape(prop) == value


def test_text_colour_rules() -> None:
    report = Report((escaped_finding(),), files=1, services=1)
    plain = text_output.render(report, RULES)
    assert "\033[" not in plain
    assert text_output.render(report, RULES, color=True) == (
        "\033[1msvc/odd:name,v2.py\033[0m:3:2: \033[1;36mSC901\033[0m 100% blocked:\\r\\nsee a,b\n"
        "    \033[2msvc/x.py:9:1: 50% of calls\033[0m\n"
        "\033[1;36m1 finding (1 info) in 1 file across 1 service.\033[0m\n"
    )
    hostile = Finding("SC001", "warning", "near '\033[2J'\x07", "a\nb.py", 1, 1, 1, 2, "", "f")
    assert text_output.render(Report((hostile,), files=1, services=1), RULES).splitlines()[0] == (
        "a\\nb.py:1:1: SC001 near '\\x1b[2J'\\x07"
    )
    clean = text_output.render(Report((), files=3, services=1), RULES, color=True)
    assert clean == "\033[1;32mNo findings in 3 files across 1 service.\033[0m\n"


def run_in_terminal(args: list[str], env: dict[str, str]) -> str:
    """Runs the console script with a pseudo-terminal as stdout, as a developer would."""
    primary, secondary = pty.openpty()
    seamcheck = Path(sys.executable).with_name("seamcheck")
    process = subprocess.Popen([str(seamcheck), *args], stdout=secondary, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(primary)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal_unless_no_color_or_piped(root: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    coloured = run_in_terminal(["check", str(root)], env)  # a new process: no test rule
    assert "\033[1;33mSC001\033[0m missing ')'" in coloured
    assert "\033[" not in run_in_terminal(["check", str(root)], {**env, "NO_COLOR": "1"})
    assert "\033[" not in run_cli("check", str(root)).output  # not a terminal
    assert "\033[1;31m" in run_cli("check", str(root), "--color", "always").output


def test_several_formats_in_one_run(root: Path, tmp_path: Path) -> None:
    sarif_file, summary = tmp_path / "out.sarif", tmp_path / "summary.md"
    result = run_cli("check", str(root), "--format", "sarif", "--output", str(sarif_file))
    assert result.output == run_cli("check", str(root)).output  # the text report still shows
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(json.loads(sarif_file.read_text()))
    result = run_cli(
        "check", str(root),
        "--format", f"sarif:{sarif_file}", "--format", f"markdown:{summary}", "--format", "github",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output == (GOLDEN / "report.github.txt").read_text()
    text_file = tmp_path / "report.txt"
    quiet = run_cli("check", str(root), "--output", str(text_file))
    assert quiet.output == "" and text_file.read_text() == (GOLDEN / "report.txt").read_text()
    assert summary.read_text() == (GOLDEN / "report.md").read_text()
    assert sarif_file.read_text() == (GOLDEN / "report.sarif").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "xml"],
            "unknown format 'xml' (choose from text, json, sarif, github, gitlab, markdown)",
        ),
        (
            ["--format", "json", "--format", "github"],
            "only one format can go to standard output; give the others :FILE",
        ),
        (
            ["--format", "json:a.json", "--output", "b"],
            "--output needs exactly one --format without a :FILE",
        ),
    ],
)
def test_format_usage_errors(root: Path, args: list[str], message: str) -> None:
    result = run_cli("check", str(root), *args)
    assert (result.exit_code, result.output) == (2, f"seamcheck: error: {message}\n")


def test_two_formats_to_one_file_is_a_usage_error_before_anything_is_written(
    root: Path, tmp_path: Path
) -> None:
    report, link, hard_link = tmp_path / "report", tmp_path / "link", tmp_path / "hard"
    report.write_text("kept")
    link.symlink_to(report)
    os.link(report, hard_link)
    spelt_otherwise = f"{tmp_path}/../{tmp_path.name}/report"
    fresh = tmp_path / "fresh"  # does not exist: compared by resolved path
    for first, args, second in [
        (f"sarif:{report}", ["--format", f"json:{report}"], f"--format json:{report}"),
        (f"sarif:{report}", ["--format", f"json:{link}"], f"--format json:{link}"),
        (f"sarif:{report}", ["--format", f"json:{hard_link}"], f"--format json:{hard_link}"),
        (
            f"sarif:{report}",
            ["--format", "json", "-o", spelt_otherwise],
            f"--output {spelt_otherwise}",
        ),
        (
            f"sarif:{fresh}",
            ["--format", f"json:{tmp_path}/../{tmp_path.name}/fresh"],
            f"--format json:{tmp_path}/../{tmp_path.name}/fresh",
        ),
    ]:
        result = run_cli("check", str(root), "--format", first, *args)
        assert (result.exit_code, result.output) == (
            2,
            f"seamcheck: error: --format {first} and {second} write the same file; "
            "give each format its own file\n",
        )
        assert report.read_text() == "kept"
        assert not fresh.exists()
    # Reports thrown away into one device lose nothing: not refused.
    devnull = run_cli(
        "check", str(root), "--format", "json:/dev/null", "--format", "sarif:/dev/null"
    )
    assert devnull.exit_code in (0, 1) and "same file" not in devnull.output


def test_fail_on_and_exit_zero(repo: RepoFactory) -> None:
    warning_only = repo({"svc/requirements.txt": "", "svc/app.py": "def f(:\n    pass\n"})
    assert run_cli("check", str(warning_only)).exit_code == 0
    assert run_cli("check", str(warning_only), "--fail-on", "warning").exit_code == 1
    assert run_cli("check", str(warning_only), "--fail-on", "info").exit_code == 1
    assert run_cli("check", str(warning_only), "--fail-on", "info", "--exit-zero").exit_code == 0
