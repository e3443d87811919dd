"""Vue and Svelte front ends as real projects write them (session 26, helper 94: Django's
pretalx with its Vue schedule editor, a Quasar admin GUI over FastAPI, a SvelteKit chat
app with a FastAPI backend, and the components of carbon-components-svelte). Each test is a
mini-repository of one shape met there, failing before the fix it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: `export { className as class }` ------------------------------------------------

# A Svelte 4 component taking a `class` prop: a reserved word may name an export (any
# identifier name may), and Svelte's components are written so.
_SVELTE_SELECT_ITEM = """\
    <script>
      /** Specify the option value */
      export let value = "";

      let className = undefined;

      /**
       * Specify the class of the `option` element
       * @type {string}
       */
      export { className as class };
    </script>

    <option {value} class={className}>{value}</option>
    """


def test_a_reserved_word_naming_an_export_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "ui/package.json": package_json("ui", devDependencies={"svelte": "4"}),
            "ui/src/Select/SelectItem.svelte": _SVELTE_SELECT_ITEM,
            "ui/src/legacy.js": "const a = 1;\nconst b = 2;\nexport { a as default, b as new };\n",
            # A real syntax error is still one, where it is written.
            "ui/src/Broken.svelte": "<script>\n  let x = ;\n</script>\n<p>{x}</p>\n",
        }
    )
    assert _check(root, "--select", "SC001") == [
        "ui/src/Broken.svelte:2:9: SC001 syntax error near '='; the file was analysed in part"
    ]


# -- a wrapper's `options.method || 'GET'` ---------------------------------------------------

# The SvelteKit app's server routes call the FastAPI backend through one client class whose
# `request(endpoint, options)` builds an axios config (modelled on a SvelteKit chat app's
# `bff-client.ts`).
_BFF = {
    "docker-compose.yml": """\
        services:
          backend:
            build: ./backend
            ports: ["8000:8000"]
        """,
    "backend/requirements.txt": "fastapi\n",
    "backend/app/main.py": """\
        from fastapi import APIRouter, FastAPI

        router = APIRouter(prefix="/auth")


        @router.post("/login")
        async def login() -> dict:
            return {}


        @router.get("/me")
        async def me() -> dict:
            return {}


        app = FastAPI()
        app.include_router(router, prefix="/api")
        """,
    "frontend/package.json": package_json(
        "frontend",
        devDependencies={"@sveltejs/kit": "2", "svelte": "5", "vite": "7"},
        dependencies={"axios": "1"},
    ),
    "frontend/svelte.config.js": "export default { kit: {} };\n",
    "frontend/src/routes/api/auth/login/+server.ts": """\
        import { json } from '@sveltejs/kit';
        import { backend } from '$lib/backend';

        export async function POST({ request }) {
          const form = await request.text();
          return json(await backend.request('/api/auth/login', { method: 'POST', data: form }));
        }
        """,
    "frontend/src/routes/api/auth/me/+server.ts": """\
        import { json } from '@sveltejs/kit';
        import { backend } from '$lib/backend';

        export async function GET() {
          return json(await backend.request('/api/auth/me'));
        }
        """,
}

_WRAPPER_WITH_DEFAULT = """\
    import axios, { type AxiosInstance } from 'axios';

    export class BackendClient {
      private client: AxiosInstance;

      constructor(baseURL: string = 'http://localhost:8000') {
        this.client = axios.create({ baseURL, timeout: 15000 });
      }

      async request<T>(endpoint: string, options: { method?: string; data?: any } = {}): Promise<T> {
        const response = await this.client.request({
          url: endpoint,
          method: options.method || 'GET',
          data: options.data,
        });
        return response.data;
      }
    }

    export const backend = new BackendClient();
    """


def test_a_method_a_wrapper_defaults_is_the_one_each_call_gives(repo: RepoFactory) -> None:
    root = repo({**_BFF, "frontend/src/lib/backend.ts": _WRAPPER_WITH_DEFAULT})
    assert links(root) == [
        "frontend/src/routes/api/auth/login/+server.ts:6 POST /api/auth/login -> backend"
        " linked backend/app/main.py:6",
        "frontend/src/routes/api/auth/me/+server.ts:5 GET /api/auth/me -> backend"
        " linked backend/app/main.py:11",
    ]
    # Before, the default held for every call: 'GET /api/auth/login' was a broken seam.
    assert _check(root, "--select", "SC104") == []


# The same client as the chat app writes it: the config bound to a name, its headers set
# only when given.
_WRAPPER_WITH_CONFIG = """\
    import axios, { type AxiosInstance } from 'axios';

    export class BackendClient {
      private client: AxiosInstance;

      constructor(baseURL: string = 'http://localhost:8000') {
        this.client = axios.create({ baseURL, timeout: 15000 });
      }

      async request<T>(endpoint: string, options: {
        method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
        data?: any;
        headers?: Record<string, string>;
      } = {}): Promise<T> {
        const config: any = {
          url: endpoint,
          method: options.method || 'GET',
          data: options.data,
        };

        if (options.headers) {
          config.headers = options.headers;
        }

        const response = await this.client.request(config);
        return response.data;
      }
    }

    export const backend = new BackendClient();
    """


def test_a_config_keeps_the_entries_the_code_does_not_set_again(repo: RepoFactory) -> None:
    root = repo({**_BFF, "frontend/src/lib/backend.ts": _WRAPPER_WITH_CONFIG})
    assert links(root) == [
        "frontend/src/routes/api/auth/login/+server.ts:6 POST /api/auth/login -> backend"
        " linked backend/app/main.py:6",
        "frontend/src/routes/api/auth/me/+server.ts:5 GET /api/auth/me -> backend"
        " linked backend/app/main.py:11",
    ]


def test_a_config_entry_set_again_is_not_known(repo: RepoFactory) -> None:
    # `config.url = ...` may replace the URL the literal says: the call stays unsure.
    client = _WRAPPER_WITH_CONFIG.replace(
        "config.headers = options.headers;", "config.url = `/v2${endpoint}`;"
    )
    root = repo({**_BFF, "frontend/src/lib/backend.ts": client})
    assert links(root) == []
    assert [line.split(": SC107 ")[1] for line in _check(root, "--select", "SC107")] == [
        "axios call {value} not linked to a service route: URL is not known before run"
        " time: computed: 'config.url' is set again (frontend/src/lib/backend.ts:22)"
    ]


# -- Quasar's folder aliases -----------------------------------------------------------------

# A Quasar admin GUI over a FastAPI admin service published on port 8000 (modelled on a
# portfolio site's `admin_gui`): its axios instance is made in a boot file and imported by
# Quasar's aliases, `boot/axios`, `components/TechCard.vue`, `stores/auth`.
_QUASAR = {
    "docker-compose.yml": """\
        services:
          admin_service:
            build: ./admin_service
            ports: ["8000:8000"]
          admin_gui:
            build: ./admin_gui
            ports: ["9500:80"]
        """,
    "admin_service/requirements.txt": "fastapi\nuvicorn\n",
    "admin_service/main.py": """\
        from fastapi import APIRouter, FastAPI

        auth = APIRouter(prefix="/auth")
        tech = APIRouter(prefix="/technologies")


        @auth.post("/refresh")
        async def refresh() -> dict:
            return {}


        @tech.get("")
        async def all_tech() -> list:
            return []


        app = FastAPI()
        app.include_router(auth)
        app.include_router(tech)
        """,
    "admin_gui/package.json": package_json(
        "admin-gui",
        dependencies={"axios": "1", "pinia": "3", "quasar": "2", "vue": "3"},
        devDependencies={"@quasar/app-vite": "2"},
    ),
    "admin_gui/quasar.config.js": """\
        import { defineConfig } from '#q-app/wrappers'

        export default defineConfig(() => ({ boot: ['axios'], devServer: { port: 9500 } }))
        """,
    "admin_gui/src/boot/axios.js": """\
        import { boot } from 'quasar/wrappers'
        import axios from 'axios'

        const api = axios.create({ baseURL: 'http://localhost:8000', withCredentials: true })

        export default boot(({ app }) => {
          app.config.globalProperties.$api = api
        })

        export { axios, api }
        """,
    "admin_gui/src/stores/auth.js": """\
        import { defineStore } from 'pinia'
        import { api } from 'boot/axios'

        export const useAuthStore = defineStore('auth', () => {
          const tryRefresh = async () => {
            const response = await api.post('/auth/refresh', {}, { withCredentials: true })
            return response.data.access_token
          }
          return { tryRefresh }
        })
        """,
    "admin_gui/src/components/TechCard.vue": """\
        <template>
          <q-card v-for="kingdom in kingdoms" :key="kingdom.key">{{ kingdom.kingdom }}</q-card>
        </template>

        <script setup>
        import { ref, onMounted } from 'vue'
        import { api } from 'boot/axios'

        const kingdoms = ref([])

        onMounted(async () => {
          const response = await api.get('/technologies')
          kingdoms.value = response.data
        })
        </script>
        """,
    "admin_gui/src/pages/TechPage.vue": """\
        <template><q-page><TechCard /></q-page></template>

        <script setup>
        import TechCard from 'components/TechCard.vue'
        import { useAuthStore } from 'stores/auth'

        useAuthStore()
        </script>
        """,
}


def test_quasars_folder_aliases_are_the_apps_own_files(repo: RepoFactory) -> None:
    root = repo(_QUASAR)
    assert links(root) == [
        "admin_gui/src/components/TechCard.vue:12 GET /technologies -> admin_service linked"
        " admin_service/main.py:12",
        "admin_gui/src/stores/auth.js:6 POST /auth/refresh -> admin_service linked"
        " admin_service/main.py:7",
    ]
    # Before, `boot`, `components` and `stores` were npm packages the app depended on.
    services = run_cli("services", str(root), "--no-cache").output
    assert "libraries:  axios, pinia, quasar, vue\n" in services


# -- pydantic settings fields with no default ------------------------------------------------

# The admin service posts webhooks to its own routes at an address its settings read from the
# compose `env_file` (modelled on the same portfolio site's `services/webhooks.py`).
_WEBHOOKS = {
    "docker-compose.yml": """\
        services:
          admin_service:
            build: ./admin_service
            env_file:
              - .env.example
            ports:
              - "8000:8000"
        """,
    ".env.example": "BASE_HOST=0.0.0.0\nBASE_PORT=8000\n",
    "admin_service/pyproject.toml": """\
        [project]
        name = "admin_service"
        dependencies = ["fastapi", "httpx", "pydantic-settings", "uvicorn"]
        """,
    "admin_service/settings.py": """\
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Settings(BaseSettings):
            BASE_HOST: str
            BASE_PORT: int
            NOTIFY_HOST: str

            model_config = SettingsConfigDict(env_file="../.env", extra="ignore")


        settings = Settings()
        """,
    "admin_service/main.py": """\
        import uvicorn
        from fastapi import FastAPI

        from settings import settings

        app = FastAPI()


        @app.post("/notifications/ban")
        async def ban_notification() -> dict:
            return {}


        if __name__ == "__main__":
            uvicorn.run(app, host=settings.BASE_HOST, port=settings.BASE_PORT)
        """,
    "admin_service/webhooks.py": """\
        import httpx

        from settings import settings


        async def send_ban_notification_webhook(email: str) -> None:
            async with httpx.AsyncClient() as client:
                await client.post(
                    f"http://{settings.BASE_HOST}:{settings.BASE_PORT}/notifications/ban",
                    json={"email": email},
                )


        async def send_mail(email: str) -> None:
            async with httpx.AsyncClient() as client:
                await client.post(f"http://{settings.NOTIFY_HOST}/mail", json={"to": email})
        """,
}


def test_a_settings_field_with_no_default_is_read_from_the_environment(
    repo: RepoFactory,
) -> None:
    root = repo(_WEBHOOKS)
    assert links(root) == [
        "admin_service/webhooks.py:8 POST /notifications/ban -> admin_service linked"
        " admin_service/main.py:9"
    ]
    # One the environment does not set stays unsure, as before.
    assert [line.split(": SC107 ")[1] for line in _check(root, "--select", "SC107")] == [
        "httpx call POST http://{NOTIFY_HOST}/mail not linked to a service route: host is not"
        " known before run time: 'settings.NOTIFY_HOST' is a parameter or not a constant"
    ]


# -- `window.fetch` ----------------------------------------------------------------------------

# The schedule editor of a Django conference tool calls its API through `window.fetch` in an
# `api.js` of the Vue app (modelled on pretalx's), here behind a vite dev proxy.
_EDITOR = {
    "server/requirements.txt": "django\n",
    "server/manage.py": "import django\n",
    "server/conf/urls.py": """\
        from django.urls import path

        from . import views

        urlpatterns = [
            path("orga/event/<slug:event>/schedule/api/rooms/", views.rooms),
        ]
        """,
    "server/conf/views.py": "def rooms(request, event):\n    return None\n",
    "server/conf/settings.py": 'ROOT_URLCONF = "conf.urls"\n',
    "editor/package.json": package_json(
        "schedule-editor", dependencies={"vue": "3"}, devDependencies={"vite": "4"}
    ),
    "editor/vite.config.js": """\
        export default {
          server: { proxy: { '/orga': 'http://server:8000' } },
        }
        """,
    "editor/src/api.js": """\
        const api = {
          eventSlug: window.location.pathname.split("/")[3],
          fetchRooms () {
            return window.fetch(`/orga/event/${api.eventSlug}/schedule/api/rooms/`, {
              credentials: 'include',
            }).then(response => response.json())
          },
        }
        export default api
        """,
    "docker-compose.yml": """\
        services:
          server:
            build: ./server
            ports: ["8000:8000"]
        """,
}


def test_window_fetch_is_the_browsers_fetch(repo: RepoFactory) -> None:
    assert links(repo(_EDITOR)) == [
        "editor/src/api.js:4 GET /orga/event/{eventSlug}/schedule/api/rooms -> server linked"
        " server/conf/urls.py:6 via vite proxy /orga"
    ]


# -- vite's `resolve.alias` ------------------------------------------------------------------

# A Vue 3 site whose imports go through the aliases its vite config declares (modelled on the
# portfolio site's public front end: `@` as create-vue writes it, `@components` and `@stores`
# with `path.resolve`), calling a FastAPI gateway through the dev proxy.
_ALIASED = {
    "docker-compose.yml": """\
        services:
          gateway:
            build: ./gateway
            ports: ["50055:50055"]
        """,
    "gateway/requirements.txt": "fastapi\n",
    "gateway/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/api/v1/comments/project/{project_id}")
        async def project_comments(project_id: str) -> list:
            return []
        """,
    "frontend/package.json": package_json(
        "frontend",
        dependencies={"axios": "1", "pinia": "3", "vue": "3"},
        devDependencies={"vite": "6"},
    ),
    "frontend/vite.config.js": """\
        import { fileURLToPath, URL } from 'node:url'
        import path from 'path'
        import { defineConfig } from 'vite'

        export default defineConfig({
          server: { proxy: { '/api': 'http://gateway:50055' } },
          resolve: {
            alias: {
              '@': fileURLToPath(new URL('./src', import.meta.url)),
              '@components': path.resolve(__dirname, 'src', 'components'),
              '@stores': path.resolve(__dirname, 'src', 'stores'),
            },
          },
        })
        """,
    "frontend/src/api/client.js": """\
        import axios from 'axios'

        export const apiClient = axios.create({ baseURL: '/api/v1' })
        """,
    "frontend/src/stores/authStore.js": """\
        import { defineStore } from 'pinia'

        export const useAuthStore = defineStore('auth', () => ({}))
        """,
    "frontend/src/components/CommentItem.vue": "<template><p /></template>\n",
    "frontend/src/components/ProjectComments.vue": """\
        <template><CommentItem v-for="c in comments" :key="c.id" /></template>

        <script setup>
        import { ref } from 'vue'
        import CommentItem from '@components/CommentItem.vue'
        import { useAuthStore } from '@stores/authStore.js'
        import { apiClient } from '@/api/client'

        const props = defineProps({ projectId: { type: String, required: true } })
        const comments = ref([])
        useAuthStore()

        const fetchComments = async () => {
          const response = await apiClient.get(`/comments/project/${props.projectId}`)
          comments.value = response.data
        }
        </script>
        """,
}


def test_vite_aliases_lead_to_the_apps_own_files(repo: RepoFactory) -> None:
    root = repo(_ALIASED)
    assert links(root) == [
        "frontend/src/components/ProjectComments.vue:14 GET"
        " /api/v1/comments/project/{projectId} -> gateway linked gateway/main.py:6"
        " via vite proxy /api"
    ]
    # Before, `@components/CommentItem.vue` and `@stores/authStore.js` were npm packages.
    services = run_cli("services", str(root), "--no-cache").output
    assert "libraries:  axios, pinia, vite, vue\n" in services


# -- fetch's init holds no base URL --------------------------------------------------------

# The chat app's browser client for its own endpoints (modelled on `bff-api-client.ts`): the
# caller's options spread into fetch's init, which has no base URL to set.
_FETCH_CLIENT = {
    "docker-compose.yml": """\
        services:
          api:
            build: ./api
            ports: ["3000:3000"]
        """,
    "api/package.json": package_json("api", dependencies={"express": "4"}),
    "api/index.js": """\
        const express = require('express');
        const app = express();
        app.get('/api/dashboard', (req, res) => res.json({}));
        app.listen(3000);
        """,
    "web/package.json": package_json(
        "web", dependencies={"vue": "3"}, devDependencies={"vite": "5"}
    ),
    "web/vite.config.js": """\
        import { defineConfig } from 'vite';
        export default defineConfig({ server: { proxy: { '/api': 'http://api:3000' } } });
        """,
    "web/src/bff-api-client.ts": """\
        export class BFFApiClient {
          private baseUrl: string;

          constructor(baseUrl: string = '') {
            this.baseUrl = baseUrl;
          }

          private async request<T>(endpoint: string, options: RequestInit = {}): Promise<T> {
            const url = `${this.baseUrl}${endpoint}`;
            const response = await fetch(url, {
              ...options,
              headers: { 'Content-Type': 'application/json', ...options.headers },
            });
            return await response.json();
          }

          dashboard = {
            get: async () => this.request('/api/dashboard'),
          };
        }

        export const bffApiClient = new BFFApiClient();
        """,
}


def test_a_spread_into_fetchs_init_sets_no_base_url(repo: RepoFactory) -> None:
    # Before, the spread was taken to maybe set a base URL: SC107 for '{value}/{endpoint}'.
    assert links(repo(_FETCH_CLIENT)) == [
        "web/src/bff-api-client.ts:18 * /api/dashboard -> api linked api/index.js:3"
        " via vite proxy /api"
    ]
