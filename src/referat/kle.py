"""KLE subject titles (``00.30.00`` → ``Budget - kommunens økonomiske forvaltning …``).

The table ships in ``referat/data/kle_emner.tsv`` under MPL-2.0 (OS2KLE; see the README
beside it). It is read once, on first use.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def table() -> dict[str, str]:
    """Every KLE subject number with its title."""
    data = resources.files("referat").joinpath("data/kle_emner.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t", 1) for line in data.splitlines()[1:] if "\t" in line)
    return {pair[0]: pair[1] for pair in pairs}


def title(subject: str) -> str | None:
    """The title of KLE subject ``subject`` (``"15.00.00"``), or ``None`` if unknown."""
    return table().get(subject)
