"""Who speaks in a claim: the named source of what it reports ("according to Kremlin aide
Yuri Ushakov", "Ushakov stated"), the body a named person speaks for ("Kremlin aide Yuri
Ushakov" makes a later "Ushakov said" the Kremlin speaking), and one quotation put in two
mouths ("'We will not yield,' Ruiz said" beside "'We will not yield,' Lopez said").
"""

from __future__ import annotations

from collections import defaultdict

from claimdesk.matching.quotes import one_quotation, quotations
from claimdesk.matching.text import STOPWORDS, Token, tokenize

# Words that say a named person speaks for an organisation or place: "Kremlin aide Yuri
# Ushakov", "Pentagon spokesman John Kirby", "Kyiv Mayor Vitali Klitschko".
_ROLE_WORDS = frozenset(
    [
        "aide",
        "aides",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisor",
        "official",
        "officials",
        "minister",
        "secretary",
        "envoy",
        "ambassador",
        "mayor",
        "governor",
        "chief",
        "commander",
        "representative",
        "negotiator",
    ]
)


def affiliations(tokens_per_claim: list[list[Token]]) -> dict[str, str]:
    """Within one story, the organisation each named person speaks for (surname -> org key).

    Learnt from the story's own phrasing ("Kremlin aide Yuri Ushakov"), so that a later
    "Ushakov said" also counts as the Kremlin speaking. Ambiguous names are left out.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for tokens in tokens_per_claim:
        for k in range(len(tokens) - 2):
            org, role = tokens[k], tokens[k + 1]
            if not org.capitalised or org.number or role.norm not in _ROLE_WORDS:
                continue
            if org.norm in STOPWORDS:
                continue
            # The person is the capitalised run after the role word; its last word names them.
            end = k + 2
            while end < len(tokens) and tokens[end].capitalised and not tokens[end].number:
                end += 1
            if end - (k + 2) >= 1 and end - (k + 2) <= 3:
                found[tokens[end - 1].norm].add(org.norm)
    return {name: next(iter(orgs)) for name, orgs in sorted(found.items()) if len(orgs) == 1}


# Verbs that report speech; the named subject before them (or the name after "according to")
# is the claim's source. Lowercase surface forms, no stemming.
_REPORTING = frozenset(
    [
        "said",
        "says",
        "stated",
        "told",
        "confirmed",
        "reported",
        "described",
        "added",
        "noted",
        "insisted",
        "admitted",
        "announced",
        "reiterated",
        "emphasized",
        "emphasised",
        "warned",
        "claimed",
        "denied",
        "declined",
        "mentioned",
        "indicated",
        "expressed",
        "acknowledged",
        "argued",
        "explained",
        "wrote",
        "tweeted",
        "posted",
        "silent",
        "dismissed",
        "criticized",
        "criticised",
        "accused",
        "blamed",
    ]
)
_SKIP_BEFORE_VERB = frozenset(
    ["has", "have", "had", "also", "later", "then", "again", "publicly", "remained"]
)


def speakers(tokens: list[Token]) -> set[str]:
    """Norms of the named sources of a claim ("according to Kremlin aide Yuri Ushakov",
    "The Kremlin, for its part, described", "Ushakov stated"). Pronouns are not sources."""
    found: set[str] = set()

    def name_ending_at(k: int) -> str | None:
        ok = 0 <= k < len(tokens) and tokens[k].capitalised and not tokens[k].number
        return tokens[k].norm if ok and tokens[k].norm not in STOPWORDS else None

    for k, token in enumerate(tokens):
        if token.norm == "according" and k + 1 < len(tokens) and tokens[k + 1].norm == "to":
            # The last capitalised word of the first name run after "according to".
            # ("according to Kremlin aide Yuri Ushakov" -> Ushakov; role words may sit inside).
            name, end = None, k + 2
            while end < min(len(tokens), k + 8):
                t = tokens[end]
                if t.capitalised and not t.number:
                    name = name_ending_at(end) or name
                elif t.norm not in _ROLE_WORDS and t.norm not in ("the", "a"):
                    break
                end += 1
            if name:
                found.add(name)
        elif token.norm in _REPORTING and not token.capitalised:
            back = k - 1
            while back >= 0 and tokens[back].norm in _SKIP_BEFORE_VERB:
                back -= 1
            name = name_ending_at(back)
            if name is None and back >= 0 and tokens[back].norm == "part":
                # "The Kremlin, for its part, described"
                name = name_ending_at(back - 3)
            if name:
                found.add(name)
    return found


def attribution_differences(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """(speaker in a, speaker in b) when both claims give one quotation to different named
    speakers. Silent when either claim names the other's speaker anywhere ("Kremlin aide
    Ushakov said" / "the Kremlin said"; "Mr Ruiz" / "Ruiz"): one may speak for the other."""
    quotes_a, quotes_b = quotations(text_a), quotations(text_b)
    if not any(one_quotation(a, b) for a in quotes_a for b in quotes_b):
        return []
    tokens_a, tokens_b = tokenize(text_a), tokenize(text_b)
    who_a, who_b = speakers(tokens_a), speakers(tokens_b)
    if not who_a or not who_b or who_a & who_b:
        return []
    if who_a & {t.norm for t in tokens_b} or who_b & {t.norm for t in tokens_a}:
        return []
    shown_a = {t.norm: t.surface for t in tokens_a}
    shown_b = {t.norm: t.surface for t in tokens_b}
    a, b = sorted(who_a)[0], sorted(who_b)[0]
    return [(shown_a.get(a, a), shown_b.get(b, b))]
