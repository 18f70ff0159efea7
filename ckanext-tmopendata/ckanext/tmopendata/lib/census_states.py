"""The names of the census workflow's states, as the other plugins read them.

A documented constant of the kernel, so that the plugins that show census
figures or react to census events (``tmopendata_progress``,
``tmopendata_procedures``) never import the census plugin's modules. The
census plugin owns the workflow (which transitions exist, who may make
them); these are only the state names its actions return in ``status`` and
accept in ``tmopendata_census_entry_list``'s ``status`` filter. When a
state is added to the census workflow, add it here too (the test
``tests/progress/test_census_figures.py`` fails until both agree).
"""
from __future__ import annotations

DRAFT, SUBMITTED, UNDER_REVIEW = "draft", "submitted", "under_review"
APPROVED, RESTRICTED, REJECTED, DUPLICATE = "approved", "restricted", "rejected", "duplicate"
IN_PUBLICATION, PUBLISHED = "in_publication", "published"

#: Every state of a census entry, in workflow order.
STATES = (
    DRAFT, SUBMITTED, UNDER_REVIEW, APPROVED, RESTRICTED, REJECTED,
    DUPLICATE, IN_PUBLICATION, PUBLISHED,
)

#: The states of an entry approved for publication: approved, being
#: published, published (the census plugin's public-inventory states; the
#: "identify" step of a procedure started from such an entry is done).
APPROVED_STATES = (APPROVED, IN_PUBLICATION, PUBLISHED)
