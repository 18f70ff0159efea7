"""One download of a dataset's files with their data standards: a zip
streamed to the client with bounded memory (one chunk of a file at a time,
never the whole archive), holding

* ``files/<name>``: each uploaded file, read from the portal's storage (a
  withheld file only for those who may download it, as its own download
  route);
* ``schemas/<name>.schema.json``: the Table Schema each resource's file was
  validated against (its latest validation report), with the standard's
  reference (``tm-parcari@1.0``);
* ``manifest.json`` and ``README.txt`` (written last): every resource,
  what the zip holds of it, its size and SHA-256, and the linked files as
  links (the portal keeps no copy of a linked file: validation reads it
  into a temporary file that is removed).

The list (:func:`plan`) is made from the dataset as the caller may see it
(``package_show`` with the caller's rights): nothing of a dataset the
caller may not read can reach the zip.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from typing import Any, Iterator, Optional

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd import quarantine
from ckanext.tmopendata.hvd.model import ValidationReport
from ckanext.tmopendata.lib import formats
from ckanext.tmopendata.lib.actions import now

#: Bytes read from a file (and handed to the client) at a time.
CHUNK = 1 << 20
#: Above this size a file is written with ZIP64 headers.
ZIP64_FROM = 1 << 31


def _safe(name: str, fallback: str) -> str:
    """A file name without folders nor characters archivers dislike."""
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = re.sub(r"[^\w.\- ()]+", "_", name, flags=re.UNICODE).strip(" .")
    return name[:120] or fallback


def _unique(name: str, taken: set[str]) -> str:
    stem, ext = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}){ext}"
    taken.add(candidate.lower())
    return candidate


def _may_download_withheld(context: dict[str, Any], resource_id: str) -> bool:
    try:
        tk.check_access("tmopendata_withheld_download",
                        {"user": context.get("user") or "", "auth_user_obj": context.get("auth_user_obj")},
                        {"id": resource_id})
    except tk.NotAuthorized:
        return False
    return True


def plan(pkg: dict[str, Any], context: dict[str, Any]) -> list[dict[str, Any]]:
    """What the zip of the dataset ``pkg`` (its ``package_show`` as the
    caller sees it) holds, one entry per resource: ``resource_id``,
    ``name``, ``format``, ``url``, ``status`` (``included``, ``link``,
    ``withheld``, ``missing``), ``file`` (path in the zip), ``bytes``,
    ``schema_file``, ``standard``, ``validation_status``; and ``_path``,
    the file in storage (private: never returned by the API)."""
    taken: set[str] = {"manifest.json", "readme.txt"}
    resources = [r for r in pkg.get("resources") or [] if r.get("id")]
    reports = ValidationReport.latest_for_many(r["id"] for r in resources)
    entries = []
    for position, res in enumerate(resources, start=1):
        name = res.get("name") or ""
        entry: dict[str, Any] = {
            "resource_id": res["id"], "name": name, "format": res.get("format") or "",
            "url": res.get("url") or "", "status": "link", "file": None, "bytes": None,
            "schema_file": None, "standard": None, "validation_status": None, "_path": None,
            "_schema": None,
        }
        if res.get("url_type") == "upload":
            if quarantine.withheld(res["id"]) and not _may_download_withheld(context, res["id"]):
                entry["status"], entry["url"] = "withheld", ""
            else:
                path = uploader.get_resource_uploader(res).get_path(res["id"])
                if os.path.isfile(path):
                    stored = (res.get("url") or "").rsplit("/", 1)[-1]
                    fallback = f"resource-{position}"
                    file_name = _safe(stored or name, fallback)
                    if "." not in file_name and res.get("format"):
                        file_name += "." + res["format"].lower()
                    entry.update(status="included", file="files/" + _unique(file_name, taken),
                                 bytes=os.path.getsize(path), _path=path)
                else:
                    entry["status"] = "missing"
        elif not entry["url"]:
            entry["status"] = "withheld"  # a withheld linked file's URL is hidden from the caller
        report = reports.get(res["id"])
        if report is not None:
            entry["validation_status"] = report.status
            if report.schema:
                base = _safe(os.path.splitext(entry["file"].split("/", 1)[1])[0] if entry["file"] else name,
                             f"resource-{position}")
                entry["schema_file"] = "schemas/" + _unique(base + ".schema.json", taken)
                entry["standard"] = report.schema_ref if report.schema_ref != "inline" else None
                entry["_schema"] = report.schema
        if formats.is_tabular(res) and entry["schema_file"] is None and res.get("schema"):
            entry["standard"] = res["schema"] if isinstance(res["schema"], str) and "{" not in res["schema"] else None
        entries.append(entry)
    return entries


def public(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries without their private keys (storage paths)."""
    return [{k: v for k, v in e.items() if not k.startswith("_")} for e in entries]


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream that keeps what was written until
    it is taken (zipfile then writes data descriptors)."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _readme(pkg: dict[str, Any], entries: list[dict[str, Any]], site_url: str) -> str:
    lines = [
        pkg.get("title") or pkg.get("name") or "",
        "=" * max(3, len(pkg.get("title") or pkg.get("name") or "")),
        "",
        f"Dataset: {site_url}/dataset/{pkg.get('name')}",
        f"Zip made: {now().isoformat(timespec='seconds')} UTC",
        f"Licence: {pkg.get('license_title') or pkg.get('license_id') or '-'}",
        "",
        "files/    the uploaded files (as stored by the portal)",
        "schemas/  the Table Schema each file was validated against",
        "manifest.json  the same list, machine-readable",
        "",
    ]
    for e in entries:
        lines.append(f"* {e['name'] or e['resource_id']} ({e['format'] or '-'})")
        if e["status"] == "included":
            lines.append(f"  file: {e['file']}  {e['bytes']} bytes  sha256 {e.get('sha256')}")
        elif e["status"] == "link":
            lines.append(f"  linked file, not in the zip: {e['url']}")
        elif e["status"] == "withheld":
            lines.append("  withheld from download (its latest validation found personal data)")
        else:
            lines.append("  the uploaded file is missing from the portal's storage")
        if e["schema_file"]:
            lines.append(f"  schema: {e['schema_file']}  sha256 {e.get('schema_sha256')}"
                         + (f"  standard {e['standard']}" if e["standard"] else ""))
        if e["validation_status"]:
            lines.append(f"  latest validation: {e['validation_status']}")
    return "\n".join(lines) + "\n"


def stream(pkg: dict[str, Any], entries: list[dict[str, Any]]) -> Iterator[bytes]:
    """The zip, chunk by chunk (at most about :data:`CHUNK` bytes held)."""
    sink = _Sink()
    stamp = now().timetuple()[:6]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            if entry["status"] == "included":
                digest, size = hashlib.sha256(), 0
                info = zipfile.ZipInfo(entry["file"], date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                try:
                    source = open(entry["_path"], "rb")
                except OSError:
                    entry.update(status="missing", file=None, bytes=None)
                    continue
                with source, archive.open(info, "w", force_zip64=(entry["bytes"] or 0) >= ZIP64_FROM) as target:
                    while True:
                        chunk = source.read(CHUNK)
                        if not chunk:
                            break
                        digest.update(chunk)
                        size += len(chunk)
                        target.write(chunk)
                        data = sink.take()
                        if data:
                            yield data
                entry["sha256"], entry["bytes"] = digest.hexdigest(), size
            if entry["schema_file"]:
                text = json.dumps(entry["_schema"], ensure_ascii=False, indent=2).encode("utf-8")
                entry["schema_sha256"] = hashlib.sha256(text).hexdigest()
                archive.writestr(zipfile.ZipInfo(entry["schema_file"], date_time=stamp), text,
                                 compress_type=zipfile.ZIP_DEFLATED)
            data = sink.take()
            if data:
                yield data
        site_url = (tk.config.get("ckan.site_url") or "").rstrip("/")
        manifest = {
            "dataset": {"id": pkg.get("id"), "name": pkg.get("name"), "title": pkg.get("title"),
                        "url": f"{site_url}/dataset/{pkg.get('name')}",
                        "license_id": pkg.get("license_id")},
            "created": now().isoformat(timespec="seconds"),
            "resources": public(entries),
        }
        archive.writestr(zipfile.ZipInfo("manifest.json", date_time=stamp),
                         json.dumps(manifest, ensure_ascii=False, indent=2), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("README.txt", date_time=stamp), _readme(pkg, entries, site_url),
                         compress_type=zipfile.ZIP_DEFLATED)
    yield sink.take()


def file_name(pkg: dict[str, Any]) -> str:
    return _safe(pkg.get("name") or "dataset", "dataset") + ".zip"


def sizes(entries: list[dict[str, Any]]) -> Optional[int]:
    """Bytes of the files the zip holds (before compression)."""
    return sum(e["bytes"] or 0 for e in entries if e["status"] == "included")
