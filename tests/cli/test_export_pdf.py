"""`meshdesk export pdf` end to end, through `main` and its error contract.

Until meshdesk/cli/export.py registers the command itself, the parser `main` builds gets it
added here, exactly as export.py will (`add_pdf_command` on the export formats).
"""

from __future__ import annotations

import argparse
import json

import pypdf
import pytest

from meshdesk.cli import main as cli_main
from meshdesk.cli.memo import add_pdf_command
from meshdesk.io.project import save_project
from meshdesk.locations import data_dir
from tests.helpers.pdf import flat, pdfinfo, pdftotext

ENTERPRISE = str(data_dir() / "examples" / "enterprise.yaml")


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


@pytest.fixture(autouse=True)
def with_pdf_command(monkeypatch):
    real = cli_main.build_parser

    def build() -> argparse.ArgumentParser:
        parser = real()
        formats = _subcommands(_subcommands(parser).choices["export"])
        if "pdf" not in formats.choices:
            add_pdf_command(formats)
        return parser

    monkeypatch.setattr(cli_main, "build_parser", build)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_main.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_memo_from_the_bundled_dataset_with_an_answers_file(capsys, tmp_path):
    out = tmp_path / "memo.pdf"
    code, stdout, err = run(capsys, "export", "pdf", "--answers", ENTERPRISE, "-o", str(out))
    assert code == 0, err
    pages = len(pypdf.PdfReader(out).pages)
    assert stdout == (
        f"Wrote a {pages}-page decision memo (A4) with the recommendation to {out}.\n"
    )
    # the shortlist is the one `meshdesk recommend` gives for the same answers
    code, recommended, err = run(capsys, "recommend", "--answers", ENTERPRISE, "--format", "json")
    assert code == 0, err
    names = [p["name"] for p in json.loads(recommended)["shortlist"]]
    totals = [p["total"] for p in json.loads(recommended)["shortlist"]]
    listing = "; ".join(
        f"{n}. {name} ({t:.2f})" for n, (name, t) in enumerate(zip(names, totals, strict=True), 1)
    )
    assert flat(listing) in flat(pdftotext(out))


def test_memo_from_a_project_with_stored_answers_title_author_and_letter(
    capsys, tmp_path, workbook
):
    workbook.answers = {"organization": "smb"}
    project = tmp_path / "p.meshdesk"
    save_project(workbook, project)
    out = tmp_path / "memo.pdf"
    code, stdout, err = run(
        capsys,
        "export",
        "pdf",
        str(project),
        "--page-size",
        "Letter",
        "--title",
        "Mesh choice",
        "--author",
        "Ada",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert "(US Letter) with the recommendation" in stdout
    info = pdfinfo(out)
    assert (info["Title"], info["Author"]) == ("Mesh choice", "Ada")
    assert "612 x 792 pts" in info["Page size"]


def test_memo_without_answers(capsys, tmp_path):
    out = tmp_path / "memo.pdf"
    code, stdout, err = run(capsys, "export", "pdf", "-o", str(out))
    assert code == 0, err
    assert "without a recommendation (no answers)" in stdout
    assert "No questionnaire was answered" in pdftotext(out)


def test_an_existing_file_is_kept_unless_forced(capsys, tmp_path):
    out = tmp_path / "memo.pdf"
    out.write_bytes(b"signed memo")
    code, _, err = run(capsys, "export", "pdf", "-o", str(out))
    assert (code, err) == (2, f"meshdesk: {out}: already exists; pass --force to replace it.\n")
    assert out.read_bytes() == b"signed memo"
    code, _, err = run(capsys, "export", "pdf", "-o", str(out), "--force")
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "pdf"], "the following arguments are required: -o/--output"),
        (
            ["export", "pdf", "-o", "memo.txt"],
            "memo.txt: a PDF memo's file name should end in .pdf.",
        ),
        (["export", "pdf", "--page-size", "a5", "-o", "x.pdf"], "invalid choice: 'a5'"),
        (["export", "pdf", "missing.meshdesk", "-o", "x.pdf"], "missing.meshdesk: no such file."),
        (["export", "pdf", "--answers", "nope.yaml", "-o", "x.pdf"], "nope.yaml: no such file."),
    ],
)
def test_errors_are_one_sentence_with_exit_code_2(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, *args)
    assert code == 2
    assert stdout == ""
    assert err.startswith("meshdesk: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_bad_answers_in_a_file_name_the_file(capsys, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("organization: galactic\n", encoding="utf-8")
    code, _, err = run(
        capsys, "export", "pdf", "--answers", str(answers), "-o", str(tmp_path / "m.pdf")
    )
    assert code == 2
    assert str(answers) in err and "galactic" in err
    assert not (tmp_path / "m.pdf").exists()


def test_the_memo_says_how_robust_the_lead_is_as_meshdesk_robustness_does(
    capsys, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    mid_market = str(data_dir() / "examples" / "mid-market.yaml")
    out = tmp_path / "memo.pdf"
    code, _, err = run(capsys, "export", "pdf", "--answers", mid_market, "-o", str(out))
    assert code == 0, err
    code, said, err = run(capsys, "robustness", "--answers", mid_market)
    assert code == 0, err
    sentence = said.splitlines()[0]  # the plain sentence, as the command line says it
    assert "stays first unless" in sentence
    content = flat(pdftotext(out))
    assert flat("6. How robust the lead is") in content
    assert flat(sentence) in content
    code, found, err = run(capsys, "robustness", "--answers", mid_market, "--format", "json")
    assert code == 0, err
    figures = json.loads(found)
    assert flat(f"{figures['samples']:,} samples, seed {figures['seed']}") in content
    assert flat(
        f"meshdesk robustness PROJECT --samples {figures['samples']} --seed {figures['seed']}"
    ) in (content)
    again = tmp_path / "again.pdf"
    code, _, err = run(capsys, "export", "pdf", "--answers", mid_market, "-o", str(again))
    assert code == 0, err
    assert again.read_bytes() == out.read_bytes()  # the Monte Carlo is seeded
