"""lib/validated_copies.py: the copy of a linked file its validation kept
(one per resource, found only under the report that validated it, pruned
when old)."""
from __future__ import annotations

import os
import time
import uuid

import pytest

from ckanext.tmopendata.lib import validated_copies


@pytest.fixture
def storage(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    return tmp_path


def _temporary(tmp_path, text):
    path = tmp_path / f"download-{uuid.uuid4().hex}.csv"
    path.write_text(text)
    return str(path)


def test_a_copy_is_found_only_under_its_report_and_a_newer_one_replaces_it(storage):
    resource, first, second = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    assert validated_copies.keep(resource, first, _temporary(storage, "a\n1\n"))
    kept = validated_copies.find(resource, first)
    assert kept and kept.startswith(str(storage)) and kept.endswith(".csv")
    assert open(kept).read() == "a\n1\n"
    assert validated_copies.find(resource, second) is None
    assert validated_copies.find(resource, None) is None
    assert validated_copies.keep(resource, second, _temporary(storage, "a\n2\n"))
    assert validated_copies.find(resource, first) is None
    assert open(validated_copies.find(resource, second)).read() == "a\n2\n"
    validated_copies.discard(resource, first)  # not that report's: stays
    assert validated_copies.find(resource, second)
    validated_copies.discard(resource, second)
    assert validated_copies.find(resource, second) is None


def test_names_that_are_not_ids_are_refused(storage):
    path = _temporary(storage, "a\n")
    assert not validated_copies.keep("../etc", str(uuid.uuid4()), path)
    assert not validated_copies.keep(str(uuid.uuid4()), "x/y", path)
    assert validated_copies.find("../etc", "x") is None


def test_old_copies_are_pruned(storage):
    resource, report = str(uuid.uuid4()), str(uuid.uuid4())
    assert validated_copies.keep(resource, report, _temporary(storage, "a\n1\n"))
    old = time.time() - validated_copies.MAX_AGE - 10
    os.utime(validated_copies.find(resource, report), (old, old))
    # any later keep prunes what is older than MAX_AGE
    assert validated_copies.keep(str(uuid.uuid4()), str(uuid.uuid4()), _temporary(storage, "b\n"))
    assert validated_copies.find(resource, report) is None
