"""Caveats, the decision block (sections 9-10), and the notes and sources appendices."""

from __future__ import annotations

from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from meshdesk.core.workbook import CellNote
from meshdesk.io.memo.fonts import FONT_DESCRIPTION
from meshdesk.io.memo.markup import (
    NAME_LIMIT,
    SOURCE_LIMIT,
    Markup,
    attribute,
    markup,
    safe_link,
    text,
)
from meshdesk.io.memo.model import MemoData
from meshdesk.io.memo.platforms import source_line
from meshdesk.io.memo.prose import count
from meshdesk.io.memo.styles import (
    INK,
    RULE,
    STYLES,
    bullet,
    cell,
    para,
    section_heading,
    table,
    table_style,
)

NOTES_LIMIT: Final = 400  # more notes than this: those on the tools of the main ranking table
NOTE_LIMIT: Final = 3_000  # characters of one note
MISSING_SHOWN: Final = 24
NOTE_TOOL_WIDTH: Final = 27 * mm
NOTE_CRITERION_WIDTH: Final = 26 * mm
NOTE_DATE_WIDTH: Final = 19 * mm
NOTE_WIDTHS: Final = (
    NOTE_TOOL_WIDTH,
    NOTE_CRITERION_WIDTH,
    10 * mm,
    None,
    32 * mm,
    NOTE_DATE_WIDTH,
)


# --- 9. Caveats ----------------------------------------------------------------------------------


def caveats_section(data: MemoData, missing: set[str]) -> list[Flowable]:
    wb = data.workbook
    source = wb.catalogue.sources.get(wb.catalogue.score_source or "")
    judge = markup("{}", source.title) if source else Markup("whoever scored them")
    points = [
        markup(
            "<b>Scores are comparative, not measurements.</b> They say how the tools compare "
            "with one another in the judgement of {}, not how any of them will behave in your "
            "estate. Verify every claim the decision rests on with the vendors, and prove the "
            "leading candidates in a pilot with your own services before committing.",
            judge,
        )
    ]
    if wb.metadata.dataset_as_of:
        points.append(
            markup(
                "The facts were checked on {}. Releases, licences and lifecycles change: "
                "re-check any fact the decision depends on.",
                wb.metadata.dataset_as_of,
            )
        )
    if data.unverified_count:
        points.append(
            markup(
                "{} in the dataset {} unverified or {} on a third-party source only; the memo "
                "says so wherever one appears.",
                count(data.unverified_count, "fact"),
                "is marked" if data.unverified_count == 1 else "are marked",
                "rests" if data.unverified_count == 1 else "rest",
            )
        )
    if data.discrepancies:
        points.append(
            markup(
                "For {} the printed total differs from what the publication’s own scores and "
                "weights give (footnotes to section 4). The memo always uses totals computed "
                "from the scores.",
                count(len(data.discrepancies), "tool"),
            )
        )
    if data.incomplete:
        points.append(
            markup(
                "{} {} a score on a weighted criterion, so {} no total and no rank.",
                count(len(data.incomplete), "tool"),
                "lacks" if len(data.incomplete) == 1 else "lack",
                "it has" if len(data.incomplete) == 1 else "they have",
            )
        )
    if missing:
        shown = sorted(missing)[:MISSING_SHOWN]
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in shown)
        more = f" and {len(missing) - len(shown)} more" if len(missing) > len(shown) else ""
        points.append(
            markup(
                "Some text in this project uses characters that the memo’s font ({}) does not "
                "have, and they show as empty boxes: {}{}. The rest of the text is unaffected; "
                "read those names and notes in the project itself.",
                FONT_DESCRIPTION,
                codes,
                more,
            )
        )
    return [section_heading("9. Caveats"), *(bullet(p) for p in points)]


# --- 10. Decision --------------------------------------------------------------------------------


def decision_section(data: MemoData) -> list[Flowable]:
    blank = ""
    author = text(data.author, NAME_LIMIT) if data.author.strip() else Markup("")

    def label(value: str) -> Any:
        return para(Markup(value), STYLES.cell_bold)

    def field(value: Markup) -> Any:
        return para(value, STYLES.signature)

    choices = Markup(
        "☐ Approved as recommended &nbsp;&nbsp; ☐ Approved with changes &nbsp;&nbsp; ☐ Not approved"
    )
    rows = [
        [label("Prepared by"), field(author), label("Signature"), blank, label("Date"), blank],
        [label("Reviewed by"), blank, label("Signature"), blank, label("Date"), blank],
        [label("Decision"), field(choices), blank, blank, blank, blank],
        [label("Platform chosen"), blank, blank, blank, blank, blank],
        [label("Conditions"), blank, blank, blank, blank, blank],
        [blank, blank, blank, blank, blank, blank],
    ]
    grid = Table(
        rows,
        colWidths=[30 * mm, 44 * mm, 19 * mm, 35 * mm, 11 * mm, None],
        rowHeights=[13 * mm, 13 * mm, 11 * mm, 11 * mm, 11 * mm, 11 * mm],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("SPAN", (1, 2), (-1, 2)),
                ("SPAN", (1, 3), (-1, 3)),
                ("SPAN", (1, 4), (-1, 4)),
                ("SPAN", (1, 5), (-1, 5)),
                ("LINEBELOW", (1, 0), (1, 1), 0.6, INK),
                ("LINEBELOW", (3, 0), (3, 1), 0.6, INK),
                ("LINEBELOW", (5, 0), (5, 1), 0.6, INK),
                ("LINEBELOW", (1, 3), (-1, 5), 0.6, INK),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
            ]
        ),
        hAlign="LEFT",
    )
    intro = para(
        Markup(
            "This memo is a proposal until the people below have signed it. The reviewer "
            "records the decision and any conditions attached to it."
        ),
        STYLES.body,
    )
    return [KeepTogether([section_heading("10. Decision"), intro, Spacer(1, 2 * mm), grid])]


# --- Appendix A: notes and evidence --------------------------------------------------------------


def notes_appendix(data: MemoData) -> list[Flowable]:
    wb = data.workbook
    out: list[Flowable] = [PageBreak(), section_heading("Appendix A. Notes and evidence")]
    if not wb.notes:
        out.append(para(Markup("The project holds no notes or evidence."), STYLES.body))
        return out
    position = {row: place for place, row in enumerate(data.order)}
    keyed = sorted(
        (
            (position[wb.tool_row(t)], wb.criterion_col(c), t, c, note)
            for (t, c), note in wb.notes.items()
            if not note.is_empty
        ),
        key=lambda k: (k[0], k[1]),
    )
    if len(keyed) > NOTES_LIMIT:
        shown_rows = {position[r] for r in data.main_table_rows} | {
            position[r] for r in data.featured
        }
        chosen = [k for k in keyed if k[0] in shown_rows][:NOTES_LIMIT]
        out.append(
            para(
                markup(
                    "The project holds {}; the {} on the tools of the ranking table in section 4 "
                    "are listed here. The others travel with the project file and its Excel "
                    "export.",
                    count(len(keyed), "note"),
                    f"{len(chosen):,}",
                ),
                STYLES.body,
            )
        )
    else:
        chosen = keyed
        out.append(
            para(
                Markup("What the project records behind individual scores, by tool in rank order."),
                STYLES.body,
            )
        )
    rows: list[list[Any]] = [["Tool", "Criterion", "Score", "Note", "Source", "Date"]]
    for _, j, tool_id, _criterion_id, note in chosen:
        i = wb.tool_row(tool_id)
        score = float(wb.scores[i, j])
        rows.append(
            [
                cell(wb.tools[i].name, NOTE_TOOL_WIDTH),
                cell(wb.criteria[j].name, NOTE_CRITERION_WIDTH),
                data.score_text(score),
                para(text(note.text, NOTE_LIMIT, line_breaks=True), STYLES.cell),
                para(_note_source(note), STYLES.cell),
                cell(note.date, NOTE_DATE_WIDTH),
            ]
        )
    out.append(table(rows, NOTE_WIDTHS, width=data.frame_width))
    return out


def _note_source(note: CellNote) -> Markup:
    link = safe_link(note.source)
    if link is None:
        return text(note.source, SOURCE_LIMIT)
    return markup('<a href="{}" color="#1f4e79">{}</a>', Markup(attribute(link)), note.source)


# --- Appendix B: sources -------------------------------------------------------------------------


def sources_appendix(data: MemoData) -> list[Flowable]:
    sources = data.workbook.catalogue.sources
    out: list[Flowable] = [section_heading("Appendix B. Sources")]
    if not sources:
        out.append(para(Markup("The project cites no sources."), STYLES.body))
        return out
    out.append(
        para(
            Markup(
                "Every source the dataset cites, by the short id used in the text. A source marked "
                "third-party restates what others published."
            ),
            STYLES.body,
        )
    )
    for source in sources.values():
        line = source_line(source)
        if source.third_party:
            line = markup("{} <i>(third-party)</i>", line)
        if source.note:
            line = markup("{}. {}", line, source.note.rstrip("."))
        out.append(para(line, STYLES.small))
    return out
