"""The actions of the reuse plugin (registered by ``@tk.blanket.actions``
from ``__all__``), one module per concept:

- :mod:`.showcases`: showcases, proposed by anyone registered, public once approved;
- :mod:`.partnerships`: partnerships and the action plan's target;
- :mod:`.summary`: usage figures and the reuse summary of the progress page.
"""
from __future__ import annotations

from ckanext.tmopendata.reuse.logic.showcases import (
    tmopendata_showcase_create, tmopendata_showcase_show, tmopendata_showcase_list, tmopendata_showcase_review, tmopendata_showcase_delete,
)
from ckanext.tmopendata.reuse.logic.partnerships import (
    tmopendata_partnership_create, tmopendata_partnership_show, tmopendata_partnership_list, tmopendata_partnership_delete,
)
from ckanext.tmopendata.reuse.logic.summary import (
    tmopendata_usage_show, tmopendata_reuse_summary,
)

__all__ = [
    "tmopendata_showcase_create",
    "tmopendata_showcase_show",
    "tmopendata_showcase_list",
    "tmopendata_showcase_review",
    "tmopendata_showcase_delete",
    "tmopendata_partnership_create",
    "tmopendata_partnership_show",
    "tmopendata_partnership_list",
    "tmopendata_partnership_delete",
    "tmopendata_usage_show",
    "tmopendata_reuse_summary",
]
