"""Findings carried across edits that only move lines: the rules do not run, and what comes
out is what a run without a cache gives."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import seamcheck.analysis
from conftest import FIXTURES, RepoFactory
from seamcheck.analysis import Analysis, RunOptions, analyse
from seamcheck.cache import RunRecord
from seamcheck.carry import carry, involvement, line_map, unaffected
from seamcheck.config import load_config
from seamcheck.extract import extract
from seamcheck.findings import Alias, Finding, Related
from test_cache import SERVICES

PREDICT = "services/ml-service/src/ml_service/routers/predict.py"
WORKER = "services/worker/worker.py"
REGISTRY = "services/ml-service/src/ml_service/registry.py"


def run(root: Path, cache: Path | None) -> Analysis:
    return analyse(root, load_config(root), RunOptions(cache_dir=cache, jobs=1, progress=False))


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", root)
    return root


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules ran."""
    runs: list[int] = []
    real = seamcheck.analysis._check

    def spy(*args: Any) -> list[Finding]:
        runs.append(1)
        return real(*args)

    monkeypatch.setattr(seamcheck.analysis, "_check", spy)
    return runs


def prepend(path: Path, line: str) -> None:
    path.write_text(line + "\n" + path.read_text())


def where(analysis: Analysis, code: str) -> list[tuple[str, int, list[tuple[str, int]]]]:
    return [
        (f.path, f.line, [(r.path, r.line) for r in f.related])
        for f in analysis.findings
        if f.code == code
    ]


def test_a_line_added_at_the_top_moves_the_findings_without_running_the_rules(
    demo: Path, tmp_path: Path, checked: list[int]
) -> None:
    cache = tmp_path / "cache"
    before = run(demo, cache)
    assert checked == [1]
    prepend(demo / WORKER, "# Run with: python worker.py")
    moved = run(demo, cache)
    assert checked == [1] and moved.reused  # carried, not checked again
    assert moved.findings == run(demo, None).findings
    assert [(p, line) for p, line, _ in where(before, "SC101")] == [(WORKER, 12), (WORKER, 13)]
    assert [(p, line) for p, line, _ in where(moved, "SC101")] == [(WORKER, 13), (WORKER, 14)]


def test_a_file_put_back_as_it_was_is_carried_at_its_next_edit(
    demo: Path, tmp_path: Path, checked: list[int]
) -> None:
    cache = tmp_path / "cache"
    run(demo, cache)
    original = (demo / WORKER).read_text()
    prepend(demo / WORKER, "# one")
    run(demo, cache)
    (demo / WORKER).write_text(original)  # put back (git stash pop): the first run replayed
    assert run(demo, cache).reused
    rules_ran = len(checked)
    (demo / WORKER).write_text("# two\n# three\n" + original)
    moved = run(demo, cache)
    assert moved.reused and len(checked) == rules_ran  # carried
    assert moved.findings == run(demo, None).findings


def test_findings_whose_text_cites_a_moved_line_are_not_carried(
    demo: Path, tmp_path: Path, checked: list[int]
) -> None:
    """SC202 cites the lines of the chain it follows (`registry.py:25`, `at line 25`): when
    those move, the rules run again."""
    cache = tmp_path / "cache"
    run(demo, cache)
    prepend(demo / REGISTRY, "# Loads models from the artifact store.")
    moved = run(demo, cache)
    assert not moved.reused and checked == [1, 1]
    assert moved.findings == run(demo, None).findings
    chain = next(f for f in moved.findings if "pathlib.Path().exists (registry.py:" in f.message)
    assert "pathlib.Path().exists (registry.py:24), and 2 more blocking calls" in chain.message
    related = [(r.path, r.line, r.message.split(" here")[0]) for r in chain.related]
    assert (
        REGISTRY,
        20,
        "`wait_for_artifact` (sync) makes the blocking call at line 24",
    ) in related
    assert (REGISTRY, 26, "also reaches blocking `nap()` (time.sleep)") in related


def test_every_source_of_the_demo_edited_gives_what_a_run_without_cache_gives(
    demo: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    run(demo, cache)
    sources = [f.path for f in run(demo, None).project.files]
    carried = 0
    for index, path in enumerate(sources):
        comment = "#" if path.endswith(".py") else "//"
        lines = (demo / path).read_text().split("\n")
        lines.insert(0, f"{comment} edit {index}")  # every line moves
        lines.insert(len(lines) // 2, "")  # and half of them once more
        (demo / path).write_text("\n".join(lines))
        warm = run(demo, cache)
        carried += warm.reused  # every edit changed facts: reused is carried
        assert warm.findings == run(demo, None).findings, path
        assert warm.suppressions == run(demo, None).suppressions, path
    assert carried >= len(sources) // 2, (carried, len(sources))


def test_an_edit_that_parts_a_seam_hint_from_its_call_runs_the_rules(
    repo: RepoFactory, tmp_path: Path, checked: list[int]
) -> None:
    """A hint names the call on its own line or the next: a line added between them changes
    what links, so the findings of before cannot be carried."""
    root, cache = repo(HINTED), tmp_path / "cache"
    assert [f.code for f in run(root, cache).findings] == []
    call = root / "services/gateway/src/score.ts"
    call.write_text(call.read_text().replace("model\n", "model\n\n"))
    again = run(root, cache)
    assert checked == [1, 1] and not again.reused
    assert [f.code for f in again.findings] == ["SC107"]
    assert again.findings == run(root, None).findings


HINTED = {
    "docker-compose.yml": SERVICES["docker-compose.yml"],
    "services/gateway/package.json": '{"name": "gateway", "dependencies": {"axios": "1"}}',
    "services/gateway/src/score.ts": """
        import axios from "axios";

        export async function score(body: unknown) {
          // seamcheck: calls model
          return axios.post(`${process.env.MODEL_URL}/score`, body);
        }
    """,
    "services/model/requirements.txt": "fastapi\n",
    "services/model/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/score")
        async def score(payload: dict) -> dict:
            return payload
    """,
}


def test_a_file_edited_twice_within_the_racy_window_is_carried_and_read_again(
    demo: Path, tmp_path: Path, checked: list[int]
) -> None:
    cache = tmp_path / "cache"
    run(demo, cache)
    worker = demo / WORKER
    prepend(worker, "# one")
    assert run(demo, cache).reused
    # Written a moment ago, the file's stat is not trusted, but what the run saw of it is
    # known: a second edit is carried from the first.
    prepend(worker, "# two")
    second = run(demo, cache)
    assert second.reused and checked == [1]
    assert where(second, "SC101")[0][:2] == (WORKER, 14)
    # Same size and mtime, other content: read again, not believed from the stat.
    info = worker.stat()
    worker.write_text(
        worker.read_text().replace("from ml_service.models", "from ml_service.modelz")
    )
    os.utime(worker, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert worker.stat().st_size == info.st_size
    third = run(demo, cache)
    assert not third.reused and third.findings == run(demo, None).findings
    assert "ml_service.modelz.classifier" in [i.module for i in third.facts[WORKER].imports]


def facts(text: str, language: str = "python") -> object:
    path = "app.py" if language == "python" else "app.ts"
    return extract(path, text.encode(), language)


def test_line_map_pairs_facts_that_differ_only_in_their_lines() -> None:
    before = "import os\n\n\ndef f():\n    os.remove('x')\n"
    after = "# new\nimport os\n\n\n\ndef f():\n    os.remove('x')\n"
    assert line_map(facts(before), facts(after)) == {1: 2, 4: 6, 5: 7}
    # Anonymous functions are named by their position: those names move too.
    js_before = "app.get('/a', (req, res) => res.send(fs.readFileSync('x')));\n"
    js_after = "// routes\n" + js_before
    assert line_map(facts(js_before, "typescript"), facts(js_after, "typescript")) == {1: 2}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a call added: more than lines changed
        ("def f():\n    g()\n", "def f():\n    g()\n    h()\n"),
        # text inserted before a call on its line: its column moves
        ("def f():\n    g()\n", "def f():\n    x = 1; g()\n"),
        # a binding and a call swap lines: each list keeps its shape, their order flips
        ("url = 'http://a/x'\nrequests.get(url)\n", "requests.get(url)\nurl = 'http://a/x'\n"),
        # two facts on one line pulled apart
        ("import a; import b\n", "import a\nimport b\n"),
        # lines next to each other pulled apart (a seam hint and its call)
        (
            "# seamcheck: calls model\nrequests.get(u)\n",
            "# seamcheck: calls model\n\nrequests.get(u)\n",
        ),
    ],
)
def test_line_map_refuses_edits_that_do_more_than_move_lines(before: str, after: str) -> None:
    assert line_map(facts(before), facts(after)) is None


def finding(path: str, line: int, message: str, *related: Related) -> Finding:
    return Finding("SC202", "error", message, path, line, 1, line, 9, "svc", "f1", related)


MOVES = {"a/app.py": {3: 5, 7: 9, 12: 12}, "a/page.ts": {1: 2}}


def test_carry_moves_the_locations_in_moved_files_and_nothing_else() -> None:
    record = RunRecord(
        [
            dataclasses.replace(
                finding(
                    "b/main.py",
                    4,
                    "calls `helper` of a/app.py, which blocks (app.py:12)",
                    Related("a/app.py", 3, 1, "`helper` (sync) calls `open()` at line 12"),
                    Related("b/main.py", 3, 1, "starts here"),
                ),
                aliases=(Alias("f2", "calls `helper`, which also blocks (app.py:12)"),),
            ),
            finding("a/app.py", 7, "in a/app.py"),
            finding("c/other.py", 7, "line 7 of another file, port 3"),
            # An '@' that names no anonymous function (a scoped npm package) involves no file:
            # the 10k bench tree's edit was never carried for one such SC102.
            finding("d/web.ts", 2, "'@tensorflow/tfjs-node' (ml) is imported by 'api-7'"),
        ],
        {"a/app.py": (), "c/other.py": ()},
    )
    moved = carry(record, MOVES, {})
    assert moved is not None
    assert [
        (f.path, f.line, f.end_line, [(r.path, r.line) for r in f.related]) for f in moved.findings
    ] == [
        ("a/app.py", 9, 9, []),
        ("b/main.py", 4, 4, [("a/app.py", 5), ("b/main.py", 3)]),
        ("c/other.py", 7, 7, []),
        ("d/web.ts", 2, 2, []),
    ]
    assert [(f.message, f.aliases) for f in moved.findings] == [
        (f.message, f.aliases) for f in sorted(record.findings, key=lambda f: f.sort_key)
    ]
    assert list(moved.suppressions) == ["c/other.py"]


ALL = ["a/app.py", "b/main.py", "c/other.py"]


@pytest.mark.parametrize(
    ("findings", "unaffected_files"),
    [
        ([], ALL),
        # about b/main.py, with a/app.py as a related location
        (
            [finding("b/main.py", 4, "blocks", Related("a/app.py", 3, 1, "`helper` blocks"))],
            ["c/other.py"],
        ),
        # names a file only in its text (a chain's hop, `app.py:12`)
        ([finding("b/main.py", 4, "reaches open() (app.py:12)")], ["c/other.py"]),
        # an anonymous function's name says its line, not its file
        ([finding("b/main.py", 1, "async function `<anonymous@7:3>` blocks")], []),
        # a scoped npm package is no anonymous function
        ([finding("d/web.ts", 2, "'@tensorflow/tfjs-node' (ml) is imported")], ALL),
    ],
)
def test_unaffected_says_which_moved_files_carry_leaves_every_finding_alone(
    findings: list[Finding], unaffected_files: list[str]
) -> None:
    involved = involvement(findings)
    assert [path for path in ALL if unaffected(involved, path)] == unaffected_files
    for path in ALL:
        moved = carry(RunRecord(findings, {}), {path: {3: 5, 4: 6, 7: 9, 12: 14}}, {})
        alone = moved is not None and all(any(f is g for g in findings) for f in moved.findings)
        assert alone == (path in unaffected_files)


@pytest.mark.parametrize(
    "record",
    [
        # a moved line cited in the text (by the rule, or in a URL the user wrote)
        RunRecord(
            [finding("b/main.py", 4, "blocks (app.py:7)", Related("a/app.py", 3, 1, "x"))], {}
        ),
        RunRecord([finding("a/app.py", 3, "requests GET '/docs/line 7'")], {}),
        # a moved line cited by an alias's message (a baseline entry's text)
        RunRecord(
            [
                dataclasses.replace(
                    finding("b/main.py", 4, "blocks", Related("a/app.py", 3, 1, "x")),
                    aliases=(Alias("f2", "also blocks (app.py:7)"),),
                )
            ],
            {},
        ),
        # a line no fact stood on
        RunRecord([finding("a/app.py", 4, "here")], {}),
        # an anonymous function on a moved line: which file holds it is not said
        RunRecord([finding("b/main.py", 1, "async function `<anonymous@7:3>` blocks")], {}),
        # line 1 that moved: a fact's line, or a stage's "no better place" (a Next.js route)?
        RunRecord([finding("a/page.ts", 1, "serves GET /")], {}),
    ],
)
def test_carry_gives_up_on_a_line_it_cannot_place(record: RunRecord) -> None:
    assert carry(record, MOVES, {}) is None


NEXT = '{"name": "web", "version": "1.0.0", "dependencies": {"next": "14.0.0", "react": "18"}}'
BFS_GAP = "\n" * 30

# Edits a first review of carrying found to give other findings than a run without cache:
# each repo, the file edited and how (a line added at the top unless said).
COUNTEREXAMPLES = {
    "a cited path with brackets (Next.js dynamic route)": (
        {
            "package.json": NEXT,
            "app/page.ts": """
                export async function load(id) {
                  const res = await fetch(`/api/item/${id}`);
                  return res.json();
                }
            """,
            "app/db.ts": "export const db = new Map();\n",
            "app/api/items/[id]/route.ts": """
                import { db } from "../../../db";

                export async function GET(req) {
                  return Response.json(db.get(1));
                }
            """,
        },
        "app/api/items/[id]/route.ts",
        None,
    ),
    "a chain chosen by sorting anonymous functions' names": (
        {
            "package.json": '{"name": "jobs", "version": "1.0.0"}',
            "main.js": "const fs = require('fs');\n"
            "function readIt() { return fs.readFileSync('x'); }\n"
            "async function handle(items) {\n"
            "  items.map(() => readIt());\n" + BFS_GAP + "  items.map(() => readIt());\n"
            "}\nmodule.exports = { handle };\n",
        },
        "main.js",
        lambda text: "// c\n" * 10 + text.replace(BFS_GAP, "\n" * 20),
    ),
    "a fingerprint naming an anonymous caller": (
        {
            "package.json": '{"name": "web", "version": "1.0.0"}',
            "src/api.ts": """
                export const handlers = [
                  async (id: string) => {
                    const res = await fetch(`/api/cart/${encodeURIComponent(id)}`);
                    return res.json();
                  },
                ];
            """,
        },
        "src/api.ts",
        None,
    ),
    "a URL the user wrote that reads like a cited line": (
        {
            "requirements.txt": "requests\n",
            "worker.py": """
                import requests


                def expire(item):
                    requests.get("/docs/line 5", timeout=5)
            """,
        },
        "worker.py",
        None,
    ),
    "a Next.js API route in a Python file, declared at line 1": (
        {
            "package.json": NEXT,
            "pages/index.js": """
                export async function load() {
                  const res = await fetch("/api/reprot");
                  return res.json();
                }
            """,
            "pages/api/report.py": """
                import json


                def handler(request):
                    return json.dumps({})
            """,
        },
        "pages/api/report.py",
        None,
    ),
}


@pytest.mark.parametrize("case", list(COUNTEREXAMPLES))
def test_edits_a_review_found_give_what_a_run_without_cache_gives(
    case: str, repo: RepoFactory, tmp_path: Path
) -> None:
    files, edited, edit = COUNTEREXAMPLES[case]
    root, cache = repo(files), tmp_path / "cache"
    run(root, cache)
    path = root / edited
    comment = "# top\n" if edited.endswith(".py") else "// top\n"
    path.write_text(edit(path.read_text()) if edit else comment + path.read_text())
    assert run(root, cache).findings == run(root, None).findings


def test_fingerprints_do_not_hold_the_positions_in_anonymous_functions_names(
    repo: RepoFactory,
) -> None:
    """A baseline matches by fingerprint: a line added above an anonymous caller keeps it."""
    files = COUNTEREXAMPLES["a fingerprint naming an anonymous caller"][0]
    root = repo(files)
    before = [(f.code, f.fingerprint) for f in run(root, None).findings]
    prepend(root / "src/api.ts", "// top")
    assert before and [(f.code, f.fingerprint) for f in run(root, None).findings] == before
