"""Reporters: pure functions from a gated `Report` (and rule metadata) to text.

One module per format, each with `render(report, rules) -> str`; they never analyse.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from dataclasses import replace

from seamcheck.gate import Report
from seamcheck.rules import Rule

FORMATS = ("text", "json", "sarif", "github", "gitlab", "markdown")
# Formats whose paths a CI system reads against the top of the checkout (code scanning, the
# Actions runner, GitLab's widget): given the analysed root's folder there, when it has one.
CHECKOUT_FORMATS = frozenset({"sarif", "github", "gitlab"})


def under(report: Report, prefix: str, files: Collection[str] = (), folder: str = "") -> Report:
    """The report with `prefix` (a folder, with its slash) before every path of its findings
    and their related locations, before the paths their messages cite (`Citations`: those of
    `files`, the root-relative files the walk listed) and before `folder`, the folder of the
    root the run was pointed at, where its scope's description names it: a message saying
    `x.py` beside a location saying `platform/x.py` would name a file nobody finds from the
    checkout's top."""
    if not prefix:
        return report
    cited = Citations(files, prefix)
    findings = tuple(
        replace(
            f,
            path=prefix + f.path,
            message=cited.prefixed(f.message),
            related=tuple(
                replace(r, path=prefix + r.path, message=cited.prefixed(r.message))
                for r in f.related
            ),
        )
        for f in report.findings
    )
    scope = report.scope
    if scope is not None and folder:
        # A description says the folder once, as ` folder/` (`gate/changes.py`), before
        # anything else it quotes (the --changed-since REF).
        described = scope.description.replace(f" {folder}/", f" {prefix}{folder}/", 1)
        scope = replace(scope, description=described, folder=scope.folder and prefix + scope.folder)
    return replace(report, findings=findings, scope=scope)


class Citations:
    """The root-relative paths a message cites, found as the files (and folders) of the
    analysed root they are: `(gateway/src/app.ts:12)`, `in docker-compose.yml;`,
    `at web/App.tsx:9`, `(services/ml/src)`. A cited
    path starts the message or follows a space or `(`, and ends it or comes before a space,
    `:`, `)`, `,`, `;` or a sentence's full stop; quoted names (import specifiers, globs)
    and route paths (`/api/x`, after no space) are never paths of the root.

    The rules (and the seams whose reasons they quote) write their messages as text, for
    every format alike; only the CI formats' paths start at the checkout's top, so it is
    here that the cited paths take the same folder as the locations. A file at the root
    whose name is also that of a file in a folder (`app.py` and `api/app.py`) is left as
    written: a message citing a file by its name alone (SC202's `(store.py:14)`) would read
    the same."""

    def __init__(self, files: Collection[str], prefix: str) -> None:
        nested_names = {path.rpartition("/")[2] for path in files if "/" in path}
        self._paths = frozenset(p for p in files if "/" in p or p not in nested_names)
        self._longest = max(map(len, self._paths), default=0)
        # What a cited path starts with: a start the message has there is looked at closer.
        self._heads = frozenset(p[:_HEAD] for p in self._paths)
        self._short = sorted({len(p) for p in self._paths if len(p) < _HEAD})
        self._prefix = prefix

    def prefixed(self, message: str) -> str:
        if not self._paths:
            return message
        ends: list[int] | None = None
        pieces: list[str] = []
        done = 0
        for start in range(len(message)):
            if start < done or (start and message[start - 1] not in _BEFORE_PATH):
                continue
            if message[start : start + _HEAD] not in self._heads and not any(
                message[start : start + n] in self._heads for n in self._short
            ):
                continue
            if ends is None:
                ends = _path_ends(message)
            last = bisect.bisect_right(ends, start + self._longest)
            first = bisect.bisect_right(ends, start)
            end = next(
                (j for j in reversed(ends[first:last]) if message[start:j] in self._paths), 0
            )
            if end:
                pieces += (message[done:start], self._prefix, message[start:end])
                done = end
        if not pieces:
            return message
        pieces.append(message[done:])
        return "".join(pieces)


def _path_ends(message: str) -> list[int]:
    """Where a cited path may end in `message`, ascending: before a space, `:`, `)`, `,` or
    `;`, before a full stop ending a sentence, and at its end."""
    last = len(message) - 1
    ends = [
        k
        for k, char in enumerate(message)
        if char in _AFTER_PATH or (char == "." and (k == last or message[k + 1] == " "))
    ]
    ends.append(len(message))
    return ends


_HEAD = 5
_BEFORE_PATH = frozenset(" (")
_AFTER_PATH = frozenset(" :),;")


def render(fmt: str, report: Report, rules: Sequence[Rule], *, color: bool = False) -> str:
    if fmt == "text":
        from seamcheck.output import text

        return text.render(report, rules, color=color)
    if fmt == "json":
        from seamcheck.output import json

        return json.render(report, rules)
    if fmt == "sarif":
        from seamcheck.output import sarif

        return sarif.render(report, rules)
    if fmt == "github":
        from seamcheck.output import github

        return github.render(report, rules)
    if fmt == "gitlab":
        from seamcheck.output import gitlab

        return gitlab.render(report, rules)
    if fmt == "markdown":
        from seamcheck.output import markdown

        return markdown.render(report, rules)
    raise ValueError(f"unknown format {fmt!r}")
