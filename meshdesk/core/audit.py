"""The audit: what a reviewer should know before trusting the numbers.

- published totals that the publication's own scores do not reproduce (under the weights it
  was published with), beyond a tolerance of 0.005; the user's edits never count here;
- tools whose lifecycle is not active (end of support, archived, dormant, maintenance);
- incomplete rows (a weighted criterion without a score);
- dataset facts marked unverified or third-party only;
- the scores the user changed from the publication's ("changed from the guide").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from meshdesk.core.facts import Fact
from meshdesk.core.publication import SourceChange, changes_from_source, totals_as_published
from meshdesk.core.scoring import DISCREPANCY_TOLERANCE
from meshdesk.core.workbook import Workbook


@dataclass(frozen=True)
class Discrepancy:
    tool_id: str
    name: str
    published: float
    computed: float

    @property
    def difference(self) -> float:
        return self.computed - self.published


@dataclass(frozen=True)
class LifecycleWarning:
    tool_id: str
    name: str
    status: str
    label: str
    since: str | None
    summary: str
    advice: str


@dataclass(frozen=True)
class IncompleteRow:
    tool_id: str
    name: str
    missing: tuple[str, ...]  # criterion ids with weight > 0 and no score


@dataclass(frozen=True)
class UnverifiedFact:
    tool_id: str
    name: str
    fact: str  # "lifecycle", "license", "features.gamma", ...
    value: str
    note: str
    third_party: bool


@dataclass(frozen=True)
class Audit:
    discrepancies: tuple[Discrepancy, ...]
    lifecycle: tuple[LifecycleWarning, ...]
    incomplete: tuple[IncompleteRow, ...]
    unverified: tuple[UnverifiedFact, ...]
    changed_from_source: tuple[SourceChange, ...] = ()

    @property
    def is_clean(self) -> bool:
        return not (
            self.discrepancies
            or self.lifecycle
            or self.incomplete
            or self.unverified
            or self.changed_from_source
        )


def find_discrepancies(workbook: Workbook) -> list[Discrepancy]:
    computed = totals_as_published(workbook)
    if computed is None:
        return []
    found = []
    for tool, total in zip(workbook.tools, computed, strict=True):
        published = tool.published_total
        if published is None or math.isnan(total):
            continue
        if abs(float(total) - published) > DISCREPANCY_TOLERANCE:
            found.append(Discrepancy(tool.id, tool.name, published, float(total)))
    return found


def find_lifecycle_warnings(workbook: Workbook) -> list[LifecycleWarning]:
    warnings = []
    for tool in workbook.tools:
        if tool.facts is None or tool.facts.lifecycle.is_active:
            continue
        life = tool.facts.lifecycle
        warnings.append(
            LifecycleWarning(
                tool.id, tool.name, life.status, life.label, life.since, life.summary, life.advice
            )
        )
    return warnings


def find_incomplete(workbook: Workbook) -> list[IncompleteRow]:
    weighted = workbook.weights > 0
    missing = np.isnan(workbook.scores) & weighted
    rows = np.flatnonzero(missing.any(axis=1))
    ids = np.array(workbook.criterion_ids, dtype=object)
    return [
        IncompleteRow(workbook.tools[i].id, workbook.tools[i].name, tuple(ids[missing[i]]))
        for i in rows
    ]


def find_unverified(workbook: Workbook) -> list[UnverifiedFact]:
    found = []
    for tool in workbook.tools:
        facts = tool.facts
        if facts is None:
            continue
        life = facts.lifecycle
        if life.unverified or life.third_party:
            found.append(
                UnverifiedFact(
                    tool.id,
                    tool.name,
                    "lifecycle",
                    life.status,
                    life.note or life.summary,
                    life.third_party and not life.unverified,
                )
            )
        named: list[tuple[str, Fact]] = facts.named_facts()
        named += [(f"features.{fid}", fact) for fid, fact in facts.features.items()]
        for path, fact in named:
            if not fact.certain:
                found.append(
                    UnverifiedFact(
                        tool.id,
                        tool.name,
                        path,
                        fact.value,
                        fact.note,
                        fact.third_party and not fact.unverified,
                    )
                )
    return found


def audit(workbook: Workbook) -> Audit:
    return Audit(
        discrepancies=tuple(find_discrepancies(workbook)),
        lifecycle=tuple(find_lifecycle_warnings(workbook)),
        incomplete=tuple(find_incomplete(workbook)),
        unverified=tuple(find_unverified(workbook)),
        changed_from_source=tuple(changes_from_source(workbook)),
    )
