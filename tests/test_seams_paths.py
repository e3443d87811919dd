"""Path normal form and matching, nginx/vite prefix rewriting, compose port specs."""

from __future__ import annotations

import pytest

from seamcheck.seams.hosts import Proxy, _host_port, split_url
from seamcheck.seams.model import Where
from seamcheck.seams.paths import (
    distance,
    django_regex,
    express_paths,
    join,
    matches,
    may_end_with,
    may_start_with,
    normalise,
    path_overlap,
    pattern_head,
    regex_head,
    segments,
    shape,
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("/cart/:id", "/cart/{id}"),
        ("/items/<int:pk>/", "/items/{pk}"),
        ("/users/{user_id:int}", "/users/{user_id}"),
        ("/pages/[slug]", "/pages/{slug}"),
        ("/files/{path:path}", "/files/{*}"),
        ("/docs/[...rest]", "/docs/{*}"),
        ("/assets/*", "/assets/{*}"),
        ("/items/%s/tags?x=1#top", "/items/{param}/tags"),
        ("/report-{year}.csv", "/{param}"),
        ("", "/"),
    ],
)
def test_every_parameter_syntax_has_one_normal_form(raw: str, normal: str) -> None:
    assert normalise(raw) == normal


def test_matching_tolerates_parameters_on_either_side_and_catch_alls() -> None:
    assert matches("/cart/{id}", "/cart/{cart_id}")
    assert matches("/cart/42", "/cart/{id}")
    assert matches("/cart/{id}", "/cart/current")
    assert matches("/static/a/b.css", "/static/{*}")
    assert not matches("/cart", "/cart/{id}")
    assert not matches("/cart/1/items", "/cart/{id}")


def test_did_you_mean_distance_counts_characters_over_the_whole_path() -> None:
    assert distance("/api/userz", "/api/users") == 1
    # Segments that differ in more than a typo would (two letters, or a third of the longer)
    # are one dropped and one added, not a retyping: before, 'userz' was 4 from 'orders'.
    assert distance("/api/userz", "/api/orders") == 13
    assert distance("/notify/push", "/notify/sms") == 9
    assert distance("/api/v1/users", "/api/v2/users") == 1
    assert distance("/api/recommendation", "/api/recommendations") == 1
    assert distance("/cart", "/cart/{id}") == 2  # a parameter added
    assert distance("/cart", "/cart/items") == 6  # a segment added: its letters and slash
    assert distance("/v1/{id}/tags", "/v1/users/tags") == 0


def test_overlap_counts_the_letters_an_alignment_keeps() -> None:
    def overlap(client: str, route: str) -> tuple[int, int]:
        return path_overlap(shape(segments(client)), shape(segments(route)))

    assert overlap("/predict", "/api/predict") == (4, 8)  # a prefix left out: 'predict/' kept
    assert overlap("/api/userz", "/api/users") == (1, 9)  # 'users/' kept but for one edit
    # A parameter matched to a segment keeps no letters: near by distance, yet unrelated.
    assert overlap("/api/documents/{id}", "/api/files/{*}") == (8, 4)


def test_join_and_django_patterns() -> None:
    assert join("/v1/", "/items", "") == "/v1/items"
    assert join("", "/") == "/"
    assert django_regex(r"^articles/(?P<year>[0-9]{4})/(\d+)/$") == "articles/{year}/{param}/"


@pytest.mark.parametrize(
    ("declared", "paths"),
    [
        ("/ab?cd", ["/abcd", "/acd"]),
        ("/a(bc)?d", ["/abcd", "/ad"]),
        ("/a(bc|de)f", ["/abcf", "/adef"]),
        ("/users/?", ["/users/", "/users"]),
        ("/users/:id(\\d+)", ["/users/:id"]),
        ("/users/:id(\\d+)?", ["/users/:id?"]),
        ("/files/:name([^/]+)", ["/files/:name"]),
        ("/files/:path(.*)", ["/files/:path*"]),
        # What `normalise` and `variants` read already is kept as written (Express 5 too).
        ("/orders/:id?", ["/orders/:id?"]),
        ("/docs{/:section}", ["/docs{/:section}"]),
        ("/files/*path", ["/files/*path"]),
        ("/assets/*", ["/assets/*"]),
        ("/range/:from-:to", ["/range/:from-:to"]),
        ("/plain.json", ["/plain.json"]),
        # Endless or unknown: a pattern seamcheck cannot list.
        ("/ab+cd", None),
        ("/ab*cd", None),
        ("/a(bc)+d", None),
        ("/a[bc]d", None),
        ("/assets/*.js", None),
        ("/a?b?c?d?", None),  # 16 paths
    ],
)
def test_express_4_patterns_are_listed_where_finite(declared: str, paths: list[str] | None) -> None:
    assert express_paths(declared) == paths


def test_the_literal_start_of_patterns_and_regular_expressions() -> None:
    assert pattern_head("/ab+cd") == "/ab"
    assert pattern_head("/ab*cd") == "/ab"  # Express 4 reads `*` as `(.*)`
    assert pattern_head("/ab?c+d") == "/a"
    assert pattern_head("/users/:id/x+") == "/users/"
    assert regex_head(r"^\/rx\/.*") == "/rx/"
    assert regex_head(r"^\/api\/v\d+") == "/api/v"
    assert regex_head(r"^\/ab?c") == "/a"
    assert regex_head(r".*fly$") == ""
    assert regex_head(r"^\/a|^\/b") == ""
    assert may_start_with("/rx/a/b", "/rx/")
    assert may_start_with("/rx", "/rx/")
    assert may_start_with("/r{id}", "/rx/")
    assert not may_start_with("/orders", "/rx/")
    # A head is whole segments, unless it is a regular expression's literal start.
    assert not may_start_with("/apiv2/x", "/api")
    assert may_start_with("/api/v2/x", "/api/v", partial=True)
    assert not may_start_with("/api/v2/x", "/api/v")
    assert not may_start_with("/rxy", "/rx/", partial=True)
    # A parameter of the head stands for any segments; one of the path for anything.
    assert may_start_with("/shop/legacy/7", "/{BASE}/legacy")
    assert not may_start_with("/shop/legacyx/7", "/{BASE}/legacy")
    assert may_start_with("/tenants/acme/x", "/tenants/:tenant")
    assert may_start_with("/{base}/x", "/api")
    assert may_end_with("/api/v2/users/7", "/users/{id}")
    assert may_end_with("/api/{version}/users", "/users")
    assert not may_end_with("/api/v2/orders/7", "/users/{id}")
    assert not may_end_with("/users", "/v2/users")


def test_nginx_proxy_pass_with_a_uri_replaces_the_location_prefix() -> None:
    where = Where("nginx.conf", 3)
    stripping = Proxy("nginx", "/api/", "http://gateway:8080/", "/", where)
    rewriting = Proxy("nginx", "/api/", "http://gateway:8080/v2/", "/v2/", where)
    keeping = Proxy("nginx", "/api/", "http://gateway:8080", None, where)
    assert stripping.forward("/api/predict") == "/predict"
    assert rewriting.forward("/api/predict") == "/v2/predict"
    assert keeping.forward("/api/predict") == "/api/predict"
    assert keeping.forward("/apiary") is None


def test_url_and_compose_port_parsing() -> None:
    parts = split_url("http://ML:8000/v1/predict?x=1")
    assert parts is not None
    assert (parts.host, parts.port, parts.path) == ("ml", 8000, "/v1/predict?x=1")
    with_password = split_url("http://admin:s3cret@ml:8000/v1")
    assert with_password is not None
    assert (with_password.host, with_password.port, with_password.path) == ("ml", 8000, "/v1")
    assert _host_port("8080:80") == 8080
    assert _host_port("127.0.0.1:5432:5432/tcp") == 5432
    assert _host_port("3000") == 3000
    assert _host_port("${PORT}:80") is None
