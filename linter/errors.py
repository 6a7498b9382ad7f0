"""Exit codes and the exception tree, defined in one place.

Every exception a user can cause derives from :class:`LinterError` and carries the exit
code it maps to.  Its ``str()`` is the one line the CLI prints: it starts with the file
(and the place in it) when there is one.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The process exit codes of every ``cognito-lint`` command."""

    OK = 0
    """No failing finding at or above the ``--fail-on`` threshold."""
    FINDINGS = 1
    """At least one failing finding at or above the threshold."""
    USAGE = 2
    """Usage or input error: bad flag, snapshot, rule, config or waiver file."""
    INCOMPLETE = 3
    """The scan is incomplete: data could not be collected, so some results are ``error``."""
    INTERNAL = 4
    """A bug in cognito-lint: the traceback is written to a log file."""


EXIT_CODES_HELP = (
    "Exit codes: 0 no failing finding at or above --fail-on; 1 failing findings; "
    "2 usage or input error; 3 scan incomplete (collection errors); 4 internal error."
)


class LinterError(Exception):
    """Base of every error the user can act on. ``str(e)`` is the one-line message."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, tip: str | None = None) -> None:
        super().__init__(message)
        self.tip = tip


class UsageError(LinterError):
    """A bad flag or flag combination."""


class InputFileError(LinterError):
    """A file the user gave us is broken. The message names the file and the place."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        json_path: str | None = None,
        tip: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.json_path = json_path
        self.detail = message
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        if json_path:
            where += f": {json_path}"
        super().__init__(f"{where}: {message}", tip=tip)


class SnapshotError(InputFileError):
    """A snapshot file that cannot be read or does not match the snapshot schema."""


class RuleFileError(InputFileError):
    """A rule file (or rule fixture) that is not valid."""


class ConfigError(InputFileError):
    """A ``.cognito-lint.yaml`` file that is not valid."""


class WaiverError(InputFileError):
    """A waiver file that is not valid."""


class CollectorError(LinterError):
    """Collection cannot start at all (no credentials, unknown region, role not assumable)."""


class ReportError(LinterError):
    """A report could not be rendered or written."""
