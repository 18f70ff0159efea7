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
