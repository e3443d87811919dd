"""The environment an image sets with `ENV` in its Dockerfile: the defaults its container
runs with where compose gives none (an nginx image's `ENV API_HOST=api`, which its templates
are rendered with at start-up). Reads the text; never builds or runs anything."""

from __future__ import annotations

import re
import shlex

_CONTINUED = re.compile(r"\\[ \t]*\r?\n")
_INSTRUCTION = re.compile(r"^\s*(\w+)\s+(.*)$")
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


def image_environment(text: str) -> dict[str, str]:
    """The variables the final stage of a Dockerfile sets (`ENV A=1 B="two"`, the legacy
    `ENV A 1`); a stage before the last `FROM` builds, it does not run. A value that reads
    a build argument or another variable (`$VERSION`) is not known here: left out, as one
    the base image sets is."""
    environment: dict[str, str] = {}
    for instruction, rest in _instructions(text):
        if instruction == "FROM":
            environment = {}
        elif instruction == "ENV":
            environment.update(_assignments(rest))
    return {name: value for name, value in environment.items() if "$" not in value}


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = _CONTINUED.sub(" ", text)
    found = []
    for line in joined.splitlines():
        match = _INSTRUCTION.match(line)
        if match is not None and not line.lstrip().startswith("#"):
            found.append((match.group(1).upper(), match.group(2).strip()))
    return found


def _assignments(rest: str) -> dict[str, str]:
    try:
        words = shlex.split(rest, comments=False, posix=True)
    except ValueError:  # an unclosed quote: nothing read rather than a guess
        return {}
    if words and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])} if len(words) > 1 else {}
    matches = [_ASSIGNMENT.match(word) for word in words]
    if not all(matches):
        return {}
    return {m.group(1): m.group(2) for m in matches if m is not None}
