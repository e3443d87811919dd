"""Vue and Svelte front ends as real projects write them (session 26, helper 94: Django's
pretalx with its Vue schedule editor, a Quasar admin GUI over FastAPI, a SvelteKit chat
app with a FastAPI backend, and the components of carbon-components-svelte). Each test is a
mini-repository of one shape met there, failing before the fix it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: `export { className as class }` ------------------------------------------------

# A Svelte 4 component taking a `class` prop: a reserved word may name an export (any
# identifier name may), and Svelte's components are written so.
_SVELTE_SELECT_ITEM = """\
    <script>
      /** Specify the option value */
      export let value = "";

      let className = undefined;

      /**
       * Specify the class of the `option` element
       * @type {string}
       */
      export { className as class };
    </script>

    <option {value} class={className}>{value}</option>
    """


def test_a_reserved_word_naming_an_export_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "ui/package.json": package_json("ui", devDependencies={"svelte": "4"}),
            "ui/src/Select/SelectItem.svelte": _SVELTE_SELECT_ITEM,
            "ui/src/legacy.js": "const a = 1;\nconst b = 2;\nexport { a as default, b as new };\n",
            # A real syntax error is still one, where it is written.
            "ui/src/Broken.svelte": "<script>\n  let x = ;\n</script>\n<p>{x}</p>\n",
        }
    )
    assert _check(root, "--select", "SC001") == [
        "ui/src/Broken.svelte:2:9: SC001 syntax error near '='; the file was analysed in part"
    ]
