"""Inline suppressions: comment forms, what they cover, SC002 for those that silence nothing."""

from __future__ import annotations

import pytest

from conftest import RepoFactory, run_cli
from gate_helpers import GATEWAY_JS, MODEL_PY, REPO, with_test_rule  # noqa: F401
from seamcheck.extract import extract
from seamcheck.facts import Span, Suppression


def suppressions_of(path: str, source: str, language: str) -> tuple[Suppression, ...]:
    return extract(path, source.encode(), language).suppressions


def test_python_comment_forms_and_their_target_lines() -> None:
    source = (
        "import time  # seamcheck: ignore[SC201, SC202] legacy worker\n"
        "# seamcheck: ignore[SC201]: reviewed in ADR-12\n"
        "# a second comment line\n"
        "time.sleep(1)\n"
        "text = '# seamcheck: ignore[SC201] inside a string is not a comment'\n"
        "# seamcheck: ignore-file[SC102] notebooks export this module\n"
    )
    assert suppressions_of("a.py", source, "python") == (
        Suppression(Span(1, 14, 1, 61), "line", ("SC201", "SC202"), "legacy worker", 1),
        Suppression(Span(2, 1, 2, 47), "line", ("SC201",), "reviewed in ADR-12", 4),
        Suppression(Span(6, 1, 6, 61), "file", ("SC102",), "notebooks export this module", 0),
    )


def test_javascript_line_block_and_jsx_comments() -> None:
    source = (
        "const fs = require('fs'); // seamcheck: ignore[SC201] startup only\n"
        "/* seamcheck: ignore[SC202] */\n"
        "fs.readFileSync('x');\n"
        "const el = <div>\n"
        "  {/* seamcheck: ignore[SC103] */}\n"
        "  <b/>\n"
        "</div>;\n"
    )
    found = suppressions_of("web/a.jsx", source, "javascript")
    assert [(s.span.line, s.codes, s.reason, s.target_line) for s in found] == [
        (1, ("SC201",), "startup only", 1),
        (2, ("SC202",), "", 3),
        (5, ("SC103",), "", 6),
    ]
    ts_found = suppressions_of(
        "a.ts", "// seamcheck: ignore-file[SC101]\nexport {};\n", "typescript"
    )
    assert [(s.scope, s.codes) for s in ts_found] == [("file", ("SC101",))]


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        (
            "# seamcheck: ignore",
            "'ignore' names no rule codes; write `seamcheck: ignore[SC201] why this is fine`",
        ),
        (
            "# seamcheck: ignore because reasons",
            "'ignore' names no rule codes; write `seamcheck: ignore[SC201] why this is fine`",
        ),
        (
            "# seamcheck: ignore[]",
            "'ignore[]' names no rule codes; write `seamcheck: ignore[SC201] why this is fine`",
        ),
        (
            "# seamcheck: ignore-file",
            "'ignore-file' names no rule codes; write `seamcheck: ignore-file[SC201] why this is fine`",
        ),
        ("# seamcheck: ignore[blocking]", "'blocking' is not a rule code (codes look like SC201)"),
        ("# seamcheck: ignore[SC201", "'ignore[' is not closed with ']'"),
    ],
)
def test_malformed_suppressions_carry_a_problem(comment: str, problem: str) -> None:
    [found] = suppressions_of("a.py", f"{comment}\nx = 1\n", "python")
    assert (found.codes, found.problem) == ((), problem)


def test_suppressions_survive_the_facts_round_trip() -> None:
    from seamcheck.facts import FileFacts

    facts = extract("a.py", b"x = 1  # seamcheck: ignore[SC201] why\n", "python")
    assert FileFacts.from_dict(facts.to_dict()) == facts


@pytest.mark.usefixtures("with_test_rule")
def test_line_and_line_above_suppress_and_the_rest_is_reported(repo: RepoFactory) -> None:
    files = dict(REPO)
    files["services/model/app/main.py"] = MODEL_PY.replace(
        "    time.sleep(0.1)\n",
        "    # seamcheck: ignore[SC901] warm-up delay, measured at 0.1 ms\n    time.sleep(0.1)\n",
    )
    files["services/gateway/src/server.js"] = GATEWAY_JS.replace(
        "'utf8');", "'utf8'); // seamcheck: ignore[SC901] read once per process"
    )
    root = repo(files)
    result = run_cli("check", str(root))
    assert result.output == (
        "No findings in 2 files across 2 services.\n2 findings suppressed by inline comments.\n"
    )
    assert result.exit_code == 0


@pytest.mark.usefixtures("with_test_rule")
def test_file_suppression_and_unused_codes_are_sc002(repo: RepoFactory) -> None:
    files = dict(REPO)
    files["services/model/app/main.py"] = (
        "# seamcheck: ignore-file[SC901] a test double, never served\n" + MODEL_PY
    )
    files["services/gateway/src/server.js"] = GATEWAY_JS.replace(
        "async function loadConfig",
        "// seamcheck: ignore[SC901, SC001] the read is on the line below, not this one\n"
        "async function loadConfig",
    )
    root = repo(files)
    result = run_cli("check", str(root))
    assert result.output == (
        "services/gateway/src/server.js:6:1: SC002 unused suppression: no SC001 finding on line 7\n"
        "services/gateway/src/server.js:6:1: SC002 unused suppression: no SC901 finding on line 7\n"
        "services/gateway/src/server.js:8:15: SC901 blocking call fs.readFileSync() inside async loadConfig()\n"
        "    services/gateway/src/server.js:7:1: async loadConfig() is defined here\n"
        "3 findings (1 error, 2 warnings) in 2 files across 2 services.\n"
        "1 finding suppressed by inline comments.\n"
    )
    assert result.exit_code == 1


def test_codeless_and_unknown_suppressions_are_rejected_with_a_message(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "svc/requirements.txt": "pydantic\n",
            "svc/app.py": (
                "import os  # seamcheck: ignore\n"
                "\n"
                "def broken(:  # seamcheck: ignore[SC001, SC777] generated stub\n"
                "    pass\n"
                "# seamcheck: ignore-file[SC002]\n"
            ),
        }
    )
    result = run_cli("check", str(root))
    assert result.output == (
        "svc/app.py:1:12: SC002 suppression ignored: 'ignore' names no rule codes; "
        "write `seamcheck: ignore[SC201] why this is fine`\n"
        "svc/app.py:3:15: SC002 suppression names unknown rule code SC777\n"
        "svc/app.py:5:1: SC002 SC002 cannot be suppressed; fix or delete the comment\n"
        "3 findings (3 warnings) in 1 file across 1 service.\n"
        "1 finding suppressed by inline comments.\n"
    )
