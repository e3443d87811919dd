"""A Python name imported, then assigned again in the scope that imports it (`from config
import API_URL`, then `API_URL = API_URL + "/v2"`): the import is the name's first value
and the assignments after it follow, as for a name a scope assigns more than once. Before,
the lookup followed the import to its module and never saw the assignment: the gateway's
call was read at the imported base URL, linked to the wrong route or reported broken with a
false "did you mean" (SC104)."""

from __future__ import annotations

from conftest import RepoFactory
from seams_helpers import findings, links, problems, route_labels

COMPOSE = """\
    services:
      gateway:
        build: ./gateway
        ports: ["8080:8080"]
      ml:
        build: ./ml
    """

ML_SERVICE = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/users")
    def old_users() -> list:
        return []


    @app.get("/v2/users")
    def users() -> list:
        return []


    @app.post("/v2/predict")
    def predict() -> dict:
        return {}
    """

CONFIG = """\
    API_URL = "http://ml:8000"
    """


def stack(**gateway: str) -> dict[str, str]:
    """A Python gateway (its modules by name) calling the ML service, which compose runs."""
    files = {
        "docker-compose.yml": COMPOSE,
        "ml/requirements.txt": "fastapi\nuvicorn\n",
        "ml/Dockerfile": """\
            FROM python:3.12-slim
            CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
            """,
        "ml/main.py": ML_SERVICE,
        "gateway/requirements.txt": "requests\nhttpx\n",
        "gateway/config.py": CONFIG,
    }
    files.update({f"gateway/{name}.py": text for name, text in gateway.items()})
    return files


# Assignments that leave the imported value: taking the trailing slashes off, an
# `except ImportError` fallback of the same value or of no string, one written before the
# import (which the import rebinds).
KEPT = {
    "stripped": """\
        import requests

        from config import API_URL

        API_URL = API_URL.rstrip("/")


        def users():
            return requests.get(f"{API_URL}/v2/users")
        """,
    "fallback": """\
        import httpx

        try:
            from config import API_URL
        except ImportError:
            API_URL = "http://ml:8000"
        try:
            from config import API_URL as BASE
        except ImportError:
            BASE = None


        def predict():
            httpx.post(f"{BASE}/v2/predict")
            return httpx.post(f"{API_URL}/v2/predict")
        """,
    "early": """\
        import requests

        API_URL = "http://localhost:9000"
        from config import API_URL  # noqa: E402


        def users():
            return requests.get(f"{API_URL}/v2/users")
        """,
}
unchanged = [
    "gateway/early.py:8 GET /v2/users -> ml linked ml/main.py:11",
    "gateway/fallback.py:14 POST /v2/predict -> ml linked ml/main.py:16",
    "gateway/fallback.py:15 POST /v2/predict -> ml linked ml/main.py:16",
    "gateway/stripped.py:9 GET /v2/users -> ml linked ml/main.py:11",
]


def sc104(root: object) -> list[str]:
    return [f for f in findings(root) if f.startswith("SC104")]  # type: ignore[arg-type]


def test_an_import_changed_where_it_is_imported_is_not_its_modules_value(
    repo: RepoFactory,
) -> None:
    root = repo(
        stack(
            client="""\
            import requests

            from config import API_URL

            API_URL = API_URL + "/v2"


            def users():
                return requests.get(f"{API_URL}/users")
            """,
            jobs="""\
            import httpx


            def predict():
                from config import API_URL

                API_URL = f"{API_URL}/v2"
                return httpx.post(f"{API_URL}/predict")
            """,
            **KEPT,
        )
    )
    # Before: client.py linked to GET /users, jobs.py broken ("did you mean /v2/predict").
    assert links(root) == unchanged
    assert problems(root) == [
        "gateway/client.py:9 {API_URL}/users: URL is not known before run time: 'API_URL'"
        " is imported (gateway/client.py:3) and assigned again (gateway/client.py:5)",
        "gateway/jobs.py:8 {API_URL}/predict: URL is not known before run time: 'API_URL'"
        " is imported (gateway/jobs.py:5) and assigned again (gateway/jobs.py:7)",
    ]
    assert sc104(root) == []


def test_an_import_overridden_from_the_environment_is_not_known(repo: RepoFactory) -> None:
    root = repo(
        stack(
            client="""\
            import os

            import requests

            from config import API_URL

            API_URL = os.getenv("API_URL") or API_URL


            def users():
                return requests.get(f"{API_URL}/users")
            """,
        )
    )
    assert links(root) == []
    assert [p.split(": ")[0] for p in problems(root)] == ["gateway/client.py:11 {API_URL}/users"]


def test_an_import_with_a_fallback_of_another_value_is_unsure(repo: RepoFactory) -> None:
    """`except ImportError: API_URL = "http://localhost:9000"`: which of the two the name
    holds depends on whether the import runs; neither is guessed."""
    root = repo(
        stack(
            jobs="""\
            import httpx

            try:
                from config import API_URL
            except ImportError:
                API_URL = "http://localhost:9000"


            def predict():
                return httpx.post(f"{API_URL}/predict")
            """,
        )
    )
    # Before: read at the imported value, broken ("did you mean /v2/predict").
    assert links(root) == []
    assert sc104(root) == []
    assert problems(root) == [
        "gateway/jobs.py:10 {API_URL}/predict: URL is not known before run time: 'API_URL'"
        " is imported (gateway/jobs.py:4) and assigned again (gateway/jobs.py:6)"
    ]


def test_a_route_prefix_imported_then_changed_is_not_the_imported_one(repo: RepoFactory) -> None:
    """Every reader of a value gets it: a router's prefix too."""
    ml = {
        "ml/settings.py": 'API_PREFIX = "/api"\n',
        "ml/main.py": """\
            from fastapi import APIRouter, FastAPI

            from settings import API_PREFIX

            API_PREFIX = API_PREFIX + "/v2"

            app = FastAPI()
            router = APIRouter()


            @router.get("/users")
            def users() -> list:
                return []


            app.include_router(router, prefix=API_PREFIX)
            """,
    }
    caller = """\
        import requests


        def users():
            return requests.get("http://ml:8000/api/v2/users")
        """
    root = repo({**stack(client=caller), **ml})
    # Before: GET /api/users, a route the service does not serve. The prefix is now known
    # only at run time: the route is one seamcheck cannot read, under any prefix.
    assert route_labels(root, "ml") == []
    assert any(
        "the route /users of a router mounted at a path known only at run time" in line
        for line in findings(root)
    )
