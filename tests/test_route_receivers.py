"""Routes declared on a receiver that is no name of a server object: a loop's variable
(`for r in routers: @r.post("/filter")`, in a function or at the top of a module) or a
function's parameter given a value seamcheck cannot tell (`add_routes(routers[0])`). Before,
the routes were read at their bare path, with no prefix, as if declared on the app: the call
to where FastAPI or Flask really serves them was a false SC104. Where the loop goes through
names of routers written in place, each is read in turn and the calls linked; otherwise the
routes are unsure (SC107, saying why) under whatever prefix, a call ending as one not broken."""

from __future__ import annotations

import textwrap

from conftest import RepoFactory
from seams_helpers import findings, links
from test_blueprint_prefix_writes import flask_service
from test_express_route_lists import gateway_repo
from test_router_rewrites import flows_service
from test_subclassed_routers import model_service

LOOP_IN_A_FUNCTION = """\
    from fastapi import APIRouter

    router = APIRouter(prefix="/v1")


    def add_routes(routers):
        for r in routers:
            @r.post("/filter")
            async def read_flows() -> list:
                return []


    add_routes([router, make_router()])
    """


def test_routes_on_a_loops_variable_in_a_function_are_unsure(repo: RepoFactory) -> None:
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filtre"], LOOP_IN_A_FUNCTION))
    # Before: served at /filter, the call to /api/v1/filter, where FastAPI serves it, a false
    # SC104. Which routers the loop goes through is not read (the function is given one
    # that is no name of a router): any call ending /filter may be the route's; one that
    # does not is still broken.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filtre -> api broken -",
    ]
    why = "the route /filter of a router or app seamcheck cannot tell ('r', a loop's variable)"
    assert findings(root) == [
        "SC107 gateway/index.js:4 axios call POST http://api:8000/api/v1/filter not linked to a "
        "service route: 'api' declares 1 route seamcheck cannot read that may serve it "
        f"({why} at api/app/flows.py:8)",
        f"  api/app/flows.py:8 api serves POST at {why}, which seamcheck cannot read",
        "SC104 gateway/index.js:5 POST /api/v2/filtre reaches 'api', which serves no such route",
    ]
    # So at the top of a module, looping over a name it imports.
    flows = """\
        from fastapi import APIRouter

        from app.registry import ROUTERS

        router = APIRouter(prefix="/v1")

        for r in ROUTERS:
            @r.post("/filter")
            async def read_flows() -> list:
                return []
        """
    root = repo(flows_service(["/api/v1/filter"], flows))
    assert links(root) == ["gateway/index.js:4 POST /api/v1/filter -> api unsure -"]


def test_routes_on_a_loops_variable_over_a_parameter_given_routers_written_in_place(
    repo: RepoFactory,
) -> None:
    called = ["/api/v1/filter", "/api/v0/filter", "/filter"]
    flows = LOOP_IN_A_FUNCTION.replace(
        "add_routes([router, make_router()])",
        'legacy = APIRouter(prefix="/v0")\nadd_routes([router, legacy])',
    )
    main = """\
        from fastapi import FastAPI

        from app import flows

        app = FastAPI()
        app.include_router(flows.router, prefix="/api")
        app.include_router(flows.legacy, prefix="/api")
        """
    # Before: unsure, as for a loop over any parameter. Every call giving it a list or
    # tuple of routers written in place: under each, as `for r in (router, legacy):` is.
    for given in ("[router, legacy]", "(router, legacy)", "routers=[router, legacy]"):
        service = flows_service(called, flows.replace("[router, legacy]", given))
        service["api/app/main.py"] = textwrap.dedent(main)
        root = repo(service)
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
            "gateway/index.js:5 POST /api/v0/filter -> api linked api/app/flows.py:8",
            "gateway/index.js:6 POST /filter -> api broken -",
        ]
    # The loop handing each to a function declaring routes on its parameter: the same.
    handed = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        legacy = APIRouter(prefix="/v0")


        def add_flow_routes(target):
            @target.post("/filter")
            async def read_flows() -> list:
                return []


        def add_routes(routers):
            for r in routers:
                add_flow_routes(r)


        add_routes((router, legacy))
        """
    service = flows_service(called, handed)
    service["api/app/main.py"] = textwrap.dedent(main)
    root = repo(service)
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /api/v0/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:6 POST /filter -> api broken -",
    ]
    # Another call giving it a name (a list held by a name, a parameter): unsure.
    for other in ("ROUTERS = [router]\nadd_routes(ROUTERS)", "add_routes(*[[router]])"):
        service = flows_service(called, f"{flows}{other}\n")
        service["api/app/main.py"] = textwrap.dedent(main)
        root = repo(service)
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
            "gateway/index.js:5 POST /api/v0/filter -> api unsure -",
            "gateway/index.js:6 POST /filter -> api unsure -",
        ]


def test_a_functions_parameter_given_a_value_seamcheck_cannot_tell(repo: RepoFactory) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        ROUTERS = [router]


        def add_routes(target):
            @target.post("/filter")
            async def read_flows() -> list:
                return []


        add_routes(ROUTERS[0])
        """
    given = ("ROUTERS[0]", "*ROUTERS", "target=ROUTERS[0]")
    for argument in given:
        root = repo(
            flows_service(
                ["/api/v1/filter", "/api/v2/filtre"],
                flows.replace("add_routes(ROUTERS[0])", f"add_routes({argument})"),
            )
        )
        # Before: served at /filter, a false SC104 on the call to /api/v1/filter.
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
            "gateway/index.js:5 POST /api/v2/filtre -> api broken -",
        ]
        assert findings(root)[:2] == [
            "SC107 gateway/index.js:4 axios call POST http://api:8000/api/v1/filter not linked "
            "to a service route: 'api' declares 1 route seamcheck cannot read that may serve it "
            "(the route /filter of add_routes(), which declares it on its parameter 'target', "
            "given a value seamcheck cannot tell at api/app/flows.py:13)",
            "  api/app/flows.py:13 api serves POST at the route /filter of add_routes(), which "
            "declares it on its parameter 'target', given a value seamcheck cannot tell "
            "(declared at api/app/flows.py:8), which seamcheck cannot read",
        ]
    # A loop's variable given to it: over routers written in place, under each in turn;
    # over a name the module imports, unsure.
    looped = flows.replace("add_routes(ROUTERS[0])", "for each in ROUTERS:\n    add_routes(each)")
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], looped))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /api/v2/filter -> api broken -",
    ]
    imported = looped.replace("ROUTERS = [router]", "from app.registry import ROUTERS")
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], imported))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filter -> api unsure -",
    ]
    # Given the router by its name, as before: read under its prefix.
    named = flows.replace("add_routes(ROUTERS[0])", "add_routes(router)")
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], named))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /api/v2/filter -> api broken -",
    ]


def test_routes_on_a_loops_variable_over_routers_written_in_place(repo: RepoFactory) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        legacy = APIRouter(prefix="/v0")

        for r in (router, legacy):
            @r.post("/filter")
            async def read_flows() -> list:
                return []
        """
    main = """\
        from fastapi import FastAPI

        from app import flows

        app = FastAPI()
        app.include_router(flows.router, prefix="/api")
        app.include_router(flows.legacy, prefix="/api")
        """
    called = ["/api/v1/filter", "/api/v0/filter", "/api/v2/filter"]
    listed = flows.replace(
        "for r in (router, legacy):", "ROUTERS = [router, legacy]\nfor r in ROUTERS:"
    )
    for written in (flows, listed):
        service = flows_service(called, written)
        service["api/app/main.py"] = main.replace("        ", "")
        root = repo(service)
        # Before: served at /filter, both right calls false SC104s. Now under each router.
        line = 7 if written is flows else 8
        assert links(root) == [
            f"gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:{line}",
            f"gateway/index.js:5 POST /api/v0/filter -> api linked api/app/flows.py:{line}",
            "gateway/index.js:6 POST /api/v2/filter -> api broken -",
        ]
    # A router whose prefix is set again: which routes it applies to is not read here.
    rewritten = flows + 'router.prefix = "/flows"\n'
    service = flows_service(called, rewritten)
    service["api/app/main.py"] = main.replace("        ", "")
    root = repo(service)
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v0/filter -> api unsure -",
        "gateway/index.js:6 POST /api/v2/filter -> api unsure -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:7 api serves POST at the route /filter of a router or app "
        "seamcheck cannot tell ('r', a loop's variable), which seamcheck cannot read"
    )


def test_flask_routes_on_a_loops_variable_or_a_parameter(repo: RepoFactory) -> None:
    in_a_function = """\
        from flask import Blueprint

        bp = Blueprint("items", __name__, url_prefix="/items")


        def add_routes(blueprints):
            for each in blueprints:
                @each.route("/list")
                def list_items():
                    return []


        add_routes([bp])
        """
    root = repo(flask_service(["/items/list", "/items/lists"], in_a_function))
    # Given a list of blueprints written in place: under each (before: unsure).
    assert links(root) == [
        "gateway/index.js:4 GET /items/list -> api linked api/app/items.py:8",
        "gateway/index.js:5 GET /items/lists -> api broken -",
    ]
    in_a_function = in_a_function.replace("add_routes([bp])", "add_routes([bp, make_bp()])")
    given_a_subscript = """\
        from flask import Blueprint

        bp = Blueprint("items", __name__, url_prefix="/items")
        BLUEPRINTS = [bp]


        def add_routes(target):
            @target.route("/list")
            def list_items():
                return []


        add_routes(BLUEPRINTS[0])
        """
    for items in (in_a_function, given_a_subscript):
        root = repo(flask_service(["/items/list", "/items/lists"], items))
        # Before: served at /list, a false SC104 on the call to /items/list.
        assert links(root) == [
            "gateway/index.js:4 GET /items/list -> api unsure -",
            "gateway/index.js:5 GET /items/lists -> api broken -",
        ]
    written_in_place = """\
        from flask import Blueprint

        bp = Blueprint("items", __name__, url_prefix="/items")

        for each in (bp,):
            @each.route("/list")
            def list_items():
                return []
        """
    root = repo(flask_service(["/items/list", "/items/lists"], written_in_place))
    assert links(root) == [
        "gateway/index.js:4 GET /items/list -> api linked api/app/items.py:6",
        "gateway/index.js:5 GET /items/lists -> api broken -",
    ]


def test_routes_another_modules_function_adds_with_add_api_route(repo: RepoFactory) -> None:
    extra = """\
        async def read_flows() -> list:
            return []


        def register(target):
            target.add_api_route("/filter", read_flows, methods=["POST"])
        """
    flows = """\
        from fastapi import APIRouter

        from app.extra import register

        router = APIRouter(prefix="/v1")
        register(router)
        """
    service = flows_service(["/api/v1/filter", "/api/flows/filter"], flows)
    service["api/app/extra.py"] = textwrap.dedent(extra)
    root = repo(service)
    # Before: not read at all, 'api' declared no route seamcheck recognises (both SC107).
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/extra.py:6",
        "gateway/index.js:5 POST /api/flows/filter -> api broken -",
    ]
    assert findings(root) == [
        "SC104 gateway/index.js:5 POST /api/flows/filter reaches 'api', which serves no such "
        "route; did you mean POST /api/v1/filter (api/app/extra.py:6)?",
        "  api/app/extra.py:6 api serves POST /api/v1/filter",
    ]
    # Its prefix written after the router is handed to the function: unsure, as for a
    # decorator (`test_a_prefix_written_after_the_router_is_handed_to_a_function_is_unsure`).
    service["api/app/flows.py"] = textwrap.dedent(flows) + 'router.prefix = "/flows"\n'
    root = repo(service)
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/flows/filter -> api unsure -",
    ]
    # Given a router seamcheck cannot tell: unsure too.
    service["api/app/flows.py"] = textwrap.dedent(flows).replace(
        "register(router)", "ROUTERS = [router]\nregister(ROUTERS[0])"
    )
    root = repo(service)
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/flows/filter -> api unsure -",
    ]


HANDED_ON = """\
    from fastapi import APIRouter

    router = APIRouter(prefix="/v1")


    def add_flow_routes(r):
        @r.post("/filter")
        async def read_flows() -> list:
            return []


    def add_all_routes(target):
        add_flow_routes(target)


    add_all_routes(router)
    """


def test_a_router_handed_on_by_a_function_given_it(repo: RepoFactory) -> None:
    root = repo(flows_service(["/api/v1/filter", "/api/filter"], HANDED_ON))
    # Before: served at /filter, as if declared on the app, the call to /api/v1/filter where
    # FastAPI serves it a false SC104 and the one to /api/filter linked.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:7",
        "gateway/index.js:5 POST /api/filter -> api broken -",
    ]
    # Handed on by a function given a value seamcheck cannot tell: unsure.
    unknown = HANDED_ON.replace("add_all_routes(router)", "add_all_routes(*[router])")
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], unknown))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filter -> api unsure -",
    ]


def test_routes_a_nested_function_declares_on_its_enclosing_functions_parameter(
    repo: RepoFactory,
) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def add_routes(r):
            def add_filter():
                @r.post("/filter")
                async def read_flows() -> list:
                    return []

            add_filter()


        add_routes(router)
        """
    root = repo(flows_service(["/api/v1/filter", "/api/filter"], flows))
    # Before: served at /filter, a false SC104 on the call to /api/v1/filter.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /api/filter -> api broken -",
    ]


def test_a_router_named_as_a_loops_variable_before_it(repo: RepoFactory) -> None:
    main = """\
        from fastapi import APIRouter, FastAPI

        users = APIRouter(prefix="/users")
        items = APIRouter(prefix="/items")

        app = FastAPI()
        for router in (users, items):
            app.include_router(router)

        router = APIRouter(prefix="/v1")


        @router.post("/filter")
        async def read_flows() -> list:
            return []


        app.include_router(router, prefix="/api")
        """
    root = repo(model_service(["/api/v1/filter", "/filter", "/users/filter"], {"main.py": main}))
    # Before: the name's first binding, the loop's, was read as the router: served at
    # /filter, the call to /api/v1/filter a false SC104 and the one to /filter linked.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/main.py:13",
        "gateway/index.js:5 POST /filter -> api broken -",
        "gateway/index.js:6 POST /users/filter -> api broken -",
    ]


def test_a_router_held_by_another_name(repo: RepoFactory) -> None:
    routers = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        """
    # Re-exported under another name and included by that one (`flows.router`), routes
    # declared on either name.
    reexported = """\
        from app.routers import router as base_router

        router = base_router


        @base_router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    service = flows_service(["/api/v1/filter", "/v1/filter", "/filter"], reexported)
    service["api/app/routers.py"] = textwrap.dedent(routers)
    for written in (reexported, reexported.replace("@base_router.post", "@router.post")):
        service["api/app/flows.py"] = textwrap.dedent(written)
        root = repo(service)
        # Before: the include of `flows.router` was not followed to the router: served at
        # /v1/filter (on `base_router`) or at /filter (on `router`, read as the module's
        # root), the call to /api/v1/filter a false SC104.
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:6",
            "gateway/index.js:5 POST /v1/filter -> api broken -",
            "gateway/index.js:6 POST /filter -> api broken -",
        ]
    # Held by a function's local name that a function nested in it declares routes on.
    closure = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def setup():
            r = router

            def add_filter():
                @r.post("/filter")
                async def read_flows() -> list:
                    return []

            add_filter()


        setup()
        """
    root = repo(flows_service(["/api/v1/filter", "/filter"], closure))
    # Before: served at /filter, a false SC104 on the call to /api/v1/filter.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:10",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]


def test_a_name_holding_a_functions_parameter_is_read_as_the_parameter(
    repo: RepoFactory,
) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def add_routes(routers):
            with routers as r:
                @r.post("/filter")
                async def read_flows() -> list:
                    return []


        add_routes([router])
        """
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filtre"], flows))
    # Before: `r` was read as no parameter, the routes served at /filter: a false SC104 on
    # the call to /api/v1/filter. Given a list, which router is not read: unsure.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filtre -> api broken -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:13 api serves POST at the route /filter of add_routes(), which "
        "declares it on its parameter 'routers', given a value seamcheck cannot tell "
        "(declared at api/app/flows.py:8), which seamcheck cannot read"
    )
    # Given the router: under its prefix.
    root = repo(flows_service(["/api/v1/filter"], flows.replace("([router])", "(router)")))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8"
    ]


METHOD = """\
    from fastapi import APIRouter

    from app.registry import ROUTERS

    router = APIRouter(prefix="/v1")


    class FlowRoutes:
        def register(self, r):
            @r.post("/filter")
            async def read_flows() -> list:
                return []


    for each in ROUTERS:
        FlowRoutes().register(each)
    """


def test_a_methods_parameter_given_a_value_seamcheck_cannot_tell(repo: RepoFactory) -> None:
    service = flows_service(["/api/v1/filter", "/filter", "/api/v2/filtre"], METHOD)
    service["api/app/registry.py"] = "ROUTERS = []\n"
    root = repo(service)
    # Before: a method's parameter was not followed to the calls giving it: served at
    # /filter, the call there linked and the one to /api/v1/filter a false SC104.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /filter -> api unsure -",
        "gateway/index.js:6 POST /api/v2/filtre -> api broken -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:16 api serves POST at the route /filter of FlowRoutes.register(), "
        "which declares it on its parameter 'r', given a value seamcheck cannot tell "
        "(declared at api/app/flows.py:10), which seamcheck cannot read"
    )
    # Called on its class, the object it is called on given first: that is no router.
    unbound = METHOD.replace(
        "for each in ROUTERS:\n        FlowRoutes().register(each)",
        "views = FlowRoutes()\n    FlowRoutes.register(views, router)",
    )
    service["api/app/flows.py"] = textwrap.dedent(unbound)
    root = repo(service)
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:10",
        "gateway/index.js:5 POST /filter -> api broken -",
        "gateway/index.js:6 POST /api/v2/filtre -> api broken -",
    ]
    # A static method and a class method called on the class: the router fills `r`.
    for decorator, first in (("@staticmethod", ""), ("@classmethod", "cls, ")):
        on_class = METHOD.replace(
            "    def register(self, r):", f"    {decorator}\n        def register({first}r):"
        ).replace(
            "for each in ROUTERS:\n        FlowRoutes().register(each)",
            "FlowRoutes.register(router)",
        )
        service["api/app/flows.py"] = textwrap.dedent(on_class)
        root = repo(service)
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:11",
            "gateway/index.js:5 POST /filter -> api broken -",
            "gateway/index.js:6 POST /api/v2/filtre -> api broken -",
        ]
    # Kept on the object by its constructor, routes declared on it in another method.
    kept = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        class FlowRoutes:
            def __init__(self, router):
                self.router = router

            def register(self):
                @self.router.post("/filter")
                async def read_flows() -> list:
                    return []


        FlowRoutes(router).register()
        """
    root = repo(flows_service(["/api/v1/filter", "/filter"], kept))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:11",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]


def test_a_router_as_a_parameters_default_or_handed_round_two_functions(
    repo: RepoFactory,
) -> None:
    default = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def register(r=router):
            @r.post("/filter")
            async def read_flows() -> list:
                return []


        register()
        """
    root = repo(flows_service(["/api/v1/filter", "/filter"], default))
    # Before: the default was not read, the routes served at /filter: a false SC104 on the
    # call to /api/v1/filter.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:7",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]
    # A default seamcheck does not read: unsure.
    made = default.replace("r=router", "r=make_router()").replace(
        'router = APIRouter(prefix="/v1")', 'router = APIRouter(prefix="/v1")\nmake_router = list'
    )
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filtre"], made))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filtre -> api broken -",
    ]
    cycle = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def add_all(r, depth=0):
            if depth:
                add_filter(r, depth - 1)


        def add_filter(r, depth=0):
            add_all(r, depth)

            @r.post("/filter")
            async def read_flows() -> list:
                return []


        add_all(router, 2)
        """
    root = repo(flows_service(["/api/v1/filter", "/filter"], cycle))
    # Before: served at /filter too, where the mounts came back round to a function already
    # passed through: the call there linked.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:14",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]


def test_express_routes_on_a_loops_variable(repo: RepoFactory) -> None:
    calls = """\
      await api.post('/api/v1/filter');
      await api.post('/api/v2/filter');
      await api.post('/filter');
      await api.post('/api/v1/filtre');
    """
    index = """\
    const express = require('express');
    const app = express();
    const v1 = express.Router();
    const v2 = express.Router();

    function addRoutes(routers) {
      for (const r of routers) {
        r.post('/filter', (req, res) => res.json([]));
      }
    }

    addRoutes([v1, v2]);
    app.use('/api/v1', v1);
    app.use('/api/v2', v2);
    app.listen(8080);
    """
    root = repo(gateway_repo(calls, index_js=index))
    # Before: served at /filter, the calls to /api/v1/filter and /api/v2/filter false SC104s;
    # then unsure. Given an array of routers written in place: under each.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:6 POST /filter -> gateway broken -",
        "worker/index.js:7 POST /api/v1/filtre -> gateway broken -",
    ]
    # Given an array held by a name: which routers it holds is not read here, unsure.
    named = index.replace(
        "addRoutes([v1, v2]);", "const ROUTERS = [v1, v2];\n    addRoutes(ROUTERS);"
    )
    root = repo(gateway_repo(calls, index_js=named))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
        "worker/index.js:5 POST /api/v2/filter -> gateway unsure -",
        "worker/index.js:6 POST /filter -> gateway unsure -",
        "worker/index.js:7 POST /api/v1/filtre -> gateway broken -",
    ]
    # Over an array of routers written once: under each in turn.
    listed = """\
    const express = require('express');
    const app = express();
    const v1 = express.Router();
    const v2 = express.Router();
    const ROUTERS = [v1, v2];

    for (const r of ROUTERS) {
      r.post('/filter', (req, res) => res.json([]));
    }

    app.use('/api/v1', v1);
    app.use('/api/v2', v2);
    app.listen(8080);
    """
    root = repo(gateway_repo(calls, index_js=listed))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:6 POST /filter -> gateway broken -",
        "worker/index.js:7 POST /api/v1/filtre -> gateway broken -",
    ]


def test_express_routes_on_a_loops_variable_over_routers_written_in_place(
    repo: RepoFactory,
) -> None:
    calls = """\
      await api.post('/api/v1/filter');
      await api.post('/api/v2/filter');
      await api.post('/filter');
      await api.post('/api/v1/filtre');
    """
    index = """\
    const express = require('express');
    const app = express();
    const v1 = express.Router();
    const v2 = express.Router();

    function setup() {
      for (const r of [v1, v2]) {
        r.post('/filter', (req, res) => res.json([]));
      }
    }

    setup();
    app.use('/api/v1', v1);
    app.use('/api/v2', v2);
    app.listen(8080);
    """
    root = repo(gateway_repo(calls, index_js=index))
    # Before: the loop's variable was bound to nothing, its routes served at /filter as if
    # declared on the function's own router: the calls to /api/v1/filter and /api/v2/filter
    # false SC104s, /filter linked. Now under each router in turn, as Python's
    # `for r in (v1, v2):`.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:8",
        "worker/index.js:6 POST /filter -> gateway broken -",
        "worker/index.js:7 POST /api/v1/filtre -> gateway broken -",
    ]
    # Given in turn to a function declaring routes on its parameter: the same.
    handed = index.replace("r.post('/filter', (req, res) => res.json([]));", "addRoutes(r);")
    handed = handed.replace(
        "function setup() {",
        "function addRoutes(router) {\n"
        "      router.post('/filter', (req, res) => res.json([]));\n"
        "    }\n\n"
        "    function setup() {",
    )
    root = repo(gateway_repo(calls, index_js=handed))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:7",
        "worker/index.js:5 POST /api/v2/filter -> gateway linked gateway/index.js:7",
        "worker/index.js:6 POST /filter -> gateway broken -",
        "worker/index.js:7 POST /api/v1/filtre -> gateway broken -",
    ]
    # An item that is no name of a router (a call, a spread array): unsure, not the bare path.
    for items in ("[v1, makeRouter()]", "[v1, ...others]"):
        unread = index.replace("[v1, v2]", items)
        root = repo(gateway_repo(calls, index_js=unread))
        assert links(root) == [
            "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
            "worker/index.js:5 POST /api/v2/filter -> gateway unsure -",
            "worker/index.js:6 POST /filter -> gateway unsure -",
            "worker/index.js:7 POST /api/v1/filtre -> gateway broken -",
        ]
    assert findings(root)[1] == (
        "  gateway/index.js:8 gateway serves POST at the route /filter of a router or app "
        "seamcheck cannot tell ('r', a loop's variable), which seamcheck cannot read"
    )


def test_routes_on_a_name_assigned_more_than_once_are_unsure(repo: RepoFactory) -> None:
    flows = """\
        import os

        from fastapi import APIRouter

        v1 = APIRouter(prefix="/v1")
        v2 = APIRouter(prefix="/v2")
        if os.environ.get("V2"):
            r = v2
        else:
            r = v1


        @r.post("/filter")
        async def read_flows() -> list:
            return []


        router = APIRouter()
        router.include_router(v1)
        router.include_router(v2)
        """
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter", "/filter"], flows))
    # Before: served at /filter, as if declared on the module's root: the calls to where
    # FastAPI serves it false SC104s, the one to /filter linked. Which router is not read.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filter -> api unsure -",
        "gateway/index.js:6 POST /filter -> api unsure -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:13 api serves POST at the route /filter of a router or app "
        "seamcheck cannot tell ('r', a name assigned more than once), which seamcheck cannot "
        "read"
    )
    calls = """\
      await api.post('/api/v1/filter');
      await api.post('/api/v2/filter');
      await api.post('/filter');
    """
    index = """\
    const express = require('express');
    const app = express();
    const v1 = express.Router();
    const v2 = express.Router();
    let r = v1;
    if (process.env.V2) r = v2;
    r.post('/filter', (req, res) => res.json([]));
    app.use('/api/v1', v1);
    app.use('/api/v2', v2);
    app.listen(8080);
    """
    root = repo(gateway_repo(calls, index_js=index))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
        "worker/index.js:5 POST /api/v2/filter -> gateway unsure -",
        "worker/index.js:6 POST /filter -> gateway unsure -",
    ]
    # Assigned once: that router's (before, an Express name holding another was not
    # followed either: served at /filter).
    once = index.replace("let r = v1;\n    if (process.env.V2) r = v2;", "const r = v1;")
    root = repo(gateway_repo(calls, index_js=once))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:6",
        "worker/index.js:5 POST /api/v2/filter -> gateway broken -",
        "worker/index.js:6 POST /filter -> gateway broken -",
    ]


def test_a_name_given_another_routers_name_after_a_first_value_is_unsure(
    repo: RepoFactory,
) -> None:
    flows = """\
        import os

        from fastapi import APIRouter

        v1 = APIRouter(prefix="/v1")
        v2 = APIRouter(prefix="/v2")
        FIRST
        if os.environ.get("V2"):
            r = v2


        @r.post("/filter")
        async def read_flows() -> list:
            return []


        router = APIRouter()
        router.include_router(v1)
        router.include_router(v2)
        """
    # Before: with a first value of another kind, `None`, a loop's variable or a router
    # made in place, the route was served at /filter (or under the router made first),
    # the calls to where FastAPI may serve it false SC104s: which value it has is not read.
    for first in ("r = None", "for r in (v1, v2):\n    pass", "r = APIRouter(prefix='/v3')"):
        written = flows.replace("FIRST", first.replace("\n", "\n        "))
        root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], written))
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
            "gateway/index.js:5 POST /api/v2/filter -> api unsure -",
        ], first
    # Made again of itself, holding no other name (`router = traced(router)`): read as before.
    traced = """\
        from fastapi import APIRouter

        from app.tracing import traced

        router = APIRouter(prefix="/v1")
        router = traced(router)


        @router.post("/filter")
        async def read_flows() -> list:
            return []
        """
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], traced))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:9",
        "gateway/index.js:5 POST /api/v2/filter -> api broken -",
    ]


def test_routes_on_a_conditional_expressions_name_are_unsure(repo: RepoFactory) -> None:
    flows = """\
        import os

        from fastapi import APIRouter

        v1 = APIRouter(prefix="/v1")
        v2 = APIRouter(prefix="/v2")
        r = v2 if os.environ.get("V2") else v1


        @r.post("/filter")
        async def read_flows() -> list:
            return []


        router = APIRouter()
        router.include_router(v1)
        router.include_router(v2)
        """
    root = repo(flows_service(["/api/v1/filter", "/api/v2/filter"], flows))
    # Before: served at /filter, as if declared on the module's root: both calls false
    # SC104s. Which router the branch gives is not read, as for `if V2: r = v2 else: ...`.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v2/filter -> api unsure -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:10 api serves POST at the route /filter of a router or app "
        "seamcheck cannot tell ('r', a name holding one of several values), which seamcheck "
        "cannot read"
    )
    calls = """\
      await api.post('/api/v1/filter');
      await api.post('/api/v2/filter');
    """
    index = """\
    const express = require('express');
    const app = express();
    const v1 = express.Router();
    const v2 = express.Router();
    const r = process.env.V2 ? v2 : v1;
    r.post('/filter', (req, res) => res.json([]));
    app.use('/api/v1', v1);
    app.use('/api/v2', v2);
    app.listen(8080);
    """
    root = repo(gateway_repo(calls, index_js=index))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
        "worker/index.js:5 POST /api/v2/filter -> gateway unsure -",
    ]


def test_routes_on_an_attribute_set_to_two_routers_are_unsure(repo: RepoFactory) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")
        legacy = APIRouter(prefix="/v0")
        router.include_router(legacy)


        class FlowRoutes:
            def __init__(self, router):
                self.router = router

            def use(self, other):
                self.router = other

            def register(self):
                @self.router.post("/filter")
                async def read_flows() -> list:
                    return []


        views = FlowRoutes(router)
        views.use(legacy)
        views.register()
        """
    root = repo(flows_service(["/api/v1/filter", "/api/v1/v0/filter"], flows))
    # Before: served at /filter, neither router's: both calls false SC104s. Which of the
    # two methods set it last is not read.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /api/v1/v0/filter -> api unsure -",
    ]
    assert findings(root)[1] == (
        "  api/app/flows.py:16 api serves POST at the route /filter of a router or app "
        "seamcheck cannot tell ('self.router', a name assigned more than once), which "
        "seamcheck cannot read"
    )


def test_a_method_named_register_mounts_nothing_under_its_object(repo: RepoFactory) -> None:
    given = METHOD.replace(
        "for each in ROUTERS:\n        FlowRoutes().register(each)", "FlowRoutes().register(router)"
    )
    service = flows_service(["/api/v1/filter", "/v1/filter"], given)
    service["api/app/registry.py"] = "ROUTERS = []\n"
    root = repo(service)
    # Before: read as Fastify's `register(plugin)`, mounting the router under the module's
    # root too: also served at /v1/filter, where FastAPI serves nothing, the call linked.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:10",
        "gateway/index.js:5 POST /v1/filter -> api broken -",
    ]


def test_a_router_handed_on_by_a_parameter_named_as_the_modules_router(
    repo: RepoFactory,
) -> None:
    named = HANDED_ON.replace("def add_all_routes(target):", "def add_all_routes(router):")
    named = named.replace("add_flow_routes(target)", "add_flow_routes(router)")
    root = repo(flows_service(["/api/v1/filter", "/filter"], named))
    # Before: the parameter, read as hiding the module's `router` with a value not known
    # there, was not followed to the calls giving it: served at /filter, a false SC104 on
    # the call to /api/v1/filter.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:7",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]
    # So for a method handing it on to another.
    method = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        class FlowRoutes:
            def add_filter(self, r):
                @r.post("/filter")
                async def read_flows() -> list:
                    return []

            def add_all(self, router):
                self.add_filter(router)


        FlowRoutes().add_all(router)
        """
    root = repo(flows_service(["/api/v1/filter", "/filter"], method))
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]


def test_express_routes_a_function_declares_on_its_parameter(repo: RepoFactory) -> None:
    calls = """\
      await api.post('/api/v1/filter');
      await api.post('/filter');
      await api.post('/api/v1/filtre');
    """
    index = """\
    const express = require('express');
    const app = express();
    const v1 = express.Router();

    function addRoutes(r) {
      r.post('/filter', (req, res) => res.json([]));
    }

    function setup(router) {
      addRoutes(router);
    }

    setup(v1);
    app.use('/api/v1', v1);
    app.listen(8080);
    """
    root = repo(gateway_repo(calls, index_js=index))
    # Before: handed on by a function given it, as in Python (`HANDED_ON`), the parameter
    # was not followed: served at /filter, a false SC104 on the call to /api/v1/filter.
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:6",
        "worker/index.js:5 POST /filter -> gateway broken -",
        "worker/index.js:6 POST /api/v1/filtre -> gateway broken -",
    ]
    # A class's static method, called on the class.
    static = index.replace("function addRoutes(r) {", "class Routes {\n      static add(r) {")
    static = static.replace("res.json([]));\n    }", "res.json([]));\n      }\n    }")
    static = static.replace("addRoutes(router);", "Routes.add(router);")
    static = static.replace("setup(v1);", "Routes.add(v1);")
    root = repo(gateway_repo(calls, index_js=static))
    assert links(root)[0] == (
        "worker/index.js:4 POST /api/v1/filter -> gateway linked gateway/index.js:7"
    )
    # Given a value seamcheck cannot tell: unsure, as in Python.
    unknown = index.replace("setup(v1);", "const ROUTERS = [v1];\n    setup(ROUTERS[0]);")
    root = repo(gateway_repo(calls, index_js=unknown))
    assert links(root) == [
        "worker/index.js:4 POST /api/v1/filter -> gateway unsure -",
        "worker/index.js:5 POST /filter -> gateway unsure -",
        "worker/index.js:6 POST /api/v1/filtre -> gateway broken -",
    ]


BASE_SETS_ROUTER = """\
    from fastapi import APIRouter

    from app.views import Views

    router = APIRouter(prefix="/v1")
    Views(router).register()
    """

VIEWS_ON_INHERITED_ROUTER = """\
    from app.base import Base


    class Views(Base):
        def register(self):
            @self.router.post("/filter")
            async def read_flows() -> list:
                return []
    """


def test_routes_on_a_router_a_base_classs_constructor_sets(repo: RepoFactory) -> None:
    base = """\
        class Base:
            def __init__(self, router):
                self.router = router
        """
    service = flows_service(["/api/v1/filter", "/filter"], BASE_SETS_ROUTER)
    service["api/app/base.py"] = textwrap.dedent(base)
    service["api/app/views.py"] = textwrap.dedent(VIEWS_ON_INHERITED_ROUTER)
    root = repo(service)
    # Before: `self.router`, set by Base.__init__ (in another file), was not followed from
    # the subclass's method, and `Views(router)` not read as running Base.__init__: served
    # at /filter, a phantom route, and the call to /api/v1/filter a false SC104.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/views.py:6",
        "gateway/index.js:5 POST /filter -> api broken -",
    ]
    # The subclass's constructor handing it on (`super().__init__(router)`, also as
    # `super(Views, self).__init__(router)`), the class itself declaring nothing: the same.
    for call in ("super().__init__(router)", "super(Views, self).__init__(router)"):
        views = VIEWS_ON_INHERITED_ROUTER.replace(
            "class Views(Base):\n",
            f"class Views(Base):\n        def __init__(self, router):\n            {call}\n\n",
        )
        service["api/app/views.py"] = textwrap.dedent(views)
        root = repo(service)
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/views.py:9",
            "gateway/index.js:5 POST /filter -> api broken -",
        ], call
    # Another class deriving from Base, made with another router: each call of the
    # constructor would mount the routes of both classes, so neither's are read.
    other = VIEWS_ON_INHERITED_ROUTER.replace("Views", "Other").replace("filter", "other")
    service["api/app/other.py"] = textwrap.dedent(other)
    service["api/app/views.py"] = textwrap.dedent(VIEWS_ON_INHERITED_ROUTER)
    service["api/app/flows.py"] = textwrap.dedent(
        BASE_SETS_ROUTER.replace(
            "from app.views import Views\n",
            "from app.other import Other\nfrom app.views import Views\n",
        ).replace(
            'router = APIRouter(prefix="/v1")\n',
            'router = APIRouter(prefix="/v1")\nlegacy = APIRouter(prefix="/v0")\n'
            "router.include_router(legacy)\nOther(legacy).register()\n",
        )
    )
    root = repo(service)
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
        "gateway/index.js:5 POST /filter -> api unsure -",
    ]
    assert findings(root)[1] == (
        "  api/app/views.py:6 api serves POST at the route /filter of a router or app "
        "seamcheck cannot tell ('self.router', set by Base.__init__ for other classes too), "
        "which seamcheck cannot read"
    )


def test_routes_a_base_classs_constructor_declares_for_a_subclass(repo: RepoFactory) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        class Views:
            def __init__(self, r):
                @r.post("/filter")
                async def read_flows() -> list:
                    return []


        class Sub(Views):
            pass


        class Leaf(Sub):
            pass


        Leaf(router)
        """
    root = repo(flows_service(["/api/v1/filter", "/filter", "/v1/filter"], flows))
    # Before: `Leaf(router)` was read as a call of the class alone, not of the constructor
    # it inherits: served at /filter, two calls false SC104s, one a false link.
    assert links(root) == [
        "gateway/index.js:4 POST /api/v1/filter -> api linked api/app/flows.py:8",
        "gateway/index.js:5 POST /filter -> api broken -",
        "gateway/index.js:6 POST /v1/filter -> api broken -",
    ]


def test_routes_on_a_parameter_its_function_gives_another_value_are_unsure(
    repo: RepoFactory,
) -> None:
    flows = """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/v1")


        def register(r=None):
            r = r or router

            @r.post("/filter")
            async def read_flows() -> list:
                return []


        register()
        """
    called = ["/api/v1/filter", "/filter", "/api/v1/filtre"]
    why = (
        "the route /filter of a router or app seamcheck cannot tell ('r', a parameter its "
        "function gives another value)"
    )
    # Before: served at /filter (the call giving nothing leaves the parameter unmounted),
    # the call to /api/v1/filter, where FastAPI serves it, a false SC104. Which the route
    # is on (the router given or the module's) is not read.
    for given in (flows, flows.replace("(r=None)", "(r: APIRouter | None = None)")):
        root = repo(flows_service(called, given))
        assert links(root) == [
            "gateway/index.js:4 POST /api/v1/filter -> api unsure -",
            "gateway/index.js:5 POST /filter -> api unsure -",
            "gateway/index.js:6 POST /api/v1/filtre -> api broken -",
        ]
        assert findings(root)[1] == (
            f"  api/app/flows.py:9 api serves POST at {why}, which seamcheck cannot read"
        )


def test_routes_on_a_name_an_import_or_its_fallback_gives_are_unsure(repo: RepoFactory) -> None:
    main = """\
        from fastapi import APIRouter, FastAPI

        app = FastAPI()
        router = APIRouter(prefix="/api")
        try:
            from app.extra import api
        except ImportError:
            api = router


        @api.post("/things")
        async def things() -> list:
            return []


        app.include_router(router)
        """
    service = model_service(["/api/things", "/things", "/api/thing"], {"main.py": main})
    root = repo(service)
    # Before: read as the fallback's router only, at /api/things: the import's object, which
    # may serve it at /things, not read. Either may hold the name.
    assert links(root) == [
        "gateway/index.js:4 POST /api/things -> api unsure -",
        "gateway/index.js:5 POST /things -> api unsure -",
        "gateway/index.js:6 POST /api/thing -> api broken -",
    ]


def test_a_blueprints_url_prefix_written_through_another_name_is_unsure(
    repo: RepoFactory,
) -> None:
    items = """\
        from flask import Blueprint

        bp = Blueprint("items", __name__, url_prefix="/v1")


        @bp.route("/list")
        def items():
            return []


        alias = bp
        alias.url_prefix = "/x"
        """
    root = repo(flask_service(["/x/list", "/v1/list", "/lists"], items))
    # Before: the write through `alias` was not read: served at /v1/list, the call to /x/list,
    # where Flask serves it, a false SC104.
    assert links(root) == [
        "gateway/index.js:4 GET /x/list -> api unsure -",
        "gateway/index.js:5 GET /v1/list -> api unsure -",
        "gateway/index.js:6 GET /lists -> api broken -",
    ]
    assert findings(root)[1] == (
        "  api/app/items.py:12 api serves GET at the route /list of a blueprint whose url_prefix "
        "is set again (alias.url_prefix = ..., through another name for it) (declared at "
        "api/app/items.py:6), which seamcheck cannot read"
    )
