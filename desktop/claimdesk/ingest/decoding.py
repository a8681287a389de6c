"""Turn the bytes of a file into text, whatever encoding the collector saved it in.

Order of trust: a byte-order mark, then UTF-16 without a mark (every other byte NUL), then
strict UTF-8 (by far the most common), then charset-normalizer's guess for legacy single-byte
encodings (cp1252, latin-1, ...). The guess is only made when the file is not damaged UTF-8:
if its valid UTF-8 sequences outnumber its invalid bytes it is refused by name, because
guessing cp1252 would turn every "é" into "Ã©" (a legacy file can hold a few valid-looking
sequences by chance, but then most of its letters are invalid). Binary data is refused with
an `InputError` rather than decoded into garbage. `is_assumed` tells callers which encodings
were guesses, so that they can say so.
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

# A valid UTF-8 sequence of two to four bytes (counted against the invalid bytes).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Binary files are full of NUL bytes; a text file with a stray one or two is still text.
_MAX_STRAY_NUL_SHARE = 0.01
_MAX_STRAY_NULS = 4
# UTF-16 without a mark: in Western text nearly every other byte is NUL.
_UTF16_NUL_SHARE = 0.4


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf8_error(data: bytes, complete: bool) -> UnicodeDecodeError | None:
    # An incremental decoder lets a sniffed head end in the middle of a character.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError as error:
        return error
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when the valid UTF-8 sequences outnumber the invalid bytes: damaged UTF-8.

    A legacy file can hold a valid-looking pair by chance (cp1251 "Рі" is D0 B3, a UTF-8 "г"),
    but then nearly every other letter is invalid; damaged UTF-8 is the other way round."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if not valid:
        return False
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    invalid -= data.count("\ufffd".encode())  # replacement characters that were in the file
    return valid >= invalid


def _unmarked_utf16(data: bytes) -> str | None:
    """utf-16-le/-be when the NULs sit in every other byte and the result decodes cleanly."""
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) / 2
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls.count(0) / half >= _UTF16_NUL_SHARE and others.count(0) / half < 0.05:
            try:
                sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


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
        utf16 = _unmarked_utf16(data)
        if utf16:
            return utf16
        if data.count(0) > max(_MAX_STRAY_NULS, len(data) * _MAX_STRAY_NUL_SHARE):
            # NUL bytes without a UTF-16/32 mark: an image, a PDF, a zip...
            raise InputError(place, BINARY_PROBLEM)
        # a few stray NULs in text (a bad copy): decoded, then stripped (ingest.sanitise)
    error = _utf8_error(data, complete)
    if error is None:
        return "utf-8"
    if _mostly_utf8(data):
        bad = data[error.start : error.start + 1].hex().upper()
        raise InputError(
            place,
            f"not valid UTF-8 at byte {error.start:,} (0x{bad}), though other parts are "
            "UTF-8: a damaged or mixed file; save it as UTF-8 and import it again",
        )
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
    return decode_with_encoding(data, place)[0]


def decode_with_encoding(data: bytes, place: str) -> tuple[str, str]:
    """The text of a whole file and the encoding it was read with."""
    encoding = detect_encoding(data, place)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(place, f"cannot decode as {encoding}: {error.reason}") from None
    return text, encoding


def is_assumed(encoding: str) -> bool:
    """True for an encoding guessed from the bytes (no mark, not UTF-8), which is worth saying."""
    return codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig", "utf-16", "utf-32")
