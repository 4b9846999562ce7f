"""Caveats, the decision block (sections 9-10), and the notes and sources appendices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from meshdesk.core.workbook import NOTE_TEXT_MAX, CellNote
from meshdesk.render.pdf.fonts import FONT_DESCRIPTION, REGULAR
from meshdesk.render.pdf.markup import (
    NAME_LIMIT,
    Markup,
    address,
    breakable,
    breaks_cleanly,
    join,
    markup,
    plain,
    text,
)
from meshdesk.render.pdf.model import MemoData
from meshdesk.render.pdf.platforms import SMALL_SIZE, source_line
from meshdesk.render.pdf.prose import count
from meshdesk.render.pdf.styles import (
    CELL_PADDING,
    CELL_SIZE,
    FIT_CHARS,
    INK,
    NOTE_SIZE,
    RULE,
    STYLES,
    bullet,
    cell,
    fits,
    para,
    section_heading,
    table,
    table_style,
    with_table,
)

NOTES_LIMIT: Final = 400  # more notes than this: those on the tools of the main ranking table
NOTE_LIMIT: Final = NOTE_TEXT_MAX  # a note is shown whole...
# ...until the long notes shown add up to this size: characters, a line break counted as a
# line of them (a note of 10,000 one-letter lines is 10,000 lines long). About 45 pages: a
# pasted log of 2,000 short lines is shown whole (`_long_notes` says "some 45 pages")
LONG_NOTES_BUDGET: Final = 250_000
LINE_SIZE: Final = 100  # characters of a line of a long note, about
LONG_NOTE_CUT: Final = 2_000  # then each further long note shows its first part of this size
# a paragraph of many short lines splits across pages slowly (each split re-lays the rest):
# a long note is laid out in paragraphs of at most this many lines
LINES_PER_PARAGRAPH: Final = 20
NOTE_SOURCE_WIDTH: Final = 32 * mm
MISSING_SHOWN: Final = 24
SIGN_NAME_CHARS: Final = 120  # of a name in the decision block (the project allows 500)
SIGN_LINE: Final = 15.0  # a one-line name with its padding, in points
SIGN_ROW: Final = 13 * mm  # a row to sign on
DECISION_ROW: Final = 11 * mm
APPENDIX_ROOM: Final = 50 * mm  # less room left on the page: an appendix starts a new one
NOTE_TOOL_WIDTH: Final = 27 * mm
NOTE_CRITERION_WIDTH: Final = 26 * mm
NOTE_DATE_WIDTH: Final = 19 * mm
NOTE_WIDTHS: Final = (
    NOTE_TOOL_WIDTH,
    NOTE_CRITERION_WIDTH,
    10 * mm,
    None,
    NOTE_SOURCE_WIDTH,
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
    """Who prepared the memo and who reviews it, a line each to sign and date; then the
    decision, the platform chosen and its conditions. The names come from the project's
    metadata (the author and reviewers can be overridden for one memo); a project that names
    no reviewer gets one blank line for whoever reviews it."""
    blank = ""

    def label(value: str) -> Any:
        return para(Markup(value), STYLES.cell_bold)

    def name(value: str) -> Any:
        return para(text(value, SIGN_NAME_CHARS), STYLES.signature) if value.strip() else blank

    people = [("Prepared by", data.author)]
    reviewers = list(data.reviewers) or [""]
    people += [("Reviewed by" if k == 0 else "", r) for k, r in enumerate(reviewers)]
    rows: list[list[Any]] = [
        [label(role) if role else blank, name(who), label("Signature"), blank, label("Date"), blank]
        for role, who in people
    ]
    choices = Markup(
        "☐ Approved as recommended &nbsp;&nbsp; ☐ Approved with changes &nbsp;&nbsp; ☐ Not approved"
    )
    first_decision = len(rows)
    rows += [
        [label("Decision"), para(choices, STYLES.signature), blank, blank, blank, blank],
        [label("Platform chosen"), blank, blank, blank, blank, blank],
        [label("Conditions"), blank, blank, blank, blank, blank],
        [blank, blank, blank, blank, blank, blank],
    ]
    signed = first_decision - 1  # the last row with a name to sign
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        # rows at least SIGN_ROW tall (room to sign), taller when a long name wraps
        ("TOPPADDING", (0, 0), (-1, signed), SIGN_ROW - SIGN_LINE),
        ("TOPPADDING", (0, first_decision), (-1, -1), DECISION_ROW - SIGN_LINE),
        ("LINEBELOW", (1, 0), (1, signed), 0.6, INK),
        ("LINEBELOW", (3, 0), (3, signed), 0.6, INK),
        ("LINEBELOW", (5, 0), (5, signed), 0.6, INK),
        ("LINEBELOW", (1, first_decision + 1), (-1, -1), 0.6, INK),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
    ]
    commands += [("SPAN", (1, r), (-1, r)) for r in range(first_decision, len(rows))]
    grid = Table(
        rows,
        colWidths=[30 * mm, 44 * mm, 19 * mm, 35 * mm, 11 * mm, None],
        style=table_style(commands),
        hAlign="LEFT",
        repeatRows=0,
    )
    intro = para(
        Markup(
            "This memo is a proposal until the people below have signed it. The reviewers "
            "record the decision and any conditions attached to it."
            if data.reviewers
            else "This memo is a proposal until it is signed. The project names no reviewer: "
            "whoever reviews it signs the blank line and records the decision and any "
            "conditions attached to it."
        ),
        STYLES.body,
    )
    heading = section_heading("10. Decision")
    return with_table([heading, intro, Spacer(1, 2 * mm)], grid, len(rows))


# --- Appendix A: notes and evidence --------------------------------------------------------------


@dataclass(frozen=True)
class _Note:
    column: int
    tool_id: str
    note: CellNote


def notes_appendix(data: MemoData) -> list[Flowable]:
    """Every note in a table, by tool in rank order. A note too tall for a table row (which
    reportlab cannot split across pages) has a pointer there, and follows the table in
    paragraphs of its own, which split like any text."""
    wb = data.workbook
    out: list[Flowable] = [
        CondPageBreak(APPENDIX_ROOM),
        section_heading("Appendix A. Notes and evidence"),
    ]
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
    fixed = sum(w for w in NOTE_WIDTHS if w is not None)
    note_room = data.frame_width - fixed - 2 * CELL_PADDING
    source_room = NOTE_SOURCE_WIDTH - 2 * CELL_PADDING
    rows: list[list[Any]] = [["Tool", "Criterion", "Score", "Note", "Source", "Date"]]
    long_notes: list[tuple[Markup, _Note]] = []
    for _, j, tool_id, _criterion_id, note in chosen:
        i = wb.tool_row(tool_id)
        score = float(wb.scores[i, j])
        note_fits = len(note.text) <= FIT_CHARS  # longer never fits: not laid out to see
        content = _note_text(note.text, note_room, CELL_SIZE) if note_fits else Markup("")
        # a note or source that fits only if a word is cut goes below the table, whole width
        note_fits = (
            note_fits
            and fits(content, STYLES.cell, note_room)
            and breaks_cleanly(note.text, note_room, REGULAR, CELL_SIZE)
        )
        source = _note_source(note, source_room)
        source_fits = fits(source, STYLES.cell, source_room) and breaks_cleanly(
            note.source, source_room, REGULAR, CELL_SIZE
        )
        if not (note_fits and source_fits):
            label = Markup(f"A.{len(long_notes) + 1}")
            long_notes.append((label, _Note(j, tool_id, note)))
            content = markup(
                "<i>In full below the table, as note {} ({}).</i>",
                label,
                count(len(note.text), "character"),
            )
            if not source_fits:
                source = markup("<i>With note {}.</i>", label)
        rows.append(
            [
                cell(wb.tools[i].name, NOTE_TOOL_WIDTH),
                cell(wb.criteria[j].name, NOTE_CRITERION_WIDTH),
                data.score_text(score),
                para(content, STYLES.cell),
                para(source, STYLES.cell),
                cell(note.date, NOTE_DATE_WIDTH),
            ]
        )
    out.append(table(rows, NOTE_WIDTHS, width=data.frame_width))
    if long_notes:
        out += _long_notes(data, long_notes)
    return out


def _long_notes(data: MemoData, notes: list[tuple[Markup, _Note]]) -> list[Flowable]:
    """The notes too long for the table, one after another, each under a heading that says
    where it belongs; past LONG_NOTES_BUDGET characters each is cut, and says so."""
    wb = data.workbook
    texts = [plain(n.note.text) for _, n in notes]
    shown: list[str] = []
    used = 0
    for value in texts:
        size = _size(value)
        whole = used + size <= LONG_NOTES_BUDGET or size <= LONG_NOTE_CUT
        shown.append(value if whole else _cut(value, LONG_NOTE_CUT))
        used += size if whole else LONG_NOTE_CUT
    intro = "Notes too long for a row of the table, in full."
    if shown != texts:
        intro = (
            "Notes too long for a row of the table. Once some 45 pages of them have been "
            "shown, each further one shows its beginning and says where it is cut: the "
            "project file and its Excel export hold every note whole."
        )
    out: list[Flowable] = [
        section_heading("Long notes", level=1),
        para(Markup(intro), STYLES.body),
    ]
    room = data.frame_width
    for (label, item), value, part in zip(notes, texts, shown, strict=True):
        i = wb.tool_row(item.tool_id)
        note = item.note
        details = [markup("Score {}", data.score_text(float(wb.scores[i, item.column])))]
        if note.date:
            details.append(markup("dated {}", note.date))
        if note.source:
            details.append(markup("source: {}", _note_source(note, room)))
        out += [
            para(
                markup(
                    "{} · {} / {}",
                    label,
                    text(wb.tools[i].name, NAME_LIMIT),
                    text(wb.criteria[item.column].name, NAME_LIMIT),
                ),
                STYLES.h3,
            ),
            para(markup("{}.", join("; ", details)), STYLES.note_meta),
        ]
        out += note_paragraphs(part, room)
        if part != value:
            out.append(
                para(
                    markup(
                        "<i>[Cut here: {} of {} shown. The project file and its Excel export "
                        "hold the whole note.]</i>",
                        f"{len(part):,}",
                        count(len(value), "character"),
                    ),
                    STYLES.note,
                )
            )
    return out


def _size(value: str) -> int:
    """How much room a note takes: its characters, and a line for each line break."""
    return len(value) + LINE_SIZE * value.count("\n")


def _cut(value: str, size: int) -> str:
    """The beginning of `value` whose `_size` is at most `size`, ended at a space when there
    is one in its last line's worth of characters."""
    used = 0
    for index, ch in enumerate(value):
        used += 1 + LINE_SIZE * (ch == "\n")
        if used > size:
            space = max(value.rfind(" ", 0, index + 1), value.rfind("\n", 0, index + 1))
            end = space if space > index - LINE_SIZE else index
            return value[:end].rstrip()
    return value


def note_paragraphs(value: str, room: float) -> list[Flowable]:
    """A note's text as paragraphs (blank lines part them; its other line breaks are kept),
    in runs of at most LINES_PER_PARAGRAPH lines, each of which splits across pages."""
    blocks = [b.strip("\n") for b in re.split(r"\n[^\S\n]*\n", plain(value))]
    out: list[Flowable] = []
    for block in blocks:
        if not block.strip():
            continue
        lines = block.split("\n")
        for start in range(0, len(lines), LINES_PER_PARAGRAPH):
            run = "\n".join(lines[start : start + LINES_PER_PARAGRAPH])
            last = start + LINES_PER_PARAGRAPH >= len(lines)
            out.append(
                para(
                    breakable(run, room, REGULAR, NOTE_SIZE, line_breaks=True),
                    STYLES.note if last else STYLES.note_run,
                )
            )
    return out


def _note_text(value: str, room: float, size: float) -> Markup:
    """A note for a table cell `room` points wide: its line breaks kept, long words broken."""
    return breakable(plain(value, NOTE_LIMIT), room, REGULAR, size, line_breaks=True)


def _note_source(note: CellNote, room: float) -> Markup:
    """A note's source: a link only if it is a plain web address (see `markup.safe_link`)."""
    return address(note.source, room, REGULAR, CELL_SIZE)


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
        line = source_line(source, data.frame_width)
        if source.third_party:
            line = markup("{} <i>(third-party)</i>", line)
        if source.note:  # an address in it breaks like the source's own (markup.break_lines)
            note = breakable(plain(source.note.rstrip(".")), data.frame_width, REGULAR, SMALL_SIZE)
            line = markup("{}. {}", line, note)
        out.append(para(line, STYLES.small))
    return out
