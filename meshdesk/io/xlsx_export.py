"""Export a workbook as a live Excel workbook (.xlsx) that round-trips.

Sheets, inputs first: `Scores` (inputs plus live `Weighted total` and `Rank` formulas),
`Weights` (the editable weights: names in column A, the defined name `CriterionNames`, and
weights in column B, `CriterionWeights`); then results: `Ranking` (the tools in the order of
their live ranks, with a bar chart of that order), `Recommendation` (when one is given),
`Robustness` (when an analysis is given: values computed at export time); then
reference: `Notes`, `Facts` and `About`. `meshdesk.io.xlsx_import` reads the inputs back.

The parts:
- `xlsx_layout`: sheet names, headers and defined names (shared with the import), limits;
- `xlsx_cells`: cells and rows serialized to SpreadsheetML (all text inline, never a formula);
- `xlsx_styles`: cell formats and number formats (decimals as the window shows them);
- `xlsx_formulas`: the live formulas (totals, ranks, the sorted Ranking list);
- `xlsx_metrics` and `xlsx_pages`: row heights for wrapped text, print setup, page breaks;
- `xlsx_sheets` (what sheets share, Scores, Weights, Notes, About), `xlsx_ranking`,
  `xlsx_facts` and `xlsx_recommendation`: the sheets; this module assembles the file.

How the file is built. openpyxl (write-only mode) writes the frame of every sheet: column
widths, frozen panes, data validation, conditional formats, the chart, print setup, page
breaks, merged cells, styles and defined names. The rows are serialized first (the page
breaks depend on their heights), then openpyxl writes the frames, and each sheet's rows are
put into its empty `<sheetData>` when the archive is assembled.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime

from openpyxl import Workbook as XlsxBook
from openpyxl.writer.excel import ExcelWriter

from meshdesk.core.analysis import Analysis
from meshdesk.core.clock import now
from meshdesk.core.errors import InputError
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.workbook import Workbook
from meshdesk.io.atomic import atomic_write_bytes
from meshdesk.io.xlsx_cells import LETTERS, Cells, Formula, SheetRows, Style, Value, cell_xml
from meshdesk.io.xlsx_facts import facts_sheet
from meshdesk.io.xlsx_formulas import criterion_count_formula, rank_formula, total_formula
from meshdesk.io.xlsx_layout import (
    ABOUT,
    ABOUT_FIELDS,
    CHART_MAX_TOOLS,
    COLUMN_WEIGHTS_NAME,
    COUNT_NAME,
    DERIVED_HEADERS,
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROW_HEIGHT,
    EXCEL_MAX_ROWS,
    EXCEL_MAX_TEXT,
    FACTS,
    LIFECYCLE_HEADER,
    NAMES_NAME,
    NOTES,
    NOTES_HEADERS,
    RANK_HEADER,
    RANKING,
    RANKING_HEADERS,
    RANKING_MAX_TOOLS,
    RECOMMENDATION,
    SCORES,
    TOOL_HEADER,
    TOTAL_DECIMALS,
    TOTAL_HEADER,
    TOTALS_NAME,
    WEIGHT_VALIDATION_SPARE_ROWS,
    WEIGHTS,
    WEIGHTS_HEADERS,
    WEIGHTS_NAME,
)
from meshdesk.io.xlsx_ranking import ranking_sheet
from meshdesk.io.xlsx_recommendation import recommendation_sheet
from meshdesk.io.xlsx_robustness import robustness_sheet
from meshdesk.io.xlsx_sheets import (
    BuiltSheet,
    about_sheet,
    lifecycle_text,
    natural_key,
    notes_sheet,
    scores_sheet,
    weights_sheet,
)
from meshdesk.io.xlsx_styles import Styles
from meshdesk.io.xlsx_texts import FACTS_LEGEND, HOW_TO_RETURN, HOW_TOTALS_WORK, RANKING_NOTE
from meshdesk.report import DecisionReport, build_report

__all__ = [
    "ABOUT",
    "ABOUT_FIELDS",
    "CHART_MAX_TOOLS",
    "COLUMN_WEIGHTS_NAME",
    "COUNT_NAME",
    "DERIVED_HEADERS",
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "EXCEL_MAX_ROW_HEIGHT",
    "EXCEL_MAX_TEXT",
    "FACTS",
    "FACTS_LEGEND",
    "HOW_TOTALS_WORK",
    "HOW_TO_RETURN",
    "LETTERS",
    "LIFECYCLE_HEADER",
    "NAMES_NAME",
    "NOTES",
    "NOTES_HEADERS",
    "RANKING",
    "RANKING_HEADERS",
    "RANKING_MAX_TOOLS",
    "RANKING_NOTE",
    "RANK_HEADER",
    "RECOMMENDATION",
    "SCORES",
    "TOOL_HEADER",
    "TOTALS_NAME",
    "TOTAL_DECIMALS",
    "TOTAL_HEADER",
    "WEIGHTS",
    "WEIGHTS_HEADERS",
    "WEIGHTS_NAME",
    "WEIGHT_VALIDATION_SPARE_ROWS",
    "Cells",
    "Formula",
    "SheetRows",
    "Style",
    "Value",
    "build_xlsx_bytes",
    "cell_xml",
    "criterion_count_formula",
    "export_xlsx",
    "lifecycle_text",
    "natural_key",
    "rank_formula",
    "total_formula",
]

_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"
_ROWS_PER_CHUNK = 500
ZipTime = tuple[int, int, int, int, int, int]


def _check_shape(wb: Workbook) -> None:
    if len(wb.tools) + 1 > EXCEL_MAX_ROWS or len(wb.notes) + 1 > EXCEL_MAX_ROWS:
        raise InputError(
            f"The workbook has {len(wb.tools):,} tools and {len(wb.notes):,} notes; a "
            f"spreadsheet holds at most {EXCEL_MAX_ROWS - 1:,} rows below its header."
        )
    if len(wb.criteria) + 4 > EXCEL_MAX_COLUMNS:
        raise InputError(
            f"The workbook has {len(wb.criteria):,} criteria, more than a spreadsheet has columns."
        )


def build_xlsx_bytes(
    workbook: Workbook,
    *,
    recommendation: Recommendation | None = None,
    questionnaire: Questionnaire | None = None,
    analysis: Analysis | None = None,
    report: DecisionReport | None = None,
) -> bytes:
    """The .xlsx file as bytes. Pure: reads the workbook (a snapshot), writes nothing.

    With a recommendation there is a Recommendation sheet; the questionnaire, when given,
    lets it show questions and answers in words instead of by id. With a robustness analysis
    (meshdesk.io.robustness) there is a Robustness sheet. A decision `report` already built
    for this workbook (meshdesk.report) is laid out as it is; else one is built here from
    the recommendation and the analysis."""
    _check_shape(workbook)
    book = XlsxBook(write_only=True)
    styles = Styles(book)
    sheets = [
        scores_sheet(book, styles, workbook),
        weights_sheet(book, styles, workbook),
        ranking_sheet(book, styles, workbook),
    ]
    if report is None and (recommendation is not None or analysis is not None):
        report = build_report(
            workbook, recommendation, questionnaire, day=now().date(), analysis=analysis
        )
    if report is not None and report.recommendation is not None:
        sheets.append(recommendation_sheet(book, styles, report))
    if report is not None and report.analysis is not None:
        sheets.append(robustness_sheet(book, styles, workbook, report.analysis))
    sheets += [
        notes_sheet(book, styles, workbook),
        facts_sheet(book, styles, workbook),
        about_sheet(book, styles, workbook),
    ]
    # the rows first: page breaks and print titles depend on their heights
    rows = [(sheet, _encoded_rows(sheet.rows())) for sheet in sheets]
    for sheet in sheets:
        if sheet.finish is not None:
            sheet.finish()
    stamp = now().astimezone(UTC).replace(tzinfo=None, microsecond=0)
    book.properties.creator = "MeshDesk"
    book.properties.title = workbook.metadata.title[:255]
    book.properties.created = book.properties.modified = stamp
    frame = io.BytesIO()
    # ExcelWriter rather than book.save(): save() stamps the current time into the file, and
    # exports made under SOURCE_DATE_EPOCH must be identical byte for byte.
    ExcelWriter(book, zipfile.ZipFile(frame, "w", zipfile.ZIP_STORED)).save()
    # a sheet's path is known only once openpyxl has written it (it numbers the sheets then)
    by_member = {sheet.frame.path.lstrip("/"): (sheet, chunks) for sheet, chunks in rows}
    return _assemble(frame, by_member, _zip_time(stamp))


def _zip_time(stamp: datetime) -> ZipTime:
    if stamp.year < 1980:  # the earliest time a zip archive can record
        return (1980, 1, 1, 0, 0, 0)
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _assemble(
    frame: io.BytesIO, sheets: dict[str, tuple[BuiltSheet, list[bytes]]], date_time: ZipTime
) -> bytes:
    """Copy openpyxl's archive, putting each sheet's rows into its empty <sheetData> and its
    used range into a <dimension> (without one, readers scan a whole sheet to size it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(frame) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            data = source.read(info.filename)
            found_sheet = sheets.get(info.filename)
            if found_sheet is None:
                target.writestr(member, data)
                continue
            sheet, chunks = found_sheet
            head, found, tail = data.partition(_EMPTY_SHEET_DATA)
            before, views, after = head.partition(b"<sheetViews>")
            if not (found and views):
                raise RuntimeError(f"openpyxl wrote an unexpected frame for {info.filename}")
            dimension = f'<dimension ref="{sheet.writer.dimension}"/>'.encode()
            with target.open(member, "w", force_zip64=True) as handle:
                handle.write(before + dimension + views + after + b"<sheetData>")
                for chunk in chunks:
                    handle.write(chunk)
                handle.write(b"</sheetData>" + tail)
    return out.getvalue()


def _encoded_rows(rows: Iterator[str]) -> list[bytes]:
    """All rows of a sheet as UTF-8, a few hundred rows per chunk."""
    chunks: list[bytes] = []
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _ROWS_PER_CHUNK:
            chunks.append("".join(batch).encode("utf-8"))
            batch.clear()
    chunks.append("".join(batch).encode("utf-8"))
    return chunks


def export_xlsx(
    workbook: Workbook,
    path: str | os.PathLike[str],
    *,
    recommendation: Recommendation | None = None,
    questionnaire: Questionnaire | None = None,
    analysis: Analysis | None = None,
) -> None:
    """Write the workbook as .xlsx atomically: the old file or the new one, never a torn one."""
    data = build_xlsx_bytes(
        workbook, recommendation=recommendation, questionnaire=questionnaire, analysis=analysis
    )
    atomic_write_bytes(path, data)
