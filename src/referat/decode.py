"""Bytes to text: a byte order mark, else UTF-16 recognised by its zero bytes, else UTF-8,
else cp1252 — each choice other than plain UTF-8 with its diagnostic.

1. A byte order mark names the encoding: UTF-32 (LE/BE), UTF-8, UTF-16 (LE/BE); the UTF-32
   marks are tried first because ``FF FE 00 00`` starts with the UTF-16 LE mark. Diagnostic
   ``encoding-bom`` (info).
2. No mark, but every other byte zero (at least 30 % of the pairs, and almost none on the
   other side): UTF-16 without a mark, LE or BE by the side of the zeros — Latin text,
   Danish letters included, has a zero high byte. UTF-8 text never has zero bytes, and
   UTF-16 passes as valid UTF-8 full of NULs, so this test comes before UTF-8. Diagnostic
   ``encoding-guessed`` (warning).
3. UTF-8. No diagnostic.
4. Anything else is read as cp1252, where every byte is a character. Diagnostic ``not-utf8``
   (warning).

Bytes that the chosen encoding cannot decode (an odd last byte of UTF-16, a lone surrogate)
become U+FFFD with an ``encoding-errors`` warning. The decoded text is the *original text*
every span indexes; a byte order mark stays in it (as U+FEFF, the first character of line 1,
whatever the encoding, so UTF-8 and UTF-16 with a mark give the same text), line endings
stay as they are.
"""

from __future__ import annotations

from referat.models import Diagnostic, Severity

#: Byte order marks, longest first where one starts with another.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: How many bytes the UTF-16 guess looks at.
SAMPLE = 4096


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """``(encoding, length of the mark)`` when ``data`` starts with a byte order mark."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def guess_utf16(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` looks like UTF-16 without a mark."""
    sample = data[: SAMPLE - SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 2 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)  # the first byte of each pair
    odd = sample[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"  # "P\x00u\x00": the high byte second
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def is_wide(data: bytes) -> bool:
    """Whether ``data`` is UTF-16 or UTF-32 (by its mark, or guessed): such bytes must be
    decoded before anything looks at them as ASCII."""
    found = bom_encoding(data)
    if found is not None:
        return found[0] != "utf-8"
    return guess_utf16(data) is not None


def decode(data: bytes) -> tuple[str, str, list[Diagnostic]]:
    """``(text, encoding, diagnostics)`` for ``data``."""
    found = bom_encoding(data)
    if found is not None and found[0] != "utf-8":
        encoding, length = found
        text, problems = _decode(data[length:], encoding)
        name = _display(encoding)
        message = f"the input starts with a {name} byte order mark; read as {name}"
        info = Diagnostic(Severity.INFO, "encoding-bom", message, None)
        return "\ufeff" + text, encoding, [info, *problems]
    guessed = guess_utf16(data) if found is None else None
    if guessed is not None:
        text, problems = _decode(data, guessed)
        message = (
            f"the input has no byte order mark but every other byte is zero; read as "
            f"{_display(guessed)}"
        )
        warning = Diagnostic(Severity.WARNING, "encoding-guessed", message, None)
        return text, guessed, [warning, *problems]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        text = data.decode("cp1252", errors="replace")
        message = (
            f"the input is not UTF-8 (byte {error.start}, line {line}: {error.reason}); "
            "read as cp1252"
        )
        return text, "cp1252", [Diagnostic(Severity.WARNING, "not-utf8", message, None)]
    if found is not None:
        message = "the input starts with a UTF-8 byte order mark; read as UTF-8"
        return text, "utf-8", [Diagnostic(Severity.INFO, "encoding-bom", message, None)]
    return text, "utf-8", []


def _decode(data: bytes, encoding: str) -> tuple[str, list[Diagnostic]]:
    """Decode, replacing what cannot be decoded (with a diagnostic saying how much)."""
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as error:
        text = data.decode(encoding, errors="replace")
        message = (
            f"bytes the {_display(encoding)} input cannot hold (the first at byte "
            f"{error.start}: {error.reason}) became U+FFFD"
        )
        return text, [Diagnostic(Severity.WARNING, "encoding-errors", message, None)]


def _display(encoding: str) -> str:
    """``utf-16-le`` → ``UTF-16 LE``."""
    name, _, order = encoding.upper().rpartition("-")
    return f"{name} {order}" if order in ("LE", "BE") else encoding.upper()
