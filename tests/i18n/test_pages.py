"""The suite's pages speak one language each: a Romanian page shows none of
the English strings of ``tests/i18n/leaks.py`` (nor raw codes, nor
machine timestamps), an English page none of its Romanian strings.

The main pages of every plugin are rendered with the real application (home,
dataset search and page, dataset and HVD forms, resource and validation
report, data standards, census index, dashboard, entries, entry, review,
inventory and methodology, procedures overview and dataset procedure,
progress, login and registration), logged in as a sysadmin (who sees every
button and form) and anonymously.

``TMOPENDATA_I18N_REPORT=<file>`` also writes every message looked up while
rendering the Romanian pages that has no Romanian translation (a tool to
find the next strings to translate).
"""
from __future__ import annotations

import html.parser
import os
import re

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.i18n import leaks
from tests.progress.conftest import portal  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("with_plugins")

#: Attributes whose text people read (or hear).
READ_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")


class _Text(html.parser.HTMLParser):
    """Visible text of a page: text nodes outside script/style, and the
    attributes people read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input":
            attrs_d = dict(attrs)
            if attrs_d.get("type") in ("submit", "button") and attrs_d.get("value"):
                self.parts.append(attrs_d["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(body: str) -> str:
    parser = _Text()
    parser.feed(body)
    return "\n".join(parser.parts)


def _found(text: str, phrase: str) -> bool:
    """``phrase`` as a whole phrase of ``text`` (not inside a longer word)."""
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text) is not None


def leaks_of(text: str, phrases) -> list[str]:
    return sorted({p for p in phrases if _found(text, p)})


@pytest.fixture
def suite_portal(portal):
    """The progress fixture's portal, plus a census campaign with entries in
    several states, a procedure with a completed and a skipped step, and a
    validated resource."""
    root = {"user": "root"}
    sysadmin = portal["sysadmin"]
    # Fixed texts instead of the factories' random English sentences (which
    # may hold a listed word, e.g. "success").
    for org in (portal["org_a"], portal["org_b"]):
        call_action("organization_patch", root, id=org["id"], description="Instituție a orașului")
    for name in [*portal["users"], "root"]:
        call_action("user_patch", root, id=name, about="", fullname=name)
    campaign = call_action("tmopendata_census_campaign_create", root, name="census-2026",
                           title="TM 2026",
                           organizations=[portal["org_a"]["name"], portal["org_b"]["name"]])
    entries = []
    for title, states in (
        ("Registrul parcărilor", ("submitted", "under_review", "approved")),
        ("Registrul autorizațiilor", ("submitted", "under_review")),
        ("Lista spațiilor verzi", ("submitted",)),
        ("Lista școlilor", ()),
    ):
        entry = call_action("tmopendata_census_entry_create", root, campaign_id=campaign["id"],
                            title=title, organization=portal["org_a"]["name"],
                            description="Descriere")
        for state in states:
            call_action("tmopendata_census_entry_transition", root, id=entry["id"], to_state=state,
                        comment="ok")
        entries.append(entry)
    procedure = call_action("tmopendata_procedure_create", root, package_id="parcari",
                            census_entry_id=entries[0]["id"])
    call_action("tmopendata_procedure_step_skip", root, id=procedure["id"], step="legal_check",
                reason="fără date personale")
    parcari = call_action("package_show", id="parcari")
    resource = next(r for r in parcari["resources"] if r["format"] == "CSV")
    token = factories.APIToken(user=sysadmin["name"])["token"]
    return {
        "campaign": campaign, "entries": entries, "resource": resource,
        "headers": {"Authorization": token},
    }


def pages(s) -> list[tuple[str, bool]]:
    """(path, logged in as sysadmin) of the pages checked."""
    c = s["campaign"]["name"]
    entry = s["entries"][0]["id"]
    res = s["resource"]["id"]
    return [
        ("/", False),
        ("/", True),
        ("/dataset/", False),
        ("/dataset/parcari", False),
        ("/dataset/parcari", True),
        ("/dataset/new", True),
        ("/hvd/new", True),
        ("/dataset/edit/parcari", True),
        (f"/dataset/parcari/resource/{res}", False),
        (f"/dataset/parcari/resource/{res}/validation", False),
        (f"/dataset/parcari/resource/{res}/validation", True),
        ("/tmopendata/schemas", False),
        ("/census", True),
        (f"/census/{c}", True),
        (f"/census/{c}/entries", True),
        (f"/census/entry/{entry}", True),
        (f"/census/entry/{s['entries'][1]['id']}", True),
        (f"/census/{c}/review", True),
        (f"/census/{c}/new", True),
        (f"/census/{c}/import", True),
        (f"/census/{c}/inventory", True),
        ("/census/methodology", False),
        ("/tmopendata/procedures", True),
        ("/dataset/parcari/procedure", True),
        ("/dataset/parcari/procedure", False),
        ("/tmopendata/progress", False),
        ("/dataset/?q=parc&sort=score+desc", False),
        ("/organization/", False),
        ("/organization/directia-mobilitate", False),
        ("/organization/directia-mobilitate", True),
        ("/group/", False),
        ("/about", False),
        ("/user/root", True),
        ("/dashboard/datasets", True),
        ("/dataset/parcari/resource/new", True),
        ("/user/login", False),
        ("/user/register", False),
    ]


class _Untranslated:
    """Records messages looked up without a translation (report mode)."""

    def __init__(self, monkeypatch) -> None:
        from babel import support

        self.missing: set[str] = set()
        self.active = False
        original = support.Translations.ugettext

        def ugettext(this, message):
            if self.active and message not in this._catalog:
                self.missing.add(message)
            return original(this, message)

        monkeypatch.setattr(support.Translations, "ugettext", ugettext)
        monkeypatch.setattr(support.Translations, "gettext", ugettext)


def test_pages_speak_one_language(app, suite_portal, monkeypatch):
    report = os.environ.get("TMOPENDATA_I18N_REPORT")
    recorder = _Untranslated(monkeypatch) if report else None
    problems: list[str] = []
    for path, logged_in in pages(suite_portal):
        headers = suite_portal["headers"] if logged_in else {}
        who = "sysadmin" if logged_in else "anonymous"
        for lang in ("ro", "en"):
            url = ("/ro" + path) if lang == "ro" else ("/en" + path)
            if recorder is not None:
                recorder.active = lang == "ro"
            resp = app.get(url, headers=headers)
            assert resp.status_code == 200, (url, who, resp.status_code)
            text = visible_text(resp.body)
            if report:
                with open(f"{report}.{lang}{path.replace('/', '_')}{'_admin' if logged_in else ''}.txt", "w",
                          encoding="utf-8") as f:
                    f.write(text)
            if lang == "ro":
                found = leaks_of(text, leaks.ENGLISH)
                found += list(leaks_of(text, leaks.RAW_CODES))
            else:
                found = leaks_of(text, leaks.ROMANIAN)
                found += list(leaks_of(text, leaks.RAW_CODES_EN))
            found += sorted(set(leaks.MACHINE_TIMESTAMP.findall(text)))
            if found:
                problems.append(f"{url} ({who}): {found}")
    if recorder is not None:
        with open(report, "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(recorder.missing)))
    assert not problems, "\n".join(problems)


def test_leak_checker_bites():
    """The checker finds a listed phrase in visible text, not inside longer
    words, and not in scripts."""
    page = ('<html><body><p>Explore <b>finished</b></p><input placeholder="Search datasets...">'
            "<script>var x = 'Finish';</script><p>2026-03-02T08:00:00.123456</p></body></html>")
    text = visible_text(page)
    assert leaks_of(text, ["Explore", "Finish", "Search datasets..."]) == ["Explore", "Search datasets..."]
    assert leaks.MACHINE_TIMESTAMP.findall(text) == ["2026-03-02T08:00:00.123456"]
