"""Text helpers shared by the suite: the encoding of a file from its first
bytes, and UTF-8 text garbled by a single-byte code page (mojibake)."""
from __future__ import annotations

import codecs
import unicodedata
from typing import Optional


def detect_encoding(sample: bytes, declared: Optional[str] = None) -> str:
    """Encoding of a text file, from its first bytes.

    A declared encoding wins when it decodes the sample. Otherwise: a UTF-8
    BOM gives ``utf-8-sig``, a UTF-16 BOM ``utf-16``; text that decodes as
    UTF-8 is ``utf-8``, and so is text with real UTF-8 characters and a few
    lines that are not (a file that mixes encodings: the lines are reported,
    see :func:`undecodable_lines`); else bytes in 0x80-0x9F (curly quotes,
    dashes of Windows) mean ``windows-1250``, and the rest ``iso-8859-2``
    (both hold ă â î ş ţ).
    """
    if declared:
        try:
            codecs.lookup(declared)
            decode_sample(sample, declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        decode_sample(sample, "utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(sample):
        return "utf-8"
    if any(0x80 <= b <= 0x9F for b in sample):
        return "windows-1250"
    return "iso-8859-2"


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8 characters in the sample, and at most 1 % of its lines (at
    least one) that do not decode."""
    lines = sample.split(b"\n")[:-1] or [sample]
    bad = good = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
            continue
        good += not text.isascii()
    return good > 0 and bad <= max(1, len(lines) // 100)


def undecodable_lines(path: str, encoding: str, limit: int = 10) -> list[int]:
    """Line numbers (1-based) of the lines of the file at ``path`` that do not
    decode with ``encoding``, at most ``limit`` of them; ``[]`` when the whole
    file decodes (checked in one streaming pass first)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1024 * 1024), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return []
    except UnicodeDecodeError:
        pass
    if encoding.lower().replace("_", "-").startswith("utf-16"):
        return [0]  # no lines to tell in a broken UTF-16 file
    found: list[int] = []
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                found.append(number)
                if len(found) >= limit:
                    break
    return found


def decode_sample(sample: bytes, encoding: str) -> str:
    """Decode a sample that may end in the middle of a multi-byte character."""
    decoder = codecs.getincrementaldecoder(encoding)()
    return decoder.decode(sample, final=False)


def _plausible_repair(text: str, repaired: str) -> bool:
    """A real repair gives Latin letters or punctuation/symbols (``ș``,
    ``é``, ``„``), never other scripts or ordinal indicators (``ÎŞ`` ->
    ``Ϊ``, ``ÂŞ`` -> ``ª``, Romanian written with cedilla letters), and keeps
    an upper-case text upper-case (``PĂŞUNE`` -> ``PêUNE`` is no repair)."""
    for char in repaired:
        if char.isascii():
            continue
        category = unicodedata.category(char)
        if category[0] in "PS" and category != "Sk":
            continue
        if category in ("Lu", "Ll") and "LATIN" in unicodedata.name(char, ""):
            continue
        return False
    return not (text == text.upper() and repaired != repaired.upper())


def looks_like_mojibake(text: str) -> Optional[str]:
    """If ``text`` is UTF-8 that was decoded with a single-byte code page and
    re-encoded (e.g. ``È›`` for ``ț``), return the repaired text."""
    if text.isascii():
        return None
    for codepage in ("cp1252", "cp1250", "latin-1"):
        try:
            repaired = text.encode(codepage).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text and _plausible_repair(text, repaired):
            return repaired
    return None
