"""`meshdesk export pdf`: the decision memo as a PDF.

    meshdesk export pdf [PROJECT] [--answers FILE] [--page-size a4|letter]
                        [--title T] [--author A] -o OUT.pdf [--force]

`add_pdf_command` hangs the command under `meshdesk export` (meshdesk/cli/export.py calls
it). Without answers (no --answers, none stored in PROJECT) the memo says that no
questionnaire was answered and makes no recommendation.
"""

from __future__ import annotations

import argparse
from typing import Any

from meshdesk.cli.commands import PROJECT_HELP

PAGE_SIZE_CHOICES = ("a4", "letter")


def add_pdf_command(export_subparsers: Any) -> None:
    """Adds `pdf` to the sub-commands of `meshdesk export`."""
    pdf = export_subparsers.add_parser(
        "pdf",
        help="a decision memo to hand to a review board",
        description="Write a decision memo (PDF): the recommendation for the answers, the "
        "weights, the ranking with charts, how robust the lead is, the shortlisted platforms "
        "with their sourced facts, caveats and a decision block to sign.",
    )
    pdf.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    pdf.add_argument(
        "--answers",
        metavar="FILE",
        help="questionnaire answers (YAML or JSON); default: the answers stored in PROJECT. "
        "Without answers the memo makes no recommendation and ranks on the weights alone",
    )
    pdf.add_argument(
        "--page-size",
        choices=PAGE_SIZE_CHOICES,
        default="a4",
        type=str.lower,
        help="paper size (default: a4)",
    )
    pdf.add_argument("--title", help="the memo's title (default: the project's title)")
    pdf.add_argument("--author", help="who prepared it (default: the project's author)")
    pdf.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    pdf.add_argument("--force", action="store_true", help="replace OUT.pdf if it exists")
    pdf.set_defaults(handler=cmd_export_pdf)


def cmd_export_pdf(args: argparse.Namespace) -> int:
    # imported here: export.py imports this module to register the command
    from meshdesk.cli.export import export_inputs
    from meshdesk.io.robustness import analyse_if_possible
    from meshdesk.render.pdf import export_pdf

    workbook, recommendation, questionnaire = export_inputs(args, ".pdf", "a PDF memo")
    pages = export_pdf(
        workbook,
        args.output,
        recommendation,
        questionnaire=questionnaire,
        page_size=args.page_size,
        title=args.title,
        author=args.author,
        analysis=analyse_if_possible(workbook, args.dataset, recommendation),
    )
    size = "A4" if args.page_size == "a4" else "US Letter"
    what = "with the recommendation" if recommendation else "without a recommendation (no answers)"
    print(f"Wrote a {pages}-page decision memo ({size}) {what} to {args.output}.")
    return 0
