"""An action of the event log in words, for the message after an undo or a redo."""

from __future__ import annotations

from collections.abc import Iterable

from claimdesk.store.changes import Change


def describe_action(action: str, changes: Iterable[Change], undone: bool) -> str:
    """ "label unique", "link (conflict)", "split"… For a label, the label the action set
    (what an undo took away, a redo put back)."""
    name = action.replace("_", " ")
    if action == "label":
        for change in changes:
            state = change.before if undone else change.after
            other = change.after if undone else change.before
            if change.entity == "label":
                label = (state or {}).get("label") or (other or {}).get("label")
                if label:
                    return f"label {label.replace('_', ' ')}"
    if action in ("link", "unlink"):
        for change in changes:
            if change.entity == "link":
                kind = ((change.after or change.before) or {}).get("kind")
                if kind:
                    return f"{name} ({kind})"
    return name
