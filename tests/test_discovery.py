"""Discovery: files honouring .gitignore and default excludes, services and their owners."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, RepoFactory, analyse_repo, package_json
from seamcheck.config import Config, ServiceConfig
from seamcheck.project import discover


def paths(root: Path, config: Config | None = None) -> list[str]:
    return [f.path for f in discover(root, config or Config()).files]


def test_gitignore_and_default_excludes(repo: RepoFactory) -> None:
    root = repo(
        {
            "package.json": package_json("app", dependencies={"express": "^4"}),
            ".gitignore": "generated/\n*.log\n!keep.log\n",
            "src/server.js": "require('express')\n",
            "generated/schema.js": "module.exports = {}\n",
            "src/sub/.gitignore": "local.js\n",
            "src/sub/local.js": "x()\n",
            "src/sub/kept.js": "y()\n",
            "node_modules/express/index.js": "module.exports = {}\n",
            "dist/bundle.js": "a()\n",
            ".venv/pyvenv.cfg": "home = /usr\n",
            ".venv/lib/site.py": "x = 1\n",
            "env2/pyvenv.cfg": "home = /usr\n",
            "env2/lib/x.py": "x = 1\n",
            "public/app.min.js": "a()\n",
            "proto/api_pb2.py": "x = 1\n",
        }
    )
    assert paths(root) == ["src/server.js", "src/sub/kept.js"]


def test_project_templates_are_not_walked_unless_asked(repo: RepoFactory) -> None:
    # kedro ships `kedro/templates/project/{{ cookiecutter.repo_name }}`, a project that
    # imports kedro; walked, it was a second service whose every import was an SC101.
    template = "kedro/templates/project/{{ cookiecutter.repo_name }}"
    files = {
        "pyproject.toml": '[project]\nname = "kedro"\n',
        "kedro/__init__.py": "",
        "kedro/pipeline/__init__.py": "def node(func):\n    return func\n",
        f"{template}/requirements.txt": "kedro\n",
        f"{template}/src/{{{{ cookiecutter.python_package }}}}/pipeline_registry.py": (
            "from kedro.pipeline import node\n"
        ),
        "copier/{% if docker %}docker{% endif %}/app.py": "import os\n",
    }
    root = repo(files)

    assert paths(root) == ["kedro/__init__.py", "kedro/pipeline/__init__.py"]
    assert [s.name for s in discover(root, Config()).services] == ["kedro"]
    walked = paths(root, Config(exclude=(f"!{template}/",)))
    assert f"{template}/src/{{{{ cookiecutter.python_package }}}}/pipeline_registry.py" in walked


def test_config_exclude_patterns(repo: RepoFactory) -> None:
    root = repo({"requirements.txt": "", "app.py": "", "scripts/tool.py": ""})
    assert paths(root, Config(exclude=("scripts/",))) == ["app.py"]


def test_symlinks_out_of_the_root_are_not_followed(repo: RepoFactory, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("x = 1\n")
    root = repo({"requirements.txt": "", "app.py": ""})
    (root / "escape.py").symlink_to(outside / "secret.py")
    (root / "loop").symlink_to(root)
    assert paths(root) == ["app.py"]


def test_services_detected_from_manifests_and_nearest_owner(repo: RepoFactory) -> None:
    root = repo(
        {
            "services/api/package.json": package_json("@acme/api", dependencies={"fastify": "4"}),
            "services/api/src/index.ts": "export const x = 1\n",
            "services/api/tools/gen/package.json": package_json("gen"),
            "services/api/tools/gen/run.js": "run()\n",
            "services/model/pyproject.toml": '[project]\nname = "model"\ndependencies = ["torch>=2"]\n',
            "services/model/app/main.py": "import torch\n",
            "jobs/etl/requirements-dev.txt": "pandas==2.2\n",
            "jobs/etl/etl.py": "import pandas\n",
            "legacy/Pipfile": '[packages]\nflask = "*"\n',
            "legacy/app.py": "import flask\n",
        }
    )
    project = discover(root, Config())
    summary = {s.name: (s.root, s.language, s.dependencies) for s in project.services}
    assert summary == {
        "api": ("services/api", "typescript", ("fastify",)),
        "gen": ("services/api/tools/gen", "javascript", ()),
        "model": ("services/model", "python", ("torch",)),
        "etl": ("jobs/etl", "python", ("pandas",)),
        "legacy": ("legacy", "python", ("flask",)),
    }
    owners = {f.path: f.service for f in project.files}
    assert owners["services/api/tools/gen/run.js"] == "gen"
    assert owners["services/api/src/index.ts"] == "api"


def test_compose_names_workspaces_and_browser_tag() -> None:
    project = discover(FIXTURES / "demo", Config())
    services = {s.name: s for s in project.services}
    assert sorted(services) == ["cart", "gateway", "ml", "shared", "web", "worker"]
    # compose maps ./services/ml-service to the compose service name `ml`
    assert services["ml"].root == "services/ml-service"
    assert services["web"].tags == ("browser", "workspace")
    assert services["gateway"].tags == ("workspace",)
    assert services["shared"].root == "packages/shared"
    assert project.workspace_packages == {
        "@acme/cart": "services/cart",
        "@acme/gateway": "services/gateway",
        "@acme/shared": "packages/shared",
        "@acme/web": "apps/web",
    }
    gateway = next(c for c in project.compose if c.name == "gateway")
    assert gateway.published_ports == ("8080:8080",)
    assert ("ML_URL", "http://ml:8000") in gateway.environment
    # the demo's deliberately ignored files never reach the analysis
    analysed = {f.path for f in project.files}
    assert "services/gateway/generated/schema.ts" not in analysed
    assert not any("node_modules" in p or "/dist/" in p for p in analysed)


def test_config_services_win_and_amend(repo: RepoFactory) -> None:
    root = repo(
        {
            "backend/requirements.txt": "fastapi\n",
            "backend/main.py": "import fastapi\n",
            "edge/package.json": package_json("edge"),
            "edge/index.js": "x()\n",
            "shared/lib/util.py": "def f(): pass\n",
        }
    )
    config = Config(
        services=(
            ServiceConfig(name="py-lib", path="shared", language="python", tags=("shared",)),
            ServiceConfig(name="edge", tags=("edge",)),
            ServiceConfig(name="backend", disabled=True),
        )
    )
    project = discover(root, config)
    summary = {s.name: (s.root, s.language, s.tags, s.origin) for s in project.services}
    assert summary == {
        "edge": ("edge", "javascript", ("edge",), "detected"),
        "py-lib": ("shared", "python", ("library", "shared"), "config"),
    }
    assert {f.path: f.service for f in project.files} == {
        "edge/index.js": "edge",
        "shared/lib/util.py": "py-lib",
    }
    skipped = {s.path: s.reason for s in project.skipped}
    assert skipped == {"backend/main.py": "belongs to no service"}


def test_loose_files_form_a_root_service(repo: RepoFactory) -> None:
    root = repo({"scripts/deploy.py": "import os\n", "tools/check.py": "import sys\n"})
    project = discover(root, Config())
    assert [(s.name, s.root, s.language, s.origin) for s in project.services] == [
        (root.name, ".", "python", "root")
    ]


def test_pnpm_workspaces(repo: RepoFactory) -> None:
    root = repo(
        {
            "package.json": package_json("mono"),
            "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - '!apps/skip'\n",
            "apps/a/package.json": package_json("@m/a"),
            "apps/a/index.ts": "export {}\n",
            "apps/skip/package.json": package_json("@m/skip"),
            "apps/skip/index.ts": "export {}\n",
        }
    )
    project = discover(root, Config())
    assert project.workspace_packages == {"@m/a": "apps/a"}
    assert [s.name for s in project.services] == ["a", "skip"]


def test_a_workspace_root_compose_builds_from_takes_no_service_name(repo: RepoFactory) -> None:
    """A uv workspace whose compose file builds every image from the root (`context: .`,
    `dockerfile: services/X/Dockerfile`): the root has no sources, so it is no service, and
    the compose name it would take leaves the service folder of that name its name."""
    root = repo(
        {
            "pyproject.toml": '[tool.uv.workspace]\nmembers = ["services/*"]\n',
            "docker-compose.yml": """\
                services:
                  api:
                    build: {context: ., dockerfile: services/api/Dockerfile}
                  worker:
                    build: {context: ., dockerfile: services/worker/Dockerfile}
                """,
            "services/api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "services/api/src/api/main.py": "import fastapi\n",
            "services/worker/pyproject.toml": '[project]\nname = "worker"\ndependencies = ["httpx"]\n',
            "services/worker/src/worker/run.py": "import httpx\n",
        }
    )
    # Before: the worker was named 'services/worker': the root took the compose name
    # 'worker' (the last service built from it) and the two clashed.
    assert [(s.name, s.root) for s in discover(root, Config()).services] == [
        ("api", "services/api"),
        ("worker", "services/worker"),
    ]


def test_a_package_json_only_holding_a_python_package_version_is_no_node_service(
    repo: RepoFactory,
) -> None:
    # gradio keeps its version in `gradio/package.json` (read by hatch); taken for a Node
    # manifest, the whole Python package was a JavaScript service: its FastAPI routes
    # unread and every `import torch` a false SC102.
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "gradio"\ndependencies = ["fastapi", "torch"]\n',
            "gradio/__init__.py": "from gradio.routes import app\n",
            "gradio/package.json": '{"name": "gradio", "version": "6.31.0", "python": "true"}',
            "gradio/routes.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/config')\ndef config():\n    return {}\n"
            ),
            "gradio/pipelines.py": "import torch\n",
            "client/package.json": package_json("@gradio/client", scripts={"build": "vite"}),
            "client/src/index.ts": "export const x = 1\n",
            "tool/__init__.py": "",
            "tool/package.json": package_json("tool", scripts={"build": "tsc"}),
            "tool/index.js": "run()\n",
        }
    )
    project = discover(root, Config())
    summary = {s.name: (s.root, s.language) for s in project.services}
    assert summary == {
        "gradio": (".", "python"),
        "client": ("client", "typescript"),
        "tool": ("tool", "javascript"),  # a package.json npm can run stays a Node project
    }
    analysis = analyse_repo(root)
    assert [f.code for f in analysis.findings if f.code.startswith("SC1")] == []
    routes = [n for n, d in analysis.graph.nodes(data=True) if d.get("kind") == "route"]
    assert len(routes) == 1


def test_a_private_package_json_bundling_a_python_packages_assets_is_no_node_service(
    repo: RepoFactory,
) -> None:
    # nicegui bundles each element's npm library with a private rollup recipe beside the
    # element's `__init__.py`; taken for Node services, every element importing the
    # package's own `static/utils` scripts was a false SC101 (6 on nicegui 3.18.0).
    bundle = {"private": True, "type": "module", "dependencies": {"ag-grid-community": "^34"}}
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "nicegui"\ndependencies = ["fastapi"]\n',
            "nicegui/__init__.py": "from .app import app\n",
            "nicegui/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "nicegui/static/utils/dynamic_properties.js": "export function convert(x) {}\n",
            "nicegui/elements/__init__.py": "",
            "nicegui/elements/aggrid/__init__.py": "from .aggrid import AgGrid\n",
            "nicegui/elements/aggrid/aggrid.py": "class AgGrid:\n    pass\n",
            "nicegui/elements/aggrid/package.json": package_json(
                "nicegui-aggrid-bundle",
                **bundle,
                scripts={"build": "rollup -c rollup.config.mjs", "clean": "rimraf ./dist/*"},
            ),
            "nicegui/elements/aggrid/aggrid.js": (
                'import { convert } from "../../static/utils/dynamic_properties.js";\n'
                "export default { mounted() { convert(this.options); } };\n"
            ),
            # one that starts a server is a Node project, private or not
            "nicegui/elements/relay/__init__.py": "",
            "nicegui/elements/relay/package.json": package_json(
                "relay", **bundle, scripts={"start": "node server.js"}
            ),
            "nicegui/elements/relay/server.js": (
                'import { convert } from "../../static/utils/dynamic_properties.js";\n'
            ),
        }
    )
    project = discover(root, Config())
    assert {s.name: (s.root, s.language) for s in project.services} == {
        "nicegui": (".", "python"),
        "relay": ("nicegui/elements/relay", "javascript"),
    }
    owners = {f.path: f.service for f in project.files}
    assert owners["nicegui/elements/aggrid/aggrid.js"] == "nicegui"
    sc101 = [f.path for f in analyse_repo(root).findings if f.code == "SC101"]
    assert sc101 == ["nicegui/elements/relay/server.js"]


def test_the_requirements_of_a_test_suite_make_no_service(repo: RepoFactory) -> None:
    # gradio's `test/requirements.txt` made its tests a service: each of their 257
    # imports of the package under test was a false SC101.
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "gradio"\ndependencies = ["fastapi"]\n',
            "gradio/__init__.py": "from gradio.routes import app\n",
            "gradio/routes.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "test/requirements.txt": "pytest\nhttpx\n",
            "test/conftest.py": "import pytest\n",
            "test/test_routes.py": "import gradio\nfrom gradio.routes import app\n",
            "worker/requirements.txt": "celery\n",
            "worker/tasks.py": "from gradio.routes import app\n",
            "e2e/tests/requirements.txt": "requests\n",
            "e2e/tests/test_smoke.py": "import requests\n",
            "docker-compose.yml": "services:\n  smoke:\n    build: ./e2e/tests\n",
        }
    )
    project = discover(root, Config())
    owners = {f.path: f.service for f in project.files}
    assert owners["test/test_routes.py"] == "gradio"
    # a deployable beside it keeps its own service; so does a suite compose builds
    assert owners["worker/tasks.py"] == "worker"
    assert owners["e2e/tests/test_smoke.py"] == "smoke"
    sc101 = [f.path for f in analyse_repo(root).findings if f.code == "SC101"]
    assert sc101 == ["worker/tasks.py"]
