"""The import of census entries from a spreadsheet: read the file
(:mod:`ckanext.tmopendata.census.io.reader`), check every row (the same
conversions as the form, then the action schema and the permissions), plan
what to create and update, and save all or nothing."""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.io import reader
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import DATA_FIELDS
from ckanext.tmopendata.census.logic.entries import apply_data, changed_fields, create_entry, record
from ckanext.tmopendata.census.logic.lookups import open_campaign, organization_by_name_or_title
from ckanext.tmopendata.census.model import Entry
from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit
from ckanext.tmopendata.lib.validation import validate_or_raise


def _upload_bytes(upload: Any, filename: Optional[str]) -> tuple[bytes, str]:
    """Bytes and file name of an uploaded file (a werkzeug ``FileStorage``
    from a form or the API, or bytes/text from the CLI with ``filename``)."""
    if hasattr(upload, "read"):
        name = filename or getattr(upload, "filename", None) or "import.csv"
        stream = getattr(upload, "stream", upload)
        return stream.read(), name
    if isinstance(upload, bytes):
        return upload, filename or "import.csv"
    if isinstance(upload, str):
        return upload.encode("utf-8"), filename or "import.csv"
    raise tk.ValidationError({"upload": [tk._("Upload a CSV or XLSX file")]})


def _merged(entry: Entry, data: dict[str, Any]) -> dict[str, Any]:
    """The entry's data fields after an import row: the row's values over
    the stored ones. An import never clears a stored value: empty cells and
    missing columns are not in ``data`` (see ``reader.row_to_entry``) and
    leave the stored value as it is."""
    old = entry.data or {}
    return {f: data[f] if f in data else old.get(f) for f in DATA_FIELDS}


def _same(entry: Entry, data: dict[str, Any]) -> bool:
    return not changed_fields(entry.data or {}, _merged(entry, data))


def tmopendata_census_entry_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import entries from a spreadsheet (CSV or XLSX, Romanian or English
    headers of the import templates; UTF-8 with or without BOM,
    Windows-1250 or ISO-8859-2), with a row-by-row error report.

    Each row becomes a draft entry of its institution (column
    ``organization``, or the ``organization`` parameter for rows without
    one), which must take part in the campaign (``organizations``); the
    user must be an editor or admin of every institution named, or a
    coordinator of the campaign. A row
    matching an existing entry of the campaign (same ``id``, or the same
    institution and title) updates it if it is a draft, is counted as
    ``unchanged`` when nothing differs, and is an error otherwise. **An
    import never clears a stored value**: an update changes only the fields
    whose cells hold a value; empty cells and columns missing from the file
    leave the stored values (clear a field by editing the entry). (Workflow
    states and linked datasets in the file are ignored: imported entries go
    through the workflow like any other). **When any row has an error,
    nothing is changed**, unless ``accept_valid`` is true: then the valid
    rows are imported and the others reported.

    :param campaign_id: id or name of an open campaign
    :type campaign_id: string
    :param upload: the file (multipart upload)
    :type upload: file
    :param filename: the file name, when ``upload`` is raw content (optional)
    :type filename: string
    :param organization: default institution for rows without one (optional)
    :type organization: string
    :param accept_valid: import the valid rows even if others have errors
        (default false)
    :type accept_valid: bool
    :returns: ``{"rows": rows read, "created": n, "updated": n,
        "unchanged": n, "imported": whether anything was saved,
        "encoding": detected encoding, "errors": [{"row": row number in
        the file (header = 1), "errors": {field: [messages]}}], "updates":
        [{"row", "id", "title", "organization", "fields": names of the
        fields changed, "changes": {field: [old, new]}}] (one per updated
        entry)}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_import", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_import(), context)
    campaign = open_campaign(data["campaign_id"])
    content, filename = _upload_bytes(data["upload"], data.get("filename"))
    try:
        rows, encoding = reader.read_table(content, filename)
    except reader.ImportFileError as e:
        raise tk.ValidationError({"upload": [str(e)]})
    progress = context.get("census_progress")
    create_schema = schema.entry_create()
    # Imports into one campaign one after the other (a parallel identical
    # import then finds the entries the first one created: "unchanged"), and
    # the campaign's entries locked while the file is matched against them
    # (a transition or an edit waits; no entry changes state under the
    # import).
    locks.advisory_lock("tmopendata_census_entry_import", campaign.id)
    existing = {
        e.id: e for e in locks.lock_rows(
            model.Session.query(Entry).filter(Entry.campaign_id == campaign.id).order_by(Entry.id))
    }
    by_title = {(e.organization_id, e.title.strip().lower()): e for e in existing.values()}
    covered = set(campaign.organization_ids())
    orgs: dict[str, Optional[model.Group]] = {}
    may_create: dict[str, bool] = {}
    plan: list[tuple[str, Optional[Entry], model.Group, dict[str, Any]]] = []
    errors: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    unchanged = 0
    for index, row in enumerate(rows):
        try:
            number = int(row.get("_row", index + 2))
        except (TypeError, ValueError):
            number = index + 2
        entry_data, row_errors = reader.row_to_entry(row)
        org_ref = entry_data.pop("organization", None) or data.get("organization")
        row_id = entry_data.pop("id", None)
        for ignored in schema.WORKFLOW_FIELDS:
            entry_data.pop(ignored, None)
        org = None
        if not org_ref:
            row_errors.setdefault("organization", []).append(tk._("The institution is missing."))
        else:
            if org_ref not in orgs:
                orgs[org_ref] = organization_by_name_or_title(org_ref)
            org = orgs[org_ref]
            if org is None:
                row_errors.setdefault("organization", []).append(
                    tk._('Unknown institution "{name}": write its name in the portal or its title, as in '
                         'the list of institutions of the import page and of the templates.').format(name=org_ref))
            elif org.id not in covered:
                row_errors.setdefault("organization", []).append(
                    tk._('"{name}" does not take part in this census campaign.').format(name=org.title or org.name))
            else:
                if org.id not in may_create:
                    try:
                        tk.check_access("tmopendata_census_entry_import", context,
                                        {"campaign_id": campaign.id, "organization": org.id})
                        may_create[org.id] = True
                    except tk.NotAuthorized:
                        may_create[org.id] = False
                if not may_create[org.id]:
                    row_errors.setdefault("organization", []).append(
                        tk._('You may not add entries for "{name}".').format(name=org.title or org.name))
        if not row_errors:
            _clean, schema_errors = tk.navl_validate(
                {**entry_data, "campaign_id": campaign.id, "organization": org.id}, create_schema, context)
            for field, messages in schema_errors.items():
                row_errors.setdefault(field, []).extend(str(m) for m in messages)
        target = None
        if not row_errors:
            key = (org.id, entry_data["title"].strip().lower())
            if key in seen:
                row_errors.setdefault("title", []).append(
                    tk._("The same title appears twice for this institution in the file."))
            seen.add(key)
            target = existing.get(row_id) if row_id else None
            if target is not None and target.organization_id != org.id:
                target = None
            target = target or by_title.get(key)
            if target is not None and not row_errors:
                if _same(target, entry_data):
                    unchanged += 1
                    continue
                if target.status != workflow.DRAFT:
                    row_errors.setdefault("title", []).append(tk._(
                        "This entry already exists and is {state}: only drafts can be changed by an import."
                    ).format(state=target.status))
        if row_errors:
            errors.append({"row": number, "errors": row_errors})
            continue
        plan.append(("update" if target is not None else "create", target, org, entry_data, number))
    result: dict[str, Any] = {
        "rows": len(rows), "created": 0, "updated": 0, "unchanged": unchanged,
        "imported": False, "encoding": encoding, "errors": errors, "updates": [],
    }
    if errors and not data.get("accept_valid"):
        return result
    for done, (kind, target, org, entry_data, number) in enumerate(plan, 1):
        if kind == "create":
            create_entry(context, campaign, org, entry_data, action="import")
            result["created"] += 1
        else:
            old = dict(target.data or {})
            apply_data(target, _merged(target, entry_data))
            changes = changed_fields(old, target.data)
            record(context, target, "import", from_state=target.status, to_state=target.status,
                    changes=changes)
            result["updated"] += 1
            result["updates"].append({
                "row": number, "id": target.id, "title": target.title, "organization": org.name,
                "fields": sorted(changes), "changes": changes,
            })
        if progress:
            progress(done, len(plan))
    result["imported"] = bool(plan)
    commit(context)
    return result
