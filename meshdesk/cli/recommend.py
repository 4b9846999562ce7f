"""`meshdesk recommend`: the questionnaire's recommendation for a set of answers.

JSON keys (a contract for scripts): needs_mesh, alternative, segment, weights, must_haves,
shortlist, excluded, explanation, what_if. See `recommendation_to_dict` for the shapes. Both
the JSON and the table lay out the decision report (meshdesk.report): its sentences, its
figures; nothing here words a rule.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from meshdesk.cli.commands import PROJECT_HELP
from meshdesk.cli.output import fmt_number, text_table, to_json
from meshdesk.core.clock import now
from meshdesk.core.errors import InputError
from meshdesk.core.numbers import fixed
from meshdesk.core.questionnaire import Answers, check_answers
from meshdesk.core.recommendation import Recommendation, recommend, with_answers_applied
from meshdesk.report import DecisionReport, build_report, text

WIDTH = 100


def register(sub: Any) -> None:
    """Adds the `recommend` command to the parser."""
    rec = sub.add_parser(
        "recommend",
        help="turn questionnaire answers into a verdict, a segment, weights and a shortlist",
        description="Evaluate questionnaire answers against the dataset's facts and scores.",
    )
    rec.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    rec.add_argument(
        "--answers",
        metavar="FILE",
        help="answers file, YAML or JSON, mapping question ids to option ids, applied as the "
        "window's Apply does (default: the answers stored in PROJECT, evaluated under its own "
        "weights; examples in data/examples/)",
    )
    rec.add_argument("--format", choices=("table", "json"), default="table")
    rec.set_defaults(handler=cmd_recommend)


def cmd_recommend(args: argparse.Namespace) -> int:
    from meshdesk.io.dataset import load_dataset
    from meshdesk.io.questionnaire import load_answers, load_questionnaire

    dataset = load_dataset(args.dataset)
    if args.project:
        from meshdesk.io.project import load_project

        workbook = load_project(args.project)
    else:
        workbook = dataset.new_workbook()
    questionnaire = load_questionnaire(dataset=dataset)
    answers: Answers
    if args.answers:  # applied first, as the window's Apply does
        answers = load_answers(args.answers, questionnaire)
        workbook = with_answers_applied(workbook, questionnaire, answers)
    elif workbook.answers:
        answers = check_answers(
            questionnaire, workbook.answers, source=f"{args.project}: stored answers"
        )
    else:
        where = f"{args.project} stores no answers" if args.project else "no project was given"
        raise InputError(
            f"There are no answers to evaluate ({where}): pass --answers FILE, for example one "
            "of data/examples/."
        )
    result = recommend(workbook, questionnaire, answers)
    report = build_report(workbook, result, questionnaire, day=now().date())
    if args.format == "json":
        sys.stdout.write(to_json(recommendation_to_dict(report)))
    else:
        sys.stdout.write(recommendation_to_text(report))
    return 0


def _recommendation(report: DecisionReport) -> Recommendation:
    if report.recommendation is None or report.questionnaire is None:
        raise ValueError("the report holds no recommendation")
    return report.recommendation


def recommendation_to_dict(report: DecisionReport) -> dict[str, Any]:
    """The JSON shape.

    - `alternative`: what to use instead when `needs_mesh` is false, else null;
    - `weights`: criterion id -> percent: the weights the totals and the shortlist use (the
      answers' profile when they were applied with --answers, else the project's own
      weights as shares of their sum, at full precision);
    - `must_haves`: {id, label, feature, accepted, reason, question, option} where
      question/option is the answer that caused it;
    - `shortlist`: {id, name, total, reasons}, best first; `excluded`: {id, name, reasons};
    - `what_if`: {must_have, relax, label, returns}: the excluded candidate ids that would
      become eligible again if that must-have alone were dropped (`relax` "must-have"), or if
      the budget allowed every edition (`relax` "budget", `must_have` null).
    """
    result = _recommendation(report)
    return {
        "needs_mesh": result.needs_mesh,
        "alternative": result.alternative,
        "segment": result.segment,
        "weights": dict(result.ranked_weights),
        "must_haves": [
            {
                "id": m.id,
                "label": m.label,
                "feature": m.feature_id,
                "accepted": list(m.accepted),
                "reason": m.reason,
                "question": m.question_id,
                "option": m.option_id,
            }
            for m in result.must_haves
        ],
        "shortlist": [
            {
                "id": p.tool_id,
                "name": p.name,
                "total": p.total,
                "reasons": text.reason_texts(p.reasons),
            }
            for p in result.shortlist
        ],
        "excluded": [
            {"id": e.tool_id, "name": e.name, "reasons": text.exclusion_reasons(e)}
            for e in result.excluded
        ],
        "explanation": text.explanation(report),
        "what_if": [
            {
                "must_have": w.must_have_id or None,
                "relax": w.relax,
                "label": text.relaxation(result, w),
                "returns": list(w.returns),
            }
            for w in result.what_if
        ],
    }


# --- text ------------------------------------------------------------------------------------


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _moves(result: Recommendation) -> list[str]:
    """The weight moves, one line per rule with its reason said once: "compliance regulated:
    security 10 -> 20, support 10 -> 15. A regulated estate has to prove ..."."""
    groups: list[tuple[tuple[str, str, str, str], list[str]]] = []
    for change in result.weight_changes:
        label, colon, move = change.reason.partition(": ")
        if not colon:  # not "label: move": a line of its own
            label, move = change.reason, ""
        key = (change.question_id, change.option_id, label, change.why)
        if groups and groups[-1][0] == key and move and groups[-1][1]:
            groups[-1][1].append(move)
        else:
            groups.append((key, [move] if move else []))
    lines = []
    for (_question, _option, label, why), moves in groups:
        said = f"{label}: {', '.join(moves)}" if moves else label
        lines.append(f"{said}. {why}".strip())
    return lines


def _shortlist(report: DecisionReport, result: Recommendation) -> list[str]:
    """The picks, after what they all share; then why the first leads."""
    out = ["\nShortlist"]
    if not result.shortlist:
        out.append("  none: no active platform meets every requirement")
    out += [_wrap(line) for line in text.shared_reasons(result)]
    for number, pick in enumerate(result.shortlist, 1):
        total = report.total_text(pick.total)
        out.append(f"  {number}. {pick.name}  (weighted total {total})")
        out += [_wrap(reason, "       ", "     - ") for reason in text.pick_reasons(result, pick)]
    comparison = text.comparison(report)
    if comparison:
        out.append(f"\nWhy {result.shortlist[0].name} leads")
        out.append(_wrap(comparison))
    return out


def _excluded(result: Recommendation) -> list[str]:
    """The exclusions with their reasons, then what relaxing a requirement would bring back."""
    out = ["\nExcluded"]
    if not result.excluded:
        out.append("  none")
    for exclusion in result.excluded:
        out.append(f"  - {exclusion.name}")
        reasons = text.exclusion_reasons(exclusion)
        out += [_wrap(reason, "       ", "     - ") for reason in reasons]
    if result.what_if:
        out.append("\nWhat if a requirement were relaxed")
        names = {e.tool_id: e.name for e in result.excluded}
        for what in result.what_if:
            back = [names.get(t, t) for t in what.returns] or ["nothing more"]
            relaxed = text.relaxation(result, what)
            lead = f"with {relaxed}" if what.relax == "budget" else f"without '{relaxed}'"
            line = f"{lead}: {', '.join(back)} would return"
            out.append(_wrap(line, "    ", "  - "))
    return out


def recommendation_to_text(report: DecisionReport) -> str:
    result = _recommendation(report)
    questionnaire, workbook = report.questionnaire, report.workbook
    assert questionnaire is not None
    out: list[str] = []
    if result.needs_mesh:
        verdict = f"{questionnaire.memo.needed} {text.verdict(report)}"
        out.append(_wrap(verdict, first="Verdict: "))
    else:
        out.append(_wrap(questionnaire.memo.not_needed, first="Verdict: "))
        out.append(_wrap(f"Instead: {result.alternative}.", first="  "))
        out.append(_wrap(result.alternative_reason))
    label = result.segment_label or result.segment
    out.append(_wrap(f"{label}. {result.segment_reason}", first="Segment: "))

    out.append("\nWeights (percent, adding up to 100)")
    published = workbook.published_weights
    headers = ["Criterion", "Published", "Profile"]
    if result.weights_differ:
        headers.append("Used")
    rows = []
    for cid, pct in result.weights.items():
        row = [workbook.criterion(cid).name, fmt_number(published.get(cid), 1), fixed(pct, 1)]
        if result.weights_differ:
            row.append(fixed(result.ranked_weights.get(cid, 0.0), 1))
        rows.append(row)
    out.append(text_table(headers, rows, right=(1, 2, 3)).rstrip())
    if result.weights_differ:
        out.append(
            _wrap(
                "The project's weights differ from the answers' profile: the totals and the "
                "shortlist use them (Used), as the window does. Pass --answers to apply the "
                "profile instead.",
                indent="",
            )
        )
    if result.weight_changes:
        out.append("Moved by your answers:")
        out += [_wrap(line, indent="    ", first="  - ") for line in _moves(result)]

    out.append("\nMust-haves")
    if not result.must_haves:
        out.append("  none")
    for must in result.must_haves:
        cause = text.cause(questionnaire, must.question_id, must.option_id)
        out.append(_wrap(f"{must.label} (from {cause}). {must.reason}", "    ", "  - "))

    if result.needs_mesh:
        out += _shortlist(report, result)
        out += _excluded(result)

    out.append("\nMemo")
    out.append(_wrap(text.explanation(report)))
    return "\n".join(out) + "\n"
