"""The result of the ``decisions`` extractor: what was decided, who voted how, who was absent.

Frozen attrs classes with a :class:`~referat.models.Span` on every extracted value. Enum
*names* are English; their *values* are the Danish words of the minutes. Nothing here
imports lark or cattrs.
"""

from __future__ import annotations

import enum

from attrs import frozen

from referat.models import Span


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


@frozen
class Person:
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


@frozen
class Outcome:
    """One outcome sentence: a committee did something (``kind``) to something (``object``).

    ``verb`` is the verb phrase as written (``"godkender"``, ``"er dermed godkendt"``,
    ``"Orientering givet"``, ``"ønsker at fastholde"``), ``object`` what it applies to
    (``"indstillingen"``), ``addition`` the text of ``med den tilføjelse, at …`` or of the
    paragraph after ``med følgende tilføjelse:``. ``committee_inferred`` tells that the
    sentence names no committee (``"Orientering givet."``) and ``committee`` is the meeting's;
    ``inferred`` that there is no outcome sentence at all and ``kind`` was derived from the
    votes (then ``verb``, ``object`` and ``span`` are ``None``). ``text`` is the sentence as
    written, with the sentences that carry on from it in its paragraph.
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


@frozen
class Vote:
    """One vote sentence: ``voters`` voted ``position`` on ``subject``.

    ``subject`` is what the vote was about as written (``"indstillingen"``, ``"forslaget fra
    Ulla Chambless"``), ``None`` in ``"… stemmer imod."``. ``others`` records ``"De øvrige
    …"``: the voters are "the other members" (who may or may not be listed).
    """

    position: Position
    subject: str | None
    voters: tuple[Person, ...]
    others: bool
    span: Span

    @property
    def tally(self) -> int:
        """The number of members named as voting this way."""
        return len(self.voters)


@frozen
class Amendment:
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


@frozen
class Absence:
    """A member who did not take part in the meeting or in this item."""

    person: Person
    scope: AbsenceScope
    span: Span


@frozen
class Decision:
    """Everything the ``decisions`` extractor read from an agenda item.

    ``span`` is the item's ``Beslutning`` section (or, for an item without one, the sentences
    its absences came from).
    """

    outcomes: tuple[Outcome, ...]
    votes: tuple[Vote, ...]
    amendments: tuple[Amendment, ...]
    absences: tuple[Absence, ...]
    span: Span
