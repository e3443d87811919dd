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
