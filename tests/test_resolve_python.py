"""Python import resolution: source roots, packages, relative imports, first/third party."""

from __future__ import annotations

from conftest import RepoFactory, analyse_repo
from seamcheck.analysis import Analysis


def import_edges(analysis: Analysis, source: str) -> set[tuple[str, str]]:
    graph = analysis.graph
    return {
        (target, data["import_kind"])
        for _, target, data in graph.out_edges(source, data=True)
        if data["kind"] == "imports"
    }


def unresolved_imports(analysis: Analysis) -> list[tuple[str, str, str]]:
    return [
        (u["path"], u["specifier"], u["reason"])
        for u in analysis.graph.graph["unresolved"]
        if u["kind"] == "import"
    ]


def test_src_layout_relative_imports_and_submodule_preference(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/pyproject.toml": '[project]\nname = "svc"\n',
            "svc/src/app/__init__.py": "",
            "svc/src/app/settings.py": "PREFIX = '/v1'\n",
            "svc/src/app/routers/__init__.py": "from . import predict\n",
            "svc/src/app/routers/predict.py": (
                "from ..settings import PREFIX\nfrom .. import settings\nfrom . import helpers\n"
            ),
            "svc/src/app/routers/helpers.py": "from app.routers import predict\n",
            "svc/tests/test_app.py": "from app import settings\nimport app.routers.predict\n",
        }
    )
    analysis = analyse_repo(root)
    base = "svc/src/app"
    assert import_edges(analysis, f"{base}/routers/predict.py") == {
        (f"{base}/settings.py", "static"),
        (f"{base}/routers/helpers.py", "static"),
    }
    # `from app.routers import predict` reaches the submodule, not the package
    assert import_edges(analysis, f"{base}/routers/helpers.py") == {
        (f"{base}/routers/predict.py", "static")
    }
    assert import_edges(analysis, f"{base}/routers/__init__.py") == {
        (f"{base}/routers/predict.py", "static")
    }
    # tests outside src/ are named from the service root and still resolve into src/
    assert import_edges(analysis, "svc/tests/test_app.py") == {
        (f"{base}/settings.py", "static"),
        (f"{base}/routers/predict.py", "static"),
    }
    assert analysis.graph.nodes[f"{base}/routers/predict.py"]["name"] == "app.routers.predict"
    assert unresolved_imports(analysis) == []


def test_namespace_packages_flat_layout_and_name_fallback(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "numpy\n",
            "svc/ml/models/classifier.py": "WEIGHTS = 1\n",  # no __init__.py anywhere
            "svc/ml/service.py": (
                "from ml.models import classifier\n"
                "from ml.models.classifier import WEIGHTS\n"
                "import ml.models\n"
            ),
        }
    )
    analysis = analyse_repo(root)
    # the namespace package itself has no file, so `import ml.models` makes no module edge
    assert import_edges(analysis, "svc/ml/service.py") == {
        ("svc/ml/models/classifier.py", "static")
    }
    assert analysis.graph.nodes["svc/ml/models/classifier.py"]["name"] == "ml.models.classifier"
    assert unresolved_imports(analysis) == []


def test_stdlib_third_party_and_distribution_names(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app.py": (
                "import os.path\nimport sklearn.linear_model\nfrom PIL import Image\n"
                "import yaml\nimport cv2\nfrom google.protobuf import message\nimport numpy as np\n"
                # Prefect's `processutils`: the standard library as type checkers see it.
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from _typeshed import StrOrBytesPath\n"
            ),
        }
    )
    analysis = analyse_repo(root)
    assert {t for t, _ in import_edges(analysis, "svc/app.py")} == {
        "ext:python:os",
        "ext:python:typing",
        "ext:python:_typeshed",
        "ext:python:scikit-learn",
        "ext:python:pillow",
        "ext:python:pyyaml",
        "ext:python:opencv-python",
        "ext:python:protobuf",
        "ext:python:numpy",
    }
    nodes = analysis.graph.nodes
    assert nodes["ext:python:os"]["origin"] == "stdlib"
    # Before: the distribution "-typeshed", third party.
    assert nodes["ext:python:_typeshed"]["origin"] == "stdlib"
    assert nodes["ext:python:scikit-learn"]["origin"] == "third_party"


def test_import_kinds_type_checking_lazy_importlib(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/pkg/__init__.py": "",
            "svc/pkg/a.py": "",
            "svc/pkg/b.py": "",
            "svc/pkg/c.py": "",
            "svc/pkg/d.py": "",
            "svc/pkg/main.py": """
                import importlib
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from pkg import a
                else:
                    from pkg import b
                def load():
                    from pkg import c
                    return importlib.import_module("pkg.d")
            """,
        }
    )
    analysis = analyse_repo(root)
    assert import_edges(analysis, "svc/pkg/main.py") == {
        ("svc/pkg/a.py", "type_checking"),
        ("svc/pkg/b.py", "static"),
        ("svc/pkg/c.py", "lazy"),
        ("svc/pkg/d.py", "importlib"),
        ("ext:python:importlib", "static"),
        ("ext:python:typing", "static"),
    }


def test_cross_service_import_resolves_to_the_other_service(repo: RepoFactory) -> None:
    root = repo(
        {
            "model/pyproject.toml": '[project]\nname = "model"\n',
            "model/src/model_core/__init__.py": "",
            "model/src/model_core/predict.py": "def predict(x): return x\n",
            "worker/requirements.txt": "",
            "worker/job.py": "from model_core.predict import predict\npredict(1)\n",
        }
    )
    analysis = analyse_repo(root)
    assert import_edges(analysis, "worker/job.py") == {
        ("model/src/model_core/predict.py", "static")
    }
    assert analysis.graph.nodes["model/src/model_core/predict.py"]["service"] == "model"


def test_unresolvable_imports_are_kept_with_a_reason(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/main.py": "from app import missing_mod\nimport app.nothere\nfrom .... import x\n",
        }
    )
    analysis = analyse_repo(root)
    assert unresolved_imports(analysis) == [
        (
            "svc/app/main.py",
            "app.nothere",
            "'app' is first-party (service 'svc') but has no module 'app.nothere'",
        ),
        ("svc/app/main.py", "....", "relative import beyond top-level package"),
    ]
    # `from app import missing_mod` is a name in the package, which exists: an edge to it
    assert ("svc/app/__init__.py", "static") in import_edges(analysis, "svc/app/main.py")


def test_importlib_relative_names_need_a_known_package(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/plugins/__init__.py": "",
            "svc/app/plugins/csv.py": "",
            "svc/app/plugins/loader.py": """
                from importlib import import_module
                def load(app_config):
                    import_module(".csv", "app.plugins")
                    import_module(".csv", package=__package__)
                    import_module(".management", app_config.name)
            """,
        }
    )
    analysis = analyse_repo(root)
    # the dynamic third call is not an import at all: no edge, nothing unresolved
    assert import_edges(analysis, "svc/app/plugins/loader.py") == {
        ("svc/app/plugins/csv.py", "importlib"),
        ("ext:python:importlib", "static"),
    }
    assert unresolved_imports(analysis) == []


def test_modules_named_like_migrations_are_modules(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/shop/__init__.py": "",
            "svc/shop/models.py": "",
            "svc/shop/migrations/__init__.py": "",
            "svc/shop/migrations/0001_initial.py": "from shop import models\n",
        }
    )
    analysis = analyse_repo(root)
    node = "svc/shop/migrations/0001_initial.py"
    assert analysis.graph.nodes[node]["name"] == "shop.migrations.0001_initial"
    assert import_edges(analysis, node) == {("svc/shop/models.py", "static")}


def test_a_name_in_several_services_resolves_in_the_importers_own_first(
    repo: RepoFactory,
) -> None:
    # Services that each hold an `app` package, as generated services often do: the importing
    # service's own module wins, and from a service that has none, the first by name (compose
    # names them so that name order and folder order differ).
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  zeta:\n    build: ./billing\n"
            "  cart:\n    build: ./cart\n"
            "  alpha:\n    build: ./search\n"
            "  worker:\n    build: ./worker\n"
        )
    }
    for folder in ("billing", "cart", "search"):
        files[f"{folder}/requirements.txt"] = ""
        files[f"{folder}/app/__init__.py"] = ""
        files[f"{folder}/app/settings.py"] = "DEBUG = False\n"
        files[f"{folder}/ml/features/scale.py"] = "def scale(x): return x\n"  # namespace
    files["worker/requirements.txt"] = ""
    files["worker/job.py"] = "import app.settings\nimport ml.features\nimport app.gone\n"
    files["cart/app/main.py"] = "import app.settings\nimport ml.features\nimport app.gone\n"
    analysis = analyse_repo(repo(files))
    assert import_edges(analysis, "cart/app/main.py") == {("cart/app/settings.py", "static")}
    assert import_edges(analysis, "worker/job.py") == {("search/app/settings.py", "static")}
    namespaces = {
        (r.path, t.service)
        for r in analysis.resolution.imports
        for t in r.targets
        if t.kind == "namespace"
    }
    assert namespaces == {("cart/app/main.py", "cart"), ("worker/job.py", "alpha")}
    # A module missing from a first-party package is laid at the same service's door.
    assert unresolved_imports(analysis) == [
        (
            "cart/app/main.py",
            "app.gone",
            "'app' is first-party (service 'cart') but has no module 'app.gone'",
        ),
        (
            "worker/job.py",
            "app.gone",
            "'app' is first-party (service 'alpha') but has no module 'app.gone'",
        ),
    ]


def test_class_bases_are_followed_through_star_imports_re_exports_and_aliases(
    repo: RepoFactory,
) -> None:
    # What each base of a class names, recorded for the rules (the name binder is gone by
    # then): a first-party class by its node id, a library's class by its dotted name, ""
    # for a builtin or a name nothing binds.
    root = repo(
        {
            "svc/requirements.txt": "tornado\n",
            "svc/app/__init__.py": "",
            "svc/app/base.py": """\
                from tornado import web as tw


                class BaseHandler(tw.RequestHandler):
                    pass


                Base = BaseHandler
                """,
            "svc/app/handlers/__init__.py": "from app.base import *\n",
            "svc/app/views.py": """\
                from app.base import *
                from app.handlers import Base


                class Mixin(object):
                    pass


                class StarHandler(Mixin, BaseHandler):
                    class Inner(Base, Unknown):
                        pass
                """,
        }
    )
    bases = analyse_repo(root).resolution.class_bases
    assert bases == {
        "svc/app/base.py::BaseHandler": ("tornado.web.RequestHandler",),
        "svc/app/views.py::Mixin": ("",),
        "svc/app/views.py::StarHandler": (
            "svc/app/views.py::Mixin",
            "svc/app/base.py::BaseHandler",
        ),
        "svc/app/views.py::StarHandler.Inner": ("svc/app/base.py::BaseHandler", ""),
    }
