"""Rule pages: `seamcheck explain CODE` and docs/rules/*.md render from the rule's own
documentation, so the docs and the behaviour never drift.

Regenerate the docs with `python -m seamcheck.ruledocs docs/rules`; a test fails when they
are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from seamcheck.rules import Rule, all_rules


def body(rule: Rule) -> str:
    """The documentation without its first line when that only repeats code and title."""
    text = rule.doc.strip("\n")
    first, _, rest = text.partition("\n")
    if first.startswith(rule.code):
        text = rest.strip("\n")
    return text.strip() + "\n"


def render_page(rule: Rule) -> str:
    return (
        f"# {rule.code} — {rule.name}\n\n"
        f"{rule.summary}. Default severity: **{rule.severity}**.\n\n"
        f"{body(rule)}"
    )


def render_index(rules: tuple[Rule, ...]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rules' own documentation by `python -m seamcheck.ruledocs "
        "docs/rules`; `seamcheck explain CODE` prints the same pages.",
        "",
        "| code | name | default severity | summary |",
        "|---|---|---|---|",
    ]
    lines += [f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity} | {r.summary} |" for r in rules]
    return "\n".join(lines) + "\n"


def expected_files() -> dict[str, str]:
    rules = all_rules()
    files = {f"{rule.code}.md": render_page(rule) for rule in rules}
    files["README.md"] = render_index(rules)
    return files


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = expected_files()
    for stale in folder.glob("SC*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules"))
