"""Romanian identifiers, the personal-data guard and mojibake detection."""
from __future__ import annotations

import pytest

from ckanext.tmopendata.hvd.checks import (
    CNP_WEIGHTS, cnp_is_valid, cui_is_valid, find_personal_data, looks_like_mojibake, mask,
)


def make_cnp(first12: str) -> str:
    control = sum(int(d) * w for d, w in zip(first12, CNP_WEIGHTS)) % 11
    return first12 + str(1 if control == 10 else control)


def make_cui(body: str) -> str:
    key = (7, 5, 3, 2, 1, 7, 5, 3, 2)
    total = sum(int(d) * k for d, k in zip(body.rjust(9, "0"), key))
    control = total * 10 % 11
    return body + str(0 if control == 10 else control)


@pytest.mark.parametrize("first12", ["196051235001", "280010122114", "501123035678"])
def test_cnp_with_right_control_digit_is_valid(first12):
    cnp = make_cnp(first12)
    assert cnp_is_valid(cnp)
    wrong = cnp[:12] + str((int(cnp[12]) + 1) % 10)
    assert not cnp_is_valid(wrong)


@pytest.mark.parametrize("value", ["", "0960512350016", "19605123500", "19605123500161", "abcdefghijklm"])
def test_cnp_shape_is_checked(value):
    assert not cnp_is_valid(value)


def test_cnp_control_digit_ten_becomes_one():
    # find a body whose weighted sum is 10 mod 11
    for n in range(100000, 999999):
        body = f"1960512{n:06d}"[:12]
        if sum(int(d) * w for d, w in zip(body, CNP_WEIGHTS)) % 11 == 10:
            assert cnp_is_valid(body + "1")
            assert not cnp_is_valid(body + "0")
            return
    pytest.fail("no body with remainder 10 found")


@pytest.mark.parametrize("body", ["1", "1234567", "1859000", "987654321"])
def test_cui_checksum(body):
    cui = make_cui(body)
    assert cui_is_valid(cui)
    assert cui_is_valid("RO" + cui)
    assert cui_is_valid(" ro" + cui + " ")
    assert not cui_is_valid(cui[:-1] + str((int(cui[-1]) + 1) % 10))


@pytest.mark.parametrize("value", ["", "1", "12345678901", "RO", "12a4"])
def test_cui_shape_is_checked(value):
    assert not cui_is_valid(value)


def test_personal_data_found_and_masked():
    cnp = make_cnp("196051235001")
    found = find_personal_data(f"Ion, CNP {cnp}, ion.popescu@gmail.com, tel. 0722 123 456")
    kinds = [k for k, _ in found]
    assert kinds == ["cnp", "email", "phone"]
    for _, shown in found:
        assert cnp not in shown and "popescu" not in shown and "123 456" not in shown


def test_invalid_cnp_checksum_is_not_personal_data():
    cnp = make_cnp("196051235001")
    wrong = cnp[:12] + str((int(cnp[12]) + 1) % 10)
    assert find_personal_data(f"nr. {wrong}") == []


@pytest.mark.parametrize("text", ["2025-01-28", "90000", "HCL 123/2025", "Strada Siemens 11", "45.75357"])
def test_ordinary_values_are_not_personal_data(text):
    assert find_personal_data(text) == []


def test_mask_never_reveals_the_value():
    assert mask("1960512350016") == "1" + "*" * 12
    assert mask("ab") == "**"


def test_mojibake_is_detected_and_repaired():
    assert looks_like_mojibake("TimiÈ™oara") == "Timișoara"
    assert looks_like_mojibake("Timișoara") is None
    assert looks_like_mojibake("Piața Victoriei, Ärzte") is None
    assert looks_like_mojibake("plain ascii") is None
