"""pluggy's project names: `PluginManager("app")` registers a plugin's functions marked by a
`HookimplMarker("app")` only, so a hook call on it never runs what `HookimplMarker("other")`
marked. The name is the first argument of the call making the manager or marker (or its
`project_name=`): a string, a name bound to one, or another manager's or marker's
`project_name`; read here while names can still be followed to that call
(`rules/blocking/plugins.py` matches them)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from seamcheck.facts import Arg, Binding, Call, enclosing_scope

if TYPE_CHECKING:  # the rules read the names below without loading the resolver
    from seamcheck.resolve.model import ResolvedCall
    from seamcheck.resolve.names import FileSymbols, NameResolver

HOOKIMPL_MARKER = "pluggy.HookimplMarker()"
# `pm.hook.name(...)`, `pm.hook.name.call_historic(...)`, `.call_extra(...)`: each calls the
# implementations in turn. A project's subclass of PluginManager resolves to the library's.
HOOK_CALL = re.compile(
    r"pluggy\.PluginManager\(\)\.hook\.([A-Za-z_]\w*)(?:\.(?:call_historic|call_extra))?"
)
_MAKERS = frozenset({"pluggy.HookimplMarker", "pluggy.HookspecMarker", "pluggy.PluginManager"})
# Each of them keeps its project's name here: Airflow's `PluginManager(policies.
# local_settings_hookspec.project_name)` names the project of its `HookspecMarker`.
_PROJECT_NAME = ".project_name"
_HOOK = ".hook."
_MAX_DEPTH = 4  # a manager named after a marker named after ...


def marker_projects(
    resolver: NameResolver, path: str, decorators: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """Each function of `path` a `HookimplMarker` marks -> the project the marker was made
    for, where that is known."""
    file = resolver.symbols[path]
    found: dict[str, str] = {}
    for node, named in decorators.items():
        qualname = node.partition("::")[2]
        definition = file.definitions.get(qualname)
        if definition is None:
            continue
        for written, name in zip(definition.decorators, named, strict=False):
            if name == HOOKIMPL_MARKER:
                scope, line = enclosing_scope(qualname), definition.span.line
                project = project_of(resolver, file, scope, written, line)
                if project:
                    found[node] = project
                break
    return found


def hook_call_projects(
    resolver: NameResolver, path: str, calls: Iterable[ResolvedCall]
) -> dict[tuple[str, int, int], str]:
    """(path, line, column) of each pluggy hook call of `path` -> the project of the plugin
    manager it is made on (`pm` of `pm.hook.startup()`), where that is known."""
    file = resolver.symbols[path]
    found: dict[tuple[str, int, int], str] = {}
    for resolved in calls:
        qualname = resolved.qualname
        if not qualname.startswith("pluggy.") or not HOOK_CALL.fullmatch(qualname):
            continue
        call = resolved.call
        manager = call.callee.partition(_HOOK)[0]
        project = project_of(resolver, file, call.scope, manager, call.span.line)
        if project:
            found[(path, call.span.line, call.span.column)] = project
    return found


def project_of(
    resolver: NameResolver, file: FileSymbols, scope: str, dotted: str, line: int, depth: int = 0
) -> str:
    """The project name the pluggy manager or marker `dotted` was made with; "" when it is
    not followed to a call making one, or that call's name is no string known here."""
    found = resolver.bound_at(file, scope, dotted, line) if depth < _MAX_DEPTH else None
    if found is None or found[1].kind != "call":
        return ""
    home, binding = found
    made = resolver.resolve_dotted(home, binding.scope, binding.value, 1, binding.line)
    if made.kind != "external" or made.name not in _MAKERS:
        return ""
    call = _bound_call(home, binding)
    named = next((a for a in call.args if a.keyword == "project_name"), None) if call else None
    first = call.args[0] if call is not None and call.args else None
    given = named or (first if first is not None and first.keyword is None else None)
    return _string(resolver, home, binding.scope, given, binding.line, depth)


def _bound_call(file: FileSymbols, binding: Binding) -> Call | None:
    """The call whose result the `call` binding `binding` holds."""
    return next(
        (
            c
            for c in file.facts.calls
            if c.span.line == binding.line
            and c.scope == binding.scope
            and c.callee == binding.value
        ),
        None,
    )


def _string(
    resolver: NameResolver, file: FileSymbols, scope: str, arg: Arg | None, line: int, depth: int
) -> str:
    """The string `arg` is written as, or a name bound to one holds, or the project name of
    the manager or marker it reads it from; "" for anything else."""
    if arg is None or arg.kind not in ("str", "name"):
        return ""
    if arg.kind == "str":
        return arg.value
    if arg.value.endswith(_PROJECT_NAME):
        maker = arg.value.removesuffix(_PROJECT_NAME)
        return project_of(resolver, file, scope, maker, line, depth + 1)
    found = resolver.bound_at(file, scope, arg.value, line)
    return found[1].value if found is not None and found[1].kind == "str" else ""
