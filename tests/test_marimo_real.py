"""marimo 0.24.2 as it is written (session 27, helper 115: the PyPI sdist's Starlette server
beside the React front end of the npm package `@marimo-team/frontend`). Each test is a
mini-repository of one shape met there, failing before the fix it names. The others:
`test_real_world_shapes.py` (a namespace package's `setup.py`) and `test_openapi_clients.py`
(a client made with options given by name)."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: a bare `&` in JSX text ------------------------------------------------------------

# The settings form's `Your Weights & Biases API key from{" "}<ExternalLink ...>`: valid
# JSX text, which both grammars leave as an ERROR inside the element.
_SETTINGS = """\
    export function KeyField({ onSave }: { onSave: () => void }) {
      return (
        <label>
          Your Weights & Biases API key from{" "}
          <a href="https://example.test/authorize">the site</a>
          <span>
            Databases && Catalogs
          </span>
        </label>
      );
    }

    export const save = () => fetch("/api/keys", { method: "POST" });
    """


def test_a_bare_ampersand_in_jsx_text_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "frontend/package.json": package_json("frontend", dependencies={"react": "18"}),
            "frontend/src/KeyField.tsx": _SETTINGS,
            "frontend/src/Plain.jsx": _SETTINGS.replace(": { onSave: () => void }", ""),
            # A real syntax error in an element is still one, where it is written.
            "frontend/src/Broken.tsx": "export const B = () => <div id=>x & y</div>;\n",
        }
    )
    assert _check(root, "--select", "SC001") == [
        "frontend/src/Broken.tsx:1:31: SC001 syntax error near '='; the file was analysed in part"
    ]
