"""Story grouping, candidate retrieval within a story, conflict hints and suggested labels.

Plain data in, plain data out: no Qt, no SQL. The store layer feeds records in and keeps
what the annotator decides.
"""

from claimdesk.matching.candidates import CandidateIndex
from claimdesk.matching.grouping import assign_to_story, group_articles
from claimdesk.matching.hints import conflict_hints
from claimdesk.matching.records import (
    Candidate,
    ClaimRef,
    ConflictHint,
    GroupingInput,
    Suggestion,
)
from claimdesk.matching.suggest import suggest_label

__all__ = [
    "Candidate",
    "CandidateIndex",
    "ClaimRef",
    "ConflictHint",
    "GroupingInput",
    "Suggestion",
    "assign_to_story",
    "conflict_hints",
    "group_articles",
    "suggest_label",
]
