"""The decision as a Markdown Architecture Decision Record in the MADR 4 layout
(adr.github.io/madr): YAML front matter, then its sections in its order and with its headings.

Everything stated comes from the decision report and its sentences (meshdesk.report.text);
every value from the user is escaped (meshdesk.report.markdown). Same report, same bytes:
nothing here reads the clock (the report carries its date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from meshdesk.core.decision import Pick
from meshdesk.core.errors import InputError
from meshdesk.core.workbook import Tool
from meshdesk.render import adr_robustness
from meshdesk.render import markdown as md
from meshdesk.report import text
from meshdesk.report.model import DecisionReport
from meshdesk.report.text import Sentence

STATUSES: Final = ("proposed", "accepted", "rejected", "deprecated")
DRIVER_CRITERIA: Final = 3  # the heaviest criteria named as decision drivers
PROFILE_ITEMS: Final = 4  # pros and cons taken from a tool's profile
NO_MESH: Final = "No service mesh for now"


@dataclass(frozen=True)
class People:
    """The MADR roles; each a list of names (empty: left out of the front matter)."""

    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()


def _say(sentence: Sentence) -> str:
    return sentence.render(md.escape, md.strong)  # values are names and figures: never links


def _bullets(items: Sequence[str]) -> list[str]:
    return [f"* {item}" for item in items]


def render_adr(report: DecisionReport, status: str = "", people: People | None = None) -> str:
    """The ADR as Markdown text. `status` defaults to "proposed"."""
    status = status or "proposed"
    if status not in STATUSES:
        raise InputError(f"The status {status!r} is not one of {', '.join(STATUSES)}.")
    if not (report.decided or _no_mesh(report)) and status != "proposed":
        raise InputError(
            f"This record chooses no option ({_why_undecided(report)}), so its status can only "
            "be proposed."
        )
    people = people or People(decision_makers=(report.author,) if report.author.strip() else ())
    blocks = [
        _front_matter(report, status, people),
        f"# {md.heading(report.title) or 'Choice of a service mesh platform'}",
        *_context(report),
        *_drivers(report),
        *_options(report),
        *_outcome(report),
        *_pros_and_cons(report),
        *_more_information(report),
    ]
    return "\n\n".join(blocks) + "\n"


def _no_mesh(report: DecisionReport) -> bool:
    return report.recommendation is not None and not report.recommendation.needs_mesh


def _why_undecided(report: DecisionReport) -> str:
    if report.recommendation is None:
        return "the project stores no questionnaire answers"
    return "no platform meets every requirement"


def _front_matter(report: DecisionReport, status: str, people: People) -> str:
    lines = ["---", f"status: {md.yaml_string(status)}", f"date: {report.day.isoformat()}"]
    for key, names in (
        ("decision-makers", people.decision_makers),
        ("consulted", people.consulted),
        ("informed", people.informed),
    ):
        listed = [n.strip() for n in names if n.strip()]
        if listed:
            lines.append(f"{key}: {md.yaml_string(', '.join(listed))}")
    lines.append("---")
    return "\n".join(lines)


def _context(report: DecisionReport) -> list[str]:
    wb = report.workbook
    rec = report.recommendation
    meta = wb.metadata
    dataset = (
        f"the facts of {md.escape(meta.dataset_title)}"
        + (f" as of {md.escape(meta.dataset_as_of)}" if meta.dataset_as_of else "")
        if meta.dataset_title
        else "tools and scores entered in the project"
    )
    intro = (
        f"Which service mesh platform should we adopt? {len(wb.tools)} platforms were scored "
        f"against {len(wb.criteria)} weighted criteria, using {dataset}."
    )
    out = ["## Context and Problem Statement", intro]
    if rec is None:
        return out
    segment = rec.segment_label or rec.segment
    out.append(
        f"The answers describe the {md.escape(segment)} segment: {md.escape(rec.segment_reason)}"
    )
    answers = text.answers_in_words(report)
    if answers:
        out.append("\n".join(_bullets([f"{md.escape(q)}: {md.escape(a)}" for q, a in answers])))
    return out


def _drivers(report: DecisionReport) -> list[str]:
    rec = report.recommendation
    items = []
    if rec is not None:
        for must in rec.must_haves:
            cause = text.cause(report.questionnaire, must.question_id, must.option_id)
            items.append(
                f"Must-have: {md.escape(must.label)} ({md.escape(cause)}). {md.escape(must.reason)}"
            )
    for column in sorted(
        report.heaviest_criteria(DRIVER_CRITERIA), key=lambda j: -float(report.weights[j])
    ):
        criterion = report.workbook.criteria[column]
        items.append(
            f"{md.escape(criterion.name)}, weighted {text.percent(report.weight_share(column))}"
        )
    if not items:
        return []
    return ["## Decision Drivers", "\n".join(_bullets(items))]


def _option_name(report: DecisionReport, row: int) -> str:
    tool = report.tool(row)
    marks = []
    if not tool.is_active and tool.facts is not None:
        life = tool.facts.lifecycle
        marks.append(f"{life.label.lower()}" + (f" since {life.since}" if life.since else ""))
    if not report.ranking.complete[row]:
        marks.append("not every weighted criterion scored")
    name = md.escape(tool.name)
    return f"{name} ({md.escape('; '.join(marks))})" if marks else name


def _options(report: DecisionReport) -> list[str]:
    options = [_option_name(report, row) for row in report.order]
    if _no_mesh(report):
        options.insert(0, NO_MESH)
    return ["## Considered Options", "\n".join(_bullets(options))]


def _sentence_start(reason: str) -> str:
    """A reason as the rest of "because ...": its first letter lower-cased, unless the first
    word is an acronym ("VMs") or starts a name."""
    reason = reason.strip() or "the answers describe too little traffic between services."
    first = reason.split(" ", 1)[0]
    if first[1:2].isupper():
        return reason
    return reason[0].lower() + reason[1:]


def _outcome(report: DecisionReport) -> list[str]:
    out = ["## Decision Outcome"]
    chosen = report.chosen
    rec = report.recommendation
    if rec is not None and not rec.needs_mesh:
        because = md.escape(_sentence_start(rec.alternative_reason))
        out.append(f'Chosen option: "{NO_MESH}", because {because}')
        out.append(_say(text.verdict(report)))
        return out
    if chosen is None or rec is None:
        out.append(_say(text.verdict(report)))
        if rec is None and report.ranked:
            leader = report.tool(report.ranked[0]).name
            out.append(
                f"The ranking under the current weights puts {md.escape(leader)} first, but "
                "no option is chosen until the requirements have been checked."
            )
        return out
    out.append(f'Chosen option: "{md.escape(chosen.name)}", because {_say(text.because(report))}')
    comparison = text.comparison(report)
    if comparison:
        out.append(md.escape(comparison))
    tool = report.workbook.tool(chosen.tool_id)
    good = [md.escape(r) for r in text.pick_reasons(rec, chosen)[:3]]
    good += [md.escape(p) for p in tool.profile.pros[:PROFILE_ITEMS]]
    bad = [md.escape(c) for c in tool.profile.cons[:PROFILE_ITEMS]]
    out += ["### Consequences", "\n".join(_consequences(good, bad))]
    out += ["### Confirmation", *_confirmation(report, chosen)]
    return out


def _consequences(good: list[str], bad: list[str]) -> list[str]:
    lines = [f"* Good, because {_lower_first_escaped(g)}" for g in good]
    lines += [f"* Bad, because {_lower_first_escaped(b)}" for b in bad]
    if not bad:
        lines.append(
            "* Bad, because the dataset records no drawback for it: look for one in the pilot"
        )
    return lines


_PLAIN_OPENINGS: Final = ("It ", "Its ", "The ", "A ", "An ", "This ", "Each ", "On ")


def _lower_first_escaped(value: str) -> str:
    """ "It meets ..." reads "Good, because it meets ..."; a name or a term keeps its case."""
    if value.startswith(_PLAIN_OPENINGS):
        return value[0].lower() + value[1:]
    return value


def _confirmation(report: DecisionReport, chosen: Pick) -> list[str]:
    rec = report.recommendation
    name = md.escape(chosen.name)
    checks = [
        f"A pilot of {name} confirms that it meets {md.escape(must.label)} in the edition we "
        "would run."
        for must in (rec.must_haves if rec else ())
    ]
    decisive = sorted(
        report.heaviest_criteria(DRIVER_CRITERIA), key=lambda j: -float(report.weights[j])
    )
    if decisive:
        criteria = text.names(md.escape(report.workbook.criteria[j].name) for j in decisive)
        checks.append(f"Our own measurements of {criteria} agree with the scores used here.")
    lines = ["\n".join(_bullets(checks))]
    margin = [_say(s) for s in text.margin_sentences(report)]
    if margin:
        lines.append(
            "If the pilot's evidence changes a score or a weight by more than the margin below, "
            "revisit this decision. " + " ".join(margin)
        )
    settle = adr_robustness.confirmation(report)
    if settle is not None:
        lines.append(settle)
    return lines


def _pros_and_cons(report: DecisionReport) -> list[str]:
    rec = report.recommendation
    rows = report.featured
    if not rows:
        return []
    out = ["## Pros and Cons of the Options"]
    picks = {p.tool_id: p for p in rec.shortlist} if rec else {}
    for row in rows:
        tool = report.tool(row)
        out.append(f"### {md.heading(tool.name)}")
        summary = _summary(report, tool, row)
        if summary:
            out.append(summary)
        pick = picks.get(tool.id)
        good = [md.escape(r) for r in (text.pick_reasons(rec, pick) if rec and pick else ())]
        good += [md.escape(p) for p in tool.profile.pros[:PROFILE_ITEMS]]
        neutral = [md.escape(e) for e in pick.editions] if pick else []
        bad = [md.escape(c) for c in tool.profile.cons[:PROFILE_ITEMS]]
        lines = [f"* Good, because {_lower_first_escaped(g)}" for g in good]
        lines += [f"* Neutral, because the budget allows the edition {e}" for e in neutral]
        lines += [f"* Bad, because {_lower_first_escaped(b)}" for b in bad]
        if lines:
            out.append("\n".join(lines))
    return out


def _summary(report: DecisionReport, tool: Tool, row: int) -> str:
    total = report.total_text(report.total(row))
    rank = report.rank(row) if report.ranking.complete[row] else None
    place = f"rank {rank} in the grid, " if rank else ""
    source = report.workbook.catalogue.score_source_title
    return f"Weighted total {total} ({place}scores from {md.escape(source)})."


def _more_information(report: DecisionReport) -> list[str]:
    out = ["## More Information", _ranking_table(report)]
    margin = [_say(s) for s in text.margin_sentences(report)]
    if margin:
        out.append(" ".join(margin))
    out += adr_robustness.more_information(report)
    rec = report.recommendation
    if rec is not None:
        for what_if, relaxed, back in text.what_if_returns(report):
            out.append(_say(text.what_if_sentence(what_if, relaxed, back)))
        if rec.excluded:
            out.append("Left out:")
            out.append("\n".join(_bullets([_say(text.exclusion_summary(e)) for e in rec.excluded])))
    out.append(_provenance(report))
    sources = _sources(report)
    if sources:
        out += ["Sources:", "\n".join(_bullets(sources))]
    return out


def _ranking_table(report: DecisionReport) -> str:
    wb = report.workbook
    headers = ["Rank", "Platform", *(md.escape(c.name) for c in wb.criteria), "Total"]
    rows = []
    for row in report.order:
        complete = bool(report.ranking.complete[row])
        cells = [str(report.rank(row)) if complete else "–", md.escape(wb.tools[row].name)]
        cells += [report.score_text(float(v)) for v in wb.scores[row]]
        cells.append(report.total_text(report.total(row)) if complete else "–")
        rows.append(cells)
    weights = [
        "",
        "Weight",
        *(text.percent(report.weight_share(j)) for j in range(len(wb.criteria))),
        "",
    ]
    right = (0, *range(2, len(headers)))
    return md.table(headers, [weights, *rows], right)


def _provenance(report: DecisionReport) -> str:
    meta = report.workbook.metadata
    parts = []
    if meta.dataset_title:
        as_of = f", facts as of {md.escape(meta.dataset_as_of)}" if meta.dataset_as_of else ""
        parts.append(f"Dataset: {md.escape(meta.dataset_title)}{as_of}.")
    version = f" {md.escape(report.version)}" if report.version else ""
    parts.append(
        f"Written by MeshDesk{version} on {report.day.isoformat()}, from the project's "
        "current weights, scores and answers."
    )
    return " ".join(parts)


def _sources(report: DecisionReport) -> list[str]:
    cat = report.workbook.catalogue
    ordered = sorted(cat.sources.items(), key=lambda item: _natural(item[0]))
    return [f"{md.escape(sid)}: {md.link(s.title, s.url)}" for sid, s in ordered]


def _natural(source_id: str) -> tuple[str, int, str]:
    """A2 before A10."""
    found = re.match(r"^(\D*)(\d+)(.*)$", source_id)
    if found is None:
        return (source_id, -1, "")
    return (found[1], int(found[2]), found[3])
