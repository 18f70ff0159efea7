"""What a pip-installed extension must carry: schemas/, census/, the
compiled Romanian catalog, config declarations."""
from __future__ import annotations

import os

import pytest
from babel.messages import mofile, pofile

from ckanext.tmopendata import resources
from ckanext.tmopendata.lib.i18n import DOMAIN, I18N_DIR

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_schemas_and_census_are_reachable_from_the_package():
    assert (resources.schemas_dir() / "scheming" / "tm_dataset.yaml").is_file()
    assert resources.census_dir().is_dir()
    # The links resolve to the top-level folders of the repository.
    assert os.path.samefile(resources.schemas_dir(), os.path.join(ROOT, "schemas"))
    assert os.path.samefile(resources.census_dir(), os.path.join(ROOT, "census"))


def test_romanian_catalog_is_compiled_and_complete():
    po_path = os.path.join(I18N_DIR, "ro", "LC_MESSAGES", DOMAIN + ".po")
    mo_path = po_path[:-3] + ".mo"
    with open(po_path, "rb") as f:
        po = pofile.read_po(f)
    with open(mo_path, "rb") as f:
        mo = mofile.read_mo(f)
    untranslated = [m.id for m in po if m.id and not m.string]
    assert not untranslated, f"untranslated messages: {untranslated}"
    stale = [m.id for m in po if m.id and (m.id not in mo or mo[m.id].string != m.string)]
    assert not stale, f".mo is older than .po for: {stale} (run scripts/i18n.sh compile)"


def test_every_template_string_is_in_the_catalog():
    """Messages in the code but not in ro.po would show in English."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping

    with open(os.path.join(ROOT, "babel.cfg")) as f:
        method_map, options_map = parse_mapping(f)
    found = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(ROOT, method_map, options_map)
    }
    po_path = os.path.join(I18N_DIR, "ro", "LC_MESSAGES", DOMAIN + ".po")
    with open(po_path, "rb") as f:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in pofile.read_po(f)}
    assert "Browse datasets" in found  # the extraction itself works
    missing = sorted(found - known)
    assert not missing, f"not in ro.po (run make i18n and translate): {missing}"


@pytest.mark.usefixtures("with_plugins")
def test_config_options_are_declared():
    from ckan.config.declaration import Declaration, Key

    decl = Declaration()
    decl.load_plugin("tmopendata")
    for option in ("ckanext.tmopendata.city_name", "ckanext.tmopendata.programme_url"):
        assert Key.from_string(option) in decl, option
    assert decl[Key.from_string("ckanext.tmopendata.city_name")].default == "Timișoara"


def test_wheel_ships_schemas_census_and_catalog(tmp_path):
    """A non-editable install gets the files behind the resources/ links."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path), ROOT],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("ckanext_tmopendata-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    pkg = "ckanext/tmopendata/"
    for required in (
        pkg + "resources/schemas/scheming/tm_dataset.yaml",
        pkg + "i18n/ro/LC_MESSAGES/ckanext-tmopendata.mo",
        pkg + "core/config_declaration.yaml",
        pkg + "core/templates/home/snippets/promoted.html",
        pkg + "core/demo/demo.yaml",
        pkg + "core/demo/data/parcari.csv",
    ):
        assert required in names, required
    census_files = [n for n in names if n.startswith(pkg + "resources/census/")]
    census_on_disk = [
        f for _, _, files in os.walk(os.path.join(ROOT, "census")) for f in files
    ]
    assert len(census_files) == len(census_on_disk)


def test_sdist_installs_with_schemas_census_and_catalog(tmp_path):
    """The source distribution (what `pip install ckanext-tmopendata` builds
    from when no wheel fits) carries the files behind the links too, and an
    install from it finds them."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "setup.py", "-q", "sdist", "-d", str(tmp_path / "dist")],
        check=True, capture_output=True, cwd=ROOT,
    )
    (sdist,) = (tmp_path / "dist").glob("ckanext_tmopendata-*.tar.gz")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(sdist)],
        check=True, capture_output=True,
    )
    pkg = target / "ckanext" / "tmopendata"
    resources_dir = pkg / "resources"
    # real folders in the install, not links back into a checkout
    assert not (resources_dir / "schemas").is_symlink()
    assert (resources_dir / "schemas" / "scheming" / "tm_hvd.yaml").is_file()
    standards = [p for p in (resources_dir / "schemas" / "tables").iterdir() if p.is_dir()]
    assert len(standards) == 10
    assert (resources_dir / "census" / "procedure.yaml").is_file()
    assert (pkg / "i18n" / "ro" / "LC_MESSAGES" / "ckanext-tmopendata.mo").is_file()
    migrations = list((pkg / "migration").glob("tmopendata_*/versions/*.py"))
    assert migrations
