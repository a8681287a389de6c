"""Small frozen result types shared by every metric, and their JSON form.

A figure that cannot be computed is ``value=None`` with a human ``reason``; no function in
this package returns NaN or raises on degenerate input (one annotator, no overlap, a single
label used throughout, empty input).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from claimdesk.agreement.data import stable_sorted

NOT_ENOUGH_DATA = "not enough data"


def no_variation_reason(label: Any) -> str:
    """Why a chance-corrected coefficient is undefined: expected disagreement is zero."""
    return f"no variation: every label is {label}"


@dataclass(frozen=True, slots=True)
class Coefficient:
    """A chance-corrected agreement coefficient (Krippendorff's alpha, Fleiss' or Cohen's kappa).

    ``observed`` and ``expected`` are the observed and chance agreement the coefficient was
    built from (``kappa = (observed - expected) / (1 - expected)``); they are ``None`` for alpha,
    which comes from the ``krippendorff`` library. ``n_units`` counts the claims that entered
    the computation and ``n_values`` the labels on them.
    """

    value: float | None
    reason: str | None = None
    observed: float | None = None
    expected: float | None = None
    n_units: int = 0
    n_values: int = 0

    @classmethod
    def undefined(cls, reason: str, n_units: int = 0, n_values: int = 0) -> Coefficient:
        return cls(value=None, reason=reason, n_units=n_units, n_values=n_values)


@dataclass(frozen=True, slots=True)
class Proportion:
    """``numerator / denominator``, or ``None`` with a reason when the denominator is zero.

    Used for observed agreement, specific agreement, accuracy against gold and link F1
    (``2 |A & B| / (|A| + |B|)``), so that every proportion carries what it was computed from.
    """

    value: float | None
    numerator: float
    denominator: float
    reason: str | None = None

    @classmethod
    def of(cls, numerator: float, denominator: float, reason_if_empty: str) -> Proportion:
        numerator, denominator = float(numerator), float(denominator)
        if denominator <= 0:
            return cls(None, numerator, denominator, reason_if_empty)
        return cls(numerator / denominator, numerator, denominator)


def to_jsonable(value: Any) -> Any:
    """Turn results into JSON-ready data: dataclasses and mappings become dicts (string keys),
    tuples and lists become lists, ids and labels that are not JSON scalars become strings.

    A float that is not finite would be a bug upstream; it is turned into ``None`` rather than
    written out as the invalid JSON token ``NaN``.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_jsonable(getattr(value, field.name))
            for field in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {_json_key(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return [to_jsonable(item) for item in stable_sorted(value)]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)  # a StrEnum member becomes its plain value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalar
        return to_jsonable(value.item())
    return str(value)


def _json_key(key: Any) -> str:
    return key if isinstance(key, str) else str(key)
