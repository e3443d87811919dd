"""Helm charts' templates, rendered for reading as `helm template` would render them with the
chart's default `values.yaml` (other values files and `--set` are install-time choices
seamcheck does not make; a subchart's under what its parent's give it), release name
`release-name` and no namespace (the objects go where they are installed).

A chart is a folder with a `Chart.yaml`; its manifests are the `.yaml`/`.yml` files under its
`templates/` (not `_*` partials), its `define`s those files' and the `.tpl` helpers', and
those of its parent's and subcharts' (one set, as Helm parses them). Values
that cannot be rendered (`gotemplate.UNRENDERED`) are never guessed: in a workload, an `env`
value is left unknown (marked `kubeenv.HELM_UNRENDERED`, for the message that says so) and
any other unrendered field is left out; any other object holding one, or in a branch that
cannot be decided, is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from seamcheck.project import Project
from seamcheck.seams import gotemplate
from seamcheck.seams.gotemplate import UNKNOWN, UNRENDERED, Abort
from seamcheck.seams.kubeenv import HELM_UNRENDERED
from seamcheck.seams.manifests import WORKLOADS, read_text, workload_containers

RELEASE_NAME = "release-name"  # as `helm template` names a release it is given no name for

_SEPARATOR = re.compile(r"(?m)^---[ \t]*(?:#.*)?$")


def is_chart_file(rel: str, charts: list[str]) -> bool:
    """Whether `rel` is a chart's template, `Chart.yaml` or values file: none is a manifest
    as written (a values file's `podAnnotations` are no object's)."""
    folder, _, name = rel.rpartition("/")
    if (folder or ".") in charts and (name == "Chart.yaml" or name.startswith("values")):
        return True
    return any(rel.startswith(_templates(chart)) for chart in charts)


def documents(project: Project, charts: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(template file, object) of each chart's rendered manifests."""
    values = _Values(project, charts)
    # A subchart's templates belong to its parent's tree too: each file is parsed once.
    parses: dict[str, _Parse | None] = {}
    for chart in charts:
        given = values.of(chart)
        if given is not None:
            yield from _chart_documents(project, chart, charts, given, parses)


# A template's nodes and the `define`s it holds.
_Parse = tuple[list[gotemplate.Node], dict[str, list[gotemplate.Node]]]


def _chart_documents(
    project: Project,
    chart: str,
    charts: list[str],
    values: dict[str, Any],
    parses: dict[str, _Parse | None],
) -> Iterator[tuple[str, dict[str, Any]]]:
    folder = _templates(chart)
    templates = [r for r in project.config_files if r.startswith(folder) and _manifest(r)]
    parsed, defines = _parsed_templates(project, chart, charts, parses)
    root = _root(project, chart, values)
    for rel in templates:
        if rel not in parsed or _name(rel).startswith("_"):
            continue
        try:
            text = gotemplate.Renderer(root, defines).render(parsed[rel])
        except (Abort, RecursionError):
            continue
        if gotemplate.DROP_FILE in text:
            continue
        for chunk in _SEPARATOR.split(text):
            if gotemplate.DROP in chunk:
                continue
            document = _parsed(chunk)
            if isinstance(document, dict):
                settled = _settle(document, rel)
                if settled is not None:
                    yield rel, settled


def _parsed_templates(
    project: Project, chart: str, charts: list[str], parses: dict[str, _Parse | None]
) -> tuple[dict[str, list[gotemplate.Node]], dict[str, list[gotemplate.Node]]]:
    """The parsed templates of `chart`, and the `define`s they may include: Helm parses the
    templates of a chart and of all its subcharts as one set, whose `define`s any of them
    includes (a library chart's `common.names.fullname`); the one of a name nearest the top
    chart wins."""
    folder = _templates(chart)
    tree = _tree_folder(chart, charts)
    shared = [
        r
        for r in (*project.config_files, *project.other_files)
        if _in_tree(r, tree) and (_manifest(r) or r.endswith(".tpl"))
    ]
    parsed: dict[str, list[gotemplate.Node]] = {}
    defines: dict[str, list[gotemplate.Node]] = {}
    for rel in sorted(shared, key=lambda r: (r.count("/"), r)):
        if rel not in parses:
            try:
                parses[rel] = gotemplate.parse(_read(project, rel))
            except (Abort, RecursionError):
                parses[rel] = None
        parse = parses[rel]
        if parse is None:
            continue
        nodes, defined = parse
        if rel.startswith(folder):
            parsed[rel] = nodes
        for name, body in defined.items():
            defines.setdefault(name, body)
    return parsed, defines


def _parsed(chunk: str) -> Any:
    """One rendered YAML document, None when it is not YAML. An unknown block (`{{ include
    "x" . | nindent 12 }}` of a helper that is not here) among the items of a list is read as
    one item that is not known: alone on its line it would end the list."""
    import yaml

    from seamcheck import yamlsafe

    for attempt in (chunk, _as_list_items(chunk)):
        try:
            return yamlsafe.load(attempt)
        except (yaml.YAMLError, RecursionError):
            if UNRENDERED not in chunk:
                return None
    return None


def _as_list_items(chunk: str) -> str:
    lines = chunk.split("\n")
    for index, line in enumerate(lines):
        if line.strip() != UNRENDERED:
            continue
        indent = line[: len(line) - len(line.lstrip())]
        near = [n for n in (*lines[index + 1 : index + 2], *lines[max(index - 1, 0) : index]) if n]
        if any(n.startswith(indent + "- ") for n in near):
            lines[index] = f"{indent}- {UNRENDERED}"
    return "\n".join(lines)


class _Values:
    """The values each chart's templates see: its `values.yaml`; a subchart's (a chart under
    its parent's `charts/`) overridden by what its parent's values give its name (or its
    one alias) and `global`, as Helm merges them. None for a subchart its parent's
    dependency `condition` turns off, or whose values cannot be told (several aliases, or a
    parent's that cannot)."""

    def __init__(self, project: Project, charts: list[str]) -> None:
        self.project = project
        self.charts = frozenset(charts)
        self.memo: dict[str, dict[str, Any] | None] = {}

    def of(self, chart: str) -> dict[str, Any] | None:
        if chart not in self.memo:
            self.memo[chart] = None  # a chart that is its own ancestor: no values
            self.memo[chart] = self._values(chart)
        return self.memo[chart]

    def _values(self, chart: str) -> dict[str, Any] | None:
        own = _yaml(self.project, _in(chart, "values.yaml"))
        above, _, folder = chart.rpartition("/")
        parent = "." if above == "charts" else above.removesuffix("/charts")
        if parent == above or parent not in self.charts:
            return own
        given = self.of(parent)
        if given is None:
            return None
        name = _yaml(self.project, _in(chart, "Chart.yaml")).get("name", folder)
        dependencies = _yaml(self.project, _in(parent, "Chart.yaml")).get("dependencies")
        mine = [
            d
            for d in (dependencies if isinstance(dependencies, list) else [])
            if isinstance(d, dict) and d.get("name") == name
        ]
        aliases = sorted({str(d["alias"]) for d in mine if d.get("alias")})
        if len(aliases) > 1 or _condition(mine, given) is False:
            return None
        key = aliases[0] if aliases else str(name)
        overrides = given.get(key)
        values = _merged(own, overrides) if isinstance(overrides, dict) else own
        if isinstance(given.get("global"), dict):
            values = {**values, "global": _merged(values.get("global"), given["global"])}
        return values


def _tree_folder(chart: str, charts: list[str]) -> str:
    """The top chart of the tree `chart` is a subchart of (itself when it is none's)."""
    while True:
        above = chart.rpartition("/")[0]
        parent = "." if above == "charts" else above.removesuffix("/charts")
        if parent == above or parent not in charts:
            return chart
        chart = parent


def _in_tree(rel: str, top: str) -> bool:
    """Whether `rel` is a template of the chart `top` or of one of its subcharts."""
    inside = rel if top == "." else rel.removeprefix(top + "/")
    if inside == rel and top != ".":
        return False
    return inside.startswith("templates/") or (
        inside.startswith("charts/") and "/templates/" in inside
    )


def _condition(dependencies: list[dict[str, Any]], values: dict[str, Any]) -> bool | None:
    """A dependency's `condition`: the first of its values paths that holds a boolean."""
    for dependency in dependencies:
        for path in str(dependency.get("condition") or "").split(","):
            value: Any = values
            for key in path.strip().split("."):
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, bool):
                return value
    return None


def _merged(base: object, override: dict[str, Any]) -> dict[str, Any]:
    """`base` with `override`'s values over it, maps merged key by key; a null removes the
    key, as Helm's coalescing does."""
    merged = dict(base) if isinstance(base, dict) else {}
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _root(project: Project, chart: str, values: dict[str, Any]) -> dict[str, Any]:
    """What a template's `.` holds: the values, the chart, the release."""
    meta = _yaml(project, _in(chart, "Chart.yaml"))
    return {
        "Values": values,
        "Chart": {key[:1].upper() + key[1:]: value for key, value in meta.items()},
        "Release": {
            "Name": RELEASE_NAME,
            "Namespace": UNKNOWN,
            "Service": "Helm",
            "IsInstall": UNKNOWN,
            "IsUpgrade": UNKNOWN,
            "Revision": UNKNOWN,
        },
        "Capabilities": UNKNOWN,
        "Files": UNKNOWN,
        "Template": {"BasePath": _templates(chart).rstrip("/"), "Name": UNKNOWN},
    }


def _settle(document: dict[str, Any], rel: str) -> dict[str, Any] | None:
    """The object with what could not be rendered dealt with (see the module's docstring),
    or None when it is left out."""
    metadata = document.get("metadata")
    if isinstance(metadata, dict):
        document = {**document, "metadata": _settled_metadata(metadata)}
    if not _holds(document, UNRENDERED):
        return document
    if _unrendered_key(document) or document.get("kind") not in WORKLOADS:
        return None
    for container in workload_containers(document):
        _settle_environment(container, rel)
    pruned: dict[str, Any] = _pruned(document)
    return pruned


def _settled_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """`{{ .Release.Namespace }}` is the namespace the object is installed in: as one that
    names none. An object's own labels are read for none but a Pod (whose unknown labels
    select nothing): one not rendered (a helper of a chart that is not in the repository) is
    left out, not the object."""
    settled = dict(metadata)
    if _unrendered_scalar(settled.get("namespace")):
        del settled["namespace"]
    labels = settled.get("labels")
    if _unrendered_scalar(labels):
        del settled["labels"]
    elif isinstance(labels, dict):
        settled["labels"] = {k: v for k, v in labels.items() if not _unrendered_scalar(v)}
    return settled


def _settle_environment(container: dict[str, Any], rel: str) -> None:
    env, sources = container.get("env"), container.get("envFrom")
    whole = (env is not None and not isinstance(env, list)) or _holds(sources, UNRENDERED)
    items = env if isinstance(env, list) else []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            whole = whole or _unrendered_scalar(item)  # entries not known, any name
            continue
        if not _holds(item, UNRENDERED):
            continue
        name = item.get("name")
        if isinstance(name, str) and UNRENDERED not in name:
            items[index] = {"name": name, "valueFrom": {HELM_UNRENDERED: rel}}
        else:
            whole = True
    if whole:
        container[HELM_UNRENDERED] = rel


def _pruned(value: Any) -> Any:
    """`value` without the entries that hold an unrendered value (an unknown label, image,
    annotation is no label, image or annotation seamcheck reads)."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if not _unrendered_scalar(v)}
    if isinstance(value, list):
        return [_pruned(v) for v in value if not _unrendered_scalar(v)]
    return value


def _unrendered_scalar(value: Any) -> bool:
    return isinstance(value, str) and UNRENDERED in value


def _unrendered_key(value: Any) -> bool:
    if isinstance(value, dict):
        return any(UNRENDERED in str(k) or _unrendered_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unrendered_key(v) for v in value)
    return False


def _holds(value: Any, text: str) -> bool:
    if isinstance(value, dict):
        return any(text in str(k) or _holds(v, text) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds(v, text) for v in value)
    return isinstance(value, str) and text in value


def _in(chart: str, name: str) -> str:
    return name if chart == "." else f"{chart}/{name}"


def _templates(chart: str) -> str:
    return "templates/" if chart == "." else f"{chart}/templates/"


def _manifest(rel: str) -> bool:
    return rel.endswith((".yaml", ".yml"))


def _name(rel: str) -> str:
    return rel.rpartition("/")[2]


def _read(project: Project, rel: str) -> str:
    """A file's text; "" for one the walk did not find (not the repository's, and a replayed
    run would not see it change)."""
    if rel not in project.config_files and rel not in project.other_files:
        return ""
    return read_text(project, rel)


def _yaml(project: Project, rel: str) -> dict[str, Any]:
    import yaml

    from seamcheck import yamlsafe

    try:
        loaded = yamlsafe.load(_read(project, rel))
    except (yaml.YAMLError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
