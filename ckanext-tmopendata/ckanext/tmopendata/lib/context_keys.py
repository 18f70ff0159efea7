"""Context keys one plugin of the suite sets for another (the only ones:
anything else a plugin puts on an action's context is its own business).

Import the constant, never type the string.
"""
from __future__ import annotations

#: ``True`` on the context of ``package_create`` / ``package_update`` /
#: ``resource_create`` / ``resource_update``: ``tmopendata_hvd`` does not
#: validate the resources written by this call (set by the census inventory
#: publication, which validates the file itself, by the demo loader, and
#: by ``lib.compat.set_datastore_active`` on CKAN 2.12, which changes only
#: the ``datastore_active`` flag).
#: Resources created so are left to ``ckan tmopendata validate``.
SKIP_VALIDATION = "tmopendata_skip_validation"
