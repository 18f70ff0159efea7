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
