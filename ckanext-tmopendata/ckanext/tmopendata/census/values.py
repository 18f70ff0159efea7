"""The value rules of census entries, one set for the API schemas
(``logic/validators.py``), the entry form and the spreadsheet import
(``io/reader.py``): the comparison key of typed words (:func:`norm`), the
yes/no words (:func:`yes_no`), e-mail and web addresses (:func:`is_email`,
:func:`is_url`). Change a rule here and all three follow. Pure Python."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

#: Words for yes and for no, compared with :func:`norm` (lower case, no
#: diacritics): "Da", "adevărat" and "X" are yes.
YES = ("true", "yes", "y", "da", "d", "adevarat", "1", "x", "on")
NO = ("false", "no", "n", "nu", "fals", "0", "off")

#: One e-mail address, with a top-level domain of letters.
EMAIL_RE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$")
#: A web address starting with http:// or https://.
URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def norm(text: str) -> str:
    """Comparison key of headers and typed values: lower case, no
    diacritics (ş/ș, ţ/ț alike), single spaces, ``_`` as a space."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s_]+", " ", text)
    return text.strip()


def yes_no(text: str) -> Optional[bool]:
    """``True`` for a yes word, ``False`` for a no word, ``None`` for
    anything else."""
    key = norm(text)
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def is_email(text: str) -> bool:
    return bool(EMAIL_RE.match(text))


def is_url(text: str) -> bool:
    return bool(URL_RE.match(text))
