"""Routes on routers made by a first-party subclass of a framework's router, or by a function
of the repository, and the ways Prefect 3.9 mounts them.

Prefect's API modules each make `router = PrefectRouter(prefix="/flows", tags=[...])`, a
`class PrefectRouter(APIRouter)` whose constructor hands its keyword arguments on
(`kwargs.setdefault("route_class", ...)`, `super().__init__(**kwargs)`) and whose
`add_api_route` hands its path on (it sets only the response class); the app includes them
from a tuple in a loop (`for router in API_ROUTERS: api_app.include_router(router)`), in a
factory that memoises its app, mounted at `/api`. Before, its 190-odd routes were unsure
("made by PrefectRouter, whose constructor seamcheck does not follow", then "a router that
may be what is mounted there"), and calls to them could not be checked."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, route_labels, seam_map

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""

# Prefect's shape: keyword arguments handed on with one set by default, and an
# `add_api_route` that sets only what the route responds with.
SERVICE_ROUTER = """\
    from typing import Any, Callable

    from fastapi import APIRouter, Response


    class ServiceRouter(APIRouter):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("redirect_slashes", False)
            super().__init__(**kwargs)

        def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
            if kwargs.get("status_code") == 204:
                kwargs["response_class"] = Response
            return super().add_api_route(path, endpoint, **kwargs)
    """

FLOWS = """\
    from app.routing import ServiceRouter

    router = ServiceRouter(prefix="/flows", tags=["Flows"])


    @router.post("/filter")
    async def read_flows() -> list:
        return []


    @router.get("/{id}")
    async def read_flow(id: str) -> dict:
        return {}
    """


def model_service(called: list[str], files: dict[str, str]) -> dict[str, str]:
    """A FastAPI model service of `files` (under `api/app/`) and a Node gateway making a
    POST request to each path of `called`."""
    requests = "".join(f"  await api.post('{path}', {{}});\n" for path in called)
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:8000' });\n"
            "async function main() {\n"
            f"{requests}"
            "}\nmain();\n"
        ),
        "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi", "httpx"]\n',
        "api/app/__init__.py": "",
        **{f"api/app/{name}": content for name, content in files.items()},
    }


def test_routes_of_a_router_subclass_handing_its_keyword_arguments_on_are_under_its_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter", "/api/flow/filter"],
            {
                "routing.py": SERVICE_ROUTER,
                "flows.py": FLOWS,
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    app = FastAPI()
                    app.include_router(flows.router, prefix="/api")
                    """,
            },
        )
    )
    # Before: both unsure (SC107), "the route /filter of a fastapi.APIRouter made by
    # ServiceRouter, whose constructor seamcheck does not follow"; and the override's own
    # `super().add_api_route(path, ...)` was a route "at a path known only at run time".
    assert route_labels(root, "api") == ["GET /api/flows/{id}", "POST /api/flows/filter"]
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:5 POST /api/flow/filter -> api broken -",
    ]
    assert findings(root) == [
        "SC104 gateway/index.js:5 POST /api/flow/filter reaches 'api', which serves no such "
        "route; did you mean POST /api/flows/filter (api/app/flows.py:6)?",
        "  api/app/flows.py:6 api serves POST /api/flows/filter",
        "  api/app/flows.py:11 api serves GET /api/flows/{id}",
    ]


def test_a_router_subclass_setting_its_own_prefix_serves_its_routes_under_it(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            ["/v1/flows/filter", "/flows/filter"],
            {
                "flows.py": """\
                    from fastapi import APIRouter, FastAPI


                    class V1Router(APIRouter):
                        def __init__(self, **kwargs) -> None:
                            super().__init__(prefix="/v1", **kwargs)


                    router = V1Router()


                    @router.post("/flows/filter")
                    async def read_flows() -> list:
                        return []


                    app = FastAPI()
                    app.include_router(router)
                    """,
            },
        )
    )
    # Before: served at /flows/filter, without the prefix its constructor gives: a false
    # SC104 on the right path, and the wrong one linked.
    assert links(root) == [
        "gateway/index.js:4 POST /v1/flows/filter -> api linked api/app/flows.py:12",
        "gateway/index.js:5 POST /flows/filter -> api broken -",
    ]


def test_a_router_subclass_whose_add_api_route_changes_the_path_is_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            ["/api/flows/v2/filter"],
            {
                "routing.py": """\
                    from fastapi import APIRouter


                    class VersionedRouter(APIRouter):
                        def add_api_route(self, path, endpoint, **kwargs):
                            return super().add_api_route("/v2" + path, endpoint, **kwargs)
                    """,
                "flows.py": FLOWS.replace("ServiceRouter", "VersionedRouter"),
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    app = FastAPI()
                    app.include_router(flows.router, prefix="/api")
                    """,
            },
        )
    )
    # Before: served at /api/flows/filter, as if the override did nothing, and the
    # override's own call a route "GET /{param}": a false SC104. The override may give any
    # route of the router any path and method under its prefix: each may serve the call.
    assert route_labels(root, "api") == []
    assert links(root) == ["gateway/index.js:4 POST /api/flows/v2/filter -> api unsure -"]
    why = (
        "a fastapi.APIRouter made by VersionedRouter, whose add_api_route does not hand its "
        "'path' on as it is given"
    )
    assert findings(root) == [
        "SC107 gateway/index.js:4 axios call POST http://api:8000/api/flows/v2/filter not "
        "linked to a service route: 'api' declares 2 routes seamcheck cannot read that may "
        f"serve it (the route /filter of {why} at api/app/flows.py:3; the route /{{id}} of "
        f"{why} at api/app/flows.py:3)",
        f"  api/app/flows.py:3 api serves ANY at the route /filter of {why} (declared at "
        "api/app/flows.py:6), which seamcheck cannot read",
        f"  api/app/flows.py:3 api serves ANY at the route /{{id}} of {why} (declared at "
        "api/app/flows.py:11), which seamcheck cannot read",
    ]


def test_a_router_subclass_changing_its_keyword_arguments_is_unsure(repo: RepoFactory) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter"],
            {
                "routing.py": """\
                    from fastapi import APIRouter


                    class ServiceRouter(APIRouter):
                        def __init__(self, **kwargs):
                            kwargs["prefix"] = "/internal" + kwargs.get("prefix", "")
                            super().__init__(**kwargs)
                    """,
                "flows.py": FLOWS,
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    app = FastAPI()
                    app.include_router(flows.router, prefix="/api")
                    """,
            },
        )
    )
    assert links(root) == ["gateway/index.js:4 POST /api/flows/filter -> api unsure -"]
    assert findings(root)[1] == (
        "  api/app/flows.py:3 api serves POST at the route /filter of a fastapi.APIRouter "
        "made by ServiceRouter (ServiceRouter's constructor sets or deletes 'prefix' in the "
        "keyword arguments it hands on) (declared at api/app/flows.py:6), which seamcheck "
        "cannot read"
    )


def test_routers_a_loop_includes_from_a_tuple_are_served_under_the_mount(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter", "/api/runs/filter", "/api/run/filter"],
            {
                "flows.py": FLOWS.replace(
                    "app.routing import ServiceRouter", "fastapi import APIRouter"
                ).replace("ServiceRouter(", "APIRouter("),
                "runs.py": FLOWS.replace(
                    "app.routing import ServiceRouter", "fastapi import APIRouter"
                )
                .replace("ServiceRouter(", "APIRouter(")
                .replace("/flows", "/runs"),
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows, runs

                    API_ROUTERS = (flows.router, runs.router)

                    app = FastAPI()
                    for router in API_ROUTERS:
                        app.include_router(router, prefix="/api")
                    """,
            },
        )
    )
    # Before: each unsure, "the route /filter of a router that may be what is mounted there".
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:5 POST /api/runs/filter -> api linked api/app/runs.py:6",
        "gateway/index.js:6 POST /api/run/filter -> api broken -",
    ]


def test_a_router_a_function_makes_and_returns_keeps_its_prefix(repo: RepoFactory) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter", "/api/filter"],
            {
                "flows.py": """\
                    from fastapi import APIRouter


                    def make_router() -> APIRouter:
                        r = APIRouter(prefix="/flows", tags=["Flows"])
                        return r


                    router = make_router()


                    @router.post("/filter")
                    async def read_flows() -> list:
                        return []
                    """,
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    app = FastAPI()
                    app.include_router(flows.router, prefix="/api")
                    """,
            },
        )
    )
    # Before: served at /api/filter, without the prefix the function gives the router: a
    # false SC104 "did you mean POST /api/filter" on the right path, the wrong one linked.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:12",
        "gateway/index.js:5 POST /api/filter -> api broken -",
    ]


def test_an_app_mounted_at_a_prefix_a_name_holds_serves_under_it(repo: RepoFactory) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter"],
            {
                "flows.py": FLOWS.replace(
                    "app.routing import ServiceRouter", "fastapi import APIRouter"
                ).replace("ServiceRouter(", "APIRouter("),
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    API_PREFIX = "/api"

                    api = FastAPI()
                    api.include_router(flows.router)

                    app = FastAPI()
                    app.mount(API_PREFIX, api)
                    """,
            },
        )
    )
    # Before: `api` was taken as mounted at the root, its routes at /flows/...: a false SC104.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
    ]


# Prefect's server, as 3.9 writes it: the API routers in a tuple, included in a loop by a
# factory that memoises its app; that app mounted at /api by another memoising factory; and
# an in-process httpx client on the whole app, whose base URL's path is /api.
PREFECT_SERVER = """\
    import httpx
    from fastapi import FastAPI

    from app import flows, runs

    API_ROUTERS = (flows.router, runs.router)
    API_APP_CACHE: dict = {}
    APP_CACHE: dict = {}


    def create_api_app(key: str = "") -> FastAPI:
        if key in API_APP_CACHE:
            return API_APP_CACHE[key]
        api_app = FastAPI()
        for router in API_ROUTERS:
            api_app.include_router(router)
        API_APP_CACHE[key] = api_app
        return api_app


    def create_app(key: str = "") -> FastAPI:
        if key in APP_CACHE:
            return APP_CACHE[key]
        app = FastAPI()
        app.mount("/api", app=create_api_app(key))
        APP_CACHE[key] = app
        return app


    class OrchestrationClient:
        def __init__(self) -> None:
            api_app = create_app()
            self._http_client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=api_app),
                base_url="http://prefect-in-memory/api",
            )

        async def read_flows(self):
            return await self._http_client.post("/flows/filter")

        async def read_runs(self):
            return await self._http_client.post("/run/filter")
    """


def test_prefects_routers_are_served_under_its_api_mount_and_its_in_process_calls_checked(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            [],
            {
                "routing.py": SERVICE_ROUTER,
                "flows.py": FLOWS,
                "runs.py": FLOWS.replace("/flows", "/runs"),
                "server.py": PREFECT_SERVER,
            },
        )
    )
    # Before: the routes unsure, and the base URL's /api left out of in-process calls.
    assert route_labels(root, "api") == [
        "GET /api/flows/{id}",
        "GET /api/runs/{id}",
        "POST /api/flows/filter",
        "POST /api/runs/filter",
    ]
    assert links(root) == [
        "api/app/server.py:39 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "api/app/server.py:42 POST /api/run/filter -> api broken -",
    ]
    assert [line for line in findings(root) if not line.startswith(" ")] == [
        "SC104 api/app/server.py:42 POST /api/run/filter reaches 'api', which serves no such "
        "route; did you mean POST /api/runs/filter (api/app/runs.py:6)?",
    ]


def test_an_in_process_client_on_an_app_a_function_makes_finds_the_app(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            [],
            {
                "main.py": """\
                    from fastapi import APIRouter, FastAPI

                    router = APIRouter(prefix="/flows")


                    @router.post("/filter")
                    async def read_flows() -> list:
                        return []


                    def create_app() -> FastAPI:
                        app = FastAPI()
                        app.include_router(router, prefix="/api")
                        return app
                    """,
                "smoke.py": """\
                    from fastapi.testclient import TestClient

                    from app.main import create_app


                    def smoke() -> None:
                        client = TestClient(create_app())
                        client.post("/api/flows/filter")
                        client.post("/api/flow/filter")
                    """,
            },
        )
    )
    # Before: "the app it is handed is not found in the repository's code", unsure.
    assert [line for line in findings(root) if not line.startswith(" ")] == [
        "SC104 api/app/smoke.py:9 POST /api/flow/filter reaches 'api', which serves no such "
        "route; did you mean POST /api/flows/filter (api/app/main.py:6)?",
    ]


def test_flask_blueprint_subclasses_serve_under_the_prefix_they_hand_on(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": (
                "const axios = require('axios');\n"
                "const api = axios.create({ baseURL: 'http://api:8000' });\n"
                "async function main() {\n"
                "  await api.get('/api/users');\n"
                "  await api.get('/v2/items');\n"
                "  await api.get('/api/user');\n"
                "}\nmain();\n"
            ),
            "api/requirements.txt": "flask\n",
            "api/app.py": """\
                from flask import Blueprint, Flask


                class ApiBlueprint(Blueprint):
                    def __init__(self, name, import_name, **kwargs):
                        kwargs.setdefault("url_prefix", "/api")
                        super().__init__(name, import_name, **kwargs)


                class V2Blueprint(Blueprint):
                    def route(self, rule, **options):
                        return super().route("/v2" + rule, **options)


                users = ApiBlueprint("users", __name__)
                items = V2Blueprint("items", __name__)


                @users.get("/users")
                def list_users():
                    return []


                @items.get("/items")
                def list_items():
                    return []


                app = Flask(__name__)
                app.register_blueprint(users)
                app.register_blueprint(items)
                """,
        }
    )
    # Before: /users and /items, the prefix the constructor sets by default and the one the
    # override of `route` adds left out: two false SC104s.
    assert links(root) == [
        "gateway/index.js:4 GET /api/users -> api linked api/app.py:19",
        "gateway/index.js:5 GET /v2/items -> api unsure -",
        "gateway/index.js:6 GET /api/user -> api broken -",
    ]


def test_an_app_mounted_at_a_path_known_only_at_run_time_is_unsure_under_it(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            ["/config", "/ui/config"],
            {
                "main.py": """\
                    from fastapi import FastAPI


                    class App(FastAPI):
                        pass


                    def create_app(app: App | None = None) -> App:
                        if app is None:
                            app = App()

                        @app.post("/config")
                        def config():
                            return {}

                        return app


                    def mount_app(app: FastAPI, path: str) -> FastAPI:
                        sub = create_app()
                        app.mount(path, sub)
                        return app
                    """,
            },
        )
    )
    # Gradio's `mount_gradio_app(app, blocks, path)`, its `App.create_app` given an app or
    # making one. Before, `path` was taken for the root: a false SC104 on /ui/config. The
    # path may be empty: the function's routes are still read at the root, where Gradio's
    # `launch()` serves them.
    assert route_labels(root, "api") == ["POST /config"]
    assert links(root) == [
        "gateway/index.js:4 POST /config -> api linked api/app/main.py:12",
        "gateway/index.js:5 POST /ui/config -> api unsure -",
    ]


def test_a_router_subclass_whose_api_route_hands_the_path_to_add_api_route(
    repo: RepoFactory,
) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter", "/api/flow/filter"],
            {
                "routing.py": """\
                    from typing import Any, Callable

                    from fastapi import APIRouter


                    class ServiceRouter(APIRouter):
                        def api_route(self, path: str, operation_id: str | None = None, **kwargs: Any):
                            def decorator(func: Callable) -> Callable:
                                self.add_api_route(
                                    path, func, operation_id=operation_id or func.__name__, **kwargs
                                )
                                return func

                            return decorator
                    """,
                "flows.py": FLOWS,
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    app = FastAPI()
                    app.include_router(flows.router, prefix="/api")
                    """,
            },
        )
    )
    # Airflow's `AirflowRouter.api_route`, written as FastAPI's own is: its routes are read
    # (Airflow 3.3 keeps its 156 seams). Before, the decorator's `self.add_api_route(path,
    # ...)` was also a route of its own, "at a path known only at run time".
    assert [u.what for u in seam_map(root).unread] == []
    assert route_labels(root, "api") == ["GET /api/flows/{id}", "POST /api/flows/filter"]
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:5 POST /api/flow/filter -> api broken -",
    ]


MAIN_AT_API = """\
    from fastapi import FastAPI

    from app import flows

    app = FastAPI()
    app.include_router(flows.router, prefix="/api")
    """


def subclass_service(called: list[str], routing: str, flows: str = FLOWS) -> dict[str, str]:
    """`model_service` with the router class of `routing`, made in flows.py, included at /api."""
    return model_service(called, {"routing.py": routing, "flows.py": flows, "main.py": MAIN_AT_API})


def test_a_prefix_a_constructor_may_set_by_default_is_not_known(repo: RepoFactory) -> None:
    root = repo(
        subclass_service(
            ["/api/flows/filter", "/api/v2/flows/filter"],
            """\
            from fastapi import APIRouter


            class ServiceRouter(APIRouter):
                def __init__(self, versioned: bool = False, **kwargs):
                    if versioned:
                        kwargs.setdefault("prefix", "/v2/flows")
                    super().__init__(**kwargs)
            """,
            FLOWS.replace('prefix="/flows", ', ""),
        )
    )
    # `ServiceRouter(tags=...)` sets no prefix: /api/filter. Before, the default set only
    # when `versioned` was read as always set: the routes at /api/v2/flows/..., the right
    # call a false SC104 ("did you mean") and the other linked.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/flows/filter -> api unsure -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:3 api serves POST at the route /filter of a fastapi.APIRouter "
        "made by ServiceRouter (ServiceRouter's constructor sets or deletes 'prefix' in the "
        "keyword arguments it hands on) (declared at api/app/flows.py:6), which seamcheck "
        "cannot read"
    )


def test_a_prefix_taken_out_of_the_keyword_arguments_in_the_call_handing_them_on(
    repo: RepoFactory,
) -> None:
    root = repo(
        subclass_service(
            ["/api/v1/flows/filter"],
            """\
            from fastapi import APIRouter


            class ServiceRouter(APIRouter):
                def __init__(self, **kwargs):
                    super().__init__(prefix="/v1" + kwargs.pop("prefix", ""), **kwargs)
            """,
        )
    )
    # Before: the `pop`, written inside the call, was taken to run after it, and the
    # caller's prefix for the one handed on: the routes at /api/flows/..., a false SC104.
    assert links(root) == ["gateway/index.js:4 POST /api/v1/flows/filter -> api unsure -"]


def test_a_mixin_listed_before_the_framework_class_is_followed(repo: RepoFactory) -> None:
    mixins = """\
        from fastapi import APIRouter


        class Traced:
            def __init__(self, *args, **kwargs):
                kwargs.setdefault("redirect_slashes", False)
                super().__init__(*args, **kwargs)


        class Internal:
            def __init__(self, *args, **kwargs):
                kwargs["prefix"] = "/internal" + kwargs.get("prefix", "")
                super().__init__(*args, **kwargs)


        class Versioned:
            def add_api_route(self, path, endpoint, **kwargs):
                return super().add_api_route("/v2" + path, endpoint, **kwargs)


        class TracedRouter(Traced, APIRouter):
            pass


        class InternalRouter(Internal, APIRouter):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)


        class VersionedRouter(Versioned, APIRouter):
            pass
        """
    flows = """\
        from app.routing import InternalRouter, TracedRouter, VersionedRouter

        traced = TracedRouter(prefix="/flows")
        internal = InternalRouter(prefix="/runs")
        versioned = VersionedRouter(prefix="/logs")


        @traced.post("/filter")
        async def read_flows() -> list:
            return []


        @internal.post("/filter")
        async def read_runs() -> list:
            return []


        @versioned.post("/filter")
        async def read_logs() -> list:
            return []
        """
    main = """\
        from fastapi import FastAPI

        from app import flows

        app = FastAPI()
        for router in (flows.traced, flows.internal, flows.versioned):
            app.include_router(router, prefix="/api")
        """
    called = ["/api/flows/filter", "/api/internal/runs/filter", "/api/logs/v2/filter"]
    root = repo(model_service(called, {"routing.py": mixins, "flows.py": flows, "main.py": main}))
    # In Python's order, a mixin's constructor or `add_api_route` runs before APIRouter's.
    # Before, mixins were passed over: /api/runs/filter and /api/logs/filter, two false
    # SC104s.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /api/internal/runs/filter -> api unsure -",
        "gateway/index.js:6 POST /api/logs/v2/filter -> api unsure -",
    ]


def test_a_router_class_decorated_or_making_its_instances_itself_is_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        subclass_service(
            ["/api/v1/filter", "/api/v9/filter"],
            """\
            from fastapi import APIRouter

            from app.versions import versioned


            @versioned("v1")
            class ServiceRouter(APIRouter):
                pass


            class OtherRouter(APIRouter):
                def __new__(cls, **kwargs):
                    return APIRouter(prefix="/v9")
            """,
            FLOWS.replace('prefix="/flows", ', "")
            + """
            from app.routing import OtherRouter

            other = OtherRouter(prefix="/flows")


            @other.post("/filter")
            async def read_others() -> list:
                return []
            """,
        )
    )
    # A class decorator may give the class another constructor; `__new__` may return
    # another object than the class's. Before: both at /api/filter and /api/flows/filter.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v9/filter -> api unsure -",
    ]


def test_keyword_arguments_changed_through_another_name_are_not_known(
    repo: RepoFactory,
) -> None:
    root = repo(
        subclass_service(
            ["/api/internal/flows/filter"],
            """\
            from fastapi import APIRouter


            class ServiceRouter(APIRouter):
                def __init__(self, **kwargs):
                    options = kwargs
                    options["prefix"] = "/internal" + options.get("prefix", "")
                    super().__init__(**kwargs)
            """,
        )
    )
    # Before: the caller's prefix, as if nothing changed it: a false SC104.
    assert links(root) == ["gateway/index.js:4 POST /api/internal/flows/filter -> api unsure -"]


def test_routers_a_loop_includes_from_a_list_whose_entry_is_replaced_are_unsure(
    repo: RepoFactory,
) -> None:
    plain = FLOWS.replace("app.routing import ServiceRouter", "fastapi import APIRouter").replace(
        "ServiceRouter(", "APIRouter("
    )
    root = repo(
        model_service(
            ["/api/runs/filter", "/api/flows/filter"],
            {
                "flows.py": plain,
                "runs.py": plain.replace("/flows", "/runs"),
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows, runs

                    API_ROUTERS = [flows.router]
                    API_ROUTERS[0] = runs.router

                    app = FastAPI()
                    for router in API_ROUTERS:
                        app.include_router(router, prefix="/api")
                    """,
            },
        )
    )
    # Before: flows' routes mounted, runs' not: the wrong call linked, the right one a
    # false SC104.
    assert [line.split(" -> ")[1] for line in links(root)] == ["api unsure -", "api unsure -"]


def test_an_app_mounted_by_keyword_at_a_prefix_a_name_holds(repo: RepoFactory) -> None:
    root = repo(
        model_service(
            ["/api/flows/filter"],
            {
                "flows.py": FLOWS.replace(
                    "app.routing import ServiceRouter", "fastapi import APIRouter"
                ).replace("ServiceRouter(", "APIRouter("),
                "main.py": """\
                    from fastapi import FastAPI

                    from app import flows

                    API_PREFIX = "/api"

                    api = FastAPI()
                    api.include_router(flows.router)

                    app = FastAPI()
                    app.mount(path=API_PREFIX, app=api)
                    """,
            },
        )
    )
    # As `app.mount(API_PREFIX, api)`. Before: taken as mounted at the root: a false SC104.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
    ]


def test_an_override_choosing_the_method_makes_its_routes_unsure_under_any_method(
    repo: RepoFactory,
) -> None:
    routing = """\
        from fastapi import APIRouter


        class PutRouter(APIRouter):
            def add_api_route(self, path, endpoint, methods=None, **kwargs):
                return super().add_api_route(path, endpoint, methods=["PUT"], **kwargs)


        class PostRouter(APIRouter):
            def get(self, path, **kwargs):
                return self.api_route(path, methods=["POST"], **kwargs)
        """
    flows = """\
        from app.routing import PostRouter, PutRouter

        router = PutRouter(prefix="/flows")
        runs = PostRouter(prefix="/runs")


        @router.post("/filter")
        async def read_flows() -> list:
            return []


        @runs.get("/filter")
        async def read_runs() -> list:
            return []
        """
    main = """\
        from fastapi import FastAPI

        from app import flows

        app = FastAPI()
        app.include_router(flows.router, prefix="/api")
        app.include_router(flows.runs, prefix="/api")
        """
    files = model_service(
        ["/api/flows/filter", "/api/runs/filter"],
        {"routing.py": routing, "flows.py": flows, "main.py": main},
    )
    files["gateway/index.js"] = files["gateway/index.js"].replace("api.post(", "api.put(", 1)
    root = repo(files)
    # PUT /api/flows/filter and POST /api/runs/filter are served. Before: the first a false
    # SC104 (its unsure route kept the decorator's POST), the second linked to a GET route
    # that is no such thing.
    assert links(root) == [
        "gateway/index.js:4 PUT /api/flows/filter -> api unsure -",
        "gateway/index.js:5 POST /api/runs/filter -> api unsure -",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == []


def test_a_blueprint_subclass_overriding_register_is_unsure(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": (
                "const axios = require('axios');\n"
                "const api = axios.create({ baseURL: 'http://api:8000' });\n"
                "async function main() {\n"
                "  await api.get('/api/users');\n"
                "}\nmain();\n"
            ),
            "api/requirements.txt": "flask\n",
            "api/app.py": """\
                from flask import Blueprint, Flask


                class ApiBlueprint(Blueprint):
                    def register(self, app, options):
                        options = dict(options, url_prefix="/api")
                        super().register(app, options)


                users = ApiBlueprint("users", __name__)


                @users.get("/users")
                def list_users():
                    return []


                app = Flask(__name__)
                app.register_blueprint(users)
                """,
        }
    )
    # Flask's `Blueprint.register` is where the blueprint's prefix is applied. Before: the
    # override passed over, the route at /users: a false SC104.
    assert links(root) == ["gateway/index.js:4 GET /api/users -> api unsure -"]


def test_routes_a_router_class_adds_to_its_own_instances_are_unsure(repo: RepoFactory) -> None:
    root = repo(
        subclass_service(
            ["/api/flows/count", "/api/flows/filter", "/api/flowz/filter"],
            """\
            from fastapi import APIRouter


            class ServiceRouter(APIRouter):
                def __init__(self, **kwargs):
                    super().__init__(**kwargs)
                    self.add_api_route("/count", self.count, methods=["POST"])

                async def count(self) -> int:
                    return 0
            """,
        )
    )
    # Each ServiceRouter serves POST /count under its prefix, which seamcheck does not read
    # as a route: before, a false SC104 on /api/flows/count. A call outside the router's
    # prefix is still broken.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/count -> api unsure -",
        "gateway/index.js:5 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:6 POST /api/flowz/filter -> api broken -",
    ]
    adds = "a route ServiceRouter adds to each of its instances (self.add_api_route())"
    assert findings(root) == [
        "SC107 gateway/index.js:4 axios call POST http://api:8000/api/flows/count not linked "
        "to a service route: 'api' declares 1 route seamcheck cannot read that may serve it "
        f"({adds} at api/app/routing.py:7)",
        f"  api/app/routing.py:7 api serves ANY at {adds}, which seamcheck cannot read",
        "SC104 gateway/index.js:6 POST /api/flowz/filter reaches 'api', which serves no such "
        "route; did you mean POST /api/flows/filter (api/app/flows.py:6)?",
        "  api/app/flows.py:6 api serves POST /api/flows/filter",
        "  api/app/flows.py:11 api serves GET /api/flows/{id}",
    ]


def test_a_prefix_parameter_a_constructor_assigns_again_is_not_known(repo: RepoFactory) -> None:
    root = repo(
        subclass_service(
            ["/api/v1/flows/filter"],
            """\
            from fastapi import APIRouter


            class ServiceRouter(APIRouter):
                def __init__(self, prefix: str = "", **kwargs):
                    prefix = "/v1" + prefix
                    super().__init__(prefix=prefix, **kwargs)
            """,
        )
    )
    # Before, it said the constructor "may take 'prefix' as a parameter seamcheck cannot
    # follow": it takes it plainly, then changes it.
    assert links(root) == ["gateway/index.js:4 POST /api/v1/flows/filter -> api unsure -"]
    assert findings(root)[1] == (
        "  api/app/flows.py:3 api serves POST at the route /filter of a fastapi.APIRouter "
        "made by ServiceRouter (ServiceRouter's constructor assigns a parameter again, which "
        "may be the 'prefix' it is given) (declared at api/app/flows.py:6), which seamcheck "
        "cannot read"
    )
