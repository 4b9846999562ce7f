"""The robustness paragraphs of the decision record: in "More Information" the plain sentence,
the stability ranges as a table and the settings; in "Confirmation" what the pilot must
settle. The same sentences as the memo (meshdesk.report.robustness_words and
meshdesk.report.robustness),
escaped for Markdown (meshdesk.render.markdown).
"""

from __future__ import annotations

from meshdesk.render import markdown as md
from meshdesk.report import robustness_words as words
from meshdesk.report.model import DecisionReport
from meshdesk.report.robustness import left_out, summary
from meshdesk.report.text import Sentence


def _say(sentence: Sentence) -> str:
    return sentence.render(md.escape, md.strong)  # values are names and figures: never links


def more_information(report: DecisionReport) -> list[str]:
    """The blocks of the robustness part of "More Information" (none without an analysis)."""
    analysis = report.analysis
    if analysis is None:
        return []
    wb = report.workbook
    out = [_say(summary(analysis, wb))]
    for extra in (words.scope(report), left_out(analysis, wb)):
        if extra is not None:
            out.append(_say(extra))
    leader = md.escape(words.leader_name(analysis, wb))
    out.append(
        f"The weight of each criterion, the others unchanged, over which {leader} stays first "
        "(ties count as first), in the units of the project's weights:"
    )
    rows = [
        [md.escape(r.criterion), r.weight, r.low, r.high]
        for r in words.stability_rows(analysis, wb)
    ]
    out.append(md.table(["Criterion", "Weight", "Leader first from", "up to"], rows, (1, 2, 3)))
    out.append(
        _say(words.settings_sentence(analysis)) + f" Reproduce with `{words.command(analysis)}`."
    )
    return out


def confirmation(report: DecisionReport) -> str | None:
    """What the pilot must settle, when the analysis's leader is the chosen option."""
    analysis = report.analysis
    chosen = report.chosen
    if analysis is None or chosen is None:
        return None
    if analysis.candidates.ids[analysis.leader] != chosen.tool_id:
        scope = words.scope(report)
        return _say(scope) + " See More Information." if scope is not None else None
    settle = words.settle(analysis, report.workbook)
    return None if settle is None else _say(settle)
