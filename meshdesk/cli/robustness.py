"""`meshdesk robustness`: how sure the leader is.

    meshdesk robustness [PROJECT] [--answers FILE] [--samples N] [--seed S]
                        [--weights-mode around|uniform] [--weight-spread S]
                        [--score-uncertainty U] [--swing F] [--format table|json]

JSON keys (a contract for scripts): leader, runner_up, lead, weights, left_out, stability,
flips, score_flips, tornado, acceptability, samples, seed, weights_mode, weight_spread,
score_uncertainty. Numbers at full precision; the same seed gives the same output.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from meshdesk.cli.commands import PROJECT_HELP, load_workbook
from meshdesk.cli.output import text_table, to_json
from meshdesk.core.acceptability import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_SPREAD,
    WEIGHT_MODES,
    Settings,
)
from meshdesk.core.analysis import Analysis
from meshdesk.core.decision import Recommendation
from meshdesk.core.numbers import fixed
from meshdesk.core.robustness import DEFAULT_SWING
from meshdesk.core.workbook import Workbook


def register(sub: Any) -> None:
    cmd = sub.add_parser(
        "robustness",
        help="how sure the leader is: stability ranges, flips, tornado, rank acceptability",
        description="Analyse how robust the first place is among the tools that can be chosen "
        "(active, every weighted criterion scored): the range of each weight over which the "
        "leader stays first and who takes over beyond it, the smallest score change that "
        "changes the leader, a tornado of the lead, and a seeded Monte Carlo of rank "
        "acceptability under varied weights and scores.",
    )
    cmd.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    cmd.add_argument(
        "--answers",
        metavar="FILE",
        help="questionnaire answers applied first, as the window's Apply does (their weights)",
    )
    cmd.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, metavar="N")
    cmd.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
    cmd.add_argument("--weights-mode", choices=WEIGHT_MODES, default="around")
    cmd.add_argument(
        "--weight-spread",
        type=float,
        default=DEFAULT_SPREAD,
        metavar="S",
        help="around: each weight times a uniform factor in [1-S, 1+S] (default 0.25)",
    )
    cmd.add_argument(
        "--score-uncertainty",
        type=float,
        metavar="U",
        help="one half-width of score noise for every cell (0 allowed); default: each cell's "
        "from its evidence grade (data/evidence.yaml)",
    )
    cmd.add_argument("--swing", type=float, default=DEFAULT_SWING, metavar="F")
    cmd.add_argument("--format", choices=("table", "json"), default="table")
    cmd.set_defaults(handler=cmd_robustness)


def run_analysis(
    workbook: Workbook, args: argparse.Namespace, recommendation: Recommendation | None = None
) -> Analysis:
    """Among the shortlist of the answers (--answers, or those stored in PROJECT), else among
    every tool that can be chosen."""
    from meshdesk.io.robustness import analyse

    settings = Settings(args.samples, args.seed, args.weights_mode, args.weight_spread)
    return analyse(
        workbook,
        settings,
        swing=args.swing,
        score_uncertainty=args.score_uncertainty,
        dataset=args.dataset,
        recommendation=recommendation,
    )


def cmd_robustness(args: argparse.Namespace) -> int:
    from meshdesk.cli.export import decision_inputs

    workbook, recommendation, _questionnaire = decision_inputs(load_workbook(args), args)
    analysis = run_analysis(workbook, args, recommendation)
    if args.format == "json":
        sys.stdout.write(to_json(analysis_to_dict(analysis, workbook)))
    else:
        sys.stdout.write(analysis_to_text(analysis, workbook))
    return 0


def _number(value: float) -> float | None:
    """JSON has no NaN: a lead that is not defined (one candidate, or no weight left) is null."""
    return value if math.isfinite(value) else None


def analysis_to_dict(analysis: Analysis, workbook: Workbook) -> dict[str, Any]:
    c = analysis.candidates
    criteria = c.criteria
    found = analysis.acceptability
    settings = analysis.settings or Settings()
    second = analysis.runner_up
    return {
        "leader": c.ids[analysis.leader],
        "runner_up": c.ids[second] if second is not None else None,
        "lead": analysis.lead,
        # percent shares of the weights (as `recommend` gives them); the stability entries
        # speak in the panel's units, the weights as entered
        "weights": {
            cid: float(w) / float(c.weights.sum()) * 100.0
            for cid, w in zip(criteria, c.weights, strict=True)
        },
        "left_out": list(c.left_out),
        "stability": [
            {"criterion": criteria[s.criterion], "weight": s.weight, "low": s.low, "high": s.high}
            for s in analysis.stability
        ],
        "flips": [
            {
                "criterion": criteria[f.criterion],
                "direction": f.direction,
                "to": f.to,
                "new_leader": c.ids[f.new_leader],
            }
            for f in analysis.flips
        ],
        "score_flips": [
            {
                "tool": c.ids[f.tool],
                "criterion": criteria[f.criterion],
                "from": f.before,
                "to": f.after,
                "new_leader": c.ids[f.new_leader],
            }
            for f in analysis.score_flips
        ],
        "tornado": [
            {
                "criterion": criteria[b.criterion],
                "low_weight": b.low_weight,
                "high_weight": b.high_weight,
                "lead_at_low": _number(b.lead_at_low),
                "lead_at_high": _number(b.lead_at_high),
            }
            for b in analysis.tornado
        ],
        "acceptability": [
            {"id": tool_id, "ranks": [float(x) for x in row], "first": float(row[0])}
            for tool_id, row in zip(c.ids, found.shares if found else [], strict=False)
        ],
        "samples": settings.samples,
        "seed": settings.seed,
        "weights_mode": settings.weights_mode,
        "weight_spread": settings.weight_spread if settings.weights_mode == "around" else None,
        "score_uncertainty": analysis.score_uncertainty,
    }


def analysis_to_text(analysis: Analysis, workbook: Workbook) -> str:
    from meshdesk.report.robustness import left_out, summary
    from meshdesk.report.robustness_words import uncertainty_words, weights_words

    c = analysis.candidates
    name = {t.id: t.name for t in workbook.tools}
    crit = {cr.id: cr.name for cr in workbook.criteria}
    out = [str(summary(analysis, workbook))]
    skipped = left_out(analysis, workbook)
    if skipped is not None:
        out.append(str(skipped))

    def w(value: float | None) -> str:
        return "no limit" if value is None else fixed(value, 1)

    out.append(
        "\nStability of the first place, one weight at a time\n"
        + text_table(
            ["Criterion", "Weight", "Leader first from", "to"],
            [
                [crit[c.criteria[s.criterion]], w(s.weight), w(s.low), w(s.high)]
                for s in analysis.stability
            ],
            right=(1, 2, 3),
        )
    )
    if analysis.flips:
        out.append(
            "Flips\n"
            + text_table(
                ["Criterion", "Weight", "Past", "New leader"],
                [
                    [crit[c.criteria[f.criterion]], f.direction, w(f.to), name[c.ids[f.new_leader]]]
                    for f in analysis.flips
                ],
                right=(2,),
            )
        )
    if analysis.score_flips:
        out.append(
            "Smallest score change that changes the leader\n"
            + text_table(
                ["Tool", "Criterion", "From", "To", "New leader"],
                [
                    [
                        name[c.ids[f.tool]],
                        crit[c.criteria[f.criterion]],
                        fixed(f.before, 2),
                        fixed(f.after, 2),
                        name[c.ids[f.new_leader]],
                    ]
                    for f in analysis.score_flips
                ],
                right=(2, 3),
            )
        )
    if analysis.lead is not None:  # a single candidate has no lead to chart
        low, high = fixed(1 - analysis.swing, 2), fixed(1 + analysis.swing, 2)
        out.append(
            f"Tornado: the lead with one weight at x{low} and x{high}\n"
            + text_table(
                ["Criterion", "Weights", "Lead at low", "Lead at high"],
                [
                    [
                        crit[c.criteria[b.criterion]],
                        f"{fixed(b.low_weight, 1)}-{fixed(b.high_weight, 1)}",
                        fixed(b.lead_at_low, 3) or "–",
                        fixed(b.lead_at_high, 3) or "–",
                    ]
                    for b in analysis.tornado
                ],
                right=(2, 3),
            )
        )
    found = analysis.acceptability
    if found is not None:
        settings = analysis.settings or Settings()
        shown = min(found.shares.shape[1], 5)
        out.append(
            f"Rank acceptability ({found.samples:,} samples, seed {settings.seed}; weights: "
            f"{weights_words(settings)}; scores: {uncertainty_words(analysis)})\n"
            + text_table(
                ["Tool", *(f"rank {r + 1}" for r in range(shown))],
                [
                    [name[tool_id], *(f"{fixed(float(x) * 100, 1)}%" for x in row[:shown])]
                    for tool_id, row in zip(c.ids, found.shares, strict=True)
                ],
                right=tuple(range(1, shown + 1)),
            )
        )
    return "\n".join(out)
