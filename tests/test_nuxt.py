"""Nuxt 3 apps (`seams/routes/nuxt.py`, `seams/nuxtconfig.py`, the ofetch and `useFetch`
clients): the Node request edge in front of a Python model service, with server routes
(`server/api/**`, `server/routes/**`), pages, `routeRules` proxies and a runtime config of
its own. Before, none of it was read: the app's `$fetch` and `useFetch` calls were no client
calls at all, and it served no route."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

COMPOSE = """\
    services:
      web:
        build: ./web
        ports: ["3000:3000"]
        environment:
          NUXT_MODEL_URL: http://models:8000
      models:
        build: ./models
    """

MODELS = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/v1/predict")
    async def predict() -> dict:
        return {}


    @app.get("/v1/health")
    async def health() -> dict:
        return {}
    """

CONFIG = """\
    export default defineNuxtConfig({
      routeRules: {
        '/': { prerender: true },
        '/ml/**': { proxy: 'http://models:8000/v1/**' },
      },
      runtimeConfig: {
        modelUrl: 'http://localhost:8000',
        public: { apiBase: '/api' },
      },
    })
    """

PAGE = """\
    <script setup lang="ts">
    const id = ref(3)
    const config = useRuntimeConfig()
    const { data: items } = await useFetch('/api/items')
    const { data: item } = await useLazyFetch(() => `/api/items/${id.value}`)
    const { data: stats } = await useAsyncData('stats', () => $fetch('/ml/health'))
    async function run() {
      await $fetch('/predict', { method: 'POST', baseURL: config.public.apiBase, body: {} })
      await $fetch('/api/predicts', { method: 'POST', body: {} })
      await $fetch('/healthz')
    }
    </script>
    <template><button @click="run">Run</button></template>
    """


def app(config: str = CONFIG, page: str = PAGE) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "models/requirements.txt": "fastapi\n",
        "models/main.py": MODELS,
        "web/package.json": package_json(
            "web", dependencies={"nuxt": "^3.12.0", "vue": "^3.4.0", "ofetch": "^1.3.0"}
        ),
        "web/nuxt.config.ts": config,
        "web/server/api/predict.post.ts": """\
            export default defineEventHandler(async (event) => {
              const { modelUrl } = useRuntimeConfig(event)
              return await $fetch('/v1/predict', {
                method: 'POST',
                baseURL: modelUrl,
                body: await readBody(event),
              })
            })
            """,
        "web/server/api/items/index.get.ts": "export default defineEventHandler(() => [])\n",
        "web/server/api/items/[id].ts": """\
            export default defineEventHandler((event) => getRouterParam(event, 'id'))
            """,
        "web/server/routes/healthz.ts": """\
            import { ofetch } from 'ofetch'

            const models = ofetch.create({ baseURL: process.env.NUXT_MODEL_URL })

            export default defineEventHandler(() => models('/v1/health'))
            """,
        "web/pages/index.vue": page,
    }


def test_a_nuxt_app_serves_its_server_routes_and_proxies_to_the_model(repo: RepoFactory) -> None:
    root = repo(app())
    assert links(root) == [
        "web/pages/index.vue:10 GET /healthz -> web linked web/server/routes/healthz.ts:5",
        "web/pages/index.vue:4 GET /api/items -> web linked web/server/api/items/index.get.ts:1",
        # A URL given as a function is what it returns, its value a parameter.
        "web/pages/index.vue:5 GET /api/items/{value} -> web linked web/server/api/items/[id].ts:1",
        # `routeRules` proxies `/ml/**` to the model service's `/v1/**`.
        "web/pages/index.vue:6 GET /v1/health -> models linked models/main.py:11"
        " via nuxt.config routeRules /ml/**",
        # The runtime config's `public.apiBase` is the base URL.
        "web/pages/index.vue:8 POST /api/predict -> web linked web/server/api/predict.post.ts:1",
        "web/pages/index.vue:9 POST /api/predicts -> web broken -",
        # `modelUrl` from NUXT_MODEL_URL, which compose sets over nuxt.config's localhost.
        "web/server/api/predict.post.ts:3 POST /v1/predict -> models linked models/main.py:6",
        "web/server/routes/healthz.ts:5 GET /v1/health -> models linked models/main.py:11",
    ]
    # The server route calling the internal model service is the split seamcheck promotes:
    # no SC103 or SC105; the one typo is broken.
    assert [f.split(" ", 2)[:2] for f in findings(root) if not f.startswith(" ")] == [
        ["SC104", "web/pages/index.vue:9"]
    ]


def test_server_middleware_may_answer_any_path(repo: RepoFactory) -> None:
    files = app()
    files["web/server/middleware/backend.ts"] = """\
        export default defineEventHandler((event) => {
          if (event.path.startsWith('/backend/')) {
            return proxyRequest(event, 'http://models:8000' + event.path.slice(8))
          }
        })
        """
    files["web/pages/index.vue"] = PAGE.replace("'/healthz'", "'/backend/v1/health'")
    found = [f.split(" ", 2)[:2] for f in findings(repo(files)) if f.startswith("SC10")]
    # The typo of a route is still broken; `/ml/**`, which routeRules proxies before any
    # middleware runs, still lands on the model service.
    assert found == [["SC104", "web/pages/index.vue:9"], ["SC107", "web/pages/index.vue:10"]]


def test_a_route_rules_proxy_not_known_makes_its_calls_unsure(repo: RepoFactory) -> None:
    config = CONFIG.replace("'http://models:8000/v1/**'", "process.env.ML_PROXY")
    root = repo(app(config=config))
    assert "web/pages/index.vue:6 GET /ml/health -> web unsure -" in links(root)
    found = [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC10")]
    assert found == [["SC107", "web/pages/index.vue:6"], ["SC104", "web/pages/index.vue:9"]]


def test_server_dir_moves_the_server_routes(repo: RepoFactory) -> None:
    files = app(config="export default defineNuxtConfig({ serverDir: 'backend' })\n")
    moved = {
        path.replace("web/server/", "web/backend/"): text
        for path, text in files.items()
        if path.startswith("web/server/")
    }
    root = repo({**{p: t for p, t in files.items() if p not in moved}, **moved})
    assert "web/pages/index.vue:4 GET /api/items -> web linked" + (
        " web/backend/api/items/index.get.ts:1"
    ) in links(root)


def test_a_runtime_config_not_set_is_unsure_not_guessed(repo: RepoFactory) -> None:
    files = app(config="export default defineNuxtConfig({})\n")
    root = repo(files)
    assert (
        "web/pages/index.vue:8 {apiBase}/predict: URL is not known before run time:"
        " runtimeConfig.public.apiBase is not set in web/nuxt.config.ts, nor is"
        " NUXT_PUBLIC_API_BASE"
    ) in problems(root)


def test_a_config_spreading_options_makes_the_calls_no_route_serves_unsure(
    repo: RepoFactory,
) -> None:
    # `...base` (a shared config) or a `nitro` written elsewhere may hold routeRules
    # proxies: `/ml/health`, which only such a proxy would send on, is unsure, not broken.
    # Before, both were a false SC104 'web serves no such route'.
    files = app()
    files["web/nuxt.config.base.ts"] = (
        "export default { routeRules: { '/ml/**': { proxy: 'http://models:8000/v1/**' } } }\n"
    )
    for config in (
        "import base from './nuxt.config.base'\n\n"
        "export default defineNuxtConfig({ ...base, runtimeConfig: { public: { apiBase: '/api' } } })\n",
        "import nitro from './nitro.config'\n\n"
        "export default defineNuxtConfig({ nitro, runtimeConfig: { public: { apiBase: '/api' } } })\n",
    ):
        files["web/nuxt.config.ts"] = config
        root = repo(files)
        assert "web/pages/index.vue:6 GET /ml/health -> web unsure -" in links(root)
        found = [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC10")]
        assert found == [["SC107", "web/pages/index.vue:6"], ["SC104", "web/pages/index.vue:9"]]


def test_route_rules_of_the_production_build_are_followed_others_unsure(
    repo: RepoFactory,
) -> None:
    # `$production` overrides are the deployed app's: its proxy is followed. A proxy only
    # `$development` sets is not deployed: its calls are unsure. Before, both were unread, and
    # `/ml/health` was a false SC104 'web serves no such route'.
    proxy = "routeRules: { '/ml/**': { proxy: 'http://models:8000/v1/**' } }"
    production = CONFIG.replace("routeRules: {", f"$production: {{ {proxy} }},\n  _: {{", 1)
    root = repo(app(config=production))
    assert (
        "web/pages/index.vue:6 GET /v1/health -> models linked models/main.py:11"
        " via nuxt.config routeRules /ml/**"
    ) in links(root)
    development = production.replace("$production", "$development")
    root = repo(app(config=development))
    assert "web/pages/index.vue:6 GET /ml/health -> web unsure -" in links(root)
    assert [f.split(" ", 2)[2] for f in findings(root) if f.startswith("SC107")] == [
        "ofetch call GET /ml/health not linked to a service route: 'web' declares 1 route"
        " seamcheck cannot read that may serve it (the $development routeRules proxy /ml/** at"
        " web/nuxt.config.ts:2)"
    ]
