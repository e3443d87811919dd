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
