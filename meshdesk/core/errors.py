"""Errors that carry one plain sentence for the user.

Every expected problem (a bad file, a bad cell, a bad argument) is raised as a MeshDeskError
whose message is shown as it is: the command line prints it on stderr, the window shows it in
the status bar or a message box. Anything else is a bug and is reported as such.
"""

from __future__ import annotations


class MeshDeskError(Exception):
    """A problem the user can act on; `str(error)` is the whole message."""

    exit_code = 1


class InputError(MeshDeskError):
    """Bad input: a file, a value, an answer or an argument. Exit code 2."""

    exit_code = 2


class DataError(InputError):
    """A dataset, project or import file whose content is wrong."""


class ScoringError(InputError):
    """Totals cannot be computed from these weights."""
