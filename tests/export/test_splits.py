"""Splits by story: deterministic, seeded, never splitting a story, close to the ratios."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pytest

from claimdesk.errors import UsageError
from claimdesk.export import ExportRequest, SplitPlan, export_dataset


def test_split_depends_only_on_story_and_seed():
    ids = [f"s{i:012x}" for i in range(2000)]
    plan = SplitPlan(0.8, 0.1, 0.1, seed=7)
    forward = {sid: plan.split_of(sid) for sid in ids}
    backward = {sid: SplitPlan(0.8, 0.1, 0.1, seed=7).split_of(sid) for sid in reversed(ids)}
    assert forward == backward
    counts = Counter(forward.values())
    assert 0.76 < counts["train"] / 2000 < 0.84
    assert 0.07 < counts["dev"] / 2000 < 0.13
    other_seed = {sid: SplitPlan(0.8, 0.1, 0.1, seed=8).split_of(sid) for sid in ids}
    assert other_seed != forward


def test_empty_ratio_is_never_used():
    ids = [f"s{i}" for i in range(500)]
    assert {SplitPlan(0.7, 0.3, 0).split_of(s) for s in ids} == {"train", "dev"}
    assert {SplitPlan(1, 0, 0).split_of(s) for s in ids} == {"train"}


@pytest.mark.parametrize("text", ["0.8,0.2", "a,b,c", "-1,1,1", "0,0,0"])
def test_bad_split_text_is_a_usage_error(text):
    with pytest.raises(UsageError):
        SplitPlan.parse(text)


def test_parse_normalises_percentages():
    assert SplitPlan.parse("80,10,10").ratios == pytest.approx((0.8, 0.1, 0.1))


def test_export_never_puts_a_story_in_two_splits_and_is_deterministic(labelled, tmp_path):
    def export(seed: int) -> list[dict]:
        out = tmp_path / f"seed{seed}.jsonl"
        export_dataset(
            labelled.db, ExportRequest("jsonl", out, plan=SplitPlan(0.4, 0.3, 0.3, seed=seed))
        )
        return [json.loads(line) for line in out.read_text().splitlines()]

    records = export(1)
    splits_of_story = defaultdict(set)
    for record in records:
        splits_of_story[record["story_id"]].add(record["split"])
    assert all(len(splits) == 1 for splits in splits_of_story.values())
    assert len({next(iter(s)) for s in splits_of_story.values()}) >= 2  # not all in one
    assert export(1) == records
    assert [r["split"] for r in export(2)] != [r["split"] for r in records]
