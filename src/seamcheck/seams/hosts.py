"""Host -> service: which service a URL's host (and port) reaches, and which proxy a browser
front end's relative URL goes through.

Sources: compose service names, hostnames, container names and network aliases; compose
`environment:` and `.env` files (for URLs read from the environment); the ports services
listen on (`app.listen(PORT)`, `uvicorn.run(port=)`, compose `ports`/`expose`, a start
command's `--port 8000`, a Dockerfile's `EXPOSE`), and for a call naming a compose or
Kubernetes Service name with a port, whether the service listens there (`listening.py`); browser
proxies (vite `server.proxy`, package.json `proxy`, nginx `location` + `proxy_pass` or
`uwsgi_pass`; a Flask app whose static folder holds the app's build serves its page, so
takes every path, `staticserve`); Dapr app ids (`dapr.io/app-id` annotations, `--app-id` in
scripts and compose commands); and `[services.NAME] hosts` in the config. Reads those files;
never runs anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from seamcheck.dockerfile import TEMPLATE_RENDERING_IMAGES, final_image, port_number
from seamcheck.extract import is_vite_config
from seamcheck.facts import Arg
from seamcheck.project import (
    ComposeService,
    Project,
    Service,
    compose_folder,
    compose_owner,
    innermost,
)
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution
from seamcheck.resolve.vite import item, vite_configs
from seamcheck.seams.environment import Environment, env_file_values, image_environment_of
from seamcheck.seams.frameworks import FULL_STACK, NUXT
from seamcheck.seams.httproutes import http_route_paths
from seamcheck.seams.ingresspaths import IngressAnnotations, ingress_paths
from seamcheck.seams.kuberoutes import kube_route_paths
from seamcheck.seams.listening import Listening, code_servers, compose_where
from seamcheck.seams.manifests import (
    Aliases,
    Manifests,
    dockerfile_text,
    read_text,
)
from seamcheck.seams.model import Entry, EntryPoint, Where, WrongPort
from seamcheck.seams.nextconfig import Rewrites, next_rewrites
from seamcheck.seams.nginx import (
    Directive,
    Rewrite,
    Rewritten,
    Upstream,
    block_body,
    directives,
    has_unclosed_block,
    location_matches,
    location_rewrites,
    run_rewrites,
    server_rewrites,
    uncommented,
    upstreams,
)
from seamcheck.seams.nuxtconfig import nuxt_config
from seamcheck.seams.paths import longest_prefix, strip_prefix
from seamcheck.seams.started import StartCommands
from seamcheck.seams.staticserve import backend_serving
from seamcheck.seams.values import Values, display, literal
from seamcheck.surrogates import cleaned

LOCAL_HOSTS = frozenset(
    {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]", "host.docker.internal"}
)
_INTERNAL_SUFFIXES = (".svc.cluster.local", ".svc", ".cluster.local", ".internal", ".local")
# At the start of a line, as for upstream blocks: `server` is also a directive of those.
_SERVER = re.compile(r"(?m)^[ \t]*server\s*\{")
_BRACED_VARIABLE = re.compile(r"\$\{(\w+)\}")  # nginx: `${uri}` is `$uri`
_NGINX_LOCATION = re.compile(r"location\s+(?:(=|\^~|~\*?)\s*)?(\S+)\s*\{")
_URL = re.compile(  # user:password@ before the host is passed over
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^/?#@]*@)?(?P<host>\[[^\]]*\]|[^/:?#]*)"
    r"(?::(?P<port>\d+))?"
)
_MAX_CONFIG_SIZE = 512_000


@dataclass(frozen=True, slots=True)
class HostPort:
    scheme: str
    host: str
    port: int | None
    path: str  # what follows host:port, unparsed


def split_url(url: str) -> HostPort | None:
    match = _URL.match(url)
    if match is None:
        return None
    port = match.group("port")
    return HostPort(
        match.group("scheme").lower(),
        match.group("host").lower(),
        int(port) if port else None,
        url[match.end() :],
    )


@dataclass(frozen=True, slots=True)
class Proxy:
    """A prefix a browser front end's relative URLs are forwarded by. `replace` is what the
    matched prefix becomes (None: the path is passed on unchanged). An nginx location has
    the `modifier` it is written with (`=` exact, `^~`, `~` and `~*` regular expressions,
    whose `prefix` is the expression), may rewrite the path first (`rewrites`), or serve the
    path itself (`target` ""): it is kept all the same, since nginx may choose it over
    another that proxies."""

    # vite | package.json | nginx | ingress | backend (`staticserve`) | nuxt (`routeRules`)
    kind: str
    prefix: str
    target: str
    replace: str | None
    where: Where
    modifier: str = ""  # nginx: "" | = | ^~ | ~ | ~*
    rewrites: tuple[Rewrite, ...] = ()
    server: int = 0  # nginx: the line of the `server` block the location is in (0: none)
    # nginx: that block's own rewrites, run before the location search
    server_rewrites: tuple[Rewrite, ...] = ()
    # nginx: that block has a `root` of its own, whose files answer the paths no location takes
    server_root: bool = False
    name: str = ""  # ingress: the name of the object the path is of (`object_kind`)
    host: str = ""  # ingress: the host its rule is for ("" any; `IngressPath.host`)
    object_kind: str = ""  # ingress: Ingress | HTTPRoute | IngressRoute | Route | VirtualService
    server_names: tuple[str, ...] = ()  # nginx: its server block's `server_name`s
    through: tuple[EntryPoint, ...] = ()  # ingress: its controller or gateways (`IngressPath`)

    @property
    def label(self) -> str:
        if self.kind == "nginx":
            return f"nginx location {self.modifier} {self.prefix}".replace("  ", " ")
        if self.kind == "vite":
            return f"vite proxy {self.prefix}"
        if self.kind == "ingress":
            return f"{self.object_kind} {self.name} {self.prefix}"
        if self.kind == "backend":
            return self.name
        if self.kind == "nuxt":
            return f"nuxt.config routeRules {self.name}"
        return "package.json proxy"

    @property
    def is_regex(self) -> bool:
        return self.modifier.startswith("~")

    def forward(self, path: str) -> str | None:
        if self.is_regex:
            return path  # nginx passes the path of a regular-expression location as it is
        if self.modifier == "=" and path != self.prefix:
            return None
        rest = strip_prefix(path, self.prefix) if self.prefix not in ("", "/") else path
        if rest is None:
            return None
        if self.replace is None:
            return path
        return "/" + (self.replace.strip("/") + "/" + rest.lstrip("/")).strip("/")


@dataclass(frozen=True, slots=True)
class Passage:
    """Where one of a front end's proxy files (a vite config, an nginx config) sends a
    path: through `proxy`, as `path`; `doubt` says why the path passed on is not known
    (a rewrite seamcheck cannot follow), and then `path` is the path as the proxy got it."""

    proxy: Proxy
    path: str
    doubt: str = ""


_MAX_LOCATION_SEARCHES = 10  # nginx answers 500 after ten rewrite cycles


_MAX_ALTERNATIVES = 16  # ways a path may go when regular-expression locations may take it
_MAX_VISITS = 64  # locations visited in all those ways


def pass_through(path: str, proxies: list[Proxy]) -> Passage | None:
    """The proxy of one file that takes `path`, chosen as nginx chooses a location (`_takers`),
    following nginx rewrites from location to location. None when none takes it. When a
    regular-expression location may take the path or not, and the two ways lead to different
    places, the passage has that doubt."""
    asked, whole = path, False
    server_rewrites = proxies[0].server_rewrites if proxies else ()
    if server_rewrites:
        # A server block's own rewrites change the path before any location is searched.
        rewritten = run_rewrites(server_rewrites, path)
        if rewritten.then in ("redirect", "unknown"):
            taker = next((t for t in _takers(path, proxies) if t is not None), None)
            return Passage(taker, path, _server_doubt(taker, rewritten)) if taker else None
        path = rewritten.path
        # `break` there, as in a location, makes proxy_pass pass the changed path whole.
        whole = rewritten.then == "break"
    ways = _follow(asked, path, proxies, 0, [_MAX_VISITS], whole)
    settled = {(w.proxy.target, w.path, w.doubt) if w is not None else None for w in ways}
    if len(settled) == 1:
        return ways[-1]  # the way of the location nginx chooses when no doubtful one takes it
    unsure = next((t for t in _takers(path, proxies) if t is not None and t.is_regex), None)
    # Shown through a way that reaches a service, if one does: the call may land there.
    reaching = [w for w in ways if w is not None and split_url(w.proxy.target) is not None]
    chosen = (reaching or [w for w in ways if w is not None])[0].proxy
    regex = unsure or chosen
    return Passage(chosen, path, f"{regex.label} ({regex.where}) may take it or not")


def _follow(
    asked: str,
    path: str,
    proxies: list[Proxy],
    searches: int,
    budget: list[int],
    whole: bool = False,
) -> list[Passage | None]:
    """Each way `path` may go from the location search on: one unless seamcheck cannot tell
    whether a regular-expression location takes it. `budget`: the locations left to visit
    in all ways, so that many doubtful locations rewriting to each other end quickly.
    `whole`: a `break` rewrite has run (nginx's valid_location is off for the request), so
    no location's prefix is replaced."""
    ways: list[Passage | None] = []
    for chosen in _takers(path, proxies):
        budget[0] -= 1
        if chosen is None:
            ways.append(None)
            continue
        rewritten = run_rewrites(chosen.rewrites, path)
        if budget[0] < 0:
            ways.append(Passage(chosen, asked, f"{chosen.label} ({chosen.where}): too many ways"))
        elif rewritten.then == "search" and searches < _MAX_LOCATION_SEARCHES:
            ways.extend(_follow(asked, rewritten.path, proxies, searches + 1, budget, whole))
        elif rewritten.then == "search":
            loop = f"{chosen.label} ({chosen.where}) rewrites in a loop"
            ways.append(Passage(chosen, asked, loop))
        elif rewritten.then not in ("pass", "break"):
            ways.append(Passage(chosen, path, _rewrite_doubt(chosen, rewritten)))
        elif chosen.kind == "nginx" and chosen.replace is not None and "$" in chosen.replace:
            ways.append(_passed_as_variables(chosen, asked, rewritten.path))
        elif rewritten.then == "break" or whole:
            # nginx passes the changed path whole: a URI part of proxy_pass is ignored.
            ways.append(Passage(chosen, rewritten.path))
        else:
            ways.append(Passage(chosen, chosen.forward(path) or path))
        if len(ways) > _MAX_ALTERNATIVES:
            break
    return ways


def _takers(path: str, proxies: list[Proxy]) -> list[Proxy | None]:
    """The location nginx chooses for `path`: an exact one (`=`); else the longest prefix,
    unless it says `^~`, gives way to the first regular-expression location that matches.
    A regular expression seamcheck cannot tell matches or not is one more way, before the
    location chosen if it does not (None: none)."""
    taking = [p for p in proxies if not p.is_regex and p.forward(path)]
    exact = next((p for p in taking if p.modifier == "="), None)
    if exact is not None:
        return [exact]
    longest = longest_prefix(path, [p.prefix for p in taking])
    chosen = next((p for p in taking if p.prefix == longest), None)
    if chosen is not None and chosen.modifier == "^~":
        return [chosen]
    maybe: list[Proxy | None] = []
    for regex in (p for p in proxies if p.is_regex):
        matches = location_matches(regex.prefix, regex.modifier == "~*", path)
        if matches:
            return [*maybe, regex]
        if matches is None:
            maybe.append(regex)
    return [*maybe, chosen]


def _passed_as_variables(proxy: Proxy, asked: str, path: str) -> Passage:
    """`proxy_pass http://api:8000$request_uri`: nginx passes the URI the variables make,
    whatever the location's prefix: `$request_uri` is the path as the browser asked for it,
    `$uri` the path as rewritten."""
    uri = _BRACED_VARIABLE.sub(r"$\1", proxy.replace or "").removesuffix("$is_args$args")
    if uri == "$request_uri":
        return Passage(proxy, asked)
    if uri == "$uri":
        return Passage(proxy, path)
    return Passage(proxy, path, f"{proxy.label} ({proxy.where}) passes the path '{uri}' makes")


def _server_doubt(proxy: Proxy, rewritten: Rewritten) -> str:
    return _doubt(f"nginx server block ({proxy.where.path}:{proxy.server})", rewritten)


def _rewrite_doubt(proxy: Proxy, rewritten: Rewritten) -> str:
    return _doubt(f"{proxy.label} ({proxy.where})", rewritten)


def _doubt(place: str, rewritten: Rewritten) -> str:
    """Why the path `place`'s rewrites pass on is not known: a redirect, or a rewrite
    seamcheck cannot follow."""
    written = rewritten.by.text if rewritten.by is not None else "rewrite"
    if rewritten.by is not None and rewritten.by.doubt:
        return f"{place} {rewritten.by.doubt}"
    if rewritten.then == "redirect":
        return f"{place} redirects it (`{written}`)"
    return f"{place} may rewrite it (`{written}`), which seamcheck cannot follow"


@dataclass(frozen=True, slots=True)
class HostAnswer:
    service: str = ""
    how: str = ""
    problem: str = ""
    external: bool = False
    wrong_port: WrongPort | None = None  # the service listens on no such port


class HostMap:
    def __init__(
        self,
        project: Project,
        resolution: Resolution,
        values: Values,
        manifests: Manifests,
        undeployed: frozenset[str],
        starts: StartCommands,
        environment: Environment,
    ) -> None:
        self.project = project
        self._aliases: Aliases = dict(manifests.aliases)
        self._infra: dict[str, str] = {}  # host -> what it is, for hosts with no source here
        self._stubs: dict[str, str] = {}  # host -> the test code it runs (`_add_stubs`)
        self._ports: dict[int, list[tuple[str, str]]] = {}  # port -> (service, how)
        self._published: set[tuple[int, str]] = set()  # (host port, service) compose publishes
        self._app_ids = manifests.app_ids()
        self._add_compose(project.compose)
        self._kube_services = manifests.kube_services()
        for name, owner in self._kube_services.items():
            if owner:
                self._aliases.setdefault(name, (owner, f"Kubernetes service '{name}'"))
            elif name not in self._aliases:
                self._infra.setdefault(name, f"the Kubernetes service '{name}'")
        self._namespaces, self._service_namespaces = manifests.kube_namespaces()
        self._add_listen_ports(resolution, values, undeployed)
        self._add_start_ports(values, undeployed, starts, environment)
        self._listening = Listening(
            project,
            resolution,
            values,
            undeployed,
            manifests,
            starts,
            lambda entry: environment.container(entry, strict=True),
        )
        self._add_stubs(undeployed, starts)
        self.proxies: dict[str, list[Proxy]] = {}
        self.rewrites: dict[str, Rewrites] = {}  # Next.js apps' next.config rewrites()
        self._upstreams: dict[str, dict[str, Upstream]] = {}  # nginx file -> name -> block
        self._ingress = _ingress_proxies(manifests)
        self._nginx: list[Proxy] = []
        self._sites: dict[str, list[list[Proxy]]] = {}  # public host -> `public_sites`
        self._add_proxies(project, resolution, values)

    # -- building ----------------------------------------------------------------------

    def _port(self, port: int, service: str, how: str) -> None:
        known = self._ports.setdefault(port, [])
        if all(s != service for s, _ in known):
            known.append((service, how))

    def _add_compose(self, compose: tuple[ComposeService, ...]) -> None:
        roots = {s.root: s.name for s in self.project.services}
        for entry in compose:
            owner = compose_owner(entry, roots)
            if owner is None:
                for name in (entry.name, *entry.hostnames):
                    self._infra.setdefault(name.lower(), f"the compose service '{entry.name}'")
                continue
            for spec in (*entry.published_ports, *entry.exposed_ports):
                port = _host_port(spec)
                if port is not None:
                    self._port(port, owner, f"compose port {spec}")
            for spec in entry.published_ports:
                port = _host_port(spec)
                if port is not None:
                    self._published.add((port, owner))

    def _add_stubs(self, undeployed: frozenset[str], starts: StartCommands) -> None:
        """A compose service running test or example code only (`command: uvicorn
        tests.mocks.llm:app`) stands in for a service outside the repository: its names
        reach no service here. Built from a service's folder, they were that service's, and
        the service's own call to the stub (`LLM_URL: http://mock-llm:9000`) was checked
        against routes the service does not serve: a false SC104."""
        for entry, started in starts.stubs(undeployed):
            what = (
                f"the compose service '{entry.name}', which runs test or example code "
                f"({', '.join(started[:2])}): a stand-in for a service outside the repository"
            )
            for name in (entry.name, *entry.hostnames):
                how = self._aliases.get(name.lower(), ("", ""))[1]
                if how == f"compose service '{entry.name}'":
                    del self._aliases[name.lower()]
                    self._stubs[name.lower()] = what

    def _add_start_ports(
        self,
        values: Values,
        undeployed: frozenset[str],
        starts: StartCommands,
        environment: Environment,
    ) -> None:
        """Ports the deployment's start commands give (`CMD uvicorn app.main:app --port
        8000`, a compose `command:`, a Procfile line; `--port $PORT` read in the environment
        the command starts in) or its image `EXPOSE`s: a service whose code never names its
        port is still known to listen there. A command that starts only test or example
        code (`uvicorn tests.mocks.llm:app --port 9000`) runs a stub, whose routes its
        service's code does not reach: its port is no service's."""
        roots = {s.root: s.name for s in self.project.services}
        service_of = values.service_of
        container = partial(environment.container, strict=False)
        for where, started, port, how in starts.ports(container):
            deployed = [path for path in started if path not in undeployed]
            if started and not deployed:
                continue
            services = {service_of[path] for path in deployed}
            owner = _start_owner(where, roots) if not services else _only(services)
            if owner is not None:
                self._port(port, owner, how)

    def _add_listen_ports(
        self, resolution: Resolution, values: Values, undeployed: frozenset[str]
    ) -> None:
        """Ports the code's servers of the service's routes listen on (`app.listen(3000)`,
        `uvicorn.run(port=8000)`), as `listening.code_servers` reads them: a socket's
        `listen(5)` backlog or a logger's `bind(worker=42)` is no port, and a socket the code
        binds (`sock.bind(("", 9100))`) or a metrics server answers something else than the
        service's routes there (`CodeServer.routes`): a URL on it reaches none of them."""
        for server in code_servers(resolution, values, undeployed):
            if server.port is not None and server.routes:
                how = f"listens on {server.port} ({server.where})"
                self._port(server.port, server.service, how)

    def _add_proxies(self, project: Project, resolution: Resolution, values: Values) -> None:
        nginx: list[Proxy] = []
        for rel in project.config_files:
            if rel.endswith((".conf", ".conf.template")):
                text = read_text(project, rel)
                if rel.endswith(".template"):
                    text = _rendered(text, self._mounted_environment(rel))
                text = uncommented(text)  # as nginx reads it: after the image renders it
                nginx.extend(_nginx_proxies(rel, text))
                if "upstream" in text:
                    self._upstreams[rel] = upstreams(text)
        self._nginx = nginx
        serving = backend_serving(project, resolution, values)
        for service in project.services:
            if FULL_STACK & set(service.dependencies):
                # The nginx in front of it, and its Vite dev server's proxy (SvelteKit's,
                # Nuxt's): a path the app's own server does not serve may be forwarded there.
                self.proxies[service.name] = [
                    *_vite_proxies(project, service, resolution, values),
                    *_nuxt_proxies(project, service, values),
                    *self._fronting(service.name, nginx),
                ]
                if "next" in service.dependencies:
                    self.rewrites[service.name] = next_rewrites(service, values)
            if "browser" not in service.tags:
                continue
            found: list[Proxy] = []
            found.extend(_vite_proxies(project, service, resolution, values))
            found.extend(_package_json_proxy(project, service))
            found.extend(_backend_proxies(serving.get(service.name, ())))
            found.extend(nginx)
            found.extend(self._ingress)
            self.proxies[service.name] = found

    def _mounted_environment(self, rel: str) -> dict[str, str]:
        """The environment of the compose services the file `rel` is mounted into (itself
        or a folder holding it), or whose image is built from a folder holding it (its
        Dockerfile copies it in): what the nginx image renders its templates with. A
        variable they set differently, to a value compose would interpolate, or to none
        (`- NAME`, `NAME:`: passed on from the shell running compose), is left out."""
        values: dict[str, set[str]] = {}
        for entry in self.project.compose:
            built_in = _holds((_image_folder(entry),), rel) and self._renders_templates(entry)
            if _holds(entry.mounts, rel) or built_in:
                for name, value in _substituted(self._container_environment(entry)):
                    values.setdefault(name, set()).add(value)
        return {
            name: value
            for name, (value, *others) in values.items()
            if not others and value and "$" not in value and "\n" not in value
        }

    def _container_environment(self, entry: ComposeService) -> list[tuple[str, str]]:
        """(variable, value) of a compose service's container: `environment:` wins over an
        `env_file`, which wins over the image's `ENV`."""
        found = list(entry.environment)
        given = dict(entry.environment)
        for name, value, _ in env_file_values(self.project, entry):
            if name not in given:
                found.append((name, value))
                given[name] = value
        found.extend(
            (name, value)
            for name, value in image_environment_of(self.project, entry).items()
            if name not in given
        )
        return found

    def _renders_templates(self, entry: ComposeService) -> bool:
        """Whether `entry`'s image renders the nginx templates copied into it: its
        Dockerfile's final stage runs an nginx image (`TEMPLATE_RENDERING_IMAGES`). A Python
        API's image built from the repository's root holds every template of the tree, and
        renders none."""
        text = self._dockerfile_text(entry)
        return text is not None and final_image(text) in TEMPLATE_RENDERING_IMAGES

    def _dockerfile_text(self, entry: ComposeService) -> str | None:
        return dockerfile_text(self.project, entry.dockerfile)

    def _fronting(self, service: str, proxies: list[Proxy]) -> list[Proxy]:
        """The proxies of the files that forward some path to `service`: the nginx in front
        of a full-stack app (`location / { proxy_pass http://web:3000; }`). A browser front
        end's static files are not proxied to, so it takes every nginx file; an app server
        only the server blocks that reach it."""
        reaching = set()
        for proxy in proxies:
            answer = self.proxy_target(proxy)
            if answer is not None and answer.service == service:
                reaching.add((proxy.where.path, proxy.server))
        return [p for p in proxies if (p.where.path, p.server) in reaching]

    # -- questions ---------------------------------------------------------------------

    def fronted(self, service: str) -> bool:
        """Whether an nginx server block or an Ingress host forwards some path to `service`."""
        return bool(self._fronting(service, [*self._nginx, *self._ingress]))

    def entries(self) -> list[Entry]:
        """Published compose ports, nginx locations and Ingress paths, with the service each
        reaches."""
        found: list[Entry] = []
        roots = {s.root: s.name for s in self.project.services}
        published: set[tuple[str, str]] = set()  # (service, port): one compose file's each
        for compose in self.project.compose:
            owner = compose_owner(compose, roots)
            if owner is None:
                continue
            for spec in compose.published_ports:
                if (owner, spec) in published:
                    continue  # `docker-compose.prod.yml` publishing it as `docker-compose.yml`
                published.add((owner, spec))
                where = compose_where(self.project, compose, spec)
                found.append(Entry("port", f"compose port {spec}", owner, where))
        seen: set[tuple[str, int]] = set()
        for proxies in (*self.proxies.values(), self._ingress):
            for proxy in proxies:
                key = (proxy.where.path, proxy.where.line)
                if proxy.kind not in ("nginx", "ingress") or proxy.is_regex or key in seen:
                    continue  # which paths a regular-expression location takes is not known
                seen.add(key)
                answer = self.proxy_target(proxy)
                if answer is not None and answer.service:
                    entry = Entry(
                        proxy.kind, proxy.label, answer.service, proxy.where, proxy.through
                    )
                    found.append(entry)
        return found

    def proxy_target(self, proxy: Proxy) -> HostAnswer | None:
        """The service a proxy forwards to; None when it forwards to no URL seamcheck reads
        (an nginx location that serves the path itself, a `proxy_pass` of variables)."""
        if proxy.kind == "backend":
            return HostAnswer(proxy.target, f"{proxy.name} serves the page")
        if proxy.kind == "vite" and split_url(proxy.target) is None:
            return HostAnswer(problem="its target is not known before run time")
        address = proxy.target.partition("://")[2] or proxy.target
        if proxy.kind == "nginx" and address.startswith("unix:"):
            # `proxy_pass http://unix:/run/api.sock:/;`, `uwsgi_pass unix:/run/api.sock;`
            return self._server(":".join(address.split(":", 2)[:2]))
        target = split_url(proxy.target)
        if target is None:
            return None
        if proxy.kind == "nginx" and target.port is None:
            # nginx takes `proxy_pass http://NAME` written without a port to an upstream
            # block of that name when there is one, before any DNS name.
            defined = self._upstream(target.host, proxy.where.path)
            if defined is not None:
                balanced = self._balanced(*defined)
                direct = self.service_for(target.host, target.port)
                if defined[0] == proxy.where.path or direct.service in ("", balanced.service):
                    return balanced
                # Another file's block, which nginx may not load with this one, against a
                # service of that very name: neither is taken.
                return HostAnswer(
                    problem=f"host '{target.host}' reaches '{direct.service}' ({direct.how}), "
                    f"and the nginx upstream '{target.host}' of {defined[0]} balances over "
                    "other servers; which nginx loads is not known"
                )
        return self.service_for(target.host, target.port)

    def _upstream(self, name: str, rel: str) -> tuple[str, Upstream | None] | None:
        """The upstream block `name` as nginx would see it from the file `rel`: its own,
        else the one of another file (nginx's `include` puts all of them in one
        configuration). (file, None) when other files define it differently: which of them
        is loaded with `rel` is not known."""
        own = self._upstreams.get(rel, {}).get(name)
        if own is not None:
            return rel, own
        others = {
            (found.servers): (file, found)
            for file, blocks in sorted(self._upstreams.items())
            if (found := blocks.get(name)) is not None
        }
        if not others:
            return None
        if len(others) > 1:
            return ", ".join(sorted({file for file, _ in others.values()})), None
        return next(iter(others.values()))

    def _balanced(self, rel: str, upstream: Upstream | None) -> HostAnswer:
        """The service an nginx upstream block balances over: the one all its servers are;
        else a problem, since nginx may pick any of them."""
        if upstream is None:
            return HostAnswer(problem=f"an nginx upstream of that name is defined in {rel}")
        label = f"nginx upstream '{upstream.name}' ({rel}:{upstream.line})"
        answers = [self._server(address) for address in upstream.servers]
        if not answers:
            return HostAnswer(problem=f"{label} lists no server")
        services = sorted({answer.service for answer in answers})
        if services == [answers[0].service] and answers[0].service:
            return HostAnswer(answers[0].service, f"{label}: {answers[0].how}")
        for address, answer in zip(upstream.servers, answers, strict=True):
            if not answer.service:
                external = all(a.external for a in answers)
                return HostAnswer(
                    problem=f"{label} balances over {address}: {answer.problem}",
                    external=external,
                )
        return HostAnswer(problem=f"{label} balances over services {', '.join(services)}")

    def _server(self, address: str) -> HostAnswer:
        if address.startswith("unix:"):
            return HostAnswer(problem=f"'{address}' is a Unix socket")
        target = split_url(f"http://{address}")
        if target is None:
            return HostAnswer(problem=f"'{address}' is not an address seamcheck reads")
        return self.service_for(target.host, target.port)

    def public_sites(self, host: str, port: int | None) -> list[list[Proxy]]:
        """What a call to `https://host/...` goes through, on the standard ports: the paths
        of the routing objects (Ingress, HTTPRoute, ...) for that host, else each nginx
        server block whose `server_name` is it; else the same by wildcard."""
        if port not in (None, 80, 443):
            return []
        host = host.lower().rstrip(".")
        found = self._sites.get(host)
        if found is None:
            # Every call to a host outside the repository asks: decided once per host.
            found = self._sites[host] = self._serving_host(host)
        return found

    def _serving_host(self, host: str) -> list[list[Proxy]]:
        exact = [p for p in self._ingress if p.host.lower() == host]
        if exact:
            return [exact]
        named = self._nginx_serving(lambda name: name == host)
        if named:
            return named
        wildcard = [p for p in self._ingress if _routing_wildcard(p.host.lower(), host)]
        if wildcard:
            return [wildcard]
        return self._nginx_serving(lambda name: _nginx_wildcard(name, host))

    def _nginx_serving(self, serves: Callable[[str], bool]) -> list[list[Proxy]]:
        """The locations of each nginx server block one of whose names `serves`."""
        blocks: dict[tuple[str, int], list[Proxy]] = {}
        for proxy in self._nginx:
            if any(serves(name) for name in proxy.server_names):
                blocks.setdefault((proxy.where.path, proxy.server), []).append(proxy)
        return [blocks[key] for key in sorted(blocks)]

    def app_id(self, app_id: str) -> str:
        return self._app_ids.get(app_id, "") or self._aliases.get(app_id.lower(), ("", ""))[0]

    def service_for(self, host: str, port: int | None, caller: str = "") -> HostAnswer:
        host = host.lower().strip("[]")
        if host in LOCAL_HOSTS or host == "::1":
            return self._local(host, port, caller)
        candidates = [host]
        if host.endswith(_INTERNAL_SUFFIXES) or self._is_kube_service_in_namespace(host):
            candidates.append(host.split(".", 1)[0])
        for candidate in candidates:
            if candidate in self._aliases:
                service, how = self._aliases[candidate]
                wrong = self._wrong_port(host, candidate, port, service, how)
                return HostAnswer(service, how, wrong_port=wrong)
            if candidate in self._stubs:
                return HostAnswer(
                    external=True, problem=f"host '{host}' is {self._stubs[candidate]}"
                )
            if candidate in self._infra:
                what = self._infra[candidate]
                return HostAnswer(problem=f"host '{host}' is {what}, which has no source here")
        if "." in host and not host.endswith(_INTERNAL_SUFFIXES):
            return HostAnswer(external=True, problem=f"'{host}' is outside this repository")
        return HostAnswer(
            problem=(
                f"host '{host}' names no service (compose service, hostname, alias, "
                "Kubernetes service, folder, or [services.NAME] hosts)"
            )
        )

    def _wrong_port(
        self, host: str, name: str, port: int | None, service: str, how: str
    ) -> WrongPort | None:
        """`port` when nothing `host` reaches by the compose or Kubernetes Service `name`
        listens on it (`listening.py`). A name the configuration gives the service
        (`[services.NAME] hosts`) may reach it through anything: its port is not checked."""
        if port is None or how.startswith("[services."):
            return None
        bare = name == host
        in_cluster = host.endswith((".svc", ".svc.cluster.local"))
        if not bare and not in_cluster and not self._is_kube_service_in_namespace(host):
            return None  # `ml.internal`: neither compose nor the cluster names it so
        return self._listening.wrong_port(name, port, service, compose=bare)

    def _is_kube_service_in_namespace(self, host: str) -> bool:
        """`inference.search`: a Kubernetes `Service` of the manifests, by name and
        namespace, as cluster DNS resolves it from a pod. The namespace must be the
        Service's own, or one the manifests name when its manifest names none: `api.stripe`
        stays outside the cluster however the Services are called."""
        name, dot, namespace = host.partition(".")
        if not dot or "." in namespace or name not in self._kube_services:
            return False
        own = self._service_namespaces.get(name, frozenset())
        return namespace in (own or self._namespaces)

    def _local(self, host: str, port: int | None, caller: str) -> HostAnswer:
        """`localhost:PORT`: the service that listens on the port; the caller itself when
        several do (a client script next to its server), else the one compose publishes it
        for (`ports:`, not `expose:`)."""
        if port is None:
            return HostAnswer(problem=f"'{host}' without a port names no service")
        listening = self._ports.get(port, [])
        own = [entry for entry in listening if entry[0] == caller]
        # Only a port compose publishes reaches a container from the host's localhost, and
        # while one holds the port, nothing else on the host listens there.
        published = [entry for entry in listening if (port, entry[0]) in self._published]
        chosen = own or (published if len(published) == 1 else listening)
        if len(chosen) == 1:
            service, how = chosen[0]
            return HostAnswer(service, f"{host}:{port}: {how}")
        if not chosen:
            return HostAnswer(problem=f"no service is known to listen on port {port}")
        names = ", ".join(sorted(s for s, _ in chosen))
        return HostAnswer(problem=f"several services listen on port {port}: {names}")


def _only(services: set[str]) -> str | None:
    """The service a start command's files are all of; None when they are of several (`sh
    -c "uvicorn a.main:app --port 8000 & uvicorn b.main:app --port 9000"`): which of them
    listens where is not known."""
    return next(iter(services)) if len(services) == 1 else None


def _start_owner(where: ComposeService | str, roots: Mapping[str, str]) -> str | None:
    """The service a start command's ports are given to when it starts no source file
    found here (`python -m app.serve`, a bare `EXPOSE`): the one at whose root its file
    sits (the Dockerfile a compose service builds, else the Dockerfile, Procfile or
    package.json that holds it), or a compose service's owner built from outside its
    folder. A file deeper in a service's folder (`docker/ml.Dockerfile`, `tests/Dockerfile`,
    `examples/app/Dockerfile`) may build another service or none, and a port given to the
    wrong one links its callers there: an SC104 for each path it does not serve."""
    if isinstance(where, ComposeService):
        root = compose_folder(where, roots)
        file = where.dockerfile
    else:
        root = innermost(where, roots, {})
        file = where
    if root is None or file is None:
        return None
    folder = file.rpartition("/")[0] or "."
    deeper = folder != root and (root == "." or folder.startswith(f"{root}/"))
    return None if deeper else roots[root]


def _host_port(spec: str) -> int | None:
    """The port a compose `ports`/`expose` entry makes reachable: "8080:80" -> 8080."""
    spec = spec.split("/", 1)[0]
    parts = spec.split(":")
    candidate = parts[-2] if len(parts) >= 2 else parts[0]
    return port_number(candidate.split("-", 1)[0])


def _json(path: Path) -> Any:
    try:
        text = path.read_text("utf-8")
        return cleaned(json.loads(text), text)
    except (OSError, ValueError, RecursionError):
        return None


def _vite_proxies(
    project: Project, service: Service, resolution: Resolution, values: Values
) -> Iterator[Proxy]:
    for path, facts in resolution.facts.items():
        if values.service_of.get(path) != service.name:
            continue
        if not is_vite_config(path):
            continue
        for config, scope, span in vite_configs(facts):
            proxy = item(item(config, "server"), "proxy")
            # The text, not only the facts: `inputs.text_is_read` must name these files.
            lines = read_text(project, path).splitlines()
            for entry in proxy.items if proxy is not None else ():
                for found in _vite_entry(path, scope, entry, facts.calls, values):
                    line = _line_with(lines, (f"'{found.prefix}'", f'"{found.prefix}"'), span)
                    yield Proxy(found.kind, found.prefix, found.target, found.replace,
                                Where(path, line))  # fmt: skip


_UNKNOWN_TARGET = "a URL seamcheck cannot read"


def _nuxt_proxies(project: Project, service: Service, values: Values) -> Iterator[Proxy]:
    """A Nuxt app's `routeRules` proxies (`nuxtconfig.py`), and its config's
    `vite.server.proxy` (its Vite dev server's)."""
    if NUXT not in service.dependencies:
        return
    config = nuxt_config(project, service, values)
    for rule in config.proxies:
        yield Proxy("nuxt", rule.prefix, rule.target, rule.replace, rule.where,
                    "=" if rule.exact else "", name=rule.rule)  # fmt: skip
    if not config.path:
        return
    facts = values.symbols[config.path].facts
    lines = read_text(project, config.path).splitlines()
    for nuxt, scope, span in vite_configs(facts, "defineNuxtConfig"):
        proxy = item(item(item(nuxt, "vite"), "server"), "proxy")
        for entry in proxy.items if proxy is not None else ():
            for found in _vite_entry(config.path, scope, entry, facts.calls, values):
                line = _line_with(lines, (f"'{found.prefix}'", f'"{found.prefix}"'), span)
                yield Proxy(found.kind, found.prefix, found.target, found.replace,
                            Where(config.path, line))  # fmt: skip


def _vite_entry(path: str, scope: str, entry: Arg, calls: Any, values: Values) -> Iterator[Proxy]:
    prefix = entry.keyword or ""
    target_arg = entry if entry.kind != "object" else item(entry, "target")
    target = values.of_arg(path, scope, target_arg) if target_arg is not None else None
    if target_arg is None:
        return
    # A target not known before run time (`env.API_URL`) still takes the path away from
    # the app: where it goes is unsure (`HostMap.proxy_target`), not the app's to serve.
    url = literal(target or ()) or display(target or ()) or _UNKNOWN_TARGET
    replace: str | None = None
    rewrite = item(entry, "rewrite")
    if rewrite is not None and rewrite.kind == "func":
        # `rewrite: (p) => p.replace(/^\/api/, '')` strips the prefix before forwarding.
        for call in calls:
            if call.scope == rewrite.value and call.callee.endswith(".replace") and call.args:
                pattern = call.args[0].value.replace("\\/", "/").lstrip("^")
                if pattern.rstrip("/") == prefix.rstrip("/"):
                    second = call.args[1] if len(call.args) > 1 else None
                    replace = second.value if second is not None and second.kind == "str" else ""
    yield Proxy("vite", prefix, url, replace, Where(path, 1))


def _line_with(lines: list[str], needles: tuple[str, ...], span: tuple[int, int]) -> int:
    """The first line of `span` (first and last line) holding one of `needles` (its first
    line if none)."""
    first, last = span
    for index in range(first - 1, min(last, len(lines))):
        if any(n in lines[index] for n in needles):
            return index + 1
    return first


def _backend_proxies(serving: Iterable[tuple[str, str, Where]]) -> Iterator[Proxy]:
    """The Python app serving the page as a proxy of every path to that app."""
    for server, label, where in serving:
        yield Proxy("backend", "/", server, None, where, name=label)


def _package_json_proxy(project: Project, service: Service) -> Iterator[Proxy]:
    if not service.manifest or not service.manifest.endswith("package.json"):
        return
    data = _json(project.root / service.manifest)
    target = data.get("proxy") if isinstance(data, dict) else None
    if isinstance(target, str) and "://" in target:
        yield Proxy("package.json", "/", target, None, Where(service.manifest, 1))


def _routing_wildcard(pattern: str, host: str) -> bool:
    """Whether a routing object's `*.example.com` takes `host`: one label before it."""
    if not pattern.startswith("*.") or not host.endswith(pattern[1:]):
        return False
    label = host[: -len(pattern) + 1]
    return bool(label) and "." not in label


def _nginx_wildcard(name: str, host: str) -> bool:
    """Whether an nginx `server_name` wildcard takes `host`: `*.example.com` any number of
    labels before it, `.example.com` those and the domain itself."""
    if name.startswith("."):
        return host == name[1:] or host.endswith(name)
    return name.startswith("*.") and host.endswith(name[1:])


def _ingress_proxies(manifests: Manifests) -> list[Proxy]:
    """Each path of a Kubernetes Ingress, Gateway API HTTPRoute, Traefik IngressRoute,
    OpenShift Route or Istio VirtualService as a proxy: a prefix (`Exact`: the path alone; a
    regular expression), passed on to its Service as the object says, unless something
    changes the path in a way seamcheck does not follow."""
    proxies = []
    annotations = IngressAnnotations(manifests)
    if not manifests.documents:
        return []
    from seamcheck.seams.exposure import Exposure  # only manifests need it

    exposure = Exposure(manifests)
    found_paths = (
        *ingress_paths(manifests, annotations, exposure),
        *http_route_paths(manifests, exposure),
        *kube_route_paths(manifests, annotations, exposure),
    )
    for found in found_paths:
        # ingress-nginx reads a path as a case-insensitive expression; the Gateway API
        # leaves it to the implementation, which the common ones read as written.
        regex = ("~*" if found.kind == "Ingress" else "~") if found.regex else ""
        modifier = regex or ("=" if found.exact else "")
        rewrites = tuple(Rewrite(doubt, "", False, doubt=doubt) for doubt in found.unread)
        where = Where(found.rel, found.line)
        target = f"http://{found.service}" if found.service else ""
        proxies.append(
            Proxy("ingress", found.path, target, found.replace, where, modifier, rewrites,
                  name=found.name, host=found.host, object_kind=found.kind,
                  through=found.through)
        )  # fmt: skip
    return proxies


def _holds(folders: tuple[str | None, ...], rel: str) -> bool:
    """Whether `rel` is one of `folders` or inside one ("" and "." the repository's root)."""
    return any(f is not None and (f in ("", ".", rel) or rel.startswith(f"{f}/")) for f in folders)


def _image_folder(entry: ComposeService) -> str | None:
    """The folder an image is built from: its Dockerfile's, else its build context."""
    return entry.dockerfile_folder or entry.build_context


def _substituted(environment: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The variables the nginx image substitutes into its templates: with
    `NGINX_ENVSUBST_FILTER` set, those whose name it matches (awk's `name ~ /filter/`), none
    when the filter is not known here (a value compose interpolates, an invalid expression)."""
    given = dict(environment)
    written = given.get("NGINX_ENVSUBST_FILTER")
    if written is None:
        return environment
    if _INTERPOLATED.search(written):
        return []  # `${FILTER}`: compose's, not known here (a regex's `$` ends a line)
    try:
        kept = re.compile(written)
    except re.error:
        return []
    return [(name, value) for name, value in environment if kept.search(name)]


_INTERPOLATED = re.compile(r"\$\{?[A-Za-z_]")


_TEMPLATE_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def _rendered(template: str, environment: dict[str, str]) -> str:
    """An nginx template as the nginx image renders it (`envsubst` of the variables the
    container's environment defines): `$uri` and other nginx variables, and variables it
    does not define, stay as written."""

    def value(match: re.Match[str]) -> str:
        return environment.get(match.group(1) or match.group(2), match.group(0))

    return _TEMPLATE_VARIABLE.sub(value, template)


def _nginx_proxies(rel: str, text: str) -> Iterator[Proxy]:
    if "proxy_pass" not in text and "uwsgi_pass" not in text:
        return  # a file of static locations only: no browser call is forwarded by it
    if has_unclosed_block(text):
        # nginx refuses the file, so it forwards nothing; read on, each of its unclosed
        # blocks would run to the end of the file (minutes on a large one).
        return
    servers = [_server_block(text, m) for m in _SERVER.finditer(text)]
    for match in _NGINX_LOCATION.finditer(text):
        body = block_body(text, match.end())
        modifier, prefix = match.group(1) or "", match.group(2)
        if prefix.startswith("@"):
            continue  # a named location is reached by try_files and error_page, not a path
        if modifier.startswith("~"):
            prefix = prefix.strip("\"'")
        # A location without proxy_pass serves the path itself: kept, as nginx chooses
        # it over a shorter prefix that proxies. One in a nested location is that one's.
        found = list(directives(body))
        passed = next((d for d in found if d.name in _PASSES and d.args), None)
        target = passed.args[0] if passed is not None else ""
        rewrites = location_rewrites(found)
        if passed is not None and passed.name == "uwsgi_pass":
            target, moved = _uwsgi_target(target, found)
            rewrites += moved
        parts = split_url(target)
        # nginx: a proxy_pass with a URI part replaces the matched prefix with that URI.
        replace = parts.path if parts is not None and parts.path else None
        if parts is not None and "$" in parts.host and not parts.host.startswith("$"):
            # `http://api$request_uri`: the variables are the URI, not part of the host.
            at = target.index("$")
            target, replace = target[:at], target[at:]
        line = text.count("\n", 0, match.start()) + 1
        # The innermost server block holding the location: the last that starts before it.
        server = next((b for b in reversed(servers) if b.start < match.start() < b.end), None)
        yield Proxy(
            "nginx",
            prefix,
            target,
            replace,
            Where(rel, line),
            modifier,
            rewrites,
            server.line if server is not None else 0,
            server.rewrites if server is not None else (),
            server.root if server is not None else False,
            server_names=server.names if server is not None else (),
        )


# What a location forwards requests with. `uwsgi_pass` (a Django or Flask app under uWSGI)
# takes an address and passes the path unchanged, as `proxy_pass` without a URI part does.
_PASSES = ("proxy_pass", "uwsgi_pass")
# uwsgi parameters by which the app sees another path than nginx's (its SCRIPT_NAME taken
# off it by uWSGI's `--manage-script-name` or `uwsgi_modifier1 30`).
_UWSGI_PATH_CHANGES = ("SCRIPT_NAME", "PATH_INFO")


def _uwsgi_target(address: str, found: list[Directive]) -> tuple[str, tuple[Rewrite, ...]]:
    """An `uwsgi_pass` address as a URL, and as unreadable rewrites what may change the
    path the app sees (`uwsgi_param SCRIPT_NAME /api;`): calls through it are then unsure."""
    scheme, _, rest = address.partition("://")
    target = f"http://{rest}" if rest and scheme in ("uwsgi", "suwsgi") else address
    if not target.startswith(("http://", "unix:", "$")):
        target = f"http://{target}"
    changes = tuple(
        Rewrite(f"{d.name} {' '.join(d.args)}", "", readable=False)
        for d in found
        if (d.name == "uwsgi_param" and d.args and d.args[0] in _UWSGI_PATH_CHANGES)
        or d.name == "uwsgi_modifier1"
    )
    return target, changes


@dataclass(frozen=True, slots=True)
class _ServerBlock:
    start: int
    end: int
    line: int
    rewrites: tuple[Rewrite, ...]  # its own, outside its locations
    root: bool  # a `root` of its own, outside its locations
    names: tuple[str, ...]  # its `server_name`s, in lower case


def _server_block(text: str, match: re.Match[str]) -> _ServerBlock:
    body = block_body(text, match.end())
    line = text.count("\n", 0, match.start()) + 1
    found = list(directives(body))
    root = any(d.name == "root" and not d.nested for d in found)
    names = tuple(
        name.lower() for d in found if d.name == "server_name" and not d.nested for name in d.args
    )
    end = match.end() + len(body)
    return _ServerBlock(match.start(), end, line, server_rewrites(found), root, names)
