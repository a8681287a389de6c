"""Floors on the dev set (real multi-outlet news, ../shared/devset), measured through the CLI.

The figures are those of issue 11 (tests/benchmarks/eval_devset.py prints them per story); a
change that loses what was won fails here. The dev set is read in place, never copied: set
CLAIMDESK_DEVSET, or keep it at ../shared/devset beside the repository. The seeds' floors are
in test_seed_acceptance.py.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

# Measured after issue 11 (rules + model pipeline as installed, lexical matcher), overall:
# grouped 1.00, quotes 0.99, top3 0.92, top1 0.72, numeric hinted 0.80, false hints 0.03,
# suggestions contradicted 0.67 / corroborated 0.84 / unique 0.82. After issue 11b (zero,
# vague and plural tolls, partitive wholes, list counts, shares in words, long-name hints
# from a low score): top3 0.93, top1 0.74, contradicted 0.80, the rest unchanged. After
# issue 11c (near values of one slot rank higher, news paraphrase classes, time offsets,
# forecasts, coordinated counts, lists as one thing, no negation hint on a word the claim
# also states plainly, place and speaker hints counted from a low score like tolls): top3
# 0.938, top1 0.763, contradicted 0.820, corroborated 0.913, false hints 0.00. After issue
# 11d (a share for a count of one slot, abbreviated months, punctuation ends a name run, a
# floor under the overlap's denominator): top3 0.941, top1 0.777, the rest unchanged. After
# issue 11e (multipliers are factors, a part or an increment is no total, clock times, names
# with numbers, rates and ratios are no counts): corroborated 0.928, the rest unchanged. After
# issue 11c's third-report path share (STRONG 0.18 -> 0.20 with it): top3 0.944, top1 0.785,
# contradicted 0.843, the rest unchanged. After a teaser that ends in "?" but states a figure
# became a claim (issue 11, session 22): quotes in one claim 0.988 -> 0.994, top3 0.941, top1
# 0.780 (its two pairs, which had been scored on a neighbouring claim, now rank its own).
# Floors sit a pair or two below the figures
# (one pair of 354 is 0.003; one contradicted claim of 89 is 0.011) and leave a little room
# for the model pipeline's different claim spans; false hints have a ceiling.
FLOORS = {
    "grouped": 1.0,
    "quotes_in_one_claim": 0.97,
    "top3_per_article": 0.938,
    "top1_per_article": 0.78,
    "numeric_conflicts_hinted": 0.78,
    "suggestion_contradicted": 0.83,
    "suggestion_corroborated": 0.91,
    "suggestion_unique": 0.75,
}
FALSE_HINTS_CEILING = 0.03


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_devset", BENCHMARKS / "eval_devset.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_devset"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def overall():
    module = _eval_module()
    root = module.devset_path()
    if root is None:
        pytest.skip(
            "dev set not found: set CLAIMDESK_DEVSET or put it at ../shared/devset "
            "beside the repository"
        )
    os.environ.setdefault("CLAIMDESK_SEMANTIC", "off")
    rows, _ = module.table(module.evaluate(root))
    return rows["all"]


@pytest.mark.slow
@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_devset_figure_stays_above_its_floor(overall, figure):
    assert overall[figure] >= FLOORS[figure], f"{figure}: {overall[figure]} < {FLOORS[figure]}"


@pytest.mark.slow
def test_devset_false_hints_stay_rare(overall):
    assert overall["false_hints_on_corroborated"] <= FALSE_HINTS_CEILING
