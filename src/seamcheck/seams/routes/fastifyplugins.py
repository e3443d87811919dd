"""Fastify plugins from npm that serve routes no code of the repository declares
(`FastifyPlugins`): a proxy registered at a prefix, and @fastify/autoload, which registers
the plugins of a folder at prefixes its folders give."""

from __future__ import annotations

from seamcheck.facts import Arg, Call, call_within, span_within
from seamcheck.seams.autoload import (
    AUTOLOAD,
    PROXIES,
    folder_prefix,
    is_module_folder,
    loaded_files,
    read_dir,
    unread_options,
)
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join
from seamcheck.seams.routes.registry import ServerRegistry
from seamcheck.seams.routes.servers import Declared, Server, UnreadMount
from seamcheck.seams.routes.unreadmounts import UnreadMounts


class FastifyPlugins(ServerRegistry, UnreadMounts):
    """Fastify's proxy plugins and @fastify/autoload, registered on a server."""

    def _fastify_library(self, path: str, call: Call, receiver: str, prefixes: list[str]) -> None:
        """A Fastify plugin from npm that serves routes no code of the repository declares:
        a proxy (`register(proxy, { upstream, prefix })`) may answer anything under its
        prefix; @fastify/autoload registers the plugins of a folder (`_autoload`)."""
        libraries = [
            self._library(path, call.scope, a.value)
            for a in call.args
            if a.kind == "name" and a.keyword is None
        ]
        if any(a.kind == "other" and a.keyword is None for a in call.args):
            # `register(require('@fastify/http-proxy'), {...})`: a require is an import.
            libraries.extend(
                imported.module
                for imported in self.resolution.facts[path].imports
                if imported.kind == "require" and span_within(imported.span, call.span)
            )
        owner = self._owner(path, call.scope, receiver, "")
        framework = self._mount_framework(path, owner)
        if owner is None or not framework:
            return
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        for library in libraries:
            if library in PROXIES:
                target = self._keyword(path, call.scope, call, PROXIES[library])
                what = f"a proxy to {target}" if target else "a proxy"
                self.declared.extend(
                    Declared(owner, service, ANY, prefix, framework, where, "", what)
                    for prefix in prefixes
                )
            elif library in AUTOLOAD:
                self._autoload(path, call, owner, where)

    def _autoload(self, path: str, call: Call, owner: str, where: Where) -> None:
        """`register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: { prefix } })`:
        each plugin file under `dir` is registered at the prefix plus its folders below
        `dir` (@fastify/autoload's defaults). Where the options, the folder's prefix or the
        file's own `autoPrefix` are not read, its plugin is mounted at a path seamcheck
        cannot read, so the calls it may serve are unsure rather than broken."""
        spec = next((a for a in call.args if a.kind == "object" and a.keyword is None), None)
        items = spec.items if spec is not None else ()
        base = self._autoload_prefix(path, call.scope, items)
        folder = self._autoload_dir(path, call)
        if folder is None:
            # Which files it loads is not known: any plugin of the service mounted nowhere
            # may be one (`_maybe_mounted`).
            loads = self._unread_autoloads.setdefault(self.service_of.get(path, ""), [])
            loads.append((base or "", where))
            return
        route_params = any(i.keyword == "routeParams" and i.value == "true" for i in items)
        unknown = bool(unread_options(i.keyword or "" for i in items)) or base is None
        service = self.service_of.get(path)
        files = [p for p in self.resolution.facts if self.service_of.get(p) == service]
        for loaded in loaded_files(folder, files):
            plugin = self._module_default(loaded.path)
            if plugin is None:
                continue
            prefix = join(base or "", folder_prefix(loaded.folders, route_params))
            unread = None
            if unknown or self._own_prefix(loaded.path):
                what = f"a plugin @fastify/autoload loads from {folder}"
                prefix, unread = (base or ""), UnreadMount(where, what)
            mounted = self.servers.setdefault(plugin, Server(""))
            mounted.mounts.append((owner, prefix, unread))

    def _autoload_prefix(self, path: str, scope: str, items: tuple[Arg, ...]) -> str | None:
        """The `prefix` of the `options` autoload gives its plugins: "" when there is none;
        None when the options are not an object written in place (`Object.assign({},
        opts)`) or the prefix is not known before run time."""
        given = next((i for i in items if i.keyword == "options"), None)
        if given is None:
            return ""
        if given.kind != "object" or any(i.kind in ("spread", "more") for i in given.items):
            return None
        prefix = next((i for i in given.items if i.keyword == "prefix"), None)
        if prefix is None:
            return ""
        return self._known_text(path, scope, prefix)

    def _autoload_dir(self, path: str, call: Call) -> str | None:
        """The folder autoload's `dir` names (`read_dir`), with a name this file binds to
        `dirname(fileURLToPath(import.meta.url))` for `__dirname` too."""
        facts = self.resolution.facts[path]
        return read_dir(
            path,
            call,
            facts.calls,
            lambda c: self._qualname(path, c),
            lambda c, name: self._module_folder(path, c, name),
        )

    def _module_folder(self, path: str, call: Call, name: str) -> bool:
        """Whether a name holds the folder of the file it is written in: `__dirname`,
        `import.meta.dirname`, or a name bound here to `dirname(fileURLToPath(
        import.meta.url))`."""
        if is_module_folder(name):
            return True
        located = self.values.locate(path, call.scope, name)
        creator = self.values.creator(located) if located is not None else None
        if located is None or located.path != path or creator is None:
            return False
        if self._qualname(path, creator).removeprefix("node:") != "path.dirname":
            return False
        facts = self.resolution.facts[path]
        return any(
            self._qualname(path, c).removeprefix("node:") == "url.fileURLToPath"
            and [a.value for a in c.args] == ["import.meta.url"]
            for c in facts.calls
            if call_within(c, creator)
        )

    def _own_prefix(self, path: str) -> bool:
        """Whether a plugin file sets its own prefix (`autoPrefix`, `prefixOverride`)."""
        file = self.values.symbols.get(path)
        if file is None:
            return False
        names = {"autoPrefix", "prefixOverride"}
        exported = set(file.exports) | {
            b.target.rpartition(".")[2]
            for b in file.facts.bindings
            if b.target.startswith(("module.exports.", "exports."))
        }
        return bool(exported & names)
