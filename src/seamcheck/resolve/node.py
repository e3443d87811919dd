"""Node.js / TypeScript module resolution for static analysis.

Answers "what does this import specifier name?" the way Node and TypeScript would, from the
repository alone: nothing is executed, nothing outside the root is read (symlinks leading out
are treated as absent), and the source files the analysis covers are looked up in a set; only
non-source files (assets, package.json, tsconfig.json) are looked for on disk, through
`RepoFiles`, which keeps what was seen of each (`files.seen`): the run depends on it.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from seamcheck.records import dataclass
from seamcheck.repofiles import RepoFiles
from seamcheck.resolve import jsonc
from seamcheck.resolve.vite import VITE_CONFIGS
from seamcheck.surrogates import cleaned

__all__ = ["NODE_BUILTINS", "JsTarget", "NodeResolver"]

# require('module').builtinModules of Node 20. Modules that exist only with the `node:` prefix
# (node:test, node:sea, node:sqlite) are absent on purpose: bare `test` is an npm package.
NODE_BUILTINS = frozenset(
    {
        "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing",
        "_http_server", "_stream_duplex", "_stream_passthrough", "_stream_readable",
        "_stream_transform", "_stream_wrap", "_stream_writable", "_tls_common", "_tls_wrap",
        "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster",
        "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns",
        "dns/promises", "domain", "events", "fs", "fs/promises", "http", "http2", "https",
        "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix",
        "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline",
        "readline/promises", "repl", "stream", "stream/consumers", "stream/promises",
        "stream/web", "string_decoder", "sys", "timers", "timers/promises", "tls",
        "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
        "worker_threads", "zlib",
    }
)  # fmt: skip

# Extensions appended to an extensionless specifier: TypeScript's order of preference, except
# that a declaration file comes last. TypeScript takes `util.d.ts` before `util.js` for
# types, but what runs is `util.js` (Node's require, a bundler, the compiled output: none
# loads a `.d.ts`), and the call graph needs the code that runs; a `.d.ts` has no bodies.
_PROBE_EXTENSIONS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".d.ts")
_PROBE_DESCRIPTION = " ".join(_PROBE_EXTENSIONS)

# TypeScript sources behind a JS specifier: with NodeNext, `import "./a.js"` names `a.ts`.
_TS_TWINS = {
    ".js": (".ts", ".tsx", ".d.ts"),
    ".jsx": (".tsx", ".ts", ".d.ts"),
    ".mjs": (".mts", ".d.mts"),
    ".cjs": (".cts", ".d.cts"),
}
# Sources behind a declaration file a package points at (only when that file is missing).
_DECLARATION_SOURCES = {".d.ts": (".ts", ".tsx"), ".d.mts": (".mts",), ".d.cts": (".cts",)}

# Build output folders a workspace package may point at before anything was built.
_BUILD_FOLDERS = frozenset({"dist", "lib", "build"})

_PACKAGE_NAME = re.compile(r"(?:@[A-Za-z0-9][\w.~-]*/)?[A-Za-z0-9][\w.~-]*")
_KINDS = ("import", "require")


@dataclass(frozen=True, slots=True)
class JsTarget:
    """What a specifier names. `kind` is file | asset | builtin | external | unresolved.

    file/asset: repo-relative POSIX path; builtin: the module without `node:`; external: the
    npm package name, with `subpath` ("fp" for "lodash/fp"); unresolved: the specifier, with
    a human `reason`.
    """

    kind: str
    target: str
    subpath: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class _PackageJson:
    folder: str  # repo-relative, "" for the root
    path: str
    data: Mapping[str, Any]  # empty when the file is malformed
    problem: str = ""  # why `data` is empty, for reasons of failed resolutions


@dataclass(frozen=True, slots=True)
class _TsOptions:
    """The compilerOptions that steer resolution, after following `extends`."""

    base_url: str | None = None  # repo-relative folder
    paths: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    paths_folder: str = ""  # folder of the config declaring `paths`: their base without baseUrl
    paths_config: str = ""  # that config's path, for reasons
    # `customConditions`: export conditions TypeScript matches before its own, such as a
    # monorepo's "@org/source" pointing a package's `exports` at its unbuilt sources.
    custom_conditions: tuple[str, ...] | None = None
    problems: tuple[str, ...] = ()
    # `verbatimModuleSyntax`: every import not written `import type` stays in the output.
    verbatim: bool | None = None

    def overridden_by(self, child: _TsOptions) -> _TsOptions:
        declares_paths = child.paths is not None
        return _TsOptions(
            base_url=child.base_url if child.base_url is not None else self.base_url,
            paths=child.paths if declares_paths else self.paths,
            paths_folder=child.paths_folder if declares_paths else self.paths_folder,
            paths_config=child.paths_config if declares_paths else self.paths_config,
            custom_conditions=(
                child.custom_conditions
                if child.custom_conditions is not None
                else self.custom_conditions
            ),
            problems=self.problems + child.problems,
            verbatim=child.verbatim if child.verbatim is not None else self.verbatim,
        )


@dataclass(slots=True)
class _TargetLookup:
    """One walk through a package.json `exports` or `imports` entry."""

    specifier: str
    folder: str  # the package folder targets are relative to
    label: str  # "package.json exports of 'name'", for reasons
    key: str  # "./sub" or "#name"
    conditions: tuple[str, ...]
    importer: str
    kind: str
    tried: list[str] = field(default_factory=list)  # what failed, for the reason

    @property
    def allows_packages(self) -> bool:
        # `imports` targets may name other packages; `exports` targets must stay inside.
        return self.key.startswith("#")


# SvelteKit's alias of an app's `src/lib` folder, and the configs that make a folder an app.
_SVELTEKIT_LIB = "$lib"
_SVELTE_CONFIGS = ("svelte.config.js", "svelte.config.mjs", "svelte.config.ts", "svelte.config.cjs")
# Quasar CLI's aliases of an app's folders (`import { api } from 'boot/axios'`), the same in
# @quasar/app-vite and app-webpack, and the configs that make a folder a Quasar app.
_QUASAR_ALIASES = {
    "src": "src", "app": "", "components": "src/components", "layouts": "src/layouts",
    "pages": "src/pages", "assets": "src/assets", "boot": "src/boot", "stores": "src/stores",
}  # fmt: skip
_QUASAR_CONFIGS = (
    "quasar.config.js", "quasar.config.ts", "quasar.config.mjs", "quasar.config.cjs",
    "quasar.conf.js",
)  # fmt: skip


class NodeResolver:
    """Resolves JS/TS import specifiers of one repository; create one per analysis run."""

    def __init__(
        self,
        root: Path,
        source_files: AbstractSet[str],
        workspace_packages: Mapping[str, str],
        vite_aliases: Mapping[str, Sequence[tuple[str, str | None]]] | None = None,
    ) -> None:
        """root: absolute repo root. source_files: repo-relative POSIX paths of the analysed
        source files. workspace_packages: npm name -> repo-relative folder ("." for the root).
        vite_aliases: a vite config's path -> its `resolve.alias` entries (`resolve.vite`)."""
        self._vite_aliases = dict(vite_aliases or {})
        self._nearest_vite_config_cache: dict[str, str | None] = {}
        self.files = RepoFiles(str(root))
        self._sources = source_files
        self._workspaces: dict[str, str] = {}
        for name, folder in workspace_packages.items():
            normalized = _join("", folder)
            if normalized is not None:
                self._workspaces[name] = normalized
        self._json_cache: dict[str, tuple[Any, str]] = {}
        self._package_cache: dict[str, _PackageJson | None] = {}
        self._nearest_package_cache: dict[str, str | None] = {}
        self._nearest_tsconfig_cache: dict[str, str | None] = {}
        self._nearest_svelte_config_cache: dict[str, str | None] = {}
        self._nearest_quasar_config_cache: dict[str, str | None] = {}
        self._ts_options_cache: dict[str, _TsOptions] = {}
        self._keeps_type_imports_cache: dict[str, bool] = {}  # tsconfig -> verbatim
        self._result_cache: dict[tuple[str, str, str], JsTarget] = {}
        # (repo-relative path, folder only) -> what `_resolve_path` gives and the notes it adds.
        self._path_cache: dict[tuple[str, bool], tuple[JsTarget | None, tuple[str, ...]]] = {}
        # (specifier, tsconfig) -> what `_resolve_ts_alias` gives and the notes it adds.
        self._ts_alias_cache: dict[
            tuple[str, str], tuple[JsTarget | None, str, tuple[str, ...]]
        ] = {}
        # importer -> its folder, normalized: found once per file, not once per import.
        self._folders: dict[str, str] = {}

    def resolve(self, specifier: str, importer: str, kind: str = "import") -> JsTarget:
        """Resolve `specifier` imported by repo-relative `importer`; kind: import | require."""
        if kind not in _KINDS:
            raise ValueError(f"kind must be 'import' or 'require', not {kind!r}")
        folder = self._folders.get(importer)
        if folder is None:
            folder = _join("", posixpath.dirname(importer))
            if folder is None:
                raise ValueError(f"importer {importer!r} is not a repo-relative path")
            self._folders[importer] = folder
        # Every answer depends on the importer's folder only; failures are not cached because
        # their reasons name the importing file.
        key = (specifier, folder, kind)
        cached = self._result_cache.get(key)
        if cached is not None:
            return cached
        result = self._resolve(specifier, importer, folder, kind)
        if result.kind != "unresolved":
            self._result_cache[key] = result
        return result

    # -- dispatch ------------------------------------------------------------------------

    def _resolve(self, specifier: str, importer: str, folder: str, kind: str) -> JsTarget:
        if not specifier:
            return _unresolved(specifier, f"empty specifier in {importer}")
        if specifier.startswith("node:"):
            name = specifier.removeprefix("node:")
            if name:
                return JsTarget("builtin", name)
            return _unresolved(specifier, "'node:' names no module")
        if _is_path_specifier(specifier):
            return self._resolve_relative(specifier, importer, folder)
        if specifier in NODE_BUILTINS:
            return JsTarget("builtin", specifier)
        return self._resolve_bare(specifier, importer, folder, kind)

    def _resolve_relative(self, specifier: str, importer: str, folder: str) -> JsTarget:
        base = "" if specifier.startswith("/") else folder
        path = _join(base, specifier.lstrip("/"))
        if path is None:
            return _unresolved(
                specifier, f"'{specifier}' from {importer} points outside the repository root"
            )
        # What a path gives depends on nothing else: importers in many folders name one
        # file (`./models`, `../models`), probed once (5,700 paths of 20,700 on the 10k tree).
        key = (path, _names_folder(specifier))
        known = self._path_cache.get(key)
        if known is None:
            notes: list[str] = []
            found = self._resolve_path(path, notes, folder_only=key[1])
            known = self._path_cache[key] = (found, tuple(notes))
        if known[0] is not None:
            return known[0]
        reason = (
            f"no file matches '{specifier}' from {importer}"
            f" (tried {_PROBE_DESCRIPTION} and index files)"
        )
        return _unresolved(specifier, _with_notes(reason, list(known[1])))

    def _resolve_bare(self, specifier: str, importer: str, folder: str, kind: str) -> JsTarget:
        """Aliases first, as TypeScript does; then `#imports`, workspace packages, npm."""
        notes: list[str] = []
        found, paths_miss = self._resolve_ts_alias(specifier, folder, notes)
        if found is not None:
            return found
        if specifier == _SVELTEKIT_LIB or specifier.startswith(_SVELTEKIT_LIB + "/"):
            found = self._resolve_sveltekit_lib(specifier, folder, notes)
            if found is not None:
                return found
        if specifier.partition("/")[0] in _QUASAR_ALIASES:
            found = self._resolve_quasar_alias(specifier, folder, notes)
            if found is not None:
                return found
        if self._vite_aliases:
            found, alias_miss = self._resolve_vite_alias(specifier, folder, notes)
            if found is not None:
                return found
            if alias_miss:
                return _unresolved(specifier, _with_notes(alias_miss, notes))
        if specifier.startswith("#"):
            found = self._resolve_imports(specifier, importer, folder, kind)
            if found.kind == "unresolved" and paths_miss:
                return _unresolved(specifier, _with_notes(found.reason, [paths_miss]))
            return found
        parsed = _split_package(specifier)
        if parsed is None:
            reason = paths_miss or (
                f"'{specifier}' is neither a relative path, a built-in module,"
                " a tsconfig paths alias nor a valid package name"
            )
            return _unresolved(specifier, _with_notes(reason, notes))
        name, subpath = parsed
        own = self._nearest_package(folder)
        package_folder = self._workspaces.get(name)
        if own is not None and own.data.get("name") == name:
            spec = _dependency_spec(own.data, name)
            if spec is not None and _links_own_folder(spec):
                # ESLint's `"eslint": "file:."`: npm installs a link to the package itself.
                package_folder = own.folder
            elif spec is not None:
                # An example app named after the library it uses (`"name": "hono"` with
                # `hono` in its dependencies): the name is the installed package, the
                # workspace's of that name when another folder holds it, else npm's.
                package_folder = None if package_folder == own.folder else package_folder
            elif package_folder is None and "exports" in own.data:
                # Node and TypeScript resolve a package's own name only through `exports`.
                package_folder = own.folder
        if package_folder is not None:
            return self._resolve_in_package(
                specifier, name, subpath, package_folder, importer, kind
            )
        if paths_miss:
            # The alias matched, so this is a broken internal import, not an npm package.
            return _unresolved(specifier, _with_notes(paths_miss, notes))
        return JsTarget("external", name, subpath)

    # -- files and folders ----------------------------------------------------------------

    def _resolve_path(
        self, path: str, notes: list[str], *, folder_only: bool = False
    ) -> JsTarget | None:
        """A file, asset or folder entry point for repo-relative `path`, or None."""
        if path and not folder_only:
            found = self._resolve_file(path)
            if found is not None:
                return found
        return self._resolve_folder(path, notes)

    def _resolve_file(self, path: str) -> JsTarget | None:
        source = self._source_or_twin(path)
        if source is not None:
            return JsTarget("file", source)
        for extension in _PROBE_EXTENSIONS:
            if path + extension in self._sources:
                return JsTarget("file", path + extension)
        if self._is_file(path):
            return JsTarget("asset", path)
        if self._is_file(path + ".json"):  # require("./data") loads data.json
            return JsTarget("asset", path + ".json")
        return None

    def _resolve_folder(self, folder: str, notes: list[str]) -> JsTarget | None:
        package = self._package_json(folder)
        if package is not None:
            if package.problem:
                notes.append(package.problem)
            main = package.data.get("main")
            if isinstance(main, str) and main:
                found = self._resolve_main(package, main, notes)
                if found is not None:
                    return found
        return self._resolve_index(folder)

    def _resolve_main(self, package: _PackageJson, main: str, notes: list[str]) -> JsTarget | None:
        path = _join(package.folder, main)
        if path is None:
            notes.append(f"{package.path} main '{main}' points outside the repository root")
            return None
        found = (self._resolve_file(path) if path else None) or self._resolve_index(path)
        if found is None:
            source = self._source_for_build_output(package.folder, path)
            found = JsTarget("file", source) if source is not None else None
        if found is None:
            notes.append(f"{package.path} main '{main}' names no file")
        return found

    def _resolve_index(self, folder: str) -> JsTarget | None:
        for extension in _PROBE_EXTENSIONS:
            candidate = _child(folder, "index" + extension)
            if candidate in self._sources:
                return JsTarget("file", candidate)
        return None

    def _source_or_twin(self, path: str, *, declarations: bool = False) -> str | None:
        """`path` if it is a source file, else its TypeScript twin if that is one."""
        if path in self._sources:
            return path
        for twin in _twins(path, declarations=declarations):
            if twin in self._sources:
                return twin
        return None

    def _source_for_build_output(self, package_folder: str, path: str) -> str | None:
        """The source standing in for missing build output: `dist/a.js` -> `src/a.ts`."""
        inner = path.removeprefix(package_folder + "/") if package_folder else path
        head, slash, rest = inner.partition("/")
        if not slash or head not in _BUILD_FOLDERS:
            return None
        return self._source_or_twin(_child(package_folder, "src/" + rest), declarations=True)

    # -- packages ------------------------------------------------------------------------

    def _resolve_in_package(
        self, specifier: str, name: str, subpath: str, folder: str, importer: str, kind: str
    ) -> JsTarget:
        package = self._package_json(folder)
        notes = [package.problem] if package is not None and package.problem else []
        if package is not None and package.data.get("exports") is not None:
            lookup = _TargetLookup(
                specifier=specifier,
                folder=folder,
                label=f"package.json exports of '{name}'",
                key="./" + subpath if subpath else ".",
                conditions=self._conditions(kind, importer),
                importer=importer,
                kind=kind,
            )
            return self._resolve_exports(specifier, package.data["exports"], lookup)
        if subpath:
            path = _join(folder, subpath)
            found = self._resolve_path(path, notes) if path is not None else None
        else:
            found = self._resolve_folder(folder, notes)
        if found is not None:
            return found
        reason = (
            f"package '{name}' in {_display(folder)} has no exports and no file matches"
            f" '{subpath or '.'}' (tried main, {_PROBE_DESCRIPTION} and index files)"
        )
        return _unresolved(specifier, _with_notes(reason, notes))

    def _resolve_exports(self, specifier: str, exports: Any, lookup: _TargetLookup) -> JsTarget:
        subpaths = _exports_subpaths(exports)
        if subpaths is None:
            return _unresolved(
                specifier, f"{lookup.label} mixes './' subpaths and conditions as keys"
            )
        return self._resolve_mapped(subpaths, lookup)

    def _resolve_imports(self, specifier: str, importer: str, folder: str, kind: str) -> JsTarget:
        package = self._nearest_package(folder)
        if package is None:
            return _unresolved(
                specifier, f"no package.json above {importer} defines imports for '{specifier}'"
            )
        if package.problem:
            return _unresolved(specifier, f"'{specifier}' needs {package.problem}")
        imports = package.data.get("imports")
        if not isinstance(imports, dict):
            return _unresolved(specifier, f"{package.path} has no 'imports' field")
        lookup = _TargetLookup(
            specifier=specifier,
            folder=package.folder,
            label=f"package.json imports of {package.path}",
            key=specifier,
            conditions=self._conditions(kind, importer),
            importer=importer,
            kind=kind,
        )
        return self._resolve_mapped(imports, lookup)

    def _resolve_mapped(self, mapping: Mapping[str, Any], lookup: _TargetLookup) -> JsTarget:
        """Resolve `lookup.key` through an `exports` subpath map or an `imports` map."""
        entry = _match_subpath(mapping, lookup.key)
        if entry is None:
            return _unresolved(lookup.specifier, f"{lookup.label} has no entry for '{lookup.key}'")
        target, star = entry
        found = self._resolve_target(target, star, lookup)
        if found is not None:
            return found
        if lookup.tried:
            reason = f"{lookup.label} entry for '{lookup.key}' led to no file: " + "; ".join(
                lookup.tried
            )
        else:
            reason = (
                f"{lookup.label} has no target for '{lookup.key}' under the conditions "
                + ", ".join(lookup.conditions)
            )
        return _unresolved(lookup.specifier, reason)

    def _resolve_target(
        self, target: Any, star: str | None, lookup: _TargetLookup
    ) -> JsTarget | None:
        """Node's PACKAGE_TARGET_RESOLVE, except that a target naming a missing file lets the
        next condition or fallback try (as TypeScript does). None: try the next one."""
        if isinstance(target, str):
            return self._resolve_target_string(target, star, lookup)
        if isinstance(target, list):
            for fallback in target:
                if fallback is None:  # a null fallback is skipped, as in Node
                    continue
                found = self._resolve_target(fallback, star, lookup)
                if found is not None:
                    return found
            return None
        if isinstance(target, dict):
            for condition, value in target.items():
                if condition in lookup.conditions:
                    found = self._resolve_target(value, star, lookup)
                    if found is not None:
                        return found
            return None
        if target is None:
            return _unresolved(
                lookup.specifier, f"{lookup.label} excludes '{lookup.key}' (its target is null)"
            )
        lookup.tried.append(f"invalid target {json.dumps(target)}")
        return None

    def _resolve_target_string(
        self, target: str, star: str | None, lookup: _TargetLookup
    ) -> JsTarget | None:
        if star is not None:
            target = target.replace("*", star)
        if not target.startswith("./"):
            if lookup.allows_packages and not target.startswith(("/", "../", "#")):
                return self._resolve(target, lookup.importer, lookup.folder, lookup.kind)
            lookup.tried.append(f"invalid target '{target}' (must start with './')")
            return None
        path = _join(lookup.folder, target)
        if path is None or not _is_inside(path, lookup.folder):
            lookup.tried.append(f"invalid target '{target}' (leaves the package folder)")
            return None
        source = self._source_or_twin(path, declarations=True)
        if source is None:
            source = self._source_for_build_output(lookup.folder, path)
        if source is not None:
            return JsTarget("file", source)
        if self._is_file(path):
            return JsTarget("asset", path)
        lookup.tried.append(
            f"{path} not found (nor a TypeScript twin, nor under src/ for dist/, lib/, build/)"
        )
        return None

    def _conditions(self, kind: str, importer: str) -> tuple[str, ...]:
        """The export conditions for `importer`: its tsconfig's `customConditions` first."""
        options = self._ts_options(posixpath.dirname(importer))
        custom = options.custom_conditions if options is not None else None
        return tuple(dict.fromkeys((*(custom or ()), *_conditions(kind))))

    # -- tsconfig ------------------------------------------------------------------------

    def _resolve_sveltekit_lib(
        self, specifier: str, folder: str, notes: list[str]
    ) -> JsTarget | None:
        """`$lib/x`: SvelteKit's alias of the app's `src/lib`, which the tsconfig it
        generates (`.svelte-kit/tsconfig.json`, not in the repository) declares."""
        config = self._nearest_file(folder, _SVELTE_CONFIGS, self._nearest_svelte_config_cache)
        if config is None:
            return None
        path = _join(posixpath.dirname(config), "src/lib" + specifier[len(_SVELTEKIT_LIB) :])
        return self._resolve_path(path, notes) if path is not None else None

    def _resolve_quasar_alias(
        self, specifier: str, folder: str, notes: list[str]
    ) -> JsTarget | None:
        """`boot/axios`, `components/X.vue`, `stores/auth`: Quasar CLI's aliases of the app's
        folders, which the tsconfig it generates (`.quasar/tsconfig.json`, not in the
        repository) declares; None outside a Quasar app, or where no file is found (an npm
        package of that name, then)."""
        config = self._nearest_file(folder, _QUASAR_CONFIGS, self._nearest_quasar_config_cache)
        if config is None:
            return None
        head, _, rest = specifier.partition("/")
        target = "/".join(p for p in (_QUASAR_ALIASES[head], rest) if p)
        path = _join(posixpath.dirname(config), target)
        return self._resolve_path(path, notes) if path is not None else None

    def _resolve_vite_alias(
        self, specifier: str, folder: str, notes: list[str]
    ) -> tuple[JsTarget | None, str]:
        """What the `resolve.alias` of the app's vite config makes of a bare specifier, as
        vite's alias plugin does: the first entry that is the specifier or starts it before
        a `/` (`@` takes `@/components/X.vue`, not `@components/X.vue`); else why a matched
        alias failed ("" if none matched): then it is the app's own file, not a package."""
        config = self._nearest_file(folder, VITE_CONFIGS, self._nearest_vite_config_cache)
        for find, target in self._vite_aliases.get(config or "", ()):
            if specifier != find and not specifier.startswith(find + "/"):
                continue
            where = f"vite alias '{find}' ({config})"
            if target is None:
                return None, f"{where} matched; what it stands for is not read"
            path = _join(posixpath.dirname(config or ""), target + specifier[len(find) :])
            found = self._resolve_path(path, notes) if path is not None else None
            if found is not None:
                return found, ""
            return None, f"{where} matched but no file found (tried {path})"
        return None, ""

    def _resolve_ts_alias(
        self, specifier: str, folder: str, notes: list[str]
    ) -> tuple[JsTarget | None, str]:
        """What tsconfig `paths` or `baseUrl` make of a bare specifier; else why a matched
        `paths` alias failed ("" if none matched)."""
        config = self._ts_config(folder)
        options = self._ts_options(folder)
        if config is None or options is None:
            return None, ""
        # The same for every folder the tsconfig governs: found once (the 10k tree asks
        # 15,500 times, for 3,800 pairs of a specifier and a tsconfig).
        key = (specifier, config)
        known = self._ts_alias_cache.get(key)
        if known is None:
            added = list(options.problems)
            found, paths_miss = self._resolve_ts_paths(specifier, options, added)
            if found is None and options.base_url is not None:
                path = _join(options.base_url, specifier)
                found = self._resolve_path(path, added) if path is not None else None
            known = self._ts_alias_cache[key] = (found, paths_miss, tuple(added))
        notes.extend(known[2])
        return known[0], known[1]

    def _resolve_ts_paths(
        self, specifier: str, options: _TsOptions, notes: list[str]
    ) -> tuple[JsTarget | None, str]:
        """The file a tsconfig `paths` alias leads to; else why a matched alias failed."""
        if not options.paths:
            return None, ""
        match = _match_paths(options.paths, specifier)
        if match is None:
            return None, ""
        pattern, star, substitutions = match
        base = options.base_url if options.base_url is not None else options.paths_folder
        tried: list[str] = []
        for substitution in substitutions:
            candidate = substitution.replace("*", star, 1)
            path = _join(base, candidate)
            if path is None:
                tried.append(f"{candidate} (outside the repository root)")
                continue
            found = self._resolve_path(path, notes)
            if found is not None:
                return found, ""
            tried.append(path)
        if pattern == "*":
            # A catch-all alias matches every package name, so its miss says nothing.
            return None, ""
        return None, (
            f"tsconfig paths '{pattern}' ({options.paths_config}) matched but no file found"
            f" (tried {', '.join(tried) or 'no substitutions'})"
        )

    def _ts_config(self, folder: str) -> str | None:
        """The tsconfig that governs the files of `folder`."""
        config = self._nearest_file(
            folder, ("tsconfig.json", "jsconfig.json"), self._nearest_tsconfig_cache
        )
        if config is None and self._is_file("nx.json") and self._is_file("tsconfig.base.json"):
            # An Nx workspace's projects extend its tsconfig.base.json, where the `paths`
            # of its libraries are; Nx's bundler plugins read it for a project without one.
            config = "tsconfig.base.json"
        return config

    def _ts_options(self, folder: str) -> _TsOptions | None:
        config = self._ts_config(folder)
        if config is None:
            return None
        options = self._ts_options_cache.get(config)
        if options is None:
            options = self._load_ts_options(config, ())
            self._ts_options_cache[config] = options
        return options

    def keeps_type_imports(self, importer: str) -> bool:
        """Whether TypeScript keeps `importer`'s imports of names used only as types: its
        tsconfig (or, for a solution-style one such as Vite's, a config it references)
        sets `verbatimModuleSyntax`, as esbuild and SWC read it too."""
        folder = posixpath.dirname(importer)
        config = self._ts_config(folder)
        options = self._ts_options(folder)
        if config is None or options is None:
            return False
        kept = self._keeps_type_imports_cache.get(config)
        if kept is None:
            kept = bool(options.verbatim) or any(
                self._load_ts_options(reference, ()).verbatim
                for reference in self._references(config)
            )
            self._keeps_type_imports_cache[config] = kept
        return kept

    def _references(self, config: str) -> list[str]:
        """The configs a solution-style tsconfig's `references` name (a file or a folder)."""
        data, problem = self._read_json(config, lenient=True)
        references = data.get("references") if not problem and isinstance(data, dict) else None
        found: list[str] = []
        for reference in references if isinstance(references, list) else ():
            raw = reference.get("path") if isinstance(reference, dict) else None
            path = _join(posixpath.dirname(config), raw) if isinstance(raw, str) else None
            if path is None or path == config:
                continue
            path = path if path.endswith(".json") else _child(path, "tsconfig.json")
            if path != config and self._is_file(path):
                found.append(path)
        return found

    def _load_ts_options(self, config: str, chain: tuple[str, ...]) -> _TsOptions:
        data, problem = self._read_json(config, lenient=True)
        if problem:
            return _TsOptions(problems=(problem,))
        folder = posixpath.dirname(config)
        merged = _TsOptions()
        problems: list[str] = []
        for reference in _extends_list(data.get("extends")):
            base = self._find_extended_config(reference, folder)
            if base is None:
                # A package config outside the repository cannot be read, and nothing it says
                # about paths would point into the repository anyway.
                if _is_path_specifier(reference):
                    problems.append(f"{config} extends '{reference}', which does not exist")
                continue
            if base == config or base in chain:
                problems.append(f"{config} extends '{reference}', which forms a cycle")
                continue
            merged = merged.overridden_by(self._load_ts_options(base, (*chain, config)))
        own = _own_ts_options(data, config, folder)
        merged = merged.overridden_by(own)
        return replace(merged, problems=merged.problems + tuple(problems))

    def _find_extended_config(self, reference: str, folder: str) -> str | None:
        if _is_path_specifier(reference):
            path = _join("" if reference.startswith("/") else folder, reference.lstrip("/"))
            if path is None:
                return None
            candidates = [path] if path.endswith(".json") else [path, path + ".json"]
        else:
            parsed = _split_package(reference)
            if parsed is None:
                return None
            name, subpath = parsed
            candidates = []
            for package_folder in self._package_folders(name, folder):
                if subpath:
                    inner = _child(package_folder, subpath)
                    candidates.append(inner)
                    if not inner.endswith(".json"):
                        candidates.append(inner + ".json")
                else:
                    candidates.append(_child(package_folder, "tsconfig.json"))
        return next((path for path in candidates if self._is_file(path)), None)

    def _package_folders(self, name: str, folder: str) -> list[str]:
        """Where package `name` may live for code in `folder`: its workspace folder, then
        node_modules folders up to the root."""
        folders = [self._workspaces[name]] if name in self._workspaces else []
        current: str | None = folder
        while current is not None:
            folders.append(_child(current, "node_modules/" + name))
            current = posixpath.dirname(current) if current else None
        return folders

    # -- cached file system access --------------------------------------------------------

    def _package_json(self, folder: str) -> _PackageJson | None:
        if folder in self._package_cache:
            return self._package_cache[folder]
        path = _child(folder, "package.json")
        package: _PackageJson | None = None
        if self._is_file(path):
            data, problem = self._read_json(path, lenient=False)
            package = _PackageJson(folder, path, data if not problem else {}, problem)
        self._package_cache[folder] = package
        return package

    def _nearest_package(self, folder: str) -> _PackageJson | None:
        path = self._nearest_file(folder, ("package.json",), self._nearest_package_cache)
        return self._package_json(posixpath.dirname(path)) if path is not None else None

    def _nearest_file(
        self, folder: str, names: tuple[str, ...], cache: dict[str, str | None]
    ) -> str | None:
        """The first of `names` in `folder` or its nearest ancestor holding one (up to the
        root)."""
        if folder in cache:
            return cache[folder]
        found = next(
            (path for path in (_child(folder, name) for name in names) if self._is_file(path)),
            None,
        )
        if found is None and folder:
            found = self._nearest_file(posixpath.dirname(folder), names, cache)
        cache[folder] = found
        return found

    def _read_json(self, path: str, *, lenient: bool) -> tuple[Any, str]:
        """(object, "") or (None, problem); `lenient` allows comments and trailing commas."""
        cached = self._json_cache.get(path)
        if cached is not None:
            return cached
        try:
            # Decoded as text mode would (`read_text`): the bytes are kept for the run key.
            text = self.files.read(path).decode("utf-8-sig")
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        except (OSError, UnicodeDecodeError) as error:
            result: tuple[Any, str] = (None, f"{path} could not be read ({error})")
        else:
            try:
                data = cleaned(jsonc.loads(text) if lenient else json.loads(text), text)
            except (ValueError, RecursionError) as error:
                result = (None, f"{path} is not valid JSON ({error})")
            else:
                if isinstance(data, dict):
                    result = (data, "")
                else:
                    result = (None, f"{path} is not valid JSON (not an object)")
        self._json_cache[path] = result
        return result

    def _is_file(self, path: str) -> bool:
        """Whether repo-relative `path` is a regular file inside the root, symlinks resolved."""
        return self.files.is_file(path)


# -- pure helpers ---------------------------------------------------------------------------


def _unresolved(specifier: str, reason: str) -> JsTarget:
    return JsTarget("unresolved", specifier, reason=reason)


def _with_notes(reason: str, notes: list[str]) -> str:
    unique = list(dict.fromkeys(note for note in notes if note))
    return "; ".join([reason, *unique])


def _conditions(kind: str) -> tuple[str, ...]:
    return (kind, "node", "default", "types")


def _dependency_spec(package: Mapping[str, Any], name: str) -> str | None:
    """What the package.json asks for under `name` in any of its dependency tables (the
    empty string for a value that is no string), or None when it does not depend on it."""
    for key in _DEPENDENCY_KEYS:
        table = package.get(key)
        if isinstance(table, Mapping) and name in table:
            spec = table[name]
            return spec if isinstance(spec, str) else ""
    return None


def _links_own_folder(spec: str) -> bool:
    """`file:.`, `link:./`: a dependency npm, yarn or pnpm installs as a link to the
    package.json's own folder."""
    scheme, colon, path = spec.partition(":")
    return bool(colon) and scheme in ("file", "link", "portal") and posixpath.normpath(path) == "."


_DEPENDENCY_KEYS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def _is_path_specifier(specifier: str) -> bool:
    return specifier in (".", "..") or specifier.startswith(("./", "../", "/"))


def _names_folder(specifier: str) -> bool:
    """`./lib/`, `.` and `..` name a folder: Node skips the file lookup for them."""
    return specifier.endswith("/") or specifier.endswith(("/.", "/..")) or specifier in (".", "..")


def _join(base: str, relative: str) -> str | None:
    """Normalized repo-relative `base/relative` ("" for the root), or None if it leaves the
    root."""
    path = posixpath.normpath(posixpath.join(base, relative) if base else relative or ".")
    if path == ".":
        return ""
    if path == ".." or path.startswith(("../", "/")):
        return None
    return path


def _child(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _display(folder: str) -> str:
    return folder or "."


def _is_inside(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder + "/")


def _twins(path: str, *, declarations: bool) -> tuple[str, ...]:
    if declarations:
        for extension, sources in _DECLARATION_SOURCES.items():
            if path.endswith(extension):
                stem = path.removesuffix(extension)
                return tuple(stem + source for source in sources)
    stem, extension = posixpath.splitext(path)
    return tuple(stem + twin for twin in _TS_TWINS.get(extension, ()))


def _split_package(specifier: str) -> tuple[str, str] | None:
    """(package name, subpath) of a bare specifier, or None if it names no valid package."""
    if specifier.startswith("@"):
        scope, _, rest = specifier.partition("/")
        package, _, subpath = rest.partition("/")
        name = f"{scope}/{package}"
    else:
        name, _, subpath = specifier.partition("/")
    if not _PACKAGE_NAME.fullmatch(name):
        return None
    return name, subpath


def _exports_subpaths(exports: Any) -> Mapping[str, Any] | None:
    """`exports` as a subpath map (sugar for "." expanded); None if keys mix both kinds."""
    if isinstance(exports, dict):
        dotted = [key.startswith(".") for key in exports]
        if dotted and all(dotted):
            return exports
        if any(dotted):
            return None
    return {".": exports}


def _match_subpath(mapping: Mapping[str, Any], key: str) -> tuple[Any, str | None] | None:
    """Node's PACKAGE_IMPORTS_EXPORTS_RESOLVE: an exact key, else the `*` pattern with the
    longest prefix. Returns (target, what `*` matched or None)."""
    if key in mapping and "*" not in key:
        return mapping[key], None
    best: tuple[int, int, str] | None = None
    for pattern in mapping:
        prefix, star, suffix = pattern.partition("*")
        if not star or "*" in suffix:
            continue
        if (
            key.startswith(prefix)
            and key != prefix
            and key.endswith(suffix)
            and len(key) >= len(pattern)
        ):
            rank = (len(prefix), len(pattern), pattern)
            if best is None or rank[:2] > best[:2]:
                best = rank
    if best is None:
        return None
    pattern = best[2]
    prefix, _, suffix = pattern.partition("*")
    return mapping[pattern], key[len(prefix) : len(key) - len(suffix)]


def _match_paths(
    paths: tuple[tuple[str, tuple[str, ...]], ...], specifier: str
) -> tuple[str, str, tuple[str, ...]] | None:
    """TypeScript's matchPatternOrExact: an exact alias, else the `*` alias with the longest
    prefix. Returns (alias, what `*` matched, substitutions)."""
    best: tuple[str, str, tuple[str, ...]] | None = None
    best_prefix = -1
    for pattern, substitutions in paths:
        prefix, star, suffix = pattern.partition("*")
        if not star:
            if pattern == specifier:
                return pattern, "", substitutions
            continue
        if (
            len(specifier) >= len(prefix) + len(suffix)
            and specifier.startswith(prefix)
            and specifier.endswith(suffix)
            and len(prefix) > best_prefix
        ):
            best = (pattern, specifier[len(prefix) : len(specifier) - len(suffix)], substitutions)
            best_prefix = len(prefix)
    return best


def _extends_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _own_ts_options(data: Mapping[str, Any], config: str, folder: str) -> _TsOptions:
    """The baseUrl and paths one config declares itself, made repo-relative."""
    options = data.get("compilerOptions")
    if not isinstance(options, dict):
        return _TsOptions()
    problems: list[str] = []
    base_url: str | None = None
    raw_base_url = options.get("baseUrl")
    if isinstance(raw_base_url, str):
        base_url = _join(folder, raw_base_url)
        if base_url is None:
            problems.append(f"{config} baseUrl '{raw_base_url}' points outside the repository")
    paths: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    raw_paths = options.get("paths")
    if isinstance(raw_paths, dict):
        paths = tuple(
            (pattern, tuple(item for item in substitutions if isinstance(item, str)))
            for pattern, substitutions in raw_paths.items()
            if isinstance(substitutions, list) and pattern.count("*") <= 1
        )
    custom: tuple[str, ...] | None = None
    raw_custom = options.get("customConditions")
    if isinstance(raw_custom, list):
        custom = tuple(item for item in raw_custom if isinstance(item, str) and item)
    verbatim = options.get("verbatimModuleSyntax")
    return _TsOptions(
        base_url,
        paths,
        folder,
        config,
        custom,
        tuple(problems),
        verbatim if isinstance(verbatim, bool) else None,
    )
