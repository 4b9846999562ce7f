"""File > New, Open, Save, Save As, Import Scores and Open Recent, and the recovery of work a
crash left unsaved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from meshdesk import __version__
from meshdesk.core.clock import now_iso
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.stamps import stamped_new, stamped_saved
from meshdesk.core.workbook import Workbook, make_id
from meshdesk.io.dataset import load_dataset
from meshdesk.io.project import (
    SUFFIX,
    fingerprint,
    load_project,
    load_project_with_fingerprint,
    save_project,
)
from meshdesk.ui import messages, settings
from meshdesk.ui.recovery import Orphan
from meshdesk.ui.window_base import WindowBase

PROJECT_FILTER = f"MeshDesk projects (*{SUFFIX})"
IMPORT_FILTER = "Score tables (*.csv *.xlsx);;CSV (*.csv);;Excel workbooks (*.xlsx)"
OPEN_FILTER = f"{PROJECT_FILTER};;{IMPORT_FILTER}"
TABLE_SUFFIXES = (".csv", ".xlsx")


def new_workbook() -> Workbook:
    return load_dataset().new_workbook(created=now_iso())


class FileOperations(WindowBase):
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.document.is_modified:
            return True
        choice = messages.save_discard_cancel(self, self.document.display_name)
        if choice == messages.Choice.SAVE:
            return self.file_save()
        if choice == messages.Choice.DISCARD:
            self.autosaver.remove()
            self.document.undo_stack.setClean()  # the changes are given up; nothing to ask again
            return True
        return False

    def _ask_open_path(self, caption: str, file_filter: str, kind: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, caption, settings.last_folder(self.settings, kind), file_filter
        )
        return Path(name) if name else None

    def suggested_path(self, kind: str, suffix: str, name: str = "") -> Path:
        """Where a save or export dialog starts: beside the project, with its name
        (/path/to/acme.meshdesk: /path/to/acme.xlsx); for an untitled project, the last folder
        used, with a file name made from `name` or else the project's title."""
        path = self.document.path
        if path is not None:
            return path.with_suffix(suffix)
        title = name.strip() or self.document.workbook.metadata.title.strip() or "evaluation"
        return Path(settings.last_folder(self.settings, kind)) / (make_id(title) + suffix)

    def _ask_save_path(self, caption: str, file_filter: str, start: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, caption, str(start), file_filter)
        return Path(name) if name else None

    def _save_path(
        self, caption: str, file_filter: str, kind: str, suffix: str, name: str = ""
    ) -> Path | None:
        """Ask where to save; add the suffix the user left out, and if that names another,
        existing file, ask before replacing it (the dialog only asked about the name typed)."""
        path = self._ask_save_path(caption, file_filter, self.suggested_path(kind, suffix, name))
        if path is None:
            return None
        if path.suffix.lower() == suffix:
            return path
        path = path.with_name(path.name + suffix)
        if path.exists() and not messages.confirm(
            self, "Replace file", f"{path.name} already exists. Replace it?", "Replace"
        ):
            return None
        return path

    def file_new(self) -> None:
        if not self.maybe_save():
            return
        self.autosaver.remove()
        self.document.replace(new_workbook(), None)
        self.statusBar().showMessage("New evaluation from the bundled dataset.", 5000)

    def file_open(self) -> None:
        if not self.maybe_save():
            return
        path = self._ask_open_path("Open project", OPEN_FILTER, "projects")
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        if path.suffix.lower() in TABLE_SUFFIXES:
            return self.open_table(path)
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            workbook, digest = load_project_with_fingerprint(path)
        except MeshDeskError as exc:
            messages.error(self, "Cannot open the project", str(exc))
            if str(path) in settings.recent_files(self.settings) and not path.exists():
                settings.remove_recent_file(self.settings, str(path))
                self._refresh_recent_menu()
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.autosaver.remove()
        self.document.replace(workbook, path)
        self.document.disk_fingerprint = digest
        settings.set_last_folder(self.settings, "projects", path)
        settings.add_recent_file(self.settings, path)
        self._refresh_recent_menu()
        self.statusBar().showMessage(f"Opened {path.name}.", 5000)
        self.offer_refresh()
        return True

    def file_save(self) -> bool:
        if self.document.path is None:
            return self.file_save_as()
        return self.save_to(self.document.path)

    def file_save_as(self) -> bool:
        path = self._save_path("Save project as", PROJECT_FILTER, "projects", SUFFIX)
        return self.save_to(path) if path is not None else False

    def _changed_on_disk_since_opened(self, path: Path) -> bool:
        """Whether saving over `path` would throw away changes someone else made to it (a
        second window with the same file, a sync tool, git)."""
        known = self.document.disk_fingerprint
        if known is None or path != self.document.path or not path.exists():
            return False
        return fingerprint(path) != known

    def save_to(self, path: Path) -> bool:
        if self._changed_on_disk_since_opened(path) and not messages.confirm(
            self,
            "File changed on disk",
            f"{path.name} was changed on disk after you opened it (perhaps in another "
            "MeshDesk window). Saving replaces those changes with yours. Replace it, or "
            "cancel and use Save As to keep both?",
            "Replace",
        ):
            self.statusBar().showMessage(
                f"Not saved: {path.name} changed on disk. Use Save As to keep both.", 12000
            )
            return False
        wb = self.document.workbook
        previous = wb.metadata
        wb.metadata = stamped_saved(previous, now_iso(), __version__)
        try:
            digest = save_project(wb, path)
        except MeshDeskError as exc:
            wb.metadata = previous
            messages.error(self, "Cannot save the project", str(exc))
            return False
        self.document.set_path(path)
        self.document.disk_fingerprint = digest
        self.document.undo_stack.setClean()
        self.autosaver.remove()
        settings.set_last_folder(self.settings, "projects", path)
        settings.add_recent_file(self.settings, path)
        self._refresh_recent_menu()
        self.statusBar().showMessage(f"Saved {path.name}.", 5000)
        return True

    def file_import(self) -> None:
        path = self._ask_open_path("Import scores", IMPORT_FILTER, "imports")
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> None:
        """Read a table off the GUI thread, then merge it into the open project as one
        undoable step (see meshdesk.core.merge: nothing absent from the file is deleted)."""
        from meshdesk.core.merge import merge
        from meshdesk.io.importers import ImportedTable, read_score_table

        base = self.document.workbook.copy()
        self.statusBar().showMessage(f"Importing {path.name}…")
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

        def done(table: ImportedTable) -> None:
            QApplication.restoreOverrideCursor()
            command, summary = merge(
                self.document.workbook,
                table.workbook,
                weights_given=table.weights_given,
                label=f"Import {path.name}",
            )
            settings.set_last_folder(self.settings, "imports", path)
            if summary.changes_anything and not self.document.push(command):
                return
            self.statusBar().showMessage(summary.describe(path.name), 15000)

        def failed(exc: BaseException) -> None:
            QApplication.restoreOverrideCursor()
            if isinstance(exc, MeshDeskError):
                messages.error(self, "Nothing was imported", str(exc))
            else:
                raise exc

        # the open project is the base: rows matched by name keep their facts and profile
        self.tasks.start(lambda _progress: read_score_table(path, base), done, failed)

    def open_table(self, path: Path) -> bool:
        """File > Open of a .csv or .xlsx: a new, untitled project made from the table (rows
        matched by name to the bundled dataset keep their facts)."""
        from meshdesk.io.importers import import_file

        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            workbook = import_file(path, new_workbook())
        except MeshDeskError as exc:
            messages.error(self, "Cannot open the table", str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.autosaver.remove()
        workbook.metadata = stamped_new(workbook.metadata, now_iso())
        self.document.replace(workbook, None)
        self.document.undo_stack.resetClean()  # not saved anywhere yet
        self._update_title()
        settings.set_last_folder(self.settings, "imports", path)
        self.statusBar().showMessage(
            f"Opened {path.name} as a new project with {len(workbook.tools)} tools: save it "
            "to keep it. (To bring scores into the open project instead, use Import Scores.)",
            12000,
        )
        return True

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files(self.settings)
        for i, name in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{i} {Path(name).name}")
            action.setStatusTip(name)
            action.triggered.connect(lambda _=False, p=name: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(files))

    # --- recovery ----------------------------------------------------------------------------
    def offer_recovery(self, orphans: list[Orphan]) -> bool:
        """Offer each piece of unsaved work a crashed MeshDesk left behind, newest first.

        The first one recovered opens in this window; the ones after it, and any the user
        puts off with Ask Later, are kept (their locks released) for the next start. A
        recovery file is deleted only once its work is safe elsewhere: in this session's own
        recovery copy, a saved file, or given up by the user."""
        pending = sorted(orphans, key=lambda o: o.saved_at, reverse=True)
        while pending:
            orphan = pending.pop(0)
            more = f"\n\n{len(pending)} more recovery file(s) remain." if pending else ""
            text = (
                "MeshDesk did not close properly. Unsaved changes to "
                f"{orphan.describe()} can be recovered.{more}"
            )
            choice = messages.recover(self, text)
            if choice is messages.RecoveryChoice.LATER:
                orphan.release()
                continue
            if choice is messages.RecoveryChoice.DISCARD:
                orphan.discard()
                continue
            try:
                workbook = load_project(orphan.content)
            except MeshDeskError as exc:
                messages.error(
                    self,
                    "Cannot recover",
                    f"The recovery file could not be read: {exc} It is kept in "
                    f"{orphan.content.parent}.",
                )
                orphan.release()
                continue
            self.document.replace(workbook, orphan.original)
            self.document.undo_stack.resetClean()
            self._update_title()
            self.autosaver.adopt(orphan)
            kept = "" if self.autosaver.save_now() else " (its recovery file is kept until then)"
            for other in pending:
                other.release()
            later = f" {len(pending)} more will be offered at the next start." if pending else ""
            self.statusBar().showMessage(
                f"Recovered your unsaved changes. Save them to keep them{kept}.{later}", 12000
            )
            return True
        return False
