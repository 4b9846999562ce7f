"""The platforms in detail (section 7) and the ones left out (section 8)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from meshdesk.core.facts import Fact, Source, ToolFacts
from meshdesk.core.workbook import Tool
from meshdesk.io.memo.fonts import BOLD
from meshdesk.io.memo.markup import NAME_LIMIT, Markup, attribute, join, markup, safe_link, text
from meshdesk.io.memo.model import MemoData
from meshdesk.io.memo.prose import sentences
from meshdesk.io.memo.styles import (
    CELL_SIZE,
    RULE,
    STYLES,
    bullet,
    cell,
    para,
    section_heading,
    table,
    table_style,
    with_table,
)

FACT_LIMIT: Final = 1_500
FIXED_FACT_ROWS: Final = 6  # header, lifecycle, licence, CNCF, data plane, latest release
FACT_NAME_WIDTH: Final = 42 * mm
SOURCES_WIDTH: Final = 20 * mm
ROOM_FOR_A_TOOL: Final = 70 * mm  # less room left: a tool's section starts on a new page


def source_line(source: Source) -> Markup:
    """`[I4] Title, https://...`: the address a link when it is a plain web address."""
    link = safe_link(source.url)
    if link is not None:
        address = markup('<a href="{}" color="#1f4e79">{}</a>', Markup(attribute(link)), source.url)
    elif source.url:
        address = text(source.url)
    else:
        address = Markup("no web address recorded")
    return markup("<b>[{}]</b> {}, {}", source.id, source.title, address)


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "—"


def _doubt(fact: Fact) -> Markup:
    if fact.unverified:
        return Markup(" <i>(unverified)</i>")
    if fact.third_party:
        return Markup(" <i>(third-party source only)</i>")
    return Markup("")


def _fact_value(fact: Fact, *, with_date: bool = False) -> Markup:
    parts = [text(fact.value, FACT_LIMIT)]
    if with_date and fact.date:
        parts.append(markup(" ({})", fact.date))
    if fact.note:
        parts.append(markup(". {}", fact.note.rstrip(".")))
    return markup("{}{}", join("", parts), _doubt(fact))


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
            "What the dataset says about each shortlisted platform: its strengths and "
            "weaknesses in the dataset’s words, then its dated facts, each with the sources it "
            "rests on (listed in full in appendix B)."
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
            "Without answers there is no shortlist. For reference, what the dataset says about "
            "the highest-ranked active tools: strengths, weaknesses and dated facts, each with "
            "its sources (listed in full in appendix B)."
        )
    out.append(para(Markup(intro), STYLES.body))
    for place, row in enumerate(data.featured, 1):
        out += tool_detail(data, data.tool(row), f"7.{place}")
    return out


def tool_detail(data: MemoData, tool: Tool, number: str) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(ROOM_FOR_A_TOOL),
        section_heading(f"{number} {tool.name[:NAME_LIMIT]}", level=1),
    ]
    profile = tool.profile
    row = data.workbook.tool_row(tool.id)
    summary = []
    if data.ranking.complete[row]:
        summary.append(
            markup("<b>Weighted total</b> {:.2f}, rank {}.", data.total(row), data.rank(row))
        )
    if profile.description:
        summary.append(text(profile.description))
    if profile.best_for:
        summary.append(markup("<b>Best for:</b> {}", profile.best_for))
    if profile.standout:
        summary.append(markup("<b>Stands out for:</b> {}", profile.standout))
    out += [para(m, STYLES.body) for m in summary]
    if profile.pros or profile.cons:
        out.append(_strengths(profile.pros, profile.cons))
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
    facts = _facts_table(data, tool.facts)
    out += with_table(
        [para(Markup("Facts and their sources"), STYLES.h3)],
        facts,
        FIXED_FACT_ROWS + len(data.workbook.catalogue.features),
    )
    cited = _cited_sources(data, tool.facts)
    if cited:
        out.append(para(Markup("Sources cited above"), STYLES.h3))
        out += [para(source_line(s), STYLES.small) for s in cited]
    return out


def _strengths(pros: Sequence[str], cons: Sequence[str]) -> Table:
    def cell(items: Sequence[str]) -> list[Paragraph]:
        return [bullet(text(i)) for i in items] or [para(Markup("None recorded."), STYLES.cell)]

    return Table(
        [
            [para(Markup("Strengths"), STYLES.h3), para(Markup("Weaknesses"), STYLES.h3)],
            [cell(pros), cell(cons)],
        ],
        colWidths=["50%", "50%"],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ]
        ),
        hAlign="LEFT",
    )


def _facts_table(data: MemoData, facts: ToolFacts) -> Table:
    life = facts.lifecycle
    since = f" since {life.since}" if life.since else ""
    lifecycle = markup("<b>{}</b>{}. {}", life.label, since, life.summary)
    if life.advice:
        lifecycle = markup("{} {}", lifecycle, life.advice)
    doubt = Fact("", unverified=life.unverified, third_party=life.third_party)
    rows: list[list[Any]] = [
        ["Fact", "Value", "Sources"],
        [
            "Lifecycle",
            para(markup("{}{}", lifecycle, _doubt(doubt)), STYLES.cell),
            cell(_ids(life.sources), SOURCES_WIDTH),
        ],
    ]
    licence = facts.license
    licence_shown = Fact(
        f"{licence.value} ({licence.category})" if licence.category else licence.value,
        note=licence.note,
        unverified=licence.unverified,
        third_party=licence.third_party,
    )
    scalar = [
        ("Licence", _fact_value(licence_shown), licence.sources),
        ("CNCF status", _fact_value(facts.cncf, with_date=True), facts.cncf.sources),
        ("Data plane", _fact_value(facts.data_plane), facts.data_plane.sources),
        (
            "Latest release",
            _fact_value(facts.latest_release, with_date=True),
            facts.latest_release.sources,
        ),
    ]
    for label, value, sources in scalar:
        rows.append([label, para(value, STYLES.cell), cell(_ids(sources), SOURCES_WIDTH)])
    for feature in data.workbook.catalogue.features:
        fact = facts.feature(feature.id)
        rows.append(
            [
                cell(feature.name, FACT_NAME_WIDTH),
                para(_fact_value(fact), STYLES.cell),
                cell(_ids(fact.sources), SOURCES_WIDTH),
            ]
        )
    bold_labels = ("FONT", (0, 1), (0, FIXED_FACT_ROWS - 1), BOLD, CELL_SIZE)
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
                        sentences(exclusion.reasons),
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
