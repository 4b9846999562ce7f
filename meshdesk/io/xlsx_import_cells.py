"""The cells of a sheet as the .xlsx importer reads them: lookup and addresses, the problems
found (only those listed are kept as text) and how a value is quoted in them."""

from __future__ import annotations

from typing import Any

from meshdesk.io.table import MAX_LISTED_PROBLEMS, Problems, cell_address, shown_text
from meshdesk.io.xlsx_reader import SheetCells


class ImportSheet(SheetCells):
    """One sheet's values and formulas, with cell lookup and addresses."""

    def value(self, r: int, c: int) -> Any:
        row = self.rows.get(r)
        return None if row is None else row.get(c)

    def address(self, r: int, c: int) -> str:
        return cell_address(self.title, r, c)

    def row_numbers(self, first: int) -> list[int]:
        """The rows from `first` on with a value or a formula, in order."""
        rows = {r for r in self.rows if r >= first}
        return sorted(rows.union(r for r, _ in self.formulas if r >= first))


class ListedProblems(Problems):
    """Problems that keep the text of only those that will be listed: a hostile sheet can
    have a million bad cells, and a message for each would take hundreds of MiB."""

    def add(self, message: str) -> None:
        self.items.append(message if len(self.items) < MAX_LISTED_PROBLEMS else "")


def shown_value(value: Any) -> str:
    """A cell value as a message quotes it: text cut and made visible, others as they are."""
    return f"'{shown_text(value)}'" if isinstance(value, str) else repr(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def formula_problem(sheet: ImportSheet, r: int, c: int, problems: Problems) -> None:
    shown = shown_text("=" + sheet.formulas[r, c])
    problems.add(
        f"{sheet.address(r, c)}: is a formula ({shown}); MeshDesk imports typed values only, "
        "so replace it with its value"
    )
