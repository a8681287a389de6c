"""Titles and roles of people (matching/titles.py): anchors, families, one title two ways."""

from claimdesk.matching.titles import title_hints, titles


def pairs(a: str, b: str) -> list[tuple[str, str]]:
    return [(h.value_a, h.value_b) for h in title_hints(a, b)]


def test_anchors_after_before_and_in_a_place():
    assert titles("Defense Minister Ivan Petrov said") == [("defense minister", "person:petrov")]
    assert titles("Ana Ruiz, an economist at the bank, said") == [("economist", "person:ruiz")]
    assert titles("the ambassador in Lima") == [("ambassador", "place:lima")]
    # "..., a company spokesman said": the one speaking, not an apposition to "Acme Cloud".
    assert titles("Sales fell at Acme Cloud, a company spokesman said.") == []
    # Abbreviations count only with their capital; lowercase "general" is no rank.
    assert titles("Gov. Jeff Lee declared an emergency") == [("gov.", "person:lee")]
    assert titles("the general public was told") == []


def test_two_professions_or_posts_for_one_person():
    assert pairs(
        "Ana Ruiz, an economist at the bank, said rates would rise.",
        "Sociologist Ana Ruiz said rates would rise.",
    ) == [("economist", "sociologist")]
    assert pairs("Deputy Mayor Ana Ruiz said", "Mayor Ana Ruiz said") == [("deputy mayor", "mayor")]
    assert pairs("Gov. Jeff Lee declared", "Lt. Gov. Jeff Lee declared") == [("gov.", "lt. gov.")]


def test_one_title_written_two_ways_or_made_precise_is_no_conflict():
    assert (
        pairs("Kremlin spokesman Ivan Petrov said", "Kremlin spokesperson Ivan Petrov said") == []
    )
    assert pairs("Gov. Jeff Lee declared", "Governor Jeff Lee declared") == []
    assert pairs("Foreign Minister Ivan Petrov said", "Minister Ivan Petrov said") == []
    assert pairs("Secretary of State Ana Ruiz said", "Secretary Ana Ruiz said") == []
    assert pairs("attorney Ana Ruiz said", "lawyer Ana Ruiz said") == []
    # Titles of different families (a rank and a profession) fit one person.
    assert pairs("Ana Ruiz, a psychology professor, said", "psychologist Ana Ruiz said") == []
    # Generic titles fit any of their family.
    assert pairs("researcher Ana Ruiz said", "Ana Ruiz, a lecturer at the university, said") == []
    # Different people.
    assert pairs("economist Ana Ruiz said", "sociologist Maria Lopez said") == []
