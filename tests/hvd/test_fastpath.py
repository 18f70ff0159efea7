"""The columnar fast path against the frictionless engine: a differential test.

Hundreds of small files are generated around the edge of every rule the fast
path checks (types, missing values, required, unique, primary key, bounds,
pattern, enum, lengths, structure, encodings, and the suite's checks for
personal data, CUI and mojibake), for two schemas (the second with read
options: ``decimalChar``/``groupChar``, ``bareNumber``, ``trueValues``,
formats, a composite primary key, ``unique`` numbers compared as decimals),
plus random mixes of edge values and files beyond the error cap. Each is
validated twice, with ``Limits(engine="fast")`` and
``Limits(engine="frictionless")``; the two outcomes (status, rows, the whole
error list: type, row, field, cell, note, message) must be identical. Each
file is run with the fast path reading columns exactly (few distinct
values) and in vectorised form (``EXACT_DISTINCT = 0``).

The test also asserts that the fast path *itself* validates the valid files
and the files with errors (a fast path that always gave up would agree with
the engine trivially), and gives up on what it does not support.
"""
from __future__ import annotations

import glob
import json
import os
import random

import pytest
from frictionless import Schema

from ckanext.tmopendata.hvd import fastpath
from ckanext.tmopendata.hvd.validation import Limits, validate_file
from ckanext.tmopendata.lib.text import detect_encoding
from tests.hvd.test_checks import make_cnp

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True, "pattern": "P[0-9]+"}},
        {"name": "denumire", "type": "string", "constraints": {"required": True, "maxLength": 40}},
        {"name": "tip", "type": "string", "constraints": {"enum": ["supraterana", "subterana"]}},
        {"name": "locuri", "type": "integer", "constraints": {"minimum": 0, "maximum": 900}},
        {"name": "tarif", "type": "number", "constraints": {"minimum": 0}},
        {"name": "lat", "type": "number", "constraints": {"minimum": 45.6, "maximum": 45.9}},
        {"name": "data", "type": "date"},
        {"name": "cui", "type": "string", "x_tm_check": "cui"},
        {"name": "contact", "type": "string", "x_tm_contact": True},
        {"name": "cod", "type": "integer", "constraints": {"unique": True}},
    ],
    "primaryKey": ["id"],
    "missingValues": ["", "NA"],
}
STANDARDS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "schemas", "tables")
HEADER = [f["name"] for f in SCHEMA["fields"]]
VALID_CUI = "14186770"  # Primăria Timișoara
CNP = make_cnp("180010135001")

#: Values around the edge of each column's rules (valid and invalid).
EDGES = {
    "id": ["P1", "p1", "P", "P1\n", "P١", " P1", "P01"],
    "denumire": ["Parcul Rozelor", "x" * 40, "x" * 41, "Timișoara", "TimiÈ™oara", "CÂŞTIG", "ÎŞI",
                 "Piața 700", "NA", "", "a@b.ro", "tel 0722 123 456", f"CNP {CNP}", '"quoted, comma"'],
    "tip": ["supraterana", "Supraterana", "supraterana ", "etajata", "", "NA"],
    "locuri": ["0", "900", "901", "-1", "007", "+5", " 5", "5.0", "1e3", "", "NA", "9223372036854775808",
               "0722123456", CNP],
    "tarif": ["0", "0.0", "-0", "-0.01", "1.5", "1,5", ".5", "5.", "1e5", "NaN", "sNaN", "", "NA", " 2"],
    "lat": ["45.6", "45.9", "45.59999999999999999", "45.60000000000000001", "45.9000000001", "45.7", "45",
            "46", ""],
    "data": ["2026-03-01", "2026-3-1", "2026-02-30", "20260301", " 2026-03-01", "2026-03-01T00:00:00", ""],
    "cui": [VALID_CUI, "14186771", "RO14186770", "", "NA"],
    "contact": ["mediu@primariatm.ro", "0256 408 300", CNP, "", "Birou"],
    "cod": ["1", "2", "01", "", "NA", "x", "1.5"],
}


#: A second schema: read options, formats, composite key, unique numbers.
SCHEMA2 = {
    "fields": [
        {"name": "an", "type": "integer", "constraints": {"required": True}},
        {"name": "nr", "type": "integer", "constraints": {"required": True, "enum": [1, 2, 3, 4, 5, 6, 7, 8, 9]}},
        {"name": "suma", "type": "number", "decimalChar": ",", "groupChar": ".",
         "constraints": {"minimum": -1000000}},
        {"name": "procent", "type": "number", "bareNumber": False, "constraints": {"maximum": 100}},
        {"name": "activ", "type": "boolean", "trueValues": ["da"], "falseValues": ["nu"]},
        {"name": "data", "type": "date", "format": "%d.%m.%Y"},
        {"name": "moment", "type": "datetime", "constraints": {"unique": True}},
        {"name": "email", "type": "string", "format": "email", "x_tm_contact": True},
        {"name": "valoare", "type": "number", "constraints": {"unique": True}},
        {"name": "cod", "type": "string", "constraints": {"pattern": "A|B[0-9]+", "maxLength": 4}},
        {"name": "text", "type": "string"},
    ],
    "primaryKey": ["an", "nr"],
    "missingValues": ["", "-"],
}
HEADER2 = [f["name"] for f in SCHEMA2["fields"]]
EDGES2 = {
    "an": ["2026", "-", "", "2026.0", "02026"],
    "nr": ["1", "9", "10", "0", "01", "x", "-"],
    "suma": ["1.234,56", "1234,56", "1,234.56", "-1.000.000", "-1.000.001", "12,", "", "-"],
    "procent": ["99 %", "100", "100.0000000001", "%5", "abc", ""],
    "activ": ["da", "nu", "true", "Da", "", "-"],
    "data": ["01.03.2026", "2026-03-01", "31.02.2026", "1.3.2026", ""],
    "moment": ["2026-03-01T10:00:00", "2026-03-01T10:00:00Z", "2026-03-01T12:00:00+02:00", "2026-03-01 10:00",
               "2026-03-01T10:00:00.5Z", "2026-02-30T10:00:00Z", "2026-03-01T24:00:00", "2026-03-01T10:00", "x",
               "", "-"],
    "email": ["a@b.ro", "a@", CNP, "0722 123 456", "", "-"],
    "valoare": ["1", "1.0", "1.00", "2.5", "02.50", "-0", "0", "1e0", "NaN", "", "-", "x"],
    "cod": ["A", "B1", "B", "AB1", "A\n", "C", "Ș1", "", "B12345"],
    "text": ["Timișoara", "TimiÈ™oara", "CÂŞTIG", "0256408300", "x@y.ro", CNP, "", "-", "  "],
}


def _valid_row(i: int, rnd: random.Random) -> list[str]:
    return [f"P{i}", f"Parcare {i}", rnd.choice(["supraterana", "subterana"]), str(rnd.randint(0, 900)),
            rnd.choice(["0", "1.5", "2.00"]), f"45.{rnd.randint(600, 899)}", "2026-03-01", VALID_CUI,
            "mediu@primariatm.ro", str(1000 + i)]


def _csv_line(cells: list[str]) -> str:
    out = []
    for cell in cells:
        if any(ch in cell for ch in ',"\n\r'):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return ",".join(out)


def _files() -> list[tuple[str, bytes]]:
    rnd = random.Random(20261130)
    files: list[tuple[str, bytes]] = []

    def emit(name: str, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8",
             eol: str = "\n", tail: str = "") -> None:
        text = eol.join([_csv_line(header)] + [_csv_line(r) for r in rows]) + eol + tail
        files.append((name, text.encode(encoding)))

    base = [_valid_row(i, rnd) for i in range(1, 25)]
    emit("valid", base)
    emit("valid-crlf", base, eol="\r\n")
    emit("valid-bom", base, encoding="utf-8-sig")
    emit("valid-cp1250", [r[:1] + ["Piaţa Ţ " + r[1]] + r[2:] for r in base], encoding="cp1250")
    # every edge value of every column, alone in an otherwise valid file
    for column, values in EDGES.items():
        index = HEADER.index(column)
        for k, value in enumerate(values):
            rows = [list(r) for r in base]
            rows[5][index] = value
            emit(f"{column}-{k}", rows)
    # structure
    emit("blank-line", base[:3] + [[]] + base[3:])
    emit("blank-row", base[:3] + [[""] * len(HEADER)] + base[3:])
    emit("missing-row", base[:3] + [["NA"] * len(HEADER)] + base[3:])
    emit("extra-cell", base[:3] + [base[3] + ["x"]] + base[4:])
    emit("missing-cell", base[:3] + [base[3][:-1]] + base[4:])
    emit("duplicate-id", base + [list(base[0])])
    emit("duplicate-cod", base[:2] + [base[2][:9] + [base[1][9]]] + base[3:])
    emit("header-case", base, header=[h.upper() if h == "tip" else h for h in HEADER])
    emit("header-order", [r[1:2] + r[:1] + r[2:] for r in base], header=HEADER[1:2] + HEADER[:1] + HEADER[2:])
    emit("header-space", base, header=[h + " " if h == "cod" else h for h in HEADER])
    files.append(("semicolons", ("\n".join(";".join(r) for r in [HEADER] + base) + "\n").encode()))
    emit("trailing-blank", base, tail="\n")
    emit("quoted-newline", base[:2] + [base[2][:1] + ["Parcare\npe două rânduri"] + base[2][2:]] + base[3:])
    # random mixes of edge values
    for n in range(40):
        rows = [list(r) for r in base]
        for _ in range(rnd.randint(1, 3)):
            column = rnd.choice(list(EDGES))
            rows[rnd.randrange(len(rows))][HEADER.index(column)] = rnd.choice(EDGES[column])
        emit(f"mix-{n}", rows)
    # many errors in one file, and duplicates of every kind
    rows = [list(r) for r in base]
    for r in rows:
        for _ in range(4):
            column = rnd.choice(list(EDGES))
            r[HEADER.index(column)] = rnd.choice(EDGES[column])
    emit("many-errors", rows)
    emit("error-order", base[:5] + [base[5][:3] + ["x"] + base[5][4:9] + ["x"]] + base[6:])
    emit("dup-chain", base[:4] + [base[1]] + base[4:8] + [base[1], base[2]] + base[8:])
    emit("dup-cod-forms", [r[:9] + [v] for r, v in zip(base, ["7", "07", "007", "7", "x", "7"])] + base[6:])
    return files


def _valid_row2(i: int, rnd: random.Random) -> list[str]:
    return [str(2020 + i // 9), str(i % 9 + 1), f"{rnd.randint(0, 999)}.{rnd.randint(100, 999)},{rnd.randint(10, 99)}",
            f"{rnd.randint(0, 99)} %", rnd.choice(["da", "nu"]), f"{rnd.randint(10, 28)}.0{rnd.randint(1, 9)}.2026",
            f"2026-03-01T{i % 24:02d}:{i:02d}:00Z", f"u{i}@primariatm.ro", f"{i}.{rnd.randint(1, 9)}",
            rnd.choice(["A", f"B{i}"]), f"Strada {i}"]


def _files2() -> list[tuple[str, bytes]]:
    rnd = random.Random(2611302)
    files: list[tuple[str, bytes]] = []

    def emit(name: str, rows: list[list[str]]) -> None:
        text = "\n".join([_csv_line(HEADER2)] + [_csv_line(r) for r in rows]) + "\n"
        files.append((name, text.encode()))

    base = [_valid_row2(i, rnd) for i in range(30)]
    emit("s2-valid", base)
    for column, values in EDGES2.items():
        index = HEADER2.index(column)
        for k, value in enumerate(values):
            rows = [list(r) for r in base]
            rows[7][index] = value
            emit(f"s2-{column}-{k}", rows)
    emit("s2-dup-key", base[:5] + [base[2][:2] + base[5][2:]] + base[6:])
    # the same instant in other forms, a naive time beside an aware one
    moments = ["2026-03-01T10:00:00Z", "2026-03-01T12:00:00+02:00", "2026-03-01T10:00:00", "2026-03-01T10:00:00Z",
               "2026-03-01T10:00:00.000Z", "2026-03-01T10:00:00", "2026-03-01T09:00:00-01:00"]
    emit("s2-dup-moments", [r[:6] + [m] + r[7:] for r, m in zip(base, moments)] + base[len(moments):])
    emit("s2-blank-key", base[:5] + [["-", "-"] + base[5][2:]] + base[6:])
    # errors in a unique or key column come first in their row (frictionless
    # reads those cells before the others)
    emit("s2-error-order", base[:5] + [["x", "x", "y"] + base[5][3:8] + ["x"] + base[5][9:]] + base[6:])
    emit("s2-blank-row", base[:5] + [["-"] * len(HEADER2)] + base[6:])
    emit("s2-dup-values", [r[:8] + [v] + r[9:] for r, v in zip(base, ["1", "1.0", "2", "01.00", "x", "1e0", "-"])]
         + base[7:])
    # zero in every spelling: one value (a negative zero equals zero)
    emit("s2-dup-zero", [r[:8] + [v] + r[9:] for r, v in zip(base, ["0", "-0", "0.0", "-0.00", "00"])] + base[5:])
    for n in range(30):
        rows = [list(r) for r in base]
        for _ in range(rnd.randint(1, 5)):
            column = rnd.choice(list(EDGES2))
            rows[rnd.randrange(len(rows))][HEADER2.index(column)] = rnd.choice(EDGES2[column])
        emit(f"s2-mix-{n}", rows)
    return files


FILES = _files()
FILES2 = _files2()


@pytest.fixture(params=["exact", "vectorised"])
def mode(request, monkeypatch):
    if request.param == "vectorised":
        monkeypatch.setattr(fastpath, "EXACT_DISTINCT", 0)
        monkeypatch.setattr(fastpath, "PARTITION_ROWS", 0)  # keys searched in parts
        monkeypatch.setattr(fastpath, "SPILL_ROWS", 0)  # integer keys in temporary files
        monkeypatch.setattr(fastpath, "BLOCK_SIZE", 512)  # many record batches
    return request.param


def _outcome(path: str, engine: str, schema: dict = SCHEMA, max_errors: int = 1000):
    outcome = validate_file(path, "csv", schema, limits=Limits(engine=engine, max_errors=max_errors))
    return outcome.status, outcome.row_count, outcome.errors


def _handled(path: str, schema: dict, data: bytes, max_errors: int = 1000):
    """What the fast path itself gives (``None``: it gave up)."""
    return fastpath.validate(path, "csv", Schema.from_descriptor(schema), detect_encoding(data), max_errors)


def test_fast_path_agrees_with_the_engine_on_every_edge(tmp_path, mode):
    proved = disagreements = valid = handled_invalid = 0
    details = []
    for name, data in FILES:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        fast = _outcome(str(path), "fast")
        engine = _outcome(str(path), "frictionless")
        valid += engine[0] == "success"
        handled = _handled(str(path), SCHEMA, data)
        if engine[0] != "success" and handled is not None:
            handled_invalid += 1
            assert not handled.valid, name
        if fast != engine:
            disagreements += 1
            details.append((name, fast[:2], engine[:2], [e["type"] for e in engine[2]][:3]))
        if fastpath.prove_valid(str(path), "csv", Schema.from_descriptor(SCHEMA),
                                "cp1250" if "cp1250" in name else None) is not None:
            proved += 1
            assert engine[0] == "success", (name, engine[2][:3])
    assert not disagreements, details
    # the fast path proves the valid files itself (it does not just give up)
    assert valid >= 20
    assert proved >= valid * 0.7, (proved, valid)
    # and writes the errors of the files with errors itself, except those
    # with a structure it does not support (wrong widths, other headers)
    invalid = len(FILES) - valid
    assert invalid >= 60 and handled_invalid >= invalid - 6, (handled_invalid, invalid)
    for name in ("extra-cell", "missing-cell", "header-order", "semicolons"):
        data = dict(FILES)[name]
        assert _handled(str(tmp_path / f"{name}.csv"), SCHEMA, data) is None, name
    # and the plainly valid files every time
    schema = Schema.from_descriptor(SCHEMA)
    for name, data in FILES:
        if name.startswith("valid"):
            assert fastpath.prove_valid(str(tmp_path / f"{name}.csv"), "csv", schema,
                                        detect_encoding(data)) is not None, name


def test_fast_path_agrees_with_read_options_formats_and_keys(tmp_path, mode):
    """The second schema: read options and formats (read value by value by
    frictionless' reader), a composite primary key, unique decimals."""
    details, handled_invalid, invalid = [], 0, 0
    for name, data in FILES2:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        fast = _outcome(str(path), "fast", SCHEMA2)
        engine = _outcome(str(path), "frictionless", SCHEMA2)
        if fast != engine:
            details.append((name, fast[:2], engine[:2], fast[2][:2], engine[2][:2]))
        handled = _handled(str(path), SCHEMA2, data)
        if engine[0] != "success":
            invalid += 1
            handled_invalid += handled is not None
        elif name == "s2-valid":
            assert handled is not None and handled.valid
    assert not details, details
    assert invalid >= 40 and handled_invalid >= invalid - 6, (handled_invalid, invalid)


@pytest.mark.parametrize("max_errors", [1, 3, 7, 40])
def test_the_error_cap_stops_both_paths_at_the_same_row(tmp_path, max_errors):
    """Beyond ``max_errors`` frictionless stops reading: the same errors,
    the same row count; the suite's errors are capped apart."""
    rnd = random.Random(max_errors)
    rows = [_valid_row(i, rnd) for i in range(1, 400)]
    for r in rows[::7]:
        r[3] = "-1"  # below the minimum
    for r in rows[::11]:
        r[1] = f"Parcare {CNP}"  # personal data (the suite's check)
    rows[20] = list(rows[5])  # a duplicate id and code
    text = "\n".join([_csv_line(HEADER)] + [_csv_line(r) for r in rows]) + "\n"
    path = tmp_path / "cap.csv"
    path.write_text(text)
    fast = _outcome(str(path), "fast", max_errors=max_errors)
    engine = _outcome(str(path), "frictionless", max_errors=max_errors)
    assert fast == engine
    assert _handled(str(path), SCHEMA, text.encode(), max_errors) is not None
    frictionless_errors = [e for e in engine[2] if not e["type"].startswith("tm-")]
    assert len(frictionless_errors) == max_errors
    assert engine[1] < len(rows)


@pytest.mark.parametrize("sample", sorted(glob.glob(os.path.join(STANDARDS, "*", "*", "samples", "*.csv"))),
                         ids=lambda p: "/".join(p.split(os.sep)[-4:]))
def test_fast_path_agrees_on_the_standards_samples(sample):
    schema = json.load(open(sample.split("/samples/")[0] + "/schema.json"))
    fast = validate_file(sample, "csv", schema, limits=Limits(engine="fast"))
    engine = validate_file(sample, "csv", schema, limits=Limits(engine="frictionless"))
    assert (fast.status, fast.row_count, fast.errors) == (engine.status, engine.row_count, engine.errors)


def test_the_fast_path_proves_the_valid_samples_itself():
    proved = []
    for sample in sorted(glob.glob(os.path.join(STANDARDS, "*", "*", "samples", "valid*.csv"))):
        schema = json.load(open(sample.split("/samples/")[0] + "/schema.json"))
        outcome = validate_file(sample, "csv", schema, limits=Limits(engine="fast"))
        assert outcome.status == "success", (sample, outcome.errors[:3])
        proved.append(outcome.report()["validator"].startswith("tmopendata fast path"))
    assert proved and sum(proved) >= len(proved) - 1, proved


def test_the_tuning_constants_reach_every_step(tmp_path, monkeypatch):
    """The package's constants (which the ``vectorised`` mode above changes)
    are read on each call and reach the steps that use them: with
    ``MAX_KEPT = 0`` the fast path gives up on a file with an error; with
    ``SPILL_ROWS = 0`` an integer ``unique`` column goes to temporary files,
    removed once the file is validated."""
    import tempfile

    rnd = random.Random(3)
    rows = [_valid_row(i, rnd) for i in range(1, 40)]
    rows[7][3] = "-1"  # below the minimum
    data = ("\n".join([_csv_line(HEADER)] + [_csv_line(r) for r in rows]) + "\n").encode()
    path = tmp_path / "tuning.csv"
    path.write_bytes(data)
    assert _handled(str(path), SCHEMA, data) is not None
    folders = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        folders.append(real_mkdtemp(*args, **kwargs))
        return folders[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(fastpath, "SPILL_ROWS", 0)
    spilled = _handled(str(path), SCHEMA, data)
    assert folders and all(not os.path.exists(f) for f in folders)
    assert spilled is not None and [e.type for e in spilled.errors] == ["constraint-error"]
    monkeypatch.setattr(fastpath, "MAX_KEPT", 0)
    assert _handled(str(path), SCHEMA, data) is None
