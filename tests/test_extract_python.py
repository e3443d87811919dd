"""Python extraction: each test feeds one small FastAPI-flavoured module to `extract` and
states exactly the records it yields. Lines and columns are 1-based; columns count characters.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from facts_helpers import (
    REPEATS,
    callees,
    definitions_by_qualname,
    facts_of,
    imports_by_module,
    names,
    only_call_to,
    qualnames,
    same_name,
)
from seamcheck.extract import extract
from seamcheck.facts import (
    ASSIGNED_NONE,
    AWAITED,
    BRANCHED,
    ENTRY_OF,
    GETTER,
    GLOBAL_WRITE,
    MODULE_SCOPE,
    RETURNED,
    STORED_IN,
    YIELDED,
    Arg,
    Binding,
    Definition,
    FileFacts,
    Import,
    Piece,
    Span,
    SyntaxProblem,
    call_at,
    call_result,
)

PATH = "app/api/users.py"


def python_facts(source: str) -> FileFacts:
    """Facts of `source` (dedented, so snippets can be indented like the test around them)."""
    return facts_of(PATH, source)


# -- imports -------------------------------------------------------------------------------


def test_import_binds_the_dotted_module_itself_with_no_names() -> None:
    facts = python_facts(
        """\
        import os.path
        import json, logging
        """
    )

    assert facts.imports == (
        Import("os.path", "static", Span(1, 1, 1, 15)),
        Import("json", "static", Span(2, 1, 2, 21)),
        Import("logging", "static", Span(2, 1, 2, 21)),
    )


def test_import_as_records_the_alias() -> None:
    facts = python_facts("import numpy as np\n")

    assert facts.imports == (Import("numpy", "static", Span(1, 1, 1, 19), alias="np"),)


def test_from_import_records_each_name_with_the_alias_it_is_bound_as() -> None:
    facts = python_facts("from fastapi import APIRouter, Depends as D\n")

    assert facts.imports == (
        Import(
            "fastapi",
            "static",
            Span(1, 1, 1, 44),
            names=names(("APIRouter", "APIRouter"), ("Depends", "D")),
        ),
    )


def test_relative_imports_keep_their_leading_dots() -> None:
    facts = python_facts(
        """\
        from . import schemas
        from ..core.db import get_session
        from .deps import (
            current_user,
            settings as app_settings,
        )
        """
    )

    assert facts.imports == (
        Import(".", "static", Span(1, 1, 1, 22), names=same_name("schemas")),
        Import("..core.db", "static", Span(2, 1, 2, 34), names=same_name("get_session")),
        Import(
            ".deps",
            "static",
            Span(3, 1, 6, 2),
            names=names(("current_user", "current_user"), ("settings", "app_settings")),
        ),
    )


def test_wildcard_import_binds_star() -> None:
    facts = python_facts("from .models import *\n")

    assert facts.imports == (
        Import(".models", "static", Span(1, 1, 1, 22), names=names(("*", "*"))),
    )


@pytest.mark.parametrize("condition", ["TYPE_CHECKING", "typing.TYPE_CHECKING"])
def test_imports_under_type_checking_are_type_checking_and_its_else_branch_is_static(
    condition: str,
) -> None:
    facts = python_facts(
        f"""\
        import typing
        from typing import TYPE_CHECKING

        if {condition}:
            from app.models import User
            import app.schemas as schemas
        else:
            from app.compat import User
        """
    )

    assert [(i.module, i.kind) for i in facts.imports] == [
        ("typing", "static"),
        ("typing", "static"),
        ("app.models", "type_checking"),
        ("app.schemas", "type_checking"),
        ("app.compat", "static"),
    ]
    assert imports_by_module(facts)["app.schemas"] == [
        Import("app.schemas", "type_checking", Span(6, 5, 6, 34), alias="schemas")
    ]
    assert {i.scope for i in facts.imports} == {MODULE_SCOPE}


def test_import_inside_a_function_is_lazy_and_scoped_to_that_function() -> None:
    facts = python_facts(
        """\
        import httpx

        def train(payload):
            import torch
            return torch.tensor(payload)

        class Predictor:
            def load(self):
                from transformers import pipeline as make_pipeline
                return make_pipeline("sentiment-analysis")
        """
    )

    assert facts.imports == (
        Import("httpx", "static", Span(1, 1, 1, 13)),
        Import("torch", "lazy", Span(4, 5, 4, 17), scope="train"),
        Import(
            "transformers",
            "lazy",
            Span(9, 9, 9, 59),
            names=names(("pipeline", "make_pipeline")),
            scope="Predictor.load",
        ),
    )


def test_type_checking_wins_over_lazy_inside_a_function() -> None:
    facts = python_facts(
        """\
        def handler():
            if TYPE_CHECKING:
                from app.models import User
        """
    )

    assert facts.imports == (
        Import(
            "app.models",
            "type_checking",
            Span(3, 9, 3, 36),
            names=same_name("User"),
            scope="handler",
        ),
    )


def test_import_in_a_module_level_class_body_is_static() -> None:
    facts = python_facts(
        """\
        class Settings:
            from pydantic import BaseSettings
        """
    )

    (imp,) = facts.imports
    assert imp.kind == "static"


def test_importlib_and_dunder_import_with_a_literal_are_importlib_imports_not_calls() -> None:
    facts = python_facts(
        """\
        import importlib

        backend = importlib.import_module("app.backends.redis")

        def load_plugin():
            return __import__("plugins.csv")
        """
    )

    assert facts.imports == (
        Import("importlib", "static", Span(1, 1, 1, 17)),
        Import("app.backends.redis", "importlib", Span(3, 11, 3, 56)),
        Import("plugins.csv", "importlib", Span(6, 12, 6, 37), scope="load_plugin"),
    )
    assert facts.calls == ()


def test_a_relative_importlib_name_is_resolved_against_a_literal_package() -> None:
    facts = python_facts(
        """\
        import importlib

        models = importlib.import_module("..models", package="app.api")
        views = importlib.import_module(".views", __package__)
        tasks = importlib.import_module(".tasks", package=app_config.name)
        """
    )

    assert facts.imports == (
        Import("importlib", "static", Span(1, 1, 1, 17)),
        Import("app.models", "importlib", Span(3, 10, 3, 64)),
        # Relative to this very module: left for resolution, which knows the file's package.
        Import(".views", "importlib", Span(4, 9, 4, 55)),
    )
    # A package only known at run time makes the target unknowable: a plain call.
    assert facts.calls == (
        call_at(
            "importlib.import_module",
            MODULE_SCOPE,
            Span(5, 9, 5, 67),
            args=(Arg("str", ".tasks"), Arg("name", "app_config.name", "package")),
        ),
    )


def test_importlib_with_a_computed_argument_is_a_call_not_an_import() -> None:
    facts = python_facts(
        """\
        import importlib

        def load(name):
            importlib.import_module(name)
            importlib.import_module(f"plugins.{name}")
        """
    )

    assert [i.module for i in facts.imports] == ["importlib"]
    assert facts.calls == (
        call_at("importlib.import_module", "load", Span(4, 5, 4, 34), args=(Arg("name", "name"),)),
        call_at(
            "importlib.import_module",
            "load",
            Span(5, 5, 5, 47),
            args=(Arg("expr", pieces=(Piece("lit", "plugins."), Piece("name", "name"))),),
        ),
    )


# -- definitions ---------------------------------------------------------------------------


def test_functions_async_functions_classes_and_methods() -> None:
    facts = python_facts(
        """\
        def health():
            return {"ok": True}

        async def list_users(db):
            return await db.fetch_all()

        class UserService:
            def __init__(self, db):
                self.db = db

            async def get(self, user_id):
                return await self.db.get(user_id)
        """
    )

    assert facts.definitions == (
        Definition("health", "function", False, Span(1, 1, 2, 24)),
        Definition(
            "list_users",
            "function",
            True,
            Span(4, 1, 5, 32),
            params=("db",),
            suspends=Span(5, 32, 5, 32),
        ),
        Definition("UserService", "class", False, Span(7, 1, 12, 42)),
        Definition(
            "UserService.__init__", "method", False, Span(8, 5, 9, 21), params=("self", "db")
        ),
        Definition(
            "UserService.get",
            "method",
            True,
            Span(11, 5, 12, 42),
            params=("self", "user_id"),
            suspends=Span(12, 42, 12, 42),
        ),
    )


def test_where_an_async_function_may_first_suspend() -> None:
    facts = python_facts(
        """        async def script():
            data = open("ids.json").read()
            for i in data:
                print(i)
                await send(i)

        async def session():
            async with client() as c, other() as o:
                pass

        async def rows():
            async for row in query(table()):
                pass

        async def awaited_manager():
            async with await connect(read_config()) as c:
                pass

        async def never():
            def later():
                return 1
            return later
        """
    )
    # The loop, not the await in it: its next turn runs after the await. An `async with` or
    # `async for` first evaluates its first context manager or its iterable (`client()`,
    # `query(table())`), then awaits: past that expression, or past an await in it.
    assert [(d.qualname, d.suspends) for d in facts.definitions] == [
        ("script", Span(3, 5, 5, 22)),
        ("session", Span(8, 24, 8, 24)),
        ("rows", Span(12, 36, 12, 36)),
        ("awaited_manager", Span(16, 44, 16, 44)),
        ("never", None),
        ("never.later", None),
    ]


def test_nested_functions_and_classes_are_qualified_by_their_parents() -> None:
    facts = python_facts(
        """\
        def make_app():
            def startup():
                pass

            class Config:
                def load(self):
                    def parse():
                        pass
            return startup
        """
    )

    assert qualnames(facts) == [
        "make_app",
        "make_app.startup",
        "make_app.Config",
        "make_app.Config.load",
        "make_app.Config.load.parse",
    ]
    definitions = definitions_by_qualname(facts)
    assert definitions["make_app.startup"].kind == "function"
    assert definitions["make_app.Config"].kind == "class"
    assert definitions["make_app.Config.load"].kind == "method"
    # A function inside a method is a plain function, not a method.
    assert definitions["make_app.Config.load.parse"].kind == "function"


def test_lambdas_are_named_by_their_line_and_column() -> None:
    facts = python_facts(
        """\
        by_name = lambda user: user.name

        def sort_users(users):
            return sorted(users, key=lambda u: u.id)
        """
    )

    assert facts.definitions == (
        Definition("<lambda@1:11>", "lambda", False, Span(1, 11, 1, 33), params=("user",)),
        Definition("sort_users", "function", False, Span(3, 1, 4, 45), params=("users",)),
        Definition("sort_users.<lambda@4:30>", "lambda", False, Span(4, 30, 4, 44), params=("u",)),
    )


def test_decorators_are_listed_by_dotted_callee_and_the_span_starts_at_def() -> None:
    facts = python_facts(
        """\
        @router.post("/users", status_code=201)
        @requires_auth
        async def create_user(payload):
            pass

        @dataclass(frozen=True)
        class UserOut:
            @staticmethod
            def example():
                pass

        def retry(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return fn(*args)
            return wrapper
        """
    )

    assert facts.definitions == (
        Definition(
            "create_user",
            "function",
            True,
            Span(3, 1, 4, 9),
            decorators=("router.post", "requires_auth"),
            params=("payload",),
        ),
        Definition("UserOut", "class", False, Span(7, 1, 10, 13), decorators=("dataclass",)),
        Definition(
            "UserOut.example", "method", False, Span(9, 5, 10, 13), decorators=("staticmethod",)
        ),
        Definition("retry", "function", False, Span(12, 1, 16, 19), params=("fn",)),
        Definition(
            "retry.wrapper",
            "function",
            False,
            Span(14, 5, 15, 25),
            decorators=("functools.wraps",),
            params=("*",),
        ),
    )


def test_parameters_are_listed_as_callers_fill_them() -> None:
    facts = python_facts(
        """\
        class Client:
            def get(self, path, /, query: dict | None = None, *args: str, timeout, **kw):
                pass

        def send(method, path, payload=None, *, retries=2):
            pass

        def normalised(path, prefix):
            path = path.lstrip("/")
            prefix += "/"
            return f"{prefix}{path}"

        def loops(paths, item, chunk):
            for item in paths:
                pass
            with open(paths) as chunk:
                pass
            if (n := len(paths)) > 1:
                pass
        """
    )

    params = {d.qualname: d.params for d in facts.definitions}
    assert params["Client.get"] == ("self", "path", "/", "query=", "*", "timeout", "**")
    assert params["send"] == ("method", "path", "payload=", "*", "retries=")
    # Assigned again in the body: no longer what the caller gave, so left unnamed.
    assert params["normalised"] == ("", "")
    assert params["loops"] == ("paths", "", "")


def test_default_values_of_parameters_are_kept_as_arguments() -> None:
    facts = python_facts(
        """\
        import os

        class ModelClient:
            def __init__(self, base_url: str = os.environ.get("MODEL_URL", "http://m"), *, n=2):
                self.base_url = base_url
                self.session = None if n else 1
                self.base_url += "/v2"
        """
    )

    init = next(d for d in facts.definitions if d.qualname == "ModelClient.__init__")
    assert init.defaults == (
        Arg("expr", keyword="base_url", pieces=(Piece("env", "MODEL_URL", "http://m"),)),
        Arg("num", "2", "n"),
    )
    # Set to a value not known here, or changed by `+=`: a `local` binding of the attribute.
    assert [b for b in facts.bindings if b.scope == "ModelClient.__init__"] == [
        Binding("self.base_url", "name", "base_url", "ModelClient.__init__", 5),
        Binding("self.session", "local", "", "ModelClient.__init__", 6),
        Binding("self.base_url", "local", "", "ModelClient.__init__", 7),
    ]


def test_spread_arguments_are_marked_and_comments_are_no_arguments() -> None:
    facts = python_facts(
        """\
        call(  # the route
            *parts, "/x", **options)
        """
    )

    assert only_call_to(facts, "call").args == (
        Arg("other", "*", pieces=(Piece("name", "parts"),)),
        Arg("str", "/x"),
        Arg("other", "**", pieces=(Piece("name", "options"),)),
    )


def test_generator_functions_are_flagged() -> None:
    facts = python_facts(
        """\
        def stream_rows(cursor):
            yield from cursor

        async def events(queue):
            while True:
                yield await queue.get()

        def fetch_all(cursor):
            return list(cursor)
        """
    )

    flags = {d.qualname: d.is_generator for d in facts.definitions}
    assert flags == {"stream_rows": True, "events": True, "fetch_all": False}


def test_qualnames_are_unique_even_for_a_property_and_its_setter() -> None:
    facts = python_facts(
        """\
        class User:
            @property
            def email(self):
                return self._email

            @email.setter
            def email(self, value):
                self._email = value.lower()
        """
    )

    assert qualnames(facts) == ["User", "User.email", "User.email.setter"]


def test_lambda_name_uses_the_same_character_column_as_its_span() -> None:
    facts = python_facts('handlers = {"café": lambda req: req.json()}\n')

    (lam,) = facts.definitions
    assert lam.span.column == 21
    assert lam.qualname == "<lambda@1:21>"


# -- calls ---------------------------------------------------------------------------------


def test_callees_are_dotted_as_written_and_chained_calls_keep_their_parentheses() -> None:
    facts = python_facts(
        """\
        class MLClient:
            def predict(self, features):
                return self.client.get("/predict", params=features)

        def ping():
            return requests.Session().get("http://ml:8000/ping")
        """
    )

    assert callees(facts) == ["self.client.get", "requests.Session", "requests.Session().get"]
    assert only_call_to(facts, "requests.Session") == call_at(
        "requests.Session", "ping", Span(6, 12, 6, 30)
    )
    assert only_call_to(facts, "requests.Session().get") == call_at(
        "requests.Session().get",
        "ping",
        Span(6, 12, 6, 57),
        args=(Arg("str", "http://ml:8000/ping"),),
    )


def test_a_call_is_scoped_to_its_innermost_definition() -> None:
    facts = python_facts(
        """\
        configure_logging()

        class Worker:
            queue = make_queue()

            def run(self):
                def step():
                    process()
                self.loop(lambda: tick())
        """
    )

    scopes = {c.callee: c.scope for c in facts.calls}
    assert scopes == {
        "configure_logging": MODULE_SCOPE,
        "make_queue": "Worker",
        "process": "Worker.run.step",
        "self.loop": "Worker.run",
        "tick": "Worker.run.<lambda@9:19>",
    }


def test_only_the_awaited_call_is_awaited() -> None:
    facts = python_facts(
        """\
        async def create_order(client, order):
            response = await client.post(build_url("/orders"), json=order.dict())
            results = await asyncio.gather(notify(order), audit(order))
            return response.json()
        """
    )

    awaited = {c.callee: c.awaited for c in facts.calls}
    assert awaited == {
        "client.post": True,
        "build_url": False,
        "order.dict": False,
        "asyncio.gather": True,
        "notify": False,
        "audit": False,
        "response.json": False,
    }


def test_arguments_are_classified_with_their_keywords() -> None:
    facts = python_facts(
        """\
        def sync_users(user_id):
            httpx.post(
                "http://users:8000/sync",
                f"http://users:8000/{user_id}",
                user_id,
                settings.timeout,
                3,
                0.5,
                key=lambda u: u.id,
                headers={"x": "1"},
                retries=2,
            )
        """
    )

    assert only_call_to(facts, "httpx.post").args == (
        Arg("str", "http://users:8000/sync"),
        Arg("expr", pieces=(Piece("lit", "http://users:8000/"), Piece("name", "user_id"))),
        Arg("name", "user_id"),
        Arg("name", "settings.timeout"),
        Arg("num", "3"),
        Arg("num", "0.5"),
        Arg("func", "sync_users.<lambda@9:13>", keyword="key"),
        Arg("object", keyword="headers", items=(Arg("str", "1", "x"),)),
    )


def test_decorator_calls_name_the_definition_they_decorate() -> None:
    facts = python_facts(
        """\
        router = APIRouter(prefix="/users")

        @router.get("/{user_id}")
        async def read_user(user_id: int):
            return await repo.get(user_id)

        class Jobs:
            @scheduler.every(60)
            @staticmethod
            def cleanup():
                pass
        """
    )

    assert facts.calls == (
        call_at(
            "APIRouter", MODULE_SCOPE, Span(1, 10, 1, 36), args=(Arg("str", "/users", "prefix"),)
        ),
        call_at(
            "router.get",
            MODULE_SCOPE,
            Span(3, 2, 3, 26),
            args=(Arg("str", "/{user_id}"),),
            decorates="read_user",
        ),
        call_at(
            "repo.get",
            "read_user",
            Span(5, 18, 5, 35),
            flags=AWAITED,
            args=(Arg("name", "user_id"),),
        ),
        call_at(
            "scheduler.every",
            "Jobs",
            Span(8, 6, 8, 25),
            args=(Arg("num", "60"),),
            decorates="Jobs.cleanup",
        ),
    )


def test_calls_are_listed_in_source_order_outer_before_inner_on_the_same_start() -> None:
    facts = python_facts(
        """\
        def report(rows):
            save(render(rows), path=make_path())
            log.info("done")
        """
    )

    assert [(c.callee, c.span.line, c.span.column) for c in facts.calls] == [
        ("save", 2, 5),
        ("render", 2, 10),
        ("make_path", 2, 29),
        ("log.info", 3, 5),
    ]


def test_string_arguments_have_their_escape_sequences_decoded() -> None:
    facts = python_facts('log.write("id\\tname\\n")\n')

    assert only_call_to(facts, "log.write").args == (Arg("str", "id\tname\n"),)


# -- bindings ------------------------------------------------------------------------------


def test_assignments_and_with_targets_bind_calls_names_and_strings() -> None:
    facts = python_facts(
        """\
        URL = "http://ml:8000"
        session = requests.Session()
        timeout = settings.http.timeout

        class MLClient:
            def __init__(self):
                self.session = httpx.Client(base_url=URL)

        async def predict(features):
            async with httpx.AsyncClient() as client:
                return await client.post(URL, json=features)

        def download(path):
            with httpx.Client() as c:
                c.get(path)
        """
    )

    assert facts.bindings == (
        Binding("URL", "str", "http://ml:8000", MODULE_SCOPE, 1),
        Binding("session", "call", "requests.Session", MODULE_SCOPE, 2),
        Binding("timeout", "name", "settings.http.timeout", MODULE_SCOPE, 3),
        Binding("self.session", "call", "httpx.Client", "MLClient.__init__", 7),
        Binding("client", "call", "httpx.AsyncClient", "predict", 10),
        Binding("c", "call", "httpx.Client", "download", 14),
    )


def test_a_name_or_a_made_default_binds_what_the_default_makes() -> None:
    """`client or boto3.client("s3")` holds a boto3 client; `url or os.getenv("ML_URL")`
    and `url or "http://ml"` stay read as the name given, which the URL is when handed in."""
    data = textwrap.dedent(
        """\
        class Store:
            def __init__(self, client=None, url=None, base=None, pool=None):
                self.client = client or boto3.client("s3")
                self.url = url or os.getenv("ML_URL")
                self.base = base or "http://ml:8000"
                self.pool = pool or make_pool() or Pool()
        """
    ).encode()
    held = {
        b.target: (b.kind, b.value, [(p.kind, p.value) for p in b.pieces])
        for b in extract(PATH, data, "python").bindings
        if b.target.startswith("self.")
    }
    assert held == {
        # The name's pieces stay: the string it holds is the one handed in.
        "self.client": ("call", "boto3.client", [("name", "client")]),
        "self.url": ("expr", "", [("name", "url")]),
        "self.base": ("expr", "", [("name", "base")]),
        "self.pool": ("expr", "", [("name", "pool")]),  # a chain of defaults: not guessed
    }


def test_bindings_on_one_line_are_always_in_source_order() -> None:
    data = textwrap.dedent(
        """\
        URL = "http://ml:8000"
        session = requests.Session()
        timeout = settings.http.timeout

        class MLClient:
            def __init__(self):
                self.session = httpx.Client(base_url=URL)

        async def predict(features):
            async with httpx.AsyncClient() as client:
                return await client.post(URL, json=features)

        def download(path):
            with open(path) as fh, httpx.Client() as c:
                pass
        """
    ).encode()

    orders = {
        tuple(b.target for b in extract(PATH, data, "python").bindings if b.line == 14)
        for _ in range(REPEATS)
    }

    assert orders == {("fh", "c")}


def test_annotated_assignments_and_lambdas_bind_too() -> None:
    facts = python_facts(
        """\
        client: httpx.Client = httpx.Client()
        normalize = lambda s: s.strip()
        """
    )

    assert facts.bindings == (
        Binding("client", "call", "httpx.Client", MODULE_SCOPE, 1),
        Binding("normalize", "func", "<lambda@2:13>", MODULE_SCOPE, 2),
    )


def test_an_annotated_assignment_keeps_its_class_beside_its_value() -> None:
    facts = python_facts(
        """\
        async def score(request: Request):
            client: httpx.AsyncClient = request.app.state.client
            other: httpx.AsyncClient | None = await make_client()
            made: httpx.AsyncClient = make_client()
            url: str = request.url
            same: httpx.Client = httpx.Client()
        """
    )

    assert [b for b in facts.bindings if b.line > 1] == [
        Binding("client", "name", "request.app.state.client", "score", 2, annotation=ANNOTATED),
        Binding("other", "typed", ANNOTATED, "score", 3, annotation=ANNOTATED),
        Binding("made", "call", "make_client", "score", 4, annotation=ANNOTATED),
        Binding("url", "name", "request.url", "score", 5),
        Binding("same", "call", "httpx.Client", "score", 6),
    ]


ANNOTATED = "httpx.AsyncClient"


def test_what_a_dependency_returns_or_yields_binds_for_it() -> None:
    facts = python_facts(
        """\
        def get_model(request):
            return request.app.state.model


        async def get_scoped():
            async with httpx.AsyncClient() as client:
                yield client


        @asynccontextmanager
        async def lifespan(app):
            async with httpx.AsyncClient() as client:
                yield {"client": client}


        def numbers():
            yield 1
            yield 2


        def delegating():
            yield from numbers()
        """
    )

    assert [b for b in facts.bindings if b.target in (RETURNED, YIELDED)] == [
        Binding(RETURNED, "name", "request.app.state.model", "get_model", 2),
        Binding(YIELDED, "name", "client", "get_scoped", 7),
        Binding(YIELDED, "object", "", "lifespan", 13, items=(Arg("name", "client", "client"),)),
    ]


def test_a_returned_path_join_binds_the_object_it_joins_to() -> None:
    # Chainlit's `files_dir` property: `return FILES_DIRECTORY / self.id`. The join's left
    # operand, past any number of joins, is what the function gives back a new one of. A
    # division looks the same here: the resolver finds no object behind a number.
    facts = python_facts(
        """\
        def files_dir(self):
            return FILES_DIRECTORY / self.id


        def cache_file(name):
            return Path(__file__).parent / "cache" / name


        def ratio(total, count):
            return total / 2
        """
    )

    assert [b for b in facts.bindings if b.target == RETURNED] == [
        Binding(RETURNED, "joined", "FILES_DIRECTORY", "files_dir", 2),
        Binding(RETURNED, "joined", "Path().parent", "cache_file", 6),
        Binding(RETURNED, "joined", "total", "ratio", 10),
    ]


def test_unpacking_subscripts_and_other_values_bind_nothing() -> None:
    facts = python_facts(
        """\
        host, port = parse_address()
        cache["users"] = load_users()
        """
    )

    assert facts.bindings == ()


# -- syntax errors and encodings -----------------------------------------------------------


def test_a_broken_function_still_yields_the_intact_parts_and_a_syntax_error() -> None:
    facts = python_facts(
        """\
        import httpx

        def ping():
            return httpx.get("http://ml:8000/ping")

        def predict(features):
            return features +

        @router.get("/health")
        def health():
            return httpx.get("http://ml:8000/health")
        """
    )

    assert facts.imports == (Import("httpx", "static", Span(1, 1, 1, 13)),)
    assert qualnames(facts) == ["ping", "predict", "health"]
    assert [(c.callee, c.scope, c.decorates) for c in facts.calls] == [
        ("httpx.get", "ping", None),
        ("router.get", MODULE_SCOPE, "health"),
        ("httpx.get", "health", None),
    ]
    assert facts.syntax_errors == (
        SyntaxProblem(Span(7, 5, 7, 22), "syntax error near 'return features +'"),
    )


def test_an_empty_file_has_no_facts() -> None:
    assert extract(PATH, b"", "python") == FileFacts(PATH, "python")


def test_a_byte_order_mark_does_not_shift_columns() -> None:
    data = b"\xef\xbb\xbfimport os\nx = os.getenv('HOME')\n"

    facts = extract(PATH, data, "python")

    assert facts.imports == (Import("os", "static", Span(1, 1, 1, 10)),)
    assert facts.calls == (
        call_at("os.getenv", MODULE_SCOPE, Span(2, 5, 2, 22), args=(Arg("str", "HOME"),)),
    )
    assert facts.syntax_errors == ()


def test_columns_count_characters_not_bytes() -> None:
    facts = python_facts('café = "été"; résumé = fetch("€")\n')

    assert facts.calls == (
        call_at("fetch", MODULE_SCOPE, Span(1, 24, 1, 34), args=(Arg("str", "€"),)),
    )
    assert set(facts.bindings) == {
        Binding("café", "str", "été", MODULE_SCOPE, 1),
        Binding("résumé", "call", "fetch", MODULE_SCOPE, 1),
    }


# -- determinism ---------------------------------------------------------------------------

RICH_MODULE = """\
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends

if TYPE_CHECKING:
    from app.models import User

router = APIRouter(prefix="/users")
ML_URL = "http://ml:8000"


class UserService:
    def __init__(self):
        self.http = httpx.AsyncClient(base_url=ML_URL)

    async def score(self, user: User) -> float:
        import numpy as np
        response = await self.http.post(f"/score/{user.id}", json=user.dict())
        return float(np.mean(response.json()["scores"]))


@router.get("/{user_id}/score", response_model=float)
async def read_score(user_id: int, service=Depends(UserService)):
    plugin = importlib.import_module("app.plugins.scoring")
    return sorted(await service.score(user_id), key=lambda s: -s)


def broken(:
    pass
"""


def test_extracting_the_same_bytes_repeatedly_gives_equal_facts() -> None:
    data = RICH_MODULE.encode()
    first = extract(PATH, data, "python")

    differing = [f for f in (extract(PATH, data, "python") for _ in range(REPEATS)) if f != first]
    assert differing == []


def test_facts_survive_a_round_trip_through_a_dict_and_json() -> None:
    facts = extract(PATH, RICH_MODULE.encode(), "python")
    # The sample exercises every record type, so the round trip covers each field.
    assert facts.imports and facts.definitions and facts.calls and facts.bindings
    assert facts.syntax_errors
    assert any(d.decorators for d in facts.definitions)
    assert any(c.args and c.args[0].keyword is None for c in facts.calls)

    assert FileFacts.from_dict(facts.to_dict()) == facts
    assert FileFacts.from_dict(json.loads(json.dumps(facts.to_dict()))) == facts


def test_a_path_joined_with_slash_keeps_the_object_it_started_from() -> None:
    facts = python_facts(
        """\
        marker = Path(directory) / "LATEST"
        deeper = marker / "a" / "b"
        ratio = count / 2
        """
    )

    assert facts.bindings == (
        Binding("marker", "call", "Path", MODULE_SCOPE, 1),
        Binding("deeper", "name", "marker", MODULE_SCOPE, 2),
        Binding("ratio", "name", "count", MODULE_SCOPE, 3),
    )


def test_a_call_made_on_a_path_join_is_named_from_the_path_it_joins() -> None:
    facts = python_facts(
        """\
        full = (root / name).resolve().absolute()
        (Path(d) / "a"
            / "b").read_text(encoding="utf8")
        (count / 2).is_integer()
        ("a" / b).exists()
        open("/tmp/x").read()
        """
    )

    # The resolver reads the join as the Path it starts from; messages show it as written.
    assert [(c.callee, c.written) for c in facts.calls] == [
        ("root.resolve", "(root / name).resolve"),
        ("root.resolve().absolute", "(root / name).resolve().absolute"),
        ("Path().read_text", '(Path(d) / "a" / "b").read_text'),
        ("Path", ""),
        ("count.is_integer", "(count / 2).is_integer"),
        ("open", ""),
        ("open().read", ""),
    ]
    assert facts.bindings[0] == Binding("full", "call", "root.resolve().absolute", MODULE_SCOPE, 1)


def test_classes_record_their_bases_as_written() -> None:
    facts = python_facts(
        """\
        class Store(base.Store, Mixin, metaclass=Meta):
            pass

        class Plain:
            pass
        """
    )

    assert [(d.qualname, d.bases) for d in facts.definitions] == [
        ("Store", ("base.Store", "Mixin")),
        ("Plain", ()),
    ]


def test_parameters_annotated_with_an_imported_class_are_typed_bindings() -> None:
    facts = facts_of(
        "svc/jobs.py",
        """\
        from typing import Optional

        import httpx
        from aiohttp import ClientSession


        async def run(
            client: httpx.AsyncClient,
            session: Optional[ClientSession] = None,
            sync: httpx.Client | None = None,
            count: int = 1,
            quoted: "httpx.Client" = None,
            *rest: httpx.Client,
        ):
            pass
        """,
    )
    # A built-in annotation and a splat bind nothing: only a class this module imports says
    # what a parameter's calls call. A quoted one (a forward reference) is the class too.
    assert [b for b in facts.bindings if b.scope == "run"] == [
        Binding("client", "typed", "httpx.AsyncClient", "run", 8),
        Binding("session", "typed", "ClientSession", "run", 9),
        Binding("sync", "typed", "httpx.Client", "run", 10),
        Binding("quoted", "typed", "httpx.Client", "run", 12),
    ]


def test_parameters_annotated_with_a_class_of_the_module_are_typed_bindings() -> None:
    """A dependency defined beside its route: `svc: Service = Depends(...)`, as Annotated,
    as a forward reference, and `self.repo = repo` in a constructor."""
    facts = facts_of(
        "svc/app.py",
        """\
        from typing import Annotated


        class Repo:
            pass


        class Service:
            def __init__(self, repo: "Repo"):
                self.repo = repo


        async def a(svc: Service = Depends(get), other: "list[Service]" = None):
            pass


        async def b(svc: Annotated["Service", Depends(get)], n: "Unknown"):
            pass
        """,
    )

    assert [b for b in facts.bindings if b.kind in ("typed", "name")] == [
        Binding("repo", "typed", "Repo", "Service.__init__", 9),
        Binding("self.repo", "name", "repo", "Service.__init__", 10),
        Binding("svc", "typed", "Service", "a", 13),
        Binding("svc", "typed", "Service", "b", 17),
    ]


def test_reading_a_property_of_the_own_class_is_a_getter_call() -> None:
    """`self.model` runs the getter of a property: a call fact marked `getter`. Not for a
    setter (`self.x = ...`), a deleter, a call (`self.model()` is a call fact already), an
    attribute that is no property, or `self` outside a method of the property's class."""
    facts = python_facts(
        """\
        import functools


        class Predictor:
            @functools.cached_property
            def model(self):
                return load()

            @property
            def labels(self):
                return self._labels

            @labels.setter
            def labels(self, value):
                self._labels = value

            def run(self, rows):
                self.labels = rows
                self.labels, other = rows, 1
                del self.labels
                scores = [self.model.score(r) for r in rows]
                later = lambda: self.labels
                return self.model(), self.path, scores, later


        class Other:
            def run(self):
                return self.model
        """
    )

    assert [(c.callee, c.scope, c.span.line, c.span.column) for c in facts.calls if c.getter] == [
        ("self.model", "Predictor.run", 21, 19),
        ("self.labels", "Predictor.run.<lambda@22:17>", 22, 25),
    ]


def test_a_property_read_is_its_whole_name_after_a_whole_self() -> None:
    """The reads are found in the class's text: `self.model` is one where `self` and the
    name are whole words (not `myself.model`, `self.models`, `self.model_id`), a name
    spelt with non-ASCII letters included; `self.self.model` reads `self.self`'s `model`,
    no property of this class."""
    facts = python_facts(
        """\
        class Predictor:
            @property
            def model(self):
                return load()

            @property
            def modèle(self):
                return load()

            def run(self, myself):
                a = myself.model, self.models, self.model_id, self.modèle
                return self.self.model, (self.model).x, self.model
        """
    )

    assert [(c.callee, c.span.line, c.span.column) for c in facts.calls if c.getter] == [
        ("self.modèle", 11, 55),
        ("self.model", 12, 34),
        ("self.model", 12, 49),
    ]


def test_attribute_reads_on_dict_entries_are_kept_for_the_resolver() -> None:
    """`db.size` after `db = self.databases[name]` (or `= dbs.get(name)`), `dbs.get(n).size`
    and `dbs[n].size` may read a property, which only the resolver can tell: they are
    `FileFacts.reads`, not calls. Not a call on an entry (a call fact already), an
    assignment of it, a read by a number, or a name its scope does not take from a dict.
    The name an entry is assigned to is bound as before (a value not known here), its entry
    apart (`ENTRY_OF`)."""
    facts = python_facts(
        """\
        class Explorer:
            async def table(self, name, n):
                db = self.databases[name]
                cached = self.dbs.get(name)
                db.size.bit_length()
                db.table_names()
                db.size = 0
                other.size
                return db.size, cached.hash, self.dbs.get(n).size, self.dbs[n].size, rows[0].size


        def other_scope(db):
            return db.size
        """
    )
    assert [(c.callee, c.scope, c.span.line, c.span.column, c.flags) for c in facts.reads] == [
        ("db.size", "Explorer.table", 5, 9, GETTER),
        ("db.size", "Explorer.table", 9, 16, GETTER),
        ("cached.hash", "Explorer.table", 9, 25, GETTER),
        ("self.dbs.get().size", "Explorer.table", 9, 38, GETTER),
        ("self.dbs[].size", "Explorer.table", 9, 60, GETTER),
    ]
    assert facts.reads[-1].shown == "self.dbs[n].size"
    assert FileFacts.from_dict(facts.to_dict()) == facts
    assert [b for b in facts.bindings if b.target.endswith("db")] == [
        Binding(ENTRY_OF + "db", "subscript", "self.databases", "Explorer.table", 3)
    ]


def test_an_attribute_a_module_assigns_in_a_branch_is_bound_as_branched_too() -> None:
    """An attribute a module assigns other than by a statement of its body itself (in an
    `if`, `try`, loop or `with`) may not be assigned when the module runs: bound as any
    assignment is, and besides to `BRANCHED` and its name. Not a name, nor an attribute a
    function assigns (its own statements may be in branches anyway)."""
    facts = python_facts(
        """\
        router.prefix = "/flows"
        if V2:
            router.prefix = "/v2"
            name = "v2"
        try:
            app.state.x = 1
        except ImportError:
            pass
        for r in routers:
            r.tags = ["x"]


        def configure():
            if V2:
                router.prefix = "/v3"
        """
    )
    assert [(b.target, b.kind, b.value, b.scope, b.line) for b in facts.bindings] == [
        ("router.prefix", "str", "/flows", MODULE_SCOPE, 1),
        ("router.prefix", "str", "/v2", MODULE_SCOPE, 3),
        (BRANCHED + "router.prefix", "local", "", MODULE_SCOPE, 3),
        ("name", "str", "v2", MODULE_SCOPE, 4),
        ("app.state.x", "expr", "", MODULE_SCOPE, 6),
        (BRANCHED + "app.state.x", "local", "", MODULE_SCOPE, 6),
        ("r.tags", "local", "", MODULE_SCOPE, 10),
        (BRANCHED + "r.tags", "local", "", MODULE_SCOPE, 10),
        ("router.prefix", "str", "/v3", "configure", 15),
    ]


def test_what_is_stored_in_an_entry_of_a_dict_is_bound_to_the_dict() -> None:
    """`self.caches[name] = Memory()` may put another class in a dict written out of one:
    the value is bound to `STORED_IN` and the dict's dotted name (a `local` when not known
    here); a store by a number (a list's) is not, nor one in a dict the file writes out
    with no entries (`result = {}`: nothing to say of its entries either way). A parameter
    named like a name the module assigns an entry of a dict to (`db`) is a `local` of its
    function, as for any name the module binds."""
    facts = python_facts(
        """\
        db = DATABASES["main"]


        class Explorer:
            def __init__(self):
                self.caches = {"main": Database("/srv/cache.db")}
                self.databases = {"main": Database("/srv/main.db")}
                self.loaded = {"main": Database("/srv/main.db")}
                self.replicas = [Database("/srv/replica.db")]

            def add(self, name, path, db):
                self.caches[name] = Memory()
                self.databases[name] = db
                self.loaded[name] = await load(path)
                self.replicas[0] = Database(path)
                result = {}
                result[name] = Memory()
        """
    )
    assert [
        (b.target, b.kind, b.value, b.scope, b.line)
        for b in facts.bindings
        if b.target.startswith((ENTRY_OF, STORED_IN)) or b.target == "db"
    ] == [
        (ENTRY_OF + "db", "subscript", "DATABASES", MODULE_SCOPE, 1),
        ("db", "local", "", "Explorer.add", 11),
        (STORED_IN + "self.caches", "call", "Memory", "Explorer.add", 12),
        (STORED_IN + "self.databases", "name", "db", "Explorer.add", 13),
        (STORED_IN + "self.loaded", "local", "", "Explorer.add", 14),
    ]


def test_a_global_a_function_sets_is_bound_as_that_function_reads_it() -> None:
    """A lazy getter's `global _client; _client = boto3.client("s3")` binds the module's
    `_client` (a `local`: its value reads `boto3`, which may be the function's own import)
    and `GLOBAL_WRITE` + `_client` in the function, to the call; `= None` is said apart."""
    facts = python_facts(
        """\
        _client = None


        def get_client():
            global _client
            if _client is None:
                import boto3

                _client = boto3.client("s3")
            return _client


        def reset():
            global _client
            _client = None
        """
    )
    assert [b for b in facts.bindings if "_client" in b.target] == [
        Binding("_client", "local", ASSIGNED_NONE, MODULE_SCOPE, 1),
        Binding("_client", "local", "", MODULE_SCOPE, 9),
        Binding(GLOBAL_WRITE + "_client", "call", "boto3.client", "get_client", 9),
        Binding("_client", "local", ASSIGNED_NONE, MODULE_SCOPE, 15),
    ]


def test_a_mapping_annotation_keeps_the_class_of_its_values() -> None:
    facts = python_facts(
        """\
        from .database import Database


        class Explorer:
            def __init__(self):
                self.databases: dict[str, Database] = {}
                self.names: dict[str, str] = {}
                self.loaded: typing.Mapping[str, Database] = load()
        """
    )
    assert [(b.target, b.kind, b.annotation) for b in facts.bindings] == [
        ("self.databases", "object", "dict[Database]"),
        ("self.names", "object", ""),
        ("self.loaded", "call", "dict[Database]"),
    ]


def test_a_star_item_of_a_list_is_a_spread_of_its_name() -> None:
    facts = python_facts(
        """\
        v2 = [*common, Route("/items", items)]
        app = Starlette(routes=[*routes, *api.extra, Mount("/v1", routes=routes)])
        """
    )
    [list_binding] = [b for b in facts.bindings if b.target == "v2"]
    assert list_binding == Binding(
        "v2",
        "list",
        "",
        MODULE_SCOPE,
        1,
        items=(Arg("spread", "common"), _result(1, 16)),
        end_line=1,
    )
    [listed] = only_call_to(facts, "Starlette").args
    assert listed.items[:2] == (Arg("spread", "routes"), Arg("spread", "api.extra"))


def test_a_list_keeps_its_items_and_marks_those_past_the_limit() -> None:
    """A list bound to a name keeps its items as a call's list argument does (Tornado's
    `handlers = [(r"/items", ItemHandler)]`); past the limit, one `more` item says that
    entries were not read, rather than the list seeming whole."""
    routes = ", ".join(f'(r"/r{n}", H{n})' for n in range(20))
    facts = python_facts(
        f"""\
        handlers = [
            (r"/items", ItemHandler),  # a comment is no item
            url(r"/users", UserHandler),
        ]
        app = Application([{routes}])
        """
    )
    [bound] = [b for b in facts.bindings if b.target == "handlers"]
    assert bound.items == (
        Arg("list", items=(Arg("str", "/items"), Arg("name", "ItemHandler"))),
        _result(3, 5),
    )
    [listed] = only_call_to(facts, "Application").args
    assert len(listed.items) == 17
    assert listed.items[-1] == Arg("more")


def _result(line: int, column: int) -> Arg:
    """The argument that is the result of the call written at `line`, `column`."""
    return call_result(Span(line, column, line, column), None)


def test_a_tuple_bound_to_a_name_keeps_its_items_and_a_loop_over_a_name_is_its_item() -> None:
    """Prefect's `API_ROUTERS = (api.flows.router, ...)`, included in a loop `for router in
    API_ROUTERS:`: the tuple is a list binding, the loop's variable an item of its name."""
    facts = python_facts(
        """\
        API_ROUTERS = (flows.router, runs.router)


        def create_app(app):
            for router in API_ROUTERS:
                app.include_router(router)
            for module in (flows, runs):
                app.include_router(module.router)
        """
    )
    assert [(b.target, b.kind, b.value, b.scope, b.items) for b in facts.bindings] == [
        ("API_ROUTERS", "list", "", MODULE_SCOPE, (Arg("name", "flows.router"),
                                                   Arg("name", "runs.router"))),
        ("router", "item", "API_ROUTERS", "create_app", ()),
        ("module", "item", "", "create_app", (Arg("name", "flows"), Arg("name", "runs"))),
    ]  # fmt: skip


def test_a_keywords_parameter_is_named_with_the_entries_its_body_changes() -> None:
    """What a function hands on with `**kwargs` is what its caller gave but for the entries
    it sets or deletes (Prefect's `kwargs["response_class"] = Response`); assigned again, or
    changed by a key that is no string, it says nothing of that."""
    facts = python_facts(
        """\
        class ServiceRouter(APIRouter):
            def __init__(self, *args, **kwargs: Any) -> None:
                kwargs.setdefault("route_class", Route)
                super().__init__(*args, **kwargs)

            def add_api_route(self, path, endpoint, **kwargs):
                kwargs["response_class"] = Response
                del kwargs["name"], other["x"]
                return super().add_api_route(path, endpoint, **kwargs)

            def again(self, **kwargs):
                kwargs = {"prefix": "/v1"}

            def keyed(self, **kwargs):
                def inner():
                    kwargs[key] += 1

            def plain(self, path):
                return path

            def maybe(self, versioned=False, **kwargs):
                prefix = kwargs.pop("prefix", "")
                if versioned:
                    kwargs.setdefault("tags", ["v2"])
                super().__init__(name=kwargs.pop("name", ""), **kwargs)

            def emptied(self, *stack, **kwargs):
                return stack.pop() if stack else kwargs.pop()
        """
    )
    # A `setdefault` or `pop` that is no statement of the body itself may or may not run
    # (`maybe`: the tags set only when versioned, the name taken out in the call handing the
    # rest on): it changes what is handed on as a subscript does.
    assert {d.qualname: d.keywords for d in facts.definitions if "." in d.qualname} == {
        "ServiceRouter.__init__": ("kwargs",),
        "ServiceRouter.add_api_route": ("kwargs", "name", "response_class"),
        "ServiceRouter.again": (),
        "ServiceRouter.keyed": (),
        "ServiceRouter.keyed.inner": (),
        "ServiceRouter.plain": (),
        "ServiceRouter.maybe": ("kwargs", "name", "tags"),
        "ServiceRouter.emptied": (),
    }


def test_a_memoising_function_returns_the_name_it_caches() -> None:
    """Prefect's `create_app`: `if key in APP_CACHE: return APP_CACHE[key]`, then
    `APP_CACHE[key] = app; return app` returns `app` each time; a cache filled otherwise
    too may hold anything."""
    facts = python_facts(
        """\
        APP_CACHE: dict = {}
        OTHER = {}


        def create_app(key):
            if key in APP_CACHE:
                return APP_CACHE[key]
            app = FastAPI()
            APP_CACHE[key] = app
            return app


        def create_other(key):
            if key in OTHER:
                return OTHER[key]
            app = FastAPI()
            OTHER[key] = app
            return app


        OTHER.update(legacy=Flask(__name__))
        """
    )
    returned = [(b.scope, b.kind, b.value) for b in facts.bindings if b.target == RETURNED]
    assert returned == [("create_app", "name", "app")]
