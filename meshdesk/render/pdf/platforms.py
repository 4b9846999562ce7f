"""The platforms in detail (section 7) and the ones left out (section 8)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from meshdesk.core.facts import Fact, Source, ToolFacts, edition_summary, edition_wording
from meshdesk.core.workbook import Tool
from meshdesk.render.pdf.fonts import BOLD, REGULAR
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
from meshdesk.render.pdf.picks import side_by_side
from meshdesk.render.pdf.styles import (
    CELL_PADDING,
    CELL_SIZE,
    ROW_MAX,
    RULE,
    STYLES,
    bullet,
    cell,
    fits,
    height,
    para,
    section_heading,
    table,
    table_style,
    with_table,
)
from meshdesk.report import text as report_text

FACT_LIMIT: Final = 1_500
FIXED_ROWS_BEFORE_EDITIONS: Final = 2  # header, lifecycle
FIXED_ROWS_AFTER_EDITIONS: Final = 3  # CNCF, data plane, latest release
FACT_NAME_WIDTH: Final = 42 * mm
SOURCES_WIDTH: Final = 20 * mm
ROOM_FOR_A_TOOL: Final = 50 * mm  # less room left: a tool's section starts on a new page
STRENGTHS_MAX: Final = 2 * ROW_MAX  # taller: strengths and weaknesses one after the other
STRENGTHS_GAP: Final = 8.0  # between the two columns of strengths and weaknesses
SMALL_SIZE: Final = 8.0  # STYLES.small, in which sources are listed


def source_line(source: Source, room: float) -> Markup:
    """`[I4] Title, https://...` for a paragraph in STYLES.small `room` points wide: the
    address a link when it is a plain web address (`markup.address`)."""
    if source.url:
        shown = address(source.url, room, REGULAR, SMALL_SIZE)
    else:
        shown = Markup("no web address recorded")
    return markup("<b>[{}]</b> {}, {}", source.id, source.title, shown)


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "—"


def _doubt(fact: Fact) -> Markup:
    if fact.unverified:
        return Markup(" <i>(unverified)</i>")
    if fact.third_party:
        return Markup(" <i>(third-party source only)</i>")
    return Markup("")


def _wrapped(value: str, room: float) -> Markup:
    """Fact text for lines `room` points wide: an address in it breaks where an address may."""
    return breakable(plain(value, FACT_LIMIT), room, REGULAR, CELL_SIZE)


def _fact_value(fact: Fact, *, with_date: bool = False) -> Callable[[float], Markup]:
    """The fact's value, date and note, for lines of a width still to be chosen."""

    def shown(room: float) -> Markup:
        parts = [_wrapped(fact.value, room)]
        if with_date and fact.date:
            parts.append(markup(" ({})", fact.date))
        if fact.note:
            parts.append(markup(". {}", _wrapped(fact.note.rstrip("."), room)))
        return markup("{}{}", join("", parts), _doubt(fact))

    return shown


# --- 7. The shortlist (or the leaders) in detail -------------------------------------------------


def featured_section(data: MemoData) -> list[Flowable]:
    rec = data.recommendation
    if rec is not None and not rec.needs_mesh:
        return [
            section_heading("7. Shortlisted platforms"),
            para(
                Markup(
                    "None: the verdict is that no platform is needed yet, so none was shortlisted. "
                    "The ranking of section 4 stands for the day that changes."
                ),
                STYLES.body,
            ),
        ]
    if rec is not None:
        out: list[Flowable] = [section_heading("7. Shortlisted platforms")]
        if not data.featured:
            return [
                *out,
                para(
                    Markup(
                        "None: no active platform in the workbook meets every requirement. "
                        "Section 2 shows which must-have, if relaxed, would bring candidates back."
                    ),
                    STYLES.body,
                ),
            ]
        intro = (
            "What the dataset says about each shortlisted platform (their figures side by "
            "side are in section 1): its strengths and weaknesses in the dataset’s words, then "
            "its dated facts, each with the sources it rests on (listed in full in appendix B)."
        )
    else:
        out = [section_heading("7. Leading tools")]
        if not data.featured:
            return [
                *out,
                para(
                    Markup("No active tool has a score on every weighted criterion."), STYLES.body
                ),
            ]
        intro = (
            "Without answers there is no shortlist. For reference, the highest-ranked active "
            "tools side by side, then what the dataset says about each: strengths, weaknesses "
            "and dated facts, each with its sources (listed in full in appendix B)."
        )
    out.append(para(Markup(intro), STYLES.body))
    if rec is None:
        out += side_by_side(data, data.featured, None, [])
    for place, row in enumerate(data.featured, 1):
        out += tool_detail(data, data.tool(row), f"7.{place}")
    return out


def tool_detail(data: MemoData, tool: Tool, number: str) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(ROOM_FOR_A_TOOL),
        section_heading(f"{number} {tool.name[:NAME_LIMIT]}", level=1),
    ]
    profile = tool.profile
    summary = []
    if profile.description:
        summary.append(text(profile.description))
    if profile.best_for:
        summary.append(markup("<b>Best for:</b> {}", profile.best_for))
    if profile.standout:
        summary.append(markup("<b>Stands out for:</b> {}", profile.standout))
    out += [para(m, STYLES.body) for m in summary]
    if profile.pros or profile.cons:
        out += _strengths(profile.pros, profile.cons, data.frame_width)
    if profile.key_features:
        out.append(para(Markup("Key features"), STYLES.h3))
        out += [bullet(text(f)) for f in profile.key_features]
    if tool.facts is None:
        out.append(
            para(
                Markup(
                    "The dataset holds no facts about this tool: it was added to the project by "
                    "hand or imported without them."
                ),
                STYLES.body,
            )
        )
        return out
    overflow = _Overflow(data.frame_width)
    facts = _facts_table(data, tool.facts, overflow)
    out += with_table(
        [para(Markup("Facts and their sources"), STYLES.h3)],
        facts,
        FIXED_ROWS_BEFORE_EDITIONS
        + len(tool.facts.editions)
        + FIXED_ROWS_AFTER_EDITIONS
        + len(data.workbook.catalogue.features),
    )
    out += overflow.paragraphs()
    cited = _cited_sources(data, tool.facts)
    if cited:
        out.append(para(Markup("Sources cited above"), STYLES.h3))
        out += [para(source_line(s, data.frame_width), STYLES.small) for s in cited]
    return out


def _strengths(pros: Sequence[str], cons: Sequence[str], width: float) -> list[Flowable]:
    """Strengths beside weaknesses, the two titles and the two lists never parted; when the
    lists are too tall for one table row (which cannot split across pages), one list after the
    other, as paragraphs that split."""

    def items(values: Sequence[str]) -> list[Paragraph]:
        return [bullet(text(i)) for i in values] or [para(Markup("None recorded."), STYLES.cell)]

    room = width / 2 - STRENGTHS_GAP
    if max(height(items(pros), room), height(items(cons), room)) > STRENGTHS_MAX:
        return [
            para(Markup("Strengths"), STYLES.h3),
            *items(pros),
            para(Markup("Weaknesses"), STYLES.h3),
            *items(cons),
        ]
    grid = Table(
        [
            [para(Markup("Strengths"), STYLES.h3), para(Markup("Weaknesses"), STYLES.h3)],
            [items(pros), items(cons)],
        ],
        colWidths=["50%", "50%"],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), STRENGTHS_GAP),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ]
        ),
        hAlign="LEFT",
    )
    return [KeepTogether([grid])]  # its header row never ends a page


class _Overflow:
    """Cells of the facts table too tall for a row: the cell says "see note 2 below the
    table", and the text follows the table as a paragraph (which splits across pages)."""

    def __init__(self, width: float) -> None:
        self.width = width  # of the notes below the table
        self.notes: list[tuple[str, Markup]] = []

    def cell(
        self, content: Callable[[float], Markup], room: float, what: str, raw: str = ""
    ) -> Paragraph:
        """`content` in a cell `room` wide, or a pointer to it below the table when it is too
        tall there, or fits only by cutting a word of `raw` (its text)."""
        shown = content(room)
        if fits(shown, STYLES.cell, room) and breaks_cleanly(raw, room, REGULAR, CELL_SIZE):
            return para(shown, STYLES.cell)
        self.notes.append((what, content(self.width)))
        return para(markup("<i>See note {} below the table.</i>", len(self.notes)), STYLES.cell)

    def paragraphs(self) -> list[Flowable]:
        if not self.notes:
            return []
        return [
            Spacer(1, 2 * mm),
            *(
                para(markup("<b>{}. {}:</b> {}", number, what, content), STYLES.small)
                for number, (what, content) in enumerate(self.notes, 1)
            ),
        ]


def _facts_table(data: MemoData, facts: ToolFacts, overflow: _Overflow) -> Table:
    value_room = data.frame_width - FACT_NAME_WIDTH - SOURCES_WIDTH - 2 * CELL_PADDING
    sources_room = SOURCES_WIDTH - 2 * CELL_PADDING

    def row(
        label: Any, what: str, value: Callable[[float], Markup], raw: str, sources: Sequence[str]
    ) -> list[Any]:
        shown_value = overflow.cell(value, value_room, what, raw)  # numbered first: read first
        shown_sources = cell(_ids(sources), SOURCES_WIDTH)
        if not isinstance(shown_sources, str):  # wraps: may be too tall
            ids = _ids(sources)
            shown_sources = overflow.cell(
                lambda room: _wrapped(ids, room), sources_room, f"{what} sources", ids
            )
        return [label, shown_value, shown_sources]

    life = facts.lifecycle
    since = f" since {life.since}" if life.since else ""
    doubt = Fact("", unverified=life.unverified, third_party=life.third_party)

    def lifecycle(room: float) -> Markup:
        said = " ".join(x for x in (life.summary, life.advice) if x)
        shown = markup("<b>{}</b>{}. {}", life.label, since, _wrapped(said, room))
        return markup("{}{}", shown, _doubt(doubt))

    rows: list[list[Any]] = [
        ["Fact", "Value", "Sources"],
        row("Lifecycle", "Lifecycle", lifecycle, f"{life.summary} {life.advice}", life.sources),
    ]
    scalar: list[tuple[str, Fact, bool]] = [
        *(
            (
                "Edition" if len(facts.editions) == 1 else f"Edition {n}",
                Fact(
                    edition_summary(edition),
                    note=" ".join(x for x in (edition.license.note, edition.note) if x),
                    sources=edition.license.sources,
                    unverified=edition.license.unverified,
                    third_party=edition.license.third_party,
                ),
                False,
            )
            for n, edition in enumerate(facts.editions, 1)
        ),
        ("CNCF status", facts.cncf, True),
        ("Data plane", facts.data_plane, False),
        ("Latest release", facts.latest_release, True),
    ]
    for label, fact, dated in scalar:
        value = _fact_value(fact, with_date=dated)
        rows.append(row(label, label, value, f"{fact.value} {fact.note}", fact.sources))
    for feature in data.workbook.catalogue.features:
        fact = facts.feature(feature.id)
        name = plain(feature.name, NAME_LIMIT)
        shown = replace(fact, value=edition_wording(fact, facts.editions))
        raw = f"{shown.value} {fact.note}"
        value = _fact_value(shown)
        rows.append(row(cell(name, FACT_NAME_WIDTH), name, value, raw, fact.sources))
    labelled = FIXED_ROWS_BEFORE_EDITIONS + len(facts.editions) + FIXED_ROWS_AFTER_EDITIONS
    bold_labels = ("FONT", (0, 1), (0, labelled - 1), BOLD, CELL_SIZE)
    return table(
        rows, [FACT_NAME_WIDTH, None, SOURCES_WIDTH], width=data.frame_width, extra=[bold_labels]
    )


def _cited_sources(data: MemoData, facts: ToolFacts) -> list[Source]:
    ids: list[str] = list(facts.lifecycle.sources)
    for _, fact in facts.named_facts():
        ids += fact.sources
    for feature in data.workbook.catalogue.features:
        ids += facts.feature(feature.id).sources
    catalogue = data.workbook.catalogue.sources
    seen: dict[str, Source] = {}
    for source_id in ids:
        if source_id in catalogue and source_id not in seen:
            seen[source_id] = catalogue[source_id]
    return list(seen.values())


# --- 8. Excluded ---------------------------------------------------------------------------------


def excluded_section(data: MemoData) -> list[Flowable]:
    out: list[Flowable] = [section_heading("8. Excluded platforms")]
    rec = data.recommendation
    if rec is not None and not rec.needs_mesh:
        out.append(
            para(
                Markup(
                    "No platform was weighed for a shortlist, since the verdict is that none is "
                    "needed yet; so none was excluded."
                ),
                STYLES.body,
            )
        )
        return out
    if rec is not None:
        if not rec.excluded:
            out.append(para(Markup("No candidate was left out."), STYLES.body))
            return out
        out.append(
            para(
                Markup(
                    "These candidates were considered for the answers and left out, each for the "
                    "reasons given. Tools never put forward for these answers are not listed; "
                    "they appear in the ranking."
                ),
                STYLES.body,
            )
        )
        for exclusion in rec.excluded:
            out.append(
                para(
                    markup(
                        "<b>{}.</b> {}",
                        text(exclusion.name, NAME_LIMIT),
                        join(" ", (text(r) for r in report_text.exclusion_reasons(exclusion))),
                    ),
                    STYLES.body,
                )
            )
        return out
    out.append(
        para(
            Markup(
                "Without answers there are no requirements, so no tool was excluded. The one "
                "exclusion that needs no answers applies all the same: a tool that is no longer "
                "actively maintained should not be adopted."
            ),
            STYLES.body,
        )
    )
    if not data.lifecycle:
        out.append(para(Markup("Every tool in the workbook is actively maintained."), STYLES.body))
    for warning in data.lifecycle:
        since = f" since {warning.since}" if warning.since else ""
        out.append(
            bullet(
                markup(
                    "<b>{}</b>: {}{}. {} {}",
                    text(warning.name, NAME_LIMIT),
                    warning.label.lower(),
                    since,
                    warning.summary,
                    warning.advice,
                )
            )
        )
    return out
