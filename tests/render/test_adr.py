"""The Markdown decision record (meshdesk.render.adr): MADR 4 structure, no invented decision
without answers, hostile text stays text as GitHub renders it (cmark-gfm), a clean lint, and
the same bytes for the same report."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from meshdesk.core.commands import SetMetadata, SetNote, UpdateTool
from meshdesk.core.errors import InputError
from meshdesk.core.facts import Source
from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import recommend, with_answers_applied
from meshdesk.core.structure_commands import UpdateCriterion
from meshdesk.core.workbook import CellNote, Workbook
from meshdesk.io.dataset import load_dataset
from meshdesk.io.questionnaire import load_answers, load_questionnaire
from meshdesk.io.robustness import analyse_if_possible
from meshdesk.render.adr import People, render_adr
from meshdesk.report import build_report
from meshdesk.report import robustness_words as words

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
DAY = date(2026, 12, 1)
MADR_HEADINGS = [
    "# ",
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
]


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return load_dataset()


@pytest.fixture(scope="module")
def questionnaire(dataset):  # type: ignore[no-untyped-def]
    return load_questionnaire(dataset=dataset)


def _decided(dataset, questionnaire, example: str = "mid-market", workbook: Workbook | None = None):  # type: ignore[no-untyped-def]
    answers = load_answers(EXAMPLES / f"{example}.yaml", questionnaire)
    applied = with_answers_applied(workbook or dataset.new_workbook(), questionnaire, answers)
    rec = recommend(applied, questionnaire, answers)
    analysis = analyse_if_possible(applied)
    report = build_report(applied, rec, questionnaire, day=DAY, version="9.9", analysis=analysis)
    return report, rec


def _headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_sections_follow_madr_4(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, rec = _decided(dataset, questionnaire)
    adr = render_adr(report, "accepted", People(("Ana", "Bo"), ("SRE team",), ("Everyone",)))
    front, body = adr.split("\n---\n", 1)
    assert front.splitlines() == [
        "---",
        'status: "accepted"',
        "date: 2026-12-01",
        'decision-makers: "Ana, Bo"',
        'consulted: "SRE team"',
        'informed: "Everyone"',
    ]
    headings = _headings(body)
    wanted = iter(MADR_HEADINGS)
    expected = next(wanted)
    for heading in headings:  # the MADR headings appear in MADR's order
        if heading.startswith(expected) and (expected != "# " or heading.count("#") == 1):
            expected = next(wanted, None)  # type: ignore[arg-type]
            if expected is None:
                break
    assert expected is None, f"missing or out of order: {expected!r} in {headings}"
    chosen = rec.shortlist[0].name
    assert f'Chosen option: "{chosen}", because it meets every requirement' in body
    # one ### per shortlisted option under Pros and Cons
    pros = body.split("## Pros and Cons of the Options", 1)[1].split("## More Information")[0]
    assert [h[4:] for h in _headings(pros)] == [p.name for p in rec.shortlist]
    # every evaluated tool is a considered option, an inactive one marked
    options = body.split("## Considered Options", 1)[1].split("##")[0]
    for tool in report.workbook.tools:
        assert f"* {tool.name}" in options.replace("\\(", "(").replace("\\)", ")")
    assert re.search(r"\* Open Service Mesh \(archived since 2023", options)
    # the ranking table: a header, the rule, the weights row and one row per tool
    tables = [t.splitlines() for t in body.split("\n\n") if t.startswith("| ")]
    assert len(tables) == 2  # the ranking, then the stability ranges
    table = tables[0]
    assert len(table) == 2 + 1 + len(report.workbook.tools)
    assert table[3].startswith(f"| 1 | {report.tool(report.order[0]).name} |")
    assert "Written by MeshDesk 9.9 on 2026-12-01" in body.replace("\\.", ".")


def test_without_answers_nothing_is_chosen(dataset) -> None:  # type: ignore[no-untyped-def]
    report = build_report(dataset.new_workbook(), None, None, day=DAY)
    adr = render_adr(report)
    assert 'status: "proposed"' in adr
    assert "Chosen option" not in adr
    assert "The ranking alone does not decide" in adr
    with pytest.raises(InputError, match=r"stores no questionnaire answers.*only be proposed"):
        render_adr(report, "accepted")


def test_no_shortlist_chooses_nothing(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, rec = _decided(dataset, questionnaire, "regulated-open-source")
    assert rec.shortlist == ()
    adr = render_adr(report)
    assert "Chosen option" not in adr
    assert "No active platform in the workbook meets every requirement" in adr


def test_no_mesh_needed_is_a_decision(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, rec = _decided(dataset, questionnaire, "solo")
    assert not rec.needs_mesh
    adr = render_adr(report, "accepted")
    options = adr.split("## Considered Options", 1)[1].split("##")[0]
    assert options.strip().splitlines()[0] == "* No service mesh for now"
    assert 'Chosen option: "No service mesh for now", because ' in adr


def _hostile_workbook(dataset) -> Workbook:  # type: ignore[no-untyped-def]
    workbook = dataset.new_workbook()
    ease = workbook.criteria[workbook.criterion_col("ease")]
    UpdateCriterion(replace(ease, name="Ease | <b>of</b> [use](javascript:x)")).apply(workbook)
    istio = workbook.tool("istio")
    UpdateTool(
        replace(istio, name="# Istio <img src=x onerror=alert(1)> [pwn](javascript:alert(1))")
    ).apply(workbook)
    # shortlisted names, so they become headings: a closing "#", maths, addresses, a full stop
    consul = workbook.tool("consul")
    UpdateTool(replace(consul, name="C# $x^2$ www.evil.com http://evil.com #")).apply(workbook)
    UpdateTool(replace(workbook.tool("kuma"), name="Acme Inc. xmpp:foo@bar.com")).apply(workbook)
    SetNote(
        "linkerd",
        "core",
        CellNote(
            "*bold* | pipe\n# heading\n<script>alert(1)</script> ![i](http://x/y.png)", "", ""
        ),
    ).apply(workbook)
    sources = dict(workbook.catalogue.sources)
    sources["evil"] = Source("evil", "[click](javascript:alert(1))", url="javascript:alert(1)")
    sources["ok"] = Source("ok", "A plain page", url="https://example.org/a_b(c)")
    SetMetadata(
        replace(workbook.metadata, title="<h1>Pwned</h1> | title", author="@me [x](y)")
    ).apply(workbook)
    from meshdesk.core.commands import SetCatalogue

    SetCatalogue(replace(workbook.catalogue, sources=sources)).apply(workbook)
    return workbook


def test_hostile_text_stays_text_on_github(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, _ = _decided(dataset, questionnaire, workbook=_hostile_workbook(dataset))
    front, body = render_adr(report).split("\n---\n", 1)
    # GitHub shows the front matter as a table of its YAML values, not as Markdown
    assert '"@me [x](y)"' in front
    html = cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)
    assert "<img" not in html and "<script" not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    hrefs = re.findall(r'href="([^"]*)"', html)
    # GitHub links an address it sees as e-mail whatever the escaping (mailto:, xmpp:)
    assert hrefs and all(h.startswith(("https://", "http://", "mailto:", "xmpp:")) for h in hrefs)
    assert "https://example.org/a_b(c)" in hrefs  # a plain address is a link
    # exactly one top-level heading: the title, whose markup is text
    assert html.count("<h1>") == 1
    assert "<h1>&lt;h1&gt;Pwned&lt;/h1&gt; | title</h1>" in html
    # headings are ours only: the hostile name made none
    ours = {"Context and Problem Statement", "Decision Drivers", "Considered Options"}
    h2 = re.findall(r"<h2>(.*?)</h2>", html)
    assert ours <= set(h2) and len(h2) == 6
    assert "# Istio &lt;img src=x onerror=alert(1)&gt; [pwn](javascript:alert(1))" in html
    # a name is text wherever it stands, in a heading or in a sentence: no link from it, its
    # closing "#" kept, its "$" escaped (GitHub would typeset $...$)
    assert not any("evil.com" in h for h in hrefs)
    assert "<h3>C# $x^2$ www.evil.com http://evil.com #</h3>" in html
    assert "### C# \\$x^2\\$ www\\.evil.com http\\://evil.com \\#" in body
    assert "<h3>Acme Inc. " in html  # the full stop stays (the linter's MD026 is off for it)
    # the stability table keeps its four columns under a criterion name with a pipe in it
    assert "<td>Ease | &lt;b&gt;of&lt;/b&gt; [use](javascript:x)</td>" in html


def test_the_record_passes_the_markdown_linter(dataset, questionnaire, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = []
    for name, report in (
        ("decided", _decided(dataset, questionnaire)[0]),
        ("hostile", _decided(dataset, questionnaire, workbook=_hostile_workbook(dataset))[0]),
        ("none", build_report(dataset.new_workbook(), None, None, day=DAY)),
    ):
        path = tmp_path / f"{name}.md"
        path.write_text(render_adr(report), encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pymarkdown",
            "--set",
            "extensions.front-matter.enabled=$!True",
            "--disable-rules",
            # line length: paragraphs are one line each, as the MADR template's; trailing
            # punctuation in headings: MADR puts each option's name in a heading, and a name
            # may end in a full stop ("Acme Inc.")
            "md013,md026",
            "scan",
            *files,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_same_report_same_bytes(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    first = render_adr(_decided(dataset, questionnaire)[0]).encode()
    second = render_adr(_decided(dataset, questionnaire)[0]).encode()
    assert first == second


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_more_information_and_confirmation_carry_the_robustness(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, rec = _decided(dataset, questionnaire)
    analysis = report.analysis
    assert analysis is not None
    wb = report.workbook
    leader = wb.tool(analysis.candidates.ids[analysis.leader]).name
    assert leader == rec.shortlist[0].name  # so Confirmation names what to settle
    body = render_adr(report)
    outcome, more = body.split("## More Information", 1)
    confirmation = outcome.split("### Confirmation", 1)[1]
    more = _unescaped(more)
    # the plain sentence, figures from the analysis
    up = min((f for f in analysis.flips if f.direction == "up"), key=lambda f: f.to)
    up_name = wb.criteria[up.criterion].name
    assert f"**{leader}** stays first unless the weight of {up_name} rises above" in more
    first = analysis.acceptability.first[analysis.leader]
    assert f"it is first in {fixed(first * 100, 0)}% of 10,000 variations" in more
    # the stability table: one row per criterion, the engine's ends
    rows = [line for line in more.splitlines() if line.startswith("| ")]
    table = rows[rows.index("| Criterion | Weight | Leader first from | up to |") :]
    assert len(table) == 2 + len(analysis.stability)
    for s, line in zip(analysis.stability, table[2:], strict=True):
        high = "no limit" if s.high is None else fixed(s.high, 1)
        name = wb.criteria[s.criterion].name
        assert line == f"| {name} | {fixed(s.weight, 1)} | {fixed(s.low, 1)} | {high} |"
    # the settings and the command that reproduces them
    assert "10,000 samples, seed 0" in more
    assert "`meshdesk robustness PROJECT --samples 10000 --seed 0 --weights-mode around" in more
    # Confirmation: the nearest flip, worded as what the pilot must settle
    nearest = words.flips_nearest_first(analysis)[0]
    winner = wb.tool(analysis.candidates.ids[nearest.new_leader]).name
    verb = "rose above" if nearest.direction == "up" else "fell below"
    said = (
        f"if the weight of {wb.criteria[nearest.criterion].name} {verb} "
        f"{fixed(nearest.to, 1)}, **{winner}** would lead"
    )
    assert said in _unescaped(confirmation)
    assert "The weights and scores a pilot must settle" in confirmation


def test_a_leader_off_the_shortlist_is_said_not_settled(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, rec = _decided(dataset, questionnaire, "enterprise")
    analysis = report.analysis
    leader = report.workbook.tool(analysis.candidates.ids[analysis.leader]).name
    assert leader != rec.shortlist[0].name  # the requirements keep the leader off
    outcome = render_adr(report).split("## More Information", 1)[0]
    confirmation = _unescaped(outcome.split("### Confirmation", 1)[1])
    assert "The weights and scores a pilot must settle" not in confirmation
    assert f"its leader is {leader}, which the shortlist does not put first" in confirmation


def test_without_an_analysis_the_record_has_no_robustness(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    report, _ = _decided(dataset, questionnaire)
    body = render_adr(replace(report, analysis=None))
    assert "stays first unless" not in body and "meshdesk robustness" not in body
