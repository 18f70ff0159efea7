"""One gettext catalog (``ckanext-tmopendata``) for every plugin of the suite."""
from __future__ import annotations

import os

from ckan.lib.plugins import DefaultTranslation

I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")
DOMAIN = "ckanext-tmopendata"


class SuiteTranslation(DefaultTranslation):
    """ITranslation implementation shared by the suite's plugins."""

    def i18n_directory(self) -> str:
        return I18N_DIR

    def i18n_domain(self) -> str:
        return DOMAIN
