from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys

import pytest

from meshdesk import __version__
from meshdesk.cli.main import main
from meshdesk.core.scoring import rank_workbook
from meshdesk.io.project import load_project
from tests.expected import DISCREPANT


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_via_python_m():
    result = subprocess.run(
        [sys.executable, "-m", "meshdesk", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"MeshDesk {__version__}"


def test_rank_json_contract(capsys, workbook):
    code, out, err = run(capsys, "rank", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["weights", "ranking"]
    assert data["weights"] == {
        "core": 25,
        "ease": 15,
        "integrations": 15,
        "security": 10,
        "performance": 10,
        "support": 10,
        "value": 15,
    }
    ranking = data["ranking"]
    assert [r["rank"] for r in ranking] == list(range(1, 11))
    assert list(ranking[0]) == [
        "rank",
        "id",
        "name",
        "total",
        "published_total",
        "lifecycle",
        "complete",
    ]
    engine = rank_workbook(workbook)
    totals = {t.id: float(v) for t, v in zip(workbook.tools, engine.totals, strict=True)}
    for row in ranking:
        assert row["total"] == totals[row["id"]]  # full precision, straight from the engine
        assert row["complete"] is True
    assert ranking[0]["id"] == "istio"
    assert {r["id"]: r["lifecycle"] for r in ranking}["aws-app-mesh"] == "end-of-support"
    assert {r["id"]: r["published_total"] for r in ranking}["linkerd"] == 8.55


def test_rank_weight_override_changes_order(capsys):
    _, out, _ = run(
        capsys,
        "rank",
        "--format",
        "json",
        "--weights",
        "core=0,ease=100,integrations=0,value=0,security=0,performance=0,support=0",
    )
    ranking = json.loads(out)["ranking"]
    # ease only: Linkerd (9) first; ties at 8 share rank 2
    assert ranking[0]["id"] == "linkerd"
    assert ranking[0]["total"] == 9.0
    tied = [r for r in ranking if r["total"] == 8.0]
    assert {r["rank"] for r in tied} == {2}
    assert ranking[len(tied) + 1]["rank"] == 2 + len(tied)


def test_rank_table_and_csv(capsys):
    code, out, _ = run(capsys, "rank")
    assert code == 0
    assert "Rank  Tool" in out and "Istio" in out and "8.85" in out
    code, out, _ = run(capsys, "rank", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["rank", "id", "name", "total", "published_total", "lifecycle", "complete"]
    assert rows[1][1] == "istio" and float(rows[1][3]) == pytest.approx(8.85)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("speed=10", "'speed' is not a criterion; use an id or a name (any case): core (Core"),
        ("core=-5", "a number from 0 to 1,000,000"),
        ("core=1e308,ease=1e308", "a number from 0 to 1,000,000, not 1e+308"),
        ("core=abc", "not a number"),
        ("core", "should look like CRITERION=PERCENT"),
        ("core=0,ease=0,integrations=0,security=0,performance=0,support=0,value=0", "add up to 0"),
    ],
)
def test_rank_bad_weights_exit_2_one_sentence(capsys, weights, message):
    code, out, err = run(capsys, "rank", "--weights", weights)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("meshdesk: ")


def test_audit_json_contract(capsys):
    code, out, _ = run(capsys, "audit", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "discrepancies",
        "lifecycle",
        "incomplete",
        "unverified",
        "changed_from_source",
    ]
    assert data["changed_from_source"] == []  # the bundled dataset, as published
    assert {d["id"] for d in data["discrepancies"]} == DISCREPANT
    first = data["discrepancies"][0]
    assert {"id", "published", "computed"} <= set(first)
    assert {(x["id"], x["status"], x["date"]) for x in data["lifecycle"]} == {
        ("aws-app-mesh", "end-of-support", "2026-09-30"),
        ("open-service-mesh", "archived", "2023-07-11"),
        ("traefik-mesh", "dormant", "2026-02-24"),
    }
    assert all(x["advice"] for x in data["lifecycle"])
    assert data["incomplete"] == []
    assert data["unverified"]


def test_audit_lists_the_users_changes_apart_from_the_publication(capsys, tmp_path):
    """One edit must not be blamed on the guide: discrepancies stay the guide's own, the
    edit is listed as a change from the source."""
    from meshdesk.core.commands import SetScores
    from meshdesk.io.dataset import load_dataset
    from meshdesk.io.project import save_project

    workbook = load_dataset().new_workbook()
    SetScores((("linkerd", "core", 8.5), ("kuma", "ease", math.nan))).apply(workbook)
    path = tmp_path / "edited.meshdesk"
    save_project(workbook, path)
    code, out, _ = run(capsys, "audit", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {d["id"] for d in data["discrepancies"]} == DISCREPANT
    linkerd = next(d for d in data["discrepancies"] if d["id"] == "linkerd")
    assert (linkerd["published"], linkerd["computed"]) == (8.55, 8.5)  # not 8.6
    assert data["changed_from_source"] == [
        {"id": "linkerd", "criterion": "core", "source": 8.0, "current": 8.5},
        {"id": "kuma", "criterion": "ease", "source": 8.0, "current": None},
    ]
    code, out, _ = run(capsys, "audit", str(path))
    assert "Scores changed from" in out and "not scored" in out


def test_audit_table(capsys):
    code, out, _ = run(capsys, "audit")
    assert code == 0
    assert "Tools that are not active: 3" in out


def test_import_csv_to_project_and_rank_it(capsys, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Tool,Speed,Cost\nAlpha,9,3\nBeta,5,7\nGamma,6,\n", encoding="utf-8")
    out_path = tmp_path / "t.meshdesk"
    code, out, err = run(capsys, "import", str(table), "-o", str(out_path))
    assert code == 0, err
    assert "Imported 3 tools and 2 criteria" in out
    wb = load_project(out_path)
    assert wb.weights.tolist() == [50.0, 50.0]
    code, out, _ = run(capsys, "rank", str(out_path), "--format", "json")
    ranking = json.loads(out)["ranking"]
    assert [(r["id"], r["rank"], r["complete"]) for r in ranking] == [
        ("alpha", 1, True),
        ("beta", 1, True),
        ("gamma", None, False),
    ]
    assert ranking[2]["total"] is None


def test_import_bad_table_writes_nothing(capsys, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Tool,Speed\nAlpha,fast\n", encoding="utf-8")
    out_path = tmp_path / "t.meshdesk"
    code, _, err = run(capsys, "import", str(table), "-o", str(out_path))
    assert code == 2
    assert 't.csv!B2: "fast" is not a number from 0 to 10' in err
    assert not out_path.exists()


def test_import_refuses_to_overwrite_without_force(capsys, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Tool,Speed\nAlpha,1\n", encoding="utf-8")
    out_path = tmp_path / "t.meshdesk"
    out_path.write_text("precious", encoding="utf-8")
    code, _, err = run(capsys, "import", str(table), "-o", str(out_path))
    assert code == 2 and "already exists; pass --force" in err
    assert out_path.read_text(encoding="utf-8") == "precious"
    assert run(capsys, "import", str(table), "-o", str(out_path), "--force")[0] == 0


def test_import_unknown_extension(capsys, tmp_path):
    path = tmp_path / "t.ods"
    path.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "-o", str(tmp_path / "x.meshdesk"))
    assert code == 2 and "imports .csv" in err


def test_new_project_then_rank(capsys, tmp_path):
    path = tmp_path / "p.meshdesk"
    code, _, _ = run(
        capsys, "new", "-o", str(path), "--title", "Platform choice", "--author", "Ana"
    )
    assert code == 0
    wb = load_project(path)
    assert wb.metadata.title == "Platform choice" and wb.metadata.author == "Ana"
    assert run(capsys, "rank", str(path))[0] == 0


def test_bad_project_file_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.meshdesk"
    bad.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "meshdesk", "rank", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("meshdesk: ") and "bad.meshdesk" in result.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "meshdesk", "--debug", "rank", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_usage_error_is_one_sentence(capsys):
    code, _, err = run(capsys, "rank", "--format", "xml")
    assert code == 2
    assert "invalid choice: 'xml'" in err and "see 'meshdesk rank --help'" in err
    assert err.count("\n") == 1


def test_internal_error_exit_1(capsys, monkeypatch):
    from meshdesk.cli import commands

    def boom(args):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(commands, "cmd_audit", boom)
    code, _, err = run(capsys, "audit")
    assert code == 1
    assert "internal error (RuntimeError: unexpected)" in err


def test_dataset_option(capsys, tmp_path, data_root):
    import shutil

    copy = tmp_path / "d"
    shutil.copytree(data_root, copy)
    path = copy / "tools" / "kuma.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Kuma", "name: Kuma (ours)"),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--dataset", str(copy), "rank", "--format", "json")
    assert code == 0
    assert "Kuma (ours)" in {r["name"] for r in json.loads(out)["ranking"]}


def test_import_keeps_lifecycle_of_known_platforms(capsys, tmp_path):
    """A table that names a dormant platform must not turn it into an "active" one."""
    table = tmp_path / "t.csv"
    table.write_text(
        "Tool,Speed,Cost\nLinkerd,9,8\nTraefik Mesh,9,9\nOur own mesh,5,5\n", encoding="utf-8"
    )
    out = tmp_path / "t.meshdesk"
    assert run(capsys, "import", str(table), "-o", str(out))[0] == 0
    wb = load_project(out)
    assert wb.tool("traefik-mesh").lifecycle_status == "dormant"
    assert wb.tool("linkerd").facts.license.value == "Apache-2.0"
    assert wb.tool("our-own-mesh").facts is None
    code, data, _ = run(capsys, "audit", str(out), "--format", "json")
    assert code == 0
    assert {x["id"] for x in json.loads(data)["lifecycle"]} == {"traefik-mesh"}


def test_xlsx_round_trip_through_the_cli_keeps_facts(capsys, tmp_path, data_root):
    xlsx = tmp_path / "e.xlsx"
    assert run(capsys, "export", "xlsx", "-o", str(xlsx))[0] == 0
    project = tmp_path / "e.meshdesk"
    assert run(capsys, "import", str(xlsx), "-o", str(project))[0] == 0
    code, out, _ = run(
        capsys,
        "recommend",
        "--answers",
        str(data_root / "examples" / "smb.yaml"),
        str(project),
        "--format",
        "json",
    )
    assert code == 0
    shortlist = [p["id"] for p in json.loads(out)["shortlist"]]
    assert "traefik-mesh" not in shortlist
    assert shortlist[:2] == ["linkerd", "kuma"]


def test_a_mistyped_command_is_an_error_not_the_window(capsys, monkeypatch):
    import meshdesk.cli.main as cli_main

    monkeypatch.setattr(cli_main, "_run_gui", lambda files: pytest.fail("opened the window"))
    code, _, err = run(capsys, "rnak")
    assert code == 2
    assert "invalid choice: 'rnak'" in err


def test_a_project_file_argument_opens_the_window(monkeypatch):
    import meshdesk.cli.main as cli_main

    opened = []
    monkeypatch.setattr(cli_main, "_run_gui", lambda files: opened.append(files) or 0)
    assert main(["team.meshdesk"]) == 0
    assert main([]) == 0
    assert opened == [["team.meshdesk"], []]


ESCAPES = [
    "\x1b]0;pwned\x07",  # OSC 0: the window title
    "\x1b[2J",  # CSI 2J: clear the screen
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
    "\rfake prompt",  # a bare CR rewrites the line
    "\x9b2J",  # an 8-bit CSI
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_no_control_sequence_reaches_the_terminal(capsys, tmp_path, payload):
    """File contents and names echoed in messages used to reach the terminal raw."""
    table = tmp_path / "evil.csv"
    table.write_text(f'Tool,Speed\nAlpha,"{payload}"\n', encoding="utf-8", newline="")
    code, out, err = run(capsys, "import", str(table), "-o", str(tmp_path / "x.meshdesk"))
    assert code == 2
    code2, out2, err2 = run(capsys, "rank", str(tmp_path / f"missing{payload}.meshdesk"))
    assert code2 == 2
    for text in (out, err, out2, err2):
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        assert "\r" not in text.replace("\r\n", "")
    assert "\\e" in err2 or "\\r" in err2 or "\\x9b" in err2  # shown, escaped


def test_json_output_stays_valid_and_holds_no_raw_control(capsys, tmp_path):
    from meshdesk.cli.output import to_json

    text = to_json({"name": "a\x9bb\x1bc\x7f"})
    assert json.loads(text) == {"name": "a\x9bb\x1bc\x7f"}
    assert not any((ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in text)
