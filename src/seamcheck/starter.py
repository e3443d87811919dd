"""`seamcheck init`: a starter configuration written from what discovery found, commented so
a person can adjust it."""

from __future__ import annotations

import json
import re

from seamcheck.project import Project

_HEADER = """\
# seamcheck configuration, written by `seamcheck init`. Adjust it to your architecture.
# Rules: `seamcheck rules`; one rule's page: `seamcheck explain SC102`.

# The hybrid-ai pack: ML libraries only in Python services, the public request edge only in
# Node.js services, services meet at network seams, no blocking I/O on async paths.
# The other shipped pack is "layered-monolith"; `extends = []` starts from nothing.
extends = ["hybrid-ai"]

# Rules to skip or to run only, by code or prefix (also --ignore/--select on the CLI).
# ignore = ["SC107"]

# Severity per rule: error (fails the run), warning, info, or off.
# [rules.SC304]
# severity = "warning"
"""

_SERVICES_NOTE = """
# The services seamcheck found. Tags that policies read: `edge` (serves the public internet),
# `shared` (other services may import its code), `browser` (a front end; detected).
# A service declared here with a `path` is used as written.
"""

_CONTRACT_EXAMPLE = """
# Architecture contracts (SC301-SC305), checked on the import graph. For example:
# [[contracts]]
# name = "routers never import each other"
# type = "independence"        # layers | forbidden | independence | acyclic | allowed-only
# modules = ["myservice.routers.*"]   # a glob: each router is its own group
"""


# TOML bare keys are ASCII letters, digits, `-` and `_`; anything else is quoted.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string: same quotes, same escapes.
    return json.dumps(text, ensure_ascii=False)


def render_starter(project: Project, contracts: str = "", top: str = "") -> str:
    """The starter file; `contracts` (TOML `[[contracts]]` tables, e.g. translated from
    import-linter) replaces the commented example, and `top` (top-level keys) goes before
    the first table."""
    parts = [_HEADER, top, _SERVICES_NOTE]
    if not project.services:
        parts.append("# (none found: add [services.NAME] tables with a `path`)\n")
    for service in project.services:
        key = service.name if _BARE_KEY.fullmatch(service.name) else _toml_string(service.name)
        frameworks = ", ".join(service.frameworks) or "no known framework"
        lines = [
            "",
            f"# {service.language}, {frameworks}",
            f"[services.{key}]",
            f"path = {_toml_string(service.root)}",
            f"language = {_toml_string(service.language)}",
        ]
        tags = [t for t in service.tags if t not in ("library",)]
        lines.append(f"tags = [{', '.join(_toml_string(t) for t in tags)}]")
        if "library" in service.tags:
            lines.append("shared = true  # a library: other services may import it")
        parts.append("\n".join(lines) + "\n")
    parts.append(contracts or _CONTRACT_EXAMPLE)
    return "".join(parts)
