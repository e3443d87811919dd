"""Name binding: call sites resolved to qualified names and first-party definitions."""

from __future__ import annotations

from conftest import RepoFactory, analyse_repo, package_json
from seamcheck.analysis import Analysis


def calls_from(analysis: Analysis, function: str) -> dict[str, str]:
    """qualname (or first-party node id) of each call made by `function`, keyed by line:col."""
    return {
        f"{data['line']}:{data['column']}": data["qualname"]
        for _, _, data in analysis.graph.out_edges(function, data=True)
        if data["kind"] == "calls"
    }


def qualnames(analysis: Analysis, function: str) -> set[str]:
    return set(calls_from(analysis, function).values())


def unresolved_calls(analysis: Analysis, path: str) -> dict[str, str]:
    """The calls in `path` left unresolved (a local value's too): callee -> why."""
    return {
        c.call.callee: c.reason
        for c in analysis.resolution.calls
        if c.kind == "unresolved" and c.path == path
    }


def test_python_aliases_modules_and_methods(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/helpers.py": "def slow():\n    pass\n\nclass Store:\n    def save(self): pass\n",
            "svc/app/main.py": """
                from time import sleep as nap
                import numpy as np
                import os.path
                from app import helpers
                from app.helpers import Store
                import requests

                class Handler:
                    def __init__(self):
                        self.session = requests.Session()
                        self.store = Store()

                    async def handle(self):
                        nap(1)
                        np.zeros(3)
                        os.path.join("a", "b")
                        helpers.slow()
                        self.session.get("http://x")
                        self.store.save()
                        self.finish()
                        with open("f") as fh:
                            fh.read()

                    def finish(self):
                        s = requests.Session()
                        s.post("http://y")
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "svc/app/main.py::Handler.handle") == {
        "time.sleep",
        "numpy.zeros",
        "os.path.join",
        "svc/app/helpers.py::slow",
        "requests.Session().get",
        "svc/app/helpers.py::Store.save",
        "svc/app/main.py::Handler.finish",
        "open",
        "open().read",
    }
    assert qualnames(analysis, "svc/app/main.py::Handler.finish") == {
        "requests.Session",
        "requests.Session().post",
    }


def test_js_destructuring_namespaces_defaults_and_this(repo: RepoFactory) -> None:
    root = repo(
        {
            "gw/package.json": package_json("gw"),
            "gw/src/util.js": "function helper() {}\nmodule.exports = { helper };\n",
            "gw/src/fmt.ts": "export default function format() {}\nexport const pad = () => 1;\n",
            "gw/src/index.ts": """
                import * as fs from 'fs';
                import fsp from 'fs/promises';
                import format, { pad as p } from './fmt';
                const { readFileSync: rf } = require('node:fs');
                const util = require('./util');
                const { execSync } = require('child_process');

                export class Api {
                  async handle() {
                    rf('a');
                    fs.writeFileSync('b', 'c');
                    await fsp.readFile('d');
                    execSync('ls');
                    util.helper();
                    format();
                    p();
                    this.done();
                  }
                  done() {}
                }
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "gw/src/index.ts::Api.handle") == {
        "fs.readFileSync",
        "fs.writeFileSync",
        "fs/promises.readFile",
        "child_process.execSync",
        "gw/src/util.js::helper",
        "gw/src/fmt.ts::format",
        "gw/src/fmt.ts::pad",
        "gw/src/index.ts::Api.done",
    }


def test_reexports_through_a_workspace_package(repo: RepoFactory) -> None:
    root = repo(
        {
            "package.json": package_json("mono", workspaces=["packages/*", "apps/*"]),
            "packages/lib/package.json": package_json(
                "@m/lib", exports={".": {"types": "./src/index.ts", "import": "./dist/index.js"}}
            ),
            "packages/lib/src/index.ts": "export * from './money.js';\nexport { tax as vat } from './tax';\n",
            "packages/lib/src/money.ts": "export function cents(n: number) { return n * 100; }\n",
            "packages/lib/src/tax.ts": "export const tax = (n: number) => n;\n",
            "apps/api/package.json": package_json("@m/api"),
            "apps/api/main.ts": "import { cents, vat } from '@m/lib';\nexport function run() { cents(1); vat(2); }\n",
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "apps/api/main.ts::run") == {
        "packages/lib/src/money.ts::cents",
        "packages/lib/src/tax.ts::tax",
    }


def test_unresolved_calls_keep_their_reason(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/lib.py": "def present(): pass\n",
            "svc/app/main.py": "from app import lib\n\ndef f():\n    lib.absent()\n",
        }
    )
    analysis = analyse_repo(root)
    unresolved = [
        (u["specifier"], u["reason"])
        for u in analysis.graph.graph["unresolved"]
        if u["kind"] == "call"
    ]
    assert unresolved == [("lib.absent", "'absent' is not defined or exported by svc/app/lib.py")]


def test_a_callee_on_an_entry_of_a_calls_result_is_looked_up_in_each_file(
    repo: RepoFactory,
) -> None:
    """`getClient()['/items'].GET()` (`getClient()[].GET`) names its head `getClient()`, which
    no file binds, whatever binds `getClient`: what it reads is each file's own, not one
    answer kept for every file of the language (`NameResolver._unbound_outcomes`). Here
    `a.js` is handed `getClient`, `b.js` defines it."""
    root = repo(
        {
            "web/package.json": package_json("web", dependencies={"openapi-fetch": "0.13"}),
            "web/src/a.js": """
                export function show(getClient) {
                  return getClient()['/items'].GET()
                }
                """,
            "web/src/b.js": """
                import createClient from 'openapi-fetch'

                function getClient() {
                  return createClient({ baseUrl: '/api' })
                }

                export function show() {
                  return getClient()['/items'].GET()
                }
                """,
        }
    )
    analysis = analyse_repo(root)
    handed = "'getClient' is a parameter or a name this file does not define"
    assert unresolved_calls(analysis, "web/src/a.js") == {
        "getClient": handed,
        "getClient()[].GET": handed,
    }
    assert unresolved_calls(analysis, "web/src/b.js") == {
        "getClient()[].GET": "an entry of a external"
    }


def test_a_name_no_file_binds_is_a_builtin_of_its_own_language(repo: RepoFactory) -> None:
    """`print` and `fetch`, bound nowhere in either file: Python's builtin `print` is none of
    JavaScript's globals, `fetch` is no builtin of Python's. What such a callee calls is kept
    for the whole tree, but per language."""
    root = repo(
        {
            "api/requirements.txt": "",
            "api/app/__init__.py": "",
            "api/app/main.py": "def f(url):\n    print(url)\n    return fetch(url)\n",
            "web/package.json": package_json("web"),
            "web/src/main.js": "export function f(url) {\n  print(url)\n  return fetch(url)\n}\n",
        }
    )
    analysis = analyse_repo(root)
    kinds = {
        (c.path, c.call.callee): (c.kind, c.target)
        for c in analysis.resolution.calls
        if c.call.callee in ("print", "fetch")
    }
    assert kinds == {
        ("api/app/main.py", "print"): ("builtin", "ext:python:builtins"),
        ("api/app/main.py", "fetch"): ("unresolved", ""),
        ("web/src/main.js", "print"): ("unresolved", ""),
        ("web/src/main.js", "fetch"): ("builtin", "ext:js:globals"),
    }


def test_calls_on_a_loops_variable_over_a_parameter_count_as_local(repo: RepoFactory) -> None:
    """A loop over its function's parameter is bound for the route readers (`for r in
    routers:`); a call on its variable is still a local value's, counted, not listed as one
    seamcheck failed to resolve, as before such loops were bound; a loop over a module's
    list of names keeps its reason in the list."""
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/main.py": (
                "from app import lib\n\n"
                "HANDLERS = [lib.present]\n\n"
                "def check(app_configs):\n"
                "    for app_config in app_configs:\n"
                "        app_config.get_model('x')\n\n"
                "def each():\n"
                "    for handler in HANDLERS:\n"
                "        handler.run()\n"
            ),
            "svc/app/lib.py": "def present(): pass\n",
        }
    )
    analysis = analyse_repo(root)
    listed = [
        (u["specifier"], u["reason"])
        for u in analysis.graph.graph["unresolved"]
        if u["kind"] == "call"
    ]
    assert listed == [("handler.run", "'handler' is an item of HANDLERS")]
    assert analysis.graph.graph["unresolved_local_calls"] == 1
    assert unresolved_calls(analysis, "svc/app/main.py")["app_config.get_model"] == (
        "'app_config' is a parameter or a name this file does not define"
    )


def test_object_literal_members_commonjs_defaults_and_references(repo: RepoFactory) -> None:
    root = repo(
        {
            "gw/package.json": package_json("gw"),
            "gw/src/handlers.js": """
                const api = {
                  list(req, res) { return res.json([]); },
                  show: (req, res) => res.json({}),
                };
                function health(req, res) { res.end(); }
                module.exports = { api, health };
            """,
            "gw/src/app.mjs": """
                import handlers from './handlers.js';
                handlers.api.list();
                handlers.api.show();
                app.get('/health', handlers.health);
                app.get('/inline', (req, res) => res.end());
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "gw/src/app.mjs::<module>") == {
        "gw/src/handlers.js::api.list",
        "gw/src/handlers.js::api.show",
    }
    assert analysis.resolution is not None
    references = [(r.call.callee, r.index, r.target) for r in analysis.resolution.references]
    assert references == [
        ("app.get", 1, "gw/src/handlers.js::health"),
        ("app.get", 1, "gw/src/app.mjs::<anonymous@5:20>"),
    ]


def test_methods_are_found_on_first_party_base_classes(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/base.py": "class Base:\n    def load(self):\n        pass\n",
            "svc/app/child.py": """
                from app import base

                class Middle(base.Base):
                    pass

                class Child(Middle):
                    def run(self):
                        self.load()
                        self.missing()
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "svc/app/child.py::Child.run") == {"svc/app/base.py::Base.load"}


def test_a_js_factory_returns_what_its_only_return_makes_one_level(repo: RepoFactory) -> None:
    """Calling a JS function whose only `return` is a library call gives that call's
    result; factories returning what calling each other (or themselves) gives, and async
    ones, stay unresolved."""
    root = repo(
        {
            "web/package.json": package_json("web", dependencies={"axios": "1"}),
            "web/src/api.ts": """
                import axios from 'axios';

                export function makeApi(baseURL: string) {
                  return axios.create({ baseURL });
                }
                export async function later() {
                  return axios.create();
                }
                const g = cycle();
                export function cycle() { return g.make(); }
                export const ping = () => pong();
                export const pong = () => ping();

                export async function use() {
                  const api = makeApi('http://ml:8000');
                  (await later()).get('/e');
                  api.get('/a');
                  makeApi('http://ml:8000').post('/b');
                  g.get('/c');
                  ping().get('/d');
                }
            """,
        }
    )
    analysis = analyse_repo(root)
    assert sorted(qualnames(analysis, "web/src/api.ts::use")) == [
        "axios.create().get",
        "axios.create().post",
        "web/src/api.ts::later",
        "web/src/api.ts::makeApi",
        "web/src/api.ts::ping",
    ]
    assert analysis.resolution is not None
    unresolved = sorted(
        (r.call.callee, r.reason)
        for r in analysis.resolution.calls
        if r.call.callee in ("g.get", "ping().get", "later().get")
    )
    assert unresolved == [
        ("g.get", "result of calling 'cycle'"),
        ("later().get", "result of calling 'later'"),
        ("ping().get", "result of calling 'ping'"),
    ]


def test_python_star_imports_bring_public_names_or_those_all_lists(repo: RepoFactory) -> None:
    # Before: a name a star import brought resolved to nothing (or to the builtin it shadows).
    root = repo(
        {
            "ml/requirements.txt": "",
            "ml/ml/__init__.py": "",
            "ml/ml/io/__init__.py": '__all__ = ["wire"]\n',
            "ml/ml/io/disk.py": "def read_blob(p):\n    return open(p, 'rb').read()\n",
            "ml/ml/io/wire.py": "def fetch(u):\n    pass\n",
            "ml/ml/low.py": """
                import requests
                from .io import disk

                def load():
                    pass

                def _private():
                    pass

                def open(p):  # shadows the builtin for whoever star-imports low
                    pass

                client = requests.Session()
            """,
            "ml/ml/listed.py": """
                from .low import *

                __all__ = ["fetch_model"]
                __all__ += ("load",)

                def fetch_model():
                    pass

                def open(p):  # not listed: a star import of listed keeps the builtin
                    pass
            """,
            "ml/ml/first.py": "def warm():\n    pass\n",
            "ml/ml/second.py": "def warm():\n    pass\n",
            "ml/ml/cycle_a.py": "from .cycle_b import *\n\ndef from_a():\n    pass\n",
            "ml/ml/cycle_b.py": "from .cycle_a import *\n\ndef from_b():\n    pass\n",
            "ml/ml/api.py": """
                from .low import *
                from .first import *
                from .second import *
                from .cycle_a import *

                def direct():
                    load()
                    open("weights.bin")
                    client.get("http://registry")
                    disk.read_blob("x")
                    warm()
                    from_a()
                    from_b()
                    _private()
                    io.wire.fetch("u")
            """,
            "ml/ml/other.py": """
                from .io import *
                from .listed import *

                def through_all():
                    fetch_model()
                    load()
                    open("weights.bin")
                    wire.fetch("u")
                    disk.read_blob("x")
            """,
            "ml/ml/hidden.py": """
                from .low import *

                def shadowed(load, loaders):
                    load()
                    for open in loaders:
                        open("weights.bin")
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "ml/ml/api.py::direct") == {
        "ml/ml/low.py::load",
        "ml/ml/low.py::open",
        "requests.Session().get",
        "ml/ml/io/disk.py::read_blob",
        "ml/ml/second.py::warm",  # the last star import that brings a name binds it
        "ml/ml/cycle_a.py::from_a",
        "ml/ml/cycle_b.py::from_b",
    }
    # Not brought: a private name, and a submodule no module imports (`io` is no name here).
    assert set(unresolved_calls(analysis, "ml/ml/api.py")) == {"_private", "io.wire.fetch"}
    assert qualnames(analysis, "ml/ml/other.py::through_all") == {
        "ml/ml/listed.py::fetch_model",
        "ml/ml/low.py::load",  # listed, and listed has it from its own star import
        "open",  # the builtin: listed's `open` is not in its `__all__`
        "ml/ml/io/wire.py::fetch",  # a submodule `__all__` lists is imported by the star
    }
    # low brings `disk` to listed, but listed's `__all__` leaves it out.
    assert set(unresolved_calls(analysis, "ml/ml/other.py")) == {"disk.read_blob"}
    # A function's own names (parameters, loop targets) hide what a star import brings.
    assert qualnames(analysis, "ml/ml/hidden.py::shadowed") == set()
    assert set(unresolved_calls(analysis, "ml/ml/hidden.py")) == {"load", "open"}


def test_python_tuple_assignment_binds_each_target_to_its_own_value(repo: RepoFactory) -> None:
    # Before: `p1, p2 = Path("a"), Path("b")` bound nothing; p1.open() was unresolved.
    root = repo(
        {
            "svc/requirements.txt": "",
            "svc/app/__init__.py": "",
            "svc/app/main.py": """
                import httpx
                from pathlib import Path

                def make():
                    return httpx.Client(), 1

                def paths():
                    p1, p2 = Path("a"), Path("b")
                    (client, retries) = (httpx.Client(), 3)
                    [cfg, (url, conn)] = ["c", ("u", httpx.Client())]
                    p1.open()
                    p2.read_text()
                    client.get("http://x")
                    conn.post("http://y")
                    made, n = make()
                    made.get("http://z")
                    first, *rest = httpx.Client(), 1, 2
                    first.get("http://w")
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "svc/app/main.py::paths") == {
        "pathlib.Path",
        "pathlib.Path().open",
        "pathlib.Path().read_text",
        "httpx.Client",
        "httpx.Client().get",
        "httpx.Client().post",
        "svc/app/main.py::make",
    }
    # Which item of what make() returns is which, or where a starred target leaves the
    # others, is not known here.
    assert set(unresolved_calls(analysis, "svc/app/main.py")) == {"made.get", "first.get"}


def test_a_python_name_default_imported_from_a_library_is_its_attribute(
    repo: RepoFactory,
) -> None:
    """`from traitlets import default` binds traitlets' `default` decorator, and `from
    email.policy import default` a policy: only a JS import of `default` is the package's
    default export, which seamcheck takes for the package itself."""
    root = repo(
        {
            "svc/requirements.txt": "traitlets\n",
            "svc/app.py": """
                import email
                from email.policy import default
                from traitlets import default as trait_default

                def make():
                    trait_default("hub_prefix")
                    default.clone()
                    email.message_from_bytes(b"", policy=default)
            """,
            "web/package.json": package_json("web", dependencies={"axios": "^1"}),
            "web/src/api.js": """
                import axios from 'axios';

                export function load() {
                  axios.get('/x');
                }
            """,
        }
    )
    analysis = analyse_repo(root)
    assert qualnames(analysis, "svc/app.py::make") == {
        "traitlets.default",
        "email.policy.default.clone",
        "email.message_from_bytes",
    }
    assert qualnames(analysis, "web/src/api.js::load") == {"axios.get"}
