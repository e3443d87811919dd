"""The extract stage: one file's bytes in, one `FileFacts` out. Never looks at other files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamcheck.extract.components import is_component

if TYPE_CHECKING:
    # Only for the signature: a replayed run decides which files are source (`language_for`)
    # without loading the facts records.
    from seamcheck.facts import FileFacts

# Bump when the shape or meaning of extracted facts changes, so cached facts are rebuilt.
# 2: path joins, object-literal methods, class bases; 3: suppressions; 4: seam pieces;
# 5: hostile input bounds (nesting folded past 64, query depth, comment runs, tie order);
# 6: Python `local` bindings (a parameter, loop target or unknown value hides a module name);
# 7: JS methods called on an array literal (`[a, b].map(f)` as `[].map`);
# 8: Python list bindings with their last line (Starlette `Mount(routes=user_routes)`);
# 9: `import.meta.env.X` is an environment variable; a Python `with` target's binding is on
# its value's line; `new URL(ref, base)` keeps a `url` piece between base and ref; Python
# `typed` bindings for parameters annotated with an imported class;
# 10: JS `true`/`false` arguments keep their value (`other`); Python `*name` list items
# (`spread` Args, in list bindings' `items` too);
# 11-14: Python property reads (`getter` calls), `Annotated[X, ...]` parameters and module
# aliases of one, sources decoded by their PEP 263 coding cookie;
# 15: TypeScript `typed` bindings (class-typed parameters, parameter properties, value-less
# fields), Python parameters typed with a class of the module or a forward reference;
# 16: a property setter or deleter is named `Cls.prop.setter`, apart from its getter;
# 17: JS object literals keep their spreads (`spread`) and mark entries not read (`more`); an
# object bound to a name is read to 64 entries, also through `as const`/`satisfies`; JS
# `local` bindings for parameters and loop variables named like a module name; a Python
# function's only `return` of a call is a `RETURNED` binding, and a JS function's of an
# array or object literal;
# 18: Python `True`/`False`/`None` arguments keep their constant (DRF `@action(detail=True)`);
# 19: functions' parameters (`Definition.params`, unnamed where the body assigns them again),
# call arguments spread from a value (`other` `*`/`**`), comments no longer taken for arguments;
# 20: parameters' default values (`Definition.defaults`), TypeScript parameter properties of
# any type bind `this.name`, `this.x = y!` binds, an attribute set to a value not known here
# or rebound by `+=` is a `local` binding.
# 21: a name a scope assigns again keeps a binding of each assignment: `url += x` (an `expr`
# reading itself), other rebinding forms (a loop target, `x ??= y`, a value not read) `local`.
# 22: `strip` pieces (`base.rstrip("/")`, `base.replace(/\/+$/, '')`); an assignment to a
# name an enclosing scope owns (`global`, `nonlocal`, a JS name the function does not declare)
# binds it in that scope; a JS name declared in several blocks of a function is read, where
# it is used, as its own block's value.
# 23: a JS name bound to an array literal is a `list` binding with its items (`...name` a
# `spread`), as a function's returned array is (NestJS `const routes: Routes = [...]`).
# 24: `item` bindings of `for (const x of name)` variables; `export default [...]` is a `list`
# binding of `default`; a JS function's only `return name` is a `RETURNED` `name` binding.
# 25: a JS object pattern parameter is named by its position (`{0}`), the names it binds are
# `name` bindings of its entries (`baseUrl` = `{0}.baseUrl`), their defaults keyed so.
# 26: `tail` pieces: a value that may hold several path segments (`parts.join('/')`,
# `req.originalUrl`, `req.params[0]`, a Python parameter its route declares `{name:path}`);
# `Definition.suspends`, where an async function first awaits; Python `urljoin(base, ref)`
# is a `url` piece between base and ref.
# 27: Python annotated assignments keep their class (`Binding.annotation`; `typed` when the
# value is not known here); a function's only `return` of a dotted name is a `RETURNED`
# binding, a generator's only `yield` of a name, call or dict a `YIELDED` one (a dict's
# entries not read marked by a `more` item).
# 28: a JS object pattern declared from a call's result (not awaited) binds each name it
# reads without a default as a `name` binding of that entry: `const { GET } =
# createClient()` is `GET` = `createClient().GET`; `export const { GET } = ...` exports it.
# 29: NestJS `config.get('X', default)` / `getOrThrow('X')` in a file importing
# `@nestjs/config`, for an UPPER_SNAKE key, is an `env` piece with its default.
# 30: Python `item` bindings of a `for` loop's variable over names written in place
# (`for module in (users, items):`).
# 31: a JS member chain starting with `new X()` names it as the call `X()` does (`new
# Hono().get('/x', h)` is the call `Hono().get`; a binding to it a `call` binding).
# 32: a JS call on `(a ?? b)` (or `||`) is recorded as a call of the default's method
# (`(options.client ?? client).post()` is `client.post`), the other receiver in `Call.unless`;
# a JS function's only `return` of a call's result is a `RETURNED` `call` binding, as in
# Python (`return createClient<paths>({ baseUrl })`); a JS method called on the entry a
# string key reads is recorded (`client['/items/{id}'].GET()` as `client[].GET`, the key
# in `Call.key`).
# 33: a Python assignment written out item by item on both sides (`p1, p2 = Path("a"),
# Path("b")`) binds each target to the value in its place; a module's `__all__` list or
# tuple (and `__all__ += [...]`) is a `list` binding of its `str` entries.
# 34: a Python list bound to a name keeps its items, as a JS array does (Tornado's
# `handlers = [(r"/items", ItemHandler), ...]`), `*name` items as `spread`s, items past the
# limit as one `more`; a call's `**name` argument keeps the name (a `name` piece).
# 35: a TypeScript import whose names are used only as types (no `import type` written), and
# every import of a declaration file, is `type_only`: the compilers drop them.
# 36: a JS object pattern destructured from `process.env` / `import.meta.env` binds each
# name to its variable (`const { ML_URL = '' } = process.env`: an `env` piece, its default).
# 37: a chain of `+` is read operand by operand at one level (`'/add/' + id + '/' + sku + '/' +
# qty`), not one level per `+`: past four it was cut to an unknown piece.
# 38: a name in a computed key of a type (`interface Ref { [RefFlag]: true }`) is a value use,
# as tsc reads it: its import stays `static` (not in a `declare`d type).
# 39: those TypeScript imports (names used only as types, or all marked `type` inline) are
# `type_use`, which the resolver makes `type_only`, or `static` under verbatimModuleSyntax.
# 42: Vue and Svelte single-file components are extracted, from their `<script>` blocks.
# 43: `export default { ... }` is an `object` binding of `default` (not exported).
# 44: a JS ternary giving a path its leading slash (`p.startsWith('/') ? p : `/${p}``, as
# fetch wrappers write it) is the pieces of `'/' + p`, no longer one unknown piece.
# 45: a reserved word naming a JS export or import (`export { className as class }`) is no
# syntax error.
# 46: in a vite config, a path built from the file's folder (`path.resolve(__dirname, 'src')`,
# `fileURLToPath(new URL('./src', import.meta.url))`) is a `folder` piece.
# 47: only a component's top-level script blocks in a JavaScript dialect are read.
# 48: a function whose only `return` (or arrow body) gives a string has a `str` or `expr`
# RETURNED binding (Nuxt's `useFetch(() => `/api/items/${id.value}`)`).
# 49: a page's `<base href>` (`document.baseURI`) is the page's own root, and
# `x.endsWith('/') ? x.slice(0, -1) : x` strips the slash.
# 50: TypeScript's `export type * from './a'` is a type-only re-export, not a syntax error.
# 51: TypeScript's `f<typeof import('./a')>()` (vitest's `importOriginal`) is no syntax error,
# and `import('./a')` in a type (`typeof import('./a')`, `import('./a').Model`) is a
# `type_only` import, no longer a `dynamic` one.
# 52: a reserved word naming a JSX attribute (`<Collapse in={open}>`, `<Fade in>`) is no
# syntax error.
# 53: a conditional argument choosing between two strings (`c ? '/a' : '/b'`, `A if c else
# B`) keeps its branches, in the `items` of its `other` Arg.
# 54: Jupyter's `url_path_join(...)` (by any name it is imported as) and JupyterLab's
# `URLExt.join(...)` join their parts as URL paths; a Tornado application's
# `settings["base_url"]` is a `base` piece; a list comprehension making a tuple of each item
# of a named list is an `each` argument.
# 55: a name bound to a conditional choosing between two strings (`const url = c ? A : B`,
# `url = A if c else B`, a class field) is an `other` binding whose `items` are its branches.
# 56: a bare `&` in a JSX element's text (`<p>Weights & Biases</p>`) or attribute string,
# an optional labelled tuple member after the first (`[a: string, b?: string]`) and the
# trailing comma of `f<typeof import('./a')>('./a',)` are no syntax errors.
# 59: a Python list rebound to a comprehension over itself (an `each` binding) keeps the
# comprehension's targets and the tuple it makes, so a prefix known here is seen.
# 60: `Definition.falsy_exits`, the parameter a Python function returns at once on when it
# is falsy (`if not path: return False`, its first statement).
# 61: a Python class counts its bases written as no dotted name (`Generic[T]`), whose
# methods are not known (`Definition.unnamed_bases`).
# 62: a call's result given as an argument (`fetch(apiUrl("items"))`) says where the call is
# written (`call_result`); a Python function whose only `return`, a statement of its body,
# returns a string is a `str`/`expr` `RETURNED` binding, and a JS one only there.
# 63: a TypeScript namespace holding values is a definition (kind `namespace`) its members
# are named in (`Constants.PLUGIN_NAME`, `Private.load`), no longer flattened to module
# scope; what it exports is exported by it, not by the module.
# 64: a JS `n++`/`n--` rebinds `n` (`@rebind`): a parameter so changed is not the caller's
# argument, a module `let` so changed holds more than its first value.
# 65: a Python call on a parenthesised path join, `(root / name).resolve()`, is a call of
# the Path it joins (`root.resolve`, `Call.written` as written).
# 66: a Python function whose every `return` returns one dotted name (a lazy getter's
# `return self._client` twice) is a `RETURNED` `name` binding of it.
# 67: a call's `awaited`, `construct` and `getter` are bits of one `flags` field, and its
# `unless`, `key` and `written` one `CalleeAside` record, None for nearly every call.
# 68: a Python function whose only `return` is a `/` join (`return FILES_DIRECTORY /
# self.id`) is a `RETURNED` `joined` binding of the join's left operand.
# 69: a `strip` piece's `value` says how many pieces before it `rstrip("/")` was called on,
# so that `f"https://{host.rstrip('/')}"` keeps its `//` when the host is empty.
# 70: a Python conditional choosing between two strings binds its name in parentheses too
# (`token_url = (\n  A if c else B\n)`).
# 71: an environment lookup whose variable a name holds (`os.environ.get(PREFIX_VAR, "/api")`,
# `process.env[PREFIX_VAR]`) is an `envname` piece.
# 72: an async function's `suspends` is past the expression an `async with`/`async for`/`for
# await` evaluates first (`get_client()` in `async with get_client() as c:`), which runs
# before it first awaits, not at the statement's start; a parameter's annotation is read
# through nested wrappers (`Annotated[Optional[Path], cyclopts.Parameter(...)]`).
# 73: Python: a `local` assigned None has the value `ASSIGNED_NONE`; a function assigning a
# name it declares `global` binds `GLOBAL_WRITE` + the name to the value, in its own scope;
# a name assigned `d[key]` (a key that is no number) has an `ENTRY_OF` `subscript` binding
# besides; a mapping annotation (`dict[str, Database]`) is kept as `dict[Database]`, on an
# `object` value too; attribute reads on dict entries are `FileFacts.reads`.
# 74: Python: a value stored in an entry of a dict the file writes out with entries
# (`self.caches[name] = Memory()`) is bound to `STORED_IN` + the dict's dotted name; a
# parameter or local named like a name the module assigns an entry of a dict (`ENTRY_OF`)
# gets its `local` binding.
# 76: Python: a tuple bound to a name is a `list` binding, as a list is
# (`build_handler = (build_path, BuildHandler)`); a loop rewriting a list in place under a
# prefix binds `PREFIXED`; a function returning a Jupyter path join returns its string
# (`expr`, `return url_path_join(self.base_url, "/hub/")`).
# 77: Python: a name `or` a call (`self.base = base or default_url()`) bound to the call
# keeps the name's pieces, the string it holds when handed in.
# 78: a Python `for x in name:` loop's variable is an `item` binding of `name`, as JS's is,
# where the file binds `name` to a tuple or list of names (`for router in API_ROUTERS:`); a
# memoising function's returns (`return CACHE[key]`, `CACHE[key] = app; return app`) are a
# `RETURNED` binding of the name; `Definition.keywords`, the name of a Python function's
# `**` parameter its body does not assign again, with the keys of the entries it sets.
# 79: `Definition.keywords` also holds the keys a `setdefault`/`pop` call on the `**`
# parameter may set or take out where it is no statement of the body itself (`if versioned:
# kwargs.setdefault("prefix", "/v2")`); a Python loop over a name whose entry the file
# changes (`API_ROUTERS[0] = runs.router`) is no `item` binding of it.
# 80: a Python call's `*args` argument holds the sequence's name in a `name` piece, as
# `**kwargs` does.
# 81: an attribute a Python module assigns at its top level in a branch, loop, `with` or
# `try` is bound besides to `BRANCHED` and its name (`if V2: router.prefix = "/v2"`).
# 82: a JS `for (const r of [v1, v2])` loop's variable is bound as an `item` with the
# array's items, as a Python loop's over a tuple; a Python loop's variable over a parameter
# of its function (`def add_routes(routers): for r in routers:`) as an `item` of it.
# 83: a JS name given a value through a chained assignment (`const router = module.exports
# = express.Router()`) is bound to it; a `forEach` callback's first parameter is an `item`
# of the array (`[v1, v2].forEach((r) => ...)`); `[...] as const` is read as the array.
# 84: a Python file Python's own parser reads has no syntax errors, whatever tree-sitter's
# grammar says (`common.python_accepts`).
# 85: a CommonJS export whose value is an assignment of a name (`module.exports = router =
# express.Router()`) exports that name.
# 86: a TypeScript file that parses whole once each `import('./a')` before a member access
# is read as a name has no syntax errors (`import('./a').Slot<A>`, a grammar gap).
EXTRACTOR_VERSION = 86

LANGUAGE_BY_SUFFIX = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "typescript",
    # Single-file components: their script blocks, in the dialect their `lang` asks for
    # (`extract.components`).
    ".vue": "javascript",
    ".svelte": "javascript",
}

_BOM = b"\xef\xbb\xbf"


def is_vite_config(path: str) -> bool:
    """`vite.config.ts`, `.js`, `.mjs`...: where a front end declares its dev-server proxy
    and its import aliases."""
    return path.rpartition("/")[2].startswith("vite.config.")


def language_for(path: str) -> str | None:
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    # A leading dot starts a hidden name, not a suffix (as PurePosixPath.suffix has it).
    return LANGUAGE_BY_SUFFIX.get(name[dot:].lower()) if dot > 0 else None


# Declaration files: nothing in them exists at run time, their imports included.
DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")


def variant(path: str, language: str) -> str:
    """What extraction takes from a file's path besides its bytes: the grammar (`.tsx`), a
    single-file component's script blocks, a declaration file's type-only imports. Part of
    the facts' cache key, so that two files of equal bytes share facts only where they
    would extract the same."""
    if is_component(path):
        return "component"
    if path.endswith(DECLARATION_SUFFIXES):
        return "declaration"
    return "tsx" if path.endswith(".tsx") else language


def extract(path: str, data: bytes, language: str) -> FileFacts:
    """Facts of one file. `path` is repo-relative and only recorded, never opened."""
    # Editors do not count a byte-order mark as a column; the grammars do not expect one.
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if language == "python":
        from seamcheck.extract.python import extract_python

        return extract_python(path, data)
    from seamcheck.extract.components import script_source
    from seamcheck.extract.javascript import extract_javascript

    if is_component(path):
        data, dialect = script_source(data)
    else:
        dialect = "tsx" if path.endswith(".tsx") else language
    return extract_javascript(path, data, dialect)
