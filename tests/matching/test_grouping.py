import random

from claimdesk.matching import GroupingInput, assign_to_story, group_articles

FILLER = (
    "President Donald Trump and President Vladimir Putin have dominated the news about the war "
    "in Ukraine, and President Volodymyr Zelenskyy has asked allies for more air defense. "
)


def _article(i, event_words, date):
    return GroupingInput(f"a{i:03d}", FILLER + event_words, None, date)


EVENTS = [
    (
        "An earthquake near Tarvolin killed 41 people and destroyed the Melkor hospital; "
        "rescuers in Tarvolin searched the Melkor ruins.",
        "2025-03-02",
    ),
    (
        "A drone attack on Ostrava district of Belgrin injured 17 residents; the Belgrin mayor "
        "Kosta Vrana said 112 drones were launched at Ostrava.",
        "2025-03-02",
    ),
    (
        "Sanctions on the Harlan shipping group froze 300 million dollars; the Harlan group "
        "denied links to Pelvik port smuggling.",
        "2025-03-03",
    ),
]


def _corpus():
    articles = []
    truth = {}
    i = 0
    for event, (words, date) in enumerate(EVENTS):
        for _ in range(3):
            articles.append(_article(i, words, date))
            truth[f"a{i:03d}"] = event
            i += 1
    return articles, truth


def test_unrelated_articles_sharing_famous_names_stay_apart():
    articles, truth = _corpus()
    groups = group_articles(articles)
    assert len(groups) == 3
    for g in groups:
        assert len({truth[a] for a in g}) == 1


def test_same_words_a_month_apart_are_different_stories():
    words, _ = EVENTS[0]
    a = GroupingInput("a1", FILLER + words, None, "2025-03-02")
    b = GroupingInput("a2", FILLER + words, None, "2025-04-15")
    c = GroupingInput("a3", FILLER + words, None, "2025-03-03")
    assert group_articles([a, b, c]) == [["a1", "a3"], ["a2"]]


def test_grouping_is_deterministic_under_shuffling():
    articles, _ = _corpus()
    expected = group_articles(articles)
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert group_articles(shuffled) == expected


def test_pinned_articles_never_move():
    articles, truth = _corpus()
    # The annotator moved a000 (an earthquake article) to the sanctions story by hand.
    fixed = {"a000": "sanctions", "a006": "sanctions", "a003": "drones"}
    groups = group_articles(articles, fixed=fixed)
    home = {a: k for k, g in enumerate(groups) for a in g}
    assert home["a000"] == home["a006"]
    assert home["a003"] != home["a006"]
    # The other earthquake articles stay together.
    assert home["a001"] == home["a002"]


def test_assign_to_story():
    articles, _ = _corpus()
    existing = {"quake": articles[0:3], "drones": articles[3:6]}
    assert assign_to_story(articles[6], existing) is None
    new = GroupingInput("new", FILLER + EVENTS[1][0], None, "2025-03-03")
    assert assign_to_story(new, existing) == "drones"


def test_empty_input():
    assert group_articles([]) == []
