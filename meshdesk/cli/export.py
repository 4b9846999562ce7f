"""`meshdesk export FORMAT`: the evaluation as a file for people who do not run MeshDesk.

    meshdesk export xlsx [PROJECT] [--answers FILE] -o OUT.xlsx [--force]

    meshdesk export pdf [PROJECT] [--answers FILE] [--page-size a4|letter] -o OUT.pdf [--force]

    meshdesk export adr [PROJECT] [--answers FILE] -o OUT.md [--status S] [--force] ...

Each format is a sub-command with its own options (pdf: meshdesk.cli.memo, adr:
meshdesk.cli.adr); they share
the PROJECT argument and `decision_inputs`: --answers are applied first, as the window's
Apply does; else the answers stored in the project are evaluated under its own weights.
"""

from __future__ import annotations

import argparse
from typing import Any

from meshdesk.cli.commands import PROJECT_HELP, load_workbook, refuse_overwrite
from meshdesk.core.errors import InputError
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.workbook import Workbook

ANSWERS_HELP = (
    "questionnaire answers (YAML or JSON), applied as the window's Apply does (their weight "
    "profile is used); default: the answers stored in PROJECT, under its own weights"
)


def register(sub: Any) -> None:
    """Adds `export` and its formats to the parser."""
    export = sub.add_parser(
        "export",
        help="write the evaluation as a file for colleagues (xlsx, pdf or a Markdown ADR)",
        description="Write the evaluation as a file for people who do not run MeshDesk.",
    )
    formats = export.add_subparsers(
        dest="format", metavar="FORMAT", parser_class=type(export), required=True
    )
    xlsx = formats.add_parser(
        "xlsx",
        help="a live Excel workbook that MeshDesk can import again",
        description="Write a live Excel workbook: scores with formula totals and ranks, "
        "weights, notes, facts and (with answers) the recommendation. Edit it in Excel or "
        "LibreOffice and bring it back with `meshdesk import`.",
    )
    xlsx.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    xlsx.add_argument("--answers", metavar="FILE", help=ANSWERS_HELP)
    xlsx.add_argument("-o", "--output", required=True, metavar="OUT.xlsx")
    xlsx.add_argument("--force", action="store_true", help="replace OUT.xlsx if it exists")
    xlsx.set_defaults(handler=cmd_export_xlsx)

    from meshdesk.cli.adr import add_adr_command
    from meshdesk.cli.memo import add_pdf_command

    add_pdf_command(formats)
    add_adr_command(formats)


def decision_inputs(
    workbook: Workbook, args: argparse.Namespace
) -> tuple[Workbook, Recommendation | None, Questionnaire | None]:
    """The workbook as the export describes it, and its recommendation.

    With --answers, the answers are applied first, as the window's Apply does (stored, and
    their weight profile set); otherwise the answers stored in the project are evaluated under
    the project's own weights. No answers: no recommendation. Bad answers are an error, not a
    silently missing section."""
    if not args.answers and not workbook.answers:
        return workbook, None, None
    from meshdesk.core.questionnaire import check_answers
    from meshdesk.core.recommendation import recommend, with_answers_applied
    from meshdesk.io.questionnaire import load_answers, load_questionnaire

    questionnaire = load_questionnaire(dataset=args.dataset)
    if args.answers:
        answers = load_answers(args.answers, questionnaire)
        workbook = with_answers_applied(workbook, questionnaire, answers)
    else:
        answers = check_answers(
            questionnaire, workbook.answers, source=f"{args.project}: stored answers"
        )
    return workbook, recommend(workbook, questionnaire, answers), questionnaire


def export_inputs(
    args: argparse.Namespace, suffix: str, what: str
) -> tuple[Workbook, Recommendation | None, Questionnaire | None]:
    """What every export needs, checked before anything is written: a sensible output name,
    no silent overwrite, the workbook, and the recommendation for its answers (if any)."""
    if not args.output.lower().endswith(suffix):
        raise InputError(f"{args.output}: {what}'s file name should end in {suffix}.")
    refuse_overwrite(args.output, args.force)
    return decision_inputs(load_workbook(args), args)


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from meshdesk.io.robustness import analyse_if_possible
    from meshdesk.io.xlsx_export import export_xlsx

    workbook, recommendation, questionnaire = export_inputs(args, ".xlsx", "an Excel workbook")
    export_xlsx(
        workbook,
        args.output,
        recommendation=recommendation,
        questionnaire=questionnaire,
        analysis=analyse_if_possible(workbook, args.dataset, recommendation),
    )
    with_recommendation = " and the recommendation" if recommendation else ""
    print(
        f"Exported {len(workbook.tools)} tools, {len(workbook.criteria)} criteria, "
        f"{len(workbook.notes)} notes{with_recommendation} to {args.output}."
    )
    return 0
