"""The actions of the HVD plugin (registered by ``@tk.blanket.actions``
from ``__all__``), one module per concept:

- :mod:`.validation`: validation runs and reports, the datasets' summary;
- :mod:`.schemas`: the city's data standards;
- :mod:`.quality`: the metadata quality score (MQA method);
- :mod:`.quarantine`: failing and withheld files;
- :mod:`.bundle`: the download of a dataset's files with their standards;
- :mod:`ckanext.tmopendata.hvd.publication`: CKAN's ``package_create``,
  ``package_update`` and ``bulk_update_public``, chained with the HVD
  publication gate;
- :mod:`ckanext.tmopendata.hvd.dcat_http`: ckanext-dcat's ``dcat_catalog_show``,
  chained so that the catalogue's paging links are escaped;
- :mod:`ckanext.tmopendata.hvd.reporting`: the list of HVDs for national
  reporting.
"""
from __future__ import annotations

from ckanext.tmopendata.hvd.dcat_http import dcat_catalog_show
from ckanext.tmopendata.hvd.logic.action.bundle import tmopendata_dataset_bundle_show
from ckanext.tmopendata.hvd.logic.action.quality import (
    tmopendata_quality_check, tmopendata_quality_list, tmopendata_quality_show,
)
from ckanext.tmopendata.hvd.logic.action.quarantine import (
    tmopendata_quarantine_list, tmopendata_resource_release,
)
from ckanext.tmopendata.hvd.logic.action.schemas import (
    tmopendata_schema_infer, tmopendata_schema_list, tmopendata_schema_show,
)
from ckanext.tmopendata.hvd.logic.action.validation import (
    tmopendata_validation_delete, tmopendata_validation_expire, tmopendata_validation_list,
    tmopendata_validation_run, tmopendata_validation_show, tmopendata_validation_summary,
)
from ckanext.tmopendata.hvd.publication import bulk_update_public, package_create, package_update
from ckanext.tmopendata.hvd.reporting import tmopendata_hvd_report

__all__ = [
    "tmopendata_validation_run", "tmopendata_validation_show", "tmopendata_validation_list",
    "tmopendata_validation_delete", "tmopendata_validation_expire", "tmopendata_validation_summary",
    "tmopendata_schema_list", "tmopendata_schema_show", "tmopendata_schema_infer",
    "package_create", "package_update", "bulk_update_public",
    "tmopendata_resource_release", "tmopendata_quarantine_list",
    "dcat_catalog_show", "tmopendata_hvd_report",
    "tmopendata_quality_show", "tmopendata_quality_list", "tmopendata_quality_check",
    "tmopendata_dataset_bundle_show",
]
