"""Routes declared with the method as an argument or by a view class, in frameworks whose
other routes seamcheck reads: aiohttp's `router.add_route("POST", ...)`, `add_view`,
`web.route`/`web.view`, `@routes.view` on a class, and Starlette's (or FastAPI's)
`app.add_route(path, endpoint, methods=...)`. None was read, so in a service declaring any
other route, every call to them was a false SC104 error."""

from __future__ import annotations

from conftest import RepoFactory
from seams_helpers import links

COMPOSE = """\
services:
  aio:
    build: ./aio
  star:
    build: ./star
  worker:
    build: ./worker
"""


def test_aiohttp_and_starlette_routes_added_with_their_method_or_view_class(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "aio/requirements.txt": "aiohttp\n",
            "aio/app.py": """\
                from aiohttp import web

                routes = web.RouteTableDef()


                class ItemView(web.View):
                    async def get(self):
                        return web.json_response({})

                    async def put(self):
                        return web.json_response({})


                @routes.view("/tags/{id}")
                class TagView(web.View):
                    async def delete(self):
                        return web.json_response({})


                async def search(request):
                    return web.json_response([])


                async def health(request):
                    return web.json_response({})


                app = web.Application()
                app.router.add_get("/health", health)
                app.router.add_route("POST", "/search", search)
                app.router.add_route("*", "/any", search)
                app.router.add_view("/items/{id}", ItemView)
                app.add_routes([web.view("/things/{id}", ItemView), web.route("PATCH", "/things/{id}/tag", search)])
                app.add_routes(routes)
                """,
            "star/requirements.txt": "starlette\n",
            "star/app.py": """\
                from starlette.applications import Starlette
                from starlette.endpoints import HTTPEndpoint
                from starlette.responses import JSONResponse
                from starlette.routing import Route


                async def predict(request):
                    return JSONResponse({})


                class Model(HTTPEndpoint):
                    async def delete(self, request):
                        return JSONResponse({})


                app = Starlette(routes=[Route("/health", predict)])
                app.add_route("/predict", predict, methods=["POST"])
                app.add_route("/version", predict)
                app.add_route("/models/{name}", Model)
                """,
            "worker/requirements.txt": "requests\n",
            "worker/run.py": """\
                import requests

                requests.post("http://aio:8080/search")
                requests.put("http://aio:8080/items/1")
                requests.put("http://aio:8080/things/1")
                requests.patch("http://aio:8080/things/1/tag")
                requests.delete("http://aio:8080/tags/1")
                requests.options("http://aio:8080/any")
                requests.post("http://aio:8080/items/1")
                requests.post("http://star:8000/predict")
                requests.get("http://star:8000/version")
                requests.delete("http://star:8000/models/m1")
                requests.post("http://star:8000/version")
                """,
        }
    )
    # Before: every call but the last two of each service was an SC104 error; those stay
    # errors (no such method there).
    assert links(root) == [
        "worker/run.py:10 POST /predict -> star linked star/app.py:17",
        "worker/run.py:11 GET /version -> star linked star/app.py:18",
        "worker/run.py:12 DELETE /models/m1 -> star linked star/app.py:19",
        "worker/run.py:13 POST /version -> star broken -",
        "worker/run.py:3 POST /search -> aio linked aio/app.py:30",
        "worker/run.py:4 PUT /items/1 -> aio linked aio/app.py:32",
        "worker/run.py:5 PUT /things/1 -> aio linked aio/app.py:33",
        "worker/run.py:6 PATCH /things/1/tag -> aio linked aio/app.py:33",
        "worker/run.py:7 DELETE /tags/1 -> aio linked aio/app.py:14",
        "worker/run.py:8 OPTIONS /any -> aio linked aio/app.py:31",
        "worker/run.py:9 POST /items/1 -> aio broken -",
    ]


def test_add_route_on_a_starlette_app_mounted_elsewhere_is_served_under_the_mount(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "star/requirements.txt": "starlette\n",
            "star/admin.py": """\
                from starlette.applications import Starlette
                from starlette.responses import JSONResponse
                from starlette.routing import Route


                async def stats(request):
                    return JSONResponse({})


                admin = Starlette(routes=[Route("/users", stats)])
                admin.add_route("/stats", stats)
                """,
            "star/app.py": """\
                from starlette.applications import Starlette
                from starlette.routing import Mount, Route

                from admin import admin, stats

                app = Starlette(routes=[Route("/", stats), Mount("/admin", app=admin)])
                app.add_route("/version", stats)
                """,
            "worker/requirements.txt": "requests\n",
            "worker/run.py": """\
                import requests

                requests.get("http://star:8000/admin/stats")
                requests.get("http://star:8000/admin/users")
                requests.get("http://star:8000/version")
                requests.get("http://star:8000/admin/statz")
                """,
        }
    )
    # Before: GET /admin/stats was a false SC104 (did you mean GET /stats?).
    assert links(root) == [
        "worker/run.py:3 GET /admin/stats -> star linked star/admin.py:11",
        "worker/run.py:4 GET /admin/users -> star linked star/admin.py:10",
        "worker/run.py:5 GET /version -> star linked star/app.py:7",
        "worker/run.py:6 GET /admin/statz -> star broken -",
    ]
