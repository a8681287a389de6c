"""Who speaks in a claim, and one quotation put in two mouths (matching/speakers.py)."""

from claimdesk.matching import conflict_hints
from claimdesk.matching.speakers import attribution_differences, speakers
from claimdesk.matching.text import tokenize

QUOTE = '"We will not yield to this pressure from abroad,"'


def test_speakers_of_a_claim():
    assert speakers(tokenize(f"{QUOTE} Ruiz said on Monday.")) == {"ruiz"}
    assert speakers(tokenize("according to Kremlin aide Yuri Ushakov, talks ended")) == {"ushakov"}
    assert speakers(tokenize(f"{QUOTE} he said.")) == set()  # a pronoun is no source


def test_one_quotation_two_speakers():
    a, b = f"{QUOTE} Ruiz said on Monday.", f"{QUOTE} Lopez told reporters."
    assert attribution_differences(a, b) == [("Ruiz", "Lopez")]
    assert [h.description for h in conflict_hints(a, b) if h.kind == "who"] == [
        "quoted: Ruiz vs Lopez"
    ]


def test_silence_when_one_may_speak_for_the_other_or_the_quotes_differ():
    # "Mr Ruiz" is Ruiz; an aide speaks for the body named in his title.
    assert attribution_differences(f"{QUOTE} Ruiz said.", f"{QUOTE} Mr Ruiz said.") == []
    assert (
        attribution_differences(
            f"{QUOTE} Kremlin aide Yuri Ushakov said.", f"{QUOTE} the Kremlin said."
        )
        == []
    )
    # Too short to be sure it is one quotation; or two different quotations.
    assert (
        attribution_differences(
            '"We will not yield," Ruiz said.', '"We will not yield," Lopez said.'
        )
        == []
    )
    assert (
        attribution_differences(
            f"{QUOTE} Ruiz said.", '"Prices will rise again next spring," Lopez said.'
        )
        == []
    )
