"""DCAT profile ``tmopendata_hvd`` (used after ckanext-dcat's ``euro_dcat_ap_3``).

It completes the base profile so that the catalogue conforms to DCAT-AP
3.0.1 and, for high-value datasets, to DCAT-AP HVD 3.0.0, and reads the
same back (``parse_dataset``) so that a ckanext-dcat harvester keeps what
the portal says:

* distributions: ``dct:format`` as an EU file-type IRI and ``dcat:mediaType``
  as an IANA IRI (instead of literals), ``dct:license`` as an EU licence IRI
  carrying the CKAN licence's title (ckanext-dcat's parser maps titles back),
  ``dcat:downloadURL`` for files, ``dct:conformsTo`` the public URL of the
  data standard's version in the schema store, ``dct:modified`` from the
  data's last change, ``dcatap:applicableLegislation`` on every distribution
  of an HVD;
* datasets: ``dct:accessRights``, ``dct:language`` and ``dcat:theme`` IRIs
  (EU data themes mapped from the priority theme and the HVD category, plus
  the local priority theme as a concept of the portal's own scheme),
  ``dcat:landingPage`` (the dataset's page, which carries its name), a
  default ``dct:spatial`` (the city), ``dct:modified`` from the data's last
  change, HVD categories typed ``skos:Concept`` with scheme and labels (an
  offline copy of the vocabulary, :func:`lib.vocab.hvd_category_concepts`),
  ``dct:accrualPeriodicity`` from ``update_frequency``;
* ``dcat:DataService`` for every API of a dataset (resources of an API
  format, services described in a resource's ``access_services`` and, when
  the ``datastore`` plugin runs, the DataStore API of the loaded tables) with
  endpoint URL, endpoint description, documentation, ``servesDataset``,
  licence, contact point and, for HVDs, legislation and HVD category, linked
  from the distributions by ``dcat:accessService`` and listed by the
  catalogue (``dcat:service``);
* the catalogue: publisher (configurable), language IRIs, spatial coverage,
  description.
"""
from __future__ import annotations

import json
import re
from typing import Any, Optional

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from ckanext.dcat.profiles.base import RDFProfile
from ckanext.dcat.utils import resource_uri

from ckanext.tmopendata.lib.values import json_list
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.vocab import FREQUENCY_PREFIX, HVD_REGULATION_ELI

DCATAP = "http://data.europa.eu/r5r/"
DCATAP_LEGISLATION = URIRef(DCATAP + "applicableLegislation")
DCATAP_HVD_CATEGORY = URIRef(DCATAP + "hvdCategory")
ELI_LEGAL_RESOURCE = URIRef("http://data.europa.eu/eli/ontology#LegalResource")
DATA_THEME_SCHEME = URIRef(vocab.DATA_THEME_PREFIX.rstrip("/"))
SCHEMA_URL_RE = re.compile(r"/tmopendata/schemas/(?P<name>[a-z0-9][a-z0-9_-]*)/(?P<version>[0-9][0-9.]*)/schema\.json$")
SCHEMA_REF_RE = re.compile(r"^(?P<name>[a-z0-9][a-z0-9_-]*)(?:@(?P<version>[0-9][0-9.]*))?$")


def _site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def _option(key: str) -> str:
    return (tk.config.get(key) or "").strip()


def priority_theme_scheme() -> str:
    """The portal's own concept scheme of its local priority themes."""
    return f"{_site_url()}/tmopendata/priority-themes"


def standard_url(value: Any) -> Optional[str]:
    """Public URL of a resource's data standard: a standard of the schema
    store (``name@version``, or ``name`` for its latest version) or a URL;
    ``None`` for an inline schema or an unknown standard."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith(("http://", "https://")):
        return text
    match = SCHEMA_REF_RE.match(text)
    if not match:
        return None
    from ckanext.tmopendata.hvd import schema_store

    name, version = match.group("name"), match.group("version")
    # the folder names only (no schema parsed: the catalogue asks this for
    # every resource of every dataset of a page)
    known = sorted((path.parent.name for path in (schema_store.tables_dir() / name).glob("*/schema.json")),
                   key=lambda v: tuple(int(p) for p in v.split(".") if p.isdigit()))
    if not known or (version and version not in known):
        return None
    return f"{_site_url()}/tmopendata/schemas/{name}/{version or known[-1]}/schema.json"


def standard_ref(url: str) -> str:
    """The resource ``schema`` value of a data standard's URL (inverse of
    :func:`standard_url` for the portal's own standards)."""
    match = SCHEMA_URL_RE.search(url)
    if match and url.startswith(_site_url() + "/"):
        return f"{match.group('name')}@{match.group('version')}"
    return url


def last_data_change(resource: dict[str, Any]) -> Optional[str]:
    """When the resource's data last changed: ``last_modified`` (a new file)
    or else its creation."""
    return resource.get("last_modified") or resource.get("created")


class TmOpenDataHvdProfile(RDFProfile):
    # -- catalogue --------------------------------------------------------

    def graph_from_catalog(self, catalog_dict: Optional[dict[str, Any]], catalog_ref: Any) -> None:
        g = self.g
        # language: EU language IRIs of the offered locales (not a literal)
        g.remove((catalog_ref, DCTERMS.language, None))
        for lang in self._languages(all_offered=True):
            g.add((catalog_ref, DCTERMS.language, lang))
            g.add((lang, RDF.type, DCTERMS.LinguisticSystem))
        if (catalog_ref, DCTERMS.description, None) not in g:
            city = tk.config.get("ckanext.tmopendata.city_name") or ""
            g.add((catalog_ref, DCTERMS.description, Literal(
                f"Portalul de date deschise al Municipiului {city}".strip(), lang="ro")))
        if (catalog_ref, DCTERMS.publisher, None) not in g:
            uri = _option("ckanext.tmopendata.dcat.publisher_uri")
            publisher = URIRef(uri) if uri else BNode()
            g.add((catalog_ref, DCTERMS.publisher, publisher))
            g.add((publisher, RDF.type, FOAF.Agent))
            g.add((publisher, FOAF.name, Literal(_option("ckanext.tmopendata.dcat.publisher_name"))))
            kind = _option("ckanext.tmopendata.dcat.publisher_type")
            if kind:
                g.add((publisher, DCTERMS.type, URIRef(kind)))
                g.add((URIRef(kind), RDF.type, SKOS.Concept))
                g.add((URIRef(kind), SKOS.prefLabel, Literal(kind.rsplit("/", 1)[-1], lang="en")))
            homepage = _option("ckanext.tmopendata.dcat.publisher_url")
            if homepage:
                g.add((publisher, FOAF.homepage, URIRef(homepage)))
        spatial = self._default_spatial()
        if spatial is not None:
            g.add((catalog_ref, DCTERMS.spatial, spatial))
        g.add((catalog_ref, DCAT.themeTaxonomy, DATA_THEME_SCHEME))

    # -- dataset ----------------------------------------------------------

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        legislation = json_list(dataset_dict.get("applicable_legislation"))
        is_hvd = HVD_REGULATION_ELI in legislation

        frequency = dataset_dict.get("update_frequency")
        if frequency and str(frequency).startswith(FREQUENCY_PREFIX):
            g.remove((dataset_ref, DCTERMS.accrualPeriodicity, None))
            g.add((dataset_ref, DCTERMS.accrualPeriodicity, URIRef(frequency)))
            g.add((URIRef(frequency), RDF.type, DCTERMS.Frequency))

        # the dataset's page, which carries its name (the slug)
        if dataset_dict.get("name") and (dataset_ref, DCAT.landingPage, None) not in g:
            page = URIRef(f"{_site_url()}/dataset/{dataset_dict['name']}")
            g.add((dataset_ref, DCAT.landingPage, page))
            g.add((page, RDF.type, FOAF.Document))

        if (dataset_ref, DCTERMS.language, None) not in g:
            for lang in self._languages():
                g.add((dataset_ref, DCTERMS.language, lang))
                g.add((lang, RDF.type, DCTERMS.LinguisticSystem))

        g.remove((dataset_ref, DCTERMS.accessRights, None))
        rights = URIRef(vocab.ACCESS_NON_PUBLIC if dataset_dict.get("private") else vocab.ACCESS_PUBLIC)
        g.add((dataset_ref, DCTERMS.accessRights, rights))
        g.add((rights, RDF.type, DCTERMS.RightsStatement))

        if (dataset_ref, DCTERMS.spatial, None) not in g:
            spatial = self._default_spatial()
            if spatial is not None:
                g.add((dataset_ref, DCTERMS.spatial, spatial))

        self._themes(dataset_dict, dataset_ref)
        self._hvd_categories(dataset_dict, dataset_ref)

        changes = [c for c in (last_data_change(r) for r in dataset_dict.get("resources", [])) if c]
        if changes:
            g.remove((dataset_ref, DCTERMS.modified, None))
            self._add_date_triple(dataset_ref, DCTERMS.modified, max(changes))

        licence = self._licence(dataset_dict)
        contacts = list(g.objects(dataset_ref, DCAT.contactPoint))
        services = []
        for resource in dataset_dict.get("resources", []):
            distribution = URIRef(resource_uri(resource))
            self._distribution(resource, distribution, licence, is_hvd)
            services += self._api_services(dataset_dict, resource, distribution)
        services += self._datastore_service(dataset_dict, dataset_ref)
        for service in services:
            self._complete_service(service, dataset_dict, dataset_ref, licence, contacts, is_hvd)
            for catalog in g.subjects(RDF.type, DCAT.Catalog):
                g.add((catalog, DCAT.service, service))

    def _languages(self, all_offered: bool = False) -> list[URIRef]:
        locales = [tk.config.get("ckan.locale_default") or "en"]
        if all_offered:
            offered = tk.config.get("ckan.locales_offered") or []
            if isinstance(offered, str):
                offered = offered.split()
            locales += [loc for loc in offered if loc not in locales]
        codes = [vocab.LANGUAGES.get(loc.split("_")[0]) for loc in locales]
        return [URIRef(vocab.LANGUAGE_PREFIX + code) for code in codes if code]

    def _default_spatial(self) -> Optional[URIRef]:
        uri = _option("ckanext.tmopendata.dcat.spatial_uri")
        if not uri:
            return None
        ref = URIRef(uri)
        self.g.add((ref, RDF.type, DCTERMS.Location))
        label = _option("ckanext.tmopendata.dcat.spatial_label")
        if label and (ref, SKOS.prefLabel, None) not in self.g:
            self.g.add((ref, SKOS.prefLabel, Literal(label)))
        return ref

    def _themes(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        codes: list[str] = []
        theme = dataset_dict.get("priority_theme")
        labels = {key: (en, ro) for key, en, ro in vocab.PRIORITY_THEMES}
        if theme in labels:
            codes += vocab.PRIORITY_THEME_DATA_THEMES.get(theme, [])
            local = URIRef(f"{priority_theme_scheme()}/{theme}")
            g.add((dataset_ref, DCAT.theme, local))
            g.add((local, RDF.type, SKOS.Concept))
            g.add((local, SKOS.inScheme, URIRef(priority_theme_scheme())))
            g.add((local, SKOS.prefLabel, Literal(labels[theme][0], lang="en")))
            g.add((local, SKOS.prefLabel, Literal(labels[theme][1], lang="ro")))
        concepts = vocab.hvd_category_concepts()
        for category in json_list(dataset_dict.get("hvd_category")):
            top = concepts.get(category, {}).get("top", category)
            codes += vocab.HVD_CATEGORY_DATA_THEMES.get(top, [])
        names = {code: (en, ro) for code, en, ro in vocab.DATA_THEMES}
        for code in dict.fromkeys(codes):
            ref = URIRef(vocab.DATA_THEME_PREFIX + code)
            g.add((dataset_ref, DCAT.theme, ref))
            g.add((ref, RDF.type, SKOS.Concept))
            g.add((ref, SKOS.inScheme, DATA_THEME_SCHEME))
            if code in names:
                g.add((ref, SKOS.prefLabel, Literal(names[code][0], lang="en")))
                g.add((ref, SKOS.prefLabel, Literal(names[code][1], lang="ro")))

    def _hvd_categories(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        for category in json_list(dataset_dict.get("hvd_category")):
            if isinstance(category, str) and category.startswith(vocab.HVD_CONCEPT_PREFIX):
                self._hvd_concept(URIRef(category))

    def _hvd_concept(self, ref: URIRef) -> None:
        g = self.g
        concept = vocab.hvd_category_concepts().get(str(ref))
        g.add((ref, RDF.type, SKOS.Concept))
        g.add((ref, SKOS.inScheme, URIRef(vocab.HVD_SCHEME)))
        if concept:
            g.add((ref, SKOS.prefLabel, Literal(concept["en"], lang="en")))
            if not concept["broader"]:  # the portal's Romanian names of the top categories
                g.add((ref, SKOS.prefLabel, Literal(concept["ro"], lang="ro")))
            else:
                g.add((ref, SKOS.broader, URIRef(concept["broader"])))
        elif (ref, SKOS.prefLabel, None) not in g:
            g.add((ref, SKOS.prefLabel, Literal(f"HVD category {str(ref).rsplit('/', 1)[-1]}", lang="en")))

    def _licence(self, dataset_dict: dict[str, Any]) -> Optional[URIRef]:
        """The dataset's licence as an EU licence IRI (typed, with the CKAN
        licence's title so that ckanext-dcat's parser maps it back)."""
        g = self.g
        licence_id = dataset_dict.get("license_id")
        if licence_id not in vocab.LICENCES:
            url = dataset_dict.get("license_url")
            if not url:
                return None
            ref = URIRef(url)
        else:
            code, kind = vocab.LICENCES[licence_id]
            ref = URIRef(vocab.LICENCE_PREFIX + code)
            g.add((ref, DCTERMS.type, URIRef(vocab.ADMS_LICENCE_TYPE_PREFIX + kind)))
            if dataset_dict.get("license_url"):
                g.add((ref, SKOS.exactMatch, URIRef(dataset_dict["license_url"])))
        g.add((ref, RDF.type, DCTERMS.LicenseDocument))
        if dataset_dict.get("license_title"):
            g.set((ref, DCTERMS.title, Literal(dataset_dict["license_title"])))
        return ref

    # -- distributions ------------------------------------------------------

    def _distribution(self, resource: dict[str, Any], distribution: URIRef,
                      licence: Optional[URIRef], is_hvd: bool) -> None:
        g = self.g
        fmt = (resource.get("format") or "").strip().lower()
        file_type = vocab.FILE_TYPES.get(fmt)
        g.remove((distribution, DCTERMS["format"], None))
        g.remove((distribution, DCAT.mediaType, None))
        if file_type:
            code, media_type = file_type
            ref = URIRef(vocab.FILE_TYPE_PREFIX + code)
            g.add((distribution, DCTERMS["format"], ref))
            g.add((ref, RDF.type, DCTERMS.MediaTypeOrExtent))
            media_type = resource.get("mimetype") if (resource.get("mimetype") or "").count("/") == 1 else media_type
            if media_type:
                ref = URIRef(vocab.IANA_MEDIA_TYPE_PREFIX + media_type)
                g.add((distribution, DCAT.mediaType, ref))
                g.add((ref, RDF.type, DCTERMS.MediaType))
        if licence is not None:
            g.remove((distribution, DCTERMS.license, None))
            g.add((distribution, DCTERMS.license, licence))
        url = resource.get("url")
        if url and fmt not in vocab.API_FORMATS and url.startswith(("http://", "https://")):
            g.set((distribution, DCAT.downloadURL, URIRef(url)))
            if (distribution, DCAT.accessURL, None) not in g:
                g.add((distribution, DCAT.accessURL, URIRef(url)))
        standard = standard_url(resource.get("schema"))
        if standard:
            g.add((distribution, DCTERMS.conformsTo, URIRef(standard)))
            g.add((URIRef(standard), RDF.type, DCTERMS.Standard))
        changed = last_data_change(resource)
        if changed:
            g.remove((distribution, DCTERMS.modified, None))
            self._add_date_triple(distribution, DCTERMS.modified, changed)
        if is_hvd:
            g.add((distribution, DCATAP_LEGISLATION, URIRef(HVD_REGULATION_ELI)))
            g.add((URIRef(HVD_REGULATION_ELI), RDF.type, ELI_LEGAL_RESOURCE))

    # -- data services --------------------------------------------------------

    def _api_services(self, dataset_dict: dict[str, Any], resource: dict[str, Any],
                      distribution: URIRef) -> list[Any]:
        """The data services of one resource: those its ``access_services``
        describe (written by ckanext-dcat) or, for a resource of an API
        format, one with the resource's URL as endpoint."""
        g = self.g
        services = list(g.objects(distribution, DCAT.accessService))
        described = {}
        for item in json_list(resource.get("access_services")):
            if isinstance(item, dict):
                described[item.get("uri") or item.get("access_service_ref")] = item
        for service in services:
            item = described.get(str(service), {})
            documentation = item.get("documentation") or item.get("endpoint_description")
            if documentation and str(documentation).startswith(("http://", "https://")):
                g.add((service, FOAF.page, URIRef(documentation)))
            if (service, DCAT.endpointURL, None) not in g and resource.get("url"):
                g.add((service, DCAT.endpointURL, URIRef(resource["url"])))
            if (service, DCTERMS.title, None) not in g:
                g.add((service, DCTERMS.title, Literal(resource.get("name") or dataset_dict.get("title") or "API")))
        fmt = (resource.get("format") or "").strip().lower()
        url = resource.get("url") or ""
        if not services and fmt in vocab.API_FORMATS and url.startswith(("http://", "https://")):
            service = URIRef(f"{distribution}#service")
            g.add((distribution, DCAT.accessService, service))
            g.add((service, RDF.type, DCAT.DataService))
            g.add((service, DCAT.endpointURL, URIRef(url)))
            g.add((service, DCTERMS.title, Literal(resource.get("name") or dataset_dict.get("title") or "API")))
            if resource.get("description"):
                g.add((service, DCTERMS.description, Literal(resource["description"])))
            services.append(service)
        return services

    def _datastore_service(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> list[Any]:
        """The DataStore API of the dataset's loaded tables, when the
        ``datastore`` plugin runs (status from ``tmopendata_datastore_status``;
        nothing when that action is not available)."""
        if not p.plugin_loaded("datastore") or not dataset_dict.get("id"):
            return []
        try:
            status = tk.get_action("tmopendata_datastore_status")(
                {"ignore_auth": True}, {"id": dataset_dict["id"]})
        except (KeyError, tk.ObjectNotFound, tk.ValidationError):
            return []
        loaded = [r["id"] for r in status.get("resources", []) if r.get("status") == "loaded"]
        if not loaded:
            return []
        g = self.g
        service = URIRef(f"{dataset_ref}#datastore-api")
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal(f"DataStore API: {dataset_dict.get('title') or dataset_dict.get('name')}")))
        g.add((service, DCAT.endpointURL, URIRef(f"{_site_url()}/api/3/action/datastore_search")))
        docs = _option("ckanext.tmopendata.dcat.datastore_api_docs")
        if docs:
            g.add((service, DCAT.endpointDescription, URIRef(docs)))
            g.add((service, FOAF.page, URIRef(docs)))
        for resource in dataset_dict.get("resources", []):
            if resource.get("id") in loaded:
                g.add((URIRef(resource_uri(resource)), DCAT.accessService, service))
        return [service]

    def _complete_service(self, service: Any, dataset_dict: dict[str, Any], dataset_ref: Any,
                          licence: Optional[URIRef], contacts: list[Any], is_hvd: bool) -> None:
        """What DCAT-AP HVD asks of every data service of a dataset."""
        g = self.g
        g.add((service, DCAT.servesDataset, dataset_ref))
        if licence is not None and (service, DCTERMS.license, None) not in g:
            g.add((service, DCTERMS.license, licence))
        if (service, DCAT.contactPoint, None) not in g:
            for contact in contacts:
                g.add((service, DCAT.contactPoint, contact))
        if (service, FOAF.page, None) not in g:
            # the dataset's page on the portal documents its APIs
            g.add((service, FOAF.page, URIRef(f"{_site_url()}/dataset/{dataset_dict.get('name') or dataset_dict.get('id')}")))
        if (service, DCAT.endpointDescription, None) not in g:
            for page in list(g.objects(service, FOAF.page))[:1]:
                g.add((service, DCAT.endpointDescription, page))
        for ref in list(g.objects(service, FOAF.page)) + list(g.objects(service, DCAT.endpointDescription)):
            g.add((ref, RDF.type, FOAF.Document))
        if is_hvd:
            g.add((service, DCATAP_LEGISLATION, URIRef(HVD_REGULATION_ELI)))
            for category in json_list(dataset_dict.get("hvd_category")):
                if isinstance(category, str) and category.startswith(vocab.HVD_CONCEPT_PREFIX):
                    g.add((service, DCATAP_HVD_CATEGORY, URIRef(category)))

    # -- parsing (harvesters reading the catalogue back) -------------------------

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        frequency = self._object_value(dataset_ref, DCTERMS.accrualPeriodicity)
        if frequency and frequency.startswith(FREQUENCY_PREFIX):
            dataset_dict["update_frequency"] = frequency
        page = self._object_value(dataset_ref, DCAT.landingPage)
        prefix = f"{_site_url()}/dataset/"
        if page and page.startswith(prefix) and "/" not in page[len(prefix):]:
            dataset_dict["name"] = page[len(prefix):]
            if dataset_dict.get("url") == page:
                dataset_dict.pop("url")
        theme_prefix = priority_theme_scheme() + "/"
        for theme in self.g.objects(dataset_ref, DCAT.theme):
            if str(theme).startswith(theme_prefix):
                dataset_dict["priority_theme"] = str(theme)[len(theme_prefix):]
        licences = {vocab.LICENCE_PREFIX + code: key for key, (code, _kind) in vocab.LICENCES.items()}
        file_types = {vocab.FILE_TYPE_PREFIX + code: code for code, _media in vocab.FILE_TYPES.values()}
        for distribution in self._distributions(dataset_ref):
            resource = next((r for r in dataset_dict.get("resources", [])
                             if r.get("distribution_ref") == str(distribution)), None)
            if resource is None:
                continue
            licence = self._object_value(distribution, DCTERMS.license)
            if licence in licences and not dataset_dict.get("license_id"):
                dataset_dict["license_id"] = licences[licence]
            fmt = self._object_value(distribution, DCTERMS["format"])
            if fmt in file_types:
                resource["format"] = file_types[fmt]
            elif not fmt and (distribution, DCAT.accessService, None) in self.g:
                resource["format"] = "API"  # an API has no file type
            media_type = self._object_value(distribution, DCAT.mediaType)
            if media_type and media_type.startswith(vocab.IANA_MEDIA_TYPE_PREFIX):
                resource["mimetype"] = media_type[len(vocab.IANA_MEDIA_TYPE_PREFIX):]
            standards = self._object_value_list(distribution, DCTERMS.conformsTo)
            if standards:
                resource["schema"] = standard_ref(standards[0])
            services = json_list(resource.get("access_services"))
            for service in services:
                if isinstance(service, dict) and service.get("access_service_ref"):
                    ref = URIRef(service["access_service_ref"]) if service.get("uri") else None
                    node = ref or next((n for n in self.g.objects(distribution, DCAT.accessService)
                                        if str(n) == service["access_service_ref"]), None)
                    page = self._object_value(node, FOAF.page) if node is not None else None
                    if page:
                        service["documentation"] = page
            if services:
                resource["access_services"] = json.dumps(services)
        return dataset_dict
