"""NestJS versioning as the route finder needs it (docs.nestjs.com, "Versioning").

`app.enableVersioning()` (URI versioning unless `type` says otherwise) puts a route's version
in its path, after the global prefix and before the controller's path: `/api/v2/users`, with
the `prefix` `v` unless another or `false` is given. A route's version is its `@Version(...)`,
else its controller's `@Controller({ version })`, else the `defaultVersion`; a list serves
each, `VERSION_NEUTRAL` serves the path without a version, and no version at all serves the
path as it is. Header, media-type and custom versioning leave paths alone.
"""

from __future__ import annotations

from collections.abc import Callable

from seamcheck.facts import Arg
from seamcheck.records import dataclass

NEUTRAL = ""  # the version `VERSION_NEUTRAL`: no segment in the path
_TYPES = frozenset({"URI", "HEADER", "MEDIA_TYPE", "CUSTOM"})

# An argument's text when it is a literal or a constant seamcheck can read, else None.
Literal = Callable[[Arg], "str | None"]


@dataclass(frozen=True, slots=True)
class Versioning:
    """`app.enableVersioning(...)` as read. `unread` says what seamcheck could not read;
    then it cannot tell the path of any route that may be versioned."""

    uri: bool = True
    prefix: str = "v"
    default: tuple[str, ...] | None = None  # None: no default version
    unread: str = ""


def read_versioning(args: tuple[Arg, ...], literal: Literal) -> Versioning:
    """The options of an `enableVersioning` call."""
    if not args:
        return Versioning()
    options = args[0]
    if options.kind != "object":
        return Versioning(unread="its options")
    items = {item.keyword: item for item in options.items if item.keyword}
    kind = items.get("type")
    kind_name = kind.value.rpartition(".")[2] if kind is not None and kind.kind == "name" else ""
    if kind_name not in _TYPES:
        return Versioning(unread="its type")
    if kind_name != "URI":
        return Versioning(uri=False)
    prefix = "v"
    given = items.get("prefix")
    if given is not None:
        if given.kind == "other" and given.value == "false":
            prefix = ""
        elif (text := literal(given)) is not None:
            prefix = text
        else:
            return Versioning(unread="its prefix")
    default: tuple[str, ...] | None = None
    if "defaultVersion" in items:
        default = read_versions(items["defaultVersion"], literal)
        if default is None:
            return Versioning(unread="its defaultVersion")
    return Versioning(True, prefix, default)


def read_versions(arg: Arg, literal: Literal) -> tuple[str, ...] | None:
    """The versions a `version` value names (`'2'`, `['1', '2']`, `VERSION_NEUTRAL`);
    None when seamcheck cannot read them."""
    listed = arg.items if arg.kind == "list" else (arg,)
    versions: list[str] = []
    for item in listed:
        if item.kind == "name" and item.value.rpartition(".")[2] == "VERSION_NEUTRAL":
            versions.append(NEUTRAL)
            continue
        text = literal(item)
        if not text:
            return None
        versions.append(text)
    return tuple(versions) if versions else None


def version_segments(versioning: Versioning, versions: tuple[str, ...] | None) -> list[str]:
    """The path segment each version puts after the global prefix ("" for none)."""
    chosen = versions if versions is not None else versioning.default
    if not versioning.uri or chosen is None:
        return [""]
    return [f"/{versioning.prefix}{v}" if v != NEUTRAL else "" for v in chosen]
