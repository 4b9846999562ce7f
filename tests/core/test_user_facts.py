"""Facts the user enters (meshdesk.core.user_facts), on the mini fixture: what is built, what
is kept, what cites the user, what is refused, and that the result saves and loads."""

from __future__ import annotations

from dataclasses import replace

import pytest

from meshdesk.core.commands import AddTool, Batch, SetCatalogue, UpdateTool
from meshdesk.core.errors import InputError
from meshdesk.core.user_facts import (
    DATE_PATTERN,
    EDITIONS_MAX,
    FACT_TEXT_MAX,
    NEW_KEY_PREFIX,
    USER_SOURCE_ID,
    EnteredEdition,
    EnteredFeature,
    EnteredLifecycle,
    FactsInputError,
    build_facts,
    cites_user,
    cites_user_anywhere,
    edit_facts,
    entered_from,
)
from meshdesk.core.workbook import Tool
from meshdesk.io import codec, fields
from meshdesk.io.fields import Fields
from meshdesk.io.project import load_project, save_project


def test_the_limits_are_the_project_files():
    assert DATE_PATTERN.pattern == fields.DATE_PATTERN.pattern
    assert FACT_TEXT_MAX == fields.TEXT_MAX
    assert EDITIONS_MAX == codec.EDITIONS_MAX


def _with_new_tool(workbook, name="Our Mesh"):  # type: ignore[no-untyped-def]
    AddTool(Tool("our-mesh", name)).apply(workbook)
    return workbook


def _filled(workbook, tool_id="our-mesh"):  # type: ignore[no-untyped-def]
    """The form of a tool without facts, with the one thing it needs: a licence."""
    tool = workbook.tool(tool_id)
    start = entered_from(tool.facts, tool.name, workbook.catalogue)
    edition = replace(start.editions[0], licence="Apache-2.0")
    return replace(start, editions=(edition,))


def _apply(workbook, entered, tool_id="our-mesh"):  # type: ignore[no-untyped-def]
    command = edit_facts(workbook, tool_id, entered)
    assert command is not None
    return command, command.apply(workbook)


def test_a_tool_without_facts_starts_active_with_one_edition_and_unknown_features(mini_workbook):
    wb = _with_new_tool(mini_workbook)
    start = entered_from(None, "Our Mesh", wb.catalogue)
    assert start.lifecycle == EnteredLifecycle()
    assert [(e.name, e.licence) for e in start.editions] == [("Our Mesh", "")]
    assert start.editions[0].key.startswith(NEW_KEY_PREFIX)
    assert {f: e.value for f, e in start.features.items()} == {
        "fips": "unknown",
        "sidecarless": "unknown",
        "dashboard": "unknown",
    }


def test_entered_facts_cite_the_user_and_join_the_catalogue_in_one_step(mini_workbook):
    wb = _with_new_tool(mini_workbook)
    before = wb.copy()
    entered = _filled(wb)
    features = dict(entered.features)
    features["fips"] = EnteredFeature("yes", "Built with BoringCrypto.")
    command, inverse = _apply(wb, replace(entered, features=features))

    assert isinstance(command, Batch) and command.label == "Edit facts of Our Mesh"
    assert isinstance(command.commands[0], SetCatalogue)  # the source first: the facts cite it
    source = wb.catalogue.sources[USER_SOURCE_ID]
    assert source.title == "Entered by the user of this project" and source.url is None
    facts = wb.tool("our-mesh").facts
    assert facts.lifecycle.status == "active" and cites_user(facts.lifecycle)
    assert facts.editions[0].id == "our-mesh" and facts.editions[0].license.value == "Apache-2.0"
    assert facts.editions[0].license.sources == (USER_SOURCE_ID,)
    assert facts.features["fips"].sources == (USER_SOURCE_ID,)
    assert facts.features["fips"].note == "Built with BoringCrypto."
    # "unknown" with no note states nothing, so it cites nobody (and is not "unverified")
    assert facts.features["dashboard"].sources == () and facts.features["dashboard"].certain
    assert facts.data_plane.value == "unknown" and facts.data_plane.sources == ()
    assert facts.cncf.value == "none" and facts.cncf.sources == (USER_SOURCE_ID,)
    assert cites_user_anywhere(facts)

    inverse.apply(wb)
    assert wb.equals(before)


def test_a_second_edit_does_not_add_the_source_again(mini_workbook):
    wb = _with_new_tool(mini_workbook)
    _apply(wb, _filled(wb))
    entered = entered_from(wb.tool("our-mesh").facts, "Our Mesh", wb.catalogue)
    archived = EnteredLifecycle("archived", "2026-05", "Archived upstream.", "Use Alpha Mesh.")
    command, _ = _apply(wb, replace(entered, lifecycle=archived))
    assert [type(c) for c in command.commands] == [UpdateTool]
    life = wb.tool("our-mesh").facts.lifecycle
    assert (life.status, life.since, life.advice) == ("archived", "2026-05", "Use Alpha Mesh.")
    assert not wb.tool("our-mesh").is_active


def test_nothing_changed_is_no_step(mini_workbook):
    bravo = mini_workbook.tool("bravo")
    entered = entered_from(bravo.facts, bravo.name, mini_workbook.catalogue)
    assert edit_facts(mini_workbook, "bravo", entered) is None


def test_what_the_user_leaves_keeps_the_datasets_sources(mini_workbook):
    bravo = mini_workbook.tool("bravo")
    old = bravo.facts
    entered = entered_from(old, bravo.name, mini_workbook.catalogue)
    features = dict(entered.features)
    features["dashboard"] = EnteredFeature("partial", "Read-only since 2.0.")
    renamed = replace(entered.editions[0], name="Bravo CE")
    _apply(
        mini_workbook,
        replace(entered, features=features, editions=(renamed, *entered.editions[1:])),
        "bravo",
    )
    new = mini_workbook.tool("bravo").facts
    assert new.features["dashboard"].sources == (USER_SOURCE_ID,)
    assert new.features["dashboard"].value == "partial"
    assert new.features["fips"] is old.features["fips"]  # scoped to enterprise, untouched
    assert new.lifecycle is old.lifecycle and new.cncf is old.cncf
    # a new name states nothing new about the licence
    assert new.editions[0].name == "Bravo CE" and new.editions[0].license is old.editions[0].license
    assert new.editions[1] is old.editions[1]


def test_a_scope_may_name_an_edition_added_in_the_same_edit(mini_workbook):
    wb = _with_new_tool(mini_workbook)
    entered = _filled(wb)
    pro = EnteredEdition(f"{NEW_KEY_PREFIX}pro", "Our Mesh Pro", "Proprietary", "proprietary", True)
    features = dict(entered.features)
    features["fips"] = EnteredFeature("yes", editions=(pro.key,))
    _apply(wb, replace(entered, editions=(*entered.editions, pro), features=features))
    facts = wb.tool("our-mesh").facts
    assert [e.id for e in facts.editions] == ["our-mesh", "our-mesh-pro"]
    assert facts.features["fips"].editions == ("our-mesh-pro",)
    assert facts.feature_in("fips", facts.editions[:1]) == ("no", facts.editions[0])


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (
            lambda e: replace(e, lifecycle=EnteredLifecycle("end-of-support")),
            "lifecycle.advice",
            "needs advice on what to use instead",
        ),
        (
            lambda e: replace(e, lifecycle=EnteredLifecycle(since="2026-13-01")),
            "lifecycle.since",
            "YYYY-MM-DD",
        ),
        (
            lambda e: replace(e, lifecycle=EnteredLifecycle(summary="bad \x1b[31m")),
            "lifecycle.summary",
            "U+001B",
        ),
        (lambda e: replace(e, editions=()), "editions", "at least one edition"),
        (
            lambda e: replace(e, editions=(replace(e.editions[0], licence="  "),)),
            "editions[0].licence",
            "needs a licence",
        ),
        (
            lambda e: replace(e, editions=(replace(e.editions[0], name="x" * 201),)),
            "editions[0].name",
            "the limit is 200",
        ),
        (
            lambda e: replace(
                e, editions=(e.editions[0], replace(e.editions[0], key="new:2", name="OUR MESH"))
            ),
            "editions[1].name",
            "Two editions are named",
        ),
        (
            lambda e: replace(
                e,
                editions=tuple(
                    replace(e.editions[0], key=f"new:{i}", name=f"E{i}") for i in range(11)
                ),
            ),
            "editions",
            "at most 10 editions",
        ),
        (
            lambda e: replace(e, features={**e.features, "fips": EnteredFeature("maybe")}),
            "features.fips.value",
            "must be one of yes, no, partial, unknown",
        ),
        (
            lambda e: replace(
                e, features={**e.features, "fips": EnteredFeature("yes", editions=("gone",))}
            ),
            "features.fips.editions",
            "no longer listed",
        ),
        (
            lambda e: replace(
                e, features={**e.features, "dashboard": EnteredFeature("yes", "x" * 20_001)}
            ),
            "features.dashboard.note",
            "the limit is 20,000",
        ),
        (lambda e: replace(e, data_plane=""), "data_plane", "cannot be empty"),
        (lambda e: replace(e, latest_release="1.0\n2.0"), "latest_release", "one line"),
        (lambda e: replace(e, cncf="famous"), "cncf", "must be one of"),
    ],
)
def test_bad_values_are_refused_with_one_sentence_and_nothing_changes(
    mini_workbook, change, where, words
):
    wb = _with_new_tool(mini_workbook)
    before = wb.copy()
    with pytest.raises(FactsInputError) as raised:
        edit_facts(wb, "our-mesh", change(_filled(wb)))
    assert raised.value.where == where
    assert words in str(raised.value)
    assert str(raised.value).endswith(".") and "\n" not in str(raised.value)
    assert isinstance(raised.value, InputError)
    assert wb.equals(before)


def test_removing_an_edition_a_feature_holds_in_is_refused(mini_workbook):
    bravo = mini_workbook.tool("bravo")
    entered = entered_from(bravo.facts, bravo.name, mini_workbook.catalogue)
    with pytest.raises(FactsInputError, match="FIPS builds") as raised:
        build_facts(
            replace(entered, editions=entered.editions[:1]), bravo.facts, mini_workbook.catalogue
        )
    assert raised.value.where == "features.fips.editions"


def test_what_is_accepted_reads_back_through_the_project_codec(mini_workbook, tmp_path):
    wb = _with_new_tool(mini_workbook)
    entered = _filled(wb)
    lifecycle = EnteredLifecycle("maintenance", "2026-10-01", "Security fixes only.", "Alpha.")
    features = {**entered.features, "sidecarless": EnteredFeature("partial", "Beta.\nSince 2.1.")}
    _apply(wb, replace(entered, lifecycle=lifecycle, features=features, latest_release="2.1.0"))
    facts = wb.tool("our-mesh").facts
    feature_ids = [f.id for f in wb.catalogue.features]
    raw = Fields(codec.facts_to_dict(facts), "memory", record="tool 'our-mesh'")
    assert codec.read_facts(raw, feature_ids, wb.catalogue.sources) == facts

    path = tmp_path / "ours.meshdesk"
    save_project(wb, path)
    loaded = load_project(path)
    assert loaded.tool("our-mesh").facts == facts
    assert loaded.catalogue.sources[USER_SOURCE_ID].title == "Entered by the user of this project"


def test_untouched_text_with_a_trailing_line_break_is_no_change(mini_workbook):
    """YAML's folded style leaves a line break at the end; the form trims what it reads."""
    bravo = mini_workbook.tool("bravo")
    life = replace(bravo.facts.lifecycle, summary="Folded text.\n")
    facts = replace(bravo.facts, lifecycle=life)
    UpdateTool(replace(bravo, facts=facts)).apply(mini_workbook)
    entered = entered_from(facts, bravo.name, mini_workbook.catalogue)
    assert edit_facts(mini_workbook, "bravo", entered) is None
