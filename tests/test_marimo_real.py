"""marimo 0.24.2 as it is written (session 27, helper 115: the PyPI sdist's Starlette server
beside the React front end of the npm package `@marimo-team/frontend`). Each test is a
mini-repository of one shape met there, failing before the fix it names. The others:
`test_real_world_shapes.py` (a namespace package's `setup.py`) and `test_openapi_clients.py`
(a client made with options given by name)."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: a bare `&` in JSX text ------------------------------------------------------------

# The settings form's `Your Weights & Biases API key from{" "}<ExternalLink ...>`: valid
# JSX text, which both grammars leave as an ERROR inside the element.
_SETTINGS = """\
    export function KeyField({ onSave }: { onSave: () => void }) {
      return (
        <label>
          Your Weights & Biases API key from{" "}
          <a href="https://example.test/authorize">the site</a>
          <span>
            Databases && Catalogs
          </span>
        </label>
      );
    }

    export const save = () => fetch("/api/keys", { method: "POST" });

    export const Link = () => <KeyField text="Visit https://example.test/docs?page=1&section=intro" />;
    """


# Two more shapes of valid TypeScript tree-sitter-typescript 0.23 does not parse: an optional
# labelled tuple member after the first, and the trailing comma of a call whose type argument
# is `typeof import(...)` (the formatter's way of writing vitest's `vi.importActual`).
_SHORTCUTS = """\
    export function prettyPrintHotkey(key: string): [label: string, symbol?: string] {
      return [key];
    }
    """

_KERNEL_TEST = """\
    import { vi } from "vitest";

    vi.mock("@/core/runtime/config", async () => {
      const actual = await vi.importActual<typeof import("@/core/runtime/config")>(
        "@/core/runtime/config",
      );
      return { ...actual };
    });
    """


def test_valid_code_the_grammars_misread_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "frontend/package.json": package_json("frontend", dependencies={"react": "18"}),
            "frontend/src/KeyField.tsx": _SETTINGS,
            "frontend/src/Plain.jsx": _SETTINGS.replace(": { onSave: () => void }", ""),
            "frontend/src/shortcuts.ts": _SHORTCUTS,
            "frontend/src/__tests__/kernel.test.ts": _KERNEL_TEST,
            # A real syntax error in an element is still one, where it is written.
            "frontend/src/Broken.tsx": "export const B = () => <div id=>x & y</div>;\n",
        }
    )
    assert _check(root, "--select", "SC001") == [
        "frontend/src/Broken.tsx:1:31: SC001 syntax error near '='; the file was analysed in part"
    ]


# -- openapi-fetch through two factories -------------------------------------------------------

# marimo's front end calls its server through `createClientWithRuntimeManager(runtime)`, which
# binds `createMarimoClient({ baseUrl })` (the workspace package `@marimo-team/marimo-api`,
# returning `createClient<paths>(opts)`), adds middleware and returns it.
_SERVER = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/api/kernel/run")
    async def run() -> dict:
        return {}
    """

_API_PACKAGE = """\
    import createClient, { type ClientOptions } from "openapi-fetch";

    export function createAcmeClient(opts: ClientOptions) {
      return createClient<any>(opts);
    }
    """

_FRONT_END_API = """\
    import { createAcmeClient } from "@acme/api";

    export function clientFor(baseUrl: string) {
      const client = createAcmeClient({ baseUrl });
      client.use({ onRequest: ({ request }) => request });
      return client;
    }

    export function runtimeClient(runtime: { httpURL: URL }) {
      return createAcmeClient({ baseUrl: runtime.httpURL.toString() });
    }
    """

_APP = """\
    import { clientFor, runtimeClient } from "./api";

    export const run = () => clientFor("http://localhost:8000").POST("/api/kernel/run", {});
    export const typo = () => clientFor("http://localhost:8000").POST("/api/kernel/rnu", {});
    export const later = (rt: { httpURL: URL }) => runtimeClient(rt).POST("/api/kernel/run", {});
    """


def test_a_client_made_through_two_factories_is_checked_with_the_base_they_give(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "package.json": package_json("acme"),
            "pnpm-workspace.yaml": 'packages:\n  - "frontend"\n  - "packages/*"\n',
            "docker-compose.yml": (
                "services:\n  server:\n    build: ./server\n    ports: ['8000:8000']\n"
                "  frontend:\n    build: ./frontend\n"
            ),
            "server/requirements.txt": "fastapi\n",
            "server/app/main.py": _SERVER,
            "packages/api/package.json": package_json(
                "@acme/api", dependencies={"openapi-fetch": "0.9.7"}, main="src/index.ts"
            ),
            "packages/api/src/index.ts": _API_PACKAGE,
            "frontend/package.json": package_json(
                "frontend", dependencies={"react": "18", "vite": "5", "@acme/api": "workspace:*"}
            ),
            "frontend/src/api.ts": _FRONT_END_API,
            "frontend/src/App.tsx": _APP,
        }
    )
    # Before: none of the three was read as a client call.
    assert links(root) == [
        "frontend/src/App.tsx:3 POST /api/kernel/run -> server linked server/app/main.py:6",
        "frontend/src/App.tsx:4 POST /api/kernel/rnu -> server broken -",
    ]
    assert _check(root, "--select", "SC104,SC107") == [
        "frontend/src/App.tsx:4:27: SC104 POST /api/kernel/rnu reaches 'server', which serves"
        " no such route; did you mean POST /api/kernel/run (server/app/main.py:6)?",
        "frontend/src/App.tsx:5:48: SC107 openapi-fetch call POST {httpURL}/api/kernel/run not"
        " linked to a service route: URL is not known before run time: 'rt.httpURL' is a"
        " parameter or not a constant",
    ]


# -- SC107: URLs that are no request ----------------------------------------------------------


def test_data_blob_and_file_urls_are_no_calls_to_a_service(repo: RepoFactory) -> None:
    # marimo's virtual files are fetched as `data:` URLs (its tests fetch `file:///...` too):
    # read in place, no service to link and nothing unsure. Before: an SC107 for each of the
    # first four.
    root = repo(
        {
            "frontend/package.json": package_json("frontend", dependencies={"react": "18"}),
            "frontend/src/files.ts": (
                'export const inline = () => fetch("data:text/plain;base64,SGVsbG8=");\n'
                'export const local = () => fetch("file:///Users/test/notebook.py");\n'
                'export const blob = () => fetch("blob:https://example.test/1234");\n'
                "export const made = (b64: string) => fetch(`data:image/png;base64,${b64}`);\n"
                "export const page = (url: string) => fetch(url);\n"
            ),
        }
    )
    assert _check(root, "--select", "SC107") == [
        "frontend/src/files.ts:5:38: SC107 fetch call GET {url} not linked to a service route:"
        " URL is not known before run time: 'url' is a parameter or not a constant"
    ]
