"""The command line end to end: formats, exit codes, config errors, the demo repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import seamcheck.analysis
import seamcheck.cli
from conftest import FIXTURES, RepoFactory, run_cli
from seamcheck import __version__
from seamcheck.analysis import Analysis, RunOptions
from seamcheck.config import Config

BROKEN = {
    "svc/requirements.txt": "fastapi\n",
    "svc/app.py": "import os\n\ndef ok():\n    return os.getcwd()\n\ndef broken(:\n    pass\n",
}


def test_version_and_help() -> None:
    assert run_cli("--version").output == f"seamcheck, version {__version__}\n"
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("check", "graph", "services"):
        assert command in result.output


def test_check_text_reports_syntax_errors_relative_and_sorted(repo: RepoFactory) -> None:
    root = repo(BROKEN)
    result = run_cli("check", str(root))
    assert result.exit_code == 0  # SC001 is a warning: the gate fails on errors only
    assert result.output == (
        "svc/app.py:6:12: SC001 missing ')'; the file was analysed in part\n"
        "1 finding (1 warning) in 1 file across 1 service.\n"
    )


def test_check_json_schema(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(BROKEN)
    out = tmp_path / "out.json"
    result = run_cli("check", str(root), "--format", "json", "--output", str(out))
    assert result.exit_code == 0
    assert result.output == run_cli("check", str(root)).output  # the terminal gets the text
    document = json.loads(out.read_text())
    assert document["version"] == 1
    [finding] = document["findings"]
    assert list(finding) == [
        "code", "severity", "message", "path", "line", "column", "end_line", "end_column",
        "service", "related", "fingerprint",
    ]  # fmt: skip
    assert (finding["code"], finding["path"], finding["line"], finding["service"]) == (
        "SC001",
        "svc/app.py",
        6,
        "svc",
    )
    assert document["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 0}


def test_fingerprint_survives_unrelated_edits(repo: RepoFactory) -> None:
    first = repo(BROKEN)
    moved = dict(BROKEN)
    moved["svc/app.py"] = "# a comment\n\n\n" + BROKEN["svc/app.py"]
    second = repo(moved)

    def fingerprints(root: Path) -> list[str]:
        output = run_cli("check", str(root), "--format", "json").output
        return [f["fingerprint"] for f in json.loads(output)["findings"]]

    assert fingerprints(first) == fingerprints(second)


def test_demo_repository_end_to_end() -> None:
    demo = FIXTURES / "demo"
    services = run_cli("services", str(demo), "--format", "json")
    rows = {row["name"]: row for row in json.loads(services.output)["services"]}
    assert rows["gateway"]["libraries"] == ["@tensorflow/tfjs-node", "axios", "express"]
    assert rows["ml"]["frameworks"] == ["fastapi", "uvicorn"]
    assert rows["ml"]["libraries"] == [
        "fastapi", "numpy", "pydantic", "pydantic-settings", "scikit-learn", "torch",
    ]  # fmt: skip
    assert rows["web"]["tags"] == ["browser", "workspace"]
    text = run_cli("services", str(demo)).output
    assert "  root:       services/worker  (1 file)\n" in text
    assert "  root:       services/gateway  (9 files)\n" in text

    graph = json.loads(run_cli("graph", str(demo)).output)
    edges = {(e["source"], e["target"], e["kind"]) for e in graph["edges"]}
    assert (
        "services/worker/worker.py",
        "services/ml-service/src/ml_service/models/classifier.py",
        "imports",
    ) in edges
    assert (
        "services/gateway/src/lib/templates.ts::readTemplateFile",
        "ext:js:node:fs",
        "calls",
    ) in edges
    assert (
        "services/gateway/src/routes/api.ts",
        "packages/shared/src/index.ts",
        "imports",
    ) in edges
    assert (
        "services/gateway/src/clients/ml.ts::predict",
        "route:ml:POST /v1/predict",
        "requests",
    ) in edges
    assert (
        "route:ml:POST /v1/predict",
        "services/ml-service/src/ml_service/routers/predict.py::predict",
        "serves",
    ) in edges
    kinds = {n["kind"] for n in graph["nodes"]}
    assert kinds == {"service", "module", "function", "external", "route"}
    assert graph["graph"]["unresolved"] == [
        {
            "kind": "call",
            "line": 34,
            "path": "services/ml-service/src/ml_service/routers/predict.py",
            "reason": "attribute 'cache_clear' of function 'get_classifier'",
            "specifier": "get_classifier.cache_clear",
        }
    ]


def test_graph_dot_and_determinism() -> None:
    demo = str(FIXTURES / "demo")
    dot = run_cli("graph", demo, "--format", "dot").output
    assert dot.startswith("digraph seamcheck {")
    assert '"service:gateway" -> "services/gateway/src/server.ts" [style=dashed];' in dot
    assert run_cli("graph", demo).output == run_cli("graph", demo).output


def test_commands_run_in_process_let_each_run_go_before_the_next_builds_its_own(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI keeps its last run's records alive (freeing them would only cost time before
    the process ends); a program running commands one after another in-process must not
    hold two runs' records at once, where each peaks."""
    root = str(repo(BROKEN))
    kept_at_start: list[int] = []
    real = seamcheck.analysis.analyse

    def analysing(root: Path, config: Config, options: RunOptions | None = None) -> Analysis:
        kept_at_start.append(len(seamcheck.cli._LAST_RUN))
        return real(root, config, options)

    monkeypatch.setattr(seamcheck.analysis, "analyse", analysing)
    for _ in range(2):
        assert run_cli("check", root, "--no-cache").exit_code == 0
    assert kept_at_start == [0, 0]


def test_pytests_internals_are_the_pytest_library(repo: RepoFactory) -> None:
    # MLflow's pytest plugin imports `_pytest.outcomes`: `services` listed a library
    # `-pytest` beside `pytest`.
    root = repo(
        {
            "kit/pyproject.toml": '[project]\nname = "kit"\ndependencies = ["pytest"]\n',
            "kit/kit/plugin.py": "import pytest\nfrom _pytest.outcomes import Skipped\n",
        }
    )
    rows = json.loads(run_cli("services", str(root), "--format", "json").output)["services"]
    assert [row["libraries"] for row in rows] == [["pytest"]]


def test_config_errors_name_file_key_and_suggestion(repo: RepoFactory) -> None:
    cases = {
        "[services.api]\npaht = 'api'\n": (
            "seamcheck.toml: services.api.paht: unknown key (did you mean 'path'?)"
        ),
        "max_file_size = 'big'\n": (
            "seamcheck.toml: max_file_size: expected a positive integer, got a string"
        ),
        "[services.api]\nlanguage = 'ruby'\n": (
            "seamcheck.toml: services.api.language: expected one of 'python', 'javascript', "
            "'typescript', got 'ruby'"
        ),
        "exclude = [\n": "seamcheck.toml: invalid TOML: ",
        "[services.api]\npath = '../elsewhere'\n": (
            "seamcheck.toml: services.api.path: must be a path inside the repository"
        ),
    }
    for text, expected in cases.items():
        root = repo({"seamcheck.toml": text, "requirements.txt": "", "app.py": ""})
        result = run_cli("check", str(root))
        assert result.exit_code == 2, text
        assert result.output.startswith(f"seamcheck: error: {expected}"), result.output


def test_pyproject_tool_table_is_read(repo: RepoFactory) -> None:
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.seamcheck]\nexclde = ["a"]\n',
            "app.py": "",
        }
    )
    result = run_cli("check", str(root))
    assert result.exit_code == 2
    assert "pyproject.toml [tool.seamcheck]: exclde: unknown key (did you mean 'exclude'?)" in (
        result.output
    )


def test_console_script_never_prints_a_traceback(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo({"seamcheck.toml": "services = 3\n", "app.py": ""})
    for args in (["check", str(root)], ["check", str(tmp_path / "nope")]):
        proc = subprocess.run(
            [sys.executable, "-m", "seamcheck", *args], capture_output=True, text=True
        )
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith(("seamcheck: error:", "Usage:"))


def test_console_script_ends_with_complete_output_and_the_right_status(tmp_path: Path) -> None:
    """The console script ends the process without the interpreter's teardown: everything
    written must still arrive, piped or to a file, with the command's exit status."""
    demo = str(Path(__file__).parent.parent / "fixtures" / "demo")
    expected = run_cli("graph", demo, "--format", "json").output
    piped = subprocess.run(
        [sys.executable, "-m", "seamcheck", "graph", demo, "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert (piped.returncode, piped.stdout) == (0, expected)
    with (tmp_path / "out.json").open("w") as handle:
        to_file = subprocess.run(
            [sys.executable, "-m", "seamcheck", "check", demo, "--format", "json"],
            stdout=handle,
            check=False,
        )
    assert to_file.returncode == 1  # findings
    assert (tmp_path / "out.json").read_text() == run_cli("check", demo, "--format", "json").output
    # `sys.exit("message")` keeps the interpreter's meaning: the message, then status 1.
    script = (
        "import sys\nimport seamcheck.cli as c\nc.main = lambda: sys.exit('bye')\n"
        "from seamcheck.console import entry_point\nentry_point()\n"
    )
    message = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (message.returncode, message.stderr) == (1, "bye\n")


def test_ctrl_c_while_the_cli_loads_ends_in_one_line() -> None:
    """The window before `main` can catch it: the interrupt arrives while `seamcheck.cli` (and
    click with it) is still being imported."""
    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'seamcheck.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from seamcheck.console import entry_point\n"
        "entry_point()\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", "seamcheck: interrupted\n")
