"""Background jobs of the HVD plugin (run by ``ckan jobs worker``)."""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd.model import ERROR, FINAL_STATUSES, ValidationReport
from ckanext.tmopendata.hvd.reports import set_resource_status
from ckanext.tmopendata.lib.compat import reindex_dataset
from ckanext.tmopendata.lib.actions import now

log = logging.getLogger(__name__)


def validate_in_background(report_id: str) -> None:
    """Run a queued validation through ``tmopendata_validation_run``.

    Whatever happens, the report ends in a final status: if the action
    itself fails (or the job times out), the report is closed as ``error``
    with the reason.
    """
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    report = ValidationReport.get(report_id)
    if report is None:
        log.warning("Validation report %s vanished before its job ran", report_id)
        return
    try:
        tk.get_action("tmopendata_validation_run")(
            {"user": site_user["name"]},
            {"resource_id": report.resource_id, "report_id": report_id, "sync": True},
        )
    except BaseException as e:
        model.Session.rollback()
        report = ValidationReport.get(report_id)
        if report is not None and report.status not in FINAL_STATUSES:
            report.status = ERROR
            report.message = f"{type(e).__name__}: {e}"
            report.finished = now()
            # The resource's own status (badge, search index) follows.
            set_resource_status(report.resource_id, ERROR, report.finished)
            model.repo.commit()
            reindex_dataset(report.package_id)
        raise
