"""Showcases: who proposes, who approves, who sees what (role matrix), and
bad input, through the real actions, database and search index."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from tests.reuse.conftest import COORDINATOR, act, reuse_marks, showcase_data

pytestmark = reuse_marks()

#: Every role of the matrix: (name, user name or None for anonymous).
ROLES = [
    ("anonymous", None), ("registered", "registered"), ("editor_b", "editor_b"),
    ("admin_b", "admin_b"), ("editor_a", "editor_a"), ("admin_a", "admin_a"),
    ("coordinator", COORDINATOR), ("sysadmin", "root"),
]


def _pending(world, **extra):
    return act("proposer", "tmopendata_showcase_create", **showcase_data(**extra))


def test_anonymous_cannot_propose(world):
    with pytest.raises(tk.NotAuthorized):
        act(None, "tmopendata_showcase_create", **showcase_data())


@pytest.mark.parametrize("role,user", ROLES[1:])
def test_anyone_registered_may_propose_and_it_starts_pending(world, role, user):
    showcase = act(user, "tmopendata_showcase_create", **showcase_data(title=f"By {role}"))
    assert showcase["state"] == "pending"
    assert [d["name"] for d in showcase["datasets"]] == ["pub-a"]


#: Who may see a pending showcase of dataset pub-a (proposed by "proposer")
#: and who may approve it.
SEE = {"anonymous": False, "registered": False, "editor_b": False, "admin_b": False,
       "editor_a": False, "admin_a": True, "coordinator": True, "sysadmin": True}


@pytest.mark.parametrize("role,user", ROLES)
def test_pending_showcase_is_invisible_except_to_proposer_and_reviewers(world, role, user):
    showcase = _pending(world)
    listed = act(user, "tmopendata_showcase_list", state="all")["results"]
    public = act(user, "tmopendata_showcase_list")["results"]
    assert public == []  # the default list holds approved showcases only
    by_dataset = act(user, "tmopendata_showcase_list", package_id="pub-a")["results"]
    assert by_dataset == []
    found = act(user, "tmopendata_showcase_list", q="stațiilor", state="all")["results"]
    if SEE[role]:
        assert act(user, "tmopendata_showcase_show", id=showcase["id"])["id"] == showcase["id"]
        assert [s["id"] for s in listed] == [showcase["id"]]
        assert [s["id"] for s in found] == [showcase["id"]]
    else:
        with pytest.raises(tk.ObjectNotFound):
            act(user, "tmopendata_showcase_show", id=showcase["id"])
        assert listed == [] and found == []
    # the proposer always sees their own
    assert act("proposer", "tmopendata_showcase_show", id=showcase["id"])["state"] == "pending"


@pytest.mark.parametrize("role,user", ROLES)
def test_who_may_approve(world, role, user):
    showcase = _pending(world)
    if SEE[role]:
        approved = act(user, "tmopendata_showcase_review", id=showcase["id"], decision="approve")
        assert approved["state"] == "approved"
        assert [s["id"] for s in act(None, "tmopendata_showcase_list")["results"]] == [showcase["id"]]
    else:
        # those who may not see it are told it does not exist
        with pytest.raises(tk.ObjectNotFound):
            act(user, "tmopendata_showcase_review", id=showcase["id"], decision="approve")
        assert act(None, "tmopendata_showcase_list")["count"] == 0


def test_proposer_cannot_approve_own_showcase(world):
    showcase = _pending(world)
    with pytest.raises(tk.NotAuthorized):
        act("proposer", "tmopendata_showcase_review", id=showcase["id"], decision="approve")
    assert act("proposer", "tmopendata_showcase_show", id=showcase["id"])["state"] == "pending"


def test_admin_of_any_institution_whose_dataset_it_uses_may_approve(world):
    showcase = _pending(world, datasets=["pub-a", "pub-b"])
    assert act("admin_b", "tmopendata_showcase_review", id=showcase["id"],
               decision="approve")["state"] == "approved"


def test_approved_showcase_is_public_everywhere(world, app):
    showcase = _pending(world)
    act("admin_a", "tmopendata_showcase_review", id=showcase["id"], decision="approve")
    assert act(None, "tmopendata_showcase_show", id=showcase["id"])["title"] == "Harta stațiilor"
    assert act(None, "tmopendata_showcase_list", package_id="pub-a")["count"] == 1
    assert act(None, "tmopendata_showcase_list", organization="inst-a")["count"] == 1
    assert act(None, "tmopendata_showcase_list", organization="inst-b")["count"] == 0
    # on the dataset page ("Used by"), the list page and its own page
    assert "Harta stațiilor" in app.get("/dataset/pub-a").body
    assert "Harta stațiilor" not in app.get("/dataset/pub-b").body
    assert "Harta stațiilor" in app.get("/reuse").body
    assert "Harta stațiilor" in app.get("/reuse?organization=inst-a").body
    assert "Harta stațiilor" not in app.get("/reuse?organization=inst-b").body
    assert "Harta stațiilor" in app.get(f"/reuse/{showcase['id']}").body


def test_pending_showcase_is_not_on_the_pages(world, app):
    showcase = _pending(world)
    assert "Harta stațiilor" not in app.get("/dataset/pub-a").body
    assert "Harta stațiilor" not in app.get("/reuse").body
    assert app.get(f"/reuse/{showcase['id']}", status=404)


def test_rejected_showcase_stays_invisible(world):
    showcase = _pending(world)
    act(COORDINATOR, "tmopendata_showcase_review", id=showcase["id"], decision="reject", note="spam")
    assert act(None, "tmopendata_showcase_list", state="all")["count"] == 0
    with pytest.raises(tk.ObjectNotFound):
        act("registered", "tmopendata_showcase_show", id=showcase["id"])
    mine = act("proposer", "tmopendata_showcase_show", id=showcase["id"])
    assert mine["state"] == "rejected" and mine["review_note"] == "spam"


@pytest.mark.parametrize("user", ["registered", "editor_b", "admin_b", "proposer"])
def test_cannot_link_a_private_dataset_one_may_not_see(world, user):
    with pytest.raises(tk.ValidationError) as e:
        act(user, "tmopendata_showcase_create", **showcase_data(datasets=["priv-a"]))
    # told exactly what a missing dataset would be told
    with pytest.raises(tk.ValidationError) as missing:
        act(user, "tmopendata_showcase_create", **showcase_data(datasets=["priv-b"]))
    assert str(e.value.error_dict["datasets"]).replace("priv-a", "X") == \
        str(missing.value.error_dict["datasets"]).replace("priv-b", "X")
    assert act(COORDINATOR, "tmopendata_showcase_list", state="all")["count"] == 0


def test_private_dataset_of_an_approved_showcase_is_hidden_from_outsiders(world):
    showcase = act("editor_a", "tmopendata_showcase_create", **showcase_data(datasets=["pub-a", "priv-a"]))
    act("admin_a", "tmopendata_showcase_review", id=showcase["id"], decision="approve")
    assert [d["name"] for d in act(None, "tmopendata_showcase_show", id=showcase["id"])["datasets"]] == ["pub-a"]
    assert sorted(d["name"] for d in act("admin_a", "tmopendata_showcase_show", id=showcase["id"])["datasets"]) == \
        ["priv-a", "pub-a"]
    with pytest.raises(tk.ValidationError):
        act(None, "tmopendata_showcase_list", package_id="priv-a")


def test_delete(world):
    showcase = _pending(world)
    with pytest.raises(tk.ObjectNotFound):
        act("registered", "tmopendata_showcase_delete", id=showcase["id"])
    act("admin_a", "tmopendata_showcase_review", id=showcase["id"], decision="approve")
    with pytest.raises(tk.NotAuthorized):  # the proposer, once it is approved
        act("proposer", "tmopendata_showcase_delete", id=showcase["id"])
    with pytest.raises(tk.NotAuthorized):
        act("editor_a", "tmopendata_showcase_delete", id=showcase["id"])
    act("admin_a", "tmopendata_showcase_delete", id=showcase["id"])
    assert act(COORDINATOR, "tmopendata_showcase_list", state="all")["count"] == 0
    own = _pending(world)
    act("proposer", "tmopendata_showcase_delete", id=own["id"])
    with pytest.raises(tk.ObjectNotFound):
        act(COORDINATOR, "tmopendata_showcase_show", id=own["id"])


#: Bad values of each field (one world for all: each case is independent).
BAD_INPUT = [
    ("title", ""), ("title", "   "), ("title", ["x"]), ("title", "x" * 501),
    ("url", "javascript:alert(1)"), ("url", "ftp://example.org"), ("url", "https://"), ("url", 5),
    ("image_url", "data:image/png;base64,xx"), ("kind", "spam"), ("kind", {"a": 1}),
    ("date", "2026-13-01"), ("date", "yesterday"), ("datasets", []), ("datasets", ""),
    ("datasets", {"id": "pub-a"}), ("datasets", [f"d{i}" for i in range(51)]),
    ("datasets", ["x" * 201]), ("author", None),
]


def test_bad_input_is_a_validation_error(world):
    for field, value in BAD_INPUT:
        with pytest.raises(tk.ValidationError) as e:
            act("proposer", "tmopendata_showcase_create", **showcase_data(**{field: value}))
        assert field in e.value.error_dict, (field, value)
    assert act(COORDINATOR, "tmopendata_showcase_list", state="all")["count"] == 0


def test_bad_references_and_filters(world):
    for data in [{"id": ""}, {"id": ["x"]}, {"id": "x" * 5000}, {"id": "missing"}]:
        with pytest.raises((tk.ValidationError, tk.ObjectNotFound)):
            act(COORDINATOR, "tmopendata_showcase_show", **data)
        with pytest.raises((tk.ValidationError, tk.ObjectNotFound)):
            act(COORDINATOR, "tmopendata_showcase_review", decision="approve", **data)
        with pytest.raises((tk.ValidationError, tk.ObjectNotFound)):
            act(COORDINATOR, "tmopendata_showcase_delete", **data)
    showcase = _pending(world)
    for decision in ["", "maybe", ["approve"]]:
        with pytest.raises(tk.ValidationError):
            act(COORDINATOR, "tmopendata_showcase_review", id=showcase["id"], decision=decision)
    for data in [{"state": "everything"}, {"limit": -1}, {"limit": 10 ** 6}, {"offset": "x"},
                 {"organization": "no-such"}, {"package_id": "no-such"}, {"kind": "x"}, {"q": "x" * 501}]:
        with pytest.raises(tk.ValidationError):
            act(None, "tmopendata_showcase_list", **data)


def test_pages_answer_bad_input_without_server_errors(world, app):
    headers = {"Authorization": tk.get_action("api_token_create")(
        {"ignore_auth": True, "user": "proposer"}, {"user": "proposer", "name": "t"})["token"]}
    for path in ["/reuse/" + "x" * 3000, "/reuse/missing", "/reuse?limit=x&organization=nope",
                 "/reuse?kind=%00", "/reuse/partnerships"]:
        assert app.get(path, headers=headers).status_code in (200, 400, 404), path
    assert app.get("/reuse/new", follow_redirects=False).status_code == 302  # anonymous: log in
    page = app.get("/reuse/new?dataset=pub-a", headers=headers)
    assert 'value="pub-a"' in page.body


def _token(user: str) -> dict[str, str]:
    token = tk.get_action("api_token_create")({"ignore_auth": True, "user": user}, {"user": user, "name": "t"})
    return {"Authorization": token["token"]}


def test_web_journey_propose_then_approve(world, app):
    proposer, admin = _token("proposer"), _token("admin_a")
    form = {"title": "Harta parcărilor", "url": "javascript:x", "author": "Eu", "kind": "application",
            "datasets": "pub-a, priv-a"}
    page = app.post("/reuse/new", headers=proposer, data=form)
    assert page.status_code == 200
    assert "tmopendata-reuse-errors" in page.body and 'value="Harta parcărilor"' in page.body
    assert "Private A" not in page.body
    form["url"] = "https://example.org/parcari"
    form["datasets"] = "pub-a"
    done = app.post("/reuse/new", headers=proposer, data=form, follow_redirects=False)
    assert done.status_code == 302
    showcase_id = done.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert "Harta parcărilor" not in app.get("/dataset/pub-a").body
    # the admin of A sees it awaiting review, with the approve button
    listing = app.get("/reuse", headers=admin).body
    assert "tmopendata-reuse-pending" in listing and "Harta parcărilor" in listing
    assert 'value="approve"' in app.get(f"/reuse/{showcase_id}", headers=admin).body
    # an editor of A and the admin of B are refused (not found: they may not see it)
    assert app.post(f"/reuse/{showcase_id}/review", headers=_token("editor_a"),
                    data={"decision": "approve"}).status_code == 404
    assert app.post(f"/reuse/{showcase_id}/review", headers=_token("admin_b"),
                    data={"decision": "approve"}).status_code == 404
    assert app.post(f"/reuse/{showcase_id}/review", headers=admin, data={"decision": "approve"},
                    follow_redirects=False).status_code == 302
    assert "Harta parcărilor" in app.get("/dataset/pub-a").body
    assert "Harta parcărilor" in app.get("/ro/reuse").body
