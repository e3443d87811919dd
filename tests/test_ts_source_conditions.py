"""TypeScript `customConditions` in a monorepo: a workspace package whose `exports` point at its
unbuilt sources under a condition of the monorepo's own (as zod's "@zod/source" does), read
from the tsconfig of each importing file, through `extends`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import RepoFactory, package_json, run_cli

# The schema package builds next to its package.json (index.js, mini/index.js), not into
# dist/: without the source condition nothing in a checkout names its files.
SCHEMA_EXPORTS = {
    ".": {"@acme/source": "./src/index.ts", "types": "./index.d.ts", "import": "./index.js"},
    "./mini": {
        "@acme/source": "./src/mini/index.ts",
        "types": "./mini/index.d.ts",
        "import": "./mini/index.js",
    },
}

MONOREPO = {
    "package.json": json.dumps({"private": True, "workspaces": ["apps/*", "packages/*"]}),
    "tsconfig.base.json": json.dumps(
        {
            "compilerOptions": {
                "module": "esnext",
                "moduleResolution": "bundler",
                "customConditions": ["@acme/source"],
            }
        }
    ),
    "packages/schema/package.json": package_json(
        "@acme/schema", type="module", exports=SCHEMA_EXPORTS
    ),
    "packages/schema/tsconfig.json": json.dumps({"extends": "../../tsconfig.base.json"}),
    "packages/schema/src/index.ts": """
        export * from "./core.js";
        export type { Schema } from "./types.js";
    """,
    "packages/schema/src/core.ts": """
        export function string() { return { kind: "string" }; }
    """,
    "packages/schema/src/types.ts": """
        export interface Schema { kind: string }
    """,
    "packages/schema/src/mini/index.ts": """
        export { string } from "../core.js";
    """,
    "packages/schema/src/tests/mini.test.ts": """
        import * as s from "@acme/schema/mini";
        test("string", () => expect(s.string().kind).toBe("string"));
    """,
    "apps/web/package.json": package_json(
        "web",
        type="module",
        dependencies={"@acme/schema": "workspace:*", "react": "^19.0.0"},
    ),
    "apps/web/tsconfig.json": json.dumps(
        {
            "extends": "../../tsconfig.base.json",
            "compilerOptions": {"jsx": "react-jsx", "paths": {"@/*": ["./src/*"]}},
        }
    ),
    "apps/web/src/App.tsx": """
        import { SignupForm } from "@/components/SignupForm";
        export function App() { return <SignupForm />; }
    """,
    "apps/web/src/components/SignupForm.tsx": """
        import { useState } from "react";
        import { string } from "@acme/schema/mini";
        import type { Schema } from "@acme/schema";
        const email: Schema = string();
        export function SignupForm() {
          const [value, setValue] = useState("");
          return <input value={value} onChange={(e) => setValue(e.target.value)} />;
        }
    """,
    # A tool folder with a tsconfig of its own that declares no source condition: it sees
    # the package as published, and nothing of it is built here.
    "tools/tsconfig.json": json.dumps({"compilerOptions": {"moduleResolution": "bundler"}}),
    "tools/check.ts": """
        import { string } from "@acme/schema";
        console.log(string());
    """,
}


def graph_of(root: Path) -> dict[str, Any]:
    graph: dict[str, Any] = json.loads(
        run_cli("graph", str(root), "--format", "json", "--no-cache").output
    )
    return graph


def module_imports(graph: dict[str, Any]) -> set[tuple[str, str]]:
    modules = {n["id"] for n in graph["nodes"] if n["kind"] == "module"}
    return {
        (e["source"], e["target"])
        for e in graph["edges"]
        if e["kind"] == "imports" and e["source"] in modules and e["target"] in modules
    }


def test_imports_of_a_workspace_package_follow_its_source_condition(
    repo: RepoFactory,
) -> None:
    graph = graph_of(repo(MONOREPO))

    web = "apps/web/src"
    schema = "packages/schema/src"
    assert module_imports(graph) == {
        (f"{web}/App.tsx", f"{web}/components/SignupForm.tsx"),
        (f"{web}/components/SignupForm.tsx", f"{schema}/mini/index.ts"),
        (f"{web}/components/SignupForm.tsx", f"{schema}/index.ts"),
        (f"{schema}/index.ts", f"{schema}/core.ts"),
        (f"{schema}/index.ts", f"{schema}/types.ts"),
        (f"{schema}/mini/index.ts", f"{schema}/core.ts"),
        # The package's own test imports it by name.
        (f"{schema}/tests/mini.test.ts", f"{schema}/mini/index.ts"),
    }
    # Only where a tsconfig declares the condition: the tool's import names no file.
    unresolved = graph["graph"]["unresolved"]
    imports = [(u["path"], u["specifier"]) for u in unresolved if u["kind"] == "import"]
    assert imports == [("tools/check.ts", "@acme/schema")]
