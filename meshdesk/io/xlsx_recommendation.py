"""The Recommendation sheet: the verdict, the answers, the weights used and what moved them,
the must-haves, the shortlist, the exclusions and what relaxing a requirement would bring back.

It lays out the decision report (meshdesk.report): the verdict, the answers in words, the
reasons and the what-if labels are the report's sentences. It prints in sections; each
section's title and column headers stay on the page of its first row (`meshdesk.io.xlsx_pages`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import Workbook as XlsxBook

from meshdesk.core.recommendation import Recommendation
from meshdesk.io.xlsx_cells import Cells, SheetRows, Style, Value
from meshdesk.io.xlsx_layout import RECOMMENDATION
from meshdesk.io.xlsx_pages import fixed_scale
from meshdesk.io.xlsx_sheets import BuiltSheet, Paging, merge_cells, setup_sheet
from meshdesk.io.xlsx_styles import Styles
from meshdesk.report import DecisionReport, text

MESH_FITS = "A service mesh fits these answers."

WIDTHS = (30, 14, 14, 90)


@dataclass(frozen=True)
class Line:
    """One row of the sheet: its cells, and whether it must share a page with the next."""

    cells: Cells
    keep_with_next: bool = False


class _Lines:
    """The sheet as rows of four columns: label, two numbers, text."""

    def __init__(self, st: Styles) -> None:
        self.st = st
        self.out: list[Line] = [Line([("Recommendation", st.title)], keep_with_next=True)]

    def line(
        self,
        a: Value,
        b: Value = None,
        c: Value = None,
        d: Value = None,
        *,
        bold: bool = False,
        numbers: tuple[Style | None, Style | None] = (None, None),
    ) -> None:
        st = self.st
        first = st.label if bold else st.wrap
        styles = [numbers[0] or st.wrap, numbers[1] or st.wrap]
        self.out.append(Line([(a, first), (b, styles[0]), (c, styles[1]), (d, st.wrap)]))

    def section(self, title: str, *headers: str) -> None:
        """An empty row, the section's title and its column headers, both kept with the first
        row of the section."""
        st = self.st
        self.out.append(Line([]))
        self.out.append(Line([(title, st.section)], keep_with_next=True))
        heads = [(h or None, st.header_left) for h in headers]
        self.out.append(Line(heads, keep_with_next=True))


def _verdict(report: DecisionReport, rec: Recommendation) -> str:
    said = str(text.verdict(report))
    if not rec.needs_mesh:
        return f"{said} {rec.alternative_reason}" if rec.alternative_reason else said
    return f"{MESH_FITS} {said}"


def recommendation_lines(st: Styles, report: DecisionReport) -> list[Line]:
    rec = report.recommendation
    assert rec is not None
    wb = report.workbook
    crit = {c.id: c.name for c in wb.criteria}
    tool_names = {t.id: t.name for t in wb.tools}
    lines = _Lines(st)
    line, section = lines.line, lines.section
    percents = (st.percent, st.percent)

    line("Verdict", d=_verdict(report, rec), bold=True)
    line("Segment", d=f"{rec.segment_label or rec.segment}: {rec.segment_reason}", bold=True)
    line("Explanation", d=text.explanation(report) or None, bold=True)
    section("Answers", "Question", "", "", "Answer")
    for question, answer in text.answers_in_words(report):
        line(question, d=answer)
    section("Weights used", "Criterion", "Used (%)", "Profile (%)", "")
    if rec.weights_differ:
        line(
            "Note",
            d="The workbook's current weights differ from the weight profile of the answers; "
            "the totals, ranks and shortlist here use the current weights, as the Scores sheet "
            "does.",
        )
    for criterion_id, share in rec.ranked_weights.items():
        profile = rec.weights.get(criterion_id)
        used = float(share)
        line(crit.get(criterion_id, criterion_id), used, profile, numbers=percents)
    if rec.weight_changes:
        section("Weight changes", "Criterion", "Before (%)", "After (%)", "Why")
        for change in rec.weight_changes:
            why = f"{change.reason}. {change.why}" if change.why else change.reason
            name = crit.get(change.criterion_id, change.criterion_id)
            line(name, float(change.before), float(change.after), why, numbers=percents)
    if rec.must_haves:
        section("Must-haves", "Requirement", "", "", "Why")
        for must in rec.must_haves:
            line(must.label, d=must.reason)
    if rec.needs_mesh:
        section("Shortlist", "Tool", "Total", "Rank", "Reasons")
        for pick in rec.shortlist:
            total = float(pick.total) if math.isfinite(pick.total) else None
            reasons = "\n".join(text.reason_texts(pick.reasons)) or None
            line(
                pick.name,
                total,
                int(pick.rank),
                reasons,
                bold=True,
                numbers=(st.number, st.integer),
            )
    if rec.excluded:
        section("Excluded", "Tool", "Lifecycle", "Since", "Reasons")
        for gone in rec.excluded:
            said = text.exclusion_reasons(gone)
            reasons = "\n".join([*said, *([gone.advice] if gone.advice else [])])
            line(gone.name, gone.lifecycle_status, gone.lifecycle_since, reasons or None)
    if rec.what_if:
        section("If one requirement were relaxed", "Relaxed", "", "", "Would return")
        for what in rec.what_if:
            back = ", ".join(tool_names.get(t, t) for t in what.returns) or "nothing"
            line(text.relaxation(rec, what), d=back)
    return lines.out


def recommendation_sheet(book: XlsxBook, st: Styles, report: DecisionReport) -> BuiltSheet:
    """The sheet of a report that has a recommendation: what the report says, laid out."""
    scale = fixed_scale(WIDTHS)
    ws = setup_sheet(book, RECOMMENDATION, WIDTHS, freeze=None, title_rows=0, scale=scale)
    sheet = SheetRows(WIDTHS, fixed_heights=True)
    lines = recommendation_lines(st, report)

    def rows() -> Iterator[str]:
        for r, line in enumerate(lines, start=1):
            yield sheet.row(r, line.cells, keep_with_next=line.keep_with_next)

    def finish() -> None:
        Paging(scale).apply(ws, sheet)
        merge_cells(ws, sheet)

    return BuiltSheet(ws, rows, sheet, finish)
