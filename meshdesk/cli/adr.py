"""`meshdesk export adr`: the decision as a Markdown Architecture Decision Record (MADR 4).

    meshdesk export adr [PROJECT] [--answers FILE] -o docs/decisions/NNNN-title.md
                        [--status proposed|accepted|rejected|deprecated]
                        [--decision-makers "A, B"] [--consulted "..."] [--informed "..."]
                        [--force]

`add_adr_command` hangs the command under `meshdesk export` (meshdesk/cli/export.py calls
it). Same inputs and SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import argparse
from typing import Any

from meshdesk.cli.commands import PROJECT_HELP
from meshdesk.core.errors import InputError
from meshdesk.core.workbook import TITLE_MAX, check_text

NAMES_HELP = "comma-separated names"


def add_adr_command(export_subparsers: Any) -> None:
    """Adds `adr` to the sub-commands of `meshdesk export`."""
    from meshdesk.render.adr import STATUSES

    adr = export_subparsers.add_parser(
        "adr",
        help="a Markdown decision record (MADR 4) for the team's repository",
        description="Write the decision as a Markdown Architecture Decision Record in the "
        "MADR 4 layout: context, drivers, options, outcome with consequences and "
        "confirmation, pros and cons, the ranking and the sources. Without answers it "
        "chooses no option and can only be proposed.",
    )
    adr.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    adr.add_argument(
        "--answers",
        metavar="FILE",
        help="questionnaire answers (YAML or JSON); default: the answers stored in PROJECT",
    )
    adr.add_argument(
        "--status",
        choices=STATUSES,
        default="proposed",
        help="the record's status (default: proposed)",
    )
    adr.add_argument(
        "--decision-makers",
        metavar="NAMES",
        help=f"{NAMES_HELP} (default: the project's author)",
    )
    adr.add_argument("--consulted", metavar="NAMES", help=f"{NAMES_HELP} (default: the reviewers)")
    adr.add_argument("--informed", metavar="NAMES", help=NAMES_HELP)
    adr.add_argument("-o", "--output", required=True, metavar="OUT.md")
    adr.add_argument("--force", action="store_true", help="replace OUT.md if it exists")
    adr.set_defaults(handler=cmd_export_adr)


def _names(text: str | None, option: str) -> tuple[str, ...] | None:
    if text is None:
        return None
    check_text(text, TITLE_MAX * 4, f"--{option}", single_line=True)
    return tuple(name.strip() for name in text.split(",") if name.strip())


def cmd_export_adr(args: argparse.Namespace) -> int:
    from meshdesk.cli.export import export_inputs
    from meshdesk.core.clock import now
    from meshdesk.io.atomic import atomic_write_text
    from meshdesk.io.robustness import decision_report
    from meshdesk.render.adr import NO_MESH, People, render_adr

    makers = _names(args.decision_makers, "decision-makers")
    consulted = _names(args.consulted, "consulted")
    informed = _names(args.informed, "informed") or ()
    workbook, recommendation, questionnaire = export_inputs(args, ".md", "a Markdown record")
    report = decision_report(
        workbook, recommendation, questionnaire, day=now().date(), dataset=args.dataset
    )
    meta = workbook.metadata
    people = People(
        decision_makers=makers if makers is not None else ((meta.author,) if meta.author else ()),
        consulted=consulted if consulted is not None else meta.reviewers,
        informed=informed,
    )
    try:
        text = render_adr(report, args.status, people)
    except InputError as exc:
        raise InputError(f"{args.output}: {exc}") from None
    atomic_write_text(args.output, text)
    chosen = report.chosen
    if chosen is not None:
        outcome = f'choosing "{chosen.name}"'
    elif report.recommendation is not None and not report.recommendation.needs_mesh:
        outcome = f'choosing "{NO_MESH}"'
    else:
        outcome = "choosing no option"
    print(f"Wrote a decision record ({args.status}, {outcome}) to {args.output}.")
    return 0
