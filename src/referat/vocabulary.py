"""The shared Danish vocabulary of referater: words, labels and forms every layout may use.

A layout (see :mod:`referat.layouts`) is data; most of its data is drawn from here by name:
``sections = ["danish"]`` means "every section heading in :data:`SECTION_ALIASES`". The
generic Danish layout uses all of it. Every pattern is anchored and bounded: no nested
quantifiers over the same characters, so matching a line is linear in its length.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping

from referat.models import DocumentKind, HeaderField, SectionKind

#: Month names, Danish and English (some CMSs print English ones), with common abbreviations.
MONTHS: Mapping[str, int] = {
    **{
        name: number
        for number, names in enumerate(
            (
                ("januar", "january", "jan"),
                ("februar", "february", "feb"),
                ("marts", "march", "mar"),
                ("april", "apr"),
                ("maj", "may"),
                ("juni", "june", "jun"),
                ("juli", "july", "jul"),
                ("august", "aug"),
                ("september", "sep", "sept"),
                ("oktober", "october", "okt", "oct"),
                ("november", "nov"),
                ("december", "dec"),
            ),
            start=1,
        )
        for name in names
    },
}

WEEKDAYS = [
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]

#: Section headings, case-folded, to the kind they name. Layouts pick from these by name.
SECTION_ALIASES: Mapping[str, SectionKind] = {
    # summary
    "resume": SectionKind.RESUME,
    "resumé": SectionKind.RESUME,
    "sagsresumé": SectionKind.RESUME,
    "sagsresume": SectionKind.RESUME,
    "problemstilling": SectionKind.CASE_PRESENTATION,
    "løsning": SectionKind.CASE_PRESENTATION,
    "videre proces": SectionKind.CONSEQUENCES,
    "sammendrag": SectionKind.RESUME,
    "kort sagsfremstilling": SectionKind.RESUME,
    "præsentation": SectionKind.RESUME,
    # effect
    "effekt": SectionKind.EFFECT,
    # what is to be decided
    "beslutningstema": SectionKind.DECISION_THEME,
    "sagstema": SectionKind.DECISION_THEME,
    "formål": SectionKind.DECISION_THEME,
    "emne": SectionKind.DECISION_THEME,
    "baggrund og formål": SectionKind.DECISION_THEME,
    # the case
    "sagsfremstilling": SectionKind.CASE_PRESENTATION,
    "sagsfremstilling og økonomi": SectionKind.CASE_PRESENTATION,
    "sagsbeskrivelse": SectionKind.CASE_PRESENTATION,
    "redegørelse": SectionKind.CASE_PRESENTATION,
    "sagens indhold": SectionKind.CASE_PRESENTATION,
    "beskrivelse": SectionKind.CASE_PRESENTATION,
    "oplæg": SectionKind.CASE_PRESENTATION,  # Aarhus mødesystem: "Oplæg:" then "Referat:"
    "text": SectionKind.EFFECT,  # only the 2016 Odense layout uses it; see WRAPPED
    "baggrund": SectionKind.BACKGROUND,
    "indledning": SectionKind.BACKGROUND,
    "tidligere behandling": SectionKind.CASE_HISTORY,
    "tidligere beslutninger": SectionKind.CASE_HISTORY,
    "historik": SectionKind.CASE_HISTORY,
    "sagens forløb": SectionKind.CASE_HISTORY,
    # recommendation
    "indstilling": SectionKind.RECOMMENDATION,
    "indstillinger": SectionKind.RECOMMENDATION,
    "forslag": SectionKind.RECOMMENDATION,
    "forvaltningens indstilling": SectionKind.RECOMMENDATION,
    "administrationens indstilling": SectionKind.RECOMMENDATION,
    "direktionens indstilling": SectionKind.RECOMMENDATION,
    "forvaltningen foreslår": SectionKind.RECOMMENDATION,
    "forvaltningen indstiller": SectionKind.RECOMMENDATION,
    "indstilling fra forslagsstiller": SectionKind.PROPOSER_RECOMMENDATION,
    # decision
    "beslutning": SectionKind.DECISION,
    "beslutninger": SectionKind.DECISION,
    "afgørelse": SectionKind.DECISION,
    "vedtagelse": SectionKind.DECISION,
    "referat": SectionKind.DECISION,  # eDoc: "Referat" heads the item's minutes
    "protokol": SectionKind.DECISION,
    # Aarhus (First Agenda): the chain of decisions before this meeting, a step per body
    # ("Udvalg: Magistraten" / "Dato: 19-08-2025" / "Punktnummer: 6", then its decision)
    "sagsforløb": SectionKind.DECISION,
    # economy
    "økonomi": SectionKind.ECONOMY,
    "økonomiske konsekvenser": SectionKind.ECONOMY,
    "økonomi og finansiering": SectionKind.ECONOMY,
    "økonomi og organisatoriske konsekvenser": SectionKind.ECONOMY,
    "økonomiske og personalemæssige konsekvenser": SectionKind.ECONOMY,
    "bevillingsmæssige konsekvenser": SectionKind.ECONOMY,
    "finansiering": SectionKind.ECONOMY,
    # legal basis, competence
    "lovgrundlag": SectionKind.LEGAL_BASIS,
    "retsgrundlag": SectionKind.LEGAL_BASIS,
    "lovgivning": SectionKind.LEGAL_BASIS,
    "hjemmel": SectionKind.LEGAL_BASIS,
    "lovgrundlag og kompetence": SectionKind.LEGAL_BASIS,
    "kompetence": SectionKind.COMPETENCE,
    "beslutningskompetence": SectionKind.COMPETENCE,
    "kompetencefordeling": SectionKind.COMPETENCE,
    # consequences, hearing, communication
    "andre konsekvenser": SectionKind.CONSEQUENCES,
    "konsekvenser": SectionKind.CONSEQUENCES,
    "konsekvensvurdering": SectionKind.CONSEQUENCES,
    "miljømæssige konsekvenser": SectionKind.CONSEQUENCES,
    "høring": SectionKind.HEARING,
    "høring og sagsgang": SectionKind.HEARING,
    "høringssvar": SectionKind.HEARING,
    "kommunikation": SectionKind.COMMUNICATION,
    "information og kommunikation": SectionKind.COMMUNICATION,
    # attachments, attendance
    "bilag": SectionKind.ATTACHMENTS,
    "bilagsfortegnelse": SectionKind.ATTACHMENTS,
    "fraværende": SectionKind.ATTENDANCE,
    "afbud": SectionKind.ATTENDANCE,
    "fravær": SectionKind.ATTENDANCE,
    # the Odense initiative items
    "initiativretsforslag": SectionKind.INITIATIVE_PROPOSAL,
    "forvaltningens belysning": SectionKind.ADMINISTRATION_ASSESSMENT,
}

#: The exact section names of the Odense BSU exports 2016–2024 (the seeds' layouts).
ODENSE_SECTIONS: Mapping[str, SectionKind] = {
    "resume": SectionKind.RESUME,
    "effekt": SectionKind.EFFECT,
    "indstilling": SectionKind.RECOMMENDATION,
    "beslutning": SectionKind.DECISION,
    "sagsfremstilling": SectionKind.CASE_PRESENTATION,
    "økonomi": SectionKind.ECONOMY,
    "bilag": SectionKind.ATTACHMENTS,
    "initiativretsforslag": SectionKind.INITIATIVE_PROPOSAL,
    "indstilling fra forslagsstiller": SectionKind.PROPOSER_RECOMMENDATION,
    "forvaltningens belysning": SectionKind.ADMINISTRATION_ASSESSMENT,
}

#: Header labels (case-folded, without the colon) to the header field they introduce.
HEADER_LABELS: Mapping[str, HeaderField] = {
    "mødedato": HeaderField.DATE,
    "dato": HeaderField.DATE,
    "mødedag": HeaderField.DATE,
    "møde dato": HeaderField.DATE,
    "mødetidspunkt": HeaderField.TIME,
    "tidspunkt": HeaderField.TIME,
    "tid": HeaderField.TIME,
    "starttidspunkt": HeaderField.TIME,
    "mødestart": HeaderField.TIME,
    "sluttidspunkt": HeaderField.END,
    "mødeslut": HeaderField.END,
    "mødet hævet": HeaderField.END,
    "mødet hævet kl.": HeaderField.END,
    "mødested": HeaderField.PLACE,
    "sted": HeaderField.PLACE,
    "lokale": HeaderField.PLACE,
    "møde lokation": HeaderField.PLACE,
    "mødelokale": HeaderField.PLACE,
    "udvalg": HeaderField.BODY,
    "møde i": HeaderField.BODY,
    "mødet i": HeaderField.BODY,
    "den": HeaderField.DATE,
    "afbud": HeaderField.ATTENDANCE,
    "afbud fra": HeaderField.ATTENDANCE,
    "fraværende": HeaderField.ATTENDANCE,
    "deltagere": HeaderField.ATTENDANCE,
    "mødedeltagere": HeaderField.ATTENDANCE,
    "medlemmer": HeaderField.ATTENDANCE,
    "tilstede": HeaderField.ATTENDANCE,
    "til stede": HeaderField.ATTENDANCE,
    "ikke til stede": HeaderField.ATTENDANCE,
    "stedfortræder": HeaderField.ATTENDANCE,
    "stedfortrædere": HeaderField.ATTENDANCE,
    "suppleant": HeaderField.ATTENDANCE,
    "suppleanter": HeaderField.ATTENDANCE,
    "bemærkninger": HeaderField.OTHER,
    "bemærkning": HeaderField.OTHER,
    "referent": HeaderField.OTHER,
    "formand": HeaderField.OTHER,
}

#: Words that say what a document is, case-folded.
DOCUMENT_KINDS: Mapping[str, DocumentKind] = {
    "referat": DocumentKind.REFERAT,
    "godkendt referat": DocumentKind.REFERAT,
    "åbent referat": DocumentKind.REFERAT,
    "dagsorden med vedtagelser": DocumentKind.REFERAT,
    "dagsorden med beslutninger": DocumentKind.REFERAT,
    "protokol": DocumentKind.DECISION_PROTOCOL,
    "beslutningsprotokol": DocumentKind.DECISION_PROTOCOL,
    "beslutninger": DocumentKind.DECISION_PROTOCOL,
    "dagsorden": DocumentKind.AGENDA,
    "åben dagsorden": DocumentKind.AGENDA,
    "dagsorden åben": DocumentKind.AGENDA,
}

_KIND_WORD = re.compile(
    r"(?<![\wæøå])(godkendt referat|åbent referat|dagsorden med (?:vedtagelser|beslutninger)|"
    r"beslutningsprotokol|referat|dagsorden)(?![\wæøå])",
    re.IGNORECASE,
)


def document_kind(text: str) -> DocumentKind | None:
    """The kind a title-like line names (``Referat``, ``Dagsorden``, ``Beslutningsprotokol``)."""
    match = _KIND_WORD.search(text[:300])
    return DOCUMENT_KINDS.get(match.group(1).casefold()) if match else None


# --- dates ---------------------------------------------------------------------------------
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = (
    r"(?:[ \t\u00a0,]{0,3}(?:kl\.?|klokken|-)?[ \t\u00a0]{0,3}"
    r"(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d))?"
)
#: ``9. februar 2016``, ``11 januar, 2021``, ``30. aug 2022``, ``February 9, 2016``.
_WORD_DATE = re.compile(
    r"(?<![\wæøå])(?P<day>[0-3]?\d)\.?[ \t]{1,3}(?P<month>" + _MONTH_NAMES + r")\.?,?[ \t]{1,3}"
    r"(?P<year>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.IGNORECASE,
)
_ENGLISH_DATE = re.compile(
    r"(?<![\wæøå])(?P<month>" + _MONTH_NAMES + r")[ \t]{1,3}(?P<day>[0-3]?\d),?[ \t]{1,3}"
    r"(?P<year>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.IGNORECASE,
)
#: ``09-02-2016``, ``13.09.2007``, ``9/2 2016``, ``2016-02-09``.
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)[-./](?P<month>[01]?\d)[-./ ](?P<year>(?:19|20)\d\d)(?![\d])"
    + _TIME
)
_ISO_DATE = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"
    r"(?:[ T]{1,3}(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?"
)


def find_date(text: str) -> tuple[dt.date, dt.time | None, int, int] | None:
    """The first date written in ``text`` in any Danish form, its time (if any), and its
    ``(start, end)`` offsets in ``text``; ``None`` when there is none.

    >>> find_date("Mødedato: Mandag den 9. februar 2016 kl. 08:30")[:2]
    (datetime.date(2016, 2, 9), datetime.time(8, 30))
    >>> find_date("Mandag, 11 januar, 2021 - 19:00")[:2]
    (datetime.date(2021, 1, 11), datetime.time(19, 0))
    >>> find_date("13.09.2007, kl. 17:30")[:2]
    (datetime.date(2007, 9, 13), datetime.time(17, 30))
    >>> find_date("Beslutning i Byrådet den 20-06-2018")[:2]
    (datetime.date(2018, 6, 20), None)
    """
    best: tuple[dt.date, dt.time | None, int, int] | None = None
    for pattern in (_WORD_DATE, _ENGLISH_DATE, _NUMERIC_DATE, _ISO_DATE):
        for match in pattern.finditer(text):
            month_text = match["month"]
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.casefold()]
            date = make_date(int(match["year"]), month, int(match["day"]))
            if date is None:
                continue
            time = None
            if match["hour"] is not None:
                time = make_time(int(match["hour"]), int(match["minute"]))
            if best is None or match.start() < best[2]:
                best = (date, time, match.start(), match.end())
            break
    return best


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or ``None`` when there is no such day (``31-02-2019``)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def make_time(hour: int, minute: int) -> dt.time | None:
    """The time of day, or ``None`` when there is no such time (``25:61``)."""
    try:
        return dt.time(hour, minute)
    except ValueError:
        return None


@functools.cache
def _clock() -> re.Pattern[str]:  # compiled at the first use (few documents ask for a time)
    return re.compile(r"(?<![\d.])(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?!\d)")


def find_time(text: str) -> dt.time | None:
    """The first clock time (``17:00``, ``11.17``) in ``text``."""
    for match in _clock().finditer(text):
        time = make_time(int(match["hour"]), int(match["minute"]))
        if time is not None:
            return time
    return None


# --- data-carrying decision headings ----------------------------------------------------------
# Pattern sources: the line classifier compiles them when a generic layout first reads a
# heading (``referat.classify._generic_patterns``), not at each start.
#: ``Beslutning i Økonomiudvalget den 12-09-2023``, ``Beslutning Byrådet den 26-11-2014``,
#: ``Beslutning i Forretningsudvalget 2018-2021 fredag den 14. august 2020, pkt. 1``,
#: ``Beslutning fra Økonomiudvalget, 13. juni 2018``, ``FORRETNINGSUDVALGETS BESLUTNING``.
DECISION_HEADING_PATTERN = (
    r"(?:Beslutning(?:er)?|BESLUTNING(?:ER)?|Afgørelse)(?:[ \t]{1,3}(?:i|fra|på|I|FRA)\b)?"
    r"[ \t]{0,3}(?P<body>[A-ZÆØÅa-zæøå][^\n]{0,120}?)?"
    r"(?:[ \t,]{1,3}(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)[ \t]{1,3})?"
    r"(?:den|d\.)[ \t]{1,3}(?P<date>[^\n]{0,60}?))?"
    r"(?:,?[ \t]{1,3}pkt\.?[ \t]{0,3}\d{1,4})?[ \t:.]*"
)
#: ``Økonomiudvalget den 13-06-2018:``, ``Økonomiudvalget, 13. juni 2018, pkt. 5``.
BODY_DATE_HEADING_PATTERN = (
    r"(?P<body>[A-ZÆØÅ][\wæøåÆØÅ\- ]{2,80}?(?:udvalg(?:et)?|rådet|råd|byråd|bestyrelsen|"
    r"direktionen|Direktionsmøde|ØK|ØU|BR|KB)(?:[ \t]\([^()\n]{1,20}\))?(?:[ \t]\d{4}-\d{4})?)"
    r"(?:[ \t]{1,3}den|,)[ \t]{1,3}(?P<date>[^\n]{4,40}?)(?:,[ \t]{1,3}pkt\.?[ \t]{0,3}\d{1,4})?"
    r"[ \t]*:?"
)
#: ``FORRETNINGSUDVALGETS BESLUTNING``, ``Økonomiudvalgets beslutning``.
GENITIVE_DECISION_PATTERN = (
    r"(?P<body>[A-ZÆØÅ][\wæøåÆØÅ\- ]{2,60}?)[sS][ \t]{1,3}(?:beslutning|BESLUTNING)[ \t:.]*"
)
GENITIVE_RECOMMENDATION_PATTERN = (
    r"(?P<body>[A-ZÆØÅ][\wæøåÆØÅ\- ]{2,60}?)[sS][ \t]{1,3}(?:indstilling|INDSTILLING)[ \t:.]*"
)


#: Abbreviations whose full stop ends no sentence (``jf.``, ``ca.``, ``f.eks.``), lower case,
#: without the final stop: the decisions plugin splits sentences with them, the lexer
#: paragraphs of generic layouts.
ABBREVIATIONS = frozenset(
    {
        "jf",
        "jvf",
        "fx",
        "f.eks",
        "ca",
        "bl.a",
        "dvs",
        "mht",
        "vedr",
        "evt",
        "inkl",
        "ekskl",
        "nr",
        "stk",
        "pkt",
        "d",
        "hhv",
        "iht",
        "pga",
        "mv",
        "m.fl",
        "ift",
        "tlf",
        "att",
        "st",
    }
)


#: A party letter closing a list (``For stemte: A og D.``, ``Imod: V, O.``, ``(A) og D.``):
#: the single capital before the full stop ends a sentence, it is no initial.
@functools.cache
def _party_letter_end() -> re.Pattern[str]:  # compiled at the first use (a rare case)
    return re.compile(r"(?:(?<!\w)(?:og|samt|eller)|[,:;])\s*[A-ZÆØÅ]\.$")


def stop_is_abbreviation(text: str) -> bool:
    """Does the full stop that ends ``text`` belong to an abbreviation (``ca.``, ``jf.``,
    ``d.``) or an initial (``Hans J.``), rather than end a sentence? A single capital closing
    a list of party letters (``For stemte: A og D.``) ends the sentence.

    >>> stop_is_abbreviation("udgør ca."), stop_is_abbreviation("Hans J.")
    (True, True)
    >>> stop_is_abbreviation("For stemte: A og D."), stop_is_abbreviation("godkendt.")
    (False, False)
    """
    words = text[-40:].rsplit(None, 1)
    if not words or not words[-1].endswith("."):
        return False
    word = words[-1].rstrip(".").lstrip('("“„«')
    if len(word) == 1 and word.isupper():
        return _party_letter_end().search(text, max(0, len(text) - 12)) is None
    return word.lower() in ABBREVIATIONS
