"""Fuzzy merging of name spellings within one story (Zelenskyy / Zelenskiy / Zelensky).

The variant table in `text` covers the well-known cases; this catches the rest (a wire's
transliteration, a typo) by comparing capitalised words of the same story with rapidfuzz.
Only names within one story are compared, so the quadratic cost stays small and two different
people with similar names in unrelated stories cannot be merged.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_NAME_LENGTH = 5  # short words ("Kyiv", "Biden") are too easy to confuse by ratio alone
MIN_RATIO = 85.0


def merge_name_variants(names: Iterable[str]) -> dict[str, str]:
    """Map each folded name to a canonical spelling shared by its close variants.

    Variants must start with the same letter and differ only a little; the canonical form
    is the shortest spelling (then alphabetical), so the result does not depend on input order.
    """
    unique = sorted({n for n in names if len(n) >= MIN_NAME_LENGTH and n.isalpha()})
    if len(unique) < 2:
        return {}
    scores = process.cdist(unique, unique, scorer=fuzz.ratio, score_cutoff=MIN_RATIO)
    parent = list(range(len(unique)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows, cols = scores.nonzero()
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i < j and unique[i][0] == unique[j][0]:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[str]] = {}
    for i, name in enumerate(unique):
        groups.setdefault(find(i), []).append(name)
    mapping: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            canonical = min(members, key=lambda m: (len(m), m))
            for m in members:
                if m != canonical:
                    mapping[m] = canonical
    return mapping
