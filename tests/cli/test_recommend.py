"""`meshdesk recommend`: the JSON contract, the table, stored answers and errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from meshdesk.cli.main import main
from meshdesk.core.commands import SetAnswers
from meshdesk.io.project import save_project
from tests.expected import INACTIVE

KEYS = [
    "needs_mesh",
    "alternative",
    "segment",
    "weights",
    "must_haves",
    "shortlist",
    "excluded",
    "explanation",
    "what_if",
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def examples(data_root: Path) -> list[Path]:
    return sorted((data_root / "examples").glob("*.yaml"))


def test_json_keys_are_exactly_the_contract(capsys, data_root):
    code, out, err = run(
        capsys,
        "recommend",
        "--answers",
        str(data_root / "examples/mid-market.yaml"),
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == KEYS
    assert data["needs_mesh"] is True and data["alternative"] is None
    assert data["segment"] == "mid_market"
    assert data["shortlist"] and data["excluded"]
    for pick in data["shortlist"]:
        assert list(pick) == ["id", "name", "total", "reasons"]
        assert isinstance(pick["total"], float) and pick["reasons"]
    for exclusion in data["excluded"]:
        assert list(exclusion) == ["id", "name", "reasons"]
    assert "consul" in [p["id"] for p in data["shortlist"]]
    assert data["must_haves"] == [
        {
            "id": "vm-workloads",
            "label": "Runs VM workloads",
            "feature": "vm_workloads",
            "accepted": ["yes"],
            "reason": data["must_haves"][0]["reason"],
            "question": "workloads",
            "option": "vms",
        }
    ]
    assert data["what_if"] == [
        {
            "must_have": "vm-workloads",
            "relax": "must-have",
            "label": "Runs VM workloads",
            "returns": ["cilium"],
        }
    ]


@pytest.mark.parametrize("name", ["solo", "smb", "mid-market", "enterprise", "smb-aws"])
def test_every_segment_example_runs_from_the_command_line(capsys, data_root, name):
    code, out, err = run(
        capsys,
        "recommend",
        "--answers",
        str(data_root / f"examples/{name}.yaml"),
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert sum(round(w * 10) for w in data["weights"].values()) == 1000
    assert not {p["id"] for p in data["shortlist"]} & INACTIVE
    if not data["needs_mesh"]:
        assert data["alternative"] and data["shortlist"] == []


def test_json_answers_file(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"organization": "smb", "services": "6-20", "budget": "open_source"}),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "recommend", "--answers", str(answers), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["segment"] == "smb"


def test_table_is_readable_text(capsys, data_root):
    code, out, err = run(
        capsys, "recommend", "--answers", str(data_root / "examples/enterprise.yaml")
    )
    assert code == 0, err
    for heading in ("Verdict:", "Segment: Enterprise.", "Weights", "Must-haves", "Shortlist"):
        assert heading in out
    for heading in ("\nExcluded\n", "\nWhat if a requirement were relaxed\n", "\nMemo\n"):
        assert heading in out
    assert "compliance regulated: security 10 -> 20" in out
    assert re.search(r"^  1\. .+  \(weighted total \d+\.\d\d\)$", out, re.MULTILINE)
    assert "without 'FIPS-validated builds': " in out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "{" not in out and "Traceback" not in out


def test_table_for_no_mesh_names_the_alternative(capsys, data_root):
    code, out, _ = run(capsys, "recommend", "--answers", str(data_root / "examples/solo.yaml"))
    assert code == 0
    assert "Verdict: A service mesh is not worth adopting" in out
    assert "Instead: An ingress controller" in out
    assert "Shortlist" not in out


def test_stored_answers_in_a_project_are_used(capsys, tmp_path, workbook):
    SetAnswers({"organization": "smb", "cloud": "aws"}).apply(workbook)
    project = tmp_path / "ours.meshdesk"
    save_project(workbook, project)
    code, out, err = run(capsys, "recommend", str(project), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["segment"] == "smb"
    assert "aws-app-mesh" in [e["id"] for e in data["excluded"]]
    # an answers file wins over the stored answers
    answers = tmp_path / "other.yaml"
    answers.write_text("organization: enterprise\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "recommend", str(project), "--answers", str(answers), "--format", "json"
    )
    assert json.loads(out)["segment"] == "enterprise"


def test_bad_stored_answers_are_named(capsys, tmp_path, workbook):
    SetAnswers({"organization": "huge"}).apply(workbook)
    project = tmp_path / "odd.meshdesk"
    save_project(workbook, project)
    code, _, err = run(capsys, "recommend", str(project))
    assert code == 2
    assert (
        "odd.meshdesk: stored answers: Organization size [organization]: 'huge' is not one of "
        "its options; the options are Just me [solo], "
    ) in err


def test_no_answers_at_all_is_one_sentence_exit_2(capsys, tmp_path, workbook):
    code, out, err = run(capsys, "recommend")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("meshdesk: There are no answers to evaluate")
    project = tmp_path / "blank.meshdesk"
    save_project(workbook, project)
    code, _, err = run(capsys, "recommend", str(project))
    assert code == 2 and "blank.meshdesk stores no answers" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("organization: [smb\n", "is not valid YAML"),
        ("- smb\n", "should map question ids to option ids"),
        ("organization: [smb, solo]\n", "Organization size [organization] takes one option"),
        (
            "priorities: [security, cost, simplicity, performance]\n",
            "Priorities [priorities]: choose at most 3 (you chose Security [security], Low cost "
            "[cost], Simplicity [simplicity] and Performance [performance]).",
        ),
        ("organisation: smb\n", "'organisation' is not a question; the questions are "),
    ],
)
def test_bad_answers_file_exit_2_one_sentence(capsys, tmp_path, content, message):
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "recommend", "--answers", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "answers.yaml" in err


def test_huge_answers_file_exit_2_without_traceback(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (5 * 1024 * 1024))
    result = subprocess.run(
        [sys.executable, "-m", "meshdesk", "recommend", "--answers", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "huge.yaml: is 5.0 MiB, larger than the 1.0 MiB" in result.stderr


def test_dataset_option_reads_its_questionnaire(capsys, tmp_path, data_root):
    copy = tmp_path / "data"
    shutil.copytree(data_root, copy)
    path = copy / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("changes: {security: 8}", "changes: {safety: 8}", 1), "utf-8")
    answers = data_root / "examples/smb.yaml"
    code, _, err = run(capsys, "--dataset", str(copy), "recommend", "--answers", str(answers))
    assert code == 2
    assert "questionnaire.yaml: weight rule 'priority-security'" in err
    assert "names the unknown criterion 'safety'" in err


def test_all_examples_run(capsys, data_root):
    assert len(examples(data_root)) >= 4
    for path in examples(data_root):
        code, _, err = run(capsys, "recommend", "--answers", str(path))
        assert code == 0, (path.name, err)


def test_a_csv_project_is_not_told_about_the_guide(capsys, tmp_path, data_root):
    """Criteria the questionnaire does not know, scores from a CSV: say where the scores came
    from and that the answers cannot move any weight, instead of guide boilerplate."""
    table = tmp_path / "own.csv"
    table.write_text("Tool,Speed,Cost\nAlpha,5,6\nIstio,8,8\n", encoding="utf-8")
    project = tmp_path / "own.meshdesk"
    assert run(capsys, "import", str(table), "-o", str(project))[0] == 0
    answers = str(data_root / "examples" / "smb.yaml")
    code, out, _ = run(capsys, "recommend", str(project), "--answers", answers, "--format", "json")
    assert code == 0
    text = json.loads(out)["explanation"]
    assert "criteria do not match the questionnaire's" in text
    assert "published weights" not in text
    assert "buyer's guide" not in text
    assert "entered or imported in this project" in text
    assert json.loads(out)["weights"] == {"speed": 50.0, "cost": 50.0}


def test_stored_answers_are_evaluated_under_the_projects_own_weights(capsys, tmp_path, workbook):
    """`recommend PROJECT` reports the decision as the project stands (as its memo does);
    --answers applies them first, as the window's Apply does."""
    from meshdesk.core.commands import SetWeights

    SetAnswers({"organization": "enterprise", "kubernetes": "multi_cluster"}).apply(workbook)
    SetWeights((("security", 80.0),)).apply(workbook)
    path = tmp_path / "tuned.meshdesk"
    save_project(workbook, path)
    code, out, _ = run(capsys, "recommend", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["weights"]["security"] == pytest.approx(80 / 170 * 100)
    assert data["shortlist"][0]["id"] == "tetrate-service-bridge"
    code, out, _ = run(capsys, "recommend", str(path))
    assert "differ from the answers' profile" in out and "Used" in out


def test_table_says_shared_reasons_once_and_why_the_first_pick_leads(capsys, data_root):
    """The text puts what every pick shares before the list, and a reason a rule gives for
    two moves once; the JSON keeps every reason with its pick."""
    path = str(data_root / "examples/enterprise.yaml")
    code, out, _ = run(capsys, "recommend", "--answers", path)
    assert code == 0
    flat = " ".join(out.split())  # the text is wrapped
    shared = "candidate because the guide counts it among the strong choices for enterprises"
    assert flat.count(shared) == 1
    assert re.search(r"^  Each platform on the shortlist is a candidate because", out, re.M)
    assert "\nWhy Tetrate Service Bridge leads\n  Tetrate Service Bridge leads Gloo Mesh" in out
    assert "compliance regulated: security 10 -> 20, support 10 -> 15. A regulated" in flat
    assert flat.count("A regulated estate has to prove its controls") == 1
    assert all(len(line) <= 100 for line in out.splitlines())
    code, out, _ = run(capsys, "recommend", "--answers", path, "--format", "json")
    data = json.loads(out)
    assert list(data) == KEYS  # the contract: the comparison is text, not a key
    for pick in data["shortlist"]:
        assert any(shared in reason for reason in pick["reasons"])
        assert all(reason[0].isupper() and reason.endswith(".") for reason in pick["reasons"])
