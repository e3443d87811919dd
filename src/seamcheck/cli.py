"""Command line: thin click commands over the pipeline. Heavy modules load inside commands so
`--version` and `--help` stay instant."""

from __future__ import annotations

import contextlib
import os
import shlex
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from seamcheck import __version__, unchanged
from seamcheck.console import EXIT_ERROR, EXIT_FINDINGS
from seamcheck.findings import SEVERITIES
from seamcheck.wording import plural

if TYPE_CHECKING:
    from seamcheck.analysis import Analysis, RunOptions
    from seamcheck.config import Config
    from seamcheck.gate import Baseline
    from seamcheck.gate.changes import ChangeSet
    from seamcheck.translation import Translation

F = TypeVar("F", bound=Callable[..., Any])


class UsageProblem(click.ClickException):
    """An error the user can fix; printed as one line, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"seamcheck: error: {self.format_message()}", err=True)


def _path_argument(function: F) -> F:
    return click.argument(
        "path", default=".", type=click.Path(path_type=Path), callback=_existing_folder
    )(function)


def _existing_folder(context: click.Context, parameter: click.Parameter, path: Path) -> Path:
    """One line and exit 2, as `check` words it, not click's three-line usage error."""
    if not path.exists():
        raise UsageProblem(f"path does not exist: {path}")
    if not path.is_dir():
        raise UsageProblem(f"not a directory (give the repository root): {path}")
    return path


def _config_option(function: F) -> F:
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: seamcheck.toml, else [tool.seamcheck] in pyproject.toml).",
    )(function)


def _output_option(function: F) -> F:
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
    )(function)


def _codes(value: str | None, option: str) -> tuple[str, ...] | None:
    """`--select SC1,SC201` as a tuple of code prefixes, checked like the config's lists."""
    from seamcheck.config import ConfigError, check_code_list

    if value is None:
        return None
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    try:
        check_code_list(codes, "command line", option)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    return tuple(codes)


def _joined(values: tuple[str, ...]) -> str | None:
    """A repeated `--select`/`--ignore` as one list: `--ignore SC107 --ignore SC201` ignores
    both (the last one alone would switch rules back on, or off, behind the user's back)."""
    return ",".join(values) if values else None


def _run_options(function: F) -> F:
    """--cache-dir, --no-cache and --jobs: how to run, never what is found. They land in the
    click context (not in each command's signature) and `_analyse` reads them from there."""

    def keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        ctx.meta[f"seamcheck.{param.name}"] = value
        return value

    options = (
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="SEAMCHECK_CACHE_DIR",
            callback=keep,
            expose_value=False,
            help="Cache folder (default: .seamcheck_cache at the repository root).",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            callback=keep,
            expose_value=False,
            help="Neither read nor write the cache.",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=0),
            default=0,
            callback=keep,
            expose_value=False,
            help="Processes parsing files (default 0: one per CPU).",
        ),
    )
    for option in options:
        function = option(function)
    return function


def _options_of(root: Path) -> RunOptions:
    from seamcheck.analysis import RunOptions
    from seamcheck.cachefolder import CACHE_DIR_NAME

    meta = click.get_current_context().meta
    chosen: Path | None = meta.get("seamcheck.cache_dir")
    cache_dir: Path | None = chosen or root / CACHE_DIR_NAME
    if meta.get("seamcheck.no_cache"):
        cache_dir = None
    elif chosen is None and (root / CACHE_DIR_NAME).is_symlink():
        # The repository's own .seamcheck_cache may have been committed, pointing anywhere:
        # seamcheck would write there and prune what it found. A cache the user puts
        # elsewhere is named with --cache-dir or SEAMCHECK_CACHE_DIR.
        click.echo(
            f"seamcheck: warning: cache disabled: {CACHE_DIR_NAME} is a symlink; "
            "use --cache-dir or SEAMCHECK_CACHE_DIR to put the cache elsewhere",
            err=True,
        )
        cache_dir = None
    return RunOptions(cache_dir=cache_dir, jobs=meta.get("seamcheck.jobs") or 0)


def _repository(path: Path, config_file: Path | None, formats: Sequence[str] = ()) -> Path:
    """The root to analyse for PATH: PATH itself, or the folder above it, within its git work
    tree, that configures seamcheck (`rootsearch.py`; not with --config, which says what
    applies). Said on stderr, once per command, so output paths relative to it make sense;
    `formats`, those `check` writes, say which paths are (`_paths_start`)."""
    meta = click.get_current_context().meta
    if "seamcheck.root" not in meta:
        from seamcheck.rootsearch import configured_root, misspelt_config

        found = configured_root(path) if config_file is None else None
        root = path.resolve()
        if found is not None:
            root, marker = found
            shown = os.path.relpath(root)
            # A misspelt table stops the search as a configuration would (the run is then
            # refused), but configures nothing.
            why = (
                f"its {marker} misspells [tool.seamcheck]"
                if misspelt_config(root, "pyproject.toml") is not None
                else f"configured by its {marker}"
            )
            click.echo(
                f"seamcheck: analysing the repository at {shown} ({why}); "
                + _paths_start(root, formats),
                err=True,
            )
        meta["seamcheck.root"] = root
    root_found: Path = meta["seamcheck.root"]
    return root_found


def _paths_start(root: Path, formats: Sequence[str]) -> str:
    """Where the paths of `formats` start: at the root found, except those of the CI formats
    (`output.CHECKOUT_FORMATS`), which start at the top of its git checkout when the root is
    a folder of it: said so, a `platform/` starting every SARIF path is no surprise, nor the
    text report's paths without it."""
    if not formats:
        return "paths are relative to it"
    from seamcheck.output import CHECKOUT_FORMATS, FORMATS

    checkout = [fmt for fmt in FORMATS if fmt in CHECKOUT_FORMATS and fmt in formats]
    prefix = _checkout_prefix(root) if checkout else ""
    if not prefix:
        return "paths are relative to it"
    top = root
    for _ in prefix.rstrip("/").split("/"):
        top = top.parent
    names = checkout[-1] if len(checkout) == 1 else f"{', '.join(checkout[:-1])} and {checkout[-1]}"
    top_shown = os.path.relpath(top)
    if any(fmt not in CHECKOUT_FORMATS for fmt in formats):
        return (
            f"paths are relative to it ({names} paths to the top of its git checkout, {top_shown})"
        )
    return f"{names} paths are relative to the top of its git checkout, {top_shown}"


def _checkout_prefix(root: Path) -> str:
    """`rootsearch.checkout_prefix(root)`, looked up once per command: the note on where
    paths start and the reports both need it."""
    meta = click.get_current_context().meta
    if "seamcheck.checkout_prefix" not in meta:
        from seamcheck.rootsearch import checkout_prefix

        meta["seamcheck.checkout_prefix"] = checkout_prefix(root)
    prefix: str = meta["seamcheck.checkout_prefix"]
    return prefix


def _folder_in(root: Path, path: Path) -> str:
    """PATH relative to the root analysed (POSIX), or "" when PATH is that root."""
    relative = path.resolve().relative_to(root).as_posix()
    return "" if relative == "." else relative


def _load(
    path: Path, config_file: Path | None, select: str | None = None, ignore: str | None = None
) -> tuple[Path, Config]:
    import dataclasses

    from seamcheck.config import ConfigError, load_config

    root = _repository(path, config_file)
    if config_file is not None and not config_file.exists():
        raise UsageProblem(f"config file not found: {config_file}")
    try:
        config = load_config(root, config_file)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    selected, ignored = _codes(select, "--select"), _codes(ignore, "--ignore")
    if selected is not None:
        config = dataclasses.replace(config, select=selected)
    if ignored is not None:
        config = dataclasses.replace(config, ignore=(*config.ignore, *ignored))
    return root, config


def _analyse(
    path: Path, config_file: Path | None, select: str | None = None, ignore: str | None = None
) -> Analysis:
    from seamcheck.analysis import WorkerDied, analyse
    from seamcheck.config import ConfigError

    root, config = _load(path, config_file, select, ignore)
    options = click.get_current_context().meta["seamcheck.options"] = _options_of(root)
    _LAST_RUN.clear()  # let the run before go before this one builds its own
    try:
        analysis = analyse(root, config, options)
    except (ConfigError, WorkerDied) as exc:
        raise UsageProblem(str(exc)) from None
    _note_inputs(analysis)
    if not analysis.project.files:
        _note_nothing_analysed(analysis)
    if config_file is None and config.file is None:
        _note_configured_below(root, analysis.project.other_files)
    _LAST_RUN[:] = [analysis]
    return analysis


# The last analysis, kept alive. The console's process ends with `os._exit`, freeing nothing
# (`console.py`), but a command's records were freed before that, one by one, as it returned
# or its `sys.exit` unwound: 0.008 s of a 0.64 s cold run of eslint's lib/. Only the last is
# kept, so a program running commands in-process frees each run as the next starts: two
# runs' records never peak together.
_LAST_RUN: list[Analysis] = []


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        # Reporters add ANSI codes only when colour was chosen; click must not strip them.
        click.echo(text, nl=False, color=True)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageProblem(f"cannot write {output}: {exc.strerror or exc}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seamcheck")
def cli() -> None:
    """Architecture-fitness linter for polyglot Python + Node.js repositories."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_config_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:FILE]",
    help="text (default), json, sarif, github, gitlab or markdown; repeatable. "
    "FORMAT:FILE writes that format to FILE.",
)
@_output_option
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings not in this baseline file (see `seamcheck baseline`).",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Report only findings touching files changed since the merge base with REF.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="Exit 1 when a reported finding has this severity or a worse one.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported.")
@click.option(
    "--select",
    metavar="CODES",
    multiple=True,
    help="Only these rules (codes or prefixes: SC1,SC201); repeatable.",
)
@click.option(
    "--ignore",
    metavar="CODES",
    multiple=True,
    help="Skip these rules too (codes or prefixes); repeatable.",
)
@_run_options
def check(
    paths: tuple[Path, ...],
    config_file: Path | None,
    formats: tuple[str, ...],
    output: Path | None,
    color: str,
    baseline_file: Path | None,
    changed_since: str | None,
    fail_on: str,
    exit_zero: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Check a repository against its policies.

    PATHS is the repository root (default: the current directory), optionally followed by
    files: with files, only findings touching them are reported (what pre-commit passes).
    A folder inside a repository whose seamcheck.toml is further up (within the git work
    tree) stands for that repository: it is analysed whole, and only findings touching the
    folder are reported.
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error.
    """
    from seamcheck.gate import gating_findings, run_gate
    from seamcheck.output import CHECKOUT_FORMATS, render, under
    from seamcheck.rules import all_rules

    given, files = _split_paths(paths)
    targets = _targets(formats, output)
    if all(dest is not None and fmt != "text" for fmt, dest in targets):
        targets.append(("text", None))  # files get the reports; the terminal the summary
    root = _repository(given, config_file, [fmt for fmt, _ in targets])
    folder = _folder_in(root, given)
    changes = _changes(root, files, changed_since, folder, root_named=len(files) < len(paths))
    if changes is None and folder:
        from seamcheck.gate.changes import folder_scope

        changes = folder_scope(folder)
    baseline = _baseline(baseline_file, root)
    analysis = _analyse(given, config_file, _joined(select), _joined(ignore))
    report = run_gate(analysis, baseline=baseline, changes=changes)
    rules = all_rules()
    checkout = any(fmt in CHECKOUT_FORMATS for fmt, _ in targets)
    prefix = _checkout_prefix(root) if checkout else ""
    project = analysis.project
    # What a message may cite (`output.Citations`): the files the walk listed, and the
    # folders below the root's own (SC101 names where a sys.path entry lands); a folder at
    # the top is named like a word (`(python)`), so it is not taken for one.
    cited = (
        {
            *(f.path for f in project.files),
            *project.other_files,
            *project.config_files,
            *(folder for folder in project.folders if "/" in folder),
        }
        if prefix
        else set()
    )
    for fmt, dest in targets:
        use_color = dest is None and fmt == "text" and _want_color(color)
        shown = under(report, prefix, cited, folder) if fmt in CHECKOUT_FORMATS else report
        _emit(render(fmt, shown, rules, color=use_color), dest)
    if unchanged.recording() and changed_since is None and all(d is None for _, d in targets):
        named = [*files, *filter(None, (config_file, baseline_file))]
        _offer_recording(analysis, given, named, checkout=checkout)
    if not exit_zero and gating_findings(report, fail_on):
        sys.exit(EXIT_FINDINGS)


def _offer_recording(
    analysis: Analysis, given: Path, named: list[Path], *, checkout: bool = False
) -> None:
    """Let this run be replayed while nothing it read changes (`unchanged.py`): what the
    analysis read, what the root search looked at, and the files named on the command line
    (files to report on, --config, --baseline), which must stay there; for a format whose
    paths start at the checkout's top (`checkout`), what placed the root in it. Not when it drew
    progress (the replay would draw it again) or its cache stopped working (the warning
    would be replayed, not the problem)."""
    from seamcheck.carry import involvement
    from seamcheck.inputs import facts_key, identity_paths, text_is_read, watched_paths
    from seamcheck.repofiles import READ, how_seen
    from seamcheck.rootsearch import checkout_looked_at, looked_at

    options: RunOptions = click.get_current_context().meta["seamcheck.options"]
    if options.cache_dir is None or not analysis.settled:
        return
    needed = [os.path.abspath(p) for p in (given, *named)]
    config = analysis.config
    identity = identity_paths()  # walked once for both: a walk takes 0.001 s
    watched = [
        *watched_paths(analysis.project, config, analysis.outside, identity),
        *looked_at(given),
        *(checkout_looked_at(analysis.project.root) if checkout else ()),
        *((p, unchanged.STAT) for p in needed),
    ]
    read = [
        os.path.join(analysis.project.root, path)
        for path, seen in analysis.outside.items()
        if how_seen(seen) == READ
    ]
    project = analysis.project
    # Edits of these are checked by their facts before the CLI starts (`recheck.py`); a
    # source whose text a later stage reads is not: its findings depend on more. Nor is
    # seamcheck's own code when it lies in the tree (a development checkout checking itself):
    # an edit of it changes what the run does, whatever its facts.
    code = set(identity[0])
    sources = {
        file.path: (file.language, digests[0], facts_key(digests[1], file.path, file.language))
        for file in project.files
        if (digests := analysis.source_facts.get(file.path))
        and not text_is_read(file.path)
        and os.path.join(project.root, file.path) not in code
    }
    unchanged.offer(
        str(options.cache_dir),
        watched,
        [*needed, *config.extended_files, *read],
        str(project.root),
        sources,
        config.max_file_size,
        # The gate reports a suppression comment that silences nothing at its line (SC002),
        # and a report may leave that finding out but not what its line changes (markdown's
        # table keeps rows up to a total length): a file with such comments counts as one a
        # finding is about.
        involvement(analysis.findings, analysis.suppressions),
    )


# Skips worth a word: the user may expect these files to be analysed. Files no service owns and
# generated or minified bundles are skipped by design and stay quiet.
_NOTED_SKIPS = ("larger than", "binary", "unreadable")
_MAX_NOTES = 10  # of each kind: a tree of broken test fixtures must not flood stderr


def _note_inputs(analysis: Analysis) -> None:
    """On stderr, so stdout stays the output whatever the format: one line per manifest or
    compose file that could not be read (the services and seams it declares are missing
    from the analysis), and per source skipped for its content (size, binary, unreadable)."""
    project = analysis.project
    _note_some(project.notes, lambda more: f"ignored {plural(more, 'more file')}")
    _note_some(
        [
            f"skipped {s.path}: {s.reason}"
            for s in project.skipped
            if s.reason.startswith(_NOTED_SKIPS)
        ],
        lambda more: f"skipped {more} more",
    )


_MAX_SKIPPED_SHOWN = 5


def _note_nothing_analysed(analysis: Analysis) -> None:
    """Where nothing was found to analyse and folders skipped by default hold sources, a
    line naming them and the configuration that has one checked: a package as npm or PyPI
    ships it keeps its code in `dist/`, and "0 files" alone reads as an empty tree."""
    from seamcheck.project import sources_skipped_by_default

    project = analysis.project
    found, all_counted = sources_skipped_by_default(project.root, project.unlisted)
    if not found:
        return
    # A walk cut short leaves the last folder's count a lower bound, and folders after it
    # unseen: said so rather than given as the number a folder holds.
    shown = [
        (folder, count if all_counted or i < len(found) - 1 else f"at least {count}")
        for i, (folder, count) in enumerate(found)
    ]
    first, first_count = shown[0]
    noun = "source file" if first_count == 1 else "source files"
    counts = [f"{first} holds {first_count} {noun}"]
    counts += [f"{folder} {count}" for folder, count in shown[1:_MAX_SKIPPED_SHOWN]]
    more = len(found) - len(counts)
    most = max(found, key=lambda item: item[1])[0]
    click.echo(
        "seamcheck: note: no source file to analyse outside the folders skipped by default "
        f"(build output, vendored and generated code): {', '.join(counts)}"
        + (f" and {more} more" if more else "")
        + f'; `exclude = ["!{most}/"]` in seamcheck.toml (or [tool.seamcheck]) has it checked',
        err=True,
    )


_MAX_CONFIGURED_SHOWN = 5


def _note_configured_below(root: Path, files: Sequence[str]) -> None:
    """Where the defaults apply (no configuration at the root, none given) and folders below
    the root configure seamcheck, a line on stderr naming them and the command that applies
    one: `seamcheck check` at the top of a checkout whose seamcheck.toml is in `platform/`
    checks it against the default pack, its contracts unread, and nothing else says so.

    Only said: analysing the folder below instead would leave out what the user pointed at
    (a tool beside `platform/`, fixture trees each configured on their own) and move every
    path of the report, and refusing would fail a check that is what was asked."""
    from seamcheck.rootsearch import configured_below, misspelt_config

    below: list[tuple[str, str]] = []
    misspelt: list[str] = []  # the errors `check` of each such folder stops with
    for folder, marker in configured_below(root, files):
        shown = os.path.relpath(root / folder)
        # A misspelt table configures nothing, and `check` of its folder stops with that
        # error: the error is what to say of it, not the command.
        error = misspelt_config(root / folder, os.path.relpath(root / folder / "pyproject.toml"))
        if error is None:
            below.append((shown, marker))
        else:
            misspelt.append(error)
    if not below and not misspelt:
        return
    command = click.get_current_context().info_name or "check"
    said: list[str] = []
    if len(below) == 1:
        shown, marker = below[0]
        said.append(
            f"{shown} is configured by its {marker}: run `seamcheck {command} "
            f"{shlex.quote(shown)}` to apply it"
        )
    elif below:
        listed = [f"{shown} ({marker})" for shown, marker in below[:_MAX_CONFIGURED_SHOWN]]
        more = len(below) - len(listed)
        said.append(
            f"folders below it are configured: {', '.join(listed)}"
            + (f" and {more} more" if more else "")
            + f"; run `seamcheck {command} FOLDER` to apply one's"
        )
    said.extend(misspelt[:_MAX_CONFIGURED_SHOWN])
    if len(misspelt) > _MAX_CONFIGURED_SHOWN:
        said.append(f"and {len(misspelt) - _MAX_CONFIGURED_SHOWN} more misspelt tables")
    click.echo(
        f"seamcheck: note: nothing configures seamcheck at {os.path.relpath(root)}, so the "
        f"defaults apply; {'; '.join(said)}",
        err=True,
    )


def _note_some(notes: Sequence[str], rest: Callable[[int], str]) -> None:
    """The first `_MAX_NOTES` notes, then one line (`rest`) for how many more there are."""
    for note in notes[:_MAX_NOTES]:
        click.echo(f"seamcheck: note: {note}", err=True)
    if len(notes) > _MAX_NOTES:
        click.echo(f"seamcheck: note: {rest(len(notes) - _MAX_NOTES)}", err=True)


def _split_paths(paths: tuple[Path, ...]) -> tuple[Path, list[Path]]:
    """(root, files): at most one directory (the root), any number of files."""
    directories = [p for p in paths if p.is_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageProblem(f"path does not exist: {missing[0]}")
    if len(directories) > 1:
        listed = ", ".join(str(d) for d in directories)
        raise UsageProblem(f"give at most one directory (the repository root), got {listed}")
    files = [p for p in paths if not p.is_dir()]
    return (directories[0] if directories else Path(".")), files


def _targets(formats: tuple[str, ...], output: Path | None) -> list[tuple[str, Path | None]]:
    """(format, file or None for stdout) for each --format; --output serves a bare one."""
    from seamcheck.output import FORMATS

    targets: list[tuple[str, Path | None]] = []
    given = [f"--format {spec}" for spec in formats or ("text",)]  # for messages
    for spec in formats or ("text",):
        fmt, _, file = spec.partition(":")
        if fmt not in FORMATS:
            choices = ", ".join(FORMATS)
            raise UsageProblem(f"unknown format '{fmt}' (choose from {choices})")
        targets.append((fmt, Path(file) if file and file != "-" else None))
    bare = [i for i, (_, dest) in enumerate(targets) if dest is None]
    if output is not None:
        if len(bare) != 1:
            raise UsageProblem("--output needs exactly one --format without a :FILE")
        targets[bare[0]] = (targets[bare[0]][0], output)
        given[bare[0]] = f"--output {output}"
    elif len(bare) > 1:
        raise UsageProblem("only one format can go to standard output; give the others :FILE")
    # Checked before anything is analysed: the second report would overwrite the first.
    written_by: dict[object, str] = {}
    for (_, dest), option in zip(targets, given, strict=True):
        if dest is not None:
            identity = _file_identity(dest)
            if identity in written_by:
                raise UsageProblem(
                    f"{written_by[identity]} and {option} write the same file; "
                    "give each format its own file"
                )
            written_by[identity] = option
    return targets


def _file_identity(path: Path) -> object:
    """Equal for two paths that name one file: the file itself when it exists (so a hard
    link or another spelling on a case-insensitive disk counts), else the absolute path with
    symlinks resolved. A device or a pipe equals nothing: writing two reports to /dev/null
    loses nothing."""
    with contextlib.suppress(OSError, ValueError):
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            return object()
        return (info.st_dev, info.st_ino)
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop (Python < 3.13)
        return Path(os.path.abspath(path))


def _want_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _changes(
    root: Path,
    files: list[Path],
    changed_since: str | None,
    folder: str = "",
    root_named: bool = False,
) -> ChangeSet | None:
    from seamcheck.gate.changes import ChangesError, given_files
    from seamcheck.gate.changes import changed_since as git_changes

    if changed_since is not None and not changed_since.strip():
        # An empty REF is what an unset CI variable gives (`--changed-since "$BASE"`): taken
        # as no option, the whole tree would be gated instead of the change.
        raise UsageProblem(
            f"--changed-since: expected a git ref such as 'main', got {changed_since!r}"
        )
    if files and changed_since:
        raise UsageProblem("give either files or --changed-since, not both")
    try:
        # Run in a folder of the repository: its changed or given files, as folder mode
        # reports only the findings touching it.
        if changed_since:
            return git_changes(root, changed_since, folder)
        return given_files(root, files, root_named, folder) if files else None
    except ChangesError as exc:
        raise UsageProblem(str(exc)) from None


def _baseline(file: Path | None, root: Path) -> Baseline | None:
    from seamcheck.gate import Baseline
    from seamcheck.gate.baseline import BaselineError, load

    if file is None:
        return None
    at_root = root / file
    if not file.is_absolute() and not file.exists() and at_root.is_file():
        # Run in a folder of the repository, `seamcheck baseline` wrote the file at its root,
        # while FILE is read from the current folder, as every file argument is.
        raise UsageProblem(
            f"baseline file not found: {file} (relative to the current folder; the "
            f"repository's is --baseline {os.path.relpath(at_root)})"
        )
    try:
        return Baseline(str(file), load(file))
    except BaselineError as exc:
        raise UsageProblem(str(exc)) from None


@cli.command()
@_path_argument
@_config_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Baseline file (default: PATH/.seamcheck-baseline.json).",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Only drop entries fixed since (the ratchet); never add new findings.",
)
@_run_options
def baseline(path: Path, config_file: Path | None, output: Path | None, prune: bool) -> None:
    """Record today's findings in a baseline, so `check --baseline` reports only new ones."""
    from seamcheck.gate import run_gate
    from seamcheck.gate.baseline import BASELINE_FILE, BaselineError, entries_for, load
    from seamcheck.gate.baseline import prune as prune_entries
    from seamcheck.gate.baseline import render as render_baseline

    file = output if output is not None else _repository(path, config_file) / BASELINE_FILE
    try:
        previous = load(file) if prune else ()
    except BaselineError as exc:
        raise UsageProblem(str(exc)) from None
    findings = run_gate(_analyse(path, config_file)).findings
    entries = prune_entries(previous, findings) if prune else entries_for(findings)
    _emit(render_baseline(entries), file)
    if prune:
        total = sum(e.count for e in entries)
        dropped = sum(e.count for e in previous) - total
        # Entries, as `check --baseline` counts stale ones: a finding reaching several
        # blocking calls has one for each, and a partial fix drops some of them.
        dropped_entries = "stale entry" if dropped == 1 else "stale entries"
        left = f"{total} remains" if total == 1 else f"{total} remain"
        click.echo(f"Pruned {dropped} {dropped_entries} from {file}; {left}.")
    else:
        # Findings, not entries: a finding with aliases has an entry for each.
        click.echo(f"Wrote {plural(len(findings), 'finding')} to {file}.")


@cli.command()
@_path_argument
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_run_options
def services(path: Path, config_file: Path | None, fmt: str) -> None:
    """List the services found in PATH with language, root, files, tags and libraries."""
    from seamcheck.output.services import render_json, render_text

    analysis = _analyse(path, config_file)
    click.echo(render_json(analysis) if fmt == "json" else render_text(analysis), nl=False)


@cli.command()
@_path_argument
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "dot"]), default="json", show_default=True
)
@_output_option
@_run_options
def graph(path: Path, config_file: Path | None, fmt: str, output: Path | None) -> None:
    """Write the graph of PATH: networkx node-link JSON, or Graphviz DOT."""
    from seamcheck.output.graph import render_dot, render_json

    analysis = _analyse(path, config_file)
    render = render_dot if fmt == "dot" else render_json
    _emit(render(analysis.graph), output)


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_command(fmt: str) -> None:
    """List every rule: code, name, default severity and summary."""
    import json

    from seamcheck.rules import all_rules

    rules = all_rules()
    if fmt == "json":
        rows = [
            {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary}
            for r in rules
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of one rule, by code or name: `seamcheck explain SC104` or
    `seamcheck explain broken-seam`."""
    from seamcheck.ruledocs import render_page
    from seamcheck.rules import all_rules, rule_named

    rule = rule_named(code)
    if rule is None:
        # A prefix or a word of a name (`SC2`, `blocking`, `cycle`) names the rules a user
        # meant: say them with their names, not every code.
        wanted = code.strip().lower()
        near = [
            f"{r.code} ({r.name})"
            for r in all_rules()
            if wanted and (r.code.lower().startswith(wanted) or wanted in r.name)
        ]
        if near:
            raise UsageProblem(f"no rule {code!r}; did you mean {', '.join(near)}?")
        known = ", ".join(r.code for r in all_rules())
        raise UsageProblem(f"no rule {code!r}; rules: {known} (`seamcheck rules` names them)")
    click.echo(render_page(rule), nl=False)


@cli.command()
@_path_argument
@click.option("--force", is_flag=True, help="Overwrite an existing configuration.")
@click.option(
    "--from-importlinter",
    "importlinter",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[FILE]",
    help="Translate import-linter's contracts into the starter: from FILE (.importlinter, "
    "setup.cfg or pyproject.toml), or without FILE from the one import-linter reads in PATH.",
)
@click.option(
    "--from-tach",
    "tach",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[FILE]",
    help="Translate tach's module boundaries into the starter: from FILE, or without FILE "
    "from PATH's tach.toml.",
)
def init(path: Path, force: bool, importlinter: str | None, tach: str | None) -> None:
    """Write a starter seamcheck.toml for PATH from the services found there."""
    from seamcheck.atomic import write_text_atomically
    from seamcheck.config import Config, ConfigError
    from seamcheck.project import discover
    from seamcheck.rootsearch import configured_root, existing_config, misspelt_config
    from seamcheck.starter import render_starter

    if importlinter is not None and tach is not None:
        raise UsageProblem("use one of --from-importlinter and --from-tach")
    root = path.resolve()
    found = existing_config(root)
    if found is not None and not force:
        raise UsageProblem(f"{found} already configures seamcheck; use --force to overwrite")
    # A misspelt `[tool.seamchek]` configures nothing: said as `check` says it. Here, a
    # seamcheck.toml written beside it would be read instead, the table dropped unsaid.
    misspelt = misspelt_config(root, os.path.relpath(root / "pyproject.toml"))
    if misspelt is not None:
        raise UsageProblem(misspelt)
    above = configured_root(root)
    misspelt = (
        misspelt_config(above[0], os.path.relpath(above[0] / "pyproject.toml"))
        if above is not None and not force
        else None
    )
    if misspelt is not None:
        raise UsageProblem(misspelt)
    if above is not None and not force:
        # A configuration here would split this folder off as a repository of its own.
        raise UsageProblem(
            f"{os.path.relpath(above[0])} already configures seamcheck ({above[1]}) for "
            "this folder; run init there, or use --force to configure this folder on its own"
        )
    translated = _translated_contracts(root, importlinter, tach)
    try:
        project = discover(root, Config())
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    contracts = top = ""
    if translated is not None:
        from seamcheck.translation import render_contracts, render_exclude

        contracts, top = render_contracts(translated), render_exclude(translated)
    target = root / "seamcheck.toml"
    try:
        write_text_atomically(target, render_starter(project, contracts, top))
    except OSError as exc:
        raise UsageProblem(f"cannot write {target}: {exc.strerror or exc}") from None
    what = plural(len(project.services), "service")
    if translated is not None:
        for note in translated.notes:
            click.echo(f"{translated.source}: {note}", err=True)
        what += f", {plural(len(translated.contracts), 'contract')} from {translated.source}"
    click.echo(f"wrote {target} ({what}); review it, then run `seamcheck check`")
    if found is not None and found != "seamcheck.toml":
        # --force "overwrote" a [tool.seamcheck] table it left in place: it is simply no
        # longer read, which nothing else would tell.
        click.echo(
            f"seamcheck: note: {found} is no longer read (seamcheck.toml comes first); "
            "move what you keep from it into seamcheck.toml and delete it",
            err=True,
        )


def _translated_contracts(
    root: Path, importlinter: str | None, tach: str | None
) -> Translation | None:
    """The other tool's contracts asked for, from the file given or the one it reads."""
    if importlinter is not None:
        from seamcheck import importlinter as reader

        return _read_translation(
            root, importlinter, "import-linter", reader.SEARCH_ORDER, reader.find_config,
            reader.read_importlinter, reader.ImportLinterConfigError,
        )  # fmt: skip
    if tach is not None:
        from seamcheck import tach as tach_reader

        return _read_translation(
            root, tach, "tach", (tach_reader.CONFIG_FILE,), tach_reader.find_config,
            tach_reader.read_tach, tach_reader.TachConfigError,
        )  # fmt: skip
    return None


def _read_translation(
    root: Path,
    given: str,
    tool: str,
    looked_for: tuple[str, ...],
    find_config: Callable[[Path], Path | None],
    read: Callable[[Path, str], Translation],
    error: type[ValueError],
) -> Translation:
    where = Path(given).resolve() if given else root
    try:
        found = find_config(where) if where.is_dir() else where if where.is_file() else None
        if found is None:
            raise UsageProblem(
                f"no {tool} configuration in {given or os.path.relpath(root)} "
                f"(looked for {', '.join(looked_for)})"
                if not given or where.is_dir()
                else f"no such file: {given}"
            )
        shown = found.relative_to(root) if found.is_relative_to(root) else found
        return read(found, str(shown))
    except error as exc:
        raise UsageProblem(str(exc)) from None


@cli.command()
@_path_argument
@_config_option
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@_run_options
def fix(path: Path, config_file: Path | None, show_diff: bool) -> None:
    """Rewrite blocking calls on Python async paths where it is mechanically safe:
    `time.sleep(x)` -> `await asyncio.sleep(x)`, `f(a)` -> `await asyncio.to_thread(f, a)`
    for a blocking call (SC201) or a sync helper that reaches one (SC202)."""
    from seamcheck.atomic import write_bytes_atomically
    from seamcheck.fix import fix_project, unified_diff
    from seamcheck.gate.changes import folder_scope

    analysis = _analyse(path, config_file)
    root, config = _load(path, config_file)
    # Pointed at a folder inside the repository: the files under it are the ones to rewrite.
    folder = _folder_in(root, path)
    scope = folder_scope(folder) if folder else None
    fixes = [f for f in fix_project(root, analysis, config) if scope is None or scope.holds(f.path)]
    if show_diff:
        click.echo(unified_diff(fixes), nl=False)
    else:
        for file_fix in fixes:
            if file_fix.after != file_fix.before:
                try:
                    write_bytes_atomically(root / file_fix.path, file_fix.after)
                except OSError as exc:
                    raise UsageProblem(
                        f"cannot write {file_fix.path}: {exc.strerror or exc}"
                    ) from None
    for file_fix in fixes:
        for line, why in file_fix.left:
            click.echo(f"{file_fix.path}:{line}: left alone: {why}", err=True)
    fixed = sum(f.fixed for f in fixes)
    files = sum(1 for f in fixes if f.fixed)
    verb = "would rewrite" if show_diff else "rewrote"
    click.echo(
        f"{verb} {plural(fixed, 'blocking call')} in {plural(files, 'file')}.", err=show_diff
    )


@cli.command()
@_path_argument
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_output_option
@_run_options
def seams(path: Path, config_file: Path | None, fmt: str, output: Path | None) -> None:
    """List the seams of PATH: each client call -> METHOD path -> service and route, then the
    broken and unresolved calls with why."""
    from seamcheck.output.seams import render_json, render_text

    analysis = _analyse(path, config_file)
    assert analysis.seams is not None
    render = render_json if fmt == "json" else render_text
    _emit(render(analysis.seams), output)


@cli.command("report")
@_path_argument
@_config_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the report into (created if missing; nothing is written elsewhere).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMATS",
    help="html, markdown (md), dot, json; repeatable or comma-separated (default: all).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open index.html in a browser.")
@_run_options
def report_command(
    path: Path, config_file: Path | None, out: Path, formats: tuple[str, ...], open_browser: bool
) -> None:
    """Write the architect's report of PATH into --out: index.html (self-contained, offline),
    report.md (Markdown with a Mermaid diagram), services.dot and report.json."""
    from seamcheck.gate import run_gate
    from seamcheck.report import parse_formats, write_report
    from seamcheck.report.model import build_model

    try:
        chosen = parse_formats(formats)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    if out.exists() and not out.is_dir():
        raise UsageProblem(f"--out {out} exists and is not a folder")
    if open_browser and "html" not in chosen:
        raise UsageProblem("--open needs the html format")
    _, config = _load(path, config_file)
    analysis = _analyse(path, config_file)
    model = build_model(analysis, run_gate(analysis), config)
    try:
        written = write_report(model, out, chosen)
    except OSError as exc:
        raise UsageProblem(f"cannot write the report into {out}: {exc.strerror or exc}") from None
    head = model.headline
    failing = sum(1 for v in model.scorecard if v.status in ("fail", "warn"))
    click.echo(
        # Broken calls land on no route: they are not among the linked seams.
        f"{plural(head.services, 'service')}, {plural(head.seams, 'seam')} linked, "
        f"{head.broken} broken, {plural(sum(head.findings.values()), 'finding')}; "
        f"{failing} of {len(model.scorecard)} policies not met."
    )
    for file in written:
        click.echo(f"wrote {file} ({file.stat().st_size:,} bytes)")
    if open_browser:
        _open_in_browser(next(f for f in written if f.suffix == ".html"))


def _open_in_browser(page: Path) -> None:
    import webbrowser

    if not webbrowser.open(page.resolve().as_uri()):
        click.echo(f"no browser found; open {page} yourself", err=True)


# click >= 8.2 raises this for a group run with no command (8.1 printed the help itself).
_HELP_ASKED: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _usage_line(error: click.UsageError) -> str:
    """Click's own usage errors (a misspelt option or command, a value not among the choices,
    a missing argument) in seamcheck's one-line form, not click's usage block: the exit-2
    contract CI logs and wrappers rely on is one `seamcheck: error:` line."""
    message = " ".join(error.format_message().split()).rstrip(".")
    where = error.ctx.command_path if error.ctx is not None else "seamcheck"
    return f"seamcheck: error: {message} (see `{where} --help`)"


def main() -> None:
    """Every failure that is not a finding ends in one line and exit 2."""
    stdout = sys.stdout
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("seamcheck: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except click.UsageError as exc:
        if isinstance(exc, _HELP_ASKED):
            exc.show()  # `seamcheck` alone: the help, as click shows it
        else:
            click.echo(_usage_line(exc), err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except SystemExit:
        if sys.stdout is not stdout:
            # click caught the reader of stdout going away (EPIPE) itself, even outside
            # standalone mode: it swaps in streams that ignore the pipe and exits 1, which
            # would read as "findings". It is the failure that exits 2, as below.
            sys.exit(EXIT_ERROR)
        raise
    except KeyboardInterrupt:
        click.echo("seamcheck: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        # The reader went away (`seamcheck graph | head`): nobody is left to tell. Point stdout
        # at /dev/null so the interpreter's last flush does not fail again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    except OSError as exc:  # the system refused: full disk, closed terminal, lost mount
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(f"seamcheck: error: {exc.strerror or exc}{where}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # the promise is: never a traceback for users
        if os.environ.get("SEAMCHECK_DEBUG"):
            import traceback  # here: loading it costs every run a few milliseconds

            traceback.print_exc()
        click.echo(
            f"seamcheck: internal error: {type(exc).__name__}: {exc} "
            "(set SEAMCHECK_DEBUG=1 for details, and please report it)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
