"""The Facts sheet: a feature matrix of the tools with facts, and under it the legend, the
features that depend on the edition in words, and the sources cited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from openpyxl import Workbook as XlsxBook

from meshdesk.core.facts import Fact, ToolFacts, edition_summary, edition_wording
from meshdesk.core.workbook import Tool, Workbook
from meshdesk.io.xlsx_cells import SheetRows, Style, Value
from meshdesk.io.xlsx_layout import FACTS
from meshdesk.io.xlsx_metrics import text_width
from meshdesk.io.xlsx_pages import POINTS_PER_WIDTH_UNIT, fixed_scale, page_capacity
from meshdesk.io.xlsx_sheets import (
    BuiltSheet,
    Paging,
    column_width,
    merge_cells,
    natural_key,
    setup_sheet,
)
from meshdesk.io.xlsx_styles import Styles
from meshdesk.io.xlsx_texts import FACTS_LEGEND


def _cited(facts: ToolFacts) -> list[str]:
    """The ids of every source a tool's facts cite, each once, in order of first citation."""
    cited = list(facts.lifecycle.sources)
    for edition in facts.editions:
        cited += edition.license.sources
    for _, fact in facts.named_facts():
        cited += fact.sources
    for fact in facts.features.values():
        cited += fact.sources
    return list(dict.fromkeys(cited))


def _fact_text(fact: Fact) -> str:
    text = f"{fact.value} ({fact.date})" if fact.date else fact.value
    return text if fact.certain else text + "*"


EDITION_MARK: Final = " ‡"  # a feature that holds only in some editions (listed below)
FACT_COLUMNS: Final = (
    ("Tool", 24.0),
    ("Lifecycle", 15.0),
    ("Since", 11.0),
    ("Editions and licences", 30.0),
    ("CNCF status", 12.0),
    ("Data plane", 26.0),
    ("Latest release", 13.0),
)
SOURCES_COLUMN_WIDTH: Final = 22.0
LABEL_SPAN: Final = 3  # the first cell of a row under the matrix spans Tool, Lifecycle, Since


def _feature_value(facts: ToolFacts, feature_id: str) -> str:
    fact = facts.feature(feature_id)
    value = fact.value + (EDITION_MARK if fact.editions else "")
    return value if fact.certain else value + "*"


class _Facts:
    """The rows of the Facts sheet (see `facts_sheet`)."""

    def __init__(self, st: Styles, wb: Workbook) -> None:
        self.st, self.wb = st, wb
        self.tools = [t for t in wb.tools if t.facts is not None]
        self.features = wb.catalogue.features
        values = [
            [_feature_value(t.facts, f.id) for t in self.tools if t.facts is not None]
            for f in self.features
        ]
        widths = [width for _, width in FACT_COLUMNS]
        widths += [column_width(column, 7.0, 11.0, pad=1.5) for column in values]
        widths[0] = column_width([t.name for t in self.tools], widths[0], 36, bold=True)
        widths.append(SOURCES_COLUMN_WIDTH)
        self.widths = widths
        self.columns = len(widths)
        self.sheet = SheetRows(widths, fixed_heights=True)

    def tool_row(self, r: int, tool: Tool, facts: ToolFacts) -> str:
        st = self.st
        life = facts.lifecycle
        active = life.is_active
        uncertain = life.unverified or life.third_party
        cells: list[tuple[Value, Style]] = [
            (tool.name, st.name_wrap if active else st.name_wrap_inactive),
            (
                life.label + ("*" if uncertain else ""),
                st.wrap if active else st.lifecycle_wrap_inactive,
            ),
            (life.since, st.wrap),
            ("; ".join(edition_summary(e) for e in facts.editions), st.wrap),
            (_fact_text(facts.cncf), st.wrap),
            (_fact_text(facts.data_plane), st.wrap),
            (_fact_text(facts.latest_release), st.wrap),
        ]
        for feature in self.features:
            fact = facts.feature(feature.id)
            palette = st.features if fact.certain else st.features_uncertain
            cells.append((_feature_value(facts, feature.id), palette.get(fact.value, st.wrap)))
        cells.append((", ".join(_cited(facts)) or None, st.wrap))
        return self.sheet.row(r, cells)

    def header(self) -> str:
        st = self.st
        names = [name for name, _ in FACT_COLUMNS] + [f.name for f in self.features]
        styles = [st.header] * len(FACT_COLUMNS) + [st.header_rotated] * len(self.features)
        longest = max((text_width(f.name, bold=True) for f in self.features), default=0.0)
        height = min(max(60.0, longest * POINTS_PER_WIDTH_UNIT + 12), 250.0)
        cells = [*zip(names, styles, strict=True), ("Sources", st.header_left)]
        return self.sheet.row(1, cells, height)

    def rows(self) -> Iterator[str]:
        st, sheet = self.st, self.sheet
        if not self.tools:
            yield sheet.row(1, [("No facts are recorded for these tools.", st.muted)])
            return
        yield self.header()
        for i, tool in enumerate(self.tools):
            assert tool.facts is not None
            yield self.tool_row(i + 2, tool, tool.facts)
        r = len(self.tools) + 3
        yield sheet.row(r, [(FACTS_LEGEND, st.muted_wrap)], spans=(self.columns,))
        yield from self.by_edition(r + 2)
        yield from self.sources(self.sheet.last_row + 2)

    def by_edition(self, r: int) -> Iterator[str]:
        """The features that hold in some editions only, in words."""
        st, sheet = self.st, self.sheet
        found = [
            (tool, feature, tool.facts.feature(feature.id))
            for tool in self.tools
            if tool.facts is not None
            for feature in self.features
            if tool.facts.feature(feature.id).editions
        ]
        if not found:
            return
        spans = (LABEL_SPAN, self.columns - LABEL_SPAN)
        title = f"{EDITION_MARK.strip()} Depends on the edition"
        yield sheet.row(r, [(title, st.section)], keep_with_next=True)
        heads = [("Tool and feature", st.header_left), ("In which editions", st.header_left)]
        yield sheet.row(r + 1, heads, spans=spans, keep_with_next=True)
        for offset, (tool, feature, fact) in enumerate(found, start=r + 2):
            assert tool.facts is not None
            wording = edition_wording(fact, tool.facts.editions)
            cells = [(f"{tool.name}: {feature.name}", st.wrap), (wording, st.wrap)]
            yield sheet.row(offset, cells, spans=spans)

    def sources(self, r: int) -> Iterator[str]:
        """Every source the facts cite, with its title and address."""
        st, sheet = self.st, self.sheet
        cited = [s for t in self.tools if t.facts is not None for s in _cited(t.facts)]
        ids = sorted(set(cited), key=natural_key)
        if not ids:
            return
        spans = (1, self.columns - 1)
        yield sheet.row(r, [("Sources cited", st.section)], keep_with_next=True)
        heads = [("Source", st.header_left), ("Title and address", st.header_left)]
        yield sheet.row(r + 1, heads, spans=spans, keep_with_next=True)
        for offset, source_id in enumerate(ids, start=r + 2):
            source = self.wb.catalogue.sources.get(source_id)
            parts = (source.title, source.url or "") if source else ()
            where = " — ".join(x for x in parts if x)
            yield sheet.row(offset, [(source_id, st.text), (where or None, st.wrap)], spans=spans)

    def matrix_height(self) -> float:
        heights = self.sheet.plan.heights
        return sum(heights.get(r, 0.0) for r in range(1, len(self.tools) + 2))


def facts_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> BuiltSheet:
    """The feature matrix: a row per tool with facts, a rotated column per feature, the ids
    of the sources each tool's facts cite; under the matrix the legend, the features that
    depend on the edition in words, and the sources cited with their titles and URLs. Every
    text wraps in its cell; the lines under the matrix span its width."""
    facts = _Facts(st, wb)
    scale = fixed_scale(facts.widths)
    ws = setup_sheet(book, FACTS, facts.widths, freeze="B2", title_rows=0, scale=scale)

    def finish() -> None:
        # the feature header repeats on each page only when the matrix itself takes more than
        # one (on the pages of sources under it, it would only be in the way)
        title_rows = 1 if facts.tools and facts.matrix_height() > page_capacity(scale) else 0
        if title_rows:
            ws.print_title_rows = "1:1"
        Paging(scale, title_rows=title_rows).apply(ws, facts.sheet)
        merge_cells(ws, facts.sheet)

    return BuiltSheet(ws, facts.rows, facts.sheet, finish)
