"""`meshdesk rank`: CSV for spreadsheets and scripts (true/false, totals to 10 significant
digits) next to JSON at full precision; weights named by id or name in any case; a table
given where a project is expected."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from meshdesk.cli.main import main
from meshdesk.core.commands import SetScores
from meshdesk.core.scoring import rank_workbook
from meshdesk.io.project import save_project


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path, workbook):
    """The dataset with one tool left incomplete (not scored on a weighted criterion)."""
    SetScores((("kuma", "ease", math.nan),)).apply(workbook)
    path = tmp_path / "p.meshdesk"
    save_project(workbook, path)
    return path, workbook


def test_csv_booleans_are_lowercase_and_totals_have_ten_significant_digits(capsys, project):
    path, workbook = project
    code, out, err = run(capsys, "rank", str(path), "--format", "csv")
    assert code == 0, err
    assert out.endswith("\r\n") and "True" not in out and "False" not in out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["complete"] for row in rows} == {"true", "false"}
    kuma = next(row for row in rows if row["id"] == "kuma")
    assert kuma["complete"] == "false" and kuma["total"] == "" and kuma["rank"] == ""
    # the raw line: booleans bare like numbers, text quoted
    assert any(line.endswith(',"active",true') for line in out.split("\r\n"))
    engine = rank_workbook(workbook)
    by_id = {t.id: i for i, t in enumerate(workbook.tools)}
    long_floats = 0
    for row in rows:
        if row["total"]:
            digits = row["total"].replace(".", "").lstrip("0")
            assert len(digits) <= 10, row["total"]
            exact = float(engine.totals[by_id[row["id"]]])
            assert float(row["total"]) == float(f"{exact:.10g}")
            long_floats += len(repr(exact)) > 12
    assert long_floats  # the dataset has totals like 8.399999999999999: the test bites


def test_json_keeps_full_precision(capsys, project):
    path, workbook = project
    code, out, err = run(capsys, "rank", str(path), "--format", "json")
    assert code == 0, err
    engine = rank_workbook(workbook)
    totals = {r["id"]: r["total"] for r in json.loads(out)["ranking"]}
    for i, tool in enumerate(workbook.tools):
        expected = float(engine.totals[i]) if engine.complete[i] else None
        assert totals[tool.id] == expected, tool.id  # exactly, not rounded


@pytest.mark.parametrize(
    "weights",
    [
        "core=60,ease=1",
        "Core=60,EASE=1",
        "Core features=60,ease of use=1",
        " CORE FEATURES = 60 , Ease Of Use=1",
    ],
)
def test_weights_by_id_or_name_in_any_case(capsys, workbook, weights):
    code, out, err = run(capsys, "rank", "--weights", weights, "--format", "json")
    assert code == 0, err
    data = json.loads(out)["weights"]
    assert data["core"] == 60 and data["ease"] == 1
    others = {c.id: w for c, w in zip(workbook.criteria, workbook.weights, strict=True)}
    assert {k: v for k, v in data.items() if k not in ("core", "ease")} == {
        k: v for k, v in others.items() if k not in ("core", "ease")
    }  # the others keep their weights


def test_unknown_weight_lists_every_criterion_by_id_and_name(capsys, workbook):
    code, out, err = run(capsys, "rank", "--weights", "Speed=10")
    assert code == 2 and out == ""
    assert "'Speed' is not a criterion" in err
    for criterion in workbook.criteria:
        assert f"{criterion.id} ({criterion.name})" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["rank"], ["audit"], ["export", "pdf", "-o", "x.pdf"]])
@pytest.mark.parametrize("name", ["scores.csv", "scores.XLSX"])
def test_a_table_given_as_project_says_so_and_suggests_import(capsys, tmp_path, command, name):
    table = tmp_path / name
    table.write_text("Tool,Core features\nA,5\n", encoding="utf-8")
    args = [*command[:1], *command[1:2], str(table), *command[2:]]
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert "is not valid JSON" not in err and "UTF-8" not in err
    assert f"{table}: is a table (.{name.rsplit('.', 1)[1].lower()}), not a MeshDesk project" in err
    assert f"meshdesk import {table} -o PROJECT.meshdesk" in err


def test_an_exported_workbook_renamed_to_a_project_is_named_a_workbook(capsys, tmp_path):
    out_xlsx = tmp_path / "e.xlsx"
    assert main(["export", "xlsx", "-o", str(out_xlsx)]) == 0
    renamed = tmp_path / "e.meshdesk"
    renamed.write_bytes(out_xlsx.read_bytes())
    capsys.readouterr()
    code, _, err = run(capsys, "rank", str(renamed))
    assert code == 2
    assert "is a zip archive (a workbook?), not a MeshDesk project" in err
    assert "meshdesk import FILE.xlsx" in err
