"""File > Export: the Excel workbook and the decision record, written off the GUI thread,
and the decision memo through its dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meshdesk.core.errors import MeshDeskError
from meshdesk.core.workbook import Workbook
from meshdesk.ui import messages, settings
from meshdesk.ui.window_base import WindowBase

if TYPE_CHECKING:
    from meshdesk.core.recommendation import Recommendation


class Exports(WindowBase):
    def export_xlsx(self, *_args: object) -> None:
        path = self._save_path(
            "Export Excel workbook", "Excel workbooks (*.xlsx)", "exports", ".xlsx"
        )
        if path is not None:
            self.export_xlsx_to(path)

    def export_xlsx_to(self, path: Path) -> None:
        """Write the workbook off the GUI thread from a snapshot; report in the status bar."""
        from meshdesk.io.xlsx_export import export_xlsx

        def write(snapshot: Workbook, result: Recommendation | None, questionnaire: Any) -> None:
            from meshdesk.io.robustness import analyse_if_possible

            export_xlsx(
                snapshot,
                path,
                recommendation=result,
                questionnaire=questionnaire,
                analysis=analyse_if_possible(snapshot, recommendation=result),  # worker thread
            )

        self._export_in_background(path, write, f"Exported {path.name}.", "workbook")

    def _export_in_background(
        self,
        path: Path,
        write: Callable[[Workbook, Recommendation | None, Any], None],
        done_text: str,
        what: str,
    ) -> None:
        """Run `write(snapshot, recommendation, questionnaire)` on a worker thread for the
        workbook as it is now; say so in the status bar, or show why it failed."""
        snapshot, result = self.document.workbook.copy(), self.current_recommendation()
        questionnaire = self.questionnaire() if result is not None else None
        self.statusBar().showMessage(f"Exporting {path.name}…")

        def done(_result: object) -> None:
            settings.set_last_folder(self.settings, "exports", path)
            self.statusBar().showMessage(done_text, 8000)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, MeshDeskError | OSError):
                raise exc
            messages.error(self, f"The {what} could not be exported", str(exc))

        self.tasks.start(lambda _progress: write(snapshot, result, questionnaire), done, failed)

    def export_adr(self, *_args: object) -> None:
        path = self._save_path(
            "Export decision record", "Markdown documents (*.md)", "exports", ".md"
        )
        if path is not None:
            self.export_adr_to(path)

    def export_adr_to(self, path: Path) -> None:
        """Write the decision record (status "proposed"; the command line sets others) for the
        workbook as it is."""
        from meshdesk.core.clock import now
        from meshdesk.io.atomic import atomic_write_text
        from meshdesk.io.robustness import decision_report
        from meshdesk.render.adr import render_adr

        def write(snapshot: Workbook, result: Recommendation | None, questionnaire: Any) -> None:
            report = decision_report(snapshot, result, questionnaire, day=now().date())
            atomic_write_text(path, render_adr(report))

        done_text = f"Exported the decision record {path.name}."
        self._export_in_background(path, write, done_text, "decision record")

    def export_memo(self, *_args: object) -> None:
        from meshdesk.ui.memo_dialog import MemoDialog

        def ask(name: str) -> Path | None:
            # a saved project's memo is named after its file; an untitled one's after the title
            path = self._save_path(
                "Save decision memo", "PDF documents (*.pdf)", "exports", ".pdf", name
            )
            if path is not None:
                settings.set_last_folder(self.settings, "exports", path)
            return path

        result = self.current_recommendation()
        questionnaire = self.questionnaire() if result is not None else None
        dialog = MemoDialog(self.document.workbook, result, ask, self, questionnaire)
        if self.exec_dialog(dialog) and dialog.saved_to is not None:
            self.statusBar().showMessage(f"Saved the memo as {dialog.saved_to.name}.", 8000)
