"""The featured platforms side by side, and what is said of each pick only once.

The engine gives every pick the same run of clauses (its total and rank, its scores on the
heaviest criteria, how it meets each must-have, its licence, its CNCF status). Written out per
pick, that is one template sentence after another; the memo puts those figures in one table,
platforms across, computed from the workbook (never read back from the engine's wording), and
keeps as prose only what differs. A reason every pick shares is said once, for all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from meshdesk.core.facts import Fact, ToolFacts, edition_wording, licence_wording
from meshdesk.core.numbers import fixed
from meshdesk.core.reasons import Reason
from meshdesk.core.recommendation import Pick, Recommendation
from meshdesk.render.pdf.markup import NAME_LIMIT, Markup, join, markup, names, text
from meshdesk.render.pdf.model import MemoData
from meshdesk.render.pdf.styles import STYLES, para, table, with_table
from meshdesk.report import text as report_text

COLUMNS_PER_TABLE: Final = 4  # platforms side by side in one table
LABEL_WIDTH: Final = 38 * mm
CRITERIA_SHOWN: Final = 2  # the heaviest criteria, as the engine's reasons name them
VALUE_CHARS: Final = 160  # of a fact value in a cell (its note is in section 7)


def _doubt(fact: Fact) -> Markup:
    if fact.unverified:
        return Markup(" <i>(unverified)</i>")
    if fact.third_party:
        return Markup(" <i>(third-party source only)</i>")
    return Markup("")


def _cited(value: str, fact: Fact) -> Markup:
    sources = markup(" [{}]", ", ".join(fact.sources)) if fact.sources else Markup("")
    return markup("{}{}{}", text(value, VALUE_CHARS), _doubt(fact), sources)


def _licence(facts: ToolFacts, pick: Pick | None) -> Markup:
    """The licence of the edition the pick stands for (the first that meets every must-have),
    else of the tool's first edition."""
    named = [e for e in facts.editions if pick is not None and e.name in pick.editions]
    edition = named[0] if named else facts.editions[0]
    shown = _cited(licence_wording(edition), edition.license)
    return markup("{}: {}", edition.name, shown) if len(facts.editions) > 1 else shown


def side_by_side(
    data: MemoData, rows: Sequence[int], rec: Recommendation | None, lead: Sequence[Flowable]
) -> list[Flowable]:
    """The platforms `rows` (best first) in columns: total, gap to the first, rank, scores on
    the heaviest criteria, then with a recommendation each must-have, and licence and CNCF
    status from the facts. Four platforms to a table."""
    out: list[Flowable] = []
    for start in range(0, len(rows), COLUMNS_PER_TABLE):
        chunk = list(rows[start : start + COLUMNS_PER_TABLE])
        grid, count = _table(data, rows, chunk, start, rec)
        out += with_table(lead if start == 0 else [], grid, count, [Spacer(1, 3 * mm)])
    return out


def _table(
    data: MemoData, rows: Sequence[int], chunk: list[int], start: int, rec: Recommendation | None
) -> tuple[Table, int]:
    wb = data.workbook
    first = rows[0]
    picks = {p.tool_id: p for p in rec.shortlist} if rec is not None else {}

    def cell(value: Markup) -> Any:
        return para(value, STYLES.cell)

    def label(value: Markup) -> Any:
        return para(value, STYLES.cell_bold)

    header: list[Any] = [para(Markup(""), STYLES.head)]
    header += [
        para(markup("{}. {}", start + k + 1, text(data.tool(i).name, NAME_LIMIT)), STYLES.head)
        for k, i in enumerate(chunk)
    ]
    body: list[list[Any]] = [
        [label(Markup("Weighted total"))]
        + [cell(markup("{}", fixed(data.total(i), 2))) for i in chunk],
        [label(markup("Against {}", text(data.tool(first).name, NAME_LIMIT)))]
        + [cell(_against(data, rows, i)) for i in chunk],
        [label(Markup("Rank in section 4"))] + [cell(markup("{}", data.rank(i))) for i in chunk],
    ]
    for j in sorted(data.heaviest_criteria(CRITERIA_SHOWN)):
        criterion = wb.criteria[j]
        name = markup("{} ({}%)", text(criterion.name, NAME_LIMIT), fixed(data.weight_share(j), 1))
        body.append(
            [label(name)]
            + [cell(markup("{}", data.score_text(float(wb.scores[i, j])))) for i in chunk]
        )
    for must in rec.must_haves if rec is not None else ():
        row: list[Any] = [label(text(must.label, NAME_LIMIT))]
        for i in chunk:
            facts = data.tool(i).facts
            if facts is None:
                row.append(cell(Markup("not recorded")))
                continue
            fact = facts.feature(must.feature_id)
            row.append(cell(_cited(edition_wording(fact, facts.editions), fact)))
        body.append(row)
    facts_rows: list[list[Any]] = [[label(Markup("Licence"))], [label(Markup("CNCF status"))]]
    for i in chunk:
        facts = data.tool(i).facts
        if facts is None:
            facts_rows[0].append(cell(Markup("not recorded")))
            facts_rows[1].append(cell(Markup("not recorded")))
            continue
        facts_rows[0].append(cell(_licence(facts, picks.get(data.tool(i).id))))
        facts_rows[1].append(cell(_cited(facts.cncf.value, facts.cncf)))
    body += facts_rows
    widths: list[float | None] = [LABEL_WIDTH, *([None] * len(chunk))]
    return table([header, *body], widths, width=data.frame_width), 1 + len(body)


def _against(data: MemoData, rows: Sequence[int], row: int) -> Markup:
    """The first one's lead over the second; every other one's gap to the first, from the
    totals before rounding."""
    first = data.total(rows[0])
    if row == rows[0]:
        if len(rows) < 2:
            return Markup("—")
        return markup("leads by {}", fixed(first - data.total(rows[1]), 2))
    return markup("{} behind", fixed(first - data.total(row), 2))


# --- the reasons, each said once -------------------------------------------------------------


def pick_reasons(rec: Recommendation) -> list[Flowable]:
    """The reasons the table does not show (by kind: `report.text.TABULATED`), each said
    once, in the report's words: one that every pick shares under "Every pick", one that some
    share under their names, then what is particular to each pick under its own."""
    kept = [[r for r in p.reasons if r.kind not in report_text.TABULATED] for p in rec.shortlist]
    holders: dict[str, list[int]] = {}
    first_said: dict[str, Reason] = {}
    for place, reasons in enumerate(kept):
        for reason in reasons:
            said = report_text.reason_text(reason)  # the same words: the same reason
            first_said.setdefault(said, reason)
            if place not in holders.setdefault(said, []):
                holders[said].append(place)
    groups: dict[tuple[int, ...], list[str]] = {}
    for said, places in holders.items():
        groups.setdefault(tuple(places), []).append(said)
    everyone = tuple(range(len(kept)))
    out: list[Flowable] = []
    order = sorted(groups, key=lambda g: (g != everyone, len(g) == 1, g))
    for group in order:
        texts = groups[group]
        if len(group) == 1:
            pick = rec.shortlist[group[0]]
            said = join(" ", (text(t) for t in texts))
            who = markup("{}. {}", group[0] + 1, text(pick.name, NAME_LIMIT))
        else:
            each = (report_text.reason_text(first_said[t], subject="Each") for t in texts)
            said = join(" ", (text(r) for r in each))
            who = (
                Markup("Every pick")
                if group == everyone
                else names(text(rec.shortlist[k].name, NAME_LIMIT) for k in group)
            )
        out.append(para(markup("<b>{}.</b> {}", who, said), STYLES.body))
    return out
