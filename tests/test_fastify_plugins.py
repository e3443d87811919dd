"""Fastify gateways written as fastify-cli scaffolds them: route plugins in a folder that
@fastify/autoload registers (prefixed with their folders below it), `fastify.route({ method,
url, handler })` on the plugin's parameter, and @fastify/http-proxy forwarding a prefix.
Each was read wrong: autoloaded routes were served at their literal paths, route objects on
a parameter were not routes, and the proxy's prefix served nothing, so calls to them were
false SC104 errors."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import links

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
  worker:
    build: ./worker
"""

MODELS_PLUGIN = """\
'use strict'

module.exports = async function (fastify, opts) {
  fastify.get('/', async function (request, reply) {
    return []
  })

  fastify.post('/:modelId/predict', async function (request, reply) {
    return {}
  })

  fastify.route({
    method: 'POST',
    url: '/:modelId/explain',
    handler: async (request) => ({})
  })
}
"""


def gateway_repo(app: str, calls: str, **files: str) -> dict[str, str]:
    """A worker calling a Fastify gateway whose `src/app.js` is `app`."""
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json(
            "gateway",
            dependencies={
                "fastify": "^4.27.0",
                "@fastify/autoload": "^5.8.0",
                "@fastify/http-proxy": "^9.5.0",
            },
        ),
        "gateway/src/server.js": """\
            const Fastify = require('fastify')
            const app = require('./app')
            const server = Fastify({ logger: true })
            server.register(app)
            server.listen({ port: 8080 })
            """,
        "gateway/src/app.js": app,
        "gateway/src/routes/root.js": """\
            module.exports = async function (fastify, opts) {
              fastify.get('/', async () => ({ ok: true }))
            }
            """,
        "gateway/src/routes/models/index.js": MODELS_PLUGIN,
        "worker/package.json": package_json("worker", dependencies={"axios": "^1.7.0"}),
        "worker/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://gateway:8080' });\n"
            "async function main() {\n" + calls + "}\nmain();\n"
        ),
        **files,
    }


CALLS = """\
  await api.get('/v1/models');
  await api.post('/v1/models/m1/predict');
  await api.post('/v1/models/m1/explain');
  await api.post('/v1/models/m1/predcit');
"""


def autoload_app(options: str) -> str:
    return f"""\
        'use strict'
        const path = require('node:path')
        const AutoLoad = require('@fastify/autoload')

        module.exports = async function (fastify, opts) {{
          fastify.register(AutoLoad, {{
            dir: path.join(__dirname, 'routes'),
            options: {options}
          }})
        }}
        """


def test_autoloaded_route_plugins_are_served_under_the_prefix_and_their_folders(
    repo: RepoFactory,
) -> None:
    root = repo(gateway_repo(autoload_app("{ prefix: '/v1' }"), CALLS))
    # Before: the plugins were served at their literal paths (GET /, POST /{modelId}/predict)
    # and the route object not at all: three false SC104 errors, one suggesting POST
    # /{modelId}/predict. A typo is still one.
    assert links(root) == [
        "worker/index.js:4 GET /v1/models -> gateway linked gateway/src/routes/models/index.js:4",
        "worker/index.js:5 POST /v1/models/m1/predict -> gateway linked "
        "gateway/src/routes/models/index.js:8",
        "worker/index.js:6 POST /v1/models/m1/explain -> gateway linked "
        "gateway/src/routes/models/index.js:12",
        "worker/index.js:7 POST /v1/models/m1/predcit -> gateway broken -",
    ]


def test_autoload_options_not_written_in_place_make_the_plugins_routes_unsure(
    repo: RepoFactory,
) -> None:
    # fastify-cli's scaffold: the prefix is whatever the app's own options hold.
    # The plugins may be anywhere, but no route of theirs ends as the typo does.
    root = repo(gateway_repo(autoload_app("Object.assign({}, opts)"), CALLS))
    assert [line.rsplit(" ", 2)[-2] for line in links(root)] == [
        "unsure",
        "unsure",
        "unsure",
        "broken",
    ]


def test_a_prefix_forwarded_by_fastify_http_proxy_makes_the_calls_under_it_unsure(
    repo: RepoFactory,
) -> None:
    app = """\
        const proxy = require('@fastify/http-proxy')

        module.exports = async function (fastify) {
          fastify.register(proxy, {
            upstream: 'http://model-server:8000',
            prefix: '/inference',
            rewritePrefix: '/api'
          })
          fastify.register(require('@fastify/http-proxy'), { upstream: 'http://search:9200', prefix: '/search' })
          fastify.get('/healthz', async () => 'ok')
        }
        """
    calls = """\
  await api.post('/inference/models/m1/predict');
  await api.get('/search/items/_search');
  await api.get('/healthz');
  await api.get('/healthy');
"""
    root: Path = repo(gateway_repo(app, calls))
    # Before: both proxied calls were SC104 "no such route".
    assert links(root) == [
        "worker/index.js:4 POST /inference/models/m1/predict -> gateway unsure -",
        "worker/index.js:5 GET /search/items/_search -> gateway unsure -",
        "worker/index.js:6 GET /healthz -> gateway linked gateway/src/app.js:10",
        "worker/index.js:7 GET /healthy -> gateway broken -",
    ]


def esm_app(setup: str, dir_expression: str) -> str:
    return f"""\
        import path, {{ join, dirname }} from 'node:path'
        import {{ fileURLToPath }} from 'node:url'
        import AutoLoad from '@fastify/autoload'
        {setup}
        export default async function app (fastify, opts) {{
          fastify.register(AutoLoad, {{
            dir: {dir_expression},
            options: {{ prefix: '/v1' }}
          }})
        }}
        """


def test_autoloads_dir_in_the_es_module_spellings(repo: RepoFactory) -> None:
    # Before: a `dir` not written `path.join(__dirname, ...)` left the route plugins at
    # their literal paths, so the calls under /v1 were false SC104 errors.
    spellings = [
        ("", "join(import.meta.dirname, 'routes')"),
        ("", "fileURLToPath(new URL('./routes', import.meta.url))"),
        ("const here = dirname(fileURLToPath(import.meta.url))", "path.join(here, 'routes')"),
    ]
    for setup, expression in spellings:
        root = repo(gateway_repo(esm_app(setup, expression), CALLS))
        statuses = [line.split(" -> ")[1] for line in links(root)]
        assert statuses == [
            "gateway linked gateway/src/routes/models/index.js:4",
            "gateway linked gateway/src/routes/models/index.js:8",
            "gateway linked gateway/src/routes/models/index.js:12",
            "gateway broken -",
        ], expression


def test_an_autoload_dir_seamcheck_cannot_read_makes_the_plugins_routes_unsure(
    repo: RepoFactory,
) -> None:
    # Before: the plugins were served at their literal paths: POST /v1/models/m1/predict
    # was a false SC104 (did you mean POST /{modelId}/predict?).
    app = esm_app("import { routesDir } from './config.js'", "routesDir")
    root = repo(gateway_repo(app, CALLS + "  await api.post('/m1/predict');\n"))
    assert [line.split(" -> ")[1] for line in links(root)] == [
        "gateway unsure -",
        "gateway unsure -",
        "gateway unsure -",
        "gateway broken -",
        "gateway broken -",
    ]
