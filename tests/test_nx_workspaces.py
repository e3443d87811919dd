"""Nx monorepos: apps and libs declared by a `project.json` (no package.json of their own; the
workspace's root package.json declares every dependency), libs imported through the `paths`
of `tsconfig.base.json`. Before, no project was a service: the whole repository was one
service named after the root package ("source"), so a call's caller, a cross-service import
and every placement rule were about that one service."""

from __future__ import annotations

import json

from conftest import RepoFactory, package_json
from seamcheck.config import Config
from seamcheck.project import discover
from seams_helpers import findings, links


def _project(name: str, project_type: str, executor: str = "") -> str:
    targets = {"build": {"executor": executor}} if executor else {}
    return json.dumps(
        {
            "name": name,
            "$schema": "../../node_modules/nx/schemas/project-schema.json",
            "sourceRoot": f"x/{name}/src",
            "projectType": project_type,
            "targets": targets,
        }
    )


NX_SHOP = {
    "nx.json": '{ "defaultBase": "main", "plugins": [] }',
    "package.json": package_json(
        "@shop/source",
        private=True,
        dependencies={"express": "^4.19.0", "axios": "^1.6.0", "react": "18.3.1"},
        devDependencies={"nx": "19.3.1", "@nx/vite": "19.3.1", "vite": "^5.0.0"},
    ),
    "tsconfig.base.json": json.dumps(
        {
            "compilerOptions": {
                "baseUrl": ".",
                "paths": {
                    "@shop/model-client": ["libs/model-client/src/index.ts"],
                    "@shop/gateway-internals": ["apps/gateway/src/internals.ts"],
                },
            }
        }
    ),
    "apps/gateway/project.json": _project("gateway", "application", "@nx/node:build"),
    "apps/gateway/tsconfig.json": '{ "extends": "../../tsconfig.base.json" }',
    "apps/gateway/src/main.ts": """\
        import express from "express";
        import { predict } from "@shop/model-client";

        const app = express();
        app.post("/api/predict", async (req, res) => res.json(await predict(req.body)));
        app.listen(3000);
        """,
    "apps/gateway/src/internals.ts": "export const SECRET_HEADER = 'x-internal';\n",
    "apps/web/project.json": _project("storefront", "application", "@nx/vite:build"),
    "apps/web/src/main.tsx": """\
        import { SECRET_HEADER } from "@shop/gateway-internals";
        export const header = SECRET_HEADER;
        """,
    "libs/model-client/project.json": _project("model-client", "library"),
    "libs/model-client/src/index.ts": """\
        import axios from "axios";
        const MODEL_URL = "http://model:8000";
        export async function predict(body: unknown) {
          const res = await axios.post(`${MODEL_URL}/v1/predict`, body);
          return res.data;
        }
        export async function explain(body: unknown) {
          const res = await axios.post(`${MODEL_URL}/v1/explian`, body);
          return res.data;
        }
        """,
    # A Python project of the workspace (Nx's @nxlv/python): a Python service still.
    "apps/model/project.json": _project("model", "application"),
    "apps/model/pyproject.toml": '[project]\nname = "model"\ndependencies = ["fastapi"]\n',
    "apps/model/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/v1/predict")
        def predict(body: dict) -> dict:
            return body

        @app.post("/v1/explain")
        def explain(body: dict) -> dict:
            return body
        """,
    "docker-compose.yml": """\
        services:
          model:
            build: ./apps/model
            expose: ["8000"]
        """,
}


def test_each_nx_project_is_a_service_named_by_its_project_json(repo: RepoFactory) -> None:
    root = repo(NX_SHOP)
    services = {s.name: (s.root, s.language, s.tags) for s in discover(root, Config()).services}
    # Before: {"model": ..., "source": (".", "typescript", ())}.
    assert services == {
        "gateway": ("apps/gateway", "typescript", ("workspace",)),
        "model": ("apps/model", "python", ("workspace",)),
        "model-client": ("libs/model-client", "typescript", ("library", "workspace")),
        "storefront": ("apps/web", "typescript", ("browser", "workspace")),
    }


def test_nx_projects_are_the_callers_and_the_seams_between_them_are_checked(
    repo: RepoFactory,
) -> None:
    root = repo(NX_SHOP)
    assert links(root) == [
        "libs/model-client/src/index.ts:4 POST /v1/predict -> model linked apps/model/main.py:5",
        "libs/model-client/src/index.ts:8 POST /v1/explian -> model broken -",
    ]
    found = findings(root)
    # A lib imported through tsconfig.base.json's `paths` is no cross-service import; an
    # app's internals imported by another app is.
    assert [f.split(" ", 2)[:2] for f in found if f.startswith("SC101")] == [
        ["SC101", "apps/web/src/main.tsx:1"]
    ]
    assert any(f.startswith("SC104 libs/model-client/src/index.ts:8") for f in found)


def test_a_project_json_outside_an_nx_workspace_is_not_read(repo: RepoFactory) -> None:
    root = repo(
        {
            "package.json": package_json("tool", dependencies={"express": "^4.19.0"}),
            "src/server.js": "const express = require('express');\nexpress().listen(3000);\n",
            # An old ASP.NET project file, not Nx's.
            "legacy/project.json": '{ "frameworks": { "dnx451": {} } }',
            "legacy/util.js": "module.exports = 1;\n",
        }
    )
    assert [(s.name, s.root) for s in discover(root, Config()).services] == [("tool", ".")]


def test_the_projects_an_older_workspace_json_lists_are_services(repo: RepoFactory) -> None:
    root = repo(
        {
            "nx.json": "{}",
            "workspace.json": json.dumps(
                {
                    "version": 2,
                    "projects": {
                        "orders-api": "apps/orders",
                        "ui-kit": {"root": "libs/ui", "projectType": "library"},
                    },
                }
            ),
            "package.json": package_json("@acme/source", dependencies={"express": "^4"}),
            "apps/orders/main.ts": "import express from 'express';\nexpress().listen(3000);\n",
            "apps/orders/tsconfig.json": "{}",
            "libs/ui/index.ts": "export const button = 1;\n",
        }
    )
    services = {s.name: (s.root, s.tags) for s in discover(root, Config()).services}
    assert services == {
        "orders-api": ("apps/orders", ("workspace",)),
        "ui-kit": ("libs/ui", ("library", "workspace")),
    }
