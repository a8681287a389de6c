"""Where someone spoke, given two ways (matching/places.py), and the hint built on it."""

import pytest

from claimdesk.matching import conflict_hints
from claimdesk.matching.places import place_differences, speech_places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Speaking in Ohio, Mayor Ruiz said the plant would close.", ("Ohio",)),
        ("Ruiz told reporters on Friday at the City Hall that it would close.", ("City Hall",)),
        ("Ruiz said at a news conference in Dayton that it would close.", ("Dayton",)),
        ("Ruiz told the Dayton Daily in Columbus that it would close.", ("Columbus",)),
        # Where something else happened, not where the speaker was.
        ("Ruiz said the workers in Ohio would lose their jobs.", ()),
        # Not places: a day, a month, a medium, a lowercase phrase.
        ("Ruiz said on Friday in November that it would close.", ()),
        ("Ruiz said on Twitter that it would close.", ()),
        ("Ruiz said in a statement that it would close.", ()),
    ],
)
def test_speech_places(text, expected):
    assert speech_places(text) == expected


def test_one_speaker_in_two_places_is_a_hint():
    a = "Speaking in Ohio, Mayor Ruiz said the plant would close."
    b = "Ruiz told reporters at the City Hall in Dayton before flying to Ohio that it would close."
    assert place_differences(a, b) == [("Ruiz", "Ohio", "City Hall")]
    hints = [h for h in conflict_hints(a, b) if h.kind == "place"]
    assert [h.description for h in hints] == ["Ruiz spoke in/at: Ohio vs City Hall"]
    assert (hints[0].value_a, hints[0].value_b) == ("Ohio", "City Hall")


def test_silence_when_the_places_or_speakers_do_not_clearly_differ():
    ohio = "Speaking in Ohio, Mayor Ruiz said the plant would close."
    # The same place in both.
    assert place_differences(ohio, "Ruiz told reporters in Ohio it would close.") == []
    # A place with a word of the other ("Dayton" / "Dayton City Hall"): maybe one in the other.
    assert (
        place_differences(
            "Ruiz said in Dayton that it would close.", "Ruiz spoke at Dayton City Hall."
        )
        == []
    )
    # Two speakers: two speeches, not one told two ways.
    assert place_differences(ohio, "Governor Lee told reporters in Texas it would close.") == []
    # Only one claim says where.
    assert place_differences(ohio, "Ruiz said the plant would close.") == []


def test_a_site_and_a_town_meet_only_when_the_town_is_named_apart():
    site = "Speaking at the White House, Ruiz said the economy was strong."
    # The White House may be in the town: silence.
    assert place_differences(site, "Ruiz told reporters in Washington it was strong.") == []
    # The town named as where the site is: still one place.
    assert (
        place_differences(
            "Speaking in Ohio, Ruiz said the vote was fair.",
            "Ruiz told reporters at the Capitol in Columbus, Ohio, that the vote was fair.",
        )
        == []
    )
    # Two sites, or two towns, are compared outright.
    assert place_differences(
        "Speaking at the Kremlin, Ruiz said talks failed.", "Ruiz said at the Elysee Palace that"
    ) == [("Ruiz", "Kremlin", "Elysee Palace")]
