"""The PDF decision memo: what an architect hands to a review board.

    build_memo(workbook, recommendation, page_size="A4") -> bytes
    render_report(decision_report, page_size="A4") -> RenderedMemo (the memo of a report)
    export_pdf(workbook, path, recommendation, ...) -> pages written (atomically)

A pure function of its inputs (no Qt, no network, nothing global but the registered fonts),
so the window can run it in a worker thread on a snapshot and show its progress. Sections,
layout decisions and safety rules are described in the modules:

- `model`: the decision report (ranking, margin, footnotes, sentences) with the page width;
- `front`, `weights`, `ranking`, `margin`, `platforms`, `closing`: the sections, in memo
  order, laid out from the decision report (meshdesk.report) and its sentences;
- `markup`: how user text is escaped (it is shown literally, never interpreted);
- `fonts`, `styles`, `charts`, `grid`, `document`: the look, the page frame, the outline.
"""

from meshdesk.render.pdf.build import (
    PAGE_SIZES,
    Progress,
    RenderedMemo,
    build_memo,
    export_pdf,
    render_memo,
    render_report,
)

__all__ = [
    "PAGE_SIZES",
    "Progress",
    "RenderedMemo",
    "build_memo",
    "export_pdf",
    "render_memo",
    "render_report",
]
