"""One call for every agreement figure: overall, per annotator pair, on links, against gold,
and per story.

The ratings are encoded once; the per-story figures come from per-story sums over the same
count matrix, all stories in one pass of array operations (`label_figures_by_group`), so
thousands of stories cost about what the overall figure does.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.agreement.data import (
    Annotator,
    EncodedRatings,
    Gold,
    LabelValue,
    Links,
    Ratings,
    StoryId,
    StoryOf,
    encode_ratings,
)
from claimdesk.agreement.links import LinkAgreement, pairwise_link_agreement
from claimdesk.agreement.pairwise import (
    GoldAgreement,
    PairAgreement,
    gold_agreement,
    pairwise_cohens_kappa,
)
from claimdesk.agreement.reliability import (
    LabelFigures,
    label_figures_by_group,
    label_figures_from_counts,
)
from claimdesk.agreement.results import to_jsonable


@dataclass(frozen=True)
class StoryFigures:
    """The label figures of one story's claims."""

    story: StoryId | None
    figures: LabelFigures


@dataclass(frozen=True)
class Report:
    """Every agreement figure for a set of ratings.

    ``pairs``, ``links`` and ``gold`` are in annotator order; ``links`` is empty when no links
    were given, ``gold`` when no gold labels were, ``stories`` when no ``story_of`` was.
    """

    annotators: tuple[Annotator, ...]
    labels: tuple[LabelValue, ...]
    overall: LabelFigures
    pairs: tuple[PairAgreement, ...]
    links: tuple[LinkAgreement, ...]
    gold: tuple[GoldAgreement, ...]
    stories: tuple[StoryFigures, ...]

    def to_dict(self) -> dict:
        """JSON-ready data (string keys, lists, no NaN), for ``--json`` output."""
        return to_jsonable(self)


def agreement_report(
    ratings: Ratings,
    links: Links | None = None,
    gold: Gold | None = None,
    story_of: StoryOf | None = None,
) -> Report:
    """Compute every agreement figure (see ``reliability``, ``pairwise`` and ``links``)."""
    encoded = encode_ratings(ratings, story_of=story_of, extra_labels=gold.values() if gold else ())
    return report_from_encoded(encoded, links, gold, by_story=story_of is not None)


def report_from_encoded(
    encoded: EncodedRatings,
    links: Links | None = None,
    gold: Gold | None = None,
    *,
    by_story: bool = True,
) -> Report:
    """``agreement_report`` on ratings encoded once by the caller (who may share the encoding
    with ``disagreements``). Encode with ``extra_labels=gold.values()`` when there is gold;
    ``by_story`` adds the per-story figures (as passing ``story_of`` does)."""
    counts = encoded.counts
    stories: tuple[StoryFigures, ...] = ()
    if by_story:
        stories = tuple(
            StoryFigures(story, figures)
            for story, figures in zip(
                encoded.stories,
                label_figures_by_group(
                    counts, encoded.story_codes, len(encoded.stories), encoded.categories
                ),
                strict=True,
            )
        )
    return Report(
        annotators=encoded.annotators,
        labels=encoded.categories,
        overall=label_figures_from_counts(counts, encoded.categories),
        pairs=pairwise_cohens_kappa(encoded),
        links=pairwise_link_agreement(encoded, links) if links is not None else (),
        gold=gold_agreement(encoded, gold) if gold else (),
        stories=stories,
    )
