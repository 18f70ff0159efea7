"""Fixtures of the reuse plugin's tests."""
from __future__ import annotations

import os
import sys

# The shared venv's editable install maps ``ckanext.tmopendata`` to another
# checkout, and ``ckanext`` is a namespace package whose path was fixed by
# the ``*-nspkg.pth`` files before PYTHONPATH could matter: put this
# checkout's ``ckanext`` first so its code (this plugin included) is tested.
# (Loaded before the session starts when tests/reuse is on the command line.)
import ckanext

_OWN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "ckanext-tmopendata", "ckanext")
if os.path.isdir(_OWN) and _OWN not in ckanext.__path__:
    ckanext.__path__.insert(0, _OWN)
    for _name in [n for n in sys.modules if n == "ckanext.tmopendata" or n.startswith("ckanext.tmopendata.")]:
        del sys.modules[_name]

import pytest  # noqa: E402

import ckan.plugins.toolkit as tk  # noqa: E402



@pytest.fixture
def reuse_db(clean_db, migrate_db_for):
    """A clean database with the reuse plugin's tables."""
    import sqlalchemy as sa

    import ckan.model as model

    bind = model.Session.get_bind()
    if not sa.inspect(bind).has_table("tmopendata_showcase"):
        migrate_db_for("tmopendata_reuse")
    yield


def _plugins_of_test_ini() -> str:
    import configparser

    parser = configparser.RawConfigParser(strict=False)
    parser.read(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "test.ini"))
    return parser.get("app:main", "ckan.plugins")


#: The suite's plugins plus this one and CKAN's tracking plugin.
REUSE_PLUGINS = " ".join(
    [name for name in _plugins_of_test_ini().split() if name not in ("tmopendata_reuse", "tracking")]
    + ["tmopendata_reuse", "tracking"])
#: The coordinator of the tests (named in the reuse plugin's option).
COORDINATOR = "coord"


def reuse_marks():
    """Marks every reuse test module carries."""
    return [
        pytest.mark.ckan_config("ckan.plugins", REUSE_PLUGINS),
        pytest.mark.ckan_config("ckanext.tmopendata.reuse.coordinators", COORDINATOR),
        pytest.mark.usefixtures("with_plugins", "reuse_db"),
    ]


@pytest.fixture
def world(reuse_db, clean_index, world):
    """Institution A (the right one) and B (another); its people; datasets
    ``pub-a`` (public, A), ``priv-a`` (private, A), ``pub-b`` (public, B).
    Built once per worker and restored for the next tests (the ``world``
    fixture of ``tests/conftest.py``)."""
    return world("reuse", _build_world)


def _build_world() -> dict:
    from ckan.tests import factories

    people = {name: factories.User(name=name, email=f"{name}@example.org")
              for name in ("registered", "proposer", "editor_a", "admin_a", "editor_b", "admin_b",
                           COORDINATOR)}
    people["sysadmin"] = factories.Sysadmin(name="root", email="root@example.org")
    org_a = factories.Organization(name="inst-a", title="Instituția A", users=[
        {"name": "admin_a", "capacity": "admin"}, {"name": "editor_a", "capacity": "editor"}])
    org_b = factories.Organization(name="inst-b", title="Instituția B", users=[
        {"name": "admin_b", "capacity": "admin"}, {"name": "editor_b", "capacity": "editor"}])
    datasets = {
        "pub-a": factories.Dataset(name="pub-a", title="Public A", owner_org=org_a["id"]),
        "priv-a": factories.Dataset(name="priv-a", title="Private A", owner_org=org_a["id"], private=True),
        "pub-b": factories.Dataset(name="pub-b", title="Public B", owner_org=org_b["id"]),
    }
    return {"people": people, "orgs": {"a": org_a, "b": org_b}, "datasets": datasets}


def act(user: str | None, action: str, **data):
    """Call ``action`` as ``user`` (``None``: anonymous), with auth."""
    return tk.get_action(action)({"user": user or "", "ignore_auth": False}, data)


def showcase_data(**extra):
    data = {"title": "Harta stațiilor", "url": "https://example.org/app", "author": "Code for TM",
            "kind": "application", "datasets": ["pub-a"], "description": "O aplicație."}
    data.update(extra)
    return data
