"""SvelteKit apps (`seams/routes/sveltekit.py`, `project.builds_sveltekit_server`): one built
with a server adapter is the Node request edge, with endpoints, pages and hooks of its own;
one built with the static adapter is a browser app. Before, every SvelteKit app was a browser
app: its server code calling an internal model service was a false SC103 and SC105, and its
pages' calls to its own endpoints were SC107."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links

COMPOSE = """\
    services:
      web:
        build: ./web
        ports: ["3000:3000"]
      models:
        build: ./models
    """

MODELS = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/v1/predict")
    async def predict() -> dict:
        return {}
    """


def app(adapter: str = "@sveltejs/adapter-node", config: str = "") -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "models/requirements.txt": "fastapi\n",
        "models/main.py": MODELS,
        "web/package.json": package_json(
            "web",
            devDependencies={"@sveltejs/kit": "2", adapter: "5", "svelte": "5", "vite": "5"},
        ),
        "web/svelte.config.js": config
        or f"""\
            import adapter from '{adapter}';
            export default {{ kit: {{ adapter: adapter() }} }};
            """,
        "web/src/routes/api/predict/+server.ts": """\
            import { json } from '@sveltejs/kit';

            export async function POST({ request }) {
              const res = await fetch('http://models:8000/v1/predict', {
                method: 'POST',
                body: await request.text(),
              });
              return json(await res.json());
            }
            """,
        "web/src/routes/(app)/[[lang]]/items/[id=integer]/+server.ts": """\
            export const GET = () => new Response('{}');
            export const fallback = () => new Response(null, { status: 405 });
            """,
        "web/src/routes/(app)/dashboard/+page.server.ts": """\
            export const actions = { default: async () => ({ saved: true }) };
            """,
        "web/src/routes/(app)/dashboard/+page.svelte": """\
            <script lang="ts">
              async function run() {
                await fetch('/api/predict', { method: 'POST' });
                await fetch('/api/predicts', { method: 'POST' });
                await fetch('/fr/items/7');
                await fetch('/items/7', { method: 'DELETE' });
                await fetch('/dashboard', { method: 'POST' });
              }
            </script>
            <button on:click={run}>Run</button>
            """,
    }


def test_a_sveltekit_server_is_the_edge_and_serves_its_endpoints(repo: RepoFactory) -> None:
    root = repo(app())
    assert links(root) == [
        "web/src/routes/(app)/dashboard/+page.svelte:3 POST /api/predict -> web linked"
        " web/src/routes/api/predict/+server.ts:3",
        "web/src/routes/(app)/dashboard/+page.svelte:4 POST /api/predicts -> web broken -",
        "web/src/routes/(app)/dashboard/+page.svelte:5 GET /fr/items/7 -> web linked"
        " web/src/routes/(app)/[[lang]]/items/[id=integer]/+server.ts:1",
        # `fallback` answers any verb; a page's form actions answer POST.
        "web/src/routes/(app)/dashboard/+page.svelte:6 DELETE /items/7 -> web linked"
        " web/src/routes/(app)/[[lang]]/items/[id=integer]/+server.ts:2",
        "web/src/routes/(app)/dashboard/+page.svelte:7 POST /dashboard -> web linked"
        " web/src/routes/(app)/dashboard/+page.server.ts:1",
        "web/src/routes/api/predict/+server.ts:4 POST /v1/predict -> models linked"
        " models/main.py:6",
    ]
    # Before: "SC103 service 'models' (python) serves HTTP to the outside: browser app 'web'
    # calls it" and "SC105 browser app 'web' calls internal service 'models'": the endpoint
    # runs on the server, which is the edge.
    assert [f.split(" ", 2)[:2] for f in findings(root) if not f.startswith(" ")] == [
        ["SC104", "web/src/routes/(app)/dashboard/+page.svelte:4"]
    ]


def test_a_handle_hook_may_answer_any_path(repo: RepoFactory) -> None:
    files = app()
    files["web/src/hooks.server.ts"] = """\
        export async function handle({ event, resolve }) {
          if (event.url.pathname.startsWith('/backend/')) {
            return fetch('http://models:8000' + event.url.pathname.slice(8), event.request);
          }
          return resolve(event);
        }
        """
    found = [f.split(" ", 2)[:2] for f in findings(repo(files)) if f.startswith("SC10")]
    # The typo of an endpoint is still broken; nothing else became unsure or broken.
    assert ["SC104", "web/src/routes/(app)/dashboard/+page.svelte:4"] in found
    files["web/src/routes/(app)/dashboard/+page.svelte"] = (
        "<script>fetch('/backend/v1/predict', { method: 'POST' });</script>\n"
    )
    found = [f.split(" ", 2)[:2] for f in findings(repo(files)) if f.startswith("SC10")]
    assert ["SC107", "web/src/routes/(app)/dashboard/+page.svelte:1"] in found


def test_paths_base_moves_every_endpoint(repo: RepoFactory) -> None:
    config = """\
        import adapter from '@sveltejs/adapter-node';
        const config = { kit: { adapter: adapter(), paths: { base: '/studio' } } };
        export default config;
        """
    root = repo(app(config=config))
    assert [line.split(" -> ")[1].split(" ")[1] for line in links(root)][:3] == [
        "broken",  # /api/predict is /studio/api/predict
        "broken",
        "broken",
    ]


def test_a_static_build_is_a_browser_app(repo: RepoFactory) -> None:
    root = repo(app(adapter="@sveltejs/adapter-static"))
    assert "web [browser]" in run_cli("services", str(root)).output
    served = repo(app())
    assert "web [browser]" not in run_cli("services", str(served)).output


def test_a_sveltekit_servers_vite_proxy_forwards_what_it_does_not_serve(
    repo: RepoFactory,
) -> None:
    files = app()
    files["web/vite.config.ts"] = """\
        import { sveltekit } from '@sveltejs/kit/vite';
        import { defineConfig } from 'vite';
        export default defineConfig({
          plugins: [sveltekit()],
          server: { proxy: { '/v1': 'http://models:8000' } },
        });
        """
    files["web/src/routes/(app)/dashboard/+page.svelte"] = """\
        <script>
          fetch('/v1/predict', { method: 'POST' });
          fetch('/v1/predictz', { method: 'POST' });
        </script>
        """
    assert [line.split(" linked ")[0].split(" broken ")[0] for line in links(repo(files))][:2] == [
        "web/src/routes/(app)/dashboard/+page.svelte:2 POST /v1/predict -> models",
        "web/src/routes/(app)/dashboard/+page.svelte:3 POST /v1/predictz -> models",
    ]


def test_a_page_breaking_out_of_its_layouts_is_a_page(repo: RepoFactory) -> None:
    files = app()
    # `+page@.svelte` resets to the root layout, `+page@(app).svelte` to the group's.
    files["web/src/routes/(app)/settings/+page@.svelte"] = "<h1>Settings</h1>\n"
    files["web/src/routes/(app)/reports/[id]/+page@(app).svelte"] = "<h1>Report</h1>\n"
    files["web/src/routes/(app)/dashboard/+page.svelte"] = """\
        <script>
          const settings = () => fetch('/settings');
          const report = (id) => fetch(`/reports/${id}`);
        </script>
        """
    # Before: both were "SC104 GET /settings reaches 'web', which serves no such route".
    assert [line.split(" -> ")[1] for line in links(repo(files))][:2] == [
        "web linked web/src/routes/(app)/settings/+page@.svelte:1",
        "web linked web/src/routes/(app)/reports/[id]/+page@(app).svelte:1",
    ]


def test_the_files_of_its_static_folder_are_served(repo: RepoFactory) -> None:
    files = app()
    files.update(
        {
            "web/static/locales/en.json": '{"hello": "Hello"}\n',
            "web/static/favicon.png": "",
            "web/static/.gitignore": "generated/\n",
            "web/static/generated/build.json": "{}\n",
            "web/src/routes/(app)/dashboard/+page.svelte": """\
                <script>
                  fetch('/locales/en.json');
                  fetch('/favicon.png');
                  fetch('/locales/de.json');
                  fetch('/generated/build.json');
                  fetch('/api/predicts', { method: 'POST' });
                </script>
                """,
        }
    )
    root = repo(files)
    # Before: the four were SC104 "GET /locales/en.json reaches 'web', which serves no such
    # route". A file that is not kept, in a folder of it or an ignored one, may be made by
    # the build: unsure. A typo of an endpoint is still broken.
    assert [line.split(" -> ")[1] for line in links(root)][:5] == [
        "web linked web/static/locales/en.json:1",
        "web linked web/static/favicon.png:1",
        "web unsure -",
        "web unsure -",
        "web broken -",
    ]


def test_a_path_its_vite_proxy_takes_somewhere_unknown_is_not_its_own(
    repo: RepoFactory,
) -> None:
    files = app()
    files["web/vite.config.ts"] = """\
        import { sveltekit } from '@sveltejs/kit/vite';
        import { defineConfig } from 'vite';
        export default defineConfig({
          plugins: [sveltekit()],
          server: {
            proxy: {
              '/backend': 'http://localhost:9999',
              '/ml': { target: process.env.ML_URL, changeOrigin: true },
            },
          },
        });
        """
    files["web/src/routes/(app)/dashboard/+page.svelte"] = """\
        <script>
          fetch('/backend/items');
          fetch('/ml/v1/predict', { method: 'POST' });
        </script>
        """
    found = [f for f in findings(repo(files)) if f.startswith("SC10")]
    # Before: both were SC104 "reaches 'web', which serves no such route": in development
    # the Vite server forwards them, to a service seamcheck cannot tell.
    assert [f.split(" ", 2)[:2] for f in found] == [
        ["SC107", "web/src/routes/(app)/dashboard/+page.svelte:2"],
        ["SC107", "web/src/routes/(app)/dashboard/+page.svelte:3"],
    ]
    assert [f.split(": ", 1)[1] for f in found] == [
        "vite proxy /backend (web/vite.config.ts:7) forwards to http://localhost:9999: no "
        "service is known to listen on port 9999",
        "vite proxy /ml (web/vite.config.ts:8) forwards to {ML_URL}: its target is not known "
        "before run time",
    ]


def test_the_fetch_sveltekit_gives_with_the_event_is_a_fetch(repo: RepoFactory) -> None:
    files = app()
    files["web/src/routes/(app)/models/+page.server.ts"] = """\
        export const load = async ({ fetch, params }) => {
          const own = await fetch('/fr/items/7');
          const items = await fetch('http://models:8000/v1/predict', { method: 'POST' });
          return { own: await own.json(), items: await items.json() };
        };
        export const actions = {
          default: async ({ request, fetch }) => {
            await fetch('http://models:8000/v1/predict', { method: 'POST' });
          },
          retrain: async (event) => {
            await event.fetch('http://models:8000/v1/retrain', { method: 'POST' });
          },
        };
        """
    files["web/src/routes/+layout.ts"] = """\
        export async function load({ fetch }) {
          return { session: await (await fetch('/api/predict', { method: 'POST' })).json() };
        }
        """
    files["web/src/routes/api/health/+server.ts"] = """\
        export async function GET(event) {
          return event.fetch('http://models:8000/v1/predict', { method: 'POST' });
        }
        """
    files["web/src/hooks.server.ts"] = """\
        export const handle = async ({ event, resolve }) => {
          await event.fetch('http://models:8000/v1/predict', { method: 'POST' });
          return resolve(event);
        };
        """
    # Not SvelteKit's: a helper of the app's library named like a load function.
    files["web/src/lib/load.ts"] = """\
        export async function load({ fetch }) {
          return fetch('http://models:8000/v1/predict');
        }
        """
    # Before, none of these calls was read: `fetch` was a parameter, `event.fetch` a call
    # on one. The helper of the library stays unread.
    found = [line for line in links(repo(files)) if not line.startswith("web/src/routes/api/p")]
    assert [line for line in found if "dashboard" not in line] == [
        "web/src/hooks.server.ts:2 POST /v1/predict -> models linked models/main.py:6",
        # (sorted as text: line 11 before line 2)
        "web/src/routes/(app)/models/+page.server.ts:11 POST /v1/retrain -> models broken -",
        "web/src/routes/(app)/models/+page.server.ts:2 GET /fr/items/7 -> web linked"
        " web/src/routes/(app)/[[lang]]/items/[id=integer]/+server.ts:1",
        "web/src/routes/(app)/models/+page.server.ts:3 POST /v1/predict -> models linked"
        " models/main.py:6",
        "web/src/routes/(app)/models/+page.server.ts:8 POST /v1/predict -> models linked"
        " models/main.py:6",
        "web/src/routes/+layout.ts:2 POST /api/predict -> web linked"
        " web/src/routes/api/predict/+server.ts:3",
        "web/src/routes/api/health/+server.ts:2 POST /v1/predict -> models linked models/main.py:6",
    ]
