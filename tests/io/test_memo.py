"""The PDF decision memo, read back the way a reader's tools read it (poppler, pypdf).

Every figure the tests look for is computed by the engine in the test (scoring, the
recommendation, the sensitivity), never written down by hand.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pypdf
import pytest

from meshdesk import __version__
from meshdesk.core.errors import InputError, MeshDeskError
from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import apply_answers, recommend
from meshdesk.core.scoring import compute
from meshdesk.core.sensitivity import margin
from meshdesk.core.workbook import CellNote
from meshdesk.io.questionnaire import load_answers
from meshdesk.locations import data_dir
from meshdesk.render.pdf import build_memo, export_pdf, render_memo
from meshdesk.render.pdf.markup import Markup, markup, text
from meshdesk.render.pdf.prose import points
from meshdesk.render.pdf.styles import STYLES, para
from meshdesk.report import text as report_text
from tests.benchmarks.stress import make_stress_workbook
from tests.helpers.pdf import flat, pdffonts, pdfinfo, pdftotext

SECTIONS = [
    "1. Recommendation",
    "2. Context and requirements",
    "3. Weights",
    "4. Ranking",
    "5. Charts",
    "6. Margin of the lead",
    "8. Excluded platforms",
    "9. Caveats",
    "10. Decision",
    "Appendix A. Notes and evidence",
    "Appendix B. Sources",
]
A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)


def recommendation_for(workbook, questionnaire, example: str):  # type: ignore[no-untyped-def]
    """Apply an example's answers to the workbook, as the window's Apply does."""
    answers = load_answers(data_dir() / "examples" / f"{example}.yaml", questionnaire)
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    return recommend(workbook, questionnaire, answers)


def write(tmp_path: Path, data: bytes, name: str = "memo.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def enterprise_memo(tmp_path, workbook, questionnaire):  # type: ignore[no-untyped-def]
    rec = recommendation_for(workbook, questionnaire, "enterprise")
    path = write(tmp_path, build_memo(workbook, rec, questionnaire=questionnaire))
    return path, rec


# --- content -------------------------------------------------------------------------------


def test_every_section_is_present_and_bookmarked(enterprise_memo):
    path, rec = enterprise_memo
    content = flat(pdftotext(path))
    for heading in [*SECTIONS, "7. Shortlisted platforms"]:
        assert flat(heading) in content, heading
    titles = _outline_titles(path)
    for heading in [*SECTIONS, "7. Shortlisted platforms"]:
        assert heading in titles, f"{heading} is not a bookmark"
    # each shortlisted platform has a bookmark of its own, under section 7, in shortlist order
    platform_marks = [t for t in titles if re.match(r"7\.\d ", t)]
    assert platform_marks == [f"7.{n} {p.name}" for n, p in enumerate(rec.shortlist, 1)]


def _outline_titles(path: Path) -> list[str]:
    found: list[str] = []

    def walk(items):  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(item["/Title"])

    walk(pypdf.PdfReader(path).outline)
    return found


def test_every_tool_appears_with_the_total_the_engine_computes(enterprise_memo, workbook):
    path, rec = enterprise_memo
    layout = pdftotext(path, layout=True)
    weights = np.array([rec.weights[c] for c in workbook.criterion_ids])
    ranking = compute(workbook.scores, weights)
    lines = layout.splitlines()
    for i, tool in enumerate(workbook.tools):
        # the row's first line: rank, the start of the name (it may wrap), scores, total
        start = re.compile(rf"^\s*{ranking.ranks[i]}\s+{re.escape(tool.name[:16])}")
        rows = [line for line in lines if start.match(line)]
        assert rows, f"{tool.name} has no ranking row with rank {ranking.ranks[i]}"
        assert fixed(ranking.totals[i], 2) in rows[0], f"{tool.name}: {rows[0]!r}"


def test_the_recommendation_matches_the_engine(enterprise_memo, workbook):
    path, rec = enterprise_memo
    content = flat(pdftotext(path))
    expected = "; ".join(
        f"{n}. {p.name} ({fixed(p.total, 2)})" for n, p in enumerate(rec.shortlist, 1)
    )
    assert flat(f"Shortlist, best first. {expected}") in content
    # the engine's comparison of the first two picks, once, under a heading naming both
    first, second = rec.shortlist[0].name, rec.shortlist[1].name
    comparison = report_text.comparison_of(workbook, rec)
    assert comparison
    assert content.count(flat(comparison)) == 1
    assert flat(f"{first} against {second}") in content
    # the picks' figures side by side, from the engine: total, rank, gap to the first
    layout = pdftotext(path, layout=True, first=1, last=2)
    row = next(line for line in layout.splitlines() if line.startswith("Weighted total"))
    assert row.split()[2:] == [fixed(p.total, 2) for p in rec.shortlist]
    row = next(line for line in layout.splitlines() if line.startswith("Rank in section 4"))
    assert row.split()[4:] == [str(p.rank) for p in rec.shortlist]
    lead = rec.shortlist[0].total - rec.shortlist[1].total
    assert flat(f"leads by {fixed(lead, 2)}") in content
    # the excluded candidates with the engine's reasons
    for exclusion in rec.excluded:
        assert flat(f"{exclusion.name}.") in content


def test_margin_reports_the_smallest_single_weight_swap(enterprise_memo, workbook):
    path, rec = enterprise_memo
    weights = np.array([rec.weights[c] for c in workbook.criterion_ids])
    first, second = (workbook.tool_row(p.tool_id) for p in rec.shortlist[:2])
    found = margin(workbook.scores, weights, first, second)
    swap = found.smallest
    assert swap is not None
    content = flat(pdftotext(path))
    name = workbook.criteria[swap.criterion].name
    assert flat(f"leads {workbook.tools[second].name} by {fixed(found.lead, 2)}") in content
    assert flat(f"{name} from {points(swap.before)} to {points(swap.after)}") in content


def test_sources_of_shortlisted_facts_are_listed_with_their_addresses(enterprise_memo, workbook):
    path, rec = enterprise_memo
    content = flat(pdftotext(path))
    top = workbook.tool(rec.shortlist[0].tool_id)
    for source_id in top.facts.license.sources:
        source = workbook.catalogue.sources[source_id]
        assert flat(f"[{source.id}] {source.title}") in content
        assert flat(source.url) in content


def test_every_font_is_embedded_chart_labels_included(enterprise_memo):
    path, _ = enterprise_memo
    fonts = pdffonts(path)
    assert fonts, "no fonts listed"
    assert all(f["emb"] == "yes" for f in fonts), [f["line"] for f in fonts]
    assert all("DejaVuSans" in f["name"] for f in fonts)


def test_metadata_names_title_author_subject_keywords_and_creator(
    tmp_path, workbook, questionnaire
):
    rec = recommendation_for(workbook, questionnaire, "enterprise")
    data = build_memo(
        workbook, rec, questionnaire=questionnaire, title="Mesh choice 2027", author="Grace Hopper"
    )
    info = pdfinfo(write(tmp_path, data))
    assert info["Title"] == "Mesh choice 2027"
    assert info["Author"] == "Grace Hopper"
    assert info["Subject"] == f"Decision memo: {workbook.metadata.dataset_title}"
    assert rec.shortlist[0].name in info["Keywords"]
    assert info["Creator"] == f"MeshDesk {__version__}"


def test_pages_are_numbered_page_n_of_m(enterprise_memo):
    path, _ = enterprise_memo
    count = len(pypdf.PdfReader(path).pages)
    pages = pdftotext(path).split("\f")[:count]  # poppler ends every page with a form feed
    assert len(pages) == count
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {count}" in page, number


@pytest.mark.parametrize(
    ("size", "points"), [("A4", A4_POINTS), ("Letter", LETTER_POINTS), ("letter", LETTER_POINTS)]
)
def test_page_size(tmp_path, workbook, size, points):
    reader = pypdf.PdfReader(write(tmp_path, build_memo(workbook, page_size=size)))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(points, abs=0.01)


def test_same_inputs_give_a_byte_identical_file_with_source_date_epoch(
    monkeypatch, workbook, questionnaire, tmp_path
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
    rec = recommendation_for(workbook, questionnaire, "enterprise")
    first = build_memo(workbook, rec, questionnaire=questionnaire)
    second = build_memo(workbook.copy(), rec, questionnaire=questionnaire)
    assert first == second
    content = pdftotext(write(tmp_path, first))
    assert "18 November 2026" in content
    assert pdfinfo(write(tmp_path, first, "again.pdf"))["CreationDate"].startswith("Wed Nov 18")


def test_a_malformed_source_date_epoch_is_one_clear_error(monkeypatch, workbook):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        build_memo(workbook)


def test_without_answers_the_memo_says_so_and_still_ranks(tmp_path, workbook):
    path = write(tmp_path, build_memo(workbook))
    content = flat(pdftotext(path))
    assert flat("No questionnaire was answered") in content
    assert flat("7. Leading tools") in content
    assert flat("Shortlist") not in content
    ranking = compute(workbook.scores, workbook.weights)
    for i, tool in enumerate(workbook.tools):
        assert flat(tool.name) in content
        assert fixed(ranking.totals[i], 2) in content
    for heading in SECTIONS:
        assert flat(heading) in content, heading
    # the tools no longer maintained are named, with their status, in section 8
    for tool in workbook.tools:
        if not tool.is_active:
            assert flat(f"{tool.name}: {tool.facts.lifecycle.label.lower()}") in content


def test_a_verdict_that_no_platform_is_needed(tmp_path, workbook, questionnaire):
    rec = recommendation_for(workbook, questionnaire, "solo")
    assert not rec.needs_mesh
    content = flat(
        pdftotext(write(tmp_path, build_memo(workbook, rec, questionnaire=questionnaire)))
    )
    assert flat(questionnaire.memo.not_needed) in content
    assert flat(f"What to use instead. {rec.alternative}") in content
    assert flat("no platform is needed yet, so none was shortlisted") in content


def test_typed_unicode_renders_and_uncovered_characters_are_listed(tmp_path, workbook):
    workbook.tools[0] = dataclasses.replace(workbook.tools[0], name="Ünïcødé ≥ € ✓")
    workbook.criteria[1] = dataclasses.replace(workbook.criteria[1], name="Ease 中文")
    workbook.metadata = workbook.with_metadata(title="Évaluation ≥ 2027", author="Zoë Ørsted")
    path = write(tmp_path, build_memo(workbook))
    content = pdftotext(path)
    assert "Ünïcødé ≥ € ✓" in content
    assert "Évaluation ≥ 2027" in content
    assert "Zoë Ørsted" in content
    # DejaVu Sans has no CJK: the caveat names the code points that show as boxes
    assert "U+4E2D" in content and "U+6587" in content
    assert pdfinfo(path)["Title"] == "Évaluation ≥ 2027"


def test_notes_and_incomplete_tools_are_shown(tmp_path, workbook):
    tool, criterion = workbook.tools[2], workbook.criteria[0]
    workbook.notes[(tool.id, criterion.id)] = CellNote(
        "Measured p99 latency in our pilot.\nSee run 42.",
        "https://wiki.example.test/pilot",
        "2026-11-20",
    )
    workbook.scores[3, 1] = np.nan
    path = write(tmp_path, build_memo(workbook))
    content = flat(pdftotext(path))
    assert flat("Measured p99 latency in our pilot.") in content
    assert flat("See run 42.") in content
    assert flat("https://wiki.example.test/pilot") in content
    ranking = compute(workbook.scores, workbook.weights)
    assert not ranking.complete[3]
    provisional = ranking.provisional[3]
    assert flat(f"({fixed(provisional, 2)})") in content
    assert flat("not ranked") in content


def test_a_big_workbook_keeps_every_score_in_the_appendix(tmp_path):
    workbook = make_stress_workbook(tools=70, criteria=20, note_share=0.02)
    path = write(tmp_path, build_memo(workbook))
    content = pdftotext(path)
    assert "Appendix C. Every tool with every score" in content
    ranking = compute(workbook.scores, workbook.weights)
    layout = pdftotext(path, layout=True)
    for i in (0, 17, 69):  # a few rows, read back from the appendix's fast text path
        tool = workbook.tools[i]
        lines = [line.split() for line in layout.splitlines() if f" {tool.name} " in f" {line} "]
        expected_start = [str(ranking.ranks[i]), *tool.name.split(), fixed(ranking.totals[i], 2)]
        rows = [words for words in lines if words[: len(expected_start)] == expected_start]
        assert rows, f"{tool.name} has no appendix row"
        shown = [float(v) for words in rows for v in words[len(expected_start) :]]
        assert shown == [round(float(s), 1) for s in workbook.scores[i]], tool.name


def test_progress_is_reported_and_raising_from_it_cancels(tmp_path, workbook):
    seen: list[tuple[float, str]] = []
    render_memo(workbook, progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert 3 <= len(seen) <= 50

    class CancelledError(Exception):
        pass

    def cancel(fraction: float, message: str) -> None:
        if fraction > 0.2:
            raise CancelledError

    target = tmp_path / "memo.pdf"
    target.write_bytes(b"the old memo")
    with pytest.raises(CancelledError):
        export_pdf(workbook, target, progress=cancel)
    assert target.read_bytes() == b"the old memo"


def test_export_writes_atomically_and_reports_pages(tmp_path, workbook):
    target = tmp_path / "memo.pdf"
    pages = export_pdf(workbook, target, page_size="Letter")
    assert pages == len(pypdf.PdfReader(target).pages)
    assert [p.name for p in tmp_path.iterdir()] == ["memo.pdf"]
    with pytest.raises(MeshDeskError, match="does not exist"):
        export_pdf(workbook, tmp_path / "missing" / "memo.pdf")


def test_an_unknown_page_size_is_refused(workbook):
    with pytest.raises(InputError, match="A4 or Letter"):
        build_memo(workbook, page_size="A5")


def test_paragraphs_take_markup_only():
    with pytest.raises(TypeError):
        para("<b>raw</b>", STYLES.body)  # type: ignore[arg-type]
    assert markup("<b>{}</b>", "<i>x</i> & y") == "<b>&lt;i&gt;x&lt;/i&gt; &amp; y</b>"
    assert isinstance(text("a"), Markup)
    # a float is refused: shown numbers go through the one rounding rule, as strings
    with pytest.raises(TypeError, match="fixed"):
        markup("{:.2f}", 9.04)
    assert markup("{} of {}", fixed(9.25, 1), 10) == "9.3 of 10"


def test_after_a_weight_change_the_memo_follows_the_workbook(tmp_path, workbook, questionnaire):
    """The first release's memo named Istio while the grid ranked Tetrate first: it ranked
    under the questionnaire's profile, not the workbook's weights."""
    from meshdesk.core.commands import SetWeights
    from meshdesk.core.scoring import rank_workbook

    applied = recommendation_for(workbook, questionnaire, "enterprise")
    assert not applied.weights_differ
    SetWeights((("security", 80.0),)).apply(workbook)
    ranking = rank_workbook(workbook)
    grid_first = workbook.tools[int(ranking.order()[0])]
    rec = recommend(workbook, questionnaire, applied.answers)
    assert rec.weights_differ and rec.shortlist[0].tool_id == grid_first.id
    path = write(tmp_path, build_memo(workbook, rec, questionnaire=questionnaire))
    page_one = flat(pdftotext(path, first=1, last=1))
    assert flat("current weights differ from the profile the answers call for") in page_one
    assert flat(f"Shortlist, best first. 1. {grid_first.name}") in page_one
    share = 80.0 / float(workbook.weights.sum()) * 100
    assert (
        flat(f"Security & compliance {fixed(rec.weights['security'], 1)}% {fixed(share, 1)}%")
        in page_one
    )
    layout = pdftotext(path, layout=True)
    assert re.search(rf"^\s*1\s+{re.escape(grid_first.name[:16])}", layout, re.MULTILINE)


def test_the_memo_shows_editions_and_edition_only_features(enterprise_memo):
    path, rec = enterprise_memo
    assert "consul" in [p.tool_id for p in rec.shortlist]
    content = flat(pdftotext(path))
    assert flat("Consul Community Edition: BUSL-1.1 (source-available), free") in content
    assert flat("Consul Enterprise: Proprietary, paid") in content
    assert flat("yes, Consul Enterprise only") in content
    # the must-have row of the shortlist side by side names the edition that meets it
    layout = pdftotext(path, layout=True, first=1, last=2)
    fips = next(line for line in layout.splitlines() if line.startswith("FIPS-validated builds"))
    assert "yes, Consul" in fips
    assert flat("yes, Consul Enterprise only [C6, C11]") in content
