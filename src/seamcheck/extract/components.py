"""Single-file components (Vue's `.vue`, Svelte's `.svelte`): the code of a component is its
`<script>` blocks, where it imports modules and calls services; the markup and styles
around them are not JavaScript.

The component is handed to the JavaScript extractor with every byte outside its script
blocks turned into a space (line breaks kept), so each fact keeps the line and column it has
in the component, and two blocks (Vue's `<script>` beside `<script setup>`, Svelte's
`<script module>` beside its instance script) read as one module, as their compilers join
them. Calls written in the markup (`{#await fetch(...)}`, `@click="load()"`) are not read.

Only a script block at the top level is the component's module, as both compilers read it:
one inside an element is markup (Vue's compiler drops it from a template; Svelte's renders
it into the page, as `<svelte:head>` holds an analytics snippet or JSON-LD), and so is the
text of a code sample (`<pre>{`<script>...`}</pre>`, a `<docs>` block). A block in a language
that is no JavaScript dialect (`lang="coffee"`, `type="application/ld+json"`) is not read.
"""

from __future__ import annotations

import re

COMPONENT_SUFFIXES = (".vue", ".svelte")

# Where an HTML comment (a script inside one is not code) or an element's opening tag starts;
# the tag's attributes, to its end (quoted values may hold '>'). Each is matched from where
# the last ended, and the first that does not end stops the scan: a search that looked for a
# whole tag from every `<script` would read the rest of the file once for each.
_START = re.compile(rb"<!--|<(?P<name>[A-Za-z][\w:.-]*)")
_ATTRIBUTES = re.compile(rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_COMMENT_END = re.compile(rb"-->")
# Inside an element: comments, and the opening and closing tags of elements.
_TAGS = re.compile(rb"<!--|<(?P<closing>/?)(?P<name>[A-Za-z][\w:.-]*)")
_CLOSING = re.compile(rb"</script\s*>", re.I)
_LANG = re.compile(rb"""(?:^|\s)lang\s*=\s*["']?(?P<value>[\w/+-]*)""", re.I)
_TYPE = re.compile(rb"""(?:^|\s)type\s*=\s*["']?(?P<value>[\w/+-]*)""", re.I)
# Elements with no content, whose opening tag needs no `/>`.
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
# Every byte but a line break becomes a space: a fact's line and byte column stay the same.
_BLANK = bytes(b if b in b"\r\n" else 0x20 for b in range(256))
# The grammar a block's `lang` (or `type`, as svelte-preprocess reads it) asks for; a
# component with several takes the widest. A block in any other language is not read.
_DIALECTS = {
    b"": "javascript",
    b"js": "javascript",
    b"javascript": "javascript",
    b"module": "javascript",
    b"text/javascript": "javascript",
    b"application/javascript": "javascript",
    b"ts": "typescript",
    b"typescript": "typescript",
    b"text/typescript": "typescript",
    b"tsx": "tsx",
    b"jsx": "tsx",
}
_WIDTH = {"javascript": 0, "typescript": 1, "tsx": 2}


def is_component(path: str) -> bool:
    return path.lower().endswith(COMPONENT_SUFFIXES)


def script_source(data: bytes) -> tuple[bytes, str]:
    """The component's bytes with all but its top-level script blocks' bodies blanked, and
    the dialect (javascript | typescript | tsx) they are written in."""
    source = bytearray(data.translate(_BLANK))
    dialect = "javascript"
    position = 0
    nested = True  # whether elements are still skipped whole (`_element_end`)
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
        name = start.group("name").lower()
        if attributes.rstrip().endswith(b"/") or start.group("name") in _VOID:
            continue  # `<script src="./x.js" />`, `<br>`: no content
        if name != b"script":
            # Markup, a style or a custom block: what it holds is no code of the component.
            # Once one is not closed, none is skipped whole any more: a file of such tags is
            # read once, not to its end from each.
            end = _element_end(data, name, position) if nested else None
            nested = end is not None
            position = end if end is not None else position
            continue
        closing = _CLOSING.search(data, position)
        end = closing.start() if closing is not None else len(data)
        wanted = _dialect(attributes)
        if wanted is not None:
            source[position:end] = data[position:end]
            if _WIDTH[wanted] > _WIDTH[dialect]:
                dialect = wanted
        position = closing.end() if closing is not None else len(data)
    return bytes(source), dialect


def _dialect(attributes: bytes) -> str | None:
    """The dialect a script block's `lang` and `type` ask for; None for a language that is
    no JavaScript dialect (CoffeeScript, a Vue x-template, JSON-LD)."""
    given = (
        m.group("value").lower() for m in (_LANG.search(attributes), _TYPE.search(attributes)) if m
    )
    wanted = [_DIALECTS.get(value) for value in given]
    if None in wanted:
        return None
    return max((w for w in wanted if w is not None), key=_WIDTH.__getitem__, default="javascript")


def _element_end(data: bytes, name: bytes, position: int) -> int | None:
    """Where the element whose opening tag ends at `position` ends: after its closing tag,
    elements of the same name inside it counted. None when it is not closed (HTML lets a
    `<p>` or `<li>` go unclosed)."""
    depth = 1
    while (found := _TAGS.search(data, position)) is not None:
        position = found.end()
        if found.group() == b"<!--":
            comment_end = _COMMENT_END.search(data, position)
            if comment_end is None:
                return None
            position = comment_end.end()
            continue
        if found.group("name").lower() != name:
            continue
        tag = _ATTRIBUTES.match(data, position)
        if tag is None:
            return None
        position = tag.end()
        if found.group("closing"):
            depth -= 1
            if depth == 0:
                return position
        elif not data[found.end() : tag.end() - 1].rstrip().endswith(b"/"):
            depth += 1
    return None
