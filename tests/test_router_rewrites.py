"""FastAPI routers whose routes' paths are changed after the router is made, or by what makes
their routes: a route class (`route_class=`) whose constructor rewrites the path, the
router's prefix written again (`router.prefix = "/flows"`, `setattr(self, "prefix", ...)`),
and a router made by a `functools.partial` of `APIRouter`. Before, each was read as if
nothing changed the paths: a false SC104 on the call to the path FastAPI really serves.
Where seamcheck can read the change soundly it does, and the call is linked (a wrong one
still broken); where it cannot, the router's routes are unsure (SC107, saying why)."""

from __future__ import annotations

import textwrap

from conftest import RepoFactory
from seams_helpers import findings, links
from test_subclassed_routers import MAIN_AT_API, model_service


def flows_service(called: list[str], flows: str, routing: str = "") -> dict[str, str]:
    """`model_service` with flows.py's router included at /api, and routing.py if given."""
    files = {"flows.py": flows, "main.py": MAIN_AT_API}
    return model_service(called, {**files, "routing.py": routing} if routing else files)


V2_ROUTE = """\
    from fastapi import APIRouter
    from fastapi.routing import APIRoute


    class V2Route(APIRoute):
        def __init__(self, path, endpoint, **kwargs):
            super().__init__("/v2" + path, endpoint, **kwargs)


    class V2Router(APIRouter):
        def __init__(self, **kwargs):
            kwargs.setdefault("route_class", V2Route)
            super().__init__(**kwargs)
    """

# A route class given to APIRouter, and one a router class sets by default (Prefect's shape).
GIVEN_ROUTE_CLASS = """\
    from fastapi import APIRouter

    from app.routing import V2Route

    router = APIRouter(prefix="/flows", route_class=V2Route)


    @router.post("/filter")
    async def read_flows() -> list:
        return []
    """

DEFAULT_ROUTE_CLASS = """\
    from app.routing import V2Router

    router = V2Router(prefix="/flows")


    @router.post("/filter")
    async def read_flows() -> list:
        return []
    """


def test_a_route_class_rewriting_the_path_makes_the_routes_unsure(repo: RepoFactory) -> None:
    why = (
        "a router whose routes are made by the route class V2Route, whose constructor does "
        "not hand its 'path' on as it is given"
    )
    for flows in (GIVEN_ROUTE_CLASS, DEFAULT_ROUTE_CLASS):
        called = ["/v2/api/v2/flows/filter", "/api/flows/filter"]
        root = repo(flows_service(called, flows, V2_ROUTE))
        # Before: served at /api/flows/filter, the call to where FastAPI serves it a false
        # SC104 (did you mean /api/flows/filter?) and the other linked. V2Route is handed
        # "/flows/filter" when the route is added, then "/api/v2/flows/filter" when
        # `include_router` adds it to the app: a route class that may rewrite the path may
        # serve the route at any path of the service, for any method.
        assert links(root) == [
            "gateway/index.js:4 POST /v2/api/v2/flows/filter -> api unsure -",
            "gateway/index.js:5 POST /api/flows/filter -> api unsure -",
        ]
        line = 3 if flows is DEFAULT_ROUTE_CLASS else 5
        assert findings(root)[:2] == [
            "SC107 gateway/index.js:4 axios call POST http://api:8000/v2/api/v2/flows/filter "
            "not linked to a service route: 'api' declares 1 route seamcheck cannot read that "
            f"may serve it (the route /filter of {why} at api/app/flows.py:{line})",
            f"  api/app/flows.py:{line} api serves ANY at the route /filter of {why} (declared "
            f"at api/app/flows.py:{line + 3}), which seamcheck cannot read",
        ]


def test_a_route_class_handing_the_path_on_keeps_the_routes(repo: RepoFactory) -> None:
    # Prefect's PrefectAPIRoute changes only how a request is handled; Airflow's
    # ExecutionAPIRoute hands all it is given on to APIRoute.
    routing = """\
        from fastapi import APIRouter
        from fastapi.routing import APIRoute


        class HandledRoute(APIRoute):
            def get_route_handler(self):
                return super().get_route_handler()


        class ScopedRoute(APIRoute):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.scopes = frozenset()


        class V2Router(APIRouter):
            def __init__(self, **kwargs):
                kwargs.setdefault("route_class", HandledRoute)
                super().__init__(**kwargs)
        """
    for flows in (DEFAULT_ROUTE_CLASS, GIVEN_ROUTE_CLASS.replace("V2Route", "ScopedRoute")):
        root = repo(flows_service(["/api/flows/filter", "/api/flows/filtre"], flows, routing))
        line = 6 if flows is DEFAULT_ROUTE_CLASS else 8
        assert links(root) == [
            f"gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:{line}",
            "gateway/index.js:5 POST /api/flows/filtre -> api broken -",
        ]


def test_a_prefix_written_at_the_top_of_the_module_is_read(repo: RepoFactory) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        router.prefix = "/flows"


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    root = repo(flows_service(["/api/flows/filter", "/api/v1/filter"], flows))
    # FastAPI puts the prefix the router has when a route is added before its path: the
    # route is at /api/flows/filter. Before: at /api/v1/filter, a false SC104 on the right
    # call and the wrong one linked. Known, the prefix still shows the wrong call broken.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:7",
        "gateway/index.js:5 POST /api/v1/filter -> api broken -",
    ]
    assert findings(root) == [
        "SC104 gateway/index.js:5 POST /api/v1/filter reaches 'api', which serves no such "
        "route; did you mean POST /api/flows/filter (api/app/flows.py:7)?",
        "  api/app/flows.py:7 api serves POST /api/flows/filter",
    ]


def test_a_prefix_written_where_seamcheck_does_not_read_it_is_unsure(repo: RepoFactory) -> None:
    after_a_route = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        @router.post("/filter")
        async def read_flows() -> list:
            return []

        router.prefix = "/flows"
        """
    in_a_function = """\
        import os

        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def configure() -> None:
            setattr(router, "prefix", os.environ["FLOWS_PREFIX"])


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    # At the top of the module, but by a call, which may sit in a branch seamcheck does not
    # see: before, read as the prefix, and a call to /api/v1/filter a false SC104.
    setattr_in_a_branch = """\
        import os

        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        if os.environ.get("V9"):
            setattr(router, "prefix", "/v9")


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    in_the_class = """\
        from fastapi import APIRouter


        class V2Router(APIRouter):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                setattr(self, "prefix", "/v9")
        """
    cases = [
        (after_a_route, "", "router.prefix = ...", "api/app/flows.py:10", 6),
        (in_a_function, "", "setattr(router, 'prefix', ...)", "api/app/flows.py:9", 12),
        (setattr_in_a_branch, "", "setattr(router, 'prefix', ...)", "api/app/flows.py:7", 10),
        (DEFAULT_ROUTE_CLASS, in_the_class, "", "api/app/flows.py:3", 6),
    ]
    for flows, routing, shown, at, declared in cases:
        root = repo(flows_service(["/api/v9/filter"], flows, routing))
        # Before: a false SC104, the route read at its first prefix.
        assert links(root) == ["gateway/index.js:4 POST /api/v9/filter -> api unsure -"]
        why = (
            f"a router whose prefix is set again ({shown})"
            if shown
            else "a fastapi.APIRouter made by V2Router (V2Router sets setattr(self, 'prefix', "
            "...) itself)"
        )
        assert findings(root) == [
            "SC107 gateway/index.js:4 axios call POST http://api:8000/api/v9/filter not "
            "linked to a service route: 'api' declares 1 route seamcheck cannot read that may "
            f"serve it (the route /filter of {why} at {at})",
            f"  {at} api serves POST at the route /filter of {why} (declared at "
            f"api/app/flows.py:{declared}), which seamcheck cannot read",
        ]


def test_a_router_a_functools_partial_makes_has_its_prefix(repo: RepoFactory) -> None:
    routing = """\
        from functools import partial

        from fastapi import APIRouter

        FlowsRouter = partial(APIRouter, prefix="/flows")
        """
    flows = DEFAULT_ROUTE_CLASS.replace("V2Router", "FlowsRouter").replace(
        'FlowsRouter(prefix="/flows")', 'FlowsRouter(tags=["flows"])'
    )
    root = repo(flows_service(["/api/flows/filter", "/api/filter"], flows, routing))
    # Before: its routes were not read at all: the service's other routes taken for all it
    # serves, a call to this one a false SC104 (here, with no other: unlinked, "declares no
    # route seamcheck recognises").
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:5 POST /api/filter -> api broken -",
    ]
    # Given arguments it cannot read, its routes are unsure.
    unread = routing.replace('prefix="/flows"', "**OPTIONS").replace(
        "FlowsRouter =", 'OPTIONS = {"prefix": "/flows"}\n        FlowsRouter ='
    )
    root = repo(flows_service(["/api/flows/filter"], flows, unread))
    assert links(root) == ["gateway/index.js:4 POST /api/flows/filter -> api unsure -"]


def test_a_route_class_or_an_unnamed_attribute_set_after_the_router_is_made(
    repo: RepoFactory,
) -> None:
    written = """\
        from fastapi import APIRouter

        from app.routing import V2Route

        router = APIRouter(prefix="/flows")
        {write}


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    cases = [
        ("router.route_class = V2Route", "router.route_class = ..."),
        ('setattr(router, "_".join(("route", "class")), V2Route)', "setattr(router, '...', ...)"),
    ]
    for write, shown in cases:
        flows = written.replace("{write}", write)
        root = repo(flows_service(["/v2/api/v2/flows/filter"], flows, V2_ROUTE))
        # Before: a false SC104, the route read at /api/flows/filter.
        assert links(root) == ["gateway/index.js:4 POST /v2/api/v2/flows/filter -> api unsure -"]
        why = f"a router whose route class may be set again ({shown})"
        assert findings(root)[1] == (
            f"  api/app/flows.py:6 api serves ANY at the route /filter of {why} (declared at "
            "api/app/flows.py:9), which seamcheck cannot read"
        )


def test_a_prefix_written_on_the_app_changes_nothing(repo: RepoFactory) -> None:
    # FastAPI's app keeps no prefix: its routes go to the router it makes (`app.router`), and
    # `app.prefix` is an attribute nothing reads. Read as the app's prefix, the route was
    # served at the made-up /api/items and the call to /items, which FastAPI serves, a false
    # SC104.
    main = """\
        from fastapi import FastAPI

        app = FastAPI()
        app.prefix = "/api"


        @app.post("/items")
        async def items() -> list:
            return []
        """
    root = repo(model_service(["/items", "/api/items"], {"main.py": main}))
    assert links(root) == [
        "gateway/index.js:4 POST /items -> api linked api/app/main.py:7",
        "gateway/index.js:5 POST /api/items -> api broken -",
    ]


def test_a_route_class_rewriting_the_path_under_a_mount_not_read_is_unsure(
    repo: RepoFactory,
) -> None:
    # Included at a prefix known only at run time, directly or through another router: the
    # routes were unsure only where the call ends with the path they are added with
    # (/filter), though the route class may rewrite all of it. A call to where it serves
    # them (/search) was a false SC104.
    routing = """\
        from fastapi.routing import APIRoute


        class SearchRoute(APIRoute):
            def __init__(self, path, endpoint, **kwargs):
                super().__init__(path.replace("/filter", "/search"), endpoint, **kwargs)
        """
    flows = GIVEN_ROUTE_CLASS.replace("V2Route", "SearchRoute")
    health = '\n\n@app.get("/health")\nasync def health() -> dict:\n    return {}\n'
    at_run_time = """\
        import os

        from fastapi import FastAPI

        from app import flows

        app = FastAPI()
        app.include_router(flows.router, prefix=os.environ["API_PREFIX"])
        """
    through_a_router = """\
        import os

        from fastapi import APIRouter, FastAPI

        from app import flows

        app = FastAPI()
        outer = APIRouter()
        outer.include_router(flows.router)
        app.include_router(outer, prefix=os.environ["API_PREFIX"])
        """
    for main in (at_run_time, through_a_router):
        files = {"main.py": textwrap.dedent(main) + health, "flows.py": flows}
        root = repo(model_service(["/api/flows/search"], {**files, "routing.py": routing}))
        assert links(root) == ["gateway/index.js:4 POST /api/flows/search -> api unsure -"]


def test_a_prefix_written_replaces_one_known_only_at_run_time(repo: RepoFactory) -> None:
    # Made with a prefix known only at run time, the router's routes were unsure under its
    # literal start (/api/legacy/) and the write left them there: the call to where FastAPI
    # serves the route was a false SC104.
    flows = """\
        from fastapi import APIRouter

        from app.settings import VERSION

        router = APIRouter(prefix=f"/legacy/{VERSION}")
        router.prefix = "/flows"


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    settings = "import os\n\nVERSION = os.environ['VERSION']\n"
    called = ["/api/flows/filter", "/api/legacy/v1/filter"]
    root = repo(
        model_service(called, {"flows.py": flows, "main.py": MAIN_AT_API, "settings.py": settings})
    )
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:9",
        "gateway/index.js:5 POST /api/legacy/v1/filter -> api broken -",
    ]


def test_a_prefix_written_in_a_branch_of_the_module_is_unsure(repo: RepoFactory) -> None:
    # At the top of the module, but in an `if` or a `try`: it may not run. Read as the
    # router's prefix, the call to the prefix the router was made with, which FastAPI
    # serves when the branch does not run, was a false SC104.
    in_an_if = """\
        import os

        from fastapi import APIRouter

        router = APIRouter(prefix="/flows")
        if os.environ.get("V2"):
            router.prefix = "/v2"


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    in_a_try = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/flows")
        try:
            from app.settings import V2
        except ImportError:
            pass
        else:
            router.prefix = "/v2"


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    for flows in (in_an_if, in_a_try):
        root = repo(flows_service(["/api/flows/filter", "/api/v2/filter"], flows))
        assert links(root) == [
            "gateway/index.js:4 POST /api/flows/filter -> api unsure -",
            "gateway/index.js:5 POST /api/v2/filter -> api unsure -",
        ]


def test_a_route_class_given_to_one_route_rewriting_its_path_makes_it_unsure(
    repo: RepoFactory,
) -> None:
    # `api_route` and `add_api_route` take a route class for the one route they add
    # (`route_class_override=`), which FastAPI hands the whole path as for a router's. Before,
    # the route was read at /api/flows/filter and the call to where it is served a false
    # SC104; FastAPI's own class, or one that keeps the path, keeps the route.
    written = """\
        from fastapi import APIRouter
        from fastapi.routing import APIRoute

        from app.routing import SearchRoute

        router = APIRouter(prefix="/flows")


        async def read_flows() -> list:
            return []


        router.add_api_route("/filter", read_flows, methods=["POST"], route_class_override={cls})
        """
    routing = """\
        from fastapi.routing import APIRoute


        class SearchRoute(APIRoute):
            def __init__(self, path, endpoint, **kwargs):
                super().__init__(path.replace("/filter", "/search"), endpoint, **kwargs)
        """
    called = ["/api/flows/search", "/api/flows/filter"]
    root = repo(flows_service(called, written.replace("{cls}", "SearchRoute"), routing))
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/search -> api unsure -",
        "gateway/index.js:5 POST /api/flows/filter -> api unsure -",
    ]
    root = repo(flows_service(called, written.replace("{cls}", "APIRoute"), routing))
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/search -> api broken -",
        "gateway/index.js:5 POST /api/flows/filter -> api linked api/app/flows.py:13",
    ]


def test_a_prefix_written_after_the_router_is_handed_to_a_function_is_unsure(
    repo: RepoFactory,
) -> None:
    # The function adds the route when called, under the prefix the router has then: FastAPI
    # serves it at /api/v1/filter. Before: read under the prefix written after, the call to
    # /api/flows/filter linked and the one to where FastAPI serves it a false SC104.
    in_the_module = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def add_routes(target):
            @target.post("/filter")
            async def read_flows() -> list:
                return []


        add_routes(router)
        router.prefix = "/flows"
        """
    extra = """\
        def add_routes(target):
            @target.post("/filter")
            async def read_flows() -> list:
                return []
        """
    in_another_module = """\
        from fastapi import APIRouter

        from app.extra import add_routes

        router = APIRouter(prefix="/v1")
        add_routes(router)
        router.prefix = "/flows"
        """
    for flows, files, at, declared in (
        (in_the_module, {}, 13, "flows.py:7"),
        (in_another_module, {"extra.py": extra}, 7, "extra.py:2"),
    ):
        service = flows_service(["/api/v1/filter", "/api/flows/filter"], flows)
        service.update({f"api/app/{name}": textwrap.dedent(text) for name, text in files.items()})
        root = repo(service)
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
            "gateway/index.js:5 POST /api/flows/filter -> api unsure -",
        ]
        assert findings(root)[1] == (
            f"  api/app/flows.py:{at} api serves POST at the route /filter of a router whose "
            f"prefix is set again (router.prefix = ...) (declared at api/app/{declared}), which "
            "seamcheck cannot read"
        )
    # A call before the write that is not handed the router changes nothing: still read.
    logged = (
        in_another_module.replace("add_routes(router)", 'print("flows")').replace(
            "from app.extra import add_routes\n", ""
        )
        + '\n\n@router.post("/filter")\nasync def read_flows() -> list:\n    return []\n'
    )
    root = repo(flows_service(["/api/flows/filter", "/api/v1/filter"], logged))
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:9",
        "gateway/index.js:5 POST /api/v1/filter -> api broken -",
    ]


def test_a_router_a_functools_partial_of_a_first_party_class_makes(repo: RepoFactory) -> None:
    routing = """\
        from functools import partial

        from fastapi import APIRouter


        class ServiceRouter(APIRouter):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)


        FlowsRouter = partial(ServiceRouter, prefix="/flows")
        """
    flows = DEFAULT_ROUTE_CLASS.replace("V2Router", "FlowsRouter").replace(
        'FlowsRouter(prefix="/flows")', 'FlowsRouter(tags=["flows"])'
    )
    root = repo(flows_service(["/api/flows/filter", "/api/filter"], flows, routing))
    # Before: read under no prefix at all, the call to /api/filter linked and the one to
    # where FastAPI serves the route a false SC104.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:5 POST /api/filter -> api broken -",
    ]
    # The call's keyword wins over the partial's, as Python gives them.
    other = flows.replace('FlowsRouter(tags=["flows"])', 'FlowsRouter(prefix="/other")')
    root = repo(flows_service(["/api/other/filter", "/api/flows/filter"], other, routing))
    assert links(root) == [
        "gateway/index.js:4 POST /api/other/filter -> api linked api/app/flows.py:6",
        "gateway/index.js:5 POST /api/flows/filter -> api broken -",
    ]
    # A partial of a partial is not followed: unsure, not served at /api/filter.
    nested = routing.replace(
        'partial(ServiceRouter, prefix="/flows")',
        'partial(partial(APIRouter, prefix="/flows"), tags=["flows"])',
    )
    nested = nested.replace(
        'FlowsRouter = partial(partial(APIRouter, prefix="/flows"), tags=["flows"])',
        'BaseRouter = partial(APIRouter, prefix="/flows")\n'
        'FlowsRouter = partial(BaseRouter, tags=["flows"])',
    )
    root = repo(flows_service(["/api/flows/filter"], flows, nested))
    assert links(root) == ["gateway/index.js:4 POST /api/flows/filter -> api unsure -"]


def test_a_prefix_written_on_a_router_a_function_makes_is_read(repo: RepoFactory) -> None:
    flows = """\
        from fastapi import APIRouter


        def make_router():
            router = APIRouter(prefix="/v1")
            return router


        router = make_router()
        router.prefix = "/flows"


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    root = repo(flows_service(["/api/flows/filter", "/api/v1/filter"], flows))
    # Before: the function's prefix kept, /api/v1/filter linked and the call to where FastAPI
    # serves the route a false SC104.
    assert links(root) == [
        "gateway/index.js:4 POST /api/flows/filter -> api linked api/app/flows.py:13",
        "gateway/index.js:5 POST /api/v1/filter -> api broken -",
    ]
    # Written in a branch: unsure.
    branched = flows.replace(
        'router.prefix = "/flows"', 'if __debug__:\n            router.prefix = "/flows"'
    )
    root = repo(flows_service(["/api/flows/filter"], branched))
    assert links(root) == ["gateway/index.js:4 POST /api/flows/filter -> api unsure -"]
