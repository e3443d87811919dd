"""Node.js / TypeScript module resolution: each test builds a tiny repository on disk and
states exactly what a specifier resolves to."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seamcheck.resolve import jsonc
from seamcheck.resolve.node import JsTarget, NodeResolver

SOURCE_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".py")
PROBED = ".ts .tsx .js .jsx .mjs .cjs .mts .cts .d.ts"


def make_repo(
    root: Path, files: Mapping[str, str | dict[str, Any]], workspaces: Mapping[str, str] = {}
) -> NodeResolver:
    """Write `files` under `root` (dicts as JSON) and return a resolver over its sources."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    sources = frozenset(path for path in files if path.endswith(SOURCE_SUFFIXES))
    return NodeResolver(root, sources, workspaces)


def file(path: str) -> JsTarget:
    return JsTarget("file", path)


def asset(path: str) -> JsTarget:
    return JsTarget("asset", path)


def unresolved(specifier: str, reason: str) -> JsTarget:
    return JsTarget("unresolved", specifier, reason=reason)


# -- relative specifiers -------------------------------------------------------------------


def test_relative_specifiers_probe_extensions_in_typescript_order(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "src/app.ts": "",
            "src/util.ts": "",
            "src/util.js": "",
            "src/types.d.ts": "",
            "src/view.jsx": "",
            "src/legacy.cjs": "",
            "lib/helper.mjs": "",
            "src/exact.ts": "",
        },
    )

    assert resolver.resolve("./util", "src/app.ts") == file("src/util.ts")
    assert resolver.resolve("./types", "src/app.ts") == file("src/types.d.ts")
    assert resolver.resolve("./view", "src/app.ts") == file("src/view.jsx")
    assert resolver.resolve("./legacy", "src/app.ts", "require") == file("src/legacy.cjs")
    assert resolver.resolve("../lib/helper", "src/app.ts") == file("lib/helper.mjs")
    assert resolver.resolve("./exact.ts", "src/app.ts") == file("src/exact.ts")
    assert resolver.resolve("/src/util", "lib/helper.mjs") == file("src/util.ts")
    assert resolver.resolve("./missing", "src/app.ts") == unresolved(
        "./missing",
        f"no file matches './missing' from src/app.ts (tried {PROBED} and index files)",
    )


def test_code_beside_a_declaration_file_is_what_a_specifier_names(tmp_path: Path) -> None:
    # A hand-typed JS helper: TypeScript reads `util.d.ts` for types, but `util.js` is what
    # runs (Node's require, bundlers and the compiled output never load a `.d.ts`), and the
    # call graph needs its bodies. Before, `./util` named the declaration.
    resolver = make_repo(
        tmp_path,
        {
            "src/app.ts": "",
            "src/server.js": "",
            "src/util.js": "",
            "src/util.d.ts": "",
            "src/legacy.cjs": "",
            "src/legacy.d.ts": "",
            "src/types.d.ts": "",
            "src/store/index.js": "",
            "src/store/index.d.ts": "",
        },
    )

    for importer in ("src/app.ts", "src/server.js"):
        assert resolver.resolve("./util", importer) == file("src/util.js")
        assert resolver.resolve("./util", importer, "require") == file("src/util.js")
        assert resolver.resolve("./legacy", importer, "require") == file("src/legacy.cjs")
        assert resolver.resolve("./store", importer) == file("src/store/index.js")
        # With nothing that runs, the declaration is still what the specifier names.
        assert resolver.resolve("./types", importer) == file("src/types.d.ts")


def test_js_specifiers_name_their_typescript_twins(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "src/main.ts": "",
            "src/a.ts": "",
            "src/b.tsx": "",
            "src/c.mts": "",
            "src/d.cts": "",
            "src/e.js": "",
            "src/e.ts": "",
        },
    )

    assert resolver.resolve("./a.js", "src/main.ts") == file("src/a.ts")
    assert resolver.resolve("./b.js", "src/main.ts") == file("src/b.tsx")
    assert resolver.resolve("./b.jsx", "src/main.ts") == file("src/b.tsx")
    assert resolver.resolve("./c.mjs", "src/main.ts") == file("src/c.mts")
    assert resolver.resolve("./d.cjs", "src/main.ts", "require") == file("src/d.cts")
    # A file that exists as written wins over its twin.
    assert resolver.resolve("./e.js", "src/main.ts") == file("src/e.js")


def test_folders_resolve_to_package_json_main_then_index(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "src/app.ts": "",
            "src/components/index.tsx": "",
            "src/components.ts": "",
            "src/vendor/chart/package.json": {"main": "./chart.js"},
            "src/vendor/chart/chart.js": "",
            "src/vendor/chart/index.js": "",
            "src/vendor/table/package.json": {"main": "lib/table"},
            "src/vendor/table/lib/table.cjs": "",
            "src/vendor/grid/package.json": {"main": "./gone.js"},
            "src/vendor/grid/index.ts": "",
        },
    )

    assert resolver.resolve("./components/", "src/app.ts") == file("src/components/index.tsx")
    assert resolver.resolve("./components", "src/app.ts") == file("src/components.ts")
    assert resolver.resolve("./vendor/chart", "src/app.ts") == file("src/vendor/chart/chart.js")
    assert resolver.resolve("./vendor/table", "src/app.ts") == file(
        "src/vendor/table/lib/table.cjs"
    )
    assert resolver.resolve("./vendor/grid", "src/app.ts") == file("src/vendor/grid/index.ts")
    assert resolver.resolve(".", "src/components/index.tsx") == file("src/components/index.tsx")
    assert resolver.resolve("..", "src/vendor/grid/index.ts") == unresolved(
        "..", f"no file matches '..' from src/vendor/grid/index.ts (tried {PROBED} and index files)"
    )


def test_existing_non_source_files_are_assets(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "web/app.tsx": "",
            "web/styles.module.css": "",
            "web/logo.svg": "<svg/>",
            "web/data.json": {"a": 1},
        },
    )

    assert resolver.resolve("./styles.module.css", "web/app.tsx") == asset("web/styles.module.css")
    assert resolver.resolve("./logo.svg", "web/app.tsx") == asset("web/logo.svg")
    assert resolver.resolve("./data", "web/app.tsx", "require") == asset("web/data.json")
    assert resolver.resolve("./gone.css", "web/app.tsx") == unresolved(
        "./gone.css",
        f"no file matches './gone.css' from web/app.tsx (tried {PROBED} and index files)",
    )


def test_specifiers_climbing_out_of_the_root_are_unresolved(tmp_path: Path) -> None:
    resolver = make_repo(tmp_path / "repo", {"src/app.ts": ""})
    (tmp_path / "outside.ts").write_text("")

    assert resolver.resolve("../../outside", "src/app.ts") == unresolved(
        "../../outside", "'../../outside' from src/app.ts points outside the repository root"
    )
    assert resolver.resolve("../src/../../x", "src/app.ts") == unresolved(
        "../src/../../x", "'../src/../../x' from src/app.ts points outside the repository root"
    )


def test_symlinks_leading_out_of_the_root_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text("")
    (outside / "package.json").write_text(json.dumps({"main": "main.js"}))
    resolver = make_repo(tmp_path / "repo", {"src/app.ts": "", "src/inside.css": ""})
    os.symlink(outside / "secret.css", tmp_path / "repo/src/secret.css")
    os.symlink(outside, tmp_path / "repo/src/linked")
    os.symlink(tmp_path / "repo/src/inside.css", tmp_path / "repo/src/alias.css")

    for specifier in ("./secret.css", "./linked/secret.css", "./linked"):
        assert resolver.resolve(specifier, "src/app.ts") == unresolved(
            specifier,
            f"no file matches '{specifier}' from src/app.ts (tried {PROBED} and index files)",
        )
    assert resolver.resolve("./alias.css", "src/app.ts") == asset("src/alias.css")


# -- package.json imports ------------------------------------------------------------------


def test_hash_specifiers_use_the_nearest_package_json_imports(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "services/api/package.json": {
                "name": "api",
                "imports": {
                    "#db": "./src/db/index.ts",
                    "#utils/*": "./src/utils/*.js",
                    "#utils/special/*": "./src/special/*.ts",
                    "#env": {"browser": "./src/env.browser.ts", "node": "./src/env.node.ts"},
                    "#dep": "lodash",
                    "#fs": "node:fs",
                },
            },
            "services/api/src/server.ts": "",
            "services/api/src/db/index.ts": "",
            "services/api/src/utils/time.ts": "",
            "services/api/src/special/x.ts": "",
            "services/api/src/env.node.ts": "",
            "services/api/src/env.browser.ts": "",
            "services/plain/package.json": {"name": "plain"},
            "services/plain/main.js": "",
        },
    )
    server = "services/api/src/server.ts"

    assert resolver.resolve("#db", server) == file("services/api/src/db/index.ts")
    assert resolver.resolve("#utils/time", server) == file("services/api/src/utils/time.ts")
    assert resolver.resolve("#utils/special/x", server) == file("services/api/src/special/x.ts")
    assert resolver.resolve("#env", server) == file("services/api/src/env.node.ts")
    assert resolver.resolve("#dep", server) == JsTarget("external", "lodash")
    assert resolver.resolve("#fs", server) == JsTarget("builtin", "fs")
    assert resolver.resolve("#nope", server) == unresolved(
        "#nope", "package.json imports of services/api/package.json has no entry for '#nope'"
    )
    assert resolver.resolve("#utils/gone", server) == unresolved(
        "#utils/gone",
        "package.json imports of services/api/package.json entry for '#utils/gone' led to no"
        " file: services/api/src/utils/gone.js not found (nor a TypeScript twin, nor under"
        " src/ for dist/, lib/, build/)",
    )
    assert resolver.resolve("#db", "services/plain/main.js") == unresolved(
        "#db", "services/plain/package.json has no 'imports' field"
    )


# -- built-ins -----------------------------------------------------------------------------


def test_node_builtins_with_and_without_prefix(tmp_path: Path) -> None:
    resolver = make_repo(tmp_path, {"app.js": ""})

    assert resolver.resolve("node:fs", "app.js") == JsTarget("builtin", "fs")
    assert resolver.resolve("node:fs/promises", "app.js") == JsTarget("builtin", "fs/promises")
    assert resolver.resolve("node:test", "app.js") == JsTarget("builtin", "test")
    assert resolver.resolve("fs/promises", "app.js") == JsTarget("builtin", "fs/promises")
    assert resolver.resolve("child_process", "app.js", "require") == JsTarget(
        "builtin", "child_process"
    )
    assert resolver.resolve("worker_threads", "app.js") == JsTarget("builtin", "worker_threads")
    # Only reachable as node:test; the bare name is an npm package.
    assert resolver.resolve("test", "app.js") == JsTarget("external", "test")


# -- tsconfig ------------------------------------------------------------------------------


def test_tsconfig_paths_and_base_url(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "web/tsconfig.json": {
                "compilerOptions": {
                    "baseUrl": "./src",
                    "paths": {
                        "@/*": ["*"],
                        "@lib/*": ["lib/*", "fallback/*"],
                        "@lib/special/*": ["special/*"],
                        "config": ["config/index.ts"],
                    },
                }
            },
            "web/src/app.ts": "",
            "web/src/util.ts": "",
            "web/src/fallback/date.ts": "",
            "web/src/special/one.ts": "",
            "web/src/config/index.ts": "",
            "web/src/models/user.ts": "",
        },
    )
    app = "web/src/app.ts"

    assert resolver.resolve("@/util", app) == file("web/src/util.ts")
    assert resolver.resolve("@lib/date", app) == file("web/src/fallback/date.ts")
    assert resolver.resolve("@lib/special/one", app) == file("web/src/special/one.ts")
    assert resolver.resolve("config", app) == file("web/src/config/index.ts")
    assert resolver.resolve("models/user", app) == file("web/src/models/user.ts")
    assert resolver.resolve("react", app) == JsTarget("external", "react")
    assert resolver.resolve("@/nope", app) == unresolved(
        "@/nope",
        "tsconfig paths '@/*' (web/tsconfig.json) matched but no file found (tried web/src/nope)",
    )
    # Outside the config's folder the config does not apply.
    assert resolver.resolve("@/util", "other.ts") == unresolved(
        "@/util",
        "'@/util' is neither a relative path, a built-in module, a tsconfig paths alias nor a"
        " valid package name",
    )


def test_tsconfig_paths_without_base_url_are_relative_to_the_config(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "app/jsconfig.json": {"compilerOptions": {"paths": {"~/*": ["./src/*"]}}},
            "app/src/a/b/deep.js": "",
            "app/src/util.js": "",
        },
    )

    assert resolver.resolve("~/util", "app/src/a/b/deep.js") == file("app/src/util.js")


def test_tsconfig_extends_chain_takes_paths_from_the_base(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "tsconfig.base.json": {
                "compilerOptions": {"paths": {"@shared/*": ["packages/shared/src/*"]}}
            },
            "packages/tsconfig.packages.json": {"extends": "../tsconfig.base"},
            "packages/web/tsconfig.json": {
                "extends": ["@tsconfig/node20/tsconfig.json", "../tsconfig.packages.json"],
                "compilerOptions": {"strict": True},
            },
            "packages/web/src/main.ts": "",
            "packages/shared/src/format.ts": "",
        },
    )

    assert resolver.resolve("@shared/format", "packages/web/src/main.ts") == file(
        "packages/shared/src/format.ts"
    )


def test_tsconfig_child_base_url_applies_to_paths_from_the_base(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "configs/base.json": {
                "compilerOptions": {"baseUrl": ".", "paths": {"@app/*": ["app/*"]}}
            },
            "configs/later.json": {"compilerOptions": {"paths": {"@app/*": ["modules/*"]}}},
            "svc/tsconfig.json": {
                "extends": ["../configs/base.json", "../configs/later.json"],
                "compilerOptions": {"baseUrl": "./src"},
            },
            "svc/src/index.ts": "",
            "svc/src/modules/auth.ts": "",
            "configs/app/auth.ts": "",
        },
    )

    # The later extends wins for paths, the child's baseUrl wins over the base's.
    assert resolver.resolve("@app/auth", "svc/src/index.ts") == file("svc/src/modules/auth.ts")


def test_tsconfig_extends_configs_of_workspace_and_installed_packages(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "tools/tsconfig/package.json": {"name": "@demo/tsconfig"},
            "tools/tsconfig/base.json": {"compilerOptions": {"paths": {"@lib/*": ["../../lib/*"]}}},
            "apps/cli/tsconfig.json": {"extends": "@demo/tsconfig/base"},
            "apps/cli/main.ts": "",
            "node_modules/@company/tsconfig/tsconfig.json": {
                "compilerOptions": {"baseUrl": ".", "paths": {"#/*": ["../../../apps/web/*"]}}
            },
            "apps/web/tsconfig.json": {"extends": "@company/tsconfig"},
            "apps/web/page.ts": "",
            "apps/web/widgets/chart.ts": "",
            "lib/log.ts": "",
        },
        workspaces={"@demo/tsconfig": "tools/tsconfig"},
    )

    assert resolver.resolve("@lib/log", "apps/cli/main.ts") == file("lib/log.ts")
    # No package.json defines imports here, so the tsconfig alias is what applies.
    assert resolver.resolve("#/widgets/chart", "apps/web/page.ts") == file(
        "apps/web/widgets/chart.ts"
    )


def test_tsconfig_extends_cycles_and_missing_bases_do_not_break_resolution(
    tmp_path: Path,
) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "tsconfig.json": {
                "extends": [
                    "./tsconfig.a.json",
                    "./tsconfig.gone.json",
                    "@tsconfig/node20/tsconfig.json",
                ],
                "compilerOptions": {"paths": {"@/*": ["src/*"]}},
            },
            "tsconfig.a.json": {"extends": "./tsconfig.b.json"},
            "tsconfig.b.json": {"extends": "./tsconfig.a"},
            "src/app.ts": "",
            "src/util.ts": "",
        },
    )

    assert resolver.resolve("@/util", "src/app.ts") == file("src/util.ts")
    assert resolver.resolve("~/util", "src/app.ts") == unresolved(
        "~/util",
        "'~/util' is neither a relative path, a built-in module, a tsconfig paths alias nor a"
        " valid package name; tsconfig.b.json extends './tsconfig.a', which forms a cycle;"
        " tsconfig.json extends './tsconfig.gone.json', which does not exist",
    )


JSONC_TSCONFIG = """\
// Generated by hand, with comments.
{
  "$schema": "https://json.schemastore.org/tsconfig", // a URL: '//' inside a string
  /* Block comment before the options,
     spanning lines. */
  "compilerOptions": {
    "baseUrl": ".",
    "paths": {
      "@app/*": ["src/*",], // trailing comma in the array
      "@lit/*": ["src/literal/*"],
    },
    "outDir": "dist/* not a comment */",
  },
}
"""


def test_jsonc_tsconfig_with_comments_and_trailing_commas(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {"tsconfig.json": JSONC_TSCONFIG, "src/main.ts": "", "src/literal/x.ts": ""},
    )

    assert resolver.resolve("@app/main", "src/main.ts") == file("src/main.ts")
    assert resolver.resolve("@lit/x", "src/main.ts") == file("src/literal/x.ts")
    assert jsonc.loads(JSONC_TSCONFIG) == {
        "$schema": "https://json.schemastore.org/tsconfig",
        "compilerOptions": {
            "baseUrl": ".",
            "paths": {"@app/*": ["src/*"], "@lit/*": ["src/literal/*"]},
            "outDir": "dist/* not a comment */",
        },
    }


def test_malformed_tsconfig_is_named_in_failed_resolutions(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["src/*"]}}',
            "src/app.ts": "",
            "src/util.ts": "",
        },
    )

    assert resolver.resolve("./util", "src/app.ts") == file("src/util.ts")
    assert resolver.resolve("@/util", "src/app.ts") == unresolved(
        "@/util",
        "'@/util' is neither a relative path, a built-in module, a tsconfig paths alias nor a"
        " valid package name; tsconfig.json is not valid JSON (expected ',' or '}', found the"
        " end of the text at line 1 column 50)",
    )


# -- workspace packages --------------------------------------------------------------------

SHARED_PACKAGE = {
    "name": "@demo/shared",
    "exports": {
        ".": {
            "node": {"import": "./src/index.mjs", "require": "./src/index.cjs"},
            "default": "./src/index.mjs",
        },
        "./utils/*": "./src/utils/*.ts",
        "./utils/internal/*": None,
        "./styles.css": "./assets/styles.css",
        "./typed": {"types": "./src/typed.d.ts", "default": "./src/typed.js"},
        "./package.json": "./package.json",
    },
}


def shared_repo(root: Path) -> NodeResolver:
    return make_repo(
        root,
        {
            "packages/shared/package.json": SHARED_PACKAGE,
            "packages/shared/src/index.mjs": "",
            "packages/shared/src/index.cjs": "",
            "packages/shared/src/utils/strings.ts": "",
            "packages/shared/src/utils/internal/secret.ts": "",
            "packages/shared/src/typed.js": "",
            "packages/shared/src/typed.d.ts": "",
            "packages/shared/assets/styles.css": "",
            "apps/web/src/main.ts": "",
        },
        workspaces={"@demo/shared": "packages/shared"},
    )


def test_workspace_exports_pick_files_by_condition(tmp_path: Path) -> None:
    resolver = shared_repo(tmp_path)
    main = "apps/web/src/main.ts"

    assert resolver.resolve("@demo/shared", main) == file("packages/shared/src/index.mjs")
    assert resolver.resolve("@demo/shared", main, "require") == file(
        "packages/shared/src/index.cjs"
    )
    # Conditions are taken in the object's key order: `types` comes first here.
    assert resolver.resolve("@demo/shared/typed", main) == file("packages/shared/src/typed.d.ts")


def test_workspace_exports_subpath_patterns_and_exclusions(tmp_path: Path) -> None:
    resolver = shared_repo(tmp_path)
    main = "apps/web/src/main.ts"

    assert resolver.resolve("@demo/shared/utils/strings", main) == file(
        "packages/shared/src/utils/strings.ts"
    )
    assert resolver.resolve("@demo/shared/styles.css", main) == asset(
        "packages/shared/assets/styles.css"
    )
    assert resolver.resolve("@demo/shared/package.json", main) == asset(
        "packages/shared/package.json"
    )
    assert resolver.resolve("@demo/shared/utils/internal/secret", main) == unresolved(
        "@demo/shared/utils/internal/secret",
        "package.json exports of '@demo/shared' excludes './utils/internal/secret'"
        " (its target is null)",
    )
    assert resolver.resolve("@demo/shared/missing", main) == unresolved(
        "@demo/shared/missing",
        "package.json exports of '@demo/shared' has no entry for './missing'",
    )


def test_exports_pointing_at_unbuilt_output_map_to_sources(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "packages/ui/package.json": {
                "name": "@demo/ui",
                "exports": {
                    ".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"},
                    "./button": {"import": "./lib/button.js", "require": "./build/button.cjs"},
                    "./gone": "./dist/gone.js",
                },
            },
            "packages/ui/src/index.ts": "",
            "packages/ui/src/button.tsx": "",
            "packages/ui/src/button.cts": "",
            "packages/core/package.json": {"name": "core", "main": "dist/index.js"},
            "packages/core/src/index.ts": "",
            "app.ts": "",
        },
        workspaces={"@demo/ui": "packages/ui", "core": "packages/core"},
    )

    assert resolver.resolve("@demo/ui", "app.ts") == file("packages/ui/src/index.ts")
    assert resolver.resolve("@demo/ui/button", "app.ts") == file("packages/ui/src/button.tsx")
    assert resolver.resolve("@demo/ui/button", "app.ts", "require") == file(
        "packages/ui/src/button.cts"
    )
    assert resolver.resolve("core", "app.ts") == file("packages/core/src/index.ts")
    assert resolver.resolve("@demo/ui/gone", "app.ts") == unresolved(
        "@demo/ui/gone",
        "package.json exports of '@demo/ui' entry for './gone' led to no file:"
        " packages/ui/dist/gone.js not found (nor a TypeScript twin, nor under src/ for dist/,"
        " lib/, build/)",
    )


def test_invalid_exports_are_reported(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "pkgs/mixed/package.json": {"exports": {".": "./a.js", "import": "./b.js"}},
            "pkgs/odd/package.json": {
                "exports": {
                    "./bare": "src/a.js",
                    "./up": "./../secret.js",
                    "./browser": {"browser": "./src/a.js"},
                }
            },
            "pkgs/odd/src/a.js": "",
            "pkgs/secret.js": "",
            "app.js": "",
        },
        workspaces={"mixed": "pkgs/mixed", "odd": "pkgs/odd"},
    )

    assert resolver.resolve("mixed", "app.js") == unresolved(
        "mixed", "package.json exports of 'mixed' mixes './' subpaths and conditions as keys"
    )
    assert resolver.resolve("odd/bare", "app.js") == unresolved(
        "odd/bare",
        "package.json exports of 'odd' entry for './bare' led to no file:"
        " invalid target 'src/a.js' (must start with './')",
    )
    assert resolver.resolve("odd/up", "app.js") == unresolved(
        "odd/up",
        "package.json exports of 'odd' entry for './up' led to no file:"
        " invalid target './../secret.js' (leaves the package folder)",
    )
    assert resolver.resolve("odd/browser", "app.js", "require") == unresolved(
        "odd/browser",
        "package.json exports of 'odd' has no target for './browser' under the conditions"
        " require, node, default, types",
    )


def test_workspace_package_without_exports(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "libs/dates/package.json": {"name": "dates", "main": "./main.js"},
            "libs/dates/main.js": "",
            "libs/dates/format/iso.ts": "",
            "libs/plain/package.json": {"name": "plain"},
            "libs/plain/index.ts": "",
            "app.js": "",
        },
        workspaces={"dates": "libs/dates", "plain": "libs/plain"},
    )

    assert resolver.resolve("dates", "app.js") == file("libs/dates/main.js")
    assert resolver.resolve("dates/format/iso", "app.js") == file("libs/dates/format/iso.ts")
    assert resolver.resolve("plain", "app.js") == file("libs/plain/index.ts")
    assert resolver.resolve("plain/nope", "app.js") == unresolved(
        "plain/nope",
        "package 'plain' in libs/plain has no exports and no file matches 'nope'"
        f" (tried main, {PROBED} and index files)",
    )


def test_tsconfig_custom_conditions_are_matched_first_and_inherited(tmp_path: Path) -> None:
    source_first = {"@demo/source": "./src/index.ts", "import": "./index.js"}
    resolver = make_repo(
        tmp_path,
        {
            "tsconfig.base.json": {"compilerOptions": {"customConditions": ["@demo/source"]}},
            "packages/core/package.json": {
                "name": "@demo/core",
                "exports": {".": source_first},
                "imports": {"#env": {"@demo/source": "./src/env.ts", "default": "./env.js"}},
            },
            "packages/core/tsconfig.json": {"extends": "../../tsconfig.base.json"},
            "packages/core/src/index.ts": "",
            "packages/core/src/env.ts": "",
            "packages/core/src/app.ts": "",
            "apps/api/tsconfig.json": {"extends": "../../tsconfig.base.json"},
            "apps/api/src/main.ts": "",
            # Declaring the option again replaces the inherited list, as in TypeScript.
            "apps/cli/tsconfig.json": {
                "extends": "../../tsconfig.base.json",
                "compilerOptions": {"customConditions": []},
            },
            "apps/cli/main.ts": "",
        },
        workspaces={"@demo/core": "packages/core"},
    )

    assert resolver.resolve("@demo/core", "apps/api/src/main.ts") == file(
        "packages/core/src/index.ts"
    )
    assert resolver.resolve("#env", "packages/core/src/app.ts") == file("packages/core/src/env.ts")
    assert resolver.resolve("@demo/core", "apps/cli/main.ts") == unresolved(
        "@demo/core",
        "package.json exports of '@demo/core' entry for '.' led to no file: packages/core/index.js"
        " not found (nor a TypeScript twin, nor under src/ for dist/, lib/, build/)",
    )


def test_self_reference_by_package_name(tmp_path: Path) -> None:
    resolver = make_repo(
        tmp_path,
        {
            "services/api/package.json": {
                "name": "@demo/api",
                "exports": {".": "./src/index.ts", "./routes": "./src/routes.ts"},
            },
            "services/api/src/index.ts": "",
            "services/api/src/routes.ts": "",
            "services/api/test/routes.test.ts": "",
        },
    )
    test_file = "services/api/test/routes.test.ts"

    assert resolver.resolve("@demo/api", test_file) == file("services/api/src/index.ts")
    assert resolver.resolve("@demo/api/routes", test_file) == file("services/api/src/routes.ts")
    assert resolver.resolve("@demo/api", "elsewhere.ts") == JsTarget("external", "@demo/api")


def test_a_package_named_after_a_library_it_uses_imports_the_library(tmp_path: Path) -> None:
    """Before, an example app named `hono` (with hono in its dependencies) resolved
    `import { Hono } from 'hono'` to its own folder; and a package without `exports` took
    its own name for itself, which neither Node nor TypeScript does."""
    resolver = make_repo(
        tmp_path,
        {
            "examples/hono/package.json": {"name": "hono", "dependencies": {"hono": "^4.6.0"}},
            "examples/hono/index.ts": "",
            "examples/hono/src/app.ts": "",
            "tools/cli/package.json": {"name": "cli", "main": "index.js"},
            "tools/cli/index.js": "",
            "tools/cli/lib/run.js": "",
        },
        workspaces={"hono": "examples/hono"},
    )
    assert resolver.resolve("hono", "examples/hono/src/app.ts") == JsTarget("external", "hono")
    assert resolver.resolve("cli", "tools/cli/lib/run.js") == JsTarget("external", "cli")


def test_a_package_depending_on_its_own_name_gets_the_copy_installed(tmp_path: Path) -> None:
    """ESLint lists itself in its devDependencies as `"eslint": "file:."`, which npm installs
    as a link to its own folder: its name is itself. An example named after the library it
    uses, in a workspace that holds the library, gets the workspace's library. Before, both
    were taken for an npm package (external)."""
    resolver = make_repo(
        tmp_path,
        {
            "package.json": {
                "name": "eslint",
                "exports": {".": "./lib/api.js", "./use-at-your-own-risk": "./lib/unsupported.js"},
                "devDependencies": {"eslint": "file:."},
            },
            "lib/api.js": "",
            "lib/unsupported.js": "",
            "tools/check-rules.js": "",
            "packages/hono/package.json": {"name": "hono", "exports": {".": "./src/index.ts"}},
            "packages/hono/src/index.ts": "",
            "examples/hono/package.json": {"name": "hono", "dependencies": {"hono": "workspace:*"}},
            "examples/hono/src/app.ts": "",
        },
        workspaces={"hono": "packages/hono"},
    )
    assert resolver.resolve("eslint", "tools/check-rules.js") == file("lib/api.js")
    assert resolver.resolve("eslint/use-at-your-own-risk", "tools/check-rules.js") == file(
        "lib/unsupported.js"
    )
    assert resolver.resolve("hono", "examples/hono/src/app.ts") == file(
        "packages/hono/src/index.ts"
    )


# -- external packages ---------------------------------------------------------------------


def test_bare_specifiers_are_external_packages_with_subpaths(tmp_path: Path) -> None:
    resolver = make_repo(tmp_path, {"app.ts": ""})

    assert resolver.resolve("lodash", "app.ts") == JsTarget("external", "lodash")
    assert resolver.resolve("lodash/fp", "app.ts") == JsTarget("external", "lodash", "fp")
    assert resolver.resolve("@scope/pkg", "app.ts") == JsTarget("external", "@scope/pkg")
    assert resolver.resolve("@scope/pkg/deep/x.js", "app.ts") == JsTarget(
        "external", "@scope/pkg", "deep/x.js"
    )
    assert resolver.resolve("@scope", "app.ts") == unresolved(
        "@scope",
        "'@scope' is neither a relative path, a built-in module, a tsconfig paths alias nor a"
        " valid package name",
    )
    assert resolver.resolve("https://esm.sh/react", "app.ts") == unresolved(
        "https://esm.sh/react",
        "'https://esm.sh/react' is neither a relative path, a built-in module, a tsconfig paths"
        " alias nor a valid package name",
    )


# -- malformed package.json ----------------------------------------------------------------


def test_malformed_package_json_is_treated_as_absent_and_named(tmp_path: Path) -> None:
    broken = '{"name": "broken", "main": "./main.js",}'
    resolver = make_repo(
        tmp_path,
        {
            "packages/broken/package.json": broken,
            "packages/broken/index.ts": "",
            "packages/empty/package.json": "[1, 2]",
            "vendor/lib/package.json": broken,
            "vendor/lib/main.js": "",
            "app.ts": "",
        },
        workspaces={"broken": "packages/broken", "empty": "packages/empty"},
    )
    json_error = "Expecting property name enclosed in double quotes: line 1 column 40 (char 39)"

    assert resolver.resolve("broken", "app.ts") == file("packages/broken/index.ts")
    assert resolver.resolve("empty", "app.ts") == unresolved(
        "empty",
        "package 'empty' in packages/empty has no exports and no file matches '.'"
        f" (tried main, {PROBED} and index files);"
        " packages/empty/package.json is not valid JSON (not an object)",
    )
    assert resolver.resolve("./vendor/lib", "app.ts") == unresolved(
        "./vendor/lib",
        f"no file matches './vendor/lib' from app.ts (tried {PROBED} and index files);"
        f" vendor/lib/package.json is not valid JSON ({json_error})",
    )
    assert resolver.resolve("#x", "vendor/lib/main.js") == unresolved(
        "#x", f"'#x' needs vendor/lib/package.json is not valid JSON ({json_error})"
    )


# -- interface and performance -------------------------------------------------------------


def test_source_hits_need_no_file_system_access(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = frozenset({"src/app.ts", "src/util.ts", "src/a.ts", "lib/index.ts"})
    resolver = NodeResolver(tmp_path, sources, {})
    calls: list[str] = []
    real_lstat = os.lstat

    def counting_lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        calls.append(str(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", counting_lstat)

    assert resolver.resolve("./util", "src/app.ts") == file("src/util.ts")
    assert resolver.resolve("./a.js", "src/app.ts") == file("src/a.ts")
    assert resolver.resolve("node:fs", "src/app.ts") == JsTarget("builtin", "fs")
    assert calls == []


def test_unknown_import_kind_is_rejected(tmp_path: Path) -> None:
    resolver = make_repo(tmp_path, {"app.ts": ""})

    with pytest.raises(ValueError, match="kind must be"):
        resolver.resolve("lodash", "app.ts", "dynamic")


# -- jsonc ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a // b /* c */"', "a // b /* c */"),
        (r'"quote \" // still a string"', 'quote " // still a string'),
        (r'"back\\" // comment', "back\\"),
        (r'"\u00e9\ud83d\ude00\n\t\/"', "\u00e9\U0001f600\n\t/"),
        ("[1, -2.5e3, true, false, null,]", [1, -2500.0, True, False, None]),
        ('{"a": [{"b": {},},],}', {"a": [{"b": {}}]}),
        ('{"a" /* between */ : /* and */ 1}', {"a": 1}),
        ("// leading\n[]// trailing without newline", []),
        ("/**/{}/***/", {}),
        ("\ufeff{}", {}),
        ('{"a": 1, "a": 2}', {"a": 2}),
        ("[]", []),
    ],
)
def test_jsonc_loads_values(text: str, expected: Any) -> None:
    assert jsonc.loads(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a value, found the end of the text at line 1 column 1"),
        ("// only a comment", "expected a value, found the end of the text at line 1 column 18"),
        ("{\n  /* never closed", "unterminated block comment at line 2 column 3"),
        ('{"a": "open', "unterminated string or control character in string at line 1 column 7"),
        ('"tab\there"', "unterminated string or control character in string at line 1 column 1"),
        ("[1,,2]", "expected a value, found ',' at line 1 column 4"),
        ("[,]", "expected a value, found ',' at line 1 column 2"),
        ("{,}", "expected a string key, found ',' at line 1 column 2"),
        ('{"a" 1}', "expected ':', found '1' at line 1 column 6"),
        ('{"a": 1 "b": 2}', "expected ',' or '}', found '\"b\"' at line 1 column 9"),
        ("{'a': 1}", 'unexpected character "\'" at line 1 column 2'),
        ("{a: 1}", "unexpected character 'a' at line 1 column 2"),
        ("[1] [2]", "unexpected '[' after the value at line 1 column 5"),
        ("1/**/2", "unexpected '2' after the value at line 1 column 6"),
        (r'"\x"', "Invalid \\escape at line 1 column 2"),
        ("[" * 5000 + "]" * 5000, "nesting too deep at line 1 column 1"),
    ],
)
def test_jsonc_loads_rejects_malformed_text(text: str, message: str) -> None:
    with pytest.raises(jsonc.JsoncError) as caught:
        jsonc.loads(text)
    assert str(caught.value) == message


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(JSON_VALUES, st.booleans())
def test_jsonc_reads_what_json_writes(value: Any, indent: bool) -> None:
    assert jsonc.loads(json.dumps(value, indent=2 if indent else None)) == value
