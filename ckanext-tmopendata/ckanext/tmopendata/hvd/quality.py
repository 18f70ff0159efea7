"""Metadata quality score of a dataset, following data.europa.eu's Metadata
Quality Assessment (MQA) method, measured on the DCAT the portal publishes.

The dataset's RDF is built exactly as a harvester gets it (ckanext-dcat's
``RDFSerializer`` with the configured profiles, ``euro_dcat_ap_3
tmopendata_hvd``), and every indicator is read from that graph, so that the
score is what data.europa.eu would measure.

The method (facts copied from data.europa.eu's published MQA methodology):
5 dimensions, 405 points; bands Excellent >= 351, Good 221-350, Sufficient
121-220, Bad <= 120. Indicators on distributions are scored on the dataset's
best distribution (the one with the most distribution points), as the MQA
adds a dataset's own points and its best distribution's points.

URL reachability (access URL, download URL) is not measured when the score is
computed: a file uploaded to the portal is reachable when the portal holds it;
a linked URL is checked by a background job (:mod:`.quality_reach`) and its
answer cached in Redis; a URL never checked scores 0 and says "not checked".
"""
from __future__ import annotations

import os
from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ckanext.tmopendata.lib import vocab

MAX_POINTS = 405
#: Bands: (lowest total, key). Excellent >= 351, Good 221-350, Sufficient 121-220, Bad <= 120.
BANDS = [(351, "excellent"), (221, "good"), (121, "sufficient"), (0, "bad")]
DIMENSIONS = ["findability", "accessibility", "interoperability", "reusability", "contextuality"]

#: Open (non-proprietary) EU file types, and machine-readable EU file types.
NON_PROPRIETARY = {"CSV", "TSV", "ODS", "ODT", "JSON", "GEOJSON", "XML", "KML", "GPKG", "RDF_XML",
                   "RDF_TURTLE", "JSON_LD", "GTFS", "TXT", "HTML", "PDF", "ZIP", "WMS_SRVC", "WFS_SRVC"}
MACHINE_READABLE = {"CSV", "TSV", "ODS", "XLS", "XLSX", "JSON", "GEOJSON", "XML", "KML", "KMZ", "GPKG",
                    "SHP", "RDF_XML", "RDF_TURTLE", "JSON_LD", "GTFS", "WMS_SRVC", "WFS_SRVC"}


def _(text: str) -> str:
    return text


class Check:
    """What one indicator looks at on the graph; ``reach`` gives a URL's
    reachability (True, False or None: not checked)."""

    def __init__(self, g: Graph, dataset: URIRef, reach: Callable[[str], Optional[bool]]):
        self.g, self.dataset, self.reach = g, dataset, reach

    def has(self, subject: Any, prop: URIRef) -> bool:
        return any(True for o in self.g.objects(subject, prop) if str(o).strip())

    def iri_in(self, subject: Any, prop: URIRef, prefix: str) -> bool:
        return any(isinstance(o, URIRef) and str(o).startswith(prefix) for o in self.g.objects(subject, prop))

    def file_types(self, dist: Any) -> set[str]:
        return {str(o)[len(vocab.FILE_TYPE_PREFIX):] for o in self.g.objects(dist, DCTERMS["format"])
                if isinstance(o, URIRef) and str(o).startswith(vocab.FILE_TYPE_PREFIX)}

    def reached(self, dist: Any, prop: URIRef) -> Optional[bool]:
        urls = [str(o) for o in self.g.objects(dist, prop)]
        if not urls:
            return False
        answers = [self.reach(u) for u in urls]
        if any(a is True for a in answers):
            return True
        return None if any(a is None for a in answers) else False

    def dcat_ap(self) -> bool:
        """DCAT-AP 3 mandatory properties and ranges (a subset of SEMIC's
        shapes, those the portal's data can break): dataset title and
        description; each distribution's access URL; format, media type and
        licence as IRIs, not literals."""
        g, ds = self.g, self.dataset
        if not self.has(ds, DCTERMS.title) or not self.has(ds, DCTERMS.description):
            return False
        for dist in g.objects(ds, DCAT.distribution):
            if not any(isinstance(o, URIRef) for o in g.objects(dist, DCAT.accessURL)):
                return False
            for prop in (DCTERMS["format"], DCAT.mediaType, DCTERMS.license):
                if any(isinstance(o, Literal) for o in g.objects(dist, prop)):
                    return False
        return True


def _dates(c: Check, prop: URIRef) -> bool:
    return c.has(c.dataset, prop) or any(c.has(d, prop) for d in c.g.objects(c.dataset, DCAT.distribution))


#: The indicators: (key, dimension, points, level, label, how it is measured,
#: what to fix, test). ``level`` "dataset" tests the dataset node,
#: "distribution" tests each distribution (the best one counts). A test
#: returns True, False or None (not checked: 0 points).
INDICATORS: list[tuple[str, str, int, str, str, str, str, Callable[..., Optional[bool]]]] = [
    ("keywords", "findability", 30, "dataset", _("Keywords"), "dcat:keyword",
     _("Add tags (keywords) to the dataset."), lambda c: c.has(c.dataset, DCAT.keyword)),
    ("themes", "findability", 30, "dataset", _("Themes"), "dcat:theme",
     _("Choose the dataset's priority theme (or its HVD category): it is published as an EU data theme."),
     lambda c: c.has(c.dataset, DCAT.theme)),
    ("spatial", "findability", 20, "dataset", _("Spatial coverage"), "dct:spatial",
     _("Give the dataset's spatial coverage (or configure the city as default)."),
     lambda c: c.has(c.dataset, DCTERMS.spatial)),
    ("temporal", "findability", 20, "dataset", _("Temporal coverage"), "dct:temporal",
     _("Give the period the data covers (temporal coverage start and end)."),
     lambda c: c.has(c.dataset, DCTERMS.temporal)),
    ("access_url_reachable", "accessibility", 50, "distribution", _("Access URL reachable"),
     "dcat:accessURL answers HTTP 200",
     _("Make the resources' URLs reachable (upload the file or fix the link); linked URLs are checked in the background."),
     lambda c, d: c.reached(d, DCAT.accessURL)),
    ("download_url", "accessibility", 20, "distribution", _("Download URL present"), "dcat:downloadURL",
     _("Offer the data as a downloadable file (upload it or link the file itself, not a web page or an API)."),
     lambda c, d: c.has(d, DCAT.downloadURL)),
    ("download_url_reachable", "accessibility", 30, "distribution", _("Download URL reachable"),
     "dcat:downloadURL answers HTTP 200",
     _("Make the downloadable file reachable (upload it or fix the link)."),
     lambda c, d: c.reached(d, DCAT.downloadURL)),
    ("format", "interoperability", 20, "distribution", _("Format"), "dct:format",
     _("Set the resources' format (CSV, JSON, GeoJSON…)."), lambda c, d: c.has(d, DCTERMS["format"])),
    ("media_type", "interoperability", 10, "distribution", _("Media type"), "dcat:mediaType",
     _("Use a format with a known media type (CSV, JSON, GeoJSON, XML…)."),
     lambda c, d: c.has(d, DCAT.mediaType)),
    ("format_vocabulary", "interoperability", 10, "distribution", _("Format or media type from a vocabulary"),
     "dct:format in the EU file-type table or dcat:mediaType in IANA's",
     _("Use a format of the EU file-type table (CSV, JSON, GeoJSON, XML…)."),
     lambda c, d: c.iri_in(d, DCTERMS["format"], vocab.FILE_TYPE_PREFIX)
     or c.iri_in(d, DCAT.mediaType, vocab.IANA_MEDIA_TYPE_PREFIX)),
    ("non_proprietary", "interoperability", 20, "distribution", _("Non-proprietary format"),
     "dct:format is an open file type",
     _("Publish the data in an open format (CSV, ODS, JSON, GeoJSON, XML) as well as XLS/XLSX."),
     lambda c, d: bool(c.file_types(d) & NON_PROPRIETARY)),
    ("machine_readable", "interoperability", 20, "distribution", _("Machine-readable format"),
     "dct:format is a machine-readable file type",
     _("Publish the data in a machine-readable format (CSV, JSON, GeoJSON, XML), not only PDF or HTML."),
     lambda c, d: bool(c.file_types(d) & MACHINE_READABLE)),
    ("dcat_ap", "interoperability", 30, "dataset", _("DCAT-AP compliance"),
     "DCAT-AP 3 mandatory properties and IRI ranges",
     _("Give the dataset a title and a description, and every resource a URL."), lambda c: c.dcat_ap()),
    ("licence", "reusability", 20, "distribution", _("Licence"), "dct:license",
     _("Choose an open licence for the dataset (CC BY 4.0 or CC0)."), lambda c, d: c.has(d, DCTERMS.license)),
    ("licence_vocabulary", "reusability", 10, "distribution", _("Licence from a vocabulary"),
     "dct:license in the EU licence table",
     _("Choose a licence of the EU licence table (CC BY 4.0, CC0, ODC-BY, PDDL…)."),
     lambda c, d: c.iri_in(d, DCTERMS.license, vocab.LICENCE_PREFIX)),
    ("access_rights", "reusability", 10, "dataset", _("Access rights"), "dct:accessRights",
     _("Access rights are published by the portal; check the DCAT profile is enabled."),
     lambda c: c.has(c.dataset, DCTERMS.accessRights)),
    ("access_rights_vocabulary", "reusability", 5, "dataset", _("Access rights from a vocabulary"),
     "dct:accessRights in the EU access-right table",
     _("Access rights are published by the portal; check the DCAT profile is enabled."),
     lambda c: c.iri_in(c.dataset, DCTERMS.accessRights, vocab.ACCESS_RIGHT_PREFIX)),
    ("contact_point", "reusability", 20, "dataset", _("Contact point"), "dcat:contactPoint",
     _("Give a contact point (name and e-mail) for the dataset."),
     lambda c: c.has(c.dataset, DCAT.contactPoint)),
    ("publisher", "reusability", 10, "dataset", _("Publisher"), "dct:publisher",
     _("Publish the dataset in an institution (or give its publisher)."),
     lambda c: c.has(c.dataset, DCTERMS.publisher)),
    ("rights", "contextuality", 5, "distribution", _("Rights"), "dct:rights",
     _("Describe the rights on the resources (a rights statement, field \"rights\" of a resource: not offered by the forms yet)."),
     lambda c, d: c.has(d, DCTERMS.rights)),
    ("byte_size", "contextuality", 5, "distribution", _("File size"), "dcat:byteSize",
     _("Upload the file (the portal then knows its size) or give its size."),
     lambda c, d: c.has(d, DCAT.byteSize)),
    ("issued", "contextuality", 5, "dataset", _("Date of issue"), "dct:issued (dataset or distribution)",
     _("The date of issue is published by the portal; check the DCAT profile is enabled."),
     lambda c: _dates(c, DCTERMS.issued)),
    ("modified", "contextuality", 5, "dataset", _("Modification date"), "dct:modified (dataset or distribution)",
     _("The modification date is published by the portal; check the DCAT profile is enabled."),
     lambda c: _dates(c, DCTERMS.modified)),
]
assert sum(i[2] for i in INDICATORS) == MAX_POINTS
DIMENSION_POINTS = {dim: sum(i[2] for i in INDICATORS if i[1] == dim) for dim in DIMENSIONS}
DIMENSION_LABELS = {"findability": _("Findability"), "accessibility": _("Accessibility"),
                    "interoperability": _("Interoperability"), "reusability": _("Reusability"),
                    "contextuality": _("Contextuality")}
BAND_LABELS = {"excellent": _("Excellent"), "good": _("Good"), "sufficient": _("Sufficient"), "bad": _("Bad")}


def band(total: float) -> str:
    """The band of a total (Excellent >= 351, Good >= 221, Sufficient >= 121, else Bad)."""
    for lowest, key in BANDS:
        if total >= lowest:
            return key
    return "bad"


def dataset_graph(dataset_dict: dict[str, Any]) -> tuple[Graph, URIRef]:
    """The dataset's DCAT graph as the portal serves it (the configured
    ckanext-dcat profiles)."""
    from ckanext.dcat.processors import RDFSerializer

    serializer = RDFSerializer()
    ref = serializer.graph_from_dataset(dataset_dict)
    return serializer.g, ref


def score_graph(g: Graph, dataset: URIRef,
                reach: Callable[[str], Optional[bool]] = lambda url: None) -> dict[str, Any]:
    """Score the dataset node of ``g``: every indicator with its points,
    the dimensions, the total and the band (labels translated)."""
    check = Check(g, dataset, reach)
    distributions = sorted(g.objects(dataset, DCAT.distribution), key=str)
    per_dist: dict[Any, dict[str, Optional[bool]]] = {
        d: {i[0]: i[7](check, d) for i in INDICATORS if i[3] == "distribution"} for d in distributions}
    best: dict[str, Optional[bool]] = {}
    if per_dist:
        def points(d: Any) -> int:
            return sum(i[2] for i in INDICATORS if i[3] == "distribution" and per_dist[d][i[0]] is True)
        best = per_dist[max(distributions, key=points)]
    indicators, dimensions = [], dict.fromkeys(DIMENSIONS, 0)
    for key, dim, weight, level, label, measure, fix, test in INDICATORS:
        met = test(check) if level == "dataset" else best.get(key, False)
        got = weight if met is True else 0
        dimensions[dim] += got
        status = "met" if met is True else ("not_checked" if met is None else "missing")
        indicators.append({
            "key": key, "dimension": dim, "label": tk._(label), "measure": measure, "level": level,
            "points": got, "max_points": weight, "status": status,
            "fix": tk._(fix) if got < weight else None,
        })
    total = sum(dimensions.values())
    return {
        "total": total,
        "max_points": MAX_POINTS,
        "band": band(total),
        "band_label": tk._(BAND_LABELS[band(total)]),
        "dimensions": [{"key": dim, "label": tk._(DIMENSION_LABELS[dim]), "points": dimensions[dim],
                        "max_points": DIMENSION_POINTS[dim]} for dim in DIMENSIONS],
        "indicators": indicators,
        "distributions": len(distributions),
        "fix": [{"key": i["key"], "points": i["max_points"] - i["points"], "message": i["fix"]}
                for i in sorted(indicators, key=lambda i: i["points"] - i["max_points"]) if i["fix"]],
    }


def uploaded_file_present(resource: dict[str, Any]) -> bool:
    """An uploaded file is reachable when the portal's storage holds it."""
    from ckan.lib import uploader

    try:
        path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    except Exception:
        return False
    return bool(path) and os.path.isfile(path)


def reachability(dataset_dict: dict[str, Any]) -> Callable[[str], Optional[bool]]:
    """How the dataset's URLs are reached: uploads from the storage, linked
    URLs from the background check's cache (None: not checked yet)."""
    from ckanext.tmopendata.hvd import quality_reach

    uploads = {}
    for res in dataset_dict.get("resources", []):
        if res.get("url_type") == "upload" and res.get("url"):
            uploads[res["url"]] = uploaded_file_present(res)

    def reach(url: str) -> Optional[bool]:
        if url in uploads:
            return uploads[url]
        answer = quality_reach.cached(url)
        return None if answer is None else bool(answer.get("ok"))
    return reach


def score_dataset(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """The score of a dataset (a ``package_show`` dict) on its published DCAT."""
    g, ref = dataset_graph(dataset_dict)
    return score_graph(g, ref, reachability(dataset_dict))
