"""Next.js `rewrites()` from `next.config.{js,mjs,cjs,ts}`: where the app's own server sends
a path no page or route of its own serves (`afterFiles`, `fallback`: what an array returns),
or before looking at its own (`beforeFiles`).

Read from the facts of the config file: its one function named `rewrites` (a method of the
config object, however the object is exported or wrapped) and the array or object literal
that function returns. Only rules whose paths keep a literal prefix are read
(`/api/:path*` -> `http://gateway:3000/v1/:path*`); any other rule, or a `rewrites` not
written so, is "unread", and a path it may take is not known to land anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from seamcheck.facts import MODULE_SCOPE, RETURNED, Arg
from seamcheck.project import Service
from seamcheck.records import dataclass
from seamcheck.seams.appconfig import app_config, written_strings
from seamcheck.seams.model import Where
from seamcheck.seams.paths import strip_prefix
from seamcheck.seams.values import Values

CONFIG_FILES = ("next.config.js", "next.config.mjs", "next.config.cjs", "next.config.ts")
# `/api/:path*`, `/api/:path+`, `/api/:path(.*)`: a literal prefix, then every rest.
_PREFIX_RULE = re.compile(r"^(?P<prefix>(?:/[^/:()*+?]+)*)/:(?P<name>\w+)(?P<many>\*|\+|\(\.\*\))$")
_ORIGIN = re.compile(r"^(?P<origin>[a-z][a-z0-9+.-]*://[^/?#]+)(?P<path>/[^?#]*)?$", re.I)
_RULE_KEYS = frozenset({"source", "destination"})


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One rule: a path under `prefix` (the prefix itself too, unless `one_or_more`) goes to
    `target` (an origin; "" for the app itself) with `prefix` replaced by `replace`."""

    source: str
    prefix: str
    one_or_more: bool
    target: str
    replace: str
    where: Where

    @property
    def label(self) -> str:
        return f"next.config rewrite {self.source}"

    def forward(self, path: str) -> str | None:
        rest = strip_prefix(path, self.prefix) if self.prefix else path
        if rest is None or (self.one_or_more and not rest.strip("/")):
            return None
        joined = self.replace.rstrip("/") + "/" + rest.lstrip("/")
        return joined if joined.startswith("/") else "/" + joined


@dataclass(frozen=True, slots=True)
class Rewrites:
    before: tuple[Rewrite, ...] = ()  # beforeFiles: ahead of the app's own routes
    after: tuple[Rewrite, ...] = ()  # afterFiles, then fallback
    unread: str = ""  # why a rule or the whole rewrites() is not read, with where


def next_rewrites(service: Service, values: Values) -> Rewrites:
    """The rewrites of the Next.js app `service` (none when it has no config file)."""
    path = app_config(service, values, CONFIG_FILES)
    if path is None:
        return Rewrites()
    base = next_base_path(service, values)
    if base is None:
        return Rewrites(unread=f"{path}: its basePath is not known before run time")
    rewrites = _from_config(path, values)
    if not base:
        return rewrites
    return Rewrites(
        tuple(_under(rule, base) for rule in rewrites.before),
        tuple(_under(rule, base) for rule in rewrites.after),
        rewrites.unread,
    )


def next_base_path(service: Service, values: Values) -> str | None:
    """The `basePath` of the Next.js app `service`, under which it serves every page and
    route (and matches its rewrites): "" when it sets none; None when its value, or which
    of several, is not known before run time."""
    path = app_config(service, values, CONFIG_FILES)
    file = values.symbols.get(path) if path is not None else None
    if path is None or file is None:
        return ""
    written = [i for b in file.facts.bindings for i in _base_paths(b.items)]
    written += [i for c in file.facts.calls for i in _base_paths(c.args)]
    found = written_strings(values, path, written)
    if found is None or len(found) > 1:
        return None
    return found.pop().rstrip("/") if found else ""


def _base_paths(items: Sequence[Arg]) -> list[Arg]:
    """The `basePath` entries of object literals, at any depth."""
    return [
        found for i in items for found in ([i] if i.keyword == "basePath" else _base_paths(i.items))
    ]


def _under(rule: Rewrite, base: str) -> Rewrite:
    """A rule of an app with a basePath: Next.js matches its source under the basePath, and
    a destination in the app itself is under it too."""
    replace = rule.replace if rule.target else base + rule.replace
    return Rewrite(
        rule.source, base + rule.prefix, rule.one_or_more, rule.target, replace, rule.where
    )


def _from_config(path: str, values: Values) -> Rewrites:
    file = values.symbols[path]
    functions = [q for q in file.definitions if q.rsplit(".", 1)[-1] == "rewrites"]
    named = any(_names_rewrites(b.items) for b in file.facts.bindings) or any(
        _names_rewrites(c.args) for c in file.facts.calls
    )
    if not functions and not named:
        return Rewrites()
    returned = file.bindings.get((functions[0], RETURNED)) if len(functions) == 1 else None
    if returned is None:
        return Rewrites(unread=f"{path}: rewrites() does not return a literal seamcheck reads")
    where = Where(path, returned.line)

    def written(arg: Arg) -> str | None:
        """A rule's string, also one built from constants and environment variables
        (`${process.env.GATEWAY_URL}/api/:path*`); None when not known before run time."""
        if arg.kind == "str":
            return arg.value
        template = values.of_arg(path, MODULE_SCOPE, arg) if arg.kind == "expr" else None
        if template is None or any(part.param for part in template):
            return None
        return "".join(part.text for part in template)

    if returned.kind == "list":
        after, unread = _rules(returned.items, where, written)
        return Rewrites((), after, unread)
    lists = {i.keyword: i.items for i in returned.items if i.kind == "list"}
    if len(lists) != len(returned.items) or not set(lists) <= {
        "beforeFiles",
        "afterFiles",
        "fallback",
    }:
        return Rewrites(unread=f"{where}: rewrites() returns what seamcheck does not read")
    before, unread_before = _rules(lists.get("beforeFiles", ()), where, written)
    after, unread_after = _rules(
        (*lists.get("afterFiles", ()), *lists.get("fallback", ())), where, written
    )
    return Rewrites(before, after, unread_before or unread_after)


def _names_rewrites(items: Sequence[Arg]) -> bool:
    """Whether an object literal (at any depth) has a `rewrites` entry that is no function
    written in place (`rewrites: makeRewrites`)."""
    return any(
        (i.keyword == "rewrites" and i.kind != "func") or _names_rewrites(i.items) for i in items
    )


def _rules(
    items: Sequence[Arg], where: Where, written: Callable[[Arg], str | None]
) -> tuple[tuple[Rewrite, ...], str]:
    """The rules read, in order, and why some were not."""
    read: list[Rewrite] = []
    unread = ""
    for item in items:
        rule = _rule(item, where, written)
        if rule is None:
            unread = unread or f"{where}: a rewrite rule seamcheck does not read"
            continue
        read.append(rule)
    return tuple(read), unread


def _rule(item: Arg, where: Where, written: Callable[[Arg], str | None]) -> Rewrite | None:
    if item.kind != "object" or {i.keyword for i in item.items} != _RULE_KEYS:
        return None  # a spread, `has`/`missing` conditions, `basePath: false`, `locale`
    entries = {i.keyword: i for i in item.items}
    source, destination = written(entries["source"]), written(entries["destination"])
    if source is None or destination is None:
        return None
    rule = _PREFIX_RULE.match(source)
    if rule is None:
        return None
    origin = _ORIGIN.match(destination)
    target, rest = (
        (origin.group("origin"), origin.group("path") or "") if origin else ("", destination)
    )
    if not rest.startswith("/") and origin is None:
        return None
    to = _PREFIX_RULE.match(rest)
    if (
        to is None
        or to.group("name") != rule.group("name")
        or to.group("many") != rule.group("many")
    ):
        return None
    one_or_more = rule.group("many") == "+"
    return Rewrite(source, rule.group("prefix"), one_or_more, target, to.group("prefix"), where)
