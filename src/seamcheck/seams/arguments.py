"""Which argument of a call fills which parameter of the function it calls: positions,
keywords, spreads and defaults, as each language binds them."""

from __future__ import annotations

from seamcheck.facts import Arg, Call, Definition, enclosing_scope, shown_parameter
from seamcheck.records import dataclass
from seamcheck.seams.values import Given, Part, Template, Values, last_entry, slots_in

_SPREAD, _KEYWORDS_SPREAD = "*", "**"  # `other` arguments spread from a value (facts.Arg)
# `_entry`'s answer for an object literal without the entry (not a spread or a computed key
# that may set it): an entry's default value then holds.
_NOT_GIVEN = "not given"


@dataclass(frozen=True, slots=True)
class Default:
    """A parameter the call leaves to its default value (`arg`), which is read where the
    function is defined, in `scope`."""

    arg: Arg
    scope: str


def argument(call: Call, definition: Definition, name: str, python: bool) -> Arg | Default | str:
    """The argument `call` gives parameter `name` of the function it calls (or, for
    `opts.baseUrl`, the entry of the argument it gives `opts`), its default value when the
    call gives none, or why neither is known here."""
    head, dot, rest = name.partition(".")
    if dot:
        found = _entry(argument(call, definition, head, python), name, rest, python)
        if found is _NOT_GIVEN:  # `{ baseUrl = 'http://ml:8000' }`: its default, if any
            default = next((d for d in definition.defaults if d.keyword == name), None)
            if default is not None:
                return Default(default, _default_scope(definition, python))
            return f"'{shown_parameter(name)}' is not given"
        return found
    params = definition.params
    if python and definition.kind == "method" and "staticmethod" not in definition.decorators:
        params = params[1:]  # `self`, `cls`: the object it is called on
    at = next((i for i, p in enumerate(params) if p.removesuffix("=") == name), None)
    if at is None:
        return f"'{shown_parameter(name)}' is no parameter seamcheck can follow"
    star = next((i for i, p in enumerate(params) if p.startswith("*")), len(params))
    slash = params.index("/") if "/" in params else -1
    position = sum(1 for p in params[:at] if p != "/") if at < star else None
    positional = [a for a in call.args if a.keyword is None and not _spread(a, _KEYWORDS_SPREAD)]
    spread = next((i for i, a in enumerate(positional) if _spread(a, _SPREAD)), None)
    if position is not None:
        if spread is not None and spread <= position:
            return f"'{shown_parameter(name)}' is given by a spread argument"
        if position < len(positional):
            return positional[position]
    if python and at > slash:
        named = next((a for a in call.args if a.keyword == name), None)
        if named is not None:
            return named
    if python and any(_spread(a, _KEYWORDS_SPREAD) for a in call.args):
        return f"'{shown_parameter(name)}' may be given by a `**` argument"
    if params[at].endswith("="):
        default = next((d for d in definition.defaults if d.keyword == name), None)
        if default is None:
            return f"'{shown_parameter(name)}' is left to its default value"
        return Default(default, _default_scope(definition, python))
    return f"no argument for '{shown_parameter(name)}' is read at this call"


def _entry(given: Arg | Default | str, name: str, keys: str, python: bool) -> Arg | Default | str:
    """What `name` (`opts.baseUrl`) holds when its parameter is given `given`: a JS object
    literal's entry (`{ baseUrl: process.env.MODEL_URL }`), the same entry of a name
    (`config` -> `config.baseUrl`, read where the call is), or why it is not known."""
    if isinstance(given, str):
        return given
    if isinstance(given, Default):
        found = _entry(given.arg, name, keys, python)
        return Default(found, given.scope) if isinstance(found, Arg) else found
    if given.kind == "name":
        return Arg("name", f"{given.value}.{keys}")
    if given.kind != "object" or python:  # a Python dict's entries are no attributes
        return f"'{shown_parameter(name)}' is an entry of a value seamcheck cannot read"
    arg = given
    for key in keys.split("."):
        last = last_entry(arg.items, (key,)) if arg.kind == "object" else None
        if last is None:
            return _NOT_GIVEN
        arg = last[1]
        if arg.keyword != key:
            return f"'{shown_parameter(name)}' may be given by a spread or an entry not read"
    return arg


def value_given(
    values: Values,
    at: tuple[str, str],
    path: str,
    name: str,
    given: Arg | Default | str,
    outer: Given | None = None,
) -> Template:
    """What parameter `name` of a function in `path` holds at a call written at `at` (path,
    scope) that gives it `given` (`argument`'s answer); `outer`: the values of the parameters
    of the functions the call is written in, when known."""
    shown = shown_parameter(name)
    if isinstance(given, str):
        return (Part(shown, True, given),)
    if isinstance(given, Default):
        value = values.of_arg(path, given.scope, given.arg, 0)
        # An `other` default is no string (`None`, `True`), unless it is a conditional of two.
        unread = given.arg.kind == "other" and not given.arg.items
        if value is None or unread or slots_in(value):
            return (Part(shown, True, f"'{shown}' is left to its default value"),)
        return value
    value = values.of_arg(*at, given, 0, outer)
    if value is None:
        return (Part(shown, True, f"'{shown}' is given a value that is not a string"),)
    return value


def _default_scope(definition: Definition, python: bool) -> str:
    """Where a default value's names are looked up: Python evaluates it once, where the
    function is defined (a method's in its class body); JavaScript at each call, inside the
    function (it may read the parameters before it)."""
    if not python:
        return definition.qualname
    return enclosing_scope(definition.qualname)


def _spread(arg: Arg, mark: str) -> bool:
    return arg.kind == "other" and arg.value == mark and arg.keyword is None
