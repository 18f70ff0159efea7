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


def _compose_config(tmp_path) -> dict:
    """`docker-compose config` of a copy of docker/ with .env.example as
    .env: what Compose itself resolves (needs no Docker engine)."""
    import shutil
    import subprocess

    import yaml

    exe = shutil.which("docker-compose")
    assert exe, "scripts/setup.sh installs docker-compose (Debian package)"
    work = tmp_path / "docker"
    shutil.copytree(os.path.join(ROOT, "docker"), work)
    shutil.copy(work / ".env.example", work / ".env")
    result = subprocess.run(
        [exe, "-p", "tmopendata", "-f", str(work / "docker-compose.yml"),
         "--env-file", str(work / ".env"), "config"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_docker_compose_file_resolves(tmp_path):
    config = _compose_config(tmp_path)
    services = config["services"]
    assert set(services) == {"ckan", "worker", "db", "solr", "redis"}
    assert services["solr"]["image"] == "ckan/ckan-solr:2.11-solr9"
    assert services["db"]["image"].startswith("postgres:15")
    # the web server waits for healthy services, the worker for the web
    # server (which runs the migrations)
    assert set(services["ckan"]["depends_on"]) == {"db", "solr", "redis"}
    assert set(services["worker"]["depends_on"]) == {"ckan"}
    # both CKAN services get the portal's plugins from .env.example
    portal = _ini(os.path.join(ROOT, "config", "portal.ini"))
    for name in ("ckan", "worker"):
        plugins = services[name]["environment"]["CKAN__PLUGINS"].split()
        assert [p for p in plugins if p != "envvars"] == portal["ckan.plugins"].split()


def test_docker_worker_loads_the_portal_plugins():
    """The worker does not run the image's start script, so its own command
    must write CKAN__PLUGINS into ckan.ini before starting the worker."""
    with open(os.path.join(ROOT, "docker", "docker-compose.yml"), encoding="utf-8") as f:
        import yaml

        compose = yaml.safe_load(f)
    command = compose["services"]["worker"]["command"]
    assert command == ["/srv/app/ckan-worker.sh"]
    with open(os.path.join(ROOT, "docker", "ckan-worker.sh"), encoding="utf-8") as f:
        script = f.read()
    config_line = script.index('ckan config-tool "$CKAN_INI" "ckan.plugins = $CKAN__PLUGINS"')
    assert config_line < script.index("exec ckan -c \"$CKAN_INI\" jobs worker")
    with open(os.path.join(ROOT, "docker", "Dockerfile"), encoding="utf-8") as f:
        assert "COPY docker/ckan-worker.sh /srv/app/ckan-worker.sh" in f.read()
