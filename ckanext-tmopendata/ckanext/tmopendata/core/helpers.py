"""Template helpers of the core plugin."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.actions import lang


def tmopendata_city_name() -> str:
    """Name of the city, from ``ckanext.tmopendata.city_name``."""
    return tk.config.get("ckanext.tmopendata.city_name")


def tmopendata_programme_url() -> str:
    """Link to the city's open data programme page, or ``""``."""
    return tk.config.get("ckanext.tmopendata.programme_url")


#: CKAN's own logo (the default of ``ckan.site_logo``).
CKAN_DEFAULT_LOGO = "/base/images/ckan-logo.png"


def tmopendata_site_logo() -> str:
    """The portal's own logo (``ckan.site_logo``), or ``""`` when it is
    CKAN's default or unset (the suite's logo is shown instead)."""
    logo = tk.config.get("ckan.site_logo") or ""
    return "" if logo == CKAN_DEFAULT_LOGO else logo


def tmopendata_site_name() -> str:
    """The portal's name in the page's language."""
    return tk._("Open data of {city}").format(city=tmopendata_city_name())


def tmopendata_home_intro() -> str:
    """The city's introduction for the home page in the page's language
    (``ckanext.tmopendata.intro_<lang>``, Markdown), falling back to the
    other language's, or ``""`` (the suite's own text is shown)."""
    lang = tk.h.lang() or "ro"
    other = "en" if lang == "ro" else "ro"
    return (tk.config.get(f"ckanext.tmopendata.intro_{lang}")
            or tk.config.get(f"ckanext.tmopendata.intro_{other}") or "")


def tmopendata_frequency_choices(field: Any = None) -> list[dict[str, str]]:
    """The EU frequency vocabulary for the dataset forms (every dataset
    type, so the foundation plugin provides it), labelled in the page's
    language."""
    ro = lang().startswith("ro")
    return [
        {"value": vocab.FREQUENCY_PREFIX + code, "label": label_ro if ro else label_en}
        for code, label_en, label_ro in vocab.FREQUENCIES
    ]
