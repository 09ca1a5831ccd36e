"""Dutch date expressions -> reduced ISO dates, resolved against the article date."""

from __future__ import annotations

import datetime as dt
import re

from kennisgraaf.errors import UsageError

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_iso_partial(s: str) -> str:
    """Check a reduced ISO date ("2025", "2025-01", "2025-01-29") and return it.

    A full timestamp ("2025-01-29T10:00:00Z") is cut back to its date.
    Raises UsageError for anything else.
    """
    m = _ISO.fullmatch(s.strip())
    if m:
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            pass
        else:
            return "-".join(p for p in (year, month, day) if p)
    raise UsageError(f"{s!r} is not a date; write it as 2025, 2025-01 or 2025-01-29")
