"""`meshdesk refresh PROJECT`: bring a project's facts up to date with the dataset.

    meshdesk refresh PROJECT [--dataset DIR] [--dry-run] [--format table|json]

Replaces the facts, lifecycle, editions and profiles of the tools the dataset knows (by id),
adds and deletes nothing, and never touches scores, notes, weights or answers (see
meshdesk.core.refresh). The project file is rewritten atomically unless --dry-run. JSON (a
contract): {"from_as_of", "to_as_of", "lifecycle": [{"id", "old", "new"}], "facts": [{"id",
"fact", "old", "new"}], "unknown_tools": [ids]}.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from meshdesk.cli.output import text_table, to_json
from meshdesk.core.refresh import Refresh, plan_refresh


def register(sub: Any) -> None:
    refresh = sub.add_parser(
        "refresh",
        help="update a project's facts, lifecycle and editions from the dataset",
        description="Replace the facts, lifecycle, editions and profiles of the tools the "
        "dataset knows; scores, notes, weights and answers stay as they are.",
    )
    refresh.add_argument("project", metavar="PROJECT", help="a .meshdesk project file")
    refresh.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    refresh.add_argument("--format", choices=("table", "json"), default="table")
    # also accepted after the command, as `meshdesk refresh P --dataset DIR` reads naturally;
    # SUPPRESS keeps the global `meshdesk --dataset DIR refresh P` when this one is not given
    refresh.add_argument(
        "--dataset",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the dataset to refresh from (default: the bundled one, or MESHDESK_DATASET)",
    )
    refresh.set_defaults(handler=cmd_refresh)


def refresh_to_dict(plan: Refresh) -> dict[str, Any]:
    return {
        "from_as_of": plan.from_as_of or None,
        "to_as_of": plan.to_as_of,
        "lifecycle": [{"id": c.tool_id, "old": c.old, "new": c.new} for c in plan.lifecycle],
        "facts": [
            {"id": c.tool_id, "fact": c.fact, "old": c.old, "new": c.new} for c in plan.facts
        ],
        "unknown_tools": list(plan.unknown_tools),
    }


def _text(plan: Refresh, project: str, written: bool) -> str:
    out = [
        f"Facts of {project}: as of {plan.from_as_of or 'an unknown date'}; the dataset's: as of "
        f"{plan.to_as_of}."
    ]
    if plan.lifecycle:
        out.append("\nLifecycle changes")
        rows = [[c.tool_id, c.old, c.new] for c in plan.lifecycle]
        out.append(text_table(["Tool", "Was", "Now"], rows).rstrip())
    if plan.facts:
        out.append(f"\nFacts that change: {len(plan.facts)}")
        rows = [[c.tool_id, c.fact, c.old[:60], c.new[:60]] for c in plan.facts]
        out.append(text_table(["Tool", "Fact", "Was", "Now"], rows).rstrip())
    if plan.unknown_tools:
        out.append(f"\nNot in the dataset, left as they are: {', '.join(plan.unknown_tools)}")
    if not plan.changes_anything:
        out.append("\nNothing changes: the project's facts are the dataset's.")
    elif written:
        out.append("\nWritten. Scores, notes, weights and answers are unchanged.")
    else:
        out.append("\nDry run: nothing was written.")
    return "\n".join(out) + "\n"


def cmd_refresh(args: argparse.Namespace) -> int:
    from meshdesk.io.dataset import load_dataset
    from meshdesk.io.project import load_project, save_project

    workbook = load_project(args.project)
    dataset = load_dataset(args.dataset)
    plan = plan_refresh(
        workbook,
        dataset.tools,
        dataset.catalogue,
        dataset_title=dataset.title,
        dataset_as_of=dataset.as_of,
    )
    written = False
    if plan.changes_anything and not args.dry_run:
        plan.command.apply(workbook)
        save_project(workbook, args.project)
        written = True
    if args.format == "json":
        sys.stdout.write(to_json(refresh_to_dict(plan)))
    else:
        sys.stdout.write(_text(plan, args.project, written))
    return 0
