"""Single-file components (Vue's `.vue`, Svelte's `.svelte`): the code of a component is its
`<script>` blocks, where it imports modules and calls services; the markup and styles
around them are not JavaScript.

The component is handed to the JavaScript extractor with every byte outside its script
blocks turned into a space (line breaks kept), so each fact keeps the line and column it has
in the component, and two blocks (Vue's `<script>` beside `<script setup>`, Svelte's
`<script module>` beside its instance script) read as one module, as their compilers join
them. Calls written in the markup (`{#await fetch(...)}`, `@click="load()"`) are not read.
"""

from __future__ import annotations

import re

COMPONENT_SUFFIXES = (".vue", ".svelte")

# Where an HTML comment (a script inside one is not code) or a script block's opening tag
# starts; the tag's attributes, to its end (quoted values may hold '>'). Each is matched from
# where the last ended, and the first that does not end stops the scan: a search that looked
# for a whole tag from every `<script` would read the rest of the file once for each.
_START = re.compile(rb"<!--|<script\b", re.I)
_ATTRIBUTES = re.compile(rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_COMMENT_END = re.compile(rb"-->")
_CLOSING = re.compile(rb"</script\s*>", re.I)
_LANG = re.compile(rb"""\blang\s*=\s*["']?(?P<lang>[\w-]+)""", re.I)
# Every byte but a line break becomes a space: a fact's line and byte column stay the same.
_BLANK = bytes(b if b in b"\r\n" else 0x20 for b in range(256))
# The grammar a block's `lang` asks for; a component with several takes the widest.
_DIALECTS = {b"ts": "typescript", b"typescript": "typescript", b"tsx": "tsx", b"jsx": "tsx"}
_WIDTH = {"javascript": 0, "typescript": 1, "tsx": 2}


def is_component(path: str) -> bool:
    return path.lower().endswith(COMPONENT_SUFFIXES)


def script_source(data: bytes) -> tuple[bytes, str]:
    """The component's bytes with all but its script blocks' bodies blanked, and the dialect
    (javascript | typescript | tsx) they are written in."""
    source = bytearray(data.translate(_BLANK))
    dialect = "javascript"
    position = 0
    while (start := _START.search(data, position)) is not None:
        if start.group() == b"<!--":
            comment_end = _COMMENT_END.search(data, start.end())
            if comment_end is None:
                break
            position = comment_end.end()
            continue
        tag = _ATTRIBUTES.match(data, start.end())
        if tag is None:
            break  # a tag left open runs to the end: no code after it
        attributes = data[start.end() : tag.end() - 1]
        position = tag.end()
        if attributes.rstrip().endswith(b"/"):
            continue  # `<script src="./x.js" />`: no code here
        closing = _CLOSING.search(data, position)
        end = closing.start() if closing is not None else len(data)
        source[position:end] = data[position:end]
        lang = _LANG.search(attributes)
        wanted = _DIALECTS.get(lang.group("lang").lower(), dialect) if lang else dialect
        if _WIDTH[wanted] > _WIDTH[dialect]:
            dialect = wanted
        position = closing.end() if closing is not None else len(data)
    return bytes(source), dialect
