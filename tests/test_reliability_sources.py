"""Hostile source files (issue #9): every one yields a result, never a traceback, and the rest
of the repository is still analysed. Each test drops one kind of file into a healthy repo."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile_helpers import BASE_FINDING, base_repo, invoke
from seamcheck.extract import extract
from seamcheck.extract.common import MAX_QUERY_DEPTH
from seamcheck.extract.python import _COMMENT_RUN, MAX_COMMENT_RUN, _has_comment_run

API = "services/api/app"
GATEWAY = "services/gateway/src"


def _check(root: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    run = invoke("check", str(root), "--format", "json", *args)
    assert run.code in (0, 1), run
    return run.code, json.loads(run.stdout)["findings"], run.stderr


def _codes_at(findings: list[dict[str, object]], path: str) -> list[str]:
    return sorted(str(f["code"]) for f in findings if f["path"] == path)


def _base_still_found(findings: list[dict[str, object]]) -> None:
    assert any(f["code"] == "SC201" and f["path"] == f"{API}/main.py" for f in findings)


def test_base_repository_has_one_known_finding(tmp_path: Path) -> None:
    run = invoke("check", str(base_repo(tmp_path)))
    assert run.code == 1
    assert run.stdout.splitlines()[0].startswith(BASE_FINDING)
    assert run.stdout.splitlines()[-1] == "1 finding (1 error) in 2 files across 2 services."


def test_syntax_error_reports_sc001_and_keeps_the_intact_parts(tmp_path: Path) -> None:
    broken = (
        "import time\n\nasync def handler(:\n    pass\n\nasync def poll():\n    time.sleep(1)\n"
    )
    root = base_repo(tmp_path, {f"{API}/broken.py": broken})
    _, findings, _ = _check(root)
    # The error and the blocking call after it, in the function the parser recovered.
    assert _codes_at(findings, f"{API}/broken.py") == ["SC001", "SC201"]
    _base_still_found(findings)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "# café: latin-1 comment\nimport time\n\nasync def f():\n    time.sleep(1)\n"),
        ("utf-16", "import time\n\nasync def f():\n    time.sleep(1)\n"),
        ("cp1252", "s = '€ “quoted”'\nimport time\n\nasync def f():\n    time.sleep(1)\n"),
    ],
)
def test_non_utf8_sources_are_analysed_or_skipped_cleanly(
    tmp_path: Path, encoding: str, text: str
) -> None:
    root = base_repo(tmp_path, {f"{API}/legacy.py": text.encode(encoding)})
    _, findings, stderr = _check(root)
    _base_still_found(findings)
    if encoding == "utf-16":  # NUL in every other byte: not source seamcheck can read
        assert stderr == f"seamcheck: note: skipped {API}/legacy.py: binary content\n"
    else:  # ASCII-compatible: the code itself is intact
        assert _codes_at(findings, f"{API}/legacy.py") == ["SC201"]


def test_a_declared_encoding_is_read_as_python_reads_it(tmp_path: Path) -> None:
    """PEP 263: `# -*- coding: latin-1 -*-` makes the file valid Python. Read as UTF-8 its
    accented names were syntax errors and the function lost its name; a cookie that names
    no text codec leaves the bytes as they are."""
    legacy = (
        "# -*- coding: latin-1 -*-\nimport time\n\n\nasync def café_handler():\n"
        '    """Résumé des données."""\n    x = "é"; time.sleep(1)\n'
    ).encode("latin-1")
    bogus = b"# coding: rot13\nimport time\n\nasync def g():\n    time.sleep(1)\n"
    root = base_repo(tmp_path, {f"{API}/legacy.py": legacy, f"{API}/bogus.py": bogus})
    _, findings, _ = _check(root)
    legacy_found = [f for f in findings if f["path"] == f"{API}/legacy.py"]
    assert [(f["code"], f["line"], f["column"]) for f in legacy_found] == [("SC201", 7, 14)]
    assert "`café_handler`" in str(legacy_found[0]["message"])
    assert _codes_at(findings, f"{API}/bogus.py") == ["SC201"]


def test_mixed_encodings_in_one_file_keep_columns_on_the_utf8_lines(tmp_path: Path) -> None:
    mixed = b"# \xe9t\xe9 (latin-1)\n# \xc3\xa9t\xc3\xa9 (utf-8)\nimport time\n\nasync def f():\n    x = '\xff\xfe'; time.sleep(1)\n"
    root = base_repo(tmp_path, {f"{API}/mixed.py": mixed})
    _, findings, _ = _check(root)
    sleep = [f for f in findings if f["path"] == f"{API}/mixed.py" and f["code"] == "SC201"]
    # Column counts characters; an undecodable byte counts as one.
    assert [(f["line"], f["column"]) for f in sleep] == [(6, 15)]


def test_bom_does_not_shift_columns(tmp_path: Path) -> None:
    source = "import time\n\nasync def f():\n    time.sleep(1)\n"
    root = base_repo(
        tmp_path,
        {f"{API}/bom.py": b"\xef\xbb\xbf" + source.encode(), f"{API}/plain.py": source},
    )
    _, findings, _ = _check(root)
    where = {(f["path"], f["line"], f["column"]) for f in findings if f["code"] == "SC201"} - {
        (f"{API}/main.py", 9, 12)
    }
    assert where == {(f"{API}/bom.py", 4, 5), (f"{API}/plain.py", 4, 5)}


def test_crlf_and_lone_cr_line_endings(tmp_path: Path) -> None:
    source = "import time\n\nasync def f():\n    time.sleep(1)\n"
    js = 'const fs = require("fs");\napp.get("/x", async (req, res) => {\n  fs.readFileSync("a");\n});\n'
    root = base_repo(
        tmp_path,
        {
            f"{API}/crlf.py": source.replace("\n", "\r\n").encode(),
            f"{API}/cr.py": source.replace("\n", "\r").encode(),
            f"{GATEWAY}/crlf.js": js.replace("\n", "\r\n").encode(),
        },
    )
    _, findings, _ = _check(root)
    assert [(f["line"], f["column"]) for f in findings if f["path"] == f"{API}/crlf.py"] == [(4, 5)]
    assert _codes_at(findings, f"{GATEWAY}/crlf.js") == ["SC201"]
    _base_still_found(findings)


def test_nul_bytes_early_mark_a_binary_file_late_ones_are_parsed(tmp_path: Path) -> None:
    late = b"import time\n\nasync def f():\n    time.sleep(1)\n" + b"#" * 9000 + b"\n# \x00\n"
    root = base_repo(tmp_path, {f"{API}/early.py": b"x = '\x00'\n", f"{API}/late.py": late})
    _, findings, stderr = _check(root)
    assert _codes_at(findings, f"{API}/early.py") == []
    assert "SC201" in _codes_at(findings, f"{API}/late.py")
    assert f"seamcheck: note: skipped {API}/early.py: binary content" in stderr.splitlines()


def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    root = base_repo(
        tmp_path,
        {
            f"{API}/__init__.py": "",
            f"{API}/blank.py": "\n\n   \n",
            f"{GATEWAY}/empty.ts": "",
            f"{GATEWAY}/only-comment.js": "// nothing\n",
        },
    )
    code, findings, _ = _check(root)
    assert code == 1
    assert [f["path"] for f in findings] == [f"{API}/main.py"]


def test_a_few_very_long_lines_in_real_code_are_analysed(tmp_path: Path) -> None:
    data_line = "TABLE = [" + "1, " * 60_000 + "]\n"  # 180 kB on one line
    code = "import time\n\nasync def f():\n    time.sleep(1)\n" + "x = 1\n" * 2_000
    root = base_repo(tmp_path, {f"{API}/table.py": data_line + code})
    _, findings, stderr = _check(root)
    assert [(f["code"], f["line"]) for f in findings if f["path"] == f"{API}/table.py"] == [
        ("SC201", 5)
    ]
    assert stderr == ""


def test_very_long_lines_make_a_bundle_skipped_quietly(tmp_path: Path) -> None:
    long_literal = "x = '" + "a" * 200_000 + "'\n"
    root = base_repo(
        tmp_path,
        {f"{API}/long.py": "import time\n\nasync def f():\n    time.sleep(1)\n" + long_literal * 5},
    )
    _, findings, stderr = _check(root)
    # 1 MB on 9 lines looks like a bundle: skipped quietly, like a minified file.
    assert _codes_at(findings, f"{API}/long.py") == []
    assert "long.py" not in stderr
    _base_still_found(findings)


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("parens.py", "x = " + "(\n" * 5000 + "1" + ")" * 5000 + "\n"),
        ("calls.py", "x = " + "f(\n" * 3000 + "1" + ")" * 3000 + "\n"),
        ("lists.py", "import requests\nrequests.get(" + "[\n" * 5000 + "]" * 5000 + ")\n"),
        (
            "concat.py",
            "import requests\nu = 'http://a/' + "
            + " +\n ".join(["y"] * 5000)
            + "\nrequests.get(u)\n",
        ),
        ("attrs.py", "a" + "\n.b" * 5000 + "()\n"),
        ("lambdas.py", "f = " + "lambda: " * 2000 + "1\n"),
        ("defs.py", "".join(" " * i + "def f():\n" for i in range(400)) + " " * 400 + "pass\n"),
        ("parens.js", "const x = " + "(\n" * 5000 + "1" + ")" * 5000 + ";\n"),
        ("template.js", "fetch(" + "`${\n" * 3000 + "x" + "}`" * 3000 + ");\n"),
        ("object.js", "axios.post('/x', " + "{a:\n" * 3000 + "1" + "}" * 3000 + ");\n"),
        ("blocks.js", "function f(){\n" * 2000 + "}" * 2000 + "\n"),
        ("arrows.js", "const f = " + "() =>\n " * 2000 + "1;\n"),
        ("members.ts", "a" + "\n.b()" * 5000 + ";\n"),
        ("concat.js", "const u = 'http://a/' + " + " +\n ".join(["y"] * 5000) + ";\nfetch(u);\n"),
    ],
)
def test_deeply_nested_code_never_recurses(tmp_path: Path, name: str, source: str) -> None:
    folder = API if name.endswith(".py") else GATEWAY
    root = base_repo(tmp_path, {f"{folder}/{name}": source})
    _, findings, _ = _check(root)
    _base_still_found(findings)
    graph = invoke("graph", str(root))
    assert graph.code == 0
    assert f'"{folder}/{name}"' in graph.stdout
    assert invoke("seams", str(root), "--format", "json").code == 0


def test_deep_nesting_is_linear_in_definitions() -> None:
    """Nested definitions are named after their parents; past a depth they are folded into
    the deepest named one, so facts stay linear in the source size."""
    source = ("function f(){\n" * 3000 + "}" * 3000 + "\n").encode()
    facts = extract("a.js", source, "javascript")
    assert sum(len(d.qualname) for d in facts.definitions) < 50 * len(source)


def test_huge_file_skipped_with_a_note_and_the_limit_is_configurable(tmp_path: Path) -> None:
    big = "import time\n\nasync def f():\n    time.sleep(1)\n" + "# padding\n" * 30_000
    root = base_repo(tmp_path, {f"{API}/big.py": big})
    _, findings, stderr = _check(root)
    assert _codes_at(findings, f"{API}/big.py") == ["SC201"]  # 300 kB: under the default
    (root / "seamcheck.toml").write_text("max_file_size = 100000\n")
    _, findings, stderr = _check(root)
    assert _codes_at(findings, f"{API}/big.py") == []
    assert stderr.splitlines() == [
        f"seamcheck: note: skipped {API}/big.py: larger than max_file_size (100000)"
    ]
    _base_still_found(findings)


def test_minified_and_generated_bundles_are_skipped(tmp_path: Path) -> None:
    bundle = "!function(){" + "var a=require('fs');a.readFileSync('x');" * 2000 + "}();\n"
    root = base_repo(
        tmp_path,
        {
            f"{GATEWAY}/vendor.min.js": bundle,
            f"{GATEWAY}/bundle.js": bundle + "//# sourceMappingURL=bundle.js.map\n",
            f"{API}/api_pb2.py": "import time\ntime.sleep(1)\n",
        },
    )
    _, findings, stderr = _check(root)
    assert [f["path"] for f in findings] == [f"{API}/main.py"]
    assert stderr == ""  # skipped by design: no note
    services = invoke("services", str(root), "--format", "json")
    counts = {s["name"]: s["files"] for s in json.loads(services.stdout)["services"]}
    assert counts == {"api": 1, "gateway": 1}


def test_a_small_chunk_of_a_build_is_skipped_as_a_bundle(tmp_path: Path) -> None:
    # A Vite build's chunks are hashed (`config-BlNM0caL.js`) and a few kB on one line: marimo
    # ships 710 in `_static/assets`, Prefect's UI 239. Before, those under 20 kB were parsed,
    # and their `fetch(e)` calls were SC107s at line 1. Source written by hand, however
    # short its lines or long one of them, is analysed as before.
    chunk = (
        'import{a as t}from"./index-BD_kIOMy.js";'
        + "".join(f"function f{i}(e){{return fetch(e).then(r=>r.json())}}" for i in range(40))
        + "export{f0 as load};\n"
    )
    long_line = "const ICON = '" + "A" * 3000 + "';\n"
    root = base_repo(
        tmp_path,
        {
            f"{GATEWAY}/assets/config-BlNM0caL.js": chunk,
            f"{GATEWAY}/icons.js": long_line
            + "// one of the icons the page draws\n" * 20
            + "export function load(url) {\n  return fetch(url);\n}\n",
        },
    )
    _, findings, stderr = _check(root)
    assert [(f["path"], f["code"]) for f in findings] == [
        (f"{API}/main.py", "SC201"),
        (f"{GATEWAY}/icons.js", "SC107"),
    ]
    assert stderr == ""  # skipped by design: no note


def test_a_small_script_long_only_for_its_strings_or_data_is_analysed(tmp_path: Path) -> None:
    # A gateway that serves its favicon from a base64 string, a settings object written as
    # one JSON line, and a list of re-exports on one line: each averages over 400 bytes a
    # line, but for what its strings hold or for data, with no function of its own. Before,
    # all three were skipped as bundles, quietly: the admin route and its calls to the API,
    # and the URL its settings hold, were gone from the analysis.
    favicon = base64.b64encode(bytes(range(256)) * 24).decode()
    upstreams = {
        name: {"url": f"http://api:8000/{name}", "timeoutMs": 5000, "retries": 3, "pool": 16}
        for name in ("users", *(f"feature{i}" for i in range(30)))
    }
    exports = ", ".join(f"Panel{i}" for i in range(120))
    root = base_repo(
        tmp_path,
        {
            f"{GATEWAY}/admin.js": f"""\
const express = require("express");
const settings = require("./settings");

const FAVICON = Buffer.from("{favicon}", "base64");
const admin = express.Router();

admin.get("/favicon.ico", (req, res) => res.type("image/x-icon").send(FAVICON));
admin.get("/admin/users", async (req, res) => {{
  const users = await fetch(settings.users.url);
  const orders = await fetch("http://api:8000/orders");
  res.json({{ users: await users.json(), orders: await orders.json() }});
}});

module.exports = admin;
""",
            f"{GATEWAY}/settings.js": f"const settings = {json.dumps(upstreams)};\n"
            + "module.exports = settings;\n",
            f"{GATEWAY}/panels/index.ts": f'export {{ {exports} }} from "./all";\n',
        },
    )
    _, findings, stderr = _check(root)
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [
        (f"{API}/main.py", 9, "SC201"),
        (f"{GATEWAY}/admin.js", 9, "SC104"),
        (f"{GATEWAY}/admin.js", 10, "SC104"),
    ]
    assert stderr == ""
    services = invoke("services", str(root), "--format", "json")
    assert {s["name"]: s["files"] for s in json.loads(services.stdout)["services"]} == {
        "api": 1,
        "gateway": 4,
    }


def test_binary_files_with_source_extensions(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    root = base_repo(
        tmp_path,
        {f"{API}/image.py": png, f"{GATEWAY}/blob.ts": bytes(range(256)) * 8},
    )
    _, findings, stderr = _check(root)
    assert [f["path"] for f in findings] == [f"{API}/main.py"]
    assert stderr.splitlines() == [
        f"seamcheck: note: skipped {API}/image.py: binary content",
        f"seamcheck: note: skipped {GATEWAY}/blob.ts: binary content",
    ]


def test_random_bytes_without_nul_are_parsed_as_broken_source(tmp_path: Path) -> None:
    noise = bytes((i * 7919) % 255 + 1 for i in range(20_000))  # no NUL, few newlines
    root = base_repo(tmp_path, {f"{API}/noise.py": noise, f"{GATEWAY}/noise.js": noise})
    _, findings, _ = _check(root)
    _base_still_found(findings)


def test_long_comment_runs_parse_fast_and_keep_suppressions_and_positions() -> None:
    """tree-sitter-python is quadratic in a run of comment lines (seconds for 10,000): long
    runs are blanked before parsing, keeping every byte where it was."""
    code = "import time\n\nasync def f():\n    time.sleep(1)\n"
    padding = "# commented-out code\n" * 20_000
    tail = "# seamcheck: ignore[SC201] legacy\nasync def g():\n    time.sleep(2)\n"
    facts = extract("a.py", (code + padding + "x = 'y'\n" + padding + tail).encode(), "python")
    assert [c.span.line for c in facts.calls if c.callee == "time.sleep"] == [4, 40_008]
    assert [(s.codes, s.target_line) for s in facts.suppressions] == [(("SC201",), 40_007)]
    assert facts.syntax_errors == ()


def test_comment_runs_with_windows_line_ends_are_read_as_fast() -> None:
    """A comment line ending in `\r\n` could be read two ways by the expression that finds
    comment runs: a run too short to blank tried both for each of its lines before giving
    up (22 lines: 9 s; these 40: hours). They are read as `\n` runs are, blanked when long."""
    code = "import time\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n"
    short_runs = ("# note\r\n" * 40 + "x = 1\r\n") * 10
    long_run = "# padding\r\n" * 300
    facts = extract("a.py", (code + short_runs + long_run + "time.sleep(2)\r\n").encode(), "python")
    assert [c.span.line for c in facts.calls if c.callee == "time.sleep"] == [4, 715]
    assert facts.syntax_errors == ()


# Lines a comment run is made of (blank, comments, `\r\n` or not) and lines that end one.
_RUN_LINES = [b"", b"# c", b"  # x", b"\t#", b"\r", b" \r", b"#\r", b"# a\rb"]
_CODE_LINES = [b"x = 1", b"\r\r", b" x#", b"\x0c#", b"\r#", b"  y\r"]


_RUN = st.lists(
    st.sampled_from(_RUN_LINES), min_size=MAX_COMMENT_RUN - 2, max_size=MAX_COMMENT_RUN + 1
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.tuples(_RUN, st.sampled_from(_CODE_LINES)), max_size=3),
    st.sampled_from([b"", b"\n", b"\r\n"]),
)
def test_a_comment_run_is_found_line_by_line_where_the_expression_finds_one(
    runs: list[tuple[list[bytes], bytes]], end: bytes
) -> None:
    # Lines are read first, and the expression only where they hold a run: they must agree.
    source = b"\n".join(line for run, code in runs for line in (*run, code)) + end
    assert _has_comment_run(source) == (_COMMENT_RUN.search(source) is not None)


def test_long_call_chains_and_import_cycles_in_rules_and_reporters(tmp_path: Path) -> None:
    """A 2,000-function sync chain from an async handler to a blocking call, and a 500-module
    import cycle: the rules walk them iteratively and every reporter prints them."""
    chain = ["import time\n", "async def entry():\n    f0()\n"]
    chain += [f"def f{i}():\n    f{i + 1}()\n" for i in range(2000)]
    chain.append("def f2000():\n    time.sleep(1)\n")
    files: dict[str, str | bytes] = {f"{API}/chain.py": "\n".join(chain)}
    for i in range(500):
        files[f"{API}/cyc/m{i}.py"] = f"from app.cyc import m{(i + 1) % 500}\n"
    files[f"{API}/cyc/__init__.py"] = ""
    files["seamcheck.toml"] = (
        "[[contracts]]\nname = 'no cycles'\ntype = 'acyclic'\nmodules = ['app.cyc']\n"
    )
    root = base_repo(tmp_path, files)
    _, findings, _ = _check(root)
    sc202 = [f for f in findings if f["code"] == "SC202" and f["path"] == f"{API}/chain.py"]
    assert len(sc202) == 1
    assert "SC304" in {str(f["code"]) for f in findings}
    for fmt in ("text", "sarif", "github", "gitlab", "markdown"):
        run = invoke("check", str(root), "--format", fmt)
        assert run.code == 1, fmt
    assert invoke("graph", str(root), "--format", "dot").code == 0


@pytest.mark.filterwarnings("error")
def test_unknown_escape_sequences_raise_no_warning() -> None:
    """Python's escape codec warns on `\\}` (an exception under `python -W error`)."""
    js = extract("a.js", b"fetch('http://a/\\}\\$\\q' + x);\n", "javascript")
    py = extract("a.py", b"requests.get('http://a/\\}\\d' + x)\n", "python")
    assert [c.callee for c in js.calls] == ["fetch"]
    assert [c.callee for c in py.calls] == ["requests.get"]


def test_surrogate_escapes_in_strings_stand_for_the_replacement_character(
    tmp_path: Path,
) -> None:
    """`'\\ud83a'` is half a UTF-16 pair: no character, and unencodable in UTF-8. It once
    ended the whole run with an internal error (found in Django's vendored xregexp.js)."""
    js = "const s = '\\ud83a';\nfetch('http://a/\\ud83d\\ude00' + s);\n"
    py = "import requests\nrequests.get('http://a/\\udc00' + '\\U0000d83a')\n"
    files = {f"{GATEWAY}/surrogates.js": js, f"{API}/surrogates.py": py}
    root = base_repo(tmp_path, files)
    for args in ((), ("--no-cache",)):
        _, findings, stderr = _check(root, *args)
        assert "internal error" not in stderr
        _base_still_found(findings)
    facts = extract("a.js", js.encode(), "javascript")
    assert facts.calls[0].args[0].pieces[0].value == "http://a/\ufffd\ufffd"


def test_nodes_past_the_query_depth_are_not_read() -> None:
    """tree-sitter's query cursor slows down sharply past ~30,000 levels: deeper nodes are not
    queried (a call nests two levels deep: call, argument list)."""
    source = ("x = " + "f(\n" * 30_000 + "1" + ")" * 30_000 + "\n").encode()
    facts = extract("a.py", source, "python")
    assert MAX_QUERY_DEPTH // 2 - 3 <= len(facts.calls) < MAX_QUERY_DEPTH // 2
    assert [c.span.line for c in facts.calls[:2]] == [1, 2]
