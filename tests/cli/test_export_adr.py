"""`meshdesk export adr`: the file it writes, its options, and the same bytes for the same inputs
and SOURCE_DATE_EPOCH."""

from __future__ import annotations

from pathlib import Path

import pytest

from meshdesk.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def test_writes_a_record_with_the_people_and_the_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    out = tmp_path / "0007-service-mesh.md"
    args = [
        "export",
        "adr",
        "--answers",
        str(EXAMPLES / "mid-market.yaml"),
        "--status",
        "accepted",
        "--decision-makers",
        "Ana Lima, Bo Chen",
        "--consulted",
        "SRE guild",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert said == f'Wrote a decision record (accepted, choosing "Istio") to {out}.\n'
    text = out.read_text(encoding="utf-8")
    assert text.startswith('---\nstatus: "accepted"\ndate: 2026-05-28\n')
    assert 'decision-makers: "Ana Lima, Bo Chen"\nconsulted: "SRE guild"\n' in text
    assert 'Chosen option: "Istio", because' in text
    first = out.read_bytes()
    assert main([*args, "--force"]) == 0
    assert out.read_bytes() == first  # same inputs, same epoch: same bytes


def test_without_answers_only_proposed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "adr.md"
    assert main(["export", "adr", "--status", "accepted", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "stores no questionnaire answers" in err and "only be proposed" in err
    assert "Traceback" not in err and not out.exists()
    assert main(["export", "adr", "-o", str(out)]) == 0
    assert "choosing no option" in capsys.readouterr().out
    assert "Chosen option" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "record.txt"], "should end in .md"),
        (["-o", "r.md", "--status", "maybe"], "invalid choice"),
        (["-o", "r.md", "--informed", "a\nb"], "--informed"),
    ],
)
def test_bad_arguments(
    args: list[str],
    needle: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "adr", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_an_existing_file_is_not_replaced_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "adr.md"
    out.write_text("mine", encoding="utf-8")
    assert main(["export", "adr", "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert "--force" in capsys.readouterr().err


def test_the_record_carries_the_robustness_of_the_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import re

    out = tmp_path / "adr.md"
    answers = str(EXAMPLES / "mid-market.yaml")
    assert main(["export", "adr", "--answers", answers, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["robustness", "--answers", answers]) == 0
    sentence = capsys.readouterr().out.splitlines()[0]
    assert main(["robustness", "--answers", answers, "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    text = re.sub(r"\\(.)", r"\1", out.read_text(encoding="utf-8")).replace("**", "")
    more = text.split("## More Information", 1)[1]
    assert sentence in more
    assert "| Criterion | Weight | Leader first from | up to |" in more
    assert (
        f"`meshdesk robustness PROJECT --samples {figures['samples']} --seed {figures['seed']}"
        in more
    )
    confirmation = text.split("### Confirmation", 1)[1].split("## ", 1)[0]
    assert "The weights and scores a pilot must settle" in confirmation
    assert "if the weight of Ease of use rose above 26.7, Linkerd would lead" in confirmation
