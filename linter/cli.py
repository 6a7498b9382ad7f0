"""The ``cognito-lint`` command line. Thin: each command lives in ``linter/commands/``."""

from __future__ import annotations

import typer

from linter import __version__
from linter.errors import EXIT_CODES_HELP

app = typer.Typer(
    name="cognito-lint",
    help=(
        "Prove that Amazon Cognito is observed: every user pool's logs, metrics and API audit "
        "trail reach your log platform, and the pools are hardened.\n\n" + EXIT_CODES_HELP
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cognito-lint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """cognito-lint"""


def _register() -> None:
    from linter.commands import check, demo, rules, snapshot

    snapshot.register(app)
    check.register(app)
    rules.register(app)
    demo.register(app)


_register()


def main() -> None:
    app(prog_name="cognito-lint")
