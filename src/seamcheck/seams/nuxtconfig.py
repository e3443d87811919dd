"""A Nuxt app's `nuxt.config.{ts,js,mjs}`: where its server folder is (`srcDir`, `serverDir`),
what forwards paths its own server does not serve (`routeRules` with `proxy`, also under
`nitro`; `nitro.devProxy`; `vite.server.proxy`, read by `hosts.py` as a vite config's; a
proxy module), and its `runtimeConfig` (`useRuntimeConfig().public.apiBase`), which a
`NUXT_PUBLIC_API_BASE` variable of the deployment overrides.

Read from the facts of the config file: the object `defineNuxtConfig(...)` is given (or the
one it exports). Only literal values, or strings seamcheck builds (environment variables
included), are read; anything else is "unread", and the calls it may concern are unsure.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from seamcheck.backrefs import weak_owner
from seamcheck.facts import Arg
from seamcheck.project import Project, Service
from seamcheck.records import dataclass
from seamcheck.resolve.vite import item, vite_configs
from seamcheck.seams.appconfig import app_config
from seamcheck.seams.frameworks import NUXT
from seamcheck.seams.manifests import read_text
from seamcheck.seams.model import Where
from seamcheck.seams.values import Part, Template, Values, display, literal

CONFIG_FILES = tuple(f"nuxt.config.{suffix}" for suffix in ("ts", "js", "mjs", "mts", "cjs"))
# Modules that forward paths to another server by options seamcheck does not read.
PROXY_MODULES = frozenset(
    {"nuxt-proxy", "@nuxtjs/proxy", "nuxt-proxy-request", "@nuxt-alt/proxy", "nuxt-api-party"}
)
_ORIGIN = re.compile(r"^(?P<origin>[a-z][a-z0-9+.-]*://[^/?#]+)(?P<path>/[^?#]*)?$", re.I)
# `/ml/**` (the path and every path under it), `/ml/health` (that path alone).
_RULE = re.compile(r"^(?P<prefix>(?:/[^/*]+)*)(?P<all>/\*\*)?$")


@dataclass(frozen=True, slots=True)
class NuxtProxy:
    """A `routeRules` proxy: a path under `prefix` (that path alone when `exact`) goes to
    `target` (an origin) with `prefix` replaced by `replace`."""

    rule: str  # as written: `/ml/**`
    prefix: str
    target: str
    replace: str
    exact: bool
    where: Where


@dataclass(frozen=True, slots=True)
class NuxtUnread:
    """What may answer (or forward) any path under `head` ("" any path), and why it is not
    read."""

    head: str
    what: str
    where: Where


@dataclass(frozen=True, slots=True)
class NuxtConfig:
    path: str  # the config file, "" when the app has none
    server_dirs: tuple[str, ...]  # the repository's folders Nitro reads `api/`, `routes/` in
    page_dirs: tuple[str, ...]
    proxies: tuple[NuxtProxy, ...] = ()
    unread: tuple[NuxtUnread, ...] = ()


def config_file(service: Service, values: Values) -> str | None:
    return app_config(service, values, CONFIG_FILES)


def nuxt_config(project: Project, service: Service, values: Values) -> NuxtConfig:
    """What the Nuxt app `service`'s config says; its defaults when it has none."""
    root = PurePosixPath(service.root)
    path = config_file(service, values)
    objects = list(vite_configs(values.symbols[path].facts, "defineNuxtConfig")) if path else []
    if path is None or len(objects) != 1 or objects[0][0] is None:
        unread = (NuxtUnread("", "a nuxt.config not read", Where(path, 1)),) if path else ()
        return NuxtConfig(path or "", (str(root / "server"),), _pages(root, ""), (), unread)
    config, scope, _ = objects[0]
    # The text, not only the facts, for the lines of its rules: `inputs.text_is_read`.
    reader = _Reader(values, path, scope, read_text(project, path).splitlines())
    src = reader.folder(config, "srcDir")
    server = reader.folder(config, "serverDir")
    dirs: list[str] = []
    if server is not None:
        dirs.append(str(root / server) if server else str(root / "server"))
    if src and server == "":  # Nuxt 3 puts the server folder in srcDir, Nuxt 4 beside it
        dirs.append(str(root / src / "server"))
    reader.options(config, "")
    production = item(config, "$production")
    if production is not None:  # the deployed build's overrides: read as the config's own
        reader.options(production, "$production")
    for key in _OTHER_MODES:  # `$development: { routeRules }`: not what is deployed
        found = item(config, key)
        modes = [found] if key != "$env" or found is None or found.kind != "object" else [
            i for i in found.items if i.kind == "object"]  # fmt: skip
        for mode in modes if found is not None else ():
            reader.options(mode, key, unsure=f"{key} ")
    reader.modules(item(config, "modules"), service.dependencies)
    if item(config, "extends") is not None:
        reader.unread_at("", "a Nuxt layer (extends) may serve more", "extends")
    return NuxtConfig(
        path,
        tuple(dict.fromkeys(dirs)),
        _pages(root, src or ""),
        tuple(reader.proxies),
        tuple(reader.unread),
    )


# nuxt.config's overrides for a mode other than the deployed build's (`$env: { staging }`).
_OTHER_MODES = ("$development", "$test", "$env")


def _pages(root: PurePosixPath, src: str) -> tuple[str, ...]:
    """The folders whose `.vue` files are pages: `pages/` in srcDir (Nuxt 4's srcDir `app/`
    too)."""
    found = [str(root / src / "pages")] if src else []
    return (*found, str(root / "pages"), str(root / "app" / "pages"))


class _Reader:
    def __init__(self, values: Values, path: str, scope: str, lines: list[str]) -> None:
        self.values = values
        self.path = path
        self.scope = scope
        self.lines = lines
        self.proxies: list[NuxtProxy] = []
        self.unread: list[NuxtUnread] = []

    def where(self, needle: str) -> Where:
        """The first line holding `needle` (quoted, or as a key), else the first."""
        for index, line in enumerate(self.lines):
            if f"'{needle}'" in line or f'"{needle}"' in line or f"{needle}:" in line:
                return Where(self.path, index + 1)
        return Where(self.path, 1)

    def unread_at(self, head: str, what: str, needle: str) -> None:
        self.unread.append(NuxtUnread(head, what, self.where(needle)))

    def string(self, arg: Arg | None) -> Template | None:
        return self.values.of_arg(self.path, self.scope, arg) if arg is not None else None

    def folder(self, config: Arg | None, key: str) -> str | None:
        """A folder option, relative to the app's root: "" when not set, None when not known
        (an unread value is noted)."""
        found = item(config, key)
        if found is None:
            return ""
        value = literal(self.string(found) or ())
        if value is None or value.startswith("/"):
            self.unread_at("", f"{key} not known before run time", key)
            return None
        return value.removeprefix("./").strip("/")

    def options(self, options: Arg | None, where: str, unsure: str | None = None) -> None:
        """The forwarding options of the config object `options` (the config itself, or an
        override of it, `where`: `$production`), and of its `nitro`. An object spread into
        either (`...base`), or a `nitro` not written out, may set any: the calls no route
        serves are unsure. With `unsure` (a mode not deployed: `$development `), a proxy
        read makes its calls unsure, saying so, rather than sending them on."""
        if options is None:
            return
        label = where or "nuxt.config"
        if options.kind != "object":
            self.unread_at("", f"{label} not read", where or "defineNuxtConfig")
            return
        nitro = item(options, "nitro")
        for holder, named in ((options, label), (nitro, f"{where}.nitro".lstrip("."))):
            if holder is None:
                continue
            if holder.kind != "object":
                self.unread_at("", f"{named} not read", "nitro")
            elif any(i.kind == "spread" or not i.keyword for i in holder.items):
                self.unread_at("", f"{named}: an object spread into it not read", "...")
            self.route_rules(item(holder, "routeRules"), unsure)
        self.dev_proxy(item(nitro, "devProxy"))

    def route_rules(self, rules: Arg | None, unsure: str | None = None) -> None:
        if rules is None:
            return
        if rules.kind != "object":
            self.unread_at("", "routeRules not read", "routeRules")
            return
        for rule in rules.items:
            if rule.kind == "object" and not any(i.keyword == "proxy" for i in rule.items):
                continue  # caching, headers, redirects of the browser: nothing forwarded
            if unsure is None:
                self._rule(rule)
                continue
            pattern = rule.keyword or ""
            shape = _RULE.match(pattern)
            head = shape.group("prefix") if shape else pattern.split("*", 1)[0].rpartition("/")[0]
            where = self.where(pattern) if pattern else Where(self.path, 1)
            what = f"the {unsure}routeRules proxy {pattern or '(computed)'}"
            self.unread.append(NuxtUnread(head, what, where))

    def _rule(self, rule: Arg) -> None:
        pattern = rule.keyword or ""
        shape = _RULE.match(pattern)
        head = shape.group("prefix") if shape else pattern.split("*", 1)[0].rpartition("/")[0]
        proxy = item(rule, "proxy")
        target = item(proxy, "to") if proxy is not None and proxy.kind == "object" else proxy
        text = literal(self.string(target) or ()) if rule.kind == "object" else None
        origin = _ORIGIN.match(text.replace("/**", "")) if text else None
        where = self.where(pattern) if pattern else Where(self.path, 1)
        if shape is None or origin is None:
            shown = display(self.string(target) or (Part("value", True, "not read"),))
            what = f"the routeRules proxy {pattern or '(computed)'} to {shown}"
            self.unread.append(NuxtUnread(head, what, where))
            return
        # `'/ml/**': { proxy: 'http://models:8000/v1/**' }` sends `/ml/x` to `/v1/x`;
        # `'/ml/health': { proxy: 'http://models:8000/healthz' }` that path alone.
        every = bool(shape.group("all"))
        replace = origin.group("path") or ("" if every else "/")
        self.proxies.append(
            NuxtProxy(pattern, head or "/", origin.group("origin"), replace, not every, where)
        )

    def dev_proxy(self, proxies: Arg | None) -> None:
        """Nitro's dev server proxies (`devProxy: { '/api': 'http://localhost:8000' }`): how
        they rewrite the path is not read, so the calls under each are unsure."""
        if proxies is None:
            return
        heads = [i.keyword for i in proxies.items if i.keyword] if proxies.kind == "object" else []
        if proxies.kind != "object" or len(heads) != len(proxies.items):
            heads = [""]
        for head in heads:
            self.unread_at(head.rstrip("/*"), f"nitro.devProxy {head or '(not read)'}", "devProxy")

    def modules(self, modules: Arg | None, dependencies: tuple[str, ...] | list[str]) -> None:
        named = {i.value for i in modules.items if i.kind == "str"} if modules else set()
        named |= {i.items[0].value for i in (modules.items if modules else ()) if i.kind == "list"
                  and i.items and i.items[0].kind == "str"}  # fmt: skip
        for module in sorted(PROXY_MODULES & (named | set(dependencies))):
            self.unread_at("", f"the proxy module {module}", module)


class NuxtRuntime:
    """The entries of each Nuxt app's `runtimeConfig`, as the app reads them at run time:
    the `NUXT_`-prefixed environment variable the deployment sets (`public.apiBase` is
    `NUXT_PUBLIC_API_BASE`), else the value nuxt.config gives it."""

    def __init__(self, project: Project, values: Values) -> None:
        # `values` holds this lookup as its `runtime_config`: held weakly, no cycle (`backrefs`).
        self.values = weak_owner(values)
        self.apps = {s.name: s for s in project.services if NUXT in s.dependencies}
        self._configs: dict[str, tuple[str, str, Arg | None] | None] = {}

    def __call__(self, service: str, keys: tuple[str, ...]) -> Template | None:
        if service not in self.apps:
            return None
        shown = ".".join(keys)
        variable = "NUXT_" + "_".join(_screaming(k) for k in keys)
        deployed = self.values.env(service, variable)
        if deployed is not None:
            return deployed
        config = self._config(service)
        if config is None:
            why = f"runtimeConfig.{shown}: the app's nuxt.config is not read"
            return (Part(keys[-1], True, why),)
        path, scope, entry = config
        for key in keys:
            entry = item(entry, key)
        template = self.values.of_arg(path, scope, entry) if entry is not None else None
        if template is None:
            why = f"runtimeConfig.{shown} is not set in {path}, nor is {variable}"
            return (Part(keys[-1], True, why),)
        return template

    def _config(self, service: str) -> tuple[str, str, Arg | None] | None:
        if service not in self._configs:
            path = config_file(self.apps[service], self.values)
            objects = (
                list(vite_configs(self.values.symbols[path].facts, "defineNuxtConfig"))
                if path
                else []
            )
            if path is None or len(objects) != 1:
                self._configs[service] = None
            else:
                config, scope, _ = objects[0]
                self._configs[service] = (path, scope, item(config, "runtimeConfig"))
        return self._configs[service]


def _screaming(key: str) -> str:
    """`apiBase` -> `API_BASE`, as Nuxt names the variable overriding an entry."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).upper()
