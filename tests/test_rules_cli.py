"""Rules as documented objects (`rules`, `explain`, docs/rules) and `seamcheck init`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, RepoFactory, run_cli
from seamcheck.config import load_config
from seamcheck.ruledocs import expected_files, render_page
from seamcheck.rules import all_rules

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_every_rule_documents_itself_fully() -> None:
    for rule in all_rules():
        positions = [rule.doc.find(section) for section in SECTIONS]
        assert all(p >= 0 for p in positions), rule.code
        assert positions == sorted(positions), rule.code
        assert "```" in rule.doc.split("## Example")[1], rule.code
        assert rule.severity in ("error", "warning", "info")


def test_docs_rules_are_generated_and_up_to_date() -> None:
    wanted = expected_files()
    present = {p.name for p in DOCS.glob("*.md")}
    assert present == set(wanted), "run: python -m seamcheck.ruledocs docs/rules"
    for name, text in wanted.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is stale; run: python -m seamcheck.ruledocs docs/rules"
        )


def test_rules_lists_every_code() -> None:
    listed = json.loads(run_cli("rules", "--format", "json").output)
    assert [r["code"] for r in listed] == [r.code for r in all_rules()]
    assert {"code": "SC102", "name": "library-placement", "severity": "error"}.items() <= (
        listed[[r["code"] for r in listed].index("SC102")].items()
    )
    text = run_cli("rules").output.splitlines()
    assert text[0].startswith("SC001  syntax-error")


def test_explain_prints_the_rule_page() -> None:
    result = run_cli("explain", "sc102")
    rule = next(r for r in all_rules() if r.code == "SC102")
    assert result.exit_code == 0 and result.output == render_page(rule)
    assert result.output.startswith("# SC102 — library-placement\n")
    assert run_cli("explain", "Library-Placement").output == result.output  # by its name
    unknown = run_cli("explain", "SC999")
    assert unknown.exit_code == 2 and "no rule 'SC999'; rules: SC001, " in unknown.output
    # A family or a word of a name says the rules it could mean, with their names (it listed
    # every code, and no name, for `explain blocking`).
    for asked, meant in (
        ("SC2", "SC201 (blocking-call-in-async), SC202 (blocking-call-through-helpers)"),
        ("blocking", "SC201 (blocking-call-in-async), SC202 (blocking-call-through-helpers)"),
        ("cycle", "SC106 (service-cycle), SC304 (import-cycle)"),
    ):
        near = run_cli("explain", asked)
        assert near.exit_code == 2
        assert near.stderr == f"seamcheck: error: no rule {asked!r}; did you mean {meant}?\n"


def test_rules_and_explain_load_no_parser_or_graph_library() -> None:
    probe = (
        "import sys\n"
        "from seamcheck.cli import main\n"
        "sys.argv = ['seamcheck', sys.argv[1]] + sys.argv[2:]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('tree_sitter', 'networkx', 'libcst') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    for args in (["rules"], ["explain", "SC301"]):
        out = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
        ).stdout
        assert out.rstrip().endswith("HEAVY []"), out


def test_init_writes_a_commented_config_that_reproduces_the_defaults(repo: RepoFactory) -> None:
    source = FIXTURES / "demo"
    root = repo({})
    subprocess.run(["cp", "-r", f"{source}/.", str(root)], check=True)
    before = run_cli("check", str(root), "--format", "json").output

    result = run_cli("init", str(root))
    assert result.exit_code == 0, result.output
    text = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert 'extends = ["hybrid-ai"]' in text and text.count("\n# ") > 5
    config = load_config(root)
    assert [s.name for s in config.services] == ["cart", "gateway", "ml", "shared", "web", "worker"]
    ml = next(s for s in config.services if s.name == "ml")
    assert (ml.path, ml.language) == ("services/ml-service", "python")
    assert next(s for s in config.services if s.name == "shared").shared
    assert next(s for s in config.services if s.name == "web").tags == ("browser", "workspace")
    # the starter changes nothing about what is reported
    assert run_cli("check", str(root), "--format", "json").output == before


def test_init_refuses_to_overwrite_without_force(repo: RepoFactory) -> None:
    root = repo({"svc/requirements.txt": "flask\n", "svc/app.py": "", "seamcheck.toml": "# mine\n"})
    result = run_cli("init", str(root))
    assert result.exit_code == 2
    assert "seamcheck.toml already configures seamcheck; use --force to overwrite" in result.output
    assert (root / "seamcheck.toml").read_text() == "# mine\n"
    pyproject = repo({"pyproject.toml": "[project]\nname='x'\n[tool.seamcheck]\nexclude=[]\n"})
    assert run_cli("init", str(pyproject)).exit_code == 2
    assert not (pyproject / "seamcheck.toml").exists()
    # Forced, the table is left in place and no longer read: said, not left to be found out.
    shadowed = run_cli("init", str(pyproject), "--force")
    assert shadowed.exit_code == 0 and (pyproject / "seamcheck.toml").is_file()
    assert shadowed.stderr == (
        "seamcheck: note: pyproject.toml [tool.seamcheck] is no longer read (seamcheck.toml "
        "comes first); move what you keep from it into seamcheck.toml and delete it\n"
    )
    forced = run_cli("init", str(root), "--force")
    assert forced.exit_code == 0
    assert "[services.svc]" in (root / "seamcheck.toml").read_text()
    assert [p.name for p in root.iterdir() if p.name.startswith(".seamcheck.toml")] == []
