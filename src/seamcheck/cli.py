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
    from seamcheck.analysis import Analysis, RunOptions
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
    from seamcheck.cache import CACHE_DIR_NAME

    meta = click.get_current_context().meta
    cache_dir: Path | None = meta.get("seamcheck.cache_dir") or root / CACHE_DIR_NAME
    if meta.get("seamcheck.no_cache"):
        cache_dir = None
    return RunOptions(cache_dir=cache_dir, jobs=meta.get("seamcheck.jobs") or 0)


def _load(path: Path, config_file: Path | None) -> tuple[Path, Config]:
    from seamcheck.config import ConfigError, load_config

    root = path.resolve()
    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"config file not found: {config_file}")
    try:
        return root, load_config(root, config_file)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def _analyse(path: Path, config_file: Path | None) -> Analysis:
    from seamcheck.analysis import analyse
    from seamcheck.config import ConfigError

    root, config = _load(path, config_file)
    try:
        return analyse(root, config, _options_of(root))
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
@_run_options
def check(path: Path, config_file: Path | None, fmt: str, output: Path | None) -> None:
    """Check PATH against its policies; exit 1 when an error-severity finding is reported."""
    analysis = _analyse(path, config_file)
    files, services = len(analysis.project.files), len(analysis.project.services)
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
