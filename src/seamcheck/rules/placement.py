"""SC102 — library placement: a catalogued library used outside the services allowed to use it.

## What it does
Looks up every imported external package in the library catalogs (`ml`, `http-server`,
`http-client`, `db-driver`, and the categories a team adds under `[catalogs.NAME]`) and
reports an import when the policy for that category (`[placement.CATEGORY] allow = {...}`)
does not allow the importing service. The hybrid-ai pack allows `ml` only in Python services.

## Why is this bad?
Model code needs the Python ecosystem's numerics, GPU drivers and memory profile; loading
`@tensorflow/tfjs-node` in the Node.js gateway puts a second model runtime on the request
edge, where it blocks the event loop, multiplies image size and drifts from the Python model
it copies. Placement policies keep each runtime doing what it is good at.

## Example
```ts
// services/gateway/src/ml/embed.ts
import * as tf from '@tensorflow/tfjs-node';
export const embed = (text: string) => tf.tidy(() => model.predict(encode(text)));
```

## Use instead
```ts
// services/gateway/src/clients/ml.ts: ask the Python model service over its seam
export const embed = async (text: string) => (await ml.post('/v1/embed', { text })).data;
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, point_finding
from seamcheck.rules import Rule
from seamcheck.rules.edgeindex import external_import_categories, import_edges, node_attributes

if TYPE_CHECKING:
    from seamcheck.rules.context import RuleContext


def check(context: RuleContext) -> Iterator[Finding]:
    config = context.config
    if not config.placement:
        return
    policies = {p.category: p for p in config.placement}
    services = {s.name: s for s in context.project.services}
    nodes = node_attributes(context)
    reported: set[tuple[str, str, str]] = set()
    # Sorting only the import edges keeps their order: the sort is stable.
    for importer, imported, data in sorted(
        import_edges(context), key=lambda e: (e[0], e[2].get("line", 0), e[1])
    ):
        target = nodes[imported]
        if target.get("kind") != "external":
            continue
        package = str(target["package"])
        categories = external_import_categories(context, target, data)
        service = services[nodes[importer]["service"]]
        for category, name in categories:
            policy = policies.get(category)
            if policy is None or policy.allow.matches(service):
                continue
            # One finding per file and library: its first import is the one to move.
            if (importer, package, category) in reported:
                continue
            reported.add((importer, package, category))
            library = package if target["ecosystem"] == "js" or package == name else name
            message = (
                f"{library!r} ({category}) is imported by service '{service.name}' "
                f"({service.language}); policy '{policy.policy}' allows {category} "
                f"libraries only in {policy.allow.describe()}"
            )
            yield point_finding(
                "SC102", "error", message, importer, data["line"], data["column"],
                service.name, (service.name, importer, package, category),
            )  # fmt: skip


RULE = Rule(
    code="SC102",
    name="library-placement",
    severity="error",
    summary="Library placement: a catalogued library outside the services allowed to use it",
    doc=__doc__ or "",
    check=check,
)
