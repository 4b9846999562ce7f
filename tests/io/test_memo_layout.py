"""The memo as a reader meets it on the page (issue 12, "Decision memo"): headings kept with
what follows, no nearly empty pages, a totals chart that shows the differences that decide,
addresses that break where an address may, and the names from the project's metadata.

Read back with poppler and pypdf (tests.helpers.pdf); figures come from the engine.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import apply_answers, recommend
from meshdesk.core.workbook import CellNote
from meshdesk.io.questionnaire import load_answers, load_questionnaire
from meshdesk.io.robustness import analyse_if_possible
from meshdesk.locations import data_dir
from meshdesk.render.pdf import build_memo
from meshdesk.render.pdf.charts import Axis, Bar, bar_chart, gap_axis, zoomed_axis
from meshdesk.render.pdf.fonts import REGULAR, register_fonts
from meshdesk.render.pdf.markup import BREAK_AFTER, BREAK_BEFORE, break_lines
from tests.helpers.pdf import Page, flat, pages, pdfinfo, pdftotext

MEMOS = [("mid-market", "A4"), ("none", "A4"), ("enterprise", "Letter"), ("smb-aws", "A4")]
LAST_PAGE_LINES = 8  # a last page holds at least this many lines
PAGE_FILL = 0.5  # every page but the last reaches at least half-way down
HEADING_LINES = 2  # body lines under a heading on its page, unless its section ends there


def _memo(dataset, folder: Path, example: str, size: str, **metadata) -> Path:  # type: ignore[no-untyped-def]
    workbook = dataset.new_workbook(
        title="Mesh choice 2027", author="Ada Lovelace", created="2026-11-27T10:00:00+00:00"
    )
    if metadata:
        workbook.metadata = workbook.with_metadata(**metadata)
    rec = questionnaire = None
    if example != "none":
        questionnaire = load_questionnaire(dataset=dataset)
        answers = load_answers(data_dir() / "examples" / f"{example}.yaml", questionnaire)
        apply_answers(workbook, questionnaire, answers).apply(workbook)
        rec = recommend(workbook, questionnaire, answers)
    path = folder / f"{example}-{size}.pdf"
    analysis = analyse_if_possible(workbook)  # the memo as the exports write it
    memo = build_memo(workbook, rec, questionnaire=questionnaire, page_size=size, analysis=analysis)
    path.write_bytes(memo)
    return path


@pytest.fixture(scope="module")
def memos(dataset, tmp_path_factory) -> dict[tuple[str, str], Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("memos")
    return {(e, s): _memo(dataset, folder, e, s) for e, s in MEMOS}


# --- 1. headings kept with what follows; no nearly empty pages ---------------------------------


def _stranded(found: list[Page]) -> list[str]:
    """Headings that end their page over fewer than HEADING_LINES body lines, unless those
    lines end the section (the next page starts with a heading). A heading followed on its
    page by another heading is checked through that one."""
    out = []
    for index, page in enumerate(found):
        for k, line in enumerate(page.lines):
            if not line.is_heading:
                continue
            after = page.lines[k + 1 :]
            if any(x.is_heading for x in after):
                continue  # what follows it continues on this page
            ends = index + 1 == len(found) or found[index + 1].lines[0].is_heading
            if len(after) < HEADING_LINES and not (after and ends):
                out.append(f"page {page.number}: {line.text!r} over {len(after)} line(s)")
    return out


@pytest.mark.parametrize(("example", "size"), MEMOS)
def test_no_heading_ends_a_page(memos, example, size):
    found = pages(memos[example, size])
    headings = [line.text for page in found for line in page.lines if line.is_heading]
    assert "10. Decision" in headings and "Appendix B. Sources" in headings  # the check sees them
    assert _stranded(found) == []


@pytest.mark.parametrize(("example", "size"), MEMOS)
def test_no_page_is_nearly_empty(memos, example, size):
    found = pages(memos[example, size])
    assert len(found) > 3
    half_empty = [(p.number, round(p.fill, 2)) for p in found[:-1] if p.fill < PAGE_FILL]
    assert half_empty == []
    assert len(found[-1].lines) >= LAST_PAGE_LINES, found[-1].lines


def test_the_stranding_check_catches_a_stranded_heading(memos):
    """The check above can fail: a page ending in a heading is reported."""
    found = pages(memos["none", "A4"])
    page = found[1]
    heading = dataclasses.replace(page.lines[0], text="4. Ranking")
    assert heading.is_heading
    bad = dataclasses.replace(page, lines=(*page.lines, heading))
    assert _stranded([found[0], bad, *found[2:]]) == ["page 2: '4. Ranking' over 0 line(s)"]


# --- 2. the differences that decide -----------------------------------------------------------


def test_the_totals_chart_says_its_axis_is_zoomed_and_the_gaps_are_charted(memos):
    content = flat(pdftotext(memos["mid-market", "A4"]))
    assert flat("Weighted totals, zoomed: the axis starts at") in content
    assert flat("The axis starts at") in content and flat("not at 0") in content
    assert flat("The shortlist against its first pick, Istio") in content


def _bars(drawing) -> list:  # type: ignore[no-untyped-def]
    """The bars of a bar chart, top first (the background is the one tall rectangle)."""
    rects = [s for s in drawing.contents if type(s).__name__ == "Rect" and s.height < 20]
    return sorted(rects, key=lambda r: -r.y)


def test_a_lead_of_a_hundredth_shows_on_the_zoomed_axis_and_in_the_gap_chart():
    """On the 0-10 axis a 0.01 lead is a fraction of a point; the zoomed axis magnifies the
    differences several times over, and the gap chart gives the lead its own labelled bar."""
    register_fonts()
    totals = [8.74, 8.73, 8.40, 7.26]
    shown = [Bar(f"Tool {k}", t, "other") for k, t in enumerate(totals)]
    axis = zoomed_axis(totals)
    assert 0 < axis.start <= min(totals) and axis.stop >= max(totals)
    zoomed = _bars(bar_chart(shown, 400.0, axis))
    full = _bars(bar_chart(shown, 400.0, Axis(0.0, 10.0, 1.0)))
    assert len(zoomed) == len(full) == len(totals)
    assert zoomed[-1].width > 0  # the lowest bar is still a bar
    zoomed_lead = zoomed[0].width - zoomed[1].width
    full_lead = full[0].width - full[1].width
    assert zoomed_lead >= 4 * full_lead > 0
    # the gap chart: the first bar is the lead itself, labelled with it
    gaps = [Bar("Tool 0", 8.74 - 8.73, "other"), *(Bar("x", 8.74 - t, "other") for t in totals[1:])]
    labels = ["leads by 0.01", "−0.01", "−0.34", "−1.48"]
    drawing = bar_chart(gaps, 400.0, gap_axis([g.total for g in gaps]), labels=labels)
    strings = [s.text for s in drawing.contents if type(s).__name__ == "String"]
    assert "leads by 0.01" in strings
    assert _bars(drawing)[0].width > 0


def test_the_gap_chart_labels_the_lead_by_the_one_rounding_rule(dataset, tmp_path):
    path = _memo(dataset, tmp_path, "mid-market", "A4")
    workbook = dataset.new_workbook(title="t", author="a", created="2026-11-27T10:00:00+00:00")
    questionnaire = load_questionnaire(dataset=dataset)
    answers = load_answers(data_dir() / "examples" / "mid-market.yaml", questionnaire)
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    rec = recommend(workbook, questionnaire, answers)
    lead = rec.shortlist[0].total - rec.shortlist[1].total
    charts = flat(pdftotext(path, first=4, last=4))
    assert flat(f"leads by {fixed(lead, 2)}") in charts
    for pick in rec.shortlist[1:]:
        assert flat(f"{pick.name}−{fixed(rec.shortlist[0].total - pick.total, 2)}") in charts


# --- 3. addresses ---------------------------------------------------------------------------

LONG_URL = (
    "https://wiki.example.test/engineering/platform-team/service-mesh/evaluations/2026/"
    "pilot-results/latency-measurements?run=42&cluster=prod-eu-west-1#p99-latency-under-load"
)


def _clean_break(left: str, right: str) -> bool:
    """A line of an address may end after / ? & = # + or before . - _ ~, or inside a word
    between a small letter and a capital, or between letters and digits."""
    a, b = left[-1], right[0]
    return (
        a in BREAK_AFTER
        or b in BREAK_BEFORE
        or (a.islower() and b.isupper())
        or (a.isalpha() and b.isdigit())
        or (a.isdigit() and b.isalpha())
    )


def test_a_long_address_in_appendix_a_is_whole_and_breaks_cleanly(workbook, tmp_path):
    tool, criterion = workbook.tools[2], workbook.criteria[0]
    workbook.notes[(tool.id, criterion.id)] = CellNote(
        f"Measured in our pilot, see {LONG_URL} for the raw data.", LONG_URL, "2026-11-20"
    )
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook))
    content = pdftotext(path)
    assert content.count("Appendix A. Notes and evidence") == 1
    assert flat(content).count(LONG_URL) == 2  # in the note and as its source, whole
    # the source column, read line by line: its pieces make the address, each break clean
    layout = pdftotext(path, layout=True).splitlines()
    head = next(k for k, line in enumerate(layout) if re.match(r"^Tool\s+Criterion\s+Score", line))
    column = layout[head].index("Source")
    pieces = []
    for line in layout[head + 1 :]:
        piece = line[column:].split()
        if not piece or not (pieces or piece[0].startswith("https://")):
            break
        pieces.append(piece[0])
    assert "".join(pieces) == LONG_URL
    assert len(pieces) > 2
    assert [(a, b) for a, b in itertools.pairwise(pieces) if not _clean_break(a, b)] == []


@pytest.mark.parametrize(
    "value",
    [
        LONG_URL,
        "https://github.com/istio/istio/blob/master/pilot/pkg/networking/core/v1alpha3/"
        "listenerConfigurationBuilderWithAVeryLongIdentifierName.go",
    ],
)
def test_addresses_break_only_where_an_address_may(value):
    register_fonts()
    lines = break_lines(value, 90.0, REGULAR, 8.0)
    assert "".join(lines) == value and len(lines) > 3
    assert [(a, b) for a, b in itertools.pairwise(lines) if not _clean_break(a, b)] == []


def test_the_score_source_shows_its_address(workbook, tmp_path):
    guide = workbook.catalogue.sources["guide"]
    assert guide.url.startswith("https://")
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook))
    cover = flat(pdftotext(path, first=1, last=1))
    assert flat(f"Scores from {guide.title} [guide], {guide.url}") in cover
    assert flat(f"[guide] {guide.title}, {guide.url}") in flat(pdftotext(path))


# --- 4. title, author and reviewers from the project -------------------------------------------


def test_title_author_and_reviewers_come_from_the_projects_metadata(dataset, tmp_path):
    reviewers = ("Grace Hopper", "Alan Turing", "Katherine Johnson")
    path = _memo(dataset, tmp_path, "mid-market", "A4", reviewers=reviewers)
    cover = flat(pdftotext(path, first=1, last=1))
    assert flat("Mesh choice 2027") in cover
    assert flat("Prepared by Ada Lovelace") in cover
    assert flat("Reviewed by Grace Hopper, Alan Turing and Katherine Johnson") in cover
    info = pdfinfo(path)
    assert info["Title"] == "Mesh choice 2027" and info["Author"] == "Ada Lovelace"
    # section 10: a line to sign for the author and for every reviewer
    decision = pdftotext(path, layout=True).split("10. Decision", 1)[1].split("Appendix A")[0]
    signing = [line for line in decision.splitlines() if "Signature" in line]
    assert [line.split("Signature")[0].split()[-2:] for line in signing] == [
        ["Ada", "Lovelace"],
        ["Grace", "Hopper"],
        ["Alan", "Turing"],
        ["Katherine", "Johnson"],
    ]


def test_reviewers_given_for_one_memo_replace_the_projects(workbook, tmp_path):
    workbook.metadata = workbook.with_metadata(reviewers=("Grace Hopper",))
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook, reviewers=["Alan Turing", "  "]))
    content = flat(pdftotext(path))
    assert flat("Reviewed by Alan Turing") in content and "GraceHopper" not in content


def test_without_reviewers_the_memo_leaves_a_line_for_whoever_reviews(workbook, tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook))
    content = flat(pdftotext(path))
    assert flat("Reviewed by Not stated") in content
    assert flat("The project names no reviewer") in content


# --- 5. prose: one comparison, no template repeated ---------------------------------------------


def test_the_comparison_is_said_once_and_no_reason_is_repeated(dataset, tmp_path):
    path = _memo(dataset, tmp_path, "enterprise", "A4")
    content = flat(pdftotext(path))
    assert content.count(flat("is a candidate because")) <= 1
    assert content.count(flat("a candidate because the guide counts it among")) == 1


def test_an_empty_comparison_leaves_no_empty_heading(workbook, questionnaire, tmp_path):
    answers = load_answers(data_dir() / "examples" / "mid-market.yaml", questionnaire)
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    rec = recommend(workbook, questionnaire, answers)
    first, second = rec.shortlist[0].name, rec.shortlist[1].name
    path = tmp_path / "memo.pdf"
    path.write_bytes(
        # with no leaders to compare, the report has no comparison to say
        build_memo(
            workbook,
            dataclasses.replace(rec, tally=dataclasses.replace(rec.tally, leaders=())),
            questionnaire=questionnaire,
        )
    )
    content = flat(pdftotext(path))
    assert flat(f"{first} against {second}") not in content
    assert flat("The shortlist side by side") in content
