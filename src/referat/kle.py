"""KLE subject titles (``00.30.00`` → ``Budget - kommunens økonomiske forvaltning …``).

The table ships in ``referat/data/kle_emner.tsv`` under MPL-2.0 (OS2KLE; see the README
beside it). It is read once, on first use, as a file of the package (as the parse tables are:
:mod:`importlib.resources` would cost several milliseconds of the start of ``referat parse``).
"""

from __future__ import annotations

import functools
from pathlib import Path

#: The table: one ``subject<TAB>title`` line per subject, after a header line.
TABLE = Path(__file__).resolve().parent / "data" / "kle_emner.tsv"


@functools.cache
def table() -> dict[str, str]:
    """Every KLE subject number with its title."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


def title(subject: str) -> str | None:
    """The title of KLE subject ``subject`` (``"15.00.00"``), or ``None`` if unknown."""
    return table().get(subject)
