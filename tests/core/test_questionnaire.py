"""The questionnaire's shape and the checking of answers (meshdesk.core.questionnaire)."""

from __future__ import annotations

import dataclasses

import pytest

from meshdesk.core.errors import InputError
from meshdesk.core.questionnaire import MANY, ONE, When, check_answers, validate_answers

# The table of questions: a public contract that answer files rely on (issue 11 added the
# data_plane question and the no_licence_fees budget).
CONTRACT = {
    "organization": (ONE, ["solo", "smb", "mid_market", "enterprise"]),
    "services": (ONE, ["1-5", "6-20", "21-100", "100+"]),
    "architecture": (ONE, ["monolith", "modular", "microservices"]),
    "kubernetes": (ONE, ["none", "learning", "production", "multi_cluster"]),
    "workloads": (MANY, ["kubernetes", "vms", "windows"]),
    "cloud": (ONE, ["aws", "azure", "gcp", "on_prem", "hybrid", "multi_cloud"]),
    "priorities": (
        MANY,
        ["security", "simplicity", "performance", "traffic_control", "observability", "cost"],
    ),
    "data_plane": (ONE, ["any", "sidecarless"]),
    "compliance": (ONE, ["none", "standard", "regulated"]),
    "platform_team": (ONE, ["none", "part_time", "dedicated"]),
    "budget": (ONE, ["open_source", "no_licence_fees", "commercial_support", "premium"]),
    "existing": (MANY, ["hashicorp", "kong", "traefik", "cilium", "istio", "aws"]),
}


def test_questions_and_options_follow_the_public_contract(questionnaire):
    assert list(questionnaire.question_ids) == list(CONTRACT)
    for question in questionnaire.questions:
        kind, options = CONTRACT[question.id]
        assert question.kind == kind, question.id
        assert list(question.option_ids) == options, question.id
    assert questionnaire.question("priorities").max_choices == 3


def test_every_question_is_ready_for_a_wizard_page(questionnaire):
    placed = [qid for group in questionnaire.groups for qid in group.question_ids]
    assert sorted(placed) == sorted(questionnaire.question_ids)
    assert len(placed) == len(set(placed))
    for group in questionnaire.groups:
        assert group.title and group.text
    for question in questionnaire.questions:
        assert question.title and question.text.endswith(("?", "three.")), question.id
        assert len(question.help) > 40, question.id
        assert question.default_note, question.id
        for option in question.options:
            assert option.label and option.help, (question.id, option.id)


def test_validate_answers_fills_every_gap_with_the_documented_default(questionnaire):
    full = validate_answers(questionnaire, {"organization": "smb"})
    assert list(full) == list(questionnaire.question_ids)
    assert full["organization"] == "smb"
    for question in questionnaire.questions:
        if question.id != "organization":
            assert full[question.id] == question.default
    assert full["priorities"] == ()
    assert full["workloads"] == ("kubernetes",)


def test_check_answers_adds_no_defaults_and_normalizes_lists(questionnaire):
    checked = check_answers(
        questionnaire, {"workloads": ["vms", "kubernetes"], "existing": "kong", "cloud": None}
    )
    assert checked == {"workloads": ("vms", "kubernetes"), "existing": ("kong",)}


def test_unknown_question_is_named_with_the_valid_ones(questionnaire):
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, {"organisation": "smb"}, source="mine.yaml")
    message = str(info.value)
    assert message.startswith("mine.yaml: 'organisation' is not a question; the questions are ")
    # a file is written in ids, so each title comes with its id
    assert "Organization size [organization], Number of services [services], Architecture" in (
        message
    )
    assert message.endswith(" and Tools already in use [existing].")


def test_unknown_option_is_named_with_the_valid_ones(questionnaire):
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, {"budget": "cheap"})
    assert str(info.value) == (
        "Budget: 'cheap' is not one of its options; the options are Open-source software only, "
        "No licence fees, Support subscription and Premium platform."
    )
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, {"priorities": ["security", "speed"]}, source="a.yaml")
    assert str(info.value).startswith(
        "a.yaml: Priorities [priorities]: 'speed' is not one of its options; the options are "
        "Security [security], Simplicity [simplicity], Performance [performance], "
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"organization": ["smb"]},
            "Organization size takes one option, not a list; the options are Just me, Small or "
            "medium business, Mid-sized company and Large enterprise.",
        ),
        (
            {"services": 20},
            "Number of services: 20 is not one of its options; the options are 1 to 5, 6 to 20, "
            "21 to 100 and More than 100.",
        ),
        (
            {"workloads": {"vms": True}},
            "Workloads to include takes a list of options, not a mapping; the options are "
            "Kubernetes pods, Virtual machines or bare metal and Windows hosts.",
        ),
        (
            {"workloads": ["vms", "vms"]},
            "Workloads to include lists Virtual machines or bare metal twice.",
        ),
        (
            {"existing": [1]},
            "Tools already in use: 1 is not one of its options; the options are HashiCorp "
            "tools, Kong, Traefik, Cilium, Istio and AWS networking services.",
        ),
        (
            {"priorities": ["security", "simplicity", "performance", "traffic_control"]},
            "Priorities: choose at most 3 (you chose Security, Simplicity, Performance and "
            "Traffic control).",
        ),
    ],
)
def test_messages_name_questions_and_options_as_the_wizard_shows_them(
    questionnaire, answers, message
):
    """No ids: these are the words of the wizard's pages (its page check shows them)."""
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, answers)
    assert str(info.value) == message


def test_a_file_message_adds_the_ids_the_file_is_written_in(questionnaire):
    answers = {"priorities": ["security", "cost", "simplicity", "performance"]}
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, answers, source="ours.yaml")
    assert str(info.value) == (
        "ours.yaml: Priorities [priorities]: choose at most 3 (you chose Security [security], "
        "Low cost [cost], Simplicity [simplicity] and Performance [performance])."
    )
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, {"workloads": ["vms", "vms"]}, source="ours.yaml")
    assert str(info.value) == (
        "ours.yaml: Workloads to include [workloads] lists Virtual machines or bare metal [vms] "
        "twice."
    )


def test_a_hostile_value_is_never_shown_whole(questionnaire):
    with pytest.raises(InputError) as info:
        validate_answers(questionnaire, {"budget": "x" * 10_000}, source="big.yaml")
    assert len(str(info.value)) < 400
    assert "'xxxxxxxx" in str(info.value) and "...'" in str(info.value)


def test_the_choice_limit_comes_from_the_data(questionnaire):
    three = {"priorities": ["security", "simplicity", "cost"]}
    assert validate_answers(questionnaire, three)["priorities"] == (
        "security",
        "simplicity",
        "cost",
    )
    questions = tuple(
        dataclasses.replace(q, max_choices=1) if q.id == "priorities" else q
        for q in questionnaire.questions
    )
    stricter = dataclasses.replace(questionnaire, questions=questions)
    with pytest.raises(InputError, match=r"^Priorities: choose at most 1 \(you chose Security, "):
        validate_answers(stricter, three)


def test_when_is_and_across_questions_and_any_within_a_list():
    when = When((("organization", ("smb", "mid_market")), ("workloads", ("vms", "windows"))))
    assert when.matches({"organization": "smb", "workloads": ("kubernetes", "windows")})
    assert when.cause({"organization": "mid_market", "workloads": ("vms",)}) == (
        "organization",
        "mid_market",
    )
    assert not when.matches({"organization": "smb", "workloads": ("kubernetes",)})
    assert not when.matches({"organization": "solo", "workloads": ("vms",)})
    assert not when.matches({"workloads": ("vms",)})  # an unanswered question never matches
    assert When().matches({})  # an empty condition always holds
    assert When().cause({}) == ("", "")


def test_describe_uses_option_labels(questionnaire):
    question = questionnaire.question("workloads")
    assert (
        question.describe(("kubernetes", "vms"))
        == "Kubernetes pods, Virtual machines or bare metal"
    )
    assert question.describe(()) == "none"
    with pytest.raises(InputError, match="valid options: kubernetes, vms, windows"):
        question.option("mainframe")


# --- invariants, on a questionnaire built in code ---------------------------------------------


def _built(**changes):
    """A small valid questionnaire made without any file, with `changes` applied."""
    from dataclasses import replace

    from meshdesk.core import questionnaire as qn

    size = qn.Question(
        "size",
        qn.ONE,
        "Size",
        "How big?",
        "",
        (qn.Option("small", "Small"), qn.Option("big", "Big")),
        "small",
    )
    built = qn.Questionnaire(
        title="Built in code",
        intro="",
        groups=(qn.Group("g", "Page", "", ("size",)),),
        questions=(size,),
        segments=(qn.Segment("s", "S", "", (), "named"),),
        segment_base=(qn.SegmentRule("all", qn.When(), "s", "always"),),
        segment_adjustments=(),
        no_mesh=(),
        weight_rules=(),
        must_have_rules=(),
        candidate_rules=(),
        licence_rules=(),
        memo=qn.Memo("needed", "not needed", "caveat"),
    )
    return replace(built, **changes)


def test_a_questionnaire_built_in_code_is_checked_like_one_read_from_yaml():
    from meshdesk.core import questionnaire as qn
    from meshdesk.core.questionnaire_check import check_questionnaire

    check_questionnaire(_built())  # valid: no error
    one_option = qn.Question("x", qn.ONE, "X", "?", "", (qn.Option("a", "A"),), "a")
    broken = {
        "must offer at least two options": _built(
            questions=(_built().questions[0], one_option),
            groups=(qn.Group("g", "Page", "", ("size", "x")),),
        ),
        "No group holds the question 'size'": _built(groups=()),
        "at least one segment": _built(segments=()),
        "names the unknown segment 'nowhere'": _built(
            segment_base=(qn.SegmentRule("all", qn.When(), "nowhere", "always"),)
        ),
        "'huge' is not an option of question 'size'": _built(
            segment_adjustments=(
                qn.SegmentRule("grow", qn.When((("size", ("huge",)),)), "s", "grew"),
            )
        ),
        "gives no segment when 'size' is 'big'": _built(
            segment_base=(qn.SegmentRule("small", qn.When((("size", ("small",)),)), "s", "r"),)
        ),
        "must name at least one question": _built(
            no_mesh=(qn.NoMeshRule("never", qn.When(), "nothing", "no reason"),)
        ),
        "larger than max": _built(shortlist_min=5, shortlist_max=3),
    }
    for message, questionnaire in broken.items():
        with pytest.raises(InputError, match=message):
            check_questionnaire(questionnaire)


def test_the_yaml_reader_calls_the_check(monkeypatch):
    """A problem only the value check finds still stops the file from loading."""
    from meshdesk.core.errors import DataError
    from meshdesk.io import questionnaire_reader
    from meshdesk.io.questionnaire import load_questionnaire

    def refuse(_q):
        raise InputError("Refused by the check.")

    monkeypatch.setattr(questionnaire_reader, "check_questionnaire", refuse)
    with pytest.raises(DataError, match="Refused by the check"):
        load_questionnaire()
