"""The environment variables each service runs with, and what one holds where the places
that run the service's code do not agree on it.

The places that run a service are each compose service and each Kubernetes workload whose
code is the service's: a canary Deployment beside the main one, a kustomize overlay's patch
of it, a compose file for development beside the manifests for production. Each sets its
own variables, and the repository does not say which of them makes a given call. So a value
they agree on is the variable's; values they disagree on are candidates, each with the place
that sets it, which the linker checks one by one (`link.py`): the call is linked when each
lands on a route, broken when each is broken, unsure otherwise. A place that sets the
variable to what only the cluster knows (a ConfigMap that is not in the repository) makes it
not known, whatever the others set: the deployed value is what runs, so the code's default
(`process.env.ML_URL || 'http://localhost:8000'`, `os.getenv("ML_URL", ...)`, a settings
field's) holds only where nothing sets the variable.

A compose service's image sets what its compose entry does not (`ENV PORT=8080` in the
Dockerfile it builds, also from a build argument: `ARG PORT=8080`, `ENV PORT=$PORT`, with
compose's `build.args`): compose's `environment:` wins over its `env_file`s, which win over
the image's `ENV`; what the container's start command gives the programs it runs wins over
all (`PORT=3000 node server.js`, an `export` in the script it runs: `started.
command_environment`). An `env_file` that is not in the repository may set any variable, so
what the image sets is only the default there: what a port is must be certain
(`Values.without_code_defaults`), and `strict_lookup` takes such a value for not known; so
it takes any variable of a service whose start command sources a file (`. ./env.sh`). A
service no compose file runs takes the `ENV` of the Dockerfiles at its folder's root (what a
manifest runs it from; not one deeper, `docker/ml.Dockerfile`, which may build another
service), under what their start commands set, where they all set a variable alike, for a
variable no place sets.

`.env` files in the service's folder and at the root (a Vite app's in Vite's order for a
production build, `_VITE_DOTENV`) give a variable no place or image sets; an `envFrom`
source that may set any variable (a ConfigMap that is not in the repository) makes one
neither sets not known, its default and the image's too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from seamcheck.dockerfile import image_environment
from seamcheck.extract import is_vite_config
from seamcheck.project import ComposeService, Project, compose_owner, is_dockerfile
from seamcheck.seams.dotenv import compose_variables, interpolate, read_variables
from seamcheck.seams.manifests import Manifests, dockerfile_text
from seamcheck.seams.started import CommandEnvironment, StartCommands
from seamcheck.seams.values import Part, Template, environment_value

# What one place sets a variable to: (value, where it is written), or why its value is not
# known, followed by where ("is set from the pod's field status.hostIP (k8s/gateway.yaml)").
Setting = tuple[str, str] | str
_MAX_SHOWN = 4  # candidates named in a message


class Environment:
    """What each service's environment variables hold: compose `environment:` (and its
    `env_file`s, and its image's `ENV`) and Kubernetes container `env`/`envFrom`, one place
    per compose service and workload (`settled`), then the `ENV` of the images of a service
    no compose file runs, then `.env` files."""

    def __init__(self, project: Project, manifests: Manifests, starts: StartCommands) -> None:
        # service -> variable -> what each place that sets it sets it to, compose first;
        # `_strict` alike, an image's value that an env_file not in the repository may
        # override taken for not known (`strict_lookup`)
        self._set: dict[str, dict[str, list[Setting]]] = {}
        self._strict: dict[str, dict[str, list[Setting]]] = {}
        # service -> (prefix, why) of sources that may set any variable starting with prefix
        self._may: dict[str, list[tuple[str, str]]] = {}
        self._dotenv: dict[str, dict[str, tuple[str, str]]] = {}
        # service -> variable -> (value, where) its Dockerfiles' `ENV` agree on, for a
        # service no compose file runs
        self._images: dict[str, dict[str, Setting]] = {}
        # service -> what its start command sources, which may set any variable: then what
        # a port is is not known (`strict_lookup`)
        self._sourced: dict[str, str] = {}
        # variable -> the compose services tied to no service of the repository that set it
        self._untied: dict[str, list[str]] = {}
        # id of a compose entry -> what its container is given, and the same strictly
        # (`container_environment`)
        self._containers: dict[int, tuple[dict[str, Setting], dict[str, Setting]]] = {}
        self._starts = starts
        self._add_compose(project)
        for owner, workloads in manifests.environment().items():
            for workload in workloads:
                place: dict[str, Setting] = {**workload.values, **workload.unknown.named}
                self._add_place(owner, place)
                self._may.setdefault(owner, []).extend(workload.unknown.prefixed)
        self._add_images(project)
        self._add_dotenv(project)

    def _add_place(
        self, service: str, place: dict[str, Setting], strict: dict[str, Setting] | None = None
    ) -> None:
        for found, settings in ((self._set, place), (self._strict, strict or place)):
            variables = found.setdefault(service, {})
            for name, setting in settings.items():
                variables.setdefault(name, []).append(setting)

    def _add_compose(self, project: Project) -> None:
        roots = {s.root: s.name for s in project.services}
        interpolations: dict[str, dict[str, str]] = {}  # compose file -> its `.env`'s
        for compose in project.compose:
            interpolation = interpolations.get(compose.file)
            if interpolation is None:
                interpolation = interpolations[compose.file] = compose_variables(
                    project, compose.file
                )
            given, strict_given = container_environment(project, compose, interpolation)
            self._containers[id(compose)] = (given, strict_given)
            owner = compose_owner(compose, roots)
            if owner is None:
                for key, _ in compose.environment:
                    self._untied.setdefault(key, []).append(f"'{compose.name}' ({compose.file})")
                continue
            place: dict[str, Setting] = {}
            command = next(r for r in self._starts.container_runs() if r.entry is compose)
            self._add_command(
                owner, place, command.environment(), f"compose service '{compose.name}'"
            )
            strict = {**strict_given, **place}
            place = {**given, **place}
            self._add_place(owner, place, strict)

    def container(self, entry: ComposeService, strict: bool) -> dict[str, str | None]:
        """What a compose service's container is given before its start command runs
        (`container_environment`; `strict` as `strict_lookup`): variable -> value, None for
        one set to what is not known."""
        given = self._containers.get(id(entry))
        if given is None:
            return {}
        return {
            name: setting[0] if isinstance(setting, tuple) else None
            for name, setting in (given[1] if strict else given[0]).items()
        }

    def _add_command(
        self, service: str, place: dict[str, Setting], command: CommandEnvironment, whose: str
    ) -> None:
        """What a start command sets in the environment of what it runs (`PORT=3000 node
        server.js`, an `export` in its script), first in `place`: it wins over compose's
        `environment:` and the image's `ENV`. One it sets to a variable's value
        (`PORT=${PORT:-3000}`), or to different values for different programs, is not
        known; one sourcing a file may set any (`_sourced`)."""
        values, sourced = command
        for key, found in values.items():
            if found is None:
                place[key] = f"is set by the start command of {whose} to different values"
            elif "$" in found[0]:
                place[key] = f"is set by the start command of {whose} to '{found[0]}' ({found[1]})"
            else:
                place[key] = (found[0], f"{found[1]} ({whose} start command)")
        if sourced:
            self._sourced.setdefault(
                service, f"may be set by '{sourced}' in the start command of {whose}"
            )

    def _add_images(self, project: Project) -> None:
        """The `ENV` of the Dockerfiles at the root of each service no compose file runs,
        where they agree (each sets the variable, to the same value), under what their start
        commands set."""
        roots = {s.root: s.name for s in project.services}
        composed = {compose_owner(entry, roots) for entry in project.compose}
        built = {entry.dockerfile for entry in project.compose}
        images: dict[str, list[tuple[str, dict[str, Setting]]]] = {}
        for rel in project.other_files:
            folder, _, name = rel.rpartition("/")
            service = roots.get(folder or ".")
            if service is None or service in composed or rel in built or not is_dockerfile(name):
                continue
            text = dockerfile_text(project, rel)
            if text is None:
                continue
            image: dict[str, Setting] = {}
            self._add_command(service, image, self._starts.dockerfile_environment(rel), rel)
            for key, value in image_environment(text).items():
                image.setdefault(key, (value, f"{rel} (image ENV)"))
            images.setdefault(service, []).append((rel, image))
        for service, found in images.items():
            (_, variables), *others = found
            self._images[service] = {
                key: setting
                for key, setting in variables.items()
                if all(_same(other.get(key), setting) for _, other in others)
            }

    def _add_dotenv(self, project: Project) -> None:
        dotenv = [p for p in project.config_files if PurePosixPath(p).name.startswith(".env")]
        vite_apps = _vite_apps(project)
        for service in project.services:
            values = self._dotenv.setdefault(service.name, {})
            folders = [service.root, "."] if service.root != "." else ["."]
            vite = service.name in vite_apps
            for folder in folders:
                here = [rel for rel in dotenv if str(PurePosixPath(rel).parent) == folder]
                for rel in sorted(here, key=lambda rel: _dotenv_rank(rel, vite)):
                    for key, value in read_variables(project.root / rel).items():
                        values.setdefault(key, (value, rel))

    def lookup(self, service: str, variable: str) -> Template | None:
        """What `variable` holds in `service`, known or not; None when nothing in the
        repository sets it (the code's default holds, else `unset_note` says so)."""
        return self._lookup(self._set, service, variable)

    def strict_lookup(self, service: str, variable: str) -> Template | None:
        """`lookup`, where a value an image sets that an `env_file` not in the repository
        may override is not known: what a port is must be certain."""
        return self._lookup(self._strict, service, variable)

    def _lookup(
        self, places: dict[str, dict[str, list[Setting]]], service: str, variable: str
    ) -> Template | None:
        sourced = self._sourced.get(service) if places is self._strict else None
        if sourced is not None:
            return (Part(variable, True, f"environment variable {variable} {sourced}"),)
        settings = places.get(service, {}).get(variable)
        if settings:
            return settled(variable, service, settings)
        why = next(
            (why for prefix, why in self._may.get(service, ()) if variable.startswith(prefix)),
            None,
        )
        image = self._images.get(service, {}).get(variable)
        if image is not None and why is None:
            return settled(variable, service, [image])
        found = self._dotenv.get(service, {}).get(variable)
        if found is not None:
            return environment_value(variable, *found)
        if why is not None:
            return (Part(variable, True, f"environment variable {variable} {why}"),)
        return None

    def unset_note(self, service: str, variable: str) -> str:
        """Why a variable `lookup` finds nothing for has no value: a compose service tied to
        no service sets it, else nothing does."""
        untied = self._untied.get(variable)
        if untied:
            return (
                f"environment variable {variable} is set only by compose service "
                f"{', '.join(sorted(set(untied)))}, which seamcheck ties to no service "
                "(neither its build context nor its Dockerfile's folder is a service's)"
            )
        return f"environment variable {variable} is set nowhere in the repository"


def _same(one: Setting | None, other: Setting) -> bool:
    """Whether two Dockerfiles set a variable alike: to the same value, wherever written."""
    if isinstance(one, tuple) and isinstance(other, tuple):
        return one[0] == other[0]
    return one == other


def container_environment(
    project: Project, compose: ComposeService, interpolation: dict[str, str]
) -> tuple[dict[str, Setting], dict[str, Setting]]:
    """What a compose service's container is given before its start command runs: compose's
    `environment:` (interpolated with `interpolation`) over its `env_file`s over its image's
    `ENV`; and the same where what the image sets is not known if an env_file that is not
    in the repository may set it over that (what a port is must be certain)."""
    given: dict[str, Setting] = {}
    for key, value in compose.environment:
        written = interpolate(value, interpolation)
        given.setdefault(key, (written, f"{compose.file} ({compose.name})"))
    for key, value, rel in env_file_values(project, compose):
        given.setdefault(key, (value, f"{rel} ({compose.name} env_file)"))
    strict = dict(given)
    missing = [rel for rel in compose.env_files if rel not in project.config_files]
    where = f"{compose.dockerfile} ({compose.name} image ENV)"
    for key, value in image_environment_of(project, compose, interpolation).items():
        if key in given:
            continue
        given[key] = (value, where)
        strict[key] = (
            f"may be set by the env_file {missing[0]} of compose service "
            f"'{compose.name}', which is not in the repository, over the '{value}' its "
            f"image sets ({compose.dockerfile})"
            if missing
            else (value, where)
        )
    return given, strict


def image_environment_of(
    project: Project, compose: ComposeService, interpolation: dict[str, str] | None = None
) -> dict[str, str]:
    """What the Dockerfile building a compose service's image sets with `ENV`, built with
    its `build.args` (interpolated as compose does, with `interpolation`, else the `.env`
    beside the compose file) for the stage its `build.target` names; {} for an image built
    from no Dockerfile the walk found."""
    text = dockerfile_text(project, compose.dockerfile)
    if text is None:
        return {}
    if interpolation is None:
        interpolation = compose_variables(project, compose.file)
    arguments = {key: interpolate(value, interpolation) for key, value in compose.build_args}
    return image_environment(text, arguments, compose.build_target.lower())


def settled(variable: str, service: str, settings: Sequence[Setting]) -> Template:
    """What `variable` holds given what each place running `service` sets it to: the value
    they agree on; else one part not known whose `choices` are each value (`link.py` checks
    the call with each), its note naming them and where they are set. A place setting it to
    what is not known makes it not known, whatever the others set."""
    known: dict[str, str] = {}  # value -> where it is first set
    unknown: dict[str, None] = {}
    for setting in settings:
        if isinstance(setting, tuple):
            known.setdefault(setting[0], setting[1])
        else:
            unknown.setdefault(setting)
    if unknown:
        why = next(iter(unknown))
        note = f"environment variable {variable} {why}"
        if known:
            others = _listed([f"'{value}' ({where})" for value, where in known.items()])
            note += f"; other places running {service} set it to {others}"
        return (Part(variable, True, note),)
    if len(known) == 1:
        return environment_value(variable, *next(iter(known.items())))
    choices = [
        (environment_value(variable, value, where), f"'{value}' ({where})")
        for value, where in known.items()
    ]
    shown = _listed([label for _, label in choices])
    note = (
        f"environment variable {variable} is set to different values where {service} runs: {shown}"
    )
    return (Part(variable, True, note, choices=tuple(choices)),)


def _listed(labels: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`; past `_MAX_SHOWN`, the rest counted."""
    if len(labels) > _MAX_SHOWN:
        labels = [*labels[: _MAX_SHOWN - 1], f"{len(labels) - _MAX_SHOWN + 1} more"]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


# The `.env` files Vite reads for `vite build` (mode production, the build that ships),
# strongest first: Vite lets `.env.[mode].local` override `.env.[mode]`, `.env.local` and
# `.env`. The development files (`vite` serves in mode development) come next, so a variable
# only they set still names where the app calls; any other `.env*` file last.
_VITE_DOTENV = (
    ".env.production.local", ".env.production", ".env.local", ".env",
    ".env.development.local", ".env.development",
)  # fmt: skip


def _dotenv_rank(rel: str, vite: bool) -> tuple[int, str]:
    """Which of one folder's `.env*` files is read first (its values win): Vite's order for
    a Vite app, else name order."""
    name = PurePosixPath(rel).name
    rank = _VITE_DOTENV.index(name) if vite and name in _VITE_DOTENV else len(_VITE_DOTENV)
    return rank, name


def _vite_apps(project: Project) -> set[str]:
    """Services built by Vite: `vite` among their dependencies or a vite config of theirs."""
    found = {s.name for s in project.services if "vite" in s.dependencies}
    found.update(f.service for f in project.files if is_vite_config(f.path))
    return found


def env_file_values(project: Project, compose: ComposeService) -> Iterator[tuple[str, str, str]]:
    """(variable, value, file) of a compose service's `env_file`s, a later file's values
    first (they win). Only files the walk found (an ignored `.env` is not the repository's,
    and a CI checkout would not have it)."""
    for rel in reversed(compose.env_files):
        if rel in project.config_files:
            for key, value in read_variables(project.root / rel).items():
                yield key, value, rel
