"""The HVD publication gate: a high-value dataset cannot be made public (or
created public) while a check fails; the error names exactly what is
missing; sysadmins may override with a recorded reason."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import HVD_REGULATION_ELI
from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
COMPLETE = {
    "type": "hvd",
    "title": "Parcări publice",
    "notes": "Parcările publice ale municipiului",
    "license_id": "cc-by",
    "contact": [{"name": "Serviciul Parcări", "email": "parcari@primariatm.ro"}],
    "hvd_category": [MOBILITY],
    "applicable_legislation": [HVD_REGULATION_ELI],
    "update_frequency": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "priority_theme": "transport",
}
#: An API described as a DCAT-AP access service (ckanext-dcat's field).
API_SERVICE = [{"title": "API parcări", "endpoint_url": "https://api.primariatm.ro/parcari",
                "endpoint_description": "https://api.primariatm.ro/parcari/openapi.json"}]
MESSAGES = {
    "licence": "Licence: HVDs need CC BY 4.0",
    "schema": "no data standard (schema) assigned",
    "valid": "not valid (validation status",
    "bulk": "Bulk download",
    "api": "API access",
    "contact": "Contact point",
    "category": "HVD category",
    "legislation": "Applicable legislation: must include",
}


def problems_of(excinfo) -> list[str]:
    return excinfo.value.error_dict["publication"]


def assert_exactly(problems: list[str], *keys: str) -> None:
    for key in keys:
        assert any(MESSAGES[key] in p for p in problems), (key, problems)
    others = set(MESSAGES) - set(keys)
    for key in others:
        assert not any(MESSAGES[key] in p for p in problems), (key, problems)


def _without_datastore_rows(dataset_id):
    """Take the tables' rows out of the DataStore (the portal loads a valid
    table at once), so that API access rests on the described service."""
    try:
        tk.get_action("tmopendata_datastore_remove")
    except KeyError:
        return
    for res in call_action("package_show", id=dataset_id)["resources"]:
        if res.get("datastore_active"):
            call_action("tmopendata_datastore_remove", resource_id=res["id"])


@pytest.fixture
def ready_hvd(org_with_users, upload, world):
    """A private HVD that passes every check, its API access a described
    service (its table's rows not in the DataStore; built once per worker,
    then restored: see ``world`` in tests/conftest.py)."""
    org, users = org_with_users

    def build():
        ctx = {"user": users["editor"]["name"]}
        dataset = call_action("package_create", ctx, name="parcari", owner_org=org["id"], private=True, **COMPLETE)
        upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), name="Parcări CSV")
        call_action("resource_create", ctx, package_id=dataset["id"], name="API", format="API",
                    url="https://api.primariatm.ro/parcari", access_services=API_SERVICE)
        _without_datastore_rows(dataset["id"])
        return dataset

    return world("ready_hvd", build), users


def test_public_hvd_with_nothing_is_refused_naming_everything(org_with_users):
    org, users = org_with_users
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_create", {"user": users["editor"]["name"]}, type="hvd", name="gol",
                    title="Gol", notes="x", owner_org=org["id"], private=False)
    assert_exactly(problems_of(e), "licence", "bulk", "api", "contact", "category", "legislation")
    assert call_action("package_search", q="name:gol", include_private=True)["count"] == 0


def test_private_hvd_may_be_incomplete(org_with_users):
    org, users = org_with_users
    dataset = call_action("package_create", {"user": users["editor"]["name"]}, type="hvd",
                          name="ciorna", title="Ciornă", notes="x", owner_org=org["id"], private=True)
    assert dataset["private"] is True


def test_complete_hvd_can_be_published(ready_hvd):
    dataset, users = ready_hvd
    published = call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"], private=False)
    assert published["private"] is False
    assert "publication_override" not in published
    assert call_action("package_search", q="name:parcari")["count"] == 1


@pytest.mark.parametrize(
    "change,key",
    [
        ({"license_id": ""}, "licence"),
        ({"contact": [{"name": "Fără e-mail"}]}, "contact"),
        ({"hvd_category": []}, "category"),
        ({"applicable_legislation": ["http://data.europa.eu/eli/dir/2019/1024/oj"]}, "legislation"),
    ],
)
def test_each_missing_metadata_is_named(ready_hvd, change, key):
    dataset, users = ready_hvd
    ctx = {"user": users["editor"]["name"]}
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", ctx, id=dataset["id"], private=False, **change)
    assert_exactly(problems_of(e), key)


def test_missing_api_and_bulk_are_named(ready_hvd):
    dataset, users = ready_hvd
    ctx = {"user": users["editor"]["name"]}
    resources = call_action("package_show", id=dataset["id"])["resources"]
    api = [r for r in resources if r["format"] == "API"][0]
    call_action("resource_delete", ctx, id=api["id"])
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", ctx, id=dataset["id"], private=False)
    assert_exactly(problems_of(e), "api")


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_datastore")
def test_a_described_api_service_is_kept_and_counts(ready_hvd):
    dataset, users = ready_hvd
    api = [r for r in call_action("package_show", id=dataset["id"])["resources"] if r["format"] == "API"][0]
    assert api["access_services"][0]["endpoint_url"] == [API_SERVICE[0]["endpoint_url"]]  # ckanext-dcat keeps a list
    # the DataStore serves no rows of it: the gate answers on the described
    # service alone
    assert not call_action("tmopendata_datastore_status", id=dataset["id"])["all_loaded"]
    assert call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"],
                       private=False)["private"] is False


@pytest.mark.parametrize("fmt", ["API", "WMS", "WFS"])
def test_a_bare_api_resource_is_not_api_access(ready_hvd, fmt):
    dataset, users = ready_hvd
    ctx = {"user": users["editor"]["name"]}
    api = [r for r in call_action("package_show", id=dataset["id"])["resources"] if r["format"] == "API"][0]
    call_action("resource_delete", ctx, id=api["id"])
    call_action("resource_create", ctx, package_id=dataset["id"], name="Serviciu", format=fmt,
                url="https://api.primariatm.ro/parcari")
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", ctx, id=dataset["id"], private=False)
    assert_exactly(problems_of(e), "api")


@pytest.mark.parametrize("service", [
    {"endpoint_url": "https://api.primariatm.ro/parcari"},
    {"endpoint_description": "https://api.primariatm.ro/parcari/openapi.json"},
    {"endpoint_url": "api.primariatm.ro/parcari", "endpoint_description": "documentația"},
    {"endpoint_url": "https://api.primariatm.ro/parcari", "endpoint_description": "   "},
])
def test_an_api_service_needs_an_endpoint_url_and_its_description(ready_hvd, service):
    dataset, users = ready_hvd
    ctx = {"user": users["editor"]["name"]}
    api = [r for r in call_action("package_show", id=dataset["id"])["resources"] if r["format"] == "API"][0]
    call_action("resource_patch", ctx, id=api["id"], access_services=[service])
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", ctx, id=dataset["id"], private=False)
    assert_exactly(problems_of(e), "api")


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_datastore")
def test_the_datastore_meets_api_access_through_the_real_plugins(ready_hvd):
    """Without any API resource, an HVD whose every table's rows are in the
    DataStore meets "API access"; without the rows it does not."""
    dataset, users = ready_hvd
    ctx = {"user": users["editor"]["name"]}
    resources = call_action("package_show", id=dataset["id"])["resources"]
    call_action("resource_delete", ctx, id=[r for r in resources if r["format"] == "API"][0]["id"])
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", ctx, id=dataset["id"], private=False)
    assert_exactly(problems_of(e), "api")
    table = [r for r in resources if r["format"] == "CSV"][0]
    call_action("tmopendata_datastore_load", resource_id=table["id"], sync=True)
    assert call_action("tmopendata_datastore_status", id=dataset["id"])["all_loaded"]
    # the gate, on the stored dataset with its rows in the DataStore
    from ckanext.tmopendata.hvd.publication import problems_for

    assert problems_for(call_action("package_show", id=dataset["id"])) == []
    # The editor publishes it, with the same context as the refused attempt
    # above (CKAN's audit of auth functions, on in every action call, keeps
    # its stack in the context: a refusal raised before package_update's
    # check_access left a stale entry there, and this call then failed with
    # "package_update did not call its auth function").
    assert call_action("package_patch", ctx, id=dataset["id"], private=False)["private"] is False


@pytest.mark.parametrize("action", ["package_patch", "package_update"])
@pytest.mark.parametrize("role", ["outsider", "other_editor", "member"])
def test_publishing_is_refused_for_lack_of_rights_before_any_check_is_named(ready_hvd, upload, action, role):
    """Someone who may not edit the dataset learns nothing of it from the
    gate: NotAuthorized, never the list of what the dataset misses (which
    names its resources)."""
    dataset, users = ready_hvd
    upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), name="Fișier ascuns")
    ctx = {"user": users[role]["name"], "ignore_auth": False}
    data = {"id": dataset["id"], "private": False}
    if action == "package_update":
        data = dict(call_action("package_show", id=dataset["id"]), private=False)
    with pytest.raises(tk.NotAuthorized):
        call_action(action, ctx, **data)
    # the editor is told what is missing, the same way
    with pytest.raises(tk.ValidationError) as e:
        call_action(action, {"user": users["editor"]["name"], "ignore_auth": False}, **data)
    assert any("Fișier ascuns" in p for p in problems_of(e))


def test_creating_a_public_hvd_is_refused_for_lack_of_rights_before_any_check(org_with_users):
    org, users = org_with_users
    with pytest.raises(tk.NotAuthorized):
        call_action("package_create", {"user": users["outsider"]["name"], "ignore_auth": False},
                    type="hvd", name="gol", title="Gol", notes="x", owner_org=org["id"], private=False)


@pytest.mark.parametrize("status, met", [
    (None, False),
    ({"all_loaded": True, "tabular": 2, "loaded": 2}, True),
    ({"all_loaded": False, "tabular": 2, "loaded": 1}, False),
    ({"all_loaded": True, "tabular": 0, "loaded": 0}, False),
])
def test_the_datastore_meets_api_access_when_every_table_is_loaded(app, status, met):
    from ckanext.tmopendata.hvd.gate import publication_problems

    pkg = {"license_id": "cc-by", "resources": [
        {"name": "a.csv", "format": "CSV", "url": "https://example.com/a.csv", "schema": "tm-parcari@1.0",
         "validation_status": "success"}]}
    with app.flask_app.test_request_context("/"):
        problems = publication_problems(pkg, status)
    assert any(MESSAGES["api"] in p for p in problems) is not met, problems


def test_invalid_or_unstandardised_resource_is_named(ready_hvd, upload):
    dataset, users = ready_hvd
    upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), name="Greșit")
    upload(users["editor"], dataset["id"], VALID_CSV, name="Fără standard")
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"], private=False)
    problems = problems_of(e)
    assert_exactly(problems, "valid", "schema")
    assert any('"Greșit"' in p and "(validation status: Invalid)" in p for p in problems)  # a label, not the code
    assert any('"Fără standard"' in p and "schema" in p for p in problems)


def test_a_forged_validation_status_does_not_pass(ready_hvd, upload):
    dataset, users = ready_hvd
    upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), name="Greșit")
    pkg = call_action("package_show", id=dataset["id"])
    for res in pkg["resources"]:
        res["validation_status"] = "success"
    pkg["private"] = False
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_update", {"user": users["editor"]["name"]}, **pkg)
    assert_exactly(problems_of(e), "valid")


def test_sysadmin_override_is_recorded(ready_hvd):
    dataset, users = ready_hvd
    sysadmin = factories.Sysadmin()
    call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"], contact=[])
    published = call_action(
        "package_patch", {"user": sysadmin["name"]}, id=dataset["id"], private=False,
        publication_override_reason="Hotărârea CL 12/2026: publicare imediată",
    )
    assert published["private"] is False
    record = json.loads(published["publication_override"])
    assert record["reason"] == "Hotărârea CL 12/2026: publicare imediată"
    assert record["user"] == sysadmin["name"]
    assert any(MESSAGES["contact"] in p for p in record["problems"])


def test_editor_cannot_override(ready_hvd):
    dataset, users = ready_hvd
    ctx = {"user": users["editor"]["name"]}
    call_action("package_patch", ctx, id=dataset["id"], contact=[])
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", ctx, id=dataset["id"], private=False,
                    publication_override_reason="vreau")
    assert "publication_override_reason" in e.value.error_dict


def test_ordinary_datasets_are_not_gated(org_with_users):
    org, users = org_with_users
    dataset = call_action("package_create", {"user": users["editor"]["name"]}, name="oarecare",
                          title="Oarecare", notes="x", owner_org=org["id"], private=False)
    assert dataset["private"] is False


def test_hvd_category_must_come_from_the_eu_vocabulary(org_with_users):
    org, users = org_with_users
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_create", {"user": users["editor"]["name"]}, name="cat", owner_org=org["id"],
                    private=True, **dict(COMPLETE, hvd_category=["http://example.com/mobility"]))
    assert "hvd_category" in e.value.error_dict
    detailed = "http://data.europa.eu/bna/c_4ba9548e"
    ok = call_action("package_create", {"user": users["editor"]["name"]}, name="cat2", owner_org=org["id"],
                     private=True, **dict(COMPLETE, hvd_category=[detailed, MOBILITY]))
    assert sorted(ok["hvd_category"]) == sorted([detailed, MOBILITY])


@pytest.mark.parametrize("licence", ["cc-by-sa", "other-closed", "cc-nc"])
def test_hvd_schema_only_offers_open_licences(ready_hvd, licence):
    dataset, users = ready_hvd
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"], license_id=licence)
    assert "license_id" in e.value.error_dict


# --- the organisation's bulk "Make public" (bulk_update_public) ----------------

@pytest.fixture
def failing_hvd(ready_hvd):
    """A second private HVD of the same institution, without contact point
    nor API."""
    dataset, users = ready_hvd
    failing = call_action("package_create", {"user": users["editor"]["name"]}, name="statii",
                          owner_org=dataset["owner_org"], private=True,
                          **dict(COMPLETE, title="Stații", contact=[]))
    return failing


def test_bulk_make_public_refuses_failing_hvds_and_names_them(ready_hvd, failing_hvd):
    dataset, users = ready_hvd
    ordinary = factories.Dataset(owner_org=dataset["owner_org"], private=True)
    ids = [dataset["id"], failing_hvd["id"], ordinary["id"]]
    with pytest.raises(tk.ValidationError) as e:
        call_action("bulk_update_public", {"user": users["admin"]["name"]}, datasets=ids,
                    org_id=dataset["owner_org"])
    problems = problems_of(e)
    # only the failing HVD is named, with each of its missing items
    assert all(p.startswith('Dataset "statii": ') for p in problems), problems
    assert_exactly(problems, "contact", "api", "bulk")
    # nothing was made public, in the database or in the search index
    for pkg_id in ids:
        assert call_action("package_show", id=pkg_id)["private"] is True
    assert call_action("package_search", q="*:*")["count"] == 0


def test_bulk_make_public_has_no_override_for_sysadmins(ready_hvd, failing_hvd):
    dataset, _ = ready_hvd
    with pytest.raises(tk.ValidationError) as e:
        call_action("bulk_update_public", {"user": factories.Sysadmin()["name"]},
                    datasets=[failing_hvd["id"]], org_id=dataset["owner_org"])
    assert_exactly(problems_of(e), "contact", "api", "bulk")
    assert call_action("package_show", id=failing_hvd["id"])["private"] is True


def test_bulk_make_public_publishes_complete_hvds_and_ordinary_datasets(ready_hvd):
    dataset, users = ready_hvd
    ordinary = factories.Dataset(owner_org=dataset["owner_org"], private=True)
    call_action("bulk_update_public", {"user": users["admin"]["name"]},
                datasets=[dataset["id"], ordinary["id"]], org_id=dataset["owner_org"])
    assert call_action("package_show", id=dataset["id"])["private"] is False
    found = call_action("package_search", q="*:*")
    assert sorted(d["id"] for d in found["results"]) == sorted([dataset["id"], ordinary["id"]])


def test_bulk_make_public_still_needs_the_admin_right(ready_hvd, failing_hvd):
    dataset, users = ready_hvd
    with pytest.raises(tk.NotAuthorized):
        call_action("bulk_update_public", {"user": users["editor"]["name"], "ignore_auth": False},
                    datasets=[failing_hvd["id"]], org_id=dataset["owner_org"])


def test_bulk_make_public_page_says_why(app, ready_hvd, failing_hvd):
    from bs4 import BeautifulSoup

    dataset, users = ready_hvd
    org = call_action("organization_show", id=dataset["owner_org"])
    headers = {"Authorization": users["admin"]["token"]}
    resp = app.post(f"/organization/bulk_process/{org['name']}", headers=headers,
                    data={f"dataset_{failing_hvd['id']}": "on", "bulk_action.public": "public"})
    assert resp.status_code == 200
    flash = BeautifulSoup(resp.body, "html.parser").select_one(".flash-messages")
    assert flash is not None, resp.body[:2000]
    assert "Nothing was made public" in flash.get_text()
    assert 'Dataset "statii": Contact point' in flash.get_text()
    assert call_action("package_show", id=failing_hvd["id"])["private"] is True


# --- publication_override is written by the gate only --------------------------

FORGED = json.dumps({"reason": "forged", "user": "nobody", "problems": []})


@pytest.mark.parametrize("who", ["editor", "sysadmin"])
def test_a_sent_publication_override_is_dropped(ready_hvd, who):
    dataset, users = ready_hvd
    user = users["editor"]["name"] if who == "editor" else factories.Sysadmin()["name"]
    patched = call_action("package_patch", {"user": user}, id=dataset["id"], publication_override=FORGED)
    assert "publication_override" not in patched
    created = call_action("package_create", {"user": user}, name=f"nou-{who}", owner_org=dataset["owner_org"],
                          private=True, publication_override=FORGED, **COMPLETE)
    assert "publication_override" not in created
    assert "publication_override" not in call_action("package_show", id=created["id"])


@pytest.mark.parametrize("who", ["editor", "sysadmin"])
def test_the_recorded_override_cannot_be_rewritten(ready_hvd, who):
    dataset, users = ready_hvd
    sysadmin = factories.Sysadmin()
    call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"], contact=[])
    published = call_action("package_patch", {"user": sysadmin["name"]}, id=dataset["id"], private=False,
                            publication_override_reason="Hotărârea CL 12/2026")
    record = published["publication_override"]
    user = users["editor"]["name"] if who == "editor" else sysadmin["name"]
    patched = call_action("package_patch", {"user": user}, id=dataset["id"], publication_override=FORGED)
    assert patched["publication_override"] == record
    # an update that leaves the field out (e.g. the web form) keeps it too
    pkg = call_action("package_show", id=dataset["id"])
    del pkg["publication_override"]
    assert call_action("package_update", {"user": user}, **pkg)["publication_override"] == record


# --- contact point e-mail --------------------------------------------------------

@pytest.mark.parametrize("email", ["not-an-email", "parcari@", "parcari primaria@primariatm.ro"])
def test_contact_email_must_be_an_email_address(org_with_users, email):
    org, users = org_with_users
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_create", {"user": users["editor"]["name"]}, name="contact", owner_org=org["id"],
                    private=True, **dict(COMPLETE, contact=[{"name": "Serviciul Parcări", "email": email}]))
    assert "contact" in e.value.error_dict, e.value.error_dict
    ok = call_action("package_create", {"user": users["editor"]["name"]}, name="contact", owner_org=org["id"],
                     private=True, **dict(COMPLETE, contact=[{"name": "S", "email": " parcari@primariatm.ro "}]))
    assert ok["contact"][0]["email"] == "parcari@primariatm.ro"


# --- a file or schema replaced while publishing ------------------------------------

def test_a_file_replaced_while_publishing_is_not_taken_as_valid(ready_hvd):
    import io

    from werkzeug.datastructures import FileStorage

    dataset, users = ready_hvd
    pkg = call_action("package_show", id=dataset["id"])
    csv = [r for r in pkg["resources"] if r["format"] == "CSV"][0]
    csv["upload"] = FileStorage(io.BytesIO(INVALID_CSV.encode()), "parcari.csv")
    csv["url"] = "parcari.csv"
    pkg["private"] = False
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_update", {"user": users["editor"]["name"]}, **pkg)
    assert_exactly(problems_of(e), "valid")
    assert call_action("package_show", id=dataset["id"])["private"] is True


def test_a_schema_replaced_while_publishing_is_not_taken_as_valid(ready_hvd):
    dataset, users = ready_hvd
    pkg = call_action("package_show", id=dataset["id"])
    csv = [r for r in pkg["resources"] if r["format"] == "CSV"][0]
    csv["schema"] = inline({"fields": [{"name": "id", "type": "integer"}]})
    pkg["private"] = False
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_update", {"user": users["editor"]["name"]}, **pkg)
    assert_exactly(problems_of(e), "valid")
    # the same update in two steps: saved privately, validated, then refused for what it is
    pkg["private"] = True
    call_action("package_update", {"user": users["editor"]["name"]}, **pkg)
    with pytest.raises(tk.ValidationError) as e:
        call_action("package_patch", {"user": users["editor"]["name"]}, id=dataset["id"], private=False)
    assert any("(validation status: Invalid)" in p for p in problems_of(e))
