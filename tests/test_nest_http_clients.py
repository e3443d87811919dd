"""NestJS's injected axios (`@nestjs/axios`): a service given `HttpService` by its constructor
calls a FastAPI model service, the base URL set where its module registers `HttpModule`; both
named in docker-compose.yml."""

from __future__ import annotations

from collections.abc import Mapping

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

COMPOSE = """\
services:
  model:
    build: ./model
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      ML_URL: http://model:8000
"""

MODEL = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/v1/predict")
    async def predict(body: dict) -> dict:
        return body


    @app.get("/health")
    async def health() -> dict:
        return {"ok": True}
    """

SERVICE = """\
    import { Injectable } from '@nestjs/common';
    import { HttpService } from '@nestjs/axios';
    import { firstValueFrom } from 'rxjs';

    @Injectable()
    export class MlService {
      constructor(private readonly http: HttpService) {}

      async predict(body: unknown) {
        const { data } = await firstValueFrom(this.http.post('/v1/predict', body));
        return data;
      }

      health() {
        return this.http.axiosRef.get('/health');
      }

      explain() {
        return firstValueFrom(this.http.get('/v1/explain'));
      }
    }
    """


def ml_module(imports: str) -> str:
    return f"""\
        import {{ Module }} from '@nestjs/common';
        import {{ HttpModule }} from '@nestjs/axios';
        import {{ ConfigModule, ConfigService }} from '@nestjs/config';
        import {{ MlService }} from './ml.service';

        @Module({{
          imports: [{imports}],
          providers: [MlService],
          exports: [MlService],
        }})
        export class MlModule {{}}
        """


def nest_gateway(module: str, **files: str) -> Mapping[str, str]:
    dependencies = {"@nestjs/common": "^10.3.0", "@nestjs/axios": "^3.0.0", "rxjs": "^7.8.0"}
    return {
        "docker-compose.yml": COMPOSE,
        "model/requirements.txt": "fastapi\n",
        "model/main.py": MODEL,
        "gateway/package.json": package_json("gateway", dependencies=dependencies),
        "gateway/src/ml/ml.module.ts": module,
        "gateway/src/ml/ml.service.ts": SERVICE,
        **files,
    }


def test_http_service_calls_take_the_base_url_http_module_registers(repo: RepoFactory) -> None:
    root = repo(
        nest_gateway(
            ml_module("HttpModule.register({ baseURL: process.env.ML_URL, timeout: 5000 })")
        )
    )
    assert links(root) == [
        "gateway/src/ml/ml.service.ts:10 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml/ml.service.ts:15 GET /health -> model linked model/main.py:11",
        "gateway/src/ml/ml.service.ts:19 GET /v1/explain -> model broken -",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 gateway/src/ml/ml.service.ts:19 GET /v1/explain reaches 'model', which serves no"
        " such route"
    ]


def test_http_service_base_urls_seamcheck_cannot_tell_leave_calls_unsure(
    repo: RepoFactory,
) -> None:
    registered = "HttpModule.register({ baseURL: process.env.ML_URL })"
    factory = """HttpModule.registerAsync({
            inject: [ConfigService],
            useFactory: (config: ConfigService) => ({ baseURL: config.get('ml.url') }),
          })"""
    by_class = "HttpModule.registerAsync({ useClass: HttpConfigService })"
    # Another module of the gateway importing HttpModule bare: which one provides MlService
    # is not followed.
    other = {
        "gateway/src/health/health.module.ts": """\
            import { Module } from '@nestjs/common';
            import { HttpModule } from '@nestjs/axios';

            @Module({ imports: [HttpModule] })
            export class HealthModule {}
            """
    }
    for module, files, why in [
        (ml_module(factory), {}, "the baseURL HttpModule is given (gateway/src/ml/ml.module.ts:9)"),
        (ml_module(by_class), {}, "HttpModule's options are made at run time"),
        (ml_module(registered), other, "HttpModule is registered 2 times in this service"),
        (ml_module("ConfigModule"), {}, "HttpModule is registered nowhere seamcheck reads"),
    ]:
        root = repo(nest_gateway(module, **files))
        assert not [line for line in findings(root) if line.startswith("SC104")], why
        unsure = [line for line in findings(root) if line.startswith("SC107")]
        assert len(unsure) == 3, why
        assert all(why in line for line in unsure), (why, unsure)


def test_config_service_reads_of_environment_variables_give_the_base_url(
    repo: RepoFactory,
) -> None:
    """NestJS's ConfigService reads the process environment (and the `.env` ConfigModule
    loads): `config.get('ML_URL')` is that variable, with the default given beside it; a
    key that names no variable (`ml.url`, from a configuration factory) stays unknown."""
    factory = """HttpModule.registerAsync({
            inject: [ConfigService],
            useFactory: (config: ConfigService) => ({
              baseURL: config.get<string>('ML_URL', 'http://localhost:8000'),
            }),
          })"""
    client = {
        "gateway/src/scoring.client.ts": """\
            import { Injectable } from '@nestjs/common';
            import { ConfigService } from '@nestjs/config';
            import axios, { AxiosInstance } from 'axios';

            @Injectable()
            export class ScoringClient {
              private readonly http: AxiosInstance;

              constructor(config: ConfigService) {
                this.http = axios.create({ baseURL: config.getOrThrow('SCORING_URL') });
              }

              score() {
                return this.http.post('/v1/predict', {});
              }
            }
            """
    }
    root = repo(nest_gateway(ml_module(factory), **client))
    # Before: every call was SC107, "computed at run time".
    assert links(root) == [
        "gateway/src/ml/ml.service.ts:10 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml/ml.service.ts:15 GET /health -> model linked model/main.py:11",
        "gateway/src/ml/ml.service.ts:19 GET /v1/explain -> model broken -",
    ]
    assert [line for line in findings(root) if "scoring.client" in line] == [
        "SC107 gateway/src/scoring.client.ts:14 axios call POST {SCORING_URL}/v1/predict not "
        "linked to a service route: URL is not known before run time: environment variable "
        "SCORING_URL is set nowhere in the repository"
    ]


def test_http_service_calls_with_whole_urls_need_no_registered_base(repo: RepoFactory) -> None:
    service = """\
        import { Injectable } from '@nestjs/common';
        import { HttpService } from '@nestjs/axios';
        import { firstValueFrom } from 'rxjs';

        const base = process.env.ML_URL;

        @Injectable()
        export class MlService {
          constructor(private readonly http: HttpService) {}

          predict(body: unknown) {
            return firstValueFrom(this.http.post(`${base}/v1/predict`, body));
          }

          explain() {
            return firstValueFrom(this.http.get(`${base}/v1/explain`));
          }

          relative() {
            return firstValueFrom(this.http.get('/health'));
          }
        }
        """
    # A bare `imports: [HttpModule]` sets no base URL: a relative URL reaches no service.
    files = nest_gateway(ml_module("HttpModule"))
    root = repo({**files, "gateway/src/ml/ml.service.ts": service})
    assert links(root) == [
        "gateway/src/ml/ml.service.ts:12 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml/ml.service.ts:16 GET /v1/explain -> model broken -",
    ]
    assert [line for line in findings(root) if line.startswith("SC10")] == [
        "SC104 gateway/src/ml/ml.service.ts:16 GET /v1/explain reaches 'model', which serves no"
        " such route",
        "SC107 gateway/src/ml/ml.service.ts:20 axios call GET /health not linked to a service"
        " route: relative URL '/health' with no base URL",
    ]


def test_http_service_of_nest_common_before_nest_8_is_the_same_client(repo: RepoFactory) -> None:
    module = ml_module("HttpModule.register({ baseURL: process.env.ML_URL })")
    files = nest_gateway(module.replace("'@nestjs/axios'", "'@nestjs/common'"))
    service = SERVICE.replace("import { HttpService } from '@nestjs/axios';", "")
    service = service.replace("{ Injectable }", "{ HttpService, Injectable }")
    root = repo({**files, "gateway/src/ml/ml.service.ts": service})
    assert links(root) == [
        "gateway/src/ml/ml.service.ts:10 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml/ml.service.ts:15 GET /health -> model linked model/main.py:11",
        "gateway/src/ml/ml.service.ts:19 GET /v1/explain -> model broken -",
    ]


def test_http_module_registered_in_a_test_configures_no_deployed_service(
    repo: RepoFactory,
) -> None:
    spec = """\
        import { Test } from '@nestjs/testing';
        import { Module } from '@nestjs/common';
        import { HttpModule } from '@nestjs/axios';
        import { MlService } from './ml.service';

        @Module({
          imports: [HttpModule.register({ baseURL: 'http://localhost:9999' })],
          providers: [MlService],
        })
        class TestMlModule {}

        it('predicts', async () => {
          const app = await Test.createTestingModule({ imports: [TestMlModule] }).compile();
          expect(app.get(MlService)).toBeDefined();
        });
        """
    module = ml_module("HttpModule.register({ baseURL: process.env.ML_URL })")
    root = repo(nest_gateway(module, **{"gateway/src/ml/ml.service.spec.ts": spec}))
    assert links(root) == [
        "gateway/src/ml/ml.service.ts:10 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml/ml.service.ts:15 GET /health -> model linked model/main.py:11",
        "gateway/src/ml/ml.service.ts:19 GET /v1/explain -> model broken -",
    ]


def test_http_module_options_a_factory_returns_as_written_give_the_base_url(
    repo: RepoFactory,
) -> None:
    factory = """HttpModule.registerAsync({
            useFactory: async () => ({ baseURL: process.env.ML_URL, timeout: 5000 }),
          })"""
    root = repo(nest_gateway(ml_module(factory)))
    assert links(root) == [
        "gateway/src/ml/ml.service.ts:10 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml/ml.service.ts:15 GET /health -> model linked model/main.py:11",
        "gateway/src/ml/ml.service.ts:19 GET /v1/explain -> model broken -",
    ]
