"""Reminder digests: who gets which overdue datasets and late procedure
steps, the text of the e-mail, and sending it with CKAN's mailer."""
from __future__ import annotations

import dataclasses
from typing import Any, Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from ckanext.tmopendata.lib.i18n import GENERATED_LANGUAGES, translate


@dataclasses.dataclass
class Digest:
    """Everything one person gets today."""

    email: str
    name: str = ""
    user_name: Optional[str] = None
    items: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def add(self, item: dict[str, Any]) -> None:
        if item not in self.items:
            self.items.append(item)

    def subject(self) -> str:
        return tk.config.get("ckanext.tmopendata.progress.reminder_subject")

    def body(self) -> str:
        """The digest in every language of the portal's generated texts
        (Romanian first, then English): a job writes it, not a visitor, so
        no one's page language applies."""
        return "\n-----\n\n".join(self._body(lang) for lang in GENERATED_LANGUAGES)

    def _body(self, lang: str) -> str:
        def _(message: str) -> str:
            return translate(message, lang)

        site = (tk.config.get("ckan.site_url") or "").rstrip("/")
        lines = [_("Hello {name},").format(name=self.name or self.email), ""]
        datasets = [i for i in self.items if i["kind"] == "dataset"]
        steps = [i for i in self.items if i["kind"] == "step"]
        quarantined = [i for i in self.items if i["kind"] == "quarantine"]
        if quarantined:
            lines.append(tk._("Public datasets with files that failed validation:"))
            for i in quarantined:
                lines.append(tk._("- {title} ({institution}): {files} - {url}").format(
                    title=i["title"], institution=i["organization_title"] or "-",
                    files=", ".join(i["files"]), url=f"{site}/dataset/{i['package_name']}"))
            lines.append("")
        if datasets:
            lines.append(_("Datasets whose update is overdue:"))
            for i in datasets:
                lines.append(_(
                    "- {title} ({institution}): update due {due}, {days} days late - {url}"
                ).format(title=i["title"], institution=i["organization_title"] or "-",
                         due=i["due"], days=i["days_late"], url=f"{site}/dataset/{i['package_name']}"))
            lines.append("")
        if steps:
            lines.append(_("Publication procedure steps past their due date:"))
            for i in steps:
                step_title = (i.get("step_titles") or {}).get(lang) or i["step_title"] or i["step"]
                lines.append(_(
                    "- {title}: step \"{step}\" due {due}, {days} days late - {url}"
                ).format(title=i["title"], step=step_title, due=i["due"],
                         days=i["days_late"], url=f"{site}/dataset/{i['package_name']}/procedure"))
            lines.append("")
        lines.append(_("Overview: {url}").format(url=f"{site}/tmopendata/progress"))
        lines.append(_("You get at most one such message a day."))
        return "\n".join(lines) + "\n"


def _org_admins(org_id: Optional[str], cache: dict[str, list[model.User]]) -> list[model.User]:
    if not org_id:
        return []
    if org_id not in cache:
        cache[org_id] = (
            model.Session.query(model.User)
            .join(model.Member, model.Member.table_id == model.User.id)
            .filter(
                model.Member.group_id == org_id,
                model.Member.table_name == "user",
                model.Member.capacity == "admin",
                model.Member.state == "active",
                model.User.state == "active",
            )
            .order_by(model.User.name)
            .all()
        )
    return cache[org_id]


def _may_own(user: model.User, org_id: Optional[str]) -> bool:
    """Step reminders name the dataset (even a private one): only owners
    still members of its organisation (or sysadmins) get them (an owner may
    have left the organisation since the step was given to them)."""
    if user.sysadmin:
        return True
    return bool(org_id) and bool(authz.users_role_for_group_or_org(org_id, user.name))


def build_digests(datasets: list[dict[str, Any]], steps: list[dict[str, Any]],
                  quarantined: Optional[list[dict[str, Any]]] = None) -> list[Digest]:
    """One digest per e-mail address: overdue ``datasets`` (from
    ``tmopendata_overdue_list``) go to their maintainers and their
    institution's admins; late procedure ``steps`` to the step's owner (while
    a member of the dataset's organisation) and the institution's admins;
    public datasets with failing files (``quarantined``, from
    ``tmopendata_quarantine_list``) to their institution's admins. People
    without an e-mail address are left out."""
    digests: dict[str, Digest] = {}
    admins: dict[str, list[model.User]] = {}

    def to(email: Optional[str], item: dict[str, Any], name: str = "", user_name: Optional[str] = None):
        email = (email or "").strip()
        if not email or "@" not in email:
            return
        digest = digests.setdefault(email.lower(), Digest(email=email.lower()))
        digest.name = digest.name or name
        digest.user_name = digest.user_name or user_name
        digest.add(item)

    for d in datasets:
        item = {"kind": "dataset", "package_id": d["id"], "package_name": d["name"],
                "title": d["title"], "organization_title": d.get("organization_title"),
                "due": d["next_update_due"], "days_late": d["days_overdue"]}
        for person in d.get("maintainers") or []:
            to(person["email"], item, person.get("name") or "")
        for user in _org_admins(d.get("organization_id"), admins):
            to(user.email, item, user.fullname or user.name, user.name)
    for s in steps:
        item = {"kind": "step", "package_id": s["package_id"], "package_name": s["package_name"],
                "title": s["package_title"], "organization_title": s.get("organization_title"),
                "step": s["step"], "step_title": s.get("title"),
                "step_titles": {"ro": s.get("title_ro"), "en": s.get("title_en")}, "due": s["due"],
                "days_late": s["days_late"]}
        owner = model.User.by_name(s["owner"]) if s.get("owner") else None
        if owner is not None and owner.state == "active" and _may_own(owner, s.get("organization_id")):
            to(owner.email, item, owner.fullname or owner.name, owner.name)
        for user in _org_admins(s.get("organization_id"), admins):
            to(user.email, item, user.fullname or user.name, user.name)
    for q in quarantined or []:
        item = {"kind": "quarantine", "package_id": q["id"], "package_name": q["name"],
                "title": q["title"], "organization_title": q.get("organization_title"),
                "files": [r["name"] + (" (" + tk._("withheld") + ")" if r["withheld"] else "")
                          for r in q["resources"]]}
        for user in _org_admins(q.get("organization_id"), admins):
            to(user.email, item, user.fullname or user.name, user.name)
    return sorted(digests.values(), key=lambda g: g.email)


def send(digest: Digest) -> None:
    """Send one digest with CKAN's mailer (raises ``MailerException``)."""
    mailer.mail_recipient(digest.name or digest.email, digest.email, digest.subject(), digest.body())
