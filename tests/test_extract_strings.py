"""Extraction of what URL reconstruction needs: strings built at run time (pieces), object
and list arguments, class bases and `seamcheck: calls` comments; facts survive a round trip."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import tree_sitter as ts
from hypothesis import given, settings
from hypothesis import strategies as st

from facts_helpers import facts_of, only_call_to
from seamcheck.extract.common import unknown_piece
from seamcheck.facts import MODULE_SCOPE, Arg, Binding, FileFacts, Piece, SeamHint


def lit(text: str) -> Piece:
    return Piece("lit", text)


def name(dotted: str, default: str | None = None) -> Piece:
    return Piece("name", dotted, default)


def env(variable: str, default: str | None = None) -> Piece:
    return Piece("env", variable, default)


def test_python_f_strings_format_percent_concatenation_and_env_lookups() -> None:
    facts = facts_of(
        "svc/client.py",
        """\
        import os
        HOST = os.getenv("CART_HOST", "cart")
        PORT = int(os.environ.get("CART_PORT", 3001))
        BASE = os.environ["BASE_URL"] or "http://localhost"
        URL = f"http://{HOST}:{PORT}/carts"

        def calls(cart_id, sku):
            requests.get("http://{}:{port}/carts/{}".format(HOST, cart_id, port=PORT))
            requests.get("http://%s/carts/%d?x=%%" % (HOST, cart_id))
            requests.get(BASE + "/carts/" + str(cart_id) + "/items/" + sku.upper())
        """,
    )
    assert facts.bindings[:4] == (
        Binding("HOST", "expr", "", MODULE_SCOPE, 2, (env("CART_HOST", "cart"),)),
        Binding("PORT", "expr", "", MODULE_SCOPE, 3, (env("CART_PORT", "3001"),)),
        Binding("BASE", "expr", "", MODULE_SCOPE, 4, (env("BASE_URL", "http://localhost"),)),
        Binding(
            "URL", "expr", "", MODULE_SCOPE, 5,
            (lit("http://"), name("HOST"), lit(":"), name("PORT"), lit("/carts")),
        ),
    )  # fmt: skip
    first, second, third = (c for c in facts.calls if c.callee == "requests.get")
    assert first.args[0].pieces == (
        lit("http://"), name("HOST"), lit(":"), name("PORT"), lit("/carts/"), name("cart_id"),
    )  # fmt: skip
    assert second.args[0].pieces == (
        lit("http://"), name("HOST"), lit("/carts/"), name("cart_id"), lit("?x=%"),
    )  # fmt: skip
    assert third.args[0].pieces == (
        name("BASE"), lit("/carts/"), name("cart_id"), lit("/items/"),
        Piece("unknown", "sku.upper()"),
    )  # fmt: skip


def test_a_python_format_field_of_digits_int_does_not_read_is_not_known() -> None:
    big = "9" * 5000
    facts = facts_of(
        "svc/client.py",
        f"""\
        requests.get("http://cart/{{\u00b2}}/items".format(cart_id))
        requests.get("http://cart/{{{big}}}/items".format(cart_id))
        """,
    )
    first, second = (c for c in facts.calls if c.callee == "requests.get")
    assert first.args[0].pieces == (
        lit("http://cart/"),
        Piece("unknown", "{\u00b2}"),
        lit("/items"),
    )
    assert second.args[0].pieces == (
        lit("http://cart/"),
        Piece("unknown", f"{{{big}}}"),
        lit("/items"),
    )


def test_python_keyword_lists_dicts_class_bases_and_hints() -> None:
    facts = facts_of(
        "svc/app.py",
        """\
        class Recs(recs_pb2_grpc.RecommenderServicer, metaclass=Meta):
            pass

        @app.route("/items", methods=["GET", "POST"])
        def items():
            # seamcheck: calls ml-service
            httpx.post(url, headers={"dapr-app-id": "orders"})
        """,
    )
    assert facts.definitions[0].bases == ("recs_pb2_grpc.RecommenderServicer",)
    assert only_call_to(facts, "app.route").args == (
        Arg("str", "/items"),
        Arg("list", keyword="methods", items=(Arg("str", "GET"), Arg("str", "POST"))),
    )
    assert only_call_to(facts, "httpx.post").args[1] == Arg(
        "object", keyword="headers", items=(Arg("str", "orders", "dapr-app-id"),)
    )
    assert facts.seam_hints == (SeamHint(6, "ml-service"),)


def test_javascript_templates_env_defaults_objects_and_new_url() -> None:
    facts = facts_of(
        "web/src/api.ts",
        """\
        const CART_URL = process.env.CART_URL ?? 'http://cart:3001';
        const PORT = Number(process.env['PORT'] || 8080);
        // seamcheck: calls cart
        const ml = axios.create({ baseURL: `${process.env.ML_URL}/v1`, timeout: 5_000 });
        export const get = (id: string) => fetch(`${CART_URL}/carts/${id}`, { method: 'GET' });
        export const ping = () => fetch(new URL('/healthz', CART_URL).toString());
        export const strip = (p: string) => p.replace(/^\\/api/, '');
        """,
    )
    assert facts.bindings[:2] == (
        Binding("CART_URL", "expr", "", MODULE_SCOPE, 1, (env("CART_URL", "http://cart:3001"),)),
        Binding("PORT", "expr", "", MODULE_SCOPE, 2, (env("PORT", "8080"),)),
    )
    assert only_call_to(facts, "axios.create").args == (
        Arg(
            "object",
            items=(
                Arg("expr", keyword="baseURL", pieces=(env("ML_URL"), lit("/v1"))),
                Arg("num", "5_000", "timeout"),
            ),
        ),
    )
    first, second = (c for c in facts.calls if c.callee == "fetch")
    assert first.args == (
        Arg("expr", pieces=(name("CART_URL"), lit("/carts/"), name("id"))),
        Arg("object", items=(Arg("str", "GET", "method"),)),
    )
    assert second.args == (Arg("expr", pieces=(name("CART_URL"), Piece("url"), lit("/healthz"))),)
    assert only_call_to(facts, "p.replace").args == (Arg("regex", "^\\/api"), Arg("str", ""))
    assert facts.seam_hints == (SeamHint(3, "cart"),)


def test_new_facts_survive_a_round_trip_through_dicts() -> None:
    facts = facts_of(
        "svc/app.py",
        """\
        class S(Base):
            url: str = f"http://{HOST}/x"

        # seamcheck: calls ml
        requests.post(URL, json={"a": [1, "b"]})
        """,
    )
    assert FileFacts.from_dict(facts.to_dict()) == facts


def test_javascript_vite_env_variables_are_environment_lookups() -> None:
    facts = facts_of(
        "web/src/api.ts",
        """\
        const API = import.meta.env.VITE_API_URL ?? 'http://localhost:3000';
        export const get = () => fetch(`${import.meta.env['VITE_API_URL']}/items`);
        """,
    )
    assert facts.bindings[0] == Binding(
        "API", "expr", "", MODULE_SCOPE, 1, (env("VITE_API_URL", "http://localhost:3000"),)
    )
    assert only_call_to(facts, "fetch").args == (
        Arg("expr", pieces=(env("VITE_API_URL"), lit("/items"))),
    )


# An expression's head: an indent that puts its first bytes' end among the first sixty or
# so characters it shows, then words, runs of whitespace (Unicode's too), characters of two
# to four bytes and bytes that are no UTF-8, so that a cut may fall inside any of them.
_HEAD_BYTES = st.builds(
    lambda indent, words: b" " * indent + b"".join(words),
    st.integers(min_value=380, max_value=520),
    st.lists(
        st.sampled_from(
            [
                b"a",
                b"fetch(",
                b" ",
                b"\n    ",
                b"\t",
                "\u00a0".encode(),
                "\u3000".encode(),
                "\u00e9".encode(),
                "\u20ac".encode(),
                "\U0001f600".encode(),
                b"\xff",
                b"\xe2\x82",
            ]
        ),
        min_size=20,
        max_size=1000,
    ),
)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(_HEAD_BYTES, st.integers(min_value=0, max_value=8))
def test_an_unknown_piece_shows_what_the_whole_head_of_its_expression_shows(
    data: bytes, start: int
) -> None:
    # `unknown_piece` reads a large expression's first bytes first: it must show what reading
    # its whole head (4 KB) shows, wherever that first read ends.
    node = cast(ts.Node, SimpleNamespace(start_byte=start, end_byte=len(data)))
    head = data[start : min(len(data), start + 4096)].decode("utf-8", "replace")
    assert unknown_piece(node, data) == Piece("unknown", " ".join(head.split())[:60])
