"""DCAT profile ``tmopendata_hvd`` (use after ``euro_dcat_ap_3``): adds what
DCAT-AP HVD asks for and the base profile does not take from our schema:
``dct:accrualPeriodicity`` from ``update_frequency`` (EU frequency URIs), and
``dcatap:applicableLegislation`` on every distribution of an HVD."""
from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS

from ckanext.dcat.profiles.base import RDFProfile

from ckanext.tmopendata.lib.vocab import FREQUENCY_PREFIX, HVD_REGULATION_ELI

DCATAP_LEGISLATION = URIRef("http://data.europa.eu/r5r/applicableLegislation")


class TmOpenDataHvdProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        frequency = dataset_dict.get("update_frequency")
        if frequency and str(frequency).startswith(FREQUENCY_PREFIX):
            g.remove((dataset_ref, DCTERMS.accrualPeriodicity, None))
            g.add((dataset_ref, DCTERMS.accrualPeriodicity, URIRef(frequency)))
        legislation = dataset_dict.get("applicable_legislation") or []
        if HVD_REGULATION_ELI in legislation:
            for distribution in g.objects(dataset_ref, DCAT.distribution):
                g.add((distribution, DCATAP_LEGISLATION, URIRef(HVD_REGULATION_ELI)))

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        frequency = self._object_value(dataset_ref, DCTERMS.accrualPeriodicity)
        if frequency and frequency.startswith(FREQUENCY_PREFIX):
            dataset_dict["update_frequency"] = frequency
        return dataset_dict



