"""Template helpers of the HVD plugin (choices for the scheming forms,
validation badges)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd import publication, quarantine, reports, schema_store
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.actions import lang
from ckanext.tmopendata.lib.views import can


def _ro() -> bool:
    return lang().startswith("ro")


def tmopendata_hvd_category_choices(field: Any = None) -> list[dict[str, str]]:
    return [{"value": uri, "label": ro if _ro() else en} for uri, en, ro in vocab.HVD_CATEGORIES]


def tmopendata_priority_theme_choices(field: Any = None) -> list[dict[str, str]]:
    return [{"value": key, "label": ro if _ro() else en} for key, en, ro in vocab.PRIORITY_THEMES]


def tmopendata_hvd_licence_choices(field: Any = None) -> list[dict[str, str]]:
    return [{"value": key, "label": label} for key, label in vocab.HVD_LICENCES]


def tmopendata_validation_badge(status: str | None) -> dict[str, str] | None:
    """CSS class and translated label of a validation status, or ``None``."""
    return reports.badge(status)


def tmopendata_validation_mode_label(mode: str | None) -> str:
    """How a validation ran, as people read it (``sync`` / ``background``)."""
    labels = {
        "sync": tk._("during the upload"),
        "background": tk._("in the background"),
    }
    return labels.get(mode or "", mode or "-")


def tmopendata_dataset_validation_status(pkg: dict[str, Any]) -> str | None:
    """The dataset's overall status: the worst of its resources'."""
    return reports.dataset_status(pkg)


def tmopendata_publication_problems(pkg: dict[str, Any]) -> list[str]:
    """For a private HVD whose viewer may edit it: what stops publication."""
    if pkg.get("type") != publication.hvd_type() or not pkg.get("private"):
        return []
    if not can("package_update", {"id": pkg["id"]}):
        return []
    return publication.problems_for(pkg)


def tmopendata_quarantine(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The failing resources of a public dataset (their latest validation
    failed), each ``{id, name, withheld, personal_data, release, report_id,
    since}``; empty for private datasets (their page lists what stops
    publication instead)."""
    if pkg.get("private") or pkg.get("state", "active") != "active":
        return []
    resources = [r for r in pkg.get("resources") or [] if r.get("id")]
    found = quarantine.states(r["id"] for r in resources)
    return [dict(found[r["id"]], id=r["id"], name=r.get("name") or r["id"])
            for r in resources if r["id"] in found]


def tmopendata_resource_quarantine(res: dict[str, Any]) -> dict[str, Any] | None:
    """The resource's quarantine state, or ``None`` when it is not failing."""
    if not res.get("id"):
        return None
    return quarantine.states([res["id"]]).get(res["id"])


def tmopendata_schema_choices(field: Any = None) -> list[dict[str, str]]:
    """The city's data standards (schema store), every version, as choices
    ``name@version`` labelled with their title in the page's language."""
    ro = _ro()
    return [
        {"value": s["ref"], "label": "{title} ({ref})".format(title=s["title"] if ro else s["title_en"], ref=s["ref"])}
        for s in schema_store.standards()
    ]


def _hvd_labels() -> dict[str, str]:
    return {
        "add link": tk._("Add high-value dataset"),
        "breadcrumb": tk._("High-value datasets"),
        "content tab": tk._("High-value datasets"),
        "create label": tk._("Create high-value dataset"),
        "create title": tk._("Create high-value dataset"),
        "delete confirmation": tk._("Are you sure you want to delete this high-value dataset?"),
        "edit label": tk._("Edit high-value dataset"),
        "facet label": tk._("High-value datasets"),
        "form label": tk._("High-value dataset form"),
        "main nav": tk._("High-value datasets"),
        "my label": tk._("My high-value datasets"),
        "view label": tk._("View high-value dataset"),
        "name placeholder": tk._("My high-value dataset"),
        "no any objects": tk._("There are currently no high-value datasets for this site"),
        "no label": tk._("No high-value dataset"),
        "page title": tk._("High-value datasets"),
        "save label": tk._("Save high-value dataset"),
        "search placeholder": tk._("Search high-value datasets..."),
        "update label": tk._("Update high-value dataset"),
    }


@tk.chained_helper
def humanize_entity_type(next_helper: Any, entity_type: str, object_type: str, purpose: str) -> str | None:
    """CKAN's labels of the HVD dataset type ("Create high-value dataset",
    "Update high-value dataset"... instead of "Create Hvd"), translated."""
    if entity_type == "package" and object_type == publication.hvd_type():
        label = _hvd_labels().get(purpose)
        if label:
            return label
    return next_helper(entity_type, object_type, purpose)


def tmopendata_hvd_dataset_type() -> str:
    """The scheming dataset type of high-value datasets."""
    return publication.hvd_type()
