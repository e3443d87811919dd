"""The linker's route index (by segment count and first segment, catch-alls apart, one
landing per path) picks the same route and the same suggestions, in the same order, as
comparing every route."""

from __future__ import annotations

import random

import pytest

from seamcheck.seams.link import _MAX_SUGGESTIONS, Linker, _method_fits, _plausible
from seamcheck.seams.model import ANY, Link, Route, Where
from seamcheck.seams.paths import distance, is_param, matches, normalise, segments

_SEGMENTS = ("api", "v1", "items", "{id}", "users", "{name}", "tags", "user", "item", "v2")
_METHODS = ("GET", "POST", "DELETE", ANY)


def _every_route(
    routes: list[Route], method: str, path: str
) -> tuple[str, Route | None, tuple[Route, ...]]:
    """What linking did before the index: every route of the service, sorted."""
    normal = normalise(path)
    fitting = [r for r in routes if matches(normal, r.path) and _method_fits(method, r)]
    if fitting:
        # A route taking the call's unknown value as a parameter before one writing a word
        # there, then the fewest parameters; a catch-all only where no such route is as
        # specific up to where the catch-all starts (catch-alls compared segment by segment).
        def rank(r: Route) -> tuple[object, ...]:
            return (_guessed(normal, r.path), r.path.count("{"), r.method == ANY, r.path)

        plain = sorted((r for r in fitting if "{*}" not in r.path), key=rank)
        swallowing = sorted(
            (r for r in fitting if "{*}" in r.path),
            key=lambda r: (_guessed(normal, r.path), _kinds(r.path), rank(r)),
        )
        best = (plain or swallowing)[0]
        if plain and swallowing:
            catch_all = swallowing[0]
            start = _kinds(catch_all.path).index(2)
            takes = (_guessed(normal, best.path), _kinds(best.path)[:start]) <= (
                _guessed(normal, catch_all.path),
                _kinds(catch_all.path)[:start],
            )
            best = best if takes else catch_all
        return "linked", best, ()
    ranked = sorted(
        routes,
        key=lambda r: (
            distance(normal, r.path) + (0 if _method_fits(method, r) else 1),
            r.path,
            r.method,
        ),
    )
    # Of those, "did you mean" names the plausible ones (`_plausible`, tested on its own).
    have = segments(normal)
    return (
        "broken",
        None,
        tuple(r for r in ranked[:_MAX_SUGGESTIONS] if _plausible(method, have, r)),
    )


def _kinds(route: str) -> tuple[int, ...]:
    return tuple(2 if s == "{*}" else 1 if is_param(s) else 0 for s in segments(route))


def _guessed(normal: str, route: str) -> int:
    pairs = zip(segments(normal), segments(route), strict=False)
    return sum(1 for mine, theirs in pairs if is_param(mine) and not is_param(theirs))


def _path(rng: random.Random, most: int, roots: tuple[str, ...]) -> str:
    segments = [rng.choice(roots)] + [rng.choice(_SEGMENTS) for _ in range(rng.randint(0, most))]
    if len(segments) > 2 and rng.random() < 0.1:
        segments[-1] = "{*}"  # a catch-all swallows the rest of the path
    return "/" + "/".join(segments)


# Routes and calls starting with a written segment, or also with a parameter (`/{tenant}/...`,
# a call whose first segment is a value not known here).
_ROOTS = [
    (("api", "admin"), ("api", "admin", "web")),
    (("api", "{tenant}"), ("api", "{id}", "web")),
]


@pytest.mark.parametrize(("route_roots", "call_roots"), _ROOTS, ids=["written", "parameters"])
def test_indexed_landing_is_the_exhaustive_one(
    route_roots: tuple[str, ...], call_roots: tuple[str, ...]
) -> None:
    rng = random.Random(8)
    routes = [
        Route(
            "api",
            rng.choice(_METHODS),
            normalise(_path(rng, 3, route_roots)),
            "express",
            Where("a.ts", n),
        )
        for n in range(1, 120)
    ]
    # The linker's own order (analyse_seams sorts routes this way); duplicates included.
    routes.sort(key=lambda r: (r.service, r.path, r.method, r.where.path, r.where.line))
    linker = Linker(None, routes, frozenset(), {})  # type: ignore[arg-type]
    broken = linked = 0
    for _ in range(600):
        method = rng.choice(("", "GET", "POST", "PUT"))
        # Half the calls aim at a declared route (with values for its parameters), half
        # anywhere (mostly broken, with suggestions).
        aimed = rng.choice(routes).path.replace("{*}", "x/y").replace("{id}", "7")
        path = aimed if rng.random() < 0.5 else _path(rng, 4, call_roots).replace("{*}", "x")
        status, route, suggestions = _every_route(routes, method, path)
        expected = Link("api", method, normalise(path), status, route, suggestions=suggestions)
        assert linker._link("api", method, path) == expected, path
        broken += status == "broken"
        linked += status == "linked"
    assert broken > 50, broken  # both branches really compared
    assert linked > 50, linked
    assert linker._link("other", "GET", "/x") == Link("other", "GET", "/x", "no_routes")
