"""The robustness analysis of a workbook with the dataset's evidence scale: what the command
line, the exports and the window's panel all run (meshdesk.core.analysis does the work)."""

from __future__ import annotations

import os
from datetime import date

from meshdesk.core.acceptability import Settings
from meshdesk.core.analysis import Analysis, deterministic
from meshdesk.core.decision import Recommendation
from meshdesk.core.errors import ScoringError
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.robustness import DEFAULT_SWING
from meshdesk.core.uncertainty import cell_uncertainty
from meshdesk.core.workbook import Workbook
from meshdesk.io.evidence import load_evidence
from meshdesk.report.model import DecisionReport


def note_grades(workbook: Workbook) -> dict[tuple[str, str], str]:
    """The evidence grade each cell note names (notes without one are left out)."""
    return {key: note.evidence for key, note in workbook.notes.items() if note.evidence}


def analyse(
    workbook: Workbook,
    settings: Settings | None = None,
    *,
    swing: float = DEFAULT_SWING,
    score_uncertainty: float | None = None,
    dataset: str | os.PathLike[str] | None = None,
    recommendation: Recommendation | None = None,
) -> Analysis:
    """Deterministic analysis plus rank acceptability, among the shortlist of `recommendation`
    when one is given. Raises ScoringError when no tool can be chosen (or the answers call for
    no mesh, or shortlist none), InputError for bad settings or a bad evidence file."""
    settings = (settings or Settings()).check()
    if recommendation is not None and not recommendation.needs_mesh:
        raise ScoringError(
            "The answers call for no service mesh, so there is no leader whose lead to test."
        )
    analysis = deterministic(workbook, swing, shortlist_of(recommendation))
    uncertainty = cell_uncertainty(
        workbook,
        analysis.candidates.rows,
        load_evidence(dataset),
        note_grades(workbook),
        score_uncertainty,
    )
    return analysis.with_acceptability(uncertainty, settings, score_uncertainty)


def shortlist_of(recommendation: Recommendation | None) -> tuple[str, ...] | None:
    """The tools a recommendation lets one choose: its shortlist (none when it needs no mesh);
    None without a recommendation (every active, fully scored tool then)."""
    if recommendation is None:
        return None
    if not recommendation.needs_mesh:
        return ()
    return tuple(pick.tool_id for pick in recommendation.shortlist)


def analyse_if_possible(
    workbook: Workbook,
    dataset: str | os.PathLike[str] | None = None,
    recommendation: Recommendation | None = None,
) -> Analysis | None:
    """The analysis with default settings, or None when no tool can be chosen (an export then
    leaves the section out rather than fail)."""
    try:
        return analyse(workbook, dataset=dataset, recommendation=recommendation)
    except ScoringError:
        return None


def decision_report(
    workbook: Workbook,
    recommendation: Recommendation | None,
    questionnaire: Questionnaire | None,
    *,
    day: date,
    dataset: str | os.PathLike[str] | None = None,
) -> DecisionReport:
    """The decision report of the workbook as it is, with its robustness analysis (among the
    recommendation's shortlist; none when nothing can be chosen): what the decision record
    lays out, from the command line and from the window alike."""
    from meshdesk import __version__
    from meshdesk.report import build_report

    return build_report(
        workbook,
        recommendation,
        questionnaire,
        day=day,
        version=__version__,
        analysis=analyse_if_possible(workbook, dataset, recommendation),
    )
