"""The ``tmopendata`` plugin: the suite's foundation (templates, i18n,
config declarations, status action, ``ckan tmopendata demo``)."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from ckanext.tmopendata.core import activity, api_errors, cors, dump, static_cache
from ckanext.tmopendata.lib import compat
from ckanext.tmopendata.lib import validators as shared_validators
from ckanext.tmopendata.lib.i18n import SuiteTranslation


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.helpers
@tk.blanket.validators(shared_validators.validators)
class TmOpenDataPlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "tmopendata")
        activity.show_site_user(config)

    # IMiddleware

    def make_middleware(self, app, config):
        if hasattr(app, "after_request"):  # the Flask application
            app.after_request(cors.add_headers)
            app.after_request(api_errors.wrap_bare_strings)
            api_errors.install(app)
            compat.keep_csrf_exemptions_per_request(app)
            static_cache.install(app)
        return app

    # IPackageController: a dataset leaving the public catalogue leaves the dump

    def after_dataset_update(self, context, pkg_dict):
        if pkg_dict.get("private") or pkg_dict.get("state") in ("deleted", "draft"):
            dump.invalidate()

    def after_dataset_delete(self, context, pkg_dict):
        dump.invalidate()
