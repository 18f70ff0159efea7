"""A small demo-like world for the security tests: two institutions with
users in every role, a coordinator, a public census campaign holding
entries of both institutions (drafts and public ones), an HVD with a
validated file and a dataset under a publication procedure."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins as p
from ckan.tests import factories
from ckan.tests.helpers import call_action

#: The roles the pages are walked as (``registered``: a user of no institution).
ROLES = ("anonymous", "registered", "member", "editor", "admin", "other_editor", "other_admin",
         "coordinator", "sysadmin")

CSV = "id,denumire,suprafata_mp\nSV01,Parcul Central,90000\nSV02,Parcul Rozelor,-5\n"


def suite_blueprints() -> set[str]:
    """Names of the blueprints registered by the suite's plugins."""
    names: set[str] = set()
    for plugin in p.PluginImplementations(p.IBlueprint):
        if not type(plugin).__module__.startswith("ckanext.tmopendata."):
            continue
        blueprints = plugin.get_blueprint()
        for bp in blueprints if isinstance(blueprints, list) else [blueprints]:
            names.add(bp.name)
    return names


def suite_rules(app, method: str) -> list:
    """URL rules of the suite's blueprints that accept ``method``."""
    names = suite_blueprints()
    assert names, "no blueprint of the suite is registered"
    rules = [r for r in app.flask_app.url_map.iter_rules()
             if r.endpoint.split(".")[0] in names and method in (r.methods or ())]
    return sorted(rules, key=lambda r: r.rule)


class World:
    users: dict
    org: dict
    other_org: dict

    def ctx(self, role: str) -> dict:
        return {"user": self.users[role]["name"] if role != "anonymous" else "", "ignore_auth": False}

    def headers(self, role: str) -> dict:
        return {} if role == "anonymous" else {"Authorization": self.users[role]["token"]}


@pytest.fixture
def world(clean_db, clean_index, ckan_config, monkeypatch):
    w = World()
    names = ("registered", "member", "editor", "admin", "other_editor", "other_admin", "coordinator")
    w.users = {role: factories.UserWithToken() for role in names}
    w.users["sysadmin"] = factories.SysadminWithToken()
    w.org = factories.Organization(
        name="directia-mediu", title="Direcția de Mediu",
        users=[{"name": w.users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")])
    w.other_org = factories.Organization(
        name="isj-timis", title="ISJ Timiș",
        users=[{"name": w.users["other_" + r]["name"], "capacity": r} for r in ("admin", "editor")])
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinators", [w.users["coordinator"]["name"]])
    sysadmin = w.ctx("sysadmin")

    # census: a public campaign with drafts and public entries of both institutions
    w.campaign = call_action("tmopendata_census_campaign_create", sysadmin,
                             name="recensamant-2026", title="Recensământ 2026", public=True,
                             organizations=[w.org["name"], w.other_org["name"]])
    w.entries = {}
    for org in (w.org, w.other_org):
        for title, states in (("Ciornă", ()), ("Aprobată", ("submitted", "under_review", "approved")),
                              ("Restricționată", ("submitted", "under_review", "restricted"))):
            entry = call_action("tmopendata_census_entry_create", sysadmin, campaign_id=w.campaign["id"],
                                organization=org["name"], title=f"{title} {org['name']}", effort="low")
            for state in states:
                extra = {"access_restriction": "personal_data", "reason": "Contract"} if state == "restricted" else {}
                call_action("tmopendata_census_entry_transition", sysadmin, id=entry["id"], to_state=state, **extra)
            w.entries[(org["name"], states[-1] if states else "draft")] = entry
    w.entry = w.entries[(w.org["name"], "draft")]
    w.private_campaign = call_action("tmopendata_census_campaign_create", sysadmin,
                                     name="intern-2026", title="Intern",
                                     organizations=[w.org["name"]])

    # an HVD draft with a validated (failing) file
    w.hvd = call_action("package_create", w.ctx("editor"), type="hvd", name="parcuri-hvd",
                        title="Parcuri", notes="x", owner_org=w.org["id"], private=True)
    w.resource = call_action(
        "resource_create", w.ctx("editor"), package_id=w.hvd["id"], url="parcuri.csv", format="CSV",
        name="parcuri.csv", upload=FileStorage(io.BytesIO(CSV.encode()), "parcuri.csv", content_type="text/csv"))
    call_action("tmopendata_validation_run", sysadmin, resource_id=w.resource["id"], sync=True)

    # an ordinary public dataset under a publication procedure
    w.dataset = factories.Dataset(owner_org=w.org["id"], name="spatii-verzi", title="Spații verzi")
    w.procedure = call_action("tmopendata_procedure_create", sysadmin, package_id=w.dataset["id"])
    w.step = w.procedure["steps"][0]["key"]
    w.standard = call_action("tmopendata_schema_list", sysadmin)[0]
    return w
