"""`seamcheck fix`: rewrite blocking calls on Python async paths where the rewrite is
mechanically safe, keeping formatting and comments (libcst, imported only here).

- SC201 `time.sleep(x)` -> `await asyncio.sleep(x)`
- SC201, a direct blocking call `f(a, b=c)` -> `await asyncio.to_thread(f, a, b=c)`
- SC202, the call to the sync helper that starts the chain, `helper(a)` ->
  `await asyncio.to_thread(helper, a)`: the hand-off the finding's message suggests
- `import asyncio` is added where needed.

Only findings `check` still reports are fixed (a call an inline comment silences is left as
written, and so is any other call of an SC202 helper that a comment silences), and
only when the call sits directly in the body of the `async def` (not in a lambda, a nested
function or a comprehension), its callee is a plain dotted name, the file binds `asyncio`
to nothing else, and the service imports neither trio nor anyio. Every other reported
SC201/SC202 call site, JavaScript and TypeScript included, is left alone with the reason, so
`fix` drops nothing `check` reports: calls in a sync Tornado handler method or a
`@gen.coroutine`, which run on the IOLoop but cannot await, with Tornado's own advice.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from seamcheck.analysis import Analysis
from seamcheck.config import Config
from seamcheck.facts import Call
from seamcheck.records import dataclass

_SLEEP = "time.sleep"
# Ancestors across which an `await` would change meaning or not compile.
_OPAQUE = (
    cst.Lambda,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
    cst.ClassDef,
)


@dataclass(frozen=True, slots=True)
class Target:
    """A reported call to rewrite: where it starts, its callee as written, what it resolves to
    (an API such as `requests.get` for SC201, the sync helper's node id for SC202)."""

    line: int
    column: int  # 1-based characters, as in findings
    callee: str
    qualname: str
    unsafe: str = ""  # why it must be left alone, known before the file is read
    shown: str = ""  # the callee as messages name it (`Call.shown`)

    @classmethod
    def of(cls, call: Call, qualname: str, unsafe: str = "") -> Target:
        return cls(call.span.line, call.span.column, call.callee, qualname, unsafe, call.shown)

    @property
    def key(self) -> tuple[int, int, str]:
        # `open(p).read()` and `open(p)` start at the same place: the callee tells them apart.
        return (self.line, self.column, self.callee)


@dataclass(frozen=True, slots=True)
class FileFix:
    path: str
    before: bytes
    after: bytes
    fixed: int
    left: tuple[tuple[int, str], ...]  # (line, why) of targets left alone


def targets_by_file(analysis: Analysis, config: Config) -> dict[str, list[Target]]:
    """The call sites of the SC201 and SC202 findings still reported, in every language,
    each once (an SC202 call site reports one finding per blocking call it reaches)."""
    from seamcheck.gate import run_gate
    from seamcheck.gate.suppress import silences
    from seamcheck.rules.blocking.analysis import THREAD_BOUND, blocking_report
    from seamcheck.rules.blocking.tornado import fix_reason
    from seamcheck.rules.context import RuleContext

    resolution = analysis.resolution
    assert resolution is not None, "analyse() keeps the resolution"
    context = RuleContext(analysis.project, resolution, analysis.rule_graph, config)
    report = blocking_report(context)
    # What `check` reports: a call whose finding an inline comment suppresses is the user's
    # decision, and stays as written.
    reported = {
        (f.code, f.path, f.line, f.column)
        for f in run_gate(analysis).findings
        if f.code in ("SC201", "SC202")
    }
    found: dict[str, dict[tuple[int, int, str], Target]] = {}

    def is_reported(code: str, path: str, call: Call) -> bool:
        return (code, path, call.span.line, call.span.column) in reported

    def add(path: str, target: Target) -> None:
        library = report.libraries.get(path)
        if library == "django":
            # Django runs on asyncio (`asyncio.sleep` is fine), but hands sync code to a
            # thread with `sync_to_async`, which this rewrite does not write.
            if target.qualname != _SLEEP and not target.unsafe:
                target = replace(target, unsafe=_DJANGO)
        elif library:
            # `asyncio.sleep` and `asyncio.to_thread` need an asyncio loop: under trio they
            # fail, and anyio code means to run under either.
            target = replace(target, unsafe=_OTHER_LOOP.format(library))
        found.setdefault(path, {}).setdefault(target.key, target)

    for hit in report.direct:
        sink = hit.sink
        if is_reported("SC201", sink.path, sink.call):
            why = THREAD_BOUND.format(sink.kind.label) if sink.kind.thread_bound else ""
            if sink.lazy:
                # `for p in await asyncio.to_thread(root.glob, "*")` would read the folder on
                # the loop all the same, and `to_thread(list, ...)` gives what `next()` refuses.
                why = (
                    f"`{sink.call.shown}()` gives an iterator that reads as it is iterated, not "
                    "when called: hand the iteration to the thread"
                )
            if hit.entry.tornado:
                why = fix_reason(hit.entry.tornado)  # a sync def: no `await` compiles there
            add(sink.path, Target.of(sink.call, sink.qualname, why))
    # The direct calls of each first-party function, by caller. SC202 reports the first call
    # of a helper in each async function; the others make the same hand-off, and left alone
    # they would be reported by the next check, one per run of fix.
    calls_of: dict[tuple[str, str], list[Call]] = {}
    for resolved in resolution.calls:
        if resolved.kind == "function":
            where = (report.node_of(resolved.path, resolved.call), resolved.target)
            calls_of.setdefault(where, []).append(resolved.call)
    for chain in report.chains:
        path = chain.entry.node.split("::", 1)[0]
        call, helper = chain.reach.entry_call, chain.reach.hops[0].node
        if not is_reported("SC202", path, call):
            continue
        if chain.reach.entry_passed:
            # `map(helper, items)`, `sorted(xs, key=helper)`: the helper runs inside that call,
            # and `to_thread(map, ...)` would hand a lazy iterator to the thread.
            why = f"the sync helper runs inside `{call.callee}()`, not called here"
            add(path, Target.of(call, helper, why))
            continue
        run = report.run_by(chain.entry.node, call)
        if chain.entry.tornado:
            why = fix_reason(chain.entry.tornado)
        elif run:
            # `pm.hook.x()`, `self.on_change()`: every function it may run goes to the thread.
            why = next((w for h in run if (w := report.why_not_to_thread(h, call.callee))), "")
        elif helper in report.definitions:
            why = report.why_not_to_thread(helper, call.callee)
        else:
            why = f"cannot find the definition of `{call.callee}`"
        comments = analysis.suppressions.get(path, ())
        if run:  # resolved to no function: its calls are not in `calls_of`
            add(path, Target.of(call, helper, why))
            continue
        for each in calls_of.get((chain.entry.node, helper), []):
            if each is not call and silences(comments, "SC202", each.span.line):
                continue  # the user's decision, as for the reported call
            # A property read is no call to hand over: the class itself has to change.
            add(path, Target.of(each, helper, _PROPERTY_READ if each.getter else why))
    return {path: list(targets.values()) for path, targets in found.items()}


_PROPERTY_READ = (
    "a property read runs its getter in place: the class has to change (load it at start-up, "
    "or make it an async method)"
)
_DJANGO = (
    "a Django service hands sync code to a thread with asgiref's sync_to_async, which keeps "
    "Django's per-thread database connections in order: await sync_to_async(f)(...)"
)
_OTHER_LOOP = (
    "the service imports {0}: its async code may not run on asyncio (use {0}.sleep or "
    "{0}.to_thread.run_sync)"
)


def fix_source(path: str, source: bytes, targets: Sequence[Target]) -> FileFix:
    if not path.endswith(".py"):
        return _untouched(path, source, targets, "fix rewrites Python only")
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return _untouched(path, source, targets, "libcst cannot parse this file")
    except (SyntaxError, LookupError, UnicodeDecodeError):
        # libcst decodes the bytes as Python would: not UTF-8 and no coding cookie, or an
        # unknown codec. Rewriting would have to guess the encoding; the check did not need to.
        return _untouched(path, source, targets, "libcst cannot decode this file's encoding")
    if _binds_asyncio_elsewhere(module):
        return _untouched(path, source, targets, "`asyncio` names something else in this file")
    wrapper = MetadataWrapper(module)
    rewriter = _Rewriter(targets, wrapper)
    rewritten = wrapper.visit(rewriter)
    if rewriter.fixed and not _imports_asyncio(rewritten):
        rewritten = _add_import_asyncio(rewritten)
    # Only a rewritten sleep frees a name: no other file is walked again.
    unused = rewriter.unbound - _names_used(rewritten) if rewriter.unbound else set()
    if unused:
        rewritten = rewritten.visit(_ImportRemover(unused))
    # A target already known unsafe may be no call at all (a property read): its reason
    # stands; any other target not found means the file is no longer what was analysed.
    missing = [
        (t.line, t.unsafe or "the file changed since it was analysed") for t in rewriter.unseen()
    ]
    left = tuple(sorted(rewriter.left + missing))
    return FileFix(path, source, rewritten.bytes, rewriter.fixed, left)


def _untouched(path: str, source: bytes, targets: Sequence[Target], why: str) -> FileFix:
    left = sorted((t.line, why) for t in targets)
    return FileFix(path, source, source, 0, tuple(left))


def fix_project(root: Path, analysis: Analysis, config: Config) -> list[FileFix]:
    fixes: list[FileFix] = []
    for path, targets in sorted(targets_by_file(analysis, config).items()):
        source = (root / path).read_bytes()
        fixes.append(fix_source(path, source, targets))
    return fixes


def unified_diff(fixes: Iterable[FileFix]) -> str:
    chunks: list[str] = []
    for fix in fixes:
        if fix.before == fix.after:
            continue
        chunks.extend(
            difflib.unified_diff(
                fix.before.decode("utf-8", "replace").splitlines(keepends=True),
                fix.after.decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=f"a/{fix.path}",
                tofile=f"b/{fix.path}",
            )
        )
    return "".join(chunks)


# -- the rewrite ---------------------------------------------------------------------------


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider, ParentNodeProvider)

    def __init__(self, targets: Sequence[Target], wrapper: MetadataWrapper) -> None:
        super().__init__()
        self._targets = {t.key: t for t in targets}
        self._seen: set[tuple[int, int, str]] = set()
        self._positions = wrapper.resolve(PositionProvider)
        self._parents = wrapper.resolve(ParentNodeProvider)
        self._indent = wrapper.module.default_indent
        self.fixed = 0
        self.left: list[tuple[int, str]] = []
        # Names the rewritten calls no longer use, whose import may now be unused.
        self.unbound: set[str] = set()

    def unseen(self) -> list[Target]:
        return [t for key, t in sorted(self._targets.items()) if key not in self._seen]

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        start = self._positions[original].start
        key = (start.line, start.column + 1, _dotted(original.func) or "")
        target = self._targets.get(key)
        if target is None:
            return updated
        self._seen.add(key)
        why = self._unsafe(original, target)
        if why is not None:
            self.left.append((target.line, why))
            return updated
        self.fixed += 1
        if target.qualname == _SLEEP:
            replacement: cst.BaseExpression = updated.with_changes(
                func=cst.parse_expression("asyncio.sleep")
            )
            head = _head_name(updated.func)
            if head is not None:
                self.unbound.add(head)  # `time` of `time.sleep`, `nap` of `nap(2)`
        else:
            replacement = _handed_to_thread(updated, self._indent)
        if not self._binds_tighter(original):
            return cst.Await(expression=replacement)
        # `(await f(...)).json()`; a call on lines of its own goes inside the parentheses
        # one indent deeper, as black and ruff format lay it out.
        closing = _closing_indent(updated)
        if closing is None:
            return cst.Await(
                expression=replacement, lpar=[cst.LeftParen()], rpar=[cst.RightParen()]
            )
        deeper = replacement.visit(_Indented(self._indent))
        assert isinstance(deeper, cst.BaseExpression)
        return cst.Await(
            expression=deeper,
            lpar=[cst.LeftParen(whitespace_after=_own_line(closing + self._indent))],
            rpar=[cst.RightParen(whitespace_before=_own_line(closing))],
        )

    def _unsafe(self, call: cst.Call, target: Target) -> str | None:
        if target.unsafe:
            return target.unsafe
        where = self._outside_async_body(call)
        if where is not None:
            return where
        if "()" in target.callee:
            return f"the callee `{target.shown or target.callee}` makes a call of its own"
        if target.qualname == _SLEEP and (
            len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star
        ):
            return "time.sleep() without exactly one positional argument"
        return None

    def _outside_async_body(self, call: cst.Call) -> str | None:
        node: cst.CSTNode = call
        while True:
            parent = self._parents.get(node)
            if parent is None:
                return "not inside an async function"
            if isinstance(parent, _OPAQUE):
                return "inside a lambda, comprehension or class body"
            if isinstance(parent, cst.FunctionDef):
                if parent.asynchronous is None:
                    return "inside a sync function (it cannot await)"
                if node is not parent.body:
                    return "in a default value or decorator"
                return None
            node = parent

    def _binds_tighter(self, call: cst.Call) -> bool:
        """`f(x).json()` needs `(await ...).json()`: attribute, subscript and call bind tighter
        than `await`."""
        parent = self._parents.get(call)
        if isinstance(parent, (cst.Attribute, cst.Subscript)):
            return parent.value is call
        return isinstance(parent, cst.Call) and parent.func is call


def _handed_to_thread(call: cst.Call, indent: str) -> cst.Call:
    """`asyncio.to_thread(f, a, b=c)` for `f(a, b=c)`, laid out as the call was: arguments
    one per line (a trailing comma, or a line break after the first) get the handed function
    on a line of its own at their indent; arguments on one line after the `(` (black's
    "hug") get it on that line; a comment after the `(` or above the first argument stays
    where it was."""
    to_thread = cst.parse_expression("asyncio.to_thread")
    handed = cst.Arg(value=call.func)
    layout = call.whitespace_before_args
    if not call.args:
        if isinstance(layout, cst.ParenthesizedWhitespace) and (
            layout.first_line.comment or layout.empty_lines
        ):
            # `f(  # why\n)`: the comment keeps its line, the function goes on the next.
            closing = layout.last_line.value
            return cst.Call(
                func=to_thread,
                args=[handed.with_changes(whitespace_after_arg=_own_line(closing))],
                whitespace_before_args=layout.with_changes(
                    last_line=cst.SimpleWhitespace(closing + indent)
                ),
            )
        # `f(\n)` has nothing to lay out: its whitespace is the closing line's indent.
        return cst.Call(func=to_thread, args=[handed])
    after: cst.BaseParenthesizableWhitespace = cst.SimpleWhitespace(" ")
    if isinstance(layout, cst.ParenthesizedWhitespace) and _one_per_line(call.args):
        # The comments above the first argument stay above it, after the handed function.
        after = cst.ParenthesizedWhitespace(
            empty_lines=layout.empty_lines, indent=layout.indent, last_line=layout.last_line
        )
        layout = layout.with_changes(empty_lines=[])
    first = handed.with_changes(comma=cst.Comma(whitespace_after=after))
    return cst.Call(func=to_thread, args=[first, *call.args], whitespace_before_args=layout)


def _one_per_line(args: Sequence[cst.Arg]) -> bool:
    """The arguments stand one per line: a line break after the first one's comma, or a
    trailing comma, which black and ruff format keep exploded."""
    first_break = isinstance(args[0].comma, cst.Comma) and isinstance(
        args[0].comma.whitespace_after, cst.ParenthesizedWhitespace
    )
    return first_break or isinstance(args[-1].comma, cst.Comma)


def _closing_indent(call: cst.Call) -> str | None:
    """The indent of a call's `)` standing on a line of its own after its arguments, relative
    to the block's (None when the `)` follows an argument or the `(`)."""
    if not call.args:
        return None
    last = call.args[-1]
    before = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else None
    before = before or last.whitespace_after_arg
    if not isinstance(before, cst.ParenthesizedWhitespace):
        return None
    return before.last_line.value


def _own_line(indent: str) -> cst.ParenthesizedWhitespace:
    """A line break, then `indent` past the block's."""
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(indent))


class _Indented(cst.CSTTransformer):
    """An expression's continuation lines and comment lines one `indent` deeper."""

    def __init__(self, indent: str) -> None:
        super().__init__()
        self._indent = indent

    def leave_ParenthesizedWhitespace(
        self, original: cst.ParenthesizedWhitespace, updated: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        deeper = cst.SimpleWhitespace(self._indent + updated.last_line.value)
        return updated.with_changes(last_line=deeper)

    def leave_EmptyLine(self, original: cst.EmptyLine, updated: cst.EmptyLine) -> cst.EmptyLine:
        if updated.comment is None:
            return updated  # a blank line stays blank
        return updated.with_changes(
            whitespace=cst.SimpleWhitespace(self._indent + updated.whitespace.value)
        )


def _head_name(node: cst.BaseExpression) -> str | None:
    """The name an expression starts from: `time` of `time.sleep`."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


class _NameUses(cst.CSTVisitor):
    """The names a module reads, imports aside; and its strings' words, for `__all__ =
    ["nap"]` or an annotation in quotes keeps an import in use."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", node.value))


def _names_used(module: cst.Module) -> set[str]:
    uses = _NameUses()
    module.visit(uses)
    return uses.names


class _ImportRemover(cst.CSTTransformer):
    """Drops the imports of `names` (`import time` once its last `time.sleep` became
    `asyncio.sleep`), so the file stays clean under ruff's F401; an import line that binds
    other names keeps them."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self._names = names

    def leave_Import(
        self, original: cst.Import, updated: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        return _kept(updated, [a for a in updated.names if _bound_name(a) not in self._names])

    def leave_ImportFrom(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if isinstance(updated.names, cst.ImportStar) or updated.module is None:
            return updated
        if _dotted(updated.module) == "__future__":
            return updated
        return _kept(updated, [a for a in updated.names if _bound_name(a) not in self._names])


_Imported = TypeVar("_Imported", cst.Import, cst.ImportFrom)


def _kept(node: _Imported, kept: list[cst.ImportAlias]) -> _Imported | cst.RemovalSentinel:
    names = node.names
    if isinstance(names, cst.ImportStar) or len(kept) == len(names):
        return node
    if not kept:
        return cst.RemoveFromParent()
    # The last alias kept loses the comma that stood before the one removed after it.
    last = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return node.with_changes(names=[*kept[:-1], last])


def _dotted(node: cst.BaseExpression) -> str | None:
    """The callee spelt as the extractor spells it: `a.b`, `requests.Session().get`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(_joined_path(node.value))
        return None if head is None else f"{head}.{node.attr.value}"
    if isinstance(node, cst.Call):
        head = _dotted(node.func)
        return None if head is None else f"{head}()"
    return None


def _joined_path(node: cst.BaseExpression) -> cst.BaseExpression:
    """The path a join starts from, as the extractor reads `(root / name).resolve` as
    `root.resolve` (`extract.common.is_path_join`); any other node as it is."""
    while (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Divide)
        and isinstance(node.left, (cst.Name, cst.Attribute, cst.Call, cst.BinaryOperation))
    ):
        node = node.left
    return node


def _top_level_imports(module: cst.Module) -> Iterable[cst.Import | cst.ImportFrom]:
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    yield small


def _imports_asyncio(module: cst.Module) -> bool:
    return any(
        isinstance(imp, cst.Import)
        and any(a.asname is None and _alias_name(a).split(".")[0] == "asyncio" for a in imp.names)
        for imp in _top_level_imports(module)
    )


def _binds_asyncio_elsewhere(module: cst.Module) -> bool:
    """`import trio as asyncio` or `from x import asyncio`: a rewrite would call the wrong thing."""
    for imp in _top_level_imports(module):
        if isinstance(imp, cst.Import):
            for alias in imp.names:
                bound = _bound_name(alias)
                if bound == "asyncio" and _alias_name(alias) != "asyncio" and alias.asname:
                    return True
        elif not isinstance(imp.names, cst.ImportStar) and any(
            _bound_name(alias) == "asyncio" for alias in imp.names
        ):
            return True
    return False


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None:
        return cst.Module([]).code_for_node(alias.asname.name)
    return _alias_name(alias).split(".")[0]


def _alias_name(alias: cst.ImportAlias) -> str:
    return cst.Module([]).code_for_node(alias.name)


def _add_import_asyncio(module: cst.Module) -> cst.Module:
    """After the docstring and `from __future__` imports, before anything else, spaced as
    black and isort space it: the blank lines that stood before the next statement (at most
    one) now stand before the import, which joins the import block that follows; before
    other code, one blank line, two before a `def` or `class`."""
    body = list(module.body)
    index = 0
    while index < len(body) and (_is_docstring(body[index]) if index == 0 else False):
        index += 1
    while index < len(body) and _is_future_import(body[index]):
        index += 1
    added = cst.ensure_type(cst.parse_statement("import asyncio\n"), cst.SimpleStatementLine)
    later = _sorted_after(body, index)
    if later > index:
        # Among the standard library's `import x` lines, in isort's order: after `import
        # argparse`, before `import os` (and before the comments that stand above it).
        body.insert(later, added)
        return module.with_changes(body=body)
    if index < len(body):
        after = body[index]
        lines = list(after.leading_lines)
        blank = 0
        while blank < len(lines) and lines[blank].comment is None:
            blank += 1
        added = added.with_changes(leading_lines=lines[: min(blank, 1)])
        if _is_import(after) and _imports_stdlib(after):
            spacing: list[cst.EmptyLine] = []
        elif _is_import(after):
            # isort's sections: the standard library's block comes first, a blank line
            # before the third-party block.
            spacing = [cst.EmptyLine()]
        elif isinstance(after, (cst.FunctionDef, cst.ClassDef)):
            spacing = [cst.EmptyLine(), cst.EmptyLine()]
        else:
            spacing = [cst.EmptyLine()]
        body[index] = after.with_changes(leading_lines=[*spacing, *lines[blank:]])
    body.insert(index, added)
    return module.with_changes(body=body)


def _sorted_after(body: Sequence[cst.BaseStatement], start: int) -> int:
    """Where `import asyncio` goes in the import block at `start`: past the standard library's
    `import x` lines that isort sorts before it (case aside), up to a blank line."""
    index = start
    while index < len(body) and _straight_stdlib_before_asyncio(body[index]):
        index += 1
        following = body[index] if index < len(body) else None
        if isinstance(following, cst.SimpleStatementLine) and any(
            line.comment is None for line in following.leading_lines
        ):
            break  # a blank line ends the section
    return index


def _straight_stdlib_before_asyncio(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or not _imports_stdlib(statement):
        return False
    first = statement.body[0]
    if not isinstance(first, cst.Import):
        return False  # isort puts `import x` lines before `from x import y` lines
    name = _dotted(first.names[0].name) or ""
    return name.lower() < "asyncio"


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _imports_stdlib(statement: cst.BaseStatement) -> bool:
    """The import line names a standard-library module first (`import os`, `from json
    import x`); a relative import or a third-party one starts a later isort section."""
    first = cst.ensure_type(statement, cst.SimpleStatementLine).body[0]
    if isinstance(first, cst.Import):
        name = _dotted(first.names[0].name)
    elif isinstance(first, cst.ImportFrom) and not first.relative and first.module is not None:
        name = _dotted(first.module)
    else:
        return False
    return name is not None and name.partition(".")[0] in sys.stdlib_module_names


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_future_import(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.ImportFrom)
        and statement.body[0].module is not None
        and cst.Module([]).code_for_node(statement.body[0].module) == "__future__"
    )
