"""What every command shares: the error guard and the stderr console."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import ParamSpec

import typer

from linter.errors import ExitCode, LinterError

P = ParamSpec("P")


def err(message: str) -> None:
    """One line to stderr."""
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def _crash_log(exc: BaseException) -> str:
    folder = os.environ.get("COGNITO_LINT_CRASH_DIR") or tempfile.gettempdir()
    stamp = time.strftime("%Y%m%dT%H%M%S")
    path = os.path.join(folder, f"cognito-lint-crash-{stamp}-{os.getpid()}.log")
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "(could not write a crash log)"
    return path


def guarded(fn: Callable[P, int]) -> Callable[P, None]:
    """Run a command body; turn its return value or exception into the process exit code.

    - ``LinterError``: one line ``cognito-lint: error: …`` (plus ``tip: …``), its exit code;
    - any other exception: a bug — the traceback goes to a crash log, exit code 4.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            code = fn(*args, **kwargs)
        except typer.Exit:
            raise
        except LinterError as e:
            err(f"cognito-lint: error: {e}")
            if e.tip:
                err(f"tip: {e.tip}")
            raise typer.Exit(int(e.exit_code)) from None
        except KeyboardInterrupt:
            err("cognito-lint: interrupted")
            raise typer.Exit(130) from None
        except Exception as e:
            log = _crash_log(e)
            err(
                f"cognito-lint: internal error: {type(e).__name__}: {e} "
                f"(traceback in {log}; please report it)"
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None
        raise typer.Exit(int(code))

    return wrapper
