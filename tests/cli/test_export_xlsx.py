"""`meshdesk export xlsx` and `meshdesk import FILE.xlsx` from the command line."""

from __future__ import annotations

import json

import numpy as np
import openpyxl
import pytest

from meshdesk.cli.main import main
from meshdesk.core.scoring import rank_workbook
from meshdesk.io.project import load_project, save_project
from meshdesk.locations import data_dir


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sheetnames(path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def test_export_from_the_bundled_dataset(capsys, tmp_path, workbook):
    out = tmp_path / "dataset.xlsx"
    code, stdout, err = run(capsys, "export", "xlsx", "-o", str(out))
    assert code == 0, err
    assert stdout == f"Exported 10 tools, 7 criteria, 0 notes to {out}.\n"
    assert sheetnames(out) == [
        "Scores",
        "Weights",
        "Ranking",
        "Robustness",  # the command line always adds the analysis when a tool can be chosen
        "Notes",
        "Facts",
        "About",
    ]
    names = [
        r[0] for r in openpyxl.load_workbook(out)["Scores"].iter_rows(min_row=2, values_only=True)
    ]
    assert names == [t.name for t in workbook.tools]


def test_export_from_a_project_with_stored_answers(capsys, tmp_path, workbook):
    workbook.answers = {"organization": "smb"}
    workbook.scores[0, 0] = 4.5
    project = tmp_path / "p.meshdesk"
    save_project(workbook, project)
    out = tmp_path / "p.xlsx"
    code, stdout, err = run(capsys, "export", "xlsx", str(project), "-o", str(out))
    assert code == 0, err
    assert "and the recommendation" in stdout
    assert sheetnames(out) == [
        "Scores",
        "Weights",
        "Ranking",
        "Recommendation",
        "Robustness",
        "Notes",
        "Facts",
        "About",
    ]
    assert openpyxl.load_workbook(out)["Scores"]["B2"].value == 4.5


def test_export_with_an_answers_file(capsys, tmp_path):
    out = tmp_path / "rec.xlsx"
    answers = data_dir() / "examples" / "enterprise.yaml"
    code, _, err = run(capsys, "export", "xlsx", "--answers", str(answers), "-o", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out)["Recommendation"]
    cells = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    # the same shortlist `meshdesk recommend` gives for these answers
    code, stdout, err = run(capsys, "recommend", "--answers", str(answers), "--format", "json")
    assert code == 0, err
    shortlist = [pick["name"] for pick in json.loads(stdout)["shortlist"]]
    assert shortlist and all(name in cells for name in shortlist)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "the following arguments are required: FORMAT"),
        (["export", "xlsx"], "the following arguments are required: -o/--output"),
        (
            ["export", "xlsx", "-o", "out.csv"],
            "out.csv: an Excel workbook's file name should end in .xlsx.",
        ),
        (["export", "xlsx", "missing.meshdesk", "-o", "x.xlsx"], "missing.meshdesk: no such file."),
        (["export", "xlsx", "--answers", "nope.yaml", "-o", "x.xlsx"], "nope.yaml: no such file."),
        (["export", "odt", "-o", "x.odt"], "invalid choice: 'odt'"),
    ],
)
def test_export_errors_are_one_sentence_with_exit_code_2(
    capsys, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, *args)
    assert code == 2
    assert stdout == ""
    assert err.startswith("meshdesk: ") and message in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()


def test_export_does_not_overwrite_without_force(capsys, tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    code, _, err = run(capsys, "export", "xlsx", "-o", str(out))
    assert code == 2 and "already exists; pass --force" in err
    assert out.read_bytes() == b"keep me"
    assert run(capsys, "export", "xlsx", "-o", str(out), "--force")[0] == 0


def test_import_an_edited_export(capsys, tmp_path, workbook):
    out = tmp_path / "shared.xlsx"
    assert run(capsys, "export", "xlsx", "-o", str(out))[0] == 0
    book = openpyxl.load_workbook(out)
    book["Weights"]["B2"] = 50  # core 25 -> 50
    book["Scores"]["C2"] = 9  # Istio ease 6 -> 9
    book.save(out)
    project = tmp_path / "back.meshdesk"
    code, stdout, err = run(capsys, "import", str(out), "-o", str(project))
    assert code == 0, err
    assert stdout == f"Imported 10 tools and 7 criteria (weights from the file) into {project}.\n"
    back = load_project(project)
    workbook.weights[0] = 50
    workbook.scores[0, 1] = 9
    assert np.array_equal(rank_workbook(back).totals, rank_workbook(workbook).totals)


def test_import_of_a_bad_xlsx_lists_every_problem_and_writes_nothing(capsys, tmp_path):
    out = tmp_path / "shared.xlsx"
    assert run(capsys, "export", "xlsx", "-o", str(out))[0] == 0
    book = openpyxl.load_workbook(out)
    book["Scores"]["B3"] = "high"
    book["Scores"]["C4"] = 12
    book.save(out)
    project = tmp_path / "back.meshdesk"
    code, stdout, err = run(capsys, "import", str(out), "-o", str(project))
    assert code == 2 and stdout == ""
    assert err.startswith(f"meshdesk: {out}: nothing was imported; 2 problems found:\n")
    assert 'Scores!B3: "high" is not a number from 0 to 10' in err
    assert "Scores!C4: 12 is outside the score range 0 to 10" in err
    assert "Traceback" not in err
    assert not project.exists()


def test_import_refuses_a_macro_workbook(capsys, tmp_path):
    macro = tmp_path / "scores.xlsm"
    macro.write_bytes(b"PK")
    code, _, err = run(capsys, "import", str(macro), "-o", str(tmp_path / "p.meshdesk"))
    assert code == 2 and "MeshDesk does not import macros" in err
