"""``ckan tmopendata demo``: load the demo content."""
from __future__ import annotations

import click

from ckanext.tmopendata.lib.cli import tmopendata

__all__ = ["tmopendata"]


@tmopendata.command("demo")
def demo() -> None:
    """Create or update the demo institutions and datasets (idempotent)."""
    from ckanext.tmopendata.core.demo import load

    counts = load(echo=click.echo)
    click.secho(
        f"Demo content: {counts['created']} created, {counts['updated']} updated.",
        fg="green",
    )
    from ckanext.tmopendata.lib.cli import call

    call("tmopendata_dump_create", {"background": True})  # the metadata dump, by the worker


@tmopendata.command("dump")
@click.option("--background", is_flag=True, help="Queue the build for the worker.")
def dump(background: bool) -> None:
    """Build the bulk metadata dump of the public catalogue (JSON lines, gzipped)."""
    from ckanext.tmopendata.lib.cli import call

    result = call("tmopendata_dump_create", {"background": background})
    if result.get("queued"):
        click.secho("Metadata dump queued for the worker.", fg="green")
    else:
        click.secho(f"Metadata dump: {result['datasets']} datasets, {result['bytes']} bytes, {result['url']}",
                    fg="green")
