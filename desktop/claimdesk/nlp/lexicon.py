"""The word lists the claim detector relies on, read once from resources/nlp/claim_lexicon.json.

Keeping them in a data file lets a linguist tune them without touching code.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimdesk.paths import resource

DEFAULT_LEXICON = "nlp/claim_lexicon.json"


@dataclass(frozen=True, slots=True)
class Lexicon:
    reporting_verb_lemmas: frozenset[str]
    reporting_verb_forms: frozenset[str]
    attribution_phrases: tuple[str, ...]
    evaluative_words: frozenset[str]
    speaker_titles: frozenset[str]
    sentence_starters: frozenset[str]
    number_words: frozenset[str]
    month_names: frozenset[str]
    weekday_names: frozenset[str]
    relative_dates: tuple[str, ...]
    pronouns: frozenset[str]


@lru_cache(maxsize=4)
def load_lexicon(path: str = "") -> Lexicon:
    """Read the lexicon; an empty path means the one shipped in resources/nlp/."""
    file = Path(path) if path else resource(DEFAULT_LEXICON)
    data = json.loads(file.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, ()))

    return Lexicon(
        reporting_verb_lemmas=words("reporting_verb_lemmas"),
        reporting_verb_forms=words("reporting_verb_forms"),
        attribution_phrases=tuple(p.lower() for p in data.get("attribution_phrases", ())),
        evaluative_words=words("evaluative_words"),
        speaker_titles=words("speaker_titles"),
        sentence_starters=words("sentence_starters"),
        number_words=words("number_words"),
        month_names=words("month_names"),
        weekday_names=words("weekday_names"),
        relative_dates=tuple(p.lower() for p in data.get("relative_dates", ())),
        pronouns=words("pronouns"),
    )


def word_trie(words) -> str:
    """A regex for "one of these words" written as a trie, so Python's regex engine tests
    a few characters per position instead of every word. Longer words are tried first, so
    followed by a word boundary it matches exactly what the longest-first alternation of
    the words does."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)
