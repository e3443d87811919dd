"""Baselines: adopt seamcheck in a codebase that already has violations.

The file lists known findings by fingerprint (rule + relationship, never a line number), with
a count for fingerprints that occur more than once, so moving code within its file or adding
lines above a known violation keeps it known (renaming the file does not: the relationship
names it). It is written sorted and indented: one entry changes one block of a diff.

A finding may have more than one fingerprint (`Finding.aliases`: SC202's call reaching several
blocking calls has one per blocking call). The baseline holds an entry for each, as it would
for findings of their own, so the file keeps its one shape (an older seamcheck reads it, and
an older baseline, written when each was a finding, reads as one written now); a finding is
known when each of its fingerprints is (a call newly reaching another blocking call is new),
and takes one of each that the baseline has, so an entry is not stale while any finding
still has its fingerprint.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from seamcheck.findings import Finding
from seamcheck.records import dataclass

BASELINE_FILE = ".seamcheck-baseline.json"
BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read; phrased for the user."""


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    code: str
    path: str
    message: str
    count: int = 1

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)


@dataclass(frozen=True, slots=True)
class Comparison:
    new: tuple[Finding, ...]
    known: int
    stale: tuple[BaselineEntry, ...]  # count = how many of the entry are no longer found


def entries_for(findings: Iterable[Finding]) -> tuple[BaselineEntry, ...]:
    """An entry per fingerprint of the findings (aliases too), with the message of the
    first finding, by place, that has it."""
    counts: Counter[str] = Counter()
    first: dict[str, BaselineEntry] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        messages = {a.fingerprint: a.message for a in reversed(finding.aliases)}
        messages[finding.fingerprint] = finding.message
        for fp in finding.fingerprints:
            counts[fp] += 1
            first.setdefault(fp, BaselineEntry(fp, finding.code, finding.path, messages[fp]))
    entries = (replace(entry, count=counts[fp]) for fp, entry in first.items())
    return tuple(sorted(entries, key=lambda e: e.sort_key))


def compare(findings: Sequence[Finding], entries: Iterable[BaselineEntry]) -> Comparison:
    """A finding is known when each of its fingerprints has count left, and takes one of
    each that has (known or not), so the entries of its aliases are not stale while it
    still has them; the rest are new."""
    budget: Counter[str] = Counter()
    by_fingerprint: dict[str, BaselineEntry] = {}
    for entry in entries:
        budget[entry.fingerprint] += entry.count
        by_fingerprint.setdefault(entry.fingerprint, entry)
    new: list[Finding] = []
    known = 0
    for finding in sorted(findings, key=lambda f: f.sort_key):
        matched = [fp for fp in finding.fingerprints if budget[fp] > 0]
        # Known only when every relationship it stands for is: a call newly reaching another
        # blocking call is new debt, as that chain was a new finding of its own. Its entries
        # are taken all the same: their blocking calls are still reached, not fixed.
        for fp in matched:
            budget[fp] -= 1
        if len(matched) == len(finding.fingerprints):
            known += 1
        else:
            new.append(finding)
    stale = tuple(
        sorted(
            (replace(by_fingerprint[fp], count=left) for fp, left in budget.items() if left > 0),
            key=lambda e: e.sort_key,
        )
    )
    return Comparison(tuple(new), known, stale)


def prune(
    entries: Iterable[BaselineEntry], findings: Iterable[Finding]
) -> tuple[BaselineEntry, ...]:
    """The ratchet: lower each entry to what is still found, drop fixed ones, add nothing."""
    found = Counter(fp for f in findings for fp in f.fingerprints)
    kept = (
        replace(e, count=min(e.count, found[e.fingerprint]))
        for e in entries
        if found[e.fingerprint] > 0
    )
    return tuple(sorted(kept, key=lambda e: e.sort_key))


def render(entries: Iterable[BaselineEntry]) -> str:
    document = {
        "version": BASELINE_VERSION,
        "tool": "seamcheck",
        "entries": [
            {
                "code": e.code,
                "path": e.path,
                "fingerprint": e.fingerprint,
                "count": e.count,
                "message": e.message,
            }
            for e in sorted(entries, key=lambda e: e.sort_key)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> tuple[BaselineEntry, ...]:
    from seamcheck.surrogates import cleaned

    try:
        # utf-8-sig: a baseline saved again by an editor or PowerShell may start with a BOM.
        text = path.read_text(encoding="utf-8-sig")
        document = cleaned(json.loads(text), text)
    except FileNotFoundError:
        raise BaselineError(
            f"baseline file not found: {path} (create it with `seamcheck baseline`)"
        ) from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
    except RecursionError:
        raise BaselineError(f"baseline {path} is not valid JSON: nested too deeply") from None
    return _parse(document, path)


def _message(value: Any) -> str:
    """The message shown for a stale entry: only ever shown, so a hand-edited null or number
    is no reason to reject the file, nor to show "None"."""
    return value if isinstance(value, str) else ""


def _is_integer(value: Any) -> bool:
    # JSON's true loads as a bool, which is an int equal to 1; 1.0 equals 1 too.
    return type(value) is int


def _parse(document: Any, path: Path) -> tuple[BaselineEntry, ...]:
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise BaselineError(f"baseline {path}: expected an object with an 'entries' array")
    version = document.get("version")
    if not _is_integer(version) or version != BASELINE_VERSION:
        raise BaselineError(
            f"baseline {path}: unsupported version {version!r} "
            f"(this seamcheck reads version {BASELINE_VERSION})"
        )
    entries: list[BaselineEntry] = []
    for number, item in enumerate(document["entries"], start=1):
        if not (
            isinstance(item, dict)
            and all(isinstance(item.get(k), str) for k in ("fingerprint", "code", "path"))
            and _is_integer(item.get("count", 1))
            and item.get("count", 1) > 0
        ):
            raise BaselineError(
                f"baseline {path}: entry {number} needs string 'fingerprint', 'code' and "
                "'path' and a positive integer 'count'"
            )
        entries.append(
            BaselineEntry(
                item["fingerprint"],
                item["code"],
                item["path"],
                _message(item.get("message")),
                item.get("count", 1),
            )
        )
    return tuple(entries)
