"""The domain: workbook, scoring, audit, recommendation. Pure Python and numpy; no Qt, no files."""
