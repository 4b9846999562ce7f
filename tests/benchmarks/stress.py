"""The stress workbook: 1,000 tools x 200 criteria, 10% of cells with a note.

Used by the benchmark script and by tests that need a big model. Deterministic for a seed.
"""

from __future__ import annotations

import numpy as np

from meshdesk.core.workbook import CellNote, Criterion, Metadata, Tool, Workbook

TOOLS = 1_000
CRITERIA = 200
NOTE_SHARE = 0.10


def make_stress_workbook(
    tools: int = TOOLS, criteria: int = CRITERIA, note_share: float = NOTE_SHARE, seed: int = 2026
) -> Workbook:
    rng = np.random.default_rng(seed)
    tool_list = [Tool(f"tool-{i:04d}", f"Tool {i:04d}") for i in range(tools)]
    criterion_list = [Criterion(f"crit-{j:03d}", f"Criterion {j:03d}") for j in range(criteria)]
    weights = rng.integers(1, 20, size=criteria).astype(float)
    scores = np.round(rng.uniform(0, 10, size=(tools, criteria)), 1)
    noted = np.argwhere(rng.random((tools, criteria)) < note_share)
    notes = {
        (tool_list[i].id, criterion_list[j].id): CellNote(
            f"Evidence for tool {i} on criterion {j}: measured in the pilot, see the report.",
            f"https://wiki.example.test/eval/{i}/{j}",
            "2026-11-20",
        )
        for i, j in noted
    }
    return Workbook(
        tool_list,
        criterion_list,
        weights,
        scores,
        notes=notes,
        metadata=Metadata(title="Stress workbook", app_version="bench"),
    )


def main() -> None:
    import argparse

    from meshdesk.io.project import save_project

    parser = argparse.ArgumentParser(description="Write the stress workbook as a project file.")
    parser.add_argument("-o", "--output", default="stress.meshdesk")
    args = parser.parse_args()
    save_project(make_stress_workbook(), args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
