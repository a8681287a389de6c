"""Month names as news writes them, for the date rules of matching and sentence splitting."""

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "Sept." as well as "Sep."; "May" has no shorter form
MONTH_ABBREVIATIONS = tuple(m[:3] for m in MONTHS if m != "may") + ("sept",)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
