"""The tests run THIS checkout's code (not another checkout the shared
virtualenv's editable install points at), in pytest and in the servers and
commands it starts (scripts/test.sh, scripts/pyboot/sitecustomize.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import ckanext.tmopendata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "ckanext-tmopendata", "ckanext", "tmopendata")

pytestmark = pytest.mark.plugins("tmopendata")


def test_pytest_imports_this_checkouts_package():
    assert os.path.dirname(os.path.abspath(ckanext.tmopendata.__file__)) == PACKAGE


def test_subprocesses_import_this_checkouts_package():
    out = subprocess.run(
        [sys.executable, "-c", "import ckanext.tmopendata as t; print(t.__file__)"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert os.path.dirname(os.path.abspath(out)) == PACKAGE
