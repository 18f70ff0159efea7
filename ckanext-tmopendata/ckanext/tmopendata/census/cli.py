"""``ckan tmopendata census campaign-create|import|export|publish|demo``:
thin commands calling the census actions as the site user."""
from __future__ import annotations

import base64
import os
from typing import Any, Optional

import click

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.cli import call, site_context, tmopendata
from ckanext.tmopendata.resources import census_dir

__all__ = ["tmopendata"]

DEMO_CAMPAIGN = "recensamant-2026-demo"
DEMO_TITLE = "Recensământ 2026 (demo)"
#: The institutions the demo campaign covers (the demo organisations of
#: ``ckan tmopendata demo`` holding the assets of census/demo-inventory.csv).
DEMO_INSTITUTIONS = [
    "primaria-timisoara", "consiliul-local-timisoara", "stpt", "politia-locala-timisoara",
    "isj-timis", "directia-mediu-timisoara",
]


def _fail(error: Exception) -> click.ClickException:
    if isinstance(error, tk.ValidationError):
        messages = "; ".join(
            f"{field}: {' '.join(str(m) for m in msgs) if isinstance(msgs, list) else msgs}"
            for field, msgs in (error.error_dict or {}).items()
        )
        return click.ClickException(messages or str(error))
    return click.ClickException(str(error) or type(error).__name__)


def _print_report(report: dict[str, Any]) -> None:
    click.echo(
        f"Rows read: {report['rows']} ({report['encoding']}); created: {report['created']}, "
        f"updated: {report['updated']}, unchanged: {report['unchanged']}, rows with errors: {len(report['errors'])}"
    )
    for item in report.get("updates") or []:
        click.echo(f"  row {item['row']}: updated {item['title']} ({item['organization']}): "
                   f"{', '.join(item['fields']) or '-'}")
    for item in report["errors"]:
        for field, messages in item["errors"].items():
            click.echo(f"  row {item['row']}, {field}: {' '.join(messages)}", err=True)
    if report["errors"] and not report["imported"]:
        click.echo("Nothing was imported (fix the rows, or use --accept-valid to import the valid ones).", err=True)


def _import(campaign: str, content: bytes, filename: str, organization: Optional[str],
            accept_valid: bool) -> dict[str, Any]:
    with click.progressbar(length=1, label="Importing", show_pos=True) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        context = dict(site_context(), census_progress=progress)
        data = {"campaign_id": campaign, "upload": content, "filename": filename,
                "accept_valid": accept_valid}
        if organization:
            data["organization"] = organization
        return tk.get_action("tmopendata_census_entry_import")(context, data)


@tmopendata.group("census")
def census() -> None:
    """The dataset census: create campaigns, import, export and publish inventories."""


@census.command("campaign-create")
@click.argument("name")
@click.argument("title")
@click.option("--description", help="description of the campaign")
@click.option("--start", "start_date", help="first day, YYYY-MM-DD")
@click.option("--end", "end_date", help="last day, YYYY-MM-DD")
@click.option("--closed", is_flag=True, help="create it closed (no new entries)")
@click.option("--methodology-version", help="version of the methodology used")
@click.option("--coordinator", "coordinators", multiple=True,
              help="user name of a coordinator of this campaign (repeat for several)")
@click.option("--public", is_flag=True, help="the public sees the public inventory of its approved entries")
@click.option("--organization", "organizations", multiple=True,
              help="name of an institution (organisation) taking part (repeat for several)")
def campaign_create(name: str, title: str, description: Optional[str], start_date: Optional[str],
                    end_date: Optional[str], closed: bool, methodology_version: Optional[str],
                    coordinators: tuple[str, ...], public: bool, organizations: tuple[str, ...]) -> None:
    """Create the census campaign NAME (its address: /census/NAME) titled TITLE."""
    data: dict[str, Any] = {"name": name, "title": title, "status": "closed" if closed else "open",
                            "public": public, "coordinators": list(coordinators),
                            "organizations": list(organizations)}
    for key, value in (("description", description), ("start_date", start_date), ("end_date", end_date),
                       ("methodology_version", methodology_version)):
        if value:
            data[key] = value
    try:
        result = call("tmopendata_census_campaign_create", data)
    except tk.ValidationError as e:
        raise _fail(e)
    click.echo(f"Created campaign {result['name']} ({result['title']}), {result['status']}"
               f"{', public' if result['public'] else ''}: /census/{result['name']}")


@census.command("import")
@click.argument("campaign")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--organization", "-o", help="institution of the rows without one")
@click.option("--accept-valid", is_flag=True, help="import the valid rows even if others have errors")
def import_(campaign: str, path: str, organization: Optional[str], accept_valid: bool) -> None:
    """Import the entries of a CSV/XLSX file into CAMPAIGN (id or name)."""
    with open(path, "rb") as f:
        content = f.read()
    try:
        report = _import(campaign, content, os.path.basename(path), organization, accept_valid)
    except (tk.ValidationError, tk.ObjectNotFound, tk.NotAuthorized) as e:
        raise _fail(e)
    _print_report(report)
    if report["errors"]:
        raise SystemExit(1)


@census.command("export")
@click.argument("campaign")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "datapackage"]), default="csv")
@click.option("--lang", type=click.Choice(["ro", "en"]), default="ro")
@click.option("--organization", "-o", help="only this institution")
@click.option("--output", "-O", type=click.Path(dir_okay=False), help="file to write (default: the suggested name)")
def export(campaign: str, fmt: str, lang: str, organization: Optional[str], output: Optional[str]) -> None:
    """Export the entries of CAMPAIGN to CSV, XLSX or a Data Package."""
    data = {"campaign_id": campaign, "format": fmt, "lang": lang}
    if organization:
        data["organization"] = organization
    try:
        result = call("tmopendata_census_entry_export", data)
    except (tk.ValidationError, tk.ObjectNotFound) as e:
        raise _fail(e)
    content = result["content"].encode("utf-8") if result["encoding"] == "text" else base64.b64decode(result["content"])
    target = output or result["filename"]
    with open(target, "wb") as f:
        f.write(content)
    click.echo(f"{result['count']} entries written to {target}")


@census.command("publish")
@click.argument("campaign")
@click.option("--owner-org", help="organisation owning the dataset (default: config option)")
def publish(campaign: str, owner_org: Optional[str]) -> None:
    """Publish the public inventory of CAMPAIGN as a CKAN dataset."""
    data = {"campaign_id": campaign}
    if owner_org:
        data["owner_org"] = owner_org
    try:
        result = call("tmopendata_census_publish", data)
    except (tk.ValidationError, tk.ObjectNotFound) as e:
        raise _fail(e)
    verb = "Created" if result["created"] else "Updated"
    click.echo(f"{verb} dataset {result['name']}: {result['count']} public entries "
               f"(validation: {result.get('validation_status') or 'not run'})")


def _demo_moves(entries: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[str], dict[str, Any]]]:
    """Deterministic workflow moves of the demo entries still in draft: by
    rank of title, every 6th stays a draft, the others are submitted,
    taken under review, approved or moved into publication; entries with an
    access restriction are restricted with their legal reason."""
    paths = [
        [], ["submitted"], ["submitted", "under_review"],
        ["submitted", "under_review", "approved"],
        ["submitted", "under_review", "approved", "in_publication"],
        ["submitted", "under_review", "approved"],
    ]
    moves = []
    for rank, entry in enumerate(sorted(entries, key=lambda e: e["title"])):
        if entry["status"] != "draft" or len(entry.get("history") or []) > 1:
            continue
        if entry.get("access_restriction") not in (None, "none"):
            moves.append((entry, ["submitted", "under_review", "restricted"],
                          {"reason": entry.get("restriction_reason") or "demo",
                           "access_restriction": entry["access_restriction"]}))
        elif paths[rank % len(paths)]:
            moves.append((entry, paths[rank % len(paths)], {}))
    return moves


@census.command("demo")
def demo() -> None:
    """Load the demo census (idempotent): campaign "Recensământ 2026 (demo)",
    the demo inventory of census/demo-inventory.csv (needs the demo
    organisations of ``ckan tmopendata demo``), some entries moved through
    the workflow, and the public inventory published."""
    try:
        campaign = call("tmopendata_census_campaign_show", {"id": DEMO_CAMPAIGN})
        click.echo(f"Campaign {DEMO_CAMPAIGN} exists")
        missing = [o for o in DEMO_INSTITUTIONS if o not in campaign.get("organizations", [])]
        if missing:
            campaign = call("tmopendata_census_campaign_patch", {
                "id": campaign["id"], "organizations": list(campaign.get("organizations", [])) + missing})
    except tk.ObjectNotFound:
        campaign = call("tmopendata_census_campaign_create", {
            "name": DEMO_CAMPAIGN, "title": DEMO_TITLE, "public": True,
            "organizations": DEMO_INSTITUTIONS,
            "description": "Campanie demonstrativă / Demo campaign. DATE DEMONSTRATIVE / DEMO DATA.",
            "start_date": "2026-01-15", "end_date": "2026-06-30", "methodology_version": "1.0",
        })
        click.echo(f"Created campaign {DEMO_CAMPAIGN}")
    path = census_dir() / "demo-inventory.csv"
    try:
        report = _import(campaign["id"], path.read_bytes(), path.name, None, False)
    except tk.ValidationError as e:
        raise _fail(e)
    _print_report(report)
    if report["errors"]:
        raise click.ClickException("The demo inventory did not import (did `ckan tmopendata demo` run?)")
    listed = call("tmopendata_census_entry_list", {"campaign_id": campaign["id"], "limit": 1000})["results"]
    full = [call("tmopendata_census_entry_show", {"id": e["id"]}) for e in listed]
    moves = _demo_moves(full)
    for entry, path_, extra in moves:
        for state in path_:
            call("tmopendata_census_entry_transition", {
                "id": entry["id"], "to_state": state, "comment": "demo", **extra})
    click.echo(f"Workflow: {len(moves)} demo entries moved")
    try:
        result = call("tmopendata_census_publish", {"campaign_id": campaign["id"]})
        click.echo(f"Public inventory: dataset {result['name']} ({result['count']} entries)")
    except tk.ValidationError as e:
        click.echo(f"Public inventory not published: {_fail(e).message}", err=True)
