"""The environment a Kubernetes container runs with, as the kubelet makes it: each `envFrom`
source in order (a `ConfigMap` or `Secret` of the manifests, its keys under the source's
`prefix`), then each `env` entry, which wins over them: a `value` (its `$(NAME)` references
expanded from what is defined before it) or a `valueFrom` key of a ConfigMap or Secret.
ConfigMaps and Secrets are the manifests' own and those a kustomization generates
(`configMapGenerator`, `secretGenerator`: `literals` and `envs` files).

A variable whose value comes from elsewhere (a `fieldRef`, a ConfigMap that is not in the
repository, a `$(NAME)` of one not known, a Helm template seamcheck could not render) has
no value, and hides what an `envFrom` source gave it: it is not that value. What the
container says of it is kept instead (`Unknown`), for the message that its value is not
known: the variable is set, not "set nowhere".
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any

from seamcheck.records import dataclass
from seamcheck.seams.manifests import as_list, kind_of

# A variable's value and the manifest it is written in.
Value = tuple[str, str]
# A container's `env` entry or whole environment set by a Helm template seamcheck could not
# render (`helm._settle_environment` marks them), with that template.
HELM_UNRENDERED = "seamcheck.helm/unrendered"


@dataclass(frozen=True, slots=True)
class Source:
    """What the manifests hold of one ConfigMap or Secret a workload reads: the keys whose
    value is known; the keys its copies (a dev and a prod overlay's) give different values,
    with those copies' files; and why none is read ("" when one is), to follow its name in a
    message: "which is not in the repository"."""

    data: dict[str, Value]
    differing: dict[str, tuple[str, ...]]
    absent: str = ""


# A ConfigMap's or Secret's keys, by (kind, name) within the workload's namespace.
Lookup = Callable[[str, str], Source]


@dataclass(slots=True)
class Unknown:
    """Why variables a container (or a service's containers) sets have no value here:
    `named` by variable; `prefixed` for a source seamcheck cannot read (a ConfigMap that is
    not in the repository, an environment a Helm template makes), which may set any variable
    whose name starts with the prefix. Each says it after the variable's name: "is set from
    the pod's field status.podIP"."""

    named: dict[str, str]
    prefixed: list[tuple[str, str]]

    def why(self, variable: str) -> str | None:
        if variable in self.named:
            return self.named[variable]
        return next((why for prefix, why in self.prefixed if variable.startswith(prefix)), None)


@dataclass(frozen=True, slots=True)
class ContainerEnvironment:
    """The variables a container (or a service's containers together) runs with whose value
    is known, with the manifest each is written in, and why the others it sets have none."""

    values: dict[str, Value]
    unknown: Unknown


_SOURCES = (("configMapRef", "ConfigMap"), ("secretRef", "Secret"))
_KEY_REFS = (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret"))
# `$(NAME)`, and `$$`, which makes the reference that follows it literal.
_REFERENCE = re.compile(r"\$\$|\$\(([^()]*)\)")
_HELM = "a Helm template seamcheck could not render"


def container_environment(
    container: dict[str, Any], rel: str, lookup: Lookup
) -> ContainerEnvironment:
    """Variable -> (value, manifest) of one container written in `rel`, and why the others
    it sets have none."""
    found: dict[str, Value] = {}
    unknown = Unknown({}, [])
    if isinstance(container.get(HELM_UNRENDERED), str):
        unknown.prefixed.append(("", f"may be set by {_HELM}"))
    for source in as_list(container.get("envFrom")):
        if isinstance(source, dict):
            _add_source(source, lookup, found, unknown)
    for item in as_list(container.get("env")):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        name: str = item["name"]
        written = item.get("value")
        found.pop(name, None)
        unknown.named.pop(name, None)
        given: Value | str | None = None
        if isinstance(written, str | int):
            given = _expanded(str(written), rel, found, unknown)
        elif isinstance(item.get("valueFrom"), dict):
            given = _referenced(item["valueFrom"], lookup)
        if isinstance(given, tuple):
            found[name] = given
        elif given is not None:
            unknown.named[name] = given
    return ContainerEnvironment(found, unknown)


def _add_source(
    source: dict[str, Any], lookup: Lookup, found: dict[str, Value], unknown: Unknown
) -> None:
    """What one `envFrom` source gives, over the sources before it."""
    prefix = source.get("prefix")
    prefix = prefix if isinstance(prefix, str) else ""
    for field, kind in _SOURCES:
        if not isinstance(source.get(field), dict):
            continue
        name = _name(source[field])
        read = lookup(kind, name)
        for key, value in read.data.items():
            found[prefix + key] = value
            unknown.named.pop(prefix + key, None)
        for key, files in read.differing.items():
            found.pop(prefix + key, None)
            unknown.named[prefix + key] = f"is set from {kind} '{name}', which {_differ(files)}"
        if read.absent:
            unknown.prefixed.append((prefix, f"may be set from {kind} '{name}', {read.absent}"))


def config_data(document: dict[str, Any], rel: str) -> dict[str, Value]:
    """The keys of a `ConfigMap` (`data`) or `Secret` (`stringData`, and `data`, which is
    base64) with their values, without the white space around them; a value that is not
    text is left out."""
    found: dict[str, Value] = {}
    fields = ("data",) if kind_of(document) == "ConfigMap" else ("data", "stringData")
    for field in fields:
        entries = document.get(field)
        if not isinstance(entries, dict):
            continue
        for key, value in entries.items():
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            text = str(value)
            if field == "data" and kind_of(document) == "Secret":
                decoded = _decoded(text)
                if decoded is None:
                    continue
                text = decoded
            # `echo URL | base64` and a `|` block end the value in a newline, which URL
            # parsers (WHATWG's, Python's urlsplit) drop: not a path '/\n/v1/predict'.
            found[str(key)] = (text.strip(), rel)
    return found


def generated_data(
    kustomization: dict[str, Any], rel: str, read: Callable[[str], str | None]
) -> Iterator[tuple[str, str, str, dict[str, Value]]]:
    """(kind, name, namespace, keys) of each ConfigMap and Secret a kustomization written in
    `rel` generates; `read` gives the text of a file of the repository (None: not one the
    walk found). Kustomize renames them with a hash and rewrites the references to match."""
    folder = PurePosixPath(rel).parent
    default_namespace = kustomization.get("namespace")
    for field, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
        for generator in as_list(kustomization.get(field)):
            if not isinstance(generator, dict) or not isinstance(generator.get("name"), str):
                continue
            namespace = generator.get("namespace", default_namespace)
            found: dict[str, Value] = {}
            envs = [*as_list(generator.get("envs")), generator.get("env")]
            for env in (e for e in envs if isinstance(e, str)):
                path = posixpath.normpath(str(folder / env))
                found.update((k, (v, path)) for k, v in _key_values(read(path) or ""))
            literals = (str(x) for x in as_list(generator.get("literals")))
            found.update((k, (_unquoted(v), rel)) for k, v in _key_values("\n".join(literals)))
            yield kind, generator["name"], namespace if isinstance(namespace, str) else "", found


def _key_values(text: str) -> Iterator[tuple[str, str]]:
    """`KEY=value` lines as kustomize reads them: blank lines and `#` comments skipped, the
    value as written after the first `=`."""
    for line in text.splitlines():
        line = line.strip()
        key, equals, value = line.partition("=")
        if equals and key and not line.startswith("#"):
            yield key.strip(), value


def _unquoted(value: str) -> str:
    """A literal's value as kustomize takes it: without the quotes around the whole of it
    (`- ML_URL="http://model:8000"`); an `envs` file's values keep theirs."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _name(reference: object) -> str:
    name = reference.get("name") if isinstance(reference, dict) else None
    return name if isinstance(name, str) else ""


def _referenced(source: dict[str, Any], lookup: Lookup) -> Value | str | None:
    """The value a `valueFrom` gives, or why it is not known (None: a source seamcheck does
    not know of)."""
    for field, kind in _KEY_REFS:
        reference = source.get(field)
        if isinstance(reference, dict) and isinstance(reference.get("key"), str):
            return _keyed(kind, _name(reference), reference["key"], lookup)
    pod_field = source.get("fieldRef")
    if isinstance(pod_field, dict) and isinstance(pod_field.get("fieldPath"), str):
        return f"is set from the pod's field {pod_field['fieldPath']}"
    resource = source.get("resourceFieldRef")
    if isinstance(resource, dict) and isinstance(resource.get("resource"), str):
        return f"is set from the container's resource {resource['resource']}"
    if isinstance(source.get(HELM_UNRENDERED), str):
        return f"is set by {_HELM}"
    return None


def _keyed(kind: str, name: str, key: str, lookup: Lookup) -> Value | str:
    """The value of the key `key` of the ConfigMap or Secret `name`, or why it is not known."""
    read = lookup(kind, name)
    if key in read.data:
        return read.data[key]
    if key in read.differing:
        return (
            f"is set from the key '{key}' of {kind} '{name}', which {_differ(read.differing[key])}"
        )
    if read.absent:
        return f"is set from {kind} '{name}', {read.absent}"
    return (
        f"is set from the key '{key}' of {kind} '{name}', which has no such key in the repository"
    )


def _differ(files: tuple[str, ...]) -> str:
    """What copies of a ConfigMap or Secret written in `files` do with a key."""
    if len(files) == 1:  # a dev and a prod copy in one file
        return f"{files[0]} sets to different values"
    shown = [*files[:3], f"{len(files) - 3} more"] if len(files) > 4 else list(files)
    return f"{', '.join(shown[:-1])} and {shown[-1]} set to different values"


def _expanded(value: str, rel: str, defined: dict[str, Value], unknown: Unknown) -> Value | str:
    """(`value` with each `$(NAME)` defined before it replaced by its value, `rel`); when one
    is not known here, why the value is not. The kubelet leaves a reference to a variable it
    does not define as written, but one this module does not know may be a `fieldRef`'s, or
    an `envFrom` source's that is not in the repository: `http://model:$(PORT)` is no URL to
    check."""
    missing: list[str] = []

    def replaced(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        known = defined.get(match.group(1))
        if known is None:
            missing.append(match.group(1))
        return match.group(0) if known is None else known[0]

    expanded = _REFERENCE.sub(replaced, value)
    if not missing:
        return expanded, rel
    name = missing[0]
    why = unknown.why(name)
    if why is None:
        return f"is set to '{value}', and the container sets no {name} before it"
    return f"is set to '{value}', and {name} {why}"


def _decoded(text: str) -> str | None:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
