"""The ``tmopendata_census`` plugin: the dataset census (campaigns, entries,
scores, workflow, import/export, public inventory)."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from ckanext.tmopendata.lib.i18n import SuiteTranslation


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
class TmOpenDataCensusPlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
