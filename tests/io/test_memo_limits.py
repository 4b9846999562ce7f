"""Every workbook MeshDesk accepts produces a memo: text at every limit the app enforces (notes
of 20,000 characters, profile lists at their limits, names of 200 characters, 200 criteria,
text without spaces, long addresses, right-to-left and combining characters) is laid out, and
the memo reads back with poppler. A note too long for a table row follows the notes table in
paragraphs of its own, which split across pages (a reportlab table row cannot).

The profile limits themselves (meshdesk.core.facts PROFILE_*) are checked where profiles are
read: the dataset's tool files and the project file."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.acceptability import Settings
from meshdesk.core.errors import DataError
from meshdesk.core.facts import (
    PROFILE_ITEM_MAX,
    PROFILE_ITEMS_MAX,
    PROFILE_LINK_TITLE_MAX,
    PROFILE_TEXT_MAX,
    Link,
)
from meshdesk.core.scoring import rank_workbook
from meshdesk.core.workbook import (
    NAME_MAX,
    NOTE_SOURCE_MAX,
    NOTE_TEXT_MAX,
    CellNote,
    Criterion,
    Workbook,
)
from meshdesk.io.dataset import load_dataset
from meshdesk.io.project import load_project, save_project
from meshdesk.io.robustness import analyse
from meshdesk.render.pdf import build_memo, render_memo
from meshdesk.render.pdf.closing import LINE_SIZE, LONG_NOTE_CUT, LONG_NOTES_BUDGET
from meshdesk.render.pdf.markup import safe_link
from tests.conftest import edit
from tests.helpers.pdf import flat, pdfinfo, pdftotext

PROSE = (
    "The pilot ran for six weeks on the payments cluster. We measured p99 latency under load, "
    "the memory of the control plane and the time to roll out a new certificate. "
)
HEBREW = "שָׁלוֹם עוֹלָם, הַבְּדִיקָה עָבְרָה "  # with points (combining marks)
ARABIC = "مرحبا بالعالم، نجح الاختبار "
COMBINING = "e\u0301\u0302 a\u0308\u0323 "  # stacked combining marks


def shaped(kind: str, length: int) -> str:
    """Text of exactly `length` characters, of one of the shapes that stress a layout."""
    if kind == "prose":  # paragraphs parted by blank lines
        unit = PROSE * 3 + "\n\n"
    elif kind == "word":  # one word: nothing to wrap at
        unit = "x"
    elif kind == "lines":  # a line break every other character
        unit = "a\n"
    elif kind == "url":
        unit = "segment-name/file.part?key=value&"
    elif kind == "rtl":
        unit = HEBREW + ARABIC
    elif kind == "combining":
        unit = COMBINING
    elif kind == "wide":  # the font's widest glyphs, and boxes for CJK it lacks
        unit = "WМШ中文"
    else:
        raise AssertionError(kind)
    value = (unit * (length // len(unit) + 1))[:length]
    if kind == "url":
        value = ("https://example.test/" + value)[:length]
    return value


ONE_LINE_KINDS = ("word", "url", "rtl", "combining", "wide")
KINDS = ("prose", "lines", *ONE_LINE_KINDS)


def named(prefix: str, kind: str, length: int = NAME_MAX) -> str:
    """A one-line name of `length` characters that starts with `prefix` (so it is unique and
    pdftotext finds it)."""
    body = shaped(kind, length - len(prefix)).replace("\n", " ")
    return (prefix + body).rstrip() or prefix  # a name never ends with a space


def write(folder: Path, data: bytes) -> Path:
    path = folder / "memo.pdf"
    path.write_bytes(data)
    return path


RUNNING = re.compile(
    r"^(.* · Decision memo|\d{1,2} [A-Z][a-z]+ \d{4}|MeshDesk \S+( · dataset as of .*)?"
    r"|Page \d+ of \d+)$"
)


def body_text(path: Path) -> list[str]:
    """The text of each page without its running header and footer (which pdftotext puts
    in the middle of a paragraph that goes on over a page)."""
    return [
        "\n".join(line for line in page.splitlines() if not RUNNING.match(line))
        for page in pdftotext(path).split("\f")
    ]


def uris(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/URI" in a.get_object().get("/A", {})
    ]


def wide_workbook(
    dataset, criteria: int = 200, kind: str = "prose", name_length: int = NAME_MAX
) -> Workbook:  # type: ignore[no-untyped-def]
    """The bundled tools (profiles and facts) with names `name_length` long, against
    `criteria` criteria with names as long."""
    base = dataset.new_workbook(title="Limits", author="Tester", created="2026-11-27T10:00:00Z")
    tools = [
        dataclasses.replace(t, name=named(f"T{i:02d} ", kind, name_length))
        for i, t in enumerate(base.tools)
    ]
    columns = [
        Criterion(f"c{j:03d}", named(f"C{j:03d} ", kind, name_length)) for j in range(criteria)
    ]
    scores = np.random.default_rng(7).integers(0, 11, size=(len(tools), criteria)).astype(float)
    return Workbook(
        tools,
        columns,
        np.linspace(1, 20, criteria),
        scores,
        metadata=base.metadata,
        catalogue=base.catalogue,
    )


# --- notes ----------------------------------------------------------------------------------


def test_a_note_at_the_limit_follows_the_table_and_splits_across_pages(tmp_path, workbook):
    """`meshdesk export pdf` failed with "Flowable <Table ...> too large" for one note of
    3,000 characters; the limit is 20,000."""
    body = shaped("prose", NOTE_TEXT_MAX - 12) + " END-OF-NOTE"
    assert len(body) == NOTE_TEXT_MAX
    tool, criterion = workbook.tools[0], workbook.criteria[1]
    workbook.notes[(tool.id, criterion.id)] = CellNote(body, "https://wiki.example.test/p", "")
    workbook.notes[(tool.id, workbook.criteria[2].id)] = CellNote("A short one.", "", "")
    path = write(tmp_path, build_memo(workbook))
    pages = body_text(path)
    content = flat("".join(pages))
    # the short note stays in the table; the long one has a pointer there, and follows whole
    assert flat("A short one.") in content
    assert flat("In full below the table, as note A.1 (20,000 characters)") in content
    assert flat(f"A.1 · {tool.name} / {criterion.name}") in content
    assert flat(PROSE) in content and "END-OF-NOTE" in content
    shown = flat(body.replace("\n", " "))
    assert content.count(flat(PROSE)) == shown.count(flat(PROSE)), "part of the note is missing"
    # its paragraphs run over several pages, under the running header
    holding = [n for n, page in enumerate(pages, 1) if flat(PROSE) in flat(page)]
    assert len(holding) >= 3 and holding == list(range(holding[0], holding[-1] + 1))
    titles = [item["/Title"] for item in _outline(pypdf.PdfReader(path).outline)]
    assert "Long notes" in titles


def test_notes_without_spaces_or_of_many_short_lines(tmp_path, workbook):
    """One word of 20,000 characters, and a log of 2,000 short lines (which as one paragraph
    reportlab splits across pages in time that grows with the square of its lines)."""
    tool = workbook.tools[0]
    workbook.notes[(tool.id, workbook.criteria[0].id)] = CellNote("x" * NOTE_TEXT_MAX, "", "")
    log = "".join(f"L{n:04d} ok.\n" for n in range(2_000))
    assert len(log) == NOTE_TEXT_MAX
    workbook.notes[(tool.id, workbook.criteria[1].id)] = CellNote(log, "", "")
    started = time.perf_counter()
    path = write(tmp_path, build_memo(workbook))
    assert time.perf_counter() - started < 20
    pages = body_text(path)
    assert flat("".join(pages)).count("x" * 1000) >= NOTE_TEXT_MAX // 1000 - 1  # wrapped
    lines = "\n".join(pages).splitlines()
    assert [line for line in lines if re.fullmatch(r"L\d{4} ok\.", line)] == log.splitlines()
    assert "[Cut here" not in "".join(pages)


def test_an_address_at_the_limit_as_a_note_source(tmp_path, workbook):
    url = shaped("url", NOTE_SOURCE_MAX)
    tool = workbook.tools[0]
    workbook.notes[(tool.id, workbook.criteria[0].id)] = CellNote("See the run.", url, "")
    data = build_memo(workbook)
    content = flat(pdftotext(write(tmp_path, data)))
    assert flat("In full below the table, as note A.1") in content
    assert url in content
    links = uris(data)
    assert links.count(url) > 1 and all(u == url for u in links if "segment-name" in u)


def test_past_the_budget_long_notes_are_cut_and_say_so(tmp_path, dataset):
    """Many long notes on one tool: the first ones whole (a note without line breaks counts
    its characters), the later ones cut, each saying so."""
    workbook = wide_workbook(dataset, criteria=40, name_length=20)
    tool = workbook.tools[0]
    whole = LONG_NOTES_BUDGET // NOTE_TEXT_MAX
    count = whole + 3
    for j in range(count):
        text = (f"NOTE{j:02d} " + PROSE * 200)[:NOTE_TEXT_MAX]
        workbook.notes[(tool.id, workbook.criteria[j].id)] = CellNote(text, "", "")
    content = flat("".join(body_text(write(tmp_path, build_memo(workbook)))))
    for j in range(count):
        assert f"NOTE{j:02d}" in content, j
    shown = [int(n.replace(",", "")) for n in re.findall(r"\[Cuthere:([\d,]+)of20,000", content)]
    assert len(shown) == count - whole
    assert all(LONG_NOTE_CUT - LINE_SIZE < n <= LONG_NOTE_CUT for n in shown), shown
    assert flat("characters shown. The project file and its Excel export hold the whole") in content
    # the cut notes show their beginning: about a page each, not the whole
    assert content.count(flat(PROSE)) < whole * 130 + (count - whole) * 15


def test_a_note_of_many_lines_is_cut_by_its_lines(tmp_path, workbook):
    """Past the budget a note is cut by the room it takes: 2,000 characters of one-letter
    lines would be 1,000 lines (17 pages); each line break counts as a line of text."""
    tool = workbook.tools[0]
    filler = (PROSE * 200)[:NOTE_TEXT_MAX]
    for j in range(LONG_NOTES_BUDGET // NOTE_TEXT_MAX):  # the budget, used up
        workbook.notes[(tool.id, workbook.criteria[j % 7].id)] = CellNote(filler, "", "")
    other = workbook.tools[1]
    workbook.notes[(other.id, workbook.criteria[0].id)] = CellNote("a\n" * 10_000, "", "")
    lines = "".join(body_text(write(tmp_path, build_memo(workbook)))).splitlines()
    assert 0 < lines.count("a") <= LONG_NOTE_CUT // (LINE_SIZE + 1) + 1
    assert flat("[Cut here: 39 of 20,000 characters shown.") in flat("".join(lines))


# --- long addresses wrap where an address may break ---------------------------------------

BREAK_AFTER = "/?&"
BREAK_BEFORE = ".-"


def allowed_break(before: str, after: str) -> bool:
    """Between two lines of an address: after / ? & or before . - (not inside `//`)."""
    if not before or not after:
        return False
    if before[-1] in BREAK_AFTER and after[0] not in BREAK_AFTER + BREAK_BEFORE:
        return True
    return after[0] in BREAK_BEFORE and before[-1] not in BREAK_AFTER + BREAK_BEFORE


addresses = st.builds(
    lambda parts: "https://" + "".join(parts),
    st.lists(
        st.tuples(
            st.text("abcdefghWM0123456789", min_size=1, max_size=8), st.sampled_from("/.-?&")
        ).map("".join),
        min_size=1,
        max_size=60,
    ),
)


@settings(max_examples=200, deadline=None)
@given(addresses, st.floats(130, 480))  # the widest piece, `https://` + 8 letters, fits
def test_a_long_address_breaks_only_where_an_address_may(url, room):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from meshdesk.render.pdf.fonts import REGULAR, register_fonts
    from meshdesk.render.pdf.markup import break_lines

    register_fonts()
    lines = break_lines(url, room, REGULAR, 8)
    assert "".join(lines) == url
    assert all(stringWidth(line, REGULAR, 8) <= room for line in lines)
    if stringWidth(url, REGULAR, 8) <= room * 0.97:
        assert lines == [url]
    for before, after in itertools.pairwise(lines):  # every piece fits a line
        assert allowed_break(before, after), (before, after)


def test_an_address_in_the_notes_table_wraps_at_slashes_and_dots(tmp_path, workbook):
    """The source column is 32 mm wide: an address used to break wherever the column ended
    (`https://wiki.example` / `test/...`)."""
    url = (
        "https://wiki.example.test/platform-team/evaluations/service-mesh-2026/"
        "pilot-results?run=42&view=summary"
    )
    workbook.notes[(workbook.tools[0].id, workbook.criteria[0].id)] = CellNote("Pilot.", url, "")
    data = build_memo(workbook)
    lines = "\n".join(body_text(write(tmp_path, data))).splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("https://wiki"))
    shown = [lines[start]]
    while "".join(shown) != url:
        shown.append(lines[start + len(shown)])
        assert url.startswith("".join(shown)), shown
    assert len(shown) > 2
    for before, after in itertools.pairwise(shown):
        assert allowed_break(before, after), (before, after)
    assert [u for u in uris(data) if "wiki" in u] == [url] * len(shown)  # one link a line


# --- profiles -------------------------------------------------------------------------------


def profile_at_the_limits(kind: str, items: int = PROFILE_ITEMS_MAX):  # type: ignore[no-untyped-def]
    def entries(label: str) -> tuple[str, ...]:
        return tuple(
            named(f"{label}{k:02d} ", kind, PROFILE_ITEM_MAX).replace("\n", " ")
            for k in range(items)
        )

    return {
        "description": shaped(kind, PROFILE_TEXT_MAX),
        "best_for": shaped(kind, PROFILE_TEXT_MAX),
        "standout": shaped(kind, PROFILE_TEXT_MAX),
        "key_features": entries("KEY"),
        "pros": entries("PRO"),
        "cons": entries("CON"),
        "platforms": entries("PLAT"),
        "integrations": entries("INT"),
        "links": tuple(
            Link(named(f"L{k:02d} ", "prose", PROFILE_LINK_TITLE_MAX), "https://example.test/")
            for k in range(items)
        ),
    }


@pytest.mark.parametrize("kind", ["prose", "word", "wide"])
def test_a_profile_at_its_limits_gets_a_memo_and_loads_back(tmp_path, workbook, kind):
    """One item of 6,000 characters in `pros` failed the memo with "Flowable <Table ...> too
    large"; a profile at every limit is laid out, and a project holding it loads again."""
    # without answers the memo describes the highest-ranked active tools: the first of them
    ranking = rank_workbook(workbook)
    row = next(int(i) for i in ranking.order() if workbook.tools[int(i)].is_active)
    profile = dataclasses.replace(workbook.tools[row].profile, **profile_at_the_limits(kind))
    workbook.tools[row] = dataclasses.replace(workbook.tools[row], profile=profile)
    save_project(workbook, tmp_path / "limits.meshdesk")
    assert load_project(tmp_path / "limits.meshdesk").tools[row].profile == profile
    content = flat(pdftotext(write(tmp_path, build_memo(workbook))))
    assert flat(f"7.1 {workbook.tools[row].name}") in content
    for label in ("PRO", "CON", "KEY"):
        for k in (0, PROFILE_ITEMS_MAX - 1):
            assert f"{label}{k:02d}" in content, (label, k)
    assert flat("Strengths") in content and flat("Weaknesses") in content


def test_the_bundled_profiles_are_well_within_the_limits(dataset):
    """The limits are generous: the bundled text uses at most a quarter of any of them."""
    workbook = dataset.new_workbook(title="t", author="a")
    for tool in workbook.tools:
        profile = tool.profile
        for text in (profile.description, profile.best_for, profile.standout):
            assert len(text) * 4 <= PROFILE_TEXT_MAX, tool.id
        for key in ("key_features", "pros", "cons", "platforms", "integrations", "links"):
            values = getattr(profile, key)
            assert len(values) * 4 <= PROFILE_ITEMS_MAX, (tool.id, key)
            for value in values:
                shown = value.title if isinstance(value, Link) else value
                assert len(shown) * 4 <= PROFILE_ITEM_MAX, (tool.id, key)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  pros:\n    - Deepest",
            "  pros:\n    - " + "p" * (PROFILE_ITEM_MAX + 1) + "\n    - Deepest",
            r"tools/istio\.yaml: tool 'istio': field 'profile\.pros\[0\]': is 1,001 characters "
            r"long; the limit for an item is 1,000\.$",
        ),
        (
            "  cons:\n",
            "  cons:\n" + "    - a con\n" * (PROFILE_ITEMS_MAX - 2),
            r"tools/istio\.yaml: tool 'istio': field 'profile\.cons': has 51 entries; the limit "
            r"is 50\.$",
        ),
        (
            "  integrations: [Kubernetes,",
            "  integrations: [" + "i" * (PROFILE_ITEM_MAX + 1) + ", Kubernetes,",
            r"field 'profile\.integrations\[0\]': is 1,001 characters long",
        ),
        (
            "  best_for: Platform teams",
            "  best_for: " + "b" * PROFILE_TEXT_MAX + " Platform teams",
            r"tools/istio\.yaml: tool 'istio': field 'profile\.best_for': is 5\d{3} characters "
            r"long; the limit is 5000\.$",
        ),
        (
            "{title: Project site,",
            "{title: " + "t" * (PROFILE_LINK_TITLE_MAX + 1) + ",",
            r"field 'profile\.links\[0\]\.title': is 201 characters long; the limit is 200\.$",
        ),
        (
            "  links:\n",
            "  links:\n" + '    - {title: x, url: "https://x.test"}\n' * (PROFILE_ITEMS_MAX - 1),
            r"field 'profile\.links': has 51 entries; the limit is 50\.$",
        ),
    ],
)
def test_a_dataset_profile_over_a_limit_is_one_sentence_naming_the_place(
    data_copy, old, new, message
):
    edit(data_copy / "tools/istio.yaml", old, new)
    with pytest.raises(DataError, match=message) as raised:
        load_dataset(data_copy)
    assert str(raised.value).count(". ") == 0, "one sentence"


def test_a_project_profile_over_a_limit_is_refused_naming_the_place(tmp_path, workbook):
    """The project file goes through the same reader (a hand-edited or foreign file)."""
    long_pro = "p" * (PROFILE_ITEM_MAX + 1)
    tool = workbook.tools[0]
    profile = dataclasses.replace(tool.profile, pros=(*tool.profile.pros, long_pro))
    workbook.tools[0] = dataclasses.replace(tool, profile=profile)
    path = tmp_path / "over.meshdesk"
    save_project(workbook, path)  # nothing checks a profile built in code: the reader does
    index = len(profile.pros) - 1
    with pytest.raises(DataError) as raised:
        load_project(path)
    message = str(raised.value)
    assert "over.meshdesk" in message.split(":", maxsplit=1)[0]
    assert f"tool {tool.id!r}" in message
    assert f"profile.pros[{index}]" in message
    assert message.endswith("is 1,001 characters long; the limit for an item is 1,000.")


# --- names and criteria ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["prose", "word", "rtl"])
def test_names_of_200_characters_and_200_criteria(tmp_path, dataset, kind):
    workbook = wide_workbook(dataset, criteria=200, kind=kind)
    first = workbook.tools[0]
    workbook.notes[(first.id, "c199")] = CellNote("On the last criterion.", "", "")
    # with the robustness section: long names in its tables and charts, 200 criteria
    memo = render_memo(workbook, analysis=analyse(workbook, Settings(samples=500)))
    path = write(tmp_path, memo.data)
    assert int(pdfinfo(path)["Pages"]) == memo.pages
    content = flat(pdftotext(path))
    assert "AppendixC.Everytoolwitheveryscore" in content
    assert flat("6. How robust the lead is") in content
    assert flat("The 15 criteria nearest to an end of their range, of 200.") in content
    assert flat("On the last criterion.") in content
    for tool in workbook.tools:
        assert flat(tool.name[:4]) in content  # the prefix: pdftotext may reorder RTL text
    assert "C199" in content


def test_right_to_left_and_combining_text(tmp_path, workbook):
    tool = workbook.tools[0]
    text = "RTL-NOTE " + shaped("rtl", 600) + "\n\n" + shaped("combining", 600)
    workbook.notes[(tool.id, workbook.criteria[0].id)] = CellNote(text, "", "")
    workbook.notes[(tool.id, workbook.criteria[1].id)] = CellNote(
        "LONG-RTL " + shaped("rtl", NOTE_TEXT_MAX - 9), "", ""
    )
    workbook.criteria[2] = dataclasses.replace(workbook.criteria[2], name=HEBREW.strip())
    content = pdftotext(write(tmp_path, build_memo(workbook)))
    assert "RTL-NOTE" in content and "LONG-RTL" in content
    # the letters are there (poppler may give them in visual order, so not as a string)
    for letter in "שלוםمرحبا":
        assert letter in content, letter


# --- the recommendation's text (from a questionnaire file) ------------------------------


def test_a_callout_or_must_have_too_tall_for_its_box_still_gets_a_memo(
    tmp_path, workbook, questionnaire
):
    """The questionnaire's texts reach boxes too: a segment reason taller than a page failed
    the memo ("Flowable <Table ...> too large"); the callout is then set as paragraphs, and
    a must-have's reason is cut in its table cell."""
    from meshdesk.core.recommendation import recommend
    from meshdesk.io.questionnaire import load_answers
    from meshdesk.locations import data_dir

    answers = load_answers(data_dir() / "examples" / "enterprise.yaml", questionnaire)
    rec = recommend(workbook, questionnaire, answers)
    assert rec.must_haves, "the enterprise answers set a must-have"
    reason = "SEGMENT-REASON " + PROSE * 120
    must = dataclasses.replace(rec.must_haves[0], reason="MUST-REASON " + PROSE * 120)
    rec = dataclasses.replace(rec, segment_reason=reason, must_haves=(must, *rec.must_haves[1:]))
    content = flat("".join(body_text(write(tmp_path, build_memo(workbook, rec)))))
    assert flat(reason) in content  # whole, in paragraphs
    assert "MUST-REASON" in content
    assert flat(f"Shortlist, best first. 1. {rec.shortlist[0].name}") in content


# --- the proof: any workbook at the limits --------------------------------------------------

lengths = st.sampled_from([1, 200, 2_000, NOTE_TEXT_MAX])


@st.composite
def workbooks_at_the_limits(draw: st.DrawFn, dataset, scale: int = 1) -> Workbook:  # type: ignore[no-untyped-def]
    criteria = draw(st.sampled_from([7, 40, 200]))
    name_kind = draw(st.sampled_from(ONE_LINE_KINDS))
    name_length = draw(st.sampled_from([12, NAME_MAX]))
    workbook = wide_workbook(dataset, criteria, name_kind, name_length)
    # the profiles of the highest-ranked tools (the memo describes them)
    for row in draw(st.lists(st.integers(0, len(workbook.tools) - 1), max_size=3, unique=True)):
        kind = draw(st.sampled_from(KINDS))
        items = draw(st.sampled_from([1, 5, PROFILE_ITEMS_MAX]))
        profile = dataclasses.replace(
            workbook.tools[row].profile, **profile_at_the_limits(kind, items)
        )
        workbook.tools[row] = dataclasses.replace(workbook.tools[row], profile=profile)
    count = draw(st.sampled_from([0, 1, 8, 30 * scale]))
    on_one_tool = draw(st.booleans())
    for k in range(count):
        i = 0 if on_one_tool else draw(st.integers(0, len(workbook.tools) - 1))
        j = k % criteria if on_one_tool else draw(st.integers(0, criteria - 1))
        kind = draw(st.sampled_from(KINDS))
        length = draw(lengths) if k < 4 * scale else draw(st.sampled_from([1, 200, 2_000]))
        text = f"NOTE{k:03d} " + shaped(kind, max(0, length - 8))
        source = draw(
            st.sampled_from(
                [
                    "",
                    "https://wiki.example.test/pilot",
                    shaped("url", NOTE_SOURCE_MAX),
                    "https://example.test/\u202efdp.exe",
                    named("Report ", "rtl", 300),
                ]
            )
        )
        workbook.notes[(workbook.tools[i].id, workbook.criteria[j].id)] = CellNote(
            text[:NOTE_TEXT_MAX], source, "2026-11-20"
        )
    return workbook


def check_memo(workbook: Workbook) -> None:
    memo = render_memo(workbook)
    assert memo.data.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), memo.data)
        assert int(pdfinfo(path)["Pages"]) == memo.pages
        text = pdftotext(path)
    content = flat(text)
    assert flat(f"Page 1 of {memo.pages}") in content
    assert "AppendixA.Notesandevidence" in content
    for (tool_id, criterion_id), note in workbook.notes.items():
        marker = note.text.split(" ", 1)[0]
        assert marker in content, f"{marker} ({tool_id}, {criterion_id}) is missing"
    for uri in uris(memo.data):
        assert safe_link(uri) == uri, uri


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return load_dataset()


def test_any_workbook_at_the_limits_gets_a_memo(bundled):
    """A handful of random combinations (bounded to a few seconds); the slow test below
    tries many more and bigger ones."""

    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(workbooks_at_the_limits(bundled))
    def run(workbook: Workbook) -> None:
        check_memo(workbook)

    run()


@pytest.mark.slow
def test_many_workbooks_at_the_limits_get_a_memo(bundled):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(workbooks_at_the_limits(bundled, scale=4))
    def run(workbook: Workbook) -> None:
        check_memo(workbook)

    run()


@pytest.mark.slow
def test_the_largest_notes_appendix(bundled):
    """400 notes of 20,000 characters (the most the appendix lists) on tools at every limit."""
    workbook = wide_workbook(bundled, criteria=200, kind="word")
    for k in range(400):
        i, j = divmod(k, 200)
        text = f"NOTE{k:03d} " + shaped(("prose", "word", "lines", "rtl")[k % 4], NOTE_TEXT_MAX - 8)
        workbook.notes[(workbook.tools[i].id, workbook.criteria[j].id)] = CellNote(
            text, shaped("url", NOTE_SOURCE_MAX), ""
        )
    for row in range(3):
        profile = dataclasses.replace(workbook.tools[row].profile, **profile_at_the_limits("word"))
        workbook.tools[row] = dataclasses.replace(workbook.tools[row], profile=profile)
    started = time.perf_counter()
    check_memo(workbook)
    assert time.perf_counter() - started < 120


def _outline(items):  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def test_shaped_text_has_the_length_asked_for():
    for kind in KINDS:
        assert len(shaped(kind, 1234)) == 1234, kind
    assert re.fullmatch(r"[^\s]+", shaped("word", 50))
