"""The lead's review window (disagreement queue, adjudication, agreement figures) and the
switch-annotator dialog. The main window opens them through these two functions."""

from claimdesk.ui.review.annotator_dialog import choose_annotator
from claimdesk.ui.review.review_window import ReviewWindow, open_review_window

__all__ = ["ReviewWindow", "choose_annotator", "open_review_window"]
