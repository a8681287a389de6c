"""Typed quantity slots and the hints built on them: values, bounds, units, what is counted."""

import pytest

from claimdesk.matching import conflict_hints
from claimdesk.matching.names_differ import name_differences
from claimdesk.matching.quotes import quote_differences
from claimdesk.matching.slots import conflicting_quantities, quantities


def slots(text: str) -> list[tuple[str, str, str]]:
    return [(q.what, f"{q.value:.10g}", q.bound) for q in quantities(text)]


def number_hints(a: str, b: str) -> list[str]:
    return [h.description for h in conflict_hints(a, b) if h.kind == "number"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 235 people were killed", [("killed", "235", "least")]),
        ("Twenty-four Ukrainians were detained", [("detained", "24", "exact")]),
        ("more than 500 remain missing", [("missing", "500", "lower")]),
        ("475 are unaccounted for", [("missing", "475", "exact")]),
        ("bringing the death toll to 63", [("killed", "63", "exact")]),
        ("injuring six Ukrainian seamen", [("injured", "6", "exact")]),
        ("was 65 per cent contained", [("percent", "65", "exact")]),
        ("nearly 19,000 buildings", [("buildings", "19000", "nearly")]),
        ("$5.5 million in aid", [("money:usd", "5500000", "exact")]),
        ("a 45-year-old man", [("age", "45", "exact")]),
        ("for more than six hours", [("duration", "6", "lower")]),
        ("on Nov. 8 in 2018 at 5 p.m.", []),  # dates, years and clock times are not counts
        ("one of the suspects said", []),  # "one" as a pronoun
    ],
)
def test_slots_are_typed_with_their_bounds(text, expected):
    assert slots(text) == expected


def test_units_are_normalised():
    assert conflicting_quantities("a 5 km march", "a march of 5,000 metres") == []
    assert number_hints("ran 3 miles", "ran 10 km") == ["distance: 3 miles vs 10 km"]
    assert number_hints("martial law for 30 days", "martial law for a 30-day period") == []


def test_the_issue_example_names_both_values_and_what_they_count():
    hints = conflict_hints("at least 235 people were killed", "the quake has killed 305 people")
    assert [(h.kind, h.value_a, h.value_b, h.slot) for h in hints] == [
        ("number", "235", "305", "killed")
    ]
    assert hints[0].description == "killed: at least 235 vs 305"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("more than 100 people died", "128 people were killed"),  # a threshold that holds
        (
            "Around 5,000 migrants camped at the stadium",
            "More than 5,000 migrants camped at the stadium",
        ),
        ("around 500 migrants tried to cross", "nearly 500 migrants tried to cross"),
        ("About 7,500 migrants have arrived", "7,417 migrants have arrived"),
        ("5000 English words were rated", "4,997 words were rated"),  # rounded
        ("Russian shelling killed five people.", "five civilians were killed by shelling."),
    ],
)
def test_overlapping_bounds_and_same_figures_do_not_conflict(a, b):
    assert number_hints(a, b) == []
    assert number_hints(b, a) == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "At least 83 people died",
            "has killed at least 84 people",
            "killed: At least 83 vs at least 84",
        ),
        (
            "more than 500 remain missing",
            "475 are unaccounted for",
            "missing: more than 500 vs 475",
        ),
        (
            "was 65 per cent contained, up from 60 per cent",
            "is now 95% contained",
            "percent: 65 per cent vs 95%",
        ),
        (
            "The list of people unaccounted for rose from 297 to 631",
            "The number of people still missing dropped to 249",
            "missing: 631 vs 249",
        ),
        (
            "detained for 60 days",
            "held in custody for 30 days",
            "duration detained: 60 days vs 30 days",
        ),
    ],
)
def test_different_figures_of_one_slot_conflict(a, b, expected):
    assert number_hints(a, b) == [expected]


def test_counts_of_different_things_do_not_conflict():
    assert number_hints("detained for 60 days", "martial law for 30 days") == []
    assert number_hints("at least 23 people injured", "5 people were evacuated") == []
    # Plain counts of people need more than one shared word around them.
    assert (
        number_hints(
            "around 500 migrants tried to enter the U.S.", "Mexico has deported nearly 100 migrants"
        )
        == []
    )


def test_weekdays_become_dates_from_the_article_date():
    monday = "2018-11-26"
    hints = conflict_hints(
        "martial law for 30 days starting Wednesday", "martial law from 26 November", monday, monday
    )
    assert [(h.kind, h.value_a, h.value_b) for h in hints] == [("date", "11-28", "11-26")]
    assert hints[0].description == "date: Nov 28 vs Nov 26"
    agree = conflict_hints("starting Wednesday", "from 28 November", monday, "2018-11-27")
    assert agree == []


def test_month_abbreviations_are_the_same_date():
    assert conflict_hints("It opened on Sept. 15.", "It opened on September 15.") == []
    assert [h.kind for h in conflict_hints("on Sept. 15", "on Sept. 16")] == ["date"]


def test_quotation_wording():
    a = "protested with chants of “We aren’t criminals! We are hard workers.”"
    b = "while chanting: “We are not criminals! We are international workers!”"
    assert quote_differences(a, b) == [("hard", "international")]
    hints = conflict_hints(a, b)
    assert [(h.kind, h.description) for h in hints] == [
        ("quote", 'quote: "hard" vs "international"')
    ]
    # One report quoting less of the same words, or another spelling: no difference.
    assert (
        quote_differences(
            '"They had to be used because they were being rushed by some very tough people," he said',
            'they were "being rushed by some very tough people"',
        )
        == []
    )
    assert (
        quote_differences(
            'its "destabilizing behavior in the region and its violation"',
            'its "destabilising behaviour in the region and its violation"',
        )
        == []
    )


def test_names_that_differ_in_one_word():
    assert name_differences(
        "U.S. Customs and Border Protection helicopters flew overhead",
        "tear gas used by U.S. Customs and Border Patrol agents",
    ) == [("U.S. Customs and Border Protection", "U.S. Customs and Border Patrol")]
    assert (
        name_differences("Kremlin aide Yuri Ushakov said", "Kremlin aide Yury Ushakov said") == []
    )
    assert name_differences("President Donald Trump said", "President Vladimir Putin said") == []


def test_unit_conversions_are_rounded_and_scores_are_not_ranges():
    assert number_hints("crashed 30 miles north of the city", "crashed 50 kilometres north") == []
    assert number_hints("rejected by 52 percent to 48 percent", "with 52% voting no") == []
    assert slots("5-8 centimetres of rain") == [("distance", "0.065", "about")]


def test_areas_are_compared_across_units():
    assert (
        number_hints("The fire has burned 150,000 acres", "it burned nearly 62,000 hectares") == []
    )
    assert number_hints("The fire has burned 150,000 acres", "it burned 100,000 acres") == [
        "area: 150,000 acres vs 100,000 acres"
    ]


def test_hint_values_are_shown_in_the_unit_written():
    hints = conflict_hints("was 65 per cent contained", "is now 95% contained")
    assert [(h.value_a, h.value_b) for h in hints] == [("65%", "95%")]
    hints = conflict_hints("detained for 60 days", "held in custody for 30 days")
    assert [(h.value_a, h.value_b, h.slot) for h in hints] == [
        ("60 days", "30 days", "duration:detained")
    ]
