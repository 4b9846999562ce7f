"""Edit a tool's facts: lifecycle, editions with their licences, and feature values.

The dialog only gathers values; meshdesk.core.user_facts checks them (the project file's
rules) and builds the one undoable step. A refused value is named under the form and the
dialog stays open with nothing applied. meshdesk.ui.facts_editor opens it from the window.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meshdesk.core.commands import Command
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.facts import (
    CNCF_STATUSES,
    FEATURE_VALUES,
    LICENSE_CATEGORIES,
    LIFECYCLE_LABELS,
    LIFECYCLE_STATUSES,
)
from meshdesk.core.user_facts import (
    EDITIONS_MAX,
    NEW_KEY_PREFIX,
    EnteredEdition,
    EnteredFacts,
    EnteredFeature,
    EnteredLifecycle,
    FactsInputError,
    edit_facts,
    entered_from,
)
from meshdesk.core.workbook import Workbook

TAB_LIFECYCLE, TAB_EDITIONS, TAB_FEATURES = range(3)
ED_NAME, ED_LICENCE, ED_CATEGORY, ED_PAID = range(4)
FE_NAME, FE_VALUE, FE_SCOPE, FE_NOTE = range(4)
EVERY_EDITION = "every edition"
KeyRole = Qt.ItemDataRole.UserRole  # an edition row's key; a feature row's feature id
SEP = "|"  # joins the edition keys of a scope in a combo box's data (ids never hold one)


def _scope_data(keys: tuple[str, ...]) -> str:
    return SEP.join(keys)


def _scope_keys(data: object) -> tuple[str, ...]:
    return tuple(data.split(SEP)) if isinstance(data, str) and data else ()


def _item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None  # every cell of these tables has an item
    return item


def _combo(options: tuple[str, ...], current: str, name: str) -> QComboBox:
    box = QComboBox()
    for option in options:
        box.addItem(LIFECYCLE_LABELS.get(option, option), option)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.setAccessibleName(name)
    return box


class FactsDialog(QDialog):
    """The facts of one tool. After accept(), `command` is the step to push (None when
    nothing changed)."""

    def __init__(
        self,
        workbook: Workbook,
        tool_id: str,
        *,
        dataset_knows: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workbook, self.tool_id = workbook, tool_id
        self.command: Command | None = None
        tool = workbook.tool(tool_id)
        self.features = workbook.catalogue.features
        start = entered_from(tool.facts, tool.name, workbook.catalogue)
        self._new_keys = 0
        self.setWindowTitle(f"Facts of {tool.name}")
        intro = QLabel(
            f"The lifecycle, editions and features of <b>{escape(tool.name)}</b>. What you "
            "change here is marked as <i>entered by the user of this project</i> in the "
            "details pane, the memo and the exports; what you leave as it is keeps its sources."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if dataset_knows:
            warning = QLabel(
                "MeshDesk's dataset has facts for this tool: <b>Workbook &gt; Refresh Facts from "
                "Dataset</b> would replace what you enter here with the dataset's (Undo brings "
                "yours back)."
            )
            warning.setWordWrap(True)
            warning.setStyleSheet("color: #9a5b00;")
            layout.addWidget(warning)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._lifecycle_tab(start), "&Lifecycle")
        self.tabs.addTab(self._editions_tab(start), "&Editions")
        self.tabs.addTab(self._features_tab(start), "&Features")
        layout.addWidget(self.tabs, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        self.problem.setAccessibleName("Problem")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._status_changed()
        self._clear_problem_on_edit()
        self.resize(900, 600)

    def _clear_problem_on_edit(self) -> None:
        """A refusal stays shown until the form changes: then it may no longer hold."""
        table = self.feature_table
        boxes: list[QWidget | None] = [self.status, self.cncf]
        boxes += [
            table.cellWidget(r, c) for r in range(table.rowCount()) for c in (FE_VALUE, FE_SCOPE)
        ]
        for box in boxes:
            assert isinstance(box, QComboBox)
            box.currentIndexChanged.connect(self._clear_problem)
        for edit in (self.since, self.data_plane, self.latest_release, self.summary, self.advice):
            edit.textChanged.connect(self._clear_problem)
        for items in (self.editions, table):
            items.itemChanged.connect(self._clear_problem)

    def _clear_problem(self, *_args: object) -> None:
        self.problem.clear()

    # --- the three tabs ------------------------------------------------------------------------
    def _lifecycle_tab(self, start: EnteredFacts) -> QWidget:
        life = start.lifecycle
        self.status = _combo(LIFECYCLE_STATUSES, life.status, "Lifecycle status")
        self.status.currentIndexChanged.connect(self._status_changed)
        self.since = QLineEdit(life.since)
        self.since.setPlaceholderText("YYYY-MM-DD or YYYY-MM (optional)")
        self.since.setAccessibleName("Since")
        self.summary = QPlainTextEdit(life.summary)
        self.summary.setPlaceholderText("What happened (optional)")
        self.summary.setAccessibleName("Summary")
        self.summary.setTabChangesFocus(True)
        self.advice = QPlainTextEdit(life.advice)
        self.advice.setAccessibleName("What to use instead")
        self.advice.setTabChangesFocus(True)
        for edit in (self.summary, self.advice):
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        self.cncf = _combo(CNCF_STATUSES, start.cncf, "CNCF status")
        self.data_plane = QLineEdit(start.data_plane)
        self.data_plane.setAccessibleName("Data plane")
        self.latest_release = QLineEdit(start.latest_release)
        self.latest_release.setAccessibleName("Latest release")
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("&Status:", self.status)
        form.addRow("S&ince:", self.since)
        form.addRow("S&ummary:", self.summary)
        self.advice_label = QLabel("&Advice:")
        self.advice_label.setBuddy(self.advice)
        form.addRow(self.advice_label, self.advice)
        form.addRow("&CNCF status:", self.cncf)
        form.addRow("&Data plane:", self.data_plane)
        form.addRow("Latest &release:", self.latest_release)
        return page

    def _editions_tab(self, start: EnteredFacts) -> QWidget:
        self.editions = QTableWidget(0, 4)
        self.editions.setHorizontalHeaderLabels(["Name", "Licence", "Licence category", "Paid"])
        self.editions.setAccessibleName("Editions")
        self.editions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.editions.horizontalHeader()
        header.setSectionResizeMode(ED_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ED_LICENCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ED_CATEGORY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ED_PAID, QHeaderView.ResizeMode.ResizeToContents)
        self.editions.verticalHeader().hide()
        for edition in start.editions:
            self._add_edition_row(edition)
        self.editions.itemChanged.connect(self._editions_changed)
        self.add_edition_button = QPushButton("&Add Edition")
        self.add_edition_button.clicked.connect(self.add_edition)
        self.remove_edition_button = QPushButton("&Remove Edition")
        self.remove_edition_button.clicked.connect(self.remove_edition)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_edition_button)
        buttons.addWidget(self.remove_edition_button)
        buttons.addStretch(1)
        hint = QLabel(
            "An edition is one way a buyer gets the tool (the open-source project, an enterprise "
            "distribution, a managed service). Licence: an SPDX id such as Apache-2.0, or "
            "Proprietary. Paid: production use costs a licence, a subscription or fees."
        )
        hint.setWordWrap(True)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(hint)
        column.addWidget(self.editions, 1)
        column.addLayout(buttons)
        return page

    def _features_tab(self, start: EnteredFacts) -> QWidget:
        self.feature_table = QTableWidget(len(self.features), 4)
        self.feature_table.setHorizontalHeaderLabels(["Feature", "Value", "Holds in", "Note"])
        self.feature_table.setAccessibleName("Features")
        header = self.feature_table.horizontalHeader()
        for fitted in (FE_NAME, FE_VALUE, FE_SCOPE):
            header.setSectionResizeMode(fitted, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FE_NOTE, QHeaderView.ResizeMode.Stretch)
        self.feature_table.verticalHeader().hide()
        self._others: dict[str, str | None] = {}  # the value elsewhere of a scoped feature
        self._start_scopes: dict[str, tuple[str, ...]] = {}
        for row, feature in enumerate(self.features):
            entered = start.features.get(feature.id, EnteredFeature())
            name = QTableWidgetItem(feature.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setToolTip(feature.description)
            name.setData(KeyRole, feature.id)
            self.feature_table.setItem(row, FE_NAME, name)
            self.feature_table.setCellWidget(
                row, FE_VALUE, _combo(FEATURE_VALUES, entered.value, f"Value of {feature.name}")
            )
            scope = QComboBox()
            scope.setAccessibleName(f"Editions {feature.name} holds in")
            self.feature_table.setCellWidget(row, FE_SCOPE, scope)
            self._start_scopes[feature.id] = entered.editions
            self._others[feature.id] = entered.other_editions
            self.feature_table.setItem(row, FE_NOTE, QTableWidgetItem(entered.note))
        self._refresh_scopes()
        hint = QLabel(
            "Unknown states nothing. “Holds in” an edition: the value holds in that edition "
            "only (and “no” in the others, unless the dataset said otherwise)."
        )
        hint.setWordWrap(True)
        page = QWidget()
        column = QVBoxLayout(page)
        if not self.features:
            column.addWidget(QLabel("This project's feature catalogue is empty."))
        column.addWidget(hint)
        column.addWidget(self.feature_table, 1)
        return page

    # --- editions ------------------------------------------------------------------------------
    def _add_edition_row(self, edition: EnteredEdition) -> int:
        table = self.editions
        blocked = table.blockSignals(True)
        row = table.rowCount()
        table.insertRow(row)
        name = QTableWidgetItem(edition.name)
        name.setData(KeyRole, edition.key)
        table.setItem(row, ED_NAME, name)
        table.setItem(row, ED_LICENCE, QTableWidgetItem(edition.licence))
        category = QComboBox()
        for option in LICENSE_CATEGORIES:
            category.addItem(option, option)
        category.setCurrentIndex(max(0, category.findData(edition.category)))
        category.setAccessibleName("Licence category")
        table.setCellWidget(row, ED_CATEGORY, category)
        paid = QTableWidgetItem("paid")
        paid.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        paid.setCheckState(Qt.CheckState.Checked if edition.paid else Qt.CheckState.Unchecked)
        table.setItem(row, ED_PAID, paid)
        table.blockSignals(blocked)
        return row

    def add_edition(self) -> None:
        if self.editions.rowCount() >= EDITIONS_MAX:
            self.show_problem(f"A tool can have at most {EDITIONS_MAX} editions.")
            return
        self._new_keys += 1
        key = f"{NEW_KEY_PREFIX}added-{self._new_keys}"
        row = self._add_edition_row(EnteredEdition(key, "", "", "open-source", False))
        self._refresh_scopes()
        self.editions.setCurrentCell(row, ED_NAME)
        self.editions.editItem(_item(self.editions, row, ED_NAME))

    def remove_edition(self) -> None:
        row = self.editions.currentRow()
        if row < 0:
            self.show_problem("Select the edition to remove.")
            return
        self.editions.removeRow(row)
        self._refresh_scopes()

    def _editions_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == ED_NAME:
            self._refresh_scopes()

    def _edition_names(self) -> dict[str, str]:
        table = self.editions
        names: dict[str, str] = {}
        for row in range(table.rowCount()):
            item = _item(table, row, ED_NAME)
            names[item.data(KeyRole)] = item.text().strip() or f"edition {row + 1}"
        return names

    def _refresh_scopes(self) -> None:
        """Every feature's "Holds in" choices follow the editions listed now; a scope naming
        an edition that was removed stays selected as such, so saving says so."""
        names = self._edition_names()
        for row, feature in enumerate(self.features):
            box = self.feature_table.cellWidget(row, FE_SCOPE)
            assert isinstance(box, QComboBox)
            keys = _scope_keys(box.currentData()) if box.count() else self._start_scopes[feature.id]
            other = self._others.get(feature.id)
            elsewhere = "" if other in (None, "no") else f"; {other} in the others"
            blocked = box.blockSignals(True)
            box.clear()
            box.addItem(EVERY_EDITION, "")
            for key, name in names.items():
                box.addItem(f"{name} only{elsewhere}", key)
            data = _scope_data(keys)
            if keys and box.findData(data) < 0:
                shown = " and ".join(names.get(k, "an edition no longer listed") for k in keys)
                box.addItem(f"{shown}{elsewhere}", data)
            box.setCurrentIndex(max(0, box.findData(data)))
            box.blockSignals(blocked)

    # --- reading the form ----------------------------------------------------------------------
    def entered(self) -> EnteredFacts:
        editions = []
        for row in range(self.editions.rowCount()):
            category = self.editions.cellWidget(row, ED_CATEGORY)
            assert isinstance(category, QComboBox)
            editions.append(
                EnteredEdition(
                    key=_item(self.editions, row, ED_NAME).data(KeyRole),
                    name=_item(self.editions, row, ED_NAME).text(),
                    licence=_item(self.editions, row, ED_LICENCE).text(),
                    category=category.currentData(),
                    paid=_item(self.editions, row, ED_PAID).checkState() == Qt.CheckState.Checked,
                )
            )
        features = {}
        for row, feature in enumerate(self.features):
            value, scope = (
                self.feature_table.cellWidget(row, FE_VALUE),
                self.feature_table.cellWidget(row, FE_SCOPE),
            )
            assert isinstance(value, QComboBox)
            assert isinstance(scope, QComboBox)
            keys = _scope_keys(scope.currentData())
            features[feature.id] = EnteredFeature(
                value=value.currentData(),
                note=_item(self.feature_table, row, FE_NOTE).text(),
                editions=keys,
                other_editions=self._others.get(feature.id) if keys else None,
            )
        return EnteredFacts(
            lifecycle=EnteredLifecycle(
                status=self.status.currentData(),
                since=self.since.text(),
                summary=self.summary.toPlainText(),
                advice=self.advice.toPlainText(),
            ),
            editions=tuple(editions),
            features=features,
            cncf=self.cncf.currentData(),
            data_plane=self.data_plane.text(),
            latest_release=self.latest_release.text(),
        )

    def _status_changed(self, *_args: object) -> None:
        needed = self.status.currentData() != "active"
        self.advice_label.setText("&Advice (required):" if needed else "&Advice:")
        self.advice.setPlaceholderText(
            "What to use instead" if needed else "What to use instead (only when not active)"
        )

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def _point_at(self, where: str) -> None:
        """Show the tab and the field a refusal names."""
        head = where.split(".", maxsplit=1)[0]
        if head.startswith("editions"):
            self.tabs.setCurrentIndex(TAB_EDITIONS)
            if "[" in head:
                row = int(head[head.index("[") + 1 : head.index("]")])
                column = ED_LICENCE if where.endswith("licence") else ED_NAME
                self.editions.setCurrentCell(row, column)
                if where.endswith((".name", ".licence")):
                    self.editions.editItem(_item(self.editions, row, column))
            self.editions.setFocus()
        elif head == "features":
            self.tabs.setCurrentIndex(TAB_FEATURES)
            feature_id = where.split(".")[1]
            row = next(i for i, f in enumerate(self.features) if f.id == feature_id)
            self.feature_table.setCurrentCell(row, FE_NOTE)
            self.feature_table.setFocus()
        else:
            self.tabs.setCurrentIndex(TAB_LIFECYCLE)
            fields: dict[str, QWidget] = {
                "lifecycle.status": self.status,
                "lifecycle.since": self.since,
                "lifecycle.summary": self.summary,
                "lifecycle.advice": self.advice,
                "cncf": self.cncf,
                "data_plane": self.data_plane,
                "latest_release": self.latest_release,
            }
            fields.get(where, self.status).setFocus()

    def accept(self) -> None:
        """Check everything first: a refusal is shown here and nothing is applied."""
        try:
            self.command = edit_facts(self.workbook, self.tool_id, self.entered())
        except FactsInputError as exc:
            self.show_problem(str(exc))
            self._point_at(exc.where)
            return
        except MeshDeskError as exc:
            self.show_problem(str(exc))
            return
        super().accept()
