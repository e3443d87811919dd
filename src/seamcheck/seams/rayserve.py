"""Ray Serve config files (`serve run config.yaml`, `serve deploy`): the applications they
run, each with the module its deployment graph is imported from and the `route_prefix` it
is served under. A route prefix moves every route of the application's ingress."""

from __future__ import annotations

from seamcheck.project import Project
from seamcheck.records import dataclass
from seamcheck.seams.manifests import read_text


@dataclass(frozen=True, slots=True)
class ServeApplication:
    """One entry of a Serve config's `applications:`."""

    config: str  # the config file, repo-relative
    line: int  # where the file starts: the entries' own lines are not kept
    import_path: str  # `package.module:app`, "" when not written as a string
    route_prefix: str | None  # None: written, but not as a string (a template, a number)


def serve_applications(project: Project) -> list[ServeApplication]:
    """The applications of every Serve config file of the repository that gives them a
    `route_prefix` (one without it is served at `/`, as a deployment run in code)."""
    found: list[ServeApplication] = []
    for rel in project.config_files:
        if not rel.endswith((".yaml", ".yml")):
            continue
        text = read_text(project, rel)
        if "route_prefix" not in text or "applications" not in text:
            continue
        found.extend(_applications(rel, text))
    return found


def _applications(rel: str, text: str) -> list[ServeApplication]:
    # Imported here: a repository without Serve configs does not pay for loading yaml.
    import yaml

    from seamcheck import yamlsafe

    try:
        documents = yamlsafe.load_all(text)
    except (yaml.YAMLError, RecursionError):
        return []
    found = []
    for document in documents:
        entries = document.get("applications") if isinstance(document, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict) or "route_prefix" not in entry:
                continue
            given = entry.get("import_path")
            prefix = entry["route_prefix"]
            found.append(
                ServeApplication(
                    rel,
                    1,
                    given if isinstance(given, str) else "",
                    prefix if isinstance(prefix, str) and "$" not in prefix else None,
                )
            )
    return found


def module_file(import_path: str, paths: list[str]) -> str | None:
    """The file of `paths` an import path's module is (`inference.serve_app:app` is a
    `.../inference/serve_app.py`), when exactly one is."""
    # `module:app`, or Ray's older `module.app`.
    module = (
        import_path.partition(":")[0] if ":" in import_path else import_path.rpartition(".")[0]
    ).strip()
    if not module or not all(part.isidentifier() for part in module.split(".")):
        return None
    tail = module.replace(".", "/") + ".py"
    matched = [p for p in paths if p == tail or p.endswith("/" + tail)]
    return matched[0] if len(matched) == 1 else None
