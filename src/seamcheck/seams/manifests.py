"""Deployment manifests read once as YAML: Kubernetes objects (container `env`, `Service`
names, `dapr.io/app-id` annotations), Dapr multi-app run files (`dapr.yaml` `apps`) and
compose Dapr sidecars; plus the names each service answers to."""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from seamcheck.project import Project, compose_owner, is_dockerfile
from seamcheck.records import dataclass
from seamcheck.seams.model import EntryPoint, PortSource, Where

if TYPE_CHECKING:
    from seamcheck.seams.kubeenv import ContainerEnvironment, Source

# What a YAML file read as manifests holds: Kubernetes objects, Dapr's multi-app `apps`,
# kustomizations (which may name no kind) and their generators.
_MANIFEST_KEYS = ("kind:", "apps:", "app-id", "appID", "namespace:", "Generator:")

_APP_ID_FLAG = re.compile(r"-{1,2}app-id[=\s\"',]+([\w.-]+)")
_DAPR_ANNOTATION = re.compile(r"dapr\.io/app-id[\"']?\s*:\s*[\"']?([\w.-]+)")
_IMAGE = re.compile(r'"image":\s*"([^"]+)"')
WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"})
_MAX_SIZE = 512_000

Aliases = dict[str, tuple[str, str]]  # host name (lower case) -> (service, how)
Value = tuple[str, str]  # a variable's value and the file it is written in


def service_aliases(project: Project) -> Aliases:
    """Names that reach a service: configured hosts, compose names, hostnames and aliases
    first, then the service's name, folder and package name."""
    aliases: Aliases = {}
    for service in project.services:
        for host in service.hosts:
            aliases.setdefault(host.lower(), (service.name, f"[services.{service.name}] hosts"))
    roots = {s.root: s.name for s in project.services}
    for entry in project.compose:
        owner = compose_owner(entry, roots)
        if owner is not None:
            for name in (entry.name, *entry.hostnames):
                aliases.setdefault(name.lower(), (owner, f"compose service '{entry.name}'"))
    for service in project.services:
        aliases.setdefault(service.name.lower(), (service.name, "service name"))
        folder = PurePosixPath(service.root).name
        if folder and folder != ".":
            aliases.setdefault(folder.lower(), (service.name, f"folder {service.root}"))
        if service.package_name:
            package = service.package_name.rsplit("/", 1)[-1].lower()
            aliases.setdefault(package, (service.name, "package name"))
    return aliases


def read_text(project: Project, rel: str) -> str:
    path = project.root / rel
    try:
        if path.stat().st_size > _MAX_SIZE:
            return ""
        return path.read_text("utf-8", "replace")
    except OSError:
        return ""


def dockerfile_text(project: Project, rel: str | None) -> str | None:
    """The text of a Dockerfile the walk found; None for none, or for a file whose name the
    cache does not track as one (`project.is_dockerfile`): findings made from it could go
    stale."""
    if rel is None or rel not in project.other_files:
        return None
    if not is_dockerfile(rel.rpartition("/")[2]):
        return None
    return read_text(project, rel)


class Manifests:
    def __init__(self, project: Project, aliases: Aliases) -> None:
        self.project = project
        self.aliases = aliases
        self.roots = {s.root: s.name for s in project.services}
        # The folders holding a Helm chart (a `Chart.yaml`), sorted.
        self._charts = sorted(
            rel.rpartition("/")[0] or "."
            for rel in project.config_files
            if rel.rpartition("/")[2] == "Chart.yaml"
        )
        self.documents: list[tuple[str, dict[str, Any]]] = list(self._load())
        from seamcheck.inputs import content_matters

        self._variable_files = frozenset(
            (*project.config_files, *filter(content_matters, project.other_files))
        )

    def _load(self) -> Iterator[tuple[str, dict[str, Any]]]:
        charts = self._charts
        if charts:
            from seamcheck.seams import helm  # only a repository with charts pays for it
        for rel in self.project.config_files:
            if not rel.endswith((".yaml", ".yml")) or (charts and helm.is_chart_file(rel, charts)):
                continue
            text = read_text(self.project, rel)
            if not any(k in text for k in _MANIFEST_KEYS):
                continue
            # Imported here: a repository without manifests does not pay for loading yaml.
            import yaml

            from seamcheck import yamlsafe

            try:
                documents = yamlsafe.load_all(text)
            except (yaml.YAMLError, RecursionError):
                continue
            for document in documents:
                if isinstance(document, dict):
                    yield rel, document
        if charts:
            yield from helm.documents(self.project, charts)

    def owner(self, document: dict[str, Any], rel: str) -> str:
        """The service a manifest deploys: by image or object name, else by folder."""
        flat = json.dumps(document)
        for image in _IMAGE.findall(flat):
            name = image.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0].lower()
            if name in self.aliases:
                return self.aliases[name][0]
        metadata = document.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if isinstance(name, str) and name.lower() in self.aliases:
            return self.aliases[name.lower()][0]
        for ancestor in PurePosixPath(rel).parents:
            if str(ancestor) in self.roots:
                return self.roots[str(ancestor)]
        return ""

    def objects(self, kind: str) -> Iterator[tuple[str, dict[str, Any], str]]:
        """Each object of `kind` with a `spec` mapping (and a `metadata` mapping, made empty
        when missing), with its file and that file's text."""
        texts: dict[str, str] = {}  # a file may hold several objects
        for rel, document in self.documents:
            if kind_of(document) != kind or not isinstance(document.get("spec"), dict):
                continue
            if not isinstance(document.get("metadata"), dict):
                document = {**document, "metadata": {}}
            text = texts.get(rel)
            if text is None:
                text = texts[rel] = read_text(self.project, rel)
            yield rel, document, text

    def workloads(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), with its file."""
        for rel, document in self.documents:
            if kind_of(document) in WORKLOADS:
                yield rel, document

    def environment(self) -> dict[str, list[ContainerEnvironment]]:
        """service -> the environment of each workload that runs it: variable -> (value,
        manifest) from its containers' `env` and `envFrom`, ConfigMaps and Secrets followed
        (`kubeenv`), and why the variables they set to what is not known have no value, each
        followed by the manifest that sets it; the first container of a workload to set a
        variable gives its value or that reason. Workloads that disagree are not chosen
        between here: `hosts.Environment` keeps each value."""
        if not self.documents:
            return {}
        from seamcheck.seams.kubeenv import ContainerEnvironment, Unknown, container_environment

        stores = self._config_stores()
        found: dict[str, list[ContainerEnvironment]] = {}
        for rel, document in self.documents:
            if kind_of(document) not in WORKLOADS:
                continue
            owner = self.owner(document, rel)
            if not owner:
                continue
            namespace = _namespace(document)

            def lookup(kind: str, name: str, namespace: str = namespace) -> Source:
                return _in_namespace(stores.get((kind, name), []), namespace)

            workload = ContainerEnvironment({}, Unknown({}, []))
            for container in workload_containers(document):
                container_env = container_environment(container, rel, lookup)
                for name, value in container_env.values.items():
                    if name not in workload.unknown.named:
                        workload.values.setdefault(name, value)
                for name, why in container_env.unknown.named.items():
                    if name not in workload.values:
                        workload.unknown.named.setdefault(name, f"{why} ({rel})")
                workload.unknown.prefixed.extend(
                    (prefix, f"{why} ({rel})") for prefix, why in container_env.unknown.prefixed
                )
            found.setdefault(owner, []).append(workload)
        return found

    def _config_stores(self) -> dict[tuple[str, str], list[tuple[str, dict[str, Value]]]]:
        """(kind, name) -> (namespace, keys) of each ConfigMap and Secret of the manifests
        and of the kustomizations' generators."""
        from seamcheck.seams.kubeenv import config_data, generated_data

        stores: dict[tuple[str, str], list[tuple[str, dict[str, Value]]]] = {}
        for rel, document in self.documents:
            if kind_of(document) in ("ConfigMap", "Secret"):
                namespace = _namespace(document)
                key = (kind_of(document), object_name(document))
                stores.setdefault(key, []).append((namespace, config_data(document, rel)))
            elif _is_kustomization(rel, document):
                for kind, name, namespace, data in generated_data(document, rel, self._read):
                    stores.setdefault((kind, name), []).append((namespace, data))
        return stores

    def _read(self, rel: str) -> str | None:
        """The text of a variable file the walk found whose content the cache follows (one
        it did not is not the repository's, and a replayed run would not see it change): a
        `.env`, or a `config.properties` as kustomize's examples call theirs."""
        return read_text(self.project, rel) if rel in self._variable_files else None

    def kube_services(self) -> dict[str, str]:
        """Kubernetes `Service` name -> the service it fronts ("" when none here): the
        workload whose pod labels its selector matches, else the service the name itself is
        an alias of, else the only workload in the same file."""
        found: dict[str, str] = {}
        by_file: dict[str, list[str]] = {}
        # (label, value) -> the workloads whose pods have it: a Service's selector picks
        # those that have all of its pairs, without trying each workload for each Service.
        labelled: dict[tuple[str, str], set[int]] = {}
        owners: list[str] = []
        for rel, document in self.documents:
            if kind_of(document) in WORKLOADS:
                owner = self.owner(document, rel)
                by_file.setdefault(rel, []).append(owner)
                for pair in pod_labels(document).items():
                    labelled.setdefault(pair, set()).add(len(owners))
                owners.append(owner)
        for rel, document in self.documents:
            metadata = document.get("metadata")
            name = metadata.get("name") if isinstance(metadata, dict) else None
            if document.get("kind") != "Service" or not isinstance(name, str):
                continue
            selector = selector_of(document)
            selected = {owners[i] for i in _selected(labelled, selector)}
            alias = self.aliases.get(name.lower(), ("", ""))[0]
            in_file = by_file.get(rel, [])
            if len(selected) == 1:
                owner = selected.pop()
            elif alias:
                owner = alias
            else:
                owner = in_file[0] if len(in_file) == 1 and not selected else ""
            found.setdefault(name.lower(), owner)
        return found

    def kube_service_ports(self) -> dict[str, list[tuple[tuple[PortSource, ...], str]]]:
        """Kubernetes `Service` name -> for each Service of that name, the ports it takes
        calls on in the cluster (`spec.ports[].port`, not the pods' `targetPort`) and why a
        call may be taken on another ("" when it may not): a headless Service's name is its
        pods' addresses, on which whatever they listen on answers; an `ExternalName` one is
        another host's; a port a Helm template fills in is the release's to set."""
        found: dict[str, list[tuple[tuple[PortSource, ...], str]]] = {}
        texts: dict[str, str] = {}
        for rel, document in self.documents:
            metadata = document.get("metadata")
            name = metadata.get("name") if isinstance(metadata, dict) else None
            if document.get("kind") != "Service" or not isinstance(name, str):
                continue
            if rel not in texts:
                texts[rel] = read_text(self.project, rel)
            found.setdefault(name.lower(), []).append(
                self._service_ports(rel, texts[rel], document)
            )
        return found

    def _service_ports(
        self, rel: str, text: str, document: dict[str, Any]
    ) -> tuple[tuple[PortSource, ...], str]:
        spec = document.get("spec")
        spec = spec if isinstance(spec, dict) else {}
        if spec.get("type") == "ExternalName":
            return (), "an ExternalName Service, another host's name"
        if spec.get("clusterIP") == "None":
            return (), "a headless Service: its name is its pods' addresses"
        if self._charts and _templated_port(text):
            return (), f"its port is filled in by the Helm template {rel}"
        start, shown = object_start(text, document)
        sources: list[PortSource] = []
        for entry in as_list(spec.get("ports")):
            port = entry.get("port") if isinstance(entry, dict) else None
            if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
                return (), f"a port of its is not a number ({rel}:{shown})"
            line, _ = line_of(text, rf"^[\s-]*port:\s*[\"']?{port}\b", start)
            sources.append(PortSource(port, "Service port", Where(rel, line or shown)))
        if not sources:
            return (), f"it names no port ({rel}:{shown})"
        return tuple(sources), ""

    def kube_namespaces(self) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
        """The namespaces the manifests name (`metadata.namespace`, `kind: Namespace`, a
        kustomization's `namespace`, and `default`), and each `Service` name's own (empty
        when its manifest says none: it goes where it is applied)."""
        declared = {"default"}
        own: dict[str, set[str]] = {}
        for rel, document in self.documents:
            metadata = document.get("metadata")
            metadata = metadata if isinstance(metadata, dict) else {}
            namespace, name = metadata.get("namespace"), metadata.get("name")
            kind = kind_of(document)
            if kind == "Namespace" and isinstance(name, str):
                declared.add(name.lower())
            if _is_kustomization(rel, document):
                namespace = document.get("namespace")
            if isinstance(namespace, str):
                declared.add(namespace.lower())
            if kind == "Service" and isinstance(name, str):
                names = own.setdefault(name.lower(), set())
                if isinstance(metadata.get("namespace"), str):
                    names.add(metadata["namespace"].lower())
        return frozenset(declared), {k: frozenset(v) for k, v in own.items()}

    def app_ids(self) -> dict[str, str]:
        """Dapr app id -> service: annotations, dapr.yaml apps, compose sidecars, and
        `--app-id` in package.json scripts."""
        found: dict[str, str] = {}
        for service in self.project.services:
            if service.manifest and service.manifest.endswith("package.json"):
                text = read_text(self.project, service.manifest)
                for app_id in _APP_ID_FLAG.findall(text):
                    found.setdefault(app_id, service.name)
        for rel, document in self.documents:
            apps = document.get("apps")
            if isinstance(apps, list):  # Dapr multi-app run
                base = PurePosixPath(rel).parent
                for app in apps:
                    if not isinstance(app, dict) or not isinstance(app.get("appDirPath"), str):
                        continue
                    folder = os.path.normpath(str(base / app["appDirPath"])).replace(os.sep, "/")
                    if app.get("appID") and folder in self.roots:
                        found.setdefault(str(app["appID"]), self.roots[folder])
                continue
            services = document.get("services")
            if isinstance(services, dict):  # compose: `daprd -app-id x` sharing x's network
                for spec in services.values():
                    if not isinstance(spec, dict):
                        continue
                    mode = str(spec.get("network_mode", ""))
                    app = mode.removeprefix("service:") if mode.startswith("service:") else ""
                    owner = self.aliases.get(app.lower(), ("", ""))[0] if app else ""
                    for app_id in _APP_ID_FLAG.findall(json.dumps(spec.get("command", ""))):
                        if owner:
                            found.setdefault(app_id, owner)
                continue
            for app_id in _DAPR_ANNOTATION.findall(json.dumps(document)):
                owner = self.owner(document, rel)
                if owner:
                    found.setdefault(app_id, owner)
        return found


@dataclass(frozen=True, slots=True)
class IngressPath:
    """One path of a Kubernetes `Ingress` rule, Gateway API `HTTPRoute` rule or another
    controller's route (`kind`, the object's `name`): requests for `host` whose path starts
    with `path` (is it, when `exact`; matches it, when `regex`) go to the `Service` named
    `service` ("": none, the controller answers them itself), the matched prefix replaced
    by `replace` when it is not None. `unread` says what may change the path or the
    destination in a way seamcheck does not follow (a rewrite annotation, a traffic split),
    each to follow the path's name in a message: "Ingress legacy /old (ingress.yaml:57) may
    rewrite it". Where the object names no host, `host` is the entry point it is reached
    by, so that two entry points are two sites: `@namespace/gateway` for a Gateway whose
    listener names none (`httproutes._hosts`), `@ingressClass:NAME` for an Ingress of a
    class, `@istio:namespace/gateway` for a VirtualService's gateway, `@route:namespace/name`
    or `@route-subdomain:NAME` for the host the OpenShift router makes, `@traefik:NAME` for
    a Traefik entry point; "" any. `through` is what the object is reached through: its
    ingress class's controller, or each gateway it is bound to (none: not known)."""

    kind: str  # Ingress | HTTPRoute | IngressRoute | Route | VirtualService
    name: str
    host: str
    path: str
    exact: bool
    regex: bool
    service: str
    rel: str
    line: int
    replace: str | None = None
    unread: tuple[str, ...] = ()
    through: tuple[EntryPoint, ...] = ()


def backend_doubts(services: list[str]) -> list[str]:
    """Why the Service a route's request goes to is not known, from its backends' Service
    names ("" for a backend that is not a Service), as `IngressPath.unread` phrases."""
    named = sorted({s for s in services if s})
    found = []
    if len(named) < len(set(services)):
        found.append("sends some requests to a backend that is not a Service")
    if len(named) > 1:
        found.append(f"splits the traffic between {' and '.join(named)}")
    return found


def line_of(text: str, pattern: str, start: int) -> tuple[int, int]:
    """The line of the first match of `pattern` in `text` from `start` on, and where the
    match ends; (0, start) when there is none (a flow-style or unusual spelling)."""
    match = re.compile(pattern, re.MULTILINE).search(text, start)
    if match is None:
        return 0, start
    return text.count("\n", 0, match.start()) + 1, match.end()


_DOCUMENT_START = re.compile(r"(?m)^---")


def object_start(text: str, document: dict[str, Any]) -> tuple[int, int]:
    """Where `document`'s lines are looked for from in its file's `text`, and the line to
    show when one is not found: its `name:` in the YAML document of its kind. The first
    `name: shop` of the file may be another object's (a Gateway `shop` before the HTTPRoute
    `shop`, a Service), whose lines the object's paths were shown at."""
    name, kind = re.escape(object_name(document)), re.escape(kind_of(document))
    written = re.compile(rf"(?m)^kind:\s*[\"']?{kind}[\"']?\s*(?:#.*)?$")
    named = re.compile(rf"\bname:\s*[\"']?{name}[\"']?\s*(?:[,}}#]|$)", re.MULTILINE)
    starts = [0, *(m.end() for m in _DOCUMENT_START.finditer(text)), len(text)]
    for start, end in itertools.pairwise(starts):
        if written.search(text, start, end):
            match = named.search(text, start, end)
            if match is not None:
                return match.start(), text.count("\n", 0, match.start()) + 1
    at = max(text.find(f"name: {object_name(document)}"), 0)
    return at, text.count("\n", 0, at) + 1


def _templated_port(text: str) -> bool:
    """Whether a manifest's text fills a `port:` in with a Go template (`{{ .Values.port }}`)."""
    return any("port" in line and "{{" in line for line in text.splitlines())


def as_list(value: object) -> list[Any]:
    """`value` when it is a list (a manifest's field may be written as anything)."""
    return value if isinstance(value, list) else []


def object_name(document: dict[str, Any]) -> str:
    """The object's `metadata.name` ("" when there is none)."""
    metadata = document.get("metadata")
    return str(metadata.get("name", "")) if isinstance(metadata, dict) else ""


def object_namespace(document: dict[str, Any]) -> str:
    """The namespace of an object `Manifests.objects` gives: `default` when it names none."""
    return str(document["metadata"].get("namespace") or "default")


def _selected(labelled: dict[tuple[str, str], set[int]], selector: dict[str, str]) -> set[int]:
    """The workloads whose pods have every (label, value) of `selector` (none for an empty
    one)."""
    if not selector:
        return set()
    having = sorted((labelled.get(pair, set()) for pair in selector.items()), key=len)
    return set.intersection(*having)


def _is_kustomization(rel: str, document: dict[str, Any]) -> bool:
    return PurePosixPath(rel).stem == "kustomization" or kind_of(document) == "Kustomization"


def _namespace(document: dict[str, Any]) -> str:
    """An object's namespace ("" when it names none: the one it is applied to)."""
    metadata = document.get("metadata")
    namespace = metadata.get("namespace") if isinstance(metadata, dict) else None
    return namespace if isinstance(namespace, str) else ""


def _in_namespace(stored: list[tuple[str, dict[str, Value]]], namespace: str) -> Source:
    """Of the ConfigMaps (or Secrets) of one name, the one a workload in `namespace` reads:
    the one in its namespace, else one that names none (applied with it), else the only one;
    for a workload that names none, any (a kustomize overlay gives both its namespace).
    Several there (a base's and its overlays', a dev and a prod one) are read as one, but
    for the keys they give different values: which is applied is the deployer's choice,
    not one seamcheck makes."""
    from seamcheck.seams.kubeenv import Source

    for wanted in (namespace, ""):
        chosen = [data for ns, data in stored if ns == wanted]
        if chosen:
            return _agreed(chosen)
    if len(stored) == 1 or (stored and not namespace):
        return _agreed([data for _, data in stored])
    if not stored:
        return Source({}, {}, "which is not in the repository")
    others = " and ".join(sorted({ns for ns, _ in stored}))
    return Source({}, {}, f"which the repository has only in the namespaces {others}")


def _agreed(stores: list[dict[str, Value]]) -> Source:
    """The keys of `stores` with the value each that has them gives, the first's where it
    was written; a key they give different values has none, but the files that do."""
    from seamcheck.seams.kubeenv import Source

    agreed: dict[str, Value] = {}
    files: dict[str, dict[str, None]] = {}
    differ: set[str] = set()
    for data in stores:
        for key, value in data.items():
            if key in agreed and agreed[key][0] != value[0]:
                differ.add(key)
            agreed.setdefault(key, value)
            files.setdefault(key, {})[value[1]] = None
    differing = {key: tuple(files[key]) for key in sorted(differ)}
    return Source({k: v for k, v in agreed.items() if k not in differ}, differing)


def kind_of(document: dict[str, Any]) -> str:
    """The document's `kind`, "" when it is not a string (a YAML file that only looks like a
    Kubernetes manifest: `kind: [x]`)."""
    kind = document.get("kind")
    return kind if isinstance(kind, str) else ""


def selector_of(document: dict[str, Any]) -> dict[str, str]:
    """A `Service`'s pod selector (`spec.selector`), as strings."""
    spec = document.get("spec")
    selector = spec.get("selector") if isinstance(spec, dict) else None
    return string_values(selector)


def pod_labels(document: dict[str, Any]) -> dict[str, str]:
    """The labels a workload gives its pods (a Pod's own)."""
    if kind_of(document) == "Pod":
        metadata = document.get("metadata")
        return string_values(metadata.get("labels") if isinstance(metadata, dict) else None)
    spec = document.get("spec")
    for _ in range(3):  # CronJob > jobTemplate > spec > template
        if not isinstance(spec, dict):
            return {}
        template = spec.get("template")
        if isinstance(template, dict):
            metadata = template.get("metadata")
            return string_values(metadata.get("labels") if isinstance(metadata, dict) else None)
        job = spec.get("jobTemplate")
        spec = job.get("spec") if isinstance(job, dict) else None
    return {}


def string_values(mapping: object) -> dict[str, str]:
    if not isinstance(mapping, dict):
        return {}
    return {str(k): str(v) for k, v in mapping.items() if isinstance(v, str | int | bool)}


def workload_containers(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Containers of a workload, wherever its kind nests the pod spec."""
    spec = document.get("spec")
    for _ in range(4):  # CronJob > jobTemplate > spec > template > spec
        if not isinstance(spec, dict):
            return
        listed = spec.get("containers")
        if isinstance(listed, list):
            yield from (c for c in listed if isinstance(c, dict))
            return
        inner = spec.get("template") or spec.get("jobTemplate")
        spec = inner.get("spec") if isinstance(inner, dict) else None
