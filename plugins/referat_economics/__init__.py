"""The ``economics`` plugin: money amounts, "no economic consequences" and budget rows.

Registers the item-scoped extractor ``economics`` (after ``tables``), whose result is an
:class:`~referat_economics.models.Economy`: every money amount in the item's prose with its
value in DKK, qualifier, years and span; the ``Økonomi`` section's "no economic consequences"
sentence; and the money tables of the item as tidy :class:`BudgetRow` rows (when the ``tables``
plugin ran). Read it typed with the key this package exports: ``item.get(ECONOMY)``
(``from referat_economics import ECONOMY``), an ``Economy | None``.

The phrase language is specified in :mod:`referat_economics.patterns`.
"""

from __future__ import annotations

from referat.registry import Registry
from referat.results import ResultKey
from referat_economics.amounts import find_amounts, parse_amount
from referat_economics.extract import extract_economy, summarize
from referat_economics.models import Amount, BudgetRow, Economy, NoConsequences, YearRange

#: The key of the ``economics`` extractor's result: ``item.get(ECONOMY)``.
ECONOMY: ResultKey[Economy] = ResultKey("economics", Economy)

__all__ = [
    "ECONOMY",
    "Amount",
    "BudgetRow",
    "Economy",
    "NoConsequences",
    "YearRange",
    "extract_economy",
    "find_amounts",
    "parse_amount",
    "plugin",
]


def plugin(registry: Registry, /, **options: object) -> None:
    """Register the ``economics`` extractor (no options)."""
    if options:
        msg = f"the economics plugin takes no options, got {sorted(options)}"
        raise TypeError(msg)
    registry.add_extractor(
        ECONOMY,
        extract_economy,
        scope="item",
        after="tables",
        summary=summarize,
    )
