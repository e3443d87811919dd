"""Python import roots beyond `<service>/src` and the service root: the folder of a Django
`manage.py`, pytest's `pythonpath`, setuptools' and Poetry's package folders, and configured
`source_roots`. Each repository here runs its code from such a folder, so its own packages are
imported as top-level names that are not third-party libraries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RepoFactory, analyse_repo, package_json, run_cli

# Label Studio's shape: the manifest at the repository root, `manage.py` one folder down
# beside the Django apps, which import each other by their own names.
DJANGO = {
    "pyproject.toml": (
        '[project]\nname = "shop"\ndependencies = ["django", "channels", "requests"]\n'
    ),
    "backend/manage.py": """
        #!/usr/bin/env python
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
    """,
    "backend/config/__init__.py": "",
    "backend/config/settings.py": 'INSTALLED_APPS = ["orders", "billing"]\n',
    "backend/orders/__init__.py": "",
    "backend/orders/models.py": """
        from django.db import models


        class Order(models.Model):
            total = models.IntegerField()
    """,
    "backend/orders/views.py": """
        from django.http import JsonResponse

        from billing.receipts import render_receipt
        from orders.models import Order


        async def receipt(request, order_id):
            order = await Order.objects.aget(pk=order_id)
            return JsonResponse({"receipt": render_receipt(order)})
    """,
    "backend/billing/__init__.py": "",
    "backend/billing/receipts.py": """
        from billing.templates import load_template


        def render_receipt(order):
            return load_template("receipt.txt").format(total=order.total)
    """,
    "backend/billing/templates.py": """
        def load_template(name):
            with open(f"templates/{name}") as handle:
                return handle.read()
    """,
}

LAYERS = """
[[contracts]]
name = "apps"
type = "layers"
layers = ["backend/orders/", "backend/billing/"]
"""


def check(root: Path, select: str) -> list[dict[str, object]]:
    result = run_cli("check", str(root), "--no-cache", "--select", select, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.output)["findings"]
    return found


def brief(root: Path, select: str) -> list[str]:
    return [f"{f['path']}:{f['line']}: {f['code']} {f['message']}" for f in check(root, select)]


def import_targets(root: Path, source: str) -> set[str]:
    graph = analyse_repo(root).graph
    return {t for _, t, d in graph.out_edges(source, data=True) if d["kind"] == "imports"}


def test_django_apps_beside_manage_py_import_each_other(repo: RepoFactory) -> None:
    root = repo(DJANGO)
    analysis = analyse_repo(root)
    graph = analysis.graph
    # Before: `billing.receipts` was a library named "billing", and the view's call of
    # render_receipt was not followed.
    assert import_targets(root, "backend/orders/views.py") == {
        "backend/billing/receipts.py",
        "backend/orders/models.py",
        "ext:python:django",
    }
    # The name its code imports it by: the deeper root's (`label_studio.core.x` is `core.x`).
    assert graph.nodes["backend/billing/receipts.py"]["name"] == "billing.receipts"
    assert [f"{f.path}:{f.line}: {f.code}" for f in analysis.findings] == [
        "backend/orders/views.py:9: SC202"
    ]
    [finding] = check(root, "SC202")
    assert finding["message"] == (
        "async function `receipt` calls sync `render_receipt()`, which reaches blocking "
        "`open()`: render_receipt() → load_template() → open (templates.py:2), and 1 more "
        "blocking call; use await sync_to_async(open)(...) (or aiofiles) there, or await "
        "sync_to_async(render_receipt)(...) here"
    )


def test_services_lists_the_root_and_no_app_as_a_library(repo: RepoFactory) -> None:
    result = run_cli("services", str(repo(DJANGO)))
    assert result.exit_code == 0, result.output
    # Before: "libraries:  billing, django, orders" and no roots line.
    assert result.output.splitlines()[:6] == [
        "shop",
        "  language:   python (python)",
        "  root:       .  (9 files)",
        "  frameworks: django",
        "  libraries:  django",
        "  roots:      backend (manage.py: backend/manage.py)",
    ]
    result = run_cli("services", str(repo(DJANGO)), "--format", "json")
    [row] = json.loads(result.output)["services"]
    assert row["source_roots"] == [
        {"folder": "backend", "how": "manage.py", "declared_in": "backend/manage.py"}
    ]


def test_a_layers_contract_sees_the_imports_between_apps(repo: RepoFactory) -> None:
    kept = repo({**DJANGO, "seamcheck.toml": LAYERS})
    assert brief(kept, "SC3") == []
    # billing, the lower layer, imports orders: broken only once `orders.models` resolves.
    broken = repo(
        {
            **DJANGO,
            "seamcheck.toml": LAYERS,
            "backend/billing/templates.py": "from orders.models import Order\n",
        }
    )
    assert brief(broken, "SC3") == [
        "backend/billing/templates.py:1: SC301 layers contract 'apps': layer "
        "'backend/billing/' imports higher layer 'backend/orders/': billing.templates imports "
        "orders.models"
    ]


def test_a_contract_naming_apps_by_their_longer_name_says_which_they_go_by(
    repo: RepoFactory,
) -> None:
    longer = LAYERS.replace('"backend/orders/", "backend/billing/"', '"backend.orders", "shop"')
    assert brief(repo({**DJANGO, "seamcheck.toml": longer}), "SC3") == [
        "seamcheck.toml:1: SC301 layers contract 'apps': layers[0] 'backend.orders' matches no "
        "module, so the contract checks nothing there; its modules go by 'orders', their name "
        "from the folder their code runs in (see `seamcheck services`)",
        "seamcheck.toml:1: SC301 layers contract 'apps': layers[1] 'shop' matches no module, "
        "so the contract checks nothing there; fix or remove it",
    ]


def test_a_module_under_two_names_is_one_module(repo: RepoFactory) -> None:
    # Label Studio imports `core.utils.io` and `label_studio.core.utils.io` both: one file.
    root = repo(
        {
            **DJANGO,
            "backend/orders/admin.py": (
                "from backend.billing.receipts import render_receipt\n"
                "from billing.receipts import render_receipt as again\n"
                "from ..billing import templates\n"
            ),
            "backend/billing/receipts.py": (
                "from backend.orders.admin import render_receipt as loop\n"
                "def render_receipt(order):\n    return order\n"
            ),
            "seamcheck.toml": '[[contracts]]\nname = "no cycles"\ntype = "acyclic"\n',
        }
    )
    analysis = analyse_repo(root)
    edges = [
        (t, d["line"])
        for _, t, d in analysis.graph.out_edges("backend/orders/admin.py", data=True)
        if d["kind"] == "imports"
    ]
    # `..billing` climbs above `orders`, the top-level package of the file's own name: from
    # its other name, `backend.orders.admin`, it is `backend.billing`.
    assert sorted(edges) == [
        ("backend/billing/receipts.py", 1),
        ("backend/billing/receipts.py", 2),
        ("backend/billing/templates.py", 3),
    ]
    modules = [n for n, d in analysis.graph.nodes(data=True) if d["kind"] == "module"]
    assert [(n, analysis.graph.nodes[n]["name"]) for n in modules if "receipts" in n] == [
        ("backend/billing/receipts.py", "billing.receipts")
    ]
    # One cycle of two modules, not one per pair of names.
    assert brief(root, "SC304") == [
        "backend/billing/receipts.py:1: SC304 acyclic contract 'no cycles': import cycle of 2 "
        "module(s): billing.receipts -> orders.admin -> billing.receipts"
    ]


def test_manage_py_names_are_seen_only_from_inside_its_folder(repo: RepoFactory) -> None:
    # A script at the repository root does not run with backend/ on sys.path.
    code = "import orders.models\nimport backend.orders\n"
    root = repo({**DJANGO, "scripts/seed.py": code, "backend/seed.py": code})
    assert import_targets(root, "scripts/seed.py") == {
        "ext:python:orders",
        "backend/orders/__init__.py",
    }
    assert import_targets(root, "backend/seed.py") == {
        "backend/orders/models.py",
        "backend/orders/__init__.py",
    }


def test_only_a_django_manage_py_adds_a_root(repo: RepoFactory) -> None:
    assert "backend/billing/receipts.py" in import_targets(repo(DJANGO), "backend/orders/views.py")
    click = repo({**DJANGO, "backend/manage.py": "import click\n\nclick.echo('tasks')\n"})
    assert "backend/billing/receipts.py" not in import_targets(click, "backend/orders/views.py")


PYTEST_APP = {
    "pyproject.toml": '[project]\nname = "reports"\ndependencies = ["fastapi"]\n',
    "src/app/main.py": """
        from fastapi import FastAPI

        from services.exports import export_csv

        app = FastAPI()


        @app.get("/export")
        async def export():
            return export_csv()
    """,
    "src/app/services/__init__.py": "",
    "src/app/services/exports.py": """
        import time


        def export_csv():
            time.sleep(2)
            return "id,total"
    """,
    "tests/test_main.py": "from main import app\n",
}


@pytest.mark.parametrize(
    ("config_file", "text"),
    [
        ("pytest.ini", "[pytest]\npythonpath = src/app\ntestpaths = tests\n"),
        ("setup.cfg", "[tool:pytest]\npythonpath =\n    src/app\n"),
        ("tox.ini", "[tox]\nenvlist = py312\n\n[pytest]\npythonpath = src/app tests\n"),
        ("pytest.toml", '[pytest]\npythonpath = ["src/app"]\n'),
    ],
)
def test_pytest_pythonpath_is_a_root(repo: RepoFactory, config_file: str, text: str) -> None:
    root = repo({**PYTEST_APP, config_file: text})
    analysis = analyse_repo(root)
    # Before: `services.exports` was a library, and no SC202.
    assert [f"{f.path}:{f.line}: {f.code}" for f in analysis.findings] == [
        "src/app/main.py:10: SC202"
    ]
    assert import_targets(root, "tests/test_main.py") == {"src/app/main.py"}
    # pytest's path says how the tests run, not what the code is named: it keeps its
    # package name, which contracts are written with.
    assert analysis.graph.nodes["src/app/services/exports.py"]["name"] == "app.services.exports"


def test_pytest_pythonpath_in_pyproject(repo: RepoFactory) -> None:
    manifest = PYTEST_APP["pyproject.toml"]
    for table in (
        '[tool.pytest.ini_options]\npythonpath = "src/app"\n',
        '[tool.pytest]\npythonpath = ["src/app"]\n',
    ):
        root = repo({**PYTEST_APP, "pyproject.toml": manifest + table})
        assert import_targets(root, "src/app/main.py") == {
            "src/app/services/exports.py",
            "ext:python:fastapi",
        }


def test_pytest_ini_wins_over_pyproject_in_its_folder(repo: RepoFactory) -> None:
    manifest = PYTEST_APP["pyproject.toml"] + '[tool.pytest.ini_options]\npythonpath = "src/app"\n'
    alone = repo({**PYTEST_APP, "pyproject.toml": manifest})
    assert "src/app/services/exports.py" in import_targets(alone, "src/app/main.py")
    # pytest takes pytest.ini, even empty, and never reads the pyproject.toml beside it.
    root = repo({**PYTEST_APP, "pyproject.toml": manifest, "pytest.ini": "[pytest]\n"})
    assert "src/app/services/exports.py" not in import_targets(root, "src/app/main.py")


@pytest.mark.parametrize(
    "manifest",
    [
        '[project]\nname = "acme"\n\n[tool.setuptools]\npackage-dir = {"" = "lib"}\n',
        '[project]\nname = "acme"\n\n[tool.setuptools.packages.find]\nwhere = ["lib"]\n',
        '[tool.poetry]\nname = "acme"\npackages = [{ include = "acme", from = "lib" }]\n',
    ],
)
def test_declared_package_folders_are_roots(repo: RepoFactory, manifest: str) -> None:
    root = repo(
        {
            "pyproject.toml": manifest,
            "lib/acme/__init__.py": "",
            "lib/acme/core.py": "from acme.util import helper\n",
            "lib/acme/util.py": "def helper(): pass\n",
            "worker/requirements.txt": "acme\n",
            "worker/run.py": "from acme.core import helper\n",
        }
    )
    # Before: `acme.util` was a library; the file went by `lib.acme.core`.
    assert import_targets(root, "lib/acme/core.py") == {"lib/acme/util.py"}
    # An installed package: another service importing it imports the service's code.
    assert import_targets(root, "worker/run.py") == {"lib/acme/core.py"}


def test_setup_cfg_package_dir(repo: RepoFactory) -> None:
    root = repo(
        {
            "setup.cfg": "[metadata]\nname = acme\n\n[options]\npackage_dir =\n    =lib\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "lib/acme/__init__.py": "",
            "lib/acme/core.py": "from acme import util\n",
            "lib/acme/util.py": "",
        }
    )
    assert import_targets(root, "lib/acme/core.py") == {"lib/acme/util.py"}


CONTAINER_APP = {
    "api/requirements.txt": "fastapi\n",
    # The image copies app/ to /srv and starts `uvicorn main:app` there: nothing in the
    # repository says app/ is on sys.path but the Dockerfile, which seamcheck does not take
    # as certain.
    "api/Dockerfile": (
        'FROM python:3.12\nWORKDIR /srv\nCOPY app/ .\nCMD ["uvicorn", "main:app"]\n'
    ),
    "api/app/main.py": "from routers.health import router\n",
    "api/app/routers/__init__.py": "",
    "api/app/routers/health.py": "router = None\n",
}


def test_configured_source_roots(repo: RepoFactory) -> None:
    plain = repo(CONTAINER_APP)
    assert import_targets(plain, "api/app/main.py") == {"ext:python:routers"}
    config = '[services.api]\nsource_roots = ["app"]\n'
    root = repo({**CONTAINER_APP, "seamcheck.toml": config})
    assert import_targets(root, "api/app/main.py") == {"api/app/routers/health.py"}
    result = run_cli("services", str(root))
    assert "  roots:      api/app (source_roots)" in result.output.splitlines()


@pytest.mark.parametrize(
    ("roots", "problem"),
    [
        (
            '["application"]',
            "services.api.source_roots[0]: 'api/application' does not exist",
        ),
        (
            '["../shared"]',
            "services.api.source_roots[0]: must be a folder inside the service, relative to "
            "its root",
        ),
        ('"app"', "services.api.source_roots: expected an array of strings"),
        ('[""]', "services.api.source_roots[0]: must name a folder inside the service"),
        (
            '["app", "./app/"]',
            "services.api.source_roots[1]: 'api/app' is already source_roots[0]",
        ),
    ],
)
def test_configured_source_roots_must_be_folders_of_the_service(
    repo: RepoFactory, roots: str, problem: str
) -> None:
    root = repo({**CONTAINER_APP, "seamcheck.toml": f"[services.api]\nsource_roots = {roots}\n"})
    result = run_cli("check", str(root), "--no-cache")
    assert result.exit_code == 2
    assert problem in result.output


def test_source_roots_of_a_node_service_are_an_error(repo: RepoFactory) -> None:
    """Python's sys.path only: on the gateway they were passed over without a word, and its
    imports kept resolving through package.json and tsconfig as before."""
    gateway = {
        "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
        "gateway/src/lib/auth.ts": "export const check = () => true;\n",
        "gateway/src/index.ts": "import { check } from './lib/auth';\ncheck();\n",
    }
    config = '[services.gateway]\nsource_roots = ["src"]\n'
    root = repo({**CONTAINER_APP, **gateway, "seamcheck.toml": config})
    result = run_cli("check", str(root), "--no-cache")
    assert (result.exit_code, result.output) == (
        2,
        "seamcheck: error: seamcheck.toml: services.gateway.source_roots: applies to Python "
        "files only, and 'gateway' is a TypeScript service with none (its imports resolve "
        "through package.json and tsconfig `paths`)\n",
    )


def test_source_roots_of_a_typescript_service_with_python_files_name_their_imports(
    repo: RepoFactory,
) -> None:
    """A folder with a React front end beside its Python API, more of whose files are
    TypeScript: its Python files are named through the roots as a Python service's are.
    Before, such a service's `source_roots` were an error (exit 2), and three more
    components made a working configuration fail."""
    front_end = {
        "api/package.json": package_json("api", dependencies={"react": "^18"}),
        **{f"api/web/part{i}.tsx": f"export const Part{i} = () => null;\n" for i in range(5)},
    }
    config = '[services.api]\nsource_roots = ["app"]\n'
    root = repo({**CONTAINER_APP, **front_end, "seamcheck.toml": config})
    result = run_cli("services", str(root))
    assert result.exit_code == 0, result.output
    assert "  language:   typescript (node)" in result.output.splitlines()
    assert import_targets(root, "api/app/main.py") == {"api/app/routers/health.py"}


# A flat project whose pytest configuration puts its tests folder on the path, for helpers
# the tests import by their own names (`pythonpath = ["src", "tests"]` is as common).
TESTS_ON_PATH = {
    "pyproject.toml": """
        [project]
        name = "shop"
        dependencies = ["fastapi"]

        [tool.pytest.ini_options]
        pythonpath = ["tests"]
        testpaths = ["tests"]
    """,
    "shop/__init__.py": "",
    "shop/api.py": """
        from fastapi import FastAPI

        from tests.helpers.factories import make_order
        from utils import slugify

        app = FastAPI()
    """,
    "utils.py": "def slugify(text):\n    return text.lower()\n",
    "tests/__init__.py": "",
    "tests/helpers/__init__.py": "",
    "tests/helpers/factories.py": "def make_order():\n    return {'id': 1}\n",
    "tests/utils.py": "def fixture_path(name):\n    return name\n",
    "tests/test_api.py": """
        from helpers.factories import make_order
        from shop.api import app
        from utils import fixture_path
    """,
}

FORBIDDEN_TESTS = """
[[contracts]]
name = "shop imports no test code"
type = "forbidden"
source = ["shop"]
forbidden = ["tests"]
"""


def test_a_pytest_pythonpath_renames_no_module(repo: RepoFactory) -> None:
    root = repo({**TESTS_ON_PATH, "seamcheck.toml": FORBIDDEN_TESTS})
    graph = analyse_repo(root).graph
    # The tests import their helpers by the root's names...
    assert "tests/helpers/factories.py" in import_targets(root, "tests/test_api.py")
    # ...and the modules keep the names contracts were written with. Before: they went by
    # `helpers.factories` and `test_api`, and the contract below matched nothing.
    assert graph.nodes["tests/helpers/factories.py"]["name"] == "tests.helpers.factories"
    assert graph.nodes["tests/test_api.py"]["name"] == "tests.test_api"
    assert brief(root, "SC3") == [
        "shop/api.py:3: SC302 forbidden contract 'shop imports no test code': shop.api imports "
        "forbidden 'tests.helpers.factories'"
    ]


def test_a_pytest_root_is_looked_up_after_the_services_own_modules(repo: RepoFactory) -> None:
    root = repo(TESTS_ON_PATH)
    # The application's `utils` is the top-level utils.py, as when it runs; before, the
    # tests' utils.py, which only pytest puts on the path, came first.
    assert import_targets(root, "shop/api.py") == {
        "tests/helpers/factories.py",
        "utils.py",
        "ext:python:fastapi",
    }
    # Code in the root's own folder imports its siblings first, as pytest runs it.
    assert import_targets(root, "tests/test_api.py") == {
        "tests/helpers/factories.py",
        "shop/api.py",
        "tests/utils.py",
    }


def test_a_contract_naming_modules_by_a_pytest_name_says_which_they_go_by(
    repo: RepoFactory,
) -> None:
    contract = '[[contracts]]\nname = "helpers"\ntype = "independence"\nmodules = ["helpers"]\n'
    assert brief(repo({**TESTS_ON_PATH, "seamcheck.toml": contract}), "SC3") == [
        "seamcheck.toml:1: SC303 independence contract 'helpers': modules[0] 'helpers' matches "
        "no module, so the contract checks nothing there; its modules go by 'tests.helpers', "
        "their name from the folder their code runs in (see `seamcheck services`)"
    ]


# A reusable Django app's test project: `tests/manage.py` runs `tests.settings`, so the
# project imports its test apps from the repository root, as `tests.testapp`.
REUSABLE_APP = {
    "pyproject.toml": '[project]\nname = "django-widgets"\ndependencies = ["django"]\n',
    "widgets/__init__.py": "",
    "widgets/models.py": "from django.db import models\n",
    "tests/__init__.py": "",
    "tests/manage.py": DJANGO["backend/manage.py"].replace("config.settings", "tests.settings"),
    "tests/settings.py": 'INSTALLED_APPS = ["widgets", "tests.testapp"]\n',
    "tests/testapp/__init__.py": "",
    "tests/testapp/models.py": "from widgets.models import models\n",
    "tests/test_models.py": "from testapp.models import models\nfrom tests.testapp import models\n",
}


def test_a_manage_py_running_settings_named_from_outside_its_folder_renames_nothing(
    repo: RepoFactory,
) -> None:
    root = repo(REUSABLE_APP)
    graph = analyse_repo(root).graph
    # Before: `settings`, `testapp.models`, `test_models`.
    assert graph.nodes["tests/settings.py"]["name"] == "tests.settings"
    assert graph.nodes["tests/testapp/models.py"]["name"] == "tests.testapp.models"
    # Its folder is still on the path of the code in it: both names reach the module.
    edges = graph.out_edges("tests/test_models.py", data=True)
    assert sorted((t, d["line"]) for _, t, d in edges if d["kind"] == "imports") == [
        ("tests/testapp/models.py", 1),
        ("tests/testapp/models.py", 2),
    ]
