"""Optional dependencies: imported when a front end needs them, with a clear message if not."""

from __future__ import annotations

import importlib
from types import ModuleType

from referat.errors import MissingDependencyError

#: What each extra installs, for the message.
EXTRAS = {"pdf": "pypdfium2", "html": "lxml"}


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`~referat.errors.MissingDependencyError`."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        what = {"pdf": "PDF", "html": "HTML and XML"}.get(extra, extra)
        message = (
            f"reading {what} needs {EXTRAS.get(extra, module)}, which is not installed: "
            f"pip install 'referat[{extra}]' (or 'referat[all]')"
        )
        raise MissingDependencyError(message, extra=extra) from error
