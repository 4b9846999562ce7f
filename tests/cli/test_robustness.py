"""`meshdesk robustness`: the JSON contract, the same output for the same seed, the settings it
reports, and one sentence with exit code 2 for bad values."""

from __future__ import annotations

import json

import pytest

from meshdesk.cli.main import main

KEYS = [
    "leader",
    "runner_up",
    "lead",
    "weights",
    "left_out",
    "stability",
    "flips",
    "score_flips",
    "tornado",
    "acceptability",
    "samples",
    "seed",
    "weights_mode",
    "weight_spread",
    "score_uncertainty",
]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["robustness", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract_on_the_bundled_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--samples", "2000")
    assert list(result) == KEYS
    assert (result["leader"], result["runner_up"]) == ("istio", "linkerd")
    assert result["lead"] == pytest.approx(0.35)
    assert result["left_out"] == ["aws-app-mesh", "open-service-mesh", "traefik-mesh"]
    stability = {s["criterion"]: s for s in result["stability"]}
    assert stability["core"]["low"] == pytest.approx(7.5) and stability["core"]["high"] is None
    assert stability["ease"]["high"] == pytest.approx(26 + 2 / 3)
    assert {"criterion": "ease", "direction": "up", "new_leader": "linkerd"}.items() <= next(
        f for f in result["flips"] if f["criterion"] == "ease"
    ).items()
    assert set(result["score_flips"][0]) == {"tool", "criterion", "from", "to", "new_leader"}
    assert set(result["tornado"][0]) == {
        "criterion",
        "low_weight",
        "high_weight",
        "lead_at_low",
        "lead_at_high",
    }
    first = {a["id"]: a for a in result["acceptability"]}
    assert set(first) == {
        "istio",
        "linkerd",
        "consul",
        "kuma",
        "cilium",
        "gloo-mesh",
        "tetrate-service-bridge",
    }
    assert sum(a["first"] for a in result["acceptability"]) == pytest.approx(1.0)
    assert all(a["first"] == a["ranks"][0] for a in result["acceptability"])
    assert first["istio"]["first"] > 0.8
    assert (result["samples"], result["seed"], result["weights_mode"]) == (2000, 0, "around")
    assert (result["weight_spread"], result["score_uncertainty"]) == (0.25, None)


def test_same_seed_same_output(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--samples", "1500", "--seed", "11", "--weights-mode", "uniform")
    assert run_json(capsys, *args) == run_json(capsys, *args)
    other = run_json(capsys, "--samples", "1500", "--seed", "12", "--weights-mode", "uniform")
    assert other["acceptability"] != run_json(capsys, *args)["acceptability"]


def test_no_spread_and_no_uncertainty_leave_the_leader_first_always(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_json(
        capsys, "--samples", "500", "--weight-spread", "0", "--score-uncertainty", "0"
    )
    leader = next(a for a in result["acceptability"] if a["id"] == result["leader"])
    assert leader["first"] == 1.0
    assert result["score_uncertainty"] == 0.0


def test_table_starts_with_the_plain_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "--samples", "1000"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Istio stays first unless the weight of Ease of use rises above 26.7 or that of Core "
        "features falls below 7.5; it is first in "
    )
    assert "of 1,000 variations of the weights and scores." in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--samples", "-5"], "samples must be from 1"),
        (["--weight-spread", "1.5"], "spread must be at least 0 and below 1"),
        (["--weights-mode", "gauss"], "invalid choice"),
        (["--score-uncertainty", "-1"], "uncertainty must be from 0"),
        (["--swing", "-0.5"], "swing must be from 0 to 1"),
        (["--swing", "inf"], "swing must be from 0 to 1"),
        (["--swing", "1e300"], "swing must be from 0 to 1"),
        (["--seed", "-1"], "seed must be a whole number from 0"),
        (["--weight-spread", "nan"], "spread must be at least 0 and below 1"),
    ],
)
def test_bad_values_are_one_sentence_and_exit_2(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["robustness", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err
