"""Gaps of the personal-data guard (legal risk): a CNP in a ``number`` or
``integer`` column, a CNP in a column marked ``x_tm_contact`` (contact
columns may hold e-mails and phones, never CNPs), phone numbers whose leading
``0`` or ``+`` parsing drops (the raw text of the cell is checked, not the
parsed value). Values never appear unmasked in the report."""
from __future__ import annotations

import json

import pytest

from ckanext.tmopendata.hvd.validation import validate_file

# Control digits computed by hand (see tests/hvd/test_checks.py).
CNP = "1960512350016"
CNP2 = "2850101226015"

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "suma", "type": "number"},
        {"name": "cod", "type": "integer"},
        {"name": "contact", "type": "string", "x_tm_contact": True},
    ],
    "missingValues": ["", "NA"],
}
HEADER = "id,suma,cod,contact\n"


def write(tmp_path, text: str) -> str:
    path = tmp_path / "date.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def personal(outcome) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in outcome.errors if e["type"] == "tm-personal-data"]


def assert_masked(outcome, *secrets):
    dumped = json.dumps(outcome.report(), ensure_ascii=False)
    for secret in secrets:
        assert secret not in dumped, secret


def test_cnp_in_a_number_column(tmp_path):
    outcome = validate_file(write(tmp_path, HEADER + f"1,{CNP},5,\n2,{CNP2}.00,6,\n3,1250.5,7,\n"),
                            "csv", SCHEMA)
    assert personal(outcome) == [(2, "suma"), (3, "suma")]
    assert outcome.status == "failure"
    error = next(e for e in outcome.errors if e["type"] == "tm-personal-data")
    assert error["cell"] == CNP[0] + "*" * 12 and "CNP" in error["note"]
    assert_masked(outcome, CNP, CNP2)


def test_cnp_in_an_integer_column(tmp_path):
    outcome = validate_file(write(tmp_path, HEADER + f"{CNP},1,2,\n"), "csv", SCHEMA)
    assert personal(outcome) == [(2, "id")]
    assert_masked(outcome, CNP)


@pytest.mark.parametrize("phone", ["0722123456", "0256123456", "+40722123456", "0040722123456"])
def test_phone_numbers_in_an_integer_column_are_checked_as_written(tmp_path, phone):
    """Parsing turns 0722123456 into 722123456 (and +40... into 40...): the
    raw text of the cell is what must be checked."""
    outcome = validate_file(write(tmp_path, HEADER + f"1,2,{phone},\n2,3,4,\n"), "csv", SCHEMA)
    assert personal(outcome) == [(2, "cod")]
    assert_masked(outcome, phone, phone.lstrip("+0"))


def test_phone_number_in_a_number_column(tmp_path):
    outcome = validate_file(write(tmp_path, HEADER + "1,0744111222,2,\n"), "csv", SCHEMA)
    assert personal(outcome) == [(2, "suma")]
    assert_masked(outcome, "0744111222", "744111222")


def test_ordinary_numbers_are_not_personal_data(tmp_path):
    rows = "1,36000,2025,\n2,12000.5,123456789,\n3,-45.75357,999999999999,\n4,NA,NA,\n"
    outcome = validate_file(write(tmp_path, HEADER + rows), "csv", SCHEMA)
    assert outcome.status == "success", outcome.errors


def test_contact_columns_hold_emails_and_phones_but_never_cnps(tmp_path):
    rows = (f"1,2,3,mediu@primariatm.ro\n"
            f"2,2,3,0722 123 456\n"
            f"3,2,3,{CNP}\n"
            f"4,2,3,Ion Popescu (CNP {CNP2})\n"
            f"5,2,3,NA\n")
    outcome = validate_file(write(tmp_path, HEADER + rows), "csv", SCHEMA)
    assert personal(outcome) == [(4, "contact"), (5, "contact")]
    notes = [e["note"] for e in outcome.errors if e["type"] == "tm-personal-data"]
    assert all("CNP" in n for n in notes)
    assert_masked(outcome, CNP, CNP2)


def test_a_cnp_in_a_contact_column_is_masked_in_frictionless_errors_too(tmp_path):
    """A contact column with ``format: email``: the CNP breaks the format
    (frictionless' own error, which echoes the cell) and is personal data:
    neither error shows it."""
    schema = {"fields": [{"name": "id", "type": "integer"},
                         {"name": "email", "type": "string", "format": "email", "x_tm_contact": True}]}
    outcome = validate_file(write(tmp_path, f"id,email\n1,ion@example.org\n2,{CNP}\n"), "csv", schema)
    types = sorted(e["type"] for e in outcome.errors)
    assert types == ["tm-personal-data", "type-error"]
    assert_masked(outcome, CNP)


def test_a_cnp_that_breaks_a_number_column_is_reported_masked(tmp_path):
    """Not a number at all (``CNP 196...``): a type error from frictionless
    and personal data from the raw text, both masked."""
    outcome = validate_file(write(tmp_path, HEADER + f"1,CNP {CNP},2,\n"), "csv", SCHEMA)
    assert sorted(e["type"] for e in outcome.errors) == ["tm-personal-data", "type-error"]
    assert_masked(outcome, CNP)
