"""The parse floor: tree-sitter alone parsing every source seamcheck would analyse, in one
process, with the grammar seamcheck picks for each file. Prints JSON: seconds, files, bytes.

    python bench/floor.py TREE [OUT]     # OUT: write the JSON there instead of stdout
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import tree_sitter as ts
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_typescript

from seamcheck.config import load_config
from seamcheck.extract.components import is_component, script_source
from seamcheck.project import discover


def main() -> None:
    root = Path(sys.argv[1]).resolve()
    project = discover(root, load_config(root))
    languages = {
        "python": ts.Language(tree_sitter_python.language()),
        "javascript": ts.Language(tree_sitter_javascript.language()),
        "typescript": ts.Language(tree_sitter_typescript.language_typescript()),
        "tsx": ts.Language(tree_sitter_typescript.language_tsx()),
    }
    parsers = {name: ts.Parser(language) for name, language in languages.items()}
    sources = []
    for file in project.files:
        data = (root / file.path).read_bytes()
        if is_component(file.path):  # a Vue or Svelte component: its script blocks
            data, grammar = script_source(data)
        else:
            grammar = "tsx" if file.path.endswith(".tsx") else file.language
        sources.append((parsers[grammar], data))
    start = time.perf_counter()
    for parser, data in sources:
        parser.parse(data)
    seconds = time.perf_counter() - start
    total = sum(len(data) for _, data in sources)
    result = json.dumps({"seconds": seconds, "files": len(sources), "bytes": total})
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(result)
    else:
        print(result)


if __name__ == "__main__":
    main()
