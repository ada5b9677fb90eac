"""Read the predicate of a committee sentence: its verb phrase, kind, object and addition.

The grammar parses the committee; the rest of the sentence (``godkender indstillingen med den
tilføjelse, at …``) is read here, word by word, against small verb tables:

* a finite verb (``godkender``, ``anbefaler``, ``drøftede`` …) gives the kind directly;
* some need a particle to mean what the table says: ``tager … til efterretning`` (noted),
  ``ophævede … til en beslutningssag`` (elevated), ``trak … tilbage`` (withdrawn);
* ``ikke`` after an approving verb makes the outcome a rejection (``godkender ikke``);
* a verb of will followed by ``at`` and an infinitive (``besluttede at udsætte``, ``ønsker at
  fastholde``) is read as one verb phrase, classified by the infinitive;
* a modal verb and an infinitive (``kunne tiltræde``, ``kan ikke anbefale``) likewise, ``ikke``
  making an approval a rejection; ``har``/``havde`` and a participle (``har godkendt``, ``har
  haft sagen til orientering``) are classified by the participle;
* ``blev``/``er`` and a passive participle (``blev orienteret``) likewise;
* any other verb is an ``OTHER`` outcome, its verb kept as written.
"""

from __future__ import annotations

import functools
import itertools
import re

from attrs import frozen

from referat.models import Model
from referat_decisions.models import OutcomeKind

K = OutcomeKind

#: Finite verbs of a committee sentence.
FINITE: dict[str, OutcomeKind] = {
    "godkender": K.APPROVED,
    "godkendte": K.APPROVED,
    "vedtager": K.APPROVED,
    "vedtog": K.APPROVED,
    "tiltræder": K.APPROVED,
    "tiltrådte": K.APPROVED,
    "bevilger": K.APPROVED,
    "bevilgede": K.APPROVED,
    "anbefaler": K.RECOMMENDED,
    "anbefalede": K.RECOMMENDED,
    "drøfter": K.DISCUSSED,
    "drøftede": K.DISCUSSED,
    "tager": K.NOTED,
    "tog": K.NOTED,
    "ophæver": K.ELEVATED,
    "ophævede": K.ELEVATED,
    "afviser": K.REJECTED,
    "afviste": K.REJECTED,
    "forkaster": K.REJECTED,
    "forkastede": K.REJECTED,
    "udsætter": K.POSTPONED,
    "udsatte": K.POSTPONED,
    "trækker": K.WITHDRAWN,
    "trak": K.WITHDRAWN,
    "tilbagetrækker": K.WITHDRAWN,
    "tilbagetrak": K.WITHDRAWN,
    "tilslutter": K.APPROVED,  # "tilsluttede sig, at …"
    "tilsluttede": K.APPROVED,
    "indstiller": K.RECOMMENDED,  # "Økonomiudvalget indstiller til byrådet, at …"
    "indstillede": K.RECOMMENDED,
    "oversender": K.FORWARDED,
    "oversendte": K.FORWARDED,
    "fremsender": K.FORWARDED,
    "fremsendte": K.FORWARDED,
    "videresender": K.FORWARDED,
    "videresendte": K.FORWARDED,
    "henviser": K.FORWARDED,  # "Udvalget henviser sagen til budgetforhandlingerne."
    "henviste": K.FORWARDED,
}

#: Participles after ``har``/``havde``; ``haft`` needs ``til orientering``/``til efterretning``.
PARTICIPLE: dict[str, OutcomeKind] = {
    "godkendt": K.APPROVED,
    "vedtaget": K.APPROVED,
    "tiltrådt": K.APPROVED,
    "anbefalet": K.RECOMMENDED,
    "drøftet": K.DISCUSSED,
    "haft": K.NOTED,
    "taget": K.NOTED,
    "afvist": K.REJECTED,
    "forkastet": K.REJECTED,
    "udsat": K.POSTPONED,
    "oversendt": K.FORWARDED,
    "fremsendt": K.FORWARDED,
    "henvist": K.FORWARDED,
}

#: Participles after a passive ``blev``/``er``/``bliver``: ``Magistraten blev orienteret om …``.
PASSIVE: dict[str, OutcomeKind] = {
    "orienteret": K.NOTED,
}
#: Auxiliaries of the passive.
PASSIVE_AUX = frozenset({"blev", "er", "bliver"})

#: Infinitives after a verb of will (``besluttede at …``).
INFINITIVE: dict[str, OutcomeKind] = {
    "godkende": K.APPROVED,
    "vedtage": K.APPROVED,
    "tiltræde": K.APPROVED,
    "bevilge": K.APPROVED,
    "anbefale": K.RECOMMENDED,
    "drøfte": K.DISCUSSED,
    "tage": K.NOTED,
    "ophæve": K.ELEVATED,
    "afvise": K.REJECTED,
    "forkaste": K.REJECTED,
    "udsætte": K.POSTPONED,
    "trække": K.WITHDRAWN,
    "tilbagetrække": K.WITHDRAWN,
    "tilslutte": K.APPROVED,
    "støtte": K.APPROVED,
    "oversende": K.FORWARDED,
    "fremsende": K.FORWARDED,
}

#: Verbs whose reflexive pronoun belongs to the verb phrase (``tilsluttede sig``).
REFLEXIVE = frozenset({"tilslutter", "tilsluttede"})
#: Modal verbs followed by an infinitive without ``at`` (``kunne tiltræde``).
MODAL = frozenset({"kunne", "kan"})
#: Adverbs between a modal verb and its infinitive (``kunne enstemmigt tiltræde``).
MODAL_ADVERB = frozenset({"enstemmigt", "derfor", "også", "således", "fortsat"})
#: Auxiliaries followed by a participle (``har godkendt``).
PERFECT = frozenset({"har", "havde"})

#: Verbs that take ``at`` + infinitive.
WILL = frozenset(
    {"beslutter", "besluttede", "ønsker", "ønskede", "vælger", "valgte", "foreslår", "foreslog"}
)

#: Words after ``at`` that end in -e but are not infinitives.
_NOT_INFINITIVE = frozenset(
    {"de", "denne", "disse", "hele", "alle", "samme", "andre", "nogle", "flere"}
)

# Particles a verb needs to have its table meaning, and where the object ends. "(?<!\s)" makes a
# search start only at the first space of a run, which keeps it linear.
_PARTICLE = {
    K.NOTED: re.compile(r"(?<!\s)\s+til\s+(?:efterretning|orientering)\b"),
    K.ELEVATED: re.compile(r"(?<!\s)\s+til\s+(?:en\s+)?beslutningssag\b"),
    K.WITHDRAWN: re.compile(r"(?<!\s)\s+tilbage\b"),
}
_PARTICLE_TEXT = {K.NOTED: "til efterretning", K.WITHDRAWN: "tilbage"}  # or as written
_NO_PARTICLE_NEEDED = frozenset({"tilbagetrækker", "tilbagetrak", "tilbagetrække", "orienteret"})

@functools.cache
def addition() -> re.Pattern[str]:
    """``med den tilføjelse, at …`` / ``med følgende tilføjelse:`` (and ændring, bemærkning);
    compiled at the first sentence with a ``med`` after its verb, not at each start."""
    return re.compile(
        r"(?<![\s,])(?:,\s*|\s+)med\s+(?:den|de|følgende)\s+"
        r"(?:tilføjelser?|ændringer?|bemærkninger?)\b[ \t]*([,:]?)\s*"
    )

_WORD = re.compile(r"[^\s,.:;]+")


@frozen(repr=False, eq=False)
class Predicate(Model):
    """What the predicate says. Offsets are relative to the predicate text.

    ``addition_start`` is where the addition's text begins (it runs to the end of the
    paragraph); ``addition_next`` tells that it is the next block (``med følgende tilføjelse:``
    at the end of the paragraph).
    """

    kind: OutcomeKind
    verb: str
    object: str | None
    object_start: int | None
    object_end: int | None
    addition_start: int | None
    addition_next: bool


#: The participles each auxiliary takes: ``har`` a perfect, ``blev`` a passive one.
_AUXILIARY: dict[str, dict[str, OutcomeKind]] = {
    **dict.fromkeys(PERFECT, PARTICIPLE),
    **dict.fromkeys(PASSIVE_AUX, PASSIVE),
}


def _words(text: str, start: int) -> list[re.Match[str]]:
    return list(itertools.islice(_WORD.finditer(text, start), 3))


def _verb_phrase(text: str) -> tuple[OutcomeKind, list[str], int]:
    """The kind, the verb words and the offset just after the verb phrase."""
    words = _words(text, 0)
    if not words:
        return K.OTHER, [], 0
    verb = words[0].group()
    lowered = verb.lower()
    kind = FINITE.get(lowered, K.OTHER)
    taken = [verb]
    end = words[0].end()
    head = lowered
    at_follows = len(words) > 2 and words[1].group() == "at"
    if lowered in WILL and at_follows and words[1].start() == _after_space(text, end):
        infinitive = words[2].group().lower()
        if infinitive in INFINITIVE or (
            infinitive.endswith("e") and infinitive not in _NOT_INFINITIVE
        ):
            kind = INFINITIVE.get(infinitive, K.OTHER)
            taken += ["at", words[2].group()]
            end = words[2].end()
            head = infinitive
    elif lowered in MODAL and len(words) > 1:
        negated = words[1].group() == "ikke"
        verb_at = 2 if negated else 1
        if not negated and len(words) > verb_at and words[verb_at].group() in MODAL_ADVERB:
            words = list(itertools.islice(_WORD.finditer(text, 0), verb_at + 2))
            verb_at += 1  # "kunne enstemmigt tiltræde"
        if len(words) > verb_at and words[verb_at].group().lower() in INFINITIVE:
            infinitive = words[verb_at].group().lower()
            kind = INFINITIVE[infinitive]
            if negated:
                kind = K.REJECTED if kind in (K.APPROVED, K.RECOMMENDED) else K.OTHER
            taken += [w.group() for w in words[1 : verb_at + 1]]
            end = words[verb_at].end()
            head = infinitive
    elif len(words) > 1 and words[1].group().lower() in _AUXILIARY.get(lowered, {}):
        # "har godkendt", "blev orienteret om de tekniske ændringer"
        participle = words[1].group().lower()
        kind = _AUXILIARY[lowered][participle]
        taken.append(words[1].group())
        end = words[1].end()
        head = participle
    elif lowered in REFLEXIVE and len(words) > 1 and words[1].group() == "sig":
        taken.append("sig")  # "tilsluttede sig, at …"
        end = words[1].end()
    elif len(words) > 1 and words[1].group() == "ikke" and kind in (K.APPROVED, K.RECOMMENDED):
        kind = K.REJECTED
        taken.append("ikke")
        end = words[1].end()
    particle = _PARTICLE.get(kind)
    if particle is not None and head not in _NO_PARTICLE_NEEDED and not particle.search(text, end):
        kind = K.OTHER  # "tager" without "til efterretning" is not a noting
    return kind, taken, end


def _after_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


@functools.cache
def later() -> re.Pattern[str]:
    r"""A clause that says what the body then decided: ``Udvalget stillede spørgsmål …,
    hvorefter udvalget besluttede at udsætte sagens behandling``. "(?<!\s)" keeps the search
    linear. Compiled at the first sentence that has the word."""
    return re.compile(
        r"(?<!\s),?\s+hvorefter\s+(?:udvalget|byrådet|magistraten|kommunalbestyrelsen|"
        r"regionsrådet|direktionen)\s+",
        re.IGNORECASE,
    )


def read_predicate(text: str) -> Predicate:
    """Read ``text``: a committee sentence after its committee, without the final full stop.

    When its own verb says nothing known, a later ``…, hvorefter udvalget <verb> …`` clause
    says what was decided (offsets then count from ``text``'s start all the same)."""
    predicate = _read_predicate(text)
    if predicate.kind is not K.OTHER:
        return predicate
    # (No letter of "hvorefter" has a case-insensitive match that lower-casing misses.)
    clause = later().search(text) if "hvorefter" in text.lower() else None
    if clause is None:
        return predicate
    then = _read_predicate(text[clause.end() :])
    if then.kind is K.OTHER:
        return predicate
    shift = clause.end()
    return Predicate(
        kind=then.kind,
        verb=then.verb,
        object=then.object,
        object_start=None if then.object_start is None else then.object_start + shift,
        object_end=None if then.object_end is None else then.object_end + shift,
        addition_start=None if then.addition_start is None else then.addition_start + shift,
        addition_next=then.addition_next,
    )


def _read_predicate(text: str) -> Predicate:
    kind, verb_words, verb_end = _verb_phrase(text)
    object_end = len(text)
    addition_start: int | None = None
    addition_next = False
    marker = addition().search(text, verb_end) if text.find("med", verb_end) >= 0 else None
    if marker is not None:
        object_end = marker.start()
        addition_start = marker.end()
        addition_next = marker.end() >= len(text) and marker.group(1) == ":"
        if marker.end() >= len(text):
            addition_start = None
    particle = _PARTICLE.get(kind)
    if particle is not None and (found := particle.search(text, verb_end, object_end)):
        object_end = found.start()
        if kind in _PARTICLE_TEXT:
            verb_words.append(" ".join(found.group().split()))
    object_start = verb_end
    while object_start < object_end and text[object_start] in " \t\n,":
        object_start += 1
    while object_end > object_start and text[object_end - 1] in " \t\n,":
        object_end -= 1
    has_object = object_start < object_end
    return Predicate(
        kind=kind,
        verb=" ".join(verb_words),
        object=" ".join(text[object_start:object_end].split()) if has_object else None,
        object_start=object_start if has_object else None,
        object_end=object_end if has_object else None,
        addition_start=addition_start,
        addition_next=addition_next,
    )
