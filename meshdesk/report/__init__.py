"""One account of a decision, rendered many ways.

`build_report` works out everything a decision document states (ranking, shortlist, verdict,
margin, exclusions, the answers in words) from a workbook and its recommendation, once;
`meshdesk.report.text` holds every sentence; the renderers (the PDF memo, the xlsx
Recommendation sheet, the wizard's result page, the command line, the Markdown ADR) lay out
what the report says and decide nothing. Like `meshdesk.core`, this package imports neither
Qt nor touches files: renderers return text or bytes, their callers write them.
"""

from meshdesk.report.model import DecisionReport, build_report

__all__ = ["DecisionReport", "build_report"]
