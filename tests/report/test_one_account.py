"""One account of a decision: the report is built once, and the memo, the xlsx Recommendation
sheet, the wizard's result page, the command line's table and the ADR state the same verdict,
the same shortlist in the same order with the same totals (as shown), and the same exclusions
with the same reasons."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from meshdesk.cli.recommend import recommendation_to_text
from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import apply_answers, recommend
from meshdesk.io.questionnaire import load_answers
from meshdesk.io.xlsx_export import build_xlsx_bytes
from meshdesk.io.xlsx_layout import RECOMMENDATION
from meshdesk.locations import data_dir
from meshdesk.render.adr import render_adr
from meshdesk.render.pdf import render_report
from meshdesk.report import DecisionReport, build_report, text
from tests.helpers.pdf import flat, pdftotext

EXAMPLES = ("enterprise", "mid-market")
DAY = date(2026, 11, 27)


class Account:
    """The report and every rendering of it."""

    def __init__(self, report: DecisionReport, memo: str, sheet: list[tuple], page: str) -> None:
        self.report = report
        self.memo = memo  # pdftotext of the PDF
        self.sheet = sheet  # the Recommendation sheet's rows, as openpyxl reads them
        self.page = page  # the wizard's HTML
        self.cli = recommendation_to_text(report)
        self.adr = render_adr(report)


@pytest.fixture(scope="module", params=EXAMPLES)
def account(request, dataset, questionnaire, tmp_path_factory) -> Account:  # type: ignore[no-untyped-def]
    from meshdesk.ui.wizard import recommendation_html  # the page is a string; no window

    workbook = dataset.new_workbook(title=f"One account: {request.param}", author="Tester")
    answers = load_answers(data_dir() / "examples" / f"{request.param}.yaml", questionnaire)
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    rec = recommend(workbook, questionnaire, answers)
    report = build_report(workbook, rec, questionnaire, day=DAY)
    assert report.decided and len(rec.shortlist) >= 2 and rec.excluded  # worth comparing

    pdf = tmp_path_factory.mktemp("memo") / "memo.pdf"
    pdf.write_bytes(render_report(report).data)
    # the sheet takes the recommendation the report was built from, and builds the same report
    book = openpyxl.load_workbook(
        io.BytesIO(build_xlsx_bytes(workbook, recommendation=rec, questionnaire=questionnaire))
    )
    sheet = [
        tuple((cell.value, cell.number_format) for cell in row)
        for row in book[RECOMMENDATION].iter_rows()
    ]
    memo = _memo_body(pdftotext(Path(pdf)))
    return Account(report, memo, sheet, recommendation_html(report, workbook))


# --- reading each rendering back ---------------------------------------------------------------


# the running header and footer of every page, which pdftotext puts inside a paragraph that
# continues on the next page
_FRAME = re.compile(
    r"^(MeshDesk \S+ · dataset .*|Page \d+ of \d+|.* · Decision memo|\d{1,2} \w+ \d{4})$"
)


def _memo_body(memo: str) -> str:
    return "\n".join(line for line in memo.splitlines() if not _FRAME.match(line.strip()))


def _page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _markdown_text(markdown: str) -> str:
    """The ADR as a reader sees it: Markdown's backslash escapes undone."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|&<>~])", r"\1", markdown)


def _sheet_section(sheet: list[tuple], title: str) -> list[tuple]:
    """The rows of a section of the sheet, after its title and header rows."""
    start = next(i for i, row in enumerate(sheet) if row and row[0][0] == title) + 2
    rows = []
    for row in sheet[start:]:
        if not any(value is not None for value, _ in row):
            break
        rows.append(row)
    return rows


def _shown(value: float, number_format: str) -> str:
    """A number as the spreadsheet shows it: its places are those of the number format."""
    places = len(number_format.split(".")[1]) if "." in number_format else 0
    return fixed(value, places)


# --- the verdict -------------------------------------------------------------------------------


def test_every_rendering_states_the_same_verdict(account: Account) -> None:
    report = account.report
    verdict = str(text.verdict(report))
    chosen = report.chosen
    assert chosen is not None and chosen.name in verdict
    assert flat(verdict) in flat(account.memo)
    assert any(str(value).endswith(verdict) for row in account.sheet for value, _ in row)
    assert flat(verdict) in flat(_page_text(account.page))
    assert flat(verdict) in flat(account.cli)
    adr = _markdown_text(account.adr)
    assert f'Chosen option: "{chosen.name}", because {text.because(report)}' in adr


# --- the shortlist, in order, with its totals as shown -----------------------------------------


def _expected_shortlist(report: DecisionReport) -> list[tuple[str, str]]:
    assert report.recommendation is not None
    return [(p.name, report.total_text(p.total)) for p in report.recommendation.shortlist]


def test_every_rendering_lists_the_same_shortlist_with_the_same_totals(account: Account) -> None:
    expected = _expected_shortlist(account.report)
    # the memo: the callout on page 1
    listed = "; ".join(f"{n}. {name} ({total})" for n, (name, total) in enumerate(expected, 1))
    assert flat(f"Shortlist, best first. {listed}") in flat(account.memo)
    # the sheet: its Shortlist section, totals as their number format shows them
    rows = _sheet_section(account.sheet, "Shortlist")
    assert [(row[0][0], _shown(row[1][0], row[1][1])) for row in rows] == expected
    # the wizard: the ordered list
    found = re.findall(r"<li><b>(.*?)</b> — weighted total ([0-9.]+)", account.page)
    assert [(html.unescape(name), total) for name, total in found] == expected
    # the command line's table
    found = re.findall(r"^  \d+\. (.+?)  \(weighted total ([0-9.]+)\)$", account.cli, re.M)
    assert found == expected
    # the ADR: one section per shortlisted option, in order, and the totals of its ranking table
    adr = _markdown_text(account.adr)
    pros = adr[adr.index("## Pros and Cons of the Options") : adr.index("## More Information")]
    assert re.findall(r"^### (.+)$", pros, re.M) == [name for name, _ in expected]
    table = {
        cells[1]: cells[-1]
        for line in adr.splitlines()
        if line.startswith("| ")
        for cells in [[c.strip() for c in line.strip("|").split(" | ")]]
    }
    assert [(name, table[name]) for name, _ in expected] == expected


# --- the exclusions, with their reasons --------------------------------------------------------


def test_every_rendering_states_the_same_exclusions_and_reasons(account: Account) -> None:
    rec = account.report.recommendation
    assert rec is not None
    expected = [(e.name, text.exclusion_reasons(e)) for e in rec.excluded]
    memo = flat(account.memo)
    adr = _markdown_text(account.adr)
    rows = _sheet_section(account.sheet, "Excluded")
    assert [row[0][0] for row in rows] == [name for name, _ in expected]
    cli = flat(account.cli[account.cli.index("\nExcluded") :])
    for (name, reasons), row in zip(expected, rows, strict=True):
        said = " ".join(reasons)
        assert flat(f"{name}. {said}") in memo, name
        assert str(row[3][0]).startswith("\n".join(reasons)), name
        items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
        assert f"<li><b>{html.escape(name)}</b><ul>{items}</ul></li>" in account.page, name
        assert flat(f"- {name}" + "".join(f"- {r}" for r in reasons)) in cli, name
        assert f"* **{name}**: {said}" in adr, name
