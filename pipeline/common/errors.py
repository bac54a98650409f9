"""The two kinds of failure the command line reports without a traceback."""


class InputError(Exception):
    """Bad input or usage: not a PDF, encrypted, empty, not a COP report. Exit code 2."""

    exit_code = 2


class ValidationFailed(Exception):
    """A table broke its schema or a cross-table rule. Exit code 1."""

    exit_code = 1
