"""Candidate retrieval: for a claim, the claims of other articles of its story that may state
the same fact.

A lexical matcher, no model: TF-IDF cosine (BM25-style idf, log tf) over normalised keys,
computed within one story, plus small bonuses for shared names and numbers. The index is built
once per set of claims; a query is a handful of numpy operations over the story's postings,
so it stays in the low milliseconds for stories of thousands of claims.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from claimdesk.domain.calendar import MONTH_ABBREVIATIONS, MONTHS
from claimdesk.matching.hints import conflict_hints, negated_keys, ordinals
from claimdesk.matching.names import merge_name_variants
from claimdesk.matching.records import Candidate, ClaimRef
from claimdesk.matching.slots import Quantity, quantities, same_slot, without_earlier_years
from claimdesk.matching.speakers import affiliations, speakers
from claimdesk.matching.suggest import EVIDENCE_FLOOR, EVIDENCE_PER_ARTICLE
from claimdesk.matching.text import (
    NEGATIONS,
    STOPWORDS,
    Token,
    phrase_concept,
    retrieval_concepts,
    stem,
    tokenize,
)

# Weight of a paraphrase-class key relative to the word itself: "conversation" and "call"
# should meet, but less than "call" and "call".
CONCEPT_WEIGHT = 0.5
BIGRAM_WEIGHT = 0.5
SPEAKER_WEIGHT = 1.0  # "@kremlin": the claim reports what the Kremlin (or its aide) said
SLOT_WEIGHT = 2.0  # a slot is rare and exactly what a contradiction is about
# The final score blends the cosine with overlap of names and numbers; these are the shares.
COSINE_SHARE = 0.85
ENTITY_SHARE = 0.05
NUMBER_SHARE = 0.10
# Two reports of one count differ by little (83 and 85 dead, 65% and 95% contained); a count
# of the same kind for another event or date is often far off (3 dead in another fire). A
# share of the score for values of one slot within NEAR_RATIO of each other, falling to 0 at
# that ratio (dev set: top 1 per article 0.749 -> 0.760, seeds unchanged; 0.03-0.12 and
# ratios 1.5-8 all land within one pair of that).
NEAR_SHARE = 0.08
NEAR_RATIO = 4.0
# A share for a count or measure of one slot in both claims (same thing counted, and for
# slots that do not name themselves, shared words around the figure): in a sentence that
# states two facts, the counterpart of its figure is the claim counting the same thing, not
# the one repeating its other words (dev set: top 1 per article 0.754 -> 0.760, one story
# better and three unchanged; 0.03-0.08 within one pair of that).
SAME_SLOT_SHARE = 0.05
# A capitalised word before a comma, colon or closing quote ends its run: "Berdiansk,
# Nikopol and Yana Kapu", "Wriggly, Squiffy, Lummox" are several names, each one counting
# (dev set: top 1 per article 0.760 -> 0.763, one story better, three unchanged).
_BEFORE_PUNCTUATION = re.compile(r"([^\W\d_][\w'’]*)[,;:)\]\"”]")


def _one_slot(a: tuple[Quantity, ...], b: tuple[Quantity, ...]) -> float:
    """1 when the two claims count or measure one thing (whatever the values), else 0."""
    return 1.0 if any(same_slot(qa, qb) for qa in a for qb in b) else 0.0


def _nearness(a: tuple[Quantity, ...], b: tuple[Quantity, ...]) -> float:
    """How close the nearest two values of one slot are, 1 (equal) to 0 (NEAR_RATIO apart)."""
    best = 0.0
    for qa in a:
        for qb in b:
            if qa.what != qb.what or qa.value <= 0 or qb.value <= 0:
                continue
            gap = abs(math.log(qa.value / qb.value)) / math.log(NEAR_RATIO)
            best = max(best, 1.0 - min(1.0, gap))
    return best


# Agreement through a third report: a fact five outlets state is worded a little differently
# by each, and the query's own wording may be closest to a restatement of a neighbouring fact
# in the article at hand. The claims of third articles most similar to the query stand in for
# it: a candidate as similar to one of them as they are to the query gets this share of that
# (the lower of the two similarities, the best such path). A candidate's own article is no
# third article. Dev set: top 1 per article 0.777 -> 0.785, top 3 0.941 -> 0.944, only the
# fourth story moving; seeds: top 3 per article 72 -> 75 of 76. Shares 0.15-0.25 and 5-20
# stand-ins give the same dev figures (0.15 or 3 stand-ins lose seed or dev pairs); stand-ins
# only above a similarity of 0.1-0.4 lose the gain (weak paths are the useful ones). Measured
# and not kept: the sum of paths (pseudo-relevance feedback), the best claim of each article
# as stand-in, hubness and reciprocal-best penalties, BM25 length normalisation, idf over all
# stories or over articles, a position prior, irregular verb forms, spaCy lemmas (the model
# pipeline's, 1 s per 500 claims) instead of stems, MMR diversity.
PATH_SHARE = 0.2
PATH_VIA = 5


def _third_report_paths(story: _StoryIndex, i: int, cos: np.ndarray) -> np.ndarray:
    """For each claim of the story, the best min(similarity(query, z), similarity(z, claim))
    over the PATH_VIA claims z of other articles most similar to the query, z not in the
    claim's article."""
    others = np.flatnonzero((story.article_of != story.article_of[i]) & (cos > 0))
    via = others[np.argsort(-cos[others], kind="stable")][:PATH_VIA]
    if via.size == 0:
        return np.zeros(len(story.claims))
    rows = np.vstack([story.similarity_all(int(z)) for z in via])
    paths = np.minimum(cos[via][:, None], rows)
    paths[story.article_of[via][:, None] == story.article_of[None, :]] = 0.0
    return paths.max(axis=0)


# The blend's terms, in the order of _blend_features' columns. Hand-set, and measured against
# fitted weights (tests/benchmarks/fit_blend.py: every fact pair of the seeds and the dev set,
# fitted on four stories and scored on the fifth, top 1 / top 3 per other article of 430
# pairs). These shares: 334 / 409 (dev 278 / 334, seeds 56 / 75), in sample. Fitted, held
# out: coordinate search on top 1 + top 3 from neutral weights 334 / 407 (dev 278 / 334, the
# same per story but cluster2 -1 and cluster4 +1 top 1; seeds 56 / 73); pairwise logistic
# regression on gold - other differences 325 / 402. Adding a length ratio, either claim's
# share covered by the other, the query's rank in the candidate's reverse query, the
# similarity relative to the article's best, words distinct within their own article or the
# rarest shared word's idf moved held-out top 1 by -17 to +1 pairs. Not kept: no
# fitted blend beats these shares held out (the search fitted on all five stories reaches
# 336 / 409 in sample, two pairs, with entity 0.05, number 0.05, near 0.025, slot 0.1, path
# 0.3). Of the dev set's 76 top-1 misses, 26 rank first the counterpart of another fact the
# query's claim also states; in the other misses the gold is below the winner on nearly every
# feature (cosine lower in 93%), which no reweighting mends.
def blend_shares() -> np.ndarray:
    """The shares, read when called (a test or a fitting script may set one)."""
    return np.array(
        (COSINE_SHARE, ENTITY_SHARE, NUMBER_SHARE, NEAR_SHARE, SAME_SLOT_SHARE, PATH_SHARE)
    )


def _blend_features(story: _StoryIndex, i: int, pool: np.ndarray, cos: np.ndarray) -> np.ndarray:
    """One row per pooled claim: what the score blends, each in [0, 1] (blend_shares' order)."""
    query = story.features[i]
    paths = _third_report_paths(story, i, cos)
    rows = []
    for j in pool.tolist():
        other = story.features[j]
        rows.append(
            (
                float(cos[j]),
                story.overlap(query.entities, other.entities),
                # Same number, or a number for the same thing: corroboration or conflict.
                1.0 if (query.numbers & other.numbers or query.slots & other.slots) else 0.0,
                _nearness(query.quantities, other.quantities),
                _one_slot(query.quantities, other.quantities),
                float(paths[j]),
            )
        )
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(blend_shares()))


# How many cosine-ranked claims get the (slower) bonus and re-ranking treatment: the best
# of the whole story, and the best of each other article (so that every article can offer
# its counterpart even when two others restate the fact many times).
RERANK_POOL = 30
# The overlap coefficient's denominator is at least this share of the query's weight (dev
# set: top 1 per article 0.763 -> 0.769, two stories better, two unchanged; 0.2-0.3 alike,
# from 0.35 one story loses a pair).
OVERLAP_FLOOR = 0.25
PER_ARTICLE_POOL = 6
# With an embedding re-ranker, the claims closest in meaning join the pool too.
SEMANTIC_POOL = 30

# A re-ranker takes (query text, candidate texts, lexical scores) and returns new scores.
Reranker = Callable[[str, Sequence[str], Sequence[float]], Sequence[float]]


# "Nov. 8" and "November 8" name one day: an abbreviated month (capitalised, before a day
# number) takes the full month's key, so the two dates share words and the bigram.
_FULL_MONTH = {m[:3]: m for m in MONTHS} | {"sept": "september"}


def _month_key(token: Token, nxt: Token | None) -> str | None:
    if token.capitalised and token.norm in MONTH_ABBREVIATIONS and nxt is not None and nxt.number:
        return _FULL_MONTH[token.norm]
    return None


@dataclass(slots=True)
class _ClaimFeatures:
    terms: Counter[str]  # matching key -> weight-ish count (concept keys at CONCEPT_WEIGHT)
    entities: frozenset[str]  # keys of names (capitalised words)
    numbers: frozenset[str]
    slots: frozenset[str]  # things counted or ranked ("#count:~person"), equal values or not
    display: dict[str, str]  # key -> surface form, for the "shares: ..." reason
    quantities: tuple[Quantity, ...] = ()  # typed counts and measures, for _nearness


def _features(
    text: str,
    tokens: list[Token],
    name_map: dict[str, str],
    story_names: frozenset[str],
    affiliation: dict[str, str] | None = None,
    published: str | None = None,
) -> _ClaimFeatures:
    terms: Counter[str] = Counter()
    entities: set[str] = set()
    numbers: set[str] = set()
    display: dict[str, str] = {}
    content: list[str] = []
    before_punctuation = set(_BEFORE_PUNCTUATION.findall(text))
    for position, token in enumerate(tokens):
        if token.norm in STOPWORDS or token.norm in NEGATIONS:
            continue
        # In a run of capitalised words ("U.S. President Donald Trump") only the last one
        # names the person: first names and titles would make every lede match every lede.
        # Punctuation ends a run ("Paradise, Magalia" are two names).
        nxt = tokens[position + 1] if position + 1 < len(tokens) else None
        in_name_run = (
            token.capitalised
            and nxt is not None
            and nxt.capitalised
            and not nxt.number
            and token.surface not in before_punctuation
        )
        key = _month_key(token, nxt) or token.key
        if token.norm in name_map:
            key = stem(name_map[token.norm])
        display.setdefault(key, token.surface)
        content.append(key)
        if in_name_run and position > 0:
            continue
        terms[key] += 1.0
        for concept in retrieval_concepts(key):
            terms[concept] += CONCEPT_WEIGHT
        org = affiliation.get(token.norm) if affiliation else None
        if org is not None:
            # "Ushakov" also speaks for the "Kremlin" when the story says he is its aide.
            org_key = stem(org)
            display.setdefault(org_key, org.capitalize())
            terms[org_key] += CONCEPT_WEIGHT
            for concept in retrieval_concepts(org_key):
                terms[concept] += CONCEPT_WEIGHT
        if token.number:
            numbers.add(key)
        # A capital marks a name, except at the start of a claim, where it counts only for
        # words the story writes with a capital elsewhere too ("Kremlin aide ...").
        elif token.capitalised and (position > 0 or token.norm in story_names):
            entities.add(key)
    # Who is speaking: two claims reporting the same source's words are about the same thing
    # more often than two claims merely naming it.
    for name in speakers(tokens):
        name = name_map.get(name, name)
        for who in sorted({name, (affiliation or {}).get(name, name)}):
            terms["@" + stem(who)] += SPEAKER_WEIGHT
            # "Moscow reiterated" and "the Kremlin described": one source, two metonyms.
            for concept in retrieval_concepts(stem(who)):
                terms["@" + concept] = SPEAKER_WEIGHT
    # Two-word forms of a paraphrase class ("air defense", "back down", "in person").
    for left, right in zip(tokens, tokens[1:], strict=False):
        concept = phrase_concept(left.key, right.key)
        if concept is not None:
            terms[concept] += CONCEPT_WEIGHT
    # Adjacent content words catch phrasing kept across paraphrase ("nearly (an) hour").
    for left, right in zip(content, content[1:], strict=False):
        if left != right:
            terms[left + "_" + right] += BIGRAM_WEIGHT
    # Negated words ("no progress", "did not make any progress") meet each other.
    for key in negated_keys(tokens, scope=2):
        terms["!" + key] += 1.0
    # Slots that can take conflicting values: "23 people" and "14 civilians" both count
    # persons, "their sixth" and "the first direct communication" both number a call.
    # "270 are unaccounted for" and "more than 300 remain missing" share no word but a slot.
    # A toll set in an earlier year ("a fire in 1918 killed 450") counts another event.
    found = quantities(without_earlier_years(text, published))
    slots = {"#count:" + q.what for q in found}
    slots |= {"#ordinal:" + noun_class for _, noun_class, _ in ordinals(tokens)}
    for slot in slots:
        terms[slot] += SLOT_WEIGHT
    return _ClaimFeatures(
        terms, frozenset(entities), frozenset(numbers), frozenset(slots), display, found
    )


class _StoryIndex:
    """Postings for the claims of one story (term -> claim positions and weights)."""

    def __init__(self, claims: list[ClaimRef], features: list[_ClaimFeatures]) -> None:
        self.claims = claims
        self.features = features
        n = len(claims)
        article_ids = sorted({c.article_id for c in claims})
        article_pos = {a: i for i, a in enumerate(article_ids)}
        self.article_ids = article_ids
        self.article_of = np.array([article_pos[c.article_id] for c in claims], dtype=np.int32)

        df: Counter[str] = Counter()
        for f in features:
            df.update(f.terms.keys())
        # BM25's idf, kept positive: a word in every claim of the story still counts a little.
        self.idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

        # Postings keep raw tf-idf weights; norms are kept per claim. Cosine and the overlap
        # coefficient are both computed from them in one pass over the query's terms.
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        self.vectors: list[dict[str, float]] = []
        norms_sq = []
        for i, f in enumerate(features):
            vec = {
                t: (1.0 + math.log(w) if w >= 1 else w) * self.idf[t] for t, w in f.terms.items()
            }
            norms_sq.append(sum(v * v for v in vec.values()) or 1.0)
            self.vectors.append(vec)
            for t, v in vec.items():
                postings[t][0].append(i)
                postings[t][1].append(v)
        self.norms_sq = np.array(norms_sq)
        self.postings = {
            t: (np.array(ids, dtype=np.int32), np.array(ws, dtype=np.float64))
            for t, (ids, ws) in postings.items()
        }
        # Idf of a term found in a single claim: the most a shared name can be worth.
        self.max_idf = math.log(1.0 + (n - 0.5) / 1.5) if n > 1 else 1.0
        self.embeddings: np.ndarray | None = None  # unit rows, set when a re-ranker embeds

    def similarity_all(self, i: int) -> np.ndarray:
        """Similarity of claim i with every claim of the story, in [0, 1].

        The mean of the cosine and the overlap coefficient (shared weight over the smaller
        claim's weight): cosine alone punishes a long claim that states two facts, overlap
        alone flatters a short claim made of common words.
        """
        n = len(self.claims)
        ids_parts, dot_parts, min_parts = [], [], []
        for t, qw in self.vectors[i].items():
            ids, ws = self.postings[t]
            ids_parts.append(ids)
            dot_parts.append(ws * qw)
            min_parts.append(np.minimum(ws, qw) ** 2)
        if not ids_parts:
            return np.zeros(n)
        ids = np.concatenate(ids_parts)
        dot = np.bincount(ids, weights=np.concatenate(dot_parts), minlength=n)
        shared = np.bincount(ids, weights=np.concatenate(min_parts), minlength=n)
        cosine = dot / np.sqrt(self.norms_sq * self.norms_sq[i])
        # Over the smaller claim's weight, but never less than a share of the query's: a
        # short claim of the story's common words ("The fire is now 40% contained") would
        # otherwise overlap a long claim fully.
        smaller = np.maximum(
            np.minimum(self.norms_sq, self.norms_sq[i]), OVERLAP_FLOOR * self.norms_sq[i]
        )
        overlap = shared / smaller
        return np.clip(0.5 * cosine + 0.5 * overlap, 0.0, 1.0)

    def overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        """How much naming weight two sets share: rare names count, famous ones barely."""
        if not a or not b:
            return 0.0
        shared = sum(self.idf.get(t, 0.0) for t in a & b)
        return min(1.0, shared / self.max_idf)


def _each_article_first(
    scored: list[tuple[float, str, int]], article_of: np.ndarray
) -> list[tuple[float, str, int]]:
    """Best-first scores re-ordered: the best claim of each other article, then the rest.

    The panel shows other reports: a fact five outlets report should show all four
    counterparts first, not one article's three restatements of it. Scores are not changed.
    """
    seen: set[int] = set()
    firsts, rest = [], []
    for item in scored:  # already best first
        article = int(article_of[item[2]])
        (rest if article in seen else firsts).append(item)
        seen.add(article)
    return firsts + rest


def _per_article_pool(cos: np.ndarray, allowed: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """The PER_ARTICLE_POOL best claims (by cosine) of each allowed article."""
    ids = np.flatnonzero(allowed & (cos > 0))
    ids = ids[np.argsort(-cos[ids], kind="stable")]
    taken: Counter[int] = Counter()
    keep = []
    for j in ids.tolist():
        article = int(article_of[j])
        if taken[article] < PER_ARTICLE_POOL:
            keep.append(j)
            taken[article] += 1
    return np.array(keep, dtype=np.int64)


class CandidateIndex:
    """Build once from all claims (of any number of stories); query per claim."""

    def __init__(self, stories: dict[str, _StoryIndex], reranker: Reranker | None) -> None:
        self._stories = stories
        self._where: dict[str, tuple[str, int]] = {
            c.id: (story_id, i) for story_id, s in stories.items() for i, c in enumerate(s.claims)
        }
        self._reranker = reranker

    @classmethod
    def build(cls, claims: Sequence[ClaimRef], reranker: Reranker | None = None) -> CandidateIndex:
        """Index claims story by story. Input order does not matter (claims are sorted by id).

        `reranker` (optional) re-scores the lexical pool, e.g. `semantic.load_reranker()`.
        """
        by_story: dict[str, list[ClaimRef]] = defaultdict(list)
        for claim in sorted(claims, key=lambda c: c.id):
            by_story[claim.story_id].append(claim)
        stories: dict[str, _StoryIndex] = {}
        for story_id, story_claims in sorted(by_story.items()):
            tokens = [tokenize(c.text) for c in story_claims]
            names = {t.norm for toks in tokens for t in toks[1:] if t.capitalised and not t.number}
            name_map = merge_name_variants(names)
            affiliation = affiliations(tokens)
            features = [
                _features(
                    c.text,
                    toks,
                    name_map,
                    frozenset(names),
                    affiliation,
                    c.published,
                )
                for c, toks in zip(story_claims, tokens, strict=True)
            ]
            stories[story_id] = _StoryIndex(story_claims, features)
            embed = getattr(reranker, "embed", None)
            if callable(embed):
                # Every claim embedded once; a query is then one matrix-vector product.
                stories[story_id].embeddings = embed([c.text for c in story_claims])
        return cls(stories, reranker)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._where

    def candidates(
        self, claim_id: str, top_k: int = 5, article_id: str | None = None
    ) -> list[Candidate]:
        """The best `top_k` claims of other articles of the same story, best first.

        With `article_id`, only claims of that article (which must not be the claim's own).
        Ties are broken by claim id so the answer is deterministic. Over the whole story the
        best claim of each other article comes first, then the rest (`by_article` groups them).
        """
        story, i, scored = self._scored(claim_id, top_k, article_id)
        return [self._candidate(story, i, j, score) for score, _, j in scored[:top_k]]

    def _scored(
        self, claim_id: str, top_k: int, article_id: str | None, *, lexical: bool = False
    ) -> tuple[_StoryIndex, int, list[tuple[float, str, int]]]:
        """(story, the claim's row, (score, claim id, row) best first). ``lexical``: the
        lexical score alone, without the optional semantic re-ranker's blend (`evidence`)."""
        story_id, i = self._where[claim_id]
        story = self._stories[story_id]
        cos = story.similarity_all(i)
        allowed = story.article_of != story.article_of[i]
        if article_id is not None:
            if article_id not in story.article_ids:
                return story, i, []
            allowed &= story.article_of == story.article_ids.index(article_id)
        pool = np.flatnonzero(allowed & (cos > 0))
        # Stable sort on the claim position (= claim id order) keeps ties deterministic.
        pool = pool[np.argsort(-cos[pool], kind="stable")][: max(RERANK_POOL, top_k)]
        pool = np.union1d(pool, _per_article_pool(cos, allowed, story.article_of))
        semantic = None
        if story.embeddings is not None and not lexical:
            semantic = story.embeddings @ story.embeddings[i]
            near = np.flatnonzero(allowed & (semantic > getattr(self._reranker, "floor", 0.0)))
            near = near[np.argsort(-semantic[near], kind="stable")][: max(SEMANTIC_POOL, top_k)]
            pool = np.union1d(pool, near)
        if pool.size == 0:
            return story, i, []

        features = _blend_features(story, i, pool, cos)
        scores = np.minimum(1.0, features @ blend_shares())
        scored = [
            (float(score), story.claims[j].id, j)
            for score, j in zip(scores.tolist(), pool.tolist(), strict=True)
        ]
        if semantic is not None:
            blended = self._reranker.blend([s for s, _, _ in scored], semantic[pool])
            scored = [
                (min(1.0, float(b)), cid, j) for b, (_, cid, j) in zip(blended, scored, strict=True)
            ]
        elif self._reranker is not None and not lexical:
            new = self._reranker(
                story.claims[i].text,
                [story.claims[j].text for _, _, j in scored],
                [s for s, _, _ in scored],
            )
            scored = [(float(s), cid, j) for s, (_, cid, j) in zip(new, scored, strict=True)]
        scored.sort(key=lambda item: (-item[0], item[1]))
        if article_id is None:
            scored = _each_article_first(scored, story.article_of)
        return story, i, scored

    def other_articles(self, claim_id: str) -> int:
        """How many other articles the claim's story holds."""
        story_id, i = self._where[claim_id]
        story = self._stories[story_id]
        return len(story.article_ids) - 1

    def evidence(self, claim_id: str) -> list[Candidate]:
        """What a suggested label weighs: the best claims of every other article.

        Claims scoring below EVIDENCE_FLOOR cannot change a suggestion (suggest.py), so they
        are left out, except the best one (a "unique" names it): hints are the costly part.
        Scored lexically: the suggestion's thresholds are calibrated on those scores (seeds +
        dev set); weighing the semantic blend instead, unique suggestions fell from 0.82 to
        0.55 on the dev set with the semantic extra installed.
        """
        grouped = self.by_article(
            claim_id, EVIDENCE_PER_ARTICLE, floor=EVIDENCE_FLOOR, lexical=True
        )
        return [c for _, found in grouped for c in found]

    def by_article(
        self, claim_id: str, per_article: int = 3, floor: float = 0.0, *, lexical: bool = False
    ) -> list[tuple[str, list[Candidate]]]:
        """For each other article of the story, its best `per_article` claims; the articles
        ordered by their best score. One scoring pass, so the lists agree with `candidates`.
        With `floor`, claims scoring below it are left out (but never the very best);
        ``lexical``: scored without the semantic re-ranker (a suggestion's evidence)."""
        story, i, scored = self._scored(claim_id, RERANK_POOL, None, lexical=lexical)
        grouped: dict[str, list[Candidate]] = {}
        for rank, (score, _, j) in enumerate(scored):  # each article's best first
            if score < floor and rank > 0:
                continue
            found = grouped.setdefault(story.claims[j].article_id, [])
            if len(found) < per_article:
                found.append(self._candidate(story, i, j, score))
        return list(grouped.items())

    def _candidate(self, story: _StoryIndex, i: int, j: int, score: float) -> Candidate:
        query, other = story.features[i], story.features[j]
        shared = [t for t in query.terms if t in other.terms and t[0].isalnum() and "_" not in t]
        # Rarest first: those are the words that explain the match.
        shared.sort(key=lambda t: (-story.idf.get(t, 0.0), t))
        numbers = sorted(query.numbers & other.numbers)
        words = [query.display[t] for t in shared if t not in query.numbers]
        a, b = story.claims[i], story.claims[j]
        hints = tuple(conflict_hints(a.text, b.text, a.published, b.published))
        reason = f"shares: {', '.join(words[:6]) or '—'}; numbers: {', '.join(numbers) or '—'}"
        if hints:
            reason += "; differs: " + "; ".join(h.description for h in hints)
        return Candidate(
            claim_id=story.claims[j].id,
            article_id=story.claims[j].article_id,
            score=round(score, 6),
            reason=reason,
            shared_terms=tuple(query.display[t] for t in shared),
            hints=hints,
        )
