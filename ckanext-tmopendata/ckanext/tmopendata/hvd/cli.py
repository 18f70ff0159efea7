"""``ckan tmopendata validate`` and ``ckan tmopendata schemas ...``."""
from __future__ import annotations

import json
import os

import click

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd.validation import InferenceError, infer_schema
from ckanext.tmopendata.lib.cli import call, tmopendata
from ckanext.tmopendata.lib.formats import is_tabular

__all__ = ["tmopendata"]


def _resources(resource: str | None, dataset: str | None, all_: bool) -> list[dict]:
    if resource:
        return [call("resource_show", {"id": resource})]
    if dataset:
        return call("package_show", {"id": dataset})["resources"]
    found, start = [], 0
    while True:
        page = call("package_search", {
            "q": "*:*", "rows": 500, "start": start, "include_private": True,
            "include_drafts": True, "fl": "id",
        })
        if not page["results"]:
            break
        for pkg in page["results"]:
            found.extend(call("package_show", {"id": pkg["id"]})["resources"])
        start += len(page["results"])
    return found


@tmopendata.command("validate")
@click.option("--resource", "-r", help="id of one resource")
@click.option("--dataset", "-d", help="id or name of one dataset (all its tabular resources)")
@click.option("--all", "all_", is_flag=True, help="every tabular resource of the portal")
@click.option("--background", is_flag=True, help="queue jobs for the worker instead of validating here")
@click.option("--expire-stale", is_flag=True,
              help="close the runs left pending/running past job_timeout as error (for cron)")
def validate(resource: str | None, dataset: str | None, all_: bool, background: bool, expire_stale: bool) -> None:
    """Validate resources against their data standards."""
    if sum(bool(x) for x in (resource, dataset, all_, expire_stale)) != 1:
        raise click.UsageError("give exactly one of --resource, --dataset, --all or --expire-stale")
    if expire_stale:
        closed = call("tmopendata_validation_expire", {})
        click.echo(f"{closed['count']} unfinished validation(s) closed as error, "
                   f"{len(closed['resources'])} resource(s) now in error")
        return
    try:
        targets = [r for r in _resources(resource, dataset, all_) if is_tabular(r)]
    except tk.ObjectNotFound as e:
        raise click.ClickException(str(e) or "not found")
    if not targets:
        click.echo("No CSV/TSV/XLSX resource to validate.")
        return
    counts: dict[str, int] = {}
    total = len(targets)
    for number, res in enumerate(targets, start=1):
        report = call("tmopendata_validation_run", {"resource_id": res["id"], "sync": not background})
        counts[report["status"]] = counts.get(report["status"], 0) + 1
        click.echo(f"Validating [{number}/{total}] {(res.get('name') or res['id'])[:50]}: {report['status']}"
                   + (f" ({report['message']})" if report.get("message") else ""))
    click.echo(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    if counts.get("error"):
        raise SystemExit(1)


@tmopendata.group("schemas")
def schemas() -> None:
    """The city's data standards (Frictionless Table Schemas)."""


@schemas.command("list")
def schemas_list() -> None:
    """List the standards and their versions."""
    for s in call("tmopendata_schema_list", {}):
        click.echo(f"{s['ref']:40} {s['fields']:3} fields  {s['title_en']}")


@schemas.command("show")
@click.argument("name")
def schemas_show(name: str) -> None:
    """Print a standard's Table Schema (NAME or NAME@VERSION)."""
    try:
        shown = call("tmopendata_schema_show", {"name": name})
    except tk.ObjectNotFound as e:
        raise click.ClickException(str(e))
    click.echo(json.dumps(shown["schema"], ensure_ascii=False, indent=2))


@schemas.command("infer")
@click.argument("source")
def schemas_infer(source: str) -> None:
    """Draft a Table Schema from a local CSV/TSV/XLSX file or a resource id."""
    if os.path.exists(source):
        fmt = os.path.splitext(source)[1].lstrip(".").lower() or "csv"
        try:
            result = infer_schema(source, fmt)
        except InferenceError as e:
            raise click.ClickException(str(e))
    else:
        try:
            result = call("tmopendata_schema_infer", {"resource_id": source})
        except (tk.ObjectNotFound, tk.ValidationError) as e:
            raise click.ClickException(f"{source}: not a file nor a resource ({e})")
    click.echo(json.dumps(result["schema"], ensure_ascii=False, indent=2))


@tmopendata.group("quality")
def quality() -> None:
    """Metadata quality score (data.europa.eu's MQA method)."""


@quality.command("check-links")
@click.option("--dataset", "-d", help="id or name of one dataset (default: every dataset)")
def quality_check_links(dataset: str | None) -> None:
    """Queue the background check of the linked URLs (their reachability
    counts in the score); run it from cron, e.g. weekly."""
    if dataset:
        names = [dataset]
    else:
        names, start = [], 0
        while True:
            page = call("package_search", {"q": "*:*", "rows": 500, "start": start, "include_private": True,
                                           "fl": "name"})
            if not page["results"]:
                break
            names += [p["name"] for p in page["results"]]
            start += len(page["results"])
    queued = urls = 0
    for name in names:
        try:
            result = call("tmopendata_quality_check", {"id": name})
        except (tk.ObjectNotFound, tk.ValidationError) as e:
            raise click.ClickException(f"{name}: not found") from e
        if result["urls"]:
            queued += 1
            urls += result["urls"]
    click.echo(f"Link checks queued for {queued} dataset(s), {urls} URL(s).")
