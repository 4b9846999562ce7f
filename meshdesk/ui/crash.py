"""Unexpected exceptions: logged to a file, shown with copyable details, and the app runs on."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication

from meshdesk import __version__
from meshdesk.locations import user_data_dir
from meshdesk.ui import messages
from meshdesk.ui.tasks import run_on_main

log = logging.getLogger("meshdesk")


def setup_logging() -> None:
    folder = user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "meshdesk.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


class _HookState:
    showing = False  # an error dialog is open: later errors are logged, not shown on top of it
    broken = False  # showing an error failed once: from then on, errors are only logged


state = _HookState()


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected exception and tell the user, without ending the app.

    Safe from any thread (a worker's error is shown by the GUI thread) and never loops: an
    error raised while the error dialog is open or being built is logged and not shown."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error\n%s", details)
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    app = QApplication.instance()
    if app is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    text = (
        "MeshDesk ran into an unexpected problem and did not finish the last action. "
        "Your work is still open; save it under a new name to be safe.\n\n"
        f"{exc_type.__name__}: {_shortened(str(exc))}"
    )
    full = f"MeshDesk {__version__}, Python {sys.version.split()[0]}\n\n{details}"
    # show the dialog from the GUI thread's event loop, never from inside the failing call
    run_on_main(lambda: _show(text, full))


def _shortened(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(text: str, details: str) -> None:
    if state.showing or state.broken:
        log.warning("not shown (an error dialog is already open, or cannot be shown)")
        return
    state.showing = True
    try:
        messages.error(QApplication.activeWindow(), "Unexpected error", text, details)
    except BaseException:  # the dialog itself failed: log it once, never report it again
        state.broken = True
        log.exception("the error dialog could not be shown; later errors are only logged")
    finally:
        state.showing = False


def install() -> None:
    sys.excepthook = report

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            report(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook
