"""Hypothesis strategies for hostile inputs, shared by the property tests (small, derandomized
budgets) and `bench/fuzz.py` (large budgets): generated Python and JS/TS sources, real fixture
files mutated byte by byte, and seamcheck configurations."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = (".py", ".js", ".ts", ".tsx", ".jsx", ".mjs")
# Real sources seamcheck is tested on: realistic shapes to mutate.
CORPUS = tuple(
    sorted(
        p
        for top in (REPO / "fixtures", REPO / "tests" / "corpus")
        for p in top.rglob("*")
        if p.suffix in SOURCE_SUFFIXES and p.is_file()
    )
)

_NAMES = st.sampled_from(
    ["app", "router", "requests", "httpx", "fs", "axios", "client", "self", "this", "time", "x"]
)
_ATTRS = st.sampled_from(["get", "post", "sleep", "readFileSync", "use", "include_router", "run"])
_URLS = st.sampled_from(
    ["/items", "http://api:8000/v1/predict", "/api/{id}", "", "${x}", "%s", "{}", "/a/:id"]
)
_COMMENTS = st.sampled_from(
    [
        "seamcheck: ignore[SC201] reason",
        "seamcheck: ignore-file[SC102]",
        "seamcheck: ignore[",
        "seamcheck: calls api",
        "TODO",
        "",
    ]
)
_JUNK = st.sampled_from(
    ["(", ")", "[", "]", "{", "}", ":", "=>", "\\", "'", '"', "`", "${", "#", "/*", "*/", "\x00"]
)


@st.composite
def python_sources(draw: st.DrawFn) -> bytes:
    """Python modules built from the constructs the extractor reads, nested at random."""
    lines: list[str] = []
    depth = 0
    for _ in range(draw(st.integers(1, 30))):
        indent = "    " * depth
        name, attr, url = draw(_NAMES), draw(_ATTRS), draw(_URLS)
        choice = draw(st.integers(0, 13))
        if choice == 0:
            lines.append(f"{indent}import {name}")
        elif choice == 1:
            lines.append(f"{indent}from .{name} import {attr} as {name}_{attr}")
        elif choice == 2:
            kind = draw(st.sampled_from(["def", "async def", "class"]))
            deco = draw(st.sampled_from(["", f"@{name}.{attr}({url!r})", "@staticmethod"]))
            if deco:
                lines.append(indent + deco)
            suffix = "" if kind == "class" else "(self, a=1, *b, **c)"
            lines.append(f"{indent}{kind} f{len(lines)}{suffix}:")
            depth += 1
            lines.append("    " * depth + "pass")
        elif choice == 3 and depth:
            depth -= 1
        elif choice == 4:
            lines.append(f"{indent}{name}.{attr}({url!r}, timeout=3)")
        elif choice == 5:
            lines.append(f"{indent}await {name}.{attr}(f'http://{{host}}:{{port}}{url}')")
        elif choice == 6:
            lines.append(f"{indent}u = {url!r} + {name} + '/' + str({attr})")
        elif choice == 7:
            lines.append(f"{indent}{name} = {name}.Session() if x else lambda: {name}.{attr}()")
        elif choice == 8:
            lines.append(f"{indent}# {draw(_COMMENTS)}")
        elif choice == 9:
            lines.append(f"{indent}{name}.{attr}({url!r} % x, headers={{'dapr-app-id': 'a'}})")
        elif choice == 10:
            lines.append(f"{indent}{name}.{attr}(os.getenv('URL', {url!r}).format(a=1))")
        elif choice == 11:
            lines.append(indent + "".join(draw(st.lists(_JUNK, max_size=6))))
        elif choice == 12:
            lines.append(f"{indent}with {name}.Client(base_url={url!r}) as c:")
            depth += 1
            lines.append("    " * depth + f"c.{attr}('/x')")
        else:
            lines.append(f"{indent}{name}.{attr}(" * 3 + ")" * draw(st.integers(0, 3)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + newline.join(lines) + newline).encode()


@st.composite
def javascript_sources(draw: st.DrawFn) -> bytes:
    """JS/TS modules built from the constructs the extractor reads."""
    lines: list[str] = []
    depth = 0
    for _ in range(draw(st.integers(1, 30))):
        name, attr, url = draw(_NAMES), draw(_ATTRS), draw(_URLS)
        choice = draw(st.integers(0, 12))
        if choice == 0:
            lines.append(f"import {name}, {{ {attr} as {name}_{attr} }} from './{name}';")
        elif choice == 1:
            lines.append(f"const {name} = require('{name}');")
        elif choice == 2:
            kind = draw(st.sampled_from(["function", "async function", "class"]))
            lines.append(f"export {kind} f{len(lines)}{'' if kind == 'class' else '(a, b)'} {{")
            depth += 1
        elif choice == 3 and depth:
            lines.append("}")
            depth -= 1
        elif choice == 4:
            lines.append(f"{name}.{attr}('{url}', async (req, res) => {{ res.json(1); }});")
        elif choice == 5:
            lines.append(f"await fetch(`http://${{host}}:${{port}}{url}`, {{ method: 'POST' }});")
        elif choice == 6:
            lines.append(f"const u = '{url}' + {name} + process.env.X || 'http://a';")
        elif choice == 7:
            lines.append(f"// {draw(_COMMENTS)}")
        elif choice == 8:
            lines.append(f"module.exports = {{ {attr}: () => {name}.{attr}Sync('{url}') }};")
        elif choice == 9:
            lines.append(f"const c = axios.create({{ baseURL: '{url}' }}); c.get('/x');")
        elif choice == 10:
            lines.append("".join(draw(st.lists(_JUNK, max_size=6))))
        elif choice == 11:
            lines.append(f"@Controller('{url}') class C {{ @Get(':id') {attr}() {{}} }}")
        else:
            lines.append(f"const el = <div onClick={{() => {name}.{attr}()}}>{{x}}</div>;")
    lines.extend("}" for _ in range(draw(st.integers(0, depth))))
    return ("\n".join(lines) + "\n").encode()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` after a few random byte edits: overwrite, insert, delete, duplicate, truncate."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        if not buffer:
            buffer.extend(draw(st.binary(min_size=1, max_size=8)))
            continue
        at = draw(st.integers(0, len(buffer) - 1))
        edit = draw(st.integers(0, 4))
        if edit == 0:
            buffer[at] = draw(st.integers(0, 255))
        elif edit == 1:
            buffer[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif edit == 2:
            del buffer[at : at + draw(st.integers(1, 64))]
        elif edit == 3:
            buffer[at:at] = buffer[at : at + draw(st.integers(1, 256))]
        else:
            del buffer[at:]
    return bytes(buffer)


@st.composite
def mutated_corpus_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """(repo-relative path, bytes) of a real fixture file with random edits."""
    path = draw(st.sampled_from(CORPUS))
    return path.relative_to(REPO).as_posix(), draw(mutated(path.read_bytes()))


def language_of(path: str) -> str:
    from seamcheck.extract import language_for

    language = language_for(path)
    assert language is not None
    return language


# -- configuration --------------------------------------------------------------------

_CONFIG_KEYS = [
    "extends", "services", "exclude", "max_file_size", "select", "ignore", "rules", "catalogs",
    "placement", "edge", "contracts", "blocking", "path", "language", "tags", "hosts", "shared",
    "disabled", "severity", "allow", "runtime", "type", "name", "layers", "source",
    "forbidden", "modules", "containers", "sinks", "safe", "builtin_catalog", "python", "npm",
    "SC201", "SC102", "ml", "api", "hybrid-ai", "exlcude",
]  # fmt: skip
_SCALARS = st.one_of(
    st.sampled_from(["python", "node", "typescript", "error", "off", "hybrid-ai", "layers"]),
    st.sampled_from(["a.b", "a.*", "a.b -> c", "SC2", "**/*.py", "[z-a]", "!", "../x", "/etc"]),
    st.text(max_size=8),
    st.integers(-5, 10**7),
    st.booleans(),
)


def _toml_key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else json.dumps(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(_CONFIG_KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)


@st.composite
def config_texts(draw: st.DrawFn) -> bytes:
    """seamcheck.toml texts: generated tables over the real key names, sometimes mutated."""
    table = draw(st.dictionaries(st.sampled_from(_CONFIG_KEYS), _VALUES, max_size=6))
    text = "".join(f"{_toml_key(k)} = {_toml_value(v)}\n" for k, v in table.items()).encode()
    return draw(mutated(text)) if draw(st.booleans()) else text
