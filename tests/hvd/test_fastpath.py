"""The columnar fast path against the frictionless engine: a differential test.

Hundreds of small files are generated around the edge of every rule the fast
path checks (types, missing values, required, unique, primary key, bounds,
pattern, enum, lengths, structure, encodings, and the suite's checks for
personal data, CUI and mojibake). Each is validated twice, with
``Limits(engine="fast")`` and ``Limits(engine="frictionless")``; the two
outcomes (status, rows, errors) must be identical. Each file is run with
the fast path reading columns exactly (few distinct values) and in
vectorised form (``EXACT_DISTINCT = 0``).

The test also asserts that the fast path *proves* the valid files itself
(a fast path that always gave up would agree with the engine trivially).
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
    "cod": ["1", "2", "01", "", "NA"],
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
    return files


FILES = _files()


@pytest.fixture(params=["exact", "vectorised"])
def mode(request, monkeypatch):
    if request.param == "vectorised":
        monkeypatch.setattr(fastpath, "EXACT_DISTINCT", 0)
    return request.param


def _outcome(path: str, engine: str):
    outcome = validate_file(path, "csv", SCHEMA, limits=Limits(engine=engine))
    return outcome.status, outcome.row_count, outcome.errors


def test_fast_path_agrees_with_the_engine_on_every_edge(tmp_path, mode):
    proved = disagreements = valid = 0
    details = []
    for name, data in FILES:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        fast = _outcome(str(path), "fast")
        engine = _outcome(str(path), "frictionless")
        valid += engine[0] == "success"
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
    # and the plainly valid files every time
    schema = Schema.from_descriptor(SCHEMA)
    for name, data in FILES:
        if name.startswith("valid"):
            assert fastpath.prove_valid(str(tmp_path / f"{name}.csv"), "csv", schema,
                                        detect_encoding(data)) is not None, name


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
