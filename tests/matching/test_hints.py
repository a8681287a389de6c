from claimdesk.matching import conflict_hints
from claimdesk.matching.lists import listed_items


def kinds(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(h.kind, h.value_a, h.value_b) for h in conflict_hints(a, b)]


def test_numbers_of_related_nouns_with_shared_event_conflict():
    assert kinds(
        "authorities reported at least 23 people injured in this 13-hour onslaught",
        "Russia launched a drone strike on Kyiv, injuring at least 14 civilians",
    ) == [("number", "23", "14")]


def test_same_number_in_other_words_is_not_a_conflict():
    assert (
        kinds(
            "Elsewhere in eastern Ukraine, Russian shelling killed five people.",
            "five civilians were killed in eastern Ukraine from shelling.",
        )
        == []
    )


def test_numbers_of_different_events_do_not_conflict():
    assert kinds("at least 23 people injured in Kyiv", "5 people were evacuated from Lviv") == []


def test_durations_without_numbers_do_not_conflict():
    assert kinds("which lasted nearly an hour", "The nearly hour-long conversation") == []


def test_titles_ambassador_vs_deputy_chief_of_mission():
    assert kinds(
        "summon the acting U.S. ambassador in Kyiv",
        "summoned the acting U.S. deputy chief of mission in Kyiv",
    ) == [("title", "ambassador", "deputy chief of mission")]


def test_envoy_is_generic():
    assert kinds("the acting U.S. ambassador in Kyiv", "the acting US envoy in Kyiv") == []
    assert (
        kinds("the acting US envoy in Kyiv", "the acting U.S. deputy chief of mission in Kyiv")
        == []
    )


def test_titles_of_different_people_do_not_conflict():
    assert (
        kinds("Foreign Minister Sergei Lavrov said", "Prime Minister Mikhail Mishustin said") == []
    )
    assert kinds("Foreign Minister Sergei Lavrov said", "Defense Minister Sergei Lavrov said") == [
        ("title", "foreign minister", "defense minister")
    ]


def test_ordinals_of_the_same_thing():
    assert kinds(
        "This call was their sixth since Trump assumed office in January",
        "The conversation marked the first direct communication in nearly three years.",
    ) == [("ordinal", "sixth", "first")]


def test_dates_and_times():
    assert ("date", "06-04", "07-03") in kinds(
        "They spoke on June 4.", "They spoke on July 3, 2025."
    )
    assert kinds("They spoke on July 3.", "They spoke on 3 July.") == []
    assert ("time", "15:00", "17:30") in kinds("at 3 p.m.", "at 17:30")
    # Clock words and 12 a.m. are times too: midnight is 00:00, noon 12:00.
    assert ("time", "00:00", "02:00") in kinds("It began at midnight GMT.", "It began at 2 a.m.")
    assert kinds("The curfew starts at midnight.", "The curfew starts at 12 a.m.") == []
    assert kinds("The vote closes at noon.", "The vote closes at 12:00.") == []
    assert kinds("Midnight prayers were held.", "Prayers were held at 2 a.m.") == []
    assert kinds("later today", "as early as Friday") == []


def test_a_word_both_said_and_denied_in_one_claim_is_no_flip():
    # The longer claim says "still personal" and "aren't personal" of two things: it does not
    # deny what the shorter one says.
    assert (
        kinds(
            '"Taste is still personal," she said. "These are the parts that aren\'t personal."',
            '"Taste is still personal," said the chef.',
        )
        == []
    )


def test_a_word_taken_away_on_both_sides_is_no_flip():
    assert kinds("The storm left 9,000 homes without power.", "9,000 homes lost power.") == []


def test_negation_one_side_only():
    assert kinds(
        "Trump and Putin discussed a meeting", "Trump and Putin did not discuss a meeting"
    ) == [("negation", "discuss", "not discuss")]
    # Both negative: agreement, not conflict.
    assert (
        kinds("did not discuss a meeting in person", "dismissed the idea of any planned meeting")
        == []
    )
    assert kinds("made no progress", "didn't make any progress") == []


def times(a: str, b: str) -> list[str]:
    return [h.description for h in conflict_hints(a, b) if h.kind == "time"]


def test_times_in_zones_that_cannot_be_matched_are_not_compared():
    # "local time" and GMT may be one moment; a time with no zone is still compared.
    assert times("It struck at 3:15 p.m. local time.", "It struck at 12:15 GMT.") == []
    assert times("It struck at 2 p.m. ET.", "It struck at 18:00 GMT.") == []
    assert times("It closed at 4 p.m. ET.", "It closed at 4 p.m. Eastern time.") == []
    assert times("It hit at 3:15 p.m. local time.", "It hit at 4:45 p.m. local time.") == [
        "time: 15:15 LOCAL vs 16:45 LOCAL"
    ]
    # Zones with a fixed offset are converted; wire copy's "(1215 GMT)" is a time too.
    assert times("It lifted off at 6:02 a.m. EDT.", "It lifted off at 10:02 GMT.") == []
    assert times("It lifted off at 6:02 a.m. EDT.", "It lifted off at 11:02 GMT.") != []
    assert times("It hit at 3:15 p.m. local time (1215 GMT).", "It hit at 12:15 GMT.") == []
    assert times("It hit at 9 p.m. local time (1900 GMT).", "It hit at 2000 GMT.") != []


def test_british_clock_times_and_approximate_times():
    assert times("Kick-off was at 7.45pm.", "The match kicked off at 19:45.") == []
    assert times("Kick-off was at 7.45pm.", "Kick-off was at 7.30pm.") == ["time: 19:45 vs 19:30"]
    # "around", "shortly after", "by" widen a time; "from" is a start, exact.
    assert times("It began at around 4 a.m.", "It began at 4:10 a.m.") == []
    assert times("It began at around 4 a.m.", "It began at 10 p.m.") != []
    assert times("It happened shortly after 9 p.m.", "It happened at 9:07 p.m.") == []
    assert times("It broke out shortly before midnight.", "It broke out at 11:50 p.m.") == []
    assert times("Polls close by 6 p.m.", "Polls close at 5 p.m.") == []
    assert times("The curfew runs from 10 p.m.", "The curfew begins at 11 p.m.") != []


def test_time_ranges_and_race_times():
    assert times("Power was out from 2 to 4 p.m.", "Power went out at 2 p.m.") == []
    assert times("Voting ran between 7 and 10 a.m.", "Voting began at 7 a.m.") == []
    assert times("The outage lasted from 2 to 4 p.m.", "Power went out at 6 p.m.") != []
    assert times("The winner finished in 2:05:30.", "The race began at 9 a.m.") == []


def dates(a: str, b: str, published: str = "2018-11-26") -> list[str]:
    return [h.description for h in conflict_hints(a, b, published, published) if h.kind == "date"]


def test_next_and_last_weekdays_and_weekdays_in_names():
    # 2018-11-26 is a Monday: "next Sunday" is Dec 2, "last Friday" Nov 23.
    assert dates("The vote will be held next Sunday.", "The vote is on December 2.") == []
    assert dates("The vote will be held next Sunday.", "The vote is on November 25.") != []
    assert dates("It happened last Friday.", "It happened on Nov. 23.") == []
    assert dates("The Sunday Times reported it.", "It was decided on Nov. 20.") == []
    assert dates("Shoppers flocked to stores on Black Friday.", "The sale began on Nov. 20.") == []


def test_a_former_title_is_not_held_against_the_present_one():
    assert (
        kinds(
            "Former Prime Minister Ana Ruiz criticised the plan.",
            "President Ana Ruiz criticised the plan.",
        )
        == []
    )
    assert kinds("former Prime Minister Ana Ruiz said", "former President Ana Ruiz said") == [
        ("title", "prime minister", "president")
    ]


def test_spans_of_days():
    assert dates("The summit runs Nov. 20-25.", "Leaders met on Nov. 22.") == []
    assert dates("The summit runs from 20 to 25 November.", "Leaders met on Nov. 22.") == []
    assert dates("The summit runs Nov. 20-25.", "Leaders met on Nov. 27.") != []
    assert dates("On Nov. 20, 25 people died.", "It happened on Nov. 22.") != []
    # 2018-11-26 is a Monday: "from Monday to Friday" is Nov 26 to 30.
    assert dates("The talks run from Monday to Friday.", "The talks continue on Nov. 28.") == []
    assert dates("The talks run from Monday to Wednesday.", "The talks continue on Nov. 30.") != []


def test_a_zone_after_the_day():
    # AP style: "at 3 a.m. Sunday local time" is in local time, not compared with GMT.
    assert (
        times("It struck at 3 a.m. Sunday local time.", "It struck at 20:00 GMT on Saturday.") == []
    )
    assert times("It struck at 3 a.m. Sunday local time.", "It struck at 4 a.m. local time.") != []


def test_many_clock_times_stay_silent():
    # A timetable of times against another is no claim's pair of times: beyond 20 a side
    # they are not compared pair by pair (a million pairs took 5 s; bench_long_claims.py).
    from claimdesk.matching.when import _time_hints, _times

    clocks = "at 3 a.m. Sunday, " * 30
    assert _time_hints(_times(clocks), _times(clocks.replace("3 a.m.", "5 a.m."))) == []
    assert _time_hints(_times("at 3 a.m."), _times("at 5 a.m.")) != []


def test_a_text_longer_than_any_claim_gets_no_hint():
    from claimdesk.matching.slots import LONGEST_READ

    toll = "The storm killed 12 people. "
    long = toll * (LONGEST_READ // len(toll) + 1)
    assert conflict_hints(toll, "The storm killed 30 people.") != []
    assert conflict_hints(long, "The storm killed 30 people.") == []


def test_a_long_run_of_letters_is_no_list():
    # Every letter used to start a try at a list item: 5,000 letters took seconds
    # (bench_long_claims.py times it).
    assert listed_items("a" * 5000) == ()
    assert len(listed_items("fraud, bribery, perjury and theft")) == 1
