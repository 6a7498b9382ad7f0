"""One module per CLI command. Each turns flags into an options object, calls the library
and returns an :class:`~linter.errors.ExitCode`; :func:`guarded` maps errors to exit codes."""
