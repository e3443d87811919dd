"""Shared test helpers: tiny repositories written to disk, and the CLI run in-process."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from seamcheck.analysis import Analysis, analyse
from seamcheck.cli import cli
from seamcheck.config import load_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

RepoFactory = Callable[[Mapping[str, str]], Path]

# Property tests judge what a function returns, never how long it takes: Hypothesis's default
# 200 ms deadline per example failed a test on a loaded machine (a timed assertion, which the
# project keeps out of tests; speed is measured under bench/).
settings.register_profile("seamcheck", deadline=None)
settings.load_profile("seamcheck")


def write_repo(root: Path, files: Mapping[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _cache_outside_the_source_tree(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLI runs cache by default; keep their caches out of fixtures/ and apart per test."""
    monkeypatch.setenv("SEAMCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def repo(tmp_path: Path) -> RepoFactory:
    """`repo({"path": "content", ...})` writes a repository and returns its root."""
    counter = iter(range(1000))

    def make(files: Mapping[str, str]) -> Path:
        return write_repo(tmp_path / f"repo{next(counter)}", files)

    return make


def analyse_repo(root: Path) -> Analysis:
    return analyse(root, load_config(root))


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def package_json(name: str, **fields: object) -> str:
    return json.dumps({"name": name, **fields}, indent=2)


def schemas_tsconfig(base_url: str, *, billing: bool) -> str:
    """A shared tsconfig whose `paths` send `@schemas/*` to the gateway's own schemas, or to
    billing's (an SC101), `base_url` leading from its folder to the gateway's."""
    target = "../billing/src/schemas/*" if billing else "src/schemas/*"
    return json.dumps({"compilerOptions": {"baseUrl": base_url, "paths": {"@schemas/*": [target]}}})


OWN_SCHEMAS = schemas_tsconfig("..", billing=False)
BILLING_SCHEMAS = schemas_tsconfig("..", billing=True)
# The gateway's tsconfig takes its `paths` from a shared file in a folder the walk skips:
# whether `@schemas/invoice` is the gateway's own code or billing's (SC101) is decided there.
SHARED_TSCONFIG = {
    "seamcheck.toml": 'exclude = ["gateway/config"]\n',
    "docker-compose.yml": """
        services:
          gateway:
            build: ./gateway
          billing:
            build: ./billing
    """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/tsconfig.json": '{"extends": "./config/base.json"}',
    "gateway/src/server.ts": """
        import express from "express";
        import { parseInvoice } from "@schemas/invoice";

        const app = express();
        app.post("/api/invoices", (req, res) => res.json(parseInvoice(req.body)));
        app.listen(8080);
    """,
    "gateway/src/schemas/invoice.ts": "export const parseInvoice = (body: unknown) => body;\n",
    "billing/package.json": package_json("billing", dependencies={"express": "^4.19.0"}),
    "billing/src/server.ts": """
        import express from "express";
        import { parseInvoice } from "./schemas/invoice";

        const app = express();
        app.post("/invoices", (req, res) => res.json(parseInvoice(req.body)));
        app.listen(9000);
    """,
    "billing/src/schemas/invoice.ts": "export const parseInvoice = (body: unknown) => body;\n",
}
