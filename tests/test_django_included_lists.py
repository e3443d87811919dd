"""Django URLconfs that include a list of paths held by a name, as Django's documentation
writes it (`path("credit/", include(extra_patterns))`, also `include((patterns, "app"))`).
The list's paths were served at the root, where Django does not serve them (a call there
was linked, one to where they are served was unsure); now they are served under the path
that includes them."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, route_labels


def test_paths_in_a_named_list_are_served_under_the_path_that_includes_it(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n"
            ),
            "api/requirements.txt": "django\n",
            "api/shop/__init__.py": "",
            "api/shop/views.py": """\
                from django.http import JsonResponse


                def report(request, id=None):
                    return JsonResponse({})


                def charge(request):
                    return JsonResponse({})


                def stock(request, sku):
                    return JsonResponse({})
                """,
            "api/shop/urls.py": """\
                from django.urls import include, path, re_path

                from shop import views

                extra_patterns = [
                    path("reports/", views.report),
                    path("reports/<int:id>/", views.report),
                    path("charge/", views.charge),
                ]

                v1_patterns = [
                    path("stock/<str:sku>", views.stock),
                    path("credit/", include(extra_patterns)),
                ]

                urlpatterns = [
                    path("credit/", include(extra_patterns)),
                    re_path(r"^api/(?P<version>v[12])/", include((v1_patterns, "api"))),
                ]
                """,
            "worker/package.json": package_json("worker", dependencies={"axios": "^1.7.0"}),
            "worker/index.js": """\
                const axios = require('axios');
                const api = axios.create({ baseURL: 'http://api:8000' });
                async function main() {
                  await api.get('/credit/reports/7/');
                  await api.post('/credit/charge/');
                  await api.get('/reports/');
                  await api.get('/api/v1/stock/abc');
                  await api.get('/api/v2/credit/reports/');
                }
                main();
                """,
        }
    )
    # Before: GET /reports/ was linked (the list's paths were served at the root) and the
    # calls under credit/ and api/ were unsure ("the URLconf extra_patterns").
    assert route_labels(root, "api") == [
        "ANY /api/{version}/credit/charge",
        "ANY /api/{version}/credit/reports",
        "ANY /api/{version}/credit/reports/{id}",
        "ANY /api/{version}/stock/{sku}",
        "ANY /credit/charge",
        "ANY /credit/reports",
        "ANY /credit/reports/{id}",
    ]
    assert links(root) == [
        "worker/index.js:4 GET /credit/reports/7 -> api linked api/shop/urls.py:7",
        "worker/index.js:5 POST /credit/charge -> api linked api/shop/urls.py:8",
        "worker/index.js:6 GET /reports -> api broken -",
        "worker/index.js:7 GET /api/v1/stock/abc -> api linked api/shop/urls.py:12",
        "worker/index.js:8 GET /api/v2/credit/reports -> api linked api/shop/urls.py:6",
    ]
