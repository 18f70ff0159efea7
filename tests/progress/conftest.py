"""Fixtures of the progress tests: a small portal with a known content, and
a real SMTP server (aiosmtpd) on the port of ``smtp.test_server``."""
from __future__ import annotations

import email
import email.policy
import io

import pytest
from freezegun import freeze_time
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import FREQUENCY_PREFIX, HVD_REGULATION_ELI
from tests.hvd.conftest import VALID_CSV, inline

MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
#: When the fixture's data last changed, and "today" of most tests.
CREATED = "2026-01-10 09:00:00"
TODAY = "2026-03-02 08:00:00"


def hvd_fields(frequency: str, **extra):
    fields = {
        "type": "hvd", "notes": "x", "license_id": "cc-by",
        "hvd_category": [MOBILITY], "applicable_legislation": [HVD_REGULATION_ELI],
        "update_frequency": FREQUENCY_PREFIX + frequency, "priority_theme": "transport",
    }
    fields.update(extra)
    return fields


def upload(user, package_id, data, **fields):
    fields.setdefault("format", "CSV")
    fields.setdefault("name", "data.csv")
    return call_action(
        "resource_create", {"user": user["name"]}, package_id=package_id, url="data.csv",
        upload=FileStorage(io.BytesIO(data.encode("utf-8")), "data.csv", content_type="text/csv"),
        **fields,
    )


@pytest.fixture
def portal(clean_db, clean_index, world):
    """Two institutions; data created on 10 January 2026:

    - ``parcari`` (A): public HVD, MONTHLY, valid CSV with a schema + API:
      standardised; due 10 February -> overdue on 2 March (grace 7 days).
    - ``statii`` (A): public HVD (published by override), ANNUAL, CSV without
      schema, not validated: due 10 January 2027, up to date.
    - ``ciorna`` (A): private HVD, WEEKLY: overdue, seen by A's members only.
    - ``buget`` (B): public HVD (override), IRREG: listed, never overdue.
    - ``harta`` (B): public ordinary dataset, no frequency.

    Built once per worker, then restored (see ``world`` in
    tests/conftest.py).
    """
    def build():
        users = {name: factories.User(name=name, email=f"{name}@example.org", fullname=name.title())
                 for name in ("admin_a", "editor_a", "admin_b", "editor_b", "outsider")}
        sysadmin = factories.Sysadmin(name="root", email="root@example.org")
        with freeze_time(CREATED):
            org_a = factories.Organization(name="directia-mobilitate", title="Direcția Mobilitate", users=[
                {"name": "admin_a", "capacity": "admin"}, {"name": "editor_a", "capacity": "editor"}])
            org_b = factories.Organization(name="directia-economica", title="Direcția Economică", users=[
                {"name": "admin_b", "capacity": "admin"}, {"name": "editor_b", "capacity": "editor"}])
            parcari = call_action("package_create", ed(), name="parcari", title="Parcări", owner_org=org_a["id"],
                                  private=True, contact=[{"name": "Serviciul Parcări", "email": "parcari@primariatm.ro"}],
                                  **hvd_fields("MONTHLY"))
            upload(users["editor_a"], parcari["id"], VALID_CSV, schema=inline())
            call_action("resource_create", ed(), package_id=parcari["id"], name="API", format="API",
                        url="https://api.primariatm.ro/parcari",
                        access_services=[{"endpoint_url": "https://api.primariatm.ro/parcari",
                                          "endpoint_description": "https://api.primariatm.ro/docs"}])
            call_action("package_patch", ed(), id=parcari["id"], private=False)
            statii = call_action("package_create", ed(), name="statii", title="Stații", owner_org=org_a["id"],
                                 private=True, contact=[{"name": "Transport", "email": "transport@primariatm.ro"}],
                                 **hvd_fields("ANNUAL"))
            call_action("resource_create", {"user": "editor_a", "tmopendata_skip_validation": True}, package_id=statii["id"],
                        name="Stații CSV", format="CSV", url="https://example.org/statii.csv")
            call_action("package_patch", root(), id=statii["id"], private=False,
                        publication_override_reason="test: published without a standard")
            call_action("package_create", ed(), name="ciorna", title="Ciornă", owner_org=org_a["id"],
                        private=True, contact=[{"name": "Ciornă", "email": "ciorna@primariatm.ro"}],
                        resources=[{"name": "Pagina", "format": "HTML", "url": "https://example.org/ciorna"}],
                        **hvd_fields("WEEKLY"))
            buget = call_action("package_create", {"user": "admin_b"}, name="buget", title="Buget",
                                owner_org=org_b["id"], private=True,
                                contact=[{"name": "Buget", "email": "buget@primariatm.ro"}], **hvd_fields("IRREG"))
            call_action("package_patch", root(), id=buget["id"], private=False, publication_override_reason="test")
            call_action("package_create", {"user": "admin_b"}, name="harta", title="Hartă", owner_org=org_b["id"],
                        private=False, notes="Harta orașului")
        return {"users": users, "sysadmin": sysadmin, "org_a": org_a, "org_b": org_b}

    return world("progress_portal", build)


def ed():
    """A fresh context each call (CKAN keeps the saved dataset in the context)."""
    return {"user": "editor_a"}


def root():
    return {"user": "root"}


class Mailbox:
    """Messages received by the local SMTP server."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    @staticmethod
    def body(message) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content()


@pytest.fixture(autouse=True)
def smtp_server(ckan_config, monkeypatch):
    """CKAN 2.11's mailer sends to ``smtp.server``: point it at the port of
    ``smtp.test_server`` (one per xdist worker), where tests listen."""
    monkeypatch.setitem(ckan_config, "smtp.server", tk.config.get("smtp.test_server"))


@pytest.fixture
def mailbox(smtp_server):
    """A real SMTP server on ``smtp.test_server`` (CKAN's mailer sends there)."""
    from aiosmtpd.controller import Controller

    host, _, port = tk.config.get("smtp.test_server").partition(":")
    box = Mailbox()
    box.server = f"{host}:{port}"
    controller = Controller(box, hostname=host, port=int(port))
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
