"""Valid Python that tree-sitter's grammar cannot read: a starred comprehension after a comma
(`return 1, *[x for x in y]`, `yield None, history, *[skip() for _ in outputs]` in Gradio's
chat_interface.py; tree-sitter-python issue #132's kind). It was an SC001 warning, "syntax
error ... analysed in part", on code Python runs and nobody can fix. Python's own parser
(asked for a tree only: nothing is run) now has the last word on whether a Python file holds
a syntax error."""

from __future__ import annotations

import json

from conftest import RepoFactory, run_cli

MODELS = {
    "models/requirements.txt": "fastapi\nrequests\n",
    "models/app/main.py": """\
        import requests
        from fastapi import FastAPI

        app = FastAPI()


        def outputs(extra):
            return "ok", *[str(e) for e in extra]


        async def stream(extra):
            yield None, *(e for e in extra)


        @app.post("/predict")
        async def predict():
            return requests.get("http://registry:9000/latest").json()
        """,
    "models/app/broken.py": """\
        def half_written(payload:
            return payload
        """,
}


def _findings(root: object) -> list[tuple[str, str, int]]:
    document = json.loads(run_cli("check", str(root), "--no-cache", "--format", "json").stdout)
    return [(f["code"], f["path"], f["line"]) for f in document["findings"]]


def test_valid_python_the_grammar_cannot_read_is_no_syntax_error(repo: RepoFactory) -> None:
    root = repo(MODELS)
    found = _findings(root)
    assert [f for f in found if f[0] == "SC001"] == [("SC001", "models/app/broken.py", 1)]
    # The rest of the file is analysed as before: the blocking call in `predict` is found.
    assert ("SC201", "models/app/main.py", 17) in found
