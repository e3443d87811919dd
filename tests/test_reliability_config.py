"""Every kind of bad configuration gives exit 2 and one line naming the file, the key and the
problem, end to end in a fresh process (issue #9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostile_helpers import assert_clean_failure, base_repo, run_seamcheck

CASES: dict[str, tuple[dict[str, str], str]] = {
    "toml syntax error with line and column": (
        {"seamcheck.toml": "exclude = ['a'\nmax_file_size = 3\n"},
        "seamcheck.toml: invalid TOML: Unclosed array (at line 2, column 1)",
    ),
    "toml duplicate key": (
        {"seamcheck.toml": "max_file_size = 1\nmax_file_size = 2\n"},
        "seamcheck.toml: invalid TOML: Cannot overwrite a value (at line 2, column 18)",
    ),
    "toml not utf-8": ({"seamcheck.toml": "name = 'caf\xe9'\n"}, "seamcheck.toml: not valid UTF-8"),
    "toml nested too deeply": (
        {"seamcheck.toml": "exclude = " + "[" * 5000 + "]" * 5000 + "\n"},
        "seamcheck.toml: invalid TOML: arrays or tables nested too deeply",
    ),
    "pyproject toml syntax error": (
        {"pyproject.toml": "[tool.seamcheck\n"},
        "pyproject.toml: invalid TOML: Expected ']' at the end of a table declaration "
        "(at line 1, column 16)",
    ),
    "unknown key with suggestion": (
        {"seamcheck.toml": "exlcude = ['x']\n"},
        "seamcheck.toml: exlcude: unknown key (did you mean 'exclude'?); valid keys here: ",
    ),
    "unknown nested key with suggestion": (
        {"seamcheck.toml": "[services.api]\nlanguge = 'python'\n"},
        "seamcheck.toml: services.api.languge: unknown key (did you mean 'language'?)",
    ),
    "unknown rule": (
        {"seamcheck.toml": "[rules.SC2010]\nseverity = 'info'\n"},
        "seamcheck.toml: rules.SC2010: unknown rule (did you mean 'SC201'?)",
    ),
    "wrong type": (
        {"seamcheck.toml": "max_file_size = '2MB'\n"},
        "seamcheck.toml: max_file_size: expected a positive integer, got a string",
    ),
    "a boolean where an integer goes (bool is an int in Python)": (
        {"seamcheck.toml": "max_file_size = true\n"},
        "seamcheck.toml: max_file_size: expected a positive integer, got a boolean",
    ),
    "wrong type in a list": (
        {"seamcheck.toml": "exclude = ['a', 3]\n"},
        "seamcheck.toml: exclude: expected an array of strings, got an array",
    ),
    "tool.seamcheck misspelt": (
        # Read as no configuration, the defaults ran and the contracts were dropped silently.
        {"pyproject.toml": "[tool.seamchek]\nextends = []\n"},
        "pyproject.toml: tool.seamchek: unknown table (did you mean 'tool.seamcheck'?)",
    ),
    "tool.seamcheck misspelt beside it": (
        # The contracts under the misspelt name were dropped silently: only a table with no
        # [tool.seamcheck] was refused.
        {
            "pyproject.toml": "[tool.seamcheck]\nextends = []\n\n"
            "[[tool.seamchek.contracts]]\nname = 'web-isolated'\n"
        },
        "pyproject.toml: tool.seamchek: unknown table (did you mean 'tool.seamcheck'?)",
    ),
    "tool.seamcheck misspelt, not a table": (
        {"pyproject.toml": "[tool]\nseamchek = 3\n"},
        "pyproject.toml: tool.seamchek: unknown key (did you mean 'tool.seamcheck'?)",
    ),
    "tool.seamcheck not a table": (
        {"pyproject.toml": "[tool]\nseamcheck = 3\n"},
        "pyproject.toml [tool.seamcheck]: expected a table, got an integer",
    ),
    "bad exclude glob": (
        {"seamcheck.toml": "exclude = ['ok/', '[z-a].py']\n"},
        "seamcheck.toml: exclude[1]: invalid pattern '[z-a].py': ",
    ),
    "bad exclude gitignore pattern": (
        {"seamcheck.toml": "exclude = ['!']\n"},
        "seamcheck.toml: exclude[0]: invalid pattern '!': ",
    ),
    "bad blocking pattern": (
        {"seamcheck.toml": "[blocking]\nsinks = ['db.{query']\n"},
        "seamcheck.toml: blocking.sinks[0]: 'db.{query': '{' without '}'",
    ),
    "bad contract module expression": (
        {
            "seamcheck.toml": "[[contracts]]\nname = 'x'\ntype = 'forbidden'\n"
            "source = ['a..b']\nforbidden = ['c']\n"
        },
        "seamcheck.toml: contracts[0].source[0]: module expression 'a..b' ",
    ),
    "extends cycle": (
        {
            "seamcheck.toml": "extends = ['policies/a.toml']\n",
            "policies/a.toml": "extends = ['b.toml']\n",
            "policies/b.toml": "extends = ['a.toml']\n",
        },
        "policies/b.toml: extends[0]: extends cycle: policies/a.toml -> policies/b.toml -> "
        "policies/a.toml",
    ),
    "extends itself": (
        {"seamcheck.toml": "extends = ['./seamcheck.toml']\n"},
        "extends cycle",
    ),
    "missing pack": (
        {"seamcheck.toml": "extends = ['hybrid-aii']\n"},
        "seamcheck.toml: extends[0]: no policy pack named 'hybrid-aii' (did you mean 'hybrid-ai'?)",
    ),
    "missing extended file": (
        {"seamcheck.toml": "extends = ['policies/none.toml']\n"},
        "seamcheck.toml: extends[0]: 'policies/none.toml' does not exist",
    ),
    "extends outside the repository": (
        {"seamcheck.toml": "extends = ['../../etc/outside.toml']\n"},
        "seamcheck.toml: extends[0]: '../../etc/outside.toml' is outside the repository",
    ),
    "service path outside the repository": (
        {"seamcheck.toml": "[services.api]\npath = '../elsewhere'\n"},
        "seamcheck.toml: services.api.path: must be a path inside the repository",
    ),
    "absolute service path": (
        {"seamcheck.toml": "[services.api]\npath = '/etc'\n"},
        "seamcheck.toml: services.api.path: must be a path inside the repository",
    ),
    "amending an unknown service": (
        {"seamcheck.toml": "[services.nope]\ntags = ['edge']\n"},
        "seamcheck.toml: services.nope: no service of that name was detected; give it a `path`",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_config_error_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    root = base_repo(tmp_path, {k: v.encode("latin-1") for k, v in files.items()})
    line = assert_clean_failure(run_seamcheck("check", str(root)))
    assert expected in line, line


def test_explicit_config_file_errors(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    line = assert_clean_failure(run_seamcheck("check", str(root), "--config", "nope.toml"))
    assert line == "seamcheck: error: config file not found: nope.toml"
    (root / "odd.toml").write_text("[tool]\nseamcheck = 'x'\n")
    (root / "pyproject.toml").write_text("tool = 3\n")
    run = run_seamcheck("check", str(root), "--config", str(root / "pyproject.toml"))
    assert run.code == 1  # no [tool.seamcheck] there: the defaults
    # Other tools' tables, named like it but no misspelling of it, are theirs.
    (root / "pyproject.toml").write_text("[tool.seamcheck_plugin]\nx = 1\n[tool.seam]\ny = 2\n")
    run = run_seamcheck("check", str(root), "--config", str(root / "pyproject.toml"))
    assert run.code == 1
    (root / "pyproject.toml").write_text("[tool.seamcheck-x]\nextends = []\n")
    line = assert_clean_failure(
        run_seamcheck("check", str(root), "--config", str(root / "pyproject.toml"))
    )
    assert line == (
        "seamcheck: error: pyproject.toml: tool.seamcheck-x: unknown table "
        "(did you mean 'tool.seamcheck'?)"
    )


def test_explicit_config_that_is_not_a_regular_file_says_what_it_is(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    line = assert_clean_failure(run_seamcheck("check", str(root), "--config", os.devnull))
    assert line == f"seamcheck: error: {os.devnull}: not a regular file (a character device)"
    os.mkfifo(root / "pipe.toml")  # read, it would wait for a writer forever
    line = assert_clean_failure(
        run_seamcheck("check", str(root), "--config", str(root / "pipe.toml"))
    )
    assert line == "seamcheck: error: pipe.toml: not a regular file (a named pipe)"


@pytest.mark.parametrize("name", ["seamcheck.toml", "pyproject.toml"])
def test_a_config_file_that_is_a_folder_is_an_error_not_passed_by(
    tmp_path: Path, name: str
) -> None:
    root = base_repo(tmp_path)
    (root / name).mkdir()
    line = assert_clean_failure(run_seamcheck("check", str(root)))
    assert line == f"seamcheck: error: {name}: not a regular file (a directory)"


def test_config_files_that_are_not_regular_files(tmp_path: Path) -> None:
    root = base_repo(tmp_path, {"seamcheck.toml": "extends = ['policies/base.toml']\n"})
    (root / "policies" / "base.toml").mkdir(parents=True)
    line = assert_clean_failure(run_seamcheck("check", str(root)))
    assert line == (
        "seamcheck: error: seamcheck.toml: extends[0]: 'policies/base.toml' is not a regular "
        "file (a directory)"
    )
    (root / "seamcheck.toml").unlink()
    os.mkfifo(root / "seamcheck.toml")  # read, it would wait for a writer forever
    line = assert_clean_failure(run_seamcheck("check", str(root)))
    assert line == "seamcheck: error: seamcheck.toml: not a regular file (a named pipe)"
    (root / "seamcheck.toml").unlink()
    (root / "seamcheck.toml").symlink_to("gone.toml")  # its target was moved or deleted
    line = assert_clean_failure(run_seamcheck("check", str(root)))
    assert (
        line
        == "seamcheck: error: seamcheck.toml: not a regular file (a symlink that leads nowhere)"
    )
    (root / "seamcheck.toml").unlink()
    (root / "seamcheck.toml").write_text("")
    (root / "pyproject.toml").mkdir()  # never consulted: seamcheck.toml configures
    assert run_seamcheck("check", str(root)).code == 1


def test_config_symlink_loop_in_extends(tmp_path: Path) -> None:
    root = base_repo(tmp_path, {"seamcheck.toml": "extends = ['loop.toml']\n"})
    (root / "loop.toml").symlink_to("loop.toml")
    line = assert_clean_failure(run_seamcheck("check", str(root)))
    assert line == "seamcheck: error: seamcheck.toml: extends[0]: 'loop.toml' cannot be resolved"


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    cases = [
        (("check", str(root / "nope")), "path does not exist"),
        (("services", str(root / "nope")), "path does not exist"),
        (("report", str(root / "nope")), "path does not exist"),
        (("graph", str(root / "services/api/pyproject.toml")), "not a directory"),
        (("check", str(root), "--format", "yaml"), "unknown format 'yaml'"),
        (("check", str(root), "--select", "XX1"), "--select: expected rule codes"),
        (("check", str(root), "--baseline", str(root / "none.json")), "baseline file not found"),
        (("check", str(root), "--output", str(root / "no/such/dir/out.txt")), "cannot write"),
        (("explain", "SC999"), "no rule 'SC999'"),
        # click's own usage errors printed a four-line usage block ending in "Error: ...".
        (
            ("check", str(root), "--fail-on", "bogus"),
            "Invalid value for '--fail-on': 'bogus' is not one of 'error', 'warning', 'info' "
            "(see `",
        ),
        (("check", "--fial-on", "error"), "No such option '--fial-on'. Did you mean '--fail-on'?"),
        (("chek",), "No such command 'chek'. Did you mean 'check'? (see `"),
        (("explain",), "Missing argument 'CODE' (see `"),
        (("report", str(root)), "Missing option '--out'"),
    ]
    for args, expected in cases:
        line = assert_clean_failure(run_seamcheck(*args))
        assert expected in line, (args, line)


def test_seamcheck_alone_still_shows_its_help() -> None:
    shown = run_seamcheck()
    assert "seamcheck [OPTIONS] COMMAND [ARGS]..." in shown.stdout + shown.stderr
    assert "Commands:" in shown.stdout + shown.stderr and "seamcheck: error" not in shown.stderr


def test_bad_baseline_files(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    for name, content, expected in [
        ("garbage.json", "{nope", "is not valid JSON"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "is not valid JSON"),
        ("shape.json", '{"version": 1, "entries": [3]}', "entry 1 needs string"),
        ("future.json", '{"version": 99, "entries": []}', "unsupported version 99"),
    ]:
        (root / name).write_text(content)
        line = assert_clean_failure(
            run_seamcheck("check", str(root), "--baseline", str(root / name))
        )
        assert expected in line, (name, line)


def test_hostile_manifests_are_read_leniently(tmp_path: Path) -> None:
    """Files the repository owns (not seamcheck's config) never stop the run."""
    deep_json = '{"name": "web", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    root = base_repo(
        tmp_path,
        {
            "services/web/package.json": deep_json,
            "services/web/index.js": "module.exports = 1;\n",
            "services/py/pyproject.toml": "x = " + "[" * 5000 + "]" * 5000 + "\n",
            "services/py/Pipfile": "packages = 3\n",
            "services/py/app.py": "x = 1\n",
            "services/bad/pyproject.toml": "[tool]\npoetry = 'x'\n[project]\nname = 3\n",
            "services/bad/main.py": "x = 1\n",
            "deploy/k8s.yaml": "kind: Service\nx: " + "[" * 5000 + "]" * 5000 + "\n",
            "deploy/compose.yaml": "services:\n  a:\n    ports: 8080\n    expose: 1\n",
            "pnpm-workspace.yaml": "packages: " + "[" * 5000 + "]" * 5000 + "\n",
            ".gitignore": "\\\n!\n[z-a]\n*.log\n",
            "services/web/tsconfig.json": '{"compilerOptions": ' + "[" * 5000 + "]" * 5000 + "}",
        },
    )
    run = run_seamcheck("check", str(root))
    assert run.code == 1, run
    # Named, since what they declare is missing from the analysis; the rest is taken as it is.
    assert run.stderr.splitlines() == [
        "seamcheck: note: services/web/tsconfig.json: ignored: nested too deeply",
        "seamcheck: note: services/py/pyproject.toml: ignored: nested too deeply",
        "seamcheck: note: services/web/package.json: ignored: nested too deeply",
    ]
    assert run.stdout.startswith("services/api/app/main.py:9:12: SC201")
