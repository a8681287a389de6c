"""Train / dev / test splits by story.

Articles of one story share facts, names and numbers, so a story split across train and test
leaks the answers; every claim of a story therefore lands in the same split.

A story's split depends only on its id and the seed: the id and seed are hashed to a number in
[0, 1), and the cumulative ratios cut that interval into train, dev and test. No random state,
no dependence on the order stories are met, and growing the corpus never moves an existing story
from test into train. The price is that on a handful of stories the proportions are only
approximately the requested ratios (the dataset card reports the real counts).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from claimdesk.errors import UsageError

SPLITS = ("train", "dev", "test")
UNITS = ("story", "article")  # what is kept whole in one split
FEW_STORIES = 5  # below this, a split by story can leave train empty: offer one by article
_HASH_SPACE = float(2**64)


@dataclass(frozen=True)
class SplitPlan:
    train: float = 0.8
    dev: float = 0.1
    test: float = 0.1
    seed: int = 0
    # "article" is for a corpus of very few stories: articles of one story may then land in
    # different splits, so a story's facts can leak from train into test (the card says so)
    unit: str = "story"

    def __post_init__(self) -> None:
        ratios = (self.train, self.dev, self.test)
        if any(r < 0 for r in ratios) or sum(ratios) <= 0:
            raise UsageError(f"split ratios must be >= 0 and not all 0, got {ratios}")
        if self.unit not in UNITS:
            raise UsageError(f"a split is by {' or by '.join(UNITS)}, not by {self.unit!r}")

    @classmethod
    def parse(cls, text: str, seed: int = 0, unit: str = "story") -> SplitPlan:
        """'0.8,0.1,0.1' (or '80,10,10': ratios are normalised to sum to 1)."""
        try:
            parts = [float(p) for p in text.split(",")]
        except ValueError:
            raise UsageError(
                f"--split wants three numbers like 0.8,0.1,0.1, got {text!r}"
            ) from None
        if len(parts) != 3:
            raise UsageError(f"--split wants three numbers (train,dev,test), got {text!r}")
        return cls(*parts, seed=seed, unit=unit)

    @property
    def ratios(self) -> tuple[float, float, float]:
        total = self.train + self.dev + self.test
        return (self.train / total, self.dev / total, self.test / total)

    def position(self, story_id: str) -> float:
        """Where the story falls in [0, 1): a hash of seed and id, the same on every machine."""
        digest = hashlib.blake2b(f"{self.seed}\x1f{story_id}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / _HASH_SPACE

    def split_of(self, story_id: str) -> str:
        point = self.position(story_id)
        train, dev, test = self.ratios
        # the zero checks keep float rounding (0.7 + 0.3 < 1.0) from sending a story into a
        # split the user asked to be empty
        if point < train or dev == test == 0:
            return "train"
        if point < train + dev or test == 0:
            return "dev"
        return "test"

    def describe(self) -> str:
        train, dev, test = self.ratios
        return (
            f"train {train:.0%} / dev {dev:.0%} / test {test:.0%} by {self.unit}, seed {self.seed}"
        )


class StorySplits:
    """Memoised `split_of` for a stream: one hash per story, not one per claim."""

    def __init__(self, plan: SplitPlan):
        self.plan = plan
        self._known: dict[str, str] = {}

    def __call__(self, story_id: str, article_id: str | None = None) -> str:
        key = article_id if self.plan.unit == "article" and article_id else story_id
        split = self._known.get(key)
        if split is None:
            split = self._known[key] = self.plan.split_of(key)
        return split


def empty_split_notes(records_by_split: dict[str, int], stories: int, plan: SplitPlan) -> list[str]:
    """What the card, the dialog and `--json` say when a split came out empty."""
    if not sum(records_by_split.values()):
        return []
    empty = [split for split in SPLITS if not records_by_split.get(split)]
    wanted = dict(zip(SPLITS, plan.ratios, strict=True))
    empty = [split for split in empty if wanted[split] > 0]
    if not empty:
        return []
    unit = plan.unit
    notes = []
    if "train" in empty:
        text = (
            f"The train split is empty: every {unit} of this export fell in dev or test "
            f"({stories} {'story' if stories == 1 else 'stories'})."
        )
        if unit == "story" and stories < FEW_STORIES:
            text += (
                f" With fewer than {FEW_STORIES} stories, export again split by article "
                "(--split-by article; articles of one story may then share facts across "
                "splits), or with other --split ratios or --seed."
            )
        else:
            text += " Export again with other --split ratios or --seed."
        notes.append(text)
    rest = [split for split in empty if split != "train"]
    if rest:
        notes.append(
            f"The {' and '.join(rest)} split{'s are' if len(rest) > 1 else ' is'} empty on this "
            f"corpus ({stories} {'story' if stories == 1 else 'stories'})."
        )
    return notes
