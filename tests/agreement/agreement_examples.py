"""Published worked examples as data, shared by the tests."""

from __future__ import annotations

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, nominal values with missing data ('*'). Published alpha = 0.743.
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 * * *",
    "B": "1 2 3 3 2 2 4 1 2 5 * 3",
    "C": "* 3 3 3 2 3 4 2 2 5 1 *",
    "D": "1 2 3 3 2 4 4 1 2 5 1 *",
}
# Codes mapped to arbitrary labels: the functions must not need the Claimdesk labels or ints.
CODE_TO_LABEL = {"1": "red", "2": ("blue", 2), "3": 3, "4": "green", "5": "violet"}

# Fleiss (1971) as on Wikipedia "Fleiss' kappa": 10 subjects, 14 raters, 5 categories.
FLEISS_1971 = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def krippendorff_ratings() -> dict:
    ratings: dict = {}
    for observer, row in KRIPPENDORFF_2011.items():
        for unit, code in enumerate(row.split(), start=1):
            ratings.setdefault(unit, {})
            if code != "*":
                ratings[unit][observer] = CODE_TO_LABEL[code]
    return ratings


def ratings_from_counts(counts: list[list[int]]) -> dict:
    """14 synthetic raters per subject; rater r takes the category its cumulative slot falls in."""
    ratings = {}
    for subject, row in enumerate(counts):
        labels = [f"category{category + 1}" for category, n in enumerate(row) for _ in range(n)]
        ratings[f"subject{subject:02d}"] = {
            f"rater{r:02d}": label for r, label in enumerate(labels)
        }
    return ratings


def cohen_ratings() -> dict:
    """The same 50 items as ratings with Claimdesk labels (yes = corroborated)."""
    cells = [
        ("corroborated", "corroborated", 20),
        ("corroborated", "contradicted", 5),
        ("contradicted", "corroborated", 10),
        ("contradicted", "contradicted", 15),
    ]
    ratings = {}
    for first, second, n in cells:
        for _ in range(n):
            ratings[f"claim{len(ratings):03d}"] = {"ana": first, "ben": second}
    return ratings
