"""The project fuzzes itself: generated files and arguments, fed to the real commands.

Profiles (MESHDESK_FUZZ_PROFILE): `short` (default; a fixed, derandomized set small enough for
every run of the suite) and `long` (a campaign: many random examples; run it with
`MESHDESK_FUZZ_PROFILE=long .venv/bin/python -m pytest tests/fuzz`). MESHDESK_FUZZ_REPORT=FILE
writes the campaign's figures (inputs, refusals, crashes, hangs, memory peaks, round-trip
failures) to FILE when the session ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz.contract import TALLY

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("fuzz-short", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile("fuzz-long", max_examples=2000, **_COMMON)
PROFILE = "fuzz-long" if os.environ.get("MESHDESK_FUZZ_PROFILE") == "long" else "fuzz-short"


@pytest.fixture(autouse=True, scope="session")
def fuzz_report() -> Iterator[None]:
    yield
    target = os.environ.get("MESHDESK_FUZZ_REPORT")
    if target:
        TALLY.write(target)
