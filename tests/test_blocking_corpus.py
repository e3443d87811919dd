"""SC201/SC202 measured on the labelled corpus (tests/corpus/blocking): precision, recall, and
each mislabel by name; then the invariant that Python without async/await has no async path."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

from conftest import analyse_repo

CORPUS = Path(__file__).resolve().parent / "corpus" / "blocking"
CODES = ("SC201", "SC202")
LABEL = re.compile(r"(?:#|//) expect: (SC20[12](?:, SC20[12])*)")
# How many blocking calls an SC202 site reaches (its one finding names each), when not one.
REACHING = re.compile(r"expect: .*SC202 reaching (\d+)")
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.9

Site = tuple[str, int, str]  # path, line, code


def labelled(root: Path) -> Counter[Site]:
    expected: Counter[Site] = Counter()
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".ts", ".js", ".cjs"):
            continue
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = LABEL.search(line)
            if match:
                expected.update((rel, number, code) for code in match.group(1).split(", "))
    return expected


def reported(root: Path) -> Counter[Site]:
    findings = analyse_repo(root).findings
    return Counter((f.path, f.line, f.code) for f in findings if f.code in CODES)


def hard_cases(root: Path) -> set[tuple[str, int]]:
    """Positives documented as beyond static resolution: a `hard:` comment up to 3 lines above."""
    found: set[tuple[str, int]] = set()
    for path, line, _code in labelled(root):
        lines = (root / path).read_text().splitlines()
        if any("hard:" in lines[i] for i in range(max(0, line - 4), line)):
            found.add((path, line))
    return found


def test_precision_and_recall_on_the_labelled_corpus() -> None:
    expected, actual = labelled(CORPUS), reported(CORPUS)
    true_positives = sum((expected & actual).values())
    false_positives = sorted((actual - expected).elements())
    false_negatives = sorted((expected - actual).elements())
    precision = true_positives / (true_positives + len(false_positives))
    recall = true_positives / (true_positives + len(false_negatives))
    report = (
        f"precision {precision:.3f} ({true_positives}/{true_positives + len(false_positives)}), "
        f"recall {recall:.3f} ({true_positives}/{true_positives + len(false_negatives)})\n"
        + "".join(f"  false positive: {p}:{n} {c}\n" for p, n, c in false_positives)
        + "".join(f"  missed: {p}:{n} {c}\n" for p, n, c in false_negatives)
    )
    print(report)
    assert sum(expected.values()) >= 50, "the corpus should stay large enough to measure"
    assert precision >= PRECISION_FLOOR, report
    assert recall >= RECALL_FLOOR, report


def test_every_miss_is_a_documented_hard_case() -> None:
    missed = {(p, n) for p, n, _ in (labelled(CORPUS) - reported(CORPUS)).elements()}
    assert missed == hard_cases(CORPUS)


def test_each_sc202_names_every_blocking_call_its_call_reaches() -> None:
    """One finding per call site: the blocking calls beyond its chain's are its related
    locations (before, one finding each, at the same place)."""
    expected = {}
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".py", ".ts", ".js", ".cjs"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if "SC202" in line and LABEL.search(line):
                    reaching = REACHING.search(line)
                    site = (path.relative_to(CORPUS).as_posix(), number)
                    expected[site] = int(reaching.group(1)) if reaching else 1
    named = {
        (f.path, f.line): sum(
            " blocks: " in r.message or r.message.startswith("also reaches blocking ")
            for r in f.related
        )
        for f in analyse_repo(CORPUS).findings
        if f.code == "SC202"
    }
    assert named == expected
    assert sum(n > 1 for n in expected.values()) == 5


def test_the_corpus_covers_both_languages_and_both_rules() -> None:
    expected = labelled(CORPUS)
    kinds = {(Path(p).suffix == ".py", code) for p, _, code in expected}
    assert kinds == {(True, "SC201"), (True, "SC202"), (False, "SC201"), (False, "SC202")}


def strip_async(source: str) -> str:
    source = re.sub(r"\basync\s+(?=(def|with|for)\b)", "", source)
    return re.sub(r"\bawait\s+", "", source)


def test_python_without_async_and_await_has_no_async_path(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    python_files = sorted(root.rglob("*.py"))
    positives = {p for p, _, _ in labelled(root) if p.endswith(".py")}
    assert positives, "the corpus has Python positives to strip"
    for path in python_files:
        path.write_text(strip_async(path.read_text()))

    assert "async def" not in "".join(p.read_text() for p in python_files)
    left = [site for site in reported(root).elements() if site[0].endswith(".py")]
    assert left == []
    # The JS/TS half is untouched, so the analysis still ran and still reports there.
    assert any(site[0].endswith(".ts") for site in reported(root).elements())


def test_corpus_output_is_byte_identical_across_runs() -> None:
    from conftest import run_cli

    first = run_cli("check", str(CORPUS), "--format", "json").output
    assert first == run_cli("check", str(CORPUS), "--format", "json").output
    assert '"code": "SC202"' in first
