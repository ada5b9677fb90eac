"""The Danish words the strategies draw from: committees, people, parties, places, titles.

Every list is ordered from the plainest entry to the most unusual, because hypothesis shrinks a
``sampled_from`` towards its first element: a shrunk example reads like a real referat.
"""

from __future__ import annotations

from referat.models import SectionKind

#: Committees and councils (the body a meeting or a decision heading names).
COMMITTEES = (
    "Økonomiudvalget",
    "Byrådet",
    "Kommunalbestyrelsen",
    "Beskæftigelses- og Socialudvalget",
    "Teknik- og Miljøudvalget",
    "Børne- og Ungeudvalget",
    "Kultur- og Fritidsudvalget",
    "Ældre- og Handicapudvalget",
    "Klima- og Planudvalget",
    "Regionsrådet",
)

#: Electoral periods printed after a committee name.
PERIODS = ("2022-2025", "2018-2021", "2014-2017", "2010-2013")

#: Meeting places.
LOCATIONS = (
    "Rådhuset",
    "Udvalgsværelset, stuen, Skulkenborg 1, 5000 Odense C",
    "Byrådssalen",
    "Mødelokale 2, Rådhuset",
    "Teams-møde",
    "Rådhussalen, Juelsminde Rådhus",
)

#: First names and surnames of members.
FIRST_NAMES = (
    "Anne", "Hans", "Mette", "Søren", "Peter", "Lise", "Jens", "Karen", "Mads", "Birgitte",
    "Ulla", "Claus", "Tim", "Reza", "Cæcilie", "Jørgen", "Ahmad", "Åse",
)  # fmt: skip
SURNAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Møller", "Kristensen", "Østergaard", "Hoffmann-Petersen", "Chambless",
    "Vermund", "Lund", "Witek", "Ærø",
)  # fmt: skip

#: Party letters as the minutes print them.
PARTIES = ("A", "V", "C", "F", "Ø", "O", "B", "I", "K", "D", "Å", "Æ", "M")

#: Item titles: whole titles and templates (``{year}``, ``{place}``, ``{thing}``, ``{n}``).
TITLE_TEMPLATES = (
    "Godkendelse af dagsorden",
    "Budgetopfølgning {year}",
    "Orientering om {thing}",
    "Godkendelse af {thing}",
    "Forslag til lokalplan nr. {n} for {place}",
    "Anlægsbevilling til {thing} i {place}",
    "Ansøgning om tilskud til {thing}",
    "Høringssvar vedrørende {thing}",
    "Aktuelle sager",
    "Regnskab {year} for {thing}",
    "B-sag: Afrapportering på {thing}",
    "D-sag: Status på {thing}",
    "Salg af areal ved {place}",
    "Meddelelser fra formanden",
)
THINGS = (
    "det specialiserede socialområde",
    "ældreplejen",
    "skolernes ventilation",
    "den boligsociale helhedsplan",
    "klimahandlingsplanen",
    "cykelstien langs havnen",
    "kulturpuljen",
    "rammeaftalen for tilbud til voksne",
    "vandløbsindsatsen",
)
PLACES = (
    "Store Claus", "Rising", "Korsløkken", "Vestbyen", "Bjørnemosevej", "Havnen", "Ærøskøbing",
)  # fmt: skip

#: Sentences of running text (no amount, no date, no decision): they end with a full stop.
SENTENCES = (
    "Forvaltningen har udarbejdet et oplæg til udvalgets drøftelse.",
    "Sagen forelægges udvalget til orientering.",
    "Der er i perioden afholdt tre dialogmøder med borgerne.",
    "Projektet gennemføres i samarbejde med de lokale foreninger.",
    "Udvalget skal tage stilling til den videre proces.",
    "Analysen viser en stigning i antallet af borgere i målgruppen.",
    "Høringsfristen er overholdt, og der er indkommet fire svar.",
    "Forslaget er i overensstemmelse med kommuneplanen.",
    "Arbejdet afrapporteres til udvalget ved årets udgang.",
    "Der er tale om en videreførelse af den nuværende praksis.",
)

#: Lead-ins of a sentence that states an amount (the amount ends the phrase).
AMOUNT_LEADS = (
    "Udgiften udgør",
    "Der afsættes",
    "Projektet er budgetteret til",
    "Mindreforbruget udgør",
    "Der søges en anlægsbevilling på",
)

#: What an outcome sentence's verb phrase is, by the outcome (``OutcomeKind`` values of the
#: decisions plugin): ``(predicate, kind)``.
OUTCOMES = (
    ("godkender indstillingen", "godkendt"),
    ("anbefaler indstillingen", "anbefalet"),
    ("tager orienteringen til efterretning", "taget til efterretning"),
    ("drøftede sagen", "drøftet"),
    ("udsætter sagen", "udsat"),
    ("afviser forslaget", "forkastet"),
    ("oversender sagen til Byrådet", "oversendt"),
)
#: Sentences that name no committee, and their outcome.
RESULTS = (
    ("Godkendt.", "godkendt"),
    ("Anbefales.", "anbefalet"),
    ("Orientering givet.", "taget til efterretning"),
    ("Drøftet.", "drøftet"),
    ("Udsat.", "udsat"),
)

#: What a vote is about.
VOTE_SUBJECTS = ("indstillingen", "forslaget", "sagen", "resolutionsteksten")

#: The section kinds a generated item has, and the order they come in (as in the exports).
SECTION_ORDER = (
    SectionKind.DECISION_THEME,
    SectionKind.RESUME,
    SectionKind.EFFECT,
    SectionKind.BACKGROUND,
    SectionKind.RECOMMENDATION,
    SectionKind.DECISION,
    SectionKind.CASE_PRESENTATION,
    SectionKind.CASE_HISTORY,
    SectionKind.LEGAL_BASIS,
    SectionKind.ECONOMY,
    SectionKind.HEARING,
    SectionKind.COMMUNICATION,
    SectionKind.ATTACHMENTS,
)

#: KLE subjects (``00.01.00``) and handlingsfacetter (``A00``), as the case systems print them.
KLE_SUBJECTS = ("00.01.00", "00.30.00", "15.20.00", "85.02.02", "03.02.00", "27.24.00", "17.02.00")
KLE_FACETS = ("A00", "P35", "S00", "G01", "K01", "Ø34", "A26", "P20")

#: Tables: the header's first cell and the unit the tables plugin reads from it (its canonical
#: name; ``None``: no unit), the labels of the value columns, and the row labels.
TABLE_UNITS = (
    ("Beløb i 1.000 kr.", "1.000 kr."),
    ("Mio. kr.", "Mio. kr."),
    ("kr.", "kr."),
    ("Antal", None),
)
TABLE_COLUMNS = (
    ("Budget", "Forbrug", "Afvigelse"),
    ("Oprindeligt budget", "Korrigeret budget", "Regnskab"),
)
TABLE_ROWS = (
    "Drift", "Anlæg", "Indtægter", "Udgifter", "Personale", "Husleje", "Administration",
    "Aktiviteter", "Serviceudgifter", "Overførsler",
)  # fmt: skip
#: The label of a totals row.
TABLE_TOTAL = "I alt"
