"""Checks that Table Schema cannot express: Romanian identifiers (CUI, CNP),
the personal-data guard, and mojibake (mis-decoded diacritics).

Pure functions, plus a frictionless ``Check`` that applies them row by row so
their findings land in the same report as frictionless' own errors.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

import attrs
from frictionless import Check, errors

from ckanext.tmopendata.lib.text import looks_like_mojibake

CNP_WEIGHTS = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)
CUI_KEY = (7, 5, 3, 2, 1, 7, 5, 3, 2)

_CNP_RE = re.compile(r"(?<!\d)([1-9]\d{12})(?!\d)")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Romanian phone numbers: mobile 07xx xxx xxx, landline 02x/03x, with +40/0040.
_PHONE_RE = re.compile(
    r"(?<![\d])(?:\+40|0040|0)\s?(?:7\d{2}|[23]\d{1,2})[\s.\-]?\d{3}[\s.\-]?\d{3,4}(?![\d])"
)


def cnp_is_valid(value: str) -> bool:
    """True when ``value`` is a 13-digit CNP with a valid control digit."""
    if not re.fullmatch(r"[1-9]\d{12}", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:12], CNP_WEIGHTS))
    control = total % 11
    if control == 10:
        control = 1
    return control == int(value[12])


def cui_is_valid(value: str) -> bool:
    """True when ``value`` is a CUI/CIF (2-10 digits, optional ``RO`` prefix)
    with a valid control digit."""
    value = value.strip().upper()
    if value.startswith("RO"):
        value = value[2:].strip()
    if not re.fullmatch(r"\d{2,10}", value):
        return False
    body, control = value[:-1], int(value[-1])
    body = body.rjust(len(CUI_KEY), "0")
    total = sum(int(d) * k for d, k in zip(body, CUI_KEY))
    expected = total * 10 % 11
    if expected == 10:
        expected = 0
    return expected == control


def mask(value: str) -> str:
    """Hide a personal value: keep its first character and its length."""
    value = str(value)
    if len(value) <= 2:
        return "*" * len(value)
    return f"{value[0]}{'*' * (len(value) - 1)}"


_THREE_DIGITS = re.compile(r"\d{3}")


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """Return ``(kind, masked value)`` for each CNP, e-mail or phone number
    found in ``text``; CNP candidates must pass the checksum."""
    found: list[tuple[str, str]] = []
    if "@" not in text and not _THREE_DIGITS.search(text):
        return found  # fast path: no e-mail, and no run of digits
    taken: list[tuple[int, int]] = []
    for m in _CNP_RE.finditer(text):
        if cnp_is_valid(m.group(1)):
            found.append(("cnp", mask(m.group(1))))
            taken.append(m.span())
    for m in _EMAIL_RE.finditer(text):
        found.append(("email", mask(m.group(0))))
        taken.append(m.span())
    for m in _PHONE_RE.finditer(text):
        start, end = m.span()
        if not any(start < t_end and t_start < end for t_start, t_end in taken):
            found.append(("phone", mask(m.group(0))))
    return found


class TmCuiChecksumError(errors.CellError):
    type = "tm-cui-checksum"
    title = "Invalid fiscal code (CUI)"
    description = "The value is not a Romanian fiscal code (CUI/CIF) with a valid control digit."
    template = 'Invalid CUI in row "{rowNumber}", field "{fieldName}": {note}'


class TmPersonalDataError(errors.CellError):
    type = "tm-personal-data"
    title = "Personal data"
    description = (
        "The cell seems to hold personal data (CNP, e-mail or phone number) "
        "in a column that is not declared as a contact field."
    )
    template = 'Personal data in row "{rowNumber}", field "{fieldName}": {note}'


class TmMojibakeError(errors.CellError):
    type = "tm-encoding-mojibake"
    title = "Garbled characters (mojibake)"
    description = (
        "The text looks like UTF-8 that was read with another encoding "
        "(e.g. 'È›' instead of 'ț'); fix the file's encoding."
    )
    template = 'Garbled text in row "{rowNumber}", field "{fieldName}": {note}'


def _cell_error(cls, row, field_name: str, shown: str, note: str):
    field_number = row.field_names.index(field_name) + 1
    return cls(
        note=note,
        cells=[],  # never copy the row: it may hold personal data
        row_number=row.row_number,
        cell=shown,
        field_name=field_name,
        field_number=field_number,
    )


#: Field types whose cells may hold a CNP, an e-mail or a phone number as
#: written (a value of another type that holds one is a type error, whose
#: cell the report masks).
PERSONAL_TYPES = ("string", "any", "integer", "number")

#: Shortest text that can hold a phone number (0 + 8 digits) or a CNP.
SHORTEST_PERSONAL = 9


def _raw_text(row, index: int, value: Any) -> Optional[str]:
    """The cell as written in the file (``0722123456``, not the parsed
    ``722123456``); the parsed value when the raw cell is not available."""
    cells = row.cells
    raw = cells[index] if index < len(cells) else None
    if raw is None or raw == "":
        raw = value
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    text = raw if isinstance(raw, str) else str(raw)
    if len(text) < SHORTEST_PERSONAL and "@" not in text:
        return None
    return text


@attrs.define(kw_only=True, repr=False)
class tm_row_checks(Check):
    """Applies the suite's own checks to every row."""

    type = "tm-row-checks"
    Errors = [TmCuiChecksumError, TmPersonalDataError, TmMojibakeError]

    personal_data: bool = True

    collected: Optional[list] = None
    """When a list: the check's errors are kept there (at most
    ``max_collected``) instead of being yielded, so they do not count toward
    frictionless' error cap (``limit_errors``)."""

    max_collected: int = 1000

    plan: list = attrs.field(factory=list, init=False)
    """Per field: (name, position, check CUI, check text, personal data
    check), built once at the start so rows do no schema look-ups. The
    personal data check is ``"all"`` (CNP, e-mail, phone), ``"cnp"`` (contact
    columns: e-mails and phones allowed, CNPs never) or ``None``."""

    def validate_start(self) -> Iterable[Any]:
        self.plan = []
        for index, field in enumerate(self.resource.schema.fields):
            custom = field.custom or {}
            textual = field.type in ("string", "any")
            personal = None
            if self.personal_data and field.type in PERSONAL_TYPES:
                personal = "cnp" if custom.get("x_tm_contact") else "all"
            self.plan.append((field.name, index, custom.get("x_tm_check") == "cui", textual, personal))
        return []

    def validate_row(self, row) -> Iterable[Any]:
        if self.collected is None:
            return self.row_errors(row)
        for error in self.row_errors(row):
            if len(self.collected) >= self.max_collected:
                break
            self.collected.append(error)
        return []

    def row_errors(self, row) -> Iterable[Any]:
        """The suite's errors of one ``row``, whatever the cap (the fast
        path counts them)."""
        for name, index, cui, textual, personal in self.plan:
            value = row[name]
            if personal:
                # the raw text, also when the value is missing from a type error
                text = _raw_text(row, index, value)
                if text is not None:
                    for kind, masked in find_personal_data(text):
                        if personal == "cnp" and kind != "cnp":
                            continue
                        yield _cell_error(
                            TmPersonalDataError, row, name, masked,
                            f"possible {kind.upper() if kind == 'cnp' else kind}: {masked}",
                        )
            if value is None or value == "":
                continue
            if cui:
                text = str(value)
                if not cui_is_valid(text):
                    yield _cell_error(
                        TmCuiChecksumError, row, name, text,
                        f'"{text}" fails the CUI control digit',
                    )
            if textual and isinstance(value, str) and not value.isascii():
                repaired = looks_like_mojibake(value)
                if repaired is not None:
                    yield _cell_error(
                        TmMojibakeError, row, name, value[:60],
                        f'probably "{repaired[:60]}"',
                    )
