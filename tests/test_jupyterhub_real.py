"""JupyterHub 6.1.1 as it is written (session 26, helper 106: a Tornado hub, its React admin
app under `jsx/` and page JavaScript under `share/`). Each test is a mini-repository of one
shape met there, failing before the fix it names."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli


def _check(root: object, *options: str) -> list[str]:
    result = run_cli("check", str(root), "--no-cache", *options)
    return [line for line in result.output.splitlines() if ": SC" in line]


# -- SC001: `<Collapse in={open}>` -----------------------------------------------------------

# The admin app's ServerDashboard.jsx: react-bootstrap's Collapse (like react-transition-
# group's Transition and Fade) takes an `in` prop. tree-sitter-javascript stops at the
# reserved word; the TSX grammar reads it.
_DASHBOARD = """\
    import { Collapse } from "react-bootstrap";

    export const ServerRow = ({ open, name }) => (
      <tr>
        <td colSpan={7}>
          <Collapse in={open} data-testid={`${name}-collapse`}>
            <div>{name}</div>
          </Collapse>
          <Fade in appear={true} />
          <Collapse in = {!open} />
        </td>
      </tr>
    );
    """


def test_a_reserved_word_naming_a_jsx_attribute_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "jsx/package.json": package_json(
                "jupyterhub-admin-react", dependencies={"react": "18"}
            ),
            "jsx/src/components/ServerDashboard.jsx": _DASHBOARD,
            # A real syntax error in an element is still one, where it is written.
            "jsx/src/Broken.jsx": "export const B = () => <div id=>x</div>;\n",
        }
    )
    assert _check(root, "--select", "SC001") == [
        "jsx/src/Broken.jsx:1:31: SC001 syntax error near '='; the file was analysed in part"
    ]
