"""The validation engine on real files: encodings, schema errors, bad input."""
from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from ckanext.tmopendata.hvd.validation import Limits, infer_schema, validate_file
from ckanext.tmopendata.lib.text import detect_encoding

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "denumire", "type": "string", "constraints": {"required": True}},
        {"name": "suprafata_mp", "type": "number", "constraints": {"minimum": 0}},
        {"name": "email_contact", "type": "string", "x_tm_contact": True},
    ],
    "primaryKey": ["id"],
    "missingValues": ["", "NA"],
}
ROWS = "id,denumire,suprafata_mp,email_contact\n1,Parcul Rozelor,36000,mediu@primariatm.ro\n2,Piața Unirii,12000.5,\n3,Scuarul Ștefan cel Mare,800,NA\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_valid_utf8_file(tmp_path):
    outcome = validate_file(write(tmp_path, "a.csv", ROWS.encode()), "csv", SCHEMA)
    assert outcome.status == "success", outcome.errors
    assert outcome.row_count == 3
    assert outcome.encoding == "utf-8"
    assert outcome.report()["valid"] is True


@pytest.mark.parametrize(
    "encoding,expected",
    [("utf-8-sig", "utf-8-sig"), ("windows-1250", "windows-1250"), ("iso-8859-2", "iso-8859-2")],
)
def test_romanian_encodings_are_detected(tmp_path, encoding, expected):
    # Legacy code pages hold the cedilla forms ş ţ; add a Windows dash to
    # tell Windows-1250 from ISO-8859-2.
    text = ROWS.replace("ș", "ş").replace("Ș", "Ş").replace("ț", "ţ")
    if encoding == "windows-1250":
        text = text.replace("Piaţa Unirii", "Piaţa Unirii – centru")
    path = write(tmp_path, "a.csv", text.encode(encoding))
    outcome = validate_file(path, "csv", SCHEMA)
    assert outcome.encoding == expected
    assert outcome.status == "success", outcome.errors


def test_declared_encoding_wins(tmp_path):
    path = write(tmp_path, "a.csv", ROWS.replace("ț", "ţ").replace("Ș", "Ş").encode("iso-8859-2"))
    assert validate_file(path, "csv", SCHEMA, encoding="iso-8859-2").encoding == "iso-8859-2"
    assert detect_encoding("ă".encode(), declared="no-such-codec") == "utf-8"


def test_mojibake_is_reported_not_accepted(tmp_path):
    garbled = ROWS.replace("Piața Unirii", "PiaÈ›a Unirii")
    outcome = validate_file(write(tmp_path, "a.csv", garbled.encode()), "csv", SCHEMA)
    assert outcome.status == "failure"
    (error,) = [e for e in outcome.errors if e["type"] == "tm-encoding-mojibake"]
    assert error["row"] == 3 and error["column"] == "denumire"
    assert "Piața Unirii" in error["message"]


def test_schema_errors_have_row_and_column(tmp_path):
    bad = ROWS + "3,Duplicat,-5,\nx,,10,\n"
    outcome = validate_file(write(tmp_path, "a.csv", bad.encode()), "csv", SCHEMA)
    assert outcome.status == "failure"
    # minimum and required; "x" is no integer; id 3 twice (unique + primary
    # key) and the unparseable id breaks the primary key too.
    assert outcome.error_types == {
        "constraint-error": 2, "type-error": 1, "unique-error": 1, "primary-key": 2,
    }
    first = outcome.errors[0]
    assert {"type", "title", "message", "row", "column", "cell"} <= set(first)


def test_personal_data_outside_contact_columns(tmp_path):
    from tests.hvd.test_checks import make_cnp

    cnp = make_cnp("280010122114")
    rows = ROWS + f"4,Solicitant {cnp},10,ion@gmail.com\n5,Parc,10,\n6,tel 0744 111 222,5,\n"
    outcome = validate_file(write(tmp_path, "a.csv", rows.encode()), "csv", SCHEMA)
    pii = [e for e in outcome.errors if e["type"] == "tm-personal-data"]
    assert [(e["row"], e["column"]) for e in pii] == [(5, "denumire"), (7, "denumire")]
    assert cnp not in json.dumps(outcome.report())
    assert "0744 111 222" not in json.dumps(outcome.report())


def test_contact_columns_are_exempt_and_only_they(tmp_path):
    """The same e-mail address is personal data in an ordinary column and
    accepted in a column marked ``x_tm_contact``."""
    rows = ROWS + "4,Parc,10,ion@gmail.com\n"
    path = write(tmp_path, "a.csv", rows.encode())
    unmarked = {**SCHEMA, "fields": [
        {k: v for k, v in f.items() if k != "x_tm_contact"} for f in SCHEMA["fields"]]}

    flagged = validate_file(path, "csv", unmarked)
    pii = [e for e in flagged.errors if e["type"] == "tm-personal-data"]
    # row 2 holds mediu@primariatm.ro, row 5 ion@gmail.com, both in email_contact
    assert [(e["row"], e["column"]) for e in pii] == [(2, "email_contact"), (5, "email_contact")]
    assert pii[1]["cell"] == "i" + "*" * (len("ion@gmail.com") - 1)
    assert "ion@gmail.com" not in json.dumps(flagged.report())

    exempt = validate_file(path, "csv", SCHEMA)
    assert exempt.status == "success", exempt.errors
    assert not [e for e in exempt.errors if e["type"] == "tm-personal-data"]


def test_structural_check_without_schema(tmp_path):
    ragged = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n\n"
    outcome = validate_file(write(tmp_path, "a.csv", ragged.encode()), "csv", None)
    assert outcome.status == "failure"
    assert set(outcome.error_types) == {"missing-cell", "extra-cell", "blank-row"}
    good = validate_file(write(tmp_path, "b.csv", b"a,b\nx,1\ny,oops\n"), "csv", None)
    assert good.status == "success"  # no schema: types are not checked


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, data):
    outcome = validate_file(write(tmp_path, "a.csv", data), "csv", SCHEMA)
    assert outcome.status == "failure"
    assert outcome.error_types == {"tm-empty-file": 1}


def test_binary_disguised_as_csv(tmp_path):
    outcome = validate_file(write(tmp_path, "a.csv", b"PK\x03\x04\x00\x00binary\x00stuff"), "csv", SCHEMA)
    assert outcome.error_types == {"tm-binary-file": 1}
    assert "not a CSV" in outcome.errors[0]["message"]


def test_huge_cell(tmp_path):
    data = b"id,denumire\n1," + b"x" * 5000 + b"\n"
    outcome = validate_file(write(tmp_path, "a.csv", data), "csv", None, limits=Limits(max_cell_bytes=1000))
    assert outcome.error_types == {"tm-huge-cell": 1}


def test_unsupported_format(tmp_path):
    outcome = validate_file(write(tmp_path, "a.pdf", b"%PDF-1.4"), "pdf", None)
    assert outcome.error_types == {"tm-unsupported-format": 1}


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_is_validated(tmp_path):
    good = _xlsx([["id", "denumire", "suprafata_mp", "email_contact"], [1, "Parc", 10, None]])
    assert validate_file(write(tmp_path, "a.xlsx", good), "xlsx", SCHEMA).status == "success"
    bad = _xlsx([["id", "denumire", "suprafata_mp", "email_contact"], [1, "Parc", -10, None]])
    outcome = validate_file(write(tmp_path, "b.xlsx", bad), "xlsx", SCHEMA)
    assert outcome.error_types == {"constraint-error": 1}


def test_xlsx_zip_bomb_is_not_opened(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    outcome = validate_file(str(path), "xlsx", SCHEMA)
    assert outcome.error_types == {"tm-zip-bomb": 1}


def test_fake_xlsx(tmp_path):
    outcome = validate_file(write(tmp_path, "a.xlsx", ROWS.encode()), "xlsx", SCHEMA)
    assert outcome.error_types == {"tm-invalid-xlsx": 1}


def test_infer_schema(tmp_path):
    result = infer_schema(write(tmp_path, "a.csv", ROWS.encode()), "csv")
    fields = {f["name"]: f["type"] for f in result["schema"]["fields"]}
    assert fields["id"] == "integer"
    assert fields["suprafata_mp"] == "number"
    assert result["encoding"] == "utf-8"
