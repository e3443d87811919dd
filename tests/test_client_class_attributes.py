"""A Python client class whose base URL is a class attribute read through `self`
(`base_url = "http://model:8000"` in the class body, `f"{self.base_url}/predict"` in a
method), as a JS class field is read through `this`. A gateway service calls a FastAPI model
service that serves POST /predict: a typo'd path is a broken seam (SC104) where the class
attribute is the one value the instance may hold, and unsure (SC107), never broken, where
something else may set it (a method, a subclass, the code using the client, a dataclass's
constructor)."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

COMPOSE = """
services:
  api:
    build: ./api
    environment:
      ML_URL: http://model:8000
  model:
    build: ./model
    expose: ["8000"]
"""

MODEL = {
    "model/requirements.txt": "fastapi\nuvicorn\n",
    "model/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        async def predict(body: dict) -> dict:
            return {}
    """,
}

ROUTE = "model/app/main.py:6"


def _api(repo: RepoFactory, files: dict[str, str]) -> Path:
    return repo(
        {
            "docker-compose.yml": COMPOSE,
            **MODEL,
            "api/requirements.txt": "fastapi\nhttpx\n",
            **{f"api/api/{name}": text for name, text in files.items()},
        }
    )


def _codes(root: Path) -> list[str]:
    """`code path:line` of each seam finding (SC1xx)."""
    return [" ".join(f.split(" ")[:2]) for f in findings(root) if f.startswith("SC10")]


def _unsure(root: Path) -> list[str]:
    return [
        f"{p.split(' ', 1)[0]} {p.split('not known before run time: ', 1)[-1]}"
        for p in problems(root)
    ]


def test_a_class_attribute_read_through_self_is_the_base_url(repo: RepoFactory) -> None:
    """A literal, an environment variable and a module's setting held by a class
    attribute: each method's call is linked, or broken where its path is typo'd."""
    root = _api(
        repo,
        {
            "settings.py": """
                import os

                MODEL_URL = os.environ["ML_URL"]
            """,
            "plain.py": """
                import httpx


                class ModelClient:
                    base_url = "http://model:8000"

                    def predict(self, rows):
                        return httpx.post(f"{self.base_url}/predict", json=rows)

                    def predict_typo(self, rows):
                        return httpx.post(f"{self.base_url}/predictt", json=rows)
            """,
            "env.py": """
                import os

                import httpx


                class EnvClient:
                    base_url: str = os.environ["ML_URL"]

                    async def predict(self, rows):
                        async with httpx.AsyncClient() as c:
                            return await c.post(f"{self.base_url}/predict", json=rows)
            """,
            "configured.py": """
                import httpx

                from api import settings


                class ConfiguredClient:
                    base_url = settings.MODEL_URL

                    def predict_typo(self, rows):
                        return httpx.post(self.base_url + "/predictt", json=rows)
            """,
        },
    )

    assert links(root) == [
        "api/api/configured.py:10 POST /predictt -> model broken -",
        f"api/api/env.py:11 POST /predict -> model linked {ROUTE}",
        "api/api/plain.py:11 POST /predictt -> model broken -",
        f"api/api/plain.py:8 POST /predict -> model linked {ROUTE}",
    ]
    assert _codes(root) == ["SC104 api/api/configured.py:10", "SC104 api/api/plain.py:11"]


def test_an_init_parameter_with_a_default_is_the_default_where_no_caller_gives_it(
    repo: RepoFactory,
) -> None:
    """`self.base_url = base_url` in `__init__`: the default where the client is made with
    nothing, each caller's value where it gives one."""
    root = _api(
        repo,
        {
            "client.py": """
                import os

                import httpx

                DEFAULT_URL = os.environ["ML_URL"]


                class ModelClient:
                    def __init__(self, base_url: str = DEFAULT_URL):
                        self.base_url = base_url

                    async def predict_typo(self, rows):
                        async with httpx.AsyncClient() as c:
                            return await c.post(f"{self.base_url}/predictt", json=rows)


                client = ModelClient()
            """,
        },
    )

    assert links(root) == ["api/api/client.py:14 POST /predictt -> model broken -"]
    assert _codes(root) == ["SC104 api/api/client.py:14"]


def test_a_class_attribute_something_else_may_set_is_not_known(repo: RepoFactory) -> None:
    """The class's value is not the instance's where a method sets it again (the call
    was broken before, read with the method's value alone), a subclass overrides it, the code
    using the client sets it, or the class is a dataclass or derives from a pydantic model
    (its constructor takes the field): unsure, never broken, saying why."""
    root = _api(
        repo,
        {
            "method.py": """
                import httpx


                class Switching:
                    base_url = "http://model:8000"

                    def use_v2(self):
                        self.base_url = "http://model:8000/v2"

                    def predict(self, rows):
                        return httpx.post(f"{self.base_url}/predict", json=rows)
            """,
            "sub.py": """
                import httpx


                class Base:
                    base_url = "http://model:8000"

                    def predict_typo(self, rows):
                        return httpx.post(f"{self.base_url}/predictt", json=rows)


                class Elsewhere(Base):
                    base_url = "http://elsewhere:9000"
            """,
            "outside.py": """
                import httpx


                class Outside:
                    base_url = "http://model:8000"

                    def predict_typo(self, rows):
                        return httpx.post(f"{self.base_url}/predictt", json=rows)


                client = Outside()
                client.base_url = "http://elsewhere:9000"
            """,
            "settings.py": """
                from pydantic import BaseModel

                import httpx


                class Configured(BaseModel):
                    timeout: float = 5.0


                class ModelSettings(Configured):
                    base_url: str = "http://model:8000"

                    def predict_typo(self, rows):
                        return httpx.post(f"{self.base_url}/predictt", json=rows)
            """,
            "fields.py": """
                from dataclasses import dataclass

                import httpx


                @dataclass
                class Fields:
                    base_url: str = "http://model:8000"

                    def predict_typo(self, rows):
                        return httpx.post(f"{self.base_url}/predictt", json=rows)
            """,
        },
    )

    assert links(root) == []
    assert [c for c in _codes(root) if c.startswith("SC104")] == []
    assert _unsure(root) == [
        "api/api/fields.py:11 'base_url' is a field of Fields (api/api/fields.py),"
        " decorated with dataclass, which may set it per instance",
        "api/api/method.py:11 'base_url' is assigned more than once (api/api/method.py:5, 8)",
        "api/api/outside.py:8 'base_url' is assigned on an object that may be a Outside"
        " (api/api/outside.py:12)",
        "api/api/settings.py:14 'base_url' is a field of ModelSettings (api/api/settings.py),"
        " derived from BaseModel, which may set it per instance",
        "api/api/sub.py:8 'self.base_url' is set to different values: http://model:8000 by"
        " Base (api/api/sub.py:5), http://elsewhere:9000 by Elsewhere (api/api/sub.py:12)",
    ]


def test_a_class_attribute_set_on_the_class_or_by_name_is_unsure(repo: RepoFactory) -> None:
    """A classmethod setting `cls.base_url` (a subclass's too), other code setting `ModelClient.base_url`, a
    property of the same name, and a constructor that sets its attributes by name
    (`setattr(self, key, value)`, `self.__dict__.update`, `vars(self).update`) may each give the
    instance another base URL than the class body's: unsure, never a broken /v2 path."""
    extras = {
        "configured": ["@classmethod", "def configure(cls, url):", "    cls.base_url = url"],
        "outside": [],
        "prop": ["@property", "def base_url(self):", '    return "http://model:8000"'],
        "named": [
            "def __init__(self, **kw):",
            "    for k, v in kw.items():",
            "        setattr(self, k, v)",
        ],
        "spread": ["def __init__(self, **kw):", "    self.__dict__.update(kw)"],
        "namespace": ["def __init__(self, **kw):", "    vars(self).update(kw)"],
        # Reading its namespace sets nothing: the class attribute is read, and broken.
        "reads": ["def to_dict(self):", "    return {**vars(self), **self.__dict__.copy()}"],
    }
    files = {f"{name}.py": _client(name.title(), lines) for name, lines in extras.items()}
    files["plain.py"] = _client("Plain", [])
    files["sub.py"] = """
        from api.plain import Plain


        class Sub(Plain):
            @classmethod
            def configure(cls, url):
                cls.base_url = url
    """
    files["use.py"] = """
        from api.outside import Outside

        Outside.base_url = "http://model:8000"
    """
    root = _api(repo, files)

    assert [c for c in _codes(root) if c.startswith("SC104")] == ["SC104 api/api/reads.py:10"]
    assert _unsure(root) == [
        "api/api/configured.py:11 'base_url' is assigned on an object that may be a Configured"
        " (api/api/configured.py:8)",
        "api/api/named.py:11 Named sets its attributes by name, 'base_url' maybe"
        " (api/api/named.py:8)",
        "api/api/namespace.py:10 Namespace sets its attributes by name, 'base_url' maybe"
        " (api/api/namespace.py:7)",
        "api/api/outside.py:8 'base_url' is assigned on an object that may be a Outside"
        " (api/api/use.py:3)",
        "api/api/plain.py:8 'base_url' is assigned on an object that may be a Plain"
        " (api/api/sub.py:7)",
        "api/api/prop.py:11 'base_url' is also a method or property of Prop (api/api/prop.py:7)",
        "api/api/spread.py:10 Spread sets its attributes by name, 'base_url' maybe"
        " (api/api/spread.py:7)",
    ]


def _client(name: str, lines: list[str]) -> str:
    """A client class whose body assigns `base_url` a /v2 URL the model does not serve, then
    has `lines`, then a method reading it."""
    body = [f"    {line}" for line in lines]
    return "\n".join(
        [
            "import httpx",
            "",
            "",
            f"class {name}:",
            '    base_url = "http://model:8000/v2"',
            *body,
            "",
            "    def predict(self, rows):",
            '        return httpx.post(f"{self.base_url}/predict", json=rows)',
            "",
        ]
    )


def test_a_decorated_typescript_classs_field_is_still_read(repo: RepoFactory) -> None:
    """A decorator makes a Python class's attributes its constructor's parameters (a
    dataclass), not a TypeScript class's fields: `@Injectable()`'s field is the base URL."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  gateway:
                    build: ./gateway
                  model:
                    build: ./model
                    expose: ["8000"]
            """,
            **MODEL,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/src/model.ts": """
                import { Injectable } from '@angular/core';

                @Injectable()
                export class ModelApi {
                  base = 'http://model:8000';

                  predictTypo(rows: unknown) {
                    return fetch(`${this.base}/predictt`, { method: 'POST', body: '' });
                  }
                }
            """,
        }
    )

    assert links(root) == ["gateway/src/model.ts:8 POST /predictt -> model broken -"]
