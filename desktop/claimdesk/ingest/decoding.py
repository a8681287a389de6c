"""Turn the bytes of a file into text, whatever encoding the collector saved it in.

Order of trust: a byte-order mark, then strict UTF-8 (by far the most common), then
charset-normalizer's guess for legacy single-byte encodings (cp1252, latin-1, ...).
Binary data is refused with an `InputError` rather than decoded into garbage.
"""

import codecs
import re

from charset_normalizer import from_bytes

from claimdesk.errors import InputError

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE mark.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer often names cp1250 for Western text that cp1252 reads just as cleanly
# (short texts give it little to go on); our news is mostly in Western European languages,
# so on a tie prefer these.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
_CHAOS_TIE = 0.01  # charset-normalizer's "mess" scores this close count as equally clean

# How much of a file is enough to choose its encoding when we stream it.
SNIFF_BYTES = 64 * 1024

# Text has few control characters besides tab, newline, carriage return and form feed;
# more than this share means the "text" is really binary data that happened to decode.
_MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # all but \t \n \f \r

BINARY_PROBLEM = "not a text file (binary data)"


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _is_utf8(data: bytes, complete: bool) -> bool:
    # An incremental decoder lets a sniffed head end in the middle of a character.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(data: bytes, encoding: str) -> bool:
    # A sample is enough to tell, and keeps this cheap on a 5 MB article.
    sample = data[:SNIFF_BYTES].decode(encoding, errors="ignore")
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL_SHARE


def _choose_encoding(data: bytes, place: str, complete: bool) -> str:
    bom = _bom_encoding(data)
    if bom:
        return bom
    if b"\x00" in data:
        # NUL bytes without a UTF-16/32 mark: an image, a PDF, a zip...
        raise InputError(place, BINARY_PROBLEM)
    if _is_utf8(data, complete):
        return "utf-8"
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(place, BINARY_PROBLEM)
    # Among the guesses that read as cleanly as the best one, prefer the Western encodings.
    tied = [match for match in matches if match.chaos <= best.chaos + _CHAOS_TIE]
    for preferred in _PREFERRED_LEGACY:
        if any(preferred in match.could_be_from_charset for match in tied):
            return preferred
    return best.encoding


def detect_encoding(data: bytes, place: str, *, complete: bool = True) -> str:
    """The Python codec name for `data`, or InputError if it is binary.

    `complete=False` says `data` is only the head of a longer file (for streamed readers).
    """
    encoding = _choose_encoding(data, place, complete)
    if _looks_binary(data, encoding):
        raise InputError(place, BINARY_PROBLEM)
    return encoding


def decode_bytes(data: bytes, place: str) -> str:
    """Decode a whole file's bytes to text; InputError(place, ...) for binary data."""
    encoding = detect_encoding(data, place)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(place, f"cannot decode as {encoding}: {error.reason}") from None
    return text
