"""Characters no database can store, found before they reach one.

A lone surrogate (JSON allows `"\\ud800"`) cannot be encoded as UTF-8, so neither SQLite nor
PostgreSQL can hold it: the record is refused, naming the field. NUL is legal in SQLite text
but refused by PostgreSQL; it carries no meaning in an article, so it is stripped everywhere
and both backends store the same thing.
"""

import re

from claimdesk.errors import InputError

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NUL = "\x00"


def clean_value(value, place: str, field: str):
    """`value` (a string, or JSON made of dicts and lists) without NULs; InputError naming
    `field` when a string holds a lone surrogate. Keys are checked like values."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        if found:
            code = f"U+{ord(found.group()):04X}"
            raise InputError(
                place,
                f"`{field}` holds a lone surrogate {code} at character {found.start()} "
                "(broken UTF-16 in the source); no database can store it",
            )
        return value.replace(_NUL, "") if _NUL in value else value
    if isinstance(value, dict):
        return {
            clean_value(key, place, field): clean_value(item, place, f"{field}.{key}")
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [clean_value(item, place, f"{field}[{i}]") for i, item in enumerate(value)]
    return value
