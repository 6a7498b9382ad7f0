"""The ``cognito-lint`` command line. Thin: each command lives in ``linter/commands/``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from linter import __version__
from linter.errors import EXIT_CODES_HELP, ExitCode

# Typer vendors click; its exception classes are reachable through the ones it exports.
_UsageError: Any = typer.BadParameter.__mro__[1]
_ClickException: Any = typer.BadParameter.__mro__[2]


class OneLineErrors(TyperGroup):
    """Every bad flag or argument gets one line (and a tip), exit code 2: no usage block, no
    traceback, the same shape as every other error the tool reports."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        extra.pop("standalone_mode", None)
        try:
            rv = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except _UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":
                e.show()
                sys.exit(e.exit_code)
            where = e.ctx.command_path if e.ctx is not None else "cognito-lint"
            sys.stderr.write(f"cognito-lint: error: {e.format_message()}\n")
            sys.stderr.write(f"tip: `{where} --help` lists the options\n")
            sys.exit(int(ExitCode.USAGE))
        except _ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except typer.Abort:
            sys.stderr.write("cognito-lint: aborted\n")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

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
    cls=OneLineErrors,
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
    from linter.commands import check, demo, rules, scan, snapshot

    snapshot.register(app)
    check.register(app)
    scan.register(app)
    rules.register(app)
    demo.register(app)


_register()


def main() -> None:
    app(prog_name="cognito-lint")
