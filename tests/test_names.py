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
