"""``ckan tmopendata datastore load``, ``ckan tmopendata datastore status`` and
``ckan tmopendata datastore xloader-token``."""
from __future__ import annotations

from typing import Any, Optional

import click

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import formats
from ckanext.tmopendata.lib.cli import site_context, tmopendata

__all__ = ["tmopendata"]


@tmopendata.group("datastore")
def datastore() -> None:
    """Rows of the valid tables in the DataStore."""


def _tabular_resources(resource: Optional[str], dataset: Optional[str], every: bool) -> list[model.Resource]:
    query = model.Session.query(model.Resource).join(model.Package, model.Package.id == model.Resource.package_id)
    query = query.filter(model.Resource.state == "active", model.Package.state == "active")
    if resource:
        query = query.filter(model.Resource.id == resource)
    elif dataset:
        pkg = model.Package.get(dataset)
        if pkg is None:
            raise click.ClickException(f"Dataset not found: {dataset}")
        query = query.filter(model.Resource.package_id == pkg.id)
    elif not every:
        raise click.UsageError("Give --resource ID, --dataset ID or --all.")
    found = [r for r in query.order_by(model.Resource.package_id, model.Resource.position)
             if formats.is_tabular({"format": r.format, "url": r.url})]
    if resource and not found:
        raise click.ClickException(f"No active tabular resource {resource}")
    return found


@datastore.command("load")
@click.option("--resource", "resource", help="id of one resource")
@click.option("--dataset", "dataset", help="id or name of a dataset: its tabular resources")
@click.option("--all", "every", is_flag=True, help="every tabular resource of the portal")
@click.option("--enqueue", is_flag=True, help="queue the loads for the worker instead of loading here")
def load(resource: Optional[str], dataset: Optional[str], every: bool, enqueue: bool) -> None:
    """Load the tabular resources whose latest validation succeeded (the
    others are listed with the reason and not loaded)."""
    resources = _tabular_resources(resource, dataset, every)
    outcomes: list[tuple[model.Resource, dict[str, Any]]] = []
    action = tk.get_action("tmopendata_datastore_load")
    with click.progressbar(resources, label="Loading", show_pos=True,
                           item_show_func=lambda r: r.id if r else None) as bar:
        for res in bar:
            try:
                result = action(site_context(), {"resource_id": res.id, "sync": not enqueue})
            except (tk.ValidationError, tk.ObjectNotFound, tk.NotAuthorized) as e:
                result = {"status": "failed", "message": str(e)}
            outcomes.append((res, result))
    counts: dict[str, int] = {}
    for res, result in outcomes:
        status = result.get("status", "?")
        counts[status] = counts.get(status, 0) + 1
        line = f"{res.id}  {status}"
        if result.get("rows") is not None and status == "loaded":
            line += f"  {result['rows']} rows"
        if result.get("message"):
            line += f"  {result['message']}"
        click.echo(line)
    click.echo(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing to load")
    if counts.get("failed"):
        raise SystemExit(1)


@datastore.command("status")
@click.option("--dataset", "dataset", help="id or name of one dataset (default: every dataset)")
def status(dataset: Optional[str]) -> None:
    """What the DataStore serves: per tabular resource, its status, rows and
    the validated version it comes from."""
    if dataset:
        ids = [dataset]
    else:
        ids = [pid for (pid,) in model.Session.query(model.Package.id).filter(
            model.Package.state == "active").order_by(model.Package.name)]
    total = loaded = 0
    for package_id in ids:
        try:
            result = tk.get_action("tmopendata_datastore_status")(site_context(), {"id": package_id})
        except tk.ObjectNotFound:
            raise click.ClickException(f"Dataset not found: {package_id}")
        if not result["tabular"]:
            continue
        pkg = model.Package.get(result["dataset_id"])
        click.echo(f"{pkg.name if pkg else package_id}: {result['loaded']}/{result['tabular']} loaded")
        for r in result["resources"]:
            if r["status"] == "not_tabular":
                continue
            rows = f"{r['rows']} rows" if r["rows"] is not None else "-"
            click.echo(f"  {r['id']}  {r['status']:<10} {rows:<12} {r['validated_at'] or '-'}  {r['message'] or ''}".rstrip())
        total += result["tabular"]
        loaded += result["loaded"]
    click.echo(f"{loaded}/{total} tabular resources served by the DataStore API")


#: Name of the site user's API token that ckanext-xloader uses.
XLOADER_TOKEN_NAME = "xloader"


@datastore.command("xloader-token")
def xloader_token() -> None:
    """Print the API token ckanext-xloader needs (``ckanext.xloader.api_token``):
    one of the site user's. The configured one is printed again while it is
    still a valid token of the site user; otherwise a new one is created
    (the site user's older "xloader" tokens are revoked). ckanext-xloader
    2.6 has no fallback: without it every resource created or changed logs
    CRITICAL "api_token NOT_SET" and xloader's own loads cannot run.
    ``scripts/serve.sh`` and the Docker entrypoint write it into ckan.ini."""
    from ckan.lib.api_token import get_user_from_token

    context = site_context()
    site_user = context["user"]
    configured = tk.config.get("ckanext.xloader.api_token")
    if configured and configured != "NOT_SET":
        user = get_user_from_token(configured, update_access_time=False)
        if user is not None and user.name == site_user:
            click.echo(configured)
            return
    for token in tk.get_action("api_token_list")(site_context(), {"user_id": site_user}):
        if token["name"] == XLOADER_TOKEN_NAME:
            tk.get_action("api_token_revoke")(site_context(), {"jti": token["id"]})
    created = tk.get_action("api_token_create")(site_context(), {"user": site_user, "name": XLOADER_TOKEN_NAME})
    click.echo(created["token"])
