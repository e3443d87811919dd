"""Vue and Svelte single-file components (`extract/components.py`): their `<script>` blocks
are the component's code, so the calls and imports written there are read where they are
written. Before, `.vue` and `.svelte` files were not analysed at all: a front end whose
calls live in its components had no seams, and their imports broke no contract."""

from __future__ import annotations

from textwrap import dedent

from conftest import RepoFactory, package_json, run_cli
from seamcheck.extract import extract
from seamcheck.extract.components import script_source
from seams_helpers import findings, links

# A Vue 3 front end (vite proxy to a Node gateway), a SvelteKit admin app, the gateway, and a
# FastAPI model service behind it.
STACK = {
    "docker-compose.yml": """\
        services:
          gateway:
            build: ./gateway
            ports: ["3000:3000"]
          models:
            build: ./models
        """,
    "web/package.json": package_json(
        "web", dependencies={"vue": "3", "axios": "1"}, devDependencies={"vite": "5"}
    ),
    "web/vite.config.ts": """\
        import { defineConfig } from 'vite';
        export default defineConfig({ server: { proxy: { '/api': 'http://gateway:3000' } } });
        """,
    "web/src/api/client.ts": "import axios from 'axios';\nexport const api = axios.create();\n",
    "web/src/api/types.ts": "export interface Prediction { label: string }\n",
    "web/src/components/PredictForm.vue": """\
        <template>
          <form @submit.prevent="run">
            <!-- <script>fetch('/api/old-predict')</script> -->
            <label>Entrée</label>
            <ScoreCard :score="score" />
          </form>
        </template>

        <script setup lang="ts">
        import { ref } from 'vue';
        import ScoreCard from './ScoreCard.vue';
        import type { Prediction } from '../api/types';
        import { api } from '../api/client';

        const score = ref<Prediction | null>(null);

        async function run(): Promise<void> {
          const res = await fetch('/api/predict', { method: 'POST' });
          score.value = await res.json();
          await api.get('/api/model-info');
        }
        </script>

        <style scoped>
        form { display: grid; }
        </style>
        """,
    "web/src/components/ScoreCard.vue": """\
        <template><p>{{ score?.label }}</p></template>
        <script>
        import axios from 'axios';
        export default {
          props: ['score'],
          async mounted() { await axios.get('/api/scores/latest'); },
        };
        </script>
        """,
    "admin/package.json": package_json(
        "admin", devDependencies={"@sveltejs/kit": "2", "svelte": "5", "vite": "5"}
    ),
    "admin/vite.config.js": """\
        import { sveltekit } from '@sveltejs/kit/vite';
        import { defineConfig } from 'vite';
        export default defineConfig({
          plugins: [sveltekit()],
          server: { proxy: { '/api': 'http://gateway:3000' } },
        });
        """,
    "admin/src/routes/+page.svelte": """\
        <script context="module">
          export const prerender = false;
        </script>

        <script lang="ts">
          import { onMount } from 'svelte';
          let models: string[] = [];
          onMount(async () => {
            const res = await fetch('/api/model-info');
            models = await res.json();
          });
        </script>

        {#each models as model}<p>{model}</p>{/each}
        """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "4"}),
    "gateway/index.js": """\
        const express = require('express');
        const app = express();
        app.post('/api/predict', async (req, res) => {
          const r = await fetch('http://models:8000/predict', { method: 'POST' });
          res.json(await r.json());
        });
        app.get('/api/model-info', (req, res) => res.json({}));
        app.get('/api/scores', (req, res) => res.json([]));
        app.listen(3000);
        """,
    "models/requirements.txt": "fastapi\n",
    "models/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        async def predict() -> dict:
            return {}
        """,
}


def test_calls_in_components_are_seams_at_their_own_lines(repo: RepoFactory) -> None:
    root = repo(STACK)
    assert links(root) == [
        "admin/src/routes/+page.svelte:9 GET /api/model-info -> gateway linked gateway/index.js:7"
        " via vite proxy /api",
        "gateway/index.js:4 POST /predict -> models linked models/main.py:6",
        "web/src/components/PredictForm.vue:18 POST /api/predict -> gateway linked"
        " gateway/index.js:3 via vite proxy /api",
        "web/src/components/PredictForm.vue:20 GET /api/model-info -> gateway linked"
        " gateway/index.js:7 via vite proxy /api",
        "web/src/components/ScoreCard.vue:6 GET /api/scores/latest -> gateway broken -"
        " via vite proxy /api",
    ]
    # The call commented out in the markup is no call; the broken one is placed where it is
    # written in the component.
    assert [f.split(" ", 2)[:2] for f in findings(root) if not f.startswith(" ")] == [
        ["SC104", "web/src/components/ScoreCard.vue:6"]
    ]


def test_components_do_not_decide_a_services_language(repo: RepoFactory) -> None:
    pages = {f"web/src/pages/Page{n}.vue": "<template><p /></template>\n" for n in range(4)}
    files = {**STACK, **pages}
    result = run_cli("services", str(repo(files)))
    # Its two TypeScript files decide: six components counted as JavaScript outvoted them.
    assert "web [browser]\n  language:   typescript (node)" in result.output


def test_a_components_imports_keep_contracts(repo: RepoFactory) -> None:
    contract = """\
        [[contracts]]
        name = "components call the backend through the api module"
        type = "forbidden"
        source = ["web/src/components/"]
        forbidden = ["axios"]
        allow_indirect = true
        """
    root = repo({**STACK, "seamcheck.toml": contract})
    result = run_cli("check", str(root), "--no-cache", "--select", "SC302")
    assert [line.split(" '")[0] for line in result.output.splitlines() if "SC302" in line] == [
        "web/src/components/ScoreCard.vue:3:1: SC302 forbidden contract"
    ]


def test_script_blocks_keep_their_positions_and_ask_for_their_dialect() -> None:
    component = dedent("""\
        <template><p>{{ n }}</p></template>
        <!-- <script lang="tsx">nothing()</script> -->
        <script src="./legacy.js" />
        <script lang='ts'>
        const n: number = count();
        </script>
        <SCRIPT>done()</SCRIPT>
        """).encode()
    source, dialect = script_source(component)
    assert dialect == "typescript"
    assert len(source) == len(component)
    assert source.count(b"\n") == component.count(b"\n")
    assert source.split(b"\n")[4] == b"const n: number = count();"
    facts = extract("web/src/Count.vue", component, "javascript")
    assert [(c.callee, c.span.line, c.span.column) for c in facts.calls] == [
        ("count", 5, 19),
        ("done", 7, 9),
    ]


def test_an_unclosed_script_block_runs_to_the_end() -> None:
    source, dialect = script_source(b"<div></div>\n<script>\nfetch('/a')\n")
    assert (source, dialect) == (b"           \n        \nfetch('/a')\n", "javascript")


def test_only_top_level_script_blocks_in_a_javascript_dialect_are_read() -> None:
    vue = dedent("""\
        <template>
          <template v-if="legacy">
            <script>fetch('/api/in-template')</script>
          </template>
          <p title="<script>">x</p>
        </template>
        <docs>
        ```vue
        <script setup>
        import Button from './Button.vue'
        </script>
        ```
        </docs>
        <script lang="coffee">
        export default mounted: -> axios.get '/api/coffee'
        </script>
        <script setup type="text/typescript">
        const n: number = fetch('/api/real')
        </script>
        """).encode()
    source, dialect = script_source(vue)
    assert dialect == "typescript"
    assert source.split() == [b"const", b"n:", b"number", b"=", b"fetch('/api/real')"]
    svelte = dedent("""\
        <script context="module">
          export const prerender = true;
        </script>
        <script>
          import CodeBlock from '$lib/CodeBlock.svelte';
        </script>
        <svelte:head>
          <script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
          <script>window.dataLayer = window.dataLayer || [];</script>
        </svelte:head>
        <pre>{`<script>
          import { api } from '@acme/client';
        </script>`}</pre>
        <p>unclosed<p>
        <script>const late = true;</script>
        """).encode()
    source, _ = script_source(svelte)
    assert source.split() == [
        b"export", b"const", b"prerender", b"=", b"true;",
        b"import", b"CodeBlock", b"from", b"'$lib/CodeBlock.svelte';",
        b"const", b"late", b"=", b"true;",
    ]  # fmt: skip


def test_json_ld_in_a_svelte_head_is_no_syntax_error(repo: RepoFactory) -> None:
    files = {
        "web/package.json": package_json(
            "web",
            devDependencies={
                "@sveltejs/kit": "2",
                "@sveltejs/adapter-static": "3",
                "svelte": "4",
                "vite": "5",
            },
        ),
        "web/src/routes/+layout.svelte": """\
            <script>
              import { onMount } from 'svelte';
              const schema = { '@context': 'https://schema.org', '@type': 'Organization' };
              onMount(() => fetch('/api/visits', { method: 'POST' }));
            </script>

            <svelte:head>
              <title>Shop</title>
              {@html `<script type="application/ld+json">${JSON.stringify(schema)}</script>`}
            </svelte:head>

            <slot />
            """,
    }
    # Before: "SC001 missing ';'; the file was analysed in part" at line 9, the JSON-LD the
    # page renders into its head read as the component's code.
    assert [f for f in findings(repo(files)) if f.startswith("SC001")] == []
