"""The ``tmopendata_hvd`` plugin: high-value dataset schemas, the schema
store, Frictionless validation of every tabular resource, reports and the
HVD publication gate."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.types import Context

from ckanext.tmopendata.hvd import hooks, search_index
from ckanext.tmopendata.lib.i18n import SuiteTranslation


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class TmOpenDataHvdPlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # IResourceController

    def before_resource_create(self, context: Context, resource: dict[str, Any]) -> None:
        hooks.resource_action_started(context, resource.get("package_id"))

    def after_resource_create(self, context: Context, resource: dict[str, Any]) -> None:
        hooks.resource_action_done(context, resource)

    def before_resource_update(self, context: Context, current: dict[str, Any], resource: dict[str, Any]) -> None:
        hooks.resource_action_started(context, current.get("package_id"))

    def after_resource_update(self, context: Context, resource: dict[str, Any]) -> None:
        hooks.resource_action_done(context, resource)

    # IPackageController

    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        hooks.dataset_created(context, pkg_dict)

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        hooks.dataset_updated(context, pkg_dict)

    def after_dataset_show(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        hooks.dataset_shown(pkg_dict)
        if not context.get("ignore_auth"):  # internal reads (index, saves) keep every URL
            hooks.hide_withheld_links([pkg_dict], context.get("user"))

    def before_dataset_view(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return hooks.dataset_view(pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return search_index.index(hooks.dataset_index(pkg_dict))

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return search_index.search_params(search_params)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        hooks.hide_withheld_links(search_results.get("results") or [], hooks.current_user_name())
        return search_index.search_results(hooks.search_results(search_results))

    # IFacets

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        return hooks.facets(facets_dict)

    def organization_facets(
        self, facets_dict: dict[str, Any], organization_type: str, package_type: str | None,
    ) -> dict[str, Any]:
        return hooks.facets(facets_dict)

    def group_facets(
        self, facets_dict: dict[str, Any], group_type: str, package_type: str | None,
    ) -> dict[str, Any]:
        return hooks.facets(facets_dict)
