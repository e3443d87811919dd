"""SC101 — cross-service code import.

## What it does
Reports code in one service that imports code living in another service: a relative path
climbing out of the service, a package name that resolves to another service's sources, or a
`sys.path.insert`/`sys.path.append` of a path literal leading into another service. Imports of
a service declared shared (`[services.NAME] shared = true`) or detected as a library (a
workspace package, or one under `packages/`, `libs/`, `lib/`, `shared/` or `common/`, with
no server or front-end framework and no container of its own) are fine, and so is a Python
import of a package the importing service declares as a dependency in its manifest (it runs
the installed release).

## Why is this bad?
Services are deployed, scaled and versioned apart. Importing another service's code couples
their deploys behind everyone's back: the importer runs a copy of code the owner thinks only
it runs, with the owner's dependencies (here, a whole ML stack in a worker), and breaks when
the owner refactors. Services should meet at network seams, where the contract is explicit.

## Example
```python
# services/worker/worker.py
sys.path.insert(0, "../ml-service/src")
from ml_service.models.classifier import PurchaseClassifier
```

## Use instead
```python
# call the model service's HTTP API
score = requests.post(f"{ML_URL}/v1/predict", json=features, timeout=5).json()
```
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, point_finding, span_finding
from seamcheck.project import normalise_dist
from seamcheck.rules import Rule
from seamcheck.rules.edgeindex import import_edges, node_attributes

if TYPE_CHECKING:
    from seamcheck.project import Service
    from seamcheck.rules.context import RuleContext

SHARED_TAGS = frozenset({"shared", "library"})
_SYS_PATH_CALLS = frozenset({"sys.path.insert", "sys.path.append"})


def check(context: RuleContext) -> Iterator[Finding]:
    yield from _imports(context)
    yield from _sys_path(context)


def _is_shared(service: Service) -> bool:
    return bool(SHARED_TAGS & set(service.tags))


def _imports(context: RuleContext) -> Iterator[Finding]:
    nodes = node_attributes(context)
    services = {s.name: s for s in context.project.services}
    for importer, imported, data in import_edges(context):
        if nodes[imported].get("kind") != "module":
            continue
        source, target = nodes[importer]["service"], nodes[imported]["service"]
        if source == target or _is_shared(services[target]):
            continue
        if _installed(services[source], str(data.get("specifier", ""))):
            continue
        name = nodes[imported].get("name", imported)
        message = (
            f"service '{source}' imports {data.get('specifier', name)!r}, code of service "
            f"'{target}' ({imported}); services meet at network seams: call its API, "
            f"or declare it `[services.{target}] shared = true` if it is a library"
        )
        yield point_finding(
            "SC101", "error", message, importer, data["line"], data["column"], source,
            (importer, imported),
        )  # fmt: skip


def _installed(importer: Service, specifier: str) -> bool:
    """Whether a Python service imports, by its top-level package, a distribution its own
    manifest declares (`jupyterhub` in requirements.txt, then `from jupyterhub.utils import
    ...`): it runs the installed release of a library it depends on, not the other service's
    files."""
    if importer.runtime != "python" or not specifier or specifier.startswith("."):
        return False
    return normalise_dist(specifier.split(".", 1)[0]) in importer.dependencies


def _sys_path(context: RuleContext) -> Iterator[Finding]:
    services = context.project.services
    for resolved in context.resolution.calls:
        if resolved.qualname not in _SYS_PATH_CALLS:
            continue
        literal = next((a.value for a in resolved.call.args if a.kind == "str"), None)
        if not literal or posixpath.isabs(literal):
            continue
        own = context.service_of(resolved.path)
        landing = posixpath.normpath(posixpath.join(posixpath.dirname(resolved.path), literal))
        target = next(
            (
                s
                for s in services
                if s.name != own
                and s.root != "."
                and (landing == s.root or landing.startswith(s.root + "/"))
            ),
            None,
        )
        if target is None or _is_shared(target):
            continue
        yield span_finding(
            "SC101",
            "error",
            f"service '{own}' puts {literal!r} on sys.path, which is the code of service "
            f"'{target.name}' ({landing}); services meet at network seams, not imports",
            resolved.path,
            resolved.call.span,
            own,
            (resolved.path, "sys.path", landing),
        )


RULE = Rule(
    code="SC101",
    name="cross-service-import",
    severity="error",
    summary="Cross-service code import",
    doc=__doc__ or "",
    check=check,
)
