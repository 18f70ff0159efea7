"""census/io.py: reading import files (headers, encodings, CSV/XLSX, bad
files, bad values) and writing exports, templates, the data package and the
public inventory list. Pure code: no database."""
from __future__ import annotations

import csv
import datetime
import io as stdio
import json
import pathlib
import zipfile

import openpyxl
import pytest
from frictionless import Package, Resource, Schema

from ckanext.tmopendata.census import fields, io
from ckanext.tmopendata.resources import census_dir

RO_HEADER = "Instituție,Denumire set de date,Mod de stocare,Date cu caracter personal,Cereri de informații pe an,Publicare planificată"
EN_HEADER = "Institution,Dataset title,Storage,Personal data,Information requests per year,Planned publication"

FULL_ENTRY = {
    "id": "e-1",
    "organization": "stpt",
    "organization_title": "Societatea de Transport Public Timișoara",
    "title": "Stații și trasee (demo)",
    "description": "Stațiile, cu coordonate; „ghilimele”, virgule, și\nun rând nou",
    "department": "Dispecerat",
    "owner_name": "Ana Popescu",
    "owner_email": "date@stpt.ro",
    "storage": "database",
    "formats": ["CSV", "GTFS"],
    "volume": "1200 înregistrări",
    "update_frequency": "WEEKLY",
    "legal_basis": "Legea 92/2007",
    "personal_data": False,
    "personal_data_categories": [],
    "access_restriction": "none",
    "published_url": "https://www.stpt.ro/gtfs",
    "hvd_category": "http://data.europa.eu/bna/c_b79e35eb",
    "priority_theme": "transport",
    "information_requests": 14,
    "q_exists": True, "q_digital": True, "q_public": True, "q_free": True, "q_online": True,
    "q_machine_readable": True, "q_bulk": False, "q_open_licence": False, "q_up_to_date": True,
    "effort": "low",
    "planned_publication": "2026-09-30",
    "status": "approved",
    "openness_score": 65, "value_score": 80, "feasibility_score": 90, "priority": 72,
}


def entry_part(entry: dict) -> dict:
    """The fields an import gives back: entry fields, without empty values."""
    names = {n for n, _t in fields.ENTRY_FIELDS}
    return {k: v for k, v in entry.items() if k in names and v not in (None, "", [])}


def read(text: str | bytes, filename: str = "inventar.csv", encoding: str = "utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return io.read_table(data, filename)


# --- headers ---------------------------------------------------------------------

def test_romanian_and_english_headers_map_to_the_same_fields():
    ro_rows, _ = read(RO_HEADER + "\nstpt,Stații,bază de date,nu,12,2026-06-30\n")
    en_rows, _ = read(EN_HEADER + "\nstpt,Stații,database,no,12,2026-06-30\n")
    for rows in (ro_rows, en_rows):
        assert len(rows) == 1
        entry, errors = io.row_to_entry(rows[0])
        assert errors == {}
        assert entry == {
            "organization": "stpt", "title": "Stații", "storage": "database",
            "personal_data": False, "information_requests": 12, "planned_publication": "2026-06-30",
        }
    assert ro_rows[0]["_row"] == 2


def test_headers_without_diacritics_other_case_cedillas_and_canonical_names():
    text = "INSTITUTIE;denumire_set_de_date;Frecvenţa actualizării;Restrictie de acces;motivul restrictiei;q_online\n" \
           "stpt;Abonamente;lunar;date personale;Legea 190/2018;DA\n"
    rows, _ = read(text)
    entry, errors = io.row_to_entry(rows[0])
    assert errors == {}
    assert entry == {
        "organization": "stpt", "title": "Abonamente", "update_frequency": "MONTHLY",
        "access_restriction": "personal_data", "restriction_reason": "Legea 190/2018", "q_online": True,
    }


def test_export_only_columns_are_ignored_and_scores_not_imported():
    rows, _ = read("Denumire set de date,Scor deschidere,Prioritate,Denumire instituție\nX,55,12,Primăria\n")
    assert {k: v for k, v in rows[0].items() if k != "_row"} == {"title": "X"}


@pytest.mark.parametrize("header,expected", [
    ("Denumire set de date,Culoare,Mărime", ['"Culoare"', '"Mărime"']),
    ("Titlu,Denumire set de date", ["Columns given twice", '"Denumire set de date"']),
    ("Instituție,Descriere", ["Missing required columns", "Denumire set de date / Dataset title"]),
])
def test_wrong_columns_are_refused_with_their_names(header, expected):
    with pytest.raises(io.ImportFileError) as e:
        read(header + "\na,b,c\n")
    for text in expected:
        assert text in str(e.value)
    assert "Accepted columns" in str(e.value)
    assert "Frecvența actualizării / Update frequency" in str(e.value)


def test_empty_trailing_columns_are_tolerated_but_nameless_values_are_not():
    rows, _ = read("Denumire set de date,,\nA,,\nB,,\n")
    assert [r["title"] for r in rows] == ["A", "B"]
    with pytest.raises(io.ImportFileError, match="without a header but with values: 2"):
        read("Denumire set de date,\nA,lost\n")


# --- encodings and delimiters -------------------------------------------------------

@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("windows-1250", "windows-1250"),
    ("iso-8859-2", "iso-8859-2"),
])
def test_encodings_are_detected_and_diacritics_kept(encoding, expected):
    # Windows-1250 and ISO-8859-2 hold the cedilla forms ş ţ (not ș ț).
    title = "Hotărâri şi dispoziţii ale Direcţiei Economice"
    text = "Denumire set de date;Compartiment\n" + f"{title};Secţia buget\n"
    if encoding == "windows-1250":
        text = text.replace("Secţia buget", "Secţia „buget”")  # curly quotes: 0x84/0x94
    rows, detected = read(text, encoding=encoding)
    assert detected == expected
    assert rows[0]["title"] == title
    assert rows[0]["department"].startswith("Secţia")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter):
    buffer = stdio.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows([["Denumire set de date", "Formate", "Descriere"], ["Buget, 2025", "CSV; XLSX", "x"]])
    text = buffer.getvalue()
    rows, _ = read(text)
    entry, errors = io.row_to_entry(rows[0])
    assert errors == {}
    assert entry["title"] == "Buget, 2025"
    assert entry["formats"] == ["CSV", "XLSX"]


def test_utf8_read_as_windows_1250_is_reported_as_mojibake():
    garbled = "Stații de tramvai".encode().decode("cp1252")  # 'StaÈ›ii de tramvai'
    rows, _ = read("Denumire set de date\n" + garbled + "\n")
    entry, errors = io.row_to_entry(rows[0])
    assert "title" in errors
    assert "Stații de tramvai" in errors["title"][0]
    assert "title" not in entry


# --- bad files ---------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \r\n\n", b"\xef\xbb\xbf", b",,,\n;;\n"])
def test_empty_files(data):
    with pytest.raises(io.ImportFileError, match="empty"):
        io.read_table(data, "inventar.csv")


@pytest.mark.parametrize("data,filename,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "inventar.csv", "binary data"),
    (b"%PDF-1.4 fake", "inventar.csv", "binary data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "inventar.xls", "97-2003"),
    (b"Denumire set de date\nA\n", "inventar.xlsx", "not an Excel workbook"),
    (b"PK\x03\x04 broken zip", "inventar.xlsx", "damaged"),
])
def test_binary_and_wrong_format_files(data, filename, message):
    with pytest.raises(io.ImportFileError, match=message):
        io.read_table(data, filename)


def test_zip_that_is_not_a_workbook():
    out = stdio.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(io.ImportFileError, match="no xl/workbook.xml"):
        io.read_table(out.getvalue(), "inventar.xlsx")


def test_header_only_gives_no_rows_and_blank_rows_are_skipped():
    assert read("Denumire set de date\n")[0] == []
    rows, _ = read("Denumire set de date,Volum\nA,1\n,\n\nB,2\n")
    assert [(r["_row"], r["title"]) for r in rows] == [(2, "A"), (5, "B")]


# --- XLSX ------------------------------------------------------------------------------

def test_xlsx_with_native_numbers_dates_and_booleans():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Instituție", "Denumire set de date", "Cereri de informații pe an",
                  "Publicare planificată", "Există", "Licență deschisă"])
    sheet.append(["isj-timis", "Rețeaua școlară", 7.0, datetime.datetime(2026, 3, 1), True, "nu"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["isj-timis", "Cifra de școlarizare", 3, datetime.date(2026, 12, 31), False, "da"])
    out = stdio.BytesIO()
    book.save(out)
    rows, encoding = io.read_table(out.getvalue(), "Inventar ISJ.xlsx")
    assert encoding == "xlsx"
    converted = [io.row_to_entry(r) for r in rows]
    assert [errors for _e, errors in converted] == [{}, {}]
    assert converted[0][0] == {
        "organization": "isj-timis", "title": "Rețeaua școlară", "information_requests": 7,
        "planned_publication": "2026-03-01", "q_exists": True, "q_open_licence": False,
    }
    assert converted[1][0]["planned_publication"] == "2026-12-31"
    assert rows[1]["_row"] == 4


def test_xlsx_detected_by_content_whatever_the_name():
    data = io.write_xlsx([FULL_ENTRY], "en")
    rows, encoding = io.read_table(data, "upload.csv")
    assert encoding == "xlsx"
    assert rows[0]["title"] == FULL_ENTRY["title"]


# --- values ----------------------------------------------------------------------------

def test_bad_values_are_reported_per_field():
    header = ("Denumire set de date,E-mail responsabil,Mod de stocare,Date cu caracter personal,"
              "Cereri de informații pe an,Publicare planificată,Publicat deja la (URL),Categorie HVD,"
              "Restricție de acces")
    row = "Buget,not-an-email,cloud,poate,-3,31/13/2026,www.example,Sport,secret"
    rows, _ = read(header + "\n" + row + ",extra cell\n")
    entry, errors = io.row_to_entry(rows[0])
    assert set(errors) == {
        "owner_email", "storage", "personal_data", "information_requests", "planned_publication",
        "published_url", "hvd_category", "access_restriction", "_extra",
    }
    assert 'Unknown value "cloud"' in errors["storage"][0]
    assert "bază de date / database" in errors["storage"][0]
    assert "yes/no" in errors["personal_data"][0]
    assert "whole number" in errors["information_requests"][0]
    assert "YYYY-MM-DD" in errors["planned_publication"][0]
    assert "extra cell" in errors["_extra"][0]
    assert entry == {"title": "Buget"}


def test_title_required_and_restriction_needs_reason():
    rows, _ = read("Denumire set de date,Restricție de acces,Descriere\n,informații clasificate,x\n")
    entry, errors = io.row_to_entry(rows[0])
    assert "required" in errors["title"][0]
    assert "legal reason" in errors["restriction_reason"][0]
    assert entry == {"access_restriction": "classified", "description": "x"}


def test_labels_uris_and_romanian_dates_become_codes():
    rows, _ = read(
        "Denumire set de date;Frecvența actualizării;Categorie HVD;Temă prioritară;Efort de publicare;"
        "Stare;Publicare planificată;Cereri de informații pe an\n"
        "A;http://publications.europa.eu/resource/authority/frequency/ANNUAL;Mobilitate;Achiziții publice;"
        "ridicat;în analiză;1.7.2026;1.250\n"
        "B;Quarterly;http://data.europa.eu/bna/c_e1da4e07;Budget;Medium;Approved for publication;2026-01-05;0\n"
    )
    (a, ea), (b, eb) = (io.row_to_entry(r) for r in rows)
    assert ea == eb == {}
    assert (a["update_frequency"], a["hvd_category"], a["priority_theme"], a["effort"], a["status"]) == (
        "ANNUAL", "http://data.europa.eu/bna/c_b79e35eb", "procurement", "high", "under_review")
    assert a["planned_publication"] == "2026-07-01"
    assert a["information_requests"] == 1250
    assert (b["update_frequency"], b["hvd_category"], b["priority_theme"], b["effort"], b["status"]) == (
        "QUARTERLY", "http://data.europa.eu/bna/c_e1da4e07", "budget", "medium", "approved")


def test_messages_are_plain_json_serialisable_strings():
    rows, _ = read("Denumire set de date,Există\n,poate\n")
    _entry, errors = io.row_to_entry(rows[0])
    assert json.loads(json.dumps(errors)) == errors


# --- writing -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ro", "en"])
def test_csv_export_round_trip(lang):
    second = dict(FULL_ENTRY, id="e-2", title="Al doilea", personal_data=True,
                  personal_data_categories=["nume", "adresă"], access_restriction="personal_data",
                  restriction_reason="GDPR art. 6", hvd_category=None, information_requests=None)
    data = io.write_csv([FULL_ENTRY, second], lang)
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(stdio.StringIO(data.decode("utf-8-sig"))))
    assert header[:3] == (["ID", "Instituție", "Denumire instituție"] if lang == "ro"
                          else ["ID", "Institution", "Institution name"])
    text = data.decode("utf-8-sig")
    assert ("bază de date" if lang == "ro" else "database") in text
    rows, _ = io.read_table(data, "export.csv")
    back = [io.row_to_entry(r) for r in rows]
    assert [e for _x, e in back] == [{}, {}]
    assert [x for x, _e in back] == [entry_part(FULL_ENTRY), entry_part(second)]


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_xlsx_export_round_trip(lang):
    data = io.write_xlsx([FULL_ENTRY], lang)
    book = openpyxl.load_workbook(stdio.BytesIO(data))
    assert book.active.title == ("Inventar" if lang == "ro" else "Inventory")
    rows, _ = io.read_table(data, "export.xlsx")
    entry, errors = io.row_to_entry(rows[0])
    assert errors == {}
    assert entry == entry_part(FULL_ENTRY)


def test_datapackage_is_valid_frictionless(tmp_path):
    data = io.write_datapackage([FULL_ENTRY, dict(FULL_ENTRY, id="e-2", information_requests=None)],
                                {"name": "recensamant-2026", "title": "Recensământ 2026"})
    with zipfile.ZipFile(stdio.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["datapackage.json", "entries.csv"]
        z.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert descriptor["title"] == "Recensământ 2026"
    assert descriptor["name"] == "census-recensamant-2026"
    package = Package(str(tmp_path / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["type", "message"])
    rows = package.get_resource("entries").read_rows()
    assert rows[0]["q_bulk"] is False and rows[0]["information_requests"] == 14
    assert str(rows[0]["planned_publication"]) == "2026-09-30"


def test_datapackage_schema_catches_a_bad_code(tmp_path):
    data = io.write_datapackage([dict(FULL_ENTRY, storage="cloud")], {"name": "x"})
    with zipfile.ZipFile(stdio.BytesIO(data)) as z:
        z.extractall(tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert [e[0] for e in report.flatten(["type"])] == ["constraint-error"]


def test_public_inventory_has_only_public_fields_and_is_valid():
    data = io.public_inventory_csv([FULL_ENTRY])
    text = data.decode("utf-8")
    header = next(csv.reader(stdio.StringIO(text)))
    assert header == ["id", "organization", "organization_title", "title", "status", "planned_publication"]
    assert set(fields.PUBLIC_FIELDS) <= set(header)
    for secret in ("Ana Popescu", "date@stpt.ro", "Dispecerat", "Legea 92/2007"):
        assert secret not in text
    schema = Schema(json.loads((census_dir() / "public-inventory-schema.json").read_text("utf-8")))
    report = Resource(data, format="csv", schema=schema).validate()
    assert report.valid, report.flatten(["type", "message"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["ro", "en"])
def test_templates_are_readable_empty_imports(fmt, lang):
    data = io.template(fmt, lang)
    rows, _ = io.read_table(data, f"template.{fmt}")
    assert rows == []
    if fmt == "xlsx":
        book = openpyxl.load_workbook(stdio.BytesIO(data))
        assert book.sheetnames == (["Inventar", "Instrucțiuni"] if lang == "ro" else ["Inventory", "Instructions"])
        header = [c.value for c in book.active[1]]
        instructions = list(book.worksheets[1].iter_rows(values_only=True))
        assert [r[1] for r in instructions[1:]] == io.TEMPLATE_COLUMNS
    else:
        header = next(csv.reader(stdio.StringIO(data.decode("utf-8-sig"))))
    assert header == [io.HEADERS[c][0 if lang == "ro" else 1] for c in io.TEMPLATE_COLUMNS]


def test_template_filled_in_imports_cleanly():
    book = openpyxl.load_workbook(stdio.BytesIO(io.template("xlsx", "ro")))
    sheet = book.active
    values = {"organization": "politia-locala-timisoara", "title": "Amenzi de circulație", "storage": "bază de date",
              "personal_data": "da", "access_restriction": "date cu caracter personal",
              "restriction_reason": "Regulamentul (UE) 2016/679", "effort": "mediu", "q_exists": "da"}
    sheet.append([values.get(c) for c in io.TEMPLATE_COLUMNS])
    out = stdio.BytesIO()
    book.save(out)
    rows, _ = io.read_table(out.getvalue(), "sablon.xlsx")
    entry, errors = io.row_to_entry(rows[0])
    assert errors == {}
    assert entry["access_restriction"] == "personal_data" and entry["personal_data"] is True


def test_unknown_format_or_language_is_a_programming_error():
    with pytest.raises(ValueError):
        io.template("ods", "ro")
    with pytest.raises(ValueError):
        io.write_csv([], "fr")


# --- the shipped census/ files ------------------------------------------------------------

def test_inventory_schema_matches_the_export_columns_and_headers():
    schema = io.inventory_schema()
    assert [f["name"] for f in schema["fields"]] == io.EXPORT_COLUMNS
    for f in schema["fields"]:
        assert (f["title"], f["title_en"]) == io.HEADERS[f["name"]]
    assert list(Schema.metadata_validate(schema)) == []
    public = io.public_inventory_schema()
    assert [f["name"] for f in public["fields"]] == io.PUBLIC_COLUMNS
    assert list(Schema.metadata_validate(public)) == []


def test_demo_inventory_parses_cleanly_and_is_valid_against_the_schema():
    path = census_dir() / "demo-inventory.csv"
    rows, encoding = io.read_table(path.read_bytes(), path.name)
    assert encoding == "utf-8"
    assert 35 <= len(rows) <= 50
    converted = [io.row_to_entry(r) for r in rows]
    assert {r["_row"]: e for r, (_x, e) in zip(rows, converted) if e} == {}
    entries = [x for x, _e in converted]
    assert all("(demo)" in e["title"] for e in entries)
    organisations = {e["organization"] for e in entries}
    assert len(organisations) >= 6
    # the institutions are the demo organisations of the portal
    import yaml

    from ckanext.tmopendata.core import demo

    demo_yaml = yaml.safe_load((pathlib.Path(demo.__file__).parent / "demo.yaml").read_text("utf-8"))
    assert organisations <= {o["name"] for o in demo_yaml["organizations"]}
    # some restricted entries (with reasons), some with personal data, several HVD categories
    assert any(e.get("access_restriction", "none") != "none" for e in entries)
    assert len({e.get("hvd_category") for e in entries} - {None}) >= 4
    report = Resource(path.read_bytes(), format="csv", schema=Schema(io.inventory_schema())).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


@pytest.mark.parametrize("name,lang", [
    ("inventar-sablon.csv", "ro"), ("inventar-sablon.xlsx", "ro"),
    ("inventory-template.csv", "en"), ("inventory-template.xlsx", "en"),
])
def test_shipped_templates_match_the_schema(name, lang):
    data = (census_dir() / "templates" / name).read_bytes()
    assert io.read_table(data, name)[0] == []
    if name.endswith(".csv"):
        header = next(csv.reader(stdio.StringIO(data.decode("utf-8-sig"))))
    else:
        header = [c.value for c in openpyxl.load_workbook(stdio.BytesIO(data)).active[1]]
    schema = {f["name"]: f for f in io.inventory_schema()["fields"]}
    key = "title" if lang == "ro" else "title_en"
    assert header == [schema[c][key] for c in io.TEMPLATE_COLUMNS]
