"""The command handlers: each reads its inputs, calls core and io, prints or writes a result."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

from meshdesk.cli.output import fmt_number, json_number, signed, text_table, to_csv, to_json
from meshdesk.core.audit import Audit, audit
from meshdesk.core.clock import now_iso
from meshdesk.core.errors import InputError
from meshdesk.core.numbers import fixed
from meshdesk.core.scoring import Ranking, compute
from meshdesk.core.workbook import Workbook, check_weight

PROJECT_HELP = "a .meshdesk project file (default: the bundled dataset)"


def register(sub: Any) -> None:
    rank = sub.add_parser("rank", help="weighted totals and ranks")
    rank.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    rank.add_argument(
        "--weights",
        metavar="CRITERION=PERCENT,...",
        help="override the weights of some criteria, each named by its id or its name in "
        "any case, e.g. core=30,ease=10 or 'Core features=30,ease of use=10'",
    )
    rank.add_argument("--format", choices=("table", "json", "csv"), default="table")
    rank.set_defaults(handler=cmd_rank)

    aud = sub.add_parser(
        "audit", help="published vs computed totals, lifecycle, gaps, unverified facts"
    )
    aud.add_argument("project", nargs="?", metavar="PROJECT", help=PROJECT_HELP)
    aud.add_argument("--format", choices=("table", "json"), default="table")
    aud.set_defaults(handler=cmd_audit)

    imp = sub.add_parser("import", help="turn a score table (.csv or .xlsx) into a project")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("-o", "--output", required=True, metavar="PROJECT")
    imp.add_argument("--force", action="store_true", help="replace PROJECT if it exists")
    imp.add_argument(
        "--base",
        metavar="PROJECT",
        help="match rows by name to this project's tools (default: the bundled dataset), "
        "so their facts and lifecycle come along",
    )
    imp.set_defaults(handler=cmd_import)

    new = sub.add_parser("new", help="create a project from the bundled dataset")
    new.add_argument("-o", "--output", required=True, metavar="PROJECT")
    new.add_argument("--title", default="")
    new.add_argument("--author", default="")
    new.add_argument("--force", action="store_true", help="replace PROJECT if it exists")
    new.set_defaults(handler=cmd_new)

    from meshdesk.cli import diff, export, recommend, refresh, robustness

    recommend.register(sub)
    export.register(sub)
    refresh.register(sub)
    diff.register(sub)
    robustness.register(sub)


# --- shared helpers -------------------------------------------------------------------------


def load_workbook(args: argparse.Namespace) -> Workbook:
    """The PROJECT argument's workbook, or a fresh one from the dataset (--dataset or bundled)."""
    if args.project:
        from meshdesk.io.project import load_project

        return load_project(args.project)
    from meshdesk.io.dataset import load_dataset

    return load_dataset(args.dataset).new_workbook()


def criterion_by_key(workbook: Workbook) -> dict[str, str]:
    """Criterion ids by what a user may type for them: the id or the name, in any case."""
    keys: dict[str, str] = {}
    for criterion in workbook.criteria:
        keys.setdefault(criterion.name.strip().casefold(), criterion.id)
    for criterion in workbook.criteria:  # an id wins over another criterion's equal name
        keys[criterion.id.casefold()] = criterion.id
    return keys


def parse_weights(text: str, workbook: Workbook) -> dict[str, float]:
    """`core=30,Ease of use=10` -> {"core": 30.0, "ease": 10.0}: each key is a criterion's id
    or name, in any case."""
    keys = criterion_by_key(workbook)
    result: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(
                f"--weights: {part!r} should look like CRITERION=PERCENT, e.g. core=30."
            )
        criterion_id = keys.get(key.casefold())
        if criterion_id is None:
            known = "; ".join(f"{c.id} ({c.name})" for c in workbook.criteria)
            raise InputError(
                f"--weights: {key!r} is not a criterion; use an id or a name (any case): {known}."
            )
        try:
            number = float(value)
        except ValueError:
            raise InputError(f"--weights: {key}={value!r} is not a number.") from None
        result[criterion_id] = check_weight(number, f"--weights: {key}")
    if not result:
        raise InputError("--weights: give at least one CRITERION=PERCENT pair.")
    return result


def refuse_overwrite(path: str, force: bool) -> None:
    if Path(path).exists() and not force:
        raise InputError(f"{path}: already exists; pass --force to replace it.")


def write_project(workbook: Workbook, path: str) -> None:
    from meshdesk.io.project import SUFFIX, save_project

    if not path.endswith(SUFFIX):
        raise InputError(f"{path}: a project file name should end in {SUFFIX}.")
    save_project(workbook, path)


# --- rank -----------------------------------------------------------------------------------


def ranking_rows(workbook: Workbook, ranking: Ranking) -> list[dict[str, Any]]:
    rows = []
    for i in ranking.order():
        tool = workbook.tools[i]
        complete = bool(ranking.complete[i])
        rows.append(
            {
                "rank": int(ranking.ranks[i]) if complete else None,
                "id": tool.id,
                "name": tool.name,
                "total": json_number(float(ranking.totals[i])),
                "published_total": tool.published_total,
                "lifecycle": tool.lifecycle_status,
                "complete": complete,
            }
        )
    return rows


def cmd_rank(args: argparse.Namespace) -> int:
    workbook = load_workbook(args)
    weights = workbook.weights.copy()
    if args.weights:
        for cid, value in parse_weights(args.weights, workbook).items():
            weights[workbook.criterion_col(cid)] = value
    ranking = compute(workbook.scores, weights)
    rows = ranking_rows(workbook, ranking)
    weights_out = {c.id: float(w) for c, w in zip(workbook.criteria, weights, strict=True)}
    if args.format == "json":
        sys.stdout.write(to_json({"weights": weights_out, "ranking": rows}))
    elif args.format == "csv":
        keys = ["rank", "id", "name", "total", "published_total", "lifecycle", "complete"]
        sys.stdout.write(to_csv(keys, [[r[k] for k in keys] for r in rows]))
    else:
        sys.stdout.write(_rank_table(workbook, ranking, rows, weights_out))
    return 0


def _rank_table(
    workbook: Workbook, ranking: Ranking, rows: list[dict[str, Any]], weights: dict[str, float]
) -> str:
    total_weight = sum(weights.values())
    shown = ", ".join(f"{cid} {fixed(w / total_weight * 100, 1)}%" for cid, w in weights.items())
    body = []
    for row in rows:
        i = workbook.tool_row(row["id"])
        if row["complete"]:
            total = fmt_number(row["total"])
        else:
            total = f"({fmt_number(float(ranking.provisional[i]))}) incomplete"
        body.append(
            [
                str(row["rank"]) if row["rank"] else "-",
                row["name"],
                total,
                fmt_number(row["published_total"]),
                row["lifecycle"] or "-",
            ]
        )
    table = text_table(["Rank", "Tool", "Total", "Published", "Lifecycle"], body, right=(0, 2, 3))
    note = ""
    if not ranking.complete.all():
        note = (
            "Incomplete tools lack a score on a weighted criterion; their provisional total "
            "(in brackets) covers only the scored criteria and they are not ranked.\n"
        )
    return f"Weights: {shown}\n\n{table}{note}"


# --- audit ----------------------------------------------------------------------------------


def audit_to_dict(result: Audit) -> dict[str, Any]:
    return {
        "discrepancies": [
            {"id": d.tool_id, "name": d.name, "published": d.published, "computed": d.computed}
            for d in result.discrepancies
        ],
        "lifecycle": [
            {
                "id": w.tool_id,
                "name": w.name,
                "status": w.status,
                "date": w.since,
                "advice": w.advice,
            }
            for w in result.lifecycle
        ],
        "incomplete": [
            {"id": r.tool_id, "name": r.name, "missing": list(r.missing)} for r in result.incomplete
        ],
        "unverified": [
            {
                "id": u.tool_id,
                "name": u.name,
                "fact": u.fact,
                "value": u.value,
                "note": u.note,
                "third_party": u.third_party,
            }
            for u in result.unverified
        ],
        "changed_from_source": [
            {"id": c.tool_id, "criterion": c.criterion_id, "source": c.source, "current": c.current}
            for c in result.changed_from_source
        ],
    }


def cmd_audit(args: argparse.Namespace) -> int:
    workbook = load_workbook(args)
    result = audit(workbook)
    if args.format == "json":
        sys.stdout.write(to_json(audit_to_dict(result)))
        return 0
    out = []
    out.append(
        "Published totals that the publication's own scores do not reproduce "
        f"(difference > 0.005): {len(result.discrepancies)}"
    )
    if result.discrepancies:
        out.append(
            text_table(
                ["Tool", "Published", "Computed", "Difference"],
                [
                    [d.name, fixed(d.published, 2), fixed(d.computed, 4), signed(d.difference, 4)]
                    for d in result.discrepancies
                ],
                right=(1, 2, 3),
            )
        )
    out.append(f"Tools that are not active: {len(result.lifecycle)}")
    for w in result.lifecycle:
        out.append(
            f"  {w.name}: {w.label.lower()}{' since ' + w.since if w.since else ''}. {w.advice}"
        )
    out.append(f"\nIncomplete rows: {len(result.incomplete)}")
    for r in result.incomplete:
        out.append(f"  {r.name}: no score for {', '.join(r.missing)}")
    changed = result.changed_from_source
    title = workbook.catalogue.score_source_title
    out.append(f"\nScores changed from {title}: {len(changed)}")
    if changed:
        out.append(
            text_table(
                ["Tool", "Criterion", "Published", "Now"],
                [
                    [
                        workbook.tool(c.tool_id).name,
                        workbook.criterion(c.criterion_id).name,
                        f"{c.source:g}",
                        "not scored" if c.current is None else f"{c.current:g}",
                    ]
                    for c in changed
                ],
                right=(2, 3),
            ).rstrip()
        )
    out.append(f"\nFacts not confirmed by a primary source: {len(result.unverified)}")
    for u in result.unverified:
        kind = "third-party only" if u.third_party else "unverified"
        out.append(f"  {u.name} / {u.fact} = {u.value} ({kind}){': ' + u.note if u.note else ''}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


# --- import / new ---------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from meshdesk.io.importers import import_file

    refuse_overwrite(args.output, args.force)
    if args.base:
        from meshdesk.io.project import load_project

        base = load_project(args.base)
    else:
        from meshdesk.io.dataset import load_dataset

        base = load_dataset(args.dataset).new_workbook()
    workbook = import_file(args.file, base)
    stamp = now_iso()
    workbook.metadata = workbook.with_metadata(created=stamp, modified=stamp)
    write_project(workbook, args.output)
    tools, criteria = len(workbook.tools), len(workbook.criteria)
    missing = int(np.isnan(workbook.scores).sum())
    # a .csv always gets equal weights; an .xlsx with a Weights sheet brings its own
    equal = criteria == 0 or bool(np.all(workbook.weights == workbook.weights[0]))
    print(
        f"Imported {tools} tools and {criteria} criteria "
        f"({'equal weights' if equal else 'weights from the file'}"
        f"{f', {missing} cells not scored' if missing else ''}) into {args.output}."
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from meshdesk.io.dataset import load_dataset

    refuse_overwrite(args.output, args.force)
    workbook = load_dataset(args.dataset).new_workbook(
        title=args.title, author=args.author, created=now_iso()
    )
    write_project(workbook, args.output)
    print(
        f"Created {args.output} with {len(workbook.tools)} tools "
        f"and {len(workbook.criteria)} criteria."
    )
    return 0
