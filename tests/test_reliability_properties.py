"""Property-based tests (issue #9): extraction never raises, terminates and is deterministic on
generated and mutated sources; the config loader only ever answers with a Config or a
ConfigError; whole runs are byte-identical.

Budgets are small and derandomized so CI is fast and deterministic; `bench/fuzz.py` runs the
same strategies with large budgets.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_strategies import (
    REPO,
    config_texts,
    javascript_sources,
    language_of,
    mutated,
    mutated_corpus_file,
    python_sources,
)
from hostile_helpers import invoke, run_seamcheck
from seamcheck.config import ConfigError, load_config
from seamcheck.extract import extract
from seamcheck.facts import Call, Definition, FileFacts, Import, SyntaxProblem

# A warning is a failure: under `python -W error` it would be an exception in a user's run.
pytestmark = pytest.mark.filterwarnings("error")

CI = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Far above what any example takes (milliseconds): only a hang trips it.
EXTRACT_TIMEOUT_S = 20


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts the main thread after `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_extraction(path: str, data: bytes, language: str) -> FileFacts:
    """The properties every extraction must have, whatever the bytes."""
    with within(EXTRACT_TIMEOUT_S):
        facts = extract(path, data, language)
    again = extract(path, data, language)
    assert again == facts, _first_difference(facts, again)  # deterministic
    assert FileFacts.from_dict(facts.to_dict()) == facts  # survives the cache's round trip
    lines = data.count(b"\n") + data.count(b"\r") + 2
    located: tuple[Definition | Call | Import | SyntaxProblem, ...]
    located = (*facts.definitions, *facts.calls, *facts.imports, *facts.syntax_errors)
    for item in located:
        span = item.span
        assert 1 <= span.line <= span.end_line <= lines
        assert span.column >= 1 and span.end_column >= 1
    return facts


def _first_difference(first: FileFacts, second: FileFacts) -> str:
    for name in first.__dataclass_fields__:
        one, two = getattr(first, name), getattr(second, name)
        if one != two:
            pairs = [(a, b) for a, b in zip(one, two, strict=False) if a != b]
            return f"{name}: {len(one)} vs {len(two)} items; first differing: {pairs[:1]}"
    return ""


@CI
@given(python_sources())
def test_generated_python_extracts(data: bytes) -> None:
    check_extraction("services/api/app/mod.py", data, "python")


@CI
@given(st.sampled_from(["a.js", "a.ts", "a.tsx", "a.jsx"]), javascript_sources())
def test_generated_javascript_extracts(name: str, data: bytes) -> None:
    check_extraction(f"services/web/src/{name}", data, language_of(name))


@CI
@given(python_sources().flatmap(mutated))
def test_mutated_generated_python_extracts(data: bytes) -> None:
    check_extraction("mod.py", data, "python")


@CI
@given(javascript_sources().flatmap(mutated))
def test_mutated_generated_javascript_extracts(data: bytes) -> None:
    check_extraction("mod.ts", data, "typescript")


@CI
@given(mutated_corpus_file())
def test_mutated_real_fixture_files_extract(file: tuple[str, bytes]) -> None:
    path, data = file
    check_extraction(path, data, language_of(path))


@CI
@given(st.binary(max_size=2000), st.sampled_from(["a.py", "a.js", "a.ts", "a.tsx"]))
def test_arbitrary_bytes_extract(data: bytes, name: str) -> None:
    check_extraction(name, data, language_of(name))


@CI
@given(config_texts())
def test_config_loader_answers_config_or_config_error(
    tmp_path_factory: pytest.TempPathFactory, text: bytes
) -> None:
    root = tmp_path_factory.mktemp("config")
    (root / "seamcheck.toml").write_bytes(text)
    with contextlib.suppress(ConfigError):
        load_config(root)


_DEMO = REPO / "fixtures" / "demo"
_DEMO_SOURCES = sorted(
    p.relative_to(_DEMO).as_posix()
    for p in _DEMO.rglob("*")
    if p.suffix in (".py", ".ts", ".js", ".tsx") and "node_modules" not in p.parts
)


@settings(CI, max_examples=8)
@given(st.lists(st.sampled_from(_DEMO_SOURCES), min_size=1, max_size=3, unique=True), st.data())
def test_whole_runs_on_a_mutated_demo_are_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, paths: list[str], data: st.DataObject
) -> None:
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(_DEMO, root, dirs_exist_ok=True)
    for rel in paths:
        target = root / rel
        target.write_bytes(data.draw(mutated(target.read_bytes()), label=rel))
    for command in (
        ("check", str(root), "--format", "json"),
        ("check", str(root), "--format", "sarif"),
        ("graph", str(root)),
        ("seams", str(root), "--format", "json"),
    ):
        first = invoke(*command)
        assert first.code in (0, 1), (command, first)
        assert invoke(*command).stdout == first.stdout, command


# Found by bench/fuzz.py: two MISSING nodes at one position came back in either order, so the
# one SC001 kept for that position changed from run to run.
FUZZ_NONDETERMINISTIC_TSX = b"module.exports = a sleep: () => ) };\nconst c = axios.create({ baseURL: '%s' }); c.get('/x');\nmodule.exports = { sleep: () => client.sleepSync('http://api:8000/v1/predict') };\nmodule.exports = {module.exports = a sleep: () => ) };\nconst c = axios.create({ baseURL: '%s' }); c.get('/x');\nmodule.exports = { sleep: () => client.sleepSync('http://api:8000/v1/predict') };\nmodule.exports = { post: () => axios.postSync('http:ate({ baseURL: '%s' }); c.get('/x');\nmodule.exports = { sleep: () => client.sleepSync('http://api:8000/v1/predict') };\nmodule.exports = { post: () => axios.postSync('http://api:\xac000/v1/predict') };\n`\\\\}${=>\nimport this, { get a8s tk={() => app.sleep()}>{x}</div>;\nconst u = '' + app + process.env.X || 'http://a';\nconst app = require('app');exports = { post: () => axios.postSync('http://api:\xac000/v1/predict') };\n`\\\\}${=>\nimport this, { get as tk={() => app.sleep()}>{x}</div>;\nconst u = '' + app + process.env.X || 'http://a';\nconst app = require('app');\nexport function f9(a, b) {\n}\nconst u = '${x}' + httpx + process.env.X || 'http://a';\n"


def test_fuzz_regression_syntax_errors_at_one_position_are_deterministic() -> None:
    first = check_extraction("mod.tsx", FUZZ_NONDETERMINISTIC_TSX, "typescript")
    for _ in range(50):
        assert extract("mod.tsx", FUZZ_NONDETERMINISTIC_TSX, "typescript") == first


def test_whole_runs_are_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """Set and dict orders of strings change with PYTHONHASHSEED between processes; output
    must not."""
    root = tmp_path / "demo"
    shutil.copytree(_DEMO, root)
    for command in (
        ("check", str(root), "--format", "json"),
        ("check", str(root), "--format", "sarif"),
        ("graph", str(root)),
        ("seams", str(root), "--format", "json"),
        ("services", str(root), "--format", "json"),
    ):
        outputs = {
            seed: run_seamcheck(*command, env={"PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "12345")
        }
        assert len(set(outputs.values())) == 1, command
        assert outputs["1"], command
