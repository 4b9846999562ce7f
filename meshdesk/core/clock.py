"""The current time, or a fixed one for reproducible output.

SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) fixes every
timestamp MeshDesk writes, so exports regenerated from the same inputs are byte-identical.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).astimezone()


def now_iso() -> str:
    return now().replace(microsecond=0).isoformat()


def today_iso() -> str:
    return now().date().isoformat()
