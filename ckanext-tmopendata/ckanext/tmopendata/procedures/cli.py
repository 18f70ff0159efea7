"""``ckan tmopendata procedure start|observe|demo``."""
from __future__ import annotations

import datetime
import json

import click

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.cli import call, tmopendata

__all__ = ["tmopendata"]

#: Demo procedures: dataset, days since the start, steps done, steps skipped (with reason).
DEMO = [
    ("demo-spatii-verzi", 40, ["legal_check", "standardise"], {"identify": "Started directly (demo)"}),
    ("demo-calitate-aer", 75, ["standardise"], {"identify": "Started directly (demo)"}),
    ("demo-parcari-publice", 10, [], {}),
    ("demo-statii-transport-public", 120, ["identify", "legal_check", "standardise"], {}),
    ("demo-autorizatii-construire-2025", 30, ["identify"], {}),
]


@tmopendata.group("procedure")
def procedure() -> None:
    """Publication procedures of datasets."""


@procedure.command("start")
@click.option("--dataset", "-d", required=True, help="id or name of the dataset")
@click.option("--started", help="start date YYYY-MM-DD (default: today)")
@click.option("--census-entry", help="id of the census entry the dataset comes from")
@click.option("--owner", "owners", multiple=True, metavar="ROLE=USER",
              help="owner of the steps of a role (steward, editor, admin, coordinator); repeatable")
def start(dataset: str, started: str | None, census_entry: str | None, owners: tuple[str, ...]) -> None:
    """Start the procedure of a dataset from the procedure template."""
    data: dict = {"package_id": dataset}
    if started:
        data["started"] = started
    if census_entry:
        data["census_entry_id"] = census_entry
    if owners:
        pairs = [o.split("=", 1) for o in owners]
        if any(len(p) != 2 for p in pairs):
            raise click.UsageError("--owner must be ROLE=USER")
        data["owners"] = dict(pairs)
    try:
        proc = call("tmopendata_procedure_create", data)
    except tk.ValidationError as e:
        raise click.ClickException(json.dumps(e.error_dict, ensure_ascii=False))
    except tk.ObjectNotFound as e:
        raise click.ClickException(str(e) or "Dataset not found")
    click.echo(f"Procedure {proc['id']} started for {proc['package_name']} on {proc['started']}:")
    for step in proc["steps"]:
        click.echo(f"  {step['due']}  {step['status']:<11} {step['key']:<18} {step['owner'] or '-'}")


@procedure.command("observe")
@click.option("--dataset", "-d", help="id or name of one dataset (default: every procedure)")
def observe(dataset: str | None) -> None:
    """Record the steps the portal observes (publication, validation
    results, census approval) as done. The daily job of tmopendata_progress
    does it too."""
    try:
        result = call("tmopendata_procedure_observe", {"id": dataset} if dataset else {})
    except tk.ObjectNotFound as e:
        raise click.ClickException(str(e) or "Procedure not found")
    for name, keys in result["procedures"].items():
        click.echo(f"{name}: {', '.join(keys)}")
    click.secho(f"Steps recorded as done by the portal: {result['count']}.", fg="green")


@procedure.command("demo")
def demo() -> None:
    """Start a few procedures on the demo datasets (idempotent: datasets
    that already have one, or are missing, are left alone)."""
    today = datetime.date.today()
    created = 0
    for index, (name, days, done, skipped) in enumerate(DEMO, start=1):
        prefix = f"[{index}/{len(DEMO)}] {name}:"
        try:
            call("tmopendata_procedure_show", {"id": name})
            click.echo(f"{prefix} already has a procedure")
            continue
        except tk.ObjectNotFound:
            pass
        try:
            call("package_show", {"id": name})
        except tk.ObjectNotFound:
            click.echo(f"{prefix} dataset missing, skipped")
            continue
        started = (today - datetime.timedelta(days=days)).isoformat()
        call("tmopendata_procedure_create", {"package_id": name, "started": started})
        for key, reason in skipped.items():
            call("tmopendata_procedure_step_skip", {"id": name, "step": key, "reason": reason})
        for key in done:
            call("tmopendata_procedure_step_complete", {
                "id": name, "step": key, "evidence": "demo"})
        proc = call("tmopendata_procedure_show", {"id": name})
        created += 1
        click.echo(f"{prefix} started {started}, {proc['progress']}% done"
                   f"{', overdue' if proc['overdue'] else ''}")
    click.secho(f"Demo procedures: {created} started.", fg="green")
