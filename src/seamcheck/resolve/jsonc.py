"""JSONC, the JSON dialect of tsconfig.json and jsconfig.json: JSON plus `//` and `/* */`
comments and trailing commas in objects and arrays.

A tokenizer reads the text left to right, so a `//` or `/*` inside a string is part of the
string, never a comment; a small recursive-descent parser builds the value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from seamcheck.records import dataclass

__all__ = ["JsoncError", "loads"]


class JsoncError(ValueError):
    """Malformed JSONC; the message names the line and column of the problem."""

    def __init__(self, message: str, text: str, pos: int) -> None:
        self.problem = message
        self.line = text.count("\n", 0, pos) + 1
        self.column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        super().__init__(f"{message} at line {self.line} column {self.column}")


class JsoncNestingError(JsoncError, RecursionError):
    """Nested deeper than the parser's recursion allows: as deep as no real config is."""


_TOKEN = re.compile(
    r"""
      (?P<space>[ \t\r\n]+)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<punct>[{}\[\]:,])
    | (?P<string>"(?:[^"\\\x00-\x1f]|\\.)*")
    | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    | (?P<word>true|false|null)
    """,
    re.VERBOSE | re.DOTALL,
)

_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # one of { } [ ] : , string number word
    text: str
    pos: int


def loads(text: str) -> Any:
    """Parse JSONC text into Python values (like `json.loads`); raise JsoncError if malformed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = _Parser(text, _tokenize(text))
    try:
        value = parser.value()
    except RecursionError:
        raise JsoncNestingError("nesting too deep", text, 0) from None
    parser.expect_end()
    return value


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise JsoncError(_lexical_problem(text, pos), text, pos)
        kind = match.lastgroup
        if kind == "punct":
            tokens.append(_Token(match.group(), match.group(), pos))
        elif kind in ("string", "number", "word"):
            tokens.append(_Token(str(kind), match.group(), pos))
        pos = match.end()
    return tokens


def _lexical_problem(text: str, pos: int) -> str:
    if text.startswith("/*", pos):
        return "unterminated block comment"
    if text[pos] == '"':
        return "unterminated string or control character in string"
    return f"unexpected character {text[pos]!r}"


class _Parser:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self._text = text
        self._tokens = tokens
        self._index = 0

    def value(self) -> Any:
        token = self._next("a value")
        if token.kind == "{":
            return self._object()
        if token.kind == "[":
            return self._array()
        if token.kind in ("string", "number"):
            return self._decode(token)
        if token.kind == "word":
            return _WORDS[token.text]
        raise self._error(f"expected a value, found {token.text!r}", token)

    def expect_end(self) -> None:
        if self._index < len(self._tokens):
            token = self._tokens[self._index]
            raise self._error(f"unexpected {token.text!r} after the value", token)

    def _object(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            token = self._next("a key or '}'")
            if token.kind == "}":  # also accepts a trailing comma
                return result
            if token.kind != "string":
                raise self._error(f"expected a string key, found {token.text!r}", token)
            key = self._decode(token)
            colon = self._next("':'")
            if colon.kind != ":":
                raise self._error(f"expected ':', found {colon.text!r}", colon)
            result[key] = self.value()
            token = self._next("',' or '}'")
            if token.kind == "}":
                return result
            if token.kind != ",":
                raise self._error(f"expected ',' or '}}', found {token.text!r}", token)

    def _array(self) -> list[Any]:
        result: list[Any] = []
        while True:
            if self._peek_kind() == "]":  # also accepts a trailing comma
                self._index += 1
                return result
            result.append(self.value())
            token = self._next("',' or ']'")
            if token.kind == "]":
                return result
            if token.kind != ",":
                raise self._error(f"expected ',' or ']', found {token.text!r}", token)

    def _decode(self, token: _Token) -> Any:
        # The json module already knows every escape (\uXXXX surrogate pairs included) and the
        # number grammar; the tokenizer has made sure the token is a single string or number.
        try:
            return json.loads(token.text)
        except json.JSONDecodeError as error:
            raise JsoncError(error.msg, self._text, token.pos + error.pos) from None

    def _peek_kind(self) -> str | None:
        if self._index < len(self._tokens):
            return self._tokens[self._index].kind
        return None

    def _next(self, expected: str) -> _Token:
        if self._index >= len(self._tokens):
            raise JsoncError(
                f"expected {expected}, found the end of the text", self._text, len(self._text)
            )
        token = self._tokens[self._index]
        self._index += 1
        return token

    def _error(self, message: str, token: _Token) -> JsoncError:
        return JsoncError(message, self._text, token.pos)
