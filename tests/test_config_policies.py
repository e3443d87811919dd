"""Policy configuration: packs and `extends`, merging, and one clear error (exit 2) for every
kind of mistake, naming the file, the key path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RepoFactory, run_cli
from seamcheck.config import load_config

APP = {"svc/requirements.txt": "fastapi\n", "svc/app.py": "import os\n"}


def error_of(root: Path) -> str:
    result = run_cli("check", str(root))
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    return result.output.removeprefix("seamcheck: error: ").rstrip("\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[[contracts]]\nname = 'x'\ntype = 'layers'\nlayer = ['a', 'b']\n",
            "seamcheck.toml: contracts[0].layer: unknown key (did you mean 'layers'?); valid "
            "keys here: containers, ignore, ignore_imports, layers, name, type",
        ),
        (
            "[[contracts]]\ntype = 'forbidden'\nsource = ['a']\n",
            "seamcheck.toml: contracts[0].forbidden: required for a forbidden contract",
        ),
        (
            "[[contracts]]\ntype = 'acyclic'\n[[contracts]]\ntype = 'layered'\nlayers = ['a']\n",
            "seamcheck.toml: contracts[1].type: expected one of 'layers', 'forbidden', "
            "'independence', 'acyclic', 'allowed-only', got 'layered'",
        ),
        (
            "[[contracts]]\nname = 'x'\n",
            "seamcheck.toml: contracts[0]: missing 'type' (one of layers, forbidden, "
            "independence, acyclic, allowed-only)",
        ),
        (
            "[[contracts]]\ntype = 'layers'\nlayers = 'a, b'\n",
            "seamcheck.toml: contracts[0].layers: expected an array of strings, got a string",
        ),
        (
            "[[contracts]]\ntype = 'layers'\nlayers = ['api', 'a | b : c']\n",
            "seamcheck.toml: contracts[0].layers[1]: layer 'a | b : c' mixes '|' and ':'; use "
            "one separator per layer",
        ),
        (
            "[[contracts]]\ntype = 'independence'\nmodules = ['shop.***.x', 'b']\n",
            "seamcheck.toml: contracts[0].modules[0]: module expression 'shop.***.x' has '***'; "
            "use '**' for any number of segments",
        ),
        (
            "[[contracts]]\ntype = 'acyclic'\nmodules = ['shop..api']\n",
            "seamcheck.toml: contracts[0].modules[0]: module expression 'shop..api' has an "
            "empty segment",
        ),
        (
            "[[contracts]]\ntype = 'acyclic'\nignore = ['a => b']\n",
            "seamcheck.toml: contracts[0].ignore[0]: expected 'importer -> imported', got 'a => b'",
        ),
        (
            "contracts = 3\n",
            "seamcheck.toml: contracts: expected an array of tables ([[contracts]]), got an "
            "integer",
        ),
        (
            "[rules.SC3O1]\nseverity = 'warning'\n",
            "seamcheck.toml: rules.SC3O1: unknown rule (did you mean 'SC301'?); see "
            "`seamcheck rules`",
        ),
        (
            "[rules.SC301]\nseverity = 'fatal'\n",
            "seamcheck.toml: rules.SC301.severity: expected one of 'error', 'warning', 'info', "
            "'off', got 'fatal'",
        ),
        (
            "select = ['E501']\n",
            "seamcheck.toml: select: expected rule codes or prefixes like 'SC2' or 'SC201', got "
            "'E501'",
        ),
        (
            "select = ['SC2', 'SC30l']\n",
            "seamcheck.toml: select: expected rule codes or prefixes like 'SC2' or 'SC201', got "
            "'SC30l'",
        ),
        (
            # A code of no rule must not switch every rule off and let the gate pass.
            "select = ['SC999']\n",
            "seamcheck.toml: select: 'SC999' matches no rule; see `seamcheck rules`",
        ),
        (
            "ignore = ['SC306']\n",
            "seamcheck.toml: ignore: 'SC306' matches no rule (did you mean 'SC305'?); see "
            "`seamcheck rules`",
        ),
        (
            "[placement.ml]\nallow = { runtime = ['deno'] }\n",
            "seamcheck.toml: placement.ml.allow.runtime: expected one of 'python', 'node', got "
            "'deno'",
        ),
        (
            "[placement.ml]\nallow = { runtimes = ['python'] }\n",
            "seamcheck.toml: placement.ml.allow.runtimes: unknown key (did you mean 'runtime'?); "
            "valid keys here: language, names, runtime, tags",
        ),
        (
            "[placement.mll]\nallow = { runtime = ['python'] }\n",
            "seamcheck.toml: placement.mll: no library catalog named 'mll' (did you mean "
            "'ml'?); catalogs: db-driver, http-client, http-server, ml",
        ),
        (
            "[catalogs.payments]\nnpm = 'stripe'\n",
            "seamcheck.toml: catalogs.payments.npm: expected an array of strings, got a string",
        ),
        (
            "extends = ['hybrid-aj']\n",
            "seamcheck.toml: extends[0]: no policy pack named 'hybrid-aj' (did you mean "
            "'hybrid-ai'?); packs: hybrid-ai, layered-monolith",
        ),
        (
            "extends = ['../outside.toml']\n",
            "seamcheck.toml: extends[0]: '../outside.toml' is outside the repository",
        ),
        (
            "extends = ['policy/missing.toml']\n",
            "seamcheck.toml: extends[0]: 'policy/missing.toml' does not exist",
        ),
        ("edge = 'node'\n", "seamcheck.toml: edge: expected a table, got a string"),
        (
            "[services.api]\nshared = 'yes'\n",
            "seamcheck.toml: services.api.shared: expected a boolean (true or false), got a string",
        ),
        (
            "exclude = ['a']\nmax_file_size = = 3\n",
            "seamcheck.toml: invalid TOML: Invalid value (at line 2, column 17)",
        ),
    ],
)
def test_each_mistake_gets_one_clear_message(repo: RepoFactory, text: str, expected: str) -> None:
    root = repo({**APP, "seamcheck.toml": text})
    assert error_of(root).startswith(expected)


def test_extends_cycle_is_named(repo: RepoFactory) -> None:
    root = repo(
        {
            **APP,
            "seamcheck.toml": "extends = ['policy/a.toml']\n",
            "policy/a.toml": "extends = ['b.toml']\n",
            "policy/b.toml": "extends = ['hybrid-ai', 'a.toml']\n",
        }
    )
    message = error_of(root)
    assert message == (
        "policy/b.toml: extends[1]: extends cycle: policy/a.toml -> policy/b.toml -> policy/a.toml"
    )


def test_errors_inside_an_extended_file_name_that_file(repo: RepoFactory) -> None:
    root = repo(
        {
            **APP,
            "seamcheck.toml": "extends = ['hybrid-ai', 'policy/team.toml']\n",
            "policy/team.toml": "[[contracts]]\ntype = 'acyclic'\nmodulez = ['**']\n",
        }
    )
    assert error_of(root).startswith(
        "policy/team.toml: contracts[0].modulez: unknown key (did you mean 'modules'?)"
    )


def test_defaults_are_the_hybrid_ai_pack(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.file is None and config.packs == ("hybrid-ai",)
    assert [(p.category, p.allow.describe(), p.policy) for p in config.placement] == [
        ("ml", "python services", "hybrid-ai")
    ]
    assert config.edge is not None and config.edge.allow.describe() == "node services"
    assert config.select == ("SC",)


def test_layers_merge_key_by_key(repo: RepoFactory) -> None:
    root = repo(
        {
            "seamcheck.toml": """
                name = "acme"
                extends = ["policy/team.toml"]
                ignore = ["SC304"]

                [placement.ml]
                allow = { runtime = ["python"], names = ["edge-ml"] }

                [catalogs.ml]
                npm = ["our-onnx-wrapper"]

                [[contracts]]
                name = "shared"
                type = "acyclic"
                modules = ["services/"]
            """,
            "policy/team.toml": """
                extends = ["hybrid-ai"]

                [rules.SC103]
                severity = "warning"

                [[contracts]]
                name = "shared"
                type = "acyclic"

                [[contracts]]
                name = "team only"
                type = "acyclic"
            """,
        }
    )
    config = load_config(root)
    assert config.packs == ("hybrid-ai", "policy/team.toml")
    assert config.severities == {"SC103": "warning"}
    assert config.ignore == ("SC304",) and config.select == ("SC",)
    [ml] = config.placement
    assert (ml.policy, ml.allow.describe()) == (
        "acme",
        "python services and services named 'edge-ml'",
    )
    assert "our-onnx-wrapper" in config.catalogs["ml"].npm
    assert "@tensorflow/tfjs-node" in config.catalogs["ml"].npm
    # a contract of the same name is replaced; others accumulate
    assert [(c.name, c.modules, c.origin) for c in config.contracts] == [
        ("team only", ("**",), "policy/team.toml"),
        ("shared", ("services/",), "seamcheck.toml"),
    ]
    assert config.edge is not None and config.edge.policy == "hybrid-ai"


def test_cli_select_and_ignore(repo: RepoFactory) -> None:
    root = repo({**APP, "svc/bad.py": "def f(:\n"})
    assert "SC001" in run_cli("check", str(root)).output
    assert "SC001" not in run_cli("check", str(root), "--ignore", "SC0").output
    assert "SC001" not in run_cli("check", str(root), "--select", "SC1,SC3").output
    assert "SC001" in run_cli("check", str(root), "--select", "SC1,SC001").output
    result = run_cli("check", str(root), "--ignore", "SC-1")
    assert result.exit_code == 2
    assert "--ignore: expected rule codes or prefixes" in result.output
    # Before, a code of no rule selected nothing, and the run passed with no findings.
    result = run_cli("check", str(root), "--select", "SC9")
    assert result.exit_code == 2
    assert result.output == (
        "seamcheck: error: command line: --select: 'SC9' matches no rule; see `seamcheck rules`\n"
    )


def test_repeated_select_and_ignore_add_up(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/bad.py": "def f(:\n",
            "svc/app.py": "import time\n\n\nasync def handler():\n    time.sleep(1)\n",
        }
    )
    both = run_cli("check", str(root), "--select", "SC0,SC2").output
    assert "SC001" in both and "SC201" in both
    # Before, the last --select alone counted: SC0 was dropped and its findings not checked.
    assert run_cli("check", str(root), "--select", "SC0", "--select", "SC2").output == both
    result = run_cli("check", str(root), "--ignore", "SC201", "--ignore", "SC0")
    assert result.exit_code == 0 and "No findings" in result.output, result.output
    result = run_cli("check", str(root), "--select", "SC2", "--select", "SC9")
    assert result.exit_code == 2 and "'SC9' matches no rule" in result.output


def test_suppressions_of_rules_that_did_not_run_are_not_unused(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/app.py": (
                "import time\n\n\nasync def handler():\n"
                "    time.sleep(1)  # seamcheck: ignore[SC201] legacy, tracked in OPS-12\n"
                "    return 1  # seamcheck: ignore[SC201]\n"
            ),
        }
    )
    assert "SC002 unused suppression: no SC201 finding on line 6" in (
        run_cli("check", str(root)).output
    )
    # SC201 deselected: its suppressions are not "unused"; SC002 off: nothing is reported
    assert "SC002" not in run_cli("check", str(root), "--ignore", "SC2").output
    assert "SC002" not in run_cli("check", str(root), "--ignore", "SC002").output
    lowered = repo(
        {
            "svc/requirements.txt": "fastapi\n",
            "svc/app.py": "def f():\n    return 1  # seamcheck: ignore[SC201]\n",
            "seamcheck.toml": '[rules.SC002]\nseverity = "info"\n',
        }
    )
    assert "1 finding (1 info)" in run_cli("check", str(lowered)).output


def test_an_extended_file_is_quoted_by_its_name(repo: RepoFactory) -> None:
    root = repo(
        {
            "seamcheck.toml": "extends = ['policy/team.toml']\n",
            "policy/team.toml": "extends = ['sub/base.toml']\n",
            "policy/sub/base.toml": "name = 'base'\n[placement.ml]\nallow = { names = ['ml'] }\n",
        }
    )
    [ml] = load_config(root).placement
    assert (ml.policy, ml.allow.describe()) == ("base", "services named 'ml'")
