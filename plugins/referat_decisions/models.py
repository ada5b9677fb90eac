"""The result of the ``decisions`` extractor: what was decided, who voted how, who was absent.

Frozen attrs classes with a :class:`~referat.models.Span` on every extracted value. Enum
*names* are English; their *values* are the Danish words of the minutes. Nothing here
imports lark or cattrs.
"""

import datetime as dt
import enum

from attrs import frozen

from referat.models import Attendance, Model, Span


class OutcomeKind(enum.Enum):
    """What a committee did with the case."""

    APPROVED = "godkendt"  # "godkender indstillingen", "er dermed godkendt"
    RECOMMENDED = "anbefalet"  # "anbefaler indstillingen" (to the city council)
    DISCUSSED = "drøftet"  # "drøftede sagen"
    NOTED = "taget til efterretning"  # "Orientering givet.", "tager … til efterretning"
    ELEVATED = "ophævet til beslutningssag"  # "ophævede sagen til en beslutningssag (B-sag)"
    REJECTED = "forkastet"  # "afviser", "forkaster", "godkender ikke"
    POSTPONED = "udsat"  # "udsætter sagen", "Sagen blev udsat."
    WITHDRAWN = "trukket tilbage"  # "trak sagen tilbage", "Punktet udgår."
    FORWARDED = "oversendt"  # "Oversendes til Byrådet.", "Fremsendes til …", "oversender sagen"
    OTHER = "andet"  # a committee sentence with any other verb ("ønsker at fastholde …")


class Role(enum.Enum):
    """A member's role in the committee, as the minutes name it."""

    CHAIR = "Rådmand"  # the alderman chairing the committee
    MEMBER = "Udvalgsmedlem"  # a committee member (plural "udvalgsmedlemmerne")


class Position(enum.Enum):
    """How a group of members voted."""

    FOR = "for"  # "stemmer for"
    AGAINST = "imod"  # "stemmer imod"
    ABSTAIN = "undlader at stemme"  # "undlader at stemme", "stemmer hverken for eller imod"


class Stance(enum.Enum):
    """A named member's or party's position on the case, short of a vote."""

    SUPPORTS = "kunne tiltræde"  # "X kunne tiltræde indstillingen"
    OPPOSES = "kunne ikke tiltræde"  # "Liberal Alliance kunne ikke tiltræde …"
    RESERVATION = "tog forbehold"  # "Radikale Venstre tog forbehold for budgetsagerne"


class AmendmentResult(enum.Enum):
    """What became of an amendment (``ændringsforslag``)."""

    ADOPTED = "vedtaget"  # "Ændringsforslaget er dermed vedtaget/godkendt."
    FELL = "bortfaldet"  # "Ændringsforslaget er dermed bortfaldet."
    REJECTED = "forkastet"  # "Ændringsforslaget er forkastet."
    WITHDRAWN = "trukket tilbage"  # "Ændringsforslaget blev trukket tilbage."


class AbsenceScope(enum.Enum):
    """What a member did not take part in."""

    MEETING = "mødet"  # "deltog ikke i mødet"
    ITEM = "dette punkt"  # "deltog ikke i behandlingen af dette punkt"


@frozen(repr=False, eq=False)
class Person(Model):
    """A committee member named in a decision.

    ``role_raw`` is the role word as written (``"Rådmand"``, ``"rådmand"``,
    ``"udvalgsmedlemmerne"`` …); a plural role applies to every name it introduces. ``party``
    is the party letter in parentheses (``"Ø"``), ``None`` when the text gives none. ``span``
    covers the name and the party letter.
    """

    name: str
    role: Role | None
    role_raw: str | None
    party: str | None
    span: Span


@frozen(repr=False, eq=False)
class Outcome(Model):
    """One outcome sentence: a committee did something (``kind``) to something (``object``).

    ``verb`` is the verb phrase as written (``"godkender"``, ``"er dermed godkendt"``,
    ``"Orientering givet"``, ``"ønsker at fastholde"``), ``object`` what it applies to
    (``"indstillingen"``), ``addition`` the text of ``med den tilføjelse, at …`` or of the
    paragraph after ``med følgende tilføjelse:``. ``committee_inferred`` tells that the
    sentence names no committee (``"Orientering givet."``) and ``committee`` is the meeting's;
    ``inferred`` that there is no outcome sentence at all and ``kind`` was derived from the
    votes (then ``verb``, ``object`` and ``span`` are ``None``). ``text`` is the sentence as
    written, with the sentences that carry on from it in its paragraph.

    A routing sentence (``Fremsendes til Aarhus Byråd med bemærkning, at Magistraten i mødet
    den 19. august 2025 anbefaler, at …``, ``Tilbagesendes … med bemærkning, at byrådet i sit
    møde den 27. august 2025 har vedtaget …``) gives two outcomes: the routing (``FORWARDED``,
    its remark as ``addition``) and, right after it, the decision the remark reports, with
    ``embedded`` set: ``committee`` is the body the remark names (as written), ``date`` the
    meeting it names (``None`` when it names none), ``span`` and ``text`` the remark's clause.
    A sentence that only routes (``Oversendes til Byrådet.``) is one ``FORWARDED`` outcome.
    """

    kind: OutcomeKind
    committee: str | None
    committee_inferred: bool
    verb: str | None
    object: str | None
    addition: str | None
    inferred: bool
    span: Span | None
    addition_span: Span | None = None
    text: str | None = None
    clause: str | None = None  # "1" in "At 1: Godkendt." (a clause of the recommendation)
    date: dt.date | None = None  # "i mødet den 19. august 2025" in an embedded decision
    embedded: bool = False  # the decision a routing sentence's remark reports


@frozen(repr=False, eq=False)
class Vote(Model):
    """One vote sentence: ``voters`` voted ``position`` on ``subject``.

    ``subject`` is what the vote was about as written (``"indstillingen"``, ``"forslaget fra
    Ulla Chambless"``), ``None`` in ``"… stemmer imod."``. ``others`` records ``"De øvrige
    …"``: the voters are "the other members" (who may or may not be listed). ``parties`` are
    the party letters that voted this way (``For stemte: A, B, F og Ø``), ``count`` the number
    of votes when the minutes count them (``vedtaget med 34 stemmer imod 15``).
    """

    position: Position
    subject: str | None
    voters: tuple[Person, ...]
    others: bool
    span: Span
    parties: tuple[str, ...] = ()
    count: int | None = None

    @property
    def tally(self) -> int:
        """The number of votes: ``count`` when counted, else the members named."""
        return self.count if self.count is not None else len(self.voters)


@frozen(repr=False, eq=False)
class NamedPosition(Model):
    """Members or parties who could (not) agree or made a reservation (``tog forbehold``).

    ``people`` are the members named, ``parties`` the party letters; a party written out
    (``Liberal Alliance``) is a :class:`Person` with that name. ``text`` is what the position
    is about as written (``"for budgetsagerne"``), ``None`` when nothing follows.
    """

    stance: Stance
    people: tuple[Person, ...]
    parties: tuple[str, ...]
    text: str | None
    span: Span


@frozen(repr=False, eq=False)
class Remark(Model):
    """A protocol remark: ``A bemærker, at …``, ``Ø ønsker sin stemme ført til protokol``,
    ``Protokolbemærkning fra Enhedslisten: …``. ``text`` is the remark (``None`` when only the
    vote is recorded); ``authors``/``parties`` who made it (empty when not said)."""

    authors: tuple[Person, ...]
    parties: tuple[str, ...]
    text: str | None
    span: Span


@frozen(repr=False, eq=False)
class Amendment(Model):
    """An amendment (``ændringsforslag``): who proposed what, and what became of it.

    ``text`` is the proposal (after ``ændringsforslag om, at``); when a result sentence
    (``"Ændringsforslaget er dermed bortfaldet."``) is the only trace of an amendment, ``text``
    is the noun phrase of that sentence and ``proposer`` is ``None``. ``co_proposers`` are
    the other members when several propose it together. ``span`` covers the proposal,
    ``result_span`` the result sentence.
    """

    proposer: Person | None
    text: str
    result: AmendmentResult | None
    span: Span
    result_span: Span | None = None
    co_proposers: tuple[Person, ...] = ()


@frozen(repr=False, eq=False)
class Absence(Model):
    """A member who did not take part in the meeting or in this item."""

    person: Person
    scope: AbsenceScope
    span: Span


@frozen(repr=False, eq=False)
class DecisionBlock(Model):
    """The decision of one body along the chain (``Beslutning i Direktionsmøde den 12-06-2018``,
    ``Beslutning i Økonomiudvalget (ØK) den 13-06-2018``, ``Beslutning i Byrådet den …``).

    ``body`` and ``date`` come from the heading (or a step's ``Udvalg:``/``Dato:`` labels); for
    the meeting's own block (the last that names no body, else the last), what its heading does
    not name comes from the meeting (then ``body_inferred``/``date_inferred``). ``heading`` is
    the heading as written. ``attendance`` is every attendance statement of the block, read by
    :mod:`referat.attendance` (substitutes, people who left, partial absences …); ``absences``
    are those that say a member did not take part in this item.
    """

    body: str | None
    date: dt.date | None
    span: Span
    heading: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    votes: tuple[Vote, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    absences: tuple[Absence, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    positions: tuple[NamedPosition, ...] = ()
    remarks: tuple[Remark, ...] = ()
    body_inferred: bool = False
    date_inferred: bool = False


@frozen(repr=False, eq=False)
class Decision(Model):
    """Everything the ``decisions`` extractor read from an agenda item.

    ``blocks`` holds one :class:`DecisionBlock` per decision section (a chain has several);
    ``outcomes``, ``votes``, ``amendments`` and ``absences`` gather those of every block (and
    the absences stated elsewhere in the item), in document order. ``attendance`` is every
    attendance statement read for the item. ``span`` covers the item's decision sections (or,
    for an item without one, the sentences its absences came from).
    """

    outcomes: tuple[Outcome, ...]
    votes: tuple[Vote, ...]
    amendments: tuple[Amendment, ...]
    absences: tuple[Absence, ...]
    span: Span
    blocks: tuple[DecisionBlock, ...] = ()
    attendance: tuple[Attendance, ...] = ()

    @property
    def positions(self) -> tuple[NamedPosition, ...]:
        """The named positions of every block."""
        return tuple(p for block in self.blocks for p in block.positions)

    @property
    def remarks(self) -> tuple[Remark, ...]:
        """The protocol remarks of every block."""
        return tuple(r for block in self.blocks for r in block.remarks)
