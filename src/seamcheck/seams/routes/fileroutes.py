"""Folder and file names that spell routes, as Nuxt's Nitro and SvelteKit write them: `(group)`
adds no segment, `[id]` is a parameter (SvelteKit's `[id=matcher]` too), `[...rest]` any
segments (Nitro's bare `[...]` too), `[[lang]]` an optional parameter, and a segment mixing
text with a parameter (`[a]-[b]`, `v[version]`) any value."""

from __future__ import annotations

import re

OPTIONAL = re.compile(r"^\[\[(\w+)(?:=\w+)?\]\]$")
_GROUP = re.compile(r"^\(.*\)$")
_REST = re.compile(r"^\[\.\.\.(\w*)(?:=\w+)?\]$")
_PARAM = re.compile(r"^\[(\w+)(?:=\w+)?\]$")


def is_group(segment: str) -> bool:
    return bool(_GROUP.match(segment))


def route_segment(segment: str) -> str:
    """A folder or file name as a segment of `paths.normalise`'s input."""
    if found := _REST.match(segment):
        return f"[...{found.group(1) or 'path'}]"
    if (found := _PARAM.match(segment)) or (found := OPTIONAL.match(segment)):
        return f"[{found.group(1)}]"
    if "[" in segment:
        return "[value]"  # text and parameters in one segment: any value may match
    return segment
