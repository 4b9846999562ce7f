"""`meshdesk`: the command line. With no arguments (or a project file) it starts the window.

Contract relied on by scripts and tests:
- results on stdout; errors on stderr as one plain sentence;
- exit code 0 on success, 2 for bad input (files, values, arguments), 1 for anything else;
- no traceback unless --debug.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from meshdesk import __version__
from meshdesk.core.errors import InputError, MeshDeskError

PROJECT_SUFFIX = ".meshdesk"
COMMANDS = (
    "rank",
    "audit",
    "recommend",
    "import",
    "export",
    "new",
    "refresh",
    "diff",
    "robustness",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see '{self.prog} --help').")


def build_parser() -> argparse.ArgumentParser:
    from meshdesk.cli import commands

    parser = _Parser(
        prog="meshdesk",
        description="Offline evaluation workbook for choosing a service mesh platform. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"MeshDesk {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    parser.add_argument(
        "--dataset",
        metavar="DIR",
        help="dataset folder to use instead of the bundled one (also MESHDESK_DATASET)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.register(sub)
    return parser


def _run_gui(files: Sequence[str]) -> int:
    from meshdesk.ui.app import run

    return run(list(files))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    from meshdesk.cli.output import TerminalSafe

    # names, notes and file contents never reach the terminal as control sequences
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(stdout), TerminalSafe(stderr)
    try:
        return _run(args_list, debug)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run(args_list: list[str], debug: bool) -> int:
    try:
        return _dispatch(args_list)
    except MeshDeskError as exc:
        if debug:
            traceback.print_exc()
        print(f"meshdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("meshdesk: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early (`meshdesk rank | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so plainly, details only with --debug
        if debug:
            traceback.print_exc()
        print(
            f"meshdesk: internal error ({type(exc).__name__}: {exc}); run with --debug for "
            "details and please report it.",
            file=sys.stderr,
        )
        return 1


def _dispatch(args_list: list[str]) -> int:
    positional = [a for a in args_list if not a.startswith("-")]
    options = [a for a in args_list if a.startswith("-")]
    # `meshdesk` or `meshdesk FILE.meshdesk` opens the window; a mistyped command does not
    if set(options) <= {"--debug"} and (
        not positional or (len(positional) == 1 and positional[0].endswith(PROJECT_SUFFIX))
    ):
        return _run_gui(positional)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        return _run_gui([])
    result: int = args.handler(args)
    return result
