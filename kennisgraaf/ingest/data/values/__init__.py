"""Word lists of the reader and the value normalisers, read once at import.

Every file starts with ``#`` comment lines that say what it holds; blank lines
and comments are skipped.
"""

from functools import cache
from importlib.resources import files


@cache
def lines(name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of data file ``name``, stripped."""
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(
        s for s in (raw.strip() for raw in text.splitlines()) if s and not s.startswith("#")
    )


def rows(name: str) -> list[list[str]]:
    """The tab-separated fields of each line of data file ``name``."""
    return [[field.strip() for field in line.split("\t")] for line in lines(name)]
