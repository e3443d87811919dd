"""`seamcheck init --from-importlinter`: a team's import-linter contracts brought along, with
import-linter's verdicts (bench/differential/contracts_vs_importlinter.py measures them on
real projects)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RepoFactory, run_cli

# A small service laid out as kedro is: a CLI on top, a runner, io and pipeline below.
SHOP = {
    "shop/__init__.py": "",
    "shop/cli/__init__.py": "from shop.runner import run\n",
    "shop/runner/__init__.py": "from shop.io import load\nfrom shop.pipeline import Pipeline\n",
    "shop/io/__init__.py": "def load():\n    return 1\n",
    # a lower layer reaching up: import-linter breaks the layers contract here
    "shop/pipeline/__init__.py": "class Pipeline:\n    pass\n",
    "shop/pipeline/node.py": "from shop.cli import main_help\n",
    "shop/admin/__init__.py": "",
    "shop/admin/options.py": "POPUP = 1\n",
    "shop/auth/__init__.py": "",
    # one import of the admin package, one of its submodule: import-linter's ignore entry
    # below exempts the first only
    "shop/auth/admin.py": "from shop import admin\nfrom shop.admin.options import POPUP\n",
    "pyproject.toml": """\
[project]
name = "shop"
version = "1"

[tool.importlinter]
root_package = "shop"

[[tool.importlinter.contracts]]
name = "CLI > runner > io, pipeline"
type = "layers"
containers = ["shop"]
layers = ["cli", "runner", "io | pipeline"]
exhaustive = true

[[tool.importlinter.contracts]]
name = "auth uses no admin"
type = "forbidden"
source_modules = ["shop.auth"]
forbidden_modules = ["shop.admin"]
allow_indirect_imports = "True"
ignore_imports = ["shop.auth.admin -> shop.admin"]

[[tool.importlinter.contracts]]
name = "No cycles"
type = "acyclic_siblings"
ancestors = ["shop"]
""",
}


def _messages(root: Path) -> list[tuple[str, str, int, str]]:
    result = run_cli("check", str(root), "--select", "SC3", "--format", "json", "--no-cache")
    findings = json.loads(result.output)["findings"]
    return [(f["code"], f["path"], f["line"], f["message"]) for f in findings]


def test_init_translates_pyproject_contracts_and_checks_them_as_import_linter(
    repo: RepoFactory,
) -> None:
    root = repo(SHOP)
    result = run_cli("init", str(root), "--from-importlinter")
    assert result.exit_code == 0, result.output
    assert "3 contracts" not in result.output and "2 contracts from pyproject.toml" in result.output
    # what could not be translated is said, with why
    assert "'CLI > runner > io, pipeline': exhaustive: not translated" in result.output
    assert "'No cycles': not translated: seamcheck's acyclic contract" in result.output
    text = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert 'layers = ["cli", "runner", "io | pipeline"]' in text
    assert 'ignore_imports = ["shop.auth.admin -> shop.admin"]' in text
    assert "allow_indirect = true" in text

    assert _messages(root) == [
        (
            "SC302",
            "shop/auth/admin.py",
            2,
            "forbidden contract 'auth uses no admin': shop.auth.admin imports forbidden "
            "'shop.admin.options'",
        ),
        (
            "SC301",
            "shop/pipeline/node.py",
            1,
            "layers contract 'CLI > runner > io, pipeline': layer 'pipeline' in shop imports "
            "higher layer 'cli': shop.pipeline.node imports shop.cli",
        ),
    ]


def test_ignore_imports_names_modules_exactly_where_ignore_covers_descendants(
    repo: RepoFactory,
) -> None:
    files = {k: v for k, v in SHOP.items() if k != "pyproject.toml"}
    contract = """
[[contracts]]
name = "auth uses no admin"
type = "forbidden"
source = ["shop.auth"]
forbidden = ["shop.admin"]
allow_indirect = true
{key} = ["shop.auth.admin -> shop.admin", "shop.cli.** -> shop.runner"]
"""
    exact = repo({**files, "seamcheck.toml": contract.format(key="ignore_imports")})
    assert _messages(exact) == [
        # import-linter's `**` is one or more segments: `shop.cli.**` is not shop.cli itself
        (
            "SC302",
            "seamcheck.toml",
            7,
            "forbidden contract 'auth uses no admin': ignore_imports 'shop.cli.** -> "
            "shop.runner' matches no import; remove it or fix the expression",
        ),
        (
            "SC302",
            "shop/auth/admin.py",
            2,
            "forbidden contract 'auth uses no admin': shop.auth.admin imports forbidden "
            "'shop.admin.options'",
        ),
    ]
    # `ignore` keeps seamcheck's expressions: each side covers its descendants
    broad = repo({**files, "seamcheck.toml": contract.format(key="ignore")})
    assert _messages(broad) == []


def test_init_reads_ini_files_in_import_linters_order_and_never_overwrites(
    repo: RepoFactory,
) -> None:
    files = {k: v for k, v in SHOP.items() if k != "pyproject.toml"}
    ini = """\
[importlinter]
root_package = shop

[importlinter:contract:layers]
name = Layers from the INI file
type = layers
containers =
    shop
layers =
    cli
    runner
    (io) : pipeline
"""
    root = repo({**files, ".importlinter": ini, "setup.cfg": "[metadata]\nname = shop\n"})
    result = run_cli("init", str(root), "--from-importlinter")
    assert result.exit_code == 0, result.output
    text = (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert "1 contract from .importlinter" in result.output
    assert 'layers = ["cli", "runner", "(io) : pipeline"]' in text
    assert "parentheses" not in result.output
    assert [m[0] for m in _messages(root)] == ["SC301"]

    again = run_cli("init", str(root), "--from-importlinter")
    assert again.exit_code == 2
    assert "already configures seamcheck; use --force to overwrite" in again.output

    # Named from the repository's root, like tach.toml's errors; before, as an absolute path.
    (root / "broken.toml").write_text("[tool.importlinter\n")
    given = str(root / "broken.toml")
    broken = run_cli("init", str(root), "--force", "--from-importlinter", given)
    assert broken.exit_code == 2
    assert broken.output.startswith("seamcheck: error: broken.toml: invalid TOML: "), broken.output

    bare = repo({"svc/app.py": ""})
    missing = run_cli("init", str(bare), "--from-importlinter")
    assert missing.exit_code == 2
    assert "no import-linter configuration in" in missing.output
    assert not (bare / "seamcheck.toml").exists()


def test_double_star_in_translated_module_expressions_is_one_or_more_segments(
    repo: RepoFactory,
) -> None:
    # import-linter's `pkg.**.api` is pkg.web.api, never pkg.api (grimp's find_matching_modules)
    root = repo(
        {
            "shop/__init__.py": "",
            "shop/api.py": "from shop import db\n",
            "shop/db/__init__.py": "",
            "shop/web/__init__.py": "",
            "shop/web/api.py": "from shop import db\n",
            "pyproject.toml": """\
[project]
name = "shop"
version = "1"

[tool.importlinter]
root_package = "shop"

[[tool.importlinter.contracts]]
name = "Nested APIs use no db"
type = "forbidden"
source_modules = ["shop.**.api"]
forbidden_modules = ["shop.db"]
""",
        }
    )
    result = run_cli("init", str(root), "--from-importlinter")
    assert result.exit_code == 0, result.output
    assert "'shop.**.api' written 'shop.*.**.api'" in result.output
    assert 'source = ["shop.*.**.api"]' in (root / "seamcheck.toml").read_text(encoding="utf-8")
    assert _messages(root) == [
        (
            "SC302",
            "shop/web/api.py",
            1,
            "forbidden contract 'Nested APIs use no db': shop.web.api imports forbidden 'shop.db'",
        )
    ]
