"""The ``tmopendata_datastore`` plugin: every valid table of the portal in
CKAN's DataStore, loaded only after its validation succeeded, typed and
documented by its data standard (``plugin.py`` only wires)."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from ckanext.tmopendata.datastore import hooks, subscriptions
from ckanext.tmopendata.lib.i18n import SuiteTranslation

try:
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # pragma: no cover - ckanext-xloader is a requirement
    IXloader = None


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
class TmOpenDataDatastorePlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.ISignal)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    if IXloader is not None:
        p.implements(IXloader, inherit=True)

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # ISignal
    def get_signal_subscriptions(self) -> Any:
        return subscriptions.get_subscriptions()

    # IXloader: with the validation gate (tmopendata_hvd), this plugin loads
    # the tabular resources itself (validated file, typed columns); the
    # loader's own submissions are refused. Without it, xloader's behaviour.
    def can_upload(self, resource_id: str) -> bool:
        from ckanext.tmopendata.datastore.logic.action import gate_available

        return not gate_available()

    # IResourceController
    def before_resource_delete(self, context: Any, resource: Any, resources: Any) -> None:
        hooks.resource_deleting(context, resource)

    def after_resource_delete(self, context: Any, resources: Any) -> None:
        hooks.resource_deleted(context)

    def after_resource_update(self, context: Any, resource: Any) -> None:
        hooks.resource_updated(context, resource)

    # IPackageController
    def after_dataset_update(self, context: Any, pkg_dict: Any) -> None:
        hooks.dataset_updated(context, pkg_dict)

    def after_dataset_delete(self, context: Any, pkg_dict: Any) -> None:
        hooks.dataset_deleted(context, pkg_dict)
