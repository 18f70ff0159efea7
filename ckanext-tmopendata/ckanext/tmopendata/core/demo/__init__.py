"""Demo content: Timișoara institutions and a few datasets (invented data).

Loaded by ``ckan tmopendata demo``; every object is created or updated
through CKAN actions as the site user, so running it twice changes nothing.
"""
from __future__ import annotations

import datetime
import mimetypes
import pathlib
from typing import Any, Callable

import yaml
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.cli import site_context
from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION

HERE = pathlib.Path(__file__).parent


def content() -> dict[str, Any]:
    """The demo content definition (``demo.yaml``)."""
    with open(HERE / "demo.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _upsert(kind: str, data: dict[str, Any], create_only: tuple[str, ...] = ()) -> tuple[dict[str, Any], bool]:
    """Create ``kind`` (organization/package) or patch it when it exists
    (leaving the ``create_only`` fields as they are)."""
    try:
        existing = tk.get_action(f"{kind}_show")(site_context(), {"id": data["name"]})
    except tk.ObjectNotFound:
        return tk.get_action(f"{kind}_create")(site_context(), data), True
    patch = {k: v for k, v in data.items() if k not in create_only}
    patch["id"] = existing["id"]
    return tk.get_action(f"{kind}_patch")(site_context(), patch), False


def load(echo: Callable[[str], None] = print) -> dict[str, int]:
    """Create or update the demo organisations and datasets.

    :returns: counts of ``created`` and ``updated`` objects.
    """
    spec = content()
    counts = {"created": 0, "updated": 0}
    total = len(spec["organizations"]) + len(spec["datasets"])
    done = 0
    for org in spec["organizations"]:
        _, created = _upsert("organization", org)
        counts["created" if created else "updated"] += 1
        done += 1
        echo(f"[{done}/{total}] organization {org['name']}")
    for ds in spec["datasets"]:
        resources = ds.get("resources", [])
        publish = ds.get("publish")
        data = {k: v for k, v in ds.items() if k not in ("resources", "tags", "publish", "data_changed_days_ago")}
        data["tags"] = [{"name": t} for t in ds.get("tags", [])]
        if publish is not None:
            # HVDs: created private, made public once their resources are in
            # (the publication gate decides).
            data["private"] = True
        pkg, created = _upsert("package", data, create_only=("private",))
        counts["created" if created else "updated"] += 1
        have = {r["name"] for r in pkg.get("resources", [])}
        for res in resources:
            if res["name"] in have:
                continue
            fields = {k: v for k, v in res.items() if k != "file"}
            if "file" not in res:
                tk.get_action("resource_create")(site_context(), dict(fields, package_id=pkg["id"]))
                continue
            path = HERE / "data" / res["file"]
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            with open(path, "rb") as stream:
                tk.get_action("resource_create")(
                    site_context(),
                    dict(
                        fields,
                        package_id=pkg["id"],
                        url=res["file"],
                        upload=FileStorage(stream, res["file"], content_type=mimetype),
                    ),
                )
        if ds.get("data_changed_days_ago"):
            _backdate(pkg["id"], int(ds["data_changed_days_ago"]))
        done += 1
        note = ""
        if publish and pkg.get("private"):
            try:
                tk.get_action("package_patch")(site_context(), {"id": pkg["id"], "private": False})
                note = " (public)"
            except tk.ValidationError as e:
                problems = e.error_dict.get("publication", [])
                note = " (kept private: " + " ".join(problems) + ")"
        echo(f"[{done}/{total}] dataset {ds['name']}{note}")
    return counts


def _backdate(package_id: str, days: int) -> None:
    """Make the dataset's data look last changed ``days`` ago (its resources'
    ``last_modified``), so that the demo has a dataset whose update is
    overdue. Resources already that old are left alone; nothing is
    validated again (the files do not change)."""
    moment = datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(days=days)
    pkg = tk.get_action("package_show")(site_context(), {"id": package_id})
    for res in pkg.get("resources", []):
        current = res.get("last_modified") or res.get("created")
        if current and datetime.datetime.fromisoformat(current) <= moment + datetime.timedelta(days=1):
            continue
        tk.get_action("resource_patch")(
            dict(site_context(), **{SKIP_VALIDATION: True}),
            {"id": res["id"], "last_modified": moment.isoformat()},
        )
