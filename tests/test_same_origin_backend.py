"""Shapes met when seamcheck was run on Open WebUI (a SvelteKit front end built into the
image of the FastAPI backend that serves it): base URLs chosen by SvelteKit's `browser`
and `dev` flags, and relative URLs that land on the backend serving the page."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, problems

# The front end's base URLs, as a SvelteKit app picks them: the dev server's page calls
# the backend on another port; the built app, served by the backend, calls its own origin.
CONSTANTS = """\
    import { browser, dev } from '$app/environment';

    export const API_HOST = browser ? (dev ? `${location.hostname}:8080` : ``) : '';
    export const API_ORIGIN = browser ? (dev ? `http://${API_HOST}` : ``) : ``;
    export const API_BASE = `${API_ORIGIN}/api/v1`;
    """
NOTES_API = """\
    import { API_BASE, API_ORIGIN } from '$lib/constants';

    export const createNote = async (token: string, body: object) => {
        const res = await fetch(`${API_BASE}/notes/new`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
            body: JSON.stringify(body)
        });
        return res.json();
    };

    export const getNoteTags = async (id: string) => {
        const res = await fetch(`${API_BASE}/notes/${id}/tags`);
        return res.json();
    };

    export const getVersion = async () => {
        const res = await fetch(`${API_ORIGIN}/api/version`);
        return res.json();
    };
    """
NOTES_ROUTER = """\
    from fastapi import APIRouter

    router = APIRouter()


    @router.post("/new")
    async def create_note(form: dict): ...


    @router.get("/all/tags")
    async def get_all_tags(): ...


    @router.get("/{id}/tags")
    async def get_note_tags(id: str): ...
    """


def svelte_app(main: str) -> dict[str, str]:
    return {
        "package.json": package_json(
            "notes-ui", dependencies={"@sveltejs/kit": "2", "svelte": "4", "vite": "5"}
        ),
        "svelte.config.js": "export default { kit: {} };\n",
        "src/lib/constants.ts": CONSTANTS,
        "src/lib/apis/notes/index.ts": NOTES_API,
        "backend/requirements.txt": "fastapi\nuvicorn\n",
        "backend/notes_app/main.py": main,
        "backend/notes_app/routers/__init__.py": "",
        "backend/notes_app/routers/notes.py": NOTES_ROUTER,
    }


API_ONLY_MAIN = """\
    from fastapi import FastAPI

    from notes_app.routers import notes

    app = FastAPI()
    app.include_router(notes.router, prefix="/api/v1/notes", tags=["notes"])


    @app.get("/api/version")
    async def get_version(): ...
    """


def test_a_sveltekit_base_url_is_read_as_the_built_app_picks_it(repo: RepoFactory) -> None:
    root = repo(svelte_app(API_ONLY_MAIN))
    # Before: "URL is not known before run time: 'API_BASE' is a parameter or not a
    # constant". `dev` is false in the built app and both of `browser`'s branches are
    # empty: the app calls its own origin, which nothing here serves, so it stays unsure.
    unsure = "from browser app 'notes-ui' and no proxy (vite server.proxy, package.json proxy, nginx location) forwards it"
    assert problems(root) == [
        f"src/lib/apis/notes/index.ts:13 /api/v1/notes/{{id}}/tags: relative URL '/api/v1/notes/{{id}}/tags' {unsure}",
        f"src/lib/apis/notes/index.ts:18 /api/version: relative URL '/api/version' {unsure}",
        f"src/lib/apis/notes/index.ts:4 /api/v1/notes/new: relative URL '/api/v1/notes/new' {unsure}",
    ]


SERVING_MAIN = """\
    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles

    from notes_app.routers import notes

    app = FastAPI()
    app.include_router(notes.router, prefix="/api/v1/notes", tags=["notes"])


    @app.get("/api/version")
    async def get_version(): ...


    class SPAStaticFiles(StaticFiles):
        async def get_response(self, path, scope):
            return await super().get_response(path, scope)


    app.mount("/", SPAStaticFiles(directory="build", html=True), name="spa-static-files")
    """


def test_a_relative_url_lands_on_the_backend_that_serves_the_built_app(
    repo: RepoFactory,
) -> None:
    root = repo(svelte_app(SERVING_MAIN))
    # Before: "relative URL ... from browser app 'notes-ui' and no proxy ... forwards it".
    via = "via SPAStaticFiles mounted at '/'"
    assert links(root) == [
        # Not `/all/tags`, declared first, which takes the id only when it is "all".
        "src/lib/apis/notes/index.ts:13 GET /api/v1/notes/{id}/tags -> backend linked "
        f"backend/notes_app/routers/notes.py:14 {via}",
        "src/lib/apis/notes/index.ts:18 GET /api/version -> backend linked "
        f"backend/notes_app/main.py:10 {via}",
        "src/lib/apis/notes/index.ts:4 POST /api/v1/notes/new -> backend linked "
        f"backend/notes_app/routers/notes.py:6 {via}",
    ]


def test_a_base_url_that_differs_between_server_and_browser_stays_unsure(
    repo: RepoFactory,
) -> None:
    files = svelte_app(API_ONLY_MAIN)
    # Rendered on the server, a universal load calls the backend by its compose name; in
    # the browser, its own origin: which one a call takes is not known.
    files["src/lib/constants.ts"] = """\
        import { browser } from '$app/environment';

        export const API_ORIGIN = browser ? '' : 'http://backend:8080';
        export const API_BASE = `${API_ORIGIN}/api/v1`;
        """
    root = repo(files)
    # Each branch is checked (the conditional bound to API_ORIGIN is read as one written in
    # the call is); the browser's relative URL lands nowhere, so the call stays unsure. Before
    # the binding was read: "'API_ORIGIN' is a parameter or not a constant".
    assert [p.split(": ", 1)[1] for p in problems(root)][:1] == [
        "URL is not known before run time: the code chooses between '' and "
        "'http://backend:8080'; with '', relative URL '/api/v1/notes/{id}/tags' from browser "
        "app 'notes-ui' and no proxy (vite server.proxy, package.json proxy, nginx location) "
        "forwards it"
    ]


def test_a_parameter_named_like_a_build_flag_is_not_the_flag(repo: RepoFactory) -> None:
    files = svelte_app(SERVING_MAIN)
    # `dev` here is the caller's argument, not SvelteKit's: the base URL is not known.
    files["src/lib/apis/notes/index.ts"] = """\
        import { dev } from '$app/environment';

        export const getVersion = async (dev: boolean) => {
            const res = await fetch(`${dev ? 'http://localhost:9000' : ''}/api/version`);
            return res.json();
        };
        """
    root = repo(files)
    # Before: the import's value (false) was taken, and the call linked to the backend
    # "via SPAStaticFiles mounted at '/'".
    assert links(root) == []
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "URL is not known before run time: computed: dev ? 'http://localhost:9000' : ''"
    ]
