"""Template helpers of the core plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def tmopendata_city_name() -> str:
    """Name of the city, from ``ckanext.tmopendata.city_name``."""
    return tk.config.get("ckanext.tmopendata.city_name")


def tmopendata_programme_url() -> str:
    """Link to the city's open data programme page, or ``""``."""
    return tk.config.get("ckanext.tmopendata.programme_url")
