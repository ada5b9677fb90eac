"""Bytes to text: UTF-8 (with or without BOM), else cp1252 with a warning.

The decoded text is the *original text* every span indexes; a BOM stays in it (as the first
character of line 1), line endings stay as they are.
"""

from __future__ import annotations

from referat.models import Diagnostic, Severity


def decode(data: bytes) -> tuple[str, str, list[Diagnostic]]:
    """``(text, encoding, diagnostics)`` for ``data``."""
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        text = data.decode("cp1252", errors="replace")
        message = (
            f"the input is not UTF-8 (byte {error.start}, line {line}: {error.reason}); "
            "read as cp1252"
        )
        return text, "cp1252", [Diagnostic(Severity.WARNING, "not-utf8", message, None)]
