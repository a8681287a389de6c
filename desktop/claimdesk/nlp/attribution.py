"""Who a claim is attributed to, where the text says so.

Two finders with one contract: given a claim, return (speaker, attributed). `speaker` is the
named source ("Yuri Ushakov", "Trump", "The White House") or None; `attributed` says the
claim is reported speech even when the source is only a pronoun ("..., he admitted.").
A pronoun is never returned as a speaker; the detector may resolve "he"/"she" when the
previous sentence names exactly one person.
"""

import re

from spacy.tokens import Doc

from claimdesk.nlp.lexicon import Lexicon, word_trie

# Entity labels that can be a speaker when they are the subject of a reporting verb.
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "NAME")
_MAX_SPEAKER_WORDS = 6
_CAP_RUN = r"(?:[A-Z][\w’'.-]*|[A-Z]\.(?:[A-Z]\.)+)(?:\s+(?:[A-Z][\w’'.-]*|[A-Z]\.(?:[A-Z]\.)+))*"


class Attribution:
    PRONOUN = "<pronoun>"  # marker: attributed, but only to a pronoun

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        # The reporting verbs among the lower-case words of a text (the words `[a-z]+`
        # between word boundaries), found by one trie regex: no Python loop over words.
        forms = sorted(f for f in lexicon.reporting_verb_forms if re.fullmatch("[a-z]+", f))
        self._verbs = re.compile(rf"\b{word_trie(forms)}\b") if forms else None
        self._calendar = lexicon.weekday_names | lexicon.month_names
        self._source_after_phrase = re.compile(r"\s+(?P<who>[^,.;:“”\"]{1,80})")
        # The source right before the verb, tried in this order: "Kremlin aide Yuri Ushakov
        # (has) stated", "..., Keith Kellogg, warned", "The Kremlin, for its part, described".
        who = rf"(?P<who>{_CAP_RUN}|\b(?i:he|she|they|we|I)\b)"
        adverbs = r"\s+(?:(?:has|had|have|also|later|then|again|publicly)\s+)*$"
        self._name_before = [
            re.compile(who + adverbs),
            re.compile(who + r"\s*," + adverbs),
            re.compile(who + r"\s*,[^,]{1,60}," + adverbs),
        ]
        # "..., said Trump." / "..., said Kremlin aide Yuri Ushakov."
        self._name_after = re.compile(rf"\s+(?P<who>{_CAP_RUN})")  # used with match(pos)

    # --- without a parser -------------------------------------------------------------

    def by_rules(self, text: str) -> tuple[str | None, bool]:
        lower = text.lower()
        for phrase in self.lexicon.attribution_phrases:
            position = lower.find(phrase)
            if position >= 0 and (position == 0 or not lower[position - 1].isalnum()):
                match = self._source_after_phrase.match(text, position + len(phrase))
                if match:
                    return self._name_in(match.group("who")), True
        if self._verbs is None:
            return None, False
        for verb in self._verbs.finditer(text):
            before = self._source_before(text, verb.start())
            if before:
                who = before.group("who")
                if who.lower() in self.lexicon.pronouns:
                    return self.PRONOUN, True
                name = self._name_in(who)
                if name:
                    return name, True
            after = self._name_after.match(text, verb.end())
            if after and _after_quote_or_comma(text, verb.start()):
                name = self._name_in(after.group("who"))
                if name and name.split()[0].lower() not in self._calendar:
                    return name, True
        return None, False

    def _source_before(self, text: str, end: int):
        # Look back a bounded window so long sentences stay linear.
        window = max(0, end - 150)
        for pattern in self._name_before:
            match = pattern.search(text, window, end)
            if match:
                return match
        return None

    def _name_in(self, phrase: str) -> str | None:
        """The name in a source phrase: the capitalised words after the last title word
        ("Kremlin aide Yuri Ushakov" -> "Yuri Ushakov"); else the phrase itself if short."""
        tokens = phrase.split()
        runs: list[list[str]] = [[]]
        for token in tokens:
            bare = token.strip(",.;:")
            if bare.lower() in self.lexicon.speaker_titles or not bare[:1].isupper():
                runs.append([])
            else:
                runs[-1].append(bare)
        names = [run for run in runs if run]
        if names:
            name = names[-1]
            while name and name[0].lower() in ("the", "a", "an"):
                name = name[1:]
            return " ".join(name) or None
        if 0 < len(tokens) <= _MAX_SPEAKER_WORDS:
            return " ".join(tokens)
        return None

    # --- with a dependency parse ------------------------------------------------------

    def by_parse(self, doc: Doc, start: int, end: int) -> tuple[str | None, bool]:
        """Speaker of the claim doc[start:end] (token indices) from the parse."""
        tokens = doc[start:end]
        for token in tokens:
            if (
                token.lower_ == "according"
                and token.i + 1 < end
                and doc[token.i + 1].lower_ == "to"
            ):
                objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
                if objects:
                    return self._noun_phrase_speaker(objects[0]), True
        verbs = [
            t
            for t in tokens
            if t.lemma_.lower() in self.lexicon.reporting_verb_lemmas and t.pos_ == "VERB"
        ]
        # The reporting verb nearest the root governs the whole claim.
        verbs.sort(key=_depth)
        for verb in verbs:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects:
                continue
            subject = subjects[0]
            if not start <= subject.i < end:
                continue  # the parser reached into a dateline or the previous clause
            if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                subject = verb.head  # "Dmitry Peskov, who noted that ..."
            if subject.pos_ == "PRON":
                return self.PRONOUN, True
            return self._noun_phrase_speaker(subject), True
        return None, False

    def _noun_phrase_speaker(self, head) -> str | None:
        if head.ent_type_ in SPEAKER_LABELS:
            return _entity_text(head)
        phrase = head.doc[head.left_edge.i : head.right_edge.i + 1]
        people = [e for e in phrase.ents if e.label_ == "PERSON"]
        if people:
            return people[0].text
        if head.pos_ == "PRON":
            return None
        words = [
            t for t in head.doc[head.left_edge.i : head.i + 1] if t.dep_ not in ("det", "punct")
        ]
        if not words or len(words) > _MAX_SPEAKER_WORDS:
            return head.text
        return head.doc[words[0].i : head.i + 1].text


def _after_quote_or_comma(text: str, end: int) -> bool:
    """text[:end].rstrip().endswith((",", "”", '"')) without copying text[:end]."""
    end -= 1
    while end >= 0 and text[end].isspace():
        end -= 1
    return end >= 0 and text[end] in ',”"'


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _entity_text(token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            text = ent.text
            return text[4:] if text.startswith(("The ", "the ")) else text
    return token.text
