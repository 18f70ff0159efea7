"""Controlled vocabularies of the HVD schema (EU and local)."""
from __future__ import annotations

HVD_REGULATION_ELI = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
HVD_SCHEME = "http://data.europa.eu/bna/asd487ae75"
HVD_CONCEPT_PREFIX = "http://data.europa.eu/bna/c_"

#: Top concepts of the EU HVD category vocabulary: (URI, English, Romanian).
HVD_CATEGORIES = [
    ("http://data.europa.eu/bna/c_ac64a52d", "Geospatial", "Date geospațiale"),
    ("http://data.europa.eu/bna/c_dd313021", "Earth observation and environment", "Observarea Pământului și mediu"),
    ("http://data.europa.eu/bna/c_164e0bf5", "Meteorological", "Date meteorologice"),
    ("http://data.europa.eu/bna/c_e1da4e07", "Statistics", "Statistică"),
    ("http://data.europa.eu/bna/c_a9135398", "Companies and company ownership", "Societăți și proprietatea asupra societăților"),
    ("http://data.europa.eu/bna/c_b79e35eb", "Mobility", "Mobilitate"),
]

FREQUENCY_PREFIX = "http://publications.europa.eu/resource/authority/frequency/"
#: EU frequency vocabulary codes used by the portal: (code, English, Romanian).
FREQUENCIES = [
    ("CONT", "Continuous", "Continuu"),
    ("DAILY", "Daily", "Zilnic"),
    ("WEEKLY", "Weekly", "Săptămânal"),
    ("MONTHLY", "Monthly", "Lunar"),
    ("QUARTERLY", "Quarterly", "Trimestrial"),
    ("BIANNUAL", "Semiannual", "Semestrial"),
    ("ANNUAL", "Annual", "Anual"),
    ("BIENNIAL", "Biennial", "La doi ani"),
    ("IRREG", "Irregular", "Neregulat"),
    ("UNKNOWN", "Unknown", "Necunoscut"),
    ("NEVER", "Never (no updates)", "Niciodată (fără actualizări)"),
]

#: The city's local priority themes: (key, English, Romanian).
PRIORITY_THEMES = [
    ("budget", "Budget", "Buget"),
    ("procurement", "Public procurement", "Achiziții publice"),
    ("building_permits", "Building permits", "Autorizații de construire"),
    ("transport", "Transport", "Transport"),
    ("education", "Education", "Educație"),
    ("environment", "Environment", "Mediu"),
    ("council_decisions", "Council decisions", "Hotărâri ale Consiliului Local"),
    ("business_authorisations", "Business authorisations", "Autorizații de funcționare"),
    ("addresses", "Streets and addresses", "Străzi și adrese"),
    ("other", "Other", "Altele"),
]

#: Licences allowed for HVDs: CC BY 4.0 or less restrictive (CKAN licence ids).
HVD_LICENCES = [
    ("cc-by", "Creative Commons Attribution 4.0 (CC BY 4.0)"),
    ("cc-zero", "Creative Commons CCZero (CC0)"),
    ("odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)"),
    ("odc-by", "Open Data Commons Attribution License (ODC-BY)"),
]

#: Resource formats that count as API access for the publication gate.
API_FORMATS = {"api", "json-api", "rest", "ogc api", "wms", "wfs", "sparql", "gtfs-rt"}

# --- DCAT-AP 3 vocabularies (the catalogue's profile, hvd/dcat_profile.py) ---

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
FILE_TYPE_PREFIX = EU_AUTHORITY + "file-type/"
LICENCE_PREFIX = EU_AUTHORITY + "licence/"
ACCESS_RIGHT_PREFIX = EU_AUTHORITY + "access-right/"
DATA_THEME_PREFIX = EU_AUTHORITY + "data-theme/"
LANGUAGE_PREFIX = EU_AUTHORITY + "language/"
IANA_MEDIA_TYPE_PREFIX = "http://www.iana.org/assignments/media-types/"
ADMS_LICENCE_TYPE_PREFIX = "http://purl.org/adms/licencetype/"
ADMS_PUBLISHER_TYPE_PREFIX = "http://purl.org/adms/publishertype/"

#: CKAN resource format (lower case) -> (EU file-type code, IANA media type or None).
FILE_TYPES = {
    "csv": ("CSV", "text/csv"),
    "tsv": ("TSV", "text/tab-separated-values"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": ("XLS", "application/vnd.ms-excel"),
    "ods": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "json": ("JSON", "application/json"),
    "geojson": ("GEOJSON", "application/geo+json"),
    "xml": ("XML", "application/xml"),
    "pdf": ("PDF", "application/pdf"),
    "zip": ("ZIP", "application/zip"),
    "txt": ("TXT", "text/plain"),
    "html": ("HTML", "text/html"),
    "kml": ("KML", "application/vnd.google-earth.kml+xml"),
    "kmz": ("KMZ", "application/vnd.google-earth.kmz"),
    "shp": ("SHP", None),
    "gpkg": ("GPKG", "application/geopackage+sqlite3"),
    "rdf": ("RDF_XML", "application/rdf+xml"),
    "ttl": ("RDF_TURTLE", "text/turtle"),
    "jsonld": ("JSON_LD", "application/ld+json"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": ("ODT", "application/vnd.oasis.opendocument.text"),
    "gtfs": ("GTFS", None),
    "wms": ("WMS_SRVC", None),
    "wfs": ("WFS_SRVC", None),
}
#: File types that are open (non-proprietary) and machine-readable (for the
#: data.europa.eu quality method); XLS/XLSX/DOCX/PDF/SHP are not both.
OPEN_MACHINE_READABLE = {"CSV", "TSV", "ODS", "JSON", "GEOJSON", "XML", "KML", "GPKG",
                         "RDF_XML", "RDF_TURTLE", "JSON_LD", "GTFS"}

#: CKAN licence id -> (EU licence code, ADMS licence type code).
LICENCES = {
    "cc-by": ("CC_BY_4_0", "Attribution"),
    "cc-by-sa": ("CC_BY_SA_4_0", "ViralEffect-ShareAlike"),
    "cc-zero": ("CC0", "PublicDomain"),
    "odc-pddl": ("ODC_PDDL", "PublicDomain"),
    "odc-by": ("ODC_BY", "Attribution"),
    "odc-odbl": ("ODC_BL", "ViralEffect-ShareAlike"),
}

ACCESS_PUBLIC = ACCESS_RIGHT_PREFIX + "PUBLIC"
ACCESS_NON_PUBLIC = ACCESS_RIGHT_PREFIX + "NON_PUBLIC"

#: Locale -> EU language code.
LANGUAGES = {"ro": "RON", "en": "ENG", "hu": "HUN", "de": "DEU", "sr": "SRP"}

#: EU data themes used by the portal: (code, English, Romanian).
DATA_THEMES = [
    ("ECON", "Economy and finance", "Economie și finanțe"),
    ("EDUC", "Education, culture and sport", "Educație, cultură și sport"),
    ("ENVI", "Environment", "Mediu"),
    ("GOVE", "Government and public sector", "Guvern și sector public"),
    ("REGI", "Regions and cities", "Regiuni și orașe"),
    ("SOCI", "Population and society", "Populație și societate"),
    ("TRAN", "Transport", "Transport"),
]
#: Local priority theme -> EU data themes.
PRIORITY_THEME_DATA_THEMES = {
    "budget": ["ECON", "GOVE"],
    "procurement": ["ECON", "GOVE"],
    "building_permits": ["REGI", "GOVE"],
    "transport": ["TRAN"],
    "education": ["EDUC"],
    "environment": ["ENVI"],
    "council_decisions": ["GOVE"],
    "business_authorisations": ["ECON"],
    "addresses": ["REGI"],
    "other": ["GOVE"],
}
#: Top HVD category -> EU data themes.
HVD_CATEGORY_DATA_THEMES = {
    "http://data.europa.eu/bna/c_ac64a52d": ["REGI"],
    "http://data.europa.eu/bna/c_dd313021": ["ENVI"],
    "http://data.europa.eu/bna/c_164e0bf5": ["ENVI"],
    "http://data.europa.eu/bna/c_e1da4e07": ["SOCI", "ECON"],
    "http://data.europa.eu/bna/c_a9135398": ["ECON"],
    "http://data.europa.eu/bna/c_b79e35eb": ["TRAN"],
}


def hvd_category_concepts() -> dict[str, dict[str, str]]:
    """The HVD category vocabulary (offline copy shipped in
    ``resources/vocab/hvd_categories.csv``): ``{uri: {"broader", "en", "ro",
    "top"}}``; ``top`` is the concept's top category. The English labels are
    the vocabulary's; the Romanian labels of the top concepts are the
    portal's, those of the detailed concepts the portal's translations."""
    global _HVD_CONCEPTS
    if _HVD_CONCEPTS is None:
        import csv
        import pathlib

        path = pathlib.Path(__file__).resolve().parent.parent / "resources" / "vocab" / "hvd_categories.csv"
        concepts: dict[str, dict[str, str]] = {}
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                concepts[row["uri"]] = {"broader": row["broader"], "en": row["label_en"], "ro": row["label_ro"]}
        for uri, concept in concepts.items():
            top, seen = uri, set()
            while concepts.get(top, {}).get("broader") and top not in seen:
                seen.add(top)
                top = concepts[top]["broader"]
            concept["top"] = top
        _HVD_CONCEPTS = concepts
    return _HVD_CONCEPTS


_HVD_CONCEPTS: dict[str, dict[str, str]] | None = None
