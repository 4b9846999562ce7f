"""The robustness section's figures and sentences as the memo and the decision record both
state them: the stability ranges as rows, each flip and score flip as "if ..., X would lead",
the settings that reproduce the Monte Carlo, and which tools the analysis covers.

No layout here (no reportlab, no Markdown): values stay apart from our words (`Sentence`), and
each renderer escapes them for its format. Numbers go through meshdesk.core.numbers.fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from meshdesk.core.acceptability import Settings
from meshdesk.core.analysis import Analysis
from meshdesk.core.numbers import fixed
from meshdesk.core.robustness import Flip, ScoreFlip
from meshdesk.core.workbook import Workbook
from meshdesk.report.model import DecisionReport
from meshdesk.report.robustness import SHARE_PLACES, WEIGHT_PLACES
from meshdesk.report.text import Sentence, Value, say, strong

SCORE_PLACES: Final = 2  # a score that flips the leader is rarely whole: two decimals
LEAD_PLACES: Final = 2
NO_LIMIT: Final = "no limit"
RISES: Final = {"down": "falls below", "up": "rises above"}
ROSE: Final = {"down": "fell below", "up": "rose above"}


def weight(value: float | None) -> str:
    """A weight or an end of a stability range ("no limit": none)."""
    return NO_LIMIT if value is None else fixed(value, WEIGHT_PLACES)


def score(value: float) -> str:
    return fixed(value, SCORE_PLACES)


def share(value: float) -> str:
    """A share of the samples, as a percentage."""
    return f"{fixed(value * 100.0, SHARE_PLACES)}%"


def tool_name(analysis: Analysis, workbook: Workbook, candidate: int) -> str:
    return workbook.tool(analysis.candidates.ids[candidate]).name


def criterion_name(workbook: Workbook, column: int) -> str:
    return workbook.criteria[column].name


def leader_name(analysis: Analysis, workbook: Workbook) -> str:
    return tool_name(analysis, workbook, analysis.leader)


# --- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StabilityRow:
    criterion: str  # the user's name
    weight: str
    low: str
    high: str


def stability_rows(analysis: Analysis, workbook: Workbook) -> list[StabilityRow]:
    """One row per criterion, in the workbook's order."""
    return [
        StabilityRow(
            criterion_name(workbook, s.criterion), weight(s.weight), weight(s.low), weight(s.high)
        )
        for s in analysis.stability
    ]


def _distance(analysis: Analysis, flip: Flip) -> float:
    """How far the weight must move, relative to where it is (as the plain sentence picks)."""
    now = float(analysis.candidates.weights[flip.criterion])
    return abs(flip.to - now) / max(now, 1e-9)


def flips_nearest_first(analysis: Analysis) -> list[Flip]:
    return sorted(analysis.flips, key=lambda f: (_distance(analysis, f), f.criterion))


def score_flips_smallest_first(analysis: Analysis) -> list[ScoreFlip]:
    return sorted(analysis.score_flips, key=lambda f: (abs(f.change), f.tool, f.criterion))


# --- sentences -----------------------------------------------------------------------------


def flip_sentence(analysis: Analysis, workbook: Workbook, flip: Flip) -> Sentence:
    """E.g. "if the weight of Ease of use rose above 26.7, Linkerd would lead"."""
    return say(
        "if the weight of {} " + ROSE[flip.direction] + " {}, {} would lead",
        criterion_name(workbook, flip.criterion),
        weight(flip.to),
        strong(tool_name(analysis, workbook, flip.new_leader)),
    )


def score_flip_sentence(analysis: Analysis, workbook: Workbook, flip: ScoreFlip) -> Sentence:
    """E.g. "if the score of Istio on Core features fell below 8.60 (from 10.00), Linkerd
    would lead"."""
    verb = "fell below" if flip.change < 0 else "rose above"
    return say(
        "if the score of {} on {} " + verb + " {} (from {}), {} would lead",
        tool_name(analysis, workbook, flip.tool),
        criterion_name(workbook, flip.criterion),
        score(flip.after),
        score(flip.before),
        strong(tool_name(analysis, workbook, flip.new_leader)),
    )


def settle(analysis: Analysis, workbook: Workbook) -> Sentence | None:
    """What a pilot must settle: the nearest flip each way and the smallest score flip, e.g.
    "The weights and scores a pilot must settle, nearest to changing the leader, Istio,
    first: if the weight of Ease of use rose above 26.7, Linkerd would lead; ..." """
    chosen: list[Sentence] = []
    nearest = flips_nearest_first(analysis)
    for direction in ("up", "down"):
        found = [f for f in nearest if f.direction == direction]
        if found:
            chosen.append(flip_sentence(analysis, workbook, found[0]))
    scores = score_flips_smallest_first(analysis)
    if scores:
        chosen.append(score_flip_sentence(analysis, workbook, scores[0]))
    if not chosen:
        return None
    parts: list[str | Value] = list(
        say(
            "The weights and scores a pilot must settle, those nearest to changing the leader, "
            "{}: ",
            strong(leader_name(analysis, workbook)),
        ).parts
    )
    for index, sentence in enumerate(chosen):
        if index:
            parts.append("; " if index < len(chosen) - 1 else "; and ")
        parts.extend(sentence.parts)
    parts.append(".")
    return Sentence(tuple(parts))


def uncertainty_words(analysis: Analysis) -> str:
    if analysis.score_uncertainty is None:
        return "each score's own uncertainty, from its evidence grade"
    return f"±{fixed(analysis.score_uncertainty, 2)} on every score"


def weights_words(settings: Settings) -> str:
    if settings.weights_mode == "uniform":
        return "uniform on the simplex of the weighted criteria"
    return f"each weight times a uniform factor within ±{fixed(settings.weight_spread, 2)}"


def command(analysis: Analysis) -> str:
    """The `meshdesk robustness` line that gives the same figures: PROJECT is the project as
    saved (with its answers, which make the candidates its shortlist); settings at full
    precision."""
    settings = analysis.settings or Settings()
    line = (
        f"meshdesk robustness PROJECT --samples {settings.samples} --seed {settings.seed} "
        f"--weights-mode {settings.weights_mode} --weight-spread "
        f"{_exact(settings.weight_spread)} --swing {_exact(analysis.swing)}"
    )
    if analysis.score_uncertainty is not None:
        line += f" --score-uncertainty {_exact(analysis.score_uncertainty)}"
    return line


def _exact(value: float) -> str:
    """A setting as typed back: the shortest text that is the same float (0.125, not 0.13)."""
    return repr(float(value)).removesuffix(".0")


def settings_sentence(analysis: Analysis) -> Sentence:
    """The settings used, in words, so that the figures can be reproduced."""
    settings = analysis.settings
    swing = say(
        "The tornado moves one weight to ×{} and ×{}. ",
        fixed(1 - analysis.swing, 2),
        fixed(1 + analysis.swing, 2),
    )
    if settings is None or analysis.acceptability is None:
        return Sentence((*swing.parts, "No Monte Carlo was run."))
    tail = say(
        "Rank acceptability: {} samples, seed {}; weights: {}; scores: {}, clipped to 0–10. "
        "Computed by MeshDesk when this document was written.",
        f"{settings.samples:,}",
        str(settings.seed),
        weights_words(settings),
        uncertainty_words(analysis),
    )
    return Sentence((*swing.parts, *tail.parts))


def scope(report: DecisionReport) -> Sentence | None:
    """When the analysis's leader is not the option the document puts first (the requirements
    keep it off the shortlist), say that the analysis covers every tool that can be chosen."""
    analysis = report.analysis
    if analysis is None or analysis.candidates.among_shortlist:
        return None
    leader_id = analysis.candidates.ids[analysis.leader]
    first = report.featured[0] if report.featured else None
    if first is None or report.tool(first).id == leader_id:
        return None
    return say(
        "The robustness analysis covers every tool that can be chosen under the current "
        "weights, not only the shortlist: its leader is {}, which the shortlist does not put "
        "first ({} does).",
        leader_name(analysis, report.workbook),
        report.tool(first).name,
    )


def count_words(analysis: Analysis) -> str:
    count = len(analysis.candidates.ids)
    return f"{count:,} tool{'s' if count != 1 else ''}"


def lead_text(value: float) -> str:
    return fixed(value, LEAD_PLACES)
