"""The extractors' module-level caches hold what every file shares (a dialect's grammar, its
queries, its field ids), never anything of one file: a syntax node cached there keeps its
whole tree alive for the rest of the run. `_first_parameter` (a `forEach` function's first
parameter) was cached so: extracting 1,500 JavaScript files with a `forEach((x) => ...)` each
grew the process from 22 MB to 1.5 GB (every file's tree kept)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from seamcheck.extract import common, javascript, python, typeuse

SOURCE = """\
const express = require('express');
const v1 = express.Router();
const v2 = express.Router();
[v1, v2].forEach((r) => r.get('/items', (req, res) => res.json([])));
routers.forEach(function (r) { r.post('/items', (req, res) => res.json([])); });
module.exports = (router) => router.get('/health', (req, res) => res.json({}));
"""


def _cache_sizes() -> dict[str, int]:
    """Each module-level cached function of the extractors, by name, with its entries."""
    modules: tuple[ModuleType, ...] = (common, javascript, python, typeuse)
    sizes: dict[str, int] = {}
    for module in modules:
        for name, value in vars(module).items():
            info: Callable[[], Any] | None = getattr(value, "cache_info", None)
            if info is not None:
                sizes[f"{module.__name__}.{name}"] = info().currsize
    return sizes


def test_extracting_a_file_caches_nothing_of_it() -> None:
    for dialect in ("javascript", "typescript", "tsx"):
        javascript.extract_javascript("warm.js", SOURCE.encode(), dialect)
    before = _cache_sizes()
    for number in range(5):
        source = SOURCE.replace("/items", f"/items{number}").encode()
        for dialect in ("javascript", "typescript", "tsx"):
            javascript.extract_javascript(f"routes{number}.js", source, dialect)
    assert _cache_sizes() == before
