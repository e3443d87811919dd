"""bokeh 3.9.2 as it is written (session 41, helper 205: the PyPI sdist's Tornado server beside
the declaration files `tsc` wrote for bokehjs into `server/static/js/lib`). Each test is a
mini-repository of one shape met there, failing before the fix it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: TypeScript's import types with type arguments or as an array ---------------------

# What `tsc` writes for a type it infers from another module (`core/enums.d.ts`,
# `core/has_props.d.ts`, `models/tools/gestures/box_zoom_tool.d.ts`): valid TypeScript that
# tree-sitter-typescript 0.23 reads as a call, erring on the `<...>` or `[]` after it.
_ENUMS = """\
    export declare const Align: import("./kinds").Kinds.Enum<"start" | "center" | "end">;
    export type Align = typeof Align["__type__"];
    """

_HAS_PROPS = """\
    import type { Signal } from "./signaling";
    export declare abstract class HasProps {
        connect<Args, Sender extends object>(signal: Signal<Args, Sender>, slot: import("./signaling").Slot<Args, Sender>): boolean;
        get overlays(): import("../models").Renderer[];
    }
    """

# Written by hand the same way, beside code that runs.
_VIEW = """\
    export async function loadRenderers(): Promise<import("./models").Renderer[]> {
      const { renderers } = await import("./models");
      const response = await fetch("/api/renderers");
      return renderers(await response.json());
    }
    """


def test_import_types_the_grammar_misreads_are_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "bokehjs/package.json": package_json("bokehjs", dependencies={"typescript": "5"}),
            "bokehjs/lib/core/enums.d.ts": _ENUMS,
            "bokehjs/lib/core/has_props.d.ts": _HAS_PROPS,
            "bokehjs/src/view.ts": _VIEW,
            # A real syntax error beside one is still reported, where it is written.
            "bokehjs/src/broken.ts": (
                'export declare const A: import("./kinds").Kinds.Enum<"a">;\nexport const b = (;\n'
            ),
        }
    )
    assert _check(root, "--select", "SC001") == [
        "bokehjs/src/broken.ts:1:53: SC001 missing ';'; the file was analysed in part"
        " (1 more syntax error)"
    ]
