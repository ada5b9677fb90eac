"""Unit tests of the amount patterns, one per form, with phrases quoted from the fixtures.

Each case names ``file:line`` (inventory §8.1/8.2); the test first checks that the quoted text
really is on those lines (joined with a space, as the paragraph text joins wrapped lines), then
reads the amounts in it. Expected values come from reading the phrase.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from referat_economics.amounts import find_amounts, parse_amount
from referat_economics.patterns import scale_of

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
_LINES: dict[str, list[str]] = {}


def fixture_text(where: str) -> str:
    """The text of ``"003:37-38"`` (file prefix, 1-based lines), wrapped lines joined by a space."""
    prefix, _, lines = where.partition(":")
    if prefix not in _LINES:
        (path,) = FIXTURES.glob(f"{prefix}_*.txt")
        _LINES[prefix] = path.read_text(encoding="utf-8").split("\n")
    first, _, last = lines.partition("-")
    numbers = range(int(first), int(last or first) + 1)
    return " ".join(_LINES[prefix][n - 1] for n in numbers)


def quoted(where: str, phrase: str) -> str:
    text = fixture_text(where)
    assert phrase in text, f"{phrase!r} is not on {where}"
    return phrase


def mio(text: str) -> Decimal:
    return Decimal(text) * 1_000_000


# (where, phrase quoted from the fixture, [(raw, value in DKK)])
VALUES = [
    ("000:28", "100 mio. kr.", [("100 mio. kr.", mio("100"))]),
    ("000:311", "nedjusteres 1 mio. kr. (både", [("1 mio. kr.", mio("1"))]),
    ("003:22", "ramme på 454.000 kr. i 2017", [("454.000 kr.", Decimal(454000))]),
    ("003:14", "beløb på 6,3 mio. kr. i 2017", [("6,3 mio. kr.", mio("6.3"))]),
    ("001:1120", "i alt 1,46 mio. kr. i 2021", [("1,46 mio. kr.", Decimal(1460000))]),
    ("001:835", "tildelt 15.000.000 kr. til", [("15.000.000 kr.", Decimal(15000000))]),
    ("003:1518", "er på 156.243 kr.", [("156.243 kr.", Decimal(156243))]),
    ("001:1005", "3.729.051,00 kr.", [("3.729.051,00 kr.", Decimal("3729051.00"))]),
    ("003:78", "indmeldes 3.700.000. kr. i", [("3.700.000. kr.", Decimal(3700000))]),
    ("001:896", "og 1.000 kr. til materialer", [("1.000 kr.", Decimal(1000))]),
    ("002:248", "afvigelsen på -10,8 mio. kr. er", [("-10,8 mio. kr.", mio("-10.8"))]),
    (
        "000:212",
        "(124,4 mio. kr. fratrukket 100 mio. kr.)",
        [("124,4 mio. kr.", mio("124.4")), ("100 mio. kr.", mio("100"))],
    ),
    (
        "002:242",
        "(12,5 mio. kr.) og administrationsbesparelser",
        [("12,5 mio. kr.", mio("12.5"))],
    ),
    (
        "002:670",
        "gravsted 6.300 kr., anlæggelse af gravsted 16.700 kr. samt mindsten til 32.500 kr.",
        [
            ("6.300 kr.", Decimal(6300)),
            ("16.700 kr.", Decimal(16700)),
            ("32.500 kr.", Decimal(32500)),
        ],
    ),
    # 003:37-38: the amount is wrapped across two lines, "6,8" / "mio. kr."
    (
        "003:37-38",
        "rammer på 6,8 mio. kr. i 2017 og 13,6 mio. kr. i 2018 og frem.",
        [("6,8 mio. kr.", mio("6.8")), ("13,6 mio. kr.", mio("13.6"))],
    ),
]


@pytest.mark.parametrize(("where", "phrase", "expected"), VALUES, ids=[v[0] for v in VALUES])
def test_values(where: str, phrase: str, expected: list[tuple[str, Decimal]]) -> None:
    found = list(find_amounts(quoted(where, phrase)))
    assert [(a.raw, a.value) for a in found] == expected


def test_decimal_values_are_exact() -> None:
    (amount,) = find_amounts(quoted("003:14", "6,3 mio. kr."))
    assert amount.value == Decimal(6300000)
    assert str(amount.value) == "6300000"  # no float rounding, no trailing ".0"


def test_units_and_scales() -> None:
    (millions,) = find_amounts(quoted("002:54", "0,3 mio. kr."))
    (kroner,) = find_amounts(quoted("003:22", "454.000 kr."))
    assert (millions.unit, millions.scale) == ("mio. kr.", Decimal(1000000))
    assert (kroner.unit, kroner.scale) == ("kr.", Decimal(1))
    assert scale_of("mia. kr.") == Decimal(1000000000)
    assert scale_of("t. kr.") == Decimal(1000)


# (where, phrase, qualifier of its one amount)
QUALIFIERS = [
    ("000:218", "til ca. 70 mio. kr. årligt", "ca."),
    ("000:372", "på ca. 450.000 kr.", "ca."),
    ("002:235", "- ca. 10 mio. kr.", "ca."),
    ("003:632", "mindreforbrug på ca. 3 mio. kr. Det", "ca."),
    ("000:218", "på op til 30 mio. kr. Dette", "op til"),
    ("001:1128", "er minimum 3 mio. kr. Det", "minimum"),
    ("001:455", "om i alt 2.157.500 kr. i puljemidler", "i alt"),
    ("001:896", "om i alt 76.000 kr. i fondsmidler", "i alt"),
    ("001:916", "afsat samlet 32,5 mio. kr. til", "samlet"),
    ("002:242", "med samlet 17 mio. kr. fra 2024", "samlet"),
    ("001:489", "har søgt om 2.157.500 kr. fra puljen", None),
    # "I alt har forvaltningen søgt …": the words are not next to the amount
    ("001:902", "I alt har forvaltningen søgt og fået bevilliget 76.000 kr.", None),
]


@pytest.mark.parametrize(
    ("where", "phrase", "qualifier"), QUALIFIERS, ids=[q[0] for q in QUALIFIERS]
)
def test_qualifiers(where: str, phrase: str, qualifier: str | None) -> None:
    (amount,) = find_amounts(quoted(where, phrase))
    assert amount.qualifier == qualifier
    assert amount.raw[0].isdigit()  # the qualifier is not part of raw


def test_range_with_one_unit() -> None:
    (amount,) = find_amounts(quoted("001:204", "på mellem 18 og 24 mio. kr. Kontraktteamet"))
    assert (amount.value, amount.value_to) == (mio("18"), mio("24"))
    assert (amount.raw, amount.qualifier) == ("18 og 24 mio. kr.", "mellem")


def test_change_from_to_is_two_amounts() -> None:
    phrase = quoted("003:645", "merforbruget fra 13,5 mio. kr. til 7 mio. kr. i 2016.")
    first, second = find_amounts(phrase)
    assert (first.value, first.value_to, first.qualifier) == (mio("13.5"), None, None)
    assert (second.value, second.value_to) == (mio("7"), None)


def test_two_amounts_joined_by_og_are_not_a_range() -> None:
    phrase = quoted("003:14", "6,3 mio. kr. i 2017 og 9,9 mio. kr. årligt fra 2018")
    first, second = find_amounts(phrase)
    assert first.value_to is None and second.value_to is None
    assert (first.value, second.value) == (mio("6.3"), mio("9.9"))


@pytest.mark.parametrize(
    ("phrase", "low", "high", "qualifier"),
    [
        ("10-15 mio. kr.", mio("10"), mio("15"), None),
        ("fra 18 til 24 mio. kr.", mio("18"), mio("24"), "fra"),
        ("ca. 2–3 mio. kr.", mio("2"), mio("3"), "ca."),
    ],
)
def test_other_range_forms(phrase: str, low: Decimal, high: Decimal, qualifier: str | None) -> None:
    (amount,) = find_amounts(phrase)
    assert (amount.value, amount.value_to, amount.qualifier) == (low, high, qualifier)


def test_a_falling_pair_is_not_a_range() -> None:
    (amount,) = find_amounts("fra 13,5 til 7 mio. kr.")
    assert (amount.raw, amount.value_to) == ("7 mio. kr.", None)


# (where, phrase, years raw, from, to, annual) for the first amount of the phrase
YEARS = [
    ("003:48", "6,3 mio. kr. i 2017 og", "i 2017", 2017, 2017, False),
    ("003:22", "3.716.000 kr. i 2018 og frem,", "i 2018 og frem", 2018, None, False),
    ("003:79", "9.800.000 kr. fra 2018 og frem,", "fra 2018 og frem", 2018, None, False),
    ("003:14", "9,9 mio. kr. årligt fra 2018 anvendt", "årligt fra 2018", 2018, None, True),
    ("000:214", "135,0 mio. kr. årligt. Det", "årligt", None, None, True),
    ("000:214", "35 mio. kr. årligt med Budget 2020", "årligt", None, None, True),
    (
        "001:126",
        "150,0 mio. kr. årligt fra 2023 og frem)",
        "årligt fra 2023 og frem",
        2023,
        None,
        True,
    ),
    (
        "002:231",
        "15 mio. kr. årligt fra 2024 og frem.",
        "årligt fra 2024 og frem",
        2024,
        None,
        True,
    ),
    ("002:356", "1,0 mio. kr. årligt i 2025-2027 indenfor", "årligt i 2025-2027", 2025, 2027, True),
    (
        "001:1042",
        "3,0 mio. kr. i perioden 2018-2019 målrettet",
        "i perioden 2018-2019",
        2018,
        2019,
        False,
    ),
    (
        "001:679",
        "2,5 mio. kr. fordelt over årene 2021-2024 forventes",
        "fordelt over årene 2021-2024",
        2021,
        2024,
        False,
    ),
    (
        "002:298",
        "18.747.801 kr. fra 2023 til 2024 og 2025.",
        "fra 2023 til 2024 og 2025",
        2023,
        2025,
        False,
    ),
    ("002:71", "7,7 mio. kr. til 2024 og 11", "til 2024", 2024, 2024, False),
    ("003:90", "1.000.000 kr. årligt , som", "årligt", None, None, True),
    ("003:129-130", "500.000 kr. årligt fra 2018.", "årligt fra 2018", 2018, None, True),
    # "i 2017 og efterfølgende 3.716.000 kr.": "efterfølgende" belongs to the next amount
    ("003:56", "454.000 kr. i 2017 og efterfølgende", "i 2017", 2017, 2017, False),
]


@pytest.mark.parametrize(
    ("where", "phrase", "raw", "start", "end", "annual"), YEARS, ids=[y[0] for y in YEARS]
)
def test_years(
    where: str, phrase: str, raw: str, start: int | None, end: int | None, annual: bool
) -> None:
    amount = next(find_amounts(quoted(where, phrase)))
    assert amount.years is not None
    years = amount.years
    assert (years.raw, years.first, years.last, years.annual) == (raw, start, end, annual)
    assert phrase[years.start : years.end] == raw


@pytest.mark.parametrize(
    ("where", "phrase"),
    [
        ("000:372", "ca. 450.000 kr."),
        ("002:343", "1,5 mio. kr. for hvert årsværk"),
        # a new sentence: "I 2023" belongs to it, not to the amount before
        ("002:390", "12,1 mio. kr. I 2023 var"),
        ("002:670", "14.000 kr. for en 10-årig periode"),
    ],
)
def test_no_years(where: str, phrase: str) -> None:
    amount = next(find_amounts(quoted(where, phrase)))
    assert amount.years is None


def test_each_amount_of_a_list_gets_its_own_years() -> None:
    phrase = quoted(
        "001:126",
        "(186,0 mio. kr. i 2021, 170,0 mio. kr. i 2022 og 150,0 mio. kr. årligt fra 2023 og frem)",
    )
    years = [(a.years.first, a.years.last, a.years.annual) for a in find_amounts(phrase) if a.years]
    assert years == [(2021, 2021, False), (2022, 2022, False), (2023, None, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Odense Kommune har 50 pladser.",  # a count, no unit
        "Kurser, møder og supervision 110.000",  # 003:414, a flattened table row: no unit
        "et varigt trecifret millionbeløb",  # 001:126, a word, not a number
        "Engangsbeløb i kr.",  # a unit with no number
        "møde d. 7/6 2016 kl. 11",
        "32 %, 11,9% og 0,7%-point",
        "fra 2023 til 2024",
    ],
)
def test_not_amounts(text: str) -> None:
    assert list(find_amounts(text)) == []


def test_currency_must_be_a_word() -> None:
    assert list(find_amounts("10 kræver")) == []
    assert [a.raw for a in find_amounts("10 kr")] == ["10 kr"]


def test_parse_amount_reads_exactly_one_phrase() -> None:
    found = parse_amount("mellem 18 og 24 mio. kr.")
    assert found is not None
    assert (found.value, found.value_to, found.qualifier) == (mio("18"), mio("24"), "mellem")
    assert parse_amount("ca. 450.000 kr.") is not None
    assert parse_amount("450.000 kr. og 3 kr.") is None
    assert parse_amount("der søges 450.000 kr.") is None
    assert parse_amount("450.000") is None


def test_a_year_before_til_is_not_a_lower_bound() -> None:
    (amount,) = find_amounts("Budgettet reduceres i 2017 til 2.500.000 kr.")
    assert (amount.raw, amount.value_to) == ("2.500.000 kr.", None)
    (amount,) = find_amounts("mellem 2000 og 3000 kr.")  # after "mellem" it is a bound
    assert (amount.value, amount.value_to) == (Decimal(2000), Decimal(3000))
