"""``ckan tmopendata reuse demo``: demo showcases and a demo partnership."""
from __future__ import annotations

import datetime

import click

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.cli import call, tmopendata

__all__ = ["tmopendata"]

#: Invented showcases (all labelled demo): title, kind, author, url, datasets, approved.
DEMO_SHOWCASES = [
    {
        "title": "Transport Timișoara — hartă stații (demo) / Public transport stops map (demo)",
        "kind": "application", "author": "Comunitatea Code for Timișoara (demo)",
        "url": "https://example.org/demo/statii-transport",
        "description": ("Aplicație web inventată care arată stațiile de transport public pe hartă. "
                        "**Demo.**\n\nInvented web app showing public transport stops on a map. *Demo.*"),
        "datasets": ["demo-statii-transport-public", "demo-parcari-publice"], "approve": True,
    },
    {
        "title": "Calitatea aerului pe cartiere (demo) / Air quality by district (demo)",
        "kind": "visualisation", "author": "Universitatea de Vest din Timișoara (demo)",
        "url": "https://example.org/demo/calitate-aer",
        "description": ("Vizualizare inventată a măsurătorilor de calitate a aerului. **Demo.**\n\n"
                        "Invented visualisation of air quality readings. *Demo.*"),
        "datasets": ["demo-calitate-aer", "demo-spatii-verzi"], "approve": True,
    },
    {
        "title": "Studiu: bugetul local explicat (demo) / Study: the local budget explained (demo)",
        "kind": "research", "author": "ONG Timișoara Deschisă (demo)",
        "url": "https://example.org/demo/buget-explicat",
        "description": "Studiu inventat, în așteptarea aprobării. / Invented study, awaiting approval.",
        "datasets": ["demo-executie-buget-local-2025"], "approve": False,
    },
]

DEMO_PARTNERSHIP = {
    "partner": "Universitatea Politehnica Timișoara (demo)",
    "kind": "academia",
    "scope": ("Proiecte studențești pe datele de mobilitate și mediu (demo). / "
              "Student projects on mobility and environment data (demo)."),
    "agreement_url": "https://example.org/demo/acord-parteneriat",
    "datasets": ["demo-statii-transport-public", "demo-calitate-aer"],
}


@tmopendata.group("reuse")
def reuse() -> None:
    """Showcases, partnerships and usage of the open data."""


def _existing_titles(action: str, key: str, data: dict) -> set[str]:
    result = call(action, data)
    return {r[key] for r in result["results"]}


@reuse.command("demo")
def demo() -> None:
    """Load the demo showcases and partnership (idempotent: those whose
    title already exists are left alone; missing datasets are skipped)."""
    titles = _existing_titles("tmopendata_showcase_list", "title", {"state": "all", "limit": 1000})
    created = 0
    for item in DEMO_SHOWCASES:
        if item["title"] in titles:
            click.echo(f"{item['title']}: already there")
            continue
        datasets = []
        for name in item["datasets"]:
            try:
                call("package_show", {"id": name})
                datasets.append(name)
            except tk.ObjectNotFound:
                pass
        if not datasets:
            click.echo(f"{item['title']}: datasets missing, skipped")
            continue
        data = {k: v for k, v in item.items() if k != "approve"}
        showcase = call("tmopendata_showcase_create", dict(data, datasets=datasets, demo=True,
                                                           date=datetime.date.today().isoformat()))
        if item["approve"]:
            call("tmopendata_showcase_review", {"id": showcase["id"], "decision": "approve",
                                                "note": "demo"})
        created += 1
        click.echo(f"{item['title']}: {'approved' if item['approve'] else 'pending'}")
    partners = _existing_titles("tmopendata_partnership_list", "partner", {})
    if DEMO_PARTNERSHIP["partner"] in partners:
        click.echo(f"{DEMO_PARTNERSHIP['partner']}: already there")
    else:
        datasets = []
        for name in DEMO_PARTNERSHIP["datasets"]:
            try:
                call("package_show", {"id": name})
                datasets.append(name)
            except tk.ObjectNotFound:
                pass
        start = datetime.date.today() - datetime.timedelta(days=60)
        call("tmopendata_partnership_create", dict(
            DEMO_PARTNERSHIP, datasets=datasets, demo=True, start_date=start.isoformat(),
            end_date=(start + datetime.timedelta(days=730)).isoformat()))
        created += 1
    click.secho(f"Demo reuse content: {created} created.", fg="green")
