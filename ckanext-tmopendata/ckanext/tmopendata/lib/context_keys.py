"""Context keys one plugin of the suite sets for another (the only ones:
anything else a plugin puts on an action's context is its own business).

Import the constant, never type the string.
"""
from __future__ import annotations

#: ``True`` on the context of ``package_create`` / ``package_update`` /
#: ``resource_create`` / ``resource_update``: ``tmopendata_hvd`` does not
#: validate the resources written by this call (set by the census inventory
#: publication, which validates the file itself, and by the demo loader).
#: Resources created so are left to ``ckan tmopendata validate``.
SKIP_VALIDATION = "tmopendata_skip_validation"
