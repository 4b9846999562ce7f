"""The memo's section 6 with a robustness analysis (issue 14): the plain sentence, the
stability ranges, the flips, the score flips, the tornado and the acceptability charts and the
settings that reproduce them, read back with poppler. Figures come from the analysis the test
runs, never written down by hand."""

from __future__ import annotations

import re

import pytest

from meshdesk.core.acceptability import Settings
from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import apply_answers, recommend
from meshdesk.io.questionnaire import load_answers, load_questionnaire
from meshdesk.io.robustness import analyse, analyse_if_possible
from meshdesk.locations import data_dir
from meshdesk.render.pdf import build_memo
from meshdesk.report import robustness_words as words
from meshdesk.report.robustness import summary
from tests.helpers.pdf import flat, section

START, END = "6. How robust the lead is", "7. Shortlisted platforms"


def _decided(dataset, example: str = "mid-market"):  # type: ignore[no-untyped-def]
    workbook = dataset.new_workbook(
        title="Mesh choice 2027", author="Ada Lovelace", created="2026-11-27T10:00:00+00:00"
    )
    questionnaire = load_questionnaire(dataset=dataset)
    answers = load_answers(data_dir() / "examples" / f"{example}.yaml", questionnaire)
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    return workbook, recommend(workbook, questionnaire, answers), questionnaire


@pytest.fixture(scope="module")
def mid_market(dataset, tmp_path_factory):  # type: ignore[no-untyped-def]
    workbook, rec, questionnaire = _decided(dataset)
    analysis = analyse_if_possible(workbook)
    assert analysis is not None
    path = tmp_path_factory.mktemp("robust") / "memo.pdf"
    path.write_bytes(build_memo(workbook, rec, questionnaire=questionnaire, analysis=analysis))
    return path, workbook, analysis


def test_the_section_states_the_plain_sentence(mid_market):
    path, workbook, analysis = mid_market
    text = flat(section(path, START, END))
    assert flat(str(summary(analysis, workbook))) in text
    # and keeps today's margin: the lead of the first two and the smallest swap
    assert flat("The smallest change of a single weight that would bring") in text
    for heading in (
        "The margin between the first two",
        "What would change the leader",
        "How sure: rank acceptability",
        "Settings",
    ):
        assert flat(heading) in text, heading


def test_the_stability_table_has_a_row_per_criterion(mid_market):
    path, workbook, analysis = mid_market
    lines = section(path, START, END, layout=True).splitlines()
    head = next(k for k, line in enumerate(lines) if "Leader first from" in line)
    for s in analysis.stability:
        high = "no limit" if s.high is None else fixed(s.high, 1)
        name = workbook.criteria[s.criterion].name
        row = rf"^\s*{re.escape(name)}\s+{fixed(s.weight, 1)}\s+{fixed(s.low, 1)}\s+{high}\s*$"
        assert any(re.match(row, line) for line in lines[head + 1 :]), name


def test_the_flips_and_score_flips_are_listed_nearest_first(mid_market):
    path, workbook, analysis = mid_market
    lines = section(path, START, END, layout=True).splitlines()
    flips = words.flips_nearest_first(analysis)
    assert flips
    found = []
    for f in flips:
        name = re.escape(workbook.criteria[f.criterion].name)
        winner = re.escape(workbook.tool(analysis.candidates.ids[f.new_leader]).name)
        row = re.compile(
            rf"^\s*{name}\s+{words.RISES[f.direction]}\s+{fixed(f.to, 1)}\s+{winner}\s*$"
        )
        found.append(next(k for k, line in enumerate(lines) if row.match(line)))
    assert found == sorted(found)  # in the order of the analysis's nearness
    for f in words.score_flips_smallest_first(analysis):
        tool = re.escape(workbook.tool(analysis.candidates.ids[f.tool]).name)
        row = rf"^\s*{tool}\s+.+\s{fixed(f.before, 2)}\s+{fixed(f.after, 2)}\s+"
        assert any(re.match(row, line) for line in lines), tool
    text = flat(section(path, START, END))
    settle = words.settle(analysis, workbook)
    assert settle is not None and flat(str(settle)) in text
    assert flat("if the weight of Ease of use rose above 26.7, Linkerd would lead") in text


def test_the_charts_are_drawn_with_their_labels(mid_market):
    path, workbook, analysis = mid_market
    text = flat(section(path, START, END))
    assert flat(f"lead now {fixed(analysis.lead, 2)}") in text  # the tornado's dashed line
    for bar in analysis.tornado:
        assert flat(workbook.criteria[bar.criterion].name) in text
    found = analysis.acceptability
    leader_first = fixed(float(found.first[analysis.leader]) * 100, 0)
    layout = section(path, START, END, layout=True)
    leader = re.escape(workbook.tool(analysis.candidates.ids[analysis.leader]).name)
    assert re.search(rf"^\s*{leader}\s+{leader_first}% first\s*$", layout, re.MULTILINE)
    assert re.search(r"first\s+second\s+third\s+lower", layout)  # the legend


def test_the_settings_reproduce_the_figures(mid_market):
    path, _, analysis = mid_market
    text = flat(section(path, START, END))
    settings = analysis.settings
    assert flat(f"{settings.samples:,} samples, seed {settings.seed}") in text
    assert flat("each score's own uncertainty, from its evidence grade") in text
    assert flat(words.command(analysis)) in text
    assert (
        flat("meshdesk robustness PROJECT --samples 10000 --seed 0 --weights-mode around") in text
    )


def test_one_value_for_all_scores_is_stated_in_the_settings(dataset, tmp_path):
    workbook, rec, questionnaire = _decided(dataset)
    analysis = analyse(workbook, Settings(samples=500, seed=7), score_uncertainty=0.75)
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook, rec, questionnaire=questionnaire, analysis=analysis))
    text = flat(section(path, START, END))
    assert flat("500 samples, seed 7") in text
    assert flat("±0.75 on every score") in text
    assert flat("--samples 500 --seed 7") in text and flat("--score-uncertainty 0.75") in text
    assert flat("of 500 variations") in text


def test_with_source_date_epoch_the_memo_with_its_analysis_is_the_same_bytes(monkeypatch, dataset):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    memos = []
    for _ in range(2):  # the analysis run afresh each time: the Monte Carlo is seeded
        workbook, rec, questionnaire = _decided(dataset)
        analysis = analyse_if_possible(workbook)
        memos.append(build_memo(workbook, rec, questionnaire=questionnaire, analysis=analysis))
    assert memos[0] == memos[1]


def test_a_leader_off_the_shortlist_is_said(dataset, tmp_path):
    workbook, rec, questionnaire = _decided(dataset, "enterprise")
    analysis = analyse_if_possible(workbook)
    leader = workbook.tool(analysis.candidates.ids[analysis.leader]).name
    assert leader != rec.shortlist[0].name
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook, rec, questionnaire=questionnaire, analysis=analysis))
    text = flat(section(path, START, END))
    assert flat(f"its leader is {leader}, which the shortlist does not put first") in text


def test_without_an_analysis_section_6_is_the_margin_alone(dataset, tmp_path):
    workbook, rec, questionnaire = _decided(dataset)
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook, rec, questionnaire=questionnaire))
    text = flat(section(path, "6. Margin of the lead", END))
    assert flat("What would change the leader") not in text
    assert flat("meshdesk robustness") not in text


def test_a_big_workbook_shows_the_nearest_criteria_only(tmp_path):
    from tests.benchmarks.stress import make_stress_workbook

    workbook = make_stress_workbook(40, 30)
    analysis = analyse(workbook, Settings(samples=200))
    path = tmp_path / "big.pdf"
    path.write_bytes(build_memo(workbook, analysis=analysis))
    text = flat(section(path, START, "9. Caveats"))
    count = len(workbook.criteria)
    assert flat(f"The 15 criteria nearest to an end of their range, of {count}") in text
