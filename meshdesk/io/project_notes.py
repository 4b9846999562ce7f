"""The notes of a project file (see meshdesk.io.project): one record per annotated cell,
`{tool, criterion, text, source, date, evidence}`, all but the first two optional.

`evidence` (added within schema version 3, as the metadata's `reviewers` were) names a grade
of the evidence scale (data/evidence.yaml). A well-formed grade the installed scale does not
know is kept as it is: a project must open wherever it goes (a team's own dataset, a later
scale), and the robustness analysis and the grid use the default rule for such a cell and
say so.
"""

from __future__ import annotations

from typing import Any, NoReturn

from meshdesk.core.workbook import ID_PATTERN, NOTE_SOURCE_MAX, NOTE_TEXT_MAX, CellNote
from meshdesk.io.fields import DATE_PATTERN, Fields
from meshdesk.io.project_format import NOTE_FIELDS

_NOTE_FIELD_SET = frozenset(NOTE_FIELDS)
Notes = dict[tuple[str, str], CellNote]


def read_notes(top: Fields, tool_ids: set[str], criterion_ids: set[str]) -> Notes:
    notes: Notes = {}
    good_dates = {""}
    make_note = tuple.__new__  # CellNote is a NamedTuple; this skips its Python-level __new__
    for i, record in enumerate(top.items("notes")):
        if type(record) is not dict or not record.keys() <= _NOTE_FIELD_SET:
            _explain_bad_note(top, i, record, tool_ids, criterion_ids, notes)
        get = record.get
        key = (get("tool"), get("criterion"))
        text, source, date = get("text", ""), get("source", ""), get("date", "")
        evidence = get("evidence", "")
        if not (
            type(key[0]) is str
            and type(key[1]) is str
            and key[0] in tool_ids
            and key[1] in criterion_ids
            and key not in notes
            and type(text) is str
            and type(source) is str
            and type(date) is str
            and len(text) <= NOTE_TEXT_MAX
            and len(source) <= NOTE_SOURCE_MAX
            and (date in good_dates or DATE_PATTERN.match(date))
            and (evidence == "" or (type(evidence) is str and ID_PATTERN.fullmatch(evidence)))
        ):
            _explain_bad_note(top, i, record, tool_ids, criterion_ids, notes)
        good_dates.add(date)
        notes[key] = make_note(CellNote, (text, source, date, evidence))  # type: ignore[index]
    return notes


def _explain_bad_note(
    top: Fields,
    i: int,
    record: Any,
    tool_ids: set[str],
    criterion_ids: set[str],
    notes: Notes,
) -> NoReturn:
    entry = Fields(
        record, top.file, path=f"notes[{i}]", allowed=NOTE_FIELDS, required=("tool", "criterion")
    )
    tool = entry.text("tool", required=True)
    criterion = entry.text("criterion", required=True)
    if tool not in tool_ids:
        entry.fail(f"belongs to the tool {tool!r}, which the project does not define", "tool")
    if criterion not in criterion_ids:
        entry.fail(
            f"belongs to the criterion {criterion!r}, which the project does not define",
            "criterion",
        )
    entry.text("text", max_len=NOTE_TEXT_MAX)
    entry.text("source", max_len=NOTE_SOURCE_MAX)
    entry.date("date")
    evidence = entry.text("evidence", max_len=64)
    if evidence and not ID_PATTERN.fullmatch(evidence):
        entry.fail(
            f"the note on the cell ({tool!r}, {criterion!r}) names the evidence grade "
            f"{evidence[:40]!r}, which is not a grade id",
            "evidence",
        )
    if (tool, criterion) in notes:
        entry.fail(f"is a second note on the cell ({tool!r}, {criterion!r})")
    entry.fail("is not a valid note")
