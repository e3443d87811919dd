"""Where client calls take their base URLs from in real projects: config objects, settings
getters, Django settings, Kubernetes service hosts. Each test is a Node gateway or a Python
service calling a FastAPI model service, written the way such projects write it, and the
exact links or reasons."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, problems, route_labels

MODEL = {
    "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
    "ml/app/__init__.py": "",
    "ml/app/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/v1/embed")
        async def embed() -> dict:
            return {}
        """,
}

GATEWAY_COMPOSE = """\
services:
  gw:
    build: ./gw
    ports: ["3000:3000"]
    environment:
      ML_URL: http://ml:8000
  ml:
    build: ./ml
"""


def test_entries_of_config_objects_in_the_same_file_or_imported(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            **MODEL,
            "gw/package.json": package_json("gw", dependencies={"express": "4", "axios": "1"}),
            "gw/tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@app/*": '
            '["src/*"]}}}',
            "gw/src/config/config.ts": """\
                const defaults = { timeoutMs: 2000, mlUrl: 'http://localhost:8000' };

                export const appConfig = {
                  port: Number(process.env.PORT ?? 3000),
                  mlUrl: process.env.ML_URL ?? 'http://localhost:8000',
                  services: { ml: { url: process.env.ML_URL ?? 'http://localhost:8000' } },
                };
                export const frozen = Object.freeze({ mlUrl: 'http://ml:8000' });
                export const typed = { mlUrl: 'http://ml:8000' } as const;
                export const layered = { ...defaults, mlUrl: 'http://ml:8000' };
                export const inherited = { ...defaults, timeoutMs: 500 };
                """,
            "gw/src/index.ts": """\
                import axios from 'axios';
                import { appConfig, frozen, typed, layered, inherited } from '@app/config/config';
                import * as config from './config/config';

                const local = { mlUrl: process.env.ML_URL ?? 'http://localhost:8000' };

                export class MlClient {
                  private readonly cfg = appConfig;
                  embed = () => axios.post(`${appConfig.mlUrl}/v1/embed`);
                  nested = () => axios.post(`${appConfig.services.ml.url}/v1/embed`);
                  viaNamespace = () => axios.post(config.appConfig.mlUrl + '/v1/embed');
                  sameFile = () => axios.post(`${local.mlUrl}/v1/embed`);
                  freeze = () => axios.post(`${frozen.mlUrl}/v1/embed`);
                  asConst = () => axios.post(`${typed.mlUrl}/v1/embed`);
                  spreadFirst = () => axios.post(`${layered.mlUrl}/v1/embed`);
                  fromSpread = () => axios.post(`http://ml:8000/v1/embed?t=${inherited.timeoutMs}`);
                  field = () => axios.post(`${this.cfg.mlUrl}/v1/embed`);
                }
                """,
        }
    )
    # Before: every call but the last was SC107, "'appConfig.mlUrl' is a parameter or not a
    # constant": the entries of object literals were never read.
    assert links(root) == sorted(
        f"gw/src/index.ts:{line} POST /v1/embed -> ml linked ml/app/main.py:6"
        for line in range(9, 18)
    )
    assert problems(root) == []


def test_an_entry_something_else_may_set_stays_unknown(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            **MODEL,
            "gw/package.json": package_json("gw", dependencies={"axios": "1"}),
            "gw/src/config.js": """\
                const defaults = { mlUrl: 'http://ml:8000' };
                const overrides = JSON.parse(process.env.OVERRIDES || '{}');

                export const spreadAfter = { mlUrl: 'http://ml:8000/v2', ...overrides };
                export const spreadKnown = { mlUrl: 'http://ml:8000/v2', ...defaults };
                export const computed = { mlUrl: 'http://ml:8000/v2', [process.env.KEY]: 'x' };
                export const mutated = { mlUrl: 'http://ml:8000/v2' };
                mutated.mlUrl = process.env.ML_URL;
                export const missing = { ml: 'http://ml:8000' };
                """,
            "gw/src/calls.js": """\
                import axios from 'axios';
                import * as c from './config.js';

                export const a = () => axios.post(`${c.spreadAfter.mlUrl}/embed`);
                export const b = () => axios.post(`${c.spreadKnown.mlUrl}/v1/embed`);
                export const d = () => axios.post(`${c.computed.mlUrl}/embed`);
                export const e = () => axios.post(`${c.mutated.mlUrl}/embed`);
                export const f = () => axios.post(`${c.missing.mlUrl}/v1/embed`);
                """,
        }
    )
    # A URL seamcheck half-read would be a false broken seam (`/v2/embed`); each is unknown,
    # with the reason.
    assert links(root) == ["gw/src/calls.js:5 POST /v1/embed -> ml linked ml/app/main.py:6"]
    assert problems(root) == [
        "gw/src/calls.js:4 {mlUrl}/embed: URL is not known before run time: 'spreadAfter' "
        "(gw/src/config.js:4) spreads 'overrides', which may set 'mlUrl'",
        "gw/src/calls.js:6 {mlUrl}/embed: URL is not known before run time: 'computed' "
        "(gw/src/config.js:6) has a computed key that may be 'mlUrl'",
        "gw/src/calls.js:7 {mlUrl}/embed: URL is not known before run time: 'mutated.mlUrl' is "
        "assigned again (gw/src/config.js:8)",
        "gw/src/calls.js:8 {mlUrl}/v1/embed: URL is not known before run time: 'c.missing' has "
        "no entry 'mlUrl'",
    ]


def test_a_parameter_hides_the_module_constant_of_the_same_name(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            **MODEL,
            "gw/package.json": package_json("gw", dependencies={"axios": "1"}),
            "gw/src/client.ts": """\
                import axios from 'axios';

                const BASE = 'http://ml:8000/v2';
                const config = { mlUrl: 'http://ml:8000/v2' };

                export function embed(BASE: string) { return axios.post(`${BASE}/embed`); }
                export const viaArrow = (config: { mlUrl: string }) => axios.post(`${config.mlUrl}/embed`);
                export function destructured({ config }: { config: { mlUrl: string } }) {
                  return axios.post(`${config.mlUrl}/embed`);
                }
                export async function each(configs: { mlUrl: string }[]) {
                  for (const config of configs) await axios.post(`${config.mlUrl}/embed`);
                }
                export const own = () => axios.post(`${config.mlUrl}/embed`);
                """,
        }
    )
    # Before: the module's values were read for the parameters, and each call was a broken
    # seam to `/v2/embed`.
    assert links(root) == ["gw/src/client.ts:14 POST /v2/embed -> ml broken -"]
    assert problems(root) == [
        "gw/src/client.ts:12 {mlUrl}/embed: URL is not known before run time: 'config.mlUrl' is "
        "a parameter or not a constant",
        "gw/src/client.ts:6 {BASE}/embed: URL is not known before run time: 'BASE' is a "
        "parameter or a local set at run time",
        "gw/src/client.ts:7 {mlUrl}/embed: URL is not known before run time: 'config.mlUrl' is "
        "a parameter or not a constant",
        "gw/src/client.ts:9 {mlUrl}/embed: URL is not known before run time: 'config.mlUrl' is "
        "a parameter or not a constant",
    ]


def test_options_a_spread_or_a_parameter_may_set_are_not_guessed(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            **MODEL,
            "gw/package.json": package_json("gw", dependencies={"axios": "1"}),
            "gw/src/ml.js": """\
                import axios from 'axios';

                const ML = 'http://ml:8000';
                const json = { headers: { 'content-type': 'application/json' } };
                const asGet = { method: 'GET' };

                export const a = (init) => fetch(`${ML}/v1/embed`, init);
                export const b = (init) => fetch(`${ML}/v1/embed`, { ...json, ...init });
                export const c = (verb) => fetch(`${ML}/v1/embed`, { method: verb });
                export const d = () => fetch(`${ML}/v1/embed`, { ...json, ...asGet });
                export const e = (opts) => axios({ url: `${ML}/v1/embed`, ...opts });
                export const f = () => fetch(`${ML}/v1/embed`, { ...json });
                export const g = () => fetch(`${ML}/v1/embed`, { ...json, method: 'POST' });
                let ping = { ...pong, headers: { ping } };
                let pong = { ...ping };
                export const h = () => fetch(`${ML}/v1/embed`, { ...ping, method: 'POST' });
                """,
        }
    )
    # Before: a, b, c and e were broken seams, "GET /v1/embed: no such route": fetch's and
    # axios's default GET was assumed though the options may say otherwise.
    assert links(root) == [
        "gw/src/ml.js:10 GET /v1/embed -> ml broken -",
        "gw/src/ml.js:12 GET /v1/embed -> ml broken -",
        "gw/src/ml.js:13 POST /v1/embed -> ml linked ml/app/main.py:6",
        "gw/src/ml.js:16 POST /v1/embed -> ml linked ml/app/main.py:6",
        "gw/src/ml.js:7 * /v1/embed -> ml linked ml/app/main.py:6",
        "gw/src/ml.js:8 * /v1/embed -> ml linked ml/app/main.py:6",
        "gw/src/ml.js:9 * /v1/embed -> ml linked ml/app/main.py:6",
    ]
    assert problems(root) == [
        "gw/src/ml.js:11 {value}: URL is not known before run time: computed: ...opts"
    ]


K8S_GW = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gw
  namespace: search
spec:
  template:
    metadata:
      labels: { app: gw }
    spec:
      containers:
        - name: gw
          image: registry.example.com/search/gw:1.4.2
          env:
            - name: ML_URL
              value: http://inference-svc.search:8000
"""
K8S_ML = """\
apiVersion: v1
kind: Service
metadata:
  name: inference-svc
  namespace: search
spec:
  selector: { app: ml }
  ports: [{ port: 8000 }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: inference-svc
  namespace: search
spec:
  template:
    metadata:
      labels: { app: ml, tier: models }
    spec:
      containers:
        - name: ml
          image: registry.example.com/search/ml:0.9.0
"""
ML_CALLS = {
    "gw/package.json": package_json("gw", dependencies={"axios": "1"}),
    "gw/src/ml.js": """\
        import axios from 'axios';

        const ML = process.env.ML_URL ?? 'http://localhost:8000';

        export const a = () => axios.post(`${ML}/v1/embed`);
        export const b = () => axios.post('http://inference-svc.prod:8000/v1/embed');
        export const c = () => axios.post('http://inference-svc.search.svc:8000/v1/embed');
        export const d = () => axios.post('https://api.stripe.com/v1/charges');
        export const e = () => axios.post('https://ml.search/v1/embed');
        """,
}


def test_kubernetes_service_reached_by_name_and_namespace(repo: RepoFactory) -> None:
    root = repo({**MODEL, **ML_CALLS, "k8s/gw.yaml": K8S_GW, "k8s/ml.yaml": K8S_ML})
    # Before: 'inference-svc.search' was "outside this repository". Another namespace than
    # the Service's, or a host that names no Service, stays outside.
    assert links(root) == [
        "gw/src/ml.js:5 POST /v1/embed -> ml linked ml/app/main.py:6",
        "gw/src/ml.js:7 POST /v1/embed -> ml linked ml/app/main.py:6",
    ]
    assert problems(root) == [
        "gw/src/ml.js:6 http://inference-svc.prod:8000/v1/embed: 'inference-svc.prod' is "
        "outside this repository",
        "gw/src/ml.js:8 https://api.stripe.com/v1/charges: 'api.stripe.com' is outside this "
        "repository",
        "gw/src/ml.js:9 https://ml.search/v1/embed: 'ml.search' is outside this repository",
    ]


def test_a_kubernetes_service_fronts_the_workload_its_selector_picks(repo: RepoFactory) -> None:
    root = repo(
        {
            **MODEL,
            **ML_CALLS,
            # One file for the whole namespace: the gateway's Deployment comes first.
            "k8s/all.yaml": K8S_GW + "---\n" + K8S_ML,
        }
    )
    # Before: the Service fronted the first workload of its file, the gateway, and the
    # calls were checked against the gateway's routes.
    assert "gw/src/ml.js:7 POST /v1/embed -> ml linked ml/app/main.py:6" in links(root)


def test_pydantic_settings_fields_are_read_from_the_environment_first(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  ml:
                    build: ./ml
                    environment:
                      API_PREFIX: /v2
                      ADMIN_PREFIX: /ops
                      PREFIX: /not-read
                """,
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/app/__init__.py": "",
            "ml/app/settings.py": """\
                from pydantic_settings import BaseSettings, SettingsConfigDict


                class Settings(BaseSettings):
                    api_prefix: str = "/v1"
                    docs_prefix: str = "/docs"


                class AdminSettings(BaseSettings):
                    model_config = SettingsConfigDict(env_prefix="ADMIN_", env_file=".env")

                    prefix: str = "/admin"


                settings = Settings()
                admin = AdminSettings()
                """,
            "ml/app/main.py": """\
                from fastapi import APIRouter, FastAPI

                from app.settings import admin, settings

                router = APIRouter()


                @router.post("/embed")
                async def embed() -> dict:
                    return {}


                app = FastAPI()
                app.include_router(router, prefix=settings.api_prefix)
                app.include_router(router, prefix=settings.docs_prefix)
                app.include_router(router, prefix=admin.prefix)
                """,
        }
    )
    # Before: the class defaults, `/v1/embed` and `/admin/embed`, though the service runs
    # with API_PREFIX and ADMIN_PREFIX set.
    assert route_labels(root, "ml") == ["POST /docs/embed", "POST /ops/embed", "POST /v2/embed"]


def test_pydantic_settings_fields_given_by_field_with_an_alias_or_a_default(
    repo: RepoFactory,
) -> None:
    """`Field(default=..., alias="X")` is read from X (not from the prefixed field name),
    else its default; `Field("...")` gives its default; an alias seamcheck cannot read
    (`AliasChoices`) leaves the value unknown."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  ml:
                    build: ./ml
                  orch:
                    build: ./orch
                    environment:
                      FEATURE_STORE_URL: http://ml:8000
                      ORCH_FEATURE_STORE_URL: http://not-read:1
                """,
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/features/{user_id}")
                async def features(user_id: str) -> dict:
                    return {}
                """,
            "orch/pyproject.toml": '[project]\nname = "orch"\ndependencies = ["httpx"]\n',
            "orch/settings.py": """\
                from pydantic import AliasChoices, Field
                from pydantic_settings import BaseSettings, SettingsConfigDict


                class Settings(BaseSettings):
                    model_config = SettingsConfigDict(env_prefix="ORCH_")

                    feature_store_url: str = Field(default="http://localhost:1", alias="FEATURE_STORE_URL")
                    ranker_url: str = Field("http://ml:8000", description="ranker")
                    search_url: str = Field("http://ml:8000", validation_alias=AliasChoices("A", "B"))


                settings = Settings()
                """,
            "orch/client.py": """\
                import httpx

                from settings import settings


                def run(user_id: str) -> None:
                    httpx.get(f"{settings.feature_store_url}/features/{user_id}")
                    httpx.get(f"{settings.ranker_url}/features/{user_id}")
                    httpx.get(f"{settings.search_url}/features/{user_id}")
                """,
        }
    )
    # Before: each was SC107, "'settings.feature_store_url' holds the result of Field()".
    assert links(root) == [
        "orch/client.py:7 GET /features/{user_id} -> ml linked ml/main.py:6",
        "orch/client.py:8 GET /features/{user_id} -> ml linked ml/main.py:6",
    ]
    assert problems(root) == [
        "orch/client.py:9 {search_url}/features/{user_id}: URL is not known before run time: "
        "'Settings.search_url' is read from the environment, name not known"
    ]


def test_settings_from_a_cached_getter_as_the_fastapi_docs_write_it(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  ml:
                    build: ./ml
                  features:
                    build: ./features
                """,
            "features/package.json": package_json("features", dependencies={"express": "4"}),
            "features/index.js": """\
                const app = require('express')();
                app.post('/docs/batch', (req, res) => res.json([]));
                app.listen(9000);
                """,
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi", "httpx"]\n',
            "ml/app/__init__.py": "",
            "ml/app/settings.py": """\
                import os
                from functools import lru_cache

                from pydantic_settings import BaseSettings


                class Settings(BaseSettings):
                    api_prefix: str = "/v1"
                    feature_store_url: str = "http://features:9000"


                @lru_cache
                def get_settings() -> Settings:
                    return Settings()


                def pick_settings() -> Settings:
                    if os.environ.get("TESTING"):
                        return Settings(api_prefix="/test")
                    return Settings()


                def check() -> None:
                    if not os.environ.get("DEBUG"):
                        return
                    print((  # a comment where the value starts
                        get_settings()
                    ))
                """,
            "ml/app/helpers.py": """\
                from app.settings import Settings


                def wrapped():
                    return (  # parenthesised
                        Settings()
                    )
                """,
            "ml/app/main.py": """\
                import httpx
                from fastapi import APIRouter, FastAPI

                from app.settings import get_settings, pick_settings

                settings = get_settings()
                router = APIRouter()


                @router.post("/embed")
                async def embed() -> dict:
                    base = get_settings().feature_store_url
                    async with httpx.AsyncClient() as client:
                        await client.post(f"{base}/docs/batch")
                        await client.post(f"{pick_settings().feature_store_url}/docs/batch")
                    return {}


                app = FastAPI()
                app.include_router(router, prefix=settings.api_prefix)
                """,
        }
    )
    # Before: the route was `POST /{api_prefix}/embed` and both calls SC107, "'get_settings()
    # .feature_store_url' is a parameter or not a constant". A getter with two returns is
    # not followed.
    assert route_labels(root, "ml") == ["POST /v1/embed"]
    assert links(root) == [
        "ml/app/main.py:14 POST /docs/batch -> features linked features/index.js:2"
    ]
    assert problems(root) == [
        "ml/app/main.py:15 {feature_store_url}/docs/batch: URL is not known before run time: "
        "'pick_settings().feature_store_url' is a parameter or not a constant"
    ]


NOTIFIER = {
    "notifier/package.json": package_json("notifier", dependencies={"express": "4"}),
    "notifier/index.js": """\
        const app = require('express')();
        app.post('/notify/email', (req, res) => res.status(202).end());
        app.listen(4000);
        """,
}


def test_django_settings_come_from_the_settings_module(repo: RepoFactory) -> None:
    root = repo(
        {
            **NOTIFIER,
            "docker-compose.yml": """\
                services:
                  backend:
                    build: ./backend
                  notifier:
                    build: ./notifier
                    expose: ["4000"]
                """,
            "backend/pyproject.toml": '[project]\nname = "shop"\ndependencies = ["django"]\n',
            "backend/manage.py": """\
                import os
                import sys

                if __name__ == "__main__":
                    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
                    from django.core.management import execute_from_command_line

                    execute_from_command_line(sys.argv)
                """,
            "backend/shop/__init__.py": "",
            "backend/shop/settings.py": """\
                import os

                NOTIFIER_URL = os.environ.get("NOTIFIER_URL", "http://notifier:4000")
                """,
            "backend/orders/__init__.py": "",
            "backend/orders/services.py": """\
                import requests
                from django.conf import settings


                def notify(order_id: int) -> None:
                    requests.post(f"{settings.NOTIFIER_URL}/notify/email", json={"id": order_id})
                    requests.post(f"{settings.NOTIFIER_URL}/notify/emial", json={"id": order_id})
                    requests.post(f"{settings.SMS_URL}/notify/sms", json={"id": order_id})
                """,
        }
    )
    # Before: each was SC107, "'settings.NOTIFIER_URL' is a parameter or not a constant",
    # and the typo went unseen.
    assert links(root) == [
        "backend/orders/services.py:6 POST /notify/email -> notifier linked notifier/index.js:2",
        "backend/orders/services.py:7 POST /notify/emial -> notifier broken -",
    ]
    assert problems(root) == [
        "backend/orders/services.py:8 {SMS_URL}/notify/sms: URL is not known before run time: "
        "'settings.SMS_URL' is no constant of backend/shop/settings.py"
    ]


def test_django_settings_package_named_by_the_environment(repo: RepoFactory) -> None:
    root = repo(
        {
            **NOTIFIER,
            "docker-compose.yml": """\
                services:
                  backend:
                    build: ./backend
                    environment:
                      DJANGO_SETTINGS_MODULE: shop.settings.prod
                  notifier:
                    build: ./notifier
                    expose: ["4000"]
                """,
            "backend/pyproject.toml": '[project]\nname = "shop"\ndependencies = ["django"]\n',
            "backend/shop/__init__.py": "",
            "backend/shop/asgi.py": """\
                import os

                from django.core.asgi import get_asgi_application

                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.dev")
                application = get_asgi_application()
                """,
            "backend/shop/settings/__init__.py": "",
            "backend/shop/settings/base.py": """\
                NOTIFIER_URL = "http://localhost:4000"
                EMAIL_PATH = "/notify/email"
                """,
            "backend/shop/settings/dev.py": "from .base import *\n",
            "backend/shop/settings/prod.py": """\
                from .base import *

                NOTIFIER_URL = "http://notifier:4000"
                """,
            "backend/orders/__init__.py": "",
            "backend/orders/services.py": """\
                import requests
                from django.conf import settings


                def notify(order_id: int) -> None:
                    requests.post(settings.NOTIFIER_URL + settings.EMAIL_PATH, json={"id": order_id})
                """,
        }
    )
    # The deployed environment wins over asgi.py's setdefault; prod.py takes EMAIL_PATH from
    # base.py by its star import and sets its own NOTIFIER_URL.
    assert links(root) == [
        "backend/orders/services.py:6 POST /notify/email -> notifier linked notifier/index.js:2"
    ]


def test_config_values_through_re_exports(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            **MODEL,
            "gw/package.json": package_json("gw", dependencies={"axios": "1"}),
            "gw/src/config/values.ts": """\
                export const ML_URL = process.env.ML_URL ?? 'http://localhost:8000';
                export const appConfig = { mlUrl: ML_URL };
                """,
            "gw/src/config/index.ts": "export * from './values';\n",
            "gw/src/config/aliases.ts": "export { appConfig as cfg } from './values';\n",
            "gw/src/ml.ts": """\
                import axios from 'axios';
                import { appConfig, ML_URL } from './config';
                import { cfg } from './config/aliases';

                export const a = () => axios.post(`${appConfig.mlUrl}/v1/embed`);
                export const b = () => axios.post(`${ML_URL}/v1/embed`);
                export const c = () => axios.post(`${cfg.mlUrl}/v1/embed`);
                """,
        }
    )
    # Before: each was SC107: a value a module re-exports was not followed.
    assert links(root) == [
        f"gw/src/ml.ts:{line} POST /v1/embed -> ml linked ml/app/main.py:6" for line in (5, 6, 7)
    ]


def test_a_settings_field_annotated_with_a_url_type_and_no_default_is_read_from_the_environment(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **MODEL,
            "docker-compose.yml": """\
                services:
                  gw:
                    build: ./gw
                    environment:
                      ML_URL: http://ml:8000
                  ml:
                    build: ./ml
                """,
            "gw/requirements.txt": "fastapi\nhttpx\npydantic-settings\n",
            "gw/app/__init__.py": "",
            "gw/app/settings.py": """\
                from pydantic import AnyHttpUrl
                from pydantic_settings import BaseSettings


                class Settings(BaseSettings):
                    ml_url: AnyHttpUrl | None = None
                    backup_url: AnyHttpUrl | None = None


                settings = Settings()
                """,
            "gw/app/main.py": """\
                import httpx

                from app.settings import settings


                async def embed():
                    await httpx.AsyncClient().post(f"{settings.ml_url}/v1/embed")
                    await httpx.AsyncClient().post(f"{settings.backup_url}/v1/embed")
                """,
        }
    )

    # Before: both unknown, "'settings.ml_url' is a parameter or not a constant" (a field
    # whose default is None had no binding to read the environment for).
    assert links(root) == ["gw/app/main.py:7 POST /v1/embed -> ml linked ml/app/main.py:6"]
    assert problems(root) == [
        "gw/app/main.py:8 {backup_url}/v1/embed: URL is not known before run time:"
        " 'settings.backup_url' is annotated AnyHttpUrl, its value not known here"
    ]


# The ML service's host comes from its settings; the compose file also sets an older
# variable, ML_HOST, naming a legacy service with no such route.
_SETTINGS_APP = {
    "docker-compose.yml": """\
        services:
          api:
            build: ./api
            environment:
              APP_ML_HOST: ml
              ML_HOST: legacy
          ml:
            build: ./ml
          legacy:
            build: ./legacy
        """,
    "ml/requirements.txt": "fastapi\n",
    "ml/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        async def predict() -> dict:
            return {}
        """,
    "legacy/requirements.txt": "fastapi\n",
    "legacy/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/score")
        async def score() -> dict:
            return {}
        """,
    "api/requirements.txt": "fastapi\nhttpx\npydantic-settings\n",
    "api/main.py": """\
        import httpx

        from settings import settings


        async def predict() -> None:
            async with httpx.AsyncClient() as client:
                await client.post(f"http://{settings.ml_host}:8000/predict")
        """,
}


def test_a_settings_class_inherits_its_bases_env_prefix(repo: RepoFactory) -> None:
    # pydantic merges a class's config into its bases': the field, declared in the base or
    # the class, with a default or not, is read from APP_ML_HOST. Before, ML_HOST was read:
    # a false SC104 'legacy serves no such route' (or, with no ML_HOST set, the default).
    base = """\
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Base(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            {base_field}


        class Settings(Base):
            model_config = SettingsConfigDict(env_file=".env")
            {field}


        settings = Settings()
        """
    for base_field, field in (
        ("", "ml_host: str"),
        ("", 'ml_host: str = "localhost"'),
        ("ml_host: str", "debug: bool = False"),
    ):
        settings = base.format(base_field=base_field or "debug: bool = False", field=field)
        root = repo({**_SETTINGS_APP, "api/settings.py": settings})
        assert links(root) == ["api/main.py:8 POST /predict -> ml linked ml/main.py:6"], field


def test_a_field_aliased_in_its_annotation_is_not_read_by_its_name(repo: RepoFactory) -> None:
    # `Annotated[str, Field(alias=...)]` is not tied to its field in the facts: the variable
    # read is not known. Before, ML_HOST was read: a false SC104 'legacy serves no such route'.
    settings = """\
        from typing import Annotated

        from pydantic import Field
        from pydantic_settings import BaseSettings


        class Settings(BaseSettings):
            ml_host: Annotated[str, Field(alias="APP_ML_HOST")]
            timeout: float = Field(5.0, alias="ML_TIMEOUT")


        settings = Settings()
        """
    root = repo({**_SETTINGS_APP, "api/settings.py": settings})
    assert links(root) == []
    assert problems(root) == [
        "api/main.py:8 http://{ml_host}:8000/predict: host is not known before run time:"
        " 'Settings.ml_host' is read from the environment, name not known"
    ]


def test_a_settings_field_given_where_the_settings_are_made(repo: RepoFactory) -> None:
    # pydantic takes a value given to the constructor before the environment's and the
    # default. Before, the environment's APP_ML_HOST was read though the code gives the
    # field `legacy`: a false SC104 'ml serves no such route' for a call that reaches legacy.
    settings = """\
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            ml_host: str = "ml"


        settings = Settings({made})
        """
    cases = {
        'ml_host="legacy"': (["api/main.py:8 POST /predict -> legacy broken -"], []),
        "": (["api/main.py:8 POST /predict -> ml linked ml/main.py:6"], []),
        "**overrides": (
            [],
            [
                "api/main.py:8 http://{ml_host}:8000/predict: host is not known before run"
                " time: 'Settings.ml_host' may be given where Settings is made"
                " (api/settings.py:9)"
            ],
        ),
        '_env_file=".env.prod"': (
            [],
            [
                "api/main.py:8 http://{ml_host}:8000/predict: host is not known before run"
                " time: Settings is made with _env_file= (api/settings.py:9), which changes"
                " where 'ml_host' is read from"
            ],
        ),
    }
    for made, (linked, unsure) in cases.items():
        root = repo({**_SETTINGS_APP, "api/settings.py": settings.format(made=made)})
        assert (links(root), problems(root)) == (linked, unsure), made
    # Made twice, with and without the field: the instance read is the one made first.
    twice = settings.format(made='ml_host="legacy"') + "admin = Settings()\n"
    root = repo({**_SETTINGS_APP, "api/settings.py": twice})
    assert links(root) == ["api/main.py:8 POST /predict -> legacy broken -"]
    # Handed in as a parameter: the instance may be either.
    handed = """\
        import httpx

        from settings import Settings


        async def predict(settings: Settings) -> None:
            async with httpx.AsyncClient() as client:
                await client.post(f"http://{settings.ml_host}:8000/predict")
        """
    root = repo({**_SETTINGS_APP, "api/settings.py": twice, "api/main.py": handed})
    assert problems(root) == [
        "api/main.py:8 http://{ml_host}:8000/predict: host is not known before run time:"
        " Settings is made with different values of 'ml_host' (api/settings.py:9,"
        " api/settings.py:10)"
    ]


def test_a_field_given_to_settings_with_a_constructor_of_their_own(repo: RepoFactory) -> None:
    # Settings handed in as a parameter are any the code makes; a class defining `__init__`
    # is made through it. Before, such makings were not found, and the environment's
    # APP_ML_HOST was read though the only place making the settings gives `legacy`: a
    # false link to ml (without the class's `__init__`, the call reached legacy).
    settings = """\
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            ml_host: str = "ml"

            def __init__(self, **values: str) -> None:
                super().__init__(**values)


        def start() -> None:
            from main import predict

            predict(Settings(ml_host="legacy"))
        """
    handed = """\
        import httpx

        from settings import Settings


        async def predict(settings: Settings) -> None:
            async with httpx.AsyncClient() as client:
                await client.post(f"http://{settings.ml_host}:8000/predict")
        """
    root = repo({**_SETTINGS_APP, "api/settings.py": settings, "api/main.py": handed})
    assert links(root) == ["api/main.py:8 POST /predict -> legacy broken -"]
