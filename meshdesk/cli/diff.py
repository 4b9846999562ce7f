"""`meshdesk diff OLD NEW`: what changed between two versions of a project, and its effect on
the ranking and the shortlist; `meshdesk diff --textconv PROJECT`: one project as sorted text
lines, for git's `textconv` (see README, "Reviewing a project in git").

JSON keys (a contract for scripts): scores, weights, tools, criteria, notes, answers, facts,
ranking, shortlist. Exit code 0 also when the versions differ: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from meshdesk.cli.output import text_table, to_json
from meshdesk.core.diff import Change, WorkbookDiff, diff_workbooks, fact_lines
from meshdesk.core.errors import InputError, ScoringError
from meshdesk.core.numbers import significant
from meshdesk.core.scoring import rank_workbook
from meshdesk.core.workbook import Workbook


def register(sub: Any) -> None:
    """Adds the `diff` command to the parser."""
    cmd = sub.add_parser(
        "diff",
        help="what changed between two versions of a project, and what it did to the ranking",
        description="Compare two project files: scores, weights, notes, answers, tools, "
        "criteria and facts, and the effect on the ranking and the shortlist. Exits 0 "
        "whether or not they differ.",
    )
    cmd.add_argument("old", metavar="OLD", help="the earlier project file (.meshdesk)")
    cmd.add_argument("new", metavar="NEW", nargs="?", help="the later project file")
    cmd.add_argument("--format", choices=("table", "json"), default="table")
    cmd.add_argument(
        "--textconv",
        action="store_true",
        help="print OLD alone as sorted 'what: value' lines, for git diff's textconv",
    )
    cmd.set_defaults(handler=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    from meshdesk.io.project import load_project

    if args.textconv:
        if args.new is not None:
            raise InputError("--textconv takes one project file, not two.")
        sys.stdout.write(textconv(load_project(args.old)))
        return 0
    if args.new is None:
        raise InputError("diff needs two project files: OLD and NEW (or --textconv PROJECT).")
    old, new = load_project(args.old), load_project(args.new)
    result = diff_workbooks(old, new, (_shortlist(old, args), _shortlist(new, args)))
    if args.format == "json":
        sys.stdout.write(to_json(diff_to_dict(result)))
    else:
        sys.stdout.write(diff_to_text(result, old, new))
    return 0


def _shortlist(workbook: Workbook, args: argparse.Namespace) -> tuple[str, ...]:
    """The shortlist of the project's stored answers under its own weights; () without answers."""
    if not workbook.answers:
        return ()
    from meshdesk.core.recommendation import recommend
    from meshdesk.io.dataset import load_dataset
    from meshdesk.io.questionnaire import load_questionnaire

    questionnaire = load_questionnaire(dataset=load_dataset(args.dataset))
    try:
        return tuple(
            pick.tool_id for pick in recommend(workbook, questionnaire, workbook.answers).shortlist
        )
    except ScoringError:
        return ()


def _value(value: object) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _changes(changes: tuple[Change, ...], *keys: str) -> list[dict[str, Any]]:
    return [
        dict(zip(keys, change.where, strict=True))
        | {"old": _value(change.old), "new": _value(change.new)}
        for change in changes
    ]


def diff_to_dict(result: WorkbookDiff) -> dict[str, Any]:
    """The JSON shape (ids, not names; numbers at full precision; null for "not there")."""
    return {
        "scores": _changes(result.scores, "tool", "criterion"),
        "weights": _changes(result.weights, "criterion"),
        "tools": {
            "added": list(result.tools.added),
            "removed": list(result.tools.removed),
            "renamed": _changes(result.tools.renamed, "id"),
        },
        "criteria": {
            "added": list(result.criteria.added),
            "removed": list(result.criteria.removed),
            "renamed": _changes(result.criteria.renamed, "id"),
        },
        "notes": _changes(result.notes, "tool", "criterion"),
        "answers": _changes(result.answers, "question"),
        "facts": _changes(result.facts, "tool", "fact"),
        "ranking": [
            {
                "id": r.id,
                "old_rank": r.old_rank,
                "new_rank": r.new_rank,
                "old_total": r.old_total,
                "new_total": r.new_total,
            }
            for r in result.ranking
        ],
        "shortlist": {"old": list(result.shortlist_old), "new": list(result.shortlist_new)},
    }


def _plain(value: float) -> str:
    """A number as short as it is exact to 10 significant digits: 8, 8.25, 8.74."""
    return f"{significant(float(value)):.10g}"


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return _plain(value)
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


class _Names:
    """Display names from either version (a removed tool is named as the old file named it)."""

    def __init__(self, old: Workbook, new: Workbook) -> None:
        self.tools = {t.id: t.name for t in old.tools} | {t.id: t.name for t in new.tools}
        self.criteria = {c.id: c.name for c in old.criteria} | {c.id: c.name for c in new.criteria}

    def tool(self, tool_id: str) -> str:
        return self.tools.get(tool_id, tool_id)

    def criterion(self, criterion_id: str) -> str:
        return self.criteria.get(criterion_id, criterion_id)


def diff_to_text(result: WorkbookDiff, old: Workbook, new: Workbook) -> str:
    if result.is_empty:
        return "No differences in scores, weights, notes, answers, tools, criteria or facts.\n"
    names = _Names(old, new)
    parts: list[str] = []

    def section(
        title: str, headers: list[str], rows: list[list[str]], right: tuple[int, ...] = ()
    ) -> None:
        if rows:
            parts.append(f"{title}\n{text_table(headers, rows, right)}")

    section(
        "Scores",
        ["Tool", "Criterion", "Old", "New"],
        [
            [names.tool(c.where[0]), names.criterion(c.where[1]), _shown(c.old), _shown(c.new)]
            for c in result.scores
        ],
        (2, 3),
    )
    section(
        "Weights",
        ["Criterion", "Old", "New"],
        [[names.criterion(c.where[0]), _shown(c.old), _shown(c.new)] for c in result.weights],
        (1, 2),
    )
    for title, members, name in (
        ("Tools", result.tools, names.tool),
        ("Criteria", result.criteria, names.criterion),
    ):
        rows = [["added", name(i), ""] for i in members.added]
        rows += [["removed", name(i), ""] for i in members.removed]
        rows += [["renamed", _shown(c.old), _shown(c.new)] for c in members.renamed]
        section(title, ["Change", "Name", "New name"], rows)
    section(
        "Notes",
        ["Tool", "Criterion", "Old", "New"],
        [
            [names.tool(c.where[0]), names.criterion(c.where[1]), _short(c.old), _short(c.new)]
            for c in result.notes
        ],
    )
    section(
        "Answers",
        ["Question", "Old", "New"],
        [[c.where[0], _shown(c.old), _shown(c.new)] for c in result.answers],
    )
    section(
        "Facts",
        ["Tool", "Fact", "Old", "New"],
        [[names.tool(c.where[0]), c.where[1], _short(c.old), _short(c.new)] for c in result.facts],
    )
    section(
        "Ranking",
        ["Tool", "Old rank", "New rank", "Old total", "New total"],
        [
            [
                names.tool(r.id),
                _shown(r.old_rank),
                _shown(r.new_rank),
                _shown(r.old_total),
                _shown(r.new_total),
            ]
            for r in result.ranking
        ],
        (1, 2, 3, 4),
    )
    if result.shortlist_old != result.shortlist_new:
        before = ", ".join(names.tool(i) for i in result.shortlist_old) or "(none)"
        after = ", ".join(names.tool(i) for i in result.shortlist_new) or "(none)"
        parts.append(f"Shortlist\n  old: {before}\n  new: {after}\n")
    return "\n".join(parts)


def _short(value: object, limit: int = 60) -> str:
    """One line of at most `limit` characters, for notes and facts in a table."""
    text = " ".join(_shown(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def textconv(workbook: Workbook) -> str:
    """The project as sorted, one-per-line "what: value" text, so that `git diff` shows each
    changed score, weight, note, answer and fact as its own line, and the ranking it gives."""
    names = _Names(workbook, workbook)
    lines = [f"title: {workbook.metadata.title}"]
    lines += [f"criterion {c.id}: {c.name}" for c in workbook.criteria]
    lines += [
        f"weight {names.criterion(c.id)}: {_plain(workbook.weight(c.id))}"
        for c in workbook.criteria
    ]
    lines += [f"tool {t.id}: {t.name}" for t in workbook.tools]
    for tool in workbook.tools:
        for criterion in workbook.criteria:
            value = workbook.score(tool.id, criterion.id)
            shown = "-" if math.isnan(value) else _plain(value)
            lines.append(f"score {tool.name} / {criterion.name}: {shown}")
    for (tool_id, criterion_id), note in sorted(workbook.notes.items()):
        if not note.is_empty:
            grade = f" evidence: {note.evidence}" if note.evidence else ""
            text = " ".join(f"{note.text} {note.source} {note.date}{grade}".split())
            lines.append(f"note {names.tool(tool_id)} / {names.criterion(criterion_id)}: {text}")
    lines += [f"answer {key}: {_shown(value)}" for key, value in sorted(workbook.answers.items())]
    for tool in workbook.tools:
        lines += [
            f"fact {tool.name} {path}: {value}" for path, value in fact_lines(tool.facts).items()
        ]
    try:
        ranking = rank_workbook(workbook)
    except ScoringError:
        lines.append("ranking: none (the weights add up to 0)")
    else:
        for row in ranking.order():
            tool = workbook.tools[int(row)]
            if ranking.complete[row]:
                lines.append(
                    f"rank {int(ranking.ranks[row])}: {tool.name} {_plain(ranking.totals[row])}"
                )
            else:
                lines.append(f"rank -: {tool.name} (incomplete)")
    return "\n".join(lines) + "\n"
