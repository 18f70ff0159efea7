"""The ``tmopendata_procedures`` plugin: the publication and maintenance
procedure tracker (a procedure per dataset, steps from a versioned template,
owners, due dates, steps the portal completes by itself)."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import types
from ckan.common import CKANConfig
from ckan.types import Context

from ckanext.tmopendata.lib.i18n import SuiteTranslation
from ckanext.tmopendata.procedures import auto, subscriptions


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class TmOpenDataProceduresPlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.ISignal)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # ISignal: census transitions and validation results (other plugins'
    # actions), see subscriptions.py.

    def get_signal_subscriptions(self) -> types.SignalMapping:
        return subscriptions.get_subscriptions()

    # IPackageController / IResourceController: record what the portal
    # observes on the dataset itself (publication) in its procedure.

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        auto.observe_package(pkg_dict["id"])

    def after_resource_update(self, context: Context, resource: dict[str, Any]) -> None:
        if resource.get("package_id"):
            auto.observe_package(resource["package_id"])
