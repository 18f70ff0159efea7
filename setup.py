"""ckanext-tmopendata: open data programme tools for the City of Timisoara."""
import re

from setuptools import find_packages, setup

SRC = "ckanext-tmopendata"
VERSION = re.search(
    r'__version__ = "([^"]+)"',
    open(f"{SRC}/ckanext/tmopendata/__init__.py", encoding="utf-8").read(),
).group(1)

setup(
    name="ckanext-tmopendata",
    version=VERSION,
    description=(
        "CKAN plugins for Timisoara's open data programme: dataset census, "
        "high-value dataset schemas with Frictionless validation, and a "
        "publication and maintenance procedure tracker."
    ),
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    url="https://data.primariatm.ro",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    package_dir={"": SRC},
    # ckanext is a PEP 420 namespace package (as in CKAN 2.11 itself).
    packages=["ckanext." + p for p in find_packages(where=f"{SRC}/ckanext")],
    include_package_data=True,
    # schemas/ and census/ at the top of the repository are linked into the
    # package (ckanext/tmopendata/resources/) so that a pip-installed
    # extension ships them; see ckanext.tmopendata.resources.
    package_data={
        "ckanext.tmopendata": [
            "resources/schemas/**/*",
            "resources/census/**/*",
            "resources/vocab/*",
            "i18n/*/LC_MESSAGES/*",
            "*/config_declaration.yaml",
            "*/templates/**/*",
            "*/assets/**/*",
            "*/public/**/*",
            "migration/**/*",
            "*/demo/**/*",
        ],
    },
    zip_safe=False,
    install_requires=[
        "ckanext-scheming>=3.1,<4",
        "ckanext-dcat>=2.4,<3",
        "frictionless[excel]>=5.21,<6",
        "pyarrow>=17",
        "ckanapi>=4.11",
    ],
    # the DataStore loader (plugin tmopendata_datastore); its declared
    # dependencies are newer than CKAN 2.11's pins: see requirements-xloader.txt
    extras_require={"datastore": ["ckanext-xloader>=2.6,<3"]},
    entry_points={
        "ckan.plugins": [
            "tmopendata = ckanext.tmopendata.core.plugin:TmOpenDataPlugin",
            "tmopendata_hvd = ckanext.tmopendata.hvd.plugin:TmOpenDataHvdPlugin",
            "tmopendata_census = ckanext.tmopendata.census.plugin:TmOpenDataCensusPlugin",
            "tmopendata_procedures = ckanext.tmopendata.procedures.plugin:TmOpenDataProceduresPlugin",
            "tmopendata_progress = ckanext.tmopendata.progress.plugin:TmOpenDataProgressPlugin",
            "tmopendata_reuse = ckanext.tmopendata.reuse.plugin:TmOpenDataReusePlugin",
            "tmopendata_datastore = ckanext.tmopendata.datastore.plugin:TmOpenDataDatastorePlugin",
        ],
        "ckan.rdf.profiles": [
            "tmopendata_hvd = ckanext.tmopendata.hvd.dcat_profile:TmOpenDataHvdProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        SRC: [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
