"""Races, over real parallel HTTP requests to a running ``ckan run`` server
(threaded, as the portal is served): N identical (or contradictory)
requests released at once, then exact counts and a consistent final state.

Each rule: exactly one request wins, the others get a ``ValidationError``
(HTTP 409) and never a 500; the census audit trail always ends in the
entry's current state.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

import ckan.model as model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import io as census_io
from ckanext.tmopendata.census.model import Campaign, Entry, EntryHistory
from ckanext.tmopendata.procedures.model import Procedure, ProcedureStep
from ckanext.tmopendata.progress.model import Snapshot
from tests.live import post, serve

pytestmark = [pytest.mark.live_server, pytest.mark.usefixtures("clean_db", "clean_index")]


@pytest.fixture(scope="module")
def server():
    """One threaded server for the module (each test has its own data)."""
    with serve(threaded=True) as url:
        yield url


def parallel(n: int, call: Callable[[int], Any]) -> list[Any]:
    """``call(i)`` for i < n in n threads, released at the same moment."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def _split(answers: list[tuple[int, dict]]) -> tuple[list[dict], list[dict]]:
    """Winners (200) and losers (409 ValidationError); anything else fails."""
    for status, body in answers:
        assert status in (200, 409), (status, body)
        if status == 409:
            assert body["error"]["__type"] == "Validation Error", body
    won = [body["result"] for status, body in answers if status == 200]
    lost = [body["error"] for status, body in answers if status == 409]
    return won, lost


def _fresh() -> None:
    """Forget what this process's session holds: read what the server wrote."""
    model.Session.remove()


@pytest.fixture
def institution():
    """An institution with an admin and an editor (API tokens), a sysadmin
    (coordinator of every campaign) and an open campaign it takes part in."""
    admin, editor = factories.UserWithToken(), factories.UserWithToken()
    sysadmin = factories.SysadminWithToken()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"},
                                        {"name": editor["name"], "capacity": "editor"}])
    campaign = call_action("tmopendata_census_campaign_create", {"user": sysadmin["name"]},
                           name="census-races", title="Recensământ", organizations=[org["name"]])

    class Institution:
        pass

    i = Institution()
    i.admin, i.editor, i.sysadmin, i.org, i.campaign = admin, editor, sysadmin, org, campaign

    def entry(*states: str, title: str = "Registrul spațiilor verzi") -> dict:
        created = call_action("tmopendata_census_entry_create", {"user": editor["name"]},
                              campaign_id=campaign["id"], organization=org["name"], title=title)
        for state in states:
            call_action("tmopendata_census_entry_transition", {"user": sysadmin["name"]},
                        id=created["id"], to_state=state)
        return created

    i.entry = entry
    return i


def _transitions(entry_id: str) -> list[EntryHistory]:
    return [h for h in EntryHistory.for_entry(entry_id) if h.action == "transition"]


def _consistent(entry_id: str) -> Entry:
    """The audit trail ends in the entry's state, and each transition starts
    where the previous one ended."""
    entry = model.Session.get(Entry, entry_id)
    history = EntryHistory.for_entry(entry_id)
    assert history[-1].to_state == entry.status
    moves = [h for h in history if h.action == "transition"]
    for before, after in zip(moves, moves[1:]):
        assert after.from_state == before.to_state, [(h.from_state, h.to_state) for h in moves]
    return entry


def test_twenty_identical_submissions_record_one_transition(server, institution):
    entry = institution.entry()
    answers = parallel(20, lambda i: post(
        server, "tmopendata_census_entry_transition", institution.admin["token"],
        {"id": entry["id"], "to_state": "submitted", "comment": f"call {i}"}))
    won, lost = _split(answers)
    assert len(won) == 1 and len(lost) == 19
    _fresh()
    moves = _transitions(entry["id"])
    assert [(h.from_state, h.to_state) for h in moves] == [("draft", "submitted")]
    assert moves[0].comment == won[0]["history"][-1]["comment"]
    assert _consistent(entry["id"]).status == "submitted"
    for error in lost:
        message = " ".join(m for messages in error.values() if isinstance(messages, list) for m in messages)
        assert "submitted" in message


def test_approve_and_reject_at_once_one_decision_wins(server, institution):
    """Five entries under review; for each, three approvals and three
    rejections at once: one decision per entry, the others refused with
    the state the entry is now in."""
    entries = [institution.entry("submitted", "under_review", title=f"Set {n}") for n in range(5)]
    calls = [(e["id"], "approved" if i % 2 else "rejected") for e in entries for i in range(6)]
    answers = parallel(len(calls), lambda i: post(
        server, "tmopendata_census_entry_transition", institution.sysadmin["token"],
        {"id": calls[i][0], "to_state": calls[i][1]}))
    won, lost = _split(answers)
    assert len(won) == 5 and len(lost) == 25
    assert sorted(r["id"] for r in won) == sorted(e["id"] for e in entries)
    _fresh()
    for e in entries:
        decisions = [h for h in _transitions(e["id"]) if h.from_state == "under_review"]
        assert len(decisions) == 1
        entry = _consistent(e["id"])
        assert entry.status == decisions[0].to_state
        assert entry.status == next(r["status"] for r in won if r["id"] == e["id"])
    # the losers are told the state the entry is in now
    changed = [error for error in lost if "changed meanwhile" in str(error)]
    for error in changed:
        assert "it is now" in error["status"][0]


def test_identical_imports_at_once_create_each_entry_once(server, institution):
    header = ",".join(census_io.HEADERS[f][1] for f in ("organization", "title"))
    rows = [f"{institution.org['name']},Registrul {n}" for n in range(5)]
    content = (header + "\n" + "\n".join(rows) + "\n").encode("utf-8")
    answers = parallel(10, lambda i: post(
        server, "tmopendata_census_entry_import", institution.editor["token"],
        {"campaign_id": institution.campaign["id"]},
        files={"upload": ("inventar.csv", content, "text/csv")}))
    for status, body in answers:
        assert status == 200, body
    reports = [body["result"] for _status, body in answers]
    assert sum(r["created"] for r in reports) == 5
    assert sum(r["updated"] for r in reports) == 0
    assert all(r["created"] + r["unchanged"] == 5 and not r["errors"] for r in reports)
    _fresh()
    stored = model.Session.query(Entry).filter(Entry.campaign_id == institution.campaign["id"]).all()
    assert sorted(e.title for e in stored) == [f"Registrul {n}" for n in range(5)]
    imports = model.Session.query(EntryHistory).filter(EntryHistory.action == "import").count()
    assert imports == 5


def test_import_and_submission_at_once_keep_the_trail(server, institution):
    """An import changing a draft and the draft's submission, at once: the
    import never changes a submitted entry, and the trail ends in the state."""
    entries = [institution.entry(title=f"Set {n}") for n in range(6)]
    header = ",".join(census_io.HEADERS[f][1] for f in ("organization", "title", "description"))
    content = (header + "\n" + "\n".join(
        f"{institution.org['name']},Set {n},schimbat" for n in range(6)) + "\n").encode("utf-8")

    def call(i: int):
        if i < 6:
            return post(server, "tmopendata_census_entry_transition", institution.admin["token"],
                        {"id": entries[i]["id"], "to_state": "submitted"})
        return post(server, "tmopendata_census_entry_import", institution.editor["token"],
                    {"campaign_id": institution.campaign["id"], "accept_valid": "true"},
                    files={"upload": ("inventar.csv", content, "text/csv")})

    answers = parallel(7, call)
    for status, body in answers:
        assert status in (200, 409), body
    _fresh()
    for e in entries:
        entry = _consistent(e["id"])
        history = EntryHistory.for_entry(e["id"])
        submitted_at = [n for n, h in enumerate(history) if h.to_state == "submitted"]
        imported = [n for n, h in enumerate(history) if h.action == "import"]
        if entry.data.get("description") == "schimbat":
            # changed by the import: only while it was a draft
            assert imported and (not submitted_at or imported[0] < submitted_at[0])
        else:
            assert not imported


def test_parallel_campaign_create_same_name(server, institution):
    answers = parallel(20, lambda i: post(
        server, "tmopendata_census_campaign_create", institution.sysadmin["token"],
        {"name": "census-2027", "title": f"Recensământ {i}"}))
    won, lost = _split(answers)
    assert len(won) == 1 and len(lost) == 19
    assert all(error["name"] == ["A campaign with this name already exists"] for error in lost)
    _fresh()
    assert model.Session.query(Campaign).filter(Campaign.name == "census-2027").count() == 1


def test_parallel_publication_creates_one_dataset(server, institution):
    institution.entry("submitted", "under_review", "approved")
    answers = parallel(4, lambda i: post(
        server, "tmopendata_census_publish", institution.sysadmin["token"],
        {"campaign_id": institution.campaign["id"], "owner_org": institution.org["name"]}))
    for status, body in answers:
        assert status == 200, body
    results = [body["result"] for _status, body in answers]
    assert len({r["package_id"] for r in results}) == 1
    assert sum(r["created"] for r in results) == 1
    _fresh()
    packages = model.Session.query(model.Package).filter(
        model.Package.name.like("inventar-date-%"), model.Package.state == "active").count()
    assert packages == 1


@pytest.fixture
def procedure(institution):
    dataset = factories.Dataset(owner_org=institution.org["id"], private=True)
    created = call_action("tmopendata_procedure_create", {"user": institution.editor["name"]},
                          package_id=dataset["id"])
    return dataset, created


def test_one_step_completed_by_many_callers_at_once(server, institution, procedure):
    dataset, _created = procedure
    callers = [institution.editor, institution.admin, institution.sysadmin]
    answers = parallel(12, lambda i: post(
        server, "tmopendata_procedure_step_complete", callers[i % 3]["token"],
        {"id": dataset["id"], "step": "legal_check", "evidence": f"https://example.org/aviz/{i}"}))
    won, lost = _split(answers)
    assert len(won) == 1 and len(lost) == 11
    assert all("already done" in str(error["step"]) for error in lost)
    winner = next(s for s in won[0]["steps"] if s["key"] == "legal_check")
    _fresh()
    step = model.Session.query(ProcedureStep).filter(ProcedureStep.key == "legal_check").one()
    assert step.status == "done"
    assert step.evidence == winner["evidence"]  # not overwritten by a loser
    assert model.User.get(step.completed_by).name == winner["completed_by"]


def test_complete_and_skip_at_once_one_wins(server, institution, procedure):
    dataset, _created = procedure

    def call(i: int):
        if i % 2:
            return post(server, "tmopendata_procedure_step_skip", institution.editor["token"],
                        {"id": dataset["id"], "step": "standardise", "reason": f"nu e nevoie {i}"})
        return post(server, "tmopendata_procedure_step_complete", institution.editor["token"],
                    {"id": dataset["id"], "step": "standardise", "evidence": f"dovada {i}"})

    won, lost = _split(parallel(12, call))
    assert len(won) == 1 and len(lost) == 11
    result = next(s for s in won[0]["steps"] if s["key"] == "standardise")
    _fresh()
    step = model.Session.query(ProcedureStep).filter(ProcedureStep.key == "standardise").one()
    assert (step.status, step.evidence, step.skip_reason) == (
        result["status"], result["evidence"], result["skip_reason"])


def test_parallel_procedure_create_same_dataset(server, institution):
    dataset = factories.Dataset(owner_org=institution.org["id"])
    answers = parallel(10, lambda i: post(
        server, "tmopendata_procedure_create", institution.editor["token"], {"package_id": dataset["id"]}))
    won, lost = _split(answers)
    assert len(won) == 1 and len(lost) == 9
    assert all(error["package_id"] == ["This dataset already has a procedure"] for error in lost)
    _fresh()
    assert model.Session.query(Procedure).filter(Procedure.package_id == dataset["id"]).count() == 1


def test_parallel_progress_snapshots_of_one_month(server, institution):
    answers = parallel(8, lambda i: post(server, "tmopendata_progress_snapshot", institution.sysadmin["token"]))
    for status, body in answers:
        assert status == 200, body
    assert sum(body["result"]["created"] for _status, body in answers) == 1
    _fresh()
    assert model.Session.query(Snapshot).count() == 1


def test_campaign_deleted_while_entries_are_added(server, institution):
    """A campaign deleted while entries are added to it: either the
    deletion wins (the additions are refused) or the additions do (the
    deletion is refused): never a deleted campaign with entries."""
    for round_ in range(4):
        campaign = call_action("tmopendata_census_campaign_create", {"user": institution.sysadmin["name"]},
                               name=f"census-del-{round_}", title="De șters",
                               organizations=[institution.org["name"]])

        def call(i: int, campaign_id=campaign["id"]):
            if i == 0:
                return post(server, "tmopendata_census_campaign_delete", institution.sysadmin["token"],
                            {"id": campaign_id})
            return post(server, "tmopendata_census_entry_create", institution.editor["token"],
                        {"campaign_id": campaign_id, "organization": institution.org["name"],
                         "title": f"Set {i}"})

        answers = parallel(6, call)
        for status, body in answers:
            assert status in (200, 409), body
        created = [body["result"]["id"] for status, body in answers[1:] if status == 200]
        _fresh()
        stored = model.Session.query(Entry).filter(Entry.campaign_id == campaign["id"]).count()
        if model.Session.get(Campaign, campaign["id"]) is None:
            assert answers[0][0] == 200 and stored == 0 and not created
        else:
            assert answers[0][0] == 409 and stored == len(created) > 0


def test_parallel_reminder_runs_send_each_digest_once(institution):
    """The daily job and the command line sending today's reminders at
    once: each person gets one digest (one e-mail, one line of the log)."""
    from aiosmtpd.controller import Controller

    from tests.live import free_port
    from tests.progress.conftest import Mailbox
    from ckanext.tmopendata.progress.model import Reminder

    dataset = factories.Dataset(owner_org=institution.org["id"])
    call_action("tmopendata_procedure_create", {"user": institution.editor["name"]},
                package_id=dataset["id"], started="2020-01-06",
                owners={"steward": institution.editor["name"], "admin": institution.admin["name"]})
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with serve(env={"CKAN_SMTP_SERVER": f"127.0.0.1:{port}"}) as url:
            answers = parallel(6, lambda i: post(url, "tmopendata_reminders_send", institution.sysadmin["token"]))
    finally:
        controller.stop()
    for status, body in answers:
        assert status == 200, body
    recipients = {r["email"] for r in answers[0][1]["result"]["recipients"]}
    assert {institution.editor["email"], institution.admin["email"]} <= recipients
    assert sum(body["result"]["sent"] for _status, body in answers) == len(recipients)
    for address in recipients:
        assert len(box.to(address)) == 1, address
    _fresh()
    assert model.Session.query(Reminder).filter(Reminder.status == "sent").count() == len(recipients)
