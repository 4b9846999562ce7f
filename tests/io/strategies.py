"""Hypothesis strategies for random but valid workbooks."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from meshdesk.core.facts import EMPTY_PROFILE, Link, ToolProfile
from meshdesk.core.publication import Publication
from meshdesk.core.workbook import CellNote, Criterion, Metadata, Tool, Workbook

ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
# Text MeshDesk accepts (meshdesk.core.text): no control characters but tab and line breaks,
# no surrogates or noncharacters; names and other single-line text no line breaks either.
ONE_LINE = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"))
names = st.text(ONE_LINE, min_size=1, max_size=30).map(str.strip).filter(bool)
line_text = st.text(ONE_LINE, max_size=60)
free_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cn"), include_characters="\t\n\r"),
    max_size=60,
)
scores = st.one_of(
    st.just(float("nan")), st.floats(0, 10, allow_nan=False), st.integers(0, 10).map(float)
)
dates = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))
# the grades of the bundled data/evidence.yaml, and "" for the default rule
grades = st.sampled_from(["", "", "vendor-claim", "documentation", "own-pilot", "guide"])
profiles = st.one_of(
    st.just(EMPTY_PROFILE),
    st.builds(
        ToolProfile,
        description=free_text,
        pros=st.lists(free_text, max_size=3).map(tuple),
        deployment=st.lists(
            st.sampled_from(["cloud", "self-hosted", "hybrid"]), max_size=3, unique=True
        ).map(tuple),
        links=st.lists(
            st.builds(Link, title=names, url=st.just("https://example.test/x")), max_size=2
        ).map(tuple),
    ),
)


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    tool_ids = draw(st.lists(ids, min_size=0, max_size=6, unique=True))
    criterion_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))

    def unique_names(count: int) -> list[str]:  # names are unique ignoring case and spaces
        return draw(
            st.lists(
                names, min_size=count, max_size=count, unique_by=lambda n: n.strip().casefold()
            )
        )

    tools = [
        Tool(t, name, draw(st.one_of(st.none(), st.floats(0, 10))), draw(profiles))
        for t, name in zip(tool_ids, unique_names(len(tool_ids)), strict=True)
    ]
    criteria = [
        Criterion(c, name, draw(free_text))
        for c, name in zip(criterion_ids, unique_names(len(criterion_ids)), strict=True)
    ]
    weights = draw(
        st.lists(
            st.floats(0, 1000, allow_nan=False), min_size=len(criteria), max_size=len(criteria)
        )
    )
    matrix = np.array([[draw(scores) for _ in criteria] for _ in tools], dtype=float).reshape(
        len(tools), len(criteria)
    )
    notes = {}
    if tools:
        for _ in range(draw(st.integers(0, 4))):
            key = (draw(st.sampled_from(tool_ids)), draw(st.sampled_from(criterion_ids)))
            notes[key] = CellNote(
                draw(free_text) or "x",
                draw(st.sampled_from(["", "https://a.test/n"])),
                draw(dates),
                draw(grades),
            )
    publication = None
    if draw(st.booleans()):
        # as published: some criteria (perhaps deleted since), some tools' scores
        publication = Publication(
            weights={
                c: w for c, w in zip(criterion_ids, weights, strict=True) if draw(st.booleans())
            },
            scores={
                t: {c: draw(st.floats(0, 10)) for c in criterion_ids if draw(st.booleans())}
                for t in tool_ids
                if draw(st.booleans())
            },
        )
    answers = draw(
        st.dictionaries(ids, st.one_of(ids, st.lists(ids, max_size=3).map(tuple)), max_size=3)
    )
    metadata = Metadata(
        title=draw(line_text),
        author=draw(line_text),
        created="2026-11-27T10:00:00+00:00",
        modified="2026-11-27T11:00:00+01:00",
        app_version="0.1.0",
    )
    return Workbook(
        tools,
        criteria,
        weights,
        matrix,
        publication=publication,
        notes=notes,
        answers=answers,
        metadata=metadata,
    )
