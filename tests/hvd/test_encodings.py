"""Encodings at the edges: a UTF-8 file with a stray Windows-1250 line, a bad
byte beyond the sniff window, UTF-16 files, a Windows-1250 file with a single
line of diacritics."""
from __future__ import annotations

from ckanext.tmopendata.hvd.validation import SNIFF_BYTES, validate_file
from ckanext.tmopendata.lib.text import detect_encoding

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "denumire", "type": "string", "constraints": {"required": True}},
    ],
    "primaryKey": ["id"],
}


def _lines(n: int, start: int = 1) -> list[str]:
    return [f"{i},Strada Mărășești nr. {i}" for i in range(start, start + n)]


def test_a_utf8_file_with_one_windows_1250_line_names_the_line(tmp_path):
    body = b"id,denumire\n" + "\n".join(_lines(55)).encode() + b"\n"
    body += "56,Piaţa Sfântul Gheorghe\n".encode("cp1250")  # line 57
    body += "\n".join(_lines(40, start=57)).encode() + b"\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(body)
    outcome = validate_file(str(path), "csv", SCHEMA)
    assert outcome.encoding == "utf-8"
    assert outcome.status == "failure"
    assert [(e["type"], e["row"]) for e in outcome.errors] == [("tm-encoding-error", 57)]
    assert "Line 57" in outcome.errors[0]["message"]


def test_a_bad_byte_beyond_the_sniff_window_has_its_line(tmp_path):
    lines = _lines(20000)
    body = ("id,denumire\n" + "\n".join(lines) + "\n").encode()
    assert len(body) > SNIFF_BYTES
    body += b"20001,Strada \xff\xfe rupt\n"
    path = tmp_path / "late.csv"
    path.write_bytes(body)
    outcome = validate_file(str(path), "csv", SCHEMA)
    assert outcome.status == "failure"
    assert [(e["type"], e["row"]) for e in outcome.errors] == [("tm-encoding-error", 20002)]


def test_utf16_files_with_a_bom_are_read(tmp_path):
    text = "id,denumire\n" + "\n".join(_lines(30)) + "\n"
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        data = text.encode(codec)
        if codec != "utf-16":
            data = ("\ufeff" + text).encode(codec)
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(data)
        outcome = validate_file(str(path), "csv", SCHEMA)
        assert outcome.encoding == "utf-16", codec
        assert outcome.status == "success", (codec, outcome.errors[:2])
        assert outcome.row_count == 30


def test_utf16_without_a_bom_is_still_refused_as_binary(tmp_path):
    path = tmp_path / "nobom.csv"
    path.write_bytes("id,denumire\n1,a\n".encode("utf-16-le"))
    outcome = validate_file(str(path), "csv", SCHEMA)
    assert [e["type"] for e in outcome.errors] == ["tm-binary-file"]


def test_a_windows_1250_file_stays_windows_1250():
    sample = ("id,denumire\n" + "\n".join(f"{i},Strada Lunga" for i in range(1, 100))).encode()
    sample += "\n100,Timişoara „centru”\n".encode("cp1250")
    assert detect_encoding(sample) == "windows-1250"
    # real UTF-8 characters and one bad line: UTF-8 that mixes encodings
    mixed = "1,Mărășești\n".encode() * 50 + "2,Timişoara „x”\n".encode("cp1250")
    assert detect_encoding(mixed) == "utf-8"
