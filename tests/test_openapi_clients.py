"""Calls made through clients generated from a FastAPI model service's OpenAPI schema: a
React (Vite) front end calls the model service with openapi-fetch, the base URL in the
front end's `.env`; both named in docker-compose.yml. Each test gives the exact links, or
the SC104/SC107 a wrong path or a base URL seamcheck cannot read gives."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links

COMPOSE = """\
services:
  model:
    build: ./model
    ports: ["8000:8000"]
  web:
    build: ./web
    ports: ["5173:5173"]
"""

MODEL = """\
    from fastapi import FastAPI
    from pydantic import BaseModel

    app = FastAPI(title="model")


    class PredictIn(BaseModel):
        features: list[float]


    @app.post("/predict")
    async def predict(body: PredictIn) -> dict:
        return {"score": sum(body.features)}


    @app.get("/items/{item_id}")
    async def read_item(item_id: int) -> dict:
        return {"id": item_id}
    """

SCHEMA = """\
    export interface paths {
      "/predict": { post: operations["predict_predict_post"] };
      "/items/{item_id}": { get: operations["read_item_items__item_id__get"] };
    }
    export type operations = Record<string, unknown>;
    """


def front_end(dependency: str, files: Mapping[str, str], env: str = "") -> dict[str, str]:
    """The model service and a Vite front end depending on `dependency`, with `files`."""
    dependencies = {"react": "^18.3.0", "vite": "^5.4.0", dependency: "^0.13.0"}
    return {
        "docker-compose.yml": COMPOSE,
        "model/requirements.txt": "fastapi\npydantic\n",
        "model/app/main.py": MODEL,
        "web/package.json": package_json("web", dependencies=dependencies),
        "web/.env": env or "VITE_ML_URL=http://localhost:8000\n",
        "web/src/api/schema.d.ts": SCHEMA,
        **files,
    }


CLIENT = """\
    import createClient from "openapi-fetch";
    import type { paths } from "./schema";

    export const client = createClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
    """

APP = """\
    import { client } from "./api/client";

    export async function predict(features: number[]) {
      const { data } = await client.POST("/predict", { body: { features } });
      return data;
    }

    export async function item(id: number) {
      const { data } = await client.GET("/items/{item_id}", {
        params: { path: { item_id: id } },
      });
      return data;
    }

    export async function explain(features: number[]) {
      return client.POST("/predcit", { body: { features } });
    }

    export async function drop(id: number) {
      return client.DELETE("/items/{item_id}", { params: { path: { item_id: id } } });
    }
    """


def seam_findings(root: Path) -> list[str]:
    return [line for line in findings(root) if line.startswith(("SC104", "SC107"))]


def test_openapi_fetch_calls_are_checked_against_the_routes_the_model_serves(
    repo: RepoFactory,
) -> None:
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": CLIENT, "web/src/App.tsx": APP})
    )
    assert links(root) == [
        "web/src/App.tsx:16 POST /predcit -> model broken -",
        "web/src/App.tsx:20 DELETE /items/{item_id} -> model broken -",
        "web/src/App.tsx:4 POST /predict -> model linked model/app/main.py:11",
        "web/src/App.tsx:9 GET /items/{item_id} -> model linked model/app/main.py:16",
    ]
    assert seam_findings(root) == [
        "SC104 web/src/App.tsx:16 POST /predcit reaches 'model', which serves no such route;"
        " did you mean POST /predict (model/app/main.py:11)?",
        "SC104 web/src/App.tsx:20 DELETE /items/{item_id} reaches 'model', which serves"
        " /items/{item_id} for GET only; did you mean GET /items/{item_id}"
        " (model/app/main.py:16)?",
    ]
    graph = json.loads(run_cli("graph", str(root), "--no-cache").output)
    requests = sorted(
        (e["source"], e["target"], e["client"]) for e in graph["edges"] if e["kind"] == "requests"
    )
    assert requests == [
        ("web/src/App.tsx::item", "route:model:GET /items/{item_id}", "openapi-fetch"),
        ("web/src/App.tsx::predict", "route:model:POST /predict", "openapi-fetch"),
    ]


def test_openapi_fetch_destructured_lower_case_and_request_calls(repo: RepoFactory) -> None:
    # openapi-fetch before 0.7 named its methods in lower case (`del` for DELETE), and its
    # README destructured them; `request(method, path)` takes the method as a string.
    client = """\
        import createFetchClient from "openapi-fetch";
        import type { paths } from "./schema";

        const baseUrl = import.meta.env.VITE_ML_URL;
        export const { get, post, del } = createFetchClient<paths>({ baseUrl });
        export const { GET } = createFetchClient<paths>({ baseUrl });
        export const api = createFetchClient<paths>({ baseUrl });
        """
    app = """\
        import { api, del, get, GET, post } from "./api/client";

        export const item = (id: number) =>
          get("/items/{item_id}", { params: { path: { item_id: id } } });
        export const itemNow = (id: number) =>
          GET("/items/{item_id}", { params: { path: { item_id: id } } });
        export const predict = () => post("/predict", { body: { features: [] } });
        export const drop = (id: number) => del("/items/{item_id}", {});
        export const scored = () => api.request("post", "/predict", { body: {} });
        export const typo = () => api.request("get", "/item/{item_id}", {});
        """
    # `createClient` re-exported by a module of the app, and called elsewhere.
    reexported = """\
        import { createClient } from "./api";

        const ml = createClient({ baseUrl: import.meta.env.VITE_ML_URL });
        export const scores = () => ml.GET("/scores");
        """
    root = repo(
        front_end(
            "openapi-fetch",
            {
                "web/src/api/client.ts": client,
                "web/src/api/index.ts": 'export { default as createClient } from "openapi-fetch";\n',
                "web/src/App.tsx": app,
                "web/src/Scores.tsx": reexported,
            },
        )
    )
    assert links(root) == [
        "web/src/App.tsx:10 GET /item/{item_id} -> model broken -",
        "web/src/App.tsx:4 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:6 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:7 POST /predict -> model linked model/app/main.py:11",
        "web/src/App.tsx:8 DELETE /items/{item_id} -> model broken -",
        "web/src/App.tsx:9 POST /predict -> model linked model/app/main.py:11",
        "web/src/Scores.tsx:4 GET /scores -> model broken -",
    ]
    assert [line.split(" reaches")[0] for line in seam_findings(root)] == [
        "SC104 web/src/App.tsx:8 DELETE /items/{item_id}",
        "SC104 web/src/App.tsx:10 GET /item/{item_id}",
        "SC104 web/src/Scores.tsx:4 GET /scores",
    ]


def test_openapi_fetch_base_urls_seamcheck_cannot_read_leave_calls_unsure(
    repo: RepoFactory,
) -> None:
    client = """\
        import createClient from "openapi-fetch";
        import type { paths } from "./schema";

        export const unset = createClient<paths>({ baseUrl: import.meta.env.VITE_MODEL_URL });
        export const origin = createClient<paths>({ baseUrl: window.location.origin });
        export const bare = createClient<paths>();
        export const client = createClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
        """
    app = """\
        import { bare, client, origin, unset } from "./api/client";

        export const a = () => unset.POST("/predcit", {});
        export const b = () => origin.POST("/predcit", {});
        export const c = () => bare.POST("/predcit", {});
        export const d = (baseUrl: string) => client.POST("/predcit", { baseUrl });
        """
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": client, "web/src/App.tsx": app})
    )
    assert links(root) == []
    assert seam_findings(root) == [
        "SC107 web/src/App.tsx:3 openapi-fetch call POST {VITE_MODEL_URL}/predcit not linked"
        " to a service route: URL is not known before run time: environment variable"
        " VITE_MODEL_URL is set nowhere in the repository",
        # The page's own origin: its relative URL, which no proxy forwards.
        "SC107 web/src/App.tsx:4 openapi-fetch call POST /predcit not linked to a service"
        " route: relative URL '/predcit' from browser app 'web' and no proxy (vite"
        " server.proxy, package.json proxy, nginx location) forwards it",
        "SC107 web/src/App.tsx:5 openapi-fetch call POST /predcit not linked to a service"
        " route: relative URL '/predcit' from browser app 'web' and no proxy (vite"
        " server.proxy, package.json proxy, nginx location) forwards it",
        "SC107 web/src/App.tsx:6 openapi-fetch call POST {baseUrl}/predcit not linked to a"
        " service route: URL is not known before run time: 'baseUrl' is a parameter or not"
        " a constant",
    ]


# A client per user: a factory function returning the client, made with the user's token.
FACTORY = """\
    import createClient from "openapi-fetch";
    import type { paths } from "./schema";

    const ML_URL = import.meta.env.VITE_ML_URL;

    export function makeClient(token: string) {
      const headers = { Authorization: `Bearer ${token}` };
      return createClient<paths>({ baseUrl: ML_URL, headers });
    }

    export const clientFor = (baseUrl: string) => createClient<paths>({ baseUrl });
    """

USES_FACTORY = """\
    import { clientFor, makeClient } from "./api/client";

    export async function predict(token: string, features: number[]) {
      const api = makeClient(token);
      const { data } = await api.POST("/predict", { body: { features } });
      return data;
    }

    export const item = (token: string, id: number) =>
      makeClient(token).GET("/items/{item_id}", { params: { path: { item_id: id } } });

    export async function typo(token: string) {
      const { POST } = makeClient(token);
      return POST("/predcit", { body: {} });
    }

    export const other = (id: number) =>
      clientFor(import.meta.env.VITE_ML_URL).GET("/item/{item_id}", {});
    """


def test_openapi_fetch_clients_a_factory_returns_take_the_base_url_it_makes_them_with(
    repo: RepoFactory,
) -> None:
    """A client bound to a name, called on in place or destructured, made by a function
    of the app whose only `return` makes it: the base URL is the one that call gives, read
    in the factory, with what each call of it gives its parameters."""
    root = repo(
        front_end(
            "openapi-fetch", {"web/src/api/client.ts": FACTORY, "web/src/App.tsx": USES_FACTORY}
        )
    )
    assert links(root) == [
        "web/src/App.tsx:10 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:14 POST /predcit -> model broken -",
        "web/src/App.tsx:18 GET /item/{item_id} -> model broken -",
        "web/src/App.tsx:5 POST /predict -> model linked model/app/main.py:11",
    ]
    assert seam_findings(root) == [
        "SC104 web/src/App.tsx:14 POST /predcit reaches 'model', which serves no such route;"
        " did you mean POST /predict (model/app/main.py:11)?",
        "SC104 web/src/App.tsx:18 GET /item/{item_id} reaches 'model', which serves no such"
        " route; did you mean GET /items/{item_id} (model/app/main.py:16)?",
    ]


def test_a_factory_base_url_seamcheck_cannot_read_leaves_the_calls_unsure(
    repo: RepoFactory,
) -> None:
    # What the factory is given is not known, or it reads the base URL from a call; an
    # async factory gives a promise, whose client is not followed.
    factory = FACTORY + textwrap.dedent(
        """\

        export const fromSettings = () => createClient<paths>({ baseUrl: settings().mlUrl });
        export async function later() {
          return createClient<paths>({ baseUrl: ML_URL });
        }
        """
    )
    app = """\
        import { clientFor, fromSettings, later } from "./api/client";

        export const a = () => clientFor(window.location.origin).POST("/predcit", {});
        export const b = () => fromSettings().POST("/predcit", {});
        export const c = async () => (await later()).POST("/predcit", {});
        """
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": factory, "web/src/App.tsx": app})
    )
    assert links(root) == []
    assert seam_findings(root) == [
        # The page's own origin: its relative URL, which no proxy forwards.
        "SC107 web/src/App.tsx:3 openapi-fetch call POST /predcit not linked to a service"
        " route: relative URL '/predcit' from browser app 'web' and no proxy (vite"
        " server.proxy, package.json proxy, nginx location) forwards it",
        "SC107 web/src/App.tsx:4 openapi-fetch call POST {mlUrl}/predcit not linked to a"
        " service route: URL is not known before run time: 'settings().mlUrl' is a parameter"
        " or not a constant",
    ]


def test_a_client_made_with_options_given_by_name_takes_their_base_url(
    repo: RepoFactory,
) -> None:
    """The options a client is made with, bound to a name or passed on by a factory as it
    is given them (`return createClient<paths>(options)`): their `baseUrl` is its base.
    Before, the client had no base URL: its calls were relative, taken by the page's vite
    proxy to the model service, and four false SC104s ("no such route" for the scorer's)."""
    compose = COMPOSE.replace(
        "  web:", '  scorer:\n    build: ./scorer\n    ports: ["9000:9000"]\n  web:'
    )
    scorer = """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/score")
        async def score() -> dict:
            return {}
        """
    factory = """\
        import createClient, { type ClientOptions } from "openapi-fetch";
        import type { paths } from "./schema";

        export function makeClient(options: ClientOptions) {
          return createClient<paths>(options);
        }
        """
    app = """\
        import createClient from "openapi-fetch";
        import { makeClient } from "./api/factory";

        const scorerOptions = { baseUrl: "http://localhost:9000" };
        const scorer = createClient<any>(scorerOptions);

        export const a = () => scorer.POST("/score", {});
        export const b = () => makeClient({ baseUrl: "http://localhost:9000" }).POST("/score", {});
        export const c = () => createClient<any>(loadOptions()).POST("/score", {});
        export function d(settings: { baseUrl: string }) {
          return makeClient(settings).POST("/score", {});
        }
        export const e = () => createClient<any>({}).POST("/predict", {});
        """
    files = front_end("openapi-fetch", {"web/src/api/factory.ts": factory, "web/src/App.tsx": app})
    files.update(
        {
            "docker-compose.yml": compose,
            "scorer/requirements.txt": "fastapi\n",
            "scorer/app/main.py": scorer,
            "web/vite.config.ts": (
                'import { defineConfig } from "vite";\n'
                'export default defineConfig({ server: { proxy: { "/": "http://localhost:8000" }'
                " } });\n"
            ),
        }
    )
    root = repo(files)
    assert links(root) == [
        "web/src/App.tsx:13 POST /predict -> model linked model/app/main.py:11 via vite proxy /",
        "web/src/App.tsx:7 POST /score -> scorer linked scorer/app/main.py:6",
        "web/src/App.tsx:8 POST /score -> scorer linked scorer/app/main.py:6",
    ]
    assert seam_findings(root) == [
        "SC107 web/src/App.tsx:9 openapi-fetch call POST {value}/score not linked to a service"
        " route: URL is not known before run time: computed: the options the client is made"
        " with are not read here",
        "SC107 web/src/App.tsx:11 openapi-fetch call POST {baseUrl}/score not linked to a"
        " service route: URL is not known before run time: 'settings.baseUrl' is a parameter"
        " or not a constant",
    ]


def test_a_factory_returning_the_client_it_binds_and_adds_middleware_to_is_followed(
    repo: RepoFactory,
) -> None:
    """openapi-fetch's middleware idiom: the factory binds the client to a name, calls
    `client.use(...)` and returns the name. Its calls are the client's, with the base URL
    it is made with (before: not read as client calls at all, the typo below unreported).
    A name the factory binds again may hold either client: not followed."""
    client = """\
        import createClient from "openapi-fetch";
        import type { paths } from "./schema";

        export function makeClient(token: string) {
          const client = createClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
          client.use({ onRequest: ({ request }) => { request.headers.set("x-token", token); } });
          return client;
        }

        export function either(other: boolean) {
          let client = createClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
          if (other) client = createClient<paths>({ baseUrl: "http://localhost:9000" });
          return client;
        }
        """
    app = """\
        import { either, makeClient } from "./api/client";

        const api = makeClient("t");

        export const predict = () => api.POST("/predict", { body: { features: [] } });
        export const typo = () => makeClient("t").POST("/predcit", {});
        export const unsure = () => either(true).POST("/predict", {});
        """
    root = repo(
        front_end("openapi-fetch", {"web/src/api/client.ts": client, "web/src/App.tsx": app})
    )
    assert links(root) == [
        "web/src/App.tsx:5 POST /predict -> model linked model/app/main.py:11",
        "web/src/App.tsx:6 POST /predcit -> model broken -",
    ]
    assert seam_findings(root) == [
        "SC104 web/src/App.tsx:6 POST /predcit reaches 'model', which serves no such route;"
        " did you mean POST /predict (model/app/main.py:11)?",
    ]


def test_a_factory_named_create_client_in_a_client_folder_is_an_openapi_fetch_factory(
    repo: RepoFactory,
) -> None:
    """A hand-written `client/client.ts` whose `createClient` wraps openapi-fetch's is not
    taken for the copy of a client library @hey-api/openapi-ts writes there."""
    factory = """\
        import createFetchClient from "openapi-fetch";
        import type { paths } from "../schema";

        export const createClient = (token: string) =>
          createFetchClient<paths>({
            baseUrl: import.meta.env.VITE_ML_URL,
            headers: { Authorization: `Bearer ${token}` },
          });
        """
    app = """\
        import { createClient } from "./api/client/client";

        export const item = (token: string, id: number) =>
          createClient(token).GET("/items/{item_id}", { params: { path: { item_id: id } } });
        export const drop = (token: string) => createClient(token).POST("/items", {});
        """
    root = repo(
        front_end(
            "openapi-fetch", {"web/src/api/client/client.ts": factory, "web/src/App.tsx": app}
        )
    )
    assert links(root) == [
        "web/src/App.tsx:4 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:5 POST /items -> model broken -",
    ]


QUERY_CLIENT = """\
    import createFetchClient from "openapi-fetch";
    import createQueryClient from "openapi-react-query";
    import type { paths } from "./schema";

    const fetchClient = createFetchClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL });
    export const $api = createQueryClient(fetchClient);
    export const $inline = createQueryClient(
      createFetchClient<paths>({ baseUrl: import.meta.env.VITE_ML_URL }),
    );
    export const $unknown = createQueryClient(await loadClient());
    """

USES_QUERY_CLIENT = """\
    import { $api, $inline, $unknown } from "./api/query";

    export function Item({ id }: { id: number }) {
      const { data } = $api.useQuery("get", "/items/{item_id}", {
        params: { path: { item_id: id } },
      });
      const predict = $api.useMutation("post", "/predict");
      const explain = $inline.useMutation("post", "/explain");
      const item = $inline.useSuspenseQuery("get", "/items/{item_id}", {});
      const options = $unknown.queryOptions("delete", "/items/{item_id}", {});
      return { data, predict, explain, item, options };
    }
    """


def test_openapi_react_query_hooks_are_checked_with_the_base_of_the_client_they_wrap(
    repo: RepoFactory,
) -> None:
    """`$api.useQuery("get", "/items/{item_id}")`: the method and path the hook is given,
    on the base URL of the openapi-fetch client `createClient` (openapi-react-query's,
    under any local name) wraps, by name or made in place; one seamcheck cannot follow
    leaves its calls unsure."""
    dependencies = {"openapi-fetch": "^0.13.0", "openapi-react-query": "^0.2.0"}
    files = {"web/src/api/query.ts": QUERY_CLIENT, "web/src/Item.tsx": USES_QUERY_CLIENT}
    root = repo(front_end("@tanstack/react-query", files))
    package = json.loads((root / "web/package.json").read_text())
    package["dependencies"].update(dependencies)
    (root / "web/package.json").write_text(json.dumps(package))
    assert links(root) == [
        "web/src/Item.tsx:4 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/Item.tsx:7 POST /predict -> model linked model/app/main.py:11",
        "web/src/Item.tsx:8 POST /explain -> model broken -",
        "web/src/Item.tsx:9 GET /items/{item_id} -> model linked model/app/main.py:16",
    ]
    assert seam_findings(root) == [
        "SC104 web/src/Item.tsx:8 POST /explain reaches 'model', which serves no such route",
        "SC107 web/src/Item.tsx:10 openapi-react-query call DELETE {$unknown}/items/{item_id}"
        " not linked to a service route: URL is not known before run time: '$unknown' wraps"
        " a client seamcheck does not follow: what loadClient() returns",
    ]


PATH_BASED = """\
    import createClient, { createPathBasedClient, wrapAsPathBasedClient } from "openapi-fetch";
    import type { paths } from "./schema";

    const baseUrl = import.meta.env.VITE_ML_URL;
    export const api = createPathBasedClient<paths>({ baseUrl });
    export const wrapped = wrapAsPathBasedClient(createClient<paths>({ baseUrl }));
    export const unset = createPathBasedClient<paths>({ baseUrl: import.meta.env.VITE_API });
    """

USES_PATH_BASED = """\
    import { api, unset, wrapped } from "./api/client";

    export const item = (id: number) =>
      api["/items/{item_id}"].GET({ params: { path: { item_id: id } } });
    export const predict = (features: number[]) => api["/predict"].POST({ body: { features } });
    export const drop = (id: number) =>
      wrapped["/items/{item_id}"].DELETE({ params: { path: { item_id: id } } });
    export const typo = () => wrapped["/predcit"].POST({ body: {} });
    export const other = () => unset["/predict"].POST({ body: {} });
    """


def test_openapi_fetch_path_based_clients_are_checked_by_the_path_they_index(
    repo: RepoFactory,
) -> None:
    """`createPathBasedClient` (or `wrapAsPathBasedClient` of a client): the path is the
    key the call indexes the client with, the method the one it calls on it."""
    root = repo(
        front_end(
            "openapi-fetch",
            {"web/src/api/client.ts": PATH_BASED, "web/src/App.tsx": USES_PATH_BASED},
        )
    )
    assert links(root) == [
        "web/src/App.tsx:4 GET /items/{item_id} -> model linked model/app/main.py:16",
        "web/src/App.tsx:5 POST /predict -> model linked model/app/main.py:11",
        "web/src/App.tsx:7 DELETE /items/{item_id} -> model broken -",
        "web/src/App.tsx:8 POST /predcit -> model broken -",
    ]
    assert seam_findings(root) == [
        "SC104 web/src/App.tsx:7 DELETE /items/{item_id} reaches 'model', which serves"
        " /items/{item_id} for GET only; did you mean GET /items/{item_id}"
        " (model/app/main.py:16)?",
        "SC104 web/src/App.tsx:8 POST /predcit reaches 'model', which serves no such route;"
        " did you mean POST /predict (model/app/main.py:11)?",
        "SC107 web/src/App.tsx:9 openapi-fetch call POST {VITE_API}/predict not linked to a"
        " service route: URL is not known before run time: environment variable VITE_API is"
        " set nowhere in the repository",
    ]


# -- openapi-typescript-codegen / @hey-api/openapi-ts legacy output ------------------------

GENERATED_HEADER = (
    "/* generated using openapi-typescript-codegen -- do not edit */\n"
    "/* istanbul ignore file */\n/* tslint:disable */\n/* eslint-disable */\n"
)


def generated(body: str) -> str:
    """A generated file: the generator's header, then `body`."""
    return GENERATED_HEADER + textwrap.dedent(body)


OPENAPI_CONFIG = generated(
    """\
    import type { ApiRequestOptions } from './ApiRequestOptions';

    type Resolver<T> = (options: ApiRequestOptions) => Promise<T>;
    type Headers = Record<string, string>;

    export type OpenAPIConfig = {
        BASE: string;
        VERSION: string;
        WITH_CREDENTIALS: boolean;
        CREDENTIALS: 'include' | 'omit' | 'same-origin';
        TOKEN?: string | Resolver<string> | undefined;
        HEADERS?: Headers | Resolver<Headers> | undefined;
        ENCODE_PATH?: ((path: string) => string) | undefined;
    };

    export const OpenAPI: OpenAPIConfig = {
        BASE: 'BASE_VALUE',
        VERSION: '0.1.0',
        WITH_CREDENTIALS: false,
        CREDENTIALS: 'include',
        TOKEN: undefined,
        HEADERS: undefined,
        ENCODE_PATH: undefined,
    };
    """
)

REQUEST_OPTIONS = generated(
    """\
    export type ApiRequestOptions = {
        readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH';
        readonly url: string;
        readonly path?: Record<string, any>;
        readonly query?: Record<string, any>;
        readonly body?: any;
        readonly mediaType?: string;
        readonly errors?: Record<number, string>;
    };
    """
)

# The generated core, cut down to what makes the request: the URL is the configuration's
# BASE and the operation's path, and `fetch` is given it.
CORE_REQUEST = generated(
    """\
    import type { ApiRequestOptions } from './ApiRequestOptions';
    import type { OpenAPIConfig } from './OpenAPI';

    const getUrl = (config: OpenAPIConfig, options: ApiRequestOptions): string => {
        const encoder = config.ENCODE_PATH || encodeURI;
        const path = options.url
            .replace('{api-version}', config.VERSION)
            .replace(/{(.*?)}/g, (substring: string, group: string) => {
                if (options.path?.hasOwnProperty(group)) {
                    return encoder(String(options.path[group]));
                }
                return substring;
            });
        return `${config.BASE}${path}`;
    };

    export const sendRequest = async (
        config: OpenAPIConfig,
        options: ApiRequestOptions,
        url: string,
        body: any,
    ): Promise<Response> => {
        const request: RequestInit = { body: body ?? undefined, method: options.method };
        return await fetch(url, request);
    };

    export const request = <T>(config: OpenAPIConfig, options: ApiRequestOptions): Promise<T> => {
        return (async () => {
            const url = getUrl(config, options);
            const response = await sendRequest(config, options, url, options.body);
            return (await response.json()) as T;
        })();
    };
    """
)

DEFAULT_SERVICE = generated(
    """\
    import type { PredictIn } from '../models/PredictIn';
    import type { CancelablePromise } from '../core/CancelablePromise';
    import { OpenAPI } from '../core/OpenAPI';
    import { request as __request } from '../core/request';
    export class DefaultService {
        /**
         * Predict
         * @param requestBody
         * @returns any Successful Response
         * @throws ApiError
         */
        public static predictPredictPost(
            requestBody: PredictIn,
        ): CancelablePromise<any> {
            return __request(OpenAPI, {
                method: 'POST',
                url: '/predict',
                body: requestBody,
                mediaType: 'application/json',
                errors: {
                    422: `Validation Error`,
                },
            });
        }
        /**
         * Read Item
         * @param itemId
         * @returns any Successful Response
         * @throws ApiError
         */
        public static readItemItemsItemIdGet(
            itemId: number,
        ): CancelablePromise<any> {
            return __request(OpenAPI, {
                method: 'GET',
                url: '/items/{item_id}',
                path: {
                    'item_id': itemId,
                },
                errors: {
                    422: `Validation Error`,
                },
            });
        }
        /**
         * Explain
         * @returns any Successful Response
         * @throws ApiError
         */
        public static explainExplainPost(): CancelablePromise<any> {
            return __request(OpenAPI, {
                method: 'POST',
                url: '/explain',
            });
        }
    }
    """
)

USES_SERVICE = """\
    import { DefaultService } from './client';

    export async function score(features: number[]) {
      const item = await DefaultService.readItemItemsItemIdGet(7);
      return DefaultService.predictPredictPost({ features: [item.id, ...features] });
    }
    """


def generated_client(base: str = "", **files: str) -> dict[str, str]:
    """openapi-typescript-codegen's output in the front end's `src/client`, and `files`."""
    return {
        "web/src/client/core/OpenAPI.ts": OPENAPI_CONFIG.replace("BASE_VALUE", base),
        "web/src/client/core/ApiRequestOptions.ts": REQUEST_OPTIONS,
        "web/src/client/core/request.ts": CORE_REQUEST,
        "web/src/client/models/PredictIn.ts": "export type PredictIn = { features: number[] };\n",
        "web/src/client/services/DefaultService.ts": DEFAULT_SERVICE,
        "web/src/client/index.ts": generated(
            """\
            export { OpenAPI } from './core/OpenAPI';
            export type { OpenAPIConfig } from './core/OpenAPI';
            export type { PredictIn } from './models/PredictIn';
            export { DefaultService } from './services/DefaultService';
            """
        ),
        "web/src/App.tsx": USES_SERVICE,
        **files,
    }


SETS_BASE = """\
    import { OpenAPI } from './client';

    OpenAPI.BASE = import.meta.env.VITE_ML_URL;
    """


def test_generated_services_are_checked_where_they_request_with_the_base_the_app_sets(
    repo: RepoFactory,
) -> None:
    """The generated method makes the call: a route the model no longer serves is SC104 on
    its line (the client is out of date). The core's own `fetch` is not a call of its own."""
    root = repo(front_end("react-dom", generated_client(**{"web/src/main.tsx": SETS_BASE})))
    service = "web/src/client/services/DefaultService.ts"
    assert links(root) == [
        f"{service}:19 POST /predict -> model linked model/app/main.py:11",
        f"{service}:38 GET /items/{{item_id}} -> model linked model/app/main.py:16",
        f"{service}:55 POST /explain -> model broken -",
    ]
    assert seam_findings(root) == [
        f"SC104 {service}:55 POST /explain reaches 'model', which serves no such route"
    ]
    graph = json.loads(run_cli("graph", str(root), "--no-cache").output)
    requests = sorted(
        (e["source"], e["target"], e["client"]) for e in graph["edges"] if e["kind"] == "requests"
    )
    assert requests == [
        (
            f"{service}::DefaultService.predictPredictPost",
            "route:model:POST /predict",
            "openapi-typescript-codegen",
        ),
        (
            f"{service}::DefaultService.readItemItemsItemIdGet",
            "route:model:GET /items/{item_id}",
            "openapi-typescript-codegen",
        ),
    ]


def test_a_client_generated_into_a_folder_skipped_by_default_is_checked_once_re_included(
    repo: RepoFactory,
) -> None:
    """openapi-typescript-codegen's README writes to `./generated`, a folder discovery skips
    (generated code is rarely worth reading; a generated client is the seam): a negation in
    `exclude` walks it."""
    files = {
        path.replace("web/src/client/", "web/src/generated/"): text
        for path, text in generated_client().items()
    }
    files["web/src/App.tsx"] = USES_SERVICE.replace("'./client", "'./generated")
    files["web/src/main.tsx"] = SETS_BASE.replace("'./client'", "'./generated'")
    root = repo(front_end("react-dom", files))
    service = "web/src/generated/services/DefaultService.ts"
    assert not any(line.startswith(service) for line in links(root))
    (root / "seamcheck.toml").write_text('exclude = ["!web/src/generated/"]\n')
    assert seam_findings(root) == [
        f"SC104 {service}:55 POST /explain reaches 'model', which serves no such route"
    ]


def test_a_generated_base_the_app_does_not_set_one_way_leaves_the_calls_unsure(
    repo: RepoFactory,
) -> None:
    two_ways = """\
        import { OpenAPI } from './client';

        if (import.meta.env.DEV) {
          OpenAPI.BASE = 'http://localhost:8000';
        } else {
          OpenAPI.BASE = 'https://ml.example.com';
        }
        """
    merged = """\
        import { OpenAPI } from './client';

        Object.assign(OpenAPI, { BASE: window.location.origin, TOKEN: 't' });
        """
    service = "web/src/client/services/DefaultService.ts"
    reasons = {}
    for name, files in {
        "two ways": {"web/src/main.tsx": two_ways},
        "merged": {"web/src/main.tsx": merged},
        "not set": {},
    }.items():
        root = repo(front_end("react-dom", generated_client(**files)))
        assert links(root) == []
        found = seam_findings(root)
        assert (
            [line.split(" not linked")[0] for line in found]
            == [
                f"SC107 {service}:19 openapi-typescript-codegen call POST {{BASE}}/predict",
                f"SC107 {service}:38 openapi-typescript-codegen call GET {{BASE}}/items/{{item_id}}",
                f"SC107 {service}:55 openapi-typescript-codegen call POST {{BASE}}/explain",
            ]
            if name != "not set"
            else [
                f"SC107 {service}:19 openapi-typescript-codegen call POST /predict",
                f"SC107 {service}:38 openapi-typescript-codegen call GET /items/{{item_id}}",
                f"SC107 {service}:55 openapi-typescript-codegen call POST /explain",
            ]
        )
        reasons[name] = found[0].split("not linked to a service route: ")[1]
    assert reasons == {
        "two ways": "URL is not known before run time: 'OpenAPI.BASE' is set to different"
        " values (web/src/main.tsx:4, web/src/main.tsx:6)",
        "merged": "URL is not known before run time: Object.assign (web/src/main.tsx:3)"
        " copies entries into 'OpenAPI.BASE'",
        "not set": "relative URL '/predict' from browser app 'web' and no proxy (vite"
        " server.proxy, package.json proxy, nginx location) forwards it",
    }


def test_hey_api_legacy_functions_in_a_node_gateway_take_the_base_from_compose(
    repo: RepoFactory,
) -> None:
    """@hey-api/openapi-ts's legacy clients generate the same core, and functions instead of
    a class when asked; here a gateway's, its BASE read from the environment compose sets."""
    compose = COMPOSE + (
        "  gateway:\n    build: ./gateway\n    environment:\n      ML_URL: http://model:8000\n"
    )
    services = generated(
        """\
        import type { CancelablePromise } from './core/CancelablePromise';
        import { OpenAPI } from './core/OpenAPI';
        import { request as __request } from './core/request';

        export const predict = (data: { requestBody: unknown }): CancelablePromise<unknown> => {
            return __request(OpenAPI, {
                method: 'POST',
                url: '/predict',
                body: data.requestBody,
                mediaType: 'application/json',
            });
        };

        export const readItem = (data: { itemId: number }): CancelablePromise<unknown> => {
            return __request(OpenAPI, {
                method: 'GET',
                url: '/item/{item_id}',
                path: { item_id: data.itemId },
            });
        };
        """
    )
    root = repo(
        {
            "docker-compose.yml": compose,
            "model/requirements.txt": "fastapi\npydantic\n",
            "model/app/main.py": MODEL,
            "gateway/package.json": package_json(
                "gateway", dependencies={"express": "^4.19.0", "@hey-api/client-fetch": "^0.1.0"}
            ),
            "gateway/src/ml/core/OpenAPI.ts": OPENAPI_CONFIG.replace(
                "'BASE_VALUE'", "process.env.ML_URL ?? ''"
            ),
            "gateway/src/ml/core/ApiRequestOptions.ts": REQUEST_OPTIONS,
            "gateway/src/ml/core/request.ts": CORE_REQUEST,
            "gateway/src/ml/services.gen.ts": services,
            "gateway/src/server.ts": """\
                import express from 'express';
                import { predict } from './ml/services.gen';

                const app = express();
                app.post('/api/predict', async (req, res) => {
                  res.json(await predict({ requestBody: req.body }));
                });
                app.listen(3000);
                """,
        }
    )
    assert links(root) == [
        "gateway/src/ml/services.gen.ts:10 POST /predict -> model linked model/app/main.py:11",
        "gateway/src/ml/services.gen.ts:19 GET /item/{item_id} -> model broken -",
    ]
    assert seam_findings(root) == [
        "SC104 gateway/src/ml/services.gen.ts:19 GET /item/{item_id} reaches 'model', which"
        " serves no such route; did you mean GET /items/{item_id} (model/app/main.py:16)?"
    ]


# -- orval with a custom axios mutator ---------------------------------------------------------

# orval's documented custom instance: an axios instance with the base URL, and a function
# spreading the request config orval's generated functions give it into its request.
MUTATOR = """\
    import Axios, { AxiosError, AxiosRequestConfig } from 'axios';

    export const AXIOS_INSTANCE = Axios.create({ baseURL: import.meta.env.VITE_ML_URL });

    export const customInstance = <T>(
      config: AxiosRequestConfig,
      options?: AxiosRequestConfig,
    ): Promise<T> => {
      const source = Axios.CancelToken.source();
      const promise = AXIOS_INSTANCE({
        ...config,
        ...options,
        cancelToken: source.token,
      }).then(({ data }) => data);

      // @ts-ignore
      promise.cancel = () => {
        source.cancel('Query was cancelled');
      };

      return promise;
    };

    export type ErrorType<Error> = AxiosError<Error>;
    """

ORVAL = """\
    /**
     * Generated by orval v6.31.0 🍺
     * Do not edit manually.
     * model
     * OpenAPI spec version: 0.1.0
     */
    import { useQuery } from '@tanstack/react-query';
    import type { QueryFunction, UseQueryOptions } from '@tanstack/react-query';
    import type { PredictIn } from '../model';
    import { customInstance } from '../mutator/custom-instance';

    type SecondParameter<T extends (...args: any) => any> = Parameters<T>[1];

    /**
     * @summary Predict
     */
    export const predictPredictPost = (
        predictIn: PredictIn,
     options?: SecondParameter<typeof customInstance>,) => {
          return customInstance<unknown>(
          {url: `/predict`, method: 'POST',
          headers: {'Content-Type': 'application/json', },
          data: predictIn
        },
          options);
        }

    /**
     * @summary Read Item
     */
    export const readItemItemsItemIdGet = (
        itemId: number,
     options?: SecondParameter<typeof customInstance>,signal?: AbortSignal
    ) => {
          return customInstance<unknown>(
          {url: `/items/${itemId}`, method: 'GET', signal
        },
          options);
        }

    export const useReadItemItemsItemIdGet = (
     itemId: number,
     options?: { query?: Partial<UseQueryOptions<unknown>>, request?: SecondParameter<typeof customInstance> }
    ) => {
      const {query: queryOptions, request: requestOptions} = options ?? {};
      const queryFn: QueryFunction<unknown> = ({ signal }) =>
        readItemItemsItemIdGet(itemId, requestOptions, signal);
      return useQuery({ queryKey: [`/items/${itemId}`], queryFn, ...queryOptions });
    }

    /**
     * @summary Explain
     */
    export const explainExplainPost = (
     options?: SecondParameter<typeof customInstance>,) => {
          return customInstance<unknown>(
          {url: `/explain`, method: 'POST'
        },
          options);
        }
    """

USES_ORVAL = """\
    import { predictPredictPost, useReadItemItemsItemIdGet } from './api/ml/ml';

    export function Score({ id }: { id: number }) {
      const { data } = useReadItemItemsItemIdGet(id);
      return predictPredictPost({ features: [Number(data)] });
    }
    """


def orval_front_end(mutator: str = MUTATOR, **files: str) -> dict[str, str]:
    return front_end(
        "@tanstack/react-query",
        {
            "web/src/api/mutator/custom-instance.ts": mutator,
            "web/src/api/ml/ml.ts": ORVAL,
            "web/src/api/model.ts": "export type PredictIn = { features: number[] };\n",
            "web/src/App.tsx": USES_ORVAL,
            **files,
        },
    )


def test_orval_calls_through_a_custom_mutator_take_its_axios_instance_base(
    repo: RepoFactory,
) -> None:
    """Each generated function's call of the mutator is an axios request made on its line,
    through the mutator's own request (its related location); the mutator's request as
    written, made with whatever config it is given, is no call of its own."""
    root = repo(orval_front_end())
    through = "(through web/src/api/mutator/custom-instance.ts:10)"
    assert links(root) == [
        "web/src/api/ml/ml.ts:20 POST /predict -> model linked model/app/main.py:11",
        "web/src/api/ml/ml.ts:35 GET /items/{itemId} -> model linked model/app/main.py:16",
        "web/src/api/ml/ml.ts:56 POST /explain -> model broken -",
    ]
    found = findings(root)
    broken = (
        "SC104 web/src/api/ml/ml.ts:56 POST /explain reaches 'model', which serves no such route"
    )
    assert seam_findings(root) == [broken]
    assert found[found.index(broken) + 1] == (
        "  web/src/api/mutator/custom-instance.ts:10 the wrapper's axios call, with the call's"
        " arguments"
    )
    seams = run_cli("seams", str(root), "--no-cache").output
    assert f"web/src/api/ml/ml.ts:56 -> POST /explain -> model: no such route  {through}" in seams


def test_orval_calls_a_mutator_cannot_be_read_for_are_unsure(repo: RepoFactory) -> None:
    # The mutator's own `url` entry, made of what each call gives (a prefix the model does
    # not serve: a broken seam at each call); a hand-written helper giving the mutator a
    # config seamcheck cannot read leaves the mutator's request as written, unsure.
    prefixed = MUTATOR.replace(
        "cancelToken: source.token,", "cancelToken: source.token,\n        url: `/v1${config.url}`,"
    )
    helper = """\
        import type { AxiosRequestConfig } from 'axios';
        import { customInstance } from './mutator/custom-instance';

        export const call = (config: AxiosRequestConfig) => customInstance(config);
        """
    root = repo(orval_front_end(prefixed, **{"web/src/api/helper.ts": helper}))
    assert [line.split(" reaches")[0] for line in seam_findings(root) if "SC10" in line] == [
        "SC104 web/src/api/ml/ml.ts:20 POST /v1/predict",
        "SC104 web/src/api/ml/ml.ts:35 GET /v1/items/{itemId}",
        "SC104 web/src/api/ml/ml.ts:56 POST /v1/explain",
        "SC107 web/src/api/mutator/custom-instance.ts:10 axios call {value}/v1{url} not"
        " linked to a service route: the path after '{value}/v1' is not known before run"
        " time: 'config.url' is a parameter or not a constant",
    ]


@pytest.mark.parametrize(
    ("instance", "request_base"),
    [
        ("axios.create({ baseURL: process.env.ML_URL })", ""),
        # The base URL in the request itself: its URL, made of the helper's parameter, was
        # also followed as a wrapper's, and each call made twice.
        ("axios.create()", ", baseURL: process.env.ML_URL"),
    ],
)
def test_a_gateway_helper_spreading_its_config_into_axios_is_read_as_a_mutator(
    repo: RepoFactory, instance: str, request_base: str
) -> None:
    """The same shape written by hand in a Node gateway: each call of the helper is checked
    where it is written, once, the helper's own entries (a version prefix) and a known
    object's spread (`...defaults`) read as the request makes them."""
    ml = f"""\
        import axios from 'axios';

        const api = {instance};
        const defaults = {{ timeout: 5000 }};

        export function request(config: any) {{
          return api({{ ...defaults, ...config, url: `/v1${{config.url}}`{request_base} }});
        }}

        export const predict = (body: unknown) => request({{ url: '/predict', method: 'post', data: body }});
        export const items = (id: number) => request({{ url: `/items/${{id}}` }});
        """
    model = """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/v1/predict")
        async def predict(body: dict) -> dict:
            return body
        """
    compose = """\
        services:
          model:
            build: ./model
          gateway:
            build: ./gateway
            ports: ["3000:3000"]
            environment:
              ML_URL: http://model:8000
        """
    root = repo(
        {
            "docker-compose.yml": compose,
            "model/requirements.txt": "fastapi\n",
            "model/main.py": model,
            "gateway/package.json": package_json(
                "gateway", dependencies={"express": "^4.19.0", "axios": "^1.7.0"}
            ),
            "gateway/src/ml.ts": ml,
        }
    )
    assert links(root) == [
        "gateway/src/ml.ts:10 POST /v1/predict -> model linked model/main.py:6",
        "gateway/src/ml.ts:11 GET /v1/items/{id} -> model broken -",
    ]
    assert seam_findings(root) == [
        "SC104 gateway/src/ml.ts:11 GET /v1/items/{id} reaches 'model', which serves no such route"
    ]
