"""Read Danish statements of attendance: who was absent, present, substituted, left or arrived.

The statements come in a few shapes, all read here by one left-to-right pass over the words:

* a **label and a list**: ``Afbud fra: A, B og C``, ``Fraværende: Peter Muhl (A).``,
  ``Tilstede: Hans Toft, Søren B. Heisel, …``, ``Ikke til stede: …``, ``Stedfortræder: …``,
  ``Der var afbud fra Søren Olesen (O) og Pernille Bloch (C).``. A label with nothing after it
  (``Fraværende:``) gives nothing; a label alone on its line makes the following lines a list,
  one or more people a line (``Fraværende`` / ``Claus René Olesen (C)`` / ``Martin Knudsen (D)``);
* **people and a verb**: ``Kristoffer Storm var fraværende.``, ``X deltog ikke i mødet``,
  ``X (A) deltog ikke i behandlingen af punkt 5``, ``Torben Haack (F) deltog ikke under
  punkterne 12-15.``, ``X forlod mødet kl. 18.30 under behandling af pkt. 5``, ``X ankom under
  behandlingen af punkt 6``, ``X erklærede sig inhabil``, ``Keld Hansen deltog ikke behandlingen
  af punkt 13 pga. inhabilitet.``, ``X var forhindret i at deltage``, ``Sofia Osmani deltog``;
* **substitutes**: ``Y deltog i stedet for X``, ``I stedet for X deltog Y``, ``I stedet deltog
  Y``, ``Som stedfortræder deltog Y``, ``Som suppleant er indkaldt Y (B)``, ``Y (A) Stedfortræder
  for X``, ``Y (A) - stedfortræder``, ``Y deltog som suppleant``, ``X (stedfortræder: Y)``. A
  substitute named without the member replaced stands in for the one member recorded absent just
  before, if exactly one was;
* **a status after a name**: ``Lars Gaardhøj: Deltog``, ``Jorun Bech (A)- afbud``,
  ``Sofie de Bretteville Olsen: Afbud (Stedfortræder Jarl Feyling, fraværende ved sag 1-4. )``.

Parties are read from parentheses (``(Ø)``) or after a comma (``Robert Sørensen, Ø``); titles
before a name (``Borgmester``, ``Rådmand``, ``Udvalgsmedlem`` …) are not part of it. Item numbers
are read after ``punkt``, ``punkterne``, ``pkt.``, ``sag``, ``sagerne``: ``12-15``, ``19, 20 og
21``, ``punkt: 1, 2``.

Pure and linear: the text is cut into tokens once, every look-back stops where the previous
statement ended, every look-ahead is bounded, and no regular expression has nested quantifiers.
Imports only :mod:`referat.models` and the standard library.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Final

from attrs import frozen

from referat.models import Attendance, AttendanceStatus, Span

S: Final = AttendanceStatus

#: A word (letters with inner hyphens or apostrophes), a number, a line break, a punctuation mark.
_TOKEN: Final = re.compile(r"([^\W\d_]+(?:[-'’][^\W\d_]+)*)|(\d+)|(\n)|([^\s\w]|_)")

_WORD, _NUMBER, _BREAK, _MARK = 1, 2, 3, 4


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@frozen
class Found:
    """One person read from a statement, with offsets into the text read.

    ``start``/``end`` cover the statement (the people, the verb or label and what it is
    limited to); ``name_start``/``name_end`` cover the name and its party as written.
    """

    name: str
    status: AttendanceStatus
    start: int
    end: int
    name_start: int
    name_end: int
    party: str | None = None
    substitute_for: str | None = None
    items: tuple[int, ...] = ()


class _Tok:
    __slots__ = ("end", "kind", "low", "start", "text")

    def __init__(self, kind: int, text: str, start: int, end: int) -> None:
        self.kind = kind
        self.text = text
        low = text.lower()
        self.low = text if low == text else low  # one string, not two, for "370", ".", "og"
        self.start = start
        self.end = end

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Tok({self.text!r})"


def _tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.lastindex or _MARK, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def _token_stream(text: str) -> Iterator[_Tok]:
    """The tokens of ``text``, cut as they are asked for."""
    return (
        _Tok(m.lastindex or _MARK, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
    )


# -- vocabulary --------------------------------------------------------------------------------

#: How an anchor finds its people: before it, after it, or either (before when there are).
_BEFORE, _AFTER, _EITHER = "before", "after", "either"


class _Anchor:
    """A phrase that states attendance (a plain class: attrs' methods, compiled at each
    start, were never called; anchors are read, never compared or changed)."""

    __slots__ = ("label", "replaces", "side", "status", "words")

    def __init__(
        self,
        words: tuple[str, ...],
        status: AttendanceStatus,
        side: str,
        label: bool = False,  # a list label: only at the start of a line or sentence
        replaces: bool = False,  # the people after the anchor are the member(s) substituted
    ) -> None:
        self.words = words
        self.status = status
        self.side = side
        self.label = label
        self.replaces = replaces

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Anchor({' '.join(self.words)!r}, {self.status.name}, {self.side})"


def _anchors() -> dict[str, list[_Anchor]]:
    table: list[_Anchor] = []

    def add(
        phrases: str,
        status: AttendanceStatus,
        side: str,
        *,
        label: bool = False,
        replaces: bool = False,
    ) -> None:
        table.extend(
            _Anchor(tuple(phrase.split()), status, side, label, replaces)
            for phrase in phrases.split("|")
        )

    # Labels that open a list.
    add("afbud|fraværende|fravær|fraværende med afbud", S.ABSENT, _EITHER, label=True)
    add("ikke til stede|ikke tilstede", S.ABSENT, _AFTER, label=True)
    add("tilstede|tilstede var|til stede|til stede var|deltagere|deltagerne var", S.PRESENT,
        _AFTER, label=True)  # fmt: skip
    add("mødedeltagere|deltog", S.PRESENT, _EITHER, label=True)
    add("stedfortræder|stedfortrædere|suppleant|suppleanter", S.SUBSTITUTE, _EITHER, label=True)
    # Phrases that open a list anywhere in a sentence.
    add("afbud fra", S.ABSENT, _AFTER)
    add("derudover deltog|endvidere deltog|desuden deltog", S.PRESENT, _AFTER)
    add("som stedfortræder deltog|som suppleant deltog|som stedfortræder mødte|"
        "som suppleant mødte|som suppleant er indkaldt|som stedfortræder er indkaldt|"
        "som suppleant var indkaldt|som stedfortræder var indkaldt|i stedet deltog|"
        "i stedet mødte|i stedet for", S.SUBSTITUTE, _AFTER)  # fmt: skip
    # Verbs after the people.
    add("var fraværende|er fraværende|var ikke til stede|var ikke tilstede|deltog ikke|"
        "medvirkede ikke|var forhindret|er forhindret|vil være forhindret|var forhindret i at "
        "deltage|har meldt afbud|havde meldt afbud|meldte afbud|har meldt forfald|"
        "havde meldt forfald|meldte forfald|har afbud", S.ABSENT, _BEFORE)  # fmt: skip
    add("forlod mødet|forlod", S.LEFT, _BEFORE)
    add("ankom|ankom til mødet|kom til mødet", S.ARRIVED, _BEFORE)
    add(
        "erklærede sig inhabil|var inhabil|er inhabil|erklærede sig inhabile|"
        "gjorde opmærksom på inhabilitet|gjorde opmærksom på sin inhabilitet",
        S.CONFLICT,
        _BEFORE,
    )
    add("deltog som stedfortræder|deltog som stedfortrædere|deltog som suppleant|"
        "deltog som suppleanter|var indkaldt som stedfortræder|var indkaldt som stedfortrædere|"
        "var indkaldt som suppleant|er indkaldt som stedfortræder|er indkaldt som suppleant|"
        "mødte som stedfortræder|mødte som suppleant", S.SUBSTITUTE, _BEFORE)  # fmt: skip
    add("deltog i stedet for|mødte i stedet for|stedfortræder for|suppleant for",
        S.SUBSTITUTE, _BEFORE, replaces=True)  # fmt: skip
    found: dict[str, list[_Anchor]] = {}
    for anchor in table:
        found.setdefault(anchor.words[0], []).append(anchor)
    for anchors in found.values():
        anchors.sort(key=lambda a: -len(a.words))  # longest first
    return found


_ANCHORS: Final = _anchors()
#: The most words of an anchor.
_LONGEST_ANCHOR: Final = max(len(a.words) for anchors in _ANCHORS.values() for a in anchors)
_LABEL_STATUS: Final = {
    a.words: a.status for anchors in _ANCHORS.values() for a in anchors if a.label
}

#: Titles written before a name; not part of it. Also any word ending in one of the suffixes.
_TITLES: Final = _set(
    "borgmester overborgmester viceborgmester rådmand udvalgsmedlem udvalgsmedlemmerne "
    "byrådsmedlem byrådsmedlemmerne regionsrådsmedlem kommunalbestyrelsesmedlem medlem "
    "formand næstformand forperson næstforperson udvalgsformand regionsrådsformand "
    "observatør referent sekretær direktør kommunaldirektør koncerndirektør"
)
_TITLE_SUFFIXES: Final = ("direktør", "borgmester", "formand", "chef", "konsulent", "rådmand")
#: Capitalised words that are never (part of) a name in these statements.
_NOT_NAMES: Final = _set(
    "der den det de dem denne dette disse i som og men da efter under før ved på til fra for "
    "med af om hvor han hun ingen intet ikke alle begge øvrige medlemmer deltagere "
    "derudover endvidere desuden herudover afbud fraværende fravær tilstede stedfortræder "
    "stedfortrædere suppleant suppleanter godkendt godkendes anbefales tiltrådt beslutning "
    "sagsnr sagen sag punkt punktet pkt dagsorden dagsordenen mødet møde side bilag referat "
    "referent bemærkninger mødedato mødested mødetidspunkt sluttidspunkt indholdsfortegnelse "
    "borgmesteren formanden udvalget byrådet regionsrådet kommunalbestyrelsen direktionen "
    "administrationen forvaltningen kl"
)
_BODY_SUFFIXES: Final = ("udvalget", "rådet", "bestyrelsen", "udvalg")
#: Lower-case words inside a name (``Sofie de Bretteville Olsen``).
_PARTICLES: Final = _set("de von van af la le du da di del der ten")
#: Lower-case words that end a name rather than being a lower-case surname (``Gert winther``).
_FUNCTION: Final = _set(
    "og samt eller var er blev deltog deltager ikke i på under ved til fra for med af om at "
    "som har havde kunne vil skal grundet pga idet da men så også igen herefter derefter "
    "stedfortræder stedfortrædere suppleant suppleanter afbud fraværende inhabil forlod ankom "
    "mødte mødet kl den det de"
)
#: A word before a list that makes it an object, not the people a statement is about.
_PREPOSITIONS: Final = _set("fra til af med for hos ved på om mellem end over efter")
_SEPARATORS: Final = frozenset({",", "og", "samt", "&", ";"})
_BULLETS: Final = frozenset({"•", "-", "–", "*", "·", "▪", "◦", "o"})
_ITEM_WORDS: Final = _set(
    "punkt punkter punkterne pkt pkt's sag sager sagerne dagsordenspunkt dagsordenspunkterne nr"
)
_ABBREVIATIONS: Final = _set("kl pkt nr pga jf jvf ca bl mv stk evt inkl dvs vedr ift mht hhv")
#: Words that may follow the people on a line of a list (a reason, a status).
_LINE_TAIL: Final = _set(
    "grundet pga på deltog var stedfortræder suppleant i under ved til kl fraværende afbud "
    "som er har formand næstformand"
)
_MAX_RANGE: Final = 200  # a wider range of item numbers is not expanded


def _is_party(tok: _Tok) -> bool:
    """A party letter or abbreviation: ``A``, ``Ø``, ``SF``, ``DF``, ``ALT``."""
    text = tok.text
    return tok.kind == _WORD and len(text) <= 3 and text.isupper()


def _is_title(tok: _Tok) -> bool:
    return tok.kind == _WORD and (tok.low in _TITLES or tok.low.endswith(_TITLE_SUFFIXES))


def _capital_word(tok: _Tok) -> bool:
    """A capitalised word that can be part of a name."""
    if tok.kind != _WORD or not tok.text[0].isupper():
        return False
    low = tok.low
    if low in _NOT_NAMES or low.endswith(_BODY_SUFFIXES) or _is_title(tok):
        return False
    return (low,) not in _LABEL_STATUS


# -- the reader --------------------------------------------------------------------------------


class _Entry:
    """A person in a list: tokens ``[first, last]`` of the name, the party, the end index
    (a plain class, as :class:`_Anchor`: entries are read, never compared or changed)."""

    __slots__ = ("first", "last", "name_end", "party")

    def __init__(self, first: int, last: int, name_end: int, party: str | None) -> None:
        self.first = first
        self.last = last
        self.name_end = name_end  # index of the last token of name-and-party
        self.party = party

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Entry({self.first}, {self.last}, {self.name_end}, {self.party!r})"


class _Reader:
    def __init__(
        self, text: str, status: AttendanceStatus | None, toks: list[_Tok] | None = None
    ) -> None:
        self.text = text
        self.toks = _tokens(text) if toks is None else toks  # ``toks``: the first tokens only
        self.found: list[Found] = []
        self.floor = 0  # look-backs stop here: the end of the last statement read
        self.pending = status  # a label alone on its line makes the next lines a list
        self.last_absent: list[Found] = []  # the absent people of the last absence statement
        self.pending_notes: list[tuple[_Entry, _Entry]] = []
        self.pending_absent_sub: list[tuple[_Entry, tuple[int, ...]]] = []

    # -- token helpers ---------------------------------------------------------------------
    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def is_mark(self, i: int, *marks: str) -> bool:
        tok = self.tok(i)
        return tok is not None and tok.kind == _MARK and tok.text in marks

    def is_initial(self, i: int) -> bool:
        """``toks[i]`` is a capital letter followed by a full stop (``Søren B. Heisel``)."""
        tok = self.tok(i)
        return (
            tok is not None
            and tok.kind == _WORD
            and len(tok.text) == 1
            and tok.text.isupper()
            and self.is_mark(i + 1, ".")
        )

    def sentence_end(self, i: int) -> bool:
        """Is the full stop at ``toks[i]`` the end of a sentence?"""
        before, after = self.tok(i - 1), self.tok(i + 1)
        if after is None or after.kind == _BREAK:
            return True
        if after.kind == _NUMBER and after.start == self.toks[i].end:
            return False  # 18.30, 1.000
        if (
            before is not None
            and before.kind == _WORD
            and (self.is_initial(i - 1) or before.low in _ABBREVIATIONS)
        ):
            return False
        return after.kind != _WORD or after.text[0].isupper()

    def segment_start(self, i: int) -> int:
        """The first token of the line or sentence containing ``i`` (after list markers), or
        -1 when that is more than a few tokens back (then ``i`` is not at a start)."""
        j = i
        while j > 0:
            prev = self.toks[j - 1]
            if prev.kind == _BREAK or prev.text == "|":
                break
            if prev.text == "." and self.sentence_end(j - 1):
                break
            j -= 1
            if i - j > 12:
                return -1
        return self.skip_bullets(j)

    def skip_bullets(self, j: int) -> int:
        """Skip list markers: ``•``, ``-``, ``1.``, ``1)``, ``|``."""
        for _ in range(4):
            tok = self.tok(j)
            if tok is None:
                break
            if tok.kind == _MARK and tok.text in _BULLETS | {"|"}:
                j += 1
            elif tok.kind == _NUMBER and self.is_mark(j + 1, ".", ")") and tok.end - tok.start <= 3:
                j += 2
            else:
                break
        return j

    # -- anchors ---------------------------------------------------------------------------
    def anchor_at(self, i: int) -> _Anchor | None:
        candidates = _ANCHORS.get(self.toks[i].low)
        if not candidates:
            return None
        following = tuple(t.low for t in self.toks[i : i + _LONGEST_ANCHOR])
        for anchor in candidates:  # longest first
            if following[: len(anchor.words)] == anchor.words:
                return anchor
        return None

    # -- names -----------------------------------------------------------------------------
    def party_in_parens(self, open_: int) -> str | None:
        """``( X )`` at ``open_`` with a party inside."""
        if not self.is_mark(open_, "("):
            return None
        inner = self.tok(open_ + 1)
        if inner is not None and _is_party(inner) and self.is_mark(open_ + 2, ")"):
            return inner.text
        return None

    def skip_parens(self, open_: int) -> int:
        """The index after a short parenthesised group at ``open_`` (or ``open_``)."""
        for k in range(open_ + 1, min(open_ + 10, len(self.toks))):
            if self.is_mark(k, ")"):
                return k + 1
            if self.toks[k].kind == _BREAK:
                break
        return open_

    def entry_after(self, i: int, limit: int) -> _Entry | None:
        """A name (and party) starting at ``i``, reading forward."""
        while i < limit and _is_title(self.toks[i]) and self.tok(i + 1) is not None:
            i += 1
        first = i
        last = -1
        while i < limit:
            tok = self.toks[i]
            if _capital_word(tok) or (self.is_initial(i) and last >= 0):
                last = i
                i += 2 if self.is_initial(i) else 1
            elif (
                self.is_initial(i)
                and last < 0
                and i + 2 < limit
                and _capital_word(self.toks[i + 2])
            ):
                last = i  # "P. Jensen"
                i += 2
            elif (
                tok.low in _PARTICLES
                and last >= 0
                and i + 1 < limit
                and _capital_word(self.toks[i + 1])
            ):
                i += 1
            elif (
                tok.kind == _WORD
                and tok.text.islower()
                and last >= 0
                and tok.low not in _FUNCTION
                and self.ends_entry(i + 1)
            ):
                last = i  # a lower-case surname: "Gert winther"
                i += 1
                break
            else:
                break
        if last < 0 or not self.valid_name(first, last):
            return None
        if self.is_mark(i, ":") and not self.is_mark(i + 1, "/"):
            return None  # "Referent:" is a label, not a person
        party = None
        name_end = last + (1 if self.is_initial(last) else 0)
        # "(Borgmester)(V)": a short non-party group may come before the party.
        if self.is_mark(i, "(") and self.party_in_parens(i) is None:
            after = self.skip_parens(i)
            if after != i and self.party_in_parens(after) is not None and self.is_title_group(i):
                i = after
        if (party := self.party_in_parens(i)) is not None:
            name_end = i + 2
        elif (
            self.is_mark(i, ",")
            and (letters := self.tok(i + 1)) is not None
            and _is_party(letters)
            and self.ends_entry(i + 2)
        ):
            party = letters.text
            name_end = i + 1
        return _Entry(first, last, name_end, party)

    def is_title_group(self, open_: int) -> bool:
        inner = self.tok(open_ + 1)
        return inner is not None and (_is_title(inner) or inner.kind == _NUMBER)

    def ends_entry(self, i: int) -> bool:
        tok = self.tok(i)
        if tok is None or tok.kind == _BREAK:
            return True
        if tok.kind == _MARK:
            return tok.text in ",.;:()-–|&"
        return tok.low in _SEPARATORS or tok.low in _FUNCTION

    def valid_name(self, first: int, last: int) -> bool:
        """A person is named with at least two words (``Hans Toft``, ``Søren B. Heisel``): a
        lone capitalised word is far more often the start of a sentence (``Brev til …``)."""
        words = [t for t in self.toks[first : last + 1] if t.kind == _WORD]
        if len(words) < 2:
            return False
        return any(w.text[0].isupper() and len(w.text) > 1 for w in words)

    def entries_after(self, i: int, *, notes: bool = False) -> tuple[list[_Entry], int]:
        """A list of people from ``i`` and the index after it. With ``notes`` (a list under a
        label), a substitute in parentheses after a person is recorded too (see
        :meth:`entry_notes`), and a person whose party closes the entry may be followed by the
        next without a comma (lines joined: ``Claus René Olesen (C) Martin Knudsen (D)``)."""
        found: list[_Entry] = []
        limit = len(self.toks)
        stop = i  # after the last person (a separator with nobody after it is not read)
        while i < limit:
            while self.is_mark(i, ":"):
                i += 1
            entry = self.entry_after(i, limit)
            if entry is None:
                break
            found.append(entry)
            i = entry.name_end + 1
            if notes:
                i = self.entry_notes(entry, i)
            stop = i
            tok = self.tok(i)
            if tok is not None and _is_title(tok) and tok.text[0].isupper():
                continue  # lines joined: "Borgmester Ninna Thomsen Borgmester Pia Allerslev"
            if notes and entry.party is not None and tok is not None and _capital_word(tok):
                continue  # lines joined: "Claus René Olesen (C) Martin Knudsen (D)"
            if tok is None or tok.low not in _SEPARATORS:
                break
            i += 1
            if (nxt := self.tok(i)) is not None and nxt.low in {"og", "samt"}:
                i += 1
        return found, stop

    def entry_notes(self, entry: _Entry, i: int) -> int:
        """``(stedfortræder: Y)`` or ``(Stedfortræder Y, fraværende ved sag 1-4. )`` after an
        entry: record the substitute (and its absence); return the index after the group."""
        if not self.is_mark(i, "("):
            return i
        word = self.tok(i + 1)
        if word is None or word.low not in {"stedfortræder", "suppleant"}:
            return i
        j = i + 2
        while self.is_mark(j, ":"):
            j += 1
        sub = self.entry_after(j, min(j + 12, len(self.toks)))
        if sub is None:
            return i
        j = sub.name_end + 1
        self.pending_notes.append((entry, sub))
        if self.is_mark(j, ",") and (t := self.tok(j + 1)) is not None and t.low == "fraværende":
            items, j = self.items_after(j + 2)
            self.pending_absent_sub.append((sub, items))
        for k in range(j, min(j + 12, len(self.toks))):
            if self.is_mark(k, ")"):
                return k + 1
        return j

    def entries_before(self, end: int) -> list[_Entry]:
        """The list of people just before token ``end`` (not before ``self.floor``)."""
        found: list[_Entry] = []
        j = end - 1
        while j >= self.floor:
            entry, j = self.entry_before(j)
            if entry is None:
                break
            found.append(entry)
            tok = self.tok(j)
            if tok is None or j < self.floor or tok.low not in _SEPARATORS:
                break
            j -= 1
            if (t := self.tok(j)) is not None and t.low == "," and j >= self.floor:
                j -= 1  # ", og"
        found.reverse()
        if found:
            before = self.tok(found[0].first - 1)
            if before is not None and before.low in _PREPOSITIONS:
                return []
        return found

    def entry_before(self, j: int) -> tuple[_Entry | None, int]:
        """A name (and party) ending at token ``j``, reading backward."""
        party = None
        name_end = j
        if self.is_mark(j, ")"):
            open_ = j - 2
            if open_ >= self.floor and self.party_in_parens(open_) is not None:
                party = self.toks[j - 1].text
                j = open_ - 1
                # "(Borgmester)(V)"
                if self.is_mark(j, ")"):
                    for k in range(j - 1, max(self.floor, j - 8) - 1, -1):
                        if self.is_mark(k, "(") and self.is_title_group(k):
                            j = k - 1
                            break
            else:
                return None, j
        elif (
            (tok := self.tok(j)) is not None
            and _is_party(tok)
            and self.is_mark(j - 1, ",")
            and j - 2 >= self.floor
            and _capital_word(self.toks[j - 2])
        ):
            party = tok.text
            j -= 2
        last = j
        first = -1
        while j >= self.floor:
            tok = self.toks[j]
            if self.is_mark(j, ".") and j - 1 >= self.floor and self.is_initial(j - 1):
                first = j - 1
                j -= 2
            elif _capital_word(tok):
                first = j
                j -= 1
            elif (
                tok.low in _PARTICLES and first >= 0 and j - 1 >= self.floor
                and _capital_word(self.toks[j - 1])
            ):  # fmt: skip
                j -= 1
            elif (
                tok.kind == _WORD
                and tok.text.islower()
                and j == last
                and tok.low not in _FUNCTION
                and j - 1 >= self.floor
                and _capital_word(self.toks[j - 1])
            ):
                first = j  # "Gert winther"
                j -= 1
            else:
                break
        if first < 0:
            return None, j
        while first <= last and not (_capital_word(self.toks[first]) or self.is_initial(first)):
            first += 1  # a leading particle
        if first > last or not self.valid_name(first, last):
            return None, j
        return _Entry(first, last, name_end, party), j

    def skip_back_filler(self, end: int) -> int:
        """Skip what may stand between people and their status: ``:``, ``-``, ``,``, ``som``,
        and a role after the party (``Peter Jacobsen (O), 1. næstformand- afbud``)."""
        j = end - 1
        for _ in range(8):
            tok = self.tok(j)
            if tok is None or j < self.floor:
                break
            if (
                (tok.kind == _MARK and tok.text in ":-–,")
                or tok.low == "som"
                or (tok.kind == _WORD and tok.text.islower() and _is_title(tok))
                or (tok.kind == _NUMBER and self.is_mark(j + 1, "."))
                or (tok.text == "." and (t := self.tok(j - 1)) is not None and t.kind == _NUMBER)
            ):
                j -= 1
            else:
                break
        return j + 1

    # -- item numbers ----------------------------------------------------------------------
    def items_after(self, i: int) -> tuple[tuple[int, ...], int]:
        """Item numbers in a short window after ``i`` (``under punkterne 12-15``), and the index
        after them. Stops at the end of the sentence."""
        limit = min(i + 14, len(self.toks))
        j = i
        while j < limit:
            tok = self.toks[j]
            if tok.kind == _BREAK or (tok.text == "." and self.sentence_end(j)):
                return (), i
            if tok.low in _ITEM_WORDS:
                break
            if self.anchor_at(j) is not None and j > i:
                return (), i
            j += 1
        else:
            return (), i
        j += 1
        while self.is_mark(j, ".", ":"):
            j += 1
        numbers: list[int] = []
        while (number := self.tok(j)) is not None and number.kind == _NUMBER:
            first = int(number.text)
            j += 1
            if (
                self.is_mark(j, "-", "–")
                and (t := self.tok(j + 1)) is not None
                and t.kind == _NUMBER
            ):
                last = int(t.text)
                if first <= last and last - first <= _MAX_RANGE:
                    numbers.extend(range(first, last + 1))
                else:
                    numbers.extend((first, last))
                j += 2
            else:
                numbers.append(first)
            nxt, following = self.tok(j), self.tok(j + 1)
            if (
                nxt is not None
                and nxt.low in {",", "og"}
                and following is not None
                and following.kind == _NUMBER
            ):
                j += 1
                continue
            break
        if not numbers:
            return (), i
        return tuple(dict.fromkeys(numbers)), j

    # -- records ---------------------------------------------------------------------------
    def name_of(self, entry: _Entry) -> str:
        parts: list[str] = []
        for k in range(entry.first, entry.last + 1):
            tok = self.toks[k]
            if tok.kind == _WORD:
                parts.append(tok.text + ("." if self.is_initial(k) else ""))
        return " ".join(parts)

    def emit(
        self,
        entries: list[_Entry],
        status: AttendanceStatus,
        start: int,
        end: int,
        *,
        items: tuple[int, ...] = (),
        replaces: str | None = None,
    ) -> None:
        """Record ``entries``; ``start``/``end`` are the statement's first and last tokens."""
        if self.is_mark(end + 1, "."):
            end += 1  # the full stop that ends the statement
        end = min(end, len(self.toks) - 1)
        first_char = self.toks[start].start
        last_char = self.toks[end].end
        made: list[Found] = []
        for entry in entries:
            substitute_for = replaces
            if status is S.SUBSTITUTE and substitute_for is None and len(self.last_absent) == 1:
                substitute_for = self.last_absent[0].name
            made.append(
                Found(
                    name=self.name_of(entry),
                    status=status,
                    start=min(first_char, self.toks[entry.first].start),
                    end=max(last_char, self.toks[entry.name_end].end),
                    name_start=self.toks[entry.first].start,
                    name_end=self.toks[entry.name_end].end,
                    party=entry.party,
                    substitute_for=substitute_for,
                    items=items,
                )
            )
        self.found.extend(made)
        if status is S.ABSENT and made:
            self.last_absent = made
        self.flush_notes()

    def flush_notes(self) -> None:
        notes, self.pending_notes = self.pending_notes, []
        absent_subs, self.pending_absent_sub = self.pending_absent_sub, []
        for member, sub in notes:
            self.found.append(self.found_for(sub, S.SUBSTITUTE, replaces=self.name_of(member)))
        for sub, items in absent_subs:
            self.found.append(self.found_for(sub, S.ABSENT, items=items))

    def found_for(
        self,
        entry: _Entry,
        status: AttendanceStatus,
        *,
        replaces: str | None = None,
        items: tuple[int, ...] = (),
    ) -> Found:
        start, end = self.toks[entry.first].start, self.toks[entry.name_end].end
        return Found(
            self.name_of(entry), status, start, end, start, end, entry.party, replaces, items
        )

    # -- the pass --------------------------------------------------------------------------
    def read(self) -> list[Found]:
        toks = self.toks
        i = 0
        at_line_start = True
        while i < len(toks):
            if at_line_start and self.pending is not None:
                i = self.pending_line(i)
                if i >= len(toks):
                    break
            tok = toks[i]
            at_line_start = tok.kind == _BREAK
            anchor = self.anchor_at(i) if tok.kind == _WORD else None
            i = i + 1 if anchor is None else self.statement(i, anchor)
        return self.found

    def pending_line(self, i: int) -> int:
        """A line under a label that stood alone: people, one or more a line. An empty line
        keeps the list open; a line that does not list people closes it."""
        status = self.pending
        assert status is not None
        start = self.skip_bullets(i)
        first = self.tok(start)
        if first is None or first.kind == _BREAK:
            return start
        if self.anchor_at(start) is not None:
            self.pending = None  # the next label
            return start
        entries, end = self.entries_after(start, notes=True)
        if not entries:
            if not _is_title(first):  # "Koncerndirektør i Region Hovedstaden …" stays open
                self.pending = None
            return start
        after = self.tok(end)
        if after is not None and after.kind == _WORD and after.low not in _LINE_TAIL:
            self.pending_notes.clear()
            self.pending_absent_sub.clear()
            self.pending = None  # "Peter Hansen orienterede om …": prose, not a list
            return start
        # A status of its own later on the line ("Jorun Bech (A)- afbud") decides instead.
        # (Only when nothing but filler stands between: in "Villy Søvndal, F - Tine Hundahl
        # Jensen stedfortræder" the status is Tine's.)
        k = end
        while (tok := self.tok(k)) is not None and tok.kind != _BREAK and k < end + 12:
            anchor = self.anchor_at(k) if tok.kind == _WORD else None
            if anchor is not None and anchor.side != _AFTER:
                if self.skip_back_filler(k) <= end:
                    self.pending_notes.clear()
                    self.pending_absent_sub.clear()
                    return end
                break
            k += 1
        self.emit(entries, status, start, end - 1)
        self.floor = end
        return end

    def statement(self, i: int, anchor: _Anchor) -> int:
        """Read the statement around the anchor at ``i``; return where to go on."""
        after = i + len(anchor.words)
        if anchor.side != _AFTER:
            entries = self.entries_before(self.skip_back_filler(i))
            if not entries and anchor.side == _BEFORE:
                entries = self.pronoun_subject(i)
            if entries:
                return self.postfix(i, anchor, entries)
            if anchor.side == _BEFORE:
                self.floor = after
                return after
        # The people come after the anchor. A label stands at the start of a line or
        # sentence, or before a colon ("Deltagere: Thomas Kok Fraværende: Anders Drachmann").
        if (
            anchor.label
            and self.segment_start(i) != i
            and not self.is_mark(after, ":")
            and not self.is_mark(i - 1, "(")
        ):
            self.floor = max(self.floor, after)
            return after
        if anchor.words == ("i", "stedet", "for"):
            return self.instead_of(i)
        j = after
        while self.is_mark(j, ":", "."):
            j += 1
        rest = self.tok(j)
        if rest is None or rest.kind == _BREAK:
            self.pending = anchor.status  # "Fraværende" alone on its line
            self.floor = j
            return j
        entries, end = self.entries_after(j, notes=anchor.label)
        self.floor = max(end, after)
        if entries:
            self.emit(entries, anchor.status, i, end - 1)
            if self.is_mark(i - 1, "("):
                # "(Stedfortræder Jarl Feyling, fraværende ved sag 1-4.)": what follows in the
                # parentheses may be about the last person too.
                self.floor = entries[-1].first
        return max(end, after)

    def postfix(self, i: int, anchor: _Anchor, entries: list[_Entry]) -> int:
        """People, then the anchor at ``i``, then what it is limited to."""
        end = i + len(anchor.words) - 1
        replaces: str | None = None
        if anchor.replaces:
            members, stop = self.entries_after(end + 1)
            if members:
                replaces = self.name_of(members[0])
                end = stop - 1
        items, stop = self.items_after(end + 1)
        if items:
            end = stop - 1
        status = anchor.status
        if status is S.ABSENT and self.mentions_conflict(end + 1):
            status = S.CONFLICT  # "deltog ikke … pga. inhabilitet", "…, idet han var inhabil"
        self.emit(
            entries,
            status,
            entries[0].first,
            self.statement_end(end),
            items=items,
            replaces=replaces,
        )
        self.floor = end + 1
        return end + 1

    def statement_end(self, end: int) -> int:
        """The last token of a statement whose verb ends at ``end``: what qualifies it up to
        the end of the sentence (``… deltog ikke på mødet``), but no further than a capital
        word, which may name the next person (``Sofia Osmani deltog Søren P. Rasmussen …``)."""
        k = end + 1
        while k < min(end + 12, len(self.toks)):
            tok = self.toks[k]
            if tok.kind == _BREAK or (tok.text == "." and self.sentence_end(k)):
                break
            if tok.kind == _WORD and (tok.text[0].isupper() or self.anchor_at(k) is not None):
                break
            k += 1
        return k - 1

    def mentions_conflict(self, i: int) -> bool:
        """Does the sentence go on (within a few words) to say "inhabil"?"""
        for k in range(i, min(i + 10, len(self.toks))):
            tok = self.toks[k]
            if tok.kind == _BREAK or (tok.text == "." and self.sentence_end(k)):
                return False
            if tok.low.startswith("inhabil"):
                return True
        return False

    def instead_of(self, i: int) -> int:
        """``I stedet for X deltog Y``: Y substitutes for X."""
        members, j = self.entries_after(i + 3)
        tok = self.tok(j)
        if members and tok is not None and tok.low in {"deltog", "mødte", "indtrådte"}:
            subs, end = self.entries_after(j + 1)
            if subs:
                self.emit(subs, S.SUBSTITUTE, i, end - 1, replaces=self.name_of(members[0]))
                self.floor = end
                return end
        self.floor = i + 3
        return i + 3

    def pronoun_subject(self, i: int) -> list[_Entry]:
        """``Ole Skiffard (A) har meddelt, at han vil være forhindret i at deltage``: a pronoun
        before the verb stands for the person who opens the sentence."""
        pronoun = self.tok(i - 1)
        if pronoun is None or pronoun.low not in {"han", "hun"} or i - 1 < self.floor:
            return []
        start = self.segment_start(i - 1)
        if start < 0 or start < self.floor:
            return []
        entry = self.entry_after(start, i - 1)
        return [entry] if entry is not None else []


# -- public ------------------------------------------------------------------------------------


def scan_attendance(text: str, *, status: AttendanceStatus | None = None) -> list[Found]:
    """Every person the attendance statements of ``text`` name, in order, with offsets.

    ``status`` is the status of people listed at the start of ``text`` without a label of
    their own: the lines under a ``Fraværende`` or ``Deltagere`` heading that stands in a block
    before this text.
    """
    if not text:
        return []
    return _Reader(text, status).read()


def read_attendance(
    text: str,
    span: Callable[[int, int], Span] | None = None,
    *,
    status: AttendanceStatus | None = None,
) -> list[Attendance]:
    """The attendance statements of ``text`` as :class:`~referat.models.Attendance` records.

    ``span(start, end)`` maps offsets into ``text`` to a source span (e.g. ``lambda s, e:
    ctx.text_span(paragraph, s, e)``); without it, spans are relative to ``text`` itself.
    ``status``: see :func:`scan_attendance`. Each record's span covers its statement.
    """
    make = span if span is not None else _TextSpans(text).span
    return [
        Attendance(
            name=f.name,
            status=f.status,
            span=make(f.start, f.end),
            party=f.party,
            substitute_for=f.substitute_for,
            items=f.items,
        )
        for f in scan_attendance(text, status=status)
    ]


def label_status(text: str) -> AttendanceStatus | None:
    """The status a text that is only an attendance label announces (``Fraværende``,
    ``Afbud:``, ``• Afbud``, ``Tilstede var:``, ``Afbud fra:``, ``Fraværende med afbud:``),
    else ``None``."""
    if len(text) > _LABEL_SCAN and text[_LABEL_SCAN:].strip():
        return None  # a label is a few words: a long text is more than a label
    anchor, rest = _leading_anchor(text)
    if anchor is None:
        return None
    if any(not (t.kind == _BREAK or (t.kind == _MARK and t.text in ":.")) for t in rest):
        return None
    return anchor.status


def leading_label(text: str) -> AttendanceStatus | None:
    """The status of a list label that opens ``text`` (``Tilstede var: Overborgmester Frank
    Jensen`` → present), else ``None``."""
    anchor, _ = _leading_anchor(text[:_LABEL_SCAN])
    return anchor.status if anchor is not None else None


def label_end(text: str) -> int:
    """The offset just after a list label (and its colon) that opens ``text``, else 0:
    ``Fraværende: Godkendt.`` → the offset of ``Godkendt``."""
    head = text[:_LABEL_SCAN]  # the label is at the start: only the start is read
    anchor, rest = _leading_anchor(head)
    if anchor is None:
        return 0
    after = next((t.start for t in rest if not _is_label_stop(t)), None)
    if after is not None:
        return after
    if len(head) < len(text):  # marks up to the cut: read on in the whole text
        rest = _leading_anchor(text)[1]
        return next((t.start for t in rest if not _is_label_stop(t)), len(text))
    return len(text)


def _is_label_stop(tok: _Tok) -> bool:
    """``:`` or ``.`` after a label."""
    return tok.kind == _MARK and tok.text in ":."


#: How much of a text the label readers look at: a label and its colon are a few words.
_LABEL_SCAN: Final = 200


#: The most tokens :meth:`_Reader.skip_bullets` looks at: four list markers of two tokens (``1.``).
_BULLET_TOKENS: Final = 2 * 4


def _leading_anchor(text: str) -> tuple[_Anchor | None, Iterator[_Tok]]:
    """A label (or a list-opening phrase such as ``Afbud fra``) at the start of ``text``, and
    the tokens after it. Tokens are cut only as far as they are looked at: most texts open with
    a word that starts no anchor, and only their first token is cut."""
    first = _TOKEN.search(text)
    if first is None:
        return None, iter(())
    if (first.lastindex or _MARK) in (_WORD, _BREAK) and first.group().lower() not in _ANCHORS:
        return None, iter(())  # the usual text: no list marker, and a first word of no anchor
    stream = _token_stream(text)
    head = list(itertools.islice(stream, 1))
    if head and head[0].kind in (_MARK, _NUMBER):  # maybe list markers: "•", "1.", "-"
        head += itertools.islice(stream, _BULLET_TOKENS)
    reader = _Reader(text, None, head)  # ``head`` grows below: the reader sees it grow
    start = reader.skip_bullets(0)
    if start >= len(head) or head[start].low not in _ANCHORS:
        return None, iter(())
    head += itertools.islice(stream, max(0, start + _LONGEST_ANCHOR - len(head)))
    anchor = reader.anchor_at(start)
    if anchor is None or not (anchor.label or anchor.side == _AFTER):
        return None, iter(())
    if anchor.replaces or anchor.words[0] in {"som", "i"}:
        return None, iter(())  # "Som stedfortræder deltog Y", "I stedet for X": not list labels
    return anchor, itertools.chain(head[start + len(anchor.words) :], stream)


class _TextSpans:
    """Spans of offsets into a text on its own (lines and columns counted in the text)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(self, start: int, end: int) -> Span:
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end) - 1
        return Span(
            first + 1,
            start - self.starts[first] + 1,
            last + 1,
            end - self.starts[last] + 1,
            start,
            end,
        )
