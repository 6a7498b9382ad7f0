"""The `check` command (being built)."""

import typer


def register(app: typer.Typer) -> None:
    """Adds the command to the app."""
