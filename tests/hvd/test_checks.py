"""Romanian identifiers, the personal-data guard and mojibake detection."""
from __future__ import annotations

import pytest

from ckanext.tmopendata.hvd.checks import (
    cnp_is_valid, cui_is_valid, find_personal_data, mask,
)
from ckanext.tmopendata.lib.text import looks_like_mojibake

#: The official weights, written here on purpose (never taken from the module:
#: wrong weights in the module would agree with themselves).
OFFICIAL_CNP_WEIGHTS = tuple(int(c) for c in "279146358279")
OFFICIAL_CUI_KEY = tuple(int(c) for c in "753217532")


def make_cnp(first12: str) -> str:
    control = sum(int(d) * w for d, w in zip(first12, OFFICIAL_CNP_WEIGHTS)) % 11
    return first12 + str(1 if control == 10 else control)


def make_cui(body: str) -> str:
    key = OFFICIAL_CUI_KEY
    total = sum(int(d) * k for d, k in zip(body.rjust(9, "0"), key))
    control = total * 10 % 11
    return body + str(0 if control == 10 else control)


@pytest.mark.parametrize("first12", ["196051235001", "280010122114", "501123035678"])
def test_cnp_with_right_control_digit_is_valid(first12):
    cnp = make_cnp(first12)
    assert cnp_is_valid(cnp)
    wrong = cnp[:12] + str((int(cnp[12]) + 1) % 10)
    assert not cnp_is_valid(wrong)


# Known answers, control digits computed by hand with the weights 2 7 9 1 4 6 3 5 8 2 7 9:
#  1960512350016: 2+63+54+0+20+6+6+15+40+0+0+9 = 215; 215 mod 11 = 6 -> C = 6
#  2850101226015: 4+56+45+0+4+0+3+10+16+12+0+9 = 159; 159 mod 11 = 5 -> C = 5
#  5010203350062: 10+0+9+0+8+0+9+15+40+0+0+54 = 145; 145 mod 11 = 2 -> C = 2
#  1960512352011: 215 + 2*2 (tenth digit 0 -> 2) = 219; 219 mod 11 = 10 -> C = 1
#  6040229350074: 12+0+36+0+8+12+27+15+40+0+0+63 = 213; 213 mod 11 = 4 -> C = 4
KNOWN_VALID_CNPS = ["1960512350016", "2850101226015", "5010203350062", "1960512352011", "6040229350074"]
KNOWN_INVALID_CNPS = [
    "1960512350017", "1960512350015",   # control digit off by one
    "2850101226010", "5010203350060",   # control digit 0
    "1960512352010",                    # remainder 10 must give 1, not 0
    "6040229350073", "6040229350079",
    "1690512350016",                    # two digits swapped: sum 221, remainder 1 -> C would be 1
]


@pytest.mark.parametrize("cnp", KNOWN_VALID_CNPS)
def test_known_valid_cnps(cnp):
    assert cnp_is_valid(cnp)
    assert [k for k, _ in find_personal_data(f"CNP: {cnp}")] == ["cnp"]


@pytest.mark.parametrize("cnp", KNOWN_INVALID_CNPS)
def test_known_invalid_cnps(cnp):
    assert not cnp_is_valid(cnp)
    assert find_personal_data(f"nr. {cnp}") == []


# CUI/CIF, control digits computed by hand with the key 7 5 3 2 1 7 5 3 2 (right-aligned):
#  14756536 (Primăria Municipiului Timișoara): 1*3+4*2+7*1+5*7+6*5+5*3+3*2 = 104;
#            104*10 = 1040; 1040 mod 11 = 6 -> C = 6
#  1234567897: 7+10+9+8+5+42+35+24+18 = 158; 1580 mod 11 = 7 -> C = 7
#  230: 2*3+3*2 = 12; 120 mod 11 = 10 -> C = 0
#  19: 1*2 = 2; 20 mod 11 = 9 -> C = 9
KNOWN_VALID_CUIS = ["14756536", "RO14756536", "1234567897", "230", "19"]
KNOWN_INVALID_CUIS = ["14756535", "14756537", "1234567890", "1234567898", "231", "18", "65741536"]


@pytest.mark.parametrize("cui", KNOWN_VALID_CUIS)
def test_known_valid_cuis(cui):
    assert cui_is_valid(cui)


@pytest.mark.parametrize("cui", KNOWN_INVALID_CUIS)
def test_known_invalid_cuis(cui):
    assert not cui_is_valid(cui)


@pytest.mark.parametrize("value", ["", "0960512350016", "19605123500", "19605123500161", "abcdefghijklm"])
def test_cnp_shape_is_checked(value):
    assert not cnp_is_valid(value)


def test_cnp_control_digit_ten_becomes_one():
    # find a body whose weighted sum is 10 mod 11
    for n in range(100000, 999999):
        body = f"1960512{n:06d}"[:12]
        if sum(int(d) * w for d, w in zip(body, OFFICIAL_CNP_WEIGHTS)) % 11 == 10:
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


@pytest.mark.parametrize("text", [
    "CÂŞTIG", "ÎŞI", "PĂŞUNE", "ÎNŢELEGERE", "ŢARĂ", "AŞA ŞI AŞA", "Câştig", "îşi", "CÂȘTIG", "ÎȘI",
])
def test_romanian_with_cedilla_letters_is_not_mojibake(text):
    """Upper-case words with Ş/Ţ (cedilla, common in data from older
    systems) re-encode into valid UTF-8 by chance (ÂŞ -> ª, ÎŞ -> Ϊ,
    ĂŞ -> ê): that is not a repair."""
    assert looks_like_mojibake(text) is None


@pytest.mark.parametrize("garbled,repaired", [
    ("TIMIÈ˜OARA", "TIMIȘOARA"), ("PiaÈ›a", "Piața"), ("Ă®n", "în"), ("BÃ©la", "Béla"),
    ("â€žcitat", "„citat"),
])
def test_real_mojibake_is_still_repaired(garbled, repaired):
    assert looks_like_mojibake(garbled) == repaired
