"""Lone UTF-16 surrogates in strings read from the repository's JSON and YAML files.

`"\\ud83a"` is a valid escape in both, and Python decodes it to a lone surrogate: no
character, and nothing seamcheck writes (reports, the cache) can encode it as UTF-8. A
package.json name holding one ended the run with an internal error. Values are cleaned where
they are parsed, so that every string past that point can be written.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# How a surrogate is spelled in JSON (`\ud83a`) and YAML (`\ud83a`, `\U0000d83a`).
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")


def clean(text: str) -> str:
    """`text` with each pair of surrogates joined into its character and each lone one
    replaced by U+FFFD, as undecodable bytes are elsewhere."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def cleaned(value: Any, source: str) -> Any:
    """`value`, parsed from `source`, with every string in it (keys too) `clean`. Walked only
    when `source` spells a surrogate; lists and dicts are changed in place, iteratively, as
    parsed data can nest deeper than the interpreter's stack."""
    if _SURROGATE_ESCAPE.search(source) is None:
        return value
    if isinstance(value, str):
        return clean(value)
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, list):
            for i, element in enumerate(item):
                if isinstance(element, str):
                    item[i] = clean(element)
                elif isinstance(element, list | dict):
                    stack.append(element)
        elif isinstance(item, dict):
            for key in list(item):
                element = item[key]
                if isinstance(element, str):
                    item[key] = clean(element)
                elif isinstance(element, list | dict):
                    stack.append(element)
                if isinstance(key, str) and clean(key) != key:
                    item[clean(key)] = item.pop(key)
    return value
