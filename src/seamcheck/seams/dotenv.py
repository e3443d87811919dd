"""Variable files (`KEY=value` lines: a compose `env_file`, the `.env` beside a compose file,
an app's `.env*`) as compose and the dotenv libraries read them, and compose's interpolation
of `${NAME}` in a value.

A value that reads a variable nothing here sets keeps it as `${NAME}`: it is the shell's that
runs compose, or the host's, which seamcheck does not see. Read as empty, as compose would in
a shell that lacks it, `http://model:8000${API_PREFIX}` checked calls against a path the
deployment may not use (a false SC104); kept, the value is unknown and the calls unsure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamcheck.project import Project

# What follows a `$`: `{` (a braced form, read up to its closing brace), `NAME`, or `$` (a
# `$` itself).
_AFTER_DOLLAR = re.compile(r"\{|(\w+)|\$")
# A braced form's inside: `NAME`, `NAME:-default` and the other operators (`-`, `:?`, `?`,
# `:+`, `+`), whose argument may hold variables of its own (`${A:-${B}}`).
_BRACED = re.compile(r"(\w+)(?:(:?[-?+])(.*))?", re.DOTALL)
_MAX_NESTING = 32  # `${A:-${B:-...}}` levels
_KEY = re.compile(r"[A-Za-z_][\w.]*")
# An unquoted value's comment: a `#` after white space (`URL=http://model:8000 # the API`).
_COMMENT = re.compile(r"\s#.*$")


def interpolate(value: str, known: Mapping[str, str], depth: int = 0) -> str:
    """`value` with its variables replaced as compose replaces them, `known` giving their
    values; one that neither `known` nor a default in the value sets stays `${NAME}`.
    Defaults nested deeper than any real file's are kept as written."""
    if depth > _MAX_NESTING:
        return value
    out = []
    at = 0
    while (dollar := value.find("$", at)) >= 0:
        out.append(value[at:dollar])
        after = _AFTER_DOLLAR.match(value, dollar + 1)
        if after is None:  # a `$` before anything else is itself
            out.append("$")
            at = dollar + 1
        elif after.group(0) == "$":
            out.append("$")
            at = after.end()
        elif after.group(1):
            out.append(_replaced(after.group(1), None, None, known, depth))
            at = after.end()
        else:
            end = _closing_brace(value, after.end())
            braced = _BRACED.fullmatch(value, after.end(), end) if end < len(value) else None
            if braced is None:  # unclosed, or not a name: compose refuses it; kept as written
                out.append(value[dollar : end + 1])
            else:
                name, operator, argument = braced.groups()
                out.append(_replaced(name, operator, argument, known, depth))
            at = end + 1
    out.append(value[at:])
    return "".join(out)


def _closing_brace(value: str, start: int) -> int:
    """Where the braced form whose inside starts at `start` ends (its `}`), past the braced
    forms inside it; the end of `value` when it is never closed."""
    depth = 1
    for match in re.finditer(r"\$\{|\}", value[start:]):
        depth += 1 if match.group(0) == "${" else -1
        if depth == 0:
            return start + match.start()
    return len(value)


def _replaced(
    name: str, operator: str | None, argument: str | None, known: Mapping[str, str], depth: int
) -> str:
    """What compose puts for one variable: `${NAME}`, or `${NAME` `operator` `argument}`."""
    given = known.get(name)
    unknown = f"${{{name}}}"
    if not operator:
        return unknown if given is None else given
    argument = argument or ""
    # `:-`, `:?` and `:+` take an empty value as unset; `-`, `?` and `+` do not.
    if given is not None and (given or not operator.startswith(":")):
        return interpolate(argument, known, depth + 1) if operator.endswith("+") else given
    if operator.endswith("-"):
        return interpolate(argument, known, depth + 1)
    if operator.endswith("+") and given is not None:
        return ""
    return unknown  # `?`: compose stops unless the shell sets it; else the shell's


def compose_variables(project: Project, compose_file: str) -> dict[str, str]:
    """The variables compose interpolates a compose file's values with when the shell does
    not set them: those of the `.env` file in its folder (when the walk found one)."""
    folder = compose_file.rpartition("/")[0]
    dotenv = f"{folder}/.env" if folder else ".env"
    if dotenv not in project.config_files:
        return {}
    return read_variables(project.root / dotenv)


# A variable compose interpolates, left as written (`${NAME}`, `$NAME`) for want of a value.
_LEFT = re.compile(r"\$(?:\{[^}]*\}?|\w+)")
# What stands for it in a command: no shell variable, so no port or path is read from it.
NOT_KNOWN = "${?}"


def compose_command(
    written: str | tuple[str, ...], known: Mapping[str, str]
) -> str | tuple[str, ...]:
    """A compose `command:` or `entrypoint:` as compose hands it to the container, `known`
    the variables it interpolates with (`compose_variables`): `$$PORT` is `$PORT`, which the
    container's shell reads (`sh -c "uvicorn ... --port $$PORT"`), and `${PORT}` is what
    compose's own environment sets, not the container's: the `.env`'s value, or, where it
    has none, the shell's running compose, which is not known here (`NOT_KNOWN`)."""
    if isinstance(written, tuple):
        return tuple(_compose_word(word, known) for word in written)
    return _compose_word(written, known)


def _compose_word(word: str, known: Mapping[str, str]) -> str:
    if "$" not in word:
        return word
    escaped = word.replace("$$", "\x00")
    return _LEFT.sub(NOT_KNOWN, interpolate(escaped, known)).replace("\x00", "$")


def read_variables(path: Path) -> dict[str, str]:
    """The variables a `KEY=value` file sets, a later line's value winning (as compose,
    dotenv and python-dotenv read it). A value may be quoted: single quotes keep it as
    written; in double quotes and unquoted it is interpolated with the lines above; an
    unquoted value ends before ` #`. A value quoted over several lines is left out."""
    try:
        lines = path.read_text("utf-8", "replace").splitlines()
    except OSError:
        return {}
    found: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, equals, value = line.partition("=")
        key = key.strip()
        if not equals or not _KEY.fullmatch(key):
            continue  # blank, a comment, or not an assignment
        read = _value(value.strip(), found)
        if read is not None:
            found[key] = read
    return found


def _value(written: str, earlier: Mapping[str, str]) -> str | None:
    """One line's value as written after `=`; None when a quote does not end on the line."""
    if written[:1] in ("'", '"'):
        quote = written[0]
        end = next(
            (i for i in range(1, len(written)) if written[i] == quote and written[i - 1] != "\\"),
            None,
        )
        if end is None:
            return None
        inner = written[1:end]
        if quote == "'":
            return inner
        inner = inner.replace("\\n", "\n").replace(f"\\{quote}", quote)
        return interpolate(inner, earlier)
    return interpolate(_COMMENT.sub("", written).rstrip(), earlier)
