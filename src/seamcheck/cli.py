"""Command line: thin click commands over the pipeline. Heavy modules load inside commands so
`--version` and `--help` stay instant."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from seamcheck import __version__

if TYPE_CHECKING:
    from seamcheck.analysis import Analysis
    from seamcheck.config import Config

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


class UsageProblem(click.ClickException):
    """An error the user can fix; printed as one line, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"seamcheck: error: {self.format_message()}", err=True)


def _path_argument(function: F) -> F:
    return click.argument(
        "path",
        default=".",
        type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path),
    )(function)


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


def _load(
    path: Path, config_file: Path | None, select: str | None = None, ignore: str | None = None
) -> tuple[Path, Config]:
    import dataclasses

    from seamcheck.config import ConfigError, load_config

    root = path.resolve()
    if config_file is not None and not config_file.is_file():
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
    from seamcheck.analysis import analyse
    from seamcheck.config import ConfigError

    root, config = _load(path, config_file, select, ignore)
    try:
        return analyse(root, config)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
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
@_path_argument
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_output_option
@click.option("--select", metavar="CODES", help="Only these rules (codes or prefixes: SC1,SC201).")
@click.option("--ignore", metavar="CODES", help="Skip these rules (codes or prefixes).")
def check(
    path: Path,
    config_file: Path | None,
    fmt: str,
    output: Path | None,
    select: str | None,
    ignore: str | None,
) -> None:
    """Check PATH against its policies; exit 1 when an error-severity finding is reported."""
    analysis = _analyse(path, config_file, select, ignore)
    files, services = len(analysis.facts), len(analysis.project.services)
    if fmt == "json":
        from seamcheck.output import json as reporter
    else:
        from seamcheck.output import text as reporter  # type: ignore[no-redef]
    _emit(reporter.render(analysis.findings, files, services), output)
    if any(f.severity == "error" for f in analysis.findings):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@_path_argument
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
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
    """Print the documentation of one rule (e.g. `seamcheck explain SC102`)."""
    from seamcheck.ruledocs import render_page
    from seamcheck.rules import all_rules, rule_by_code

    rule = rule_by_code(code.strip())
    if rule is None:
        known = ", ".join(r.code for r in all_rules())
        raise UsageProblem(f"no rule {code!r}; rules: {known}")
    click.echo(render_page(rule), nl=False)


@cli.command()
@_path_argument
@click.option("--force", is_flag=True, help="Overwrite an existing configuration.")
def init(path: Path, force: bool) -> None:
    """Write a starter seamcheck.toml for PATH from the services found there."""
    from seamcheck.atomic import write_text_atomically
    from seamcheck.config import Config, ConfigError
    from seamcheck.project import discover
    from seamcheck.starter import existing_config, render_starter

    root = path.resolve()
    found = existing_config(root)
    if found is not None and not force:
        raise UsageProblem(f"{found} already configures seamcheck; use --force to overwrite")
    try:
        project = discover(root, Config())
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    target = root / "seamcheck.toml"
    try:
        write_text_atomically(target, render_starter(project))
    except OSError as exc:
        raise UsageProblem(f"cannot write {target}: {exc.strerror or exc}") from None
    click.echo(
        f"wrote {target} ({len(project.services)} services); review it, then run `seamcheck check`"
    )


@cli.command()
@_path_argument
@_config_option
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
def fix(path: Path, config_file: Path | None, show_diff: bool) -> None:
    """Rewrite blocking calls on Python async paths where it is mechanically safe:
    `time.sleep(x)` -> `await asyncio.sleep(x)`, `f(a)` -> `await asyncio.to_thread(f, a)`."""
    from seamcheck.fix import fix_project, unified_diff, write_atomically

    analysis = _analyse(path, config_file)
    root, config = _load(path, config_file)
    fixes = fix_project(root, analysis, config)
    if show_diff:
        click.echo(unified_diff(fixes), nl=False)
    else:
        for file_fix in fixes:
            if file_fix.after != file_fix.before:
                try:
                    write_atomically(root / file_fix.path, file_fix.after)
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
    click.echo(f"{verb} {fixed} blocking calls in {files} files.", err=show_diff)


def main() -> None:
    """Entry point: every failure that is not a finding ends in one line and exit 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("seamcheck: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("seamcheck: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # the promise is: never a traceback for users
        if os.environ.get("SEAMCHECK_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"seamcheck: internal error: {type(exc).__name__}: {exc} "
            "(set SEAMCHECK_DEBUG=1 for details, and please report it)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
