"""The portal (config/portal.ini), the tests (test.ini) and production
(docker/.env.example) run the same plugins with the same options."""
from __future__ import annotations

import configparser
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Options that legitimately differ in tests (English assertions).
TEST_DIFFERENT = {"ckan.locale_default", "ckan.site_title", "ckan.site_description"}


def _ini(path: str) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keep case
    parser.read(path, encoding="utf-8")
    return dict(parser["app:main"])


def _env_to_option(name: str) -> str:
    """CKAN__SITE_TITLE -> ckan.site_title; CKANEXT__DCAT__RDF__PROFILES ->
    ckanext.dcat.rdf.profiles (the ckan-docker convention)."""
    return name.lower().replace("__", ".")


def _env(path: str) -> dict[str, str]:
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            values[_env_to_option(key.strip())] = value.strip().strip('"')
    return values


def test_test_ini_runs_the_portal_options():
    portal = _ini(os.path.join(ROOT, "config", "portal.ini"))
    tests = _ini(os.path.join(ROOT, "test.ini"))
    for option, value in portal.items():
        if option in TEST_DIFFERENT:
            continue
        assert tests.get(option) == value, option


def test_docker_env_carries_the_portal_options():
    portal = _ini(os.path.join(ROOT, "config", "portal.ini"))
    env = _env(os.path.join(ROOT, "docker", ".env.example"))
    for option, value in portal.items():
        got = env.get(option)
        if option == "ckan.plugins" and got is not None:
            # the official image may append its own "envvars" plugin
            got = " ".join(p for p in got.split() if p != "envvars")
        assert got == value, (option, got, value)
