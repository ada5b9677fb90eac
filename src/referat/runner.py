"""Runs the registered extractors over a parsed referat and attaches their results.

Nothing an extractor does can cost the document or the other extractors:

* an exception — any ``BaseException`` but ``KeyboardInterrupt``, so ``SystemExit`` too —
  becomes a ``plugin-failed`` diagnostic naming the plugin, the extractor and the item;
* a result that is not of the declared type, or that JSON cannot hold (``NaN``, a set, an
  arbitrary object), becomes a ``plugin-bad-result`` diagnostic and is left out;
* each extractor sees the earlier results read-only (``Context.results``);
* with a time budget, the extractors stop once the document's budget is spent
  (``plugin-budget``; a running call is not interrupted, the next one is not started).
"""

from __future__ import annotations

import time
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from referat.context import Context
from referat.lines import LineIndex
from referat.models import AgendaItem, Extract, Referat, Severity
from referat.results import result_problem, type_name

if TYPE_CHECKING:
    from referat.registry import ExtractorSpec, Registry


def run_extractors(
    doc: Referat,
    registry: Registry,
    index: LineIndex | None = None,
    *,
    budget: float | None = None,
) -> Referat:
    """Return ``doc`` with every extractor's result attached to its items.

    ``budget`` is the number of seconds all extractors together may spend on this document.
    """
    specs = registry.extractors()
    if not specs:
        return doc
    context = Context(doc, index or LineIndex(doc.text))
    opaque = registry.opaque_types
    deadline = None if budget is None else time.monotonic() + budget
    items = []
    spent = False
    for item in doc.items:
        context._item = item  # noqa: SLF001 - the runner owns the context
        results: dict[str, object] = {}
        context._results = MappingProxyType(results)  # noqa: SLF001
        for spec in specs:
            if spent:
                break
            context._name = spec.name  # noqa: SLF001
            value = _run_one(spec, item, context)
            if value is not None and _accepted(spec, value, item, context, opaque):
                results[spec.name] = value
            if deadline is not None and time.monotonic() > deadline:
                spent = True
                context._add(  # noqa: SLF001
                    Severity.WARNING,
                    "plugin-budget",
                    f"the extractors' time budget of {budget:g} s was spent on item "
                    f"{item.number} (after extractor {spec.name!r} of plugin {spec.plugin!r}); "
                    "the remaining extractors and items were not run",
                    None,
                )
        extracts = tuple(Extract(name, value) for name, value in results.items())
        items.append(attrs.evolve(item, extracts=item.extracts + extracts) if extracts else item)
    return attrs.evolve(
        doc,
        items=tuple(items),
        diagnostics=doc.diagnostics + tuple(context._diagnostics),  # noqa: SLF001
    )


def _run_one(spec: ExtractorSpec, item: AgendaItem, context: Context) -> object:
    try:
        if spec.scope == "item":
            return spec.function(item, context)
        found = []
        for section in item.sections:
            if spec.sections and section.kind not in spec.sections:
                continue
            value = spec.function(section, context)
            if value is not None:
                found.append(value)
        return tuple(found) if found else None
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - a plugin crash must never lose the document
        context._add(  # noqa: SLF001
            Severity.ERROR,
            "plugin-failed",
            f"extractor {spec.name!r} of plugin {spec.plugin!r} failed on item "
            f"{item.number}: {type(error).__name__}: {error}",
            item.span,
        )
        return None


def _accepted(
    spec: ExtractorSpec,
    value: object,
    item: AgendaItem,
    context: Context,
    opaque: tuple[type, ...],
) -> bool:
    problem = result_problem(value, spec.result, opaque)
    if problem is None:
        return True
    declared = type_name(spec.result) if spec.result is not None else "a JSON-able value"
    context._add(  # noqa: SLF001
        Severity.ERROR,
        "plugin-bad-result",
        f"extractor {spec.name!r} of plugin {spec.plugin!r} returned a result that is not "
        f"{declared} on item {item.number} ({problem}); it was left out",
        item.span,
    )
    return False


__all__ = ["Context", "run_extractors"]
