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
def check(path: Path, config_file: Path | None, fmt: str, output: Path | None) -> None:
    """Check PATH against its policies; exit 1 when an error-severity finding is reported."""
    analysis = _analyse(path, config_file)
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


@cli.command()
@_path_argument
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_output_option
def seams(path: Path, config_file: Path | None, fmt: str, output: Path | None) -> None:
    """List the seams of PATH: each client call -> METHOD path -> service and route, then the
    broken and unresolved calls with why."""
    from seamcheck.output.seams import render_json, render_text

    analysis = _analyse(path, config_file)
    assert analysis.seams is not None
    render = render_json if fmt == "json" else render_text
    _emit(render(analysis.seams), output)


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
